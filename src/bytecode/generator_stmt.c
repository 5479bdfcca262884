/*
 * generator_stmt.c - bytecode for statements and control flow: blocks,
 * declarations, if/loops/for-in/for-of/switch/labels, break/continue/
 * return through the Control stack, try/catch/finally, with, and the
 * scopes of using / await using declarations (a protected region like
 * try/finally whose finally code disposes the scope's resources).
 *
 * Invariant: every jump out of a construct (break, continue, return, an
 * exception) passes through what the Control stack says lies between:
 * contexts are popped, iterators closed, and finally blocks entered with a
 * completion token naming where to go afterwards (TOKEN_NORMAL, THROW,
 * RETURN, or one of the jumps routed through that finally).
 */
#include "bytecode/generator_internal.h"

#include <stdlib.h>

#include "runtime/ops.h"

static void push_control(FuncGen *f, Control *c, ControlKind kind, Node *target) {
  memset(c, 0, sizeof *c);
  c->kind = kind;
  c->target = target;
  c->break_label = kind == CONTROL_BREAKABLE ? builder_label(&f->b) : -1;
  c->continue_label = -1;
  c->outer = f->control;
  f->control = c;
}

static void pop_control(FuncGen *f, Control *c) {
  f->control = c->outer;
  free(c->jumps);
  c->jumps = NULL;
}

/* True if a finally block lies outside Control entry c. */
static bool finally_outside(const Control *c) {
  for (c = c->outer; c; c = c->outer)
    if (c->kind == CONTROL_FINALLY) return true;
  return false;
}

/* Routes a jump (break/continue to target, or a return with the value in
 * acc) from the current position outward through the Control stack. */
static void gen_jump(FuncGen *f, Node *target, bool is_continue, bool is_return) {
  Control *saved = f->control;
  for (Control *c = f->control; c; c = c->outer) {
    switch (c->kind) {
      case CONTROL_BREAKABLE:
        if (!is_return && c->target == target) {
          builder_jump(&f->b, BC_Jump, is_continue ? c->continue_label : c->break_label);
          f->control = saved;
          return;
        }
        break;
      case CONTROL_CONTEXT:
        /* a return leaves the frame's context behind, unless finally code
         * (which runs in the outer context) comes first */
        if (!is_return || finally_outside(c)) builder_emit(&f->b, BC_PopContext, c->saved_context);
        break;
      case CONTROL_ITERATOR:
        if (is_continue && c->target == target) break;
        if (c->async_iterator) {
          gen_async_iterator_close(f, c->iterator_reg);   /* keeps acc */
        } else if (is_return) {
          int32_t mark = temp_mark(f), t = temp_new(f);
          builder_emit(&f->b, BC_Star, t);
          builder_emit(&f->b, BC_IteratorClose, c->iterator_reg);
          builder_emit(&f->b, BC_Ldar, t);
          temp_release(f, mark);
        } else {
          builder_emit(&f->b, BC_IteratorClose, c->iterator_reg);
        }
        break;
      case CONTROL_FINALLY: {
        int32_t token;
        if (is_return) {
          token = TOKEN_RETURN;
          c->routed_return = true;
          builder_emit(&f->b, BC_Star, c->value_reg);
        } else {
          struct FinallyJump *j = realloc(c->jumps, (c->jump_count + 1) * sizeof *j);
          if (!j) {
            gen_fail(f, NULL);
            return;
          }
          c->jumps = j;
          token = TOKEN_FIRST_JUMP + (int32_t)c->jump_count;
          j[c->jump_count++] = (struct FinallyJump){token, target, is_continue, false};
        }
        builder_emit(&f->b, BC_LdaSmi, token);
        builder_emit(&f->b, BC_Star, c->token_reg);
        builder_jump(&f->b, BC_Jump, c->finally_label);
        f->control = saved;
        return;
      }
    }
  }
  f->control = saved;
  if (is_return) emit_final_return(f);
  else gen_fail(f, "internal error: jump target not found");
}

