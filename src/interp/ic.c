/*
 * ic.c - the miss paths of the inline caches (ic.h): each does the access
 * the generic way, works out a handler for the receiver's map, and moves
 * the site's slot along uninitialized -> monomorphic -> polymorphic ->
 * megamorphic, printing each transition under --trace-ic.
 *
 * Invariant: a handler is installed only after the generic access it
 * describes succeeded, and only if replaying it on any object of that map
 * (while the epochs it names hold) gives what the generic access would.
 */
#include "interp/ic.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/flags.h"
#include "objects/factory.h"
#include "objects/typed_array.h"

const char *const ic_handler_names[IC_HANDLER_COUNT] = {
#define X(name, str) str,
    IC_HANDLER_LIST(X)
#undef X
};

static rd_value slow_word(void) { return ic_word(IC_SLOW, 0, 0); }

/* --- tracing ------------------------------------------------------------------------- */
static const char *state_name(rd_value s) {
  if (s == value_from_int32(0)) return "uninitialized";
  if (s == FEEDBACK_MEGAMORPHIC) return "megamorphic";
  if (value_has_type(s, TYPE_FIXED_ARRAY)) return "polymorphic";
  return "monomorphic";
}

/* The kind name a handler (word or holder array) carries. */
static const char *handler_name(rd_value h) {
  if (!value_is_int32(h)) h = FIXED_ARRAY(h)->data[IC_HOLDER_WORD];
  uint32_t k = (uint32_t)value_to_int32(h) & IC_KIND_MASK;
  return k < IC_HANDLER_COUNT ? ic_handler_names[k] : "?";
}

/* Prints one --trace-ic line: site, key, old and new state, handler. */
static void trace(rd_value *fp, const char *site, rd_value key, rd_value old_state,
                  rd_value new_state, rd_value handler) {
  JSFunction *f = (JSFunction *)value_to_ptr(fp[FRAME_FUNCTION]);
  rd_value name = ((SharedFunctionInfo *)value_to_ptr(f->shared))->name;
  char *fn = value_is_string(name) ? string_to_utf8(name, NULL) : NULL;
  char *k = value_is_string(key) ? string_to_utf8(key, NULL) : NULL;
  printf("[%s in %s@%d '%s': %s -> %s, %s]\n", site, fn && *fn ? fn : "<anonymous>",
         value_to_int32(fp[FRAME_OFFSET]), k ? k : value_is_number(key) ? "<index>" : "<symbol>",
         state_name(old_state), state_name(new_state), handler ? handler_name(handler) : "cell");
  free(fn);
  free(k);
}

/* --- slot updates -------------------------------------------------------------------- */
static void store_word(rd_value fv, uint32_t i, rd_value v) {
  HEAP_STORE(value_to_ptr(fv), FIXED_ARRAY(fv)->data[i], v);
}

static void stub_insert(Runtime *rt, bool store, rd_value map, rd_value name, rd_value handler) {
  if (!value_is_ptr(name)) return;
  rd_value *e = ic_stub_entry(rt, store, map, name);
  e[0] = map;
  e[1] = name;
  e[2] = handler;
}

/* Records handler for map in slot (of the frame's vector); key is the
 * property, whose (map, key) handlers go to the stub cache too when `stub`. */
