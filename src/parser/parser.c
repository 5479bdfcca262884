/*
 * parser.c - the parser's entry points and shared machinery: error
 * reporting with line/column, token helpers, node allocation, the scratch
 * list stack, the nesting limit, and declaration scopes (the early errors for
 * redeclarations: let/const/class vs var/function/params/catch params, and
 * the Annex B.3.3 function-in-block hoisting decision).
 *
 * Invariants: the first error wins (later reports are ignored) and every
 * parse function returns NULL/false once p->err is set; scopes live in the
 * arena until the parse ends (Annex B needs them after they are closed).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "parser/parser_internal.h"

/* ---- errors ---- */

/* Line and UTF-16 column of a byte offset, by scanning from the start. */
static void position_of(const Parser *p, uint32_t off, uint32_t *line, uint32_t *col) {
  const uint8_t *s = p->lx.src;
  uint32_t n = p->lx.len, l = 1, c = 1;
  if (off > n) off = n;
  for (uint32_t i = 0; i < off;) {
    uint8_t b = s[i];
    if (b == '\n' || (b == '\r' && !(i + 1 < n && s[i + 1] == '\n'))) {
      l++; c = 1; i++; continue;
    }
    if (b == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
      l++; c = 1; i += 3; continue;
    }
    if (b < 0x80) { c += (b != '\r'); i++; }
    else if (b >= 0xF0) { c += 2; i += 4; }
    else if (b >= 0xE0) { c++; i += 3; }
    else if (b >= 0xC0) { c++; i += 2; }
    else i++;
  }
  *line = l;
  *col = c;
}

void *parser_error(Parser *p, uint32_t offset, const char *fmt, ...) {
  ParseError *e = p->err;
  if (e->kind != PARSE_ERROR_NONE) return NULL;
  e->kind = PARSE_ERROR_SYNTAX;
  e->offset = offset;
  position_of(p, offset, &e->line, &e->column);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
  p->lx.tok.kind = TOK_ERROR;
  return NULL;
}

void *parser_unexpected(Parser *p) {
  const Token *t = &p->lx.tok;
  if (t->kind == TOK_ERROR) return NULL;
  if (t->kind == TOK_EOF) return parser_error(p, t->start, "unexpected end of input");
  if (t->kind == TOK_IDENTIFIER || TOK_IS_KEYWORD(t->kind)) {
    char name[64];
    atom_to_utf8(t->atom, name, sizeof name);
    return parser_error(p, t->start, "unexpected token '%s'", name);
  }
  return parser_error(p, t->start, "unexpected token '%s'", lexer_token_name(t->kind));
}

bool parser_failed(const Parser *p) { return p->err->kind != PARSE_ERROR_NONE; }

static void oom(Parser *p) {
  ParseError *e = p->err;
  if (e->kind != PARSE_ERROR_NONE) return;
  e->kind = PARSE_ERROR_OOM;
  e->offset = p->lx.tok.start;
  position_of(p, e->offset, &e->line, &e->column);
  snprintf(e->message, sizeof e->message, "out of memory");
  p->lx.tok.kind = TOK_ERROR;
}

/* ---- tokens ---- */

void parser_next(Parser *p) { lexer_next(&p->lx); }

bool parser_at(const Parser *p, TokenKind k) { return p->lx.tok.kind == k; }

bool parser_eat(Parser *p, TokenKind k) {
  if (p->lx.tok.kind != k) return false;
  lexer_next(&p->lx);
  return true;
}

bool parser_expect(Parser *p, TokenKind k) {
  if (p->lx.tok.kind == k) {
    lexer_next(&p->lx);
    return true;
  }
  if (p->lx.tok.kind == TOK_ERROR) return false;
  if (p->lx.tok.kind == TOK_EOF)
    parser_error(p, p->lx.tok.start, "expected '%s' but found end of input", lexer_token_name(k));
  else
    parser_error(p, p->lx.tok.start, "expected '%s'", lexer_token_name(k));
  return false;
}

bool parser_at_contextual(const Parser *p, WellKnownAtom wk) {
  const Token *t = &p->lx.tok;
  return t->kind == TOK_IDENTIFIER && t->atom == p->wk[wk] && !t->escaped;
}

