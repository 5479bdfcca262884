/*
 * builder.h - building BytecodeArrays: the interface the bytecode generator
 * (and tests) use. Instructions are recorded as a list and encoded when the
 * function is finished, so jumps get the smallest operand scale that fits
 * (relaxation) and labels may be bound after the jumps that use them.
 *
 * Source positions: builder_set_position sets the current source position
 * (a byte offset into the script's UTF-8 source, as Node.start); the next
 * instruction emitted records it when it differs from the last recorded
 * one. Entries name instruction indices, so they survive relaxation; the
 * finished table is a ByteArray (layout in builder.c) on the BytecodeArray.
 *
 * Invariant: every register operand lies in [-(parameter_count + 1),
 * frame_size); every label used by a jump or handler is bound before
 * builder_finish; position entries are in increasing instruction order.
 */
#ifndef RONDO_BYTECODE_BUILDER_H
#define RONDO_BYTECODE_BUILDER_H

#include "bytecode/bytecodes.h"
#include "runtime/runtime.h"

typedef int32_t Label;

typedef struct BytecodeInsn {
  uint8_t bytecode;
  int32_t operands[BYTECODE_MAX_OPERANDS];
  Label target;                /* jumps: the label (operand 0 filled at finish) */
  uint32_t offset;             /* byte offset, computed at finish */
  uint8_t scale;
} BytecodeInsn;

typedef struct HandlerEntry {
  Label start, end, handler;
  int32_t context_register;
} HandlerEntry;

typedef struct PositionEntry {
  uint32_t insn;               /* index of the first instruction at this position */
  uint32_t position;           /* source byte offset */
} PositionEntry;

typedef struct BytecodeBuilder {
  Runtime *rt;
  BytecodeInsn *insns;
  uint32_t count, capacity;
  int32_t *labels;             /* label -> instruction index it is bound before, or -1 */
  uint32_t label_count, label_capacity;
  HandlerEntry *handlers;
  uint32_t handler_count, handler_capacity;
  Handle constants;            /* FixedArray, grown by copying */
  uint32_t constant_count;
  uint32_t parameter_count, frame_size, feedback_slots;
  PositionEntry *positions;
  uint32_t position_count, position_capacity;
  int64_t position;            /* current source position, -1 before the first */
  bool failed;                 /* out of memory: builder_finish fails */
} BytecodeBuilder;

/* Starts a function of parameter_count formals (receiver excluded). Opens no
 * handle scope: the caller's scope holds the constant pool's handle. */
void builder_init(BytecodeBuilder *b, Runtime *rt, uint32_t parameter_count);
void builder_free(BytecodeBuilder *b);

/* A fresh local register / feedback slot. */
int32_t builder_register(BytecodeBuilder *b);
RD_INLINE int32_t builder_parameter(uint32_t i) { return -(int32_t)i - 1; }   /* 0: receiver */
uint32_t builder_slot(BytecodeBuilder *b);
/* Index of v in the constant pool (added if new; strings and numbers are shared). */
uint32_t builder_constant(BytecodeBuilder *b, rd_value v);

/* Emits bytecode bc with its operands (as many as the table says). */
void builder_emit(BytecodeBuilder *b, Bytecode bc, ...);
/* Labels and jumps: a jump's JMP operand is its label; other operands follow. */
Label builder_label(BytecodeBuilder *b);
void builder_bind(BytecodeBuilder *b, Label l);
void builder_jump(BytecodeBuilder *b, Bytecode bc, Label l, ...);
/* A try range [start, end) whose exceptions go to handler, with the context
 * to restore saved in context_register. */
void builder_handler(BytecodeBuilder *b, Label start, Label end, Label handler,
                     int32_t context_register);

/* Sets the source position of the instructions emitted from now on. */
RD_INLINE void builder_set_position(BytecodeBuilder *b, uint32_t pos) { b->position = pos; }

/* Encodes everything into a BytecodeArray (VALUE_EMPTY on out of memory). */
rd_value builder_finish(BytecodeBuilder *b) RD_MUST_CHECK;

/* The source position (byte offset into the script's source) of the
 * instruction at bytecode offset `offset`: that of the last table entry at
 * or before it; -1 when the table has none. Never allocates. */
int64_t source_position_at(rd_value bytecode_array, uint32_t offset);

/* The table codec, on raw buffers (also used by the unit test): encodes n
 * (offset, position) pairs (offsets non-decreasing) into out, which holds
 * at least source_positions_max_size(n) bytes; returns the bytes written. */
RD_INLINE size_t source_positions_max_size(uint32_t n) { return (size_t)n * 10; }
size_t source_positions_encode(const uint32_t *offsets, const uint32_t *positions, uint32_t n,
                               uint8_t *out);
/* Decodes the table in [p, p + len) and returns the position at offset (or -1). */
int64_t source_positions_lookup(const uint8_t *p, size_t len, uint32_t offset);

/* Writes a disassembly of a BytecodeArray to f (--print-bytecode). */
struct _IO_FILE;
void bytecode_disassemble(rd_value bytecode_array, struct _IO_FILE *f);

#endif
