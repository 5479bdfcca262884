/*
 * value.h - the NaN-boxed value word (DESIGN section 1), as inline functions.
 *
 *  63        48 47                                          3 2  0
 * +------------+---------------------------------------------+----+
 * | 0x0000     | heap pointer (8-byte aligned)                |000 |  heap object
 * +------------+---------------------------------------------+----+
 * | 0xFFFE     | 0x0000 | int32 (two's complement)                   int32
 * +------------+------------------------------------------------+
 * | IEEE-754 bits + 2^49   (top 16 bits 0x0002 .. 0xFFF2)            double
 * +--------------------------------------------------------------+
 *   specials: empty/hole 0x0, null 0x2, false 0x6, true 0x7, undefined 0xA
 *
 * Invariants: every NaN is stored as the canonical quiet NaN (0x7FF8<<48,
 * boxed 0x7FFA<<48), so the words 0xFFFC.. and above (a negative NaN plus
 * 2^49 would wrap) never occur; a double that holds an int32 value may be
 * stored either way, except -0 which is always a double. Number tests are
 * unsigned comparisons, pointer tests a mask.
 */
#ifndef RONDO_OBJECTS_VALUE_H
#define RONDO_OBJECTS_VALUE_H

#include "base/common.h"
#include "rondo.h"

#define VALUE_DOUBLE_OFFSET ((uint64_t)1 << 49)
#define VALUE_INT32_TAG ((uint64_t)0xFFFE000000000000ull)
#define VALUE_NUMBER_MIN VALUE_DOUBLE_OFFSET   /* every number is >= this */
#define VALUE_POINTER_MASK ((uint64_t)0xFFFF000000000007ull)
#define VALUE_CANONICAL_NAN_BITS ((uint64_t)0x7FF8000000000000ull)
/* A NaN that canonicalization never produces: the hole in double elements. */
#define VALUE_HOLE_NAN_BITS ((uint64_t)0xFFF7FFFFFFFFFFFFull)

#define VALUE_EMPTY ((rd_value)0x0)   /* also the hole of tagged elements */
#define VALUE_NULL ((rd_value)0x2)
#define VALUE_FALSE ((rd_value)0x6)
#define VALUE_TRUE ((rd_value)0x7)
#define VALUE_UNDEFINED ((rd_value)0xA)

typedef struct HeapObject HeapObject;

RD_INLINE uint64_t double_bits(double d) {
  uint64_t b;
  memcpy(&b, &d, 8);
  return b;
}
RD_INLINE double bits_double(uint64_t b) {
  double d;
  memcpy(&d, &b, 8);
  return d;
}

/* --- tests ---------------------------------------------------------------- */
RD_INLINE bool value_is_ptr(rd_value v) {
  return (v & VALUE_POINTER_MASK) == 0 && v != 0;
}
RD_INLINE bool value_is_number(rd_value v) { return v >= VALUE_NUMBER_MIN; }
RD_INLINE bool value_is_int32(rd_value v) { return v >= VALUE_INT32_TAG; }
RD_INLINE bool value_is_double(rd_value v) {
  return v >= VALUE_NUMBER_MIN && v < VALUE_INT32_TAG;
}
RD_INLINE bool value_is_undefined(rd_value v) { return v == VALUE_UNDEFINED; }
RD_INLINE bool value_is_null(rd_value v) { return v == VALUE_NULL; }
RD_INLINE bool value_is_nullish(rd_value v) {
  return (v & ~(rd_value)8) == VALUE_NULL; /* 0x2 and 0xA */
}
RD_INLINE bool value_is_bool(rd_value v) { return (v & ~(rd_value)1) == VALUE_FALSE; }
RD_INLINE bool value_is_empty(rd_value v) { return v == VALUE_EMPTY; }

/* --- boxing --------------------------------------------------------------- */
RD_INLINE rd_value value_from_int32(int32_t i) {
  return VALUE_INT32_TAG | (uint32_t)i;
}
/* Boxes a double as a double (never as int32); NaNs become the canonical NaN. */
RD_INLINE rd_value value_from_double_raw(double d) {
  uint64_t b = double_bits(d);
  if (RD_UNLIKELY(d != d)) b = VALUE_CANONICAL_NAN_BITS;
  return b + VALUE_DOUBLE_OFFSET;
}
/* Boxes a number, choosing int32 when the value is an int32 other than -0. */
RD_INLINE rd_value value_from_number(double d) {
  int32_t i = (int32_t)d;
  if (d >= -2147483648.0 && d <= 2147483647.0 && (double)i == d &&
      !(i == 0 && __builtin_signbit(d)))
    return value_from_int32(i);
  return value_from_double_raw(d);
}
RD_INLINE rd_value value_from_bool(bool b) { return b ? VALUE_TRUE : VALUE_FALSE; }
RD_INLINE rd_value value_from_ptr(const void *p) {
  ASSERT(((uintptr_t)p & VALUE_POINTER_MASK) == 0, "unaligned or too-high pointer");
  return (rd_value)(uintptr_t)p;
}

/* --- unboxing ------------------------------------------------------------- */
RD_INLINE int32_t value_to_int32(rd_value v) {
  ASSERT(value_is_int32(v), "not an int32");
  return (int32_t)(uint32_t)v;
}
RD_INLINE double value_to_double(rd_value v) {
  ASSERT(value_is_double(v), "not a double");
  return bits_double(v - VALUE_DOUBLE_OFFSET);
}
/* The numeric value of any number word. */
RD_INLINE double value_to_number(rd_value v) {
  ASSERT(value_is_number(v), "not a number");
  return value_is_int32(v) ? (double)value_to_int32(v) : value_to_double(v);
}
RD_INLINE HeapObject *value_to_ptr(rd_value v) {
  ASSERT(value_is_ptr(v), "not a heap pointer");
  return (HeapObject *)(uintptr_t)v;
}
RD_INLINE bool value_to_bool(rd_value v) { return v == VALUE_TRUE; }

#endif
