/*
 * parser_expr.c - expressions: assignment (with the arrow and destructuring
 * cover grammars), conditional, binary operators by precedence climbing
 * (?? mixing and ** operand rules), unary/update/await/yield, member access
 * and calls with optional chains, new/super/import forms, and the primary
 * expressions (identifiers, literals, templates, regexps, array and object
 * literals, parenthesized expressions, and with --allow-natives-syntax the
 * runtime calls %Name(args)).
 *
 * Invariants: an unparenthesized `(...)`/`async(...)` directly followed by
 * `=>` comes back as a NODE_COVER_ARROW node that only parse_assignment
 * consumes; CoverInitializedName and duplicate __proto__ positions stay in
 * p->cover_init_pos / p->dup_proto_pos until the enclosing non-deferring
 * parse_assignment either converts the literal to a pattern or reports them.
 */
#include <stdlib.h>

#include "base/flags.h"
#include "regexp/regexp.h"
#include "parser/parser_internal.h"
#include "runtime/natives.h"

static Node *parse_unary(Parser *p);
static Node *parse_primary(Parser *p);
static Node *parse_subscripts(Parser *p, Node *e, bool no_call);
static Node *parse_super(Parser *p);
static Node *parse_import_expr(Parser *p);

/* ---- identifiers ---- */

bool parser_token_is_identifier(const Parser *p) {
  const Token *t = &p->lx.tok;
  if (t->kind == TOK_IDENTIFIER) return true;
  if (t->kind == TOK_KW_yield) return !p->fs->yield_ctx && !p->fs->strict;
  if (t->kind == TOK_KW_await)
    return !p->fs->await_ctx && !p->module && !p->fs->static_block;
  return false;
}

bool parser_check_identifier(Parser *p, Atom *name, bool escaped, uint32_t offset,
                             bool binding) {
  FuncState *fs = p->fs;
  int wk = name->wk;
  char buf[64];
  if (wk == WK_yield) {
    if (fs->yield_ctx || fs->strict) {
      parser_error(p, offset, "'yield' is not a valid identifier here");
      return false;
    }
    return true;
  }
  if (wk == WK_await) {
    if (fs->await_ctx || p->module || fs->static_block) {
      parser_error(p, offset, "'await' is not a valid identifier here");
      return false;
    }
    p->uses.await_ident++;
    p->uses.await_ident_pos = offset + 1;
    return true;
  }
  if (wk >= WK_FIRST_KEYWORD && wk <= WK_LAST_KEYWORD) {
    parser_error(p, offset, "'%s' is a reserved word%s", atom_to_utf8(name, buf, sizeof buf),
                 escaped ? " (escapes do not change that)" : "");
    return false;
  }
  if (fs->strict) {
    switch (wk) {
      case WK_implements: case WK_interface: case WK_let: case WK_package:
      case WK_private: case WK_protected: case WK_public: case WK_static:
        parser_error(p, offset, "'%s' is reserved in strict mode", atom_to_utf8(name, buf, sizeof buf));
        return false;
      default:
        break;
    }
    if (binding && (wk == WK_eval || wk == WK_arguments)) {
      parser_error(p, offset, "'%s' cannot be bound in strict mode", atom_to_utf8(name, buf, sizeof buf));
      return false;
    }
  }
  if (wk == WK_arguments && !binding) {
    if (!fs->allow_arguments) {
      parser_error(p, offset, "'arguments' is not allowed in class field initializers or static blocks");
      return false;
    }
    p->uses.arguments++;
  }
  return true;
}

Atom *parse_binding_identifier(Parser *p, uint32_t *offset) {
  Token *t = &p->lx.tok;
  *offset = t->start;
  if (t->kind != TOK_IDENTIFIER && t->kind != TOK_KW_yield && t->kind != TOK_KW_await) {
    if (t->kind == TOK_ERROR) return NULL;
    if (TOK_IS_KEYWORD(t->kind)) {
      char buf[64];
      return parser_error(p, t->start, "'%s' is a reserved word", atom_to_utf8(t->atom, buf, sizeof buf));
    }
    return parser_error(p, t->start, "expected an identifier");
  }
  Atom *name = t->atom;
  if (!parser_check_identifier(p, name, t->escaped, t->start, true)) return NULL;
  parser_next(p);
  return name;
}

Node *parse_identifier_reference(Parser *p) {
  Token *t = &p->lx.tok;
  if (!parser_check_identifier(p, t->atom, t->escaped, t->start, false)) return NULL;
  Identifier *id = parser_node(p, NODE_IDENTIFIER, sizeof(Identifier));
  if (!id) return NULL;
  id->name = t->atom;
  parser_next(p);
  return &id->h;
}

void parser_note_private_ref(Parser *p, Atom *name, uint32_t offset) {
  ClassState *c = p->cls;
  if (!c) {
    char buf[64];
    parser_error(p, offset, "private name %s is not defined", atom_to_utf8(name, buf, sizeof buf));
    return;
  }
  if (c->ref_count == c->ref_cap) {
    uint32_t cap = c->ref_cap ? c->ref_cap * 2 : 8;
    PrivRef *r = realloc(c->refs, cap * sizeof(PrivRef));
    if (!r) { parser_error(p, offset, "out of memory"); return; }
    c->refs = r;
    c->ref_cap = cap;
  }
  c->refs[c->ref_count].name = name;
  c->refs[c->ref_count].offset = offset;
  c->ref_count++;
}

bool parser_starts_expression(const Parser *p) {
  switch (p->lx.tok.kind) {
    case TOK_IDENTIFIER: case TOK_PRIVATE_NAME: case TOK_NUMBER: case TOK_BIGINT:
    case TOK_STRING: case TOK_TEMPLATE: case TOK_KW_this: case TOK_KW_null:
    case TOK_KW_true: case TOK_KW_false: case TOK_KW_function: case TOK_KW_class:
    case TOK_KW_new: case TOK_KW_super: case TOK_KW_import: case TOK_KW_typeof:
    case TOK_KW_void: case TOK_KW_delete: case TOK_KW_yield: case TOK_KW_await:
    case TOK_LPAREN: case TOK_LBRACKET: case TOK_LBRACE: case TOK_PLUS:
    case TOK_MINUS: case TOK_BANG: case TOK_TILDE: case TOK_INC: case TOK_DEC:
    case TOK_SLASH: case TOK_SLASH_ASSIGN:
      return true;
    case TOK_PERCENT:
      return FLAG_allow_natives_syntax;   /* %Name(args) */
    default:
      return false;
  }
}

/* ---- literals ---- */

static Node *string_literal(Parser *p) {
  Token *t = &p->lx.tok;
  if (t->octal_escape && p->fs->strict)
    return parser_error(p, t->octal_escape - 1, "octal escape sequences are not allowed in strict mode");
  StringLit *s = parser_node(p, NODE_STRING_LIT, sizeof(StringLit));
  if (!s) return NULL;
  s->value = t->atom;
  parser_next(p);
  return &s->h;
}

