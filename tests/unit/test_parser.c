/*
 * test_parser.c - unit tests of the parser: the AST shape of each kind of
 * construct (through ast_dump), cover grammars (arrows, destructuring),
 * optional chains, function flags, Annex B decisions, early errors in
 * scripts/strict code/modules, eval and new Function entries, error
 * positions and the nesting limit.
 */
#include <stdlib.h>

#include "parser/parser.h"
#include "test.h"

enum { SCRIPT, STRICT, MODULE };

static Ast *parse_as(const char *src, int mode, ParseError *err) {
  ParseOptions o = {0};
  o.goal = mode == MODULE ? PARSE_GOAL_MODULE : PARSE_GOAL_SCRIPT;
  o.strict = mode == STRICT;
  o.filename = "test.js";
  return parser_parse(src, strlen(src), &o, err);
}

/* True when src parses in mode (reports the error otherwise). */
static bool parses(const char *src, int mode) {
  ParseError err;
  Ast *ast = parse_as(src, mode, &err);
  if (!ast) return false;
  ast_free(ast);
  return true;
}

#define EXPECT_PARSES(src, mode)                                                   \
  do {                                                                            \
    ParseError e_;                                                                \
    Ast *a_ = parse_as(src, mode, &e_);                                           \
    if (!a_) test_fail(__FILE__, __LINE__, "%s: unexpected error: %s", src, e_.message); \
    ast_free(a_);                                                                 \
  } while (0)

#define EXPECT_FAILS(src, mode)                                                   \
  do {                                                                            \
    if (parses(src, mode)) test_fail(__FILE__, __LINE__, "%s: should not parse", src); \
  } while (0)

/* The dump of src's program (malloc'd; "" on a parse error). */
static char *dump_of(const char *src, int mode) {
  ParseError err;
  Ast *ast = parse_as(src, mode, &err);
  if (!ast) return strdup("");
  char *s = ast_dump_string(&ast->program->h);
  ast_free(ast);
  return s;
}

/* s without the indentation of its lines (in place). */
static char *unindent(char *s) {
  char *o = s;
  bool at_line_start = true;
  for (char *i = s; *i; i++) {
    if (at_line_start && *i == ' ') continue;
    at_line_start = *i == '\n';
    *o++ = *i;
  }
  *o = 0;
  return s;
}

/* The dump of src contains the lines of needle (indentation ignored). */
#define EXPECT_DUMP_HAS(src, mode, needle)                                          \
  do {                                                                             \
    char *d_ = unindent(dump_of(src, mode));                                       \
    char *n_ = unindent(strdup(needle));                                           \
    if (!strstr(d_, n_)) test_fail(__FILE__, __LINE__, "%s: dump lacks \"%s\":\n%s", src, n_, d_); \
    free(d_);                                                                      \
    free(n_);                                                                      \
  } while (0)

/* The first statement's expression. */
static Node *first_expr(Ast *ast) {
  Node *s = ast->program->body.items[0];
  return s->kind == NODE_EXPR_STMT ? ((ExprStmt *)s)->expr : s;
}

TEST(parser_program_shape) {
  ParseError err;
  Ast *ast = parse_as("var a = 1;\nlet b;\n'use strict';", SCRIPT, &err);
  EXPECT(ast != NULL);
  if (!ast) return;
  Program *p = ast->program;
  EXPECT_EQ_INT(p->h.kind, NODE_PROGRAM);
  EXPECT_EQ_INT(p->body.count, 3);
  EXPECT(!p->strict); /* not a directive: it follows other statements */
  VarDecl *v = (VarDecl *)p->body.items[0];
  EXPECT_EQ_INT(v->h.kind, NODE_VAR_DECL);
  EXPECT_EQ_INT(v->h.line, 1);
  EXPECT_EQ_INT(v->h.column, 1);
  EXPECT_EQ_INT(v->h.start, 0);
  EXPECT_EQ_INT(v->h.end, 10);
  VarDeclarator *d = (VarDeclarator *)v->decls.items[0];
  EXPECT_EQ_INT(((NumberLit *)d->init)->value, 1);
  Node *let = p->body.items[1];
  EXPECT_EQ_INT(let->line, 2);
  ast_free(ast);
}

TEST(parser_atoms_are_interned) {
  ParseError err;
  Ast *ast = parse_as("foo + foo; ({foo: 1}); 'foo'", SCRIPT, &err);
  EXPECT(ast != NULL);
  if (!ast) return;
  BinaryExpr *b = (BinaryExpr *)first_expr(ast);
  Atom *a1 = ((Identifier *)b->left)->name, *a2 = ((Identifier *)b->right)->name;
  EXPECT(a1 == a2);
  ObjectLit *o = (ObjectLit *)((ExprStmt *)ast->program->body.items[1])->expr;
  Property *pr = (Property *)o->properties.items[0];
  EXPECT(((StringLit *)pr->key)->value == a1);
  EXPECT(((StringLit *)((ExprStmt *)ast->program->body.items[2])->expr)->value == a1);
  EXPECT(atom_equals_ascii(a1, "foo"));
  ast_free(ast);
}

