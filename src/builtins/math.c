/*
 * math.c - the Math object: every function and constant of ECMA-262 2025
 * (f16round included), Math.sumPrecise, Math[@@toStringTag], and
 * Math.random as xorshift128+ whose state lives in a ByteArray kept as the
 * native data of the random function (so each runtime has its own
 * generator, seeded when the runtime is created).
 *
 * Invariant: each function applies ToNumber to its arguments left to right
 * (all of them, even after a NaN) before computing, as the spec orders it;
 * Math.sumPrecise sums exactly (a fixed-point accumulator covering every
 * double) and rounds once.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "base/float16.h"
#include "builtins/library.h"
#include "builtins/math.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

/* ToNumber(argument i) as a double into *out. */
static bool arg_number(Runtime *rt, NativeArgs *a, uint32_t i, double *out) {
  if (i >= a->argc) {
    *out = NAN;
    return true;
  }
  if (value_is_number(a->argv[i])) {
    *out = value_to_number(a->argv[i]);
    return true;
  }
  rd_value n = js_to_number(rt, &a->argv[i]);
  if (!n) return false;
  *out = value_to_number(n);
  return true;
}

/* The one-argument functions: X(js name, C expression of x). */
static double js_round(double x) {
  if (!isfinite(x) || x == 0) return x;
  if (x > 0 && x < 0.5) return 0.0;
  if (x < 0 && x >= -0.5) return -0.0;
  double f = floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}
static double js_sign(double x) { return x != x || x == 0 ? x : x > 0 ? 1 : -1; }
static double js_fround(double x) { return (double)(float)x; }
static double js_f16round(double x) { return float16_to_double(float16_from_double(x)); }
/* cbrt with one Newton step in extended precision (glibc's cbrt(27) is not 3). */
static double js_cbrt(double x) {
  double r = cbrt(x);
  if (!isfinite(r) || r == 0) return r;
  long double l = r;
  l -= (l * l * l - x) / (3 * l * l);
  return (double)l;
}

#define X(name, expr)                                      \
  static rd_value math_##name(Runtime *rt, NativeArgs *a) { \
    double x;                                              \
    if (!arg_number(rt, a, 0, &x)) return VALUE_EMPTY;     \
    return value_from_number(expr);                        \
  }
MATH_UNARY_LIST(X)
#undef X

/* ToUint32 / ToInt32 of a double. */
static uint32_t to_uint32(double d) {
  if (!isfinite(d)) return 0;
  double t = fmod(trunc(d), 4294967296.0);
  if (t < 0) t += 4294967296.0;
  return (uint32_t)t;
}

static rd_value math_clz32(Runtime *rt, NativeArgs *a) {
  double x;
  if (!arg_number(rt, a, 0, &x)) return VALUE_EMPTY;
  uint32_t n = to_uint32(x);
  return value_from_int32(n ? __builtin_clz(n) : 32);
}

static rd_value math_imul(Runtime *rt, NativeArgs *a) {
  double x, y;
  if (!arg_number(rt, a, 0, &x) || !arg_number(rt, a, 1, &y)) return VALUE_EMPTY;
  return value_from_int32((int32_t)(to_uint32(x) * to_uint32(y)));
}

static rd_value math_atan2(Runtime *rt, NativeArgs *a) {
  double y, x;
  if (!arg_number(rt, a, 0, &y) || !arg_number(rt, a, 1, &x)) return VALUE_EMPTY;
  return value_from_number(atan2(y, x));
}

/* Number::exponentiate: C pow differs for NaN exponents' bases of 1 and for ±1 ** ±Infinity. */
static double js_pow(double x, double y) {
  if (y != y) return NAN;
  if (y == 0) return 1;
  if ((x == 1 || x == -1) && isinf(y)) return NAN;
  return pow(x, y);
}
static rd_value math_pow(Runtime *rt, NativeArgs *a) {
  double x, y;
  if (!arg_number(rt, a, 0, &x) || !arg_number(rt, a, 1, &y)) return VALUE_EMPTY;
  return value_from_number(js_pow(x, y));
}

