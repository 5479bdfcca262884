/*
 * parser_module.c - module items: every import form (default, namespace,
 * named with string names, bare), every export form (declarations, default,
 * named lists, re-exports, `export * as ns`), import attributes
 * `with { type: "json" }`, and the module-level early errors: duplicate
 * exported names, exported locals that are not declared, ill-formed string
 * export names.
 *
 * Invariants: import bindings are declared as lexical names of the module
 * scope; every exported name is recorded once in the p->exports set (a
 * second one is an error); local names of `export {x}` are checked against the module
 * scope after the whole module is parsed.
 */
#include <stdlib.h>

#include "parser/parser_internal.h"

static bool well_formed(const Atom *a) {
  for (uint32_t i = 0; i < a->length; i++) {
    uint16_t c = a->chars[i];
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (i + 1 < a->length && a->chars[i + 1] >= 0xDC00 && a->chars[i + 1] <= 0xDFFF) {
        i++;
        continue;
      }
      return false;
    }
    if (c >= 0xDC00 && c <= 0xDFFF) return false;
  }
  return true;
}

/* ModuleExportName: an IdentifierName or a well-formed string. */
static Atom *parse_export_name(Parser *p, bool *is_string) {
  Token *t = &p->lx.tok;
  *is_string = false;
  if (t->kind == TOK_STRING) {
    if (!well_formed(t->atom)) return parser_error(p, t->start, "export name is not well-formed Unicode");
    *is_string = true;
  } else if (t->kind != TOK_IDENTIFIER && !TOK_IS_KEYWORD(t->kind)) {
    return parser_unexpected(p);
  }
  Atom *a = t->atom;
  parser_next(p);
  return a;
}

static bool add_export(Parser *p, Atom *name, uint32_t offset) {
  if (!p->exports) {
    p->exports = parser_alloc(p, sizeof(PScope));
    if (!p->exports) return false;
  }
  bool dup;
  if (!parser_name_set_add(p, p->exports, name, offset, &dup)) return false;
  if (dup) {
    char buf[64];
    parser_error(p, offset, "duplicate export '%s'", atom_to_utf8(name, buf, sizeof buf));
    return false;
  }
  return true;
}

static bool add_export_local(Parser *p, Atom *name, uint32_t offset) {
  if (p->export_local_count == p->export_local_cap) {
    uint32_t cap = p->export_local_cap ? p->export_local_cap * 2 : 16;
    Atom **e = realloc(p->export_locals, cap * sizeof(Atom *));
    if (!e) goto nomem;
    p->export_locals = e;
    uint32_t *o = realloc(p->export_local_offsets, cap * sizeof(uint32_t));
    if (!o) goto nomem;
    p->export_local_offsets = o;
    p->export_local_cap = cap;
  }
  p->export_locals[p->export_local_count] = name;
  p->export_local_offsets[p->export_local_count] = offset;
  p->export_local_count++;
  return true;
nomem:
  parser_error(p, offset, "out of memory");
  return false;
}

/* `with { key: "value", ... }` after a module specifier (optional). */
static bool parse_attributes(Parser *p, ImportAttribute **out, uint32_t *count) {
  *out = NULL;
  *count = 0;
  if (!parser_at(p, TOK_KW_with)) return true;
  parser_next(p);
  if (!parser_expect(p, TOK_LBRACE)) return false;
  ImportAttribute *attrs = NULL;
  uint32_t n = 0, cap = 0;
  while (!parser_at(p, TOK_RBRACE)) {
    Token *t = &p->lx.tok;
    if (t->kind != TOK_STRING && t->kind != TOK_IDENTIFIER && !TOK_IS_KEYWORD(t->kind)) {
      parser_unexpected(p);
      goto fail;
    }
    Atom *key = t->atom;
    uint32_t off = t->start;
    for (uint32_t i = 0; i < n; i++) {
      if (attrs[i].key == key) {
        parser_error(p, off, "duplicate import attribute");
        goto fail;
      }
    }
    parser_next(p);
    if (!parser_expect(p, TOK_COLON)) goto fail;
    if (!parser_at(p, TOK_STRING)) {
      parser_error(p, p->lx.tok.start, "import attribute value must be a string");
      goto fail;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 4;
      ImportAttribute *a = realloc(attrs, cap * sizeof(ImportAttribute));
      if (!a) {
        parser_error(p, off, "out of memory");
        goto fail;
      }
      attrs = a;
    }
    attrs[n].key = key;
    attrs[n].value = p->lx.tok.atom;
    n++;
    parser_next(p);
    if (!parser_at(p, TOK_RBRACE) && !parser_expect(p, TOK_COMMA)) goto fail;
  }
  parser_next(p);
  if (n) {
    *out = arena_dup(p->arena, attrs, n * sizeof(ImportAttribute));
    if (!*out) {
      parser_error(p, p->lx.tok.start, "out of memory");
      goto fail;
    }
    *count = n;
  }
  free(attrs);
  return true;
fail:
  free(attrs);
  return false;
}

