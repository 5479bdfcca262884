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
  return factory_fixed_array_with_map(rt, ROOT_SLOT(rt, feedback_vector_map),
                                      slots * FEEDBACK_SLOT_WORDS, value_from_int32(0), ALLOC_OLD);
}


void feedback_record_call(rd_value vector, uint32_t slot, rd_value target) {
  if (!value_has_type(vector, TYPE_FEEDBACK_VECTOR) || slot == FEEDBACK_NO_SLOT) return;
  FixedArray *fv = FIXED_ARRAY(vector);
  rd_value *w = &fv->data[slot * FEEDBACK_SLOT_WORDS];
  if (*w == value_from_int32(0)) HEAP_STORE(fv, *w, target);       /* uninitialized -> monomorphic */
  else if (*w != target) *w = FEEDBACK_MEGAMORPHIC;
  int32_t count = value_to_int32(w[1]);
  if (count < INT32_MAX) w[1] = value_from_int32(count + 1);
}
