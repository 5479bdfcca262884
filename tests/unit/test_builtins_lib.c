/*
 * test_builtins_lib.c - the standard-library built-ins (Array, String,
 * Number, Boolean, Math, JSON, iterators) called through the engine: each
 * test looks a function up from the global object, calls it with
 * interp_call and checks the result, mostly by comparing JSON.stringify of
 * it with the expected text (inputs are built with JSON.parse). Covers NaN
 * and -0, holes, huge array-like lengths whose far elements must not be
 * touched, callbacks that throw, species, cycles and deep nesting.
 *
 * Invariant: every heap value a test keeps across a call sits in a handle,
 * so the suite passes under --gc-interval and --stress-compaction.
 */
#include <math.h>
#include <stdlib.h>

#include "builtins/builtins.h"
#include "interp/interpreter.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"
#include "test.h"

/* Looks up a dotted path ("Array.prototype.join") from the global object. */
static rd_value lookup(Runtime *rt, const char *path, Handle holder_out) {
  HANDLE_SCOPE(rt);
  Handle cur = handle_new(rt, ROOT(rt, global_object));
  char buf[128];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = strtok(buf, "."); p; p = strtok(NULL, ".")) {
    if (holder_out) *holder_out = *cur;
    Handle key = handle_new(rt, *p == '@' ? ROOT(rt, symbol_iterator) : string_internalize_cstr(rt, p));
    rd_value v = js_get(rt, cur, key);
    CHECK(v);
    *cur = v;
  }
  return *cur;
}

/* Calls path with receiver (NULL: the holder) and argc arguments. Every
 * operand is a Handle, so building the arguments in any order is GC-safe. */
static rd_value call(Runtime *rt, const char *path, Handle receiver, uint32_t argc, Handle const *argv) {
  HANDLE_SCOPE(rt);
  CHECK(argc <= 8);
  Handle holder = handle_new(rt, VALUE_UNDEFINED);
  Handle fn = handle_new(rt, lookup(rt, path, holder));
  rd_value raw[8];
  for (uint32_t i = 0; i < argc; i++) raw[i] = *argv[i];
  return interp_call(rt, fn, receiver ? receiver : holder, argc, raw);
}
static rd_value call0(Runtime *rt, const char *path, Handle receiver) { return call(rt, path, receiver, 0, NULL); }
static rd_value call1(Runtime *rt, const char *path, Handle receiver, Handle a) { return call(rt, path, receiver, 1, &a); }
static rd_value call2(Runtime *rt, const char *path, Handle receiver, Handle a, Handle b) {
  Handle v[2] = {a, b};
  return call(rt, path, receiver, 2, v);
}

/* Handles for constants (they live until the test's scope ends). */
static Handle V(Runtime *rt, rd_value v) { return handle_new(rt, v); }
static Handle S(Runtime *rt, const char *s) {
  rd_value v = string_from_cstr(rt, s);
  CHECK(v);
  return handle_new(rt, v);
}
static Handle N(Runtime *rt, double d) { return handle_new(rt, value_from_number(d)); }

/* JSON.parse(text). */
static Handle parse(Runtime *rt, const char *text) {
  rd_value v = call1(rt, "JSON.parse", NULL, S(rt, text));
  CHECK(v);
  return handle_new(rt, v);
}

/* True if JSON.stringify(v) is `expected`; prints the difference otherwise. */
static bool json_is(Runtime *rt, rd_value v, const char *expected) {
  if (!v) {
    fprintf(stderr, "    (exception instead of %s)\n", expected);
    rt->exception = VALUE_EMPTY;
    return false;
  }
  HANDLE_SCOPE(rt);
  rd_value s = call1(rt, "JSON.stringify", NULL, V(rt, v));
  if (!s || !value_is_string(s)) {
    fprintf(stderr, "    (stringify failed, expected %s)\n", expected);
    rt->exception = VALUE_EMPTY;
    return false;
  }
  char *u = string_to_utf8(s, NULL);
  bool ok = !strcmp(u, expected);
  if (!ok) fprintf(stderr, "    got %s, expected %s\n", u, expected);
  free(u);
  return ok;
}

static bool str_is(rd_value v, const char *expected) {
  if (!v || !value_is_string(v)) return false;
  char *u = string_to_utf8(v, NULL);
  bool ok = !strcmp(u, expected);
  if (!ok) fprintf(stderr, "    got \"%s\", expected \"%s\"\n", u, expected);
  free(u);
  return ok;
}

static bool num_is(rd_value v, double d) {
  if (!v || !value_is_number(v)) return false;
  double x = value_to_number(v);
  if (d != d) return x != x;
  return x == d && signbit(x) == signbit(d);
}

/* True if a call threw an Error whose name is `kind`; clears it. */
static bool threw(Runtime *rt, rd_value r, const char *kind) {
  if (r) return false;
  HANDLE_SCOPE(rt);
  Handle e = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  if (!value_is_js_object(*e)) return false;
  Handle key = handle_new(rt, string_internalize_cstr(rt, "name"));
  rd_value n = js_get(rt, e, key);
  return str_is(n, kind);
}

/* Sets obj[name] = v. */
static void set(Runtime *rt, Handle obj, const char *name, rd_value v) {
  HANDLE_SCOPE(rt);
  Handle hv = handle_new(rt, v);
  Handle key = handle_new(rt, name[0] == '@' ? ROOT(rt, symbol_species) : string_internalize_cstr(rt, name));
  CHECK(js_set(rt, obj, key, hv, true));
}

/* The "length" and name a function was made with (its SharedFunctionInfo). */
static int32_t sfi_length(rd_value f) {
  SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared);
  return value_to_int32(sfi->length);
}
static rd_value sfi_name(rd_value f) {
  return ((SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared))->name;
}

static rd_value native(Runtime *rt, const char *name, NativeFn fn, uint32_t len) {
  rd_value f = native_function_new(rt, name, fn, len);
  CHECK(f);
  return f;
}

