/*
 * feedback.c - feedback vectors (DESIGN 5): what the interpreter learns
 * per bytecode site for the optimizing compiler. A FeedbackVector is a
 * FixedArray-shaped object (map ROOT feedback_vector_map) of
 * FEEDBACK_SLOT_WORDS words per slot; docs/interpreter.md gives the layout
 * of each kind of slot.
 *
 * The vector's last word (after the slots) is the tiering decision's
 * memory: an int32 hash of the slots' state words at the last profiler
 * tick (docs/tiers.md).
 *
 * Invariant: recording never allocates (stores go through the write
 * barrier), so it may happen anywhere in the dispatch loop.
 */
#include "interp/interp_ops.h"

#include "codegen/tiers.h"
#include "objects/factory.h"

rd_value feedback_vector_new(Runtime *rt, uint32_t slots) {
  rd_value v = factory_fixed_array_with_map(rt, ROOT_SLOT(rt, feedback_vector_map),
                                            feedback_slot_index(slots) + 1, value_from_int32(0), ALLOC_OLD);
  if (!v) return VALUE_EMPTY;
  FixedArray *a = FIXED_ARRAY(v);
  a->data[FV_OPTIMIZED_CODE] = VALUE_UNDEFINED;
  a->data[FV_BUDGET] = value_from_int32(FEEDBACK_BUDGET);
  return v;
}

/* A hash of the state word (word 0) of every slot: it changes when an IC or
 * call site changes state (and, harmlessly, when a GC moves a map). */
static int32_t feedback_state_hash(const FixedArray *a) {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  uint32_t end = (uint32_t)value_to_int32(a->length) - 1;
  for (uint32_t i = FEEDBACK_HEADER_WORDS; i < end; i += FEEDBACK_SLOT_WORDS) {
    h ^= a->data[i];
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 29;
  }
  return (int32_t)(h & 0x7FFFFFFF);
}

/* Tiering policy (docs/tiers.md): a function is marked for optimization
 * (compiled on its next call) when its budget has run out at least
 * TIERS_TICKS_FOR_OPTIMIZATION times and no feedback slot changed state
 * since the previous tick. */
void feedback_budget_exhausted(Runtime *rt, rd_value *fp) {
  rd_value fv = fp[FRAME_FEEDBACK];
  if (!value_has_type(fv, TYPE_FEEDBACK_VECTOR)) return;
  FixedArray *a = FIXED_ARRAY(fv);
  int32_t ticks = value_to_int32(a->data[FV_PROFILER_TICKS]);
  if (ticks < INT32_MAX) a->data[FV_PROFILER_TICKS] = value_from_int32(++ticks);
  a->data[FV_BUDGET] = value_from_int32(FEEDBACK_BUDGET);
  rd_value *memory = &a->data[value_to_int32(a->length) - 1];
  rd_value hash = value_from_int32(feedback_state_hash(a));
  bool stable = *memory == hash;
  *memory = hash;
  rd_value fn = fp[FRAME_FUNCTION];
  if (!stable || ticks < TIERS_TICKS_FOR_OPTIMIZATION || !tiers_can_optimize(fn)) return;
  uint32_t flags = (uint32_t)value_to_int32(
      ((SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(fn))->shared))->flags);
  if (flags & (SFI_MARKED_FOR_OPTIMIZATION | SFI_OPTIMIZATION_DISABLED | SFI_SCRIPT)) return;
  if (tiers_live_code(fn)) return;
  tiers_mark_for_optimization(rt, fn, "hot and stable");
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
