/*
 * graph_builder.c - bytecode + feedback -> graph IR (ir.h).
 *
 * The builder interprets the bytecode abstractly, one basic block at a
 * time in bytecode order, keeping an environment (parameters, context,
 * registers, accumulator -> the node holding each value). Feedback turns
 * into speculation: a binary operation that only saw int32s becomes an
 * overflow-checked int32 node on CheckInt32 inputs, a load whose site saw
 * one map becomes CheckMaps + LoadField, a global whose cell the site
 * cached becomes a cell load, and so on. Whatever the feedback doesn't
 * cover becomes a Generic node (the interpreter's way, as a C call), and a
 * bytecode the compiler can't handle at all stops the build with its name.
 *
 * SSA: a loop header gets a phi for every live slot when it is entered
 * from above; its back edges add their inputs at JumpLoop; phis whose
 * inputs are all one value are removed at the end. Forward merges make a
 * phi only for slots whose values differ. Blocks are visited in bytecode
 * order, which is a reverse postorder here (JumpLoop is the only backward
 * jump), and only reachable blocks become predecessors.
 *
 * Liveness: a backward dataflow over the blocks computes which registers
 * and whether the accumulator are live before each instruction; frame
 * states hold only live values (NULL: optimized out, the deoptimizer
 * writes undefined) and loop headers get phis only for live slots.
 *
 * Invariant: every node that can deoptimize gets the frame state from
 * before its bytecode (the interpreter re-executes that bytecode).
 */
#include "compiler/graph_builder.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/math.h"
#include "bytecode/bytecodes.h"
#include "compiler/runtime_calls.h"
#include "interp/ic.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/typed_array.h"

#define BYTECODE_OF(v) ((BytecodeArray *)value_to_ptr(v))
#define SFI_FLAGS_OF(sfi) ((uint32_t)value_to_int32(((SharedFunctionInfo *)value_to_ptr(sfi))->flags))

/* One decoded instruction. */
typedef struct Insn {
  uint32_t offset;              /* of its first byte (the prefix, if any) */
  uint32_t next;                /* offset of the next instruction */
  Bytecode bc;
  int scale;
  uint32_t op_off;              /* offset of the opcode byte (the bytecode may move: no pointer) */
} Insn;

/* An inlined call site: block `at` ends with the jump into the callee's
 * blocks [first, first + count) and the caller goes on in `cont`. */
typedef struct Split {
  IrBlock *at, *cont;
  uint32_t first, count;
} Split;

/* What the builders of one graph (the function and the callees inlined into
 * it) share. */
typedef struct Shared {
  uint8_t **phi_rep;            /* by block id: per env slot, a loop phi's
                                   representation (IR_REP_NONE: from its entry
                                   value); kept across attempts */
  uint32_t phi_rep_count;
  bool retry;                   /* a back edge disagreed with a loop phi's rep */
  Split *splits;
  uint32_t split_count, split_capacity;
  uint32_t inlined_bytes;       /* bytecode inlined so far */
  Handle refuse;                /* a callee whose inlining failed (VALUE_EMPTY: none) */
  const Handle *refused;        /* callees never to inline (earlier failures) */
  uint32_t refused_count;
} Shared;

typedef struct Builder Builder;
struct Builder {
  IrGraph *g;
  Shared *sh;
  Builder *parent;              /* the caller this callee is inlined into, or NULL */
  uint32_t depth;               /* inlining depth (0: the function compiled) */
  Runtime *rt;
  Handle fn, sfi, bytecode, feedback;
  uint32_t params, regs, env_size;  /* params: receiver included */
  Insn *insns;
  uint32_t insn_count;
  IrBlock **block_at;           /* by bytecode offset: the block starting there */
  uint64_t *live;               /* per instruction: live-in bits (registers, then the accumulator) */
  uint32_t live_words;          /* uint64_t words per instruction */
  uint32_t *insn_at;            /* by bytecode offset: instruction index */
  IrNode ***entry_env;          /* by block id: the environment on entry, or NULL */
  uint32_t *arrivals;           /* by block id: predecessors merged so far */
  IrNode **env;                 /* the current environment */
  IrBlock *cur;                 /* NULL after a terminator (dead code) */
  IrNode *closure;              /* the running JSFunction */
  bool strict;                  /* strict code: Generic stores throw on failure */
  uint32_t first_block, block_count;  /* this function's blocks (before splits) */
  /* inlined callees: */
  IrFrameState *outer;          /* the caller's state at the call */
  uint32_t argc1;               /* argument count + 1 */
  uint32_t function_literal;    /* the callee JSFunction */
  IrBlock *cont;                /* where the caller goes on: Returns jump there */
  IrNode **rets;                /* the returned values, one per jump to cont */
  uint32_t ret_count, ret_capacity;
  bool dead_read;
  uint32_t sfi_literal;         /* literal index of the SharedFunctionInfo */
  IrFrameState *state;          /* cached frame state of the current point */
  uint32_t state_offset;
  const char *reason;           /* why the build stopped */
};

/* Environment slots: parameters (receiver first), context, registers, accumulator. */
#define SLOT_CONTEXT(b) ((b)->params)
#define SLOT_REG(b, r) ((b)->params + 1 + (uint32_t)(r))
#define SLOT_ACC(b) ((b)->env_size - 1)

/* --- decoding ------------------------------------------------------------------------ */
/* Operand i of in, read through the bytecode's handle (a GC may have moved it). */
static int32_t opnd(const Builder *b, const Insn *in, int i) {
  return bytecode_operand(BYTECODE_OF(*b->bytecode)->bytes + in->op_off, i, in->scale);
}

static bool decode(Builder *b) {
  const BytecodeArray *ba = BYTECODE_OF(*b->bytecode);
  b->insns = ir_alloc(b->g, sizeof(Insn) * (ba->length + 1));
  b->insn_at = ir_alloc(b->g, sizeof(uint32_t) * (ba->length + 1));
  if (!b->insns || !b->insn_at) return false;
  for (uint32_t off = 0; off < ba->length;) {
    b->insn_at[off] = b->insn_count;
    Insn *in = &b->insns[b->insn_count++];
    in->offset = off;
    in->scale = 1;
    const uint8_t *p = ba->bytes + off;
    if (*p <= BC_ExtraWide) {
      in->scale = *p == BC_Wide ? 2 : 4;
      p++;
    }
    in->op_off = (uint32_t)(p - ba->bytes);
    in->bc = (Bytecode)*p;
    in->next = (uint32_t)(p - ba->bytes) + (uint32_t)bytecode_size(in->bc, in->scale);
    off = in->next;
  }
  return true;
}

static bool ends_block(Bytecode bc) {
  return bytecode_is_jump(bc) || bc == BC_Return || bc == BC_Throw || bc == BC_ReThrow;
}
static bool falls_through(Bytecode bc) {
  return !(bc == BC_Jump || bc == BC_JumpLoop || bc == BC_Return || bc == BC_Throw || bc == BC_ReThrow);
}

/* Makes the blocks (at offset 0, jump targets and after block ends) and
 * their predecessor lists over reachable code. */
static bool make_blocks(Builder *b) {
  const BytecodeArray *ba = BYTECODE_OF(*b->bytecode);
  uint32_t len = ba->length;
  b->block_at = ir_alloc(b->g, sizeof(IrBlock *) * (len + 1));
  bool *starts = ir_alloc(b->g, len + 1);
  bool *loop = ir_alloc(b->g, len + 1);
  if (!b->block_at || !starts || !loop) return false;
  starts[0] = true;
  for (uint32_t i = 0; i < b->insn_count; i++) {
    const Insn *in = &b->insns[i];
    if (bytecode_is_jump(in->bc)) {
      int64_t t = (int64_t)in->offset + opnd(b, in, 0);
      if (t < 0 || t >= len) return false;
      starts[t] = true;
      if (in->bc == BC_JumpLoop) loop[t] = true;
    }
    if (ends_block(in->bc) && in->next < len) starts[in->next] = true;
  }
  b->first_block = b->g->block_count;
  if (loop[0]) {   /* a loop at offset 0 is entered from an empty entry block */
    IrBlock *entry = ir_block_new(b->g, 0);
    if (!entry) return false;
  }
  for (uint32_t i = 0; i < b->insn_count; i++)
    if (starts[b->insns[i].offset]) {
      IrBlock *blk = ir_block_new(b->g, b->insns[i].offset);
      if (!blk) return false;
      blk->is_loop_header = loop[b->insns[i].offset];
      b->block_at[b->insns[i].offset] = blk;
    }
  b->block_count = b->g->block_count - b->first_block;
  /* Reachability, then predecessors in bytecode order of their sources. */
  bool *reached = ir_alloc(b->g, b->g->block_count);
  if (!reached) return false;
  reached[b->first_block] = true;
  IrBlock *cur = NULL;
  if (loop[0]) {
    IrBlock *entry = b->g->blocks[b->first_block], *header = b->block_at[0];
    reached[header->id] = true;
    entry->succs[entry->succ_count++] = header;
    ir_block_add_pred(b->g, header, entry);
  }
  for (uint32_t i = 0; i < b->insn_count; i++) {
    const Insn *in = &b->insns[i];
    if (b->block_at[in->offset]) cur = b->block_at[in->offset];
    if (!reached[cur->id]) continue;
    bool last = i + 1 == b->insn_count || b->block_at[in->next];
    if (!last && !ends_block(in->bc)) continue;
    if (bytecode_is_jump(in->bc)) {
      IrBlock *t = b->block_at[in->offset + opnd(b, in, 0)];
      reached[t->id] = true;
      cur->succs[cur->succ_count++] = t;
      ir_block_add_pred(b->g, t, cur);
    }
    if (falls_through(in->bc) && in->next < len) {
      IrBlock *t = b->block_at[in->next];
      reached[t->id] = true;
      /* a conditional jump's fall-through is its second successor */
      cur->succs[cur->succ_count++] = t;
      ir_block_add_pred(b->g, t, cur);
    }
  }
  return !b->g->failed;
}

/* --- liveness ------------------------------------------------------------------------------ */
/* Bit of register r (>= 0) or of the accumulator (r = -1) in a live set. */
static uint32_t live_bit(const Builder *b, int32_t r) { return r < 0 ? b->regs : (uint32_t)r; }
static void bit_set(uint64_t *s, uint32_t i) { s[i / 64] |= (uint64_t)1 << (i % 64); }
static void bit_clear(uint64_t *s, uint32_t i) { s[i / 64] &= ~((uint64_t)1 << (i % 64)); }
static bool bit_test(const uint64_t *s, uint32_t i) { return s[i / 64] >> (i % 64) & 1; }

/* live = live-in of `in` given live = its live-out. Registers it writes die,
 * registers and the accumulator it reads live. Parameters are not tracked
 * (always live). */
