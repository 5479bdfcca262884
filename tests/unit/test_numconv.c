/*
 * test_numconv.c - unit tests of src/base/numconv.h: Number::toString (fixed
 * cases, every power of two and ten with neighbours, random bit patterns
 * checked for round-trip, minimal length and nearest digits against glibc),
 * toString(radix) (known outputs, exact read-back check with a test-local big
 * integer), toFixed/toExponential/toPrecision (spec cases, random comparison
 * with glibc's exact printf, ties moved up) and StringToNumber.
 *
 * Invariant: every reference is independent of the code under test (glibc's
 * exact printf/strtod or big-integer arithmetic here), and the random cases
 * are reproducible (fixed seeds).
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "base/numconv.h"
#include "test.h"

/* ------------------------------------------------------------------------ */
/* Helpers. */

static uint64_t rng_state;

/* xorshift64*: a reproducible 64-bit random stream. */
static uint64_t rng_next(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}

static double bits_to_double(uint64_t b) {
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

static uint64_t double_to_bits(double d) {
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  return b;
}

/* A random finite double: raw bit patterns, or values of moderate size. */
static double random_double(void) {
  for (;;) {
    uint64_t r = rng_next();
    double x;
    switch (rng_next() % 4) {
      case 0:
      case 1: x = bits_to_double(r); break;
      case 2: x = (double)(r >> 11) * ldexp(1, -(int)(rng_next() % 120)); break;
      default: x = (double)(r % 1000000) / pow(10, (double)(rng_next() % 12)); break;
    }
    if (isfinite(x)) return x;
  }
}

static bool same_double(double a, double b) { return double_to_bits(a) == double_to_bits(b); }

static const char *str_of(double x) {
  static char buf[NUM_TO_STRING_MAX];
  num_to_string(x, buf);
  return buf;
}

/* Significant digits (no leading/trailing zeros) and decimal point position of
 * a number printed as [-]ddd[.ddd][e[+-]N]: value = 0.digits * 10^point. */
static void sig_digits(const char *s, char *digits, int *point) {
  int nd = 0, pt = 0, seen_dot = 0, started = 0;
  if (*s == '-') s++;
  for (; *s && *s != 'e' && *s != 'E'; s++) {
    if (*s == '.') {
      seen_dot = 1;
      continue;
    }
    if (!started && *s == '0') {
      if (seen_dot) pt--;
      continue;
    }
    started = 1;
    digits[nd++] = *s;
    if (!seen_dot) pt++;
  }
  if (*s) pt += atoi(s + 1);
  while (nd > 0 && digits[nd - 1] == '0') nd--;
  digits[nd] = '\0';
  *point = pt;
}

/* ------------------------------------------------------------------------ */
/* A test-local big integer (independent of dtoa.c's). */

#define TB_LIMBS 160

typedef struct {
  int n;
  uint32_t d[TB_LIMBS];
} TBig;

static void tb_set(TBig *b, uint64_t v) {
  b->n = 0;
  while (v) {
    b->d[b->n++] = (uint32_t)v;
    v >>= 32;
  }
}

/* b = b * m + a. */
static void tb_mul_add(TBig *b, uint32_t m, uint32_t a) {
  uint64_t carry = a;
  for (int i = 0; i < b->n; i++) {
    uint64_t t = (uint64_t)b->d[i] * m + carry;
    b->d[i] = (uint32_t)t;
    carry = t >> 32;
  }
  if (carry) b->d[b->n++] = (uint32_t)carry;
}

static void tb_shl(TBig *b, int bits) {
  for (; bits > 0; bits--) tb_mul_add(b, 2, 0);
}

static int tb_cmp(const TBig *a, const TBig *b) {
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  for (int i = a->n - 1; i >= 0; i--)
    if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}

/* Compares N / radix^f with m * 2^e. */
static int cmp_ratio_dyadic(const TBig *num, int radix, int f, uint64_t m, int e) {
  TBig l = *num, r;
  tb_set(&r, m);
  for (int i = 0; i < f; i++) tb_mul_add(&r, (uint32_t)radix, 0);
  if (e >= 0) tb_shl(&r, e);
  else tb_shl(&l, -e);
  return tb_cmp(&l, &r);
}

/* True if s, read as an exact number in radix, rounds (half-even) to x. */
static bool reads_back_as(const char *s, int radix, double x) {
  bool neg = *s == '-';
  if (neg) s++;
  if (neg != (x < 0)) return false;
  x = fabs(x);
  TBig num;
  tb_set(&num, 0);
  int f = 0, dot = 0;
  for (; *s; s++) {
    if (*s == '.') {
      dot = 1;
      continue;
    }
    int d = *s <= '9' ? *s - '0' : *s - 'a' + 10;
    if (d < 0 || d >= radix) return false;
    tb_mul_add(&num, (uint32_t)radix, (uint32_t)d);
    f += dot;
  }
  if (x == 0) return num.n == 0;
  uint64_t bits = double_to_bits(x), c = bits & ((1ull << 52) - 1);
  int be = (int)(bits >> 52), q = -1074;
  if (be) {
    c |= 1ull << 52;
    q = be - 1075;
  }
  bool even = (c & 1) == 0;
  uint64_t lo = (c == (1ull << 52) && q > -1074) ? 4 * c - 1 : 4 * c - 2;
  int cl = cmp_ratio_dyadic(&num, radix, f, lo, q - 2);
  int cu = cmp_ratio_dyadic(&num, radix, f, 4 * c + 2, q - 2);
  return (cl > 0 || (cl == 0 && even)) && (cu < 0 || (cu == 0 && even));
}

static const char *radix_of(double x, int radix) {
  static char buf[NUM_TO_RADIX_MAX];
  int n = num_to_radix_string(x, radix, buf);
  if ((size_t)n != strlen(buf)) test_fail(__FILE__, __LINE__, "bad length for radix output");
  return buf;
}

/* ------------------------------------------------------------------------ */
/* Number::toString. */

TEST(numconv_to_string_specials) {
  EXPECT_STREQ(str_of(NAN), "NaN");
  EXPECT_STREQ(str_of(INFINITY), "Infinity");
  EXPECT_STREQ(str_of(-INFINITY), "-Infinity");
  EXPECT_STREQ(str_of(0.0), "0");
  EXPECT_STREQ(str_of(-0.0), "0");
  char buf[NUM_TO_STRING_MAX];
  EXPECT_EQ_INT(num_to_string(-INFINITY, buf), 9);
  EXPECT_EQ_INT(num_to_string(-0.0, buf), 1);
  EXPECT_EQ_INT(num_to_string(-1.2345678901234567e-308, buf), 24);
  EXPECT_STREQ(buf, "-1.2345678901234567e-308");
}

TEST(numconv_to_string_integers) {
  EXPECT_STREQ(str_of(1), "1");
  EXPECT_STREQ(str_of(-1), "-1");
  EXPECT_STREQ(str_of(10), "10");
  EXPECT_STREQ(str_of(123), "123");
  EXPECT_STREQ(str_of(1000000), "1000000");
  EXPECT_STREQ(str_of(4294967295.0), "4294967295");
  EXPECT_STREQ(str_of(-2147483648.0), "-2147483648");
  EXPECT_STREQ(str_of(9007199254740991.0), "9007199254740991");
  EXPECT_STREQ(str_of(9007199254740992.0), "9007199254740992");
  EXPECT_STREQ(str_of(9007199254740994.0), "9007199254740994");
  EXPECT_STREQ(str_of(9007199254740993.0), "9007199254740992");
  EXPECT_STREQ(str_of(9223372036854775808.0), "9223372036854776000");
  EXPECT_STREQ(str_of(18446744073709551616.0), "18446744073709552000");
  EXPECT_STREQ(str_of(1000000000000000128.0), "1000000000000000100");
  EXPECT_STREQ(str_of(1e20), "100000000000000000000");
  for (int64_t i = -100000; i <= 100000; i += 7) {
    char want[32];
    snprintf(want, sizeof want, "%lld", (long long)i);
    EXPECT_STREQ(str_of((double)i), want);
  }
}

TEST(numconv_to_string_boundaries) {
  EXPECT_STREQ(str_of(5e-324), "5e-324");
  EXPECT_STREQ(str_of(-5e-324), "-5e-324");
  EXPECT_STREQ(str_of(1.5e-323), "1.5e-323");
  EXPECT_STREQ(str_of(2.2250738585072014e-308), "2.2250738585072014e-308");
  EXPECT_STREQ(str_of(nextafter(2.2250738585072014e-308, 0)), "2.225073858507201e-308");
  EXPECT_STREQ(str_of(1.5 * DBL_MIN), "3.337610787760802e-308");
  EXPECT_STREQ(str_of(DBL_MAX), "1.7976931348623157e+308");
  EXPECT_STREQ(str_of(-DBL_MAX), "-1.7976931348623157e+308");
  EXPECT_STREQ(str_of(1e21), "1e+21");
  EXPECT_STREQ(str_of(nextafter(1e21, 0)), "999999999999999900000");
  EXPECT_STREQ(str_of(nextafter(1e21, INFINITY)), "1.0000000000000001e+21");
  EXPECT_STREQ(str_of(1e-7), "1e-7");
  EXPECT_STREQ(str_of(nextafter(1e-7, 0)), "9.999999999999998e-8");
  EXPECT_STREQ(str_of(nextafter(1e-7, 1)), "1.0000000000000001e-7");
  EXPECT_STREQ(str_of(1e-6), "0.000001");
  EXPECT_STREQ(str_of(nextafter(1e-6, 0)), "9.999999999999997e-7");
  EXPECT_STREQ(str_of(0.1 + 0.2), "0.30000000000000004");
  EXPECT_STREQ(str_of(123e-20), "1.23e-18");
  EXPECT_STREQ(str_of(1e23), "1e+23");
  EXPECT_STREQ(str_of(1.7e300), "1.7e+300");
  EXPECT_STREQ(str_of(1.2345678901234567e-300), "1.2345678901234568e-300");
}

TEST(numconv_to_string_layout) {
  EXPECT_STREQ(str_of(1.5), "1.5");
  EXPECT_STREQ(str_of(-1.5), "-1.5");
  EXPECT_STREQ(str_of(0.5), "0.5");
  EXPECT_STREQ(str_of(0.1), "0.1");
  EXPECT_STREQ(str_of(0.3), "0.3");
  EXPECT_STREQ(str_of(4.35), "4.35");
  EXPECT_STREQ(str_of(123.456), "123.456");
  EXPECT_STREQ(str_of(3.141592653589793), "3.141592653589793");
  EXPECT_STREQ(str_of(1.0 / 3), "0.3333333333333333");
  EXPECT_STREQ(str_of(2.0 / 3), "0.6666666666666666");
  EXPECT_STREQ(str_of(0.000001), "0.000001");
  EXPECT_STREQ(str_of(0.0000015), "0.0000015");
  EXPECT_STREQ(str_of(1.5e-7), "1.5e-7");
  EXPECT_STREQ(str_of(-1.2345e100), "-1.2345e+100");
  EXPECT_STREQ(str_of(1e100), "1e+100");
  EXPECT_STREQ(str_of(1.5e21), "1.5e+21");
  EXPECT_STREQ(str_of(123456789012345680000.0), "123456789012345680000");
  EXPECT_STREQ(str_of(12345678901234567.0), "12345678901234568");
  EXPECT_STREQ(str_of(1.25e-5), "0.0000125");
  EXPECT_STREQ(str_of(9.5367431640625e-7), "9.5367431640625e-7");
  EXPECT_STREQ(str_of(1e-10), "1e-10");
  EXPECT_STREQ(str_of(2e-308), "2e-308");
}

/* printf "%.*e" of x with the given rounding mode (glibc honours it exactly). */
static void printf_e_mode(char *out, size_t n, int prec, double x, int mode) {
  fesetround(mode);
  snprintf(out, n, "%.*e", prec, x);
  fesetround(FE_TONEAREST);
}

/* Checks one double: it reads back, no decimal with one digit fewer (rounded
 * down or up) reads back, and if the nearest decimal with as many digits reads
 * back it is the one printed (glibc's printf is exact, and its half-even rule
 * is the spec's tie rule). */
static void check_shortest(double x) {
  char buf[NUM_TO_STRING_MAX], ref[64], d1[40], d2[40];
  int p1, p2;
  if (x == 0) return;
  int len = num_to_string(x, buf);
  if ((size_t)len != strlen(buf) || len >= NUM_TO_STRING_MAX) {
    test_fail(__FILE__, __LINE__, "bad length for %a", x);
    return;
  }
  if (!same_double(strtod(buf, NULL), x)) {
    test_fail(__FILE__, __LINE__, "%s does not read back as %a", buf, x);
    return;
  }
  sig_digits(buf, d1, &p1);
  int nd = (int)strlen(d1);
  snprintf(ref, sizeof ref, "%.*e", nd - 1, x);
  sig_digits(ref, d2, &p2);
  if (same_double(strtod(ref, NULL), x) && (strcmp(d1, d2) != 0 || p1 != p2))
    test_fail(__FILE__, __LINE__, "%a: got %s, nearest with %d digits is %s", x, buf, nd, ref);
  if (nd > 1) {
    printf_e_mode(ref, sizeof ref, nd - 2, x, FE_DOWNWARD);
    if (same_double(strtod(ref, NULL), x))
      test_fail(__FILE__, __LINE__, "%a: got %s but %s is shorter", x, buf, ref);
    printf_e_mode(ref, sizeof ref, nd - 2, x, FE_UPWARD);
    if (same_double(strtod(ref, NULL), x))
      test_fail(__FILE__, __LINE__, "%a: got %s but %s is shorter", x, buf, ref);
  }
  /* Layout: plain decimal exactly for 1e-6 <= |x| < 1e21. */
  double ax = fabs(x);
  bool plain = ax >= 1e-6 && ax < 1e21;
  if (plain != (strchr(buf, 'e') == NULL))
    test_fail(__FILE__, __LINE__, "%a: wrong layout %s", x, buf);
}

TEST(numconv_to_string_powers) {
  /* Every power of two (including each binade's irregular lower gap) and its
   * neighbours, and every power of ten and its neighbours. */
  for (int e = -1074; e <= 1023; e++) {
    double x = ldexp(1, e);
    check_shortest(x);
    check_shortest(nextafter(x, 0));
    check_shortest(nextafter(x, INFINITY));
    check_shortest(-x);
  }
  for (int e = -323; e <= 308; e++) {
    char s[16];
    snprintf(s, sizeof s, "1e%d", e);
    double x = strtod(s, NULL);
    char want[16];
    snprintf(want, sizeof want, e >= 21 ? "1e+%d" : "1e%d", e);
    if (e >= 21 || e <= -7) EXPECT_STREQ(str_of(x), want);
    check_shortest(x);
    check_shortest(nextafter(x, 0));
    check_shortest(nextafter(x, INFINITY));
  }
  for (uint64_t c = 1; c < 5000; c++) check_shortest(bits_to_double(c)); /* subnormals */
  for (uint64_t c = 0; c < 5000; c++) check_shortest(bits_to_double(0x7fefffffffffffffull - c));
}

TEST(numconv_to_string_random) {
  rng_state = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 200000; i++) {
    double x = bits_to_double(rng_next());
    if (!isfinite(x)) continue;
    check_shortest(x);
  }
  for (int i = 0; i < 50000; i++) check_shortest(random_double());
  /* Short decimals: must print as written. */
  for (int i = 0; i < 20000; i++) {
    char s[40];
    int digits = 1 + (int)(rng_next() % 15);
    uint64_t m = rng_next() % 1000000000000000ull;
    while (m % 10 == 0) m /= 10;
    if (m == 0) continue;
    int e = (int)(rng_next() % 600) - 300;
    snprintf(s, sizeof s, "%llue%d", (unsigned long long)(m % (uint64_t)pow(10, digits)), e);
    double x = strtod(s, NULL);
    if (x == 0 || !isfinite(x)) continue;
    char d1[40], d2[40];
    int p1, p2;
    sig_digits(str_of(x), d1, &p1);
    sig_digits(s, d2, &p2);
    if (strcmp(d1, d2) != 0 || p1 != p2)
      test_fail(__FILE__, __LINE__, "%s printed as %s", s, str_of(x));
  }
}

