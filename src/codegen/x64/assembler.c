/*
 * assembler.c - the x86-64 encoder (API in assembler.h). Every instruction
 * goes through one of two emitters: emit_modrm_insn for the ModRM forms
 * (prefix, REX, opcode, ModRM, SIB, displacement; the caller appends the
 * immediate) and emit_opreg_insn for the register-in-opcode forms (push,
 * pop, mov r,imm). Encodings follow the Intel SDM volume 2, chapter 2:
 *   REX = 0100WRXB: W 64-bit operand, R extends ModRM.reg, X extends
 *   SIB.index, B extends ModRM.rm / SIB.base / the opcode's register.
 *   A byte operand in SPL/BPL/SIL/DIL needs a REX (else it means AH..BH).
 *   rm = 100 means "a SIB follows", so RSP/R12 as a base need a SIB;
 *   mod = 00 with rm (or SIB base) = 101 means rip+disp32 (resp. no base),
 *   so RBP/R13 as a base need an explicit disp8 of 0.
 *
 * Invariant: the byte count a->size only grows and always advances by the
 * whole instruction even when a failed allocation dropped its bytes, so
 * recorded positions (labels, fixups, relocations) stay consistent; writes
 * past the capacity are dropped and `failed` is set.
 */
#include "codegen/x64/assembler.h"

#include <stdlib.h>

const char *const x64_reg_names[16] = {
#define V(name, r64, r32, r16, r8) r64,
    X64_GPR_LIST(V)
#undef V
};
const char *const x64_reg32_names[16] = {
#define V(name, r64, r32, r16, r8) r32,
    X64_GPR_LIST(V)
#undef V
};
const char *const x64_reg16_names[16] = {
#define V(name, r64, r32, r16, r8) r16,
    X64_GPR_LIST(V)
#undef V
};
const char *const x64_reg8_names[16] = {
#define V(name, r64, r32, r16, r8) r8,
    X64_GPR_LIST(V)
#undef V
};
const char *const x64_xmm_names[16] = {
#define V(name, str) str,
    X64_XMM_LIST(V)
#undef V
};
const char *const x64_cond_names[16] = {
#define V(name, str) str,
    X64_COND_LIST(V)
#undef V
};
const char *const asm_reloc_kind_names[RELOC_KIND_COUNT] = {
#define V(name, str) str,
    ASM_RELOC_LIST(V)
#undef V
};

/* ---- buffer ---------------------------------------------------------- */

/* Makes room for n more bytes; on failure sets `failed` (emit8 then drops). */
static void ensure(Assembler *a, size_t n) {
  if (a->failed || a->size + n <= a->capacity) return;
  size_t cap = a->capacity ? a->capacity * 2 : 256;
  while (cap < a->size + n) cap *= 2;
  uint8_t *buf = realloc(a->buf, cap);
  if (!buf) {
    a->failed = true;
    return;
  }
  a->buf = buf;
  a->capacity = cap;
}

static void emit8(Assembler *a, uint8_t b) {
  if (RD_LIKELY(a->size < a->capacity)) a->buf[a->size] = b;
  else a->failed = true;
  a->size++;
}

static void emit16(Assembler *a, uint16_t v) {
  emit8(a, (uint8_t)v);
  emit8(a, (uint8_t)(v >> 8));
}

static void emit32(Assembler *a, uint32_t v) {
  for (int i = 0; i < 4; i++) emit8(a, (uint8_t)(v >> (8 * i)));
}

void asm_emit_u64(Assembler *a, uint64_t v) {
  ensure(a, 8);
  for (int i = 0; i < 8; i++) emit8(a, (uint8_t)(v >> (8 * i)));
}

void asm_emit_bytes(Assembler *a, const void *bytes, size_t n) {
  ensure(a, n);
  for (size_t i = 0; i < n; i++) emit8(a, ((const uint8_t *)bytes)[i]);
}

/* Writes a little-endian field of `size` bytes at pos (if it was kept). */
static void patch(Assembler *a, uint32_t pos, int size, int64_t v) {
  if (a->failed || pos + (size_t)size > a->capacity) return;
  for (int i = 0; i < size; i++) a->buf[pos + i] = (uint8_t)((uint64_t)v >> (8 * i));
}

/* Grows a malloc'd array of elem-sized entries to hold one more. */
static bool grow_array(Assembler *a, void **arr, uint32_t count, uint32_t *cap,
                       size_t elem) {
  if (count < *cap) return true;
  uint32_t ncap = *cap ? *cap * 2 : 16;
  void *p = realloc(*arr, ncap * elem);
  if (!p) {
    a->failed = true;
    return false;
  }
  *arr = p;
  *cap = ncap;
  return true;
}

void asm_init(Assembler *a) { memset(a, 0, sizeof *a); }

