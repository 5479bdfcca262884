/*
 * verify.c - the heap verifier (--verify-heap, on by default in debug
 * builds): after a GC, walks every object of every space and checks that
 *   - its map word leads to a Map (whose map is the meta-map),
 *   - every tagged slot holding a pointer leads to the start of a live
 *     object on a page of this heap, never into from-space or a freed page,
 *   - every old-to-young slot is in the OLD_TO_NEW remembered set,
 * and that every root satisfies the same; then the runtime checks its own
 * weak structures (runtime_verify: the string table; the array buffer
 * tracker against the buffers with a store the walk found, whose words are
 * checked too). The first fault aborts with the object, slot and value involved.
 */
#include <stdio.h>
#include <stdlib.h>

#include "objects/array_buffer.h"
#include "objects/typed_array.h"
#include "objects/bigint.h"
#include "runtime/runtime.h"

/* Object starts are recorded in the pages' mark bitmaps (free outside a
 * mark-compact), and a sorted table of the heap's pages tells whether a
 * pointer's page belongs to this heap: the whole check is linear in the
 * heap's size, so verifying after every GC stays affordable under stress. */
typedef struct Verifier {
  RootVisitor roots;           /* must stay first */
  Heap *heap;
  const char *when;
  uintptr_t *pages;            /* sorted page addresses (active semispace, old, code, large) */
  size_t npages;
  size_t objects, pointers;
  size_t array_buffer_stores;  /* buffers found with a backing store */
} Verifier;

static void record_start(HeapObject *o, void *arg) {
  (void)arg;
  heap_mark(o);
}

static int cmp_uintptr(const void *a, const void *b) {
  uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
  return x < y ? -1 : x > y;
}

/* True if p is the start of an object on a live page of this heap. */
static bool is_object_start(const Verifier *v, uintptr_t p) {
  uintptr_t pg = (uintptr_t)page_of((void *)p);
  if (!bsearch(&pg, v->pages, v->npages, sizeof *v->pages, cmp_uintptr)) return false;
  if (p < ((Page *)pg)->area_start || p - pg >= PAGE_SIZE) return false;
  return heap_is_marked((void *)p);
}

/* True if value is a pointer to the start of a live object (the check of
 * the weak holders' entries). */
static bool is_live_object(void *arg, rd_value value) {
  const Verifier *v = arg;
  return value_is_ptr(value) && is_object_start(v, (uintptr_t)value) && !heap_is_forwarded(value_to_ptr(value));
}

/* Fills v->pages with every page that may hold objects and clears their bitmaps. */
static void collect_pages(Verifier *v) {
  Heap *h = v->heap;
  const PageList *lists[] = {&h->new_space.active, &h->old_space.pages, &h->code_space.pages,
                             &h->large_space.pages};
  size_t n = 0;
  for (size_t i = 0; i < ARRAY_LEN(lists); i++) n += lists[i]->count;
  v->pages = malloc((n ? n : 1) * sizeof *v->pages);
  CHECK(v->pages != NULL);
  for (size_t i = 0; i < ARRAY_LEN(lists); i++)
    for (Page *pg = lists[i]->first; pg; pg = pg->next) {
      page_clear_marks(pg);
      v->pages[v->npages++] = (uintptr_t)pg;
    }
  qsort(v->pages, v->npages, sizeof *v->pages, cmp_uintptr);
}

RD_COLD RD_NORETURN static void fail(const Verifier *v, const HeapObject *host, const void *slot,
                                     rd_value value, const char *what) {
  FATAL("heap verification %s: %s (host %p type %s, slot %p, value 0x%llx)", v->when, what,
        (const void *)host,
        host ? instance_type_names[heap_object_map(host)->instance_type] : "(root)", slot,
        (unsigned long long)value);
}

/* Checks that value (stored in host's slot, or in a root when host is NULL)
 * leads to a valid object. */
static void verify_pointer(Verifier *v, const HeapObject *host, const rd_value *slot, rd_value value) {
  if (!value_is_ptr(value)) {
    if ((value & 1) && value < VALUE_NUMBER_MIN && value > 0xF)
      fail(v, host, slot, value, "forwarding or garbage word in a slot");
    return;
  }
  v->pointers++;
  uintptr_t p = (uintptr_t)value;
  Page *pg = page_of((void *)p);
  if (page_has(pg, PAGE_FROM_SPACE)) fail(v, host, slot, value, "pointer into from-space");
  if (!is_object_start(v, p)) fail(v, host, slot, value, "pointer to no object start");
  const HeapObject *target = (const HeapObject *)p;
  if (heap_is_forwarded(target)) fail(v, host, slot, value, "pointer to a forwarded object");
  if (host && !heap_in_young(host) && heap_in_young(target)) {
    Page *hp = page_of(host);
    uintptr_t i = ((uintptr_t)slot - (uintptr_t)hp) >> 3;
    bool in_set = hp->slot_set && ((hp->slot_set[i >> 6] >> (i & 63)) & 1);
    for (uintptr_t *q = v->heap->store_buffer; !in_set && q < v->heap->sb_top; q++)
      in_set = *q == (uintptr_t)slot;
    if (!in_set) fail(v, host, slot, value, "old-to-young pointer missing from the remembered set");
  }
}

