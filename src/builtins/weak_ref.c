/*
 * weak_ref.c - the WeakRef and FinalizationRegistry built-ins (ECMA-262
 * 26.1, 26.2), the KeepDuringJob set (AddToKeptObjects, ClearKeptObjects)
 * and the FinalizationRegistry cleanup jobs.
 *
 * A WeakRef (JSWeakRef, objects.h) holds its target in a weak slot. A
 * registry (JSFinalizationRegistry) holds its cleanup callback and a
 * FixedArray of WeakCells (holes undefined), one per register() call; a
 * cell's target and unregister token are weak, its held value strong.
 * Mark-compact clears a weak slot whose referent died (a scavenge keeps
 * everything: docs/heap.md "Weak objects"); when a cell's target dies it
 * links the registry into the list at weak_state[WEAK_STATE_DIRTY_REGISTRIES]
 * (no allocation during a GC). The job loop (interp_run_jobs) calls
 * weak_ref_run_cleanup_job when its queue is empty: each dirty registry
 * gets one job that removes its dead cells and calls the callback with each
 * one's held value (HostEnqueueFinalizationRegistryCleanupJob).
 *
 * KeepDuringJob (weak_state[WEAK_STATE_KEPT]) is a FixedArray [count,
 * objects...], a strong root, emptied by ClearKeptObjects at the end of
 * every job, so a target read through deref() stays alive until then.
 *
 * Invariants: a registry is on the dirty list (next_dirty not undefined)
 * at most once; a cell whose target is undefined died and waits for its
 * registry's cleanup; unregister() removes cells whatever their state.
 */
#include "builtins/weak_ref.h"

#include "builtins/library.h"
#include "objects/factory.h"

#define TW(t, i) (FIXED_ARRAY(t)->data[(i)])
#define STATE(rt) ROOT(rt, weak_state)
#define WREF(v) ((JSWeakRef *)value_to_ptr(v))
#define REG(v) ((JSFinalizationRegistry *)value_to_ptr(v))
#define CELL(v) ((WeakCell *)value_to_ptr(v))

/* --- KeepDuringJob ---------------------------------------------------------------------------- */
/* AddToKeptObjects(v). A repeat of the last object added is skipped (a
 * loop of deref() calls keeps the set small). */
static bool add_to_kept(Runtime *rt, Handle v) {
  rd_value kept = TW(STATE(rt), WEAK_STATE_KEPT);
  uint32_t n = value_is_ptr(kept) ? (uint32_t)value_to_int32(TW(kept, 0)) : 0;
  if (n > 0 && TW(kept, n) == *v) return true;
  if (!value_is_ptr(kept) || n + 1 >= fixed_array_length(kept)) {
    HANDLE_SCOPE(rt);
    uint32_t len = value_is_ptr(kept) ? 2 * fixed_array_length(kept) : 16;
    if (len > FIXED_ARRAY_MAX_LENGTH) {
      js_throw(rt, ERROR_RangeError, "too many objects kept alive during this job");
      return false;
    }
    Handle old = handle_new(rt, kept);
    rd_value grown = factory_fixed_array(rt, len, VALUE_UNDEFINED, ALLOC_YOUNG);
    if (!grown) return false;
    if (value_is_ptr(*old)) {
      for (uint32_t i = 0; i <= n; i++) HEAP_STORE(value_to_ptr(grown), TW(grown, i), TW(*old, i));
    } else {
      TW(grown, 0) = value_from_int32(0);
    }
    HEAP_STORE(value_to_ptr(STATE(rt)), TW(STATE(rt), WEAK_STATE_KEPT), grown);
    kept = grown;
  }
  HEAP_STORE(value_to_ptr(kept), TW(kept, n + 1), *v);
  TW(kept, 0) = value_from_int32((int32_t)n + 1);
  return true;
}

void weak_ref_clear_kept_objects(Runtime *rt) {
  if (value_is_ptr(STATE(rt))) TW(STATE(rt), WEAK_STATE_KEPT) = VALUE_UNDEFINED;
}

/* --- WeakRef ---------------------------------------------------------------------------------------- */
/* The state map at slot, in a handle of the caller's scope. */
static Handle state_map(Runtime *rt, int slot) { return handle_new(rt, TW(STATE(rt), slot)); }

/* WeakRef ( target ). */
static rd_value weak_ref_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Constructor WeakRef requires 'new'");
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, native_arg(a, 0));
  int ok = weak_collections_can_be_held_weakly(rt, target);
  if (ok < 0) return VALUE_EMPTY;
  if (!ok) return js_throw(rt, ERROR_TypeError, "WeakRef: invalid target");
  Handle map = state_map(rt, WEAK_STATE_WEAK_REF_MAP);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, MAP(*map)->prototype));
  if (!*proto) return VALUE_EMPTY;
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  if (*proto != MAP(*map)->prototype && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  if (!add_to_kept(rt, target)) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*o), WREF(*o)->target, *target);
  return *o;
}

