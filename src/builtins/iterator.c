/*
 * iterator.c - %IteratorPrototype%, %ArrayIteratorPrototype% (keys / values
 * / entries over any array-like), %StringIteratorPrototype% (code points),
 * the iteration helpers of library.h (GetIterator, IteratorStepValue,
 * IteratorClose, CreateIterResultObject), %IteratorPrototype%[@@dispose].
 * The Iterator constructor and the
 * methods of %IteratorPrototype% other than @@iterator are in
 * iterator_helpers.c.
 *
 * Iterator state lives in three internal words of the iterator object,
 * between the JSObject header and the in-object properties (its map has
 * inobject_start = ITER_START), so no property key can reach them:
 *   word 3  the iterated object or string; undefined once exhausted
 *   word 4  the next index (a number)
 *   word 5  ITER_BRAND | kind (int32): the brand checked by next()
 * %ArrayIteratorPrototype% has the same layout and keeps in its words 3 and
 * 4 the maps of array and string iterator instances (whose prototypes are
 * the two iterator prototypes). Invariant: only objects made by
 * make_iterator carry the brand.
 */
#include "builtins/library.h"
#include "objects/typed_array.h"
#include "objects/factory.h"
#include "objects/string.h"

#define ITER_START (JS_OBJECT_HEADER_WORDS + 3)
#define ITER_INOBJECT 2
#define ITER_BRAND 0x49540000
#define ITER_KIND_STRING 3
#define ITER_WORD(o, i) (((rd_value *)value_to_ptr(o))[JS_OBJECT_HEADER_WORDS + (i)])

/* A map for objects with the iterator layout and prototype proto. */
static rd_value iterator_map(Runtime *rt, Handle proto) {
  rd_value m = factory_map(rt, TYPE_JS_OBJECT, 8 * (ITER_START + ITER_INOBJECT), ITER_INOBJECT, proto);
  if (m) MAP(m)->inobject_start = ITER_START;
  return m;
}

/* True if o is an iterator made here of the given kind. */
static bool has_brand(rd_value o, int kind) {
  return value_has_type(o, TYPE_JS_OBJECT) && heap_object_map(value_to_ptr(o))->inobject_start == ITER_START &&
         ITER_WORD(o, 2) == value_from_int32(ITER_BRAND | kind);
}

/* A new iterator over target, of kind, from the map in word map_word of %ArrayIteratorPrototype%. */
static rd_value make_iterator(Runtime *rt, Handle target, int kind, int map_word) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, ITER_WORD(ROOT(rt, array_iterator_prototype), map_word));
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(o), ITER_WORD(o, 0), *target);
  ITER_WORD(o, 1) = value_from_int32(0);
  ITER_WORD(o, 2) = value_from_int32(ITER_BRAND | kind);
  return o;
}

rd_value lib_array_iterator_new(Runtime *rt, Handle obj, ArrayIterKind kind) {
  return make_iterator(rt, obj, (int)kind, 0);
}

/* True when map can be ROOT iter_result_map: exactly the data fields
 * value (field 0) and done (field 1), writable, enumerable, configurable,
 * of representation tagged (so any value may be stored without telling the
 * map), both in-object. */
static bool iter_result_map_ok(Runtime *rt, rd_value map) {
  const Map *m = MAP(map);
  if (m->own_descriptors != 2 || m->inobject_properties < 2 || !instance_type_is_js_object((InstanceType)m->instance_type))
    return false;
  for (uint32_t i = 0; i < 2; i++) {
    PropertyDetails d = map_descriptor_details(map, i);
    if (map_descriptor_key(map, i) != (i ? ROOT(rt, done_string) : ROOT(rt, value_string)) ||
        d != details_make(PROPERTY_ATTRS_DEFAULT, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD, REP_TAGGED, i))
      return false;
  }
  return true;
}

/* CreateIterResultObject. The first result is made by defining the two
 * properties (undefined and false first, so both fields are tagged); its
 * map is then kept, and later results are that map plus two field stores. */
rd_value lib_iter_result(Runtime *rt, Handle value, bool done) {
  HANDLE_SCOPE(rt);
  if (value_has_type(ROOT(rt, iter_result_map), TYPE_MAP)) {
    Handle map = handle_new(rt, ROOT(rt, iter_result_map));
    rd_value o = factory_js_object(rt, map);
    if (!o) return VALUE_EMPTY;
    rd_value *fields = (rd_value *)value_to_ptr(o) + MAP(*map)->inobject_start;
    HEAP_STORE(value_to_ptr(o), fields[0], *value);
    fields[1] = value_from_bool(done);
    return o;
  }
  Handle o = handle_new(rt, object_new(rt));
  if (!*o) return VALUE_EMPTY;
  Handle u = handle_new(rt, VALUE_UNDEFINED), f = handle_new(rt, VALUE_FALSE);
  if (!builtins_define(rt, o, "value", u, PROPERTY_ATTRS_DEFAULT) ||
      !builtins_define(rt, o, "done", f, PROPERTY_ATTRS_DEFAULT))
    return VALUE_EMPTY;
  rd_value map = value_from_ptr(heap_object_map(value_to_ptr(*o)));
  if (iter_result_map_ok(rt, map)) ROOT(rt, iter_result_map) = map;
  Handle d = handle_new(rt, value_from_bool(done));
  if (!builtins_define(rt, o, "value", value, PROPERTY_ATTRS_DEFAULT) ||
      !builtins_define(rt, o, "done", d, PROPERTY_ATTRS_DEFAULT))
    return VALUE_EMPTY;
  return *o;
}