static Node *number_literal(Parser *p) {
  Token *t = &p->lx.tok;
  if (t->legacy_octal && p->fs->strict)
    return parser_error(p, t->start, "legacy octal literals are not allowed in strict mode");
  NumberLit *n = parser_node(p, NODE_NUMBER_LIT, sizeof(NumberLit));
  if (!n) return NULL;
  n->value = t->number;
  parser_next(p);
  return &n->h;
}

static Node *bigint_literal(Parser *p) {
  Token *t = &p->lx.tok;
  BigIntLit *b = parser_node(p, NODE_BIGINT_LIT, sizeof(BigIntLit));
  if (!b) return NULL;
  b->digits = t->bigint_digits;
  b->length = t->bigint_len;
  b->radix = t->bigint_radix;
  parser_next(p);
  return &b->h;
}

Node *parse_property_key(Parser *p, bool *computed, bool allow_private) {
  Token *t = &p->lx.tok;
  *computed = false;
  switch (t->kind) {
    case TOK_STRING:
      return string_literal(p);
    case TOK_NUMBER:
      return number_literal(p);
    case TOK_BIGINT:
      return bigint_literal(p);
    case TOK_LBRACKET: {
      *computed = true;
      parser_next(p);
      Node *e = parse_assignment(p, true);
      if (!e || !parser_expect(p, TOK_RBRACKET)) return NULL;
      return e;
    }
    case TOK_PRIVATE_NAME: {
      if (!allow_private) return parser_unexpected(p);
      PrivateName *pn = parser_node(p, NODE_PRIVATE_NAME, sizeof(PrivateName));
      if (!pn) return NULL;
      pn->name = t->atom;
      parser_next(p);
      return &pn->h;
    }
    default:
      if (t->kind == TOK_IDENTIFIER || TOK_IS_KEYWORD(t->kind)) {
        StringLit *s = parser_node(p, NODE_STRING_LIT, sizeof(StringLit));
        if (!s) return NULL;
        s->value = t->atom;
        parser_next(p);
        return &s->h;
      }
      return parser_unexpected(p);
  }
}

/* Growable pair of atom arrays for template quasis. */
typedef struct Quasis {
  Atom **cooked, **raw;
  uint32_t count, cap;
} Quasis;

Node *parse_template(Parser *p, bool tagged) {
  if (!parser_enter(p)) return NULL;
  TemplateLit *tl = parser_node(p, NODE_TEMPLATE_LIT, sizeof(TemplateLit));
  if (!tl) return NULL;
  Quasis q = {0};
  uint32_t base = p->sp;
  for (;;) {
    Token *t = &p->lx.tok;
    if (t->kind != TOK_TEMPLATE) {
      if (t->kind == TOK_RBRACE) lexer_rescan_template(&p->lx);
      if (t->kind != TOK_TEMPLATE) {
        parser_unexpected(p);
        goto fail;
      }
    }
    if (!tagged && !t->atom) {
      parser_error(p, t->template_error_offset, "%s", t->template_error);
      goto fail;
    }
    if (q.count == q.cap) {
      uint32_t cap = q.cap ? q.cap * 2 : 4;
      Atom **c = realloc(q.cooked, cap * sizeof(Atom *));
      if (!c) goto nomem;
      q.cooked = c;
      Atom **r = realloc(q.raw, cap * sizeof(Atom *));
      if (!r) goto nomem;
      q.raw = r;
      q.cap = cap;
    }
    q.cooked[q.count] = t->atom;
    q.raw[q.count] = t->raw;
    q.count++;
    bool tail = t->template_tail;
    parser_next(p);
    if (tail) break;
    Node *e = parse_expression(p, true);
    if (!e || !parser_push(p, e)) goto fail;
    if (p->lx.tok.kind != TOK_RBRACE) {
      parser_unexpected(p);
      goto fail;
    }
  }
  if (!parser_pop_list(p, base, &tl->exprs)) goto fail;
  tl->quasi_count = q.count;
  tl->cooked = arena_dup(p->arena, q.cooked, q.count * sizeof(Atom *));
  tl->raw = arena_dup(p->arena, q.raw, q.count * sizeof(Atom *));
  if (!tl->cooked || !tl->raw) goto nomem;
  free(q.cooked);
  free(q.raw);
  parser_finish(p, tl);
  parser_leave(p);
  return &tl->h;
nomem:
  parser_error(p, tl->h.start, "out of memory");
fail:
  free(q.cooked);
  free(q.raw);
  return NULL;
}

/* ---- array and object literals ---- */

/* Parses `...AssignmentExpression` at an ellipsis (the cover grammar when cover).
 * When spare is given, a comma right after it sets SPARE_COMMA_AFTER_SPREAD there. */
static Node *parse_spread(Parser *p, bool cover, uint16_t *spare) {
  Spread *s = parser_node(p, NODE_SPREAD, sizeof(Spread));
  if (!s) return NULL;
  parser_next(p);
  s->argument = cover ? parse_assignment_cover(p, true) : parse_assignment(p, true);
  if (!s->argument) return NULL;
  parser_finish(p, s);
  if (spare && parser_at(p, TOK_COMMA)) *spare |= SPARE_COMMA_AFTER_SPREAD;
  return &s->h;
}

static Node *parse_array_literal(Parser *p) {
  /* sized for the in-place conversion to an ArrayPattern */
  ArrayLit *a = parser_node(p, NODE_ARRAY_LIT, sizeof(ArrayPattern));
  if (!a) return NULL;
  parser_next(p);
  uint32_t base = p->sp;
  while (!parser_at(p, TOK_RBRACKET)) {
    if (parser_at(p, TOK_COMMA)) {
      parser_next(p);
      if (!parser_push(p, NULL)) return NULL;
      continue;
    }
    Node *e;
    if (parser_at(p, TOK_ELLIPSIS)) {
      e = parse_spread(p, true, &a->h.spare);
      if (!e) return NULL;
    } else {
      e = parse_assignment_cover(p, true);
      if (!e) return NULL;
    }
    if (!parser_push(p, e)) return NULL;
    if (!parser_at(p, TOK_RBRACKET) && !parser_expect(p, TOK_COMMA)) return NULL;
  }
  if (!parser_pop_list(p, base, &a->elements)) return NULL;
  parser_next(p);
  parser_finish(p, a);
  return &a->h;
}

/* Is the token after a get/set/async/static prefix the start of a key (so
 * the prefix is a modifier) rather than `(`, `:`, `,`, `}`, `=`, `;`? */
static bool prefix_is_modifier(Parser *p, bool for_async) {
  bool nl;
  TokenKind k = parser_peek(p, &nl, NULL);
  if (for_async && nl) return false;
  switch (k) {
    case TOK_LPAREN: case TOK_COLON: case TOK_COMMA: case TOK_RBRACE:
    case TOK_ASSIGN: case TOK_SEMICOLON: case TOK_EOF:
      return false;
    default:
      return true;
  }
}

