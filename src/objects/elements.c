/*
 * elements.c - indexed properties: elements kinds and their transitions,
 * element get/set/define/delete, and the length of JS arrays.
 *
 * Stores: FixedArray (int32 and tagged kinds; hole VALUE_EMPTY),
 * FixedDoubleArray (raw IEEE bits; hole VALUE_HOLE_NAN_BITS, every NaN
 * stored as VALUE_CANONICAL_NAN_BITS so a NaN never reads as a hole),
 * NumberDictionary (DICTIONARY; keys value_from_number(index), details hold
 * the attributes, so only dictionary elements can be read-only or accessors).
 *
 * Kinds only generalize: int32 -> double -> tagged, packed -> holey, any ->
 * dictionary. A change of kind converts the store and moves the object to
 * the elements-kind transition of its map (map.c keeps every kind variant
 * under one elements root, so objects built alike share maps).
 *
 * Growth: a write at index >= capacity grows the store to
 * (index + 1) * 1.5 + 16 (capped at FIXED_ARRAY_MAX_LENGTH), unless the
 * write is sparse - index > 2 * capacity + ELEMENTS_MAX_GAP (1024), or
 * index >= FIXED_ARRAY_MAX_LENGTH - in which case the elements go to a
 * NumberDictionary. Dictionary elements never go back to fast mode.
 *
 * Invariants: a fast store holds only holes at and above a JS array's
 * length; a packed kind has no hole below the object's length (the array
 * length, or the store's capacity for other objects); an int32 kind holds
 * only int32 values.
 */
#include "objects/object.h"

#include <stdlib.h>

#include "objects/dictionary.h"
#include "objects/factory.h"

static Map *map_of(rd_value obj) { return heap_object_map(value_to_ptr(obj)); }
static bool is_js_array(rd_value obj) { return map_of(obj)->instance_type == TYPE_JS_ARRAY; }
static ElementsKind kind_of(rd_value obj) { return (ElementsKind)map_of(obj)->elements_kind; }

/* Capacity of a fast store (FixedArray and FixedDoubleArray share the length word). */
static uint32_t store_capacity(rd_value store) { return fixed_array_length(store); }

/* The bound below which packedness is promised: the array length or the capacity. */
static uint32_t logical_length(rd_value obj) {
  uint32_t cap = store_capacity(JS_OBJECT(obj)->elements);
  return is_js_array(obj) ? MIN(array_length(obj), cap) : cap;
}

/* True if writing element index of obj would grow a read-only array length. */
static bool length_blocks(rd_value obj, uint32_t index) {
  return (map_of(obj)->bit_field & MAP_ARRAY_LENGTH_READONLY) && index >= array_length(obj);
}

static void set_array_length(rd_value arr, uint32_t len) {
  JS_ARRAY(arr)->length = value_from_number((double)len);   /* a number: no barrier */
}

static PropertyDetails default_element_details(void) {
  return details_make(PROPERTY_ATTRS_DEFAULT, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD,
                      REP_TAGGED, 0);
}

static ElementsKind holey_kind(ElementsKind k) {
  return k == ELEMENTS_DICTIONARY ? k : (ElementsKind)(k | 1);
}

/* Raw double bits for a number value; NaN canonical so it is never the hole. */
static uint64_t number_bits(rd_value v) {
  double d = value_to_number(v);
  return d != d ? VALUE_CANONICAL_NAN_BITS : double_bits(d);
}

/* --- kinds ------------------------------------------------------------------------------ */
ElementsKind elements_kind_generalize(ElementsKind a, ElementsKind b) {
  if (a == ELEMENTS_DICTIONARY || b == ELEMENTS_DICTIONARY) return ELEMENTS_DICTIONARY;
  int level = MAX((int)a >> 1, (int)b >> 1), holey = ((int)a | (int)b) & 1;
  return (ElementsKind)(level * 2 + holey);
}

ElementsKind elements_kind_for_value(rd_value v) {
  if (value_is_int32(v)) return ELEMENTS_PACKED_INT32;
  if (value_is_number(v)) return ELEMENTS_PACKED_DOUBLE;
  return ELEMENTS_PACKED;
}