TokenKind parser_peek(Parser *p, bool *nl_before, Atom **atom) {
  LexerState s;
  lexer_save(&p->lx, &s);
  lexer_next(&p->lx);
  TokenKind k = (TokenKind)p->lx.tok.kind;
  bool escaped = p->lx.tok.escaped;
  if (nl_before) *nl_before = p->lx.tok.nl_before;
  if (atom) *atom = p->lx.tok.atom;
  if (k == TOK_ERROR) {
    /* a lexical error past the current token is reported when reached */
    p->err->kind = PARSE_ERROR_NONE;
    k = TOK_EOF;
  }
  if (k == TOK_IDENTIFIER && escaped && atom && *atom) {
    /* callers compare atoms for contextual keywords; escaped ones never are */
    *atom = NULL;
  }
  lexer_restore(&p->lx, &s);
  return k;
}

void parser_peek2(Parser *p, TokenKind *k1, bool *nl1, Atom **a1, TokenKind *k2, bool *nl2) {
  LexerState s;
  lexer_save(&p->lx, &s);
  lexer_next(&p->lx);
  *k1 = (TokenKind)p->lx.tok.kind;
  *nl1 = p->lx.tok.nl_before;
  *a1 = *k1 == TOK_IDENTIFIER && !p->lx.tok.escaped ? p->lx.tok.atom : NULL;
  *k2 = TOK_EOF;
  *nl2 = false;
  if (*k1 != TOK_ERROR && *k1 != TOK_EOF) {
    lexer_next(&p->lx);
    *k2 = (TokenKind)p->lx.tok.kind;
    *nl2 = p->lx.tok.nl_before;
  }
  /* a lexical error past the current token is reported when reached */
  if (*k1 == TOK_ERROR || *k2 == TOK_ERROR) p->err->kind = PARSE_ERROR_NONE;
  if (*k1 == TOK_ERROR) *k1 = TOK_EOF;
  if (*k2 == TOK_ERROR) *k2 = TOK_EOF;
  lexer_restore(&p->lx, &s);
}

bool parser_consume_semicolon(Parser *p) {
  const Token *t = &p->lx.tok;
  if (t->kind == TOK_SEMICOLON) {
    lexer_next(&p->lx);
    return true;
  }
  if (t->kind == TOK_RBRACE || t->kind == TOK_EOF || t->nl_before) return true;
  parser_unexpected(p);
  return false;
}

bool parser_enter(Parser *p) {
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  bool deep_stack = p->stack_base > here && p->stack_base - here > PARSER_MAX_STACK;
  if (++p->depth > PARSER_MAX_DEPTH || deep_stack) {
    if (p->err->kind == PARSE_ERROR_NONE) {
      parser_error(p, p->lx.tok.start, "too much nesting");
      p->err->kind = PARSE_ERROR_NESTING;
    }
    return false;
  }
  return true;
}

void parser_leave(Parser *p) { p->depth--; }

/* ---- nodes and lists ---- */

void *parser_alloc(Parser *p, size_t n) {
  void *r = arena_alloc(p->arena, n);
  if (!r) oom(p);
  return r;
}

uint32_t parser_node_column(Parser *p, uint32_t line_start, uint32_t off) {
  return lexer_column(&p->lx, line_start, off);
}

void *parser_node(Parser *p, NodeKind kind, size_t size) {
  Node *n = parser_alloc(p, size);
  if (!n) return NULL;
  const Token *t = &p->lx.tok;
  n->kind = (uint8_t)kind;
  n->start = t->start;
  n->end = t->end;
  n->line = t->line;
  n->column = lexer_column(&p->lx, t->line_start, t->start);
  return n;
}

void *parser_node_at(Parser *p, NodeKind kind, size_t size, const Node *from) {
  Node *n = parser_alloc(p, size);
  if (!n) return NULL;
  n->kind = (uint8_t)kind;
  n->start = from->start;
  n->end = from->end;
  n->line = from->line;
  n->column = from->column;
  return n;
}

