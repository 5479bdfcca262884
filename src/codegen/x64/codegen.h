/*
 * codegen.h - x86-64 code generation from a scheduled, register-allocated
 * graph (codegen.c). The result is position-independent machine code
 * plus what the runtime needs to install and run it: its frame size, the
 * deopt exits (each with its frame state) and the safepoints.
 */
#ifndef RONDO_CODEGEN_X64_CODEGEN_H
#define RONDO_CODEGEN_X64_CODEGEN_H

#include "codegen/frames.h"
#include "codegen/x64/assembler.h"
#include "compiler/ir.h"
#include "compiler/regalloc.h"

/* The frame layout (OPT_FRAME_*) is codegen/frames.h's. */
#define OPT_RUNTIME_REG R13

/* A deopt exit: where the failing guard jumps, and what the interpreter
 * state is there. */
typedef struct CodegenDeopt {
  uint32_t pc;                  /* offset of the exit's code; for a call site its return address */
  IrFrameState *frame_state;
  DeoptReason reason;
  bool call_site;               /* a call's point (lazy), not a guard's exit */
} CodegenDeopt;


typedef struct CodegenResult {
  uint8_t *code;                /* malloc'd; the caller frees it */
  size_t size;
  uint32_t spill_slots;
  CodegenDeopt *deopts;         /* in the graph's arena */
  uint32_t deopt_count;
  struct SafepointBuilder *safepoints; /* code.h: each call's tagged spill slots */
  AsmReloc *relocs;             /* malloc'd copy of the assembler's */
  uint32_t reloc_count;
} CodegenResult;

/* The X64Reg number of the allocator's general register index (translations). */
uint32_t codegen_gpr_number(uint32_t index);
/* Prints Code c's instructions with a disassembly (--print-code). */
void codegen_print_code(Runtime *rt, rd_value c, FILE *f);

/* The register allocator configuration of this back end. */
extern const RegAllocConfig codegen_regalloc_config;

/* Generates code for scheduled graph g with allocation ra. False with
 * *reason (an operation the back end doesn't handle yet, or out of memory). */
bool codegen_generate(IrGraph *g, const RegAlloc *ra, CodegenResult *out, const char **reason) RD_MUST_CHECK;
void codegen_result_free(CodegenResult *r);

#endif
