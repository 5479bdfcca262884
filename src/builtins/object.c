/*
 * object.c - the Object constructor, its static functions, property
 * descriptors (ToPropertyDescriptor / FromPropertyDescriptor with partial
 * descriptors completed from the current property; shared with Reflect
 * through library.h), and %Object.prototype%.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "builtins/library.h"
#include "objects/factory.h"
#include "objects/proxy.h"
#include "objects/string.h"

/* builtins/regexp.c: true if v has [[RegExpMatcher]]. Never allocates. */
bool regexp_is_instance(rd_value v);

typedef PropDesc Desc;   /* a partial property descriptor (objects/proxy.h) */

static rd_value get_named(Runtime *rt, Handle obj, const char *name) {
  HANDLE_SCOPE(rt);
  rd_value k = string_internalize_cstr(rt, name);
  if (!k) return VALUE_EMPTY;
  Handle key = handle_new(rt, k);
  return js_get(rt, obj, key);
}

/* Fills d and the value/get/set handles from a descriptor object (ToPropertyDescriptor). */
bool lib_to_descriptor(Runtime *rt, Handle obj, PropDesc *d, Handle value, Handle get, Handle set) {
  if (!value_is_js_object(*obj)) {
    js_throw(rt, ERROR_TypeError, "Property description must be an object");
    return false;
  }
  memset(d, 0, sizeof *d);
  static const char *const names[] = {"enumerable", "configurable", "value", "writable", "get", "set"};
  for (int i = 0; i < 6; i++) {
    HANDLE_SCOPE(rt);
    Handle key = handle_new(rt, string_internalize_cstr(rt, names[i]));
    if (!*key) return false;
    rd_value has = js_has_property(rt, obj, key);
    if (!has) return false;
    if (has != VALUE_TRUE) continue;
    rd_value v = js_get(rt, obj, key);
    if (!v) return false;
    switch (i) {
      case 0: d->has_enumerable = true; d->enumerable = js_to_boolean(v); break;
      case 1: d->has_configurable = true; d->configurable = js_to_boolean(v); break;
      case 2: d->has_value = true; *value = v; break;
      case 3: d->has_writable = true; d->writable = js_to_boolean(v); break;
      case 4:
        if (v != VALUE_UNDEFINED && !value_is_callable(v)) {
          js_throw(rt, ERROR_TypeError, "Getter must be a function");
          return false;
        }
        d->has_get = true; *get = v; break;
      default:
        if (v != VALUE_UNDEFINED && !value_is_callable(v)) {
          js_throw(rt, ERROR_TypeError, "Setter must be a function");
          return false;
        }
        d->has_set = true; *set = v; break;
    }
  }
  if ((d->has_get || d->has_set) && (d->has_value || d->has_writable)) {
    js_throw(rt, ERROR_TypeError, "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute");
    return false;
  }
  return true;
}

/* [[DefineOwnProperty]] from a descriptor object, completing a partial
 * descriptor from the current property (or the defaults) before handing it
 * to the object model. */
int lib_define_from_descriptor(Runtime *rt, Handle obj, Handle key, Handle desc_obj) {
  HANDLE_SCOPE(rt);
  Handle value = handle_new(rt, VALUE_UNDEFINED), get = handle_new(rt, VALUE_UNDEFINED),
         set = handle_new(rt, VALUE_UNDEFINED);
  Desc d;
  if (!lib_to_descriptor(rt, desc_obj, &d, value, get, set)) return -1;
  return lib_define_desc(rt, obj, key, &d, value, get, set);
}

int lib_define_desc(Runtime *rt, Handle obj, Handle key, const PropDesc *dp, Handle value,
                    Handle get, Handle set) {
  HANDLE_SCOPE(rt);
  Desc d = *dp;
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return -1;
  Handle hk = handle_new(rt, k);
  if (proxy_is(*obj)) return proxy_define_own(rt, obj, hk, &d, value, get, set);
  if (d.has_value && value_has_type(*obj, TYPE_JS_ARRAY) && *hk == ROOT(rt, length_string)) {
    /* ArraySetLength: ToUint32 and ToNumber of the value (both may run
     * code) must agree, else a RangeError. */
    rd_value n = js_to_number(rt, value);
    if (!n) return -1;
    double len = value_to_number(n);
    n = js_to_number(rt, value);
    if (!n) return -1;
    if (!(len >= 0 && len <= 4294967295.0 && len == floor(len)) || value_to_number(n) != len) {
      js_throw(rt, ERROR_RangeError, "Invalid array length");
      return -1;
    }
    *value = value_from_number(len);
  }
  PropertyLookup l;
  Handle cur = handle_new(rt, VALUE_UNDEFINED);
  int found = object_get_own_property(rt, obj, hk, &l, cur);   /* an exotic object's value may need allocating */
  if (found < 0) return -1;
  bool exists = found;
  uint32_t cur_attrs = exists ? details_attrs(l.details) : 0;
  bool cur_accessor = exists && details_kind(l.details) == PROPERTY_KIND_ACCESSOR;
  uint32_t attrs = 0;
  if (d.has_enumerable ? d.enumerable : (cur_attrs & PROPERTY_ENUMERABLE)) attrs |= PROPERTY_ENUMERABLE;
  if (d.has_configurable ? d.configurable : (cur_attrs & PROPERTY_CONFIGURABLE)) attrs |= PROPERTY_CONFIGURABLE;
  bool accessor = d.has_get || d.has_set || (!d.has_value && !d.has_writable && cur_accessor);
  PropertyStatus st;
  if (accessor) {
    if (cur_accessor) {
      rd_value pair = *cur;
      if (!d.has_get) *get = ((AccessorPair *)value_to_ptr(pair))->getter;
      if (!d.has_set) *set = ((AccessorPair *)value_to_ptr(pair))->setter;
    }
    st = object_define_accessor(rt, obj, hk, get, set, attrs);
  } else {
    if (exists && !cur_accessor) {
      if (!d.has_value) *value = l.kind == LOOKUP_ARRAY_LENGTH ? value_from_number(array_length(*obj)) : *cur;
      if (!d.has_writable && (cur_attrs & PROPERTY_WRITABLE)) attrs |= PROPERTY_WRITABLE;
    }
    if (d.has_writable && d.writable) attrs |= PROPERTY_WRITABLE;
    st = object_define_own(rt, obj, hk, value, attrs);
  }
  if (st == PROPERTY_EXCEPTION) return -1;
  return st == PROPERTY_OK;
}

