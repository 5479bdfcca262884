/*
 * dtoa.c - double -> string as ECMAScript prints numbers: Number::toString
 * (radix 10 and 2..36), toFixed, toExponential and toPrecision.
 *
 * Shortest digits (num_to_string): let x = c * 2^q and R the interval of reals
 * that read back as x. With k = floor(log10(width of R)), R holds at least one
 * multiple of 10^k and at most one multiple of 10^(k+1); if it holds one of
 * the latter that is the unique shortest output, else the answer is the
 * multiple of 10^k in R nearest x (tie: even). So only floor(L), floor(U) and
 * floor(2x) scaled by 10^-k, and whether each is an integer, are needed. They
 * come from a 64x128-bit product with a 128-bit upper approximation of 5^-k
 * (dtoa_table.h): the error is below 2^-70, integrality is decided exactly by
 * divisibility, and when the product cannot prove the floor (never seen in
 * practice, but not excluded) an exact big-integer comparison decides it.
 *
 * (Building with -DDTOA_TEST_SLOW sends every non-integer case through that
 * careful path, to test it; the unit tests pass either way.)
 *
 * toFixed/toExponential/toPrecision round the exact decimal expansion (from a
 * fixed-size big integer) half-up; toString(radix) prints the integer part
 * exactly and the fraction by the delta method in exact big-integer arithmetic.
 *
 * Invariant: every digit printed is derived from the exact binary value of the
 * double; no step relies on floating-point rounding being favourable.
 */
#include <math.h>

#include "base/numconv.h"
#include "base/dtoa_table.h"

typedef unsigned __int128 u128;

/* ------------------------------------------------------------------------ */
/* A small fixed-size big integer of 32-bit limbs (least significant first). */

/* 84 limbs = 2688 bits: enough for c * 5^1074 (< 2^2548), the largest value. */
#define BIG_LIMBS 84

typedef struct {
  int n;                    /* limbs in use; d[n-1] != 0 unless n == 0 */
  uint32_t d[BIG_LIMBS];
} Big;

/* b = v. */
static void big_set_u64(Big *b, uint64_t v) {
  b->n = 0;
  while (v) {
    b->d[b->n++] = (uint32_t)v;
    v >>= 32;
  }
}

/* Drops leading zero limbs so that n is exact again. */
static void big_trim(Big *b) {
  while (b->n > 0 && b->d[b->n - 1] == 0) b->n--;
}

/* b *= m. */
static void big_mul_small(Big *b, uint32_t m) {
  uint64_t carry = 0;
  for (int i = 0; i < b->n; i++) {
    uint64_t t = (uint64_t)b->d[i] * m + carry;
    b->d[i] = (uint32_t)t;
    carry = t >> 32;
  }
  if (carry) {
    CHECK(b->n < BIG_LIMBS);
    b->d[b->n++] = (uint32_t)carry;
  }
}

/* b *= 5^p (p >= 0). */
static void big_mul_pow5(Big *b, int p) {
  while (p >= 13) {
    big_mul_small(b, 1220703125u); /* 5^13 */
    p -= 13;
  }
  static const uint32_t small[13] = {1,     5,      25,      125,      625,
                                     3125,  15625,  78125,   390625,   1953125,
                                     9765625, 48828125, 244140625};
  if (p > 0) big_mul_small(b, small[p]);
}

/* b <<= bits. */
static void big_shl(Big *b, int bits) {
  if (b->n == 0 || bits == 0) return;
  int words = bits / 32, r = bits % 32;
  CHECK(b->n + words + 1 <= BIG_LIMBS);
  b->d[b->n + words] = 0;
  if (r == 0) {
    for (int i = b->n - 1; i >= 0; i--) b->d[i + words] = b->d[i];
  } else {
    for (int i = b->n - 1; i >= 0; i--) {
      b->d[i + words + 1] |= b->d[i] >> (32 - r);
      b->d[i + words] = b->d[i] << r;
    }
  }
  for (int i = 0; i < words; i++) b->d[i] = 0;
  b->n += words + 1;
  big_trim(b);
}

