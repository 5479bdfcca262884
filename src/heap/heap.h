/*
 * heap.h - the garbage-collected heap: spaces, allocation, the write
 * barrier, and the two collectors (DESIGN section 3).
 *
 * Spaces:  new   two semispaces of pages; bump allocation in the active one
 *          old   pages with segregated free lists; linear allocation areas
 *          code  like old, object area read+execute outside write scopes
 *          large one object per page run, never moved
 * Maps and internalized strings are allocated in old space, never young.
 *
 * Invariants the rest of the engine relies on:
 *  - Any call that may allocate may run a GC that moves every young object
 *    and, in a mark-compact, old ones too: hold heap values in handles.
 *  - Every store of a value into a heap object goes through heap_store()
 *    (or heap_write_barrier() right after the store), except initializing
 *    stores into an object just allocated that heap_in_young() says is in
 *    new space: an ALLOC_YOUNG request may be served from old space (large
 *    objects; new space still full after a scavenge).
 *  - Between GCs, every old-to-young pointer's slot is in its page's slot
 *    set or in the store buffer (the OLD_TO_NEW remembered set).
 */
#ifndef RONDO_HEAP_HEAP_H
#define RONDO_HEAP_HEAP_H

#include "heap/page.h"

struct Runtime;

#define SPACE_LIST(X) \
  X(NEW, "new")       \
  X(OLD, "old")       \
  X(CODE, "code")     \
  X(LARGE, "large")
typedef enum {
#define X(id, name) SPACE_##id,
  SPACE_LIST(X)
#undef X
  SPACE_COUNT
} SpaceId;

typedef struct Space {
  SpaceId id;
  struct Heap *heap;
} Space;

/* Segregated free list: bucket i holds blocks of [16 << i, 32 << i) bytes
 * (the last bucket everything larger). Blocks are FREE_SPACE objects. */
#define FREE_LIST_BUCKETS 14
#define FREE_LIST_MIN_BLOCK 24   /* smaller gaps stay fillers until the next sweep */
typedef struct FreeList {
  FreeSpace *buckets[FREE_LIST_BUCKETS];
  size_t available;
} FreeList;

typedef struct PagedSpace {
  Space base;
  PageList pages;
  FreeList free_list;
  uintptr_t top, limit;        /* linear allocation area; top == limit: none */
  size_t committed;            /* bytes of pages */
} PagedSpace;

typedef struct NewSpace {
  Space base;
  PageList active;             /* the semispace allocation happens in */
  PageList reserve;            /* the other semispace (to-space of the next scavenge) */
  Page *current;               /* page of the allocation area */
  uintptr_t top, limit;        /* fast-path bounds (limit == top under GC stress) */
  uintptr_t page_limit;        /* real end of the allocation area */
  size_t capacity_pages;       /* pages per semispace */
  size_t max_capacity_pages;
  uint64_t age_mark_seq;       /* objects below (seq, addr) survived a scavenge */
  uintptr_t age_mark;
  uint64_t next_seq;
} NewSpace;

typedef struct LargeSpace {
  Space base;
  PageList pages;
  size_t size;
} LargeSpace;

/* The store buffer: slots recorded by the barrier, drained into slot sets. */
#define STORE_BUFFER_SLOTS 4096

/* Explicit worklist of heap objects (marking, scavenging). */
typedef struct Worklist {
  HeapObject **items;
  size_t count, capacity;
} Worklist;

typedef enum { GC_SCAVENGE, GC_MARK_COMPACT } GCKind;

typedef struct GCStats {
  uint64_t scavenges, mark_compacts;
  uint64_t promoted_bytes;      /* lifetime total */
  double pause_ms;              /* lifetime total */
  /* of the last GC: */
  size_t last_promoted, last_weak_cleared, last_code_freed;
  size_t last_code_objects_freed, last_code_object_bytes_freed;   /* dead Code on the weak lists */
} GCStats;

typedef struct Heap {
  NewSpace new_space;
  PagedSpace old_space;
  PagedSpace code_space;
  LargeSpace large_space;
  uintptr_t *sb_top, *sb_limit;
  uintptr_t store_buffer[STORE_BUFFER_SLOTS];
  bool marking;                 /* barrier also marks (incremental marking) */
  bool in_gc;
  bool oom;                     /* the last allocation failed */
  int code_write_depth;
  size_t max_old_size;          /* --max-old-space-size in bytes */
  size_t next_full_gc_size;     /* old generation size that triggers a full GC */
  uint64_t allocation_count;    /* for --gc-interval */
  bool stress;                  /* --gc-interval or a stress flag is on */
  Worklist worklist;
  GCStats stats;
  double start_time_ms;
  struct Runtime *rt;
} Heap;

typedef enum { ALLOC_YOUNG, ALLOC_OLD, ALLOC_CODE } AllocSpace;

/* --- life cycle ------------------------------------------------------------------ */
bool heap_init(Heap *h, struct Runtime *rt) RD_MUST_CHECK;
void heap_teardown(Heap *h);

/* --- allocation --------------------------------------------------------------------
 * Returns uninitialized memory of `size` bytes (a multiple of 8) whose map
 * word the caller sets at once; NULL when the heap is out of memory (after a
 * last-resort full GC) - the caller turns that into an exception. */
HeapObject *heap_allocate_slow(Heap *h, size_t size, AllocSpace where) RD_MUST_CHECK;

