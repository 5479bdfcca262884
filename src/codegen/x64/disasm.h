/*
 * disasm.h - disassembly of generated x86-64 code through Capstone
 * (libcapstone-dev), for --print-code and the assembler's tests. Syntax is
 * Intel, as V8's --print-code: "mov rax, qword ptr [rbx + r12*8 + 0x10]".
 *
 * Invariant: read-only on the code; never allocates on the JS heap.
 */
#ifndef RONDO_CODEGEN_X64_DISASM_H
#define RONDO_CODEGEN_X64_DISASM_H

#include <stdio.h>

#include "base/common.h"

/* Prints one line per instruction: address, offset, bytes, instruction.
 * Bytes Capstone cannot decode print as ".byte 0x.." and decoding resumes
 * after them. `address` is where the code runs (or 0). */
void codegen_disassemble(const uint8_t *code, size_t size, uint64_t address,
                         FILE *out);

/* Decodes the first instruction of code into text ("mnemonic operands");
 * returns its length, or 0 if the bytes are no valid instruction. */
size_t codegen_disassemble_insn(const uint8_t *code, size_t size,
                                uint64_t address, char *text, size_t text_size);

#endif
