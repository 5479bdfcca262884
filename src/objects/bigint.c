/*
 * bigint.c - BigInt values (see bigint.h for the layout): making them from
 * integers, doubles and digit strings, converting them back, comparing
 * them, and the arithmetic of ECMA-262 6.1.6.2 on GMP's mpn_* functions.
 *
 * Invariant: every result is made by `make` (or is an operand itself, as
 * BigInts are immutable), which normalizes and bounds it. An operation reads
 * its operands' limbs straight from the heap (a `Mag` view), computes into
 * malloc'd or C-stack scratch, and only then allocates the result, so no
 * view is used across an allocation. Every size passed to GMP is bounded
 * first (GMP aborts when its own allocations fail).
 */
#include "objects/bigint.h"

#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects/string.h"
#include "runtime/ops.h"

_Static_assert(sizeof(mp_limb_t) == sizeof(uint64_t) && GMP_NUMB_BITS == 64,
               "BigInt limbs are GMP's 64-bit limbs without nails");

typedef uint64_t Limb;

/* A sign-magnitude view of an operand: valid until the next allocation. */
typedef struct {
  const Limb *d;
  size_t n;
  bool neg;
} Mag;

static Mag view(rd_value v) {
  const BigInt *b = BIGINT(v);
  return (Mag){b->limbs, b->length, b->sign != 0};
}

static uint64_t mag_bits(Mag m) {
  return m.n ? 64 * (uint64_t)(m.n - 1) + (uint64_t)(64 - __builtin_clzll(m.d[m.n - 1])) : 0;
}

/* True if the magnitude is a power of two (one bit set). */
static bool mag_is_pow2(Mag m) {
  if (!m.n || (m.d[m.n - 1] & (m.d[m.n - 1] - 1))) return false;
  for (size_t i = 0; i + 1 < m.n; i++)
    if (m.d[i]) return false;
  return true;
}

/* Compares magnitudes: -1, 0, 1. */
static int mag_cmp(const Limb *a, size_t an, const Limb *b, size_t bn) {
  if (an != bn) return an < bn ? -1 : 1;
  if (!an) return 0;
  int c = mpn_cmp(a, b, (mp_size_t)an);
  return (c > 0) - (c < 0);
}

/* --- scratch ------------------------------------------------------------------ */
#define SCRATCH_SMALL 16
/* A limb buffer on the C stack when small, else malloc'd. */
typedef struct {
  Limb *p;
  Limb small[SCRATCH_SMALL];
} Scratch;

static Limb *scratch_alloc(Runtime *rt, Scratch *s, size_t n) {
  if (n <= SCRATCH_SMALL) return s->p = s->small;
  s->p = malloc(n * sizeof(Limb));
  if (!s->p) runtime_throw_oom(rt);
  return s->p;
}

static void scratch_free(Scratch *s) {
  if (s->p != s->small) free(s->p);
  s->p = NULL;
}

/* --- making results ------------------------------------------------------------- */
static rd_value too_big(Runtime *rt) { return js_throw(rt, ERROR_RangeError, "Maximum BigInt size exceeded"); }

/* An uninitialized BigInt of n limbs (n <= BIGINT_MAX_LENGTH). */
static BigInt *alloc(Runtime *rt, size_t n, bool neg, AllocSpace where) {
  BigInt *b = (BigInt *)runtime_allocate(rt, bigint_size_for((uint32_t)n), where, ROOT_SLOT(rt, bigint_map));
  if (!b) return NULL;
  b->length = (uint32_t)n;
  b->sign = neg && n;
  return b;
}

/* A new BigInt of sign neg and magnitude {d, n} (high zero limbs dropped);
 * d must not point into the JS heap. */
