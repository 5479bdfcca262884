/*
 * test_codegen_x64.c - the optimizing compiler end to end on code that
 * doesn't deoptimize or call: warm a function up in the interpreter, build
 * its graph, optimize, schedule, allocate registers, generate x86-64, and
 * run the machine code on the same arguments through a small trampoline
 * that sets up the issue-4 calling convention (r13 = Runtime*).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bytecode/generator.h"
#include "codegen/x64/codegen.h"
#include "compiler/graph_builder.h"
#include "compiler/optimize.h"
#include "objects/object.h"
#include "test.h"

typedef rd_value (*Trampoline)(rd_value fn, rd_value *args, uint64_t argc, rd_value new_target, Runtime *rt,
                               const void *code);

/* Executable copies of bytes (W^X: written, then made read+execute). */
static void *exec_copy(const uint8_t *bytes, size_t n) {
  size_t size = (n + 4095) & ~(size_t)4095;
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  memcpy(p, bytes, n);
  if (mprotect(p, size, PROT_READ | PROT_EXEC)) return NULL;
  return p;
}

/* push r13; mov r13, r8; call r9; pop r13; ret */
static Trampoline trampoline(void) {
  static Trampoline t;
  if (t) return t;
  Assembler a;
  asm_init(&a);
  asm_push_r(&a, R13);
  asm_mov_rr(&a, W64, R13, R8);
  asm_call_r(&a, R9);
  asm_pop_r(&a, R13);
  asm_ret(&a, 0);
  uint8_t *code;
  size_t size;
  if (!asm_finish(&a, &code, &size)) return NULL;
  asm_free(&a);
  t = (Trampoline)exec_copy(code, size);
  free(code);
  return t;
}

/* Runs setup (whose value is the warmed function f), compiles f, and calls
 * the code with `call` (a JS expression array of arguments, receiver
 * undefined). Returns the result as a number, or NAN with *reason set. */
static double run(const char *setup, const char *call_args, const char **reason) {
  Runtime *rt = rd_runtime_new();
  double result = NAN;
  {
    HANDLE_SCOPE(rt);
    Handle f = handle_new(rt, compiler_run_script(rt, setup, strlen(setup), "cg.js"));
    Handle args = handle_new(rt, compiler_run_script(rt, call_args, strlen(call_args), "args.js"));
    IrGraph g;
    ir_graph_init(&g, rt);
    RegAlloc ra;
    CodegenResult cg;
    *reason = NULL;
    if (!*f || !*args) {
      *reason = "script";
    } else if (graph_build(&g, f, reason)) {
      optimize_graph(&g);
      if (!schedule_graph(&g) || !regalloc_run(&g, &codegen_regalloc_config, &ra)) *reason = "out of memory";
      else if (codegen_generate(&g, &ra, &cg, reason)) {
        void *code = exec_copy(cg.code, cg.size);
        uint32_t argc = array_length(*args);
        rd_value argv[16] = {VALUE_UNDEFINED};
        for (uint32_t i = 0; i < argc && i < 15; i++) argv[1 + i] = element_get(*args, i);
        rd_value r = trampoline()(*f, argv, argc, VALUE_UNDEFINED, rt, code);
        result = value_is_number(r) ? value_to_number(r) : r == VALUE_TRUE ? 1 : r == VALUE_FALSE ? 0 : -1;
        munmap(code, (cg.size + 4095) & ~(size_t)4095);
        codegen_result_free(&cg);
      }
    }
    ir_graph_free(&g);
  }
  rd_runtime_free(rt);
  return result;
}

#define EXPECT_RUN(setup, args, expected)                                   \
  do {                                                                      \
    const char *why_;                                                       \
    double got_ = run(setup, args, &why_);                                  \
    if (why_) fprintf(stderr, "  not compiled: %s\n", why_);                \
    EXPECT(why_ == NULL);                                                   \
    EXPECT(got_ == (expected));                                             \
  } while (0)

#define WARM(fn, call) fn " for (let k_ = 0; k_ < 5; k_++) " call "; f"

TEST(codegen_x64_int32_add) {
  EXPECT_RUN(WARM("function f(a, b) { return a + b }", "f(1, 2)"), "[40, 2]", 42);
}

TEST(codegen_x64_int32_loop) {
  EXPECT_RUN(WARM("function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + i; return s }", "f(10)"),
             "[100]", 4950);
}

TEST(codegen_x64_float64_loop) {
  EXPECT_RUN(WARM("function f(n, x) { let s = 0; for (let i = 0; i < n; i++) s = s + x * 0.5; return s }", "f(3, 1.5)"),
             "[10, 3]", 15);
}

TEST(codegen_x64_phi_swap_cycle) {
  EXPECT_RUN(WARM("function f(n) { let a = 1, b = 2; for (let i = 0; i < n; i++) { const t = a; a = b; b = t } return a * 10 + b }",
                  "f(3)"),
             "[5]", 21);
}

TEST(codegen_x64_property_loads) {
  EXPECT_RUN("function P(x, y) { this.x = x; this.y = y }"
             WARM("function f(p) { return p.x * p.y }", "f(new P(2, 3))"),
             "[new P(6, 7)]", 42);
}

TEST(codegen_x64_array_sum) {
  EXPECT_RUN(WARM("function f(a) { let s = 0; for (let i = 0; i < a.length; i++) s = s + a[i]; return s }",
                  "f([1, 2, 3])"),
             "[[10, 20, 30, 40]]", 100);
}

TEST(codegen_x64_bitwise_and_compare) {
  EXPECT_RUN(WARM("function f(a, b) { return ((a & 0xff) << 2 | b >> 1) ^ (a < b ? 1 : 0) }", "f(300, 7)"),
             "[300, 7]", (((300 & 0xff) << 2 | 7 >> 1) ^ 0));
}

TEST(codegen_x64_not_yet_supported) {
  const char *why;
  double r = run(WARM("function f(o) { o.x = 1 }", "f({x: 0})"), "[{x: 2}]", &why);
  EXPECT(why && strstr(why, "StoreField"));
  (void)r;
}
