/*
 * handles.h - roots held by C code (DESIGN section 4).
 *
 * THE RULE: the GC moves objects. A heap value (rd_value pointing into the
 * heap, or any HeapObject*) held in a C variable is valid only until the next
 * call that may allocate - and every call that takes a Runtime* may allocate
 * unless its comment says otherwise. To keep a value across such a call, put
 * it in a Handle (handle_new) and read it back through the handle (*h) after
 * the call. Never cache *h in a local across an allocating call.
 *
 * A Handle is a slot on the runtime's handle stack, visited and updated by
 * every GC. HANDLE_SCOPE(rt) opens a scope that frees the handles made in it
 * when the enclosing C block ends. Functions return raw rd_values (valid
 * until the caller's next allocation); the caller makes a handle if needed.
 * Values that must outlive any scope (embedder globals) use persistent
 * handles (rd_persistent_new). Non-pointer values (numbers, specials) need no
 * handle. Slots are never moved: handle blocks are chained, not reallocated.
 */
#ifndef RONDO_HEAP_HANDLES_H
#define RONDO_HEAP_HANDLES_H

#include "objects/value.h"

struct Runtime;
typedef rd_value *Handle;

#define HANDLE_BLOCK_SLOTS 1022
typedef struct HandleBlock {
  struct HandleBlock *prev;
  rd_value *limit;             /* one past the last used slot when not current */
  rd_value slots[HANDLE_BLOCK_SLOTS];
} HandleBlock;

typedef struct HandleData {
  rd_value *next, *limit;      /* free slots of the current block */
  HandleBlock *block;          /* current block; older ones via prev */
  HandleBlock *spare;          /* one cached free block */
  size_t scope_depth;
} HandleData;

typedef struct HandleScope {
  struct HandleData *hd;
  rd_value *prev_next, *prev_limit;
  HandleBlock *prev_block;
} HandleScope;

HandleScope handle_scope_open(struct Runtime *rt);
void handle_scope_close(HandleScope *s);
Handle handle_new_slow(HandleData *hd, rd_value v);

#define RD_CONCAT_(a, b) a##b
#define RD_CONCAT(a, b) RD_CONCAT_(a, b)
/* Opens a handle scope closed automatically at the end of the C block. */
#define HANDLE_SCOPE(rt)                                                      \
  HandleScope RD_CONCAT(handle_scope_, __LINE__) RD_UNUSED                    \
      __attribute__((cleanup(handle_scope_close))) = handle_scope_open(rt)

void handles_init(HandleData *hd);
void handles_free(HandleData *hd);
/* Number of live handles (for tests and leak checks). */
size_t handles_count(const HandleData *hd);
/* Calls fn on every live slot range (GC root visiting). */
void handles_iterate(HandleData *hd, void (*fn)(void *arg, rd_value *start, rd_value *end),
                     void *arg);

#endif
