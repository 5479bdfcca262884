/*
 * assembler.h - the x86-64 assembler: writes machine code into a growable
 * malloc'd byte buffer (the optimizing compiler copies the finished bytes
 * into a Code object later). One function per instruction form, named
 * asm_<mnemonic>_<operands> where the operand letters are r (general
 * register), x (XMM register), m (memory, AsmMem), i (immediate), c (the cl
 * register), l (label). Integer instructions take an operand width (W8, W16,
 * W32, W64); W64 sets REX.W.
 *
 * Labels are indices handed out by asm_label_new. A jump to a bound label
 * (backward) takes the short rel8 form when it fits, else rel32; a jump to an
 * unbound label (forward) takes rel32 (or rel8 if the caller asks for the
 * _short form and promises the distance fits; binding CHECKs that it does).
 * RIP-relative memory operands may name a label too (constant pools).
 *
 * Relocations: every 64-bit immediate that holds a heap pointer, an absolute
 * call target or an external (C) address is recorded as (offset, kind), the
 * offset being that of the 8 immediate bytes in the buffer, so the GC can
 * visit and update heap pointers and the code installer can patch targets.
 *
 * Invariant: the buffer always holds complete instructions, each encoded as
 * the Intel SDM specifies (prefixes, then REX, then opcode, ModRM, SIB,
 * displacement, immediate). An out-of-memory while growing a buffer sets
 * `failed` (later output is garbage, asm_finish fails); misuse by the
 * compiler (a bad operand combination, a label bound twice or never bound)
 * is an engine bug and aborts through CHECK.
 */
#ifndef RONDO_CODEGEN_X64_ASSEMBLER_H
#define RONDO_CODEGEN_X64_ASSEMBLER_H

#include "base/common.h"

/* The 16 general registers: name, 64-, 32-, 16- and 8-bit names. */
#define X64_GPR_LIST(V)                        \
  V(RAX, "rax", "eax", "ax", "al")             \
  V(RCX, "rcx", "ecx", "cx", "cl")             \
  V(RDX, "rdx", "edx", "dx", "dl")             \
  V(RBX, "rbx", "ebx", "bx", "bl")             \
  V(RSP, "rsp", "esp", "sp", "spl")            \
  V(RBP, "rbp", "ebp", "bp", "bpl")            \
  V(RSI, "rsi", "esi", "si", "sil")            \
  V(RDI, "rdi", "edi", "di", "dil")            \
  V(R8, "r8", "r8d", "r8w", "r8b")             \
  V(R9, "r9", "r9d", "r9w", "r9b")             \
  V(R10, "r10", "r10d", "r10w", "r10b")        \
  V(R11, "r11", "r11d", "r11w", "r11b")        \
  V(R12, "r12", "r12d", "r12w", "r12b")        \
  V(R13, "r13", "r13d", "r13w", "r13b")        \
  V(R14, "r14", "r14d", "r14w", "r14b")        \
  V(R15, "r15", "r15d", "r15w", "r15b")

/* The 16 SSE registers. */
#define X64_XMM_LIST(V)                                                  \
  V(XMM0, "xmm0") V(XMM1, "xmm1") V(XMM2, "xmm2") V(XMM3, "xmm3")        \
  V(XMM4, "xmm4") V(XMM5, "xmm5") V(XMM6, "xmm6") V(XMM7, "xmm7")        \
  V(XMM8, "xmm8") V(XMM9, "xmm9") V(XMM10, "xmm10") V(XMM11, "xmm11")    \
  V(XMM12, "xmm12") V(XMM13, "xmm13") V(XMM14, "xmm14") V(XMM15, "xmm15")

/* Condition codes in encoding order (the low nibble of Jcc/SETcc/CMOVcc);
 * name, suffix. Negation flips bit 0. */