static rd_value make_in(Runtime *rt, bool neg, const Limb *d, size_t n, AllocSpace where) {
  while (n && !d[n - 1]) n--;
  if (n > BIGINT_MAX_LENGTH) return too_big(rt);   /* BIGINT_MAX_BITS is a multiple of 64 */
  BigInt *b = alloc(rt, n, neg, where);
  if (!b) return VALUE_EMPTY;
  if (n) memcpy(b->limbs, d, n * sizeof(Limb));
  return value_from_ptr(b);
}

static rd_value make(Runtime *rt, bool neg, const Limb *d, size_t n) {
  return make_in(rt, neg, d, n, ALLOC_YOUNG);
}

static rd_value zero(Runtime *rt) { return make(rt, false, NULL, 0); }

/* A copy of *src with sign neg (for -x). */
static rd_value copy_with_sign(Runtime *rt, Handle src, bool neg) {
  size_t n = bigint_length(*src);
  BigInt *b = alloc(rt, n, neg, ALLOC_YOUNG);
  if (!b) return VALUE_EMPTY;
  if (n) memcpy(b->limbs, BIGINT(*src)->limbs, n * sizeof(Limb));   /* re-read: the GC may have moved it */
  return value_from_ptr(b);
}

/* --- from C numbers -------------------------------------------------------------------- */
rd_value bigint_from_int64(Runtime *rt, int64_t v) {
  Limb l = v < 0 ? (Limb)0 - (Limb)v : (Limb)v;
  return make(rt, v < 0, &l, 1);
}

rd_value bigint_from_uint64(Runtime *rt, uint64_t v) { return make(rt, false, &v, 1); }

/* The limbs of an integral double 1 <= d < 2^1024 into t (17 limbs); returns their count. */
static size_t double_limbs(double d, Limb t[17]) {
  int e;
  double f = frexp(d, &e);                    /* d = f * 2^e, 0.5 <= f < 1 */
  Limb m = (Limb)ldexp(f, 53);                /* d = m * 2^(e - 53), exactly */
  if (e <= 53) {
    t[0] = m >> (53 - e);                     /* the bits shifted out are zero: d is integral */
    return 1;
  }
  unsigned shift = (unsigned)(e - 53), w = shift / 64, bit = shift % 64;
  memset(t, 0, 17 * sizeof(Limb));
  t[w] = m << bit;
  t[w + 1] = bit ? m >> (64 - bit) : 0;
  return w + 2;
}

rd_value bigint_from_double(Runtime *rt, double d) {
  if (d == 0) return zero(rt);
  Limb t[17];
  size_t n = double_limbs(fabs(d), t);
  return make(rt, d < 0, t, n);
}

/* --- from digits ------------------------------------------------------------------------- */
static int digit_value(uint32_t c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  c |= 0x20;
  if (c >= 'a' && c <= 'z') return (int)(c - 'a' + 10);
  return 99;
}

/* The BigInt of n digit values (0..radix-1, most significant first). */
static rd_value from_digit_values(Runtime *rt, const uint8_t *v, size_t n, int radix, bool neg,
                                  AllocSpace where) {
  while (n && !v[0]) v++, n--;
  if (!n) return make_in(rt, false, NULL, 0, where);
  double per_digit = log2((double)radix);
  if ((double)(n - 1) * per_digit >= (double)BIGINT_MAX_BITS) return too_big(rt);
  /* Room for the largest n-digit number plus the extra limb mpn_set_str wants. */
  size_t cap = (size_t)((double)n * per_digit / 64.0) + 3;
  Scratch s;
  Limb *r = scratch_alloc(rt, &s, cap);
  if (!r) return VALUE_EMPTY;
  mp_size_t rn = mpn_set_str(r, v, n, radix);
  rd_value out = make_in(rt, neg, r, (size_t)rn, where);
  scratch_free(&s);
  return out;
}