void gen_return_acc(FuncGen *f) {
  if (f->fn && f->fn->kind == FUNC_DERIVED_CONSTRUCTOR) {
    /* undefined -> this (checked); other non-objects are a TypeError. */
    Label use_this = builder_label(&f->b), done = builder_label(&f->b);
    builder_jump(&f->b, BC_JumpIfUndefined, use_this);
    builder_emit(&f->b, BC_ThrowIfNotObject, k_cstr(f, "Derived constructors may only return object or undefined"));
    builder_jump(&f->b, BC_Jump, done);
    builder_bind(&f->b, use_this);
    Variable *t = f->scope->this_var;
    if (t) load_variable(f, t, t->name, NULL, false);
    else {   /* no super() call at all */
      builder_emit(&f->b, BC_LdaTheHole);
      builder_emit(&f->b, BC_ThrowSuperNotCalledIfHole);
    }
    builder_bind(&f->b, done);
  }
  gen_jump(f, NULL, false, true);
}

void gen_stmts(FuncGen *f, NodeList *l) {
  for (uint32_t i = 0; i < l->count && !f->g->failed; i++) gen_stmt(f, l->items[i]);
}

/* --- protected regions and using scopes ------------------------------------------------ */
void protected_begin(FuncGen *f, Protected *pr, int32_t ctx_reg) {
  push_control(f, &pr->c, CONTROL_FINALLY, NULL);
  pr->ctx_reg = ctx_reg;
  pr->c.token_reg = temp_new(f);
  pr->c.value_reg = temp_new(f);
  pr->c.finally_label = builder_label(&f->b);
  pr->start = builder_label(&f->b);
  pr->end = builder_label(&f->b);
  pr->handler = builder_label(&f->b);
  builder_bind(&f->b, pr->start);
}

void protected_finally(FuncGen *f, Protected *pr) {
  BytecodeBuilder *b = &f->b;
  builder_bind(b, pr->end);
  builder_emit(b, BC_LdaSmi, TOKEN_NORMAL);
  builder_emit(b, BC_Star, pr->c.token_reg);
  builder_jump(b, BC_Jump, pr->c.finally_label);
  builder_bind(b, pr->handler);
  builder_emit(b, BC_Star, pr->c.value_reg);
  builder_emit(b, BC_LdaSmi, TOKEN_THROW);
  builder_emit(b, BC_Star, pr->c.token_reg);
  builder_handler(b, pr->start, pr->end, pr->handler, pr->ctx_reg);
  /* The finally code runs outside the region's Control entry. */
  f->control = pr->c.outer;
  builder_bind(b, pr->c.finally_label);
}

void protected_end(FuncGen *f, Protected *pr, bool may_throw) {
  BytecodeBuilder *b = &f->b;
  Control *c = &pr->c;
  Label next;
  if (may_throw) {
    next = builder_label(b);
    builder_emit(b, BC_LdaSmi, TOKEN_THROW);
    builder_emit(b, BC_TestEqualStrict, c->token_reg, slot_new(f));
    builder_jump(b, BC_JumpIfFalse, next);
    builder_emit(b, BC_Ldar, c->value_reg);
    builder_emit(b, BC_ReThrow);
    builder_bind(b, next);
  }
  if (c->routed_return) {
    next = builder_label(b);
    builder_emit(b, BC_LdaSmi, TOKEN_RETURN);
    builder_emit(b, BC_TestEqualStrict, c->token_reg, slot_new(f));
    builder_jump(b, BC_JumpIfFalse, next);
    builder_emit(b, BC_Ldar, c->value_reg);
    gen_return_acc(f);
    builder_bind(b, next);
  }
  for (uint32_t i = 0; i < c->jump_count; i++) {
    next = builder_label(b);
    builder_emit(b, BC_LdaSmi, c->jumps[i].token);
    builder_emit(b, BC_TestEqualStrict, c->token_reg, slot_new(f));
    builder_jump(b, BC_JumpIfFalse, next);
    gen_jump(f, c->jumps[i].target, c->jumps[i].is_continue, false);
    builder_bind(b, next);
  }
  free(c->jumps);
  c->jumps = NULL;
}