void parser_finish(Parser *p, void *node) {
  Node *n = node;
  if (p->lx.prev_end > n->start) n->end = p->lx.prev_end;
}

bool parser_push(Parser *p, Node *n) {
  if (p->sp == p->stack_cap) {
    uint32_t cap = p->stack_cap ? p->stack_cap * 2 : 256;
    Node **s = realloc(p->stack, cap * sizeof(Node *));
    if (!s) { oom(p); return false; }
    p->stack = s;
    p->stack_cap = cap;
  }
  p->stack[p->sp++] = n;
  return true;
}

bool parser_pop_list(Parser *p, uint32_t base, NodeList *out) {
  uint32_t n = p->sp - base;
  out->count = n;
  out->items = NULL;
  if (n) {
    out->items = arena_dup(p->arena, p->stack + base, n * sizeof(Node *));
    if (!out->items) { oom(p); return false; }
  }
  p->sp = base;
  return true;
}

/* ---- scopes ---- */

PScope *parser_scope_push(Parser *p, PScopeKind kind) {
  PScope *s = parser_alloc(p, sizeof(PScope));
  if (!s) return NULL;
  s->parent = p->scope;
  s->kind = (uint8_t)kind;
  s->is_module = p->module && kind == PSCOPE_TOP && p->fs && p->fs->is_top;
  p->scope = s;
  return s;
}

void parser_scope_pop(Parser *p) { p->scope = p->scope->parent; }

DeclEntry *parser_scope_find(PScope *s, Atom *name) {
  if (s->index) {
    uint32_t i = name->hash & s->index_mask;
    while (s->index[i]) {
      DeclEntry *e = &s->entries[s->index[i] - 1];
      if (e->name == name) return e;
      i = (i + 1) & s->index_mask;
    }
    return NULL;
  }
  for (uint32_t i = 0; i < s->count; i++)
    if (s->entries[i].name == name) return &s->entries[i];
  return NULL;
}

static bool scope_reindex(Parser *p, PScope *s) {
  uint32_t size = 16;
  while (size < s->cap * 2) size *= 2;
  uint32_t *idx = parser_alloc(p, size * sizeof(uint32_t));
  if (!idx) return false;
  s->index = idx;
  s->index_mask = size - 1;
  for (uint32_t k = 0; k < s->count; k++) {
    uint32_t i = s->entries[k].name->hash & s->index_mask;
    while (idx[i]) i = (i + 1) & s->index_mask;
    idx[i] = k + 1;
  }
  return true;
}

static DeclEntry *scope_add(Parser *p, PScope *s, Atom *name, uint16_t flags,
                            uint32_t offset) {
  if (s->count == s->cap) {
    uint32_t cap = s->cap ? s->cap * 2 : 4;
    DeclEntry *e = parser_alloc(p, cap * sizeof(DeclEntry));
    if (!e) return NULL;
    if (s->count) memcpy(e, s->entries, s->count * sizeof(DeclEntry));
    s->entries = e;
    s->cap = cap;
    if (cap > 8 && !scope_reindex(p, s)) return NULL;
  }
  DeclEntry *e = &s->entries[s->count++];
  e->name = name;
  e->flags = flags;
  e->offset = offset;
  if (s->index) {
    uint32_t i = name->hash & s->index_mask;
    while (s->index[i]) i = (i + 1) & s->index_mask;
    s->index[i] = s->count;
  }
  return e;
}

bool parser_name_set_add(Parser *p, PScope *set, Atom *name, uint32_t offset, bool *dup) {
  *dup = parser_scope_find(set, name) != NULL;
  return *dup || scope_add(p, set, name, D_LEXICAL, offset) != NULL;
}

static bool redeclared(Parser *p, Atom *name, uint32_t offset) {
  char buf[64];
  parser_error(p, offset, "redeclaration of '%s'", atom_to_utf8(name, buf, sizeof buf));
  return false;
}

