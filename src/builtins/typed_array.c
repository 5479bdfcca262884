/*
 * typed_array.c - the TypedArray built-ins (ECMA-262 2025, 23.2): the
 * abstract %TypedArray% constructor with from / of / @@species, the twelve
 * concrete constructors (from a length, an array-like, an iterable, another
 * typed array, or a buffer with byteOffset and length, length-tracking on
 * resizable buffers) with BYTES_PER_ELEMENT, and every method and getter
 * of %TypedArray.prototype%. The object layout and the integer-indexed
 * exotic hooks are in objects/typed_array.h.
 *
 * ROOT typed_array_intrinsics is a FixedArray: the instance map of each
 * element type (its prototype is that type's prototype object), each
 * concrete constructor, %TypedArray% and %TypedArray.prototype%.
 *
 * Invariant: every method re-reads the length (typed_array_length) and the
 * data address after anything that may run JS (argument conversions,
 * callbacks, species constructors), since JS may detach or resize the
 * buffer; bytes are touched only below a length read after the last call.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/builtins.h"
#include "builtins/library.h"
#include "objects/bigint.h"
#include "objects/factory.h"
#include "objects/string.h"
#include "objects/typed_array.h"

enum {
  TA_MAPS = 0,
  TA_CTORS = TA_MAPS + BUFFER_ELEMENT_TYPE_COUNT,
  TA_ABSTRACT = TA_CTORS + BUFFER_ELEMENT_TYPE_COUNT,
  TA_PROTO,
  TA_INTRINSIC_COUNT
};

static const char *const type_names[BUFFER_ELEMENT_TYPE_COUNT] = {
#define X(name, size) #name "Array",
    BUFFER_ELEMENT_TYPE_LIST(X)
#undef X
};

static rd_value intrinsic(Runtime *rt, int i) { return FIXED_ARRAY(ROOT(rt, typed_array_intrinsics))->data[i]; }

static bool is_bigint_type(rd_value ta) { return buffer_element_is_bigint(typed_array_kind(ta)); }

/* IsValidIntegerIndex(ta, k) for an integral k. Never allocates. */
static bool valid_element(rd_value ta, double k) {
  if (k < 0 || (k == 0 && signbit(k))) return false;
  int64_t len = typed_array_length(ta);
  return len >= 0 && k < (double)len;
}

/* --- creation ------------------------------------------------------------------------------- */
/* A typed array of type t viewing buffer from offset, length elements
 * (-1: length-tracking), with prototype proto (NULL: the type's). */
static rd_value ta_create(Runtime *rt, BufferElementType t, Handle proto, Handle buffer, uint64_t offset,
                          int64_t length) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, intrinsic(rt, TA_MAPS + t));
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  JSTypedArray *ta = JS_TYPED_ARRAY(*o);
  HEAP_STORE(ta, ta->buffer, *buffer);
  ta->byte_offset = value_from_number((double)offset);
  ta->length = length < 0 ? VALUE_UNDEFINED : value_from_number((double)length);
  ta->kind = value_from_int32((int32_t)t);
  if (proto && *proto != MAP(*map)->prototype && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  return *o;
}

/* AllocateTypedArray with a fresh buffer of length elements. */
static rd_value ta_allocate(Runtime *rt, BufferElementType t, Handle proto, uint64_t length) {
  if (length > ARRAY_BUFFER_MAX_BYTE_LENGTH / buffer_element_size[t])
    return js_throw(rt, ERROR_RangeError, "Invalid typed array length: %llu", (unsigned long long)length);
  HANDLE_SCOPE(rt);
  Handle buf = handle_new(rt, array_buffer_new(rt, NULL, length * buffer_element_size[t], false, 0));
  if (!*buf) return VALUE_EMPTY;
  return ta_create(rt, t, proto, buf, 0, (int64_t)length);
}

rd_value typed_array_new(Runtime *rt, BufferElementType t, uint64_t length) { return ta_allocate(rt, t, NULL, length); }

rd_value typed_array_constructor(Runtime *rt, BufferElementType t) { return intrinsic(rt, TA_CTORS + t); }

static rd_value ta_get_length(Runtime *rt, NativeArgs *a);

bool typed_array_is_length_getter(rd_value fn) {
  if (!value_has_type(fn, TYPE_JS_FUNCTION)) return false;
  rd_value native = ((SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(fn))->shared))->native;
  return value_has_type(native, TYPE_NATIVE_FUNCTION_INFO) &&
         ((NativeFunctionInfo *)value_to_ptr(native))->entry == (void *)ta_get_length;
}

int typed_array_kind_of_map(Runtime *rt, rd_value map) {
  if (!value_is_ptr(ROOT(rt, typed_array_intrinsics))) return -1;
  for (int t = 0; t < BUFFER_ELEMENT_TYPE_COUNT; t++)
    if (intrinsic(rt, TA_MAPS + t) == map) return t;
  return -1;
}

/* ValidateTypedArray: v if it is an in-bounds typed array (*len its
 * length), else a TypeError naming method. */
static rd_value validate(Runtime *rt, rd_value v, const char *method, int64_t *len) {
  if (!typed_array_is(v))
    return js_throw(rt, ERROR_TypeError, "%s: this is not a typed array", method);
  *len = typed_array_length(v);
  if (*len < 0)
    return js_throw(rt, ERROR_TypeError, "%s: the typed array is detached or out of bounds", method);
  return v;
}

/* TypedArrayCreateFromConstructor(ctor, args): argc 1 is a length that
 * the result must reach. */
static rd_value create_from_ctor(Runtime *rt, Handle ctor, uint32_t argc, const rd_value *argv) {
  HANDLE_SCOPE(rt);
  rd_value want = argc == 1 ? argv[0] : VALUE_UNDEFINED;
  Handle o = handle_new(rt, interp_construct(rt, ctor, ctor, argc, argv));
  if (!*o) return VALUE_EMPTY;
  int64_t len;
  if (!validate(rt, *o, "TypedArray species constructor", &len)) return VALUE_EMPTY;
  if (argc == 1 && value_is_number(want) && (double)len < value_to_number(want))
    return js_throw(rt, ERROR_TypeError, "The typed array made by the constructor is too short");
  return *o;
}

