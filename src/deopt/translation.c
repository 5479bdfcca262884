/*
 * translation.c - the translation builder, iterator, verifier and printer
 * (encoding in translation.h).
 *
 * Invariant: the builder only ever appends whole opcodes (opcode byte plus
 * every operand); on out-of-memory it sets `failed` and appends nothing more.
 */
#include "deopt/translation.h"

#include <stdlib.h>

#include "objects/factory.h"

const char *const translation_opcode_names[TRANSLATION_OPCODE_COUNT] = {
#define X(name, ...) #name,
    TRANSLATION_OPCODE_LIST(X)
#undef X
};
const uint8_t translation_operand_counts[TRANSLATION_OPCODE_COUNT] = {
#define X(name, n, ...) n,
    TRANSLATION_OPCODE_LIST(X)
#undef X
};
static const char *const operand_names[TRANSLATION_OPCODE_COUNT][TRANSLATION_MAX_OPERANDS] = {
#define X(name, n, a, b, c, d) {a, b, c, d},
    TRANSLATION_OPCODE_LIST(X)
#undef X
};
const char *const translation_repr_names[REPR_COUNT] = {
#define X(name, text) text,
    TRANSLATION_REPR_LIST(X)
#undef X
};

/* --- builder ----------------------------------------------------------------------- */
void translation_builder_init(TranslationBuilder *b) { memset(b, 0, sizeof *b); }

void translation_builder_free(TranslationBuilder *b) {
  free(b->bytes);
  free(b->shadow);
  memset(b, 0, sizeof *b);
}

/* Makes room for n more bytes; false (and failed) when out of memory. */
static bool reserve(TranslationBuilder *b, size_t n) {
  if (b->failed) return false;
  if (b->size + n <= b->capacity) return true;
  size_t cap = b->capacity ? b->capacity * 2 : 64;
  while (cap < b->size + n) cap *= 2;
  uint8_t *p = realloc(b->bytes, cap);
  if (!p) {
    b->failed = true;
    return false;
  }
  b->bytes = p;
  b->capacity = cap;
  return true;
}

void translation_emit(TranslationBuilder *b, TranslationOpcode op, const uint32_t *operands) {
  CHECK(op < TRANSLATION_OPCODE_COUNT);
  uint32_t n = translation_operand_counts[op];
  if (!reserve(b, 1 + 5 * (size_t)n)) return;
  b->bytes[b->size++] = (uint8_t)op;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t v = operands[i];
    if (op == TRANSLATION_STACK_SLOT && i == 0) v = (v << 1) ^ (uint32_t)((int32_t)v >> 31);   /* zigzag */
    do {
      uint8_t byte = v & 0x7f;
      v >>= 7;
      b->bytes[b->size++] = (uint8_t)(byte | (v ? 0x80 : 0));
    } while (v);
  }
  if (b->shadow_count == b->shadow_capacity) {
    size_t cap = b->shadow_capacity ? b->shadow_capacity * 2 : 32;
    TranslationOp *s = realloc(b->shadow, cap * sizeof *s);
    if (!s) {
      b->failed = true;
      return;
    }
    b->shadow = s;
    b->shadow_capacity = cap;
  }
  TranslationOp *rec = &b->shadow[b->shadow_count++];
  memset(rec, 0, sizeof *rec);
  rec->op = op;
  for (uint32_t i = 0; i < n; i++) rec->operand[i] = operands[i];
}

uint32_t translation_begin(TranslationBuilder *b, uint32_t frames, uint32_t objects) {
  uint32_t index = (uint32_t)b->size;
  translation_emit(b, TRANSLATION_BEGIN, (uint32_t[]){frames, objects});
  return index;
}

void translation_interpreted_frame(TranslationBuilder *b, uint32_t shared_literal,
                                   uint32_t bytecode_offset, uint32_t height, uint32_t argc1) {
  translation_emit(b, TRANSLATION_INTERPRETED_FRAME,
                   (uint32_t[]){shared_literal, bytecode_offset, height, argc1});
}

void translation_register(TranslationBuilder *b, uint32_t reg, TranslationRepr repr) {
  CHECK(reg < 16 && repr < REPR_COUNT);
  translation_emit(b, TRANSLATION_REGISTER, (uint32_t[]){reg, (uint32_t)repr});
}

void translation_stack_slot(TranslationBuilder *b, int32_t index, TranslationRepr repr) {
  CHECK(repr < REPR_COUNT);
  translation_emit(b, TRANSLATION_STACK_SLOT, (uint32_t[]){(uint32_t)index, (uint32_t)repr});
}

void translation_parameter(TranslationBuilder *b, uint32_t index) {
  translation_emit(b, TRANSLATION_PARAMETER, (uint32_t[]){index});
}

void translation_literal(TranslationBuilder *b, uint32_t literal) {
  translation_emit(b, TRANSLATION_LITERAL, (uint32_t[]){literal});
}