/* --- callbacks ----------------------------------------------------------------------------- */
static rd_value cb_subtract(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle x = handle_new(rt, native_arg(a, 0)), y = handle_new(rt, native_arg(a, 1));
  return js_binary(rt, BC_Sub, x, y);
}
/* Compares the "k" property of two objects (for stability checks). */
static rd_value cb_by_k(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, string_internalize_cstr(rt, "k"));
  Handle x = handle_new(rt, js_get(rt, &a->argv[0], key));
  Handle y = handle_new(rt, js_get(rt, &a->argv[1], key));
  return js_binary(rt, BC_Sub, x, y);
}
static int throw_after;
static rd_value cb_throw_later(Runtime *rt, NativeArgs *a) {
  (void)a;
  if (--throw_after <= 0) return js_throw(rt, ERROR_Error, "boom");
  return value_from_int32(-1);
}
static rd_value cb_is_even(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value v = native_arg(a, 0);
  return value_from_bool(value_is_number(v) && fmod(value_to_number(v), 2) == 0);
}
static rd_value cb_double(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return value_from_number(2 * value_to_number(native_arg(a, 0)));
}
static rd_value cb_pair(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle arr = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  Handle v = handle_new(rt, native_arg(a, 0));
  CHECK(element_set(rt, arr, 0, v) == PROPERTY_OK && element_set(rt, arr, 1, v) == PROPERTY_OK);
  return *arr;
}
static rd_value cb_add(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle x = handle_new(rt, native_arg(a, 0)), y = handle_new(rt, native_arg(a, 1));
  return js_add(rt, x, y);
}
static int getter_calls;
static rd_value cb_getter(Runtime *rt, NativeArgs *a) {
  (void)rt;
  (void)a;
  getter_calls++;
  return value_from_int32(42);
}
static rd_value cb_upper_match(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, native_arg(a, 0));
  return call0(rt, "String.prototype.toUpperCase", s);
}
static rd_value cb_reviver(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value v = native_arg(a, 1);
  if (value_is_number(v)) return value_from_number(value_to_number(v) * 10);
  return v;
}
static rd_value cb_replacer(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value v = native_arg(a, 1);
  if (value_is_string(v)) return VALUE_UNDEFINED;
  return v;
}
/* A species constructor: makes a plain object with a "species" mark. */
static rd_value cb_species_ctor(Runtime *rt, NativeArgs *a) {
  (void)a;
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, object_new(rt));
  set(rt, o, "made_by_species", VALUE_TRUE);
  return *o;
}

/* --- Math ---------------------------------------------------------------------------------- */
TEST(lib_math) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    EXPECT(num_is(call0(rt, "Math.max", NULL), -INFINITY));
    EXPECT(num_is(call0(rt, "Math.min", NULL), INFINITY));
    Handle v3[3] = {N(rt, 1), N(rt, NAN), N(rt, 3)};
    EXPECT(num_is(call(rt, "Math.max", NULL, 3, v3), NAN));
    EXPECT(num_is(call2(rt, "Math.max", NULL, N(rt, -0.0), N(rt, 0)), 0));
    EXPECT(num_is(call2(rt, "Math.min", NULL, N(rt, 0), N(rt, -0.0)), -0.0));
    EXPECT(num_is(call1(rt, "Math.round", NULL, N(rt, -0.5)), -0.0));
    EXPECT(num_is(call1(rt, "Math.round", NULL, N(rt, 2.5)), 3));
    EXPECT(num_is(call1(rt, "Math.round", NULL, N(rt, -2.5)), -2));
    EXPECT(num_is(call1(rt, "Math.round", NULL, N(rt, 0.49999999999999994)), 0));
    EXPECT(num_is(call1(rt, "Math.round", NULL, N(rt, 4503599627370497.0)), 4503599627370497.0));
    EXPECT(num_is(call2(rt, "Math.pow", NULL, N(rt, 1), N(rt, INFINITY)), NAN));
    EXPECT(num_is(call2(rt, "Math.pow", NULL, N(rt, NAN), N(rt, 0)), 1));
    EXPECT(num_is(call2(rt, "Math.pow", NULL, N(rt, -0.0), N(rt, -1)), -INFINITY));
    EXPECT(num_is(call2(rt, "Math.hypot", NULL, N(rt, 3), N(rt, 4)), 5));
    EXPECT(num_is(call2(rt, "Math.hypot", NULL, N(rt, NAN), N(rt, INFINITY)), INFINITY));
    EXPECT(num_is(call2(rt, "Math.hypot", NULL, N(rt, 1e300), N(rt, 1e300)), hypot(1e300, 1e300)));
    EXPECT(num_is(call1(rt, "Math.sign", NULL, N(rt, -0.0)), -0.0));
    EXPECT(num_is(call1(rt, "Math.sign", NULL, N(rt, -7)), -1));
    EXPECT(num_is(call1(rt, "Math.clz32", NULL, N(rt, 1)), 31));
    EXPECT(num_is(call1(rt, "Math.clz32", NULL, N(rt, 0)), 32));
    EXPECT(num_is(call2(rt, "Math.imul", NULL, N(rt, 4294967295.0), N(rt, 5)), -5));
    EXPECT(num_is(call1(rt, "Math.fround", NULL, N(rt, 5.05)), (double)5.05f));
    EXPECT(num_is(call1(rt, "Math.trunc", NULL, N(rt, -0.5)), -0.0));
    EXPECT(num_is(call1(rt, "Math.abs", NULL, S(rt, "-3")), 3));
    EXPECT(num_is(call1(rt, "Math.sqrt", NULL, V(rt, VALUE_UNDEFINED)), NAN));
    EXPECT(num_is(call2(rt, "Math.atan2", NULL, N(rt, 0), N(rt, -0.0)), M_PI));
    for (int i = 0; i < 100; i++) {
      rd_value r = call0(rt, "Math.random", NULL);
      EXPECT(r && value_is_number(r) && value_to_number(r) >= 0 && value_to_number(r) < 1);
    }
    EXPECT(str_is(call0(rt, "Object.prototype.toString", V(rt, lookup(rt, "Math", NULL))), "[object Math]"));
    EXPECT(num_is(lookup(rt, "Math.PI", NULL), M_PI));
    EXPECT(sfi_length(lookup(rt, "Math.max", NULL)) == 2);
    EXPECT(str_is(sfi_name(lookup(rt, "Math.max", NULL)), "max"));
    EXPECT(sfi_length(lookup(rt, "JSON.stringify", NULL)) == 3);
  }
  rd_runtime_free(rt);
}

