/*
 * atomics.c - the Atomics namespace object (ECMA-262 2025, 25.4): add,
 * and, compareExchange, exchange, isLockFree, load, or, store, sub, xor,
 * wait, waitAsync, notify, pause and @@toStringTag, on integer typed arrays
 * over shared or non-shared buffers (BigInt64 / BigUint64 included).
 *
 * rondo runs a single agent, so every operation is trivially atomic: the
 * read-modify-write is plain code on the element's bytes in the host's byte
 * order. The host's one agent can block ([[CanBlock]] true, as on d8's and
 * node's main thread): Atomics.wait sleeps out a finite timeout and returns
 * "timed-out" (nobody can notify it), or returns "not-equal". A wait with an
 * infinite timeout could never end - no other agent exists to notify - so
 * it throws a TypeError instead of hanging (the error an agent that cannot
 * block gets). Atomics.waitAsync waiters live in ROOT atomics_waiters, a
 * FIFO linked list of FixedArrays [next, buffer, byte index, promise,
 * deadline in ms (heap_now_ms clock, +Infinity: none)]; Atomics.notify
 * resolves them with "ok" in a job, and atomics_run_timeouts (called by the job loop
 * when it runs dry) sleeps until the first deadline and resolves the
 * expired ones with "timed-out".
 *
 * Invariant: the element's address is computed only after the last
 * conversion that may run JS, from a typed array revalidated then
 * (RevalidateAtomicAccess): a conversion may detach or shrink the buffer.
 */
#include "builtins/atomics.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "builtins/builtins.h"
#include "builtins/library.h"
#include "interp/interp_ops.h"
#include "objects/bigint.h"
#include "objects/factory.h"
#include "objects/typed_array.h"

#define HOST_LITTLE_ENDIAN (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

/* The read-modify-write operations: X(name, js name). */
#define ATOMICS_RMW_LIST(X) \
  X(ADD, add) X(SUB, sub) X(AND, and) X(OR, or) X(XOR, xor) X(EXCHANGE, exchange)
typedef enum {
#define X(op, name) RMW_##op,
  ATOMICS_RMW_LIST(X)
#undef X
} RmwOp;

/* --- validation ------------------------------------------------------------------------------ */
/* ValidateIntegerTypedArray(v, waitable): TypeError unless v is an in-bounds
 * typed array of an integer type (Int32 / BigInt64 only when waitable).
 * *len gets TypedArrayLength. Never allocates but for the error. */
static bool validate_integer_array(Runtime *rt, rd_value v, bool waitable, int64_t *len) {
  if (!typed_array_is(v)) {
    js_throw(rt, ERROR_TypeError, "Atomics operations need an integer typed array");
    return false;
  }
  *len = typed_array_length(v);
  if (*len < 0) {
    js_throw(rt, ERROR_TypeError, "Atomics operation on a detached or out-of-bounds typed array");
    return false;
  }
  BufferElementType t = typed_array_kind(v);
  bool ok = waitable ? t == BUFFER_Int32 || t == BUFFER_BigInt64
                     : t != BUFFER_Uint8Clamped && t != BUFFER_Float16 && t != BUFFER_Float32 && t != BUFFER_Float64;
  if (!ok) {
    js_throw(rt, ERROR_TypeError, waitable ? "Atomics.wait and notify need an Int32Array or a BigInt64Array"
                                           : "Atomics operations need an integer typed array");
    return false;
  }
  return true;
}

/* ValidateAtomicAccess(ta, *index) with len its length before the
 * conversion: the byte index in the buffer, or -1 with a RangeError. ToIndex
 * may run JS. */
static int64_t validate_access(Runtime *rt, Handle ta, Handle index, int64_t len) {
  uint64_t i;
  if (!array_buffer_to_index(rt, index, "atomic access index", &i)) return -1;
  if (i >= (uint64_t)len) {
    js_throw(rt, ERROR_RangeError, "Invalid atomic access index");
    return -1;
  }
  return (int64_t)(i * typed_array_element_size(*ta) + typed_array_byte_offset(*ta));
}

