/*
 * test_codegen_x64.c - the optimizing compiler end to end: warm a function
 * up in the interpreter, compile it (graph, reductions, schedule,
 * registers, x86-64, deopt data), install the Code, and call the function
 * from JavaScript, which enters the machine code through the entry stub.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode/generator.h"
#include "codegen/tiers.h"
#include "codegen/x64/codegen.h"
#include "compiler/graph_builder.h"
#include "compiler/optimize.h"
#include "objects/object.h"
#include "test.h"

/* Runs setup (whose value is the warmed function f), compiles f, installs
 * the code, then evaluates `call` (which calls f through the interpreter,
 * so through the entry stub into the machine code). Returns the result as
 * a number, or NAN with *reason set when f was not compiled. */
static double run(const char *setup, const char *call, const char **reason) {
  Runtime *rt = rd_runtime_new();
  double result = NAN;
  {
    HANDLE_SCOPE(rt);
    Handle f = handle_new(rt, compiler_run_script(rt, setup, strlen(setup), "cg.js"));
    *reason = NULL;
    if (!*f) {
      *reason = "script";
    } else {
      rd_value code = compiler_compile(rt, f, reason);
      if (code && tiers_optimize(rt, f)) {
        rd_value r = compiler_run_script(rt, call, strlen(call), "call.js");
        if (!tiers_live_code(*f)) *reason = "the code was dropped (a deopt?)";
        result = !r ? -2 : value_is_number(r) ? value_to_number(r) : r == VALUE_TRUE ? 1 : r == VALUE_FALSE ? 0 : -1;
      } else if (!*reason) {
        *reason = "not installed";
      }
    }
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
  EXPECT_RUN(WARM("function f(a, b) { return a + b }", "f(1, 2)"), "f(40, 2)", 42);
}

TEST(codegen_x64_int32_loop) {
  EXPECT_RUN(WARM("function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + i; return s }", "f(10)"),
             "f(100)", 4950);
}

TEST(codegen_x64_float64_loop) {
  EXPECT_RUN(WARM("function f(n, x) { let s = 0; for (let i = 0; i < n; i++) s = s + x * 0.5; return s }", "f(3, 1.5)"),
             "f(10, 3)", 15);
}

TEST(codegen_x64_phi_swap_cycle) {
  EXPECT_RUN(WARM("function f(n) { let a = 1, b = 2; for (let i = 0; i < n; i++) { const t = a; a = b; b = t } return a * 10 + b }",
                  "f(3)"),
             "f(5)", 21);
}

TEST(codegen_x64_property_loads) {
  EXPECT_RUN("function P(x, y) { this.x = x; this.y = y }"
             WARM("function f(p) { return p.x * p.y }", "f(new P(2, 3))"),
             "f(new P(6, 7))", 42);
}

TEST(codegen_x64_array_sum) {
  EXPECT_RUN(WARM("function f(a) { let s = 0; for (let i = 0; i < a.length; i++) s = s + a[i]; return s }",
                  "f([1, 2, 3])"),
             "f([10, 20, 30, 40])", 100);
}

TEST(codegen_x64_bitwise_and_compare) {
  EXPECT_RUN(WARM("function f(a, b) { return ((a & 0xff) << 2 | b >> 1) ^ (a < b ? 1 : 0) }", "f(300, 7)"),
             "f(300, 7)", (((300 & 0xff) << 2 | 7 >> 1) ^ 0));
}

TEST(codegen_x64_stores_and_calls) {
  EXPECT_RUN("function P(x) { this.x = x }"
             WARM("function f(p, q) { p.x = q.x + 1; return p.x }", "f(new P(1), new P(2))"),
             "f(new P(0), new P(41))", 42);
  EXPECT_RUN(WARM("function g(x) { return x * 2 } function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + g(i); return s }",
                  "f(3)"),
             "f(10)", 90);
  EXPECT_RUN(WARM("function f(a) { for (let i = 0; i < a.length; i++) a[i] = a[i] * 2; return a[2] }", "f([1, 2, 3])"),
             "f([5, 6, 7])", 14);
  EXPECT_RUN(WARM("function f() { const o = {}; o.k = 7; return o.k }", "f()"), "f()", 7);
}

TEST(codegen_x64_refusals) {
  const char *why;
  double r = run(WARM("function f(x) { try { return x } catch (e) { return 0 } }", "f(1)"), "f(2)", &why);
  EXPECT(why && strstr(why, "try/catch"));
  (void)r;
}
