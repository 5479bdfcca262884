/*
 * codegen.c - x86-64 code for a scheduled, register-allocated graph.
 *
 * Registers: the allocator hands out rax rcx rdx rbx rsi rdi r8 r9 r12 r14
 * r15 and xmm0-xmm13; r10/r11 and xmm14/xmm15 are this file's scratch
 * registers, r13 holds the Runtime*, rbp/rsp the frame. Values keep their
 * representation in registers: an int32 in the low half of a general
 * register (upper half zero), a bit as 0/1, a tagged value as its 64-bit
 * word, a float64 in an xmm register. Constants have no location: they are
 * materialized at each use.
 *
 * Control flow: blocks are emitted in order; a phi's inputs are moved into
 * its location on each incoming edge (a parallel move); a guard that fails
 * jumps to an out-of-line deopt exit at the end of the code. C helpers
 * that never allocate (ToBoolean, out-of-range ToInt32, fmod) are called
 * with every allocatable register saved.
 *
 * Invariant: scratch registers never carry a value from one node to the
 * next, so any node may use them freely.
 */
#include "codegen/x64/codegen.h"

#include "builtins/math.h"
#include "codegen/code.h"
#include "codegen/x64/disasm.h"
#include "compiler/runtime_calls.h"
#include "deopt/deoptimizer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "objects/object.h"
#include "objects/typed_array.h"
#include "runtime/ops.h"

static const X64Reg gpr_of[] = {RAX, RCX, RDX, RBX, RSI, RDI, R8, R9, R12, R14, R15};
#define GPR_COUNT ((uint32_t)(sizeof gpr_of / sizeof *gpr_of))
#define FPR_COUNT 14u
#define S0 R11
#define S1 R10
#define FS0 XMM15
#define FS1 XMM14

/* Nodes that call out and clobber every register: none yet (calls are not
 * generated); the non-allocating C helpers save what they clobber. */
static bool clobbers(const IrNode *n) { return n->op == IR_Call || n->op == IR_Construct || n->op == IR_Generic; }
static bool materialized(const IrNode *n) {
  return n->op == IR_Int32Constant || n->op == IR_Float64Constant || n->op == IR_Constant;
}
const RegAllocConfig codegen_regalloc_config = {GPR_COUNT, FPR_COUNT, clobbers, materialized};

typedef struct Gen {
  Assembler a;
  IrGraph *g;
  const RegAlloc *ra;
  AsmLabel *block_label;
  CodegenDeopt *deopts;
  AsmLabel *deopt_label;
  uint32_t deopt_count, deopt_capacity;
  uint32_t frame_bytes;
  SafepointBuilder *safepoints;
  AsmLabel exception_exit;      /* returns VALUE_EMPTY (an exception is pending) */
  const char *reason;
} Gen;

/* --- locations -------------------------------------------------------------------------- */
static Location loc(Gen *G, const IrNode *n) { return G->ra->loc[n->id]; }
static AsmMem slot_mem(uint32_t k) { return asm_mem(RBP, OPT_FRAME_FIRST_SPILL - 8 * (int32_t)k); }

/* The bits of a Constant node's value (tagged word). */
static uint64_t constant_word(Gen *G, const IrNode *n) { return ir_literal_value(G->g, (uint32_t)n->aux.i); }

uint32_t codegen_gpr_number(uint32_t index) { return (uint32_t)gpr_of[index]; }

/* r = literal k of the graph: the Code's constants (code.h: no heap
 * pointer is ever embedded in the instructions). */
static void load_literal(Gen *G, X64Reg r, uint32_t k) {
  code_asm_load_constants(&G->a, r);
  asm_mov_rm(&G->a, W64, r, asm_mem(r, (int32_t)offsetof(FixedArray, data) + 8 * (int32_t)k));
}

/* Loads constant node n into general register r. */
static void load_constant(Gen *G, const IrNode *n, X64Reg r) {
  if (n->op == IR_Int32Constant) {
    asm_mov_ri(&G->a, W32, r, (int32_t)n->aux.i);
  } else if (n->op == IR_Float64Constant) {
    uint64_t bits;
    memcpy(&bits, &n->aux.f64, 8);
    asm_mov_ri(&G->a, W64, r, (int64_t)bits);
  } else {
    uint64_t w = constant_word(G, n);
    if (value_is_ptr(w)) load_literal(G, r, (uint32_t)n->aux.i);
    else asm_mov_ri(&G->a, W64, r, (int64_t)w);
  }
}

/* The general register holding n's value (loading it into scratch if it
 * is a constant or spilled). */
static X64Reg gpr_in(Gen *G, const IrNode *n, X64Reg scratch) {
  if (materialized(n)) {
    load_constant(G, n, scratch);
    return scratch;
  }
  Location l = loc(G, n);
  if (l.kind == LOC_GPR) return gpr_of[l.index];
  asm_mov_rm(&G->a, W64, scratch, slot_mem(l.index));
  return scratch;
}

/* The xmm register holding float64 n. */
static X64Xmm fpr_in(Gen *G, const IrNode *n, X64Xmm scratch) {
  if (materialized(n)) {
    load_constant(G, n, S1);
    asm_movq_xr(&G->a, W64, scratch, S1);
    return scratch;
  }
  Location l = loc(G, n);
  if (l.kind == LOC_FPR) return (X64Xmm)l.index;
  asm_movsd_xm(&G->a, scratch, slot_mem(l.index));
  return scratch;
}

/* Where node n's result goes: its register, or scratch (then finish_*). */
static X64Reg gpr_out(Gen *G, const IrNode *n, X64Reg scratch) {
  Location l = loc(G, n);
  return l.kind == LOC_GPR ? gpr_of[l.index] : scratch;
}
static void gpr_finish(Gen *G, const IrNode *n, X64Reg r) {
  Location l = loc(G, n);
  if (l.kind == LOC_SLOT) asm_mov_mr(&G->a, W64, slot_mem(l.index), r);
  else if (l.kind == LOC_GPR && gpr_of[l.index] != r) asm_mov_rr(&G->a, W64, gpr_of[l.index], r);
}
static X64Xmm fpr_out(Gen *G, const IrNode *n, X64Xmm scratch) {
  Location l = loc(G, n);
  return l.kind == LOC_FPR ? (X64Xmm)l.index : scratch;
}
static void fpr_finish(Gen *G, const IrNode *n, X64Xmm x) {
  Location l = loc(G, n);
  if (l.kind == LOC_SLOT) asm_movsd_mx(&G->a, slot_mem(l.index), x);
  else if (l.kind == LOC_FPR && (X64Xmm)l.index != x) asm_movsd_xx(&G->a, (X64Xmm)l.index, x);
}

/* --- deopt exits ------------------------------------------------------------------------ */
/* The label a guard of node n jumps to when it fails. */
static AsmLabel deopt_label(Gen *G, const IrNode *n) {
  if (G->deopt_count == G->deopt_capacity) {
    uint32_t cap = G->deopt_capacity ? 2 * G->deopt_capacity : 16;
    CodegenDeopt *d = ir_alloc(G->g, cap * sizeof *d);
    AsmLabel *l = ir_alloc(G->g, cap * sizeof *l);
    if (!d || !l) return asm_label_new(&G->a);
    if (G->deopts) {
      memcpy(d, G->deopts, G->deopt_count * sizeof *d);
      memcpy(l, G->deopt_label, G->deopt_count * sizeof *l);
    }
    G->deopts = d;
    G->deopt_label = l;
    G->deopt_capacity = cap;
  }
  uint32_t id = G->deopt_count++;
  G->deopts[id].frame_state = n->frame_state;
  G->deopts[id].reason = (DeoptReason)n->deopt_reason;
  G->deopts[id].call_site = false;
  G->deopt_label[id] = asm_label_new(&G->a);
  return G->deopt_label[id];
}

/* Records the call site of node n, returning to pc: the bytecode offset a
 * stack trace shows for this frame there (and, later, a lazy deopt point). */
static void call_site(Gen *G, const IrNode *n, uint32_t pc) {
  if (!n->frame_state) return;
  AsmLabel unused = deopt_label(G, n);
  (void)unused;
  CodegenDeopt *d = &G->deopts[G->deopt_count - 1];
  d->call_site = true;
  d->pc = pc;
  d->reason = DEOPT_REASON_NONE;
}

/* Emits the exits: each calls the deopt entry stub with its id (deoptimizer.h). */
static void emit_deopt_exits(Gen *G) {
  for (uint32_t i = 0; i < G->deopt_count; i++) {
    asm_bind(&G->a, G->deopt_label[i]);
    if (G->deopts[i].call_site) continue;   /* no exit: a call's point */
    G->deopts[i].pc = (uint32_t)G->a.size;
    deopt_emit_exit(&G->a, i);
  }
}

