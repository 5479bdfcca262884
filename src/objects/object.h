/*
 * object.h - the JS object model (DESIGN section 2): property details, maps
 * with descriptor arrays and transitions (map.c), named properties
 * (object.c), elements and JS arrays (elements.c). Dictionaries are in
 * objects/dictionary.h.
 *
 * Keys. Every function taking a key accepts any primitive: internalized
 * strings and symbols are used as they are, numbers and strings that are
 * array indices ("0".."4294967294") go to the elements, anything else is
 * turned into an internalized string first (object_canonical_key). Keys
 * returned by this API (object_own_keys) are canonical: array indices as
 * numbers, names as internalized strings or symbols.
 *
 * Accessors. The interpreter that can call functions comes later, so
 * object_get returns the AccessorPair itself when it finds an accessor (the
 * caller invokes pair->getter with the receiver), and object_set returns
 * PROPERTY_CALL_SETTER with the pair instead of calling pair->setter.
 *
 * Allocation: every function taking a Runtime* may allocate and run a GC
 * (heap-object arguments come in Handles) unless its comment says it never
 * allocates; failures return VALUE_EMPTY / false / PROPERTY_EXCEPTION with
 * the exception pending in rt->exception.
 */
#ifndef RONDO_OBJECTS_OBJECT_H
#define RONDO_OBJECTS_OBJECT_H

#include "runtime/runtime.h"

/* --- property details ---------------------------------------------------------
 * One packed word per property, stored as an int32 value in descriptor
 * arrays and dictionaries:
 *
 *   31 30                       8 7     5   4     3    2   1   0
 *  +--+--------------------------+-------+-----+------+---+---+---+
 *  |0 | index (23 bits)          |  rep  | loc | kind | C | E | W |
 *  +--+--------------------------+-------+-----+------+---+---+---+
 *   W/E/C  writable / enumerable / configurable (W is meaningless for accessors)
 *   kind   0 data, 1 accessor
 *   loc    0 field (value in the object), 1 descriptor (value in the map's
 *          descriptor array: accessor pairs of fast-mode objects)
 *   rep    field representation (REPRESENTATION_LIST), fast-mode fields only
 *   index  fast mode: the field index (in-object first, then the overflow
 *          array); dictionary mode: the enumeration index (insertion order)
 * Bit 31 stays clear so the word is a non-negative int32.                    */
#define PROPERTY_WRITABLE 1u
#define PROPERTY_ENUMERABLE 2u
#define PROPERTY_CONFIGURABLE 4u
#define PROPERTY_ATTRS_MASK 7u
#define PROPERTY_ATTRS_DEFAULT (PROPERTY_WRITABLE | PROPERTY_ENUMERABLE | PROPERTY_CONFIGURABLE)
#define PROPERTY_KIND_SHIFT 3
#define PROPERTY_LOCATION_SHIFT 4
#define PROPERTY_REP_SHIFT 5
#define PROPERTY_REP_MASK 7u
#define PROPERTY_INDEX_SHIFT 8
#define PROPERTY_INDEX_MAX ((1u << 23) - 1)

/* A PropertyCell's details word marks a deleted property with this bit
 * (cells have no index), so inline caches holding the cell miss. */
#define PROPERTY_CELL_INVALID (1u << PROPERTY_INDEX_SHIFT)

typedef uint32_t PropertyDetails;
typedef enum { PROPERTY_KIND_DATA = 0, PROPERTY_KIND_ACCESSOR = 1 } PropertyKind;
typedef enum { PROPERTY_LOCATION_FIELD = 0, PROPERTY_LOCATION_DESCRIPTOR = 1 } PropertyLocation;

/* Field representations, from most to least precise. DOUBLE means "any
 * number word" (an int32-boxed value may sit in a double field: values are
 * NaN-boxed, nothing is unboxed); the optimizer reads these as facts about
 * every object of the map. X(NAME, printable name). */
