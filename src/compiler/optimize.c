/*
 * optimize.c - graph reductions before scheduling: constant folding and
 * check elimination (peepholes on one node and its inputs), global value
 * numbering of floating nodes, and dead-code elimination.
 *
 * Invariant: a reduction replaces a node only by one computing the same
 * value in the same representation (or kills a node nothing uses), so
 * frame states stay valid; checks are removed only where their input
 * already guarantees what they check.
 */
#include "compiler/optimize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "objects/object.h"

/* The int32 value of a constant node, if it is one. */
static bool int32_value(const IrGraph *g, const IrNode *n, int32_t *out) {
  if (n->op == IR_Int32Constant) {
    *out = (int32_t)n->aux.i;
    return true;
  }
  if (n->op == IR_Constant) {
    rd_value v = ir_literal_value(g, (uint32_t)n->aux.i);
    if (value_is_int32(v)) {
      *out = value_to_int32(v);
      return true;
    }
  }
  return false;
}

/* Marks n dead and releases its uses of its inputs. */
static void kill(IrNode *n) {
  n->dead = 1;
  for (uint32_t k = 0; k < n->input_count; k++)
    if (n->inputs[k]) n->inputs[k]->use_count--;
}

/* Replaces node by what it reduces to, if anything; true on a change. */
static bool reduce(IrGraph *g, IrNode *n) {
  if (n->dead) return false;
  IrNode *in0 = n->input_count > 0 ? n->inputs[0] : NULL;
  IrNode *in1 = n->input_count > 1 ? n->inputs[1] : NULL;
  IrNode *to = NULL;
  int32_t a, b;
  switch ((IrOp)n->op) {
    /* A check whose input is the value it would produce. */
    case IR_CheckInt32:
      if (in0 && in0->op == IR_Int32ToTagged) to = in0->inputs[0];
      else if (in0 && int32_value(g, in0, &a) && (to = ir_node_new(g, NULL, IR_Int32Constant, 0, NULL)))
        to->aux.i = a;
      break;
    case IR_CheckNumber:
      if (in0 && in0->op == IR_Float64ToTagged) {
        to = in0->inputs[0];
      } else if (in0 && in0->op == IR_Int32ToTagged) {
        to = ir_node_new(g, NULL, IR_Int32ToFloat64, 1, &in0->inputs[0]);
      } else if (in0 && in0->op == IR_Constant) {
        rd_value c = ir_literal_value(g, (uint32_t)in0->aux.i);
        if (value_is_number(c) && (to = ir_node_new(g, NULL, IR_Float64Constant, 0, NULL)))
          to->aux.f64 = value_to_number(c);
      }
      break;
    /* Conversions that undo each other. */
    case IR_Int32ToTagged:
      if (in0 && in0->op == IR_CheckInt32) to = in0->inputs[0];
      break;
    /* Arithmetic on two constants (the wrapping and the non-failing forms). */
    case IR_Int32Add:
    case IR_Int32And:
    case IR_Int32Or:
    case IR_Int32Xor:
    case IR_Int32Shl:
    case IR_Int32Sar:
      if (in0 && in1 && int32_value(g, in0, &a) && int32_value(g, in1, &b)) {
        uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
        int32_t r = n->op == IR_Int32Add ? (int32_t)(ua + ub)
                    : n->op == IR_Int32And ? a & b
                    : n->op == IR_Int32Or  ? a | b
                    : n->op == IR_Int32Xor ? a ^ b
                    : n->op == IR_Int32Shl ? (int32_t)(ua << (ub & 31))
                                           : a >> (b & 31);
        to = ir_node_new(g, NULL, IR_Int32Constant, 0, NULL);
        if (to) to->aux.i = r;
      }
      break;
    case IR_Int32AddOverflow:
    case IR_Int32SubOverflow:
      if (in0 && in1 && int32_value(g, in0, &a) && int32_value(g, in1, &b)) {
        int32_t r;
        bool ovf = n->op == IR_Int32AddOverflow ? __builtin_add_overflow(a, b, &r) : __builtin_sub_overflow(a, b, &r);
        if (!ovf) {
          to = ir_node_new(g, NULL, IR_Int32Constant, 0, NULL);
          if (to) to->aux.i = r;
        }
      }
      break;
    case IR_Int32ToFloat64:
      if (in0 && int32_value(g, in0, &a)) {
        to = ir_node_new(g, NULL, IR_Float64Constant, 0, NULL);
        if (to) to->aux.f64 = a;
      }
      break;
    default:
      break;
  }
  if (!to || to == n || to->rep != n->rep) return false;
  ir_replace_uses(g, n, to);
  kill(n);
  return true;
}

/* --- value numbering ------------------------------------------------------------------- */
static uint64_t node_hash(const IrNode *n) {
  uint64_t h = (uint64_t)n->op * 0x9E3779B97F4A7C15ull ^ (uint64_t)n->aux.i;
  for (uint32_t i = 0; i < n->input_count; i++)
    h = (h ^ (n->inputs[i] ? n->inputs[i]->id + 1 : 0)) * 0x100000001B3ull;
  return h ^ (h >> 29);
}

