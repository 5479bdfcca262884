/*
 * dictionary.h - the hash tables behind slow objects: NameDictionary (named
 * properties of dictionary-mode objects; keys internalized strings and
 * symbols) and NumberDictionary (DICTIONARY elements; keys array indices
 * stored as canonical number values). Both are FixedArray-shaped with their
 * own maps (ROOT name_dictionary_map / number_dictionary_map):
 *
 *   data[0]              count: live entries (int32)
 *   data[1]              deleted: tombstones (int32)
 *   data[2]              next enumeration index (NameDictionary; int32 >= 1)
 *   data[3 + 3e + 0]     key of entry e: VALUE_EMPTY free, VALUE_NULL deleted
 *   data[3 + 3e + 1]     value
 *   data[3 + 3e + 2]     PropertyDetails (int32); for names the index bits
 *                        hold the enumeration index (insertion order)
 *
 * Capacity is a power of two >= 4, probing is triangular (h, h+1, h+3, ...),
 * and (count + deleted) stays <= capacity / 2 so every probe sequence ends.
 * Keys are unique: equal keys are the same word (internalized strings and
 * symbols by identity, indices as value_from_number(index)).
 */
#ifndef RONDO_OBJECTS_DICTIONARY_H
#define RONDO_OBJECTS_DICTIONARY_H

#include "objects/object.h"

#define DICTIONARY_HEADER 3
#define DICTIONARY_ENTRY 3
#define DICTIONARY_MIN_CAPACITY 4
/* Largest capacity: the array length must stay <= FIXED_ARRAY_MAX_LENGTH. */
#define DICTIONARY_MAX_CAPACITY ((uint32_t)1 << 25)

RD_INLINE uint32_t dictionary_capacity(rd_value d) {
  return (fixed_array_length(d) - DICTIONARY_HEADER) / DICTIONARY_ENTRY;
}
RD_INLINE uint32_t dictionary_count(rd_value d) {
  return (uint32_t)value_to_int32(FIXED_ARRAY(d)->data[0]);
}
RD_INLINE rd_value *dictionary_entry(rd_value d, uint32_t e) {
  return &FIXED_ARRAY(d)->data[DICTIONARY_HEADER + DICTIONARY_ENTRY * e];
}
RD_INLINE rd_value dictionary_key_at(rd_value d, uint32_t e) { return dictionary_entry(d, e)[0]; }
RD_INLINE rd_value dictionary_value_at(rd_value d, uint32_t e) { return dictionary_entry(d, e)[1]; }
RD_INLINE PropertyDetails dictionary_details_at(rd_value d, uint32_t e) {
  return details_from_value(dictionary_entry(d, e)[2]);
}
/* True if entry e holds a key (not free, not deleted). */
RD_INLINE bool dictionary_is_live(rd_value d, uint32_t e) {
  rd_value k = dictionary_key_at(d, e);
  return k != VALUE_EMPTY && k != VALUE_NULL;
}
/* Stores into entry e with the write barrier. Never allocate. */
void dictionary_set_value(rd_value d, uint32_t e, rd_value v);
/* Replaces the details of entry e, keeping a NameDictionary's enumeration index. */
void dictionary_set_details(rd_value d, uint32_t e, PropertyDetails details);

/* An empty dictionary with room for at least n entries. */
rd_value name_dictionary_new(Runtime *rt, uint32_t n) RD_MUST_CHECK;
rd_value number_dictionary_new(Runtime *rt, uint32_t n) RD_MUST_CHECK;
/* Entry of key in d (either kind), or -1. Never allocates. */
int32_t dictionary_find(rd_value d, rd_value key);
/* Adds key (absent from *d) with value and details; a NameDictionary gives it
 * the next enumeration index. May replace the table by a bigger one, so it
 * returns the dictionary to keep (VALUE_EMPTY on failure). */
rd_value dictionary_add(Runtime *rt, Handle d, Handle key, Handle value,
                        PropertyDetails details) RD_MUST_CHECK;
/* Deletes entry e (a tombstone; tables shrink on a later add). Never allocates. */
void dictionary_remove(rd_value d, uint32_t e);
/* Entries of a NameDictionary sorted by enumeration index (insertion order):
 * malloc'd, *n set to the count; NULL when malloc fails (n > 0). Never
 * allocates on the JS heap. */
uint32_t *name_dictionary_enumeration_order(rd_value d, uint32_t *n);
/* Hash of a dictionary key (string hash, symbol hash, or an index hash). Never allocates. */
uint32_t dictionary_hash_key(rd_value key);

#endif
