/*
 * disposable_stack.c - explicit resource management: the DisposeCapability
 * operations behind `using` / `await using` (declared in interp_ops.h), the
 * DisposableStack and AsyncDisposableStack built-ins, and
 * %AsyncIteratorPrototype%[@@asyncDispose] (%IteratorPrototype%[@@dispose]
 * is in iterator.c).
 *
 * A capability is a FixedArray:
 *   DC_COUNT      int32: resources on the stack
 *   DC_RESOURCES  FixedArray of DC_ENTRY-word records [value, method, hint]
 *                 (hint int32: 0 sync-dispose, 1 async-dispose), or undefined
 *   DC_STATE      int32 bits DC_HAS_ERROR, DC_NEEDS_AWAIT, DC_HAS_AWAITED:
 *                 the local state of DisposeResources while it runs
 *   DC_ERROR      the recorded throw completion when DC_HAS_ERROR
 * Disposal pops the records (clearing them, so the values can die), so a
 * finished capability is empty and a second disposal does nothing.
 *
 * A (Async)DisposableStack is a JS object with internal words after its
 * header (its maps have inobject_start = DS_START): DS_STATE (int32 0
 * pending, 1 disposed), DS_CAP (its capability) and DS_BRAND (DS_SYNC_BRAND
 * or DS_ASYNC_BRAND, checked by every method). disposeAsync runs
 * DisposeResources as a chain of promise reactions (one step per await).
 */
#include "builtins/builtins.h"
#include "builtins/library.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

enum { DC_COUNT, DC_RESOURCES, DC_STATE, DC_ERROR, DC_WORDS };
enum { DC_HAS_ERROR = 1, DC_NEEDS_AWAIT = 2, DC_HAS_AWAITED = 4 };
enum { R_VALUE, R_METHOD, R_HINT, DC_ENTRY };
#define DC_MAX_RESOURCES (FIXED_ARRAY_MAX_LENGTH / DC_ENTRY)

enum { DS_STATE, DS_CAP, DS_BRAND, DS_WORDS };
#define DS_START (JS_OBJECT_HEADER_WORDS + DS_WORDS)
#define DS_INOBJECT 2
#define DS_SYNC_BRAND 0x44530001
#define DS_ASYNC_BRAND 0x44530002
#define DS_WORD(o, i) (((rd_value *)value_to_ptr(o))[JS_OBJECT_HEADER_WORDS + (i)])
enum { DS_PENDING, DS_DISPOSED };

#define FA(v) FIXED_ARRAY(v)
#define SET(arr, i, v) HEAP_STORE(value_to_ptr(arr), FIXED_ARRAY(arr)->data[(i)], (v))

static int32_t dc_int(rd_value cap, int w) { return value_to_int32(FA(cap)->data[w]); }
static void dc_set_int(rd_value cap, int w, int32_t v) { FA(cap)->data[w] = value_from_int32(v); }

/* --- DisposeCapability ------------------------------------------------------------------------- */
rd_value dispose_capability_new(Runtime *rt) {
  rd_value cap = factory_fixed_array(rt, DC_WORDS, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!cap) return VALUE_EMPTY;
  dc_set_int(cap, DC_COUNT, 0);
  dc_set_int(cap, DC_STATE, 0);
  return cap;
}

/* The closure GetDisposeMethod makes for an await using of a value with
 * only @@dispose: calls it (data: the method) and returns a promise
 * resolved with undefined, or rejected with what it threw. */
static rd_value async_from_sync_dispose(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle promise = handle_new(rt, promise_new_pending(rt));
  if (!*promise) return VALUE_EMPTY;
  Handle method = handle_new(rt, lib_native_data(a));
  Handle result = handle_new(rt, lib_call(rt, method, a->receiver, 0, NULL));
  bool rejected = !*result;
  if (rejected) {
    *result = rt->exception;
    runtime_clear_exception(rt);
  } else {
    *result = VALUE_UNDEFINED;
  }
  if (!promise_settle_value(rt, promise, result, rejected)) return VALUE_EMPTY;
  return *promise;
}