void asm_free(Assembler *a) {
  free(a->buf);
  free(a->labels);
  free(a->fixups);
  free(a->relocs);
  memset(a, 0, sizeof *a);
}

bool asm_finish(Assembler *a, uint8_t **code, size_t *size) {
  *code = NULL;
  *size = 0;
  if (a->failed) return false;
  CHECK(a->unresolved == 0);  /* a label was used but never bound */
  *code = a->buf;
  *size = a->size;
  a->buf = NULL;
  a->size = a->capacity = 0;
  return true;
}

/* Records a relocation of the given kind for the 8 bytes emitted next. */
static void add_reloc(Assembler *a, AsmRelocKind kind) {
  if (!grow_array(a, (void **)&a->relocs, a->reloc_count, &a->reloc_capacity,
                  sizeof(AsmReloc)))
    return;
  a->relocs[a->reloc_count++] = (AsmReloc){(uint32_t)a->size, (uint8_t)kind};
}

/* ---- labels ---------------------------------------------------------- */

AsmLabel asm_label_new(Assembler *a) {
  /* Out of memory: an index past the table, which every label operation
   * ignores once `failed` is set. */
  if (!grow_array(a, (void **)&a->labels, a->label_count, &a->label_capacity,
                  sizeof(AsmLabelState)))
    return (AsmLabel)a->label_count;
  a->labels[a->label_count] = (AsmLabelState){-1, -1};
  return (AsmLabel)a->label_count++;
}

/* The state of label l, or NULL for a label handed out after an
 * out-of-memory (a->failed); any other bad label is an engine bug. */
static AsmLabelState *label_state(const Assembler *a, AsmLabel l) {
  if (a->failed && l >= 0 && (uint32_t)l >= a->label_count) return NULL;
  CHECK(l >= 0 && (uint32_t)l < a->label_count);
  return &a->labels[l];
}

bool asm_label_is_bound(const Assembler *a, AsmLabel l) {
  AsmLabelState *s = label_state(a, l);
  return s && s->pos >= 0;
}

int32_t asm_label_pos(const Assembler *a, AsmLabel l) {
  AsmLabelState *s = label_state(a, l);
  if (!s) return 0;
  CHECK(s->pos >= 0);
  return s->pos;
}

static bool fits_int8(int64_t v) { return v >= -128 && v <= 127; }
static bool fits_int32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/* Resolves one use: the field at f->pos is relative to the insn's end. */
static void resolve(Assembler *a, const AsmFixup *f, int32_t target) {
  int64_t rel = (int64_t)target - ((int64_t)f->pos + f->size + f->tail);
  if (f->size == 1) CHECK(fits_int8(rel));
  patch(a, f->pos, f->size, rel);
}

void asm_bind(Assembler *a, AsmLabel l) {
  AsmLabelState *s = label_state(a, l);
  if (!s) return;
  CHECK(s->pos < 0);
  s->pos = (int32_t)a->size;
  for (int32_t i = s->fixups; i >= 0; i = a->fixups[i].next) {
    resolve(a, &a->fixups[i], s->pos);
    a->unresolved--;
  }
  s->fixups = -1;
}

/* Emits a size-byte pc-relative field referring to label l; tail bytes of
 * the instruction follow the field. */
static void emit_label_ref(Assembler *a, AsmLabel l, int size, int tail) {
  AsmFixup f = {(uint32_t)a->size, -1, (uint8_t)size, (uint8_t)tail};
  AsmLabelState *s = label_state(a, l);
  for (int i = 0; i < size; i++) emit8(a, 0);
  if (!s) return;
  if (s->pos >= 0) {
    resolve(a, &f, s->pos);
    return;
  }
  if (!grow_array(a, (void **)&a->fixups, a->fixup_count, &a->fixup_capacity,
                  sizeof(AsmFixup)))
    return;
  f.next = s->fixups;
  s->fixups = (int32_t)a->fixup_count;
  a->fixups[a->fixup_count++] = f;
  a->unresolved++;
}

/* ---- operands -------------------------------------------------------- */

AsmMem asm_mem(X64Reg base, int32_t disp) {
  CHECK(base >= RAX && base <= R15);
  return (AsmMem){(int8_t)base, X64_NO_REG, 1, false, disp, ASM_NO_LABEL};
}

AsmMem asm_mem_index(X64Reg base, X64Reg index, int scale, int32_t disp) {
  CHECK(base >= X64_NO_REG && base <= R15);
  CHECK(index >= RAX && index <= R15 && index != RSP);  /* rsp can't index */
  CHECK(scale == 1 || scale == 2 || scale == 4 || scale == 8);
  return (AsmMem){(int8_t)base, (int8_t)index, (uint8_t)scale, false, disp,
                  ASM_NO_LABEL};
}

