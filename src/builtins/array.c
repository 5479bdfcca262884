/*
 * array.c - the Array constructor (Array, Array.isArray / of / from,
 * @@species), ArrayCreate and ArraySpeciesCreate, and the Array.prototype
 * methods that walk an array-like once (callback iteration, search, join,
 * push / pop / shift / unshift, reverse, reduce, flat, fill, copyWithin,
 * concat). Slicing, splicing, sorting and the copying methods are in
 * array_methods.c, which also installs Array.prototype.
 *
 * Every method is generic: the receiver goes through ToObject and its
 * "length" through ToLength, and elements are read with HasProperty / Get
 * (lib_get_index's fast path reads own fast elements directly). push and
 * pop write JS arrays' elements directly when no prototype has elements,
 * which is exactly what the generic path would do then.
 */
#include <math.h>

#include "builtins/library.h"
#include "objects/proxy.h"
#include "objects/factory.h"
#include "objects/string.h"

#define MAX_SAFE_INTEGER 9007199254740991.0

/* Shared with array_methods.c. */
rd_value array_this_object(Runtime *rt, NativeArgs *a, Handle out_o, double *len);
rd_value array_create(Runtime *rt, double len, Handle proto);
rd_value array_species_create(Runtime *rt, Handle orig, double len);
rd_value array_get_present(Runtime *rt, Handle o, double k, bool *present);
bool array_install_prototype_methods(Runtime *rt, Handle proto);
bool array_is_intrinsic_ctor(rd_value c);

/* ToObject(this) into out_o and LengthOfArrayLike into *len; VALUE_EMPTY on failure. */
rd_value array_this_object(Runtime *rt, NativeArgs *a, Handle out_o, double *len) {
  rd_value o = js_to_object(rt, a->receiver);
  if (!o) return VALUE_EMPTY;
  *out_o = o;
  int64_t n = value_has_type(o, TYPE_JS_ARRAY) ? (int64_t)array_length(o) : builtins_length_of(rt, out_o);
  if (n < 0) return VALUE_EMPTY;
  *len = (double)n;
  return *out_o;
}

/* ArrayCreate(len, proto): proto NULL means %Array.prototype%. */
rd_value array_create(Runtime *rt, double len, Handle proto) {
  if (len > 4294967295.0) return js_throw(rt, ERROR_RangeError, "Invalid array length");
  HANDLE_SCOPE(rt);
  Handle arr = handle_new(rt, array_new(rt, ELEMENTS_PACKED_INT32, (uint32_t)len));
  if (!*arr) return VALUE_EMPTY;
  if (proto && *proto != ROOT(rt, array_prototype) &&
      object_set_prototype(rt, arr, proto) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  return *arr;
}

static rd_value array_ctor(Runtime *rt, NativeArgs *a);

bool array_is_intrinsic_ctor(rd_value c) {
  if (!value_has_type(c, TYPE_JS_FUNCTION)) return false;
  SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(c))->shared);
  return sfi->native != VALUE_UNDEFINED &&
         ((NativeFunctionInfo *)value_to_ptr(sfi->native))->entry == (void *)array_ctor;
}

/* Construct(c, [len]) or ArrayCreate(len) when c is %Array%. */
static rd_value construct_with_length(Runtime *rt, Handle c, double len, bool pass_len) {
  if (array_is_intrinsic_ctor(*c)) return array_create(rt, pass_len ? len : 0, NULL);
  rd_value arg = value_from_number(len);
  return interp_construct(rt, c, c, pass_len ? 1 : 0, &arg);
}

rd_value array_species_create(Runtime *rt, Handle orig, double len) {
  int is_array = proxy_is_array(rt, *orig);
  if (is_array < 0) return VALUE_EMPTY;
  if (!is_array) return array_create(rt, len, NULL);
  HANDLE_SCOPE(rt);
  Handle c = handle_new(rt, lib_get_named(rt, orig, "constructor"));
  if (!*c) return VALUE_EMPTY;
  if (value_is_js_object(*c)) {
    Handle key = handle_new(rt, ROOT(rt, symbol_species));
    rd_value s = js_get(rt, c, key);
    if (!s) return VALUE_EMPTY;
    *c = s == VALUE_NULL ? VALUE_UNDEFINED : s;
  }
  if (*c == VALUE_UNDEFINED) return array_create(rt, len, NULL);
  if (!lib_is_constructor(*c)) return js_throw(rt, ERROR_TypeError, "object.constructor[Symbol.species] is not a constructor");
  return construct_with_length(rt, c, len, true);
}

