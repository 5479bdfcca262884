/*
 * schedule.c - global code motion: dominators, placement of floating nodes
 * and the final order of each block's nodes (DESIGN 6).
 *
 * A floating node may go anywhere between its earliest block (the deepest,
 * in the dominator tree, of its inputs' blocks) and its latest (the
 * dominator-tree LCA of its uses; a phi uses its k-th input at the end of
 * its k-th predecessor, a frame state at the node that owns it). Among the
 * blocks on that dominator path the one in the fewest loops wins, the
 * latest on a tie: that hoists loop invariants and sinks everything else
 * next to its use.
 *
 * Invariant: in block->sched every node comes after its inputs that are in
 * the same block, phis first, the terminator last.
 */
#include "compiler/optimize.h"

#include <stdlib.h>
#include <string.h>

/* --- dominators (Cooper, Harvey, Kennedy; blocks are in RPO) ---------------------------- */
static bool reachable(const IrGraph *g, const IrBlock *b) { return b == g->blocks[0] || b->pred_count; }

static IrBlock *intersect(IrBlock *a, IrBlock *b) {
  while (a != b) {
    while (a->id > b->id) a = a->idom;
    while (b->id > a->id) b = b->idom;
  }
  return a;
}

void schedule_dominators(IrGraph *g) {
  IrBlock *entry = g->blocks[0];
  entry->idom = entry;
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i = 1; i < g->block_count; i++) {
      IrBlock *b = g->blocks[i];
      if (!reachable(g, b)) continue;
      IrBlock *d = NULL;
      for (uint32_t p = 0; p < b->pred_count; p++) {
        IrBlock *pred = b->preds[p];
        if (!pred->idom) continue;   /* a back edge not processed yet */
        d = d ? intersect(pred, d) : pred;
      }
      if (d && b->idom != d) {
        b->idom = d;
        changed = true;
      }
    }
  }
  for (uint32_t i = 0; i < g->block_count; i++) {
    IrBlock *b = g->blocks[i];
    b->dom_depth = b == entry || !b->idom ? 0 : b->idom->dom_depth + 1;
  }
}

static IrBlock *lca(IrBlock *a, IrBlock *b) {
  if (!a) return b;
  if (!b) return a;
  while (a->dom_depth > b->dom_depth) a = a->idom;
  while (b->dom_depth > a->dom_depth) b = b->idom;
  while (a != b) {
    a = a->idom;
    b = b->idom;
  }
  return a;
}

/* --- uses -------------------------------------------------------------------------------- */
typedef struct Use {
  IrNode *user;
  uint32_t index;               /* input index, or UINT32_MAX for a frame-state use */
  struct Use *next;
} Use;

typedef struct Scheduler {
  IrGraph *g;
  Use **uses;                   /* by node id */
  IrBlock **early;              /* by node id: earliest block of floating nodes */
  bool *emitted;                /* by node id */
} Scheduler;

static bool add_use(Scheduler *s, IrNode *def, IrNode *user, uint32_t index) {
  if (!def || def->dead) return true;
  Use *u = ir_alloc(s->g, sizeof *u);
  if (!u) return false;
  u->user = user;
  u->index = index;
  u->next = s->uses[def->id];
  s->uses[def->id] = u;
  return true;
}

static bool collect_uses(Scheduler *s) {
  IrGraph *g = s->g;
  for (uint32_t i = 0; i < g->node_count; i++) {
    IrNode *n = g->nodes[i];
    if (n->dead) continue;
    for (uint32_t k = 0; k < n->input_count; k++)
      if (!add_use(s, n->inputs[k], n, k)) return false;
    for (IrFrameState *fs = n->frame_state; fs; fs = fs->outer) {
      uint32_t count = fs->parameter_count + 1 + fs->register_count + 1;
      for (uint32_t k = 0; k < count; k++)
        if (!add_use(s, fs->values[k], n, UINT32_MAX)) return false;
    }
  }
  return true;
}

/* --- placement ---------------------------------------------------------------------------- */
static IrBlock *block_of(Scheduler *s, IrNode *n) {
  return ir_op_is_fixed((IrOp)n->op) ? n->block : s->early[n->id];
}

/* The block where user needs def's value (for a phi: the predecessor). */
static IrBlock *use_block(const Use *u) {
  IrNode *user = u->user;
  if (user->op == IR_Phi && u->index != UINT32_MAX && user->block && u->index < user->block->pred_count)
    return user->block->preds[u->index];
  return user->block;
}