/* --- Number and Boolean --------------------------------------------------------------------- */
TEST(lib_number_boolean) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    EXPECT(str_is(call1(rt, "Number.prototype.toFixed", N(rt, 123.456), N(rt, 1)), "123.5"));
    EXPECT(str_is(call1(rt, "Number.prototype.toFixed", N(rt, 1.005), N(rt, 2)), "1.00"));
    EXPECT(str_is(call1(rt, "Number.prototype.toFixed", N(rt, 1e21), N(rt, 2)), "1e+21"));
    EXPECT(str_is(call1(rt, "Number.prototype.toString", N(rt, 255), N(rt, 2)), "11111111"));
    EXPECT(str_is(call1(rt, "Number.prototype.toString", N(rt, -255), N(rt, 16)), "-ff"));
    EXPECT(str_is(call1(rt, "Number.prototype.toPrecision", N(rt, 123.456), N(rt, 4)), "123.5"));
    EXPECT(str_is(call1(rt, "Number.prototype.toExponential", N(rt, 123456), N(rt, 2)), "1.23e+5"));
    EXPECT(str_is(call0(rt, "Number.prototype.toExponential", N(rt, 0.00015)), "1.5e-4"));
    EXPECT(threw(rt, call1(rt, "Number.prototype.toString", N(rt, 1), N(rt, 1)), "RangeError"));
    EXPECT(threw(rt, call1(rt, "Number.prototype.toFixed", N(rt, 1), N(rt, 101)), "RangeError"));
    EXPECT(threw(rt, call0(rt, "Number.prototype.valueOf", S(rt, "1")), "TypeError"));
    EXPECT(num_is(call1(rt, "Number", V(rt, VALUE_UNDEFINED), S(rt, "  12  ")), 12));
    EXPECT(num_is(call0(rt, "Number", V(rt, VALUE_UNDEFINED)), 0));
    EXPECT(num_is(call1(rt, "Number", V(rt, VALUE_UNDEFINED), S(rt, "0x1F")), 31));
    EXPECT(num_is(call1(rt, "Number.isInteger", NULL, N(rt, 5.0)), 1) == false);
    EXPECT(call1(rt, "Number.isInteger", NULL, N(rt, 5.0)) == VALUE_TRUE);
    EXPECT(call1(rt, "Number.isInteger", NULL, S(rt, "5")) == VALUE_FALSE);
    EXPECT(call1(rt, "Number.isSafeInteger", NULL, N(rt, 9007199254740992.0)) == VALUE_FALSE);
    EXPECT(call1(rt, "Number.isNaN", NULL, S(rt, "x")) == VALUE_FALSE);
    EXPECT(num_is(lookup(rt, "Number.MAX_SAFE_INTEGER", NULL), 9007199254740991.0));
    EXPECT(num_is(lookup(rt, "Number.MIN_VALUE", NULL), 4.9406564584124654e-324));
    /* new Number(5): a wrapper whose valueOf is 5 */
    Handle ctor = handle_new(rt, lookup(rt, "Number", NULL));
    rd_value five = value_from_number(5);
    Handle w = handle_new(rt, interp_construct(rt, ctor, ctor, 1, &five));
    EXPECT(value_is_js_object(*w));
    EXPECT(num_is(call0(rt, "Number.prototype.valueOf", w), 5));
    EXPECT(str_is(call0(rt, "Number.prototype.toString", w), "5"));
    EXPECT(num_is(call0(rt, "Number.prototype.valueOf", V(rt, lookup(rt, "Number.prototype", NULL))), 0));
    /* Boolean */
    EXPECT(call1(rt, "Boolean", V(rt, VALUE_UNDEFINED), S(rt, "")) == VALUE_FALSE);
    EXPECT(call1(rt, "Boolean", V(rt, VALUE_UNDEFINED), N(rt, NAN)) == VALUE_FALSE);
    EXPECT(str_is(call0(rt, "Boolean.prototype.toString", V(rt, VALUE_TRUE)), "true"));
    EXPECT(call0(rt, "Boolean.prototype.valueOf", V(rt, lookup(rt, "Boolean.prototype", NULL))) == VALUE_FALSE);
    EXPECT(threw(rt, call0(rt, "Boolean.prototype.valueOf", N(rt, 1)), "TypeError"));
    Handle bctor = handle_new(rt, lookup(rt, "Boolean", NULL));
    rd_value f = VALUE_FALSE;
    Handle bw = handle_new(rt, interp_construct(rt, bctor, bctor, 1, &f));
    EXPECT(value_is_js_object(*bw) && js_to_boolean(*bw));
    EXPECT(call0(rt, "Boolean.prototype.valueOf", bw) == VALUE_FALSE);
  }
  rd_runtime_free(rt);
}