/* --- reading ------------------------------------------------------------------------------ */
/* A mapped arguments object's element reads its parameter (interp/arguments.c). */
static rd_value mapped_value(rd_value obj, uint32_t index, rd_value v) {
  if (RD_LIKELY(!(map_of(obj)->bit_field & MAP_EXOTIC)) || map_of(obj)->instance_type != TYPE_JS_ARGUMENTS)
    return v;
  rd_value *slot = arguments_mapped_slot(obj, index);
  return slot ? *slot : v;
}

rd_value element_get_own(rd_value obj, uint32_t index, PropertyDetails *details) {
  rd_value store = JS_OBJECT(obj)->elements;
  ElementsKind kind = kind_of(obj);
  rd_value v;
  if (kind == ELEMENTS_DICTIONARY) {
    int32_t e = dictionary_find(store, value_from_number((double)index));
    if (e < 0) return VALUE_EMPTY;
    if (details) *details = dictionary_details_at(store, (uint32_t)e);
    return mapped_value(obj, index, dictionary_value_at(store, (uint32_t)e));
  }
  if (index >= store_capacity(store)) return VALUE_EMPTY;
  if (is_js_array(obj) && index >= array_length(obj)) return VALUE_EMPTY;
  if (elements_kind_is_double(kind)) {
    uint64_t bits = FIXED_DOUBLE_ARRAY(store)->bits[index];
    if (bits == VALUE_HOLE_NAN_BITS) return VALUE_EMPTY;
    v = value_from_number(bits_double(bits));
  } else {
    v = FIXED_ARRAY(store)->data[index];
    if (v == VALUE_EMPTY) return VALUE_EMPTY;
  }
  if (details) *details = default_element_details();
  return mapped_value(obj, index, v);
}

rd_value element_get(rd_value obj, uint32_t index) {
  for (rd_value o = obj; value_is_ptr(o); o = object_get_prototype(o)) {
    rd_value v = element_get_own(o, index, NULL);
    if (v != VALUE_EMPTY) return v;
  }
  return VALUE_UNDEFINED;
}

/* --- store conversion ------------------------------------------------------------------------ */
/* A FixedArray of capacity cap holding obj's elements (boxing doubles). */
static rd_value make_tagged_store(Runtime *rt, Handle obj, uint32_t cap) {
  rd_value ns = factory_fixed_array(rt, cap, VALUE_EMPTY, ALLOC_YOUNG);
  if (!ns) return VALUE_EMPTY;
  rd_value old = JS_OBJECT(*obj)->elements;   /* re-read after the allocation */
  uint32_t n = MIN(store_capacity(old), cap);
  FixedArray *dst = FIXED_ARRAY(ns);
  if (value_instance_type(old) == TYPE_FIXED_DOUBLE_ARRAY) {
    for (uint32_t i = 0; i < n; i++) {
      uint64_t bits = FIXED_DOUBLE_ARRAY(old)->bits[i];
      dst->data[i] = bits == VALUE_HOLE_NAN_BITS ? VALUE_EMPTY : value_from_number(bits_double(bits));
    }
  } else {
    memcpy(dst->data, FIXED_ARRAY(old)->data, n * sizeof(rd_value));
    if (!heap_in_young(dst)) heap_write_barrier_range((HeapObject *)dst, dst->data, n);
  }
  return ns;
}

/* A FixedDoubleArray of capacity cap holding obj's (int32 or double) elements. */
static rd_value make_double_store(Runtime *rt, Handle obj, uint32_t cap) {
  rd_value ns = factory_fixed_double_array(rt, cap);
  if (!ns) return VALUE_EMPTY;
  rd_value old = JS_OBJECT(*obj)->elements;
  uint32_t n = MIN(store_capacity(old), cap);
  FixedDoubleArray *dst = FIXED_DOUBLE_ARRAY(ns);
  if (value_instance_type(old) == TYPE_FIXED_DOUBLE_ARRAY) {
    memcpy(dst->bits, FIXED_DOUBLE_ARRAY(old)->bits, n * sizeof(uint64_t));
  } else {
    for (uint32_t i = 0; i < n; i++) {
      rd_value v = FIXED_ARRAY(old)->data[i];
      dst->bits[i] = v == VALUE_EMPTY ? VALUE_HOLE_NAN_BITS : number_bits(v);
    }
  }
  return ns;
}

