/*
 * ast.h - the abstract syntax tree the parser produces: the arena that owns
 * it, interned atoms for names, and one struct per family of node kinds.
 *
 * Invariants (the contract with scope analysis and the bytecode generator):
 *  - Every node starts with a Node header; `kind` says which struct it is
 *    (NODE_KIND_LIST gives kind -> struct). start/end are byte offsets into
 *    the parsed UTF-8 source ([start, end)); line/column are 1-based, the
 *    column counted in UTF-16 code units from the start of the line.
 *  - Everything (nodes, lists, atoms, strings) lives in the Ast's Arena and is
 *    freed at once by ast_free(); nothing points to the GC heap.
 *  - Names are Atoms interned per parse: two equal names are the same Atom
 *    pointer, so comparing names is comparing pointers.
 *  - Lists are (items, count) arrays; an item is never NULL unless the list's
 *    comment says so (array holes).
 *  - The tree is what the source says after cover grammars are resolved:
 *    arrow parameters and assignment targets are patterns, never object or
 *    array literals; parentheses are not nodes (NODE_FLAG_PARENS marks them).
 *  - The AST only grows: fields and kinds are added, never renamed/removed.
 */
#ifndef RONDO_PARSER_AST_H
#define RONDO_PARSER_AST_H

#include <stdio.h>

#include "base/common.h"

/* ------------------------------------------------------------------------ */
/* Arena: malloc'd chunks, bump allocation, freed all at once.              */
/* ------------------------------------------------------------------------ */

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
  ArenaChunk *chunks;  /* newest first */
  char *ptr, *end;     /* free space of the newest chunk */
  size_t total;        /* bytes obtained from malloc so far */
  size_t limit;        /* 0 = no limit; otherwise arena_alloc fails past it */
} Arena;

void arena_init(Arena *a);
/* n zeroed bytes aligned to 8; NULL when malloc fails or the limit is hit. */
void *arena_alloc(Arena *a, size_t n) RD_MUST_CHECK;
/* A copy of n bytes (NULL on failure). */
void *arena_dup(Arena *a, const void *p, size_t n) RD_MUST_CHECK;
void arena_free(Arena *a);

/* ------------------------------------------------------------------------ */
/* Atoms: interned UTF-16 names.                                            */
/* ------------------------------------------------------------------------ */

/* Names the parser and later phases compare against, interned first in every
 * parse (so `atom == ast->atoms.wk[WK_eval]` or `atom->wk == WK_eval`). The
 * first block are the reserved words, in the order of the keyword tokens of
 * lexer.h (the lexer maps an identifier to a keyword token by wk index). */
#define WELL_KNOWN_ATOM_LIST(X)                                             \
  /* reserved words (keyword tokens) */                                     \
  X(await, "await") X(break, "break") X(case, "case") X(catch, "catch")     \
  X(class, "class") X(const, "const") X(continue, "continue")               \
  X(debugger, "debugger") X(default, "default") X(delete, "delete")         \
  X(do, "do") X(else, "else") X(enum, "enum") X(export, "export")           \
  X(extends, "extends") X(false, "false") X(finally, "finally")             \
  X(for, "for") X(function, "function") X(if, "if") X(import, "import")     \
  X(in, "in") X(instanceof, "instanceof") X(new, "new") X(null, "null")     \
  X(return, "return") X(super, "super") X(switch, "switch")                 \
  X(this, "this") X(throw, "throw") X(true, "true") X(try, "try")           \
  X(typeof, "typeof") X(var, "var") X(void, "void") X(while, "while")       \
  X(with, "with") X(yield, "yield")                                         \
  /* strict-mode reserved words */                                          \
  X(implements, "implements") X(interface, "interface") X(let, "let")       \
  X(package, "package") X(private, "private") X(protected, "protected")     \
  X(public, "public") X(static, "static")                                   \
  /* contextual keywords */                                                 \
  X(as, "as") X(async, "async") X(from, "from") X(get, "get")               \
  X(meta, "meta") X(of, "of") X(set, "set") X(target, "target")             \
  X(using, "using")                                                         \
  /* names with special meaning */                                          \
  X(arguments, "arguments") X(eval, "eval") X(constructor, "constructor")   \
  X(prototype, "prototype") X(proto, "__proto__")                           \
  X(use_strict, "use strict") X(hash_constructor, "#constructor")           \
  X(star_default, "*default*") X(anonymous, "anonymous") X(empty, "")       \
  X(star, "*") X(type, "type")

typedef enum WellKnownAtom {
#define WK_ENUM(name, str) WK_##name,
  WELL_KNOWN_ATOM_LIST(WK_ENUM)
#undef WK_ENUM
  WK_COUNT
} WellKnownAtom;

/* The reserved words are wk indexes [WK_FIRST_KEYWORD, WK_LAST_KEYWORD]. */
#define WK_FIRST_KEYWORD WK_await
#define WK_LAST_KEYWORD WK_yield

typedef struct Atom {
  struct Atom *next;   /* hash chain of the AtomTable */
  uint32_t hash;
  uint32_t length;     /* UTF-16 code units */
  int16_t wk;          /* WellKnownAtom index, or -1 */
  bool one_byte;       /* every unit <= 0xFF */
  uint16_t chars[];    /* the code units (may hold lone surrogates) */
} Atom;