/* GetDisposeMethod(v, hint): the method, or undefined. */
static rd_value get_dispose_method(Runtime *rt, Handle v, bool async) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, async ? ROOT(rt, symbol_async_dispose) : ROOT(rt, symbol_dispose));
  rd_value m = lib_get_method(rt, v, key);
  if (!async || m != VALUE_UNDEFINED) return m;
  *key = ROOT(rt, symbol_dispose);
  m = lib_get_method(rt, v, key);
  if (!m || m == VALUE_UNDEFINED) return m;
  Handle sync = handle_new(rt, m);
  rd_value f = builtins_function(rt, "", async_from_sync_dispose, 0);
  if (!f) return VALUE_EMPTY;
  lib_set_native_data(f, *sync);
  return f;
}

/* Appends the record [value, method, hint] to cap's stack. */
static bool push_resource(Runtime *rt, Handle cap, Handle value, Handle method, bool async) {
  HANDLE_SCOPE(rt);
  uint32_t n = (uint32_t)dc_int(*cap, DC_COUNT);
  rd_value list = FA(*cap)->data[DC_RESOURCES];
  uint32_t capacity = value_is_ptr(list) ? fixed_array_length(list) / DC_ENTRY : 0;
  if (n == capacity) {
    if (n >= DC_MAX_RESOURCES) {
      js_throw(rt, ERROR_RangeError, "too many disposable resources");
      return false;
    }
    uint32_t grown = n < 4 ? 4 : n * 2 > DC_MAX_RESOURCES ? DC_MAX_RESOURCES : n * 2;
    rd_value g = factory_fixed_array(rt, grown * DC_ENTRY, VALUE_UNDEFINED, ALLOC_YOUNG);
    if (!g) return false;
    list = FA(*cap)->data[DC_RESOURCES];
    for (uint32_t i = 0; i < n * DC_ENTRY; i++) SET(g, i, FA(list)->data[i]);
    SET(*cap, DC_RESOURCES, g);
    list = g;
  }
  SET(list, n * DC_ENTRY + R_VALUE, *value);
  SET(list, n * DC_ENTRY + R_METHOD, *method);
  FA(list)->data[n * DC_ENTRY + R_HINT] = value_from_int32(async ? 1 : 0);
  dc_set_int(*cap, DC_COUNT, (int32_t)n + 1);
  return true;
}

bool dispose_add_resource(Runtime *rt, Handle cap, Handle value, bool async, Handle method) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, VALUE_UNDEFINED), m = handle_new(rt, VALUE_UNDEFINED);
  if (method) {   /* adopt / defer: value undefined */
    if (!value_is_callable(*method)) {
      js_throw(rt, ERROR_TypeError, "the dispose callback is not a function");
      return false;
    }
    *m = *method;
  } else if (value_is_nullish(*value)) {
    if (!async) return true;   /* nothing to dispose; await using still awaits */
  } else {
    if (!value_is_js_object(*value)) {
      js_throw(rt, ERROR_TypeError, "the resource to dispose is not an object");
      return false;
    }
    *v = *value;
    rd_value dm = get_dispose_method(rt, v, async);
    if (!dm) return false;
    if (dm == VALUE_UNDEFINED) {
      js_throw(rt, ERROR_TypeError, "the resource to dispose has no [Symbol.%s] method",
               async ? "asyncDispose" : "dispose");
      return false;
    }
    *m = dm;
  }
  return push_resource(rt, cap, v, m, async);
}

