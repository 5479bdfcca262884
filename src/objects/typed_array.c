/*
 * typed_array.c - the integer-indexed exotic behaviour of TypedArrays
 * (ECMA-262 2025, 10.4.5): the ExoticHooks of TYPE_JS_TYPED_ARRAY, element
 * reads and writes through the viewed buffer (TypedArrayGetElement /
 * TypedArraySetElement) and CanonicalNumericIndexString.
 *
 * Invariant: a canonical numeric key never reaches the ordinary property
 * code or the prototype chain: it is an element, present iff
 * IsValidIntegerIndex at the time of the access; every other key is an
 * ordinary property. The layout is in objects/typed_array.h.
 */
#include "objects/typed_array.h"

#include <math.h>
#include <string.h>

#include "base/numconv.h"
#include "objects/factory.h"
#include "interp/interpreter.h"
#include "objects/string.h"
#include "runtime/ops.h"

bool typed_array_numeric_key(rd_value k, double *out) {
  if (value_is_number(k)) {   /* a canonical array index */
    *out = value_to_number(k);
    return true;
  }
  if (!value_is_string(k)) return false;
  uint32_t n = string_length(k);
  if (n == 0 || n > 32) return false;
  uint16_t c0 = string_char_at(k, 0);
  if (!(c0 == '-' || (c0 >= '0' && c0 <= '9') || c0 == 'I' || c0 == 'N')) return false;
  char buf[40], back[40];
  for (uint32_t i = 0; i < n; i++) {
    uint16_t c = string_char_at(k, i);
    if (c >= 128) return false;
    buf[i] = (char)c;
  }
  buf[n] = 0;
  if (strcmp(buf, "-0") == 0) {
    *out = -0.0;
    return true;
  }
  double d = num_parse_one_byte((const uint8_t *)buf, n);
  int m = num_to_string(d, back);
  if ((uint32_t)m != n || memcmp(buf, back, n) != 0) return false;
  *out = d;
  return true;
}

/* IsValidIntegerIndex(ta, index). Never allocates. */
static bool valid_index(rd_value ta, double index) {
  if (index != index || index != trunc(index) || (index == 0 && signbit(index)) || index < 0) return false;
  int64_t len = typed_array_length(ta);
  return len >= 0 && index < (double)len;
}

rd_value typed_array_get(Runtime *rt, rd_value ta, double index) {
  if (!valid_index(ta, index)) return VALUE_UNDEFINED;
  BufferElementType t = typed_array_kind(ta);
  uint8_t *p = typed_array_data(ta) + (size_t)index * buffer_element_size[t];
  if (!buffer_element_is_bigint(t)) return value_from_number(array_buffer_read_element(p, t, true));
  return array_buffer_get_value(rt, p, t, true);
}

bool typed_array_set(Runtime *rt, Handle ta, double index, Handle v) {
  BufferElementType t = typed_array_kind(*ta);
  HANDLE_SCOPE(rt);
  rd_value n = buffer_element_is_bigint(t) ? js_to_bigint(rt, v) : js_to_number(rt, v);
  if (!n) return false;
  if (!valid_index(*ta, index)) return true;
  array_buffer_set_value(typed_array_data(*ta) + (size_t)index * buffer_element_size[t], t, n, true);
  return true;
}

/* --- hooks ------------------------------------------------------------------------------ */
static PropertyDetails element_details(void) {
  return details_make(PROPERTY_ATTRS_DEFAULT, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0);
}

static bool ta_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out) {
  double d;
  out->kind = LOOKUP_NOT_FOUND;
  if (!typed_array_numeric_key(key, &d)) return object_ordinary_lookup_own(rt, obj, key, out);
  if (!valid_index(obj, d)) return false;
  out->kind = LOOKUP_EXOTIC;
  out->details = element_details();
  out->index = (uint32_t)d;
  return true;
}

/* A Number element's value; BigInt elements read as undefined here (this
 * path cannot allocate: get_own_property has them). Never allocates. */
