/*
 * parser_pattern.c - destructuring: binding patterns parsed directly
 * (declarations, params, catch), conversion of array/object literals (the
 * cover grammar) into assignment patterns and into arrow-parameter binding
 * patterns, simple-assignment-target checks, and the bound-names walk.
 *
 * Invariants: a converted pattern reuses the literal's nodes (kinds are
 * rewritten in place: ARRAY_LIT -> ARRAY_PATTERN, OBJECT_LIT ->
 * OBJECT_PATTERN, `a = 1` elements -> ASSIGN_PATTERN); parenthesized
 * patterns are rejected, parenthesized simple targets accepted only in
 * assignment patterns; binding patterns hold only unparenthesized
 * identifiers as leaves.
 */
#include "parser/parser_internal.h"

static bool is_member(const Node *e) {
  switch (e->kind) {
    case NODE_MEMBER: case NODE_INDEX: case NODE_PRIVATE_MEMBER:
    case NODE_SUPER_MEMBER: case NODE_SUPER_INDEX:
      return true;
    default:
      return false;
  }
}

static bool check_strict_target_name(Parser *p, Identifier *id) {
  if (p->fs->strict && (id->name == p->wk[WK_eval] || id->name == p->wk[WK_arguments])) {
    char buf[32];
    parser_error(p, id->h.start, "cannot assign to '%s' in strict mode",
                 atom_to_utf8(id->name, buf, sizeof buf));
    return false;
  }
  return true;
}

bool parser_check_simple_target(Parser *p, Node *e, bool allow_call) {
  if (e->kind == NODE_IDENTIFIER) return check_strict_target_name(p, (Identifier *)e);
  if (is_member(e)) return true;
  if (allow_call && e->kind == NODE_CALL && !p->fs->strict) return true;
  parser_error(p, e->start, "invalid assignment target");
  return false;
}

