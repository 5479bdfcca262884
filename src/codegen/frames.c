/*
 * frames.c - the walk over optimized and entry frames (frames.h), their GC
 * roots, and C -> optimized code calls through the entry stub.
 *
 * Invariant: the walk only reads the machine stack (never allocates), so a
 * GC may run it; the slots it hands the GC are updated in place, which is
 * how optimized code sees moved objects after a safepoint.
 */
#include "codegen/frames.h"

#include "interp/interp_ops.h"
#include "interp/interpreter.h"

/* --- the walk ---------------------------------------------------------------------------------- */
/* Skips entry frames: continues from the exit they saved, or ends. */
static void settle(FrameIterator *it, uintptr_t fp, uintptr_t pc) {
  while (fp && *(rd_value *)(fp + ENTRY_FRAME_MARKER_OFFSET) == ENTRY_FRAME_MARKER) {
    pc = *(uintptr_t *)(fp + ENTRY_FRAME_SAVED_EXIT_PC);
    fp = *(uintptr_t *)(fp + ENTRY_FRAME_SAVED_EXIT_FP);
  }
  it->done = fp == 0;
  it->frame.fp = fp;
  it->frame.pc = pc;
  it->frame.code = fp ? code_lookup_pc(it->rt, pc) : NULL;
}

void frame_iterator_init(FrameIterator *it, Runtime *rt) {
  it->rt = rt;
  settle(it, rt->exit_fp, rt->exit_pc);
}

void frame_iterator_next(FrameIterator *it) {
  if (it->done) return;
  uintptr_t fp = it->frame.fp;
  settle(it, *(uintptr_t *)(fp + FRAME_OFFSET_CALLER_FP), *(uintptr_t *)(fp + FRAME_OFFSET_RETURN_PC));
}

bool frames_topmost_is_optimized(Runtime *rt) {
  FrameIterator it;
  frame_iterator_init(&it, rt);
  if (it.done) return false;
  return rt->fp == NULL || (uintptr_t)opt_frame_args(&it.frame) > (uintptr_t)rt->fp;
}

/* --- lazy deoptimization ------------------------------------------------------------------- */
void frames_deoptimize_activations(Runtime *rt, rd_value code) {
  if (!rt->lazy_deopt_entry) return;
  FrameIterator it;
  for (frame_iterator_init(&it, rt); !it.done; frame_iterator_next(&it)) {
    if (!it.frame.code || value_from_ptr(it.frame.code) != code) continue;
    /* The frame's pc (kept in rt->exit_pc or an entry frame, which the walk
     * and the lazy entry read) stays; only the return itself is redirected. */
    uintptr_t *ret = (uintptr_t *)(it.frame.fp - opt_frame_size(it.frame.code->frame_slots) - 8);
    if (*ret == it.frame.pc) *ret = (uintptr_t)rt->lazy_deopt_entry;
    else CHECK(*ret == (uintptr_t)rt->lazy_deopt_entry);
  }
}

/* --- GC roots ----------------------------------------------------------------------------------- */
void frames_visit_roots(Runtime *rt, RootVisitor *v) {
  FrameIterator it;
  for (frame_iterator_init(&it, rt); !it.done; frame_iterator_next(&it)) {
    OptFrame *f = &it.frame;
    v->visit(v, opt_frame_slot(f, OPT_FRAME_FUNCTION), opt_frame_slot(f, OPT_FRAME_FUNCTION) + 1);
    v->visit(v, opt_frame_slot(f, OPT_FRAME_NEW_TARGET), opt_frame_slot(f, OPT_FRAME_NEW_TARGET) + 1);
    Code *c = f->code;
    if (!c || c->kind != CODE_KIND_OPTIMIZED) FATAL("optimized frame at pc %p in no optimized code", (void *)f->pc);
    rd_value keep = value_from_ptr(c);   /* code never moves: the update is a no-op */
    v->visit(v, &keep, &keep + 1);
    const uint8_t *bits = code_safepoint_lookup(c, (uint32_t)(f->pc - (uintptr_t)c->instructions));
    if (!bits && c->frame_slots)
      FATAL("no safepoint for pc offset %u", (unsigned)(f->pc - (uintptr_t)c->instructions));
    if (!bits) continue;
    for (uint32_t i = 0; i < c->frame_slots; i++) {
      if (!safepoint_slot_is_tagged(bits, i)) continue;
      rd_value *slot = opt_frame_slot(f, opt_frame_spill_offset(i));
      v->visit(v, slot, slot + 1);
    }
  }
}

/* --- calls ------------------------------------------------------------------------------------------ */
rd_value code_call_raw(Runtime *rt, rd_value code, rd_value *args, uint32_t argc, rd_value new_target) {
  rd_value stub = ROOT(rt, entry_stub);
  CHECK(value_has_type(stub, TYPE_CODE));
  EntryStubFn fn = (EntryStubFn)(void *)CODE(stub)->instructions;
  return fn(rt, args, argc, new_target, CODE(code)->instructions);
}

rd_value code_call(Runtime *rt, Handle fn, rd_value *args, uint32_t argc, rd_value new_target) {
  rd_value fv = ((JSFunction *)value_to_ptr(*fn))->feedback;
  CHECK(value_has_type(fv, TYPE_FEEDBACK_VECTOR));
  rd_value code = FIXED_ARRAY(fv)->data[FV_OPTIMIZED_CODE];
  CHECK(value_has_type(code, TYPE_CODE));
  return code_call_raw(rt, code, args, argc, new_target);
}
