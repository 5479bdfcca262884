/*
 * number.c - the Number constructor (ToNumeric; `new Number` wraps), its
 * constants and predicates, Number.parseFloat / parseInt (the same function
 * objects as the globals), and %Number.prototype% (a Number wrapper of +0)
 * with toString(radix), toFixed, toExponential, toPrecision, toLocaleString
 * and valueOf.
 *
 * Invariant: every prototype method starts with thisNumberValue, so it
 * works on numbers and Number wrappers alike and throws a TypeError on
 * anything else.
 */
#include <float.h>
#include <math.h>

#include "base/numconv.h"
#include "builtins/library.h"
#include "objects/bigint.h"
#include "objects/string.h"

/* thisNumberValue(this) as a double into *out. */
static bool this_number(Runtime *rt, NativeArgs *a, const char *method, double *out) {
  rd_value v = *a->receiver;
  if (!value_is_number(v)) {
    rd_value w = js_wrapped_value(v);
    if (!w || !value_is_number(w)) {
      js_throw(rt, ERROR_TypeError, "Number.prototype.%s requires that 'this' be a Number", method);
      return false;
    }
    v = w;
  }
  *out = value_to_number(v);
  return true;
}

static rd_value number_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle n = handle_new(rt, value_from_int32(0));
  if (a->argc > 0) {   /* ToNumeric; a BigInt converts (Number(2n ** 64n)) */
    *n = js_to_numeric(rt, &a->argv[0]);
    if (!*n) return VALUE_EMPTY;
    if (value_is_bigint(*n)) *n = value_from_number(bigint_to_double(*n));
  }
  if (*a->new_target == VALUE_UNDEFINED) return *n;
  return lib_wrap(rt, a, n, ROOT(rt, number_prototype));
}

static rd_value number_is_finite(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value v = native_arg(a, 0);
  return value_from_bool(value_is_number(v) && isfinite(value_to_number(v)));
}
static rd_value number_is_nan(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value v = native_arg(a, 0);
  return value_from_bool(value_is_number(v) && isnan(value_to_number(v)));
}
static rd_value number_is_integer(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value v = native_arg(a, 0);
  if (!value_is_number(v)) return VALUE_FALSE;
  double d = value_to_number(v);
  return value_from_bool(isfinite(d) && trunc(d) == d);
}
static rd_value number_is_safe_integer(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value v = native_arg(a, 0);
  if (!value_is_number(v)) return VALUE_FALSE;
  double d = value_to_number(v);
  return value_from_bool(isfinite(d) && trunc(d) == d && fabs(d) <= 9007199254740991.0);
}

/* --- Number.prototype ---------------------------------------------------------------------- */
static rd_value np_to_string(Runtime *rt, NativeArgs *a) {
  double x, radix = 10;
  if (!this_number(rt, a, "toString", &x)) return VALUE_EMPTY;
  if (native_arg(a, 0) != VALUE_UNDEFINED) {
    if (!lib_to_integer(rt, &a->argv[0], &radix)) return VALUE_EMPTY;
    if (radix < 2 || radix > 36) return js_throw(rt, ERROR_RangeError, "toString() radix must be between 2 and 36");
  }
  if (radix == 10) return string_from_number(rt, x);
  return string_from_number_radix(rt, x, (int)radix);
}

static rd_value np_to_locale_string(Runtime *rt, NativeArgs *a) {
  double x;
  if (!this_number(rt, a, "toLocaleString", &x)) return VALUE_EMPTY;
  return string_from_number(rt, x);
}

static rd_value np_value_of(Runtime *rt, NativeArgs *a) {
  double x;
  if (!this_number(rt, a, "valueOf", &x)) return VALUE_EMPTY;
  return value_from_number(x);
}

static rd_value np_to_fixed(Runtime *rt, NativeArgs *a) {
  double x, f;
  if (!this_number(rt, a, "toFixed", &x) || !lib_arg_integer(rt, a, 0, &f)) return VALUE_EMPTY;
  if (!isfinite(f) || f < 0 || f > 100) return js_throw(rt, ERROR_RangeError, "toFixed() digits argument must be between 0 and 100");
  if (!isfinite(x) || fabs(x) >= 1e21) return string_from_number(rt, x);
  char buf[NUM_FIXED_MAX];
  num_to_fixed(x, (int)f, buf);
  return string_from_cstr(rt, buf);
}