/* DefinePropertyOrThrow(obj, key, desc). */
static bool define_from_descriptor(Runtime *rt, Handle obj, Handle key, Handle desc_obj) {
  int r = lib_define_from_descriptor(rt, obj, key, desc_obj);
  if (r == 0) js_throw(rt, ERROR_TypeError, "Cannot redefine property");
  return r > 0;
}

/* FromPropertyDescriptor of obj's own property key, or undefined. */
rd_value lib_from_descriptor(Runtime *rt, Handle obj, Handle key) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return VALUE_EMPTY;
  if (!value_is_js_object(*obj)) return VALUE_UNDEFINED;
  Handle hk = handle_new(rt, k), v = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  int found = object_get_own_property(rt, obj, hk, &l, v);   /* may throw (exotic objects) */
  if (found <= 0) return found < 0 ? VALUE_EMPTY : VALUE_UNDEFINED;
  if (l.kind == LOOKUP_ARRAY_LENGTH) *v = value_from_number(array_length(*obj));
  uint32_t attrs = details_attrs(l.details);
  bool accessor = details_kind(l.details) == PROPERTY_KIND_ACCESSOR;
  rd_value o = object_new(rt);
  if (!o) return VALUE_EMPTY;
  Handle ho = handle_new(rt, o);
  Handle t = handle_new(rt, VALUE_TRUE), f = handle_new(rt, VALUE_FALSE);
  if (accessor) {
    Handle g = handle_new(rt, ((AccessorPair *)value_to_ptr(*v))->getter);
    Handle s = handle_new(rt, ((AccessorPair *)value_to_ptr(*v))->setter);
    if (!builtins_define(rt, ho, "get", g, PROPERTY_ATTRS_DEFAULT) ||
        !builtins_define(rt, ho, "set", s, PROPERTY_ATTRS_DEFAULT))
      return VALUE_EMPTY;
  } else {
    if (!builtins_define(rt, ho, "value", v, PROPERTY_ATTRS_DEFAULT) ||
        !builtins_define(rt, ho, "writable", attrs & PROPERTY_WRITABLE ? t : f, PROPERTY_ATTRS_DEFAULT))
      return VALUE_EMPTY;
  }
  if (!builtins_define(rt, ho, "enumerable", attrs & PROPERTY_ENUMERABLE ? t : f, PROPERTY_ATTRS_DEFAULT) ||
      !builtins_define(rt, ho, "configurable", attrs & PROPERTY_CONFIGURABLE ? t : f, PROPERTY_ATTRS_DEFAULT))
    return VALUE_EMPTY;
  return *ho;
}

/* ToObject of a value (wrapping primitives; TypeError on nullish). */
static rd_value to_object_arg(Runtime *rt, rd_value v) {
  if (value_is_js_object(v)) return v;
  HANDLE_SCOPE(rt);
  Handle h = handle_new(rt, v);
  return js_to_object(rt, h);
}

static rd_value object_ctor(Runtime *rt, NativeArgs *a) {
  rd_value v = native_arg(a, 0);
  if (value_is_nullish(v)) return object_new(rt);
  return to_object_arg(rt, v);
}

/* ObjectDefineProperties(o, props): ToObject(props), then for each own key
 * (symbols included) that [[GetOwnProperty]] finds enumerable, Get and
 * ToPropertyDescriptor; all descriptors are read before any is defined. */
