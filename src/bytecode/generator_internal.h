/*
 * generator_internal.h - what the parts of the bytecode generator share
 * (generator.c: functions, scopes, variables; generator_expr.c:
 * expressions and patterns; generator_stmt.c: statements and control flow).
 *
 * Conventions: every gen_* expression function leaves its value in the
 * accumulator. Registers [0, locals) hold the function's register-allocated
 * bindings; temporaries are allocated above them in LIFO order (temp_mark /
 * temp_release). A failure (out of memory, an early error) sets g->failed
 * and generation continues harmlessly until the function is finished.
 */
#ifndef RONDO_BYTECODE_GENERATOR_INTERNAL_H
#define RONDO_BYTECODE_GENERATOR_INTERNAL_H

#include "bytecode/builder.h"
#include "bytecode/generator.h"
#include "interp/interpreter.h"
#include "parser/scope.h"

typedef struct Gen {
  Runtime *rt;
  const Ast *ast;
  ScopeAnalysis sa;
  Handle script;
  bool failed;
  bool module;             /* compiling a module (generator_module.c) */
} Gen;

/* Control-flow entries, innermost first: what break/continue/return must
 * unwind through on their way out. */
typedef enum {
  CONTROL_BREAKABLE,   /* loop, switch or labelled statement */
  CONTROL_CONTEXT,     /* a pushed Context (restore from saved_context) */
  CONTROL_FINALLY,     /* try with finally: route the jump through it */
  CONTROL_ITERATOR     /* for-of: close the iterator on early exit */
} ControlKind;

typedef struct Control {
  struct Control *outer;
  ControlKind kind;
  Node *target;            /* BREAKABLE: the statement (loop / LABELED / switch) */
  Label break_label, continue_label;   /* continue_label -1 when not a loop */
  int32_t saved_context;   /* CONTEXT: register holding the outer context */
  int32_t token_reg, value_reg;   /* FINALLY: completion registers */
  Label finally_label;
  uint32_t jump_count;     /* FINALLY: jump kinds routed so far */
  struct FinallyJump { int32_t token; Node *target; bool is_continue; bool is_return; } *jumps;
  int32_t iterator_reg;    /* ITERATOR: the iterator record */
  bool async_iterator;     /* ITERATOR: for await (close with an awaited return()) */
  bool routed_return;      /* FINALLY: a return was routed through it */
} Control;

#define ATTRS_ALL 7   /* writable | enumerable | configurable (object.h) */

/* Completion tokens of a finally block. */
enum { TOKEN_NORMAL = -1, TOKEN_THROW = 0, TOKEN_RETURN = 1, TOKEN_FIRST_JUMP = 2 };

typedef struct FuncGen {
  Gen *g;
  struct FuncGen *parent;
  FunctionNode *fn;        /* NULL for the script */
  Scope *scope;            /* the closure scope */
  Scope *cur;              /* the innermost scope being generated */
  BytecodeBuilder b;
  int32_t temp_top;        /* next free temporary register */
  Control *control;
  int32_t completion_reg;  /* script: the completion value, else -1 */
  Label chain_nullish;     /* innermost optional chain's short-circuit label, or -1 */
  int32_t generator_reg;   /* generators and async functions: the generator object, else -1 */
  int32_t dispose_reg;     /* the innermost using scope's dispose capability, else -1 */
  bool module_async;       /* the code of a module with top-level await */
  bool in_params;          /* generating the bindings of non-simple parameters */
} FuncGen;

/* --- generator.c -------------------------------------------------------------- */
int32_t temp_new(FuncGen *f);
RD_INLINE int32_t temp_mark(FuncGen *f) { return f->temp_top; }
RD_INLINE void temp_release(FuncGen *f, int32_t mark) { f->temp_top = mark; }
/* n consecutive fresh temporaries; returns the first. */
int32_t temp_range(FuncGen *f, uint32_t n);

void gen_fail(FuncGen *f, const char *msg);
uint32_t k_atom(FuncGen *f, const Atom *a);   /* constant: the atom as an internalized string */
uint32_t k_cstr(FuncGen *f, const char *s);
uint32_t k_number(FuncGen *f, double d);
void emit_number(FuncGen *f, double d);
RD_INLINE uint32_t slot_new(FuncGen *f) { return builder_slot(&f->b); }

/* Scopes: entering pushes a context when the scope needs one (saved_reg
 * receives the outer context, or -1) and initializes TDZ holes and block
 * function declarations. */
void scope_enter(FuncGen *f, Scope *s, Control *ctl);
void scope_leave(FuncGen *f, Scope *s, Control *ctl);
void hoist_functions(FuncGen *f, NodeList *body, Scope *s);

/* Variables. */
void load_variable(FuncGen *f, Variable *v, const Atom *name, const Node *ref, bool inside_typeof);
/* Stores acc into v. init: the declaration's initialization (no TDZ/const checks). */
void store_variable(FuncGen *f, Variable *v, const Atom *name, const Node *ref, bool init);
void load_identifier(FuncGen *f, Identifier *id, bool inside_typeof);
void store_identifier(FuncGen *f, Identifier *id, bool init);
void load_this(FuncGen *f, const Node *n);
/* The `this` a direct eval called here sees (the receiver of the nearest non-arrow function). */
void load_this_for_eval(FuncGen *f);

