/*
 * array_buffer.h - ArrayBuffer objects, their backing stores outside the
 * heap, the tracker that frees the stores of dead buffers, the layout of
 * the views on a buffer (DataView; TypedArrays build on the same helpers)
 * and the element encodings of GetValueFromBuffer / SetValueInBuffer.
 *
 * A SharedArrayBuffer is the same object (TYPE_JS_ARRAY_BUFFER, same
 * layout, same tracker) with ARRAY_BUFFER_SHARED in its flags and its own
 * initial map (ROOT shared_array_buffer_map, prototype
 * %SharedArrayBuffer.prototype%). Every view accepts either kind; the
 * ArrayBuffer built-ins reject shared ones and the SharedArrayBuffer
 * built-ins non-shared ones (IsSharedArrayBuffer). rondo has one agent, so
 * a shared store is an ordinary store that nobody else sees; what stays
 * observable holds: a shared buffer is never detached, and a growable one
 * (ARRAY_BUFFER_RESIZABLE) only grows.
 *
 * A JSArrayBuffer (TYPE_JS_ARRAY_BUFFER) is a JS object with internal words
 * between its header and its in-object properties (its maps set
 * inobject_start = JS_ARRAY_BUFFER_HEADER_WORDS):
 *
 *   word 0  map
 *        1  properties
 *        2  elements
 *        3  backing_store  the store's address p, as the word p + 2^49
 *        4  byte_length    Number: [[ArrayBufferByteLength]]
 *        5  capacity       Number: the bytes the store holds, which is
 *                          [[ArrayBufferMaxByteLength]] of a resizable
 *                          buffer and the byte length of a fixed-length one
 *        6  flags          int32: ARRAY_BUFFER_RESIZABLE | ARRAY_BUFFER_DETACHED |
 *                          ARRAY_BUFFER_SHARED
 *        7  in-object properties...
 *
 *            heap                                  malloc
 *   +-----+---+---+-----------+-----+-----+-----+     +---------------------+
 *   | map | p | e | p + 2^49  | len | cap | flg | --> | len bytes | 0 ... 0 |
 *   +-----+---+---+-----------+-----+-----+-----+     +---------------------+
 *                                                       <------ cap ------->
 *
 * Every word is a tagged value, so the GC visits a buffer like any JS
 * object: the word p + 2^49 is the boxing of the (subnormal) double whose
 * bits are p, a Number the GC never follows; NULL is +0.
 *
 * Invariants:
 *  - the store is NULL iff capacity is 0 (a zero-capacity or detached buffer);
 *  - byte_length <= capacity, and bytes [byte_length, capacity) are zero, so
 *    growing a resizable buffer exposes zeros;
 *  - a detached buffer has no store, byte_length = capacity = 0;
 *  - a shared buffer is never detached, and its byte_length never decreases;
 *  - the store never moves while the buffer is attached: a resizable buffer
 *    gets its maximum up front and resize only moves byte_length. Detaching
 *    (and transfer, which detaches) is the one way to free it, and may come
 *    from any JS code: C code re-reads the address after running JS;
 *  - every buffer that has a store is in the tracker exactly once, and the
 *    tracker frees the store when the GC finds the buffer dead (or when the
 *    runtime is freed).
 *
 * The tracker (Runtime.array_buffers, array_buffer.c) is a malloc'd array
 * of buffers: [0, old_count) are in old space, [old_count, count) were
 * registered since (young, or old when new space was full). A scavenge
 * visits the second part only: a buffer not copied died, and its from-space
 * copy is still intact, so its store is freed; promoted ones move to the
 * first part. A mark-compact visits both through runtime_process_weak_roots:
 * dead buffers' stores are freed before evacuation (the dead objects are
 * intact), then the entries follow their buffers' moves. The array never
 * grows during a GC: room for an entry is reserved before a buffer is
 * allocated.
 *
 * External memory: the stores' bytes count as GC pressure. Allocating a
 * store that brings the bytes of young buffers past 32 MiB scavenges first;
 * one that brings the total past a limit (64 MiB, or twice what survived the
 * last full GC) runs a full GC; a failed calloc runs a full GC and retries
 * once before the RangeError.
 */
#ifndef RONDO_OBJECTS_ARRAY_BUFFER_H
#define RONDO_OBJECTS_ARRAY_BUFFER_H

#include "objects/objects.h"
#include "runtime/runtime.h"

/* The largest store (an engine limit; ECMA-262 allows up to 2^53 - 1). */
#define ARRAY_BUFFER_MAX_BYTE_LENGTH ((size_t)1 << 33)

enum { ARRAY_BUFFER_RESIZABLE = 1 << 0, ARRAY_BUFFER_DETACHED = 1 << 1, ARRAY_BUFFER_SHARED = 1 << 2 };

