/*
 * regalloc.c - linear-scan register allocation (Poletto & Sarkar style, one
 * interval per value) over the scheduled graph.
 *
 * Positions: the nodes of block->sched, blocks in order, get positions
 * 2, 4, 6, ...; a value lives from its definition to its last use. A phi
 * is defined at its block's start; a phi's input is used at the end of the
 * corresponding predecessor; a frame-state value at the node owning the
 * state. A value defined before a loop and used inside it lives to the
 * loop's last block (its back edge), so the register isn't reused inside.
 *
 * Values whose interval contains a clobbering node (a call) are given a
 * spill slot for their whole life; the others get a register of their
 * class (float64 values a floating-point register, the rest a general
 * one) when one is free, else the interval ending last is spilled.
 *
 * Invariant: two values with overlapping intervals never share a
 * register or a slot.
 */
#include "compiler/regalloc.h"

#include <stdlib.h>
#include <string.h>

/* A value's live range and what it needs. */
typedef struct Interval {
  IrNode *node;
  uint32_t start, end;
  bool fpr, crosses_call;
} Interval;

static int by_start(const void *a, const void *b) {
  const Interval *x = *(Interval *const *)a, *y = *(Interval *const *)b;
  return x->start < y->start ? -1 : x->start > y->start ? 1 : (x->node->id < y->node->id ? -1 : 1);
}

static bool needs_location(const IrNode *n, const RegAllocConfig *cfg) {
  return !n->dead && n->rep != IR_REP_NONE && !(cfg->materialized && cfg->materialized(n));
}

bool regalloc_live_across(const RegAlloc *ra, const IrNode *v, uint32_t p) {
  uint32_t start = v->op == IR_Phi && v->block ? ra->block_start[v->block->id] : ra->live_start[v->id];
  return start < p && ra->live_end[v->id] > p;
}