/* max / min: every argument converted; NaN wins; -0 < +0. */
static rd_value min_max(Runtime *rt, NativeArgs *a, bool max) {
  double r = max ? -INFINITY : INFINITY;
  bool nan = false;
  for (uint32_t i = 0; i < a->argc; i++) {
    double x;
    if (!arg_number(rt, a, i, &x)) return VALUE_EMPTY;
    if (x != x) nan = true;
    else if (max ? (x > r || (x == 0 && r == 0 && !signbit(x))) : (x < r || (x == 0 && r == 0 && signbit(x))))
      r = x;
  }
  return value_from_number(nan ? NAN : r);
}
static rd_value math_max(Runtime *rt, NativeArgs *a) { return min_max(rt, a, true); }
static rd_value math_min(Runtime *rt, NativeArgs *a) { return min_max(rt, a, false); }

static rd_value math_hypot(Runtime *rt, NativeArgs *a) {
  bool inf = false, nan = false;
  double scale = 0;
  double *nums = a->argc ? malloc(a->argc * sizeof *nums) : NULL;
  if (a->argc && !nums) return runtime_throw_oom(rt);
  for (uint32_t i = 0; i < a->argc; i++) {
    double x;
    if (!arg_number(rt, a, i, &x)) {
      free(nums);
      return VALUE_EMPTY;
    }
    nums[i] = x;
    if (isinf(x)) inf = true;
    else if (x != x) nan = true;
    else scale = MAX(scale, fabs(x));
  }
  if (inf || nan || scale == 0) {
    free(nums);
    return inf ? value_from_double_raw(INFINITY) : nan ? value_from_double_raw(NAN) : value_from_int32(0);
  }
  /* Scaled sum with Kahan compensation, so huge and tiny values neither overflow nor vanish. */
  double sum = 0, comp = 0;
  for (uint32_t i = 0; i < a->argc; i++) {
    double x = nums[i], t = x / scale, y = t * t - comp, s = sum + y;
    comp = (s - sum) - y;
    sum = s;
  }
  free(nums);
  return value_from_number(sqrt(sum) * scale);
}

/* --- Math.sumPrecise -------------------------------------------------------------------------
 * An exact two's-complement fixed-point sum in units of 2^-1074 (the least
 * subnormal): a finite double is m * 2^(e-1074) with m < 2^53 and
 * 0 <= e <= 1971, so each one touches bits below 2045 + 53, and fewer than
 * 2^53 of them stay below 2^2151; SUM_LIMBS * 64 bits leave room for the sign. */
#define SUM_LIMBS 36

typedef struct ExactSum {
  uint64_t limb[SUM_LIMBS];   /* little-endian, two's complement */
} ExactSum;

/* Adds (or subtracts) m << shift. */
static void exact_add(ExactSum *s, uint64_t m, uint32_t shift, bool negative) {
  uint32_t w = shift / 64, b = shift % 64;
  uint64_t part[2] = {m << b, b ? m >> (64 - b) : 0};
  if (!negative) {
    unsigned __int128 carry = 0;
    for (uint32_t i = w; i < SUM_LIMBS; i++) {
      unsigned __int128 t = (unsigned __int128)s->limb[i] + (i - w < 2 ? part[i - w] : 0) + carry;
      s->limb[i] = (uint64_t)t;
      carry = t >> 64;
      if (!carry && i - w >= 1) break;
    }
  } else {
    uint64_t borrow = 0;
    for (uint32_t i = w; i < SUM_LIMBS; i++) {
      uint64_t sub = (i - w < 2 ? part[i - w] : 0);
      uint64_t x = s->limb[i], r = x - sub - borrow;
      borrow = (x < sub) || (x - sub < borrow);
      s->limb[i] = r;
      if (!borrow && i - w >= 1) break;
    }
  }
}

static void exact_add_double(ExactSum *s, double x) {
  uint64_t bits;
  memcpy(&bits, &x, 8);
  uint32_t e = (uint32_t)((bits >> 52) & 0x7FF);
  uint64_t m = bits & ((1ull << 52) - 1);
  if (e) m |= 1ull << 52;
  else e = 1;   /* subnormals share the least exponent */
  if (m) exact_add(s, m, e - 1, bits >> 63);
}

