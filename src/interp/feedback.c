/*
 * feedback.c - feedback vectors (DESIGN 5): what the interpreter learns
 * per bytecode site for the optimizing compiler. A FeedbackVector is a
 * FixedArray-shaped object (map ROOT feedback_vector_map) of
 * FEEDBACK_SLOT_WORDS words per slot; docs/interpreter.md gives the layout
 * of each kind of slot.
 *
 * Invariant: recording never allocates (stores go through the write
 * barrier), so it may happen anywhere in the dispatch loop.
 */
#include "interp/interp_ops.h"

#include "objects/factory.h"

rd_value feedback_vector_new(Runtime *rt, uint32_t slots) {
  rd_value v = factory_fixed_array_with_map(rt, ROOT_SLOT(rt, feedback_vector_map),
                                            feedback_slot_index(slots), value_from_int32(0), ALLOC_OLD);
  if (!v) return VALUE_EMPTY;
  FixedArray *a = FIXED_ARRAY(v);
  a->data[FV_OPTIMIZED_CODE] = VALUE_UNDEFINED;
  a->data[FV_BUDGET] = value_from_int32(FEEDBACK_BUDGET);
  return v;
}

void feedback_budget_exhausted(Runtime *rt, rd_value *fp) {
  (void)rt;
  rd_value fv = fp[FRAME_FEEDBACK];
  if (!value_has_type(fv, TYPE_FEEDBACK_VECTOR)) return;
  FixedArray *a = FIXED_ARRAY(fv);
  int32_t ticks = value_to_int32(a->data[FV_PROFILER_TICKS]);
  if (ticks < INT32_MAX) a->data[FV_PROFILER_TICKS] = value_from_int32(ticks + 1);
  a->data[FV_BUDGET] = value_from_int32(FEEDBACK_BUDGET);
}


void feedback_record_call(rd_value vector, uint32_t slot, rd_value target) {
  if (!value_has_type(vector, TYPE_FEEDBACK_VECTOR) || slot == FEEDBACK_NO_SLOT) return;
  FixedArray *fv = FIXED_ARRAY(vector);
  rd_value *w = &fv->data[feedback_slot_index(slot)];
  if (*w == value_from_int32(0)) HEAP_STORE(fv, *w, target);       /* uninitialized -> monomorphic */
  else if (*w != target) *w = FEEDBACK_MEGAMORPHIC;
  int32_t count = value_to_int32(w[1]);
  if (count < INT32_MAX) w[1] = value_from_int32(count + 1);
}
