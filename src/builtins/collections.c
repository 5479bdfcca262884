/*
 * collections.c - the Map and Set built-ins (ECMA-262 24.1, 24.2): the
 * constructors, Map.groupBy, the prototype methods (the Set methods taking
 * a set-like - union ... isDisjointFrom - with GetSetRecord), get size,
 * @@species, %MapIteratorPrototype% and %SetIteratorPrototype%, and the
 * ordered hash table behind [[MapData]] and [[SetData]].
 *
 * The table. A JSCollection (objects.h) holds one OrderedHashTable: a plain
 * FixedArray (so the GC needs nothing new; counts and indices are int32
 * values). B, the bucket count, is a power of two; the entries are 2B
 * records of E words (E = 3 for a Map, 2 for a Set) in insertion order:
 *
 *   data[0]          T_COUNT    live entries
 *   data[1]          T_DELETED  tombstones among the used entries
 *   data[2]          T_BUCKETS  B
 *   data[3]          T_ENTRY    E
 *   data[4]          T_NEXT     undefined (a live table)
 *   data[5 .. 5+B)              bucket heads: first entry of the chain, or -1
 *   data[5+B ..)                entry e at 5 + B + e*E:
 *                                 key    canonical (CanonicalizeKeyedCollectionKey,
 *                                        numbers boxed by value_from_number);
 *                                        VALUE_EMPTY once deleted (a tombstone)
 *                                 value  (Map only; undefined once deleted)
 *                                 chain  next entry of the same bucket, or -1
 *
 *   +-------+---------+---+---+-------+----+----+-----+-------------+-------------+-----+
 *   | count | deleted | B | E | undef | h0 | h1 | ... | k0 v0 c0=-1 | k1 v1 c1=0  | ... |
 *   +-------+---------+---+---+-------+----+----+-----+-------------+-------------+-----+
 *                                       |               ^                 ^     |
 *                                       |               +-----------------------+
 *                                       +---------------------------------+
 *   (entries 0 and 1 share bucket 0: h0 = 1, the newest, whose chain c1 leads to entry 0)
 *
 * Entries are appended at used = count + deleted; a delete leaves a
 * tombstone in place (still linked in its chain). When used reaches 2B the
 * live entries move, in order and compacted, to a new table (same B if at
 * least half are tombstones, else 2B); a delete that leaves fewer than 2B/4
 * live entries shrinks the table to B/2; clear() starts over with a new
 * empty table. The replaced table becomes OBSOLETE, for the iterators still
 * walking it:
 *
 *   data[1]  T_DELETED  the number k of tombstones it dropped, or T_CLEARED
 *   data[4]  T_NEXT     the table that replaced it
 *   data[5 .. 5+k)      the dropped tombstones' indices, ascending
 *   the rest            undefined (so the old keys and values can die)
 *
 * An iterator (and forEach, and the Set methods walking this) keeps a
 * (table, index) cursor. Before each step cursor_catch_up follows T_NEXT
 * to the live table, at each hop taking off the index the tombstones
 * dropped before it (or restarting at 0 after a clear). This gives the
 * spec's semantics of a List that only grows: entries added during
 * iteration are visited, deleted ones are skipped, and after clear() only
 * entries added later are visited.
 *
 * Hashes: strings by content (string_hash), BigInts by value (bigint_hash),
 * numbers and the other primitives by their canonical bits (SameValueZero
 * is then word equality, or content equality for strings and BigInts),
 * symbols by their hash, objects by their identity hash
 * (object_identity_hash: a hidden property, so it moves with the object);
 * all through fmix64, so that the low bits, which pick the bucket, spread.
 *
 * Invariants: a collection's table is live (T_NEXT undefined); a live
 * table's chains link exactly its used entries; an obsolete table is never
 * written again; iterator and collection types are checked by instance
 * type (the brand), never by property.
 */
#include "builtins/builtins.h"
#include "builtins/library.h"
#include "interp/interp_ops.h"
#include "objects/bigint.h"
#include "objects/factory.h"
#include "objects/string.h"

#include <math.h>

enum { T_COUNT, T_DELETED, T_BUCKETS, T_ENTRY, T_NEXT, T_HEADER };
#define T_CLEARED (-1)
#define T_MIN_BUCKETS 2u
#define T_MAX_BUCKETS ((uint32_t)1 << 24)   /* 5 + B + 2B*3 words stays under FIXED_ARRAY_MAX_LENGTH */
#define MAP_ENTRY_WORDS 3u
#define SET_ENTRY_WORDS 2u

/* Words of ROOT collection_maps. */
enum { CM_MAP_MAP, CM_SET_MAP, CM_MAP_ITERATOR_MAP, CM_SET_ITERATOR_MAP, CM_MAP_SET, CM_SET_ADD, CM_COUNT };
typedef enum { ITER_KEYS, ITER_VALUES, ITER_ENTRIES } CollectionIterKind;

#define TW(t, i) (FIXED_ARRAY(t)->data[(i)])
#define COLL(v) ((JSCollection *)value_to_ptr(v))
#define CITER(v) ((JSCollectionIterator *)value_to_ptr(v))

/* --- table words -------------------------------------------------------------------------- */
static uint32_t t_int(rd_value t, int i) { return (uint32_t)value_to_int32(TW(t, i)); }
static uint32_t t_used(rd_value t) { return t_int(t, T_COUNT) + t_int(t, T_DELETED); }
static uint32_t t_capacity(rd_value t) { return 2 * t_int(t, T_BUCKETS); }
static bool t_obsolete(rd_value t) { return TW(t, T_NEXT) != VALUE_UNDEFINED; }
static rd_value *t_head(rd_value t, uint32_t b) { return &TW(t, T_HEADER + b); }
static rd_value *t_entry(rd_value t, uint32_t e) {
  return &TW(t, T_HEADER + t_int(t, T_BUCKETS) + e * t_int(t, T_ENTRY));
}
static int32_t t_chain(rd_value t, uint32_t e) { return value_to_int32(t_entry(t, e)[t_int(t, T_ENTRY) - 1]); }
static void t_set_int(rd_value t, int i, uint32_t v) { TW(t, i) = value_from_int32((int32_t)v); }

