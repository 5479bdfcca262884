/*
 * ops.c - ECMA-262 abstract operations on any value (see ops.h).
 *
 * Exceptions are currently strings "TypeError: message": Error objects
 * arrive with the built-ins, and js_throw is the one place that makes them.
 */
#include "runtime/ops.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/numconv.h"
#include "builtins/builtins.h"
#include "interp/interpreter.h"
#include "objects/bigint.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"

static const char *const error_names[ERROR_KIND_COUNT] = {
#define X(name) #name,
    ERROR_KIND_LIST(X)
#undef X
};

rd_value js_throw(Runtime *rt, ErrorKind kind, const char *fmt, ...) {
  char msg[512];
  int n = snprintf(msg, sizeof msg, "%s: ", error_names[kind]);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
  va_end(ap);
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, string_from_cstr(rt, msg + n));
  if (!*s) return VALUE_EMPTY;   /* out of memory is pending instead */
  if (!value_is_ptr(ROOT(rt, error_prototypes))) {   /* during bootstrap */
    rd_value full = string_from_cstr(rt, msg);
    if (full) rt->exception = full;
    return VALUE_EMPTY;
  }
  rd_value e = builtins_make_error(rt, kind, s);
  if (e) rt->exception = e;
  return VALUE_EMPTY;
}

bool js_to_boolean(rd_value v) {
  if (value_is_int32(v)) return value_to_int32(v) != 0;
  if (value_is_double(v)) {
    double d = value_to_double(v);
    return d == d && d != 0;
  }
  if (value_is_ptr(v)) {
    if (value_is_string(v)) return string_length(v) != 0;
    if (value_is_bigint(v)) return !bigint_is_zero(v);
    return true;
  }
  return v == VALUE_TRUE;
}

bool js_strict_equals(rd_value a, rd_value b) {
  if (value_is_number(a) && value_is_number(b)) return value_to_number(a) == value_to_number(b);
  if (a == b) return true;
  if (value_is_string(a) && value_is_string(b)) return string_equals(a, b);
  if (value_is_bigint(a) && value_is_bigint(b)) return bigint_equals(a, b);
  return false;
}

bool js_same_value_zero(rd_value a, rd_value b) {
  if (value_is_number(a) && value_is_number(b)) {
    double x = value_to_number(a), y = value_to_number(b);
    return x == y || (x != x && y != y);
  }
  return js_strict_equals(a, b);
}

/* ToPrimitive(v, hint): v[@@toPrimitive](hint) when v has one, else
 * OrdinaryToPrimitive (valueOf then toString; the reverse for hint string). */
rd_value js_to_primitive_hint(Runtime *rt, Handle v, PrimitiveHint hint) {
  if (!value_is_js_object(*v)) return *v;
  HANDLE_SCOPE(rt);
  Handle sym = handle_new(rt, ROOT(rt, symbol_to_primitive));
  rd_value exotic = js_get(rt, v, sym);
  if (!exotic) return VALUE_EMPTY;
  if (!value_is_nullish(exotic)) {
    if (!value_is_callable(exotic)) return js_throw(rt, ERROR_TypeError, "Symbol.toPrimitive is not a function");
    Handle fn = handle_new(rt, exotic);
    static const char *const names[] = {"default", "number", "string"};
    Handle h = handle_new(rt, string_internalize_cstr(rt, names[hint]));
    if (!*h) return VALUE_EMPTY;
    rd_value r = interp_call(rt, fn, v, 1, h);
    if (!r) return VALUE_EMPTY;
    if (value_is_js_object(r)) return js_throw(rt, ERROR_TypeError, "Cannot convert object to primitive value");
    return r;
  }
  return js_ordinary_to_primitive(rt, v, hint == HINT_STRING);
}

rd_value js_to_primitive(Runtime *rt, Handle v, bool hint_string) {
  return js_to_primitive_hint(rt, v, hint_string ? HINT_STRING : HINT_NUMBER);
}

