/*
 * test_elements.c - elements kinds and their transitions (int32 -> double
 * -> tagged, packed -> holey, -> dictionary), double holes versus NaN,
 * sparse writes, JS array length semantics up to index 2^32 - 2, elements
 * of plain objects, a GC stress test over arrays of every kind, and a clean
 * failure when growth reaches the heap limit.
 */
#include <math.h>
#include <stdio.h>

#include "base/flags.h"
#include "objects/dictionary.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "test.h"

static Handle num(Runtime *rt, double d) { return handle_new(rt, value_from_number(d)); }
static Handle new_array(Runtime *rt, ElementsKind kind, uint32_t len) {
  rd_value a = array_new(rt, kind, len);
  CHECK(a != VALUE_EMPTY);
  return handle_new(rt, a);
}
static PropertyStatus put(Runtime *rt, Handle o, uint32_t i, rd_value v) {
  HANDLE_SCOPE(rt);
  return element_set(rt, o, i, handle_new(rt, v));
}
static rd_value array_map(Runtime *rt, ElementsKind k) {
  return FIXED_ARRAY(ROOT(rt, array_maps))->data[k];
}
static rd_value map_of(rd_value o) { return value_from_ptr(heap_object_map(value_to_ptr(o))); }

TEST(elements_array_maps_form_one_tree) {
  Runtime *rt = rd_runtime_new();
  {
    rd_value root = array_map(rt, ELEMENTS_PACKED_INT32);
    for (int k = 0; k < ELEMENTS_KIND_COUNT; k++) {
      rd_value m = array_map(rt, (ElementsKind)k);
      EXPECT(value_has_type(m, TYPE_MAP) && MAP(m)->instance_type == TYPE_JS_ARRAY);
      EXPECT_EQ_INT(MAP(m)->elements_kind, k);
      EXPECT(MAP(m)->prototype == ROOT(rt, array_prototype));
      if (k) EXPECT(MAP(m)->back_pointer == root);
      if (k) EXPECT(map_find_transition(root, ROOT(rt, elements_transition_symbol), k) == m);
    }
  }
  rd_runtime_free(rt);
}

