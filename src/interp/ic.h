/*
 * ic.h - inline caches (DESIGN 5): per-site memories of how a property
 * access was done, kept in the function's FeedbackVector, where the
 * interpreter replays them and the optimizing compiler reads them.
 *
 * Property slots (GetNamedProperty, SetNamedProperty, DefineNamedOwnProperty,
 * GetKeyedProperty, SetKeyedProperty). Word 0 is the state:
 *
 *   int32 0               uninitialized
 *   a Map                 monomorphic: word 1 is the handler for that map
 *   a FixedArray          polymorphic: (map, handler) pairs, at most
 *                         IC_MAX_POLYMORPHIC
 *   FEEDBACK_MEGAMORPHIC  megamorphic: handlers come from the stub cache
 *
 * Global slots (LdaGlobal, LdaGlobalInsideTypeof, StaGlobal): word 0 is the
 * PropertyCell of the binding (of the global object or the script lexical
 * record), word 1 the int32 rt->global_epoch it was cached under; int32 0
 * when uninitialized, FEEDBACK_MEGAMORPHIC when the binding cannot be cached.
 *
 * Handlers. A simple handler is one int32 word:
 *
 *    31 30            14 13           4 3      0
 *   +--+----------------+--------------+--------+
 *   |0 |  index (17)    |  desc (10)   | kind(4)|
 *   +--+----------------+--------------+--------+
 *    kind   IC_HANDLER_LIST
 *    desc   descriptor number of the property (stores: its representation)
 *    index  word offset in the object (in-object fields), slot of the
 *           overflow array, or dictionary entry
 *
 * A holder handler is a FixedArray [word, object, epoch]: the access reads
 * `object` (a prototype holding the property; for transitions the target
 * map) and is valid only while rt->proto_epoch still equals `epoch`, i.e.
 * while no prototype changed shape since the handler was made.
 *
 * Invariants: no handler is made for an exotic map (MAP_EXOTIC), for
 * dictionary-mode receivers, or for accessors. Applying a handler never
 * allocates; it returns VALUE_EMPTY / false when it does not apply, and the
 * caller then takes the miss path, which does the access the generic way
 * and updates the slot (printing the transition under --trace-ic).
 */
#ifndef RONDO_INTERP_IC_H
#define RONDO_INTERP_IC_H

#include "interp/interp_ops.h"
#include "objects/dictionary.h"
#include "objects/object.h"
#include "objects/string.h"

#define IC_HANDLER_LIST(X)                                                     \
  X(SLOW, "slow")                         /* the generic path */              \
  X(LOAD_INOBJECT, "field")               /* index: word offset */            \
  X(LOAD_OVERFLOW, "overflow field")      /* index: overflow array slot */    \
  X(LOAD_DICT, "dictionary entry")        /* holders only; index: entry */    \
  X(LOAD_NONEXISTENT, "nonexistent")      /* holders only: undefined */       \
  X(LOAD_ARRAY_LENGTH, "array length")                                        \
  X(LOAD_STRING_LENGTH, "string length")                                      \
  X(STORE_INOBJECT, "store field")                                            \
  X(STORE_OVERFLOW, "store overflow field")                                   \
  X(TRANSITION_INOBJECT, "add field")     /* holder: the target map */        \
  X(TRANSITION_OVERFLOW, "add overflow field")                                \
  X(ELEMENT, "element")                   /* keyed sites: by elements kind */
typedef enum {
#define X(name, str) IC_##name,
  IC_HANDLER_LIST(X)
#undef X
  IC_HANDLER_COUNT
} ICHandlerKind;
extern const char *const ic_handler_names[IC_HANDLER_COUNT];

#define IC_KIND_MASK 15
#define IC_DESC_SHIFT 4
#define IC_DESC_MAX 1023
#define IC_INDEX_SHIFT 14
#define IC_INDEX_MAX ((1u << 17) - 1)
#define IC_MAX_POLYMORPHIC 4
/* The index field of an IC_ELEMENT word: the site has met an index outside
 * its object's elements (a hole, past the length, an append), so compiled
 * code should not assume in-bounds accesses there. */