static Node *parse_object_property(Parser *p, bool *seen_proto) {
  Token *t = &p->lx.tok;
  Property *pr = parser_node(p, NODE_PROPERTY, sizeof(Property));
  if (!pr) return NULL;
  uint32_t start = t->start, line = t->line, line_start = t->line_start;
  bool is_async = false, gen = false;
  PropKind kind = PROP_INIT;
  if (parser_at_contextual(p, WK_async) && prefix_is_modifier(p, true)) {
    is_async = true;
    parser_next(p);
  }
  if (parser_at(p, TOK_STAR)) {
    gen = true;
    parser_next(p);
  }
  if (!is_async && !gen &&
      (parser_at_contextual(p, WK_get) || parser_at_contextual(p, WK_set)) &&
      prefix_is_modifier(p, false)) {
    kind = t->atom == p->wk[WK_get] ? PROP_GET : PROP_SET;
    parser_next(p);
  }
  TokenKind key_tok = (TokenKind)t->kind;
  Atom *key_atom = t->atom;
  bool key_escaped = t->escaped;
  uint32_t key_start = t->start;
  bool computed;
  pr->key = parse_property_key(p, &computed, false);
  if (!pr->key) return NULL;
  pr->computed = computed;
  if (kind != PROP_INIT || is_async || gen || parser_at(p, TOK_LPAREN)) {
    FuncKind fk = kind == PROP_GET ? FUNC_GETTER : kind == PROP_SET ? FUNC_SETTER : FUNC_METHOD;
    FuncSpec spec = {fk, NODE_FUNCTION_EXPR, is_async, gen, false, false,
                     start, line, line_start};
    pr->kind = (uint8_t)(kind == PROP_INIT ? PROP_METHOD : kind);
    pr->value = (Node *)parse_function_rest(p, &spec, NULL, 0);
    if (!pr->value) return NULL;
  } else if (parser_eat(p, TOK_COLON)) {
    pr->kind = PROP_INIT;
    pr->value = parse_assignment_cover(p, true);
    if (!pr->value) return NULL;
    if (!computed && pr->key->kind == NODE_STRING_LIT &&
        ((StringLit *)pr->key)->value == p->wk[WK_proto]) {
      pr->is_proto_setter = true;
      if (*seen_proto && !p->dup_proto_pos) p->dup_proto_pos = key_start + 1;
      *seen_proto = true;
    }
  } else {
    /* shorthand: `a` or CoverInitializedName `a = 1` */
    if (key_tok != TOK_IDENTIFIER && key_tok != TOK_KW_yield && key_tok != TOK_KW_await)
      return parser_error(p, key_start, "invalid shorthand property");
    if (!parser_check_identifier(p, key_atom, key_escaped, key_start, false)) return NULL;
    Identifier *id = parser_node_at(p, NODE_IDENTIFIER, sizeof(Identifier), pr->key);
    if (!id) return NULL;
    id->name = key_atom;
    pr->kind = PROP_INIT;
    pr->shorthand = true;
    pr->value = &id->h;
    if (parser_at(p, TOK_ASSIGN)) {
      if (!p->cover_init_pos) p->cover_init_pos = p->lx.tok.start + 1;
      parser_next(p);
      AssignPattern *ap = parser_node_at(p, NODE_ASSIGN_PATTERN, sizeof(AssignPattern), &id->h);
      if (!ap) return NULL;
      ap->target = &id->h;
      ap->value = parse_assignment(p, true);
      if (!ap->value) return NULL;
      parser_finish(p, ap);
      pr->value = &ap->h;
    }
  }
  parser_finish(p, pr);
  return &pr->h;
}

static Node *parse_object_literal(Parser *p) {
  /* sized for the in-place conversion to an ObjectPattern */
  ObjectLit *o = parser_node(p, NODE_OBJECT_LIT, sizeof(ObjectPattern));
  if (!o) return NULL;
  parser_next(p);
  uint32_t base = p->sp;
  bool seen_proto = false;
  while (!parser_at(p, TOK_RBRACE)) {
    Node *e;
    if (parser_at(p, TOK_ELLIPSIS)) {
      e = parse_spread(p, true, &o->h.spare);
      if (!e) return NULL;
    } else {
      e = parse_object_property(p, &seen_proto);
      if (!e) return NULL;
    }
    if (!parser_push(p, e)) return NULL;
    if (!parser_at(p, TOK_RBRACE) && !parser_expect(p, TOK_COMMA)) return NULL;
  }
  if (!parser_pop_list(p, base, &o->properties)) return NULL;
  parser_next(p);
  parser_finish(p, o);
  return &o->h;
}

/* ---- parenthesized expressions and arrow covers ---- */

static Node *parse_paren(Parser *p) {
  Token *t = &p->lx.tok;
  CoverArrow *cv = parser_node(p, NODE_COVER_ARROW, sizeof(CoverArrow));
  if (!cv) return NULL;
  cv->h.kind = NODE_COVER_ARROW;
  cv->uses = p->uses;
  uint32_t open = t->start;
  parser_next(p);
  uint32_t base = p->sp;
  while (!parser_at(p, TOK_RPAREN)) {
    if (parser_at(p, TOK_ELLIPSIS)) {
      parser_next(p);
      cv->rest = parse_binding_target(p, false);
      if (!cv->rest) return NULL;
      if (!parser_at(p, TOK_RPAREN))
        return parser_error(p, p->lx.tok.start, "rest element must be last");
      break;
    }
    Node *e = parse_assignment_cover(p, true);
    if (!e || !parser_push(p, e)) return NULL;
    if (parser_at(p, TOK_COMMA)) {
      uint32_t comma = p->lx.tok.start;
      parser_next(p);
      if (parser_at(p, TOK_RPAREN)) cv->trailing_comma = comma + 1;
    } else if (!parser_at(p, TOK_RPAREN)) {
      return parser_unexpected(p);
    }
  }
  if (!parser_pop_list(p, base, &cv->items)) return NULL;
  parser_next(p); /* ) */
  parser_finish(p, cv);
  if (parser_at(p, TOK_ARROW) && !p->lx.tok.nl_before) return &cv->h;
  if (cv->rest || cv->trailing_comma || cv->items.count == 0) {
    if (parser_at(p, TOK_ARROW))
      return parser_error(p, p->lx.tok.start, "line terminator before '=>'");
    return parser_error(p, cv->items.count == 0 ? open : cv->rest ? cv->rest->start
                                                                  : cv->trailing_comma - 1,
                        "invalid parenthesized expression");
  }
  Node *e;
  if (cv->items.count == 1) {
    e = cv->items.items[0];
  } else {
    SequenceExpr *s = parser_node_at(p, NODE_SEQUENCE, sizeof(SequenceExpr), cv->items.items[0]);
    if (!s) return NULL;
    s->exprs = cv->items;
    s->h.end = cv->items.items[cv->items.count - 1]->end;
    e = &s->h;
  }
  e->flags |= NODE_FLAG_PARENS;
  return e;
}

/* ---- primary ---- */

static Node *parse_regexp(Parser *p) {
  lexer_rescan_regexp(&p->lx);
  Token *t = &p->lx.tok;
  if (t->kind != TOK_REGEXP) return NULL;
  const ParseOptions *o = p->opts;
  /* the regexp compiler checks literals unless the embedder supplies a hook */
  RegExpValidator validate = o->validate_regexp ? o->validate_regexp : regexp_validate;
  {
    char msg[160] = "";
    if (!validate(o->validate_regexp_ctx, t->atom->chars, t->atom->length,
                            t->regexp_flags, msg, sizeof msg))
      return parser_error(p, t->start, "invalid regular expression: %s", msg);
  }
  RegExpLit *r = parser_node(p, NODE_REGEXP_LIT, sizeof(RegExpLit));
  if (!r) return NULL;
  r->pattern = t->atom;
  r->flags_text = t->raw;
  r->flags = t->regexp_flags;
  parser_next(p);
  return &r->h;
}

