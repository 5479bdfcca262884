/*
 * translation.h - deoptimization translations (DESIGN 7): the compact byte
 * encoding that tells the deoptimizer how to rebuild interpreter frames from
 * the state of an optimized frame at a deopt point. The compiler appends
 * opcodes through a TranslationBuilder; the deoptimizer reads them back with a
 * TranslationIterator.
 *
 * Encoding. All translations of one Code object are concatenated in one
 * ByteArray; a deopt point names its translation by byte offset. Each opcode
 * is one byte followed by its operands, each an unsigned LEB128 varint:
 *
 *     opcode byte        varint (little-endian groups of 7 bits)
 *   +-------------+    +-+-------+ +-+-------+     +-+-------+
 *   |  op (0..7)  |    |1| bits  | |1| bits  | ... |0| bits  |
 *   +-------------+    +-+-------+ +-+-------+     +-+-------+
 *                       7 6.....0   bit 7 = another byte follows
 *                       bits 0-6    bits 7-13        (at most 5 bytes: 32 bits)
 *
 *   translation := BEGIN(frames, objects) frame{frames}
 *   frame       := INTERPRETED_FRAME(shared, offset, height, argc1) value{...}
 *   value       := REGISTER(reg, repr) | STACK_SLOT(index, repr) | LITERAL(k)
 *                | PARAMETER(index) | CAPTURED_OBJECT(map, fields) value{fields}
 *                | DUPLICATED_OBJECT(id)
 *
 * Frames are listed outermost first. A frame's values are, in order: the
 * function (callee), the receiver, the parameters, the context, registers r0
 * .. r(height-1), the accumulator. The parameters are the formal ones
 * (parameter_count of the function's bytecode) for the outermost frame, and
 * max(argc, formals) for an inlined frame (missing arguments padded, as the
 * interpreter's push_frame does). argc1 is the frame's actual argument count
 * plus one; 0 means "the outermost frame's count, read from the optimized
 * frame" ([fp-24]).
 *
 * Operands: `shared` and `map` and `k` index the literal FixedArray of the
 * deopt data; `reg` is a GPR number (X64Reg: rax=0 .. r15=15), or an XMM
 * number for repr float64; STACK_SLOT's `index` is a signed slot of the
 * optimized frame at [fp - 40 - 8*index], zigzag-encoded (0, -1, 1, -2 ... as
 * 0, 1, 2, 3 ...): spill slots are 0, 1, ..., and the fixed words are -4
 * (the JSFunction), -2 (argc) and -1 (new.target); PARAMETER's `index` is the
 * optimized function's incoming receiver (0) or argument i (i >= 1) on the VM
 * stack, as its caller passed it (undefined past argc); `id` is the number of an earlier CAPTURED_OBJECT of
 * the same translation (numbered from 0 in order of appearance, nested ones
 * included). A CAPTURED_OBJECT's fields are the object's words after its
 * map, in memory order (for a JS object: properties, elements, in-object
 * fields).
 *
 * Invariant: a translation read back with the iterator yields exactly the
 * opcodes and operands appended (debug builds verify every finished builder
 * by reading it back: translation_builder_verify).
 */
#ifndef RONDO_DEOPT_TRANSLATION_H
#define RONDO_DEOPT_TRANSLATION_H

#include <stdio.h>

#include "runtime/runtime.h"

/* Opcodes: name, operand count, operand names. */
#define TRANSLATION_OPCODE_LIST(X)                                              \
  X(BEGIN, 2, "frames", "objects", NULL, NULL)                                  \
  X(INTERPRETED_FRAME, 4, "shared", "offset", "height", "argc1")                \
  X(REGISTER, 2, "reg", "repr", NULL, NULL)                                     \
  X(STACK_SLOT, 2, "index", "repr", NULL, NULL)                                 \
  X(LITERAL, 1, "literal", NULL, NULL, NULL)                                    \
  X(PARAMETER, 1, "index", NULL, NULL, NULL)                                    \
  X(CAPTURED_OBJECT, 2, "map", "fields", NULL, NULL)                            \
  X(DUPLICATED_OBJECT, 1, "id", NULL, NULL, NULL)

