/*
 * runtime.h - the runtime (an isolate): one heap, its roots, its handle
 * stack, persistent handles, the string table and the pending exception.
 *
 * Invariant: every heap value the engine keeps outside the heap is in one
 * of: roots[], a handle, a persistent handle, the pending exception, or a
 * weak holder (string table, array buffer tracker) that the GC processes -
 * nowhere else.
 * Errors: a function that fails returns a sentinel (VALUE_EMPTY or NULL)
 * and leaves the reason in rt->exception.
 */
#ifndef RONDO_RUNTIME_RUNTIME_H
#define RONDO_RUNTIME_RUNTIME_H

#include "heap/handles.h"
#include "heap/heap.h"

/* The well-known symbols: X(root name, description). */
#define WELL_KNOWN_SYMBOL_LIST(X)                                             \
  X(symbol_iterator, "Symbol.iterator")                                       \
  X(symbol_async_iterator, "Symbol.asyncIterator")                            \
  X(symbol_has_instance, "Symbol.hasInstance")                                \
  X(symbol_is_concat_spreadable, "Symbol.isConcatSpreadable")                 \
  X(symbol_match, "Symbol.match") X(symbol_match_all, "Symbol.matchAll")      \
  X(symbol_replace, "Symbol.replace") X(symbol_search, "Symbol.search")       \
  X(symbol_species, "Symbol.species") X(symbol_split, "Symbol.split")         \
  X(symbol_to_primitive, "Symbol.toPrimitive")                                \
  X(symbol_to_string_tag, "Symbol.toStringTag")                               \
  X(symbol_unscopables, "Symbol.unscopables")                                \
  X(symbol_dispose, "Symbol.dispose")                                         \
  X(symbol_async_dispose, "Symbol.asyncDispose")

/* Strong roots. X(name, ...): roots[ROOT_name], read through ROOT(rt, name);
 * users define X variadic (well-known symbols carry a description). */
#define ROOT_MAP_LIST(X)                                          \
  X(meta_map) X(filler_map) X(free_space_map) X(fixed_array_map)  \
  X(descriptor_array_map) X(transition_array_map)                 \
  X(name_dictionary_map) X(number_dictionary_map)                 \
  X(fixed_double_array_map) X(byte_array_map)                     \
  X(one_byte_string_map) X(two_byte_string_map)                   \
  X(internalized_one_byte_string_map)                             \
  X(internalized_two_byte_string_map) X(cons_string_map)          \
  X(sliced_string_map) X(symbol_map) X(bigint_map)                \
  X(accessor_pair_map)                                            \
  X(property_cell_map) X(code_map) X(bytecode_array_map)                \
  X(shared_function_info_map) X(script_map) X(context_map)              \
  X(feedback_vector_map) X(module_record_map) X(native_function_info_map)