/* At `async x`: is it `async x =>` (else `async` is an identifier, as in
 * `for await (async of y)`)? */
static bool async_arrow_follows(Parser *p) {
  LexerState s;
  lexer_save(&p->lx, &s);
  lexer_next(&p->lx);
  lexer_next(&p->lx);
  bool r = p->lx.tok.kind == TOK_ARROW;
  if (p->lx.tok.kind == TOK_ERROR) p->err->kind = PARSE_ERROR_NONE;
  lexer_restore(&p->lx, &s);
  return r;
}

static bool parse_arguments(Parser *p, NodeList *out, bool cover, uint32_t *trailing);

/* `%Name(args)` (--allow-natives-syntax): a call of a runtime function;
 * unknown names, wrong argument counts and spread are SyntaxErrors, as in V8. */
static Node *parse_runtime_call(Parser *p) {
  CallRuntime *c = parser_node(p, NODE_CALL_RUNTIME, sizeof(CallRuntime));
  if (!c) return NULL;
  parser_next(p);   /* % */
  Token *t = &p->lx.tok;
  if (t->kind != TOK_IDENTIFIER) return parser_error(p, t->start, "expected a runtime function name after '%%'");
  char name[64];
  atom_to_utf8(t->atom, name, sizeof name);
  int32_t id = t->atom->length < sizeof name - 1 && !t->escaped ? natives_lookup(name, strlen(name)) : -1;
  if (id < 0) return parser_error(p, t->start, "Unknown runtime function %%%s", name);
  uint32_t name_pos = t->start;
  parser_next(p);
  if (!parser_at(p, TOK_LPAREN)) return parser_unexpected(p);
  if (!parse_arguments(p, &c->args, false, NULL)) return NULL;
  for (uint32_t i = 0; i < c->args.count; i++)
    if (c->args.items[i]->kind == NODE_SPREAD)
      return parser_error(p, c->args.items[i]->start, "runtime function calls do not support spread arguments");
  int32_t want = natives_arg_count((uint32_t)id);
  if (want != NATIVES_VARARGS && (uint32_t)want != c->args.count)
    return parser_error(p, name_pos, "Runtime function %%%s given wrong number of arguments (expects %d, got %u)",
                        name, want, c->args.count);
  c->id = (uint32_t)id;
  parser_finish(p, c);
  return &c->h;
}

static Node *parse_primary(Parser *p) {
  Token *t = &p->lx.tok;
  switch (t->kind) {
    case TOK_PERCENT:
      if (!FLAG_allow_natives_syntax) return parser_unexpected(p);
      return parse_runtime_call(p);
    case TOK_IDENTIFIER: {
      if (t->atom == p->wk[WK_async] && !t->escaped) {
        bool nl;
        TokenKind k = parser_peek(p, &nl, NULL);
        if (k == TOK_KW_function && !nl) {
          uint32_t start = t->start, line = t->line, ls = t->line_start;
          parser_next(p);
          return parse_function_expression(p, true, start, line, ls);
        }
        if (!nl && (k == TOK_IDENTIFIER || k == TOK_KW_yield || k == TOK_KW_await) &&
            async_arrow_follows(p)) {
          /* async x => ... */
          CoverArrow *cv = parser_node(p, NODE_COVER_ARROW, sizeof(CoverArrow));
          if (!cv) return NULL;
          cv->h.kind = NODE_COVER_ARROW;
          cv->is_async = true;
          cv->uses = p->uses;
          parser_next(p);
          if (p->lx.tok.kind == TOK_KW_await)
            return parser_error(p, p->lx.tok.start, "'await' is not allowed in async arrow parameters");
          FuncState *fs = p->fs;
          bool saved = fs->await_ctx;
          fs->await_ctx = true; /* the parameter may not be `await` */
          Node *id = parse_identifier_reference(p);
          fs->await_ctx = saved;
          if (!id) return NULL;
          Node **items = parser_alloc(p, sizeof(Node *));
          if (!items) return NULL;
          items[0] = id;
          cv->items.items = items;
          cv->items.count = 1;
          parser_finish(p, cv);
          if (!parser_at(p, TOK_ARROW) || p->lx.tok.nl_before)
            return parser_error(p, p->lx.tok.start, "expected '=>' after async arrow parameter");
          return &cv->h;
        }
      }
      return parse_identifier_reference(p);
    }
    case TOK_KW_yield:
      if (p->fs->yield_ctx) {
        if (p->fs->in_params)
          return parser_error(p, t->start, "yield expression in formal parameters");
        return parser_error(p, t->start, "unexpected 'yield'");
      }
      return parse_identifier_reference(p);
    case TOK_KW_await:
      if (p->fs->await_ctx && !p->fs->static_block)
        return parser_error(p, t->start, "unexpected 'await'");
      return parse_identifier_reference(p);
    case TOK_KW_this: {
      Node *n = parser_node(p, NODE_THIS, sizeof(Node));
      if (!n) return NULL;
      p->uses.this_++;
      parser_next(p);
      return n;
    }
    case TOK_KW_null: {
      Node *n = parser_node(p, NODE_NULL_LIT, sizeof(Node));
      if (!n) return NULL;
      parser_next(p);
      return n;
    }
    case TOK_KW_true:
    case TOK_KW_false: {
      BoolLit *b = parser_node(p, NODE_BOOL_LIT, sizeof(BoolLit));
      if (!b) return NULL;
      b->value = t->kind == TOK_KW_true;
      parser_next(p);
      return &b->h;
    }
    case TOK_NUMBER:
      return number_literal(p);
    case TOK_BIGINT:
      return bigint_literal(p);
    case TOK_STRING:
      return string_literal(p);
    case TOK_TEMPLATE:
      return parse_template(p, false);
    case TOK_SLASH:
    case TOK_SLASH_ASSIGN:
      return parse_regexp(p);
    case TOK_LBRACKET:
      return parse_array_literal(p);
    case TOK_LBRACE:
      return parse_object_literal(p);
    case TOK_LPAREN:
      return parse_paren(p);
    case TOK_KW_function:
      return parse_function_expression(p, false, t->start, t->line, t->line_start);
    case TOK_KW_class:
      return parse_class(p, true, false);
    default:
      return parser_unexpected(p);
  }
}

/* ---- calls, members, new, super, import ---- */

/* Parses `( args )`; in cover mode (async(...) =>) the args are parsed
 * deferring pattern-only errors. */