/* --- keys and hashes ------------------------------------------------------------------------ */
/* CanonicalizeKeyedCollectionKey, plus one boxing per number (so SameValueZero
 * of numbers is word equality: NaN is canonical, -0 becomes +0). */
static rd_value canonical_key(rd_value k) {
  if (!value_is_double(k)) return k;
  double d = value_to_double(k);
  return value_from_number(d == 0 ? 0.0 : d);
}

/* fmix64 (MurmurHash3's finalizer): spreads every input bit over the low bits. */
static uint32_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return (uint32_t)x;
}

/* The hash of canonical key k, if it has one yet (an object without an
 * identity hash is in no table). Never allocates. */
static bool key_hash_peek(Runtime *rt, rd_value k, uint32_t *h) {
  if (!value_is_ptr(k)) {
    *h = mix64(k);
    return true;
  }
  InstanceType t = value_instance_type(k);
  if (instance_type_is_string(t)) {
    *h = string_hash(k);
    return true;
  }
  int32_t id = t == TYPE_SYMBOL   ? value_to_int32(((Symbol *)value_to_ptr(k))->hash)
               : t == TYPE_BIGINT ? (int32_t)bigint_hash(k)
                                  : object_identity_hash_peek(rt, k);
  *h = mix64((uint32_t)id);
  return id != 0;
}

/* The hash of canonical key *k, giving an object its identity hash if needed. */
static bool key_hash(Runtime *rt, Handle k, uint32_t *h) {
  if (value_is_js_object(*k) && !object_identity_hash(rt, k)) return false;
  bool ok = key_hash_peek(rt, *k, h);
  ASSERT(ok, "a key without a hash");
  (void)ok;
  return true;
}

/* SameValueZero of two canonical keys. Never allocates. */
static bool keys_equal(rd_value a, rd_value b) {
  if (a == b) return true;
  if (!value_is_ptr(a) || !value_is_ptr(b)) return false;
  InstanceType ta = value_instance_type(a), tb = value_instance_type(b);
  if (instance_type_is_string(ta)) return instance_type_is_string(tb) && string_equals(a, b);
  return ta == TYPE_BIGINT && tb == TYPE_BIGINT && bigint_equals(a, b);
}

/* --- the table ------------------------------------------------------------------------------- */
/* A new empty live table of `buckets` buckets and entry_words-word entries. */
static rd_value table_new(Runtime *rt, uint32_t buckets, uint32_t entry_words) {
  uint32_t len = T_HEADER + buckets + 2 * buckets * entry_words;
  rd_value t = factory_fixed_array(rt, len, VALUE_EMPTY, ALLOC_YOUNG);
  if (!t) return VALUE_EMPTY;
  t_set_int(t, T_COUNT, 0);
  t_set_int(t, T_DELETED, 0);
  t_set_int(t, T_BUCKETS, buckets);
  t_set_int(t, T_ENTRY, entry_words);
  TW(t, T_NEXT) = VALUE_UNDEFINED;
  for (uint32_t b = 0; b < buckets; b++) *t_head(t, b) = value_from_int32(-1);
  return t;
}

/* The entry of canonical key k in live table t, or -1. Never allocates. */
static int32_t table_find(Runtime *rt, rd_value t, rd_value k) {
  uint32_t h;
  if (!key_hash_peek(rt, k, &h)) return -1;
  for (int32_t e = value_to_int32(*t_head(t, h & (t_int(t, T_BUCKETS) - 1))); e >= 0; e = t_chain(t, (uint32_t)e))
    if (keys_equal(t_entry(t, (uint32_t)e)[0], k)) return e;
  return -1;
}

/* Appends (k, v) to live table t, which has room and lacks k; h is k's hash.
 * Never allocates. */
static void table_append(rd_value t, uint32_t h, rd_value k, rd_value v) {
  uint32_t e = t_used(t), ew = t_int(t, T_ENTRY);
  rd_value *head = t_head(t, h & (t_int(t, T_BUCKETS) - 1));
  rd_value *en = t_entry(t, e);
  HEAP_STORE(value_to_ptr(t), en[0], k);
  if (ew == MAP_ENTRY_WORDS) HEAP_STORE(value_to_ptr(t), en[1], v);
  en[ew - 1] = *head;
  *head = value_from_int32((int32_t)e);
  t_set_int(t, T_COUNT, t_int(t, T_COUNT) + 1);
}

/* The smallest bucket count whose 2B entries hold n. */
static uint32_t buckets_for(uint32_t n) {
  uint32_t b = T_MIN_BUCKETS;
  while (2 * b < n) b *= 2;
  return b;
}

/* A new live table of `buckets` buckets holding the live entries of *src
 * (live or not: an obsolete table has none), in order. */
static rd_value table_compacted(Runtime *rt, Handle src, uint32_t buckets) {
  rd_value t = table_new(rt, buckets, t_int(*src, T_ENTRY));
  if (!t) return VALUE_EMPTY;
  rd_value s = *src;   /* no allocation from here on */
  uint32_t used = t_obsolete(s) ? 0 : t_used(s), ew = t_int(s, T_ENTRY);
  for (uint32_t e = 0; e < used; e++) {
    rd_value *en = t_entry(s, e);
    if (en[0] == VALUE_EMPTY) continue;
    uint32_t h;
    bool ok = key_hash_peek(rt, en[0], &h);   /* every key in a table has its hash */
    ASSERT(ok, "a key without a hash");
    (void)ok;
    table_append(t, h, en[0], ew == MAP_ENTRY_WORDS ? en[1] : VALUE_UNDEFINED);
  }
  return t;
}

/* Makes live table t obsolete, replaced by next: records the tombstones it
 * drops (or T_CLEARED when cleared) and forgets its keys and values. Never
 * allocates. */
