/*
 * parser_stmt.c - statements and declarations: blocks, var/let/const (with
 * the `let` lookahead rules), if/loops (for, for-in/of/await with their head
 * forms and Annex B `for (var x = 1 in o)`), switch, try/catch/finally,
 * labels and break/continue targets, return/throw/with/debugger, function
 * and class declarations in the contexts that allow them (Annex B
 * functions in if-clauses and labels), and ASI.
 *
 * Invariants: every block-like construct that may hold lexical declarations
 * has its own PScope while parsed; jump targets of the current function are
 * a stack (fs->targets) whose LABEL entries record the loop they label.
 */
#include <stdlib.h>

#include "parser/parser_internal.h"

static bool push_target(Parser *p, JumpKind kind, Atom *label, Node *node) {
  FuncState *fs = p->fs;
  if (fs->target_count == fs->target_cap) {
    /* arena memory: nothing to free when a parse error unwinds */
    uint32_t cap = fs->target_cap ? fs->target_cap * 2 : 8;
    JumpTarget *t = parser_alloc(p, cap * sizeof(JumpTarget));
    if (!t) return false;
    if (fs->target_count) memcpy(t, fs->targets, fs->target_count * sizeof(JumpTarget));
    fs->targets = t;
    fs->target_cap = cap;
  }
  JumpTarget *t = &fs->targets[fs->target_count++];
  t->kind = (uint8_t)kind;
  t->label = label;
  t->node = node;
  t->loop = NULL;
  return true;
}

static void pop_target(Parser *p) { p->fs->target_count--; }

/* Marks the `chain` labels just below the top as labelling loop `node`. */
static void label_loop(Parser *p, uint32_t chain, Node *node) {
  FuncState *fs = p->fs;
  for (uint32_t i = 0; i < chain && i < fs->target_count; i++) {
    JumpTarget *t = &fs->targets[fs->target_count - 1 - i];
    if (t->kind == JT_LABEL) t->loop = node;
  }
}

static bool scope_has_lexical(const PScope *s) {
  for (uint32_t i = 0; i < s->count; i++)
    if (s->entries[i].flags & D_LEX_ANY) return true;
  return false;
}

bool parse_statement_list(Parser *p, TokenKind end, uint32_t base, NodeList *out) {
  while (!parser_at(p, end)) {
    if (parser_at(p, TOK_EOF) || parser_at(p, TOK_ERROR)) {
      parser_unexpected(p);
      return false;
    }
    Node *s = parse_statement(p, STMT_LIST);
    if (!s || !parser_push(p, s)) return false;
  }
  return parser_pop_list(p, base, out);
}

Block *parse_block(Parser *p, bool new_scope) {
  Block *b = parser_node(p, NODE_BLOCK, sizeof(Block));
  if (!b) return NULL;
  if (!parser_expect(p, TOK_LBRACE)) return NULL;
  if (new_scope && !parser_scope_push(p, PSCOPE_BLOCK)) return NULL;
  if (!parse_statement_list(p, TOK_RBRACE, p->sp, &b->body)) return NULL;
  b->has_lexical = scope_has_lexical(p->scope);
  if (new_scope) parser_scope_pop(p);
  parser_next(p);
  parser_finish(p, b);
  return b;
}

/* var/let/const/using declarators (at `using` for `await using`, the
 * `await` consumed; start: where the declaration starts). In a for head
 * (for_head) the initializer rules are checked by the caller once the loop
 * form is known. */