static bool bit_at(const uint64_t *mag, int32_t i) { return i >= 0 && ((mag[i / 64] >> (i % 64)) & 1); }

/* 𝔽(the sum): rounded to nearest, ties to even, overflowing to infinity. */
static double exact_round(const ExactSum *s) {
  uint64_t mag[SUM_LIMBS];
  bool negative = s->limb[SUM_LIMBS - 1] >> 63;
  uint64_t borrow = 1;
  for (int i = 0; i < SUM_LIMBS; i++) {   /* the magnitude: negate if negative */
    mag[i] = negative ? ~s->limb[i] + borrow : s->limb[i];
    if (negative) borrow = borrow && mag[i] == 0;
  }
  int32_t top = -1;
  for (int i = SUM_LIMBS - 1; i >= 0 && top < 0; i--)
    if (mag[i]) top = i * 64 + 63 - __builtin_clzll(mag[i]);
  if (top < 0) return 0.0;
  int32_t low = top - 52 > 0 ? top - 52 : 0;   /* the least kept bit */
  uint64_t m = 0;
  for (int32_t i = top; i >= low; i--) m = (m << 1) | bit_at(mag, i);
  if (low > 0) {
    bool half = bit_at(mag, low - 1), sticky = false;
    for (int32_t i = low - 2; i >= 0 && !sticky; i--) {
      if (i % 64 == 63 && mag[i / 64] == 0) {   /* skip zero limbs */
        i -= 63;
        continue;
      }
      sticky = bit_at(mag, i);
    }
    if (half && (sticky || (m & 1))) m++;
  }
  double r = ldexp((double)m, low - 1074);   /* exact unless it overflows to infinity */
  return negative ? -r : r;
}

/* Math.sumPrecise(items): the exact sum of an iterable of Numbers, rounded
 * once; -0 when empty or all -0; NaN and infinities as the proposal's
 * state machine says; a non-Number is a TypeError (closing the iterator). */
static rd_value math_sum_precise(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle items = handle_new(rt, native_arg(a, 0));
  if (value_is_nullish(*items)) return js_throw(rt, ERROR_TypeError, "Math.sumPrecise called on null or undefined");
  Handle rec = handle_new(rt, iterator_get(rt, items));
  if (!*rec) return VALUE_EMPTY;
  enum { MINUS_ZERO, FINITE, PLUS_INF, MINUS_INF, NOT_A_NUMBER } state = MINUS_ZERO;
  ExactSum *sum = calloc(1, sizeof *sum);
  if (!sum) return runtime_throw_oom(rt);
  for (double count = 0;;) {
    bool done;
    rd_value v = iterator_step(rt, rec, &done);
    if (!v) {
      free(sum);
      return VALUE_EMPTY;
    }
    if (done) break;
    if (++count >= 9007199254740992.0) {
      js_throw(rt, ERROR_RangeError, "Math.sumPrecise: too many values");
      goto close;
    }
    if (!value_is_number(v)) {
      js_throw(rt, ERROR_TypeError, "Math.sumPrecise: the values must be Numbers");
      goto close;
    }
    double n = value_to_number(v);
    if (state == NOT_A_NUMBER) continue;
    if (n != n) state = NOT_A_NUMBER;
    else if (n == INFINITY) state = state == MINUS_INF ? NOT_A_NUMBER : PLUS_INF;
    else if (n == -INFINITY) state = state == PLUS_INF ? NOT_A_NUMBER : MINUS_INF;
    else if (!(n == 0 && signbit(n)) && (state == MINUS_ZERO || state == FINITE)) {
      state = FINITE;
      exact_add_double(sum, n);
    }
  }
  double r = state == NOT_A_NUMBER ? NAN : state == PLUS_INF ? INFINITY : state == MINUS_INF ? -INFINITY
           : state == MINUS_ZERO ? -0.0 : exact_round(sum);
  free(sum);
  return value_from_number(r);
close:
  free(sum);
  iterator_close_on_throw(rt, rec);
  return VALUE_EMPTY;
}