/* True if no object on o's prototype chain has elements (so own writes of
 * indices cannot meet a setter or a read-only element). Never allocates. */
static bool chain_has_no_elements(rd_value o) {
  for (rd_value p = object_get_prototype(o); value_is_js_object(p); p = object_get_prototype(p)) {
    if (object_elements_kind(p) == ELEMENTS_DICTIONARY) return false;
    if (fixed_array_length(JS_OBJECT(p)->elements) != 0) return false;
    if (js_wrapped_value(p)) return false;
  }
  return true;
}

/* HasProperty(o, k) then Get(o, k): *present false for absent elements. */
rd_value array_get_present(Runtime *rt, Handle o, double k, bool *present) {
  *present = true;
  if (k < (double)ARRAY_INDEX_MAX) {
    PropertyDetails d;
    rd_value v = element_get_own(*o, (uint32_t)k, &d);
    if (v && details_kind(d) == PROPERTY_KIND_DATA) return v;
  }
  rd_value has = lib_has_index(rt, o, k);
  if (!has) return VALUE_EMPTY;
  if (has == VALUE_FALSE) {
    *present = false;
    return VALUE_UNDEFINED;
  }
  return lib_get_index(rt, o, k);
}

/* --- the constructor ------------------------------------------------------------------------ */
static rd_value array_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, ROOT(rt, array_prototype)));
  if (!*proto) return VALUE_EMPTY;
  if (a->argc == 1) {
    rd_value len = a->argv[0];
    if (!value_is_number(len)) {
      Handle arr = handle_new(rt, array_create(rt, 0, proto));
      if (!*arr || !lib_create_index(rt, arr, 0, &a->argv[0])) return VALUE_EMPTY;
      return *arr;
    }
    double d = value_to_number(len);
    if (!(d >= 0 && d <= 4294967295.0 && d == trunc(d))) return js_throw(rt, ERROR_RangeError, "Invalid array length");
    return array_create(rt, d, proto);
  }
  Handle arr = handle_new(rt, array_create(rt, a->argc, proto));
  if (!*arr) return VALUE_EMPTY;
  for (uint32_t i = 0; i < a->argc; i++)
    if (!lib_create_index(rt, arr, i, &a->argv[i])) return VALUE_EMPTY;
  return *arr;
}

static rd_value array_is_array(Runtime *rt, NativeArgs *a) {
  int r = proxy_is_array(rt, native_arg(a, 0));   /* sees through proxies */
  return r < 0 ? VALUE_EMPTY : value_from_bool(r);
}

static rd_value array_of(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle arr = handle_new(rt, VALUE_UNDEFINED);
  *arr = lib_is_constructor(*a->receiver) ? construct_with_length(rt, a->receiver, a->argc, true)
                                          : array_create(rt, a->argc, NULL);
  if (!*arr) return VALUE_EMPTY;
  for (uint32_t i = 0; i < a->argc; i++)
    if (!lib_create_index(rt, arr, i, &a->argv[i])) return VALUE_EMPTY;
  if (!lib_set_length(rt, arr, a->argc)) return VALUE_EMPTY;
  return *arr;
}

/* mapfn(value, k) when mapping, else value; the result in *v. */
static bool from_map(Runtime *rt, NativeArgs *a, Handle v, double k) {
  if (native_arg(a, 1) == VALUE_UNDEFINED) return true;
  HANDLE_SCOPE(rt);
  Handle this_arg = handle_new(rt, native_arg(a, 2));
  rd_value args[2] = {*v, value_from_number(k)};
  rd_value r = interp_call(rt, &a->argv[1], this_arg, 2, args);
  if (!r) return false;
  *v = r;
  return true;
}

