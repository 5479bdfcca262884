/*
 * test_objects.c - named properties and maps: shared transitions, in-object
 * and overflow fields, representation generalization, dictionary mode (after
 * delete and after > 128 properties), own-keys order, prototype chains and
 * the read-only rule, non-extensible objects, define/delete validation,
 * accessors, and a GC stress test checking every value after collections.
 */
#include <math.h>
#include <stdio.h>

#include "objects/dictionary.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "test.h"

/* --- helpers (the handles they make live in the caller's scope) --- */
static Handle key(Runtime *rt, const char *s) {
  rd_value k = string_internalize_cstr(rt, s);
  CHECK(k != VALUE_EMPTY);
  return handle_new(rt, k);
}
static Handle num(Runtime *rt, double d) { return handle_new(rt, value_from_number(d)); }
static Handle new_object(Runtime *rt) {
  rd_value o = object_new(rt);
  CHECK(o != VALUE_EMPTY);
  return handle_new(rt, o);
}
static PropertyStatus set(Runtime *rt, Handle o, const char *k, rd_value v) {
  HANDLE_SCOPE(rt);
  Handle hv = handle_new(rt, v);
  return object_set(rt, o, key(rt, k), hv, NULL);
}
static rd_value get(Runtime *rt, Handle o, const char *k) {
  HANDLE_SCOPE(rt);
  return object_get(rt, o, key(rt, k));
}
static rd_value map_of(rd_value o) { return value_from_ptr(heap_object_map(value_to_ptr(o))); }
/* Representation of property k in o's (fast) map. */
static Representation rep_of(Runtime *rt, Handle o, const char *k) {
  HANDLE_SCOPE(rt);
  Handle hk = key(rt, k);
  PropertyLookup l;
  CHECK(object_lookup_own(rt, *o, *hk, &l) && l.kind == LOOKUP_FIELD);
  return details_rep(l.details);
}
static bool key_is(rd_value k, const char *s) { return value_is_string(k) && string_equals_cstr(k, s); }
static char *name(char *buf, const char *prefix, int i) {
  snprintf(buf, 32, "%s%d", prefix, i);
  return buf;
}

TEST(objects_transitions_shared) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle a = new_object(rt), b = new_object(rt), c = new_object(rt), d = new_object(rt);
    EXPECT(map_of(*a) == ROOT(rt, object_map));
    EXPECT(set(rt, a, "x", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, a, "y", value_from_int32(2)) == PROPERTY_OK);
    EXPECT(set(rt, b, "x", value_from_int32(10)) == PROPERTY_OK);
    EXPECT(set(rt, b, "y", value_from_int32(20)) == PROPERTY_OK);
    EXPECT(map_of(*a) == map_of(*b));
    EXPECT(MAP(map_of(*a))->own_descriptors == 2);
    /* a different order gives a different map */
    EXPECT(set(rt, c, "y", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, c, "x", value_from_int32(2)) == PROPERTY_OK);
    EXPECT(map_of(*c) != map_of(*a));
    /* a prefix shares the parent map */
    EXPECT(set(rt, d, "x", value_from_int32(5)) == PROPERTY_OK);
    EXPECT(map_of(*d) == MAP(map_of(*a))->back_pointer);
    EXPECT(MAP(map_of(*d))->back_pointer == ROOT(rt, object_map));
    /* taking a new transition from a map makes it unstable; leaves stay stable */
    EXPECT(!(MAP(ROOT(rt, object_map))->bit_field & MAP_STABLE));
    EXPECT(!(MAP(map_of(*d))->bit_field & MAP_STABLE));
    EXPECT(MAP(map_of(*a))->bit_field & MAP_STABLE);
    /* descriptor arrays are shared along the chain */
    EXPECT(MAP(map_of(*a))->descriptors == MAP(map_of(*d))->descriptors);
    EXPECT(value_to_int32(get(rt, a, "x")) == 1 && value_to_int32(get(rt, b, "y")) == 20);
    EXPECT(value_to_int32(get(rt, c, "x")) == 2 && value_to_int32(get(rt, c, "y")) == 1);
    EXPECT(get(rt, d, "y") == VALUE_UNDEFINED);
  }
  rd_runtime_free(rt);
}

