/*
 * objects.h - the layout of every heap object, and the instance-type list.
 *
 * Every heap object starts with its map word (a pointer to its Map). Each
 * layout keeps its tagged fields (rd_value words the GC must visit and update)
 * in ONE contiguous range [body_start, body_end); everything outside that
 * range is raw data the GC never looks at. heap_object_body() computes the
 * range and the object's size from the map alone, which is all the GC needs.
 *
 * Length and small-integer header fields inside the tagged range are stored
 * as int32 values, so visiting them is harmless.
 *
 * While the GC forwards an object, its map word holds the new address with
 * bit 0 set (see heap/heap.h: FORWARDING_TAG); maps are 8-byte aligned, so a
 * map word with bit 0 set is never a map.
 */
#ifndef RONDO_OBJECTS_OBJECTS_H
#define RONDO_OBJECTS_OBJECTS_H

#include "objects/value.h"

/* X(NAME, layout): layout says how size and tagged range are computed.
 *   FIXED   size = map->instance_size, tagged [map->body_start, size)
 *   TAGGED_ARRAY  FixedArray layout: tagged [8, 16 + 8*length)
 *   RAW_ARRAY     length-prefixed raw data, nothing tagged after the length
 *   SPECIAL       computed by a case of its own in heap_object_body()     */
#define INSTANCE_TYPE_LIST(X)                                               \
  X(MAP, FIXED)                                                             \
  X(FILLER, SPECIAL)              /* one free word */                       \
  X(FREE_SPACE, SPECIAL)          /* a free block: map, size, next */       \
  X(FIXED_ARRAY, TAGGED_ARRAY)                                              \
  X(DESCRIPTOR_ARRAY, TAGGED_ARRAY)                                         \
  X(TRANSITION_ARRAY, TAGGED_ARRAY)                                         \
  X(NAME_DICTIONARY, TAGGED_ARRAY)                                          \
  X(NUMBER_DICTIONARY, TAGGED_ARRAY)                                        \
  X(FIXED_DOUBLE_ARRAY, RAW_ARRAY)                                          \
  X(BYTE_ARRAY, RAW_ARRAY)                                                  \
  X(ONE_BYTE_STRING, SPECIAL)                                               \
  X(TWO_BYTE_STRING, SPECIAL)                                               \
  X(INTERNALIZED_ONE_BYTE_STRING, SPECIAL)                                  \
  X(INTERNALIZED_TWO_BYTE_STRING, SPECIAL)                                  \
  X(CONS_STRING, FIXED)                                                     \
  X(SLICED_STRING, FIXED)                                                   \
  X(SYMBOL, FIXED)                                                          \
  X(BIGINT, SPECIAL)              /* a BigInt primitive: raw limbs (objects/bigint.h) */ \
  X(ACCESSOR_PAIR, FIXED)                                                   \
  X(PROPERTY_CELL, FIXED)                                                   \
  X(CODE, SPECIAL)                                                          \
  X(BYTECODE_ARRAY, SPECIAL)                                                \
  X(SHARED_FUNCTION_INFO, FIXED)                                            \
  X(SCRIPT, FIXED)                                                          \
  X(CONTEXT, TAGGED_ARRAY)                                                  \
  X(FEEDBACK_VECTOR, TAGGED_ARRAY)                                          \
  X(MODULE_RECORD, TAGGED_ARRAY)  /* a Source Text Module Record (module/) */ \
  X(EPHEMERON_HASH_TABLE, TAGGED_ARRAY) /* WeakMap/WeakSet data: weak keys (builtins/weak_collections.c) */ \
  X(WEAK_CELL, FIXED)             /* a FinalizationRegistry cell: WeakCell (builtins/weak_ref.c) */ \
  X(NATIVE_FUNCTION_INFO, FIXED)                                            \
  X(JS_OBJECT, FIXED)                                                       \
  X(JS_ARRAY, FIXED)                                                        \
  X(JS_FUNCTION, FIXED)                                                     \
  X(JS_PRIMITIVE_WRAPPER, FIXED)  /* new String("x"), Object(1), ... */ \
  X(JS_DATE, FIXED)               /* a Date: [[DateValue]] (builtins/date.c) */ \
  X(JS_MODULE_NAMESPACE, FIXED)   /* exotic: module namespace (module/) */ \
  X(JS_ARGUMENTS, FIXED)          /* an arguments object; mapped ones are exotic (interp/arguments.c) */ \
  X(JS_MAP, FIXED)                /* a Map: JSCollection (builtins/collections.c) */ \
  X(JS_SET, FIXED)                /* a Set: JSCollection */ \
  X(JS_MAP_ITERATOR, FIXED)       /* a Map Iterator: JSCollectionIterator */ \
  X(JS_SET_ITERATOR, FIXED)       /* a Set Iterator: JSCollectionIterator */ \
  X(JS_ARRAY_BUFFER, FIXED)       /* an ArrayBuffer: JSArrayBuffer (objects/array_buffer.h) */ \
  X(JS_DATA_VIEW, FIXED)          /* a DataView: JSDataView (objects/array_buffer.h) */ \
  X(JS_PROXY, FIXED)              /* exotic: a Proxy, JSFunction-shaped (objects/proxy.h) */ \
  X(JS_TYPED_ARRAY, FIXED)        /* exotic: a TypedArray: JSTypedArray (objects/typed_array.h) */ \
  X(JS_WEAK_MAP, FIXED)           /* a WeakMap: JSCollection over an EPHEMERON_HASH_TABLE */ \
  X(JS_WEAK_SET, FIXED)           /* a WeakSet: the same */ \
  X(JS_WEAK_REF, FIXED)           /* a WeakRef: JSWeakRef (target weak) */ \
  X(JS_FINALIZATION_REGISTRY, FIXED) /* a FinalizationRegistry: JSFinalizationRegistry */