#define X64_COND_LIST(V)                                  \
  V(O, "o")     /* overflow */                            \
  V(NO, "no")                                             \
  V(B, "b")     /* below (unsigned <), carry */           \
  V(AE, "ae")   /* above or equal (unsigned >=) */        \
  V(E, "e")     /* equal, zero */                         \
  V(NE, "ne")                                             \
  V(BE, "be")   /* below or equal (unsigned <=) */        \
  V(A, "a")     /* above (unsigned >) */                  \
  V(S, "s")     /* sign */                                \
  V(NS, "ns")                                             \
  V(P, "p")     /* parity (unordered after ucomisd) */    \
  V(NP, "np")                                             \
  V(L, "l")     /* less (signed <) */                     \
  V(GE, "ge")                                             \
  V(LE, "le")                                             \
  V(G, "g")

typedef enum {
#define V(name, ...) name,
  X64_GPR_LIST(V)
#undef V
  X64_NO_REG = -1
} X64Reg;

typedef enum {
#define V(name, str) name,
  X64_XMM_LIST(V)
#undef V
} X64Xmm;

typedef enum {
#define V(name, str) COND_##name,
  X64_COND_LIST(V)
#undef V
  COND_ZERO = COND_E,
  COND_NOT_ZERO = COND_NE,
  COND_CARRY = COND_B,
  COND_NOT_CARRY = COND_AE,
} X64Cond;

/* Operand width in bytes. */
typedef enum { W8 = 1, W16 = 2, W32 = 4, W64 = 8 } AsmWidth;

/* A label: an index into the assembler's label table. */
typedef int32_t AsmLabel;
#define ASM_NO_LABEL ((AsmLabel)-1)

/* A memory operand: [base + index*scale + disp], or [rip + disp] (rip set),
 * or [rip + label] (label set). base or index may be X64_NO_REG. */
typedef struct AsmMem {
  int8_t base, index;
  uint8_t scale;               /* 1, 2, 4 or 8 */
  bool rip;
  int32_t disp;
  AsmLabel label;              /* rip-relative to this label, or ASM_NO_LABEL */
} AsmMem;

/* Relocation kinds: name, description. */
#define ASM_RELOC_LIST(V)                                                  \
  V(HEAP_POINTER, "heap pointer")   /* imm64: a tagged heap pointer */       \
  V(CALL_TARGET, "call target")     /* imm64: absolute address called */     \
  V(EXTERNAL_REF, "external ref")   /* imm64: address of C data or code */

typedef enum {
#define V(name, str) RELOC_##name,
  ASM_RELOC_LIST(V)
#undef V
  RELOC_KIND_COUNT
} AsmRelocKind;

typedef struct AsmReloc {
  uint32_t offset;             /* of the 8 immediate bytes */
  uint8_t kind;                /* AsmRelocKind */
} AsmReloc;

typedef struct AsmLabelState {
  int32_t pos;                 /* bound position, or -1 */
  int32_t fixups;              /* head of the list of uses (index), or -1 */
} AsmLabelState;

typedef struct AsmFixup {
  uint32_t pos;                /* of the rel8/rel32 field */
  int32_t next;                /* next use of the same label, or -1 */
  uint8_t size;                /* 1 or 4 */
  uint8_t tail;                /* bytes from the field's end to the insn's end */
} AsmFixup;

typedef struct Assembler {
  uint8_t *buf;
  size_t size, capacity;
  AsmLabelState *labels;
  uint32_t label_count, label_capacity;
  AsmFixup *fixups;
  uint32_t fixup_count, fixup_capacity;
  uint32_t unresolved;         /* uses of labels not bound yet */
  AsmReloc *relocs;
  uint32_t reloc_count, reloc_capacity;
  bool failed;                 /* out of memory */
} Assembler;

extern const char *const x64_reg_names[16];
extern const char *const x64_reg32_names[16];
extern const char *const x64_reg16_names[16];
extern const char *const x64_reg8_names[16];
extern const char *const x64_xmm_names[16];
extern const char *const x64_cond_names[16];
extern const char *const asm_reloc_kind_names[RELOC_KIND_COUNT];

