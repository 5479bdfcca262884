/*
 * test_regexp.c - unit tests of the regexp engine (src/regexp/regexp.h)
 * without the JS heap: compile errors for the early errors of the pattern
 * grammar (unicode and Annex B modes), match positions and captures over
 * one-byte and two-byte input, and the limits (deep nesting is a
 * SyntaxError, catastrophic backtracking is RE_TOO_COMPLEX, long inputs
 * never recurse in C), the Unicode property tables (names, ranges, strings,
 * case folding) and the v flag's set syntax.
 *
 * Invariant: every case states its expected result literally.
 */
#include <stdlib.h>
#include <string.h>

#include "regexp/regexp.h"
#include "regexp/unicode_props.h"
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

/* Collects ranges of a property (test helper). */
typedef struct {
  uint32_t count, total;
  uint32_t first_lo, last_hi;
} RangeStats;
static void stat_range(void *v, uint32_t lo, uint32_t hi) {
  RangeStats *s = v;
  if (!s->count++) s->first_lo = lo;
  s->total += hi - lo + 1;
  s->last_hi = hi;
}
/* Checks that ranges are sorted, disjoint and agree with contains. */
typedef struct {
  UnicodeProp p;
  uint32_t next, bad, total;
} AgreeCtx;
static void agree_range(void *v, uint32_t lo, uint32_t hi) {
  AgreeCtx *a = v;
  if (lo < a->next || hi < lo) a->bad++;
  for (uint32_t cp = a->next; cp < lo; cp++) a->bad += unicode_prop_contains(a->p, cp);
  for (uint32_t cp = lo; cp <= hi; cp++) a->bad += !unicode_prop_contains(a->p, cp);
  a->total += hi - lo + 1;
  a->next = hi + 1;
}
static void count_string(void *v, const uint32_t *cps, uint32_t n) {
  (void)cps;
  (void)n;
  ++*(uint32_t *)v;
}

