/*
 * test_assembler.c - the x86-64 assembler (src/codegen/x64/assembler.c):
 * every instruction form against encodings worked out from the Intel SDM,
 * each cross-checked by disassembling it with Capstone (disasm.c) and
 * comparing the text; every register in every position (the REX, SIB and
 * disp8 edge cases); labels forward and backward, short and long;
 * relocation records; and small functions copied into an executable page
 * (mapped writable, then flipped to read+execute: W^X) and called.
 *
 * Invariant: expected byte strings come from the manual, not from the
 * assembler itself; Capstone is an independent second opinion.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "codegen/x64/assembler.h"
#include "codegen/x64/disasm.h"
#include "test.h"

/* ---- helpers --------------------------------------------------------- */

/* Disassembles all of code into text, instructions joined by "; ".
 * Returns false if some bytes did not decode. */
static bool disasm_all(const uint8_t *code, size_t size, char *text, size_t n) {
  size_t off = 0, used = 0;
  text[0] = '\0';
  while (off < size) {
    char one[160];
    size_t len = codegen_disassemble_insn(code + off, size - off, off, one, sizeof one);
    if (len == 0) return false;
    used += (size_t)snprintf(text + used, n - used, "%s%s", off ? "; " : "", one);
    if (used >= n) return false;
    off += len;
  }
  return true;
}

/* Unaligned little-endian reads of emitted fields. */
static int32_t read_i32(const uint8_t *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

static uint64_t read_u64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

/* Finishes a and compares its bytes with hex ("48 89 d8") and, unless
 * NULL, Capstone's reading of them with text. */
static void check_asm(const char *file, int line, Assembler *a, const char *hex,
                      const char *text) {
  uint8_t *code;
  size_t size;
  if (!asm_finish(a, &code, &size)) {
    test_fail(file, line, "asm_finish failed");
    asm_free(a);
    return;
  }
  char got[512];
  size_t used = 0;
  got[0] = '\0';
  for (size_t i = 0; i < size && used + 4 < sizeof got; i++)
    used += (size_t)snprintf(got + used, sizeof got - used, "%s%02x", i ? " " : "", code[i]);
  if (hex && strcmp(got, hex) != 0)
    test_fail(file, line, "bytes: got \"%s\", expected \"%s\"", got, hex);
  if (text) {
    char dis[1024];
    if (!disasm_all(code, size, dis, sizeof dis))
      test_fail(file, line, "capstone could not decode \"%s\"", got);
    else if (strcmp(dis, text) != 0)
      test_fail(file, line, "capstone: got \"%s\", expected \"%s\" (bytes %s)", dis, text, got);
  }
  free(code);
  asm_free(a);
}

/* EXPECT_ASM(statements using `a`, "hex bytes", "capstone text"). */
#define EXPECT_ASM(stmts, hex, text)                 \
  do {                                               \
    Assembler asm_;                                  \
    asm_init(&asm_);                                 \
    {                                                \
      Assembler *a = &asm_;                          \
      stmts;                                         \
    }                                                \
    check_asm(__FILE__, __LINE__, &asm_, hex, text); \
  } while (0)

/* A number as Capstone prints a displacement or wide immediate. */
static void fmt_num(char *buf, size_t n, int64_t v) {
  uint64_t m = v < 0 ? (uint64_t)(-v) : (uint64_t)v;
  if (m <= 9) snprintf(buf, n, "%s%llu", v < 0 ? "-" : "", (unsigned long long)m);
  else snprintf(buf, n, "%s0x%llx", v < 0 ? "-" : "", (unsigned long long)m);
}

/* "qword ptr [base + index*scale + disp]" as Capstone prints it. */
static void fmt_mem(char *buf, size_t n, const char *ptr, int base, int index,
                    int scale, int32_t disp) {
  char num[32];
  size_t u = (size_t)snprintf(buf, n, "%s ptr [", ptr);
  bool any = false;
  if (base >= 0) {
    u += (size_t)snprintf(buf + u, n - u, "%s", x64_reg_names[base]);
    any = true;
  }
  if (index >= 0) {
    u += (size_t)snprintf(buf + u, n - u, "%s%s", any ? " + " : "", x64_reg_names[index]);
    if (scale > 1) u += (size_t)snprintf(buf + u, n - u, "*%d", scale);
    any = true;
  }
  if (disp != 0 || !any) {
    fmt_num(num, sizeof num, disp < 0 ? -(int64_t)disp : disp);
    if (!any) u += (size_t)snprintf(buf + u, n - u, "%s", num);
    else u += (size_t)snprintf(buf + u, n - u, " %c %s", disp < 0 ? '-' : '+', num);
  }
  snprintf(buf + u, n - u, "]");
}

static const char *reg_name(AsmWidth w, int r) {
  switch (w) {
  case W8: return x64_reg8_names[r];
  case W16: return x64_reg16_names[r];
  case W32: return x64_reg32_names[r];
  default: return x64_reg_names[r];
  }
}

static const char *ptr_name(AsmWidth w) {
  return w == W8 ? "byte" : w == W16 ? "word" : w == W32 ? "dword" : "qword";
}

static const AsmWidth widths[4] = {W8, W16, W32, W64};

/* ---- single encodings (Intel SDM) ------------------------------------ */

TEST(asm_mov_encodings) {
  EXPECT_ASM(asm_mov_rr(a, W64, RAX, RBX), "48 89 d8", "mov rax, rbx");
  EXPECT_ASM(asm_mov_rr(a, W32, RAX, RBX), "89 d8", "mov eax, ebx");
  EXPECT_ASM(asm_mov_rr(a, W16, RAX, RCX), "66 89 c8", "mov ax, cx");
  EXPECT_ASM(asm_mov_rr(a, W8, RAX, RCX), "88 c8", "mov al, cl");
  EXPECT_ASM(asm_mov_rr(a, W8, RAX, RSP), "40 88 e0", "mov al, spl");
  EXPECT_ASM(asm_mov_rr(a, W8, RDI, RAX), "40 88 c7", "mov dil, al");
  EXPECT_ASM(asm_mov_rr(a, W64, R8, R15), "4d 89 f8", "mov r8, r15");
  EXPECT_ASM(asm_mov_rr(a, W32, R9, RAX), "41 89 c1", "mov r9d, eax");
  EXPECT_ASM(asm_mov_rr(a, W64, RAX, R12), "4c 89 e0", "mov rax, r12");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem_index(RBX, R12, 8, 0x10)),
             "4a 8b 44 e3 10", "mov rax, qword ptr [rbx + r12*8 + 0x10]");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem(RSP, 0)), "48 8b 04 24",
             "mov rax, qword ptr [rsp]");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem(R12, 8)), "49 8b 44 24 08",
             "mov rax, qword ptr [r12 + 8]");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem(RBP, 0)), "48 8b 45 00",
             "mov rax, qword ptr [rbp]");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem(R13, 0)), "49 8b 45 00",
             "mov rax, qword ptr [r13]");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem(RBP, -8)), "48 8b 45 f8",
             "mov rax, qword ptr [rbp - 8]");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem(RAX, 0x100)), "48 8b 80 00 01 00 00",
             "mov rax, qword ptr [rax + 0x100]");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem(RAX, -0x100)), "48 8b 80 00 ff ff ff",
             "mov rax, qword ptr [rax - 0x100]");
  EXPECT_ASM(asm_mov_rm(a, W64, RCX, asm_mem_index(X64_NO_REG, RDX, 4, 0x20)),
             "48 8b 0c 95 20 00 00 00", "mov rcx, qword ptr [rdx*4 + 0x20]");
  EXPECT_ASM(asm_mov_rm(a, W64, RCX, asm_mem_index(RBP, R13, 1, 0)), "4a 8b 4c 2d 00",
             "mov rcx, qword ptr [rbp + r13]");
  EXPECT_ASM(asm_mov_rm(a, W64, RAX, asm_mem_rip(0x10)), "48 8b 05 10 00 00 00",
             "mov rax, qword ptr [rip + 0x10]");
  EXPECT_ASM(asm_mov_rm(a, W32, R10, asm_mem(R11, 4)), "45 8b 53 04",
             "mov r10d, dword ptr [r11 + 4]");
  EXPECT_ASM(asm_mov_rm(a, W8, RSI, asm_mem(RAX, 0)), "40 8a 30",
             "mov sil, byte ptr [rax]");
  EXPECT_ASM(asm_mov_mr(a, W64, asm_mem(RDI, 8), RSI), "48 89 77 08",
             "mov qword ptr [rdi + 8], rsi");
  EXPECT_ASM(asm_mov_mr(a, W16, asm_mem(RDI, 0), R8), "66 44 89 07",
             "mov word ptr [rdi], r8w");
  EXPECT_ASM(asm_mov_ri(a, W32, RAX, 1), "b8 01 00 00 00", "mov eax, 1");
  EXPECT_ASM(asm_mov_ri(a, W64, R9, 0xffffffff), "41 b9 ff ff ff ff", "mov r9d, 0xffffffff");
  EXPECT_ASM(asm_mov_ri(a, W64, RAX, -1), "48 c7 c0 ff ff ff ff", "mov rax, -1");
  EXPECT_ASM(asm_mov_ri(a, W64, RAX, 0x0807060504030201LL),
             "48 b8 01 02 03 04 05 06 07 08", "movabs rax, 0x807060504030201");
  EXPECT_ASM(asm_movabs(a, R15, 1), "49 bf 01 00 00 00 00 00 00 00", "movabs r15, 1");
  EXPECT_ASM(asm_mov_ri(a, W8, RSP, 0x7f), "40 b4 7f", "mov spl, 0x7f");
  EXPECT_ASM(asm_mov_ri(a, W8, R8, 1), "41 b0 01", "mov r8b, 1");
  EXPECT_ASM(asm_mov_ri(a, W16, RAX, 0xffff), "66 b8 ff ff", "mov ax, 0xffff");
  EXPECT_ASM(asm_mov_mi(a, W64, asm_mem(RAX, 0), -1), "48 c7 00 ff ff ff ff",
             "mov qword ptr [rax], -1");
  EXPECT_ASM(asm_mov_mi(a, W32, asm_mem(RSP, 8), 0x1234), "c7 44 24 08 34 12 00 00",
             "mov dword ptr [rsp + 8], 0x1234");
  EXPECT_ASM(asm_mov_mi(a, W8, asm_mem(R12, 0), 0x41), "41 c6 04 24 41",
             "mov byte ptr [r12], 0x41");
  EXPECT_ASM(asm_mov_mi(a, W16, asm_mem(RAX, 2), 7), "66 c7 40 02 07 00",
             "mov word ptr [rax + 2], 7");
}

