/*
 * array_buffer.c - the ArrayBuffer built-in (ECMA-262 2025, 25.1): the
 * constructor with the maxByteLength option (resizable buffers), isView,
 * get @@species, and on the prototype the byteLength, maxByteLength,
 * resizable and detached getters, slice, resize, transfer,
 * transferToFixedLength and @@toStringTag. The objects, their backing
 * stores and the GC's part are in objects/array_buffer.{h,c}.
 *
 * Invariant: receivers are branded by instance type (TYPE_JS_ARRAY_BUFFER)
 * and the ARRAY_BUFFER_SHARED flag, never by property: a SharedArrayBuffer
 * (builtins/shared_array_buffer.c) has [[ArrayBufferData]] too, and every
 * method here rejects it where the spec does IsSharedArrayBuffer; a
 * buffer's store, lengths and detached state are re-read after anything
 * that may run JS (a getter may detach or resize).
 */
#include <stdio.h>

#include "builtins/builtins.h"
#include "builtins/library.h"
#include "objects/array_buffer.h"
#include "objects/factory.h"

/* The receiver if it is a (non-shared) ArrayBuffer, else a TypeError naming method. */
static rd_value this_buffer(Runtime *rt, NativeArgs *a, const char *method) {
  if (array_buffer_is_unshared(*a->receiver)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "Method ArrayBuffer.prototype.%s called on incompatible receiver", method);
}

/* --- constructor and statics --------------------------------------------------------------- */
/* ArrayBuffer ( length [ , options ] ). */
static rd_value ab_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Constructor ArrayBuffer requires 'new'");
  HANDLE_SCOPE(rt);
  uint64_t byte_length, max;
  bool resizable;
  if (!lib_array_buffer_lengths(rt, a, &byte_length, &max, &resizable)) return VALUE_EMPTY;
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, MAP(ROOT(rt, array_buffer_map))->prototype));
  if (!*proto) return VALUE_EMPTY;
  return array_buffer_new(rt, proto, (size_t)byte_length, resizable, (size_t)max);
}

/* ArrayBuffer.isView ( arg ). */
static rd_value ab_is_view(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return value_from_bool(array_buffer_is_view(native_arg(a, 0)));
}

/* get ArrayBuffer [ @@species ]. */
static rd_value ab_species(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return *a->receiver;
}

/* --- getters --------------------------------------------------------------------------------- */
static rd_value ab_byte_length(Runtime *rt, NativeArgs *a) {
  rd_value b = this_buffer(rt, a, "byteLength");
  if (!b) return VALUE_EMPTY;
  return value_from_number((double)array_buffer_byte_length(b));   /* 0 once detached */
}

static rd_value ab_max_byte_length(Runtime *rt, NativeArgs *a) {
  rd_value b = this_buffer(rt, a, "maxByteLength");
  if (!b) return VALUE_EMPTY;
  return value_from_number(array_buffer_is_detached(b) ? 0 : (double)array_buffer_max_byte_length(b));
}

static rd_value ab_resizable(Runtime *rt, NativeArgs *a) {
  rd_value b = this_buffer(rt, a, "resizable");
  return b ? value_from_bool(array_buffer_is_resizable(b)) : VALUE_EMPTY;
}

static rd_value ab_detached(Runtime *rt, NativeArgs *a) {
  rd_value b = this_buffer(rt, a, "detached");
  return b ? value_from_bool(array_buffer_is_detached(b)) : VALUE_EMPTY;
}

/* --- methods ---------------------------------------------------------------------------------- */
/* ArrayBuffer.prototype.slice ( start, end ); its native data is %ArrayBuffer%. */
static rd_value ab_slice(Runtime *rt, NativeArgs *a) {
  rd_value b = this_buffer(rt, a, "slice");
  if (!b) return VALUE_EMPTY;
  if (array_buffer_is_detached(b))
    return js_throw(rt, ERROR_TypeError, "Cannot perform ArrayBuffer.prototype.slice on a detached ArrayBuffer");
  double len = (double)array_buffer_byte_length(b), first, final;
  if (!lib_arg_relative(rt, a, 0, len, 0, &first) || !lib_arg_relative(rt, a, 1, len, len, &final))
    return VALUE_EMPTY;
  double new_len = MAX(final - first, 0);
  HANDLE_SCOPE(rt);
  Handle dflt = handle_new(rt, lib_native_data(a));
  Handle ctor = handle_new(rt, lib_species_constructor(rt, a->receiver, dflt));
  if (!*ctor) return VALUE_EMPTY;
  rd_value arg = value_from_number(new_len);
  /* new %ArrayBuffer%(newLen) observes nothing: no need to run the constructor. */
  Handle to = handle_new(rt, *ctor == *dflt ? array_buffer_new(rt, NULL, (size_t)new_len, false, 0)
                                            : interp_construct(rt, ctor, ctor, 1, &arg));
  if (!*to) return VALUE_EMPTY;
  if (!array_buffer_is(*to))
    return js_throw(rt, ERROR_TypeError, "The species constructor did not return an ArrayBuffer");
  if (array_buffer_is_shared(*to))
    return js_throw(rt, ERROR_TypeError, "The species constructor returned a SharedArrayBuffer");
  if (array_buffer_is_detached(*to))
    return js_throw(rt, ERROR_TypeError, "The species constructor returned a detached ArrayBuffer");
  if (*to == *a->receiver)
    return js_throw(rt, ERROR_TypeError, "ArrayBuffer subclass returned this from species constructor");
  if ((double)array_buffer_byte_length(*to) < new_len)
    return js_throw(rt, ERROR_TypeError, "The species constructor returned a too small ArrayBuffer");
  /* The species constructor may have detached or shrunk the receiver. */
  b = *a->receiver;
  if (array_buffer_is_detached(b))
    return js_throw(rt, ERROR_TypeError, "Cannot perform ArrayBuffer.prototype.slice on a detached ArrayBuffer");
  double current = (double)array_buffer_byte_length(b);
  size_t count = first < current ? (size_t)MIN(new_len, current - first) : 0;
  if (count) memmove(array_buffer_data(*to), array_buffer_data(b) + (size_t)first, count);
  return *to;
}