/* --- Array -------------------------------------------------------------------------------- */
TEST(lib_array_basics) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle a = parse(rt, "[1,2,3]");
    EXPECT(num_is(call2(rt, "Array.prototype.push", a, N(rt, 4), N(rt, 5)), 5));
    EXPECT(json_is(rt, *a, "[1,2,3,4,5]"));
    EXPECT(num_is(call0(rt, "Array.prototype.pop", a), 5));
    EXPECT(num_is(call0(rt, "Array.prototype.shift", a), 1));
    EXPECT(num_is(call2(rt, "Array.prototype.unshift", a, N(rt, 0), N(rt, 1)), 5));
    EXPECT(json_is(rt, *a, "[0,1,2,3,4]"));
    EXPECT(str_is(call1(rt, "Array.prototype.join", a, S(rt, "-")), "0-1-2-3-4"));
    EXPECT(str_is(call0(rt, "Array.prototype.toString", a), "0,1,2,3,4"));
    EXPECT(json_is(rt, call0(rt, "Array.prototype.reverse", a), "[4,3,2,1,0]"));
    EXPECT(json_is(rt, call2(rt, "Array.prototype.slice", a, N(rt, 1), N(rt, -1)), "[3,2,1]"));
    EXPECT(num_is(call1(rt, "Array.prototype.at", a, N(rt, -1)), 0));
    EXPECT(call1(rt, "Array.prototype.at", a, N(rt, 9)) == VALUE_UNDEFINED);
    Handle sp[4] = {N(rt, 1), N(rt, 2), S(rt, "a"), S(rt, "b")};
    EXPECT(json_is(rt, call(rt, "Array.prototype.splice", a, 4, sp), "[3,2]"));
    EXPECT(json_is(rt, *a, "[4,\"a\",\"b\",1,0]"));
    EXPECT(json_is(rt, call2(rt, "Array.prototype.fill", parse(rt, "[1,2,3,4]"), N(rt, 9), N(rt, -2)), "[1,2,9,9]"));
    Handle cw[3] = {N(rt, 0), N(rt, 3), N(rt, 5)};
    EXPECT(json_is(rt, call(rt, "Array.prototype.copyWithin", parse(rt, "[1,2,3,4,5]"), 3, cw), "[4,5,3,4,5]"));
    EXPECT(json_is(rt, call1(rt, "Array.prototype.flat", parse(rt, "[1,[2,[3,[4]]]]"), N(rt, INFINITY)), "[1,2,3,4]"));
    EXPECT(json_is(rt, call0(rt, "Array.prototype.flat", parse(rt, "[1,[2,[3]]]")), "[1,2,[3]]"));
    /* NaN: includes finds it (SameValueZero), indexOf does not (strict equality) */
    Handle n = handle_new(rt, call1(rt, "Array.of", NULL, N(rt, NAN)));
    EXPECT(call1(rt, "Array.prototype.includes", n, N(rt, NAN)) == VALUE_TRUE);
    EXPECT(num_is(call1(rt, "Array.prototype.indexOf", n, N(rt, NAN)), -1));
    EXPECT(num_is(call2(rt, "Array.prototype.lastIndexOf", parse(rt, "[1,2,1,2]"), N(rt, 1), N(rt, -2)), 2));
    EXPECT(num_is(call1(rt, "Array.prototype.indexOf", parse(rt, "[-0]"), N(rt, 0)), 0));
    /* copying methods */
    Handle b = parse(rt, "[3,1,2]");
    EXPECT(json_is(rt, call0(rt, "Array.prototype.toSorted", b), "[1,2,3]"));
    EXPECT(json_is(rt, call0(rt, "Array.prototype.toReversed", b), "[2,1,3]"));
    EXPECT(json_is(rt, call2(rt, "Array.prototype.with", b, N(rt, -1), N(rt, 7)), "[3,1,7]"));
    EXPECT(threw(rt, call2(rt, "Array.prototype.with", b, N(rt, 3), N(rt, 7)), "RangeError"));
    Handle ts[3] = {N(rt, 1), N(rt, 1), S(rt, "x")};
    EXPECT(json_is(rt, call(rt, "Array.prototype.toSpliced", b, 3, ts), "[3,\"x\",2]"));
    EXPECT(json_is(rt, *b, "[3,1,2]"));
    /* the constructor */
    EXPECT(sfi_length(lookup(rt, "Array", NULL)) == 1);
    EXPECT(sfi_length(lookup(rt, "Array.prototype.splice", NULL)) == 2);
    EXPECT(str_is(sfi_name(lookup(rt, "Array.prototype.@", NULL)), "values"));
    Handle arr_ctor = handle_new(rt, lookup(rt, "Array", NULL));
    rd_value three = value_from_number(3);
    Handle a3 = handle_new(rt, interp_construct(rt, arr_ctor, arr_ctor, 1, &three));
    EXPECT(value_has_type(*a3, TYPE_JS_ARRAY) && array_length(*a3) == 3);
    EXPECT(json_is(rt, *a3, "[null,null,null]"));
    EXPECT(threw(rt, call1(rt, "Array", V(rt, VALUE_UNDEFINED), N(rt, -1)), "RangeError"));
    EXPECT(threw(rt, call1(rt, "Array", V(rt, VALUE_UNDEFINED), N(rt, 1.5)), "RangeError"));
    EXPECT(json_is(rt, call1(rt, "Array", V(rt, VALUE_UNDEFINED), S(rt, "3")), "[\"3\"]"));
    EXPECT(json_is(rt, call2(rt, "Array", V(rt, VALUE_UNDEFINED), N(rt, 1), N(rt, 2)), "[1,2]"));
    EXPECT(call1(rt, "Array.isArray", NULL, a3) == VALUE_TRUE);
    EXPECT(call1(rt, "Array.isArray", NULL, parse(rt, "{}")) == VALUE_FALSE);
    /* Array.from over an array-like and over an iterable (an array iterator) */
    EXPECT(json_is(rt, call1(rt, "Array.from", NULL, parse(rt, "{\"length\":2,\"0\":\"a\"}")), "[\"a\",null]"));
    Handle it = handle_new(rt, call0(rt, "Array.prototype.entries", parse(rt, "[\"x\",\"y\"]")));
    EXPECT(json_is(rt, call1(rt, "Array.from", NULL, it), "[[0,\"x\"],[1,\"y\"]]"));
    Handle dbl = handle_new(rt, native(rt, "dbl", cb_double, 1));
    EXPECT(json_is(rt, call2(rt, "Array.from", NULL, parse(rt, "[1,2]"), dbl), "[2,4]"));
    EXPECT(json_is(rt, call1(rt, "Array.from", NULL, S(rt, "a\xF0\x9F\x98\x80")), "[\"a\",\"\xF0\x9F\x98\x80\"]"));
    /* iterators */
    Handle keys = handle_new(rt, call0(rt, "Array.prototype.keys", parse(rt, "[5,6]")));
    EXPECT(json_is(rt, call1(rt, "Array.from", NULL, keys), "[0,1]"));
    {
      Handle it_fn = handle_new(rt, lookup(rt, "Array.prototype.@", NULL));
      EXPECT(*it_fn == lookup(rt, "Array.prototype.values", NULL));
    }
    Handle vit = handle_new(rt, call0(rt, "Array.prototype.values", parse(rt, "[5]")));
    Handle next = handle_new(rt, VALUE_UNDEFINED);
    {
      Handle key = handle_new(rt, string_internalize_cstr(rt, "next"));
      *next = js_get(rt, vit, key);
      EXPECT(json_is(rt, interp_call(rt, next, vit, 0, NULL), "{\"value\":5,\"done\":false}"));
      EXPECT(json_is(rt, interp_call(rt, next, vit, 0, NULL), "{\"done\":true}"));
      EXPECT(threw(rt, interp_call(rt, next, NULL, 0, NULL), "TypeError"));
    }
    EXPECT(str_is(call0(rt, "Object.prototype.toString", vit), "[object Array Iterator]"));
  }
  rd_runtime_free(rt);
}