static VarDecl *parse_var_decl_at(Parser *p, VarKind kind, bool in, bool for_head, const Token *start) {
  VarDecl *d = start ? parser_node_at(p, NODE_VAR_DECL, sizeof(VarDecl), &(Node){.start = start->start,
                          .line = start->line, .column = parser_node_column(p, start->line_start, start->start)})
                     : parser_node(p, NODE_VAR_DECL, sizeof(VarDecl));
  if (!d) return NULL;
  d->kind = (uint8_t)kind;
  parser_next(p); /* var / let / const / using */
  uint32_t base = p->sp;
  do {
    VarDeclarator *vd = parser_node(p, NODE_VAR_DECLARATOR, sizeof(VarDeclarator));
    if (!vd) return NULL;
    vd->target = parse_binding_target(p, false);
    if (!vd->target) return NULL;
    if (VAR_KIND_IS_USING(kind) && vd->target->kind != NODE_IDENTIFIER)
      return parser_error(p, vd->target->start, "a using declaration may not have a binding pattern");
    if (!parser_declare_pattern(p, vd->target, kind == VAR_KIND_VAR ? D_VAR : D_LEXICAL))
      return NULL;
    if (parser_eat(p, TOK_ASSIGN)) {
      vd->init = parse_assignment(p, in);
      if (!vd->init) return NULL;
    } else if (!for_head) {
      if (kind == VAR_KIND_CONST || VAR_KIND_IS_USING(kind))
        return parser_error(p, vd->h.start, "missing initializer in %s declaration",
                            kind == VAR_KIND_CONST ? "const" : "using");
      if (vd->target->kind != NODE_IDENTIFIER)
        return parser_error(p, vd->h.start, "missing initializer in destructuring declaration");
    }
    parser_finish(p, vd);
    if (!parser_push(p, &vd->h)) return NULL;
  } while (parser_eat(p, TOK_COMMA));
  if (!parser_pop_list(p, base, &d->decls)) return NULL;
  parser_finish(p, d);
  return d;
}

static VarDecl *parse_var_decl(Parser *p, VarKind kind, bool in, bool for_head) {
  return parse_var_decl_at(p, kind, in, for_head, NULL);
}

/* A token that can start the BindingIdentifier of a using declaration. */
static bool binding_identifier_token(TokenKind k) {
  return k == TOK_IDENTIFIER || k == TOK_KW_yield || k == TOK_KW_await;
}

/* At `using` (unescaped): `using` [no LineTerminator here] BindingIdentifier
 * starts a using declaration (so `using[x]`, `using in o`, `using\nx` do
 * not). In a for head, `using of` is the identifier `using` (for-of's
 * lookahead restriction) unless `=` follows: `for (using of = r;;)`. */
static bool using_starts_declaration(Parser *p, bool for_head) {
  if (!parser_at_contextual(p, WK_using)) return false;
  TokenKind k, k2;
  bool nl, nl2;
  Atom *a;
  parser_peek2(p, &k, &nl, &a, &k2, &nl2);
  if (nl || !binding_identifier_token(k)) return false;
  return !(for_head && k == TOK_IDENTIFIER && a == p->wk[WK_of]) || k2 == TOK_ASSIGN;
}

/* At `await` where it is an AwaitExpression: `await` [no LineTerminator
 * here] `using` [no LineTerminator here] BindingIdentifier starts an await
 * using declaration. */
static bool await_using_starts_declaration(Parser *p) {
  if (!parser_at(p, TOK_KW_await) || !p->fs->await_ctx || p->fs->static_block) return false;
  TokenKind k1, k2;
  bool nl1, nl2;
  Atom *a1;
  parser_peek2(p, &k1, &nl1, &a1, &k2, &nl2);
  return k1 == TOK_IDENTIFIER && a1 == p->wk[WK_using] && !nl1 && !nl2 && binding_identifier_token(k2);
}

/* A using / await using declaration (at `using` or `await`), with the
 * early errors about where one may appear. */
static VarDecl *parse_using_declaration(Parser *p, StmtCtx ctx, bool in, bool for_head) {
  Token start = p->lx.tok;
  bool is_await = parser_at(p, TOK_KW_await);
  const char *what = is_await ? "await using" : "using";
  if (!for_head) {
    if (ctx == STMT_CASE)
      return parser_error(p, start.start, "'%s' declarations are not allowed directly in a case clause", what);
    if (ctx != STMT_LIST) return parser_error(p, start.start, "lexical declaration not allowed in this context");
    FuncState *fs = p->fs;
    if (fs->is_top && !p->module && p->scope == fs->var_scope)
      return parser_error(p, start.start, "'%s' declarations are not allowed at the top level of a script", what);
  }
  if (is_await) {
    p->uses.await_expr++;   /* a module's top-level await using makes it async */
    p->uses.await_pos = start.start + 1;
    parser_next(p);   /* await */
  }
  return parse_var_decl_at(p, is_await ? VAR_KIND_AWAIT_USING : VAR_KIND_USING, in, for_head, &start);
}

/* After `let`: does a lexical declaration start here? */
static bool let_starts_declaration(Parser *p) {
  bool nl;
  TokenKind k = parser_peek(p, &nl, NULL);
  return k == TOK_IDENTIFIER || k == TOK_LBRACKET || k == TOK_LBRACE ||
         k == TOK_KW_yield || k == TOK_KW_await;
}

