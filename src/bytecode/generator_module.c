/*
 * generator_module.c - compiling a Module: its code (one function, see
 * module/module.h: an argument of true instantiates the environment, false
 * runs the body) and the record's static tables, read off the Ast after
 * scope analysis: module requests (specifier + `type` attribute), import
 * entries, local / indirect / star export entries (ECMA-262 16.2.1.6.1
 * ParseModule).
 *
 * Invariant: every slot number written into the tables is the Context word
 * (CONTEXT_HEADER_SLOTS + slot) of a binding of the module scope, which
 * scope analysis put in the module environment; names are internalized
 * strings, so the linker compares them by identity.
 */
#include "bytecode/generator_internal.h"

#include "module/module.h"
#include "objects/factory.h"
#include "runtime/ops.h"

typedef struct ModGen {
  Gen *g;
  Scope *top;
  Handle requests, types, imports, locals, indirect, stars;   /* FixedArrays (NULL: counting pass) */
  uint32_t nreq, nimp, nloc, nind, nstar;
  bool failed;
} ModGen;

/* The internalized string of atom a, or VALUE_UNDEFINED for NULL. */
static rd_value str(ModGen *m, const Atom *a) {
  if (!a) return VALUE_UNDEFINED;
  rd_value s = gen_atom_string(m->g->rt, a);
  if (!s) m->failed = true;
  return s;
}

static void put(Handle arr, uint32_t i, rd_value v) {
  HEAP_STORE(value_to_ptr(*arr), FIXED_ARRAY(*arr)->data[i], v);
}

/* The `type` of import attributes (NULL if none); any other key, or a
 * type other than "json", is a SyntaxError (unsupported). */
static const Atom *attributes_type(ModGen *m, const ImportAttribute *attrs, uint32_t count) {
  const Atom *type = NULL;
  for (uint32_t i = 0; i < count && !m->failed; i++) {
    const Atom *k = attrs[i].key, *v = attrs[i].value;
    bool is_type = k->length == 4 && k->chars[0] == 't' && k->chars[1] == 'y' && k->chars[2] == 'p' &&
                   k->chars[3] == 'e';
    bool is_json = v->length == 4 && v->chars[0] == 'j' && v->chars[1] == 's' && v->chars[2] == 'o' &&
                   v->chars[3] == 'n';
    if (!is_type || !is_json) {
      m->failed = true;
      js_throw(m->g->rt, ERROR_SyntaxError, "unsupported import attribute (only type: \"json\" is)");
      return NULL;
    }
    type = v;
  }
  return type;
}

/* Index of request (spec, attributes) (added on first sight). */
static uint32_t request(ModGen *m, const Atom *spec, const ImportAttribute *attrs, uint32_t nattrs) {
  const Atom *type = attributes_type(m, attrs, nattrs);
  if (!m->requests || m->failed) return m->nreq++;   /* counting: an upper bound */
  HANDLE_SCOPE(m->g->rt);
  Handle s = handle_new(m->g->rt, str(m, spec));
  rd_value t = str(m, type);
  if (!*s || !t) return 0;
  for (uint32_t i = 0; i < m->nreq; i++)
    if (FIXED_ARRAY(*m->requests)->data[i] == *s && FIXED_ARRAY(*m->types)->data[i] == t) return i;
  put(m->requests, m->nreq, *s);
  put(m->types, m->nreq, t);
  return m->nreq++;
}

/* The Context word of module binding `name` (-1 if none). */
static int32_t slot_of(ModGen *m, const Atom *name) {
  Variable *v = scope_lookup_own(m->top, name);
  if (!v || v->location != LOC_CONTEXT) return -1;
  return CONTEXT_HEADER_SLOTS + v->index;
}

static void add_local(ModGen *m, const Atom *export_name, const Atom *local) {
  if (!m->locals) {   /* counting */
    Variable *v = scope_lookup_own(m->top, local);
    if (v && v->mode == VAR_MODE_IMPORT) m->nind++;
    else m->nloc++;
    return;
  }
  HANDLE_SCOPE(m->g->rt);
  /* export {x} of an import binding x re-exports what x refers to */
  Variable *v = scope_lookup_own(m->top, local);
  if (v && v->mode == VAR_MODE_IMPORT) {
    for (uint32_t i = 0; i < m->nimp; i++) {
      rd_value *e = &FIXED_ARRAY(*m->imports)->data[3 * i];
      if (value_to_int32(e[2]) != slot_of(m, local)) continue;
      Handle en = handle_new(m->g->rt, str(m, export_name));
      if (!*en) return;
      e = &FIXED_ARRAY(*m->imports)->data[3 * i];
      put(m->indirect, 3 * m->nind, *en);
      put(m->indirect, 3 * m->nind + 1, e[0]);
      put(m->indirect, 3 * m->nind + 2, e[1]);
      m->nind++;
      return;
    }
  }
  int32_t slot = slot_of(m, local);
  if (slot < 0) return;   /* the parser reported undeclared exports */
  rd_value en = str(m, export_name);
  if (!en) return;
  put(m->locals, 2 * m->nloc, en);
  put(m->locals, 2 * m->nloc + 1, value_from_int32(slot));
  m->nloc++;
}

