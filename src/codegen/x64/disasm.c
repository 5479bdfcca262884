/*
 * disasm.c - Capstone-backed disassembler of x86-64 code (see disasm.h).
 * Capstone is opened in 64-bit mode with Intel syntax for each call (cheap,
 * and keeps this file free of global state and thread-safe).
 *
 * Invariant: every byte of the input is accounted for in the output, either
 * in a decoded instruction or as a ".byte" line.
 */
#include "codegen/x64/disasm.h"

#if defined(__has_include)
#if !__has_include(<capstone/capstone.h>)
#error "rondo needs Capstone: apt-get install -y libcapstone-dev"
#endif
#endif
#include <capstone/capstone.h>

/* Opens a Capstone handle for x86-64, Intel syntax; false if it can't. */
static bool open_capstone(csh *h) {
  if (cs_open(CS_ARCH_X86, CS_MODE_64, h) != CS_ERR_OK) return false;
  cs_option(*h, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
  return true;
}

/* Writes "mnemonic operands" of insn into text. */
static void format_insn(const cs_insn *insn, char *text, size_t text_size) {
  if (insn->op_str[0])
    snprintf(text, text_size, "%s %s", insn->mnemonic, insn->op_str);
  else
    snprintf(text, text_size, "%s", insn->mnemonic);
}

size_t codegen_disassemble_insn(const uint8_t *code, size_t size,
                                uint64_t address, char *text, size_t text_size) {
  csh h;
  size_t len = 0;
  if (text_size) text[0] = '\0';
  if (!open_capstone(&h)) return 0;
  cs_insn *insn = cs_malloc(h);
  const uint8_t *p = code;
  uint64_t addr = address;
  if (insn && cs_disasm_iter(h, &p, &size, &addr, insn)) {
    format_insn(insn, text, text_size);
    len = insn->size;
  }
  if (insn) cs_free(insn, 1);
  cs_close(&h);
  return len;
}

/* Prints one output line for len bytes at offset off. */
static void print_line(FILE *out, uint64_t address, size_t off,
                       const uint8_t *bytes, size_t len, const char *text) {
  char hex[2 * 16 + 1];
  size_t n = 0;
  for (size_t i = 0; i < len && i < 15; i++)
    n += (size_t)snprintf(hex + n, sizeof hex - n, "%02x", bytes[i]);
  hex[n] = '\0';
  fprintf(out, "0x%012llx  %6zx  %-20s  %s\n",
          (unsigned long long)(address + off), off, hex, text);
}

void codegen_disassemble(const uint8_t *code, size_t size, uint64_t address,
                         FILE *out) {
  csh h;
  if (!open_capstone(&h)) {
    fprintf(out, "(capstone could not be opened; %zu bytes of code)\n", size);
    return;
  }
  cs_insn *insn = cs_malloc(h);
  size_t off = 0;
  char text[192];
  while (insn && off < size) {
    const uint8_t *p = code + off;
    size_t left = size - off;
    uint64_t addr = address + off;
    if (cs_disasm_iter(h, &p, &left, &addr, insn)) {
      format_insn(insn, text, sizeof text);
      print_line(out, address, off, code + off, insn->size, text);
      off += insn->size;
    } else {
      snprintf(text, sizeof text, ".byte 0x%02x", code[off]);
      print_line(out, address, off, code + off, 1, text);
      off++;
    }
  }
  if (insn) cs_free(insn, 1);
  cs_close(&h);
}