/* --- calls to non-allocating C helpers ---------------------------------------------------- */
/* Calls fn(args...) (at most 3 integer-class arguments, nodes or raw
 * registers given as scratch copies) with every allocatable register
 * saved; the result ends up in S0. */
#define SAVE_AREA (8 * GPR_COUNT + 8 * FPR_COUNT + 8)   /* + padding: 16-byte alignment */
static void call_preserving(Gen *G, const void *fn, uint32_t nargs, const X64Reg *args) {
  Assembler *a = &G->a;
  /* Arguments first into the scratch copies the caller prepared; move them
   * to rdi/rsi/rdx after saving (they are S0/S1/rax-free scratch values). */
  for (uint32_t i = 0; i < GPR_COUNT; i++) asm_push_r(a, gpr_of[i]);
  asm_sub_ri(a, W64, RSP, (int32_t)(SAVE_AREA - 8 * GPR_COUNT));
  for (uint32_t i = 0; i < FPR_COUNT; i++) asm_movsd_mx(a, asm_mem(RSP, 8 * (int32_t)i), (X64Xmm)i);
  static const X64Reg abi[] = {RDI, RSI, RDX};
  for (uint32_t i = 0; i < nargs; i++) asm_mov_rr(a, W64, abi[i], args[i]);
  asm_call_abs(a, (uint64_t)(uintptr_t)fn, RAX);
  asm_mov_rr(a, W64, S0, RAX);
  for (uint32_t i = 0; i < FPR_COUNT; i++) asm_movsd_xm(a, (X64Xmm)i, asm_mem(RSP, 8 * (int32_t)i));
  asm_add_ri(a, W64, RSP, (int32_t)(SAVE_AREA - 8 * GPR_COUNT));
  for (uint32_t i = GPR_COUNT; i-- > 0;) asm_pop_r(a, gpr_of[i]);
}

/* The C helpers (none of them allocates). */
static uint64_t helper_to_boolean(uint64_t v) { return js_to_boolean(v) ? 1 : 0; }
static uint64_t helper_to_int32(uint64_t bits) {
  double d;
  memcpy(&d, &bits, 8);
  return (uint32_t)number_to_int32(d);
}
static uint64_t helper_fmod(uint64_t a, uint64_t b) {
  double x, y, r;
  memcpy(&x, &a, 8);
  memcpy(&y, &b, 8);
  r = fmod(x, y);
  uint64_t out;
  memcpy(&out, &r, 8);
  return out;
}
/* The Math functions computed by a C call (IR_Float64Math, and the
 * roundings without SSE4.1): helper_math_NAME(x bits, y bits). */
static uint64_t math_bits(MathOp op, uint64_t xb, uint64_t yb) {
  double x, y, r;
  memcpy(&x, &xb, 8);
  memcpy(&y, &yb, 8);
  r = math_apply(op, x, y);
  memcpy(&xb, &r, 8);
  return xb;
}
#define X(name, expr) \
  static uint64_t helper_math_##name(uint64_t x, uint64_t y) { return math_bits(MATH_OP_##name, x, y); }
MATH_UNARY_LIST(X)
MATH_BINARY_LIST(X)
#undef X
static const void *const math_helpers[MATH_OP_COUNT] = {
    NULL,
#define X(name, expr) (const void *)helper_math_##name,
    MATH_UNARY_LIST(X) MATH_BINARY_LIST(X)
#undef X
};

/* roundsd is SSE4.1, which not every x86-64 has. */
static bool has_sse41(void) {
  static int known = -1;
  if (known < 0) {
    __builtin_cpu_init();
    known = __builtin_cpu_supports("sse4.1") ? 1 : 0;
  }
  return known == 1;
}

/* Loads the double d into xmm register x (through scratch S0). */
static void load_double(Gen *G, X64Xmm x, double d) {
  uint64_t bits;
  memcpy(&bits, &d, 8);
  asm_mov_ri(&G->a, W64, S0, (int64_t)bits);
  asm_movq_xr(&G->a, W64, x, S0);
}

/* n = Math.round(its input): r = ceil(x), minus one when r - 0.5 > x.
 * r - 0.5 is exact for every r below 2^52 and harmless above it, and the
 * sign of a zero result is ceil's, which is x's: no half-way or -0 case
 * needs a branch of its own. */
static void emit_js_round(Gen *G, const IrNode *n, const IrNode *in) {
  Assembler *a = &G->a;
  X64Xmm xd = fpr_out(G, n, FS0);
  if (materialized(in)) {   /* a constant: folded */
    load_double(G, xd, math_apply(MATH_OP_round, in->aux.f64, 0));
    fpr_finish(G, n, xd);
    return;
  }
  Location l = loc(G, in);
  AsmLabel done = asm_label_new(a);
  if (l.kind == LOC_FPR) asm_roundsd_xx(a, FS0, (X64Xmm)l.index, ASM_ROUND_UP);
  else asm_roundsd_xm(a, FS0, slot_mem(l.index), ASM_ROUND_UP);
  load_double(G, FS1, -0.5);
  asm_addsd_xx(a, FS1, FS0);
  if (l.kind == LOC_FPR) asm_ucomisd_xx(a, FS1, (X64Xmm)l.index);
  else asm_ucomisd_xm(a, FS1, slot_mem(l.index));
  asm_jcc(a, COND_BE, done);   /* not above (unordered included) */
  load_double(G, FS1, 1.0);
  asm_subsd_xx(a, FS0, FS1);
  asm_bind(a, done);
  fpr_finish(G, n, FS0);
}

/* n = Math.min / Math.max of its two inputs: NaN if either is; of +0 and
 * -0, min is -0 (the or of the bits) and max +0 (the and). */
static void emit_min_max(Gen *G, const IrNode *n, bool max) {
  Assembler *a = &G->a;
  X64Xmm x = fpr_in(G, n->inputs[0], FS0);
  if (x != FS0) asm_movsd_xx(a, FS0, x);
  X64Xmm y = fpr_in(G, n->inputs[1], FS1);
  AsmLabel nan = asm_label_new(a), take_y = asm_label_new(a), done = asm_label_new(a);
  asm_ucomisd_xx(a, FS0, y);
  asm_jcc(a, COND_P, nan);
  asm_jcc(a, max ? COND_B : COND_A, take_y);
  asm_jcc(a, max ? COND_A : COND_B, done);
  if (max) asm_andpd_xx(a, FS0, y);   /* equal: only the zeros' signs can differ */
  else asm_orpd_xx(a, FS0, y);
  asm_jmp(a, done);
  asm_bind(a, nan);
  asm_addsd_xx(a, FS0, y);   /* a NaN */
  asm_jmp(a, done);
  asm_bind(a, take_y);
  asm_movsd_xx(a, FS0, y);
  asm_bind(a, done);
  fpr_finish(G, n, FS0);
}

/* n = op(inputs) by a call of its math helper. */
static void emit_math_call(Gen *G, const IrNode *n, MathOp op) {
  Assembler *a = &G->a;
  X64Xmm x = fpr_in(G, n->inputs[0], FS0);
  asm_movq_rx(a, W64, S0, x);
  if (n->input_count > 1) {
    X64Xmm y = fpr_in(G, n->inputs[1], FS1);
    asm_movq_rx(a, W64, S1, y);
  }
  X64Reg args[2] = {S0, S1};
  call_preserving(G, math_helpers[op], 2, args);
  X64Xmm xd = fpr_out(G, n, FS0);
  asm_movq_xr(a, W64, xd, S0);
  fpr_finish(G, n, xd);
}

/* --- phis ------------------------------------------------------------------------------- */
/* One move of a parallel move: from a node (its location or constant) to a location. */
typedef struct Move {
  const IrNode *src;
  Location dst;
  bool done;
} Move;

static bool same_loc(Location a, Location b) { return a.kind == b.kind && a.index == b.index; }

/* Copies src into location dst (general or float class by src's representation). */
static void move_to(Gen *G, const IrNode *src, Location dst) {
  if (src->rep == IR_REP_FLOAT64) {
    X64Xmm x = fpr_in(G, src, FS0);
    if (dst.kind == LOC_FPR) {
      if ((X64Xmm)dst.index != x) asm_movsd_xx(&G->a, (X64Xmm)dst.index, x);
    } else {
      asm_movsd_mx(&G->a, slot_mem(dst.index), x);
    }
    return;
  }
  X64Reg r = gpr_in(G, src, S0);
  if (dst.kind == LOC_GPR) {
    if (gpr_of[dst.index] != r) asm_mov_rr(&G->a, W64, gpr_of[dst.index], r);
  } else {
    asm_mov_mr(&G->a, W64, slot_mem(dst.index), r);
  }
}

