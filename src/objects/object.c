/*
 * object.c - named properties of JS objects: canonical keys, lookup, [[Get]],
 * OrdinarySet, [[DefineOwnProperty]] (ValidateAndApplyPropertyDescriptor),
 * [[Delete]], [[OwnPropertyKeys]], prototypes, extensibility, and the switch
 * to dictionary mode. Index keys are handed to elements.c.
 *
 * Fast mode: the map's descriptors say where each property lives; fields
 * 0..inobject_properties-1 are in the object, the rest in the `properties`
 * FixedArray (grown by 1.5x + 4). Adding a property follows or creates a
 * transition, so objects built the same way share maps.
 *
 * Dictionary mode (MAP_DICTIONARY, a map of its own, `properties` a
 * NameDictionary whose enumeration indices keep insertion order) is entered
 * by object_normalize when:
 *   - a fast object with OBJECT_MAX_FAST_PROPERTIES (128) properties gets one more;
 *   - a property other than the last one added is deleted. Deleting the last
 *     one, when the map was made by adding it, just goes back to the parent
 *     map (the field slot is cleared; the overflow array keeps its slack);
 *   - an existing fast property changes attributes or kind, or an accessor
 *     gets a different pair (descriptor-located values are shared by every
 *     object of the map, so they are never changed in place);
 *   - an accessor is added whose existing transition holds a different pair.
 * Objects never go back to fast mode (a later issue may add that).
 * A prototype change uses a transition keyed by the new prototype, so objects
 * whose prototype changes the same way share maps.
 *
 * Exotic objects (MAP_EXOTIC): each public operation first tests that one
 * map bit and, if set, hands over to the hooks of the instance type
 * (object_exotic_hooks; a NULL hook falls through to the ordinary code).
 *
 * Invariant: a fast-mode object's field slots beyond its map's field count
 * hold undefined, and its overflow array has room for every field.
 */
#include "objects/object.h"

#include <math.h>
#include <stdlib.h>

#include "objects/bigint.h"
#include "objects/dictionary.h"
#include "objects/factory.h"
#include "objects/string.h"
#include "module/module.h"
#include "objects/proxy.h"
#include "objects/typed_array.h"
#include "runtime/ops.h"

/* Per instance type: the exotic hooks (every type whose maps carry MAP_EXOTIC). */
const ExoticHooks *const object_exotic_hooks[TYPE_COUNT] = {
    [TYPE_JS_MODULE_NAMESPACE] = &module_namespace_hooks,
    [TYPE_JS_ARGUMENTS] = &arguments_hooks,
    [TYPE_JS_PROXY] = &proxy_hooks,
    [TYPE_JS_TYPED_ARRAY] = &typed_array_hooks,
    [TYPE_JS_PRIMITIVE_WRAPPER] = &string_wrapper_hooks,   /* only String objects' maps are exotic */
};

static bool symbol_is_private(rd_value s) {
  return value_to_int32(((Symbol *)value_to_ptr(s))->flags) & SYMBOL_PRIVATE;
}

static Map *map_of(rd_value obj) { return heap_object_map(value_to_ptr(obj)); }

static bool is_js_array(rd_value obj) { return map_of(obj)->instance_type == TYPE_JS_ARRAY; }

/* Records that an object whose map was m changes shape: inline-cache
 * handlers that looked through prototypes (interp/ic.h) go stale when m
 * belongs to a prototype. Never allocates. */
static void note_shape_change(Runtime *rt, const Map *m) {
  if (m->bit_field & MAP_IS_PROTOTYPE) rt->proto_epoch++;
}

/* Dictionary values of MAP_PROPERTY_CELLS objects sit in PropertyCells. These
 * read and write entry e of obj's NameDictionary either way. Never allocate. */
static rd_value dict_value(rd_value obj, uint32_t e) {
  rd_value v = dictionary_value_at(JS_OBJECT(obj)->properties, e);
  if (map_of(obj)->bit_field & MAP_PROPERTY_CELLS) v = ((PropertyCell *)value_to_ptr(v))->value;
  return v;
}
static void dict_set_value(rd_value obj, uint32_t e, rd_value v) {
  rd_value dict = JS_OBJECT(obj)->properties;
  if (map_of(obj)->bit_field & MAP_PROPERTY_CELLS) {
    PropertyCell *c = (PropertyCell *)value_to_ptr(dictionary_value_at(dict, e));
    HEAP_STORE(c, c->value, v);
    return;
  }
  dictionary_set_value(dict, e, v);
}
static void dict_set_details(rd_value obj, uint32_t e, PropertyDetails d) {
  rd_value dict = JS_OBJECT(obj)->properties;
  dictionary_set_details(dict, e, d);
  if (map_of(obj)->bit_field & MAP_PROPERTY_CELLS)
    ((PropertyCell *)value_to_ptr(dictionary_value_at(dict, e)))->details = details_to_value(d);
}

