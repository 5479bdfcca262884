/*
 * code.c - Code objects (code.h): creation under a code write scope,
 * safepoint tables, the realm's weak code lists and pc lookup.
 *
 * Invariant: next_code_link is outside a Code's tagged range, so marking
 * never follows the lists; code_lists_process_weak is the only place that
 * prunes them, after marking and before sweeping (a dead Code's header is
 * still intact then).
 */
#include "codegen/code.h"
#include "codegen/frames.h"

#include <stdlib.h>

#include "objects/factory.h"

/* --- safepoint tables ------------------------------------------------------------------ */
RD_INLINE uint32_t bitmap_bytes(uint32_t slots) { return (slots + 7) / 8; }

void safepoints_init(SafepointBuilder *b, uint32_t frame_slots) {
  memset(b, 0, sizeof *b);
  b->frame_slots = frame_slots;
}

void safepoints_add(SafepointBuilder *b, uint32_t pc_offset, const uint32_t *tagged, uint32_t n) {
  uint32_t esize = 4 + bitmap_bytes(b->frame_slots);
  if (b->failed) return;
  if (b->count) {
    uint32_t last;
    memcpy(&last, b->data + (size_t)(b->count - 1) * esize, 4);
    CHECK(pc_offset > last);
  }
  if (b->count == b->capacity) {
    uint32_t cap = b->capacity ? b->capacity * 2 : 8;
    uint8_t *p = realloc(b->data, (size_t)cap * esize);
    if (!p) {
      b->failed = true;
      return;
    }
    b->data = p;
    b->capacity = cap;
  }
  uint8_t *e = b->data + (size_t)b->count++ * esize;
  memcpy(e, &pc_offset, 4);
  memset(e + 4, 0, esize - 4);
  for (uint32_t i = 0; i < n; i++) {
    CHECK(tagged[i] < b->frame_slots);
    e[4 + (tagged[i] >> 3)] |= (uint8_t)(1u << (tagged[i] & 7));
  }
}