UsingKind using_kind_of_decl(const Node *n) {
  if (!n || n->kind != NODE_VAR_DECL) return USING_NONE;
  uint8_t k = ((const VarDecl *)n)->kind;
  return k == VAR_KIND_AWAIT_USING ? USING_ASYNC : k == VAR_KIND_USING ? USING_SYNC : USING_NONE;
}

UsingKind using_kind_of_list(const NodeList *body) {
  UsingKind kind = USING_NONE;
  for (uint32_t i = 0; i < body->count; i++) {
    UsingKind k = using_kind_of_decl(body->items[i]);
    if (k > kind) kind = k;
  }
  return kind;
}

void using_scope_begin(FuncGen *f, UsingScope *u, UsingKind kind) {
  u->kind = kind;
  if (kind == USING_NONE) return;
  BytecodeBuilder *b = &f->b;
  u->mark = temp_mark(f);
  u->cap = temp_new(f);
  int32_t ctx_reg = temp_new(f);
  builder_emit(b, BC_CreateDisposeCapability);
  builder_emit(b, BC_Star, u->cap);
  builder_emit(b, BC_GetContext, ctx_reg);
  protected_begin(f, &u->pr, ctx_reg);
  u->saved_dispose_reg = f->dispose_reg;
  f->dispose_reg = u->cap;
}

/* The finally code of a using scope: a throw completion is the disposal's
 * first error; DisposeResources calls the dispose methods (and throws the
 * recorded error at the end). In an await using scope it stops at each
 * value to await: the loop awaits it, recording a rejection, and goes on. */
void using_scope_end(FuncGen *f, UsingScope *u) {
  if (u->kind == USING_NONE) return;
  BytecodeBuilder *b = &f->b;
  f->dispose_reg = u->saved_dispose_reg;
  protected_finally(f, &u->pr);
  Label dispose = builder_label(b);
  builder_emit(b, BC_LdaSmi, TOKEN_THROW);
  builder_emit(b, BC_TestEqualStrict, u->pr.c.token_reg, slot_new(f));
  builder_jump(b, BC_JumpIfFalse, dispose);
  builder_emit(b, BC_Ldar, u->pr.c.value_reg);
  builder_emit(b, BC_DisposeRecordError, u->cap);
  builder_bind(b, dispose);
  int32_t done = temp_new(f);
  if (u->kind == USING_SYNC) {
    builder_emit(b, BC_DisposeResources, u->cap, done);
  } else {
    int32_t value = temp_new(f);
    Label loop = builder_label(b), exit = builder_label(b), start = builder_label(b), end = builder_label(b),
          handler = builder_label(b);
    builder_bind(b, loop);
    builder_emit(b, BC_DisposeResources, u->cap, done);
    builder_emit(b, BC_Star, value);
    builder_emit(b, BC_Ldar, done);
    builder_jump(b, BC_JumpIfTrue, exit);
    builder_emit(b, BC_Ldar, value);
    builder_bind(b, start);
    gen_await_acc(f);
    builder_bind(b, end);
    builder_jump(b, BC_JumpLoop, loop, 0);
    builder_bind(b, handler);   /* the awaited promise rejected */
    builder_emit(b, BC_DisposeRecordError, u->cap);
    builder_jump(b, BC_JumpLoop, loop, 0);
    builder_handler(b, start, end, handler, u->pr.ctx_reg);
    builder_bind(b, exit);
  }
  protected_end(f, &u->pr, false);
  temp_release(f, u->mark);
}

/* --- declarations -------------------------------------------------------------------- */
/* using / await using: adds the value in acc to the scope's resources (acc kept). */
static void add_disposable(FuncGen *f, uint8_t kind) {
  if (f->dispose_reg < 0) {
    gen_fail(f, "internal error: using declaration outside a using scope");
    return;
  }
  builder_emit(&f->b, BC_AddDisposableResource, f->dispose_reg, kind == VAR_KIND_AWAIT_USING ? 1 : 0);
}

