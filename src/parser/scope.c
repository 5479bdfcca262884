/*
 * scope.c - scope analysis (see scope.h) in three steps over the Ast:
 *   1. declare: build the scope tree and declare every binding (var hoisted
 *      to its closure scope, lexical ones in their block), mark direct eval
 *      and `with`;
 *   2. resolve: bind every identifier / this / new.target occurrence to a
 *      Variable, marking bindings reached across a function boundary, a
 *      `with` or a direct eval as captured;
 *   3. allocate: captured bindings get context slots, others parameter
 *      slots or registers; top-level vars of a script are globals.
 * Invariant: steps 2 and 3 see the same scopes step 1 created (looked up
 * by node in the map), so every scope's declarations are complete before
 * any reference is resolved.
 */
#include "parser/scope.h"

#include <stdio.h>
#include <stdlib.h>

const char *const var_mode_names[VAR_MODE_COUNT] = {
#define X(name) #name,
    VAR_MODE_LIST(X)
#undef X
};

typedef enum { PASS_DECLARE, PASS_RESOLVE } Pass;

typedef struct Walker {
  ScopeAnalysis *sa;
  Pass pass;
  Scope **all;             /* every scope in creation order (malloc'd) */
  uint32_t all_count, all_capacity;
} Walker;

/* --- the node map ------------------------------------------------------------- */
static uint32_t ptr_hash(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return (uint32_t)x;
}

static bool map_put(ScopeAnalysis *sa, const void *key, void *value) {
  if ((sa->map_count + 1) * 2 > sa->map_capacity) {
    uint32_t cap = sa->map_capacity ? sa->map_capacity * 2 : 64;
    struct ScopeMapEntry *m = calloc(cap, sizeof *m);
    if (!m) return false;
    for (uint32_t i = 0; i < sa->map_capacity; i++) {
      if (!sa->map[i].key) continue;
      uint32_t j = ptr_hash(sa->map[i].key) & (cap - 1);
      while (m[j].key) j = (j + 1) & (cap - 1);
      m[j] = sa->map[i];
    }
    free(sa->map);
    sa->map = m;
    sa->map_capacity = cap;
  }
  uint32_t j = ptr_hash(key) & (sa->map_capacity - 1);
  while (sa->map[j].key && sa->map[j].key != key) j = (j + 1) & (sa->map_capacity - 1);
  if (!sa->map[j].key) sa->map_count++;
  sa->map[j].key = key;
  sa->map[j].value = value;
  return true;
}

static void *map_get(const ScopeAnalysis *sa, const void *key) {
  if (!sa->map_capacity) return NULL;
  uint32_t j = ptr_hash(key) & (sa->map_capacity - 1);
  while (sa->map[j].key) {
    if (sa->map[j].key == key) return sa->map[j].value;
    j = (j + 1) & (sa->map_capacity - 1);
  }
  return NULL;
}

Scope *scope_of(const ScopeAnalysis *sa, const void *node) { return map_get(sa, node); }

Variable *scope_resolved(const ScopeAnalysis *sa, const Node *node) {
  if (node->kind == NODE_IDENTIFIER) return ((const Identifier *)node)->annot;
  return map_get(sa, (const char *)node + 1);   /* THIS / NEW_TARGET: keyed off by one */
}

/* --- scopes and variables ---------------------------------------------------------- */
static Scope *new_scope(Walker *w, ScopeKind kind, Scope *outer, Node *node) {
  ScopeAnalysis *sa = w->sa;
  Scope *s = arena_alloc(&sa->ast->arena, sizeof *s);
  if (!s || !map_put(sa, node, s)) goto fail;
  if (w->all_count == w->all_capacity) {
    uint32_t cap = w->all_capacity ? w->all_capacity * 2 : 32;
    Scope **a = realloc(w->all, cap * sizeof *a);
    if (!a) goto fail;
    w->all = a;
    w->all_capacity = cap;
  }
  w->all[w->all_count++] = s;
  s->kind = (uint8_t)kind;
  s->outer = outer;
  s->node = node;
  s->strict = outer ? outer->strict : false;
  bool is_closure = kind == SCOPE_FUNCTION || kind == SCOPE_SCRIPT || kind == SCOPE_EVAL ||
                    kind == SCOPE_MODULE;
  s->closure = is_closure ? s : outer->closure;
  return s;
fail:
  sa->failed = true;
  return NULL;
}

Variable *scope_lookup_own(const Scope *s, const Atom *name) {
  for (Variable *v = s->vars; v; v = v->next)
    if (v->name == name) return v;
  return NULL;
}