static rd_value np_to_exponential(Runtime *rt, NativeArgs *a) {
  double x, f;
  if (!this_number(rt, a, "toExponential", &x) || !lib_arg_integer(rt, a, 0, &f)) return VALUE_EMPTY;
  if (!isfinite(x)) return string_from_number(rt, x);
  if (f < 0 || f > 100) return js_throw(rt, ERROR_RangeError, "toExponential() argument must be between 0 and 100");
  char buf[NUM_FIXED_MAX];
  num_to_exponential(x, native_arg(a, 0) == VALUE_UNDEFINED ? -1 : (int)f, buf);
  return string_from_cstr(rt, buf);
}

static rd_value np_to_precision(Runtime *rt, NativeArgs *a) {
  double x, p;
  if (!this_number(rt, a, "toPrecision", &x)) return VALUE_EMPTY;
  if (native_arg(a, 0) == VALUE_UNDEFINED) return string_from_number(rt, x);
  if (!lib_arg_integer(rt, a, 0, &p)) return VALUE_EMPTY;
  if (!isfinite(x)) return string_from_number(rt, x);
  if (p < 1 || p > 100) return js_throw(rt, ERROR_RangeError, "toPrecision() argument must be between 1 and 100");
  char buf[NUM_FIXED_MAX];
  num_to_precision(x, (int)p, buf);
  return string_from_cstr(rt, buf);
}

bool builtins_init_number(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, lib_wrapper_prototype(rt, value_from_int32(0)));
  if (!*proto) return false;
  rt->roots[ROOT_number_prototype] = *proto;
  rd_value c = builtins_constructor(rt, "Number", number_ctor, 1, proto);
  if (!c) return false;
  Handle ctor = handle_new(rt, c);
  static const struct { const char *name; double value; } constants[] = {
      {"EPSILON", DBL_EPSILON}, {"MAX_SAFE_INTEGER", 9007199254740991.0},
      {"MIN_SAFE_INTEGER", -9007199254740991.0}, {"MAX_VALUE", DBL_MAX},
      {"MIN_VALUE", 4.9406564584124654e-324}, {"NaN", NAN},
      {"NEGATIVE_INFINITY", -INFINITY}, {"POSITIVE_INFINITY", INFINITY},
  };
  for (size_t i = 0; i < ARRAY_LEN(constants); i++) {
    Handle v = handle_new(rt, value_from_number(constants[i].value));
    if (!builtins_define(rt, ctor, constants[i].name, v, 0)) return false;
  }
  static const BuiltinMethod statics[] = {
      {"isFinite", number_is_finite, 1}, {"isInteger", number_is_integer, 1},
      {"isNaN", number_is_nan, 1}, {"isSafeInteger", number_is_safe_integer, 1},
  };
  static const BuiltinMethod methods[] = {
      {"toExponential", np_to_exponential, 1}, {"toFixed", np_to_fixed, 1},
      {"toPrecision", np_to_precision, 1}, {"toString", np_to_string, 1},
      {"toLocaleString", np_to_locale_string, 0}, {"valueOf", np_value_of, 0},
  };
  if (!builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) ||
      !builtins_install(rt, proto, methods, ARRAY_LEN(methods)))
    return false;
  /* Number.parseFloat / parseInt are the global functions themselves. */
  static const char *const shared[] = {"parseFloat", "parseInt"};
  for (size_t i = 0; i < ARRAY_LEN(shared); i++) {
    Handle f = handle_new(rt, lib_get_named(rt, ROOT_SLOT(rt, global_object), shared[i]));
    if (!*f) return false;
    if (*f == VALUE_UNDEFINED) continue;   /* the global module installs them later */
    if (!builtins_define(rt, ctor, shared[i], f, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE)) return false;
  }
  return builtins_define_global(rt, "Number", ctor);
}