bool regalloc_run(IrGraph *g, const RegAllocConfig *cfg, RegAlloc *ra) {
  uint32_t n = g->node_count;
  memset(ra, 0, sizeof *ra);
  ra->loc = ir_alloc(g, sizeof(Location) * (n + 1));
  ra->pos = ir_alloc(g, sizeof(uint32_t) * (n + 1));
  ra->live_end = ir_alloc(g, sizeof(uint32_t) * (n + 1));
  ra->live_start = ir_alloc(g, sizeof(uint32_t) * (n + 1));
  ra->block_start = ir_alloc(g, sizeof(uint32_t) * (g->block_count + 1));
  ra->block_end = ir_alloc(g, sizeof(uint32_t) * (g->block_count + 1));
  Interval *iv = ir_alloc(g, sizeof(Interval) * (n + 1));
  Interval **order = ir_alloc(g, sizeof(Interval *) * (n + 1));
  uint32_t *calls = ir_alloc(g, sizeof(uint32_t) * (n + 1));
  if (!ra->loc || !ra->pos || !ra->live_end || !ra->live_start || !ra->block_start || !ra->block_end || !iv || !order || !calls)
    return false;

  /* Positions. */
  uint32_t p = 2, ncalls = 0;
  for (uint32_t b = 0; b < g->block_count; b++) {
    IrBlock *blk = g->blocks[b];
    ra->block_start[b] = p;
    for (uint32_t k = 0; k < blk->sched_count; k++) {
      IrNode *x = blk->sched[k];
      ra->pos[x->id] = p;
      if (cfg->clobbers && cfg->clobbers(x)) calls[ncalls++] = p;
      p += 2;
    }
    ra->block_end[b] = p - 1;
    p += 2;
  }

  /* Intervals: def .. last use. A phi's location is written at the end of
   * each predecessor (the moves of its inputs): its interval reserves the
   * location from the earliest predecessor's end to the latest one's (a
   * loop's back edge), so no other value can sit there when a move writes
   * it. But the phi only holds its value on every path from its block's
   * start: regalloc_live_across (safepoints) counts from there. */
  for (uint32_t i = 0; i < n; i++) {
    IrNode *x = g->nodes[i];
    ra->live_start[i] = ra->live_end[i] = ra->pos[i];
    if (x->op == IR_Phi && x->block) {
      IrBlock *b = x->block;
      uint32_t lo = ra->block_start[b->id], hi = lo;
      for (uint32_t k = 0; k < b->pred_count; k++) {
        lo = MIN(lo, ra->block_end[b->preds[k]->id]);
        hi = MAX(hi, ra->block_end[b->preds[k]->id]);
      }
      ra->live_start[i] = lo;
      ra->live_end[i] = hi;
    }
  }
#define USE(def, at)                                                                 \
  do {                                                                               \
    IrNode *d_ = (def);                                                              \
    if (d_ && !d_->dead && (at) > ra->live_end[d_->id]) ra->live_end[d_->id] = (at); \
  } while (0)
  for (uint32_t i = 0; i < n; i++) {
    IrNode *x = g->nodes[i];
    if (x->dead || !x->block) continue;
    for (uint32_t k = 0; k < x->input_count; k++) {
      if (x->op == IR_Phi && k < x->block->pred_count) USE(x->inputs[k], ra->block_end[x->block->preds[k]->id]);
      else USE(x->inputs[k], ra->pos[i]);
    }
    /* A call's frame state is also its lazy deopt point, read after the
     * call returns: its values live across the call (so in slots). */
    uint32_t at = ra->pos[i] + (cfg->clobbers && cfg->clobbers(x) ? 1 : 0);
    for (IrFrameState *fs = x->frame_state; fs; fs = fs->outer) {
      uint32_t count = fs->parameter_count + 1 + fs->register_count + 1;
      for (uint32_t k = 0; k < count; k++) USE(fs->values[k], at);
    }
  }
#undef USE
  /* Loops: a value live into a loop header from outside, or used inside a
   * loop it was defined before, lives through the whole loop. */
  for (uint32_t b = 0; b < g->block_count; b++) {
    IrBlock *h = g->blocks[b];
    if (!h->is_loop_header) continue;
    uint32_t last = h->id;
    for (uint32_t k = 0; k < h->pred_count; k++) last = MAX(last, h->preds[k]->id);
    uint32_t lo = ra->block_start[h->id], hi = ra->block_end[last];
    for (uint32_t i = 0; i < n; i++) {
      IrNode *x = g->nodes[i];
      if (x->dead || !x->block) continue;
      uint32_t def = ra->live_start[i];
      if (def < lo && ra->live_end[i] >= lo && ra->live_end[i] < hi) ra->live_end[i] = hi;
    }
  }

  /* Linear scan. */
  uint32_t count = 0;
  for (uint32_t i = 0; i < n; i++) {
    IrNode *x = g->nodes[i];
    if (!x->block || !needs_location(x, cfg)) continue;
    Interval *v = &iv[count];
    v->node = x;
    v->start = ra->live_start[i];
    v->end = ra->live_end[i];
    v->fpr = x->rep == IR_REP_FLOAT64;
    for (uint32_t c = 0; c < ncalls && !v->crosses_call; c++) v->crosses_call = calls[c] > v->start && calls[c] < v->end;
    order[count++] = v;
  }
  qsort(order, count, sizeof *order, by_start);
  Interval *active[64] = {0};   /* by register: its current interval (gpr 0..31, fpr 32..63) */
  uint32_t *slot_free_at = ir_alloc(g, sizeof(uint32_t) * (count + 1));   /* by slot: end of its last interval */
  if (!slot_free_at) return false;
  for (uint32_t k = 0; k < count; k++) {
    Interval *v = order[k];
    Location *l = &ra->loc[v->node->id];
    uint32_t base = v->fpr ? 32 : 0, nregs = v->fpr ? cfg->fpr_count : cfg->gpr_count;
    if (nregs > 32) nregs = 32;
    int32_t reg = -1;
    if (!v->crosses_call) {
      for (uint32_t r = 0; r < nregs; r++) {
        Interval *a = active[base + r];
        if (!a || a->end < v->start) {
          reg = (int32_t)r;
          break;
        }
      }
      if (reg < 0) {   /* spill the interval that ends last: v or an active one */
        uint32_t victim = 0;
        for (uint32_t r = 1; r < nregs; r++)
          if (active[base + r]->end > active[base + victim]->end) victim = r;
        Interval *w = active[base + victim];
        if (nregs && w->end > v->end) {
          reg = (int32_t)victim;
          Location *wl = &ra->loc[w->node->id];
          uint32_t s = 0;
          while (s < ra->slot_count && slot_free_at[s] >= w->start) s++;
          if (s == ra->slot_count) ra->slot_count++;
          slot_free_at[s] = w->end;
          wl->kind = LOC_SLOT;
          wl->index = (uint16_t)s;
        }
      }
    }
    if (reg >= 0) {
      active[base + (uint32_t)reg] = v;
      l->kind = v->fpr ? LOC_FPR : LOC_GPR;
      l->index = (uint16_t)reg;
    } else {
      uint32_t s = 0;
      while (s < ra->slot_count && slot_free_at[s] >= v->start) s++;
      if (s == ra->slot_count) ra->slot_count++;
      slot_free_at[s] = v->end;
      l->kind = LOC_SLOT;
      l->index = (uint16_t)s;
    }
  }
  return true;
}
