/*
 * library.h - helpers shared by the standard-library modules (iterator,
 * array, string, number, boolean, math, json): a growable UTF-16 buffer for
 * building strings, property access on array-likes by numeric index,
 * argument conversions, GetPrototypeFromConstructor, IsConstructor,
 * CreateListFromArrayLike, the property-descriptor operations of object.c,
 * and the iterator operations of iterator.c.
 *
 * Invariant: like every runtime function, each helper taking a Runtime* may
 * run JavaScript and allocate (operands come in Handles) and reports failure
 * as VALUE_EMPTY / false / -1 with the exception pending; StrBuf never
 * touches the JS heap until strbuf_finish.
 */
#ifndef RONDO_BUILTINS_LIBRARY_H
#define RONDO_BUILTINS_LIBRARY_H

#include "builtins/builtins.h"

/* --- StrBuf: a malloc'd UTF-16 buffer ------------------------------------------------- */
typedef struct StrBuf {
  uint16_t *chars;
  uint32_t len, cap;
  bool failed;     /* malloc failed or the string grew past STRING_MAX_LENGTH */
  bool too_long;
} StrBuf;
void strbuf_init(StrBuf *b);
void strbuf_free(StrBuf *b);
void strbuf_push(StrBuf *b, uint16_t c);
void strbuf_append_units(StrBuf *b, const uint16_t *u, uint32_t n);
void strbuf_append_latin1(StrBuf *b, const uint8_t *c, uint32_t n);
void strbuf_append_ascii(StrBuf *b, const char *s);
/* Appends the characters of a string of any shape (no allocation on the JS heap). */
void strbuf_append_string(StrBuf *b, rd_value s);
/* The buffer as a string (the buffer is freed either way); a RangeError if it
 * grew too long, out of memory if malloc failed. */
rd_value strbuf_finish(Runtime *rt, StrBuf *b) RD_MUST_CHECK;

/* --- properties --------------------------------------------------------------------- */
/* Get(o, ToString(i)) for an integer index 0 <= i < 2^53, with a fast path for
 * own fast elements and String wrappers' characters. */
rd_value lib_get_index(Runtime *rt, Handle o, double i) RD_MUST_CHECK;
/* HasProperty(o, ToString(i)) as VALUE_TRUE/FALSE (String wrappers' characters included). */
rd_value lib_has_index(Runtime *rt, Handle o, double i) RD_MUST_CHECK;
/* Set(o, ToString(i), v, true). */
bool lib_set_index(Runtime *rt, Handle o, double i, Handle v) RD_MUST_CHECK;
/* CreateDataPropertyOrThrow(o, ToString(i), v). */
bool lib_create_index(Runtime *rt, Handle o, double i, Handle v) RD_MUST_CHECK;
/* DeletePropertyOrThrow(o, ToString(i)). */
bool lib_delete_index(Runtime *rt, Handle o, double i) RD_MUST_CHECK;
/* Get(o, name) for an ASCII name (o any value but nullish). */
rd_value lib_get_named(Runtime *rt, Handle o, const char *name) RD_MUST_CHECK;
/* Set(o, "length", len, true). */
bool lib_set_length(Runtime *rt, Handle o, double len) RD_MUST_CHECK;
/* GetMethod(v, key): undefined for undefined/null, a TypeError if not callable. */
rd_value lib_get_method(Runtime *rt, Handle v, Handle key) RD_MUST_CHECK;

/* --- conversions -------------------------------------------------------------------- */
/* ToIntegerOrInfinity(v) into *out. */
bool lib_to_integer(Runtime *rt, Handle v, double *out) RD_MUST_CHECK;
/* ToIntegerOrInfinity of argument i (undefined when absent). */
bool lib_arg_integer(Runtime *rt, NativeArgs *a, uint32_t i, double *out) RD_MUST_CHECK;
/* The relative index of ToIntegerOrInfinity(arg i) clamped into [0, len]
 * (negative counts from len; undefined gives dflt). */