/* OrdinaryToPrimitive: valueOf then toString (or the reverse for hint string). */
rd_value js_ordinary_to_primitive(Runtime *rt, Handle v, bool hint_string) {
  if (!value_is_js_object(*v)) return *v;
  HANDLE_SCOPE(rt);
  const char *order[2] = {hint_string ? "toString" : "valueOf", hint_string ? "valueOf" : "toString"};
  for (int i = 0; i < 2; i++) {
    rd_value name = string_internalize_cstr(rt, order[i]);
    if (!name) return VALUE_EMPTY;
    Handle key = handle_new(rt, name);
    rd_value f = js_get(rt, v, key);
    if (!f) return VALUE_EMPTY;
    if (value_is_callable(f)) {
      Handle hf = handle_new(rt, f);
      rd_value r = interp_call(rt, hf, v, 0, NULL);
      if (!r) return VALUE_EMPTY;
      if (!value_is_js_object(r)) return r;
    }
  }
  return js_throw(rt, ERROR_TypeError, "Cannot convert object to primitive value");
}

rd_value js_to_number(Runtime *rt, Handle v) {
  rd_value x = *v;
  if (value_is_number(x)) return x;
  if (x == VALUE_UNDEFINED) return value_from_double_raw(NAN);
  if (x == VALUE_NULL || x == VALUE_FALSE) return value_from_int32(0);
  if (x == VALUE_TRUE) return value_from_int32(1);
  if (value_is_string(x)) return value_from_number(string_to_number(x));
  if (value_is_symbol(x)) return js_throw(rt, ERROR_TypeError, "Cannot convert a Symbol value to a number");
  if (value_is_bigint(x)) return js_throw(rt, ERROR_TypeError, "Cannot convert a BigInt value to a number");
  HANDLE_SCOPE(rt);
  rd_value p = js_to_primitive(rt, v, false);
  if (!p) return VALUE_EMPTY;
  Handle hp = handle_new(rt, p);
  return js_to_number(rt, hp);
}

rd_value js_to_numeric(Runtime *rt, Handle v) {
  if (value_is_number(*v) || value_is_bigint(*v)) return *v;
  HANDLE_SCOPE(rt);
  rd_value p = js_to_primitive(rt, v, false);
  if (!p) return VALUE_EMPTY;
  if (value_is_bigint(p)) return p;
  Handle hp = handle_new(rt, p);
  return js_to_number(rt, hp);
}

rd_value js_to_bigint(Runtime *rt, Handle v) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, js_to_primitive(rt, v, false));
  if (!*p) return VALUE_EMPTY;
  rd_value x = *p;
  if (value_is_bigint(x)) return x;
  if (value_is_bool(x)) return bigint_from_int64(rt, x == VALUE_TRUE);
  if (value_is_string(x)) {
    rd_value r = bigint_from_string(rt, p);
    if (r != VALUE_UNDEFINED) return r;
    /* The message quotes at most 40 code units (as UTF-8; surrogates become U+FFFD). */
    uint32_t len = string_length(*p), n = len < 40 ? len : 40;
    uint16_t units[40];
    char quoted[40 * 3 + 4], *q = quoted;
    string_write_chars(*p, 0, n, units);
    for (uint32_t i = 0; i < n; i++) {
      uint16_t c = units[i] >= 0xD800 && units[i] <= 0xDFFF ? 0xFFFD : units[i];
      if (c < 0x80) *q++ = (char)c;
      else if (c < 0x800) *q++ = (char)(0xC0 | c >> 6), *q++ = (char)(0x80 | (c & 0x3F));
      else *q++ = (char)(0xE0 | c >> 12), *q++ = (char)(0x80 | ((c >> 6) & 0x3F)), *q++ = (char)(0x80 | (c & 0x3F));
    }
    strcpy(q, n < len ? "..." : "");
    return js_throw(rt, ERROR_SyntaxError, "Cannot convert %s to a BigInt", quoted);
  }
  if (value_is_number(x)) {
    char buf[NUM_TO_STRING_MAX];
    num_to_string(value_to_number(x), buf);
    return js_throw(rt, ERROR_TypeError, "Cannot convert %s to a BigInt", buf);
  }
  if (value_is_symbol(x)) return js_throw(rt, ERROR_TypeError, "Cannot convert a Symbol value to a BigInt");
  return js_throw(rt, ERROR_TypeError, "Cannot convert %s to a BigInt", x == VALUE_NULL ? "null" : "undefined");
}