static void transfer(const Builder *b, const Insn *in, uint64_t *live) {
  Bytecode bc = in->bc;
  uint8_t acc_use = bytecode_acc_use[bc];
  if (acc_use == ACC_WRITE) bit_clear(live, live_bit(b, -1));
  int write_reg = bc == BC_Star || bc == BC_PushContext || bc == BC_GetContext ? 0 : bc == BC_Mov ? 1 : -1;
  if (write_reg >= 0 && opnd(b, in, write_reg) >= 0) bit_clear(live, live_bit(b, opnd(b, in, write_reg)));
  if (acc_use == ACC_READ || acc_use == ACC_READ_WRITE) bit_set(live, live_bit(b, -1));
  if (bc == BC_CallProperty || bc == BC_CallUndefinedReceiver || bc == BC_Construct) {
    int32_t first = opnd(b, in, 1), count = opnd(b, in, 2);
    if (opnd(b, in, 0) >= 0) bit_set(live, live_bit(b, opnd(b, in, 0)));
    for (int32_t r = first; r < first + count; r++)
      if (r >= 0) bit_set(live, live_bit(b, r));
    return;
  }
  uint32_t n = bytecode_operand_count[bc];
  for (uint32_t i = 0; i < n; i++)
    if (bytecode_operand_types[bc][i] == OPERAND_REG && (int)i != write_reg && opnd(b, in, (int)i) >= 0)
      bit_set(live, live_bit(b, opnd(b, in, (int)i)));
}

/* Computes b->live: per instruction, the registers and accumulator live before it. */
static bool liveness(Builder *b) {
  uint32_t w = b->live_words = (b->regs + 1 + 63) / 64;
  IrGraph *g = b->g;
  b->live = ir_alloc(g, sizeof(uint64_t) * w * b->insn_count);
  uint32_t nb = b->block_count, base = b->first_block;   /* this function's blocks */
  uint64_t *in_of = ir_alloc(g, sizeof(uint64_t) * w * nb);   /* per block: live-in */
  uint64_t *cur = ir_alloc(g, sizeof(uint64_t) * w);
  uint32_t *first = ir_alloc(g, sizeof(uint32_t) * (nb + 1));
  if (!b->live || !in_of || !cur || !first) return false;
  for (uint32_t i = 0; i < b->insn_count; i++) {
    IrBlock *blk = b->block_at[b->insns[i].offset];
    if (blk) first[blk->id - base] = i;
  }
  first[nb] = b->insn_count;
  if (g->blocks[base] != b->block_at[0]) first[0] = 0, first[1] = 0;   /* an empty entry block */
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t bi = nb; bi-- > 0;) {
      IrBlock *blk = g->blocks[base + bi];
      memset(cur, 0, sizeof(uint64_t) * w);
      for (uint32_t s = 0; s < blk->succ_count; s++)
        for (uint32_t k = 0; k < w; k++) cur[k] |= in_of[w * (blk->succs[s]->id - base) + k];
      for (uint32_t i = first[bi + 1]; i-- > first[bi];) {
        transfer(b, &b->insns[i], cur);
        memcpy(&b->live[w * i], cur, sizeof(uint64_t) * w);
      }
      if (memcmp(&in_of[w * bi], cur, sizeof(uint64_t) * w)) {
        memcpy(&in_of[w * bi], cur, sizeof(uint64_t) * w);
        changed = true;
      }
    }
  }
  return true;
}

/* True if env slot s is live before instruction i (parameters and the context always are). */
static bool slot_live(const Builder *b, uint32_t i, uint32_t s) {
  if (s <= SLOT_CONTEXT(b)) return true;
  uint32_t bit = s == SLOT_ACC(b) ? b->regs : s - SLOT_REG(b, 0);
  return bit_test(&b->live[b->live_words * i], bit);
}

/* --- environment and frame states ------------------------------------------------------ */
static IrNode *constant(Builder *b, rd_value v);
/* The value in slot; a dead slot read (a liveness bug) stops the build. */
static IrNode *get(Builder *b, uint32_t slot) {
  if (RD_UNLIKELY(!b->env[slot])) {
    b->reason = "internal: a value the liveness analysis called dead was read";
    b->dead_read = true;
    return constant(b, VALUE_UNDEFINED);
  }
  return b->env[slot];
}
static void set(Builder *b, uint32_t slot, IrNode *n) {
  b->env[slot] = n;
  b->state = NULL;
}
static uint32_t reg_slot(Builder *b, int32_t r) {
  return r >= 0 ? SLOT_REG(b, r) : (uint32_t)(-r - 1);   /* parameter -r-1, 0 the receiver */
}
static IrNode *reg(Builder *b, int32_t r) { return get(b, reg_slot(b, r)); }
static IrNode *acc(Builder *b) { return get(b, SLOT_ACC(b)); }
static void set_acc(Builder *b, IrNode *n) { set(b, SLOT_ACC(b), n); }

/* The frame state before the current instruction. */
static IrFrameState *frame_state(Builder *b, uint32_t offset) {
  if (b->state && b->state_offset == offset) return b->state;
  IrFrameState *fs = ir_alloc(b->g, sizeof *fs);
  IrNode **values = ir_alloc(b->g, sizeof(IrNode *) * b->env_size);
  if (!fs || !values) return NULL;
  uint32_t insn = b->insn_at[offset];
  for (uint32_t s = 0; s < b->env_size; s++) values[s] = slot_live(b, insn, s) ? b->env[s] : NULL;
  fs->bytecode_offset = offset;
  fs->sfi = b->sfi_literal;
  fs->parameter_count = b->params;
  fs->register_count = b->regs;
  fs->argc1 = b->argc1;
  fs->function = b->function_literal;
  fs->outer = b->outer;
  fs->values = values;
  for (uint32_t i = 0; i < b->env_size; i++)
    if (values[i]) values[i]->use_count++;
  b->state = fs;
  b->state_offset = offset;
  return fs;
}

/* --- node helpers ---------------------------------------------------------------------- */
static uint32_t cur_offset;   /* set per instruction for the helpers below */

static IrNode *node(Builder *b, IrOp op, uint32_t n, IrNode *const *in) {
  bool fixed = ir_op_is_fixed(op);
  IrNode *x = ir_node_new(b->g, fixed ? b->cur : NULL, op, n, in);
  return x;
}
static IrNode *node0(Builder *b, IrOp op) { return node(b, op, 0, NULL); }
static IrNode *node1(Builder *b, IrOp op, IrNode *a) { return node(b, op, 1, &a); }
static IrNode *node2(Builder *b, IrOp op, IrNode *a, IrNode *c) {
  IrNode *in[2] = {a, c};
  return node(b, op, 2, in);
}
/* A fixed node that deoptimizes with `reason` when its assumption fails. */
static IrNode *check(Builder *b, IrOp op, uint32_t n, IrNode *const *in, DeoptReason reason) {
  IrNode *x = node(b, op, n, in);
  if (x) {
    x->frame_state = frame_state(b, cur_offset);
    x->deopt_reason = reason;
  }
  return x;
}
static IrNode *constant(Builder *b, rd_value v) {
  IrNode *x = node0(b, IR_Constant);
  if (x) x->aux.i = ir_literal(b->g, v);
  return x;
}
static IrNode *int32_constant(Builder *b, int32_t v) {
  IrNode *x = node0(b, IR_Int32Constant);
  if (x) x->aux.i = v;
  return x;
}

/* Conversions to what a consumer needs. */
static IrNode *to_tagged(Builder *b, IrNode *v) {
  switch ((IrRep)v->rep) {
    case IR_REP_INT32: return node1(b, IR_Int32ToTagged, v);
    case IR_REP_FLOAT64: return node1(b, IR_Float64ToTagged, v);
    case IR_REP_BIT: return node1(b, IR_BitToTagged, v);
    default: return v;
  }
}
static IrNode *to_int32(Builder *b, IrNode *v) {
  if (v->rep == IR_REP_INT32) return v;
  if (v->op == IR_Constant) {
    rd_value c = ir_literal_value(b->g, (uint32_t)v->aux.i);
    if (value_is_int32(c)) return int32_constant(b, value_to_int32(c));
  }
  if (v->rep == IR_REP_FLOAT64) v = to_tagged(b, v);
  return check(b, IR_CheckInt32, 1, &v, DEOPT_REASON_NOT_INT32);
}
static IrNode *to_float64(Builder *b, IrNode *v) {
  if (v->rep == IR_REP_FLOAT64) return v;
  if (v->rep == IR_REP_INT32) return node1(b, IR_Int32ToFloat64, v);
  if (v->rep == IR_REP_BIT) v = to_tagged(b, v);
  return check(b, IR_CheckNumber, 1, &v, DEOPT_REASON_NOT_NUMBER);
}
static IrNode *to_bit(Builder *b, IrNode *v) {
  if (v->rep == IR_REP_BIT) return v;
  return node1(b, IR_ToBoolean, to_tagged(b, v));
}

/* The generic (interpreter-way) form of instruction in, on tagged inputs. */
static IrNode *generic(Builder *b, Bytecode bc, uint32_t n, IrNode **in) {
  for (uint32_t i = 0; i < n; i++) in[i] = to_tagged(b, in[i]);
  IrNode *x = node(b, IR_Generic, n, in);
  if (x) {
    x->aux.i = (int64_t)bc | (b->strict ? (int64_t)1 << 16 : 0);   /* runtime_calls.h: opt_generic */
    x->frame_state = frame_state(b, cur_offset);
  }
  return x;
}

/* --- feedback ---------------------------------------------------------------------------- */
static const rd_value *slot_words(Builder *b, uint32_t slot) {
  if (!value_has_type(*b->feedback, TYPE_FEEDBACK_VECTOR)) return NULL;
  return ic_slot(*b->feedback, slot);
}
static int32_t binary_feedback(Builder *b, uint32_t slot) {
  const rd_value *w = slot_words(b, slot);
  return w ? value_to_int32(w[0]) : BINARY_FEEDBACK_ANY;
}