bool parser_declare(Parser *p, Atom *name, uint16_t flag, uint32_t offset) {
  PScope *s = p->scope;
  if (flag == D_VAR) {
    PScope *top = p->fs->var_scope;
    for (;; s = s->parent) {
      DeclEntry *e = parser_scope_find(s, name);
      if (e) {
        if (e->flags & (D_LEX_ANY | D_CATCH_PAT)) return redeclared(p, name, offset);
        e->flags |= D_VAR;
      } else if (!scope_add(p, s, name, D_VAR, offset)) {
        return false;
      }
      if (s == top || !s->parent) break;
    }
    return true;
  }
  DeclEntry *e = parser_scope_find(s, name);
  if (flag == D_TOP_FUNC) {
    if (e) {
      if (e->flags & D_LEX_ANY) return redeclared(p, name, offset);
      e->flags |= D_TOP_FUNC;
      return true;
    }
    return scope_add(p, s, name, D_TOP_FUNC, offset) != NULL;
  }
  if (flag == D_PARAM) {
    if (e) { e->flags |= D_PARAM; return true; }
    return scope_add(p, s, name, D_PARAM, offset) != NULL;
  }
  if (e) {
    if (flag == D_SLOPPY_FN && e->flags == D_SLOPPY_FN) return true;
    return redeclared(p, name, offset);
  }
  return scope_add(p, s, name, flag, offset) != NULL;
}

typedef struct DeclarePatternData {
  uint16_t flag;
} DeclarePatternData;

/* Checks and declares one bound name of a pattern. */
static bool declare_bound(Parser *p, Identifier *id, void *data) {
  DeclarePatternData *d = data;
  Atom *name = id->name;
  if (d->flag != D_VAR && d->flag != D_PARAM && name == p->wk[WK_let]) {
    parser_error(p, id->h.start, "'let' cannot be a lexically bound name");
    return false;
  }
  if (p->fs->strict && (name == p->wk[WK_eval] || name == p->wk[WK_arguments])) {
    char buf[32];
    parser_error(p, id->h.start, "'%s' cannot be bound in strict mode",
                 atom_to_utf8(name, buf, sizeof buf));
    return false;
  }
  return parser_declare(p, name, d->flag, id->h.start);
}

bool parser_declare_pattern(Parser *p, Node *target, uint16_t flag) {
  DeclarePatternData d = {flag};
  return parser_bound_names(p, target, declare_bound, &d);
}

bool parser_finish_annexb(Parser *p, FuncState *fs) {
  for (uint32_t i = 0; i < fs->annexb_count; i++) {
    AnnexBCand *c = &fs->annexb[i];
    Atom *name = c->fn->name;
    bool ok = true;
    for (PScope *s = c->scope->parent; s; s = s->parent) {
      DeclEntry *e = parser_scope_find(s, name);
      if (s == fs->var_scope) {
        if (e && (e->flags & (D_LEX_ANY | D_PARAM))) ok = false;
        break;
      }
      if (e && (e->flags & (D_LEX_ANY | D_CATCH_PAT))) { ok = false; break; }
    }
    if (ok) {
      c->fn->annexb_hoist = true;
      /* the hoisted var conflicts with later checks like a var would */
      PScope *saved = p->scope;
      p->scope = c->scope->parent;
      FuncState *saved_fs = p->fs;
      p->fs = fs;
      bool r = parser_declare(p, name, D_VAR, c->fn->h.start);
      p->scope = saved;
      p->fs = saved_fs;
      if (!r) return false;
    }
  }
  return true;
}

/* ---- entry points ---- */

