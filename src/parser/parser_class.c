/*
 * parser_class.c - class declarations and expressions: name, heritage,
 * methods/accessors/fields (public, private, static, computed), static
 * blocks, the constructor, and the class-level early errors (duplicate
 * constructor, special constructors, static `prototype`, `#constructor`,
 * duplicate private names, undeclared private names).
 *
 * Invariants: class code is strict (p->fs->strict is forced on while the
 * class is parsed and restored after); each class pushes a ClassState whose
 * unresolved private-name references move to the enclosing class when it
 * closes (the heritage is parsed before the push: it sees only the outer
 * classes' names).
 */
#include <stdlib.h>

#include "parser/parser_internal.h"

static bool declare_private(Parser *p, ClassState *cs, Atom *name, PrivKind kind,
                            bool is_static, uint32_t offset) {
  if (!cs->names) {
    cs->names = parser_alloc(p, sizeof(PScope));
    if (!cs->names) return false;
  }
  DeclEntry *e = parser_scope_find(cs->names, name);
  if (e) {
    PrivDecl *d = &cs->decls[e->offset];
    if (d->is_static == is_static &&
        ((d->kind == PRIV_GETTER && kind == PRIV_SETTER) ||
         (d->kind == PRIV_SETTER && kind == PRIV_GETTER))) {
      d->kind = PRIV_ACCESSOR_PAIR;
      return true;
    }
    char buf[64];
    parser_error(p, offset, "duplicate private name %s", atom_to_utf8(name, buf, sizeof buf));
    return false;
  }
  bool dup;
  if (!parser_name_set_add(p, cs->names, name, cs->decl_count, &dup)) return false;
  if (cs->decl_count == cs->decl_cap) {
    uint32_t cap = cs->decl_cap ? cs->decl_cap * 2 : 8;
    PrivDecl *d = realloc(cs->decls, cap * sizeof(PrivDecl));
    if (!d) { parser_error(p, offset, "out of memory"); return false; }
    cs->decls = d;
    cs->decl_cap = cap;
  }
  cs->decls[cs->decl_count].name = name;
  cs->decls[cs->decl_count].kind = (uint8_t)kind;
  cs->decls[cs->decl_count].is_static = is_static;
  cs->decl_count++;
  return true;
}

static bool key_is(const Parser *p, const Node *key, bool computed, WellKnownAtom wk) {
  return !computed && key->kind == NODE_STRING_LIT && ((const StringLit *)key)->value == p->wk[wk];
}

/* Is the token after a modifier (static/get/set/async) a key? */
static bool class_modifier(Parser *p, bool for_async) {
  bool nl;
  TokenKind k = parser_peek(p, &nl, NULL);
  if (for_async && nl) return false;
  switch (k) {
    case TOK_LPAREN: case TOK_ASSIGN: case TOK_SEMICOLON: case TOK_RBRACE: case TOK_EOF:
      return false;
    default:
      return true;
  }
}

typedef struct ClassCtx {
  ClassNode *cls;
  ClassState *cs;
  bool derived;
} ClassCtx;

static Node *parse_class_member(Parser *p, ClassCtx *cx) {
  Token *t = &p->lx.tok;
  ClassMember *m = parser_node(p, NODE_CLASS_MEMBER, sizeof(ClassMember));
  if (!m) return NULL;
  if (parser_at_contextual(p, WK_static) && class_modifier(p, false)) {
    bool nl;
    if (parser_peek(p, &nl, NULL) == TOK_LBRACE) {
      parser_next(p); /* static */
      m->kind = CLASS_MEMBER_STATIC_BLOCK;
      m->is_static = true;
      m->value = parse_static_block(p, t->start, t->line, t->line_start);
      if (!m->value) return NULL;
      cx->cls->has_static_fields = true;
      parser_finish(p, m);
      return &m->h;
    }
    m->is_static = true;
    parser_next(p);
  }
  uint32_t start = t->start, line = t->line, line_start = t->line_start;
  bool is_async = false, gen = false;
  int accessor = 0; /* 1 get, 2 set */
  if (parser_at_contextual(p, WK_async) && class_modifier(p, true)) {
    is_async = true;
    parser_next(p);
  }
  if (parser_at(p, TOK_STAR)) {
    gen = true;
    parser_next(p);
  }
  if (!is_async && !gen && (parser_at_contextual(p, WK_get) || parser_at_contextual(p, WK_set)) &&
      class_modifier(p, false)) {
    accessor = t->atom == p->wk[WK_get] ? 1 : 2;
    parser_next(p);
  }
  uint32_t key_start = t->start;
  bool computed;
  m->key = parse_property_key(p, &computed, true);
  if (!m->key) return NULL;
  m->computed = computed;
  bool is_private = m->key->kind == NODE_PRIVATE_NAME;
  Atom *pname = is_private ? ((PrivateName *)m->key)->name : NULL;
  if (is_private && pname == p->wk[WK_hash_constructor])
    return parser_error(p, key_start, "'#constructor' is not allowed");
  if (accessor || is_async || gen || parser_at(p, TOK_LPAREN)) {
    FuncKind fk = accessor == 1 ? FUNC_GETTER : accessor == 2 ? FUNC_SETTER : FUNC_METHOD;
    bool is_ctor = !m->is_static && key_is(p, m->key, computed, WK_constructor);
    if (is_ctor) {
      if (accessor || is_async || gen)
        return parser_error(p, key_start, "class constructor may not be an accessor, generator or async");
      if (cx->cls->constructor) return parser_error(p, key_start, "duplicate constructor");
      fk = cx->derived ? FUNC_DERIVED_CONSTRUCTOR : FUNC_CLASS_CONSTRUCTOR;
    }
    if (m->is_static && key_is(p, m->key, computed, WK_prototype))
      return parser_error(p, key_start, "static member named 'prototype'");
    if (is_private) {
      PrivKind pk = accessor == 1 ? PRIV_GETTER : accessor == 2 ? PRIV_SETTER : PRIV_METHOD;
      if (!declare_private(p, cx->cs, pname, pk, m->is_static, key_start)) return NULL;
      if (!m->is_static) cx->cls->has_instance_fields = true;
    }
    FuncSpec spec = {fk, NODE_FUNCTION_EXPR, is_async, gen, m->is_static, cx->derived,
                     start, line, line_start};
    FunctionNode *fn = parse_function_rest(p, &spec, is_ctor ? cx->cls->name : NULL, 0);
    if (!fn) return NULL;
    m->value = fn;
    m->kind = (uint8_t)(accessor == 1 ? CLASS_MEMBER_GETTER
                        : accessor == 2 ? CLASS_MEMBER_SETTER : CLASS_MEMBER_METHOD);
    if (is_ctor) {
      cx->cls->constructor = fn;
      return NULL; /* not a member: the caller checks parser_failed() */
    }
  } else {
    m->kind = CLASS_MEMBER_FIELD;
    if (key_is(p, m->key, computed, WK_constructor))
      return parser_error(p, key_start, "class field named 'constructor'");
    if (m->is_static && key_is(p, m->key, computed, WK_prototype))
      return parser_error(p, key_start, "static class field named 'prototype'");
    if (is_private && !declare_private(p, cx->cs, pname, PRIV_FIELD, m->is_static, key_start))
      return NULL;
    if (m->is_static) cx->cls->has_static_fields = true;
    else cx->cls->has_instance_fields = true;
    if (parser_eat(p, TOK_ASSIGN)) {
      m->value = parse_field_initializer(p, m->is_static, start);
      if (!m->value) return NULL;
    }
    if (!parser_consume_semicolon(p)) return NULL;
  }
  parser_finish(p, m);
  return &m->h;
}

