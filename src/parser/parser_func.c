/*
 * parser_func.c - functions of every kind: the per-function context
 * (FuncState: what yield/await/return/super/new.target/arguments mean
 * here), directive prologues ("use strict" and its retroactive checks),
 * formal parameters, bodies, arrow functions from their cover grammar,
 * class field initializers and static blocks.
 *
 * Invariants: a FunctionNode's uses_* flags count what its own code and its
 * nested arrows contain (p->uses is saved/reset at every non-arrow function
 * and restored after); params are declared in the function's top scope
 * before the body, so lexical body declarations that clash with them fail.
 */
#include <stdlib.h>

#include "parser/parser_internal.h"

void parser_func_push(Parser *p, FuncState *fs, FunctionNode *fn, FuncKind kind) {
  memset(fs, 0, sizeof *fs);
  FuncState *parent = p->fs;
  fs->parent = parent;
  fs->fn = fn;
  fs->kind = (uint8_t)kind;
  fs->strict = parent ? parent->strict : false;
  fs->allow_return = true;
  fs->allow_new_target = true;
  fs->allow_arguments = true;
  fs->saved_uses = p->uses;
  if (kind == FUNC_ARROW) {
    fs->is_arrow = true;
    if (parent) {
      fs->allow_super_prop = parent->allow_super_prop;
      fs->allow_super_call = parent->allow_super_call;
      fs->allow_new_target = parent->allow_new_target;
      fs->allow_arguments = parent->allow_arguments;
      fs->in_class_field = parent->in_class_field;
    }
  } else {
    uint32_t total = p->uses.total_eval;
    memset(&p->uses, 0, sizeof p->uses);
    p->uses.total_eval = total;
  }
  p->fs = fs;
}

void parser_func_pop(Parser *p, FuncState *fs) {
  FunctionNode *fn = fs->fn;
  Uses *u = &p->uses, *s = &fs->saved_uses;
  if (fs->is_arrow) {
    if (fn) {
      fn->uses_this = u->this_ > s->this_;
      fn->uses_arguments = u->arguments > s->arguments;
      fn->uses_super_property = u->super_prop > s->super_prop;
      fn->uses_super_call = u->super_call > s->super_call;
      fn->uses_new_target = u->new_target > s->new_target;
      fn->contains_direct_eval = u->direct_eval > s->direct_eval;
      fn->inner_direct_eval =
          u->total_eval - s->total_eval > u->direct_eval - s->direct_eval;
    }
    /* yield/await in an arrow's body never count for the enclosing code
     * (those in its params do: they were parsed as the caller's code) */
    const Uses *b = &fs->arrow_body_uses;
    u->yield_expr = b->yield_expr;
    u->yield_pos = b->yield_pos;
    u->await_expr = b->await_expr;
    u->await_pos = b->await_pos;
    u->await_ident = b->await_ident;
    u->await_ident_pos = b->await_ident_pos;
  } else {
    if (fn) {
      fn->uses_this = u->this_ > 0;
      fn->uses_arguments = u->arguments > 0;
      fn->uses_super_property = u->super_prop > 0;
      fn->uses_super_call = u->super_call > 0;
      fn->uses_new_target = u->new_target > 0;
      fn->contains_direct_eval = u->direct_eval > 0;
      fn->inner_direct_eval = u->total_eval - s->total_eval > u->direct_eval;
    }
    uint32_t total = u->total_eval;
    *u = *s;
    u->total_eval = total;
  }
  p->fs = fs->parent;
}

bool parser_strict_name_ok(const Parser *p, const Atom *a) {
  switch (a->wk) {
    case WK_eval: case WK_arguments: case WK_implements: case WK_interface:
    case WK_let: case WK_package: case WK_private: case WK_protected:
    case WK_public: case WK_static: case WK_yield:
      return false;
    default:
      return true;
  }
}

bool parser_parse_directives(Parser *p, bool *use_strict) {
  uint32_t first_octal = 0;
  *use_strict = false;
  while (p->lx.tok.kind == TOK_STRING) {
    uint32_t ts = p->lx.tok.start, te = p->lx.tok.end;
    uint32_t octal = p->lx.tok.octal_escape;
    Node *st = parse_statement(p, STMT_LIST);
    if (!st || !parser_push(p, st)) return false;
    if (st->kind != NODE_EXPR_STMT) break;
    Node *e = ((ExprStmt *)st)->expr;
    if (e->kind != NODE_STRING_LIT || (e->flags & NODE_FLAG_PARENS) ||
        e->start != ts || e->end != te)
      break;
    ((ExprStmt *)st)->directive = true;
    if (octal && !first_octal) first_octal = octal;
    if (te - ts == 12 && memcmp(p->lx.src + ts + 1, "use strict", 10) == 0) {
      *use_strict = true;
      p->fs->strict = true;
    }
    if (*use_strict && first_octal) {
      parser_error(p, first_octal - 1, "octal escape sequences are not allowed in strict mode");
      return false;
    }
  }
  return true;
}