AsmMem asm_mem_rip(int32_t disp) {
  return (AsmMem){X64_NO_REG, X64_NO_REG, 1, true, disp, ASM_NO_LABEL};
}

AsmMem asm_mem_label(AsmLabel label) {
  return (AsmMem){X64_NO_REG, X64_NO_REG, 1, true, 0, label};
}

/* The r/m operand of a ModRM instruction: a register or memory. */
typedef struct {
  bool is_reg;
  int reg;
  AsmMem mem;
} Rm;

static Rm rm_reg(int r) {
  CHECK(r >= 0 && r <= 15);
  return (Rm){true, r, {0}};
}

static Rm rm_mem(AsmMem m) { return (Rm){false, 0, m}; }

static int scale_bits(int scale) {
  return scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
}

/* Emits ModRM (+ SIB + displacement) for reg field `reg` and operand rm. */
static void emit_modrm(Assembler *a, int reg, Rm rm, int tail) {
  int r = (reg & 7) << 3;
  if (rm.is_reg) {
    emit8(a, (uint8_t)(0xC0 | r | (rm.reg & 7)));
    return;
  }
  AsmMem m = rm.mem;
  if (m.rip) {
    emit8(a, (uint8_t)(0x05 | r));
    if (m.label != ASM_NO_LABEL) emit_label_ref(a, m.label, 4, tail);
    else emit32(a, (uint32_t)m.disp);
    return;
  }
  if (m.base == X64_NO_REG) {
    /* No base: mod 00, rm 100, SIB base 101 = disp32 (index optional). */
    int idx = m.index == X64_NO_REG ? 4 : (m.index & 7);
    emit8(a, (uint8_t)(0x04 | r));
    emit8(a, (uint8_t)((scale_bits(m.scale) << 6) | (idx << 3) | 5));
    emit32(a, (uint32_t)m.disp);
    return;
  }
  int mod;
  if (m.disp == 0 && (m.base & 7) != 5) mod = 0x00;
  else if (fits_int8(m.disp)) mod = 0x40;
  else mod = 0x80;
  if (m.index == X64_NO_REG && (m.base & 7) != 4) {
    emit8(a, (uint8_t)(mod | r | (m.base & 7)));
  } else {
    int idx = m.index == X64_NO_REG ? 4 : (m.index & 7);
    emit8(a, (uint8_t)(mod | r | 4));
    emit8(a, (uint8_t)((scale_bits(m.scale) << 6) | (idx << 3) | (m.base & 7)));
  }
  if (mod == 0x40) emit8(a, (uint8_t)(int8_t)m.disp);
  else if (mod == 0x80) emit32(a, (uint32_t)m.disp);
}

/* Whether register r, used as a byte operand, needs a REX (SPL..DIL). */
static bool byte_reg_needs_rex(int r) { return r >= 4 && r <= 7; }

/* Operand details of one ModRM instruction. */
typedef struct {
  uint8_t prefix;              /* 0x66 / 0xF2 / 0xF3 or 0 */
  bool rex_w;
  bool reg_byte, rm_byte;      /* reg field / r/m register is a byte register */
} Enc;

/* Emits prefix, REX, opcode (oplen bytes, high byte first), ModRM etc.
 * tail: immediate bytes the caller emits after (for rip-relative fixups). */
static void emit_modrm_insn(Assembler *a, Enc e, uint32_t opcode, int oplen,
                            int reg, Rm rm, int tail) {
  CHECK(reg >= 0 && reg <= 15);
  ensure(a, 16);
  uint8_t rex = 0;
  if (e.rex_w) rex |= 8;
  if (reg & 8) rex |= 4;
  if (rm.is_reg) {
    if (rm.reg & 8) rex |= 1;
  } else if (!rm.mem.rip) {
    if (rm.mem.index != X64_NO_REG && (rm.mem.index & 8)) rex |= 2;
    if (rm.mem.base != X64_NO_REG && (rm.mem.base & 8)) rex |= 1;
  }
  bool need_rex = rex != 0 || (e.reg_byte && byte_reg_needs_rex(reg)) ||
                  (e.rm_byte && rm.is_reg && byte_reg_needs_rex(rm.reg));
  if (e.prefix) emit8(a, e.prefix);
  if (need_rex) emit8(a, (uint8_t)(0x40 | rex));
  for (int i = oplen - 1; i >= 0; i--) emit8(a, (uint8_t)(opcode >> (8 * i)));
  emit_modrm(a, reg, rm, tail);
}