static void table_retire(rd_value t, rd_value next, bool cleared) {
  uint32_t used = t_used(t), len = fixed_array_length(t), k = 0;
  if (!cleared) {
    /* Tombstone j goes to data[T_HEADER + j]: below entry j's own words, so
     * no entry is overwritten before it is read. */
    for (uint32_t e = 0; e < used; e++)
      if (t_entry(t, e)[0] == VALUE_EMPTY) TW(t, T_HEADER + k++) = value_from_int32((int32_t)e);
  }
  for (uint32_t i = T_HEADER + k; i < len; i++) TW(t, i) = VALUE_UNDEFINED;
  TW(t, T_DELETED) = value_from_int32(cleared ? T_CLEARED : (int32_t)k);
  HEAP_STORE(value_to_ptr(t), TW(t, T_NEXT), next);
}

/* Moves collection coll to a compacted table of `buckets` buckets. */
static bool collection_rehash(Runtime *rt, Handle coll, uint32_t buckets) {
  HANDLE_SCOPE(rt);
  Handle old = handle_new(rt, COLL(*coll)->table);
  rd_value t = table_compacted(rt, old, buckets);
  if (!t) return false;
  table_retire(*old, t, false);
  HEAP_STORE(value_to_ptr(*coll), COLL(*coll)->table, t);
  return true;
}

/* Follows obsolete tables from t to the live one, moving *index to the same
 * place in it. Never allocates. */
static rd_value cursor_catch_up(rd_value t, uint32_t *index) {
  while (t_obsolete(t)) {
    int32_t k = value_to_int32(TW(t, T_DELETED));
    if (k == T_CLEARED) {
      *index = 0;
    } else {   /* take off the tombstones dropped before *index (binary search) */
      uint32_t lo = 0, hi = (uint32_t)k;
      while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((uint32_t)value_to_int32(TW(t, T_HEADER + mid)) < *index) lo = mid + 1;
        else hi = mid;
      }
      *index -= lo;
    }
    t = TW(t, T_NEXT);
  }
  return t;
}

/* The first live entry of live table t at or after index, or -1. Never allocates. */
static int32_t next_live(rd_value t, uint32_t index) {
  for (uint32_t used = t_used(t); index < used; index++)
    if (t_entry(t, index)[0] != VALUE_EMPTY) return (int32_t)index;
  return -1;
}

/* --- collection operations ------------------------------------------------------------------- */
static bool is_map_type(rd_value coll) { return value_instance_type(coll) == TYPE_JS_MAP; }

/* The entry of key (any value) in coll's table, or -1. Never allocates. */
static int32_t collection_find(Runtime *rt, rd_value coll, rd_value key) {
  return table_find(rt, COLL(coll)->table, canonical_key(key));
}

/* Map.prototype.set / Set.prototype.add on coll: key (canonical) gets value
 * (ignored for a Set), appended if new. */
static bool collection_set(Runtime *rt, Handle coll, Handle key, Handle value) {
  uint32_t h;
  if (!key_hash(rt, key, &h)) return false;
  rd_value t = COLL(*coll)->table;
  int32_t e = table_find(rt, t, *key);
  if (e >= 0) {
    if (t_int(t, T_ENTRY) == MAP_ENTRY_WORDS) HEAP_STORE(value_to_ptr(t), t_entry(t, (uint32_t)e)[1], *value);
    return true;
  }
  if (t_used(t) == t_capacity(t)) {
    uint32_t b = t_int(t, T_BUCKETS);
    if (t_int(t, T_DELETED) < b) b *= 2;   /* under half tombstones: grow, else compact */
    if (b > T_MAX_BUCKETS) {
      js_throw(rt, ERROR_RangeError, "%s maximum size exceeded", is_map_type(*coll) ? "Map" : "Set");
      return false;
    }
    if (!collection_rehash(rt, coll, b)) return false;
    t = COLL(*coll)->table;
  }
  table_append(t, h, *key, *value);
  return true;
}

/* Removes key (any value) from coll: true if it was there. The table may
 * shrink; that is best effort (out of memory just keeps the bigger table). */
static bool collection_delete(Runtime *rt, Handle coll, rd_value key) {
  rd_value t = COLL(*coll)->table;
  int32_t e = table_find(rt, t, canonical_key(key));
  if (e < 0) return false;
  rd_value *en = t_entry(t, (uint32_t)e);
  en[0] = VALUE_EMPTY;
  if (t_int(t, T_ENTRY) == MAP_ENTRY_WORDS) en[1] = VALUE_UNDEFINED;
  t_set_int(t, T_COUNT, t_int(t, T_COUNT) - 1);
  t_set_int(t, T_DELETED, t_int(t, T_DELETED) + 1);
  uint32_t b = t_int(t, T_BUCKETS);
  if (b > T_MIN_BUCKETS && t_int(t, T_COUNT) < t_capacity(t) / 4 && !collection_rehash(rt, coll, b / 2))
    runtime_clear_exception(rt);
  return true;
}

/* Map.prototype.clear / Set.prototype.clear. */
static bool collection_clear(Runtime *rt, Handle coll) {
  if (t_used(COLL(*coll)->table) == 0) return true;   /* no cursor can be past 0 */
  rd_value t = table_new(rt, T_MIN_BUCKETS, t_int(COLL(*coll)->table, T_ENTRY));
  if (!t) return false;
  table_retire(COLL(*coll)->table, t, true);
  HEAP_STORE(value_to_ptr(*coll), COLL(*coll)->table, t);
  return true;
}

static rd_value collection_map(Runtime *rt, int which) { return TW(ROOT(rt, collection_maps), which); }

/* A new empty Map or Set (type) whose prototype is *proto (NULL: the
 * intrinsic one); with table (NULL: a new empty one). */
static rd_value collection_new(Runtime *rt, InstanceType type, Handle proto, Handle table) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, collection_map(rt, type == TYPE_JS_MAP ? CM_MAP_MAP : CM_SET_MAP));
  Handle t = handle_new(rt, table ? *table
                                  : table_new(rt, T_MIN_BUCKETS, type == TYPE_JS_MAP ? MAP_ENTRY_WORDS : SET_ENTRY_WORDS));
  if (!*t) return VALUE_EMPTY;
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*o), COLL(*o)->table, *t);
  if (proto && *proto != MAP(*map)->prototype && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  return *o;
}