typedef enum {
#define X(name, layout) TYPE_##name,
  INSTANCE_TYPE_LIST(X)
#undef X
  TYPE_COUNT
} InstanceType;

extern const char *const instance_type_names[TYPE_COUNT];

struct HeapObject {
  rd_value map;
};

/* --- Map ------------------------------------------------------------------
 *  word 0: map (the meta-map)
 *  word 1: | instance_type:16 | instance_size:16 | body_start:8 |
 *          | inobject_properties:8 | inobject_start:8 | elements_kind:8 |
 *  word 2: | bit_field:32 | own_descriptors:32 |
 *  words 3..: tagged fields below (body_start = 24)                        */
enum {
  MAP_STABLE = 1 << 0,       /* no transition has been taken from it */
  MAP_DEPRECATED = 1 << 1,   /* reserved: replaced by a more general map */
  MAP_DICTIONARY = 1 << 2,   /* properties live in a NameDictionary */
  MAP_EXTENSIBLE = 1 << 3,   /* properties may be added */
  MAP_IS_PROTOTYPE = 1 << 4, /* some object uses this map's objects as proto */
  MAP_CALLABLE = 1 << 5,
  MAP_EXOTIC = 1 << 6,       /* the object's internal methods are hooks of its
                                instance type (object.h ExoticHooks); never
                                cached by inline caches */
  MAP_PROPERTY_CELLS = 1 << 7, /* dictionary values are PropertyCells (the
                                  global object, the script lexical record) */
  MAP_ARRAY_LENGTH_READONLY = 1 << 8, /* a JS array whose length is not writable */
  MAP_ERROR_DATA = 1 << 9,   /* an Error instance ([[ErrorData]]): its maps descend
                                from the error root map (builtins/error.c) */
};

typedef struct Map {
  rd_value map;
  uint16_t instance_type;
  uint16_t instance_size;      /* bytes; 0 for variable-size objects */
  uint8_t body_start;          /* byte offset of the first tagged field */
  uint8_t inobject_properties; /* number of in-object property fields */
  uint8_t inobject_start;      /* word index of the first in-object field */
  uint8_t elements_kind;
  uint32_t bit_field;
  uint32_t own_descriptors;    /* descriptors of this map (a prefix) */
  rd_value prototype;          /* null or a JS object */
  rd_value back_pointer;       /* parent in the transition tree, or undefined */
  rd_value descriptors;        /* DescriptorArray (empty one when none) */
  rd_value transitions;        /* undefined, or a TransitionArray */
  rd_value dependent_code;     /* weak list of optimized code (later issues) */
} Map;
#define MAP_BODY_START offsetof(Map, prototype)

