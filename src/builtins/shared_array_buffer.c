/*
 * shared_array_buffer.c - the SharedArrayBuffer built-in (ECMA-262 2025,
 * 25.2): the constructor with the maxByteLength option (growable buffers),
 * get @@species, and on the prototype the byteLength, growable and
 * maxByteLength getters, grow, slice and @@toStringTag.
 *
 * A SharedArrayBuffer is a JSArrayBuffer with ARRAY_BUFFER_SHARED
 * (objects/array_buffer.h): the same store, tracker and views as an
 * ArrayBuffer. rondo runs one agent, so the store is shared with nobody.
 *
 * Invariant: receivers are branded by instance type and the shared flag;
 * a shared buffer is never detached and its byte length never decreases
 * (grow only grows), so a length read before running JS stays a valid
 * bound after it.
 */
#include <stdio.h>

#include "builtins/builtins.h"
#include "builtins/library.h"
#include "objects/array_buffer.h"
#include "objects/factory.h"

/* The receiver if it is a SharedArrayBuffer, else a TypeError naming method. */
static rd_value this_shared(Runtime *rt, NativeArgs *a, const char *method) {
  if (array_buffer_is_shared_buffer(*a->receiver)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "Method SharedArrayBuffer.prototype.%s called on incompatible receiver",
                  method);
}

/* --- constructor and statics --------------------------------------------------------------- */
/* SharedArrayBuffer ( length [ , options ] ). */
static rd_value sab_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target == VALUE_UNDEFINED)
    return js_throw(rt, ERROR_TypeError, "Constructor SharedArrayBuffer requires 'new'");
  HANDLE_SCOPE(rt);
  uint64_t byte_length, max;
  bool growable;
  if (!lib_array_buffer_lengths(rt, a, &byte_length, &max, &growable)) return VALUE_EMPTY;
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, MAP(ROOT(rt, shared_array_buffer_map))->prototype));
  if (!*proto) return VALUE_EMPTY;
  return array_buffer_new_shared(rt, proto, (size_t)byte_length, growable, (size_t)max);
}

/* get SharedArrayBuffer [ @@species ]. */
static rd_value sab_species(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return *a->receiver;
}

/* --- getters --------------------------------------------------------------------------------- */
static rd_value sab_byte_length(Runtime *rt, NativeArgs *a) {
  rd_value b = this_shared(rt, a, "byteLength");
  return b ? value_from_number((double)array_buffer_byte_length(b)) : VALUE_EMPTY;
}

static rd_value sab_growable(Runtime *rt, NativeArgs *a) {
  rd_value b = this_shared(rt, a, "growable");
  return b ? value_from_bool(array_buffer_is_resizable(b)) : VALUE_EMPTY;
}

static rd_value sab_max_byte_length(Runtime *rt, NativeArgs *a) {
  rd_value b = this_shared(rt, a, "maxByteLength");
  return b ? value_from_number((double)array_buffer_max_byte_length(b)) : VALUE_EMPTY;
}

/* --- methods ---------------------------------------------------------------------------------- */
/* SharedArrayBuffer.prototype.grow ( newLength ). */
static rd_value sab_grow(Runtime *rt, NativeArgs *a) {
  /* RequireInternalSlot(O, [[ArrayBufferMaxByteLength]]): growable buffers only. */
  if (!array_buffer_is(*a->receiver) || !array_buffer_is_resizable(*a->receiver) ||
      !array_buffer_is_shared(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "Method SharedArrayBuffer.prototype.grow called on incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle arg = handle_new(rt, native_arg(a, 0));
  uint64_t n;
  if (!array_buffer_to_index(rt, arg, "length", &n)) return VALUE_EMPTY;
  rd_value b = *a->receiver;
  size_t current = array_buffer_byte_length(b);
  if (n == current) return VALUE_UNDEFINED;
  if (n < current || n > array_buffer_capacity(b))
    return js_throw(rt, ERROR_RangeError, "SharedArrayBuffer.prototype.grow: Invalid length parameter");
  array_buffer_resize(b, (size_t)n);
  return VALUE_UNDEFINED;
}

/* SharedArrayBuffer.prototype.slice ( start, end ); its native data is %SharedArrayBuffer%. */
static rd_value sab_slice(Runtime *rt, NativeArgs *a) {
  rd_value b = this_shared(rt, a, "slice");
  if (!b) return VALUE_EMPTY;
  double len = (double)array_buffer_byte_length(b), first, final;
  if (!lib_arg_relative(rt, a, 0, len, 0, &first) || !lib_arg_relative(rt, a, 1, len, len, &final))
    return VALUE_EMPTY;
  double new_len = MAX(final - first, 0);
  HANDLE_SCOPE(rt);
  Handle dflt = handle_new(rt, lib_native_data(a));
  Handle ctor = handle_new(rt, lib_species_constructor(rt, a->receiver, dflt));
  if (!*ctor) return VALUE_EMPTY;
  rd_value arg = value_from_number(new_len);
  /* new %SharedArrayBuffer%(newLen) observes nothing: no need to run the constructor. */
  Handle to = handle_new(rt, *ctor == *dflt ? array_buffer_new_shared(rt, NULL, (size_t)new_len, false, 0)
                                            : interp_construct(rt, ctor, ctor, 1, &arg));
  if (!*to) return VALUE_EMPTY;
  if (!array_buffer_is(*to) || !array_buffer_is_shared(*to))
    return js_throw(rt, ERROR_TypeError, "The species constructor did not return a SharedArrayBuffer");
  if (*to == *a->receiver)
    return js_throw(rt, ERROR_TypeError, "SharedArrayBuffer subclass returned this from species constructor");
  if ((double)array_buffer_byte_length(*to) < new_len)
    return js_throw(rt, ERROR_TypeError, "The species constructor returned a too small SharedArrayBuffer");
  /* The receiver cannot have shrunk: [first, first + new_len) is still inside it. */
  if (new_len > 0) memmove(array_buffer_data(*to), array_buffer_data(*a->receiver) + (size_t)first, (size_t)new_len);
  return *to;
}

/* --- installation ------------------------------------------------------------------------------ */

bool builtins_init_shared_array_buffer(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  rd_value m = factory_map(rt, TYPE_JS_ARRAY_BUFFER, 8 * JS_ARRAY_BUFFER_HEADER_WORDS, 0, proto);
  if (!m) return false;
  MAP(m)->inobject_start = JS_ARRAY_BUFFER_HEADER_WORDS;
  rt->roots[ROOT_shared_array_buffer_map] = m;
  Handle ctor = handle_new(rt, builtins_constructor(rt, "SharedArrayBuffer", sab_ctor, 1, proto));
  if (!*ctor) return false;
  static const BuiltinMethod methods[] = {{"grow", sab_grow, 1}, {"slice", sab_slice, 2}};
  if (!builtins_install(rt, proto, methods, ARRAY_LEN(methods)) ||
      !builtins_define_getter(rt, ctor, "@species", sab_species) ||
      !builtins_define_getter(rt, proto, "byteLength", sab_byte_length) ||
      !builtins_define_getter(rt, proto, "growable", sab_growable) ||
      !builtins_define_getter(rt, proto, "maxByteLength", sab_max_byte_length))
    return false;
  rd_value slice = lib_get_named(rt, proto, "slice");
  if (!slice) return false;
  lib_set_native_data(slice, *ctor);
  Handle tag = handle_new(rt, lib_key(rt, "SharedArrayBuffer"));
  if (!*tag || !builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE)) return false;
  return builtins_define_global(rt, "SharedArrayBuffer", ctor);
}
