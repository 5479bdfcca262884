/*
 * test_bigint.c - the C side of BigInts (objects/bigint.h): conversion to
 * double rounding at ties and with sticky low limbs, the exact comparison
 * with doubles, StringToBigInt's edges, hashing and normalization of
 * results, and the size limits (a RangeError, never a GMP abort).
 *
 * Invariant: every heap value a test keeps across an allocation sits in a
 * handle, so the suite passes under --gc-interval and --stress-compaction.
 */
#include <math.h>
#include <stdlib.h>

#include "objects/bigint.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"
#include "test.h"

/* The BigInt of a literal's digits in radix (a leading '-' negates). */
static rd_value big(Runtime *rt, const char *s, int radix) {
  HANDLE_SCOPE(rt);
  bool neg = *s == '-';
  Handle b = handle_new(rt, bigint_from_digits(rt, s + neg, (uint32_t)strlen(s + neg), radix, ALLOC_YOUNG));
  CHECK(*b);
  return neg ? bigint_negate(rt, b) : *b;
}

/* The pending exception is an instance of the error kind; clears it. */
static bool threw(Runtime *rt, ErrorKind kind) {
  rd_value e = rt->exception;
  runtime_clear_exception(rt);
  return value_is_js_object(e) &&
         object_get_prototype(e) == FIXED_ARRAY(ROOT(rt, error_prototypes))->data[kind];
}

TEST(bigint_to_double_rounds_to_nearest_even) {
  Runtime *rt = rd_runtime_new();
  {   /* the scope closes before the runtime goes */
    HANDLE_SCOPE(rt);
    struct { const char *hex; double d; } cases[] = {
        {"0", 0},
        {"1fffffffffffff", 9007199254740991.0},
        {"20000000000001", 9007199254740992.0},          /* 2^53 + 1: tie, to even */
        {"20000000000003", 9007199254740996.0},          /* 2^53 + 3: tie, to even (up) */
        {"ffffffffffffffff", 18446744073709551616.0},    /* one limb, rounds up to 2^64 */
        {"10000000000000800", 18446744073709551616.0},   /* 2^64 + 2^11: tie, to even */
        {"10000000000000801", 18446744073709555712.0},   /* just above the tie */
        {"100000000000008000000000000000000", ldexp(1, 128)},              /* tie at 2^128 */
        {"100000000000008000000000000000001", ldexp(1, 128) + ldexp(1, 76)}, /* sticky in limb 0 */
        {"100000000000007ffffffffffffffffff", ldexp(1, 128)},              /* below the tie */
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
      Handle b = handle_new(rt, big(rt, cases[i].hex, 16));
      EXPECT(bigint_to_double(*b) == cases[i].d);
      Handle n = handle_new(rt, bigint_negate(rt, b));
      EXPECT(bigint_to_double(*n) == -cases[i].d);
    }
    /* Past DBL_MAX: 2^1024 - 2^970 (the tie just above DBL_MAX) rounds to Infinity. */
    Handle one = handle_new(rt, bigint_from_int64(rt, 1));
    Handle k = handle_new(rt, bigint_from_int64(rt, 1024));
    Handle p = handle_new(rt, bigint_binary(rt, BIGINT_SHL, one, k));
    EXPECT(isinf(bigint_to_double(*p)));
    *k = bigint_from_int64(rt, 970);
    Handle q = handle_new(rt, bigint_binary(rt, BIGINT_SHL, one, k));
    Handle r = handle_new(rt, bigint_binary(rt, BIGINT_SUB, p, q));
    EXPECT(isinf(bigint_to_double(*r)));
    *r = bigint_binary(rt, BIGINT_SUB, r, one);
    EXPECT(bigint_to_double(*r) == 1.7976931348623157e308);
  }
  rd_runtime_free(rt);
}

