/*
 * tiers.h - moving functions between the interpreter and optimized code
 * (docs/tiers.md): the call-time hook the interpreter runs before pushing
 * a frame, compiling on request, the tiering decision's helpers, and the
 * optimizing compiler's entry point.
 *
 * Invariant: a closure's optimized code lives in its FeedbackVector's
 * FV_OPTIMIZED_CODE word; code marked for deoptimization is never entered
 * again: the next call through the hook clears the word (lazy unlinking).
 */
#ifndef RONDO_CODEGEN_TIERS_H
#define RONDO_CODEGEN_TIERS_H

#include "base/flags.h"
#include "interp/interp_ops.h"
#include "interp/interpreter.h"

/* A function that deoptimized more often than this stays interpreted. */
#define TIERS_MAX_DEOPTS 5
/* Profiler ticks (budget exhaustions) before a function counts as hot. */
#define TIERS_TICKS_FOR_OPTIMIZATION 2

/* The optimizing compiler (src/compiler/): a Code object of kind
 * CODE_KIND_OPTIMIZED for function, or VALUE_EMPTY with *reason set (an
 * exception may be pending only on out of memory). */
rd_value compiler_compile(Runtime *rt, Handle function, const char **reason) RD_MUST_CHECK;

/* Cheap test the interpreter runs on every call of a bytecode function:
 * true when the call must go through tiers_code_for_call. */
RD_INLINE bool tiers_call_needs_hook(rd_value fn) {
  JSFunction *f = (JSFunction *)value_to_ptr(fn);
  if (f->feedback == VALUE_UNDEFINED) return false;   /* first call */
  if (FIXED_ARRAY(f->feedback)->data[FV_OPTIMIZED_CODE] != VALUE_UNDEFINED) return true;
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(f->shared);
  return FLAG_always_opt || (value_to_int32(s->flags) & SFI_MARKED_FOR_OPTIMIZATION);
}
/* The Code to run for a call of the function at *fn_slot (a VM-stack slot
 * or handle), compiling it first if it is marked for optimization (or
 * --always-opt); VALUE_EMPTY to interpret it. Unlinks code marked for
 * deoptimization. May allocate; never leaves an exception pending. */
rd_value tiers_code_for_call(Runtime *rt, rd_value *fn_slot);
/* Runs optimized code for the function at args[-1] with argc arguments at
 * args + 1 (receiver at args[0]), as push_frame would prepare them: missing
 * parameters padded with undefined, a sloppy function's nullish receiver
 * replaced by the global object. A [[Construct]] (new_target not
 * undefined) of a base constructor returns the receiver when the code
 * returns a non-object. VALUE_EMPTY with an exception pending on throw. */
rd_value tiers_call_optimized(Runtime *rt, rd_value code, rd_value *args, uint32_t argc,
                              rd_value new_target) RD_MUST_CHECK;
/* Compiles fn now (whatever its marks), installing the code; VALUE_EMPTY
 * (no exception pending) if it could not be optimized. */
rd_value tiers_optimize(Runtime *rt, Handle fn);
/* Marks fn for optimization on its next call, printing the reason under
 * --trace-opt. */
void tiers_mark_for_optimization(Runtime *rt, rd_value fn, const char *reason);
/* True if fn may be optimized at all (flags, deopt count, bytecode). */
bool tiers_can_optimize(rd_value fn);
/* fn's live optimized code (not marked for deoptimization), or VALUE_EMPTY. */
rd_value tiers_live_code(rd_value fn);

#endif