/* Collects the bound names of params for the duplicate/strict checks. */
typedef struct ParamCheck {
  uint32_t dup_offset;     /* 1 + offset of the first duplicate */
  uint32_t bad_offset;     /* 1 + offset of a name strict code can't bind */
  bool check_strict_names;
} ParamCheck;

static bool param_name(Parser *p, Identifier *id, void *data) {
  ParamCheck *c = data;
  DeclEntry *e = parser_scope_find(p->scope, id->name);
  if (e && (e->flags & D_PARAM) && !c->dup_offset) c->dup_offset = id->h.start + 1;
  if (c->check_strict_names && !parser_strict_name_ok(p, id->name) && !c->bad_offset)
    c->bad_offset = id->h.start + 1;
  return parser_declare(p, id->name, D_PARAM, id->h.start);
}

/* True when a param pattern holds a default value or a computed key. */
static bool has_expressions(Node *n) {
  if (!n) return false;
  switch (n->kind) {
    case NODE_ASSIGN_PATTERN:
      return true;
    case NODE_ARRAY_PATTERN: {
      ArrayPattern *a = (ArrayPattern *)n;
      for (uint32_t i = 0; i < a->elements.count; i++)
        if (has_expressions(a->elements.items[i])) return true;
      return has_expressions(a->rest);
    }
    case NODE_OBJECT_PATTERN: {
      ObjectPattern *o = (ObjectPattern *)n;
      for (uint32_t i = 0; i < o->properties.count; i++) {
        Property *pr = (Property *)o->properties.items[i];
        if (pr->computed || has_expressions(pr->value)) return true;
      }
      return has_expressions(o->rest);
    }
    default:
      return false;
  }
}

/* Declares params, computes simple/length/duplicate info and checks names
 * that strict code forbids. Called once params are final. */
static bool declare_params(Parser *p, FunctionNode *fn, ParamCheck *pc) {
  bool simple = fn->rest == NULL;
  bool seen_default = false;
  uint32_t length = 0;
  for (uint32_t i = 0; i < fn->params.count; i++) {
    Node *prm = fn->params.items[i];
    if (prm->kind != NODE_IDENTIFIER) simple = false;
    if (prm->kind == NODE_ASSIGN_PATTERN) seen_default = true;
    if (!seen_default) length++;
    if (has_expressions(prm)) fn->has_param_expressions = true;
  }
  if (has_expressions(fn->rest)) fn->has_param_expressions = true;
  fn->simple_params = simple;
  fn->length = length;
  for (uint32_t i = 0; i < fn->params.count; i++)
    if (!parser_bound_names(p, fn->params.items[i], param_name, pc)) return false;
  if (fn->rest && !parser_bound_names(p, fn->rest, param_name, pc)) return false;
  return true;
}

/* The checks that depend on the final strictness of a function. */
static bool check_params_final(Parser *p, FunctionNode *fn, ParamCheck *pc,
                               Atom *name, uint32_t name_offset, bool became_strict) {
  bool strict = p->fs->strict;
  bool no_dups = strict || !fn->simple_params || fn->kind != FUNC_NORMAL;
  if (pc->dup_offset) {
    if (no_dups) {
      parser_error(p, pc->dup_offset - 1, "duplicate parameter name");
      return false;
    }
    fn->has_duplicate_params = true;
  }
  if (became_strict) {
    if (pc->bad_offset) {
      parser_error(p, pc->bad_offset - 1, "invalid parameter name in strict mode");
      return false;
    }
    if (name && !parser_strict_name_ok(p, name)) {
      parser_error(p, name_offset, "invalid function name in strict mode");
      return false;
    }
  }
  return true;
}

