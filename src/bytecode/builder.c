/*
 * builder.c - recording instructions, encoding them with the smallest
 * operand scale (jumps relaxed to a fixed point), the constant pool, the
 * handler table and the source position table of a BytecodeArray.
 *
 * The source position table (BytecodeArray.source_positions, a ByteArray;
 * the empty FixedArray when the function recorded no position) is a list
 * of entries in increasing bytecode-offset order, each delta-encoded
 * against the previous entry (both start at 0):
 *
 *   table   := entry*
 *   entry   := varint(offset - prev_offset) varint(zigzag(position - prev_position))
 *   varint  := 1ddddddd* 0ddddddd      7 data bits a byte, low group first
 *   zigzag  := d >= 0 ? 2d : -2d - 1   (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...)
 *
 *   e.g. (0, 12) (5, 30) (9, 7)  ->  00 18 | 05 24 | 04 2D
 *
 * An entry says "the instructions from this offset on are at this source
 * position (byte offset into the script's UTF-8 source)" until the next
 * entry. Invariant: offsets never decrease, so a lookup is one forward scan
 * that stops past the wanted offset.
 */
#include "bytecode/builder.h"

#include <stdarg.h>
#include <stdlib.h>

#include "objects/factory.h"

/* Grows *arr (of *cap items of size sz) to hold n; sets b->failed when it cannot. */
static bool reserve(BytecodeBuilder *b, void **arr, uint32_t *cap, uint32_t n, size_t sz) {
  if (n <= *cap) return true;
  uint32_t c = *cap ? *cap * 2 : 16;
  while (c < n) c *= 2;
  void *p = realloc(*arr, (size_t)c * sz);
  if (!p) {
    b->failed = true;
    return false;
  }
  *arr = p;
  *cap = c;
  return true;
}

void builder_init(BytecodeBuilder *b, Runtime *rt, uint32_t parameter_count) {
  memset(b, 0, sizeof *b);
  b->rt = rt;
  b->parameter_count = parameter_count;
  b->constants = handle_new(rt, ROOT(rt, empty_fixed_array));
  b->position = -1;
}

void builder_free(BytecodeBuilder *b) {
  free(b->insns);
  free(b->labels);
  free(b->handlers);
  free(b->positions);
  b->insns = NULL;
  b->labels = NULL;
  b->handlers = NULL;
  b->positions = NULL;
}

int32_t builder_register(BytecodeBuilder *b) { return (int32_t)b->frame_size++; }
uint32_t builder_slot(BytecodeBuilder *b) { return b->feedback_slots++; }

/* True if a and b are the same constant (identical words, or equal strings). */
static bool same_constant(rd_value a, rd_value b) {
  return a == b;   /* strings in pools are internalized, numbers are canonical words */
}

uint32_t builder_constant(BytecodeBuilder *b, rd_value v) {
  for (uint32_t i = 0; i < b->constant_count; i++)
    if (same_constant(FIXED_ARRAY(*b->constants)->data[i], v)) return i;
  uint32_t cap = fixed_array_length(*b->constants);
  if (b->constant_count == cap) {
    HANDLE_SCOPE(b->rt);
    Handle hv = handle_new(b->rt, v);
    rd_value grown = factory_copy_fixed_array(b->rt, b->constants, cap ? cap * 2 : 8, VALUE_UNDEFINED);
    if (!grown) {
      b->failed = true;
      return 0;
    }
    *b->constants = grown;
    v = *hv;
  }
  HEAP_STORE(value_to_ptr(*b->constants), FIXED_ARRAY(*b->constants)->data[b->constant_count], v);
  return b->constant_count++;
}

/* Appends an instruction; returns it (NULL when out of memory). */
static BytecodeInsn *add(BytecodeBuilder *b, Bytecode bc, va_list ap, bool jump) {
  if (!reserve(b, (void **)&b->insns, &b->capacity, b->count + 1, sizeof *b->insns)) return NULL;
  BytecodeInsn *in = &b->insns[b->count++];
  memset(in, 0, sizeof *in);
  in->bytecode = (uint8_t)bc;
  in->target = -1;
  for (int i = jump ? 1 : 0; i < bytecode_operand_count[bc]; i++) in->operands[i] = va_arg(ap, int32_t);
  if (b->position >= 0 &&
      (b->position_count == 0 || b->positions[b->position_count - 1].position != (uint32_t)b->position) &&
      reserve(b, (void **)&b->positions, &b->position_capacity, b->position_count + 1, sizeof *b->positions))
    b->positions[b->position_count++] = (PositionEntry){b->count - 1, (uint32_t)b->position};
  return in;
}

void builder_emit(BytecodeBuilder *b, Bytecode bc, ...) {
  ASSERT(!bytecode_is_jump(bc), "use builder_jump for jumps");
  va_list ap;
  va_start(ap, bc);
  add(b, bc, ap, false);
  va_end(ap);
}

