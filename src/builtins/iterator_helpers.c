/*
 * iterator_helpers.c - the Iterator constructor (abstract), Iterator.from
 * with %WrapForValidIteratorPrototype%, the methods of %Iterator.prototype%
 * (map, filter, take, drop, flatMap, reduce, toArray, forEach, some, every,
 * find, and the @@toStringTag / constructor accessors whose setters are
 * SetterThatIgnoresPrototypeProperties), and %IteratorHelperPrototype%
 * (next, return, @@toStringTag) - ECMA-262 2025, 27.1.
 *
 * %Iterator.prototype% is the %IteratorPrototype% of iterator.c
 * (ROOT iterator_prototype). The spec writes each lazy helper as a
 * generator closure; here it is a C state machine over internal words of
 * the helper object, between the JSObject header and the in-object
 * properties (its map has inobject_start = HELPER_START):
 *   H_ITER, H_NEXT        the underlying iterator record (iterator, next method)
 *   H_STATE               int32 HELPER_BRAND | kind << 4 | state
 *   H_COUNTER             a number: the counter passed to the function
 *                         (map, filter, flatMap) or the remaining limit
 *                         (take, drop; may be +Infinity)
 *   H_FN                  the mapper / predicate, or undefined
 *   H_INNER, H_INNER_NEXT flatMap: the inner iterator record being
 *                         flattened, or undefined between two inner iterators
 * A helper steps suspended-start -> (running <-> suspended-yield) ->
 * completed; each next() runs the closure up to its next Yield (a value) or
 * to its end. Wrappers of Iterator.from have words W_ITER, W_NEXT and the
 * brand W_BRAND. The maps of both kinds of instances are the native data of
 * the functions that make them (the helper methods, Iterator.from).
 *
 * The kinds of iterator_combinators.c (Iterator.concat, zip, zipKeyed,
 * chunks, windows) share the object layout, the brand and the prototype;
 * their closures run there (iterator_combinator_run), and return() of a
 * zip closes all its open iterators (iterator_zip_close_all).
 *
 * Invariant: only objects made here carry the brands; a helper is "running"
 * exactly while its closure (or the closing of return()) runs, so any
 * re-entrant next()/return() throws; a completed helper holds no reference
 * to the iterators it used; on every abrupt completion of the closure other
 * than one from the underlying iterator itself (next, done, value), the
 * underlying iterator is closed (IteratorClose), and the inner one first
 * for flatMap.
 */
#include <math.h>
#include <stdio.h>

#include "builtins/iterator_helpers.h"
#include "objects/factory.h"
#include "objects/string.h"

enum { W_ITER, W_NEXT, W_BRAND, W_WORDS };
#define HELPER_START (JS_OBJECT_HEADER_WORDS + H_WORDS)
#define WRAP_START (JS_OBJECT_HEADER_WORDS + W_WORDS)
#define HELPER_BRAND 0x48500000
#define WRAP_BRAND 0x57524150
#define WORD(o, i) (((rd_value *)value_to_ptr(o))[JS_OBJECT_HEADER_WORDS + (i)])

typedef enum { S_START, S_YIELD, S_RUNNING, S_DONE } HelperState;

/* True if o is an iterator helper made by make_helper. */
static bool is_helper(rd_value o) {
  if (!value_has_type(o, TYPE_JS_OBJECT) || heap_object_map(value_to_ptr(o))->inobject_start != HELPER_START)
    return false;
  rd_value w = WORD(o, H_STATE);
  return value_is_int32(w) && (value_to_int32(w) & ~0xFFFF) == HELPER_BRAND;
}
static HelperKind helper_kind(rd_value o) { return (HelperKind)((value_to_int32(WORD(o, H_STATE)) >> 4) & 0xF); }
static HelperState helper_state(rd_value o) { return (HelperState)(value_to_int32(WORD(o, H_STATE)) & 0xF); }
static void set_state(rd_value o, HelperState s) {
  WORD(o, H_STATE) = value_from_int32(HELPER_BRAND | (int32_t)helper_kind(o) << 4 | (int32_t)s);
}
/* Marks helper o completed and drops its references. Never allocates. */
static void finish(rd_value o) {
  set_state(o, S_DONE);
  WORD(o, H_ITER) = WORD(o, H_NEXT) = WORD(o, H_FN) = VALUE_UNDEFINED;
  WORD(o, H_INNER) = WORD(o, H_INNER_NEXT) = VALUE_UNDEFINED;
}

