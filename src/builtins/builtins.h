/*
 * builtins.h - the standard library: one file per global (DESIGN 9), all
 * installed into the realm by builtins_init. Each file exports one
 * `bool builtins_init_<name>(Runtime *rt)` called in the order of
 * BUILTIN_MODULE_LIST (later modules may use earlier ones' intrinsics).
 *
 * Invariant: after builtins_init, every intrinsic root (function_prototype,
 * error_prototypes, string_prototype, ...) is set and every global binding
 * of ECMA-262 that a module provides is a property of the global object with
 * the spec's attributes (writable, configurable, not enumerable).
 */
#ifndef RONDO_BUILTINS_BUILTINS_H
#define RONDO_BUILTINS_BUILTINS_H

#include "interp/interpreter.h"
#include "objects/object.h"
#include "runtime/ops.h"

/* The modules, in installation order. */
#define BUILTIN_MODULE_LIST(X) \
  X(function)                  \
  X(object)                    \
  X(symbol)                    \
  X(error)                     \
  X(iterator)                  \
  X(array)                     \
  X(string)                    \
  X(regexp)                    \
  X(number)                    \
  X(boolean)                   \
  X(bigint)                    \
  X(date)                      \
  X(math)                      \
  X(json)                      \
  X(promise)                   \
  X(array_from_async)          \
  X(array_buffer)              \
  X(shared_array_buffer)       \
  X(data_view)                 \
  X(typed_array)               \
  X(atomics)                   \
  X(uint8_base64)              \
  X(collections)               \
  X(weak_collections)          \
  X(weak_ref)                  \
  X(generator)                 \
  X(disposable_stack)          \
  X(reflect)                   \
  X(proxy)                     \
  X(iterator_helpers)          \
  X(uri)                       \
  X(global)

#define X(name) bool builtins_init_##name(Runtime *rt) RD_MUST_CHECK;
BUILTIN_MODULE_LIST(X)
#undef X

bool builtins_init(Runtime *rt) RD_MUST_CHECK;

/* A native method of a table: name, C function, "length". A name starting
 * with '@' is a well-known symbol key: "@iterator" is Symbol.iterator. */
typedef struct BuiltinMethod {
  const char *name;
  NativeFn fn;
  uint8_t length;
} BuiltinMethod;

/* A native function that is not a constructor (methods, getters, setters:
 * [[Construct]] throws a TypeError). */
rd_value builtins_function(Runtime *rt, const char *name, NativeFn fn, uint32_t length) RD_MUST_CHECK;
/* Installs each method as a writable, configurable, non-enumerable property of target. */
/* Defines the accessor key (a name, or "@x" for Symbol.x) on target with a
 * native getter fn named "get key" ("get [Symbol.x]"), configurable, not
 * enumerable, no setter. Returns the getter (VALUE_EMPTY on failure). */
rd_value builtins_define_getter(Runtime *rt, Handle target, const char *key, NativeFn fn) RD_MUST_CHECK;
bool builtins_install(Runtime *rt, Handle target, const BuiltinMethod *methods, size_t n) RD_MUST_CHECK;
/* Defines target[name] = value with attributes attrs. */
bool builtins_define(Runtime *rt, Handle target, const char *name, Handle value, uint32_t attrs) RD_MUST_CHECK;
/* Defines a global binding name = value (writable, configurable, not enumerable). */
bool builtins_define_global(Runtime *rt, const char *name, Handle value) RD_MUST_CHECK;
/* A constructor function `name` whose "prototype" is proto (and proto.constructor = it). */
rd_value builtins_constructor(Runtime *rt, const char *name, NativeFn fn, uint32_t length,
                              Handle proto) RD_MUST_CHECK;
/* A new ordinary object with the given prototype (NULL: Object.prototype). */
rd_value builtins_object_with_proto(Runtime *rt, Handle proto) RD_MUST_CHECK;

/* The value of this for a method that needs an object (TypeError otherwise). */
rd_value builtins_this_object(Runtime *rt, NativeArgs *a, const char *method) RD_MUST_CHECK;
/* A new Error of kind with message (a string value or undefined). */
rd_value builtins_make_error(Runtime *rt, ErrorKind kind, Handle message) RD_MUST_CHECK;
/* A new SuppressedError with "error" and "suppressed" (DisposeResources). */
rd_value builtins_make_suppressed_error(Runtime *rt, Handle error, Handle suppressed) RD_MUST_CHECK;
/* An AggregateError with message (a string) and errors (a JS array), as
 * Promise.any rejects with. */
rd_value builtins_make_aggregate_error(Runtime *rt, Handle errors, Handle message) RD_MUST_CHECK;
/* Length of an array-like (ToLength(obj.length)); -1 with an exception on failure. */
int64_t builtins_length_of(Runtime *rt, Handle obj);

#endif