TEST(parser_expressions_precedence) {
  EXPECT_DUMP_HAS("a + b * c ** d ** e", SCRIPT,
                  "(BINARY +\n    (IDENTIFIER \"a\"\n    (BINARY *\n      (IDENTIFIER \"b\"\n"
                  "      (BINARY **\n        (IDENTIFIER \"c\"\n        (BINARY **");
  EXPECT_DUMP_HAS("a ?? (b || c)", SCRIPT, "(LOGICAL ??");
  EXPECT_DUMP_HAS("a = b ? c : d, e", SCRIPT, "(SEQUENCE\n    (ASSIGN =");
  EXPECT_DUMP_HAS("x &&= y", SCRIPT, "(ASSIGN &&=");
  EXPECT_DUMP_HAS("typeof a.b", SCRIPT, "(UNARY typeof\n    (MEMBER \"b\"");
  EXPECT_DUMP_HAS("new a.b(c)", SCRIPT, "(NEW\n    (MEMBER \"b\"\n      (IDENTIFIER \"a\"\n    (IDENTIFIER \"c\"");
  EXPECT_DUMP_HAS("new new X()()", SCRIPT, "(NEW\n    (NEW\n      (IDENTIFIER \"X\"");
  EXPECT_DUMP_HAS("a\n++b", SCRIPT, "(UPDATE prefix ++");
  EXPECT_FAILS("a ?? b || c", SCRIPT);
  EXPECT_FAILS("a || b ?? c", SCRIPT);
  EXPECT_FAILS("-a ** 2", SCRIPT);
  EXPECT_PARSES("(-a) ** 2", SCRIPT);
  EXPECT_FAILS("async function f() { await a ** 2 }", SCRIPT);
  EXPECT_FAILS("a + b = c", SCRIPT);
  EXPECT_FAILS("a++ = 1", SCRIPT);
}

TEST(parser_optional_chains) {
  /* the chain is one OPTIONAL_CHAIN; only the ?. links are optional */
  EXPECT_DUMP_HAS("a?.b.c(d)?.[e]", SCRIPT,
                  "(OPTIONAL_CHAIN\n    (INDEX optional\n      (CALL\n        (MEMBER \"c\"\n"
                  "          (MEMBER optional \"b\"\n            (IDENTIFIER \"a\"");
  /* parentheses end the chain */
  EXPECT_DUMP_HAS("(a?.b).c", SCRIPT, "(MEMBER \"c\"\n    (OPTIONAL_CHAIN parens");
  EXPECT_FAILS("a?.b = 1", SCRIPT);
  EXPECT_FAILS("a?.b++", SCRIPT);
  EXPECT_FAILS("a?.b`t`", SCRIPT);
  EXPECT_FAILS("new a?.b()", SCRIPT);
  EXPECT_PARSES("delete a?.b", SCRIPT);
  EXPECT_PARSES("a?.(1)?.[2]?.c", SCRIPT);
  EXPECT_PARSES("x = a ?.5 : 1", SCRIPT); /* ? .5 is a conditional */
}

TEST(parser_arrows_and_cover) {
  ParseError err;
  Ast *ast = parse_as("(a, {b, c: [d = 1]}, ...e) => a", SCRIPT, &err);
  EXPECT(ast != NULL);
  if (ast) {
    FunctionNode *f = (FunctionNode *)first_expr(ast);
    EXPECT_EQ_INT(f->h.kind, NODE_ARROW_FUNCTION);
    EXPECT_EQ_INT(f->kind, FUNC_ARROW);
    EXPECT_EQ_INT(f->params.count, 2);
    EXPECT_EQ_INT(f->params.items[1]->kind, NODE_OBJECT_PATTERN);
    EXPECT(f->rest != NULL && f->rest->kind == NODE_IDENTIFIER);
    EXPECT(f->is_expression_body);
    EXPECT(!f->simple_params);
    EXPECT(f->has_param_expressions);
    EXPECT_EQ_INT(f->length, 2);
    ast_free(ast);
  }
  EXPECT_DUMP_HAS("async x => x", SCRIPT, "(ARROW_FUNCTION arrow async");
  EXPECT_DUMP_HAS("async (x, y) => x", SCRIPT, "(ARROW_FUNCTION arrow async");
  EXPECT_DUMP_HAS("async(x, y)", SCRIPT, "(CALL\n    (IDENTIFIER \"async\"");
  EXPECT_DUMP_HAS("[a, [b], {c: d.e}] = f", SCRIPT, "(ASSIGN =\n    (ARRAY_PATTERN");
  EXPECT_DUMP_HAS("({a = 1} = b)", SCRIPT, "(OBJECT_PATTERN\n      (PROPERTY init shorthand");
  EXPECT_PARSES("() => {}", SCRIPT);
  EXPECT_PARSES("(a,) => a", SCRIPT);
  EXPECT_PARSES("x => y => z", SCRIPT);
  EXPECT_PARSES("a ? b => c : d => e", SCRIPT);
  EXPECT_PARSES("x => {}\n(1)", SCRIPT);
  EXPECT_FAILS("(a,)", SCRIPT);
  EXPECT_FAILS("()", SCRIPT);
  EXPECT_FAILS("(...a)", SCRIPT);
  EXPECT_FAILS("(a, ...b,) => 1", SCRIPT);
  EXPECT_FAILS("((a)) => 1", SCRIPT);
  EXPECT_FAILS("(a.b) => 1", SCRIPT);
  EXPECT_FAILS("(a, a) => 1", SCRIPT);
  EXPECT_FAILS("x\n=> 1", SCRIPT);
  EXPECT_FAILS("a + b => c", SCRIPT);
  EXPECT_FAILS("!() => 1", SCRIPT);
  EXPECT_FAILS("x => {} + 1", SCRIPT);
  EXPECT_FAILS("({a = 1})", SCRIPT);
  EXPECT_FAILS("[{a = 1}]", SCRIPT);
  EXPECT_PARSES("[{a = 1}] = x", SCRIPT);
  EXPECT_PARSES("({a = 1}) => a", SCRIPT);
  EXPECT_FAILS("({a}) = 1", SCRIPT);
  EXPECT_PARSES("[(a), b.c] = d", SCRIPT);
  EXPECT_FAILS("[(a = 1)] = d", SCRIPT);
  EXPECT_FAILS("[...a,] = b", SCRIPT);
  EXPECT_FAILS("({...{a}} = b)", SCRIPT);
  EXPECT_FAILS("function* g() { (a = yield) => 1 }", SCRIPT);
  EXPECT_FAILS("async function f() { (a = await 1) => 1 }", SCRIPT);
  EXPECT_FAILS("async (await) => 1", SCRIPT);
  EXPECT_FAILS("async(a = await) => 1", SCRIPT);
  EXPECT_PARSES("async(a = await)", SCRIPT);
  EXPECT_FAILS("'use strict'; (eval) => 1", SCRIPT);
  EXPECT_FAILS("(eval) => { 'use strict' }", SCRIPT);
  EXPECT_FAILS("(a = 1) => { 'use strict' }", SCRIPT);
  EXPECT_FAILS("({__proto__: 1, __proto__: 2})", SCRIPT);
  EXPECT_PARSES("({__proto__: a, __proto__: b} = c)", SCRIPT);
  EXPECT_PARSES("({__proto__: 1, ['__proto__']: 2, __proto__() {}})", SCRIPT);
}