static bool node_equal(const IrNode *a, const IrNode *b) {
  if (a->op != b->op || a->aux.i != b->aux.i || a->input_count != b->input_count || a->rep != b->rep)
    return false;
  for (uint32_t i = 0; i < a->input_count; i++)
    if (a->inputs[i] != b->inputs[i]) return false;
  return true;
}

/* Merges floating nodes computing the same thing from the same inputs.
 * Floating nodes are pure, so any one of them serves every use. */
static bool value_number(IrGraph *g) {
  uint32_t cap = 16;
  while (cap < 2 * g->node_count) cap *= 2;
  IrNode **table = calloc(cap, sizeof *table);
  if (!table) return false;
  bool changed = false;
  for (uint32_t i = 0; i < g->node_count; i++) {   /* ids follow creation: inputs first */
    IrNode *n = g->nodes[i];
    if (n->dead || ir_op_is_fixed((IrOp)n->op)) continue;
    uint64_t h = node_hash(n);
    for (uint32_t k = (uint32_t)h & (cap - 1);; k = (k + 1) & (cap - 1)) {
      if (!table[k]) {
        table[k] = n;
        break;
      }
      if (node_equal(table[k], n)) {
        ir_replace_uses(g, n, table[k]);
        kill(n);
        changed = true;
        break;
      }
    }
  }
  free(table);
  return changed;
}

/* --- dead code ---------------------------------------------------------------------------- */
/* Kills floating nodes nothing (live) uses, inputs first-to-last until stable. */
static void eliminate_dead(IrGraph *g) {
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i = g->node_count; i-- > 0;) {
      IrNode *n = g->nodes[i];
      if (n->dead || ir_op_is_fixed((IrOp)n->op) || n->use_count) continue;
      kill(n);
      changed = true;
    }
  }
}

/* --- redundant checks ---------------------------------------------------------------------- */
static bool dominates(const IrBlock *a, const IrBlock *b) {
  while (b && b->dom_depth > a->dom_depth) b = b->idom;
  return a == b;
}

/* True if n may change maps (a check of an object's map before it doesn't hold after it). */
static bool may_change_maps(const IrNode *n) {
  return n->op == IR_Call || n->op == IR_Construct || n->op == IR_Generic || n->op == IR_StoreMap;
}

/* Removes checks already done: a value check (CheckInt32, CheckNumber,
 * CheckHeapObject) of the same value in a dominating block, and a
 * CheckMaps of the same object and maps earlier in the same block, or in
 * the straight-line chain of blocks that leads to it (an inlined call's
 * entry and continuation), with nothing between that may change maps. */
static bool eliminate_redundant_checks(IrGraph *g) {
  bool changed = false;
  for (uint32_t bi = 0; bi < g->block_count; bi++) {
    IrBlock *b = g->blocks[bi];
    for (uint32_t k = 0; k < b->node_count; k++) {
      IrNode *n = b->nodes[k];
      if (n->dead || n->input_count != 1 || !n->inputs[0]) continue;
      bool value_check = n->op == IR_CheckInt32 || n->op == IR_CheckNumber || n->op == IR_CheckHeapObject;
      if (!value_check && n->op != IR_CheckMaps) continue;
      IrNode *found = NULL;
      if (value_check) {
        for (uint32_t i = 0; i < g->node_count && !found; i++) {
          IrNode *m = g->nodes[i];
          if (m != n && !m->dead && m->op == n->op && m->input_count == 1 && m->inputs[0] == n->inputs[0] &&
              m->aux.i >= n->aux.i &&   /* a CheckHeapObject of a JS object (aux 1) covers a plain one */
              m->block && (m->block != b ? dominates(m->block, b) : m->id < n->id))
            found = m;
        }
      } else {   /* back through this block and a straight-line chain of blocks before it */
        IrBlock *c = b;
        for (uint32_t j = k;;) {
          if (j == 0) {
            if (c->pred_count != 1 || c->preds[0]->succ_count != 1) break;
            c = c->preds[0];
            j = c->node_count;
            continue;
          }
          IrNode *m = c->nodes[--j];
          if (m->dead) continue;
          if (may_change_maps(m)) break;
          if (m->op == IR_CheckMaps && m->inputs[0] == n->inputs[0] && m->aux.i == n->aux.i) {
            found = m;
            break;
          }
        }
      }
      if (!found) continue;
      if (n->rep != IR_REP_NONE) ir_replace_uses(g, n, found);
      kill(n);
      changed = true;
    }
  }
  return changed;
}

void optimize_graph(IrGraph *g) {
  schedule_dominators(g);
  for (int round = 0; round < 4; round++) {
    bool changed = eliminate_redundant_checks(g);
    for (uint32_t i = 0; i < g->node_count; i++) changed |= reduce(g, g->nodes[i]);
    changed |= value_number(g);
    if (!changed) break;
  }
  eliminate_dead(g);
}