/* --- keys ------------------------------------------------------------------------------ */
bool object_key_as_index(rd_value k, uint32_t *index) {
  if (value_is_int32(k)) {
    int32_t i = value_to_int32(k);
    if (i < 0) return false;
    *index = (uint32_t)i;
    return true;
  }
  if (value_is_double(k)) {
    double d = value_to_double(k);   /* -0 names index 0, as ToString(-0) is "0" */
    if (!(d >= 0 && d <= (double)ARRAY_INDEX_MAX) || d != floor(d)) return false;
    *index = (uint32_t)d;
    return true;
  }
  return false;
}

rd_value object_canonical_key(Runtime *rt, rd_value key) {
  uint32_t index;
  if (value_is_number(key)) {
    if (object_key_as_index(key, &index)) return value_from_number((double)index);
    rd_value s = string_from_number(rt, value_to_number(key));
    if (!s) return VALUE_EMPTY;
    HANDLE_SCOPE(rt);
    Handle h = handle_new(rt, s);
    return string_internalize(rt, h);
  }
  if (value_is_symbol(key)) return key;
  if (value_is_bigint(key)) {   /* its decimal string: "1" names index 1 */
    HANDLE_SCOPE(rt);
    Handle h = handle_new(rt, key);
    rd_value s = bigint_to_string(rt, h, 10);
    return s ? object_canonical_key(rt, s) : VALUE_EMPTY;
  }
  if (value_is_string(key)) {
    if (string_as_array_index(key, &index)) return value_from_number((double)index);
    if (instance_type_is_internalized(value_instance_type(key))) return key;
    HANDLE_SCOPE(rt);
    Handle h = handle_new(rt, key);
    return string_internalize(rt, h);
  }
  switch (key) {
    case VALUE_UNDEFINED: return string_internalize_cstr(rt, "undefined");
    case VALUE_NULL: return string_internalize_cstr(rt, "null");
    case VALUE_TRUE: return string_internalize_cstr(rt, "true");
    case VALUE_FALSE: return string_internalize_cstr(rt, "false");
    default: return runtime_throw_range_error(rt, "Invalid property key");
  }
}

/* --- lookup ------------------------------------------------------------------------------- */
bool object_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out) {
  out->kind = LOOKUP_NOT_FOUND;
  if (RD_UNLIKELY(object_is_exotic(obj)) && object_hooks(obj)->lookup_own)
    return object_hooks(obj)->lookup_own(rt, obj, key, out);
  return object_ordinary_lookup_own(rt, obj, key, out);
}

bool object_ordinary_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out) {
  uint32_t index;
  out->kind = LOOKUP_NOT_FOUND;
  if (object_key_as_index(key, &index)) {
    if (element_get_own(obj, index, &out->details) == VALUE_EMPTY) return false;
    out->kind = LOOKUP_ELEMENT;
    out->index = index;
    return true;
  }
  Map *m = map_of(obj);
  if (m->instance_type == TYPE_JS_ARRAY && key == ROOT(rt, length_string)) {
    out->kind = LOOKUP_ARRAY_LENGTH;
    out->details = details_make(m->bit_field & MAP_ARRAY_LENGTH_READONLY ? 0 : PROPERTY_WRITABLE,
                                PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD, REP_DOUBLE, 0);
    out->index = 0;
    return true;
  }
  if (m->bit_field & MAP_DICTIONARY) {
    rd_value dict = JS_OBJECT(obj)->properties;
    int32_t e = dictionary_find(dict, key);
    if (e < 0) return false;
    out->kind = LOOKUP_DICTIONARY;
    out->details = dictionary_details_at(dict, (uint32_t)e);
    out->index = (uint32_t)e;
    return true;
  }
  int32_t i = map_find_descriptor(value_from_ptr(m), key);
  if (i < 0) return false;
  out->details = map_descriptor_details(value_from_ptr(m), (uint32_t)i);
  out->kind = details_location(out->details) == PROPERTY_LOCATION_FIELD ? LOOKUP_FIELD
                                                                        : LOOKUP_DESCRIPTOR;
  out->index = (uint32_t)i;
  return true;
}

rd_value object_lookup_value(rd_value obj, const PropertyLookup *l) {
  switch (l->kind) {
    case LOOKUP_FIELD: return *object_field_slot(obj, details_index(l->details));
    case LOOKUP_DESCRIPTOR: return map_descriptor_value(value_from_ptr(map_of(obj)), l->index);
    case LOOKUP_DICTIONARY: return dict_value(obj, l->index);
    case LOOKUP_ELEMENT: return element_get_own(obj, l->index, NULL);
    case LOOKUP_ARRAY_LENGTH: return JS_ARRAY(obj)->length;
    case LOOKUP_EXOTIC: return object_hooks(obj)->lookup_value(obj, l);
    default: return VALUE_EMPTY;
  }
}

int object_get_own_property(Runtime *rt, Handle obj, Handle key, PropertyLookup *out, Handle value) {
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->get_own_property)
    return object_hooks(*obj)->get_own_property(rt, obj, key, out, value);
  if (!object_lookup_own(rt, *obj, *key, out)) return 0;
  *value = object_lookup_value(*obj, out);
  return 1;
}

rd_value object_new(Runtime *rt) { return factory_js_object(rt, ROOT_SLOT(rt, object_map)); }