bool lib_get_iterator(Runtime *rt, Handle obj, Handle method, Handle iter, Handle next) {
  rd_value it = lib_call(rt, method, obj, 0, NULL);
  if (!it) return false;
  if (!value_is_js_object(it)) {
    js_throw(rt, ERROR_TypeError, "Result of the Symbol.iterator method is not an object");
    return false;
  }
  *iter = it;
  rd_value n = lib_get_named(rt, iter, "next");
  if (!n) return false;
  *next = n;
  return true;
}

rd_value lib_iterator_step(Runtime *rt, Handle iter, Handle next, bool *done) {
  HANDLE_SCOPE(rt);
  *done = false;
  Handle r = handle_new(rt, lib_call(rt, next, iter, 0, NULL));
  if (!*r) return VALUE_EMPTY;
  if (!value_is_js_object(*r)) return js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
  if (value_from_ptr(heap_object_map(value_to_ptr(*r))) == ROOT(rt, iter_result_map)) {
    /* lib_iter_result's map: two plain fields, no getter to run */
    const rd_value *fields = (const rd_value *)value_to_ptr(*r) + heap_object_map(value_to_ptr(*r))->inobject_start;
    *done = js_to_boolean(fields[1]);
    return *done ? VALUE_UNDEFINED : fields[0];
  }
  rd_value d = lib_get_named(rt, r, "done");
  if (!d) return VALUE_EMPTY;
  if (js_to_boolean(d)) {
    *done = true;
    return VALUE_UNDEFINED;
  }
  return lib_get_named(rt, r, "value");
}

void lib_iterator_close_on_error(Runtime *rt, Handle iter) {
  HANDLE_SCOPE(rt);
  Handle pending = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  Handle key = handle_new(rt, lib_key(rt, "return"));
  if (*key) {
    rd_value f = js_get(rt, iter, key);
    if (f && value_is_callable(f)) {
      Handle hf = handle_new(rt, f);
      rd_value ignored = interp_call(rt, hf, iter, 0, NULL);   /* its result and errors are dropped */
      (void)ignored;
    }
  }
  rt->exception = *pending;   /* the original completion wins */
}

bool lib_iterator_close(Runtime *rt, Handle iter) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, lib_key(rt, "return"));
  if (!*key) return false;
  Handle method = handle_new(rt, lib_get_method(rt, iter, key));
  if (!*method) return false;
  if (*method == VALUE_UNDEFINED) return true;
  rd_value r = interp_call(rt, method, iter, 0, NULL);
  if (!r) return false;
  if (!value_is_js_object(r)) {
    js_throw(rt, ERROR_TypeError, "Iterator result is not an object");
    return false;
  }
  return true;
}

/* --- %IteratorPrototype% ------------------------------------------------------------------- */
static rd_value iterator_proto_iterator(Runtime *rt, NativeArgs *a) {
  (void)rt;
  return *a->receiver;
}