void translation_captured_object(TranslationBuilder *b, uint32_t map_literal, uint32_t fields) {
  translation_emit(b, TRANSLATION_CAPTURED_OBJECT, (uint32_t[]){map_literal, fields});
}

void translation_duplicated_object(TranslationBuilder *b, uint32_t id) {
  translation_emit(b, TRANSLATION_DUPLICATED_OBJECT, (uint32_t[]){id});
}

bool translation_builder_verify(const TranslationBuilder *b) {
  if (b->failed) return false;
  TranslationIterator it;
  translation_iterator_init(&it, b->bytes, b->size, 0);
  TranslationOp op;
  size_t i = 0;
  while (translation_next(&it, &op)) {
    if (i >= b->shadow_count) return false;
    if (memcmp(&op, &b->shadow[i], sizeof op) != 0) return false;
    i++;
  }
  return i == b->shadow_count && it.pos == it.end;
}

rd_value translation_builder_finish(Runtime *rt, TranslationBuilder *b) {
  if (b->failed) return runtime_throw_oom(rt);
#ifdef RD_DEBUG
  CHECK(translation_builder_verify(b));
#endif
  rd_value ba = factory_byte_array(rt, (uint32_t)b->size, ALLOC_OLD);
  if (!ba) return VALUE_EMPTY;
  if (b->size) memcpy(((ByteArray *)value_to_ptr(ba))->data, b->bytes, b->size);
  return ba;
}

/* --- iterator ---------------------------------------------------------------------- */
void translation_iterator_init(TranslationIterator *it, const uint8_t *bytes, size_t size,
                               uint32_t index) {
  it->pos = bytes + MIN((size_t)index, size);
  it->end = bytes + size;
}

/* Reads one varint operand; false if it runs past the end or past 32 bits. */
static bool read_varint(TranslationIterator *it, uint32_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (it->pos >= it->end) return false;
    uint8_t byte = *it->pos++;
    v |= (uint64_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      if (v > UINT32_MAX) return false;
      *out = (uint32_t)v;
      return true;
    }
  }
  return false;
}

bool translation_next(TranslationIterator *it, TranslationOp *out) {
  if (it->pos >= it->end) return false;
  const uint8_t *start = it->pos;
  uint8_t op = *it->pos++;
  if (op >= TRANSLATION_OPCODE_COUNT) goto fail;
  memset(out, 0, sizeof *out);
  out->op = (TranslationOpcode)op;
  for (uint32_t i = 0; i < translation_operand_counts[op]; i++)
    if (!read_varint(it, &out->operand[i])) goto fail;
  if (out->op == TRANSLATION_STACK_SLOT) {   /* zigzag */
    uint32_t z = out->operand[0];
    out->operand[0] = (z >> 1) ^ (0u - (z & 1));
  }
  if ((out->op == TRANSLATION_REGISTER || out->op == TRANSLATION_STACK_SLOT) &&
      out->operand[1] >= REPR_COUNT)
    goto fail;
  return true;
fail:
  it->pos = start;
  it->end = start;   /* malformed: stop here */
  return false;
}

bool translation_skip_values(TranslationIterator *it, uint32_t n) {
  TranslationOp op;
  for (uint64_t pending = n; pending > 0; pending--) {   /* a captured object adds its fields */
    if (!translation_next(it, &op) || op.op < TRANSLATION_REGISTER) return false;
    if (op.op == TRANSLATION_CAPTURED_OBJECT) pending += op.operand[1];
  }
  return true;
}

/* --- printer ----------------------------------------------------------------------- */
void translation_print(FILE *out, const uint8_t *bytes, size_t size, uint32_t index) {
  TranslationIterator it;
  translation_iterator_init(&it, bytes, size, index);
  TranslationOp op;
  uint32_t pending[64];   /* fields still to print of each open captured object */
  int depth = 0;
  bool first = true;
  while (translation_next(&it, &op)) {
    if (op.op == TRANSLATION_BEGIN && !first) break;
    first = false;
    bool value = op.op >= TRANSLATION_REGISTER;
    fprintf(out, "  %*s%s", 2 * depth + (value ? 2 : 0), "", translation_opcode_names[op.op]);
    for (uint32_t i = 0; i < translation_operand_counts[op.op]; i++) {
      const char *name = operand_names[op.op][i];
      if (strcmp(name, "repr") == 0)
        fprintf(out, " %s=%s", name, translation_repr_names[op.operand[i]]);
      else if (op.op == TRANSLATION_STACK_SLOT && i == 0)
        fprintf(out, " %s=%d", name, (int32_t)op.operand[i]);
      else
        fprintf(out, " %s=%u", name, op.operand[i]);
    }
    fputc('\n', out);
    if (value && depth > 0) pending[depth - 1]--;
    if (op.op == TRANSLATION_CAPTURED_OBJECT && op.operand[1] > 0 && depth < 64)
      pending[depth++] = op.operand[1];
    while (depth > 0 && pending[depth - 1] == 0) depth--;
  }
}