TEST(bigint_compare_double_is_exact) {
  Runtime *rt = rd_runtime_new();
  {   /* the scope closes before the runtime goes */
    HANDLE_SCOPE(rt);
    Handle x = handle_new(rt, big(rt, "9007199254740993", 10));   /* 2^53 + 1 */
    EXPECT_EQ_INT(bigint_compare_double(*x, 9007199254740992.0), 1);
    EXPECT_EQ_INT(bigint_compare_double(*x, 9007199254740994.0), -1);
    EXPECT_EQ_INT(bigint_compare_double(*x, NAN), 2);
    EXPECT_EQ_INT(bigint_compare_double(*x, INFINITY), -1);
    EXPECT_EQ_INT(bigint_compare_double(*x, -INFINITY), 1);
    Handle z = handle_new(rt, bigint_from_int64(rt, 0));
    EXPECT_EQ_INT(bigint_compare_double(*z, -0.0), 0);
    EXPECT_EQ_INT(bigint_compare_double(*z, 0.5), -1);
    EXPECT_EQ_INT(bigint_compare_double(*z, -1e-300), 1);
    Handle m = handle_new(rt, bigint_from_int64(rt, -3));
    EXPECT_EQ_INT(bigint_compare_double(*m, -2.5), -1);
    EXPECT_EQ_INT(bigint_compare_double(*m, -3.0), 0);
    EXPECT_EQ_INT(bigint_compare_double(*m, -3.5), 1);
    Handle h = handle_new(rt, big(rt, "100000000000000000000000000000000", 16));   /* 2^128 */
    EXPECT_EQ_INT(bigint_compare_double(*h, ldexp(1, 128)), 0);
    EXPECT_EQ_INT(bigint_compare_double(*h, ldexp(1, 128) + ldexp(1, 76)), -1);
    EXPECT_EQ_INT(bigint_compare_double(*h, 1.7976931348623157e308), -1);
    EXPECT_EQ_INT(bigint_compare_double(*h, 3.5), 1);
  }
  rd_runtime_free(rt);
}

TEST(bigint_string_to_bigint) {
  Runtime *rt = rd_runtime_new();
  {   /* the scope closes before the runtime goes */
    HANDLE_SCOPE(rt);
    struct { const char *s; const char *dec; } cases[] = {
        {"", "0"}, {"   ", "0"}, {"0", "0"}, {"-0", "0"}, {"+7", "7"}, {"-00012", "-12"},
        {"\t\n\v\f\r 42 \xc2\xa0", "42"}, {"\xef\xbb\xbf" "5\xe2\x80\xa8", "5"},
        {"0x1F", "31"}, {"0XfF", "255"}, {"0o17", "15"}, {"0b101", "5"},
        {"18446744073709551616", "18446744073709551616"},
        {"-340282366920938463463374607431768211457", "-340282366920938463463374607431768211457"},
        {"1.5", NULL}, {"1e3", NULL}, {"1_0", NULL}, {"-0x1", NULL}, {"0x", NULL}, {"+", NULL},
        {"- 1", NULL}, {"Infinity", NULL}, {"1n", NULL}, {"0b2", NULL}, {"12a", NULL},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
      Handle s = handle_new(rt, string_from_cstr(rt, cases[i].s));
      Handle b = handle_new(rt, bigint_from_string(rt, s));
      EXPECT(*b != VALUE_EMPTY);
      if (!cases[i].dec) {
        EXPECT(*b == VALUE_UNDEFINED);
        continue;
      }
      EXPECT(value_is_bigint(*b) && bigint_verify(BIGINT(*b)));
      char *d = value_is_bigint(*b) ? bigint_to_cstr(*b, 10) : NULL;
      EXPECT(d && strcmp(d, cases[i].dec) == 0);
      free(d);
    }
  }
  rd_runtime_free(rt);
}