/* TypedArraySpeciesCreate(exemplar, args). */
static rd_value species_create(Runtime *rt, Handle exemplar, uint32_t argc, const rd_value *argv) {
  HANDLE_SCOPE(rt);
  rd_value args[3];
  memcpy(args, argv, argc * sizeof *args);
  Handle keep[3];
  for (uint32_t i = 0; i < argc; i++) keep[i] = handle_new(rt, args[i]);
  bool big = is_bigint_type(*exemplar);
  Handle dflt = handle_new(rt, intrinsic(rt, TA_CTORS + typed_array_kind(*exemplar)));
  Handle ctor = handle_new(rt, lib_species_constructor(rt, exemplar, dflt));
  if (!*ctor) return VALUE_EMPTY;
  for (uint32_t i = 0; i < argc; i++) args[i] = *keep[i];
  rd_value r = create_from_ctor(rt, ctor, argc, args);
  if (!r) return VALUE_EMPTY;
  if (is_bigint_type(r) != big)
    return js_throw(rt, ERROR_TypeError, "The species constructor made a typed array of another content type");
  return r;
}

/* TypedArrayCreateSameType(exemplar, length). */
static rd_value create_same_type(Runtime *rt, rd_value exemplar, int64_t length) {
  return ta_allocate(rt, typed_array_kind(exemplar), NULL, (uint64_t)length);
}

/* --- constructors ------------------------------------------------------------------------------ */
/* InitializeTypedArrayFromTypedArray into a new array of type t. */
static rd_value from_typed_array(Runtime *rt, BufferElementType t, Handle proto, Handle src) {
  int64_t len = typed_array_length(*src);
  if (len < 0) return js_throw(rt, ERROR_TypeError, "Cannot construct from a detached or out-of-bounds typed array");
  if (buffer_element_is_bigint(t) != is_bigint_type(*src))
    return js_throw(rt, ERROR_TypeError, "Cannot mix BigInt and other types, use explicit conversions");
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, ta_allocate(rt, t, proto, (uint64_t)len));
  if (!*o) return VALUE_EMPTY;
  len = MIN(len, MAX(typed_array_length(*src), 0));
  BufferElementType st = typed_array_kind(*src);
  uint8_t *from = typed_array_data(*src), *to = typed_array_data(*o);
  if (st == t || (buffer_element_is_bigint(t))) {
    memcpy(to, from, (size_t)len * buffer_element_size[t]);
  } else {
    for (int64_t i = 0; i < len; i++)
      array_buffer_write_element(to + i * buffer_element_size[t], t,
                                 array_buffer_read_element(from + i * buffer_element_size[st], st, true), true);
  }
  return *o;
}

/* InitializeTypedArrayFromArrayBuffer. */
static rd_value from_buffer(Runtime *rt, BufferElementType t, Handle proto, Handle buf, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  size_t size = buffer_element_size[t];
  Handle arg = handle_new(rt, native_arg(a, 1));
  uint64_t offset, new_length = 0;
  if (!array_buffer_to_index(rt, arg, "typed array offset", &offset)) return VALUE_EMPTY;
  if (offset % size) return js_throw(rt, ERROR_RangeError, "Start offset of %s should be a multiple of %zu", type_names[t], size);
  bool auto_length = native_arg(a, 2) == VALUE_UNDEFINED;
  if (!auto_length) {
    *arg = native_arg(a, 2);
    if (!array_buffer_to_index(rt, arg, "typed array length", &new_length)) return VALUE_EMPTY;
  }
  if (array_buffer_is_detached(*buf)) return js_throw(rt, ERROR_TypeError, "Cannot construct a typed array on a detached ArrayBuffer");
  uint64_t buffer_length = array_buffer_byte_length(*buf);
  if (auto_length && array_buffer_is_resizable(*buf)) {
    if (offset > buffer_length) return js_throw(rt, ERROR_RangeError, "Start offset %llu is outside the bounds of the buffer", (unsigned long long)offset);
    return ta_create(rt, t, proto, buf, offset, -1);
  }
  if (auto_length) {
    if (buffer_length % size) return js_throw(rt, ERROR_RangeError, "Byte length of %s should be a multiple of %zu", type_names[t], size);
    if (offset > buffer_length) return js_throw(rt, ERROR_RangeError, "Start offset %llu is outside the bounds of the buffer", (unsigned long long)offset);
    return ta_create(rt, t, proto, buf, offset, (int64_t)((buffer_length - offset) / size));
  }
  if (new_length > ARRAY_BUFFER_MAX_BYTE_LENGTH || offset + new_length * size > buffer_length)
    return js_throw(rt, ERROR_RangeError, "Invalid typed array length: %llu", (unsigned long long)new_length);
  return ta_create(rt, t, proto, buf, offset, (int64_t)new_length);
}

/* Fills new typed array o from the first len elements of array-like src. */
static bool fill_from(Runtime *rt, Handle o, Handle src, int64_t len) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t k = 0; k < len; k++) {
    *v = lib_get_index(rt, src, (double)k);
    if (!*v || !typed_array_set(rt, o, (double)k, v)) return false;
  }
  return true;
}

/* IteratorToList(GetIteratorFromMethod(obj, method)) as a JS array. */
static rd_value iterate_to_list(Runtime *rt, Handle obj, Handle method) {
  HANDLE_SCOPE(rt);
  Handle iter = handle_new(rt, VALUE_UNDEFINED), next = handle_new(rt, VALUE_UNDEFINED);
  if (!lib_get_iterator(rt, obj, method, iter, next)) return VALUE_EMPTY;
  Handle list = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*list) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0;; i++) {
    bool done;
    *v = lib_iterator_step(rt, iter, next, &done);
    if (!*v) return VALUE_EMPTY;
    if (done) break;
    if (element_set(rt, list, i, v) != PROPERTY_OK) return VALUE_EMPTY;
  }
  return *list;
}

/* The concrete constructors; native data: the element type. */
static rd_value ta_ctor(Runtime *rt, NativeArgs *a) {
  BufferElementType t = (BufferElementType)value_to_int32(lib_native_data(a));
  if (*a->new_target == VALUE_UNDEFINED)
    return js_throw(rt, ERROR_TypeError, "Constructor %s requires 'new'", type_names[t]);
  HANDLE_SCOPE(rt);
  Handle first = handle_new(rt, native_arg(a, 0));
  if (!value_is_js_object(*first)) {
    uint64_t len;
    if (!array_buffer_to_index(rt, first, "typed array length", &len)) return VALUE_EMPTY;
    Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, MAP(intrinsic(rt, TA_MAPS + t))->prototype));
    if (!*proto) return VALUE_EMPTY;
    return ta_allocate(rt, t, proto, len);
  }
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, MAP(intrinsic(rt, TA_MAPS + t))->prototype));
  if (!*proto) return VALUE_EMPTY;
  if (typed_array_is(*first)) return from_typed_array(rt, t, proto, first);
  if (array_buffer_is(*first)) return from_buffer(rt, t, proto, first, a);
  Handle key = handle_new(rt, ROOT(rt, symbol_iterator));
  Handle method = handle_new(rt, lib_get_method(rt, first, key));
  if (!*method) return VALUE_EMPTY;
  Handle src = first;
  int64_t len;
  if (*method != VALUE_UNDEFINED) {
    src = handle_new(rt, iterate_to_list(rt, first, method));
    if (!*src) return VALUE_EMPTY;
    len = array_length(*src);
  } else {
    len = builtins_length_of(rt, first);
    if (len < 0) return VALUE_EMPTY;
  }
  Handle o = handle_new(rt, ta_allocate(rt, t, proto, (uint64_t)len));
  if (!*o || !fill_from(rt, o, src, len)) return VALUE_EMPTY;
  return *o;
}