/* The moves into target's phis from its pred-th predecessor, sequentialized:
 * a move runs once no other pending move reads its destination; a cycle is
 * broken by parking one source in a spare slot-free scratch (via the stack). */
static void phi_moves(Gen *G, IrBlock *target, uint32_t pred) {
  Move moves[64];
  uint32_t n = 0;
  for (uint32_t k = 0; k < target->sched_count && n < 64; k++) {
    IrNode *phi = target->sched[k];
    if (phi->op != IR_Phi) continue;
    if (phi->dead || pred >= phi->input_count || !phi->inputs[pred]) continue;
    Location d = loc(G, phi);
    if (d.kind == LOC_NONE) continue;
    const IrNode *s = phi->inputs[pred];
    if (!materialized(s) && same_loc(loc(G, s), d)) continue;
    moves[n++] = (Move){s, d, false};
  }
  for (uint32_t left = n; left;) {
    bool progress = false;
    for (uint32_t i = 0; i < n; i++) {
      if (moves[i].done) continue;
      bool blocked = false;
      for (uint32_t j = 0; j < n && !blocked; j++)
        blocked = j != i && !moves[j].done && !materialized(moves[j].src) &&
                  same_loc(loc(G, moves[j].src), moves[i].dst);
      if (blocked) continue;
      move_to(G, moves[i].src, moves[i].dst);
      moves[i].done = true;
      left--;
      progress = true;
    }
    if (!progress) {   /* a cycle: push one destination's current value, redirect its readers */
      for (uint32_t i = 0; i < n; i++) {
        if (moves[i].done) continue;
        Location d = moves[i].dst;
        if (d.kind == LOC_FPR) {
          asm_sub_ri(&G->a, W64, RSP, 16);
          asm_movsd_mx(&G->a, asm_mem(RSP, 0), (X64Xmm)d.index);
        } else if (d.kind == LOC_GPR) {
          asm_push_r(&G->a, gpr_of[d.index]);
          asm_push_r(&G->a, gpr_of[d.index]);
        } else {
          asm_push_m(&G->a, slot_mem(d.index));
          asm_push_m(&G->a, slot_mem(d.index));
        }
        /* perform move i now, then satisfy its readers from the stack copy */
        move_to(G, moves[i].src, d);
        moves[i].done = true;
        left--;
        for (uint32_t j = 0; j < n; j++) {
          if (moves[j].done || materialized(moves[j].src) || !same_loc(loc(G, moves[j].src), d)) continue;
          Location dj = moves[j].dst;
          if (dj.kind == LOC_FPR) asm_movsd_xm(&G->a, (X64Xmm)dj.index, asm_mem(RSP, 0));
          else if (dj.kind == LOC_GPR) asm_mov_rm(&G->a, W64, gpr_of[dj.index], asm_mem(RSP, 0));
          else {
            asm_mov_rm(&G->a, W64, S0, asm_mem(RSP, 0));
            asm_mov_mr(&G->a, W64, slot_mem(dj.index), S0);
          }
          moves[j].done = true;
          left--;
        }
        asm_add_ri(&G->a, W64, RSP, 16);
        break;
      }
    }
  }
}

/* Index of pred among target's predecessors. */
static uint32_t pred_index(const IrBlock *target, const IrBlock *pred) {
  for (uint32_t i = 0; i < target->pred_count; i++)
    if (target->preds[i] == pred) return i;
  return 0;
}

static bool has_phis(const IrBlock *b) {
  for (uint32_t k = 0; k < b->sched_count; k++)
    if (b->sched[k]->op == IR_Phi && !b->sched[k]->dead) return true;
  return false;
}

/* --- calls out of optimized code ------------------------------------------------------------ */
/* Calls C function fn(rt, imm1, imm2) that may allocate and run JavaScript,
 * with node n's tagged inputs written on the VM stack at rt->sp first: an
 * exit (rt->exit_fp / exit_pc) lets the GC walk this frame, whose tagged
 * values all live in spill slots (the register allocator saw to that) named
 * by the safepoint recorded at the return address. VALUE_EMPTY from fn goes
 * to the exception exit; otherwise the result is in rax. */
static void call_out(Gen *G, const IrNode *n, const void *fn, uint64_t imm1, uint64_t imm2, bool write_inputs) {
  Assembler *a = &G->a;
  if (write_inputs) {
    asm_mov_rm(a, W64, S1, asm_mem(OPT_RUNTIME_REG, (int32_t)offsetof(Runtime, sp)));
    for (uint32_t k = 0; k < n->input_count; k++) {
      X64Reg r = gpr_in(G, n->inputs[k], S0);
      asm_mov_mr(a, W64, asm_mem(S1, 8 * (int32_t)k), r);
    }
  }
  AsmLabel after = asm_label_new(a);
  asm_mov_mr(a, W64, asm_mem(OPT_RUNTIME_REG, (int32_t)offsetof(Runtime, exit_fp)), RBP);
  asm_lea(a, W64, S0, asm_mem_label(after));
  asm_mov_mr(a, W64, asm_mem(OPT_RUNTIME_REG, (int32_t)offsetof(Runtime, exit_pc)), S0);
  asm_mov_rr(a, W64, RDI, OPT_RUNTIME_REG);
  asm_mov_ri(a, W64, RSI, (int64_t)imm1);
  asm_mov_ri(a, W64, RDX, (int64_t)imm2);
  asm_call_abs(a, (uint64_t)(uintptr_t)fn, RAX);
  asm_bind(a, after);
  /* The safepoint: the tagged values in spill slots live across this call. */
  uint32_t pos = G->ra->pos[n->id], tagged[256], count = 0;
  for (uint32_t i = 0; i < G->g->node_count && count < 256; i++) {
    const IrNode *v = G->g->nodes[i];
    Location l = G->ra->loc[i];
    if (!v->dead && l.kind == LOC_SLOT && v->rep == IR_REP_TAGGED && v != n && regalloc_live_across(G->ra, v, pos))
      tagged[count++] = l.index;
  }
  safepoints_add(G->safepoints, (uint32_t)asm_label_pos(a, after), tagged, count);
  call_site(G, n, (uint32_t)asm_label_pos(a, after));
  asm_mov_mi(a, W64, asm_mem(OPT_RUNTIME_REG, (int32_t)offsetof(Runtime, exit_fp)), 0);
  asm_mov_mi(a, W64, asm_mem(OPT_RUNTIME_REG, (int32_t)offsetof(Runtime, exit_pc)), 0);
  asm_test_rr(a, W64, RAX, RAX);
  asm_jcc(a, COND_E, G->exception_exit);
}

/* The inline part of s[i] (a GetKeyedProperty Generic whose feedback saw
 * strings): for a sequential one-byte string, or a flattened cons string
 * whose first part is one, and an int32 index within its length, n is the
 * shared one-character string (ROOT single_character_strings) and the code
 * jumps to done; anything else falls through to the generic call. */
