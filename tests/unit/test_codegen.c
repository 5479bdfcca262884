/*
 * test_codegen.c - the bytecode generator and interpreter end to end:
 * JavaScript source is parsed, analyzed, compiled and run, and what it
 * printed (through a test `print` native) is compared with the expected
 * text. Every case also runs under the GC-stress flags of CI.
 *
 * Invariant: each case gets a fresh runtime; an uncaught exception prints
 * "uncaught: <message>" so failures show up in the compared output.
 */
#include <stdlib.h>

#include "bytecode/generator.h"
#include "interp/interp_ops.h"
#include "objects/object.h"
#include "objects/string.h"
#include "parser/parser.h"
#include "parser/scope.h"
#include "runtime/ops.h"
#include "test.h"

static char output[16384];
static size_t output_len;

static void out_append(const char *s, size_t n) {
  if (output_len + n >= sizeof output) n = sizeof output - 1 - output_len;
  memcpy(output + output_len, s, n);
  output_len += n;
  output[output_len] = 0;
}

/* Appends the string value of v (or "?" when ToString fails). */
static void out_value(Runtime *rt, rd_value v) {
  HANDLE_SCOPE(rt);
  Handle h = handle_new(rt, v);
  rd_value s = js_to_string(rt, h);
  if (!s) {
    runtime_clear_exception(rt);
    out_append("?", 1);
    return;
  }
  size_t n;
  char *u = string_to_utf8(s, &n);
  if (u) out_append(u, n);
  free(u);
}

static rd_value test_print(Runtime *rt, NativeArgs *a) {
  for (uint32_t i = 0; i < a->argc; i++) {
    if (i) out_append(" ", 1);
    out_value(rt, a->argv[i]);
  }
  out_append("\n", 1);
  return VALUE_UNDEFINED;
}

/* Runs src in a fresh runtime; returns what it printed. */
static const char *run(const char *src) {
  output_len = 0;
  output[0] = 0;
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle key = handle_new(rt, string_internalize_cstr(rt, "print"));
    Handle fn = handle_new(rt, native_function_new(rt, "print", test_print, 1));
    CHECK(js_set(rt, ROOT_SLOT(rt, global_object), key, fn, true));
    rd_value r = compiler_run_script(rt, src, strlen(src), "test.js");
    if (!r) {
      out_append("uncaught: ", 10);
      rd_value e = rt->exception;
      rt->exception = VALUE_EMPTY;
      out_value(rt, e);
      out_append("\n", 1);
    }
    EXPECT(rt->sp == rt->stack);
  }
  rd_runtime_free(rt);
  return output;
}

#define EXPECT_JS(src, expected)                       \
  do {                                                 \
    const char *got_ = run(src);                       \
    EXPECT_STREQ(got_, expected);                      \
  } while (0)

TEST(codegen_literals_and_operators) {
  EXPECT_JS("print(1 + 2, 'a' + 1, 7 / 2, 7 % 3, 2 ** 10, -(3), +'4', ~5, !0)",
            "3 a1 3.5 1 1024 -3 4 -6 true\n");
  EXPECT_JS("print(1 < 2, 2 <= 1, 'b' > 'a', 3 >= 3, 1 == '1', 1 === '1', null == undefined, 1 != 2)",
            "true false true true true false true true\n");
  EXPECT_JS("print(5 & 3, 5 | 3, 5 ^ 3, 1 << 4, -16 >> 2, -1 >>> 28)", "1 7 6 16 -4 15\n");
  EXPECT_JS("print(typeof 1, typeof 'x', typeof undefined, typeof null, typeof {}, typeof print, typeof nope)",
            "number string undefined object object function undefined\n");
  EXPECT_JS("print(void 1, (1, 2, 3), true ? 'y' : 'n', 0 || 'd', 1 && 2, null ?" "? 'z', 0 ?" "? 'z')",
            "undefined 3 y d 2 z 0\n");
}

TEST(codegen_variables_and_scopes) {
  EXPECT_JS("var a = 1; let b = 2; const c = 3; { let b = 20; print(a, b, c); } print(b)", "1 20 3\n2\n");
  EXPECT_JS("try { x; let x = 1; } catch (e) { print(e) }",
            "ReferenceError: Cannot access 'x' before initialization\n");
  EXPECT_JS("const k = 1; try { k = 2 } catch (e) { print(e) } print(k)",
            "TypeError: Assignment to constant variable 'k'.\n1\n");
  EXPECT_JS("try { undefinedName } catch (e) { print(e) }", "ReferenceError: undefinedName is not defined\n");
  EXPECT_JS("var g = 5; print(globalThis === undefined ? 0 : 1, typeof g)", "1 number\n");
  EXPECT_JS("function f() { return typeof hoisted; function hoisted() {} } print(f())", "function\n");
  EXPECT_JS("x = 10; print(x); var y; print(y)", "10\nundefined\n");
}