static bool parse_arguments(Parser *p, NodeList *out, bool cover, uint32_t *trailing) {
  if (!parser_expect(p, TOK_LPAREN)) return false;
  uint32_t base = p->sp;
  while (!parser_at(p, TOK_RPAREN)) {
    Node *e;
    if (parser_at(p, TOK_ELLIPSIS)) {
      e = parse_spread(p, cover, NULL);
      if (!e) return false;
    } else {
      e = cover ? parse_assignment_cover(p, true) : parse_assignment(p, true);
      if (!e) return false;
    }
    if (!parser_push(p, e)) return false;
    if (parser_at(p, TOK_COMMA)) {
      uint32_t comma = p->lx.tok.start;
      parser_next(p);
      if (parser_at(p, TOK_RPAREN) && trailing) *trailing = comma + 1;
    } else if (!parser_at(p, TOK_RPAREN)) {
      parser_unexpected(p);
      return false;
    }
  }
  if (!parser_pop_list(p, base, out)) return false;
  parser_next(p);
  return true;
}

/* `new.target` or `new callee [args]`. */
static Node *parse_new(Parser *p) {
  if (!parser_enter(p)) return NULL;
  Token *t = &p->lx.tok;
  CallExpr *c = parser_node(p, NODE_NEW, sizeof(CallExpr));
  if (!c) return NULL;
  parser_next(p);
  if (parser_at(p, TOK_DOT)) {
    parser_next(p);
    if (!parser_at_contextual(p, WK_target))
      return parser_error(p, t->start, "expected 'new.target'");
    if (!p->fs->allow_new_target)
      return parser_error(p, c->h.start, "new.target is only allowed in functions");
    p->uses.new_target++;
    parser_next(p);
    c->h.kind = NODE_NEW_TARGET;
    parser_finish(p, c);
    parser_leave(p);
    return &c->h;
  }
  Node *callee;
  if (parser_at(p, TOK_KW_new)) {
    callee = parse_new(p);
  } else if (parser_at(p, TOK_KW_super)) {
    bool nl;
    if (parser_peek(p, &nl, NULL) == TOK_LPAREN)
      return parser_error(p, p->lx.tok.start, "'new super()' is not allowed");
    callee = parse_super(p);
  } else if (parser_at(p, TOK_KW_import)) {
    bool nl;
    if (parser_peek(p, &nl, NULL) != TOK_DOT)
      return parser_error(p, p->lx.tok.start, "'new import(...)' is not allowed");
    callee = parse_import_expr(p);
  } else {
    callee = parse_primary(p);
  }
  if (!callee) return NULL;
  if (callee->kind == NODE_COVER_ARROW) return parser_error(p, callee->start, "invalid 'new' expression");
  callee = parse_subscripts(p, callee, true);
  if (!callee) return NULL;
  c->callee = callee;
  parser_leave(p);
  if (parser_at(p, TOK_LPAREN)) {
    if (!parse_arguments(p, &c->args, false, NULL)) return NULL;
  }
  parser_finish(p, c);
  return &c->h;
}

static Node *parse_super(Parser *p) {
  Token *t = &p->lx.tok;
  uint32_t start = t->start;
  Node tmp;
  tmp.start = t->start;
  tmp.end = t->end;
  tmp.line = t->line;
  tmp.column = parser_node_column(p, t->line_start, t->start);
  parser_next(p);
  FuncState *fs = p->fs;
  if (parser_at(p, TOK_LPAREN)) {
    if (!fs->allow_super_call) return parser_error(p, start, "'super' call outside a derived constructor");
    CallExpr *c = parser_node_at(p, NODE_SUPER_CALL, sizeof(CallExpr), &tmp);
    if (!c) return NULL;
    p->uses.super_call++;
    p->uses.this_++;
    if (!parse_arguments(p, &c->args, false, NULL)) return NULL;
    parser_finish(p, c);
    return &c->h;
  }
  if (parser_at(p, TOK_DOT) || parser_at(p, TOK_LBRACKET)) {
    if (!fs->allow_super_prop) return parser_error(p, start, "'super' property access outside a method");
    p->uses.super_prop++;
    p->uses.this_++;
    MemberExpr *m = parser_node_at(p, NODE_SUPER_MEMBER, sizeof(MemberExpr), &tmp);
    if (!m) return NULL;
    if (parser_eat(p, TOK_DOT)) {
      Token *n = &p->lx.tok;
      if (n->kind != TOK_IDENTIFIER && !TOK_IS_KEYWORD(n->kind)) return parser_unexpected(p);
      m->name = n->atom;
      parser_next(p);
    } else {
      parser_next(p);
      m->h.kind = NODE_SUPER_INDEX;
      m->index = parse_expression(p, true);
      if (!m->index || !parser_expect(p, TOK_RBRACKET)) return NULL;
    }
    parser_finish(p, m);
    return &m->h;
  }
  return parser_error(p, start, "unexpected 'super'");
}

static Node *parse_import_expr(Parser *p) {
  Token *t = &p->lx.tok;
  Node tmp;
  tmp.start = t->start;
  tmp.line = t->line;
  tmp.column = parser_node_column(p, t->line_start, t->start);
  tmp.end = t->end;
  uint32_t start = t->start;
  parser_next(p);
  if (parser_eat(p, TOK_DOT)) {
    if (!parser_at_contextual(p, WK_meta)) return parser_error(p, start, "expected 'import.meta'");
    if (!p->module) return parser_error(p, start, "import.meta is only allowed in modules");
    Node *n = parser_node_at(p, NODE_IMPORT_META, sizeof(Node), &tmp);
    if (!n) return NULL;
    parser_next(p);
    parser_finish(p, n);
    return n;
  }
  if (!parser_at(p, TOK_LPAREN)) return parser_error(p, start, "unexpected 'import'");
  ImportCall *c = parser_node_at(p, NODE_IMPORT_CALL, sizeof(ImportCall), &tmp);
  if (!c) return NULL;
  parser_next(p);
  if (parser_at(p, TOK_RPAREN)) return parser_unexpected(p);
  c->specifier = parse_assignment(p, true);
  if (!c->specifier) return NULL;
  if (parser_eat(p, TOK_COMMA) && !parser_at(p, TOK_RPAREN)) {
    c->options = parse_assignment(p, true);
    if (!c->options) return NULL;
    parser_eat(p, TOK_COMMA);
  }
  if (!parser_expect(p, TOK_RPAREN)) return NULL;
  parser_finish(p, c);
  return &c->h;
}

/* A member access after `.` or `?.`: name, #name. */
static Node *member_name(Parser *p, Node *object, bool optional) {
  Token *t = &p->lx.tok;
  MemberExpr *m = parser_node_at(p, NODE_MEMBER, sizeof(MemberExpr), object);
  if (!m) return NULL;
  m->object = object;
  m->optional = optional;
  if (t->kind == TOK_PRIVATE_NAME) {
    m->h.kind = NODE_PRIVATE_MEMBER;
    parser_note_private_ref(p, t->atom, t->start);
    if (parser_failed(p)) return NULL;
  } else if (t->kind != TOK_IDENTIFIER && !TOK_IS_KEYWORD(t->kind)) {
    return parser_unexpected(p);
  }
  m->name = t->atom;
  parser_next(p);
  parser_finish(p, m);
  return &m->h;
}