TEST(asm_extend_lea_encodings) {
  EXPECT_ASM(asm_movzx_rr(a, W32, W8, RAX, RSP), "40 0f b6 c4", "movzx eax, spl");
  EXPECT_ASM(asm_movzx_rr(a, W32, W8, RAX, RBX), "0f b6 c3", "movzx eax, bl");
  EXPECT_ASM(asm_movzx_rr(a, W64, W16, R8, RCX), "4c 0f b7 c1", "movzx r8, cx");
  EXPECT_ASM(asm_movzx_rm(a, W32, W8, RDX, asm_mem_index(RSI, RCX, 1, 0)),
             "0f b6 14 0e", "movzx edx, byte ptr [rsi + rcx]");
  EXPECT_ASM(asm_movsx_rr(a, W64, W8, RAX, R9), "49 0f be c1", "movsx rax, r9b");
  EXPECT_ASM(asm_movsx_rr(a, W32, W16, RAX, RAX), "0f bf c0", "movsx eax, ax");
  EXPECT_ASM(asm_movsx_rr(a, W64, W32, RAX, RCX), "48 63 c1", "movsxd rax, ecx");
  EXPECT_ASM(asm_movsx_rm(a, W64, W32, R11, asm_mem(RBX, 4)), "4c 63 5b 04",
             "movsxd r11, dword ptr [rbx + 4]");
  EXPECT_ASM(asm_lea(a, W64, RAX, asm_mem_index(RAX, RAX, 2, 0)), "48 8d 04 40",
             "lea rax, [rax + rax*2]");
  EXPECT_ASM(asm_lea(a, W32, R8, asm_mem(RSP, 0x80)), "44 8d 84 24 80 00 00 00",
             "lea r8d, [rsp + 0x80]");
  EXPECT_ASM(asm_lea(a, W64, RSP, asm_mem(RBP, -0x10)), "48 8d 65 f0",
             "lea rsp, [rbp - 0x10]");
}