/* ArrayBuffer.prototype.resize ( newLength ). */
static rd_value ab_resize(Runtime *rt, NativeArgs *a) {
  if (!array_buffer_is_unshared(*a->receiver) || !array_buffer_is_resizable(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "Method ArrayBuffer.prototype.resize called on incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle arg = handle_new(rt, native_arg(a, 0));
  uint64_t n;
  if (!array_buffer_to_index(rt, arg, "length", &n)) return VALUE_EMPTY;
  rd_value b = *a->receiver;
  if (array_buffer_is_detached(b))
    return js_throw(rt, ERROR_TypeError, "Cannot perform ArrayBuffer.prototype.resize on a detached ArrayBuffer");
  if (n > array_buffer_capacity(b))
    return js_throw(rt, ERROR_RangeError, "ArrayBuffer.prototype.resize: Invalid length parameter");
  array_buffer_resize(b, (size_t)n);
  return VALUE_UNDEFINED;
}

/* ArrayBufferCopyAndDetach ( O, newLength, preserveResizability ). */
static rd_value copy_and_detach(Runtime *rt, NativeArgs *a, bool preserve, const char *method) {
  rd_value b = this_buffer(rt, a, method);
  if (!b) return VALUE_EMPTY;
  uint64_t n = array_buffer_byte_length(b);
  if (native_arg(a, 0) != VALUE_UNDEFINED) {
    HANDLE_SCOPE(rt);
    Handle arg = handle_new(rt, native_arg(a, 0));
    if (!array_buffer_to_index(rt, arg, "length", &n)) return VALUE_EMPTY;
  }
  b = *a->receiver;
  if (array_buffer_is_detached(b))
    return js_throw(rt, ERROR_TypeError, "Cannot perform ArrayBuffer.prototype.%s on a detached ArrayBuffer", method);
  bool resizable = preserve && array_buffer_is_resizable(b);
  if (n > ARRAY_BUFFER_MAX_BYTE_LENGTH) return js_throw(rt, ERROR_RangeError, "Array buffer allocation failed");
  return array_buffer_transfer(rt, a->receiver, (size_t)n, resizable, resizable ? array_buffer_capacity(b) : 0);
}

static rd_value ab_transfer(Runtime *rt, NativeArgs *a) { return copy_and_detach(rt, a, true, "transfer"); }
static rd_value ab_transfer_to_fixed(Runtime *rt, NativeArgs *a) {
  return copy_and_detach(rt, a, false, "transferToFixedLength");
}

/* --- installation ------------------------------------------------------------------------------ */

bool builtins_init_array_buffer(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  rd_value m = factory_map(rt, TYPE_JS_ARRAY_BUFFER, 8 * JS_ARRAY_BUFFER_HEADER_WORDS, 0, proto);
  if (!m) return false;
  MAP(m)->inobject_start = JS_ARRAY_BUFFER_HEADER_WORDS;
  rt->roots[ROOT_array_buffer_map] = m;
  Handle ctor = handle_new(rt, builtins_constructor(rt, "ArrayBuffer", ab_ctor, 1, proto));
  if (!*ctor) return false;
  static const BuiltinMethod statics[] = {{"isView", ab_is_view, 1}};
  static const BuiltinMethod methods[] = {{"slice", ab_slice, 2}, {"resize", ab_resize, 1},
                                          {"transfer", ab_transfer, 0},
                                          {"transferToFixedLength", ab_transfer_to_fixed, 0}};
  if (!builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) ||
      !builtins_install(rt, proto, methods, ARRAY_LEN(methods)) ||
      !builtins_define_getter(rt, ctor, "@species", ab_species) ||
      !builtins_define_getter(rt, proto, "byteLength", ab_byte_length) ||
      !builtins_define_getter(rt, proto, "maxByteLength", ab_max_byte_length) ||
      !builtins_define_getter(rt, proto, "resizable", ab_resizable) ||
      !builtins_define_getter(rt, proto, "detached", ab_detached))
    return false;
  rd_value slice = lib_get_named(rt, proto, "slice");
  if (!slice) return false;
  lib_set_native_data(slice, *ctor);
  Handle tag = handle_new(rt, lib_key(rt, "ArrayBuffer"));
  if (!*tag || !builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE)) return false;
  return builtins_define_global(rt, "ArrayBuffer", ctor);
}