/* ------------------------------------------------------------------------ */
/* toString(radix). */

TEST(numconv_radix_known) {
  EXPECT_STREQ(radix_of(255, 16), "ff");
  EXPECT_STREQ(radix_of(-255, 16), "-ff");
  EXPECT_STREQ(radix_of(255, 2), "11111111");
  EXPECT_STREQ(radix_of(-255, 36), "-73");
  EXPECT_STREQ(radix_of(35, 36), "z");
  EXPECT_STREQ(radix_of(36, 36), "10");
  EXPECT_STREQ(radix_of(0.5, 2), "0.1");
  EXPECT_STREQ(radix_of(0.25, 2), "0.01");
  EXPECT_STREQ(radix_of(0.5, 3), "0.1111111111111111111111111111111112");
  EXPECT_STREQ(radix_of(1.0 / 3, 3), "0.1");
  EXPECT_STREQ(radix_of(0.1, 3), "0.0022002200220022002200220022002201");
  EXPECT_STREQ(radix_of(0.1, 16), "0.1999999999999a");
  EXPECT_STREQ(radix_of(0.1, 36), "0.3lllllllllm");
  EXPECT_STREQ(radix_of(0.3, 5), "0.122222222222222222222222");
  EXPECT_STREQ(radix_of(4.0 / 3, 12), "1.4");
  EXPECT_STREQ(radix_of(123.456, 8), "173.3513615237574734");
  EXPECT_STREQ(radix_of(3.141592653589793, 2),
               "11.001001000011111101101010100010001000010110100011");
  EXPECT_STREQ(radix_of(3.141592653589793, 16), "3.243f6a8885a3");
  EXPECT_STREQ(radix_of(3.141592653589793, 36), "3.53i5ab8p5f");
  EXPECT_STREQ(radix_of(1e21, 36), "5v1j4f4ds79m9s");
  EXPECT_STREQ(radix_of(1152921504606846976.0, 7), "2031000661631341065361");
  EXPECT_STREQ(radix_of(1e-7, 2),
               "0.0000000000000000000000011010110101111111001010011010101111001010111101001");
  EXPECT_STREQ(radix_of(1.7976931348623157e308, 36),
               "1a1e4vngaiku6scyil2a1vcbg6qvbzjfseu5nty6qyr6ft0fmxyr3nmwlm21axdq6ed914edar"
               "7zmc0m6nphl75ran22ulsb7gk2x0w8eh76j4mr2dvcv9tlpr9qo3ap6my00o4k4hhs2393945"
               "uo1rspbz2qhhhvhwp0k4z956e50710y4rp9wvby29lpsvd8xlurk");
  EXPECT_STREQ(radix_of(NAN, 2), "NaN");
  EXPECT_STREQ(radix_of(INFINITY, 16), "Infinity");
  EXPECT_STREQ(radix_of(-INFINITY, 36), "-Infinity");
  EXPECT_STREQ(radix_of(-0.0, 2), "0");
  EXPECT_STREQ(radix_of(0.1 + 0.2, 10), "0.30000000000000004");
  EXPECT_STREQ(radix_of(1e21, 10), "1e+21");
  /* 2^-1074 in binary: "0." then 1073 zeros and a one. */
  const char *s = radix_of(5e-324, 2);
  EXPECT_EQ_INT(strlen(s), 1076);
  EXPECT(strncmp(s, "0.000", 5) == 0 && s[1075] == '1' && strchr(s + 2, '1') == s + 1075);
  /* DBL_MAX in binary: 53 ones and 971 zeros. */
  s = radix_of(DBL_MAX, 2);
  EXPECT_EQ_INT(strlen(s), 1024);
  EXPECT(strspn(s, "1") == 53 && strspn(s + 53, "0") == 971);
  s = radix_of(-DBL_MAX, 2);
  EXPECT_EQ_INT(strlen(s), 1025);
  /* The longest output fits. */
  EXPECT(strlen(radix_of(-nextafter(DBL_MIN, 0), 2)) < NUM_TO_RADIX_MAX);
  for (int r = 2; r <= 36; r++) {
    if (r == 10) continue; /* exponent form; checked by the num_to_string tests */
    EXPECT(reads_back_as(radix_of(3.141592653589793, r), r, 3.141592653589793));
    EXPECT(reads_back_as(radix_of(-DBL_MAX, r), r, -DBL_MAX));
    EXPECT(reads_back_as(radix_of(5e-324, r), r, 5e-324));
    EXPECT(reads_back_as(radix_of(DBL_MIN, r), r, DBL_MIN));
    EXPECT(reads_back_as(radix_of(0.1, r), r, 0.1));
    EXPECT(reads_back_as(radix_of(1e21, r), r, 1e21));
    EXPECT(reads_back_as(radix_of(9007199254740993.0, r), r, 9007199254740993.0));
    EXPECT_STREQ(radix_of(1, r), "1");
    EXPECT_STREQ(radix_of(r, r), "10");
  }
}