/* True if o is a wrapper made by Iterator.from. */
static bool is_wrapper(rd_value o) {
  return value_has_type(o, TYPE_JS_OBJECT) && heap_object_map(value_to_ptr(o))->inobject_start == WRAP_START &&
         WORD(o, W_BRAND) == value_from_int32(WRAP_BRAND);
}

/* A map for objects with `words` internal words and prototype proto. */
static rd_value internal_map(Runtime *rt, Handle proto, uint32_t words) {
  uint32_t start = JS_OBJECT_HEADER_WORDS + words;
  rd_value m = factory_map(rt, TYPE_JS_OBJECT, 8 * (start + 2), 2, proto);
  if (m) MAP(m)->inobject_start = (uint8_t)start;
  return m;
}

/* --- iterator records ------------------------------------------------------------------ */
bool iterator_step_only(Runtime *rt, Handle iter, Handle next, bool *done) {
  HANDLE_SCOPE(rt);
  Handle r = handle_new(rt, lib_call(rt, next, iter, 0, NULL));
  if (!*r) return false;
  if (!value_is_js_object(*r)) {
    js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
    return false;
  }
  rd_value d = lib_get_named(rt, r, "done");
  if (!d) return false;
  *done = js_to_boolean(d);
  return true;
}

/* GetIteratorFlattenable (iterator_helpers.h). */
bool iterator_get_flattenable(Runtime *rt, Handle obj, bool strings, Handle iter, Handle next) {
  if (!value_is_js_object(*obj) && !(strings && value_is_string(*obj))) {
    js_throw(rt, ERROR_TypeError, "value is not an iterable or iterator");
    return false;
  }
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, ROOT(rt, symbol_iterator));
  Handle method = handle_new(rt, lib_get_method(rt, obj, key));
  if (!*method) return false;
  if (*method != VALUE_UNDEFINED) return lib_get_iterator(rt, obj, method, iter, next);
  if (!value_is_js_object(*obj)) {
    js_throw(rt, ERROR_TypeError, "value is not an iterator");
    return false;
  }
  *iter = *obj;
  rd_value n = lib_get_named(rt, iter, "next");
  if (!n) return false;
  *next = n;
  return true;
}

/* Calls fn(value, counter) for helper h (with undefined as this) and counts
 * the call; on a throw closes the underlying iterator. */
static rd_value call_counted(Runtime *rt, Handle h, Handle value) {
  HANDLE_SCOPE(rt);
  Handle fn = handle_new(rt, WORD(*h, H_FN)), undef = handle_new(rt, VALUE_UNDEFINED);
  double counter = value_to_number(WORD(*h, H_COUNTER));
  rd_value argv[2] = {*value, value_from_number(counter)};
  rd_value r = interp_call(rt, fn, undef, 2, argv);
  WORD(*h, H_COUNTER) = value_from_number(counter + 1);
  if (!r) {
    Handle iter = handle_new(rt, WORD(*h, H_ITER));
    lib_iterator_close_on_error(rt, iter);
  }
  return r;
}