rd_value object_get(Runtime *rt, Handle obj, Handle key) {
  ASSERT(value_is_js_object(*obj), "not a JS object");
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return VALUE_EMPTY;
  for (rd_value o = *obj; value_is_ptr(o); o = object_get_prototype(o)) {
    if (RD_UNLIKELY(object_is_exotic(o)) && object_hooks(o)->get_receiver) {
      HANDLE_SCOPE(rt);
      Handle ho = handle_new(rt, o), hk = handle_new(rt, k);
      return object_hooks(o)->get_receiver(rt, ho, hk, obj);
    }
    if (RD_UNLIKELY(object_is_exotic(o)) && object_hooks(o)->get) {
      HANDLE_SCOPE(rt);
      Handle ho = handle_new(rt, o), hk = handle_new(rt, k);
      return object_hooks(o)->get(rt, ho, hk);
    }
    PropertyLookup l;
    if (object_lookup_own(rt, o, k, &l)) return object_lookup_value(o, &l);
  }
  return VALUE_UNDEFINED;
}

/* --- writing ------------------------------------------------------------------------------------- */
/* Stores v into fast-mode descriptor i (a field), generalizing its representation. Never allocates. */
static void write_field(rd_value obj, uint32_t i, rd_value v) {
  rd_value map = value_from_ptr(map_of(obj));
  PropertyDetails d = map_descriptor_details(map, i);
  if (!representation_fits(details_rep(d), v)) map_generalize_field(map, i, representation_of(v));
  object_field_store(obj, details_index(d), v);
}

/* Makes obj's overflow array hold at least `need` fields. */
static bool ensure_overflow_capacity(Runtime *rt, Handle obj, uint32_t need) {
  uint32_t have = fixed_array_length(JS_OBJECT(*obj)->properties);
  if (need <= have) return true;
  HANDLE_SCOPE(rt);
  Handle props = handle_new(rt, JS_OBJECT(*obj)->properties);
  uint32_t len = MAX(need, have + have / 2 + 4);
  rd_value grown = factory_copy_fixed_array(rt, props, len, VALUE_UNDEFINED);
  if (!grown) return false;
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->properties, grown);
  return true;
}

/* Adds key to the NameDictionary of dictionary-mode obj (value: data or AccessorPair). */
static PropertyStatus add_to_dictionary(Runtime *rt, Handle obj, Handle key, Handle value,
                                        uint32_t attrs, PropertyKind kind) {
  HANDLE_SCOPE(rt);
  PropertyDetails details = details_make(attrs, kind, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0);
  if (map_of(*obj)->bit_field & MAP_PROPERTY_CELLS) {   /* the value goes into a new cell */
    rd_value c = factory_property_cell(rt, key, value);
    if (!c) return PROPERTY_EXCEPTION;
    ((PropertyCell *)value_to_ptr(c))->details = details_to_value(details);
    value = handle_new(rt, c);
  }
  Handle dict = handle_new(rt, JS_OBJECT(*obj)->properties);
  rd_value d = dictionary_add(rt, dict, key, value, details);
  if (!d) return PROPERTY_EXCEPTION;
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->properties, d);
  note_shape_change(rt, map_of(*obj));
  return PROPERTY_OK;
}

/* Adds own property key (canonical, absent from obj): a data property holding
 * *value, or an accessor whose AccessorPair is *value. */
static PropertyStatus add_property(Runtime *rt, Handle obj, Handle key, Handle value,
                                   uint32_t attrs, PropertyKind kind) {
  uint32_t index;
  if (kind == PROPERTY_KIND_ACCESSOR) attrs &= ~PROPERTY_WRITABLE;
  /* The identity hash is engine state, not a property: non-extensible objects get one too. */
  if (!object_is_extensible(*obj) && *key != ROOT(rt, identity_hash_symbol)) return PROPERTY_REJECTED;
  if (object_key_as_index(*key, &index))
    return element_define(rt, obj, index, value, details_make(attrs, kind, PROPERTY_LOCATION_FIELD,
                                                              REP_TAGGED, 0));
  if (!object_is_dictionary_mode(*obj) &&
      map_of(*obj)->own_descriptors >= OBJECT_MAX_FAST_PROPERTIES &&
      !object_normalize(rt, obj))
    return PROPERTY_EXCEPTION;
  if (object_is_dictionary_mode(*obj)) return add_to_dictionary(rt, obj, key, value, attrs, kind);

  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, value_from_ptr(map_of(*obj)));
  Representation rep = kind == PROPERTY_KIND_DATA ? representation_of(*value) : REP_TAGGED;
  rd_value t = map_transition_add(rt, map, key, attrs, kind, rep,
                                  kind == PROPERTY_KIND_ACCESSOR ? value : NULL);
  if (!t) return PROPERTY_EXCEPTION;
  if (t == VALUE_UNDEFINED) {   /* same accessor key, different pair */
    if (!object_normalize(rt, obj)) return PROPERTY_EXCEPTION;
    return add_to_dictionary(rt, obj, key, value, attrs, kind);
  }
  Handle target = handle_new(rt, t);
  uint32_t n = MAP(t)->own_descriptors - 1;
  PropertyDetails d = map_descriptor_details(t, n);
  if (kind == PROPERTY_KIND_DATA) {
    uint32_t inobject = MAP(t)->inobject_properties;
    if (details_index(d) >= inobject &&
        !ensure_overflow_capacity(rt, obj, details_index(d) - inobject + 1))
      return PROPERTY_EXCEPTION;
  }
  /* No allocation from here on. */
  note_shape_change(rt, map_of(*obj));
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->map, *target);
  if (kind == PROPERTY_KIND_DATA) write_field(*obj, n, *value);
  return PROPERTY_OK;
}