typedef enum {
#define X(name, ...) TRANSLATION_##name,
  TRANSLATION_OPCODE_LIST(X)
#undef X
  TRANSLATION_OPCODE_COUNT
} TranslationOpcode;
#define TRANSLATION_MAX_OPERANDS 4

/* Representations of a value in a register or stack slot: name, text. */
#define TRANSLATION_REPR_LIST(X)                                   \
  X(TAGGED, "tagged")    /* an rd_value, 64 bits */                \
  X(INT32, "int32")      /* low 32 bits, signed */                 \
  X(UINT32, "uint32")    /* low 32 bits, unsigned */               \
  X(FLOAT64, "float64")  /* an XMM register or a 64-bit slot */    \
  X(BOOL, "bool")        /* low 32 bits, zero is false */
typedef enum {
#define X(name, text) REPR_##name,
  TRANSLATION_REPR_LIST(X)
#undef X
  REPR_COUNT
} TranslationRepr;

extern const char *const translation_opcode_names[TRANSLATION_OPCODE_COUNT];
extern const uint8_t translation_operand_counts[TRANSLATION_OPCODE_COUNT];
extern const char *const translation_repr_names[REPR_COUNT];

/* One decoded opcode. */
typedef struct TranslationOp {
  TranslationOpcode op;
  uint32_t operand[TRANSLATION_MAX_OPERANDS];   /* STACK_SLOT's index: an int32 */
} TranslationOp;

/* --- builder (compiler side) --------------------------------------------------- */
typedef struct TranslationBuilder {
  uint8_t *bytes;              /* malloc'd */
  size_t size, capacity;
  bool failed;                 /* out of memory: the output is incomplete */
  TranslationOp *shadow;       /* every op appended (for the verifier) */
  size_t shadow_count, shadow_capacity;
} TranslationBuilder;

void translation_builder_init(TranslationBuilder *b);
void translation_builder_free(TranslationBuilder *b);
/* Appends op with its operands (as many as the opcode takes). */
void translation_emit(TranslationBuilder *b, TranslationOpcode op, const uint32_t *operands);
/* Starts a translation; returns its index (byte offset) for the deopt point table. */
uint32_t translation_begin(TranslationBuilder *b, uint32_t frames, uint32_t objects);
void translation_interpreted_frame(TranslationBuilder *b, uint32_t shared_literal,
                                   uint32_t bytecode_offset, uint32_t height, uint32_t argc1);
void translation_register(TranslationBuilder *b, uint32_t reg, TranslationRepr repr);
void translation_stack_slot(TranslationBuilder *b, int32_t index, TranslationRepr repr);
void translation_parameter(TranslationBuilder *b, uint32_t index);
void translation_literal(TranslationBuilder *b, uint32_t literal);
void translation_captured_object(TranslationBuilder *b, uint32_t map_literal, uint32_t fields);
void translation_duplicated_object(TranslationBuilder *b, uint32_t id);
/* Reads the whole buffer back and compares it with what was appended. */
bool translation_builder_verify(const TranslationBuilder *b);
/* The bytes as a ByteArray in old space (verified first in debug builds). */
rd_value translation_builder_finish(Runtime *rt, TranslationBuilder *b) RD_MUST_CHECK;

/* --- iterator (deoptimizer side) ----------------------------------------------- */
typedef struct TranslationIterator {
  const uint8_t *pos, *end;
} TranslationIterator;

/* Starts reading bytes[index .. size). */
void translation_iterator_init(TranslationIterator *it, const uint8_t *bytes, size_t size,
                               uint32_t index);
/* Reads the next opcode; false at the end of the bytes or on malformed input. */
bool translation_next(TranslationIterator *it, TranslationOp *out) RD_MUST_CHECK;
/* Skips the next n values, a captured object with all its fields (nested
 * ones included); false on malformed input or an opcode that is no value. */
bool translation_skip_values(TranslationIterator *it, uint32_t n) RD_MUST_CHECK;

/* Prints the translation at index, one opcode a line, nested values indented. */
void translation_print(FILE *out, const uint8_t *bytes, size_t size, uint32_t index);

#endif