static Node *parse_expression_statement(Parser *p) {
  ExprStmt *s = parser_node(p, NODE_EXPR_STMT, sizeof(ExprStmt));
  if (!s) return NULL;
  s->expr = parse_expression(p, true);
  if (!s->expr || !parser_consume_semicolon(p)) return NULL;
  parser_finish(p, s);
  return &s->h;
}

static Node *parse_if(Parser *p) {
  IfStmt *s = parser_node(p, NODE_IF, sizeof(IfStmt));
  if (!s) return NULL;
  parser_next(p);
  if (!parser_expect(p, TOK_LPAREN)) return NULL;
  s->test = parse_expression(p, true);
  if (!s->test || !parser_expect(p, TOK_RPAREN)) return NULL;
  s->consequent = parse_statement(p, STMT_IF);
  if (!s->consequent) return NULL;
  if (parser_eat(p, TOK_KW_else)) {
    s->alternate = parse_statement(p, STMT_IF);
    if (!s->alternate) return NULL;
  }
  parser_finish(p, s);
  return &s->h;
}

static Node *parse_while(Parser *p, uint32_t chain) {
  WhileStmt *s = parser_node(p, NODE_WHILE, sizeof(WhileStmt));
  if (!s) return NULL;
  parser_next(p);
  if (!parser_expect(p, TOK_LPAREN)) return NULL;
  s->test = parse_expression(p, true);
  if (!s->test || !parser_expect(p, TOK_RPAREN)) return NULL;
  label_loop(p, chain, &s->h);
  if (!push_target(p, JT_LOOP, NULL, &s->h)) return NULL;
  s->body = parse_statement(p, STMT_LOOP);
  if (!s->body) return NULL;
  pop_target(p);
  parser_finish(p, s);
  return &s->h;
}

static Node *parse_do_while(Parser *p, uint32_t chain) {
  WhileStmt *s = parser_node(p, NODE_DO_WHILE, sizeof(WhileStmt));
  if (!s) return NULL;
  parser_next(p);
  label_loop(p, chain, &s->h);
  if (!push_target(p, JT_LOOP, NULL, &s->h)) return NULL;
  s->body = parse_statement(p, STMT_LOOP);
  if (!s->body) return NULL;
  pop_target(p);
  if (!parser_expect(p, TOK_KW_while) || !parser_expect(p, TOK_LPAREN)) return NULL;
  s->test = parse_expression(p, true);
  if (!s->test || !parser_expect(p, TOK_RPAREN)) return NULL;
  parser_eat(p, TOK_SEMICOLON); /* ASI always applies after do-while */
  parser_finish(p, s);
  return &s->h;
}