TEST(elements_kind_transitions) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle a = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    for (int i = 0; i < 3; i++) EXPECT(put(rt, a, (uint32_t)i, value_from_int32(i + 1)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED_INT32);
    EXPECT(map_of(*a) == array_map(rt, ELEMENTS_PACKED_INT32));
    EXPECT_EQ_INT(array_length(*a), 3);
    /* int32 -> double */
    EXPECT(put(rt, a, 3, value_from_double_raw(1.5)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED_DOUBLE);
    EXPECT(map_of(*a) == array_map(rt, ELEMENTS_PACKED_DOUBLE));
    EXPECT(value_has_type(JS_OBJECT(*a)->elements, TYPE_FIXED_DOUBLE_ARRAY));
    EXPECT(element_get(*a, 0) == value_from_int32(1) && element_get(*a, 3) == value_from_double_raw(1.5));
    /* an int32 into a double array stays double */
    EXPECT(put(rt, a, 4, value_from_int32(9)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED_DOUBLE);
    /* double -> tagged */
    EXPECT(put(rt, a, 5, ROOT(rt, length_string)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED);
    EXPECT(map_of(*a) == array_map(rt, ELEMENTS_PACKED));
    EXPECT(element_get(*a, 3) == value_from_double_raw(1.5) && element_get(*a, 4) == value_from_int32(9));
    EXPECT(element_get(*a, 5) == ROOT(rt, length_string));
    /* packed -> holey: a write past the end with a gap */
    EXPECT(put(rt, a, 10, VALUE_TRUE) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_HOLEY);
    EXPECT(map_of(*a) == array_map(rt, ELEMENTS_HOLEY));
    EXPECT_EQ_INT(array_length(*a), 11);
    EXPECT(element_get_own(*a, 7, NULL) == VALUE_EMPTY && element_get(*a, 7) == VALUE_UNDEFINED);
    /* holey int32 -> holey double reaches the same map as from the root */
    Handle b = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    EXPECT(put(rt, b, 2, value_from_int32(1)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*b) == ELEMENTS_HOLEY_INT32);
    EXPECT(put(rt, b, 0, value_from_double_raw(0.25)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*b) == ELEMENTS_HOLEY_DOUBLE);
    EXPECT(map_of(*b) == array_map(rt, ELEMENTS_HOLEY_DOUBLE));
    EXPECT(element_get_own(*b, 1, NULL) == VALUE_EMPTY);
    EXPECT(element_get(*b, 2) == value_from_int32(1) && element_get(*b, 0) == value_from_double_raw(0.25));
    /* deleting makes packed holey */
    Handle c = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    for (int i = 0; i < 4; i++) EXPECT(put(rt, c, (uint32_t)i, value_from_int32(i)) == PROPERTY_OK);
    EXPECT(element_delete(rt, c, 1) == PROPERTY_OK);
    EXPECT(object_elements_kind(*c) == ELEMENTS_HOLEY_INT32);
    EXPECT(element_get_own(*c, 1, NULL) == VALUE_EMPTY && array_length(*c) == 4);
    /* an array with a named property still transitions, keeping the property */
    Handle d = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    Handle k = handle_new(rt, string_internalize_cstr(rt, "name"));
    EXPECT(object_set(rt, d, k, num(rt, 5), NULL) == PROPERTY_OK);
    EXPECT(put(rt, d, 0, value_from_double_raw(2.5)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*d) == ELEMENTS_PACKED_DOUBLE);
    EXPECT(object_get(rt, d, k) == value_from_int32(5));
    EXPECT(elements_kind_generalize(ELEMENTS_HOLEY_INT32, ELEMENTS_PACKED_DOUBLE) == ELEMENTS_HOLEY_DOUBLE);
    EXPECT(elements_kind_generalize(ELEMENTS_PACKED, ELEMENTS_DICTIONARY) == ELEMENTS_DICTIONARY);
  }
  rd_runtime_free(rt);
}

TEST(elements_double_holes_and_nan) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle a = new_array(rt, ELEMENTS_PACKED_DOUBLE, 0);
    EXPECT(put(rt, a, 0, value_from_double_raw(0.5)) == PROPERTY_OK);
    EXPECT(put(rt, a, 1, value_from_double_raw(NAN)) == PROPERTY_OK);
    EXPECT(put(rt, a, 2, value_from_double_raw(-0.0)) == PROPERTY_OK);
    EXPECT(put(rt, a, 3, value_from_double_raw(INFINITY)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED_DOUBLE);
    FixedDoubleArray *s = FIXED_DOUBLE_ARRAY(JS_OBJECT(*a)->elements);
    EXPECT_EQ_U64(s->bits[1], VALUE_CANONICAL_NAN_BITS);
    EXPECT(s->bits[4] == VALUE_HOLE_NAN_BITS);   /* slack beyond the length */
    rd_value nan = element_get(*a, 1);
    EXPECT(value_is_double(nan) && isnan(value_to_double(nan)));
    rd_value mz = element_get(*a, 2);
    EXPECT(value_is_double(mz) && value_to_double(mz) == 0 && signbit(value_to_double(mz)));
    EXPECT(value_to_number(element_get(*a, 3)) == INFINITY);
    EXPECT(element_delete(rt, a, 2) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_HOLEY_DOUBLE);
    s = FIXED_DOUBLE_ARRAY(JS_OBJECT(*a)->elements);
    EXPECT(s->bits[2] == VALUE_HOLE_NAN_BITS);
    EXPECT(element_get_own(*a, 2, NULL) == VALUE_EMPTY);
    EXPECT(element_get_own(*a, 1, NULL) != VALUE_EMPTY);
    rd_value keys = object_own_keys(rt, a, KEYS_ENUMERABLE_STRINGS);
    EXPECT_EQ_INT(fixed_array_length(keys), 3);   /* 0, 1, 3 */
    /* holes and NaN survive the conversion to tagged */
    EXPECT(put(rt, a, 0, VALUE_NULL) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_HOLEY);
    EXPECT(element_get_own(*a, 2, NULL) == VALUE_EMPTY);
    nan = element_get(*a, 1);
    EXPECT(value_is_double(nan) && isnan(value_to_double(nan)));
    /* a NaN in an array created holey is not a hole either */
    Handle b = new_array(rt, ELEMENTS_PACKED_DOUBLE, 4);
    EXPECT(object_elements_kind(*b) == ELEMENTS_HOLEY_DOUBLE && array_length(*b) == 4);
    EXPECT(element_get_own(*b, 0, NULL) == VALUE_EMPTY);
    EXPECT(put(rt, b, 0, value_from_double_raw(NAN)) == PROPERTY_OK);
    EXPECT(element_get_own(*b, 0, NULL) != VALUE_EMPTY);
  }
  rd_runtime_free(rt);
}

TEST(elements_sparse_writes_go_dictionary) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    /* sequential writes stay fast */
    Handle a = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    for (uint32_t i = 0; i < 3000; i++) EXPECT(put(rt, a, i, value_from_int32((int32_t)i)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED_INT32);
    uint32_t cap = fixed_array_length(JS_OBJECT(*a)->elements);
    EXPECT(cap >= 3000 && cap < 6000);
    /* a far write on an empty array goes dictionary */
    Handle b = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    EXPECT(put(rt, b, 5000, value_from_int32(1)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*b) == ELEMENTS_DICTIONARY);
    EXPECT(map_of(*b) == array_map(rt, ELEMENTS_DICTIONARY));
    EXPECT(value_has_type(JS_OBJECT(*b)->elements, TYPE_NUMBER_DICTIONARY));
    EXPECT_EQ_INT(array_length(*b), 5001);
    EXPECT(put(rt, b, 0, value_from_double_raw(0.5)) == PROPERTY_OK);
    EXPECT(put(rt, b, 70, ROOT(rt, length_string)) == PROPERTY_OK);
    EXPECT(element_get(*b, 5000) == value_from_int32(1) && element_get(*b, 0) == value_from_double_raw(0.5));
    EXPECT(element_get(*b, 70) == ROOT(rt, length_string) && element_get(*b, 1) == VALUE_UNDEFINED);
    rd_value keys = object_own_keys(rt, b, KEYS_ENUMERABLE_STRINGS);
    EXPECT_EQ_INT(fixed_array_length(keys), 3);
    EXPECT(FIXED_ARRAY(keys)->data[0] == value_from_int32(0) && FIXED_ARRAY(keys)->data[1] == value_from_int32(70) &&
           FIXED_ARRAY(keys)->data[2] == value_from_int32(5000));
    /* existing elements move into the dictionary */
    Handle c = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    for (uint32_t i = 0; i < 10; i++) EXPECT(put(rt, c, i, value_from_int32((int32_t)i * 2)) == PROPERTY_OK);
    EXPECT(put(rt, c, 100000, VALUE_TRUE) == PROPERTY_OK);
    EXPECT(object_elements_kind(*c) == ELEMENTS_DICTIONARY);
    for (uint32_t i = 0; i < 10; i++) EXPECT(element_get(*c, i) == value_from_int32((int32_t)i * 2));
    EXPECT(element_delete(rt, c, 3) == PROPERTY_OK && element_get_own(*c, 3, NULL) == VALUE_EMPTY);
    EXPECT_EQ_INT(array_length(*c), 100001);
    /* a plain object: writes leave holes; far ones go dictionary */
    Handle o = handle_new(rt, object_new(rt));
    EXPECT(put(rt, o, 0, value_from_int32(1)) == PROPERTY_OK);
    EXPECT(put(rt, o, 100, value_from_int32(2)) == PROPERTY_OK);
    EXPECT(elements_kind_is_holey(object_elements_kind(*o)) && object_elements_kind(*o) != ELEMENTS_DICTIONARY);
    EXPECT(put(rt, o, 1000000, value_from_int32(3)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*o) == ELEMENTS_DICTIONARY);
    EXPECT(element_get(*o, 0) == value_from_int32(1) && element_get(*o, 100) == value_from_int32(2) &&
           element_get(*o, 1000000) == value_from_int32(3));
  }
  rd_runtime_free(rt);
}

