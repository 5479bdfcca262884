/*
 * factory.c - constructors of the engine's heap objects (arrays, maps,
 * symbols, accessor pairs, property cells, JS objects, code).
 * Invariant: every object leaves here fully initialized - each tagged field
 * holds a valid value - before the next allocation can run a GC.
 */
#include "objects/factory.h"

#include "base/flags.h"

rd_value factory_fixed_array_with_map(Runtime *rt, const rd_value *map_slot, uint32_t n,
                                      rd_value fill, AllocSpace where) {
  if (n > FIXED_ARRAY_MAX_LENGTH) return runtime_throw_range_error(rt, "Invalid array length");
  FixedArray *a = (FixedArray *)runtime_allocate(rt, fixed_array_size_for(n), where, map_slot);
  if (!a) return VALUE_EMPTY;
  a->length = value_from_int32((int32_t)n);
  for (uint32_t i = 0; i < n; i++) a->data[i] = fill;
  /* An array that ended up in old space and holds a young value needs its
   * slots recorded (ALLOC_YOUNG may be served from old or large space). */
  if (!heap_in_young(a))
    heap_write_barrier_range((HeapObject *)a, a->data, n);
  return value_from_ptr(a);
}

rd_value factory_fixed_array(Runtime *rt, uint32_t n, rd_value fill, AllocSpace where) {
  if (n == 0 && fill == VALUE_EMPTY) return ROOT(rt, empty_fixed_array);
  return factory_fixed_array_with_map(rt, ROOT_SLOT(rt, fixed_array_map), n, fill, where);
}

rd_value factory_copy_fixed_array(Runtime *rt, Handle src, uint32_t new_len, rd_value fill) {
  if (new_len > FIXED_ARRAY_MAX_LENGTH)
    return runtime_throw_range_error(rt, "Invalid array length");
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, FIXED_ARRAY(*src)->map);
  FixedArray *a =
      (FixedArray *)runtime_allocate(rt, fixed_array_size_for(new_len), ALLOC_YOUNG, map);
  if (!a) return VALUE_EMPTY;
  FixedArray *s = FIXED_ARRAY(*src);   /* re-read: the allocation may have moved it */
  uint32_t old_len = fixed_array_length(*src), n = MIN(old_len, new_len);
  a->length = value_from_int32((int32_t)new_len);
  memcpy(a->data, s->data, n * sizeof(rd_value));
  for (uint32_t i = n; i < new_len; i++) a->data[i] = fill;
  if (!heap_in_young(a)) heap_write_barrier_range((HeapObject *)a, a->data, new_len);
  return value_from_ptr(a);
}

rd_value factory_fixed_double_array(Runtime *rt, uint32_t n) {
  if (n == 0) return ROOT(rt, empty_fixed_double_array);
  if (n > FIXED_ARRAY_MAX_LENGTH) return runtime_throw_range_error(rt, "Invalid array length");
  FixedDoubleArray *a = (FixedDoubleArray *)runtime_allocate(
      rt, 16 + 8 * (size_t)n, ALLOC_YOUNG, ROOT_SLOT(rt, fixed_double_array_map));
  if (!a) return VALUE_EMPTY;
  a->length = value_from_int32((int32_t)n);
  for (uint32_t i = 0; i < n; i++) a->bits[i] = VALUE_HOLE_NAN_BITS;
  return value_from_ptr(a);
}

rd_value factory_byte_array(Runtime *rt, uint32_t n, AllocSpace where) {
  if (n > (uint32_t)1 << 30) return runtime_throw_range_error(rt, "Invalid array length");
  ByteArray *a = (ByteArray *)runtime_allocate(rt, ROUND_UP(16 + (size_t)n, 8), where,
                                               ROOT_SLOT(rt, byte_array_map));
  if (!a) return VALUE_EMPTY;
  a->length = value_from_int32((int32_t)n);
  memset(a->data, 0, ROUND_UP(16 + (size_t)n, 8) - 16);
  return value_from_ptr(a);
}

rd_value factory_map(Runtime *rt, InstanceType type, uint32_t instance_size,
                     uint32_t inobject_properties, Handle prototype) {
  CHECK(instance_size <= UINT16_MAX && inobject_properties <= UINT8_MAX);
  Map *m = (Map *)runtime_allocate(rt, sizeof(Map), ALLOC_OLD, ROOT_SLOT(rt, meta_map));
  if (!m) return VALUE_EMPTY;
  memset((char *)m + 8, 0, sizeof *m - 8);
  m->instance_type = (uint16_t)type;
  m->instance_size = (uint16_t)instance_size;
  m->body_start = 8;
  m->inobject_properties = (uint8_t)inobject_properties;
  m->inobject_start = (uint8_t)(type == TYPE_JS_ARRAY      ? JS_ARRAY_HEADER_WORDS
                                : type == TYPE_JS_FUNCTION ? JS_FUNCTION_HEADER_WORDS
                                : type == TYPE_JS_PRIMITIVE_WRAPPER ? JS_PRIMITIVE_WRAPPER_HEADER_WORDS
                                                           : JS_OBJECT_HEADER_WORDS);
  m->elements_kind = type == TYPE_JS_ARRAY ? ELEMENTS_PACKED_INT32 : ELEMENTS_HOLEY;
  m->bit_field = MAP_STABLE | MAP_EXTENSIBLE;
  m->prototype = prototype ? *prototype : VALUE_NULL;
  m->back_pointer = VALUE_UNDEFINED;
  m->descriptors = ROOT(rt, empty_descriptor_array);
  m->transitions = VALUE_UNDEFINED;
  m->dependent_code = ROOT(rt, empty_fixed_array);
  heap_write_barrier((HeapObject *)m, &m->prototype, m->prototype);
  return value_from_ptr(m);
}