/* --- bytecodes ------------------------------------------------------------------------------ */
/* acc = lhs OP rhs for an arithmetic or bitwise bytecode, by its feedback. */
static IrNode *binary(Builder *b, Bytecode bc, IrNode *lhs, IrNode *rhs, uint32_t slot) {
  int32_t fb = binary_feedback(b, slot);
  bool int32 = fb == BINARY_FEEDBACK_INT32, number = fb == BINARY_FEEDBACK_INT32 || fb == BINARY_FEEDBACK_NUMBER;
  IrNode *in[2];
  switch (bc) {
    case BC_Add:
    case BC_Sub:
    case BC_Mul:
      if (int32) {
        in[0] = to_int32(b, lhs);
        in[1] = to_int32(b, rhs);
        IrOp op = bc == BC_Add ? IR_Int32AddOverflow : bc == BC_Sub ? IR_Int32SubOverflow : IR_Int32MulOverflow;
        return check(b, op, 2, in, DEOPT_REASON_OVERFLOW);
      }
      if (number) {
        IrOp op = bc == BC_Add ? IR_Float64Add : bc == BC_Sub ? IR_Float64Sub : IR_Float64Mul;
        IrNode *l = to_float64(b, lhs), *r = to_float64(b, rhs);
        return node2(b, op, l, r);
      }
      break;
    case BC_Div:
    case BC_Mod:
      if (number) {
        IrNode *l = to_float64(b, lhs), *r = to_float64(b, rhs);
        return node2(b, bc == BC_Div ? IR_Float64Div : IR_Float64Mod, l, r);
      }
      break;
    case BC_BitwiseOr:
    case BC_BitwiseXor:
    case BC_BitwiseAnd:
    case BC_ShiftLeft:
    case BC_ShiftRight:
    case BC_ShiftRightLogical:
      if (number) {
        IrNode *l = int32 ? to_int32(b, lhs) : node1(b, IR_Float64ToInt32, to_float64(b, lhs));
        IrNode *r = int32 ? to_int32(b, rhs) : node1(b, IR_Float64ToInt32, to_float64(b, rhs));
        IrOp op = bc == BC_BitwiseOr    ? IR_Int32Or
                  : bc == BC_BitwiseXor ? IR_Int32Xor
                  : bc == BC_BitwiseAnd ? IR_Int32And
                  : bc == BC_ShiftLeft  ? IR_Int32Shl
                  : bc == BC_ShiftRight ? IR_Int32Sar
                                        : IR_Int32Shr;
        return node2(b, op, l, r);
      }
      break;
    default: break;
  }
  in[0] = lhs;
  in[1] = rhs;
  return generic(b, bc, 2, in);
}

/* acc = lhs CMP rhs for a comparison bytecode, by its feedback. */
static IrNode *compare(Builder *b, Bytecode bc, IrNode *lhs, IrNode *rhs, uint32_t slot) {
  int32_t fb = binary_feedback(b, slot);
  bool int32 = fb == BINARY_FEEDBACK_INT32, number = int32 || fb == BINARY_FEEDBACK_NUMBER;
  if (number && bc != BC_TestEqual) {
    IrNode *l = int32 ? to_int32(b, lhs) : to_float64(b, lhs);
    IrNode *r = int32 ? to_int32(b, rhs) : to_float64(b, rhs);
    IrOp lt = int32 ? IR_Int32LessThan : IR_Float64LessThan;
    IrOp le = int32 ? IR_Int32LessThanOrEqual : IR_Float64LessThanOrEqual;
    switch (bc) {
      case BC_TestLessThan: return node2(b, lt, l, r);
      case BC_TestGreaterThan: return node2(b, lt, r, l);
      case BC_TestLessThanOrEqual: return node2(b, le, l, r);
      case BC_TestGreaterThanOrEqual: return node2(b, le, r, l);
      case BC_TestEqualStrict: return node2(b, int32 ? IR_Int32Equal : IR_Float64Equal, l, r);
      default: break;
    }
  }
  IrNode *in[2] = {lhs, rhs};
  return generic(b, bc, 2, in);
}

/* The single map and handler word a monomorphic (or same-handler
 * polymorphic) property slot saw: maps literal (a map or FixedArray of
 * maps) in *maps, the handler in *handler. False if it can't be used. */
static bool property_feedback(Builder *b, uint32_t slot, uint32_t *maps, rd_value *handler) {
  const rd_value *w = slot_words(b, slot);
  if (!w || !value_is_ptr(w[0])) return false;
  if (value_has_type(w[0], TYPE_MAP)) {
    *maps = ir_literal(b->g, w[0]);   /* may allocate: read the handler after */
    *handler = slot_words(b, slot)[1];
    return true;
  }
  if (!value_has_type(w[0], TYPE_FIXED_ARRAY)) return false;
  uint32_t n = fixed_array_length(w[0]);
  for (uint32_t i = 3; i < n; i += 2)
    if (FIXED_ARRAY(w[0])->data[i] != FIXED_ARRAY(w[0])->data[1]) return false;   /* different handlers */
  HANDLE_SCOPE(b->rt);
  Handle list = handle_new(b->rt, factory_fixed_array(b->rt, n / 2, VALUE_UNDEFINED, ALLOC_OLD));
  if (!*list) return false;
  w = slot_words(b, slot);   /* re-read: the allocation may have moved the polymorphic array */
  for (uint32_t i = 0; i < n / 2; i++)
    HEAP_STORE(value_to_ptr(*list), FIXED_ARRAY(*list)->data[i], FIXED_ARRAY(w[0])->data[2 * i]);
  *maps = ir_literal(b->g, *list);
  *handler = FIXED_ARRAY(slot_words(b, slot)[0])->data[1];   /* after the last allocation */
  return true;
}

static IrNode *check_maps(Builder *b, IrNode *obj, uint32_t maps) {
  IrNode *o = to_tagged(b, obj);
  check(b, IR_CheckHeapObject, 1, &o, DEOPT_REASON_NOT_HEAP_OBJECT);
  IrNode *cm = check(b, IR_CheckMaps, 1, &o, DEOPT_REASON_WRONG_MAP);
  if (cm) cm->aux.i = maps;
  return o;
}

/* A load or store handler word's pieces. */
static ICHandlerKind handler_kind(rd_value w) { return (ICHandlerKind)((uint32_t)value_to_int32(w) & IC_KIND_MASK); }
static uint32_t handler_index(rd_value w) { return (uint32_t)value_to_int32(w) >> IC_INDEX_SHIFT; }

/* acc = obj.name through the site's feedback. */
/* ta.length at a site whose feedback saw one initial typed-array map,
 * while the receiver's prototypes reach %TypedArray%.prototype's built-in
 * length getter (no own or intermediate "length"): the length read inline,
 * guarded by the map and the prototype epoch (any change of a prototype's
 * shape, such as redefining length, deoptimizes). NULL when that doesn't
 * hold. A detached or resizable buffer deoptimizes too (LoadTypedArrayLength). */
static IrNode *typed_array_length_load(Builder *b, IrNode *obj, uint32_t slot, IrNode *key) {
  const rd_value *w = slot_words(b, slot);
  if (key->op != IR_Constant || ir_literal_value(b->g, (uint32_t)key->aux.i) != ROOT(b->rt, length_string) ||
      !w || !value_has_type(w[0], TYPE_MAP))
    return NULL;
  int t = typed_array_kind_of_map(b->rt, w[0]);
  if (t < 0) return NULL;
  rd_value getter = VALUE_EMPTY;
  for (rd_value o = MAP(w[0])->prototype; value_is_js_object(o); o = object_get_prototype(o)) {
    PropertyLookup l;
    if (!object_lookup_own(b->rt, o, ROOT(b->rt, length_string), &l)) continue;
    rd_value v = details_kind(l.details) == PROPERTY_KIND_ACCESSOR ? object_lookup_value(o, &l) : VALUE_EMPTY;
    if (value_has_type(v, TYPE_ACCESSOR_PAIR)) getter = ((AccessorPair *)value_to_ptr(v))->getter;
    break;
  }
  if (!typed_array_is_length_getter(getter)) return NULL;
  /* Shape changes of the prototypes must move the epoch: make their maps
   * prototype maps, as the ICs' prepare_chain does (may allocate). */
  HANDLE_SCOPE(b->rt);
  Handle p = handle_new(b->rt, MAP(w[0])->prototype);
  for (; value_is_js_object(*p); *p = object_get_prototype(*p))
    if (!object_make_prototype_map(b->rt, p)) return NULL;
  IrNode *o = check_maps(b, obj, ir_literal(b->g, slot_words(b, slot)[0]));
  IrNode *e = check(b, IR_CheckEpoch, 0, NULL, DEOPT_REASON_WRONG_MAP);
  if (e) e->aux.i = (int64_t)b->rt->proto_epoch;
  IrNode *len = check(b, IR_LoadTypedArrayLength, 1, &o, DEOPT_REASON_BUFFER_CHANGED);
  if (len) len->aux.i = t;
  return len;
}

static IrNode *named_load(Builder *b, IrNode *obj, uint32_t slot, IrNode *key) {
  uint32_t maps;
  rd_value h;
  HANDLE_SCOPE(b->rt);
  IrNode *ta_length = typed_array_length_load(b, obj, slot, key);
  if (ta_length) return ta_length;
  if (property_feedback(b, slot, &maps, &h)) {
    IrNode *o = NULL, *holder = NULL;
    rd_value word = h;
    if (!value_is_int32(h)) {   /* a holder handler: guarded by the prototype epoch */
      const FixedArray *a = FIXED_ARRAY(h);
      if (a->data[IC_HOLDER_EPOCH] == value_from_int32((int32_t)b->rt->proto_epoch)) {
        word = a->data[IC_HOLDER_WORD];
        ICHandlerKind k = handler_kind(word);
        if (k == IC_LOAD_INOBJECT || k == IC_LOAD_OVERFLOW || k == IC_LOAD_NONEXISTENT) {
          /* the holder is interned before anything below may allocate */
          uint32_t holder_literal = ir_literal(b->g, a->data[IC_HOLDER_OBJECT]);
          o = check_maps(b, obj, maps);
          IrNode *e = check(b, IR_CheckEpoch, 0, NULL, DEOPT_REASON_WRONG_MAP);
          if (e) e->aux.i = (int64_t)b->rt->proto_epoch;
          if (k == IC_LOAD_NONEXISTENT) return constant(b, VALUE_UNDEFINED);
          holder = node0(b, IR_Constant);
          if (holder) holder->aux.i = holder_literal;
        }
      }
    } else {
      ICHandlerKind k = handler_kind(word);
      if (k == IC_LOAD_INOBJECT || k == IC_LOAD_OVERFLOW || k == IC_LOAD_ARRAY_LENGTH) {
        o = check_maps(b, obj, maps);
        holder = o;
      }
    }
    if (holder) {
      (void)o;
      ICHandlerKind k = handler_kind(word);
      IrNode *x = node1(b, k == IC_LOAD_INOBJECT   ? IR_LoadField
                           : k == IC_LOAD_OVERFLOW ? IR_LoadOverflowField
                                                   : IR_LoadArrayLength,
                        holder);
      if (x) x->aux.i = handler_index(word);
      return x;
    }
  }
  /* Generic, but through the site's inline cache (polymorphic sites with
   * different handlers, megamorphic ones): the vector and slot go along. */
  IrNode *in[4] = {obj, key, constant(b, *b->feedback), int32_constant(b, (int32_t)slot)};
  return generic(b, BC_GetNamedProperty, value_has_type(*b->feedback, TYPE_FEEDBACK_VECTOR) ? 4 : 2, in);
}