/* The receiver if it is a collection of type, else a TypeError naming method. */
static rd_value this_collection(Runtime *rt, NativeArgs *a, InstanceType type, const char *method) {
  if (value_has_type(*a->receiver, type)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "Method %s.prototype.%s called on incompatible receiver",
                  type == TYPE_JS_MAP ? "Map" : "Set", method);
}

/* --- constructors ------------------------------------------------------------------------------ */
/* What the built-in set/add does, without the call (AddEntriesFromIterable's fast path). */
static bool direct_add(Runtime *rt, Handle coll, Handle key, Handle value) {
  *key = canonical_key(*key);
  return collection_set(rt, coll, key, value);
}

/* Map ( [ iterable ] ) and Set ( [ iterable ] ) with AddEntriesFromIterable. */
static rd_value collection_ctor(Runtime *rt, NativeArgs *a, InstanceType type) {
  bool is_map = type == TYPE_JS_MAP;
  if (*a->new_target == VALUE_UNDEFINED)
    return js_throw(rt, ERROR_TypeError, "Constructor %s requires 'new'", is_map ? "Map" : "Set");
  HANDLE_SCOPE(rt);
  Handle dflt = handle_new(rt, MAP(collection_map(rt, is_map ? CM_MAP_MAP : CM_SET_MAP))->prototype);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, *dflt));
  if (!*proto) return VALUE_EMPTY;
  Handle coll = handle_new(rt, collection_new(rt, type, proto, NULL));
  if (!*coll) return VALUE_EMPTY;
  Handle iterable = handle_new(rt, native_arg(a, 0));
  if (value_is_nullish(*iterable)) return *coll;
  return lib_add_entries_from_iterable(rt, coll, iterable, is_map ? "Map" : "Set", is_map,
                                       TW(ROOT(rt, collection_maps), is_map ? CM_MAP_SET : CM_SET_ADD), direct_add);
}

static rd_value map_ctor(Runtime *rt, NativeArgs *a) { return collection_ctor(rt, a, TYPE_JS_MAP); }
static rd_value set_ctor(Runtime *rt, NativeArgs *a) { return collection_ctor(rt, a, TYPE_JS_SET); }

/* Appends value to key's group (an array) in Map m, making the group. */
static bool group_add(Runtime *rt, Handle m, Handle key, Handle value) {
  HANDLE_SCOPE(rt);
  *key = canonical_key(*key);
  Handle group = handle_new(rt, VALUE_UNDEFINED);
  int32_t e = collection_find(rt, *m, *key);
  if (e >= 0) {
    *group = t_entry(COLL(*m)->table, (uint32_t)e)[1];
  } else if (!(*group = array_new(rt, ELEMENTS_PACKED, 0)) || !collection_set(rt, m, key, group)) {
    return false;
  }
  if (element_set(rt, group, array_length(*group), value) != PROPERTY_OK) {
    if (!runtime_has_exception(rt)) js_throw(rt, ERROR_RangeError, "Invalid array length");
    return false;
  }
  return true;
}

/* Map.groupBy ( items, callback ): GroupBy with zero coercion, the groups
 * collected straight into the result Map (unobservable until returned). */
static rd_value map_group_by(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle items = handle_new(rt, native_arg(a, 0));
  Handle fn = handle_new(rt, native_arg(a, 1));
  Handle result = handle_new(rt, collection_new(rt, TYPE_JS_MAP, NULL, NULL));
  if (!*result) return VALUE_EMPTY;
  return lib_group_by(rt, items, fn, false, result, group_add, "Map.groupBy");
}

/* get Map [ @@species ], get Set [ @@species ]. */
static rd_value get_species(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return *a->receiver;
}

/* --- Map.prototype --------------------------------------------------------------------------- */
static rd_value map_get(Runtime *rt, NativeArgs *a) {
  rd_value m = this_collection(rt, a, TYPE_JS_MAP, "get");
  if (!m) return VALUE_EMPTY;
  int32_t e = collection_find(rt, m, native_arg(a, 0));
  return e < 0 ? VALUE_UNDEFINED : t_entry(COLL(m)->table, (uint32_t)e)[1];
}

static rd_value map_set(Runtime *rt, NativeArgs *a) {
  if (!this_collection(rt, a, TYPE_JS_MAP, "set")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, canonical_key(native_arg(a, 0)));
  Handle value = handle_new(rt, native_arg(a, 1));
  if (!collection_set(rt, a->receiver, key, value)) return VALUE_EMPTY;
  return *a->receiver;
}

/* Map.prototype.getOrInsert (upsert proposal): the value of key, after
 * appending (key, value) if key was absent. */
static rd_value map_get_or_insert(Runtime *rt, NativeArgs *a) {
  rd_value m = this_collection(rt, a, TYPE_JS_MAP, "getOrInsert");
  if (!m) return VALUE_EMPTY;
  int32_t e = collection_find(rt, m, native_arg(a, 0));
  if (e >= 0) return t_entry(COLL(m)->table, (uint32_t)e)[1];
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, canonical_key(native_arg(a, 0)));
  Handle value = handle_new(rt, native_arg(a, 1));
  return collection_set(rt, a->receiver, key, value) ? *value : VALUE_EMPTY;
}

/* Map.prototype.getOrInsertComputed: the value of key, else callback(key),
 * stored under key (the callback may have added key meanwhile: overwritten). */
static rd_value map_get_or_insert_computed(Runtime *rt, NativeArgs *a) {
  rd_value m = this_collection(rt, a, TYPE_JS_MAP, "getOrInsertComputed");
  if (!m) return VALUE_EMPTY;
  if (!value_is_callable(native_arg(a, 1)))
    return js_throw(rt, ERROR_TypeError, "Map.prototype.getOrInsertComputed: callback is not a function");
  int32_t e = collection_find(rt, m, native_arg(a, 0));
  if (e >= 0) return t_entry(COLL(m)->table, (uint32_t)e)[1];
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, canonical_key(native_arg(a, 0)));
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  Handle value = handle_new(rt, interp_call(rt, &a->argv[1], undef, 1, key));
  if (!*value) return VALUE_EMPTY;
  return collection_set(rt, a->receiver, key, value) ? *value : VALUE_EMPTY;
}