typedef struct AtomTable {
  Arena *arena;
  Atom **buckets;      /* power-of-two sized, malloc'd */
  uint32_t mask;
  uint32_t count;
  Atom *wk[WK_COUNT];  /* the well-known atoms */
} AtomTable;

/* Sets up the table and interns the well-known atoms; false on OOM. */
bool atom_table_init(AtomTable *t, Arena *a) RD_MUST_CHECK;
void atom_table_free(AtomTable *t);
/* The unique atom for these UTF-16 units (NULL on OOM). */
Atom *atom_intern16(AtomTable *t, const uint16_t *chars, uint32_t len) RD_MUST_CHECK;
/* The unique atom for Latin-1 bytes (ASCII identifiers take this path). */
Atom *atom_intern8(AtomTable *t, const uint8_t *chars, uint32_t len) RD_MUST_CHECK;
/* Writes the atom as UTF-8 (lone surrogates as U+FFFD) into buf, NUL
 * terminated, truncated to n bytes; returns buf. For messages and dumps. */
char *atom_to_utf8(const Atom *a, char *buf, size_t n);
/* True when the atom's content equals the ASCII string s. */
bool atom_equals_ascii(const Atom *a, const char *s);

/* ------------------------------------------------------------------------ */
/* Node kinds: one X-macro list, X(NAME, StructType).                       */
/* ------------------------------------------------------------------------ */

/* Comments give each kind's fields; the struct definitions below give the
 * field types. Statement kinds, then expressions, then patterns/other. */
#define NODE_KIND_LIST(X)                                                   \
  /* --- top level ---------------------------------------------------- */  \
  X(PROGRAM, Program)           /* a Script, Module or eval code         */ \
  /* --- statements and declarations --------------------------------- */  \
  X(VAR_DECL, VarDecl)          /* var/let/const: declarators            */ \
  X(VAR_DECLARATOR, VarDeclarator) /* target pattern = init (opt)        */ \
  X(FUNCTION_DECL, FunctionNode) /* function declaration (any flavour)   */ \
  X(CLASS_DECL, ClassNode)      /* class declaration                     */ \
  X(EXPR_STMT, ExprStmt)        /* expression ; (directives too)         */ \
  X(BLOCK, Block)               /* { body }                              */ \
  X(EMPTY, Node)                /* ;                                     */ \
  X(IF, IfStmt)                 /* if (test) consequent else alternate   */ \
  X(FOR, ForStmt)               /* for (init; test; update) body         */ \
  X(FOR_IN, ForInOf)            /* for (left in right) body              */ \
  X(FOR_OF, ForInOf)            /* for [await] (left of right) body      */ \
  X(WHILE, WhileStmt)           /* while (test) body                     */ \
  X(DO_WHILE, WhileStmt)        /* do body while (test)                  */ \
  X(CONTINUE, JumpStmt)         /* continue [label]                      */ \
  X(BREAK, JumpStmt)            /* break [label]                         */ \
  X(RETURN, ReturnStmt)         /* return [argument]                     */ \
  X(WITH, WithStmt)             /* with (object) body                    */ \
  X(SWITCH, SwitchStmt)         /* switch (discriminant) { cases }       */ \
  X(SWITCH_CASE, SwitchCase)    /* case test: body / default: body       */ \
  X(LABELED, LabeledStmt)       /* label: body                           */ \
  X(THROW, ThrowStmt)           /* throw argument                        */ \
  X(TRY, TryStmt)               /* try block catch (param) body finally  */ \
  X(DEBUGGER, Node)             /* debugger                              */ \
  X(IMPORT_DECL, ImportDecl)    /* import ... from "m" [with {...}]      */ \
  X(IMPORT_SPECIFIER, ImportSpecifier) /* one binding of an import       */ \
  X(EXPORT_NAMED, ExportNamed)  /* export {a as b} [from "m"] / export decl */ \
  X(EXPORT_SPECIFIER, ExportSpecifier) /* local as exported              */ \
  X(EXPORT_DEFAULT, ExportDefault) /* export default expr / decl         */ \
  X(EXPORT_ALL, ExportAll)      /* export * [as name] from "m"           */ \
  /* --- primary expressions ------------------------------------------ */  \
  X(IDENTIFIER, Identifier)     /* a name: reference or binding          */ \
  X(THIS, Node)                 /* this                                  */ \
  X(NULL_LIT, Node)             /* null                                  */ \
  X(BOOL_LIT, BoolLit)          /* true / false                          */ \
  X(NUMBER_LIT, NumberLit)      /* numeric literal (value as double)     */ \
  X(BIGINT_LIT, BigIntLit)      /* 123n / 0x1Fn (radix + digits)         */ \
  X(STRING_LIT, StringLit)      /* string literal, or a non-computed     */ \
                                /* property key (identifier name/string) */ \
  X(REGEXP_LIT, RegExpLit)      /* /pattern/flags                        */ \
  X(TEMPLATE_LIT, TemplateLit)  /* `a${b}c`                              */ \
  X(TAGGED_TEMPLATE, TaggedTemplate) /* tag`...`                         */ \
  X(ARRAY_LIT, ArrayLit)        /* [a, , ...b]                           */ \
  X(OBJECT_LIT, ObjectLit)      /* {a: 1, b, [c]() {}, ...d}             */ \
  X(PROPERTY, Property)         /* one key/value of an object literal or */ \
                                /* object pattern                        */ \
  X(FUNCTION_EXPR, FunctionNode) /* function expression, method, accessor, */ \
                                /* class constructor, field initializer, */ \
                                /* static block (see FuncKind)           */ \
  X(ARROW_FUNCTION, FunctionNode) /* (params) => body                    */ \
  X(CLASS_EXPR, ClassNode)      /* class expression                      */ \
  X(CLASS_MEMBER, ClassMember)  /* method/accessor/field/static block    */ \
  X(PRIVATE_NAME, PrivateName)  /* #x as a class element key             */ \
  /* --- operators ---------------------------------------------------- */  \
  X(UNARY, UnaryExpr)           /* op argument (- + ! ~ typeof void delete) */ \
  X(UPDATE, UpdateExpr)         /* ++x, x--                              */ \
  X(BINARY, BinaryExpr)         /* left op right (arith, compare, in...) */ \
  X(LOGICAL, LogicalExpr)       /* left && || ?? right                   */ \
  X(PRIVATE_IN, PrivateIn)      /* #x in right                           */ \
  X(CONDITIONAL, Conditional)   /* test ? consequent : alternate         */ \
  X(ASSIGN, AssignExpr)         /* target op= value (incl. &&= ||= ??=)  */ \
  X(SEQUENCE, SequenceExpr)     /* a, b, c                               */ \
  X(SPREAD, Spread)             /* ...argument in arrays/calls/objects   */ \
  X(YIELD, YieldExpr)           /* yield [*] [argument]                  */ \
  X(AWAIT, AwaitExpr)           /* await argument                        */ \
  /* --- member access and calls ------------------------------------- */  \
  X(MEMBER, MemberExpr)         /* object.name / object?.name            */ \
  X(INDEX, MemberExpr)          /* object[index] / object?.[index]       */ \
  X(PRIVATE_MEMBER, MemberExpr) /* object.#name / object?.#name          */ \
  X(SUPER_MEMBER, MemberExpr)   /* super.name (object NULL)              */ \
  X(SUPER_INDEX, MemberExpr)    /* super[index] (object NULL)            */ \
  X(CALL, CallExpr)             /* callee(args) / callee?.(args)         */ \
  X(NEW, CallExpr)              /* new callee(args) (args may be absent) */ \
  X(SUPER_CALL, CallExpr)       /* super(args) (callee NULL)             */ \
  X(IMPORT_CALL, ImportCall)    /* import(specifier [, options])         */ \
  X(OPTIONAL_CHAIN, OptionalChain) /* the boundary of an a?.b... chain   */ \
  X(NEW_TARGET, Node)           /* new.target                            */ \
  X(IMPORT_META, Node)          /* import.meta                           */ \
  X(CALL_RUNTIME, CallRuntime)  /* %Name(args), --allow-natives-syntax   */ \
  /* --- patterns ----------------------------------------------------- */  \
  X(OBJECT_PATTERN, ObjectPattern) /* {a, b: c = 1, ...rest}             */ \
  X(ARRAY_PATTERN, ArrayPattern) /* [a, , b = 1, ...rest]                */ \
  X(ASSIGN_PATTERN, AssignPattern) /* target = default (in patterns)     */