void safepoints_free(SafepointBuilder *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

const uint8_t *code_safepoint_lookup(const Code *c, uint32_t pc_offset) {
  if (!value_is_ptr(c->safepoints)) return NULL;
  /* During a moving GC the table may already be copied and c not updated. */
  HeapObject *o = value_to_ptr(c->safepoints);
  if (heap_is_forwarded(o)) o = heap_forwardee(o);
  if (heap_object_map(o)->instance_type != TYPE_BYTE_ARRAY) return NULL;
  const ByteArray *ba = (const ByteArray *)o;
  uint32_t count, bytes;
  memcpy(&count, ba->data, 4);
  memcpy(&bytes, ba->data + 4, 4);
  uint32_t esize = 4 + bytes, lo = 0, hi = count;
  const uint8_t *entries = ba->data + 8;
  while (lo < hi) {   /* binary search over the sorted offsets */
    uint32_t mid = lo + (hi - lo) / 2, off;
    memcpy(&off, entries + (size_t)mid * esize, 4);
    if (off == pc_offset) return entries + (size_t)mid * esize + 4;
    if (off < pc_offset) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* The ByteArray of a builder's table. */
static rd_value safepoint_table_new(Runtime *rt, const SafepointBuilder *b) {
  uint32_t bytes = bitmap_bytes(b->frame_slots), esize = 4 + bytes;
  size_t len = 8 + (size_t)b->count * esize;
  if (len > INT32_MAX) return runtime_throw_range_error(rt, "safepoint table too large");
  rd_value v = factory_byte_array(rt, (uint32_t)len, ALLOC_OLD);
  if (!v) return VALUE_EMPTY;
  ByteArray *ba = (ByteArray *)value_to_ptr(v);
  memcpy(ba->data, &b->count, 4);
  memcpy(ba->data + 4, &bytes, 4);
  if (b->count) memcpy(ba->data + 8, b->data, (size_t)b->count * esize);
  return v;
}

/* --- creation ------------------------------------------------------------------------------- */
/* Pushes code onto the weak list at *head. */
static void list_push(rd_value *head, rd_value code) {
  CODE(code)->next_code_link = *head;
  *head = code;
}

rd_value code_new(Runtime *rt, const CodeDesc *d) {
  HANDLE_SCOPE(rt);
  Handle safepoints = handle_new(rt, ROOT(rt, empty_fixed_array));
  if (d->safepoints) {
    if (d->safepoints->failed) return runtime_throw_oom(rt);
    CHECK(d->safepoints->frame_slots == d->frame_slots);
    *safepoints = safepoint_table_new(rt, d->safepoints);
    if (!*safepoints) return VALUE_EMPTY;
  }
  rd_value v = factory_code(rt, d->instructions, d->size);
  if (!v) return VALUE_EMPTY;
  Heap *h = &rt->heap;
  heap_code_write_begin(h);
  Code *c = CODE(v);
  c->kind = (uint32_t)d->kind;
  c->frame_slots = d->frame_slots;
  /* Code is old: these stores need the barrier (the values may be young). */
  HEAP_STORE(c, c->safepoints, *safepoints);
  if (d->shared_info) HEAP_STORE(c, c->shared_info, *d->shared_info);
  if (d->deopt_data) HEAP_STORE(c, c->deopt_data, *d->deopt_data);
  if (d->constants) HEAP_STORE(c, c->constants, *d->constants);
  if (d->kind == CODE_KIND_OPTIMIZED) list_push(&rt->optimized_code_list, v);
  heap_code_write_end(h);
  return v;
}

rd_value code_new_from_assembler(Runtime *rt, Assembler *a, CodeDesc *d) {
  for (size_t i = 0; i < a->reloc_count; i++)
    CHECK(a->relocs[i].kind != RELOC_HEAP_POINTER);   /* use Code.constants */
  uint8_t *bytes;
  size_t size;
  bool ok = asm_finish(a, &bytes, &size);
  asm_free(a);
  if (!ok) return runtime_throw_oom(rt);
  if (size > UINT32_MAX) {
    free(bytes);
    return runtime_throw_range_error(rt, "code too large");
  }
  d->instructions = bytes;
  d->size = (uint32_t)size;
  rd_value r = code_new(rt, d);
  free(bytes);
  d->instructions = NULL;
  return r;
}

void code_asm_load_constants(Assembler *a, X64Reg dst) {
  /* mov r64, [rip + disp32] is 7 bytes (REX, 8B, ModRM, disp32). */
  int64_t end = (int64_t)asm_pc(a) + 7;
  int64_t field = (int64_t)offsetof(Code, constants) - (int64_t)offsetof(Code, instructions);
  size_t before = asm_pc(a);
  asm_mov_rm(a, W64, dst, asm_mem_rip((int32_t)(field - end)));
  CHECK(asm_pc(a) - before == 7);
}

/* --- weak lists ---------------------------------------------------------------------------------- */
/* Removes code from the list at *head; false if it is not there. */
static bool list_remove(rd_value *head, rd_value code) {
  for (rd_value *link = head; *link; link = &CODE(*link)->next_code_link) {
    if (*link == code) {
      *link = CODE(code)->next_code_link;
      CODE(code)->next_code_link = VALUE_EMPTY;
      return true;
    }
  }
  return false;
}

void code_mark_for_deoptimization(Runtime *rt, rd_value code) {
  Heap *h = &rt->heap;
  if (code_is_marked_for_deoptimization(code)) return;
  heap_code_write_begin(h);
  CODE(code)->flags |= CODE_FLAG_MARKED_FOR_DEOPTIMIZATION;
  if (list_remove(&rt->optimized_code_list, code)) list_push(&rt->deoptimized_code_list, code);
  heap_code_write_end(h);
  frames_deoptimize_activations(rt, code);   /* activations on the stack: lazily */
}

bool code_list_contains(rd_value list, rd_value code) {
  for (rd_value c = list; c; c = CODE(c)->next_code_link)
    if (c == code) return true;
  return false;
}

uint32_t code_list_length(rd_value list) {
  uint32_t n = 0;
  for (rd_value c = list; c; c = CODE(c)->next_code_link) n++;
  return n;
}

/* Prunes one list (the caller holds a code write scope). */
static size_t process_list(Heap *h, rd_value *head, WeakRetainer *w) {
  size_t cleared = 0;
  rd_value *link = head;
  while (*link) {
    rd_value c = *link, next = CODE(c)->next_code_link;
    rd_value kept = w->retain(w, c);
    if (!kept) {
      h->stats.last_code_objects_freed++;
      h->stats.last_code_object_bytes_freed += CODE(c)->size;
      *link = next;
      cleared++;
    } else {
      *link = kept;
      link = &CODE(kept)->next_code_link;
    }
  }
  return cleared;
}

size_t code_lists_process_weak(Runtime *rt, WeakRetainer *w) {
  Heap *h = &rt->heap;
  heap_code_write_begin(h);
  size_t n = process_list(h, &rt->optimized_code_list, w) + process_list(h, &rt->deoptimized_code_list, w);
  heap_code_write_end(h);
  return n;
}

/* --- pc lookup ------------------------------------------------------------------------------------ */
RD_INLINE bool code_contains(const Code *c, uintptr_t pc) {
  uintptr_t start = (uintptr_t)c->instructions;
  return pc >= start && pc < start + c->instruction_size;
}

Code *code_lookup_pc(Runtime *rt, uintptr_t pc) {
  rd_value lists[2] = {rt->optimized_code_list, rt->deoptimized_code_list};
  for (int i = 0; i < 2; i++)
    for (rd_value c = lists[i]; c; c = CODE(c)->next_code_link)
      if (code_contains(CODE(c), pc)) return CODE(c);
  rd_value stub = ROOT(rt, entry_stub);
  if (value_has_type(stub, TYPE_CODE) && code_contains(CODE(stub), pc)) return CODE(stub);
  return NULL;
}