TEST(lib_array_callbacks) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle even = handle_new(rt, native(rt, "even", cb_is_even, 1));
    Handle dbl = handle_new(rt, native(rt, "dbl", cb_double, 1));
    Handle add = handle_new(rt, native(rt, "add", cb_add, 2));
    Handle pair = handle_new(rt, native(rt, "pair", cb_pair, 1));
    Handle a = parse(rt, "[1,2,3,4]");
    EXPECT(json_is(rt, call1(rt, "Array.prototype.filter", a, even), "[2,4]"));
    EXPECT(json_is(rt, call1(rt, "Array.prototype.map", a, dbl), "[2,4,6,8]"));
    EXPECT(call1(rt, "Array.prototype.some", a, even) == VALUE_TRUE);
    EXPECT(call1(rt, "Array.prototype.every", a, even) == VALUE_FALSE);
    EXPECT(num_is(call1(rt, "Array.prototype.find", a, even), 2));
    EXPECT(num_is(call1(rt, "Array.prototype.findLast", a, even), 4));
    EXPECT(num_is(call1(rt, "Array.prototype.findIndex", a, even), 1));
    EXPECT(num_is(call1(rt, "Array.prototype.findLastIndex", a, even), 3));
    EXPECT(num_is(call1(rt, "Array.prototype.reduce", a, add), 10));
    EXPECT(str_is(call2(rt, "Array.prototype.reduceRight", a, add, S(rt, "")), "4321"));
    EXPECT(json_is(rt, call1(rt, "Array.prototype.flatMap", parse(rt, "[1,2]"), pair), "[1,1,2,2]"));
    EXPECT(threw(rt, call1(rt, "Array.prototype.reduce", parse(rt, "[]"), add), "TypeError"));
    EXPECT(threw(rt, call1(rt, "Array.prototype.map", a, N(rt, 1)), "TypeError"));
    /* holes are skipped by map/forEach but kept in the result length */
    Handle holey = handle_new(rt, array_new(rt, ELEMENTS_HOLEY, 0));
    Handle one = handle_new(rt, *N(rt, 1));
    EXPECT(element_set(rt, holey, 2, one) == PROPERTY_OK);
    Handle mapped = handle_new(rt, call1(rt, "Array.prototype.map", holey, dbl));
    EXPECT(array_length(*mapped) == 3 && element_get_own(*mapped, 0, NULL) == VALUE_EMPTY);
    EXPECT(json_is(rt, *mapped, "[null,null,2]"));
    EXPECT(call1(rt, "Array.prototype.includes", holey, V(rt, VALUE_UNDEFINED)) == VALUE_TRUE);
    EXPECT(num_is(call1(rt, "Array.prototype.indexOf", holey, V(rt, VALUE_UNDEFINED)), -1));
    /* a throwing callback propagates */
    throw_after = 2;
    Handle thrower = handle_new(rt, native(rt, "t", cb_throw_later, 1));
    EXPECT(threw(rt, call1(rt, "Array.prototype.forEach", a, thrower), "Error"));
  }
  rd_runtime_free(rt);
}

TEST(lib_array_sort) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle sub = handle_new(rt, native(rt, "sub", cb_subtract, 2));
    Handle a = parse(rt, "[10,9,1,100,25]");
    EXPECT(json_is(rt, call0(rt, "Array.prototype.sort", a), "[1,10,100,25,9]"));
    EXPECT(json_is(rt, call1(rt, "Array.prototype.sort", a, sub), "[1,9,10,25,100]"));
    /* stable */
    Handle by_k = handle_new(rt, native(rt, "byk", cb_by_k, 2));
    Handle s = parse(rt, "[{\"k\":2,\"i\":0},{\"k\":1,\"i\":1},{\"k\":2,\"i\":2},{\"k\":1,\"i\":3},{\"k\":0,\"i\":4}]");
    EXPECT(json_is(rt, call1(rt, "Array.prototype.sort", s, by_k),
                   "[{\"k\":0,\"i\":4},{\"k\":1,\"i\":1},{\"k\":1,\"i\":3},{\"k\":2,\"i\":0},{\"k\":2,\"i\":2}]"));
    /* undefined sorts last, holes after it */
    Handle h = handle_new(rt, array_new(rt, ELEMENTS_HOLEY, 0));
    Handle v = handle_new(rt, VALUE_UNDEFINED);
    EXPECT(element_set(rt, h, 0, v) == PROPERTY_OK);
    *v = *N(rt, 3);
    EXPECT(element_set(rt, h, 2, v) == PROPERTY_OK);
    *v = *N(rt, 1);
    EXPECT(element_set(rt, h, 4, v) == PROPERTY_OK);
    EXPECT(json_is(rt, call1(rt, "Array.prototype.sort", h, sub), "[1,3,null,null,null]"));
    EXPECT(array_length(*h) == 5 && element_get_own(*h, 2, NULL) == VALUE_UNDEFINED &&
           element_get_own(*h, 3, NULL) == VALUE_EMPTY);
    /* comparator errors propagate and leave the array as it was */
    Handle c = parse(rt, "[5,4,3,2,1]");
    throw_after = 3;
    Handle thrower = handle_new(rt, native(rt, "t", cb_throw_later, 2));
    EXPECT(threw(rt, call1(rt, "Array.prototype.sort", c, thrower), "Error"));
    EXPECT(json_is(rt, *c, "[5,4,3,2,1]"));
    EXPECT(threw(rt, call1(rt, "Array.prototype.sort", c, N(rt, 1)), "TypeError"));
    /* a larger sort */
    Handle big = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
    for (int i = 0; i < 500; i++) {
      HANDLE_SCOPE(rt);
      Handle x = handle_new(rt, *N(rt, (i * 7919) % 500));
      EXPECT(element_set(rt, big, (uint32_t)i, x) == PROPERTY_OK);
    }
    EXPECT(call1(rt, "Array.prototype.sort", big, sub) != VALUE_EMPTY);
    bool sorted = true;
    for (uint32_t i = 0; i < 500; i++) sorted &= num_is(element_get_own(*big, i, NULL), i);
    EXPECT(sorted);
  }
  rd_runtime_free(rt);
}

