/*
 * array_from_async.c - Array.fromAsync (ES2026 23.1.2.2): the async closure
 * of the spec run natively, as a state machine whose awaits are promise
 * reactions (promise_then_natives) that resume it.
 *
 * The state of one call is a FixedArray (S_*): the promise it returns, the
 * constructor (this), mapper and thisArg, the array A being filled, the
 * index k, the async iterator record (iterator, next) or the array-like
 * object and its length, the phase the pending await resumes, and the error
 * kept while AsyncIteratorClose awaits return(). Each resumption runs the
 * synchronous steps up to the next await or to the end, which settles the
 * promise.
 *
 * Invariant: exactly one await is pending per unsettled call (so a phase is
 * resumed once per await); any abrupt completion after the iterator is open,
 * other than one from the iterator itself (next, done, value, the await of
 * next's result), closes it (AsyncIteratorClose) before rejecting; the
 * promise is settled exactly once, and no exception escapes a resumption.
 */
#include "builtins/builtins.h"
#include "builtins/library.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

enum { S_PROMISE, S_CTOR, S_MAPPER, S_THIS_ARG, S_ITEMS, S_A, S_K, S_ITER, S_NEXT, S_LEN, S_PHASE, S_ERROR, S_SIZE };
#define SW(s, i) (FIXED_ARRAY(s)->data[(i)])
#define SW_STORE(s, i, v) HEAP_STORE(value_to_ptr(s), SW(s, i), (v))

typedef enum {
  PH_START,        /* the closure's first steps */
  PH_ITER_STEP,    /* iterable: call next (or stop at 2^53 - 1) */
  PH_NEXT,         /* awaited: next's result */
  PH_MAPPED,       /* awaited: mapper's result (iterable) */
  PH_ITER_DEFINE,  /* iterable: A[k] = value */
  PH_CLOSE,        /* AsyncIteratorClose with the error S_ERROR */
  PH_CLOSED,       /* awaited: return()'s result */
  PH_AL_STEP,      /* array-like: Get(arrayLike, k) (or stop at len) */
  PH_ELEMENT,      /* awaited: the element */
  PH_AL_MAPPED,    /* awaited: mapper's result (array-like) */
  PH_AL_DEFINE,    /* array-like: A[k] = value */
} Phase;

static void resume(Runtime *rt, Handle s, Phase ph, Handle value, bool rejected);

/* Reactions of the pending await: data is the state. */
static rd_value on_fulfilled(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, lib_native_data(a)), v = handle_new(rt, native_arg(a, 0));
  resume(rt, s, (Phase)value_to_int32(SW(*s, S_PHASE)), v, false);
  return VALUE_UNDEFINED;
}
static rd_value on_rejected(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, lib_native_data(a)), v = handle_new(rt, native_arg(a, 0));
  resume(rt, s, (Phase)value_to_int32(SW(*s, S_PHASE)), v, true);
  return VALUE_UNDEFINED;
}

/* Await(v), resuming phase ph: true if suspended, false with the exception
 * pending (PromiseResolve threw). */
static bool await_value(Runtime *rt, Handle s, Handle v, Phase ph) {
  SW(*s, S_PHASE) = value_from_int32(ph);
  return promise_then_natives(rt, v, on_fulfilled, on_rejected, s);
}

/* Takes the pending exception into *out. */
static void take_exception(Runtime *rt, Handle out) {
  *out = rt->exception;
  runtime_clear_exception(rt);
}

/* The constructor's new object (IsConstructor(C): Construct(C, len?)), else ArrayCreate(len). */
static rd_value make_target(Runtime *rt, Handle s, bool with_len, double len) {
  HANDLE_SCOPE(rt);
  Handle c = handle_new(rt, SW(*s, S_CTOR));
  if (lib_is_constructor(*c)) {
    rd_value arg = value_from_number(len);
    return interp_construct(rt, c, c, with_len ? 1 : 0, &arg);
  }
  if (len > 4294967295.0) return js_throw(rt, ERROR_RangeError, "Invalid array length");
  return array_new(rt, ELEMENTS_PACKED, (uint32_t)len);
}

/* GetIteratorFromMethod(obj, method): the record into S_ITER / S_NEXT
 * (sync: wrapped by CreateAsyncFromSyncIterator). */