/* xorshift128+ over the 16-byte state in the function's ByteArray. */
static rd_value math_random(Runtime *rt, NativeArgs *a) {
  (void)rt;
  uint64_t *s = (uint64_t *)((ByteArray *)value_to_ptr(lib_native_data(a)))->data;
  uint64_t s1 = s[0], s0 = s[1];
  s[0] = s0;
  s1 ^= s1 << 23;
  s[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
  uint64_t bits = (s[1] + s0) >> 11;   /* 53 random bits */
  return value_from_number((double)bits / 9007199254740992.0);
}

/* splitmix64 step: spreads a seed over the generator state. */
static uint64_t splitmix(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

bool builtins_init_math(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle math = handle_new(rt, object_new(rt));
  if (!*math) return false;
  static const BuiltinMethod fns[] = {
#define X(name, expr) {#name, math_##name, 1},
      MATH_UNARY_LIST(X)
#undef X
      {"atan2", math_atan2, 2}, {"clz32", math_clz32, 1}, {"hypot", math_hypot, 2},
      {"imul", math_imul, 2}, {"max", math_max, 2}, {"min", math_min, 2}, {"pow", math_pow, 2},
      {"random", math_random, 0}, {"sumPrecise", math_sum_precise, 1},
  };
  if (!builtins_install(rt, math, fns, ARRAY_LEN(fns))) return false;
  static const struct { const char *name; double value; } constants[] = {
      {"E", M_E}, {"LN10", M_LN10}, {"LN2", M_LN2}, {"LOG10E", M_LOG10E}, {"LOG2E", M_LOG2E},
      {"PI", M_PI}, {"SQRT1_2", M_SQRT1_2}, {"SQRT2", M_SQRT2},
  };
  for (size_t i = 0; i < ARRAY_LEN(constants); i++) {
    Handle v = handle_new(rt, value_from_double_raw(constants[i].value));
    if (!builtins_define(rt, math, constants[i].name, v, 0)) return false;
  }
  /* The generator state, seeded from the clock and the runtime's address. */
  Handle state = handle_new(rt, factory_byte_array(rt, 16, ALLOC_OLD));
  Handle random = handle_new(rt, lib_get_named(rt, math, "random"));
  if (!*state || !*random) return false;
  uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)(uintptr_t)rt << 16) ^ (uint64_t)clock();
  uint64_t *s = (uint64_t *)((ByteArray *)value_to_ptr(*state))->data;
  s[0] = splitmix(&seed);
  s[1] = splitmix(&seed) | 1;
  lib_set_native_data(*random, *state);
  Handle tag = handle_new(rt, lib_key(rt, "Math"));
  return *tag && builtins_define(rt, math, "@toStringTag", tag, PROPERTY_CONFIGURABLE) &&
         builtins_define_global(rt, "Math", math);
}

/* --- the table of the optimizing compiler (math.h) ---------------------------------------- */
const char *const math_op_names[MATH_OP_COUNT] = {
    "none",
#define X(name, expr) #name,
    MATH_UNARY_LIST(X) MATH_BINARY_LIST(X)
#undef X
    "min", "max",
};

MathOp math_op_of(NativeFn entry) {
#define X(name, expr) \
  if (entry == math_##name) return MATH_OP_##name;
  MATH_UNARY_LIST(X)
  MATH_BINARY_LIST(X)
#undef X
  if (entry == math_min) return MATH_OP_min;
  if (entry == math_max) return MATH_OP_max;
  return MATH_OP_NONE;
}

bool math_op_is_binary(MathOp op) {
  switch (op) {
#define X(name, expr) case MATH_OP_##name:
    MATH_BINARY_LIST(X)
#undef X
    return true;
    default: return false;
  }
}

double math_apply(MathOp op, double x, double y) {
  (void)y;
  switch (op) {
#define X(name, expr) \
  case MATH_OP_##name: return expr;
    MATH_UNARY_LIST(X)
    MATH_BINARY_LIST(X)
#undef X
    default: return NAN;
  }
}