rd_value js_to_string(Runtime *rt, Handle v) {
  rd_value x = *v;
  if (value_is_string(x)) return x;
  if (value_is_number(x)) return string_from_number(rt, value_to_number(x));
  if (x == VALUE_UNDEFINED) return string_internalize_cstr(rt, "undefined");
  if (x == VALUE_NULL) return string_internalize_cstr(rt, "null");
  if (x == VALUE_TRUE) return string_internalize_cstr(rt, "true");
  if (x == VALUE_FALSE) return string_internalize_cstr(rt, "false");
  if (value_is_symbol(x)) return js_throw(rt, ERROR_TypeError, "Cannot convert a Symbol value to a string");
  if (value_is_bigint(x)) return bigint_to_string(rt, v, 10);
  HANDLE_SCOPE(rt);
  rd_value p = js_to_primitive(rt, v, true);
  if (!p) return VALUE_EMPTY;
  Handle hp = handle_new(rt, p);
  return js_to_string(rt, hp);
}

rd_value js_to_property_key(Runtime *rt, Handle v) {
  HANDLE_SCOPE(rt);
  rd_value p = js_to_primitive(rt, v, true);
  if (!p) return VALUE_EMPTY;
  return object_canonical_key(rt, p);
}

rd_value js_typeof(Runtime *rt, rd_value v) {
  const char *t;
  if (value_is_number(v)) t = "number";
  else if (v == VALUE_UNDEFINED) t = "undefined";
  else if (v == VALUE_NULL) t = "object";
  else if (value_is_bool(v)) t = "boolean";
  else if (value_is_string(v)) t = "string";
  else if (value_is_symbol(v)) t = "symbol";
  else if (value_is_bigint(v)) t = "bigint";
  else if (value_is_callable(v)) t = "function";
  else t = "object";
  return string_internalize_cstr(rt, t);
}

/* a OP b for two numeric values of which one at least is a BigInt: a
 * TypeError unless both are (ApplyStringOrNumericBinaryOperator, step 5). */
static rd_value bigint_operator(Runtime *rt, Bytecode op, Handle a, Handle b) {
  if (!value_is_bigint(*a) || !value_is_bigint(*b))
    return js_throw(rt, ERROR_TypeError, "Cannot mix BigInt and other types, use explicit conversions");
  BigIntOp bop;
  switch (op) {
    case BC_Add: bop = BIGINT_ADD; break;
    case BC_Sub: bop = BIGINT_SUB; break;
    case BC_Mul: bop = BIGINT_MUL; break;
    case BC_Div: bop = BIGINT_DIV; break;
    case BC_Mod: bop = BIGINT_MOD; break;
    case BC_Exp: bop = BIGINT_EXP; break;
    case BC_BitwiseAnd: bop = BIGINT_AND; break;
    case BC_BitwiseOr: bop = BIGINT_OR; break;
    case BC_BitwiseXor: bop = BIGINT_XOR; break;
    case BC_ShiftLeft: bop = BIGINT_SHL; break;
    case BC_ShiftRight: bop = BIGINT_SAR; break;
    case BC_ShiftRightLogical:
      return js_throw(rt, ERROR_TypeError, "BigInts have no unsigned right shift, use >> instead");
    default: UNREACHABLE();
  }
  return bigint_binary(rt, bop, a, b);
}

