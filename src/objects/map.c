/*
 * map.c - maps (hidden classes): descriptor arrays, the transition tree,
 * elements-kind / prototype / prevent-extensions transitions, and in-place
 * field representation generalization.
 *
 * Descriptor sharing. Maps along a chain of property transitions share one
 * DescriptorArray: a map sees its prefix [0, own_descriptors). A child of M
 * (own n, array D) appends its descriptor to D in place when D's count is n
 * (nobody extended D past M yet) and D has room; otherwise it copies the
 * prefix into a new array with ~1.5x room. So a chain of n adds allocates
 * O(log n) arrays, and a branch (a second child of M) copies once. Entries
 * below a map's own_descriptors never change, except their representation
 * bits, which generalization updates for the whole subtree that can see them.
 *
 * Transition tree invariant: every map made here by a transition has
 * back_pointer = parent and is the target of exactly one entry in the
 * parent's TransitionArray. Elements-kind variants of a map hang directly off
 * the "elements root" (the nearest ancestor not reached by an elements
 * transition), so HOLEY_INT32 -> HOLEY_DOUBLE reaches the same map as
 * PACKED_INT32 -> HOLEY_DOUBLE. Transition arrays and their keys are strong
 * (a prototype used as a transition key stays alive as long as the map).
 *
 * Field representation generalization (int32 -> double -> tagged,
 * heap-object -> tagged) happens in place in the map that introduced the
 * field and all maps below it, so no map is ever deprecated. It is a walk of
 * the subtree through transition arrays and back pointers, with no
 * allocation (optimized code depending on a field's representation will need
 * a dependency hook here too; issue 4).
 *
 * Descriptor and transition lookups are linear scans: fine for the <= 128
 * descriptors of a fast map and the few transitions of most maps (a lookup
 * cache or hash-sorted search can come later).
 */
#include "objects/factory.h"
#include "objects/object.h"

const char *const representation_names[REP_COUNT] = {
#define X(name, str) str,
    REPRESENTATION_LIST(X)
#undef X
};

/* --- descriptors ------------------------------------------------------------------ */
int32_t map_find_descriptor(rd_value map, rd_value key) {
  const Map *m = MAP(map);
  rd_value d = m->descriptors;
  for (uint32_t i = 0; i < m->own_descriptors; i++)
    if (descriptors_slot(d, i)[0] == key) return (int32_t)i;
  return -1;
}

uint32_t map_field_count(rd_value map) {
  for (uint32_t i = MAP(map)->own_descriptors; i-- > 0;) {
    PropertyDetails d = map_descriptor_details(map, i);
    if (details_location(d) == PROPERTY_LOCATION_FIELD) return details_index(d) + 1;
  }
  return 0;
}

/* The descriptor array of a child of *map with one more entry (key, det, value). */
static rd_value descriptors_append(Runtime *rt, Handle map, Handle key, PropertyDetails det,
                                   Handle value) {
  uint32_t n = MAP(*map)->own_descriptors;
  rd_value d = MAP(*map)->descriptors;
  if (!(descriptors_count(d) == n && descriptors_capacity(d) > n)) {
    uint32_t cap = n + 1 + MAX(2, (n + 1) / 2);
    d = factory_fixed_array_with_map(rt, ROOT_SLOT(rt, descriptor_array_map),
                                     DESCRIPTOR_HEADER + DESCRIPTOR_ENTRY * cap, VALUE_UNDEFINED,
                                     ALLOC_OLD);
    if (!d) return VALUE_EMPTY;
    rd_value old = MAP(*map)->descriptors;   /* re-read after the allocation */
    for (uint32_t i = 0; i < n * DESCRIPTOR_ENTRY; i++) {
      rd_value *dst = &FIXED_ARRAY(d)->data[DESCRIPTOR_HEADER + i];
      HEAP_STORE(value_to_ptr(d), *dst, FIXED_ARRAY(old)->data[DESCRIPTOR_HEADER + i]);
    }
  }
  rd_value *slot = descriptors_slot(d, n);
  HEAP_STORE(value_to_ptr(d), slot[0], *key);
  slot[1] = details_to_value(det);
  HEAP_STORE(value_to_ptr(d), slot[2], *value);
  FIXED_ARRAY(d)->data[0] = value_from_int32((int32_t)(n + 1));
  return d;
}