static Atom *parse_module_specifier(Parser *p) {
  if (!parser_at(p, TOK_STRING)) return parser_error(p, p->lx.tok.start, "expected a module specifier string");
  Atom *a = p->lx.tok.atom;
  parser_next(p);
  return a;
}

static Node *import_specifier(Parser *p, ImportKind kind, Atom *imported, Node *at) {
  ImportSpecifier *s = at ? parser_node_at(p, NODE_IMPORT_SPECIFIER, sizeof(ImportSpecifier), at)
                          : parser_node(p, NODE_IMPORT_SPECIFIER, sizeof(ImportSpecifier));
  if (!s) return NULL;
  s->kind = (uint8_t)kind;
  s->imported = imported;
  uint32_t off;
  s->local = parse_binding_identifier(p, &off);
  if (!s->local) return NULL;
  if (!parser_declare(p, s->local, D_LEXICAL, off)) return NULL;
  parser_finish(p, s);
  return &s->h;
}

Node *parse_import_declaration(Parser *p) {
  ImportDecl *d = parser_node(p, NODE_IMPORT_DECL, sizeof(ImportDecl));
  if (!d) return NULL;
  parser_next(p); /* import */
  if (parser_at(p, TOK_STRING)) {
    d->specifier = parse_module_specifier(p);
  } else {
    uint32_t base = p->sp;
    bool need_more = true;
    if (parser_at(p, TOK_IDENTIFIER) || parser_at(p, TOK_KW_yield) || parser_at(p, TOK_KW_await)) {
      Node *s = import_specifier(p, IMPORT_DEFAULT, p->wk[WK_default], NULL);
      if (!s || !parser_push(p, s)) return NULL;
      need_more = parser_eat(p, TOK_COMMA);
    }
    if (need_more) {
      if (parser_at(p, TOK_STAR)) {
        Node tmp = {0};
        tmp.start = p->lx.tok.start;
        tmp.line = p->lx.tok.line;
        tmp.column = parser_node_column(p, p->lx.tok.line_start, tmp.start);
        parser_next(p);
        if (!parser_at_contextual(p, WK_as)) return parser_error(p, p->lx.tok.start, "expected 'as'");
        parser_next(p);
        Node *s = import_specifier(p, IMPORT_NAMESPACE, NULL, &tmp);
        if (!s || !parser_push(p, s)) return NULL;
      } else if (parser_at(p, TOK_LBRACE)) {
        parser_next(p);
        while (!parser_at(p, TOK_RBRACE)) {
          Token *t = &p->lx.tok;
          Node tmp = {0};
          tmp.start = t->start;
          tmp.line = t->line;
          tmp.column = parser_node_column(p, t->line_start, t->start);
          TokenKind k = (TokenKind)t->kind;
          Atom *name_atom = t->atom;
          bool escaped = t->escaped;
          uint32_t name_off = t->start;
          bool is_string;
          Atom *imported = parse_export_name(p, &is_string);
          if (!imported) return NULL;
          Node *s;
          if (parser_at_contextual(p, WK_as)) {
            parser_next(p);
            s = import_specifier(p, IMPORT_NAMED, imported, &tmp);
          } else {
            if (is_string) return parser_error(p, name_off, "a string import name needs 'as'");
            if (k != TOK_IDENTIFIER && k != TOK_KW_yield && k != TOK_KW_await)
              return parser_error(p, name_off, "a reserved word import name needs 'as'");
            if (!parser_check_identifier(p, name_atom, escaped, name_off, true)) return NULL;
            ImportSpecifier *is = parser_node_at(p, NODE_IMPORT_SPECIFIER, sizeof(ImportSpecifier), &tmp);
            if (!is) return NULL;
            is->kind = IMPORT_NAMED;
            is->imported = imported;
            is->local = imported;
            parser_finish(p, is);
            if (!parser_declare(p, imported, D_LEXICAL, name_off)) return NULL;
            s = &is->h;
          }
          if (!s || !parser_push(p, s)) return NULL;
          if (!parser_at(p, TOK_RBRACE) && !parser_expect(p, TOK_COMMA)) return NULL;
        }
        parser_next(p);
      } else {
        return parser_unexpected(p);
      }
    }
    if (!parser_pop_list(p, base, &d->specifiers)) return NULL;
    if (!parser_at_contextual(p, WK_from)) return parser_error(p, p->lx.tok.start, "expected 'from'");
    parser_next(p);
    d->specifier = parse_module_specifier(p);
  }
  if (!d->specifier) return NULL;
  if (!parse_attributes(p, &d->attributes, &d->attribute_count)) return NULL;
  if (!parser_consume_semicolon(p)) return NULL;
  parser_finish(p, d);
  return &d->h;
}