TEST(objects_inobject_then_overflow) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle o = new_object(rt), o2 = new_object(rt);
    char buf[32];
    for (int i = 0; i < 20; i++) {
      EXPECT(set(rt, o, name(buf, "p", i), value_from_int32(i * 3)) == PROPERTY_OK);
      EXPECT(set(rt, o2, name(buf, "p", i), value_from_int32(-i)) == PROPERTY_OK);
    }
    EXPECT(!object_is_dictionary_mode(*o));
    EXPECT(map_of(*o) == map_of(*o2));
    uint32_t inobject = MAP(map_of(*o))->inobject_properties;
    EXPECT_EQ_INT(inobject, 4);
    EXPECT(fixed_array_length(JS_OBJECT(*o)->properties) >= 16);
    for (int i = 0; i < 20; i++) {
      HANDLE_SCOPE(rt);
      Handle k = key(rt, name(buf, "p", i));
      PropertyLookup l;
      EXPECT(object_lookup_own(rt, *o, *k, &l) && l.kind == LOOKUP_FIELD);
      EXPECT_EQ_INT(details_index(l.details), i);
      /* the first fields are in the object, the rest in the overflow array */
      rd_value *slot = object_field_slot(*o, (uint32_t)i);
      if (i < 4)
        EXPECT(slot == &JS_OBJECT(*o)->fields[i]);
      else
        EXPECT(slot == &FIXED_ARRAY(JS_OBJECT(*o)->properties)->data[i - 4]);
      EXPECT_EQ_INT(value_to_int32(object_get(rt, o, k)), i * 3);
      EXPECT_EQ_INT(value_to_int32(object_get(rt, o2, k)), -i);
    }
  }
  rd_runtime_free(rt);
}

TEST(objects_representation_generalization) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle a = new_object(rt), b = new_object(rt), c = new_object(rt), e = new_object(rt);
    EXPECT(set(rt, a, "x", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, a, "z", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, b, "x", value_from_int32(2)) == PROPERTY_OK);
    EXPECT(rep_of(rt, a, "x") == REP_INT32 && rep_of(rt, b, "x") == REP_INT32);
    /* b's map introduced x: generalizing there reaches a's map below it */
    EXPECT(set(rt, b, "x", value_from_double_raw(2.5)) == PROPERTY_OK);
    EXPECT(rep_of(rt, b, "x") == REP_DOUBLE);
    EXPECT(rep_of(rt, a, "x") == REP_DOUBLE);
    EXPECT(rep_of(rt, a, "z") == REP_INT32);
    EXPECT(MAP(map_of(*a))->back_pointer == map_of(*b));   /* no new map */
    /* an int32 still fits a double field */
    EXPECT(set(rt, b, "x", value_from_int32(7)) == PROPERTY_OK);
    EXPECT(rep_of(rt, b, "x") == REP_DOUBLE);
    /* a new object adding a double where the transition has int32... */
    EXPECT(set(rt, c, "x", value_from_double_raw(0.5)) == PROPERTY_OK);
    EXPECT(map_of(*c) == map_of(*b));
    /* ...and a string generalizes to tagged everywhere */
    EXPECT(set(rt, a, "x", ROOT(rt, length_string)) == PROPERTY_OK);
    EXPECT(rep_of(rt, a, "x") == REP_TAGGED && rep_of(rt, b, "x") == REP_TAGGED);
    EXPECT(value_to_number(get(rt, b, "x")) == 7 && value_to_number(get(rt, c, "x")) == 0.5);
    /* heap-object -> tagged */
    EXPECT(set(rt, e, "h", *a) == PROPERTY_OK);
    EXPECT(rep_of(rt, e, "h") == REP_HEAP_OBJECT);
    EXPECT(set(rt, e, "h", VALUE_TRUE) == PROPERTY_OK);
    EXPECT(rep_of(rt, e, "h") == REP_TAGGED);
    EXPECT(get(rt, e, "h") == VALUE_TRUE);
    /* the generalization reaches maps made by other transitions (elements) too */
    Handle f = new_object(rt), g = new_object(rt);
    EXPECT(set(rt, f, "k", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, g, "k", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(object_set_prototype(rt, g, ROOT_SLOT(rt, array_prototype)) == PROPERTY_OK);
    EXPECT(map_of(*g) != map_of(*f));
    EXPECT(set(rt, f, "k", VALUE_NULL) == PROPERTY_OK);
    EXPECT(rep_of(rt, g, "k") == REP_TAGGED);
    /* a branch has its own descriptor array: the walk must reach it as well */
    Handle p = new_object(rt), q = new_object(rt);
    EXPECT(set(rt, p, "m", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, p, "n", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, q, "m", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, q, "w", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(MAP(map_of(*p))->descriptors != MAP(map_of(*q))->descriptors);
    EXPECT(set(rt, p, "m", value_from_double_raw(0.5)) == PROPERTY_OK);
    EXPECT(rep_of(rt, q, "m") == REP_DOUBLE && rep_of(rt, q, "w") == REP_INT32);
    EXPECT(value_to_int32(get(rt, q, "m")) == 1);
  }
  rd_runtime_free(rt);
}

/* Expects obj's own keys to be exactly the given strings, in order. */
static void expect_string_keys(Runtime *rt, Handle o, const char *const *names, int n) {
  HANDLE_SCOPE(rt);
  rd_value keys = object_own_keys(rt, o, KEYS_ALL);
  EXPECT(keys != VALUE_EMPTY);
  if (!keys) return;
  EXPECT_EQ_INT(fixed_array_length(keys), n);
  for (int i = 0; i < n && i < (int)fixed_array_length(keys); i++)
    if (!key_is(FIXED_ARRAY(keys)->data[i], names[i])) test_fail(__FILE__, __LINE__, "key %d is not %s", i, names[i]);
}

TEST(objects_dictionary_after_delete) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle o = new_object(rt), p = new_object(rt);
    const char *abc[] = {"a", "b", "c"};
    for (int i = 0; i < 3; i++) {
      EXPECT(set(rt, o, abc[i], value_from_int32(i + 1)) == PROPERTY_OK);
      EXPECT(set(rt, p, abc[i], value_from_int32(i + 1)) == PROPERTY_OK);
    }
    /* deleting the last property goes back to the parent map */
    rd_value full_map = map_of(*p);
    EXPECT(object_delete(rt, p, key(rt, "c")) == PROPERTY_OK);
    EXPECT(!object_is_dictionary_mode(*p));
    EXPECT(map_of(*p) == MAP(full_map)->back_pointer);
    EXPECT(get(rt, p, "c") == VALUE_UNDEFINED);
    EXPECT(set(rt, p, "c", value_from_int32(9)) == PROPERTY_OK);
    EXPECT(map_of(*p) == full_map);
    EXPECT(value_to_int32(get(rt, p, "c")) == 9);
    /* deleting another one normalizes, keeping values and order */
    EXPECT(object_delete(rt, o, key(rt, "b")) == PROPERTY_OK);
    EXPECT(object_is_dictionary_mode(*o));
    EXPECT(value_has_type(JS_OBJECT(*o)->properties, TYPE_NAME_DICTIONARY));
    EXPECT(get(rt, o, "b") == VALUE_UNDEFINED);
    EXPECT(value_to_int32(get(rt, o, "a")) == 1 && value_to_int32(get(rt, o, "c")) == 3);
    const char *ac[] = {"a", "c"};
    expect_string_keys(rt, o, ac, 2);
    EXPECT(set(rt, o, "b", value_from_int32(20)) == PROPERTY_OK);
    EXPECT(set(rt, o, "a", value_from_int32(10)) == PROPERTY_OK);   /* keeps its place */
    const char *acb[] = {"a", "c", "b"};
    expect_string_keys(rt, o, acb, 3);
    EXPECT(value_to_int32(get(rt, o, "a")) == 10 && value_to_int32(get(rt, o, "b")) == 20);
    EXPECT(!(MAP(map_of(*o))->bit_field & MAP_STABLE));
  }
  rd_runtime_free(rt);
}