/* ValidateAtomicAccessOnIntegerTypedArray: the byte index, or -1. */
static int64_t validate_integer_access(Runtime *rt, Handle ta, Handle index) {
  int64_t len;
  if (!validate_integer_array(rt, *ta, false, &len)) return -1;
  return validate_access(rt, ta, index, len);
}

/* RevalidateAtomicAccess: the element's address, or NULL with a TypeError
 * (now out of bounds) or a RangeError (the index is past the buffer). */
static uint8_t *revalidate(Runtime *rt, rd_value ta, int64_t byte_index) {
  if (typed_array_length(ta) < 0) {
    js_throw(rt, ERROR_TypeError, "Atomics operation on a detached or out-of-bounds typed array");
    return NULL;
  }
  rd_value buf = JS_TYPED_ARRAY(ta)->buffer;
  if ((uint64_t)byte_index >= array_buffer_byte_length(buf)) {
    js_throw(rt, ERROR_RangeError, "Invalid atomic access index");
    return NULL;
  }
  return array_buffer_data(buf) + byte_index;
}

/* The value to store into an element of ta: ToBigInt for BigInt arrays,
 * else ToIntegerOrInfinity as a Number (-0 becomes +0). May run JS. */
static rd_value to_element_value(Runtime *rt, rd_value ta, Handle v) {
  if (buffer_element_is_bigint(typed_array_kind(ta))) return js_to_bigint(rt, v);
  double d;
  if (!lib_to_integer(rt, v, &d)) return VALUE_EMPTY;
  return value_from_number(d == 0 ? 0 : d);
}

/* --- raw elements ----------------------------------------------------------------------------- */
/* The n-byte integer at p in host order, zero-extended. */
static uint64_t load_bits(const uint8_t *p, size_t n) {
  uint8_t b1; uint16_t b2; uint32_t b4; uint64_t b8;
  switch (n) {
    case 1: memcpy(&b1, p, 1); return b1;
    case 2: memcpy(&b2, p, 2); return b2;
    case 4: memcpy(&b4, p, 4); return b4;
    default: memcpy(&b8, p, 8); return b8;
  }
}

/* Stores the low n bytes of v at p in host order. */
static void store_bits(uint8_t *p, size_t n, uint64_t v) {
  uint8_t b1 = (uint8_t)v; uint16_t b2 = (uint16_t)v; uint32_t b4 = (uint32_t)v;
  switch (n) {
    case 1: memcpy(p, &b1, 1); break;
    case 2: memcpy(p, &b2, 2); break;
    case 4: memcpy(p, &b4, 4); break;
    default: memcpy(p, &v, 8); break;
  }
}

/* NumericToRawBytes(t, numeric) as an integer of the element's size. */
static uint64_t raw_bits(BufferElementType t, rd_value numeric) {
  uint8_t tmp[8];
  array_buffer_set_value(tmp, t, numeric, HOST_LITTLE_ENDIAN);
  return load_bits(tmp, buffer_element_size[t]);
}

/* RawBytesToNumeric(t, bits): a Number or a BigInt. May allocate. */
static rd_value from_bits(Runtime *rt, BufferElementType t, uint64_t bits) {
  uint8_t tmp[8];
  store_bits(tmp, buffer_element_size[t], bits);
  return array_buffer_get_value(rt, tmp, t, HOST_LITTLE_ENDIAN);
}