TEST(unicode_property_tables) {
  UnicodeProp p;
  /* names: exact, with ECMA-262's aliases only */
  EXPECT(unicode_prop_lookup("Lu", NULL, &p) && p.kind == UPROP_GC);
  EXPECT(unicode_prop_lookup("Uppercase_Letter", NULL, &p) && unicode_prop_contains(p, 'A'));
  EXPECT(unicode_prop_lookup("gc", "L", &p) && unicode_prop_contains(p, 0x4E00) && !unicode_prop_contains(p, '1'));
  EXPECT(unicode_prop_lookup("General_Category", "punct", &p) && unicode_prop_contains(p, '!'));
  EXPECT(!unicode_prop_lookup("ascii", NULL, &p));
  EXPECT(!unicode_prop_lookup("Script", NULL, &p));
  EXPECT(!unicode_prop_lookup("Latin", NULL, &p));
  EXPECT(!unicode_prop_lookup("Alphabetic", "Y", &p));
  EXPECT(!unicode_prop_lookup("gc", "Latin", &p));
  EXPECT(unicode_prop_lookup("sc", "Grek", &p) && unicode_prop_contains(p, 0x3B1) && !unicode_prop_contains(p, 'a'));
  EXPECT(unicode_prop_lookup("Script", "Greek", &p) && p.kind == UPROP_SC);
  /* U+30FC (Common) has Script_Extensions {Hira, Kana} */
  EXPECT(unicode_prop_lookup("scx", "Hira", &p) && unicode_prop_contains(p, 0x30FC));
  EXPECT(unicode_prop_lookup("sc", "Hira", &p) && !unicode_prop_contains(p, 0x30FC));
  EXPECT(unicode_prop_lookup("sc", "Zyyy", &p) && unicode_prop_contains(p, 0x30FC));
  EXPECT(unicode_prop_lookup("scx", "Zyyy", &p) && !unicode_prop_contains(p, 0x30FC));
  EXPECT(unicode_prop_lookup("space", NULL, &p) && unicode_prop_contains(p, 0x3000) && !unicode_prop_contains(p, 'x'));
  EXPECT(unicode_prop_lookup("Any", NULL, &p) && unicode_prop_contains(p, 0x10FFFF));
  EXPECT(unicode_prop_lookup("ASCII", NULL, &p) && unicode_prop_contains(p, 0x7F) && !unicode_prop_contains(p, 0x80));
  EXPECT(unicode_prop_lookup("Assigned", NULL, &p) && unicode_prop_contains(p, 'a') && !unicode_prop_contains(p, 0x378));
  EXPECT(unicode_prop_lookup("Emoji_Presentation", NULL, &p) && unicode_prop_contains(p, 0x1F600));
  /* ranges: General_Category=Cn and Assigned partition the code points */
  RangeStats cn = {0}, as = {0}, any = {0};
  EXPECT(unicode_prop_lookup("Cn", NULL, &p));
  unicode_prop_ranges(p, stat_range, &cn);
  EXPECT(unicode_prop_lookup("Assigned", NULL, &p));
  unicode_prop_ranges(p, stat_range, &as);
  EXPECT_EQ_INT(cn.total + as.total, 0x110000);
  EXPECT(unicode_prop_lookup("Any", NULL, &p));
  unicode_prop_ranges(p, stat_range, &any);
  EXPECT(any.count == 1 && any.first_lo == 0 && any.last_hi == 0x10FFFF);
  /* ranges agree with contains */
  RangeStats lu = {0};
  EXPECT(unicode_prop_lookup("Lu", NULL, &p));
  unicode_prop_ranges(p, stat_range, &lu);
  uint32_t n = 0;
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) n += unicode_prop_contains(p, cp);
  EXPECT_EQ_INT(n, lu.total);
  static const char *const agree[] = {"Alphabetic", "ID_Continue", "Emoji", "Cased", "Math", "Dash"};
  for (size_t i = 0; i < sizeof agree / sizeof *agree; i++) {
    AgreeCtx a = {0};
    EXPECT(unicode_prop_lookup(agree[i], NULL, &a.p));
    unicode_prop_ranges(a.p, agree_range, &a);
    for (uint32_t cp = a.next; cp <= 0x10FFFF; cp++) a.bad += unicode_prop_contains(a.p, cp);
    EXPECT_EQ_INT(a.bad, 0);
    EXPECT(a.total > 0);
  }
  /* properties of strings */
  EXPECT(unicode_prop_lookup("RGI_Emoji", NULL, &p) && p.kind == UPROP_STRINGS);
  EXPECT(unicode_prop_lookup("RGI_Emoji_Flag_Sequence", NULL, &p));
  uint32_t flags = 0;
  unicode_prop_strings(p, count_string, &flags);
  EXPECT(flags > 200);
  EXPECT(unicode_prop_lookup("Basic_Emoji", NULL, &p) && unicode_prop_contains(p, 0x231A));
  /* simple case folding and the non-unicode Canonicalize */
  EXPECT_EQ_INT(unicode_simple_fold('A'), 'a');
  EXPECT_EQ_INT(unicode_simple_fold(0x212A), 'k');
  EXPECT_EQ_INT(unicode_simple_fold(0x17F), 's');
  EXPECT_EQ_INT(unicode_simple_fold(0x1E9E), 0xDF);
  EXPECT_EQ_INT(unicode_simple_fold(0x10400), 0x10428);
  EXPECT_EQ_INT(unicode_simple_fold(0x130), 0x130); /* only a full (F) / Turkic (T) folding */
  EXPECT_EQ_INT(unicode_canon_upper('a'), 'A');
  EXPECT_EQ_INT(unicode_canon_upper(0x17F), 0x17F); /* no non-ASCII to ASCII */
  EXPECT_EQ_INT(unicode_canon_upper(0xDF), 0xDF);   /* toUppercase is "SS" */
  EXPECT_EQ_INT(unicode_canon_upper(0x1F80), 0x1F80);
  EXPECT_EQ_INT(unicode_canon_upper(0x3C3), 0x3A3);
  EXPECT_EQ_INT(unicode_canon_upper(0x3C2), 0x3A3);
  EXPECT(!strcmp(unicode_props_version, "15.0.0"));
}

TEST(regexp_unicode_sets) {
  int32_t c[16];
  EXPECT(compiles("[a&&b]", RE_FLAG_UNICODE_SETS) && compiles("[a&&b]", RE_FLAG_UNICODE));
  EXPECT(!compiles("[a&&&b]", RE_FLAG_UNICODE_SETS));
  EXPECT(!compiles("[(]", RE_FLAG_UNICODE_SETS) && compiles("[(]", RE_FLAG_UNICODE));
  EXPECT(!compiles("\\p{Lu", RE_FLAG_UNICODE));
  EXPECT(compiles("\\p{Lu", 0)); /* Annex B: the letter p */
  EXPECT(!compiles("\\p{RGI_Emoji}", RE_FLAG_UNICODE) && compiles("\\p{RGI_Emoji}", RE_FLAG_UNICODE_SETS));
  EXPECT(!compiles("[^\\q{ab}]", RE_FLAG_UNICODE_SETS) && compiles("[^\\q{a}]", RE_FLAG_UNICODE_SETS));
  EXPECT_EQ_INT(match("[\\q{abc|ab}x]", RE_FLAG_UNICODE_SETS, "zabc", c), RE_MATCH);
  EXPECT(c[0] == 1 && c[1] == 4);
  EXPECT_EQ_INT(match("[[a-z]--[b-y]]+", RE_FLAG_UNICODE_SETS, "bzab", c), RE_MATCH);
  EXPECT(c[0] == 1 && c[1] == 3);
  EXPECT_EQ_INT(match("[\\w&&\\d]", RE_FLAG_UNICODE_SETS, "ab7", c), RE_MATCH);
  EXPECT(c[0] == 2);
}
