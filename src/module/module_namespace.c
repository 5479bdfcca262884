/*
 * module_namespace.c - the module namespace exotic object (ECMA-262
 * 10.4.6): the object model hooks (objects/object.h ExoticHooks) of
 * TYPE_JS_MODULE_NAMESPACE. Its map has MAP_EXOTIC, prototype null and is
 * not extensible; it has no ordinary properties: the exports (sorted by code
 * units, JSModuleNamespace.exports) and @@toStringTag ("Module") are
 * answered by the hooks.
 *
 * Invariant: every export's value is read live through its (holder, index)
 * pair, so the namespace sees the exporter's current value and its TDZ hole
 * ([[Get]] then throws a ReferenceError).
 */
#include "module/module.h"

#include <stdlib.h>

#include "objects/bigint.h"
#include "objects/factory.h"
#include "objects/string.h"
#include "runtime/ops.h"

#define NS(v) ((JSModuleNamespace *)value_to_ptr(v))
#define TAG_INDEX UINT32_MAX

/* Index of export `key` (a canonical key), or -1. Never allocates. */
static int32_t find_export(rd_value obj, rd_value key) {
  uint32_t index = 0, name_index;
  bool is_index = object_key_as_index(key, &index);   /* "0" is canonically the number 0 */
  if (!value_is_string(key) && !is_index) return -1;
  rd_value ex = NS(obj)->exports;
  uint32_t n = fixed_array_length(ex) / 3;
  for (uint32_t i = 0; i < n; i++) {
    rd_value name = FIXED_ARRAY(ex)->data[3 * i];
    if (name == key || (is_index && string_as_array_index(name, &name_index) && name_index == index))
      return (int32_t)i;
  }
  return -1;
}

/* The current value of export i (VALUE_EMPTY while in its TDZ). */
static rd_value export_value(rd_value obj, uint32_t i) {
  rd_value ex = NS(obj)->exports;
  rd_value holder = FIXED_ARRAY(ex)->data[3 * i + 1];
  return FIXED_ARRAY(holder)->data[value_to_int32(FIXED_ARRAY(ex)->data[3 * i + 2])];
}

static bool is_tag(Runtime *rt, rd_value key) { return key == ROOT(rt, symbol_to_string_tag); }

static bool ns_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out) {
  out->kind = LOOKUP_NOT_FOUND;
  if (is_tag(rt, key)) {
    out->kind = LOOKUP_EXOTIC;
    out->details = details_make(0, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0);
    out->index = TAG_INDEX;
    return true;
  }
  int32_t i = find_export(obj, key);
  if (i < 0) return false;
  out->kind = LOOKUP_EXOTIC;
  out->details = details_make(PROPERTY_WRITABLE | PROPERTY_ENUMERABLE, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD,
                              REP_TAGGED, 0);
  out->index = (uint32_t)i;
  return true;
}

static rd_value ns_lookup_value(rd_value obj, const PropertyLookup *l) {
  if (l->index == TAG_INDEX) return NS(obj)->tag;
  rd_value v = export_value(obj, l->index);
  return v == VALUE_EMPTY ? VALUE_UNDEFINED : v;
}

/* Throws the ReferenceError of export i read in its TDZ. */
static rd_value tdz_error(Runtime *rt, rd_value obj, uint32_t i) {
  rd_value name = FIXED_ARRAY(NS(obj)->exports)->data[3 * i];
  char *s = string_to_utf8(name, NULL);
  rd_value r = js_throw(rt, ERROR_ReferenceError, "Cannot access '%s' before initialization", s ? s : "?");
  free(s);
  return r;
}

static rd_value ns_get(Runtime *rt, Handle obj, Handle key) {
  if (is_tag(rt, *key)) return NS(*obj)->tag;
  int32_t i = find_export(*obj, *key);
  if (i < 0) return VALUE_UNDEFINED;
  rd_value v = export_value(*obj, (uint32_t)i);
  return v == VALUE_EMPTY ? tdz_error(rt, *obj, (uint32_t)i) : v;
}

