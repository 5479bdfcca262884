/*
 * array_buffer.c - backing stores of ArrayBuffers: allocation under
 * external-memory pressure, detaching, resizing, transfer, the tracker the
 * GC uses to free the stores of dead buffers, and the element encodings
 * (RawBytesToNumeric / NumericToRawBytes) that DataView and TypedArrays share.
 *
 * Invariant (objects/array_buffer.h has the layout and the whole story):
 * every buffer owning a store is in the tracker exactly once, the tracker's
 * byte count is the sum of their capacities, and a store is freed exactly
 * once - by detach/transfer, by the GC when its buffer died, or at teardown.
 */
#include <math.h>
#include <stdlib.h>

#include "base/float16.h"
#include "objects/array_buffer.h"
#include "objects/bigint.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "runtime/ops.h"

const char *const buffer_element_type_names[BUFFER_ELEMENT_TYPE_COUNT] = {
#define X(name, size) #name,
    BUFFER_ELEMENT_TYPE_LIST(X)
#undef X
};
const uint8_t buffer_element_size[BUFFER_ELEMENT_TYPE_COUNT] = {
#define X(name, size) size,
    BUFFER_ELEMENT_TYPE_LIST(X)
#undef X
};

/* --- the tracker ----------------------------------------------------------------------- */
#define YOUNG_BYTES_LIMIT (32 * MB)   /* a scavenge when young buffers' stores pass this */
#define FULL_GC_MIN_LIMIT (64 * MB)   /* the least external-memory trigger of a full GC */

typedef struct ArrayBufferTracker {
  rd_value *entries;           /* [0, old_count) old buffers, [old_count, count) the rest */
  size_t count, old_count, capacity;
  size_t bytes;                /* capacity of every tracked store */
  size_t young_bytes;          /* of the stores of [old_count, count) (detaches not subtracted) */
  size_t full_gc_limit;        /* a full GC before bytes pass it */
} ArrayBufferTracker;

/* Makes sure the tracker exists and has room for one more entry. */
static bool tracker_reserve(Runtime *rt) {
  ArrayBufferTracker *t = rt->array_buffers;
  if (!t) {
    if (!(t = calloc(1, sizeof *t))) {
      runtime_throw_oom(rt);
      return false;
    }
    t->full_gc_limit = FULL_GC_MIN_LIMIT;
    rt->array_buffers = t;
  }
  if (t->count < t->capacity) return true;
  size_t cap = t->capacity ? t->capacity * 2 : 64;
  rd_value *e = realloc(t->entries, cap * sizeof *e);
  if (!e) {
    runtime_throw_oom(rt);
    return false;
  }
  t->entries = e;
  t->capacity = cap;
  return true;
}

/* Registers buf, which just got its store (tracker_reserve made room). */
static void tracker_add(Runtime *rt, rd_value buf) {
  ArrayBufferTracker *t = rt->array_buffers;
  CHECK(t->count < t->capacity);
  t->entries[t->count++] = buf;
  size_t cap = array_buffer_capacity(buf);
  t->bytes += cap;
  t->young_bytes += cap;
}

size_t array_buffer_tracker_process(Runtime *rt, WeakRetainer *w, bool young_only) {
  ArrayBufferTracker *t = rt->array_buffers;
  if (!t) return 0;
  size_t from = young_only ? t->old_count : 0, out = from, freed = 0;
  for (size_t i = from; i < t->count; i++) {
    rd_value buf = w->retain(w, t->entries[i]);
    if (buf) {
      t->entries[out++] = buf;
      continue;
    }
    buf = t->entries[i];          /* dead, but its words are intact during the GC */
    t->bytes -= array_buffer_capacity(buf);
    free(array_buffer_data(buf));
    freed++;
  }
  t->count = out;
  /* Old buffers (promoted or evacuated ones included) go to the first part. */
  size_t j = from;
  t->young_bytes = 0;
  for (size_t i = from; i < t->count; i++) {
    rd_value buf = t->entries[i];
    if (heap_in_young(value_to_ptr(buf))) {
      t->young_bytes += array_buffer_capacity(buf);
      continue;
    }
    t->entries[i] = t->entries[j];
    t->entries[j++] = buf;
  }
  t->old_count = j;
  if (!young_only) t->full_gc_limit = MAX(FULL_GC_MIN_LIMIT, 2 * t->bytes);
  return freed;
}

void array_buffer_tracker_free(Runtime *rt) {
  ArrayBufferTracker *t = rt->array_buffers;
  if (!t) return;
  for (size_t i = 0; i < t->count; i++) free(array_buffer_data(t->entries[i]));
  free(t->entries);
  free(t);
  rt->array_buffers = NULL;
}