/* --- free space ------------------------------------------------------------ */
typedef struct FreeSpace {
  rd_value map;
  uint64_t size;               /* bytes, including this header */
  struct FreeSpace *next;      /* free-list link (raw) */
} FreeSpace;

/* --- arrays ----------------------------------------------------------------- */
typedef struct FixedArray {
  rd_value map;
  rd_value length;             /* int32 */
  rd_value data[];
} FixedArray;

typedef struct FixedDoubleArray {
  rd_value map;
  rd_value length;             /* int32 */
  uint64_t bits[];             /* raw doubles; VALUE_HOLE_NAN_BITS is a hole */
} FixedDoubleArray;

typedef struct ByteArray {
  rd_value map;
  rd_value length;             /* int32, bytes */
  uint8_t data[];
} ByteArray;

/* --- strings ----------------------------------------------------------------
 *  word 1: | length:32 | hash:32 |   hash 0 = not computed yet
 * Sequential strings follow with their characters (one or two bytes each),
 * padded to 8 bytes. A cons string is first + second (a rope); a sliced
 * string is length characters of parent (a flat sequential string) from
 * offset. Internalized strings are sequential and unique by content.        */
typedef struct String {
  rd_value map;
  uint32_t length;
  uint32_t hash;
} String;

typedef struct SeqOneByteString {
  String s;
  uint8_t chars[];
} SeqOneByteString;

typedef struct SeqTwoByteString {
  String s;
  uint16_t chars[];
} SeqTwoByteString;

typedef struct ConsString {
  String s;
  rd_value first, second;
} ConsString;

typedef struct SlicedString {
  String s;
  rd_value parent;             /* a sequential string */
  rd_value offset;             /* int32 */
} SlicedString;

typedef struct Symbol {
  rd_value map;
  rd_value hash;               /* int32, never 0 */
  rd_value description;        /* string or undefined */
  rd_value flags;              /* int32: SymbolFlags */
} Symbol;
/* Private symbols are engine-internal keys, never listed as own keys. */
typedef enum { SYMBOL_PRIVATE = 1 << 0 } SymbolFlags;

/* A BigInt primitive: immutable; word 1 is raw (length in limbs, sign),
 * then the magnitude's 64-bit limbs, least significant first. The diagram
 * and the invariants (normalized: no high zero limb, 0n not negative) are
 * in objects/bigint.h. Nothing in it is tagged. */
typedef struct BigInt {
  rd_value map;
  uint32_t length;             /* limbs */
  uint32_t sign;               /* 1: negative (never for 0n) */
  uint64_t limbs[];
} BigInt;
RD_INLINE size_t bigint_size_for(uint32_t length) { return 16 + 8 * (size_t)length; }

typedef struct AccessorPair {
  rd_value map;
  rd_value getter, setter;     /* callable or undefined */
} AccessorPair;

typedef struct PropertyCell {
  rd_value map;
  rd_value value;
  rd_value name;
  rd_value details;            /* int32: the property's PropertyDetails (attrs,
                                  kind; index unused) | PROPERTY_CELL_INVALID
                                  once the property is deleted */
  rd_value dependent_code;
} PropertyCell;

/* --- code -------------------------------------------------------------------
 * Lives in code space (docs/tiers.md). Raw header words, then the tagged
 * range [shared_info, kind), then raw words and the instructions. The weak
 * list link next_code_link is raw on purpose: the GC never follows it
 * (mark-compact prunes the lists through codegen/code.c). Code never holds
 * an embedded heap pointer: constants are loaded from the `constants`
 * FixedArray (codegen/code.h code_asm_load_constants).                    */
typedef struct Code {
  rd_value map;
  uint32_t size;               /* bytes of the whole object */
  uint32_t instruction_size;
  rd_value next_code_link;     /* weak list of the realm (raw: not visited), or 0 */
  rd_value shared_info;        /* SharedFunctionInfo, or undefined for stubs */
  rd_value deopt_data;         /* FixedArray in the deoptimizer's format, or empty */
  rd_value safepoints;         /* ByteArray (codegen/code.h), or empty fixed array */
  rd_value constants;          /* FixedArray of the code's heap constants */
  uint32_t kind;               /* CodeKind (codegen/code.h) */
  uint32_t flags;              /* CODE_FLAG_* */
  uint32_t frame_slots;        /* spill slots of an optimized frame */
  uint32_t reserved;
  uint8_t instructions[];
} Code;
#define CODE_BODY_START offsetof(Code, shared_info)
#define CODE_BODY_END offsetof(Code, kind)