#define ROOT_LIST(X)                                                          \
  ROOT_MAP_LIST(X)                                                            \
  X(empty_fixed_array) X(empty_fixed_double_array) X(empty_descriptor_array)  \
  X(empty_string)                                                             \
  X(single_character_strings) /* FixedArray: the 256 one-character strings \0-\xff */ \
  X(object_prototype)     /* the %Object.prototype% of the one realm */       \
  X(object_map)           /* initial map of plain objects */                  \
  X(array_prototype)                                                          \
  X(function_prototype)   /* %Function.prototype% (builtins/function.c) */    \
  X(function_map)         /* initial map of functions */                      \
  X(interp_intrinsics)    /* FixedArray of INTRINSIC_LIST (interp/), or undefined */ \
  X(error_prototypes)     /* FixedArray: %Error.prototype% etc by ErrorKind */\
  X(string_prototype) X(number_prototype) X(boolean_prototype)                \
  X(symbol_prototype) X(iterator_prototype) X(array_iterator_prototype)       \
  X(bigint_prototype)     /* %BigInt.prototype% (builtins/bigint.c), or undefined */\
  X(symbol_registry)      /* the Symbol.for registry (an object) */           \
  X(wrapper_maps)         /* FixedArray: wrapper maps (string, number, ...) */\
  WELL_KNOWN_SYMBOL_LIST(X)   /* entries X(name, description) */              \
  X(array_maps)           /* FixedArray: initial JSArray map per kind */      \
  X(elements_transition_symbol) /* private key of elements-kind transitions */\
  X(identity_hash_symbol) /* private key of objects' identity hash (object.c) */\
  X(collection_maps)      /* FixedArray: Map/Set instance and iterator maps (builtins/collections.c) */\
  X(weak_state)           /* FixedArray: WEAK_STATE_* (objects.h), or undefined */\
  X(array_buffer_map)     /* initial map of ArrayBuffers (objects/array_buffer.h), or empty */\
  X(shared_array_buffer_map) /* initial map of SharedArrayBuffers, or empty */\
  X(atomics_waiters)      /* the Atomics.waitAsync waiters (builtins/atomics.c): a list, or empty */\
  X(data_view_map)        /* initial map of DataViews, or empty */\
  X(proxy_state)          /* FixedArray PROXY_STATE_* (objects/proxy.h), or empty */\
  X(typed_array_intrinsics) /* FixedArray (builtins/typed_array.c): maps, constructors, %TypedArray%, or empty */\
  X(length_string)                                                            \
  X(global_object)        /* the global object of the one realm */            \
  X(prototype_string)                                                         \
  X(out_of_memory_string)                                                      \
  X(done_string) X(value_string) X(next_string) X(return_string)             \
  X(iter_result_map)      /* map of {value, done} results (builtins/iterator.c: lib_iter_result), or empty */\
  X(module_registry)      /* module map: object path -> ModuleRecord (or empty) */\
  X(module_namespace_map) /* map of module namespace objects (or empty) */\
  X(entry_stub)           /* Code: C -> optimized code (codegen/frames.h), or empty */\
  X(deopt_stub)           /* Code: the deopt entry stub (deopt/deopt_entry.c), or empty */

typedef enum {
#define X(name, ...) ROOT_##name,
  ROOT_LIST(X)
#undef X
  ROOT_COUNT
} RootIndex;
#define ROOT(rt, name) ((rt)->roots[ROOT_##name])

/* The string table: open addressing over malloc'd slots, weak for the full
 * GC. Empty slot VALUE_EMPTY, deleted slot VALUE_NULL. */
typedef struct StringTable {
  rd_value *slots;
  uint32_t capacity, count, deleted;
} StringTable;

typedef struct PersistentNode {
  rd_value value;
  struct PersistentNode *prev, *next;
} PersistentNode;

/* The megamorphic stub cache: 2 tables (load, store) of 512 entries of
 * (map, name, handler). */
#define RUNTIME_STUB_CACHE_WORDS (2 * 512 * 3)