static int cmp_value(const void *a, const void *b) {
  rd_value x = *(const rd_value *)a, y = *(const rd_value *)b;
  return x < y ? -1 : x > y;
}

void array_buffer_tracker_verify(Runtime *rt, size_t stores, bool (*is_live)(void *arg, rd_value v), void *arg,
                                 const char *when) {
  ArrayBufferTracker *t = rt->array_buffers;
  size_t n = t ? t->count : 0, with_store = 0, bytes = 0;
  for (size_t i = 0; i < n; i++) {
    rd_value b = t->entries[i];
    if (!is_live(arg, b)) FATAL("array buffer tracker %s: entry %zu (0x%llx) is no live object", when, i,
                                (unsigned long long)b);
    if (!array_buffer_is(b)) FATAL("array buffer tracker %s: entry %zu is not an ArrayBuffer", when, i);
    if (i < t->old_count && heap_in_young(value_to_ptr(b)))
      FATAL("array buffer tracker %s: young buffer among the old entries", when);
    if (array_buffer_data(b)) with_store++;
    bytes += array_buffer_capacity(b);
  }
  if (with_store != stores)
    FATAL("array buffer tracker %s: %zu buffers with a store in the heap, %zu tracked", when, stores,
          with_store);
  if (t && bytes != t->bytes) FATAL("array buffer tracker %s: %zu bytes counted, %zu tracked", when, bytes, t->bytes);
  if (n < 2) return;
  rd_value *sorted = malloc(n * sizeof *sorted);
  CHECK(sorted != NULL);
  memcpy(sorted, t->entries, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, cmp_value);
  for (size_t i = 1; i < n; i++)
    if (sorted[i] == sorted[i - 1]) FATAL("array buffer tracker %s: a buffer tracked twice", when);
  free(sorted);
}

/* --- arguments ------------------------------------------------------------------------ */
bool array_buffer_to_index(Runtime *rt, Handle v, const char *what, uint64_t *out) {
  double d;
  if (value_is_int32(*v)) {
    d = value_to_int32(*v);
  } else if (*v == VALUE_UNDEFINED) {
    d = 0;
  } else {
    rd_value n = js_to_number(rt, v);
    if (!n) return false;
    d = value_to_number(n);
    d = d != d ? 0 : trunc(d);
  }
  if (!(d >= 0 && d <= 9007199254740991.0)) {
    js_throw(rt, ERROR_RangeError, "Invalid %s", what);
    return false;
  }
  *out = (uint64_t)d;
  return true;
}

/* --- stores ----------------------------------------------------------------------------- */
/* A zero-filled store of n > 0 bytes, after the GC that the external memory
 * calls for; NULL with a RangeError when it cannot be had. May run a GC. */
static uint8_t *store_new(Runtime *rt, size_t n) {
  ArrayBufferTracker *t = rt->array_buffers;
  if (n > ARRAY_BUFFER_MAX_BYTE_LENGTH) {
    js_throw(rt, ERROR_RangeError, "Array buffer allocation failed");
    return NULL;
  }
  if (t->bytes + n > t->full_gc_limit) heap_collect(&rt->heap, GC_MARK_COMPACT, "external memory");
  else if (t->young_bytes + n > YOUNG_BYTES_LIMIT) heap_collect(&rt->heap, GC_SCAVENGE, "external memory");
  uint8_t *p = calloc(1, n);
  if (!p) {
    heap_collect(&rt->heap, GC_MARK_COMPACT, "array buffer allocation failed");
    p = calloc(1, n);
  }
  if (!p) js_throw(rt, ERROR_RangeError, "Array buffer allocation failed");
  return p;
}

/* Sets the words of buf (fresh, or being detached). */
static void set_store(rd_value buf, uint8_t *data, size_t byte_length, size_t capacity, int32_t flags) {
  JSArrayBuffer *ab = JS_ARRAY_BUFFER(buf);
  ab->backing_store = (rd_value)(uintptr_t)data + VALUE_DOUBLE_OFFSET;
  ab->byte_length = value_from_number((double)byte_length);
  ab->capacity = value_from_number((double)capacity);
  ab->flags = value_from_int32(flags);
}

/* A buffer object without a store (capacity 0) and with prototype proto
 * (NULL: the initial map's): a SharedArrayBuffer's map when shared. */
