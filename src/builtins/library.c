/*
 * library.c - the helpers of library.h shared by the standard-library
 * modules: StrBuf, indexed property access on array-likes, argument
 * conversions, constructor helpers.
 *
 * Invariant: the index fast paths give exactly the result of the generic
 * js_get / js_has_property path (they only read own data elements of fast
 * kinds and the characters of String wrappers, which the generic path would
 * find first).
 */
#include "builtins/library.h"

#include "objects/array_buffer.h"

#include <math.h>
#include <stdlib.h>

#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

/* --- StrBuf --------------------------------------------------------------------------- */
void strbuf_init(StrBuf *b) { memset(b, 0, sizeof *b); }

void strbuf_free(StrBuf *b) {
  free(b->chars);
  b->chars = NULL;
  b->len = b->cap = 0;
}

/* Makes room for n more units; false (and failed set) if it cannot. */
static bool strbuf_grow(StrBuf *b, uint32_t n) {
  if (b->failed) return false;
  if ((uint64_t)b->len + n > STRING_MAX_LENGTH) {
    b->failed = b->too_long = true;
    return false;
  }
  if (b->len + n <= b->cap) return true;
  uint64_t cap = b->cap ? b->cap : 32;
  while (cap < (uint64_t)b->len + n) cap *= 2;
  if (cap > STRING_MAX_LENGTH) cap = STRING_MAX_LENGTH;
  uint16_t *c = realloc(b->chars, (size_t)cap * 2);
  if (!c) {
    b->failed = true;
    return false;
  }
  b->chars = c;
  b->cap = (uint32_t)cap;
  return true;
}

void strbuf_push(StrBuf *b, uint16_t c) {
  if (b->len < b->cap || strbuf_grow(b, 1)) b->chars[b->len++] = c;
}

void strbuf_append_units(StrBuf *b, const uint16_t *u, uint32_t n) {
  if (!n || !strbuf_grow(b, n)) return;
  memcpy(b->chars + b->len, u, (size_t)n * 2);
  b->len += n;
}

void strbuf_append_latin1(StrBuf *b, const uint8_t *c, uint32_t n) {
  if (!n || !strbuf_grow(b, n)) return;
  uint16_t *d = b->chars + b->len;
  for (uint32_t i = 0; i < n; i++) d[i] = c[i];
  b->len += n;
}

void strbuf_append_ascii(StrBuf *b, const char *s) {
  size_t n = strlen(s);
  if (!strbuf_grow(b, (uint32_t)n)) return;
  for (size_t i = 0; i < n; i++) b->chars[b->len++] = (uint8_t)s[i];
}

void strbuf_append_string(StrBuf *b, rd_value s) {
  uint32_t n = string_length(s);
  if (!n || !strbuf_grow(b, n)) return;
  string_write_chars(s, 0, n, b->chars + b->len);
  b->len += n;
}

rd_value strbuf_finish(Runtime *rt, StrBuf *b) {
  rd_value r;
  if (b->too_long) r = js_throw(rt, ERROR_RangeError, "Invalid string length");
  else if (b->failed) r = runtime_throw_oom(rt);
  else r = string_from_two_byte(rt, b->chars, b->len);
  strbuf_free(b);
  return r;
}

/* --- properties --------------------------------------------------------------------------- */
/* The number key for index i (an array index or a larger integer). */
static rd_value index_key(double i) { return value_from_number(i); }

rd_value lib_get_index(Runtime *rt, Handle o, double i) {
  if (value_is_js_object(*o) && i < (double)ARRAY_INDEX_MAX) {
    PropertyDetails d;
    rd_value v = element_get_own(*o, (uint32_t)i, &d);
    if (v && details_kind(d) == PROPERTY_KIND_DATA) return v;
    rd_value s = js_wrapped_value(*o);
    if (s && value_is_string(s) && i < string_length(s)) {
      HANDLE_SCOPE(rt);
      Handle hs = handle_new(rt, s);
      return string_substring(rt, hs, (uint32_t)i, (uint32_t)i + 1);
    }
  }
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, index_key(i));
  return js_get(rt, o, key);
}

rd_value lib_has_index(Runtime *rt, Handle o, double i) {
  if (value_is_js_object(*o) && i < (double)ARRAY_INDEX_MAX) {
    if (element_get_own(*o, (uint32_t)i, NULL)) return VALUE_TRUE;
    rd_value s = js_wrapped_value(*o);
    if (s && value_is_string(s) && i < string_length(s)) return VALUE_TRUE;
  }
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, index_key(i));
  return js_has_property(rt, o, key);
}

bool lib_set_index(Runtime *rt, Handle o, double i, Handle v) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, index_key(i));
  return js_set(rt, o, key, v, true);
}