static void gen_var_decl(FuncGen *f, VarDecl *d) {
  bool lexical = d->kind != VAR_KIND_VAR;
  for (uint32_t i = 0; i < d->decls.count; i++) {
    VarDeclarator *vd = (VarDeclarator *)d->decls.items[i];
    if (!vd->init) {
      if (!lexical) continue;
      builder_emit(&f->b, BC_LdaUndefined);
    } else {
      gen_expr_named(f, vd->init, vd->target->kind == NODE_IDENTIFIER ? ((Identifier *)vd->target)->name : NULL);
    }
    if (VAR_KIND_IS_USING(d->kind)) add_disposable(f, d->kind);
    gen_bind(f, vd->target, lexical);
  }
}

/* --- loops ----------------------------------------------------------------------------- */
static void gen_body_with_scope(FuncGen *f, Node *body) { gen_stmt(f, body); }

static void gen_for(FuncGen *f, ForStmt *s) {
  Scope *ls = scope_of(&f->g->sa, s);
  UsingScope u;   /* for (using ...;;): disposed when the whole loop ends */
  using_scope_begin(f, &u, using_kind_of_decl(s->init));
  Control ctx;
  scope_enter(f, ls, &ctx);
  if (s->init) {
    if (s->init->kind == NODE_VAR_DECL) gen_var_decl(f, (VarDecl *)s->init);
    else gen_expr(f, s->init);
  }
  /* CreatePerIterationEnvironment before the first test: closures made by
   * the initializers keep the copy they saw. */
  if (ls->needs_context && s->init && s->init->kind == NODE_VAR_DECL && ((VarDecl *)s->init)->kind == VAR_KIND_LET)
    builder_emit(&f->b, BC_CloneContext);
  Control c;
  push_control(f, &c, CONTROL_BREAKABLE, &s->h);
  c.continue_label = builder_label(&f->b);
  Label head = builder_label(&f->b), body = builder_label(&f->b);
  builder_bind(&f->b, head);
  if (s->test) gen_test(f, s->test, body, c.break_label, true);
  builder_bind(&f->b, body);
  gen_body_with_scope(f, s->body);
  builder_bind(&f->b, c.continue_label);
  /* A fresh copy of the per-iteration bindings for closures of the next iteration. */
  if (ls->needs_context) builder_emit(&f->b, BC_CloneContext);
  if (s->update) gen_expr(f, s->update);
  builder_jump(&f->b, BC_JumpLoop, head, 0);
  pop_control(f, &c);
  builder_bind(&f->b, c.break_label);
  scope_leave(f, ls, &ctx);
  using_scope_end(f, &u);
}

static void gen_while(FuncGen *f, WhileStmt *s, bool do_while) {
  Control c;
  push_control(f, &c, CONTROL_BREAKABLE, &s->h);
  c.continue_label = builder_label(&f->b);
  Label head = builder_label(&f->b), body = builder_label(&f->b);
  builder_bind(&f->b, head);
  if (!do_while) gen_test(f, s->test, body, c.break_label, true);
  builder_bind(&f->b, body);
  gen_stmt(f, s->body);
  builder_bind(&f->b, c.continue_label);
  if (do_while) {
    Label again = builder_label(&f->b);
    gen_test(f, s->test, again, c.break_label, true);
    builder_bind(&f->b, again);
  }
  builder_jump(&f->b, BC_JumpLoop, head, 0);
  pop_control(f, &c);
  builder_bind(&f->b, c.break_label);
}

/* Binds the iteration value in acc to a for-in/of head (declaration or target). */
static void bind_loop_head(FuncGen *f, Node *left) {
  if (left->kind == NODE_VAR_DECL) {
    VarDecl *d = (VarDecl *)left;
    VarDeclarator *vd = (VarDeclarator *)d->decls.items[0];
    if (VAR_KIND_IS_USING(d->kind)) add_disposable(f, d->kind);
    gen_bind(f, vd->target, d->kind != VAR_KIND_VAR);
  } else {
    gen_bind(f, left, false);
  }
}

/* The expression of a for-in/of head, evaluated where the head's bindings
 * exist uninitialized (its own Context if they need one, which closures made
 * there keep: their reads throw). */
static void gen_head_expr(FuncGen *f, Scope *ls, Node *right) {
  Control tdz;
  scope_enter(f, ls, &tdz);
  gen_expr(f, right);
  scope_leave(f, ls, &tdz);
}