static void add_indirect(ModGen *m, const Atom *export_name, const Atom *spec, const ImportAttribute *attrs,
                         uint32_t nattrs, const Atom *import_name) {
  if (!m->indirect) {
    m->nind++;
    (void)request(m, spec, attrs, nattrs);
    return;
  }
  HANDLE_SCOPE(m->g->rt);
  Handle en = handle_new(m->g->rt, str(m, export_name));
  Handle in = handle_new(m->g->rt, str(m, import_name));
  uint32_t r = request(m, spec, attrs, nattrs);
  if (m->failed) return;
  put(m->indirect, 3 * m->nind, *en);
  put(m->indirect, 3 * m->nind + 1, value_from_int32((int32_t)r));
  put(m->indirect, 3 * m->nind + 2, *in);
  m->nind++;
}

/* Local exports of every name a declaration pattern binds. */
static void export_pattern(ModGen *m, Node *n) {
  if (!n) return;
  switch (n->kind) {
    case NODE_IDENTIFIER: add_local(m, ((Identifier *)n)->name, ((Identifier *)n)->name); break;
    case NODE_ASSIGN_PATTERN: export_pattern(m, ((AssignPattern *)n)->target); break;
    case NODE_OBJECT_PATTERN: {
      ObjectPattern *p = (ObjectPattern *)n;
      for (uint32_t i = 0; i < p->properties.count; i++)
        export_pattern(m, ((Property *)p->properties.items[i])->value);
      export_pattern(m, p->rest);
      break;
    }
    case NODE_ARRAY_PATTERN: {
      ArrayPattern *p = (ArrayPattern *)n;
      for (uint32_t i = 0; i < p->elements.count; i++) export_pattern(m, p->elements.items[i]);
      export_pattern(m, p->rest);
      break;
    }
    default: break;
  }
}

/* One pass over the module items: counts (tables NULL) or fills. Imports
 * come first so `export {x}` of an import can find its entry. */
static void scan(ModGen *m, NodeList *body) {
  Runtime *rt = m->g->rt;
  const AtomTable *at = &m->g->ast->atoms;
  for (uint32_t i = 0; i < body->count && !m->failed; i++) {
    Node *n = body->items[i];
    if (n->kind != NODE_IMPORT_DECL) continue;
    ImportDecl *d = (ImportDecl *)n;
    uint32_t r = request(m, d->specifier, d->attributes, d->attribute_count);
    for (uint32_t j = 0; j < d->specifiers.count && !m->failed; j++) {
      ImportSpecifier *s = (ImportSpecifier *)d->specifiers.items[j];
      if (m->imports) {
        HANDLE_SCOPE(rt);
        Handle in = handle_new(rt, str(m, s->kind == IMPORT_NAMESPACE ? NULL : s->imported));
        if (m->failed) return;
        put(m->imports, 3 * m->nimp, value_from_int32((int32_t)r));
        put(m->imports, 3 * m->nimp + 1, *in);
        put(m->imports, 3 * m->nimp + 2, value_from_int32(slot_of(m, s->local)));
      }
      m->nimp++;
    }
  }
  for (uint32_t i = 0; i < body->count && !m->failed; i++) {
    Node *n = body->items[i];
    switch (n->kind) {
      case NODE_EXPORT_NAMED: {
        ExportNamed *e = (ExportNamed *)n;
        Node *d = e->declaration;
        if (d && d->kind == NODE_VAR_DECL) {
          VarDecl *vd = (VarDecl *)d;
          for (uint32_t j = 0; j < vd->decls.count; j++)
            export_pattern(m, ((VarDeclarator *)vd->decls.items[j])->target);
        } else if (d && (d->kind == NODE_FUNCTION_DECL)) {
          add_local(m, ((FunctionNode *)d)->name, ((FunctionNode *)d)->name);
        } else if (d && d->kind == NODE_CLASS_DECL) {
          add_local(m, ((ClassNode *)d)->name, ((ClassNode *)d)->name);
        }
        for (uint32_t j = 0; j < e->specifiers.count; j++) {
          ExportSpecifier *s = (ExportSpecifier *)e->specifiers.items[j];
          if (e->from) add_indirect(m, s->exported, e->from, e->attributes, e->attribute_count, s->local);
          else add_local(m, s->exported, s->local);
        }
        break;
      }
      case NODE_EXPORT_DEFAULT: {
        Node *v = ((ExportDefault *)n)->value;
        const Atom *local = at->wk[WK_star_default];
        if (v->kind == NODE_FUNCTION_DECL && ((FunctionNode *)v)->name) local = ((FunctionNode *)v)->name;
        if (v->kind == NODE_CLASS_DECL && ((ClassNode *)v)->name) local = ((ClassNode *)v)->name;
        add_local(m, at->wk[WK_default], local);
        break;
      }
      case NODE_EXPORT_ALL: {
        ExportAll *e = (ExportAll *)n;
        if (e->exported) {
          add_indirect(m, e->exported, e->from, e->attributes, e->attribute_count, NULL);
        } else if (m->stars) {
          uint32_t r = request(m, e->from, e->attributes, e->attribute_count);
          put(m->stars, m->nstar++, value_from_int32((int32_t)r));
        } else {
          m->nstar++;
          (void)request(m, e->from, e->attributes, e->attribute_count);
        }
        break;
      }
      default: break;
    }
  }
}