/* Declares name in s (returns the existing binding for a redeclared var). */
static Variable *declare(Walker *w, Scope *s, Atom *name, VarMode mode) {
  Variable *v = scope_lookup_own(s, name);
  if (v) {
    if (v->mode == VAR_MODE_SELF && mode != VAR_MODE_PARAM) {   /* a body binding shadows it */
      v->mode = (uint8_t)mode;
      s->self_var = NULL;
      v->needs_tdz = mode == VAR_MODE_LET || mode == VAR_MODE_CONST || mode == VAR_MODE_CLASS;
    }
    if (mode == VAR_MODE_PARAM && v->mode == VAR_MODE_PARAM) return v;   /* duplicate param */
    if (mode == VAR_MODE_VAR || mode == VAR_MODE_FUNCTION) {
      if (mode == VAR_MODE_FUNCTION && v->mode == VAR_MODE_VAR) v->mode = VAR_MODE_FUNCTION;
      return v;
    }
    return v;   /* the parser reported real redeclaration errors */
  }
  v = arena_alloc(&w->sa->ast->arena, sizeof *v);
  if (!v) {
    w->sa->failed = true;
    return NULL;
  }
  v->name = name;
  v->scope = s;
  v->mode = (uint8_t)mode;
  v->index = -1;
  v->param_index = -1;
  v->needs_tdz = mode == VAR_MODE_LET || mode == VAR_MODE_CONST || mode == VAR_MODE_CLASS ||
                 mode == VAR_MODE_CLASS_INNER;
  Variable **tail = &s->vars;
  while (*tail) tail = &(*tail)->next;
  *tail = v;
  s->var_count++;
  return v;
}

/* Declares every name bound by a pattern (identifier, object/array pattern). */
static void declare_pattern(Walker *w, Scope *s, Node *n, VarMode mode) {
  if (!n) return;
  switch (n->kind) {
    case NODE_IDENTIFIER: declare(w, s, ((Identifier *)n)->name, mode); break;
    case NODE_ASSIGN_PATTERN: declare_pattern(w, s, ((AssignPattern *)n)->target, mode); break;
    case NODE_OBJECT_PATTERN: {
      ObjectPattern *p = (ObjectPattern *)n;
      for (uint32_t i = 0; i < p->properties.count; i++)
        declare_pattern(w, s, ((Property *)p->properties.items[i])->value, mode);
      declare_pattern(w, s, p->rest, mode);
      break;
    }
    case NODE_ARRAY_PATTERN: {
      ArrayPattern *p = (ArrayPattern *)n;
      for (uint32_t i = 0; i < p->elements.count; i++) declare_pattern(w, s, p->elements.items[i], mode);
      declare_pattern(w, s, p->rest, mode);
      break;
    }
    default: break;   /* member expressions in assignment patterns bind nothing */
  }
}

/* The nearest non-arrow function scope (or script/eval/module scope). */
static Scope *receiver_scope(Scope *s) {
  for (;;) {
    s = s->closure;
    if (s->kind != SCOPE_FUNCTION || !s->is_arrow || !s->outer) return s;
    s = s->outer;
  }
}

/* --- resolution -------------------------------------------------------------------- */
static Variable *implicit_var(Walker *w, Atom *name, VarLocation loc) {
  Variable *v = arena_alloc(&w->sa->ast->arena, sizeof *v);
  if (!v) {
    w->sa->failed = true;
    return NULL;
  }
  v->name = name;
  v->mode = VAR_MODE_IMPLICIT;
  v->location = (uint8_t)loc;
  v->index = v->param_index = -1;
  return v;
}

/* Resolves name as seen from scope s. */
static Variable *resolve_name(Walker *w, Scope *s, Atom *name) {
  bool crossed_function = false, dynamic = false;
  Atom *args = w->sa->ast->atoms.wk[WK_arguments];
  for (Scope *c = s; c; c = c->outer) {
    Variable *v = scope_lookup_own(c, name);
    if (!v && name == args && c->kind == SCOPE_FUNCTION && !c->is_arrow &&
        c->function->kind != FUNC_FIELD_INIT && c->function->kind != FUNC_STATIC_BLOCK) {
      v = declare(w, c, name, VAR_MODE_ARGUMENTS);
      c->arguments_var = v;
    }
    if (v) {
      v->used = true;
      if (crossed_function || dynamic) v->captured = true;
      if (dynamic) return implicit_var(w, name, LOC_DYNAMIC);
      return v;
    }
    if (c->kind == SCOPE_WITH) dynamic = true;
    if (c->sloppy_eval) dynamic = true;
    if (c->kind == SCOPE_FUNCTION) crossed_function = true;
  }
  return implicit_var(w, name, dynamic || w->sa->direct_eval ? LOC_DYNAMIC : LOC_GLOBAL);
}