#define IC_ELEMENT_OUT_OF_BOUNDS 1u
enum { IC_HOLDER_WORD, IC_HOLDER_OBJECT, IC_HOLDER_EPOCH, IC_HOLDER_SIZE };

RD_INLINE rd_value ic_word(ICHandlerKind kind, uint32_t desc, uint32_t index) {
  return value_from_int32((int32_t)((uint32_t)kind | desc << IC_DESC_SHIFT | index << IC_INDEX_SHIFT));
}

/* Slot s (words 0 and 1) of feedback vector fv. */
RD_INLINE rd_value *ic_slot(rd_value fv, uint32_t s) {
  return &FIXED_ARRAY(fv)->data[feedback_slot_index(s)];
}

/* The map word of heap value v. */
RD_INLINE rd_value ic_map_of(rd_value v) { return ((HeapObject *)value_to_ptr(v))->map; }

/* The stub cache: RUNTIME_STUB_CACHE_WORDS of (map, name, handler) entries
 * in two tables, indexed by a hash of map and name addresses. Addresses
 * change when the GC moves a map or name; an entry is then simply never
 * found again (a match compares both), so the cache needs no GC hook. */
#define IC_STUB_ENTRIES 512
RD_INLINE rd_value *ic_stub_entry(Runtime *rt, bool store, rd_value map, rd_value name) {
  uint64_t h = (map >> 3) * 0x9E3779B1u ^ (name >> 3);
  uint32_t i = (uint32_t)(h ^ h >> 13) & (IC_STUB_ENTRIES - 1);
  return &rt->stub_cache[((store ? IC_STUB_ENTRIES : 0) + i) * 3];
}
RD_INLINE rd_value ic_stub_lookup(Runtime *rt, bool store, rd_value map, rd_value name) {
  rd_value *e = ic_stub_entry(rt, store, map, name);
  return e[0] == map && e[1] == name ? e[2] : VALUE_EMPTY;
}

/* The handler slot state s holds for map, or VALUE_EMPTY (megamorphic: the stub cache). */
RD_INLINE rd_value ic_find_handler(Runtime *rt, const rd_value *s, rd_value map, rd_value name,
                                   bool store) {
  if (s[0] == map) return s[1];
  if (s[0] == FEEDBACK_MEGAMORPHIC) return ic_stub_lookup(rt, store, map, name);
  if (value_is_ptr(s[0]) && value_has_type(s[0], TYPE_FIXED_ARRAY)) {
    const FixedArray *p = FIXED_ARRAY(s[0]);
    uint32_t n = fixed_array_length(s[0]);
    for (uint32_t i = 0; i < n; i += 2)
      if (p->data[i] == map) return p->data[i + 1];
  }
  return VALUE_EMPTY;
}

/* True if a keyed slot has seen map (or is megamorphic): its element fast path may run. */
RD_INLINE bool ic_keyed_seen(Runtime *rt, const rd_value *s, rd_value map) {
  return s[0] == map || s[0] == FEEDBACK_MEGAMORPHIC || ic_find_handler(rt, s, map, VALUE_EMPTY, false);
}

/* Loads through handler h from recv (whose map h was made for). Never allocates. */
RD_INLINE rd_value ic_apply_load(Runtime *rt, rd_value recv, rd_value h) {
  rd_value holder = recv;
  if (RD_UNLIKELY(!value_is_int32(h))) {
    const FixedArray *a = FIXED_ARRAY(h);
    if (a->data[IC_HOLDER_EPOCH] != value_from_int32((int32_t)rt->proto_epoch)) return VALUE_EMPTY;
    holder = a->data[IC_HOLDER_OBJECT];
    h = a->data[IC_HOLDER_WORD];
  }
  uint32_t w = (uint32_t)value_to_int32(h), index = w >> IC_INDEX_SHIFT;
  switch ((ICHandlerKind)(w & IC_KIND_MASK)) {
    case IC_LOAD_INOBJECT: return ((rd_value *)value_to_ptr(holder))[index];
    case IC_LOAD_OVERFLOW: return FIXED_ARRAY(JS_OBJECT(holder)->properties)->data[index];
    case IC_LOAD_DICT: return dictionary_value_at(JS_OBJECT(holder)->properties, index);
    case IC_LOAD_NONEXISTENT: return VALUE_UNDEFINED;
    case IC_LOAD_ARRAY_LENGTH: return JS_ARRAY(holder)->length;
    case IC_LOAD_STRING_LENGTH: return value_from_int32((int32_t)string_length(holder));
    default: return VALUE_EMPTY;
  }
}

