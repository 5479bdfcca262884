/*
 * factory.h - constructors of heap objects. Every function here may
 * allocate (so may run a GC: arguments that are heap objects come in
 * Handles) and returns the new object as a raw value, valid until the
 * caller's next allocation; VALUE_EMPTY means out of memory with the
 * exception pending in rt->exception.
 */
#ifndef RONDO_OBJECTS_FACTORY_H
#define RONDO_OBJECTS_FACTORY_H

#include "runtime/runtime.h"

/* Largest FixedArray length (keeps sizes far from overflow). */
#define FIXED_ARRAY_MAX_LENGTH ((uint32_t)1 << 27)

/* FixedArray of n slots filled with `fill` (VALUE_EMPTY: holes). */
rd_value factory_fixed_array(Runtime *rt, uint32_t n, rd_value fill, AllocSpace where) RD_MUST_CHECK;
/* Same with another array map (descriptor arrays, dictionaries, ...). */
rd_value factory_fixed_array_with_map(Runtime *rt, const rd_value *map_slot, uint32_t n,
                                      rd_value fill, AllocSpace where) RD_MUST_CHECK;
/* Copy of src (a FixedArray) grown or shrunk to new_len, new slots filled with fill. */
rd_value factory_copy_fixed_array(Runtime *rt, Handle src, uint32_t new_len, rd_value fill) RD_MUST_CHECK;
/* FixedDoubleArray of n holes. */
rd_value factory_fixed_double_array(Runtime *rt, uint32_t n) RD_MUST_CHECK;
rd_value factory_byte_array(Runtime *rt, uint32_t n, AllocSpace where) RD_MUST_CHECK;

/* A map (in old space) for objects of `type`; size 0 for variable-size
 * objects; JS maps get the empty descriptor array, no transitions, are
 * extensible and stable. prototype may be NULL (meaning null). */
rd_value factory_map(Runtime *rt, InstanceType type, uint32_t instance_size,
                     uint32_t inobject_properties, Handle prototype) RD_MUST_CHECK;

/* A fresh non-zero hash for an identity (a symbol, an object's identity hash:
 * objects/object.h object_identity_hash). Never allocates. */
int32_t factory_identity_hash(Runtime *rt);
rd_value factory_symbol(Runtime *rt, Handle description, bool is_private) RD_MUST_CHECK;
rd_value factory_accessor_pair(Runtime *rt, Handle getter, Handle setter) RD_MUST_CHECK;
rd_value factory_property_cell(Runtime *rt, Handle name, Handle value) RD_MUST_CHECK;

/* A JS object of the given map, in-object fields undefined, no properties,
 * empty elements (unless the map's kind is dictionary). */
rd_value factory_js_object(Runtime *rt, Handle map) RD_MUST_CHECK;

/* A code object in code space with `n` bytes of instructions copied from
 * `bytes` (the code space is made writable only while it is written). */
rd_value factory_code(Runtime *rt, const uint8_t *bytes, uint32_t n) RD_MUST_CHECK;

#endif