static Node *parse_subscripts(Parser *p, Node *e, bool no_call) {
  bool chain = false;
  Node *first = e;
  for (;;) {
    Token *t = &p->lx.tok;
    switch (t->kind) {
      case TOK_DOT:
        parser_next(p);
        e = member_name(p, e, false);
        break;
      case TOK_QUESTION_DOT: {
        if (no_call) return parser_error(p, t->start, "optional chain in 'new' expression");
        chain = true;
        parser_next(p);
        if (parser_at(p, TOK_LPAREN)) {
          CallExpr *c = parser_node_at(p, NODE_CALL, sizeof(CallExpr), e);
          if (!c) return NULL;
          c->callee = e;
          c->optional = true;
          if (!parse_arguments(p, &c->args, false, NULL)) return NULL;
          parser_finish(p, c);
          e = &c->h;
        } else if (parser_at(p, TOK_LBRACKET)) {
          MemberExpr *m = parser_node_at(p, NODE_INDEX, sizeof(MemberExpr), e);
          if (!m) return NULL;
          m->object = e;
          m->optional = true;
          parser_next(p);
          m->index = parse_expression(p, true);
          if (!m->index || !parser_expect(p, TOK_RBRACKET)) return NULL;
          parser_finish(p, m);
          e = &m->h;
        } else if (parser_at(p, TOK_TEMPLATE)) {
          return parser_error(p, p->lx.tok.start, "tagged template in optional chain");
        } else {
          e = member_name(p, e, true);
        }
        break;
      }
      case TOK_LBRACKET: {
        MemberExpr *m = parser_node_at(p, NODE_INDEX, sizeof(MemberExpr), e);
        if (!m) return NULL;
        m->object = e;
        parser_next(p);
        m->index = parse_expression(p, true);
        if (!m->index || !parser_expect(p, TOK_RBRACKET)) return NULL;
        parser_finish(p, m);
        e = &m->h;
        break;
      }
      case TOK_TEMPLATE: {
        if (chain) return parser_error(p, t->start, "tagged template in optional chain");
        TaggedTemplate *tt = parser_node_at(p, NODE_TAGGED_TEMPLATE, sizeof(TaggedTemplate), e);
        if (!tt) return NULL;
        tt->tag = e;
        tt->quasi = (TemplateLit *)parse_template(p, true);
        if (!tt->quasi) return NULL;
        parser_finish(p, tt);
        e = &tt->h;
        break;
      }
      case TOK_LPAREN: {
        if (no_call) goto done;
        bool async_cover = e == first && e->kind == NODE_IDENTIFIER &&
                           !(e->flags & NODE_FLAG_PARENS) &&
                           ((Identifier *)e)->name == p->wk[WK_async] &&
                           e->end - e->start == 5 && !t->nl_before;
        CallExpr *c = parser_node_at(p, NODE_CALL, sizeof(CallExpr), e);
        if (!c) return NULL;
        c->callee = e;
        if (e->kind == NODE_IDENTIFIER && ((Identifier *)e)->name == p->wk[WK_eval]) {
          c->h.flags |= NODE_FLAG_DIRECT_EVAL;
          p->uses.direct_eval++;
          p->uses.total_eval++;
        }
        if (async_cover) {
          Uses snap = p->uses;
          uint32_t trailing = 0;
          if (!parse_arguments(p, &c->args, true, &trailing)) return NULL;
          parser_finish(p, c);
          if (parser_at(p, TOK_ARROW) && !p->lx.tok.nl_before) {
            CoverArrow *cv = parser_node_at(p, NODE_COVER_ARROW, sizeof(CoverArrow), e);
            if (!cv) return NULL;
            cv->h.kind = NODE_COVER_ARROW;
            cv->is_async = true;
            cv->uses = snap;
            cv->h.end = c->h.end;
            /* a trailing spread becomes the rest element */
            NodeList args = c->args;
            for (uint32_t i = 0; i < args.count; i++) {
              if (args.items[i]->kind != NODE_SPREAD) continue;
              if (i + 1 != args.count || trailing)
                return parser_error(p, args.items[i]->start, "rest element must be last");
              cv->rest = ((Spread *)args.items[i])->argument;
              args.count--;
            }
            cv->items = args;
            return &cv->h;
          }
        } else {
          if (!parse_arguments(p, &c->args, false, NULL)) return NULL;
          parser_finish(p, c);
        }
        e = &c->h;
        break;
      }
      default:
        goto done;
    }
    if (!e) return NULL;
  }
done:
  if (chain) {
    OptionalChain *oc = parser_node_at(p, NODE_OPTIONAL_CHAIN, sizeof(OptionalChain), e);
    if (!oc) return NULL;
    oc->expr = e;
    oc->h.end = e->end;
    e = &oc->h;
  }
  return e;
}

Node *parse_lhs_expression(Parser *p) {
  Node *e;
  switch (p->lx.tok.kind) {
    case TOK_KW_new: e = parse_new(p); break;
    case TOK_KW_super: e = parse_super(p); break;
    case TOK_KW_import: e = parse_import_expr(p); break;
    default: e = parse_primary(p); break;
  }
  if (!e || e->kind == NODE_COVER_ARROW) return e;
  return parse_subscripts(p, e, false);
}

/* ---- unary, binary, conditional ---- */

static Node *parse_postfix(Parser *p) {
  Node *e = parse_lhs_expression(p);
  if (!e || e->kind == NODE_COVER_ARROW) return e;
  Token *t = &p->lx.tok;
  if ((t->kind == TOK_INC || t->kind == TOK_DEC) && !t->nl_before) {
    if (!parser_check_simple_target(p, e, true)) return NULL;
    UpdateExpr *u = parser_node_at(p, NODE_UPDATE, sizeof(UpdateExpr), e);
    if (!u) return NULL;
    u->increment = t->kind == TOK_INC;
    u->argument = e;
    parser_next(p);
    parser_finish(p, u);
    return &u->h;
  }
  return e;
}

static Node *parse_await(Parser *p) {
  Token *t = &p->lx.tok;
  FuncState *fs = p->fs;
  if (fs->static_block) return parser_error(p, t->start, "'await' is not allowed in class static blocks");
  if (fs->in_params) return parser_error(p, t->start, "await expression in formal parameters");
  AwaitExpr *a = parser_node(p, NODE_AWAIT, sizeof(AwaitExpr));
  if (!a) return NULL;
  p->uses.await_expr++;
  p->uses.await_pos = t->start + 1;
  parser_next(p);
  a->argument = parse_unary(p);
  if (!a->argument) return NULL;
  parser_finish(p, a);
  return &a->h;
}

static bool is_private_member(const Node *e) {
  while (e->kind == NODE_OPTIONAL_CHAIN) e = ((const OptionalChain *)e)->expr;
  return e->kind == NODE_PRIVATE_MEMBER;
}