static Program *parse_program(Parser *p, bool is_eval) {
  Program *prog = parser_node(p, NODE_PROGRAM, sizeof(Program));
  if (!prog) return NULL;
  prog->h.start = 0;
  prog->h.line = 1;
  prog->h.column = 1;
  prog->is_module = p->module;
  prog->is_eval = is_eval;
  FuncState fs;
  parser_func_push(p, &fs, NULL, FUNC_NORMAL);
  fs.is_top = true;
  fs.strict = p->module || p->opts->strict;
  fs.await_ctx = p->module;
  fs.allow_return = false;
  uint32_t ef = is_eval ? p->opts->eval_flags : 0;
  fs.allow_new_target = (ef & EVAL_IN_FUNCTION) != 0;
  fs.allow_super_prop = (ef & EVAL_IN_METHOD) != 0;
  fs.allow_super_call = (ef & EVAL_IN_DERIVED_CTOR) != 0;
  fs.allow_arguments = !(ef & EVAL_IN_FIELD_INIT);
  fs.in_class_field = (ef & EVAL_IN_FIELD_INIT) != 0;
  if (!parser_scope_push(p, PSCOPE_TOP)) return NULL;
  fs.var_scope = p->scope;
  p->scope->is_module = p->module;
  parser_next(p);
  if (parser_failed(p)) return NULL;
  bool use_strict = false;
  uint32_t base = p->sp;
  if (!parser_parse_directives(p, &use_strict)) return NULL;
  prog->has_use_strict = use_strict;
  if (!parse_statement_list(p, TOK_EOF, base, &prog->body)) return NULL;
  prog->strict = fs.strict;
  if (!parser_finish_annexb(p, &fs)) return NULL;
  if (p->module && !parser_check_module_exports(p)) return NULL;
  prog->uses_this = p->uses.this_ > 0;
  prog->contains_direct_eval = p->uses.direct_eval > 0;
  prog->inner_direct_eval = p->uses.total_eval > p->uses.direct_eval;
  prog->has_top_level_await = p->module && p->uses.await_expr > 0;
  prog->h.end = p->lx.len;
  parser_func_pop(p, &fs);
  return prog;
}

/* Sets up an Ast and parser over a copy of the source. */
static Ast *setup(Parser *p, const char *src, size_t len, const ParseOptions *opts,
                  ParseError *err) {
  memset(p, 0, sizeof *p);
  memset(err, 0, sizeof *err);
  err->filename = opts->filename ? opts->filename : "<input>";
  if (len > (size_t)UINT32_MAX - 64) {
    err->kind = PARSE_ERROR_SYNTAX;
    err->line = err->column = 1;
    snprintf(err->message, sizeof err->message, "source too large");
    return NULL;
  }
  Ast *ast = calloc(1, sizeof(Ast));
  if (!ast) goto nomem;
  arena_init(&ast->arena);
  ast->arena.limit = opts->memory_limit;
  if (!atom_table_init(&ast->atoms, &ast->arena)) goto nomem_ast;
  char *copy = arena_alloc(&ast->arena, len + 1);
  if (!copy) goto nomem_ast;
  memcpy(copy, src, len);
  ast->source = copy;
  ast->source_len = len;
  p->ast = ast;
  p->arena = &ast->arena;
  p->atoms = &ast->atoms;
  p->wk = ast->atoms.wk;
  p->err = err;
  p->opts = opts;
  p->module = opts->goal == PARSE_GOAL_MODULE;
  p->stack_base = (uintptr_t)__builtin_frame_address(0);
  lexer_init(&p->lx, copy, (uint32_t)len, p->module, p->arena, p->atoms, err);
  uint32_t bad = lexer_check_utf8(copy, (uint32_t)len);
  if (bad < len) {
    parser_error(p, bad, "invalid UTF-8 in source");
    ast_free(ast);
    return NULL;
  }
  return ast;
nomem_ast:
  ast_free(ast);
nomem:
  err->kind = PARSE_ERROR_OOM;
  err->line = err->column = 1;
  snprintf(err->message, sizeof err->message, "out of memory");
  return NULL;
}

static void teardown(Parser *p) {
  lexer_free(&p->lx);
  free(p->stack);
  free(p->export_locals);
  free(p->export_local_offsets);
  for (ClassState *c = p->cls; c; c = c->parent) {
    free(c->decls);
    free(c->refs);
  }
}