static rd_value set_add(Runtime *rt, NativeArgs *a) {
  if (!this_collection(rt, a, TYPE_JS_SET, "add")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, canonical_key(native_arg(a, 0)));
  if (!collection_set(rt, a->receiver, key, key)) return VALUE_EMPTY;
  return *a->receiver;
}

/* has, delete, clear, get size of either kind (data: the instance type). */
static rd_value collection_has(Runtime *rt, NativeArgs *a, InstanceType type) {
  rd_value c = this_collection(rt, a, type, "has");
  if (!c) return VALUE_EMPTY;
  return value_from_bool(collection_find(rt, c, native_arg(a, 0)) >= 0);
}
static rd_value collection_delete_fn(Runtime *rt, NativeArgs *a, InstanceType type) {
  if (!this_collection(rt, a, type, "delete")) return VALUE_EMPTY;
  return value_from_bool(collection_delete(rt, a->receiver, native_arg(a, 0)));
}
static rd_value collection_clear_fn(Runtime *rt, NativeArgs *a, InstanceType type) {
  if (!this_collection(rt, a, type, "clear")) return VALUE_EMPTY;
  return collection_clear(rt, a->receiver) ? VALUE_UNDEFINED : VALUE_EMPTY;
}
static rd_value collection_size(Runtime *rt, NativeArgs *a, InstanceType type) {
  rd_value c = this_collection(rt, a, type, "size");
  if (!c) return VALUE_EMPTY;
  return value_from_int32(value_to_int32(TW(COLL(c)->table, T_COUNT)));
}

/* Map.prototype.forEach / Set.prototype.forEach: callback(value, key, coll)
 * for each live entry, by a cursor over the table. */
static rd_value collection_for_each(Runtime *rt, NativeArgs *a, InstanceType type) {
  if (!this_collection(rt, a, type, "forEach")) return VALUE_EMPTY;
  if (!value_is_callable(native_arg(a, 0)))
    return js_throw(rt, ERROR_TypeError, "%s.prototype.forEach: the callback is not a function",
                    type == TYPE_JS_MAP ? "Map" : "Set");
  HANDLE_SCOPE(rt);
  Handle fn = handle_new(rt, native_arg(a, 0));
  Handle this_arg = handle_new(rt, native_arg(a, 1));
  Handle table = handle_new(rt, COLL(*a->receiver)->table);
  bool is_map = type == TYPE_JS_MAP;
  for (uint32_t index = 0;;) {
    *table = cursor_catch_up(*table, &index);
    int32_t e = next_live(*table, index);
    if (e < 0) return VALUE_UNDEFINED;
    index = (uint32_t)e + 1;
    rd_value *en = t_entry(*table, (uint32_t)e);
    rd_value args[3] = {is_map ? en[1] : en[0], en[0], *a->receiver};   /* copied before any allocation */
    if (!interp_call(rt, fn, this_arg, 3, args)) return VALUE_EMPTY;
  }
}

#define BOTH_KINDS(X) X(map, TYPE_JS_MAP) X(set, TYPE_JS_SET)
#define X(prefix, type)                                                                               \
  static rd_value prefix##_has(Runtime *rt, NativeArgs *a) { return collection_has(rt, a, type); }      \
  static rd_value prefix##_delete(Runtime *rt, NativeArgs *a) { return collection_delete_fn(rt, a, type); } \
  static rd_value prefix##_clear(Runtime *rt, NativeArgs *a) { return collection_clear_fn(rt, a, type); } \
  static rd_value prefix##_size(Runtime *rt, NativeArgs *a) { return collection_size(rt, a, type); }    \
  static rd_value prefix##_for_each(Runtime *rt, NativeArgs *a) { return collection_for_each(rt, a, type); }
BOTH_KINDS(X)
#undef X

/* --- iterators ----------------------------------------------------------------------------------- */
/* CreateMapIterator / CreateSetIterator on the receiver. */
static rd_value iterator_new(Runtime *rt, NativeArgs *a, InstanceType type, CollectionIterKind kind,
                             const char *method) {
  if (!this_collection(rt, a, type, method)) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, collection_map(rt, type == TYPE_JS_MAP ? CM_MAP_ITERATOR_MAP : CM_SET_ITERATOR_MAP));
  rd_value it = factory_js_object(rt, map);
  if (!it) return VALUE_EMPTY;
  JSCollectionIterator *p = CITER(it);
  HEAP_STORE(p, p->table, COLL(*a->receiver)->table);
  p->index = value_from_int32(0);
  p->kind = value_from_int32(kind);
  return it;
}

static rd_value map_keys(Runtime *rt, NativeArgs *a) { return iterator_new(rt, a, TYPE_JS_MAP, ITER_KEYS, "keys"); }
static rd_value map_values(Runtime *rt, NativeArgs *a) { return iterator_new(rt, a, TYPE_JS_MAP, ITER_VALUES, "values"); }
static rd_value map_entries(Runtime *rt, NativeArgs *a) { return iterator_new(rt, a, TYPE_JS_MAP, ITER_ENTRIES, "entries"); }
static rd_value set_values(Runtime *rt, NativeArgs *a) { return iterator_new(rt, a, TYPE_JS_SET, ITER_VALUES, "values"); }
static rd_value set_entries(Runtime *rt, NativeArgs *a) { return iterator_new(rt, a, TYPE_JS_SET, ITER_ENTRIES, "entries"); }