TEST(objects_dictionary_after_many_properties) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle o = new_object(rt);
    char buf[32];
    for (int i = 0; i < 200; i++) {
      EXPECT(set(rt, o, name(buf, "k", i), value_from_int32(i * i)) == PROPERTY_OK);
      EXPECT(object_is_dictionary_mode(*o) == (i >= OBJECT_MAX_FAST_PROPERTIES));
    }
    for (int i = 0; i < 200; i++) EXPECT_EQ_INT(value_to_int32(get(rt, o, name(buf, "k", i))), i * i);
    rd_value keys = object_own_keys(rt, o, KEYS_ALL);
    EXPECT_EQ_INT(fixed_array_length(keys), 200);
    for (int i = 0; i < 200; i++)
      if (!key_is(FIXED_ARRAY(keys)->data[i], name(buf, "k", i))) test_fail(__FILE__, __LINE__, "key %d out of order", i);
  }
  rd_runtime_free(rt);
}

TEST(objects_dictionary_renumbers_enumeration_indices) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle o = new_object(rt);
    EXPECT(set(rt, o, "a", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, o, "b", value_from_int32(2)) == PROPERTY_OK);
    EXPECT(object_normalize(rt, o));
    /* pretend many adds happened: the next index is at the limit */
    FIXED_ARRAY(JS_OBJECT(*o)->properties)->data[2] = value_from_int32(PROPERTY_INDEX_MAX + 1);
    EXPECT(set(rt, o, "c", value_from_int32(3)) == PROPERTY_OK);
    const char *abc[] = {"a", "b", "c"};
    expect_string_keys(rt, o, abc, 3);
    PropertyLookup l;
    EXPECT(object_lookup_own(rt, *o, *key(rt, "c"), &l) && l.kind == LOOKUP_DICTIONARY);
    EXPECT_EQ_INT(details_index(l.details), 3);
  }
  rd_runtime_free(rt);
}