typedef enum NodeKind {
#define NK_ENUM(name, type) NODE_##name,
  NODE_KIND_LIST(NK_ENUM)
#undef NK_ENUM
  NODE_KIND_COUNT
} NodeKind;

/* Node.flags bits. */
#define NODE_FLAG_PARENS 0x01      /* the expression was parenthesized */
#define NODE_FLAG_DIRECT_EVAL 0x02 /* CALL: callee is the identifier
                                      `eval` (maybe parenthesized), not an
                                      optional call: a direct eval if the
                                      callee is %eval% at run time */

/* The common header of every node. */
typedef struct Node {
  uint8_t kind;     /* NodeKind */
  uint8_t flags;    /* NODE_FLAG_* */
  uint16_t spare;   /* parser scratch; meaningless in a finished tree */
  uint32_t start;   /* byte offset of the first character */
  uint32_t end;     /* byte offset just past the last character */
  uint32_t line;    /* 1-based line of start */
  uint32_t column;  /* 1-based column of start, in UTF-16 code units */
} Node;

typedef struct NodeList {
  struct Node **items;
  uint32_t count;
} NodeList;

/* ------------------------------------------------------------------------ */
/* Operators.                                                               */
/* ------------------------------------------------------------------------ */

/* X(NAME, "text", precedence): binary operators; higher binds tighter.
 * EXP (**) is right-associative; the others are left-associative. */
#define BINARY_OP_LIST(X)                                                   \
  X(EQ, "==", 7) X(NE, "!=", 7) X(STRICT_EQ, "===", 7)                      \
  X(STRICT_NE, "!==", 7) X(LT, "<", 8) X(GT, ">", 8) X(LE, "<=", 8)         \
  X(GE, ">=", 8) X(INSTANCEOF, "instanceof", 8) X(IN, "in", 8)              \
  X(SHL, "<<", 9) X(SAR, ">>", 9) X(SHR, ">>>", 9) X(ADD, "+", 10)          \
  X(SUB, "-", 10) X(MUL, "*", 11) X(DIV, "/", 11) X(MOD, "%", 11)           \
  X(EXP, "**", 12) X(BIT_OR, "|", 4) X(BIT_XOR, "^", 5) X(BIT_AND, "&", 6)