TEST(codegen_functions_and_closures) {
  EXPECT_JS("function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } print(fib(20))", "6765\n");
  EXPECT_JS("function counter() { let n = 0; return () => ++n; } const c = counter(); c(); c(); print(c())",
            "3\n");
  EXPECT_JS("var fs = []; for (let i = 0; i < 3; i++) fs[fs.length] = () => i; print(fs[0](), fs[1](), fs[2]())",
            "0 1 2\n");
  EXPECT_JS("function f(a, b = a + 1, ...rest) { return a + ',' + b + ',' + rest.length } print(f(1), f(1, 5, 6, 7))",
            "1,2,0 1,5,2\n");
  EXPECT_JS("function f() { return arguments.length + arguments[1] } print(f(1, 2, 3))", "5\n");
  EXPECT_JS("const o = { x: 2, m() { return this.x } }; print(o.m())", "2\n");
  EXPECT_JS("var fact = function self(n) { return n ? n * self(n - 1) : 1 }; print(fact(5))", "120\n");
  EXPECT_JS("function outer() { var v = 'o'; function inner() { return v } return inner } print(outer()())", "o\n");
  EXPECT_JS("function F(x) { this.x = x } F.prototype.get = function () { return this.x }; print(new F(7).get())",
            "7\n");
  EXPECT_JS("function f(...a) { return a.length } print(f(...[1, 2, 3], 4))", "4\n");
}

TEST(codegen_control_flow) {
  EXPECT_JS("let s = 0; for (let i = 0; i < 10; i++) { if (i % 2) continue; if (i > 6) break; s += i } print(s)",
            "12\n");
  EXPECT_JS("let i = 0; while (true) { if (++i > 4) break } do { i-- } while (i > 2); print(i)", "2\n");
  EXPECT_JS("outer: for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) { if (j == 1) continue outer; "
            "if (i == 2) break outer; print(i, j) }",
            "0 0\n1 0\n");
  EXPECT_JS("function f(x) { switch (x) { case 1: return 'one'; case 2: case 3: return 'few'; default: return 'many' } }"
            " print(f(1), f(3), f(9))",
            "one few many\n");
  EXPECT_JS("let r = ''; switch (2) { case 1: r += 'a'; case 2: r += 'b'; case 3: r += 'c'; break; case 4: r += 'd' } print(r)",
            "bc\n");
}

TEST(codegen_exceptions_and_finally) {
  EXPECT_JS("try { throw 1 } catch (e) { print('caught', e) } finally { print('finally') }",
            "caught 1\nfinally\n");
  EXPECT_JS("function f() { try { return 'try' } finally { print('cleanup') } } print(f())", "cleanup\ntry\n");
  EXPECT_JS("function f() { try { throw 1 } finally { return 'override' } } print(f())", "override\n");
  EXPECT_JS("for (var i = 0; i < 3; i++) { try { if (i == 1) continue; if (i == 2) break; print('body', i) } "
            "finally { print('fin', i) } }",
            "body 0\nfin 0\nfin 1\nfin 2\n");
  EXPECT_JS("function g() { throw 'deep' } function f() { g() } try { f() } catch (e) { print(e) }", "deep\n");
  EXPECT_JS("try { try { throw 'a' } finally { print('inner') } } catch (e) { print('outer', e) }",
            "inner\nouter a\n");
}

TEST(codegen_objects_arrays_destructuring) {
  EXPECT_JS("const k = 'dyn'; const o = { a: 1, 'b': 2, [k]: 3, 4: 'four', get g() { return 'got' } };"
            " print(o.a, o.b, o.dyn, o[4], o.g)",
            "1 2 3 four got\n");
  EXPECT_JS("const a = [1, , 3, ...[4, 5]]; print(a.length, a[1], a[4])", "5 undefined 5\n");
  EXPECT_JS("const { a, b: { c = 5 } = {}, ...rest } = { a: 1, x: 2, y: 3 }; print(a, c, rest.x, rest.y, rest.a)",
            "1 5 2 3 undefined\n");
  EXPECT_JS("const [x, , y = 9, ...z] = [1, 2, undefined, 4, 5]; print(x, y, z.length, z[0], z[1])", "1 9 2 4 5\n");
  EXPECT_JS("let p, q; [p, q] = [1, 2]; [p, q] = [q, p]; print(p, q)", "2 1\n");
  EXPECT_JS("const o = { a: 1 }; o.a += 5; o['a'] *= 2; o.b ?" "?= 'B'; print(o.a, o.b, delete o.a, 'a' in o)",
            "12 B true false\n");
  EXPECT_JS("const o = { ...{ a: 1, b: 2 }, b: 3 }; print(o.a, o.b)", "1 3\n");
  EXPECT_JS("const o = null; print(o?.x, o?.x.y.z, ({ f() { return 1 } }).f?.())", "undefined undefined 1\n");
}