/* --- functions ------------------------------------------------------------------
 * BytecodeArray: tagged header fields, then raw bytecode.                     */
typedef struct BytecodeArray {
  rd_value map;
  uint32_t length;             /* bytes of bytecode */
  uint32_t frame_size;         /* interpreter registers */
  uint32_t parameter_count;    /* formal parameters, receiver excluded */
  uint32_t feedback_slots;     /* slots of the function's FeedbackVector */
  rd_value constant_pool;      /* FixedArray */
  rd_value handler_table;      /* FixedArray of int32 (start, end, handler, context reg) */
  rd_value source_positions;   /* ByteArray of (bytecode offset, source position) deltas */
  uint8_t bytes[];
} BytecodeArray;
#define BYTECODE_ARRAY_BODY_START offsetof(BytecodeArray, constant_pool)
#define BYTECODE_ARRAY_BODY_END offsetof(BytecodeArray, bytes)

/* SharedFunctionInfo: what closures of one function literal share.        */
typedef struct SharedFunctionInfo {
  rd_value map;
  rd_value name;               /* string */
  rd_value bytecode;           /* BytecodeArray, or undefined (native) */
  rd_value native;             /* NativeFunctionInfo for built-ins, else undefined */
  rd_value script;             /* Script or undefined */
  rd_value scope_info;         /* FixedArray (names of context slots), or undefined */
  rd_value flags;              /* int32: SFI_* */
  rd_value length;             /* int32: the function's "length" */
  rd_value start_position;     /* int32 source range (Function.prototype.toString) */
  rd_value end_position;       /* int32 */
  rd_value deopt_count;        /* int32 (issue 4) */
} SharedFunctionInfo;

typedef struct Script {
  rd_value map;
  rd_value source;             /* string */
  rd_value name;               /* string */
  rd_value line_ends;          /* FixedArray of int32, computed on demand, or undefined */
} Script;

/* A native (C) function: the C entry point is raw, so the object is a
 * tagged header plus a raw word outside the tagged range. */
typedef struct NativeFunctionInfo {
  rd_value map;
  rd_value data;               /* a value handed to the C function */
  void *entry;                 /* NativeFn (interp/interpreter.h) */
} NativeFunctionInfo;

/* Context: FixedArray-shaped: [previous, scope_info, extension, slots...]. */
enum { CONTEXT_PREVIOUS, CONTEXT_SCOPE_INFO, CONTEXT_EXTENSION, CONTEXT_HEADER_SLOTS };

/* --- JS objects --------------------------------------------------------------
 * map, properties (overflow FixedArray or a NameDictionary), elements, then
 * type-specific fields, then inobject_properties in-object fields.          */
typedef struct JSObject {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value fields[];
} JSObject;
#define JS_OBJECT_HEADER_WORDS 3

typedef struct JSArray {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value length;             /* a number in [0, 2^32 - 1] */
  rd_value fields[];
} JSArray;
#define JS_ARRAY_HEADER_WORDS 4

typedef struct JSFunction {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value shared;             /* SharedFunctionInfo */
  rd_value context;            /* Context the closure was created in */
  rd_value feedback;           /* FeedbackVector, or undefined until first call */
  rd_value home_object;        /* for super property access, or undefined */
  rd_value fields[];
} JSFunction;
#define JS_FUNCTION_HEADER_WORDS 7

/* A String, Number, Boolean, Symbol or BigInt object: [[PrimitiveValue]]. */
typedef struct JSPrimitiveWrapper {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value value;
  rd_value fields[];
} JSPrimitiveWrapper;
#define JS_PRIMITIVE_WRAPPER_HEADER_WORDS 4

/* An arguments object. A mapped one (sloppy code, simple parameters) has
 * MAP_EXOTIC and aliases arguments[i] with context slot mapping[i] while
 * that entry is an int32 >= 0; unmapped ones hold undefined in both. */