static rd_value ta_lookup_value(rd_value obj, const PropertyLookup *l) {
  BufferElementType t = typed_array_kind(obj);
  if (buffer_element_is_bigint(t) || !valid_index(obj, l->index)) return VALUE_UNDEFINED;
  return value_from_number(array_buffer_read_element(typed_array_data(obj) + (size_t)l->index * buffer_element_size[t], t, true));
}

static int ta_get_own_property(Runtime *rt, Handle obj, Handle key, PropertyLookup *out, Handle value) {
  double d;
  if (!typed_array_numeric_key(*key, &d)) {
    if (!object_ordinary_lookup_own(rt, *obj, *key, out)) return 0;
    *value = object_lookup_value(*obj, out);
    return 1;
  }
  out->kind = LOOKUP_NOT_FOUND;
  if (!valid_index(*obj, d)) return 0;
  rd_value v = typed_array_get(rt, *obj, d);
  if (!v) return -1;
  *value = v;
  out->kind = LOOKUP_EXOTIC;
  out->details = element_details();
  out->index = (uint32_t)d;
  return 1;
}

static rd_value ta_get(Runtime *rt, Handle obj, Handle key) {
  double d;
  if (typed_array_numeric_key(*key, &d)) return typed_array_get(rt, *obj, d);
  PropertyLookup l;
  if (object_ordinary_lookup_own(rt, *obj, *key, &l)) return object_lookup_value(*obj, &l);
  rd_value proto = object_get_prototype(*obj);
  if (!value_is_ptr(proto)) return VALUE_UNDEFINED;
  HANDLE_SCOPE(rt);
  Handle hp = handle_new(rt, proto);
  return object_get(rt, hp, key);
}

static rd_value ta_has(Runtime *rt, Handle obj, Handle key) {
  double d;
  if (typed_array_numeric_key(*key, &d)) return valid_index(*obj, d) ? VALUE_TRUE : VALUE_FALSE;
  PropertyLookup l;
  if (object_ordinary_lookup_own(rt, *obj, *key, &l)) return VALUE_TRUE;
  rd_value proto = object_get_prototype(*obj);
  if (!value_is_ptr(proto)) return VALUE_FALSE;
  HANDLE_SCOPE(rt);
  Handle hp = handle_new(rt, proto);
  return js_has_property(rt, hp, key);
}

static PropertyStatus ta_set(Runtime *rt, Handle obj, Handle key, Handle value, rd_value *pair_out) {
  double d;
  if (!typed_array_numeric_key(*key, &d)) return object_ordinary_set(rt, obj, key, value, pair_out);
  return typed_array_set(rt, obj, d, value) ? PROPERTY_OK : PROPERTY_EXCEPTION;
}

static PropertyStatus ta_define(Runtime *rt, Handle obj, Handle key, Handle value, Handle getter, Handle setter,
                                uint32_t attrs) {
  double d;
  if (!typed_array_numeric_key(*key, &d)) {
    if (getter || setter) {
      HANDLE_SCOPE(rt);
      Handle undef = handle_new(rt, VALUE_UNDEFINED);
      return object_ordinary_define_accessor(rt, obj, key, getter ? getter : undef, setter ? setter : undef, attrs);
    }
    return object_ordinary_define_own(rt, obj, key, value, attrs);
  }
  if (!valid_index(*obj, d)) return PROPERTY_REJECTED;
  if (getter || setter || (attrs & PROPERTY_ATTRS_MASK) != PROPERTY_ATTRS_DEFAULT) return PROPERTY_REJECTED;
  /* A partial descriptor comes merged with lookup_value's undefined for a
   * BigInt element (which it cannot allocate): that is "no value". */
  if (!value || (*value == VALUE_UNDEFINED && buffer_element_is_bigint(typed_array_kind(*obj)))) return PROPERTY_OK;
  return typed_array_set(rt, obj, d, value) ? PROPERTY_OK : PROPERTY_EXCEPTION;
}

static PropertyStatus ta_delete(Runtime *rt, Handle obj, Handle key) {
  double d;
  if (!typed_array_numeric_key(*key, &d)) return object_ordinary_delete(rt, obj, key);
  return valid_index(*obj, d) ? PROPERTY_REJECTED : PROPERTY_OK;
}