static bool define_properties(Runtime *rt, Handle o, Handle props_arg) {
  HANDLE_SCOPE(rt);
  rd_value po = js_to_object(rt, props_arg);
  if (!po) return false;
  Handle props = handle_new(rt, po);
  Handle keys = handle_new(rt, object_own_keys(rt, props, KEYS_ALL));
  if (!*keys) return false;
  uint32_t n = fixed_array_length(*keys);
  /* Per key: the descriptor object (undefined: skipped), then its parts. */
  Handle list = handle_new(rt, factory_fixed_array(rt, n * 4 + 1, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*list) return false;
  PropDesc *descs = calloc(n ? n : 1, sizeof *descs);
  if (!descs) {
    runtime_throw_oom(rt);
    return false;
  }
  Handle k = handle_new(rt, VALUE_UNDEFINED), d = handle_new(rt, VALUE_UNDEFINED),
         value = handle_new(rt, VALUE_UNDEFINED), get = handle_new(rt, VALUE_UNDEFINED),
         set = handle_new(rt, VALUE_UNDEFINED);
  bool ok = false;
  for (uint32_t i = 0; i < n; i++) {
    *k = FIXED_ARRAY(*keys)->data[i];
    PropertyLookup l;
    int found = object_get_own_property(rt, props, k, &l, d);
    if (found < 0) goto done;
    if (!found || !(details_attrs(l.details) & PROPERTY_ENUMERABLE)) continue;
    if (!(*d = js_get(rt, props, k))) goto done;
    *value = *get = *set = VALUE_UNDEFINED;
    if (!lib_to_descriptor(rt, d, &descs[i], value, get, set)) goto done;
    rd_value *slot = &FIXED_ARRAY(*list)->data[i * 4];
    HEAP_STORE(value_to_ptr(*list), slot[0], VALUE_TRUE);
    HEAP_STORE(value_to_ptr(*list), slot[1], *value);
    HEAP_STORE(value_to_ptr(*list), slot[2], *get);
    HEAP_STORE(value_to_ptr(*list), slot[3], *set);
  }
  for (uint32_t i = 0; i < n; i++) {
    rd_value *slot = &FIXED_ARRAY(*list)->data[i * 4];
    if (slot[0] != VALUE_TRUE) continue;
    *k = FIXED_ARRAY(*keys)->data[i];
    *value = slot[1], *get = slot[2], *set = slot[3];
    int r = lib_define_desc(rt, o, k, &descs[i], value, get, set);
    if (r < 0) goto done;
    if (r == 0) {
      js_throw(rt, ERROR_TypeError, "Cannot redefine property");
      goto done;
    }
  }
  ok = true;
done:
  free(descs);
  return ok;
}

static rd_value object_create(Runtime *rt, NativeArgs *a) {
  rd_value proto = native_arg(a, 0);
  if (proto != VALUE_NULL && !value_is_js_object(proto))
    return js_throw(rt, ERROR_TypeError, "Object prototype may only be an Object or null");
  HANDLE_SCOPE(rt);
  rd_value o = builtins_object_with_proto(rt, &a->argv[0]);
  if (!o) return VALUE_EMPTY;
  Handle ho = handle_new(rt, o);
  if (native_arg(a, 1) != VALUE_UNDEFINED && !define_properties(rt, ho, &a->argv[1])) return VALUE_EMPTY;
  return *ho;
}

static rd_value object_define_property(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(native_arg(a, 0))) return js_throw(rt, ERROR_TypeError, "Object.defineProperty called on non-object");
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, native_arg(a, 1));
  rd_value k = js_to_property_key(rt, key);
  if (!k) return VALUE_EMPTY;
  *key = k;
  Handle desc = handle_new(rt, native_arg(a, 2));
  if (!define_from_descriptor(rt, &a->argv[0], key, desc)) return VALUE_EMPTY;
  return a->argv[0];
}

static rd_value object_define_properties(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(native_arg(a, 0))) return js_throw(rt, ERROR_TypeError, "Object.defineProperties called on non-object");
  HANDLE_SCOPE(rt);
  Handle props = handle_new(rt, native_arg(a, 1));
  if (!define_properties(rt, &a->argv[0], props)) return VALUE_EMPTY;
  return a->argv[0];
}

static rd_value object_get_own_property_descriptor(Runtime *rt, NativeArgs *a) {
  rd_value o = to_object_arg(rt, native_arg(a, 0));
  if (!o) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle ho = handle_new(rt, o);
  Handle key = handle_new(rt, native_arg(a, 1));
  rd_value k = js_to_property_key(rt, key);
  if (!k) return VALUE_EMPTY;
  *key = k;
  return lib_from_descriptor(rt, ho, key);
}

/* A JS array of obj's own keys filtered: indices as strings. */
static rd_value keys_array(Runtime *rt, rd_value obj, KeysFilter filter, bool symbols, bool strings) {
  HANDLE_SCOPE(rt);
  rd_value o = to_object_arg(rt, obj);
  if (!o) return VALUE_EMPTY;
  if (!value_is_js_object(o)) return array_new(rt, ELEMENTS_PACKED, 0);
  Handle ho = handle_new(rt, o);
  Handle keys = handle_new(rt, object_own_keys(rt, ho, filter));
  if (!*keys) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*arr) return VALUE_EMPTY;
  uint32_t n = 0;
  for (uint32_t i = 0; i < fixed_array_length(*keys); i++) {
    HANDLE_SCOPE(rt);
    Handle k = handle_new(rt, FIXED_ARRAY(*keys)->data[i]);
    if (value_is_symbol(*k) ? !symbols : !strings) continue;
    if (value_is_number(*k)) {
      rd_value s = js_to_string(rt, k);
      if (!s) return VALUE_EMPTY;
      *k = s;
    }
    if (element_set(rt, arr, n++, k) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  }
  return *arr;
}

rd_value lib_own_keys_array(Runtime *rt, Handle obj, bool strings, bool symbols) {
  return keys_array(rt, *obj, KEYS_ALL, symbols, strings);
}

static rd_value object_keys(Runtime *rt, NativeArgs *a) {
  return keys_array(rt, native_arg(a, 0), KEYS_ENUMERABLE_STRINGS, false, true);
}
static rd_value object_get_own_property_names(Runtime *rt, NativeArgs *a) {
  return keys_array(rt, native_arg(a, 0), KEYS_ALL, false, true);
}
static rd_value object_get_own_property_symbols(Runtime *rt, NativeArgs *a) {
  return keys_array(rt, native_arg(a, 0), KEYS_ALL, true, false);
}

/* Appends v to JS array arr. */
static bool array_push(Runtime *rt, Handle arr, Handle v) {
  if (element_set(rt, arr, array_length(*arr), v) == PROPERTY_OK) return true;
  if (!runtime_has_exception(rt)) js_throw(rt, ERROR_RangeError, "Invalid array length");
  return false;
}

