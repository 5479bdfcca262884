/*
 * compiler.c - the optimizing compiler's driver (DESIGN 6): bytecode and
 * feedback -> graph -> reductions -> schedule -> registers -> x86-64 ->
 * a Code object with its deoptimization data.
 *
 * The deopt data gets one translation per deopt exit, made from the exit's
 * frame state and the locations the register allocator gave its values:
 * a register (general, or xmm for float64), a spill slot, a literal (for
 * constants and dead values), or the incoming parameter itself.
 *
 * Invariant: everything the graph refers to (constants, maps, cells,
 * shared infos) lives in its literal FixedArray, which becomes the Code's
 * constants, so the machine code embeds no heap pointer.
 */
#include "codegen/tiers.h"

#include <stdlib.h>

#include "base/flags.h"
#include "codegen/code.h"
#include "codegen/x64/codegen.h"
#include "codegen/x64/disasm.h"
#include "compiler/graph_builder.h"
#include "compiler/optimize.h"
#include "deopt/deoptimizer.h"
#include "objects/factory.h"
#include "objects/string.h"

/* The translation representation of a node's value. */
static TranslationRepr repr_of(const IrNode *n) {
  switch ((IrRep)n->rep) {
    case IR_REP_INT32: return REPR_INT32;
    case IR_REP_FLOAT64: return REPR_FLOAT64;
    case IR_REP_BIT: return REPR_BOOL;
    default: return REPR_TAGGED;
  }
}

/* The tagged value of a constant node, for a LITERAL. */
static rd_value constant_value(const IrGraph *g, const IrNode *n) {
  if (n->op == IR_Int32Constant) return value_from_int32((int32_t)n->aux.i);
  if (n->op == IR_Float64Constant) return value_from_number(n->aux.f64);
  return ir_literal_value(g, (uint32_t)n->aux.i);
}

/* Appends the translation entry for value v (NULL: optimized out). */
static bool translate_value(Runtime *rt, const IrGraph *g, const RegAlloc *ra, TranslationBuilder *tb,
                            DeoptLiterals *lits, const IrNode *v) {
  if (!v || v->op == IR_Int32Constant || v->op == IR_Float64Constant || v->op == IR_Constant) {
    HANDLE_SCOPE(rt);
    Handle h = handle_new(rt, v ? constant_value(g, v) : VALUE_UNDEFINED);
    int64_t k = deopt_literals_add(rt, lits, h);
    if (k < 0) return false;
    translation_literal(tb, (uint32_t)k);
    return true;
  }
  Location l = ra->loc[v->id];
  switch (l.kind) {
    case LOC_GPR: translation_register(tb, codegen_gpr_number(l.index), repr_of(v)); return true;
    case LOC_FPR: translation_register(tb, l.index, REPR_FLOAT64); return true;
    case LOC_SLOT: translation_stack_slot(tb, (int32_t)l.index, repr_of(v)); return true;
    default: return false;
  }
}

