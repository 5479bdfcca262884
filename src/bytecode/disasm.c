/*
 * disasm.c - human-readable bytecode (--print-bytecode and tests): one line
 * per instruction with its offset, prefix scale, name and operands
 * (registers as r0 / a0 / <this>, constants with their value, jumps with
 * their absolute target, CallRuntime's function by name), then the
 * constant pool and the handler table, then every function in the
 * constant pool, recursively.
 *
 * Invariant: read-only; never allocates on the JS heap (it runs under GC
 * stress and from debuggers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode/builder.h"
#include "bytecode/generator.h"
#include "interp/interpreter.h"
#include "objects/bigint.h"
#include "objects/string.h"
#include "runtime/natives.h"

/* Prints a short description of a constant. */
static void print_constant(rd_value v, FILE *f) {
  if (value_is_int32(v)) fprintf(f, "%d", value_to_int32(v));
  else if (value_is_number(v)) fprintf(f, "%.17g", value_to_number(v));
  else if (value_is_string(v)) {
    char *s = string_to_utf8(v, NULL);
    fprintf(f, "\"%s\"", s ? s : "?");
    free(s);
  } else if (value_has_type(v, TYPE_SHARED_FUNCTION_INFO)) {
    char *s = string_to_utf8(((SharedFunctionInfo *)value_to_ptr(v))->name, NULL);
    fprintf(f, "<function %s>", s && *s ? s : "(anonymous)");
    free(s);
  } else if (value_has_type(v, TYPE_FIXED_ARRAY)) {
    fprintf(f, "<fixed array[%u]>", fixed_array_length(v));
  } else if (value_is_bigint(v)) {
    char *s = bigint_to_cstr(v, 10);
    fprintf(f, "%.40s%sn", s ? s : "?", s && strlen(s) > 40 ? "..." : "");
    free(s);
  } else if (value_is_ptr(v)) {
    fprintf(f, "<%s>", instance_type_names[value_instance_type(v)]);
  } else if (v == VALUE_UNDEFINED) fprintf(f, "undefined");
  else if (v == VALUE_NULL) fprintf(f, "null");
  else if (v == VALUE_TRUE) fprintf(f, "true");
  else if (v == VALUE_FALSE) fprintf(f, "false");
  else fprintf(f, "<hole>");
}

static void print_register(int32_t r, FILE *f) {
  if (r >= 0) fprintf(f, "r%d", r);
  else if (r == -1) fprintf(f, "<this>");
  else fprintf(f, "a%d", -r - 2);
}

void bytecode_disassemble(rd_value bytecode_array, FILE *f) {
  BytecodeArray *ba = (BytecodeArray *)value_to_ptr(bytecode_array);
  fprintf(f, "  parameters %u, registers %u, feedback slots %u, %u bytes\n", ba->parameter_count,
          ba->frame_size, ba->feedback_slots, ba->length);
  rd_value pool = ba->constant_pool;
  uint32_t off = 0;
  while (off < ba->length) {
    const uint8_t *p = ba->bytes + off;
    int scale = 1;
    if (*p == BC_Wide || *p == BC_ExtraWide) {
      scale = *p == BC_Wide ? 2 : 4;
      p++;
    }
    Bytecode bc = (Bytecode)*p;
    if (bc >= BC_COUNT) {
      fprintf(f, "  %5u: <bad bytecode %u>\n", off, bc);
      return;
    }
    fprintf(f, "  %5u: %s%s", off, bytecode_names[bc], scale == 2 ? ".W" : scale == 4 ? ".X" : "");
    for (int i = 0; i < bytecode_operand_count[bc]; i++) {
      int32_t v = bytecode_operand(p, i, scale);
      fputs(i ? ", " : " ", f);
      switch ((OperandType)bytecode_operand_types[bc][i]) {
        case OPERAND_REG: print_register(v, f); break;
        case OPERAND_IDX:
          fprintf(f, "[%d]", v);
          if ((uint32_t)v < fixed_array_length(pool)) {
            fputc('=', f);
            print_constant(FIXED_ARRAY(pool)->data[v], f);
          }
          break;
        case OPERAND_SLOT: fprintf(f, "#%d", v); break;
        case OPERAND_JMP: fprintf(f, "@%d", (int32_t)off + v); break;
        default:
          if (bc == BC_CallRuntime && i == 0) fprintf(f, "%%%s", natives_name((uint32_t)v));
          else fprintf(f, "%d", v);
          break;
      }
    }
    fputc('\n', f);
    off = (uint32_t)(p - ba->bytes) + (uint32_t)bytecode_size(bc, scale);
  }
  rd_value ht = ba->handler_table;
  uint32_t nh = fixed_array_length(ht) / 4;
  if (nh) {
    fprintf(f, "  handlers:\n");
    for (uint32_t i = 0; i < nh; i++) {
      rd_value *d = &FIXED_ARRAY(ht)->data[4 * i];
      fprintf(f, "    [%d, %d) -> @%d, context in ", value_to_int32(d[0]), value_to_int32(d[1]),
              value_to_int32(d[2]));
      print_register(value_to_int32(d[3]), f);
      fputc('\n', f);
    }
  }
  uint32_t nc = fixed_array_length(pool);
  if (nc) {
    fprintf(f, "  constants:\n");
    for (uint32_t i = 0; i < nc; i++) {
      fprintf(f, "    [%u] ", i);
      print_constant(FIXED_ARRAY(pool)->data[i], f);
      fputc('\n', f);
    }
  }
}

void compiler_print_bytecode(rd_value fn, FILE *f) {
  if (value_has_type(fn, TYPE_JS_FUNCTION)) fn = ((JSFunction *)value_to_ptr(fn))->shared;
  rd_value ba = fn;
  if (value_has_type(fn, TYPE_SHARED_FUNCTION_INFO)) {
    SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(fn);
    char *name = string_to_utf8(s->name, NULL);
    fprintf(f, "function %s:\n", name && *name ? name : "(anonymous)");
    free(name);
    ba = s->bytecode;
  }
  if (!value_has_type(ba, TYPE_BYTECODE_ARRAY)) {
    fprintf(f, "  <native>\n");
    return;
  }
  bytecode_disassemble(ba, f);
  rd_value pool = ((BytecodeArray *)value_to_ptr(ba))->constant_pool;
  for (uint32_t i = 0; i < fixed_array_length(pool); i++) {
    rd_value c = FIXED_ARRAY(pool)->data[i];
    if (value_has_type(c, TYPE_SHARED_FUNCTION_INFO)) compiler_print_bytecode(c, f);
  }
}