typedef enum BinaryOp {
#define BO_ENUM(name, text, prec) BINOP_##name,
  BINARY_OP_LIST(BO_ENUM)
#undef BO_ENUM
  BINOP_COUNT
} BinaryOp;

#define LOGICAL_OP_LIST(X) X(AND, "&&") X(OR, "||") X(COALESCE, "??")
typedef enum LogicalOp {
#define LO_ENUM(name, text) LOGOP_##name,
  LOGICAL_OP_LIST(LO_ENUM)
#undef LO_ENUM
  LOGOP_COUNT
} LogicalOp;

#define UNARY_OP_LIST(X)                                                    \
  X(NEG, "-") X(PLUS, "+") X(NOT, "!") X(BIT_NOT, "~") X(TYPEOF, "typeof")  \
  X(VOID, "void") X(DELETE, "delete")
typedef enum UnaryOp {
#define UO_ENUM(name, text) UNOP_##name,
  UNARY_OP_LIST(UO_ENUM)
#undef UO_ENUM
  UNOP_COUNT
} UnaryOp;

/* Assignment operators: ASSIGN is plain `=`; the compound ones name the
 * BinaryOp or LogicalOp they apply. */
#define ASSIGN_OP_LIST(X)                                                   \
  X(ASSIGN, "=") X(ADD, "+=") X(SUB, "-=") X(MUL, "*=") X(DIV, "/=")        \
  X(MOD, "%=") X(EXP, "**=") X(SHL, "<<=") X(SAR, ">>=") X(SHR, ">>>=")     \
  X(BIT_AND, "&=") X(BIT_OR, "|=") X(BIT_XOR, "^=") X(AND, "&&=")          \
  X(OR, "||=") X(COALESCE, "?""?=")
typedef enum AssignOp {
#define AO_ENUM(name, text) ASSIGNOP_##name,
  ASSIGN_OP_LIST(AO_ENUM)
#undef AO_ENUM
  ASSIGNOP_COUNT
} AssignOp;

/* ------------------------------------------------------------------------ */
/* Node structs.                                                            */
/* ------------------------------------------------------------------------ */

typedef struct FunctionNode FunctionNode;
typedef struct ClassNode ClassNode;
typedef struct Block Block;

/* Module import attributes `with { key: "value" }`. */
typedef struct ImportAttribute {
  Atom *key;    /* identifier name or string key */
  Atom *value;  /* the string value */
} ImportAttribute;

/* PROGRAM. body: the statement list (directives included as EXPR_STMT).
 * For parser_parse_function (new Function), body is one EXPR_STMT holding
 * the FUNCTION_EXPR, also in dynamic_function; its name is NULL (the
 * function is named "anonymous" but has no binding of that name). */
typedef struct Program {
  Node h;
  NodeList body;
  bool is_module;          /* Module goal (always strict) */
  bool is_eval;            /* parsed as eval code */
  bool strict;             /* strict code (option, "use strict" or module) */
  bool has_use_strict;     /* its own directive prologue has "use strict" */
  bool has_top_level_await; /* module containing await at top level */
  bool contains_direct_eval; /* a direct eval at top level (not in nested
                                non-arrow functions) */
  bool inner_direct_eval;  /* a direct eval in some nested non-arrow function */
  bool uses_this;          /* `this` at top level or in top-level arrows */
  FunctionNode *dynamic_function; /* see above; NULL otherwise */
  void *annot;             /* free for later phases; the parser sets NULL */
} Program;

typedef enum VarKind { VAR_KIND_VAR, VAR_KIND_LET, VAR_KIND_CONST, VAR_KIND_USING, VAR_KIND_AWAIT_USING } VarKind;
/* `using` / `await using`: const-like bindings whose values are disposed at scope exit. */
#define VAR_KIND_IS_USING(k) ((k) == VAR_KIND_USING || (k) == VAR_KIND_AWAIT_USING)

/* VAR_DECL: `kind` declarators (VAR_DECLARATOR nodes, >= 1). Also the
 * head of for/for-in/for-of loops. A using declaration's targets are
 * IDENTIFIERs. */
typedef struct VarDecl {
  Node h;
  uint8_t kind;        /* VarKind */
  NodeList decls;      /* VAR_DECLARATOR */
} VarDecl;

/* VAR_DECLARATOR: target is an IDENTIFIER, OBJECT_PATTERN or ARRAY_PATTERN;
 * init may be NULL (also for `for (var x in o)`; Annex B allows
 * `for (var x = 1 in o)` in sloppy code, then init is set). */
typedef struct VarDeclarator {
  Node h;
  Node *target;
  Node *init;
} VarDeclarator;

/* EXPR_STMT: expr. directive is set for the string-literal statements of a
 * directive prologue; `"use strict"` is recognized from the raw source. */
typedef struct ExprStmt {
  Node h;
  Node *expr;
  bool directive;
} ExprStmt;