#define REPRESENTATION_LIST(X)   \
  X(NONE, "none")                \
  X(INT32, "int32")              \
  X(DOUBLE, "double")            \
  X(HEAP_OBJECT, "heap-object")  \
  X(TAGGED, "tagged")
typedef enum {
#define X(name, str) REP_##name,
  REPRESENTATION_LIST(X)
#undef X
  REP_COUNT
} Representation;
extern const char *const representation_names[REP_COUNT];

RD_INLINE PropertyDetails details_make(uint32_t attrs, PropertyKind kind, PropertyLocation loc,
                                       Representation rep, uint32_t index) {
  return (attrs & PROPERTY_ATTRS_MASK) | ((uint32_t)kind << PROPERTY_KIND_SHIFT) |
         ((uint32_t)loc << PROPERTY_LOCATION_SHIFT) | ((uint32_t)rep << PROPERTY_REP_SHIFT) |
         (index << PROPERTY_INDEX_SHIFT);
}
RD_INLINE uint32_t details_attrs(PropertyDetails d) { return d & PROPERTY_ATTRS_MASK; }
RD_INLINE bool details_writable(PropertyDetails d) { return d & PROPERTY_WRITABLE; }
RD_INLINE bool details_enumerable(PropertyDetails d) { return d & PROPERTY_ENUMERABLE; }
RD_INLINE bool details_configurable(PropertyDetails d) { return d & PROPERTY_CONFIGURABLE; }
RD_INLINE PropertyKind details_kind(PropertyDetails d) {
  return (PropertyKind)((d >> PROPERTY_KIND_SHIFT) & 1);
}
RD_INLINE PropertyLocation details_location(PropertyDetails d) {
  return (PropertyLocation)((d >> PROPERTY_LOCATION_SHIFT) & 1);
}
RD_INLINE Representation details_rep(PropertyDetails d) {
  return (Representation)((d >> PROPERTY_REP_SHIFT) & PROPERTY_REP_MASK);
}
RD_INLINE uint32_t details_index(PropertyDetails d) { return d >> PROPERTY_INDEX_SHIFT; }
RD_INLINE PropertyDetails details_with_rep(PropertyDetails d, Representation r) {
  return (d & ~(PROPERTY_REP_MASK << PROPERTY_REP_SHIFT)) | ((uint32_t)r << PROPERTY_REP_SHIFT);
}
RD_INLINE PropertyDetails details_with_index(PropertyDetails d, uint32_t i) {
  return (d & ((1u << PROPERTY_INDEX_SHIFT) - 1)) | (i << PROPERTY_INDEX_SHIFT);
}
RD_INLINE PropertyDetails details_with_attrs(PropertyDetails d, uint32_t attrs) {
  return (d & ~PROPERTY_ATTRS_MASK) | (attrs & PROPERTY_ATTRS_MASK);
}
RD_INLINE rd_value details_to_value(PropertyDetails d) { return value_from_int32((int32_t)d); }
RD_INLINE PropertyDetails details_from_value(rd_value v) { return (uint32_t)value_to_int32(v); }

/* The most precise representation that holds v. */
RD_INLINE Representation representation_of(rd_value v) {
  if (value_is_int32(v)) return REP_INT32;
  if (value_is_number(v)) return REP_DOUBLE;
  if (value_is_ptr(v)) return REP_HEAP_OBJECT;
  return REP_TAGGED;
}
/* True if a field of representation r may hold v unchanged. */
RD_INLINE bool representation_fits(Representation r, rd_value v) {
  switch (r) {
    case REP_INT32: return value_is_int32(v);
    case REP_DOUBLE: return value_is_number(v);
    case REP_HEAP_OBJECT: return value_is_ptr(v);
    case REP_TAGGED: return true;
    default: return false;
  }
}
/* The least general representation covering both a and b. */
RD_INLINE Representation representation_generalize(Representation a, Representation b) {
  if (a == REP_NONE) return b;
  if (b == REP_NONE || a == b) return a;
  if ((a == REP_INT32 || a == REP_DOUBLE) && (b == REP_INT32 || b == REP_DOUBLE)) return REP_DOUBLE;
  return REP_TAGGED;
}