TEST(numconv_radix_random) {
  rng_state = 0x1234567887654321ull;
  for (int i = 0; i < 20000; i++) {
    double x = random_double();
    if (i % 3 == 0) x = ldexp((double)(rng_next() >> 11), (int)(rng_next() % 80) - 70);
    if (i % 7 == 0) x = ldexp(1, (int)(rng_next() % 2000) - 1000); /* irregular gaps */
    int radix = 2 + (int)(rng_next() % 35);
    if (radix == 10) continue;
    const char *s = radix_of(x, radix);
    if (!reads_back_as(s, radix, x))
      test_fail(__FILE__, __LINE__, "(%a).toString(%d) = %s does not read back", x, radix, s);
  }
}

/* ------------------------------------------------------------------------ */
/* toFixed, toExponential, toPrecision. */

static const char *fixed_of(double x, int f) {
  static char buf[NUM_FIXED_MAX];
  int n = num_to_fixed(x, f, buf);
  if ((size_t)n != strlen(buf)) test_fail(__FILE__, __LINE__, "bad toFixed length");
  return buf;
}

static const char *expo_of(double x, int f) {
  static char buf[NUM_FIXED_MAX];
  int n = num_to_exponential(x, f, buf);
  if ((size_t)n != strlen(buf)) test_fail(__FILE__, __LINE__, "bad toExponential length");
  return buf;
}

