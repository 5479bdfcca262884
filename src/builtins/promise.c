/*
 * promise.c - the Promise built-in (constructor, resolving functions, then /
 * catch / finally, resolve / reject / all / allSettled / any / race /
 * withResolvers), the job queue (interp_run_jobs) and what await and async
 * functions need (interp_await, interp_async_function_settle).
 *
 * A promise is a JS object with internal words after its header (its maps
 * have inobject_start = P_START):
 *   P_STATE      int32 PromiseState
 *   P_RESULT     the value or reason once settled
 *   P_REACTIONS  pending reactions, newest first: FixedArray
 *                [next, cap promise, cap resolve, cap reject, on fulfilled, on rejected]
 *                (a generator object as handler: resume it - await)
 *   P_BRAND      int32 P_BRAND_VALUE: only promises made here carry it
 * A capability whose resolve is undefined is the built-in one of its promise.
 * Jobs are FixedArrays [kind, a, b, c] in a ring kept in INTRINSIC_job_queue
 * ([head, tail, jobs...]). Invariant: a settled promise has no reactions.
 */
#include "builtins/atomics.h"
#include "builtins/builtins.h"
#include "builtins/library.h"
#include "builtins/weak_ref.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

enum { P_STATE, P_RESULT, P_REACTIONS, P_BRAND, P_WORDS };
#define P_START (JS_OBJECT_HEADER_WORDS + P_WORDS)
#define P_BRAND_VALUE 0x50524f4d
#define P_WORD(o, i) (((rd_value *)value_to_ptr(o))[JS_OBJECT_HEADER_WORDS + (i)])
typedef enum { PROMISE_PENDING, PROMISE_FULFILLED, PROMISE_REJECTED } PromiseState;
enum { R_NEXT, R_PROMISE, R_RESOLVE, R_REJECT, R_ON_FULFILLED, R_ON_REJECTED, R_SIZE };
enum { JOB_REACTION, JOB_THENABLE };
enum { Q_HEAD, Q_TAIL, Q_FIRST };

static bool is_promise(rd_value v) {
  return value_has_type(v, TYPE_JS_OBJECT) && heap_object_map(value_to_ptr(v))->inobject_start == P_START &&
         P_WORD(v, P_BRAND) == value_from_int32(P_BRAND_VALUE);
}

/* The data word of the running native function. */
static rd_value native_data(NativeArgs *a) {
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  return ((NativeFunctionInfo *)value_to_ptr(s->native))->data;
}

/* A non-constructor native function whose data word is data. */
static rd_value closure_new(Runtime *rt, NativeFn fn, uint32_t length, Handle data) {
  rd_value f = builtins_function(rt, "", fn, length);
  if (!f) return VALUE_EMPTY;
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared);
  NativeFunctionInfo *info = (NativeFunctionInfo *)value_to_ptr(s->native);
  HEAP_STORE(info, info->data, *data);
  return f;
}

static rd_value fixed(Runtime *rt, uint32_t n) { return factory_fixed_array(rt, n, VALUE_UNDEFINED, ALLOC_YOUNG); }
#define FA(v) FIXED_ARRAY(v)
#define SET(arr, i, v) HEAP_STORE(value_to_ptr(arr), FIXED_ARRAY(arr)->data[(i)], (v))