/* --- descriptor arrays (map.c) ------------------------------------------------
 * A DESCRIPTOR_ARRAY is FixedArray-shaped:
 *   data[0]            count: descriptors in use (int32)
 *   data[1 + 3i + 0]   key (internalized string or symbol)
 *   data[1 + 3i + 1]   details (int32)
 *   data[1 + 3i + 2]   value: the AccessorPair of a descriptor-located
 *                      accessor, undefined for fields
 * A map sees the prefix [0, own_descriptors). Maps along a transition chain
 * share one array (see map.c); entries never change except the rep bits.  */
#define DESCRIPTOR_HEADER 1
#define DESCRIPTOR_ENTRY 3

RD_INLINE uint32_t descriptors_count(rd_value d) {
  return fixed_array_length(d) ? (uint32_t)value_to_int32(FIXED_ARRAY(d)->data[0]) : 0;
}
RD_INLINE uint32_t descriptors_capacity(rd_value d) {
  uint32_t len = fixed_array_length(d);
  return len ? (len - DESCRIPTOR_HEADER) / DESCRIPTOR_ENTRY : 0;
}
RD_INLINE rd_value *descriptors_slot(rd_value d, uint32_t i) {
  return &FIXED_ARRAY(d)->data[DESCRIPTOR_HEADER + DESCRIPTOR_ENTRY * i];
}
RD_INLINE rd_value map_descriptor_key(rd_value map, uint32_t i) {
  return descriptors_slot(MAP(map)->descriptors, i)[0];
}
RD_INLINE PropertyDetails map_descriptor_details(rd_value map, uint32_t i) {
  return details_from_value(descriptors_slot(MAP(map)->descriptors, i)[1]);
}
RD_INLINE rd_value map_descriptor_value(rd_value map, uint32_t i) {
  return descriptors_slot(MAP(map)->descriptors, i)[2];
}

/* --- maps (map.c) ---------------------------------------------------------------
 * Transitions. A TRANSITION_ARRAY is FixedArray-shaped: data[0] = count,
 * then (key, attrs int32, target map) triples. Kinds of transition:
 *   property   key = the property key, attrs = W|E|C | kind << 3
 *   elements   key = ROOT elements_transition_symbol, attrs = target kind
 *   no-extend  key = ROOT elements_transition_symbol, attrs = TRANSITION_PREVENT_EXTENSIONS
 *   prototype  key = the new prototype (or null), attrs = TRANSITION_PROTOTYPE
 * Every map made by a transition has back_pointer = its parent and appears
 * in exactly one parent's transition array, so the maps form trees (roots:
 * initial maps, whose back_pointer is undefined). Dictionary-mode maps are
 * never in a tree: each belongs to one object.                              */
#define TRANSITION_HEADER 1
#define TRANSITION_ENTRY 3
#define TRANSITION_PREVENT_EXTENSIONS 64
#define TRANSITION_PROTOTYPE 65
/* A fast-mode object with this many properties goes to dictionary mode on the next add. */
#define OBJECT_MAX_FAST_PROPERTIES 128

/* Descriptor number of key in map's own descriptors, or -1. Never allocates. */
int32_t map_find_descriptor(rd_value map, rd_value key);
/* Number of field-located properties of map (fast mode). Never allocates. */
uint32_t map_field_count(rd_value map);
/* Target of transition (key, attrs) from map, or VALUE_EMPTY. Never allocates. */
rd_value map_find_transition(rd_value map, rd_value key, int32_t attrs);
/* A copy of map (same type, size, kind, flags, prototype, descriptors) that
 * is in no transition tree. */
rd_value map_copy(Runtime *rt, Handle map) RD_MUST_CHECK;
/* The child of map adding property key (kind/attrs; a field of representation
 * rep, or a descriptor holding `pair` for an accessor): the existing
 * transition if there is one (for a data field, its representation is
 * generalized to cover rep), else a new map recorded as a transition. For an
 * accessor whose existing transition holds a different pair, returns
 * VALUE_UNDEFINED (the caller goes to dictionary mode). */