/* Moves obj (fast elements) to fast kind `to` with store capacity cap. */
static bool change_elements(Runtime *rt, Handle obj, ElementsKind to, uint32_t cap) {
  HANDLE_SCOPE(rt);
  ElementsKind from = kind_of(*obj);
  ASSERT(to != ELEMENTS_DICTIONARY && elements_kind_generalize(from, to) == to,
         "elements kinds only generalize");
  Handle map = handle_new(rt, value_from_ptr(map_of(*obj)));
  rd_value nm = map_transition_elements(rt, map, to);
  if (!nm) return false;
  Handle new_map = handle_new(rt, nm);
  rd_value store = JS_OBJECT(*obj)->elements;
  if (cap != store_capacity(store) || elements_kind_is_double(from) != elements_kind_is_double(to)) {
    store = elements_kind_is_double(to) ? make_double_store(rt, obj, cap)
                                        : make_tagged_store(rt, obj, cap);
    if (!store) return false;
  }
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->elements, store);
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->map, *new_map);
  return true;
}

bool elements_normalize(Runtime *rt, Handle obj) {
  if (kind_of(*obj) == ELEMENTS_DICTIONARY) return true;
  HANDLE_SCOPE(rt);
  uint32_t n = elements_count(*obj, false), len = logical_length(*obj);
  rd_value d = number_dictionary_new(rt, n);
  if (!d) return false;
  Handle dict = handle_new(rt, d), key = handle_new(rt, VALUE_UNDEFINED),
         value = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < len; i++) {
    rd_value v = element_get_own(*obj, i, NULL);
    if (v == VALUE_EMPTY) continue;
    *key = value_from_number((double)i);
    *value = v;
    d = dictionary_add(rt, dict, key, value, default_element_details());
    if (!d) return false;
    *dict = d;
  }
  Handle map = handle_new(rt, value_from_ptr(map_of(*obj)));
  rd_value nm = map_transition_elements(rt, map, ELEMENTS_DICTIONARY);
  if (!nm) return false;
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->elements, *dict);
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->map, nm);
  return true;
}

bool elements_transition(Runtime *rt, Handle obj, ElementsKind kind) {
  ElementsKind to = elements_kind_generalize(kind_of(*obj), kind);
  if (to == kind_of(*obj)) return true;
  if (to == ELEMENTS_DICTIONARY) return elements_normalize(rt, obj);
  return change_elements(rt, obj, to, store_capacity(JS_OBJECT(*obj)->elements));
}

/* --- writing ----------------------------------------------------------------------------------- */
/* Writes or adds element index of a DICTIONARY-kind object (details used when adding). */
static PropertyStatus dictionary_element_put(Runtime *rt, Handle obj, uint32_t index,
                                             Handle value, PropertyDetails details, bool define) {
  rd_value d = JS_OBJECT(*obj)->elements;
  rd_value key = value_from_number((double)index);
  int32_t e = dictionary_find(d, key);
  if (e >= 0) {
    PropertyDetails cur = dictionary_details_at(d, (uint32_t)e);
    if (!define && (details_kind(cur) != PROPERTY_KIND_DATA || !details_writable(cur)))
      return PROPERTY_REJECTED;
    dictionary_set_value(d, (uint32_t)e, *value);
    if (define) dictionary_set_details(d, (uint32_t)e, details);
    return PROPERTY_OK;
  }
  if (!object_is_extensible(*obj) || length_blocks(*obj, index)) return PROPERTY_REJECTED;
  HANDLE_SCOPE(rt);
  Handle dict = handle_new(rt, d), hk = handle_new(rt, key);
  d = dictionary_add(rt, dict, hk, value, details);
  if (!d) return PROPERTY_EXCEPTION;
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->elements, d);
  if (is_js_array(*obj) && index >= array_length(*obj)) set_array_length(*obj, index + 1);
  return PROPERTY_OK;
}