/* %TypedArray% ( ): always a TypeError. */
static rd_value ta_abstract_ctor(Runtime *rt, NativeArgs *a) {
  (void)a;
  return js_throw(rt, ERROR_TypeError, "Abstract class TypedArray not directly constructable");
}

/* %TypedArray%.from ( source [ , mapfn [ , thisArg ] ] ). */
static rd_value ta_from(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle c = handle_new(rt, *a->receiver);
  if (!lib_is_constructor(*c)) return js_throw(rt, ERROR_TypeError, "TypedArray.from: this is not a constructor");
  Handle mapfn = handle_new(rt, native_arg(a, 1)), this_arg = handle_new(rt, native_arg(a, 2));
  bool mapping = *mapfn != VALUE_UNDEFINED;
  if (mapping && !value_is_callable(*mapfn))
    return js_throw(rt, ERROR_TypeError, "TypedArray.from: the mapper is not a function");
  Handle source = handle_new(rt, native_arg(a, 0));
  Handle key = handle_new(rt, ROOT(rt, symbol_iterator));
  Handle method = handle_new(rt, value_is_nullish(*source) ? VALUE_UNDEFINED : lib_get_method(rt, source, key));
  if (!*method) return VALUE_EMPTY;
  Handle src;
  int64_t len;
  if (*method != VALUE_UNDEFINED) {
    src = handle_new(rt, iterate_to_list(rt, source, method));
    if (!*src) return VALUE_EMPTY;
    len = array_length(*src);
  } else {
    src = handle_new(rt, js_to_object(rt, source));
    if (!*src) return VALUE_EMPTY;
    len = builtins_length_of(rt, src);
    if (len < 0) return VALUE_EMPTY;
  }
  rd_value arg = value_from_number((double)len);
  Handle o = handle_new(rt, create_from_ctor(rt, c, 1, &arg));
  if (!*o) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t k = 0; k < len; k++) {
    *v = lib_get_index(rt, src, (double)k);
    if (!*v) return VALUE_EMPTY;
    if (mapping) {
      rd_value args[2] = {*v, value_from_number((double)k)};
      *v = lib_call(rt, mapfn, this_arg, 2, args);
      if (!*v) return VALUE_EMPTY;
    }
    Handle key_k = handle_new(rt, value_from_number((double)k));
    if (!js_set(rt, o, key_k, v, true)) return VALUE_EMPTY;
  }
  return *o;
}

/* %TypedArray%.of ( ...items ). */
static rd_value ta_of(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle c = handle_new(rt, *a->receiver);
  if (!lib_is_constructor(*c)) return js_throw(rt, ERROR_TypeError, "TypedArray.of: this is not a constructor");
  uint32_t len = a->argc;
  rd_value arg = value_from_number((double)len);
  Handle o = handle_new(rt, create_from_ctor(rt, c, 1, &arg));
  if (!*o) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED), k = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < len; i++) {
    *v = a->argv[i];
    *k = value_from_number((double)i);
    if (!js_set(rt, o, k, v, true)) return VALUE_EMPTY;
  }
  return *o;
}

/* get %TypedArray% [ @@species ]. */
static rd_value ta_species(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return *a->receiver;
}

/* --- getters ---------------------------------------------------------------------------------- */
static rd_value this_any(Runtime *rt, NativeArgs *a, const char *what) {
  if (typed_array_is(*a->receiver)) return *a->receiver;
  return js_throw(rt, ERROR_TypeError, "get TypedArray.prototype.%s: this is not a typed array", what);
}

static rd_value ta_get_buffer(Runtime *rt, NativeArgs *a) {
  rd_value o = this_any(rt, a, "buffer");
  return o ? JS_TYPED_ARRAY(o)->buffer : VALUE_EMPTY;
}

static rd_value ta_get_byte_length(Runtime *rt, NativeArgs *a) {
  rd_value o = this_any(rt, a, "byteLength");
  if (!o) return VALUE_EMPTY;
  int64_t n = typed_array_length(o);
  return value_from_number(n < 0 ? 0 : (double)n * (double)typed_array_element_size(o));
}

static rd_value ta_get_byte_offset(Runtime *rt, NativeArgs *a) {
  rd_value o = this_any(rt, a, "byteOffset");
  if (!o) return VALUE_EMPTY;
  return typed_array_length(o) < 0 ? value_from_int32(0) : JS_TYPED_ARRAY(o)->byte_offset;
}

static rd_value ta_get_length(Runtime *rt, NativeArgs *a) {
  rd_value o = this_any(rt, a, "length");
  if (!o) return VALUE_EMPTY;
  int64_t n = typed_array_length(o);
  return value_from_number(n < 0 ? 0 : (double)n);
}

static rd_value ta_get_to_string_tag(Runtime *rt, NativeArgs *a) {
  if (!typed_array_is(*a->receiver)) return VALUE_UNDEFINED;
  return string_internalize_cstr(rt, type_names[typed_array_kind(*a->receiver)]);
}

/* --- %TypedArray.prototype% methods ------------------------------------------------------------ */
/* The receiver, validated, as a handle in the caller's scope (*len its length). */
#define THIS_TA(name)                                                   \
  int64_t len;                                                          \
  if (!validate(rt, *a->receiver, "TypedArray.prototype." name, &len)) \
    return VALUE_EMPTY;                                                 \
  HANDLE_SCOPE(rt);                                                     \
  Handle o = handle_new(rt, *a->receiver)

/* The callable argument 0 of method name, or a TypeError. */
static bool check_callable(Runtime *rt, NativeArgs *a, const char *name) {
  if (value_is_callable(native_arg(a, 0))) return true;
  js_throw(rt, ERROR_TypeError, "TypedArray.prototype.%s: %s is not a function", name, "the callback");
  return false;
}

/* Call(fn, this_arg, « v, k, o »). */
static rd_value call3(Runtime *rt, Handle fn, Handle this_arg, rd_value v, double k, Handle o) {
  rd_value args[3] = {v, value_from_number(k), *o};
  return lib_call(rt, fn, this_arg, 3, args);
}

typedef enum { IT_EVERY, IT_SOME, IT_FIND, IT_FIND_INDEX, IT_FIND_LAST, IT_FIND_LAST_INDEX, IT_FOR_EACH } IterOp;