rd_value map_transition_add(Runtime *rt, Handle map, Handle key, uint32_t attrs,
                            PropertyKind kind, Representation rep, Handle pair) RD_MUST_CHECK;
/* Generalizes descriptor i's representation to cover rep, in place, in the
 * map that introduced it and every map below that one. Never allocates. */
void map_generalize_field(rd_value map, uint32_t i, Representation rep);
/* The map like map but with elements kind `kind` (shared via transitions). */
rd_value map_transition_elements(Runtime *rt, Handle map, ElementsKind kind) RD_MUST_CHECK;
/* The map like map but with prototype proto (a JS object or null). */
rd_value map_transition_prototype(Runtime *rt, Handle map, Handle proto) RD_MUST_CHECK;
/* The map like map but not extensible. */
rd_value map_transition_prevent_extensions(Runtime *rt, Handle map) RD_MUST_CHECK;
/* A fresh dictionary-mode map for one object with map's type, size, kind,
 * prototype and flags. */
rd_value map_copy_dictionary(Runtime *rt, Handle map) RD_MUST_CHECK;
/* Clears MAP_STABLE (an object left the map) and, if it was set, calls
 * map_notify_unstable. Never allocates today. */
void map_mark_unstable(Runtime *rt, Handle map);
/* Hook for optimized code that assumed map stays stable (issue 4): will mark
 * the map's dependent code for deoptimization. Does nothing yet. */
void map_notify_unstable(Runtime *rt, Handle map);

/* --- named properties (object.c) ------------------------------------------------ */
typedef enum {
  LOOKUP_NOT_FOUND,
  LOOKUP_FIELD,        /* fast mode, value in field details_index(details) */
  LOOKUP_DESCRIPTOR,   /* fast mode, value (an AccessorPair) in descriptor `index` */
  LOOKUP_DICTIONARY,   /* dictionary mode, NameDictionary entry `index` */
  LOOKUP_ELEMENT,      /* element `index` */
  LOOKUP_ARRAY_LENGTH, /* the length of a JS array (writable, not enumerable/configurable) */
  LOOKUP_EXOTIC,       /* found by an exotic object's hook; `index` is the hook's */
} LookupKind;

typedef struct PropertyLookup {
  LookupKind kind;
  PropertyDetails details;
  uint32_t index;      /* descriptor number, dictionary entry or element index */
} PropertyLookup;

/* What a property operation did. */
typedef enum {
  PROPERTY_OK,
  PROPERTY_REJECTED,    /* refused by the spec (read-only, non-configurable, not
                           extensible...): a TypeError in strict code */
  PROPERTY_CALL_SETTER, /* object_set hit an accessor with a setter: call it */
  PROPERTY_EXCEPTION,   /* failed with an exception pending (OOM, bad length) */
} PropertyStatus;

/* Which keys object_own_keys returns. */
typedef enum {
  KEYS_ALL,                /* [[OwnPropertyKeys]]: indices, strings, symbols */
  KEYS_ENUMERABLE_STRINGS, /* Object.keys / for-in: enumerable indices and strings */
} KeysFilter;

/* --- exotic objects ---------------------------------------------------------------
 * An object whose map has MAP_EXOTIC runs the hooks of its instance type
 * (object_exotic_hooks) at the top of the generic operations below instead
 * of (or before) the ordinary algorithm. A NULL hook means "ordinary". Keys
 * handed to hooks are canonical. The fast paths test the one map bit.      */