Label builder_label(BytecodeBuilder *b) {
  if (!reserve(b, (void **)&b->labels, &b->label_capacity, b->label_count + 1, sizeof *b->labels))
    return 0;
  b->labels[b->label_count] = -1;
  return (Label)b->label_count++;
}

void builder_bind(BytecodeBuilder *b, Label l) {
  if (b->failed) return;
  ASSERT(b->labels[l] < 0, "label bound twice");
  b->labels[l] = (int32_t)b->count;
}

void builder_jump(BytecodeBuilder *b, Bytecode bc, Label l, ...) {
  ASSERT(bytecode_is_jump(bc), "not a jump");
  va_list ap;
  va_start(ap, l);
  BytecodeInsn *in = add(b, bc, ap, true);
  va_end(ap);
  if (in) in->target = l;
}

void builder_handler(BytecodeBuilder *b, Label start, Label end, Label handler,
                     int32_t context_register) {
  if (!reserve(b, (void **)&b->handlers, &b->handler_capacity, b->handler_count + 1,
               sizeof *b->handlers))
    return;
  b->handlers[b->handler_count++] = (HandlerEntry){start, end, handler, context_register};
}

/* Smallest scale (1, 2, 4) whose signed/unsigned range holds every operand. */
static uint8_t scale_for(const BytecodeInsn *in) {
  uint8_t scale = 1;
  for (int i = 0; i < bytecode_operand_count[in->bytecode]; i++) {
    int32_t v = in->operands[i];
    uint8_t t = bytecode_operand_types[in->bytecode][i];
    bool sgn = t == OPERAND_REG || t == OPERAND_IMM || t == OPERAND_JMP;
    if (sgn ? (v < -128 || v > 127) : (v < 0 || v > 255)) scale = MAX(scale, 2);
    if (sgn ? (v < -32768 || v > 32767) : (v < 0 || v > 65535)) scale = 4;
  }
  return scale;
}

static size_t insn_bytes(const BytecodeInsn *in) {
  return (in->scale > 1 ? 1 : 0) + bytecode_size((Bytecode)in->bytecode, in->scale);
}

/* Byte offset where label l is bound (end of code if bound after the last insn). */
static uint32_t label_offset(const BytecodeBuilder *b, Label l, uint32_t total) {
  int32_t i = b->labels[l];
  return (uint32_t)i < b->count ? b->insns[i].offset : total;
}

/* Assigns offsets and scales until no jump needs a larger scale. */
static uint32_t layout(BytecodeBuilder *b) {
  for (uint32_t i = 0; i < b->count; i++) {
    b->insns[i].scale = bytecode_is_jump((Bytecode)b->insns[i].bytecode) ? 1 : scale_for(&b->insns[i]);
  }
  for (;;) {
    uint32_t off = 0;
    for (uint32_t i = 0; i < b->count; i++) {
      b->insns[i].offset = off;
      off += (uint32_t)insn_bytes(&b->insns[i]);
    }
    bool changed = false;
    for (uint32_t i = 0; i < b->count; i++) {
      BytecodeInsn *in = &b->insns[i];
      if (in->target < 0) continue;
      in->operands[0] = (int32_t)label_offset(b, in->target, off) - (int32_t)in->offset;
      uint8_t s = scale_for(in);
      if (s > in->scale) {
        in->scale = s;   /* scales only grow, so this reaches a fixed point */
        changed = true;
      }
    }
    if (!changed) return off;
  }
}

/* --- the source position table ------------------------------------------------------ */
static uint8_t *put_varint(uint8_t *p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *p++ = (uint8_t)v;
  return p;
}

/* Reads a varint of at most 10 bytes from [*p, end); false when truncated. */
static bool get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v) {
  uint64_t r = 0;
  for (int shift = 0; *p < end && shift < 64; shift += 7) {
    uint8_t c = *(*p)++;
    r |= (uint64_t)(c & 0x7F) << shift;
    if (!(c & 0x80)) {
      *v = r;
      return true;
    }
  }
  return false;
}

size_t source_positions_encode(const uint32_t *offsets, const uint32_t *positions, uint32_t n,
                               uint8_t *out) {
  uint8_t *p = out;
  int64_t prev_off = 0, prev_pos = 0;
  for (uint32_t i = 0; i < n; i++) {
    int64_t d = (int64_t)positions[i] - prev_pos;
    p = put_varint(p, (uint64_t)((int64_t)offsets[i] - prev_off));
    p = put_varint(p, d >= 0 ? (uint64_t)d * 2 : (uint64_t)(-d) * 2 - 1);
    prev_off = offsets[i];
    prev_pos = positions[i];
  }
  return (size_t)(p - out);
}