TEST(codegen_loops_over_objects) {
  EXPECT_JS("const o = { b: 1, a: 2, 1: 'x', 0: 'y' }; let s = ''; for (const k in o) s += k; print(s)", "01ba\n");
  EXPECT_JS("const o = { a: 1, b: 2, c: 3 }; let s = ''; for (const k in o) { delete o.b; s += k } print(s)", "ac\n");
  EXPECT_JS("let s = 0; for (const v of [1, 2, 3]) s += v; print(s)", "6\n");
  EXPECT_JS("let s = ''; for (const ch of 'héllo') s = ch + s; print(s)", "olléh\n");
  EXPECT_JS("const fs = []; for (const v of [1, 2]) fs[fs.length] = () => v; print(fs[0](), fs[1]())", "1 2\n");
}

TEST(codegen_templates_and_misc) {
  EXPECT_JS("const n = 3; print(`a${n}b${n + 1}c`, `plain`)", "a3b4c plain\n");
  EXPECT_JS("function tag(s, ...v) { return s.raw[0] + '|' + s.raw[1] + '|' + s[1].length + '|' + v[0] + v[1] } print(tag`x${1}y\\n${2}`)", "x|y\\n|2|12\n");
  EXPECT_JS("function site() { return (s => s)`a` } print(site() === site())", "true\n");
  EXPECT_JS("var o = { p: 1 }; with (o) { p = 2; var q = p + 1 } print(o.p, q)", "2 3\n");
  EXPECT_JS("function A() {} print(new A() instanceof A, {} instanceof A, new A instanceof Object)", "true false true\n");
}

/* The feedback vector records call targets and binary operation types. */
TEST(codegen_feedback_vector) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    const char *src = "function add(a, b) { return a + b } add(1, 2); add(1.5, 2); add;";
    rd_value f = compiler_run_script(rt, src, strlen(src), "fb.js");
    EXPECT(f && value_has_type(f, TYPE_JS_FUNCTION));
    if (f && value_has_type(f, TYPE_JS_FUNCTION)) {
      rd_value fv = ((JSFunction *)value_to_ptr(f))->feedback;
      EXPECT(value_has_type(fv, TYPE_FEEDBACK_VECTOR));
      if (value_has_type(fv, TYPE_FEEDBACK_VECTOR)) {
        EXPECT(FIXED_ARRAY(fv)->data[feedback_slot_index(0)] == value_from_int32(3));   /* int32 | number */
        EXPECT(FIXED_ARRAY(fv)->data[FV_OPTIMIZED_CODE] == VALUE_UNDEFINED);
        EXPECT(value_to_int32(FIXED_ARRAY(fv)->data[FV_BUDGET]) < FEEDBACK_BUDGET);   /* returns spent some */
      }
    }
  }
  rd_runtime_free(rt);
}

/* Scope analysis puts captured bindings in contexts, others in registers or
 * parameter slots, top-level vars on the global object. */
TEST(codegen_scope_allocation) {
  const char *src = "var g; let top = 1; function f(p, q) { let local = p; let cap = q; return () => cap; }";
  ParseOptions o = {.goal = PARSE_GOAL_SCRIPT};
  ParseError err;
  Ast *ast = parser_parse(src, strlen(src), &o, &err);
  EXPECT(ast != NULL);
  if (!ast) return;
  ScopeAnalysis sa;
  EXPECT(scope_analyze(&sa, ast));
  Scope *top = sa.top;
  Variable *g = NULL, *t = NULL;
  for (Variable *v = top->vars; v; v = v->next) {
    if (atom_equals_ascii(v->name, "g")) g = v;
    if (atom_equals_ascii(v->name, "top")) t = v;
  }
  EXPECT(g && g->location == LOC_GLOBAL);
  EXPECT(t && t->location == LOC_SCRIPT);   /* the realm-wide lexical record */
  Node *fdecl = ast->program->body.items[2];
  Scope *fs = scope_of(&sa, fdecl);
  EXPECT(fs && fs->kind == SCOPE_FUNCTION && fs->needs_context && fs->context_slots == 1);
  if (fs) {
    for (Variable *v = fs->vars; v; v = v->next) {
      if (atom_equals_ascii(v->name, "p")) EXPECT(v->location == LOC_PARAM && v->index == 1);
      if (atom_equals_ascii(v->name, "q")) EXPECT(v->location == LOC_PARAM && v->index == 2);
      if (atom_equals_ascii(v->name, "local")) EXPECT(v->location == LOC_REGISTER);
      if (atom_equals_ascii(v->name, "cap")) EXPECT(v->location == LOC_CONTEXT && v->index == 0);
    }
  }
  scope_analysis_free(&sa);
  ast_free(ast);
}