typedef struct JSArguments {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value context;            /* the function's Context, or undefined */
  rd_value mapping;            /* FixedArray of int32 context slots (-1: unmapped), or undefined */
  rd_value fields[];
} JSArguments;
#define JS_ARGUMENTS_HEADER_WORDS 5
/* The context slot a mapped arguments object aliases its element index
 * with, or NULL (element reads consult it: elements.c). Never allocates. */
RD_INLINE rd_value *arguments_mapped_slot(rd_value obj, uint32_t index) {
  const JSArguments *a = (const JSArguments *)value_to_ptr(obj);
  if (!value_is_ptr(a->mapping)) return NULL;
  const FixedArray *m = (const FixedArray *)value_to_ptr(a->mapping);
  if (index >= (uint32_t)value_to_int32(m->length)) return NULL;
  int32_t s = value_to_int32(m->data[index]);
  return s < 0 ? NULL : &((FixedArray *)value_to_ptr(a->context))->data[s];
}

/* A module namespace object (module/module_namespace.c): exotic, its
 * properties are the module's exports, read live from the bindings. */
typedef struct JSModuleNamespace {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value module;             /* the ModuleRecord */
  rd_value exports;            /* FixedArray of (name, holder, index) triples
                                  sorted by name (code units) */
  rd_value tag;                /* the string "Module" (@@toStringTag) */
} JSModuleNamespace;
#define JS_MODULE_NAMESPACE_HEADER_WORDS 6

/* A Date object: [[DateValue]], a number (a time value or NaN). Its maps set
 * inobject_start = JS_DATE_HEADER_WORDS. */
typedef struct JSDate {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value value;
  rd_value fields[];
} JSDate;
#define JS_DATE_HEADER_WORDS 4

/* A Map or Set (JS_MAP / JS_SET): [[MapData]] / [[SetData]] is an ordered
 * hash table, a FixedArray whose layout builtins/collections.c describes.
 * Its maps set inobject_start = JS_COLLECTION_HEADER_WORDS. */
typedef struct JSCollection {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value table;              /* the live OrderedHashTable (never an obsolete one) */
  rd_value fields[];
} JSCollection;
#define JS_COLLECTION_HEADER_WORDS 4

/* A Map or Set Iterator (JS_MAP_ITERATOR / JS_SET_ITERATOR): the table it
 * walks (possibly obsolete: it catches up on the next step), its position
 * in that table, and what it yields. */
typedef struct JSCollectionIterator {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value table;              /* OrderedHashTable, or undefined once exhausted */
  rd_value index;              /* int32: the next entry to look at */
  rd_value kind;               /* int32: CollectionIterKind (collections.c) */
  rd_value fields[];
} JSCollectionIterator;
#define JS_COLLECTION_ITERATOR_HEADER_WORDS 6

/* --- weak objects (builtins/weak_collections.c, builtins/weak_ref.c) ----------
 * The scavenger treats every weak slot below as strong; mark-compact does
 * not mark through them and clears them when their referent died
 * (docs/heap.md "Weak objects").
 *
 * EPHEMERON_HASH_TABLE: a FixedArray layout, open addressing (linear
 * probing) over a power-of-two number C of (key, value) entries:
 *   data[0] count (int32)   data[1] deleted (int32)   data[2 + 2i] key, data[3 + 2i] value
 * A key is an object or a symbol; EPHEMERON_EMPTY marks a free entry,
 * EPHEMERON_DELETED a tombstone. A value is live only while its key is. */
#define EPHEMERON_EMPTY VALUE_UNDEFINED
#define EPHEMERON_DELETED VALUE_NULL
enum { EPHEMERON_COUNT, EPHEMERON_DELETED_COUNT, EPHEMERON_FIRST_ENTRY };

/* A WeakRef: target is weak (undefined once cleared). */
typedef struct JSWeakRef {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value target;             /* weak */
  rd_value fields[];
} JSWeakRef;
#define JS_WEAK_REF_HEADER_WORDS 4

/* A FinalizationRegistry: its cleanup callback, its cells (a FixedArray,
 * holes undefined, of WeakCells), and the link of the runtime's list of
 * registries with cells whose target died (undefined: not on the list; the
 * list ends with null; head: WEAK_STATE_DIRTY_REGISTRIES). */
typedef struct JSFinalizationRegistry {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value cleanup;
  rd_value cells;
  rd_value next_dirty;
  rd_value fields[];
} JSFinalizationRegistry;
#define JS_FINALIZATION_REGISTRY_HEADER_WORDS 6