bool dispose_record_error(Runtime *rt, Handle cap, Handle error) {
  HANDLE_SCOPE(rt);
  if (!(dc_int(*cap, DC_STATE) & DC_HAS_ERROR)) {
    SET(*cap, DC_ERROR, *error);
    dc_set_int(*cap, DC_STATE, dc_int(*cap, DC_STATE) | DC_HAS_ERROR);
    return true;
  }
  Handle suppressed = handle_new(rt, FA(*cap)->data[DC_ERROR]);
  rd_value e = builtins_make_suppressed_error(rt, error, suppressed);
  if (!e) return false;
  SET(*cap, DC_ERROR, e);
  return true;
}

rd_value dispose_resources_step(Runtime *rt, Handle cap, bool *done) {
  HANDLE_SCOPE(rt);
  *done = false;
  Handle value = handle_new(rt, VALUE_UNDEFINED), method = handle_new(rt, VALUE_UNDEFINED);
  for (;;) {
    int32_t n = dc_int(*cap, DC_COUNT), state = dc_int(*cap, DC_STATE);
    bool owe_await = (state & DC_NEEDS_AWAIT) && !(state & DC_HAS_AWAITED);
    if (n == 0) {
      if (owe_await) {   /* only null / undefined await using values: Await(undefined) */
        dc_set_int(*cap, DC_STATE, state & ~DC_NEEDS_AWAIT);
        return VALUE_UNDEFINED;
      }
      *done = true;
      SET(*cap, DC_RESOURCES, VALUE_UNDEFINED);
      dc_set_int(*cap, DC_STATE, 0);
      if (!(state & DC_HAS_ERROR)) return VALUE_UNDEFINED;
      rt->exception = FA(*cap)->data[DC_ERROR];
      SET(*cap, DC_ERROR, VALUE_UNDEFINED);
      return VALUE_EMPTY;
    }
    rd_value list = FA(*cap)->data[DC_RESOURCES];
    rd_value *rec = &FA(list)->data[(uint32_t)(n - 1) * DC_ENTRY];
    bool async = rec[R_HINT] == value_from_int32(1);
    if (!async && owe_await) {   /* a sync resource after skipped async ones: Await(undefined) first */
      dc_set_int(*cap, DC_STATE, state & ~DC_NEEDS_AWAIT);
      return VALUE_UNDEFINED;
    }
    *value = rec[R_VALUE];
    *method = rec[R_METHOD];
    rec[R_VALUE] = rec[R_METHOD] = VALUE_UNDEFINED;
    dc_set_int(*cap, DC_COUNT, n - 1);
    if (*method == VALUE_UNDEFINED) {   /* a null / undefined await using value */
      dc_set_int(*cap, DC_STATE, state | DC_NEEDS_AWAIT);
      continue;
    }
    rd_value r = lib_call(rt, method, value, 0, NULL);
    if (!r) {
      Handle err = handle_new(rt, rt->exception);
      runtime_clear_exception(rt);
      if (!dispose_record_error(rt, cap, err)) return VALUE_EMPTY;
      continue;
    }
    if (async) {
      dc_set_int(*cap, DC_STATE, dc_int(*cap, DC_STATE) | DC_HAS_AWAITED);
      return r;
    }
  }
}

/* --- stack objects ----------------------------------------------------------------------------- */
static bool is_stack(rd_value v, int32_t brand) {
  return value_has_type(v, TYPE_JS_OBJECT) && heap_object_map(value_to_ptr(v))->inobject_start == DS_START &&
         DS_WORD(v, DS_BRAND) == value_from_int32(brand);
}

static const char *stack_name(bool async) { return async ? "AsyncDisposableStack" : "DisposableStack"; }

/* The receiver of a stack method (RequireInternalSlot), or VALUE_EMPTY with a TypeError. */
static rd_value this_stack(Runtime *rt, NativeArgs *a, bool async, const char *method) {
  if (is_stack(*a->receiver, async ? DS_ASYNC_BRAND : DS_SYNC_BRAND)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "%s.prototype.%s called on an incompatible receiver", stack_name(async),
                  method);
}

