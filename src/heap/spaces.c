/*
 * spaces.c - the four spaces and their allocation paths.
 *
 * New space: the active semispace is a list of pages filled in order; each
 * page gets a sequence number when allocation reaches it, and the age mark
 * (seq, address) set after a scavenge tells survivors (below it) from
 * objects allocated since. Paged spaces (old, code) allocate from a linear
 * allocation area (LAB) carved from a free-list block or a fresh page; a
 * retired LAB's rest goes back to the free list.
 *
 * Invariant: outside a LAB, every byte of a paged page belongs to an object
 * or a filler, so pages are iterable; heap_make_iterable() retires LABs.
 */
#include <stdio.h>

#include "base/flags.h"
#include "runtime/runtime.h"

#define YOUNG_PAGE_FLAGS (PAGE_YOUNG | PAGE_POINTERS_TO_HERE_ARE_INTERESTING)

/* --- fillers ------------------------------------------------------------------ */
void heap_create_filler(Heap *h, uintptr_t start, size_t size) {
  if (size == 0) return;
  HeapObject *o = (HeapObject *)start;
  if (size == 8) {
    o->map = h->rt->roots[ROOT_filler_map];
  } else {
    FreeSpace *f = (FreeSpace *)o;
    f->map = h->rt->roots[ROOT_free_space_map];
    f->size = size;
    if (size >= FREE_LIST_MIN_BLOCK) f->next = NULL;
  }
}

/* --- new space ------------------------------------------------------------------------------ */
static Page *new_space_page(Heap *h) {
  return page_allocate(h, &h->new_space.base, PAGE_SIZE, YOUNG_PAGE_FLAGS);
}

bool new_space_init(Heap *h) {
  NewSpace *ns = &h->new_space;
  ns->base = (Space){SPACE_NEW, h};
  ns->max_capacity_pages = MAX(1, (size_t)FLAG_max_semi_space_size * MB / PAGE_SIZE);
  ns->capacity_pages =
      MIN(ns->max_capacity_pages, MAX(1, (size_t)FLAG_min_semi_space_size * MB / PAGE_SIZE));
  for (size_t i = 0; i < ns->capacity_pages; i++) {
    Page *a = new_space_page(h), *r = new_space_page(h);
    if (!a || !r) {
      if (a) page_release(a);
      if (r) page_release(r);
      return false;
    }
    page_list_append(&ns->active, a);
    page_list_append(&ns->reserve, r);
  }
  new_space_reset(h);
  return true;
}

/* Makes pg the page of the allocation area. */
static void new_space_set_current(Heap *h, Page *pg) {
  NewSpace *ns = &h->new_space;
  ns->current = pg;
  pg->seq = ns->next_seq++;
  pg->top = pg->area_start;
  ns->top = pg->area_start;
  ns->page_limit = pg->area_end;
  ns->limit = h->stress ? ns->top : ns->page_limit;
}

/* Bump-allocates in the active semispace, moving to its next page when the
 * current one is full; NULL when the semispace is full. */
static HeapObject *new_space_try_allocate(Heap *h, size_t size) {
  NewSpace *ns = &h->new_space;
  while (size > ns->page_limit - ns->top) {
    Page *next = ns->current->next;
    if (!next || size > PAGE_AREA_SIZE) return NULL;
    ns->current->top = ns->top;
    new_space_set_current(h, next);
  }
  HeapObject *o = (HeapObject *)ns->top;
  ns->top += size;
  ns->limit = h->stress ? ns->top : ns->page_limit;
  return o;
}

HeapObject *new_space_allocate_during_gc(Heap *h, size_t size) {
  return new_space_try_allocate(h, size);
}

void new_space_flip(Heap *h) {
  NewSpace *ns = &h->new_space;
  ns->current->top = ns->top;
  PageList from = ns->active;
  ns->active = ns->reserve;
  ns->reserve = from;
  PAGE_LIST_FOREACH(pg, &ns->reserve) pg->flags |= PAGE_FROM_SPACE;
  PAGE_LIST_FOREACH(pg, &ns->active) {
    pg->flags &= ~(uintptr_t)PAGE_FROM_SPACE;
    pg->top = pg->area_start;
  }
  new_space_set_current(h, ns->active.first);
}

