/*
 * test_regexp.c - unit tests of the regexp engine (src/regexp/regexp.h)
 * without the JS heap: compile errors for the early errors of the pattern
 * grammar (unicode and Annex B modes), match positions and captures over
 * one-byte and two-byte input, and the limits (deep nesting is a
 * SyntaxError, catastrophic backtracking is RE_TOO_COMPLEX, long inputs
 * never recurse in C).
 *
 * Invariant: every case states its expected result literally.
 */
#include <stdlib.h>

#include "regexp/regexp.h"
#include "test.h"

/* Compiles ASCII pattern p with flags: true if it compiles. */
static bool compiles(const char *p, uint32_t flags) {
  uint32_t n = (uint32_t)strlen(p);
  uint16_t *u = malloc((n + 1) * sizeof *u);
  for (uint32_t i = 0; i < n; i++) u[i] = (uint8_t)p[i];
  RegexpProgram prog;
  char msg[160];
  bool ok = regexp_compile(u, n, flags, &prog, msg, sizeof msg);
  if (ok) regexp_program_free(&prog);
  free(u);
  return ok;
}

/* Matches p against s (one-byte): the result; caps gets the captures. */
static int match(const char *p, uint32_t flags, const char *s, int32_t *caps) {
  uint32_t n = (uint32_t)strlen(p);
  uint16_t *u = malloc((n + 1) * sizeof *u);
  for (uint32_t i = 0; i < n; i++) u[i] = (uint8_t)p[i];
  RegexpProgram prog;
  char msg[160];
  int r = -3;
  if (regexp_compile(u, n, flags, &prog, msg, sizeof msg)) {
    r = regexp_exec(prog.words, s, false, (uint32_t)strlen(s), 0, false, caps);
    regexp_program_free(&prog);
  }
  free(u);
  return r;
}

TEST(regexp_syntax_errors) {
  EXPECT(!compiles("(", 0));
  EXPECT(!compiles(")", 0));
  EXPECT(!compiles("*a", 0));
  EXPECT(!compiles("a**", 0));
  EXPECT(!compiles("[b-a]", 0));
  EXPECT(!compiles("a{2,1}", 0));
  EXPECT(!compiles("(?<n>a)(?<n>b)", 0));
  EXPECT(!compiles("\\k<x>(?<n>a)", 0));
  EXPECT(!compiles("(?-:a)", 0));
  /* Annex B literals in non-unicode mode, errors under u */
  EXPECT(compiles("a{", 0) && !compiles("a{", RE_FLAG_UNICODE));
  EXPECT(compiles("]", 0) && !compiles("]", RE_FLAG_UNICODE));
  EXPECT(compiles("\\8", 0) && !compiles("\\8", RE_FLAG_UNICODE));
  EXPECT(compiles("\\c", 0) && !compiles("\\c", RE_FLAG_UNICODE));
  EXPECT(compiles("(?=a)*", 0) && !compiles("(?=a)*", RE_FLAG_UNICODE));
  EXPECT(compiles("\\u{10FFFF}", RE_FLAG_UNICODE) && !compiles("\\u{110000}", RE_FLAG_UNICODE));
  EXPECT(!compiles("(?<=a)*", 0));
}

TEST(regexp_matching) {
  int32_t c[16];
  EXPECT_EQ_INT(match("b+", 0, "abbbc", c), RE_MATCH);
  EXPECT(c[0] == 1 && c[1] == 4);
  EXPECT_EQ_INT(match("b+?", 0, "abbbc", c), RE_MATCH);
  EXPECT(c[0] == 1 && c[1] == 2);
  EXPECT_EQ_INT(match("(a)|(b)", 0, "b", c), RE_MATCH);
  EXPECT(c[2] == -1 && c[4] == 0 && c[5] == 1);
  EXPECT_EQ_INT(match("(a)\\1", 0, "xaa", c), RE_MATCH);
  EXPECT_EQ_INT(match("(?<=\\$)\\d+", 0, "a $42", c), RE_MATCH);
  EXPECT(c[0] == 3 && c[1] == 5);
  EXPECT_EQ_INT(match("(?!a)\\w", 0, "ab", c), RE_MATCH);
  EXPECT(c[0] == 1);
  EXPECT_EQ_INT(match("^b", RE_FLAG_MULTILINE, "a\nb", c), RE_MATCH);
  EXPECT_EQ_INT(match("^b", 0, "a\nb", c), RE_NO_MATCH);
  EXPECT_EQ_INT(match("ABC", RE_FLAG_IGNORE_CASE, "xabc", c), RE_MATCH);
  EXPECT_EQ_INT(match("a{2,3}", 0, "aaaa", c), RE_MATCH);
  EXPECT(c[1] == 3);
  EXPECT_EQ_INT(match("(?:a|b)*c", 0, "ababc", c), RE_MATCH);
  static const uint16_t two[] = {'x', 0xD83D, 0xDE00, 'y'};
  RegexpProgram prog;
  char msg[160];
  static const uint16_t dot[] = {'x', '.', 'y'};
  EXPECT(regexp_compile(dot, 3, RE_FLAG_UNICODE, &prog, msg, sizeof msg));
  EXPECT_EQ_INT(regexp_exec(prog.words, two, true, 4, 0, false, c), RE_MATCH);
  regexp_program_free(&prog);
  EXPECT(regexp_compile(dot, 3, 0, &prog, msg, sizeof msg));
  EXPECT_EQ_INT(regexp_exec(prog.words, two, true, 4, 0, false, c), RE_NO_MATCH);
  regexp_program_free(&prog);
}

TEST(regexp_limits) {
  int32_t c[16];
  /* nesting deeper than the parser allows is an error, not a crash */
  uint32_t depth = 5000;
  char *p = malloc(2 * depth + 2);
  memset(p, '(', depth);
  p[depth] = 'a';
  memset(p + depth + 1, ')', depth);
  p[2 * depth + 1] = 0;
  EXPECT(!compiles(p, 0));
  free(p);
  /* exponential backtracking ends in RE_TOO_COMPLEX */
  char s[64];
  memset(s, 'a', 40);
  s[40] = 0;
  EXPECT_EQ_INT(match("(a*)*b", 0, s, c), RE_TOO_COMPLEX);
  /* a long input with a loop needs no C recursion */
  uint32_t n = 2000000;
  char *big = malloc(n + 1);
  memset(big, 'a', n);
  big[n] = 0;
  EXPECT_EQ_INT(match("(?:a|b)*$", 0, big, c), RE_MATCH);
  EXPECT(c[1] == (int32_t)n);
  free(big);
}