/* A pending promise with prototype proto (NULL: %Promise.prototype%). */
static rd_value promise_new(Runtime *rt, Handle proto) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, interp_intrinsic(rt, INTRINSIC_promise_map));
  if (!value_is_ptr(*map)) return js_throw(rt, ERROR_TypeError, "Promise is not set up");
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  P_WORD(o, P_STATE) = value_from_int32(PROMISE_PENDING);
  P_WORD(o, P_BRAND) = value_from_int32(P_BRAND_VALUE);
  if (proto && value_is_js_object(*proto) && *proto != MAP(*map)->prototype) {
    Handle ho = handle_new(rt, o);
    if (object_set_prototype(rt, ho, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    o = *ho;
  }
  return o;
}

/* --- the job queue ------------------------------------------------------------------------- */
static bool enqueue(Runtime *rt, int kind, Handle a, Handle b, Handle c) {
  HANDLE_SCOPE(rt);
  rd_value j = fixed(rt, 4);
  if (!j) return false;
  Handle job = handle_new(rt, j);
  FA(j)->data[0] = value_from_int32(kind);
  SET(j, 1, *a);
  SET(j, 2, *b);
  SET(j, 3, c ? *c : VALUE_UNDEFINED);
  Handle q = handle_new(rt, interp_intrinsic(rt, INTRINSIC_job_queue));
  uint32_t head = (uint32_t)value_to_int32(FA(*q)->data[Q_HEAD]);
  uint32_t tail = (uint32_t)value_to_int32(FA(*q)->data[Q_TAIL]);
  uint32_t cap = fixed_array_length(*q);
  if (tail == cap) {
    uint32_t live = tail - head;
    uint32_t ncap = live * 2 + Q_FIRST + 16 > cap ? cap * 2 : cap;
    rd_value nq = factory_fixed_array(rt, ncap, VALUE_UNDEFINED, ALLOC_OLD);
    if (!nq) return false;
    for (uint32_t i = 0; i < live; i++) SET(nq, Q_FIRST + i, FA(*q)->data[head + i]);
    *q = nq;
    head = Q_FIRST;
    tail = Q_FIRST + live;
    interp_set_intrinsic(rt, INTRINSIC_job_queue, nq);
  }
  SET(*q, tail, *job);
  FA(*q)->data[Q_HEAD] = value_from_int32((int32_t)head);
  FA(*q)->data[Q_TAIL] = value_from_int32((int32_t)tail + 1);
  return true;
}

/* --- settling ------------------------------------------------------------------------------ */
static bool promise_resolve_with(Runtime *rt, Handle promise, Handle resolution);

/* Settles promise (pending) and queues its reactions, oldest first. */
static bool settle(Runtime *rt, Handle promise, Handle value, PromiseState state) {
  HANDLE_SCOPE(rt);
  Handle list = handle_new(rt, P_WORD(*promise, P_REACTIONS));
  P_WORD(*promise, P_STATE) = value_from_int32(state);
  HEAP_STORE(value_to_ptr(*promise), P_WORD(*promise, P_RESULT), *value);
  P_WORD(*promise, P_REACTIONS) = VALUE_UNDEFINED;
  /* reverse the list: reactions run in registration order */
  Handle rev = handle_new(rt, VALUE_UNDEFINED), next = handle_new(rt, VALUE_UNDEFINED);
  while (value_is_ptr(*list)) {
    *next = FA(*list)->data[R_NEXT];
    SET(*list, R_NEXT, *rev);
    *rev = *list;
    *list = *next;
  }
  Handle type = handle_new(rt, value_from_int32(state == PROMISE_REJECTED));
  while (value_is_ptr(*rev)) {
    if (!enqueue(rt, JOB_REACTION, rev, value, type)) return false;
    *rev = FA(*rev)->data[R_NEXT];
  }
  return true;
}

static bool reject_with(Runtime *rt, Handle promise, Handle reason) {
  if (P_WORD(*promise, P_STATE) != value_from_int32(PROMISE_PENDING)) return true;
  return settle(rt, promise, reason, PROMISE_REJECTED);
}

/* Rejects promise with the pending exception (cleared). */
static bool reject_with_exception(Runtime *rt, Handle promise) {
  HANDLE_SCOPE(rt);
  Handle e = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  return reject_with(rt, promise, e);
}

/* [[Resolve]] of promise's resolving functions (already-resolved checked by the caller). */
static bool promise_resolve_with(Runtime *rt, Handle promise, Handle resolution) {
  HANDLE_SCOPE(rt);
  if (*resolution == *promise) {
    Handle msg = handle_new(rt, string_from_cstr(rt, "Chaining cycle detected for promise"));
    if (!*msg) return false;
    Handle err = handle_new(rt, builtins_make_error(rt, ERROR_TypeError, msg));
    if (!*err) return false;
    return reject_with(rt, promise, err);
  }
  if (!value_is_js_object(*resolution)) return settle(rt, promise, resolution, PROMISE_FULFILLED);
  Handle key = handle_new(rt, string_internalize_cstr(rt, "then"));
  if (!*key) return false;
  rd_value then = js_get(rt, resolution, key);
  if (!then) return reject_with_exception(rt, promise);
  if (!value_is_callable(then)) return settle(rt, promise, resolution, PROMISE_FULFILLED);
  Handle ht = handle_new(rt, then);
  return enqueue(rt, JOB_THENABLE, promise, resolution, ht);
}

/* Resolving functions: data = [promise, already resolved]. */
static rd_value resolve_fn(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, native_data(a));
  if (FA(*d)->data[1] == VALUE_TRUE) return VALUE_UNDEFINED;
  FA(*d)->data[1] = VALUE_TRUE;
  Handle p = handle_new(rt, FA(*d)->data[0]);
  Handle v = handle_new(rt, native_arg(a, 0));
  return promise_resolve_with(rt, p, v) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

static rd_value reject_fn(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, native_data(a));
  if (FA(*d)->data[1] == VALUE_TRUE) return VALUE_UNDEFINED;
  FA(*d)->data[1] = VALUE_TRUE;
  Handle p = handle_new(rt, FA(*d)->data[0]);
  Handle v = handle_new(rt, native_arg(a, 0));
  return reject_with(rt, p, v) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

/* CreateResolvingFunctions: stores them in *res and *rej. */
static bool resolving_functions(Runtime *rt, Handle promise, Handle res, Handle rej) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, fixed(rt, 2));
  if (!*d) return false;
  SET(*d, 0, *promise);
  FA(*d)->data[1] = VALUE_FALSE;
  if (!(*res = closure_new(rt, resolve_fn, 1, d))) return false;
  if (!(*rej = closure_new(rt, reject_fn, 1, d))) return false;
  return true;
}

/* --- capabilities ---------------------------------------------------------------------------- */
/* Executor of NewPromiseCapability: data = the capability [promise, resolve, reject]. */
static rd_value capability_executor(Runtime *rt, NativeArgs *a) {
  rd_value cap = native_data(a);
  if (FA(cap)->data[1] != VALUE_UNDEFINED || FA(cap)->data[2] != VALUE_UNDEFINED)
    return js_throw(rt, ERROR_TypeError, "Promise executor has already been invoked");
  SET(cap, 1, native_arg(a, 0));
  SET(cap, 2, native_arg(a, 1));
  return VALUE_UNDEFINED;
}

/* NewPromiseCapability(C): [promise, resolve, reject]; resolve undefined
 * means the built-in resolution of a promise made here. */
static rd_value new_capability(Runtime *rt, Handle c) {
  HANDLE_SCOPE(rt);
  Handle cap = handle_new(rt, fixed(rt, 3));
  if (!*cap) return VALUE_EMPTY;
  Handle intrinsic = handle_new(rt, VALUE_UNDEFINED);
  {
    Handle key = handle_new(rt, string_internalize_cstr(rt, "constructor"));
    Handle proto = handle_new(rt, interp_intrinsic(rt, INTRINSIC_promise_prototype));
    if (!*key) return VALUE_EMPTY;
    if (value_is_js_object(*proto)) {
      PropertyLookup l;
      if (object_lookup_own(rt, *proto, *key, &l)) {
        rd_value v = js_get(rt, proto, key);
        if (!v) return VALUE_EMPTY;
        *intrinsic = v;
      }
    }
  }
  if (*c == *intrinsic && value_is_callable(*c)) {
    rd_value p = promise_new(rt, NULL);
    if (!p) return VALUE_EMPTY;
    SET(*cap, 0, p);
    return *cap;
  }
  if (!value_is_callable(*c) || (value_to_int32(((SharedFunctionInfo *)value_to_ptr(
                                     ((JSFunction *)value_to_ptr(*c))->shared))->flags) & SFI_NOT_CONSTRUCTOR))
    return js_throw(rt, ERROR_TypeError, "Promise capability target is not a constructor");
  Handle ex = handle_new(rt, closure_new(rt, capability_executor, 2, cap));
  if (!*ex) return VALUE_EMPTY;
  rd_value p = interp_construct(rt, c, c, 1, ex);
  if (!p) return VALUE_EMPTY;
  if (!value_is_callable(FA(*cap)->data[1]) || !value_is_callable(FA(*cap)->data[2]))
    return js_throw(rt, ERROR_TypeError, "Promise resolve or reject function is not callable");
  SET(*cap, 0, p);
  return *cap;
}

