/*
 * runtime.c - creating and destroying a runtime: the bootstrap of the
 * meta-map and every root, root visiting for the GC, persistent handles,
 * pending exceptions and the public heap API.
 *
 * Invariant: the bootstrap runs with GC stress off and creates objects in
 * an order in which every object's map exists before the object; once
 * rd_runtime_new returns, every root is a valid object.
 */
#include <stdlib.h>
#include <time.h>

#include "base/flags.h"
#include "objects/array_buffer.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "builtins/builtins.h"
#include "codegen/frames.h"
#include "deopt/deoptimizer.h"
#include "interp/interpreter.h"
#include "runtime/runtime.h"

/* --- bootstrap ------------------------------------------------------------------------------------ */
/* Allocates a map whose own map may not exist yet (patched by the caller). */
static Map *bootstrap_map(Runtime *rt, InstanceType type, uint32_t instance_size,
                          uint32_t body_start) {
  Map *m = (Map *)heap_allocate(&rt->heap, sizeof(Map), ALLOC_OLD);
  if (!m) return NULL;
  memset(m, 0, sizeof *m);
  m->map = rt->roots[ROOT_meta_map];
  m->instance_type = (uint16_t)type;
  m->instance_size = (uint16_t)instance_size;
  m->body_start = (uint8_t)body_start;
  m->bit_field = MAP_STABLE;
  m->prototype = VALUE_NULL;
  m->back_pointer = VALUE_UNDEFINED;
  m->descriptors = VALUE_UNDEFINED;   /* patched once the empty descriptor array exists */
  m->transitions = VALUE_UNDEFINED;
  m->dependent_code = VALUE_UNDEFINED;
  return m;
}

typedef struct {
  RootIndex root;
  InstanceType type;
  uint32_t size, body_start;
} MapSpec;

static const MapSpec internal_maps[] = {
    {ROOT_filler_map, TYPE_FILLER, 0, 8},
    {ROOT_free_space_map, TYPE_FREE_SPACE, 0, 8},
    {ROOT_fixed_array_map, TYPE_FIXED_ARRAY, 0, 8},
    {ROOT_descriptor_array_map, TYPE_DESCRIPTOR_ARRAY, 0, 8},
    {ROOT_transition_array_map, TYPE_TRANSITION_ARRAY, 0, 8},
    {ROOT_name_dictionary_map, TYPE_NAME_DICTIONARY, 0, 8},
    {ROOT_number_dictionary_map, TYPE_NUMBER_DICTIONARY, 0, 8},
    {ROOT_fixed_double_array_map, TYPE_FIXED_DOUBLE_ARRAY, 0, 8},
    {ROOT_byte_array_map, TYPE_BYTE_ARRAY, 0, 8},
    {ROOT_one_byte_string_map, TYPE_ONE_BYTE_STRING, 0, 16},
    {ROOT_two_byte_string_map, TYPE_TWO_BYTE_STRING, 0, 16},
    {ROOT_internalized_one_byte_string_map, TYPE_INTERNALIZED_ONE_BYTE_STRING, 0, 16},
    {ROOT_internalized_two_byte_string_map, TYPE_INTERNALIZED_TWO_BYTE_STRING, 0, 16},
    {ROOT_cons_string_map, TYPE_CONS_STRING, sizeof(ConsString), offsetof(ConsString, first)},
    {ROOT_sliced_string_map, TYPE_SLICED_STRING, sizeof(SlicedString),
     offsetof(SlicedString, parent)},
    {ROOT_symbol_map, TYPE_SYMBOL, sizeof(Symbol), offsetof(Symbol, hash)},
    {ROOT_bigint_map, TYPE_BIGINT, 0, 16},
    {ROOT_accessor_pair_map, TYPE_ACCESSOR_PAIR, sizeof(AccessorPair), 8},
    {ROOT_property_cell_map, TYPE_PROPERTY_CELL, sizeof(PropertyCell), 8},
    {ROOT_code_map, TYPE_CODE, 0, CODE_BODY_START},
    {ROOT_bytecode_array_map, TYPE_BYTECODE_ARRAY, 0, BYTECODE_ARRAY_BODY_START},
    {ROOT_shared_function_info_map, TYPE_SHARED_FUNCTION_INFO, sizeof(SharedFunctionInfo), 8},
    {ROOT_script_map, TYPE_SCRIPT, sizeof(Script), 8},
    {ROOT_context_map, TYPE_CONTEXT, 0, 8},
    {ROOT_feedback_vector_map, TYPE_FEEDBACK_VECTOR, 0, 8},
    {ROOT_module_record_map, TYPE_MODULE_RECORD, 0, 8},
    {ROOT_native_function_info_map, TYPE_NATIVE_FUNCTION_INFO, sizeof(NativeFunctionInfo), 8},
};