static rd_value array_from(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  rd_value mapfn = native_arg(a, 1);
  if (mapfn != VALUE_UNDEFINED && !value_is_callable(mapfn))
    return js_throw(rt, ERROR_TypeError, "Array.from: when provided, the second argument must be a function");
  Handle items = handle_new(rt, native_arg(a, 0));
  Handle key = handle_new(rt, ROOT(rt, symbol_iterator));
  Handle using_iter = handle_new(rt, VALUE_UNDEFINED);
  if (!value_is_nullish(*items)) {
    rd_value m = lib_get_method(rt, items, key);
    if (!m) return VALUE_EMPTY;
    *using_iter = m;
  }
  bool ctor = lib_is_constructor(*a->receiver);
  Handle arr = handle_new(rt, VALUE_UNDEFINED);
  if (*using_iter != VALUE_UNDEFINED) {
    *arr = ctor ? construct_with_length(rt, a->receiver, 0, false) : array_create(rt, 0, NULL);
    if (!*arr) return VALUE_EMPTY;
    Handle iter = handle_new(rt, VALUE_UNDEFINED), next = handle_new(rt, VALUE_UNDEFINED);
    if (!lib_get_iterator(rt, items, using_iter, iter, next)) return VALUE_EMPTY;
    Handle v = handle_new(rt, VALUE_UNDEFINED);
    for (double k = 0;; k++) {
      if (k >= MAX_SAFE_INTEGER) {
        js_throw(rt, ERROR_TypeError, "Array.from: too many elements");
        lib_iterator_close_on_error(rt, iter);
        return VALUE_EMPTY;
      }
      bool done;
      *v = lib_iterator_step(rt, iter, next, &done);
      if (!*v) return VALUE_EMPTY;
      if (done) return lib_set_length(rt, arr, k) ? *arr : VALUE_EMPTY;
      if (!from_map(rt, a, v, k) || !lib_create_index(rt, arr, k, v)) {
        lib_iterator_close_on_error(rt, iter);
        return VALUE_EMPTY;
      }
    }
  }
  Handle src = handle_new(rt, js_to_object(rt, items));
  if (!*src) return VALUE_EMPTY;
  int64_t len = builtins_length_of(rt, src);
  if (len < 0) return VALUE_EMPTY;
  *arr = ctor ? construct_with_length(rt, a->receiver, (double)len, true) : array_create(rt, (double)len, NULL);
  if (!*arr) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t k = 0; k < len; k++) {
    *v = lib_get_index(rt, src, (double)k);
    if (!*v || !from_map(rt, a, v, (double)k) || !lib_create_index(rt, arr, (double)k, v)) return VALUE_EMPTY;
  }
  return lib_set_length(rt, arr, (double)len) ? *arr : VALUE_EMPTY;
}

static rd_value array_species_getter(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return *a->receiver;
}

/* --- callback iteration ------------------------------------------------------------------- */
typedef enum { ITER_EVERY, ITER_SOME, ITER_FOR_EACH, ITER_MAP, ITER_FILTER } IterMode;

static rd_value iterate(Runtime *rt, NativeArgs *a, IterMode mode, const char *name) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (!value_is_callable(native_arg(a, 0))) return js_throw(rt, ERROR_TypeError, "Array.prototype.%s: callback is not a function", name);
  Handle this_arg = handle_new(rt, native_arg(a, 1));
  Handle out = handle_new(rt, VALUE_UNDEFINED);
  if (mode == ITER_MAP || mode == ITER_FILTER) {
    *out = array_species_create(rt, o, mode == ITER_MAP ? len : 0);
    if (!*out) return VALUE_EMPTY;
  }
  Handle v = handle_new(rt, VALUE_UNDEFINED), r = handle_new(rt, VALUE_UNDEFINED);
  double to = 0;
  for (double k = 0; k < len; k++) {
    bool present;
    *v = array_get_present(rt, o, k, &present);
    if (!*v) return VALUE_EMPTY;
    if (!present) continue;
    rd_value args[3] = {*v, value_from_number(k), *o};
    *r = interp_call(rt, &a->argv[0], this_arg, 3, args);
    if (!*r) return VALUE_EMPTY;
    switch (mode) {
      case ITER_EVERY: if (!js_to_boolean(*r)) return VALUE_FALSE; break;
      case ITER_SOME: if (js_to_boolean(*r)) return VALUE_TRUE; break;
      case ITER_FOR_EACH: break;
      case ITER_MAP: if (!lib_create_index(rt, out, k, r)) return VALUE_EMPTY; break;
      case ITER_FILTER:
        if (js_to_boolean(*r) && !lib_create_index(rt, out, to++, v)) return VALUE_EMPTY;
        break;
    }
  }
  switch (mode) {
    case ITER_EVERY: return VALUE_TRUE;
    case ITER_SOME: return VALUE_FALSE;
    case ITER_FOR_EACH: return VALUE_UNDEFINED;
    default: return *out;
  }
}
static rd_value ap_every(Runtime *rt, NativeArgs *a) { return iterate(rt, a, ITER_EVERY, "every"); }
static rd_value ap_some(Runtime *rt, NativeArgs *a) { return iterate(rt, a, ITER_SOME, "some"); }
static rd_value ap_for_each(Runtime *rt, NativeArgs *a) { return iterate(rt, a, ITER_FOR_EACH, "forEach"); }
static rd_value ap_map(Runtime *rt, NativeArgs *a) { return iterate(rt, a, ITER_MAP, "map"); }
static rd_value ap_filter(Runtime *rt, NativeArgs *a) { return iterate(rt, a, ITER_FILTER, "filter"); }

