/*
 * global.c - the value properties and functions of the global object:
 * globalThis, NaN, Infinity, undefined, isNaN, isFinite, parseInt,
 * parseFloat.
 */
#include <math.h>
#include <stdlib.h>

#include "base/numconv.h"
#include "builtins/builtins.h"
#include "objects/string.h"

/* WhiteSpace or LineTerminator (StrWhiteSpaceChar). */
static bool is_space(uint16_t c) {
  return c == 9 || c == 10 || c == 11 || c == 12 || c == 13 || c == 32 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* The argument as a malloc'd UTF-16 copy with leading white space skipped. */
static uint16_t *trimmed_units(Runtime *rt, NativeArgs *a, uint32_t *len) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, native_arg(a, 0));
  rd_value s = js_to_string(rt, v);
  if (!s) return NULL;
  uint32_t n = string_length(s);
  uint16_t *u = malloc(((size_t)n + 1) * 2);
  if (!u) {
    runtime_throw_oom(rt);
    return NULL;
  }
  string_write_chars(s, 0, n, u);
  uint32_t i = 0;
  while (i < n && is_space(u[i])) i++;
  memmove(u, u + i, (size_t)(n - i) * 2);
  *len = n - i;
  return u;
}

static rd_value global_parse_int(Runtime *rt, NativeArgs *a) {
  uint32_t n;
  uint16_t *u = trimmed_units(rt, a, &n);
  if (!u) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle r = handle_new(rt, native_arg(a, 1));
  rd_value rv = js_to_number(rt, r);
  if (!rv) {
    free(u);
    return VALUE_EMPTY;
  }
  double rd = value_to_number(rv);
  int32_t radix = isfinite(rd) ? (int32_t)(uint32_t)(int64_t)fmod(trunc(rd), 4294967296.0) : 0;
  uint32_t i = 0;
  double sign = 1;
  if (i < n && (u[i] == '+' || u[i] == '-')) sign = u[i++] == '-' ? -1 : 1;
  bool strip_prefix = true;
  if (radix != 0) {
    if (radix < 2 || radix > 36) {
      free(u);
      return value_from_double_raw(NAN);
    }
    if (radix != 16) strip_prefix = false;
  } else {
    radix = 10;
  }
  if (strip_prefix && i + 1 < n && u[i] == '0' && (u[i + 1] == 'x' || u[i + 1] == 'X')) {
    i += 2;
    radix = 16;
  }
  uint32_t start = i;
  double v = 0;
  for (; i < n; i++) {
    int d = u[i] >= '0' && u[i] <= '9' ? u[i] - '0'
          : (u[i] | 32) >= 'a' && (u[i] | 32) <= 'z' ? (u[i] | 32) - 'a' + 10 : 99;
    if (d >= radix) break;
    v = v * radix + d;
  }
  if (i == start) {
    free(u);
    return value_from_double_raw(NAN);
  }
  if (radix == 10 && i - start > 15) {   /* exact decimal rounding for long inputs */
    uint8_t buf[400];
    uint32_t m = MIN(i - start, (uint32_t)sizeof buf);
    for (uint32_t k = 0; k < m; k++) buf[k] = (uint8_t)u[start + k];
    v = num_parse_one_byte(buf, m);
    if (i - start > m) v *= pow(10, i - start - m);
  }
  free(u);
  return value_from_number(sign * v);
}

static rd_value global_parse_float(Runtime *rt, NativeArgs *a) {
  uint32_t n;
  uint16_t *u = trimmed_units(rt, a, &n);
  if (!u) return VALUE_EMPTY;
  /* The longest prefix that is a StrDecimalLiteral. */
  uint32_t i = 0, best = 0;
  if (i < n && (u[i] == '+' || u[i] == '-')) i++;
  static const char inf[] = "Infinity";
  if (n - i >= 8) {
    bool is_inf = true;
    for (int k = 0; k < 8; k++) is_inf &= u[i + k] == (uint16_t)inf[k];
    if (is_inf) {
      double r = u[0] == '-' ? -INFINITY : INFINITY;
      free(u);
      return value_from_number(r);
    }
  }
  uint32_t digits = 0;
  while (i < n && u[i] >= '0' && u[i] <= '9') i++, digits++;
  if (digits) best = i;
  if (i < n && u[i] == '.') {
    i++;
    while (i < n && u[i] >= '0' && u[i] <= '9') i++, digits++;
    if (digits) best = i;
  }
  if (digits && i < n && (u[i] == 'e' || u[i] == 'E')) {
    uint32_t j = i + 1;
    if (j < n && (u[j] == '+' || u[j] == '-')) j++;
    uint32_t e0 = j;
    while (j < n && u[j] >= '0' && u[j] <= '9') j++;
    if (j > e0) best = j;
  }
  double r = best ? num_parse_two_byte(u, best) : NAN;
  if (best && r == 0 && u[0] == '-') r = -0.0;
  free(u);
  return value_from_number(r);
}

static rd_value global_is_nan(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, native_arg(a, 0));
  rd_value n = js_to_number(rt, v);
  if (!n) return VALUE_EMPTY;
  double d = value_to_number(n);
  return value_from_bool(d != d);
}

static rd_value global_is_finite(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, native_arg(a, 0));
  rd_value n = js_to_number(rt, v);
  if (!n) return VALUE_EMPTY;
  return value_from_bool(isfinite(value_to_number(n)));
}

bool builtins_init_global(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle g = ROOT_SLOT(rt, global_object);
  Handle nan = handle_new(rt, value_from_double_raw(NAN));
  Handle inf = handle_new(rt, value_from_double_raw(INFINITY));
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  Handle self = handle_new(rt, *g);
  static const BuiltinMethod fns[] = {
      {"parseInt", global_parse_int, 2}, {"parseFloat", global_parse_float, 1},
      {"isNaN", global_is_nan, 1}, {"isFinite", global_is_finite, 1},
  };
  if (!builtins_define(rt, g, "NaN", nan, 0) || !builtins_define(rt, g, "Infinity", inf, 0) ||
      !builtins_define(rt, g, "undefined", undef, 0) || !builtins_define_global(rt, "globalThis", self) ||
      !builtins_install(rt, g, fns, ARRAY_LEN(fns)))
    return false;
  /* Number.parseInt / parseFloat are the same function objects as the globals. */
  Handle nkey = handle_new(rt, string_internalize_cstr(rt, "Number"));
  if (!*nkey) return false;
  Handle number = handle_new(rt, js_get(rt, g, nkey));
  if (!*number) return false;
  if (!value_is_js_object(*number)) return true;
  static const char *const shared[] = {"parseInt", "parseFloat"};
  for (size_t i = 0; i < ARRAY_LEN(shared); i++) {
    Handle key = handle_new(rt, string_internalize_cstr(rt, shared[i]));
    if (!*key) return false;
    Handle f = handle_new(rt, js_get(rt, g, key));
    if (!*f || !builtins_define(rt, number, shared[i], f, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE)) return false;
  }
  return true;
}