/* The key as a string value (canonical index keys are numbers). */
static rd_value key_string(Runtime *rt, Handle k) {
  return value_is_number(*k) ? js_to_string(rt, k) : *k;
}

typedef enum { ENUM_VALUES, ENUM_ENTRIES } EnumKind;

/* EnumerableOwnProperties(ToObject(v), kind): [[OwnPropertyKeys]], then per
 * string key [[GetOwnProperty]] and, if enumerable, [[Get]] (a Proxy sees
 * its traps in that order; getters may change later keys). */
static rd_value enumerable_own(Runtime *rt, rd_value v, EnumKind kind) {
  HANDLE_SCOPE(rt);
  rd_value o = to_object_arg(rt, v);
  if (!o) return VALUE_EMPTY;
  Handle ho = handle_new(rt, o);
  Handle keys = handle_new(rt, object_own_keys(rt, ho, KEYS_ALL));
  if (!*keys) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*arr) return VALUE_EMPTY;
  Handle k = handle_new(rt, VALUE_UNDEFINED), val = handle_new(rt, VALUE_UNDEFINED),
         entry = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < fixed_array_length(*keys); i++) {
    *k = FIXED_ARRAY(*keys)->data[i];
    if (value_is_symbol(*k)) continue;
    PropertyLookup l;
    int found = object_get_own_property(rt, ho, k, &l, val);
    if (found < 0) return VALUE_EMPTY;
    if (!found || !(details_attrs(l.details) & PROPERTY_ENUMERABLE)) continue;
    if (!(*val = js_get(rt, ho, k))) return VALUE_EMPTY;
    if (kind == ENUM_ENTRIES) {
      if (!(*k = key_string(rt, k))) return VALUE_EMPTY;
      if (!(*entry = array_new(rt, ELEMENTS_PACKED, 0)) || !array_push(rt, entry, k) || !array_push(rt, entry, val) ||
          !array_push(rt, arr, entry))
        return VALUE_EMPTY;
    } else if (!array_push(rt, arr, val)) {
      return VALUE_EMPTY;
    }
  }
  return *arr;
}

static rd_value object_values(Runtime *rt, NativeArgs *a) { return enumerable_own(rt, native_arg(a, 0), ENUM_VALUES); }
static rd_value object_entries(Runtime *rt, NativeArgs *a) { return enumerable_own(rt, native_arg(a, 0), ENUM_ENTRIES); }

/* Object.hasOwn(O, P): HasOwnProperty(ToObject(O), ToPropertyKey(P)). */
static rd_value object_has_own(Runtime *rt, NativeArgs *a) {
  rd_value o = to_object_arg(rt, native_arg(a, 0));
  if (!o) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle ho = handle_new(rt, o), key = handle_new(rt, native_arg(a, 1));
  rd_value k = js_to_property_key(rt, key);
  if (!k || !(k = object_canonical_key(rt, k))) return VALUE_EMPTY;
  *key = k;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  int found = object_get_own_property(rt, ho, key, &l, v);
  return found < 0 ? VALUE_EMPTY : value_from_bool(found);
}

/* CreateDataPropertyOrThrow(o, ToPropertyKey(k), v) for Object.fromEntries. */
static bool from_entries_add(Runtime *rt, Handle o, Handle k, Handle v) {
  rd_value key = js_to_property_key(rt, k);
  if (!key || !(key = object_canonical_key(rt, key))) return false;
  *k = key;
  PropertyStatus st = object_define_own(rt, o, k, v, PROPERTY_ATTRS_DEFAULT);
  if (st == PROPERTY_REJECTED) js_throw(rt, ERROR_TypeError, "Cannot define property");
  return st == PROPERTY_OK;
}

static rd_value object_from_entries(Runtime *rt, NativeArgs *a) {
  if (value_is_nullish(native_arg(a, 0)))
    return js_throw(rt, ERROR_TypeError, "Object.fromEntries called on null or undefined");
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, object_new(rt));
  if (!*o) return VALUE_EMPTY;
  return lib_add_entries_direct(rt, o, &a->argv[0], from_entries_add);
}

/* Object.getOwnPropertyDescriptors(O): a descriptor object per own key. */
static rd_value object_get_own_property_descriptors(Runtime *rt, NativeArgs *a) {
  rd_value o = to_object_arg(rt, native_arg(a, 0));
  if (!o) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle ho = handle_new(rt, o);
  Handle keys = handle_new(rt, object_own_keys(rt, ho, KEYS_ALL));
  if (!*keys) return VALUE_EMPTY;
  Handle out = handle_new(rt, object_new(rt));
  if (!*out) return VALUE_EMPTY;
  Handle k = handle_new(rt, VALUE_UNDEFINED), d = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < fixed_array_length(*keys); i++) {
    *k = FIXED_ARRAY(*keys)->data[i];
    if (!(*d = lib_from_descriptor(rt, ho, k))) return VALUE_EMPTY;
    if (*d == VALUE_UNDEFINED) continue;
    PropertyStatus st = object_define_own(rt, out, k, d, PROPERTY_ATTRS_DEFAULT);
    if (st != PROPERTY_OK) return st == PROPERTY_EXCEPTION ? VALUE_EMPTY : js_throw(rt, ERROR_TypeError, "Cannot define property");
  }
  return *out;
}

/* Appends value to the array at property key of groups (a null-prototype
 * ordinary object the caller alone sees), making the array. */