/* find / findIndex / findLast / findLastIndex: every index, holes read as undefined. */
static rd_value find(Runtime *rt, NativeArgs *a, bool last, bool want_index) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (!value_is_callable(native_arg(a, 0))) return js_throw(rt, ERROR_TypeError, "predicate is not a function");
  Handle this_arg = handle_new(rt, native_arg(a, 1));
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (double i = 0; i < len; i++) {
    double k = last ? len - 1 - i : i;
    *v = lib_get_index(rt, o, k);
    if (!*v) return VALUE_EMPTY;
    rd_value args[3] = {*v, value_from_number(k), *o};
    rd_value r = interp_call(rt, &a->argv[0], this_arg, 3, args);
    if (!r) return VALUE_EMPTY;
    if (js_to_boolean(r)) return want_index ? value_from_number(k) : *v;
  }
  return want_index ? value_from_int32(-1) : VALUE_UNDEFINED;
}
static rd_value ap_find(Runtime *rt, NativeArgs *a) { return find(rt, a, false, false); }
static rd_value ap_find_index(Runtime *rt, NativeArgs *a) { return find(rt, a, false, true); }
static rd_value ap_find_last(Runtime *rt, NativeArgs *a) { return find(rt, a, true, false); }
static rd_value ap_find_last_index(Runtime *rt, NativeArgs *a) { return find(rt, a, true, true); }

static rd_value reduce(Runtime *rt, NativeArgs *a, bool right) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (!value_is_callable(native_arg(a, 0))) return js_throw(rt, ERROR_TypeError, "reducer is not a function");
  Handle acc = handle_new(rt, VALUE_UNDEFINED), v = handle_new(rt, VALUE_UNDEFINED);
  double i = 0;
  if (a->argc >= 2) {
    *acc = a->argv[1];
  } else {
    bool found = false;
    for (; i < len && !found; i++) {
      *acc = array_get_present(rt, o, right ? len - 1 - i : i, &found);
      if (!*acc) return VALUE_EMPTY;
    }
    if (!found) return js_throw(rt, ERROR_TypeError, "Reduce of empty array with no initial value");
  }
  for (; i < len; i++) {
    double k = right ? len - 1 - i : i;
    bool present;
    *v = array_get_present(rt, o, k, &present);
    if (!*v) return VALUE_EMPTY;
    if (!present) continue;
    rd_value args[4] = {*acc, *v, value_from_number(k), *o};
    *acc = interp_call(rt, &a->argv[0], NULL, 4, args);
    if (!*acc) return VALUE_EMPTY;
  }
  return *acc;
}
static rd_value ap_reduce(Runtime *rt, NativeArgs *a) { return reduce(rt, a, false); }
static rd_value ap_reduce_right(Runtime *rt, NativeArgs *a) { return reduce(rt, a, true); }

/* --- search ------------------------------------------------------------------------------------ */
static rd_value ap_at(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, rel;
  if (!array_this_object(rt, a, o, &len) || !lib_arg_integer(rt, a, 0, &rel)) return VALUE_EMPTY;
  double k = rel >= 0 ? rel : len + rel;
  if (k < 0 || k >= len) return VALUE_UNDEFINED;
  return lib_get_index(rt, o, k);
}

/* includes / indexOf: the start index from fromIndex (argument 1). */
static bool search_start(Runtime *rt, NativeArgs *a, double len, double *k) {
  double n;
  if (!lib_arg_integer(rt, a, 1, &n)) return false;
  if (n == INFINITY) *k = len;
  else if (n >= 0) *k = n;
  else *k = MAX(len + n, 0);
  return true;
}

static rd_value ap_includes(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, k;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (len == 0) return VALUE_FALSE;
  if (!search_start(rt, a, len, &k)) return VALUE_EMPTY;
  for (; k < len; k++) {
    rd_value v = lib_get_index(rt, o, k);
    if (!v) return VALUE_EMPTY;
    if (js_same_value_zero(v, native_arg(a, 0))) return VALUE_TRUE;
  }
  return VALUE_FALSE;
}