/* %MapIteratorPrototype%.next / %SetIteratorPrototype%.next (type: the iterator's). */
static rd_value iterator_next(Runtime *rt, NativeArgs *a, InstanceType type) {
  if (!value_has_type(*a->receiver, type))
    return js_throw(rt, ERROR_TypeError, "%s Iterator.prototype.next called on incompatible receiver",
                    type == TYPE_JS_MAP_ITERATOR ? "Map" : "Set");
  HANDLE_SCOPE(rt);
  Handle value = handle_new(rt, VALUE_UNDEFINED);
  JSCollectionIterator *p = CITER(*a->receiver);
  if (p->table == VALUE_UNDEFINED) return lib_iter_result(rt, value, true);
  uint32_t index = (uint32_t)value_to_int32(p->index);
  rd_value t = cursor_catch_up(p->table, &index);
  int32_t e = next_live(t, index);
  if (e < 0) {   /* exhausted for good, even if entries come later */
    p->table = VALUE_UNDEFINED;
    return lib_iter_result(rt, value, true);
  }
  HEAP_STORE(p, p->table, t);
  p->index = value_from_int32(e + 1);
  rd_value *en = t_entry(t, (uint32_t)e);
  bool is_map = type == TYPE_JS_MAP_ITERATOR;
  Handle key = handle_new(rt, en[0]);
  *value = is_map ? en[1] : en[0];
  CollectionIterKind kind = (CollectionIterKind)value_to_int32(p->kind);
  if (kind == ITER_KEYS) {
    *value = *key;
  } else if (kind == ITER_ENTRIES) {
    Handle entry[2] = {key, value};
    rd_value pair = array_from_list(rt, entry, 2);
    if (!pair) return VALUE_EMPTY;
    *value = pair;
  }
  return lib_iter_result(rt, value, false);
}

static rd_value map_iterator_next(Runtime *rt, NativeArgs *a) { return iterator_next(rt, a, TYPE_JS_MAP_ITERATOR); }
static rd_value set_iterator_next(Runtime *rt, NativeArgs *a) { return iterator_next(rt, a, TYPE_JS_SET_ITERATOR); }

/* --- Set methods with a set-like argument ------------------------------------------------------ */
/* A Set Record: the four fields in handles of the caller's scope. */
typedef struct SetRecord {
  Handle obj, has, keys;
  double size;   /* a non-negative integer or +Infinity */
} SetRecord;

/* GetSetRecord(other) into *r (handles made in the caller's scope). */
static bool get_set_record(Runtime *rt, Handle other, SetRecord *r) {
  if (!value_is_js_object(*other)) {
    js_throw(rt, ERROR_TypeError, "The argument is not a set-like object");
    return false;
  }
  r->obj = other;
  Handle raw = handle_new(rt, lib_get_named(rt, other, "size"));
  if (!*raw) return false;
  rd_value n = js_to_number(rt, raw);
  if (!n) return false;
  double size = value_to_number(n);
  if (isnan(size)) {
    js_throw(rt, ERROR_TypeError, "The set-like's size is not a number");
    return false;
  }
  size = trunc(size);
  if (size < 0) {
    js_throw(rt, ERROR_RangeError, "The set-like's size is negative");
    return false;
  }
  r->size = size;
  r->has = handle_new(rt, lib_get_named(rt, other, "has"));
  if (!*r->has) return false;
  if (!value_is_callable(*r->has)) {
    js_throw(rt, ERROR_TypeError, "The set-like's 'has' is not a function");
    return false;
  }
  r->keys = handle_new(rt, lib_get_named(rt, other, "keys"));
  if (!*r->keys) return false;
  if (!value_is_callable(*r->keys)) {
    js_throw(rt, ERROR_TypeError, "The set-like's 'keys' is not a function");
    return false;
  }
  return true;
}

/* GetIteratorFromMethod(r.obj, r.keys) into (*iter, *next). */
static bool keys_iterator(Runtime *rt, const SetRecord *r, Handle iter, Handle next) {
  rd_value it = lib_call(rt, r->keys, r->obj, 0, NULL);
  if (!it) return false;
  if (!value_is_js_object(it)) {
    js_throw(rt, ERROR_TypeError, "The set-like's keys() result is not an object");
    return false;
  }
  *iter = it;
  rd_value n = lib_get_named(rt, iter, "next");
  if (!n) return false;
  *next = n;
  return true;
}

/* IteratorClose(iter, normal completion). */
static bool close_normal(Runtime *rt, Handle iter) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, lib_key(rt, "return"));
  if (!*key) return false;
  Handle ret = handle_new(rt, lib_get_method(rt, iter, key));
  if (!*ret) return false;
  if (*ret == VALUE_UNDEFINED) return true;
  rd_value r = lib_call(rt, ret, iter, 0, NULL);
  if (!r) return false;
  if (!value_is_js_object(r)) {
    js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
    return false;
  }
  return true;
}

/* ToBoolean(Call(r.has, r.obj, [e])): 1, 0, or -1 on exception. */
static int record_has(Runtime *rt, const SetRecord *r, rd_value e) {
  rd_value v = lib_call(rt, r->has, r->obj, 1, &e);
  return v ? js_to_boolean(v) : -1;
}

/* A Set (with the intrinsic prototype) holding a compacted copy of set's data. */
static rd_value set_copy(Runtime *rt, Handle set) {
  HANDLE_SCOPE(rt);
  Handle src = handle_new(rt, COLL(*set)->table);
  Handle t = handle_new(rt, table_compacted(rt, src, buckets_for(t_int(*src, T_COUNT))));
  if (!*t) return VALUE_EMPTY;
  return collection_new(rt, TYPE_JS_SET, NULL, t);
}

/* Calls r.has on each element of set (a cursor: entries added meanwhile are
 * visited) until it answers `stop`: 1 it did (*at: that element), 0 never,
 * -1 exception. */
static int each_in_other(Runtime *rt, Handle set, const SetRecord *r, bool stop, Handle at) {
  HANDLE_SCOPE(rt);
  Handle table = handle_new(rt, COLL(*set)->table);
  for (uint32_t index = 0;;) {
    *table = cursor_catch_up(*table, &index);
    int32_t e = next_live(*table, index);
    if (e < 0) return 0;
    index = (uint32_t)e + 1;
    *at = t_entry(*table, (uint32_t)e)[0];
    int in = record_has(rt, r, *at);
    if (in < 0) return -1;
    if ((in == 1) == stop) return 1;
  }
}