static bool update_slot(Runtime *rt, rd_value *fp, uint32_t slot, Handle map, Handle handler,
                        Handle key, bool stub, bool store, const char *site) {
  rd_value fv = fp[FRAME_FEEDBACK];
  if (!value_has_type(fv, TYPE_FEEDBACK_VECTOR)) return true;
  uint32_t w0 = feedback_slot_index(slot);
  rd_value old = FIXED_ARRAY(fv)->data[w0];
  rd_value next = old;
  if (old == value_from_int32(0) || old == *map) {
    store_word(fv, w0, *map);
    store_word(fv, w0 + 1, *handler);
    next = *map;
  } else if (old == FEEDBACK_MEGAMORPHIC) {
    if (stub) stub_insert(rt, store, *map, *key, *handler);
    return true;
  } else {
    HANDLE_SCOPE(rt);
    Handle oldh = handle_new(rt, old);
    uint32_t n = value_has_type(old, TYPE_FIXED_ARRAY) ? fixed_array_length(old) / 2 : 1;
    if (n > 1) {   /* polymorphic: replace this map's entry if present */
      FixedArray *p = FIXED_ARRAY(old);
      for (uint32_t i = 0; i < 2 * n; i += 2)
        if (p->data[i] == *map) {
          HEAP_STORE(p, p->data[i + 1], *handler);
          return true;
        }
    }
    if (n < IC_MAX_POLYMORPHIC) {
      rd_value a = factory_fixed_array(rt, 2 * (n + 1), VALUE_UNDEFINED, ALLOC_OLD);
      if (!a) return false;
      fv = fp[FRAME_FEEDBACK];
      FixedArray *na = FIXED_ARRAY(a);
      if (n == 1) {
        HEAP_STORE(na, na->data[0], *oldh);
        HEAP_STORE(na, na->data[1], FIXED_ARRAY(fv)->data[w0 + 1]);
      } else {
        for (uint32_t i = 0; i < 2 * n; i++) HEAP_STORE(na, na->data[i], FIXED_ARRAY(*oldh)->data[i]);
      }
      HEAP_STORE(na, na->data[2 * n], *map);
      HEAP_STORE(na, na->data[2 * n + 1], *handler);
      store_word(fv, w0, a);
      store_word(fv, w0 + 1, value_from_int32(0));
      next = a;
    } else {   /* polymorphic and full: megamorphic; known handlers seed the stub cache */
      FixedArray *p = FIXED_ARRAY(old);
      if (stub) {
        for (uint32_t i = 0; i < 2 * n; i += 2) stub_insert(rt, store, p->data[i], *key, p->data[i + 1]);
        stub_insert(rt, store, *map, *key, *handler);
      }
      store_word(fv, w0, FEEDBACK_MEGAMORPHIC);
      store_word(fv, w0 + 1, value_from_int32(0));
      next = FEEDBACK_MEGAMORPHIC;
    }
    old = *oldh;
  }
  if (FLAG_trace_ic && state_name(old) != state_name(next)) trace(fp, site, *key, old, next, *handler);
  return true;
}

/* --- handlers ------------------------------------------------------------------------- */
/* The word for reading or writing (store) the fast field found by l in an object of map m. */
static rd_value field_word(const Map *m, const PropertyLookup *l, bool store) {
  uint32_t f = details_index(l->details), index;
  ICHandlerKind kind;
  if (f < m->inobject_properties) {
    index = m->inobject_start + f;
    kind = store ? IC_STORE_INOBJECT : IC_LOAD_INOBJECT;
  } else {
    index = f - m->inobject_properties;
    kind = store ? IC_STORE_OVERFLOW : IC_LOAD_OVERFLOW;
  }
  if (index > IC_INDEX_MAX || l->index > IC_DESC_MAX) return slow_word();
  return ic_word(kind, l->index, index);
}

/* [word, object, epoch] under the current prototype epoch. */
static rd_value holder_handler(Runtime *rt, rd_value word, Handle object) {
  rd_value a = factory_fixed_array(rt, IC_HOLDER_SIZE, VALUE_UNDEFINED, ALLOC_OLD);
  if (!a) return VALUE_EMPTY;
  FixedArray *p = FIXED_ARRAY(a);
  p->data[IC_HOLDER_WORD] = word;
  HEAP_STORE(p, p->data[IC_HOLDER_OBJECT], *object);
  p->data[IC_HOLDER_EPOCH] = value_from_int32((int32_t)rt->proto_epoch);
  return a;
}

/* Gives every object on the prototype chain from *start a prototype map,
 * so that its shape changes move rt->proto_epoch. False on failure. */