/* BLOCK: a braced statement list (also a function-less scope for let/const/
 * class/function declarations in it). */
struct Block {
  Node h;
  NodeList body;
  bool has_lexical;    /* declares let/const/class/function directly in it */
  void *annot;         /* free for later phases; the parser sets NULL */
};

typedef struct IfStmt {
  Node h;
  Node *test;
  Node *consequent;
  Node *alternate;     /* NULL without else */
} IfStmt;

/* FOR: init is NULL, a VAR_DECL or an expression; test/update may be NULL. */
typedef struct ForStmt {
  Node h;
  Node *init;
  Node *test;
  Node *update;
  Node *body;
  void *annot;         /* free for later phases (per-iteration scope) */
} ForStmt;

/* FOR_IN / FOR_OF: left is a VAR_DECL with exactly one declarator, or an
 * assignment target (IDENTIFIER, member expression, OBJECT_PATTERN,
 * ARRAY_PATTERN, or in sloppy code a CALL: see ASSIGN). */
typedef struct ForInOf {
  Node h;
  Node *left;
  Node *right;
  Node *body;
  bool is_await;       /* for await (... of ...) */
  void *annot;         /* free for later phases */
} ForInOf;

/* WHILE / DO_WHILE. */
typedef struct WhileStmt {
  Node h;
  Node *test;
  Node *body;
} WhileStmt;

/* BREAK / CONTINUE: label is NULL for a plain break/continue. target is the
 * statement jumped out of / continued: for continue the iteration statement;
 * for a plain break the innermost loop or switch; for a labelled break the
 * LABELED node (whose body may be any statement). */
typedef struct JumpStmt {
  Node h;
  Atom *label;
  Node *target;
} JumpStmt;

typedef struct ReturnStmt {
  Node h;
  Node *argument;      /* NULL for a bare return */
} ReturnStmt;

typedef struct WithStmt {
  Node h;
  Node *object;
  Node *body;
} WithStmt;

/* SWITCH: cases are SWITCH_CASE nodes in source order (one may be default).
 * The case block is one lexical scope. */
typedef struct SwitchStmt {
  Node h;
  Node *discriminant;
  NodeList cases;
  bool has_lexical;    /* a case declares let/const/class/function */
  void *annot;         /* free for later phases */
} SwitchStmt;

typedef struct SwitchCase {
  Node h;
  Node *test;          /* NULL for default */
  NodeList body;
} SwitchCase;

/* LABELED: label: body. Nested labels nest LABELED nodes. */
typedef struct LabeledStmt {
  Node h;
  Atom *label;
  Node *body;
} LabeledStmt;

typedef struct ThrowStmt {
  Node h;
  Node *argument;
} ThrowStmt;

/* TRY: handler present when catch_body != NULL; catch_param is NULL for
 * `catch {` (optional binding), else IDENTIFIER / OBJECT_PATTERN /
 * ARRAY_PATTERN. finalizer is NULL without finally. The catch parameter and
 * the catch block's lexical declarations share one scope. */
typedef struct TryStmt {
  Node h;
  Block *block;
  Node *catch_param;
  Block *catch_body;
  Block *finalizer;
  void *annot;         /* free for later phases (catch scope) */
} TryStmt;

/* IMPORT_SPECIFIER kinds. */
typedef enum ImportKind {
  IMPORT_NAMED,        /* import {imported as local} */
  IMPORT_DEFAULT,      /* import local (imported = "default") */
  IMPORT_NAMESPACE     /* import * as local (imported = NULL) */
} ImportKind;

typedef struct ImportSpecifier {
  Node h;
  uint8_t kind;        /* ImportKind */
  Atom *imported;      /* export name in the other module (may be a string
                          name like "a-b"); NULL for namespace */
  Atom *local;         /* the local binding */
} ImportSpecifier;

/* IMPORT_DECL: `import "m"` has no specifiers. */
typedef struct ImportDecl {
  Node h;
  Atom *specifier;     /* the module request string */
  NodeList specifiers; /* IMPORT_SPECIFIER */
  ImportAttribute *attributes;
  uint32_t attribute_count;
} ImportDecl;

/* EXPORT_SPECIFIER: export {local as exported}. In `export {a} from "m"`
 * local is the other module's export name (may be a string name). */
typedef struct ExportSpecifier {
  Node h;
  Atom *local;
  Atom *exported;
} ExportSpecifier;

/* EXPORT_NAMED: either declaration (VAR_DECL, FUNCTION_DECL, CLASS_DECL)
 * with no specifiers, or a specifier list with an optional `from`. */
typedef struct ExportNamed {
  Node h;
  Node *declaration;
  NodeList specifiers; /* EXPORT_SPECIFIER */
  Atom *from;          /* module request, NULL for local exports */
  ImportAttribute *attributes;
  uint32_t attribute_count;
} ExportNamed;

/* EXPORT_DEFAULT: value is a FUNCTION_DECL or CLASS_DECL (their name may be
 * NULL: `export default function () {}` binds "*default*") or an
 * expression (AssignmentExpression), bound to "*default*". */
typedef struct ExportDefault {
  Node h;
  Node *value;
} ExportDefault;