static Node *parse_unary(Parser *p) {
  if (!parser_enter(p)) return NULL;
  Token *t = &p->lx.tok;
  Node *result;
  UnaryOp op;
  switch (t->kind) {
    case TOK_KW_delete: op = UNOP_DELETE; goto unary;
    case TOK_KW_void: op = UNOP_VOID; goto unary;
    case TOK_KW_typeof: op = UNOP_TYPEOF; goto unary;
    case TOK_PLUS: op = UNOP_PLUS; goto unary;
    case TOK_MINUS: op = UNOP_NEG; goto unary;
    case TOK_BANG: op = UNOP_NOT; goto unary;
    case TOK_TILDE: op = UNOP_BIT_NOT; goto unary;
    case TOK_INC:
    case TOK_DEC: {
      UpdateExpr *u = parser_node(p, NODE_UPDATE, sizeof(UpdateExpr));
      if (!u) return NULL;
      u->increment = t->kind == TOK_INC;
      u->prefix = true;
      parser_next(p);
      u->argument = parse_unary(p);
      if (!u->argument) return NULL;
      if (!parser_check_simple_target(p, u->argument, true)) return NULL;
      parser_finish(p, u);
      result = &u->h;
      break;
    }
    case TOK_KW_await:
      if (p->fs->await_ctx) {
        result = parse_await(p);
        break;
      }
      result = parse_postfix(p);
      break;
    default:
      result = parse_postfix(p);
      break;
  }
  parser_leave(p);
  return result;
unary: {
    UnaryExpr *u = parser_node(p, NODE_UNARY, sizeof(UnaryExpr));
    if (!u) return NULL;
    u->op = (uint8_t)op;
    parser_next(p);
    u->argument = parse_unary(p);
    if (!u->argument) return NULL;
    if (op == UNOP_DELETE) {
      Node *a = u->argument;
      if (p->fs->strict && a->kind == NODE_IDENTIFIER)
        return parser_error(p, u->h.start, "delete of an unqualified identifier in strict mode");
      if (is_private_member(a))
        return parser_error(p, u->h.start, "private fields cannot be deleted");
    }
    parser_finish(p, u);
    parser_leave(p);
    return &u->h;
  }
}

/* Binary precedence of a token (0 = not a binary operator here). */
static int binary_prec(TokenKind k, bool in, int *op, bool *logical) {
  *logical = false;
  switch (k) {
    case TOK_COALESCE: *logical = true; *op = LOGOP_COALESCE; return 1;
    case TOK_OR: *logical = true; *op = LOGOP_OR; return 2;
    case TOK_AND: *logical = true; *op = LOGOP_AND; return 3;
    case TOK_PIPE: *op = BINOP_BIT_OR; return 4;
    case TOK_CARET: *op = BINOP_BIT_XOR; return 5;
    case TOK_AMP: *op = BINOP_BIT_AND; return 6;
    case TOK_EQ: *op = BINOP_EQ; return 7;
    case TOK_NE: *op = BINOP_NE; return 7;
    case TOK_STRICT_EQ: *op = BINOP_STRICT_EQ; return 7;
    case TOK_STRICT_NE: *op = BINOP_STRICT_NE; return 7;
    case TOK_LT: *op = BINOP_LT; return 8;
    case TOK_GT: *op = BINOP_GT; return 8;
    case TOK_LE: *op = BINOP_LE; return 8;
    case TOK_GE: *op = BINOP_GE; return 8;
    case TOK_KW_instanceof: *op = BINOP_INSTANCEOF; return 8;
    case TOK_KW_in: *op = BINOP_IN; return in ? 8 : 0;
    case TOK_SHL: *op = BINOP_SHL; return 9;
    case TOK_SAR: *op = BINOP_SAR; return 9;
    case TOK_SHR: *op = BINOP_SHR; return 9;
    case TOK_PLUS: *op = BINOP_ADD; return 10;
    case TOK_MINUS: *op = BINOP_SUB; return 10;
    case TOK_STAR: *op = BINOP_MUL; return 11;
    case TOK_SLASH: *op = BINOP_DIV; return 11;
    case TOK_PERCENT: *op = BINOP_MOD; return 11;
    case TOK_STAR_STAR: *op = BINOP_EXP; return 12;
    default: return 0;
  }
}

static bool is_bare_logical(const Node *n, bool coalesce) {
  if (n->kind != NODE_LOGICAL || (n->flags & NODE_FLAG_PARENS)) return false;
  bool c = ((const LogicalExpr *)n)->op == LOGOP_COALESCE;
  return c == coalesce;
}

/* Operators of precedence >= min_prec (precedence climbing). */
static Node *parse_binary(Parser *p, int min_prec, bool in) {
  /* no depth count here: every operand goes through parse_unary */
  Node *left;
  Token *t = &p->lx.tok;
  if (t->kind == TOK_PRIVATE_NAME) {
    /* #x in obj: only as the start of a RelationalExpression */
    bool nl;
    TokenKind k = parser_peek(p, &nl, NULL);
    if (k != TOK_KW_in || !in || min_prec > 8) return parser_unexpected(p);
    PrivateIn *pi = parser_node(p, NODE_PRIVATE_IN, sizeof(PrivateIn));
    if (!pi) return NULL;
    pi->name = t->atom;
    parser_note_private_ref(p, t->atom, t->start);
    if (parser_failed(p)) return NULL;
    parser_next(p);
    parser_next(p); /* in */
    pi->right = parse_binary(p, 9, in);
    if (!pi->right) return NULL;
    parser_finish(p, pi);
    left = &pi->h;
  } else {
    left = parse_unary(p);
  }
  if (!left) return NULL;
  if (left->kind == NODE_COVER_ARROW) return left;
  for (;;) {
    int op;
    bool logical;
    int prec = binary_prec((TokenKind)p->lx.tok.kind, in, &op, &logical);
    if (prec == 0 || prec < min_prec) break;
    uint32_t op_start = p->lx.tok.start;
    if (op == BINOP_EXP && !logical) {
      if ((left->kind == NODE_UNARY || left->kind == NODE_AWAIT) && !(left->flags & NODE_FLAG_PARENS))
        return parser_error(p, op_start, "unary operator before '**' needs parentheses");
    }
    parser_next(p);
    if (!parser_enter(p)) return NULL; /* `a ** b ** ...` recurses here */
    Node *right = parse_binary(p, op == BINOP_EXP && !logical ? prec : prec + 1, in);
    if (!right) return NULL;
    parser_leave(p);
    if (right->kind == NODE_COVER_ARROW) return parser_error(p, right->start, "unexpected arrow function");
    if (logical) {
      bool coalesce = op == LOGOP_COALESCE;
      if (coalesce ? (is_bare_logical(left, false) || is_bare_logical(right, false))
                   : (is_bare_logical(left, true) || is_bare_logical(right, true)))
        return parser_error(p, op_start, "cannot mix '?""?' with '&&' or '||' without parentheses");
      LogicalExpr *l = parser_node_at(p, NODE_LOGICAL, sizeof(LogicalExpr), left);
      if (!l) return NULL;
      l->op = (uint8_t)op;
      l->left = left;
      l->right = right;
      parser_finish(p, l);
      left = &l->h;
    } else {
      BinaryExpr *b = parser_node_at(p, NODE_BINARY, sizeof(BinaryExpr), left);
      if (!b) return NULL;
      b->op = (uint8_t)op;
      b->left = left;
      b->right = right;
      parser_finish(p, b);
      left = &b->h;
    }
  }
  return left;
}