TEST(objects_own_keys_order) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle o = new_object(rt);
    Handle s1 = handle_new(rt, factory_symbol(rt, NULL, false));
    Handle s2 = handle_new(rt, factory_symbol(rt, NULL, false));
    Handle hidden = handle_new(rt, factory_symbol(rt, NULL, true));
    Handle v = num(rt, 1);
    EXPECT(object_set(rt, o, s2, v, NULL) == PROPERTY_OK);
    EXPECT(set(rt, o, "b", VALUE_TRUE) == PROPERTY_OK);
    EXPECT(object_set(rt, o, num(rt, 5), v, NULL) == PROPERTY_OK);
    EXPECT(set(rt, o, "a", VALUE_TRUE) == PROPERTY_OK);
    EXPECT(object_set(rt, o, hidden, v, NULL) == PROPERTY_OK);
    EXPECT(object_set(rt, o, num(rt, 2), v, NULL) == PROPERTY_OK);
    EXPECT(object_set(rt, o, s1, v, NULL) == PROPERTY_OK);
    EXPECT(set(rt, o, "10", VALUE_TRUE) == PROPERTY_OK);   /* an index string */
    EXPECT(object_define_own(rt, o, key(rt, "x"), v, PROPERTY_WRITABLE) == PROPERTY_OK);
    for (int pass = 0; pass < 2; pass++) {
      rd_value keys = object_own_keys(rt, o, KEYS_ALL);
      EXPECT_EQ_INT(fixed_array_length(keys), 8);
      rd_value *k = FIXED_ARRAY(keys)->data;
      EXPECT(k[0] == value_from_int32(2) && k[1] == value_from_int32(5) && k[2] == value_from_int32(10));
      EXPECT(key_is(k[3], "b") && key_is(k[4], "a") && key_is(k[5], "x"));
      EXPECT(k[6] == *s2 && k[7] == *s1);
      keys = object_own_keys(rt, o, KEYS_ENUMERABLE_STRINGS);
      EXPECT_EQ_INT(fixed_array_length(keys), 5);   /* x is not enumerable */
      k = FIXED_ARRAY(keys)->data;
      EXPECT(k[0] == value_from_int32(2) && key_is(k[3], "b") && key_is(k[4], "a"));
      /* the same in dictionary mode */
      EXPECT(object_normalize(rt, o));
    }
    EXPECT(object_get(rt, o, hidden) == value_from_int32(1));
  }
  rd_runtime_free(rt);
}

TEST(objects_prototype_chain_get) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle proto = new_object(rt), o = new_object(rt);
    EXPECT(set(rt, proto, "x", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(object_set(rt, proto, num(rt, 3), num(rt, 7), NULL) == PROPERTY_OK);
    EXPECT(object_set_prototype(rt, o, proto) == PROPERTY_OK);
    EXPECT(object_get_prototype(*o) == *proto);
    EXPECT(MAP(map_of(*proto))->bit_field & MAP_IS_PROTOTYPE);
    EXPECT(value_to_int32(get(rt, o, "x")) == 1);
    EXPECT(get(rt, o, "nope") == VALUE_UNDEFINED);
    EXPECT(object_get(rt, o, num(rt, 3)) == value_from_int32(7));
    EXPECT(element_get(*o, 3) == value_from_int32(7));
    EXPECT(element_get_own(*o, 3, NULL) == VALUE_EMPTY);
    /* a set on the receiver shadows */
    EXPECT(set(rt, o, "x", value_from_int32(2)) == PROPERTY_OK);
    EXPECT(value_to_int32(get(rt, o, "x")) == 2 && value_to_int32(get(rt, proto, "x")) == 1);
    /* Object.prototype is at the end of the chain */
    Handle op = handle_new(rt, ROOT(rt, object_prototype));
    EXPECT(set(rt, op, "shared", value_from_int32(42)) == PROPERTY_OK);
    EXPECT(value_to_int32(get(rt, o, "shared")) == 42);
    /* cycles are refused */
    EXPECT(object_set_prototype(rt, proto, o) == PROPERTY_REJECTED);
    EXPECT(object_set_prototype(rt, o, o) == PROPERTY_REJECTED);
    /* objects with the same prototype change share maps */
    Handle a = new_object(rt), b = new_object(rt);
    EXPECT(object_set_prototype(rt, a, proto) == PROPERTY_OK);
    EXPECT(object_set_prototype(rt, b, proto) == PROPERTY_OK);
    EXPECT(map_of(*a) == map_of(*b) && map_of(*a) != ROOT(rt, object_map));
    Handle null = handle_new(rt, VALUE_NULL);
    EXPECT(object_set_prototype(rt, a, null) == PROPERTY_OK);
    EXPECT(get(rt, a, "shared") == VALUE_UNDEFINED);
    /* a dictionary-mode object changes prototype too */
    EXPECT(object_normalize(rt, b));
    EXPECT(object_set_prototype(rt, b, null) == PROPERTY_OK);
    EXPECT(object_get_prototype(*b) == VALUE_NULL && get(rt, b, "x") == VALUE_UNDEFINED);
  }
  rd_runtime_free(rt);
}

