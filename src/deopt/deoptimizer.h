/*
 * deoptimizer.h - eager deoptimization (DESIGN 7, docs/deopt.md): the
 * deoptimization data of a Code object, the deoptimizer that rebuilds
 * interpreter frames on the VM stack from an optimized frame, and the deopt
 * entry stub that optimized code's deopt exits call.
 *
 * Deoptimization data (Code.deopt_data), a FixedArray:
 *
 *   word  0  DEOPT_DATA_TRANSLATIONS   ByteArray: every translation (translation.h)
 *   word  1  DEOPT_DATA_LITERALS       FixedArray: shared infos, maps, constants
 *   word  2  DEOPT_DATA_POINT_COUNT    int32 n
 *   word  3 + 4i + 0  bytecode offset       int32, of the innermost frame (for tracing)
 *   word  3 + 4i + 1  translation index     int32, byte offset into the translations
 *   word  3 + 4i + 2  kind | reason << 8    int32: DeoptKind, DeoptReason
 *   word  3 + 4i + 3  pc offset             int32, of the deopt exit in the code (-1: unknown)
 *                                           for i in [0, n): the deopt id is i
 *
 * Deopt exits. A failed guard jumps to its exit, which is
 *
 *     call [r13 + offsetof(Runtime, deopt_entry)]     41 ff 55 disp8 / 41 ff 95 disp32
 *     .long deopt_id                                   4 bytes, never executed
 *
 * The stub reads the id through its return address. Exits are emitted by
 * deopt_emit_exit.
 *
 * Invariant: the deoptimizer never lets the GC see a half-written frame: it
 * allocates nothing while writing frames (rt->sp stays below them), bumps
 * rt->sp once every frame is complete, and only then materializes captured
 * objects (which may allocate and so collect).
 */
#ifndef RONDO_DEOPT_DEOPTIMIZER_H
#define RONDO_DEOPT_DEOPTIMIZER_H

#include <stdio.h>

#include "codegen/frames.h"
#include "codegen/x64/assembler.h"
#include "compiler/ir.h"
#include "deopt/translation.h"
#include "runtime/runtime.h"

enum {
  DEOPT_DATA_TRANSLATIONS,
  DEOPT_DATA_LITERALS,
  DEOPT_DATA_POINT_COUNT,
  DEOPT_DATA_HEADER_WORDS
};
enum { DEOPT_POINT_OFFSET, DEOPT_POINT_TRANSLATION, DEOPT_POINT_KIND_REASON, DEOPT_POINT_PC,
       DEOPT_POINT_WORDS };

#define DEOPT_KIND_LIST(X) X(EAGER, "eager") X(LAZY, "lazy")
typedef enum {
#define X(name, text) DEOPT_KIND_##name,
  DEOPT_KIND_LIST(X)
#undef X
  DEOPT_KIND_COUNT
} DeoptKind;

/* Why a guard failed: DeoptReason and deopt_reason_names, the one X-macro
 * list DEOPT_REASON_LIST, live in compiler/ir.h (the compiler's check nodes
 * carry them); the deopt point table stores them and --trace-deopt prints
 * their text. */
extern const char *const deopt_kind_names[DEOPT_KIND_COUNT];

/* The register dump the entry stub writes: GPRs in X64Reg order, then XMMs. */
typedef struct DeoptRegisterDump {
  uint64_t gpr[16];
  uint64_t xmm[16];            /* low 64 bits of each XMM register */
} DeoptRegisterDump;

/* --- deoptimization data --------------------------------------------------------- */
/* One deopt point, as the compiler gives it. */
typedef struct DeoptPoint {
  uint32_t bytecode_offset;
  uint32_t translation_index;
  DeoptKind kind;
  DeoptReason reason;
  int32_t pc_offset;
} DeoptPoint;

/* The deopt data FixedArray from translations (ByteArray), literals (FixedArray) and points. */
rd_value deopt_data_new(Runtime *rt, Handle translations, Handle literals, const DeoptPoint *points,
                        uint32_t count) RD_MUST_CHECK;