/* every / some / find / findIndex / findLast / findLastIndex / forEach. */
static rd_value iterate(Runtime *rt, NativeArgs *a, IterOp op, const char *name) {
  int64_t len;
  if (!validate(rt, *a->receiver, name, &len)) return VALUE_EMPTY;
  if (!check_callable(rt, a, name)) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, *a->receiver);
  Handle fn = handle_new(rt, native_arg(a, 0)), this_arg = handle_new(rt, native_arg(a, 1));
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  bool backwards = op == IT_FIND_LAST || op == IT_FIND_LAST_INDEX;
  for (int64_t i = 0; i < len; i++) {
    double k = (double)(backwards ? len - 1 - i : i);
    *v = typed_array_get(rt, *o, k);
    if (!*v) return VALUE_EMPTY;
    rd_value r = call3(rt, fn, this_arg, *v, k, o);
    if (!r) return VALUE_EMPTY;
    bool t = js_to_boolean(r);
    switch (op) {
      case IT_EVERY: if (!t) return VALUE_FALSE; break;
      case IT_SOME: if (t) return VALUE_TRUE; break;
      case IT_FIND: case IT_FIND_LAST: if (t) return *v; break;
      case IT_FIND_INDEX: case IT_FIND_LAST_INDEX: if (t) return value_from_number(k); break;
      case IT_FOR_EACH: break;
    }
  }
  switch (op) {
    case IT_EVERY: return VALUE_TRUE;
    case IT_SOME: return VALUE_FALSE;
    case IT_FIND_INDEX: case IT_FIND_LAST_INDEX: return value_from_int32(-1);
    default: return VALUE_UNDEFINED;
  }
}

static rd_value ta_every(Runtime *rt, NativeArgs *a) { return iterate(rt, a, IT_EVERY, "every"); }
static rd_value ta_some(Runtime *rt, NativeArgs *a) { return iterate(rt, a, IT_SOME, "some"); }
static rd_value ta_find(Runtime *rt, NativeArgs *a) { return iterate(rt, a, IT_FIND, "find"); }
static rd_value ta_find_index(Runtime *rt, NativeArgs *a) { return iterate(rt, a, IT_FIND_INDEX, "findIndex"); }
static rd_value ta_find_last(Runtime *rt, NativeArgs *a) { return iterate(rt, a, IT_FIND_LAST, "findLast"); }
static rd_value ta_find_last_index(Runtime *rt, NativeArgs *a) { return iterate(rt, a, IT_FIND_LAST_INDEX, "findLastIndex"); }
static rd_value ta_for_each(Runtime *rt, NativeArgs *a) { return iterate(rt, a, IT_FOR_EACH, "forEach"); }

static rd_value ta_at(Runtime *rt, NativeArgs *a) {
  THIS_TA("at");
  double rel;
  if (!lib_arg_integer(rt, a, 0, &rel)) return VALUE_EMPTY;
  double k = rel >= 0 ? rel : (double)len + rel;
  if (k < 0 || k >= (double)len) return VALUE_UNDEFINED;
  return typed_array_get(rt, *o, k);
}

static rd_value ta_copy_within(Runtime *rt, NativeArgs *a) {
  THIS_TA("copyWithin");
  double to, from, final;
  if (!lib_arg_relative(rt, a, 0, (double)len, 0, &to) || !lib_arg_relative(rt, a, 1, (double)len, 0, &from) ||
      !lib_arg_relative(rt, a, 2, (double)len, (double)len, &final))
    return VALUE_EMPTY;
  double count = MIN(final - from, (double)len - to);
  if (count > 0) {
    len = typed_array_length(*o);
    if (len < 0) return js_throw(rt, ERROR_TypeError, "TypedArray.prototype.copyWithin: the typed array is detached or out of bounds");
    double limit = (double)len;
    count = MIN(count, MIN(limit - from, limit - to));
    if (count > 0) {
      size_t size = typed_array_element_size(*o);
      uint8_t *d = typed_array_data(*o);
      memmove(d + (size_t)to * size, d + (size_t)from * size, (size_t)count * size);
    }
  }
  return *o;
}

/* keys / values / entries. */
static rd_value ta_iter(Runtime *rt, NativeArgs *a, ArrayIterKind kind, const char *name) {
  int64_t len;
  if (!validate(rt, *a->receiver, name, &len)) return VALUE_EMPTY;
  return lib_array_iterator_new(rt, a->receiver, kind);
}
static rd_value ta_keys(Runtime *rt, NativeArgs *a) { return ta_iter(rt, a, ARRAY_ITER_KEYS, "TypedArray.prototype.keys"); }
static rd_value ta_values(Runtime *rt, NativeArgs *a) { return ta_iter(rt, a, ARRAY_ITER_VALUES, "TypedArray.prototype.values"); }
static rd_value ta_entries(Runtime *rt, NativeArgs *a) { return ta_iter(rt, a, ARRAY_ITER_ENTRIES, "TypedArray.prototype.entries"); }

/* ToNumber / ToBigInt of v for o's content type. */
static rd_value to_numeric_for(Runtime *rt, rd_value o, Handle v) {
  return is_bigint_type(o) ? js_to_bigint(rt, v) : js_to_number(rt, v);
}

static rd_value ta_fill(Runtime *rt, NativeArgs *a) {
  THIS_TA("fill");
  Handle v = handle_new(rt, native_arg(a, 0));
  *v = to_numeric_for(rt, *o, v);
  if (!*v) return VALUE_EMPTY;
  double k, final;
  if (!lib_arg_relative(rt, a, 1, (double)len, 0, &k) || !lib_arg_relative(rt, a, 2, (double)len, (double)len, &final))
    return VALUE_EMPTY;
  len = typed_array_length(*o);
  if (len < 0) return js_throw(rt, ERROR_TypeError, "TypedArray.prototype.fill: the typed array is detached or out of bounds");
  final = MIN(final, (double)len);
  BufferElementType t = typed_array_kind(*o);
  size_t size = buffer_element_size[t];
  uint8_t *d = typed_array_data(*o);
  for (double i = k; i < final; i++) array_buffer_set_value(d + (size_t)i * size, t, *v, true);
  return *o;
}