typedef struct ExoticHooks {
  /* [[GetOwnProperty]] without side effects: true and *out (kind
   * LOOKUP_EXOTIC or an ordinary kind) if obj has own key. Never allocates. */
  bool (*lookup_own)(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out);
  /* The value of a LOOKUP_EXOTIC property (undefined if unreadable). Never allocates. */
  rd_value (*lookup_value)(rd_value obj, const PropertyLookup *l);
  /* The full [[GetOwnProperty]], which may run code or throw: 1 found (*out,
   * *value), 0 absent, -1 exception. NULL: lookup_own + lookup_value. */
  int (*get_own_property)(Runtime *rt, Handle obj, Handle key, PropertyLookup *out, Handle value);
  /* [[Get]] of own or inherited key: as object_get (may throw). */
  rd_value (*get)(Runtime *rt, Handle obj, Handle key);
  /* [[HasProperty]] of own or inherited key: VALUE_TRUE / VALUE_FALSE, or
   * VALUE_EMPTY on exception. NULL: the ordinary walk of lookup_own. */
  rd_value (*has)(Runtime *rt, Handle obj, Handle key);
  PropertyStatus (*set)(Runtime *rt, Handle obj, Handle key, Handle value, rd_value *pair_out);
  /* [[DefineOwnProperty]]; getter/setter non-NULL for an accessor, else value. */
  PropertyStatus (*define)(Runtime *rt, Handle obj, Handle key, Handle value, Handle getter,
                           Handle setter, uint32_t attrs);
  PropertyStatus (*delete_)(Runtime *rt, Handle obj, Handle key);
  rd_value (*own_keys)(Runtime *rt, Handle obj, KeysFilter filter);
  bool (*prevent_extensions)(Runtime *rt, Handle obj);
  PropertyStatus (*set_prototype)(Runtime *rt, Handle obj, Handle proto);
  /* [[GetPrototypeOf]] that may run code: a JS object, null, or VALUE_EMPTY
   * on exception (object_prototype_of). NULL: the map's prototype. */
  rd_value (*get_prototype)(Runtime *rt, Handle obj);
  /* [[IsExtensible]] that may run code: 1, 0, -1 on exception
   * (object_extensible). NULL: the map's MAP_EXTENSIBLE bit. */
  int (*is_extensible)(Runtime *rt, Handle obj);
  /* [[Get]] with a receiver other than obj (obj met on receiver's prototype
   * chain): the value (never an AccessorPair), VALUE_EMPTY on exception.
   * Takes precedence over `get` in object_get. */
  rd_value (*get_receiver)(Runtime *rt, Handle obj, Handle key, Handle receiver);
  /* [[Set]] with a receiver (obj met on receiver's prototype chain): 1 done,
   * 0 refused, -1 exception. Used by object_ordinary_set. */
  int (*set_receiver)(Runtime *rt, Handle obj, Handle key, Handle value, Handle receiver);
} ExoticHooks;
/* The hooks of each instance type (NULL for ordinary types). */
extern const ExoticHooks arguments_hooks;   /* interp/arguments.c: mapped arguments */
extern const ExoticHooks string_wrapper_hooks;   /* string_wrapper.c: String objects */
extern const ExoticHooks *const object_exotic_hooks[TYPE_COUNT];
RD_INLINE bool object_is_exotic(rd_value obj) {
  return heap_object_map(value_to_ptr(obj))->bit_field & MAP_EXOTIC;
}
RD_INLINE const ExoticHooks *object_hooks(rd_value obj) {
  return object_exotic_hooks[heap_object_map(value_to_ptr(obj))->instance_type];
}

/* The canonical form of key (see the top of this file): an index as a
 * number, else an internalized string or a symbol. VALUE_EMPTY with an
 * exception for values that are not primitives. */
rd_value object_canonical_key(Runtime *rt, rd_value key) RD_MUST_CHECK;
/* If canonical key k is an array index, stores it and returns true. Never allocates. */
bool object_key_as_index(rd_value k, uint32_t *index);

/* The ordinary internal methods, for exotic objects' hooks that add to
 * them (keys canonical, in handles): what the functions above do for an
 * object without hooks. */
bool object_ordinary_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out);
PropertyStatus object_ordinary_set(Runtime *rt, Handle obj, Handle key, Handle value,
                                   rd_value *pair_out) RD_MUST_CHECK;
