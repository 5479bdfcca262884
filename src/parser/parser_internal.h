/*
 * parser_internal.h - state shared by the parser's files (parser*.c): the
 * Parser, the per-function context (FuncState), declaration scopes used for
 * early errors (PScope), class private-name bookkeeping and the cover-grammar
 * trackers. Not part of the parser's interface.
 *
 * Invariants: p->fs and p->scope always describe the innermost function and
 * declaration scope being parsed; every parse_* function returns NULL iff
 * p->err is set (and then the caller unwinds without further work);
 * p->depth stays <= PARSER_MAX_DEPTH.
 */
#ifndef RONDO_PARSER_PARSER_INTERNAL_H
#define RONDO_PARSER_PARSER_INTERNAL_H

#include "parser/parser.h"

/* An internal node kind, never in a finished AST: the parenthesized list or
 * async(...) arguments just before `=>`, waiting to become arrow params. */
#define NODE_COVER_ARROW NODE_KIND_COUNT

/* Counters of things seen in the code being parsed; used to give arrow
 * functions (whose params are parsed before we know they are params) and
 * functions their uses_* flags, and to find yield/await in arrow params. */
typedef struct Uses {
  uint32_t this_;
  uint32_t arguments;
  uint32_t super_prop;
  uint32_t super_call;
  uint32_t new_target;
  uint32_t direct_eval;    /* own code (reset by non-arrow functions) */
  uint32_t total_eval;     /* never reset */
  uint32_t yield_expr;
  uint32_t await_expr;
  uint32_t await_ident;    /* `await` used as an identifier */
  uint32_t await_ident_pos; /* 1 + offset of the last one */
  uint32_t yield_pos;      /* 1 + offset of the last yield expression */
  uint32_t await_pos;      /* 1 + offset of the last await expression */
} Uses;

typedef struct CoverArrow {
  Node h;
  NodeList items;          /* the expressions (or patterns) between ( ) */
  Node *rest;              /* the ...rest element, or NULL */
  bool is_async;           /* async (...) => */
  Uses uses;               /* counters at the cover's start */
  uint32_t trailing_comma; /* 1 + offset of a trailing comma (not after rest) */
} CoverArrow;

/* Declaration-scope entry flags. */
enum {
  D_VAR = 1 << 0,          /* var-declared here or in a nested block */
  D_LEXICAL = 1 << 1,      /* let/const/class/import binding */
  D_FUNC = 1 << 2,         /* lexical function (block, module top) */
  D_SLOPPY_FN = 1 << 3,    /* plain function in a sloppy block */
  D_PARAM = 1 << 4,        /* formal parameter */
  D_CATCH = 1 << 5,        /* simple catch parameter */
  D_CATCH_PAT = 1 << 6,    /* catch parameter bound by a pattern */
  D_TOP_FUNC = 1 << 7,     /* function at function/script top (var-like) */
  D_LEX_ANY = D_LEXICAL | D_FUNC | D_SLOPPY_FN
};

typedef enum PScopeKind {
  PSCOPE_TOP,               /* function body / script / module / eval */
  PSCOPE_BLOCK,             /* block, switch case block, for(let ...) */
  PSCOPE_CATCH              /* catch parameter + catch block */
} PScopeKind;

typedef struct DeclEntry {
  Atom *name;
  uint16_t flags;
  uint32_t offset;         /* where first declared (for messages) */
} DeclEntry;

typedef struct PScope {
  struct PScope *parent;
  uint8_t kind;            /* PScopeKind */
  bool is_module;
  DeclEntry *entries;
  uint32_t count, cap;
  uint32_t *index;         /* hash index (entry+1), when count > 8 */
  uint32_t index_mask;
} PScope;

/* Annex B.3.3 candidate: a sloppy plain function declared in a block. */
typedef struct AnnexBCand {
  FunctionNode *fn;
  PScope *scope;           /* the block scope it is declared in */
} AnnexBCand;

typedef enum JumpKind { JT_LOOP, JT_SWITCH, JT_LABEL } JumpKind;

typedef struct JumpTarget {
  uint8_t kind;            /* JumpKind */
  Atom *label;             /* JT_LABEL */
  Node *node;              /* the loop/switch/LABELED statement */
  Node *loop;              /* JT_LABEL labelling a loop: the loop */
} JumpTarget;

typedef struct FuncState {
  struct FuncState *parent;
  FunctionNode *fn;        /* NULL at the top level */
  uint8_t kind;            /* FuncKind of fn */
  bool is_top;             /* script / module / eval top level */
  bool is_arrow;
  bool strict;
  bool yield_ctx;          /* `yield` starts a YieldExpression */
  bool await_ctx;          /* `await` starts an AwaitExpression */
  bool static_block;       /* a class static block (await is reserved) */
  bool in_params;          /* parsing the formal parameters */
  bool allow_return;
  bool allow_super_prop;
  bool allow_super_call;
  bool allow_new_target;
  bool allow_arguments;    /* false in field initializers/static blocks */
  bool in_class_field;     /* field initializer (arrows inherit) */
  PScope *var_scope;       /* the function's top scope */
  JumpTarget *targets;
  uint32_t target_count, target_cap;
  uint32_t label_chain;    /* labels immediately preceding the statement */
  AnnexBCand *annexb;
  uint32_t annexb_count, annexb_cap;
  Uses saved_uses;         /* the parent's counters (restored at the end) */
  Uses arrow_body_uses;    /* arrows: counters when the body starts (the
                              yield/await counts are restored to these) */
} FuncState;

