/*
 * data_view.c - the DataView built-in (ECMA-262 2025, 25.3): the
 * constructor (byteOffset, byteLength, and length-tracking views of
 * resizable buffers), the buffer / byteLength / byteOffset getters, and the
 * get / set methods of every element type (GetViewValue / SetViewValue)
 * with their littleEndian flag (BigInt64 / BigUint64 read and write BigInts).
 *
 * A DataView is a JSDataView (objects/array_buffer.h): its buffer, its
 * byte offset and its byte length, or undefined when it tracks the end of
 * a resizable buffer.
 *
 * Invariant: a view's bounds are checked against its buffer's current
 * length (array_buffer_view_length: IsViewOutOfBounds) after every
 * argument conversion, right before the bytes are touched, since any
 * conversion may run JS that detaches or resizes the buffer.
 */
#include <stdio.h>

#include "builtins/builtins.h"
#include "builtins/library.h"
#include "objects/array_buffer.h"
#include "objects/factory.h"

/* The types DataView reads and writes: X(Name). */
#define DATA_VIEW_TYPE_LIST(X)                                                                 \
  X(Int8) X(Uint8) X(Int16) X(Uint16) X(Int32) X(Uint32) X(Float16) X(Float32) X(Float64) \
  X(BigInt64) X(BigUint64)

/* The receiver if it is a DataView, else a TypeError naming method. */
static rd_value this_view(Runtime *rt, NativeArgs *a, const char *method) {
  if (value_has_type(*a->receiver, TYPE_JS_DATA_VIEW)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "Method DataView.prototype.%s called on incompatible receiver", method);
}

/* GetViewByteLength of view, or -1 when IsViewOutOfBounds. Never allocates. */
static int64_t view_length(rd_value view) {
  JSDataView *dv = JS_DATA_VIEW(view);
  int64_t len = dv->byte_length == VALUE_UNDEFINED ? ARRAY_BUFFER_AUTO : (int64_t)value_to_number(dv->byte_length);
  return array_buffer_view_length(dv->buffer, (uint64_t)value_to_number(dv->byte_offset), len);
}

/* --- constructor --------------------------------------------------------------------------- */
/* DataView ( buffer [ , byteOffset [ , byteLength ] ] ). */
static rd_value dv_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Constructor DataView requires 'new'");
  HANDLE_SCOPE(rt);
  Handle buf = handle_new(rt, native_arg(a, 0));
  if (!array_buffer_is(*buf))
    return js_throw(rt, ERROR_TypeError, "First argument to DataView constructor must be an ArrayBuffer");
  Handle arg = handle_new(rt, native_arg(a, 1));
  uint64_t offset, length = 0;
  if (!array_buffer_to_index(rt, arg, "DataView offset", &offset)) return VALUE_EMPTY;
  if (array_buffer_is_detached(*buf))
    return js_throw(rt, ERROR_TypeError, "Cannot construct a DataView on a detached ArrayBuffer");
  uint64_t buffer_length = array_buffer_byte_length(*buf);
  if (offset > buffer_length)
    return js_throw(rt, ERROR_RangeError, "Start offset %llu is outside the bounds of the buffer",
                    (unsigned long long)offset);
  bool auto_length = native_arg(a, 2) == VALUE_UNDEFINED;
  if (auto_length) {
    length = buffer_length - offset;   /* unused when the view tracks a resizable buffer */
  } else {
    *arg = native_arg(a, 2);
    if (!array_buffer_to_index(rt, arg, "DataView length", &length)) return VALUE_EMPTY;
    if (offset + length > buffer_length)
      return js_throw(rt, ERROR_RangeError, "Invalid DataView length %llu", (unsigned long long)length);
  }
  bool tracking = auto_length && array_buffer_is_resizable(*buf);
  Handle map = handle_new(rt, ROOT(rt, data_view_map));
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, MAP(*map)->prototype));
  if (!*proto) return VALUE_EMPTY;
  /* The prototype lookup may have detached or resized the buffer. */
  if (array_buffer_is_detached(*buf))
    return js_throw(rt, ERROR_TypeError, "Cannot construct a DataView on a detached ArrayBuffer");
  buffer_length = array_buffer_byte_length(*buf);
  if (offset > buffer_length)
    return js_throw(rt, ERROR_RangeError, "Start offset %llu is outside the bounds of the buffer",
                    (unsigned long long)offset);
  if (!auto_length && offset + length > buffer_length)
    return js_throw(rt, ERROR_RangeError, "Invalid DataView length %llu", (unsigned long long)length);
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  JSDataView *dv = JS_DATA_VIEW(*o);
  HEAP_STORE(dv, dv->buffer, *buf);
  dv->byte_offset = value_from_number((double)offset);
  dv->byte_length = tracking ? VALUE_UNDEFINED : value_from_number((double)length);
  if (*proto != MAP(*map)->prototype && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  return *o;
}

/* --- getters --------------------------------------------------------------------------------- */
static rd_value dv_buffer(Runtime *rt, NativeArgs *a) {
  rd_value v = this_view(rt, a, "buffer");
  return v ? JS_DATA_VIEW(v)->buffer : VALUE_EMPTY;
}

