/*
 * code.h - Code objects for machine code (docs/tiers.md): creation from an
 * assembler's output, safepoint tables, the realm's weak optimized-code and
 * deoptimized-code lists, and pc -> Code lookup for the stack walker.
 *
 * Invariants: Code objects never move (mark-compact does not compact code
 * space), so return addresses on the machine stack and the entry stub's
 * address stay valid for the object's lifetime; code holds no embedded heap
 * pointer (constants come from Code.constants); every Code of kind
 * CODE_KIND_OPTIMIZED is on exactly one of the two weak lists from its
 * creation until a mark-compact finds it dead.
 */
#ifndef RONDO_CODEGEN_CODE_H
#define RONDO_CODEGEN_CODE_H

#include "codegen/x64/assembler.h"
#include "runtime/runtime.h"

#define CODE_KIND_LIST(X)                                                   \
  X(STUB, "stub")                   /* entry stub, deopt entry, ... */      \
  X(OPTIMIZED, "optimized")         /* an optimized JS function */
typedef enum {
#define X(name, str) CODE_KIND_##name,
  CODE_KIND_LIST(X)
#undef X
  CODE_KIND_COUNT
} CodeKind;

enum { CODE_FLAG_MARKED_FOR_DEOPTIMIZATION = 1 << 0 };

RD_INLINE Code *CODE(rd_value v) { return (Code *)value_to_ptr(v); }

/* --- safepoint tables ----------------------------------------------------------------
 * A ByteArray: u32 entry count, u32 bitmap bytes per entry, then entries of
 * (u32 return-address offset from the first instruction, bitmap) sorted by
 * offset; bit i of the bitmap set = spill slot i ([rbp - 40 - 8*i]) holds a
 * tagged value at that call. */
typedef struct SafepointBuilder {
  uint32_t frame_slots, count, capacity;
  uint8_t *data;               /* count entries of entry_size bytes */
  bool failed;                 /* out of memory: code_new fails */
} SafepointBuilder;
void safepoints_init(SafepointBuilder *b, uint32_t frame_slots);
/* Adds the safepoint of the call returning to pc_offset; offsets must
 * increase. tagged lists the spill slots holding tagged values. */
void safepoints_add(SafepointBuilder *b, uint32_t pc_offset, const uint32_t *tagged, uint32_t n);
void safepoints_free(SafepointBuilder *b);
/* The bitmap of the safepoint at pc_offset in c, or NULL if there is none. */
const uint8_t *code_safepoint_lookup(const Code *c, uint32_t pc_offset);
RD_INLINE bool safepoint_slot_is_tagged(const uint8_t *bits, uint32_t slot) {
  return (bits[slot >> 3] >> (slot & 7)) & 1;
}

/* --- creation -------------------------------------------------------------------------------- */
typedef struct CodeDesc {
  CodeKind kind;
  const uint8_t *instructions;
  uint32_t size;
  uint32_t frame_slots;        /* optimized code: spill slots after the fixed frame */
  const SafepointBuilder *safepoints;   /* or NULL */
  Handle shared_info;          /* or NULL */
  Handle deopt_data;           /* FixedArray or NULL */
  Handle constants;            /* FixedArray or NULL */
} CodeDesc;
/* A Code object in code space with d's instructions (written under a code
 * write scope). Optimized code is put on the realm's optimized-code list.
 * VALUE_EMPTY with an exception pending on out of memory. */
rd_value code_new(Runtime *rt, const CodeDesc *d) RD_MUST_CHECK;
/* The same from an assembler (asm_finish'd here; a's buffer is freed).
 * Relocation records other than absolute call targets and external
 * references are refused (CHECK): code embeds no heap pointer. */
rd_value code_new_from_assembler(Runtime *rt, Assembler *a, CodeDesc *d) RD_MUST_CHECK;

/* Emits `mov dst, [rip -> this Code's constants field]`: dst = the Code's
 * constants FixedArray (constant i is then at [dst + 16 + 8*i]). Valid only
 * in code that code_new copies whole into one Code object. */
void code_asm_load_constants(Assembler *a, X64Reg dst);

/* --- weak lists ------------------------------------------------------------------------------ */
/* Marks c for deoptimization and moves it from the optimized-code list to
 * the deoptimized-code list (closures unlink it on their next call). */
void code_mark_for_deoptimization(Runtime *rt, rd_value code);
RD_INLINE bool code_is_marked_for_deoptimization(rd_value code) {
  return (CODE(code)->flags & CODE_FLAG_MARKED_FOR_DEOPTIMIZATION) != 0;
}
/* True if code is on list (rt->optimized_code_list or deoptimized_code_list). */
bool code_list_contains(rd_value list, rd_value code);
uint32_t code_list_length(rd_value list);
/* Mark-compact weak processing of both lists: drops entries w says died
 * (counting them in the heap's stats) and updates the others. */
size_t code_lists_process_weak(Runtime *rt, WeakRetainer *w);

/* The Code whose instructions contain pc, or NULL (optimized code and the
 * runtime's stubs are searched). */
Code *code_lookup_pc(Runtime *rt, uintptr_t pc);

#endif
