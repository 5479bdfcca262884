/*
 * weak_collections.c - the WeakMap and WeakSet built-ins (ECMA-262 24.3,
 * 24.4): constructors, prototype methods, @@toStringTag, CanBeHeldWeakly,
 * and the ephemeron hash table behind [[WeakMapData]] / [[WeakSetData]].
 * It also makes ROOT weak_state (objects.h WEAK_STATE_*), which weak_ref.c
 * completes.
 *
 * The table is an EPHEMERON_HASH_TABLE (layout in objects.h): open
 * addressing with linear probing over C = 2^k (key, value) entries, keys
 * hashed like Map keys (an object's identity hash, a symbol's hash, through
 * fmix64). A WeakSet stores true as every value. Nothing iterates a weak
 * table, so there is no order to keep.
 *
 * The GC (docs/heap.md "Weak objects"): a scavenge treats the table as an
 * ordinary array (keys and values strong, so young dead keys survive until
 * the next full GC); mark-compact marks a value only once its key is marked,
 * iterating over the tables to a fixpoint, then turns the entries of
 * unmarked keys into tombstones and fixes the counts. So code here re-reads
 * the table (and its counts) after anything that may allocate.
 *
 * Invariants: every key of a table is an object or a non-registered symbol
 * with a hash (an object got its identity hash before it went in); the load
 * (live + tombstones) stays at most 3/4; the collection's table field is
 * always an EPHEMERON_HASH_TABLE; the brand is the instance type.
 */
#include "builtins/builtins.h"
#include "builtins/library.h"
#include "builtins/weak_ref.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

#define TW(t, i) (FIXED_ARRAY(t)->data[(i)])
#define COLL(v) ((JSCollection *)value_to_ptr(v))
#define STATE(rt) ROOT(rt, weak_state)
#define MIN_CAPACITY 8u
#define MAX_CAPACITY ((uint32_t)1 << 25)

/* --- CanBeHeldWeakly -------------------------------------------------------------------- */
int weak_collections_can_be_held_weakly(Runtime *rt, Handle v) {
  if (value_is_js_object(*v)) return 1;
  if (!value_is_symbol(*v)) return 0;
  HANDLE_SCOPE(rt);
  Handle desc = handle_new(rt, ((Symbol *)value_to_ptr(*v))->description);
  if (!value_is_string(*desc)) return 1;   /* Symbol.for always gives a description */
  Handle reg = handle_new(rt, ROOT(rt, symbol_registry));
  rd_value found = js_get(rt, reg, desc);
  if (!found) return -1;
  return found != *v;
}

/* --- the table ------------------------------------------------------------------------------- */
static uint32_t t_int(rd_value t, int i) { return (uint32_t)value_to_int32(TW(t, i)); }
static uint32_t t_capacity(rd_value t) { return (fixed_array_length(t) - EPHEMERON_FIRST_ENTRY) / 2; }
static rd_value *t_key(rd_value t, uint32_t e) { return &TW(t, EPHEMERON_FIRST_ENTRY + 2 * e); }

/* fmix64 (MurmurHash3's finalizer), as collections.c hashes Map keys. */
static uint32_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return (uint32_t)x;
}

/* The hash of key k (object or symbol) if it has one. Never allocates. */
static bool key_hash_peek(Runtime *rt, rd_value k, uint32_t *h) {
  int32_t id = value_is_symbol(k) ? value_to_int32(((Symbol *)value_to_ptr(k))->hash) : object_identity_hash_peek(rt, k);
  *h = mix64((uint32_t)id);
  return id != 0;
}

/* A new empty table of `capacity` entries. */
static rd_value table_new(Runtime *rt, uint32_t capacity) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, TW(STATE(rt), WEAK_STATE_TABLE_MAP));
  rd_value t = factory_fixed_array_with_map(rt, map, EPHEMERON_FIRST_ENTRY + 2 * capacity, EPHEMERON_EMPTY,
                                            ALLOC_YOUNG);
  if (!t) return VALUE_EMPTY;
  TW(t, EPHEMERON_COUNT) = value_from_int32(0);
  TW(t, EPHEMERON_DELETED_COUNT) = value_from_int32(0);
  return t;
}

/* The entry of key k in t, or -1. Never allocates. */
static int32_t table_find(Runtime *rt, rd_value t, rd_value k) {
  uint32_t h;
  if (!value_is_ptr(k) || !key_hash_peek(rt, k, &h)) return -1;
  uint32_t mask = t_capacity(t) - 1;
  for (uint32_t e = h & mask;; e = (e + 1) & mask) {
    rd_value key = *t_key(t, e);
    if (key == k) return (int32_t)e;
    if (key == EPHEMERON_EMPTY) return -1;
  }
}