static rd_value ap_index_of(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, k;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (len == 0) return value_from_int32(-1);
  if (!search_start(rt, a, len, &k)) return VALUE_EMPTY;
  for (; k < len; k++) {
    bool present;
    rd_value v = array_get_present(rt, o, k, &present);
    if (!v) return VALUE_EMPTY;
    if (present && js_strict_equals(v, native_arg(a, 0))) return value_from_number(k);
  }
  return value_from_int32(-1);
}

static rd_value ap_last_index_of(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, n;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (len == 0) return value_from_int32(-1);
  if (a->argc > 1) {
    if (!lib_arg_integer(rt, a, 1, &n)) return VALUE_EMPTY;
  } else {
    n = len - 1;
  }
  if (n == -INFINITY) return value_from_int32(-1);
  double k = n >= 0 ? MIN(n, len - 1) : len + n;
  for (; k >= 0; k--) {
    bool present;
    rd_value v = array_get_present(rt, o, k, &present);
    if (!v) return VALUE_EMPTY;
    if (present && js_strict_equals(v, native_arg(a, 0))) return value_from_number(k);
  }
  return value_from_int32(-1);
}

/* --- join / toString / toLocaleString --------------------------------------------------------- */
/* Joins elements with sep; each element through ToString, or Invoke(e, "toLocaleString") if locale. */
static rd_value join(Runtime *rt, Handle o, double len, Handle sep, bool locale) {
  HANDLE_SCOPE(rt);
  StrBuf b;
  strbuf_init(&b);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (double k = 0; k < len; k++) {
    if (k > 0) strbuf_append_string(&b, *sep);
    *v = lib_get_index(rt, o, k);
    if (!*v) goto fail;
    if (value_is_nullish(*v)) continue;
    if (locale) {
      Handle f = handle_new(rt, lib_get_named(rt, v, "toLocaleString"));
      if (!*f) goto fail;
      *v = lib_call(rt, f, v, 0, NULL);
      if (!*v) goto fail;
    }
    if (!value_is_string(*v)) {
      *v = js_to_string(rt, v);
      if (!*v) goto fail;
    }
    strbuf_append_string(&b, *v);
    if (b.failed) break;
  }
  return strbuf_finish(rt, &b);
fail:
  strbuf_free(&b);
  return VALUE_EMPTY;
}

static rd_value ap_join(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  Handle sep = handle_new(rt, native_arg(a, 0) == VALUE_UNDEFINED ? lib_key(rt, ",") : js_to_string(rt, &a->argv[0]));
  if (!*sep) return VALUE_EMPTY;
  return join(rt, o, len, sep, false);
}

static rd_value ap_to_locale_string(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  Handle sep = handle_new(rt, lib_key(rt, ","));
  if (!*sep) return VALUE_EMPTY;
  return join(rt, o, len, sep, true);
}

/* Array.prototype.toString: this.join(), or %Object.prototype.toString% (kept in native data). */
static rd_value ap_to_string(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, js_to_object(rt, a->receiver));
  if (!*o) return VALUE_EMPTY;
  Handle f = handle_new(rt, lib_get_named(rt, o, "join"));
  if (!*f) return VALUE_EMPTY;
  if (!value_is_callable(*f)) *f = lib_native_data(a);
  return interp_call(rt, f, o, 0, NULL);
}

/* --- stack and queue operations --------------------------------------------------------------- */
static rd_value ap_push(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  rd_value r = *a->receiver;
  if (value_has_type(r, TYPE_JS_ARRAY) && object_elements_kind(r) != ELEMENTS_DICTIONARY &&
      !(heap_object_map(value_to_ptr(r))->bit_field & MAP_ARRAY_LENGTH_READONLY) &&   /* Set(length) must fail */
      chain_has_no_elements(r) && (uint64_t)array_length(r) + a->argc <= ARRAY_INDEX_MAX) {
    for (uint32_t i = 0; i < a->argc; i++) {
      PropertyStatus st = element_set(rt, a->receiver, array_length(*a->receiver), &a->argv[i]);
      if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
      if (st != PROPERTY_OK) return js_throw(rt, ERROR_TypeError, "Cannot add property, object is not extensible");
    }
    return value_from_number(array_length(*a->receiver));
  }
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (len + a->argc > MAX_SAFE_INTEGER) return js_throw(rt, ERROR_TypeError, "Pushing %u elements on an array-like of length %.0f is disallowed", a->argc, len);
  for (uint32_t i = 0; i < a->argc; i++)
    if (!lib_set_index(rt, o, len + i, &a->argv[i])) return VALUE_EMPTY;
  if (!lib_set_length(rt, o, len + a->argc)) return VALUE_EMPTY;
  return value_from_number(len + a->argc);
}