bool lib_create_index(Runtime *rt, Handle o, double i, Handle v) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, index_key(i));
  PropertyStatus st = object_define_own(rt, o, key, v, PROPERTY_ATTRS_DEFAULT);
  if (st == PROPERTY_EXCEPTION) return false;
  if (st == PROPERTY_REJECTED) {
    js_throw(rt, ERROR_TypeError, "Cannot define property %.0f", i);
    return false;
  }
  return true;
}

bool lib_delete_index(Runtime *rt, Handle o, double i) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, index_key(i));
  PropertyStatus st = object_delete(rt, o, key);
  if (st == PROPERTY_EXCEPTION) return false;
  if (st == PROPERTY_REJECTED) {
    js_throw(rt, ERROR_TypeError, "Cannot delete property '%.0f'", i);
    return false;
  }
  return true;
}

rd_value lib_key(Runtime *rt, const char *name) { return string_internalize_cstr(rt, name); }

rd_value lib_get_named(Runtime *rt, Handle o, const char *name) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, lib_key(rt, name));
  if (!*key) return VALUE_EMPTY;
  return js_get(rt, o, key);
}

bool lib_set_length(Runtime *rt, Handle o, double len) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, ROOT(rt, length_string));
  Handle v = handle_new(rt, value_from_number(len));
  return js_set(rt, o, key, v, true);
}

rd_value lib_get_method(Runtime *rt, Handle v, Handle key) {
  rd_value f = js_get(rt, v, key);
  if (!f || value_is_nullish(f)) return f ? VALUE_UNDEFINED : VALUE_EMPTY;
  if (!value_is_callable(f)) return js_throw(rt, ERROR_TypeError, "method is not a function");
  return f;
}

/* --- conversions ----------------------------------------------------------------------------- */
bool lib_to_integer(Runtime *rt, Handle v, double *out) {
  if (value_is_int32(*v)) {
    *out = value_to_int32(*v);
    return true;
  }
  rd_value n = js_to_number(rt, v);
  if (!n) return false;
  double d = value_to_number(n);
  *out = d != d ? 0 : isinf(d) ? d : trunc(d) + 0.0;   /* + 0.0 turns -0 into +0 */
  return true;
}

bool lib_arg_integer(Runtime *rt, NativeArgs *a, uint32_t i, double *out) {
  if (i >= a->argc) {
    *out = 0;
    return true;
  }
  return lib_to_integer(rt, &a->argv[i], out);
}

bool lib_arg_relative(Runtime *rt, NativeArgs *a, uint32_t i, double len, double dflt, double *out) {
  if (native_arg(a, i) == VALUE_UNDEFINED) {
    *out = dflt;
    return true;
  }
  double r;
  if (!lib_to_integer(rt, &a->argv[i], &r)) return false;
  *out = r < 0 ? MAX(len + r, 0) : MIN(r, len);
  return true;
}

rd_value lib_arg_string(Runtime *rt, NativeArgs *a, uint32_t i) {
  if (i >= a->argc) return string_internalize_cstr(rt, "undefined");
  return js_to_string(rt, &a->argv[i]);
}

uint16_t *lib_string_units(Runtime *rt, rd_value s) {
  uint32_t n = string_length(s);
  uint16_t *u = malloc(((size_t)n + 1) * 2);
  if (!u) {
    runtime_throw_oom(rt);
    return NULL;
  }
  string_write_chars(s, 0, n, u);
  return u;
}

/* --- functions ------------------------------------------------------------------------------- */
#define SHARED_OF(f) ((SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared))

bool lib_is_constructor(rd_value v) {
  if (!value_is_callable(v)) return false;
  if (!value_has_type(v, TYPE_JS_FUNCTION) && !value_has_type(v, TYPE_JS_PROXY)) return true;
  SharedFunctionInfo *sfi = SHARED_OF(v);
  int32_t flags = value_is_int32(sfi->flags) ? value_to_int32(sfi->flags) : 0;
  if (sfi->bytecode == VALUE_UNDEFINED) return !(flags & SFI_NOT_CONSTRUCTOR);
  return !(flags & (SFI_ARROW | SFI_METHOD | SFI_GENERATOR | SFI_ASYNC | SFI_NOT_CONSTRUCTOR)) ||
         (flags & SFI_CLASS_CONSTRUCTOR);
}

rd_value lib_proto_from_ctor(Runtime *rt, NativeArgs *a, rd_value dflt) {
  if (*a->new_target == VALUE_UNDEFINED || *a->new_target == *a->function) return dflt;
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, dflt);
  Handle key = handle_new(rt, ROOT(rt, prototype_string));
  rd_value p = js_get(rt, a->new_target, key);
  if (!p) return VALUE_EMPTY;
  return value_is_js_object(p) ? p : *d;
}