TEST(parser_function_flags) {
  ParseError err;
  Ast *ast = parse_as("function f(a, b = 1) { return () => this.x + arguments[0] + eval('1'); }",
                      SCRIPT, &err);
  EXPECT(ast != NULL);
  if (ast) {
    FunctionNode *f = (FunctionNode *)ast->program->body.items[0];
    EXPECT_EQ_INT(f->h.kind, NODE_FUNCTION_DECL);
    EXPECT(f->uses_this);
    EXPECT(f->uses_arguments);
    EXPECT(f->contains_direct_eval);
    EXPECT(!f->simple_params);
    EXPECT_EQ_INT(f->length, 1);
    EXPECT(atom_equals_ascii(f->name, "f"));
    EXPECT(!ast->program->contains_direct_eval);
    EXPECT(ast->program->inner_direct_eval);
    /* toString range: the whole declaration */
    EXPECT_EQ_INT(f->h.start, 0);
    EXPECT_EQ_INT(f->h.end, strlen(ast->source));
    ast_free(ast);
  }
  ast = parse_as("class A extends B { constructor() { super(); } m() { return super.m(); } }",
                 SCRIPT, &err);
  EXPECT(ast != NULL);
  if (ast) {
    ClassNode *c = (ClassNode *)ast->program->body.items[0];
    EXPECT(c->constructor != NULL);
    EXPECT_EQ_INT(c->constructor->kind, FUNC_DERIVED_CONSTRUCTOR);
    EXPECT(c->constructor->uses_super_call);
    EXPECT(c->constructor->strict);
    ClassMember *m = (ClassMember *)c->members.items[0];
    EXPECT_EQ_INT(m->kind, CLASS_MEMBER_METHOD);
    EXPECT(m->value->uses_super_property);
    /* a method's text starts at its key */
    EXPECT(!strncmp(ast->source + m->value->h.start, "m()", 3));
    ast_free(ast);
  }
  ast = parse_as("function g(a, a) { 'use strict' }", SCRIPT, &err);
  EXPECT(ast == NULL);
  EXPECT_PARSES("function g(a, a) {}", SCRIPT);
}

TEST(parser_classes) {
  EXPECT_DUMP_HAS("class A { static #x = 1; get #y() {} set #y(v) {} static { } 'constructor'() {} }",
                  SCRIPT, "(CLASS_MEMBER static-block static");
  EXPECT_PARSES("class A { #x; m() { return #x in this; } }", SCRIPT);
  EXPECT_PARSES("class A { m() { class B { n() { this.#x } } } #x }", SCRIPT);
  EXPECT_PARSES("class A { static async *[x]() {} static get [y]() {} 'a' = 1; 2 = 3 }", SCRIPT);
  EXPECT_PARSES("class A { get\nx() {} static\ny() {} }", SCRIPT);
  EXPECT_PARSES("class A { a\n b }", SCRIPT);
  EXPECT_FAILS("class A { a b }", SCRIPT);
  EXPECT_FAILS("class A { constructor() {} constructor() {} }", SCRIPT);
  EXPECT_FAILS("class A { get constructor() {} }", SCRIPT);
  EXPECT_FAILS("class A { *constructor() {} }", SCRIPT);
  EXPECT_FAILS("class A { static prototype() {} }", SCRIPT);
  EXPECT_FAILS("class A { constructor = 1 }", SCRIPT);
  EXPECT_FAILS("class A { #constructor }", SCRIPT);
  EXPECT_FAILS("class A { #x; #x }", SCRIPT);
  EXPECT_FAILS("class A { get #x() {} static set #x(v) {} }", SCRIPT);
  EXPECT_FAILS("class A { m() { this.#y } }", SCRIPT);
  EXPECT_FAILS("this.#x", SCRIPT);
  EXPECT_FAILS("class A { #x; m() { delete this.#x } }", SCRIPT);
  EXPECT_FAILS("class A extends B { x = super() }", SCRIPT);
  EXPECT_FAILS("class A { constructor() { super() } }", SCRIPT);
  EXPECT_FAILS("class A { x = arguments }", SCRIPT);
  EXPECT_FAILS("class A { static { arguments } }", SCRIPT);
  EXPECT_FAILS("class A { static { await } }", SCRIPT);
  EXPECT_FAILS("class A { static { return } }", SCRIPT);
  EXPECT_PARSES("class A { static { var await2; () => { class await {} } } }", SCRIPT);
  EXPECT_FAILS("class A extends (o => o.#x) { #x }", SCRIPT);
  EXPECT_FAILS("class let {}", SCRIPT);
  EXPECT_FAILS("class A { m() { with (a) {} } }", SCRIPT);
  EXPECT_FAILS("if (1) class A {}", SCRIPT);
}

