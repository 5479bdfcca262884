/*
 * builtins.c - installing the standard library: the shared helpers every
 * builtins/<global>.c uses, and builtins_init running the modules in order.
 */
#include "builtins/builtins.h"

#include <math.h>
#include <stdio.h>

#include "objects/factory.h"
#include "objects/string.h"

/* The key for a method name: "@x" is the well-known symbol Symbol.x. */
static rd_value method_key(Runtime *rt, const char *name) {
  if (name[0] != '@') return string_internalize_cstr(rt, name);
  static const struct { const char *n; RootIndex r; } syms[] = {
      {"@iterator", ROOT_symbol_iterator},       {"@asyncIterator", ROOT_symbol_async_iterator},
      {"@hasInstance", ROOT_symbol_has_instance}, {"@toPrimitive", ROOT_symbol_to_primitive},
      {"@toStringTag", ROOT_symbol_to_string_tag}, {"@species", ROOT_symbol_species},
      {"@unscopables", ROOT_symbol_unscopables},   {"@match", ROOT_symbol_match},
      {"@matchAll", ROOT_symbol_match_all},         {"@replace", ROOT_symbol_replace},
      {"@search", ROOT_symbol_search},             {"@split", ROOT_symbol_split},
      {"@dispose", ROOT_symbol_dispose},           {"@asyncDispose", ROOT_symbol_async_dispose},
  };
  for (size_t i = 0; i < ARRAY_LEN(syms); i++)
    if (!strcmp(syms[i].n, name)) return rt->roots[syms[i].r];
  FATAL("unknown well-known symbol %s", name);
}

bool builtins_define(Runtime *rt, Handle target, const char *name, Handle value, uint32_t attrs) {
  HANDLE_SCOPE(rt);
  rd_value k = method_key(rt, name);
  if (!k) return false;
  Handle key = handle_new(rt, k);
  return object_define_own(rt, target, key, value, attrs) == PROPERTY_OK;
}

bool builtins_define_global(Runtime *rt, const char *name, Handle value) {
  return builtins_define(rt, ROOT_SLOT(rt, global_object), name, value,
                         PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE);
}

/* A native function with its own "length" then "name" properties
 * (non-writable, non-enumerable, configurable), as every built-in has. */
static rd_value native_with_length_and_name(Runtime *rt, const char *name, NativeFn fn,
                                            uint32_t length, bool constructor) {
  HANDLE_SCOPE(rt);
  rd_value f = native_function_new(rt, name, fn, length);
  if (!f) return VALUE_EMPTY;
  Handle hf = handle_new(rt, f);
  if (!constructor) {
    SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared);
    sfi->flags = value_from_int32(value_to_int32(sfi->flags) | SFI_NOT_CONSTRUCTOR);
  }
  Handle len = handle_new(rt, value_from_int32((int32_t)length));
  Handle hname = handle_new(rt, string_internalize_cstr(rt, name));
  if (!*hname || !builtins_define(rt, hf, "length", len, PROPERTY_CONFIGURABLE) ||
      !builtins_define(rt, hf, "name", hname, PROPERTY_CONFIGURABLE))
    return VALUE_EMPTY;
  return *hf;
}

rd_value builtins_function(Runtime *rt, const char *name, NativeFn fn, uint32_t length) {
  return native_with_length_and_name(rt, name, fn, length, false);
}

rd_value builtins_define_getter(Runtime *rt, Handle target, const char *key, NativeFn fn) {
  HANDLE_SCOPE(rt);
  char name[64];
  if (key[0] == '@') snprintf(name, sizeof name, "get [Symbol.%s]", key + 1);
  else snprintf(name, sizeof name, "get %s", key);
  Handle getter = handle_new(rt, builtins_function(rt, name, fn, 0));
  if (!*getter) return VALUE_EMPTY;
  rd_value k = method_key(rt, key);
  if (!k) return VALUE_EMPTY;
  Handle hk = handle_new(rt, k);
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  if (object_define_accessor(rt, target, hk, getter, undef, PROPERTY_CONFIGURABLE) != PROPERTY_OK) return VALUE_EMPTY;
  return *getter;
}

bool builtins_install(Runtime *rt, Handle target, const BuiltinMethod *methods, size_t n) {
  for (size_t i = 0; i < n; i++) {
    HANDLE_SCOPE(rt);
    const char *fname = methods[i].name;
    char buf[64];
    if (fname[0] == '@') {   /* the function's name is "[Symbol.x]" */
      snprintf(buf, sizeof buf, "[Symbol.%s]", fname + 1);
      fname = buf;
    }
    rd_value f = builtins_function(rt, fname, methods[i].fn, methods[i].length);
    if (!f) return false;
    Handle hf = handle_new(rt, f);
    if (!builtins_define(rt, target, methods[i].name, hf, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
      return false;
  }
  return true;
}

rd_value builtins_constructor(Runtime *rt, const char *name, NativeFn fn, uint32_t length,
                              Handle proto) {
  HANDLE_SCOPE(rt);
  rd_value f = native_with_length_and_name(rt, name, fn, length, true);
  if (!f) return VALUE_EMPTY;
  Handle hf = handle_new(rt, f);
  if (!builtins_define(rt, hf, "prototype", proto, 0)) return VALUE_EMPTY;
  if (!builtins_define(rt, proto, "constructor", hf, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
    return VALUE_EMPTY;
  return *hf;
}

rd_value builtins_object_with_proto(Runtime *rt, Handle proto) {
  HANDLE_SCOPE(rt);
  rd_value o = object_new(rt);
  if (!o || !proto) return o;
  Handle ho = handle_new(rt, o);
  if (object_set_prototype(rt, ho, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return *ho;
}

rd_value builtins_this_object(Runtime *rt, NativeArgs *a, const char *method) {
  if (value_is_js_object(*a->receiver)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "%s called on a non-object", method);
}

int64_t builtins_length_of(Runtime *rt, Handle obj) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, ROOT(rt, length_string));
  rd_value len = js_get(rt, obj, key);
  if (!len) return -1;
  Handle hl = handle_new(rt, len);
  rd_value n = js_to_number(rt, hl);
  if (!n) return -1;
  double d = value_to_number(n);
  if (!(d > 0)) return 0;   /* NaN and negatives */
  if (d > 9007199254740991.0) return 9007199254740991LL;
  return (int64_t)trunc(d);
}

bool builtins_init(Runtime *rt) {
#define X(name) \
  if (!builtins_init_##name(rt)) return false;
  BUILTIN_MODULE_LIST(X)
#undef X
  return true;
}