/* --- transition arrays ------------------------------------------------------------- */
static uint32_t transitions_count(rd_value t) {
  return value_is_ptr(t) ? (uint32_t)value_to_int32(FIXED_ARRAY(t)->data[0]) : 0;
}
static rd_value *transition_slot(rd_value t, uint32_t i) {
  return &FIXED_ARRAY(t)->data[TRANSITION_HEADER + TRANSITION_ENTRY * i];
}

rd_value map_find_transition(rd_value map, rd_value key, int32_t attrs) {
  rd_value t = MAP(map)->transitions;
  uint32_t n = transitions_count(t);
  for (uint32_t i = 0; i < n; i++) {
    rd_value *s = transition_slot(t, i);
    if (s[0] == key && value_to_int32(s[1]) == attrs) return s[2];
  }
  return VALUE_EMPTY;
}

/* Records (key, attrs) -> target in *map's transitions, growing the array 2x. */
static bool transition_insert(Runtime *rt, Handle map, rd_value key, int32_t attrs, Handle target) {
  HANDLE_SCOPE(rt);
  Handle k = handle_new(rt, key);
  rd_value t = MAP(*map)->transitions;
  uint32_t n = transitions_count(t);
  uint32_t cap = value_is_ptr(t) ? (fixed_array_length(t) - TRANSITION_HEADER) / TRANSITION_ENTRY : 0;
  if (n == cap) {
    uint32_t ncap = cap ? cap * 2 : 1;
    rd_value nt = factory_fixed_array_with_map(rt, ROOT_SLOT(rt, transition_array_map),
                                               TRANSITION_HEADER + TRANSITION_ENTRY * ncap,
                                               VALUE_UNDEFINED, ALLOC_OLD);
    if (!nt) return false;
    t = MAP(*map)->transitions;
    for (uint32_t i = 0; i < n * TRANSITION_ENTRY; i++)
      HEAP_STORE(value_to_ptr(nt), FIXED_ARRAY(nt)->data[TRANSITION_HEADER + i],
                 FIXED_ARRAY(t)->data[TRANSITION_HEADER + i]);
    FIXED_ARRAY(nt)->data[0] = value_from_int32((int32_t)n);
    HEAP_STORE(value_to_ptr(*map), MAP(*map)->transitions, nt);
    t = nt;
  }
  rd_value *s = transition_slot(t, n);
  HEAP_STORE(value_to_ptr(t), s[0], *k);
  s[1] = value_from_int32(attrs);
  HEAP_STORE(value_to_ptr(t), s[2], *target);
  FIXED_ARRAY(t)->data[0] = value_from_int32((int32_t)(n + 1));
  return true;
}

/* --- copies ---------------------------------------------------------------------------- */
rd_value map_copy(Runtime *rt, Handle map) {
  HANDLE_SCOPE(rt);
  Map *m = MAP(*map);
  Handle proto = value_is_ptr(m->prototype) ? handle_new(rt, m->prototype) : NULL;
  rd_value c = factory_map(rt, (InstanceType)m->instance_type, m->instance_size,
                           m->inobject_properties, proto);
  if (!c) return VALUE_EMPTY;
  m = MAP(*map);
  Map *n = MAP(c);
  n->body_start = m->body_start;
  n->inobject_start = m->inobject_start;
  n->elements_kind = m->elements_kind;
  n->bit_field = (m->bit_field & ~(uint32_t)MAP_DEPRECATED) | MAP_STABLE;
  n->own_descriptors = m->own_descriptors;
  HEAP_STORE(n, n->descriptors, m->descriptors);
  return c;
}

/* A copy of *parent recorded as its transition (key, attrs). */
static rd_value copy_as_child(Runtime *rt, Handle parent, rd_value key, int32_t attrs) {
  HANDLE_SCOPE(rt);
  Handle k = handle_new(rt, key);
  rd_value c = map_copy(rt, parent);
  if (!c) return VALUE_EMPTY;
  Handle child = handle_new(rt, c);
  HEAP_STORE(MAP(*child), MAP(*child)->back_pointer, *parent);
  if (!transition_insert(rt, parent, *k, attrs, child)) return VALUE_EMPTY;
  map_mark_unstable(rt, parent);
  return *child;
}