static const char *prec_of(double x, int p) {
  static char buf[NUM_FIXED_MAX];
  int n = num_to_precision(x, p, buf);
  if ((size_t)n != strlen(buf)) test_fail(__FILE__, __LINE__, "bad toPrecision length");
  return buf;
}

TEST(numconv_fixed_known) {
  EXPECT_STREQ(fixed_of(1.005, 2), "1.00");
  EXPECT_STREQ(fixed_of(1e21, 2), "1e+21");
  EXPECT_STREQ(fixed_of(-1e21, 2), "-1e+21");
  EXPECT_STREQ(fixed_of(DBL_MAX, 0), "1.7976931348623157e+308");
  EXPECT_STREQ(fixed_of(1000000000000000128.0, 0), "1000000000000000128");
  EXPECT_STREQ(fixed_of(1000000000000000128.0, 2), "1000000000000000128.00");
  EXPECT_STREQ(fixed_of(0.5, 0), "1");
  EXPECT_STREQ(fixed_of(1.5, 0), "2");
  EXPECT_STREQ(fixed_of(2.5, 0), "3");
  EXPECT_STREQ(fixed_of(-2.5, 0), "-3");
  EXPECT_STREQ(fixed_of(0.4, 0), "0");
  EXPECT_STREQ(fixed_of(1.25, 1), "1.3");
  EXPECT_STREQ(fixed_of(1.45, 1), "1.4");
  EXPECT_STREQ(fixed_of(1.255, 2), "1.25");
  EXPECT_STREQ(fixed_of(9.995, 2), "9.99");
  EXPECT_STREQ(fixed_of(99.995, 2), "100.00");
  EXPECT_STREQ(fixed_of(999.5, 0), "1000");
  EXPECT_STREQ(fixed_of(0.05, 1), "0.1");
  EXPECT_STREQ(fixed_of(0.0625, 3), "0.063");
  EXPECT_STREQ(fixed_of(0.1, 20), "0.10000000000000000555");
  EXPECT_STREQ(fixed_of(123.456, 10), "123.4560000000");
  EXPECT_STREQ(fixed_of(123.456, 0), "123");
  EXPECT_STREQ(fixed_of(0, 0), "0");
  EXPECT_STREQ(fixed_of(0, 2), "0.00");
  EXPECT_STREQ(fixed_of(-0.0, 2), "0.00");
  EXPECT_STREQ(fixed_of(-0.0000001, 2), "-0.00");
  EXPECT_STREQ(fixed_of(-0.004, 2), "-0.00");
  EXPECT_STREQ(fixed_of(-0.005, 2), "-0.01");
  EXPECT_STREQ(fixed_of(0.000001, 7), "0.0000010");
  EXPECT_STREQ(fixed_of(5e-324, 3), "0.000");
  EXPECT_STREQ(fixed_of(999999999999999900000.0, 1), "999999999999999868928.0");
  EXPECT_STREQ(fixed_of(NAN, 2), "NaN");
  EXPECT_STREQ(fixed_of(INFINITY, 2), "Infinity");
  EXPECT_STREQ(fixed_of(-INFINITY, 2), "-Infinity");
  const char *s = fixed_of(5e-324, 100);
  EXPECT_EQ_INT(strlen(s), 102);
  EXPECT(strncmp(s, "0.", 2) == 0 && strspn(s + 2, "0") == 100);
  s = fixed_of(-nextafter(1e21, 0), 100);
  EXPECT_EQ_INT(strlen(s), 1 + 21 + 1 + 100);
  s = fixed_of(1.0 / 3, 100);
  EXPECT(strncmp(s, "0.333333333333333314829616256247", 32) == 0);
}

TEST(numconv_exponential_known) {
  EXPECT_STREQ(expo_of(123.456, 2), "1.23e+2");
  EXPECT_STREQ(expo_of(123.456, 0), "1e+2");
  EXPECT_STREQ(expo_of(123.456, -1), "1.23456e+2");
  EXPECT_STREQ(expo_of(0, -1), "0e+0");
  EXPECT_STREQ(expo_of(-0.0, -1), "0e+0");
  EXPECT_STREQ(expo_of(0, 2), "0.00e+0");
  EXPECT_STREQ(expo_of(1, -1), "1e+0");
  EXPECT_STREQ(expo_of(1.5, -1), "1.5e+0");
  EXPECT_STREQ(expo_of(-1e-7, -1), "-1e-7");
  EXPECT_STREQ(expo_of(123456, -1), "1.23456e+5");
  EXPECT_STREQ(expo_of(1.25, 1), "1.3e+0");
  EXPECT_STREQ(expo_of(1.45, 1), "1.4e+0");
  EXPECT_STREQ(expo_of(9.5, 0), "1e+1");
  EXPECT_STREQ(expo_of(99.5, 1), "1.0e+2"); /* 99.5 = 9.95e1 exactly: up */
  EXPECT_STREQ(expo_of(5e-324, -1), "5e-324");
  EXPECT_STREQ(expo_of(5e-324, 2), "4.94e-324");
  EXPECT_STREQ(expo_of(DBL_MAX, -1), "1.7976931348623157e+308");
  EXPECT_STREQ(expo_of(DBL_MAX, 0), "2e+308");
  EXPECT_STREQ(expo_of(0.1 + 0.2, -1), "3.0000000000000004e-1");
  EXPECT_STREQ(expo_of(1e21, -1), "1e+21");
  EXPECT_STREQ(expo_of(NAN, 2), "NaN");
  EXPECT_STREQ(expo_of(-INFINITY, -1), "-Infinity");
  EXPECT_STREQ(expo_of(1, 100),
               "1.0000000000000000000000000000000000000000000000000000000000000000000000000"
               "000000000000000000000000000e+0");
}