/* Compiles a function (fn, or the script / module when fn is NULL) into a SharedFunctionInfo. */
rd_value gen_compile_function(Gen *g, FuncGen *parent, FunctionNode *fn, const Atom *name) RD_MUST_CHECK;
/* The atom as an internalized string (VALUE_EMPTY on OOM). */
rd_value gen_atom_string(Runtime *rt, const Atom *a) RD_MUST_CHECK;
/* A Script object for ast named name. */
rd_value gen_script_new(Runtime *rt, const Ast *ast, const char *name) RD_MUST_CHECK;

/* Functions: compiles fn into a SharedFunctionInfo constant; emits CreateClosure. */
void gen_closure(FuncGen *f, FunctionNode *fn);
uint32_t compile_nested(FuncGen *f, FunctionNode *fn);

/* --- generator_expr.c ------------------------------------------------------------ */
void gen_expr(FuncGen *f, Node *n);
/* Evaluates n into register r (which is then kept). */
void gen_expr_to(FuncGen *f, Node *n, int32_t r);
/* Conditional jumps on the value of n (short-circuiting && || ! directly). */
void gen_test(FuncGen *f, Node *n, Label if_true, Label if_false, bool fall_true);
/* Binds the value in acc to a pattern or simple target (declarations when
 * init, assignments otherwise). */
void gen_bind(FuncGen *f, Node *target, bool init);
/* Named evaluation: anonymous function / class / arrow gets `name`. */
void gen_expr_named(FuncGen *f, Node *n, const Atom *name);
/* A class definition; leaves the constructor in acc. */
void gen_class(FuncGen *f, ClassNode *c, const Atom *name);
/* Runs the enclosing class's instance field initializers on register obj. */
void gen_initialize_fields(FuncGen *f, int32_t obj);

/* --- generator_stmt.c ------------------------------------------------------------ */
/* A region of code whose every exit (falling off its end, an exception,
 * return, break/continue routed out of it) runs the code generated after
 * protected_finally (a finally block, the disposal of a using scope), with
 * the completion in c.token_reg / c.value_reg; protected_end then
 * continues as the completion says. */
typedef struct Protected {
  Control c;               /* CONTROL_FINALLY */
  int32_t ctx_reg;         /* the context the exception handler restores */
  Label start, end, handler;
} Protected;
void protected_begin(FuncGen *f, Protected *pr, int32_t ctx_reg);
void protected_finally(FuncGen *f, Protected *pr);
/* may_throw: the finally code may complete normally after a throw (a
 * finally block does; a disposal rethrows the error itself). */
void protected_end(FuncGen *f, Protected *pr, bool may_throw);

/* The using declarations directly in a statement list (or a loop head). */
typedef enum { USING_NONE, USING_SYNC, USING_ASYNC } UsingKind;
UsingKind using_kind_of_list(const NodeList *body);
UsingKind using_kind_of_decl(const Node *decl);
/* A scope holding using declarations: a dispose capability in a register
 * (f->dispose_reg inside) whose resources are disposed, last first, on
 * every exit, awaiting them for await using (docs/interpreter.md). Begin
 * before entering the lexical scope, end after leaving it. Nothing is
 * generated for USING_NONE. */
typedef struct UsingScope {
  UsingKind kind;
  Protected pr;
  int32_t mark, cap, saved_dispose_reg;
} UsingScope;
void using_scope_begin(FuncGen *f, UsingScope *u, UsingKind kind);
void using_scope_end(FuncGen *f, UsingScope *u);

void gen_stmt(FuncGen *f, Node *n);
void gen_stmts(FuncGen *f, NodeList *l);
/* return acc through the finally blocks around */
void gen_return_acc(FuncGen *f);
/* The Return at the end of every path out of the function (async
 * functions resolve their promise first). */
void emit_final_return(FuncGen *f);

/* --- generator_async.c (generators, await, async functions) ---------------------------- */
/* yield / yield* expression n. */
void gen_yield(FuncGen *f, YieldExpr *n);
/* AsyncIteratorClose of record iter (acc preserved). */
void gen_async_iterator_close(FuncGen *f, int32_t iter);
/* await acc: leaves the awaited value in acc (throws a rejection). */
void gen_await_acc(FuncGen *f);
/* Start of a generator / async function body, after (async: before) the prologue. */
void gen_generator_start(FuncGen *f);
/* Async functions: the handler around the body that rejects the promise. */
typedef struct AsyncBody { Label start, end, handler; int32_t ctx_reg; } AsyncBody;
void gen_async_body_begin(FuncGen *f, AsyncBody *ab);
void gen_async_body_end(FuncGen *f, AsyncBody *ab);
/* True in a function whose code runs as a generator (function*, async). */
RD_INLINE bool gen_is_async_fn(const FuncGen *f) {
  return f->fn ? f->fn->is_async && !f->fn->is_generator : f->module_async;
}
RD_INLINE bool gen_is_async_gen(const FuncGen *f) { return f->fn && f->fn->is_async && f->fn->is_generator; }

#endif