int64_t source_positions_lookup(const uint8_t *p, size_t len, uint32_t offset) {
  const uint8_t *end = p + len;
  int64_t off = 0, pos = 0, found = -1;
  while (p < end) {
    uint64_t doff, zz;
    if (!get_varint(&p, end, &doff) || !get_varint(&p, end, &zz)) break;
    off += (int64_t)doff;
    pos += (zz & 1) ? -(int64_t)(zz >> 1) - 1 : (int64_t)(zz >> 1);
    if (off > (int64_t)offset) break;
    found = pos;
  }
  return found;
}

int64_t source_position_at(rd_value bytecode_array, uint32_t offset) {
  rd_value t = ((BytecodeArray *)value_to_ptr(bytecode_array))->source_positions;
  if (!value_has_type(t, TYPE_BYTE_ARRAY)) return -1;
  ByteArray *a = (ByteArray *)value_to_ptr(t);
  return source_positions_lookup(a->data, (size_t)value_to_int32(a->length), offset);
}

/* The encoded table of b (laid out), or the empty FixedArray; VALUE_EMPTY on OOM. */
static rd_value position_table(BytecodeBuilder *b) {
  uint32_t n = b->position_count;
  if (!n) return ROOT(b->rt, empty_fixed_array);
  uint32_t *offs = malloc((size_t)n * 2 * sizeof *offs);
  uint8_t *buf = malloc(source_positions_max_size(n));
  if (!offs || !buf) {
    free(offs);
    free(buf);
    return runtime_throw_oom(b->rt);
  }
  uint32_t *pos = offs + n;
  for (uint32_t i = 0; i < n; i++) {
    offs[i] = b->insns[b->positions[i].insn].offset;
    pos[i] = b->positions[i].position;
  }
  size_t len = source_positions_encode(offs, pos, n, buf);
  rd_value t = factory_byte_array(b->rt, (uint32_t)len, ALLOC_OLD);
  if (t) memcpy(((ByteArray *)value_to_ptr(t))->data, buf, len);
  free(offs);
  free(buf);
  return t;
}

static void put(uint8_t **p, int32_t v, int scale) {
  for (int i = 0; i < scale; i++) *(*p)++ = (uint8_t)((uint32_t)v >> (8 * i));
}

rd_value builder_finish(BytecodeBuilder *b) {
  Runtime *rt = b->rt;
  if (b->failed) return runtime_throw_oom(rt);
  for (uint32_t l = 0; l < b->label_count; l++) CHECK(b->labels[l] >= 0 || !"unbound label");
  uint32_t length = layout(b);
  HANDLE_SCOPE(rt);
  rd_value pool = factory_copy_fixed_array(rt, b->constants, b->constant_count, VALUE_UNDEFINED);
  if (!pool) return VALUE_EMPTY;
  Handle hpool = handle_new(rt, pool);
  rd_value table = factory_fixed_array(rt, 4 * b->handler_count, value_from_int32(0), ALLOC_YOUNG);
  if (!table) return VALUE_EMPTY;
  for (uint32_t i = 0; i < b->handler_count; i++) {
    const HandlerEntry *e = &b->handlers[i];
    rd_value *d = &FIXED_ARRAY(table)->data[4 * i];
    d[0] = value_from_int32((int32_t)label_offset(b, e->start, length));
    d[1] = value_from_int32((int32_t)label_offset(b, e->end, length));
    d[2] = value_from_int32((int32_t)label_offset(b, e->handler, length));
    d[3] = value_from_int32(e->context_register);
  }
  Handle htable = handle_new(rt, table);
  rd_value positions = position_table(b);
  if (!positions) return VALUE_EMPTY;
  Handle hpositions = handle_new(rt, positions);
  size_t size = ROUND_UP(BYTECODE_ARRAY_BODY_END + (size_t)length, 8);
  BytecodeArray *a = (BytecodeArray *)runtime_allocate(rt, size, ALLOC_OLD,
                                                       ROOT_SLOT(rt, bytecode_array_map));
  if (!a) return VALUE_EMPTY;
  a->length = length;
  a->frame_size = b->frame_size;
  a->parameter_count = b->parameter_count;
  a->feedback_slots = b->feedback_slots;
  a->constant_pool = *hpool;
  a->handler_table = *htable;
  a->source_positions = *hpositions;
  heap_write_barrier_range((HeapObject *)a, &a->constant_pool, 3);
  uint8_t *p = a->bytes;
  for (uint32_t i = 0; i < b->count; i++) {
    const BytecodeInsn *in = &b->insns[i];
    if (in->scale == 2) *p++ = BC_Wide;
    if (in->scale == 4) *p++ = BC_ExtraWide;
    *p++ = in->bytecode;
    for (int k = 0; k < bytecode_operand_count[in->bytecode]; k++) put(&p, in->operands[k], in->scale);
  }
  memset(p, 0, size - BYTECODE_ARRAY_BODY_END - length);
  return value_from_ptr(a);
}