/* includes / indexOf / lastIndexOf. */
typedef enum { SEARCH_INCLUDES, SEARCH_INDEX_OF, SEARCH_LAST_INDEX_OF } SearchOp;
static rd_value search(Runtime *rt, NativeArgs *a, SearchOp op, const char *name) {
  int64_t len;
  if (!validate(rt, *a->receiver, name, &len)) return VALUE_EMPTY;
  rd_value not_found = op == SEARCH_INCLUDES ? VALUE_FALSE : value_from_int32(-1);
  if (len == 0) return not_found;
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, *a->receiver);
  Handle target = handle_new(rt, native_arg(a, 0));
  double n;
  if (op == SEARCH_LAST_INDEX_OF) {
    if (a->argc > 1) {
      if (!lib_arg_integer(rt, a, 1, &n)) return VALUE_EMPTY;
    } else {
      n = (double)len - 1;
    }
    if (n == -INFINITY) return not_found;
    double k = n >= 0 ? MIN(n, (double)len - 1) : (double)len + n;
    for (; k >= 0; k--) {
      if (!valid_element(*o, k)) continue;
      rd_value e = typed_array_get(rt, *o, k);
      if (!e) return VALUE_EMPTY;
      if (js_strict_equals(e, *target)) return value_from_number(k);
    }
    return not_found;
  }
  if (!lib_arg_integer(rt, a, 1, &n)) return VALUE_EMPTY;
  if (n == INFINITY) return not_found;
  if (n == -INFINITY) n = 0;
  double k = n >= 0 ? n : MAX((double)len + n, 0);
  for (; k < (double)len; k++) {
    if (op == SEARCH_INDEX_OF && !valid_element(*o, k)) continue;
    rd_value e = typed_array_get(rt, *o, k);
    if (!e) return VALUE_EMPTY;
    if (op == SEARCH_INCLUDES ? js_same_value_zero(e, *target) : js_strict_equals(e, *target))
      return op == SEARCH_INCLUDES ? VALUE_TRUE : value_from_number(k);
  }
  return not_found;
}
static rd_value ta_includes(Runtime *rt, NativeArgs *a) { return search(rt, a, SEARCH_INCLUDES, "TypedArray.prototype.includes"); }
static rd_value ta_index_of(Runtime *rt, NativeArgs *a) { return search(rt, a, SEARCH_INDEX_OF, "TypedArray.prototype.indexOf"); }
static rd_value ta_last_index_of(Runtime *rt, NativeArgs *a) { return search(rt, a, SEARCH_LAST_INDEX_OF, "TypedArray.prototype.lastIndexOf"); }

/* join, and toLocaleString when locale is set. */
static rd_value join(Runtime *rt, NativeArgs *a, bool locale) {
  int64_t len;
  if (!validate(rt, *a->receiver, locale ? "TypedArray.prototype.toLocaleString" : "TypedArray.prototype.join", &len))
    return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, *a->receiver);
  Handle sep = handle_new(rt, VALUE_UNDEFINED);
  if (!locale && native_arg(a, 0) != VALUE_UNDEFINED) {
    *sep = lib_arg_string(rt, a, 0);
    if (!*sep) return VALUE_EMPTY;
  }
  StrBuf b;
  strbuf_init(&b);
  Handle e = handle_new(rt, VALUE_UNDEFINED), s = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t k = 0; k < len; k++) {
    if (k > 0) {
      if (*sep == VALUE_UNDEFINED) strbuf_push(&b, ',');
      else strbuf_append_string(&b, *sep);
    }
    *e = typed_array_get(rt, *o, (double)k);
    if (!*e) goto fail;
    if (*e == VALUE_UNDEFINED) continue;
    if (locale) {
      Handle f = handle_new(rt, lib_get_named(rt, e, "toLocaleString"));
      if (!*f) goto fail;
      *s = lib_call(rt, f, e, 0, NULL);
      if (!*s) goto fail;
      *s = js_to_string(rt, s);
    } else {
      *s = js_to_string(rt, e);
    }
    if (!*s) goto fail;
    strbuf_append_string(&b, *s);
  }
  return strbuf_finish(rt, &b);
fail:
  strbuf_free(&b);
  return VALUE_EMPTY;
}
static rd_value ta_join(Runtime *rt, NativeArgs *a) { return join(rt, a, false); }
static rd_value ta_to_locale_string(Runtime *rt, NativeArgs *a) { return join(rt, a, true); }

static rd_value ta_map(Runtime *rt, NativeArgs *a) {
  THIS_TA("map");
  if (!check_callable(rt, a, "map")) return VALUE_EMPTY;
  Handle fn = handle_new(rt, native_arg(a, 0)), this_arg = handle_new(rt, native_arg(a, 1));
  rd_value arg = value_from_number((double)len);
  Handle r = handle_new(rt, species_create(rt, o, 1, &arg));
  if (!*r) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t k = 0; k < len; k++) {
    *v = typed_array_get(rt, *o, (double)k);
    if (!*v) return VALUE_EMPTY;
    *v = call3(rt, fn, this_arg, *v, (double)k, o);
    if (!*v || !typed_array_set(rt, r, (double)k, v)) return VALUE_EMPTY;
  }
  return *r;
}

static rd_value ta_filter(Runtime *rt, NativeArgs *a) {
  THIS_TA("filter");
  if (!check_callable(rt, a, "filter")) return VALUE_EMPTY;
  Handle fn = handle_new(rt, native_arg(a, 0)), this_arg = handle_new(rt, native_arg(a, 1));
  Handle kept = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*kept) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  uint32_t n = 0;
  for (int64_t k = 0; k < len; k++) {
    *v = typed_array_get(rt, *o, (double)k);
    if (!*v) return VALUE_EMPTY;
    rd_value r = call3(rt, fn, this_arg, *v, (double)k, o);
    if (!r) return VALUE_EMPTY;
    if (js_to_boolean(r) && element_set(rt, kept, n++, v) != PROPERTY_OK) return VALUE_EMPTY;
  }
  rd_value arg = value_from_number((double)n);
  Handle r = handle_new(rt, species_create(rt, o, 1, &arg));
  if (!*r) return VALUE_EMPTY;
  for (uint32_t i = 0; i < n; i++) {
    *v = element_get_own(*kept, i, NULL);
    if (!typed_array_set(rt, r, (double)i, v)) return VALUE_EMPTY;
  }
  return *r;
}

/* reduce / reduceRight. */
static rd_value reduce(Runtime *rt, NativeArgs *a, bool right) {
  const char *name = right ? "reduceRight" : "reduce";
  THIS_TA("reduce");
  if (!check_callable(rt, a, name)) return VALUE_EMPTY;
  Handle fn = handle_new(rt, native_arg(a, 0));
  Handle acc = handle_new(rt, VALUE_UNDEFINED);
  int64_t i = 0;
  if (a->argc >= 2) {
    *acc = a->argv[1];
  } else {
    if (len == 0) return js_throw(rt, ERROR_TypeError, "Reduce of empty array with no initial value");
    *acc = typed_array_get(rt, *o, (double)(right ? len - 1 : 0));
    if (!*acc) return VALUE_EMPTY;
    i = 1;
  }
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  for (; i < len; i++) {
    double k = (double)(right ? len - 1 - i : i);
    rd_value v = typed_array_get(rt, *o, k);
    if (!v) return VALUE_EMPTY;
    rd_value args[4] = {*acc, v, value_from_number(k), *o};
    *acc = lib_call(rt, fn, undef, 4, args);
    if (!*acc) return VALUE_EMPTY;
  }
  return *acc;
}
static rd_value ta_reduce(Runtime *rt, NativeArgs *a) { return reduce(rt, a, false); }
static rd_value ta_reduce_right(Runtime *rt, NativeArgs *a) { return reduce(rt, a, true); }