TEST(objects_read_only_on_prototype) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle proto = new_object(rt), o = new_object(rt);
    EXPECT(object_define_own(rt, proto, key(rt, "ro"), num(rt, 1), PROPERTY_ENUMERABLE) == PROPERTY_OK);
    EXPECT(object_define_own(rt, proto, num(rt, 4), num(rt, 2), PROPERTY_CONFIGURABLE) == PROPERTY_OK);
    EXPECT(object_set_prototype(rt, o, proto) == PROPERTY_OK);
    EXPECT(set(rt, o, "ro", value_from_int32(5)) == PROPERTY_REJECTED);
    EXPECT(value_to_int32(get(rt, o, "ro")) == 1);
    PropertyLookup l;
    EXPECT(!object_lookup_own(rt, *o, *key(rt, "ro"), &l));
    EXPECT(object_set(rt, o, num(rt, 4), num(rt, 9), NULL) == PROPERTY_REJECTED);
    EXPECT(element_get(*o, 4) == value_from_int32(2));
    /* also on the object itself */
    EXPECT(set(rt, proto, "ro", value_from_int32(5)) == PROPERTY_REJECTED);
    /* defining an own property is not a set: allowed */
    EXPECT(object_define_own(rt, o, key(rt, "ro"), num(rt, 3), PROPERTY_ATTRS_DEFAULT) == PROPERTY_OK);
    EXPECT(value_to_int32(get(rt, o, "ro")) == 3);
    EXPECT(set(rt, o, "ro", value_from_int32(6)) == PROPERTY_OK);
    EXPECT(value_to_int32(get(rt, o, "ro")) == 6);
  }
  rd_runtime_free(rt);
}

TEST(objects_accessors) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle proto = new_object(rt), o = new_object(rt), o2 = new_object(rt);
    Handle getter = new_object(rt), setter = new_object(rt);   /* stand-ins for functions */
    Handle undef = handle_new(rt, VALUE_UNDEFINED);
    EXPECT(object_define_accessor(rt, proto, key(rt, "acc"), getter, setter,
                                  PROPERTY_ENUMERABLE | PROPERTY_CONFIGURABLE) == PROPERTY_OK);
    EXPECT(!object_is_dictionary_mode(*proto));
    PropertyLookup l;
    EXPECT(object_lookup_own(rt, *proto, *key(rt, "acc"), &l) && l.kind == LOOKUP_DESCRIPTOR);
    EXPECT(details_kind(l.details) == PROPERTY_KIND_ACCESSOR);
    EXPECT(object_set_prototype(rt, o, proto) == PROPERTY_OK);
    rd_value pair = get(rt, o, "acc");
    EXPECT(value_has_type(pair, TYPE_ACCESSOR_PAIR));
    EXPECT(((AccessorPair *)value_to_ptr(pair))->getter == *getter);
    rd_value found = VALUE_EMPTY;
    Handle v = num(rt, 1);
    EXPECT(object_set(rt, o, key(rt, "acc"), v, &found) == PROPERTY_CALL_SETTER);
    EXPECT(found == pair && ((AccessorPair *)value_to_ptr(found))->setter == *setter);
    /* a getter-only accessor refuses sets */
    EXPECT(object_define_accessor(rt, o2, key(rt, "g"), getter, undef, PROPERTY_CONFIGURABLE) == PROPERTY_OK);
    EXPECT(object_set(rt, o2, key(rt, "g"), v, NULL) == PROPERTY_REJECTED);
    /* the same key with another pair cannot share the map: dictionary mode */
    Handle o3 = new_object(rt);
    EXPECT(object_define_accessor(rt, o3, key(rt, "g"), setter, undef, PROPERTY_CONFIGURABLE) == PROPERTY_OK);
    EXPECT(object_is_dictionary_mode(*o3) && !object_is_dictionary_mode(*o2));
    EXPECT(((AccessorPair *)value_to_ptr(get(rt, o3, "g")))->getter == *setter);
    /* accessor -> data on a configurable property */
    EXPECT(object_define_own(rt, o2, key(rt, "g"), v, PROPERTY_ATTRS_DEFAULT) == PROPERTY_OK);
    EXPECT(get(rt, o2, "g") == value_from_int32(1));
    EXPECT(object_set(rt, o2, key(rt, "g"), num(rt, 2), NULL) == PROPERTY_OK);
    EXPECT(get(rt, o2, "g") == value_from_int32(2));
    /* non-configurable accessors only accept the same definition */
    Handle o4 = new_object(rt);
    EXPECT(object_define_accessor(rt, o4, key(rt, "n"), getter, undef, 0) == PROPERTY_OK);
    EXPECT(object_define_accessor(rt, o4, key(rt, "n"), getter, undef, 0) == PROPERTY_OK);
    EXPECT(object_define_accessor(rt, o4, key(rt, "n"), setter, undef, 0) == PROPERTY_REJECTED);
    EXPECT(object_define_own(rt, o4, key(rt, "n"), v, 0) == PROPERTY_REJECTED);
    EXPECT(object_delete(rt, o4, key(rt, "n")) == PROPERTY_REJECTED);
    /* accessor elements */
    EXPECT(object_define_accessor(rt, o4, num(rt, 3), getter, undef, PROPERTY_CONFIGURABLE) == PROPERTY_OK);
    EXPECT(object_elements_kind(*o4) == ELEMENTS_DICTIONARY);
    EXPECT(value_has_type(object_get(rt, o4, num(rt, 3)), TYPE_ACCESSOR_PAIR));
    EXPECT(object_set(rt, o4, num(rt, 3), v, NULL) == PROPERTY_REJECTED);
  }
  rd_runtime_free(rt);
}

