/*
 * regalloc.h - linear-scan register allocation over a scheduled graph
 * (regalloc.c). Architecture-neutral: the back end says how many general
 * and floating-point registers it hands out and which operations call out
 * (clobbering every register).
 */
#ifndef RONDO_COMPILER_REGALLOC_H
#define RONDO_COMPILER_REGALLOC_H

#include "compiler/ir.h"

typedef enum {
  LOC_NONE,                     /* no value, or a constant the back end materializes */
  LOC_GPR,                      /* index: the back end's general register number */
  LOC_FPR,                      /* index: its floating-point register number */
  LOC_SLOT,                     /* index: spill slot (8 bytes each) */
} LocKind;

typedef struct Location {
  uint8_t kind;                 /* LocKind */
  uint16_t index;
} Location;

typedef struct RegAllocConfig {
  uint32_t gpr_count, fpr_count; /* allocatable registers: 0 .. count-1 */
  bool (*clobbers)(const IrNode *n); /* true for nodes that call out */
  bool (*materialized)(const IrNode *n); /* true for constants emitted at each use */
} RegAllocConfig;

typedef struct RegAlloc {
  Location *loc;                /* by node id */
  uint32_t slot_count;          /* spill slots used */
  uint32_t *pos;                /* by node id: its position (2 * index in the linear order) */
  uint32_t *block_start, *block_end; /* by block id: first and last positions */
  uint32_t *live_start;         /* by node id: the start of its interval */
  uint32_t *live_end;           /* by node id: the end of its interval */
} RegAlloc;

/* Allocates a location for every live value node of the scheduled graph g.
 * Values live across a clobbering node go to spill slots for their whole
 * interval (so a safepoint only ever finds tagged values in slots). False
 * on out of memory. */
bool regalloc_run(IrGraph *g, const RegAllocConfig *cfg, RegAlloc *out) RD_MUST_CHECK;

/* True if value v (with a location) is live across position p (exclusive ends). */
bool regalloc_live_across(const RegAlloc *ra, const IrNode *v, uint32_t p);

#endif