/* EXPORT_ALL: export * from "m" (exported NULL) / export * as ns from "m". */
typedef struct ExportAll {
  Node h;
  Atom *exported;
  Atom *from;
  ImportAttribute *attributes;
  uint32_t attribute_count;
} ExportAll;

/* IDENTIFIER: a reference, a binding name or an assignment target. */
typedef struct Identifier {
  Node h;
  Atom *name;
  void *annot;         /* free for later phases (resolution); parser: NULL */
} Identifier;

typedef struct BoolLit {
  Node h;
  bool value;
} BoolLit;

typedef struct NumberLit {
  Node h;
  double value;
} NumberLit;

/* BIGINT_LIT: digits without prefix, separators or `n`, in `radix` (2, 8,
 * 10, 16; hex digits lower case); NUL terminated; "0" for zero. */
typedef struct BigIntLit {
  Node h;
  const char *digits;
  uint32_t length;
  uint8_t radix;
} BigIntLit;

/* STRING_LIT: the cooked value. Also used for non-computed property keys
 * that are identifier names or strings. */
typedef struct StringLit {
  Node h;
  Atom *value;
} StringLit;

/* REGEXP_LIT flags bits (validated: known, none repeated, not both u+v). */
#define REGEXP_FLAG_LIST(X)                                                 \
  X(HAS_INDICES, 'd') X(GLOBAL, 'g') X(IGNORE_CASE, 'i')                    \
  X(MULTILINE, 'm') X(DOT_ALL, 's') X(UNICODE, 'u') X(UNICODE_SETS, 'v')    \
  X(STICKY, 'y')
enum {
#define RF_BIT(name, ch) REGEXP_FLAG_BIT_##name,
  REGEXP_FLAG_LIST(RF_BIT)
#undef RF_BIT
};
#define REGEXP_FLAG(name) (1u << REGEXP_FLAG_BIT_##name)

/* REGEXP_LIT: pattern is the source text between the slashes (UTF-16,
 * escapes not processed); its grammar is checked only through the
 * ParseOptions.validate_regexp hook (parser.h). */
typedef struct RegExpLit {
  Node h;
  Atom *pattern;
  Atom *flags_text;    /* the flags as written, e.g. "gi" */
  uint32_t flags;      /* REGEXP_FLAG(...) bits */
} RegExpLit;

/* TEMPLATE_LIT: quasi_count = expr_count + 1 strings around expressions.
 * cooked[i] is NULL when quasi i has an invalid escape (allowed only in
 * tagged templates); raw[i] is the raw text (CR and CRLF read as LF). */
typedef struct TemplateLit {
  Node h;
  uint32_t quasi_count;
  Atom **cooked;
  Atom **raw;
  NodeList exprs;
} TemplateLit;

/* TAGGED_TEMPLATE: tag`quasi`. Each node is its own template site (the
 * node's identity keys the per-site template object cache). */
typedef struct TaggedTemplate {
  Node h;
  Node *tag;
  struct TemplateLit *quasi;
} TaggedTemplate;

/* ARRAY_LIT: elements; an item is NULL for a hole; SPREAD for ...x. */
typedef struct ArrayLit {
  Node h;
  NodeList elements;
} ArrayLit;

/* OBJECT_LIT: properties are PROPERTY or SPREAD nodes in source order. */
typedef struct ObjectLit {
  Node h;
  NodeList properties;
} ObjectLit;

typedef enum PropKind {
  PROP_INIT,           /* key: value (also shorthand `a`, value IDENTIFIER) */
  PROP_METHOD,         /* key() {} (value FUNCTION_EXPR, FUNC_METHOD) */
  PROP_GET,            /* get key() {} */
  PROP_SET             /* set key(v) {} */
} PropKind;

/* PROPERTY: key is, when !computed, a STRING_LIT (identifier names and
 * strings), NUMBER_LIT or BIGINT_LIT; when computed, any expression.
 * In an OBJECT_PATTERN, kind is PROP_INIT and value is the target (maybe an
 * ASSIGN_PATTERN holding the default). */
typedef struct Property {
  Node h;
  uint8_t kind;        /* PropKind */
  bool computed;       /* [key] */
  bool shorthand;      /* `a` or `a = 1` (pattern) */
  bool is_proto_setter; /* `__proto__: v` in a literal: sets [[Prototype]] */
  Node *key;
  Node *value;
} Property;

typedef enum FuncKind {
  FUNC_NORMAL,         /* function declaration/expression */
  FUNC_ARROW,          /* arrow function (this/arguments/super lexical) */
  FUNC_METHOD,         /* object literal or class method */
  FUNC_GETTER,
  FUNC_SETTER,
  FUNC_CLASS_CONSTRUCTOR,   /* explicit constructor of a base class */
  FUNC_DERIVED_CONSTRUCTOR, /* explicit constructor of a class with extends */
  FUNC_FIELD_INIT,     /* one class field's initializer: expr_body */
  FUNC_STATIC_BLOCK    /* static { ... }: body */
} FuncKind;

/* FUNCTION_DECL / FUNCTION_EXPR / ARROW_FUNCTION.
 * h.start/h.end is the source text Function.prototype.toString returns
 * (for methods/accessors it starts at the key or at get/set/async/'*',
 * after `static`). Flags named uses_* / contains_* are true when the thing
 * appears in this function's own code, including its nested arrow
 * functions (and arrows' params), but not inside nested non-arrow
 * functions (the flags are also set on the arrows themselves). */