/* Calls the resolve (reject: the reject) function of capability cap with v. */
static bool capability_settle(Runtime *rt, Handle cap, Handle v, bool reject) {
  HANDLE_SCOPE(rt);
  if (FA(*cap)->data[1] == VALUE_UNDEFINED) {
    Handle p = handle_new(rt, FA(*cap)->data[0]);
    if (P_WORD(*p, P_STATE) != value_from_int32(PROMISE_PENDING)) return true;
    return reject ? reject_with(rt, p, v) : promise_resolve_with(rt, p, v);
  }
  Handle f = handle_new(rt, FA(*cap)->data[reject ? 2 : 1]);
  return interp_call(rt, f, NULL, 1, v) != VALUE_EMPTY;
}

/* Rejects cap with the pending exception; returns cap's promise (or EMPTY). */
static rd_value capability_reject_exception(Runtime *rt, Handle cap) {
  HANDLE_SCOPE(rt);
  Handle e = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  if (!capability_settle(rt, cap, e, true)) return VALUE_EMPTY;
  return FA(*cap)->data[0];
}

/* PerformPromiseThen(promise, on_f, on_r, cap or undefined). */
static bool perform_then(Runtime *rt, Handle promise, Handle on_f, Handle on_r, Handle cap) {
  HANDLE_SCOPE(rt);
  Handle r = handle_new(rt, fixed(rt, R_SIZE));
  if (!*r) return false;
  if (value_is_ptr(*cap)) {
    for (int i = 0; i < 3; i++) SET(*r, R_PROMISE + i, FA(*cap)->data[i]);
  }
  SET(*r, R_ON_FULFILLED, *on_f);
  SET(*r, R_ON_REJECTED, *on_r);
  int32_t st = value_to_int32(P_WORD(*promise, P_STATE));
  if (st == PROMISE_PENDING) {
    SET(*r, R_NEXT, P_WORD(*promise, P_REACTIONS));
    HEAP_STORE(value_to_ptr(*promise), P_WORD(*promise, P_REACTIONS), *r);
    return true;
  }
  Handle v = handle_new(rt, P_WORD(*promise, P_RESULT));
  Handle type = handle_new(rt, value_from_int32(st == PROMISE_REJECTED));
  return enqueue(rt, JOB_REACTION, r, v, type);
}

/* --- jobs ------------------------------------------------------------------------------------ */
static void async_resume(Runtime *rt, Handle gen, Handle value, bool rejected);

static bool run_reaction(Runtime *rt, Handle r, Handle arg, bool rejected) {
  HANDLE_SCOPE(rt);
  Handle h = handle_new(rt, FA(*r)->data[rejected ? R_ON_REJECTED : R_ON_FULFILLED]);
  if (interp_is_generator(*h)) {
    async_resume(rt, h, arg, rejected);
    return true;
  }
  Handle result = handle_new(rt, *arg);
  bool is_reject = rejected;
  if (value_is_callable(*h)) {
    rd_value v = interp_call(rt, h, NULL, 1, arg);
    if (v) {
      *result = v;
      is_reject = false;
    } else {
      *result = rt->exception;
      rt->exception = VALUE_EMPTY;
      is_reject = true;
    }
  }
  if (FA(*r)->data[R_PROMISE] == VALUE_UNDEFINED) return true;
  Handle cap = handle_new(rt, fixed(rt, 3));
  if (!*cap) return false;
  for (int i = 0; i < 3; i++) SET(*cap, i, FA(*r)->data[R_PROMISE + i]);
  return capability_settle(rt, cap, result, is_reject);
}

static bool run_thenable(Runtime *rt, Handle promise, Handle thenable, Handle then) {
  HANDLE_SCOPE(rt);
  Handle fns = handle_new(rt, fixed(rt, 2));
  if (!*fns) return false;
  Handle res = handle_new(rt, VALUE_UNDEFINED), rej = handle_new(rt, VALUE_UNDEFINED);
  if (!resolving_functions(rt, promise, res, rej)) return false;
  SET(*fns, 0, *res);
  SET(*fns, 1, *rej);
  rd_value v = interp_call(rt, then, thenable, 2, FA(*fns)->data);
  if (v) return true;
  Handle e = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  return interp_call(rt, rej, NULL, 1, e) != VALUE_EMPTY;
}

