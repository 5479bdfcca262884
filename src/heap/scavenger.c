/*
 * scavenger.c - the minor GC: copies live young objects out of from-space,
 * into the active semispace or, once they survived one scavenge (below the
 * age mark), into old space.
 *
 * Roots are the runtime's strong roots and the OLD_TO_NEW slot sets of old,
 * code and large pages. Copied objects go on an explicit worklist and are
 * scanned from it; the state of one scavenge lives in a Scavenger task so a
 * later parallel version can give each worker its own task (roots and
 * slot-set pages are already visited as independent ranges).
 *
 * Weak holders with young entries (runtime_process_young_weak_roots: the
 * array buffer tracker) are processed once everything live is copied.
 * Weak objects (ephemeron tables of WeakMap/WeakSet, WeakRefs, WeakCells)
 * are conservatively strong here: their keys, values and targets are
 * copied like any slot, and only mark-compact clears them (docs/heap.md).
 *
 * Invariants: after a scavenge no pointer leads into from-space; every
 * old-to-young slot (including those of objects promoted now) is in its
 * page's slot set; slots that no longer point to new space are dropped.
 */
#include <stdio.h>

#include "base/flags.h"
#include "runtime/runtime.h"

typedef struct Scavenger {
  RootVisitor roots;           /* must stay first (cast back from RootVisitor *) */
  Heap *heap;
  Worklist *work;
  size_t copied_bytes, promoted_bytes;
} Scavenger;

/* Copies o (in from-space) once and returns its new address. */
static HeapObject *evacuate(Scavenger *s, HeapObject *o) {
  if (heap_is_forwarded(o)) return heap_forwardee(o);
  Heap *h = s->heap;
  size_t size = heap_object_size(o);
  HeapObject *to = NULL;
  if (!new_space_is_below_age_mark(h, o)) to = new_space_allocate_during_gc(h, size);
  if (to) {
    s->copied_bytes += size;
  } else {
    to = paged_space_allocate(&h->old_space, size, false);
    if (!to) FATAL("out of memory while promoting %zu bytes during a scavenge", size);
    s->promoted_bytes += size;
  }
  memcpy(to, o, size);
  heap_set_forwarding(o, to);
  worklist_push(s->work, to);
  return to;
}

/* Updates one slot; returns true if it still points into new space. */
RD_INLINE bool scavenge_slot(Scavenger *s, rd_value *slot) {
  rd_value v = *slot;
  if (!value_is_ptr(v)) return false;
  HeapObject *o = value_to_ptr(v);
  Page *pg = page_of(o);
  if (!page_has(pg, PAGE_YOUNG)) return false;
  if (page_has(pg, PAGE_FROM_SPACE)) {
    HeapObject *to = evacuate(s, o);
    *slot = value_from_ptr(to);
    return heap_in_young(to);
  }
  return true;   /* already copied to to-space */
}

static void visit_root_range(RootVisitor *v, rd_value *start, rd_value *end) {
  Scavenger *s = (Scavenger *)v;
  for (rd_value *p = start; p < end; p++) scavenge_slot(s, p);
}

/* Scans the fields of a copied object; a promoted one records its young slots. */
static void scan_object(Scavenger *s, HeapObject *o) {
  uint32_t start, end;
  heap_object_body(o, heap_object_map(o), &start, &end);
  bool old = !heap_in_young(o);
  for (uint32_t off = start; off < end; off += 8) {
    rd_value *slot = (rd_value *)((char *)o + off);
    if (scavenge_slot(s, slot) && old) CHECK(page_slot_set_insert(page_of(o), (uintptr_t)slot));
  }
}

/* Treats every slot of pg's OLD_TO_NEW set as a root, dropping stale slots. */
static void process_slot_set(Scavenger *s, Page *pg) {
  size_t words = page_slot_set_words(pg);
  bool any = false;
  for (size_t w = 0; w < words; w++) {
    uint64_t snapshot = pg->slot_set[w], keep = 0;
    for (uint64_t bits = snapshot; bits; bits &= bits - 1) {
      int b = __builtin_ctzll(bits);
      rd_value *slot = (rd_value *)((uintptr_t)pg + ((w * 64 + (size_t)b) << 3));
      if (scavenge_slot(s, slot)) keep |= (uint64_t)1 << b;
    }
    /* Bits added meanwhile (none today: evacuate() only queues, scan_object
     * records) would be kept. */
    pg->slot_set[w] = keep | (pg->slot_set[w] & ~snapshot);
  }
  for (size_t w = 0; w < words && !any; w++) any = pg->slot_set[w] != 0;
  if (!any) page_slot_set_free(pg);
}

static void drain(Scavenger *s) {
  HeapObject *o;
  while ((o = worklist_pop(s->work))) scan_object(s, o);
}

/* Weak processing after a scavenge: a from-space object lives on at its
 * forwarding address or died (its from-space copy is intact until the
 * scavenge ends); any other object is left alone. */
static rd_value retain_scavenged(WeakRetainer *w, rd_value v) {
  (void)w;
  HeapObject *o = value_to_ptr(v);
  if (!page_has(page_of(o), PAGE_FROM_SPACE)) return v;
  return heap_is_forwarded(o) ? value_from_ptr(heap_forwardee(o)) : VALUE_EMPTY;
}

void heap_scavenge(Heap *h) {
  Scavenger s = {{visit_root_range}, h, &h->worklist, 0, 0};
  size_t capacity = h->new_space.capacity_pages * PAGE_AREA_SIZE;
  new_space_flip(h);
  runtime_visit_roots(heap_runtime(h), &s.roots);
  drain(&s);
  PageList *lists[] = {&h->old_space.pages, &h->code_space.pages, &h->large_space.pages};
  for (size_t i = 0; i < ARRAY_LEN(lists); i++) {
    PAGE_LIST_FOREACH(pg, lists[i]) {
      if (pg->slot_set) process_slot_set(&s, pg);
      drain(&s);
    }
  }
  drain(&s);
  WeakRetainer weak = {retain_scavenged};
  h->stats.last_weak_cleared = runtime_process_young_weak_roots(heap_runtime(h), &weak);
  h->new_space.current->top = h->new_space.top;
  /* Grow the semispaces when more than half survived (the young generation
   * is too small to let objects die before their first scavenge). */
  new_space_after_gc(h, s.copied_bytes > capacity / 2);
  new_space_set_age_mark(h);
  h->stats.last_promoted = s.promoted_bytes;
}
