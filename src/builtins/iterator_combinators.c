/*
 * iterator_combinators.c - Iterator.concat (iterator sequencing),
 * Iterator.zip and Iterator.zipKeyed (joint iteration),
 * Iterator.prototype.chunks and windows (iterator chunking) and
 * Iterator.prototype.includes (iterator includes), after the proposals'
 * spec text.
 *
 * concat, zip, zipKeyed, chunks and windows return Iterator Helper objects
 * (iterator_helpers.h) whose closure runs here, as a C state machine over
 * the helper's internal words:
 *   K_CONCAT    H_FN a FixedArray (open method, iterable) per argument;
 *               H_COUNTER the index of the next one to open; H_ITER/H_NEXT
 *               the iterator being drained, undefined between two
 *   K_CHUNKS    H_ITER/H_NEXT the underlying record, H_COUNTER the chunk
 *   K_WINDOWS_* size, H_FN the buffer (a private JS array) or undefined;
 *               H_ITER becomes undefined once the underlying iterator is
 *               exhausted and a last partial chunk / window is yielded
 *   K_ZIP       H_FN the zip state, a FixedArray: Z_MODE, Z_COUNT, Z_KEYS
 *               (zipKeyed: a FixedArray of the keys, else undefined), then
 *               per iterator Z_ENTRY words (iterator or null once exhausted
 *               in longest mode, next method, padding, open flag)
 * The open flags are the spec's openIters list (iters in order, so its
 * reverse order is the reverse index order).
 *
 * Invariant: a private buffer never escapes: what a chunk or window yields
 * is never written again here; every abrupt completion of a closure, other
 * than one from the iterator being stepped, closes the iterators still open
 * (IteratorClose / IteratorCloseAll, the original completion winning).
 */
#include <math.h>

#include "builtins/iterator_helpers.h"
#include "objects/factory.h"
#include "objects/string.h"

#define FA(t, i) (FIXED_ARRAY(t)->data[(i)])
#define FA_STORE(t, i, v) HEAP_STORE(value_to_ptr(t), FA(t, i), (v))

/* The largest number of iterators one zip takes (its state is one FixedArray). */
#define ZIP_MAX_ITERS (1u << 22)

typedef enum { MODE_SHORTEST, MODE_LONGEST, MODE_STRICT } ZipMode;
enum { Z_MODE, Z_COUNT, Z_KEYS, Z_FIRST };
enum { ZE_ITER, ZE_NEXT, ZE_PAD, ZE_OPEN, Z_ENTRY };
#define ZI(i, w) (Z_FIRST + (i) * Z_ENTRY + (w))

/* --- shared steps ------------------------------------------------------------------------- */
/* Appends v to the private JS array arr. */
static bool push(Runtime *rt, Handle arr, Handle v) {
  return lib_create_index(rt, arr, array_length(*arr), v);
}

/* A fresh JS array of the elements from..length of the private JS array src. */
static rd_value array_copy_from(Runtime *rt, Handle src, uint32_t from) {
  HANDLE_SCOPE(rt);
  Handle dst = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*dst) return VALUE_EMPTY;
  for (uint32_t i = from, n = array_length(*src); i < n; i++) {
    HANDLE_SCOPE(rt);
    Handle v = handle_new(rt, lib_get_index(rt, src, i));
    if (!*v || !lib_create_index(rt, dst, i - from, v)) return VALUE_EMPTY;
  }
  return *dst;
}

