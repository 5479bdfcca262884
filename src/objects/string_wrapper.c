/*
 * string_wrapper.c - the String exotic object (ECMA-262 10.4.3): the
 * ExoticHooks of TYPE_JS_PRIMITIVE_WRAPPER, which only String objects' maps
 * carry (MAP_EXOTIC is set on the string wrapper map by js_to_object).
 *
 * Invariant: an array index below the length of the wrapped string names
 * the character there, an own data property {writable: false, enumerable:
 * true, configurable: false}; such a key never reaches the ordinary
 * properties (so the elements never hold one). Every other key, "length"
 * included (an ordinary read-only property made with the object), is
 * ordinary. [[OwnPropertyKeys]] lists the character indices first.
 */
#include "objects/object.h"

#include "objects/factory.h"
#include "objects/string.h"
#include "runtime/ops.h"

/* True (and *i) if canonical key names a character of String object obj. Never allocates. */
static bool char_index(rd_value obj, rd_value key, uint32_t *i) {
  rd_value s = ((JSPrimitiveWrapper *)value_to_ptr(obj))->value;
  return value_is_string(s) && object_key_as_index(key, i) && *i < string_length(s);
}

static rd_value wrapped_string(rd_value obj) { return ((JSPrimitiveWrapper *)value_to_ptr(obj))->value; }

static PropertyDetails char_details(void) {
  return details_make(PROPERTY_ENUMERABLE, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0);
}

/* The one-character string at index i of obj's string. */
static rd_value char_at(Runtime *rt, rd_value obj, uint32_t i) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, wrapped_string(obj));
  return string_substring(rt, s, i, i + 1);
}

static bool sw_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out) {
  uint32_t i;
  out->kind = LOOKUP_NOT_FOUND;
  if (!char_index(obj, key, &i)) return object_ordinary_lookup_own(rt, obj, key, out);
  out->kind = LOOKUP_EXOTIC;
  out->details = char_details();
  out->index = i;
  return true;
}

/* A character cannot be made here without allocating: the fallible paths
 * (get_own_property, get) have it. Never allocates. */
static rd_value sw_lookup_value(rd_value obj, const PropertyLookup *l) {
  (void)obj, (void)l;
  return VALUE_UNDEFINED;
}

static int sw_get_own_property(Runtime *rt, Handle obj, Handle key, PropertyLookup *out, Handle value) {
  uint32_t i;
  if (!char_index(*obj, *key, &i)) {
    if (!object_ordinary_lookup_own(rt, *obj, *key, out)) return 0;
    *value = object_lookup_value(*obj, out);
    return 1;
  }
  rd_value c = char_at(rt, *obj, i);
  if (!c) return -1;
  *value = c;
  out->kind = LOOKUP_EXOTIC;
  out->details = char_details();
  out->index = i;
  return 1;
}

static rd_value sw_get(Runtime *rt, Handle obj, Handle key) {
  uint32_t i;
  if (char_index(*obj, *key, &i)) return char_at(rt, *obj, i);
  PropertyLookup l;
  if (object_ordinary_lookup_own(rt, *obj, *key, &l)) return object_lookup_value(*obj, &l);
  rd_value proto = object_get_prototype(*obj);
  if (!value_is_ptr(proto)) return VALUE_UNDEFINED;
  HANDLE_SCOPE(rt);
  Handle hp = handle_new(rt, proto);
  return object_get(rt, hp, key);
}

/* [[Set]] on the object itself: a character is read-only. */
static PropertyStatus sw_set(Runtime *rt, Handle obj, Handle key, Handle value, rd_value *pair_out) {
  uint32_t i;
  if (char_index(*obj, *key, &i)) return PROPERTY_REJECTED;
  return object_ordinary_set(rt, obj, key, value, pair_out);
}

/* [[DefineOwnProperty]]: for a character, IsCompatiblePropertyDescriptor
 * with the complete descriptor given (the same value, attributes E only). */
static PropertyStatus sw_define(Runtime *rt, Handle obj, Handle key, Handle value, Handle getter, Handle setter,
                                uint32_t attrs) {
  uint32_t i;
  if (!char_index(*obj, *key, &i)) {
    if (getter || setter) {
      HANDLE_SCOPE(rt);
      Handle undef = handle_new(rt, VALUE_UNDEFINED);
      return object_ordinary_define_accessor(rt, obj, key, getter ? getter : undef, setter ? setter : undef, attrs);
    }
    return object_ordinary_define_own(rt, obj, key, value, attrs);
  }
  if (getter || setter || (attrs & PROPERTY_ATTRS_MASK) != PROPERTY_ENUMERABLE) return PROPERTY_REJECTED;
  if (!value) return PROPERTY_OK;
  rd_value v = *value;
  if (!value_is_string(v) || string_length(v) != 1 || string_char_at(v, 0) != string_char_at(wrapped_string(*obj), i))
    return PROPERTY_REJECTED;
  return PROPERTY_OK;
}

static PropertyStatus sw_delete(Runtime *rt, Handle obj, Handle key) {
  uint32_t i;
  if (char_index(*obj, *key, &i)) return PROPERTY_REJECTED;
  return object_ordinary_delete(rt, obj, key);
}

/* [[OwnPropertyKeys]]: the character indices, then the ordinary keys (whose
 * own indices are all past the string's length). */
static rd_value sw_own_keys(Runtime *rt, Handle obj, KeysFilter filter) {
  HANDLE_SCOPE(rt);
  Handle names = handle_new(rt, object_ordinary_own_keys(rt, obj, filter));
  if (!*names) return VALUE_EMPTY;
  rd_value s = wrapped_string(*obj);
  uint32_t len = value_is_string(s) ? string_length(s) : 0;
  if (len == 0) return *names;
  uint32_t nn = fixed_array_length(*names);
  if ((uint64_t)len + nn > FIXED_ARRAY_MAX_LENGTH) return runtime_throw_range_error(rt, "Too many keys");
  rd_value out = factory_fixed_array(rt, len + nn, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!out) return VALUE_EMPTY;
  for (uint32_t i = 0; i < len; i++) FIXED_ARRAY(out)->data[i] = value_from_number((double)i);
  for (uint32_t i = 0; i < nn; i++) HEAP_STORE(value_to_ptr(out), FIXED_ARRAY(out)->data[len + i], FIXED_ARRAY(*names)->data[i]);
  return out;
}

const ExoticHooks string_wrapper_hooks = {
    .lookup_own = sw_lookup_own,
    .lookup_value = sw_lookup_value,
    .get_own_property = sw_get_own_property,
    .get = sw_get,
    .set = sw_set,
    .define = sw_define,
    .delete_ = sw_delete,
    .own_keys = sw_own_keys,
};