/* Emits [66] [REX] opcode+reg for the register-in-opcode forms. */
static void emit_opreg_insn(Assembler *a, uint8_t prefix, bool rex_w,
                            bool byte_reg, uint8_t opcode, int reg) {
  CHECK(reg >= 0 && reg <= 15);
  ensure(a, 16);
  uint8_t rex = (uint8_t)((rex_w ? 8 : 0) | ((reg & 8) ? 1 : 0));
  if (prefix) emit8(a, prefix);
  if (rex || (byte_reg && byte_reg_needs_rex(reg))) emit8(a, (uint8_t)(0x40 | rex));
  emit8(a, (uint8_t)(opcode + (reg & 7)));
}

/* The encoding of an integer instruction of width w. */
static Enc enc_int(AsmWidth w, bool reg_is_byte_operand) {
  CHECK(w == W8 || w == W16 || w == W32 || w == W64);
  return (Enc){(uint8_t)(w == W16 ? 0x66 : 0), w == W64,
               w == W8 && reg_is_byte_operand, w == W8};
}

/* The common "op8 for bytes, op8+1 for wider" ModRM form. */
static void emit_sized(Assembler *a, AsmWidth w, uint8_t op8, int reg,
                       bool reg_is_operand, Rm rm, int tail) {
  emit_modrm_insn(a, enc_int(w, reg_is_operand),
                  w == W8 ? op8 : (uint32_t)(op8 + 1), 1, reg, rm, tail);
}

/* Bytes of the immediate of an instruction of width w (imm8/16/32). */
static int imm_size(AsmWidth w) { return w == W8 ? 1 : w == W16 ? 2 : 4; }

/* Checks that imm is representable in an immediate of width w. */
static void check_imm(AsmWidth w, int64_t imm) {
  if (w == W8) CHECK(imm >= -128 && imm <= 255);
  else if (w == W16) CHECK(imm >= -32768 && imm <= 65535);
}

static void emit_imm(Assembler *a, int size, int64_t imm) {
  if (size == 1) emit8(a, (uint8_t)imm);
  else if (size == 2) emit16(a, (uint16_t)imm);
  else emit32(a, (uint32_t)imm);
}

/* ---- moves ----------------------------------------------------------- */

void asm_mov_rr(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src) {
  emit_sized(a, w, 0x88, src, true, rm_reg(dst), 0);
}

void asm_mov_rm(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src) {
  emit_sized(a, w, 0x8A, dst, true, rm_mem(src), 0);
}

void asm_mov_mr(Assembler *a, AsmWidth w, AsmMem dst, X64Reg src) {
  emit_sized(a, w, 0x88, src, true, rm_mem(dst), 0);
}

void asm_mov_ri(Assembler *a, AsmWidth w, X64Reg dst, int64_t imm) {
  CHECK(dst >= RAX && dst <= R15);
  if (w == W64) {
    if (imm >= 0 && imm <= UINT32_MAX) {
      /* A 32-bit write zero-extends into the whole register. */
      emit_opreg_insn(a, 0, false, false, 0xB8, dst);
      emit32(a, (uint32_t)imm);
    } else if (fits_int32(imm)) {
      emit_modrm_insn(a, enc_int(W64, false), 0xC7, 1, 0, rm_reg(dst), 4);
      emit32(a, (uint32_t)imm);
    } else {
      asm_movabs(a, dst, (uint64_t)imm);
    }
    return;
  }
  check_imm(w, imm);
  if (w == W32) CHECK(imm >= INT32_MIN && imm <= UINT32_MAX);
  emit_opreg_insn(a, w == W16 ? 0x66 : 0, false, w == W8, w == W8 ? 0xB0 : 0xB8,
                  dst);
  emit_imm(a, imm_size(w), imm);
}

void asm_mov_mi(Assembler *a, AsmWidth w, AsmMem dst, int32_t imm) {
  check_imm(w, imm);
  emit_sized(a, w, 0xC6, 0, false, rm_mem(dst), imm_size(w));
  emit_imm(a, imm_size(w), imm);
}

void asm_movabs(Assembler *a, X64Reg dst, uint64_t imm) {
  CHECK(dst >= RAX && dst <= R15);
  emit_opreg_insn(a, 0, true, false, 0xB8, dst);
  for (int i = 0; i < 8; i++) emit8(a, (uint8_t)(imm >> (8 * i)));
}

/* movabs with the immediate recorded as a relocation of `kind`. */
static void movabs_reloc(Assembler *a, X64Reg dst, uint64_t v, AsmRelocKind kind) {
  CHECK(dst >= RAX && dst <= R15);
  emit_opreg_insn(a, 0, true, false, 0xB8, dst);
  add_reloc(a, kind);
  for (int i = 0; i < 8; i++) emit8(a, (uint8_t)(v >> (8 * i)));
}

void asm_mov_heap_ptr(Assembler *a, X64Reg dst, uint64_t ptr) {
  movabs_reloc(a, dst, ptr, RELOC_HEAP_POINTER);
}