/* [[GetOwnProperty]]: an export in its TDZ throws a ReferenceError. */
static int ns_get_own_property(Runtime *rt, Handle obj, Handle key, PropertyLookup *out, Handle value) {
  if (!ns_lookup_own(rt, *obj, *key, out)) return 0;
  if (out->index == TAG_INDEX) {
    *value = NS(*obj)->tag;
    return 1;
  }
  rd_value v = export_value(*obj, out->index);
  if (v == VALUE_EMPTY) {
    (void)tdz_error(rt, *obj, out->index);
    return -1;
  }
  *value = v;
  return 1;
}

static PropertyStatus ns_set(Runtime *rt, Handle obj, Handle key, Handle value, rd_value *pair_out) {
  (void)rt, (void)obj, (void)key, (void)value, (void)pair_out;
  return PROPERTY_REJECTED;
}

static bool same_value(rd_value a, rd_value b) {
  if (value_is_number(a) && value_is_number(b)) {
    double x = value_to_number(a), y = value_to_number(b);
    if (x != x && y != y) return true;
    return x == y && (x != 0 || (1 / x) == (1 / y));
  }
  if (value_is_string(a) && value_is_string(b)) return string_equals(a, b);
  if (value_is_bigint(a) && value_is_bigint(b)) return bigint_equals(a, b);
  return a == b;
}

static PropertyStatus ns_define(Runtime *rt, Handle obj, Handle key, Handle value, Handle getter, Handle setter,
                                uint32_t attrs) {
  (void)setter;
  if (is_tag(rt, *key)) {
    if (getter || attrs != 0) return PROPERTY_REJECTED;
    return same_value(*value, NS(*obj)->tag) ? PROPERTY_OK : PROPERTY_REJECTED;
  }
  int32_t i = find_export(*obj, *key);
  if (i < 0) return PROPERTY_REJECTED;
  rd_value current = export_value(*obj, (uint32_t)i);
  if (current == VALUE_EMPTY) {
    (void)tdz_error(rt, *obj, (uint32_t)i);
    return PROPERTY_EXCEPTION;
  }
  if (getter || attrs != (PROPERTY_WRITABLE | PROPERTY_ENUMERABLE)) return PROPERTY_REJECTED;
  return same_value(*value, current) ? PROPERTY_OK : PROPERTY_REJECTED;
}

static PropertyStatus ns_delete(Runtime *rt, Handle obj, Handle key) {
  if (is_tag(rt, *key)) return PROPERTY_REJECTED;
  return find_export(*obj, *key) >= 0 ? PROPERTY_REJECTED : PROPERTY_OK;
}

static rd_value ns_own_keys(Runtime *rt, Handle obj, KeysFilter filter) {
  uint32_t n = fixed_array_length(NS(*obj)->exports) / 3;
  bool with_tag = filter == KEYS_ALL;
  rd_value out = factory_fixed_array(rt, n + with_tag, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!out) return VALUE_EMPTY;
  rd_value ex = NS(*obj)->exports;
  /* Object.keys / for-in read each property's descriptor: an export in its TDZ throws */
  if (filter == KEYS_ENUMERABLE_STRINGS)
    for (uint32_t i = 0; i < n; i++)
      if (export_value(*obj, i) == VALUE_EMPTY) return tdz_error(rt, *obj, i);
  for (uint32_t i = 0; i < n; i++) HEAP_STORE(value_to_ptr(out), FIXED_ARRAY(out)->data[i], FIXED_ARRAY(ex)->data[3 * i]);
  if (with_tag) HEAP_STORE(value_to_ptr(out), FIXED_ARRAY(out)->data[n], ROOT(rt, symbol_to_string_tag));
  return out;
}

const ExoticHooks module_namespace_hooks = {
    .lookup_own = ns_lookup_own,
    .lookup_value = ns_lookup_value,
    .get_own_property = ns_get_own_property,
    .get = ns_get,
    .set = ns_set,
    .define = ns_define,
    .delete_ = ns_delete,
    .own_keys = ns_own_keys,
    .prevent_extensions = NULL,   /* ordinary: already not extensible */
    .set_prototype = NULL,        /* ordinary: only null (the current one) succeeds */
};