/* Parses `{ directives statements }` into fn->body; handles "use strict". */
static bool parse_function_body(Parser *p, FunctionNode *fn, ParamCheck *pc, Atom *name,
                                uint32_t name_offset) {
  fn->body_start = p->lx.tok.start;
  if (!parser_expect(p, TOK_LBRACE)) return false;
  bool was_strict = p->fs->strict;
  bool use_strict = false;
  uint32_t base = p->sp;
  if (!parser_parse_directives(p, &use_strict)) return false;
  fn->has_use_strict = use_strict;
  if (use_strict && !fn->simple_params) {
    parser_error(p, fn->body_start,
                 "\"use strict\" not allowed in a function with non-simple parameters");
    return false;
  }
  if (!check_params_final(p, fn, pc, name, name_offset, use_strict && !was_strict))
    return false;
  if (!parse_statement_list(p, TOK_RBRACE, base, &fn->body)) return false;
  if (!parser_finish_annexb(p, p->fs)) return false;
  return parser_expect(p, TOK_RBRACE);
}

/* Sets the context rules of a new function's FuncState. */
static void set_context(FuncState *fs, const FuncSpec *spec) {
  fs->yield_ctx = spec->is_generator;
  fs->await_ctx = spec->is_async;
  switch (spec->kind) {
    case FUNC_METHOD: case FUNC_GETTER: case FUNC_SETTER:
      fs->allow_super_prop = true;
      break;
    case FUNC_CLASS_CONSTRUCTOR:
      fs->allow_super_prop = true;
      break;
    case FUNC_DERIVED_CONSTRUCTOR:
      fs->allow_super_prop = true;
      fs->allow_super_call = true;
      break;
    default:
      break;
  }
}

FunctionNode *parse_function_rest(Parser *p, const FuncSpec *spec, Atom *name,
                                  uint32_t name_offset) {
  if (!parser_enter(p)) return NULL;
  FunctionNode *fn = parser_alloc(p, sizeof(FunctionNode));
  if (!fn) return NULL;
  fn->h.kind = (uint8_t)spec->node_kind;
  fn->h.start = spec->start;
  fn->h.line = spec->line;
  fn->h.column = parser_node_column(p, spec->line_start, spec->start);
  fn->kind = (uint8_t)spec->kind;
  fn->is_async = spec->is_async;
  fn->is_generator = spec->is_generator;
  fn->name = name;
  fn->function_id = p->function_count++;
  FuncState fs;
  parser_func_push(p, &fs, fn, spec->kind);
  set_context(&fs, spec);
  if (!parser_scope_push(p, PSCOPE_TOP)) return NULL;
  fs.var_scope = p->scope;
  /* formal parameters */
  fs.in_params = true;
  if (!parser_expect(p, TOK_LPAREN)) return NULL;
  uint32_t base = p->sp;
  while (!parser_at(p, TOK_RPAREN)) {
    if (parser_at(p, TOK_ELLIPSIS)) {
      parser_next(p);
      fn->rest = parse_binding_target(p, false);
      if (!fn->rest) return NULL;
      if (!parser_at(p, TOK_RPAREN)) {
        parser_error(p, p->lx.tok.start, "rest parameter must be last");
        return NULL;
      }
      break;
    }
    Node *prm = parse_binding_target(p, true);
    if (!prm || !parser_push(p, prm)) return NULL;
    if (!parser_at(p, TOK_RPAREN) && !parser_expect(p, TOK_COMMA)) return NULL;
  }
  if (!parser_pop_list(p, base, &fn->params)) return NULL;
  parser_next(p); /* ) */
  fs.in_params = false;
  if (spec->kind == FUNC_GETTER && (fn->params.count || fn->rest)) {
    parser_error(p, fn->h.start, "getter must have no parameters");
    return NULL;
  }
  if (spec->kind == FUNC_SETTER && (fn->params.count != 1 || fn->rest)) {
    parser_error(p, fn->h.start, "setter must have exactly one parameter");
    return NULL;
  }
  ParamCheck pc = {0, 0, true};
  if (!declare_params(p, fn, &pc)) return NULL;
  if (fs.strict && pc.bad_offset) {
    /* already strict: eval/arguments were caught at the binding */
  }
  if (!parse_function_body(p, fn, &pc, spec->node_kind == NODE_FUNCTION_DECL ||
                                           spec->kind == FUNC_NORMAL ? name : NULL,
                           name_offset))
    return NULL;
  fn->strict = fs.strict;
  parser_scope_pop(p);
  parser_func_pop(p, &fs);
  parser_finish(p, fn);
  parser_leave(p);
  return fn;
}

/* Parses `function [*] [name]` for expressions (the name in the function's
 * own yield/await context) and declarations (in the enclosing one). */