PropertyStatus element_set(Runtime *rt, Handle obj, uint32_t index, Handle value) {
  ASSERT(index <= ARRAY_INDEX_MAX, "not an array index");
  ElementsKind kind = kind_of(*obj);
  if (kind == ELEMENTS_DICTIONARY)
    return dictionary_element_put(rt, obj, index, value, default_element_details(), false);
  rd_value store = JS_OBJECT(*obj)->elements;
  uint32_t cap = store_capacity(store);
  bool array = is_js_array(*obj);
  uint32_t len = array ? array_length(*obj) : cap;
  bool exists = index < len && element_get_own(*obj, index, NULL) != VALUE_EMPTY;
  if (!exists && (!object_is_extensible(*obj) || length_blocks(*obj, index))) return PROPERTY_REJECTED;
  ElementsKind to = elements_kind_generalize(kind, elements_kind_for_value(*value));
  if (!exists && !(array && index == len)) to = holey_kind(to);   /* leaves a hole below */
  uint32_t new_cap = cap;
  if (index >= cap) {
    if (index >= FIXED_ARRAY_MAX_LENGTH || (uint64_t)index > 2 * (uint64_t)cap + ELEMENTS_MAX_GAP) {
      if (!elements_normalize(rt, obj)) return PROPERTY_EXCEPTION;
      return dictionary_element_put(rt, obj, index, value, default_element_details(), false);
    }
    uint64_t want = (uint64_t)index + 1 + ((uint64_t)index + 1) / 2 + 16;
    new_cap = (uint32_t)MIN(want, (uint64_t)FIXED_ARRAY_MAX_LENGTH);
  }
  if ((to != kind || new_cap != cap) && !change_elements(rt, obj, to, new_cap))
    return PROPERTY_EXCEPTION;
  /* No allocation from here on. */
  rd_value o = *obj;
  store = JS_OBJECT(o)->elements;
  if (elements_kind_is_double(to))
    FIXED_DOUBLE_ARRAY(store)->bits[index] = number_bits(*value);
  else
    HEAP_STORE(value_to_ptr(store), FIXED_ARRAY(store)->data[index], *value);
  if (array && index >= len) set_array_length(o, index + 1);
  return PROPERTY_OK;
}

PropertyStatus element_define(Runtime *rt, Handle obj, uint32_t index, Handle value,
                              PropertyDetails details) {
  bool plain = details_attrs(details) == PROPERTY_ATTRS_DEFAULT &&
               details_kind(details) == PROPERTY_KIND_DATA;
  if (plain && kind_of(*obj) != ELEMENTS_DICTIONARY) return element_set(rt, obj, index, value);
  if (!elements_normalize(rt, obj)) return PROPERTY_EXCEPTION;
  details = details_make(details_attrs(details), details_kind(details), PROPERTY_LOCATION_FIELD,
                         REP_TAGGED, 0);
  return dictionary_element_put(rt, obj, index, value, details, true);
}

PropertyStatus element_delete(Runtime *rt, Handle obj, uint32_t index) {
  ElementsKind kind = kind_of(*obj);
  rd_value store = JS_OBJECT(*obj)->elements;
  if (kind == ELEMENTS_DICTIONARY) {
    int32_t e = dictionary_find(store, value_from_number((double)index));
    if (e < 0) return PROPERTY_OK;
    if (!details_configurable(dictionary_details_at(store, (uint32_t)e))) return PROPERTY_REJECTED;
    dictionary_remove(store, (uint32_t)e);
    return PROPERTY_OK;
  }
  if (element_get_own(*obj, index, NULL) == VALUE_EMPTY) return PROPERTY_OK;
  if (!elements_kind_is_holey(kind) &&
      !change_elements(rt, obj, holey_kind(kind), store_capacity(store)))
    return PROPERTY_EXCEPTION;
  store = JS_OBJECT(*obj)->elements;
  if (elements_kind_is_double(kind))
    FIXED_DOUBLE_ARRAY(store)->bits[index] = VALUE_HOLE_NAN_BITS;
  else
    FIXED_ARRAY(store)->data[index] = VALUE_EMPTY;   /* not a pointer: no barrier */
  return PROPERTY_OK;
}