Node *parser_to_assign_target(Parser *p, Node *e, bool pattern_ok) {
  if (!parser_enter(p)) return NULL;
  Node *result = e;
  switch (e->kind) {
    case NODE_IDENTIFIER:
      if (!check_strict_target_name(p, (Identifier *)e)) return NULL;
      break;
    case NODE_MEMBER: case NODE_INDEX: case NODE_PRIVATE_MEMBER:
    case NODE_SUPER_MEMBER: case NODE_SUPER_INDEX:
      break;
    case NODE_ARRAY_LIT: {
      if (!pattern_ok || (e->flags & NODE_FLAG_PARENS)) goto invalid;
      ArrayLit *a = (ArrayLit *)e;
      ArrayPattern *ap = (ArrayPattern *)e; /* same layout prefix: Node + NodeList */
      NodeList els = a->elements;
      Node *rest = NULL;
      for (uint32_t i = 0; i < els.count; i++) {
        Node *el = els.items[i];
        if (!el) continue;
        if (el->kind == NODE_SPREAD) {
          if (i + 1 != els.count || (e->spare & SPARE_COMMA_AFTER_SPREAD))
            return parser_error(p, el->start, "rest element must be last");
          Node *arg = ((Spread *)el)->argument;
          if (arg->kind == NODE_ASSIGN && !(arg->flags & NODE_FLAG_PARENS))
            return parser_error(p, arg->start, "rest element cannot have a default");
          rest = parser_to_assign_target(p, arg, true);
          if (!rest) return NULL;
          els.count--;
          break;
        }
        if (el->kind == NODE_ASSIGN && ((AssignExpr *)el)->op == ASSIGNOP_ASSIGN &&
            !(el->flags & NODE_FLAG_PARENS)) {
          AssignExpr *as = (AssignExpr *)el;
          AssignPattern *pat = (AssignPattern *)el;
          Node *target = as->target, *value = as->value;
          el->kind = NODE_ASSIGN_PATTERN;
          pat->target = target;
          pat->value = value;
          continue;
        }
        if (el->kind == NODE_ASSIGN_PATTERN) continue;
        els.items[i] = parser_to_assign_target(p, el, true);
        if (!els.items[i]) return NULL;
      }
      e->kind = NODE_ARRAY_PATTERN;
      ap->elements = els;
      ap->rest = rest;
      break;
    }
    case NODE_OBJECT_LIT: {
      if (!pattern_ok || (e->flags & NODE_FLAG_PARENS)) goto invalid;
      ObjectLit *o = (ObjectLit *)e;
      NodeList props = o->properties;
      Node *rest = NULL;
      for (uint32_t i = 0; i < props.count; i++) {
        Node *pn = props.items[i];
        if (pn->kind == NODE_SPREAD) {
          if (i + 1 != props.count || (e->spare & SPARE_COMMA_AFTER_SPREAD))
            return parser_error(p, pn->start, "rest element must be last");
          Node *arg = ((Spread *)pn)->argument;
          if (arg->kind != NODE_IDENTIFIER && !is_member(arg))
            return parser_error(p, arg->start, "invalid rest element");
          rest = parser_to_assign_target(p, arg, false);
          if (!rest) return NULL;
          props.count--;
          break;
        }
        Property *pr = (Property *)pn;
        if (pr->kind != PROP_INIT) return parser_error(p, pn->start, "invalid destructuring target");
        pr->is_proto_setter = false;
        Node *v = pr->value;
        if (v->kind == NODE_ASSIGN_PATTERN) {
          if (!parser_to_assign_target(p, ((AssignPattern *)v)->target, false)) return NULL;
          continue;
        }
        if (v->kind == NODE_ASSIGN && ((AssignExpr *)v)->op == ASSIGNOP_ASSIGN &&
            !(v->flags & NODE_FLAG_PARENS)) {
          AssignExpr *as = (AssignExpr *)v;
          AssignPattern *pat = (AssignPattern *)v;
          Node *target = as->target, *value = as->value;
          v->kind = NODE_ASSIGN_PATTERN;
          pat->target = target;
          pat->value = value;
          continue;
        }
        pr->value = parser_to_assign_target(p, v, true);
        if (!pr->value) return NULL;
      }
      ObjectPattern *op = (ObjectPattern *)e;
      e->kind = NODE_OBJECT_PATTERN;
      op->properties = props;
      op->rest = rest;
      break;
    }
    case NODE_ARRAY_PATTERN: case NODE_OBJECT_PATTERN:
      if (e->flags & NODE_FLAG_PARENS) goto invalid;
      break;
    default:
      goto invalid;
  }
  parser_leave(p);
  return result;
invalid:
  return parser_error(p, e->start, "invalid assignment target");
}

/* Checks that an (already converted) pattern is a valid binding pattern. */
static bool validate_binding(Parser *p, Node *e) {
  if (!parser_enter(p)) return false;
  switch (e->kind) {
    case NODE_IDENTIFIER: {
      Identifier *id = (Identifier *)e;
      if (e->flags & NODE_FLAG_PARENS) goto invalid;
      if (p->fs->strict && (id->name == p->wk[WK_eval] || id->name == p->wk[WK_arguments])) {
        char buf[32];
        parser_error(p, e->start, "'%s' cannot be bound in strict mode",
                     atom_to_utf8(id->name, buf, sizeof buf));
        return false;
      }
      break;
    }
    case NODE_ASSIGN_PATTERN:
      if (!validate_binding(p, ((AssignPattern *)e)->target)) return false;
      break;
    case NODE_ARRAY_PATTERN: {
      ArrayPattern *a = (ArrayPattern *)e;
      if (e->flags & NODE_FLAG_PARENS) goto invalid;
      for (uint32_t i = 0; i < a->elements.count; i++)
        if (a->elements.items[i] && !validate_binding(p, a->elements.items[i])) return false;
      if (a->rest) {
        if (a->rest->kind == NODE_ASSIGN_PATTERN) {
          parser_error(p, a->rest->start, "invalid rest element");
          return false;
        }
        if (!validate_binding(p, a->rest)) return false;
      }
      break;
    }
    case NODE_OBJECT_PATTERN: {
      ObjectPattern *o = (ObjectPattern *)e;
      if (e->flags & NODE_FLAG_PARENS) goto invalid;
      for (uint32_t i = 0; i < o->properties.count; i++)
        if (!validate_binding(p, ((Property *)o->properties.items[i])->value)) return false;
      if (o->rest && (o->rest->kind != NODE_IDENTIFIER || !validate_binding(p, o->rest))) {
        if (o->rest->kind != NODE_IDENTIFIER) parser_error(p, o->rest->start, "invalid rest element");
        return false;
      }
      break;
    }
    default:
      goto invalid;
  }
  parser_leave(p);
  return true;
invalid:
  parser_error(p, e->start, "invalid binding pattern");
  return false;
}