/* obj.name = value through the site's feedback; false when it went generic. */
static void named_store(Builder *b, Bytecode bc, IrNode *obj, IrNode *value, uint32_t slot, IrNode *key) {
  uint32_t maps;
  rd_value h;
  if (property_feedback(b, slot, &maps, &h)) {
    rd_value word = h;
    bool ok = true, transition = false;
    uint32_t target_literal = 0;
    if (!value_is_int32(h)) {
      const FixedArray *a = FIXED_ARRAY(h);
      ok = a->data[IC_HOLDER_EPOCH] == value_from_int32((int32_t)b->rt->proto_epoch);
      word = a->data[IC_HOLDER_WORD];
      ok = ok && handler_kind(word) == IC_TRANSITION_INOBJECT;
      transition = true;
      if (ok) target_literal = ir_literal(b->g, a->data[IC_HOLDER_OBJECT]);   /* may allocate: h is dead after */
    } else {
      ok = handler_kind(word) == IC_STORE_INOBJECT || handler_kind(word) == IC_STORE_OVERFLOW;
    }
    if (ok) {
      IrNode *o = check_maps(b, obj, maps);
      /* The field's representation (a fact of the map) decides how the value is checked. */
      uint32_t desc = ((uint32_t)value_to_int32(word) >> IC_DESC_SHIFT) & IC_DESC_MAX;
      rd_value map = ir_literal_value(b->g, transition ? target_literal : maps);
      Representation rep = value_has_type(map, TYPE_MAP) ? details_rep(map_descriptor_details(map, desc)) : REP_TAGGED;
      IrNode *v = value;
      if (rep == REP_INT32) v = to_int32(b, v);
      else if (rep == REP_DOUBLE) v = to_float64(b, v);
      v = to_tagged(b, v);
      if (rep == REP_HEAP_OBJECT) check(b, IR_CheckHeapObject, 1, &v, DEOPT_REASON_NOT_HEAP_OBJECT);
      if (transition) {
        IrNode *e = check(b, IR_CheckEpoch, 0, NULL, DEOPT_REASON_WRONG_MAP);
        if (e) e->aux.i = (int64_t)b->rt->proto_epoch;
      }
      IrNode *st = node2(b, handler_kind(word) == IC_STORE_OVERFLOW ? IR_StoreOverflowField : IR_StoreField, o, v);
      if (st) st->aux.i = handler_index(word);
      if (transition) {
        IrNode *sm = node1(b, IR_StoreMap, o);
        if (sm) sm->aux.i = target_literal;
      }
      return;
    }
  }
  IrNode *in[3] = {obj, key, value};
  (void)generic(b, bc, 3, in);
}

/* The elements kind a keyed site saw, when it saw exactly one map with elements. */
static bool element_feedback(Builder *b, uint32_t slot, uint32_t *maps, ElementsKind *kind, bool *array) {
  const rd_value *w = slot_words(b, slot);
  if (!w || !value_has_type(w[0], TYPE_MAP) || w[1] != ic_word(IC_ELEMENT, 0, 0)) return false;
  const Map *m = MAP(w[0]);
  if (!ic_fast_elements(m)) return false;
  *kind = (ElementsKind)m->elements_kind;
  *array = m->instance_type == TYPE_JS_ARRAY;
  *maps = ir_literal(b->g, w[0]);
  return true;
}

/* The checked int32 index into obj's elements and the elements store. */
static IrNode *bounded_index(Builder *b, IrNode *o, IrNode *key, bool array, IrNode **store) {
  IrNode *index = to_int32(b, key);
  *store = node1(b, IR_LoadElements, o);
  IrNode *length = array ? to_int32(b, node1(b, IR_LoadArrayLength, o)) : node1(b, IR_LoadElementsLength, *store);
  IrNode *in[2] = {index, length};
  return check(b, IR_CheckBounds, 2, in, DEOPT_REASON_OUT_OF_BOUNDS);
}

/* The element type of the typed arrays a keyed site saw, when it saw one
 * initial typed-array map and the type is one
 * optimized code reads and writes inline (not Float16 nor the BigInt ones;
 * stores: not Uint8Clamped either). */
static bool typed_array_feedback(Builder *b, uint32_t slot, bool store, uint32_t *maps, BufferElementType *type) {
  const rd_value *w = slot_words(b, slot);
  /* (the miss path's out-of-bounds bit says nothing for typed arrays: it
   * looks at ordinary elements, which they never have) */
  if (!w || !value_has_type(w[0], TYPE_MAP) || MAP(w[0])->instance_type != TYPE_JS_TYPED_ARRAY ||
      (w[1] != ic_word(IC_ELEMENT, 0, 0) && w[1] != ic_word(IC_ELEMENT, 0, IC_ELEMENT_OUT_OF_BOUNDS)))
    return false;
  int t = typed_array_kind_of_map(b->rt, w[0]);
  if (t < 0 || t == BUFFER_Float16 || buffer_element_is_bigint((BufferElementType)t) || (store && t == BUFFER_Uint8Clamped))
    return false;
  *type = (BufferElementType)t;
  *maps = ir_literal(b->g, w[0]);
  return true;
}

/* The checked int32 index into typed array o (after its CheckMaps). */
static IrNode *typed_array_index(Builder *b, IrNode *o, IrNode *key, BufferElementType t) {
  IrNode *index = to_int32(b, key);
  IrNode *length = check(b, IR_LoadTypedArrayLength, 1, &o, DEOPT_REASON_BUFFER_CHANGED);
  if (length) length->aux.i = t;
  IrNode *in[2] = {index, length};
  return check(b, IR_CheckBounds, 2, in, DEOPT_REASON_OUT_OF_BOUNDS);
}

static bool typed_element_is_float(BufferElementType t) {
  return t == BUFFER_Uint32 || t == BUFFER_Float32 || t == BUFFER_Float64;
}

/* True when a keyed load site saw only strings (one map or several). */
static bool string_feedback(Builder *b, uint32_t slot) {
  const rd_value *w = slot_words(b, slot);
  if (!w || !value_is_ptr(w[0])) return false;
  if (value_has_type(w[0], TYPE_MAP)) return instance_type_is_string((InstanceType)MAP(w[0])->instance_type);
  if (!value_has_type(w[0], TYPE_FIXED_ARRAY)) return false;
  for (uint32_t i = 0; i < fixed_array_length(w[0]); i += 2) {
    rd_value m = FIXED_ARRAY(w[0])->data[i];
    if (!value_has_type(m, TYPE_MAP) || !instance_type_is_string((InstanceType)MAP(m)->instance_type)) return false;
  }
  return true;
}

static IrNode *keyed_load(Builder *b, IrNode *obj, IrNode *key, uint32_t slot) {
  uint32_t maps;
  ElementsKind kind;
  bool array;
  BufferElementType type;
  if (key->rep != IR_REP_FLOAT64 && typed_array_feedback(b, slot, false, &maps, &type)) {
    IrNode *o = check_maps(b, obj, maps);
    IrNode *i = typed_array_index(b, o, key, type);
    IrNode *v = node2(b, typed_element_is_float(type) ? IR_LoadTypedElementFloat64 : IR_LoadTypedElementInt32, o, i);
    if (v) v->aux.i = type;
    return v;
  }
  if (key->rep != IR_REP_FLOAT64 && element_feedback(b, slot, &maps, &kind, &array)) {
    IrNode *o = check_maps(b, obj, maps), *store;
    IrNode *i = bounded_index(b, o, key, array, &store);
    if (kind == ELEMENTS_PACKED_DOUBLE || kind == ELEMENTS_HOLEY_DOUBLE) {
      IrNode *in[2] = {store, i};
      return check(b, IR_LoadDoubleElement, 2, in, DEOPT_REASON_HOLE);
    }
    IrNode *v = node2(b, IR_LoadElement, store, i);
    if (kind == ELEMENTS_HOLEY_INT32 || kind == ELEMENTS_HOLEY) v = check(b, IR_CheckNotHole, 1, &v, DEOPT_REASON_HOLE);
    return v;
  }
  IrNode *in[2] = {obj, key};
  IrNode *g = generic(b, BC_GetKeyedProperty, 2, in);
  if (g && key->rep != IR_REP_FLOAT64 && string_feedback(b, slot)) g->aux.i |= GENERIC_STRING_CHAR;
  return g;
}

static void keyed_store(Builder *b, IrNode *obj, IrNode *key, IrNode *value, uint32_t slot) {
  uint32_t maps;
  ElementsKind kind;
  bool array;
  BufferElementType type;
  if (key->rep != IR_REP_FLOAT64 && typed_array_feedback(b, slot, true, &maps, &type)) {
    /* ToNumber first (a CheckNumber: a non-number's valueOf could run JS),
     * then the bits the element keeps: ToInt32's low bits for the integer
     * types, the double (rounded to float32 by codegen) for the others. */
    IrNode *o = check_maps(b, obj, maps);
    IrNode *v = type == BUFFER_Float32 || type == BUFFER_Float64 || value->rep != IR_REP_INT32
                    ? to_float64(b, value) : value;
    if (v && v->rep == IR_REP_FLOAT64 && type != BUFFER_Float32 && type != BUFFER_Float64)
      v = node1(b, IR_Float64ToInt32, v);
    IrNode *i = typed_array_index(b, o, key, type);
    IrNode *in[3] = {o, i, v};
    IrNode *st = node(b, IR_StoreTypedElement, 3, in);
    if (st) st->aux.i = type;
    return;
  }
  if (element_feedback(b, slot, &maps, &kind, &array) &&
      (kind == ELEMENTS_PACKED_INT32 || kind == ELEMENTS_PACKED_DOUBLE || kind == ELEMENTS_PACKED)) {
    IrNode *o = check_maps(b, obj, maps), *store;
    IrNode *i = bounded_index(b, o, key, array, &store);
    if (kind == ELEMENTS_PACKED_DOUBLE) {
      IrNode *in[3] = {store, i, to_float64(b, value)};
      (void)node(b, IR_StoreDoubleElement, 3, in);
    } else {
      IrNode *v = kind == ELEMENTS_PACKED_INT32 ? to_tagged(b, to_int32(b, value)) : to_tagged(b, value);
      IrNode *in[3] = {store, i, v};
      (void)node(b, IR_StoreElement, 3, in);
    }
    return;
  }
  IrNode *in[3] = {obj, key, value};
  (void)generic(b, BC_SetKeyedProperty, 3, in);
}

/* A global load or store through the cell the site cached. */
static bool global_cell(Builder *b, uint32_t slot, bool store, uint32_t *cell) {
  const rd_value *w = slot_words(b, slot);
  if (!w || !value_has_type(w[0], TYPE_PROPERTY_CELL) ||
      w[1] != value_from_int32((int32_t)b->rt->global_epoch) || !ic_global_cell(b->rt, w, store))
    return false;
  *cell = ir_literal(b->g, w[0]);
  IrNode *e = check(b, IR_CheckEpoch, 0, NULL, DEOPT_REASON_WRONG_CELL);
  if (e) e->aux.i = ((int64_t)1 << 32) | b->rt->global_epoch;
  IrNode *c = check(b, IR_CheckCell, 0, NULL, DEOPT_REASON_WRONG_CELL);
  if (c) c->aux.i = *cell | (store ? (int64_t)1 << 62 : 0);
  return true;
}

