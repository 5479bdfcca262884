/*
 * ir.c - building and printing the graph IR (ir.h): the arena, literals,
 * blocks, nodes and --print-ir.
 *
 * Invariant: everything a graph allocates lives in its arena (or, for heap
 * values, in its literal FixedArray behind a handle) and goes away with
 * ir_graph_free; nothing here runs JavaScript.
 */
#include "compiler/ir.h"

#include <stdlib.h>
#include <string.h>

#include "builtins/math.h"
#include "bytecode/bytecodes.h"
#include "objects/array_buffer.h"
#include "objects/factory.h"
#include "objects/string.h"

const char *const ir_op_names[IR_OP_COUNT] = {
#define X(name, place, rep) #name,
    IR_OP_LIST(X)
#undef X
};
const char *const ir_rep_names[IR_REP_COUNT] = {
#define X(name, str) str,
    IR_REP_LIST(X)
#undef X
};
const char *const deopt_reason_names[DEOPT_REASON_COUNT] = {
#define X(name, str) str,
    DEOPT_REASON_LIST(X)
#undef X
};
static const bool op_fixed[IR_OP_COUNT] = {
#define X(name, place, rep) [IR_##name] = IR_PLACE_##place,
#define IR_PLACE_FIXED true
#define IR_PLACE_FLOATING false
    IR_OP_LIST(X)
#undef X
};
static const uint8_t op_rep[IR_OP_COUNT] = {
#define X(name, place, rep) [IR_##name] = IR_REP_##rep,
    IR_OP_LIST(X)
#undef X
};

bool ir_op_is_fixed(IrOp op) { return op_fixed[op]; }

/* --- arena -------------------------------------------------------------------------- */
typedef struct IrArenaChunk {
  struct IrArenaChunk *next;
  size_t used, size;
  max_align_t data[];
} IrArenaChunk;