/* Puts (k, v) into t, which lacks k and has a free entry; h is k's hash.
 * Never allocates. */
static void table_insert(rd_value t, uint32_t h, rd_value k, rd_value v) {
  uint32_t mask = t_capacity(t) - 1, e = h & mask;
  while (*t_key(t, e) != EPHEMERON_EMPTY && *t_key(t, e) != EPHEMERON_DELETED) e = (e + 1) & mask;
  if (*t_key(t, e) == EPHEMERON_DELETED) TW(t, EPHEMERON_DELETED_COUNT) = value_from_int32((int32_t)t_int(t, EPHEMERON_DELETED_COUNT) - 1);
  HEAP_STORE(value_to_ptr(t), t_key(t, e)[0], k);
  HEAP_STORE(value_to_ptr(t), t_key(t, e)[1], v);
  TW(t, EPHEMERON_COUNT) = value_from_int32((int32_t)t_int(t, EPHEMERON_COUNT) + 1);
}

/* Replaces coll's table by one with room for one more entry, holding the
 * live entries (those the GC left) of the old one. */
static bool table_grow(Runtime *rt, Handle coll) {
  uint32_t want = MIN_CAPACITY;
  while (want < 4 * (t_int(COLL(*coll)->table, EPHEMERON_COUNT) + 1)) want *= 2;
  if (want > MAX_CAPACITY) {
    js_throw(rt, ERROR_RangeError, "%s maximum size exceeded",
             value_has_type(*coll, TYPE_JS_WEAK_MAP) ? "WeakMap" : "WeakSet");
    return false;
  }
  rd_value t = table_new(rt, want);
  if (!t) return false;
  rd_value old = COLL(*coll)->table;   /* read after the allocation: a GC may have cleared entries */
  for (uint32_t e = 0, c = t_capacity(old); e < c; e++) {
    rd_value k = *t_key(old, e);
    if (k == EPHEMERON_EMPTY || k == EPHEMERON_DELETED) continue;
    uint32_t h;
    bool ok = key_hash_peek(rt, k, &h);
    ASSERT(ok, "a weak key without a hash");
    (void)ok;
    table_insert(t, h, k, t_key(old, e)[1]);
  }
  HEAP_STORE(value_to_ptr(*coll), COLL(*coll)->table, t);
  return true;
}

/* WeakMap.prototype.set / WeakSet.prototype.add: key (CanBeHeldWeakly) gets value. */
static bool weak_set_entry(Runtime *rt, Handle coll, Handle key, Handle value) {
  if (value_is_js_object(*key) && !object_identity_hash(rt, key)) return false;
  uint32_t h;
  bool ok = key_hash_peek(rt, *key, &h);
  ASSERT(ok, "a weak key without a hash");
  (void)ok;
  rd_value t = COLL(*coll)->table;
  int32_t e = table_find(rt, t, *key);
  if (e >= 0) {
    HEAP_STORE(value_to_ptr(t), t_key(t, (uint32_t)e)[1], *value);
    return true;
  }
  if (4 * (t_int(t, EPHEMERON_COUNT) + t_int(t, EPHEMERON_DELETED_COUNT) + 1) > 3 * t_capacity(t)) {
    if (!table_grow(rt, coll)) return false;
    t = COLL(*coll)->table;
  }
  table_insert(t, h, *key, *value);
  return true;
}

/* Removes key from coll's table: true if it was there. Never allocates. */
static bool weak_delete_entry(Runtime *rt, rd_value coll, rd_value key) {
  rd_value t = COLL(coll)->table;
  int32_t e = table_find(rt, t, key);
  if (e < 0) return false;
  t_key(t, (uint32_t)e)[0] = EPHEMERON_DELETED;
  t_key(t, (uint32_t)e)[1] = VALUE_UNDEFINED;
  TW(t, EPHEMERON_COUNT) = value_from_int32((int32_t)t_int(t, EPHEMERON_COUNT) - 1);
  TW(t, EPHEMERON_DELETED_COUNT) = value_from_int32((int32_t)t_int(t, EPHEMERON_DELETED_COUNT) + 1);
  return true;
}

/* --- constructors ------------------------------------------------------------------------------ */
/* A new empty WeakMap or WeakSet (type) with prototype *proto. */
static rd_value weak_collection_new(Runtime *rt, InstanceType type, Handle proto) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, TW(STATE(rt), type == TYPE_JS_WEAK_MAP ? WEAK_STATE_WEAK_MAP_MAP : WEAK_STATE_WEAK_SET_MAP));
  Handle t = handle_new(rt, table_new(rt, MIN_CAPACITY));
  if (!*t) return VALUE_EMPTY;
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*o), COLL(*o)->table, *t);
  if (*proto != MAP(*map)->prototype && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return *o;
}