/* this / new.target of the scope around s, created on first use. */
static Variable *resolve_special(Walker *w, Scope *s, VarMode mode) {
  Scope *r = receiver_scope(s);
  Variable **slot = mode == VAR_MODE_THIS ? &r->this_var : &r->new_target_var;
  if (!*slot) {
    Atom *name = w->sa->ast->atoms.wk[mode == VAR_MODE_THIS ? WK_this : WK_target];
    *slot = declare(w, r, name, mode);
    if (!*slot) return NULL;
    (*slot)->needs_tdz = mode == VAR_MODE_THIS && r->function &&
                         r->function->kind == FUNC_DERIVED_CONSTRUCTOR;
  }
  Variable *v = *slot;
  v->used = true;
  for (Scope *c = s; c != r; c = c->outer)
    if (c->kind == SCOPE_FUNCTION) v->captured = true;
  return v;
}

/* --- the walk ---------------------------------------------------------------------- */
static void walk(Walker *w, Node *n, Scope *s);

static void walk_list(Walker *w, NodeList *l, Scope *s) {
  for (uint32_t i = 0; i < l->count; i++) walk(w, l->items[i], s);
}

/* The scope a node opens: created in the declare pass, looked up afterwards. */
static Scope *enter(Walker *w, ScopeKind kind, Scope *outer, Node *node) {
  if (w->pass == PASS_DECLARE) return new_scope(w, kind, outer, node);
  return map_get(w->sa, node);
}

static void declare_lexical(Walker *w, NodeList *body, Scope *s);

static void walk_function(Walker *w, FunctionNode *f, Scope *outer) {
  Scope *fs = enter(w, SCOPE_FUNCTION, outer, &f->h);
  if (!fs) return;
  if (w->pass == PASS_DECLARE) {
    fs->function = f;
    fs->strict = f->strict;
    fs->is_arrow = f->kind == FUNC_ARROW;
    if (f->h.kind == NODE_FUNCTION_EXPR && f->name && f->kind == FUNC_NORMAL)
      fs->self_var = declare(w, fs, f->name, VAR_MODE_SELF);
    fs->params = arena_alloc(&w->sa->ast->arena, sizeof(Variable *) * (f->params.count + 1));
    if (!fs->params) {
      w->sa->failed = true;
      return;
    }
    for (uint32_t i = 0; i < f->params.count; i++) {
      Node *p = f->params.items[i];
      if (p->kind == NODE_IDENTIFIER) {
        Variable *v = declare(w, fs, ((Identifier *)p)->name, VAR_MODE_PARAM);
        if (v && v->mode == VAR_MODE_SELF) {   /* a parameter shadows the function's name */
          v->mode = VAR_MODE_PARAM;
          fs->self_var = NULL;
        }
        if (v) v->param_index = (int32_t)i;
        fs->params[i] = v;
      } else {
        declare_pattern(w, fs, p, VAR_MODE_PARAM);
      }
    }
    declare_pattern(w, fs, f->rest, VAR_MODE_PARAM);
    /* Non-simple parameter lists bind left to right: a default that reads a
     * later (or its own) parameter meets it uninitialized. */
    if (!f->simple_params)
      for (Variable *v = fs->vars; v; v = v->next)
        if (v->mode == VAR_MODE_PARAM) v->needs_tdz = true;
    if (!f->is_expression_body) declare_lexical(w, &f->body, fs);
  }
  walk_list(w, &f->params, fs);
  if (f->rest) walk(w, f->rest, fs);
  if (f->is_expression_body) walk(w, f->expr_body, fs);
  else walk_list(w, &f->body, fs);
}

/* Allocates a zeroed node of `size` bytes and kind `kind` spanning like `at`. */
static void *synth_node(Walker *w, size_t size, NodeKind kind, const Node *at) {
  Node *n = arena_alloc(&w->sa->ast->arena, size);
  if (!n) {
    w->sa->failed = true;
    return NULL;
  }
  n->kind = (uint8_t)kind;
  n->start = at->start;
  n->end = at->end;
  n->line = at->line;
  n->column = at->column;
  return n;
}

/* The default constructor of a class without one: `constructor() {}` or
 * `constructor(...args) { super(...args); }`, built as AST. */