static bool prepare_chain(Runtime *rt, rd_value start) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, start);
  while (value_is_js_object(*o)) {
    if (!object_make_prototype_map(rt, o)) return false;
    *o = object_get_prototype(*o);
  }
  return true;
}

/* True if an exotic object of map m has ordinary named (non-index)
 * properties: mapped arguments objects and String objects are exotic only
 * in their indices. */
static bool exotic_names_ordinary(const Map *m) {
  return m->instance_type == TYPE_JS_ARGUMENTS || m->instance_type == TYPE_JS_PRIMITIVE_WRAPPER;
}

/* True if key is a name an IC may cache (not an array index). */
static bool cacheable_name(rd_value key) { return value_is_ptr(key); }

/* The load handler for key on recv (IC_SLOW when it cannot be cached);
 * VALUE_EMPTY on failure. key is canonical. */
static rd_value load_handler(Runtime *rt, Handle recv, Handle key) {
  if (!cacheable_name(*key)) return slow_word();
  rd_value start;
  PropertyLookup l;
  if (value_is_string(*recv)) {
    if (*key == ROOT(rt, length_string)) return ic_word(IC_LOAD_STRING_LENGTH, 0, 0);
    start = js_primitive_prototype(rt, *recv);
  } else if (value_is_symbol(*recv) || value_is_bigint(*recv)) {   /* one map for all of them */
    start = js_primitive_prototype(rt, *recv);
  } else if (value_is_js_object(*recv)) {
    const Map *m = heap_object_map(value_to_ptr(*recv));
    if (m->bit_field & MAP_DICTIONARY) return slow_word();
    if ((m->bit_field & MAP_EXOTIC) && !exotic_names_ordinary(m)) return slow_word();
    if (object_lookup_own(rt, *recv, *key, &l)) {
      if (l.kind == LOOKUP_ARRAY_LENGTH) return ic_word(IC_LOAD_ARRAY_LENGTH, 0, 0);
      if (l.kind != LOOKUP_FIELD || details_kind(l.details) != PROPERTY_KIND_DATA) return slow_word();
      return field_word(m, &l, false);
    }
    start = m->prototype;
  } else {
    return slow_word();
  }
  if (!prepare_chain(rt, start)) return VALUE_EMPTY;
  start = value_is_js_object(*recv) ? heap_object_map(value_to_ptr(*recv))->prototype
                                    : js_primitive_prototype(rt, *recv);
  for (rd_value o = start; value_is_js_object(o); o = object_get_prototype(o)) {
    const Map *pm = heap_object_map(value_to_ptr(o));
    if (pm->bit_field & (MAP_EXOTIC | MAP_PROPERTY_CELLS)) return slow_word();
    if (!object_lookup_own(rt, o, *key, &l)) continue;
    if (details_kind(l.details) != PROPERTY_KIND_DATA) return slow_word();
    rd_value word = l.kind == LOOKUP_FIELD        ? field_word(pm, &l, false)
                    : l.kind == LOOKUP_DICTIONARY ? ic_word(IC_LOAD_DICT, 0, l.index)
                                                  : slow_word();
    if (l.kind == LOOKUP_DICTIONARY && l.index > IC_INDEX_MAX) return slow_word();
    if (word == slow_word()) return word;
    HANDLE_SCOPE(rt);
    return holder_handler(rt, word, handle_new(rt, o));
  }
  HANDLE_SCOPE(rt);
  return holder_handler(rt, ic_word(IC_LOAD_NONEXISTENT, 0, 0), handle_new(rt, VALUE_UNDEFINED));
}

/* The store handler for a store of key into recv that has just succeeded
 * and moved recv from old_map to its current map; IC_SLOW when it cannot
 * be cached, VALUE_EMPTY on failure. */