/* b = 2^e. */
static void big_set_pow2(Big *b, int e) {
  CHECK(e / 32 < BIG_LIMBS);
  b->n = e / 32 + 1;
  for (int i = 0; i < b->n; i++) b->d[i] = 0;
  b->d[e / 32] = 1u << (e % 32);
}

/* a += b. */
static void big_add(Big *a, const Big *b) {
  int n = MAX(a->n, b->n);
  uint64_t carry = 0;
  for (int i = 0; i < n; i++) {
    uint64_t t = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
    a->d[i] = (uint32_t)t;
    carry = t >> 32;
  }
  a->n = n;
  if (carry) {
    CHECK(n < BIG_LIMBS);
    a->d[a->n++] = 1;
  }
}

/* b += v. */
static void big_add_small(Big *b, uint32_t v) {
  for (int i = 0; v && i < b->n; i++) {
    uint64_t t = (uint64_t)b->d[i] + v;
    b->d[i] = (uint32_t)t;
    v = (uint32_t)(t >> 32);
  }
  if (v) {
    CHECK(b->n < BIG_LIMBS);
    b->d[b->n++] = v;
  }
}

/* Sign of a - b. */
static int big_cmp(const Big *a, const Big *b) {
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  for (int i = a->n - 1; i >= 0; i--)
    if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}

/* b /= div; returns the remainder. */
static uint32_t big_div_small(Big *b, uint32_t div) {
  uint64_t rem = 0;
  for (int i = b->n - 1; i >= 0; i--) {
    uint64_t t = (rem << 32) | b->d[i];
    b->d[i] = (uint32_t)(t / div);
    rem = t % div;
  }
  big_trim(b);
  return (uint32_t)rem;
}

/* Removes the bits of b at and above bit k and returns them (they must fit). */
static uint32_t big_split_at(Big *b, int k) {
  int w = k / 32, r = k % 32;
  uint64_t top = 0;
  if (w < b->n) {
    top = b->d[w] >> r;
    if (w + 1 < b->n) top |= (uint64_t)b->d[w + 1] << (32 - r);
    ASSERT(w + 2 >= b->n && top < (1u << 16), "big_split_at: digit too large");
    b->d[w] &= r ? (1u << r) - 1 : 0;
    b->n = w + 1;
    big_trim(b);
  }
  return (uint32_t)top;
}

/* ------------------------------------------------------------------------ */
/* Small helpers. */

static const char kDigitPairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536"
    "37383940414243444546474849505152535455565758596061626364656667686970717273"
    "7475767778798081828384858687888990919293949596979899";

/* Writes the decimal digits of v (no leading zeros; "0" for 0); returns count. */
static int u64_to_dec(uint64_t v, char *out) {
  char tmp[20];
  int i = 20;
  while (v >= 100) {
    unsigned r = (unsigned)(v % 100);
    v /= 100;
    tmp[--i] = kDigitPairs[2 * r + 1];
    tmp[--i] = kDigitPairs[2 * r];
  }
  if (v >= 10) {
    tmp[--i] = kDigitPairs[2 * v + 1];
    tmp[--i] = kDigitPairs[2 * v];
  } else {
    tmp[--i] = (char)('0' + v);
  }
  memcpy(out, tmp + i, (size_t)(20 - i));
  return 20 - i;
}

/* Writes "e+N" / "e-N" for exponent e; returns the length. */
static int write_exponent(int e, char *out) {
  int n = 0;
  out[n++] = 'e';
  out[n++] = e < 0 ? '-' : '+';
  return n + u64_to_dec((uint64_t)(e < 0 ? -(int64_t)e : e), out + n);
}

