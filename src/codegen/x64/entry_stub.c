/*
 * entry_stub.c - the x86-64 entry stub: the C -> optimized code bridge of
 * issue 4's contract (codegen/frames.h), generated once per runtime.
 *
 *   rd_value stub(Runtime *rt, rd_value *args, uint32_t argc,
 *                 rd_value new_target, const uint8_t *entry)
 *
 * It builds an entry frame (marker, saved rt->exit_fp / exit_pc, rt, the
 * callee-saved registers), clears the exit words, sets up the JS calling
 * convention (r13 = rt, rdi = args[-1], rsi = args, edx = argc, rcx =
 * new.target) and calls entry; on return it restores the exit words and
 * the registers and returns rax. Invariant: the stack is 16-byte aligned at
 * the call, as System V requires of every call.
 */
#include "codegen/frames.h"

bool entry_stub_generate(Runtime *rt) {
  Assembler a;
  asm_init(&a);
  const int32_t exit_fp = (int32_t)offsetof(Runtime, exit_fp), exit_pc = (int32_t)offsetof(Runtime, exit_pc);
  static const X64Reg saved[] = {RBX, R12, R13, R14, R15};
  asm_push_r(&a, RBP);
  asm_mov_rr(&a, W64, RBP, RSP);
  asm_mov_ri(&a, W64, RAX, (int64_t)ENTRY_FRAME_MARKER);
  asm_push_r(&a, RAX);                                   /* [rbp - 8]  */
  asm_push_m(&a, asm_mem(RDI, exit_fp));                 /* [rbp - 16] */
  asm_push_m(&a, asm_mem(RDI, exit_pc));                 /* [rbp - 24] */
  asm_push_r(&a, RDI);                                   /* [rbp - 32] */
  for (size_t i = 0; i < 5; i++) asm_push_r(&a, saved[i]);   /* [rbp - 40 .. - 72] */
  asm_sub_ri(&a, W64, RSP, 8);                           /* 10 words below rbp: aligned */
  asm_mov_mi(&a, W64, asm_mem(RDI, exit_fp), 0);
  asm_mov_mi(&a, W64, asm_mem(RDI, exit_pc), 0);
  asm_mov_rr(&a, W64, R13, RDI);
  asm_mov_rm(&a, W64, RDI, asm_mem(RSI, -8));            /* the callee, args[-1] */
  asm_call_r(&a, R8);
  asm_mov_rm(&a, W64, RCX, asm_mem(RBP, ENTRY_FRAME_RUNTIME));
  asm_mov_rm(&a, W64, RDX, asm_mem(RBP, ENTRY_FRAME_SAVED_EXIT_FP));
  asm_mov_mr(&a, W64, asm_mem(RCX, exit_fp), RDX);
  asm_mov_rm(&a, W64, RDX, asm_mem(RBP, ENTRY_FRAME_SAVED_EXIT_PC));
  asm_mov_mr(&a, W64, asm_mem(RCX, exit_pc), RDX);
  for (size_t i = 0; i < 5; i++) asm_mov_rm(&a, W64, saved[i], asm_mem(RBP, -40 - 8 * (int32_t)i));
  asm_mov_rr(&a, W64, RSP, RBP);
  asm_pop_r(&a, RBP);
  asm_ret(&a, 0);
  HANDLE_SCOPE(rt);
  CodeDesc d = {.kind = CODE_KIND_STUB};
  rd_value code = code_new_from_assembler(rt, &a, &d);
  if (!code) return false;
  ROOT(rt, entry_stub) = code;
  return true;
}