static Node *parse_for(Parser *p, uint32_t chain) {
  Token *t = &p->lx.tok;
  uint32_t start = t->start;
  Node tmp;
  tmp.start = t->start;
  tmp.end = t->end;
  tmp.line = t->line;
  tmp.column = parser_node_column(p, t->line_start, t->start);
  parser_next(p);
  bool is_await = false;
  if (parser_at(p, TOK_KW_await)) {
    if (!p->fs->await_ctx || p->fs->static_block)
      return parser_error(p, t->start, "'for await' is only allowed in async functions and modules");
    is_await = true;
    p->uses.await_expr++;
    p->uses.await_pos = t->start + 1;
    parser_next(p);
  }
  if (!parser_expect(p, TOK_LPAREN)) return NULL;
  if (!parser_scope_push(p, PSCOPE_BLOCK)) return NULL;
  Node *init = NULL;
  VarDecl *decl = NULL;
  bool init_is_let = false, init_is_async = false;
  if (parser_at(p, TOK_SEMICOLON)) {
    /* no init */
  } else if (parser_at(p, TOK_KW_var)) {
    decl = parse_var_decl(p, VAR_KIND_VAR, false, true);
    if (!decl) return NULL;
  } else if (parser_at(p, TOK_KW_const) ||
             (parser_at_contextual(p, WK_let) && let_starts_declaration(p))) {
    decl = parse_var_decl(p, parser_at(p, TOK_KW_const) ? VAR_KIND_CONST : VAR_KIND_LET, false, true);
    if (!decl) return NULL;
  } else if (using_starts_declaration(p, true) || await_using_starts_declaration(p)) {
    decl = parse_using_declaration(p, STMT_LIST, false, true);
    if (!decl) return NULL;
  } else {
    init_is_let = parser_at_contextual(p, WK_let);
    init_is_async = parser_at_contextual(p, WK_async);
    uint32_t saved_ci = p->cover_init_pos, saved_dp = p->dup_proto_pos;
    p->cover_init_pos = p->dup_proto_pos = 0;
    init = parse_assignment_cover(p, false);
    if (!init) return NULL;
    bool of = parser_at_contextual(p, WK_of);
    if (of || parser_at(p, TOK_KW_in)) {
      if (init->kind == NODE_OBJECT_LIT || init->kind == NODE_ARRAY_LIT) {
        if (init->flags & NODE_FLAG_PARENS) return parser_error(p, init->start, "invalid assignment target");
        init = parser_to_assign_target(p, init, true);
        if (!init) return NULL;
      } else if (!parser_check_simple_target(p, init, true)) {
        return NULL;
      }
      if (of && init_is_let) return parser_error(p, init->start, "for-of left side may not start with 'let'");
      if (of && init_is_async && !is_await && init->kind == NODE_IDENTIFIER &&
          !(init->flags & NODE_FLAG_PARENS))
        return parser_error(p, init->start, "for-of left side may not be 'async'");
      p->cover_init_pos = saved_ci;
      p->dup_proto_pos = saved_dp;
    } else {
      if (p->cover_init_pos) return parser_error(p, p->cover_init_pos - 1, "invalid shorthand property initializer");
      if (p->dup_proto_pos) return parser_error(p, p->dup_proto_pos - 1, "duplicate __proto__ property");
      p->cover_init_pos = saved_ci;
      p->dup_proto_pos = saved_dp;
      if (parser_at(p, TOK_COMMA)) {
        /* a sequence is never a for-in/of head: the loop must be for(;;) */
        uint32_t base = p->sp;
        if (!parser_push(p, init)) return NULL;
        while (parser_eat(p, TOK_COMMA)) {
          Node *n = parse_assignment(p, false);
          if (!n || !parser_push(p, n)) return NULL;
        }
        SequenceExpr *s = parser_node_at(p, NODE_SEQUENCE, sizeof(SequenceExpr), init);
        if (!s || !parser_pop_list(p, base, &s->exprs)) return NULL;
        parser_finish(p, s);
        init = &s->h;
        if (!parser_at(p, TOK_SEMICOLON)) return parser_unexpected(p);
      }
    }
  }
  bool of = parser_at_contextual(p, WK_of);
  if (of || parser_at(p, TOK_KW_in)) {
    if (is_await && !of) return parser_error(p, start, "'for await' requires 'of'");
    ForInOf *f = parser_node_at(p, of ? NODE_FOR_OF : NODE_FOR_IN, sizeof(ForInOf), &tmp);
    if (!f) return NULL;
    f->is_await = is_await;
    if (decl) {
      if (!of && VAR_KIND_IS_USING(decl->kind))
        return parser_error(p, decl->h.start, "'using' declarations are not allowed in a for-in loop");
      if (decl->decls.count != 1)
        return parser_error(p, decl->h.start, "only one binding allowed in a for-%s loop", of ? "of" : "in");
      VarDeclarator *vd = (VarDeclarator *)decl->decls.items[0];
      if (vd->init &&
          (of || p->fs->strict || decl->kind != VAR_KIND_VAR || vd->target->kind != NODE_IDENTIFIER))
        return parser_error(p, vd->h.start, "for-%s loop variable may not have an initializer", of ? "of" : "in");
      f->left = &decl->h;
    } else {
      f->left = init;
    }
    parser_next(p); /* in / of */
    f->right = of ? parse_assignment(p, true) : parse_expression(p, true);
    if (!f->right || !parser_expect(p, TOK_RPAREN)) return NULL;
    label_loop(p, chain, &f->h);
    if (!push_target(p, JT_LOOP, NULL, &f->h)) return NULL;
    f->body = parse_statement(p, STMT_LOOP);
    if (!f->body) return NULL;
    pop_target(p);
    parser_scope_pop(p);
    parser_finish(p, f);
    return &f->h;
  }
  if (is_await) return parser_error(p, start, "'for await' requires 'of'");
  if (decl) {
    for (uint32_t i = 0; i < decl->decls.count; i++) {
      VarDeclarator *vd = (VarDeclarator *)decl->decls.items[i];
      if (vd->init) continue;
      if (decl->kind == VAR_KIND_CONST || VAR_KIND_IS_USING(decl->kind))
        return parser_error(p, vd->h.start, "missing initializer in %s declaration",
                            decl->kind == VAR_KIND_CONST ? "const" : "using");
      if (vd->target->kind != NODE_IDENTIFIER)
        return parser_error(p, vd->h.start, "missing initializer in destructuring declaration");
    }
    init = &decl->h;
  }
  ForStmt *f = parser_node_at(p, NODE_FOR, sizeof(ForStmt), &tmp);
  if (!f) return NULL;
  f->init = init;
  if (!parser_expect(p, TOK_SEMICOLON)) return NULL;
  if (!parser_at(p, TOK_SEMICOLON)) {
    f->test = parse_expression(p, true);
    if (!f->test) return NULL;
  }
  if (!parser_expect(p, TOK_SEMICOLON)) return NULL;
  if (!parser_at(p, TOK_RPAREN)) {
    f->update = parse_expression(p, true);
    if (!f->update) return NULL;
  }
  if (!parser_expect(p, TOK_RPAREN)) return NULL;
  label_loop(p, chain, &f->h);
  if (!push_target(p, JT_LOOP, NULL, &f->h)) return NULL;
  f->body = parse_statement(p, STMT_LOOP);
  if (!f->body) return NULL;
  pop_target(p);
  parser_scope_pop(p);
  parser_finish(p, f);
  return &f->h;
}