/* WeakRef.prototype.deref ( ). */
static rd_value weak_ref_deref(Runtime *rt, NativeArgs *a) {
  if (!value_has_type(*a->receiver, TYPE_JS_WEAK_REF))
    return js_throw(rt, ERROR_TypeError, "Method WeakRef.prototype.deref called on incompatible receiver");
  rd_value t = WREF(*a->receiver)->target;
  if (t == VALUE_UNDEFINED) return t;
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, t);
  if (!add_to_kept(rt, target)) return VALUE_EMPTY;
  return *target;
}

/* --- FinalizationRegistry ------------------------------------------------------------------------ */
/* FinalizationRegistry ( cleanupCallback ). */
static rd_value registry_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target == VALUE_UNDEFINED)
    return js_throw(rt, ERROR_TypeError, "Constructor FinalizationRegistry requires 'new'");
  HANDLE_SCOPE(rt);
  Handle cleanup = handle_new(rt, native_arg(a, 0));
  if (!value_is_callable(*cleanup))
    return js_throw(rt, ERROR_TypeError, "FinalizationRegistry: the cleanup callback is not a function");
  Handle map = state_map(rt, WEAK_STATE_REGISTRY_MAP);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, MAP(*map)->prototype));
  if (!*proto) return VALUE_EMPTY;
  Handle cells = handle_new(rt, factory_fixed_array(rt, 4, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*cells) return VALUE_EMPTY;
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  if (*proto != MAP(*map)->prototype && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*o), REG(*o)->cleanup, *cleanup);
  HEAP_STORE(value_to_ptr(*o), REG(*o)->cells, *cells);
  REG(*o)->next_dirty = VALUE_UNDEFINED;
  return *o;
}

/* The receiver if it is a FinalizationRegistry, else a TypeError naming method. */
static rd_value this_registry(Runtime *rt, NativeArgs *a, const char *method) {
  if (value_has_type(*a->receiver, TYPE_JS_FINALIZATION_REGISTRY)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "Method FinalizationRegistry.prototype.%s called on incompatible receiver",
                  method);
}

/* FinalizationRegistry.prototype.register ( target, heldValue [ , unregisterToken ] ). */
static rd_value registry_register(Runtime *rt, NativeArgs *a) {
  if (!this_registry(rt, a, "register")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, native_arg(a, 0));
  Handle held = handle_new(rt, native_arg(a, 1));
  Handle token = handle_new(rt, native_arg(a, 2));
  int ok = weak_collections_can_be_held_weakly(rt, target);
  if (ok < 0) return VALUE_EMPTY;
  if (!ok) return js_throw(rt, ERROR_TypeError, "FinalizationRegistry.prototype.register: invalid target");
  if (*target == *held)   /* SameValue: target is an object or a symbol */
    return js_throw(rt, ERROR_TypeError, "FinalizationRegistry.prototype.register: target and held value are the same");
  ok = weak_collections_can_be_held_weakly(rt, token);
  if (ok < 0) return VALUE_EMPTY;
  if (!ok && *token != VALUE_UNDEFINED)
    return js_throw(rt, ERROR_TypeError, "FinalizationRegistry.prototype.register: invalid unregister token");
  if (!ok) *token = VALUE_UNDEFINED;
  Handle cell_map = state_map(rt, WEAK_STATE_CELL_MAP);
  WeakCell *c = (WeakCell *)runtime_allocate(rt, sizeof(WeakCell), ALLOC_YOUNG, cell_map);
  if (!c) return VALUE_EMPTY;
  c->map = *cell_map;
  c->target = *target;
  c->held = *held;
  c->token = *token;
  c->registry = *a->receiver;
  if (!heap_in_young((HeapObject *)c)) heap_write_barrier_range((HeapObject *)c, &c->target, 4);
  Handle cell = handle_new(rt, value_from_ptr(c));
  /* Append into the first hole of the cells, growing them when full. */
  rd_value cells = REG(*a->receiver)->cells;
  uint32_t n = fixed_array_length(cells), i = 0;
  while (i < n && TW(cells, i) != VALUE_UNDEFINED) i++;
  if (i == n) {
    if (2 * n > FIXED_ARRAY_MAX_LENGTH) return js_throw(rt, ERROR_RangeError, "FinalizationRegistry: too many cells");
    Handle old = handle_new(rt, cells);
    cells = factory_copy_fixed_array(rt, old, 2 * n, VALUE_UNDEFINED);
    if (!cells) return VALUE_EMPTY;
    HEAP_STORE(value_to_ptr(*a->receiver), REG(*a->receiver)->cells, cells);
  }
  HEAP_STORE(value_to_ptr(cells), TW(cells, i), *cell);
  return VALUE_UNDEFINED;
}