rd_value js_add(Runtime *rt, Handle a, Handle b) {
  if (value_is_number(*a) && value_is_number(*b))
    return value_from_number(value_to_number(*a) + value_to_number(*b));
  HANDLE_SCOPE(rt);
  rd_value pa = js_to_primitive_hint(rt, a, HINT_DEFAULT);
  if (!pa) return VALUE_EMPTY;
  Handle ha = handle_new(rt, pa);
  rd_value pb = js_to_primitive_hint(rt, b, HINT_DEFAULT);
  if (!pb) return VALUE_EMPTY;
  Handle hb = handle_new(rt, pb);
  if (value_is_string(*ha) || value_is_string(*hb)) {
    rd_value sa = js_to_string(rt, ha);
    if (!sa) return VALUE_EMPTY;
    *ha = sa;
    rd_value sb = js_to_string(rt, hb);
    if (!sb) return VALUE_EMPTY;
    *hb = sb;
    return string_concat(rt, ha, hb);
  }
  rd_value na = js_to_numeric(rt, ha);
  if (!na) return VALUE_EMPTY;
  *ha = na;
  rd_value nb = js_to_numeric(rt, hb);
  if (!nb) return VALUE_EMPTY;
  if (value_is_number(*ha) && value_is_number(nb)) return value_from_number(value_to_number(*ha) + value_to_number(nb));
  *hb = nb;
  return bigint_operator(rt, BC_Add, ha, hb);
}

int32_t number_to_int32_slow(double d) {
  if (!isfinite(d)) return 0;
  double t = fmod(trunc(d), 4294967296.0);
  if (t < 0) t += 4294967296.0;
  return (int32_t)(uint32_t)t;
}

rd_value js_binary(Runtime *rt, Bytecode op, Handle a, Handle b) {
  HANDLE_SCOPE(rt);
  rd_value na = js_to_numeric(rt, a);
  if (!na) return VALUE_EMPTY;
  Handle ha = handle_new(rt, na);
  rd_value nb = js_to_numeric(rt, b);
  if (!nb) return VALUE_EMPTY;
  if (value_is_number(*ha) && value_is_number(nb)) return js_number_binary(op, value_to_number(*ha), value_to_number(nb));
  Handle hb = handle_new(rt, nb);
  return bigint_operator(rt, op, ha, hb);
}

rd_value js_unary(Runtime *rt, Bytecode op, Handle a) {
  HANDLE_SCOPE(rt);
  Handle n = handle_new(rt, js_to_numeric(rt, a));
  if (!*n) return VALUE_EMPTY;
  if (value_is_bigint(*n)) {
    switch (op) {
      case BC_Negate: return bigint_negate(rt, n);
      case BC_BitwiseNot: return bigint_bitwise_not(rt, n);
      case BC_Inc: return bigint_add_small(rt, n, 1);
      case BC_Dec: return bigint_add_small(rt, n, -1);
      default: UNREACHABLE();
    }
  }
  double x = value_to_number(*n);
  switch (op) {
    case BC_Negate: return value_from_number(-x);
    case BC_BitwiseNot: return value_from_int32(~number_to_int32(x));
    case BC_Inc: return value_from_number(x + 1);
    case BC_Dec: return value_from_number(x - 1);
    default: UNREACHABLE();
  }
}

rd_value js_number_binary(Bytecode op, double x, double y) {
  switch (op) {
    case BC_Sub: return value_from_number(x - y);
    case BC_Mul: return value_from_number(x * y);
    case BC_Div: return value_from_number(x / y);
    case BC_Mod: return value_from_number(fmod(x, y));
    case BC_Exp:
      if ((x == 1 || x == -1) && isinf(y)) return value_from_double_raw(NAN);
      return value_from_number(pow(x, y));
    case BC_BitwiseOr: return value_from_int32(number_to_int32(x) | number_to_int32(y));
    case BC_BitwiseXor: return value_from_int32(number_to_int32(x) ^ number_to_int32(y));
    case BC_BitwiseAnd: return value_from_int32(number_to_int32(x) & number_to_int32(y));
    case BC_ShiftLeft: return value_from_int32((int32_t)((uint32_t)number_to_int32(x) << (number_to_int32(y) & 31)));
    case BC_ShiftRight: return value_from_int32(number_to_int32(x) >> (number_to_int32(y) & 31));
    case BC_ShiftRightLogical:
      return value_from_number((double)((uint32_t)number_to_int32(x) >> (number_to_int32(y) & 31)));
    default: UNREACHABLE();
  }
}