static bool object_group_add(Runtime *rt, Handle groups, Handle key, Handle value) {
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return false;
  *key = k;
  HANDLE_SCOPE(rt);
  PropertyLookup l;
  Handle group = handle_new(rt, VALUE_UNDEFINED);
  if (object_lookup_own(rt, *groups, *key, &l)) {
    *group = object_lookup_value(*groups, &l);
  } else {
    if (!(*group = array_new(rt, ELEMENTS_PACKED, 0))) return false;
    if (object_define_own(rt, groups, key, group, PROPERTY_ATTRS_DEFAULT) != PROPERTY_OK) {
      if (!runtime_has_exception(rt)) js_throw(rt, ERROR_TypeError, "Cannot define property");
      return false;
    }
  }
  return array_push(rt, group, value);
}

static rd_value object_group_by(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle items = handle_new(rt, native_arg(a, 0)), fn = handle_new(rt, native_arg(a, 1));
  Handle null = handle_new(rt, VALUE_NULL);
  Handle groups = handle_new(rt, builtins_object_with_proto(rt, null));
  if (!*groups) return VALUE_EMPTY;
  return lib_group_by(rt, items, fn, true, groups, object_group_add, "Object.groupBy");
}

static rd_value object_get_prototype_of(Runtime *rt, NativeArgs *a) {
  rd_value o = to_object_arg(rt, native_arg(a, 0));
  if (!o) return VALUE_EMPTY;
  if (!value_is_js_object(o)) {
    if (value_is_string(o)) return ROOT(rt, string_prototype);
    if (value_is_number(o)) return ROOT(rt, number_prototype);
    if (value_is_bool(o)) return ROOT(rt, boolean_prototype);
    if (value_is_symbol(o)) return ROOT(rt, symbol_prototype);
    if (value_is_bigint(o)) return ROOT(rt, bigint_prototype);
    return ROOT(rt, object_prototype);
  }
  HANDLE_SCOPE(rt);
  Handle ho = handle_new(rt, o);
  return object_prototype_of(rt, ho);
}

static rd_value object_set_prototype_of(Runtime *rt, NativeArgs *a) {
  rd_value o = native_arg(a, 0), p = native_arg(a, 1);
  if (value_is_nullish(o)) return js_throw(rt, ERROR_TypeError, "Object.setPrototypeOf called on null or undefined");
  if (p != VALUE_NULL && !value_is_js_object(p)) return js_throw(rt, ERROR_TypeError, "Object prototype may only be an Object or null");
  if (!value_is_js_object(o)) return o;
  HANDLE_SCOPE(rt);
  Handle hp = handle_new(rt, p);
  PropertyStatus st = object_set_prototype(rt, &a->argv[0], hp);
  if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  if (st == PROPERTY_REJECTED) return js_throw(rt, ERROR_TypeError, "Cannot set prototype (not extensible or cyclic)");
  return a->argv[0];
}

static rd_value object_is(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value x = native_arg(a, 0), y = native_arg(a, 1);
  if (value_is_number(x) && value_is_number(y)) {
    double p = value_to_number(x), q = value_to_number(y);
    if (p != p) return value_from_bool(q != q);
    if (p == 0 && q == 0) return value_from_bool(__builtin_signbit(p) == __builtin_signbit(q));
    return value_from_bool(p == q);
  }
  return value_from_bool(js_strict_equals(x, y));
}

static rd_value object_assign(Runtime *rt, NativeArgs *a) {
  rd_value t = to_object_arg(rt, native_arg(a, 0));
  if (!t) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, t);
  for (uint32_t s = 1; s < a->argc; s++) {
    HANDLE_SCOPE(rt);
    if (value_is_nullish(a->argv[s])) continue;
    rd_value src = to_object_arg(rt, a->argv[s]);   /* a string's characters are its own properties */
    if (!src) return VALUE_EMPTY;
    Handle from = handle_new(rt, src);
    Handle keys = handle_new(rt, object_own_keys(rt, from, KEYS_ALL));
    if (!*keys) return VALUE_EMPTY;
    for (uint32_t i = 0; i < fixed_array_length(*keys); i++) {
      HANDLE_SCOPE(rt);
      Handle k = handle_new(rt, FIXED_ARRAY(*keys)->data[i]);
      PropertyLookup l;
      Handle v = handle_new(rt, VALUE_UNDEFINED);
      int found = object_get_own_property(rt, from, k, &l, v);   /* a proxy's trap may throw */
      if (found < 0) return VALUE_EMPTY;
      if (!found || !(details_attrs(l.details) & PROPERTY_ENUMERABLE)) continue;
      *v = js_get(rt, from, k);
      if (!*v || !js_set(rt, target, k, v, true)) return VALUE_EMPTY;
    }
  }
  return *target;
}

/* SetIntegrityLevel through the internal methods (a Proxy's traps): each
 * own key gets the partial descriptor {configurable: false} (and, frozen,
 * writable: false for data properties), as the spec orders. */
static rd_value set_integrity_generic(Runtime *rt, Handle o, bool freeze) {
  HANDLE_SCOPE(rt);
  if (!object_prevent_extensions(rt, o)) return VALUE_EMPTY;
  Handle keys = handle_new(rt, object_own_keys(rt, o, KEYS_ALL));
  if (!*keys) return VALUE_EMPTY;
  Handle k = handle_new(rt, VALUE_UNDEFINED), v = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < fixed_array_length(*keys); i++) {
    *k = FIXED_ARRAY(*keys)->data[i];
    PropDesc d = {0};
    d.has_configurable = true;
    if (freeze) {
      PropertyLookup l;
      int found = object_get_own_property(rt, o, k, &l, v);
      if (found < 0) return VALUE_EMPTY;
      if (!found) continue;
      if (details_kind(l.details) == PROPERTY_KIND_DATA) d.has_writable = true;
    }
    int r = lib_define_desc(rt, o, k, &d, v, v, v);
    if (r < 0) return VALUE_EMPTY;
    if (!r) return js_throw(rt, ERROR_TypeError, "Cannot freeze");
  }
  return *o;
}