TEST(parser_statements) {
  EXPECT_DUMP_HAS("a: b: for (;;) continue a;", SCRIPT, "(CONTINUE \"a\" -> FOR");
  EXPECT_DUMP_HAS("a: { break a; }", SCRIPT, "(BREAK \"a\" -> LABELED");
  EXPECT_DUMP_HAS("for (var x = 1 in o);", SCRIPT, "(FOR_IN");
  EXPECT_DUMP_HAS("async function f() { for await (const x of y); }", SCRIPT, "(FOR_OF await");
  EXPECT_DUMP_HAS("do x; while (0) y", SCRIPT, "(DO_WHILE");
  EXPECT_DUMP_HAS("let\nx = 1", SCRIPT, "(VAR_DECL let");
  EXPECT_DUMP_HAS("if (a) let\nx", SCRIPT, "(IDENTIFIER \"let\"");
  EXPECT_DUMP_HAS("let = 1", SCRIPT, "(ASSIGN =\n    (IDENTIFIER \"let\"");
  EXPECT_DUMP_HAS("try {} catch {}", SCRIPT, "catch:");
  EXPECT_PARSES("for (let in x);", SCRIPT);
  EXPECT_PARSES("for (let.x in y);", SCRIPT);
  EXPECT_FAILS("for (let.x of y);", SCRIPT);
  EXPECT_FAILS("for (let of y);", SCRIPT);
  EXPECT_FAILS("for (async of y);", SCRIPT);
  EXPECT_PARSES("for (async of => {};;);", SCRIPT);
  EXPECT_PARSES("async function f() { for await (async of y); }", SCRIPT);
  EXPECT_FAILS("for (var x = 1 of y);", SCRIPT);
  EXPECT_FAILS("for (let x = 1 in y);", SCRIPT);
  EXPECT_FAILS("'use strict'; for (var x = 1 in y);", SCRIPT);
  EXPECT_FAILS("for (const x;;);", SCRIPT);
  EXPECT_FAILS("for (let [a];;);", SCRIPT);
  EXPECT_FAILS("for (var a, b of c);", SCRIPT);
  EXPECT_FAILS("for (a, b in c);", SCRIPT);
  EXPECT_FAILS("for (a **= b, c in d);", SCRIPT);
  EXPECT_PARSES("for (a, b; c; d, e);", SCRIPT);
  EXPECT_FAILS("for await (x of y);", SCRIPT);
  EXPECT_FAILS("if (a) let [b] = c", SCRIPT);
  EXPECT_FAILS("while (a) const b = 1", SCRIPT);
  EXPECT_FAILS("while (a) function f() {}", SCRIPT);
  EXPECT_FAILS("label: label: ;", SCRIPT);
  EXPECT_FAILS("a: { continue a; }", SCRIPT);
  EXPECT_FAILS("break;", SCRIPT);
  EXPECT_FAILS("continue;", SCRIPT);
  EXPECT_FAILS("switch (a) { case 1: continue; }", SCRIPT);
  EXPECT_FAILS("switch (a) { default: default: }", SCRIPT);
  EXPECT_FAILS("return;", SCRIPT);
  EXPECT_FAILS("throw\n1", SCRIPT);
  EXPECT_FAILS("try {}", SCRIPT);
  EXPECT_FAILS("a b", SCRIPT);
  EXPECT_PARSES("a\nb", SCRIPT);
  EXPECT_PARSES("return1: ;", SCRIPT);
  EXPECT_PARSES("function f() { return\n1 }", SCRIPT);
  EXPECT_PARSES("with (a) b", SCRIPT);
  EXPECT_FAILS("with (a) b", STRICT);
  EXPECT_PARSES("debugger;", SCRIPT);
  EXPECT_PARSES("yield: ;", SCRIPT);
  EXPECT_FAILS("yield: ;", STRICT);
  EXPECT_FAILS("function* g() { yield: ; }", SCRIPT);
}

