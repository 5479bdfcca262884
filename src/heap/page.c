/*
 * page.c - mapping and releasing aligned page chunks, code-page protection,
 * OLD_TO_NEW slot sets and page lists.
 * Invariant: a page's header is always readable and writable; only the
 * object area of a code page changes protection.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "heap/heap.h"

Page *page_allocate(struct Heap *heap, struct Space *space, size_t size, uintptr_t flags) {
  ASSERT(size % PAGE_SIZE == 0, "page size must be a multiple of 256 KiB");
  size_t span = size + PAGE_SIZE;
  char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return NULL;
  uintptr_t start = ROUND_UP((uintptr_t)raw, PAGE_SIZE);
  /* Trim the unaligned head and the tail of the over-sized mapping. */
  if (start > (uintptr_t)raw) munmap(raw, start - (uintptr_t)raw);
  uintptr_t end = (uintptr_t)raw + span;
  if (end > start + size) munmap((void *)(start + size), end - (start + size));
  Page *pg = (Page *)start;   /* fresh anonymous memory is zero: bitmap clear */
  pg->flags = flags;
  pg->heap = heap;
  pg->space = space;
  pg->size = size;
  pg->area_start = start + PAGE_HEADER_SIZE;
  pg->area_end = start + size;
  pg->top = pg->area_start;
  return pg;
}

void page_release(Page *pg) {
  page_slot_set_free(pg);
  munmap(pg, pg->size);
}

void page_set_code_writable(Page *pg, bool writable) {
  int prot = writable ? PROT_READ | PROT_WRITE : PROT_READ | PROT_EXEC;
  CHECK(mprotect((void *)pg->area_start, pg->area_end - pg->area_start, prot) == 0);
}

bool page_slot_set_insert(Page *pg, uintptr_t slot) {
  if (!pg->slot_set) {
    pg->slot_set = calloc(page_slot_set_words(pg), sizeof(uint64_t));
    if (!pg->slot_set) return false;
  }
  uintptr_t i = (slot - (uintptr_t)pg) >> 3;
  pg->slot_set[i >> 6] |= (uint64_t)1 << (i & 63);
  return true;
}

void page_slot_set_free(Page *pg) {
  free(pg->slot_set);
  pg->slot_set = NULL;
}

void page_list_append(PageList *l, Page *pg) {
  pg->prev = l->last;
  pg->next = NULL;
  if (l->last) l->last->next = pg;
  else l->first = pg;
  l->last = pg;
  l->count++;
}

void page_list_remove(PageList *l, Page *pg) {
  if (pg->prev) pg->prev->next = pg->next;
  else l->first = pg->next;
  if (pg->next) pg->next->prev = pg->prev;
  else l->last = pg->prev;
  pg->next = pg->prev = NULL;
  l->count--;
}