rd_value js_compare(Runtime *rt, Bytecode op, Handle a, Handle b) {
  HANDLE_SCOPE(rt);
  rd_value pa = js_to_primitive(rt, a, false);
  if (!pa) return VALUE_EMPTY;
  Handle ha = handle_new(rt, pa);
  rd_value pb = js_to_primitive(rt, b, false);
  if (!pb) return VALUE_EMPTY;
  Handle hb = handle_new(rt, pb);
  if (value_is_string(*ha) && value_is_string(*hb)) {
    int c = string_compare(*ha, *hb);
    switch (op) {
      case BC_TestLessThan: return value_from_bool(c < 0);
      case BC_TestGreaterThan: return value_from_bool(c > 0);
      case BC_TestLessThanOrEqual: return value_from_bool(c <= 0);
      default: return value_from_bool(c >= 0);
    }
  }
  /* A BigInt and a string: the string as a BigInt (unparsable: undefined). */
  if (value_is_bigint(*ha) != value_is_bigint(*hb) && (value_is_string(*ha) || value_is_string(*hb))) {
    Handle s = value_is_string(*ha) ? ha : hb;
    rd_value n = bigint_from_string(rt, s);
    if (!n) return VALUE_EMPTY;
    if (n == VALUE_UNDEFINED) return VALUE_FALSE;
    *s = n;
  }
  rd_value na = js_to_numeric(rt, ha);
  if (!na) return VALUE_EMPTY;
  *ha = na;
  rd_value nb = js_to_numeric(rt, hb);
  if (!nb) return VALUE_EMPTY;
  na = *ha;
  if (value_is_bigint(na) || value_is_bigint(nb)) {   /* exact: -1, 0, 1, or 2 unordered (NaN) */
    int c = value_is_bigint(na) && value_is_bigint(nb) ? bigint_compare(na, nb)
            : value_is_bigint(na) ? bigint_compare_double(na, value_to_number(nb))
                                  : -bigint_compare_double(nb, value_to_number(na));
    switch (op) {
      case BC_TestLessThan: return value_from_bool(c == -1);
      case BC_TestGreaterThan: return value_from_bool(c == 1);
      case BC_TestLessThanOrEqual: return value_from_bool(c == -1 || c == 0);
      default: return value_from_bool(c == 0 || c == 1);
    }
  }
  double x = value_to_number(*ha), y = value_to_number(nb);
  switch (op) {
    case BC_TestLessThan: return value_from_bool(x < y);
    case BC_TestGreaterThan: return value_from_bool(x > y);
    case BC_TestLessThanOrEqual: return value_from_bool(x <= y);
    default: return value_from_bool(x >= y);
  }
}

rd_value js_loose_equals(Runtime *rt, Handle a, Handle b) {
  rd_value x = *a, y = *b;
  if (value_is_nullish(x) || value_is_nullish(y)) return value_from_bool(value_is_nullish(x) && value_is_nullish(y));
  bool xo = value_is_js_object(x), yo = value_is_js_object(y);
  if (xo && yo) return value_from_bool(x == y);
  if ((value_is_symbol(x) || value_is_symbol(y)) && !(xo || yo)) return value_from_bool(x == y);
  if ((value_is_bigint(x) || value_is_bigint(y)) && !(xo || yo)) {   /* exact comparisons */
    if (value_is_bigint(x) && value_is_bigint(y)) return value_from_bool(bigint_equals(x, y));
    Handle big = value_is_bigint(x) ? a : b, other = value_is_bigint(x) ? b : a;
    if (value_is_string(*other)) {
      rd_value n = bigint_from_string(rt, other);
      if (!n) return VALUE_EMPTY;
      return value_from_bool(n != VALUE_UNDEFINED && bigint_equals(*big, n));
    }
    if (value_is_bool(*other)) return value_from_bool(bigint_compare_double(*big, *other == VALUE_TRUE) == 0);
    if (value_is_number(*other)) return value_from_bool(bigint_compare_double(*big, value_to_number(*other)) == 0);
    return VALUE_FALSE;
  }
  if (!xo && !yo && (value_is_string(x) == value_is_string(y)) && !value_is_bool(x) && !value_is_bool(y))
    return value_from_bool(js_strict_equals(x, y));
  HANDLE_SCOPE(rt);
  /* Objects become primitives, everything else numbers. */
  if (xo || yo) {
    Handle o = xo ? a : b, other = xo ? b : a;
    rd_value p = js_to_primitive_hint(rt, o, HINT_DEFAULT);
    if (!p) return VALUE_EMPTY;
    Handle hp = handle_new(rt, p);
    return js_loose_equals(rt, hp, other);
  }
  rd_value nx = js_to_number(rt, a);
  if (!nx) return VALUE_EMPTY;
  Handle hx = handle_new(rt, nx);
  rd_value ny = js_to_number(rt, b);
  if (!ny) return VALUE_EMPTY;
  return value_from_bool(value_to_number(*hx) == value_to_number(ny));
}