rd_value lib_native_data(NativeArgs *a) {
  return ((NativeFunctionInfo *)value_to_ptr(SHARED_OF(*a->function)->native))->data;
}

void lib_set_native_data(rd_value fn, rd_value data) {
  NativeFunctionInfo *info = (NativeFunctionInfo *)value_to_ptr(SHARED_OF(fn)->native);
  HEAP_STORE(info, info->data, data);
}

rd_value lib_list_from_array_like(Runtime *rt, Handle obj) {
  if (value_is_nullish(*obj)) return ROOT(rt, empty_fixed_array);
  if (!value_is_js_object(*obj)) return js_throw(rt, ERROR_TypeError, "CreateListFromArrayLike called on a non-object");
  int64_t n = builtins_length_of(rt, obj);
  if (n < 0) return VALUE_EMPTY;
  if (n > 65535) return js_throw(rt, ERROR_RangeError, "Too many arguments in function call");
  HANDLE_SCOPE(rt);
  rd_value list = factory_fixed_array(rt, (uint32_t)n, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!list) return VALUE_EMPTY;
  Handle hl = handle_new(rt, list);
  for (int64_t i = 0; i < n; i++) {
    HANDLE_SCOPE(rt);
    Handle key = handle_new(rt, value_from_number((double)i));
    rd_value v = js_get(rt, obj, key);
    if (!v) return VALUE_EMPTY;
    HEAP_STORE(value_to_ptr(*hl), FIXED_ARRAY(*hl)->data[i], v);
  }
  return *hl;
}

rd_value lib_call(Runtime *rt, Handle fn, Handle receiver, uint32_t argc, const rd_value *argv) {
  if (!value_is_callable(*fn)) return js_throw(rt, ERROR_TypeError, "callback is not a function");
  return interp_call(rt, fn, receiver, argc, argv);
}

rd_value lib_wrapper_prototype(Runtime *rt, rd_value value) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, value);
  Handle map = handle_new(rt, factory_map(rt, TYPE_JS_PRIMITIVE_WRAPPER, 8 * (JS_PRIMITIVE_WRAPPER_HEADER_WORDS + 4), 4,
                                          ROOT_SLOT(rt, object_prototype)));
  if (!*map) return VALUE_EMPTY;
  MAP(*map)->bit_field |= MAP_IS_PROTOTYPE;
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(o), ((JSPrimitiveWrapper *)value_to_ptr(o))->value, *v);
  return o;
}

rd_value lib_wrap(Runtime *rt, NativeArgs *a, Handle prim, rd_value dflt_proto) {
  HANDLE_SCOPE(rt);
  Handle dflt = handle_new(rt, dflt_proto);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, dflt_proto));
  if (!*proto) return VALUE_EMPTY;
  Handle o = handle_new(rt, js_to_object(rt, prim));
  if (!*o) return VALUE_EMPTY;
  if (*proto != *dflt && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return *o;
}

/* --- SpeciesConstructor ---------------------------------------------------------------------- */
rd_value lib_species_constructor(Runtime *rt, Handle o, Handle dflt) {
  HANDLE_SCOPE(rt);
  rd_value c = lib_get_named(rt, o, "constructor");
  if (!c) return VALUE_EMPTY;
  if (c == VALUE_UNDEFINED) return *dflt;
  if (!value_is_js_object(c)) return js_throw(rt, ERROR_TypeError, "object.constructor is not an object");
  Handle hc = handle_new(rt, c);
  Handle key = handle_new(rt, ROOT(rt, symbol_species));
  rd_value s = js_get(rt, hc, key);
  if (!s) return VALUE_EMPTY;
  if (value_is_nullish(s)) return *dflt;
  if (!lib_is_constructor(s))
    return js_throw(rt, ERROR_TypeError, "object.constructor[Symbol.species] is not a constructor");
  return s;
}

/* --- AddEntriesFromIterable ------------------------------------------------------------------ */
/* The loop of AddEntriesFromIterable: adder (a callable, called with coll as
 * this) or, when adder is NULL, direct, per entry. */