/* Writes "NaN", "Infinity" or "-Infinity" for a non-finite x; returns length. */
static int write_nonfinite(double x, char *buf) {
  const char *s = isnan(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
  size_t n = strlen(s);
  memcpy(buf, s, n + 1);
  return (int)n;
}

/* floor(v / 2^32) for signed v (portable arithmetic shift). */
static inline int floor_shr32(int64_t v) {
  return (int)(v >= 0 ? v >> 32 : -((-v + 0xffffffffLL) >> 32));
}

/* floor(log10(2^q)) for q in [-1074, 971] (checked by the generator). */
static inline int log10_pow2(int q) { return floor_shr32((int64_t)q * 1292913986); }

/* floor(log10(3 * 2^(q-2))) for q in [-1073, 971] (checked by the generator). */
static inline int log10_three_quarter_pow2(int q) {
  return floor_shr32((int64_t)q * 1292913986 - 536607712);
}

/* floor(log2(5^p)) for p in [-292, 324] (checked by the generator). */
static inline int log2_pow5(int p) { return floor_shr32((int64_t)p * 9972605231LL); }

/* Splits a positive finite x into c * 2^q with c < 2^53 (c >= 2^52 if normal). */
static inline void decompose(double x, uint64_t *c, int *q) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int be = (int)((bits >> 52) & 0x7ff);
  uint64_t frac = bits & ((1ull << 52) - 1);
  if (be == 0) {
    *c = frac;
    *q = -1074;
  } else {
    *c = frac | (1ull << 52);
    *q = be - 1075;
  }
}

/* ------------------------------------------------------------------------ */
/* Shortest digits. */

/* True if 5^k divides n. */
static bool divisible_by_pow5(uint64_t n, int k) {
  if (k > 27) return false; /* 5^28 > 2^64 > n */
  for (int i = 0; i < k; i++) {
    if (n % 5) return false;
    n /= 5;
  }
  return true;
}

/* Exact floor of n * 5^p * 2^(e+p), known to be fl or fl - 1 and not an
 * integer: one big-integer comparison of value against fl decides. */
static RD_NOINLINE uint64_t scale_floor_slow(uint64_t n, int e, int p, uint64_t fl) {
  Big lhs, rhs;
  int t = e + p;
  big_set_u64(&lhs, n);
  big_set_u64(&rhs, fl);
  if (p >= 0) big_mul_pow5(&lhs, p);
  else big_mul_pow5(&rhs, -p);
  if (t >= 0) big_shl(&lhs, t);
  else big_shl(&rhs, -t);
  return big_cmp(&lhs, &rhs) > 0 ? fl : fl - 1;
}

/* floor(n * 2^e * 10^-k) with p = -k, using g ~ 5^p * 2^(sh + e + p) (rounded
 * up, from dtoa_table.h), and whether the value is an integer (*exact). */
static inline uint64_t scale_floor(uint64_t n, int e, int p, int sh, const uint64_t *g,
                                   bool *exact) {
  u128 lo = (u128)n * g[1];
  u128 hi = (u128)n * g[0];
  u128 mid = (lo >> 64) + (uint64_t)hi;
  uint64_t w0 = (uint64_t)lo;
  u128 h = (((hi >> 64) + (mid >> 64)) << 64) | (uint64_t)mid; /* product >> 64 */
  int s = sh - 64;
  ASSERT(s > 0 && s < 128, "scale_floor: shift out of range");
  uint64_t fl = (uint64_t)(h >> s);
  u128 rem_hi = h & (((u128)1 << s) - 1);
  /* The product exceeds the exact value by less than n units of its last bit,
   * so a remainder of at least n proves floor = fl and a non-integer value. */
#ifdef DTOA_TEST_SLOW /* test builds only: take the careful path every time */
  (void)rem_hi;
  (void)w0;
#else
  if (RD_LIKELY(rem_hi != 0 || w0 >= n)) {
    *exact = false;
    return fl;
  }
#endif
  int t = e + p + __builtin_ctzll(n);
  if (t >= 0 && (p >= 0 || divisible_by_pow5(n, -p))) {
    *exact = true; /* an integer, and the product is above it by < 1 */
    return fl;
  }
  *exact = false;
  return scale_floor_slow(n, e, p, fl);
}