TEST(numconv_precision_known) {
  EXPECT_STREQ(prec_of(0, 3), "0.00");
  EXPECT_STREQ(prec_of(-0.0, 1), "0");
  EXPECT_STREQ(prec_of(0, 1), "0");
  EXPECT_STREQ(prec_of(123456, 2), "1.2e+5");
  EXPECT_STREQ(prec_of(0.000001, 2), "0.0000010");
  EXPECT_STREQ(prec_of(0.0000001, 2), "1.0e-7");
  EXPECT_STREQ(prec_of(1e-10, 2), "1.0e-10");
  EXPECT_STREQ(prec_of(123.456, 4), "123.5");
  EXPECT_STREQ(prec_of(123.456, 3), "123");
  EXPECT_STREQ(prec_of(123.456, 1), "1e+2");
  EXPECT_STREQ(prec_of(0.00001, 1), "0.00001");
  EXPECT_STREQ(prec_of(99.99, 3), "100");
  EXPECT_STREQ(prec_of(999.99, 3), "1.00e+3");
  EXPECT_STREQ(prec_of(1.5, 1), "2");
  EXPECT_STREQ(prec_of(2.5, 1), "3");
  EXPECT_STREQ(prec_of(-2.5, 1), "-3");
  EXPECT_STREQ(prec_of(1.45, 2), "1.4");
  EXPECT_STREQ(prec_of(1.25, 2), "1.3");
  EXPECT_STREQ(prec_of(DBL_MAX, 3), "1.80e+308");
  EXPECT_STREQ(prec_of(5e-324, 1), "5e-324");
  EXPECT_STREQ(prec_of(1e21, 22), "1000000000000000000000");
  EXPECT_STREQ(prec_of(1e21, 21), "1.00000000000000000000e+21");
  EXPECT_STREQ(prec_of(0.1, 21), "0.100000000000000005551");
  EXPECT_STREQ(prec_of(3.141592653589793, 17), "3.1415926535897931");
  EXPECT_STREQ(prec_of(NAN, 2), "NaN");
  EXPECT_STREQ(prec_of(INFINITY, 2), "Infinity");
  const char *s = prec_of(1.0 / 3, 100);
  EXPECT(strncmp(s, "0.3333333333333333148296162562473909929394721984863281250000", 60) == 0);
  s = prec_of(-5e-324, 100);
  EXPECT(strncmp(s, "-4.940656458412465441765687928682213723650598026143247644255856825006755", 70) == 0);
  EXPECT(strstr(s, "e-324") != NULL);
}

/* Is the exact expansion printed by glibc (digits after index from) a tie,
 * i.e. "5" followed by only zeros (up to stop or the end)? */
static bool is_tie(const char *exact, size_t from) {
  if (exact[from] != '5') return false;
  for (const char *p = exact + from + 1; *p && *p != 'e'; p++)
    if (*p != '0') return false;
  return true;
}

/* printf with the rounding mode set to upward when up is true. */
static void printf_round(char *out, size_t n, const char *fmt, int prec, double ax, bool up) {
  if (up) fesetround(FE_UPWARD);
  snprintf(out, n, fmt, prec, ax);
  if (up) fesetround(FE_TONEAREST);
}

/* Reference toFixed: glibc's exact %.*f with ties rounded up (half-up). */
static void ref_fixed(double x, int f, char *out) {
  static char exact[1300];
  double ax = fabs(x);
  snprintf(exact, sizeof exact, "%.1100f", ax);
  size_t dot = strchr(exact, '.') - exact;
  bool tie = is_tie(exact, dot + 1 + (size_t)f);
  int pos = 0;
  if (x < 0) out[pos++] = '-';
  printf_round(out + pos, 200, "%.*f", f, ax, tie);
}

/* Reference toExponential(f >= 0): digits and exponent from glibc, half-up. */
static void ref_exp_parts(double ax, int f, char *mant, int *e) {
  static char exact[1300], tmp[300];
  snprintf(exact, sizeof exact, "%.900e", ax);
  bool tie = is_tie(exact, 2 + (size_t)f);
  printf_round(tmp, sizeof tmp, "%.*e", f, ax, tie);
  char *ep = strchr(tmp, 'e');
  *e = atoi(ep + 1);
  *ep = '\0';
  strcpy(mant, tmp);
}

static void ref_exponential(double x, int f, char *out) {
  char mant[300];
  int e;
  ref_exp_parts(fabs(x), f, mant, &e);
  sprintf(out, "%s%se%c%d", x < 0 ? "-" : "", mant, e < 0 ? '-' : '+', abs(e));
}

/* Reference toPrecision: the spec's layout applied to glibc's digits. */
static void ref_precision(double x, int p, char *out) {
  char mant[300], digits[300];
  int e, nd = 0;
  ref_exp_parts(fabs(x), p - 1, mant, &e);
  for (char *m = mant; *m; m++)
    if (*m != '.') digits[nd++] = *m;
  digits[nd] = '\0';
  char *o = out;
  if (x < 0) *o++ = '-';
  if (e < -6 || e >= p) {
    sprintf(o, "%se%c%d", mant, e < 0 ? '-' : '+', abs(e));
  } else if (e == p - 1) {
    strcpy(o, digits);
  } else if (e >= 0) {
    sprintf(o, "%.*s.%s", e + 1, digits, digits + e + 1);
  } else {
    sprintf(o, "0.%0*d%s", -(e + 1), 0, digits);
    if (e == -1) sprintf(o, "0.%s", digits);
  }
}

TEST(numconv_fixed_random) {
  rng_state = 0xC0FFEE1234ull;
  static char want[1300];
  for (int i = 0; i < 30000; i++) {
    double x;
    int f = (int)(rng_next() % 101);
    switch (i % 4) {
      case 0: { /* ties: odd / 2^j has j fraction digits, the last a 5 */
        int j = 1 + (int)(rng_next() % 30);
        x = ldexp((double)((rng_next() >> 12) | 1), -j) / (double)(1ull << 20);
        if (rng_next() & 1) x = -x;
        snprintf(want, sizeof want, "%.1100f", fabs(x));
        f = (int)(strlen(want) - (strchr(want, '.') - want)) - 1;
        while (f > 0 && want[strchr(want, '.') - want + f] == '0') f--;
        f = f > 0 ? f - 1 : 0;
        if (f > 100) f = 100;
        break;
      }
      case 1: x = random_double(); break;
      case 2: x = (double)(rng_next() % 100000) / 1000.0 - 50; break;
      default: x = ldexp((double)(rng_next() >> 11), (int)(rng_next() % 140) - 120); break;
    }
    if (fabs(x) >= 1e21 || !isfinite(x)) continue;
    ref_fixed(x, f, want);
    const char *got = fixed_of(x, f);
    if (strcmp(got, want) != 0)
      test_fail(__FILE__, __LINE__, "(%a).toFixed(%d): got %s want %s", x, f, got, want);
  }
}

