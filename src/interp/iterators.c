/*
 * iterators.c - the iteration protocol for for-of, spread and array
 * destructuring. An iterator record is a FixedArray kept in a register:
 *
 *   [0] kind   int32: ITER_JS (a JS iterator object), ITER_ARRAY or
 *              ITER_STRING (fast paths used while Array.prototype /
 *              String.prototype [Symbol.iterator] are the built-in ones or
 *              absent)
 *   [1] target the iterator object, or the array / string iterated
 *   [2] next   the next method (ITER_JS), or the int32 index
 *   [3] done   true once the iterator reported done (or was closed)
 *
 * Invariant: records never escape to JavaScript.
 */
#include "interp/interp_ops.h"

#include "interp/ic.h"

#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"

enum { ITER_JS, ITER_ARRAY, ITER_STRING };
enum { REC_KIND, REC_TARGET, REC_NEXT, REC_DONE, REC_SIZE };

/* True when v's @@iterator is the built-in one of its kind (or missing). */
static bool uses_builtin_iterator(Runtime *rt, Handle v, bool *ok) {
  HANDLE_SCOPE(rt);
  *ok = true;
  rd_value sym = ROOT(rt, symbol_iterator);
  if (!value_is_symbol(sym)) return true;
  Handle key = handle_new(rt, sym);
  rd_value m = ic_load_cached(rt, v, key);
  if (!m) {
    *ok = false;
    return false;
  }
  if (m == VALUE_UNDEFINED) return !value_is_js_object(ROOT(rt, array_iterator_prototype));   /* deleted: not iterable */
  /* The built-in Array.prototype.values / String.prototype[@@iterator] are
   * natives; any bytecode function means user code replaced it. */
  if (!value_is_callable(m)) return false;
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(m))->shared);
  return s->bytecode == VALUE_UNDEFINED && value_is_js_object(ROOT(rt, array_iterator_prototype));
}

/* GetMethod-style lookup of obj[sym] (sym is @@iterator or @@asyncIterator):
 * undefined for a nullish obj or an absent symbol root, VALUE_EMPTY on throw. */
static rd_value iterator_method(Runtime *rt, Handle obj, rd_value sym) {
  if (!value_is_symbol(sym) || value_is_nullish(*obj)) return VALUE_UNDEFINED;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, sym);
  return js_get(rt, obj, key);
}

/* Calls the iterator method m on obj; the result must be an object. */
static rd_value call_iterator_method(Runtime *rt, Handle obj, rd_value m, bool async) {
  if (!value_is_callable(m))
    return js_throw(rt, ERROR_TypeError, async ? "object is not async iterable" : "object is not iterable");
  HANDLE_SCOPE(rt);
  Handle hm = handle_new(rt, m);
  rd_value it = interp_call(rt, hm, obj, 0, NULL);
  if (!it) return VALUE_EMPTY;
  if (!value_is_js_object(it))
    return js_throw(rt, ERROR_TypeError, "Result of the Symbol.%s method is not an object", async ? "asyncIterator" : "iterator");
  return it;
}