static void emit_string_char(Gen *G, const IrNode *n, AsmLabel done) {
  Assembler *a = &G->a;
#define ROOT_MEM(name) asm_mem(OPT_RUNTIME_REG, (int32_t)(offsetof(Runtime, roots) + 8 * ROOT_##name))
  AsmLabel slow = asm_label_new(a), seq = asm_label_new(a), not_cons = asm_label_new(a);
  X64Reg r = gpr_in(G, n->inputs[0], S0);
  if (r != S0) asm_mov_rr(a, W64, S0, r);
  asm_mov_ri(a, W64, S1, (int64_t)VALUE_POINTER_MASK);   /* a heap object? */
  asm_test_rr(a, W64, S0, S1);
  asm_jcc(a, COND_NE, slow);
  asm_test_rr(a, W64, S0, S0);
  asm_jcc(a, COND_E, slow);
  asm_mov_rm(a, W64, S1, asm_mem(S0, 0));   /* its map */
  asm_cmp_rm(a, W64, S1, ROOT_MEM(cons_string_map));
  asm_jcc(a, COND_NE, not_cons);
  asm_mov_rm(a, W64, S1, asm_mem(S0, (int32_t)offsetof(ConsString, second)));
  asm_cmp_rm(a, W64, S1, ROOT_MEM(empty_string));
  asm_jcc(a, COND_NE, slow);   /* not flattened yet */
  asm_mov_rm(a, W64, S0, asm_mem(S0, (int32_t)offsetof(ConsString, first)));
  asm_mov_rm(a, W64, S1, asm_mem(S0, 0));
  asm_bind(a, not_cons);
  asm_cmp_rm(a, W64, S1, ROOT_MEM(one_byte_string_map));
  asm_jcc(a, COND_E, seq);
  asm_cmp_rm(a, W64, S1, ROOT_MEM(internalized_one_byte_string_map));
  asm_jcc(a, COND_NE, slow);
  asm_bind(a, seq);
  r = gpr_in(G, n->inputs[1], S1);   /* the key: an int32 value's upper half is the tag's */
  if (r != S1) asm_mov_rr(a, W64, S1, r);
  asm_shr_ri(a, W64, S1, 32);
  asm_cmp_ri(a, W32, S1, (int32_t)(VALUE_INT32_TAG >> 32));
  asm_jcc(a, COND_NE, slow);
  r = gpr_in(G, n->inputs[1], S1);
  asm_mov_rr(a, W32, S1, r);   /* the index, zero-extended: a negative one fails below */
  asm_cmp_rm(a, W32, S1, asm_mem(S0, (int32_t)offsetof(String, length)));
  asm_jcc(a, COND_AE, slow);
  asm_movzx_rm(a, W32, W8, S1, asm_mem_index(S0, S1, 1, (int32_t)offsetof(SeqOneByteString, chars)));
  asm_mov_rm(a, W64, S0, ROOT_MEM(single_character_strings));
  asm_mov_rm(a, W64, S0, asm_mem_index(S0, S1, 8, (int32_t)offsetof(FixedArray, data)));
  gpr_finish(G, n, S0);
  asm_jmp(a, done);
  asm_bind(a, slow);
#undef ROOT_MEM
}

/* --- typed arrays ---
 * The int32 tag's upper half: a Number field holds an int32 when the upper
 * dword of its word equals this. */
#define INT32_TAG_HIGH ((int32_t)(uint32_t)(VALUE_INT32_TAG >> 32))
#define TA_FIELD(name) ((int32_t)offsetof(JSTypedArray, name))

/* n = the length of typed array in0 of element type aux, after checking
 * what lets the element nodes after it skip every other check: the type,
 * an attached buffer that can't shrink (not resizable: a growable
 * SharedArrayBuffer counts as resizable too, to keep this simple), and a
 * length and byte offset that are int32s. */
static void emit_typed_array_length(Gen *G, const IrNode *n) {
  Assembler *a = &G->a;
  AsmLabel deopt = deopt_label(G, n);
  X64Reg r = gpr_in(G, n->inputs[0], S0);
  if (r != S0) asm_mov_rr(a, W64, S0, r);
  asm_cmp_mi(a, W32, asm_mem(S0, TA_FIELD(kind)), (int32_t)n->aux.i);
  asm_jcc(a, COND_NE, deopt);
  asm_mov_rm(a, W64, S1, asm_mem(S0, TA_FIELD(buffer)));
  asm_test_mi(a, W32, asm_mem(S1, (int32_t)offsetof(JSArrayBuffer, flags)), ARRAY_BUFFER_RESIZABLE | ARRAY_BUFFER_DETACHED);
  asm_jcc(a, COND_NE, deopt);
  asm_cmp_mi(a, W32, asm_mem(S0, TA_FIELD(length) + 4), INT32_TAG_HIGH);
  asm_jcc(a, COND_NE, deopt);
  asm_cmp_mi(a, W32, asm_mem(S0, TA_FIELD(byte_offset) + 4), INT32_TAG_HIGH);
  asm_jcc(a, COND_NE, deopt);
  X64Reg d = gpr_out(G, n, S1);
  asm_mov_rm(a, W32, d, asm_mem(S0, TA_FIELD(length)));
  gpr_finish(G, n, d);
}

/* The address of element (in1) of typed array in0 (checked by a
 * LoadTypedArrayLength and a CheckBounds before), as a memory operand over
 * S1 (the element pointer) and the index register; S0 is clobbered. The
 * buffer's backing store is an address plus VALUE_DOUBLE_OFFSET, the byte
 * offset an int32 value: both encodings are removed by one subtraction. */
static AsmMem typed_element_address(Gen *G, const IrNode *n) {
  Assembler *a = &G->a;
  X64Reg r = gpr_in(G, n->inputs[0], S0);
  if (r != S0) asm_mov_rr(a, W64, S0, r);
  asm_mov_rm(a, W64, S1, asm_mem(S0, TA_FIELD(buffer)));
  asm_mov_rm(a, W64, S1, asm_mem(S1, (int32_t)offsetof(JSArrayBuffer, backing_store)));
  asm_add_rm(a, W64, S1, asm_mem(S0, TA_FIELD(byte_offset)));
  asm_mov_ri(a, W64, S0, (int64_t)(0 - (uint64_t)VALUE_DOUBLE_OFFSET - (uint64_t)VALUE_INT32_TAG));
  asm_add_rr(a, W64, S1, S0);
  X64Reg i = gpr_in(G, n->inputs[1], S0);   /* an int32: upper half zero */
  return asm_mem_index(S1, i, buffer_element_size[n->aux.i], 0);
}

static void emit_typed_load(Gen *G, const IrNode *n) {
  Assembler *a = &G->a;
  BufferElementType t = (BufferElementType)n->aux.i;
  AsmMem m = typed_element_address(G, n);
  if (n->op == IR_LoadTypedElementFloat64) {
    X64Xmm xd = fpr_out(G, n, FS0);
    if (t == BUFFER_Float64) {
      asm_movsd_xm(a, xd, m);
    } else if (t == BUFFER_Float32) {
      asm_cvtss2sd_xm(a, xd, m);
    } else {   /* Uint32 */
      asm_mov_rm(a, W32, S0, m);
      asm_cvtsi2sd_xr(a, W64, xd, S0);
    }
    fpr_finish(G, n, xd);
    return;
  }
  X64Reg d = gpr_out(G, n, S0);
  switch (t) {
    case BUFFER_Int8: asm_movsx_rm(a, W32, W8, d, m); break;
    case BUFFER_Int16: asm_movsx_rm(a, W32, W16, d, m); break;
    case BUFFER_Uint16: asm_movzx_rm(a, W32, W16, d, m); break;
    case BUFFER_Int32: asm_mov_rm(a, W32, d, m); break;
    default: asm_movzx_rm(a, W32, W8, d, m); break;   /* Uint8, Uint8Clamped */
  }
  gpr_finish(G, n, d);
}

static void emit_typed_store(Gen *G, const IrNode *n) {
  Assembler *a = &G->a;
  BufferElementType t = (BufferElementType)n->aux.i;
  const IrNode *v = n->inputs[2];
  if (t == BUFFER_Float32 || t == BUFFER_Float64) {
    X64Xmm x = fpr_in(G, v, FS0);   /* first: a constant is materialized through S1 */
    if (x != FS0) asm_movsd_xx(a, FS0, x);
    AsmMem m = typed_element_address(G, n);
    if (t == BUFFER_Float64) {
      asm_movsd_mx(a, m, FS0);
    } else {
      asm_cvtsd2ss_xx(a, FS0, FS0);
      asm_lea(a, W64, S1, m);
      asm_movq_rx(a, W32, S0, FS0);
      asm_mov_mr(a, W32, asm_mem(S1, 0), S0);
    }
    return;
  }
  asm_lea(a, W64, S1, typed_element_address(G, n));
  X64Reg r = gpr_in(G, v, S0);
  AsmWidth w = buffer_element_size[t] == 1 ? W8 : buffer_element_size[t] == 2 ? W16 : W32;
  asm_mov_mr(a, w, asm_mem(S1, 0), r);
}

/* After a tagged store of value at [slot]: the write barrier unless value
 * is not a heap pointer. host and the slot address come in S0 and S1. */
static void barrier(Gen *G, X64Reg value) {
  Assembler *a = &G->a;
  AsmLabel done = asm_label_new(a);
  asm_push_r(a, S0);
  asm_mov_ri(a, W64, S0, (int64_t)VALUE_POINTER_MASK);
  asm_test_rr(a, W64, value, S0);
  asm_pop_r(a, S0);
  asm_jcc(a, COND_NE, done);
  asm_test_rr(a, W64, value, value);
  asm_jcc(a, COND_E, done);
  X64Reg args[2] = {S0, S1};
  call_preserving(G, (const void *)opt_write_barrier, 2, args);
  asm_bind(a, done);
}

/* --- nodes ------------------------------------------------------------------------------- */
static void tag_int32(Gen *G, X64Reg r) {   /* r = VALUE_INT32_TAG | low 32 bits of r */
  asm_mov_rr(&G->a, W32, r, r);
  asm_mov_ri(&G->a, W64, S1, (int64_t)VALUE_INT32_TAG);
  asm_or_rr(&G->a, W64, r, S1);
}