/* Makes eval's visible private names a pseudo-class around the code. */
static bool setup_eval_private_names(Parser *p, ClassState *cs) {
  memset(cs, 0, sizeof *cs);
  for (uint32_t i = 0; i < p->opts->private_name_count; i++) {
    const ParseName *n = &p->opts->private_names[i];
    Atom *a = atom_intern16(p->atoms, n->chars, n->length);
    if (!a) { oom(p); return false; }
    if (cs->decl_count == cs->decl_cap) {
      uint32_t cap = cs->decl_cap ? cs->decl_cap * 2 : 8;
      PrivDecl *d = realloc(cs->decls, cap * sizeof(PrivDecl));
      if (!d) { oom(p); return false; }
      cs->decls = d;
      cs->decl_cap = cap;
    }
    cs->decls[cs->decl_count].name = a;
    cs->decls[cs->decl_count].kind = PRIV_FIELD;
    cs->decls[cs->decl_count].is_static = false;
    cs->decl_count++;
  }
  p->cls = cs;
  return true;
}

Ast *parser_parse(const char *src, size_t len, const ParseOptions *opts, ParseError *err) {
  Parser p;
  ParseOptions defaults = {0};
  if (!opts) opts = &defaults;
  Ast *ast = setup(&p, src, len, opts, err);
  if (!ast) return NULL;
  ClassState eval_cls;
  bool has_eval_cls = opts->is_eval && opts->private_name_count > 0;
  if (has_eval_cls && !setup_eval_private_names(&p, &eval_cls)) goto fail;
  Program *prog = parse_program(&p, opts->is_eval);
  if (!prog || parser_failed(&p)) goto fail;
  if (has_eval_cls) {
    /* references outside any class in the eval code must name one of the
     * private names visible at the eval call */
    for (uint32_t i = 0; i < eval_cls.ref_count; i++) {
      bool found = false;
      for (uint32_t k = 0; k < eval_cls.decl_count && !found; k++)
        found = eval_cls.decls[k].name == eval_cls.refs[i].name;
      if (!found) {
        char buf[64];
        parser_error(&p, eval_cls.refs[i].offset, "private name %s is not defined",
                     atom_to_utf8(eval_cls.refs[i].name, buf, sizeof buf));
        goto fail;
      }
    }
  }
  ast->program = prog;
  ast->function_count = p.function_count;
  teardown(&p);
  return ast;
fail:
  if (err->kind == PARSE_ERROR_NONE) {
    err->kind = PARSE_ERROR_SYNTAX;
    snprintf(err->message, sizeof err->message, "syntax error");
  }
  teardown(&p);
  ast_free(ast);
  return NULL;
}

/* Parses src alone with the lexer/parser in a function context to check it
 * is exactly FormalParameters (params) or FunctionBody (body). */
static bool check_dynamic_part(const char *src, size_t len, bool is_params,
                               DynamicFunctionKind kind, const ParseOptions *opts,
                               ParseError *err) {
  /* Wrap so that the part must stand alone: a lone part is parsed as the
   * whole of a function's params/body; if the text closes the list or body
   * early, the wrapper sees leftover tokens and fails. */
  const char *prefix =
      kind == DYNAMIC_FUNCTION_ASYNC ? "(async function " :
      kind == DYNAMIC_FUNCTION_ASYNC_GENERATOR ? "(async function* " :
      kind == DYNAMIC_FUNCTION_GENERATOR ? "(function* " : "(function ";
  size_t plen = strlen(prefix);
  /* params: "(function (" P "\n) {})"   body: "(function () {\n" B "\n})"
   * (the line break lets the body start with an HTML close comment) */
  const char *mid1 = is_params ? "(" : "() {\n";
  const char *mid2 = is_params ? "\n) {})" : "\n})";
  size_t n = plen + strlen(mid1) + len + strlen(mid2);
  char *buf = malloc(n + 1);
  if (!buf) {
    memset(err, 0, sizeof *err);
    err->kind = PARSE_ERROR_OOM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return false;
  }
  snprintf(buf, n + 1, "%s%s", prefix, mid1);
  memcpy(buf + plen + strlen(mid1), src, len);
  memcpy(buf + plen + strlen(mid1) + len, mid2, strlen(mid2) + 1);
  ParseOptions o = *opts;
  o.goal = PARSE_GOAL_SCRIPT;
  o.is_eval = false;
  Ast *ast = parser_parse(buf, n, &o, err);
  bool ok = false;
  if (ast) {
    /* exactly one statement, the function expression whose params/body end
     * where the wrapper's do: the part did not escape its slot */
    Program *prog = ast->program;
    if (prog->body.count == 1 && prog->body.items[0]->kind == NODE_EXPR_STMT) {
      Node *e = ((ExprStmt *)prog->body.items[0])->expr;
      if (e->kind == NODE_FUNCTION_EXPR) {
        FunctionNode *fn = (FunctionNode *)e;
        uint32_t part_start = (uint32_t)(plen + strlen(mid1));
        uint32_t part_end = (uint32_t)(part_start + len);
        ok = is_params ? fn->body_start > part_end
                       : fn->body_start + 2 == part_start && fn->h.end == n - 1;
      }
    }
    ast_free(ast);
    if (!ok) {
      memset(err, 0, sizeof *err);
      err->kind = PARSE_ERROR_SYNTAX;
      err->filename = opts->filename ? opts->filename : "<input>";
      err->line = err->column = 1;
      snprintf(err->message, sizeof err->message, "invalid function %s",
               is_params ? "parameters" : "body");
    }
  }
  free(buf);
  return ok;
}