/* A registration: target and token are weak (undefined once dead; a token
 * is undefined also when none was given), held and registry strong. */
typedef struct WeakCell {
  rd_value map;
  rd_value target;             /* weak; undefined: died, cleanup pending */
  rd_value held;
  rd_value token;              /* weak */
  rd_value registry;
} WeakCell;

/* Words of ROOT weak_state (a FixedArray made by builtins/weak_collections.c). */
enum {
  WEAK_STATE_WEAK_MAP_MAP, WEAK_STATE_WEAK_SET_MAP, WEAK_STATE_TABLE_MAP,
  WEAK_STATE_WEAK_REF_MAP, WEAK_STATE_REGISTRY_MAP, WEAK_STATE_CELL_MAP,
  WEAK_STATE_KEPT,               /* KeepDuringJob: FixedArray [count, objects...] or undefined */
  WEAK_STATE_DIRTY_REGISTRIES,   /* registries with dead cells, linked by next_dirty; null ends */
  WEAK_STATE_COUNT
};

/* True if byte offset off of an object of type t is a weak slot. */
RD_INLINE bool heap_object_is_weak_slot(InstanceType t, uint32_t off) {
  if (t == TYPE_JS_WEAK_REF) return off == offsetof(JSWeakRef, target);
  if (t == TYPE_WEAK_CELL) return off == offsetof(WeakCell, target) || off == offsetof(WeakCell, token);
  return false;
}

/* --- elements kinds -----------------------------------------------------------
 * Kinds only generalize: int32 -> double -> tagged, packed -> holey, and any
 * kind -> dictionary.                                                         */
#define ELEMENTS_KIND_LIST(X) \
  X(PACKED_INT32)             \
  X(HOLEY_INT32)              \
  X(PACKED_DOUBLE)            \
  X(HOLEY_DOUBLE)             \
  X(PACKED)                   \
  X(HOLEY)                    \
  X(DICTIONARY)
typedef enum {
#define X(name) ELEMENTS_##name,
  ELEMENTS_KIND_LIST(X)
#undef X
  ELEMENTS_KIND_COUNT
} ElementsKind;
extern const char *const elements_kind_names[ELEMENTS_KIND_COUNT];

RD_INLINE bool elements_kind_is_double(ElementsKind k) {
  return k == ELEMENTS_PACKED_DOUBLE || k == ELEMENTS_HOLEY_DOUBLE;
}
RD_INLINE bool elements_kind_is_holey(ElementsKind k) {
  return k == ELEMENTS_HOLEY_INT32 || k == ELEMENTS_HOLEY_DOUBLE ||
         k == ELEMENTS_HOLEY || k == ELEMENTS_DICTIONARY;
}

/* --- accessors ----------------------------------------------------------------- */
RD_INLINE Map *heap_object_map(const HeapObject *o) {
  return (Map *)(uintptr_t)o->map;
}
RD_INLINE InstanceType value_instance_type(rd_value v) {
  return (InstanceType)heap_object_map(value_to_ptr(v))->instance_type;
}
RD_INLINE bool value_has_type(rd_value v, InstanceType t) {
  return value_is_ptr(v) && value_instance_type(v) == t;
}
RD_INLINE bool instance_type_is_string(InstanceType t) {
  return t >= TYPE_ONE_BYTE_STRING && t <= TYPE_SLICED_STRING;
}
RD_INLINE bool instance_type_is_internalized(InstanceType t) {
  return t == TYPE_INTERNALIZED_ONE_BYTE_STRING ||
         t == TYPE_INTERNALIZED_TWO_BYTE_STRING;
}
RD_INLINE bool value_is_string(rd_value v) {
  return value_is_ptr(v) && instance_type_is_string(value_instance_type(v));
}
RD_INLINE bool value_is_symbol(rd_value v) { return value_has_type(v, TYPE_SYMBOL); }
RD_INLINE bool value_is_bigint(rd_value v) { return value_has_type(v, TYPE_BIGINT); }
/* Property keys: internalized strings and symbols (array indices go to elements). */
RD_INLINE bool value_is_property_key(rd_value v) {
  return value_is_ptr(v) && (instance_type_is_internalized(value_instance_type(v)) ||
                             value_instance_type(v) == TYPE_SYMBOL);
}
RD_INLINE bool instance_type_is_js_object(InstanceType t) { return t >= TYPE_JS_OBJECT; }
RD_INLINE bool value_is_js_object(rd_value v) {
  return value_is_ptr(v) && instance_type_is_js_object(value_instance_type(v));
}