TEST(lib_array_generic_and_species) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    /* array-likes */
    Handle o = parse(rt, "{\"length\":2,\"0\":\"a\",\"1\":\"b\"}");
    EXPECT(str_is(call0(rt, "Array.prototype.join", o), "a,b"));
    EXPECT(num_is(call1(rt, "Array.prototype.push", o, S(rt, "c")), 3));
    EXPECT(json_is(rt, *o, "{\"0\":\"a\",\"1\":\"b\",\"2\":\"c\",\"length\":3}"));
    EXPECT(str_is(call0(rt, "Array.prototype.join", V(rt, call1(rt, "Object", V(rt, VALUE_UNDEFINED), S(rt, "xyz")))), "x,y,z"));
    /* huge length: push throws before touching anything */
    Handle huge = parse(rt, "{\"length\":9007199254740991}");
    EXPECT(threw(rt, call1(rt, "Array.prototype.push", huge, N(rt, 1)), "TypeError"));
    /* a getter at index 2^53 - 2 is read once by at(-1), never by indexOf's first hit */
    Handle g = handle_new(rt, native(rt, "g", cb_getter, 0));
    Handle key = handle_new(rt, *S(rt, "9007199254740990"));
    Handle undef = handle_new(rt, VALUE_UNDEFINED);
    EXPECT(object_define_accessor(rt, huge, key, g, undef, PROPERTY_CONFIGURABLE | PROPERTY_ENUMERABLE) == PROPERTY_OK);
    set(rt, huge, "0", *N(rt, 7));
    getter_calls = 0;
    EXPECT(num_is(call1(rt, "Array.prototype.at", huge, N(rt, -1)), 42));
    EXPECT(getter_calls == 1);
    EXPECT(num_is(call1(rt, "Array.prototype.indexOf", huge, N(rt, 7)), 0));
    EXPECT(call1(rt, "Array.prototype.includes", huge, N(rt, 7)) == VALUE_TRUE);
    EXPECT(num_is(call2(rt, "Array.prototype.lastIndexOf", huge, N(rt, 42), N(rt, -1)), 9007199254740990.0));
    EXPECT(getter_calls == 2);
    /* concat: spreadable objects, non-spreadable arrays */
    Handle c = parse(rt, "{\"length\":2,\"0\":1,\"1\":2}");
    Handle sym_key = handle_new(rt, ROOT(rt, symbol_is_concat_spreadable));
    Handle t = handle_new(rt, VALUE_TRUE);
    EXPECT(js_set(rt, c, sym_key, t, true));
    EXPECT(json_is(rt, call2(rt, "Array.prototype.concat", parse(rt, "[0]"), c, N(rt, 3)), "[0,1,2,3]"));
    Handle nospread = parse(rt, "[4,5]");
    *t = VALUE_FALSE;
    EXPECT(js_set(rt, nospread, sym_key, t, true));
    EXPECT(json_is(rt, call1(rt, "Array.prototype.concat", parse(rt, "[0]"), nospread), "[0,[4,5]]"));
    /* species: constructor[Symbol.species] decides the class of map's result */
    Handle arr = parse(rt, "[1,2]");
    Handle ctor = handle_new(rt, object_new(rt));
    Handle species = handle_new(rt, native(rt, "Species", cb_species_ctor, 1));
    set(rt, ctor, "@", *species);
    set(rt, arr, "constructor", *ctor);
    Handle dbl = handle_new(rt, native(rt, "dbl", cb_double, 1));
    Handle r = handle_new(rt, call1(rt, "Array.prototype.map", arr, dbl));
    EXPECT(json_is(rt, *r, "{\"0\":2,\"1\":4,\"made_by_species\":true}"));
    set(rt, ctor, "@", VALUE_NULL);
    EXPECT(json_is(rt, call1(rt, "Array.prototype.map", arr, dbl), "[2,4]"));
    set(rt, arr, "constructor", *N(rt, 1));
    EXPECT(threw(rt, call1(rt, "Array.prototype.map", arr, dbl), "TypeError"));
    /* unscopables */
    Handle ap = handle_new(rt, lookup(rt, "Array.prototype", NULL));
    Handle ukey = handle_new(rt, ROOT(rt, symbol_unscopables));
    Handle u = handle_new(rt, js_get(rt, ap, ukey));
    EXPECT(json_is(rt, *u, "{\"at\":true,\"copyWithin\":true,\"entries\":true,\"fill\":true,\"find\":true,\"findIndex\":true,\"findLast\":true,\"findLastIndex\":true,\"flat\":true,\"flatMap\":true,\"includes\":true,\"keys\":true,\"toReversed\":true,\"toSorted\":true,\"toSpliced\":true,\"values\":true}"));
    EXPECT(object_get_prototype(*u) == VALUE_NULL);
  }
  rd_runtime_free(rt);
}