/* The deoptimization data of the generated code. */
static rd_value deopt_data(Runtime *rt, IrGraph *g, const RegAlloc *ra, const CodegenResult *cg) {
  HANDLE_SCOPE(rt);
  DeoptLiterals lits;
  if (!deopt_literals_init(rt, &lits)) return VALUE_EMPTY;
  TranslationBuilder tb;
  translation_builder_init(&tb);
  DeoptPoint *points = calloc(cg->deopt_count + 1, sizeof *points);
  bool ok = points != NULL;
  for (uint32_t i = 0; ok && i < cg->deopt_count; i++) {
    const CodegenDeopt *d = &cg->deopts[i];
    const IrFrameState *chain[IR_MAX_FRAMES];
    uint32_t frames = 0;
    for (const IrFrameState *fs = d->frame_state; fs; fs = fs->outer) {
      CHECK(frames < IR_MAX_FRAMES);
      chain[frames++] = fs;
    }
    points[i].bytecode_offset = d->frame_state->bytecode_offset;
    points[i].translation_index = translation_begin(&tb, frames, 0);
    points[i].kind = d->call_site ? DEOPT_KIND_LAZY : DEOPT_KIND_EAGER;
    points[i].reason = d->reason;
    points[i].pc_offset = (int32_t)d->pc;
    /* Outermost frame first: the function compiled, then the inlined callees. */
    for (uint32_t f = frames; ok && f-- > 0;) {
      const IrFrameState *fs = chain[f];
      HANDLE_SCOPE(rt);
      Handle shared = handle_new(rt, ir_literal_value(g, fs->sfi));
      int64_t sfi_lit = deopt_literals_add(rt, &lits, shared);
      if (sfi_lit < 0) {
        ok = false;
        break;
      }
      translation_interpreted_frame(&tb, (uint32_t)sfi_lit, fs->bytecode_offset, fs->register_count, fs->argc1);
      if (fs->argc1) {   /* an inlined frame's function: the closure its call was guarded against */
        Handle fn = handle_new(rt, ir_literal_value(g, fs->function));
        int64_t k = deopt_literals_add(rt, &lits, fn);
        if (k < 0) {
          ok = false;
          break;
        }
        translation_literal(&tb, (uint32_t)k);
      } else {
        translation_stack_slot(&tb, -4, REPR_TAGGED);   /* the optimized frame's function */
      }
      /* An incoming parameter is read where the caller put it, whichever frame uses it. */
      for (uint32_t p = 0; ok && p < fs->parameter_count; p++) {
        const IrNode *v = fs->values[p];
        if (v && v->op == IR_Parameter) translation_parameter(&tb, (uint32_t)v->aux.i);
        else ok = translate_value(rt, g, ra, &tb, &lits, v);
      }
      uint32_t rest = 1 + fs->register_count + 1;   /* context, registers, accumulator */
      for (uint32_t k = 0; ok && k < rest; k++)
        ok = translate_value(rt, g, ra, &tb, &lits, fs->values[fs->parameter_count + k]);
    }
  }
  rd_value data = VALUE_EMPTY;
  if (ok) {
    Handle tr = handle_new(rt, translation_builder_finish(rt, &tb));
    Handle lt = handle_new(rt, deopt_literals_finish(rt, &lits));
    if (*tr && *lt) data = deopt_data_new(rt, tr, lt, points, cg->deopt_count);
  }
  translation_builder_free(&tb);
  free(points);
  return data;
}

rd_value compiler_compile(Runtime *rt, Handle function, const char **reason) {
  HANDLE_SCOPE(rt);
  rd_value result = VALUE_EMPTY;
  IrGraph g;
  ir_graph_init(&g, rt);
  RegAlloc ra;
  CodegenResult cg = {0};
  Handle sfi = handle_new(rt, ((JSFunction *)value_to_ptr(*function))->shared);
  if (!graph_build(&g, function, reason)) goto done;
  optimize_graph(&g);
  if (!schedule_graph(&g) || !regalloc_run(&g, &codegen_regalloc_config, &ra)) {
    *reason = "out of memory";
    goto done;
  }
  if (FLAG_print_ir) {
    char *name = string_to_utf8(((SharedFunctionInfo *)value_to_ptr(*sfi))->name, NULL);
    ir_print(&g, name && *name ? name : "<anonymous>", stdout);
    free(name);
  }
  if (!codegen_generate(&g, &ra, &cg, reason)) goto done;
  Handle data = handle_new(rt, deopt_data(rt, &g, &ra, &cg));
  if (!*data) {
    *reason = "out of memory";
    goto done;
  }
  /* The literals become the Code's constants (trimmed to their count). */
  Handle constants = handle_new(rt, factory_fixed_array(rt, g.literal_count, VALUE_UNDEFINED, ALLOC_OLD));
  if (!*constants) {
    *reason = "out of memory";
    goto done;
  }
  for (uint32_t i = 0; i < g.literal_count; i++)
    HEAP_STORE(value_to_ptr(*constants), FIXED_ARRAY(*constants)->data[i], ir_literal_value(&g, i));
  CodeDesc desc = {CODE_KIND_OPTIMIZED, cg.code, (uint32_t)cg.size, cg.spill_slots, cg.safepoints, sfi, data, constants};
  result = code_new(rt, &desc);
  if (!result) *reason = "out of memory";
  else if (FLAG_print_code) codegen_print_code(rt, result, stdout);
done:
  codegen_result_free(&cg);
  ir_graph_free(&g);
  if (!result) runtime_clear_exception(rt);   /* a refusal, not an error */
  return result;
}