static bool open_iterator(Runtime *rt, Handle s, Handle obj, Handle method, bool sync) {
  HANDLE_SCOPE(rt);
  Handle iter = handle_new(rt, interp_call(rt, method, obj, 0, NULL));
  if (!*iter) return false;
  if (!value_is_js_object(*iter)) {
    js_throw(rt, ERROR_TypeError, "Result of the iterator method is not an object");
    return false;
  }
  Handle next = handle_new(rt, lib_get_named(rt, iter, "next"));
  if (!*next) return false;
  if (sync) {
    Handle rec = handle_new(rt, iterator_record_new(rt, iter, next));
    if (!*rec) return false;
    *iter = interp_async_from_sync_iterator(rt, rec);
    if (!*iter) return false;
    *next = lib_get_named(rt, iter, "next");
    if (!*next) return false;
  }
  SW_STORE(*s, S_ITER, *iter);
  SW_STORE(*s, S_NEXT, *next);
  return true;
}

/* The closure's first steps up to the choice of iterable or array-like. */
static bool start(Runtime *rt, Handle s, Phase *ph) {
  HANDLE_SCOPE(rt);
  Handle items = handle_new(rt, SW(*s, S_ITEMS));
  rd_value mapper = SW(*s, S_MAPPER);
  if (mapper != VALUE_UNDEFINED && !value_is_callable(mapper)) {
    js_throw(rt, ERROR_TypeError, "Array.fromAsync: mapper is not a function");
    return false;
  }
  if (value_is_nullish(*items)) {
    js_throw(rt, ERROR_TypeError, "Array.fromAsync: items is null or undefined");
    return false;
  }
  Handle key = handle_new(rt, ROOT(rt, symbol_async_iterator));
  Handle method = handle_new(rt, lib_get_method(rt, items, key));
  if (!*method) return false;
  bool sync = false;
  if (*method == VALUE_UNDEFINED) {
    *key = ROOT(rt, symbol_iterator);
    *method = lib_get_method(rt, items, key);
    if (!*method) return false;
    sync = true;
  }
  if (*method != VALUE_UNDEFINED) {
    if (!open_iterator(rt, s, items, method, sync)) return false;
    rd_value a = make_target(rt, s, false, 0);
    if (!a) return false;
    SW_STORE(*s, S_A, a);
    *ph = PH_ITER_STEP;
    return true;
  }
  Handle obj = handle_new(rt, js_to_object(rt, items));
  if (!*obj) return false;
  SW_STORE(*s, S_ITEMS, *obj);
  int64_t len = builtins_length_of(rt, obj);
  if (len < 0) return false;
  SW(*s, S_LEN) = value_from_number((double)len);
  rd_value a = make_target(rt, s, true, (double)len);
  if (!a) return false;
  SW_STORE(*s, S_A, a);
  *ph = PH_AL_STEP;
  return true;
}

/* Runs the closure from phase ph (an await's outcome in value / rejected)
 * to its next await or its end. Never leaves an exception pending. */