TEST(parser_redeclarations) {
  EXPECT_FAILS("let a; var a;", SCRIPT);
  EXPECT_FAILS("var a; let a;", SCRIPT);
  EXPECT_FAILS("let a; let a;", SCRIPT);
  EXPECT_FAILS("const a = 1; function a() {}", SCRIPT);
  EXPECT_FAILS("{ var a; } let a;", SCRIPT);
  EXPECT_FAILS("{ let a; { var a; } }", SCRIPT);
  EXPECT_FAILS("function f(a) { let a; }", SCRIPT);
  EXPECT_FAILS("try {} catch (e) { let e; }", SCRIPT);
  EXPECT_FAILS("try {} catch ([e]) { var e; }", SCRIPT);
  EXPECT_FAILS("try {} catch ([e, e]) {}", SCRIPT);
  EXPECT_FAILS("for (let a;;) { var a; }", SCRIPT);
  EXPECT_FAILS("switch (0) { case 1: let a; case 2: let a; }", SCRIPT);
  EXPECT_FAILS("{ function f() {} let f; }", SCRIPT);
  EXPECT_FAILS("'use strict'; { function f() {} function f() {} }", SCRIPT);
  EXPECT_FAILS("{ function* f() {} function f() {} }", SCRIPT);
  EXPECT_FAILS("let let = 1;", SCRIPT);
  EXPECT_FAILS("function f() {} let f;", SCRIPT);
  EXPECT_PARSES("var a; var a; function a() {} function a() {}", SCRIPT);
  EXPECT_PARSES("function f(a) { var a; function a() {} }", SCRIPT);
  EXPECT_PARSES("try {} catch (e) { var e; }", SCRIPT);
  EXPECT_PARSES("try {} catch (e) { for (var e of []); }", SCRIPT);
  EXPECT_PARSES("{ function f() {} function f() {} }", SCRIPT);
  EXPECT_PARSES("let a; { let a; }", SCRIPT);
  EXPECT_FAILS("function f() {} function f() {}", MODULE);
  EXPECT_FAILS("var f; function f() {}", MODULE);
}

/* The FunctionNode of the first function declaration nested in a block. */
static FunctionNode *block_fn(Ast *ast, uint32_t stmt) {
  Node *s = ast->program->body.items[stmt];
  if (s->kind == NODE_BLOCK) return (FunctionNode *)((Block *)s)->body.items[0];
  if (s->kind == NODE_IF) return (FunctionNode *)((Block *)((IfStmt *)s)->consequent)->body.items[0];
  return NULL;
}

TEST(parser_annexb_hoisting) {
  ParseError err;
  Ast *ast = parse_as("{ function f() {} }\nlet g; { function g() {} }\nif (1) function h() {}",
                      SCRIPT, &err);
  EXPECT(ast != NULL);
  if (ast) {
    EXPECT(block_fn(ast, 0)->annexb_hoist);
    EXPECT(!block_fn(ast, 2)->annexb_hoist); /* conflicts with let g */
    EXPECT(block_fn(ast, 3)->annexb_hoist);
    ast_free(ast);
  }
  ast = parse_as("{ function f() {} }", STRICT, &err);
  EXPECT(ast != NULL);
  if (ast) {
    EXPECT(!block_fn(ast, 0)->annexb_hoist);
    ast_free(ast);
  }
  ast = parse_as("function o(f) { { function f() {} } }", SCRIPT, &err);
  EXPECT(ast != NULL);
  if (ast) {
    FunctionNode *o = (FunctionNode *)ast->program->body.items[0];
    FunctionNode *f = (FunctionNode *)((Block *)o->body.items[0])->body.items[0];
    EXPECT(!f->annexb_hoist); /* f is a parameter name */
    ast_free(ast);
  }
  EXPECT_FAILS("if (1) function* g() {}", SCRIPT);
  EXPECT_FAILS("if (1) function g() {}", STRICT);
  EXPECT_PARSES("l: function f() {}", SCRIPT);
  EXPECT_FAILS("l: function f() {}", STRICT);
  EXPECT_FAILS("if (1) l: function f() {}", SCRIPT);
  EXPECT_FAILS("while (1) l: function f() {}", SCRIPT);
}

TEST(parser_strict_mode) {
  const char *bad[] = {
      "var eval;", "arguments = 1;", "eval++;", "[arguments] = a;", "delete x;", "delete (x);",
      "010;", "08;", "'\\01';", "'\\8';", "var static;", "let implements;", "function f(a, a) {}",
      "function eval() {}", "({eval} = a);", "try {} catch (arguments) {}", "var yield;",
      "function f(eval) {}",
  };
  for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
    if (parses(bad[i], STRICT)) test_fail(__FILE__, __LINE__, "strict: %s should not parse", bad[i]);
    if (!parses(bad[i], SCRIPT)) test_fail(__FILE__, __LINE__, "sloppy: %s should parse", bad[i]);
  }
  EXPECT_FAILS("function f() { 'use strict'; var public; }", SCRIPT);
  EXPECT_FAILS("function f() { '\\01'; 'use strict'; }", SCRIPT);
  EXPECT_FAILS("function static() { 'use strict' }", SCRIPT);
  EXPECT_PARSES("function f() { 'use\\x20strict'; with (a) {} }", SCRIPT);
  EXPECT_PARSES("function f() { ('use strict'); with (a) {} }", SCRIPT);
  ParseError err;
  Ast *ast = parse_as("'a'\n'use strict'; x", SCRIPT, &err);
  EXPECT(ast && ast->program->strict && ast->program->has_use_strict);
  ast_free(ast);
  EXPECT_FAILS("`\\01`", SCRIPT);
  EXPECT_PARSES("tag`\\01`", SCRIPT);
}