typedef struct Runtime {
  Heap heap;
  rd_value roots[ROOT_COUNT];
  HandleData handles;
  PersistentNode *persistents;
  StringTable string_table;
  struct ArrayBufferTracker *array_buffers; /* weak holder of the buffers that own a
                                               backing store (objects/array_buffer.h), or NULL */
  rd_value exception;          /* pending exception, VALUE_EMPTY if none */
  rd_value *stack, *sp, *stack_end; /* the VM stack (interp/interpreter.h); [stack, sp) is a root */
  int native_depth;            /* C re-entries into the interpreter */
  rd_value *fp;                /* innermost live interpreter frame while C code runs, or NULL
                                  (set by SAVE; the stack walker's start, interp/stack_trace.c) */
  uint32_t hash_seed;
  uint32_t symbol_hash_state;
  void *module_loader;         /* rd_module_loader of the embedder, or NULL (files) */
  void *module_loader_data;
  /* Inline caches (interp/ic.h). proto_epoch changes whenever an object used
   * as a prototype changes shape (so handlers that looked through prototypes
   * go stale); global_epoch whenever a script lexical is declared (it may
   * shadow a global property whose cell an IC holds). */
  uint32_t proto_epoch, global_epoch;
  rd_value stub_cache[RUNTIME_STUB_CACHE_WORDS];   /* a root; layout in ic.h */
  /* Optimized code (docs/tiers.md). exit_fp / exit_pc: the innermost
   * optimized frame and the return address of its call into C while C code
   * called from optimized code runs, else 0 (the stack walk's start).
   * deopt_entry: the deoptimizer's entry stub (src/deopt/), called by the
   * deopt exits of optimized code; lazy_deopt_entry: where a call made by
   * invalidated optimized code returns to instead (lazy deoptimization,
   * codegen/frames.c). The code lists are the realm's WEAK
   * lists of optimized / deoptimized Code, linked through next_code_link
   * (VALUE_EMPTY ends them): not roots, pruned by mark-compact. */
  uintptr_t exit_fp, exit_pc;
  /* The VM-stack blocks [callee, receiver, args...] of the calls optimized
   * code has in progress (compiler/runtime_calls.c), newest last, so a stack
   * trace can show a native those calls entered. */
  rd_value *opt_calls[64];
  uint32_t opt_call_depth;
  void *deopt_entry, *lazy_deopt_entry;
  rd_value optimized_code_list, deoptimized_code_list;
} Runtime;

/* GC root visiting: the strong roots of rt as ranges of slots. */
typedef struct RootVisitor {
  void (*visit)(struct RootVisitor *self, rd_value *start, rd_value *end);
} RootVisitor;
void runtime_visit_roots(Runtime *rt, RootVisitor *v);

/* Weak processing: retain(v) returns v's new location, or VALUE_EMPTY if v
 * died; the holder clears dead entries. Returns the number cleared. */
typedef struct WeakRetainer {
  rd_value (*retain)(struct WeakRetainer *self, rd_value v);
} WeakRetainer;
size_t runtime_process_weak_roots(Runtime *rt, WeakRetainer *w);
/* The same for the scavenger: the weak holders' entries that may be young
 * (the tracked array buffers). Returns the number cleared. */
size_t runtime_process_young_weak_roots(Runtime *rt, WeakRetainer *w);

/* Slow check of the runtime's own structures (the string table), run by the
 * heap verifier after each GC; aborts on the first fault. */
void runtime_verify(Runtime *rt, const char *when);

RD_INLINE Runtime *heap_runtime(Heap *h) { return h->rt; }

/* Sets the pending exception to "out of memory" and returns VALUE_EMPTY. */
rd_value runtime_throw_oom(Runtime *rt);
/* Sets the pending exception to a RangeError (a string while the Error
 * objects do not exist yet) and returns VALUE_EMPTY. When the message cannot
 * be allocated the exception is out-of-memory instead. */
rd_value runtime_throw_range_error(Runtime *rt, const char *msg);
bool runtime_has_exception(const Runtime *rt);
void runtime_clear_exception(Runtime *rt);

/* Handle creation, inline fast path. */
RD_INLINE Handle handle_new(Runtime *rt, rd_value v) {
  HandleData *hd = &rt->handles;
  if (RD_LIKELY(hd->next < hd->limit)) {
    *hd->next = v;
    return hd->next++;
  }
  return handle_new_slow(hd, v);
}

/* Allocates a heap object of size bytes in `where` and sets its map, read
 * from map_slot (a root or a Handle) after the allocation, since the GC it
 * may run can move maps. NULL with an out-of-memory exception pending when
 * the heap is exhausted. */
RD_INLINE RD_MUST_CHECK HeapObject *runtime_allocate(Runtime *rt, size_t size,
                                                     AllocSpace where,
                                                     const rd_value *map_slot) {
  HeapObject *o = heap_allocate(&rt->heap, size, where);
  if (RD_UNLIKELY(!o)) {
    runtime_throw_oom(rt);
    return NULL;
  }
  o->map = *map_slot;
  return o;
}
#define ROOT_SLOT(rt, name) (&(rt)->roots[ROOT_##name])

#endif
