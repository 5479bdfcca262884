/*
 * arguments.c - arguments objects (ES 10.4.4) and %ThrowTypeError%.
 *
 * An arguments object is a JS_ARGUMENTS object made by copying one of
 * three boilerplates (strict, sloppy unmapped, sloppy mapped), so creating
 * one is an allocation and a few field stores. The own properties length,
 * callee and @@iterator are in-object fields of the boilerplate's map
 * (strict code: callee is an accessor pair of %ThrowTypeError%).
 *
 * A mapped arguments object (sloppy code with simple parameters) aliases
 * arguments[i] with parameter i, which the scope analysis put in the
 * function's context (scope_maps_arguments): `mapping[i]` names the context
 * slot while index i stays mapped. Invariant: while i is mapped, element i
 * exists, is a writable configurable data element, and the context slot
 * holds its current value (the element store's copy may be stale; every
 * hook below reads the slot).
 */
#include "interp/interp_ops.h"

#include "builtins/builtins.h"
#include "objects/dictionary.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"

#define ARGUMENTS(v) ((JSArguments *)value_to_ptr(v))

/* --- %ThrowTypeError% ------------------------------------------------------------------ */
static rd_value throw_type_error(Runtime *rt, NativeArgs *a) {
  (void)a;
  return js_throw(rt, ERROR_TypeError,
                  "'caller', 'callee', and 'arguments' properties may not be accessed on strict mode "
                  "functions or the arguments objects for calls to them");
}

