/*
 * strtonum.c - string -> double: ECMAScript StringToNumber over Latin-1 or
 * UTF-16 code units, and the canonical array-index test.
 *
 * The grammar (StringNumericLiteral) is validated here; the value of a decimal
 * literal comes from an exact fast path (<= 15 digits, |10-exponent| <= 22) or
 * from glibc strtod (correctly rounded) on a rebuilt ASCII "DIGITSe-EXP" with no
 * decimal point (so the locale cannot matter). At most DEC_KEEP significant
 * digits are kept and any nonzero rest becomes one sticky '1': every midpoint
 * between doubles has at most 767 significant digits, so this never changes
 * the rounding and no heap is needed. Hex/octal/binary keep the top 64 bits
 * plus a sticky bit and round half-even themselves.
 *
 * Invariant: results are correctly rounded (round-half-even on the exact value
 * of the literal) whatever its length; invalid input gives NaN.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/numconv.h"

/* Significant decimal digits kept before the rest collapses to a sticky digit. */
#define DEC_KEEP 800

/* Reads code unit i of a one-byte (s8) or two-byte (s16) string. */
#define UNIT(i) (s8 ? (uint32_t)s8[i] : (uint32_t)s16[i])

/* True for StrWhiteSpaceChar: WhiteSpace (incl. every Zs) or LineTerminator. */
static inline bool is_str_whitespace(uint32_t c) {
  if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c == 0xa0 || c == 0xfeff || c == 0x1680 || c == 0x3000) return true;
  if (c >= 0x2000 && c <= 0x200a) return true;
  return c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f;
}

/* Value of a digit in radix 2, 8 or 16, or -1. */
static inline int radix_digit(uint32_t c, int radix) {
  int v;
  if (c >= '0' && c <= '9') v = (int)(c - '0');
  else if (c >= 'a' && c <= 'f') v = (int)(c - 'a' + 10);
  else if (c >= 'A' && c <= 'F') v = (int)(c - 'A' + 10);
  else return -1;
  return v < radix ? v : -1;
}

/* Value of the 0x/0o/0b digits s[i..end) (radix 16, 8 or 2), correctly rounded;
 * NaN if empty or if any unit is not a digit. */
static inline double parse_power2_radix(const uint8_t *s8, const uint16_t *s16, size_t i,
                                        size_t end, int radix) {
  int bits = radix == 16 ? 4 : radix == 8 ? 3 : 1;
  uint64_t m = 0;      /* the leading bits, at most 64 */
  int64_t exp2 = 0;    /* binary exponent of the dropped digits */
  bool sticky = false; /* a dropped digit was nonzero */
  if (i >= end) return NAN;
  for (; i < end; i++) {
    int d = radix_digit(UNIT(i), radix);
    if (d < 0) return NAN;
    if ((m >> (64 - bits)) == 0) {
      m = (m << bits) | (uint64_t)d;
    } else {
      exp2 += bits;
      sticky |= d != 0;
    }
  }
  if (m == 0) return 0;
  int nbits = 64 - __builtin_clzll(m);
  if (nbits > 53) {
    int sh = nbits - 53;
    uint64_t low = m & ((1ull << sh) - 1), half = 1ull << (sh - 1);
    m >>= sh;
    exp2 += sh;
    if (low > half || (low == half && (sticky || (m & 1)))) m++;
  }
  if (exp2 > 2000) return INFINITY;
  return ldexp((double)m, (int)exp2);
}

/* Exact powers of ten for the fast path. */
static const double kPow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Value of digits[0..nd) * 10^e10 (nd >= 1, digits[0] != '0'), correctly rounded. */
static double decimal_value(char *digits, int nd, int64_t e10) {
#if FLT_EVAL_METHOD == 0
  if (nd <= 15 && e10 >= -22 && e10 <= 22) {
    /* Both operands are exact doubles, so one IEEE operation rounds correctly. */
    uint64_t v = 0;
    for (int i = 0; i < nd; i++) v = v * 10 + (uint64_t)(digits[i] - '0');
    return e10 >= 0 ? (double)v * kPow10[e10] : (double)v / kPow10[-e10];
  }
#endif
  /* value < 10^(nd + e10) and >= 10^(nd + e10 - 1) */
  if (nd + e10 > 400) return INFINITY;
  if (nd + e10 < -400) return 0;
  int n = nd;
  digits[n++] = 'e';
  n += snprintf(digits + n, 16, "%d", (int)e10);
  digits[n] = '\0';
  return strtod(digits, NULL);
}