static rd_value dv_byte_length(Runtime *rt, NativeArgs *a) {
  rd_value v = this_view(rt, a, "byteLength");
  if (!v) return VALUE_EMPTY;
  int64_t n = view_length(v);
  if (n < 0)
    return js_throw(rt, ERROR_TypeError, "DataView.prototype.byteLength: the view is detached or out of bounds");
  return value_from_number((double)n);
}

static rd_value dv_byte_offset(Runtime *rt, NativeArgs *a) {
  rd_value v = this_view(rt, a, "byteOffset");
  if (!v) return VALUE_EMPTY;
  if (view_length(v) < 0)
    return js_throw(rt, ERROR_TypeError, "DataView.prototype.byteOffset: the view is detached or out of bounds");
  return JS_DATA_VIEW(v)->byte_offset;
}

/* --- get / set ---------------------------------------------------------------------------------- */
/* The address of the element of type t at index of view, checked against
 * the view's current bounds; NULL with a TypeError (detached, out of
 * bounds) or a RangeError (index past the view). Never allocates but for the error. */
static uint8_t *element_at(Runtime *rt, rd_value view, uint64_t index, BufferElementType t, const char *method) {
  int64_t n = view_length(view);
  if (n < 0) {
    js_throw(rt, ERROR_TypeError, "Cannot perform DataView.prototype.%s on a detached or out-of-bounds view", method);
    return NULL;
  }
  if (index + buffer_element_size[t] > (uint64_t)n) {
    js_throw(rt, ERROR_RangeError, "Offset is outside the bounds of the DataView");
    return NULL;
  }
  JSDataView *dv = JS_DATA_VIEW(view);
  return array_buffer_data(dv->buffer) + (size_t)value_to_number(dv->byte_offset) + index;
}

/* GetViewValue ( view, requestIndex, isLittleEndian, type ). */
static rd_value view_get(Runtime *rt, NativeArgs *a, BufferElementType t, const char *method) {
  if (!this_view(rt, a, method)) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle arg = handle_new(rt, native_arg(a, 0));
  uint64_t index;
  if (!array_buffer_to_index(rt, arg, "offset", &index)) return VALUE_EMPTY;
  bool little = js_to_boolean(native_arg(a, 1));
  uint8_t *p = element_at(rt, *a->receiver, index, t, method);
  if (!p) return VALUE_EMPTY;
  return array_buffer_get_value(rt, p, t, little);
}

/* SetViewValue ( view, requestIndex, isLittleEndian, type, value ). */
static rd_value view_set(Runtime *rt, NativeArgs *a, BufferElementType t, const char *method) {
  if (!this_view(rt, a, method)) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle arg = handle_new(rt, native_arg(a, 0));
  uint64_t index;
  if (!array_buffer_to_index(rt, arg, "offset", &index)) return VALUE_EMPTY;
  *arg = native_arg(a, 1);
  rd_value n = buffer_element_is_bigint(t) ? js_to_bigint(rt, arg) : js_to_number(rt, arg);
  if (!n) return VALUE_EMPTY;
  *arg = n;
  bool little = js_to_boolean(native_arg(a, 2));
  uint8_t *p = element_at(rt, *a->receiver, index, t, method);
  if (!p) return VALUE_EMPTY;
  array_buffer_set_value(p, t, *arg, little);
  return VALUE_UNDEFINED;
}

#define X(name)                                                                                               \
  static rd_value dv_get##name(Runtime *rt, NativeArgs *a) { return view_get(rt, a, BUFFER_##name, "get" #name); } \
  static rd_value dv_set##name(Runtime *rt, NativeArgs *a) { return view_set(rt, a, BUFFER_##name, "set" #name); }
DATA_VIEW_TYPE_LIST(X)
#undef X

/* --- installation ------------------------------------------------------------------------------ */

bool builtins_init_data_view(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  rd_value m = factory_map(rt, TYPE_JS_DATA_VIEW, 8 * JS_DATA_VIEW_HEADER_WORDS, 0, proto);
  if (!m) return false;
  MAP(m)->inobject_start = JS_DATA_VIEW_HEADER_WORDS;
  rt->roots[ROOT_data_view_map] = m;
  Handle ctor = handle_new(rt, builtins_constructor(rt, "DataView", dv_ctor, 1, proto));
  if (!*ctor) return false;
  static const BuiltinMethod methods[] = {
#define X(name) {"get" #name, dv_get##name, 1}, {"set" #name, dv_set##name, 2},
      DATA_VIEW_TYPE_LIST(X)
#undef X
  };
  if (!builtins_install(rt, proto, methods, ARRAY_LEN(methods)) ||
      !builtins_define_getter(rt, proto, "buffer", dv_buffer) ||
      !builtins_define_getter(rt, proto, "byteLength", dv_byte_length) ||
      !builtins_define_getter(rt, proto, "byteOffset", dv_byte_offset))
    return false;
  Handle tag = handle_new(rt, lib_key(rt, "DataView"));
  if (!*tag || !builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE)) return false;
  return builtins_define_global(rt, "DataView", ctor);
}
