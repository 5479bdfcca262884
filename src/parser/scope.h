/*
 * scope.h - scope analysis: a pass over a finished Ast that builds the scope
 * tree (script/function/block/catch/with/class scopes), declares every
 * binding, resolves every identifier reference (and `this`, `arguments`,
 * new.target) and allocates each binding to a parameter slot, a register or
 * a context slot.
 *
 * Invariants (the contract with the bytecode generator):
 *  - Everything lives in the Ast's arena and dies with it.
 *  - A binding is in a context (heap) slot iff some closure may reach it
 *    (a reference from an inner function, a direct eval or a `with` that
 *    may look it up by name); otherwise it is a register or parameter.
 *  - A scope "needs a context" iff it has context slots (or is a `with`
 *    scope or a function scope with a sloppy direct eval); the generator
 *    pushes a Context when it enters such a scope and only then, so the
 *    context depth of a reference is the number of context-bearing scopes
 *    between the reference's scope and the binding's scope.
 *  - Identifier.annot of every identifier that is a reference or a binding
 *    occurrence points to its Variable; unresolvable names get a Variable
 *    of location LOC_GLOBAL (property of the global object) or LOC_DYNAMIC
 *    (looked up by name at run time: inside `with` or under sloppy eval).
 */
#ifndef RONDO_PARSER_SCOPE_H
#define RONDO_PARSER_SCOPE_H

#include "parser/ast.h"

typedef enum ScopeKind {
  SCOPE_SCRIPT,      /* top level of a Script */
  SCOPE_EVAL,        /* top level of eval code */
  SCOPE_MODULE,
  SCOPE_FUNCTION,    /* a function's parameters and body */
  SCOPE_BLOCK,       /* block, for/for-in/for-of head, switch */
  SCOPE_CATCH,       /* catch parameter + catch block */
  SCOPE_WITH,        /* the body of `with`: every name inside is dynamic */
  SCOPE_CLASS        /* class name binding (and home of private names) */
} ScopeKind;

/* How a binding was declared. */
#define VAR_MODE_LIST(X)                                                     \
  X(VAR)        /* var, sloppy function-scope function declarations */        \
  X(LET)                                                                     \
  X(CONST)                                                                   \
  X(CLASS)      /* class declaration: let-like */                             \
  X(FUNCTION)   /* function declaration in a block (lexical, initialized    \
                   at block entry) */                                        \
  X(PARAM)                                                                   \
  X(CATCH)      /* catch parameter */                                         \
  X(SELF)       /* a named function expression's own name: read-only,      \
                   silently in sloppy code */                                \
  X(CLASS_INNER) /* a class's inner name binding: const */                   \
  X(ARGUMENTS)  /* the arguments object */                                   \
  X(THIS)       /* the receiver of a non-arrow function / script */           \
  X(NEW_TARGET)                                                              \
  X(IMPORT)     /* a module's import binding: its context slot holds a      \
                   binding reference (module/module.h), read-only */          \
  X(IMPLICIT)   /* unresolved: global or dynamic */
typedef enum VarMode {
#define X(name) VAR_MODE_##name,
  VAR_MODE_LIST(X)
#undef X
  VAR_MODE_COUNT
} VarMode;

typedef enum VarLocation {
  LOC_NONE,          /* not allocated (never referenced) */
  LOC_PARAM,         /* parameter register: index 0 = receiver, 1.. = args */
  LOC_REGISTER,      /* local register `index` */
  LOC_CONTEXT,       /* slot `index` of its scope's Context */
  LOC_GLOBAL,        /* a property of the global object */
  LOC_DYNAMIC,       /* looked up by name through the context chain */
  LOC_SCRIPT         /* script top-level let/const/class: in the realm's
                        lexical record shared by every script (by name) */
} VarLocation;

typedef struct Scope Scope;

typedef struct Variable {
  Atom *name;
  struct Variable *next;   /* next in its scope's declaration list */
  Scope *scope;            /* declaring scope (NULL for implicit ones) */
  uint8_t mode;            /* VarMode */
  uint8_t location;        /* VarLocation */
  bool captured;           /* referenced from an inner function / eval / with */
  bool used;               /* referenced at all */
  bool needs_tdz;          /* lexical: reads may need a hole check */
  int32_t index;           /* parameter, register or context slot index */
  int32_t param_index;     /* PARAM: the formal's position (0-based), else -1 */
  uint32_t initialized_at; /* generator: source offset after which reads in the
                              declaring closure need no TDZ check (0: unknown) */
} Variable;

struct Scope {
  uint8_t kind;            /* ScopeKind */
  bool strict;
  bool needs_context;      /* the generator pushes a Context for it */
  bool sloppy_eval;        /* a sloppy direct eval in this scope may add vars */
  bool is_arrow;           /* FUNCTION scope of an arrow function */
  bool calls_eval;         /* a direct eval call appears directly in it */
  Scope *outer;
  Scope *closure;          /* the nearest function/script/eval/module scope */
  Node *node;              /* the node that opened it */
  FunctionNode *function;  /* FUNCTION scope: the function; else NULL */
  Variable *vars;          /* declarations in order */
  uint32_t var_count;
  uint32_t context_slots;  /* slots after CONTEXT_HEADER_SLOTS */
  /* FUNCTION / SCRIPT scopes only: */
  uint32_t register_count; /* local registers used by this closure's bindings */
  Variable *this_var;      /* `this` (non-arrow functions, script) */
  Variable *arguments_var; /* the arguments object, when used */
  Variable *new_target_var;
  Variable *self_var;      /* named function expression's own name */
  Variable **params;       /* per formal: its Variable when an identifier */
};

typedef struct ScopeAnalysis {
  Ast *ast;
  Scope *top;              /* script / eval / module scope */
  /* node -> scope (blocks, loops, functions, ...) and node -> Variable for
   * THIS / NEW_TARGET nodes: open addressing over malloc'd slots. */
  struct ScopeMapEntry { const void *key; void *value; } *map;
  uint32_t map_capacity, map_count;
  bool failed;             /* out of memory */
  bool direct_eval;        /* direct eval code: free names are looked up by name */
  char error[200];         /* an early error found here, if any */
} ScopeAnalysis;

/* Analyzes ast. Returns false on out of memory or an early error (message
 * in sa->error). Free with scope_analysis_free (the Variables themselves
 * live in the Ast's arena). */
bool scope_analyze(ScopeAnalysis *sa, Ast *ast) RD_MUST_CHECK;
/* Same for eval code; direct: its free names resolve through the caller's
 * contexts at run time (LOC_DYNAMIC) instead of the global object. */
bool scope_analyze_eval(ScopeAnalysis *sa, Ast *ast, bool direct) RD_MUST_CHECK;
void scope_analysis_free(ScopeAnalysis *sa);

/* The scope a node opened, or NULL. */
Scope *scope_of(const ScopeAnalysis *sa, const void *node);
/* The Variable a THIS / NEW_TARGET / IDENTIFIER node resolves to (NULL if none). */
Variable *scope_resolved(const ScopeAnalysis *sa, const Node *node);
/* Finds a declared binding of name in scope s itself (not outer ones). */
Variable *scope_lookup_own(const Scope *s, const Atom *name);

extern const char *const var_mode_names[VAR_MODE_COUNT];

/* True if function scope s has a mapped arguments object (sloppy code,
 * simple parameters, `arguments` used): its parameters then live in the
 * context, and arguments[i] aliases parameter i (ES 10.4.4). */
bool scope_maps_arguments(const Scope *s);

#endif