static FunctionNode *synth_constructor(Walker *w, ClassNode *c) {
  FunctionNode *f = synth_node(w, sizeof *f, NODE_FUNCTION_EXPR, &c->h);
  if (!f) return NULL;
  f->kind = c->heritage ? FUNC_DERIVED_CONSTRUCTOR : FUNC_CLASS_CONSTRUCTOR;
  f->strict = true;
  f->simple_params = !c->heritage;
  f->name = c->name;
  if (!c->heritage) return f;
  f->uses_super_call = true;
  Identifier *rest = synth_node(w, sizeof *rest, NODE_IDENTIFIER, &c->h);
  Identifier *ref = synth_node(w, sizeof *ref, NODE_IDENTIFIER, &c->h);
  Spread *spread = synth_node(w, sizeof *spread, NODE_SPREAD, &c->h);
  CallExpr *call = synth_node(w, sizeof *call, NODE_SUPER_CALL, &c->h);
  ExprStmt *stmt = synth_node(w, sizeof *stmt, NODE_EXPR_STMT, &c->h);
  Node **args = arena_alloc(&w->sa->ast->arena, sizeof(Node *));
  Node **body = arena_alloc(&w->sa->ast->arena, sizeof(Node *));
  Atom *name = atom_intern8(&w->sa->ast->atoms, (const uint8_t *)"args", 4);
  if (!rest || !ref || !spread || !call || !stmt || !args || !body || !name) {
    w->sa->failed = true;
    return NULL;
  }
  rest->name = ref->name = name;
  spread->argument = &ref->h;
  args[0] = &spread->h;
  call->args = (NodeList){args, 1};
  stmt->expr = &call->h;
  body[0] = &stmt->h;
  f->rest = &rest->h;
  f->body = (NodeList){body, 1};
  return f;
}

static void walk_class(Walker *w, ClassNode *c, Scope *s) {
  Scope *cs = enter(w, SCOPE_CLASS, s, &c->h);
  if (!cs) return;
  if (w->pass == PASS_DECLARE) {
    cs->strict = true;
    if (c->name) declare(w, cs, c->name, VAR_MODE_CLASS_INNER);
    /* Each #name is a binding of the class scope holding its private symbol. */
    for (uint32_t i = 0; i < c->private_name_count; i++) {
      Variable *pv = declare(w, cs, c->private_names[i], VAR_MODE_VAR);
      if (!pv) {
        w->sa->failed = true;
        return;
      }
      pv->captured = true;
      pv->used = true;
    }
    if (!c->constructor) c->constructor = synth_constructor(w, c);
    if (c->has_instance_fields) {
      /* The [key, initializer] list the constructor runs (see gen_class). */
      Atom *name = atom_intern8(&w->sa->ast->atoms, (const uint8_t *)".fields", 7);
      Variable *v = name ? declare(w, cs, name, VAR_MODE_VAR) : NULL;
      if (!v) {
        w->sa->failed = true;
        return;
      }
      v->captured = true;
      c->annot = v;
    }
  }
  if (c->heritage) walk(w, c->heritage, cs);
  if (c->constructor) walk_function(w, c->constructor, cs);
  for (uint32_t i = 0; i < c->members.count; i++) {
    ClassMember *m = (ClassMember *)c->members.items[i];
    if (m->computed) walk(w, m->key, cs);
    if (m->value) walk_function(w, m->value, cs);
  }
}

/* Declares the lexical declarations directly in a statement list into s. */
static void declare_lexical(Walker *w, NodeList *body, Scope *s) {
  Atom *star_default = w->sa->ast->atoms.wk[WK_star_default];
  for (uint32_t i = 0; i < body->count; i++) {
    Node *n = body->items[i];
    if (n->kind == NODE_EXPORT_NAMED && ((ExportNamed *)n)->declaration)
      n = ((ExportNamed *)n)->declaration;
    if (n->kind == NODE_IMPORT_DECL) {   /* module: every import is a binding of the module scope */
      ImportDecl *d = (ImportDecl *)n;
      for (uint32_t j = 0; j < d->specifiers.count; j++)
        declare(w, s, ((ImportSpecifier *)d->specifiers.items[j])->local, VAR_MODE_IMPORT);
      continue;
    }
    if (n->kind == NODE_EXPORT_DEFAULT) {
      /* export default function/class with a name binds that name; anonymous
       * ones and expressions bind *default* (a function: hoisted). */
      Node *v = ((ExportDefault *)n)->value;
      if ((v->kind == NODE_FUNCTION_DECL && ((FunctionNode *)v)->name) ||
          (v->kind == NODE_CLASS_DECL && ((ClassNode *)v)->name)) {
        n = v;
      } else {
        declare(w, s, star_default, v->kind == NODE_FUNCTION_DECL ? VAR_MODE_VAR : VAR_MODE_LET);
        continue;
      }
    }
    if (n->kind == NODE_VAR_DECL && ((VarDecl *)n)->kind != VAR_KIND_VAR) {
      VarDecl *d = (VarDecl *)n;
      VarMode m = d->kind == VAR_KIND_LET ? VAR_MODE_LET : VAR_MODE_CONST;
      for (uint32_t j = 0; j < d->decls.count; j++)
        declare_pattern(w, s, ((VarDeclarator *)d->decls.items[j])->target, m);
    } else if (n->kind == NODE_CLASS_DECL && ((ClassNode *)n)->name) {
      declare(w, s, ((ClassNode *)n)->name, VAR_MODE_CLASS);
    } else if (n->kind == NODE_FUNCTION_DECL && ((FunctionNode *)n)->name) {
      FunctionNode *f = (FunctionNode *)n;
      if (s->closure == s) {
        declare(w, s, f->name, VAR_MODE_VAR);
      } else {
        declare(w, s, f->name, VAR_MODE_FUNCTION);
        if (f->annexb_hoist) declare(w, s->closure, f->name, VAR_MODE_VAR);
      }
    }
  }
}