rd_value js_primitive_prototype(Runtime *rt, rd_value v) {
  rd_value p = VALUE_EMPTY;
  if (value_is_string(v)) p = ROOT(rt, string_prototype);
  else if (value_is_number(v)) p = ROOT(rt, number_prototype);
  else if (value_is_bool(v)) p = ROOT(rt, boolean_prototype);
  else if (value_is_symbol(v)) p = ROOT(rt, symbol_prototype);
  else if (value_is_bigint(v)) p = ROOT(rt, bigint_prototype);
  return value_is_js_object(p) ? p : ROOT(rt, object_prototype);   /* before the built-ins exist */
}

/* The object whose properties v exposes: v itself, or its primitive's prototype. */
static rd_value holder_of(Runtime *rt, rd_value v) {
  return value_is_js_object(v) ? v : js_primitive_prototype(rt, v);
}

rd_value js_wrapped_value(rd_value v) {
  if (!value_has_type(v, TYPE_JS_PRIMITIVE_WRAPPER)) return VALUE_EMPTY;
  return ((JSPrimitiveWrapper *)value_to_ptr(v))->value;
}

rd_value js_to_object(Runtime *rt, Handle v) {
  if (value_is_js_object(*v)) return *v;
  if (value_is_nullish(*v)) return js_throw(rt, ERROR_TypeError, "Cannot convert undefined or null to object");
  HANDLE_SCOPE(rt);
  /* One map per primitive kind, made on first use: 0 string, 1 number, 2 boolean, 3 symbol, 4 BigInt. */
  int kind = value_is_string(*v) ? 0 : value_is_number(*v) ? 1 : value_is_bool(*v) ? 2 : value_is_symbol(*v) ? 3 : 4;
  if (!value_is_ptr(ROOT(rt, wrapper_maps))) {
    rd_value maps = factory_fixed_array(rt, 5, VALUE_UNDEFINED, ALLOC_OLD);
    if (!maps) return VALUE_EMPTY;
    rt->roots[ROOT_wrapper_maps] = maps;
  }
  if (FIXED_ARRAY(ROOT(rt, wrapper_maps))->data[kind] == VALUE_UNDEFINED) {
    Handle proto = handle_new(rt, js_primitive_prototype(rt, *v));
    rd_value m = factory_map(rt, TYPE_JS_PRIMITIVE_WRAPPER, 8 * (JS_PRIMITIVE_WRAPPER_HEADER_WORDS + 4), 4, proto);
    if (!m) return VALUE_EMPTY;
    if (kind == 0) MAP(m)->bit_field |= MAP_EXOTIC;   /* the String exotic object (objects/string_wrapper.c) */
    HEAP_STORE(value_to_ptr(ROOT(rt, wrapper_maps)), FIXED_ARRAY(ROOT(rt, wrapper_maps))->data[kind], m);
  }
  Handle map = handle_new(rt, FIXED_ARRAY(ROOT(rt, wrapper_maps))->data[kind]);
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(o), ((JSPrimitiveWrapper *)value_to_ptr(o))->value, *v);
  if (kind == 0) {   /* a String object has its length as an own property */
    Handle ho = handle_new(rt, o);
    Handle len = handle_new(rt, value_from_int32((int32_t)string_length(*v)));
    Handle key = handle_new(rt, ROOT(rt, length_string));
    if (object_define_own(rt, ho, key, len, 0) != PROPERTY_OK) return VALUE_EMPTY;
    return *ho;
  }
  return o;
}

