/*
 * verify.c - the heap verifier (--verify-heap, on by default in debug
 * builds): after a GC, walks every object of every space and checks that
 *   - its map word leads to a Map (whose map is the meta-map),
 *   - every tagged slot holding a pointer leads to the start of a live
 *     object on a page of this heap, never into from-space or a freed page,
 *   - every old-to-young slot is in the OLD_TO_NEW remembered set,
 * and that every root satisfies the same; then the runtime checks its own
 * weak structures (runtime_verify: the string table). The first fault
 * aborts with the object, slot and value involved.
 */
#include <stdio.h>
#include <stdlib.h>

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
}

static void verify_root_range(RootVisitor *rv, rd_value *start, rd_value *end) {
  Verifier *v = (Verifier *)rv;
  for (rd_value *p = start; p < end; p++) verify_pointer(v, NULL, p, *p);
}

void heap_verify(Heap *h, const char *when) {
  Verifier v = {{verify_root_range}, h, when, NULL, 0, 0, 0};
  CHECK(!h->marking);   /* the bitmaps are free only outside marking */
  collect_pages(&v);
  heap_for_each_object(h, record_start, &v);
  heap_for_each_object(h, verify_object, &v);
  runtime_visit_roots(h->rt, &v.roots);
  /* Every new-space page in use must be in the active semispace. */
  if (h->new_space.current && page_has(h->new_space.current, PAGE_FROM_SPACE))
    FATAL("heap verification %s: allocating in from-space", when);
  free(v.pages);
  runtime_verify(h->rt, when);
}