/* --- keys ------------------------------------------------------------------------------------- */
uint32_t elements_count(rd_value obj, bool enumerable_only) {
  rd_value store = JS_OBJECT(obj)->elements;
  uint32_t n = 0;
  if (kind_of(obj) == ELEMENTS_DICTIONARY) {
    uint32_t cap = dictionary_capacity(store);
    for (uint32_t e = 0; e < cap; e++)
      if (dictionary_is_live(store, e) &&
          (!enumerable_only || details_enumerable(dictionary_details_at(store, e))))
        n++;
    return n;
  }
  uint32_t len = logical_length(obj);
  for (uint32_t i = 0; i < len; i++)
    if (element_get_own(obj, i, NULL) != VALUE_EMPTY) n++;
  return n;
}

static int compare_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

bool elements_collect_keys(rd_value obj, bool enumerable_only, uint32_t *out, uint32_t n) {
  rd_value store = JS_OBJECT(obj)->elements;
  uint32_t k = 0;
  if (kind_of(obj) == ELEMENTS_DICTIONARY) {
    uint32_t cap = dictionary_capacity(store);
    for (uint32_t e = 0; e < cap && k < n; e++)
      if (dictionary_is_live(store, e) &&
          (!enumerable_only || details_enumerable(dictionary_details_at(store, e))))
        out[k++] = (uint32_t)value_to_number(dictionary_key_at(store, e));
    qsort(out, k, sizeof *out, compare_u32);
    return true;
  }
  uint32_t len = logical_length(obj);
  for (uint32_t i = 0; i < len && k < n; i++)
    if (element_get_own(obj, i, NULL) != VALUE_EMPTY) out[k++] = i;
  return true;
}

/* --- arrays --------------------------------------------------------------------------------------- */
bool elements_init_array_maps(Runtime *rt) {
  HANDLE_SCOPE(rt);
  rd_value m = factory_map(rt, TYPE_JS_ARRAY, 8 * JS_ARRAY_HEADER_WORDS, 0,
                           ROOT_SLOT(rt, array_prototype));
  if (!m) return false;
  MAP(m)->elements_kind = ELEMENTS_PACKED_INT32;
  Handle root = handle_new(rt, m);
  rd_value a = factory_fixed_array(rt, ELEMENTS_KIND_COUNT, VALUE_UNDEFINED, ALLOC_OLD);
  if (!a) return false;
  Handle maps = handle_new(rt, a);
  HEAP_STORE(value_to_ptr(*maps), FIXED_ARRAY(*maps)->data[ELEMENTS_PACKED_INT32], *root);
  for (int k = ELEMENTS_PACKED_INT32 + 1; k < ELEMENTS_KIND_COUNT; k++) {
    rd_value t = map_transition_elements(rt, root, (ElementsKind)k);
    if (!t) return false;
    HEAP_STORE(value_to_ptr(*maps), FIXED_ARRAY(*maps)->data[k], t);
  }
  ROOT(rt, array_maps) = *maps;
  return true;
}