/* Shortest digits of x = c * 2^q > 0 that read back as x (nearest, then even):
 * returns d without trailing zeros and sets *e10 so that the output is d * 10^e10. */
static uint64_t shortest(uint64_t c, int q, int *e10) {
  bool closed = (c & 1) == 0; /* even c: the interval's ends read back as x */
  bool irregular = c == (1ull << 52) && q > -1074;
  int k = irregular ? log10_three_quarter_pow2(q) : log10_pow2(q);
  int p = -k, e = q - 2;
  int sh = 127 - log2_pow5(p) - e - p;
  const uint64_t *g = dtoa_pow5[p - DTOA_POW5_MIN];
  bool lx, bx, ux;
  uint64_t lf = scale_floor(4 * c - (irregular ? 1 : 2), e, p, sh, g, &lx);
  uint64_t bf = scale_floor(8 * c, e, p, sh, g, &bx);
  uint64_t uf = scale_floor(4 * c + 2, e, p, sh, g, &ux);
  /* Integers (in units of 10^k) inside the interval: [lo, hi]. */
  uint64_t lo = lf + (closed && lx ? 0 : 1);
  uint64_t hi = uf - (!closed && ux ? 1 : 0);
  uint64_t m = (lo + 9) / 10 * 10, d;
  if (m <= hi) {
    d = m;
  } else {
    uint64_t s = bf >> 1; /* floor(x / 10^k) */
    if (s < lo) d = s + 1;
    else if (s + 1 > hi) d = s;
    else if ((bf & 1) == 0) d = s;               /* x/10^k - s < 1/2 */
    else if (bx) d = (s & 1) ? s + 1 : s;        /* exactly halfway */
    else d = s + 1;
    ASSERT(d >= lo && d <= hi, "shortest: candidate outside the interval");
  }
  while (d % 10 == 0) {
    d /= 10;
    k++;
  }
  *e10 = k;
  return d;
}

/* Shortest digits of finite ax > 0 into digits (no trailing zeros); returns
 * their count and sets *point so that ax reads as 0.digits * 10^point. */
static int shortest_digits(double ax, char *digits, int *point) {
  uint64_t d;
  int e10 = 0;
  if (ax < 9007199254740992.0 && ax == (double)(uint64_t)ax) {
    d = (uint64_t)ax;
    while (d % 10 == 0) {
      d /= 10;
      e10++;
    }
  } else {
    uint64_t c;
    int q;
    decompose(ax, &c, &q);
    d = shortest(c, q, &e10);
  }
  int nd = u64_to_dec(d, digits);
  *point = nd + e10;
  return nd;
}

/* Lays out digits[0..nd) with decimal point position n per Number::toString. */
static int format_shortest(char *buf, int pos, const char *digits, int nd, int n) {
  if (nd <= n && n <= 21) {
    memcpy(buf + pos, digits, (size_t)nd);
    pos += nd;
    for (int i = nd; i < n; i++) buf[pos++] = '0';
  } else if (0 < n && n <= 21) {
    memcpy(buf + pos, digits, (size_t)n);
    pos += n;
    buf[pos++] = '.';
    memcpy(buf + pos, digits + n, (size_t)(nd - n));
    pos += nd - n;
  } else if (-6 < n && n <= 0) {
    buf[pos++] = '0';
    buf[pos++] = '.';
    for (int i = 0; i < -n; i++) buf[pos++] = '0';
    memcpy(buf + pos, digits, (size_t)nd);
    pos += nd;
  } else {
    buf[pos++] = digits[0];
    if (nd > 1) {
      buf[pos++] = '.';
      memcpy(buf + pos, digits + 1, (size_t)(nd - 1));
      pos += nd - 1;
    }
    pos += write_exponent(n - 1, buf + pos);
  }
  buf[pos] = '\0';
  return pos;
}