/* The condition that holds exactly when c does not. */
RD_INLINE X64Cond x64_cond_negate(X64Cond c) { return (X64Cond)(c ^ 1); }

/* Memory operand constructors. */
AsmMem asm_mem(X64Reg base, int32_t disp);
AsmMem asm_mem_index(X64Reg base, X64Reg index, int scale, int32_t disp);
AsmMem asm_mem_rip(int32_t disp);
AsmMem asm_mem_label(AsmLabel label);

/* Lifecycle. asm_finish hands the buffer to the caller (free() it) and
 * fails on out-of-memory; every label used must be bound by then. */
void asm_init(Assembler *a);
void asm_free(Assembler *a);
RD_MUST_CHECK bool asm_finish(Assembler *a, uint8_t **code, size_t *size);
RD_INLINE size_t asm_pc(const Assembler *a) { return a->size; }

/* Labels. */
AsmLabel asm_label_new(Assembler *a);
void asm_bind(Assembler *a, AsmLabel l);
bool asm_label_is_bound(const Assembler *a, AsmLabel l);
int32_t asm_label_pos(const Assembler *a, AsmLabel l);

/* Raw bytes (data, constant pools) and alignment. */
void asm_emit_bytes(Assembler *a, const void *bytes, size_t n);
void asm_emit_u64(Assembler *a, uint64_t v);
void asm_nop(Assembler *a, size_t n);  /* n bytes of (multi-byte) nops */
void asm_align(Assembler *a, size_t alignment);

/* Moves. asm_mov_ri picks the shortest encoding for the value (W64: mov
 * r32,imm32 when it fits unsigned, sign-extended imm32, else movabs). */
void asm_mov_rr(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src);
void asm_mov_rm(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src);
void asm_mov_mr(Assembler *a, AsmWidth w, AsmMem dst, X64Reg src);
void asm_mov_ri(Assembler *a, AsmWidth w, X64Reg dst, int64_t imm);
void asm_mov_mi(Assembler *a, AsmWidth w, AsmMem dst, int32_t imm);
void asm_movabs(Assembler *a, X64Reg dst, uint64_t imm);  /* always 10 bytes */
/* movabs of a heap pointer / external address, recorded as a relocation. */
void asm_mov_heap_ptr(Assembler *a, X64Reg dst, uint64_t ptr);
void asm_mov_external(Assembler *a, X64Reg dst, uint64_t addr);
/* Zero/sign extension from src_w (W8, W16; movsx also W32 = movsxd). */
void asm_movzx_rr(Assembler *a, AsmWidth w, AsmWidth src_w, X64Reg dst, X64Reg src);
void asm_movzx_rm(Assembler *a, AsmWidth w, AsmWidth src_w, X64Reg dst, AsmMem src);
void asm_movsx_rr(Assembler *a, AsmWidth w, AsmWidth src_w, X64Reg dst, X64Reg src);
void asm_movsx_rm(Assembler *a, AsmWidth w, AsmWidth src_w, X64Reg dst, AsmMem src);
void asm_lea(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src);

/* The eight classic ALU operations: name, /digit (the 0x83 group's ModRM
 * reg field; the r/m,r opcode is digit*8 + 1). */
#define X64_ALU_LIST(V) \
  V(add, 0) V(or, 1) V(adc, 2) V(sbb, 3) V(and, 4) V(sub, 5) V(xor, 6) V(cmp, 7)

#define V(op, digit)                                                        \
  void asm_##op##_rr(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src);     \
  void asm_##op##_ri(Assembler *a, AsmWidth w, X64Reg dst, int32_t imm);    \
  void asm_##op##_rm(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src);     \
  void asm_##op##_mr(Assembler *a, AsmWidth w, AsmMem dst, X64Reg src);     \
  void asm_##op##_mi(Assembler *a, AsmWidth w, AsmMem dst, int32_t imm);
