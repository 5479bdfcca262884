/*
 * dictionary.c - NameDictionary and NumberDictionary: open-addressing hash
 * tables of (key, value, details) entries in a FixedArray-shaped object (the
 * layout diagram is in dictionary.h).
 *
 * Invariants: capacity is a power of two; count + deleted <= capacity / 2
 * after every add, so a probe always reaches a free slot; a NameDictionary's
 * enumeration indices are unique, increase in insertion order, and stay
 * below PROPERTY_INDEX_MAX (renumbered 1..count when they would not).
 */
#include "objects/dictionary.h"

#include <stdlib.h>

#include "objects/factory.h"
#include "objects/string.h"

enum { SLOT_COUNT = 0, SLOT_DELETED = 1, SLOT_NEXT_ENUM = 2 };

static uint32_t header_get(rd_value d, int slot) {
  return (uint32_t)value_to_int32(FIXED_ARRAY(d)->data[slot]);
}
/* Header words are int32 values: never pointers, so no barrier is needed. */
static void header_set(rd_value d, int slot, uint32_t v) {
  FIXED_ARRAY(d)->data[slot] = value_from_int32((int32_t)v);
}

static bool is_name_dictionary(rd_value d) {
  return value_instance_type(d) == TYPE_NAME_DICTIONARY;
}

/* A 32-bit integer mixer (for index keys, which are otherwise clustered). */
static uint32_t hash_u32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

uint32_t dictionary_hash_key(rd_value key) {
  if (value_is_number(key)) return hash_u32((uint32_t)value_to_number(key));
  if (value_is_symbol(key)) return (uint32_t)value_to_int32(((Symbol *)value_to_ptr(key))->hash);
  return string_hash(key);
}

void dictionary_set_value(rd_value d, uint32_t e, rd_value v) {
  HEAP_STORE(value_to_ptr(d), dictionary_entry(d, e)[1], v);
}

void dictionary_set_details(rd_value d, uint32_t e, PropertyDetails details) {
  if (is_name_dictionary(d))
    details = details_with_index(details, details_index(dictionary_details_at(d, e)));
  dictionary_entry(d, e)[2] = details_to_value(details);
}

static uint32_t capacity_for(uint32_t n) {
  uint64_t want = (uint64_t)n * 3, cap = DICTIONARY_MIN_CAPACITY;
  while (cap < want) cap <<= 1;
  return cap > DICTIONARY_MAX_CAPACITY ? DICTIONARY_MAX_CAPACITY + 1 : (uint32_t)cap;
}

/* A table with exactly cap entries (a power of two) and the map in map_slot. */
static rd_value dictionary_allocate(Runtime *rt, const rd_value *map_slot, uint32_t cap) {
  if (cap > DICTIONARY_MAX_CAPACITY) return runtime_throw_range_error(rt, "Too many properties");
  rd_value d = factory_fixed_array_with_map(rt, map_slot, DICTIONARY_HEADER + DICTIONARY_ENTRY * cap,
                                            VALUE_EMPTY, ALLOC_YOUNG);
  if (!d) return VALUE_EMPTY;
  header_set(d, SLOT_COUNT, 0);
  header_set(d, SLOT_DELETED, 0);
  header_set(d, SLOT_NEXT_ENUM, 1);
  return d;
}

rd_value name_dictionary_new(Runtime *rt, uint32_t n) {
  return dictionary_allocate(rt, ROOT_SLOT(rt, name_dictionary_map), capacity_for(n));
}

rd_value number_dictionary_new(Runtime *rt, uint32_t n) {
  return dictionary_allocate(rt, ROOT_SLOT(rt, number_dictionary_map), capacity_for(n));
}

int32_t dictionary_find(rd_value d, rd_value key) {
  uint32_t mask = dictionary_capacity(d) - 1;
  uint32_t e = dictionary_hash_key(key) & mask;
  for (uint32_t step = 1;; step++) {
    rd_value k = dictionary_key_at(d, e);
    if (k == key) return (int32_t)e;
    if (k == VALUE_EMPTY) return -1;
    e = (e + step) & mask;
  }
}

/* The free or deleted entry where key would go (key is absent). Never allocates. */
static uint32_t find_insertion_entry(rd_value d, uint32_t hash) {
  uint32_t mask = dictionary_capacity(d) - 1;
  uint32_t e = hash & mask;
  for (uint32_t step = 1;; step++) {
    rd_value k = dictionary_key_at(d, e);
    if (k == VALUE_EMPTY || k == VALUE_NULL) return e;
    e = (e + step) & mask;
  }
}

/* Stores a full entry with the write barrier (the table may be old or large). */
static void store_entry(rd_value d, uint32_t e, rd_value key, rd_value value, PropertyDetails det) {
  HeapObject *host = value_to_ptr(d);
  rd_value *slot = dictionary_entry(d, e);
  HEAP_STORE(host, slot[0], key);
  HEAP_STORE(host, slot[1], value);
  slot[2] = details_to_value(det);
}