typedef struct ExportNamesData {
  uint32_t dummy;
} ExportNamesData;

static bool export_bound(Parser *p, Identifier *id, void *data) {
  (void)data;
  return add_export(p, id->name, id->h.start);
}

Node *parse_export_declaration(Parser *p) {
  Token *t = &p->lx.tok;
  uint32_t start = t->start, line = t->line, line_start = t->line_start;
  Node tmp = {0};
  tmp.start = start;
  tmp.line = line;
  tmp.column = parser_node_column(p, line_start, start);
  parser_next(p); /* export */
  if (parser_at(p, TOK_STAR)) {
    ExportAll *e = parser_node_at(p, NODE_EXPORT_ALL, sizeof(ExportAll), &tmp);
    if (!e) return NULL;
    parser_next(p);
    if (parser_at_contextual(p, WK_as)) {
      parser_next(p);
      uint32_t off = p->lx.tok.start;
      bool is_string;
      e->exported = parse_export_name(p, &is_string);
      if (!e->exported || !add_export(p, e->exported, off)) return NULL;
    }
    if (!parser_at_contextual(p, WK_from)) return parser_error(p, p->lx.tok.start, "expected 'from'");
    parser_next(p);
    e->from = parse_module_specifier(p);
    if (!e->from || !parse_attributes(p, &e->attributes, &e->attribute_count)) return NULL;
    if (!parser_consume_semicolon(p)) return NULL;
    parser_finish(p, e);
    return &e->h;
  }
  if (parser_at(p, TOK_KW_default)) {
    ExportDefault *e = parser_node_at(p, NODE_EXPORT_DEFAULT, sizeof(ExportDefault), &tmp);
    if (!e) return NULL;
    if (!add_export(p, p->wk[WK_default], p->lx.tok.start)) return NULL;
    parser_next(p);
    Token *d = &p->lx.tok;
    bool nl;
    if (d->kind == TOK_KW_function) {
      e->value = parse_function_declaration(p, false, d->start, d->line, d->line_start, false, true);
    } else if (parser_at_contextual(p, WK_async) && parser_peek(p, &nl, NULL) == TOK_KW_function && !nl) {
      uint32_t s = d->start, l = d->line, ls = d->line_start;
      parser_next(p);
      e->value = parse_function_declaration(p, true, s, l, ls, false, true);
    } else if (d->kind == TOK_KW_class) {
      e->value = parse_class(p, false, true);
    } else {
      e->value = parse_assignment(p, true);
      if (!e->value || !parser_consume_semicolon(p)) return NULL;
      if (!parser_declare(p, p->wk[WK_star_default], D_LEXICAL, start)) return NULL;
    }
    if (!e->value) return NULL;
    parser_finish(p, e);
    return &e->h;
  }
  ExportNamed *e = parser_node_at(p, NODE_EXPORT_NAMED, sizeof(ExportNamed), &tmp);
  if (!e) return NULL;
  if (parser_at(p, TOK_LBRACE)) {
    parser_next(p);
    uint32_t base = p->sp;
    /* locals are checked once we know whether there is a `from` */
    uint32_t first_bad_local = 0;
    while (!parser_at(p, TOK_RBRACE)) {
      Token *lt = &p->lx.tok;
      ExportSpecifier *s = parser_node(p, NODE_EXPORT_SPECIFIER, sizeof(ExportSpecifier));
      if (!s) return NULL;
      bool local_ok = lt->kind == TOK_IDENTIFIER && !lt->escaped;
      if (lt->kind == TOK_IDENTIFIER && lt->escaped)
        local_ok = !(lt->atom->wk >= WK_FIRST_KEYWORD && lt->atom->wk <= WK_LAST_KEYWORD);
      if (local_ok && (lt->atom->wk == WK_implements || lt->atom->wk == WK_interface ||
                       lt->atom->wk == WK_let || lt->atom->wk == WK_package ||
                       lt->atom->wk == WK_private || lt->atom->wk == WK_protected ||
                       lt->atom->wk == WK_public || lt->atom->wk == WK_static))
        local_ok = false;
      uint32_t local_off = lt->start;
      if (!local_ok && !first_bad_local) first_bad_local = local_off + 1;
      bool is_string;
      s->local = parse_export_name(p, &is_string);
      if (!s->local) return NULL;
      s->exported = s->local;
      if (parser_at_contextual(p, WK_as)) {
        parser_next(p);
        uint32_t off = p->lx.tok.start;
        s->exported = parse_export_name(p, &is_string);
        if (!s->exported || !add_export(p, s->exported, off)) return NULL;
      } else if (!add_export(p, s->exported, local_off)) {
        return NULL;
      }
      parser_finish(p, s);
      if (!parser_push(p, &s->h)) return NULL;
      if (!parser_at(p, TOK_RBRACE) && !parser_expect(p, TOK_COMMA)) return NULL;
    }
    parser_next(p);
    if (!parser_pop_list(p, base, &e->specifiers)) return NULL;
    if (parser_at_contextual(p, WK_from)) {
      parser_next(p);
      e->from = parse_module_specifier(p);
      if (!e->from || !parse_attributes(p, &e->attributes, &e->attribute_count)) return NULL;
    } else {
      if (first_bad_local) return parser_error(p, first_bad_local - 1, "invalid local name in export");
      for (uint32_t i = 0; i < e->specifiers.count; i++) {
        ExportSpecifier *s = (ExportSpecifier *)e->specifiers.items[i];
        if (!add_export_local(p, s->local, s->h.start)) return NULL;
      }
    }
    if (!parser_consume_semicolon(p)) return NULL;
    parser_finish(p, e);
    return &e->h;
  }
  Token *d = &p->lx.tok;
  Node *decl;
  bool nl;
  if (d->kind == TOK_KW_var || d->kind == TOK_KW_const ||
      (parser_at_contextual(p, WK_let))) {
    decl = parse_statement(p, STMT_LIST);
    if (!decl) return NULL;
    if (decl->kind != NODE_VAR_DECL) return parser_error(p, decl->start, "expected a declaration");
    VarDecl *vd = (VarDecl *)decl;
    for (uint32_t i = 0; i < vd->decls.count; i++)
      if (!parser_bound_names(p, ((VarDeclarator *)vd->decls.items[i])->target, export_bound, NULL))
        return NULL;
  } else if (d->kind == TOK_KW_function) {
    decl = parse_function_declaration(p, false, d->start, d->line, d->line_start, false, false);
    if (!decl || !add_export(p, ((FunctionNode *)decl)->name, decl->start)) return NULL;
  } else if (parser_at_contextual(p, WK_async) && parser_peek(p, &nl, NULL) == TOK_KW_function && !nl) {
    uint32_t s = d->start, l = d->line, ls = d->line_start;
    parser_next(p);
    decl = parse_function_declaration(p, true, s, l, ls, false, false);
    if (!decl || !add_export(p, ((FunctionNode *)decl)->name, decl->start)) return NULL;
  } else if (d->kind == TOK_KW_class) {
    decl = parse_class(p, false, false);
    if (!decl || !add_export(p, ((ClassNode *)decl)->name, decl->start)) return NULL;
  } else {
    return parser_unexpected(p);
  }
  e->declaration = decl;
  parser_finish(p, e);
  return &e->h;
}

bool parser_check_module_exports(Parser *p) {
  PScope *top = p->fs->var_scope;
  for (uint32_t i = 0; i < p->export_local_count; i++) {
    if (!parser_scope_find(top, p->export_locals[i])) {
      char buf[64];
      parser_error(p, p->export_local_offsets[i], "export of undeclared name '%s'",
                   atom_to_utf8(p->export_locals[i], buf, sizeof buf));
      return false;
    }
  }
  return true;
}
