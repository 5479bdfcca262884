/*
 * generator.c - %GeneratorFunction.prototype%, %GeneratorPrototype% (next /
 * return / throw), %AsyncFunction.prototype%, %AsyncGeneratorFunction
 * .prototype%, %AsyncGeneratorPrototype% (with the request queue of async
 * generators), %AsyncIteratorPrototype% and %AsyncFromSyncIteratorPrototype%,
 * and the maps the interpreter uses for their instances (the intrinsics of
 * interp/interpreter.h).
 *
 * Async generator requests form a list [next, mode, value, promise] from
 * GEN_PROMISE (head) to GEN_EXTRA (tail). Invariant: an async generator is
 * resumed only by async_generator_resume_next (a request) or by a settled
 * await (while its state reads GEN_EXECUTING), never both at once.
 */
#include "builtins/builtins.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

#define FA(v) FIXED_ARRAY(v)
#define SET(arr, i, v) HEAP_STORE(value_to_ptr(arr), FIXED_ARRAY(arr)->data[(i)], (v))

static uint32_t gen_flags(rd_value gen) {
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(GEN_WORD(gen, GEN_FUNCTION)))->shared);
  return (uint32_t)value_to_int32(s->flags);
}
static int32_t gen_state(rd_value gen) { return value_to_int32(GEN_WORD(gen, GEN_STATE)); }
static void set_state(rd_value gen, GenState s) { GEN_WORD(gen, GEN_STATE) = value_from_int32(s); }

/* --- %GeneratorPrototype% ------------------------------------------------------------------ */
static rd_value generator_resume(Runtime *rt, NativeArgs *a, ResumeMode mode) {
  HANDLE_SCOPE(rt);
  rd_value g = *a->receiver;
  if (!interp_is_generator(g) || (gen_flags(g) & (SFI_ASYNC)) || !(gen_flags(g) & SFI_GENERATOR))
    return js_throw(rt, ERROR_TypeError, "next method called on an incompatible receiver");
  Handle v = handle_new(rt, native_arg(a, 0));
  int32_t st = gen_state(g);
  if (st == GEN_EXECUTING) return js_throw(rt, ERROR_TypeError, "Generator is already running");
  if (st == GEN_SUSPENDED_START && mode != RESUME_NEXT) {
    set_state(g, GEN_COMPLETED);
    st = GEN_COMPLETED;
  }
  if (st == GEN_COMPLETED) {
    if (mode == RESUME_THROW) {
      rt->exception = *v;
      return VALUE_EMPTY;
    }
    if (mode == RESUME_NEXT) *v = VALUE_UNDEFINED;
    return interp_iter_result(rt, v, true);
  }
  int32_t kind;
  rd_value r = interp_generator_resume(rt, a->receiver, v, mode, &kind);
  if (!r) return VALUE_EMPTY;
  if (kind == SUSPEND_YIELD_RAW) return r;
  *v = r;
  return interp_iter_result(rt, v, kind < 0);
}
static rd_value generator_next(Runtime *rt, NativeArgs *a) { return generator_resume(rt, a, RESUME_NEXT); }
static rd_value generator_return(Runtime *rt, NativeArgs *a) { return generator_resume(rt, a, RESUME_RETURN); }
static rd_value generator_throw(Runtime *rt, NativeArgs *a) { return generator_resume(rt, a, RESUME_THROW); }

/* --- async generators -------------------------------------------------------------------- */
enum { Q_NEXT, Q_MODE, Q_VALUE, Q_PROMISE, Q_SIZE };

static bool queue_empty(rd_value gen) { return !value_is_ptr(GEN_WORD(gen, GEN_PROMISE)); }