/* n = the word (of width w) at offset of the object n's first input holds. */
static void load_word(Gen *G, const IrNode *n, int32_t offset, AsmWidth w) {
  X64Reg r = gpr_in(G, n->inputs[0], S0);
  X64Reg d = gpr_out(G, n, S0);
  asm_mov_rm(&G->a, w, d, asm_mem(r, offset));
  gpr_finish(G, n, d);
}

/* Emits node n of block b (not a terminator). False to give up. */
static bool emit_node(Gen *G, IrBlock *b, IrNode *n) {
  Assembler *a = &G->a;
  IrNode *in0 = n->input_count > 0 ? n->inputs[0] : NULL;
  IrNode *in1 = n->input_count > 1 ? n->inputs[1] : NULL;
  X64Reg r, s, d;
  X64Xmm x, y, xd;
  (void)b;
  switch ((IrOp)n->op) {
    case IR_Phi:
    case IR_Int32Constant:
    case IR_Float64Constant:
    case IR_Constant:
      return true;
    case IR_Parameter:
      d = gpr_out(G, n, S0);
      asm_mov_rm(a, W64, S1, asm_mem(RBP, OPT_FRAME_ARGS));
      asm_mov_rm(a, W64, d, asm_mem(S1, 8 * (int32_t)n->aux.i));
      gpr_finish(G, n, d);
      return true;
    case IR_Closure:
      d = gpr_out(G, n, S0);
      asm_mov_rm(a, W64, d, asm_mem(RBP, OPT_FRAME_FUNCTION));
      gpr_finish(G, n, d);
      return true;
    case IR_NewTarget:
      d = gpr_out(G, n, S0);
      asm_mov_rm(a, W64, d, asm_mem(RBP, OPT_FRAME_NEW_TARGET));
      gpr_finish(G, n, d);
      return true;
    case IR_Context:
      d = gpr_out(G, n, S0);
      asm_mov_rm(a, W64, S1, asm_mem(RBP, OPT_FRAME_FUNCTION));
      asm_mov_rm(a, W64, d, asm_mem(S1, (int32_t)offsetof(JSFunction, context)));
      gpr_finish(G, n, d);
      return true;

    /* --- checks --- */
    case IR_CheckInt32:
      r = gpr_in(G, in0, S0);
      asm_mov_ri(a, W64, S1, (int64_t)VALUE_INT32_TAG);
      asm_cmp_rr(a, W64, r, S1);
      asm_jcc(a, COND_B, deopt_label(G, n));
      d = gpr_out(G, n, S0);
      asm_mov_rr(a, W32, d, r);
      gpr_finish(G, n, d);
      return true;
    case IR_CheckNumber: {
      r = gpr_in(G, in0, S0);
      if (r != S1) asm_mov_rr(a, W64, S1, r);
      asm_mov_ri(a, W64, S0, (int64_t)VALUE_DOUBLE_OFFSET);
      asm_cmp_rr(a, W64, S1, S0);
      asm_jcc(a, COND_B, deopt_label(G, n));
      xd = fpr_out(G, n, FS0);
      AsmLabel is_int = asm_label_new(a), done = asm_label_new(a);
      asm_mov_ri(a, W64, S0, (int64_t)VALUE_INT32_TAG);
      asm_cmp_rr(a, W64, S1, S0);
      asm_jcc(a, COND_AE, is_int);
      asm_mov_ri(a, W64, S0, (int64_t)VALUE_DOUBLE_OFFSET);
      asm_sub_rr(a, W64, S1, S0);
      asm_movq_xr(a, W64, xd, S1);
      asm_jmp(a, done);
      asm_bind(a, is_int);
      asm_cvtsi2sd_xr(a, W32, xd, S1);
      asm_bind(a, done);
      fpr_finish(G, n, xd);
      return true;
    }
    case IR_CheckHeapObject:   /* aux 1: a JS object (not a string, symbol, bigint...) */
      r = gpr_in(G, in0, S0);
      asm_mov_ri(a, W64, S1, (int64_t)VALUE_POINTER_MASK);
      asm_test_rr(a, W64, r, S1);
      asm_jcc(a, COND_NE, deopt_label(G, n));
      asm_test_rr(a, W64, r, r);
      asm_jcc(a, COND_E, deopt_label(G, n));
      if (n->aux.i == 1) {
        asm_mov_rm(a, W64, S1, asm_mem(r, 0));   /* the map */
        asm_movzx_rm(a, W32, W16, S1, asm_mem(S1, (int32_t)offsetof(Map, instance_type)));
        asm_cmp_ri(a, W32, S1, TYPE_JS_OBJECT);
        asm_jcc(a, COND_B, deopt_label(G, n));
      }
      return true;
    case IR_CheckMaps: {
      r = gpr_in(G, in0, S0);
      asm_mov_rm(a, W64, S0, asm_mem(r, 0));   /* the map word */
      rd_value maps = ir_literal_value(G->g, (uint32_t)n->aux.i);
      AsmLabel ok = asm_label_new(a);
      if (value_has_type(maps, TYPE_MAP)) {
        load_literal(G, S1, (uint32_t)n->aux.i);
        asm_cmp_rr(a, W64, S0, S1);
        asm_jcc(a, COND_NE, deopt_label(G, n));
      } else {   /* a FixedArray of maps */
        uint32_t count = fixed_array_length(maps);
        load_literal(G, S1, (uint32_t)n->aux.i);
        for (uint32_t i = 0; i < count; i++) {
          asm_cmp_rm(a, W64, S0, asm_mem(S1, (int32_t)offsetof(FixedArray, data) + 8 * (int32_t)i));
          asm_jcc(a, COND_E, ok);
        }
        asm_jmp(a, deopt_label(G, n));
      }
      asm_bind(a, ok);
      return true;
    }
    case IR_CheckValue:   /* a tagged value against a literal (an inlined call's target) */
      r = gpr_in(G, in0, S0);
      load_literal(G, S1, (uint32_t)n->aux.i);
      asm_cmp_rr(a, W64, r, S1);
      asm_jcc(a, COND_NE, deopt_label(G, n));
      return true;
    case IR_CheckBounds:
      r = gpr_in(G, in0, S0);
      s = gpr_in(G, in1, S1);
      asm_cmp_rr(a, W32, r, s);
      asm_jcc(a, COND_AE, deopt_label(G, n));
      d = gpr_out(G, n, S0);
      if (d != r) asm_mov_rr(a, W32, d, r);
      gpr_finish(G, n, d);
      return true;
    case IR_CheckNotHole:
      r = gpr_in(G, in0, S0);
      asm_test_rr(a, W64, r, r);
      asm_jcc(a, COND_E, deopt_label(G, n));
      if (n->rep != IR_REP_NONE) {
        d = gpr_out(G, n, S0);
        if (d != r) asm_mov_rr(a, W64, d, r);
        gpr_finish(G, n, d);
      }
      return true;
    case IR_CheckBit:
      r = gpr_in(G, in0, S0);
      asm_test_rr(a, W32, r, r);
      asm_jcc(a, COND_E, deopt_label(G, n));
      return true;
    case IR_CheckEpoch: {
      int which = (int)(n->aux.i >> 32);
      int32_t value = (int32_t)(uint32_t)n->aux.i;
      int32_t off = which ? (int32_t)offsetof(Runtime, global_epoch) : (int32_t)offsetof(Runtime, proto_epoch);
      asm_cmp_mi(a, W32, asm_mem(OPT_RUNTIME_REG, off), value);
      asm_jcc(a, COND_NE, deopt_label(G, n));
      return true;
    }
    case IR_CheckCell: {
      bool store = (n->aux.i >> 62) & 1;
      load_literal(G, S0, (uint32_t)(n->aux.i & 0xFFFFFFFF));
      asm_mov_rm(a, W32, S1, asm_mem(S0, (int32_t)offsetof(PropertyCell, details)));
      asm_test_ri(a, W32, S1, (int32_t)(PROPERTY_CELL_INVALID | (uint32_t)PROPERTY_KIND_ACCESSOR << PROPERTY_KIND_SHIFT));
      asm_jcc(a, COND_NE, deopt_label(G, n));
      if (store) {
        asm_test_ri(a, W32, S1, PROPERTY_WRITABLE);
        asm_jcc(a, COND_E, deopt_label(G, n));
      }
      return true;
    }

    /* --- int32 --- */
    case IR_Int32AddOverflow:
    case IR_Int32SubOverflow:
    case IR_Int32MulOverflow:
    case IR_Int32Add:
    case IR_Int32And:
    case IR_Int32Or:
    case IR_Int32Xor: {
      r = gpr_in(G, in0, S0);
      if (r != S0) asm_mov_rr(a, W32, S0, r);
      s = gpr_in(G, in1, S1);
      switch ((IrOp)n->op) {
        case IR_Int32AddOverflow:
        case IR_Int32Add: asm_add_rr(a, W32, S0, s); break;
        case IR_Int32SubOverflow: asm_sub_rr(a, W32, S0, s); break;
        case IR_Int32MulOverflow: asm_imul_rr(a, W32, S0, s); break;
        case IR_Int32And: asm_and_rr(a, W32, S0, s); break;
        case IR_Int32Or: asm_or_rr(a, W32, S0, s); break;
        default: asm_xor_rr(a, W32, S0, s); break;
      }
      if (n->op == IR_Int32AddOverflow || n->op == IR_Int32SubOverflow || n->op == IR_Int32MulOverflow)
        asm_jcc(a, COND_O, deopt_label(G, n));
      if (n->op == IR_Int32MulOverflow) {   /* 0 from a negative operand is -0 */
        AsmLabel ok = asm_label_new(a);
        asm_test_rr(a, W32, S0, S0);
        asm_jcc(a, COND_NE, ok);
        r = gpr_in(G, in0, S1);
        if (r != S1) asm_mov_rr(a, W32, S1, r);
        asm_push_r(a, S0);
        s = gpr_in(G, in1, S0);
        asm_or_rr(a, W32, S1, s);
        asm_pop_r(a, S0);
        asm_jcc(a, COND_S, deopt_label(G, n));
        asm_bind(a, ok);
      }
      gpr_finish(G, n, S0);
      return true;
    }
    case IR_Int32Shl:
    case IR_Int32Sar:
    case IR_Int32Shr: {
      r = gpr_in(G, in0, S0);
      if (r != S0) asm_mov_rr(a, W32, S0, r);
      if (materialized(in1)) {
        uint8_t c = (uint8_t)(in1->aux.i & 31);
        if (in1->op == IR_Constant) c = (uint8_t)(constant_word(G, in1) & 31);
        if (n->op == IR_Int32Shl) asm_shl_ri(a, W32, S0, c);
        else if (n->op == IR_Int32Sar) asm_sar_ri(a, W32, S0, c);
        else asm_shr_ri(a, W32, S0, c);
      } else {
        asm_mov_rr(a, W64, S1, RCX);
        Location l1 = loc(G, in1);
        if (l1.kind == LOC_GPR) asm_mov_rr(a, W32, RCX, gpr_of[l1.index]);
        else asm_mov_rm(a, W32, RCX, slot_mem(l1.index));
        if (n->op == IR_Int32Shl) asm_shl_rc(a, W32, S0);
        else if (n->op == IR_Int32Sar) asm_sar_rc(a, W32, S0);
        else asm_shr_rc(a, W32, S0);
        asm_mov_rr(a, W64, RCX, S1);
      }
      if (n->op == IR_Int32Shr) {   /* an unsigned result: as a double */
        asm_mov_rr(a, W32, S0, S0);
        xd = fpr_out(G, n, FS0);
        asm_cvtsi2sd_xr(a, W64, xd, S0);
        fpr_finish(G, n, xd);
      } else {
        gpr_finish(G, n, S0);
      }
      return true;
    }
    case IR_Int32Equal:
    case IR_Int32LessThan:
    case IR_Int32LessThanOrEqual:
      r = gpr_in(G, in0, S0);
      s = gpr_in(G, in1, S1);
      asm_cmp_rr(a, W32, r, s);
      asm_setcc(a, n->op == IR_Int32Equal ? COND_E : n->op == IR_Int32LessThan ? COND_L : COND_LE, S0);
      asm_movzx_rr(a, W32, W8, S0, S0);
      gpr_finish(G, n, S0);
      return true;

    /* --- float64 --- */
    case IR_Float64Add:
    case IR_Float64Sub:
    case IR_Float64Mul:
    case IR_Float64Div:
      x = fpr_in(G, in0, FS0);
      if (x != FS0) asm_movsd_xx(a, FS0, x);
      y = fpr_in(G, in1, FS1);
      if (n->op == IR_Float64Add) asm_addsd_xx(a, FS0, y);
      else if (n->op == IR_Float64Sub) asm_subsd_xx(a, FS0, y);
      else if (n->op == IR_Float64Mul) asm_mulsd_xx(a, FS0, y);
      else asm_divsd_xx(a, FS0, y);
      fpr_finish(G, n, FS0);
      return true;
    case IR_Float64Mod: {
      x = fpr_in(G, in0, FS0);
      asm_movq_rx(a, W64, S0, x);
      y = fpr_in(G, in1, FS1);
      asm_movq_rx(a, W64, S1, y);
      X64Reg args[2] = {S0, S1};
      call_preserving(G, (const void *)helper_fmod, 2, args);
      xd = fpr_out(G, n, FS0);
      asm_movq_xr(a, W64, xd, S0);
      fpr_finish(G, n, xd);
      return true;
    }
    case IR_Float64Abs:
    case IR_Float64Sqrt:
      x = fpr_in(G, in0, FS0);
      xd = fpr_out(G, n, FS0);
      if (n->op == IR_Float64Sqrt) {
        asm_sqrtsd_xx(a, xd, x);
      } else {   /* clear the sign bit */
        asm_mov_ri(a, W64, S0, 0x7FFFFFFFFFFFFFFFll);
        asm_movq_xr(a, W64, FS1, S0);
        if (xd != x) asm_movsd_xx(a, xd, x);
        asm_andpd_xx(a, xd, FS1);
      }
      fpr_finish(G, n, xd);
      return true;
    case IR_Float64Round: {
      static const MathOp fallback[] = {MATH_OP_floor, MATH_OP_ceil, MATH_OP_trunc, MATH_OP_round};
      static const AsmRoundMode modes[] = {ASM_ROUND_DOWN, ASM_ROUND_UP, ASM_ROUND_TO_ZERO};
      uint32_t mode = (uint32_t)n->aux.i & 3;
      if (!has_sse41()) emit_math_call(G, n, fallback[mode]);
      else if (mode == IR_ROUND_JS) emit_js_round(G, n, in0);
      else {
        x = fpr_in(G, in0, FS0);
        xd = fpr_out(G, n, FS0);
        asm_roundsd_xx(a, xd, x, modes[mode]);
        fpr_finish(G, n, xd);
      }
      return true;
    }
    case IR_LoadTypedArrayLength:
      emit_typed_array_length(G, n);
      return true;
    case IR_LoadTypedElementInt32:
    case IR_LoadTypedElementFloat64:
      emit_typed_load(G, n);
      return true;
    case IR_StoreTypedElement:
      emit_typed_store(G, n);
      return true;
    case IR_Float64Min:
    case IR_Float64Max:
      emit_min_max(G, n, n->op == IR_Float64Max);
      return true;
    case IR_Float64Math:
      emit_math_call(G, n, (MathOp)n->aux.i);
      return true;
    case IR_Float64Equal:
    case IR_Float64LessThan:
    case IR_Float64LessThanOrEqual:
      x = fpr_in(G, in0, FS0);
      y = fpr_in(G, in1, FS1);
      if (n->op == IR_Float64Equal) {   /* ZF=1 and PF=0 */
        asm_ucomisd_xx(a, x, y);
        asm_setcc(a, COND_E, S0);
        asm_setcc(a, COND_NP, S1);
        asm_and_rr(a, W32, S0, S1);
      } else {   /* a < b  <=>  b > a, which is false when unordered */
        asm_ucomisd_xx(a, y, x);
        asm_setcc(a, n->op == IR_Float64LessThan ? COND_A : COND_AE, S0);
      }
      asm_movzx_rr(a, W32, W8, S0, S0);
      gpr_finish(G, n, S0);
      return true;
    case IR_Float64ToInt32: {
      x = fpr_in(G, in0, FS0);
      AsmLabel done = asm_label_new(a);
      asm_cvttsd2si_rx(a, W64, S0, x);
      asm_mov_ri(a, W64, S1, (int64_t)0x8000000000000000ull);
      asm_cmp_rr(a, W64, S0, S1);
      asm_jcc(a, COND_NE, done);   /* in range: the low half is ToInt32 */
      asm_movq_rx(a, W64, S0, x);
      X64Reg args[1] = {S0};
      call_preserving(G, (const void *)helper_to_int32, 1, args);
      asm_bind(a, done);
      asm_mov_rr(a, W32, S0, S0);
      gpr_finish(G, n, S0);
      return true;
    }

    /* --- conversions --- */
    case IR_Int32ToFloat64:
      r = gpr_in(G, in0, S0);
      xd = fpr_out(G, n, FS0);
      asm_cvtsi2sd_xr(a, W32, xd, r);
      fpr_finish(G, n, xd);
      return true;
    case IR_Int32ToTagged:
      r = gpr_in(G, in0, S0);
      if (r != S0) asm_mov_rr(a, W32, S0, r);
      tag_int32(G, S0);
      gpr_finish(G, n, S0);
      return true;
    case IR_Float64ToTagged: {   /* as value_from_number: an int32 when exact (not -0), else a double */
      x = fpr_in(G, in0, FS0);
      AsmLabel as_double = asm_label_new(a), ok = asm_label_new(a), done = asm_label_new(a);
      asm_movq_rx(a, W64, S0, x);
      asm_cvttsd2si_rx(a, W32, S1, x);
      asm_cvtsi2sd_xr(a, W32, FS1, S1);
      asm_ucomisd_xx(a, FS1, x);
      asm_jcc(a, COND_NE, as_double);
      asm_jcc(a, COND_P, as_double);
      asm_test_rr(a, W32, S1, S1);
      AsmLabel is_int = asm_label_new(a);
      asm_jcc(a, COND_NE, is_int);
      asm_test_rr(a, W64, S0, S0);   /* zero: -0 stays a double */
      asm_jcc(a, COND_S, as_double);
      asm_bind(a, is_int);
      asm_mov_rr(a, W32, S0, S1);
      tag_int32(G, S0);
      asm_jmp(a, done);
      asm_bind(a, as_double);
      asm_ucomisd_xx(a, x, x);
      asm_jcc(a, COND_NP, ok);
      asm_mov_ri(a, W64, S0, (int64_t)VALUE_CANONICAL_NAN_BITS);
      asm_bind(a, ok);
      asm_mov_ri(a, W64, S1, (int64_t)VALUE_DOUBLE_OFFSET);
      asm_add_rr(a, W64, S0, S1);
      asm_bind(a, done);
      gpr_finish(G, n, S0);
      return true;
    }
    case IR_BitToTagged:
      r = gpr_in(G, in0, S0);
      if (r != S0) asm_mov_rr(a, W32, S0, r);
      asm_or_ri(a, W32, S0, (int32_t)VALUE_FALSE);   /* false 6, true 7 */
      gpr_finish(G, n, S0);
      return true;
    case IR_TaggedEqual:
      r = gpr_in(G, in0, S0);
      s = gpr_in(G, in1, S1);
      asm_cmp_rr(a, W64, r, s);
      asm_setcc(a, COND_E, S0);
      asm_movzx_rr(a, W32, W8, S0, S0);
      gpr_finish(G, n, S0);
      return true;
    case IR_ToBoolean: {
      r = gpr_in(G, in0, S0);
      AsmLabel done = asm_label_new(a), slow = asm_label_new(a);
      if (r != S0) asm_mov_rr(a, W64, S0, r);
      asm_cmp_ri(a, W64, S0, (int32_t)VALUE_TRUE);
      asm_jcc(a, COND_NE, slow);
      asm_mov_ri(a, W32, S0, 1);
      asm_jmp(a, done);
      asm_bind(a, slow);
      X64Reg args[1] = {S0};
      call_preserving(G, (const void *)helper_to_boolean, 1, args);
      asm_bind(a, done);
      gpr_finish(G, n, S0);
      return true;
    }
    case IR_BitNot:
      r = gpr_in(G, in0, S0);
      if (r != S0) asm_mov_rr(a, W32, S0, r);
      asm_xor_ri(a, W32, S0, 1);
      gpr_finish(G, n, S0);
      return true;
    case IR_BitOr:
      r = gpr_in(G, in0, S0);
      if (r != S0) asm_mov_rr(a, W32, S0, r);
      s = gpr_in(G, in1, S1);
      asm_or_rr(a, W32, S0, s);
      gpr_finish(G, n, S0);
      return true;

    /* --- memory --- */
    case IR_LoadField: load_word(G, n, 8 * (int32_t)n->aux.i, W64); return true;
    case IR_LoadOverflowField:
      r = gpr_in(G, in0, S0);
      asm_mov_rm(a, W64, S1, asm_mem(r, (int32_t)offsetof(JSObject, properties)));
      d = gpr_out(G, n, S0);
      asm_mov_rm(a, W64, d, asm_mem(S1, (int32_t)offsetof(FixedArray, data) + 8 * (int32_t)n->aux.i));
      gpr_finish(G, n, d);
      return true;
    case IR_LoadElements: load_word(G, n, (int32_t)offsetof(JSObject, elements), W64); return true;
    case IR_LoadArrayLength: load_word(G, n, (int32_t)offsetof(JSArray, length), W64); return true;
    case IR_LoadElementsLength: load_word(G, n, (int32_t)offsetof(FixedArray, length), W32); return true;
    case IR_LoadElement:
      r = gpr_in(G, in0, S0);
      s = gpr_in(G, in1, S1);
      d = gpr_out(G, n, S0);
      asm_mov_rm(a, W64, d, asm_mem_index(r, s, 8, (int32_t)offsetof(FixedArray, data)));
      gpr_finish(G, n, d);
      return true;
    case IR_LoadDoubleElement:
      r = gpr_in(G, in0, S0);
      s = gpr_in(G, in1, S1);
      asm_mov_rm(a, W64, S0, asm_mem_index(r, s, 8, (int32_t)offsetof(FixedDoubleArray, bits)));
      asm_mov_ri(a, W64, S1, (int64_t)VALUE_HOLE_NAN_BITS);
      asm_cmp_rr(a, W64, S0, S1);
      asm_jcc(a, COND_E, deopt_label(G, n));
      xd = fpr_out(G, n, FS0);
      asm_movq_xr(a, W64, xd, S0);
      fpr_finish(G, n, xd);
      return true;
    case IR_LoadCell:
      load_literal(G, S1, (uint32_t)n->aux.i);
      d = gpr_out(G, n, S0);
      asm_mov_rm(a, W64, d, asm_mem(S1, (int32_t)offsetof(PropertyCell, value)));
      gpr_finish(G, n, d);
      return true;
    case IR_LoadContextSlot:
      load_word(G, n, (int32_t)offsetof(FixedArray, data) + 8 * (int32_t)n->aux.i, W64);
      return true;

    /* --- stores (the value is tagged unless said otherwise) --- */
    case IR_StoreField:
    case IR_StoreOverflowField:
    case IR_StoreContextSlot:
    case IR_StoreCell:
    case IR_StoreElement: {
      /* The value must be in a register other than the scratch ones, which
       * hold the host (S0) and the slot address (S1): borrow one (saved on
       * the machine stack) when the value is a constant or spilled. */
      const IrNode *val = n->op == IR_StoreCell ? in0 : n->op == IR_StoreElement ? n->inputs[2] : in1;
      const IrNode *host = n->op == IR_StoreCell ? NULL : in0;
      Location lv = loc(G, val), lh = host ? loc(G, host) : (Location){LOC_NONE, 0};
      X64Reg v;
      bool borrowed = materialized(val) || lv.kind != LOC_GPR;
      if (borrowed) {
        v = lh.kind == LOC_GPR && gpr_of[lh.index] == RAX ? RCX : RAX;
        if (n->op == IR_StoreElement && loc(G, in1).kind == LOC_GPR && gpr_of[loc(G, in1).index] == v) v = RDX;
        if (n->op == IR_StoreElement && lh.kind == LOC_GPR && gpr_of[lh.index] == v) v = RBX;
        asm_push_r(a, v);
        asm_sub_ri(a, W64, RSP, 8);   /* keep rsp 16-aligned for the barrier's call */
        if (materialized(val)) load_constant(G, val, v);
        else asm_mov_rm(a, W64, v, slot_mem(lv.index));
      } else {
        v = gpr_of[lv.index];
      }
      if (n->op == IR_StoreCell) {
        load_literal(G, S0, (uint32_t)n->aux.i);
        asm_lea(a, W64, S1, asm_mem(S0, (int32_t)offsetof(PropertyCell, value)));
      } else {
        r = gpr_in(G, host, S0);
        if (r != S0) asm_mov_rr(a, W64, S0, r);
        if (n->op == IR_StoreOverflowField)
          asm_mov_rm(a, W64, S0, asm_mem(S0, (int32_t)offsetof(JSObject, properties)));
        if (n->op == IR_StoreElement) {
          X64Reg idx = gpr_in(G, in1, S1);
          asm_lea(a, W64, S1, asm_mem_index(S0, idx, 8, (int32_t)offsetof(FixedArray, data)));
        } else {
          int32_t off = n->op == IR_StoreField ? 8 * (int32_t)n->aux.i
                                               : (int32_t)offsetof(FixedArray, data) + 8 * (int32_t)n->aux.i;
          asm_lea(a, W64, S1, asm_mem(S0, off));
        }
      }
      asm_mov_mr(a, W64, asm_mem(S1, 0), v);
      barrier(G, v);
      if (borrowed) {
        asm_add_ri(a, W64, RSP, 8);
        asm_pop_r(a, v);
      }
      return true;
    }
    case IR_StoreDoubleElement:
      r = gpr_in(G, in0, S0);
      s = gpr_in(G, in1, S1);
      x = fpr_in(G, n->inputs[2], FS0);
      asm_movsd_mx(a, asm_mem_index(r, s, 8, (int32_t)offsetof(FixedDoubleArray, bits)), x);
      return true;
    case IR_StoreMap:   /* maps live in old space: no barrier needed */
      r = gpr_in(G, in0, S0);
      if (r != S0) asm_mov_rr(a, W64, S0, r);
      load_literal(G, S1, (uint32_t)n->aux.i);
      asm_mov_mr(a, W64, asm_mem(S0, 0), S1);
      return true;
    case IR_Call:
      call_out(G, n, (const void *)opt_call, n->input_count, 0, true);
      gpr_finish(G, n, RAX);
      return true;
    case IR_Construct:
      call_out(G, n, (const void *)opt_construct, n->input_count, 0, true);
      gpr_finish(G, n, RAX);
      return true;
    case IR_Generic: {
      AsmLabel done = asm_label_new(a);
      if (n->aux.i & GENERIC_STRING_CHAR) emit_string_char(G, n, done);
      call_out(G, n, (const void *)opt_generic, (uint64_t)n->aux.i, n->input_count, true);
      /* opt_generic(rt, op, count): imm1 is the op, imm2 the count */
      gpr_finish(G, n, RAX);
      asm_bind(a, done);
      return true;
    }
    default:   /* every op is handled: only a corrupt node gets here */
      G->reason = n->op < IR_OP_COUNT ? ir_op_names[n->op] : "unknown operation";
      return false;
  }
}