TEST(objects_define_own_validation) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle o = new_object(rt), k = key(rt, "x"), one = num(rt, 1), two = num(rt, 2);
    EXPECT(object_define_own(rt, o, k, one, PROPERTY_ENUMERABLE) == PROPERTY_OK);
    EXPECT(!object_is_dictionary_mode(*o));
    PropertyLookup l;
    EXPECT(object_lookup_own(rt, *o, *k, &l) && details_attrs(l.details) == PROPERTY_ENUMERABLE);
    /* same definition: fine; SameValue(1, 1.0) holds */
    EXPECT(object_define_own(rt, o, k, one, PROPERTY_ENUMERABLE) == PROPERTY_OK);
    Handle one_d = handle_new(rt, value_from_double_raw(1.0));
    EXPECT(object_define_own(rt, o, k, one_d, PROPERTY_ENUMERABLE) == PROPERTY_OK);
    EXPECT(object_define_own(rt, o, k, two, PROPERTY_ENUMERABLE) == PROPERTY_REJECTED);
    EXPECT(object_define_own(rt, o, k, one, PROPERTY_ENUMERABLE | PROPERTY_WRITABLE) == PROPERTY_REJECTED);
    EXPECT(object_define_own(rt, o, k, one, PROPERTY_ENUMERABLE | PROPERTY_CONFIGURABLE) == PROPERTY_REJECTED);
    EXPECT(object_define_own(rt, o, k, one, 0) == PROPERTY_REJECTED);
    EXPECT(object_delete(rt, o, k) == PROPERTY_REJECTED);
    EXPECT(get(rt, o, "x") == value_from_int32(1));
    /* +0 and -0 differ under SameValue */
    Handle z = key(rt, "z"), pz = num(rt, 0), nz = handle_new(rt, value_from_double_raw(-0.0));
    EXPECT(object_define_own(rt, o, z, pz, 0) == PROPERTY_OK);
    EXPECT(object_define_own(rt, o, z, nz, 0) == PROPERTY_REJECTED);
    /* writable non-configurable: the value may change, and writable may go away */
    Handle w = key(rt, "w");
    EXPECT(object_define_own(rt, o, w, one, PROPERTY_WRITABLE) == PROPERTY_OK);
    EXPECT(object_define_own(rt, o, w, two, PROPERTY_WRITABLE) == PROPERTY_OK);
    EXPECT(get(rt, o, "w") == value_from_int32(2));
    EXPECT(object_define_own(rt, o, w, two, 0) == PROPERTY_OK);   /* attribute change */
    EXPECT(object_is_dictionary_mode(*o));
    EXPECT(object_define_own(rt, o, w, one, 0) == PROPERTY_REJECTED);
    EXPECT(set(rt, o, "w", value_from_int32(3)) == PROPERTY_REJECTED);
    EXPECT(get(rt, o, "w") == value_from_int32(2) && get(rt, o, "x") == value_from_int32(1));
    /* a configurable property changes freely, and a fast one goes to dictionary mode */
    Handle p = new_object(rt);
    EXPECT(set(rt, p, "a", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(object_define_own(rt, p, key(rt, "a"), two, PROPERTY_CONFIGURABLE) == PROPERTY_OK);
    EXPECT(object_is_dictionary_mode(*p));
    EXPECT(object_lookup_own(rt, *p, *key(rt, "a"), &l) && details_attrs(l.details) == PROPERTY_CONFIGURABLE);
    EXPECT(get(rt, p, "a") == value_from_int32(2));
    EXPECT(object_own_keys(rt, p, KEYS_ENUMERABLE_STRINGS) != VALUE_EMPTY);
    EXPECT_EQ_INT(fixed_array_length(object_own_keys(rt, p, KEYS_ENUMERABLE_STRINGS)), 0);
    /* same attributes on a fast field just store (with generalization) */
    Handle q = new_object(rt);
    EXPECT(set(rt, q, "a", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(object_define_own(rt, q, key(rt, "a"), key(rt, "str"), PROPERTY_ATTRS_DEFAULT) == PROPERTY_OK);
    EXPECT(!object_is_dictionary_mode(*q) && rep_of(rt, q, "a") == REP_TAGGED);
  }
  rd_runtime_free(rt);
}

TEST(objects_non_extensible) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle o = new_object(rt), o2 = new_object(rt), proto = new_object(rt);
    EXPECT(set(rt, o, "a", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(set(rt, o2, "a", value_from_int32(2)) == PROPERTY_OK);
    EXPECT(object_set(rt, o, num(rt, 0), num(rt, 0), NULL) == PROPERTY_OK);
    EXPECT(object_is_extensible(*o));
    EXPECT(object_prevent_extensions(rt, o));
    EXPECT(object_prevent_extensions(rt, o2));
    EXPECT(!object_is_extensible(*o) && map_of(*o) == map_of(*o2));
    EXPECT(set(rt, o, "b", value_from_int32(1)) == PROPERTY_REJECTED);
    EXPECT(object_define_own(rt, o, key(rt, "b"), num(rt, 1), 7) == PROPERTY_REJECTED);
    EXPECT(object_set(rt, o, num(rt, 1), num(rt, 1), NULL) == PROPERTY_REJECTED);
    EXPECT(object_set_prototype(rt, o, proto) == PROPERTY_REJECTED);
    EXPECT(set(rt, o, "a", value_from_int32(5)) == PROPERTY_OK);   /* existing: fine */
    EXPECT(object_set(rt, o, num(rt, 0), num(rt, 8), NULL) == PROPERTY_OK);
    EXPECT(get(rt, o, "a") == value_from_int32(5));
    EXPECT(element_get(*o, 0) == value_from_int32(8));
    EXPECT(get(rt, o, "b") == VALUE_UNDEFINED);
    EXPECT(object_delete(rt, o, key(rt, "a")) == PROPERTY_OK);
    EXPECT(get(rt, o, "a") == VALUE_UNDEFINED && !object_is_extensible(*o));
    EXPECT(set(rt, o, "a", value_from_int32(1)) == PROPERTY_REJECTED);
  }
  rd_runtime_free(rt);
}

TEST(objects_canonical_keys) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle o = new_object(rt);
    Handle flat = handle_new(rt, string_from_cstr(rt, "name"));
    EXPECT(object_set(rt, o, flat, num(rt, 1), NULL) == PROPERTY_OK);
    EXPECT(get(rt, o, "name") == value_from_int32(1));
    /* "7" and 7 are the same (an element), 1.5 and "1.5" the same (a name) */
    EXPECT(set(rt, o, "7", value_from_int32(7)) == PROPERTY_OK);
    EXPECT(object_get(rt, o, num(rt, 7)) == value_from_int32(7));
    EXPECT(element_get_own(*o, 7, NULL) == value_from_int32(7));
    EXPECT(object_set(rt, o, num(rt, 1.5), num(rt, 15), NULL) == PROPERTY_OK);
    EXPECT(get(rt, o, "1.5") == value_from_int32(15));
    /* 2^32 - 1 is not an index; -0 is index 0; "07" is a name */
    EXPECT(object_set(rt, o, num(rt, 4294967295.0), num(rt, 3), NULL) == PROPERTY_OK);
    EXPECT(get(rt, o, "4294967295") == value_from_int32(3));
    Handle mz = handle_new(rt, value_from_double_raw(-0.0));
    EXPECT(object_set(rt, o, mz, num(rt, 4), NULL) == PROPERTY_OK);
    EXPECT(element_get_own(*o, 0, NULL) == value_from_int32(4));
    EXPECT(set(rt, o, "07", value_from_int32(5)) == PROPERTY_OK);
    EXPECT(element_get_own(*o, 7, NULL) == value_from_int32(7));
    Handle t = handle_new(rt, VALUE_TRUE);
    EXPECT(object_set(rt, o, t, num(rt, 6), NULL) == PROPERTY_OK);
    EXPECT(get(rt, o, "true") == value_from_int32(6));
    /* not a primitive: a clean failure */
    EXPECT(object_get(rt, o, o) == VALUE_EMPTY && runtime_has_exception(rt));
    runtime_clear_exception(rt);
  }
  rd_runtime_free(rt);
}

