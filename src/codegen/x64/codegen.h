/*
 * codegen.h - x86-64 code generation from a scheduled, register-allocated
 * graph (codegen.c). The result is position-independent machine code
 * plus what the runtime needs to install and run it: its frame size, the
 * deopt exits (each with its frame state) and the safepoints.
 */
#ifndef RONDO_CODEGEN_X64_CODEGEN_H
#define RONDO_CODEGEN_X64_CODEGEN_H

#include "codegen/x64/assembler.h"
#include "compiler/ir.h"
#include "compiler/regalloc.h"

/* Frame layout of optimized code (the issue-4 calling convention): after
 * push rbp / mov rbp, rsp the four fixed slots, then the spill slots. */
enum {
  OPT_FRAME_FUNCTION = -8,      /* [rbp-8]  the JSFunction (from rdi) */
  OPT_FRAME_ARGS = -16,         /* [rbp-16] the args pointer (rsi): receiver slot on the VM stack */
  OPT_FRAME_ARGC = -24,         /* [rbp-24] argc (edx, as an int64) */
  OPT_FRAME_NEW_TARGET = -32,   /* [rbp-32] new.target (rcx) */
  OPT_FRAME_FIRST_SPILL = -40,  /* spill slot k at [rbp - 40 - 8k] */
};
/* r13 holds the Runtime* for the whole of optimized code. */
#define OPT_RUNTIME_REG R13

/* A deopt exit: where the failing guard jumps, and what the interpreter
 * state is there. */
typedef struct CodegenDeopt {
  uint32_t pc;                  /* offset of the exit's code */
  IrFrameState *frame_state;
  DeoptReason reason;
} CodegenDeopt;

/* A safepoint: a call's return address and the spill slots holding tagged
 * values live across it (bit k: slot k). */
typedef struct CodegenSafepoint {
  uint32_t pc;
  uint64_t *tagged_slots;
} CodegenSafepoint;

typedef struct CodegenResult {
  uint8_t *code;                /* malloc'd; the caller frees it */
  size_t size;
  uint32_t spill_slots;
  CodegenDeopt *deopts;         /* in the graph's arena */
  uint32_t deopt_count;
  CodegenSafepoint *safepoints;
  uint32_t safepoint_count;
  AsmReloc *relocs;             /* malloc'd copy of the assembler's */
  uint32_t reloc_count;
} CodegenResult;

/* The register allocator configuration of this back end. */
extern const RegAllocConfig codegen_regalloc_config;

/* Generates code for scheduled graph g with allocation ra. False with
 * *reason (an operation the back end doesn't handle yet, or out of memory). */
bool codegen_generate(IrGraph *g, const RegAlloc *ra, CodegenResult *out, const char **reason) RD_MUST_CHECK;
void codegen_result_free(CodegenResult *r);

#endif