struct FunctionNode {
  Node h;
  uint8_t kind;            /* FuncKind */
  bool is_async;
  bool is_generator;
  bool strict;             /* the function's code is strict */
  bool has_use_strict;     /* its own body has a "use strict" directive */
  bool simple_params;      /* IsSimpleParameterList: only identifiers */
  bool has_param_expressions; /* a default value or computed key in params */
  bool contains_direct_eval;  /* a direct eval call (see NODE_FLAG_DIRECT_EVAL) */
  bool inner_direct_eval;  /* a direct eval in some nested non-arrow function
                              (for arrows: in any nested function) */
  bool uses_arguments;     /* the identifier `arguments` as a reference */
  bool uses_this;
  bool uses_super_property; /* super.x / super[x] */
  bool uses_super_call;    /* super(...) */
  bool uses_new_target;
  bool has_duplicate_params; /* sloppy simple params like (a, a) */
  bool is_expression_body; /* arrow `=> expr` / field initializer */
  bool annexb_hoist;       /* FUNCTION_DECL in a block/switch/label in sloppy
                              code whose name also gets a var binding in the
                              enclosing function/script (Annex B.3.3) when
                              the function declaration is evaluated */
  Atom *name;              /* binding name: for declarations the binding in
                              the enclosing scope, for function/class
                              expressions the inner binding; NULL when
                              anonymous. For methods/accessors/fields NULL
                              (the name comes from the key at runtime). */
  NodeList params;         /* IDENTIFIER, OBJECT_PATTERN, ARRAY_PATTERN or
                              ASSIGN_PATTERN (default) */
  Node *rest;              /* ...rest target, or NULL */
  uint32_t length;         /* ExpectedArgumentCount: params before the first
                              default or rest */
  NodeList body;           /* statements (when !is_expression_body) */
  Node *expr_body;         /* the expression (when is_expression_body) */
  uint32_t body_start;     /* byte offset of the body ('{' or expression) */
  uint32_t function_id;    /* 0,1,2.. in source order of function start */
  void *annot;             /* free for later phases; the parser sets NULL */
};

typedef enum ClassMemberKind {
  CLASS_MEMBER_METHOD,     /* value: FUNCTION_EXPR, FUNC_METHOD */
  CLASS_MEMBER_GETTER,     /* value: FUNC_GETTER */
  CLASS_MEMBER_SETTER,     /* value: FUNC_SETTER */
  CLASS_MEMBER_FIELD,      /* value: FUNC_FIELD_INIT or NULL (no init) */
  CLASS_MEMBER_STATIC_BLOCK /* value: FUNC_STATIC_BLOCK; key NULL */
} ClassMemberKind;

/* CLASS_MEMBER: key as in PROPERTY, or a PRIVATE_NAME for #x members. */
typedef struct ClassMember {
  Node h;
  uint8_t kind;            /* ClassMemberKind */
  bool is_static;
  bool computed;
  Node *key;
  FunctionNode *value;
} ClassMember;

/* PRIVATE_NAME: name includes the '#' ("#x"). */
typedef struct PrivateName {
  Node h;
  Atom *name;
} PrivateName;

/* CLASS_DECL / CLASS_EXPR. h.start/h.end span `class` to the closing brace
 * (the class's toString). The class body is strict. constructor is the
 * explicit constructor (FUNC_CLASS_CONSTRUCTOR or FUNC_DERIVED_CONSTRUCTOR,
 * name = the class name) or NULL: the default one is then synthesized by
 * the code generator. members holds everything else in source order.
 * private_names are the declared #names (a getter/setter pair once). */
struct ClassNode {
  Node h;
  Atom *name;              /* binding name; NULL when anonymous */
  Node *heritage;          /* extends expression or NULL */
  FunctionNode *constructor;
  NodeList members;        /* CLASS_MEMBER */
  Atom **private_names;
  uint32_t private_name_count;
  bool has_instance_fields; /* non-static fields or private methods */
  bool has_static_fields;   /* static fields or static blocks */
  void *annot;             /* free for later phases (class scope) */
};

typedef struct UnaryExpr {
  Node h;
  uint8_t op;              /* UnaryOp */
  Node *argument;
} UnaryExpr;

typedef struct UpdateExpr {
  Node h;
  bool increment;          /* ++ (else --) */
  bool prefix;             /* ++x (else x++) */
  Node *argument;          /* IDENTIFIER, member expression, or (sloppy,
                              Annex B) a CALL: see ASSIGN */
} UpdateExpr;

typedef struct BinaryExpr {
  Node h;
  uint8_t op;              /* BinaryOp */
  Node *left;
  Node *right;
} BinaryExpr;

typedef struct LogicalExpr {
  Node h;
  uint8_t op;              /* LogicalOp */
  Node *left;
  Node *right;
} LogicalExpr;

/* PRIVATE_IN: `#x in right` (name with '#'). */
typedef struct PrivateIn {
  Node h;
  Atom *name;
  Node *right;
} PrivateIn;

typedef struct Conditional {
  Node h;
  Node *test;
  Node *consequent;
  Node *alternate;
} Conditional;