uint32_t deopt_data_point_count(rd_value data);
DeoptPoint deopt_data_point(rd_value data, uint32_t id);
/* Prints the deopt data: literals, points and their translations. */
void deopt_data_print(FILE *out, rd_value data);

/* The compiler's literal table: a FixedArray grown in a Handle (the caller's
 * HANDLE_SCOPE must outlive it); equal values share an index. */
typedef struct DeoptLiterals {
  Handle array;
  uint32_t count;
} DeoptLiterals;
bool deopt_literals_init(Runtime *rt, DeoptLiterals *l) RD_MUST_CHECK;
/* The index of v (added if new), or -1 with an exception pending (out of memory). */
int64_t deopt_literals_add(Runtime *rt, DeoptLiterals *l, Handle v) RD_MUST_CHECK;
/* The table trimmed to its length, for deopt_data_new. */
rd_value deopt_literals_finish(Runtime *rt, DeoptLiterals *l) RD_MUST_CHECK;

/* Emits a deopt exit for deopt_id (see above). */
void deopt_emit_exit(Assembler *a, uint32_t deopt_id);

/* --- the deoptimizer --------------------------------------------------------------- */
/* Rebuilds the interpreter frames of deopt point deopt_id of the optimized
 * frame fp from the register dump (its Code is the one containing the
 * exit's return address, found through the rsp word of the dump, else the
 * function's FV_OPTIMIZED_CODE); returns the innermost frame's fp, or NULL
 * with an exception pending (VM stack overflow, out of memory). Called by
 * the deopt entry stub. */
rd_value *deopt_translate(Runtime *rt, uintptr_t fp, uint32_t deopt_id,
                          const DeoptRegisterDump *dump);
/* Lazy deoptimization of the optimized frame fp whose call into C just
 * returned (to rt->lazy_deopt_entry) with its result in the dump's rax:
 * the frames of the lazy point at return address pc, the innermost one
 * resuming after the call with the result in its accumulator (when the
 * instruction writes it). Called by the deopt entry stub's lazy entry. */
rd_value *deopt_translate_lazy(Runtime *rt, uintptr_t fp, uintptr_t pc, const DeoptRegisterDump *dump);
/* Same with an explicit Code (VALUE_EMPTY: the function's FV_OPTIMIZED_CODE). */
rd_value *deopt_translate_code(Runtime *rt, rd_value code, uintptr_t fp, uint32_t deopt_id,
                               const DeoptRegisterDump *dump);

/* One JavaScript activation an optimized frame stands for at a call. */
typedef struct DeoptFrameInfo {
  rd_value function, receiver;
  uint32_t bytecode_offset;    /* of the call instruction in function's bytecode */
} DeoptFrameInfo;
/* The activations optimized frame fp of Code `code` stands for while it is
 * in the call returning to pc (the frames of the lazy point whose pc offset
 * is pc's), innermost first, into out: the outermost is the frame's own
 * JSFunction, an inlined one its literal closure; a receiver is what the
 * frame alone tells (a literal, an incoming argument, a tagged stack slot),
 * else undefined. Returns how many were written (at most max, the
 * innermost ones); 0 when no lazy point is at pc or the data is malformed.
 * Never allocates: the values are raw. */
uint32_t deopt_frames_at_call(rd_value code, uintptr_t fp, uintptr_t pc, DeoptFrameInfo *out,
                              uint32_t max);

/* Runs the interpreter from the rebuilt frames whose innermost is fp (NULL:
 * deopt_translate failed, an exception is pending) and returns the outermost
 * rebuilt frame's return value (VALUE_EMPTY with an exception pending if it
 * threw). The deopt entry stub tail-calls it in place of the optimized
 * frame; clears rt->exit_fp / exit_pc before returning (interp/interpreter.c). */
rd_value interp_resume(Runtime *rt, rd_value *fp) RD_MUST_CHECK;

/* Generates the deopt entry stub into the code space and stores its address
 * in rt->deopt_entry (once per runtime). */
bool deopt_init(Runtime *rt) RD_MUST_CHECK;

/* Totals since the runtime started (tests). */
typedef struct DeoptStats {
  uint32_t deopts, frames, objects;
} DeoptStats;
extern DeoptStats deopt_stats;

#endif