static rd_value store_handler(Runtime *rt, Handle recv, Handle key, Handle old_map, bool define) {
  if (!cacheable_name(*key) || !value_is_js_object(*recv)) return slow_word();
  const Map *om = MAP(*old_map);
  if (om->bit_field & MAP_DICTIONARY) return slow_word();
  if ((om->bit_field & MAP_EXOTIC) && !exotic_names_ordinary(om)) return slow_word();
  rd_value nmv = ic_map_of(*recv);
  const Map *nm = MAP(nmv);
  PropertyLookup l;
  if (nmv == *old_map) {   /* an existing field was written */
    if (!object_lookup_own(rt, *recv, *key, &l) || l.kind != LOOKUP_FIELD ||
        details_kind(l.details) != PROPERTY_KIND_DATA || !details_writable(l.details) ||
        (define && details_attrs(l.details) != PROPERTY_ATTRS_DEFAULT))
      return slow_word();
    return field_word(nm, &l, true);
  }
  /* A property was added: the map moved one transition down. */
  uint32_t n = om->own_descriptors;
  if (nm->back_pointer != *old_map || nm->own_descriptors != n + 1 ||
      (nm->bit_field & MAP_DICTIONARY) || (om->bit_field & MAP_IS_PROTOTYPE) ||
      map_descriptor_key(nmv, n) != *key)
    return slow_word();
  PropertyDetails d = map_descriptor_details(nmv, n);
  if (details_kind(d) != PROPERTY_KIND_DATA || details_location(d) != PROPERTY_LOCATION_FIELD ||
      details_attrs(d) != PROPERTY_ATTRS_DEFAULT)
    return slow_word();
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, nmv);
  if (!define) {   /* a setter or read-only property up the chain would have to run or refuse */
    if (!prepare_chain(rt, MAP(*old_map)->prototype)) return VALUE_EMPTY;
    for (rd_value o = MAP(*old_map)->prototype; value_is_js_object(o); o = object_get_prototype(o)) {
      if (heap_object_map(value_to_ptr(o))->bit_field & MAP_EXOTIC) return slow_word();
      if (object_lookup_own(rt, o, *key, &l) &&
          (details_kind(l.details) != PROPERTY_KIND_DATA || !details_writable(l.details)))
        return slow_word();
    }
  }
  const Map *tm = MAP(*target);
  PropertyLookup tl = {LOOKUP_FIELD, d, n};
  rd_value fw = field_word(tm, &tl, true);
  if (fw == slow_word()) return fw;
  uint32_t w = (uint32_t)value_to_int32(fw);
  ICHandlerKind kind = (w & IC_KIND_MASK) == IC_STORE_INOBJECT ? IC_TRANSITION_INOBJECT : IC_TRANSITION_OVERFLOW;
  return holder_handler(rt, ic_word(kind, n, w >> IC_INDEX_SHIFT), target);
}

/* --- named loads and stores ------------------------------------------------------------ */
rd_value ic_load_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle recv, Handle key) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return VALUE_EMPTY;
  Handle hk = handle_new(rt, k);
  if (value_is_ptr(*recv)) {
    Handle map = handle_new(rt, ic_map_of(*recv));
    rd_value h = load_handler(rt, recv, hk);
    if (!h) return VALUE_EMPTY;
    Handle hh = handle_new(rt, h);
    if (!update_slot(rt, fp, slot, map, hh, hk, true, false, "LoadIC")) return VALUE_EMPTY;
    rd_value v = ic_apply_load(rt, *recv, *hh);
    if (v) return v;
  }
  return js_get(rt, recv, hk);
}