rd_value bigint_from_digits(Runtime *rt, const char *digits, uint32_t n, int radix, AllocSpace where) {
  uint8_t small[64] = {0};   /* (zeroed only to quiet -Wmaybe-uninitialized) */
  uint8_t *v = n <= sizeof small ? small : malloc(n);
  if (!v) return runtime_throw_oom(rt);
  for (uint32_t i = 0; i < n; i++) {
    int d = digit_value((uint8_t)digits[i]);
    CHECK(d < radix);   /* the lexer scanned them */
    v[i] = (uint8_t)d;
  }
  rd_value r = from_digit_values(rt, v, n, radix, false, where);
  if (v != small) free(v);
  return r;
}

/* StrWhiteSpaceChar: WhiteSpace or LineTerminator. */
static bool is_str_whitespace(uint32_t c) {
  if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c == 0xa0 || c == 0xfeff || c == 0x1680 || c == 0x3000) return true;
  if (c >= 0x2000 && c <= 0x200a) return true;
  return c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f;
}

rd_value bigint_from_string(Runtime *rt, Handle s) {
  uint32_t len = string_length(*s);
  uint16_t *u = malloc(((size_t)len + 1) * sizeof(uint16_t));
  uint8_t *v = malloc((size_t)len + 1);
  if (!u || !v) {
    free(u);
    free(v);
    return runtime_throw_oom(rt);
  }
  string_write_chars(*s, 0, len, u);
  uint32_t i = 0, end = len;
  while (i < end && is_str_whitespace(u[i])) i++;
  while (end > i && is_str_whitespace(u[end - 1])) end--;
  rd_value r = VALUE_UNDEFINED;
  int radix = 10;
  bool neg = false;
  if (end - i > 2 && u[i] == '0' && ((u[i + 1] | 0x20) == 'x' || (u[i + 1] | 0x20) == 'o' || (u[i + 1] | 0x20) == 'b')) {
    radix = (u[i + 1] | 0x20) == 'x' ? 16 : (u[i + 1] | 0x20) == 'o' ? 8 : 2;
    i += 2;
  } else if (i < end && (u[i] == '+' || u[i] == '-')) {
    neg = u[i] == '-';
    if (++i == end) goto done;   /* a sign alone */
  }
  size_t n = 0;
  for (uint32_t k = i; k < end; k++) {
    int d = digit_value(u[k]);
    if (d >= radix) goto done;
    v[n++] = (uint8_t)d;
  }
  r = from_digit_values(rt, v, n, radix, neg, ALLOC_YOUNG);   /* "" and "  " are 0n */
done:
  free(u);
  free(v);
  return r;
}

/* --- reading ------------------------------------------------------------------------------- */
double bigint_to_double(rd_value b) {
  const BigInt *x = BIGINT(b);
  if (!x->length) return 0;
  double d;
  if (x->length == 1) {
    d = (double)x->limbs[0];   /* rounds to nearest, ties to even */
  } else {
    /* The top 64 bits with the rest as a sticky bit round like the whole. */
    uint64_t bits = bigint_bit_length(b);
    if (bits > 1025) return x->sign ? -INFINITY : INFINITY;
    unsigned sh = (unsigned)__builtin_clzll(x->limbs[x->length - 1]);
    size_t top = x->length - 1;
    uint64_t t = x->limbs[top] << sh;
    if (sh) t |= x->limbs[top - 1] >> (64 - sh);
    bool sticky = (x->limbs[top - 1] << sh) != 0;   /* the bits of limb top-1 below t */
    for (size_t i = 0; !sticky && i + 1 < top; i++) sticky = x->limbs[i] != 0;
    d = ldexp((double)(t | sticky), (int)(bits - 64));
  }
  return x->sign ? -d : d;
}

bool bigint_equals(rd_value a, rd_value b) {
  const BigInt *x = BIGINT(a), *y = BIGINT(b);
  return x->length == y->length && x->sign == y->sign &&
         memcmp(x->limbs, y->limbs, x->length * sizeof(Limb)) == 0;
}

