/*
 * deopt_entry.c - the x86-64 deopt entry stub, generated once per runtime
 * into the code space (ROOT deopt_stub; its first instruction is
 * rt->deopt_entry). A deopt exit of optimized code is
 *
 *     call [r13 + offsetof(Runtime, deopt_entry)]     r13 = Runtime*
 *     .long deopt_id
 *
 * so on entry [rsp] points at the id and rbp is the optimized frame. The stub
 *
 *   1. saves all 16 GPRs and the low halves of the 16 XMMs into a
 *      DeoptRegisterDump on the machine stack (the rsp word holds rsp as it
 *      was before the exit's call);
 *   2. points rt->exit_fp / exit_pc at the optimized frame's caller (its
 *      saved rbp and return address), so the GC's stack walk sees every
 *      optimized frame further out while the deoptimizer materializes and
 *      while the interpreter then runs;
 *   3. calls deopt_translate(rt, rbp, id, dump) with rsp 16-byte aligned;
 *   4. drops the optimized frame (mov rsp, rbp; pop rbp) and tail-calls
 *      interp_resume(rt, innermost fp): rsp is then as at the optimized
 *      function's entry, so interp_resume's return goes to the optimized
 *      function's caller with the result in rax, as its own return would.
 *
 * The lazy entry (rt->lazy_deopt_entry) is where a C call made by optimized
 * code returns when the code was invalidated during the call (frames.c
 * rewrote the return address): rbp is the optimized frame, rax the call's
 * result, and rt->exit_pc still the call's real return address. A
 * VALUE_EMPTY result (an exception) goes back to that address, whose code
 * takes its exception exit; any other result makes room for a fake return
 * address (so rsp is as in an exit's call) and runs the same steps with
 * deopt_translate_lazy(rt, rbp, return address, dump), which resumes the
 * interpreter after the call with the result.
 *
 * Invariant: r13 (Runtime*, callee-saved in System V) survives the C call,
 * so the stub needs no other saved state after it.
 */
#include "codegen/code.h"
#include "deopt/deoptimizer.h"

/* Emits the stub's body from "registers saved": lazy reads the call's
 * return address from rt->exit_pc, eager the id after the exit's call. */
static void emit_body(Assembler *a, bool lazy) {
  const int32_t exit_fp = (int32_t)offsetof(Runtime, exit_fp), exit_pc = (int32_t)offsetof(Runtime, exit_pc);
  const int32_t gpr = (int32_t)offsetof(DeoptRegisterDump, gpr), xmm = (int32_t)offsetof(DeoptRegisterDump, xmm);
  const int32_t dump_size = (int32_t)sizeof(DeoptRegisterDump);
  asm_sub_ri(a, W64, RSP, dump_size);
  for (int r = 0; r < 16; r++)
    if (r != RSP) asm_mov_mr(a, W64, asm_mem(RSP, gpr + 8 * r), (X64Reg)r);
  for (int x = 0; x < 16; x++) asm_movsd_mx(a, asm_mem(RSP, xmm + 8 * x), (X64Xmm)x);
  asm_lea(a, W64, RAX, asm_mem(RSP, dump_size + 8));          /* rsp before the exit's call */
  asm_mov_mr(a, W64, asm_mem(RSP, gpr + 8 * RSP), RAX);
  if (lazy) {
    asm_mov_rm(a, W64, RDX, asm_mem(R13, exit_pc));            /* the call's return address */
  } else {
    asm_mov_rm(a, W64, RAX, asm_mem(RSP, dump_size));          /* the return address ... */
    asm_mov_rm(a, W32, RDX, asm_mem(RAX, 0));                   /* ... points at the id */
  }
  asm_mov_rm(a, W64, RAX, asm_mem(RBP, 0));                    /* the caller's frame */
  asm_mov_mr(a, W64, asm_mem(R13, exit_fp), RAX);
  asm_mov_rm(a, W64, RAX, asm_mem(RBP, 8));
  asm_mov_mr(a, W64, asm_mem(R13, exit_pc), RAX);
  asm_mov_rr(a, W64, RDI, R13);
  asm_mov_rr(a, W64, RSI, RBP);
  asm_mov_rr(a, W64, RCX, RSP);
  asm_and_ri(a, W64, RSP, -16);
  asm_call_abs(a, lazy ? (uint64_t)(uintptr_t)&deopt_translate_lazy : (uint64_t)(uintptr_t)&deopt_translate, R11);
  asm_mov_rr(a, W64, RDI, R13);
  asm_mov_rr(a, W64, RSI, RAX);
  asm_mov_rr(a, W64, RSP, RBP);
  asm_pop_r(a, RBP);
  asm_mov_external(a, R11, (uint64_t)(uintptr_t)&interp_resume);
  asm_jmp_r(a, R11);
}

bool deopt_init(Runtime *rt) {
  Assembler a;
  asm_init(&a);
  emit_body(&a, false);
  AsmLabel lazy = asm_label_new(&a), resume = asm_label_new(&a);
  asm_bind(&a, lazy);
  asm_test_rr(&a, W64, RAX, RAX);
  asm_jcc(&a, COND_NE, resume);
  asm_jmp_m(&a, asm_mem(R13, (int32_t)offsetof(Runtime, exit_pc)));   /* an exception: back to the call */
  asm_bind(&a, resume);
  asm_sub_ri(&a, W64, RSP, 8);   /* as if called from an exit */
  emit_body(&a, true);
  size_t lazy_offset = asm_label_pos(&a, lazy);
  HANDLE_SCOPE(rt);
  CodeDesc d = {.kind = CODE_KIND_STUB};
  rd_value code = code_new_from_assembler(rt, &a, &d);
  if (!code) return false;
  ROOT(rt, deopt_stub) = code;
  rt->deopt_entry = CODE(code)->instructions;
  rt->lazy_deopt_entry = CODE(code)->instructions + lazy_offset;
  return true;
}
