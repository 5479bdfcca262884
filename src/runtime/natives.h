/*
 * natives.h - the runtime functions that scripts call as `%Name(args)` when
 * --allow-natives-syntax is on (V8's names, argument counts and meanings):
 * the parser resolves the name to an id (a SyntaxError for an unknown name
 * or a wrong argument count), the generator emits `CallRuntime id, r, n`,
 * and the interpreter calls natives_call. The optimization intrinsics keep
 * their state in the SharedFunctionInfo's flags (SFI_NEVER_OPTIMIZE,
 * SFI_PREPARED_FOR_OPTIMIZATION, SFI_MARKED_FOR_OPTIMIZATION,
 * SFI_MARKED_FOR_OSR in interp/interpreter.h), which the optimizing
 * compiler (issue 4) reads.
 *
 * Invariant: NATIVES_LIST is the only table; ids, names and argument counts
 * all derive from it. Lookups need no Runtime (the parser uses them); a
 * native never crashes on a bad argument: it throws a TypeError.
 */
#ifndef RONDO_RUNTIME_NATIVES_H
#define RONDO_RUNTIME_NATIVES_H

#include <stddef.h>

#include "objects/value.h"

struct Runtime;

/* X(Name, argument count (NATIVES_VARARGS: checked by the function), C function). */
#define NATIVES_VARARGS (-1)
#define NATIVES_LIST(X)                                                           \
  X(CollectGarbage, 1, native_collect_garbage)             /* full GC */          \
  X(DebugPrint, NATIVES_VARARGS, native_debug_print)       /* (x [, stream]) */   \
  X(DeoptimizeFunction, 1, native_deoptimize_function)                            \
  X(GetOptimizationStatus, 1, native_get_optimization_status)                     \
  X(HaveSameMap, 2, native_have_same_map)                                         \
  X(IsBeingInterpreted, 0, native_is_being_interpreted)                           \
  X(NeverOptimizeFunction, 1, native_never_optimize_function)                     \
  X(OptimizeFunctionOnNextCall, NATIVES_VARARGS, native_optimize_on_next_call)    \
                                                   /* (f [, "concurrent"]) */    \
  X(OptimizeOsr, NATIVES_VARARGS, native_optimize_osr)     /* ([stack depth]) */  \
  X(PrepareFunctionForOptimization, NATIVES_VARARGS, native_prepare_function)     \
                                          /* (f [, "allow heuristic optimization"]) */

typedef enum {
#define X(name, argc, fn) NATIVES_##name,
  NATIVES_LIST(X)
#undef X
  NATIVES_COUNT
} NativesId;

/* V8's OptimizationStatus bits (src/runtime/runtime.h, also mjsunit.js's
 * V8OptimizationStatus), as %GetOptimizationStatus returns them. */
#define OPTIMIZATION_STATUS_LIST(X)                                               \
  X(IsFunction, 0) X(NeverOptimize, 1) X(AlwaysOptimize, 2) X(MaybeDeopted, 3)    \
  X(Optimized, 4) X(Maglevved, 5) X(TurboFanned, 6) X(Interpreted, 7)             \
  X(MarkedForOptimization, 8) X(MarkedForConcurrentOptimization, 9)               \
  X(OptimizingConcurrently, 10) X(IsExecuting, 11) X(TopmostFrameIsTurboFanned, 12) \
  X(LiteMode, 13) X(MarkedForDeoptimization, 14) X(Baseline, 15)                  \
  X(TopmostFrameIsInterpreted, 16) X(TopmostFrameIsBaseline, 17) X(IsLazy, 18)    \
  X(TopmostFrameIsMaglev, 19) X(OptimizeOnNextCallOptimizesToMaglev, 20)
enum {
#define X(name, bit) OPT_STATUS_##name = 1 << (bit),
  OPTIMIZATION_STATUS_LIST(X)
#undef X
};

/* The id of the runtime function named by the len bytes at name, or -1.
 * Never allocates. */
int32_t natives_lookup(const char *name, size_t len);
/* The name of runtime function id ("?" when out of range). */
const char *natives_name(uint32_t id);
/* Its argument count, or NATIVES_VARARGS. */
int32_t natives_arg_count(uint32_t id);
/* Calls runtime function id with argc arguments in args[0..argc) (slots of
 * the VM stack, so they stay valid and are updated across GCs). Returns the
 * result, or VALUE_EMPTY with an exception pending. rt->fp must be the
 * calling frame (the interpreter's SAVE), for the stack-inspecting ones. */
rd_value natives_call(struct Runtime *rt, uint32_t id, rd_value *args, uint32_t argc) RD_MUST_CHECK;

#endif