/* Is the current token usable as a label / identifier reference here? */
static bool at_label_identifier(Parser *p) {
  Token *t = &p->lx.tok;
  return t->kind == TOK_IDENTIFIER || t->kind == TOK_KW_yield || t->kind == TOK_KW_await;
}

static Node *parse_jump(Parser *p, bool is_break) {
  JumpStmt *s = parser_node(p, is_break ? NODE_BREAK : NODE_CONTINUE, sizeof(JumpStmt));
  if (!s) return NULL;
  parser_next(p);
  FuncState *fs = p->fs;
  if (at_label_identifier(p) && !p->lx.tok.nl_before) {
    Token *t = &p->lx.tok;
    if (!parser_check_identifier(p, t->atom, t->escaped, t->start, false)) return NULL;
    s->label = t->atom;
    uint32_t off = t->start;
    parser_next(p);
    for (uint32_t i = fs->target_count; i-- > 0;) {
      JumpTarget *jt = &fs->targets[i];
      if (jt->kind != JT_LABEL || jt->label != s->label) continue;
      if (!is_break) {
        if (!jt->loop) return parser_error(p, off, "continue target is not a loop");
        s->target = jt->loop;
      } else {
        s->target = jt->node;
      }
      break;
    }
    if (!s->target) {
      char buf[64];
      return parser_error(p, off, "undefined label '%s'", atom_to_utf8(s->label, buf, sizeof buf));
    }
  } else {
    for (uint32_t i = fs->target_count; i-- > 0;) {
      JumpTarget *jt = &fs->targets[i];
      if (jt->kind == JT_LOOP || (is_break && jt->kind == JT_SWITCH)) {
        s->target = jt->node;
        break;
      }
    }
    if (!s->target)
      return parser_error(p, s->h.start, is_break ? "'break' outside a loop or switch"
                                                   : "'continue' outside a loop");
  }
  if (!parser_consume_semicolon(p)) return NULL;
  parser_finish(p, s);
  return &s->h;
}