static rd_value ap_pop(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  rd_value r = *a->receiver;
  if (value_has_type(r, TYPE_JS_ARRAY) && object_elements_kind(r) != ELEMENTS_DICTIONARY &&
      array_length(r) > 0) {
    uint32_t n = array_length(r) - 1;
    Handle v = handle_new(rt, element_get_own(r, n, NULL));
    if (*v) {
      PropertyStatus st = array_set_length(rt, a->receiver, n);
      if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
      if (st == PROPERTY_OK) return *v;
    }
  }
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (len == 0) return lib_set_length(rt, o, 0) ? VALUE_UNDEFINED : VALUE_EMPTY;
  Handle v = handle_new(rt, lib_get_index(rt, o, len - 1));
  if (!*v || !lib_delete_index(rt, o, len - 1) || !lib_set_length(rt, o, len - 1)) return VALUE_EMPTY;
  return *v;
}

/* Moves count elements from `from` to `to` (ascending or descending), deleting holes' targets. */
static bool move_elements(Runtime *rt, Handle o, double from, double to, double count, bool descending) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (double i = 0; i < count; i++) {
    double f = descending ? from + count - 1 - i : from + i, t = descending ? to + count - 1 - i : to + i;
    bool present;
    *v = array_get_present(rt, o, f, &present);
    if (!*v) return false;
    if (present ? !lib_set_index(rt, o, t, v) : !lib_delete_index(rt, o, t)) return false;
  }
  return true;
}
bool array_move_elements(Runtime *rt, Handle o, double from, double to, double count, bool descending);
bool array_move_elements(Runtime *rt, Handle o, double from, double to, double count, bool descending) {
  return move_elements(rt, o, from, to, count, descending);
}

static rd_value ap_shift(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (len == 0) return lib_set_length(rt, o, 0) ? VALUE_UNDEFINED : VALUE_EMPTY;
  Handle first = handle_new(rt, lib_get_index(rt, o, 0));
  if (!*first || !move_elements(rt, o, 1, 0, len - 1, false) || !lib_delete_index(rt, o, len - 1) ||
      !lib_set_length(rt, o, len - 1))
    return VALUE_EMPTY;
  return *first;
}

static rd_value ap_unshift(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  uint32_t n = a->argc;
  if (n > 0) {
    if (len + n > MAX_SAFE_INTEGER) return js_throw(rt, ERROR_TypeError, "Unshift would exceed the maximum array-like length");
    if (!move_elements(rt, o, 0, n, len, true)) return VALUE_EMPTY;
    for (uint32_t j = 0; j < n; j++)
      if (!lib_set_index(rt, o, j, &a->argv[j])) return VALUE_EMPTY;
  }
  if (!lib_set_length(rt, o, len + n)) return VALUE_EMPTY;
  return value_from_number(len + n);
}

static rd_value ap_reverse(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  Handle lo = handle_new(rt, VALUE_UNDEFINED), up = handle_new(rt, VALUE_UNDEFINED);
  double middle = floor(len / 2);
  for (double lower = 0; lower != middle; lower++) {
    double upper = len - lower - 1;
    bool lower_exists, upper_exists;
    *lo = array_get_present(rt, o, lower, &lower_exists);
    if (!*lo) return VALUE_EMPTY;
    *up = array_get_present(rt, o, upper, &upper_exists);
    if (!*up) return VALUE_EMPTY;
    if (upper_exists) {
      if (!lib_set_index(rt, o, lower, up)) return VALUE_EMPTY;
    } else if (lower_exists && !lib_delete_index(rt, o, lower)) {
      return VALUE_EMPTY;
    }
    if (lower_exists) {
      if (!lib_set_index(rt, o, upper, lo)) return VALUE_EMPTY;
    } else if (upper_exists && !lib_delete_index(rt, o, upper)) {
      return VALUE_EMPTY;
    }
  }
  return *o;
}

/* --- fill / copyWithin / concat -------------------------------------------------------------------- */
static rd_value ap_fill(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, k, end;
  if (!array_this_object(rt, a, o, &len) || !lib_arg_relative(rt, a, 1, len, 0, &k) ||
      !lib_arg_relative(rt, a, 2, len, len, &end))
    return VALUE_EMPTY;
  Handle v = handle_new(rt, native_arg(a, 0));
  for (; k < end; k++)
    if (!lib_set_index(rt, o, k, v)) return VALUE_EMPTY;
  return *o;
}