TEST(elements_array_length) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle a = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    for (uint32_t i = 0; i < 10; i++) EXPECT(put(rt, a, i, value_from_int32((int32_t)i)) == PROPERTY_OK);
    /* shrink truncates */
    EXPECT(array_set_length(rt, a, 3) == PROPERTY_OK);
    EXPECT_EQ_INT(array_length(*a), 3);
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED_INT32);
    EXPECT(element_get(*a, 2) == value_from_int32(2) && element_get(*a, 5) == VALUE_UNDEFINED);
    /* grow makes holey and does not resurrect old values */
    EXPECT(array_set_length(rt, a, 10) == PROPERTY_OK);
    EXPECT(object_elements_kind(*a) == ELEMENTS_HOLEY_INT32 && array_length(*a) == 10);
    EXPECT(element_get_own(*a, 5, NULL) == VALUE_EMPTY);
    EXPECT_EQ_INT(elements_count(*a, false), 3);
    /* a huge length does not allocate a huge store */
    EXPECT(array_set_length(rt, a, 4294967295u) == PROPERTY_OK);
    EXPECT(array_length(*a) == 4294967295u);
    EXPECT(fixed_array_length(JS_OBJECT(*a)->elements) < 100);
    EXPECT(value_is_double(JS_ARRAY(*a)->length));
    /* the largest index */
    Handle b = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    EXPECT(put(rt, b, ARRAY_INDEX_MAX, value_from_int32(7)) == PROPERTY_OK);
    EXPECT(array_length(*b) == 4294967295u);
    EXPECT(object_elements_kind(*b) == ELEMENTS_DICTIONARY);
    EXPECT(element_get(*b, ARRAY_INDEX_MAX) == value_from_int32(7));
    Handle k = num(rt, 4294967294.0);
    EXPECT(object_get(rt, b, k) == value_from_int32(7));
    EXPECT(dictionary_capacity(JS_OBJECT(*b)->elements) < 64);
    /* shrinking a dictionary array deletes */
    EXPECT(put(rt, b, 5, value_from_int32(5)) == PROPERTY_OK);
    EXPECT(array_set_length(rt, b, 6) == PROPERTY_OK);
    EXPECT(element_get(*b, ARRAY_INDEX_MAX) == VALUE_UNDEFINED && element_get(*b, 5) == value_from_int32(5));
    EXPECT_EQ_INT(array_length(*b), 6);
    /* ...but stops above a non-configurable element */
    EXPECT(element_define(rt, b, 3, num(rt, 3), details_make(PROPERTY_WRITABLE | PROPERTY_ENUMERABLE, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0)) == PROPERTY_OK);
    EXPECT(array_set_length(rt, b, 1) == PROPERTY_REJECTED);
    EXPECT_EQ_INT(array_length(*b), 4);
    EXPECT(element_get(*b, 5) == VALUE_UNDEFINED && element_get(*b, 3) == value_from_int32(3));
    EXPECT(element_delete(rt, b, 3) == PROPERTY_REJECTED);
    /* set length to 0 on a fast array empties it */
    Handle c = new_array(rt, ELEMENTS_PACKED_DOUBLE, 0);
    EXPECT(put(rt, c, 0, value_from_double_raw(1.5)) == PROPERTY_OK);
    EXPECT(array_set_length(rt, c, 0) == PROPERTY_OK);
    EXPECT(element_get(*c, 0) == VALUE_UNDEFINED && array_length(*c) == 0);
    EXPECT(put(rt, c, 0, value_from_double_raw(2.5)) == PROPERTY_OK);
    EXPECT(element_get(*c, 0) == value_from_double_raw(2.5));
    /* array_new: holey with a length, dictionary beyond the fast limit */
    Handle d = new_array(rt, ELEMENTS_PACKED, 5);
    EXPECT(object_elements_kind(*d) == ELEMENTS_HOLEY && array_length(*d) == 5);
    Handle e = new_array(rt, ELEMENTS_PACKED_INT32, 4294967295u);
    EXPECT(object_elements_kind(*e) == ELEMENTS_DICTIONARY && array_length(*e) == 4294967295u);
    EXPECT(put(rt, e, 4000000000u, VALUE_TRUE) == PROPERTY_OK);
    EXPECT(element_get(*e, 4000000000u) == VALUE_TRUE);
  }
  rd_runtime_free(rt);
}