/* Sets every own property's attributes to non-configurable (and read-only when freezing). */
static rd_value set_integrity(Runtime *rt, Handle o, bool freeze) {
  HANDLE_SCOPE(rt);
  if (proxy_is(*o)) return set_integrity_generic(rt, o, freeze);
  if (!object_prevent_extensions(rt, o)) return VALUE_EMPTY;
  Handle keys = handle_new(rt, object_own_keys(rt, o, KEYS_ALL));
  if (!*keys) return VALUE_EMPTY;
  for (uint32_t i = 0; i < fixed_array_length(*keys); i++) {
    HANDLE_SCOPE(rt);
    Handle k = handle_new(rt, FIXED_ARRAY(*keys)->data[i]);
    PropertyLookup l;
    Handle cur = handle_new(rt, VALUE_UNDEFINED);
    int found = object_get_own_property(rt, o, k, &l, cur);   /* an exotic object's value may need allocating */
    if (found < 0) return VALUE_EMPTY;
    if (!found) continue;
    uint32_t attrs = details_attrs(l.details) & ~PROPERTY_CONFIGURABLE;
    PropertyStatus st;
    if (details_kind(l.details) == PROPERTY_KIND_ACCESSOR) {
      rd_value pair = *cur;
      Handle g = handle_new(rt, ((AccessorPair *)value_to_ptr(pair))->getter);
      Handle s = handle_new(rt, ((AccessorPair *)value_to_ptr(pair))->setter);
      st = object_define_accessor(rt, o, k, g, s, attrs);
    } else {
      if (freeze) attrs &= ~PROPERTY_WRITABLE;
      Handle v = handle_new(rt, l.kind == LOOKUP_ARRAY_LENGTH ? value_from_number(array_length(*o)) : *cur);
      st = object_define_own(rt, o, k, v, attrs);
    }
    if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    if (st == PROPERTY_REJECTED) return js_throw(rt, ERROR_TypeError, "Cannot freeze");
  }
  return *o;
}

/* True if every own property is non-configurable (and read-only for frozen) and o is not extensible. */
static rd_value test_integrity(Runtime *rt, Handle o, bool frozen) {
  if (!value_is_js_object(*o)) return VALUE_TRUE;
  int ext = object_extensible(rt, o);
  if (ext) return ext < 0 ? VALUE_EMPTY : VALUE_FALSE;
  HANDLE_SCOPE(rt);
  Handle keys = handle_new(rt, object_own_keys(rt, o, KEYS_ALL));
  if (!*keys) return VALUE_EMPTY;
  Handle k = handle_new(rt, VALUE_UNDEFINED), v = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < fixed_array_length(*keys); i++) {
    PropertyLookup l;
    *k = FIXED_ARRAY(*keys)->data[i];
    int found = object_get_own_property(rt, o, k, &l, v);   /* a proxy's trap may throw */
    if (found < 0) return VALUE_EMPTY;
    if (!found) continue;
    uint32_t attrs = details_attrs(l.details);
    if (attrs & PROPERTY_CONFIGURABLE) return VALUE_FALSE;
    if (frozen && details_kind(l.details) == PROPERTY_KIND_DATA && (attrs & PROPERTY_WRITABLE)) return VALUE_FALSE;
  }
  return VALUE_TRUE;
}

static rd_value object_freeze(Runtime *rt, NativeArgs *a) {
  return value_is_js_object(native_arg(a, 0)) ? set_integrity(rt, &a->argv[0], true) : native_arg(a, 0);
}
static rd_value object_seal(Runtime *rt, NativeArgs *a) {
  return value_is_js_object(native_arg(a, 0)) ? set_integrity(rt, &a->argv[0], false) : native_arg(a, 0);
}
static rd_value object_is_frozen(Runtime *rt, NativeArgs *a) {
  return a->argc ? test_integrity(rt, &a->argv[0], true) : VALUE_TRUE;
}
static rd_value object_is_sealed(Runtime *rt, NativeArgs *a) {
  return a->argc ? test_integrity(rt, &a->argv[0], false) : VALUE_TRUE;
}
static rd_value object_prevent_extensions_fn(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(native_arg(a, 0))) return native_arg(a, 0);
  return object_prevent_extensions(rt, &a->argv[0]) ? a->argv[0] : VALUE_EMPTY;
}
static rd_value object_is_extensible_fn(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(native_arg(a, 0))) return VALUE_FALSE;
  int r = object_extensible(rt, &a->argv[0]);
  return r < 0 ? VALUE_EMPTY : value_from_bool(r);
}

/* --- Object.prototype --------------------------------------------------------------------- */
static rd_value proto_has_own_property(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, native_arg(a, 0));
  rd_value k = js_to_property_key(rt, key);
  if (!k) return VALUE_EMPTY;
  rd_value o = to_object_arg(rt, *a->receiver);
  if (!o) return VALUE_EMPTY;
  if (!value_is_js_object(o)) return VALUE_FALSE;
  Handle ho = handle_new(rt, o), hk = handle_new(rt, k), v = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  int found = object_get_own_property(rt, ho, hk, &l, v);   /* may throw (exotic objects) */
  return found < 0 ? VALUE_EMPTY : value_from_bool(found);
}