static Node *parse_conditional(Parser *p, bool in) {
  Node *test = parse_binary(p, 1, in);
  if (!test || test->kind == NODE_COVER_ARROW || !parser_at(p, TOK_QUESTION)) return test;
  Conditional *c = parser_node_at(p, NODE_CONDITIONAL, sizeof(Conditional), test);
  if (!c) return NULL;
  c->test = test;
  parser_next(p);
  c->consequent = parse_assignment(p, true);
  if (!c->consequent || !parser_expect(p, TOK_COLON)) return NULL;
  c->alternate = parse_assignment(p, in);
  if (!c->alternate) return NULL;
  parser_finish(p, c);
  return &c->h;
}

static Node *parse_yield(Parser *p, bool in) {
  Token *t = &p->lx.tok;
  if (p->fs->in_params) return parser_error(p, t->start, "yield expression in formal parameters");
  YieldExpr *y = parser_node(p, NODE_YIELD, sizeof(YieldExpr));
  if (!y) return NULL;
  p->uses.yield_expr++;
  p->uses.yield_pos = t->start + 1;
  parser_next(p);
  if (!p->lx.tok.nl_before) {
    if (parser_at(p, TOK_STAR)) {
      y->delegate = true;
      parser_next(p);
      y->argument = parse_assignment(p, in);
      if (!y->argument) return NULL;
    } else if (parser_starts_expression(p)) {
      y->argument = parse_assignment(p, in);
      if (!y->argument) return NULL;
    }
  }
  parser_finish(p, y);
  return &y->h;
}

static int assign_op(TokenKind k) {
  switch (k) {
    case TOK_ASSIGN: return ASSIGNOP_ASSIGN;
    case TOK_PLUS_ASSIGN: return ASSIGNOP_ADD;
    case TOK_MINUS_ASSIGN: return ASSIGNOP_SUB;
    case TOK_STAR_ASSIGN: return ASSIGNOP_MUL;
    case TOK_SLASH_ASSIGN: return ASSIGNOP_DIV;
    case TOK_PERCENT_ASSIGN: return ASSIGNOP_MOD;
    case TOK_STAR_STAR_ASSIGN: return ASSIGNOP_EXP;
    case TOK_SHL_ASSIGN: return ASSIGNOP_SHL;
    case TOK_SAR_ASSIGN: return ASSIGNOP_SAR;
    case TOK_SHR_ASSIGN: return ASSIGNOP_SHR;
    case TOK_AMP_ASSIGN: return ASSIGNOP_BIT_AND;
    case TOK_PIPE_ASSIGN: return ASSIGNOP_BIT_OR;
    case TOK_CARET_ASSIGN: return ASSIGNOP_BIT_XOR;
    case TOK_AND_ASSIGN: return ASSIGNOP_AND;
    case TOK_OR_ASSIGN: return ASSIGNOP_OR;
    case TOK_COALESCE_ASSIGN: return ASSIGNOP_COALESCE;
    default: return -1;
  }
}

static Node *parse_assignment_ex(Parser *p, bool in, bool defer) {
  if (!parser_enter(p)) return NULL;
  Node *result = NULL;
  if (parser_at(p, TOK_KW_yield) && p->fs->yield_ctx) {
    result = parse_yield(p, in);
    parser_leave(p);
    return result;
  }
  uint32_t saved_ci = p->cover_init_pos, saved_dp = p->dup_proto_pos;
  p->cover_init_pos = 0;
  p->dup_proto_pos = 0;
  Uses before = p->uses;
  Node *left = parse_conditional(p, in);
  if (!left) return NULL;
  Token *t = &p->lx.tok;
  if (t->kind == TOK_ARROW) {
    if (left->kind == NODE_IDENTIFIER && !(left->flags & NODE_FLAG_PARENS)) {
      CoverArrow *cv = parser_node_at(p, NODE_COVER_ARROW, sizeof(CoverArrow), left);
      if (!cv) return NULL;
      cv->h.kind = NODE_COVER_ARROW;
      cv->uses = before;
      Node **items = parser_alloc(p, sizeof(Node *));
      if (!items) return NULL;
      items[0] = left;
      cv->items.items = items;
      cv->items.count = 1;
      left = &cv->h;
    }
    if (left->kind != NODE_COVER_ARROW) return parser_error(p, t->start, "unexpected '=>'");
    p->cover_init_pos = saved_ci;
    p->dup_proto_pos = saved_dp;
    result = parse_arrow_function(p, left, in);
    parser_leave(p);
    return result;
  }
  if (left->kind == NODE_COVER_ARROW) return parser_error(p, left->start, "expected '=>'");
  int op = assign_op((TokenKind)t->kind);
  if (op >= 0) {
    Node *target;
    if (op == ASSIGNOP_ASSIGN &&
        (left->kind == NODE_OBJECT_LIT || left->kind == NODE_ARRAY_LIT) &&
        !(left->flags & NODE_FLAG_PARENS)) {
      target = parser_to_assign_target(p, left, true);
      if (!target) return NULL;
      p->cover_init_pos = 0;
      p->dup_proto_pos = 0;
    } else {
      bool logical = op == ASSIGNOP_AND || op == ASSIGNOP_OR || op == ASSIGNOP_COALESCE;
      if (!parser_check_simple_target(p, left, !logical)) return NULL;
      target = left;
    }
    if (p->cover_init_pos) return parser_error(p, p->cover_init_pos - 1, "invalid shorthand property initializer");
    if (p->dup_proto_pos) return parser_error(p, p->dup_proto_pos - 1, "duplicate __proto__ property");
    p->cover_init_pos = saved_ci;
    p->dup_proto_pos = saved_dp;
    AssignExpr *a = parser_node_at(p, NODE_ASSIGN, sizeof(AssignExpr), target);
    if (!a) return NULL;
    a->op = (uint8_t)op;
    a->target = target;
    parser_next(p);
    a->value = parse_assignment(p, in);
    if (!a->value) return NULL;
    parser_finish(p, a);
    parser_leave(p);
    return &a->h;
  }
  if (p->cover_init_pos) {
    if (!defer) return parser_error(p, p->cover_init_pos - 1, "invalid shorthand property initializer");
    if (saved_ci) p->cover_init_pos = saved_ci;
  } else {
    p->cover_init_pos = saved_ci;
  }
  if (p->dup_proto_pos) {
    if (!defer) return parser_error(p, p->dup_proto_pos - 1, "duplicate __proto__ property");
    if (saved_dp) p->dup_proto_pos = saved_dp;
  } else {
    p->dup_proto_pos = saved_dp;
  }
  parser_leave(p);
  return left;
}

Node *parse_assignment(Parser *p, bool in) { return parse_assignment_ex(p, in, false); }

Node *parse_assignment_cover(Parser *p, bool in) { return parse_assignment_ex(p, in, true); }

Node *parse_expression(Parser *p, bool in) {
  Node *e = parse_assignment(p, in);
  if (!e || !parser_at(p, TOK_COMMA)) return e;
  uint32_t base = p->sp;
  if (!parser_push(p, e)) return NULL;
  while (parser_eat(p, TOK_COMMA)) {
    Node *n = parse_assignment(p, in);
    if (!n || !parser_push(p, n)) return NULL;
  }
  SequenceExpr *s = parser_node_at(p, NODE_SEQUENCE, sizeof(SequenceExpr), e);
  if (!s) return NULL;
  if (!parser_pop_list(p, base, &s->exprs)) return NULL;
  parser_finish(p, s);
  return &s->h;
}
