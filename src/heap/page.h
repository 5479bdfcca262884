/*
 * page.h - heap pages: 256 KiB chunks aligned to 256 KiB, so the page of any
 * object is its address with the low 18 bits cleared.
 *
 *  page + 0       Page header (flags first: the write barrier reads it)
 *  page + 4096    mark bitmap: one bit per 8-byte word of the first 256 KiB
 *  page + 8192    object area [area_start, area_end)
 *
 * A large-object page is a run of 256 KiB units holding one object that
 * starts at page + 8192; its header and bitmap look the same (only the
 * object's start, always in the first unit, ever gets a mark bit).
 * Code pages keep the header RW and map the object area read+execute except
 * inside a code write scope (heap/heap.h), so no page is writable and
 * executable at once.
 *
 * Invariant: every page is iterable from area_start to its allocation end:
 * gaps hold FILLER or FREE_SPACE objects. For new-space pages the end is
 * page->top; for others area_end, once the linear allocation areas have
 * been retired (heap_retire_allocation_areas fills their rest).
 */
#ifndef RONDO_HEAP_PAGE_H
#define RONDO_HEAP_PAGE_H

#include "objects/objects.h"

#define PAGE_SIZE_LOG2 18
#define PAGE_SIZE ((size_t)1 << PAGE_SIZE_LOG2)
#define PAGE_HEADER_SIZE ((size_t)8192)
#define PAGE_BITMAP_OFFSET ((size_t)4096)
#define PAGE_AREA_SIZE (PAGE_SIZE - PAGE_HEADER_SIZE)
/* Objects larger than this go to large-object space. */
#define MAX_REGULAR_OBJECT_SIZE ((size_t)128 * 1024)

/* Page flags, one X-macro list.
 *   POINTERS_FROM_HERE_ARE_INTERESTING: stores into objects of this page need
 *     the barrier's slow path (old pages; every page while marking)
 *   POINTERS_TO_HERE_ARE_INTERESTING: stores of pointers to this page need it
 *     (young pages; every page while marking)                                */
#define PAGE_FLAG_LIST(X)                  \
  X(POINTERS_FROM_HERE_ARE_INTERESTING, 0) \
  X(POINTERS_TO_HERE_ARE_INTERESTING, 1)   \
  X(YOUNG, 2)        /* new space (either semispace) */ \
  X(FROM_SPACE, 3)   /* the semispace being evacuated */ \
  X(EVACUATION_CANDIDATE, 4)               \
  X(LARGE, 5)                              \
  X(CODE, 6)                               \
  X(NEVER_EVACUATE, 7)                     \
  X(PROMOTED_DURING_GC, 8) /* objects here were evacuated into it this GC */

enum {
#define X(name, bit) PAGE_##name = 1u << (bit),
  PAGE_FLAG_LIST(X)
#undef X
};

struct Space;
struct Heap;

typedef struct Page {
  uintptr_t flags;             /* must stay first */
  struct Heap *heap;
  struct Space *space;
  size_t size;                 /* bytes of the chunk (PAGE_SIZE or more) */
  uintptr_t area_start, area_end;
  uintptr_t top;               /* new space: end of allocated objects */
  size_t live_bytes;           /* from the last marking */
  size_t allocated_bytes;      /* paged spaces: bytes not on the free list */
  uint64_t *slot_set;          /* OLD_TO_NEW: one bit per slot, or NULL */
  struct Page *next, *prev;
  uint64_t seq;                /* new space: order of pages (age mark) */
} Page;

_Static_assert(sizeof(Page) <= PAGE_BITMAP_OFFSET, "page header too big");

RD_INLINE Page *page_of(const void *p) {
  return (Page *)((uintptr_t)p & ~(PAGE_SIZE - 1));
}
RD_INLINE Page *page_of_value(rd_value v) { return page_of((void *)(uintptr_t)v); }
RD_INLINE bool page_has(const Page *pg, uintptr_t flag) { return (pg->flags & flag) != 0; }
RD_INLINE bool heap_in_young(const void *p) { return page_has(page_of(p), PAGE_YOUNG); }
RD_INLINE bool value_in_young(rd_value v) {
  return value_is_ptr(v) && heap_in_young((void *)(uintptr_t)v);
}

/* --- mark bitmap -------------------------------------------------------------- */
RD_INLINE uint64_t *page_bitmap(const Page *pg) {
  return (uint64_t *)((uintptr_t)pg + PAGE_BITMAP_OFFSET);
}
#define PAGE_BITMAP_WORDS (PAGE_SIZE / 8 / 64)

RD_INLINE bool heap_is_marked(const void *obj) {
  uintptr_t i = ((uintptr_t)obj & (PAGE_SIZE - 1)) >> 3;
  return (page_bitmap(page_of(obj))[i >> 6] >> (i & 63)) & 1;
}
/* Sets obj's mark bit; returns false if it was already set. */
RD_INLINE bool heap_mark(const void *obj) {
  uintptr_t i = ((uintptr_t)obj & (PAGE_SIZE - 1)) >> 3;
  uint64_t *w = &page_bitmap(page_of(obj))[i >> 6], bit = (uint64_t)1 << (i & 63);
  if (*w & bit) return false;
  *w |= bit;
  return true;
}
RD_INLINE void page_clear_marks(Page *pg) {
  memset(page_bitmap(pg), 0, PAGE_BITMAP_WORDS * 8);
}

/* --- OLD_TO_NEW slot sets ---------------------------------------------------------- */
RD_INLINE size_t page_slot_set_words(const Page *pg) { return pg->size / 8 / 64; }
/* Adds a slot address to its page's slot set; false when out of memory. */
bool page_slot_set_insert(Page *pg, uintptr_t slot) RD_MUST_CHECK;
void page_slot_set_free(Page *pg);

/* --- page allocation ------------------------------------------------------------------ */
/* Maps a chunk of `size` bytes (a multiple of PAGE_SIZE) aligned to PAGE_SIZE
 * and initializes its header; NULL when the OS refuses. */
Page *page_allocate(struct Heap *heap, struct Space *space, size_t size, uintptr_t flags);
void page_release(Page *pg);
/* Makes a code page's object area RW (writable) or RX. */
void page_set_code_writable(Page *pg, bool writable);

/* Doubly linked page lists. */
typedef struct PageList {
  Page *first, *last;
  size_t count;
} PageList;
void page_list_append(PageList *l, Page *pg);
void page_list_remove(PageList *l, Page *pg);
#define PAGE_LIST_FOREACH(pg, list) \
  for (Page *pg = (list)->first, *pg##_next_ = pg ? pg->next : NULL; pg; \
       pg = pg##_next_, pg##_next_ = pg ? pg->next : NULL)

#endif