static void gen_for_in(FuncGen *f, ForInOf *s) {
  int32_t mark = temp_mark(f);
  int32_t obj = temp_new(f), keys = temp_new(f), idx = temp_new(f), key = temp_new(f);
  Scope *ls = scope_of(&f->g->sa, s);
  Control c;
  push_control(f, &c, CONTROL_BREAKABLE, &s->h);
  c.continue_label = builder_label(&f->b);
  if (s->left->kind == NODE_VAR_DECL) {   /* Annex B: for (var x = init in o) */
    VarDeclarator *vd = (VarDeclarator *)((VarDecl *)s->left)->decls.items[0];
    if (vd->init) {
      gen_expr(f, vd->init);
      gen_bind(f, vd->target, false);
    }
  }
  gen_head_expr(f, ls, s->right);
  builder_jump(&f->b, BC_JumpIfUndefinedOrNull, c.break_label);
  builder_emit(&f->b, BC_ToObject);
  builder_emit(&f->b, BC_Star, obj);
  builder_emit(&f->b, BC_ForInEnumerate);
  builder_emit(&f->b, BC_Star, keys);
  builder_emit(&f->b, BC_LdaZero);
  builder_emit(&f->b, BC_Star, idx);
  Label head = builder_label(&f->b);
  builder_bind(&f->b, head);
  builder_emit(&f->b, BC_ForInNext, obj, keys, idx);
  builder_jump(&f->b, BC_JumpIfUndefined, c.break_label);
  builder_emit(&f->b, BC_Star, key);
  Control ctx;
  scope_enter(f, ls, &ctx);
  builder_emit(&f->b, BC_Ldar, key);
  bind_loop_head(f, s->left);
  gen_stmt(f, s->body);
  scope_leave(f, ls, &ctx);
  builder_bind(&f->b, c.continue_label);
  builder_jump(&f->b, BC_JumpLoop, head, 0);
  pop_control(f, &c);
  builder_bind(&f->b, c.break_label);
  temp_release(f, mark);
}

static void gen_for_of(FuncGen *f, ForInOf *s) {
  bool async = s->is_await;
  int32_t mark = temp_mark(f);
  int32_t iter = temp_new(f), done = temp_new(f), val = temp_new(f), ctx_reg = temp_new(f);
  Scope *ls = scope_of(&f->g->sa, s);
  gen_head_expr(f, ls, s->right);
  if (async) builder_emit(&f->b, BC_GetIteratorGeneric, 1);
  else builder_emit(&f->b, BC_GetIterator);
  builder_emit(&f->b, BC_Star, iter);
  builder_emit(&f->b, BC_GetContext, ctx_reg);
  Control c, it;
  push_control(f, &c, CONTROL_BREAKABLE, &s->h);
  c.continue_label = builder_label(&f->b);
  push_control(f, &it, CONTROL_ITERATOR, &s->h);
  it.iterator_reg = iter;
  it.async_iterator = async;
  Label head = builder_label(&f->b), try_start = builder_label(&f->b), try_end = builder_label(&f->b),
        handler = builder_label(&f->b), exit = builder_label(&f->b);
  builder_bind(&f->b, head);
  if (async) {
    builder_emit(&f->b, BC_LdaZero);
    builder_emit(&f->b, BC_Star, val);
    builder_emit(&f->b, BC_LdaUndefined);
    builder_emit(&f->b, BC_YieldStarStep, iter, val, done, 2);
    gen_await_acc(f);
    builder_emit(&f->b, BC_ThrowIfNotObject, k_cstr(f, "Iterator result is not an object"));
    builder_emit(&f->b, BC_IteratorResultValue, done);
  } else {
    builder_emit(&f->b, BC_IteratorStep, iter, done);
  }
  builder_emit(&f->b, BC_Star, val);
  builder_emit(&f->b, BC_Ldar, done);
  builder_jump(&f->b, BC_JumpIfTrue, exit);
  builder_bind(&f->b, try_start);
  UsingScope u;   /* for (using x of ...): disposed at the end of each iteration */
  using_scope_begin(f, &u, using_kind_of_decl(s->left));
  Control ctx;
  scope_enter(f, ls, &ctx);
  builder_emit(&f->b, BC_Ldar, val);
  bind_loop_head(f, s->left);
  gen_stmt(f, s->body);
  scope_leave(f, ls, &ctx);
  using_scope_end(f, &u);
  builder_bind(&f->b, try_end);
  builder_bind(&f->b, c.continue_label);
  builder_jump(&f->b, BC_JumpLoop, head, 0);
  /* An exception in the body closes the iterator, then propagates. */
  builder_bind(&f->b, handler);
  builder_emit(&f->b, BC_Star, val);
  if (async) {   /* AsyncIteratorClose for a throw completion: its own errors are dropped */
    Label cstart = builder_label(&f->b), cend = builder_label(&f->b), chandler = builder_label(&f->b);
    builder_bind(&f->b, cstart);
    gen_async_iterator_close(f, iter);
    builder_bind(&f->b, cend);
    builder_bind(&f->b, chandler);
    builder_handler(&f->b, cstart, cend, chandler, ctx_reg);
  } else {
    builder_emit(&f->b, BC_IteratorCloseOnThrow, iter);
  }
  builder_emit(&f->b, BC_Ldar, val);
  builder_emit(&f->b, BC_ReThrow);
  builder_handler(&f->b, try_start, try_end, handler, ctx_reg);
  pop_control(f, &it);
  pop_control(f, &c);
  builder_bind(&f->b, c.break_label);
  builder_bind(&f->b, exit);
  temp_release(f, mark);
}