bool new_space_is_below_age_mark(const Heap *h, const HeapObject *o) {
  const Page *pg = page_of(o);
  return pg->seq < h->new_space.age_mark_seq ||
         (pg->seq == h->new_space.age_mark_seq && (uintptr_t)o < h->new_space.age_mark);
}

void new_space_set_age_mark(Heap *h) {
  h->new_space.age_mark_seq = h->new_space.current->seq;
  h->new_space.age_mark = h->new_space.top;
}

/* Overwrites a dead young page so that a stale pointer into it faults at once:
 * every word becomes 0x1BADBAD0, an aligned "pointer" to unmapped memory. */
static void zap_page(Page *pg) {
  for (uint64_t *p = (uint64_t *)pg->area_start; p < (uint64_t *)pg->area_end; p++)
    *p = 0x1BADBAD0;
}

void new_space_after_gc(Heap *h, bool grow) {
  NewSpace *ns = &h->new_space;
  PAGE_LIST_FOREACH(pg, &ns->reserve) {
    pg->flags &= ~(uintptr_t)PAGE_FROM_SPACE;
    pg->top = pg->area_start;
    if (FLAG_zap_from_space) zap_page(pg);
  }
  if (grow && ns->capacity_pages < ns->max_capacity_pages) {
    size_t target = MIN(ns->max_capacity_pages, ns->capacity_pages * 2);
    while (ns->capacity_pages < target) {
      Page *a = new_space_page(h), *r = new_space_page(h);
      if (!a || !r) {
        if (a) page_release(a);
        if (r) page_release(r);
        break;
      }
      page_list_append(&ns->active, a);
      page_list_append(&ns->reserve, r);
      ns->capacity_pages++;
    }
  }
}

void new_space_reset(Heap *h) {
  NewSpace *ns = &h->new_space;
  PAGE_LIST_FOREACH(pg, &ns->active) {
    pg->top = pg->area_start;
    if (FLAG_zap_from_space && ns->current) zap_page(pg);
  }
  new_space_set_current(h, ns->active.first);
  new_space_set_age_mark(h);
}

size_t heap_new_space_size(const Heap *h) {
  const NewSpace *ns = &h->new_space;
  size_t n = 0;
  for (const Page *pg = ns->active.first; pg; pg = pg->next) {
    if (pg == ns->current) {
      n += ns->top - pg->area_start;
      break;
    }
    n += pg->top - pg->area_start;
  }
  return n;
}

/* --- free lists ------------------------------------------------------------------------------------ */
static int free_list_bucket(size_t size) {
  int i = 63 - __builtin_clzll(size) - 4;   /* 16 << i <= size */
  return i < 0 ? 0 : MIN(i, FREE_LIST_BUCKETS - 1);
}

void free_list_add(PagedSpace *s, uintptr_t start, size_t size) {
  Heap *h = s->base.heap;
  heap_create_filler(h, start, size);
  if (size < FREE_LIST_MIN_BLOCK) return;
  FreeSpace *f = (FreeSpace *)start;
  int b = free_list_bucket(size);
  f->next = s->free_list.buckets[b];
  s->free_list.buckets[b] = f;
  s->free_list.available += size;
}

/* Unlinks and returns a block of at least size bytes, or NULL. */
static FreeSpace *free_list_take(PagedSpace *s, size_t size) {
  FreeList *fl = &s->free_list;
  int b = free_list_bucket(size);
  for (FreeSpace **pp = &fl->buckets[b]; *pp; pp = &(*pp)->next) {
    if ((*pp)->size >= size) {
      FreeSpace *f = *pp;
      *pp = f->next;
      fl->available -= f->size;
      return f;
    }
  }
  for (b = b + 1; b < FREE_LIST_BUCKETS; b++) {
    FreeSpace *f = fl->buckets[b];
    if (f) {
      fl->buckets[b] = f->next;
      fl->available -= f->size;
      return f;
    }
  }
  return NULL;
}