/* Ends the current block with a jump to the block at `target` (and merges). */
static void merge_into(Builder *b, IrBlock *target);

static void goto_block(Builder *b, IrBlock *target) {
  merge_into(b, target);   /* a back edge's conversions go before the jump */
  (void)node0(b, IR_Goto);
  b->cur = NULL;
}

static void branch(Builder *b, IrNode *cond, IrBlock *if_true, IrBlock *if_false) {
  /* make_blocks recorded successors as (jump target, fall-through); the
   * Branch's succ[0] is its true side, so order them by the condition.
   * (Forward merges only add floating conversions, so merging first is safe.) */
  IrBlock *from = b->cur;
  from->succs[0] = if_true;
  from->succs[1] = if_false;
  from->succ_count = 2;
  merge_into(b, if_true);
  merge_into(b, if_false);
  b->cur = from;
  (void)node1(b, IR_Branch, cond);
  b->cur = NULL;
}

/* v converted to representation rep for a loop phi's back edge, checking
 * (with the state at the back edge) where the conversion can fail. */
static IrNode *to_rep(Builder *b, IrNode *v, IrRep rep) {
  switch (rep) {
    case IR_REP_INT32: return to_int32(b, v);
    case IR_REP_FLOAT64: return to_float64(b, v);
    default: return to_tagged(b, v);
  }
}

/* The loop-phi representation hints of block t (NULL on out of memory). */
static uint8_t *phi_hints(Builder *b, IrBlock *t) {
  Shared *sh = b->sh;
  if (t->id >= sh->phi_rep_count) {
    uint32_t n = MAX(t->id + 1, 2 * sh->phi_rep_count);
    uint8_t **p = realloc(sh->phi_rep, n * sizeof *p);
    if (!p) goto oom;
    memset(p + sh->phi_rep_count, 0, (n - sh->phi_rep_count) * sizeof *p);
    sh->phi_rep = p;
    sh->phi_rep_count = n;
  }
  if (!sh->phi_rep[t->id] && !(sh->phi_rep[t->id] = calloc(b->env_size, 1))) goto oom;
  return sh->phi_rep[t->id];
oom:
  b->g->failed = true;
  return NULL;
}

static void merge_into(Builder *b, IrBlock *t) {
  uint32_t local = t->id - b->first_block;   /* merges stay within one function */
  ASSERT(local < b->block_count, "a merge into another function's block");
  uint32_t arrival = b->arrivals[local]++;
  IrNode **entry = b->entry_env[local];
  uint8_t *hints = t->is_loop_header ? phi_hints(b, t) : NULL;
  if (t->is_loop_header && !hints) return;
  if (!entry) {
    entry = ir_alloc(b->g, sizeof(IrNode *) * b->env_size);
    if (!entry) return;
    b->entry_env[local] = entry;
    uint32_t first_insn = b->insn_at[t->bytecode_offset];
    for (uint32_t s = 0; s < b->env_size; s++) {
      IrNode *v = b->env[s];
      if (t->is_loop_header && v && !slot_live(b, first_insn, s)) v = NULL;   /* dead in the loop */
      if (t->is_loop_header && v) {   /* a phi per live slot; back edges fill it */
        IrRep want = (IrRep)hints[s];
        if (want == IR_REP_NONE) want = v->rep == IR_REP_BIT ? IR_REP_TAGGED : (IrRep)v->rep;
        if (v->rep != want) v = want == IR_REP_FLOAT64 ? to_float64(b, v) : to_tagged(b, v);
        IrNode *phi = ir_node_new(b->g, NULL, IR_Phi, 1, &v);
        if (!phi) return;
        phi->rep = v->rep;
        ir_block_insert_phi(b->g, t, phi);
        v = phi;
      }
      entry[s] = v;
    }
    return;
  }
  for (uint32_t s = 0; s < b->env_size; s++) {
    IrNode *have = entry[s], *v = b->env[s];
    if (have && have->op == IR_Phi && have->block == t && t->is_loop_header) {
      /* a loop phi: its uses in the body are built, so the back edge's value
       * is converted to the phi's representation; when they disagree the
       * graph is built again with the phi generalized (int32 + float64 ->
       * float64, else tagged), so the loop doesn't deoptimize every time */
      if (v && v->rep != have->rep) {
        IrRep general = (have->rep == IR_REP_INT32 && v->rep == IR_REP_FLOAT64) ? IR_REP_FLOAT64 : IR_REP_TAGGED;
        if (have->rep != IR_REP_TAGGED && !(have->rep == IR_REP_FLOAT64 && v->rep == IR_REP_INT32)) {
          hints[s] = (uint8_t)general;
          b->sh->retry = true;
        }
        v = to_rep(b, v, (IrRep)have->rep);
      }
      ir_node_add_input(b->g, have, v);
    } else if (have && have->op == IR_Phi && have->block == t && have->input_count == arrival) {
      /* a forward merge's phi: nothing uses it yet, so it may still become tagged */
      if (v && v->rep != have->rep) {
        for (uint32_t k = 0; k < have->input_count; k++)
          if (have->inputs[k]) have->inputs[k] = to_tagged(b, have->inputs[k]);
        have->rep = IR_REP_TAGGED;
        v = to_tagged(b, v);
      }
      ir_node_add_input(b->g, have, v);
    } else if (have != v) {
      if (!have || !v) {   /* dead on one side: dead at the merge */
        entry[s] = NULL;
        continue;
      }
      IrNode *phi = ir_node_new(b->g, NULL, IR_Phi, 0, NULL);
      if (!phi) return;
      phi->rep = have->rep == v->rep ? have->rep : IR_REP_TAGGED;
      IrNode *h = have->rep == phi->rep ? have : to_tagged(b, have);
      for (uint32_t k = 0; k < arrival; k++) ir_node_add_input(b->g, phi, h);
      ir_node_add_input(b->g, phi, v->rep == phi->rep ? v : to_tagged(b, v));
      ir_block_insert_phi(b->g, t, phi);
      entry[s] = phi;
    }
  }
}

/* The context `depth` levels out from the current one. */
static IrNode *context_at_depth(Builder *b, uint32_t depth) {
  IrNode *c = get(b, SLOT_CONTEXT(b));
  for (uint32_t d = 0; d < depth && c; d++) {
    c = node1(b, IR_LoadContextSlot, c);
    if (c) c->aux.i = CONTEXT_PREVIOUS;
  }
  return c;
}

static rd_value inline_candidate(Builder *b, uint32_t slot);
static IrNode *reduce_math_call(Builder *b, IrNode **args, uint32_t n, uint32_t slot);
static IrNode *inline_call(Builder *b, rd_value callee, IrNode **args, uint32_t n);
static void return_to_caller(Builder *b, IrNode *v);