/* Allocates an empty array-shaped object in old space (the empty singletons). */
static rd_value bootstrap_empty_array(Runtime *rt, RootIndex map, uint32_t len) {
  FixedArray *a = (FixedArray *)heap_allocate(&rt->heap, fixed_array_size_for(len), ALLOC_OLD);
  if (!a) return VALUE_EMPTY;
  a->map = rt->roots[map];
  a->length = value_from_int32((int32_t)len);
  for (uint32_t i = 0; i < len; i++) a->data[i] = value_from_int32(0);
  return value_from_ptr(a);
}

static bool bootstrap(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Map *meta = bootstrap_map(rt, TYPE_MAP, sizeof(Map), MAP_BODY_START);
  if (!meta) return false;
  meta->map = value_from_ptr(meta);
  rt->roots[ROOT_meta_map] = value_from_ptr(meta);
  for (size_t i = 0; i < ARRAY_LEN(internal_maps); i++) {
    const MapSpec *s = &internal_maps[i];
    Map *m = bootstrap_map(rt, s->type, s->size, s->body_start);
    if (!m) return false;
    rt->roots[s->root] = value_from_ptr(m);
  }
  rt->roots[ROOT_empty_fixed_array] = bootstrap_empty_array(rt, ROOT_fixed_array_map, 0);
  rt->roots[ROOT_empty_fixed_double_array] =
      bootstrap_empty_array(rt, ROOT_fixed_double_array_map, 0);
  /* A descriptor array starts with its descriptor count (0 here). */
  rt->roots[ROOT_empty_descriptor_array] = bootstrap_empty_array(rt, ROOT_descriptor_array_map, 1);
  if (!rt->roots[ROOT_empty_fixed_array] || !rt->roots[ROOT_empty_fixed_double_array] ||
      !rt->roots[ROOT_empty_descriptor_array])
    return false;
  /* Patch the maps made before the empty arrays existed. */
  for (RootIndex r = ROOT_meta_map; r <= ROOT_native_function_info_map; r++) {
    Map *m = MAP(rt->roots[r]);
    m->descriptors = rt->roots[ROOT_empty_descriptor_array];
    m->dependent_code = rt->roots[ROOT_empty_fixed_array];
  }

  if (!string_table_init(&rt->string_table)) return false;
  rd_value v;
  if (!(v = string_internalize_cstr(rt, ""))) return false;
  rt->roots[ROOT_empty_string] = v;
  /* The one-character strings of Latin-1, shared by s[i], charAt, for-of... */
  if (!(v = factory_fixed_array(rt, 256, VALUE_UNDEFINED, ALLOC_OLD))) return false;
  rt->roots[ROOT_single_character_strings] = v;
  for (uint32_t c = 0; c < 256; c++) {
    uint8_t ch = (uint8_t)c;
    if (!(v = string_internalize_one_byte(rt, &ch, 1))) return false;
    HEAP_STORE(value_to_ptr(rt->roots[ROOT_single_character_strings]),
               FIXED_ARRAY(rt->roots[ROOT_single_character_strings])->data[c], v);
  }
  if (!(v = string_internalize_cstr(rt, "length"))) return false;
  rt->roots[ROOT_length_string] = v;
  if (!(v = string_internalize_cstr(rt, "out of memory"))) return false;
  rt->roots[ROOT_out_of_memory_string] = v;
  if (!(v = factory_symbol(rt, NULL, true))) return false;
  rt->roots[ROOT_elements_transition_symbol] = v;
  if (!(v = factory_symbol(rt, NULL, true))) return false;
  rt->roots[ROOT_identity_hash_symbol] = v;

  /* %Object.prototype%: a plain object with a null prototype. */
  if (!(v = factory_map(rt, TYPE_JS_OBJECT, 8 * (JS_OBJECT_HEADER_WORDS + 4), 4, NULL)))
    return false;
  Handle proto_map = handle_new(rt, v);
  if (!(v = factory_js_object(rt, proto_map))) return false;
  rt->roots[ROOT_object_prototype] = v;
  MAP(*proto_map)->bit_field |= MAP_IS_PROTOTYPE;
  if (!(v = factory_map(rt, TYPE_JS_OBJECT, 8 * (JS_OBJECT_HEADER_WORDS + 4), 4,
                        ROOT_SLOT(rt, object_prototype))))
    return false;
  rt->roots[ROOT_object_map] = v;
  /* %Array.prototype%: an Array exotic object (length 0) whose prototype is
   * Object.prototype; the initial array maps below inherit from it. */
  if (!(v = factory_map(rt, TYPE_JS_ARRAY, 8 * JS_ARRAY_HEADER_WORDS, 0, ROOT_SLOT(rt, object_prototype))))
    return false;
  Handle aproto_map = handle_new(rt, v);
  MAP(v)->bit_field |= MAP_IS_PROTOTYPE;
  MAP(v)->elements_kind = ELEMENTS_HOLEY;
  if (!(v = factory_js_object(rt, aproto_map))) return false;
  rt->roots[ROOT_array_prototype] = v;
  if (!elements_init_array_maps(rt)) return false;
  if (!(v = string_internalize_cstr(rt, "prototype"))) return false;
  rt->roots[ROOT_prototype_string] = v;
  static const struct { RootIndex root; const char *s; } iter_names[] = {
      {ROOT_done_string, "done"}, {ROOT_value_string, "value"}, {ROOT_next_string, "next"}, {ROOT_return_string, "return"}};
  for (size_t i = 0; i < ARRAY_LEN(iter_names); i++) {
    if (!(v = string_internalize_cstr(rt, iter_names[i].s))) return false;
    rt->roots[iter_names[i].root] = v;
  }
  /* The global object keeps its properties in PropertyCells (a dictionary
   * of cells) that global loads and stores cache (interp/ic.h). */
  if (!(v = object_new(rt))) return false;
  rt->roots[ROOT_global_object] = v;
  if (!object_normalize(rt, ROOT_SLOT(rt, global_object))) return false;
  heap_object_map(value_to_ptr(ROOT(rt, global_object)))->bit_field |= MAP_PROPERTY_CELLS;
  if (!interp_init(rt)) return false;
  if (!builtins_init(rt)) return false;
  rt->roots[ROOT_entry_stub] = VALUE_UNDEFINED;
  if (!FLAG_jitless && !entry_stub_generate(rt)) return false;   /* --jitless: no code runs */
  rt->roots[ROOT_deopt_stub] = VALUE_UNDEFINED;
  if (!FLAG_jitless && !deopt_init(rt)) return false;
  return true;
}