static rd_value proto_is_prototype_of(Runtime *rt, NativeArgs *a) {
  rd_value v = native_arg(a, 0);
  if (!value_is_js_object(v)) return VALUE_FALSE;
  rd_value o = to_object_arg(rt, *a->receiver);
  if (!o) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle ho = handle_new(rt, o), p = handle_new(rt, v);
  for (;;) {   /* [[GetPrototypeOf]] may be a proxy's trap */
    rd_value q = object_prototype_of(rt, p);
    if (!q) return VALUE_EMPTY;
    if (!value_is_js_object(q)) return VALUE_FALSE;
    if (q == *ho) return VALUE_TRUE;
    *p = q;
  }
}

static rd_value proto_property_is_enumerable(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, native_arg(a, 0));
  rd_value k = js_to_property_key(rt, key);
  if (!k) return VALUE_EMPTY;
  rd_value o = to_object_arg(rt, *a->receiver);
  if (!o) return VALUE_EMPTY;
  if (!value_is_js_object(o)) return VALUE_FALSE;
  Handle ho = handle_new(rt, o), hk = handle_new(rt, k), v = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  int found = object_get_own_property(rt, ho, hk, &l, v);   /* may throw (exotic objects) */
  if (found <= 0) return found < 0 ? VALUE_EMPTY : VALUE_FALSE;
  return value_from_bool(details_attrs(l.details) & PROPERTY_ENUMERABLE);
}

/* Object.prototype.toString: "[object Tag]". */
static rd_value proto_to_string(Runtime *rt, NativeArgs *a) {
  rd_value o = *a->receiver;
  const char *tag = "Object";
  if (o == VALUE_UNDEFINED) return string_from_cstr(rt, "[object Undefined]");
  if (o == VALUE_NULL) return string_from_cstr(rt, "[object Null]");
  rd_value prim = js_wrapped_value(o);   /* a String/Number/Boolean object tags as its value */
  rd_value kind = prim ? prim : o;
  int is_array = proxy_is_array(rt, o);
  if (is_array < 0) return VALUE_EMPTY;
  if (is_array) tag = "Array";
  else if (value_is_callable(o)) tag = "Function";
  else if (value_has_type(o, TYPE_JS_DATE)) tag = "Date";
  else if (value_has_type(o, TYPE_JS_ARGUMENTS)) tag = "Arguments";
  else if (regexp_is_instance(o)) tag = "RegExp";
  else if (value_is_js_object(o) && (heap_object_map(value_to_ptr(o))->bit_field & MAP_ERROR_DATA)) tag = "Error";
  else if (value_is_string(kind)) tag = "String";
  else if (value_is_number(kind)) tag = "Number";
  else if (value_is_bool(kind)) tag = "Boolean";
  HANDLE_SCOPE(rt);
  {   /* Get(ToObject(this), @@toStringTag): primitives read their prototype's (Symbol, BigInt) */
    Handle key = handle_new(rt, ROOT(rt, symbol_to_string_tag));
    rd_value t = js_get(rt, a->receiver, key);
    if (!t) return VALUE_EMPTY;
    if (value_is_string(t)) {
      Handle ht = handle_new(rt, t);   /* before the allocations below */
      Handle l = handle_new(rt, string_from_cstr(rt, "[object "));
      Handle r = handle_new(rt, string_from_cstr(rt, "]"));
      if (!*l || !*r) return VALUE_EMPTY;
      rd_value s = string_concat(rt, l, ht);
      if (!s) return VALUE_EMPTY;
      *l = s;
      return string_concat(rt, l, r);
    }
  }
  char buf[64];
  snprintf(buf, sizeof buf, "[object %s]", tag);
  return string_from_cstr(rt, buf);
}

static rd_value proto_to_locale_string(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle f = handle_new(rt, get_named(rt, a->receiver, "toString"));
  if (!*f) return VALUE_EMPTY;
  return interp_call(rt, f, a->receiver, 0, NULL);
}

static rd_value proto_value_of(Runtime *rt, NativeArgs *a) {
  return to_object_arg(rt, *a->receiver);
}

static rd_value proto_get_proto(Runtime *rt, NativeArgs *a) {
  NativeArgs b = *a;
  b.argv = a->receiver;
  b.argc = 1;
  return object_get_prototype_of(rt, &b);
}

static rd_value proto_set_proto(Runtime *rt, NativeArgs *a) {
  rd_value o = *a->receiver, p = native_arg(a, 0);
  if (value_is_nullish(o)) return js_throw(rt, ERROR_TypeError, "Object.prototype.__proto__ called on null or undefined");
  if ((p != VALUE_NULL && !value_is_js_object(p)) || !value_is_js_object(o)) return VALUE_UNDEFINED;
  PropertyStatus st = object_set_prototype(rt, a->receiver, &a->argv[0]);
  if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  if (st == PROPERTY_REJECTED) return js_throw(rt, ERROR_TypeError, "Cannot set prototype");
  return VALUE_UNDEFINED;
}

/* Annex B __defineGetter__ / __defineSetter__: DefinePropertyOrThrow(ToObject(this),
 * ToPropertyKey(P), {[[Get]] or [[Set]]: fn, enumerable, configurable}). */
