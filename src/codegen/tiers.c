/*
 * tiers.c - tier transitions (tiers.h): the call hook that enters
 * optimized code, lazy unlinking of code marked for deoptimization,
 * compiling on request, and --trace-opt.
 *
 * Invariant: under --jitless or --no-opt nothing is compiled and no code
 * is entered; FV_OPTIMIZED_CODE only ever holds a Code of kind
 * CODE_KIND_OPTIMIZED or undefined.
 */
#include "codegen/tiers.h"

#include <stdio.h>
#include <stdlib.h>

#include "codegen/frames.h"
#include "objects/string.h"
#include "runtime/ops.h"

#define SHARED(f) ((SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared))
#define SFI_FLAGS(f) ((uint32_t)value_to_int32(SHARED(f)->flags))

/* Prints "[<what> <name><tail>]" for --trace-opt. */
static void trace(rd_value fn, const char *what, const char *tail) {
  rd_value name = SHARED(fn)->name;
  char *s = value_is_string(name) ? string_to_utf8(name, NULL) : NULL;
  printf("[%s %s%s]\n", what, s && *s ? s : "<anonymous>", tail);
  free(s);
  fflush(stdout);
}

RD_INLINE void set_flags(rd_value fn, uint32_t set, uint32_t clear) {
  SharedFunctionInfo *s = SHARED(fn);
  s->flags = value_from_int32((int32_t)(((uint32_t)value_to_int32(s->flags) | set) & ~clear));
}

RD_INLINE int32_t deopt_count(rd_value fn) {
  rd_value c = SHARED(fn)->deopt_count;
  return value_is_int32(c) ? value_to_int32(c) : 0;
}

bool tiers_can_optimize(rd_value fn) {
  if (FLAG_jitless || !FLAG_opt) return false;
  if (SHARED(fn)->bytecode == VALUE_UNDEFINED) return false;
  if (SFI_FLAGS(fn) & SFI_NEVER_OPTIMIZE) return false;
  return deopt_count(fn) <= TIERS_MAX_DEOPTS;
}

rd_value tiers_live_code(rd_value fn) {
  rd_value fv = ((JSFunction *)value_to_ptr(fn))->feedback;
  if (!value_has_type(fv, TYPE_FEEDBACK_VECTOR)) return VALUE_EMPTY;
  rd_value code = FIXED_ARRAY(fv)->data[FV_OPTIMIZED_CODE];
  if (!value_has_type(code, TYPE_CODE) || code_is_marked_for_deoptimization(code)) return VALUE_EMPTY;
  return code;
}

void tiers_mark_for_optimization(Runtime *rt, rd_value fn, const char *reason) {
  (void)rt;
  set_flags(fn, SFI_MARKED_FOR_OPTIMIZATION, 0);
  if (FLAG_trace_opt) {
    char tail[160];
    snprintf(tail, sizeof tail, " for optimization, reason: %s", reason);
    trace(fn, "marking", tail);
  }
}

rd_value tiers_optimize(Runtime *rt, Handle fn) {
  set_flags(*fn, 0, SFI_MARKED_FOR_OPTIMIZATION);
  if (!tiers_can_optimize(*fn)) return VALUE_EMPTY;
  if (FLAG_trace_opt) trace(*fn, "compiling", "");
  const char *reason = "unknown";
  rd_value saved = rt->exception;
  rt->exception = VALUE_EMPTY;
  rd_value code = compiler_compile(rt, fn, &reason);
  if (!code || !value_has_type(code, TYPE_CODE)) {
    rt->exception = saved;   /* a failed compile is no JS exception (out of memory included) */
    set_flags(*fn, SFI_OPTIMIZATION_DISABLED, 0);
    if (FLAG_trace_opt) {
      char tail[200];
      snprintf(tail, sizeof tail, " because: %s", reason ? reason : "unknown");
      trace(*fn, "aborted optimizing", tail);
    }
    return VALUE_EMPTY;
  }
  rt->exception = saved;
  CHECK(CODE(code)->kind == CODE_KIND_OPTIMIZED);
  rd_value fv = ((JSFunction *)value_to_ptr(*fn))->feedback;
  if (value_has_type(fv, TYPE_FEEDBACK_VECTOR)) HEAP_STORE(FIXED_ARRAY(fv), FIXED_ARRAY(fv)->data[FV_OPTIMIZED_CODE], code);
  if (FLAG_trace_opt) trace(*fn, "completed optimizing", "");
  return code;
}

rd_value tiers_code_for_call(Runtime *rt, rd_value *fn_slot) {
  rd_value fn = *fn_slot;
  if (FLAG_jitless) {   /* nothing runs as machine code: drop a request */
    set_flags(fn, 0, SFI_MARKED_FOR_OPTIMIZATION);
    return VALUE_EMPTY;
  }
  FixedArray *fv = FIXED_ARRAY(((JSFunction *)value_to_ptr(fn))->feedback);
  rd_value code = fv->data[FV_OPTIMIZED_CODE];
  if (value_has_type(code, TYPE_CODE)) {
    if (!code_is_marked_for_deoptimization(code)) return code;
    fv->data[FV_OPTIMIZED_CODE] = VALUE_UNDEFINED;   /* lazy unlinking */
  }
  int32_t calls = value_to_int32(fv->data[FV_INVOCATIONS]);
  if (calls < INT32_MAX) fv->data[FV_INVOCATIONS] = value_from_int32(++calls);
  uint32_t flags = SFI_FLAGS(fn);
  bool want = (flags & SFI_MARKED_FOR_OPTIMIZATION) ||
              (FLAG_always_opt && !(flags & (SFI_OPTIMIZATION_DISABLED | SFI_SCRIPT)));
  if (!want) return VALUE_EMPTY;
  if (!tiers_can_optimize(fn)) {
    set_flags(fn, 0, SFI_MARKED_FOR_OPTIMIZATION);
    return VALUE_EMPTY;
  }
  HANDLE_SCOPE(rt);
  Handle h = handle_new(rt, fn);
  return tiers_optimize(rt, h);
}

rd_value tiers_call_optimized(Runtime *rt, rd_value code, rd_value *args, uint32_t argc,
                              rd_value new_target) {
  rd_value fn = args[-1];
  BytecodeArray *ba = (BytecodeArray *)value_to_ptr(SHARED(fn)->bytecode);
  uint32_t padded = MAX(argc, ba->parameter_count);
  if ((size_t)(rt->stack_end - args) < 1 + (size_t)padded + 64)
    return js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
  for (uint32_t i = argc; i < padded; i++) args[1 + i] = VALUE_UNDEFINED;
  uint32_t flags = SFI_FLAGS(fn);
  rt->sp = args + 1 + padded;
  if (new_target == VALUE_UNDEFINED && !value_is_js_object(args[0]) && !(flags & (SFI_STRICT | SFI_ARROW))) {
    HANDLE_SCOPE(rt);   /* a wrapper for a primitive receiver may be allocated */
    Handle hc = handle_new(rt, code);
    if (!js_bind_this(rt, args, flags)) return VALUE_EMPTY;
    code = *hc;
  }
  if (++rt->native_depth > MAX_NATIVE_DEPTH) {
    rt->native_depth--;
    return js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
  }
  rd_value r = code_call_raw(rt, code, args, argc, new_target);
  rt->native_depth--;
  if (r && new_target != VALUE_UNDEFINED && !(flags & SFI_DERIVED_CONSTRUCTOR) && !value_is_js_object(r))
    r = args[0];
  return r;
}