static void walk(Walker *w, Node *n, Scope *s) {
  if (!n || w->sa->failed) return;
  switch ((NodeKind)n->kind) {
    case NODE_PROGRAM: {
      Program *p = (Program *)n;
      Scope *top = enter(w, p->is_module ? SCOPE_MODULE : p->is_eval ? SCOPE_EVAL : SCOPE_SCRIPT,
                         NULL, n);
      if (!top) return;
      if (w->pass == PASS_DECLARE) {
        top->strict = p->strict;
        w->sa->top = top;
        declare_lexical(w, &p->body, top);
      }
      walk_list(w, &p->body, top);
      return;
    }
    case NODE_VAR_DECL: {
      VarDecl *d = (VarDecl *)n;
      if (w->pass == PASS_DECLARE && d->kind == VAR_KIND_VAR)
        for (uint32_t i = 0; i < d->decls.count; i++)
          declare_pattern(w, s->closure, ((VarDeclarator *)d->decls.items[i])->target, VAR_MODE_VAR);
      walk_list(w, &d->decls, s);
      return;
    }
    case NODE_VAR_DECLARATOR:
      walk(w, ((VarDeclarator *)n)->target, s);
      walk(w, ((VarDeclarator *)n)->init, s);
      return;
    case NODE_FUNCTION_DECL:
    case NODE_FUNCTION_EXPR:
    case NODE_ARROW_FUNCTION:
      walk_function(w, (FunctionNode *)n, s);
      return;
    case NODE_CLASS_DECL:
    case NODE_CLASS_EXPR:
      walk_class(w, (ClassNode *)n, s);
      return;
    case NODE_EXPR_STMT: walk(w, ((ExprStmt *)n)->expr, s); return;
    case NODE_BLOCK: {
      Block *b = (Block *)n;
      Scope *bs = enter(w, SCOPE_BLOCK, s, n);
      if (!bs) return;
      if (w->pass == PASS_DECLARE) declare_lexical(w, &b->body, bs);
      walk_list(w, &b->body, bs);
      return;
    }
    case NODE_IF: {
      IfStmt *i = (IfStmt *)n;
      walk(w, i->test, s);
      walk(w, i->consequent, s);
      walk(w, i->alternate, s);
      return;
    }
    case NODE_FOR: {
      ForStmt *f = (ForStmt *)n;
      Scope *ls = enter(w, SCOPE_BLOCK, s, n);
      if (!ls) return;
      if (w->pass == PASS_DECLARE && f->init && f->init->kind == NODE_VAR_DECL) {
        NodeList one = {&f->init, 1};
        declare_lexical(w, &one, ls);
      }
      walk(w, f->init, ls);
      walk(w, f->test, ls);
      walk(w, f->update, ls);
      walk(w, f->body, ls);
      return;
    }
    case NODE_FOR_IN:
    case NODE_FOR_OF: {
      ForInOf *f = (ForInOf *)n;
      Scope *ls = enter(w, SCOPE_BLOCK, s, n);
      if (!ls) return;
      if (w->pass == PASS_DECLARE && f->left->kind == NODE_VAR_DECL) {
        NodeList one = {&f->left, 1};
        declare_lexical(w, &one, ls);
      }
      walk(w, f->right, ls);   /* in the TDZ scope of the head's bindings */
      walk(w, f->left, ls);
      walk(w, f->body, ls);
      return;
    }
    case NODE_WHILE:
    case NODE_DO_WHILE:
      walk(w, ((WhileStmt *)n)->test, s);
      walk(w, ((WhileStmt *)n)->body, s);
      return;
    case NODE_RETURN: walk(w, ((ReturnStmt *)n)->argument, s); return;
    case NODE_WITH: {
      WithStmt *ws = (WithStmt *)n;
      walk(w, ws->object, s);
      Scope *wsc = enter(w, SCOPE_WITH, s, n);
      if (!wsc) return;
      walk(w, ws->body, wsc);
      return;
    }
    case NODE_SWITCH: {
      SwitchStmt *sw = (SwitchStmt *)n;
      walk(w, sw->discriminant, s);
      Scope *ss = enter(w, SCOPE_BLOCK, s, n);
      if (!ss) return;
      if (w->pass == PASS_DECLARE)
        for (uint32_t i = 0; i < sw->cases.count; i++)
          declare_lexical(w, &((SwitchCase *)sw->cases.items[i])->body, ss);
      walk_list(w, &sw->cases, ss);
      return;
    }
    case NODE_SWITCH_CASE:
      walk(w, ((SwitchCase *)n)->test, s);
      walk_list(w, &((SwitchCase *)n)->body, s);
      return;
    case NODE_LABELED: walk(w, ((LabeledStmt *)n)->body, s); return;
    case NODE_THROW: walk(w, ((ThrowStmt *)n)->argument, s); return;
    case NODE_TRY: {
      TryStmt *t = (TryStmt *)n;
      walk(w, &t->block->h, s);
      if (t->catch_body) {
        Scope *cs = enter(w, SCOPE_CATCH, s, n);
        if (!cs) return;
        if (w->pass == PASS_DECLARE) {
          declare_pattern(w, cs, t->catch_param, VAR_MODE_CATCH);
          declare_lexical(w, &t->catch_body->body, cs);
          if (!map_put(w->sa, t->catch_body, cs)) w->sa->failed = true;
        }
        walk(w, t->catch_param, cs);
        walk_list(w, &t->catch_body->body, cs);
      }
      if (t->finalizer) walk(w, &t->finalizer->h, s);
      return;
    }
    case NODE_EXPORT_NAMED: walk(w, ((ExportNamed *)n)->declaration, s); return;
    case NODE_EXPORT_DEFAULT: walk(w, ((ExportDefault *)n)->value, s); return;
    case NODE_IDENTIFIER:
      if (w->pass == PASS_RESOLVE) ((Identifier *)n)->annot = resolve_name(w, s, ((Identifier *)n)->name);
      return;
    case NODE_THIS:
    case NODE_NEW_TARGET:
      if (w->pass == PASS_RESOLVE) {
        Variable *v = resolve_special(w, s, n->kind == NODE_THIS ? VAR_MODE_THIS : VAR_MODE_NEW_TARGET);
        if (v && !map_put(w->sa, (const char *)n + 1, v)) w->sa->failed = true;
      }
      return;
    case NODE_TEMPLATE_LIT: walk_list(w, &((TemplateLit *)n)->exprs, s); return;
    case NODE_TAGGED_TEMPLATE:
      walk(w, ((TaggedTemplate *)n)->tag, s);
      walk(w, &((TaggedTemplate *)n)->quasi->h, s);
      return;
    case NODE_ARRAY_LIT: walk_list(w, &((ArrayLit *)n)->elements, s); return;
    case NODE_OBJECT_LIT: walk_list(w, &((ObjectLit *)n)->properties, s); return;
    case NODE_PROPERTY: {
      Property *p = (Property *)n;
      if (p->computed) walk(w, p->key, s);
      walk(w, p->value, s);
      return;
    }
    case NODE_UNARY: walk(w, ((UnaryExpr *)n)->argument, s); return;
    case NODE_UPDATE: walk(w, ((UpdateExpr *)n)->argument, s); return;
    case NODE_BINARY:
      walk(w, ((BinaryExpr *)n)->left, s);
      walk(w, ((BinaryExpr *)n)->right, s);
      return;
    case NODE_LOGICAL:
      walk(w, ((LogicalExpr *)n)->left, s);
      walk(w, ((LogicalExpr *)n)->right, s);
      return;
    case NODE_PRIVATE_IN: walk(w, ((PrivateIn *)n)->right, s); return;
    case NODE_CONDITIONAL:
      walk(w, ((Conditional *)n)->test, s);
      walk(w, ((Conditional *)n)->consequent, s);
      walk(w, ((Conditional *)n)->alternate, s);
      return;
    case NODE_ASSIGN:
      walk(w, ((AssignExpr *)n)->target, s);
      walk(w, ((AssignExpr *)n)->value, s);
      return;
    case NODE_SEQUENCE: walk_list(w, &((SequenceExpr *)n)->exprs, s); return;
    case NODE_SPREAD: walk(w, ((Spread *)n)->argument, s); return;
    case NODE_YIELD: walk(w, ((YieldExpr *)n)->argument, s); return;
    case NODE_AWAIT: walk(w, ((AwaitExpr *)n)->argument, s); return;
    case NODE_MEMBER:
    case NODE_INDEX:
    case NODE_PRIVATE_MEMBER:
    case NODE_SUPER_MEMBER:
    case NODE_SUPER_INDEX: {
      MemberExpr *m = (MemberExpr *)n;
      walk(w, m->object, s);
      walk(w, m->index, s);
      if (w->pass == PASS_RESOLVE && (n->kind == NODE_SUPER_MEMBER || n->kind == NODE_SUPER_INDEX))
        (void)resolve_special(w, s, VAR_MODE_THIS);
      return;
    }
    case NODE_CALL:
    case NODE_NEW:
    case NODE_SUPER_CALL: {
      CallExpr *c = (CallExpr *)n;
      if (w->pass == PASS_DECLARE && (n->flags & NODE_FLAG_DIRECT_EVAL)) {
        s->calls_eval = true;
        if (!s->strict) s->closure->sloppy_eval = true;
      }
      walk(w, c->callee, s);
      walk_list(w, &c->args, s);
      if (w->pass == PASS_RESOLVE && n->kind == NODE_SUPER_CALL) {
        (void)resolve_special(w, s, VAR_MODE_THIS);
        (void)resolve_special(w, s, VAR_MODE_NEW_TARGET);
        /* super() in an arrow: the constructor keeps itself in ".ctor" (a
         * SELF-like binding) so the arrow can find the parent constructor. */
        Scope *r = receiver_scope(s);
        bool in_arrow = false;
        for (Scope *sc = s; sc && sc != r; sc = sc->outer)
          if (sc->kind == SCOPE_FUNCTION) in_arrow = true;
        if (in_arrow && r->kind == SCOPE_FUNCTION) {
          Atom *name = atom_intern8(&w->sa->ast->atoms, (const uint8_t *)".ctor", 5);
          Variable *v = !name ? NULL : scope_lookup_own(r, name) ? scope_lookup_own(r, name)
                                                                   : declare(w, r, name, VAR_MODE_SELF);
          if (!v) {
            w->sa->failed = true;
            return;
          }
          v->captured = v->used = true;
        }
      }
      if (w->pass == PASS_RESOLVE && (n->flags & NODE_FLAG_DIRECT_EVAL)) {
        Variable *t = resolve_special(w, s, VAR_MODE_THIS);
        if (t) t->captured = true;
        Scope *r = receiver_scope(s);
        if (r->kind == SCOPE_FUNCTION) {
          Variable *nt = resolve_special(w, s, VAR_MODE_NEW_TARGET);
          if (nt) nt->captured = true;
        }
      }
      return;
    }
    case NODE_CALL_RUNTIME: walk_list(w, &((CallRuntime *)n)->args, s); return;
    case NODE_IMPORT_CALL:
      walk(w, ((ImportCall *)n)->specifier, s);
      walk(w, ((ImportCall *)n)->options, s);
      return;
    case NODE_OPTIONAL_CHAIN: walk(w, ((OptionalChain *)n)->expr, s); return;
    case NODE_OBJECT_PATTERN: {
      ObjectPattern *p = (ObjectPattern *)n;
      walk_list(w, &p->properties, s);
      walk(w, p->rest, s);
      return;
    }
    case NODE_ARRAY_PATTERN: {
      ArrayPattern *p = (ArrayPattern *)n;
      walk_list(w, &p->elements, s);
      walk(w, p->rest, s);
      return;
    }
    case NODE_ASSIGN_PATTERN:
      walk(w, ((AssignPattern *)n)->target, s);
      walk(w, ((AssignPattern *)n)->value, s);
      return;
    default:
      return;   /* literals, empty, debugger, jumps, imports, ... */
  }
}