static Node *parse_switch(Parser *p, uint32_t chain) {
  (void)chain;
  SwitchStmt *s = parser_node(p, NODE_SWITCH, sizeof(SwitchStmt));
  if (!s) return NULL;
  parser_next(p);
  if (!parser_expect(p, TOK_LPAREN)) return NULL;
  s->discriminant = parse_expression(p, true);
  if (!s->discriminant || !parser_expect(p, TOK_RPAREN) || !parser_expect(p, TOK_LBRACE))
    return NULL;
  if (!parser_scope_push(p, PSCOPE_BLOCK)) return NULL;
  if (!push_target(p, JT_SWITCH, NULL, &s->h)) return NULL;
  uint32_t base = p->sp;
  bool seen_default = false;
  while (!parser_at(p, TOK_RBRACE)) {
    SwitchCase *c = parser_node(p, NODE_SWITCH_CASE, sizeof(SwitchCase));
    if (!c) return NULL;
    if (parser_eat(p, TOK_KW_case)) {
      c->test = parse_expression(p, true);
      if (!c->test) return NULL;
    } else if (parser_at(p, TOK_KW_default)) {
      if (seen_default) return parser_error(p, c->h.start, "more than one default clause in switch");
      seen_default = true;
      parser_next(p);
    } else {
      return parser_unexpected(p);
    }
    if (!parser_expect(p, TOK_COLON)) return NULL;
    uint32_t cbase = p->sp;
    while (!parser_at(p, TOK_KW_case) && !parser_at(p, TOK_KW_default) &&
           !parser_at(p, TOK_RBRACE)) {
      if (parser_at(p, TOK_EOF) || parser_at(p, TOK_ERROR)) return parser_unexpected(p);
      Node *st = parse_statement(p, STMT_CASE);
      if (!st || !parser_push(p, st)) return NULL;
    }
    if (!parser_pop_list(p, cbase, &c->body)) return NULL;
    parser_finish(p, c);
    if (!parser_push(p, &c->h)) return NULL;
  }
  if (!parser_pop_list(p, base, &s->cases)) return NULL;
  pop_target(p);
  s->has_lexical = scope_has_lexical(p->scope);
  parser_scope_pop(p);
  parser_next(p);
  parser_finish(p, s);
  return &s->h;
}

static Node *parse_try(Parser *p) {
  TryStmt *s = parser_node(p, NODE_TRY, sizeof(TryStmt));
  if (!s) return NULL;
  parser_next(p);
  s->block = parse_block(p, true);
  if (!s->block) return NULL;
  if (parser_eat(p, TOK_KW_catch)) {
    if (parser_eat(p, TOK_LPAREN)) {
      if (!parser_scope_push(p, PSCOPE_CATCH)) return NULL;
      s->catch_param = parse_binding_target(p, false);
      if (!s->catch_param) return NULL;
      uint16_t flag = s->catch_param->kind == NODE_IDENTIFIER ? D_CATCH : D_CATCH_PAT;
      if (!parser_declare_pattern(p, s->catch_param, flag)) return NULL;
      if (!parser_expect(p, TOK_RPAREN)) return NULL;
      s->catch_body = parse_block(p, false);
      if (!s->catch_body) return NULL;
      parser_scope_pop(p);
    } else {
      s->catch_body = parse_block(p, true);
      if (!s->catch_body) return NULL;
    }
  }
  if (parser_eat(p, TOK_KW_finally)) {
    s->finalizer = parse_block(p, true);
    if (!s->finalizer) return NULL;
  }
  if (!s->catch_body && !s->finalizer) return parser_error(p, s->h.start, "missing catch or finally after try");
  parser_finish(p, s);
  return &s->h;
}

/* A function declaration where a Statement is expected: Annex B allows a
 * plain function as an if-clause (as if in a block) and as a labelled item
 * of a statement list, in sloppy code. */
static Node *parse_function_in_statement(Parser *p, StmtCtx ctx) {
  Token *t = &p->lx.tok;
  bool nl;
  bool gen = parser_peek(p, &nl, NULL) == TOK_STAR;
  if (ctx == STMT_LIST || ctx == STMT_CASE)
    return parse_function_declaration(p, false, t->start, t->line, t->line_start, true, false);
  if (p->fs->strict || gen || (ctx != STMT_IF && ctx != STMT_LABEL_LIST))
    return parser_error(p, t->start, "function declaration not allowed in this context");
  if (ctx == STMT_LABEL_LIST)
    return parse_function_declaration(p, false, t->start, t->line, t->line_start, true, false);
  /* if (x) function f() {} == if (x) { function f() {} } */
  Block *b = parser_node(p, NODE_BLOCK, sizeof(Block));
  if (!b) return NULL;
  if (!parser_scope_push(p, PSCOPE_BLOCK)) return NULL;
  Node *fn = parse_function_declaration(p, false, t->start, t->line, t->line_start, true, false);
  if (!fn) return NULL;
  parser_scope_pop(p);
  Node **items = parser_alloc(p, sizeof(Node *));
  if (!items) return NULL;
  items[0] = fn;
  b->body.items = items;
  b->body.count = 1;
  b->has_lexical = true;
  parser_finish(p, b);
  return &b->h;
}