TEST(bigint_results_are_normalized_and_hash_by_value) {
  Runtime *rt = rd_runtime_new();
  {   /* the scope closes before the runtime goes */
    HANDLE_SCOPE(rt);
    Handle a = handle_new(rt, big(rt, "123456789012345678901234567890", 10));
    Handle b = handle_new(rt, big(rt, "123456789012345678901234567890", 10));
    EXPECT(*a != *b && bigint_equals(*a, *b) && bigint_hash(*a) == bigint_hash(*b));
    Handle d = handle_new(rt, bigint_binary(rt, BIGINT_SUB, a, b));   /* 0n: length 0, positive */
    EXPECT(bigint_is_zero(*d) && !bigint_is_negative(*d) && bigint_verify(BIGINT(*d)));
    Handle n = handle_new(rt, bigint_negate(rt, d));
    EXPECT(bigint_is_zero(*n) && !bigint_is_negative(*n));
    Handle m = handle_new(rt, bigint_negate(rt, a));
    EXPECT(!bigint_equals(*m, *a) && bigint_hash(*m) != bigint_hash(*a));
    /* (2^128 - 1) - (2^128 - 2) drops two limbs; (-x) & x of a power of two keeps one. */
    Handle p = handle_new(rt, big(rt, "ffffffffffffffffffffffffffffffff", 16));
    Handle q = handle_new(rt, big(rt, "fffffffffffffffffffffffffffffffe", 16));
    Handle r = handle_new(rt, bigint_binary(rt, BIGINT_SUB, p, q));
    EXPECT_EQ_INT(bigint_length(*r), 1);
    EXPECT(bigint_verify(BIGINT(*r)));
    Handle t = handle_new(rt, big(rt, "-10000000000000000", 16));
    Handle u = handle_new(rt, bigint_binary(rt, BIGINT_AND, t, p));
    char *s = bigint_to_cstr(*u, 16);
    EXPECT(s && strcmp(s, "ffffffffffffffff0000000000000000") == 0);
    free(s);
    s = bigint_to_cstr(*m, 36);
    EXPECT(s && strcmp(s, "-byw97um9s91dlz68tsi") == 0);   /* as (-123456789012345678901234567890n).toString(36) */
    free(s);
  }
  rd_runtime_free(rt);
}

TEST(bigint_limits_throw_range_errors) {
  Runtime *rt = rd_runtime_new();
  {   /* the scope closes before the runtime goes */
    HANDLE_SCOPE(rt);
    Handle one = handle_new(rt, bigint_from_int64(rt, 1));
    Handle three = handle_new(rt, bigint_from_int64(rt, 3));
    Handle huge = handle_new(rt, bigint_from_int64(rt, (int64_t)BIGINT_MAX_BITS));
    EXPECT(!bigint_binary(rt, BIGINT_SHL, one, huge) && threw(rt, ERROR_RangeError));
    *huge = bigint_from_int64(rt, (int64_t)BIGINT_MAX_BITS - 1);   /* exactly the largest power of two */
    Handle p = handle_new(rt, bigint_binary(rt, BIGINT_SHL, one, huge));
    EXPECT(*p && bigint_bit_length(*p) == BIGINT_MAX_BITS);
    EXPECT(!bigint_binary(rt, BIGINT_ADD, p, p) && threw(rt, ERROR_RangeError));   /* one bit too many */
    EXPECT(!bigint_binary(rt, BIGINT_MUL, p, three) && threw(rt, ERROR_RangeError));
    *p = VALUE_UNDEFINED;
    Handle e = handle_new(rt, bigint_from_int64(rt, 700000000));   /* 3^e has 1.1e9 bits */
    EXPECT(!bigint_binary(rt, BIGINT_EXP, three, e) && threw(rt, ERROR_RangeError));
    Handle m1 = handle_new(rt, bigint_from_int64(rt, -1));
    EXPECT(!bigint_as_n(rt, BIGINT_MAX_BITS + 1, m1, false) && threw(rt, ERROR_RangeError));
    EXPECT(bigint_as_n(rt, (uint64_t)1 << 52, m1, true) == *m1);   /* fits: returned as is */
    Handle z = handle_new(rt, bigint_from_int64(rt, 0));
    EXPECT(!bigint_binary(rt, BIGINT_DIV, one, z) && threw(rt, ERROR_RangeError));
    EXPECT(!bigint_binary(rt, BIGINT_EXP, three, m1) && threw(rt, ERROR_RangeError));
    /* The right shift of anything by a huge count is 0 or -1, without allocating it. */
    *huge = bigint_binary(rt, BIGINT_SHL, one, handle_new(rt, bigint_from_int64(rt, 200)));
    Handle s = handle_new(rt, bigint_binary(rt, BIGINT_SAR, m1, huge));
    EXPECT(bigint_compare(*s, *m1) == 0);
  }
  rd_runtime_free(rt);
}