int num_to_string(double x, char *buf) {
  int pos = 0;
  if (!isfinite(x)) return write_nonfinite(x, buf);
  if (x == 0) {
    buf[0] = '0';
    buf[1] = '\0';
    return 1;
  }
  if (x < 0) {
    buf[pos++] = '-';
    x = -x;
  }
  if (x < 9007199254740992.0 && x == (double)(uint64_t)x) {
    pos += u64_to_dec((uint64_t)x, buf + pos);
    buf[pos] = '\0';
    return pos;
  }
  char digits[24];
  int n;
  int nd = shortest_digits(x, digits, &n);
  return format_shortest(buf, pos, digits, nd, n);
}

/* ------------------------------------------------------------------------ */
/* Exact decimal expansion and the fixed-format printers. */

/* Room for every significant digit of a double (at most 767) plus rounding. */
#define EXACT_DIGITS_MAX 800

/* Exact decimal expansion of finite ax > 0: its significant digits without
 * trailing zeros; returns their count and sets *point (ax = 0.digits * 10^point). */
static int exact_digits(double ax, char *digits, int *point) {
  uint64_t c;
  int q;
  decompose(ax, &c, &q);
  Big b;
  big_set_u64(&b, c);
  int frac_digits = 0; /* value = b / 10^frac_digits */
  if (q >= 0) {
    big_shl(&b, q);
  } else {
    big_mul_pow5(&b, -q);
    frac_digits = -q;
  }
  /* Peel off 9 digits at a time from the low end. */
  uint32_t chunks[(BIG_LIMBS * 32) / 29 + 2];
  int nc = 0;
  while (b.n > 0) chunks[nc++] = big_div_small(&b, 1000000000u);
  int nd = u64_to_dec(chunks[nc - 1], digits);
  for (int i = nc - 2; i >= 0; i--) {
    uint32_t v = chunks[i];
    for (int j = 8; j >= 0; j--) {
      digits[nd + j] = (char)('0' + v % 10);
      v /= 10;
    }
    nd += 9;
  }
  CHECK(nd <= EXACT_DIGITS_MAX);
  *point = nd - frac_digits;
  while (digits[nd - 1] == '0') nd--;
  return nd;
}

/* Rounds digits[0..nd) half-up to exactly want digits (padding with zeros);
 * a carry out of the top gives "100..." and bumps *point, also writing a '0'
 * at digits[want] so that the want + 1 digits of 10^want are there too. */
static void round_digits(char *digits, int nd, int want, int *point) {
  if (nd <= want) {
    for (int i = nd; i < want; i++) digits[i] = '0';
    return;
  }
  if (digits[want] < '5') return;
  int i = want - 1;
  while (i >= 0 && digits[i] == '9') digits[i--] = '0';
  if (i >= 0) {
    digits[i]++;
  } else {
    digits[0] = '1';
    digits[want] = '0';
    (*point)++;
  }
}