TEST(parser_generators_async_yield_await) {
  EXPECT_DUMP_HAS("function* g() { yield* a; yield\nb }", SCRIPT, "(YIELD *");
  EXPECT_PARSES("function* g() { var o = { yield: 1 }; o.yield; }", SCRIPT);
  EXPECT_PARSES("var await; await = 1;", SCRIPT);
  EXPECT_FAILS("var await;", MODULE);
  EXPECT_FAILS("function* g() { var yield; }", SCRIPT);
  EXPECT_FAILS("function* g(a = yield) {}", SCRIPT);
  EXPECT_FAILS("async function f(a = await 1) {}", SCRIPT);
  EXPECT_FAILS("async function f() { var await; }", SCRIPT);
  EXPECT_FAILS("(function* yield() {})", SCRIPT);
  EXPECT_FAILS("(async function await() {})", SCRIPT);
  EXPECT_FAILS("function* g() { function yield() {} }", SCRIPT);
  EXPECT_FAILS("async function f() { function await() {} }", SCRIPT);
  EXPECT_PARSES("function* g() { (function yield() {}) }", SCRIPT);
  EXPECT_PARSES("async function f() { (function await() {}) }", SCRIPT);
  EXPECT_FAILS("function* g() { yi\\u0065ld: ; }", SCRIPT);
  EXPECT_FAILS("a = { async\nf() {} }", SCRIPT);
  EXPECT_PARSES("a = { async() {}, get() {}, set: 1, async: 2, get }", SCRIPT);
  ParseError err;
  Ast *ast = parse_as("await 1; for await (x of y);", MODULE, &err);
  EXPECT(ast && ast->program->has_top_level_await);
  ast_free(ast);
  ast = parse_as("async function f() { await 1 }", MODULE, &err);
  EXPECT(ast && !ast->program->has_top_level_await);
  ast_free(ast);
}

TEST(parser_reserved_words) {
  EXPECT_FAILS("var if;", SCRIPT);
  EXPECT_FAILS("var \\u0069f;", SCRIPT);
  EXPECT_FAILS("\\u0069f (1);", SCRIPT);
  EXPECT_PARSES("a.\\u0069f; ({ \\u0069f: 1 }); a.class; ({ if: 1, class() {} });", SCRIPT);
  EXPECT_FAILS("var enum;", SCRIPT);
  EXPECT_FAILS("({ if });", SCRIPT);
  EXPECT_PARSES("var let, static, implements;", SCRIPT);
  EXPECT_FAILS("l\\u0065t x = 1;", SCRIPT);
  EXPECT_FAILS("n\\u0065w X", SCRIPT);
  EXPECT_FAILS("new.t\\u0061rget", SCRIPT);
}

TEST(parser_contextual_expressions) {
  EXPECT_FAILS("new.target", SCRIPT);
  EXPECT_PARSES("function f() { new.target; () => new.target; }", SCRIPT);
  EXPECT_FAILS("super.x", SCRIPT);
  EXPECT_FAILS("function f() { super.x }", SCRIPT);
  EXPECT_PARSES("({ m() { super.x; () => super.y; } })", SCRIPT);
  EXPECT_FAILS("({ m() { function g() { super.x } } })", SCRIPT);
  EXPECT_FAILS("({ m() { super() } })", SCRIPT);
  EXPECT_FAILS("import.meta", SCRIPT);
  EXPECT_PARSES("import.meta.url; function f() { import.meta }", MODULE);
  EXPECT_PARSES("import('a'); import('a', { with: { type: 'json' } });", SCRIPT);
  EXPECT_FAILS("import()", SCRIPT);
  EXPECT_FAILS("new import('a')", SCRIPT);
  EXPECT_FAILS("new.target = 1", SCRIPT);
  EXPECT_FAILS("function f() { new.target = 1 }", SCRIPT);
  EXPECT_FAILS("function f() { ++new.target }", SCRIPT);
  EXPECT_FAILS("this = 1", SCRIPT);
  EXPECT_FAILS("f() = 1", STRICT);
  EXPECT_PARSES("f() = 1", SCRIPT); /* Annex B: a ReferenceError at runtime */
  EXPECT_FAILS("f() &&= 1", SCRIPT);
  EXPECT_FAILS("[f()] = 1", SCRIPT);
}