static rd_value define_accessor_legacy(Runtime *rt, NativeArgs *a, bool setter) {
  rd_value o = to_object_arg(rt, *a->receiver);
  if (!o) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle ho = handle_new(rt, o), fn = handle_new(rt, native_arg(a, 1));
  if (!value_is_callable(*fn)) return js_throw(rt, ERROR_TypeError, "Object.prototype.__define%cetter__: expecting function", setter ? 'S' : 'G');
  Handle key = handle_new(rt, native_arg(a, 0));
  rd_value k = js_to_property_key(rt, key);
  if (!k) return VALUE_EMPTY;
  *key = k;
  PropDesc d = {0};
  d.has_enumerable = d.enumerable = d.has_configurable = d.configurable = true;
  if (setter) d.has_set = true;
  else d.has_get = true;
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  int r = lib_define_desc(rt, ho, key, &d, undef, setter ? undef : fn, setter ? fn : undef);
  if (r < 0) return VALUE_EMPTY;
  if (r == 0) return js_throw(rt, ERROR_TypeError, "Cannot redefine property");
  return VALUE_UNDEFINED;
}
static rd_value proto_define_getter(Runtime *rt, NativeArgs *a) { return define_accessor_legacy(rt, a, false); }
static rd_value proto_define_setter(Runtime *rt, NativeArgs *a) { return define_accessor_legacy(rt, a, true); }

/* Annex B __lookupGetter__ / __lookupSetter__: the first own property P up
 * the prototype chain of ToObject(this) decides (through [[GetOwnProperty]]
 * and [[GetPrototypeOf]], so a Proxy's traps run). */
static rd_value lookup_accessor_legacy(Runtime *rt, NativeArgs *a, bool setter) {
  rd_value o = to_object_arg(rt, *a->receiver);
  if (!o) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle ho = handle_new(rt, o), key = handle_new(rt, native_arg(a, 0));
  rd_value k = js_to_property_key(rt, key);
  if (!k || !(k = object_canonical_key(rt, k))) return VALUE_EMPTY;
  *key = k;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (;;) {
    PropertyLookup l;
    int found = object_get_own_property(rt, ho, key, &l, v);
    if (found < 0) return VALUE_EMPTY;
    if (found) {
      if (details_kind(l.details) != PROPERTY_KIND_ACCESSOR) return VALUE_UNDEFINED;
      AccessorPair *p = (AccessorPair *)value_to_ptr(*v);
      return setter ? p->setter : p->getter;
    }
    rd_value p = object_prototype_of(rt, ho);
    if (!p) return VALUE_EMPTY;
    if (!value_is_js_object(p)) return VALUE_UNDEFINED;
    *ho = p;
  }
}
static rd_value proto_lookup_getter(Runtime *rt, NativeArgs *a) { return lookup_accessor_legacy(rt, a, false); }
static rd_value proto_lookup_setter(Runtime *rt, NativeArgs *a) { return lookup_accessor_legacy(rt, a, true); }

bool builtins_init_object(Runtime *rt) {
  HANDLE_SCOPE(rt);
  rd_value ctor = builtins_constructor(rt, "Object", object_ctor, 1, ROOT_SLOT(rt, object_prototype));
  if (!ctor) return false;
  Handle hc = handle_new(rt, ctor);
  static const BuiltinMethod statics[] = {
      {"create", object_create, 2}, {"defineProperty", object_define_property, 3},
      {"defineProperties", object_define_properties, 2},
      {"getOwnPropertyDescriptor", object_get_own_property_descriptor, 2},
      {"getOwnPropertyNames", object_get_own_property_names, 1},
      {"getOwnPropertySymbols", object_get_own_property_symbols, 1}, {"keys", object_keys, 1},
      {"getPrototypeOf", object_get_prototype_of, 1}, {"setPrototypeOf", object_set_prototype_of, 2},
      {"is", object_is, 2}, {"assign", object_assign, 2}, {"freeze", object_freeze, 1},
      {"seal", object_seal, 1}, {"isFrozen", object_is_frozen, 1}, {"isSealed", object_is_sealed, 1},
      {"preventExtensions", object_prevent_extensions_fn, 1},
      {"isExtensible", object_is_extensible_fn, 1}, {"entries", object_entries, 1},
      {"values", object_values, 1}, {"hasOwn", object_has_own, 2}, {"fromEntries", object_from_entries, 1},
      {"getOwnPropertyDescriptors", object_get_own_property_descriptors, 1}, {"groupBy", object_group_by, 2},
  };
  static const BuiltinMethod proto[] = {
      {"hasOwnProperty", proto_has_own_property, 1}, {"isPrototypeOf", proto_is_prototype_of, 1},
      {"propertyIsEnumerable", proto_property_is_enumerable, 1}, {"toString", proto_to_string, 0},
      {"toLocaleString", proto_to_locale_string, 0}, {"valueOf", proto_value_of, 0},
      {"__defineGetter__", proto_define_getter, 2}, {"__defineSetter__", proto_define_setter, 2},
      {"__lookupGetter__", proto_lookup_getter, 1}, {"__lookupSetter__", proto_lookup_setter, 1},
  };
  if (!builtins_install(rt, hc, statics, ARRAY_LEN(statics)) ||
      !builtins_install(rt, ROOT_SLOT(rt, object_prototype), proto, ARRAY_LEN(proto)))
    return false;
  /* Annex B: Object.prototype.__proto__ accessor. */
  Handle g = handle_new(rt, builtins_function(rt, "get __proto__", proto_get_proto, 0));
  Handle s = handle_new(rt, builtins_function(rt, "set __proto__", proto_set_proto, 1));
  Handle key = handle_new(rt, string_internalize_cstr(rt, "__proto__"));
  if (!*g || !*s || !*key) return false;
  if (object_define_accessor(rt, ROOT_SLOT(rt, object_prototype), key, g, s, PROPERTY_CONFIGURABLE) != PROPERTY_OK)
    return false;
  return builtins_define_global(rt, "Object", hc);
}