/* The disassembler names registers, constants, jump targets and handlers. */
TEST(codegen_disassembler) {
  const char *src = "function f(a) { try { return a + 1 } catch (e) { return 0 } }";
  ParseOptions o = {.goal = PARSE_GOAL_SCRIPT};
  ParseError err;
  Ast *ast = parser_parse(src, strlen(src), &o, &err);
  EXPECT(ast != NULL);
  if (!ast) return;
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    rd_value fn = compiler_compile_script(rt, ast, NULL);
    EXPECT(fn != VALUE_EMPTY);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    compiler_print_bytecode(fn, f);
    fclose(f);
    EXPECT(strstr(buf, "function f:") != NULL);
    EXPECT(strstr(buf, "AddSmi 1, #") != NULL);
    EXPECT(strstr(buf, "Ldar a0") != NULL);
    EXPECT(strstr(buf, "handlers:") != NULL);
    EXPECT(strstr(buf, "CreateClosure [") != NULL);
    free(buf);
  }
  rd_runtime_free(rt);
  ast_free(ast);
}

/* Generators suspend and resume with their registers; return() runs finally blocks. */
TEST(codegen_generators) {
  EXPECT_JS("function* g(a) { var b = yield a + 1; try { yield b * 2; } finally { print('f'); } }"
            "var it = g(1); print(it.next().value, it.next(5).value, it.return(9).value, it.next().done)",
            "f\n2 10 9 true\n");
  EXPECT_JS("function* inner() { yield 1; return 'r'; } function* outer() { print(yield* inner()); yield 2; }"
            "print([...outer()].join())",
            "r\n1,2\n");
}

/* Promise jobs run after the script; await resumes in a job. */
TEST(codegen_async_and_jobs) {
  EXPECT_JS("async function f(x) { print('in'); var v = await x; print('after', v); return v + 1 }"
            "f(1).then(v => print('then', v)); print('sync')",
            "in\nsync\nafter 1\nthen 2\n");
  EXPECT_JS("async function* ag() { yield 1; yield 2; }"
            "(async () => { for await (const v of ag()) print(v); })()",
            "1\n2\n");
}

/* Private names: fields, methods, accessors, brand checks. */
TEST(codegen_private_members) {
  EXPECT_JS("class A { #x = 1; #m() { return this.#x } get #g() { return 2 } static has(o) { return #x in o }"
            " t() { return this.#m() + this.#g } } print(new A().t(), A.has(new A()), A.has({}))",
            "3 true false\n");
}

/* Top-level let/const/class of one script are visible to the next one. */
TEST(codegen_script_lexicals_shared) {
  output_len = 0;
  output[0] = 0;
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle key = handle_new(rt, string_internalize_cstr(rt, "print"));
    Handle fn = handle_new(rt, native_function_new(rt, "print", test_print, 1));
    CHECK(js_set(rt, ROOT_SLOT(rt, global_object), key, fn, true));
    const char *s1 = "let a = 1; const b = 2; class C {}";
    const char *s2 = "print(a + b, typeof C, 'a' in globalThis); try { b = 3 } catch (e) { print(e.name) }";
    const char *s3 = "let a = 5;";
    EXPECT(compiler_run_script(rt, s1, strlen(s1), "1.js") != VALUE_EMPTY);
    EXPECT(compiler_run_script(rt, s2, strlen(s2), "2.js") != VALUE_EMPTY);
    EXPECT(compiler_run_script(rt, s3, strlen(s3), "3.js") == VALUE_EMPTY);   /* redeclaration */
    rt->exception = VALUE_EMPTY;
  }
  rd_runtime_free(rt);
  EXPECT_STREQ(output, "3 function false\nTypeError\n");
}

/* Direct eval sees the caller's bindings; sloppy eval vars join the caller's scope. */
TEST(codegen_eval_and_function_constructor) {
  EXPECT_JS("function f() { var x = 1; eval('var y = x + 1'); return y } print(f(), eval('2 * 3'))", "2 6\n");
  EXPECT_JS("print(new Function('a', 'b', 'return a * b')(6, 7), Function('return typeof this')())",
            "42 object\n");
}