void asm_mov_external(Assembler *a, X64Reg dst, uint64_t addr) {
  movabs_reloc(a, dst, addr, RELOC_EXTERNAL_REF);
}

/* movzx/movsx: 0F B6/B7 (zero) or 0F BE/BF (sign) by source width; movsxd
 * (63) for a 32-bit source. */
static void emit_extend(Assembler *a, AsmWidth w, AsmWidth src_w, bool sign,
                        X64Reg dst, Rm src) {
  CHECK(w > src_w && w != W8);
  Enc e = {(uint8_t)(w == W16 ? 0x66 : 0), w == W64, false, src_w == W8};
  if (src_w == W32) {
    CHECK(sign && w == W64);
    emit_modrm_insn(a, e, 0x63, 1, dst, src, 0);
    return;
  }
  CHECK(src_w == W8 || src_w == W16);
  uint32_t op = (sign ? 0x0FBE : 0x0FB6) + (src_w == W16 ? 1 : 0);
  emit_modrm_insn(a, e, op, 2, dst, src, 0);
}

void asm_movzx_rr(Assembler *a, AsmWidth w, AsmWidth src_w, X64Reg dst, X64Reg src) {
  emit_extend(a, w, src_w, false, dst, rm_reg(src));
}
void asm_movzx_rm(Assembler *a, AsmWidth w, AsmWidth src_w, X64Reg dst, AsmMem src) {
  emit_extend(a, w, src_w, false, dst, rm_mem(src));
}
void asm_movsx_rr(Assembler *a, AsmWidth w, AsmWidth src_w, X64Reg dst, X64Reg src) {
  emit_extend(a, w, src_w, true, dst, rm_reg(src));
}
void asm_movsx_rm(Assembler *a, AsmWidth w, AsmWidth src_w, X64Reg dst, AsmMem src) {
  emit_extend(a, w, src_w, true, dst, rm_mem(src));
}

void asm_lea(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x8D, 1, dst, rm_mem(src), 0);
}

/* ---- arithmetic ------------------------------------------------------ */

/* op r/m, imm with the group-1 opcodes 80 / 83 (imm8) / 81 and, for the
 * accumulator, the short digit*8+4/+5 form. */
static void emit_alu_imm(Assembler *a, AsmWidth w, int digit, Rm dst, int32_t imm) {
  check_imm(w, imm);
  if (w == W8) {
    emit_modrm_insn(a, enc_int(w, false), 0x80, 1, digit, dst, 1);
    emit8(a, (uint8_t)imm);
  } else if (fits_int8(imm)) {
    emit_modrm_insn(a, enc_int(w, false), 0x83, 1, digit, dst, 1);
    emit8(a, (uint8_t)imm);
  } else if (dst.is_reg && dst.reg == RAX) {
    emit_opreg_insn(a, w == W16 ? 0x66 : 0, w == W64, false,
                    (uint8_t)(digit * 8 + 5), 0);
    emit_imm(a, imm_size(w), imm);
  } else {
    emit_modrm_insn(a, enc_int(w, false), 0x81, 1, digit, dst, imm_size(w));
    emit_imm(a, imm_size(w), imm);
  }
}

#define V(op, digit)                                                        \
  void asm_##op##_rr(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src) {    \
    emit_sized(a, w, (uint8_t)((digit) * 8), src, true, rm_reg(dst), 0);    \
  }                                                                         \
  void asm_##op##_ri(Assembler *a, AsmWidth w, X64Reg dst, int32_t imm) {   \
    emit_alu_imm(a, w, digit, rm_reg(dst), imm);                            \
  }                                                                         \
  void asm_##op##_rm(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src) {    \
    emit_sized(a, w, (uint8_t)((digit) * 8 + 2), dst, true, rm_mem(src), 0); \
  }                                                                         \
  void asm_##op##_mr(Assembler *a, AsmWidth w, AsmMem dst, X64Reg src) {    \
    emit_sized(a, w, (uint8_t)((digit) * 8), src, true, rm_mem(dst), 0);    \
  }                                                                         \
  void asm_##op##_mi(Assembler *a, AsmWidth w, AsmMem dst, int32_t imm) {   \
    emit_alu_imm(a, w, digit, rm_mem(dst), imm);                            \
  }
X64_ALU_LIST(V)
#undef V

void asm_test_rr(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src) {
  emit_sized(a, w, 0x84, src, true, rm_reg(dst), 0);
}

void asm_test_mr(Assembler *a, AsmWidth w, AsmMem dst, X64Reg src) {
  emit_sized(a, w, 0x84, src, true, rm_mem(dst), 0);
}