static rd_value ta_reverse(Runtime *rt, NativeArgs *a) {
  THIS_TA("reverse");
  size_t size = typed_array_element_size(*o);
  uint8_t *d = typed_array_data(*o), tmp[8];
  for (int64_t lo = 0, hi = len - 1; lo < hi; lo++, hi--) {
    memcpy(tmp, d + lo * size, size);
    memcpy(d + lo * size, d + hi * size, size);
    memcpy(d + hi * size, tmp, size);
  }
  return *o;
}

/* SetTypedArrayFromTypedArray. */
static bool set_from_typed_array(Runtime *rt, Handle target, double offset, Handle src) {
  int64_t tlen = typed_array_length(*target), slen = typed_array_length(*src);
  if (tlen < 0 || slen < 0) {
    js_throw(rt, ERROR_TypeError, "TypedArray.prototype.set: a typed array is detached or out of bounds");
    return false;
  }
  if (is_bigint_type(*target) != is_bigint_type(*src)) {
    js_throw(rt, ERROR_TypeError, "Cannot mix BigInt and other types, use explicit conversions");
    return false;
  }
  if (offset == INFINITY || (double)slen + offset > (double)tlen) {
    js_throw(rt, ERROR_RangeError, "offset is out of bounds");
    return false;
  }
  BufferElementType tt = typed_array_kind(*target), st = typed_array_kind(*src);
  uint8_t *to = typed_array_data(*target) + (size_t)offset * buffer_element_size[tt];
  const uint8_t *from = typed_array_data(*src);
  if (tt == st || buffer_element_is_bigint(tt)) {
    memmove(to, from, (size_t)slen * buffer_element_size[st]);
    return true;
  }
  uint8_t *copy = NULL;
  if (JS_TYPED_ARRAY(*target)->buffer == JS_TYPED_ARRAY(*src)->buffer) {
    copy = malloc((size_t)slen * buffer_element_size[st] + 1);
    if (!copy) {
      runtime_throw_oom(rt);
      return false;
    }
    memcpy(copy, from, (size_t)slen * buffer_element_size[st]);
    from = copy;
  }
  for (int64_t i = 0; i < slen; i++)
    array_buffer_write_element(to + i * buffer_element_size[tt], tt,
                               array_buffer_read_element(from + i * buffer_element_size[st], st, true), true);
  free(copy);
  return true;
}

/* SetTypedArrayFromArrayLike. */
static bool set_from_array_like(Runtime *rt, Handle target, double offset, Handle source) {
  int64_t tlen = typed_array_length(*target);
  if (tlen < 0) {
    js_throw(rt, ERROR_TypeError, "TypedArray.prototype.set: the typed array is detached or out of bounds");
    return false;
  }
  HANDLE_SCOPE(rt);
  Handle src = handle_new(rt, js_to_object(rt, source));
  if (!*src) return false;
  int64_t slen = builtins_length_of(rt, src);
  if (slen < 0) return false;
  if (offset == INFINITY || (double)slen + offset > (double)tlen) {
    js_throw(rt, ERROR_RangeError, "offset is out of bounds");
    return false;
  }
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t k = 0; k < slen; k++) {
    *v = lib_get_index(rt, src, (double)k);
    if (!*v || !typed_array_set(rt, target, offset + (double)k, v)) return false;
  }
  return true;
}

static rd_value ta_set_method(Runtime *rt, NativeArgs *a) {
  if (!typed_array_is(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "TypedArray.prototype.set: this is not a typed array");
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, *a->receiver);
  double offset;
  if (!lib_arg_integer(rt, a, 1, &offset)) return VALUE_EMPTY;
  if (offset < 0) return js_throw(rt, ERROR_RangeError, "offset is out of bounds");
  Handle source = handle_new(rt, native_arg(a, 0));
  bool ok = typed_array_is(*source) ? set_from_typed_array(rt, o, offset, source)
                                    : set_from_array_like(rt, o, offset, source);
  return ok ? VALUE_UNDEFINED : VALUE_EMPTY;
}

static rd_value ta_slice(Runtime *rt, NativeArgs *a) {
  THIS_TA("slice");
  double start, end;
  if (!lib_arg_relative(rt, a, 0, (double)len, 0, &start) || !lib_arg_relative(rt, a, 1, (double)len, (double)len, &end))
    return VALUE_EMPTY;
  double count = MAX(end - start, 0);
  rd_value arg = value_from_number(count);
  Handle r = handle_new(rt, species_create(rt, o, 1, &arg));
  if (!*r) return VALUE_EMPTY;
  if (count <= 0) return *r;
  len = typed_array_length(*o);
  if (len < 0) return js_throw(rt, ERROR_TypeError, "TypedArray.prototype.slice: the typed array is detached or out of bounds");
  end = MIN(end, (double)len);
  count = MAX(end - start, 0);
  BufferElementType st = typed_array_kind(*o), tt = typed_array_kind(*r);
  if (st == tt) {
    int64_t rlen = typed_array_length(*r);
    size_t size = buffer_element_size[st];
    size_t bytes = (size_t)MIN(count, (double)MAX(rlen, 0)) * size;
    memmove(typed_array_data(*r), typed_array_data(*o) + (size_t)start * size, bytes);
    return *r;
  }
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (double k = start, n = 0; k < end; k++, n++) {
    *v = typed_array_get(rt, *o, k);
    if (!*v || !typed_array_set(rt, r, n, v)) return VALUE_EMPTY;
  }
  return *r;
}

/* The default order: numbers ascending with -0 before +0 and NaN last. */
static int cmp_double(const void *pa, const void *pb) {
  double x = *(const double *)pa, y = *(const double *)pb;
  if (x != x) return y != y ? 0 : 1;
  if (y != y) return -1;
  if (x < y) return -1;
  if (x > y) return 1;
  if (x == 0 && y == 0) return signbit(x) ? (signbit(y) ? 0 : -1) : (signbit(y) ? 1 : 0);
  return 0;
}
static int cmp_i64(const void *pa, const void *pb) {
  int64_t x = *(const int64_t *)pa, y = *(const int64_t *)pb;
  return x < y ? -1 : x > y;
}
static int cmp_u64(const void *pa, const void *pb) {
  uint64_t x = *(const uint64_t *)pa, y = *(const uint64_t *)pb;
  return x < y ? -1 : x > y;
}