typedef enum { OP_UNION, OP_INTERSECTION, OP_DIFFERENCE, OP_SYMMETRIC_DIFFERENCE } SetOp;

/* Set.prototype.union / intersection / difference / symmetricDifference. */
static rd_value set_combine(Runtime *rt, NativeArgs *a, SetOp op, const char *method) {
  if (!this_collection(rt, a, TYPE_JS_SET, method)) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle other = handle_new(rt, native_arg(a, 0));
  SetRecord r;
  if (!get_set_record(rt, other, &r)) return VALUE_EMPTY;
  Handle o = a->receiver;
  /* union and symmetricDifference get other's keys before copying this;
   * intersection and difference may walk this instead, when it is smaller */
  bool keys_first = op == OP_UNION || op == OP_SYMMETRIC_DIFFERENCE;
  Handle iter = handle_new(rt, VALUE_UNDEFINED), next = handle_new(rt, VALUE_UNDEFINED);
  if (keys_first && !keys_iterator(rt, &r, iter, next)) return VALUE_EMPTY;
  Handle result = handle_new(rt, op == OP_INTERSECTION ? collection_new(rt, TYPE_JS_SET, NULL, NULL) : set_copy(rt, o));
  if (!*result) return VALUE_EMPTY;
  Handle e = handle_new(rt, VALUE_UNDEFINED);
  if (!keys_first && (double)t_int(COLL(*o)->table, T_COUNT) <= r.size) {
    /* intersection walks this, difference its copy (which only it changes) */
    Handle table = handle_new(rt, COLL(op == OP_INTERSECTION ? *o : *result)->table);
    for (uint32_t index = 0;;) {
      *table = cursor_catch_up(*table, &index);
      int32_t i = next_live(*table, index);
      if (i < 0) return *result;
      index = (uint32_t)i + 1;
      *e = t_entry(*table, (uint32_t)i)[0];
      int in = record_has(rt, &r, *e);
      if (in < 0) return VALUE_EMPTY;
      if (in && op == OP_INTERSECTION && !collection_set(rt, result, e, e)) return VALUE_EMPTY;
      if (in && op == OP_DIFFERENCE) collection_delete(rt, result, *e);
    }
  }
  if (!keys_first && !keys_iterator(rt, &r, iter, next)) return VALUE_EMPTY;
  for (;;) {
    bool done;
    *e = lib_iterator_step(rt, iter, next, &done);
    if (!*e) return VALUE_EMPTY;
    if (done) return *result;
    *e = canonical_key(*e);
    switch (op) {
      case OP_UNION:
        if (!collection_set(rt, result, e, e)) return VALUE_EMPTY;
        break;
      case OP_INTERSECTION:
        if (collection_find(rt, *o, *e) >= 0 && !collection_set(rt, result, e, e)) return VALUE_EMPTY;
        break;
      case OP_DIFFERENCE:
        collection_delete(rt, result, *e);
        break;
      case OP_SYMMETRIC_DIFFERENCE:
        if (collection_find(rt, *o, *e) >= 0) collection_delete(rt, result, *e);
        else if (!collection_set(rt, result, e, e)) return VALUE_EMPTY;
        break;
    }
  }
}

static rd_value set_union(Runtime *rt, NativeArgs *a) { return set_combine(rt, a, OP_UNION, "union"); }
static rd_value set_intersection(Runtime *rt, NativeArgs *a) {
  return set_combine(rt, a, OP_INTERSECTION, "intersection");
}
static rd_value set_difference(Runtime *rt, NativeArgs *a) { return set_combine(rt, a, OP_DIFFERENCE, "difference"); }
static rd_value set_symmetric_difference(Runtime *rt, NativeArgs *a) {
  return set_combine(rt, a, OP_SYMMETRIC_DIFFERENCE, "symmetricDifference");
}

typedef enum { TEST_SUBSET, TEST_SUPERSET, TEST_DISJOINT } SetTest;

/* Set.prototype.isSubsetOf / isSupersetOf / isDisjointFrom. */
static rd_value set_test(Runtime *rt, NativeArgs *a, SetTest test, const char *method) {
  if (!this_collection(rt, a, TYPE_JS_SET, method)) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle other = handle_new(rt, native_arg(a, 0));
  SetRecord r;
  if (!get_set_record(rt, other, &r)) return VALUE_EMPTY;
  Handle o = a->receiver;
  double this_size = (double)t_int(COLL(*o)->table, T_COUNT);
  if (test == TEST_SUBSET && this_size > r.size) return VALUE_FALSE;
  if (test == TEST_SUPERSET && this_size < r.size) return VALUE_FALSE;
  Handle e = handle_new(rt, VALUE_UNDEFINED);
  if (test == TEST_SUBSET || (test == TEST_DISJOINT && this_size <= r.size)) {
    /* subset: stop at an element not in other; disjoint: at one in it */
    int found = each_in_other(rt, o, &r, test == TEST_DISJOINT, e);
    return found < 0 ? VALUE_EMPTY : value_from_bool(found == 0);
  }
  Handle iter = handle_new(rt, VALUE_UNDEFINED), next = handle_new(rt, VALUE_UNDEFINED);
  if (!keys_iterator(rt, &r, iter, next)) return VALUE_EMPTY;
  for (;;) {
    bool done;
    *e = lib_iterator_step(rt, iter, next, &done);
    if (!*e) return VALUE_EMPTY;
    if (done) return VALUE_TRUE;
    bool in_this = collection_find(rt, *o, *e) >= 0;
    if (in_this == (test == TEST_DISJOINT)) return close_normal(rt, iter) ? VALUE_FALSE : VALUE_EMPTY;
  }
}

static rd_value set_is_subset_of(Runtime *rt, NativeArgs *a) { return set_test(rt, a, TEST_SUBSET, "isSubsetOf"); }
static rd_value set_is_superset_of(Runtime *rt, NativeArgs *a) {
  return set_test(rt, a, TEST_SUPERSET, "isSupersetOf");
}
static rd_value set_is_disjoint_from(Runtime *rt, NativeArgs *a) {
  return set_test(rt, a, TEST_DISJOINT, "isDisjointFrom");
}