rd_value interp_throw_type_error(Runtime *rt) {
  rd_value f = interp_intrinsic(rt, INTRINSIC_throw_type_error);
  if (value_is_js_object(f)) return f;
  HANDLE_SCOPE(rt);
  f = builtins_function(rt, "", throw_type_error, 0);
  if (!f) return VALUE_EMPTY;
  Handle hf = handle_new(rt, f);
  /* A frozen function: length and name read-only, not extensible. */
  static const char *const keys[] = {"length", "name"};
  for (int i = 0; i < 2; i++) {
    Handle k = handle_new(rt, string_internalize_cstr(rt, keys[i]));
    if (!*k) return VALUE_EMPTY;
    PropertyLookup l;
    if (!object_lookup_own(rt, *hf, *k, &l)) continue;
    Handle v = handle_new(rt, object_lookup_value(*hf, &l));
    if (object_define_own(rt, hf, k, v, 0) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  }
  if (!object_prevent_extensions(rt, hf)) return VALUE_EMPTY;
  interp_set_intrinsic(rt, INTRINSIC_throw_type_error, *hf);
  return *hf;
}

/* --- boilerplates ------------------------------------------------------------------------- */
/* The boilerplate object of kind `which` (one of the *_arguments_map
 * intrinsics, which hold the boilerplate whose map new objects share),
 * made on first use. */
static rd_value boilerplate(Runtime *rt, IntrinsicIndex which) {
  rd_value b = interp_intrinsic(rt, which);
  if (value_is_js_object(b)) return b;
  HANDLE_SCOPE(rt);
  rd_value m = factory_map(rt, TYPE_JS_ARGUMENTS, 8 * (JS_ARGUMENTS_HEADER_WORDS + 3), 3,
                           ROOT_SLOT(rt, object_prototype));
  if (!m) return VALUE_EMPTY;
  MAP(m)->inobject_start = JS_ARGUMENTS_HEADER_WORDS;
  if (which == INTRINSIC_mapped_arguments_map) MAP(m)->bit_field |= MAP_EXOTIC;
  Handle map = handle_new(rt, m);
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  ARGUMENTS(*o)->context = VALUE_UNDEFINED;
  ARGUMENTS(*o)->mapping = VALUE_UNDEFINED;
  Handle zero = handle_new(rt, value_from_int32(0));
  if (object_define_own(rt, o, ROOT_SLOT(rt, length_string), zero,
                        PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  Handle callee = handle_new(rt, string_internalize_cstr(rt, "callee"));
  if (!*callee) return VALUE_EMPTY;
  if (which == INTRINSIC_strict_arguments_map) {
    Handle thrower = handle_new(rt, interp_throw_type_error(rt));
    if (!*thrower || object_define_accessor(rt, o, callee, thrower, thrower, 0) == PROPERTY_EXCEPTION)
      return VALUE_EMPTY;
  } else {   /* a function-valued placeholder: the field's representation is heap-object */
    Handle placeholder = handle_new(rt, interp_throw_type_error(rt));
    if (!*placeholder || object_define_own(rt, o, callee, placeholder,
                                           PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) == PROPERTY_EXCEPTION)
      return VALUE_EMPTY;
  }
  /* @@iterator: %Array.prototype.values% */
  Handle values_key = handle_new(rt, string_internalize_cstr(rt, "values"));
  if (!*values_key) return VALUE_EMPTY;
  Handle values = handle_new(rt, js_get(rt, ROOT_SLOT(rt, array_prototype), values_key));
  if (!*values || object_define_own(rt, o, ROOT_SLOT(rt, symbol_iterator), values,
                                    PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  interp_set_intrinsic(rt, which, *o);
  return *o;
}

rd_value interp_arguments_object(Runtime *rt, const rd_value *args, uint32_t argc, Handle callee,
                                 Handle ctx, Handle parameter_map) {
  HANDLE_SCOPE(rt);
  IntrinsicIndex which = !callee        ? INTRINSIC_strict_arguments_map
                         : parameter_map ? INTRINSIC_mapped_arguments_map
                                         : INTRINSIC_sloppy_arguments_map;
  Handle bp = handle_new(rt, boilerplate(rt, which));
  if (!*bp) return VALUE_EMPTY;
  Handle elements = handle_new(rt, factory_fixed_array(rt, argc, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*elements) return VALUE_EMPTY;
  for (uint32_t i = 0; i < argc; i++) HEAP_STORE(value_to_ptr(*elements), FIXED_ARRAY(*elements)->data[i], args[i]);
  Handle mapping = handle_new(rt, VALUE_UNDEFINED);
  if (parameter_map) {   /* this activation's copy: entries are unmapped one by one */
    uint32_t n = MIN(argc, fixed_array_length(*parameter_map));
    *mapping = factory_fixed_array(rt, n, value_from_int32(-1), ALLOC_YOUNG);
    if (!*mapping) return VALUE_EMPTY;
    for (uint32_t i = 0; i < n; i++) FIXED_ARRAY(*mapping)->data[i] = FIXED_ARRAY(*parameter_map)->data[i];
  }
  Handle map = handle_new(rt, ((HeapObject *)value_to_ptr(*bp))->map);
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  /* No allocation from here on: copy the boilerplate's fields, then fill in. */
  JSArguments *a = ARGUMENTS(o);
  const Map *m = MAP(*map);
  for (uint32_t f = 0; f < m->inobject_properties; f++)
    a->fields[f] = ARGUMENTS(*bp)->fields[f];
  HEAP_STORE(a, a->elements, *elements);
  HEAP_STORE(a, a->context, parameter_map ? *ctx : VALUE_UNDEFINED);
  HEAP_STORE(a, a->mapping, *mapping);
  a->fields[0] = value_from_int32((int32_t)argc);   /* length, then callee: descriptor order */
  if (callee) HEAP_STORE(a, a->fields[1], *callee);
  heap_write_barrier_range((HeapObject *)a, a->fields, m->inobject_properties);
  return o;
}

/* --- the mapped arguments exotic object ------------------------------------------------------ */
/* If canonical key is a mapped index of obj: its index and context slot. */
static bool mapped(rd_value obj, rd_value key, uint32_t *index, uint32_t *slot) {
  rd_value mapping = ARGUMENTS(obj)->mapping;
  uint32_t i;
  if (!value_is_ptr(mapping) || !object_key_as_index(key, &i) || i >= fixed_array_length(mapping))
    return false;
  int32_t s = value_to_int32(FIXED_ARRAY(mapping)->data[i]);
  if (s < 0) return false;
  *index = i;
  *slot = (uint32_t)s;
  return true;
}

static rd_value *slot_of(rd_value obj, uint32_t slot) {
  return &FIXED_ARRAY(ARGUMENTS(obj)->context)->data[slot];
}

static void unmap(rd_value obj, uint32_t index) {
  FIXED_ARRAY(ARGUMENTS(obj)->mapping)->data[index] = value_from_int32(-1);
}

/* [[GetOwnProperty]]: a mapped element reads the parameter. */
static bool args_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out) {
  if (!object_ordinary_lookup_own(rt, obj, key, out)) return false;
  uint32_t i, s;
  if (out->kind == LOOKUP_ELEMENT && mapped(obj, key, &i, &s)) out->kind = LOOKUP_EXOTIC;
  return true;
}

static rd_value args_lookup_value(rd_value obj, const PropertyLookup *l) {
  return element_get_own(obj, l->index, NULL);   /* it reads mapped elements' parameters */
}

/* Copies the parameter's value into the element store (before an ordinary
 * operation looks at the element). Never allocates. */
static void sync(rd_value obj, uint32_t index, uint32_t slot) {
  rd_value store = JS_OBJECT(obj)->elements;
  ElementsKind kind = object_elements_kind(obj);
  if (kind == ELEMENTS_DICTIONARY) {
    int32_t e = dictionary_find(store, value_from_number((double)index));
    if (e >= 0) dictionary_set_value(store, (uint32_t)e, *slot_of(obj, slot));
  } else if (!elements_kind_is_double(kind) && index < fixed_array_length(store)) {
    HEAP_STORE(value_to_ptr(store), FIXED_ARRAY(store)->data[index], *slot_of(obj, slot));
  }
}

/* [[Set]] (receiver = the object): a mapped element writes the parameter too. */
static PropertyStatus args_set(Runtime *rt, Handle obj, Handle key, Handle value, rd_value *pair_out) {
  uint32_t i, s;
  if (mapped(*obj, *key, &i, &s)) {
    rd_value ctx = ARGUMENTS(*obj)->context;
    HEAP_STORE(value_to_ptr(ctx), FIXED_ARRAY(ctx)->data[s], *value);
  }
  return object_ordinary_set(rt, obj, key, value, pair_out);
}

/* [[DefineOwnProperty]]: an accessor or a read-only value ends the mapping. */
static PropertyStatus args_define(Runtime *rt, Handle obj, Handle key, Handle value, Handle getter,
                                  Handle setter, uint32_t attrs) {
  uint32_t i, s;
  bool is_mapped = mapped(*obj, *key, &i, &s);
  if (is_mapped) sync(*obj, i, s);
  PropertyStatus st = getter || setter
                          ? object_ordinary_define_accessor(rt, obj, key, getter, setter, attrs)
                          : object_ordinary_define_own(rt, obj, key, value, attrs);
  if (st != PROPERTY_OK || !is_mapped) return st;
  if (getter || setter) {
    unmap(*obj, i);
  } else {
    rd_value ctx = ARGUMENTS(*obj)->context;
    HEAP_STORE(value_to_ptr(ctx), FIXED_ARRAY(ctx)->data[s], *value);
    if (!(attrs & PROPERTY_WRITABLE)) unmap(*obj, i);
  }
  return PROPERTY_OK;
}

static PropertyStatus args_delete(Runtime *rt, Handle obj, Handle key) {
  uint32_t i, s;
  bool is_mapped = mapped(*obj, *key, &i, &s);
  PropertyStatus st = object_ordinary_delete(rt, obj, key);
  if (st == PROPERTY_OK && is_mapped) unmap(*obj, i);
  return st;
}

const ExoticHooks arguments_hooks = {
    .lookup_own = args_lookup_own,
    .lookup_value = args_lookup_value,
    .set = args_set,
    .define = args_define,
    .delete_ = args_delete,
};