int bigint_compare(rd_value a, rd_value b) {
  Mag x = view(a), y = view(b);
  if (x.neg != y.neg) return x.neg ? -1 : 1;
  int c = mag_cmp(x.d, x.n, y.d, y.n);
  return x.neg ? -c : c;
}

int bigint_compare_double(rd_value a, double d) {
  if (d != d) return 2;
  Mag x = view(a);
  int xs = !x.n ? 0 : x.neg ? -1 : 1, ds = d > 0 ? 1 : d < 0 ? -1 : 0;
  if (xs != ds || !xs) return (xs > ds) - (xs < ds);
  if (isinf(d)) return -ds;
  /* Same sign, both nonzero: compare the magnitudes. */
  double ad = fabs(d);
  int e;
  frexp(ad, &e);   /* 2^(e-1) <= ad < 2^e */
  uint64_t xb = mag_bits(x);
  int c;
  if (e <= 0 || xb > (uint64_t)e) {
    c = 1;         /* |x| >= 2^(xb-1) >= 2^e > ad */
  } else if (xb < (uint64_t)e) {
    c = -1;        /* |x| < 2^xb <= 2^(e-1) <= ad */
  } else {
    double ip = floor(ad);
    Limb t[17];
    size_t tn = double_limbs(ip, t);
    while (tn && !t[tn - 1]) tn--;
    c = mag_cmp(x.d, x.n, t, tn);
    if (c == 0 && ip != ad) c = -1;   /* ad has a fraction beyond |x| */
  }
  return xs < 0 ? -c : c;
}

uint32_t bigint_hash(rd_value b) {
  const BigInt *x = BIGINT(b);
  uint64_t h = x->sign ? 0x9E3779B97F4A7C15ull : 0x632BE59BD9B4E019ull;
  for (uint32_t i = 0; i < x->length; i++) {
    h ^= x->limbs[i];
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
  }
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  uint32_t r = (uint32_t)h;
  return r ? r : 1;
}

bool bigint_verify(const BigInt *b) {
  if (b->length > BIGINT_MAX_LENGTH || b->sign > 1) return false;
  if (!b->length) return b->sign == 0;
  return b->limbs[b->length - 1] != 0;
}

/* --- to strings -------------------------------------------------------------------------------- */
/* The digits of x in radix (a '-' first if negative) as a malloc'd NUL-terminated
 * string of *len chars; NULL if malloc failed, or with *len = SIZE_MAX when
 * the string would exceed STRING_MAX_LENGTH. Never allocates on the JS heap. */
static char *format(const BigInt *x, int radix, size_t *len) {
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  *len = 0;
  if (!x->length) {
    char *s = malloc(2);
    if (s) s[0] = '0', s[1] = 0, *len = 1;
    return s;
  }
  double per_digit = log2((double)radix);
  uint64_t bits = bigint_bit_length(value_from_ptr(x));
  if ((double)(bits - 1) / per_digit >= (double)STRING_MAX_LENGTH) {
    *len = SIZE_MAX;
    return NULL;
  }
  /* Room for the largest number of this many limbs, plus one, plus the sign. */
  size_t cap = (size_t)((double)x->length * 64.0 / per_digit) + 3;
  unsigned char *raw = malloc(cap + 1);
  Limb *copy = malloc(((size_t)x->length + 1) * sizeof(Limb));   /* mpn_get_str clobbers its input */
  if (!raw || !copy) {
    free(raw);
    free(copy);
    return NULL;
  }
  memcpy(copy, x->limbs, x->length * sizeof(Limb));
  size_t n = mpn_get_str(raw + 1, radix, copy, (mp_size_t)x->length);
  free(copy);
  size_t skip = 1;
  while (skip < n && !raw[skip]) skip++;   /* leading zeros (there may be some) */
  char *s = (char *)raw;
  size_t o = 0;
  if (x->sign) s[o++] = '-';
  for (size_t i = skip; i <= n; i++) s[o++] = digits[raw[i]];
  s[o] = 0;
  *len = o;
  return s;
}