TEST(parser_modules) {
  EXPECT_DUMP_HAS("import a, * as b from 'm'; export { a as default, b as 'x y' };", MODULE,
                  "(IMPORT_SPECIFIER \"default\" as \"a\"");
  EXPECT_PARSES("import {a as b, 'c d' as e, default as f} from 'm' with { type: 'json' };", MODULE);
  EXPECT_PARSES("export * from 'm'; export * as ns from 'n'; export * as 'q' from 'o';", MODULE);
  EXPECT_PARSES("export default function () {} export const x = 1;", MODULE);
  EXPECT_PARSES("export default class {} ", MODULE);
  EXPECT_PARSES("export default async function f() {} f();", MODULE);
  EXPECT_PARSES("export default (1, 2);", MODULE);
  EXPECT_PARSES("export { if } from 'm';", MODULE);
  EXPECT_PARSES("var x; export { x }; import 'side-effect';", MODULE);
  EXPECT_PARSES("export { x }; var x;", MODULE);
  EXPECT_FAILS("export { x };", MODULE);
  EXPECT_FAILS("export { if };", MODULE);
  EXPECT_FAILS("export { 'a' };", MODULE);
  EXPECT_FAILS("var a, b; export { a as c, b as c };", MODULE);
  EXPECT_FAILS("export default 1; export default 2;", MODULE);
  EXPECT_FAILS("export var a; export let [a2, a] = b;", MODULE);
  EXPECT_FAILS("import { a } from 'm'; let a;", MODULE);
  EXPECT_FAILS("import { if } from 'm';", MODULE);
  EXPECT_FAILS("import { 'a' } from 'm';", MODULE);
  EXPECT_FAILS("import a from 'm' with { type: 'json', type: 'json' };", MODULE);
  EXPECT_FAILS("import a from 'm';", SCRIPT);
  EXPECT_FAILS("{ import a from 'm'; }", MODULE);
  EXPECT_FAILS("function f() { export var a; }", MODULE);
  EXPECT_FAILS("<!-- x", MODULE);
  EXPECT_FAILS("with (a) {}", MODULE);
  EXPECT_FAILS("export { '\\uD800' as x } from 'm';", MODULE);
}

TEST(parser_literals) {
  EXPECT_DUMP_HAS("[1, , 2, ...a, ]", SCRIPT, "(NUMBER_LIT 1\n    (HOLE)\n    (NUMBER_LIT 2\n    (SPREAD");
  EXPECT_DUMP_HAS("({ a, b: 1, [c]: 2, d() {}, get e() {}, set e(v) {}, ...f, 1: 1, 2n: 2 })", SCRIPT,
                  "(PROPERTY set");
  EXPECT_DUMP_HAS("/a(?<x>b)/dgv", SCRIPT, "(REGEXP_LIT \"a(?<x>b)\" \"dgv\"");
  EXPECT_DUMP_HAS("a / b / c", SCRIPT, "(BINARY /");
  EXPECT_DUMP_HAS("x = /=/", SCRIPT, "(REGEXP_LIT \"=\"");
  EXPECT_DUMP_HAS("`a${b}c${`d${e}`}`", SCRIPT, "(TEMPLATE_LIT \"d\"/\"d\" \"\"/\"\"");
  EXPECT_FAILS("({ get a(x) {} })", SCRIPT);
  EXPECT_FAILS("({ set a() {} })", SCRIPT);
  EXPECT_FAILS("({ set a(...x) {} })", SCRIPT);
  EXPECT_FAILS("({ a: 1 b: 2 })", SCRIPT);
  EXPECT_FAILS("({ 'a' })", SCRIPT);
  EXPECT_FAILS("/a/gg", SCRIPT);
  EXPECT_FAILS("`${a`", SCRIPT);
  EXPECT_FAILS("({ #x: 1 })", SCRIPT);
}

TEST(parser_error_positions) {
  ParseError err;
  Ast *ast = parse_as("var a;\n  let b = ;", SCRIPT, &err);
  EXPECT(ast == NULL);
  EXPECT_EQ_INT(err.kind, PARSE_ERROR_SYNTAX);
  EXPECT_EQ_INT(err.line, 2);
  EXPECT_EQ_INT(err.column, 11);
  char buf[256];
  parse_error_format(&err, buf, sizeof buf);
  EXPECT(!strncmp(buf, "test.js:2:11: SyntaxError: ", 27));
  ast = parse_as("\xC3\xA9\xC3\xA9 = 1; var var", SCRIPT, &err);
  EXPECT(ast == NULL);
  EXPECT_EQ_INT(err.line, 1);
  EXPECT_EQ_INT(err.column, 13);
  ast = parse_as("x = '\xFF'", SCRIPT, &err); /* invalid UTF-8 */
  EXPECT(ast == NULL);
  EXPECT_EQ_INT(err.column, 6);
}

TEST(parser_nesting_limit) {
  const char *opens[] = {"(", "[", "{", "!", "a=", "x=>", "function f(){", "new ", "a**", "if(a)",
                         "[{a:", "`${"};
  size_t n = 100000;
  char *src = malloc(n * 14 + 16);
  for (size_t k = 0; k < ARRAY_LEN(opens); k++) {
    size_t o = 0, l = strlen(opens[k]);
    for (size_t i = 0; i < n; i++) {
      memcpy(src + o, opens[k], l);
      o += l;
    }
    src[o] = 0;
    ParseError err;
    ParseOptions opt = {0};
    Ast *ast = parser_parse(src, o, &opt, &err);
    EXPECT(ast == NULL);
    if (err.kind != PARSE_ERROR_NESTING)
      test_fail(__FILE__, __LINE__, "%s x %zu: %s", opens[k], n, err.message);
    ast_free(ast);
  }
  free(src);
  /* moderate nesting is fine */
  char buf[4096];
  size_t o = 0;
  for (int i = 0; i < 300; i++) buf[o++] = '(';
  buf[o++] = 'a';
  for (int i = 0; i < 300; i++) buf[o++] = ')';
  buf[o] = 0;
  EXPECT_PARSES(buf, SCRIPT);
}