PropertyStatus object_ordinary_define_own(Runtime *rt, Handle obj, Handle key, Handle value,
                                          uint32_t attrs) RD_MUST_CHECK;
PropertyStatus object_ordinary_define_accessor(Runtime *rt, Handle obj, Handle key, Handle getter,
                                               Handle setter, uint32_t attrs) RD_MUST_CHECK;
PropertyStatus object_ordinary_delete(Runtime *rt, Handle obj, Handle key) RD_MUST_CHECK;
rd_value object_ordinary_own_keys(Runtime *rt, Handle obj, KeysFilter filter) RD_MUST_CHECK;
bool object_ordinary_prevent_extensions(Runtime *rt, Handle obj) RD_MUST_CHECK;

/* A plain object (map ROOT object_map). */
rd_value object_new(Runtime *rt) RD_MUST_CHECK;
/* Finds obj's own property `key` (a canonical key). Never allocates. */
bool object_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out);
/* [[GetOwnProperty]] of canonical key on obj, including what an exotic
 * object's hook may throw (a namespace export in its TDZ; Proxy traps
 * later): 1 found (*out, and *value: the value or the AccessorPair), 0
 * absent, -1 exception pending. Callers that must observe such throws use
 * this instead of object_lookup_own. */
int object_get_own_property(Runtime *rt, Handle obj, Handle key, PropertyLookup *out, Handle value) RD_MUST_CHECK;
/* The value of a property found by object_lookup_own on obj (an AccessorPair
 * for accessors, VALUE_EMPTY if not found). Never allocates. */
rd_value object_lookup_value(rd_value obj, const PropertyLookup *l);
/* [[Get]] with obj as receiver, walking the prototype chain: the value,
 * VALUE_UNDEFINED if absent, the AccessorPair of an accessor (the caller
 * invokes the getter), VALUE_EMPTY on exception. */
rd_value object_get(Runtime *rt, Handle obj, Handle key) RD_MUST_CHECK;
/* OrdinarySet with obj as receiver: writes an own writable data property, or
 * adds one unless a read-only data property on the prototype chain or a
 * non-extensible obj forbids it. On PROPERTY_CALL_SETTER *pair_out (if not
 * NULL) is the AccessorPair found. */
PropertyStatus object_set(Runtime *rt, Handle obj, Handle key, Handle value,
                          rd_value *pair_out) RD_MUST_CHECK;
/* The last steps of OrdinarySet with a receiver (an ordinary object, or any
 * value: refused unless an object): v becomes receiver's own data property
 * key; an existing one must be a writable data property, and keeps its other
 * attributes. 1 done, 0 refused, -1 exception. */
int object_set_on_receiver(Runtime *rt, Handle receiver, Handle key, Handle v) RD_MUST_CHECK;
/* [[DefineOwnProperty]] of a data property with a complete descriptor
 * (value and attrs), following ValidateAndApplyPropertyDescriptor. */
PropertyStatus object_define_own(Runtime *rt, Handle obj, Handle key, Handle value,
                                 uint32_t attrs) RD_MUST_CHECK;
/* Same for an accessor property; getter/setter are callables or undefined
 * (attrs: E and C; W is ignored). */
PropertyStatus object_define_accessor(Runtime *rt, Handle obj, Handle key, Handle getter,
                                      Handle setter, uint32_t attrs) RD_MUST_CHECK;
/* [[Delete]]: PROPERTY_OK if gone (or absent), PROPERTY_REJECTED if not configurable. */
PropertyStatus object_delete(Runtime *rt, Handle obj, Handle key) RD_MUST_CHECK;
/* FixedArray of obj's own keys: indices ascending (as numbers), then strings
 * in insertion order, then symbols in insertion order (private symbols never). */