/* WeakMap ( [ iterable ] ) and WeakSet ( [ iterable ] ), with AddEntriesFromIterable. */
static rd_value weak_collection_ctor(Runtime *rt, NativeArgs *a, InstanceType type) {
  bool is_map = type == TYPE_JS_WEAK_MAP;
  const char *name = is_map ? "WeakMap" : "WeakSet";
  if (*a->new_target == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Constructor %s requires 'new'", name);
  HANDLE_SCOPE(rt);
  Handle dflt = handle_new(rt, MAP(TW(STATE(rt), is_map ? WEAK_STATE_WEAK_MAP_MAP : WEAK_STATE_WEAK_SET_MAP))->prototype);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, *dflt));
  if (!*proto) return VALUE_EMPTY;
  Handle coll = handle_new(rt, weak_collection_new(rt, type, proto));
  if (!*coll) return VALUE_EMPTY;
  Handle iterable = handle_new(rt, native_arg(a, 0));
  if (value_is_nullish(*iterable)) return *coll;
  return lib_add_entries_from_iterable(rt, coll, iterable, name, is_map, VALUE_UNDEFINED, NULL);
}

static rd_value weak_map_ctor(Runtime *rt, NativeArgs *a) { return weak_collection_ctor(rt, a, TYPE_JS_WEAK_MAP); }
static rd_value weak_set_ctor(Runtime *rt, NativeArgs *a) { return weak_collection_ctor(rt, a, TYPE_JS_WEAK_SET); }

/* --- prototype methods ------------------------------------------------------------------------- */
/* The receiver if it is a WeakMap/WeakSet of type, else a TypeError naming method. */
static rd_value this_weak(Runtime *rt, NativeArgs *a, InstanceType type, const char *method) {
  if (value_has_type(*a->receiver, type)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "Method %s.prototype.%s called on incompatible receiver",
                  type == TYPE_JS_WEAK_MAP ? "WeakMap" : "WeakSet", method);
}

static rd_value weak_map_get(Runtime *rt, NativeArgs *a) {
  rd_value m = this_weak(rt, a, TYPE_JS_WEAK_MAP, "get");
  if (!m) return VALUE_EMPTY;
  int32_t e = table_find(rt, COLL(m)->table, native_arg(a, 0));
  return e < 0 ? VALUE_UNDEFINED : t_key(COLL(m)->table, (uint32_t)e)[1];
}

/* WeakMap.prototype.set / WeakSet.prototype.add (value: the set's true). */
static rd_value weak_add(Runtime *rt, NativeArgs *a, InstanceType type, const char *method) {
  if (!this_weak(rt, a, type, method)) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, native_arg(a, 0));
  Handle value = handle_new(rt, type == TYPE_JS_WEAK_MAP ? native_arg(a, 1) : VALUE_TRUE);
  int ok = weak_collections_can_be_held_weakly(rt, key);
  if (ok < 0) return VALUE_EMPTY;
  if (!ok)
    return js_throw(rt, ERROR_TypeError, "Invalid value used %s", type == TYPE_JS_WEAK_MAP ? "as weak map key" : "in weak set");
  if (!weak_set_entry(rt, a->receiver, key, value)) return VALUE_EMPTY;
  return *a->receiver;
}
static rd_value weak_map_set(Runtime *rt, NativeArgs *a) { return weak_add(rt, a, TYPE_JS_WEAK_MAP, "set"); }
static rd_value weak_set_add(Runtime *rt, NativeArgs *a) { return weak_add(rt, a, TYPE_JS_WEAK_SET, "add"); }

/* WeakMap.prototype.getOrInsert / getOrInsertComputed (upsert proposal):
 * the value of key, else value (computed: callback(key)) stored under key. */
static rd_value weak_get_or_insert(Runtime *rt, NativeArgs *a, bool computed) {
  const char *method = computed ? "getOrInsertComputed" : "getOrInsert";
  if (!this_weak(rt, a, TYPE_JS_WEAK_MAP, method)) return VALUE_EMPTY;
  if (computed && !value_is_callable(native_arg(a, 1)))
    return js_throw(rt, ERROR_TypeError, "WeakMap.prototype.%s: callback is not a function", method);
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, native_arg(a, 0));
  int ok = weak_collections_can_be_held_weakly(rt, key);
  if (ok < 0) return VALUE_EMPTY;
  if (!ok) return js_throw(rt, ERROR_TypeError, "Invalid value used as weak map key");
  int32_t e = table_find(rt, COLL(*a->receiver)->table, *key);
  if (e >= 0) return t_key(COLL(*a->receiver)->table, (uint32_t)e)[1];
  Handle value = handle_new(rt, native_arg(a, 1));
  if (computed) {
    Handle undef = handle_new(rt, VALUE_UNDEFINED);
    *value = interp_call(rt, value, undef, 1, key);
    if (!*value) return VALUE_EMPTY;
  }
  return weak_set_entry(rt, a->receiver, key, value) ? *value : VALUE_EMPTY;
}
static rd_value weak_map_get_or_insert(Runtime *rt, NativeArgs *a) { return weak_get_or_insert(rt, a, false); }
static rd_value weak_map_get_or_insert_computed(Runtime *rt, NativeArgs *a) { return weak_get_or_insert(rt, a, true); }