/* The receiver of a method that needs a pending stack (ReferenceError once disposed). */
static rd_value pending_stack(Runtime *rt, NativeArgs *a, bool async, const char *method) {
  rd_value s = this_stack(rt, a, async, method);
  if (s && DS_WORD(s, DS_STATE) == value_from_int32(DS_DISPOSED))
    return js_throw(rt, ERROR_ReferenceError, "%s.prototype.%s: the stack is already disposed", stack_name(async),
                    method);
  return s;
}

/* A new pending stack with prototype proto and an empty capability. */
static rd_value stack_new(Runtime *rt, bool async, Handle proto) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, interp_intrinsic(rt, async ? INTRINSIC_async_disposable_stack_map
                                                         : INTRINSIC_disposable_stack_map));
  Handle cap = handle_new(rt, dispose_capability_new(rt));
  if (!*cap) return VALUE_EMPTY;
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  DS_WORD(*o, DS_STATE) = value_from_int32(DS_PENDING);
  HEAP_STORE(value_to_ptr(*o), DS_WORD(*o, DS_CAP), *cap);
  DS_WORD(*o, DS_BRAND) = value_from_int32(async ? DS_ASYNC_BRAND : DS_SYNC_BRAND);
  if (*proto != MAP(*map)->prototype && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return *o;
}

/* DisposableStack ( ) / AsyncDisposableStack ( ). */
static rd_value stack_ctor(Runtime *rt, NativeArgs *a, bool async) {
  if (*a->new_target == VALUE_UNDEFINED)
    return js_throw(rt, ERROR_TypeError, "Constructor %s requires 'new'", stack_name(async));
  HANDLE_SCOPE(rt);
  rd_value dflt = MAP(interp_intrinsic(rt, async ? INTRINSIC_async_disposable_stack_map
                                                 : INTRINSIC_disposable_stack_map))->prototype;
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, dflt));
  if (!*proto) return VALUE_EMPTY;
  return stack_new(rt, async, proto);
}
static rd_value sync_ctor(Runtime *rt, NativeArgs *a) { return stack_ctor(rt, a, false); }
static rd_value async_ctor(Runtime *rt, NativeArgs *a) { return stack_ctor(rt, a, true); }

/* use(value): AddDisposableResource(value) and returns value. */
static rd_value stack_use(Runtime *rt, NativeArgs *a, bool async) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, pending_stack(rt, a, async, "use"));
  if (!*s) return VALUE_EMPTY;
  Handle cap = handle_new(rt, DS_WORD(*s, DS_CAP));
  Handle v = handle_new(rt, native_arg(a, 0));
  if (!dispose_add_resource(rt, cap, v, async, NULL)) return VALUE_EMPTY;
  return *v;
}
static rd_value sync_use(Runtime *rt, NativeArgs *a) { return stack_use(rt, a, false); }
static rd_value async_use(Runtime *rt, NativeArgs *a) { return stack_use(rt, a, true); }

/* The closure adopt registers: onDispose(value) (data: [value, onDispose]). */
static rd_value adopt_closure(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, lib_native_data(a));
  Handle fn = handle_new(rt, FA(*d)->data[1]);
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  rd_value arg = FA(*d)->data[0];
  return lib_call(rt, fn, undef, 1, &arg);
}

/* adopt(value, onDispose): registers onDispose(value); returns value. */
static rd_value stack_adopt(Runtime *rt, NativeArgs *a, bool async) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, pending_stack(rt, a, async, "adopt"));
  if (!*s) return VALUE_EMPTY;
  if (!value_is_callable(native_arg(a, 1))) return js_throw(rt, ERROR_TypeError, "%s.prototype.adopt: onDispose is not a function", stack_name(async));
  Handle d = handle_new(rt, factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*d) return VALUE_EMPTY;
  SET(*d, 0, native_arg(a, 0));
  SET(*d, 1, native_arg(a, 1));
  Handle f = handle_new(rt, builtins_function(rt, "", adopt_closure, 0));
  if (!*f) return VALUE_EMPTY;
  lib_set_native_data(*f, *d);
  Handle cap = handle_new(rt, DS_WORD(*s, DS_CAP));
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  if (!dispose_add_resource(rt, cap, undef, async, f)) return VALUE_EMPTY;
  return FA(*d)->data[0];
}
static rd_value sync_adopt(Runtime *rt, NativeArgs *a) { return stack_adopt(rt, a, false); }
static rd_value async_adopt(Runtime *rt, NativeArgs *a) { return stack_adopt(rt, a, true); }