/* --- %ArrayIteratorPrototype%.next --------------------------------------------------------- */
static rd_value array_iterator_next(Runtime *rt, NativeArgs *a) {
  rd_value o = *a->receiver;
  int kind = -1;
  for (int k = ARRAY_ITER_KEYS; k <= ARRAY_ITER_ENTRIES; k++)
    if (has_brand(o, k)) kind = k;
  if (kind < 0) return js_throw(rt, ERROR_TypeError, "next method called on an incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, ITER_WORD(o, 0));
  Handle value = handle_new(rt, VALUE_UNDEFINED);
  if (*target == VALUE_UNDEFINED) return lib_iter_result(rt, value, true);
  double index = value_to_number(ITER_WORD(o, 1));
  int64_t len = value_has_type(*target, TYPE_JS_ARRAY) ? (int64_t)array_length(*target)
                : typed_array_is(*target)                  ? typed_array_length(*target)
                                                           : builtins_length_of(rt, target);
  if (len < 0 && typed_array_is(*target))
    return js_throw(rt, ERROR_TypeError, "Cannot iterate a detached or out-of-bounds typed array");
  if (len < 0) return VALUE_EMPTY;
  if (index >= (double)len) {
    ITER_WORD(*a->receiver, 0) = VALUE_UNDEFINED;
    return lib_iter_result(rt, value, true);
  }
  ITER_WORD(*a->receiver, 1) = value_from_number(index + 1);
  if (kind == ARRAY_ITER_KEYS) {
    *value = value_from_number(index);
    return lib_iter_result(rt, value, false);
  }
  rd_value v = lib_get_index(rt, target, index);
  if (!v) return VALUE_EMPTY;
  *value = v;
  if (kind == ARRAY_ITER_ENTRIES) {
    Handle pair = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
    Handle k = handle_new(rt, value_from_number(index));
    if (!*pair || element_set(rt, pair, 0, k) != PROPERTY_OK || element_set(rt, pair, 1, value) != PROPERTY_OK)
      return VALUE_EMPTY;
    *value = *pair;
  }
  return lib_iter_result(rt, value, false);
}

/* --- %StringIteratorPrototype% --------------------------------------------------------------- */
/* String.prototype[Symbol.iterator] (installed by string_builtins.c through this). */
rd_value lib_string_iterator_new(Runtime *rt, Handle str);
rd_value lib_string_iterator_new(Runtime *rt, Handle str) {
  return make_iterator(rt, str, ITER_KIND_STRING, 1);
}

static rd_value string_iterator_next(Runtime *rt, NativeArgs *a) {
  rd_value o = *a->receiver;
  if (!has_brand(o, ITER_KIND_STRING))
    return js_throw(rt, ERROR_TypeError, "next method called on an incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, ITER_WORD(o, 0));
  Handle value = handle_new(rt, VALUE_UNDEFINED);
  if (*s == VALUE_UNDEFINED) return lib_iter_result(rt, value, true);
  uint32_t i = (uint32_t)value_to_number(ITER_WORD(o, 1)), n = string_length(*s);
  if (i >= n) {
    ITER_WORD(*a->receiver, 0) = VALUE_UNDEFINED;
    return lib_iter_result(rt, value, true);
  }
  uint16_t c = string_char_at(*s, i);
  uint32_t size = 1;
  if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
    uint16_t d = string_char_at(*s, i + 1);
    if (d >= 0xDC00 && d <= 0xDFFF) size = 2;
  }
  ITER_WORD(*a->receiver, 1) = value_from_number(i + size);
  rd_value piece = string_substring(rt, s, i, i + size);
  if (!piece) return VALUE_EMPTY;
  *value = piece;
  return lib_iter_result(rt, value, false);
}

/* %IteratorPrototype%[@@dispose](): calls this.return() if there is one. */
static rd_value iterator_proto_dispose(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, lib_key(rt, "return"));
  if (!*key) return VALUE_EMPTY;
  Handle ret = handle_new(rt, lib_get_method(rt, a->receiver, key));
  if (!*ret) return VALUE_EMPTY;
  if (*ret != VALUE_UNDEFINED && !lib_call(rt, ret, a->receiver, 0, NULL)) return VALUE_EMPTY;
  return VALUE_UNDEFINED;
}

bool builtins_init_iterator(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle iter_proto = handle_new(rt, object_new(rt));
  if (!*iter_proto) return false;
  rt->roots[ROOT_iterator_prototype] = *iter_proto;
  static const BuiltinMethod iter_methods[] = {{"@iterator", iterator_proto_iterator, 0},
                                               {"@dispose", iterator_proto_dispose, 0}};
  if (!builtins_install(rt, iter_proto, iter_methods, ARRAY_LEN(iter_methods))) return false;

  /* %ArrayIteratorPrototype%: iterator layout, holding the instance maps. */
  Handle proto_map = handle_new(rt, iterator_map(rt, iter_proto));
  if (!*proto_map) return false;
  Handle array_proto = handle_new(rt, factory_js_object(rt, proto_map));
  if (!*array_proto) return false;
  rt->roots[ROOT_array_iterator_prototype] = *array_proto;
  Handle string_proto = handle_new(rt, builtins_object_with_proto(rt, iter_proto));
  if (!*string_proto) return false;
  rd_value m = iterator_map(rt, array_proto);
  if (!m) return false;
  HEAP_STORE(value_to_ptr(*array_proto), ITER_WORD(*array_proto, 0), m);
  m = iterator_map(rt, string_proto);
  if (!m) return false;
  HEAP_STORE(value_to_ptr(*array_proto), ITER_WORD(*array_proto, 1), m);

  static const BuiltinMethod array_methods[] = {{"next", array_iterator_next, 0}};
  static const BuiltinMethod string_methods[] = {{"next", string_iterator_next, 0}};
  Handle atag = handle_new(rt, lib_key(rt, "Array Iterator"));
  Handle stag = handle_new(rt, lib_key(rt, "String Iterator"));
  return *atag && *stag && builtins_install(rt, array_proto, array_methods, 1) &&
         builtins_install(rt, string_proto, string_methods, 1) &&
         builtins_define(rt, array_proto, "@toStringTag", atag, PROPERTY_CONFIGURABLE) &&
         builtins_define(rt, string_proto, "@toStringTag", stag, PROPERTY_CONFIGURABLE);
}