bool lib_arg_relative(Runtime *rt, NativeArgs *a, uint32_t i, double len, double dflt,
                      double *out) RD_MUST_CHECK;
/* ToString(argument i) (undefined when absent). */
rd_value lib_arg_string(Runtime *rt, NativeArgs *a, uint32_t i) RD_MUST_CHECK;
/* A malloc'd copy of the UTF-16 units of string s (never NULL for length 0:
 * a 1-unit buffer); NULL with out-of-memory pending. Never allocates on the heap. */
uint16_t *lib_string_units(Runtime *rt, rd_value s) RD_MUST_CHECK;
/* A string internalized from ASCII, for use as a key. */
rd_value lib_key(Runtime *rt, const char *name) RD_MUST_CHECK;

/* --- functions ---------------------------------------------------------------------- */
/* IsConstructor(v), as far as the function model can tell (arrows, methods,
 * generators and async functions are not constructors). */
bool lib_is_constructor(rd_value v);
/* GetPrototypeFromConstructor(new_target, default): new_target.prototype if an
 * object, else the default (also when new_target is undefined). */
rd_value lib_proto_from_ctor(Runtime *rt, NativeArgs *a, rd_value dflt) RD_MUST_CHECK;
/* The native data of the running native function (NativeFunctionInfo.data). */
rd_value lib_native_data(NativeArgs *a);
/* Sets the native data of native function fn. */
void lib_set_native_data(rd_value fn, rd_value data);
/* A prototype object that is a primitive wrapper of value (String.prototype,
 * Number.prototype, Boolean.prototype), inheriting from Object.prototype. */
rd_value lib_wrapper_prototype(Runtime *rt, rd_value value) RD_MUST_CHECK;
/* new Ctor(prim): a wrapper of prim whose prototype comes from new.target
 * (dflt_proto when it is the constructor itself). */
rd_value lib_wrap(Runtime *rt, NativeArgs *a, Handle prim, rd_value dflt_proto) RD_MUST_CHECK;
/* Call(fn, this, argc, argv); a TypeError if fn is not callable. */
rd_value lib_call(Runtime *rt, Handle fn, Handle receiver, uint32_t argc, const rd_value *argv)
    RD_MUST_CHECK;
/* CreateListFromArrayLike(obj) as a fresh FixedArray (nullish: the empty
 * list, as Function.prototype.apply wants; other primitives: a TypeError). */
rd_value lib_list_from_array_like(Runtime *rt, Handle obj) RD_MUST_CHECK;

/* --- property descriptors (object.c) ------------------------------------------------ */
/* ToPropertyDescriptor(desc) then obj.[[DefineOwnProperty]](key, desc) (key
 * a property key): 1 defined, 0 refused, -1 exception. */
int lib_define_from_descriptor(Runtime *rt, Handle obj, Handle key, Handle desc) RD_MUST_CHECK;
struct PropDesc;   /* objects/proxy.h */
/* ToPropertyDescriptor(obj) into *d and the value/get/set handles. */
bool lib_to_descriptor(Runtime *rt, Handle obj, struct PropDesc *d, Handle value, Handle get,
                       Handle set) RD_MUST_CHECK;
/* obj.[[DefineOwnProperty]](key, d) for a partial descriptor (completed from
 * the current property for ordinary objects; handed as is to a Proxy):
 * 1 defined, 0 refused, -1 exception. */
int lib_define_desc(Runtime *rt, Handle obj, Handle key, const struct PropDesc *d, Handle value,
                    Handle get, Handle set) RD_MUST_CHECK;
/* FromPropertyDescriptor(obj.[[GetOwnProperty]](key)): undefined if absent. */
rd_value lib_from_descriptor(Runtime *rt, Handle obj, Handle key) RD_MUST_CHECK;
/* A JS array of object obj's own keys ([[OwnPropertyKeys]] order, indices as
 * strings), with the strings and/or the symbols among them. */