int num_to_fixed(double x, int f, char *buf) {
  CHECK(f >= 0 && f <= 100);
  if (!isfinite(x)) return write_nonfinite(x, buf);
  int pos = 0;
  if (x < 0) {
    buf[pos++] = '-';
    x = -x;
  }
  if (x >= 1e21) return pos + num_to_string(x, buf + pos);
  /* n = round-half-up(x * 10^f) as a digit string, x < 10^21 so <= 122 digits. */
  char digits[EXACT_DIGITS_MAX + 1];
  char n_digits[128];
  int nn = 0;
  if (x != 0) {
    int point;
    int nd = exact_digits(x, digits, &point);
    int cnt = point + f; /* digits of x * 10^f before its decimal point */
    if (cnt == 0) {
      if (digits[0] >= '5') n_digits[nn++] = '1';
    } else if (cnt > 0) {
      round_digits(digits, nd, cnt, &point);
      cnt = point + f; /* one more after a carry to 10^cnt */
      memcpy(n_digits, digits, (size_t)cnt);
      nn = cnt;
    }
  }
  if (nn == 0) n_digits[nn++] = '0';
  if (f == 0) {
    memcpy(buf + pos, n_digits, (size_t)nn);
    pos += nn;
  } else {
    int lead = nn <= f ? f + 1 - nn : 0; /* zeros to make k = f + 1 */
    int k = nn + lead;
    for (int i = 0; i < k - f; i++) buf[pos++] = i < lead ? '0' : n_digits[i - lead];
    buf[pos++] = '.';
    for (int i = k - f; i < k; i++) buf[pos++] = i < lead ? '0' : n_digits[i - lead];
  }
  buf[pos] = '\0';
  return pos;
}

/* Writes d0[.d1...]e±E for the digits given; returns the new position. */
static int write_exponential(char *buf, int pos, const char *digits, int nd, int e) {
  buf[pos++] = digits[0];
  if (nd > 1) {
    buf[pos++] = '.';
    memcpy(buf + pos, digits + 1, (size_t)(nd - 1));
    pos += nd - 1;
  }
  pos += write_exponent(e, buf + pos);
  buf[pos] = '\0';
  return pos;
}

int num_to_exponential(double x, int f, char *buf) {
  CHECK(f >= -1 && f <= 100);
  if (!isfinite(x)) return write_nonfinite(x, buf);
  int pos = 0;
  if (x < 0) {
    buf[pos++] = '-';
    x = -x;
  }
  char digits[EXACT_DIGITS_MAX + 1];
  int nd, point;
  if (x == 0) {
    nd = f < 0 ? 1 : f + 1;
    memset(digits, '0', (size_t)nd);
    point = 1;
  } else if (f < 0) {
    nd = shortest_digits(x, digits, &point);
  } else {
    nd = exact_digits(x, digits, &point);
    round_digits(digits, nd, f + 1, &point);
    nd = f + 1;
  }
  return write_exponential(buf, pos, digits, nd, point - 1);
}

int num_to_precision(double x, int p, char *buf) {
  CHECK(p >= 1 && p <= 100);
  if (!isfinite(x)) return write_nonfinite(x, buf);
  int pos = 0;
  if (x < 0) {
    buf[pos++] = '-';
    x = -x;
  }
  char digits[EXACT_DIGITS_MAX + 1];
  int point;
  if (x == 0) {
    memset(digits, '0', (size_t)p);
    point = 1;
  } else {
    int nd = exact_digits(x, digits, &point);
    round_digits(digits, nd, p, &point);
  }
  int e = point - 1;
  if (e < -6 || e >= p) return write_exponential(buf, pos, digits, p, e);
  if (e >= 0) {
    memcpy(buf + pos, digits, (size_t)(e + 1));
    pos += e + 1;
    if (e + 1 < p) {
      buf[pos++] = '.';
      memcpy(buf + pos, digits + e + 1, (size_t)(p - e - 1));
      pos += p - e - 1;
    }
  } else {
    buf[pos++] = '0';
    buf[pos++] = '.';
    for (int i = 0; i < -(e + 1); i++) buf[pos++] = '0';
    memcpy(buf + pos, digits, (size_t)p);
    pos += p;
  }
  buf[pos] = '\0';
  return pos;
}

/* ------------------------------------------------------------------------ */
/* Radix 2..36. */

static const char kRadixChars[] = "0123456789abcdefghijklmnopqrstuvwxyz";