TEST(elements_non_extensible_and_read_only) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle a = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    EXPECT(put(rt, a, 0, value_from_int32(1)) == PROPERTY_OK);
    EXPECT(object_prevent_extensions(rt, a));
    EXPECT(put(rt, a, 1, value_from_int32(2)) == PROPERTY_REJECTED);
    EXPECT(array_length(*a) == 1);
    EXPECT(put(rt, a, 0, value_from_double_raw(0.5)) == PROPERTY_OK);   /* kind change is fine */
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED_DOUBLE && !object_is_extensible(*a));
    EXPECT(element_get(*a, 0) == value_from_double_raw(0.5));
    Handle b = new_array(rt, ELEMENTS_PACKED_INT32, 0);
    EXPECT(element_define(rt, b, 2, num(rt, 4), details_make(PROPERTY_ENUMERABLE, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0)) == PROPERTY_OK);
    EXPECT(object_elements_kind(*b) == ELEMENTS_DICTIONARY && array_length(*b) == 3);
    EXPECT(put(rt, b, 2, value_from_int32(5)) == PROPERTY_REJECTED);
    EXPECT(element_get(*b, 2) == value_from_int32(4));
    PropertyDetails det;
    EXPECT(element_get_own(*b, 2, &det) == value_from_int32(4) && details_attrs(det) == PROPERTY_ENUMERABLE);
  }
  rd_runtime_free(rt);
}