TEST(asm_alu_encodings) {
  EXPECT_ASM(asm_add_rr(a, W64, RAX, RBX), "48 01 d8", "add rax, rbx");
  EXPECT_ASM(asm_sub_rr(a, W32, R8, RDX), "41 29 d0", "sub r8d, edx");
  EXPECT_ASM(asm_xor_rr(a, W32, RAX, RAX), "31 c0", "xor eax, eax");
  EXPECT_ASM(asm_cmp_rr(a, W64, R15, R14), "4d 39 f7", "cmp r15, r14");
  EXPECT_ASM(asm_and_rr(a, W8, RSI, RDI), "40 20 fe", "and sil, dil");
  EXPECT_ASM(asm_or_rr(a, W16, RAX, RBX), "66 09 d8", "or ax, bx");
  EXPECT_ASM(asm_add_ri(a, W64, RAX, -1), "48 83 c0 ff", "add rax, -1");
  EXPECT_ASM(asm_add_ri(a, W64, RCX, 0x100), "48 81 c1 00 01 00 00", "add rcx, 0x100");
  EXPECT_ASM(asm_add_ri(a, W64, RAX, 0x100), "48 05 00 01 00 00", "add rax, 0x100");
  EXPECT_ASM(asm_sub_ri(a, W64, RSP, 0x18), "48 83 ec 18", "sub rsp, 0x18");
  EXPECT_ASM(asm_cmp_ri(a, W32, R12, 1000), "41 81 fc e8 03 00 00", "cmp r12d, 0x3e8");
  EXPECT_ASM(asm_and_ri(a, W32, RAX, 0xff00), "25 00 ff 00 00", "and eax, 0xff00");
  EXPECT_ASM(asm_cmp_ri(a, W8, RDI, 0x20), "40 80 ff 20", "cmp dil, 0x20");
  EXPECT_ASM(asm_add_ri(a, W16, RAX, -1), "66 83 c0 ff", "add ax, -1");
  EXPECT_ASM(asm_add_rm(a, W64, RAX, asm_mem(RBX, 8)), "48 03 43 08",
             "add rax, qword ptr [rbx + 8]");
  EXPECT_ASM(asm_cmp_rm(a, W32, R9, asm_mem_index(R10, R11, 4, 0)), "47 3b 0c 9a",
             "cmp r9d, dword ptr [r10 + r11*4]");
  EXPECT_ASM(asm_sub_mr(a, W64, asm_mem(RSP, 0), RAX), "48 29 04 24",
             "sub qword ptr [rsp], rax");
  EXPECT_ASM(asm_xor_mr(a, W8, asm_mem(RAX, 0), RBP), "40 30 28",
             "xor byte ptr [rax], bpl");
  EXPECT_ASM(asm_add_mi(a, W32, asm_mem(RAX, 4), 1), "83 40 04 01",
             "add dword ptr [rax + 4], 1");
  EXPECT_ASM(asm_cmp_mi(a, W64, asm_mem(R13, 0), 0x12345), "49 81 7d 00 45 23 01 00",
             "cmp qword ptr [r13], 0x12345");
  EXPECT_ASM(asm_adc_rr(a, W64, RAX, RDX), "48 11 d0", "adc rax, rdx");
  EXPECT_ASM(asm_sbb_rr(a, W32, RAX, RAX), "19 c0", "sbb eax, eax");
  EXPECT_ASM(asm_test_rr(a, W64, RAX, RAX), "48 85 c0", "test rax, rax");
  EXPECT_ASM(asm_test_rr(a, W8, RSP, RSP), "40 84 e4", "test spl, spl");
  EXPECT_ASM(asm_test_ri(a, W32, RAX, 1), "a9 01 00 00 00", "test eax, 1");
  EXPECT_ASM(asm_test_ri(a, W8, RAX, 1), "a8 01", "test al, 1");
  EXPECT_ASM(asm_test_ri(a, W64, RCX, 1), "48 f7 c1 01 00 00 00", "test rcx, 1");
  EXPECT_ASM(asm_test_ri(a, W8, R9, 3), "41 f6 c1 03", "test r9b, 3");
  EXPECT_ASM(asm_test_mr(a, W32, asm_mem(RAX, 0), RCX), "85 08",
             "test dword ptr [rax], ecx");
  EXPECT_ASM(asm_test_mi(a, W8, asm_mem(RDI, 7), 0x80), "f6 47 07 80",
             "test byte ptr [rdi + 7], 0x80");
  EXPECT_ASM(asm_imul_rr(a, W64, RAX, R8), "49 0f af c0", "imul rax, r8");
  EXPECT_ASM(asm_imul_rr(a, W32, R10, RCX), "44 0f af d1", "imul r10d, ecx");
  EXPECT_ASM(asm_imul_rm(a, W64, RAX, asm_mem(RSP, 8)), "48 0f af 44 24 08",
             "imul rax, qword ptr [rsp + 8]");
  EXPECT_ASM(asm_imul_rri(a, W64, RAX, RBX, 10), "48 6b c3 0a", "imul rax, rbx, 0xa");
  EXPECT_ASM(asm_imul_rri(a, W32, RAX, R13, 1000), "41 69 c5 e8 03 00 00",
             "imul eax, r13d, 0x3e8");
  EXPECT_ASM(asm_neg_r(a, W64, RAX), "48 f7 d8", "neg rax");
  EXPECT_ASM(asm_neg_r(a, W32, R9), "41 f7 d9", "neg r9d");
  EXPECT_ASM(asm_not_r(a, W64, R15), "49 f7 d7", "not r15");
  EXPECT_ASM(asm_not_r(a, W8, RSI), "40 f6 d6", "not sil");
  EXPECT_ASM(asm_inc_r(a, W64, RAX), "48 ff c0", "inc rax");
  EXPECT_ASM(asm_dec_r(a, W32, R12), "41 ff cc", "dec r12d");
  EXPECT_ASM(asm_inc_m(a, W32, asm_mem(RAX, 0)), "ff 00", "inc dword ptr [rax]");
  EXPECT_ASM(asm_dec_m(a, W8, asm_mem(RBX, 1)), "fe 4b 01", "dec byte ptr [rbx + 1]");
  EXPECT_ASM(asm_idiv_r(a, W32, RCX), "f7 f9", "idiv ecx");
  EXPECT_ASM(asm_idiv_r(a, W64, R11), "49 f7 fb", "idiv r11");
  EXPECT_ASM(asm_div_r(a, W64, RCX), "48 f7 f1", "div rcx");
  EXPECT_ASM(asm_mul_r(a, W32, RCX), "f7 e1", "mul ecx");
  EXPECT_ASM(asm_idiv_m(a, W64, asm_mem(RSP, 0)), "48 f7 3c 24",
             "idiv qword ptr [rsp]");
  EXPECT_ASM(asm_neg_m(a, W32, asm_mem(RBP, 0x10)), "f7 5d 10",
             "neg dword ptr [rbp + 0x10]");
  EXPECT_ASM(asm_cdq(a), "99", "cdq");
  EXPECT_ASM(asm_cqo(a), "48 99", "cqo");
}

TEST(asm_shift_bt_encodings) {
  EXPECT_ASM(asm_shl_ri(a, W32, RAX, 1), "d1 e0", "shl eax, 1");
  EXPECT_ASM(asm_shl_ri(a, W64, RAX, 3), "48 c1 e0 03", "shl rax, 3");
  EXPECT_ASM(asm_shr_ri(a, W64, R9, 0x20), "49 c1 e9 20", "shr r9, 0x20");
  EXPECT_ASM(asm_sar_ri(a, W32, RDX, 31), "c1 fa 1f", "sar edx, 0x1f");
  EXPECT_ASM(asm_sar_rc(a, W32, RAX), "d3 f8", "sar eax, cl");
  EXPECT_ASM(asm_shl_rc(a, W64, R8), "49 d3 e0", "shl r8, cl");
  EXPECT_ASM(asm_shr_rc(a, W8, RDI), "40 d2 ef", "shr dil, cl");
  EXPECT_ASM(asm_rol_ri(a, W64, RAX, 8), "48 c1 c0 08", "rol rax, 8");
  EXPECT_ASM(asm_ror_ri(a, W32, RAX, 1), "d1 c8", "ror eax, 1");
  EXPECT_ASM(asm_shl_mi(a, W64, asm_mem(RAX, 8), 2), "48 c1 60 08 02",
             "shl qword ptr [rax + 8], 2");
  EXPECT_ASM(asm_sar_mc(a, W32, asm_mem(RSP, 0)), "d3 3c 24", "sar dword ptr [rsp], cl");
  EXPECT_ASM(asm_bt_rr(a, W64, RAX, RCX), "48 0f a3 c8", "bt rax, rcx");
  EXPECT_ASM(asm_bt_rr(a, W32, R8, R9), "45 0f a3 c8", "bt r8d, r9d");
  EXPECT_ASM(asm_bt_ri(a, W32, RAX, 5), "0f ba e0 05", "bt eax, 5");
  EXPECT_ASM(asm_bt_ri(a, W64, R12, 63), "49 0f ba e4 3f", "bt r12, 0x3f");
  EXPECT_ASM(asm_bt_mr(a, W32, asm_mem(RDI, 0), RSI), "0f a3 37", "bt dword ptr [rdi], esi");
  EXPECT_ASM(asm_bt_mi(a, W64, asm_mem(RDI, 8), 1), "48 0f ba 67 08 01",
             "bt qword ptr [rdi + 8], 1");
}

TEST(asm_setcc_cmov_encodings) {
  EXPECT_ASM(asm_setcc(a, COND_E, RAX), "0f 94 c0", "sete al");
  EXPECT_ASM(asm_setcc(a, COND_L, RSI), "40 0f 9c c6", "setl sil");
  EXPECT_ASM(asm_setcc(a, COND_A, R10), "41 0f 97 c2", "seta r10b");
  EXPECT_ASM(asm_setcc(a, COND_P, RBX), "0f 9a c3", "setp bl");
  EXPECT_ASM(asm_cmov_rr(a, W64, COND_NE, RAX, RBX), "48 0f 45 c3", "cmovne rax, rbx");
  EXPECT_ASM(asm_cmov_rr(a, W32, COND_O, RAX, RCX), "0f 40 c1", "cmovo eax, ecx");
  EXPECT_ASM(asm_cmov_rr(a, W64, COND_G, R8, R9), "4d 0f 4f c1", "cmovg r8, r9");
  EXPECT_ASM(asm_cmov_rm(a, W32, COND_LE, RDX, asm_mem(RSP, 4)), "0f 4e 54 24 04",
             "cmovle edx, dword ptr [rsp + 4]");
  EXPECT_EQ_INT(x64_cond_negate(COND_E), COND_NE);
  EXPECT_EQ_INT(x64_cond_negate(COND_NE), COND_E);
  EXPECT_EQ_INT(x64_cond_negate(COND_L), COND_GE);
  EXPECT_EQ_INT(x64_cond_negate(COND_G), COND_LE);
  EXPECT_EQ_INT(x64_cond_negate(COND_B), COND_AE);
  EXPECT_EQ_INT(x64_cond_negate(COND_P), COND_NP);
  EXPECT_EQ_INT(x64_cond_negate(COND_O), COND_NO);
  EXPECT_EQ_INT(x64_cond_negate(COND_BE), COND_A);
  EXPECT_EQ_INT(x64_cond_negate(COND_S), COND_NS);
}