static rd_value buffer_object_new(Runtime *rt, Handle proto, bool shared) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, shared ? ROOT(rt, shared_array_buffer_map) : ROOT(rt, array_buffer_map));
  if (!value_is_ptr(*map)) return js_throw(rt, ERROR_TypeError, "ArrayBuffer is not set up");
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  set_store(*o, NULL, 0, 0, 0);
  if (proto && *proto != MAP(*map)->prototype && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  return *o;
}

/* A buffer of either kind (flags: ARRAY_BUFFER_RESIZABLE, ARRAY_BUFFER_SHARED). */
static rd_value buffer_new(Runtime *rt, Handle proto, size_t byte_length, int32_t flags, size_t max_byte_length) {
  HANDLE_SCOPE(rt);
  size_t capacity = flags & ARRAY_BUFFER_RESIZABLE ? max_byte_length : byte_length;
  if (byte_length > capacity) return js_throw(rt, ERROR_RangeError, "byteLength exceeds maxByteLength");
  Handle buf = handle_new(rt, buffer_object_new(rt, proto, flags & ARRAY_BUFFER_SHARED));
  if (!*buf || !tracker_reserve(rt)) return VALUE_EMPTY;
  uint8_t *data = NULL;
  if (capacity && !(data = store_new(rt, capacity))) return VALUE_EMPTY;
  set_store(*buf, data, byte_length, capacity, flags);
  if (data) tracker_add(rt, *buf);
  return *buf;
}

rd_value array_buffer_new(Runtime *rt, Handle proto, size_t byte_length, bool resizable,
                          size_t max_byte_length) {
  return buffer_new(rt, proto, byte_length, resizable ? ARRAY_BUFFER_RESIZABLE : 0, max_byte_length);
}

rd_value array_buffer_new_shared(Runtime *rt, Handle proto, size_t byte_length, bool growable,
                                 size_t max_byte_length) {
  return buffer_new(rt, proto, byte_length, ARRAY_BUFFER_SHARED | (growable ? ARRAY_BUFFER_RESIZABLE : 0),
                    max_byte_length);
}

void array_buffer_detach(Runtime *rt, rd_value buf) {
  ASSERT(!array_buffer_is_shared(buf), "detaching a SharedArrayBuffer");
  if (array_buffer_is_detached(buf)) return;
  if (rt->array_buffers) rt->array_buffers->bytes -= array_buffer_capacity(buf);
  free(array_buffer_data(buf));
  set_store(buf, NULL, 0, 0, (value_to_int32(JS_ARRAY_BUFFER(buf)->flags) | ARRAY_BUFFER_DETACHED));
}

void array_buffer_resize(rd_value buf, size_t n) {
  size_t old = array_buffer_byte_length(buf);
  ASSERT(array_buffer_is_resizable(buf) && !array_buffer_is_detached(buf) && n <= array_buffer_capacity(buf),
         "resize past the capacity");
  if (n < old) memset(array_buffer_data(buf) + n, 0, old - n);
  JS_ARRAY_BUFFER(buf)->byte_length = value_from_number((double)n);
}

rd_value array_buffer_transfer(Runtime *rt, Handle buf, size_t n, bool resizable, size_t max_byte_length) {
  HANDLE_SCOPE(rt);
  size_t capacity = resizable ? max_byte_length : n;
  if (n > capacity) return js_throw(rt, ERROR_RangeError, "byteLength exceeds maxByteLength");
  if (capacity > ARRAY_BUFFER_MAX_BYTE_LENGTH) return js_throw(rt, ERROR_RangeError, "Array buffer allocation failed");
  Handle to = handle_new(rt, buffer_object_new(rt, NULL, false));
  if (!*to || !tracker_reserve(rt)) return VALUE_EMPTY;
  size_t old_cap = array_buffer_capacity(*buf), old_len = array_buffer_byte_length(*buf);
  size_t copy = MIN(n, old_len);
  uint8_t *data = NULL;
  if (capacity > old_cap) {
    /* Growing: a fresh (lazily zeroed) store, then the bytes. */
    if (!(data = store_new(rt, capacity))) return VALUE_EMPTY;
    if (copy) memcpy(data, array_buffer_data(*buf), copy);   /* store_new may GC, never detach */
  } else if (capacity > 0) {
    /* The store moves; bytes past `copy` must read as zero (those past the
     * old length already do). A shrinking realloc that fails keeps the block. */
    data = array_buffer_data(*buf);
    uint8_t *smaller = capacity < old_cap ? realloc(data, capacity) : data;
    if (smaller) data = smaller;
    if (MIN(old_len, capacity) > copy) memset(data + copy, 0, MIN(old_len, capacity) - copy);
    set_store(*buf, NULL, old_len, old_cap, value_to_int32(JS_ARRAY_BUFFER(*buf)->flags));   /* not freed below */
  }
  array_buffer_detach(rt, *buf);
  set_store(*to, data, n, capacity, resizable ? ARRAY_BUFFER_RESIZABLE : 0);
  if (data) tracker_add(rt, *to);
  return *to;
}