/* test r/m, imm: F6/F7 /0 (no imm8 form), A8/A9 for the accumulator. */
static void emit_test_imm(Assembler *a, AsmWidth w, Rm dst, int32_t imm) {
  check_imm(w, imm);
  if (dst.is_reg && dst.reg == RAX) {
    emit_opreg_insn(a, w == W16 ? 0x66 : 0, w == W64, false,
                    w == W8 ? 0xA8 : 0xA9, 0);
  } else {
    emit_sized(a, w, 0xF6, 0, false, dst, imm_size(w));
  }
  emit_imm(a, imm_size(w), imm);
}

void asm_test_ri(Assembler *a, AsmWidth w, X64Reg dst, int32_t imm) {
  emit_test_imm(a, w, rm_reg(dst), imm);
}

void asm_test_mi(Assembler *a, AsmWidth w, AsmMem dst, int32_t imm) {
  emit_test_imm(a, w, rm_mem(dst), imm);
}

void asm_imul_rr(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x0FAF, 2, dst, rm_reg(src), 0);
}

void asm_imul_rm(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x0FAF, 2, dst, rm_mem(src), 0);
}

void asm_imul_rri(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src, int32_t imm) {
  CHECK(w != W8);
  check_imm(w, imm);
  if (fits_int8(imm)) {
    emit_modrm_insn(a, enc_int(w, false), 0x6B, 1, dst, rm_reg(src), 1);
    emit8(a, (uint8_t)imm);
  } else {
    emit_modrm_insn(a, enc_int(w, false), 0x69, 1, dst, rm_reg(src), imm_size(w));
    emit_imm(a, imm_size(w), imm);
  }
}

#define V(op, opcode, digit)                                      \
  void asm_##op##_r(Assembler *a, AsmWidth w, X64Reg r) {         \
    emit_sized(a, w, opcode, digit, false, rm_reg(r), 0);         \
  }                                                               \
  void asm_##op##_m(Assembler *a, AsmWidth w, AsmMem m) {         \
    emit_sized(a, w, opcode, digit, false, rm_mem(m), 0);         \
  }
X64_UNARY_LIST(V)
#undef V

/* Shift group: D0/D1 by 1, C0/C1 by imm8, D2/D3 by cl. */
static void emit_shift(Assembler *a, AsmWidth w, int digit, Rm dst, int count) {
  if (count < 0) {
    emit_sized(a, w, 0xD2, digit, false, dst, 0);
  } else if (count == 1) {
    emit_sized(a, w, 0xD0, digit, false, dst, 0);
  } else {
    emit_sized(a, w, 0xC0, digit, false, dst, 1);
    emit8(a, (uint8_t)count);
  }
}

#define V(op, digit)                                                        \
  void asm_##op##_ri(Assembler *a, AsmWidth w, X64Reg r, uint8_t count) {   \
    emit_shift(a, w, digit, rm_reg(r), count);                              \
  }                                                                         \
  void asm_##op##_rc(Assembler *a, AsmWidth w, X64Reg r) {                  \
    emit_shift(a, w, digit, rm_reg(r), -1);                                 \
  }                                                                         \
  void asm_##op##_mi(Assembler *a, AsmWidth w, AsmMem m, uint8_t count) {   \
    emit_shift(a, w, digit, rm_mem(m), count);                              \
  }                                                                         \
  void asm_##op##_mc(Assembler *a, AsmWidth w, AsmMem m) {                  \
    emit_shift(a, w, digit, rm_mem(m), -1);                                 \
  }
X64_SHIFT_LIST(V)
#undef V

void asm_cdq(Assembler *a) {
  ensure(a, 1);
  emit8(a, 0x99);
}

void asm_cqo(Assembler *a) {
  ensure(a, 2);
  emit8(a, 0x48);
  emit8(a, 0x99);
}

void asm_bt_rr(Assembler *a, AsmWidth w, X64Reg r, X64Reg bit) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x0FA3, 2, bit, rm_reg(r), 0);
}

void asm_bt_mr(Assembler *a, AsmWidth w, AsmMem m, X64Reg bit) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x0FA3, 2, bit, rm_mem(m), 0);
}

void asm_bt_ri(Assembler *a, AsmWidth w, X64Reg r, uint8_t bit) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x0FBA, 2, 4, rm_reg(r), 1);
  emit8(a, bit);
}

void asm_bt_mi(Assembler *a, AsmWidth w, AsmMem m, uint8_t bit) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x0FBA, 2, 4, rm_mem(m), 1);
  emit8(a, bit);
}

void asm_setcc(Assembler *a, X64Cond c, X64Reg dst) {
  emit_modrm_insn(a, enc_int(W8, false), 0x0F90 + (uint32_t)c, 2, 0,
                  rm_reg(dst), 0);
}

void asm_cmov_rr(Assembler *a, AsmWidth w, X64Cond c, X64Reg dst, X64Reg src) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x0F40 + (uint32_t)c, 2, dst,
                  rm_reg(src), 0);
}