bool interp_run_jobs(Runtime *rt) {
  HANDLE_SCOPE(rt);
  if (!value_is_ptr(interp_intrinsic(rt, INTRINSIC_job_queue))) return true;
  Handle pending = handle_new(rt, rt->exception);   /* jobs run with no exception pending */
  rt->exception = VALUE_EMPTY;
  weak_ref_clear_kept_objects(rt);   /* the script before the loop was a job too */
  for (;;) {
    HANDLE_SCOPE(rt);
    rd_value q = interp_intrinsic(rt, INTRINSIC_job_queue);
    uint32_t head = (uint32_t)value_to_int32(FA(q)->data[Q_HEAD]);
    uint32_t tail = (uint32_t)value_to_int32(FA(q)->data[Q_TAIL]);
    if (head == tail) {
      FA(q)->data[Q_HEAD] = FA(q)->data[Q_TAIL] = value_from_int32(Q_FIRST);
      /* FinalizationRegistry cleanup is a job; then the host's one timer source,
       * Atomics.waitAsync timeouts, which sleeps until the first one is due. */
      if (!weak_ref_run_cleanup_job(rt) && !atomics_run_timeouts(rt)) break;
      weak_ref_clear_kept_objects(rt);
      continue;
    }
    Handle job = handle_new(rt, FA(q)->data[head]);
    FA(q)->data[head] = VALUE_UNDEFINED;
    FA(q)->data[Q_HEAD] = value_from_int32((int32_t)head + 1);
    Handle a = handle_new(rt, FA(*job)->data[1]);
    Handle b = handle_new(rt, FA(*job)->data[2]);
    Handle c = handle_new(rt, FA(*job)->data[3]);
    bool ok = value_to_int32(FA(*job)->data[0]) == JOB_REACTION ? run_reaction(rt, a, b, *c == value_from_int32(1))
                                                                 : run_thenable(rt, a, b, c);
    if (!ok) rt->exception = VALUE_EMPTY;   /* errors of jobs are reported nowhere */
    weak_ref_clear_kept_objects(rt);
  }
  rt->exception = *pending;
  return true;
}

/* --- await and async functions ---------------------------------------------------------------- */
/* PromiseResolve(%Promise%, value). */
static rd_value promise_resolve_intrinsic(Runtime *rt, Handle value) {
  HANDLE_SCOPE(rt);
  if (is_promise(*value)) {
    rd_value proto = interp_intrinsic(rt, INTRINSIC_promise_prototype);
    if (object_get_prototype(*value) == proto) {
      /* value.constructor === %Promise%: read it (observable getter) */
      Handle key = handle_new(rt, string_internalize_cstr(rt, "constructor"));
      if (!*key) return VALUE_EMPTY;
      rd_value c = js_get(rt, value, key);
      if (!c) return VALUE_EMPTY;
      Handle hc = handle_new(rt, c);
      Handle hp = handle_new(rt, interp_intrinsic(rt, INTRINSIC_promise_prototype));
      rd_value pc = js_get(rt, hp, key);
      if (!pc) return VALUE_EMPTY;
      if (pc == *hc) return *value;
    }
  }
  Handle p = handle_new(rt, promise_new(rt, NULL));
  if (!*p || !promise_resolve_with(rt, p, value)) return VALUE_EMPTY;
  return *p;
}

rd_value interp_await(Runtime *rt, Handle gen, Handle value) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, promise_resolve_intrinsic(rt, value));
  if (!*p) return VALUE_EMPTY;
  Handle none = handle_new(rt, VALUE_UNDEFINED);
  if (!perform_then(rt, p, gen, gen, none)) return VALUE_EMPTY;
  return GEN_WORD(*gen, GEN_PROMISE);
}

rd_value interp_async_function_settle(Runtime *rt, Handle gen, Handle value, bool reject) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, GEN_WORD(*gen, GEN_PROMISE));
  if (!is_promise(*p)) {
    rd_value np = promise_new(rt, NULL);
    if (!np) return VALUE_EMPTY;
    *p = np;
    HEAP_STORE(value_to_ptr(*gen), GEN_WORD(*gen, GEN_PROMISE), np);
  }
  if (P_WORD(*p, P_STATE) == value_from_int32(PROMISE_PENDING)) {
    if (!(reject ? reject_with(rt, p, value) : promise_resolve_with(rt, p, value))) return VALUE_EMPTY;
  }
  return *p;
}

/* Defined in generator.c: continues an async generator after a resumption. */
void async_generator_after_resume(Runtime *rt, Handle gen, Handle result, int32_t kind);

static void async_resume(Runtime *rt, Handle gen, Handle value, bool rejected) {
  HANDLE_SCOPE(rt);
  int32_t kind;
  rd_value r = interp_generator_resume(rt, gen, value, rejected ? RESUME_THROW : RESUME_NEXT, &kind);
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(
      ((JSFunction *)value_to_ptr(GEN_WORD(*gen, GEN_FUNCTION)))->shared);
  if (value_to_int32(s->flags) & SFI_GENERATOR) {
    Handle hr = handle_new(rt, r);
    async_generator_after_resume(rt, gen, hr, kind);
    return;
  }
  if (!r) rt->exception = VALUE_EMPTY;
}

/* Made for async functions by CreateGeneratorObject's caller: see generator.c. */
rd_value promise_new_pending(Runtime *rt) { return promise_new(rt, NULL); }
bool promise_settle_value(Runtime *rt, Handle promise, Handle value, bool reject) {
  if (P_WORD(*promise, P_STATE) != value_from_int32(PROMISE_PENDING)) return true;
  return reject ? reject_with(rt, promise, value) : promise_resolve_with(rt, promise, value);
}
/* Subscribes generator gen to value (as await does) without suspending. */
bool promise_subscribe_generator(Runtime *rt, Handle gen, Handle value);
bool promise_subscribe_generator(Runtime *rt, Handle gen, Handle value) {
  return interp_await(rt, gen, value) != VALUE_EMPTY;
}
/* Calls on_f / on_r (natives with data) when value settles (PromiseResolve + then). */
bool promise_then_natives(Runtime *rt, Handle value, NativeFn on_f, NativeFn on_r, Handle data) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, promise_resolve_intrinsic(rt, value));
  if (!*p) return false;
  Handle f = handle_new(rt, closure_new(rt, on_f, 1, data));
  if (!*f) return false;
  Handle r = handle_new(rt, closure_new(rt, on_r, 1, data));
  if (!*r) return false;
  Handle none = handle_new(rt, VALUE_UNDEFINED);
  return perform_then(rt, p, f, r, none);
}