char *bigint_to_cstr(rd_value b, int radix) {
  size_t len;
  return format(BIGINT(b), radix, &len);
}

rd_value bigint_to_string(Runtime *rt, Handle b, int radix) {
  const BigInt *x = BIGINT(*b);
  if (radix == 10 && x->length <= 1) {   /* the common case, without malloc */
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%s%llu", x->sign ? "-" : "",
                     (unsigned long long)(x->length ? x->limbs[0] : 0));
    return string_from_one_byte(rt, (const uint8_t *)buf, (uint32_t)n);
  }
  size_t len;
  char *s = format(x, radix, &len);
  if (!s) return len == SIZE_MAX ? js_throw(rt, ERROR_RangeError, "Invalid string length") : runtime_throw_oom(rt);
  rd_value r = string_from_one_byte(rt, (const uint8_t *)s, (uint32_t)len);
  free(s);
  return r;
}

/* --- arithmetic ---------------------------------------------------------------------------------- */
/* a + b for nonzero sign-magnitude operands (views), as a new BigInt. */
static rd_value add_core(Runtime *rt, Mag a, Mag b) {
  Scratch s;
  Limb *r;
  rd_value out;
  if (a.neg == b.neg) {
    if (a.n < b.n) {
      Mag t = a;
      a = b, b = t;
    }
    if (!(r = scratch_alloc(rt, &s, a.n + 1))) return VALUE_EMPTY;
    r[a.n] = mpn_add(r, a.d, (mp_size_t)a.n, b.d, (mp_size_t)b.n);
    out = make(rt, a.neg, r, a.n + 1);
  } else {
    int c = mag_cmp(a.d, a.n, b.d, b.n);
    if (c == 0) return zero(rt);
    if (c < 0) {
      Mag t = a;
      a = b, b = t;
    }
    if (!(r = scratch_alloc(rt, &s, a.n))) return VALUE_EMPTY;
    mpn_sub(r, a.d, (mp_size_t)a.n, b.d, (mp_size_t)b.n);
    out = make(rt, a.neg, r, a.n);
  }
  scratch_free(&s);
  return out;
}

rd_value bigint_negate(Runtime *rt, Handle a) {
  if (bigint_is_zero(*a)) return *a;
  return copy_with_sign(rt, a, !bigint_is_negative(*a));
}

static const Limb one_limb = 1;

rd_value bigint_add_small(Runtime *rt, Handle a, int delta) {
  if (bigint_is_zero(*a)) return bigint_from_int64(rt, delta);
  return add_core(rt, view(*a), (Mag){&one_limb, 1, delta < 0});
}

rd_value bigint_bitwise_not(Runtime *rt, Handle a) {
  Mag x = view(*a);
  if (!x.n) return bigint_from_int64(rt, -1);
  x.neg = !x.neg;   /* ~x = (-x) + (-1) */
  return add_core(rt, x, (Mag){&one_limb, 1, true});
}

static rd_value multiply(Runtime *rt, Handle a, Handle b) {
  Mag x = view(*a), y = view(*b);
  if (!x.n || !y.n) return zero(rt);
  if (mag_bits(x) + mag_bits(y) - 1 > BIGINT_MAX_BITS) return too_big(rt);
  if (x.n < y.n) {
    Mag t = x;
    x = y, y = t;
  }
  Scratch s;
  Limb *r = scratch_alloc(rt, &s, x.n + y.n);
  if (!r) return VALUE_EMPTY;
  if (x.d == y.d && x.n == y.n) mpn_sqr(r, x.d, (mp_size_t)x.n);
  else mpn_mul(r, x.d, (mp_size_t)x.n, y.d, (mp_size_t)y.n);   /* Toom / FFT as GMP sees fit */
  rd_value out = make(rt, x.neg != y.neg, r, x.n + y.n);
  scratch_free(&s);
  return out;
}