/* --- String --------------------------------------------------------------------------------- */
TEST(lib_string) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle s = handle_new(rt, *S(rt, "a,b,,c"));
    EXPECT(json_is(rt, call1(rt, "String.prototype.split", s, S(rt, ",")), "[\"a\",\"b\",\"\",\"c\"]"));
    EXPECT(json_is(rt, call2(rt, "String.prototype.split", s, S(rt, ","), N(rt, 2)), "[\"a\",\"b\"]"));
    EXPECT(json_is(rt, call1(rt, "String.prototype.split", S(rt, "abc"), S(rt, "")), "[\"a\",\"b\",\"c\"]"));
    EXPECT(json_is(rt, call0(rt, "String.prototype.split", s), "[\"a,b,,c\"]"));
    EXPECT(json_is(rt, call1(rt, "String.prototype.split", S(rt, ""), S(rt, "")), "[]"));
    EXPECT(str_is(call2(rt, "String.prototype.replace", S(rt, "xaxa"), S(rt, "a"), S(rt, "[$&$`$'$$]")), "x[axxa$]xa"));
    EXPECT(str_is(call2(rt, "String.prototype.replaceAll", S(rt, "xaxa"), S(rt, "a"), S(rt, "$1")), "x$1x$1"));
    EXPECT(str_is(call2(rt, "String.prototype.replaceAll", S(rt, "ab"), S(rt, ""), S(rt, "-")), "-a-b-"));
    Handle up = handle_new(rt, native(rt, "up", cb_upper_match, 1));
    EXPECT(str_is(call2(rt, "String.prototype.replace", S(rt, "hello"), S(rt, "ll"), up), "heLLo"));
    EXPECT(str_is(call2(rt, "String.prototype.padStart", S(rt, "5"), N(rt, 3), S(rt, "0")), "005"));
    EXPECT(str_is(call2(rt, "String.prototype.padEnd", S(rt, "ab"), N(rt, 7), S(rt, "xyz")), "abxyzxy"));
    EXPECT(str_is(call1(rt, "String.prototype.repeat", S(rt, "ab"), N(rt, 3)), "ababab"));
    EXPECT(threw(rt, call1(rt, "String.prototype.repeat", S(rt, "ab"), N(rt, -1)), "RangeError"));
    EXPECT(threw(rt, call1(rt, "String.prototype.repeat", S(rt, "ab"), N(rt, 1e10)), "RangeError"));
    EXPECT(str_is(call0(rt, "String.prototype.trim", S(rt, " \t\xE2\x80\xA8x y\xC2\xA0\n")), "x y"));
    EXPECT(str_is(call0(rt, "String.prototype.trimStart", S(rt, "  x ")), "x "));
    {
      Handle tl = handle_new(rt, lookup(rt, "String.prototype.trimLeft", NULL));
      EXPECT(*tl == lookup(rt, "String.prototype.trimStart", NULL));
    }
    EXPECT(str_is(call0(rt, "String.prototype.toUpperCase", S(rt, "stra\xC3\x9F" "e \xC3\xA9")), "STRASSE \xC3\x89"));
    EXPECT(str_is(call0(rt, "String.prototype.toLowerCase", S(rt, "\xCE\x91\xCE\xA3 \xCE\xA3")), "\xCE\xB1\xCF\x82 \xCF\x83"));
    EXPECT(str_is(call0(rt, "String.prototype.toLowerCase", S(rt, "\xC4\xB0")), "i\xCC\x87"));
    EXPECT(str_is(call0(rt, "String.prototype.toUpperCase", S(rt, "\xF0\x90\x90\xA8")), "\xF0\x90\x90\x80"));
    EXPECT(str_is(call1(rt, "String.prototype.at", S(rt, "abc"), N(rt, -1)), "c"));
    EXPECT(num_is(call1(rt, "String.prototype.codePointAt", S(rt, "\xF0\x9F\x98\x80"), N(rt, 0)), 0x1F600));
    EXPECT(num_is(call1(rt, "String.prototype.charCodeAt", S(rt, "\xF0\x9F\x98\x80"), N(rt, 1)), 0xDE00));
    EXPECT(num_is(call1(rt, "String.prototype.charCodeAt", S(rt, "a"), N(rt, 5)), NAN));
    EXPECT(str_is(call1(rt, "String.fromCodePoint", NULL, N(rt, 0x1F600)), "\xF0\x9F\x98\x80"));
    EXPECT(threw(rt, call1(rt, "String.fromCodePoint", NULL, N(rt, 0x110000)), "RangeError"));
    EXPECT(str_is(call2(rt, "String.fromCharCode", NULL, N(rt, 65 + 65536), N(rt, 66)), "AB"));
    EXPECT(num_is(call2(rt, "String.prototype.indexOf", S(rt, "abcabc"), S(rt, "c"), N(rt, 3)), 5));
    EXPECT(num_is(call1(rt, "String.prototype.lastIndexOf", S(rt, "abcabc"), S(rt, "b")), 4));
    EXPECT(num_is(call2(rt, "String.prototype.lastIndexOf", S(rt, "abcabc"), S(rt, "b"), N(rt, 3)), 1));
    EXPECT(call2(rt, "String.prototype.startsWith", S(rt, "abc"), S(rt, "bc"), N(rt, 1)) == VALUE_TRUE);
    EXPECT(call2(rt, "String.prototype.endsWith", S(rt, "abc"), S(rt, "ab"), N(rt, 2)) == VALUE_TRUE);
    EXPECT(call1(rt, "String.prototype.includes", S(rt, "abc"), S(rt, "")) == VALUE_TRUE);
    Handle re_like = handle_new(rt, object_new(rt));
    Handle mkey = handle_new(rt, ROOT(rt, symbol_match));
    Handle t = handle_new(rt, VALUE_TRUE);
    EXPECT(js_set(rt, re_like, mkey, t, true));
    EXPECT(threw(rt, call1(rt, "String.prototype.includes", S(rt, "abc"), re_like), "TypeError"));
    EXPECT(str_is(call2(rt, "String.prototype.substring", S(rt, "abcdef"), N(rt, 4), N(rt, 1)), "bcd"));
    EXPECT(str_is(call2(rt, "String.prototype.substr", S(rt, "abcdef"), N(rt, -3), N(rt, 2)), "de"));
    EXPECT(str_is(call2(rt, "String.prototype.slice", S(rt, "abcdef"), N(rt, -3), N(rt, -1)), "de"));
    EXPECT(num_is(call1(rt, "String.prototype.localeCompare", S(rt, "a"), S(rt, "b")), -1));
    EXPECT(str_is(call1(rt, "String.prototype.anchor", S(rt, "x"), S(rt, "a\"b")), "<a name=\"a&quot;b\">x</a>"));
    EXPECT(str_is(call0(rt, "String.prototype.bold", S(rt, "x")), "<b>x</b>"));
    EXPECT(call0(rt, "String.prototype.isWellFormed", S(rt, "\xF0\x9F\x98\x80")) == VALUE_TRUE);
    {
      uint16_t lone[2] = {'a', 0xD800};
      Handle ls = handle_new(rt, string_from_two_byte(rt, lone, 2));
      EXPECT(call0(rt, "String.prototype.isWellFormed", ls) == VALUE_FALSE);
      EXPECT(str_is(call0(rt, "String.prototype.toWellFormed", ls), "a\xEF\xBF\xBD"));
    }
    EXPECT(threw(rt, call1(rt, "String.prototype.normalize", S(rt, "a"), S(rt, "nfc")), "RangeError"));
    EXPECT(threw(rt, call0(rt, "String.prototype.trim", V(rt, VALUE_UNDEFINED)), "TypeError"));
    EXPECT(str_is(call2(rt, "String.prototype.concat", S(rt, "a"), N(rt, 1), V(rt, VALUE_NULL)), "a1null"));
    /* String(symbol), new String, String.raw, iteration by code point */
    Handle sym = handle_new(rt, call1(rt, "Symbol", V(rt, VALUE_UNDEFINED), S(rt, "d")));
    EXPECT(str_is(call1(rt, "String", V(rt, VALUE_UNDEFINED), sym), "Symbol(d)"));
    Handle sctor = handle_new(rt, lookup(rt, "String", NULL));
    rd_value ab = *S(rt, "ab");
    Handle w = handle_new(rt, interp_construct(rt, sctor, sctor, 1, &ab));
    EXPECT(value_is_js_object(*w));
    EXPECT(str_is(call0(rt, "String.prototype.valueOf", w), "ab"));
    EXPECT(json_is(rt, *w, "\"ab\""));
    EXPECT(str_is(call0(rt, "String.prototype.toString", V(rt, lookup(rt, "String.prototype", NULL))), ""));
    Handle raw = parse(rt, "{\"raw\":[\"a\",\"b\",\"c\"]}");
    Handle rawargs[3] = {raw, N(rt, 1), N(rt, 2)};
    EXPECT(str_is(call(rt, "String.raw", NULL, 3, rawargs), "a1b2c"));
    EXPECT(json_is(rt, call1(rt, "Array.from", NULL, S(rt, "x\xF0\x9F\x98\x80y")), "[\"x\",\"\xF0\x9F\x98\x80\",\"y\"]"));
    /* match with a plain string goes through the RegExp constructor */
    EXPECT(json_is(rt, call1(rt, "String.prototype.match", S(rt, "xa"), S(rt, "a")), "[\"a\"]"));
  }
  rd_runtime_free(rt);
}