static void verify_map_word(Verifier *v, const HeapObject *o) {
  rd_value m = o->map;
  if (!value_is_ptr(m) || !is_object_start(v, (uintptr_t)m))
    fail(v, o, &o->map, m, "map word is not a heap object");
  const HeapObject *map = value_to_ptr(m);
  if (map->map != v->heap->rt->roots[ROOT_meta_map])
    fail(v, o, &o->map, m, "map word does not lead to a Map");
  if (heap_in_young(map)) fail(v, o, &o->map, m, "map in new space");
  if (((const Map *)map)->instance_type >= TYPE_COUNT) fail(v, o, &o->map, m, "bad instance type");
}

/* The words of the types that own memory outside the heap: an ArrayBuffer's
 * store, lengths and flags, and a DataView's buffer (objects/array_buffer.h). */
static void verify_external(Verifier *v, HeapObject *o) {
  InstanceType t = (InstanceType)heap_object_map(o)->instance_type;
  if (t == TYPE_JS_ARRAY_BUFFER) {
    rd_value b = value_from_ptr(o);
    JSArrayBuffer *ab = JS_ARRAY_BUFFER(b);
    if (!value_is_number(ab->backing_store) || !value_is_number(ab->byte_length) ||
        !value_is_number(ab->capacity) || !value_is_int32(ab->flags))
      fail(v, o, &ab->backing_store, ab->backing_store, "array buffer word of the wrong kind");
    if (array_buffer_byte_length(b) > array_buffer_capacity(b) ||
        (array_buffer_data(b) == NULL) != (array_buffer_capacity(b) == 0) ||
        (array_buffer_is_detached(b) && array_buffer_data(b)))
      fail(v, o, &ab->byte_length, ab->byte_length, "array buffer lengths disagree with its store");
    if (array_buffer_data(b)) v->array_buffer_stores++;
  } else if (t == TYPE_JS_DATA_VIEW) {
    JSDataView *dv = JS_DATA_VIEW(value_from_ptr(o));
    if (!array_buffer_is(dv->buffer) || !value_is_number(dv->byte_offset) ||
        !(value_is_number(dv->byte_length) || dv->byte_length == VALUE_UNDEFINED))
      fail(v, o, &dv->buffer, dv->buffer, "data view word of the wrong kind");
  } else if (t == TYPE_JS_TYPED_ARRAY) {
    JSTypedArray *ta = JS_TYPED_ARRAY(value_from_ptr(o));
    if (!array_buffer_is(ta->buffer) || !value_is_number(ta->byte_offset) ||
        !(value_is_number(ta->length) || ta->length == VALUE_UNDEFINED) || !value_is_int32(ta->kind) ||
        (uint32_t)value_to_int32(ta->kind) >= BUFFER_ELEMENT_TYPE_COUNT)
      fail(v, o, &ta->buffer, ta->buffer, "typed array word of the wrong kind");
  }
}

static void verify_object(HeapObject *o, void *arg) {
  Verifier *v = arg;
  v->objects++;
  verify_map_word(v, o);
  uint32_t start, end;
  size_t size = heap_object_body(o, heap_object_map(o), &start, &end);
  if (size < 8 || (size & 7) || end > size || start > end)
    fail(v, o, o, (rd_value)size, "bad object size or body");
  for (uint32_t off = start; off < end; off += 8) {
    rd_value *slot = (rd_value *)((char *)o + off);
    verify_pointer(v, o, slot, *slot);
  }
  if (heap_object_map(o)->instance_type == TYPE_BIGINT && !bigint_verify((const BigInt *)o))
    fail(v, o, o, (rd_value)((const BigInt *)o)->length, "BigInt not normalized or too long");
  if (instance_type_is_js_object((InstanceType)heap_object_map(o)->instance_type)) verify_external(v, o);
}

static void verify_root_range(RootVisitor *rv, rd_value *start, rd_value *end) {
  Verifier *v = (Verifier *)rv;
  for (rd_value *p = start; p < end; p++) verify_pointer(v, NULL, p, *p);
}

void heap_verify(Heap *h, const char *when) {
  Verifier v = {{verify_root_range}, h, when, NULL, 0, 0, 0, 0};
  CHECK(!h->marking);   /* the bitmaps are free only outside marking */
  collect_pages(&v);
  heap_for_each_object(h, record_start, &v);
  heap_for_each_object(h, verify_object, &v);
  runtime_visit_roots(h->rt, &v.roots);
  /* Every new-space page in use must be in the active semispace. */
  if (h->new_space.current && page_has(h->new_space.current, PAGE_FROM_SPACE))
    FATAL("heap verification %s: allocating in from-space", when);
  array_buffer_tracker_verify(h->rt, v.array_buffer_stores, is_live_object, &v, when);
  free(v.pages);
  runtime_verify(h->rt, when);
}