rd_value array_new(Runtime *rt, ElementsKind kind, uint32_t length) {
  HANDLE_SCOPE(rt);
  if (length > ARRAY_NEW_MAX_FAST_LENGTH) kind = ELEMENTS_DICTIONARY;
  else if (length > 0) kind = holey_kind(kind);
  rd_value store = kind == ELEMENTS_DICTIONARY      ? number_dictionary_new(rt, 0)
                   : elements_kind_is_double(kind) ? factory_fixed_double_array(rt, length)
                                                   : factory_fixed_array(rt, length, VALUE_EMPTY,
                                                                         ALLOC_YOUNG);
  if (!store) return VALUE_EMPTY;
  Handle hs = handle_new(rt, store);
  Handle map = handle_new(rt, FIXED_ARRAY(ROOT(rt, array_maps))->data[kind]);
  rd_value arr = factory_js_object(rt, map);
  if (!arr) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(arr), JS_OBJECT(arr)->elements, *hs);
  set_array_length(arr, length);
  return arr;
}

rd_value array_from_list(Runtime *rt, const Handle *values, uint32_t n) {
  if (n > ARRAY_NEW_MAX_FAST_LENGTH) return runtime_throw_range_error(rt, "array too large");
  HANDLE_SCOPE(rt);
  rd_value store = n ? factory_fixed_array(rt, n, VALUE_UNDEFINED, ALLOC_YOUNG) : ROOT(rt, empty_fixed_array);
  if (!store) return VALUE_EMPTY;
  Handle hs = handle_new(rt, store);
  Handle map = handle_new(rt, FIXED_ARRAY(ROOT(rt, array_maps))->data[ELEMENTS_PACKED]);
  rd_value arr = factory_js_object(rt, map);
  if (!arr) return VALUE_EMPTY;
  for (uint32_t i = 0; i < n; i++) HEAP_STORE(value_to_ptr(*hs), FIXED_ARRAY(*hs)->data[i], *values[i]);
  HEAP_STORE(value_to_ptr(arr), JS_OBJECT(arr)->elements, *hs);
  set_array_length(arr, n);
  return arr;
}

PropertyStatus array_set_length(Runtime *rt, Handle arr, uint32_t length) {
  uint32_t old = array_length(*arr);
  if (length != old && (map_of(*arr)->bit_field & MAP_ARRAY_LENGTH_READONLY)) return PROPERTY_REJECTED;
  ElementsKind kind = kind_of(*arr);
  rd_value store = JS_OBJECT(*arr)->elements;
  if (kind == ELEMENTS_DICTIONARY) {
    if (length >= old) {
      set_array_length(*arr, length);
      return PROPERTY_OK;
    }
    /* Deletion stops above the highest non-configurable element. */
    uint32_t cap = dictionary_capacity(store), final = length;
    for (uint32_t e = 0; e < cap; e++) {
      if (!dictionary_is_live(store, e)) continue;
      uint32_t i = (uint32_t)value_to_number(dictionary_key_at(store, e));
      if (i >= length && !details_configurable(dictionary_details_at(store, e)))
        final = MAX(final, i + 1);
    }
    for (uint32_t e = 0; e < cap; e++)
      if (dictionary_is_live(store, e) &&
          (uint32_t)value_to_number(dictionary_key_at(store, e)) >= final)
        dictionary_remove(store, e);
    set_array_length(*arr, final);
    return final == length ? PROPERTY_OK : PROPERTY_REJECTED;
  }
  if (length < old) {
    uint32_t cap = store_capacity(store);
    if (length == 0) {
      rd_value empty = elements_kind_is_double(kind) ? ROOT(rt, empty_fixed_double_array)
                                                     : ROOT(rt, empty_fixed_array);
      HEAP_STORE(value_to_ptr(*arr), JS_OBJECT(*arr)->elements, empty);
    } else if (elements_kind_is_double(kind)) {
      for (uint32_t i = length; i < MIN(old, cap); i++)
        FIXED_DOUBLE_ARRAY(store)->bits[i] = VALUE_HOLE_NAN_BITS;
    } else {
      for (uint32_t i = length; i < MIN(old, cap); i++) FIXED_ARRAY(store)->data[i] = VALUE_EMPTY;
    }
  } else if (length > old && !elements_kind_is_holey(kind)) {
    if (!change_elements(rt, arr, holey_kind(kind), store_capacity(store)))
      return PROPERTY_EXCEPTION;
  }
  set_array_length(*arr, length);
  return PROPERTY_OK;
}