/* Translates one instruction; false to stop (b->reason set). */
static bool visit(Builder *b, const Insn *in) {
  cur_offset = in->offset;
  Bytecode bc = in->bc;
  IrNode *x, *v[4];
  switch (bc) {
    case BC_LdaUndefined: set_acc(b, constant(b, VALUE_UNDEFINED)); break;
    case BC_LdaNull: set_acc(b, constant(b, VALUE_NULL)); break;
    case BC_LdaTrue: set_acc(b, constant(b, VALUE_TRUE)); break;
    case BC_LdaFalse: set_acc(b, constant(b, VALUE_FALSE)); break;
    case BC_LdaTheHole: set_acc(b, constant(b, VALUE_EMPTY)); break;
    case BC_LdaZero: set_acc(b, int32_constant(b, 0)); break;
    case BC_LdaSmi: set_acc(b, int32_constant(b, opnd(b, in, 0))); break;
    case BC_LdaConstant:
      set_acc(b, constant(b, FIXED_ARRAY(BYTECODE_OF(*b->bytecode)->constant_pool)->data[opnd(b, in, 0)]));
      break;
    case BC_Ldar: set_acc(b, reg(b, opnd(b, in, 0))); break;
    case BC_Star: set(b, reg_slot(b, opnd(b, in, 0)), acc(b)); break;
    case BC_Mov: set(b, reg_slot(b, opnd(b, in, 1)), reg(b, opnd(b, in, 0))); break;
    case BC_Add: case BC_Sub: case BC_Mul: case BC_Div: case BC_Mod:
    case BC_BitwiseOr: case BC_BitwiseXor: case BC_BitwiseAnd:
    case BC_ShiftLeft: case BC_ShiftRight: case BC_ShiftRightLogical:
      set_acc(b, binary(b, bc, reg(b, opnd(b, in, 0)), acc(b), (uint32_t)opnd(b, in, 1)));
      break;
    case BC_AddSmi: case BC_SubSmi:
      set_acc(b, binary(b, bc == BC_AddSmi ? BC_Add : BC_Sub, acc(b), int32_constant(b, opnd(b, in, 0)),
                        (uint32_t)opnd(b, in, 1)));
      break;
    case BC_Inc: case BC_Dec: {
      int32_t fb = binary_feedback(b, (uint32_t)opnd(b, in, 0));
      if (fb == BINARY_FEEDBACK_INT32 || fb == BINARY_FEEDBACK_NUMBER) {
        set_acc(b, binary(b, bc == BC_Inc ? BC_Add : BC_Sub, acc(b), int32_constant(b, 1), (uint32_t)opnd(b, in, 0)));
      } else {   /* a BigInt (or not yet seen): x + 1 would throw on it */
        v[0] = acc(b);
        set_acc(b, generic(b, bc, 1, v));
      }
      break;
    }
    case BC_TestLessThan: case BC_TestGreaterThan: case BC_TestLessThanOrEqual:
    case BC_TestGreaterThanOrEqual: case BC_TestEqualStrict: case BC_TestEqual:
      set_acc(b, compare(b, bc, reg(b, opnd(b, in, 0)), acc(b), (uint32_t)opnd(b, in, 1)));
      break;
    case BC_TestNull: case BC_TestUndefined:
      set_acc(b, node2(b, IR_TaggedEqual, to_tagged(b, acc(b)),
                       constant(b, bc == BC_TestNull ? VALUE_NULL : VALUE_UNDEFINED)));
      break;
    case BC_ToNumber:
    case BC_ToNumeric:
      if (acc(b)->rep != IR_REP_INT32 && acc(b)->rep != IR_REP_FLOAT64) {
        v[0] = acc(b);
        set_acc(b, generic(b, bc, 1, v));
      }
      break;
    case BC_Negate: {
      int32_t fb = binary_feedback(b, (uint32_t)opnd(b, in, 0));
      if (fb == BINARY_FEEDBACK_INT32) {   /* 0 - x, except that -0 (x = 0) deopts */
        IrNode *x0 = to_int32(b, acc(b)), *zero = int32_constant(b, 0);
        IrNode *nz = node1(b, IR_BitNot, node2(b, IR_Int32Equal, x0, zero));
        (void)check(b, IR_CheckBit, 1, &nz, DEOPT_REASON_MINUS_ZERO);
        IrNode *in2[2] = {zero, x0};
        set_acc(b, check(b, IR_Int32SubOverflow, 2, in2, DEOPT_REASON_OVERFLOW));
      } else if (fb == BINARY_FEEDBACK_NUMBER) {
        IrNode *m1 = node0(b, IR_Float64Constant);
        if (m1) m1->aux.f64 = -1.0;
        set_acc(b, node2(b, IR_Float64Mul, to_float64(b, acc(b)), m1));
      } else {
        v[0] = acc(b);
        set_acc(b, generic(b, bc, 1, v));
      }
      break;
    }
    case BC_BitwiseNot: {
      int32_t fb = binary_feedback(b, (uint32_t)opnd(b, in, 0));
      if (fb == BINARY_FEEDBACK_INT32 || fb == BINARY_FEEDBACK_NUMBER) {
        IrNode *x0 = fb == BINARY_FEEDBACK_INT32 ? to_int32(b, acc(b)) : node1(b, IR_Float64ToInt32, to_float64(b, acc(b)));
        set_acc(b, node2(b, IR_Int32Xor, x0, int32_constant(b, -1)));
      } else {
        v[0] = acc(b);
        set_acc(b, generic(b, bc, 1, v));
      }
      break;
    }
    case BC_ToPropertyKey:
      if (acc(b)->rep != IR_REP_INT32) {
        v[0] = acc(b);
        set_acc(b, generic(b, bc, 1, v));
      }
      break;
    case BC_TypeOf:
      v[0] = acc(b);
      set_acc(b, generic(b, bc, 1, v));
      break;
    case BC_CreateFunctionContext:   /* acc = a new context (scope info k, c slots) around the current one */
      v[0] = constant(b, FIXED_ARRAY(BYTECODE_OF(*b->bytecode)->constant_pool)->data[opnd(b, in, 0)]);
      v[1] = get(b, SLOT_CONTEXT(b));
      v[2] = int32_constant(b, opnd(b, in, 1));
      set_acc(b, generic(b, bc, 3, v));
      break;
    case BC_CreateClosure:   /* acc = a closure of shared info k in the current context */
      v[0] = constant(b, FIXED_ARRAY(BYTECODE_OF(*b->bytecode)->constant_pool)->data[opnd(b, in, 0)]);
      v[1] = get(b, SLOT_CONTEXT(b));
      set_acc(b, generic(b, bc, 2, v));
      break;
    case BC_ArrayPush:   /* append acc to the array in r (a literal's elements) */
      v[0] = reg(b, opnd(b, in, 0));
      v[1] = acc(b);
      (void)generic(b, bc, 2, v);
      break;
    case BC_CreateEmptyObjectLiteral:
    case BC_CreateEmptyArrayLiteral:
      set_acc(b, generic(b, bc, 0, v));
      break;
    case BC_Throw:
      (void)node1(b, IR_Throw, to_tagged(b, acc(b)));
      b->cur = NULL;
      break;
    case BC_LogicalNot: case BC_ToBooleanLogicalNot:
      set_acc(b, node1(b, IR_BitNot, to_bit(b, acc(b))));
      break;
    case BC_Jump:
    case BC_JumpLoop:
      goto_block(b, b->block_at[in->offset + opnd(b, in, 0)]);
      break;
    case BC_JumpIfTrue: case BC_JumpIfFalse: case BC_JumpIfToBooleanTrue: case BC_JumpIfToBooleanFalse:
    case BC_JumpIfNull: case BC_JumpIfUndefined: case BC_JumpIfUndefinedOrNull: {
      IrBlock *target = b->block_at[in->offset + opnd(b, in, 0)], *next = b->block_at[in->next];
      IrNode *a = bc == BC_JumpIfNull || bc == BC_JumpIfUndefined || bc == BC_JumpIfUndefinedOrNull
                      ? to_tagged(b, acc(b)) : NULL;
      IrNode *cond = bc == BC_JumpIfNull        ? node2(b, IR_TaggedEqual, a, constant(b, VALUE_NULL))
                     : bc == BC_JumpIfUndefined ? node2(b, IR_TaggedEqual, a, constant(b, VALUE_UNDEFINED))
                     : bc == BC_JumpIfUndefinedOrNull
                         ? node2(b, IR_BitOr, node2(b, IR_TaggedEqual, a, constant(b, VALUE_NULL)),
                                 node2(b, IR_TaggedEqual, a, constant(b, VALUE_UNDEFINED)))
                         : to_bit(b, acc(b));
      bool on_true = bc != BC_JumpIfFalse && bc != BC_JumpIfToBooleanFalse;
      branch(b, cond, on_true ? target : next, on_true ? next : target);
      break;
    }
    case BC_Return:
      if (b->parent) {   /* an inlined callee's: to the caller */
        return_to_caller(b, acc(b));
        break;
      }
      x = to_tagged(b, acc(b));
      (void)node1(b, IR_Return, x);
      b->cur = NULL;
      break;
    case BC_GetNamedProperty:
      set_acc(b, named_load(b, reg(b, opnd(b, in, 0)), (uint32_t)opnd(b, in, 2),
                            constant(b, FIXED_ARRAY(BYTECODE_OF(*b->bytecode)->constant_pool)->data[opnd(b, in, 1)])));
      break;
    case BC_SetNamedProperty:
    case BC_DefineNamedOwnProperty:
      named_store(b, bc, reg(b, opnd(b, in, 0)), acc(b), (uint32_t)opnd(b, in, 2),
                  constant(b, FIXED_ARRAY(BYTECODE_OF(*b->bytecode)->constant_pool)->data[opnd(b, in, 1)]));
      break;
    case BC_GetKeyedProperty:
      set_acc(b, keyed_load(b, reg(b, opnd(b, in, 0)), acc(b), (uint32_t)opnd(b, in, 1)));
      break;
    case BC_SetKeyedProperty:
      keyed_store(b, reg(b, opnd(b, in, 0)), reg(b, opnd(b, in, 1)), acc(b), (uint32_t)opnd(b, in, 2));
      break;
    case BC_LdaGlobal:
    case BC_LdaGlobalInsideTypeof: {
      uint32_t cell;
      if (global_cell(b, (uint32_t)opnd(b, in, 1), false, &cell)) {
        x = node0(b, IR_LoadCell);
        if (x) x->aux.i = cell;
      } else {
        v[0] = constant(b, FIXED_ARRAY(BYTECODE_OF(*b->bytecode)->constant_pool)->data[opnd(b, in, 0)]);
        x = generic(b, bc, 1, v);
      }
      set_acc(b, x);
      break;
    }
    case BC_StaGlobal: {
      uint32_t cell;
      if (global_cell(b, (uint32_t)opnd(b, in, 1), true, &cell)) {
        x = node1(b, IR_StoreCell, to_tagged(b, acc(b)));
        if (x) x->aux.i = cell;
      } else {
        v[0] = constant(b, FIXED_ARRAY(BYTECODE_OF(*b->bytecode)->constant_pool)->data[opnd(b, in, 0)]);
        v[1] = acc(b);
        (void)generic(b, bc, 2, v);
      }
      break;
    }
    case BC_LdaCurrentContextSlot:
    case BC_LdaContextSlot: {
      IrNode *c = context_at_depth(b, bc == BC_LdaContextSlot ? (uint32_t)opnd(b, in, 1) : 0);
      x = node1(b, IR_LoadContextSlot, c);
      if (x) x->aux.i = opnd(b, in, 0);
      set_acc(b, x);
      break;
    }
    case BC_StaCurrentContextSlot:
    case BC_StaContextSlot: {
      IrNode *c = context_at_depth(b, bc == BC_StaContextSlot ? (uint32_t)opnd(b, in, 1) : 0);
      x = node2(b, IR_StoreContextSlot, c, to_tagged(b, acc(b)));
      if (x) x->aux.i = opnd(b, in, 0);
      break;
    }
    case BC_PushContext:
      set(b, reg_slot(b, opnd(b, in, 0)), get(b, SLOT_CONTEXT(b)));
      set(b, SLOT_CONTEXT(b), acc(b));
      break;
    case BC_PopContext: set(b, SLOT_CONTEXT(b), reg(b, opnd(b, in, 0))); break;
    case BC_ThrowReferenceErrorIfHole: {
      IrNode *a = to_tagged(b, acc(b));
      (void)check(b, IR_CheckNotHole, 1, &a, DEOPT_REASON_HOLE);
      break;
    }
    case BC_CallProperty:
    case BC_CallUndefinedReceiver:
    case BC_Construct: {
      int32_t first = opnd(b, in, 1);
      uint32_t count = (uint32_t)opnd(b, in, 2);
      uint32_t n = 2 + count - (bc == BC_CallProperty ? 1 : 0);
      IrNode **args = ir_alloc(b->g, sizeof(IrNode *) * (n < 2 ? 2 : n));
      if (!args) return false;
      args[0] = reg(b, opnd(b, in, 0));
      if (bc == BC_CallProperty) {
        for (uint32_t i = 0; i < count; i++) args[1 + i] = reg(b, first + (int32_t)i);
        if (!count) args[1] = constant(b, VALUE_UNDEFINED), n = 2;
      } else {
        args[1] = bc == BC_Construct ? acc(b) : constant(b, VALUE_UNDEFINED);
        for (uint32_t i = 0; i < count; i++) args[2 + i] = reg(b, first + (int32_t)i);
      }
      if (bc != BC_Construct && (x = reduce_math_call(b, args, n, (uint32_t)opnd(b, in, 3)))) {
        set_acc(b, x);
        break;
      }
      rd_value target = bc == BC_Construct ? VALUE_EMPTY : inline_candidate(b, (uint32_t)opnd(b, in, 3));
      if (target != VALUE_EMPTY) {
        x = inline_call(b, target, args, n);
        if (!x) return false;
        set_acc(b, x);
        break;
      }
      for (uint32_t i = 0; i < n; i++) args[i] = to_tagged(b, args[i]);
      x = node(b, bc == BC_Construct ? IR_Construct : IR_Call, n, args);
      if (x) {
        x->aux.i = (int64_t)n - 2;
        x->frame_state = frame_state(b, cur_offset);
      }
      set_acc(b, x);
      break;
    }
    case BC_LdaFunction: set_acc(b, b->closure); break;
    default:
      b->reason = bytecode_names[bc];
      return false;
  }
  return !b->g->failed;
}