/* has and delete of either kind. A value that cannot be held weakly is in
 * no table (a registered symbol never went in), so no check is needed. */
static rd_value weak_has(Runtime *rt, NativeArgs *a, InstanceType type) {
  rd_value c = this_weak(rt, a, type, "has");
  if (!c) return VALUE_EMPTY;
  return value_from_bool(table_find(rt, COLL(c)->table, native_arg(a, 0)) >= 0);
}
static rd_value weak_delete(Runtime *rt, NativeArgs *a, InstanceType type) {
  rd_value c = this_weak(rt, a, type, "delete");
  if (!c) return VALUE_EMPTY;
  return value_from_bool(weak_delete_entry(rt, c, native_arg(a, 0)));
}
static rd_value weak_map_has(Runtime *rt, NativeArgs *a) { return weak_has(rt, a, TYPE_JS_WEAK_MAP); }
static rd_value weak_set_has(Runtime *rt, NativeArgs *a) { return weak_has(rt, a, TYPE_JS_WEAK_SET); }
static rd_value weak_map_delete(Runtime *rt, NativeArgs *a) { return weak_delete(rt, a, TYPE_JS_WEAK_MAP); }
static rd_value weak_set_delete(Runtime *rt, NativeArgs *a) { return weak_delete(rt, a, TYPE_JS_WEAK_SET); }

/* --- installation ------------------------------------------------------------------------------- */
/* One global: constructor, prototype with methods and tag, instance map into weak_state[slot]. */
static bool install_kind(Runtime *rt, InstanceType type, const char *name, NativeFn ctor_fn,
                         const BuiltinMethod *methods, size_t n, int slot) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  Handle ctor = handle_new(rt, builtins_constructor(rt, name, ctor_fn, 0, proto));
  if (!*ctor || !builtins_install(rt, proto, methods, n)) return false;
  Handle tag = handle_new(rt, lib_key(rt, name));
  if (!*tag || !builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE)) return false;
  rd_value m = factory_map(rt, type, 8 * (JS_COLLECTION_HEADER_WORDS + 4), 4, proto);
  if (!m) return false;
  MAP(m)->inobject_start = JS_COLLECTION_HEADER_WORDS;
  HEAP_STORE(value_to_ptr(STATE(rt)), TW(STATE(rt), slot), m);
  return builtins_define_global(rt, name, ctor);
}

bool builtins_init_weak_collections(Runtime *rt) {
  rd_value state = factory_fixed_array(rt, WEAK_STATE_COUNT, VALUE_UNDEFINED, ALLOC_OLD);
  if (!state) return false;
  TW(state, WEAK_STATE_DIRTY_REGISTRIES) = VALUE_NULL;
  rt->roots[ROOT_weak_state] = state;
  rd_value m = factory_map(rt, TYPE_EPHEMERON_HASH_TABLE, 0, 0, NULL);
  if (!m) return false;
  HEAP_STORE(value_to_ptr(STATE(rt)), TW(STATE(rt), WEAK_STATE_TABLE_MAP), m);
  static const BuiltinMethod map_methods[] = {
      {"delete", weak_map_delete, 1}, {"get", weak_map_get, 1}, {"has", weak_map_has, 1}, {"set", weak_map_set, 2},
      {"getOrInsert", weak_map_get_or_insert, 2}, {"getOrInsertComputed", weak_map_get_or_insert_computed, 2}};
  static const BuiltinMethod set_methods[] = {
      {"add", weak_set_add, 1}, {"delete", weak_set_delete, 1}, {"has", weak_set_has, 1}};
  return install_kind(rt, TYPE_JS_WEAK_MAP, "WeakMap", weak_map_ctor, map_methods, ARRAY_LEN(map_methods),
                      WEAK_STATE_WEAK_MAP_MAP) &&
         install_kind(rt, TYPE_JS_WEAK_SET, "WeakSet", weak_set_ctor, set_methods, ARRAY_LEN(set_methods),
                      WEAK_STATE_WEAK_SET_MAP);
}