/* --- allocation ------------------------------------------------------------------------ */
bool scope_maps_arguments(const Scope *s) {
  return s->kind == SCOPE_FUNCTION && !s->strict && s->function && s->function->simple_params &&
         !s->function->rest && s->arguments_var && s->arguments_var->used;
}

static void allocate(Scope *s) {
  /* A mapped arguments object reaches the parameters in the context. */
  if (scope_maps_arguments(s))
    for (Variable *v = s->vars; v; v = v->next)
      if (v->mode == VAR_MODE_PARAM) v->captured = true;
  /* Module scope: every binding lives in the module environment (a Context
   * other modules' imports reach), which always exists. */
  if (s->kind == SCOPE_MODULE) {
    for (Variable *v = s->vars; v; v = v->next) v->captured = true;
    s->needs_context = true;
  }
  bool top = s->kind == SCOPE_SCRIPT || (s->kind == SCOPE_EVAL && !s->strict);   /* strict eval: own vars */
  for (Variable *v = s->vars; v; v = v->next) {
    if (top && (v->mode == VAR_MODE_VAR || (s->kind == SCOPE_EVAL && !s->strict &&
                                            v->mode == VAR_MODE_FUNCTION))) {
      v->location = s->kind == SCOPE_SCRIPT ? LOC_GLOBAL : LOC_DYNAMIC;
      continue;
    }
    if (s->kind == SCOPE_SCRIPT &&
        (v->mode == VAR_MODE_LET || v->mode == VAR_MODE_CONST || v->mode == VAR_MODE_CLASS)) {
      v->location = LOC_SCRIPT;
      continue;
    }
    if (v->captured) {
      v->location = LOC_CONTEXT;
      v->index = (int32_t)s->context_slots++;
    } else if (v->mode == VAR_MODE_THIS && s->kind == SCOPE_FUNCTION &&
               s->function->kind != FUNC_DERIVED_CONSTRUCTOR) {
      v->location = LOC_PARAM;
      v->index = 0;
    } else if (v->mode == VAR_MODE_PARAM && v->param_index >= 0 && !s->function->has_duplicate_params) {
      v->location = LOC_PARAM;
      v->index = v->param_index + 1;
    } else {
      v->location = LOC_REGISTER;
      v->index = (int32_t)s->closure->register_count++;
    }
  }
  if (s->context_slots || s->kind == SCOPE_WITH || s->kind == SCOPE_MODULE) s->needs_context = true;
  /* A sloppy eval may declare vars in the function's context. */
  if (s->sloppy_eval && s->kind == SCOPE_FUNCTION) s->needs_context = true;
  /* A scope flagged by a direct eval only needs a context if it has bindings. */
  if (s->needs_context && !s->context_slots && s->kind != SCOPE_WITH && s->kind != SCOPE_FUNCTION &&
      s->kind != SCOPE_EVAL && s->kind != SCOPE_MODULE)
    s->needs_context = false;
}

