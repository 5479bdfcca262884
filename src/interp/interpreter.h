/*
 * interpreter.h - the VM stack, interpreter frames and calls (DESIGN 5).
 *
 * Interpreter frames live on a VM-owned stack of rd_values (never the C
 * stack), which never moves and which the GC visits as a root range:
 *
 *   params   receiver, arg0 .. arg(n-1)     n = max(argc, formal count),
 *                                           missing args are undefined
 *   fp + 0   caller fp       int32 index into the stack, -1 for none; a frame
 *                            entered from C records the frame running when C
 *                            called in (only stack traces follow that link)
 *   fp + 1   return offset   int32 bytecode offset to resume the caller at,
 *                            FRAME_RETURN_TO_C when the frame was entered from C
 *   fp + 2   argc            int32 actual argument count
 *   fp + 3   function        JSFunction
 *   fp + 4   context         Context
 *   fp + 5   bytecode        BytecodeArray
 *   fp + 6   offset          int32 offset of the current instruction (saved
 *                            before anything that may allocate or throw)
 *   fp + 7   feedback        FeedbackVector or undefined
 *   fp + 8   new.target      (undefined for calls)
 *   fp + 9   accumulator     saved accumulator
 *   fp + 10  registers r0 .. r(frame_size-1)
 *
 * Every slot holds a valid value at all times (ints as int32 values), so
 * the GC visits [stack, sp) without knowing the frame layout. Register
 * operand r >= 0 is fp[FRAME_HEADER + r]; r < 0 is parameter -r-1 counted
 * from the receiver.
 */
#ifndef RONDO_INTERP_INTERPRETER_H
#define RONDO_INTERP_INTERPRETER_H

#include "runtime/runtime.h"

enum {
  FRAME_CALLER_FP, FRAME_RETURN_OFFSET, FRAME_ARGC, FRAME_FUNCTION, FRAME_CONTEXT,
  FRAME_BYTECODE, FRAME_OFFSET, FRAME_FEEDBACK, FRAME_NEW_TARGET, FRAME_ACCUMULATOR,
  FRAME_HEADER
};
#define FRAME_RETURN_TO_C (-1)

/* Scope info trailers (bytecode/generator.c scope_info_new): tags and slot flags. */
enum { SCOPE_INFO_LEXICAL_SCOPE = 0, SCOPE_INFO_VAR_SCOPE = 1 };
enum {
  SCOPE_INFO_LEXICAL = 1,       /* let, const, class, block function: a var of that name is a SyntaxError */
  SCOPE_INFO_CATCH_PARAM = 2,   /* annex B: a var of that name is allowed */
  SCOPE_INFO_CONST = 4,         /* const, a class's inner name: assignment is a TypeError */
  SCOPE_INFO_SELF = 8           /* a named function expression's name: assignment ignored (TypeError if strict) */
};

/* SharedFunctionInfo.flags bits. */
#define SFI_FLAG_LIST(X)                                                    \
  X(STRICT)               /* strict code */                                 \
  X(SCRIPT)               /* the top-level code of a script */              \
  X(ARROW)                /* lexical this / arguments / new.target */       \
  X(METHOD)               /* method, accessor, field initializer */         \
  X(CLASS_CONSTRUCTOR)    /* throws when called without new */              \
  X(DERIVED_CONSTRUCTOR)  /* `this` is bound by super() */                  \
  X(GENERATOR)                                                              \
  X(ASYNC)                                                                  \
  X(NOT_CONSTRUCTOR)      /* [[Construct]] throws */                        \
  /* optimization state, set by the %-natives (runtime/natives.c) and read */ \
  /* by the optimizing compiler */                                          \
  X(NEVER_OPTIMIZE)       /* %NeverOptimizeFunction: stays interpreted */   \
  X(PREPARED_FOR_OPTIMIZATION) /* %PrepareFunctionForOptimization */        \
  X(MARKED_FOR_OPTIMIZATION)   /* optimize on the next call */              \
  X(MARKED_FOR_OSR)       /* %OptimizeOsr: optimize the running loop */ \
  X(OPTIMIZATION_DISABLED) /* the compiler gave up on it (codegen/tiers.c) */
enum {
#define X(name) SFI_BIT_##name,
  SFI_FLAG_LIST(X)
#undef X
};
enum {
#define X(name) SFI_##name = 1 << SFI_BIT_##name,
  SFI_FLAG_LIST(X)
#undef X
};
#define VM_STACK_SLOTS ((size_t)1 << 20)   /* 8 MiB of rd_values */
#define MAX_NATIVE_DEPTH 400                /* C re-entries (natives calling JS) */

/* Arguments of a native (C) function: pointers into the VM stack, so they
 * stay valid and up to date across allocations. */
typedef struct NativeArgs {
  rd_value *receiver;          /* argv[-1] */
  rd_value *argv;
  uint32_t argc;
  rd_value *function;
  rd_value *new_target;        /* undefined for a call */
} NativeArgs;
/* A native function: returns the result, or VALUE_EMPTY with an exception pending. */
typedef rd_value (*NativeFn)(Runtime *rt, NativeArgs *args);

/* Reads argument i of a native call (undefined when absent). */
RD_INLINE rd_value native_arg(const NativeArgs *a, uint32_t i) {
  return i < a->argc ? a->argv[i] : VALUE_UNDEFINED;
}

bool interp_init(Runtime *rt) RD_MUST_CHECK;
void interp_free(Runtime *rt);

/* Calls fn with receiver and argc arguments, copied from argv onto the VM
 * stack before anything allocates (so argv may point into any heap object). VALUE_EMPTY with an exception pending on
 * throw. May run any JavaScript, so may allocate. */