/* --- installation ------------------------------------------------------------------------------- */
/* A map of a collection or iterator type whose instances have prototype *proto. */
static rd_value instance_map(Runtime *rt, InstanceType type, Handle proto) {
  bool iter = type == TYPE_JS_MAP_ITERATOR || type == TYPE_JS_SET_ITERATOR;
  uint32_t header = iter ? JS_COLLECTION_ITERATOR_HEADER_WORDS : JS_COLLECTION_HEADER_WORDS;
  uint32_t inobject = iter ? 0 : 4;
  rd_value m = factory_map(rt, type, 8 * (header + inobject), inobject, proto);
  if (m) MAP(m)->inobject_start = (uint8_t)header;
  return m;
}


/* Defines target[alias] as the function already at target[name] (writable, configurable). */
static bool define_alias(Runtime *rt, Handle target, const char *alias, const char *name) {
  HANDLE_SCOPE(rt);
  Handle fn = handle_new(rt, lib_get_named(rt, target, name));
  return *fn && builtins_define(rt, target, alias, fn, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE);
}

/* Defines target[@@toStringTag] = tag (configurable only). */
static bool define_tag(Runtime *rt, Handle target, const char *tag) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, lib_key(rt, tag));
  return *s && builtins_define(rt, target, "@toStringTag", s, PROPERTY_CONFIGURABLE);
}

/* One of the two globals: constructor, prototype with methods, instance map,
 * iterator prototype with next and its iterator map, into ROOT collection_maps. */
static bool install_kind(Runtime *rt, InstanceType type, const BuiltinMethod *methods, size_t n) {
  HANDLE_SCOPE(rt);
  bool is_map = type == TYPE_JS_MAP;
  const char *name = is_map ? "Map" : "Set";
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  Handle ctor = handle_new(rt, builtins_constructor(rt, name, is_map ? map_ctor : set_ctor, 0, proto));
  if (!*ctor || !builtins_install(rt, proto, methods, n)) return false;
  rd_value m = instance_map(rt, type, proto);
  if (!m) return false;
  HEAP_STORE(value_to_ptr(ROOT(rt, collection_maps)), TW(ROOT(rt, collection_maps), is_map ? CM_MAP_MAP : CM_SET_MAP), m);
  rd_value adder = lib_get_named(rt, proto, is_map ? "set" : "add");
  if (!adder) return false;
  HEAP_STORE(value_to_ptr(ROOT(rt, collection_maps)), TW(ROOT(rt, collection_maps), is_map ? CM_MAP_SET : CM_SET_ADD),
             adder);
  if (!builtins_define_getter(rt, proto, "size", is_map ? map_size : set_size) ||
      !builtins_define_getter(rt, ctor, "@species", get_species) ||
      !(is_map ? define_alias(rt, proto, "@iterator", "entries")
               : define_alias(rt, proto, "keys", "values") && define_alias(rt, proto, "@iterator", "values")) ||
      !define_tag(rt, proto, name))
    return false;
  if (is_map) {
    static const BuiltinMethod statics[] = {{"groupBy", map_group_by, 2}};
    if (!builtins_install(rt, ctor, statics, ARRAY_LEN(statics))) return false;
  }

  /* %MapIteratorPrototype% / %SetIteratorPrototype% and the iterators' map. */
  Handle iter_proto = handle_new(rt, builtins_object_with_proto(rt, ROOT_SLOT(rt, iterator_prototype)));
  if (!*iter_proto) return false;
  BuiltinMethod next = {"next", is_map ? map_iterator_next : set_iterator_next, 0};
  if (!builtins_install(rt, iter_proto, &next, 1) || !define_tag(rt, iter_proto, is_map ? "Map Iterator" : "Set Iterator"))
    return false;
  m = instance_map(rt, is_map ? TYPE_JS_MAP_ITERATOR : TYPE_JS_SET_ITERATOR, iter_proto);
  if (!m) return false;
  HEAP_STORE(value_to_ptr(ROOT(rt, collection_maps)),
             TW(ROOT(rt, collection_maps), is_map ? CM_MAP_ITERATOR_MAP : CM_SET_ITERATOR_MAP), m);
  return builtins_define_global(rt, name, ctor);
}

bool builtins_init_collections(Runtime *rt) {
  rd_value maps = factory_fixed_array(rt, CM_COUNT, VALUE_UNDEFINED, ALLOC_OLD);
  if (!maps) return false;
  rt->roots[ROOT_collection_maps] = maps;
  static const BuiltinMethod map_methods[] = {
      {"clear", map_clear, 0},   {"delete", map_delete, 1},   {"entries", map_entries, 0},
      {"forEach", map_for_each, 1}, {"get", map_get, 1},      {"has", map_has, 1},
      {"keys", map_keys, 0},     {"set", map_set, 2},         {"values", map_values, 0},
      {"getOrInsert", map_get_or_insert, 2}, {"getOrInsertComputed", map_get_or_insert_computed, 2},
  };
  static const BuiltinMethod set_methods[] = {
      {"add", set_add, 1},
      {"clear", set_clear, 0},
      {"delete", set_delete, 1},
      {"difference", set_difference, 1},
      {"entries", set_entries, 0},
      {"forEach", set_for_each, 1},
      {"has", set_has, 1},
      {"intersection", set_intersection, 1},
      {"isDisjointFrom", set_is_disjoint_from, 1},
      {"isSubsetOf", set_is_subset_of, 1},
      {"isSupersetOf", set_is_superset_of, 1},
      {"symmetricDifference", set_symmetric_difference, 1},
      {"union", set_union, 1},
      {"values", set_values, 0},
  };
  return install_kind(rt, TYPE_JS_MAP, map_methods, ARRAY_LEN(map_methods)) &&
         install_kind(rt, TYPE_JS_SET, set_methods, ARRAY_LEN(set_methods));
}