rd_value iterator_get(Runtime *rt, Handle iterable) {
  HANDLE_SCOPE(rt);
  rd_value r = factory_fixed_array(rt, REC_SIZE, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!r) return VALUE_EMPTY;
  Handle rec = handle_new(rt, r);
  FixedArray *a = FIXED_ARRAY(*rec);
  a->data[REC_DONE] = VALUE_FALSE;
  bool ok;
  if (value_has_type(*iterable, TYPE_JS_ARRAY) || value_is_string(*iterable)) {
    bool builtin = uses_builtin_iterator(rt, iterable, &ok);
    if (!ok) return VALUE_EMPTY;
    if (builtin) {
      a = FIXED_ARRAY(*rec);
      a->data[REC_KIND] = value_from_int32(value_is_string(*iterable) ? ITER_STRING : ITER_ARRAY);
      HEAP_STORE(a, a->data[REC_TARGET], *iterable);
      a->data[REC_NEXT] = value_from_int32(0);
      return *rec;
    }
  }
  rd_value m = iterator_method(rt, iterable, ROOT(rt, symbol_iterator));
  if (!m) return VALUE_EMPTY;
  rd_value it = call_iterator_method(rt, iterable, m, false);
  if (!it) return VALUE_EMPTY;
  Handle hit = handle_new(rt, it);
  Handle hk = handle_new(rt, ROOT(rt, next_string));
  rd_value next = js_get(rt, hit, hk);
  if (!next) return VALUE_EMPTY;
  a = FIXED_ARRAY(*rec);
  a->data[REC_KIND] = value_from_int32(ITER_JS);
  HEAP_STORE(a, a->data[REC_TARGET], *hit);
  HEAP_STORE(a, a->data[REC_NEXT], next);
  return *rec;
}

rd_value iterator_step(Runtime *rt, Handle rec, bool *done) {
  FixedArray *a = FIXED_ARRAY(*rec);
  *done = true;
  if (a->data[REC_DONE] == VALUE_TRUE) return VALUE_UNDEFINED;
  int32_t kind = value_to_int32(a->data[REC_KIND]);
  if (kind == ITER_ARRAY) {
    int32_t i = value_to_int32(a->data[REC_NEXT]);
    rd_value arr = a->data[REC_TARGET];
    if ((uint32_t)i >= array_length(arr)) {
      a->data[REC_DONE] = VALUE_TRUE;
      return VALUE_UNDEFINED;
    }
    a->data[REC_NEXT] = value_from_int32(i + 1);
    *done = false;
    rd_value v = element_get(arr, (uint32_t)i);
    if (value_has_type(v, TYPE_ACCESSOR_PAIR)) {   /* an accessor element: call it */
      HANDLE_SCOPE(rt);
      Handle h = handle_new(rt, arr);
      Handle k = handle_new(rt, value_from_int32(i));
      return js_get(rt, h, k);
    }
    return v == VALUE_EMPTY ? VALUE_UNDEFINED : v;
  }
  if (kind == ITER_STRING) {
    int32_t i = value_to_int32(a->data[REC_NEXT]);
    rd_value s = a->data[REC_TARGET];
    uint32_t len = string_length(s);
    if ((uint32_t)i >= len) {
      a->data[REC_DONE] = VALUE_TRUE;
      return VALUE_UNDEFINED;
    }
    uint32_t n = 1;
    uint16_t c = string_char_at(s, (uint32_t)i);
    if (c >= 0xD800 && c <= 0xDBFF && (uint32_t)i + 1 < len) {
      uint16_t d = string_char_at(s, (uint32_t)i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) n = 2;
    }
    a->data[REC_NEXT] = value_from_int32(i + (int32_t)n);
    *done = false;
    HANDLE_SCOPE(rt);
    Handle hs = handle_new(rt, s);
    return string_substring(rt, hs, (uint32_t)i, (uint32_t)i + n);
  }
  HANDLE_SCOPE(rt);
  Handle it = handle_new(rt, a->data[REC_TARGET]);
  Handle next = handle_new(rt, a->data[REC_NEXT]);
  rd_value r = interp_call(rt, next, it, 0, NULL);
  if (!r) return VALUE_EMPTY;
  if (!value_is_js_object(r)) return js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
  if (value_from_ptr(heap_object_map(value_to_ptr(r))) == ROOT(rt, iter_result_map)) {
    /* a result of lib_iter_result's map: two plain fields, no getter to run */
    const rd_value *fields = (const rd_value *)value_to_ptr(r) + heap_object_map(value_to_ptr(r))->inobject_start;
    if (js_to_boolean(fields[1])) {
      FIXED_ARRAY(*rec)->data[REC_DONE] = VALUE_TRUE;
      return VALUE_UNDEFINED;
    }
    *done = false;
    return fields[0];
  }
  Handle hr = handle_new(rt, r);
  Handle hk = handle_new(rt, ROOT(rt, done_string));
  rd_value d = js_get(rt, hr, hk);
  if (!d) return VALUE_EMPTY;
  if (js_to_boolean(d)) {
    FIXED_ARRAY(*rec)->data[REC_DONE] = VALUE_TRUE;
    return VALUE_UNDEFINED;
  }
  *done = false;
  *hk = ROOT(rt, value_string);
  return js_get(rt, hr, hk);
}