rd_value lib_own_keys_array(Runtime *rt, Handle obj, bool strings, bool symbols) RD_MUST_CHECK;

/* --- iterators (iterator.c) --------------------------------------------------------- */
typedef enum { ARRAY_ITER_KEYS, ARRAY_ITER_VALUES, ARRAY_ITER_ENTRIES } ArrayIterKind;
/* CreateArrayIterator(obj, kind): a new %ArrayIteratorPrototype% object. */
rd_value lib_array_iterator_new(Runtime *rt, Handle obj, ArrayIterKind kind) RD_MUST_CHECK;
/* CreateIterResultObject(value, done). */
rd_value lib_iter_result(Runtime *rt, Handle value, bool done) RD_MUST_CHECK;
/* GetIterator(obj, sync) with method already fetched: the iterator record as
 * (iterator, next) in the two handles. */
bool lib_get_iterator(Runtime *rt, Handle obj, Handle method, Handle iter, Handle next) RD_MUST_CHECK;
/* IteratorStepValue: *done set at the end, else the next value. */
rd_value lib_iterator_step(Runtime *rt, Handle iter, Handle next, bool *done) RD_MUST_CHECK;
/* IteratorClose for an abrupt completion: calls iter.return (if any) keeping
 * the pending exception (the one being propagated) untouched. */
void lib_iterator_close_on_error(Runtime *rt, Handle iter);
/* SpeciesConstructor(o, dflt): o.constructor[@@species], dflt when either is absent. */
rd_value lib_species_constructor(Runtime *rt, Handle o, Handle dflt) RD_MUST_CHECK;
/* AddEntriesFromIterable(coll, iterable, adder) for the Map/Set/WeakMap/WeakSet
 * constructors: pairs reads [key, value] entries (maps), else each value is
 * the key. adder_name ("set" / "add") is fetched from coll and called per
 * entry, unless direct is given and the fetched adder is builtin (the
 * intrinsic adder), whose only effect direct then has, without a call.
 * coll, or VALUE_EMPTY with the iterator closed and the exception pending. */
typedef bool (*LibDirectAdd)(Runtime *rt, Handle coll, Handle key, Handle value);
rd_value lib_add_entries_from_iterable(Runtime *rt, Handle coll, Handle iterable, const char *ctor_name, bool pairs,
                                       rd_value builtin, LibDirectAdd direct) RD_MUST_CHECK;
/* AddEntriesFromIterable(coll, iterable, adder) with [key, value] entries
 * whose adder is the native direct (Object.fromEntries): no adder is fetched. */
rd_value lib_add_entries_direct(Runtime *rt, Handle coll, Handle iterable, LibDirectAdd direct) RD_MUST_CHECK;
/* GroupBy(items, callback, coercion) (Object.groupBy, Map.groupBy): for each
 * value of iterable items, key = callback(value, k) (ToPropertyKey'd when
 * property_keys) and add(groups, key, value) appends value to key's group in
 * groups (the result, unobservable until returned). Checks items and
 * callback first (TypeErrors). groups, or VALUE_EMPTY with the iterator
 * closed (once open) and the exception pending. name prefixes the messages. */
rd_value lib_group_by(Runtime *rt, Handle items, Handle fn, bool property_keys, Handle groups, LibDirectAdd add,
                      const char *name) RD_MUST_CHECK;
/* IteratorClose for a normal (or return) completion: calls iter.return (if
 * any); its errors, and a result that is not an object, throw. */
bool lib_iterator_close(Runtime *rt, Handle iter) RD_MUST_CHECK;

/* The lengths of new ArrayBuffer(length, options) / new SharedArrayBuffer:
 * ToIndex(length), GetArrayBufferMaxByteLengthOption (*resizable when
 * options.maxByteLength is not undefined), and the RangeError of a length
 * above the maximum. */
bool lib_array_buffer_lengths(Runtime *rt, NativeArgs *a, uint64_t *byte_length, uint64_t *max,
                              bool *resizable) RD_MUST_CHECK;

#endif