/* ToUint32(v) when it equals ToNumber(v) (a valid array length), else a RangeError. */
/* ArraySetLength's conversions: ToUint32(v), then ToNumber(v) again (an
 * object's valueOf runs twice, as the spec orders), a RangeError unless
 * they agree. */
static bool array_length_from_value(Runtime *rt, Handle v, uint32_t *out) {
  double d = 0, u = 0;
  for (int pass = 0; pass < 2; pass++) {
    if (value_is_number(*v)) {
      d = value_to_number(*v);
    } else {
      HANDLE_SCOPE(rt);
      Handle h = handle_new(rt, *v);
      rd_value n = js_to_number(rt, h);
      if (!n) return false;
      d = value_to_number(n);
    }
    if (pass == 0) u = d >= 0 && d <= 4294967295.0 && d == floor(d) ? d : -1;
    if (value_is_number(*v) || !value_is_js_object(*v)) break;   /* no second observable conversion */
  }
  if (u < 0 || u != d) {
    runtime_throw_range_error(rt, "Invalid array length");
    return false;
  }
  *out = (uint32_t)u;
  return true;
}

/* Writes an existing own writable data property found by l. */
static PropertyStatus write_existing(Runtime *rt, Handle obj, const PropertyLookup *l,
                                     Handle value) {
  switch (l->kind) {
    case LOOKUP_FIELD:
      write_field(*obj, l->index, *value);
      return PROPERTY_OK;
    case LOOKUP_DICTIONARY:
      dict_set_value(*obj, l->index, *value);
      return PROPERTY_OK;
    case LOOKUP_ELEMENT:
      return element_set(rt, obj, l->index, value);
    case LOOKUP_ARRAY_LENGTH: {
      uint32_t len;
      if (!array_length_from_value(rt, value, &len)) return PROPERTY_EXCEPTION;
      return array_set_length(rt, obj, len);
    }
    default:
      UNREACHABLE();
  }
}

PropertyStatus object_set(Runtime *rt, Handle obj, Handle key, Handle value, rd_value *pair_out) {
  ASSERT(value_is_js_object(*obj), "not a JS object");
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return PROPERTY_EXCEPTION;
  Handle hk = handle_new(rt, k);
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->set)
    return object_hooks(*obj)->set(rt, obj, hk, value, pair_out);
  return object_ordinary_set(rt, obj, hk, value, pair_out);
}

PropertyStatus object_ordinary_set(Runtime *rt, Handle obj, Handle hk, Handle value, rd_value *pair_out) {
  rd_value k = *hk;
  PropertyLookup l = {LOOKUP_NOT_FOUND, 0, 0};
  rd_value o = *obj;
  bool own = true;
  for (; value_is_ptr(o); o = object_get_prototype(o), own = false) {
    if (!own && RD_UNLIKELY(object_is_exotic(o)) && object_hooks(o)->set_receiver) {
      /* A Proxy on the chain: its [[Set]] decides, with obj as receiver. */
      HANDLE_SCOPE(rt);
      Handle ho = handle_new(rt, o);
      int r = object_hooks(o)->set_receiver(rt, ho, hk, value, obj);
      return r < 0 ? PROPERTY_EXCEPTION : r ? PROPERTY_OK : PROPERTY_REJECTED;
    }
    if (own ? object_ordinary_lookup_own(rt, o, k, &l) : object_lookup_own(rt, o, k, &l)) break;
  }
  if (l.kind != LOOKUP_NOT_FOUND) {
    if (details_kind(l.details) == PROPERTY_KIND_ACCESSOR) {
      rd_value pair = object_lookup_value(o, &l);
      if (((AccessorPair *)value_to_ptr(pair))->setter == VALUE_UNDEFINED) return PROPERTY_REJECTED;
      if (pair_out) *pair_out = pair;
      return PROPERTY_CALL_SETTER;
    }
    if (!details_writable(l.details)) return PROPERTY_REJECTED;
    if (own) return write_existing(rt, obj, &l, value);
  }
  return add_property(rt, obj, hk, value, PROPERTY_ATTRS_DEFAULT, PROPERTY_KIND_DATA);
}