static rd_value add_entries(Runtime *rt, Handle coll, Handle iterable, bool pairs, Handle adder, LibDirectAdd direct) {
  HANDLE_SCOPE(rt);
  Handle rec = handle_new(rt, iterator_get(rt, iterable));
  if (!*rec) return VALUE_EMPTY;
  Handle item = handle_new(rt, VALUE_UNDEFINED), k = handle_new(rt, VALUE_UNDEFINED),
         v = handle_new(rt, VALUE_UNDEFINED);
  for (;;) {
    bool done;
    *item = iterator_step(rt, rec, &done);
    if (!*item) return VALUE_EMPTY;
    if (done) return *coll;
    if (pairs) {
      if (!value_is_js_object(*item)) {
        js_throw(rt, ERROR_TypeError, "Iterator value is not an entry object");
        break;
      }
      *k = value_from_int32(0);
      if (!(*k = js_get(rt, item, k))) break;
      *v = value_from_int32(1);
      if (!(*v = js_get(rt, item, v))) break;
    } else {
      *k = *v = *item;
    }
    if (!adder) {
      if (!direct(rt, coll, k, v)) break;
    } else {
      rd_value args[2] = {*k, *v};
      if (!lib_call(rt, adder, coll, pairs ? 2 : 1, args)) break;
    }
  }
  iterator_close_on_throw(rt, rec);
  return VALUE_EMPTY;
}

rd_value lib_add_entries_from_iterable(Runtime *rt, Handle coll, Handle iterable, const char *ctor_name, bool pairs,
                                       rd_value builtin, LibDirectAdd direct) {
  HANDLE_SCOPE(rt);
  const char *adder_name = pairs ? "set" : "add";
  Handle builtin_adder = handle_new(rt, builtin);
  Handle adder = handle_new(rt, lib_get_named(rt, coll, adder_name));
  if (!*adder) return VALUE_EMPTY;
  if (!value_is_callable(*adder))
    return js_throw(rt, ERROR_TypeError, "%s constructor: '%s' is not a function", ctor_name, adder_name);
  bool fast = direct && *adder == *builtin_adder;
  return add_entries(rt, coll, iterable, pairs, fast ? NULL : adder, direct);
}

rd_value lib_add_entries_direct(Runtime *rt, Handle coll, Handle iterable, LibDirectAdd direct) {
  return add_entries(rt, coll, iterable, true, NULL, direct);
}

/* --- GroupBy --------------------------------------------------------------------------------- */
rd_value lib_group_by(Runtime *rt, Handle items, Handle fn, bool property_keys, Handle groups, LibDirectAdd add,
                      const char *name) {
  HANDLE_SCOPE(rt);
  if (value_is_nullish(*items)) return js_throw(rt, ERROR_TypeError, "%s called on null or undefined", name);
  if (!value_is_callable(*fn)) return js_throw(rt, ERROR_TypeError, "%s: the callback is not a function", name);
  Handle rec = handle_new(rt, iterator_get(rt, items));
  if (!*rec) return VALUE_EMPTY;
  Handle value = handle_new(rt, VALUE_UNDEFINED), key = handle_new(rt, VALUE_UNDEFINED),
         undef = handle_new(rt, VALUE_UNDEFINED);
  for (double k = 0;; k++) {
    if (k >= 9007199254740991.0) {
      js_throw(rt, ERROR_TypeError, "%s: too many elements", name);
      break;
    }
    bool done;
    *value = iterator_step(rt, rec, &done);
    if (!*value) return VALUE_EMPTY;
    if (done) return *groups;
    rd_value args[2] = {*value, value_from_number(k)};
    if (!(*key = lib_call(rt, fn, undef, 2, args))) break;
    if (property_keys && !(*key = js_to_property_key(rt, key))) break;
    if (!add(rt, groups, key, value)) break;
  }
  iterator_close_on_throw(rt, rec);
  return VALUE_EMPTY;
}

/* --- ArrayBuffer and SharedArrayBuffer constructors --------------------------------------- */
bool lib_array_buffer_lengths(Runtime *rt, NativeArgs *a, uint64_t *byte_length, uint64_t *max, bool *resizable) {
  HANDLE_SCOPE(rt);
  Handle length = handle_new(rt, native_arg(a, 0));
  *max = 0;
  *resizable = false;
  if (!array_buffer_to_index(rt, length, "array buffer length", byte_length)) return false;
  if (value_is_js_object(native_arg(a, 1))) {   /* GetArrayBufferMaxByteLengthOption */
    Handle options = handle_new(rt, native_arg(a, 1));
    Handle m = handle_new(rt, lib_get_named(rt, options, "maxByteLength"));
    if (!*m) return false;
    if (*m != VALUE_UNDEFINED) {
      if (!array_buffer_to_index(rt, m, "array buffer max length", max)) return false;
      *resizable = true;
    }
  }
  /* Allocate(Shared)ArrayBuffer: the length check comes before the prototype lookup. */
  if (*resizable && *byte_length > *max) {
    js_throw(rt, ERROR_RangeError, "Invalid array buffer length: byteLength exceeds maxByteLength");
    return false;
  }
  return true;
}