/* FinalizationRegistry.prototype.unregister ( unregisterToken ). */
static rd_value registry_unregister(Runtime *rt, NativeArgs *a) {
  if (!this_registry(rt, a, "unregister")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle token = handle_new(rt, native_arg(a, 0));
  int ok = weak_collections_can_be_held_weakly(rt, token);
  if (ok < 0) return VALUE_EMPTY;
  if (!ok) return js_throw(rt, ERROR_TypeError, "FinalizationRegistry.prototype.unregister: invalid unregister token");
  rd_value cells = REG(*a->receiver)->cells;
  bool removed = false;
  for (uint32_t i = 0, n = fixed_array_length(cells); i < n; i++) {
    rd_value c = TW(cells, i);
    if (value_is_ptr(c) && CELL(c)->token == *token) {
      TW(cells, i) = VALUE_UNDEFINED;
      removed = true;
    }
  }
  return value_from_bool(removed);
}

/* --- cleanup jobs --------------------------------------------------------------------------------- */
bool weak_ref_run_cleanup_job(Runtime *rt) {
  if (!value_is_ptr(STATE(rt)) || !value_is_ptr(TW(STATE(rt), WEAK_STATE_DIRTY_REGISTRIES))) return false;
  HANDLE_SCOPE(rt);
  Handle reg = handle_new(rt, TW(STATE(rt), WEAK_STATE_DIRTY_REGISTRIES));
  HEAP_STORE(value_to_ptr(STATE(rt)), TW(STATE(rt), WEAK_STATE_DIRTY_REGISTRIES), REG(*reg)->next_dirty);
  REG(*reg)->next_dirty = VALUE_UNDEFINED;
  Handle fn = handle_new(rt, REG(*reg)->cleanup);
  Handle held = handle_new(rt, VALUE_UNDEFINED), undef = handle_new(rt, VALUE_UNDEFINED);
  /* The callback may register and unregister: re-read the cells each time. */
  for (uint32_t i = 0; i < fixed_array_length(REG(*reg)->cells); i++) {
    rd_value cells = REG(*reg)->cells, c = TW(cells, i);
    if (!value_is_ptr(c) || CELL(c)->target != VALUE_UNDEFINED) continue;
    *held = CELL(c)->held;
    TW(cells, i) = VALUE_UNDEFINED;
    if (!lib_call(rt, fn, undef, 1, held)) runtime_clear_exception(rt);   /* reported nowhere, like other jobs */
  }
  return true;
}

/* --- installation ----------------------------------------------------------------------------------- */
/* Global name with a prototype holding methods and tag; its instance map
 * (JS type, header words) into weak_state[slot]. */
static bool install_kind(Runtime *rt, InstanceType type, uint32_t header, const char *name, NativeFn ctor_fn,
                         uint32_t ctor_length, const BuiltinMethod *methods, size_t n, int slot) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  Handle ctor = handle_new(rt, builtins_constructor(rt, name, ctor_fn, ctor_length, proto));
  if (!*ctor || !builtins_install(rt, proto, methods, n)) return false;
  Handle tag = handle_new(rt, lib_key(rt, name));
  if (!*tag || !builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE)) return false;
  rd_value m = factory_map(rt, type, 8 * (header + 4), 4, proto);
  if (!m) return false;
  MAP(m)->inobject_start = (uint8_t)header;
  HEAP_STORE(value_to_ptr(STATE(rt)), TW(STATE(rt), slot), m);
  return builtins_define_global(rt, name, ctor);
}

bool builtins_init_weak_ref(Runtime *rt) {
  rd_value m = factory_map(rt, TYPE_WEAK_CELL, sizeof(WeakCell), 0, NULL);
  if (!m) return false;
  HEAP_STORE(value_to_ptr(STATE(rt)), TW(STATE(rt), WEAK_STATE_CELL_MAP), m);
  static const BuiltinMethod ref_methods[] = {{"deref", weak_ref_deref, 0}};
  static const BuiltinMethod registry_methods[] = {{"register", registry_register, 2},
                                                   {"unregister", registry_unregister, 1}};
  return install_kind(rt, TYPE_JS_WEAK_REF, JS_WEAK_REF_HEADER_WORDS, "WeakRef", weak_ref_ctor, 1, ref_methods,
                      ARRAY_LEN(ref_methods), WEAK_STATE_WEAK_REF_MAP) &&
         install_kind(rt, TYPE_JS_FINALIZATION_REGISTRY, JS_FINALIZATION_REGISTRY_HEADER_WORDS,
                      "FinalizationRegistry", registry_ctor, 1, registry_methods, ARRAY_LEN(registry_methods),
                      WEAK_STATE_REGISTRY_MAP);
}