/* Removes the first request and settles its promise with {value, done} (or rejects with value). */
static bool complete_request(Runtime *rt, Handle gen, Handle value, bool done, bool reject) {
  HANDLE_SCOPE(rt);
  Handle req = handle_new(rt, GEN_WORD(*gen, GEN_PROMISE));
  rd_value next = FA(*req)->data[Q_NEXT];
  HEAP_STORE(value_to_ptr(*gen), GEN_WORD(*gen, GEN_PROMISE), next);
  if (!value_is_ptr(next)) GEN_WORD(*gen, GEN_EXTRA) = VALUE_UNDEFINED;
  Handle p = handle_new(rt, FA(*req)->data[Q_PROMISE]);
  Handle v = handle_new(rt, *value);
  if (!reject) {
    rd_value r = interp_iter_result(rt, value, done);
    if (!r) return false;
    *v = r;
  }
  return promise_settle_value(rt, p, v, reject);
}

static void async_generator_resume_next(Runtime *rt, Handle gen);

/* Return-request on a completed generator: data = the generator. */
static rd_value await_return_fulfilled(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  Handle gen = handle_new(rt, ((NativeFunctionInfo *)value_to_ptr(s->native))->data);
  set_state(*gen, GEN_COMPLETED);
  Handle v = handle_new(rt, native_arg(a, 0));
  if (!complete_request(rt, gen, v, true, false)) return VALUE_EMPTY;
  async_generator_resume_next(rt, gen);
  return VALUE_UNDEFINED;
}
static rd_value await_return_rejected(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  Handle gen = handle_new(rt, ((NativeFunctionInfo *)value_to_ptr(s->native))->data);
  set_state(*gen, GEN_COMPLETED);
  Handle v = handle_new(rt, native_arg(a, 0));
  if (!complete_request(rt, gen, v, true, true)) return VALUE_EMPTY;
  async_generator_resume_next(rt, gen);
  return VALUE_UNDEFINED;
}

/* After the generator ran (result r, suspension kind): settle requests. */
void async_generator_after_resume(Runtime *rt, Handle gen, Handle result, int32_t kind);
void async_generator_after_resume(Runtime *rt, Handle gen, Handle result, int32_t kind) {
  HANDLE_SCOPE(rt);
  if (kind == SUSPEND_AWAIT) {
    set_state(*gen, GEN_EXECUTING);   /* waiting: requests queue up */
    return;
  }
  bool ok;
  if (kind < 0 && !*result) {
    Handle e = handle_new(rt, rt->exception);
    rt->exception = VALUE_EMPTY;
    ok = complete_request(rt, gen, e, true, true);
  } else {
    ok = complete_request(rt, gen, result, kind < 0, false);
  }
  if (!ok) rt->exception = VALUE_EMPTY;
  async_generator_resume_next(rt, gen);
}

static void async_generator_resume_next(Runtime *rt, Handle gen) {
  HANDLE_SCOPE(rt);
  for (;;) {
    int32_t st = gen_state(*gen);
    if (st == GEN_EXECUTING || st == GEN_AWAITING_RETURN || queue_empty(*gen)) return;
    rd_value req = GEN_WORD(*gen, GEN_PROMISE);
    ResumeMode mode = (ResumeMode)value_to_int32(FA(req)->data[Q_MODE]);
    Handle v = handle_new(rt, FA(req)->data[Q_VALUE]);
    if (mode != RESUME_NEXT && st == GEN_SUSPENDED_START) {
      set_state(*gen, GEN_COMPLETED);
      st = GEN_COMPLETED;
    }
    if (st == GEN_COMPLETED) {
      if (mode == RESUME_RETURN) {
        set_state(*gen, GEN_AWAITING_RETURN);
        if (!promise_then_natives(rt, v, await_return_fulfilled, await_return_rejected, gen)) {
          Handle e = handle_new(rt, rt->exception);
          rt->exception = VALUE_EMPTY;
          set_state(*gen, GEN_COMPLETED);
          if (!complete_request(rt, gen, e, true, true)) rt->exception = VALUE_EMPTY;
          continue;
        }
        return;
      }
      bool ok = mode == RESUME_THROW ? complete_request(rt, gen, v, true, true)
                                     : (*v = VALUE_UNDEFINED, complete_request(rt, gen, v, true, false));
      if (!ok) rt->exception = VALUE_EMPTY;
      continue;
    }
    int32_t kind;
    rd_value r = interp_generator_resume(rt, gen, v, mode, &kind);
    Handle hr = handle_new(rt, r);
    async_generator_after_resume(rt, gen, hr, kind);
    return;   /* after_resume continued the queue */
  }
}