static void gen_switch(FuncGen *f, SwitchStmt *s) {
  int32_t mark = temp_mark(f), disc = temp_new(f);
  gen_expr_to(f, s->discriminant, disc);
  Control c;
  push_control(f, &c, CONTROL_BREAKABLE, &s->h);
  Scope *ss = scope_of(&f->g->sa, s);
  Control ctx;
  scope_enter(f, ss, &ctx);
  for (uint32_t i = 0; i < s->cases.count; i++)
    hoist_functions(f, &((SwitchCase *)s->cases.items[i])->body, ss);
  Label *labels = calloc(s->cases.count + 1, sizeof *labels);
  if (!labels) {
    gen_fail(f, NULL);
    return;
  }
  int32_t default_index = -1;
  for (uint32_t i = 0; i < s->cases.count; i++) {
    SwitchCase *sc = (SwitchCase *)s->cases.items[i];
    labels[i] = builder_label(&f->b);
    if (!sc->test) {
      default_index = (int32_t)i;
      continue;
    }
    gen_expr(f, sc->test);
    builder_emit(&f->b, BC_TestEqualStrict, disc, slot_new(f));
    builder_jump(&f->b, BC_JumpIfTrue, labels[i]);
  }
  Label after_cases = builder_label(&f->b);
  builder_jump(&f->b, BC_Jump, default_index >= 0 ? labels[default_index] : after_cases);
  for (uint32_t i = 0; i < s->cases.count; i++) {
    builder_bind(&f->b, labels[i]);
    gen_stmts(f, &((SwitchCase *)s->cases.items[i])->body);
  }
  builder_bind(&f->b, after_cases);
  free(labels);
  scope_leave(f, ss, &ctx);
  pop_control(f, &c);
  builder_bind(&f->b, c.break_label);
  temp_release(f, mark);
}

/* --- try ------------------------------------------------------------------------------------ */
static void gen_catch(FuncGen *f, TryStmt *t) {
  Scope *cs = scope_of(&f->g->sa, t);
  Control ctx;
  if (!cs) {
    gen_fail(f, "internal error: catch without scope");
    return;
  }
  int32_t mark = temp_mark(f), exc = temp_new(f);
  builder_emit(&f->b, BC_Star, exc);
  scope_enter(f, cs, &ctx);
  hoist_functions(f, &t->catch_body->body, cs);
  if (t->catch_param) {
    builder_emit(&f->b, BC_Ldar, exc);
    gen_bind(f, t->catch_param, true);
  }
  UsingScope u;
  using_scope_begin(f, &u, using_kind_of_list(&t->catch_body->body));
  gen_stmts(f, &t->catch_body->body);
  using_scope_end(f, &u);
  scope_leave(f, cs, &ctx);
  temp_release(f, mark);
}