void paged_space_free_list_reset(PagedSpace *s) {
  memset(&s->free_list, 0, sizeof s->free_list);
}

/* --- paged spaces -------------------------------------------------------------------------------------- */
void paged_space_retire_lab(PagedSpace *s) {
  if (s->top < s->limit) free_list_add(s, s->top, s->limit - s->top);
  s->top = s->limit = 0;
}

Page *paged_space_add_page(PagedSpace *s) {
  Heap *h = s->base.heap;
  uintptr_t flags = PAGE_POINTERS_FROM_HERE_ARE_INTERESTING;
  if (s->base.id == SPACE_CODE) flags |= PAGE_CODE;
  if (h->marking) flags |= PAGE_POINTERS_TO_HERE_ARE_INTERESTING;
  Page *pg = page_allocate(h, &s->base, PAGE_SIZE, flags);
  if (!pg) return NULL;
  page_list_append(&s->pages, pg);
  s->committed += PAGE_SIZE;
  if (s->base.id == SPACE_CODE && h->code_write_depth == 0) page_set_code_writable(pg, false);
  return pg;
}

/* True if growing the old generation by `bytes` stays within the limit. */
size_t heap_old_generation_committed(const Heap *h) {
  return h->old_space.committed + h->code_space.committed + h->large_space.size;
}

static bool old_generation_has_room(Heap *h, size_t bytes) {
  return h->in_gc || heap_old_generation_committed(h) + bytes <= h->max_old_size;
}

HeapObject *paged_space_allocate(PagedSpace *s, size_t size, bool can_gc) {
  Heap *h = s->base.heap;
  ASSERT(s->base.id != SPACE_CODE || h->code_write_depth > 0,
         "code space allocation outside a code write scope");
  if (size <= s->limit - s->top) goto bump;
  for (int attempt = 0;; attempt++) {
    paged_space_retire_lab(s);
    FreeSpace *f = free_list_take(s, size);
    if (f) {
      s->top = (uintptr_t)f;
      s->limit = s->top + f->size;
      goto bump;
    }
    bool over_soft_limit = heap_old_generation_committed(h) > h->next_full_gc_size;
    if (old_generation_has_room(h, PAGE_SIZE) && (!over_soft_limit || !can_gc || attempt > 0)) {
      Page *pg = paged_space_add_page(s);
      if (pg) {
        s->top = pg->area_start;
        s->limit = pg->area_end;
        goto bump;
      }
    }
    if (!can_gc || attempt > 0) return NULL;
    heap_collect(h, GC_MARK_COMPACT,
                 over_soft_limit ? "old generation growth" : "old generation full");
  }
bump:;
  HeapObject *o = (HeapObject *)s->top;
  s->top += size;
  return o;
}

size_t paged_space_size(const PagedSpace *s) {
  return s->committed - s->free_list.available - (s->limit - s->top);
}

/* --- large objects ---------------------------------------------------------------------------------------- */
HeapObject *large_space_allocate(Heap *h, size_t size) {
  size_t chunk = ROUND_UP(size + PAGE_HEADER_SIZE, PAGE_SIZE);
  if (chunk < size) return NULL;   /* overflow of an absurd request */
  for (int attempt = 0; attempt < 2; attempt++) {
    if (old_generation_has_room(h, chunk)) {
      uintptr_t flags = PAGE_LARGE | PAGE_POINTERS_FROM_HERE_ARE_INTERESTING;
      if (h->marking) flags |= PAGE_POINTERS_TO_HERE_ARE_INTERESTING;
      Page *pg = page_allocate(h, &h->large_space.base, chunk, flags);
      if (pg) {
        page_list_append(&h->large_space.pages, pg);
        h->large_space.size += chunk;
        return (HeapObject *)pg->area_start;
      }
    }
    if (attempt == 0 && !h->in_gc) heap_collect(h, GC_MARK_COMPACT, "large object space full");
  }
  return NULL;
}

void large_space_free_page(Heap *h, Page *pg) {
  page_list_remove(&h->large_space.pages, pg);
  h->large_space.size -= pg->size;
  page_release(pg);
}