/* --- the helper closures --------------------------------------------------------------- */
/* flatMap: the next value of the inner iterators, opening one per value of the underlying one. */
static rd_value run_flat_map(Runtime *rt, Handle h, bool *done) {
  for (;;) {
    HANDLE_SCOPE(rt);
    Handle iter = handle_new(rt, WORD(*h, H_ITER)), next = handle_new(rt, WORD(*h, H_NEXT));
    if (WORD(*h, H_INNER) != VALUE_UNDEFINED) {
      Handle inner = handle_new(rt, WORD(*h, H_INNER)), inext = handle_new(rt, WORD(*h, H_INNER_NEXT));
      rd_value v = lib_iterator_step(rt, inner, inext, done);
      if (!v) {
        lib_iterator_close_on_error(rt, iter);
        return VALUE_EMPTY;
      }
      if (!*done) return v;
      *done = false;
      WORD(*h, H_INNER) = WORD(*h, H_INNER_NEXT) = VALUE_UNDEFINED;
      continue;
    }
    Handle v = handle_new(rt, lib_iterator_step(rt, iter, next, done));
    if (!*v || *done) return *v;
    Handle mapped = handle_new(rt, call_counted(rt, h, v));
    if (!*mapped) return VALUE_EMPTY;
    Handle inner = handle_new(rt, VALUE_UNDEFINED), inext = handle_new(rt, VALUE_UNDEFINED);
    if (!iterator_get_flattenable(rt, mapped, false, inner, inext)) {
      lib_iterator_close_on_error(rt, iter);
      return VALUE_EMPTY;
    }
    HEAP_STORE(value_to_ptr(*h), WORD(*h, H_INNER), *inner);
    HEAP_STORE(value_to_ptr(*h), WORD(*h, H_INNER_NEXT), *inext);
  }
}

/* Runs helper h's closure from where it stopped to its next Yield (the
 * value) or its end (*done). */
static rd_value run_helper(Runtime *rt, Handle h, bool *done) {
  HANDLE_SCOPE(rt);
  Handle iter = handle_new(rt, WORD(*h, H_ITER)), next = handle_new(rt, WORD(*h, H_NEXT));
  *done = false;
  switch (helper_kind(*h)) {
    case K_MAP: {
      Handle v = handle_new(rt, lib_iterator_step(rt, iter, next, done));
      if (!*v || *done) return *v;
      return call_counted(rt, h, v);
    }
    case K_FILTER:
      for (;;) {
        HANDLE_SCOPE(rt);
        Handle v = handle_new(rt, lib_iterator_step(rt, iter, next, done));
        if (!*v || *done) return *v;
        rd_value selected = call_counted(rt, h, v);
        if (!selected) return VALUE_EMPTY;
        if (js_to_boolean(selected)) return *v;
      }
    case K_TAKE: {
      double remaining = value_to_number(WORD(*h, H_COUNTER));
      if (remaining == 0) {
        *done = true;
        return lib_iterator_close(rt, iter) ? VALUE_UNDEFINED : VALUE_EMPTY;
      }
      if (remaining != INFINITY) WORD(*h, H_COUNTER) = value_from_number(remaining - 1);
      return lib_iterator_step(rt, iter, next, done);
    }
    case K_DROP:
      for (double remaining; (remaining = value_to_number(WORD(*h, H_COUNTER))) > 0;) {
        if (remaining != INFINITY) WORD(*h, H_COUNTER) = value_from_number(remaining - 1);
        if (!iterator_step_only(rt, iter, next, done)) return VALUE_EMPTY;
        if (*done) return VALUE_UNDEFINED;
      }
      return lib_iterator_step(rt, iter, next, done);
    case K_FLAT_MAP:
      return run_flat_map(rt, h, done);
    default:
      return iterator_combinator_run(rt, h, done);
  }
}

/* --- %IteratorHelperPrototype% ------------------------------------------------------------- */
/* GeneratorValidate for the "Iterator Helper" brand: false with a TypeError. */
static bool validate_helper(Runtime *rt, rd_value o, const char *method) {
  if (!is_helper(o)) {
    js_throw(rt, ERROR_TypeError, "Iterator Helper.prototype.%s called on an incompatible receiver", method);
    return false;
  }
  if (helper_state(o) == S_RUNNING) {
    js_throw(rt, ERROR_TypeError, "Iterator helper is already running");
    return false;
  }
  return true;
}