int32_t factory_identity_hash(Runtime *rt) {
  /* xorshift32: identities hash by nothing but themselves, so any well-spread
   * non-zero value does. */
  uint32_t x = rt->symbol_hash_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  rt->symbol_hash_state = x;
  return (int32_t)(x | 1);
}

rd_value factory_symbol(Runtime *rt, Handle description, bool is_private) {
  Symbol *s = (Symbol *)runtime_allocate(rt, sizeof(Symbol), ALLOC_OLD, ROOT_SLOT(rt, symbol_map));
  if (!s) return VALUE_EMPTY;
  s->hash = value_from_int32(factory_identity_hash(rt));
  s->description = description ? *description : VALUE_UNDEFINED;
  s->flags = value_from_int32(is_private ? SYMBOL_PRIVATE : 0);
  heap_write_barrier((HeapObject *)s, &s->description, s->description);
  return value_from_ptr(s);
}

rd_value factory_accessor_pair(Runtime *rt, Handle getter, Handle setter) {
  AccessorPair *p = (AccessorPair *)runtime_allocate(rt, sizeof(AccessorPair), ALLOC_YOUNG,
                                                     ROOT_SLOT(rt, accessor_pair_map));
  if (!p) return VALUE_EMPTY;
  p->getter = getter ? *getter : VALUE_UNDEFINED;
  p->setter = setter ? *setter : VALUE_UNDEFINED;
  if (!heap_in_young(p)) heap_write_barrier_range((HeapObject *)p, &p->getter, 2);
  return value_from_ptr(p);
}

rd_value factory_property_cell(Runtime *rt, Handle name, Handle value) {
  PropertyCell *c = (PropertyCell *)runtime_allocate(rt, sizeof(PropertyCell), ALLOC_OLD,
                                                     ROOT_SLOT(rt, property_cell_map));
  if (!c) return VALUE_EMPTY;
  c->value = *value;
  c->name = *name;
  c->details = value_from_int32(0);
  c->dependent_code = ROOT(rt, empty_fixed_array);
  heap_write_barrier_range((HeapObject *)c, &c->value, 2);
  return value_from_ptr(c);
}

rd_value factory_js_object(Runtime *rt, Handle map) {
  Map *m = MAP(*map);
  ASSERT(instance_type_is_js_object((InstanceType)m->instance_type), "not a JS object map");
  JSObject *o = (JSObject *)runtime_allocate(rt, m->instance_size, ALLOC_YOUNG, map);
  if (!o) return VALUE_EMPTY;
  m = MAP(*map);
  o->properties = ROOT(rt, empty_fixed_array);
  o->elements = elements_kind_is_double((ElementsKind)m->elements_kind)
                    ? ROOT(rt, empty_fixed_double_array)
                    : ROOT(rt, empty_fixed_array);
  size_t words = m->instance_size / 8;
  for (size_t i = JS_OBJECT_HEADER_WORDS; i < words; i++) o->fields[i - JS_OBJECT_HEADER_WORDS] = VALUE_UNDEFINED;
  if (m->instance_type == TYPE_JS_ARRAY) JS_ARRAY(value_from_ptr(o))->length = value_from_int32(0);
  if (!heap_in_young(o)) heap_write_barrier_range((HeapObject *)o, &o->properties, words - 1);
  return value_from_ptr(o);
}

rd_value factory_code(Runtime *rt, const uint8_t *bytes, uint32_t n) {
  size_t size = ROUND_UP(sizeof(Code) + (size_t)n, 8);
  if (size > MAX_REGULAR_OBJECT_SIZE) return runtime_throw_range_error(rt, "code too large");
  Heap *h = &rt->heap;
  heap_code_write_begin(h);
  Code *c = (Code *)runtime_allocate(rt, size, ALLOC_CODE, ROOT_SLOT(rt, code_map));
  if (c) {
    c->size = (uint32_t)size;
    c->instruction_size = n;
    c->next_code_link = VALUE_EMPTY;
    c->shared_info = VALUE_UNDEFINED;
    c->deopt_data = ROOT(rt, empty_fixed_array);
    c->safepoints = ROOT(rt, empty_fixed_array);
    c->constants = ROOT(rt, empty_fixed_array);
    c->kind = c->flags = c->frame_slots = c->reserved = 0;
    memcpy(c->instructions, bytes, n);
    memset(c->instructions + n, 0, size - sizeof(Code) - n);
  }
  heap_code_write_end(h);
  return c ? value_from_ptr(c) : VALUE_EMPTY;
}