/* Fraction digits of x = c * 2^q in radix (the delta method, exactly): the
 * fraction is F / 2^K with K = 2 - q; the half gaps to the neighbouring doubles
 * are 2 (above) and 2 or 1 (below, at a power of two whose lower neighbour is
 * closer) in the same units. Digits are generated while the truncated value is
 * not yet within the lower half gap; generation stops early by rounding the last
 * digit up when that lands within the upper half gap (a carry out of the first
 * digit sets *carry_int). Returns the number of digits written to frac. */
static int radix_fraction(uint64_t c, int q, int radix, char *frac, bool *carry_int) {
  int nf = 0;
  if (q >= 0 || (q > -64 && (c & ((1ull << -q) - 1)) == 0)) return 0; /* an integer */
  int kbits = 2 - q;
  Big fr, dlo, dhi, half, one, sum;
  big_set_u64(&fr, q <= -64 ? c : c & ((1ull << -q) - 1));
  big_shl(&fr, 2);
  big_set_u64(&dhi, 2);
  big_set_u64(&dlo, c == (1ull << 52) && q > -1074 ? 1 : 2);
  big_set_pow2(&half, kbits - 1);
  big_set_pow2(&one, kbits);
  do { /* the fraction is at least one ulp (4), so the first digit is needed */
    big_mul_small(&fr, (uint32_t)radix);
    big_mul_small(&dlo, (uint32_t)radix);
    big_mul_small(&dhi, (uint32_t)radix);
    uint32_t digit = big_split_at(&fr, kbits);
    CHECK(nf < NUM_TO_RADIX_MAX - 1);
    frac[nf++] = kRadixChars[digit];
    int hc = big_cmp(&fr, &half);
    if (hc > 0 || (hc == 0 && (digit & 1))) {
      sum = fr;
      big_add(&sum, &dhi);
      if (big_cmp(&sum, &one) > 0) {
        /* Round up, propagating the carry through digits equal to radix-1. */
        for (;;) {
          if (nf == 0) {
            *carry_int = true;
            break;
          }
          char ch = frac[--nf];
          int dv = ch <= '9' ? ch - '0' : ch - 'a' + 10;
          if (dv + 1 < radix) {
            frac[nf++] = kRadixChars[dv + 1];
            break;
          }
        }
        break;
      }
    }
  } while (big_cmp(&fr, &dlo) >= 0);
  return nf;
}

int num_to_radix_string(double x, int radix, char *buf) {
  CHECK(radix >= 2 && radix <= 36);
  if (radix == 10) return num_to_string(x, buf);
  if (!isfinite(x)) return write_nonfinite(x, buf);
  if (x == 0) {
    buf[0] = '0';
    buf[1] = '\0';
    return 1;
  }
  int pos = 0;
  if (x < 0) {
    buf[pos++] = '-';
    x = -x;
  }
  uint64_t c;
  int q;
  decompose(x, &c, &q);
  char frac[NUM_TO_RADIX_MAX];
  bool carry_int = false;
  int nf = radix_fraction(c, q, radix, frac, &carry_int);

  /* Integer part, exactly (c << q can have up to 1024 bits). */
  char tmp[1100];
  int ni = 0;
  if (q > 10) {
    Big ib;
    big_set_u64(&ib, c);
    big_shl(&ib, q);
    if (carry_int) big_add_small(&ib, 1);
    while (ib.n > 0) tmp[ni++] = kRadixChars[big_div_small(&ib, (uint32_t)radix)];
  } else {
    uint64_t iv = q >= 0 ? c << q : q > -64 ? c >> -q : 0;
    if (carry_int) iv++;
    do {
      tmp[ni++] = kRadixChars[iv % (unsigned)radix];
      iv /= (unsigned)radix;
    } while (iv);
  }
  while (ni > 0) buf[pos++] = tmp[--ni];
  if (nf > 0) {
    buf[pos++] = '.';
    memcpy(buf + pos, frac, (size_t)nf);
    pos += nf;
  }
  buf[pos] = '\0';
  return pos;
}