void asm_cmov_rm(Assembler *a, AsmWidth w, X64Cond c, X64Reg dst, AsmMem src) {
  CHECK(w != W8);
  emit_modrm_insn(a, enc_int(w, false), 0x0F40 + (uint32_t)c, 2, dst,
                  rm_mem(src), 0);
}

/* ---- control flow ---------------------------------------------------- */

/* A jump to label l: short_op rel8 when l is bound and in reach (or when
 * the caller forces short), else the rel32 opcode (1 or 2 bytes). */
static void emit_jump(Assembler *a, uint8_t short_op, uint32_t near_op,
                      int near_len, AsmLabel l, bool force_short) {
  AsmLabelState *s = label_state(a, l);
  ensure(a, 8);
  int32_t target = s ? s->pos : -1;
  if (force_short || (target >= 0 && fits_int8((int64_t)target - (int64_t)(a->size + 2)))) {
    emit8(a, short_op);
    emit_label_ref(a, l, 1, 0);
    return;
  }
  for (int i = near_len - 1; i >= 0; i--) emit8(a, (uint8_t)(near_op >> (8 * i)));
  emit_label_ref(a, l, 4, 0);
}

void asm_jmp(Assembler *a, AsmLabel l) { emit_jump(a, 0xEB, 0xE9, 1, l, false); }
void asm_jmp_short(Assembler *a, AsmLabel l) { emit_jump(a, 0xEB, 0xE9, 1, l, true); }

void asm_jcc(Assembler *a, X64Cond c, AsmLabel l) {
  emit_jump(a, (uint8_t)(0x70 + c), 0x0F80 + (uint32_t)c, 2, l, false);
}

void asm_jcc_short(Assembler *a, X64Cond c, AsmLabel l) {
  emit_jump(a, (uint8_t)(0x70 + c), 0x0F80 + (uint32_t)c, 2, l, true);
}

/* FF /digit on a register or memory operand (default 64-bit operand). */
static void emit_ff(Assembler *a, int digit, Rm rm) {
  emit_modrm_insn(a, (Enc){0, false, false, false}, 0xFF, 1, digit, rm, 0);
}

void asm_jmp_r(Assembler *a, X64Reg r) { emit_ff(a, 4, rm_reg(r)); }
void asm_jmp_m(Assembler *a, AsmMem m) { emit_ff(a, 4, rm_mem(m)); }

void asm_call(Assembler *a, AsmLabel l) {
  ensure(a, 8);
  emit8(a, 0xE8);
  emit_label_ref(a, l, 4, 0);
}

void asm_call_r(Assembler *a, X64Reg r) { emit_ff(a, 2, rm_reg(r)); }
void asm_call_m(Assembler *a, AsmMem m) { emit_ff(a, 2, rm_mem(m)); }

void asm_call_abs(Assembler *a, uint64_t target, X64Reg scratch) {
  movabs_reloc(a, scratch, target, RELOC_CALL_TARGET);
  asm_call_r(a, scratch);
}

void asm_ret(Assembler *a, uint16_t pop_bytes) {
  ensure(a, 3);
  if (pop_bytes == 0) {
    emit8(a, 0xC3);
  } else {
    emit8(a, 0xC2);
    emit16(a, pop_bytes);
  }
}

void asm_push_r(Assembler *a, X64Reg r) {
  CHECK(r >= RAX && r <= R15);
  emit_opreg_insn(a, 0, false, false, 0x50, r);
}

void asm_pop_r(Assembler *a, X64Reg r) {
  CHECK(r >= RAX && r <= R15);
  emit_opreg_insn(a, 0, false, false, 0x58, r);
}

void asm_push_i(Assembler *a, int32_t imm) {
  ensure(a, 5);
  if (fits_int8(imm)) {
    emit8(a, 0x6A);
    emit8(a, (uint8_t)imm);
  } else {
    emit8(a, 0x68);
    emit32(a, (uint32_t)imm);
  }
}

void asm_push_m(Assembler *a, AsmMem m) { emit_ff(a, 6, rm_mem(m)); }

void asm_pop_m(Assembler *a, AsmMem m) {
  emit_modrm_insn(a, (Enc){0, false, false, false}, 0x8F, 1, 0, rm_mem(m), 0);
}

void asm_int3(Assembler *a) {
  ensure(a, 1);
  emit8(a, 0xCC);
}

void asm_ud2(Assembler *a) {
  ensure(a, 2);
  emit8(a, 0x0F);
  emit8(a, 0x0B);
}