static void resume(Runtime *rt, Handle s, Phase ph, Handle value, bool rejected) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, *value);
  Handle a = handle_new(rt, SW(*s, S_A));
  bool mapping = SW(*s, S_MAPPER) != VALUE_UNDEFINED;
  for (;;) {
    double k = value_to_number(SW(*s, S_K));
    *a = SW(*s, S_A);
    switch (ph) {
      case PH_START:
        if (!start(rt, s, &ph)) goto fail;
        continue;
      case PH_ITER_STEP: {
        if (k >= 9007199254740991.0) {
          js_throw(rt, ERROR_TypeError, "Array.fromAsync: too many elements");
          goto close;
        }
        Handle iter = handle_new(rt, SW(*s, S_ITER)), next = handle_new(rt, SW(*s, S_NEXT));
        *v = interp_call(rt, next, iter, 0, NULL);
        if (!*v) goto fail;
        if (await_value(rt, s, v, PH_NEXT)) return;
        goto fail;
      }
      case PH_NEXT: {
        if (rejected) goto reject;
        bool done;
        rd_value r = value_is_js_object(*v) ? lib_get_named(rt, v, "done")
                                            : js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
        if (!r) goto fail;
        done = js_to_boolean(r);
        if (done) {
          if (!lib_set_length(rt, a, k)) goto fail;
          *v = *a;
          goto resolve;
        }
        *v = lib_get_named(rt, v, "value");
        if (!*v) goto fail;
        if (!mapping) {
          ph = PH_ITER_DEFINE;
          continue;
        }
        Handle mapper = handle_new(rt, SW(*s, S_MAPPER)), this_arg = handle_new(rt, SW(*s, S_THIS_ARG));
        rd_value argv[2] = {*v, value_from_number(k)};
        *v = interp_call(rt, mapper, this_arg, 2, argv);
        if (!*v) goto close;
        if (await_value(rt, s, v, PH_MAPPED)) return;
        goto close;
      }
      case PH_MAPPED:
        if (rejected) {
          rejected = false;
          SW_STORE(*s, S_ERROR, *v);
          ph = PH_CLOSE;
          continue;
        }
        /* fall through */
      case PH_ITER_DEFINE:
        if (!lib_create_index(rt, a, k, v)) goto close;
        SW(*s, S_K) = value_from_number(k + 1);
        ph = PH_ITER_STEP;
        continue;
      case PH_CLOSE: {   /* AsyncIteratorClose(record, throw S_ERROR) */
        Handle iter = handle_new(rt, SW(*s, S_ITER));
        Handle key = handle_new(rt, lib_key(rt, "return"));
        Handle ret = handle_new(rt, *key ? lib_get_method(rt, iter, key) : VALUE_EMPTY);
        if (*ret && *ret != VALUE_UNDEFINED) {
          *v = interp_call(rt, ret, iter, 0, NULL);
          if (*v && await_value(rt, s, v, PH_CLOSED)) return;
        }
        runtime_clear_exception(rt);   /* the original error wins */
      }
        /* fall through */
      case PH_CLOSED:
        *v = SW(*s, S_ERROR);
        goto reject;
      case PH_AL_STEP: {
        if (k >= value_to_number(SW(*s, S_LEN))) {
          if (!lib_set_length(rt, a, k)) goto fail;
          *v = *a;
          goto resolve;
        }
        Handle obj = handle_new(rt, SW(*s, S_ITEMS));
        *v = lib_get_index(rt, obj, k);
        if (!*v) goto fail;
        if (await_value(rt, s, v, PH_ELEMENT)) return;
        goto fail;
      }
      case PH_ELEMENT: {
        if (rejected) goto reject;
        if (!mapping) {
          ph = PH_AL_DEFINE;
          continue;
        }
        Handle mapper = handle_new(rt, SW(*s, S_MAPPER)), this_arg = handle_new(rt, SW(*s, S_THIS_ARG));
        rd_value argv[2] = {*v, value_from_number(k)};
        *v = interp_call(rt, mapper, this_arg, 2, argv);
        if (!*v) goto fail;
        if (await_value(rt, s, v, PH_AL_MAPPED)) return;
        goto fail;
      }
      case PH_AL_MAPPED:
        if (rejected) goto reject;
        /* fall through */
      case PH_AL_DEFINE:
        if (!lib_create_index(rt, a, k, v)) goto fail;
        SW(*s, S_K) = value_from_number(k + 1);
        ph = PH_AL_STEP;
        continue;
    }
    UNREACHABLE();
  close:   /* an abrupt completion (pending) that closes the iterator */
    take_exception(rt, v);
    SW_STORE(*s, S_ERROR, *v);
    ph = PH_CLOSE;
    rejected = false;
  }
fail:
  take_exception(rt, v);
reject:
  rejected = true;
resolve: {
    Handle p = handle_new(rt, SW(*s, S_PROMISE));
    if (!promise_settle_value(rt, p, v, rejected)) runtime_clear_exception(rt);
    for (int i = 0; i < S_SIZE; i++)
      if (i != S_PHASE) SW(*s, i) = VALUE_UNDEFINED;   /* a settled call keeps nothing alive */
  }
}

/* Array.fromAsync ( asyncItems [ , mapper [ , thisArg ] ] ) */
static rd_value array_from_async(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, promise_new_pending(rt));
  if (!*p) return VALUE_EMPTY;
  Handle s = handle_new(rt, factory_fixed_array(rt, S_SIZE, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*s) return VALUE_EMPTY;
  SW_STORE(*s, S_PROMISE, *p);
  SW_STORE(*s, S_CTOR, *a->receiver);
  SW_STORE(*s, S_ITEMS, native_arg(a, 0));
  SW_STORE(*s, S_MAPPER, native_arg(a, 1));
  SW_STORE(*s, S_THIS_ARG, native_arg(a, 2));
  SW(*s, S_K) = value_from_number(0);
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  resume(rt, s, PH_START, undef, false);
  return *p;
}

bool builtins_init_array_from_async(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, ROOT(rt, array_prototype));
  Handle ctor = handle_new(rt, lib_get_named(rt, proto, "constructor"));
  if (!*ctor) return false;
  static const BuiltinMethod statics[] = {{"fromAsync", array_from_async, 1}};
  return builtins_install(rt, ctor, statics, ARRAY_LEN(statics));
}