TEST(asm_control_encodings) {
  EXPECT_ASM(asm_jmp_r(a, RAX), "ff e0", "jmp rax");
  EXPECT_ASM(asm_jmp_r(a, R11), "41 ff e3", "jmp r11");
  EXPECT_ASM(asm_jmp_m(a, asm_mem(RAX, 0)), "ff 20", "jmp qword ptr [rax]");
  EXPECT_ASM(asm_jmp_m(a, asm_mem_index(R8, R9, 8, 0x40)), "43 ff 64 c8 40",
             "jmp qword ptr [r8 + r9*8 + 0x40]");
  EXPECT_ASM(asm_call_r(a, RAX), "ff d0", "call rax");
  EXPECT_ASM(asm_call_r(a, R12), "41 ff d4", "call r12");
  EXPECT_ASM(asm_call_m(a, asm_mem(RBX, 0x18)), "ff 53 18", "call qword ptr [rbx + 0x18]");
  EXPECT_ASM(asm_ret(a, 0), "c3", "ret");
  EXPECT_ASM(asm_ret(a, 8), "c2 08 00", "ret 8");
  EXPECT_ASM(asm_push_r(a, RBP), "55", "push rbp");
  EXPECT_ASM(asm_push_r(a, R15), "41 57", "push r15");
  EXPECT_ASM(asm_pop_r(a, RBX), "5b", "pop rbx");
  EXPECT_ASM(asm_pop_r(a, R12), "41 5c", "pop r12");
  EXPECT_ASM(asm_push_i(a, -1), "6a ff", "push -1");
  EXPECT_ASM(asm_push_i(a, 0x100), "68 00 01 00 00", "push 0x100");
  EXPECT_ASM(asm_push_m(a, asm_mem(RBP, 16)), "ff 75 10", "push qword ptr [rbp + 0x10]");
  EXPECT_ASM(asm_pop_m(a, asm_mem(RAX, 0)), "8f 00", "pop qword ptr [rax]");
  EXPECT_ASM(asm_int3(a), "cc", "int3");
  EXPECT_ASM(asm_ud2(a), "0f 0b", "ud2");
}

TEST(asm_sse_encodings) {
  EXPECT_ASM(asm_movsd_xx(a, XMM0, XMM1), "f2 0f 10 c1", "movsd xmm0, xmm1");
  EXPECT_ASM(asm_movsd_xx(a, XMM8, XMM15), "f2 45 0f 10 c7", "movsd xmm8, xmm15");
  EXPECT_ASM(asm_movsd_xm(a, XMM2, asm_mem(RAX, 8)), "f2 0f 10 50 08",
             "movsd xmm2, qword ptr [rax + 8]");
  EXPECT_ASM(asm_movsd_xm(a, XMM9, asm_mem_index(R12, R13, 8, 0)), "f2 47 0f 10 0c ec",
             "movsd xmm9, qword ptr [r12 + r13*8]");
  EXPECT_ASM(asm_movsd_mx(a, asm_mem(RSP, 0), XMM0), "f2 0f 11 04 24",
             "movsd qword ptr [rsp], xmm0");
  EXPECT_ASM(asm_movapd_xx(a, XMM0, XMM1), "66 0f 28 c1", "movapd xmm0, xmm1");
  EXPECT_ASM(asm_movq_xr(a, W64, XMM0, RAX), "66 48 0f 6e c0", "movq xmm0, rax");
  EXPECT_ASM(asm_movq_xr(a, W64, XMM10, R9), "66 4d 0f 6e d1", "movq xmm10, r9");
  EXPECT_ASM(asm_movq_rx(a, W64, RAX, XMM0), "66 48 0f 7e c0", "movq rax, xmm0");
  EXPECT_ASM(asm_movq_rx(a, W64, R8, XMM1), "66 49 0f 7e c8", "movq r8, xmm1");
  EXPECT_ASM(asm_movq_rx(a, W32, RAX, XMM0), "66 0f 7e c0", "movd eax, xmm0");
  EXPECT_ASM(asm_movq_xr(a, W32, XMM3, RDX), "66 0f 6e da", "movd xmm3, edx");
  EXPECT_ASM(asm_addsd_xx(a, XMM0, XMM1), "f2 0f 58 c1", "addsd xmm0, xmm1");
  EXPECT_ASM(asm_subsd_xx(a, XMM3, XMM12), "f2 41 0f 5c dc", "subsd xmm3, xmm12");
  EXPECT_ASM(asm_mulsd_xm(a, XMM1, asm_mem(RDI, 0)), "f2 0f 59 0f",
             "mulsd xmm1, qword ptr [rdi]");
  EXPECT_ASM(asm_divsd_xx(a, XMM0, XMM1), "f2 0f 5e c1", "divsd xmm0, xmm1");
  EXPECT_ASM(asm_sqrtsd_xx(a, XMM0, XMM0), "f2 0f 51 c0", "sqrtsd xmm0, xmm0");
  EXPECT_ASM(asm_minsd_xx(a, XMM0, XMM1), "f2 0f 5d c1", "minsd xmm0, xmm1");
  EXPECT_ASM(asm_maxsd_xx(a, XMM0, XMM1), "f2 0f 5f c1", "maxsd xmm0, xmm1");
  EXPECT_ASM(asm_ucomisd_xx(a, XMM0, XMM1), "66 0f 2e c1", "ucomisd xmm0, xmm1");
  EXPECT_ASM(asm_ucomisd_xm(a, XMM15, asm_mem(RAX, 0)), "66 44 0f 2e 38",
             "ucomisd xmm15, qword ptr [rax]");
  EXPECT_ASM(asm_comisd_xx(a, XMM0, XMM1), "66 0f 2f c1", "comisd xmm0, xmm1");
  EXPECT_ASM(asm_xorpd_xx(a, XMM0, XMM0), "66 0f 57 c0", "xorpd xmm0, xmm0");
  EXPECT_ASM(asm_andpd_xx(a, XMM1, XMM2), "66 0f 54 ca", "andpd xmm1, xmm2");
  EXPECT_ASM(asm_andnpd_xx(a, XMM1, XMM2), "66 0f 55 ca", "andnpd xmm1, xmm2");
  EXPECT_ASM(asm_orpd_xx(a, XMM1, XMM2), "66 0f 56 ca", "orpd xmm1, xmm2");
  EXPECT_ASM(asm_cvtsd2ss_xx(a, XMM0, XMM0), "f2 0f 5a c0", "cvtsd2ss xmm0, xmm0");
  EXPECT_ASM(asm_cvtss2sd_xx(a, XMM0, XMM0), "f3 0f 5a c0", "cvtss2sd xmm0, xmm0");
  EXPECT_ASM(asm_cvtsi2sd_xr(a, W32, XMM0, RAX), "f2 0f 2a c0", "cvtsi2sd xmm0, eax");
  EXPECT_ASM(asm_cvtsi2sd_xr(a, W64, XMM0, RAX), "f2 48 0f 2a c0", "cvtsi2sd xmm0, rax");
  EXPECT_ASM(asm_cvtsi2sd_xr(a, W64, XMM9, R10), "f2 4d 0f 2a ca", "cvtsi2sd xmm9, r10");
  EXPECT_ASM(asm_cvtsi2sd_xm(a, W32, XMM0, asm_mem(RAX, 0)), "f2 0f 2a 00",
             "cvtsi2sd xmm0, dword ptr [rax]");
  EXPECT_ASM(asm_cvttsd2si_rx(a, W32, RAX, XMM0), "f2 0f 2c c0", "cvttsd2si eax, xmm0");
  EXPECT_ASM(asm_cvttsd2si_rx(a, W64, R8, XMM11), "f2 4d 0f 2c c3", "cvttsd2si r8, xmm11");
  EXPECT_ASM(asm_cvttsd2si_rm(a, W64, RAX, asm_mem(RSP, 8)), "f2 48 0f 2c 44 24 08",
             "cvttsd2si rax, qword ptr [rsp + 8]");
  EXPECT_ASM(asm_roundsd_xx(a, XMM0, XMM1, ASM_ROUND_TO_ZERO), "66 0f 3a 0b c1 03",
             "roundsd xmm0, xmm1, 3");
  EXPECT_ASM(asm_roundsd_xx(a, XMM8, XMM9, ASM_ROUND_DOWN), "66 45 0f 3a 0b c1 01",
             "roundsd xmm8, xmm9, 1");
  EXPECT_ASM(asm_roundsd_xm(a, XMM0, asm_mem(RAX, 0), ASM_ROUND_UP), "66 0f 3a 0b 00 02",
             "roundsd xmm0, qword ptr [rax], 2");
  EXPECT_ASM(asm_psllq_xi(a, XMM0, 63), "66 0f 73 f0 3f", "psllq xmm0, 0x3f");
  EXPECT_ASM(asm_psrlq_xi(a, XMM9, 1), "66 41 0f 73 d1 01", "psrlq xmm9, 1");
}