/* --- read-modify-write ---------------------------------------------------------------------- */
/* AtomicReadModifyWrite ( typedArray, index, value, op ): the old value. */
static rd_value read_modify_write(Runtime *rt, NativeArgs *a, RmwOp op) {
  HANDLE_SCOPE(rt);
  Handle ta = handle_new(rt, native_arg(a, 0));
  Handle arg = handle_new(rt, native_arg(a, 1));
  int64_t byte_index = validate_integer_access(rt, ta, arg);
  if (byte_index < 0) return VALUE_EMPTY;
  *arg = native_arg(a, 2);
  Handle v = handle_new(rt, to_element_value(rt, *ta, arg));
  if (!*v) return VALUE_EMPTY;
  uint8_t *p = revalidate(rt, *ta, byte_index);
  if (!p) return VALUE_EMPTY;
  BufferElementType t = typed_array_kind(*ta);
  size_t n = buffer_element_size[t];
  uint64_t old = load_bits(p, n), operand = raw_bits(t, *v), result = 0;
  switch (op) {
    case RMW_ADD: result = old + operand; break;
    case RMW_SUB: result = old - operand; break;
    case RMW_AND: result = old & operand; break;
    case RMW_OR: result = old | operand; break;
    case RMW_XOR: result = old ^ operand; break;
    case RMW_EXCHANGE: result = operand; break;
  }
  store_bits(p, n, result);
  return from_bits(rt, t, old);
}

#define X(op, name) \
  static rd_value atomics_##name(Runtime *rt, NativeArgs *a) { return read_modify_write(rt, a, RMW_##op); }
ATOMICS_RMW_LIST(X)
#undef X

/* Atomics.compareExchange ( typedArray, index, expectedValue, replacementValue ). */
static rd_value atomics_compare_exchange(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle ta = handle_new(rt, native_arg(a, 0));
  Handle arg = handle_new(rt, native_arg(a, 1));
  int64_t byte_index = validate_integer_access(rt, ta, arg);
  if (byte_index < 0) return VALUE_EMPTY;
  *arg = native_arg(a, 2);
  Handle expected = handle_new(rt, to_element_value(rt, *ta, arg));
  if (!*expected) return VALUE_EMPTY;
  *arg = native_arg(a, 3);
  Handle replacement = handle_new(rt, to_element_value(rt, *ta, arg));
  if (!*replacement) return VALUE_EMPTY;
  uint8_t *p = revalidate(rt, *ta, byte_index);
  if (!p) return VALUE_EMPTY;
  BufferElementType t = typed_array_kind(*ta);
  size_t n = buffer_element_size[t];
  uint64_t old = load_bits(p, n);
  if (old == raw_bits(t, *expected)) store_bits(p, n, raw_bits(t, *replacement));
  return from_bits(rt, t, old);
}

/* Atomics.load ( typedArray, index ). */
static rd_value atomics_load(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle ta = handle_new(rt, native_arg(a, 0));
  Handle arg = handle_new(rt, native_arg(a, 1));
  int64_t byte_index = validate_integer_access(rt, ta, arg);
  if (byte_index < 0) return VALUE_EMPTY;
  uint8_t *p = revalidate(rt, *ta, byte_index);
  if (!p) return VALUE_EMPTY;
  return array_buffer_get_value(rt, p, typed_array_kind(*ta), HOST_LITTLE_ENDIAN);
}

/* Atomics.store ( typedArray, index, value ): the converted value. */
static rd_value atomics_store(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle ta = handle_new(rt, native_arg(a, 0));
  Handle arg = handle_new(rt, native_arg(a, 1));
  int64_t byte_index = validate_integer_access(rt, ta, arg);
  if (byte_index < 0) return VALUE_EMPTY;
  *arg = native_arg(a, 2);
  Handle v = handle_new(rt, to_element_value(rt, *ta, arg));
  if (!*v) return VALUE_EMPTY;
  uint8_t *p = revalidate(rt, *ta, byte_index);
  if (!p) return VALUE_EMPTY;
  array_buffer_set_value(p, typed_array_kind(*ta), *v, HOST_LITTLE_ENDIAN);
  return *v;
}