/* StringToNumber over s8[0..len) or s16[0..len) (exactly one is non-NULL). */
static inline __attribute__((always_inline)) double parse_number(const uint8_t *s8,
                                                                 const uint16_t *s16,
                                                                 size_t len) {
  size_t i = 0, end = len;
  while (i < end && is_str_whitespace(UNIT(i))) i++;
  while (end > i && is_str_whitespace(UNIT(end - 1))) end--;
  if (i == end) return 0;

  if (end - i >= 2 && UNIT(i) == '0') {
    uint32_t c = UNIT(i + 1) | 0x20;
    if (c == 'x') return parse_power2_radix(s8, s16, i + 2, end, 16);
    if (c == 'o') return parse_power2_radix(s8, s16, i + 2, end, 8);
    if (c == 'b') return parse_power2_radix(s8, s16, i + 2, end, 2);
  }

  bool neg = false;
  if (UNIT(i) == '+' || UNIT(i) == '-') {
    neg = UNIT(i) == '-';
    i++;
  }
  if (end - i == 8) {
    static const char kInf[] = "Infinity";
    size_t j = 0;
    while (j < 8 && UNIT(i + j) == (uint32_t)kInf[j]) j++;
    if (j == 8) return neg ? -INFINITY : INFINITY;
  }

  /* [digits] [. [digits]] [(e|E) [+|-] digits], with at least one mantissa digit. */
  char digits[DEC_KEEP + 32]; /* kept digits, a sticky digit, "e-NNN", NUL */
  int nd = 0;
  bool sticky = false, any_digit = false;
  int64_t e10 = 0; /* value = digits * 10^e10 (before the explicit exponent) */
  uint32_t c;
  for (; i < end && (c = UNIT(i)) - '0' < 10; i++) {
    any_digit = true;
    if (nd == 0 && c == '0') continue;
    if (nd < DEC_KEEP) digits[nd++] = (char)c;
    else {
      e10++;
      sticky |= c != '0';
    }
  }
  if (i < end && UNIT(i) == '.') {
    for (i++; i < end && (c = UNIT(i)) - '0' < 10; i++) {
      any_digit = true;
      if (nd == 0 && c == '0') {
        e10--;
        continue;
      }
      if (nd < DEC_KEEP) {
        digits[nd++] = (char)c;
        e10--;
      } else {
        sticky |= c != '0';
      }
    }
  }
  if (!any_digit) return NAN;
  if (i < end && (UNIT(i) | 0x20) == 'e') {
    bool eneg = false;
    int64_t ev = 0;
    i++;
    if (i < end && (UNIT(i) == '+' || UNIT(i) == '-')) {
      eneg = UNIT(i) == '-';
      i++;
    }
    if (i == end) return NAN;
    for (; i < end && (c = UNIT(i)) - '0' < 10; i++)
      if (ev < 1000000000) ev = ev * 10 + (c - '0'); /* saturates far beyond 10^±400 */
    e10 += eneg ? -ev : ev;
  }
  if (i != end) return NAN;
  if (nd == 0) return neg ? -0.0 : 0.0;
  if (sticky) {
    digits[nd++] = '1';
    e10--;
  }
  double v = decimal_value(digits, nd, e10);
  return neg ? -v : v;
}

double num_parse_one_byte(const uint8_t *s, size_t len) { return parse_number(s, NULL, len); }

double num_parse_two_byte(const uint16_t *s, size_t len) { return parse_number(NULL, s, len); }

/* Canonical array index test over s8 or s16 (exactly one is non-NULL). */
static inline __attribute__((always_inline)) bool is_array_index(const uint8_t *s8,
                                                                 const uint16_t *s16,
                                                                 size_t len, uint32_t *out) {
  if (len == 0 || len > 10) return false;
  if (UNIT(0) == '0') {
    if (len != 1) return false;
    *out = 0;
    return true;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < len; i++) {
    uint32_t c = UNIT(i) - '0';
    if (c >= 10) return false;
    v = v * 10 + c;
  }
  if (v > 4294967294u) return false;
  *out = (uint32_t)v;
  return true;
}

bool num_is_array_index_one_byte(const uint8_t *s, size_t len, uint32_t *out) {
  return is_array_index(s, NULL, len, out);
}

bool num_is_array_index_two_byte(const uint16_t *s, size_t len, uint32_t *out) {
  return is_array_index(NULL, s, len, out);
}