/* Stores v through handler h into recv (whose map h was made for); false
 * when the handler does not apply (a representation change, no room in the
 * overflow array, a stale epoch). Never allocates. */
RD_INLINE bool ic_apply_store(Runtime *rt, rd_value recv, rd_value h, rd_value v) {
  rd_value target = VALUE_EMPTY;
  if (RD_UNLIKELY(!value_is_int32(h))) {
    const FixedArray *a = FIXED_ARRAY(h);
    if (a->data[IC_HOLDER_EPOCH] != value_from_int32((int32_t)rt->proto_epoch)) return false;
    target = a->data[IC_HOLDER_OBJECT];
    h = a->data[IC_HOLDER_WORD];
  }
  uint32_t w = (uint32_t)value_to_int32(h), index = w >> IC_INDEX_SHIFT;
  uint32_t desc = (w >> IC_DESC_SHIFT) & IC_DESC_MAX;
  ICHandlerKind kind = (ICHandlerKind)(w & IC_KIND_MASK);
  if (kind < IC_STORE_INOBJECT || kind > IC_TRANSITION_OVERFLOW) return false;
  HeapObject *o = value_to_ptr(recv);
  rd_value map = target ? target : o->map;
  if (!representation_fits(details_rep(map_descriptor_details(map, desc)), v)) return false;
  switch (kind) {
    case IC_STORE_INOBJECT:
      heap_store(o, &((rd_value *)o)[index], v);
      return true;
    case IC_STORE_OVERFLOW: {
      FixedArray *p = FIXED_ARRAY(JS_OBJECT(recv)->properties);
      heap_store((HeapObject *)p, &p->data[index], v);
      return true;
    }
    case IC_TRANSITION_INOBJECT:
      heap_store(o, &((rd_value *)o)[index], v);
      HEAP_STORE(o, o->map, target);
      return true;
    case IC_TRANSITION_OVERFLOW: {
      FixedArray *p = FIXED_ARRAY(JS_OBJECT(recv)->properties);
      if (index >= fixed_array_length(JS_OBJECT(recv)->properties)) return false;
      heap_store((HeapObject *)p, &p->data[index], v);
      HEAP_STORE(o, o->map, target);
      return true;
    }
    default:
      return false;
  }
}

/* True if recv's elements are a fast store the element handlers may touch. */
RD_INLINE bool ic_fast_elements(const Map *m) {
  return (m->instance_type == TYPE_JS_ARRAY || m->instance_type == TYPE_JS_OBJECT) &&
         !(m->bit_field & MAP_EXOTIC) && m->elements_kind <= ELEMENTS_HOLEY;
}

/* Element i of typed array recv when it is a Number in bounds; VALUE_EMPTY
 * otherwise (BigInt types, out of bounds, detached). Never allocates. */
rd_value ic_typed_array_load(rd_value recv, uint32_t i);

/* recv[i] from fast elements without a hole (or a typed array's Number
 * element); VALUE_EMPTY otherwise. Never allocates. */
/* s[i] for a sequential string or a flattened cons string: the shared
 * one-character string of a Latin-1 character; VALUE_EMPTY otherwise
 * (a miss: the generic path flattens and allocates). Never allocates. */
RD_INLINE rd_value ic_string_char_load(Runtime *rt, rd_value s, uint32_t i) {
  InstanceType t = value_instance_type(s);
  if (t == TYPE_CONS_STRING) {
    const ConsString *c = (const ConsString *)value_to_ptr(s);
    if (c->second != ROOT(rt, empty_string)) return VALUE_EMPTY;
    s = c->first;
    t = value_instance_type(s);
  }
  if (i >= STRING(s)->length) return VALUE_EMPTY;
  uint16_t ch;
  if (t == TYPE_ONE_BYTE_STRING || t == TYPE_INTERNALIZED_ONE_BYTE_STRING) ch = ((const SeqOneByteString *)value_to_ptr(s))->chars[i];
  else if (t == TYPE_TWO_BYTE_STRING || t == TYPE_INTERNALIZED_TWO_BYTE_STRING) ch = ((const SeqTwoByteString *)value_to_ptr(s))->chars[i];
  else return VALUE_EMPTY;
  return ch < 256 ? FIXED_ARRAY(ROOT(rt, single_character_strings))->data[ch] : VALUE_EMPTY;
}