static Atom *parse_function_name(Parser *p, bool is_expr, bool is_async, bool gen,
                                 bool optional, uint32_t *offset) {
  *offset = p->lx.tok.start;
  if (parser_at(p, TOK_LPAREN) && optional) return NULL;
  FuncState *fs = p->fs;
  bool y = fs->yield_ctx, a = fs->await_ctx;
  bool sb = fs->static_block;
  if (is_expr) {
    fs->yield_ctx = gen;
    fs->await_ctx = is_async;
    fs->static_block = false;
  }
  Atom *name = parse_binding_identifier(p, offset);
  fs->yield_ctx = y;
  fs->await_ctx = a;
  fs->static_block = sb;
  return name;
}

Node *parse_function_expression(Parser *p, bool is_async, uint32_t start, uint32_t line,
                                uint32_t line_start) {
  parser_next(p); /* function */
  bool gen = parser_eat(p, TOK_STAR);
  uint32_t name_off = 0;
  Atom *name = NULL;
  if (!parser_at(p, TOK_LPAREN)) {
    name = parse_function_name(p, true, is_async, gen, true, &name_off);
    if (!name) return NULL;
  }
  FuncSpec spec = {FUNC_NORMAL, NODE_FUNCTION_EXPR, is_async, gen, false, false,
                   start, line, line_start};
  return (Node *)parse_function_rest(p, &spec, name, name_off);
}

Node *parse_function_declaration(Parser *p, bool is_async, uint32_t start, uint32_t line,
                                 uint32_t line_start, bool in_block, bool default_export) {
  parser_next(p); /* function */
  bool gen = parser_eat(p, TOK_STAR);
  uint32_t name_off = p->lx.tok.start;
  Atom *name = NULL;
  if (!(default_export && parser_at(p, TOK_LPAREN))) {
    name = parse_function_name(p, false, is_async, gen, false, &name_off);
    if (!name) return NULL;
  }
  FuncSpec spec = {FUNC_NORMAL, NODE_FUNCTION_DECL, is_async, gen, false, false,
                   start, line, line_start};
  FunctionNode *fn = parse_function_rest(p, &spec, name, name_off);
  if (!fn) return NULL;
  Atom *bind = name ? name : p->wk[WK_star_default];
  PScope *s = p->scope;
  bool top = s == p->fs->var_scope;
  uint16_t flag;
  if (top && !s->is_module) flag = D_TOP_FUNC;
  else if (top) flag = D_FUNC;
  else if (!p->fs->strict && !is_async && !gen) flag = D_SLOPPY_FN;
  else flag = D_FUNC;
  (void)in_block;
  if (!parser_declare(p, bind, flag, name_off)) return NULL;
  if (flag == D_SLOPPY_FN) {
    FuncState *fs = p->fs;
    if (fs->annexb_count == fs->annexb_cap) {
      uint32_t cap = fs->annexb_cap ? fs->annexb_cap * 2 : 4;
      AnnexBCand *c = parser_alloc(p, cap * sizeof(AnnexBCand));
      if (!c) return NULL;
      if (fs->annexb_count) memcpy(c, fs->annexb, fs->annexb_count * sizeof(AnnexBCand));
      fs->annexb = c;
      fs->annexb_cap = cap;
    }
    fs->annexb[fs->annexb_count].fn = fn;
    fs->annexb[fs->annexb_count].scope = s;
    fs->annexb_count++;
  }
  return (Node *)fn;
}