/* Sorts the first len elements of ta by the default order. */
static bool sort_default(Runtime *rt, rd_value ta, int64_t len) {
  BufferElementType t = typed_array_kind(ta);
  uint8_t *d = typed_array_data(ta);
  if (t == BUFFER_BigInt64 || t == BUFFER_BigUint64) {
    qsort(d, (size_t)len, 8, t == BUFFER_BigInt64 ? cmp_i64 : cmp_u64);   /* host little-endian */
    return true;
  }
  size_t size = buffer_element_size[t];
  double *tmp = malloc((size_t)len * sizeof *tmp + 1);
  if (!tmp) {
    runtime_throw_oom(rt);
    return false;
  }
  for (int64_t i = 0; i < len; i++) tmp[i] = array_buffer_read_element(d + i * size, t, true);
  qsort(tmp, (size_t)len, sizeof *tmp, cmp_double);
  for (int64_t i = 0; i < len; i++) array_buffer_write_element(d + i * size, t, tmp[i], true);
  free(tmp);
  return true;
}

/* x <= y under comparator cmp (*le), or false on exception. */
static bool cmp_le(Runtime *rt, Handle cmp, rd_value x, rd_value y, bool *le) {
  HANDLE_SCOPE(rt);
  rd_value args[2] = {x, y};
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  Handle r = handle_new(rt, lib_call(rt, cmp, undef, 2, args));
  if (!*r) return false;
  rd_value n = js_to_number(rt, r);
  if (!n) return false;
  double d = value_to_number(n);
  *le = !(d > 0);
  return true;
}

/* Stable merge sort of FixedArray *list[0, n) under cmp (which may run any JS). */
static bool merge_sort(Runtime *rt, Handle list, uint32_t n, Handle cmp) {
  HANDLE_SCOPE(rt);
  Handle tmp = handle_new(rt, factory_fixed_array(rt, MAX(n, 1), VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*tmp) return false;
  for (uint32_t width = 1; width < n; width *= 2) {
    for (uint32_t lo = 0; lo < n; lo += 2 * width) {
      uint32_t mid = MIN(lo + width, n), hi = MIN(lo + 2 * width, n), i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        bool le;
        if (!cmp_le(rt, cmp, FIXED_ARRAY(*list)->data[i], FIXED_ARRAY(*list)->data[j], &le)) return false;
        rd_value v = le ? FIXED_ARRAY(*list)->data[i++] : FIXED_ARRAY(*list)->data[j++];
        HEAP_STORE(value_to_ptr(*tmp), FIXED_ARRAY(*tmp)->data[k++], v);
      }
      while (i < mid) HEAP_STORE(value_to_ptr(*tmp), FIXED_ARRAY(*tmp)->data[k++], FIXED_ARRAY(*list)->data[i++]);
      while (j < hi) HEAP_STORE(value_to_ptr(*tmp), FIXED_ARRAY(*tmp)->data[k++], FIXED_ARRAY(*list)->data[j++]);
    }
    rd_value swap = *list;
    *list = *tmp;
    *tmp = swap;
  }
  return true;
}

/* Sorts elements [0, len) of src by comparator cmp into dst (both typed arrays). */
static bool sort_with(Runtime *rt, Handle src, int64_t len, Handle cmp, Handle dst) {
  HANDLE_SCOPE(rt);
  if (len > FIXED_ARRAY_MAX_LENGTH) {
    runtime_throw_range_error(rt, "Typed array too long to sort with a comparator");
    return false;
  }
  Handle list = handle_new(rt, factory_fixed_array(rt, (uint32_t)MAX(len, 1), VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*list) return false;
  for (int64_t k = 0; k < len; k++) {
    rd_value v = typed_array_get(rt, *src, (double)k);
    if (!v) return false;
    HEAP_STORE(value_to_ptr(*list), FIXED_ARRAY(*list)->data[k], v);
  }
  if (!merge_sort(rt, list, (uint32_t)len, cmp)) return false;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t k = 0; k < len; k++) {
    *v = FIXED_ARRAY(*list)->data[k];
    if (!typed_array_set(rt, dst, (double)k, v)) return false;
  }
  return true;
}

static rd_value ta_sort(Runtime *rt, NativeArgs *a) {
  rd_value c = native_arg(a, 0);
  if (c != VALUE_UNDEFINED && !value_is_callable(c))
    return js_throw(rt, ERROR_TypeError, "The comparison function must be either a function or undefined");
  THIS_TA("sort");
  if (c == VALUE_UNDEFINED) return sort_default(rt, *o, len) ? *o : VALUE_EMPTY;
  Handle cmp = handle_new(rt, native_arg(a, 0));   /* c may have moved */
  return sort_with(rt, o, len, cmp, o) ? *o : VALUE_EMPTY;
}

static rd_value ta_to_sorted(Runtime *rt, NativeArgs *a) {
  rd_value c = native_arg(a, 0);
  if (c != VALUE_UNDEFINED && !value_is_callable(c))
    return js_throw(rt, ERROR_TypeError, "The comparison function must be either a function or undefined");
  THIS_TA("toSorted");
  Handle r = handle_new(rt, create_same_type(rt, *o, len));
  if (!*r) return VALUE_EMPTY;
  if (native_arg(a, 0) == VALUE_UNDEFINED) {
    memcpy(typed_array_data(*r), typed_array_data(*o), (size_t)len * typed_array_element_size(*o));
    return sort_default(rt, *r, len) ? *r : VALUE_EMPTY;
  }
  Handle cmp = handle_new(rt, native_arg(a, 0));   /* c may have moved */
  return sort_with(rt, o, len, cmp, r) ? *r : VALUE_EMPTY;
}

static rd_value ta_to_reversed(Runtime *rt, NativeArgs *a) {
  THIS_TA("toReversed");
  Handle r = handle_new(rt, create_same_type(rt, *o, len));
  if (!*r) return VALUE_EMPTY;
  size_t size = typed_array_element_size(*o);
  uint8_t *from = typed_array_data(*o), *to = typed_array_data(*r);
  for (int64_t k = 0; k < len; k++) memcpy(to + k * size, from + (len - 1 - k) * size, size);
  return *r;
}

static rd_value ta_with(Runtime *rt, NativeArgs *a) {
  THIS_TA("with");
  double rel;
  if (!lib_arg_integer(rt, a, 0, &rel)) return VALUE_EMPTY;
  double actual = rel >= 0 ? rel : (double)len + rel;
  Handle v = handle_new(rt, native_arg(a, 1));
  *v = to_numeric_for(rt, *o, v);
  if (!*v) return VALUE_EMPTY;
  if (!valid_element(*o, actual)) return js_throw(rt, ERROR_RangeError, "Invalid typed array index");
  Handle r = handle_new(rt, create_same_type(rt, *o, len));
  if (!*r) return VALUE_EMPTY;
  Handle e = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t k = 0; k < len; k++) {
    *e = (double)k == actual ? *v : typed_array_get(rt, *o, (double)k);
    if (!*e || !typed_array_set(rt, r, (double)k, e)) return VALUE_EMPTY;
  }
  return *r;
}