/* --- the constructor and its statics ---------------------------------------------------------- */
static rd_value promise_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  if (*a->new_target == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Promise constructor cannot be invoked without 'new'");
  if (!value_is_callable(native_arg(a, 0))) return js_throw(rt, ERROR_TypeError, "Promise resolver is not a function");
  rd_value proto = js_get(rt, a->new_target, ROOT_SLOT(rt, prototype_string));
  if (!proto) return VALUE_EMPTY;
  Handle hp = handle_new(rt, proto);
  if (!value_is_js_object(*hp)) *hp = interp_intrinsic(rt, INTRINSIC_promise_prototype);
  Handle p = handle_new(rt, promise_new(rt, hp));
  if (!*p) return VALUE_EMPTY;
  Handle fns = handle_new(rt, fixed(rt, 2));
  if (!*fns) return VALUE_EMPTY;
  Handle res = handle_new(rt, VALUE_UNDEFINED), rej = handle_new(rt, VALUE_UNDEFINED);
  if (!resolving_functions(rt, p, res, rej)) return VALUE_EMPTY;
  SET(*fns, 0, *res);
  SET(*fns, 1, *rej);
  Handle ex = handle_new(rt, native_arg(a, 0));
  if (!interp_call(rt, ex, NULL, 2, FA(*fns)->data)) {
    Handle e = handle_new(rt, rt->exception);
    rt->exception = VALUE_EMPTY;
    if (!interp_call(rt, rej, NULL, 1, e)) return VALUE_EMPTY;
  }
  return *p;
}

/* PromiseResolve(C, x) */
static rd_value promise_resolve_c(Runtime *rt, Handle c, Handle x) {
  HANDLE_SCOPE(rt);
  if (is_promise(*x)) {
    Handle key = handle_new(rt, string_internalize_cstr(rt, "constructor"));
    if (!*key) return VALUE_EMPTY;
    rd_value xc = js_get(rt, x, key);
    if (!xc) return VALUE_EMPTY;
    if (xc == *c) return *x;
  }
  Handle cap = handle_new(rt, new_capability(rt, c));
  if (!*cap) return VALUE_EMPTY;
  if (!capability_settle(rt, cap, x, false)) return VALUE_EMPTY;
  return FA(*cap)->data[0];
}

static rd_value promise_static_resolve(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Promise.resolve called on a non-object");
  HANDLE_SCOPE(rt);
  Handle x = handle_new(rt, native_arg(a, 0));
  return promise_resolve_c(rt, a->receiver, x);
}

static rd_value promise_static_reject(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle cap = handle_new(rt, new_capability(rt, a->receiver));
  if (!*cap) return VALUE_EMPTY;
  Handle x = handle_new(rt, native_arg(a, 0));
  if (!capability_settle(rt, cap, x, true)) return VALUE_EMPTY;
  return FA(*cap)->data[0];
}

static rd_value promise_with_resolvers(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle cap = handle_new(rt, new_capability(rt, a->receiver));
  if (!*cap) return VALUE_EMPTY;
  if (FA(*cap)->data[1] == VALUE_UNDEFINED) {
    Handle p = handle_new(rt, FA(*cap)->data[0]);
    Handle res = handle_new(rt, VALUE_UNDEFINED), rej = handle_new(rt, VALUE_UNDEFINED);
    if (!resolving_functions(rt, p, res, rej)) return VALUE_EMPTY;
    SET(*cap, 1, *res);
    SET(*cap, 2, *rej);
  }
  Handle o = handle_new(rt, object_new(rt));
  if (!*o) return VALUE_EMPTY;
  static const char *const names[] = {"promise", "resolve", "reject"};
  for (int i = 0; i < 3; i++) {
    Handle v = handle_new(rt, FA(*cap)->data[i]);
    if (!builtins_define(rt, o, names[i], v, PROPERTY_ATTRS_DEFAULT)) return VALUE_EMPTY;
  }
  return *o;
}

/* Promise.try(fn, ...args) */
static rd_value promise_try(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  if (!value_is_js_object(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Promise.try called on a non-object");
  Handle cap = handle_new(rt, new_capability(rt, a->receiver));
  if (!*cap) return VALUE_EMPTY;
  Handle fn = handle_new(rt, native_arg(a, 0));
  rd_value r = interp_call(rt, fn, NULL, a->argc > 1 ? a->argc - 1 : 0, a->argv + 1);
  if (!r) return capability_reject_exception(rt, cap);
  Handle hr = handle_new(rt, r);
  if (!capability_settle(rt, cap, hr, false)) return VALUE_EMPTY;
  return FA(*cap)->data[0];
}

static rd_value get_species(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return *a->receiver;
}

/* --- combinators: all, allSettled, any, race ---------------------------------------------- */
typedef enum { COMB_ALL, COMB_ALL_SETTLED, COMB_ANY, COMB_RACE } Combinator;
/* Shared state: [values array, remaining count (int32 in a FixedArray cell), capability]. */
enum { S_VALUES, S_REMAINING, S_CAP, S_SIZE };
/* Element closures: data = [state, index, already called, kind (0 fulfil, 1 reject)]. */

static rd_value make_settled_record(Runtime *rt, Handle v, bool rejected) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, object_new(rt));
  if (!*o) return VALUE_EMPTY;
  Handle s = handle_new(rt, string_from_cstr(rt, rejected ? "rejected" : "fulfilled"));
  if (!*s || !builtins_define(rt, o, "status", s, PROPERTY_ATTRS_DEFAULT)) return VALUE_EMPTY;
  if (!builtins_define(rt, o, rejected ? "reason" : "value", v, PROPERTY_ATTRS_DEFAULT)) return VALUE_EMPTY;
  return *o;
}