X64_ALU_LIST(V)
#undef V

void asm_test_rr(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src);
void asm_test_ri(Assembler *a, AsmWidth w, X64Reg dst, int32_t imm);
void asm_test_mr(Assembler *a, AsmWidth w, AsmMem dst, X64Reg src);
void asm_test_mi(Assembler *a, AsmWidth w, AsmMem dst, int32_t imm);

/* Signed multiply: dst *= src, and dst = src * imm. */
void asm_imul_rr(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src);
void asm_imul_rm(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src);
void asm_imul_rri(Assembler *a, AsmWidth w, X64Reg dst, X64Reg src, int32_t imm);

/* One-operand groups: name, opcode (8-bit form; +1 for wider), /digit. */
#define X64_UNARY_LIST(V)                                   \
  V(inc, 0xFE, 0) V(dec, 0xFE, 1)                           \
  V(not, 0xF6, 2) V(neg, 0xF6, 3) V(mul, 0xF6, 4)           \
  V(div, 0xF6, 6) V(idiv, 0xF6, 7)

#define V(op, opcode, digit)                                      \
  void asm_##op##_r(Assembler *a, AsmWidth w, X64Reg r);          \
  void asm_##op##_m(Assembler *a, AsmWidth w, AsmMem m);
X64_UNARY_LIST(V)
#undef V

/* Shifts and rotates: name, /digit of the C0/C1/D0-D3 group. */
#define X64_SHIFT_LIST(V) V(rol, 0) V(ror, 1) V(shl, 4) V(shr, 5) V(sar, 7)

#define V(op, digit)                                                      \
  void asm_##op##_ri(Assembler *a, AsmWidth w, X64Reg r, uint8_t count);  \
  void asm_##op##_rc(Assembler *a, AsmWidth w, X64Reg r);                 \
  void asm_##op##_mi(Assembler *a, AsmWidth w, AsmMem m, uint8_t count);  \
  void asm_##op##_mc(Assembler *a, AsmWidth w, AsmMem m);
X64_SHIFT_LIST(V)
#undef V

void asm_cdq(Assembler *a);    /* edx:eax = sign-extend eax */
void asm_cqo(Assembler *a);    /* rdx:rax = sign-extend rax */

/* Bit test: CF = bit `bit` of the operand. */
void asm_bt_rr(Assembler *a, AsmWidth w, X64Reg r, X64Reg bit);
void asm_bt_ri(Assembler *a, AsmWidth w, X64Reg r, uint8_t bit);
void asm_bt_mr(Assembler *a, AsmWidth w, AsmMem m, X64Reg bit);
void asm_bt_mi(Assembler *a, AsmWidth w, AsmMem m, uint8_t bit);

void asm_setcc(Assembler *a, X64Cond c, X64Reg dst);  /* byte register */
void asm_cmov_rr(Assembler *a, AsmWidth w, X64Cond c, X64Reg dst, X64Reg src);
void asm_cmov_rm(Assembler *a, AsmWidth w, X64Cond c, X64Reg dst, AsmMem src);

/* Control flow. */
void asm_jmp(Assembler *a, AsmLabel l);
void asm_jmp_short(Assembler *a, AsmLabel l);  /* rel8; must fit */
void asm_jcc(Assembler *a, X64Cond c, AsmLabel l);
void asm_jcc_short(Assembler *a, X64Cond c, AsmLabel l);
void asm_jmp_r(Assembler *a, X64Reg r);
void asm_jmp_m(Assembler *a, AsmMem m);
void asm_call(Assembler *a, AsmLabel l);
void asm_call_r(Assembler *a, X64Reg r);
void asm_call_m(Assembler *a, AsmMem m);
/* movabs scratch, target (a CALL_TARGET relocation); call scratch. */
void asm_call_abs(Assembler *a, uint64_t target, X64Reg scratch);
void asm_ret(Assembler *a, uint16_t pop_bytes);  /* ret / ret imm16 */
void asm_push_r(Assembler *a, X64Reg r);
void asm_push_i(Assembler *a, int32_t imm);
void asm_push_m(Assembler *a, AsmMem m);
void asm_pop_r(Assembler *a, X64Reg r);
void asm_pop_m(Assembler *a, AsmMem m);
void asm_int3(Assembler *a);
void asm_ud2(Assembler *a);

