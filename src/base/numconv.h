/*
 * numconv.h - number <-> string conversion as ECMAScript specifies it:
 * Number::toString (shortest round-trip digits), toString(radix), toFixed,
 * toExponential, toPrecision, StringToNumber and the array-index test.
 *
 * Invariant: every function is pure (no heap, no runtime, no global state)
 * and exact: printed digits come from the exact binary value of the double,
 * parsed values are correctly rounded (round-half-even) however long the input.
 */
#ifndef RONDO_BASE_NUMCONV_H
#define RONDO_BASE_NUMCONV_H

#include "base/common.h"

/* Longest output of num_to_string (incl. NUL): e.g. "-1.2345678901234567e-308". */
#define NUM_TO_STRING_MAX 32
/* ECMAScript Number::toString(x) with radix 10 (ECMA-262 sec. 6.1.6.1.20):
 * the shortest digit string that round-trips to exactly x (ties broken toward the
 * digit closest to x; if still a tie, even), in the spec's layout: "NaN", "Infinity",
 * "-Infinity", "0" for both zeros, plain decimal for 1e-7 < |x| < 1e21 ("0.000001", "123",
 * "1.5"), otherwise exponent form "1e+21", "1.5e-7", "-1.2345e+100". Writes NUL-terminated
 * text into buf (>= NUM_TO_STRING_MAX bytes), returns its length. */
int num_to_string(double x, char *buf);

/* Number.prototype.toString(radix) for radix 2..36 (radix 10 gives num_to_string's
 * result). Other radixes: the integer part exactly, then fraction digits only while
 * they are needed to tell x from its neighbouring doubles (the "delta" method, done
 * in exact arithmetic, so the output always reads back as x), last digit rounded.
 * Lower-case letters. buf must hold NUM_TO_RADIX_MAX bytes; returns length. */
#define NUM_TO_RADIX_MAX 2200
int num_to_radix_string(double x, int radix, char *buf);

/* Number.prototype.toFixed(f) (0 <= f <= 100), toExponential(f) (f = -1 means "as
 * many as needed", else 0..100), toPrecision(p) (1..100), exactly as the spec's
 * algorithms say (exact decimal expansion of the double, round-half-up on the exact
 * value). NaN/±Infinity print as "NaN"/"Infinity"/"-Infinity". buf must hold
 * NUM_FIXED_MAX bytes; return length. */
#define NUM_FIXED_MAX 1200
int num_to_fixed(double x, int f, char *buf);
int num_to_exponential(double x, int f, char *buf);
int num_to_precision(double x, int p, char *buf);

/* ECMAScript StringToNumber (sec. 7.1.4.1.1) over Latin-1 bytes or UTF-16 code
 * units: trims StrWhiteSpaceChar, empty -> 0, "Infinity" with optional sign,
 * decimal literals (optional sign, fraction, exponent), 0x/0o/0b integers (no sign,
 * no "_"), anything else -> NaN. Results are correctly rounded; "-0" gives -0. */
double num_parse_one_byte(const uint8_t *s, size_t len);
double num_parse_two_byte(const uint16_t *s, size_t len);

/* True if the string is a canonical array index "0".."4294967294" (no leading
 * zeros); sets *out. */
bool num_is_array_index_one_byte(const uint8_t *s, size_t len, uint32_t *out);
bool num_is_array_index_two_byte(const uint16_t *s, size_t len, uint32_t *out);

#endif