bool ic_store_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle recv, Handle key, Handle value,
                   bool strict, bool define) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return false;
  Handle hk = handle_new(rt, k);
  Handle old_map = handle_new(rt, value_is_ptr(*recv) ? ic_map_of(*recv) : VALUE_UNDEFINED);
  if (define) {
    if (object_define_own(rt, recv, hk, value, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return false;
  } else if (!js_set(rt, recv, hk, value, strict)) {
    return false;
  }
  if (!value_is_js_object(*recv)) return true;
  rd_value h = store_handler(rt, recv, hk, old_map, define);
  if (!h) return false;
  Handle hh = handle_new(rt, h);
  /* A define handler skips the prototype chain: never into the stub cache. */
  return update_slot(rt, fp, slot, old_map, hh, hk, !define, true, define ? "DefineIC" : "StoreIC");
}

/* --- keyed loads and stores -------------------------------------------------------------- */
rd_value ic_typed_array_load(rd_value recv, uint32_t i) {
  BufferElementType t = typed_array_kind(recv);
  if (buffer_element_is_bigint(t) || (int64_t)i >= typed_array_length(recv)) return VALUE_EMPTY;
  return value_from_number(array_buffer_read_element(typed_array_data(recv) + (size_t)i * buffer_element_size[t], t, true));
}

/* recv[i] = v into typed array recv when v is a Number, the type is not a
 * BigInt one and i is in bounds (nothing to convert, nothing to run). */
static bool typed_array_store(rd_value recv, uint32_t i, rd_value v) {
  BufferElementType t = typed_array_kind(recv);
  if (!value_is_number(v) || buffer_element_is_bigint(t) || (int64_t)i >= typed_array_length(recv)) return false;
  array_buffer_write_element(typed_array_data(recv) + (size_t)i * buffer_element_size[t], t, value_to_number(v), true);
  return true;
}

bool ic_element_store(Runtime *rt, rd_value recv, uint32_t i, rd_value v) {
  const Map *m = heap_object_map(value_to_ptr(recv));
  if (!ic_fast_elements(m)) return m->instance_type == TYPE_JS_TYPED_ARRAY && typed_array_store(recv, i, v);
  rd_value store = JS_OBJECT(recv)->elements;
  uint32_t cap = fixed_array_length(store);
  bool is_array = m->instance_type == TYPE_JS_ARRAY;
  double len = is_array ? value_to_number(JS_ARRAY(recv)->length) : (double)cap;
  bool append = false;
  if ((double)i >= len) {   /* only an array's append within capacity */
    if (!is_array || (double)i != len || i >= cap ||
        (m->bit_field & (MAP_EXTENSIBLE | MAP_ARRAY_LENGTH_READONLY)) != MAP_EXTENSIBLE)
      return false;
    for (rd_value p = m->prototype; value_is_ptr(p); p = heap_object_map(value_to_ptr(p))->prototype) {
      const Map *pm = heap_object_map(value_to_ptr(p));
      if ((pm->bit_field & MAP_EXOTIC) || pm->elements_kind > ELEMENTS_HOLEY ||
          fixed_array_length(JS_OBJECT(p)->elements) != 0)
        return false;
    }
    append = true;
  } else if (i >= cap) {
    return false;
  }
  ElementsKind kind = (ElementsKind)m->elements_kind;
  if (kind == ELEMENTS_PACKED_DOUBLE || kind == ELEMENTS_HOLEY_DOUBLE) {
    FixedDoubleArray *d = FIXED_DOUBLE_ARRAY(store);
    if (!value_is_number(v) || (!append && d->bits[i] == VALUE_HOLE_NAN_BITS)) return false;
    double x = value_to_number(v);
    d->bits[i] = x != x ? VALUE_CANONICAL_NAN_BITS : double_bits(x);
  } else {
    FixedArray *a = FIXED_ARRAY(store);
    if (!append && a->data[i] == VALUE_EMPTY) return false;
    if (kind <= ELEMENTS_HOLEY_INT32 && !value_is_int32(v)) return false;
    heap_store((HeapObject *)a, &a->data[i], v);
  }
  if (append) JS_ARRAY(recv)->length = value_from_int32((int32_t)i + 1);
  return true;
}

rd_value ic_load_cached(Runtime *rt, Handle recv, Handle key) {
  if (value_is_ptr(*recv) && cacheable_name(*key)) {
    rd_value map = ic_map_of(*recv);
    rd_value h = ic_stub_lookup(rt, false, map, *key);
    rd_value v = h ? ic_apply_load(rt, *recv, h) : VALUE_EMPTY;
    if (v != VALUE_EMPTY && !value_has_type(v, TYPE_ACCESSOR_PAIR)) return v;
    if (!h) {
      HANDLE_SCOPE(rt);
      Handle hmap = handle_new(rt, map);
      rd_value nh = load_handler(rt, recv, key);
      if (!nh) return VALUE_EMPTY;
      stub_insert(rt, false, *hmap, *key, nh);
    }
  }
  return js_get(rt, recv, key);
}

rd_value ic_keyed_load_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle recv, Handle key) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return VALUE_EMPTY;
  Handle hk = handle_new(rt, k);
  if (value_is_ptr(*recv)) {
    Handle map = handle_new(rt, ic_map_of(*recv));
    if (cacheable_name(*hk)) {   /* obj[name]: the stub cache by (map, name) */
      rd_value h = load_handler(rt, recv, hk);
      if (!h) return VALUE_EMPTY;
      stub_insert(rt, false, *map, *hk, h);
      Handle slow = handle_new(rt, slow_word());
      if (!update_slot(rt, fp, slot, map, slow, hk, false, false, "KeyedLoadIC")) return VALUE_EMPTY;
    } else {
      uint32_t index;
      bool absent = value_is_js_object(*recv) && object_key_as_index(*hk, &index) &&
                    element_get_own(*recv, index, NULL) == VALUE_EMPTY;
      Handle el = handle_new(rt, ic_word(IC_ELEMENT, 0, absent ? IC_ELEMENT_OUT_OF_BOUNDS : 0));
      if (!update_slot(rt, fp, slot, map, el, hk, false, false, "KeyedLoadIC")) return VALUE_EMPTY;
    }
  }
  return js_get(rt, recv, hk);
}