Node *parser_to_binding(Parser *p, Node *e, bool allow_default) {
  if (allow_default && e->kind == NODE_ASSIGN && ((AssignExpr *)e)->op == ASSIGNOP_ASSIGN &&
      !(e->flags & NODE_FLAG_PARENS)) {
    AssignExpr *as = (AssignExpr *)e;
    Node *target = as->target, *value = as->value;
    if (!validate_binding(p, target)) return NULL;
    AssignPattern *pat = (AssignPattern *)e;
    e->kind = NODE_ASSIGN_PATTERN;
    pat->target = target;
    pat->value = value;
    return e;
  }
  if (e->kind == NODE_ARRAY_LIT || e->kind == NODE_OBJECT_LIT) {
    if (e->flags & NODE_FLAG_PARENS) return parser_error(p, e->start, "invalid binding pattern");
    e = parser_to_assign_target(p, e, true);
    if (!e) return NULL;
  }
  if (!validate_binding(p, e)) return NULL;
  return e;
}

/* A binding property inside `{ }`: key: target / shorthand [= default]. */
static Node *parse_binding_property(Parser *p) {
  Token *t = &p->lx.tok;
  Property *pr = parser_node(p, NODE_PROPERTY, sizeof(Property));
  if (!pr) return NULL;
  pr->kind = PROP_INIT;
  TokenKind key_tok = (TokenKind)t->kind;
  Atom *key_atom = t->atom;
  bool escaped = t->escaped;
  uint32_t key_start = t->start;
  bool computed;
  pr->key = parse_property_key(p, &computed, false);
  if (!pr->key) return NULL;
  pr->computed = computed;
  if (parser_eat(p, TOK_COLON)) {
    pr->value = parse_binding_target(p, true);
    if (!pr->value) return NULL;
  } else {
    if (key_tok != TOK_IDENTIFIER && key_tok != TOK_KW_yield && key_tok != TOK_KW_await)
      return parser_error(p, key_start, "invalid shorthand property in pattern");
    if (!parser_check_identifier(p, key_atom, escaped, key_start, true)) return NULL;
    Identifier *id = parser_node_at(p, NODE_IDENTIFIER, sizeof(Identifier), pr->key);
    if (!id) return NULL;
    id->name = key_atom;
    pr->shorthand = true;
    pr->value = &id->h;
    if (parser_at(p, TOK_ASSIGN)) {
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

Node *parse_binding_target(Parser *p, bool allow_default) {
  if (!parser_enter(p)) return NULL;
  Token *t = &p->lx.tok;
  Node *target;
  if (t->kind == TOK_LBRACKET) {
    ArrayPattern *a = parser_node(p, NODE_ARRAY_PATTERN, sizeof(ArrayPattern));
    if (!a) return NULL;
    parser_next(p);
    uint32_t base = p->sp;
    while (!parser_at(p, TOK_RBRACKET)) {
      if (parser_at(p, TOK_COMMA)) {
        parser_next(p);
        if (!parser_push(p, NULL)) return NULL;
        continue;
      }
      if (parser_at(p, TOK_ELLIPSIS)) {
        parser_next(p);
        a->rest = parse_binding_target(p, false);
        if (!a->rest) return NULL;
        if (!parser_at(p, TOK_RBRACKET))
          return parser_error(p, p->lx.tok.start, "rest element must be last");
        break;
      }
      Node *el = parse_binding_target(p, true);
      if (!el || !parser_push(p, el)) return NULL;
      if (!parser_at(p, TOK_RBRACKET) && !parser_expect(p, TOK_COMMA)) return NULL;
    }
    if (!parser_pop_list(p, base, &a->elements)) return NULL;
    parser_next(p);
    parser_finish(p, a);
    target = &a->h;
  } else if (t->kind == TOK_LBRACE) {
    ObjectPattern *o = parser_node(p, NODE_OBJECT_PATTERN, sizeof(ObjectPattern));
    if (!o) return NULL;
    parser_next(p);
    uint32_t base = p->sp;
    while (!parser_at(p, TOK_RBRACE)) {
      if (parser_at(p, TOK_ELLIPSIS)) {
        parser_next(p);
        uint32_t off;
        Identifier *id = parser_node(p, NODE_IDENTIFIER, sizeof(Identifier));
        if (!id) return NULL;
        id->name = parse_binding_identifier(p, &off);
        if (!id->name) return NULL;
        parser_finish(p, id);
        o->rest = &id->h;
        if (!parser_at(p, TOK_RBRACE))
          return parser_error(p, p->lx.tok.start, "rest element must be last");
        break;
      }
      Node *pr = parse_binding_property(p);
      if (!pr || !parser_push(p, pr)) return NULL;
      if (!parser_at(p, TOK_RBRACE) && !parser_expect(p, TOK_COMMA)) return NULL;
    }
    if (!parser_pop_list(p, base, &o->properties)) return NULL;
    parser_next(p);
    parser_finish(p, o);
    target = &o->h;
  } else {
    Identifier *id = parser_node(p, NODE_IDENTIFIER, sizeof(Identifier));
    if (!id) return NULL;
    uint32_t off;
    id->name = parse_binding_identifier(p, &off);
    if (!id->name) return NULL;
    parser_finish(p, id);
    target = &id->h;
  }
  if (allow_default && parser_at(p, TOK_ASSIGN)) {
    AssignPattern *ap = parser_node_at(p, NODE_ASSIGN_PATTERN, sizeof(AssignPattern), target);
    if (!ap) return NULL;
    ap->target = target;
    parser_next(p);
    ap->value = parse_assignment(p, true);
    if (!ap->value) return NULL;
    parser_finish(p, ap);
    target = &ap->h;
  }
  parser_leave(p);
  return target;
}

bool parser_bound_names(Parser *p, Node *target, BoundNameFn fn, void *data) {
  if (!target) return true;
  switch (target->kind) {
    case NODE_IDENTIFIER:
      return fn(p, (Identifier *)target, data);
    case NODE_ASSIGN_PATTERN:
      return parser_bound_names(p, ((AssignPattern *)target)->target, fn, data);
    case NODE_ARRAY_PATTERN: {
      ArrayPattern *a = (ArrayPattern *)target;
      for (uint32_t i = 0; i < a->elements.count; i++)
        if (!parser_bound_names(p, a->elements.items[i], fn, data)) return false;
      return parser_bound_names(p, a->rest, fn, data);
    }
    case NODE_OBJECT_PATTERN: {
      ObjectPattern *o = (ObjectPattern *)target;
      for (uint32_t i = 0; i < o->properties.count; i++)
        if (!parser_bound_names(p, ((Property *)o->properties.items[i])->value, fn, data))
          return false;
      return parser_bound_names(p, o->rest, fn, data);
    }
    default:
      return true; /* member expressions in assignment patterns bind nothing */
  }
}
