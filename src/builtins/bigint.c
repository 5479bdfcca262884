/*
 * bigint.c - the BigInt function (callable, not constructible: BigInt(v)
 * converts), BigInt.asIntN / asUintN, and %BigInt.prototype% (an ordinary
 * object) with toString(radix), toLocaleString, valueOf and @@toStringTag.
 * The values and their arithmetic are objects/bigint.[ch].
 *
 * Invariant: every prototype method starts with thisBigIntValue, so it
 * works on BigInts and BigInt wrappers alike and throws a TypeError on
 * anything else.
 */
#include <math.h>

#include "base/numconv.h"
#include "builtins/library.h"
#include "objects/bigint.h"
#include "objects/string.h"

/* thisBigIntValue(this), or VALUE_EMPTY after a TypeError. */
static rd_value this_bigint(Runtime *rt, NativeArgs *a, const char *method) {
  rd_value v = *a->receiver;
  if (value_is_bigint(v)) return v;
  rd_value w = js_wrapped_value(v);
  if (w && value_is_bigint(w)) return w;
  return js_throw(rt, ERROR_TypeError, "BigInt.prototype.%s requires that 'this' be a BigInt", method);
}

/* NumberToBigInt(d): a RangeError unless d is an integer. */
static rd_value number_to_bigint(Runtime *rt, double d) {
  if (!isfinite(d) || trunc(d) != d) {
    char buf[NUM_TO_STRING_MAX];
    num_to_string(d, buf);
    return js_throw(rt, ERROR_RangeError, "The number %s cannot be converted to a BigInt because it is not an integer", buf);
  }
  return bigint_from_double(rt, d);
}

/* BigInt(value): ToPrimitive(value, number), then NumberToBigInt or ToBigInt. */
static rd_value bigint_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target != VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "BigInt is not a constructor");
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, native_arg(a, 0));
  Handle prim = handle_new(rt, js_to_primitive(rt, v, false));
  if (!*prim) return VALUE_EMPTY;
  if (value_is_number(*prim)) return number_to_bigint(rt, value_to_number(*prim));
  return js_to_bigint(rt, prim);
}

/* ToIndex(v) into *out: a RangeError outside [0, 2^53 - 1]. */
static bool to_index(Runtime *rt, Handle v, uint64_t *out) {
  double d;
  if (!lib_to_integer(rt, v, &d)) return false;
  if (d < 0 || d > 9007199254740991.0) {
    js_throw(rt, ERROR_RangeError, "Invalid value: not (convertible to) a safe integer");
    return false;
  }
  *out = (uint64_t)d;
  return true;
}

/* BigInt.asIntN(bits, bigint) / BigInt.asUintN(bits, bigint). */
static rd_value as_n(Runtime *rt, NativeArgs *a, bool is_signed) {
  HANDLE_SCOPE(rt);
  Handle hbits = handle_new(rt, native_arg(a, 0));
  uint64_t bits;
  if (!to_index(rt, hbits, &bits)) return VALUE_EMPTY;
  Handle arg = handle_new(rt, native_arg(a, 1));
  Handle x = handle_new(rt, js_to_bigint(rt, arg));
  if (!*x) return VALUE_EMPTY;
  return bigint_as_n(rt, bits, x, is_signed);
}
static rd_value bigint_as_int_n(Runtime *rt, NativeArgs *a) { return as_n(rt, a, true); }
static rd_value bigint_as_uint_n(Runtime *rt, NativeArgs *a) { return as_n(rt, a, false); }

/* --- BigInt.prototype ------------------------------------------------------------------------ */
static rd_value bp_to_string(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle x = handle_new(rt, this_bigint(rt, a, "toString"));
  if (!*x) return VALUE_EMPTY;
  double radix = 10;
  if (native_arg(a, 0) != VALUE_UNDEFINED) {
    if (!lib_to_integer(rt, &a->argv[0], &radix)) return VALUE_EMPTY;
    if (radix < 2 || radix > 36) return js_throw(rt, ERROR_RangeError, "toString() radix must be between 2 and 36");
  }
  return bigint_to_string(rt, x, (int)radix);
}

/* Without ECMA-402 the locale form is the decimal one. */
static rd_value bp_to_locale_string(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle x = handle_new(rt, this_bigint(rt, a, "toLocaleString"));
  if (!*x) return VALUE_EMPTY;
  return bigint_to_string(rt, x, 10);
}

static rd_value bp_value_of(Runtime *rt, NativeArgs *a) { return this_bigint(rt, a, "valueOf"); }

bool builtins_init_bigint(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, object_new(rt));
  if (!*proto) return false;
  rt->roots[ROOT_bigint_prototype] = *proto;
  rd_value c = builtins_constructor(rt, "BigInt", bigint_ctor, 1, proto);
  if (!c) return false;
  Handle ctor = handle_new(rt, c);
  static const BuiltinMethod statics[] = {{"asIntN", bigint_as_int_n, 2}, {"asUintN", bigint_as_uint_n, 2}};
  static const BuiltinMethod methods[] = {
      {"toString", bp_to_string, 0}, {"toLocaleString", bp_to_locale_string, 0}, {"valueOf", bp_value_of, 0}};
  Handle tag = handle_new(rt, string_internalize_cstr(rt, "BigInt"));
  return *tag && builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) &&
         builtins_install(rt, proto, methods, ARRAY_LEN(methods)) &&
         builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE) &&
         builtins_define_global(rt, "BigInt", ctor);
}