/* A direct eval in s may name `arguments`: the nearest non-arrow function
 * around it gets its arguments object (unless a declaration of that name
 * shadows it, or it is a field initializer or static block, which have
 * none). */
static void declare_arguments_for_eval(Walker *w, Scope *s) {
  Atom *args = w->sa->ast->atoms.wk[WK_arguments];
  for (Scope *c = s; c; c = c->outer) {
    if (c->kind == SCOPE_SCRIPT || c->kind == SCOPE_EVAL || c->kind == SCOPE_MODULE) return;
    if (c->kind != SCOPE_FUNCTION || c->is_arrow) continue;
    if (c->function->kind == FUNC_FIELD_INIT || c->function->kind == FUNC_STATIC_BLOCK) return;
    if (!scope_lookup_own(c, args)) {
      Variable *v = declare(w, c, args, VAR_MODE_ARGUMENTS);
      if (!v) return;
      c->arguments_var = v;
      v->used = true;
    }
    return;
  }
}

bool scope_analyze(ScopeAnalysis *sa, Ast *ast) { return scope_analyze_eval(sa, ast, false); }

bool scope_analyze_eval(ScopeAnalysis *sa, Ast *ast, bool direct) {
  memset(sa, 0, sizeof *sa);
  sa->ast = ast;
  sa->direct_eval = direct;
  Walker w = {.sa = sa, .pass = PASS_DECLARE};
  walk(&w, &ast->program->h, NULL);
  /* Every binding visible from a direct eval may be named by the eval code. */
  for (uint32_t i = 0; !sa->failed && i < w.all_count; i++) {
    if (!w.all[i]->calls_eval) continue;
    declare_arguments_for_eval(&w, w.all[i]);
    for (Scope *e = w.all[i]; e; e = e->outer)
      for (Variable *v = e->vars; v; v = v->next) v->captured = true;
  }
  if (!sa->failed) {
    w.pass = PASS_RESOLVE;
    walk(&w, &ast->program->h, NULL);
  }
  if (!sa->failed)
    for (uint32_t i = 0; i < w.all_count; i++) allocate(w.all[i]);
  free(w.all);
  if (sa->failed && !sa->error[0]) snprintf(sa->error, sizeof sa->error, "out of memory");
  return !sa->failed;
}

void scope_analysis_free(ScopeAnalysis *sa) {
  free(sa->map);
  sa->map = NULL;
  sa->map_capacity = sa->map_count = 0;
}