bool ic_keyed_store_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle recv, Handle key,
                         Handle value, bool strict) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return false;
  Handle hk = handle_new(rt, k);
  Handle old_map = handle_new(rt, value_is_ptr(*recv) ? ic_map_of(*recv) : VALUE_UNDEFINED);
  uint32_t index;
  bool absent = value_is_js_object(*recv) && object_key_as_index(*hk, &index) &&
                element_get_own(*recv, index, NULL) == VALUE_EMPTY;   /* a hole or past the end: it grows */
  if (!js_set(rt, recv, hk, value, strict)) return false;
  if (!value_is_js_object(*recv)) return true;
  if (cacheable_name(*hk)) {
    rd_value h = store_handler(rt, recv, hk, old_map, false);
    if (!h) return false;
    stub_insert(rt, true, *old_map, *hk, h);
    Handle slow = handle_new(rt, slow_word());
    return update_slot(rt, fp, slot, old_map, slow, hk, false, true, "KeyedStoreIC");
  }
  Handle el = handle_new(rt, ic_word(IC_ELEMENT, 0, absent ? IC_ELEMENT_OUT_OF_BOUNDS : 0));
  return update_slot(rt, fp, slot, old_map, el, hk, false, true, "KeyedStoreIC");
}

/* --- globals ------------------------------------------------------------------------------- */
/* Caches cell (of binding name) in global slot `slot`. */
static void cache_cell(Runtime *rt, rd_value *fp, uint32_t slot, rd_value cell, rd_value name,
                       const char *site) {
  rd_value fv = fp[FRAME_FEEDBACK];
  if (!value_has_type(fv, TYPE_FEEDBACK_VECTOR)) return;
  rd_value *s = ic_slot(fv, slot);
  rd_value old = s[0];
  store_word(fv, feedback_slot_index(slot), cell);
  s = ic_slot(fv, slot);
  s[1] = value_from_int32((int32_t)rt->global_epoch);
  if (FLAG_trace_ic && old != cell) trace(fp, site, name, old, cell, VALUE_EMPTY);
}