/* --- blocks and the whole function ------------------------------------------------------- */
/* Emits the edge from block b to target: phi moves, then the jump (omitted
 * when target is next). */
static void emit_edge(Gen *G, IrBlock *b, IrBlock *target, bool fallthrough_ok) {
  if (has_phis(target)) phi_moves(G, target, pred_index(target, b));
  if (!(fallthrough_ok && target->id == b->id + 1)) asm_jmp(&G->a, G->block_label[target->id]);
}

static bool emit_terminator(Gen *G, IrBlock *b, IrNode *t) {
  Assembler *a = &G->a;
  switch ((IrOp)t->op) {
    case IR_Goto:
      emit_edge(G, b, b->succs[0], true);
      return true;
    case IR_Branch: {
      X64Reg r = gpr_in(G, t->inputs[0], S0);
      asm_test_rr(a, W32, r, r);
      IrBlock *yes = b->succs[0], *no = b->succs[1];
      if (!has_phis(yes) && !has_phis(no)) {
        asm_jcc(a, COND_NE, G->block_label[yes->id]);
        if (no->id != b->id + 1) asm_jmp(a, G->block_label[no->id]);
        return true;
      }
      AsmLabel to_yes = asm_label_new(a);
      asm_jcc(a, COND_NE, to_yes);
      emit_edge(G, b, no, false);
      asm_bind(a, to_yes);
      emit_edge(G, b, yes, false);
      return true;
    }
    case IR_Throw:
      call_out(G, t, (const void *)opt_throw, 1, 0, true);
      asm_jmp(a, G->exception_exit);
      return true;
    case IR_Return: {
      X64Reg r = gpr_in(G, t->inputs[0], S0);
      asm_mov_rr(a, W64, RAX, r);
      asm_mov_rr(a, W64, RSP, RBP);
      asm_pop_r(a, RBP);
      asm_ret(a, 0);
      return true;
    }
    default:
      G->reason = ir_op_names[t->op];
      return false;
  }
}