/* The recommended multi-byte nops of 1..9 bytes (Intel SDM, NOP). */
static const uint8_t nops[9][9] = {
    {0x90},
    {0x66, 0x90},
    {0x0F, 0x1F, 0x00},
    {0x0F, 0x1F, 0x40, 0x00},
    {0x0F, 0x1F, 0x44, 0x00, 0x00},
    {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
    {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
    {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
};

void asm_nop(Assembler *a, size_t n) {
  while (n > 0) {
    size_t k = n > 9 ? 9 : n;
    asm_emit_bytes(a, nops[k - 1], k);
    n -= k;
  }
}

void asm_align(Assembler *a, size_t alignment) {
  CHECK(alignment > 0 && (alignment & (alignment - 1)) == 0);
  asm_nop(a, (alignment - (a->size & (alignment - 1))) & (alignment - 1));
}

/* ---- SSE ------------------------------------------------------------- */

static const Enc ENC_NONE = {0, false, false, false};

/* prefix 0F op /r with an XMM in the reg field. */
static void emit_sse(Assembler *a, uint8_t prefix, bool rex_w, uint8_t op,
                     int reg, Rm rm, int tail) {
  Enc e = ENC_NONE;
  e.prefix = prefix;
  e.rex_w = rex_w;
  emit_modrm_insn(a, e, 0x0F00 | op, 2, reg, rm, tail);
}

#define V(op, prefix, opcode)                                        \
  void asm_##op##_xx(Assembler *a, X64Xmm dst, X64Xmm src) {         \
    emit_sse(a, prefix, false, opcode, dst, rm_reg(src), 0);         \
  }                                                                  \
  void asm_##op##_xm(Assembler *a, X64Xmm dst, AsmMem src) {         \
    emit_sse(a, prefix, false, opcode, dst, rm_mem(src), 0);         \
  }
X64_SSE_LIST(V)
#undef V

void asm_movsd_mx(Assembler *a, AsmMem dst, X64Xmm src) {
  emit_sse(a, 0xF2, false, 0x11, src, rm_mem(dst), 0);
}

void asm_movq_xr(Assembler *a, AsmWidth w, X64Xmm dst, X64Reg src) {
  CHECK(w == W32 || w == W64);
  emit_sse(a, 0x66, w == W64, 0x6E, dst, rm_reg(src), 0);
}

void asm_movq_rx(Assembler *a, AsmWidth w, X64Reg dst, X64Xmm src) {
  CHECK(w == W32 || w == W64);
  emit_sse(a, 0x66, w == W64, 0x7E, src, rm_reg(dst), 0);
}

void asm_cvtsi2sd_xr(Assembler *a, AsmWidth w, X64Xmm dst, X64Reg src) {
  CHECK(w == W32 || w == W64);
  emit_sse(a, 0xF2, w == W64, 0x2A, dst, rm_reg(src), 0);
}

void asm_cvtsi2sd_xm(Assembler *a, AsmWidth w, X64Xmm dst, AsmMem src) {
  CHECK(w == W32 || w == W64);
  emit_sse(a, 0xF2, w == W64, 0x2A, dst, rm_mem(src), 0);
}

void asm_cvttsd2si_rx(Assembler *a, AsmWidth w, X64Reg dst, X64Xmm src) {
  CHECK(w == W32 || w == W64);
  emit_sse(a, 0xF2, w == W64, 0x2C, dst, rm_reg(src), 0);
}

void asm_cvttsd2si_rm(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src) {
  CHECK(w == W32 || w == W64);
  emit_sse(a, 0xF2, w == W64, 0x2C, dst, rm_mem(src), 0);
}

/* roundsd: 66 0F 3A 0B /r ib. */
static void emit_roundsd(Assembler *a, X64Xmm dst, Rm src, AsmRoundMode mode) {
  CHECK(mode >= ASM_ROUND_NEAREST && mode <= ASM_ROUND_TO_ZERO);
  Enc e = ENC_NONE;
  e.prefix = 0x66;
  emit_modrm_insn(a, e, 0x0F3A0B, 3, dst, src, 1);
  emit8(a, (uint8_t)mode);
}

void asm_roundsd_xx(Assembler *a, X64Xmm dst, X64Xmm src, AsmRoundMode mode) {
  emit_roundsd(a, dst, rm_reg(src), mode);
}

void asm_roundsd_xm(Assembler *a, X64Xmm dst, AsmMem src, AsmRoundMode mode) {
  emit_roundsd(a, dst, rm_mem(src), mode);
}

/* 66 0F 73 /digit ib: psrlq (/2), psllq (/6). */
static void emit_shift_q(Assembler *a, int digit, X64Xmm r, uint8_t count) {
  emit_sse(a, 0x66, false, 0x73, digit, rm_reg(r), 1);
  emit8(a, count);
}

void asm_psllq_xi(Assembler *a, X64Xmm r, uint8_t count) { emit_shift_q(a, 6, r, count); }
void asm_psrlq_xi(Assembler *a, X64Xmm r, uint8_t count) { emit_shift_q(a, 2, r, count); }