static rd_value helper_next(Runtime *rt, NativeArgs *a) {
  if (!validate_helper(rt, *a->receiver, "next")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle value = handle_new(rt, VALUE_UNDEFINED);
  if (helper_state(*a->receiver) == S_DONE) return lib_iter_result(rt, value, true);
  set_state(*a->receiver, S_RUNNING);
  bool done = false;
  rd_value v = run_helper(rt, a->receiver, &done);
  if (!v || done) {
    finish(*a->receiver);
    if (!v) return VALUE_EMPTY;
  } else {
    set_state(*a->receiver, S_YIELD);
    *value = v;
  }
  return lib_iter_result(rt, value, done);
}

/* return(): closes the underlying iterator (after the inner one of a
 * flatMap suspended inside it) unless the helper has completed. */
static rd_value helper_return(Runtime *rt, NativeArgs *a) {
  if (!validate_helper(rt, *a->receiver, "return")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  HelperState st = helper_state(*a->receiver);
  if (st == S_DONE) return lib_iter_result(rt, undef, true);
  if (helper_kind(*a->receiver) == K_ZIP) {   /* IteratorCloseAll over the open iterators */
    set_state(*a->receiver, st == S_START ? S_DONE : S_RUNNING);
    bool closed = iterator_zip_close_all(rt, a->receiver);
    finish(*a->receiver);
    return closed ? lib_iter_result(rt, undef, true) : VALUE_EMPTY;
  }
  Handle iter = handle_new(rt, WORD(*a->receiver, H_ITER));
  Handle inner = handle_new(rt, WORD(*a->receiver, H_INNER));
  bool ok = true;
  if (st == S_START) {
    finish(*a->receiver);   /* completed before the underlying iterator is closed */
  } else {
    set_state(*a->receiver, S_RUNNING);   /* the closure runs its abrupt completion */
    if (*inner != VALUE_UNDEFINED && !lib_iterator_close(rt, inner)) {
      lib_iterator_close_on_error(rt, iter);
      ok = false;
    }
  }
  if (ok && *iter != VALUE_UNDEFINED) ok = lib_iterator_close(rt, iter);   /* concat: none before the first */
  finish(*a->receiver);
  return ok ? lib_iter_result(rt, undef, true) : VALUE_EMPTY;
}

/* --- %Iterator.prototype% methods ----------------------------------------------------------- */
/* Steps shared by the methods taking a function: this must be an object,
 * argument 0 callable (else the iterator is closed); then GetIteratorDirect. */
static bool prologue_with_fn(Runtime *rt, NativeArgs *a, const char *method, Handle next) {
  if (!value_is_js_object(*a->receiver)) {
    js_throw(rt, ERROR_TypeError, "Iterator.prototype.%s called on non-object", method);
    return false;
  }
  if (!value_is_callable(native_arg(a, 0))) {
    js_throw(rt, ERROR_TypeError, "Iterator.prototype.%s: argument is not a function", method);
    lib_iterator_close_on_error(rt, a->receiver);
    return false;
  }
  rd_value n = lib_get_named(rt, a->receiver, "next");
  if (!n) return false;
  *next = n;
  return true;
}

/* Same for take / drop: the limit (argument 0) as an integer >= 0 or +Infinity. */
static bool prologue_with_limit(Runtime *rt, NativeArgs *a, const char *method, Handle next, double *limit) {
  if (!value_is_js_object(*a->receiver)) {
    js_throw(rt, ERROR_TypeError, "Iterator.prototype.%s called on non-object", method);
    return false;
  }
  HANDLE_SCOPE(rt);
  Handle arg = handle_new(rt, native_arg(a, 0));
  rd_value n = js_to_number(rt, arg);
  if (!n) {
    lib_iterator_close_on_error(rt, a->receiver);
    return false;
  }
  double d = value_to_number(n);
  /* NaN, negative, or finite beyond 2^53 - 1 (the last as test262 has it after ES2025) */
  if (isnan(d) || trunc(d) < 0 || (isfinite(d) && d > 9007199254740991.0)) {
    js_throw(rt, ERROR_RangeError, "Iterator.prototype.%s: limit must be a non-negative number", method);
    lib_iterator_close_on_error(rt, a->receiver);
    return false;
  }
  *limit = trunc(d) + 0.0;   /* ToIntegerOrInfinity; -0 becomes +0 */
  rd_value nx = lib_get_named(rt, a->receiver, "next");
  if (!nx) return false;
  *next = nx;
  return true;
}

rd_value iterator_helper_new(Runtime *rt, Handle map, HelperKind kind, Handle iter, Handle next, Handle fn,
                             double counter) {
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(o), WORD(o, H_ITER), *iter);
  HEAP_STORE(value_to_ptr(o), WORD(o, H_NEXT), *next);
  HEAP_STORE(value_to_ptr(o), WORD(o, H_FN), *fn);
  WORD(o, H_INNER) = WORD(o, H_INNER_NEXT) = VALUE_UNDEFINED;
  WORD(o, H_STATE) = value_from_int32(HELPER_BRAND | (int32_t)kind << 4 | S_START);
  WORD(o, H_COUNTER) = value_from_number(counter);
  return o;
}

/* A new helper of kind over the record (this, next), from the map in the native data. */
static rd_value make_helper(Runtime *rt, NativeArgs *a, HelperKind kind, Handle next, rd_value fn, double counter) {
  HANDLE_SCOPE(rt);
  Handle hfn = handle_new(rt, fn);
  Handle map = handle_new(rt, lib_native_data(a));
  return iterator_helper_new(rt, map, kind, a->receiver, next, hfn, counter);
}

/* map / filter / flatMap. */
static rd_value helper_with_fn(Runtime *rt, NativeArgs *a, HelperKind kind, const char *method) {
  HANDLE_SCOPE(rt);
  Handle next = handle_new(rt, VALUE_UNDEFINED);
  if (!prologue_with_fn(rt, a, method, next)) return VALUE_EMPTY;
  return make_helper(rt, a, kind, next, a->argv[0], 0);
}
static rd_value proto_map(Runtime *rt, NativeArgs *a) { return helper_with_fn(rt, a, K_MAP, "map"); }
static rd_value proto_filter(Runtime *rt, NativeArgs *a) { return helper_with_fn(rt, a, K_FILTER, "filter"); }
static rd_value proto_flat_map(Runtime *rt, NativeArgs *a) { return helper_with_fn(rt, a, K_FLAT_MAP, "flatMap"); }

/* take / drop. */
static rd_value helper_with_limit(Runtime *rt, NativeArgs *a, HelperKind kind, const char *method) {
  HANDLE_SCOPE(rt);
  Handle next = handle_new(rt, VALUE_UNDEFINED);
  double limit;
  if (!prologue_with_limit(rt, a, method, next, &limit)) return VALUE_EMPTY;
  return make_helper(rt, a, kind, next, VALUE_UNDEFINED, limit);
}
static rd_value proto_take(Runtime *rt, NativeArgs *a) { return helper_with_limit(rt, a, K_TAKE, "take"); }
static rd_value proto_drop(Runtime *rt, NativeArgs *a) { return helper_with_limit(rt, a, K_DROP, "drop"); }

static rd_value proto_reduce(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle next = handle_new(rt, VALUE_UNDEFINED);
  if (!prologue_with_fn(rt, a, "reduce", next)) return VALUE_EMPTY;
  Handle acc = handle_new(rt, native_arg(a, 1)), undef = handle_new(rt, VALUE_UNDEFINED);
  double counter = 0;
  bool done;
  if (a->argc < 2) {
    rd_value first = lib_iterator_step(rt, a->receiver, next, &done);
    if (!first) return VALUE_EMPTY;
    if (done) return js_throw(rt, ERROR_TypeError, "Reduce of empty iterator with no initial value");
    *acc = first;
    counter = 1;
  }
  for (;; counter++) {
    HANDLE_SCOPE(rt);
    rd_value v = lib_iterator_step(rt, a->receiver, next, &done);
    if (!v || done) return v ? *acc : VALUE_EMPTY;
    rd_value argv[3] = {*acc, v, value_from_number(counter)};
    rd_value r = interp_call(rt, &a->argv[0], undef, 3, argv);
    if (!r) {
      lib_iterator_close_on_error(rt, a->receiver);
      return VALUE_EMPTY;
    }
    *acc = r;
  }
}

static rd_value proto_to_array(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "Iterator.prototype.toArray called on non-object");
  HANDLE_SCOPE(rt);
  Handle next = handle_new(rt, lib_get_named(rt, a->receiver, "next"));
  if (!*next) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*arr) return VALUE_EMPTY;
  for (double i = 0;; i++) {
    HANDLE_SCOPE(rt);
    bool done;
    Handle v = handle_new(rt, lib_iterator_step(rt, a->receiver, next, &done));
    if (!*v) return VALUE_EMPTY;
    if (done) return *arr;
    if (!lib_create_index(rt, arr, i, v)) return VALUE_EMPTY;
  }
}