/* --- dictionary mode ---------------------------------------------------------------------------- */
bool object_normalize(Runtime *rt, Handle obj) {
  if (object_is_dictionary_mode(*obj)) return true;
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, value_from_ptr(map_of(*obj)));
  uint32_t n = MAP(*map)->own_descriptors;
  rd_value d = name_dictionary_new(rt, n + 1);
  if (!d) return false;
  Handle dict = handle_new(rt, d), key = handle_new(rt, VALUE_UNDEFINED),
         value = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < n; i++) {
    PropertyDetails det = map_descriptor_details(*map, i);
    *key = map_descriptor_key(*map, i);
    *value = details_location(det) == PROPERTY_LOCATION_FIELD
                 ? *object_field_slot(*obj, details_index(det))
                 : map_descriptor_value(*map, i);
    d = dictionary_add(rt, dict, key, value,
                       details_make(details_attrs(det), details_kind(det),
                                    PROPERTY_LOCATION_FIELD, REP_TAGGED, 0));
    if (!d) return false;
    *dict = d;
  }
  rd_value nm = map_copy_dictionary(rt, map);
  if (!nm) return false;
  /* No allocation from here on. */
  rd_value o = *obj;
  Map *m = MAP(nm);
  for (uint32_t f = 0; f < m->inobject_properties; f++)
    ((rd_value *)value_to_ptr(o))[m->inobject_start + f] = VALUE_UNDEFINED;
  HEAP_STORE(value_to_ptr(o), JS_OBJECT(o)->properties, *dict);
  note_shape_change(rt, map_of(o));
  HEAP_STORE(value_to_ptr(o), JS_OBJECT(o)->map, nm);
  map_mark_unstable(rt, map);
  return true;
}

/* --- define ---------------------------------------------------------------------------------------- */
static bool same_value(rd_value a, rd_value b) {
  if (a == b) return true;
  if (value_is_number(a) && value_is_number(b)) {
    double x = value_to_number(a), y = value_to_number(b);
    if (x != x) return y != y;
    return x == y && signbit(x) == signbit(y);
  }
  if (value_is_string(a) && value_is_string(b)) return string_equals(a, b);
  if (value_is_bigint(a) && value_is_bigint(b)) return bigint_equals(a, b);
  return false;
}

typedef enum { VALIDATE_REJECT, VALIDATE_NO_CHANGE, VALIDATE_APPLY } Validation;

/* ValidateAndApplyPropertyDescriptor's checks against the current property
 * (complete descriptors only). For accessors `value` is unused and
 * getter/setter are compared. Never allocates. */
static Validation validate(rd_value current, PropertyDetails cur, PropertyKind kind,
                           uint32_t attrs, rd_value value, rd_value getter, rd_value setter) {
  if (details_configurable(cur)) return VALIDATE_APPLY;
  if (attrs & PROPERTY_CONFIGURABLE) return VALIDATE_REJECT;
  if (!(attrs & PROPERTY_ENUMERABLE) != !details_enumerable(cur)) return VALIDATE_REJECT;
  if (details_kind(cur) != kind) return VALIDATE_REJECT;
  if (kind == PROPERTY_KIND_ACCESSOR) {
    AccessorPair *p = (AccessorPair *)value_to_ptr(current);
    return p->getter == getter && p->setter == setter ? VALIDATE_NO_CHANGE : VALIDATE_REJECT;
  }
  if (details_writable(cur)) return VALIDATE_APPLY;
  if (attrs & PROPERTY_WRITABLE) return VALIDATE_REJECT;
  return same_value(current, value) ? VALIDATE_NO_CHANGE : VALIDATE_REJECT;
}

/* Applies a validated definition of existing property l (value: the data
 * value or the new AccessorPair). */
static PropertyStatus apply(Runtime *rt, Handle obj, Handle key, PropertyLookup l, Handle value,
                            uint32_t attrs, PropertyKind kind) {
  PropertyDetails nd = details_make(attrs, kind, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0);
  if (l.kind == LOOKUP_ELEMENT) return element_define(rt, obj, l.index, value, nd);
  if (l.kind == LOOKUP_FIELD && kind == PROPERTY_KIND_DATA && attrs == details_attrs(l.details)) {
    write_field(*obj, l.index, *value);
    return PROPERTY_OK;
  }
  if (l.kind != LOOKUP_DICTIONARY) {   /* a fast property changes attributes or kind */
    if (!object_normalize(rt, obj)) return PROPERTY_EXCEPTION;
    if (!object_lookup_own(rt, *obj, *key, &l)) UNREACHABLE();
  }
  dict_set_value(*obj, l.index, *value);
  dict_set_details(*obj, l.index, nd);
  note_shape_change(rt, map_of(*obj));
  return PROPERTY_OK;
}

int object_set_on_receiver(Runtime *rt, Handle receiver, Handle key, Handle v) {
  if (!value_is_js_object(*receiver)) return 0;
  HANDLE_SCOPE(rt);
  PropertyLookup l;
  Handle cur = handle_new(rt, VALUE_UNDEFINED);
  int has = object_get_own_property(rt, receiver, key, &l, cur);
  if (has < 0) return -1;
  uint32_t attrs = PROPERTY_ATTRS_DEFAULT;
  if (has) {
    if (details_kind(l.details) == PROPERTY_KIND_ACCESSOR || !details_writable(l.details)) return 0;
    attrs = details_attrs(l.details);   /* {[[Value]]: v} keeps the other attributes */
  }
  PropertyStatus st = object_define_own(rt, receiver, key, v, attrs);
  return st == PROPERTY_EXCEPTION ? -1 : st == PROPERTY_OK;
}