typedef struct JSArrayBuffer {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value backing_store;      /* address + VALUE_DOUBLE_OFFSET (see above) */
  rd_value byte_length;        /* Number */
  rd_value capacity;           /* Number */
  rd_value flags;              /* int32 */
  rd_value fields[];
} JSArrayBuffer;
#define JS_ARRAY_BUFFER_HEADER_WORDS 7
#define JS_ARRAY_BUFFER(v) ((JSArrayBuffer *)value_to_ptr(v))

/* A DataView (TYPE_JS_DATA_VIEW): [[ViewedArrayBuffer]], [[ByteOffset]] and
 * [[ByteLength]], undefined for "auto" (a view tracking the end of a
 * resizable buffer). Its maps set inobject_start = JS_DATA_VIEW_HEADER_WORDS. */
typedef struct JSDataView {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value buffer;             /* JSArrayBuffer */
  rd_value byte_offset;        /* Number */
  rd_value byte_length;        /* Number, or undefined: auto */
  rd_value fields[];
} JSDataView;
#define JS_DATA_VIEW_HEADER_WORDS 6
#define JS_DATA_VIEW(v) ((JSDataView *)value_to_ptr(v))

/* --- reading a buffer (never allocates) ------------------------------------------ */
/* True for any buffer, shared or not (an object with [[ArrayBufferData]]). */
RD_INLINE bool array_buffer_is(rd_value v) { return value_has_type(v, TYPE_JS_ARRAY_BUFFER); }
/* IsSharedArrayBuffer for a buffer. */
RD_INLINE bool array_buffer_is_shared(rd_value buf) {
  return value_to_int32(JS_ARRAY_BUFFER(buf)->flags) & ARRAY_BUFFER_SHARED;
}
/* True for an ArrayBuffer proper (a buffer that is not shared). */
RD_INLINE bool array_buffer_is_unshared(rd_value v) { return array_buffer_is(v) && !array_buffer_is_shared(v); }
/* True for a SharedArrayBuffer. */
RD_INLINE bool array_buffer_is_shared_buffer(rd_value v) { return array_buffer_is(v) && array_buffer_is_shared(v); }
RD_INLINE uint8_t *array_buffer_data(rd_value buf) {
  return (uint8_t *)(uintptr_t)(JS_ARRAY_BUFFER(buf)->backing_store - VALUE_DOUBLE_OFFSET);
}
RD_INLINE size_t array_buffer_byte_length(rd_value buf) {
  return (size_t)value_to_number(JS_ARRAY_BUFFER(buf)->byte_length);
}
RD_INLINE size_t array_buffer_capacity(rd_value buf) {
  return (size_t)value_to_number(JS_ARRAY_BUFFER(buf)->capacity);
}
RD_INLINE bool array_buffer_is_detached(rd_value buf) {
  return value_to_int32(JS_ARRAY_BUFFER(buf)->flags) & ARRAY_BUFFER_DETACHED;
}
RD_INLINE bool array_buffer_is_resizable(rd_value buf) {
  return value_to_int32(JS_ARRAY_BUFFER(buf)->flags) & ARRAY_BUFFER_RESIZABLE;
}
/* [[ArrayBufferMaxByteLength]] as the maxByteLength getter reports it. */
RD_INLINE size_t array_buffer_max_byte_length(rd_value buf) {
  return array_buffer_is_resizable(buf) ? array_buffer_capacity(buf) : array_buffer_byte_length(buf);
}
/* True for objects with [[ViewedArrayBuffer]]: DataViews and TypedArrays. */
RD_INLINE bool array_buffer_is_view(rd_value v) {
  return value_has_type(v, TYPE_JS_DATA_VIEW) || value_has_type(v, TYPE_JS_TYPED_ARRAY);
}

/* A view's byte length ARRAY_BUFFER_AUTO tracks the end of its buffer. */
#define ARRAY_BUFFER_AUTO (-1)
/* The byte length of the view [offset, offset + length) of buf (length
 * ARRAY_BUFFER_AUTO: up to buf's end), or -1 when IsViewOutOfBounds: buf
 * is detached, or the view reaches past buf's current byte length. */
RD_INLINE int64_t array_buffer_view_length(rd_value buf, uint64_t offset, int64_t length) {
  if (array_buffer_is_detached(buf)) return -1;
  uint64_t n = array_buffer_byte_length(buf);
  if (offset > n) return -1;
  if (length == ARRAY_BUFFER_AUTO) return (int64_t)(n - offset);
  return (uint64_t)length > n - offset ? -1 : length;
}

/* ToIndex(*v) into *out; a RangeError "Invalid <what>" outside [0, 2^53 - 1].
 * May run JS (valueOf). */
bool array_buffer_to_index(Runtime *rt, Handle v, const char *what, uint64_t *out) RD_MUST_CHECK;