/* Decrements the remaining count; at zero settles the capability. */
static bool remaining_down(Runtime *rt, Handle state, Combinator kind) {
  HANDLE_SCOPE(rt);
  rd_value cell = FA(*state)->data[S_REMAINING];
  int32_t n = value_to_int32(FA(cell)->data[0]) - 1;
  FA(cell)->data[0] = value_from_int32(n);
  if (n != 0) return true;
  Handle cap = handle_new(rt, FA(*state)->data[S_CAP]);
  Handle values = handle_new(rt, FA(*state)->data[S_VALUES]);
  if (kind == COMB_ANY) {
    Handle msg = handle_new(rt, string_from_cstr(rt, "All promises were rejected"));
    if (!*msg) return false;
    Handle err = handle_new(rt, builtins_make_aggregate_error(rt, values, msg));
    if (!*err) return false;
    return capability_settle(rt, cap, err, true);
  }
  return capability_settle(rt, cap, values, false);
}

static rd_value element_fn(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, native_data(a));
  if (FA(*d)->data[2] == VALUE_TRUE) return VALUE_UNDEFINED;
  FA(*d)->data[2] = VALUE_TRUE;
  Combinator kind = (Combinator)value_to_int32(FA(*d)->data[3]);
  bool rejected = FA(*d)->data[4] == VALUE_TRUE;
  Handle state = handle_new(rt, FA(*d)->data[0]);
  Handle v = handle_new(rt, native_arg(a, 0));
  if (kind == COMB_ALL_SETTLED) {
    rd_value rec = make_settled_record(rt, v, rejected);
    if (!rec) return VALUE_EMPTY;
    *v = rec;
  }
  Handle values = handle_new(rt, FA(*state)->data[S_VALUES]);
  Handle idx = handle_new(rt, FA(*d)->data[1]);
  if (object_define_own(rt, values, idx, v, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return remaining_down(rt, state, kind) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

/* An element closure of index for state. */
static rd_value element_closure(Runtime *rt, Handle state, uint32_t index, Combinator kind, bool rejected,
                                Handle shared_called) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, fixed(rt, 5));
  if (!*d) return VALUE_EMPTY;
  SET(*d, 0, *state);
  FA(*d)->data[1] = value_from_int32((int32_t)index);
  FA(*d)->data[2] = VALUE_FALSE;
  FA(*d)->data[3] = value_from_int32(kind);
  FA(*d)->data[4] = value_from_bool(rejected);
  (void)shared_called;
  return closure_new(rt, element_fn, 1, d);
}