TEST(objects_array_length_property) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle a = handle_new(rt, array_new(rt, ELEMENTS_PACKED_INT32, 0));
    for (int i = 0; i < 5; i++) EXPECT(object_set(rt, a, num(rt, i), num(rt, i), NULL) == PROPERTY_OK);
    EXPECT(get(rt, a, "length") == value_from_int32(5));
    EXPECT(set(rt, a, "length", value_from_int32(2)) == PROPERTY_OK);
    EXPECT(array_length(*a) == 2 && element_get(*a, 3) == VALUE_UNDEFINED);
    EXPECT(set(rt, a, "length", value_from_double_raw(1.5)) == PROPERTY_EXCEPTION);
    runtime_clear_exception(rt);
    EXPECT(set(rt, a, "length", value_from_number(4294967296.0)) == PROPERTY_EXCEPTION);
    runtime_clear_exception(rt);
    EXPECT(object_delete(rt, a, key(rt, "length")) == PROPERTY_REJECTED);
    rd_value keys = object_own_keys(rt, a, KEYS_ALL);
    EXPECT_EQ_INT(fixed_array_length(keys), 3);
    EXPECT(key_is(FIXED_ARRAY(keys)->data[2], "length"));
    EXPECT_EQ_INT(fixed_array_length(object_own_keys(rt, a, KEYS_ENUMERABLE_STRINGS)), 2);
    /* named properties on arrays */
    EXPECT(set(rt, a, "foo", value_from_int32(1)) == PROPERTY_OK);
    EXPECT(get(rt, a, "foo") == value_from_int32(1) && array_length(*a) == 2);
  }
  rd_runtime_free(rt);
}