/* Removes phis whose inputs are all the phi itself or one other value. */
static void prune_phis(IrGraph *g) {
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i = 0; i < g->node_count; i++) {
      IrNode *phi = g->nodes[i];
      if (phi->op != IR_Phi || phi->dead) continue;
      IrNode *same = NULL;
      bool redundant = true;
      for (uint32_t k = 0; k < phi->input_count; k++) {
        IrNode *in = phi->inputs[k];
        if (in == phi || in == same) continue;
        if (same) {
          redundant = false;
          break;
        }
        same = in;
      }
      if (!redundant || !same) continue;
      ir_replace_uses(g, phi, same);
      phi->dead = 1;
      changed = true;
    }
  }
}

/* --- inlining -------------------------------------------------------------------------- */
#define INLINE_MAX_BYTECODE 160   /* bytes of a callee's bytecode */
#define INLINE_MAX_TOTAL 960      /* bytes of bytecode inlined into one function */
#define INLINE_MAX_REFUSED 8      /* callees that failed to build; then no inlining */

static bool begin_function(Builder *b, Handle fn, int32_t argc);
static bool build_body(Builder *b);

/* The one closure the call site with feedback `slot` saw, when it may be
 * inlined there (small, plain, not recursive, not refused); else VALUE_EMPTY. */
static rd_value inline_candidate(Builder *b, uint32_t slot) {
  const rd_value *w = slot_words(b, slot);
  if (!w || b->depth >= IR_MAX_INLINE_DEPTH || b->sh->refused_count >= INLINE_MAX_REFUSED ||
      !value_has_type(w[0], TYPE_JS_FUNCTION))
    return VALUE_EMPTY;
  const JSFunction *f = (const JSFunction *)value_to_ptr(w[0]);
  rd_value bytecode = ((SharedFunctionInfo *)value_to_ptr(f->shared))->bytecode;
  if (!value_has_type(bytecode, TYPE_BYTECODE_ARRAY) || !value_has_type(f->feedback, TYPE_FEEDBACK_VECTOR))
    return VALUE_EMPTY;
  if (SFI_FLAGS_OF(f->shared) & (SFI_CLASS_CONSTRUCTOR | SFI_GENERATOR | SFI_ASYNC | SFI_NEVER_OPTIMIZE |
                                 SFI_OPTIMIZATION_DISABLED))
    return VALUE_EMPTY;
  const BytecodeArray *ba = BYTECODE_OF(bytecode);
  if (ba->length > INLINE_MAX_BYTECODE || b->sh->inlined_bytes + ba->length > INLINE_MAX_TOTAL ||
      fixed_array_length(ba->handler_table))
    return VALUE_EMPTY;
  for (const Builder *p = b; p; p = p->parent)
    if (*p->sfi == f->shared) return VALUE_EMPTY;   /* recursion */
  for (uint32_t i = 0; i < b->sh->refused_count; i++)
    if (*b->sh->refused[i] == f->shared) return VALUE_EMPTY;
  return w[0];
}

/* --- Math functions ------------------------------------------------------------------------ */
static IrNode *float64_constant(Builder *b, double v) {
  IrNode *x = node0(b, IR_Float64Constant);
  if (x) x->aux.f64 = v;
  return x;
}

/* A call whose feedback saw one Math function (math.h) becomes float64
 * arithmetic behind a CheckValue of the target: abs, sqrt, the roundings,
 * min and max in machine code, the others a C call of math_apply (no frame,
 * no allocation, no boxing of the argument or the result). The arguments
 * must be numbers (CheckNumber deoptimizes on anything else, whose ToNumber
 * could run JavaScript). Returns the value, or NULL when this is not such a
 * call (args as for inline_call). */
static IrNode *reduce_math_call(Builder *b, IrNode **args, uint32_t n, uint32_t slot) {
  const rd_value *w = slot_words(b, slot);
  if (!w || !value_has_type(w[0], TYPE_JS_FUNCTION)) return NULL;
  const SharedFunctionInfo *sfi = (const SharedFunctionInfo *)value_to_ptr(((const JSFunction *)value_to_ptr(w[0]))->shared);
  if (!value_has_type(sfi->native, TYPE_NATIVE_FUNCTION_INFO)) return NULL;
  MathOp op = math_op_of((NativeFn)((const NativeFunctionInfo *)value_to_ptr(sfi->native))->entry);
  if (op == MATH_OP_NONE) return NULL;
  uint32_t argc = n - 2;
  bool binary = math_op_is_binary(op), minmax = op == MATH_OP_min || op == MATH_OP_max;
  IrNode *target = to_tagged(b, args[0]);
  IrNode *cv = check(b, IR_CheckValue, 1, &target, DEOPT_REASON_WRONG_CALL_TARGET);
  if (!cv) return NULL;
  cv->aux.i = ir_literal(b->g, w[0]);
  /* ToNumber of every argument, left to right (extra ones included). */
  IrNode *x[2] = {NULL, NULL}, *acc = NULL;
  for (uint32_t i = 0; i < argc; i++) {
    IrNode *v = to_float64(b, args[2 + i]);
    if (!v) return NULL;
    if (minmax) acc = acc ? node2(b, op == MATH_OP_min ? IR_Float64Min : IR_Float64Max, acc, v) : v;
    else if (i < 2) x[i] = v;
  }
  if (minmax) return acc ? acc : float64_constant(b, op == MATH_OP_min ? INFINITY : -INFINITY);
  for (uint32_t i = 0; i < (binary ? 2u : 1u); i++)
    if (!x[i]) x[i] = float64_constant(b, NAN);   /* a missing argument is undefined: NaN */
  IrNode *r;
  switch (op) {
    case MATH_OP_abs: return node1(b, IR_Float64Abs, x[0]);
    case MATH_OP_sqrt: return node1(b, IR_Float64Sqrt, x[0]);
    case MATH_OP_floor:
    case MATH_OP_ceil:
    case MATH_OP_trunc:
    case MATH_OP_round:
      r = node1(b, IR_Float64Round, x[0]);
      if (r) r->aux.i = op == MATH_OP_floor ? IR_ROUND_FLOOR : op == MATH_OP_ceil ? IR_ROUND_CEIL
                      : op == MATH_OP_trunc ? IR_ROUND_TRUNC : IR_ROUND_JS;
      return r;
    default:
      r = binary ? node2(b, IR_Float64Math, x[0], x[1]) : node1(b, IR_Float64Math, x[0]);
      if (r) r->aux.i = op;
      return r;
  }
}

/* A callee's Return: the value goes to the caller's continuation block. */
static void return_to_caller(Builder *b, IrNode *v) {
  if (b->ret_count == b->ret_capacity) {
    uint32_t cap = b->ret_capacity ? 2 * b->ret_capacity : 4;
    IrNode **r = ir_alloc(b->g, cap * sizeof *r);
    if (!r) return;
    if (b->rets) memcpy(r, b->rets, b->ret_count * sizeof *r);
    b->rets = r;
    b->ret_capacity = cap;
  }
  b->rets[b->ret_count++] = v;
  IrBlock *from = b->cur;
  from->succs[0] = b->cont;
  from->succ_count = 1;
  ir_block_add_pred(b->g, b->cont, from);
  (void)node0(b, IR_Goto);
  b->cur = NULL;
}

/* Inlines `callee` (a closure the call site's feedback saw) at the call at
 * cur_offset, args being [callee, receiver, arguments...]: a CheckValue
 * guards the target, the current block jumps into the callee's blocks,
 * whose Returns jump to a new block where the caller goes on. Returns the
 * call's value, or NULL when the callee could not be built (sh->refuse
 * names it; the graph is built again without inlining it). */
static IrNode *inline_call(Builder *b, rd_value callee, IrNode **args, uint32_t n) {
  Runtime *rt = b->rt;
  IrGraph *g = b->g;
  HANDLE_SCOPE(rt);
  Handle fn = handle_new(rt, callee);
  uint32_t argc = n - 2, call_offset = cur_offset, next = b->insns[b->insn_at[call_offset]].next;
  uint32_t fn_literal = ir_literal(g, *fn);
  IrNode *target = to_tagged(b, args[0]);
  IrNode *cv = check(b, IR_CheckValue, 1, &target, DEOPT_REASON_WRONG_CALL_TARGET);
  if (cv) cv->aux.i = fn_literal;
  /* A sloppy callee's `this` is the global object for a null or undefined
   * receiver, and a wrapper for a primitive one: anything but those two and
   * JS objects deoptimizes (the interpreter makes the wrapper). */
  IrNode *receiver = args[1];
  if (!(SFI_FLAGS_OF(((JSFunction *)value_to_ptr(*fn))->shared) & (SFI_STRICT | SFI_ARROW))) {
    receiver = to_tagged(b, receiver);
    rd_value k = receiver->op == IR_Constant ? ir_literal_value(g, (uint32_t)receiver->aux.i) : VALUE_EMPTY;
    if (value_is_nullish(k)) {
      receiver = constant(b, ROOT(rt, global_object));
    } else if (!value_is_js_object(k)) {
      IrNode *c = check(b, IR_CheckHeapObject, 1, &receiver, DEOPT_REASON_NOT_HEAP_OBJECT);
      if (c) c->aux.i = 1;   /* a JS object */
    }
  }
  Builder cb;
  memset(&cb, 0, sizeof cb);
  cb.g = g;
  cb.rt = rt;
  cb.sh = b->sh;
  cb.parent = b;
  cb.depth = b->depth + 1;
  cb.outer = frame_state(b, call_offset);
  cb.argc1 = argc + 1;
  cb.function_literal = fn_literal;
  if (g->failed || !cb.outer) return NULL;
  if (!begin_function(&cb, fn, (int32_t)argc)) goto refuse;
  b->sh->inlined_bytes += BYTECODE_OF(*cb.bytecode)->length;
  /* Split the current block: its rest and its successors move to cont. */
  IrBlock *at = b->cur, *entry = g->blocks[cb.first_block], *cont = ir_block_new(g, next);
  Split *sp = NULL;
  if (b->sh->split_count == b->sh->split_capacity) {
    uint32_t cap = b->sh->split_capacity ? 2 * b->sh->split_capacity : 8;
    Split *p = ir_alloc(g, cap * sizeof *p);
    if (p && b->sh->splits) memcpy(p, b->sh->splits, b->sh->split_count * sizeof *p);
    if (p) b->sh->splits = p, b->sh->split_capacity = cap;
  }
  if (!cont || g->failed) return NULL;
  sp = &b->sh->splits[b->sh->split_count++];
  *sp = (Split){at, cont, cb.first_block, cb.block_count};
  cont->succ_count = at->succ_count;
  for (uint32_t i = 0; i < at->succ_count; i++) {
    IrBlock *s = cont->succs[i] = at->succs[i];
    for (uint32_t k = 0; k < s->pred_count; k++)
      if (s->preds[k] == at) s->preds[k] = cont;
  }
  at->succs[0] = entry;
  at->succ_count = 1;
  ir_block_add_pred(g, entry, at);
  (void)node0(b, IR_Goto);
  cb.cont = cont;
  /* The callee's entry state: receiver and arguments (undefined past argc), its context. */
  IrNode *undef = constant(&cb, VALUE_UNDEFINED);
  cb.closure = constant(&cb, *fn);
  for (uint32_t i = 0; i < cb.params; i++) cb.env[i] = i == 0 ? receiver : i <= argc ? args[1 + i] : undef;
  cb.env[SLOT_CONTEXT(&cb)] = constant(&cb, ((JSFunction *)value_to_ptr(*fn))->context);
  for (uint32_t r = 0; r < cb.regs; r++) cb.env[SLOT_REG(&cb, r)] = undef;
  cb.env[SLOT_ACC(&cb)] = undef;
  bool ok = build_body(&cb);
  cur_offset = call_offset;
  if (!ok) goto refuse;
  /* The call's value: the one returned value, or their phi in cont. */
  b->cur = cont;
  b->state = NULL;
  if (cb.ret_count == 0) {   /* the callee never returns */
    b->cur = NULL;
    return undef;
  }
  if (cb.ret_count == 1) return cb.rets[0];
  IrRep rep = (IrRep)cb.rets[0]->rep;
  for (uint32_t k = 1; k < cb.ret_count; k++)
    if (cb.rets[k]->rep != rep) rep = IR_REP_TAGGED;
  IrNode *phi = ir_node_new(g, NULL, IR_Phi, 0, NULL);
  if (!phi) return NULL;
  phi->rep = (uint8_t)rep;
  for (uint32_t k = 0; k < cb.ret_count; k++)
    ir_node_add_input(g, phi, rep == IR_REP_TAGGED ? to_tagged(b, cb.rets[k]) : cb.rets[k]);
  ir_block_insert_phi(g, cont, phi);
  return phi;
refuse:
  if (!g->failed && *b->sh->refuse == VALUE_EMPTY) *b->sh->refuse = ((JSFunction *)value_to_ptr(*fn))->shared;
  b->reason = cb.reason ? cb.reason : "inlining failed";
  return NULL;
}