/* try { block } catch { ... }: the handler covers the block only. */
static void gen_try_catch(FuncGen *f, TryStmt *t, int32_t ctx_reg) {
  Label start = builder_label(&f->b), end = builder_label(&f->b), handler = builder_label(&f->b),
        done = builder_label(&f->b);
  builder_bind(&f->b, start);
  gen_stmt(f, &t->block->h);
  builder_bind(&f->b, end);
  builder_jump(&f->b, BC_Jump, done);
  builder_bind(&f->b, handler);
  gen_catch(f, t);
  builder_bind(&f->b, done);
  builder_handler(&f->b, start, end, handler, ctx_reg);
}

static void gen_try(FuncGen *f, TryStmt *t) {
  int32_t mark = temp_mark(f), ctx_reg = temp_new(f);
  builder_emit(&f->b, BC_GetContext, ctx_reg);
  if (!t->finalizer) {
    gen_try_catch(f, t, ctx_reg);
    temp_release(f, mark);
    return;
  }
  Protected pr;
  protected_begin(f, &pr, ctx_reg);
  if (t->catch_body) gen_try_catch(f, t, ctx_reg);
  else gen_stmt(f, &t->block->h);
  protected_finally(f, &pr);
  gen_stmt(f, &t->finalizer->h);
  protected_end(f, &pr, true);   /* dispatch on the completion token */
  temp_release(f, mark);
}