static rd_value ap_copy_within(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, to, from, fin;
  if (!array_this_object(rt, a, o, &len) || !lib_arg_relative(rt, a, 0, len, 0, &to) ||
      !lib_arg_relative(rt, a, 1, len, 0, &from) || !lib_arg_relative(rt, a, 2, len, len, &fin))
    return VALUE_EMPTY;
  double count = MIN(fin - from, len - to);
  if (count > 0 && !move_elements(rt, o, from, to, count, from < to && to < from + count)) return VALUE_EMPTY;
  return *o;
}

/* IsConcatSpreadable(v): 1, 0, or -1 on exception. */
static int is_concat_spreadable(Runtime *rt, Handle v) {
  if (!value_is_js_object(*v)) return 0;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, ROOT(rt, symbol_is_concat_spreadable));
  rd_value s = js_get(rt, v, key);
  if (!s) return -1;
  if (s != VALUE_UNDEFINED) return js_to_boolean(s);
  return proxy_is_array(rt, *v);
}

static rd_value ap_concat(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, js_to_object(rt, a->receiver));
  if (!*o) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_species_create(rt, o, 0));
  if (!*arr) return VALUE_EMPTY;
  Handle e = handle_new(rt, VALUE_UNDEFINED), v = handle_new(rt, VALUE_UNDEFINED);
  double n = 0;
  for (uint32_t i = 0; i <= a->argc; i++) {
    *e = i == 0 ? *o : a->argv[i - 1];
    int spread = is_concat_spreadable(rt, e);
    if (spread < 0) return VALUE_EMPTY;
    if (!spread) {
      if (n >= MAX_SAFE_INTEGER) return js_throw(rt, ERROR_TypeError, "Concatenated array-like is too long");
      if (!lib_create_index(rt, arr, n++, e)) return VALUE_EMPTY;
      continue;
    }
    int64_t len = builtins_length_of(rt, e);
    if (len < 0) return VALUE_EMPTY;
    if (n + (double)len > MAX_SAFE_INTEGER) return js_throw(rt, ERROR_TypeError, "Concatenated array-like is too long");
    for (int64_t k = 0; k < len; k++, n++) {
      bool present;
      *v = array_get_present(rt, e, (double)k, &present);
      if (!*v) return VALUE_EMPTY;
      if (present && !lib_create_index(rt, arr, n, v)) return VALUE_EMPTY;
    }
  }
  return lib_set_length(rt, arr, n) ? *arr : VALUE_EMPTY;
}

/* --- flat / flatMap ---------------------------------------------------------------------------------- */
#define FLAT_MAX_RECURSION 1000

/* FlattenIntoArray: appends source's elements to target from *index; mapper may be NULL. */
static bool flatten(Runtime *rt, Handle target, Handle source, double source_len, double *index,
                    double depth, Handle mapper, Handle this_arg, int recursion) {
  if (recursion > FLAT_MAX_RECURSION) {
    js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
    return false;
  }
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (double k = 0; k < source_len; k++) {
    bool present;
    *v = array_get_present(rt, source, k, &present);
    if (!*v) return false;
    if (!present) continue;
    if (mapper) {
      rd_value args[3] = {*v, value_from_number(k), *source};
      *v = interp_call(rt, mapper, this_arg, 3, args);
      if (!*v) return false;
    }
    if (depth > 0 && value_has_type(*v, TYPE_JS_ARRAY)) {
      if (!flatten(rt, target, v, array_length(*v), index, depth - 1, NULL, NULL, recursion + 1)) return false;
      continue;
    }
    if (*index >= MAX_SAFE_INTEGER) {
      js_throw(rt, ERROR_TypeError, "Flattened array is too long");
      return false;
    }
    if (!lib_create_index(rt, target, (*index)++, v)) return false;
  }
  return true;
}

static rd_value ap_flat(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, depth = 1;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (native_arg(a, 0) != VALUE_UNDEFINED) {
    if (!lib_to_integer(rt, &a->argv[0], &depth)) return VALUE_EMPTY;
    if (depth < 0) depth = 0;
  }
  Handle arr = handle_new(rt, array_species_create(rt, o, 0));
  double n = 0;
  if (!*arr || !flatten(rt, arr, o, len, &n, depth, NULL, NULL, 0)) return VALUE_EMPTY;
  return *arr;
}