/* --- the allocation slow path ------------------------------------------------------------------------------ */
/* Under GC stress, runs the GC that every --gc-interval'th allocation asks for. */
static void stress_step(Heap *h) {
  int64_t interval = FLAG_gc_interval ? FLAG_gc_interval : 1;
  if (++h->allocation_count % (uint64_t)interval) return;
  GCKind kind = GC_SCAVENGE;
  if (FLAG_stress_compaction) kind = GC_MARK_COMPACT;
  else if (!FLAG_stress_scavenge && (h->allocation_count / (uint64_t)interval) % 4 == 0)
    kind = GC_MARK_COMPACT;
  heap_collect(h, kind, "stress");
}

HeapObject *heap_allocate_slow(Heap *h, size_t size, AllocSpace where) {
  ASSERT(!h->in_gc, "the mutator allocator must not run inside a GC");
  h->oom = false;
  if (size > (size_t)1 << 40) return h->oom = true, NULL;
  if (h->stress) stress_step(h);
  HeapObject *o = NULL;
  if (size > MAX_REGULAR_OBJECT_SIZE) {
    ASSERT(where != ALLOC_CODE, "code objects must fit in a page");
    o = large_space_allocate(h, size);
  } else if (where == ALLOC_YOUNG) {
    o = new_space_try_allocate(h, size);
    if (!o) {
      heap_collect(h, GC_SCAVENGE, "allocation failure");
      /* Promotion may grow the old generation past its trigger or its
       * limit: collect it, and fail cleanly if live data exceeds the limit. */
      if (heap_old_generation_committed(h) > h->next_full_gc_size)
        heap_collect(h, GC_MARK_COMPACT, "old generation growth");
      if (heap_old_generation_committed(h) > h->max_old_size) return h->oom = true, NULL;
      o = new_space_try_allocate(h, size);
    }
    if (!o) o = paged_space_allocate(&h->old_space, size, true);
  } else {
    o = paged_space_allocate(where == ALLOC_CODE ? &h->code_space : &h->old_space, size, true);
  }
  if (!o) h->oom = true;
  return o;
}

/* --- iteration -------------------------------------------------------------------------------------------------- */
void heap_retire_allocation_areas(Heap *h) {
  paged_space_retire_lab(&h->old_space);
  if (h->code_space.top < h->code_space.limit) {
    heap_code_write_begin(h);
    paged_space_retire_lab(&h->code_space);
    heap_code_write_end(h);
  }
  h->new_space.current->top = h->new_space.top;
}

/* Visits the objects of [start, end). */
static void for_each_in_range(uintptr_t start, uintptr_t end, HeapObjectFn fn, void *arg) {
  for (uintptr_t a = start; a < end;) {
    HeapObject *o = (HeapObject *)a;
    size_t size = heap_object_size(o);
    fn(o, arg);
    a += size;
  }
}

void heap_for_each_object(Heap *h, HeapObjectFn fn, void *arg) {
  heap_retire_allocation_areas(h);
  for (Page *pg = h->new_space.active.first; pg; pg = pg->next) {
    for_each_in_range(pg->area_start, pg->top, fn, arg);
    if (pg == h->new_space.current) break;
  }
  PAGE_LIST_FOREACH(pg, &h->old_space.pages) for_each_in_range(pg->area_start, pg->area_end, fn, arg);
  PAGE_LIST_FOREACH(pg, &h->code_space.pages) for_each_in_range(pg->area_start, pg->area_end, fn, arg);
  PAGE_LIST_FOREACH(pg, &h->large_space.pages) fn((HeapObject *)pg->area_start, arg);
}

bool heap_contains_page(const Heap *h, const Page *target) {
  const PageList *lists[] = {&h->new_space.active, &h->old_space.pages, &h->code_space.pages,
                             &h->large_space.pages, &h->new_space.reserve};
  for (size_t i = 0; i < ARRAY_LEN(lists); i++)
    for (const Page *pg = lists[i]->first; pg; pg = pg->next)
      if (pg == target) return true;
  return false;
}

size_t heap_old_generation_size(const Heap *h) {
  return paged_space_size(&h->old_space) + paged_space_size(&h->code_space) +
         h->large_space.size;
}