/* --- statements ------------------------------------------------------------------------------ */
void gen_stmt(FuncGen *f, Node *n) {
  if (f->g->failed) return;
  BytecodeBuilder *b = &f->b;
  builder_set_position(b, n->start);
  /* Completion values (eval, scripts): these statements complete with
   * undefined when their body leaves no value (UpdateEmpty(..., undefined)). */
  if (f->completion_reg >= 0) {
    switch ((NodeKind)n->kind) {
      case NODE_IF: case NODE_WHILE: case NODE_DO_WHILE: case NODE_FOR: case NODE_FOR_IN:
      case NODE_FOR_OF: case NODE_SWITCH: case NODE_TRY: case NODE_WITH:
        builder_emit(b, BC_LdaUndefined);
        builder_emit(b, BC_Star, f->completion_reg);
        break;
      default: break;
    }
  }
  switch ((NodeKind)n->kind) {
    case NODE_EMPTY: return;
    case NODE_DEBUGGER: builder_emit(b, BC_Debugger); return;
    case NODE_EXPR_STMT:
      gen_expr(f, ((ExprStmt *)n)->expr);
      if (f->completion_reg >= 0) builder_emit(b, BC_Star, f->completion_reg);
      return;
    case NODE_VAR_DECL: gen_var_decl(f, (VarDecl *)n); return;
    case NODE_FUNCTION_DECL: {
      FunctionNode *fn = (FunctionNode *)n;
      if (fn->annexb_hoist && fn->name && f->cur != f->scope) {
        Variable *inner = scope_lookup_own(f->cur, fn->name);
        Variable *outer = scope_lookup_own(f->scope, fn->name);
        if (inner && outer && inner != outer) {
          load_variable(f, inner, fn->name, NULL, false);
          if (outer->location == LOC_GLOBAL) builder_emit(b, BC_StaGlobal, k_atom(f, fn->name), slot_new(f));
          else store_variable(f, outer, fn->name, NULL, true);
        }
      }
      return;
    }
    case NODE_CLASS_DECL: {
      ClassNode *c = (ClassNode *)n;
      gen_class(f, c, c->name);
      Variable *v = scope_lookup_own(f->cur, c->name);
      if (v) store_variable(f, v, c->name, n, true);
      return;
    }
    case NODE_BLOCK: {
      Block *blk = (Block *)n;
      Scope *s = scope_of(&f->g->sa, n);
      UsingScope u;
      using_scope_begin(f, &u, using_kind_of_list(&blk->body));
      Control ctx;
      scope_enter(f, s, &ctx);
      hoist_functions(f, &blk->body, s);
      gen_stmts(f, &blk->body);
      scope_leave(f, s, &ctx);
      using_scope_end(f, &u);
      return;
    }
    case NODE_IF: {
      IfStmt *s = (IfStmt *)n;
      Label then = builder_label(b), other = builder_label(b), done = builder_label(b);
      gen_test(f, s->test, then, other, true);
      builder_bind(b, then);
      gen_stmt(f, s->consequent);
      if (s->alternate) builder_jump(b, BC_Jump, done);
      builder_bind(b, other);
      if (s->alternate) gen_stmt(f, s->alternate);
      builder_bind(b, done);
      return;
    }
    case NODE_FOR: gen_for(f, (ForStmt *)n); return;
    case NODE_FOR_IN: gen_for_in(f, (ForInOf *)n); return;
    case NODE_FOR_OF: gen_for_of(f, (ForInOf *)n); return;
    case NODE_WHILE: gen_while(f, (WhileStmt *)n, false); return;
    case NODE_DO_WHILE: gen_while(f, (WhileStmt *)n, true); return;
    case NODE_CONTINUE: gen_jump(f, ((JumpStmt *)n)->target, true, false); return;
    case NODE_BREAK: gen_jump(f, ((JumpStmt *)n)->target, false, false); return;
    case NODE_RETURN: {
      ReturnStmt *r = (ReturnStmt *)n;
      if (r->argument) gen_expr(f, r->argument);
      else builder_emit(b, BC_LdaUndefined);
      if (r->argument && gen_is_async_gen(f)) gen_await_acc(f);
      gen_return_acc(f);
      return;
    }
    case NODE_THROW:
      gen_expr(f, ((ThrowStmt *)n)->argument);
      builder_emit(b, BC_Throw);
      return;
    case NODE_TRY: gen_try(f, (TryStmt *)n); return;
    case NODE_SWITCH: gen_switch(f, (SwitchStmt *)n); return;
    case NODE_LABELED: {
      LabeledStmt *l = (LabeledStmt *)n;
      Control c;
      push_control(f, &c, CONTROL_BREAKABLE, n);
      gen_stmt(f, l->body);
      pop_control(f, &c);
      builder_bind(b, c.break_label);
      return;
    }
    case NODE_WITH: {
      WithStmt *w = (WithStmt *)n;
      Scope *ws = scope_of(&f->g->sa, n);
      gen_expr(f, w->object);
      builder_emit(b, BC_CreateWithContext, k_cstr(f, "with"));
      Control c;
      memset(&c, 0, sizeof c);
      c.kind = CONTROL_CONTEXT;
      c.outer = f->control;
      c.saved_context = temp_new(f);
      f->control = &c;
      builder_emit(b, BC_PushContext, c.saved_context);
      f->cur = ws;
      gen_stmt(f, w->body);
      f->cur = ws->outer;
      builder_emit(b, BC_PopContext, c.saved_context);
      f->control = c.outer;
      temp_release(f, c.saved_context);
      return;
    }
    case NODE_IMPORT_DECL:   /* bound at link time (module/module.c) */
    case NODE_EXPORT_ALL: return;
    case NODE_EXPORT_NAMED:
      if (((ExportNamed *)n)->declaration) gen_stmt(f, ((ExportNamed *)n)->declaration);
      return;
    case NODE_EXPORT_DEFAULT: {
      Node *v = ((ExportDefault *)n)->value;
      const AtomTable *at = &f->g->ast->atoms;
      if (v->kind == NODE_FUNCTION_DECL) return;   /* hoisted */
      if (v->kind == NODE_CLASS_DECL && ((ClassNode *)v)->name) {
        gen_stmt(f, v);
        return;
      }
      if (v->kind == NODE_CLASS_DECL) gen_class(f, (ClassNode *)v, at->wk[WK_default]);
      else gen_expr_named(f, v, at->wk[WK_default]);
      Variable *dv = scope_lookup_own(f->scope, at->wk[WK_star_default]);
      if (dv) store_variable(f, dv, dv->name, n, true);
      return;
    }
    default: gen_fail(f, "this statement is not supported yet"); return;
  }
}