static rd_value ap_flat_map(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (!value_is_callable(native_arg(a, 0))) return js_throw(rt, ERROR_TypeError, "flatMap mapper function is not callable");
  Handle this_arg = handle_new(rt, native_arg(a, 1));
  Handle arr = handle_new(rt, array_species_create(rt, o, 0));
  double n = 0;
  if (!*arr || !flatten(rt, arr, o, len, &n, 1, &a->argv[0], this_arg, 0)) return VALUE_EMPTY;
  return *arr;
}

/* --- iterators ------------------------------------------------------------------------------------- */
static rd_value make_iter(Runtime *rt, NativeArgs *a, ArrayIterKind kind) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, js_to_object(rt, a->receiver));
  if (!*o) return VALUE_EMPTY;
  return lib_array_iterator_new(rt, o, kind);
}
static rd_value ap_keys(Runtime *rt, NativeArgs *a) { return make_iter(rt, a, ARRAY_ITER_KEYS); }
static rd_value ap_values(Runtime *rt, NativeArgs *a) { return make_iter(rt, a, ARRAY_ITER_VALUES); }
static rd_value ap_entries(Runtime *rt, NativeArgs *a) { return make_iter(rt, a, ARRAY_ITER_ENTRIES); }

bool builtins_init_array(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = ROOT_SLOT(rt, array_prototype);
  rd_value c = builtins_constructor(rt, "Array", array_ctor, 1, proto);
  if (!c) return false;
  Handle ctor = handle_new(rt, c);
  static const BuiltinMethod statics[] = {
      {"isArray", array_is_array, 1}, {"of", array_of, 0}, {"from", array_from, 1},
  };
  static const BuiltinMethod methods[] = {
      {"at", ap_at, 1}, {"concat", ap_concat, 1}, {"copyWithin", ap_copy_within, 2},
      {"entries", ap_entries, 0}, {"every", ap_every, 1}, {"fill", ap_fill, 1},
      {"filter", ap_filter, 1}, {"find", ap_find, 1}, {"findIndex", ap_find_index, 1},
      {"findLast", ap_find_last, 1}, {"findLastIndex", ap_find_last_index, 1}, {"flat", ap_flat, 0},
      {"flatMap", ap_flat_map, 1}, {"forEach", ap_for_each, 1}, {"includes", ap_includes, 1},
      {"indexOf", ap_index_of, 1}, {"join", ap_join, 1}, {"keys", ap_keys, 0},
      {"lastIndexOf", ap_last_index_of, 1}, {"map", ap_map, 1}, {"pop", ap_pop, 0},
      {"push", ap_push, 1}, {"reduce", ap_reduce, 1}, {"reduceRight", ap_reduce_right, 1},
      {"reverse", ap_reverse, 0}, {"shift", ap_shift, 0}, {"some", ap_some, 1},
      {"toLocaleString", ap_to_locale_string, 0}, {"toString", ap_to_string, 0},
      {"unshift", ap_unshift, 1},
  };
  if (!builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) ||
      !builtins_install(rt, proto, methods, ARRAY_LEN(methods)) || !array_install_prototype_methods(rt, proto))
    return false;
  /* values is also @@iterator; toString falls back on %Object.prototype.toString%. */
  Handle values = handle_new(rt, builtins_function(rt, "values", ap_values, 0));
  Handle obj_to_string = handle_new(rt, lib_get_named(rt, ROOT_SLOT(rt, object_prototype), "toString"));
  Handle to_string = handle_new(rt, lib_get_named(rt, proto, "toString"));
  if (!*values || !*obj_to_string || !*to_string) return false;
  lib_set_native_data(*to_string, *obj_to_string);
  if (!builtins_define(rt, proto, "values", values, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) ||
      !builtins_define(rt, proto, "@iterator", values, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
    return false;
  /* Array.prototype.length (Array.prototype is an ordinary object here, see the report). */
  Handle zero = handle_new(rt, value_from_int32(0));
  if (!builtins_define(rt, proto, "length", zero, PROPERTY_WRITABLE)) return false;
  /* get Array[@@species] */
  Handle getter = handle_new(rt, builtins_function(rt, "get [Symbol.species]", array_species_getter, 0));
  Handle key = handle_new(rt, ROOT(rt, symbol_species));
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  if (!*getter || object_define_accessor(rt, ctor, key, getter, undef, PROPERTY_CONFIGURABLE) != PROPERTY_OK)
    return false;
  return builtins_define_global(rt, "Array", ctor);
}