/* Atomics.isLockFree ( size ): every size rondo's typed arrays have is. */
static rd_value atomics_is_lock_free(Runtime *rt, NativeArgs *a) {
  double n;
  if (!lib_arg_integer(rt, a, 0, &n)) return VALUE_EMPTY;
  return value_from_bool(n == 1 || n == 2 || n == 4 || n == 8);
}

/* Atomics.pause ( [ N ] ): N must be undefined or an integral Number. */
static rd_value atomics_pause(Runtime *rt, NativeArgs *a) {
  rd_value n = native_arg(a, 0);
  if (n != VALUE_UNDEFINED) {
    double d = value_is_number(n) ? value_to_number(n) : NAN;
    if (!isfinite(d) || trunc(d) != d)
      return js_throw(rt, ERROR_TypeError, "Atomics.pause: the argument must be an integral Number");
  }
  return VALUE_UNDEFINED;
}

/* --- wait and notify ----------------------------------------------------------------------------- */
enum { W_NEXT, W_BUFFER, W_INDEX, W_PROMISE, W_DEADLINE, W_SIZE };
#define W(w, i) (FIXED_ARRAY(w)->data[i])

/* Sleeps ms milliseconds (finite, >= 0). */
static void sleep_ms(double ms) {
  double end = heap_now_ms() + ms;
  for (double left = ms; left > 0; left = end - heap_now_ms()) {
    left = MIN(left, 1e9);   /* a time_t any size of timeout fits */
    struct timespec ts = {(time_t)(left / 1000), (long)(fmod(left, 1000) * 1e6)};
    nanosleep(&ts, NULL);
  }
}

/* A string result of wait ("ok", "not-equal", "timed-out"). */
static rd_value result_string(Runtime *rt, const char *s) { return lib_key(rt, s); }

/* { async, value } of waitAsync. */
static rd_value async_result(Runtime *rt, bool async, Handle value) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, object_new(rt));
  Handle b = handle_new(rt, value_from_bool(async));
  if (!*o || !builtins_define(rt, o, "async", b, PROPERTY_ATTRS_DEFAULT) ||
      !builtins_define(rt, o, "value", value, PROPERTY_ATTRS_DEFAULT))
    return VALUE_EMPTY;
  return *o;
}

