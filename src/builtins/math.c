/*
 * math.c - the Math object: every function and constant of ECMA-262 2024,
 * Math[@@toStringTag], and Math.random as xorshift128+ whose state lives in
 * a ByteArray kept as the native data of the random function (so each
 * runtime has its own generator, seeded when the runtime is created).
 *
 * Invariant: each function applies ToNumber to its arguments left to right
 * (all of them, even after a NaN) before computing, as the spec orders it.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "builtins/library.h"
#include "builtins/math.h"
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
      {"random", math_random, 0},
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
