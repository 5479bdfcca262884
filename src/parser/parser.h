/*
 * parser.h - the JavaScript parser's entry points: UTF-8 source text to an
 * Ast (ast.h), with every early error of ECMA-262 (the grammar of
 * regular-expression patterns is checked through ParseOptions'
 * validate_regexp hook, which the regexp compiler provides).
 *
 * Invariants: the parser needs no Runtime and never touches the GC heap;
 * on success it returns an Ast owning all its memory; on failure NULL and a
 * filled ParseError. Recursion is bounded (PARSER_MAX_DEPTH), so no input
 * overflows the C stack.
 */
#ifndef RONDO_PARSER_PARSER_H
#define RONDO_PARSER_PARSER_H

#include "parser/ast.h"
#include "parser/lexer.h"

/* Nesting limit of recursive productions (expressions, statements,
 * functions, patterns); deeper input fails with "too much nesting". The
 * parser also stops when it has used PARSER_MAX_STACK bytes of C stack
 * (so callers need about 1.2 MB of stack; optimized builds rarely reach it). */
#define PARSER_MAX_DEPTH 2000
#define PARSER_MAX_STACK (1024 * 1024)

typedef enum ParseGoal { PARSE_GOAL_SCRIPT, PARSE_GOAL_MODULE } ParseGoal;

/* Context of eval code (ParseOptions.eval_flags; set is_eval too). They say
 * what the code calling eval allows (PerformEval's inFunction, inMethod,
 * inDerivedConstructor, inClassFieldInitializer). */
#define EVAL_FLAG_LIST(X)                                                   \
  X(IN_FUNCTION, 0)        /* new.target allowed */                         \
  X(IN_METHOD, 1)          /* super.x allowed */                            \
  X(IN_DERIVED_CTOR, 2)    /* super() allowed */                            \
  X(IN_FIELD_INIT, 3)      /* `arguments` forbidden */                      \
  X(IN_PARAMS, 4)          /* in parameter expressions: no var `arguments` */
enum {
#define EF_ENUM(name, bit) EVAL_##name = 1u << (bit),
  EVAL_FLAG_LIST(EF_ENUM)
#undef EF_ENUM
};

/* A name given as UTF-16 (for private names visible to eval code). */
typedef struct ParseName {
  const uint16_t *chars;   /* including the '#' */
  uint32_t length;
} ParseName;

/* Checks a regexp literal's pattern (the UTF-16 source between the
 * slashes) against the RegExp grammar for the given REGEXP_FLAG bits: true
 * when valid, else false with a message in msg (size msgn). Supplied by the
 * regexp compiler; the parser reports false as an early SyntaxError. */
typedef bool (*RegExpValidator)(void *ctx, const uint16_t *pattern, uint32_t length,
                                uint32_t flags, char *msg, size_t msgn);

typedef struct ParseOptions {
  ParseGoal goal;
  bool strict;             /* start in strict mode (e.g. strict eval caller) */
  const char *filename;    /* for messages; NULL -> "<input>" */
  bool is_eval;            /* eval code: see eval_flags */
  uint32_t eval_flags;     /* EVAL_* */
  const ParseName *private_names; /* #names of the classes around a direct
                                     eval (they may be referenced) */
  uint32_t private_name_count;
  size_t memory_limit;     /* arena limit in bytes; 0 = none */
  RegExpValidator validate_regexp; /* NULL: patterns are not checked */
  void *validate_regexp_ctx;
} ParseOptions;

/* Parses a Script, Module or eval code. Returns NULL with *err filled (a
 * SyntaxError, too much nesting, or out of memory) on failure. */
Ast *parser_parse(const char *src, size_t len, const ParseOptions *opts,
                  ParseError *err) RD_MUST_CHECK;

/* Function flavours for new Function / GeneratorFunction / ... */
typedef enum DynamicFunctionKind {
  DYNAMIC_FUNCTION_NORMAL,
  DYNAMIC_FUNCTION_GENERATOR,
  DYNAMIC_FUNCTION_ASYNC,
  DYNAMIC_FUNCTION_ASYNC_GENERATOR
} DynamicFunctionKind;

/* CreateDynamicFunction's parse: checks params alone as FormalParameters
 * and body alone as FunctionBody, then parses the synthesized text
 * "function anonymous(params\n) {\nbody\n}" (with async / '*' per kind).
 * The result's program->dynamic_function is the function and ast->source
 * the synthesized text (its toString). Sloppy unless the body says
 * "use strict". */
Ast *parser_parse_function(const char *params, size_t params_len,
                           const char *body, size_t body_len,
                           DynamicFunctionKind kind, const ParseOptions *opts,
                           ParseError *err) RD_MUST_CHECK;

#endif