RD_INLINE RD_MUST_CHECK HeapObject *heap_allocate(Heap *h, size_t size, AllocSpace where) {
  ASSERT((size & 7) == 0 && size >= 8, "bad allocation size");
  if (RD_LIKELY(where == ALLOC_YOUNG)) {
    uintptr_t top = h->new_space.top;
    if (RD_LIKELY(size <= h->new_space.limit - top)) {
      h->new_space.top = top + size;
      return (HeapObject *)top;
    }
  }
  return heap_allocate_slow(h, size, where);
}

/* Writes a filler (FILLER or FREE_SPACE object) over [start, start+size). */
void heap_create_filler(Heap *h, uintptr_t start, size_t size);

/* --- write barrier -------------------------------------------------------------------- */
void heap_write_barrier_slow(Heap *h, HeapObject *host, rd_value *slot, rd_value v);

/* Records the store of v into host's slot when it matters to the GC: an
 * old-to-young pointer (remembered set) or any pointer while marking. The
 * fast path is a tag test and two page-flag tests. */
RD_INLINE void heap_write_barrier(HeapObject *host, rd_value *slot, rd_value v) {
  if (value_is_ptr(v) &&
      page_has(page_of(host), PAGE_POINTERS_FROM_HERE_ARE_INTERESTING) &&
      page_has(page_of_value(v), PAGE_POINTERS_TO_HERE_ARE_INTERESTING))
    heap_write_barrier_slow(page_of(host)->heap, host, slot, v);
}

/* Stores v into host's slot with the write barrier. */
RD_INLINE void heap_store(HeapObject *host, rd_value *slot, rd_value v) {
  *slot = v;
  heap_write_barrier(host, slot, v);
}
#define HEAP_STORE(host, field_lvalue, v) \
  heap_store((HeapObject *)(host), &(field_lvalue), (v))

/* Runs the barrier for n consecutive slots already written (bulk copies). */
void heap_write_barrier_range(HeapObject *host, rd_value *slot, size_t n);

/* Moves the store buffer into the per-page slot sets. */
void heap_drain_store_buffer(Heap *h);

/* --- collection ---------------------------------------------------------------------------- */
void heap_collect(Heap *h, GCKind kind, const char *reason);
void heap_scavenge(Heap *h);        /* heap/scavenger.c; call via heap_collect */
void heap_mark_compact(Heap *h);    /* heap/mark_compact.c; call via heap_collect */

/* Whole-heap consistency check; aborts with a description on the first fault. */
void heap_verify(Heap *h, const char *when);

/* --- code write scopes (W^X) ------------------------------------------------------------------ */
void heap_code_write_begin(Heap *h);
void heap_code_write_end(Heap *h);

/* --- iteration and sizes ------------------------------------------------------------------------ */
size_t heap_old_generation_size(const Heap *h);   /* old + code + large, bytes in use */
size_t heap_old_generation_committed(const Heap *h); /* the same, bytes of pages */
size_t heap_new_space_size(const Heap *h);
size_t paged_space_size(const PagedSpace *s);
/* Calls fn for every object of the heap (fillers included) in address order per page. */
typedef void (*HeapObjectFn)(HeapObject *o, void *arg);
void heap_for_each_object(Heap *h, HeapObjectFn fn, void *arg);
/* Gives up the linear allocation areas of old and code space (filling their rest). */
void heap_retire_allocation_areas(Heap *h);
/* True if p points at the start of an object on a page of this heap (slow; verifier). */
bool heap_contains_page(const Heap *h, const Page *pg);
double heap_now_ms(void);

/* --- spaces (spaces.c) ------------------------------------------------------------------------------- */
bool new_space_init(Heap *h) RD_MUST_CHECK;
/* Swaps the semispaces for a scavenge: the active pages become from-space. */
void new_space_flip(Heap *h);
/* Frees or recycles from-space after a scavenge (zapping it in debug). */
void new_space_after_gc(Heap *h, bool grow);
/* Empties new space (after mark-compact evacuated every live young object). */
void new_space_reset(Heap *h);
bool new_space_is_below_age_mark(const Heap *h, const HeapObject *o);
/* Allocation used by the scavenger in the active semispace; NULL when full. */
HeapObject *new_space_allocate_during_gc(Heap *h, size_t size);
void new_space_set_age_mark(Heap *h);
HeapObject *paged_space_allocate(PagedSpace *s, size_t size, bool can_gc);
void paged_space_free_list_reset(PagedSpace *s);
void free_list_add(PagedSpace *s, uintptr_t start, size_t size);
void paged_space_retire_lab(PagedSpace *s);
Page *paged_space_add_page(PagedSpace *s);
HeapObject *large_space_allocate(Heap *h, size_t size);
void large_space_free_page(Heap *h, Page *pg);

/* --- worklists ---------------------------------------------------------------------------------------------- */
void worklist_push(Worklist *w, HeapObject *o);
RD_INLINE HeapObject *worklist_pop(Worklist *w) {
  return w->count ? w->items[--w->count] : NULL;
}
void worklist_free(Worklist *w);

/* Forwarding (during a moving GC): the map word holds the new address | 1. */
#define FORWARDING_TAG ((rd_value)1)
RD_INLINE bool heap_is_forwarded(const HeapObject *o) { return (o->map & FORWARDING_TAG) != 0; }
RD_INLINE HeapObject *heap_forwardee(const HeapObject *o) {
  return (HeapObject *)(uintptr_t)(o->map & ~FORWARDING_TAG);
}
RD_INLINE void heap_set_forwarding(HeapObject *o, HeapObject *to) {
  o->map = (rd_value)(uintptr_t)to | FORWARDING_TAG;
}

#endif