typedef enum { EACH_FOR_EACH, EACH_SOME, EACH_EVERY, EACH_FIND } EachMode;

/* forEach / some / every / find: calls fn(value, counter) on each value until
 * the mode's answer is known (then closes the iterator). */
static rd_value each(Runtime *rt, NativeArgs *a, EachMode mode, const char *method) {
  HANDLE_SCOPE(rt);
  Handle next = handle_new(rt, VALUE_UNDEFINED), undef = handle_new(rt, VALUE_UNDEFINED);
  if (!prologue_with_fn(rt, a, method, next)) return VALUE_EMPTY;
  for (double counter = 0;; counter++) {
    HANDLE_SCOPE(rt);
    bool done;
    Handle v = handle_new(rt, lib_iterator_step(rt, a->receiver, next, &done));
    if (!*v) return VALUE_EMPTY;
    if (done) return mode == EACH_SOME ? VALUE_FALSE : mode == EACH_EVERY ? VALUE_TRUE : VALUE_UNDEFINED;
    rd_value argv[2] = {*v, value_from_number(counter)};
    rd_value r = interp_call(rt, &a->argv[0], undef, 2, argv);
    if (!r) {
      lib_iterator_close_on_error(rt, a->receiver);
      return VALUE_EMPTY;
    }
    if (mode == EACH_FOR_EACH || js_to_boolean(r) == (mode == EACH_EVERY)) continue;
    if (!lib_iterator_close(rt, a->receiver)) return VALUE_EMPTY;
    return mode == EACH_SOME ? VALUE_TRUE : mode == EACH_EVERY ? VALUE_FALSE : *v;
  }
}
static rd_value proto_for_each(Runtime *rt, NativeArgs *a) { return each(rt, a, EACH_FOR_EACH, "forEach"); }
static rd_value proto_some(Runtime *rt, NativeArgs *a) { return each(rt, a, EACH_SOME, "some"); }
static rd_value proto_every(Runtime *rt, NativeArgs *a) { return each(rt, a, EACH_EVERY, "every"); }
static rd_value proto_find(Runtime *rt, NativeArgs *a) { return each(rt, a, EACH_FIND, "find"); }