bool js_bind_this(Runtime *rt, rd_value *slot, uint32_t flags) {
  if (flags & (SFI_STRICT | SFI_ARROW) || value_is_js_object(*slot)) return true;
  if (value_is_nullish(*slot)) {
    *slot = ROOT(rt, global_object);
    return true;
  }
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, *slot);
  rd_value o = js_to_object(rt, v);
  if (!o) return false;
  *slot = o;
  return true;
}

rd_value js_get(Runtime *rt, Handle obj, Handle key) {
  if (value_is_nullish(*obj))
    return js_throw(rt, ERROR_TypeError, "Cannot read properties of %s", *obj == VALUE_NULL ? "null" : "undefined");
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return VALUE_EMPTY;
  Handle hk = handle_new(rt, k);
  if (value_is_string(*obj)) {
    uint32_t index;
    if (*hk == ROOT(rt, length_string)) return value_from_int32((int32_t)string_length(*obj));
    if (object_key_as_index(*hk, &index) && index < string_length(*obj))
      return string_substring(rt, obj, index, index + 1);
  }
  Handle holder = handle_new(rt, holder_of(rt, *obj));
  rd_value v = object_get(rt, holder, hk);
  if (!v) return VALUE_EMPTY;
  if (value_has_type(v, TYPE_ACCESSOR_PAIR)) {
    rd_value getter = ((AccessorPair *)value_to_ptr(v))->getter;
    if (getter == VALUE_UNDEFINED) return VALUE_UNDEFINED;
    Handle g = handle_new(rt, getter);
    return interp_call(rt, g, obj, 0, NULL);
  }
  return v;
}

bool js_set(Runtime *rt, Handle obj, Handle key, Handle v, bool strict) {
  if (value_is_nullish(*obj)) {
    js_throw(rt, ERROR_TypeError, "Cannot set properties of %s", *obj == VALUE_NULL ? "null" : "undefined");
    return false;
  }
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return false;
  Handle hk = handle_new(rt, k);
  if (!value_is_js_object(*obj)) {
    if (strict) {
      js_throw(rt, ERROR_TypeError, "Cannot create property on a primitive");
      return false;
    }
    return true;
  }
  rd_value pair = VALUE_UNDEFINED;
  switch (object_set(rt, obj, hk, v, &pair)) {
    case PROPERTY_OK: return true;
    case PROPERTY_EXCEPTION: return false;
    case PROPERTY_REJECTED:
      if (strict) {
        js_throw(rt, ERROR_TypeError, "Cannot assign to read only property");
        return false;
      }
      return true;
    case PROPERTY_CALL_SETTER: {
      Handle setter = handle_new(rt, ((AccessorPair *)value_to_ptr(pair))->setter);
      if (*setter == VALUE_UNDEFINED) {
        if (strict) js_throw(rt, ERROR_TypeError, "Cannot set property which has only a getter");
        return !strict;
      }
      return interp_call(rt, setter, obj, 1, v) != VALUE_EMPTY;
    }
  }
  return false;
}

rd_value js_has_property(Runtime *rt, Handle obj, Handle key) {
  if (!value_is_js_object(*obj)) return js_throw(rt, ERROR_TypeError, "Cannot use 'in' operator on a non-object");
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return VALUE_EMPTY;
  for (rd_value o = *obj; value_is_js_object(o); o = heap_object_map(value_to_ptr(o))->prototype) {
    if (RD_UNLIKELY(object_is_exotic(o)) && object_hooks(o)->has) {
      Handle ho = handle_new(rt, o), hk = handle_new(rt, k);
      return object_hooks(o)->has(rt, ho, hk);
    }
    PropertyLookup l;
    if (object_lookup_own(rt, o, k, &l)) return VALUE_TRUE;
  }
  return VALUE_FALSE;
}