/* a / b (truncated) or a % b (the sign of a). */
static rd_value divide(Runtime *rt, Handle a, Handle b, bool remainder) {
  Mag n = view(*a), d = view(*b);
  if (!d.n) return js_throw(rt, ERROR_RangeError, "Division by zero");
  if (mag_cmp(n.d, n.n, d.d, d.n) < 0) return remainder ? *a : zero(rt);
  Scratch sq, sr;
  Limb *q = scratch_alloc(rt, &sq, n.n - d.n + 1);
  if (!q) return VALUE_EMPTY;
  Limb *r = scratch_alloc(rt, &sr, d.n);
  if (!r) {
    scratch_free(&sq);
    return VALUE_EMPTY;
  }
  mpn_tdiv_qr(q, r, 0, n.d, (mp_size_t)n.n, d.d, (mp_size_t)d.n);
  rd_value out = remainder ? make(rt, n.neg, r, d.n) : make(rt, n.neg != d.neg, q, n.n - d.n + 1);
  scratch_free(&sq);
  scratch_free(&sr);
  return out;
}

/* 2^shift with sign neg (shift < BIGINT_MAX_BITS). */
static rd_value power_of_two(Runtime *rt, bool neg, uint64_t shift) {
  size_t n = (size_t)(shift / 64) + 1;
  BigInt *b = alloc(rt, n, neg, ALLOC_YOUNG);
  if (!b) return VALUE_EMPTY;
  memset(b->limbs, 0, n * sizeof(Limb));
  b->limbs[n - 1] = (Limb)1 << (shift % 64);
  return value_from_ptr(b);
}

/* log2 of a nonzero magnitude, to double precision. */
static double mag_log2(Mag m) {
  unsigned sh = (unsigned)__builtin_clzll(m.d[m.n - 1]);
  uint64_t top = m.d[m.n - 1] << sh;
  if (sh && m.n > 1) top |= m.d[m.n - 2] >> (64 - sh);
  return log2((double)top) + (double)mag_bits(m) - 64.0;
}

/* a ** b: square and multiply from the exponent's top bit down. */
static rd_value power(Runtime *rt, Handle a, Handle b) {
  Mag x = view(*a), e = view(*b);
  if (e.neg) return js_throw(rt, ERROR_RangeError, "Exponent must be non-negative");
  if (!e.n) return bigint_from_int64(rt, 1);
  if (!x.n) return zero(rt);
  bool neg = x.neg && (e.d[0] & 1);
  if (x.n == 1 && x.d[0] == 1) return bigint_from_int64(rt, neg ? -1 : 1);
  if (e.n > 1 || e.d[0] >= BIGINT_MAX_BITS) return too_big(rt);   /* |x| >= 2: at least e + 1 bits */
  uint64_t k = e.d[0];
  if (mag_is_pow2(x)) {
    uint64_t shift = (mag_bits(x) - 1) * k;   /* < 2^30 * 2^30: no overflow */
    if (shift >= BIGINT_MAX_BITS) return too_big(rt);
    return power_of_two(rt, neg, shift);
  }
  double est = mag_log2(x) * (double)k;   /* the result has floor(est) + 1 bits */
  if (est >= (double)BIGINT_MAX_BITS + 1.0) return too_big(rt);
  /* Every intermediate power is at most the result: cap limbs hold the
   * unnormalized products of both steps. */
  size_t cap = (size_t)(est * (1 + 1e-9) / 64.0) + 4;
  Scratch s1, s2;
  Limb *r = scratch_alloc(rt, &s1, cap);
  if (!r) return VALUE_EMPTY;
  Limb *t = scratch_alloc(rt, &s2, cap);
  if (!t) {
    scratch_free(&s1);
    return VALUE_EMPTY;
  }
  memcpy(r, x.d, x.n * sizeof(Limb));
  size_t rn = x.n;
  for (int i = 62 - __builtin_clzll(k); i >= 0; i--) {
    mpn_sqr(t, r, (mp_size_t)rn);
    rn *= 2;
    while (!t[rn - 1]) rn--;
    Limb *swap = r;
    r = t, t = swap;
    if ((k >> i) & 1) {
      mpn_mul(t, r, (mp_size_t)rn, x.d, (mp_size_t)x.n);   /* rn >= x.n: r is a power of x */
      rn += x.n;
      while (!t[rn - 1]) rn--;
      swap = r;
      r = t, t = swap;
    }
  }
  rd_value out = make(rt, neg, r, rn);
  /* Both buffers are freed whichever of them r ended up in. */
  scratch_free(&s1);
  scratch_free(&s2);
  return out;
}

