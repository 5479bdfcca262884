/*
 * optimize.h - the optimizing compiler's graph passes: reductions
 * (optimize.c) and scheduling (schedule.c).
 */
#ifndef RONDO_COMPILER_OPTIMIZE_H
#define RONDO_COMPILER_OPTIMIZE_H

#include "compiler/ir.h"

/* Constant folding, check elimination, value numbering, dead floating nodes. */
void optimize_graph(IrGraph *g);

/* Computes every block's immediate dominator and dominator-tree depth. */
void schedule_dominators(IrGraph *g);

/* Places every live floating node in a block (as late as possible but
 * outside as many loops as possible: loop-invariant code motion) and
 * orders each block's nodes for code generation into block->sched.
 * False on out of memory. */
bool schedule_graph(IrGraph *g) RD_MUST_CHECK;

#endif