/* --- elements ------------------------------------------------------------------------- */
/* Copies n bytes from src to dst, reversed when the requested byte order is not the host's. */
static void copy_ordered(uint8_t *dst, const uint8_t *src, size_t n, bool little_endian) {
  bool host_little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
  if (little_endian == host_little) {
    memcpy(dst, src, n);
    return;
  }
  for (size_t i = 0; i < n; i++) dst[i] = src[n - 1 - i];
}

double array_buffer_read_element(const uint8_t *p, BufferElementType t, bool little_endian) {
  union {
    uint8_t b[8];
    int8_t i8;
    uint8_t u8;
    int16_t i16;
    uint16_t u16;
    int32_t i32;
    uint32_t u32;
    float f32;
    double f64;
  } u;
  copy_ordered(u.b, p, buffer_element_size[t], little_endian);
  switch (t) {
    case BUFFER_Int8: return u.i8;
    case BUFFER_Uint8: case BUFFER_Uint8Clamped: return u.u8;
    case BUFFER_Int16: return u.i16;
    case BUFFER_Uint16: return u.u16;
    case BUFFER_Int32: return u.i32;
    case BUFFER_Uint32: return u.u32;
    case BUFFER_Float16: return float16_to_double(u.u16);
    case BUFFER_Float32: return u.f32;
    case BUFFER_Float64: return u.f64;
    default: UNREACHABLE();   /* BigInt types have no Number value */
  }
}

/* ToUint8Clamp: round half to even into [0, 255]. */
static uint8_t to_uint8_clamp(double v) {
  if (!(v > 0)) return 0;   /* NaN too */
  if (v >= 255) return 255;
  double f = floor(v), r = v - f;
  if (r > 0.5 || (r == 0.5 && fmod(f, 2) != 0)) f++;
  return (uint8_t)f;
}

void array_buffer_write_element(uint8_t *p, BufferElementType t, double v, bool little_endian) {
  union {
    uint8_t b[8];
    uint16_t u16;
    uint32_t u32;
    float f32;
    double f64;
  } u;
  switch (t) {
    case BUFFER_Int8: case BUFFER_Uint8: u.b[0] = (uint8_t)number_to_int32(v); break;
    case BUFFER_Uint8Clamped: u.b[0] = to_uint8_clamp(v); break;
    case BUFFER_Int16: case BUFFER_Uint16: u.u16 = (uint16_t)number_to_int32(v); break;
    case BUFFER_Int32: case BUFFER_Uint32: u.u32 = (uint32_t)number_to_int32(v); break;
    case BUFFER_Float16: u.u16 = float16_from_double(v); break;
    case BUFFER_Float32: u.f32 = (float)v; break;
    case BUFFER_Float64: u.f64 = v; break;
    default: UNREACHABLE();
  }
  copy_ordered(p, u.b, buffer_element_size[t], little_endian);
}

rd_value array_buffer_get_value(Runtime *rt, const uint8_t *p, BufferElementType t, bool little_endian) {
  if (!buffer_element_is_bigint(t)) return value_from_number(array_buffer_read_element(p, t, little_endian));
  uint64_t bits;
  copy_ordered((uint8_t *)&bits, p, 8, little_endian);
  rd_value b = bigint_from_int64(rt, (int64_t)bits);
  if (!b || t == BUFFER_BigInt64 || (int64_t)bits >= 0) return b;
  HANDLE_SCOPE(rt);   /* BigUint64 past 2^63: the same bits read unsigned */
  Handle hb = handle_new(rt, b);
  return bigint_as_n(rt, 64, hb, false);
}

void array_buffer_set_value(uint8_t *p, BufferElementType t, rd_value numeric, bool little_endian) {
  if (!buffer_element_is_bigint(t)) {
    array_buffer_write_element(p, t, value_to_number(numeric), little_endian);
    return;
  }
  /* ToBigInt64 / ToBigUint64 keep the value modulo 2^64: the low limb,
   * negated (two's complement) for a negative BigInt. */
  uint64_t bits = bigint_length(numeric) ? BIGINT(numeric)->limbs[0] : 0;
  if (bigint_is_negative(numeric)) bits = (uint64_t)0 - bits;
  copy_ordered(p, (const uint8_t *)&bits, 8, little_endian);
}
