/*
 * frames.h - optimized and entry frames on the machine stack, the walk
 * over them, and calls from C into optimized code (docs/tiers.md; the
 * conventions are issue 4's contract).
 *
 *   optimized frame              entry frame (the entry stub's)
 *   [fp + 8]  return address     [fp + 8]  return address into C
 *   [fp + 0]  caller's fp        [fp + 0]  C caller's rbp
 *   [fp - 8]  JSFunction         [fp - 8]  ENTRY_FRAME_MARKER (int32 value)
 *   [fp - 16] args pointer       [fp - 16] saved rt->exit_fp
 *   [fp - 24] argc (int32 value) [fp - 24] saved rt->exit_pc
 *   [fp - 32] new.target         [fp - 32] Runtime*, then callee-saved regs
 *   [fp - 40 - 8*i] spill slot i
 *
 * The walk starts at rt->exit_fp / rt->exit_pc (set by optimized code
 * around every call into C), follows [fp] / [fp + 8], and at an entry
 * frame continues from the exit_fp / exit_pc it saved; 0 ends it.
 * Invariant: every optimized frame's pc during a walk is a call's return
 * address, and the safepoint table entry for it names exactly the spill
 * slots holding tagged values.
 */
#ifndef RONDO_CODEGEN_FRAMES_H
#define RONDO_CODEGEN_FRAMES_H

#include "codegen/code.h"

#define ENTRY_FRAME_MARKER value_from_int32(0x454E5452)   /* "ENTR" */
enum {
  FRAME_OFFSET_CALLER_FP = 0,
  FRAME_OFFSET_RETURN_PC = 8,
  OPT_FRAME_FUNCTION = -8,
  OPT_FRAME_ARGS = -16,
  OPT_FRAME_ARGC = -24,
  OPT_FRAME_NEW_TARGET = -32,
  OPT_FRAME_FIRST_SPILL = -40,
  ENTRY_FRAME_MARKER_OFFSET = -8,
  ENTRY_FRAME_SAVED_EXIT_FP = -16,
  ENTRY_FRAME_SAVED_EXIT_PC = -24,
  ENTRY_FRAME_RUNTIME = -32,
};
/* Bytes from rbp down to rsp in an optimized frame with `slots` spill
 * slots (16-byte aligned); a call into C pushes its return address just
 * below. */
RD_INLINE uint32_t opt_frame_size(uint32_t slots) {
  return ((uint32_t)(-OPT_FRAME_FIRST_SPILL - 8) + 8 * slots + 15) & ~15u;
}
/* rbp-relative offset of spill slot i. */
RD_INLINE int32_t opt_frame_spill_offset(uint32_t i) { return OPT_FRAME_FIRST_SPILL - 8 * (int32_t)i; }

/* The signature of the entry stub (System V). */
typedef rd_value (*EntryStubFn)(Runtime *rt, rd_value *args, uint32_t argc, rd_value new_target,
                                const uint8_t *entry);

/* --- the walk -------------------------------------------------------------------------------- */
typedef struct OptFrame {
  uintptr_t fp, pc;            /* the frame and the pc it is at (a return address) */
  Code *code;                  /* NULL if pc is in no known Code (never for a sound stack) */
} OptFrame;
typedef struct FrameIterator {
  Runtime *rt;
  OptFrame frame;
  bool done;
} FrameIterator;
/* Starts at the innermost optimized frame (done at once if there is none). */
void frame_iterator_init(FrameIterator *it, Runtime *rt);
void frame_iterator_next(FrameIterator *it);
RD_INLINE rd_value *opt_frame_slot(const OptFrame *f, int32_t off) { return (rd_value *)(f->fp + off); }
RD_INLINE rd_value opt_frame_function(const OptFrame *f) { return *opt_frame_slot(f, OPT_FRAME_FUNCTION); }
RD_INLINE rd_value *opt_frame_args(const OptFrame *f) { return *(rd_value **)(f->fp + OPT_FRAME_ARGS); }
/* Lazy deoptimization: every activation of `code` on the stack (each is
 * in a call into C) returns from that call to rt->lazy_deopt_entry instead,
 * which deoptimizes it to resume in the interpreter after the call. */
void frames_deoptimize_activations(Runtime *rt, rd_value code);
/* True if the innermost JS activation is optimized: an optimized frame
 * whose arguments lie above the innermost interpreter frame rt->fp. */
bool frames_topmost_is_optimized(Runtime *rt);

/* GC roots of the optimized frames: the function and new.target slots,
 * the tagged spill slots of each frame's safepoint, and the frame's Code
 * (kept alive; it never moves). Called from runtime_visit_roots. */
void frames_visit_roots(Runtime *rt, RootVisitor *v);

/* --- calling optimized code ------------------------------------------------------------------ */
/* Generates the runtime's entry stub into ROOT entry_stub (x64/entry_stub.c). */
bool entry_stub_generate(Runtime *rt) RD_MUST_CHECK;
/* Runs fn's optimized code `code` with the receiver and argc arguments at
 * args (args[-1] is fn, on the VM stack; rt->sp is above them). Returns
 * the result, or VALUE_EMPTY with an exception pending. */
rd_value code_call_raw(Runtime *rt, rd_value code, rd_value *args, uint32_t argc, rd_value new_target);
/* code_call of the contract: fn's optimized code (which it must have). */
rd_value code_call(Runtime *rt, Handle fn, rd_value *args, uint32_t argc, rd_value new_target);

#endif
