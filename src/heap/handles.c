/*
 * handles.c - the handle stack: chained blocks of slots, scopes that pop
 * them, and iteration for the GC. See handles.h for the rule C code follows.
 * Invariant: slots [block->slots, next) of the current block and
 * [b->slots, b->limit) of every older block are live handles.
 */
#include <stdlib.h>

#include "runtime/runtime.h"

void handles_init(HandleData *hd) { memset(hd, 0, sizeof *hd); }

void handles_free(HandleData *hd) {
  for (HandleBlock *b = hd->block, *prev; b; b = prev) {
    prev = b->prev;
    free(b);
  }
  free(hd->spare);
  memset(hd, 0, sizeof *hd);
}

HandleScope handle_scope_open(struct Runtime *rt) {
  HandleData *hd = &rt->handles;
  hd->scope_depth++;
  return (HandleScope){hd, hd->next, hd->limit, hd->block};
}

void handle_scope_close(HandleScope *s) {
  HandleData *hd = s->hd;
  rd_value *used_end = hd->next;
  while (hd->block != s->prev_block) {
    HandleBlock *b = hd->block;
    hd->block = b->prev;
    used_end = hd->block ? hd->block->limit : NULL;
    if (!hd->spare) hd->spare = b;
    else free(b);
  }
  /* Zap the popped handles of the block we return to: a stale Handle then
   * reads undefined instead of a pointer the GC no longer updates. */
  DEBUG_ONLY(for (rd_value *p = s->prev_next; p && p < used_end; p++) *p = VALUE_UNDEFINED;)
  (void)used_end;
  hd->next = s->prev_next;
  hd->limit = s->prev_limit;
  hd->scope_depth--;
}

Handle handle_new_slow(HandleData *hd, rd_value v) {
  CHECK(hd->scope_depth > 0 && "handle made outside any HANDLE_SCOPE");
  HandleBlock *b = hd->spare;
  hd->spare = NULL;
  if (!b) b = malloc(sizeof *b);
  CHECK(b != NULL);   /* a few KiB of C memory: failing here means the process is gone */
  if (hd->block) hd->block->limit = hd->next;
  b->prev = hd->block;
  b->limit = NULL;
  hd->block = b;
  hd->next = b->slots;
  hd->limit = b->slots + HANDLE_BLOCK_SLOTS;
  *hd->next = v;
  return hd->next++;
}

void handles_iterate(HandleData *hd, void (*fn)(void *arg, rd_value *start, rd_value *end),
                     void *arg) {
  for (HandleBlock *b = hd->block; b; b = b->prev) {
    rd_value *end = b == hd->block ? hd->next : b->limit;
    if (end > b->slots) fn(arg, b->slots, end);
  }
}

size_t handles_count(const HandleData *hd) {
  size_t n = 0;
  for (HandleBlock *b = hd->block; b; b = b->prev)
    n += (size_t)((b == hd->block ? hd->next : b->limit) - b->slots);
  return n;
}