bool codegen_generate(IrGraph *g, const RegAlloc *ra, CodegenResult *out, const char **reason) {
  Gen G;
  memset(&G, 0, sizeof G);
  memset(out, 0, sizeof *out);
  G.g = g;
  G.ra = ra;
  asm_init(&G.a);
  Assembler *a = &G.a;
  G.block_label = ir_alloc(g, sizeof(AsmLabel) * (g->block_count + 1));
  G.safepoints = calloc(1, sizeof *G.safepoints);
  if (!G.block_label || !G.safepoints) goto oom;
  safepoints_init(G.safepoints, ra->slot_count);
  G.exception_exit = asm_label_new(a);
  for (uint32_t i = 0; i < g->block_count; i++) G.block_label[i] = asm_label_new(a);
  /* Prologue: the frame of the issue-4 convention. */
  G.frame_bytes = opt_frame_size(ra->slot_count);
  asm_push_r(a, RBP);
  asm_mov_rr(a, W64, RBP, RSP);
  asm_sub_ri(a, W64, RSP, (int32_t)G.frame_bytes);
  asm_mov_mr(a, W64, asm_mem(RBP, OPT_FRAME_FUNCTION), RDI);
  asm_mov_mr(a, W64, asm_mem(RBP, OPT_FRAME_ARGS), RSI);
  asm_mov_rr(a, W32, S0, RDX);   /* argc, as an int32 value (frames.h) */
  tag_int32(&G, S0);
  asm_mov_mr(a, W64, asm_mem(RBP, OPT_FRAME_ARGC), S0);
  asm_mov_mr(a, W64, asm_mem(RBP, OPT_FRAME_NEW_TARGET), RCX);
  for (uint32_t i = 0; i < g->block_count; i++) {
    IrBlock *b = g->blocks[i];
    asm_bind(a, G.block_label[i]);
    if (i && !b->pred_count) {   /* unreachable */
      asm_ud2(a);
      continue;
    }
    for (uint32_t k = 0; k < b->sched_count; k++) {
      IrNode *n = b->sched[k];
      bool terminator = n->op == IR_Goto || n->op == IR_Branch || n->op == IR_Return || n->op == IR_Throw ||
                        n->op == IR_Deoptimize;
      if (!(terminator ? emit_terminator(&G, b, n) : emit_node(&G, b, n))) {
        *reason = G.reason;
        out->safepoints = G.safepoints;
        codegen_result_free(out);
        asm_free(a);
        return false;
      }
    }
  }
  /* The exception exit: return VALUE_EMPTY to the caller (the exception is pending). */
  asm_bind(a, G.exception_exit);
  asm_xor_rr(a, W32, RAX, RAX);
  asm_mov_rr(a, W64, RSP, RBP);
  asm_pop_r(a, RBP);
  asm_ret(a, 0);
  emit_deopt_exits(&G);
  out->spill_slots = ra->slot_count;
  out->safepoints = G.safepoints;
  out->deopts = G.deopts;
  out->deopt_count = G.deopt_count;
  if (a->reloc_count) {
    out->relocs = malloc(sizeof(AsmReloc) * a->reloc_count);
    if (!out->relocs) goto oom;
    memcpy(out->relocs, a->relocs, sizeof(AsmReloc) * a->reloc_count);
    out->reloc_count = a->reloc_count;
  }
  if (!asm_finish(a, &out->code, &out->size)) goto oom;
  asm_free(a);
  return true;
oom:
  *reason = "out of memory";
  out->safepoints = G.safepoints;
  codegen_result_free(out);
  asm_free(a);
  return false;
}

void codegen_print_code(Runtime *rt, rd_value c, FILE *f) {
  (void)rt;
  const Code *code = (const Code *)value_to_ptr(c);
  fprintf(f, "--- optimized code: %u bytes, %u spill slots ---\n", code->instruction_size, code->frame_slots);
  codegen_disassemble(code->instructions, code->instruction_size, (uint64_t)(uintptr_t)code->instructions, f);
  if (value_has_type(code->deopt_data, TYPE_FIXED_ARRAY)) deopt_data_print(f, code->deopt_data);
}

void codegen_result_free(CodegenResult *r) {
  free(r->code);
  free(r->relocs);
  if (r->safepoints) {
    safepoints_free(r->safepoints);
    free(r->safepoints);
  }
  r->code = NULL;
  r->relocs = NULL;
  r->safepoints = NULL;
}