TEST(asm_nops_align) {
  EXPECT_ASM(asm_nop(a, 1), "90", "nop");
  EXPECT_ASM(asm_nop(a, 2), "66 90", "nop");
  EXPECT_ASM(asm_nop(a, 3), "0f 1f 00", "nop dword ptr [rax]");
  EXPECT_ASM(asm_nop(a, 5), "0f 1f 44 00 00", "nop dword ptr [rax + rax]");
  EXPECT_ASM(asm_nop(a, 9), "66 0f 1f 84 00 00 00 00 00", "nop word ptr [rax + rax]");
  for (size_t n = 0; n <= 40; n++) {
    Assembler as;
    uint8_t *code;
    size_t size;
    char text[2048];
    asm_init(&as);
    asm_nop(&as, n);
    EXPECT(asm_finish(&as, &code, &size));
    EXPECT_EQ_INT(size, n);
    if (n) {
      EXPECT(disasm_all(code, size, text, sizeof text));
      for (const char *p = text; (p = strstr(p, "; ")) != NULL; p += 2)
        EXPECT(strncmp(p + 2, "nop", 3) == 0);
      EXPECT(strncmp(text, "nop", 3) == 0);
    }
    free(code);
    asm_free(&as);
  }
  for (size_t start = 0; start < 20; start++) {
    Assembler as;
    asm_init(&as);
    asm_nop(&as, start);
    asm_align(&as, 16);
    EXPECT_EQ_INT(asm_pc(&as) % 16, 0);
    EXPECT(asm_pc(&as) - start < 16);
    asm_free(&as);
  }
}

/* ---- every register in every position -------------------------------- */

/* Finishes a and checks Capstone reads it as exactly `expected`. */
static void check_text(int line, Assembler *a, const char *expected) {
  check_asm(__FILE__, line, a, NULL, expected);
}