/* SetterThatIgnoresPrototypeProperties(this, %Iterator.prototype%, key, argument 0). */
static rd_value set_ignoring_prototype(Runtime *rt, NativeArgs *a, rd_value key) {
  if (!value_is_js_object(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "Iterator.prototype setter called on non-object");
  if (*a->receiver == ROOT(rt, iterator_prototype))
    return js_throw(rt, ERROR_TypeError, "Cannot assign to this property of Iterator.prototype");
  HANDLE_SCOPE(rt);
  Handle hk = handle_new(rt, key), v = handle_new(rt, native_arg(a, 0)), cur = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  int found = object_get_own_property(rt, a->receiver, hk, &l, cur);
  if (found < 0) return VALUE_EMPTY;
  if (found) return js_set(rt, a->receiver, hk, v, true) ? VALUE_UNDEFINED : VALUE_EMPTY;
  PropertyStatus st = object_define_own(rt, a->receiver, hk, v, PROPERTY_ATTRS_DEFAULT);
  if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  if (st == PROPERTY_REJECTED) return js_throw(rt, ERROR_TypeError, "Cannot define property on a non-extensible object");
  return VALUE_UNDEFINED;
}

static rd_value proto_get_tag(Runtime *rt, NativeArgs *a) {
  (void)a;
  return lib_key(rt, "Iterator");
}
static rd_value proto_set_tag(Runtime *rt, NativeArgs *a) {
  return set_ignoring_prototype(rt, a, ROOT(rt, symbol_to_string_tag));
}
/* get constructor: %Iterator%, kept as the getter's native data. */
static rd_value proto_get_constructor(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return lib_native_data(a);
}
static rd_value proto_set_constructor(Runtime *rt, NativeArgs *a) {
  rd_value key = lib_key(rt, "constructor");
  return key ? set_ignoring_prototype(rt, a, key) : VALUE_EMPTY;
}

/* --- Iterator and Iterator.from ------------------------------------------------------------- */
static rd_value iterator_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target == VALUE_UNDEFINED || *a->new_target == *a->function)
    return js_throw(rt, ERROR_TypeError, "Abstract class Iterator not directly constructable");
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, ROOT(rt, iterator_prototype)));
  if (!*proto) return VALUE_EMPTY;
  return builtins_object_with_proto(rt, proto);
}