rd_value interp_call(Runtime *rt, Handle fn, Handle receiver, uint32_t argc,
                     const rd_value *argv) RD_MUST_CHECK;
/* [[Construct]] of fn with new.target. */
rd_value interp_construct(Runtime *rt, Handle fn, Handle new_target, uint32_t argc,
                          const rd_value *argv) RD_MUST_CHECK;

/* A closure of shared info sfi in context ctx. */
rd_value function_new(Runtime *rt, Handle sfi, Handle context) RD_MUST_CHECK;
/* Same with a map of the function map's layout (generator functions...). */
rd_value function_new_with_map(Runtime *rt, Handle sfi, Handle context, Handle map) RD_MUST_CHECK;
/* A SharedFunctionInfo for bytecode (name a string). */
rd_value shared_info_new(Runtime *rt, Handle name, Handle bytecode, uint32_t length) RD_MUST_CHECK;
/* A native function object named name with `length` length. */
rd_value native_function_new(Runtime *rt, const char *name, NativeFn fn, uint32_t length) RD_MUST_CHECK;

bool value_is_callable(rd_value v);

/* --- intrinsics of the interpreter's own built-ins (generators, promises) ---------
 * Kept in a FixedArray reachable from a root: the home_object word of
 * %Function.prototype% (a native function, so the word is otherwise unused)
 * until the lead gives the interpreter a root of its own. */
#define INTRINSIC_LIST(X)                                                      \
  X(generator_function_map)   /* closures of function* (proto %GeneratorFunction.prototype%) */ \
  X(async_function_map)       /* closures of async functions / arrows / methods */            \
  X(async_generator_function_map)                                                              \
  X(generator_prototype)      /* %GeneratorPrototype% */                                       \
  X(async_generator_prototype)                                                                 \
  X(generator_object_map)     /* generator objects (internal words, see GEN_*) */              \
  X(strict_arguments_map)     /* arguments objects (interp/arguments.c): strict code */         \
  X(sloppy_arguments_map)     /*   sloppy code, unmapped (parameters not simple) */            \
  X(mapped_arguments_map)     /*   sloppy code, mapped (exotic) */                            \
  X(throw_type_error)         /* %ThrowTypeError% */                                          \
  X(promise_prototype)                                                                         \
  X(promise_map)              /* promise objects (internal words, see PROMISE_*) */            \
  X(job_queue)                /* FixedArray ring of pending jobs */                            \
  X(async_from_sync_prototype)                                                                 \
  X(async_iterator_prototype)                                                                  \
  X(script_context)           /* realm-wide top-level lexical bindings */ \
  X(eval)                     /* %eval%: CallDirectEval compares callees with it */ \
  X(regexp)                   /* %RegExp%: regexp literals construct through it */ \
  X(regexp_legacy)            /* RegExp's legacy static properties (builtins/regexp_legacy.c) */ \
  X(disposable_stack_map)     /* DisposableStack objects (internal words, builtins/disposable_stack.c) */ \
  X(async_disposable_stack_map) \
  X(raw_json_symbol)          /* private key marking JSON.rawJSON objects (builtins/json.c) */
typedef enum {
#define X(name) INTRINSIC_##name,
  INTRINSIC_LIST(X)
#undef X
  INTRINSIC_COUNT
} IntrinsicIndex;
/* The intrinsic, or undefined before builtins_init_generator created it. */
rd_value interp_intrinsic(Runtime *rt, IntrinsicIndex i);
/* Creates the intrinsics array (once). */
bool interp_intrinsics_init(Runtime *rt) RD_MUST_CHECK;
void interp_set_intrinsic(Runtime *rt, IntrinsicIndex i, rd_value v);

/* --- generator objects (interp/generators.c) -----------------------------------------
 * A generator object is a JS object with internal words between its header
 * and its in-object properties: */
enum {
  GEN_FUNCTION,    /* the generator function */
  GEN_CONTEXT,     /* the saved context */
  GEN_FRAME,       /* FixedArray: params (receiver first) then registers */
  GEN_OFFSET,      /* int32: the bytecode offset to resume at */
  GEN_ARGC,        /* int32 */
  GEN_STATE,       /* int32 GenState */
  GEN_MODE,        /* int32 ResumeMode of the current resumption */
  GEN_RAW,         /* int32 1: the suspended value is an iterator result already */
  GEN_PROMISE,     /* async function / generator: its promise; async generator: queue */
  GEN_EXTRA,       /* async generator: queue head index */
  GEN_WORDS
};
#define GEN_START (JS_OBJECT_HEADER_WORDS + GEN_WORDS)
#define GEN_WORD(o, i) (((rd_value *)value_to_ptr(o))[JS_OBJECT_HEADER_WORDS + (i)])
typedef enum { GEN_SUSPENDED_START, GEN_SUSPENDED_YIELD, GEN_EXECUTING, GEN_COMPLETED,
               GEN_AWAITING_RETURN } GenState;
typedef enum { RESUME_NEXT, RESUME_RETURN, RESUME_THROW } ResumeMode;
/* True when v is a generator object made by CreateGeneratorObject. */
bool interp_is_generator(rd_value v);
/* Resumes generator gen with value in mode. Returns what it suspended with
 * or returned (VALUE_EMPTY with an exception when it threw); *kind is the
 * SuspendGenerator kind (SUSPEND_*), or -1 when it completed. */
enum { SUSPEND_YIELD, SUSPEND_YIELD_RAW, SUSPEND_INITIAL, SUSPEND_AWAIT };
rd_value interp_generator_resume(Runtime *rt, Handle gen, Handle value, ResumeMode mode,
                                 int32_t *kind) RD_MUST_CHECK;
/* A fresh { value, done } object. */
rd_value interp_iter_result(Runtime *rt, Handle value, bool done) RD_MUST_CHECK;

#endif