#define FIXED_ARRAY(v) ((FixedArray *)value_to_ptr(v))
#define FIXED_DOUBLE_ARRAY(v) ((FixedDoubleArray *)value_to_ptr(v))
#define STRING(v) ((String *)value_to_ptr(v))
#define MAP(v) ((Map *)value_to_ptr(v))
#define JS_OBJECT(v) ((JSObject *)value_to_ptr(v))
#define JS_ARRAY(v) ((JSArray *)value_to_ptr(v))

RD_INLINE uint32_t fixed_array_length(rd_value a) {
  return (uint32_t)value_to_int32(FIXED_ARRAY(a)->length);
}
RD_INLINE size_t fixed_array_size_for(uint32_t n) { return 16 + 8 * (size_t)n; }
RD_INLINE size_t seq_string_size_for(uint32_t len, bool two_byte) {
  return ROUND_UP(16 + (size_t)len * (two_byte ? 2 : 1), 8);
}

/* Size of o in bytes and its tagged range [*start, *end) as byte offsets.
 * Reads only o's map (which must not be forwarded) and length fields. */
RD_INLINE size_t heap_object_body(const HeapObject *o, const Map *m,
                                  uint32_t *start, uint32_t *end) {
  size_t size;
  switch ((InstanceType)m->instance_type) {
    case TYPE_FIXED_ARRAY: case TYPE_DESCRIPTOR_ARRAY: case TYPE_TRANSITION_ARRAY:
    case TYPE_NAME_DICTIONARY: case TYPE_NUMBER_DICTIONARY: case TYPE_CONTEXT:
    case TYPE_FEEDBACK_VECTOR: case TYPE_MODULE_RECORD: case TYPE_EPHEMERON_HASH_TABLE:
      size = fixed_array_size_for((uint32_t)((const FixedArray *)o)->length);
      *start = 8;
      *end = (uint32_t)size;
      return size;
    case TYPE_FIXED_DOUBLE_ARRAY:
      *start = 8;
      *end = 16;
      return 16 + 8 * (size_t)(uint32_t)((const FixedDoubleArray *)o)->length;
    case TYPE_BYTE_ARRAY:
      *start = 8;
      *end = 16;
      return ROUND_UP(16 + (size_t)(uint32_t)((const ByteArray *)o)->length, 8);
    case TYPE_ONE_BYTE_STRING: case TYPE_INTERNALIZED_ONE_BYTE_STRING:
      *start = *end = 16;
      return seq_string_size_for(((const String *)o)->length, false);
    case TYPE_TWO_BYTE_STRING: case TYPE_INTERNALIZED_TWO_BYTE_STRING:
      *start = *end = 16;
      return seq_string_size_for(((const String *)o)->length, true);
    case TYPE_BIGINT:
      *start = *end = 16;
      return bigint_size_for(((const BigInt *)o)->length);
    case TYPE_FILLER:
      *start = *end = 8;
      return 8;
    case TYPE_FREE_SPACE:
      *start = *end = 8;
      return ((const FreeSpace *)o)->size;
    case TYPE_CODE:
      *start = CODE_BODY_START;
      *end = CODE_BODY_END;
      return ((const Code *)o)->size;
    case TYPE_BYTECODE_ARRAY:
      *start = BYTECODE_ARRAY_BODY_START;
      *end = BYTECODE_ARRAY_BODY_END;
      return ROUND_UP(BYTECODE_ARRAY_BODY_END + (size_t)((const BytecodeArray *)o)->length, 8);
    case TYPE_NATIVE_FUNCTION_INFO:
      *start = 8;
      *end = offsetof(NativeFunctionInfo, entry);
      return sizeof(NativeFunctionInfo);
    default:
      *start = m->body_start;
      *end = m->instance_size;
      return m->instance_size;
  }
}

RD_INLINE size_t heap_object_size(const HeapObject *o) {
  uint32_t s, e;
  return heap_object_body(o, heap_object_map(o), &s, &e);
}

#endif