/* a << k (left) or a >> k (right, rounding toward -Infinity) for a BigInt k. */
static rd_value shift(Runtime *rt, Handle a, Handle b, bool left) {
  Mag x = view(*a), s = view(*b);
  if (!x.n || !s.n) return *a;
  if (s.neg) left = !left;
  uint64_t k = s.n > 1 ? UINT64_MAX : s.d[0];
  uint64_t xb = mag_bits(x);
  Scratch sc;
  Limb *r;
  rd_value out;
  if (left) {
    if (k > BIGINT_MAX_BITS || xb + k > BIGINT_MAX_BITS) return too_big(rt);
    size_t w = (size_t)(k / 64), rn = x.n + w + 1;
    unsigned bit = (unsigned)(k % 64);
    if (!(r = scratch_alloc(rt, &sc, rn))) return VALUE_EMPTY;
    memset(r, 0, w * sizeof(Limb));
    if (bit) {
      r[rn - 1] = mpn_lshift(r + w, x.d, (mp_size_t)x.n, bit);
    } else {
      memcpy(r + w, x.d, x.n * sizeof(Limb));
      r[rn - 1] = 0;
    }
    out = make(rt, x.neg, r, rn);
  } else {
    if (k >= xb) return bigint_from_int64(rt, x.neg ? -1 : 0);
    size_t w = (size_t)(k / 64), rn = x.n - w;
    unsigned bit = (unsigned)(k % 64);
    if (!(r = scratch_alloc(rt, &sc, rn + 1))) return VALUE_EMPTY;
    if (bit) mpn_rshift(r, x.d + w, (mp_size_t)rn, bit);
    else memcpy(r, x.d + w, rn * sizeof(Limb));
    r[rn] = 0;
    if (x.neg) {   /* floor: one more in magnitude when a set bit was shifted out */
      bool lost = bit && (x.d[w] << (64 - bit)) != 0;
      for (size_t i = 0; !lost && i < w; i++) lost = x.d[i] != 0;
      if (lost) mpn_add_1(r, r, (mp_size_t)(rn + 1), 1);
    }
    out = make(rt, x.neg, r, rn + 1);
  }
  scratch_free(&sc);
  return out;
}

/* The n-limb two's complement of nonzero m (n > m.n): zero-extended, or
 * ~(|m| - 1) for a negative m (ones-extended). */
static void to_twos(Limb *r, Mag m, size_t n) {
  memcpy(r, m.d, m.n * sizeof(Limb));
  memset(r + m.n, 0, (n - m.n) * sizeof(Limb));
  if (m.neg) {
    mpn_sub_1(r, r, (mp_size_t)n, 1);
    mpn_com(r, r, (mp_size_t)n);
  }
}

