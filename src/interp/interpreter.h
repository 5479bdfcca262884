/*
 * interpreter.h - the VM stack, interpreter frames and calls (DESIGN 5).
 *
 * Interpreter frames live on a VM-owned stack of rd_values (never the C
 * stack), which never moves and which the GC visits as a root range:
 *
 *   params   receiver, arg0 .. arg(n-1)     n = max(argc, formal count),
 *                                           missing args are undefined
 *   fp + 0   caller fp       int32 index into the stack, -1 for none
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
  X(NOT_CONSTRUCTOR)      /* [[Construct]] throws */
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
/* A SharedFunctionInfo for bytecode (name a string). */
rd_value shared_info_new(Runtime *rt, Handle name, Handle bytecode, uint32_t length) RD_MUST_CHECK;
/* A native function object named name with `length` length. */
rd_value native_function_new(Runtime *rt, const char *name, NativeFn fn, uint32_t length) RD_MUST_CHECK;

bool value_is_callable(rd_value v);

#endif