/* A FixedArray of n words (at least 0), or NULL after an OOM. */
static Handle table(ModGen *m, uint32_t n) {
  rd_value a = factory_fixed_array(m->g->rt, n, VALUE_UNDEFINED, ALLOC_OLD);
  if (!a) {
    m->failed = true;
    return NULL;
  }
  return handle_new(m->g->rt, a);
}

/* Trims a filled table to its used length n (a fresh copy when shorter). */
static rd_value trimmed(Runtime *rt, Handle a, uint32_t n) {
  if (fixed_array_length(*a) == n) return *a;
  rd_value c = factory_fixed_array(rt, n, VALUE_UNDEFINED, ALLOC_OLD);
  if (!c) return VALUE_EMPTY;
  for (uint32_t i = 0; i < n; i++) HEAP_STORE(value_to_ptr(c), FIXED_ARRAY(c)->data[i], FIXED_ARRAY(*a)->data[i]);
  return c;
}

rd_value compiler_compile_module(Runtime *rt, const Ast *ast, Handle script, Handle record) {
  HANDLE_SCOPE(rt);
  Gen g = {0};
  g.rt = rt;
  g.ast = ast;
  g.script = script;
  g.module = true;
  if (!scope_analyze(&g.sa, (Ast *)ast)) {
    scope_analysis_free(&g.sa);
    return js_throw(rt, ERROR_SyntaxError, "%s", g.sa.error);
  }
  rd_value sfi = gen_compile_function(&g, NULL, NULL, NULL);
  if (!sfi) {
    scope_analysis_free(&g.sa);
    if (!runtime_has_exception(rt)) runtime_throw_oom(rt);
    return VALUE_EMPTY;
  }
  Handle hsfi = handle_new(rt, sfi);
  ModGen m = {.g = &g, .top = g.sa.top};
  scan(&m, &ast->program->body);   /* count */
  uint32_t nreq = m.nreq, nimp = m.nimp, nloc = m.nloc, nind = m.nind, nstar = m.nstar;
  m.requests = table(&m, nreq);
  m.types = table(&m, nreq);
  m.imports = table(&m, 3 * nimp);
  m.locals = table(&m, 2 * nloc);
  m.indirect = table(&m, 3 * nind);
  m.stars = table(&m, nstar);
  if (!m.failed) {
    m.nreq = m.nimp = m.nloc = m.nind = m.nstar = 0;
    scan(&m, &ast->program->body);   /* fill */
  }
  scope_analysis_free(&g.sa);
  if (m.failed) return runtime_has_exception(rt) ? VALUE_EMPTY : runtime_throw_oom(rt);
  rd_value v;
  if (!(v = trimmed(rt, m.requests, m.nreq))) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*record), MR(*record, REQUESTS), v);
  if (!(v = trimmed(rt, m.types, m.nreq))) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*record), MR(*record, REQUEST_TYPES), v);
  if (!(v = trimmed(rt, m.imports, 3 * m.nimp))) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*record), MR(*record, IMPORTS), v);
  if (!(v = trimmed(rt, m.locals, 2 * m.nloc))) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*record), MR(*record, LOCAL_EXPORTS), v);
  if (!(v = trimmed(rt, m.indirect, 3 * m.nind))) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*record), MR(*record, INDIRECT_EXPORTS), v);
  if (!(v = trimmed(rt, m.stars, m.nstar))) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*record), MR(*record, STAR_EXPORTS), v);
  MR(*record, HAS_TLA) = value_from_bool(ast->program->has_top_level_await);
  return *hsfi;
}
