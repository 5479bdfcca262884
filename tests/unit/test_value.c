/*
 * test_value.c - the NaN-boxed value word at every boundary (DESIGN 1).
 */
#include <math.h>

#include "objects/value.h"
#include "test.h"

TEST(value_specials) {
  EXPECT_EQ_U64(VALUE_EMPTY, 0x0);
  EXPECT_EQ_U64(VALUE_NULL, 0x2);
  EXPECT_EQ_U64(VALUE_FALSE, 0x6);
  EXPECT_EQ_U64(VALUE_TRUE, 0x7);
  EXPECT_EQ_U64(VALUE_UNDEFINED, 0xA);
  rd_value sp[] = {VALUE_EMPTY, VALUE_NULL, VALUE_FALSE, VALUE_TRUE, VALUE_UNDEFINED};
  for (size_t i = 0; i < 5; i++) {
    EXPECT(!value_is_ptr(sp[i]));
    EXPECT(!value_is_number(sp[i]));
  }
  EXPECT(value_is_nullish(VALUE_NULL) && value_is_nullish(VALUE_UNDEFINED));
  EXPECT(!value_is_nullish(VALUE_FALSE) && !value_is_nullish(VALUE_EMPTY));
  EXPECT(value_is_bool(VALUE_TRUE) && value_is_bool(VALUE_FALSE) && !value_is_bool(VALUE_NULL));
  EXPECT(value_to_bool(value_from_bool(true)) && !value_to_bool(value_from_bool(false)));
}

TEST(value_int32_limits) {
  int32_t cases[] = {0, 1, -1, INT32_MAX, INT32_MIN, 42, -42};
  for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
    rd_value v = value_from_int32(cases[i]);
    EXPECT(value_is_int32(v) && value_is_number(v) && !value_is_double(v) && !value_is_ptr(v));
    EXPECT_EQ_INT(value_to_int32(v), cases[i]);
    EXPECT(value_to_number(v) == (double)cases[i]);
    EXPECT_EQ_U64(v >> 48, 0xFFFE);
  }
  EXPECT_EQ_U64(value_from_int32(-1), 0xFFFE0000FFFFFFFFull);
  /* value_from_number picks int32 exactly for int32 values. */
  EXPECT(value_is_int32(value_from_number(2147483647.0)));
  EXPECT(value_is_int32(value_from_number(-2147483648.0)));
  EXPECT(value_is_double(value_from_number(2147483648.0)));
  EXPECT(value_is_double(value_from_number(-2147483649.0)));
  EXPECT(value_is_double(value_from_number(0.5)));
}

TEST(value_minus_zero_stays_double) {
  rd_value v = value_from_number(-0.0);
  EXPECT(value_is_double(v));
  EXPECT(signbit(value_to_double(v)));
  EXPECT(value_is_int32(value_from_number(0.0)));
}

TEST(value_nan_canonical) {
  uint64_t payloads[] = {0x7FF8000000000000ull, 0x7FF0000000000001ull, 0xFFF8000000000000ull,
                         0xFFFFFFFFFFFFFFFFull, 0x7FFFFFFFFFFFFFFFull, 0xFFF0000000000001ull,
                         VALUE_HOLE_NAN_BITS};
  for (size_t i = 0; i < ARRAY_LEN(payloads); i++) {
    rd_value v = value_from_number(bits_double(payloads[i]));
    EXPECT(value_is_double(v));
    EXPECT_EQ_U64(v, VALUE_CANONICAL_NAN_BITS + VALUE_DOUBLE_OFFSET);
    EXPECT(isnan(value_to_double(v)));
    EXPECT(double_bits(value_to_double(v)) != VALUE_HOLE_NAN_BITS);
  }
}

TEST(value_double_range) {
  double cases[] = {INFINITY, -INFINITY, 5e-324, -5e-324, 2.2250738585072009e-308,
                    2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308,
                    0.1, -0.1, 4294967296.0, 9007199254740993.0};
  for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
    rd_value v = value_from_number(cases[i]);
    EXPECT(value_is_double(v) && value_is_number(v) && !value_is_ptr(v) && !value_is_int32(v));
    EXPECT_EQ_U64(double_bits(value_to_double(v)), double_bits(cases[i]));
    uint64_t top = v >> 48;
    EXPECT(top >= 0x0002 && top <= 0xFFFC);
  }
  /* The extremes of the double range map just inside their bounds. */
  EXPECT_EQ_U64(value_from_number(0.0 * -1) >> 48, 0x8002);
  EXPECT_EQ_U64(value_from_double_raw(0.0) >> 48, 0x0002);
  EXPECT_EQ_U64(value_from_number(-INFINITY) >> 48, 0xFFF2);
}

TEST(value_pointers) {
  uintptr_t ptrs[] = {0x10, 0x7f0000001000ull, ((uintptr_t)1 << 47) - 8, ((uintptr_t)1 << 47),
                      ((uintptr_t)1 << 48) - 8};
  for (size_t i = 0; i < ARRAY_LEN(ptrs); i++) {
    rd_value v = value_from_ptr((void *)ptrs[i]);
    EXPECT(value_is_ptr(v) && !value_is_number(v) && !value_is_int32(v));
    EXPECT((uintptr_t)value_to_ptr(v) == ptrs[i]);
  }
  EXPECT(!value_is_ptr(0x7f0000001004ull));               /* unaligned */
  EXPECT(!value_is_ptr((rd_value)1 << 48));                /* past 2^48 */
  EXPECT(!value_is_ptr(value_from_double_raw(5e-324)));
}