void *ir_alloc(IrGraph *g, size_t size) {
  size = (size + 15) & ~(size_t)15;
  IrArenaChunk *c = g->arena;
  if (!c || c->used + size > c->size) {
    size_t want = size > 64 * 1024 ? size : 64 * 1024;
    c = malloc(sizeof(IrArenaChunk) + want);
    if (!c) {
      g->failed = true;
      return NULL;
    }
    c->next = g->arena;
    c->used = 0;
    c->size = want;
    g->arena = c;
  }
  void *p = (char *)c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

/* Grows an arena array *items of *cap elements of `size` bytes to hold need. */
static bool grow(IrGraph *g, void **items, uint32_t *cap, uint32_t need, size_t size) {
  if (need <= *cap) return true;
  uint32_t n = *cap ? *cap * 2 : 4;
  while (n < need) n *= 2;
  void *p = ir_alloc(g, n * size);
  if (!p) return false;
  if (*items) memcpy(p, *items, *cap * size);
  *items = p;
  *cap = n;
  return true;
}

void ir_graph_init(IrGraph *g, Runtime *rt) {
  memset(g, 0, sizeof *g);
  g->rt = rt;
  g->literals = handle_new(rt, VALUE_UNDEFINED);
}

void ir_graph_free(IrGraph *g) {
  for (IrArenaChunk *c = g->arena, *n; c; c = n) {
    n = c->next;
    free(c);
  }
  g->arena = NULL;
}

/* --- literals ----------------------------------------------------------------------- */
uint32_t ir_literal(IrGraph *g, rd_value v) {
  for (uint32_t i = 0; i < g->literal_count; i++)
    if (FIXED_ARRAY(*g->literals)->data[i] == v) return i;
  uint32_t cap = value_has_type(*g->literals, TYPE_FIXED_ARRAY) ? fixed_array_length(*g->literals) : 0;
  if (g->literal_count == cap) {
    HANDLE_SCOPE(g->rt);
    Handle hv = handle_new(g->rt, v);
    rd_value grown = cap ? factory_copy_fixed_array(g->rt, g->literals, cap * 2, VALUE_UNDEFINED)
                         : factory_fixed_array(g->rt, 16, VALUE_UNDEFINED, ALLOC_OLD);
    if (!grown) {
      g->failed = true;
      return 0;
    }
    *g->literals = grown;
    v = *hv;
  }
  HEAP_STORE(value_to_ptr(*g->literals), FIXED_ARRAY(*g->literals)->data[g->literal_count], v);
  return g->literal_count++;
}

rd_value ir_literal_value(const IrGraph *g, uint32_t index) {
  return index < g->literal_count ? FIXED_ARRAY(*g->literals)->data[index] : VALUE_UNDEFINED;
}

/* --- blocks and nodes ----------------------------------------------------------------- */
IrBlock *ir_block_new(IrGraph *g, uint32_t bytecode_offset) {
  IrBlock *b = ir_alloc(g, sizeof *b);
  if (!b || !grow(g, (void **)&g->blocks, &g->block_capacity, g->block_count + 1, sizeof(IrBlock *)))
    return NULL;
  b->id = g->block_count;
  b->bytecode_offset = bytecode_offset;
  g->blocks[g->block_count++] = b;
  return b;
}

void ir_block_add_pred(IrGraph *g, IrBlock *b, IrBlock *pred) {
  if (!grow(g, (void **)&b->preds, &b->pred_capacity, b->pred_count + 1, sizeof(IrBlock *))) return;
  b->preds[b->pred_count++] = pred;
}

static void block_append(IrGraph *g, IrBlock *b, IrNode *n) {
  if (!grow(g, (void **)&b->nodes, &b->node_capacity, b->node_count + 1, sizeof(IrNode *))) return;
  b->nodes[b->node_count++] = n;
  n->block = b;
}

IrNode *ir_node_new(IrGraph *g, IrBlock *b, IrOp op, uint32_t n, IrNode *const *inputs) {
  IrNode *node = ir_alloc(g, sizeof *node);
  if (!node || !grow(g, (void **)&g->nodes, &g->node_capacity, g->node_count + 1, sizeof(IrNode *)))
    return NULL;
  node->id = g->node_count;
  g->nodes[g->node_count++] = node;
  node->op = (uint16_t)op;
  node->rep = op_rep[op];
  if (n && !grow(g, (void **)&node->inputs, &node->input_capacity, n, sizeof(IrNode *))) return NULL;
  for (uint32_t i = 0; i < n; i++) {
    node->inputs[i] = inputs[i];
    if (inputs[i]) inputs[i]->use_count++;
  }
  node->input_count = n;
  if (b) block_append(g, b, node);
  return node;
}

void ir_node_add_input(IrGraph *g, IrNode *node, IrNode *input) {
  if (!grow(g, (void **)&node->inputs, &node->input_capacity, node->input_count + 1, sizeof(IrNode *)))
    return;
  node->inputs[node->input_count++] = input;
  if (input) input->use_count++;
}

void ir_block_insert_phi(IrGraph *g, IrBlock *b, IrNode *phi) {
  if (!grow(g, (void **)&b->nodes, &b->node_capacity, b->node_count + 1, sizeof(IrNode *))) return;
  uint32_t at = 0;
  while (at < b->node_count && b->nodes[at]->op == IR_Phi) at++;
  memmove(&b->nodes[at + 1], &b->nodes[at], (b->node_count - at) * sizeof(IrNode *));
  b->nodes[at] = phi;
  b->node_count++;
  phi->block = b;
}

/* Rewrites uses of from into to in one frame state chain. */
static void replace_in_frame_state(IrFrameState *fs, IrNode *from, IrNode *to) {
  for (; fs; fs = fs->outer) {
    uint32_t n = fs->parameter_count + 1 + fs->register_count + 1;
    for (uint32_t i = 0; i < n; i++)
      if (fs->values[i] == from) fs->values[i] = to;
  }
}

void ir_replace_uses(IrGraph *g, IrNode *from, IrNode *to) {
  for (uint32_t i = 0; i < g->node_count; i++) {
    IrNode *n = g->nodes[i];
    if (n == from) continue;
    for (uint32_t k = 0; k < n->input_count; k++)
      if (n->inputs[k] == from) {
        n->inputs[k] = to;
        if (to) to->use_count++;
        from->use_count--;
      }
    if (n->frame_state) replace_in_frame_state(n->frame_state, from, to);
  }
}

/* --- printing ------------------------------------------------------------------------- */
/* Prints a short description of literal index i. */
static void print_literal(const IrGraph *g, uint32_t i, FILE *f) {
  rd_value v = ir_literal_value(g, i);
  if (value_is_int32(v)) fprintf(f, "%d", value_to_int32(v));
  else if (value_is_number(v)) fprintf(f, "%.17g", value_to_number(v));
  else if (v == VALUE_UNDEFINED) fputs("undefined", f);
  else if (v == VALUE_NULL) fputs("null", f);
  else if (v == VALUE_TRUE) fputs("true", f);
  else if (v == VALUE_FALSE) fputs("false", f);
  else if (v == VALUE_EMPTY) fputs("the-hole", f);
  else if (value_is_string(v)) {
    char *s = string_to_utf8(v, NULL);
    fprintf(f, "\"%s\"", s ? s : "?");
    free(s);
  } else if (value_is_ptr(v)) {
    fprintf(f, "<%s #%u>", instance_type_names[value_instance_type(v)], i);
  } else {
    fputs("?", f);
  }
}

static const char *const round_mode_names[] = {"floor", "ceil", "trunc", "round"};

static void print_node(const IrGraph *g, const IrNode *n, FILE *f) {
  fprintf(f, "  n%u:%s = %s", n->id, ir_rep_names[n->rep], ir_op_names[n->op]);
  switch ((IrOp)n->op) {
    case IR_Constant:
    case IR_CheckMaps:
    case IR_CheckValue:
    case IR_LoadCell:
    case IR_StoreCell:
    case IR_StoreMap:
      fputc('[', f);
      print_literal(g, (uint32_t)n->aux.i, f);
      fputc(']', f);
      break;
    case IR_Float64Constant: fprintf(f, "[%.17g]", n->aux.f64); break;
    case IR_Int32Constant:
    case IR_Parameter:
    case IR_LoadField:
    case IR_LoadOverflowField:
    case IR_StoreField:
    case IR_StoreOverflowField:
    case IR_LoadContextSlot:
    case IR_StoreContextSlot:
    case IR_Call:
    case IR_Construct:
      fprintf(f, "[%lld]", (long long)n->aux.i);
      break;
    case IR_Generic: fprintf(f, "[%s]", bytecode_names[n->aux.i & 0xFFFF]); break;
    case IR_Float64Round: fprintf(f, "[%s]", round_mode_names[n->aux.i & 3]); break;
    case IR_LoadTypedArrayLength:
    case IR_LoadTypedElementInt32:
    case IR_LoadTypedElementFloat64:
    case IR_StoreTypedElement: fprintf(f, "[%s]", buffer_element_type_names[n->aux.i]); break;
    case IR_Float64Math: fprintf(f, "[%s]", math_op_names[n->aux.i]); break;
    case IR_Deoptimize: fprintf(f, "[%s]", deopt_reason_names[n->deopt_reason]); break;
    default: break;
  }
  fputc('(', f);
  for (uint32_t i = 0; i < n->input_count; i++) {
    if (n->inputs[i]) fprintf(f, "%sn%u", i ? ", " : "", n->inputs[i]->id);
    else fprintf(f, "%s-", i ? ", " : "");
  }
  fputc(')', f);
  if (n->deopt_reason && n->op != IR_Deoptimize) fprintf(f, " deopt: %s", deopt_reason_names[n->deopt_reason]);
  if (n->frame_state) fprintf(f, " @%u", n->frame_state->bytecode_offset);
  fputc('\n', f);
}

void ir_print(const IrGraph *g, const char *name, FILE *f) {
  fprintf(f, "--- IR for %s: %u blocks, %u nodes ---\n", name, g->block_count, g->node_count);
  bool scheduled = g->block_count && g->blocks[0]->sched;
  if (!scheduled) {
    fputs("floating:\n", f);
    for (uint32_t i = 0; i < g->node_count; i++) {
      const IrNode *n = g->nodes[i];
      if (!n->dead && !ir_op_is_fixed((IrOp)n->op) && !n->block) print_node(g, n, f);
    }
  }
  for (uint32_t i = 0; i < g->block_count; i++) {
    const IrBlock *b = g->blocks[i];
    if (i && !b->pred_count && !b->node_count) continue;   /* unreachable */
    fprintf(f, "B%u (bytecode %u%s, loop depth %u) <-", b->id, b->bytecode_offset,
            b->is_loop_header ? ", loop header" : "", b->loop_depth);
    for (uint32_t p = 0; p < b->pred_count; p++) fprintf(f, " B%u", b->preds[p]->id);
    fputc('\n', f);
    if (b->sched) {   /* scheduled: floating nodes are in their blocks */
      for (uint32_t k = 0; k < b->sched_count; k++) print_node(g, b->sched[k], f);
    } else {
      for (uint32_t k = 0; k < b->node_count; k++)
        if (!b->nodes[k]->dead) print_node(g, b->nodes[k], f);
    }
    if (b->succ_count) {
      fputs("  ->", f);
      for (uint32_t s = 0; s < b->succ_count; s++) fprintf(f, " B%u", b->succs[s]->id);
      fputc('\n', f);
    }
  }
}