Node *parse_arrow_function(Parser *p, Node *cover_node, bool in) {
  if (!parser_enter(p)) return NULL;
  CoverArrow *cover = (CoverArrow *)cover_node;
  if (p->lx.tok.nl_before) {
    parser_error(p, p->lx.tok.start, "line terminator before '=>'");
    return NULL;
  }
  FunctionNode *fn = parser_node_at(p, NODE_ARROW_FUNCTION, sizeof(FunctionNode), &cover->h);
  if (!fn) return NULL;
  fn->kind = FUNC_ARROW;
  fn->is_async = cover->is_async;
  fn->function_id = p->function_count++;
  /* yield/await expressions in the params (parsed before we knew) */
  if (p->uses.yield_expr > cover->uses.yield_expr) {
    parser_error(p, p->uses.yield_pos - 1, "yield expression in arrow parameters");
    return NULL;
  }
  if (p->uses.await_expr > cover->uses.await_expr) {
    parser_error(p, p->uses.await_pos - 1, "await expression in arrow parameters");
    return NULL;
  }
  if (cover->is_async && p->uses.await_ident > cover->uses.await_ident) {
    parser_error(p, p->uses.await_ident_pos - 1, "'await' is not allowed in async arrow parameters");
    return NULL;
  }
  FuncState fs;
  parser_func_push(p, &fs, fn, FUNC_ARROW);
  fs.saved_uses = cover->uses;
  /* counters of the params count for the arrow, not its caller's yield/await */
  fs.await_ctx = cover->is_async;
  if (!parser_scope_push(p, PSCOPE_TOP)) return NULL;
  fs.var_scope = p->scope;
  uint32_t base = p->sp;
  for (uint32_t i = 0; i < cover->items.count; i++) {
    Node *prm = parser_to_binding(p, cover->items.items[i], true);
    if (!prm || !parser_push(p, prm)) return NULL;
  }
  if (!parser_pop_list(p, base, &fn->params)) return NULL;
  if (cover->rest) {
    fn->rest = parser_to_binding(p, cover->rest, false);
    if (!fn->rest) return NULL;
  }
  ParamCheck pc = {0, 0, true};
  if (!declare_params(p, fn, &pc)) return NULL;
  if (pc.dup_offset) {
    parser_error(p, pc.dup_offset - 1, "duplicate parameter name");
    return NULL;
  }
  if (fs.strict && pc.bad_offset) {
    /* eval/arguments checked by the binding conversion */
  }
  parser_next(p); /* => */
  fs.arrow_body_uses = p->uses;
  if (parser_at(p, TOK_LBRACE)) {
    if (!parse_function_body(p, fn, &pc, NULL, 0)) return NULL;
  } else {
    fn->is_expression_body = true;
    fn->body_start = p->lx.tok.start;
    fn->expr_body = parse_assignment(p, in);
    if (!fn->expr_body) return NULL;
  }
  fn->strict = fs.strict;
  parser_scope_pop(p);
  parser_func_pop(p, &fs);
  parser_finish(p, fn);
  parser_leave(p);
  return (Node *)fn;
}

FunctionNode *parse_field_initializer(Parser *p, bool is_static, uint32_t start) {
  FunctionNode *fn = parser_node(p, NODE_FUNCTION_EXPR, sizeof(FunctionNode));
  if (!fn) return NULL;
  fn->kind = FUNC_FIELD_INIT;
  fn->function_id = p->function_count++;
  fn->is_expression_body = true;
  fn->simple_params = true;
  fn->strict = true;
  fn->body_start = fn->h.start;
  (void)is_static;
  (void)start;
  FuncState fs;
  parser_func_push(p, &fs, fn, FUNC_FIELD_INIT);
  fs.allow_super_prop = true;
  fs.allow_arguments = false;
  fs.in_class_field = true;
  fs.allow_return = false;
  if (!parser_scope_push(p, PSCOPE_TOP)) return NULL;
  fs.var_scope = p->scope;
  fn->expr_body = parse_assignment(p, true);
  if (!fn->expr_body) return NULL;
  parser_scope_pop(p);
  parser_func_pop(p, &fs);
  parser_finish(p, fn);
  return fn;
}

FunctionNode *parse_static_block(Parser *p, uint32_t start, uint32_t line,
                                 uint32_t line_start) {
  if (!parser_enter(p)) return NULL;
  FunctionNode *fn = parser_alloc(p, sizeof(FunctionNode));
  if (!fn) return NULL;
  fn->h.kind = NODE_FUNCTION_EXPR;
  fn->h.start = start;
  fn->h.line = line;
  fn->h.column = parser_node_column(p, line_start, start);
  fn->kind = FUNC_STATIC_BLOCK;
  fn->function_id = p->function_count++;
  fn->simple_params = true;
  fn->strict = true;
  FuncState fs;
  parser_func_push(p, &fs, fn, FUNC_STATIC_BLOCK);
  fs.allow_super_prop = true;
  fs.allow_arguments = false;
  fs.allow_return = false;
  fs.static_block = true;
  fs.await_ctx = true;
  if (!parser_scope_push(p, PSCOPE_TOP)) return NULL;
  fs.var_scope = p->scope;
  fn->body_start = p->lx.tok.start;
  if (!parser_expect(p, TOK_LBRACE)) return NULL;
  if (!parse_statement_list(p, TOK_RBRACE, p->sp, &fn->body)) return NULL;
  if (!parser_expect(p, TOK_RBRACE)) return NULL;
  parser_scope_pop(p);
  parser_func_pop(p, &fs);
  parser_finish(p, fn);
  parser_leave(p);
  return fn;
}