/* A new table of capacity cap holding every live entry of *d (tombstones dropped). */
static rd_value rehash(Runtime *rt, Handle d, uint32_t cap) {
  const rd_value *map_slot = is_name_dictionary(*d) ? ROOT_SLOT(rt, name_dictionary_map)
                                                    : ROOT_SLOT(rt, number_dictionary_map);
  rd_value nd = dictionary_allocate(rt, map_slot, cap);
  if (!nd) return VALUE_EMPTY;
  rd_value od = *d;   /* re-read after the allocation */
  uint32_t old_cap = dictionary_capacity(od);
  for (uint32_t e = 0; e < old_cap; e++) {
    if (!dictionary_is_live(od, e)) continue;
    rd_value key = dictionary_key_at(od, e);
    uint32_t ne = find_insertion_entry(nd, dictionary_hash_key(key));
    store_entry(nd, ne, key, dictionary_value_at(od, e), dictionary_details_at(od, e));
  }
  header_set(nd, SLOT_COUNT, header_get(od, SLOT_COUNT));
  header_set(nd, SLOT_NEXT_ENUM, header_get(od, SLOT_NEXT_ENUM));
  return nd;
}

static int compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

uint32_t *name_dictionary_enumeration_order(rd_value d, uint32_t *n) {
  uint32_t cap = dictionary_capacity(d), count = dictionary_count(d), k = 0;
  *n = count;
  uint64_t *pairs = malloc(sizeof(uint64_t) * (count ? count : 1));
  if (!pairs) return NULL;
  for (uint32_t e = 0; e < cap && k < count; e++)
    if (dictionary_is_live(d, e))
      pairs[k++] = (uint64_t)details_index(dictionary_details_at(d, e)) << 32 | e;
  qsort(pairs, k, sizeof *pairs, compare_u64);
  uint32_t *order = (uint32_t *)pairs;   /* compact in place: order[i] <= pairs[i]'s bytes */
  for (uint32_t i = 0; i < k; i++) order[i] = (uint32_t)pairs[i];
  return order;
}

/* Reassigns enumeration indices 1..count keeping their order. */
static bool renumber(Runtime *rt, rd_value d) {
  uint32_t n;
  uint32_t *order = name_dictionary_enumeration_order(d, &n);
  if (!order) {
    runtime_throw_oom(rt);
    return false;
  }
  for (uint32_t i = 0; i < n; i++) {
    rd_value *slot = dictionary_entry(d, order[i]);
    slot[2] = details_to_value(details_with_index(details_from_value(slot[2]), i + 1));
  }
  header_set(d, SLOT_NEXT_ENUM, n + 1);
  free(order);
  return true;
}

rd_value dictionary_add(Runtime *rt, Handle d, Handle key, Handle value, PropertyDetails details) {
  HANDLE_SCOPE(rt);
  ASSERT(dictionary_find(*d, *key) < 0, "key already in the dictionary");
  Handle table = handle_new(rt, *d);
  uint32_t count = dictionary_count(*table), deleted = header_get(*table, SLOT_DELETED);
  if ((count + deleted + 1) * 2 > dictionary_capacity(*table)) {
    rd_value nd = rehash(rt, table, capacity_for(count + 1));
    if (!nd) return VALUE_EMPTY;
    *table = nd;
  }
  rd_value t = *table;
  if (is_name_dictionary(t)) {
    if (header_get(t, SLOT_NEXT_ENUM) > PROPERTY_INDEX_MAX && !renumber(rt, t)) return VALUE_EMPTY;
    uint32_t next = header_get(t, SLOT_NEXT_ENUM);
    details = details_with_index(details, next);
    header_set(t, SLOT_NEXT_ENUM, next + 1);
  }
  uint32_t e = find_insertion_entry(t, dictionary_hash_key(*key));
  if (dictionary_key_at(t, e) == VALUE_NULL)
    header_set(t, SLOT_DELETED, header_get(t, SLOT_DELETED) - 1);
  store_entry(t, e, *key, *value, details);
  header_set(t, SLOT_COUNT, dictionary_count(t) + 1);
  return t;
}

void dictionary_remove(rd_value d, uint32_t e) {
  ASSERT(dictionary_is_live(d, e), "removing a free entry");
  rd_value *slot = dictionary_entry(d, e);
  slot[0] = VALUE_NULL;
  slot[1] = VALUE_UNDEFINED;
  slot[2] = value_from_int32(0);
  header_set(d, SLOT_COUNT, dictionary_count(d) - 1);
  header_set(d, SLOT_DELETED, header_get(d, SLOT_DELETED) + 1);
}
