/*
 * fuzz_parser.c - libFuzzer harness for the parser: every input is parsed
 * as a script, a strict script, a module and eval code with all context
 * flags, and (split at the first NUL) as new Function(params, body); each
 * AST is dumped to exercise every node. Build and run:
 *
 *   clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
 *     $PARSER_SRCS tools/fuzz_parser.c -o build/fuzz_parser
 * where PARSER_SRCS is every .c file of src/parser plus src/base/unicode_id.c
 * and src/base/fatal.c;
 *   build/fuzz_parser -max_len=4096 [-dict=DICT] CORPUS_DIR
 * (DICT: the keywords and punctuators of lexer.h, one "quoted" per line;
 * CORPUS_DIR: e.g. the test262 test/language files)
 *
 * Invariant: any input must give an Ast or a ParseError, never a crash,
 * leak or sanitizer report.
 */
#include <stdio.h>
#include <stdlib.h>

#include "parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

/* Parses with options o; dumps the tree when it parsed. */
static void run(const char *src, size_t len, const ParseOptions *o) {
  ParseError err;
  Ast *ast = parser_parse(src, len, o, &err);
  if (ast) {
    ast_dump(&ast->program->h, sink);
    ast_free(ast);
  } else {
    char buf[512];
    parse_error_format(&err, buf, sizeof buf);
    if (err.kind == PARSE_ERROR_NONE) abort(); /* a failure must say why */
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!sink) sink = fopen("/dev/null", "w");
  const char *src = (const char *)data;
  static const uint16_t hx[] = {'#', 'x'};
  static const ParseName names[] = {{hx, 2}};
  ParseOptions o = {0};
  o.filename = "fuzz.js";
  run(src, size, &o);
  o.strict = true;
  run(src, size, &o);
  o.strict = false;
  o.goal = PARSE_GOAL_MODULE;
  run(src, size, &o);
  o.goal = PARSE_GOAL_SCRIPT;
  o.is_eval = true;
  o.eval_flags = EVAL_IN_FUNCTION | EVAL_IN_METHOD | EVAL_IN_DERIVED_CTOR | EVAL_IN_FIELD_INIT;
  o.private_names = names;
  o.private_name_count = 1;
  run(src, size, &o);
  const uint8_t *nul = memchr(data, 0, size);
  if (nul) {
    size_t plen = (size_t)(nul - data);
    ParseOptions d = {0};
    ParseError err;
    DynamicFunctionKind kind = (DynamicFunctionKind)(size % 4);
    Ast *ast = parser_parse_function(src, plen, src + plen + 1, size - plen - 1, kind, &d, &err);
    if (ast) {
      ast_dump(&ast->program->h, sink);
      ast_free(ast);
    }
  }
  return 0;
}