rd_value map_copy_dictionary(Runtime *rt, Handle map) {
  rd_value c = map_copy(rt, map);
  if (!c) return VALUE_EMPTY;
  Map *n = MAP(c);
  n->bit_field = (n->bit_field | MAP_DICTIONARY) & ~(uint32_t)MAP_STABLE;
  n->own_descriptors = 0;
  HEAP_STORE(n, n->descriptors, ROOT(rt, empty_descriptor_array));
  return c;
}

/* --- stability ----------------------------------------------------------------------------- */
void map_notify_unstable(Runtime *rt, Handle map) {
  (void)rt;
  (void)map;   /* issue 4: deoptimize MAP(*map)->dependent_code */
}

void map_mark_unstable(Runtime *rt, Handle map) {
  Map *m = MAP(*map);
  if (!(m->bit_field & MAP_STABLE)) return;
  m->bit_field &= ~(uint32_t)MAP_STABLE;
  map_notify_unstable(rt, map);
}

/* --- property transitions ------------------------------------------------------------------- */
rd_value map_transition_add(Runtime *rt, Handle map, Handle key, uint32_t attrs, PropertyKind kind,
                            Representation rep, Handle pair) {
  ASSERT(!(MAP(*map)->bit_field & MAP_DICTIONARY), "transition from a dictionary map");
  int32_t tattrs = (int32_t)((attrs & PROPERTY_ATTRS_MASK) | (uint32_t)kind << PROPERTY_KIND_SHIFT);
  uint32_t n = MAP(*map)->own_descriptors;
  rd_value t = map_find_transition(*map, *key, tattrs);
  if (t) {
    if (kind == PROPERTY_KIND_ACCESSOR)
      return map_descriptor_value(t, n) == *pair ? t : VALUE_UNDEFINED;
    Representation old = details_rep(map_descriptor_details(t, n));
    if (representation_generalize(old, rep) != old) map_generalize_field(t, n, rep);
    return t;
  }
  HANDLE_SCOPE(rt);
  PropertyDetails det =
      kind == PROPERTY_KIND_ACCESSOR
          ? details_make(attrs, kind, PROPERTY_LOCATION_DESCRIPTOR, REP_TAGGED, 0)
          : details_make(attrs, kind, PROPERTY_LOCATION_FIELD, rep, map_field_count(*map));
  Handle value = kind == PROPERTY_KIND_ACCESSOR ? pair : handle_new(rt, VALUE_UNDEFINED);
  rd_value c = map_copy(rt, map);
  if (!c) return VALUE_EMPTY;
  Handle child = handle_new(rt, c);
  rd_value d = descriptors_append(rt, map, key, det, value);
  if (!d) return VALUE_EMPTY;
  Map *cm = MAP(*child);
  HEAP_STORE(cm, cm->descriptors, d);
  cm->own_descriptors = n + 1;
  HEAP_STORE(cm, cm->back_pointer, *map);
  if (!transition_insert(rt, map, *key, tattrs, child)) return VALUE_EMPTY;
  map_mark_unstable(rt, map);
  return *child;
}

/* --- generalization ----------------------------------------------------------------------------- */
/* Calls fn on root and every map below it in the transition tree (preorder,
 * no allocation: siblings are found through the parent's transitions). */
static void for_each_in_subtree(rd_value root, void (*fn)(rd_value map, void *arg), void *arg) {
  rd_value m = root;
  fn(m, arg);
  for (;;) {
    rd_value t = MAP(m)->transitions;
    if (transitions_count(t) > 0) {
      m = transition_slot(t, 0)[2];
      fn(m, arg);
      continue;
    }
    for (;;) {   /* climb until an unvisited sibling exists */
      if (m == root) return;
      rd_value p = MAP(m)->back_pointer;
      rd_value pt = MAP(p)->transitions;
      uint32_t n = transitions_count(pt), j = 0;
      while (j < n && transition_slot(pt, j)[2] != m) j++;
      CHECK(j < n);   /* tree invariant: a child is in its parent's transitions */
      if (j + 1 < n) {
        m = transition_slot(pt, j + 1)[2];
        fn(m, arg);
        break;
      }
      m = p;
    }
  }
}