/* SSE2 (and SSE4.1 roundsd) on scalar doubles. Two-operand forms:
 * name, mandatory prefix (0 for none), opcode after 0F. */
#define X64_SSE_LIST(V)                                    \
  V(movsd, 0xF2, 0x10)                                     \
  V(movapd, 0x66, 0x28)                                    \
  V(addsd, 0xF2, 0x58)                                     \
  V(mulsd, 0xF2, 0x59)                                     \
  V(subsd, 0xF2, 0x5C)                                     \
  V(minsd, 0xF2, 0x5D)                                     \
  V(divsd, 0xF2, 0x5E)                                     \
  V(maxsd, 0xF2, 0x5F)                                     \
  V(sqrtsd, 0xF2, 0x51)                                    \
  V(ucomisd, 0x66, 0x2E)                                   \
  V(comisd, 0x66, 0x2F)                                    \
  V(andpd, 0x66, 0x54)                                     \
  V(andnpd, 0x66, 0x55)                                    \
  V(orpd, 0x66, 0x56)                                      \
  V(xorpd, 0x66, 0x57)                                     \
  V(cvtsd2ss, 0xF2, 0x5A)                                  \
  V(cvtss2sd, 0xF3, 0x5A)

#define V(op, prefix, opcode)                                     \
  void asm_##op##_xx(Assembler *a, X64Xmm dst, X64Xmm src);      \
  void asm_##op##_xm(Assembler *a, X64Xmm dst, AsmMem src);
X64_SSE_LIST(V)
#undef V

void asm_movsd_mx(Assembler *a, AsmMem dst, X64Xmm src);
/* movq (W64) / movd (W32) between general and XMM registers. */
void asm_movq_xr(Assembler *a, AsmWidth w, X64Xmm dst, X64Reg src);
void asm_movq_rx(Assembler *a, AsmWidth w, X64Reg dst, X64Xmm src);
/* int32/int64 -> double, and double -> int32/int64 truncating. */
void asm_cvtsi2sd_xr(Assembler *a, AsmWidth w, X64Xmm dst, X64Reg src);
void asm_cvtsi2sd_xm(Assembler *a, AsmWidth w, X64Xmm dst, AsmMem src);
void asm_cvttsd2si_rx(Assembler *a, AsmWidth w, X64Reg dst, X64Xmm src);
void asm_cvttsd2si_rm(Assembler *a, AsmWidth w, X64Reg dst, AsmMem src);
/* Rounding modes: roundsd's immediate (bits 0-1; bit 2 clear = use them
 * rather than MXCSR). */
typedef enum {
  ASM_ROUND_NEAREST = 0,
  ASM_ROUND_DOWN = 1,
  ASM_ROUND_UP = 2,
  ASM_ROUND_TO_ZERO = 3
} AsmRoundMode;
void asm_roundsd_xx(Assembler *a, X64Xmm dst, X64Xmm src, AsmRoundMode mode);
void asm_roundsd_xm(Assembler *a, X64Xmm dst, AsmMem src, AsmRoundMode mode);
/* Whole-register shifts of both 64-bit lanes (to build sign masks). */
void asm_psllq_xi(Assembler *a, X64Xmm r, uint8_t count);
void asm_psrlq_xi(Assembler *a, X64Xmm r, uint8_t count);

#endif