/* ASSIGN: for ASSIGNOP_ASSIGN target may be a pattern (OBJECT_PATTERN,
 * ARRAY_PATTERN); otherwise (and for compound ops always) an IDENTIFIER or
 * a member expression (MEMBER, INDEX, PRIVATE_MEMBER, SUPER_*), never
 * inside an optional chain. In sloppy code (Annex B, "runtime errors for
 * function call assignment targets") the target of =, compound (not
 * logical) assignment, ++/-- and for-in/of heads may also be a CALL: the
 * call is evaluated, then a ReferenceError thrown. */
typedef struct AssignExpr {
  Node h;
  uint8_t op;              /* AssignOp */
  Node *target;
  Node *value;
} AssignExpr;

typedef struct SequenceExpr {
  Node h;
  NodeList exprs;          /* >= 2 */
} SequenceExpr;

typedef struct Spread {
  Node h;
  Node *argument;
} Spread;

typedef struct YieldExpr {
  Node h;
  bool delegate;           /* yield* */
  Node *argument;          /* NULL for a bare yield */
} YieldExpr;

typedef struct AwaitExpr {
  Node h;
  Node *argument;
} AwaitExpr;

/* MEMBER (name), INDEX (index), PRIVATE_MEMBER (name = "#x"),
 * SUPER_MEMBER (name, object NULL), SUPER_INDEX (index, object NULL).
 * optional: this link is written `?.` (it short-circuits to the end of the
 * innermost enclosing OPTIONAL_CHAIN when object is null/undefined). */
typedef struct MemberExpr {
  Node h;
  bool optional;
  Node *object;
  Atom *name;
  Node *index;
} MemberExpr;

/* CALL / NEW / SUPER_CALL: args may contain SPREAD nodes. optional: `?.(`
 * (CALL only). NODE_FLAG_DIRECT_EVAL marks `eval(...)` calls. */
typedef struct CallExpr {
  Node h;
  bool optional;
  Node *callee;
  NodeList args;
} CallExpr;

/* IMPORT_CALL: import(specifier) / import(specifier, options). */
typedef struct ImportCall {
  Node h;
  Node *specifier;
  Node *options;           /* NULL when absent */
} ImportCall;

/* CALL_RUNTIME: `%Name(args)` with --allow-natives-syntax: a call of the
 * runtime function `id` (runtime/natives.h), whose name and argument count
 * the parser checked; args has no SPREAD. */
typedef struct CallRuntime {
  Node h;
  uint32_t id;             /* NativesId */
  NodeList args;
} CallRuntime;

/* OPTIONAL_CHAIN: expr is the whole chain a?.b.c(...) ending here; a
 * member/call inside it with optional=true short-circuits to the end of
 * this node, whose value is then undefined. Parenthesized chains end at the
 * parenthesis: (a?.b).c is MEMBER(c, OPTIONAL_CHAIN(MEMBER(b, a))). */
typedef struct OptionalChain {
  Node h;
  Node *expr;
} OptionalChain;

/* OBJECT_PATTERN: properties are PROPERTY nodes (kind PROP_INIT, value the
 * target or an ASSIGN_PATTERN); rest is the ...rest target or NULL (for
 * binding patterns an IDENTIFIER; for assignment any simple target). */
typedef struct ObjectPattern {
  Node h;
  NodeList properties;
  Node *rest;
} ObjectPattern;

/* ARRAY_PATTERN: elements (NULL = elision), each a target or an
 * ASSIGN_PATTERN; rest the ...rest target (any pattern) or NULL. */
typedef struct ArrayPattern {
  Node h;
  NodeList elements;
  Node *rest;
} ArrayPattern;

/* ASSIGN_PATTERN: target = value (value evaluated when the incoming value
 * is undefined). */
typedef struct AssignPattern {
  Node h;
  Node *target;
  Node *value;
} AssignPattern;

/* ------------------------------------------------------------------------ */
/* Helpers (ast.c).                                                         */
/* ------------------------------------------------------------------------ */

/* The kind's name, e.g. "FUNCTION_EXPR". */
const char *ast_kind_name(NodeKind k);
const char *ast_binary_op_text(BinaryOp op);
const char *ast_logical_op_text(LogicalOp op);
const char *ast_unary_op_text(UnaryOp op);
const char *ast_assign_op_text(AssignOp op);
/* Prints n as an S-expression (one line per node, indented), for tests and
 * parsecheck --dump. */
void ast_dump(const Node *n, FILE *out);
/* Same into a malloc'd NUL-terminated string (NULL on OOM); free() it. */
char *ast_dump_string(const Node *n);

/* The result of a parse: owns the arena, atoms and tree. */
typedef struct Ast {
  Arena arena;
  AtomTable atoms;
  Program *program;
  const char *source;      /* the parsed UTF-8 text (a copy in the arena);
                              for new Function "(" + the synthesized
                              "function anonymous(...) {...}" + ")", the
                              function's h.start/h.end giving its text */
  size_t source_len;
  uint32_t function_count; /* number of FunctionNodes (ids 0..count-1) */
} Ast;

/* Frees everything the Ast owns, then the Ast itself. NULL is fine. */
void ast_free(Ast *ast);

#endif