static rd_value iterator_from(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle obj = handle_new(rt, native_arg(a, 0));
  Handle iter = handle_new(rt, VALUE_UNDEFINED), next = handle_new(rt, VALUE_UNDEFINED);
  if (!iterator_get_flattenable(rt, obj, true, iter, next)) return VALUE_EMPTY;
  /* OrdinaryHasInstance(%Iterator%, iter): Iterator.prototype cannot change. */
  for (rd_value p = object_get_prototype(*iter); value_is_js_object(p); p = object_get_prototype(p))
    if (p == ROOT(rt, iterator_prototype)) return *iter;
  Handle map = handle_new(rt, lib_native_data(a));
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(o), WORD(o, W_ITER), *iter);
  HEAP_STORE(value_to_ptr(o), WORD(o, W_NEXT), *next);
  WORD(o, W_BRAND) = value_from_int32(WRAP_BRAND);
  return o;
}

/* %WrapForValidIteratorPrototype%.next: the wrapped iterator's next(). */
static rd_value wrap_next(Runtime *rt, NativeArgs *a) {
  if (!is_wrapper(*a->receiver)) return js_throw(rt, ERROR_TypeError, "next method called on an incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle iter = handle_new(rt, WORD(*a->receiver, W_ITER)), next = handle_new(rt, WORD(*a->receiver, W_NEXT));
  return lib_call(rt, next, iter, 0, NULL);
}

/* %WrapForValidIteratorPrototype%.return: the wrapped iterator's return(), if any. */
static rd_value wrap_return(Runtime *rt, NativeArgs *a) {
  if (!is_wrapper(*a->receiver)) return js_throw(rt, ERROR_TypeError, "return method called on an incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle iter = handle_new(rt, WORD(*a->receiver, W_ITER));
  Handle key = handle_new(rt, lib_key(rt, "return"));
  if (!*key) return VALUE_EMPTY;
  Handle method = handle_new(rt, lib_get_method(rt, iter, key));
  if (!*method) return VALUE_EMPTY;
  if (*method == VALUE_UNDEFINED) return lib_iter_result(rt, method, true);
  return interp_call(rt, method, iter, 0, NULL);
}

/* --- installation --------------------------------------------------------------------------- */
/* Defines proto[key] as an accessor (configurable, not enumerable) of get / set natives. */
static bool define_accessor(Runtime *rt, Handle proto, Handle key, const char *name, NativeFn get, NativeFn set,
                            Handle getter_data) {
  HANDLE_SCOPE(rt);
  char buf[64];
  snprintf(buf, sizeof buf, "get %s", name);
  Handle g = handle_new(rt, builtins_function(rt, buf, get, 0));
  if (!*g) return false;
  snprintf(buf, sizeof buf, "set %s", name);
  Handle s = handle_new(rt, builtins_function(rt, buf, set, 1));
  if (!*s) return false;
  if (getter_data) lib_set_native_data(*g, *getter_data);
  return object_define_accessor(rt, proto, key, g, s, PROPERTY_CONFIGURABLE) == PROPERTY_OK;
}

bool builtins_init_iterator_helpers(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, ROOT(rt, iterator_prototype));
  Handle ctor = handle_new(rt, builtins_constructor(rt, "Iterator", iterator_ctor, 0, proto));
  Handle ckey = handle_new(rt, lib_key(rt, "constructor"));
  if (!*ctor || !*ckey) return false;
  /* The data property builtins_constructor added last goes (the map goes back
   * to its parent) and an accessor takes its place, so proto stays fast. */
  if (object_delete(rt, proto, ckey) != PROPERTY_OK ||
      !define_accessor(rt, proto, ckey, "constructor", proto_get_constructor, proto_set_constructor, ctor))
    return false;
  Handle tkey = handle_new(rt, ROOT(rt, symbol_to_string_tag));
  if (!define_accessor(rt, proto, tkey, "[Symbol.toStringTag]", proto_get_tag, proto_set_tag, NULL)) return false;
  static const BuiltinMethod eager[] = {
      {"reduce", proto_reduce, 1}, {"toArray", proto_to_array, 0}, {"forEach", proto_for_each, 1},
      {"some", proto_some, 1},     {"every", proto_every, 1},      {"find", proto_find, 1},
  };
  if (!builtins_install(rt, proto, eager, ARRAY_LEN(eager))) return false;

  /* %IteratorHelperPrototype% and the map of helpers: the data of the lazy methods. */
  Handle helper_proto = handle_new(rt, builtins_object_with_proto(rt, proto));
  if (!*helper_proto) return false;
  static const BuiltinMethod helper_methods[] = {{"next", helper_next, 0}, {"return", helper_return, 0}};
  Handle htag = handle_new(rt, lib_key(rt, "Iterator Helper"));
  if (!*htag || !builtins_install(rt, helper_proto, helper_methods, ARRAY_LEN(helper_methods)) ||
      !builtins_define(rt, helper_proto, "@toStringTag", htag, PROPERTY_CONFIGURABLE))
    return false;
  Handle helper_map = handle_new(rt, internal_map(rt, helper_proto, H_WORDS));
  if (!*helper_map) return false;
  static const BuiltinMethod lazy[] = {
      {"map", proto_map, 1},   {"filter", proto_filter, 1},   {"take", proto_take, 1},
      {"drop", proto_drop, 1}, {"flatMap", proto_flat_map, 1},
  };
  for (size_t i = 0; i < ARRAY_LEN(lazy); i++) {
    HANDLE_SCOPE(rt);
    Handle f = handle_new(rt, builtins_function(rt, lazy[i].name, lazy[i].fn, lazy[i].length));
    if (!*f) return false;
    lib_set_native_data(*f, *helper_map);
    if (!builtins_define(rt, proto, lazy[i].name, f, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE)) return false;
  }
  if (!iterator_combinators_install(rt, ctor, proto, helper_map)) return false;

  /* %WrapForValidIteratorPrototype% and the map of wrappers: the data of Iterator.from. */
  Handle wrap_proto = handle_new(rt, builtins_object_with_proto(rt, proto));
  if (!*wrap_proto) return false;
  static const BuiltinMethod wrap_methods[] = {{"next", wrap_next, 0}, {"return", wrap_return, 0}};
  if (!builtins_install(rt, wrap_proto, wrap_methods, ARRAY_LEN(wrap_methods))) return false;
  Handle wrap_map = handle_new(rt, internal_map(rt, wrap_proto, W_WORDS));
  Handle from = handle_new(rt, builtins_function(rt, "from", iterator_from, 1));
  if (!*wrap_map || !*from) return false;
  lib_set_native_data(*from, *wrap_map);
  return builtins_define(rt, ctor, "from", from, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) &&
         builtins_define_global(rt, "Iterator", ctor);
}