TEST(numconv_exponential_precision_random) {
  rng_state = 0xBADC0DEull;
  static char want[1300];
  for (int i = 0; i < 30000; i++) {
    double x = random_double();
    if (i % 3 == 0) x = ldexp((double)((rng_next() >> 20) | 1), -(int)(rng_next() % 40));
    if (x == 0) continue;
    int f = (int)(rng_next() % 100);
    if (i % 2) f = (int)(rng_next() % 20);
    ref_exponential(x, f, want);
    const char *got = expo_of(x, f);
    if (strcmp(got, want) != 0)
      test_fail(__FILE__, __LINE__, "(%a).toExponential(%d): got %s want %s", x, f, got, want);
    int p = f + 1;
    ref_precision(x, p, want);
    got = prec_of(x, p);
    if (strcmp(got, want) != 0)
      test_fail(__FILE__, __LINE__, "(%a).toPrecision(%d): got %s want %s", x, p, got, want);
  }
  /* toExponential() with no argument: the shortest digits. */
  for (int i = 0; i < 20000; i++) {
    double x = random_double();
    char d1[40], d2[40];
    int p1, p2;
    sig_digits(str_of(x), d1, &p1);
    sig_digits(expo_of(x, -1), d2, &p2);
    if (x != 0 && (strcmp(d1, d2) != 0 || p1 != p2))
      test_fail(__FILE__, __LINE__, "(%a).toExponential(): %s vs %s", x, expo_of(x, -1), str_of(x));
  }
}

/* ------------------------------------------------------------------------ */
/* StringToNumber. */

static double parse1(const char *s) { return num_parse_one_byte((const uint8_t *)s, strlen(s)); }

/* Parses an ASCII string through the UTF-16 entry point. */
static double parse2(const char *s) {
  static uint16_t u[32768];
  size_t n = strlen(s);
  if (n > ARRAY_LEN(u)) return -1;
  for (size_t i = 0; i < n; i++) u[i] = (uint8_t)s[i];
  return num_parse_two_byte(u, n);
}

#define EXPECT_PARSE(s, v)                                                         \
  do {                                                                             \
    double want_ = (v);                                                            \
    double g1_ = parse1(s), g2_ = parse2(s);                                       \
    if (!(isnan(want_) ? isnan(g1_) && isnan(g2_)                                  \
                       : same_double(g1_, want_) && same_double(g2_, want_)))      \
      test_fail(__FILE__, __LINE__, "parse(\"%.80s\"): got %a / %a want %a", s, g1_,\
                g2_, want_);                                                       \
  } while (0)

TEST(numconv_parse_basic) {
  EXPECT_PARSE("", 0.0);
  EXPECT_PARSE(" ", 0.0);
  EXPECT_PARSE(" \t\n\r\v\f ", 0.0);
  EXPECT_PARSE("0", 0.0);
  EXPECT_PARSE("-0", -0.0);
  EXPECT_PARSE("+0", 0.0);
  EXPECT_PARSE("-0.0e5", -0.0);
  EXPECT_PARSE("  12  ", 12.0);
  EXPECT_PARSE("\xa0" "1", 1.0);
  EXPECT_PARSE("1\xa0", 1.0);
  EXPECT_PARSE("\t-7\n", -7.0);
  EXPECT_PARSE("123", 123.0);
  EXPECT_PARSE("00123", 123.0);
  EXPECT_PARSE("1.", 1.0);
  EXPECT_PARSE(".5", 0.5);
  EXPECT_PARSE("+.5", 0.5);
  EXPECT_PARSE("-.5e-3", -0.0005);
  EXPECT_PARSE("1e5", 1e5);
  EXPECT_PARSE("1E5", 1e5);
  EXPECT_PARSE("1e+5", 1e5);
  EXPECT_PARSE("1.5e-7", 1.5e-7);
  EXPECT_PARSE("0.1", 0.1);
  EXPECT_PARSE("0.30000000000000004", 0.1 + 0.2);
  EXPECT_PARSE("123e-20", 123e-20);
  EXPECT_PARSE("1e1000", INFINITY);
  EXPECT_PARSE("-1e1000", -INFINITY);
  EXPECT_PARSE("1e-1000", 0.0);
  EXPECT_PARSE("-1e-1000", -0.0);
  EXPECT_PARSE("1e99999999999999999999999", INFINITY);
  EXPECT_PARSE("0e99999999999999999999999", 0.0);
  EXPECT_PARSE("1.7976931348623157e308", DBL_MAX);
  EXPECT_PARSE("1.7976931348623158e308", DBL_MAX);
  EXPECT_PARSE("1.7976931348623159e308", INFINITY);
  EXPECT_PARSE("5e-324", 5e-324);
  EXPECT_PARSE("2.4703282292062328e-324", 5e-324);
  EXPECT_PARSE("2.4703282292062327e-324", 0.0);
  EXPECT_PARSE("9007199254740993", 9007199254740992.0);
  EXPECT_PARSE("9007199254740995", 9007199254740996.0);
  EXPECT_PARSE("Infinity", INFINITY);
  EXPECT_PARSE("+Infinity", INFINITY);
  EXPECT_PARSE("-Infinity", -INFINITY);
  EXPECT_PARSE("  -Infinity  ", -INFINITY);
  EXPECT_PARSE("infinity", NAN);
  EXPECT_PARSE("INFINITY", NAN);
  EXPECT_PARSE("inf", NAN);
  EXPECT_PARSE("Infinit", NAN);
  EXPECT_PARSE("Infinityx", NAN);
  EXPECT_PARSE("nan", NAN);
  EXPECT_PARSE("NaN", NAN);
  EXPECT_PARSE(".", NAN);
  EXPECT_PARSE("+", NAN);
  EXPECT_PARSE("-", NAN);
  EXPECT_PARSE("e5", NAN);
  EXPECT_PARSE(".e5", NAN);
  EXPECT_PARSE("1e", NAN);
  EXPECT_PARSE("1e+", NAN);
  EXPECT_PARSE("1e+-5", NAN);
  EXPECT_PARSE("1.5.", NAN);
  EXPECT_PARSE("1_000", NAN);
  EXPECT_PARSE("1 2", NAN);
  EXPECT_PARSE("--1", NAN);
  EXPECT_PARSE("+-1", NAN);
  EXPECT_PARSE("12abc", NAN);
  EXPECT_PARSE("1,5", NAN);
  EXPECT_PARSE("0x", NAN);
  EXPECT_PARSE("0x1F", 31.0);
  EXPECT_PARSE("0X1f", 31.0);
  EXPECT_PARSE("  0xff  ", 255.0);
  EXPECT_PARSE("0xG", NAN);
  EXPECT_PARSE("0x1.8", NAN);
  EXPECT_PARSE("0x1p3", NAN);
  EXPECT_PARSE("-0x1", NAN);
  EXPECT_PARSE("+0x1", NAN);
  EXPECT_PARSE("0x_1", NAN);
  EXPECT_PARSE("0x1_0", NAN);
  EXPECT_PARSE("0b101", 5.0);
  EXPECT_PARSE("0B11", 3.0);
  EXPECT_PARSE("0b2", NAN);
  EXPECT_PARSE("0b", NAN);
  EXPECT_PARSE("0o17", 15.0);
  EXPECT_PARSE("0O777", 511.0);
  EXPECT_PARSE("0o8", NAN);
  EXPECT_PARSE("0o", NAN);
  EXPECT_PARSE("00x1", NAN);
  EXPECT_PARSE("0x0000000000000000000000000000000000001", 1.0);
  EXPECT_PARSE("0x10000000000000000", 18446744073709551616.0);
  EXPECT_PARSE("010", 10.0); /* no legacy octal in StringToNumber */
  EXPECT_PARSE("08.5", 8.5);
}