/* Arrays of every kind built around collections; every element checked. */
TEST(elements_gc_stress) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    enum { N = 12, LEN = 300 };
    Handle list = handle_new(rt, factory_fixed_array(rt, N, VALUE_UNDEFINED, ALLOC_YOUNG));
    char buf[32];
    for (int i = 0; i < N; i++) {
      HANDLE_SCOPE(rt);
      Handle a = new_array(rt, ELEMENTS_PACKED_INT32, 0);
      HEAP_STORE(value_to_ptr(*list), FIXED_ARRAY(*list)->data[i], *a);
      for (int j = 0; j < LEN; j++) {
        HANDLE_SCOPE(rt);
        rd_value v;
        switch (i % 4) {
          case 0: v = value_from_int32(i * j); break;
          case 1: v = value_from_double_raw(j + 0.25); break;
          case 2:
            snprintf(buf, sizeof buf, "v%d", j);
            v = j % 7 == 3 ? value_from_int32(j) : string_from_cstr(rt, buf);
            break;
          default: v = value_from_int32(j); break;
        }
        uint32_t index = i % 4 == 3 ? (uint32_t)j * 2000 : (uint32_t)j;   /* case 3: sparse */
        EXPECT(put(rt, a, index, v) == PROPERTY_OK);
        if (j == LEN / 3) rd_collect_garbage(rt, 0);
        if (j == 2 * LEN / 3) rd_collect_garbage(rt, 1);
      }
    }
    rd_collect_garbage(rt, 1);
    rd_collect_garbage(rt, 0);
    static const ElementsKind kinds[4] = {ELEMENTS_PACKED_INT32, ELEMENTS_PACKED_DOUBLE,
                                          ELEMENTS_PACKED, ELEMENTS_DICTIONARY};
    for (int i = 0; i < N; i++) {
      rd_value a = FIXED_ARRAY(*list)->data[i];
      EXPECT(object_elements_kind(a) == kinds[i % 4]);
      for (int j = 0; j < LEN; j++) {
        uint32_t index = i % 4 == 3 ? (uint32_t)j * 2000 : (uint32_t)j;
        rd_value v = element_get(a, index);
        switch (i % 4) {
          case 0: EXPECT(v == value_from_int32(i * j)); break;
          case 1: EXPECT(v == value_from_double_raw(j + 0.25)); break;
          case 2:
            snprintf(buf, sizeof buf, "v%d", j);
            if (j % 7 == 3) EXPECT(v == value_from_int32(j));
            else EXPECT(value_is_string(v) && string_equals_cstr(v, buf));
            break;
          default: EXPECT(v == value_from_int32(j)); break;
        }
      }
    }
  }
  rd_runtime_free(rt);
}

/* Growing an array until the heap limit: a clean failure that leaves the array intact. */
TEST(elements_out_of_memory_is_clean) {
  int64_t saved = FLAG_max_old_space_size;
  FLAG_max_old_space_size = 16;
  Runtime *rt = rd_runtime_new();
  FLAG_max_old_space_size = saved;
  CHECK(rt);
  {
    HANDLE_SCOPE(rt);
    Handle a = new_array(rt, ELEMENTS_PACKED_DOUBLE, 0);
    uint32_t i = 0;
    PropertyStatus st = PROPERTY_OK;
    for (; i < (1u << 24); i++) {
      st = put(rt, a, i, value_from_double_raw(i + 0.5));
      if (st != PROPERTY_OK) break;
    }
    EXPECT(st == PROPERTY_EXCEPTION && runtime_has_exception(rt));
    runtime_clear_exception(rt);
    EXPECT(i > 100000 && array_length(*a) == i);
    EXPECT(object_elements_kind(*a) == ELEMENTS_PACKED_DOUBLE);
    bool ok = true;
    for (uint32_t j = 0; j < i; j++) ok &= element_get(*a, j) == value_from_double_raw(j + 0.5);
    EXPECT(ok);
    /* dropping the store makes room again */
    EXPECT(array_set_length(rt, a, 0) == PROPERTY_OK);
    Handle o = handle_new(rt, object_new(rt));
    EXPECT(put(rt, o, 0, VALUE_TRUE) == PROPERTY_OK);
    EXPECT(put(rt, a, 0, value_from_int32(1)) == PROPERTY_OK);
  }
  rd_runtime_free(rt);
}