typedef struct {
  uint32_t index;
  Representation rep;
} GeneralizeArgs;

static void generalize_one(rd_value map, void *arg) {
  const GeneralizeArgs *g = arg;
  rd_value *slot = &descriptors_slot(MAP(map)->descriptors, g->index)[1];
  PropertyDetails d = details_from_value(*slot);
  *slot = details_to_value(details_with_rep(d, representation_generalize(details_rep(d), g->rep)));
}

void map_generalize_field(rd_value map, uint32_t i, Representation rep) {
  ASSERT(i < MAP(map)->own_descriptors, "generalizing a descriptor the map does not have");
  rd_value m = map;
  for (;;) {   /* up to the map that introduced descriptor i */
    rd_value bp = MAP(m)->back_pointer;
    if (!value_is_ptr(bp) || MAP(bp)->own_descriptors <= i) break;
    m = bp;
  }
  GeneralizeArgs g = {i, rep};
  for_each_in_subtree(m, generalize_one, &g);
}

/* --- elements, prototype and extensibility transitions -------------------------------------------- */
/* True if map was made from its back pointer by an elements-kind transition. */
static bool is_elements_child(rd_value map, rd_value symbol) {
  rd_value bp = MAP(map)->back_pointer;
  return value_is_ptr(bp) &&
         map_find_transition(bp, symbol, (int32_t)MAP(map)->elements_kind) == map;
}

rd_value map_transition_elements(Runtime *rt, Handle map, ElementsKind kind) {
  if (MAP(*map)->elements_kind == kind) return *map;
  HANDLE_SCOPE(rt);
  if (MAP(*map)->bit_field & MAP_DICTIONARY) {   /* unique to its object: copy */
    rd_value c = map_copy(rt, map);
    if (!c) return VALUE_EMPTY;
    MAP(c)->elements_kind = (uint8_t)kind;
    MAP(c)->bit_field &= ~(uint32_t)MAP_STABLE;
    map_mark_unstable(rt, map);
    return c;
  }
  rd_value sym = ROOT(rt, elements_transition_symbol);
  rd_value r = *map;
  while (is_elements_child(r, sym)) r = MAP(r)->back_pointer;
  Handle root = handle_new(rt, r);
  rd_value t = MAP(r)->elements_kind == kind ? r : map_find_transition(r, sym, (int32_t)kind);
  if (!t) {
    t = copy_as_child(rt, root, ROOT(rt, elements_transition_symbol), (int32_t)kind);
    if (!t) return VALUE_EMPTY;
    MAP(t)->elements_kind = (uint8_t)kind;
  }
  map_mark_unstable(rt, map);
  return t;
}

/* The map an object of *map moves to through the special transition (key,
 * attrs): a private copy for a dictionary map (unique to its object), else
 * the existing transition or a new child recorded under it. The caller
 * then changes what the transition is about and marks *map unstable. */
static rd_value special_transition(Runtime *rt, Handle map, rd_value key, int32_t attrs) {
  if (MAP(*map)->bit_field & MAP_DICTIONARY) {
    rd_value t = map_copy(rt, map);
    if (t) MAP(t)->bit_field &= ~(uint32_t)MAP_STABLE;
    return t;
  }
  rd_value t = map_find_transition(*map, key, attrs);
  return t ? t : copy_as_child(rt, map, key, attrs);
}

rd_value map_transition_prototype(Runtime *rt, Handle map, Handle proto) {
  if (MAP(*map)->prototype == *proto) return *map;
  rd_value t = special_transition(rt, map, *proto, TRANSITION_PROTOTYPE);
  if (!t) return VALUE_EMPTY;
  HEAP_STORE(MAP(t), MAP(t)->prototype, *proto);
  map_mark_unstable(rt, map);
  return t;
}

rd_value map_transition_prevent_extensions(Runtime *rt, Handle map) {
  if (!(MAP(*map)->bit_field & MAP_EXTENSIBLE)) return *map;
  rd_value t = special_transition(rt, map, ROOT(rt, elements_transition_symbol),
                                  TRANSITION_PREVENT_EXTENSIONS);
  if (!t) return VALUE_EMPTY;
  MAP(t)->bit_field &= ~(uint32_t)MAP_EXTENSIBLE;
  map_mark_unstable(rt, map);
  return t;
}