TEST(numconv_parse_big_radix) {
  /* 20 hex digits (80 bits): halfway cases round to even, the rest to nearest. */
  double b79 = ldexp(1, 79);
  EXPECT_PARSE("0x80000000000004000000", b79);
  EXPECT_PARSE("0x80000000000004000001", b79 + ldexp(1, 27));
  EXPECT_PARSE("0x80000000000003ffffff", b79);
  EXPECT_PARSE("0x8000000000000c000000", b79 + ldexp(1, 28));
  EXPECT_PARSE("0x80000000000008000000", b79 + ldexp(1, 27));
  EXPECT_PARSE("0xfffffffffffffc00", 18446744073709551616.0);
  EXPECT_PARSE("0xfffffffffffff800", 18446744073709549568.0);
  /* A sticky bit beyond the 64 kept ones. */
  EXPECT_PARSE("0x800000000000040000000000000000000000001", ldexp(1, 155) + ldexp(1, 103));
  EXPECT_PARSE("0x800000000000040000000000000000000000000", ldexp(1, 155));
  EXPECT_PARSE("0b111111111111111111111111111111111111111111111111111111111111", ldexp(1, 60));
  EXPECT_PARSE("0o7777777777777777777777", ldexp(1, 66));
  EXPECT_PARSE("0b11111111111111111111111111111111111111111111111111111", ldexp(1, 53) - 1);
  /* Overflow to Infinity and the largest finite. */
  char s[400] = "0x";
  for (int i = 0; i < 256; i++) strcat(s, "f");
  EXPECT_PARSE(s, INFINITY);
  strcpy(s, "0x");
  strcat(s, "fffffffffffff8"); /* 53 ones, then zeros: 1024 bits in all */
  for (int i = 0; i < 242; i++) strcat(s, "0");
  EXPECT_PARSE(s, DBL_MAX);
  s[15] = 'b'; /* then 0 and ones: just below the half */
  for (int i = 0; i < 242; i++) s[16 + i] = 'f';
  EXPECT_PARSE(s, DBL_MAX);
  s[15] = 'c'; /* then 1 and zeros: halfway to 2^1024, ties to even */
  for (int i = 0; i < 242; i++) s[16 + i] = '0';
  EXPECT_PARSE(s, INFINITY);
}

TEST(numconv_parse_unicode) {
  static const uint16_t a[] = {0x3000, 0xFEFF, '4', '2', '.', '5', 0xFEFF, 0x3000};
  EXPECT(num_parse_two_byte(a, ARRAY_LEN(a)) == 42.5);
  static const uint16_t spaces[] = {0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
                                    0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029,
                                    0x202F, 0x205F, 0x3000, 0xFEFF, 0x00A0, 0x0009, 0x000B,
                                    0x000C, 0x0020, 0x000A, 0x000D};
  for (size_t i = 0; i < ARRAY_LEN(spaces); i++) {
    uint16_t u[3] = {spaces[i], '7', spaces[i]};
    EXPECT(num_parse_two_byte(u, 3) == 7.0);
    EXPECT(num_parse_two_byte(u, 1) == 0.0);
  }
  static const uint16_t not_space[] = {0x180E, 0x0085, 0x200B, 0x0000, 0xFFFE};
  for (size_t i = 0; i < ARRAY_LEN(not_space); i++) {
    uint16_t u[2] = {not_space[i], '7'};
    EXPECT(isnan(num_parse_two_byte(u, 2)));
  }
  static const uint16_t wide_digit[] = {'1', 0x0661}; /* ARABIC-INDIC DIGIT ONE */
  EXPECT(isnan(num_parse_two_byte(wide_digit, 2)));
  static const uint16_t wide_x[] = {'0', 0x0178, '1'};
  EXPECT(isnan(num_parse_two_byte(wide_x, 3)));
  static const uint16_t wide_e[] = {'1', 0x0165, '1'};
  EXPECT(isnan(num_parse_two_byte(wide_e, 3)));
  static const uint16_t hex[] = {0x2028, '0', 'x', 'F', 'F', 0x2029};
  EXPECT(num_parse_two_byte(hex, ARRAY_LEN(hex)) == 255.0);
  static const uint8_t nul[] = {'1', 0, '2'};
  EXPECT(isnan(num_parse_one_byte(nul, 3)));
  EXPECT(num_parse_one_byte(nul, 1) == 1.0);
}