PropertyStatus object_define_own(Runtime *rt, Handle obj, Handle key, Handle value,
                                 uint32_t attrs) {
  ASSERT(value_is_js_object(*obj), "not a JS object");
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return PROPERTY_EXCEPTION;
  Handle hk = handle_new(rt, k);
  attrs &= PROPERTY_ATTRS_MASK;
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->define)
    return object_hooks(*obj)->define(rt, obj, hk, value, NULL, NULL, attrs);
  return object_ordinary_define_own(rt, obj, hk, value, attrs);
}

PropertyStatus object_ordinary_define_own(Runtime *rt, Handle obj, Handle hk, Handle value,
                                          uint32_t attrs) {
  HANDLE_SCOPE(rt);
  rd_value k = *hk;
  attrs &= PROPERTY_ATTRS_MASK;
  PropertyLookup l;
  if (!object_ordinary_lookup_own(rt, *obj, k, &l))
    return add_property(rt, obj, hk, value, attrs, PROPERTY_KIND_DATA);
  Validation v = validate(object_lookup_value(*obj, &l), l.details, PROPERTY_KIND_DATA, attrs,
                          *value, VALUE_EMPTY, VALUE_EMPTY);
  if (v == VALIDATE_REJECT) return PROPERTY_REJECTED;
  if (l.kind == LOOKUP_ARRAY_LENGTH) {
    /* A length is never enumerable or configurable; it may become read-only
     * (ArraySetLength: after the new length is set, even if that fell short). */
    if (attrs & ~PROPERTY_WRITABLE) return PROPERTY_REJECTED;
    uint32_t len;
    if (!array_length_from_value(rt, value, &len)) return PROPERTY_EXCEPTION;
    PropertyStatus st = array_set_length(rt, obj, len);
    if (st != PROPERTY_EXCEPTION && !(attrs & PROPERTY_WRITABLE) &&
        !(map_of(*obj)->bit_field & MAP_ARRAY_LENGTH_READONLY)) {
      if (map_of(*obj)->bit_field & MAP_DICTIONARY) {   /* its own map */
        map_of(*obj)->bit_field |= MAP_ARRAY_LENGTH_READONLY;
      } else {
        Handle map = handle_new(rt, value_from_ptr(map_of(*obj)));
        rd_value c = map_copy(rt, map);
        if (!c) return PROPERTY_EXCEPTION;
        MAP(c)->bit_field |= MAP_ARRAY_LENGTH_READONLY;
        note_shape_change(rt, map_of(*obj));
        HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->map, c);
      }
    }
    return st;
  }
  if (v == VALIDATE_NO_CHANGE) return PROPERTY_OK;
  return apply(rt, obj, hk, l, value, attrs, PROPERTY_KIND_DATA);
}

PropertyStatus object_define_accessor(Runtime *rt, Handle obj, Handle key, Handle getter,
                                      Handle setter, uint32_t attrs) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return PROPERTY_EXCEPTION;
  Handle hk = handle_new(rt, k);
  attrs &= PROPERTY_ENUMERABLE | PROPERTY_CONFIGURABLE;
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->define)
    return object_hooks(*obj)->define(rt, obj, hk, NULL, getter, setter, attrs);
  return object_ordinary_define_accessor(rt, obj, hk, getter, setter, attrs);
}

PropertyStatus object_ordinary_define_accessor(Runtime *rt, Handle obj, Handle hk, Handle getter,
                                               Handle setter, uint32_t attrs) {
  HANDLE_SCOPE(rt);
  attrs &= PROPERTY_ENUMERABLE | PROPERTY_CONFIGURABLE;
  PropertyLookup l;
  bool found = object_ordinary_lookup_own(rt, *obj, *hk, &l);
  if (found) {
    Validation v = validate(object_lookup_value(*obj, &l), l.details, PROPERTY_KIND_ACCESSOR,
                            attrs, VALUE_EMPTY, *getter, *setter);
    if (v == VALIDATE_REJECT) return PROPERTY_REJECTED;
    if (v == VALIDATE_NO_CHANGE) return PROPERTY_OK;
    if (l.kind == LOOKUP_ARRAY_LENGTH) return PROPERTY_REJECTED;
  } else if (!object_is_extensible(*obj)) {
    return PROPERTY_REJECTED;
  }
  rd_value p = factory_accessor_pair(rt, getter, setter);
  if (!p) return PROPERTY_EXCEPTION;
  Handle pair = handle_new(rt, p);
  if (!found) return add_property(rt, obj, hk, pair, attrs, PROPERTY_KIND_ACCESSOR);
  return apply(rt, obj, hk, l, pair, attrs, PROPERTY_KIND_ACCESSOR);
}

/* --- delete ---------------------------------------------------------------------------------------- */
PropertyStatus object_delete(Runtime *rt, Handle obj, Handle key) {
  ASSERT(value_is_js_object(*obj), "not a JS object");
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return PROPERTY_EXCEPTION;
  Handle hk = handle_new(rt, k);
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->delete_)
    return object_hooks(*obj)->delete_(rt, obj, hk);
  return object_ordinary_delete(rt, obj, hk);
}