/* --- Iterator.concat ------------------------------------------------------------------------ */
/* The next value of the current iterable, opening the following ones as each is drained. */
static rd_value run_concat(Runtime *rt, Handle h, bool *done) {
  for (;;) {
    HANDLE_SCOPE(rt);
    if (HELPER_WORD(*h, H_ITER) != VALUE_UNDEFINED) {
      Handle iter = handle_new(rt, HELPER_WORD(*h, H_ITER)), next = handle_new(rt, HELPER_WORD(*h, H_NEXT));
      rd_value v = lib_iterator_step(rt, iter, next, done);
      if (!v || !*done) return v;
      *done = false;
      HELPER_WORD(*h, H_ITER) = HELPER_WORD(*h, H_NEXT) = VALUE_UNDEFINED;
      continue;
    }
    Handle list = handle_new(rt, HELPER_WORD(*h, H_FN));
    uint32_t i = (uint32_t)value_to_number(HELPER_WORD(*h, H_COUNTER));
    if (2 * i >= fixed_array_length(*list)) {
      *done = true;
      return VALUE_UNDEFINED;
    }
    HELPER_WORD(*h, H_COUNTER) = value_from_number(i + 1);
    Handle method = handle_new(rt, FA(*list, 2 * i)), iterable = handle_new(rt, FA(*list, 2 * i + 1));
    Handle iter = handle_new(rt, lib_call(rt, method, iterable, 0, NULL));
    if (!*iter) return VALUE_EMPTY;
    if (!value_is_js_object(*iter)) return js_throw(rt, ERROR_TypeError, "Iterator.concat: iterator is not an object");
    rd_value next = lib_get_named(rt, iter, "next");
    if (!next) return VALUE_EMPTY;
    HEAP_STORE(value_to_ptr(*h), HELPER_WORD(*h, H_ITER), *iter);
    HEAP_STORE(value_to_ptr(*h), HELPER_WORD(*h, H_NEXT), next);
  }
}