bool iterator_close(Runtime *rt, Handle rec) {
  FixedArray *a = FIXED_ARRAY(*rec);
  if (a->data[REC_DONE] == VALUE_TRUE) return true;
  a->data[REC_DONE] = VALUE_TRUE;
  if (value_to_int32(a->data[REC_KIND]) != ITER_JS) return true;
  HANDLE_SCOPE(rt);
  Handle it = handle_new(rt, a->data[REC_TARGET]);
  Handle hk = handle_new(rt, ROOT(rt, return_string));
  rd_value m = js_get(rt, it, hk);
  if (!m) return false;
  if (value_is_nullish(m)) return true;
  if (!value_is_callable(m)) {
    js_throw(rt, ERROR_TypeError, "iterator.return is not a function");
    return false;
  }
  Handle hm = handle_new(rt, m);
  rd_value r = interp_call(rt, hm, it, 0, NULL);
  if (!r) return false;
  if (!value_is_js_object(r)) {
    js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
    return false;
  }
  return true;
}

void iterator_close_on_throw(Runtime *rt, Handle rec) {
  HANDLE_SCOPE(rt);
  Handle pending = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  bool ignored = iterator_close(rt, rec);
  (void)ignored;
  rt->exception = *pending;
}

bool iterator_spread_into(Runtime *rt, Handle arr, Handle iterable) {
  HANDLE_SCOPE(rt);
  rd_value r = iterator_get(rt, iterable);
  if (!r) return false;
  Handle rec = handle_new(rt, r);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (;;) {
    bool done;
    rd_value x = iterator_step(rt, rec, &done);
    if (!x) return false;
    if (done) return true;
    *v = x;
    if (!interp_array_push(rt, arr, v)) return false;
  }
}

/* --- generic records (yield*, for await) -------------------------------------------------- */
/* obj[name] as a method: undefined when absent, TypeError when not callable. */
static rd_value get_method(Runtime *rt, Handle obj, const char *name) {
  HANDLE_SCOPE(rt);
  rd_value key = string_internalize_cstr(rt, name);
  if (!key) return VALUE_EMPTY;
  Handle hk = handle_new(rt, key);
  rd_value m = js_get(rt, obj, hk);
  if (!m) return VALUE_EMPTY;
  if (value_is_nullish(m)) return VALUE_UNDEFINED;
  if (!value_is_callable(m)) return js_throw(rt, ERROR_TypeError, "iterator.%s is not a function", name);
  return m;
}