rd_runtime *rd_runtime_new(void) {
  Runtime *rt = calloc(1, sizeof *rt);
  if (!rt) return NULL;
  handles_init(&rt->handles);
  rt->exception = VALUE_EMPTY;
  rt->hash_seed = 0;
  rt->symbol_hash_state = (uint32_t)time(NULL) | 1;
  if (!heap_init(&rt->heap, rt)) {
    heap_teardown(&rt->heap);
    free(rt);
    return NULL;
  }
  bool stress = rt->heap.stress;
  rt->heap.stress = false;
  bool ok = bootstrap(rt);
  rt->heap.stress = stress;
  rt->heap.new_space.limit = stress ? rt->heap.new_space.top : rt->heap.new_space.page_limit;
  if (!ok) {
    rd_runtime_free(rt);
    return NULL;
  }
  return rt;
}

void rd_runtime_free(rd_runtime *rt) {
  if (!rt) return;
  for (PersistentNode *p = rt->persistents, *next; p; p = next) {
    next = p->next;
    free(p);
  }
  string_table_free(&rt->string_table);
  array_buffer_tracker_free(rt);
  interp_free(rt);
  heap_teardown(&rt->heap);
  handles_free(&rt->handles);
  free(rt);
}

/* --- roots ---------------------------------------------------------------------------------------------- */
static void visit_handle_range(void *arg, rd_value *start, rd_value *end) {
  RootVisitor *v = arg;
  v->visit(v, start, end);
}