/* Resolves the class's private-name references; unresolved ones go to the
 * enclosing class (or fail at the outermost). */
static bool close_private_names(Parser *p, ClassState *cs) {
  ClassState *outer = cs->parent;
  for (uint32_t i = 0; i < cs->ref_count; i++) {
    PrivRef *r = &cs->refs[i];
    if (cs->names && parser_scope_find(cs->names, r->name)) continue;
    p->cls = outer;
    parser_note_private_ref(p, r->name, r->offset);
    p->cls = cs;
    if (parser_failed(p)) return false;
  }
  return true;
}

Node *parse_class(Parser *p, bool is_expr, bool default_export) {
  if (!parser_enter(p)) return NULL;
  Token *t = &p->lx.tok;
  ClassNode *cls = parser_node(p, is_expr ? NODE_CLASS_EXPR : NODE_CLASS_DECL, sizeof(ClassNode));
  if (!cls) return NULL;
  FuncState *fs = p->fs;
  bool saved_strict = fs->strict;
  fs->strict = true;
  parser_next(p); /* class */
  uint32_t name_off = t->start;
  if (t->kind == TOK_IDENTIFIER || t->kind == TOK_KW_yield || t->kind == TOK_KW_await) {
    cls->name = parse_binding_identifier(p, &name_off);
    if (!cls->name) return NULL;
    if (cls->name == p->wk[WK_let]) return parser_error(p, name_off, "'let' cannot be a class name");
  } else if (!is_expr && !default_export) {
    return parser_error(p, t->start, "class declaration needs a name");
  }
  if (parser_eat(p, TOK_KW_extends)) {
    cls->heritage = parse_lhs_expression(p);
    if (!cls->heritage) return NULL;
    if (cls->heritage->kind == NODE_COVER_ARROW) return parser_error(p, cls->heritage->start, "unexpected arrow function");
  }
  ClassState cs;
  memset(&cs, 0, sizeof cs);
  cs.parent = p->cls;
  p->cls = &cs;
  ClassCtx cx = {cls, &cs, cls->heritage != NULL};
  if (!parser_expect(p, TOK_LBRACE)) goto fail;
  uint32_t base = p->sp;
  while (!parser_at(p, TOK_RBRACE)) {
    if (parser_eat(p, TOK_SEMICOLON)) continue;
    Node *m = parse_class_member(p, &cx);
    if (!m) {
      if (parser_failed(p)) goto fail;
      continue; /* the constructor */
    }
    if (!parser_push(p, m)) goto fail;
  }
  if (!parser_pop_list(p, base, &cls->members)) goto fail;
  parser_next(p); /* } */
  if (!close_private_names(p, &cs)) goto fail;
  if (cs.decl_count) {
    cls->private_names = parser_alloc(p, cs.decl_count * sizeof(Atom *));
    if (!cls->private_names) goto fail;
    for (uint32_t i = 0; i < cs.decl_count; i++) cls->private_names[i] = cs.decls[i].name;
    cls->private_name_count = cs.decl_count;
  }
  p->cls = cs.parent;
  free(cs.decls);
  free(cs.refs);
  fs->strict = saved_strict;
  parser_finish(p, cls);
  if (!is_expr) {
    Atom *bind = cls->name ? cls->name : p->wk[WK_star_default];
    if (!parser_declare(p, bind, D_LEXICAL, name_off)) return NULL;
  }
  parser_leave(p);
  return &cls->h;
fail:
  p->cls = cs.parent;
  free(cs.decls);
  free(cs.refs);
  return NULL;
}
