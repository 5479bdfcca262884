/*
 * typed_array.h - the layout of TypedArray objects (ECMA-262 2025, 23.2)
 * and their integer-indexed exotic behaviour: element reads and writes
 * through the viewed ArrayBuffer, TypedArrayLength / IsTypedArrayOutOfBounds,
 * CanonicalNumericIndexString, and the ExoticHooks that make [[Get]],
 * [[Set]], [[HasProperty]], [[GetOwnProperty]], [[DefineOwnProperty]],
 * [[Delete]] and [[OwnPropertyKeys]] see the elements.
 *
 * A JSTypedArray (TYPE_JS_TYPED_ARRAY) is a JS object with internal words
 * between its header and its in-object properties (its maps set
 * inobject_start = JS_TYPED_ARRAY_HEADER_WORDS and MAP_EXOTIC):
 *
 *   word 0  map          one map per element type (the constructor's)
 *        1  properties
 *        2  elements     always the empty FixedArray: no ordinary elements
 *        3  buffer       JSArrayBuffer ([[ViewedArrayBuffer]])
 *        4  byte_offset  Number ([[ByteOffset]])
 *        5  length       Number ([[ArrayLength]]), or undefined: "auto", a
 *                        view tracking the end of a resizable buffer
 *        6  kind         int32 BufferElementType ([[TypedArrayName]])
 *
 * Invariant: every word is a tagged value the GC visits like any field;
 * a canonical numeric key (an array index, or a string such as "-0",
 * "1.5" or "Infinity" that CanonicalNumericIndexString accepts) never
 * reaches the ordinary properties or the prototype chain: it names an
 * element, present iff IsValidIntegerIndex.
 */
#ifndef RONDO_OBJECTS_TYPED_ARRAY_H
#define RONDO_OBJECTS_TYPED_ARRAY_H

#include "objects/array_buffer.h"
#include "objects/object.h"

typedef struct JSTypedArray {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value buffer;       /* JSArrayBuffer */
  rd_value byte_offset;  /* Number */
  rd_value length;       /* Number, or undefined: length-tracking */
  rd_value kind;         /* int32 BufferElementType */
  rd_value fields[];
} JSTypedArray;
#define JS_TYPED_ARRAY_HEADER_WORDS 7
#define JS_TYPED_ARRAY(v) ((JSTypedArray *)value_to_ptr(v))

extern const ExoticHooks typed_array_hooks;

RD_INLINE bool typed_array_is(rd_value v) { return value_has_type(v, TYPE_JS_TYPED_ARRAY); }
RD_INLINE BufferElementType typed_array_kind(rd_value ta) {
  return (BufferElementType)value_to_int32(JS_TYPED_ARRAY(ta)->kind);
}
RD_INLINE size_t typed_array_element_size(rd_value ta) { return buffer_element_size[typed_array_kind(ta)]; }
RD_INLINE size_t typed_array_byte_offset(rd_value ta) {
  return (size_t)value_to_number(JS_TYPED_ARRAY(ta)->byte_offset);
}
RD_INLINE bool typed_array_is_tracking(rd_value ta) { return JS_TYPED_ARRAY(ta)->length == VALUE_UNDEFINED; }
/* TypedArrayLength, or -1 when IsTypedArrayOutOfBounds (detached buffer
 * included). Never allocates. */
RD_INLINE int64_t typed_array_length(rd_value ta) {
  JSTypedArray *t = JS_TYPED_ARRAY(ta);
  size_t size = typed_array_element_size(ta);
  int64_t bytes = t->length == VALUE_UNDEFINED ? ARRAY_BUFFER_AUTO
                                               : (int64_t)(value_to_number(t->length) * (double)size);
  int64_t n = array_buffer_view_length(t->buffer, typed_array_byte_offset(ta), bytes);
  return n < 0 ? -1 : n / (int64_t)size;
}
/* The address of element 0 (valid only while the buffer is attached). */
RD_INLINE uint8_t *typed_array_data(rd_value ta) {
  return array_buffer_data(JS_TYPED_ARRAY(ta)->buffer) + typed_array_byte_offset(ta);
}

/* CanonicalNumericIndexString for canonical property key k: true if k is
 * numeric (*out its number), false for other keys. Never allocates. */
bool typed_array_numeric_key(rd_value k, double *out);
/* TypedArrayGetElement: element index of ta, or undefined when index is
 * not a valid integer index. May allocate (BigInt elements). */
rd_value typed_array_get(Runtime *rt, rd_value ta, double index) RD_MUST_CHECK;
/* TypedArraySetElement: converts *v (ToNumber / ToBigInt, which may run
 * JS), then writes it if index is still a valid integer index. */
bool typed_array_set(Runtime *rt, Handle ta, double index, Handle v) RD_MUST_CHECK;

/* --- made by builtins/typed_array.c (the intrinsics live there) ---------------- */
/* AllocateTypedArray of type t and length elements on a fresh buffer, with
 * the type's intrinsic prototype; a RangeError when too long. */
rd_value typed_array_new(Runtime *rt, BufferElementType t, uint64_t length) RD_MUST_CHECK;
/* The intrinsic constructor of type t (%Uint8Array% for BUFFER_Uint8, ...). */
rd_value typed_array_constructor(Runtime *rt, BufferElementType t);
/* The element type of the typed arrays whose map is `map` when it is the
 * initial map of one of the 12 constructors (every object of such a map
 * was made with that type), else -1. Never allocates. */
int typed_array_kind_of_map(Runtime *rt, rd_value map);
/* True if fn is %TypedArray%.prototype's own length getter. Never allocates. */
bool typed_array_is_length_getter(rd_value fn);

#endif