rd_value object_own_keys(Runtime *rt, Handle obj, KeysFilter filter) RD_MUST_CHECK;
/* The identity hash of JS object obj (for Map and Set keys): a non-zero
 * int32 made on first use and kept in a hidden own data property under the
 * private symbol ROOT identity_hash_symbol (never listed, added even to a
 * non-extensible object, whatever its exotic hooks), so it moves with the
 * object. 0 with an exception pending if it cannot be added (out of memory). */
int32_t object_identity_hash(Runtime *rt, Handle obj) RD_MUST_CHECK;
/* obj's identity hash if it has one, else 0. Never allocates. */
int32_t object_identity_hash_peek(Runtime *rt, rd_value obj);
/* [[GetPrototypeOf]]: a JS object or null. Never allocates. */
RD_INLINE rd_value object_get_prototype(rd_value obj) {
  return heap_object_map(value_to_ptr(obj))->prototype;
}
/* [[GetPrototypeOf]] of any object, through an exotic object's hook (a
 * Proxy's trap): a JS object, null, or VALUE_EMPTY on exception. */
rd_value object_prototype_of(Runtime *rt, Handle obj) RD_MUST_CHECK;
/* [[IsExtensible]] of any object, through the hook: 1, 0, or -1 on exception. */
int object_extensible(Runtime *rt, Handle obj) RD_MUST_CHECK;
/* [[SetPrototypeOf]]: REJECTED if obj is not extensible or it would make a cycle. */
PropertyStatus object_set_prototype(Runtime *rt, Handle obj, Handle proto) RD_MUST_CHECK;
RD_INLINE bool object_is_extensible(rd_value obj) {
  return heap_object_map(value_to_ptr(obj))->bit_field & MAP_EXTENSIBLE;
}
/* [[PreventExtensions]]. */
bool object_prevent_extensions(Runtime *rt, Handle obj) RD_MUST_CHECK;
/* Gives obj (about to become a prototype) a map of its own marked
 * MAP_IS_PROTOTYPE, so its shape changes invalidate exactly the inline caches
 * that look through prototypes and no others. */
bool object_make_prototype_map(Runtime *rt, Handle obj) RD_MUST_CHECK;
/* Moves obj's named properties to a NameDictionary under a fresh map. */
bool object_normalize(Runtime *rt, Handle obj) RD_MUST_CHECK;
RD_INLINE bool object_is_dictionary_mode(rd_value obj) {
  return heap_object_map(value_to_ptr(obj))->bit_field & MAP_DICTIONARY;
}
/* Slot of fast-mode field f of obj (in-object or in the overflow array). Never allocates. */
RD_INLINE rd_value *object_field_slot(rd_value obj, uint32_t f) {
  Map *m = heap_object_map(value_to_ptr(obj));
  if (f < m->inobject_properties) return &((rd_value *)value_to_ptr(obj))[m->inobject_start + f];
  return &FIXED_ARRAY(JS_OBJECT(obj)->properties)->data[f - m->inobject_properties];
}
/* Stores v into fast-mode field f of obj with the write barrier (whose host
 * is the overflow array for fields beyond the in-object ones). Never allocates. */
RD_INLINE void object_field_store(rd_value obj, uint32_t f, rd_value v) {
  Map *m = heap_object_map(value_to_ptr(obj));
  HeapObject *host = f < m->inobject_properties ? value_to_ptr(obj)
                                                : value_to_ptr(JS_OBJECT(obj)->properties);
  heap_store(host, object_field_slot(obj, f), v);
}

/* --- elements (elements.c) -------------------------------------------------------
 * Backing stores: FixedArray for the int32 and tagged kinds (hole =
 * VALUE_EMPTY), FixedDoubleArray for the double kinds (raw bits, hole =
 * VALUE_HOLE_NAN_BITS, NaN stored as the canonical NaN), NumberDictionary
 * for DICTIONARY. Packed means no hole below the object's length: the array
 * length for JS arrays, the store's capacity for other objects.            */
/* Grow by new_capacity = (index + 1) * 1.5 + 16; go dictionary when a write
 * at index >= capacity has index > 2 * capacity + ELEMENTS_MAX_GAP. */