RD_INLINE rd_value ic_element_load(Runtime *rt, rd_value recv, uint32_t i) {
  const Map *m = heap_object_map(value_to_ptr(recv));
  if (!ic_fast_elements(m)) {
    if (m->instance_type == TYPE_JS_TYPED_ARRAY) return ic_typed_array_load(recv, i);
    return instance_type_is_string((InstanceType)m->instance_type) ? ic_string_char_load(rt, recv, i) : VALUE_EMPTY;
  }
  rd_value store = JS_OBJECT(recv)->elements;
  if (i >= fixed_array_length(store)) return VALUE_EMPTY;
  if (m->instance_type == TYPE_JS_ARRAY && !((double)i < value_to_number(JS_ARRAY(recv)->length)))
    return VALUE_EMPTY;
  if (m->elements_kind == ELEMENTS_PACKED_DOUBLE || m->elements_kind == ELEMENTS_HOLEY_DOUBLE) {
    uint64_t bits = FIXED_DOUBLE_ARRAY(store)->bits[i];
    return bits == VALUE_HOLE_NAN_BITS ? VALUE_EMPTY : value_from_number(bits_double(bits));
  }
  return FIXED_ARRAY(store)->data[i];   /* the hole is VALUE_EMPTY: a miss */
}

/* recv[i] = v into fast elements: an existing element of a kind that holds
 * v, or an append at an array's length within its capacity when no
 * prototype has elements. False when that is not the case. Never allocates. */
bool ic_element_store(Runtime *rt, rd_value recv, uint32_t i, rd_value v);

/* recv[key] for C code that reads the same named property over and over
 * (the iteration protocol's @@iterator, next, done...): through the stub
 * cache, whose entry is made on the first miss, else js_get. May run
 * getters (and allocate) like js_get. */
rd_value ic_load_cached(Runtime *rt, Handle recv, Handle key) RD_MUST_CHECK;

/* The miss paths: the access done the generic way (may allocate, throw and
 * run JavaScript), then the slot updated. fp is the running frame (its
 * feedback vector, function and saved offset); operands are Handles. */
rd_value ic_load_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle recv, Handle key) RD_MUST_CHECK;
bool ic_store_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle recv, Handle key, Handle value,
                   bool strict, bool define) RD_MUST_CHECK;
rd_value ic_keyed_load_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle recv, Handle key) RD_MUST_CHECK;
bool ic_keyed_store_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle recv, Handle key,
                         Handle value, bool strict) RD_MUST_CHECK;
/* Global name loads and stores (script lexicals first, then the global object). */
rd_value ic_global_load_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle name,
                             bool inside_typeof) RD_MUST_CHECK;
bool ic_global_store_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle name, Handle value,
                          bool strict) RD_MUST_CHECK;

/* The cell a global slot caches, if it is still valid for a load (store:
 * and writable); VALUE_EMPTY otherwise. Never allocates. */
RD_INLINE PropertyCell *ic_global_cell(Runtime *rt, const rd_value *s, bool store) {
  if (!value_is_ptr(s[0]) || s[1] != value_from_int32((int32_t)rt->global_epoch)) return NULL;
  PropertyCell *c = (PropertyCell *)value_to_ptr(s[0]);
  uint32_t d = (uint32_t)value_to_int32(c->details);
  uint32_t bad = PROPERTY_CELL_INVALID | (uint32_t)PROPERTY_KIND_ACCESSOR << PROPERTY_KIND_SHIFT;
  if (d & bad) return NULL;
  if (store && !(d & PROPERTY_WRITABLE)) return NULL;
  return c;
}

#endif