TEST(asm_all_registers_rr) {
  char want[128];
  for (int w = 0; w < 4; w++)
    for (int d = 0; d < 16; d++)
      for (int s = 0; s < 16; s++) {
        Assembler a;
        asm_init(&a);
        asm_mov_rr(&a, widths[w], d, s);
        snprintf(want, sizeof want, "mov %s, %s", reg_name(widths[w], d), reg_name(widths[w], s));
        check_text(__LINE__, &a, want);
        static const char *const alu[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
        for (int op = 0; op < 8; op++) {
          asm_init(&a);
          switch (op) {
          case 0: asm_add_rr(&a, widths[w], d, s); break;
          case 1: asm_or_rr(&a, widths[w], d, s); break;
          case 2: asm_adc_rr(&a, widths[w], d, s); break;
          case 3: asm_sbb_rr(&a, widths[w], d, s); break;
          case 4: asm_and_rr(&a, widths[w], d, s); break;
          case 5: asm_sub_rr(&a, widths[w], d, s); break;
          case 6: asm_xor_rr(&a, widths[w], d, s); break;
          default: asm_cmp_rr(&a, widths[w], d, s); break;
          }
          snprintf(want, sizeof want, "%s %s, %s", alu[op], reg_name(widths[w], d),
                   reg_name(widths[w], s));
          check_text(__LINE__, &a, want);
        }
        asm_init(&a);
        asm_test_rr(&a, widths[w], d, s);
        snprintf(want, sizeof want, "test %s, %s", reg_name(widths[w], d), reg_name(widths[w], s));
        check_text(__LINE__, &a, want);
        if (widths[w] == W8) continue;
        asm_init(&a);
        asm_imul_rr(&a, widths[w], d, s);
        snprintf(want, sizeof want, "imul %s, %s", reg_name(widths[w], d), reg_name(widths[w], s));
        check_text(__LINE__, &a, want);
        asm_init(&a);
        asm_cmov_rr(&a, widths[w], COND_GE, d, s);
        snprintf(want, sizeof want, "cmovge %s, %s", reg_name(widths[w], d), reg_name(widths[w], s));
        check_text(__LINE__, &a, want);
        asm_init(&a);
        asm_bt_rr(&a, widths[w], d, s);
        snprintf(want, sizeof want, "bt %s, %s", reg_name(widths[w], d), reg_name(widths[w], s));
        check_text(__LINE__, &a, want);
        if (widths[w] == W16) continue;
        asm_init(&a);
        asm_movzx_rr(&a, widths[w], W8, d, s);
        snprintf(want, sizeof want, "movzx %s, %s", reg_name(widths[w], d), x64_reg8_names[s]);
        check_text(__LINE__, &a, want);
        asm_init(&a);
        asm_movsx_rr(&a, widths[w], W16, d, s);
        snprintf(want, sizeof want, "movsx %s, %s", reg_name(widths[w], d), x64_reg16_names[s]);
        check_text(__LINE__, &a, want);
      }
}

TEST(asm_all_registers_one_operand) {
  char want[128];
  static const char *const names[] = {"inc", "dec", "not", "neg", "mul", "div", "idiv",
                                      "shl", "shr", "sar", "push", "pop", "setne", "jmp", "call"};
  for (int r = 0; r < 16; r++)
    for (int w = 0; w < 4; w++)
      for (int op = 0; op < (int)ARRAY_LEN(names); op++) {
        Assembler a;
        AsmWidth width = widths[w];
        if (op >= 10 && width != W64) continue;  /* fixed-width ones once */
        asm_init(&a);
        switch (op) {
        case 0: asm_inc_r(&a, width, r); break;
        case 1: asm_dec_r(&a, width, r); break;
        case 2: asm_not_r(&a, width, r); break;
        case 3: asm_neg_r(&a, width, r); break;
        case 4: asm_mul_r(&a, width, r); break;
        case 5: asm_div_r(&a, width, r); break;
        case 6: asm_idiv_r(&a, width, r); break;
        case 7: asm_shl_rc(&a, width, r); break;
        case 8: asm_shr_ri(&a, width, r, 1); break;
        case 9: asm_sar_ri(&a, width, r, 5); break;
        case 10: asm_push_r(&a, r); break;
        case 11: asm_pop_r(&a, r); break;
        case 12: asm_setcc(&a, COND_NE, r); break;
        case 13: asm_jmp_r(&a, r); break;
        default: asm_call_r(&a, r); break;
        }
        const char *rn = op == 12 ? x64_reg8_names[r] : op >= 10 ? x64_reg_names[r]
                                                                : reg_name(width, r);
        if (op == 7) snprintf(want, sizeof want, "shl %s, cl", rn);
        else if (op == 8) snprintf(want, sizeof want, "shr %s, 1", rn);
        else if (op == 9) snprintf(want, sizeof want, "sar %s, 5", rn);
        else snprintf(want, sizeof want, "%s %s", names[op], rn);
        check_text(__LINE__, &a, want);
      }
}

TEST(asm_all_registers_immediates) {
  char want[128];
  for (int r = 0; r < 16; r++) {
    Assembler a;
    asm_init(&a);
    asm_mov_ri(&a, W32, r, 0x12345678);
    snprintf(want, sizeof want, "mov %s, 0x12345678", x64_reg32_names[r]);
    check_text(__LINE__, &a, want);
    asm_init(&a);
    asm_mov_ri(&a, W64, r, -2);
    snprintf(want, sizeof want, "mov %s, -2", x64_reg_names[r]);
    check_text(__LINE__, &a, want);
    asm_init(&a);
    asm_movabs(&a, r, 0x123456789abcdefULL);
    snprintf(want, sizeof want, "movabs %s, 0x123456789abcdef", x64_reg_names[r]);
    check_text(__LINE__, &a, want);
    asm_init(&a);
    asm_mov_ri(&a, W8, r, 0x42);
    snprintf(want, sizeof want, "mov %s, 0x42", x64_reg8_names[r]);
    check_text(__LINE__, &a, want);
    asm_init(&a);
    asm_add_ri(&a, W64, r, 0x1000);
    snprintf(want, sizeof want, "add %s, 0x1000", x64_reg_names[r]);
    check_text(__LINE__, &a, want);
    asm_init(&a);
    asm_cmp_ri(&a, W32, r, 7);
    snprintf(want, sizeof want, "cmp %s, 7", x64_reg32_names[r]);
    check_text(__LINE__, &a, want);
    asm_init(&a);
    asm_test_ri(&a, W32, r, 0x100);
    snprintf(want, sizeof want, "test %s, 0x100", x64_reg32_names[r]);
    check_text(__LINE__, &a, want);
    asm_init(&a);
    asm_imul_rri(&a, W64, r, 15 - r, 0x100);
    snprintf(want, sizeof want, "imul %s, %s, 0x100", x64_reg_names[r], x64_reg_names[15 - r]);
    check_text(__LINE__, &a, want);
    asm_init(&a);
    asm_bt_ri(&a, W64, r, 33);
    snprintf(want, sizeof want, "bt %s, 0x21", x64_reg_names[r]);
    check_text(__LINE__, &a, want);
  }
}

TEST(asm_all_memory_operands) {
  static const int32_t disps[] = {0, 8, -8, 0x7f, 0x80, -0x80, -0x81, 0x1000, -0x12345678};
  char mem[96], want[160];
  for (int base = -1; base < 16; base++)
    for (int index = -1; index < 16; index++) {
      if (index == RSP) continue;
      for (int scale = 1; scale <= 8; scale *= 2) {
        if (index < 0 && scale > 1) continue;
        for (size_t di = 0; di < ARRAY_LEN(disps); di++) {
          int32_t disp = disps[di];
          AsmMem m = index < 0 ? (base < 0 ? asm_mem_index(X64_NO_REG, RAX, 1, disp)
                                           : asm_mem(base, disp))
                               : asm_mem_index(base, index, scale, disp);
          if (base < 0 && index < 0) continue;
          int dst = (base + index + scale + (int)di + 32) & 15;
          Assembler a;
          asm_init(&a);
          asm_mov_rm(&a, W64, dst, m);
          fmt_mem(mem, sizeof mem, "qword", base, index, scale, disp);
          snprintf(want, sizeof want, "mov %s, %s", x64_reg_names[dst], mem);
          check_text(__LINE__, &a, want);
          /* The encoding length follows the rules: disp8 when it fits (or
           * for rbp/r13 without disp), SIB for an index or rsp/r12. */
          asm_init(&a);
          asm_mov_mr(&a, W32, m, dst);
          size_t expect = 2 + (dst >= 8 || (base >= 8) || index >= 8 ? 1 : 0);
          if (index >= 0 || base < 0 || (base & 7) == 4) expect++;
          if (base < 0) expect += 4;
          else if (disp == 0 && (base & 7) != 5) expect += 0;
          else if (disp >= -128 && disp <= 127) expect += 1;
          else expect += 4;
          EXPECT_EQ_INT(asm_pc(&a), expect);
          fmt_mem(mem, sizeof mem, "dword", base, index, scale, disp);
          snprintf(want, sizeof want, "mov %s, %s", mem, x64_reg32_names[dst]);
          check_text(__LINE__, &a, want);
        }
      }
    }
  /* Every width and the other memory forms on the awkward bases. */
  static const int bases[] = {RSP, RBP, R12, R13, RAX, R8};
  for (size_t bi = 0; bi < ARRAY_LEN(bases); bi++)
    for (int w = 0; w < 4; w++) {
      int b = bases[bi];
      Assembler a;
      fmt_mem(mem, sizeof mem, ptr_name(widths[w]), b, -1, 1, 0);
      asm_init(&a);
      asm_add_mr(&a, widths[w], asm_mem(b, 0), RSI);
      snprintf(want, sizeof want, "add %s, %s", mem, reg_name(widths[w], RSI));
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_cmp_mi(&a, widths[w], asm_mem(b, 0), 5);
      snprintf(want, sizeof want, "cmp %s, 5", mem);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_mov_mi(&a, widths[w], asm_mem(b, 0), 9);
      snprintf(want, sizeof want, "mov %s, 9", mem);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_not_m(&a, widths[w], asm_mem(b, 0));
      snprintf(want, sizeof want, "not %s", mem);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_shr_mi(&a, widths[w], asm_mem(b, 0), 3);
      snprintf(want, sizeof want, "shr %s, 3", mem);
      check_text(__LINE__, &a, want);
    }
}

TEST(asm_all_xmm_registers) {
  char want[128];
  for (int d = 0; d < 16; d++)
    for (int s = 0; s < 16; s++) {
      Assembler a;
      asm_init(&a);
      asm_addsd_xx(&a, d, s);
      snprintf(want, sizeof want, "addsd %s, %s", x64_xmm_names[d], x64_xmm_names[s]);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_ucomisd_xx(&a, d, s);
      snprintf(want, sizeof want, "ucomisd %s, %s", x64_xmm_names[d], x64_xmm_names[s]);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_movq_xr(&a, W64, d, s);
      snprintf(want, sizeof want, "movq %s, %s", x64_xmm_names[d], x64_reg_names[s]);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_movq_rx(&a, W64, d, s);
      snprintf(want, sizeof want, "movq %s, %s", x64_reg_names[d], x64_xmm_names[s]);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_cvtsi2sd_xr(&a, W32, d, s);
      snprintf(want, sizeof want, "cvtsi2sd %s, %s", x64_xmm_names[d], x64_reg32_names[s]);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_cvttsd2si_rx(&a, W64, d, s);
      snprintf(want, sizeof want, "cvttsd2si %s, %s", x64_reg_names[d], x64_xmm_names[s]);
      check_text(__LINE__, &a, want);
      asm_init(&a);
      asm_movsd_xm(&a, d, asm_mem_index(s, d == RSP ? RAX : d, 8, 0x10));
      char mem[96];
      fmt_mem(mem, sizeof mem, "qword", s, d == RSP ? RAX : d, 8, 0x10);
      snprintf(want, sizeof want, "movsd %s, %s", x64_xmm_names[d], mem);
      check_text(__LINE__, &a, want);
    }
}

/* ---- labels ---------------------------------------------------------- */

TEST(asm_labels) {
  /* Forward jumps are rel32 and patched at bind. */
  EXPECT_ASM({
    AsmLabel l = asm_label_new(a);
    asm_jmp(a, l);
    asm_int3(a);
    asm_bind(a, l);
  }, "e9 01 00 00 00 cc", "jmp 6; int3");
  EXPECT_ASM({
    AsmLabel l = asm_label_new(a);
    asm_jcc(a, COND_E, l);
    asm_bind(a, l);
  }, "0f 84 00 00 00 00", "je 6");
  /* Backward jumps within reach are rel8. */
  EXPECT_ASM({
    AsmLabel l = asm_label_new(a);
    asm_bind(a, l);
    asm_jmp(a, l);
  }, "eb fe", "jmp 0");
  EXPECT_ASM({
    AsmLabel l = asm_label_new(a);
    asm_bind(a, l);
    asm_dec_r(a, W32, RCX);
    asm_jcc(a, COND_NE, l);
  }, "ff c9 75 fc", "dec ecx; jne 0");
  /* Forced short forward. */
  EXPECT_ASM({
    AsmLabel l = asm_label_new(a);
    asm_jcc_short(a, COND_L, l);
    asm_nop(a, 1);
    asm_bind(a, l);
    asm_jmp_short(a, l);
  }, "7c 01 90 eb fe", "jl 3; nop; jmp 3");
  /* Backward, out of rel8 reach: rel32. */
  {
    Assembler a;
    uint8_t *code;
    size_t size;
    asm_init(&a);
    AsmLabel l = asm_label_new(&a);
    asm_bind(&a, l);
    asm_nop(&a, 126);
    asm_jmp(&a, l);                      /* 126 + 2 = 128: rel8 -128 */
    EXPECT_EQ_INT(asm_pc(&a), 128);
    asm_jcc(&a, COND_B, l);              /* 128 + 2 > 128: rel32 */
    EXPECT_EQ_INT(asm_pc(&a), 134);
    asm_jmp(&a, l);
    EXPECT_EQ_INT(asm_pc(&a), 139);
    EXPECT(asm_finish(&a, &code, &size));
    EXPECT_EQ_INT(code[126], 0xEB);
    EXPECT_EQ_INT(code[127], 0x80);
    EXPECT_EQ_INT(code[128], 0x0F);
    EXPECT_EQ_INT(code[129], 0x82);
    EXPECT_EQ_U64(read_i32(code + 130), (uint64_t)(int64_t)-134);
    EXPECT_EQ_INT(code[134], 0xE9);
    EXPECT_EQ_U64(read_i32(code + 135), (uint64_t)(int64_t)-139);
    free(code);
    asm_free(&a);
  }
  /* Several forward uses of one label, of both sizes; a long forward. */
  {
    Assembler a;
    uint8_t *code;
    size_t size;
    char text[256];
    asm_init(&a);
    AsmLabel l = asm_label_new(&a), far = asm_label_new(&a);
    asm_jcc(&a, COND_O, l);              /* 0: 6 bytes */
    asm_jmp_short(&a, l);                /* 6: 2 bytes */
    asm_call(&a, l);                     /* 8: 5 bytes */
    asm_jmp(&a, far);                    /* 13: 5 bytes */
    asm_bind(&a, l);                     /* 18 */
    EXPECT(asm_label_is_bound(&a, l));
    EXPECT(!asm_label_is_bound(&a, far));
    EXPECT_EQ_INT(asm_label_pos(&a, l), 18);
    asm_nop(&a, 1000);
    asm_bind(&a, far);                   /* 1018 */
    asm_ret(&a, 0);
    EXPECT(asm_finish(&a, &code, &size));
    EXPECT(disasm_all(code, 18, text, sizeof text));
    EXPECT_STREQ(text, "jo 0x12; jmp 0x12; call 0x12; jmp 0x3fa");
    free(code);
    asm_free(&a);
  }
  /* RIP-relative to a label, with and without an immediate after. */
  EXPECT_ASM({
    AsmLabel k = asm_label_new(a);
    asm_movsd_xm(a, XMM0, asm_mem_label(k));
    asm_cmp_mi(a, W32, asm_mem_label(k), 0x1000);
    asm_bind(a, k);
  }, "f2 0f 10 05 0a 00 00 00 81 3d 00 00 00 00 00 10 00 00",
     "movsd xmm0, qword ptr [rip + 0xa]; cmp dword ptr [rip], 0x1000");
  EXPECT_ASM({
    AsmLabel k = asm_label_new(a);
    asm_bind(a, k);
    asm_lea(a, W64, RAX, asm_mem_label(k));
  }, "48 8d 05 f9 ff ff ff", "lea rax, [rip - 7]");
}

TEST(asm_relocations) {
  Assembler a;
  uint8_t *code;
  size_t size;
  asm_init(&a);
  asm_push_r(&a, RBP);
  asm_mov_heap_ptr(&a, RAX, 0x00007f0012345679ULL);
  asm_call_abs(&a, 0x00005555deadbeefULL, R11);
  asm_mov_external(&a, R9, 0x1122334455667788ULL);
  EXPECT(asm_finish(&a, &code, &size));
  EXPECT_EQ_INT(a.reloc_count, 3);
  EXPECT_EQ_INT(a.relocs[0].kind, RELOC_HEAP_POINTER);
  EXPECT_EQ_INT(a.relocs[0].offset, 3);
  EXPECT_EQ_U64(read_u64(code + 3), 0x00007f0012345679ULL);
  EXPECT_EQ_INT(a.relocs[1].kind, RELOC_CALL_TARGET);
  EXPECT_EQ_INT(a.relocs[1].offset, 13);
  EXPECT_EQ_U64(read_u64(code + 13), 0x00005555deadbeefULL);
  EXPECT_EQ_INT(a.relocs[2].kind, RELOC_EXTERNAL_REF);
  EXPECT_EQ_INT(a.relocs[2].offset, 26);
  EXPECT_EQ_U64(read_u64(code + 26), 0x1122334455667788ULL);
  EXPECT_STREQ(asm_reloc_kind_names[RELOC_HEAP_POINTER], "heap pointer");
  char text[256];
  EXPECT(disasm_all(code, size, text, sizeof text));
  EXPECT_STREQ(text, "push rbp; movabs rax, 0x7f0012345679; movabs r11, 0x5555deadbeef; "
                     "call r11; movabs r9, 0x1122334455667788");
  free(code);
  asm_free(&a);
}

TEST(asm_disassemble_listing) {
  static const uint8_t code[] = {0x55, 0x48, 0x89, 0xe5, 0x06, 0xc3};
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  codegen_disassemble(code, sizeof code, 0x1000, f);
  fclose(f);
  EXPECT(strstr(buf, "0x000000001000       0  55                    push rbp\n") != NULL);
  EXPECT(strstr(buf, "0x000000001001       1  4889e5                mov rbp, rsp\n") != NULL);
  EXPECT(strstr(buf, "ret\n") != NULL);
  EXPECT(strstr(buf, "      4  06                    .byte 0x06\n") != NULL);
  free(buf);
}

/* ---- running the code ------------------------------------------------ */

/* Copies code into a fresh page, flips it to read+execute (never writable
 * and executable at once) and returns it; NULL if mmap fails. */
static void *make_executable(const uint8_t *code, size_t size, size_t *mapped) {
  size_t len = ROUND_UP(size, 4096);
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  memcpy(p, code, size);
  if (mprotect(p, len, PROT_READ | PROT_EXEC) != 0) {
    munmap(p, len);
    return NULL;
  }
  *mapped = len;
  return p;
}

/* Finishes a and maps the result executable. */
static void *finish_executable(Assembler *a, size_t *mapped) {
  uint8_t *code;
  size_t size;
  if (!asm_finish(a, &code, &size)) return NULL;
  void *p = make_executable(code, size, mapped);
  free(code);
  asm_free(a);
  return p;
}

static int64_t times_three(int64_t x) { return x * 3; }

TEST(asm_run_add) {
  /* int64 add(int64 a, int64 b) in the System V ABI: a in rdi, b in rsi. */
  Assembler a;
  size_t mapped;
  asm_init(&a);
  asm_mov_rr(&a, W64, RAX, RDI);
  asm_add_rr(&a, W64, RAX, RSI);
  asm_ret(&a, 0);
  void *p = finish_executable(&a, &mapped);
  EXPECT(p != NULL);
  if (!p) return;
  int64_t (*add)(int64_t, int64_t) = (int64_t(*)(int64_t, int64_t))p;
  EXPECT_EQ_INT(add(2, 3), 5);
  EXPECT_EQ_INT(add(-7, 1000000000000LL), 999999999993LL);
  munmap(p, mapped);
}

TEST(asm_run_loop_div_call) {
  /* int64 f(int64 n): sum of i*i for i in 1..n, divided by 7 (idiv), plus
   * times_three(n) through an absolute call, with callee-saved registers
   * spilled and restored. */
  Assembler a;
  size_t mapped;
  asm_init(&a);
  AsmLabel loop = asm_label_new(&a), done = asm_label_new(&a);
  asm_push_r(&a, RBP);
  asm_mov_rr(&a, W64, RBP, RSP);
  asm_push_r(&a, RBX);
  asm_push_r(&a, R12);
  asm_mov_rr(&a, W64, R12, RDI);          /* n */
  asm_xor_rr(&a, W32, RBX, RBX);          /* sum */
  asm_mov_ri(&a, W64, RCX, 1);            /* i */
  asm_bind(&a, loop);
  asm_cmp_rr(&a, W64, RCX, R12);
  asm_jcc(&a, COND_G, done);
  asm_mov_rr(&a, W64, RAX, RCX);
  asm_imul_rr(&a, W64, RAX, RCX);
  asm_add_rr(&a, W64, RBX, RAX);
  asm_inc_r(&a, W64, RCX);
  asm_jmp(&a, loop);
  asm_bind(&a, done);
  asm_mov_rr(&a, W64, RAX, RBX);
  asm_cqo(&a);
  asm_mov_ri(&a, W64, RCX, 7);
  asm_idiv_r(&a, W64, RCX);
  asm_mov_rr(&a, W64, RBX, RAX);          /* quotient */
  asm_mov_rr(&a, W64, RDI, R12);
  asm_call_abs(&a, (uint64_t)(uintptr_t)times_three, R11);
  asm_add_rr(&a, W64, RAX, RBX);
  asm_pop_r(&a, R12);
  asm_pop_r(&a, RBX);
  asm_pop_r(&a, RBP);
  asm_ret(&a, 0);
  void *p = finish_executable(&a, &mapped);
  EXPECT(p != NULL);
  if (!p) return;
  int64_t (*f)(int64_t) = (int64_t(*)(int64_t))p;
  for (int64_t n = 0; n < 50; n++) {
    int64_t sum = 0;
    for (int64_t i = 1; i <= n; i++) sum += i * i;
    EXPECT_EQ_INT(f(n), sum / 7 + n * 3);
  }
  munmap(p, mapped);
}

TEST(asm_run_doubles) {
  /* double g(double x, int32 k): floor(sqrt(x) * k) + (x < 0 ? 1 : 0)
   * truncated back through int64; plus a constant from a rip-relative
   * pool and a sign flip through xorpd with a mask built by psllq. */
  Assembler a;
  size_t mapped;
  asm_init(&a);
  AsmLabel pool = asm_label_new(&a);
  asm_sqrtsd_xx(&a, XMM1, XMM0);          /* xmm1 = sqrt(x) */
  asm_cvtsi2sd_xr(&a, W32, XMM2, RDI);    /* xmm2 = k */
  asm_mulsd_xx(&a, XMM1, XMM2);
  asm_roundsd_xx(&a, XMM1, XMM1, ASM_ROUND_DOWN);
  asm_addsd_xm(&a, XMM1, asm_mem_label(pool));      /* + 0.5 */
  asm_xorpd_xx(&a, XMM3, XMM3);
  asm_ucomisd_xx(&a, XMM0, XMM3);         /* x < 0 ? */
  asm_setcc(&a, COND_B, RAX);
  asm_movzx_rr(&a, W32, W8, RAX, RAX);
  asm_cvtsi2sd_xr(&a, W64, XMM4, RAX);
  asm_addsd_xx(&a, XMM1, XMM4);
  asm_mov_ri(&a, W64, RAX, -1);           /* sign mask: all ones << 63 */
  asm_movq_xr(&a, W64, XMM5, RAX);
  asm_psllq_xi(&a, XMM5, 63);
  asm_xorpd_xx(&a, XMM1, XMM5);           /* negate */
  asm_movapd_xx(&a, XMM0, XMM1);
  asm_ret(&a, 0);
  asm_align(&a, 8);
  asm_bind(&a, pool);
  double half = 0.5;
  uint64_t bits;
  memcpy(&bits, &half, 8);
  asm_emit_u64(&a, bits);
  void *p = finish_executable(&a, &mapped);
  EXPECT(p != NULL);
  if (!p) return;
  double (*g)(double, int32_t) = (double (*)(double, int32_t))p;
  EXPECT(g(16.0, 3) == -12.5);
  EXPECT(g(2.0, 10) == -14.5);
  EXPECT(g(0.0, 5) == -0.5);
  munmap(p, mapped);

  /* int32 h(double x): cvttsd2si, and 32-bit arithmetic wrapping. */
  asm_init(&a);
  asm_cvttsd2si_rx(&a, W32, RAX, XMM0);
  asm_shl_ri(&a, W32, RAX, 1);
  asm_sub_ri(&a, W32, RAX, 1);
  asm_ret(&a, 0);
  p = finish_executable(&a, &mapped);
  EXPECT(p != NULL);
  if (!p) return;
  int32_t (*h)(double) = (int32_t(*)(double))p;
  EXPECT_EQ_INT(h(7.9), 13);
  EXPECT_EQ_INT(h(-2.5), -5);
  EXPECT_EQ_INT(h(1073741824.0), 2147483647);  /* 2^31 wraps, minus 1 */
  munmap(p, mapped);
}

TEST(asm_run_memory_and_bt) {
  /* int64 k(int64 *arr, int64 i): arr[i] + arr[i+1] with a byte from the
   * array, a bt on the index and a cmov, over a SIB operand. */
  Assembler a;
  size_t mapped;
  asm_init(&a);
  asm_mov_rm(&a, W64, RAX, asm_mem_index(RDI, RSI, 8, 0));
  asm_add_rm(&a, W64, RAX, asm_mem_index(RDI, RSI, 8, 8));
  asm_movzx_rm(&a, W32, W8, RCX, asm_mem(RDI, 0));        /* low byte of arr[0] */
  asm_xor_rr(&a, W32, RDX, RDX);
  asm_bt_ri(&a, W64, RSI, 0);             /* i odd? */
  asm_cmov_rr(&a, W64, COND_CARRY, RDX, RCX);
  asm_add_rr(&a, W64, RAX, RDX);
  asm_mov_mr(&a, W64, asm_mem(RDI, 0x18), RAX);           /* arr[3] = result */
  asm_ret(&a, 0);
  void *p = finish_executable(&a, &mapped);
  EXPECT(p != NULL);
  if (!p) return;
  int64_t (*k)(int64_t *, int64_t) = (int64_t(*)(int64_t *, int64_t))p;
  int64_t arr[4] = {0x105, 10, 20, 0};
  EXPECT_EQ_INT(k(arr, 1), 10 + 20 + 5);
  EXPECT_EQ_INT(arr[3], 35);
  EXPECT_EQ_INT(k(arr, 0), 0x105 + 10);
  munmap(p, mapped);
}

TEST(asm_failed_state) {
  /* After an out-of-memory (simulated by setting `failed`), emitting,
   * labels and binding stay safe and asm_finish reports the failure. */
  Assembler a;
  uint8_t *code = (uint8_t *)&a;
  size_t size = 1;
  asm_init(&a);
  AsmLabel l = asm_label_new(&a);
  asm_jmp(&a, l);
  a.failed = true;
  for (int i = 0; i < 200; i++) asm_mov_rm(&a, W64, R12, asm_mem_index(R13, RAX, 8, 0x1000));
  AsmLabel m = asm_label_new(&a);
  asm_jcc(&a, COND_E, m);
  asm_call(&a, l);
  asm_bind(&a, l);
  asm_bind(&a, m);
  asm_nop(&a, 1000);
  EXPECT(!asm_finish(&a, &code, &size));
  EXPECT(code == NULL);
  EXPECT_EQ_INT(size, 0);
  asm_free(&a);
}