/* Puts blocks [first, first + count) of one function in order, each
 * followed by the blocks of the callee inlined at its end and then the
 * block its function goes on in (and so on down the chain). */
static void order_range(IrGraph *g, const Shared *sh, uint32_t first, uint32_t count, IrBlock **order,
                        uint32_t *n) {
  for (uint32_t id = first; id < first + count; id++)
    for (IrBlock *blk = g->blocks[id]; blk;) {
      order[(*n)++] = blk;
      const Split *sp = NULL;
      for (uint32_t i = 0; i < sh->split_count && !sp; i++)
        if (sh->splits[i].at == blk) sp = &sh->splits[i];
      if (!sp) break;
      order_range(g, sh, sp->first, sp->count, order, n);
      blk = sp->cont;
    }
}

/* Renumbers the blocks so that inlined callees sit between their call and
 * its continuation: bytecode order per function, which keeps the order a
 * reverse postorder with every loop's blocks contiguous. */
static bool order_blocks(IrGraph *g, const Shared *sh, uint32_t top_count) {
  if (!sh->split_count) return true;
  IrBlock **order = ir_alloc(g, sizeof(IrBlock *) * g->block_count);
  if (!order) return false;
  uint32_t n = 0;
  order_range(g, sh, 0, top_count, order, &n);
  CHECK(n == g->block_count);
  for (uint32_t i = 0; i < n; i++) (g->blocks[i] = order[i])->id = i;
  return true;
}

/* --- building ---------------------------------------------------------------------------- */
/* Sets up b for function fn (argc: its argument count when inlined, -1 for
 * the function compiled): decodes the bytecode, makes the blocks and the
 * liveness. False with b->reason when it can't be compiled. */
static bool begin_function(Builder *b, Handle fn, int32_t argc) {
  Runtime *rt = b->rt;
  IrGraph *g = b->g;
  b->fn = fn;
  b->sfi = handle_new(rt, ((JSFunction *)value_to_ptr(*fn))->shared);
  rd_value bytecode = ((SharedFunctionInfo *)value_to_ptr(*b->sfi))->bytecode;
  if (!value_has_type(bytecode, TYPE_BYTECODE_ARRAY)) {
    b->reason = "not a bytecode function";
    return false;
  }
  b->bytecode = handle_new(rt, bytecode);
  b->strict = SFI_FLAGS_OF(*b->sfi) & SFI_STRICT;
  b->feedback = handle_new(rt, ((JSFunction *)value_to_ptr(*fn))->feedback);
  const BytecodeArray *ba = BYTECODE_OF(bytecode);
  if (fixed_array_length(ba->handler_table)) {
    b->reason = "try/catch/finally";
    return false;
  }
  if (SFI_FLAGS_OF(*b->sfi) & (SFI_GENERATOR | SFI_ASYNC)) {
    b->reason = "generator or async function";
    return false;
  }
  b->params = 1 + (argc < 0 ? ba->parameter_count : MAX((uint32_t)argc, ba->parameter_count));
  b->regs = ba->frame_size;
  b->env_size = b->params + 1 + b->regs + 1;
  b->sfi_literal = ir_literal(g, *b->sfi);
  if (!decode(b) || !make_blocks(b) || !liveness(b)) goto oom;
  b->entry_env = ir_alloc(g, sizeof(IrNode **) * b->block_count);
  b->arrivals = ir_alloc(g, sizeof(uint32_t) * b->block_count);
  b->env = ir_alloc(g, sizeof(IrNode *) * b->env_size);
  if (!b->entry_env || !b->arrivals || !b->env) goto oom;
  return true;
oom:
  b->reason = "out of memory";
  return false;
}

/* Translates b's instructions in order, from its entry block with b->env
 * holding the entry state. False with b->reason (or g->failed). */
static bool build_body(Builder *b) {
  IrGraph *g = b->g;
  IrBlock *entry = g->blocks[b->first_block];
  b->cur = entry;
  for (uint32_t i = 0; i < b->insn_count; i++) {
    const Insn *in = &b->insns[i];
    IrBlock *blk = b->block_at[in->offset];
    if (blk) {
      if (b->cur && b->cur != blk) goto_block(b, blk);   /* falling into blk */
      b->cur = NULL;
      if (blk == entry) {
        b->cur = blk;
      } else if (b->entry_env[blk->id - b->first_block]) {
        b->cur = blk;
        memcpy(b->env, b->entry_env[blk->id - b->first_block], sizeof(IrNode *) * b->env_size);
        b->state = NULL;
      }
    }
    if (!b->cur) continue;   /* unreachable */
    if (!visit(b, in) || b->dead_read) {
      if (!b->reason) b->reason = g->failed ? "out of memory" : "unsupported";
      return false;
    }
  }
  return !g->failed;
}

/* One attempt at building the graph (sh: what the attempts share). */
static bool build_once(IrGraph *g, Handle fn, Shared *sh, const char **reason) {
  Runtime *rt = g->rt;
  HANDLE_SCOPE(rt);
  Builder b;
  memset(&b, 0, sizeof b);
  b.g = g;
  b.rt = rt;
  b.sh = sh;
  if (!begin_function(&b, fn, -1)) {
    *reason = b.reason;
    return false;
  }
  /* The entry block: parameters, context, closure; registers undefined. */
  IrBlock *entry = g->blocks[0];
  b.closure = ir_node_new(g, entry, IR_Closure, 0, NULL);
  for (uint32_t i = 0; i < b.params; i++) {
    IrNode *p = ir_node_new(g, entry, IR_Parameter, 0, NULL);
    if (!p) goto oom;
    p->aux.i = i;
    b.env[i] = p;
  }
  b.env[SLOT_CONTEXT(&b)] = ir_node_new(g, entry, IR_Context, 0, NULL);
  b.cur = entry;
  IrNode *undef = constant(&b, VALUE_UNDEFINED);
  for (uint32_t r = 0; r < b.regs; r++) b.env[SLOT_REG(&b, r)] = undef;
  b.env[SLOT_ACC(&b)] = undef;
  if (!build_body(&b)) {
    if (g->failed) goto oom;
    *reason = b.reason;
    return false;
  }
  if (sh->retry) return true;
  prune_phis(g);
  if (!order_blocks(g, sh, b.block_count)) goto oom;
  /* Loop depths: a block between a loop header and its back edge is inside it. */
  for (uint32_t i = 0; i < g->block_count; i++) {
    IrBlock *h = g->blocks[i];
    if (!h->is_loop_header) continue;
    uint32_t last = h->id;
    for (uint32_t p = 0; p < h->pred_count; p++) last = MAX(last, h->preds[p]->id);
    for (uint32_t k = h->id; k <= last; k++) g->blocks[k]->loop_depth++;
  }
  return !g->failed;
oom:
  *reason = "out of memory";
  return false;
}

/* Hints only ever generalize (to float64, then tagged), so the attempts
 * end; a chain of loop variables copied into one another needs one attempt
 * per link. */
#define GRAPH_BUILD_ATTEMPTS 16

/* Forgets the loop-phi hints (block numbers change when inlining does). */
static void clear_hints(Shared *sh) {
  for (uint32_t i = 0; i < sh->phi_rep_count; i++) free(sh->phi_rep[i]);
  free(sh->phi_rep);
  sh->phi_rep = NULL;
  sh->phi_rep_count = 0;
}

bool graph_build(IrGraph *g, Handle fn, const char **reason) {
  Runtime *rt = g->rt;
  Shared sh;
  memset(&sh, 0, sizeof sh);
  Handle refused[INLINE_MAX_REFUSED];
  sh.refused = refused;
  sh.refuse = handle_new(rt, VALUE_EMPTY);
  bool ok = false;
  for (uint32_t attempt = 0;;) {
    sh.retry = false;
    sh.splits = NULL;
    sh.split_count = sh.split_capacity = 0;
    sh.inlined_bytes = 0;
    *sh.refuse = VALUE_EMPTY;
    ok = build_once(g, fn, &sh, reason);
    if (!ok && *sh.refuse != VALUE_EMPTY && sh.refused_count < INLINE_MAX_REFUSED) {
      refused[sh.refused_count++] = handle_new(rt, *sh.refuse);   /* again, without it */
      clear_hints(&sh);
    } else if (ok && sh.retry && ++attempt < GRAPH_BUILD_ATTEMPTS) {
      /* again, with the loop phis generalized */
    } else {
      if (ok && sh.retry) {
        *reason = "loop phi representations did not settle";
        ok = false;
      }
      break;
    }
    /* Start again from an empty graph (the literals stay). */
    ir_graph_free(g);
    g->blocks = NULL;
    g->block_count = g->block_capacity = 0;
    g->nodes = NULL;
    g->node_count = g->node_capacity = 0;
  }
  clear_hints(&sh);
  return ok;
}
