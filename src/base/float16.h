/*
 * float16.h - conversions between double and IEEE-754 binary16 (half
 * precision), for DataView get/setFloat16, Float16Array and Math.f16round.
 *
 *   15  14      10 9                 0
 *  +---+----------+-------------------+
 *  | s | exponent |     mantissa      |   bias 15; exponent 0: zero and
 *  +---+----------+-------------------+   subnormals (m * 2^-24); 31: inf, NaN
 *
 * Invariant: float16_from_double rounds straight from the double (to
 * nearest, ties to even, with subnormal results and overflow to infinity),
 * never through float, so there is no double rounding; every NaN becomes
 * the quiet NaN 0x7E00. float16_to_double is exact.
 */
#ifndef RONDO_BASE_FLOAT16_H
#define RONDO_BASE_FLOAT16_H

#include <math.h>

#include "base/common.h"

/* Rounds x >> s (0 < s < 64) to nearest, ties to even. */
RD_INLINE uint64_t float16_shift_round(uint64_t x, unsigned s) {
  uint64_t q = x >> s, rem = x & (((uint64_t)1 << s) - 1), half = (uint64_t)1 << (s - 1);
  return q + (rem > half || (rem == half && (q & 1)));
}

/* The binary16 bits nearest to d (roundTiesToEven). */
RD_INLINE uint16_t float16_from_double(double d) {
  uint64_t bits;
  memcpy(&bits, &d, 8);
  uint16_t sign = (uint16_t)((bits >> 48) & 0x8000);
  if (d != d) return 0x7E00;
  double a = fabs(d);
  if (a >= 65520.0) return sign | 0x7C00;   /* halfway past 65504 rounds (to even) up to infinity */
  int e = (int)((bits >> 52) & 0x7FF) - 1023;
  uint64_t full = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
  if (e < -26) return sign;                 /* under half the smallest subnormal (2^-25), or zero */
  if (e >= -14) {                           /* a normal half: keep 10 of the 52 fraction bits */
    uint64_t m = float16_shift_round(full, 42);   /* 1024..2048 */
    unsigned exp = (unsigned)(e + 15);
    if (m == 2048) m = 1024, exp++;
    return (uint16_t)(sign | (exp << 10) | (m & 0x3FF));
  }
  /* A subnormal half: d / 2^-24 = full * 2^(e - 28), with 28 - e in 43..54. A
   * result of 1024 is the smallest normal, which the same bits encode. */
  return (uint16_t)(sign | float16_shift_round(full, (unsigned)(28 - e)));
}

/* The double value of binary16 bits h. */
RD_INLINE double float16_to_double(uint16_t h) {
  unsigned exp = (h >> 10) & 0x1F, m = h & 0x3FF;
  double v = exp == 0    ? ldexp((double)m, -24)
             : exp == 31 ? (m ? NAN : INFINITY)
                         : ldexp((double)(m | 0x400), (int)exp - 25);
  return (h & 0x8000) ? -v : v;
}

#endif