TEST(numconv_parse_long) {
  static char s[30000];
  /* 1 + 2^-53 (exactly halfway between 1 and the next double) rounds to even;
   * any nonzero digit after it, however far, rounds up. */
  const char *mid = "1.00000000000000011102230246251565404236316680908203125";
  double up = nextafter(1.0, 2.0);
  EXPECT_PARSE(mid, 1.0);
  strcpy(s, mid);
  for (int i = 0; i < 20000; i++) strcat(s + 50 + i, "0");
  EXPECT_PARSE(s, 1.0);
  strcat(s, "1");
  EXPECT_PARSE(s, up);
  /* 800 digits: the midpoint followed by 745 digits, nonzero only at the end. */
  strcpy(s, mid);
  for (int i = 0; i < 745; i++) strcat(s, i == 744 ? "1" : "0");
  EXPECT_EQ_INT(strlen(s), 800);
  EXPECT_PARSE(s, up);
  /* Just below the midpoint: down. */
  strcpy(s, "1.000000000000000111022302462515654042363166809082031249");
  for (int i = 0; i < 800; i++) strcat(s, "9");
  EXPECT_PARSE(s, 1.0);
  /* Leading zeros do not count as significant digits. */
  strcpy(s, "0.");
  for (int i = 0; i < 5000; i++) strcat(s + 2 + i, "0");
  strcat(s, "1e5000");
  EXPECT_PARSE(s, 0.1);
  strcpy(s, "");
  for (int i = 0; i < 5000; i++) strcat(s + i, "0");
  strcat(s, "42");
  EXPECT_PARSE(s, 42.0);
  /* Huge digit strings: overflow and underflow. */
  strcpy(s, "1");
  for (int i = 0; i < 20000; i++) strcat(s + 1 + i, "0");
  EXPECT_PARSE(s, INFINITY);
  strcat(s, "e-20000");
  EXPECT_PARSE(s, 1.0);
  strcpy(s, ".");
  for (int i = 0; i < 20000; i++) strcat(s + 1 + i, "0");
  strcat(s, "1");
  EXPECT_PARSE(s, 0.0);
  /* 800-digit integers equal to what strtod (exact) says. */
  rng_state = 77;
  for (int t = 0; t < 200; t++) {
    int n = 700 + (int)(rng_next() % 400);
    s[0] = (char)('1' + rng_next() % 9);
    for (int i = 1; i < n; i++) s[i] = (char)('0' + rng_next() % 10);
    s[n] = '\0';
    if (t & 1) snprintf(s + n, 20, "e-%d", (int)(rng_next() % 1400));
    double want = strtod(s, NULL);
    EXPECT_PARSE(s, want);
  }
}

/* b /= d; returns the remainder. */
static uint32_t tb_div_small(TBig *b, uint32_t d) {
  uint64_t rem = 0;
  for (int i = b->n - 1; i >= 0; i--) {
    uint64_t t = (rem << 32) | b->d[i];
    b->d[i] = (uint32_t)(t / d);
    rem = t % d;
  }
  while (b->n > 0 && b->d[b->n - 1] == 0) b->n--;
  return (uint32_t)rem;
}

/* Decimal digits of b (b > 0) into out; b is consumed. */
static void tb_to_decimal(TBig *b, char *out) {
  char tmp[1200];
  int n = 0;
  while (b->n > 0) tmp[n++] = (char)('0' + tb_div_small(b, 10));
  for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  out[n] = '\0';
}

TEST(numconv_parse_midpoints) {
  /* Exact midpoints (2c+1) * 2^(q-1) between neighbouring doubles c * 2^q, in
   * every range including subnormals (up to ~767 significant digits), written
   * as DIGITSe-N: ties go to even, a hair above or below to the nearer one. */
  static char d[1200], s[2400];
  rng_state = 4242;
  for (int i = 0; i < 3000; i++) {
    double x = fabs(random_double());
    if (i % 4 == 0) x = bits_to_double(rng_next() % (1ull << 52)); /* subnormal */
    if (i % 9 == 0) x = bits_to_double((rng_next() % 2046 + 1) << 52); /* power of 2 */
    if (x == DBL_MAX || x == 0) continue;
    double nx = nextafter(x, INFINITY);
    uint64_t bits = double_to_bits(x), c = bits & ((1ull << 52) - 1);
    int be = (int)(bits >> 52), q = be ? be - 1075 : -1074;
    if (be) c |= 1ull << 52;
    TBig b;
    tb_set(&b, 2 * c + 1);
    int e = q - 1; /* midpoint = b * 2^e = digits * 10^e10 */
    if (e >= 0) tb_shl(&b, e);
    else
      for (int j = 0; j < -e; j++) tb_mul_add(&b, 5, 0);
    int e10 = e >= 0 ? 0 : e;
    tb_to_decimal(&b, d);
    double even = (c & 1) ? nx : x;
    snprintf(s, sizeof s, "%se%d", d, e10);
    if (!same_double(parse1(s), even)) test_fail(__FILE__, __LINE__, "tie %a", x);
    /* Above: 900 zeros and a one appended (past the 800 digits kept). */
    snprintf(s, sizeof s, "%s%0900d1e%d", d, 0, e10 - 901);
    if (!same_double(parse1(s), nx)) test_fail(__FILE__, __LINE__, "above %a", x);
    /* Below: one less in the last digit, then 900 nines. */
    int n = (int)strlen(d), j = n - 1;
    while (d[j] == '0') d[j--] = '9';
    d[j]--;
    snprintf(s, sizeof s, "%s%s", d, "");
    for (int k = 0; k < 900; k++) s[n + k] = '9';
    snprintf(s + n + 900, 32, "e%d", e10 - 900);
    if (!same_double(parse1(s), x)) test_fail(__FILE__, __LINE__, "below %a", x);
  }
}

TEST(numconv_parse_random) {
  rng_state = 99;
  char s[64];
  for (int i = 0; i < 50000; i++) {
    double x = random_double();
    int p = 1 + (int)(rng_next() % 25);
    snprintf(s, sizeof s, "%.*e", p, x);
    EXPECT_PARSE(s, strtod(s, NULL));
    snprintf(s, sizeof s, "%.*f", (int)(rng_next() % 20), fmod(x, 1e15));
    EXPECT_PARSE(s, strtod(s, NULL));
    /* Round trip of num_to_string through the parser. */
    if (!same_double(parse1(str_of(x)), x))
      test_fail(__FILE__, __LINE__, "parse(%s) != %a", str_of(x), x);
  }
}

/* ------------------------------------------------------------------------ */
/* Array indices. */

static bool index1(const char *s, uint32_t *out) {
  return num_is_array_index_one_byte((const uint8_t *)s, strlen(s), out);
}

static bool index2(const char *s, uint32_t *out) {
  uint16_t u[32];
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++) u[i] = (uint8_t)s[i];
  return num_is_array_index_two_byte(u, n, out);
}

TEST(numconv_array_index) {
  static const struct {
    const char *s;
    bool ok;
    uint32_t v;
  } cases[] = {
      {"0", true, 0},           {"1", true, 1},           {"42", true, 42},
      {"4294967294", true, 4294967294u},                  {"4294967295", false, 0},
      {"4294967296", false, 0}, {"9999999999", false, 0}, {"10000000000", false, 0},
      {"01", false, 0},         {"00", false, 0},         {"", false, 0},
      {"-1", false, 0},         {"+1", false, 0},         {"1.0", false, 0},
      {"1e3", false, 0},        {" 1", false, 0},         {"1 ", false, 0},
      {"0x1", false, 0},        {"a", false, 0},          {"123456789", true, 123456789},
  };
  for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
    uint32_t v1 = 7, v2 = 7;
    bool r1 = index1(cases[i].s, &v1), r2 = index2(cases[i].s, &v2);
    if (r1 != cases[i].ok || r2 != cases[i].ok || (r1 && (v1 != cases[i].v || v2 != cases[i].v)))
      test_fail(__FILE__, __LINE__, "array index \"%s\"", cases[i].s);
  }
  static const uint16_t wide[] = {'1', 0x0132};
  uint32_t v;
  EXPECT(!num_is_array_index_two_byte(wide, 2, &v));
}