TEST(parser_eval_and_dynamic_function) {
  ParseOptions o = {0};
  o.is_eval = true;
  ParseError err;
  Ast *ast = parser_parse("new.target", 10, &o, &err);
  EXPECT(ast == NULL);
  o.eval_flags = EVAL_IN_FUNCTION;
  ast = parser_parse("new.target", 10, &o, &err);
  EXPECT(ast != NULL);
  ast_free(ast);
  ast = parser_parse("super.x", 7, &o, &err);
  EXPECT(ast == NULL);
  o.eval_flags = EVAL_IN_FUNCTION | EVAL_IN_METHOD | EVAL_IN_FIELD_INIT;
  ast = parser_parse("super.x; () => super.y", 22, &o, &err);
  EXPECT(ast != NULL);
  ast_free(ast);
  ast = parser_parse("arguments", 9, &o, &err);
  EXPECT(ast == NULL);
  static const uint16_t hx[] = {'#', 'x'};
  ParseName names[] = {{hx, 2}};
  o.private_names = names;
  o.private_name_count = 1;
  ast = parser_parse("this.#x; #x in this", 19, &o, &err);
  EXPECT(ast != NULL);
  ast_free(ast);
  ast = parser_parse("this.#y", 7, &o, &err);
  EXPECT(ast == NULL);

  ParseOptions d = {0};
  const char *params = "a, b = 1", *body = "return a + b";
  ast = parser_parse_function(params, strlen(params), body, strlen(body), DYNAMIC_FUNCTION_NORMAL,
                              &d, &err);
  EXPECT(ast != NULL);
  if (ast) {
    FunctionNode *fn = ast->program->dynamic_function;
    EXPECT(fn != NULL && fn->name == NULL);
    EXPECT_EQ_INT(fn->params.count, 2);
    size_t len = fn->h.end - fn->h.start;
    const char *want = "function anonymous(a, b = 1\n) {\nreturn a + b\n}";
    EXPECT_EQ_INT(len, strlen(want));
    EXPECT(!strncmp(ast->source + fn->h.start, want, strlen(want)));
    ast_free(ast);
  }
  const char *bad_params[] = {"a) { x(); } (function (", "/*", "a = yield"};
  for (size_t i = 0; i < ARRAY_LEN(bad_params); i++) {
    ast = parser_parse_function(bad_params[i], strlen(bad_params[i]), "", 0,
                                DYNAMIC_FUNCTION_GENERATOR, &d, &err);
    if (ast) test_fail(__FILE__, __LINE__, "params %s should fail", bad_params[i]);
    ast_free(ast);
  }
  const char *bad_bodies[] = {"}); x(); (function () {", "})", "super()"};
  for (size_t i = 0; i < ARRAY_LEN(bad_bodies); i++) {
    ast = parser_parse_function("", 0, bad_bodies[i], strlen(bad_bodies[i]),
                                DYNAMIC_FUNCTION_NORMAL, &d, &err);
    if (ast) test_fail(__FILE__, __LINE__, "body %s should fail", bad_bodies[i]);
    ast_free(ast);
  }
  ast = parser_parse_function("x", 1, "yield x", 7, DYNAMIC_FUNCTION_GENERATOR, &d, &err);
  EXPECT(ast != NULL && ast->program->dynamic_function->is_generator);
  ast_free(ast);
  ast = parser_parse_function("", 0, "-->", 3, DYNAMIC_FUNCTION_NORMAL, &d, &err);
  EXPECT(ast != NULL); /* an HTML close comment after the body's line break */
  ast_free(ast);
}

TEST(parser_hashbang_and_html_comments) {
  EXPECT_PARSES("#!/bin/x\n1", SCRIPT);
  EXPECT_PARSES("#!/bin/x\n1", MODULE);
  EXPECT_FAILS(" #!/bin/x\n1", SCRIPT);
  EXPECT_PARSES("x = 1 <!-- y\n--> z\n", SCRIPT);
  EXPECT_PARSES("--> first line\nx", SCRIPT);
  EXPECT_DUMP_HAS("x --> y", SCRIPT, "(BINARY >\n(UPDATE postfix --");
}

/* A stand-in regexp validator: rejects patterns containing "((". */
static bool fake_validator(void *ctx, const uint16_t *pattern, uint32_t length, uint32_t flags,
                           char *msg, size_t msgn) {
  int *calls = ctx;
  (*calls)++;
  for (uint32_t i = 0; i + 1 < length; i++) {
    if (pattern[i] == '(' && pattern[i + 1] == '(') {
      snprintf(msg, msgn, "nested group (flags %u)", flags);
      return false;
    }
  }
  return true;
}

TEST(parser_regexp_validator_hook) {
  int calls = 0;
  ParseOptions o = {0};
  o.validate_regexp = fake_validator;
  o.validate_regexp_ctx = &calls;
  ParseError err;
  Ast *ast = parser_parse("/(a)/g; x = /b/", 15, &o, &err);
  EXPECT(ast != NULL);
  EXPECT_EQ_INT(calls, 2);
  ast_free(ast);
  ast = parser_parse("function f() { return /((a))/u }", 33, &o, &err);
  EXPECT(ast == NULL);
  EXPECT(strstr(err.message, "nested group") != NULL);
  EXPECT_EQ_INT(err.column, 23);
}
