/*
 * test_graph_builder.c - the optimizing compiler's graph builder: feedback
 * becomes speculation (checked int32 / float64 arithmetic, CheckMaps +
 * field loads, bounds-checked element loads, cell loads), loops get phis,
 * and unsupported bytecodes stop the build with their name.
 */
#include <stdlib.h>
#include <string.h>

#include "bytecode/generator.h"
#include "compiler/graph_builder.h"
#include "compiler/optimize.h"
#include "test.h"

/* Runs src (whose completion value is a function), builds the function's
 * graph and returns its --print-ir text (malloc'd), or the failure reason
 * prefixed by "FAIL: ". */
static char *build_with(const char *src, bool passes) {
  Runtime *rt = rd_runtime_new();
  char *out = NULL;
  size_t len = 0;
  {
    HANDLE_SCOPE(rt);
    Handle f = handle_new(rt, compiler_run_script(rt, src, strlen(src), "ir.js"));
    if (!*f || !value_has_type(*f, TYPE_JS_FUNCTION)) {
      rd_runtime_free(rt);
      return strdup("FAIL: script");
    }
    IrGraph g;
    ir_graph_init(&g, rt);
    const char *reason = NULL;
    FILE *m = open_memstream(&out, &len);
    if (graph_build(&g, f, &reason)) {
      if (passes) {
        optimize_graph(&g);
        if (!schedule_graph(&g)) fputs("FAIL: schedule", m);
      }
      ir_print(&g, "f", m);
    } else {
      fprintf(m, "FAIL: %s", reason);
    }
    fclose(m);
    ir_graph_free(&g);
  }
  rd_runtime_free(rt);
  return out;
}

/* The IR text between "B<n> (" of the block holding `needle` and the next block. */
static const char *block_of_text(const char *ir, const char *needle) {
  const char *at = strstr(ir, needle), *b = NULL;
  for (const char *p = ir; p && p < at; p = strstr(p + 1, "\nB")) b = p;
  return b;
}

#define EXPECT_IR_WITH(passes, src, ...)                                      \
  do {                                                                        \
    char *ir_ = build_with(src, passes);                                      \
    const char *want_[] = {__VA_ARGS__};                                      \
    for (size_t i_ = 0; i_ < sizeof want_ / sizeof *want_; i_++) {             \
      if (!strstr(ir_, want_[i_])) {                                          \
        fprintf(stderr, "  missing \"%s\" in:\n%s\n", want_[i_], ir_);        \
        EXPECT(false);                                                        \
      }                                                                       \
    }                                                                         \
    free(ir_);                                                                \
  } while (0)
#define EXPECT_IR(src, ...) EXPECT_IR_WITH(false, src, __VA_ARGS__)

TEST(graph_int32_arithmetic_and_loop_phis) {
  EXPECT_IR("function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + i; return s }"
            "for (let k = 0; k < 5; k++) f(10); f",
            "Int32AddOverflow", "Int32LessThan", "CheckInt32", "Phi", "loop header", "Branch", "Return",
            "deopt: overflow");
}

TEST(graph_float64_arithmetic) {
  EXPECT_IR("function f(a, b) { return a * b + 0.5 } for (let k = 0; k < 5; k++) f(1.5, 2.25); f",
            "CheckNumber", "Float64Mul", "Float64Add", "Float64ToTagged");
}

TEST(graph_monomorphic_property_load) {
  EXPECT_IR("function P(x) { this.x = x } function f(p) { return p.x } for (let k = 0; k < 5; k++) f(new P(k)); f",
            "CheckHeapObject", "CheckMaps", "LoadField", "deopt: wrong map");
}

TEST(graph_prototype_method_load) {
  EXPECT_IR("function P() {} P.prototype.m = 1; function f(p) { return p.m } for (let k = 0; k < 5; k++) f(new P()); f",
            "CheckMaps", "CheckEpoch", "LoadField");
}

TEST(graph_element_load) {
  EXPECT_IR("function f(a, i) { return a[i] } const a = [1, 2, 3]; for (let k = 0; k < 5; k++) f(a, 1); f",
            "LoadElements", "CheckBounds", "LoadElement", "deopt: out of bounds");
}

TEST(graph_global_cell) {
  EXPECT_IR("var g = 3; function f() { return g } for (let k = 0; k < 5; k++) f(); f", "CheckCell", "LoadCell");
}

TEST(graph_generic_without_feedback) {
  /* never run: no feedback, so the add is the interpreter's way */
  EXPECT_IR("function f(a, b) { return a + b } f", "Generic[Add]");
}

TEST(graph_unsupported_bytecode) {
  EXPECT_IR("function f() { try { return 1 } catch (e) { return 2 } } f", "FAIL: try/catch/finally");
  EXPECT_IR("function f(o) { for (const k in o) return k } f", "FAIL: ToObject");   /* for-in */
  EXPECT_IR("function f(o) { return delete o.x } f", "FAIL: DeletePropertySloppy");
}

/* A loop-carried value that starts as an int32 but becomes a double: the
 * graph is rebuilt with a float64 phi instead of deoptimizing every time. */
TEST(graph_loop_phi_generalizes_to_float64) {
  EXPECT_IR("function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + 0.5; return s }"
            "for (let k = 0; k < 5; k++) f(4); f",
            "f64 = Phi", "Float64Add");
}

/* Folding and value numbering: a check of a constant folds; equal floating nodes merge. */
TEST(graph_optimize_folds_and_numbers) {
  char *ir = build_with("function f(x) { return (x * 2.5) + (x * 2.5) } for (let k = 0; k < 5; k++) f(1.5); f", true);
  EXPECT(strstr(ir, "Float64Constant[2.5]") != NULL);
  EXPECT(strstr(ir, "CheckNumber(n") != NULL);
  const char *first = strstr(ir, "Float64Mul"), *second = first ? strstr(first + 1, "Float64Mul") : NULL;
  EXPECT(first && !second);   /* one multiplication left */
  free(ir);
}

/* Scheduling hoists a loop-invariant multiplication out of the loop. */
TEST(graph_schedule_hoists_loop_invariants) {
  char *ir = build_with("function f(n, x) { const k = x * 2.5; let s = 0; for (let i = 0; i < n; i++) s = s + k * k; return s }"
                        "for (let j = 0; j < 5; j++) f(3, 1.5); f", true);
  const char *loop = strstr(ir, "loop header");
  const char *mul = strstr(ir, "= Float64Mul(n"), *mul2 = mul ? strstr(mul + 1, "= Float64Mul(n") : NULL;
  EXPECT(loop && mul && mul2);
  if (loop && mul2) EXPECT(mul2 < loop);   /* both multiplications before the loop header */
  EXPECT(block_of_text(ir, "Float64Add") != NULL);
  free(ir);
}