rd_value iterator_get_generic(Runtime *rt, Handle iterable, bool async) {
  HANDLE_SCOPE(rt);
  Handle obj = handle_new(rt, *iterable);
  if (async) {
    rd_value m = iterator_method(rt, obj, ROOT(rt, symbol_async_iterator));
    if (!m) return VALUE_EMPTY;
    if (value_is_nullish(m)) {   /* CreateAsyncFromSyncIterator */
      rd_value r = iterator_get_generic(rt, obj, false);
      if (!r) return VALUE_EMPTY;
      Handle rec = handle_new(rt, r);
      rd_value w = interp_async_from_sync_iterator(rt, rec);
      if (!w) return VALUE_EMPTY;
      *obj = w;
    } else {
      rd_value it = call_iterator_method(rt, obj, m, true);
      if (!it) return VALUE_EMPTY;
      *obj = it;
    }
  } else {
    rd_value m = iterator_method(rt, obj, ROOT(rt, symbol_iterator));
    if (!m) return VALUE_EMPTY;
    rd_value it = call_iterator_method(rt, obj, m, false);
    if (!it) return VALUE_EMPTY;
    *obj = it;
  }
  rd_value key = string_internalize_cstr(rt, "next");
  if (!key) return VALUE_EMPTY;
  Handle hk = handle_new(rt, key);
  rd_value next = js_get(rt, obj, hk);
  if (!next) return VALUE_EMPTY;
  Handle hn = handle_new(rt, next);
  rd_value r = factory_fixed_array(rt, REC_SIZE, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!r) return VALUE_EMPTY;
  FixedArray *a = FIXED_ARRAY(r);
  a->data[REC_KIND] = value_from_int32(ITER_JS);
  a->data[REC_TARGET] = *obj;
  a->data[REC_NEXT] = *hn;
  a->data[REC_DONE] = VALUE_FALSE;
  return r;
}

rd_value iterator_record_new(Runtime *rt, Handle iter, Handle next) {
  rd_value r = factory_fixed_array(rt, REC_SIZE, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!r) return VALUE_EMPTY;
  FixedArray *a = FIXED_ARRAY(r);
  a->data[REC_KIND] = value_from_int32(ITER_JS);
  a->data[REC_TARGET] = *iter;
  a->data[REC_NEXT] = *next;
  a->data[REC_DONE] = VALUE_FALSE;
  return r;
}

rd_value iterator_result_value(Runtime *rt, Handle result, bool *done) {
  *done = false;
  if (!value_is_js_object(*result)) return js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
  HANDLE_SCOPE(rt);
  rd_value key = string_internalize_cstr(rt, "done");
  if (!key) return VALUE_EMPTY;
  Handle hk = handle_new(rt, key);
  rd_value d = js_get(rt, result, hk);
  if (!d) return VALUE_EMPTY;
  *done = js_to_boolean(d);
  if (!(key = string_internalize_cstr(rt, "value"))) return VALUE_EMPTY;
  *hk = key;
  return js_get(rt, result, hk);
}

rd_value iterator_yield_star_step(Runtime *rt, Handle rec, ResumeMode mode, Handle received, int32_t *done,
                                  int async) {
  HANDLE_SCOPE(rt);
  *done = 0;
  Handle it = handle_new(rt, FIXED_ARRAY(*rec)->data[REC_TARGET]);
  Handle m = handle_new(rt, FIXED_ARRAY(*rec)->data[REC_NEXT]);
  if (mode == RESUME_THROW) {
    rd_value t = get_method(rt, it, "throw");
    if (!t) return VALUE_EMPTY;
    if (t == VALUE_UNDEFINED) {
      if (!iterator_close(rt, rec)) return VALUE_EMPTY;
      return js_throw(rt, ERROR_TypeError, "The iterator does not provide a 'throw' method");
    }
    *m = t;
  } else if (mode == RESUME_RETURN) {
    rd_value t = get_method(rt, it, "return");
    if (!t) return VALUE_EMPTY;
    if (t == VALUE_UNDEFINED) {
      *done = 2;
      return *received;
    }
    *m = t;
  }
  rd_value r = interp_call(rt, m, it, async == 2 ? 0 : 1, received);
  if (!r || async) return r;
  if (!value_is_js_object(r)) return js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
  Handle hr = handle_new(rt, r);
  rd_value key = string_internalize_cstr(rt, "done");
  if (!key) return VALUE_EMPTY;
  Handle hk = handle_new(rt, key);
  rd_value d = js_get(rt, hr, hk);
  if (!d) return VALUE_EMPTY;
  if (!js_to_boolean(d)) return *hr;
  *done = mode == RESUME_RETURN ? 2 : 1;
  if (!(key = string_internalize_cstr(rt, "value"))) return VALUE_EMPTY;
  *hk = key;
  return js_get(rt, hr, hk);
}