static rd_value async_generator_enqueue(Runtime *rt, NativeArgs *a, ResumeMode mode) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, promise_new_pending(rt));
  if (!*p) return VALUE_EMPTY;
  rd_value g = *a->receiver;
  if (!interp_is_generator(g) || (gen_flags(g) & (SFI_ASYNC | SFI_GENERATOR)) != (SFI_ASYNC | SFI_GENERATOR)) {
    js_throw(rt, ERROR_TypeError, "AsyncGenerator method called on an incompatible receiver");
    Handle e = handle_new(rt, rt->exception);
    rt->exception = VALUE_EMPTY;
    if (!promise_settle_value(rt, p, e, true)) return VALUE_EMPTY;
    return *p;
  }
  Handle req = handle_new(rt, factory_fixed_array(rt, Q_SIZE, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*req) return VALUE_EMPTY;
  FA(*req)->data[Q_MODE] = value_from_int32(mode);
  SET(*req, Q_VALUE, native_arg(a, 0));
  SET(*req, Q_PROMISE, *p);
  g = *a->receiver;
  rd_value tail = GEN_WORD(g, GEN_EXTRA);
  if (value_is_ptr(tail) && !queue_empty(g)) SET(tail, Q_NEXT, *req);
  else HEAP_STORE(value_to_ptr(g), GEN_WORD(g, GEN_PROMISE), *req);
  HEAP_STORE(value_to_ptr(g), GEN_WORD(g, GEN_EXTRA), *req);
  async_generator_resume_next(rt, a->receiver);
  return *p;
}
static rd_value async_generator_next(Runtime *rt, NativeArgs *a) { return async_generator_enqueue(rt, a, RESUME_NEXT); }
static rd_value async_generator_return(Runtime *rt, NativeArgs *a) { return async_generator_enqueue(rt, a, RESUME_RETURN); }
static rd_value async_generator_throw(Runtime *rt, NativeArgs *a) { return async_generator_enqueue(rt, a, RESUME_THROW); }

/* --- %AsyncFromSyncIteratorPrototype% ------------------------------------------------------- */
/* Instances: an object whose internal word 0 is the sync iterator record. */
#define AFS_START (JS_OBJECT_HEADER_WORDS + 1)
#define AFS_WORD(o) (((rd_value *)value_to_ptr(o))[JS_OBJECT_HEADER_WORDS])

rd_value interp_async_from_sync_iterator(Runtime *rt, Handle rec) {
  HANDLE_SCOPE(rt);
  rd_value proto = interp_intrinsic(rt, INTRINSIC_async_from_sync_prototype);
  if (!value_is_js_object(proto)) return js_throw(rt, ERROR_TypeError, "async iteration is not set up");
  Handle hp = handle_new(rt, proto);
  Handle map = handle_new(rt, factory_map(rt, TYPE_JS_OBJECT, 8 * (AFS_START + 1), 1, hp));
  if (!*map) return VALUE_EMPTY;
  MAP(*map)->inobject_start = AFS_START;
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(o), AFS_WORD(o), *rec);
  return o;
}