static rd_value iterator_concat(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle list = handle_new(rt, factory_fixed_array(rt, 2 * a->argc, VALUE_UNDEFINED, ALLOC_YOUNG));
  Handle key = handle_new(rt, ROOT(rt, symbol_iterator));
  if (!*list) return VALUE_EMPTY;
  for (uint32_t i = 0; i < a->argc; i++) {
    HANDLE_SCOPE(rt);
    Handle item = handle_new(rt, a->argv[i]);
    if (!value_is_js_object(*item)) return js_throw(rt, ERROR_TypeError, "Iterator.concat: argument is not an object");
    Handle method = handle_new(rt, lib_get_method(rt, item, key));
    if (!*method) return VALUE_EMPTY;
    if (*method == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Iterator.concat: argument is not iterable");
    FA_STORE(*list, 2 * i, *method);
    FA_STORE(*list, 2 * i + 1, *item);
  }
  Handle map = handle_new(rt, lib_native_data(a)), undef = handle_new(rt, VALUE_UNDEFINED);
  return iterator_helper_new(rt, map, K_CONCAT, undef, undef, list, 0);
}

/* --- chunks and windows ----------------------------------------------------------------------- */
/* The next chunk (K_CHUNKS) or window (K_WINDOWS_*) of helper h. */
static rd_value run_chunks(Runtime *rt, Handle h, bool *done) {
  HelperKind kind = (HelperKind)((value_to_int32(HELPER_WORD(*h, H_STATE)) >> 4) & 0xF);
  double size = value_to_number(HELPER_WORD(*h, H_COUNTER));
  for (;;) {
    HANDLE_SCOPE(rt);
    if (HELPER_WORD(*h, H_ITER) == VALUE_UNDEFINED) {   /* the last partial one was yielded */
      *done = true;
      return VALUE_UNDEFINED;
    }
    Handle iter = handle_new(rt, HELPER_WORD(*h, H_ITER)), next = handle_new(rt, HELPER_WORD(*h, H_NEXT));
    Handle v = handle_new(rt, lib_iterator_step(rt, iter, next, done));
    if (!*v) return VALUE_EMPTY;
    Handle buf = handle_new(rt, HELPER_WORD(*h, H_FN));
    if (*done) {
      uint32_t n = *buf == VALUE_UNDEFINED ? 0 : array_length(*buf);
      bool partial = kind == K_CHUNKS ? n > 0 : kind == K_WINDOWS_PARTIAL && n > 0 && n < size;
      if (!partial) return VALUE_UNDEFINED;
      *done = false;
      HELPER_WORD(*h, H_ITER) = HELPER_WORD(*h, H_NEXT) = HELPER_WORD(*h, H_FN) = VALUE_UNDEFINED;
      return *buf;   /* never touched again */
    }
    if (*buf == VALUE_UNDEFINED) {
      *buf = array_new(rt, ELEMENTS_PACKED, 0);
      if (!*buf) goto fail;
      HEAP_STORE(value_to_ptr(*h), HELPER_WORD(*h, H_FN), *buf);
    }
    if (kind != K_CHUNKS && array_length(*buf) == size) {   /* drop the first element */
      *buf = array_copy_from(rt, buf, 1);
      if (!*buf) goto fail;
      HEAP_STORE(value_to_ptr(*h), HELPER_WORD(*h, H_FN), *buf);
    }
    if (!push(rt, buf, v)) goto fail;
    if (array_length(*buf) < size) continue;
    if (kind == K_CHUNKS) {
      HELPER_WORD(*h, H_FN) = VALUE_UNDEFINED;
      return *buf;
    }
    rd_value w = array_copy_from(rt, buf, 0);
    if (!w) goto fail;
    return w;
  fail:
    lib_iterator_close_on_error(rt, iter);
    return VALUE_EMPTY;
  }
}

/* Validates the size argument of chunks / windows (an integral Number in
 * [1, 2^32 - 1]: TypeError when not an integral Number, else RangeError),
 * closing this on failure. */
static bool size_arg(Runtime *rt, NativeArgs *a, const char *method, double *size) {
  rd_value v = native_arg(a, 0);
  double d = value_is_number(v) ? value_to_number(v) : NAN;
  if (!value_is_number(v) || !isfinite(d) || trunc(d) != d)
    js_throw(rt, ERROR_TypeError, "Iterator.prototype.%s: size must be an integral number", method);
  else if (d < 1 || d > 4294967295.0)
    js_throw(rt, ERROR_RangeError, "Iterator.prototype.%s: size must be between 1 and 2^32 - 1", method);
  else {
    *size = d;
    return true;
  }
  lib_iterator_close_on_error(rt, a->receiver);
  return false;
}

/* chunks / windows: a helper of kind over (this, this.next). */
static rd_value chunk_helper(Runtime *rt, NativeArgs *a, const char *method, bool windows) {
  if (!value_is_js_object(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "Iterator.prototype.%s called on non-object", method);
  double size;
  if (!size_arg(rt, a, method, &size)) return VALUE_EMPTY;
  HelperKind kind = K_CHUNKS;
  if (windows) {
    rd_value u = native_arg(a, 1);
    kind = K_WINDOWS_FULL;
    if (value_is_string(u) && string_equals_cstr(u, "allow-partial"))
      kind = K_WINDOWS_PARTIAL;
    else if (u != VALUE_UNDEFINED && !(value_is_string(u) && string_equals_cstr(u, "only-full"))) {
      js_throw(rt, ERROR_TypeError, "Iterator.prototype.windows: undersized must be \"only-full\" or \"allow-partial\"");
      lib_iterator_close_on_error(rt, a->receiver);
      return VALUE_EMPTY;
    }
  }
  HANDLE_SCOPE(rt);
  Handle next = handle_new(rt, lib_get_named(rt, a->receiver, "next"));
  if (!*next) return VALUE_EMPTY;
  Handle map = handle_new(rt, lib_native_data(a)), undef = handle_new(rt, VALUE_UNDEFINED);
  return iterator_helper_new(rt, map, kind, a->receiver, next, undef, size);
}
static rd_value proto_chunks(Runtime *rt, NativeArgs *a) { return chunk_helper(rt, a, "chunks", false); }
static rd_value proto_windows(Runtime *rt, NativeArgs *a) { return chunk_helper(rt, a, "windows", true); }

/* --- includes ------------------------------------------------------------------------------------ */
static rd_value proto_includes(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "Iterator.prototype.includes called on non-object");
  rd_value skip = native_arg(a, 1);
  double to_skip = 0;
  if (skip != VALUE_UNDEFINED) {
    double d = value_is_number(skip) ? value_to_number(skip) : NAN;
    if (isnan(d) || (isfinite(d) && trunc(d) != d))
      js_throw(rt, ERROR_TypeError, "Iterator.prototype.includes: skippedElements must be an integral number");
    else if (d < 0 || (isfinite(d) && d > 9007199254740991.0))
      js_throw(rt, ERROR_RangeError, "Iterator.prototype.includes: skippedElements out of range");
    else
      to_skip = d;
    if (rt->exception != VALUE_EMPTY) {
      lib_iterator_close_on_error(rt, a->receiver);
      return VALUE_EMPTY;
    }
  }
  HANDLE_SCOPE(rt);
  Handle next = handle_new(rt, lib_get_named(rt, a->receiver, "next"));
  if (!*next) return VALUE_EMPTY;
  for (double skipped = 0;;) {
    bool done;
    rd_value v = lib_iterator_step(rt, a->receiver, next, &done);
    if (!v) return VALUE_EMPTY;
    if (done) return VALUE_FALSE;
    if (skipped < to_skip) {
      skipped++;
      continue;
    }
    if (js_same_value_zero(v, native_arg(a, 0))) return lib_iterator_close(rt, a->receiver) ? VALUE_TRUE : VALUE_EMPTY;
  }
}

/* --- zip and zipKeyed ----------------------------------------------------------------------------- */
/* IteratorCloseAll over the open iterators of zip state z, in reverse order:
 * with an exception pending (a throw completion) all are closed and it
 * stays; else the first error of a return() becomes the completion. */
static bool close_all(Runtime *rt, Handle z) {
  bool ok = rt->exception == VALUE_EMPTY;
  for (uint32_t i = (uint32_t)value_to_int32(FA(*z, Z_COUNT)); i-- > 0;) {
    if (FA(*z, ZI(i, ZE_OPEN)) != VALUE_TRUE) continue;
    HANDLE_SCOPE(rt);
    FA(*z, ZI(i, ZE_OPEN)) = VALUE_FALSE;
    Handle iter = handle_new(rt, FA(*z, ZI(i, ZE_ITER)));
    if (!ok)
      lib_iterator_close_on_error(rt, iter);
    else
      ok = lib_iterator_close(rt, iter);
  }
  return ok;
}

bool iterator_zip_close_all(Runtime *rt, Handle h) {
  HANDLE_SCOPE(rt);
  Handle z = handle_new(rt, HELPER_WORD(*h, H_FN));
  return close_all(rt, z);
}

/* Throws a TypeError (strict mode: iterators of different lengths) and closes the open ones. */
static rd_value strict_mismatch(Runtime *rt, Handle z) {
  js_throw(rt, ERROR_TypeError, "Iterator.zip: iterators have different lengths in strict mode");
  close_all(rt, z);
  return VALUE_EMPTY;
}

/* The result of one zip step from the values (a private JS array): the array
 * itself, or (zipKeyed) a null-prototype object keyed by the keys. */
static rd_value finish_results(Runtime *rt, Handle z, Handle values) {
  if (FA(*z, Z_KEYS) == VALUE_UNDEFINED) return *values;
  HANDLE_SCOPE(rt);
  Handle null_proto = handle_new(rt, VALUE_NULL);
  Handle obj = handle_new(rt, builtins_object_with_proto(rt, null_proto));
  if (!*obj) return VALUE_EMPTY;
  for (uint32_t i = 0, n = (uint32_t)value_to_int32(FA(*z, Z_COUNT)); i < n; i++) {
    HANDLE_SCOPE(rt);
    Handle key = handle_new(rt, FA(FA(*z, Z_KEYS), i));
    Handle v = handle_new(rt, lib_get_index(rt, values, i));
    if (!*v || object_define_own(rt, obj, key, v, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  }
  return *obj;
}

/* One step of IteratorZip's closure. */
static rd_value run_zip(Runtime *rt, Handle h, bool *done) {
  HANDLE_SCOPE(rt);
  Handle z = handle_new(rt, HELPER_WORD(*h, H_FN));
  uint32_t count = (uint32_t)value_to_int32(FA(*z, Z_COUNT));
  ZipMode mode = (ZipMode)value_to_int32(FA(*z, Z_MODE));
  *done = true;
  if (count == 0) return VALUE_UNDEFINED;
  Handle values = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*values) goto fail;
  for (uint32_t i = 0; i < count; i++) {
    HANDLE_SCOPE(rt);
    Handle result = handle_new(rt, FA(*z, ZI(i, ZE_PAD)));
    if (FA(*z, ZI(i, ZE_ITER)) != VALUE_NULL) {
      Handle iter = handle_new(rt, FA(*z, ZI(i, ZE_ITER))), next = handle_new(rt, FA(*z, ZI(i, ZE_NEXT)));
      bool end;
      *result = lib_iterator_step(rt, iter, next, &end);
      if (!*result) {
        FA(*z, ZI(i, ZE_OPEN)) = VALUE_FALSE;
        goto fail;
      }
      if (end) {
        FA(*z, ZI(i, ZE_OPEN)) = VALUE_FALSE;
        if (mode == MODE_SHORTEST) return close_all(rt, z) ? VALUE_UNDEFINED : VALUE_EMPTY;
        if (mode == MODE_STRICT) {
          if (i != 0) return strict_mismatch(rt, z);
          for (uint32_t k = 1; k < count; k++) {
            HANDLE_SCOPE(rt);
            Handle ik = handle_new(rt, FA(*z, ZI(k, ZE_ITER))), nk = handle_new(rt, FA(*z, ZI(k, ZE_NEXT)));
            bool kend;
            if (!iterator_step_only(rt, ik, nk, &kend)) {
              FA(*z, ZI(k, ZE_OPEN)) = VALUE_FALSE;
              goto fail;
            }
            if (!kend) return strict_mismatch(rt, z);
            FA(*z, ZI(k, ZE_OPEN)) = VALUE_FALSE;
          }
          return VALUE_UNDEFINED;
        }
        bool any_open = false;   /* longest */
        for (uint32_t k = 0; k < count; k++) any_open |= FA(*z, ZI(k, ZE_OPEN)) == VALUE_TRUE;
        if (!any_open) return VALUE_UNDEFINED;
        FA(*z, ZI(i, ZE_ITER)) = VALUE_NULL;
        *result = FA(*z, ZI(i, ZE_PAD));
      }
    }
    if (!push(rt, values, result)) goto fail;
  }
  *done = false;
  rd_value r = finish_results(rt, z, values);
  if (r) return r;
fail:
  close_all(rt, z);
  return VALUE_EMPTY;
}

/* Reads options (GetOptionsObject, then "mode", then "padding" in longest
 * mode: undefined or an object) into *mode and padding. */
static bool zip_options(Runtime *rt, Handle options, ZipMode *mode, Handle padding) {
  if (*options == VALUE_UNDEFINED) {
    *mode = MODE_SHORTEST;
    return true;
  }
  if (!value_is_js_object(*options)) {
    js_throw(rt, ERROR_TypeError, "Iterator.zip: options must be an object");
    return false;
  }
  rd_value m = lib_get_named(rt, options, "mode");
  if (!m) return false;
  if (m == VALUE_UNDEFINED || (value_is_string(m) && string_equals_cstr(m, "shortest")))
    *mode = MODE_SHORTEST;
  else if (value_is_string(m) && string_equals_cstr(m, "longest"))
    *mode = MODE_LONGEST;
  else if (value_is_string(m) && string_equals_cstr(m, "strict"))
    *mode = MODE_STRICT;
  else {
    js_throw(rt, ERROR_TypeError, "Iterator.zip: mode must be \"shortest\", \"longest\" or \"strict\"");
    return false;
  }
  if (*mode != MODE_LONGEST) return true;
  rd_value p = lib_get_named(rt, options, "padding");
  if (!p) return false;
  if (p != VALUE_UNDEFINED && !value_is_js_object(p)) {
    js_throw(rt, ERROR_TypeError, "Iterator.zip: padding must be an object");
    return false;
  }
  *padding = p;
  return true;
}

/* A new zip state with room for cap iterators (count 0). */
static rd_value zip_state_new(Runtime *rt, ZipMode mode, uint32_t cap) {
  rd_value z = factory_fixed_array(rt, Z_FIRST + cap * Z_ENTRY, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!z) return VALUE_EMPTY;
  FA(z, Z_MODE) = value_from_int32(mode);
  FA(z, Z_COUNT) = value_from_int32(0);
  return z;
}

/* Appends the open record (iter, next) to zip state *z (grown when full). */
static bool zip_add(Runtime *rt, Handle z, Handle iter, Handle next) {
  uint32_t n = (uint32_t)value_to_int32(FA(*z, Z_COUNT));
  if (ZI(n, 0) + Z_ENTRY > fixed_array_length(*z)) {
    if (n >= ZIP_MAX_ITERS) {
      js_throw(rt, ERROR_RangeError, "Iterator.zip: too many iterables");
      return false;
    }
    rd_value g = zip_state_new(rt, (ZipMode)value_to_int32(FA(*z, Z_MODE)), 2 * n + 4);
    if (!g) return false;
    for (uint32_t i = Z_KEYS; i < ZI(n, 0); i++) FA_STORE(g, i, FA(*z, i));
    FA(g, Z_COUNT) = FA(*z, Z_COUNT);
    *z = g;
  }
  FA_STORE(*z, ZI(n, ZE_ITER), *iter);
  FA_STORE(*z, ZI(n, ZE_NEXT), *next);
  FA(*z, ZI(n, ZE_OPEN)) = VALUE_TRUE;
  FA(*z, Z_COUNT) = value_from_int32((int32_t)n + 1);
  return true;
}

/* GetIteratorFlattenable(value, reject-primitives) appended to z (on failure
 * the caller closes z's iterators). */
static bool zip_add_flattenable(Runtime *rt, Handle z, Handle value) {
  HANDLE_SCOPE(rt);
  Handle iter = handle_new(rt, VALUE_UNDEFINED), next = handle_new(rt, VALUE_UNDEFINED);
  if (!iterator_get_flattenable(rt, value, false, iter, next)) return false;
  if (zip_add(rt, z, iter, next)) return true;
  lib_iterator_close_on_error(rt, iter);   /* too many: the new one is not in z yet */
  return false;
}

/* The zip helper over state z (and the helper map in a's native data). */
static rd_value zip_helper(Runtime *rt, NativeArgs *a, Handle z) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, lib_native_data(a)), undef = handle_new(rt, VALUE_UNDEFINED);
  return iterator_helper_new(rt, map, K_ZIP, undef, undef, z, 0);
}