PropertyStatus object_ordinary_delete(Runtime *rt, Handle obj, Handle hk) {
  PropertyLookup l;
  if (!object_ordinary_lookup_own(rt, *obj, *hk, &l)) return PROPERTY_OK;
  if (!details_configurable(l.details)) return PROPERTY_REJECTED;
  if (l.kind == LOOKUP_ELEMENT) return element_delete(rt, obj, l.index);
  if (l.kind == LOOKUP_FIELD || l.kind == LOOKUP_DESCRIPTOR) {
    Map *m = map_of(*obj);
    rd_value parent = m->back_pointer;
    if (l.index + 1 == m->own_descriptors && value_is_ptr(parent) &&
        MAP(parent)->own_descriptors == l.index) {
      /* The last property added: go back to the parent map. Never allocates. */
      Handle map = handle_new(rt, value_from_ptr(m));
      if (l.kind == LOOKUP_FIELD) *object_field_slot(*obj, details_index(l.details)) = VALUE_UNDEFINED;
      note_shape_change(rt, m);
      HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->map, parent);
      map_mark_unstable(rt, map);
      return PROPERTY_OK;
    }
    if (!object_normalize(rt, obj)) return PROPERTY_EXCEPTION;
    if (!object_ordinary_lookup_own(rt, *obj, *hk, &l)) UNREACHABLE();
  }
  if (map_of(*obj)->bit_field & MAP_PROPERTY_CELLS) {   /* ICs holding the cell must miss */
    PropertyCell *c = (PropertyCell *)value_to_ptr(dictionary_value_at(JS_OBJECT(*obj)->properties, l.index));
    c->details = details_to_value(details_from_value(c->details) | PROPERTY_CELL_INVALID);
  }
  dictionary_remove(JS_OBJECT(*obj)->properties, l.index);
  note_shape_change(rt, map_of(*obj));
  return PROPERTY_OK;
}

/* --- own keys ---------------------------------------------------------------------------------------- */
/* True if key (with details d) belongs in the pass for symbols/strings under filter. */
static bool key_wanted(rd_value key, PropertyDetails d, bool symbols, bool enumerable_only) {
  if (value_is_symbol(key) != symbols) return false;
  if (symbols && symbol_is_private(key)) return false;
  return !enumerable_only || details_enumerable(d);
}

/* Counts (out == VALUE_EMPTY) or stores from out[*pos] obj's named keys of one
 * pass in insertion order. Allocates nothing on the JS heap; false if malloc fails. */
static bool named_keys_pass(rd_value obj, bool symbols, bool enumerable_only, rd_value out,
                            uint32_t *pos) {
  if (object_is_dictionary_mode(obj)) {
    rd_value dict = JS_OBJECT(obj)->properties;
    uint32_t n;
    uint32_t *order = name_dictionary_enumeration_order(dict, &n);
    if (!order) return false;
    for (uint32_t i = 0; i < n; i++) {
      rd_value key = dictionary_key_at(dict, order[i]);
      if (!key_wanted(key, dictionary_details_at(dict, order[i]), symbols, enumerable_only))
        continue;
      if (out) HEAP_STORE(value_to_ptr(out), FIXED_ARRAY(out)->data[*pos], key);
      (*pos)++;
    }
    free(order);
    return true;
  }
  rd_value map = value_from_ptr(map_of(obj));
  for (uint32_t i = 0; i < MAP(map)->own_descriptors; i++) {
    rd_value key = map_descriptor_key(map, i);
    if (!key_wanted(key, map_descriptor_details(map, i), symbols, enumerable_only)) continue;
    if (out) HEAP_STORE(value_to_ptr(out), FIXED_ARRAY(out)->data[*pos], key);
    (*pos)++;
  }
  return true;
}

rd_value object_own_keys(Runtime *rt, Handle obj, KeysFilter filter) {
  ASSERT(value_is_js_object(*obj), "not a JS object");
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->own_keys)
    return object_hooks(*obj)->own_keys(rt, obj, filter);
  return object_ordinary_own_keys(rt, obj, filter);
}

rd_value object_ordinary_own_keys(Runtime *rt, Handle obj, KeysFilter filter) {
  bool enum_only = filter == KEYS_ENUMERABLE_STRINGS;
  uint32_t nelem = elements_count(*obj, enum_only), nnames = 0;
  bool has_length = is_js_array(*obj) && !enum_only;
  if (!named_keys_pass(*obj, false, enum_only, VALUE_EMPTY, &nnames) ||
      (!enum_only && !named_keys_pass(*obj, true, false, VALUE_EMPTY, &nnames)))
    return runtime_throw_oom(rt);
  uint32_t total = nelem + (has_length ? 1 : 0) + nnames;
  rd_value out = factory_fixed_array(rt, total, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!out) return VALUE_EMPTY;
  /* No JS-heap allocation from here on. */
  rd_value o = *obj;
  uint32_t pos = 0;
  if (nelem) {
    uint32_t *idx = malloc(sizeof(uint32_t) * nelem);
    if (!idx || !elements_collect_keys(o, enum_only, idx, nelem)) {
      free(idx);
      return runtime_throw_oom(rt);
    }
    for (uint32_t i = 0; i < nelem; i++)
      FIXED_ARRAY(out)->data[pos++] = value_from_number((double)idx[i]);
    free(idx);
  }
  if (has_length) HEAP_STORE(value_to_ptr(out), FIXED_ARRAY(out)->data[pos++], ROOT(rt, length_string));
  if (!named_keys_pass(o, false, enum_only, out, &pos) ||
      (!enum_only && !named_keys_pass(o, true, false, out, &pos)))
    return runtime_throw_oom(rt);
  ASSERT(pos == total, "own keys miscounted");
  return out;
}