void runtime_visit_roots(Runtime *rt, RootVisitor *v) {
  v->visit(v, rt->roots, rt->roots + ROOT_COUNT);
  v->visit(v, &rt->exception, &rt->exception + 1);
  handles_iterate(&rt->handles, visit_handle_range, v);
  if (rt->stack) v->visit(v, rt->stack, rt->sp);
  frames_visit_roots(rt, v);   /* optimized frames on the machine stack */
  v->visit(v, rt->stub_cache, rt->stub_cache + RUNTIME_STUB_CACHE_WORDS);
  for (PersistentNode *p = rt->persistents; p; p = p->next) v->visit(v, &p->value, &p->value + 1);
}

size_t runtime_process_weak_roots(Runtime *rt, WeakRetainer *w) {
  return string_table_process_weak(&rt->string_table, w) + code_lists_process_weak(rt, w) +
         array_buffer_tracker_process(rt, w, false);
}

size_t runtime_process_young_weak_roots(Runtime *rt, WeakRetainer *w) {
  return array_buffer_tracker_process(rt, w, true);
}

void runtime_verify(Runtime *rt, const char *when) {
  if (!string_table_verify(&rt->string_table)) FATAL("string table verification %s failed", when);
}

/* --- exceptions ------------------------------------------------------------------------------------------ */
rd_value runtime_throw_oom(Runtime *rt) {
  rt->exception = rt->roots[ROOT_out_of_memory_string];
  if (!rt->exception) rt->exception = VALUE_NULL;   /* during bootstrap */
  return VALUE_EMPTY;
}

rd_value runtime_throw_range_error(Runtime *rt, const char *msg) {
  return js_throw(rt, ERROR_RangeError, "%s", msg);   /* a string during bootstrap; OOM stays pending */
}

bool runtime_has_exception(const Runtime *rt) { return rt->exception != VALUE_EMPTY; }
void runtime_clear_exception(Runtime *rt) { rt->exception = VALUE_EMPTY; }

/* --- public API --------------------------------------------------------------------------------------------- */
void rd_collect_garbage(rd_runtime *rt, int full) {
  if (!rt) return;
  heap_collect(&rt->heap, full ? GC_MARK_COMPACT : GC_SCAVENGE, "requested");
}

void rd_heap_statistics(rd_runtime *rt, rd_heap_stats *out) {
  if (!out) return;
  memset(out, 0, sizeof *out);
  if (!rt) return;
  Heap *h = &rt->heap;
  out->new_space_size = heap_new_space_size(h);
  out->new_space_capacity = h->new_space.capacity_pages * PAGE_AREA_SIZE;
  out->old_space_size = paged_space_size(&h->old_space);
  out->old_space_capacity = h->old_space.committed;
  out->code_space_size = paged_space_size(&h->code_space);
  out->code_space_capacity = h->code_space.committed;
  out->large_object_size = h->large_space.size;
  out->total_size = out->new_space_size + heap_old_generation_size(h);
  out->limit = h->max_old_size;
  out->scavenges = h->stats.scavenges;
  out->mark_compacts = h->stats.mark_compacts;
  out->promoted_bytes = h->stats.promoted_bytes;
  out->gc_pause_ms = h->stats.pause_ms;
}

rd_persistent *rd_persistent_new(rd_runtime *rt, rd_value v) {
  if (!rt) return NULL;
  PersistentNode *p = malloc(sizeof *p);
  if (!p) return NULL;
  p->value = v;
  p->prev = NULL;
  p->next = rt->persistents;
  if (p->next) p->next->prev = p;
  rt->persistents = p;
  return p;
}

rd_value rd_persistent_get(const rd_persistent *p) { return p ? p->value : VALUE_UNDEFINED; }
void rd_persistent_set(rd_persistent *p, rd_value v) {
  if (p) p->value = v;
}

void rd_persistent_free(rd_runtime *rt, rd_persistent *p) {
  if (!rt || !p) return;
  if (p->prev) p->prev->next = p->next;
  else rt->persistents = p->next;
  if (p->next) p->next->prev = p->prev;
  free(p);
}