/* Builds n objects with many properties of mixed kinds, collects garbage in
 * the middle, and checks every value. */
TEST(objects_gc_stress) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    enum { N = 24, P = 150 };
    Handle list = handle_new(rt, factory_fixed_array(rt, N, VALUE_UNDEFINED, ALLOC_YOUNG));
    char buf[32];
    for (int i = 0; i < N; i++) {
      HANDLE_SCOPE(rt);
      Handle o = new_object(rt);
      HEAP_STORE(value_to_ptr(*list), FIXED_ARRAY(*list)->data[i], *o);
      int props = i % 3 == 0 ? P : 20 + i;
      for (int j = 0; j < props; j++) {
        HANDLE_SCOPE(rt);
        rd_value v;
        if (j % 4 == 0) v = value_from_int32(i * 1000 + j);
        else if (j % 4 == 1) v = value_from_double_raw(i + j / 8.0);
        else if (j % 4 == 2) v = string_from_cstr(rt, name(buf, "s", i * 1000 + j));
        else v = i > 0 ? FIXED_ARRAY(*list)->data[i - 1] : VALUE_NULL;
        EXPECT(set(rt, o, name(buf, "p", j), v) == PROPERTY_OK);
        if (j == props / 2) rd_collect_garbage(rt, (i + j) & 1);
      }
      if (i % 5 == 1) EXPECT(object_delete(rt, o, key(rt, "p3")) == PROPERTY_OK);
      Handle arr = handle_new(rt, array_new(rt, ELEMENTS_PACKED_INT32, 0));
      for (int j = 0; j < 40; j++) {
        HANDLE_SCOPE(rt);
        Handle v = j % 2 ? handle_new(rt, string_from_cstr(rt, name(buf, "e", j))) : num(rt, j + 0.5);
        EXPECT(element_set(rt, arr, (uint32_t)j, v) == PROPERTY_OK);
      }
      EXPECT(set(rt, o, "arr", *arr) == PROPERTY_OK);
    }
    rd_collect_garbage(rt, 0);
    rd_collect_garbage(rt, 1);
    rd_collect_garbage(rt, 0);
    for (int i = 0; i < N; i++) {
      HANDLE_SCOPE(rt);
      Handle o = handle_new(rt, FIXED_ARRAY(*list)->data[i]);
      int props = i % 3 == 0 ? P : 20 + i;
      EXPECT(object_is_dictionary_mode(*o) == (props > OBJECT_MAX_FAST_PROPERTIES || i % 5 == 1));
      for (int j = 0; j < props; j++) {
        rd_value v = get(rt, o, name(buf, "p", j));
        if (i % 5 == 1 && j == 3) EXPECT(v == VALUE_UNDEFINED);
        else if (j % 4 == 0) EXPECT(v == value_from_int32(i * 1000 + j));
        else if (j % 4 == 1) EXPECT(value_is_number(v) && value_to_number(v) == i + j / 8.0);
        else if (j % 4 == 2) EXPECT(value_is_string(v) && string_equals_cstr(v, name(buf, "s", i * 1000 + j)));
        else EXPECT(v == (i > 0 ? FIXED_ARRAY(*list)->data[i - 1] : VALUE_NULL));
      }
      rd_value arr = get(rt, o, "arr");
      EXPECT(value_has_type(arr, TYPE_JS_ARRAY) && array_length(arr) == 40);
      EXPECT(object_elements_kind(arr) == ELEMENTS_PACKED);
      for (int j = 0; j < 40; j++) {
        rd_value v = element_get(arr, (uint32_t)j);
        if (j % 2) EXPECT(value_is_string(v) && string_equals_cstr(v, name(buf, "e", j)));
        else EXPECT(v == value_from_number(j + 0.5));
      }
    }
  }
  rd_runtime_free(rt);
}