static rd_value ta_subarray(Runtime *rt, NativeArgs *a) {
  if (!typed_array_is(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "TypedArray.prototype.subarray: this is not a typed array");
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, *a->receiver);
  Handle buffer = handle_new(rt, JS_TYPED_ARRAY(*o)->buffer);
  int64_t len = MAX(typed_array_length(*o), 0);
  double start, end;
  bool end_undefined = native_arg(a, 1) == VALUE_UNDEFINED;
  if (!lib_arg_relative(rt, a, 0, (double)len, 0, &start) || !lib_arg_relative(rt, a, 1, (double)len, (double)len, &end))
    return VALUE_EMPTY;
  size_t size = typed_array_element_size(*o);
  double begin = (double)typed_array_byte_offset(*o) + start * (double)size;
  rd_value args[3] = {*buffer, value_from_number(begin), value_from_number(MAX(end - start, 0))};
  bool tracking = typed_array_is_tracking(*o) && end_undefined;
  return species_create(rt, o, tracking ? 2 : 3, args);
}

static const BuiltinMethod proto_methods[] = {
    {"at", ta_at, 1},
    {"copyWithin", ta_copy_within, 2},
    {"entries", ta_entries, 0},
    {"every", ta_every, 1},
    {"fill", ta_fill, 1},
    {"filter", ta_filter, 1},
    {"find", ta_find, 1},
    {"findIndex", ta_find_index, 1},
    {"findLast", ta_find_last, 1},
    {"findLastIndex", ta_find_last_index, 1},
    {"forEach", ta_for_each, 1},
    {"includes", ta_includes, 1},
    {"indexOf", ta_index_of, 1},
    {"join", ta_join, 1},
    {"keys", ta_keys, 0},
    {"lastIndexOf", ta_last_index_of, 1},
    {"map", ta_map, 1},
    {"reduce", ta_reduce, 1},
    {"reduceRight", ta_reduce_right, 1},
    {"reverse", ta_reverse, 0},
    {"set", ta_set_method, 1},
    {"slice", ta_slice, 2},
    {"some", ta_some, 1},
    {"sort", ta_sort, 1},
    {"subarray", ta_subarray, 2},
    {"toLocaleString", ta_to_locale_string, 0},
    {"toReversed", ta_to_reversed, 0},
    {"toSorted", ta_to_sorted, 1},
    {"values", ta_values, 0},
    {"with", ta_with, 2},
};

/* --- installation ------------------------------------------------------------------------------- */

bool builtins_init_typed_array(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle intr = handle_new(rt, factory_fixed_array(rt, TA_INTRINSIC_COUNT, VALUE_UNDEFINED, ALLOC_OLD));
  if (!*intr) return false;
  rt->roots[ROOT_typed_array_intrinsics] = *intr;
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  Handle abstract = handle_new(rt, builtins_constructor(rt, "TypedArray", ta_abstract_ctor, 0, proto));
  if (!*abstract) return false;
  HEAP_STORE(value_to_ptr(*intr), FIXED_ARRAY(*intr)->data[TA_ABSTRACT], *abstract);
  HEAP_STORE(value_to_ptr(*intr), FIXED_ARRAY(*intr)->data[TA_PROTO], *proto);
  static const BuiltinMethod statics[] = {{"from", ta_from, 1}, {"of", ta_of, 0}};
  if (!builtins_install(rt, abstract, statics, ARRAY_LEN(statics)) ||
      !builtins_define_getter(rt, abstract, "@species", ta_species) ||
      !builtins_install(rt, proto, proto_methods, ARRAY_LEN(proto_methods)) ||
      !builtins_define_getter(rt, proto, "buffer", ta_get_buffer) ||
      !builtins_define_getter(rt, proto, "byteLength", ta_get_byte_length) ||
      !builtins_define_getter(rt, proto, "byteOffset", ta_get_byte_offset) ||
      !builtins_define_getter(rt, proto, "length", ta_get_length) ||
      !builtins_define_getter(rt, proto, "@toStringTag", ta_get_to_string_tag))
    return false;
  /* @@iterator is the same function as values; toString is %Array.prototype.toString%. */
  {
    Handle k = handle_new(rt, lib_key(rt, "values"));
    if (!*k) return false;
    Handle values = handle_new(rt, js_get(rt, proto, k));
    Handle it = handle_new(rt, ROOT(rt, symbol_iterator));
    if (!*values || object_define_own(rt, proto, it, values, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) != PROPERTY_OK)
      return false;
    Handle ap = handle_new(rt, ROOT(rt, array_prototype));
    *k = lib_key(rt, "toString");
    if (!*k) return false;
    Handle ts = handle_new(rt, js_get(rt, ap, k));
    if (!*ts || object_define_own(rt, proto, k, ts, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) != PROPERTY_OK)
      return false;
  }
  Handle bpe = handle_new(rt, VALUE_UNDEFINED);
  for (int t = 0; t < BUFFER_ELEMENT_TYPE_COUNT; t++) {
    Handle p = handle_new(rt, builtins_object_with_proto(rt, proto));
    if (!*p) return false;
    rd_value m = factory_map(rt, TYPE_JS_TYPED_ARRAY, 8 * JS_TYPED_ARRAY_HEADER_WORDS, 0, p);
    if (!m) return false;
    MAP(m)->inobject_start = JS_TYPED_ARRAY_HEADER_WORDS;
    MAP(m)->bit_field |= MAP_EXOTIC;
    HEAP_STORE(value_to_ptr(*intr), FIXED_ARRAY(*intr)->data[TA_MAPS + t], m);
    Handle c = handle_new(rt, builtins_constructor(rt, type_names[t], ta_ctor, 3, p));
    if (!*c) return false;
    lib_set_native_data(*c, value_from_int32(t));
    HEAP_STORE(value_to_ptr(*intr), FIXED_ARRAY(*intr)->data[TA_CTORS + t], *c);
    if (object_set_prototype(rt, c, abstract) != PROPERTY_OK) return false;
    *bpe = value_from_int32(buffer_element_size[t]);
    if (!builtins_define(rt, c, "BYTES_PER_ELEMENT", bpe, 0) || !builtins_define(rt, p, "BYTES_PER_ELEMENT", bpe, 0) ||
        !builtins_define_global(rt, type_names[t], c))
      return false;
  }
  return true;
}