/* --- creating, detaching, resizing ----------------------------------------------
 * AllocateArrayBuffer after OrdinaryCreateFromConstructor's prototype lookup:
 * a buffer of byte_length zero bytes, resizable up to max_byte_length if
 * resizable (else max_byte_length is ignored), with prototype proto (NULL:
 * %ArrayBuffer.prototype%). A RangeError when byte_length > max_byte_length
 * or the store cannot be had. May run a GC (never JS). */
rd_value array_buffer_new(Runtime *rt, Handle proto, size_t byte_length, bool resizable,
                          size_t max_byte_length) RD_MUST_CHECK;
/* AllocateSharedArrayBuffer: as array_buffer_new, a SharedArrayBuffer
 * (growable when growable; proto NULL: %SharedArrayBuffer.prototype%). */
rd_value array_buffer_new_shared(Runtime *rt, Handle proto, size_t byte_length, bool growable,
                                 size_t max_byte_length) RD_MUST_CHECK;
/* DetachArrayBuffer(buf) with an undefined key (no rondo buffer has a key):
 * frees the store. buf must not be shared. Never allocates. */
void array_buffer_detach(Runtime *rt, rd_value buf);
/* Sets the byte length of resizable, attached buf to n <= its capacity,
 * zeroing the bytes cut off. Never allocates. */
void array_buffer_resize(rd_value buf, size_t n);
/* ArrayBufferCopyAndDetach(buf, n, ...) once the arguments are checked (buf
 * attached): a new %ArrayBuffer% of n bytes, resizable up to max_byte_length
 * if resizable, holding buf's first min(n, byte length) bytes then zeros;
 * then buf is detached. The store moves when it can (realloc). A RangeError
 * (buf untouched) when the new store cannot be had. */
rd_value array_buffer_transfer(Runtime *rt, Handle buf, size_t n, bool resizable,
                               size_t max_byte_length) RD_MUST_CHECK;

/* --- elements (GetValueFromBuffer / SetValueInBuffer) ----------------------------
 * X(Name, bytes), in the order of ECMA-262's TypedArray table. */
#define BUFFER_ELEMENT_TYPE_LIST(X)                                                      \
  X(Int8, 1) X(Uint8, 1) X(Uint8Clamped, 1) X(Int16, 2) X(Uint16, 2) X(Int32, 4)         \
  X(Uint32, 4) X(Float16, 2) X(Float32, 4) X(Float64, 8) X(BigInt64, 8) X(BigUint64, 8)
typedef enum {
#define X(name, size) BUFFER_##name,
  BUFFER_ELEMENT_TYPE_LIST(X)
#undef X
  BUFFER_ELEMENT_TYPE_COUNT
} BufferElementType;
extern const uint8_t buffer_element_size[BUFFER_ELEMENT_TYPE_COUNT];
/* "Int8", "Uint8", ... (--print-ir). */
extern const char *const buffer_element_type_names[BUFFER_ELEMENT_TYPE_COUNT];
RD_INLINE bool buffer_element_is_bigint(BufferElementType t) { return t >= BUFFER_BigInt64; }
/* RawBytesToNumeric: the Number at p (any alignment) for a non-BigInt type. */
double array_buffer_read_element(const uint8_t *p, BufferElementType t, bool little_endian);
/* NumericToRawBytes: writes Number v (already ToNumber'd) at p as type t. */
void array_buffer_write_element(uint8_t *p, BufferElementType t, double v, bool little_endian);
/* GetValueFromBuffer at p: a Number, or a BigInt for the BigInt types (which
 * may allocate: p must not be read again after a failure). */
rd_value array_buffer_get_value(Runtime *rt, const uint8_t *p, BufferElementType t,
                                bool little_endian) RD_MUST_CHECK;
/* SetValueInBuffer at p: numeric is a Number (ToNumber'd) for the Number
 * types, a BigInt (ToBigInt'd) for the BigInt types. Never allocates. */
void array_buffer_set_value(uint8_t *p, BufferElementType t, rd_value numeric, bool little_endian);

/* --- the tracker (GC) ------------------------------------------------------------- */
/* Weak processing of the tracked buffers (all of them, or those registered
 * since the last GC when young_only): w->retain gives a buffer's new
 * address, or VALUE_EMPTY when it died, and then its store is freed.
 * Returns the number of stores freed. Never allocates on the heap. */
size_t array_buffer_tracker_process(Runtime *rt, WeakRetainer *w, bool young_only);
/* Frees every store and the tracker (runtime teardown). */
void array_buffer_tracker_free(Runtime *rt);
/* Heap verification: every entry is a live object (is_live(arg, entry): the
 * verifier's check) and a buffer (detached ones may stay), each at most once
 * and in the right part; the byte count adds up; `stores` (the buffers with
 * a store that the heap walk found) equals the entries with a store. Aborts
 * on the first fault. */
void array_buffer_tracker_verify(Runtime *rt, size_t stores, bool (*is_live)(void *arg, rd_value v), void *arg,
                                 const char *when);

#endif