/* Appends an async waiter to ROOT atomics_waiters (FIFO). */
static bool add_waiter(Runtime *rt, Handle buffer, int64_t byte_index, Handle promise, double deadline) {
  HANDLE_SCOPE(rt);
  Handle w = handle_new(rt, factory_fixed_array(rt, W_SIZE, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*w) return false;
  HEAP_STORE(value_to_ptr(*w), W(*w, W_BUFFER), *buffer);
  W(*w, W_INDEX) = value_from_number((double)byte_index);
  HEAP_STORE(value_to_ptr(*w), W(*w, W_PROMISE), *promise);
  W(*w, W_DEADLINE) = value_from_number(deadline);
  rd_value last = ROOT(rt, atomics_waiters);
  if (!value_is_ptr(last)) {
    rt->roots[ROOT_atomics_waiters] = *w;
    return true;
  }
  while (value_is_ptr(W(last, W_NEXT))) last = W(last, W_NEXT);
  HEAP_STORE(value_to_ptr(last), W(last, W_NEXT), *w);
  return true;
}

/* Unlinks waiter w from ROOT atomics_waiters. Never allocates. */
static void remove_waiter(Runtime *rt, rd_value w) {
  rd_value prev = VALUE_UNDEFINED, cur = ROOT(rt, atomics_waiters);
  while (value_is_ptr(cur) && cur != w) {
    prev = cur;
    cur = W(cur, W_NEXT);
  }
  if (cur != w) return;
  if (value_is_ptr(prev)) HEAP_STORE(value_to_ptr(prev), W(prev, W_NEXT), W(w, W_NEXT));
  else rt->roots[ROOT_atomics_waiters] = W(w, W_NEXT);
}

/* The job EnqueueResolveInAgentJob enqueues: resolves the promise (the
 * function's native data) with "ok". */
static rd_value resolve_ok_job(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle promise = handle_new(rt, lib_native_data(a));
  Handle r = handle_new(rt, result_string(rt, "ok"));
  return *r && promise_settle_value(rt, promise, r, false) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

/* Removes waiter w; notified, its promise is resolved with "ok" in a job of
 * its own (EnqueueResolveInAgentJob: a reaction to an already resolved
 * promise); timed out, we run in the job loop already (the timeout job)
 * and resolve it with "timed-out" at once. */
static bool wake_waiter(Runtime *rt, Handle w, bool notified) {
  HANDLE_SCOPE(rt);
  remove_waiter(rt, *w);
  Handle promise = handle_new(rt, W(*w, W_PROMISE));
  if (notified) {
    Handle undef = handle_new(rt, VALUE_UNDEFINED);
    return promise_then_natives(rt, undef, resolve_ok_job, resolve_ok_job, promise);
  }
  Handle r = handle_new(rt, result_string(rt, "timed-out"));
  return *r && promise_settle_value(rt, promise, r, false);
}

/* Called by the job loop (promise.c) when no job is left: sleeps until the
 * first waitAsync deadline, then resolves every expired waiter with
 * "timed-out". False when no waiter can time out (or on an error). */
bool atomics_run_timeouts(Runtime *rt) {
  HANDLE_SCOPE(rt);
  double first = INFINITY;
  for (rd_value w = ROOT(rt, atomics_waiters); value_is_ptr(w); w = W(w, W_NEXT))
    first = MIN(first, value_to_number(W(w, W_DEADLINE)));
  if (first == INFINITY) return false;   /* no waiter, or none can ever time out */
  double now = heap_now_ms();
  if (first > now) sleep_ms(first - now);
  now = heap_now_ms();
  Handle w = handle_new(rt, ROOT(rt, atomics_waiters));
  while (value_is_ptr(*w)) {
    Handle next = handle_new(rt, W(*w, W_NEXT));
    if (value_to_number(W(*w, W_DEADLINE)) <= now && !wake_waiter(rt, w, false)) return false;
    *w = *next;
  }
  return true;
}

/* DoWait ( mode, typedArray, index, value, timeout ). */
static rd_value do_wait(Runtime *rt, NativeArgs *a, bool async) {
  HANDLE_SCOPE(rt);
  Handle ta = handle_new(rt, native_arg(a, 0));
  int64_t len;
  if (!validate_integer_array(rt, *ta, true, &len)) return VALUE_EMPTY;
  Handle buffer = handle_new(rt, JS_TYPED_ARRAY(*ta)->buffer);
  if (!array_buffer_is_shared(*buffer))
    return js_throw(rt, ERROR_TypeError, "Atomics.%s needs a typed array on a SharedArrayBuffer",
                    async ? "waitAsync" : "wait");
  Handle arg = handle_new(rt, native_arg(a, 1));
  int64_t byte_index = validate_access(rt, ta, arg, len);
  if (byte_index < 0) return VALUE_EMPTY;
  BufferElementType t = typed_array_kind(*ta);
  *arg = native_arg(a, 2);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  if (t == BUFFER_BigInt64) {
    *v = js_to_bigint(rt, arg);
  } else {
    rd_value n = js_to_number(rt, arg);   /* ToInt32 */
    *v = n ? value_from_number((double)number_to_int32(value_to_number(n))) : VALUE_EMPTY;
  }
  if (!*v) return VALUE_EMPTY;
  *arg = native_arg(a, 3);
  rd_value q = js_to_number(rt, arg);
  if (!q) return VALUE_EMPTY;
  double timeout = value_to_number(q);
  timeout = timeout != timeout ? INFINITY : MAX(timeout, 0);
  /* A shared buffer never shrinks: the index is still inside it. */
  uint8_t *p = array_buffer_data(*buffer) + byte_index;
  size_t n = buffer_element_size[t];
  bool equal = load_bits(p, n) == raw_bits(t, *v);
  if (!async) {
    if (!equal) return result_string(rt, "not-equal");
    if (timeout == INFINITY)
      return js_throw(rt, ERROR_TypeError,
                      "Atomics.wait without a timeout would block forever: no other agent can notify");
    sleep_ms(timeout);
    return result_string(rt, "timed-out");
  }
  Handle value = handle_new(rt, VALUE_UNDEFINED);
  if (!equal || timeout == 0) {
    *value = result_string(rt, equal ? "timed-out" : "not-equal");
    return *value ? async_result(rt, false, value) : VALUE_EMPTY;
  }
  *value = promise_new_pending(rt);
  if (!*value) return VALUE_EMPTY;
  double deadline = timeout == INFINITY ? INFINITY : heap_now_ms() + timeout;
  if (!add_waiter(rt, buffer, byte_index, value, deadline)) return VALUE_EMPTY;
  return async_result(rt, true, value);
}

static rd_value atomics_wait(Runtime *rt, NativeArgs *a) { return do_wait(rt, a, false); }
static rd_value atomics_wait_async(Runtime *rt, NativeArgs *a) { return do_wait(rt, a, true); }

/* Atomics.notify ( typedArray, index, count ): the number of waiters woken. */
static rd_value atomics_notify(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle ta = handle_new(rt, native_arg(a, 0));
  int64_t len;
  if (!validate_integer_array(rt, *ta, true, &len)) return VALUE_EMPTY;
  Handle arg = handle_new(rt, native_arg(a, 1));
  int64_t byte_index = validate_access(rt, ta, arg, len);
  if (byte_index < 0) return VALUE_EMPTY;
  double count = INFINITY;
  if (native_arg(a, 2) != VALUE_UNDEFINED) {
    if (!lib_arg_integer(rt, a, 2, &count)) return VALUE_EMPTY;
    count = MAX(count, 0);
  }
  Handle buffer = handle_new(rt, JS_TYPED_ARRAY(*ta)->buffer);
  if (!array_buffer_is_shared(*buffer)) return value_from_int32(0);
  double woken = 0;
  Handle w = handle_new(rt, ROOT(rt, atomics_waiters));
  while (value_is_ptr(*w) && woken < count) {
    Handle next = handle_new(rt, W(*w, W_NEXT));
    if (W(*w, W_BUFFER) == *buffer && value_to_number(W(*w, W_INDEX)) == (double)byte_index) {
      if (!wake_waiter(rt, w, true)) return VALUE_EMPTY;
      woken++;
    }
    *w = *next;
  }
  return value_from_number(woken);
}

/* --- installation ------------------------------------------------------------------------------ */
bool builtins_init_atomics(Runtime *rt) {
  HANDLE_SCOPE(rt);
  rt->roots[ROOT_atomics_waiters] = VALUE_UNDEFINED;
  Handle atomics = handle_new(rt, object_new(rt));
  if (!*atomics) return false;
  static const BuiltinMethod methods[] = {
#define X(op, name) {#name, atomics_##name, 3},
      ATOMICS_RMW_LIST(X)
#undef X
      {"compareExchange", atomics_compare_exchange, 4},
      {"isLockFree", atomics_is_lock_free, 1},
      {"load", atomics_load, 2},
      {"notify", atomics_notify, 3},
      {"pause", atomics_pause, 0},
      {"store", atomics_store, 3},
      {"wait", atomics_wait, 4},
      {"waitAsync", atomics_wait_async, 4},
  };
  if (!builtins_install(rt, atomics, methods, ARRAY_LEN(methods))) return false;
  Handle tag = handle_new(rt, lib_key(rt, "Atomics"));
  if (!*tag || !builtins_define(rt, atomics, "@toStringTag", tag, PROPERTY_CONFIGURABLE)) return false;
  return builtins_define_global(rt, "Atomics", atomics);
}