static rd_value iterator_zip(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle iterables = handle_new(rt, native_arg(a, 0)), options = handle_new(rt, native_arg(a, 1));
  if (!value_is_js_object(*iterables)) return js_throw(rt, ERROR_TypeError, "Iterator.zip: iterables is not an object");
  ZipMode mode;
  Handle pad_opt = handle_new(rt, VALUE_UNDEFINED);
  if (!zip_options(rt, options, &mode, pad_opt)) return VALUE_EMPTY;
  Handle z = handle_new(rt, zip_state_new(rt, mode, 4));
  Handle key = handle_new(rt, ROOT(rt, symbol_iterator));
  if (!*z) return VALUE_EMPTY;
  Handle method = handle_new(rt, lib_get_method(rt, iterables, key));
  if (!*method) return VALUE_EMPTY;
  if (*method == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Iterator.zip: iterables is not iterable");
  Handle input = handle_new(rt, VALUE_UNDEFINED), input_next = handle_new(rt, VALUE_UNDEFINED);
  if (!lib_get_iterator(rt, iterables, method, input, input_next)) return VALUE_EMPTY;
  for (;;) {
    HANDLE_SCOPE(rt);
    bool done;
    Handle v = handle_new(rt, lib_iterator_step(rt, input, input_next, &done));
    if (!*v) goto fail;
    if (done) break;
    if (!zip_add_flattenable(rt, z, v)) {
      close_all(rt, z);
      lib_iterator_close_on_error(rt, input);
      return VALUE_EMPTY;
    }
  }
  uint32_t count = (uint32_t)value_to_int32(FA(*z, Z_COUNT));
  if (mode == MODE_LONGEST && *pad_opt != VALUE_UNDEFINED) {
    Handle pmethod = handle_new(rt, lib_get_method(rt, pad_opt, key));
    if (!*pmethod) goto fail;
    if (*pmethod == VALUE_UNDEFINED) {
      js_throw(rt, ERROR_TypeError, "Iterator.zip: padding is not iterable");
      goto fail;
    }
    Handle piter = handle_new(rt, VALUE_UNDEFINED), pnext = handle_new(rt, VALUE_UNDEFINED);
    if (!lib_get_iterator(rt, pad_opt, pmethod, piter, pnext)) goto fail;
    bool using_iter = true;
    for (uint32_t i = 0; i < count && using_iter; i++) {
      bool done;
      rd_value v = lib_iterator_step(rt, piter, pnext, &done);
      if (!v) goto fail;
      if (done)
        using_iter = false;
      else
        FA_STORE(*z, ZI(i, ZE_PAD), v);
    }
    if (using_iter && !lib_iterator_close(rt, piter)) goto fail;
  }
  return zip_helper(rt, a, z);
fail:
  close_all(rt, z);
  return VALUE_EMPTY;
}

static rd_value iterator_zip_keyed(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle iterables = handle_new(rt, native_arg(a, 0)), options = handle_new(rt, native_arg(a, 1));
  if (!value_is_js_object(*iterables))
    return js_throw(rt, ERROR_TypeError, "Iterator.zipKeyed: iterables is not an object");
  ZipMode mode;
  Handle pad_opt = handle_new(rt, VALUE_UNDEFINED);
  if (!zip_options(rt, options, &mode, pad_opt)) return VALUE_EMPTY;
  Handle z = handle_new(rt, zip_state_new(rt, mode, 4));
  if (!*z) return VALUE_EMPTY;
  Handle all_keys = handle_new(rt, object_own_keys(rt, iterables, KEYS_ALL));
  if (!*all_keys) return VALUE_EMPTY;
  uint32_t nkeys = fixed_array_length(*all_keys), count = 0;
  Handle keys = handle_new(rt, factory_fixed_array(rt, nkeys, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*keys) return VALUE_EMPTY;
  for (uint32_t i = 0; i < nkeys; i++) {
    HANDLE_SCOPE(rt);
    Handle key = handle_new(rt, FA(*all_keys, i)), v = handle_new(rt, VALUE_UNDEFINED);
    PropertyLookup l;
    int found = object_get_own_property(rt, iterables, key, &l, v);
    if (found < 0) goto fail;
    if (!found || !details_enumerable(l.details)) continue;
    *v = js_get(rt, iterables, key);
    if (!*v) goto fail;
    if (*v == VALUE_UNDEFINED) continue;
    FA_STORE(*keys, count, *key);
    count++;
    if (!zip_add_flattenable(rt, z, v)) goto fail;
  }
  FA_STORE(*z, Z_KEYS, *keys);
  if (mode == MODE_LONGEST && *pad_opt != VALUE_UNDEFINED) {
    for (uint32_t i = 0; i < count; i++) {
      HANDLE_SCOPE(rt);
      Handle key = handle_new(rt, FA(*keys, i));
      rd_value v = js_get(rt, pad_opt, key);
      if (!v) goto fail;
      FA_STORE(*z, ZI(i, ZE_PAD), v);
    }
  }
  return zip_helper(rt, a, z);
fail:
  close_all(rt, z);
  return VALUE_EMPTY;
}

/* --- dispatch and installation ---------------------------------------------------------------- */
rd_value iterator_combinator_run(Runtime *rt, Handle h, bool *done) {
  switch ((HelperKind)((value_to_int32(HELPER_WORD(*h, H_STATE)) >> 4) & 0xF)) {
    case K_CONCAT: return run_concat(rt, h, done);
    case K_ZIP: return run_zip(rt, h, done);
    default: return run_chunks(rt, h, done);
  }
}

bool iterator_combinators_install(Runtime *rt, Handle ctor, Handle proto, Handle helper_map) {
  static const BuiltinMethod statics[] = {
      {"concat", iterator_concat, 0}, {"zip", iterator_zip, 1}, {"zipKeyed", iterator_zip_keyed, 1}};
  static const BuiltinMethod lazy[] = {{"chunks", proto_chunks, 1}, {"windows", proto_windows, 1}};
  static const BuiltinMethod eager[] = {{"includes", proto_includes, 1}};
  for (int pass = 0; pass < 2; pass++) {
    const BuiltinMethod *m = pass ? lazy : statics;
    size_t n = pass ? ARRAY_LEN(lazy) : ARRAY_LEN(statics);
    for (size_t i = 0; i < n; i++) {
      HANDLE_SCOPE(rt);
      Handle f = handle_new(rt, builtins_function(rt, m[i].name, m[i].fn, m[i].length));
      if (!*f) return false;
      lib_set_native_data(*f, *helper_map);
      if (!builtins_define(rt, pass ? proto : ctor, m[i].name, f, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
        return false;
    }
  }
  return builtins_install(rt, proto, eager, ARRAY_LEN(eager));
}