/* defer(onDispose): registers onDispose(). */
static rd_value stack_defer(Runtime *rt, NativeArgs *a, bool async) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, pending_stack(rt, a, async, "defer"));
  if (!*s) return VALUE_EMPTY;
  if (!value_is_callable(native_arg(a, 0))) return js_throw(rt, ERROR_TypeError, "%s.prototype.defer: onDispose is not a function", stack_name(async));
  Handle f = handle_new(rt, a->argv[0]);
  Handle cap = handle_new(rt, DS_WORD(*s, DS_CAP));
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  if (!dispose_add_resource(rt, cap, undef, async, f)) return VALUE_EMPTY;
  return VALUE_UNDEFINED;
}
static rd_value sync_defer(Runtime *rt, NativeArgs *a) { return stack_defer(rt, a, false); }
static rd_value async_defer(Runtime *rt, NativeArgs *a) { return stack_defer(rt, a, true); }

/* move(): a new pending stack taking over the resources; this one is disposed. */
static rd_value stack_move(Runtime *rt, NativeArgs *a, bool async) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, pending_stack(rt, a, async, "move"));
  if (!*s) return VALUE_EMPTY;
  Handle proto = handle_new(rt, MAP(interp_intrinsic(rt, async ? INTRINSIC_async_disposable_stack_map
                                                               : INTRINSIC_disposable_stack_map))->prototype);
  Handle moved = handle_new(rt, stack_new(rt, async, proto));
  if (!*moved) return VALUE_EMPTY;
  rd_value fresh = dispose_capability_new(rt);
  if (!fresh) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*moved), DS_WORD(*moved, DS_CAP), DS_WORD(*s, DS_CAP));
  HEAP_STORE(value_to_ptr(*s), DS_WORD(*s, DS_CAP), fresh);
  DS_WORD(*s, DS_STATE) = value_from_int32(DS_DISPOSED);
  return *moved;
}
static rd_value sync_move(Runtime *rt, NativeArgs *a) { return stack_move(rt, a, false); }
static rd_value async_move(Runtime *rt, NativeArgs *a) { return stack_move(rt, a, true); }

/* get disposed. */
static rd_value stack_disposed(Runtime *rt, NativeArgs *a, bool async) {
  rd_value s = this_stack(rt, a, async, "disposed");
  return s ? value_from_bool(DS_WORD(s, DS_STATE) == value_from_int32(DS_DISPOSED)) : VALUE_EMPTY;
}
static rd_value sync_disposed(Runtime *rt, NativeArgs *a) { return stack_disposed(rt, a, false); }
static rd_value async_disposed(Runtime *rt, NativeArgs *a) { return stack_disposed(rt, a, true); }

/* DisposableStack.prototype.dispose (also @@dispose). */
static rd_value sync_dispose(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, this_stack(rt, a, false, "dispose"));
  if (!*s) return VALUE_EMPTY;
  if (DS_WORD(*s, DS_STATE) == value_from_int32(DS_DISPOSED)) return VALUE_UNDEFINED;
  DS_WORD(*s, DS_STATE) = value_from_int32(DS_DISPOSED);
  Handle cap = handle_new(rt, DS_WORD(*s, DS_CAP));
  bool done;
  return dispose_resources_step(rt, cap, &done);   /* only sync-dispose resources: one step */
}