/* a & b, a | b, a ^ b on infinite two's complement. */
static rd_value bitwise(Runtime *rt, BigIntOp op, Handle a, Handle b) {
  Mag x = view(*a), y = view(*b);
  if (!x.n) return op == BIGINT_AND ? *a : *b;
  if (!y.n) return op == BIGINT_AND ? *b : *a;
  size_t n = (x.n > y.n ? x.n : y.n) + 1;   /* the top limb is pure sign */
  Scratch s1, s2;
  Limb *tx = scratch_alloc(rt, &s1, n);
  if (!tx) return VALUE_EMPTY;
  Limb *ty = scratch_alloc(rt, &s2, n);
  if (!ty) {
    scratch_free(&s1);
    return VALUE_EMPTY;
  }
  to_twos(tx, x, n);
  to_twos(ty, y, n);
  if (op == BIGINT_AND) mpn_and_n(tx, tx, ty, (mp_size_t)n);
  else if (op == BIGINT_OR) mpn_ior_n(tx, tx, ty, (mp_size_t)n);
  else mpn_xor_n(tx, tx, ty, (mp_size_t)n);
  bool neg = tx[n - 1] >> 63;
  if (neg) {   /* |r| = ~r + 1 */
    mpn_com(tx, tx, (mp_size_t)n);
    mpn_add_1(tx, tx, (mp_size_t)n, 1);
  }
  rd_value out = make(rt, neg, tx, n);
  scratch_free(&s1);
  scratch_free(&s2);
  return out;
}

rd_value bigint_binary(Runtime *rt, BigIntOp op, Handle a, Handle b) {
  switch (op) {
    case BIGINT_ADD:
    case BIGINT_SUB: {
      Mag x = view(*a), y = view(*b);
      if (!y.n) return *a;
      if (!x.n) return op == BIGINT_ADD ? *b : bigint_negate(rt, b);
      if (op == BIGINT_SUB) y.neg = !y.neg;
      return add_core(rt, x, y);
    }
    case BIGINT_MUL: return multiply(rt, a, b);
    case BIGINT_DIV: return divide(rt, a, b, false);
    case BIGINT_MOD: return divide(rt, a, b, true);
    case BIGINT_EXP: return power(rt, a, b);
    case BIGINT_AND:
    case BIGINT_OR:
    case BIGINT_XOR: return bitwise(rt, op, a, b);
    case BIGINT_SHL: return shift(rt, a, b, true);
    case BIGINT_SAR: return shift(rt, a, b, false);
  }
  UNREACHABLE();
}

rd_value bigint_as_n(Runtime *rt, uint64_t bits, Handle a, bool is_signed) {
  Mag x = view(*a);
  if (!x.n) return *a;
  if (!bits) return zero(rt);
  uint64_t xb = mag_bits(x);
  if (is_signed) {
    /* Already in [-2^(bits-1), 2^(bits-1)). */
    if (xb < bits || (xb == bits && x.neg && mag_is_pow2(x))) return *a;
  } else {
    if (!x.neg && xb <= bits) return *a;
    if (x.neg && bits > BIGINT_MAX_BITS) return too_big(rt);   /* 2^bits - |x|: bits bits */
  }
  /* Here bits <= max(xb, BIGINT_MAX_BITS): the scratch is bounded. */
  size_t n = (size_t)((bits + 63) / 64);
  unsigned top_bits = (unsigned)(bits % 64);
  Scratch s;
  Limb *r = scratch_alloc(rt, &s, n);
  if (!r) return VALUE_EMPTY;
  size_t m = x.n < n ? x.n : n;
  memcpy(r, x.d, m * sizeof(Limb));
  memset(r + m, 0, (n - m) * sizeof(Limb));
  if (x.neg) mpn_neg(r, r, (mp_size_t)n);   /* x mod 2^(64n) */
  if (top_bits) r[n - 1] &= ((Limb)1 << top_bits) - 1;
  bool neg = false;
  uint64_t sign_bit = bits - 1;
  if (is_signed && ((r[sign_bit / 64] >> (sign_bit % 64)) & 1)) {   /* r - 2^bits = -(2^bits - r) */
    mpn_neg(r, r, (mp_size_t)n);
    if (top_bits) r[n - 1] &= ((Limb)1 << top_bits) - 1;
    neg = true;
  }
  rd_value out = make(rt, neg, r, n);
  scratch_free(&s);
  return out;
}