/* allSettled: both closures of one element share "already called". */
static rd_value settled_fn(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, native_data(a));   /* [element data, rejected] */
  Handle inner = handle_new(rt, FA(*d)->data[0]);
  if (FA(*inner)->data[2] == VALUE_TRUE) return VALUE_UNDEFINED;
  FA(*inner)->data[4] = FA(*d)->data[1];
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  (void)s;
  /* run element_fn's logic with the element data */
  FA(*inner)->data[2] = VALUE_TRUE;
  Handle state = handle_new(rt, FA(*inner)->data[0]);
  Handle v = handle_new(rt, native_arg(a, 0));
  rd_value rec = make_settled_record(rt, v, FA(*d)->data[1] == VALUE_TRUE);
  if (!rec) return VALUE_EMPTY;
  *v = rec;
  Handle values = handle_new(rt, FA(*state)->data[S_VALUES]);
  Handle idx = handle_new(rt, FA(*inner)->data[1]);
  if (object_define_own(rt, values, idx, v, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return remaining_down(rt, state, COMB_ALL_SETTLED) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

static rd_value combinator(Runtime *rt, NativeArgs *a, Combinator kind) {
  HANDLE_SCOPE(rt);
  Handle c = handle_new(rt, *a->receiver);
  Handle cap = handle_new(rt, new_capability(rt, c));
  if (!*cap) return VALUE_EMPTY;
  Handle key = handle_new(rt, string_internalize_cstr(rt, "resolve"));
  if (!*key) return VALUE_EMPTY;
  rd_value res = js_get(rt, c, key);
  if (!res) return capability_reject_exception(rt, cap);
  Handle resolve = handle_new(rt, res);
  if (!value_is_callable(*resolve)) {
    js_throw(rt, ERROR_TypeError, "Promise resolve is not a function");
    return capability_reject_exception(rt, cap);
  }
  Handle iterable = handle_new(rt, native_arg(a, 0));
  rd_value recv = iterator_get_generic(rt, iterable, false);
  if (!recv) return capability_reject_exception(rt, cap);
  Handle rec = handle_new(rt, recv);
  Handle state = handle_new(rt, fixed(rt, S_SIZE));
  if (!*state) return VALUE_EMPTY;
  rd_value arr = array_new(rt, ELEMENTS_PACKED, 0);
  if (!arr) return VALUE_EMPTY;
  SET(*state, S_VALUES, arr);
  rd_value cell = fixed(rt, 1);
  if (!cell) return VALUE_EMPTY;
  FA(cell)->data[0] = value_from_int32(1);
  SET(*state, S_REMAINING, cell);
  SET(*state, S_CAP, *cap);
  Handle then_key = handle_new(rt, string_internalize_cstr(rt, "then"));
  if (!*then_key) return VALUE_EMPTY;
  Handle it = handle_new(rt, FA(*rec)->data[1]), next = handle_new(rt, FA(*rec)->data[2]);
  Handle value = handle_new(rt, VALUE_UNDEFINED), np = handle_new(rt, VALUE_UNDEFINED);
  Handle args = handle_new(rt, fixed(rt, 2));
  if (!*args) return VALUE_EMPTY;
  for (uint32_t index = 0;; index++) {
    rd_value r = interp_call(rt, next, it, 0, NULL);
    if (!r) return capability_reject_exception(rt, cap);
    *value = r;
    bool done;
    r = iterator_result_value(rt, value, &done);
    if (!r) return capability_reject_exception(rt, cap);
    if (done) break;
    *value = r;
    if (kind != COMB_RACE) {
      Handle hi = handle_new(rt, value_from_int32((int32_t)index));
      Handle u = handle_new(rt, VALUE_UNDEFINED);
      Handle values = handle_new(rt, FA(*state)->data[S_VALUES]);
      if (object_define_own(rt, values, hi, u, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    }
    r = interp_call(rt, resolve, c, 1, value);
    if (!r) goto close;
    *np = r;
    Handle on_f = handle_new(rt, VALUE_UNDEFINED), on_r = handle_new(rt, VALUE_UNDEFINED);
    if (kind == COMB_RACE) {
      *on_f = FA(*cap)->data[1];
      *on_r = FA(*cap)->data[2];
      if (*on_f == VALUE_UNDEFINED) {
        Handle p = handle_new(rt, FA(*cap)->data[0]);
        Handle rs = handle_new(rt, VALUE_UNDEFINED), rj = handle_new(rt, VALUE_UNDEFINED);
        if (!resolving_functions(rt, p, rs, rj)) return VALUE_EMPTY;
        SET(*cap, 1, *rs);
        SET(*cap, 2, *rj);
        *on_f = *rs;
        *on_r = *rj;
      }
    } else if (kind == COMB_ALL_SETTLED) {
      Handle inner = handle_new(rt, fixed(rt, 5));
      if (!*inner) return VALUE_EMPTY;
      SET(*inner, 0, *state);
      FA(*inner)->data[1] = value_from_int32((int32_t)index);
      FA(*inner)->data[2] = VALUE_FALSE;
      FA(*inner)->data[3] = value_from_int32(kind);
      FA(*inner)->data[4] = VALUE_FALSE;
      for (int k = 0; k < 2; k++) {
        Handle d = handle_new(rt, fixed(rt, 2));
        if (!*d) return VALUE_EMPTY;
        SET(*d, 0, *inner);
        FA(*d)->data[1] = value_from_bool(k == 1);
        rd_value fn = closure_new(rt, settled_fn, 1, d);
        if (!fn) return VALUE_EMPTY;
        *(k ? on_r : on_f) = fn;
      }
    } else {
      bool el_rejects = kind == COMB_ANY;
      rd_value fn = element_closure(rt, state, index, kind, el_rejects, NULL);
      if (!fn) return VALUE_EMPTY;
      *(el_rejects ? on_r : on_f) = fn;
      if (FA(*cap)->data[1] == VALUE_UNDEFINED) {
        Handle p = handle_new(rt, FA(*cap)->data[0]);
        Handle rs = handle_new(rt, VALUE_UNDEFINED), rj = handle_new(rt, VALUE_UNDEFINED);
        if (!resolving_functions(rt, p, rs, rj)) return VALUE_EMPTY;
        SET(*cap, 1, *rs);
        SET(*cap, 2, *rj);
      }
      *(el_rejects ? on_f : on_r) = FA(*cap)->data[el_rejects ? 1 : 2];
    }
    rd_value cellv = FA(*state)->data[S_REMAINING];
    FA(cellv)->data[0] = value_from_int32(value_to_int32(FA(cellv)->data[0]) + 1);
    rd_value then = js_get(rt, np, then_key);
    if (!then) goto close;
    Handle ht = handle_new(rt, then);
    SET(*args, 0, *on_f);
    SET(*args, 1, *on_r);
    if (!interp_call(rt, ht, np, 2, FA(*args)->data)) goto close;
  }
  if (kind != COMB_RACE && !remaining_down(rt, state, kind)) return capability_reject_exception(rt, cap);
  return FA(*cap)->data[0];
close:
  lib_iterator_close_on_error(rt, it);
  return capability_reject_exception(rt, cap);
}

static rd_value promise_all(Runtime *rt, NativeArgs *a) { return combinator(rt, a, COMB_ALL); }
static rd_value promise_all_settled(Runtime *rt, NativeArgs *a) { return combinator(rt, a, COMB_ALL_SETTLED); }
static rd_value promise_any(Runtime *rt, NativeArgs *a) { return combinator(rt, a, COMB_ANY); }
static rd_value promise_race(Runtime *rt, NativeArgs *a) { return combinator(rt, a, COMB_RACE); }

/* --- prototype methods --------------------------------------------------------------------------- */
/* SpeciesConstructor(o, %Promise%). */
static rd_value species_constructor(Runtime *rt, Handle o) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, string_internalize_cstr(rt, "constructor"));
  if (!*key) return VALUE_EMPTY;
  Handle hp = handle_new(rt, interp_intrinsic(rt, INTRINSIC_promise_prototype));
  Handle dflt = handle_new(rt, js_get(rt, hp, key));
  if (!*dflt) return VALUE_EMPTY;
  return lib_species_constructor(rt, o, dflt);
}

static rd_value promise_then(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  if (!is_promise(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Promise.prototype.then called on a non-promise");
  Handle c = handle_new(rt, species_constructor(rt, a->receiver));
  if (!*c) return VALUE_EMPTY;
  Handle cap = handle_new(rt, new_capability(rt, c));
  if (!*cap) return VALUE_EMPTY;
  Handle f = handle_new(rt, value_is_callable(native_arg(a, 0)) ? native_arg(a, 0) : VALUE_UNDEFINED);
  Handle r = handle_new(rt, value_is_callable(native_arg(a, 1)) ? native_arg(a, 1) : VALUE_UNDEFINED);
  if (!perform_then(rt, a->receiver, f, r, cap)) return VALUE_EMPTY;
  return FA(*cap)->data[0];
}

/* Invoke(o, "then", args). */
static rd_value invoke_then(Runtime *rt, Handle o, uint32_t argc, const rd_value *argv) {
  HANDLE_SCOPE(rt);
  Handle hargs[2] = {NULL, NULL};   /* argv may be a C array: keep it in handles first */
  for (uint32_t i = 0; i < argc && i < 2; i++) hargs[i] = handle_new(rt, argv[i]);
  Handle key = handle_new(rt, string_internalize_cstr(rt, "then"));
  if (!*key) return VALUE_EMPTY;
  if (value_is_nullish(*o)) return js_throw(rt, ERROR_TypeError, "Cannot read properties of %s", *o == VALUE_NULL ? "null" : "undefined");
  Handle obj = handle_new(rt, *o);
  if (!value_is_js_object(*obj)) {
    rd_value w = js_to_object(rt, obj);
    if (!w) return VALUE_EMPTY;
    *obj = w;
  }
  rd_value t = js_get(rt, obj, key);
  if (!t) return VALUE_EMPTY;
  Handle ht = handle_new(rt, t);
  /* argv may point into the heap: copy to a FixedArray kept in a handle */
  Handle args = handle_new(rt, fixed(rt, argc));
  if (!*args) return VALUE_EMPTY;
  for (uint32_t i = 0; i < argc && i < 2; i++) SET(*args, i, *hargs[i]);
  return interp_call(rt, ht, o, argc, FA(*args)->data);
}

static rd_value promise_catch(Runtime *rt, NativeArgs *a) {
  rd_value args[2] = {VALUE_UNDEFINED, native_arg(a, 0)};
  return invoke_then(rt, a->receiver, 2, args);
}

/* finally: data = [onFinally, C] for then/catch-finally; [value, is_throw] for the thunks. */
static rd_value value_thunk(Runtime *rt, NativeArgs *a) {
  rd_value d = native_data(a);
  if (FA(d)->data[1] == VALUE_TRUE) {
    rt->exception = FA(d)->data[0];
    return VALUE_EMPTY;
  }
  return FA(d)->data[0];
}

static rd_value finally_common(Runtime *rt, NativeArgs *a, bool is_throw) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, native_data(a));
  Handle on_finally = handle_new(rt, FA(*d)->data[0]);
  Handle c = handle_new(rt, FA(*d)->data[1]);
  rd_value r = interp_call(rt, on_finally, NULL, 0, NULL);
  if (!r) return VALUE_EMPTY;
  Handle hr = handle_new(rt, r);
  Handle p = handle_new(rt, promise_resolve_c(rt, c, hr));
  if (!*p) return VALUE_EMPTY;
  Handle td = handle_new(rt, fixed(rt, 2));
  if (!*td) return VALUE_EMPTY;
  SET(*td, 0, native_arg(a, 0));
  FA(*td)->data[1] = value_from_bool(is_throw);
  rd_value thunk = closure_new(rt, value_thunk, 0, td);
  if (!thunk) return VALUE_EMPTY;
  return invoke_then(rt, p, 1, &thunk);
}
static rd_value then_finally(Runtime *rt, NativeArgs *a) { return finally_common(rt, a, false); }
static rd_value catch_finally(Runtime *rt, NativeArgs *a) { return finally_common(rt, a, true); }

static rd_value promise_finally(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  if (!value_is_js_object(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Promise.prototype.finally called on a non-object");
  Handle c = handle_new(rt, species_constructor(rt, a->receiver));
  if (!*c) return VALUE_EMPTY;
  Handle on_finally = handle_new(rt, native_arg(a, 0));
  if (!value_is_callable(*on_finally)) {
    rd_value args[2] = {*on_finally, *on_finally};
    return invoke_then(rt, a->receiver, 2, args);
  }
  Handle d = handle_new(rt, fixed(rt, 2));
  if (!*d) return VALUE_EMPTY;
  SET(*d, 0, *on_finally);
  SET(*d, 1, *c);
  Handle tf = handle_new(rt, closure_new(rt, then_finally, 1, d));
  if (!*tf) return VALUE_EMPTY;
  Handle cf = handle_new(rt, closure_new(rt, catch_finally, 1, d));
  if (!*cf) return VALUE_EMPTY;
  rd_value args[2] = {*tf, *cf};
  return invoke_then(rt, a->receiver, 2, args);
}

bool builtins_init_promise(Runtime *rt) {
  HANDLE_SCOPE(rt);
  if (!interp_intrinsics_init(rt)) return false;
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  interp_set_intrinsic(rt, INTRINSIC_promise_prototype, *proto);
  rd_value m = factory_map(rt, TYPE_JS_OBJECT, 8 * (P_START + 2), 2, proto);
  if (!m) return false;
  MAP(m)->inobject_start = P_START;
  interp_set_intrinsic(rt, INTRINSIC_promise_map, m);
  rd_value q = factory_fixed_array(rt, 64, VALUE_UNDEFINED, ALLOC_OLD);
  if (!q) return false;
  FA(q)->data[Q_HEAD] = FA(q)->data[Q_TAIL] = value_from_int32(Q_FIRST);
  interp_set_intrinsic(rt, INTRINSIC_job_queue, q);
  Handle ctor = handle_new(rt, builtins_constructor(rt, "Promise", promise_ctor, 1, proto));
  if (!*ctor) return false;
  static const BuiltinMethod statics[] = {
      {"resolve", promise_static_resolve, 1}, {"reject", promise_static_reject, 1},
      {"all", promise_all, 1},                {"allSettled", promise_all_settled, 1},
      {"any", promise_any, 1},                {"race", promise_race, 1},
      {"withResolvers", promise_with_resolvers, 0}, {"try", promise_try, 1},
  };
  static const BuiltinMethod methods[] = {
      {"then", promise_then, 2}, {"catch", promise_catch, 1}, {"finally", promise_finally, 1}};
  if (!builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) ||
      !builtins_install(rt, proto, methods, ARRAY_LEN(methods)))
    return false;
  Handle tag = handle_new(rt, string_from_cstr(rt, "Promise"));
  if (!*tag || !builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE)) return false;
  Handle getter = handle_new(rt, builtins_function(rt, "get [Symbol.species]", get_species, 0));
  if (!*getter) return false;
  Handle sk = handle_new(rt, ROOT(rt, symbol_species));
  if (!interp_define_accessor(rt, ctor, sk, getter, 0)) return false;
  return builtins_define_global(rt, "Promise", ctor);
}