/* Continuations: data = [promise, done]. */
static rd_value afs_unwrap(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  Handle d = handle_new(rt, ((NativeFunctionInfo *)value_to_ptr(s->native))->data);
  Handle v = handle_new(rt, native_arg(a, 0));
  rd_value r = interp_iter_result(rt, v, FA(*d)->data[1] == VALUE_TRUE);
  if (!r) return VALUE_EMPTY;
  *v = r;
  Handle p = handle_new(rt, FA(*d)->data[0]);
  return promise_settle_value(rt, p, v, false) ? VALUE_UNDEFINED : VALUE_EMPTY;
}
static rd_value afs_reject(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  Handle d = handle_new(rt, ((NativeFunctionInfo *)value_to_ptr(s->native))->data);
  Handle v = handle_new(rt, native_arg(a, 0));
  Handle p = handle_new(rt, FA(*d)->data[0]);
  return promise_settle_value(rt, p, v, true) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

static rd_value afs_method(Runtime *rt, NativeArgs *a, ResumeMode mode) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, promise_new_pending(rt));
  if (!*p) return VALUE_EMPTY;
  rd_value self = *a->receiver;
  if (!value_has_type(self, TYPE_JS_OBJECT) || heap_object_map(value_to_ptr(self))->inobject_start != AFS_START) {
    js_throw(rt, ERROR_TypeError, "not an async-from-sync iterator");
    goto reject;
  }
  {
    Handle rec = handle_new(rt, AFS_WORD(self));
    Handle it = handle_new(rt, FA(*rec)->data[1]);
    Handle m = handle_new(rt, FA(*rec)->data[2]);
    Handle v = handle_new(rt, native_arg(a, 0));
    if (mode != RESUME_NEXT) {
      Handle key = handle_new(rt, string_internalize_cstr(rt, mode == RESUME_RETURN ? "return" : "throw"));
      if (!*key) goto reject;
      rd_value f = js_get(rt, it, key);
      if (!f) goto reject;
      if (value_is_nullish(f)) {
        if (mode == RESUME_RETURN) {
          rd_value r = interp_iter_result(rt, v, true);
          if (!r) goto reject;
          *v = r;
          if (!promise_settle_value(rt, p, v, false)) return VALUE_EMPTY;
          return *p;
        }
        if (!iterator_close(rt, rec)) goto reject;
        js_throw(rt, ERROR_TypeError, "The iterator does not provide a 'throw' method");
        goto reject;
      }
      *m = f;
    }
    rd_value r = interp_call(rt, m, it, a->argc ? 1 : 0, v);
    if (!r) goto reject;
    Handle res = handle_new(rt, r);
    if (!value_is_js_object(*res)) {
      js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
      goto reject;
    }
    bool done;
    rd_value val = iterator_result_value(rt, res, &done);
    if (!val) goto reject;
    *v = val;
    Handle d = handle_new(rt, factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_YOUNG));
    if (!*d) return VALUE_EMPTY;
    SET(*d, 0, *p);
    FA(*d)->data[1] = value_from_bool(done);
    if (!promise_then_natives(rt, v, afs_unwrap, afs_reject, d)) goto reject;
    return *p;
  }
reject: {
  Handle e = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  if (!promise_settle_value(rt, p, e, true)) return VALUE_EMPTY;
  return *p;
}
}
static rd_value afs_next(Runtime *rt, NativeArgs *a) { return afs_method(rt, a, RESUME_NEXT); }
static rd_value afs_return(Runtime *rt, NativeArgs *a) { return afs_method(rt, a, RESUME_RETURN); }
static rd_value afs_throw(Runtime *rt, NativeArgs *a) { return afs_method(rt, a, RESUME_THROW); }

static rd_value return_this(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return *a->receiver;
}

/* function_ctor.c: the global Function and eval, the %XFunction% constructors. */
bool function_ctor_install(Runtime *rt);

/* --- set-up ---------------------------------------------------------------------------------- */
/* A function map like function_map with prototype proto. */
static rd_value function_map_with_proto(Runtime *rt, Handle proto) {
  Map *fm = MAP(ROOT(rt, function_map));
  uint32_t size = fm->instance_size, inobj = fm->inobject_properties;
  rd_value m = factory_map(rt, TYPE_JS_FUNCTION, size, inobj, proto);
  if (m) MAP(m)->bit_field |= MAP_CALLABLE;
  return m;
}

static bool define_tag(Runtime *rt, Handle obj, const char *tag) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, string_from_cstr(rt, tag));
  return *s && builtins_define(rt, obj, "@toStringTag", s, PROPERTY_CONFIGURABLE);
}

