/*
 * heap.c - heap set-up and tear-down, the write barrier's slow path and the
 * store buffer, the GC driver (--trace-gc, statistics, verification), code
 * write scopes and worklists.
 *
 * Invariant: heap_collect is the only entry to a collection; it makes the
 * heap iterable, opens a code write scope for the pause, and verifies the
 * heap afterwards when --verify-heap is on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "base/flags.h"
#include "runtime/runtime.h"

double heap_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

bool heap_init(Heap *h, struct Runtime *rt) {
  memset(h, 0, sizeof *h);
  h->rt = rt;
  h->sb_top = h->store_buffer;
  h->sb_limit = h->store_buffer + STORE_BUFFER_SLOTS;
  h->max_old_size = (size_t)FLAG_max_old_space_size * MB;
  h->next_full_gc_size = MIN(h->max_old_size, 16 * MB);
  h->stress = FLAG_gc_interval > 0 || FLAG_stress_scavenge || FLAG_stress_compaction;
  h->old_space.base = (Space){SPACE_OLD, h};
  h->code_space.base = (Space){SPACE_CODE, h};
  h->large_space.base = (Space){SPACE_LARGE, h};
  h->start_time_ms = heap_now_ms();
  return new_space_init(h);
}

static void release_list(PageList *l) {
  PAGE_LIST_FOREACH(pg, l) page_release(pg);
  memset(l, 0, sizeof *l);
}

void heap_teardown(Heap *h) {
  release_list(&h->new_space.active);
  release_list(&h->new_space.reserve);
  release_list(&h->old_space.pages);
  release_list(&h->code_space.pages);
  release_list(&h->large_space.pages);
  worklist_free(&h->worklist);
}

/* --- write barrier ---------------------------------------------------------------------- */
void heap_write_barrier_slow(Heap *h, HeapObject *host, rd_value *slot, rd_value v) {
  Page *hp = page_of(host);
  if (page_has(page_of_value(v), PAGE_YOUNG) && !page_has(hp, PAGE_YOUNG)) {
    if (RD_UNLIKELY((uintptr_t)slot - (uintptr_t)hp >= PAGE_SIZE)) {
      /* A slot past the first 256 KiB of a large object: page_of(slot) would
       * not find the header, so record it in the slot set directly. */
      CHECK(page_slot_set_insert(hp, (uintptr_t)slot));
    } else {
      *h->sb_top++ = (uintptr_t)slot;
      if (h->sb_top == h->sb_limit) heap_drain_store_buffer(h);
    }
  }
  if (h->marking) {
    HeapObject *o = value_to_ptr(v);
    if (heap_mark(o)) worklist_push(&h->worklist, o);
  }
}

void heap_write_barrier_range(HeapObject *host, rd_value *slot, size_t n) {
  for (size_t i = 0; i < n; i++) heap_write_barrier(host, slot + i, slot[i]);
}

void heap_drain_store_buffer(Heap *h) {
  for (uintptr_t *p = h->store_buffer; p < h->sb_top; p++)
    CHECK(page_slot_set_insert(page_of((void *)*p), *p));
  h->sb_top = h->store_buffer;
}

/* --- worklists ------------------------------------------------------------------------------ */
void worklist_push(Worklist *w, HeapObject *o) {
  if (w->count == w->capacity) {
    size_t cap = w->capacity ? w->capacity * 2 : 1024;
    HeapObject **items = realloc(w->items, cap * sizeof *items);
    CHECK(items != NULL);   /* GC metadata; a failure here cannot be recovered */
    w->items = items;
    w->capacity = cap;
  }
  w->items[w->count++] = o;
}

void worklist_free(Worklist *w) {
  free(w->items);
  memset(w, 0, sizeof *w);
}

/* --- code write scopes -------------------------------------------------------------------------- */
static void set_code_pages_writable(Heap *h, bool writable) {
  PAGE_LIST_FOREACH(pg, &h->code_space.pages) page_set_code_writable(pg, writable);
}

void heap_code_write_begin(Heap *h) {
  if (h->code_write_depth++ == 0) set_code_pages_writable(h, true);
}

void heap_code_write_end(Heap *h) {
  ASSERT(h->code_write_depth > 0, "unbalanced code write scope");
  if (--h->code_write_depth == 0) set_code_pages_writable(h, false);
}

/* --- the GC driver --------------------------------------------------------------------------------- */
static size_t heap_total_size(const Heap *h) {
  return heap_new_space_size(h) + heap_old_generation_size(h);
}

static size_t heap_total_committed(const Heap *h) {
  return 2 * h->new_space.capacity_pages * PAGE_SIZE + h->old_space.committed +
         h->code_space.committed + h->large_space.size;
}

void heap_collect(Heap *h, GCKind kind, const char *reason) {
  CHECK(!h->in_gc);
  double t0 = heap_now_ms();
  size_t before = heap_total_size(h), committed_before = heap_total_committed(h);
  h->in_gc = true;
  h->stats.last_promoted = h->stats.last_weak_cleared = h->stats.last_code_freed = 0;
  h->stats.last_code_objects_freed = h->stats.last_code_object_bytes_freed = 0;
  heap_retire_allocation_areas(h);
  heap_drain_store_buffer(h);
  heap_code_write_begin(h);
  if (kind == GC_SCAVENGE) {
    heap_scavenge(h);
    h->stats.scavenges++;
  } else {
    heap_mark_compact(h);
    h->stats.mark_compacts++;
    /* Next full GC when the old generation has doubled (at least 16 MiB). */
    size_t old = heap_old_generation_committed(h);
    h->next_full_gc_size = MIN(h->max_old_size, MAX(16 * MB, old * 2));
  }
  heap_code_write_end(h);
  h->in_gc = false;
  h->stats.promoted_bytes += h->stats.last_promoted;
  double pause = heap_now_ms() - t0;
  h->stats.pause_ms += pause;
  if (FLAG_verify_heap) heap_verify(h, kind == GC_SCAVENGE ? "after scavenge" : "after mark-compact");
  if (FLAG_trace_gc) {
    size_t after = heap_total_size(h), committed_after = heap_total_committed(h);
    printf("[%d:%p] %8.0f ms: %s %.1f (%.1f) -> %.1f (%.1f) MB, pause %.3f ms, "
           "promoted %.1f KB, weak cleared %zu",
           (int)getpid(), (void *)h, t0 - h->start_time_ms,
           kind == GC_SCAVENGE ? "Scavenge" : "Mark-Compact", (double)before / MB,
           (double)committed_before / MB, (double)after / MB, (double)committed_after / MB,
           pause, (double)h->stats.last_promoted / KB, h->stats.last_weak_cleared);
    if (h->stats.last_code_freed)
      printf(", code freed %.1f KB", (double)h->stats.last_code_freed / KB);
    if (h->stats.last_code_objects_freed)
      printf(", code objects freed %zu (%zu bytes)", h->stats.last_code_objects_freed,
             h->stats.last_code_object_bytes_freed);
    printf(" (%s)\n", reason);
    if (FLAG_trace_gc_verbose)
      printf("  new %zu/%zu KB, old %zu/%zu KB, code %zu/%zu KB, large %zu KB\n",
             heap_new_space_size(h) / KB, h->new_space.capacity_pages * PAGE_SIZE / KB,
             paged_space_size(&h->old_space) / KB, h->old_space.committed / KB,
             paged_space_size(&h->code_space) / KB, h->code_space.committed / KB,
             h->large_space.size / KB);
    fflush(stdout);
  }
}