#define ELEMENTS_MAX_GAP 1024
/* array_new makes a dictionary-kind array beyond this length. */
#define ARRAY_NEW_MAX_FAST_LENGTH ((uint32_t)1 << 16)
#define ARRAY_INDEX_MAX ((uint32_t)0xFFFFFFFEu)

/* Creates ROOT array_maps (called once by the runtime bootstrap). */
bool elements_init_array_maps(Runtime *rt) RD_MUST_CHECK;
RD_INLINE ElementsKind object_elements_kind(rd_value obj) {
  return (ElementsKind)heap_object_map(value_to_ptr(obj))->elements_kind;
}
/* The kind covering both (int32 < double < tagged, packed < holey < dictionary). */
ElementsKind elements_kind_generalize(ElementsKind a, ElementsKind b);
/* The packed kind able to hold v. */
ElementsKind elements_kind_for_value(rd_value v);
/* Moves obj to elements kind `kind` (more general than its own): converts the
 * store and follows the elements-kind transition of its map. */
bool elements_transition(Runtime *rt, Handle obj, ElementsKind kind) RD_MUST_CHECK;
/* Own element index of obj: its value (an AccessorPair for an accessor) with
 * *details set, or VALUE_EMPTY if absent. details may be NULL. Never allocates. */
rd_value element_get_own(rd_value obj, uint32_t index, PropertyDetails *details);
/* Element index of obj or of its prototypes; VALUE_UNDEFINED if absent. Never allocates. */
rd_value element_get(rd_value obj, uint32_t index);
/* Writes own data element index (adding it with default attributes if absent),
 * generalizing the kind, growing the store or going dictionary, and updating
 * a JS array's length. REJECTED for a read-only or accessor element, or a new
 * element of a non-extensible object. */
PropertyStatus element_set(Runtime *rt, Handle obj, uint32_t index, Handle value) RD_MUST_CHECK;
/* Defines own element index with details (attrs and kind) and value (an
 * AccessorPair for an accessor), no validation; non-default attributes put
 * the elements in dictionary mode. */
PropertyStatus element_define(Runtime *rt, Handle obj, uint32_t index, Handle value,
                              PropertyDetails details) RD_MUST_CHECK;
/* Deletes own element index: REJECTED if it is not configurable. */
PropertyStatus element_delete(Runtime *rt, Handle obj, uint32_t index) RD_MUST_CHECK;
/* Moves obj's elements to a NumberDictionary. */
bool elements_normalize(Runtime *rt, Handle obj) RD_MUST_CHECK;
/* Number of own elements object_own_keys would list (fast kinds: non-holes
 * below the length). Never allocates. */
uint32_t elements_count(rd_value obj, bool enumerable_only);
/* Writes the own element indices of obj, ascending, into out[0..n); n is from
 * elements_count. Returns false if a temporary buffer cannot be allocated.
 * Never allocates on the JS heap. */
bool elements_collect_keys(rd_value obj, bool enumerable_only, uint32_t *out, uint32_t n);

/* A JS array of the given kind and length (holes; holey if length > 0;
 * dictionary kind if length > ARRAY_NEW_MAX_FAST_LENGTH). */
rd_value array_new(Runtime *rt, ElementsKind kind, uint32_t length) RD_MUST_CHECK;
/* CreateArrayFromList: a packed array of the n values (handles). */
rd_value array_from_list(Runtime *rt, const Handle *values, uint32_t n) RD_MUST_CHECK;
RD_INLINE uint32_t array_length(rd_value arr) {
  return (uint32_t)value_to_number(JS_ARRAY(arr)->length);
}
/* ArraySetLength with a valid length: shrinking deletes the elements at or
 * above it (stopping above a non-configurable one: then REJECTED), growing
 * makes the array holey. */
PropertyStatus array_set_length(Runtime *rt, Handle arr, uint32_t length) RD_MUST_CHECK;

#endif