/* fproto (a %XFunction.prototype%) and its "prototype" instance prototype iproto, linked. */
static bool link_prototypes(Runtime *rt, Handle fproto, Handle iproto, const char *ftag, const char *itag) {
  if (!builtins_define(rt, fproto, "prototype", iproto, PROPERTY_CONFIGURABLE)) return false;
  if (iproto && !builtins_define(rt, iproto, "constructor", fproto, PROPERTY_CONFIGURABLE)) return false;
  return define_tag(rt, fproto, ftag) && define_tag(rt, iproto, itag);
}

bool builtins_init_generator(Runtime *rt) {
  HANDLE_SCOPE(rt);
  if (!interp_intrinsics_init(rt)) return false;
  Handle fnproto = handle_new(rt, ROOT(rt, function_prototype));
  Handle iterproto = handle_new(rt, ROOT(rt, iterator_prototype));
  /* sync generators */
  Handle gfp = handle_new(rt, builtins_object_with_proto(rt, fnproto));
  Handle gp = handle_new(rt, builtins_object_with_proto(rt, value_is_js_object(*iterproto) ? iterproto : NULL));
  if (!*gfp || !*gp) return false;
  static const BuiltinMethod gen_methods[] = {
      {"next", generator_next, 1}, {"return", generator_return, 1}, {"throw", generator_throw, 1}};
  if (!builtins_install(rt, gp, gen_methods, ARRAY_LEN(gen_methods))) return false;
  if (!link_prototypes(rt, gfp, gp, "GeneratorFunction", "Generator")) return false;
  interp_set_intrinsic(rt, INTRINSIC_generator_prototype, *gp);
  rd_value m = function_map_with_proto(rt, gfp);
  if (!m) return false;
  interp_set_intrinsic(rt, INTRINSIC_generator_function_map, m);
  if (!(m = interp_generator_object_map(rt, gp))) return false;
  interp_set_intrinsic(rt, INTRINSIC_generator_object_map, m);
  /* async functions */
  Handle afp = handle_new(rt, builtins_object_with_proto(rt, fnproto));
  if (!*afp || !define_tag(rt, afp, "AsyncFunction")) return false;
  if (!(m = function_map_with_proto(rt, afp))) return false;
  interp_set_intrinsic(rt, INTRINSIC_async_function_map, m);
  /* async iteration */
  Handle aip = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*aip) return false;
  static const BuiltinMethod ai_methods[] = {{"@asyncIterator", return_this, 0}};
  if (!builtins_install(rt, aip, ai_methods, 1)) return false;
  interp_set_intrinsic(rt, INTRINSIC_async_iterator_prototype, *aip);
  Handle agfp = handle_new(rt, builtins_object_with_proto(rt, fnproto));
  Handle agp = handle_new(rt, builtins_object_with_proto(rt, aip));
  if (!*agfp || !*agp) return false;
  static const BuiltinMethod ag_methods[] = {{"next", async_generator_next, 1},
                                             {"return", async_generator_return, 1},
                                             {"throw", async_generator_throw, 1}};
  if (!builtins_install(rt, agp, ag_methods, ARRAY_LEN(ag_methods))) return false;
  if (!link_prototypes(rt, agfp, agp, "AsyncGeneratorFunction", "AsyncGenerator")) return false;
  interp_set_intrinsic(rt, INTRINSIC_async_generator_prototype, *agp);
  if (!(m = function_map_with_proto(rt, agfp))) return false;
  interp_set_intrinsic(rt, INTRINSIC_async_generator_function_map, m);
  Handle afsp = handle_new(rt, builtins_object_with_proto(rt, aip));
  if (!*afsp) return false;
  static const BuiltinMethod afs_methods[] = {
      {"next", afs_next, 1}, {"return", afs_return, 1}, {"throw", afs_throw, 1}};
  if (!builtins_install(rt, afsp, afs_methods, ARRAY_LEN(afs_methods))) return false;
  interp_set_intrinsic(rt, INTRINSIC_async_from_sync_prototype, *afsp);
  return function_ctor_install(rt);
}