/* --- prototype and extensibility ------------------------------------------------------------------------ */
bool object_make_prototype_map(Runtime *rt, Handle obj) {
  Map *m = map_of(*obj);
  if (m->bit_field & MAP_IS_PROTOTYPE) return true;
  if (m->bit_field & MAP_DICTIONARY) {   /* a dictionary map belongs to one object */
    m->bit_field |= MAP_IS_PROTOTYPE;
    return true;
  }
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, value_from_ptr(m));
  rd_value c = map_copy(rt, map);   /* a tree root of its own: no back pointer */
  if (!c) return false;
  MAP(c)->bit_field |= MAP_IS_PROTOTYPE;
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->map, c);
  return true;
}

rd_value object_prototype_of(Runtime *rt, Handle obj) {
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->get_prototype)
    return object_hooks(*obj)->get_prototype(rt, obj);
  return object_get_prototype(*obj);
}

int object_extensible(Runtime *rt, Handle obj) {
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->is_extensible)
    return object_hooks(*obj)->is_extensible(rt, obj);
  return object_is_extensible(*obj);
}

PropertyStatus object_set_prototype(Runtime *rt, Handle obj, Handle proto) {
  if (*proto != VALUE_NULL && !value_is_js_object(*proto)) return PROPERTY_REJECTED;
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->set_prototype)
    return object_hooks(*obj)->set_prototype(rt, obj, proto);
  if (object_get_prototype(*obj) == *proto) return PROPERTY_OK;
  if (*obj == ROOT(rt, object_prototype)) return PROPERTY_REJECTED;   /* immutable prototype (SetImmutablePrototype) */
  if (!object_is_extensible(*obj)) return PROPERTY_REJECTED;
  for (rd_value p = *proto; value_is_ptr(p); p = object_get_prototype(p))
    if (p == *obj) return PROPERTY_REJECTED;
  HANDLE_SCOPE(rt);
  if (value_is_ptr(*proto) && !object_make_prototype_map(rt, proto)) return PROPERTY_EXCEPTION;
  Handle map = handle_new(rt, value_from_ptr(map_of(*obj)));
  rd_value nm = map_transition_prototype(rt, map, proto);
  if (!nm) return PROPERTY_EXCEPTION;
  note_shape_change(rt, map_of(*obj));
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->map, nm);
  return PROPERTY_OK;
}

bool object_prevent_extensions(Runtime *rt, Handle obj) {
  if (RD_UNLIKELY(object_is_exotic(*obj)) && object_hooks(*obj)->prevent_extensions)
    return object_hooks(*obj)->prevent_extensions(rt, obj);
  return object_ordinary_prevent_extensions(rt, obj);
}

bool object_ordinary_prevent_extensions(Runtime *rt, Handle obj) {
  if (!object_is_extensible(*obj)) return true;
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, value_from_ptr(map_of(*obj)));
  rd_value nm = map_transition_prevent_extensions(rt, map);
  if (!nm) return false;
  HEAP_STORE(value_to_ptr(*obj), JS_OBJECT(*obj)->map, nm);
  return true;
}

/* --- identity hash ------------------------------------------------------------------------- */
int32_t object_identity_hash_peek(Runtime *rt, rd_value obj) {
  rd_value key = ROOT(rt, identity_hash_symbol);
  rd_value map = value_from_ptr(map_of(obj));
  if (!(MAP(map)->bit_field & MAP_DICTIONARY)) {
    /* Newest first: the hash usually comes after the object's own properties. */
    for (uint32_t i = MAP(map)->own_descriptors; i-- > 0;)
      if (map_descriptor_key(map, i) == key)
        return value_to_int32(*object_field_slot(obj, details_index(map_descriptor_details(map, i))));
    return 0;
  }
  PropertyLookup l;
  if (!object_ordinary_lookup_own(rt, obj, key, &l)) return 0;
  return value_to_int32(object_lookup_value(obj, &l));
}

int32_t object_identity_hash(Runtime *rt, Handle obj) {
  int32_t h = object_identity_hash_peek(rt, *obj);
  if (h) return h;
  HANDLE_SCOPE(rt);
  h = factory_identity_hash(rt);
  Handle key = handle_new(rt, ROOT(rt, identity_hash_symbol));
  Handle value = handle_new(rt, value_from_int32(h));
  /* The ordinary add, whatever the object's exotic hooks: the key is private. */
  if (add_property(rt, obj, key, value, 0, PROPERTY_KIND_DATA) != PROPERTY_OK) return 0;
  return h;
}