static rd_value ta_own_keys(Runtime *rt, Handle obj, KeysFilter filter) {
  HANDLE_SCOPE(rt);
  Handle names = handle_new(rt, object_ordinary_own_keys(rt, obj, filter));
  if (!*names) return VALUE_EMPTY;
  int64_t len = typed_array_length(*obj);
  if (len <= 0) return *names;
  uint32_t nn = fixed_array_length(*names);
  if ((uint64_t)len + nn > FIXED_ARRAY_MAX_LENGTH) return runtime_throw_range_error(rt, "Too many keys");
  rd_value out = factory_fixed_array(rt, (uint32_t)len + nn, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!out) return VALUE_EMPTY;
  for (uint32_t i = 0; i < (uint32_t)len; i++) FIXED_ARRAY(out)->data[i] = value_from_number((double)i);
  for (uint32_t i = 0; i < nn; i++)
    HEAP_STORE(value_to_ptr(out), FIXED_ARRAY(out)->data[(uint32_t)len + i], FIXED_ARRAY(*names)->data[i]);
  return out;
}

/* OrdinarySet(obj, key, v, receiver) from obj's own ordinary properties up
 * the chain (obj met on receiver's chain; key not numeric): 1 done, 0
 * refused, -1 exception. */
static int ordinary_set_from(Runtime *rt, Handle obj, Handle key, Handle v, Handle receiver) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, *obj);
  PropertyLookup l = {LOOKUP_NOT_FOUND, 0, 0};
  for (bool own = true;; own = false) {
    if (!own && object_is_exotic(*o) && object_hooks(*o)->set_receiver)
      return object_hooks(*o)->set_receiver(rt, o, key, v, receiver);
    if (own ? object_ordinary_lookup_own(rt, *o, *key, &l) : object_lookup_own(rt, *o, *key, &l)) break;
    rd_value p = object_get_prototype(*o);
    if (!value_is_ptr(p)) break;
    *o = p;
  }
  if (l.kind != LOOKUP_NOT_FOUND) {
    if (details_kind(l.details) == PROPERTY_KIND_ACCESSOR) {
      Handle setter = handle_new(rt, ((AccessorPair *)value_to_ptr(object_lookup_value(*o, &l)))->setter);
      if (*setter == VALUE_UNDEFINED) return 0;
      return interp_call(rt, setter, receiver, 1, v) ? 1 : -1;
    }
    if (!details_writable(l.details)) return 0;
  }
  return object_set_on_receiver(rt, receiver, key, v);
}

/* [[Set]] with a receiver other than obj (obj on the receiver's chain). */
static int ta_set_receiver(Runtime *rt, Handle obj, Handle key, Handle value, Handle receiver) {
  double d;
  if (!typed_array_numeric_key(*key, &d)) return ordinary_set_from(rt, obj, key, value, receiver);
  if (!valid_index(*obj, d)) return 1;
  /* OrdinarySet on a writable data element: a data property of the receiver. */
  return object_set_on_receiver(rt, receiver, key, value);
}

/* [[PreventExtensions]]: refused (a TypeError) while the length can change. */
static bool ta_prevent_extensions(Runtime *rt, Handle obj) {
  if (typed_array_is_tracking(*obj) || array_buffer_is_resizable(JS_TYPED_ARRAY(*obj)->buffer)) {
    js_throw(rt, ERROR_TypeError, "Cannot prevent extensions of a TypedArray backed by a resizable buffer");
    return false;
  }
  return object_ordinary_prevent_extensions(rt, obj);
}

const ExoticHooks typed_array_hooks = {
    .lookup_own = ta_lookup_own,
    .lookup_value = ta_lookup_value,
    .get_own_property = ta_get_own_property,
    .get = ta_get,
    .has = ta_has,
    .set = ta_set,
    .define = ta_define,
    .delete_ = ta_delete,
    .own_keys = ta_own_keys,
    .prevent_extensions = ta_prevent_extensions,
    .set_prototype = NULL,
    .set_receiver = ta_set_receiver,
};