/* disposeAsync's chain: data [capability, promise]. Runs DisposeResources
 * to its next await (subscribing the reactions below) or settles the promise. */
static void async_dispose_continue(Runtime *rt, Handle data);

static rd_value async_dispose_fulfilled(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, lib_native_data(a));
  async_dispose_continue(rt, d);
  return VALUE_UNDEFINED;
}

static rd_value async_dispose_rejected(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, lib_native_data(a));
  Handle cap = handle_new(rt, FA(*d)->data[0]);
  Handle err = handle_new(rt, native_arg(a, 0));
  if (!dispose_record_error(rt, cap, err)) {
    Handle p = handle_new(rt, FA(*d)->data[1]);
    Handle e = handle_new(rt, rt->exception);
    runtime_clear_exception(rt);
    if (!promise_settle_value(rt, p, e, true)) runtime_clear_exception(rt);
    return VALUE_UNDEFINED;
  }
  async_dispose_continue(rt, d);
  return VALUE_UNDEFINED;
}

static void async_dispose_continue(Runtime *rt, Handle data) {
  HANDLE_SCOPE(rt);
  Handle cap = handle_new(rt, FA(*data)->data[0]);
  Handle promise = handle_new(rt, FA(*data)->data[1]);
  for (;;) {
    bool done;
    Handle v = handle_new(rt, dispose_resources_step(rt, cap, &done));
    if (*v && !done) {
      if (promise_then_natives(rt, v, async_dispose_fulfilled, async_dispose_rejected, data)) return;
      /* Await's PromiseResolve threw: a throw completion of this step */
      Handle err = handle_new(rt, rt->exception);
      runtime_clear_exception(rt);
      if (dispose_record_error(rt, cap, err)) continue;
      *v = VALUE_EMPTY;
    }
    bool rejected = !*v;
    if (rejected) {
      *v = rt->exception;
      runtime_clear_exception(rt);
    }
    if (!promise_settle_value(rt, promise, v, rejected)) runtime_clear_exception(rt);
    return;
  }
}

/* AsyncDisposableStack.prototype.disposeAsync (also @@asyncDispose). */
static rd_value async_dispose_async(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle promise = handle_new(rt, promise_new_pending(rt));
  if (!*promise) return VALUE_EMPTY;
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  if (!is_stack(*a->receiver, DS_ASYNC_BRAND)) {
    Handle err = handle_new(rt, VALUE_UNDEFINED);
    js_throw(rt, ERROR_TypeError, "AsyncDisposableStack.prototype.disposeAsync called on an incompatible receiver");
    *err = rt->exception;
    runtime_clear_exception(rt);
    if (!promise_settle_value(rt, promise, err, true)) return VALUE_EMPTY;
    return *promise;
  }
  Handle s = handle_new(rt, *a->receiver);
  if (DS_WORD(*s, DS_STATE) == value_from_int32(DS_DISPOSED)) {
    if (!promise_settle_value(rt, promise, undef, false)) return VALUE_EMPTY;
    return *promise;
  }
  DS_WORD(*s, DS_STATE) = value_from_int32(DS_DISPOSED);
  Handle d = handle_new(rt, factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*d) return VALUE_EMPTY;
  SET(*d, 0, DS_WORD(*s, DS_CAP));
  SET(*d, 1, *promise);
  async_dispose_continue(rt, d);
  return *promise;
}

/* %AsyncIteratorPrototype%[@@asyncDispose](): awaits this.return(), if any,
 * and resolves with undefined. */
static rd_value unwrap_undefined(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, lib_native_data(a));
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  return promise_settle_value(rt, p, undef, false) ? VALUE_UNDEFINED : VALUE_EMPTY;
}
static rd_value reject_with_reason(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, lib_native_data(a));
  Handle reason = handle_new(rt, native_arg(a, 0));
  return promise_settle_value(rt, p, reason, true) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