static void place(Scheduler *s) {
  IrGraph *g = s->g;
  IrBlock *entry = g->blocks[0];
  /* Early: inputs are created before their users, so id order works. */
  for (uint32_t i = 0; i < g->node_count; i++) {
    IrNode *n = g->nodes[i];
    if (n->dead || ir_op_is_fixed((IrOp)n->op)) continue;
    IrBlock *e = entry;
    for (uint32_t k = 0; k < n->input_count; k++) {
      IrNode *in = n->inputs[k];
      IrBlock *b = in ? block_of(s, in) : NULL;
      if (b && b->dom_depth > e->dom_depth) e = b;
    }
    s->early[n->id] = e;
  }
  /* Late, then the best block between: users have higher ids, so reverse order. */
  for (uint32_t i = g->node_count; i-- > 0;) {
    IrNode *n = g->nodes[i];
    if (n->dead || ir_op_is_fixed((IrOp)n->op)) continue;
    IrBlock *late = NULL;
    for (const Use *u = s->uses[n->id]; u; u = u->next)
      if (!u->user->dead) late = lca(late, use_block(u));
    if (!late) late = s->early[n->id];
    IrBlock *best = late;
    for (IrBlock *b = late; b; b = b->idom) {
      if (b->loop_depth < best->loop_depth) best = b;
      if (b == s->early[n->id] || b == entry) break;
    }
    n->block = best;
    s->early[n->id] = best;   /* users placed later see the final block */
  }
}

/* --- ordering ------------------------------------------------------------------------------- */
static bool append(IrGraph *g, IrBlock *b, uint32_t *cap, IrNode *n) {
  if (b->sched_count == *cap) {
    uint32_t ncap = *cap ? *cap * 2 : 16;
    IrNode **p = ir_alloc(g, ncap * sizeof *p);
    if (!p) return false;
    if (b->sched) memcpy(p, b->sched, b->sched_count * sizeof *p);
    b->sched = p;
    *cap = ncap;
  }
  b->sched[b->sched_count++] = n;
  return true;
}

/* Emits floating node n of block b after its floating inputs of b. */
static bool emit_floating(Scheduler *s, IrBlock *b, uint32_t *cap, IrNode *n) {
  if (!n || n->dead || ir_op_is_fixed((IrOp)n->op) || n->block != b || s->emitted[n->id]) return true;
  s->emitted[n->id] = true;
  for (uint32_t k = 0; k < n->input_count; k++)
    if (!emit_floating(s, b, cap, n->inputs[k])) return false;
  return append(s->g, b, cap, n);
}

/* Emits the floating inputs (and frame-state values) fixed node n needs from b. */
static bool emit_needs(Scheduler *s, IrBlock *b, uint32_t *cap, IrNode *n) {
  for (uint32_t k = 0; k < n->input_count; k++)
    if (n->op != IR_Phi && !emit_floating(s, b, cap, n->inputs[k])) return false;
  for (IrFrameState *fs = n->frame_state; fs; fs = fs->outer) {
    uint32_t count = fs->parameter_count + 1 + fs->register_count + 1;
    for (uint32_t k = 0; k < count; k++)
      if (!emit_floating(s, b, cap, fs->values[k])) return false;
  }
  return true;
}

static bool order(Scheduler *s) {
  IrGraph *g = s->g;
  for (uint32_t i = 0; i < g->block_count; i++) {
    IrBlock *b = g->blocks[i];
    if (!reachable(g, b)) continue;
    uint32_t cap = 0;
    IrNode *terminator = NULL;
    for (uint32_t k = 0; k < b->node_count; k++) {
      IrNode *n = b->nodes[k];
      if (n->dead) continue;
      if (n->op == IR_Goto || n->op == IR_Branch || n->op == IR_Return || n->op == IR_Throw ||
          n->op == IR_Deoptimize) {
        terminator = n;
        break;
      }
      if (!emit_needs(s, b, &cap, n) || !append(g, b, &cap, n)) return false;
    }
    /* Everything else placed here (used by successors' phis or later blocks). */
    for (uint32_t k = 0; k < g->node_count; k++)
      if (!emit_floating(s, b, &cap, g->nodes[k])) return false;
    if (terminator && (!emit_needs(s, b, &cap, terminator) || !append(g, b, &cap, terminator))) return false;
  }
  return true;
}

bool schedule_graph(IrGraph *g) {
  Scheduler s = {g, NULL, NULL, NULL};
  s.uses = ir_alloc(g, sizeof(Use *) * (g->node_count + 1));
  s.early = ir_alloc(g, sizeof(IrBlock *) * (g->node_count + 1));
  s.emitted = ir_alloc(g, g->node_count + 1);
  if (!s.uses || !s.early || !s.emitted) return false;
  schedule_dominators(g);
  if (!collect_uses(&s)) return false;
  place(&s);
  return order(&s);
}