/* Private names of one class being parsed. */
typedef enum PrivKind { PRIV_FIELD, PRIV_METHOD, PRIV_GETTER, PRIV_SETTER,
                        PRIV_ACCESSOR_PAIR } PrivKind;

typedef struct PrivDecl {
  Atom *name;
  uint8_t kind;            /* PrivKind */
  bool is_static;
} PrivDecl;

typedef struct PrivRef {
  Atom *name;
  uint32_t offset;
} PrivRef;

typedef struct ClassState {
  struct ClassState *parent;
  PScope *names;           /* set of declared names (offset = decls index) */
  PrivDecl *decls;
  uint32_t decl_count, decl_cap;
  PrivRef *refs;
  uint32_t ref_count, ref_cap;
} ClassState;

typedef struct Parser {
  Lexer lx;
  Ast *ast;
  Arena *arena;
  AtomTable *atoms;
  Atom **wk;               /* ast->atoms.wk */
  ParseError *err;
  const ParseOptions *opts;
  bool module;
  uint32_t depth;
  uintptr_t stack_base;    /* frame address at the parse's entry */
  FuncState *fs;
  PScope *scope;
  ClassState *cls;
  Uses uses;
  uint32_t cover_init_pos; /* 1 + offset of an unresolved `{a = 1}` */
  uint32_t dup_proto_pos;  /* 1 + offset of an unresolved duplicate __proto__ */
  Node **stack;            /* scratch stack for building lists */
  uint32_t sp, stack_cap;
  uint32_t function_count;
  /* exported names (module): a set for the duplicate check */
  PScope *exports;
  /* local names referenced by `export {x}` (checked at the end) */
  Atom **export_locals;
  uint32_t *export_local_offsets;
  uint32_t export_local_count, export_local_cap;
} Parser;

/* ---- parser.c: errors, tokens, nodes, lists, scopes ---- */
void *parser_error(Parser *p, uint32_t offset, const char *fmt, ...) RD_PRINTF(3, 4);
void *parser_unexpected(Parser *p);
bool parser_failed(const Parser *p);
void parser_next(Parser *p);
bool parser_at(const Parser *p, TokenKind k);
bool parser_eat(Parser *p, TokenKind k);
bool parser_expect(Parser *p, TokenKind k) RD_MUST_CHECK;
/* Current token is an unescaped identifier with this well-known atom. */
bool parser_at_contextual(const Parser *p, WellKnownAtom wk);
/* Kind of the token after the current one (and whether a newline precedes
 * it); *atom gets its atom. */
TokenKind parser_peek(Parser *p, bool *nl_before, Atom **atom);
/* The same for the second token after the current one (k1 / nl1 / a1 of
 * the first, k2 / nl2 of the second). */
void parser_peek2(Parser *p, TokenKind *k1, bool *nl1, Atom **a1, TokenKind *k2, bool *nl2);
bool parser_consume_semicolon(Parser *p) RD_MUST_CHECK;
bool parser_enter(Parser *p) RD_MUST_CHECK;
void parser_leave(Parser *p);
void *parser_node(Parser *p, NodeKind kind, size_t size);
void *parser_node_at(Parser *p, NodeKind kind, size_t size, const Node *from);
void parser_finish(Parser *p, void *node);
bool parser_push(Parser *p, Node *n) RD_MUST_CHECK;
bool parser_pop_list(Parser *p, uint32_t base, NodeList *out) RD_MUST_CHECK;
void *parser_alloc(Parser *p, size_t n);
uint32_t parser_node_column(Parser *p, uint32_t line_start, uint32_t off);

PScope *parser_scope_push(Parser *p, PScopeKind kind);
void parser_scope_pop(Parser *p);
DeclEntry *parser_scope_find(PScope *s, Atom *name);
/* Adds name to a set (a PScope outside the scope chain); *dup is set when
 * it was already there. False on OOM. */
bool parser_name_set_add(Parser *p, PScope *set, Atom *name, uint32_t offset, bool *dup) RD_MUST_CHECK;
bool parser_declare(Parser *p, Atom *name, uint16_t flag, uint32_t offset) RD_MUST_CHECK;
bool parser_declare_pattern(Parser *p, Node *target, uint16_t flag) RD_MUST_CHECK;

/* ---- parser_expr.c ---- */
/* Parser-internal flag in Node.spare: an array/object literal had a comma
 * after its spread element (invalid once converted to a pattern). */