Ast *parser_parse_function(const char *params, size_t params_len, const char *body,
                           size_t body_len, DynamicFunctionKind kind,
                           const ParseOptions *opts, ParseError *err) {
  ParseOptions defaults = {0};
  if (!opts) opts = &defaults;
  ParseOptions o = *opts;
  o.goal = PARSE_GOAL_SCRIPT;
  o.strict = false;
  o.is_eval = false;
  if (params_len > (size_t)UINT32_MAX / 4 || body_len > (size_t)UINT32_MAX / 4) {
    memset(err, 0, sizeof *err);
    err->kind = PARSE_ERROR_SYNTAX;
    snprintf(err->message, sizeof err->message, "source too large");
    return NULL;
  }
  if (!check_dynamic_part(params, params_len, true, kind, &o, err)) return NULL;
  if (!check_dynamic_part(body, body_len, false, kind, &o, err)) return NULL;
  const char *head =
      kind == DYNAMIC_FUNCTION_ASYNC ? "async function anonymous(" :
      kind == DYNAMIC_FUNCTION_ASYNC_GENERATOR ? "async function* anonymous(" :
      kind == DYNAMIC_FUNCTION_GENERATOR ? "function* anonymous(" : "function anonymous(";
  const char *mid = "\n) {\n";
  const char *tail = "\n}";
  size_t hl = strlen(head), ml = strlen(mid), tl = strlen(tail);
  size_t n = hl + params_len + ml + body_len + tl;
  /* "(" + text + ")" makes it an expression statement */
  char *buf = malloc(n + 2);
  if (!buf) {
    memset(err, 0, sizeof *err);
    err->kind = PARSE_ERROR_OOM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return NULL;
  }
  buf[0] = '(';
  memcpy(buf + 1, head, hl);
  memcpy(buf + 1 + hl, params, params_len);
  memcpy(buf + 1 + hl + params_len, mid, ml);
  memcpy(buf + 1 + hl + params_len + ml, body, body_len);
  memcpy(buf + 1 + hl + params_len + ml + body_len, tail, tl);
  buf[n + 1] = ')';
  Ast *ast = parser_parse(buf, n + 2, &o, err);
  free(buf);
  if (!ast) return NULL;
  Program *prog = ast->program;
  if (prog->body.count != 1 || prog->body.items[0]->kind != NODE_EXPR_STMT ||
      ((ExprStmt *)prog->body.items[0])->expr->kind != NODE_FUNCTION_EXPR) {
    ast_free(ast);
    memset(err, 0, sizeof *err);
    err->kind = PARSE_ERROR_SYNTAX;
    err->filename = o.filename ? o.filename : "<input>";
    err->line = err->column = 1;
    snprintf(err->message, sizeof err->message, "invalid function source");
    return NULL;
  }
  FunctionNode *fn = (FunctionNode *)((ExprStmt *)prog->body.items[0])->expr;
  fn->h.flags &= (uint8_t)~NODE_FLAG_PARENS;
  fn->name = NULL; /* named "anonymous" but with no binding of that name */
  prog->dynamic_function = fn;
  return ast;
}