static Node *parse_labeled(Parser *p, StmtCtx ctx, uint32_t chain) {
  Token *t = &p->lx.tok;
  if (!parser_check_identifier(p, t->atom, t->escaped, t->start, false)) return NULL;
  LabeledStmt *s = parser_node(p, NODE_LABELED, sizeof(LabeledStmt));
  if (!s) return NULL;
  s->label = t->atom;
  FuncState *fs = p->fs;
  for (uint32_t i = 0; i < fs->target_count; i++) {
    if (fs->targets[i].kind == JT_LABEL && fs->targets[i].label == s->label) {
      char buf[64];
      return parser_error(p, t->start, "duplicate label '%s'", atom_to_utf8(s->label, buf, sizeof buf));
    }
  }
  parser_next(p); /* label */
  parser_next(p); /* : */
  if (!push_target(p, JT_LABEL, s->label, &s->h)) return NULL;
  fs->label_chain = chain + 1;
  StmtCtx body_ctx = (ctx == STMT_LIST || ctx == STMT_CASE || ctx == STMT_LABEL_LIST) ? STMT_LABEL_LIST : STMT_OTHER;
  s->body = parse_statement(p, body_ctx);
  fs->label_chain = 0;
  if (!s->body) return NULL;
  pop_target(p);
  parser_finish(p, s);
  return &s->h;
}