#define SPARE_COMMA_AFTER_SPREAD 1
Node *parse_expression(Parser *p, bool in);
Node *parse_assignment(Parser *p, bool in);
/* An AssignmentExpression whose CoverInitializedName / duplicate __proto__
 * errors are left to the caller (array/object elements, arrow covers). */
Node *parse_assignment_cover(Parser *p, bool in);
Node *parse_lhs_expression(Parser *p);
Node *parse_property_key(Parser *p, bool *computed, bool allow_private);
bool parser_check_identifier(Parser *p, Atom *name, bool escaped, uint32_t offset,
                             bool binding) RD_MUST_CHECK;
Node *parse_identifier_reference(Parser *p);
Atom *parse_binding_identifier(Parser *p, uint32_t *offset);
bool parser_token_is_identifier(const Parser *p);
bool parser_starts_expression(const Parser *p);
Node *parse_template(Parser *p, bool tagged);
void parser_note_private_ref(Parser *p, Atom *name, uint32_t offset);

/* ---- parser_pattern.c ---- */
/* Converts an expression (cover) to an assignment target/pattern. */
Node *parser_to_assign_target(Parser *p, Node *e, bool pattern_ok);
/* Converts an expression (arrow params) to a binding pattern/element. */
Node *parser_to_binding(Parser *p, Node *e, bool allow_default);
/* Parses a binding pattern or identifier (+ default when allow_default). */
Node *parse_binding_target(Parser *p, bool allow_default);
/* Checks a simple assignment target (for =, ++/--, compound assignment,
 * for-in/of heads). allow_call: Annex B lets sloppy code use a call
 * `f() = 1` (a ReferenceError at runtime); not for logical assignment. */
bool parser_check_simple_target(Parser *p, Node *e, bool allow_call) RD_MUST_CHECK;
/* Calls fn for every bound IDENTIFIER of a pattern. */
typedef bool (*BoundNameFn)(Parser *p, Identifier *id, void *data);
bool parser_bound_names(Parser *p, Node *target, BoundNameFn fn, void *data) RD_MUST_CHECK;

/* ---- parser_func.c ---- */
typedef struct FuncSpec {
  FuncKind kind;
  NodeKind node_kind;      /* FUNCTION_DECL / FUNCTION_EXPR */
  bool is_async;
  bool is_generator;
  bool is_static;          /* class member (static blocks/fields) */
  bool derived;            /* class with heritage */
  uint32_t start;          /* toString start offset */
  uint32_t line, line_start;
} FuncSpec;
FunctionNode *parse_function_rest(Parser *p, const FuncSpec *spec, Atom *name,
                                  uint32_t name_offset);
Node *parse_function_expression(Parser *p, bool is_async, uint32_t start,
                                uint32_t line, uint32_t line_start);
Node *parse_function_declaration(Parser *p, bool is_async, uint32_t start,
                                 uint32_t line, uint32_t line_start, bool in_block,
                                 bool default_export);
Node *parse_arrow_function(Parser *p, Node *params_cover, bool in);
FunctionNode *parse_field_initializer(Parser *p, bool is_static, uint32_t start);
FunctionNode *parse_static_block(Parser *p, uint32_t start, uint32_t line,
                                 uint32_t line_start);
void parser_func_push(Parser *p, FuncState *fs, FunctionNode *fn, FuncKind kind);
void parser_func_pop(Parser *p, FuncState *fs);
/* Parses a directive prologue, pushing its statements on the scratch stack;
 * sets p->fs->strict on "use strict". */
bool parser_parse_directives(Parser *p, bool *use_strict) RD_MUST_CHECK;
/* False for names a strict function may not bind (eval, arguments and the
 * strict reserved words). */
bool parser_strict_name_ok(const Parser *p, const Atom *a);
bool parser_finish_annexb(Parser *p, FuncState *fs) RD_MUST_CHECK;

/* ---- parser_class.c ---- */
Node *parse_class(Parser *p, bool is_expr, bool default_export);

/* ---- parser_stmt.c ---- */
typedef enum StmtCtx {
  STMT_LIST,               /* statement list item: declarations allowed */
  STMT_IF,                 /* if/else branch (Annex B functions) */
  STMT_LOOP,               /* loop body */
  STMT_OTHER,              /* with body etc. */
  STMT_LABEL_LIST,         /* labelled item inside a statement list */
  STMT_CASE                /* item of a case/default clause: like STMT_LIST
                              but no using declarations */
} StmtCtx;
Node *parse_statement(Parser *p, StmtCtx ctx);
/* Parses statements until `end` (not consumed); the list also takes the
 * items pushed on the scratch stack since `base` (directives). */
bool parse_statement_list(Parser *p, TokenKind end, uint32_t base, NodeList *out) RD_MUST_CHECK;
Block *parse_block(Parser *p, bool new_scope);

/* ---- parser_module.c ---- */
Node *parse_import_declaration(Parser *p);
Node *parse_export_declaration(Parser *p);
bool parser_check_module_exports(Parser *p) RD_MUST_CHECK;

#define TRY_NODE(x)            \
  do {                         \
    if (!(x)) return NULL;     \
  } while (0)

#endif