/* --- JSON ----------------------------------------------------------------------------------- */
TEST(lib_json) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    EXPECT(json_is(rt, *parse(rt, " {\"a\" : [1, -2.5e3, true, false, null, \"x\\u0041\\n\"], \"b\": {}} "),
                   "{\"a\":[1,-2500,true,false,null,\"xA\\n\"],\"b\":{}}"));
    EXPECT(num_is(*parse(rt, "-0"), -0.0));
    EXPECT(json_is(rt, *parse(rt, "{\"__proto__\":1}"), "{\"__proto__\":1}"));
    EXPECT(json_is(rt, *parse(rt, "{\"a\":1,\"a\":2}"), "{\"a\":2}"));
    static const char *const bad[] = {"", "01", "1.", "[1,]", "{\"a\":1,}", "'x'", "\"\t\"", "tru", "[1] 2", "\"\\x\"", "-", ".5", "1e"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++)
      EXPECT(threw(rt, call1(rt, "JSON.parse", NULL, S(rt, bad[i])), "SyntaxError"));
    /* deep nesting: an error, never a crash */
    char *deep = malloc(200001);
    memset(deep, '[', 100000);
    memset(deep + 100000, ']', 100000);
    deep[200000] = 0;
    rd_value r = call1(rt, "JSON.parse", NULL, S(rt, deep));
    EXPECT(!r);
    rt->exception = VALUE_EMPTY;
    free(deep);
    EXPECT(json_is(rt, *parse(rt, "[[[[[[[[[[1]]]]]]]]]]"), "[[[[[[[[[[1]]]]]]]]]]"));
    /* reviver */
    Handle rev = handle_new(rt, native(rt, "rev", cb_reviver, 2));
    EXPECT(json_is(rt, call2(rt, "JSON.parse", NULL, S(rt, "{\"a\":[1,{\"b\":2}]}"), rev), "{\"a\":[10,{\"b\":20}]}"));
    /* stringify */
    Handle v = parse(rt, "{\"a\":[1,{\"b\":2}],\"c\":\"d\"}");
    Handle args[3] = {v, V(rt, VALUE_UNDEFINED), N(rt, 2)};
    EXPECT(str_is(call(rt, "JSON.stringify", NULL, 3, args),
                  "{\n  \"a\": [\n    1,\n    {\n      \"b\": 2\n    }\n  ],\n  \"c\": \"d\"\n}"));
    args[2] = S(rt, "--------------xx");
    EXPECT(str_is(call(rt, "JSON.stringify", NULL, 3, args),
                  "{\n----------\"a\": [\n--------------------1,\n--------------------{\n------------------------------\"b\": 2\n--------------------}\n----------],\n----------\"c\": \"d\"\n}"));
    Handle repl = handle_new(rt, native(rt, "repl", cb_replacer, 2));
    EXPECT(str_is(call2(rt, "JSON.stringify", NULL, v, repl), "{\"a\":[1,{\"b\":2}]}"));
    EXPECT(str_is(call2(rt, "JSON.stringify", NULL, v, parse(rt, "[\"c\",\"c\",1]")), "{\"c\":\"d\"}"));
    EXPECT(str_is(call1(rt, "JSON.stringify", NULL, parse(rt, "{}")), "{}"));
    EXPECT(str_is(call1(rt, "JSON.stringify", NULL, parse(rt, "[]")), "[]"));
    EXPECT(call1(rt, "JSON.stringify", NULL, V(rt, VALUE_UNDEFINED)) == VALUE_UNDEFINED);
    EXPECT(str_is(call1(rt, "JSON.stringify", NULL, N(rt, -0.0)), "0"));
    EXPECT(str_is(call1(rt, "JSON.stringify", NULL, N(rt, NAN)), "null"));
    EXPECT(str_is(call1(rt, "JSON.stringify", NULL, N(rt, 1e21)), "1e+21"));
    {
      uint16_t u[3] = {0xD800, 'x', 0x1F};
      Handle ls = handle_new(rt, string_from_two_byte(rt, u, 3));
      EXPECT(str_is(call1(rt, "JSON.stringify", NULL, ls), "\"\\ud800x\\u001f\""));
    }
    /* functions and symbols are skipped in objects, null in arrays */
    Handle o = handle_new(rt, object_new(rt));
    set(rt, o, "f", lookup(rt, "Math.max", NULL));
    set(rt, o, "u", VALUE_UNDEFINED);
    set(rt, o, "n", *N(rt, 1));
    EXPECT(str_is(call1(rt, "JSON.stringify", NULL, o), "{\"n\":1}"));
    Handle arr = parse(rt, "[1]");
    set(rt, arr, "0", lookup(rt, "Math.max", NULL));
    EXPECT(str_is(call1(rt, "JSON.stringify", NULL, arr), "[null]"));
    /* boxed primitives and toJSON */
    Handle nctor = handle_new(rt, lookup(rt, "Number", NULL));
    rd_value three = value_from_number(3);
    Handle boxed = handle_new(rt, interp_construct(rt, nctor, nctor, 1, &three));
    EXPECT(str_is(call1(rt, "JSON.stringify", NULL, boxed), "3"));
    Handle tj = handle_new(rt, object_new(rt));
    set(rt, tj, "toJSON", lookup(rt, "Number.prototype.valueOf", NULL));
    set(rt, o, "n", *boxed);
    set(rt, o, "t", *tj);
    EXPECT(threw(rt, call1(rt, "JSON.stringify", NULL, o), "TypeError"));   /* valueOf on a plain object */
    /* cycles */
    Handle cyc = parse(rt, "{\"a\":[1]}");
    Handle ak = handle_new(rt, string_internalize_cstr(rt, "a"));
    Handle a_arr = handle_new(rt, js_get(rt, cyc, ak));
    EXPECT(element_set(rt, a_arr, 1, cyc) == PROPERTY_OK);
    EXPECT(threw(rt, call1(rt, "JSON.stringify", NULL, cyc), "TypeError"));
    /* deep but acyclic nesting beyond the limit: a RangeError */
    Handle nest = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
    for (int i = 0; i < 5000; i++) {
      HANDLE_SCOPE(rt);
      Handle outer = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
      EXPECT(element_set(rt, outer, 0, nest) == PROPERTY_OK);
      *nest = *outer;
    }
    EXPECT(threw(rt, call1(rt, "JSON.stringify", NULL, nest), "RangeError"));
    EXPECT(str_is(call0(rt, "Object.prototype.toString", V(rt, lookup(rt, "JSON", NULL))), "[object JSON]"));
  }
  rd_runtime_free(rt);
}
