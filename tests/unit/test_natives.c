/*
 * test_natives.c - --allow-natives-syntax end to end: the runtime-function
 * table (names, ids, counts), the parser (CALL_RUNTIME nodes, SyntaxErrors
 * for unknown names / wrong counts / spread, `%` as the remainder without
 * the flag), the SharedFunctionInfo marks the optimization intrinsics set
 * (including %OptimizeOsr's, which no status bit shows), and %DebugPrint on
 * every kind of value with its output captured (it prints addresses, so the
 * JS tests cannot compare it), and CallRuntime in --print-bytecode. Runs
 * under the GC-stress flags of CI too.
 *
 * Invariant: every test restores FLAG_allow_natives_syntax to false.
 */
#include <stdlib.h>
#include <unistd.h>

#include "base/flags.h"
#include "interp/interpreter.h"
#include "objects/object.h"
#include "objects/string.h"
#include "parser/parser.h"
#include "runtime/natives.h"
#include "runtime/ops.h"
#include "test.h"

TEST(natives_table) {
#define X(name, argc, fn)                                                       \
  EXPECT_EQ_INT(natives_lookup(#name, strlen(#name)), NATIVES_##name);          \
  EXPECT_STREQ(natives_name(NATIVES_##name), #name);                            \
  EXPECT_EQ_INT(natives_arg_count(NATIVES_##name), argc);
  NATIVES_LIST(X)
#undef X
  EXPECT_EQ_INT(natives_lookup("Foo", 3), -1);
  EXPECT_EQ_INT(natives_lookup("DebugPrin", 9), -1);
  EXPECT_EQ_INT(natives_lookup("DebugPrintX", 11), -1);
  EXPECT_EQ_INT(natives_lookup("", 0), -1);
  EXPECT_STREQ(natives_name(NATIVES_COUNT), "?");
  /* V8's counts (src/runtime/runtime.h) for the ones with a fixed count. */
  EXPECT_EQ_INT(natives_arg_count(NATIVES_GetOptimizationStatus), 1);
  EXPECT_EQ_INT(natives_arg_count(NATIVES_HaveSameMap), 2);
  EXPECT_EQ_INT(natives_arg_count(NATIVES_IsBeingInterpreted), 0);
  EXPECT_EQ_INT(natives_arg_count(NATIVES_OptimizeFunctionOnNextCall), NATIVES_VARARGS);
  /* V8's OptimizationStatus values. */
  EXPECT_EQ_INT(OPT_STATUS_IsFunction, 1);
  EXPECT_EQ_INT(OPT_STATUS_Interpreted, 128);
  EXPECT_EQ_INT(OPT_STATUS_MarkedForOptimization, 256);
  EXPECT_EQ_INT(OPT_STATUS_IsExecuting, 2048);
  EXPECT_EQ_INT(OPT_STATUS_TopmostFrameIsInterpreted, 65536);
  EXPECT_EQ_INT(OPT_STATUS_OptimizeOnNextCallOptimizesToMaglev, 1 << 20);
}

/* Parses src as a script; returns the dump (malloc'd) or the error message. */
static char *parse_dump(const char *src) {
  ParseOptions o = {0};
  ParseError err;
  Ast *ast = parser_parse(src, strlen(src), &o, &err);
  if (!ast) return strdup(err.message);
  char *d = ast_dump_string(&ast->program->h);
  ast_free(ast);
  return d;
}

TEST(natives_parser) {
  FLAG_allow_natives_syntax = true;
  char *d = parse_dump("x = %HaveSameMap(a, b)");
  EXPECT(strstr(d, "CALL_RUNTIME %HaveSameMap") != NULL);
  free(d);
  d = parse_dump("%Foo()");
  EXPECT_STREQ(d, "Unknown runtime function %Foo");
  free(d);
  d = parse_dump("%DebugPrint(...a)");
  EXPECT(strstr(d, "spread") != NULL);
  free(d);
  d = parse_dump("%HaveSameMap(a)");
  EXPECT(strstr(d, "wrong number of arguments") != NULL);
  free(d);
  d = parse_dump("a %b(c)");   /* after an operand: the remainder */
  EXPECT(strstr(d, "BINARY %") != NULL && strstr(d, "CALL_RUNTIME") == NULL);
  free(d);
  FLAG_allow_natives_syntax = false;
  d = parse_dump("a %b(c)");
  EXPECT(strstr(d, "BINARY %") != NULL);
  free(d);
  d = parse_dump("%IsBeingInterpreted()");
  EXPECT(strstr(d, "unexpected token '%'") != NULL);
  free(d);
}

/* Runs src in a fresh runtime with the flag on, stdout captured into out
 * (size n). Returns true when the script completed without exception. */
static bool run_captured(const char *src, char *out, size_t n, Runtime **keep) {
  FLAG_allow_natives_syntax = true;
  fflush(stdout);
  FILE *tmp = tmpfile();
  CHECK(tmp);
  int saved = dup(1);
  CHECK(saved >= 0 && dup2(fileno(tmp), 1) >= 0);
  Runtime *rt = rd_runtime_new();
  rd_value r = rd_eval(rt, src, strlen(src), "natives.js", 0);
  if (!r) rt->exception = VALUE_EMPTY;
  fflush(stdout);
  CHECK(dup2(saved, 1) >= 0);
  close(saved);
  rewind(tmp);
  size_t got = fread(out, 1, n - 1, tmp);
  out[got] = 0;
  fclose(tmp);
  FLAG_allow_natives_syntax = false;
  if (keep) *keep = rt;
  else rd_runtime_free(rt);
  return r != VALUE_EMPTY;
}

TEST(natives_debug_print_every_kind_of_value) {
  static char out[1 << 20];
  const char *src =
      "var r = [];"
      "function D(x) { r.push(%DebugPrint(x) === x || Number.isNaN(x)); }"
      "D(0); D(-1); D(2147483647); D(1.5); D(-0); D(NaN); D(Infinity);"
      "D(undefined); D(null); D(true); D(false);"
      "D(''); D('abc'); D('abc' + Math.random()); D('x'.repeat(200)); D('\\u2603 snow');"
      "D(Symbol()); D(Symbol('desc')); D(Symbol.iterator);"
      "D([]); D([1, 2, 3]); D([1, , 3]); D([1.5, 2.5]); D([1.5, , 2]); D(['a', {}]); D([, 'a']);"
      "var big = []; big[100000] = 1; D(big);"
      "var many = []; for (var i = 0; i < 500; i++) many.push(i % 7); D(many);"
      "var o = {a: 1, b: 'x', c: 1.5, get d() { return 1; }}; D(o);"
      "var slow = {a: 1, b: 2}; delete slow.a; D(slow);"
      "var huge = {}; for (var i = 0; i < 300; i++) huge['p' + i] = i; D(huge);"
      "var idx = {}; idx[5] = 'five'; idx[1e9] = 'far'; D(idx);"
      "D(Object.create(null)); D(Object.freeze({z: 1}));"
      "function f(a, b) { return a + b; } f(1, 2); D(f);"
      "%PrepareFunctionForOptimization(f); %OptimizeFunctionOnNextCall(f); %NeverOptimizeFunction(f); D(f);"
      "D(function () {}); D(() => 1); D(function* g() {}); D(async function h() {}); D(class K {});"
      "D(Math.max); D(Object); D(f.bind(null));"
      "D(new Number(1)); D(new String('s')); D(new Boolean(false)); D(Object(Symbol('w')));"
      "D(new Date(0)); D(new Error('e')); D(Math); D(JSON); D(globalThis);"
      "D(Promise.resolve(1)); D((function* () {})()); D(arguments => 1);"
      "(function () { D(arguments); })(1, 2);"
      "D([].values());"
      "%CollectGarbage(0); D(o); D(many);"
      "if (!r.every(x => x)) throw new Error('DebugPrint did not return its argument');";
  bool ok = run_captured(src, out, sizeof out, NULL);
  EXPECT(ok);
  EXPECT(strstr(out, "DebugPrint: Smi: 0x0 (0)") != NULL);
  EXPECT(strstr(out, "DebugPrint: Smi: 0xffffffff (-1)") != NULL);
  EXPECT(strstr(out, "DebugPrint: Number: 1.5") != NULL);
  EXPECT(strstr(out, "DebugPrint: Number: -0") != NULL);
  EXPECT(strstr(out, "DebugPrint: Number: NaN") != NULL);
  EXPECT(strstr(out, "DebugPrint: [Oddball]: <undefined>") != NULL);
  EXPECT(strstr(out, "DebugPrint: [Oddball]: <null>") != NULL);
  EXPECT(strstr(out, "#abc") != NULL);
  EXPECT(strstr(out, "<Symbol: desc>") != NULL);
  EXPECT(strstr(out, "[PACKED_INT32]") != NULL);
  EXPECT(strstr(out, "[HOLEY_INT32]") != NULL);
  EXPECT(strstr(out, "[PACKED_DOUBLE]") != NULL);
  EXPECT(strstr(out, "[HOLEY_DOUBLE]") != NULL);
  EXPECT(strstr(out, "[PACKED]") != NULL);
  EXPECT(strstr(out, "[HOLEY]") != NULL);
  EXPECT(strstr(out, "[DICTIONARY]") != NULL);
  EXPECT(strstr(out, "100000: 1") != NULL);
  EXPECT(strstr(out, "[DictionaryProperties]") != NULL);
  EXPECT(strstr(out, "#b: 2 (data, wec)") != NULL);
  EXPECT(strstr(out, "#c: 1.5 (data field, wec, double") != NULL);
  EXPECT(strstr(out, "(accessor descriptor") != NULL);
  EXPECT(strstr(out, "<SharedFunctionInfo f>") != NULL);
  EXPECT(strstr(out, " - kind: native (built-in)") != NULL);
  EXPECT(strstr(out, "never-optimize prepared") != NULL);
  EXPECT(strstr(out, "[Map] in OldSpace") != NULL);
  EXPECT(strstr(out, "    ...\n") != NULL);   /* long lists are cut */
}

/* The marks of the optimization intrinsics, read from the SFI as the
 * optimizing compiler will. */
static uint32_t global_fn_flags(Runtime *rt, const char *name) {
  HANDLE_SCOPE(rt);
  Handle k = handle_new(rt, string_internalize_cstr(rt, name));
  rd_value f = js_get(rt, ROOT_SLOT(rt, global_object), k);
  CHECK(f && value_has_type(f, TYPE_JS_FUNCTION));
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared);
  return (uint32_t)value_to_int32(s->flags);
}

TEST(natives_optimization_marks) {
  char out[256];
  Runtime *rt;
  bool ok = run_captured(
      "function a() {} function b() {} function c() {} function d() {}"
      "function o() { for (var i = 0; i < 3; i++) if (i == 1) %OptimizeOsr(); }"
      "function outer() { inner(); } function inner() { %OptimizeOsr(1); }"
      "%PrepareFunctionForOptimization(a); %OptimizeFunctionOnNextCall(a);"
      "%OptimizeFunctionOnNextCall(b); %NeverOptimizeFunction(b);"
      "%OptimizeFunctionOnNextCall(c); %DeoptimizeFunction(c);"
      "%NeverOptimizeFunction(d); %OptimizeFunctionOnNextCall(d);"
      "%PrepareFunctionForOptimization(o); o(); outer();",
      out, sizeof out, &rt);
  EXPECT(ok);
  uint32_t mask = SFI_NEVER_OPTIMIZE | SFI_PREPARED_FOR_OPTIMIZATION | SFI_MARKED_FOR_OPTIMIZATION | SFI_MARKED_FOR_OSR;
  EXPECT_EQ_INT(global_fn_flags(rt, "a") & mask, SFI_PREPARED_FOR_OPTIMIZATION | SFI_MARKED_FOR_OPTIMIZATION);
  EXPECT_EQ_INT(global_fn_flags(rt, "b") & mask, SFI_NEVER_OPTIMIZE);
  EXPECT_EQ_INT(global_fn_flags(rt, "c") & mask, 0);
  EXPECT_EQ_INT(global_fn_flags(rt, "d") & mask, SFI_NEVER_OPTIMIZE);
  EXPECT_EQ_INT(global_fn_flags(rt, "o") & mask, SFI_PREPARED_FOR_OPTIMIZATION | SFI_MARKED_FOR_OSR);
  EXPECT_EQ_INT(global_fn_flags(rt, "outer") & mask, SFI_MARKED_FOR_OSR);
  EXPECT_EQ_INT(global_fn_flags(rt, "inner") & mask, 0);
  rd_runtime_free(rt);
  /* Prepare gives the closure its feedback vector before any call. */
  ok = run_captured("function p(x) { return x + 1; } %PrepareFunctionForOptimization(p);", out, sizeof out, &rt);
  EXPECT(ok);
  {
    HANDLE_SCOPE(rt);
    Handle k = handle_new(rt, string_internalize_cstr(rt, "p"));
    rd_value f = js_get(rt, ROOT_SLOT(rt, global_object), k);
    EXPECT(f && value_has_type(((JSFunction *)value_to_ptr(f))->feedback, TYPE_FEEDBACK_VECTOR));
  }
  rd_runtime_free(rt);
}

TEST(natives_bytecode) {
  char out[8192];
  FLAG_print_bytecode = true;
  bool ok = run_captured("var o = {}; %HaveSameMap(o, o); %IsBeingInterpreted();", out, sizeof out, NULL);
  FLAG_print_bytecode = false;
  EXPECT(ok);
  EXPECT(strstr(out, "CallRuntime %HaveSameMap, r") != NULL);
  EXPECT(strstr(out, ", 2\n") != NULL);
  EXPECT(strstr(out, "CallRuntime %IsBeingInterpreted, r") != NULL);
}