/* Finds name among the own properties of cell-holding obj: its cell, or VALUE_EMPTY. */
static rd_value find_cell(Runtime *rt, rd_value obj, rd_value name, PropertyLookup *l) {
  if (!value_is_js_object(obj) || !(heap_object_map(value_to_ptr(obj))->bit_field & MAP_PROPERTY_CELLS))
    return VALUE_EMPTY;
  if (!object_lookup_own(rt, obj, name, l) || l->kind != LOOKUP_DICTIONARY) return VALUE_EMPTY;
  return dictionary_value_at(JS_OBJECT(obj)->properties, l->index);
}

rd_value ic_global_load_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle name, bool inside_typeof) {
  HANDLE_SCOPE(rt);
  PropertyLookup l;
  rd_value rec = interp_intrinsic(rt, INTRINSIC_script_context);
  rd_value cell = find_cell(rt, rec, *name, &l);
  if (cell) {   /* script let/const/class first */
    rd_value v = ((PropertyCell *)value_to_ptr(cell))->value;
    if (v == rec)
      return interp_throw_named(rt, ERROR_ReferenceError, "Cannot access '%s' before initialization", *name);
    cache_cell(rt, fp, slot, cell, *name, "LoadGlobalIC");
    return v;
  }
  cell = find_cell(rt, ROOT(rt, global_object), *name, &l);
  if (cell && details_kind(l.details) == PROPERTY_KIND_DATA) {
    cache_cell(rt, fp, slot, cell, *name, "LoadGlobalIC");
    return ((PropertyCell *)value_to_ptr(cell))->value;
  }
  rd_value has = js_has_property(rt, ROOT_SLOT(rt, global_object), name);
  if (has == VALUE_TRUE) return js_get(rt, ROOT_SLOT(rt, global_object), name);
  if (has == VALUE_FALSE && inside_typeof) return VALUE_UNDEFINED;
  if (has == VALUE_FALSE) return interp_throw_named(rt, ERROR_ReferenceError, "%s is not defined", *name);
  return VALUE_EMPTY;
}

bool ic_global_store_miss(Runtime *rt, rd_value *fp, uint32_t slot, Handle name, Handle value, bool strict) {
  HANDLE_SCOPE(rt);
  PropertyLookup l;
  rd_value rec = interp_intrinsic(rt, INTRINSIC_script_context);
  rd_value cell = find_cell(rt, rec, *name, &l);
  if (cell) {
    rd_value v = ((PropertyCell *)value_to_ptr(cell))->value;
    if (v == rec) {
      interp_throw_named(rt, ERROR_ReferenceError, "Cannot access '%s' before initialization", *name);
      return false;
    }
    if (!details_writable(l.details)) {
      interp_throw_named(rt, ERROR_TypeError, "Assignment to constant variable '%s'.", *name);
      return false;
    }
    PropertyCell *c = (PropertyCell *)value_to_ptr(cell);
    HEAP_STORE(c, c->value, *value);
    cache_cell(rt, fp, slot, cell, *name, "StoreGlobalIC");
    return true;
  }
  Handle global = handle_new(rt, ROOT(rt, global_object));
  cell = find_cell(rt, *global, *name, &l);
  if (cell && details_kind(l.details) == PROPERTY_KIND_DATA && details_writable(l.details)) {
    PropertyCell *c = (PropertyCell *)value_to_ptr(cell);
    HEAP_STORE(c, c->value, *value);
    cache_cell(rt, fp, slot, cell, *name, "StoreGlobalIC");
    return true;
  }
  if (strict) {
    rd_value has = js_has_property(rt, global, name);
    if (has == VALUE_FALSE) interp_throw_named(rt, ERROR_ReferenceError, "%s is not defined", *name);
    if (has != VALUE_TRUE) return false;
  }
  return js_set(rt, global, name, value, strict);
}
