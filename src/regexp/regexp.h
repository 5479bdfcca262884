/*
 * regexp.h - the regular-expression engine: a parser of the ECMAScript
 * pattern grammar (with Annex B in non-unicode mode) that compiles directly
 * to a compact backtracking bytecode, and a matcher over one-byte and
 * two-byte strings with an explicit backtrack stack (no C recursion while
 * matching) and a step budget.
 *
 * Invariant: a compiled program is a flat array of int32 words that holds no
 * pointers, so it may live in a ByteArray on the moving heap; matching never
 * allocates on the JS heap (the input's characters stay put).
 */
#ifndef RONDO_REGEXP_REGEXP_H
#define RONDO_REGEXP_REGEXP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/common.h"

/* Flag bits, the same as the parser's REGEXP_FLAG (parser/ast.h). */
enum {
  RE_FLAG_HAS_INDICES = 1 << 0, /* d */
  RE_FLAG_GLOBAL = 1 << 1,      /* g */
  RE_FLAG_IGNORE_CASE = 1 << 2, /* i */
  RE_FLAG_MULTILINE = 1 << 3,   /* m */
  RE_FLAG_DOT_ALL = 1 << 4,     /* s */
  RE_FLAG_UNICODE = 1 << 5,     /* u */
  RE_FLAG_UNICODE_SETS = 1 << 6,/* v */
  RE_FLAG_STICKY = 1 << 7,      /* y */
};

/* A compiled program (malloc'd), see regexp.c for the layout of words. */
typedef struct RegexpProgram {
  int32_t *words;      /* header + code */
  uint32_t nwords;
  uint32_t ngroups;    /* capture groups including group 0 */
  /* group names: names[i] (UTF-16, lengths name_len[i]) for group i, or NULL */
  uint16_t **names;
  uint32_t *name_len;
} RegexpProgram;

/* Header words of a program. */
enum { RE_HDR_NGROUPS, RE_HDR_NREGS, RE_HDR_FLAGS, RE_HDR_WORDS };

/* Compiles pattern (UTF-16) with RE_FLAG bits: true, or false with a
 * message in msg (a SyntaxError; also "out of memory"). */
bool regexp_compile(const uint16_t *pattern, uint32_t len, uint32_t flags, RegexpProgram *out,
                    char *msg, size_t msgn) RD_MUST_CHECK;
void regexp_program_free(RegexpProgram *p);

/* Checks a pattern (the parser's validate_regexp hook; ctx unused). */
bool regexp_validate(void *ctx, const uint16_t *pattern, uint32_t len, uint32_t flags, char *msg,
                     size_t msgn);

typedef enum { RE_MATCH = 1, RE_NO_MATCH = 0, RE_TOO_COMPLEX = -1, RE_NO_MEMORY = -2 } RegexpResult;

/* Matches program words against the input (chars: uint8_t or uint16_t per
 * two_byte) at position start, and if not sticky at each later position
 * (by code points under u). On RE_MATCH, caps[0..2*ngroups) hold start/end
 * positions (-1 for an unmatched group). */
RegexpResult regexp_exec(const int32_t *words, const void *chars, bool two_byte, uint32_t len,
                         uint32_t start, bool sticky, int32_t *caps);

#endif