static Node *parse_statement_inner(Parser *p, StmtCtx ctx, uint32_t chain) {
  Token *t = &p->lx.tok;
  FuncState *fs = p->fs;
  bool decl_ok = ctx == STMT_LIST || ctx == STMT_CASE;
  switch (t->kind) {
    case TOK_LBRACE:
      return (Node *)parse_block(p, true);
    case TOK_SEMICOLON: {
      Node *n = parser_node(p, NODE_EMPTY, sizeof(Node));
      if (!n) return NULL;
      parser_next(p);
      return n;
    }
    case TOK_KW_var: {
      VarDecl *d = parse_var_decl(p, VAR_KIND_VAR, true, false);
      if (!d || !parser_consume_semicolon(p)) return NULL;
      parser_finish(p, d);
      return &d->h;
    }
    case TOK_KW_const: {
      if (!decl_ok) return parser_error(p, t->start, "lexical declaration not allowed in this context");
      VarDecl *d = parse_var_decl(p, VAR_KIND_CONST, true, false);
      if (!d || !parser_consume_semicolon(p)) return NULL;
      parser_finish(p, d);
      return &d->h;
    }
    case TOK_KW_function:
      return parse_function_in_statement(p, ctx);
    case TOK_KW_class:
      if (!decl_ok) return parser_error(p, t->start, "class declaration not allowed in this context");
      return parse_class(p, false, false);
    case TOK_KW_if:
      return parse_if(p);
    case TOK_KW_for:
      return parse_for(p, chain);
    case TOK_KW_while:
      return parse_while(p, chain);
    case TOK_KW_do:
      return parse_do_while(p, chain);
    case TOK_KW_continue:
      return parse_jump(p, false);
    case TOK_KW_break:
      return parse_jump(p, true);
    case TOK_KW_return: {
      if (!fs->allow_return) return parser_error(p, t->start, "'return' outside a function");
      ReturnStmt *s = parser_node(p, NODE_RETURN, sizeof(ReturnStmt));
      if (!s) return NULL;
      parser_next(p);
      if (!parser_at(p, TOK_SEMICOLON) && !parser_at(p, TOK_RBRACE) && !parser_at(p, TOK_EOF) &&
          !p->lx.tok.nl_before) {
        s->argument = parse_expression(p, true);
        if (!s->argument) return NULL;
      }
      if (!parser_consume_semicolon(p)) return NULL;
      parser_finish(p, s);
      return &s->h;
    }
    case TOK_KW_throw: {
      ThrowStmt *s = parser_node(p, NODE_THROW, sizeof(ThrowStmt));
      if (!s) return NULL;
      parser_next(p);
      if (p->lx.tok.nl_before) return parser_error(p, p->lx.tok.start, "line break after 'throw'");
      s->argument = parse_expression(p, true);
      if (!s->argument || !parser_consume_semicolon(p)) return NULL;
      parser_finish(p, s);
      return &s->h;
    }
    case TOK_KW_with: {
      if (fs->strict) return parser_error(p, t->start, "'with' is not allowed in strict mode");
      WithStmt *s = parser_node(p, NODE_WITH, sizeof(WithStmt));
      if (!s) return NULL;
      parser_next(p);
      if (!parser_expect(p, TOK_LPAREN)) return NULL;
      s->object = parse_expression(p, true);
      if (!s->object || !parser_expect(p, TOK_RPAREN)) return NULL;
      s->body = parse_statement(p, STMT_OTHER);
      if (!s->body) return NULL;
      parser_finish(p, s);
      return &s->h;
    }
    case TOK_KW_switch:
      return parse_switch(p, chain);
    case TOK_KW_try:
      return parse_try(p);
    case TOK_KW_debugger: {
      Node *n = parser_node(p, NODE_DEBUGGER, sizeof(Node));
      if (!n) return NULL;
      parser_next(p);
      if (!parser_consume_semicolon(p)) return NULL;
      parser_finish(p, n);
      return n;
    }
    case TOK_KW_import: {
      bool nl;
      TokenKind k = parser_peek(p, &nl, NULL);
      if (k == TOK_LPAREN || k == TOK_DOT) return parse_expression_statement(p);
      if (!p->module || !fs->is_top || p->scope != fs->var_scope || ctx != STMT_LIST)
        return parser_error(p, t->start, "import declarations are only allowed at the top level of a module");
      return parse_import_declaration(p);
    }
    case TOK_KW_export:
      if (!p->module || !fs->is_top || p->scope != fs->var_scope || ctx != STMT_LIST)
        return parser_error(p, t->start, "export declarations are only allowed at the top level of a module");
      return parse_export_declaration(p);
    case TOK_IDENTIFIER:
    case TOK_KW_yield:
    case TOK_KW_await: {
      if (using_starts_declaration(p, false) || await_using_starts_declaration(p)) {
        VarDecl *d = parse_using_declaration(p, ctx, true, false);
        if (!d || !parser_consume_semicolon(p)) return NULL;
        parser_finish(p, d);
        return &d->h;
      }
      if (t->kind == TOK_IDENTIFIER && !t->escaped) {
        if (t->atom == p->wk[WK_let]) {
          bool nl;
          TokenKind k = parser_peek(p, &nl, NULL);
          if (decl_ok) {
            if (let_starts_declaration(p)) {
              VarDecl *d = parse_var_decl(p, VAR_KIND_LET, true, false);
              if (!d || !parser_consume_semicolon(p)) return NULL;
              parser_finish(p, d);
              return &d->h;
            }
          } else if (k == TOK_LBRACKET) {
            return parser_error(p, t->start, "lexical declaration not allowed in this context");
          } else if (!nl && (k == TOK_IDENTIFIER || k == TOK_LBRACE || k == TOK_KW_yield ||
                             k == TOK_KW_await)) {
            return parser_error(p, t->start, "lexical declaration not allowed in this context");
          }
        } else if (t->atom == p->wk[WK_async]) {
          bool nl;
          if (parser_peek(p, &nl, NULL) == TOK_KW_function && !nl) {
            if (!decl_ok) return parser_error(p, t->start, "async function declaration not allowed in this context");
            uint32_t start = t->start, line = t->line, ls = t->line_start;
            parser_next(p);
            return parse_function_declaration(p, true, start, line, ls, true, false);
          }
        }
      }
      bool usable = t->kind == TOK_IDENTIFIER || parser_token_is_identifier(p) ||
                    (t->kind == TOK_KW_await && !fs->await_ctx);
      if (usable) {
        bool nl;
        if (parser_peek(p, &nl, NULL) == TOK_COLON) return parse_labeled(p, ctx, chain);
      }
      return parse_expression_statement(p);
    }
    default:
      return parse_expression_statement(p);
  }
}

Node *parse_statement(Parser *p, StmtCtx ctx) {
  if (!parser_enter(p)) return NULL;
  uint32_t chain = p->fs->label_chain;
  p->fs->label_chain = 0;
  Node *n = parse_statement_inner(p, ctx, chain);
  parser_leave(p);
  return n;
}