static rd_value async_iterator_async_dispose(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle promise = handle_new(rt, promise_new_pending(rt));
  if (!*promise) return VALUE_EMPTY;
  Handle key = handle_new(rt, lib_key(rt, "return"));
  if (!*key) return VALUE_EMPTY;
  Handle result = handle_new(rt, lib_get_method(rt, a->receiver, key));
  if (*result && *result != VALUE_UNDEFINED) {
    Handle ret = handle_new(rt, *result);
    *result = lib_call(rt, ret, a->receiver, 0, NULL);
    if (*result) {
      if (promise_then_natives(rt, result, unwrap_undefined, reject_with_reason, promise)) return *promise;
      *result = VALUE_EMPTY;
    }
  }
  bool rejected = !*result;
  if (rejected) {
    *result = rt->exception;
    runtime_clear_exception(rt);
  }
  if (!promise_settle_value(rt, promise, result, rejected)) return VALUE_EMPTY;
  return *promise;
}

/* --- installation ------------------------------------------------------------------------------ */
/* One of the two constructors with its prototype: methods (the first is
 * dispose / disposeAsync, also installed under the dispose symbol), the
 * disposed getter and @@toStringTag. */
static bool init_stack(Runtime *rt, bool async, NativeFn ctor, const BuiltinMethod *methods, size_t n,
                       NativeFn disposed) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  rd_value m = factory_map(rt, TYPE_JS_OBJECT, 8 * (DS_START + DS_INOBJECT), DS_INOBJECT, proto);
  if (!m) return false;
  MAP(m)->inobject_start = DS_START;
  interp_set_intrinsic(rt, async ? INTRINSIC_async_disposable_stack_map : INTRINSIC_disposable_stack_map, m);
  Handle c = handle_new(rt, builtins_constructor(rt, stack_name(async), ctor, 0, proto));
  if (!*c || !builtins_install(rt, proto, methods, n)) return false;
  Handle dk = handle_new(rt, lib_key(rt, methods[0].name));
  if (!*dk) return false;
  Handle dispose = handle_new(rt, js_get(rt, proto, dk));
  if (!*dispose || !builtins_define(rt, proto, async ? "@asyncDispose" : "@dispose", dispose,
                                    PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
    return false;
  Handle getter = handle_new(rt, builtins_function(rt, "get disposed", disposed, 0));
  Handle key = handle_new(rt, lib_key(rt, "disposed"));
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  Handle tag = handle_new(rt, lib_key(rt, stack_name(async)));
  if (!*getter || !*key || !*tag ||
      object_define_accessor(rt, proto, key, getter, undef, PROPERTY_CONFIGURABLE) != PROPERTY_OK ||
      !builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE))
    return false;
  return builtins_define_global(rt, stack_name(async), c);
}

bool builtins_init_disposable_stack(Runtime *rt) {
  HANDLE_SCOPE(rt);
  static const BuiltinMethod sync_methods[] = {
      {"dispose", sync_dispose, 0}, {"adopt", sync_adopt, 2}, {"defer", sync_defer, 1},
      {"move", sync_move, 0},       {"use", sync_use, 1},
  };
  static const BuiltinMethod async_methods[] = {
      {"disposeAsync", async_dispose_async, 0}, {"adopt", async_adopt, 2}, {"defer", async_defer, 1},
      {"move", async_move, 0},                  {"use", async_use, 1},
  };
  if (!init_stack(rt, false, sync_ctor, sync_methods, ARRAY_LEN(sync_methods), sync_disposed) ||
      !init_stack(rt, true, async_ctor, async_methods, ARRAY_LEN(async_methods), async_disposed))
    return false;
  Handle aip = handle_new(rt, interp_intrinsic(rt, INTRINSIC_async_iterator_prototype));
  if (!value_is_js_object(*aip)) return true;
  static const BuiltinMethod aip_methods[] = {{"@asyncDispose", async_iterator_async_dispose, 0}};
  return builtins_install(rt, aip, aip_methods, 1);
}
