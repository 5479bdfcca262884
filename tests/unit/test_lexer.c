/*
 * test_lexer.c - unit tests of the JavaScript tokenizer: punctuators,
 * keywords and escaped names, numbers (separators, radixes, legacy octal,
 * BigInt), strings and their escapes, template pieces, regexp rescans,
 * comments (incl. HTML-like and hashbang), line terminators, positions.
 */
#include "parser/lexer.h"
#include "base/unicode_id.h"
#include "test.h"

typedef struct LexFixture {
  Arena arena;
  AtomTable atoms;
  ParseError err;
  Lexer lx;
} LexFixture;

static void lex_open(LexFixture *f, const char *src, bool module) {
  memset(f, 0, sizeof *f);
  arena_init(&f->arena);
  CHECK(atom_table_init(&f->atoms, &f->arena));
  lexer_init(&f->lx, src, (uint32_t)strlen(src), module, &f->arena, &f->atoms, &f->err);
  lexer_next(&f->lx);
}

static void lex_close(LexFixture *f) {
  lexer_free(&f->lx);
  atom_table_free(&f->atoms);
  arena_free(&f->arena);
}

/* The kinds of all tokens of src, up to 32, ending at EOF/ERROR. */
static int lex_kinds(const char *src, TokenKind *out, int max) {
  LexFixture f;
  lex_open(&f, src, false);
  int n = 0;
  while (n < max) {
    out[n++] = (TokenKind)f.lx.tok.kind;
    if (f.lx.tok.kind == TOK_EOF || f.lx.tok.kind == TOK_ERROR) break;
    lexer_next(&f.lx);
  }
  lex_close(&f);
  return n;
}

static bool atom_is(const Atom *a, const char *s) { return a && atom_equals_ascii(a, s); }

TEST(lexer_punctuators) {
  TokenKind k[32];
  int n = lex_kinds(">>>= ?. ?.5 ?" "? ?" "?= ** **= => ... &&= ||= !== ===", k, 32);
  EXPECT_EQ_INT(n, 15);
  EXPECT_EQ_INT(k[0], TOK_SHR_ASSIGN);
  EXPECT_EQ_INT(k[1], TOK_QUESTION_DOT);
  EXPECT_EQ_INT(k[2], TOK_QUESTION); /* ?.5 is ? .5 */
  EXPECT_EQ_INT(k[3], TOK_NUMBER);
  EXPECT_EQ_INT(k[4], TOK_COALESCE);
  EXPECT_EQ_INT(k[5], TOK_COALESCE_ASSIGN);
  EXPECT_EQ_INT(k[6], TOK_STAR_STAR);
  EXPECT_EQ_INT(k[7], TOK_STAR_STAR_ASSIGN);
  EXPECT_EQ_INT(k[8], TOK_ARROW);
  EXPECT_EQ_INT(k[9], TOK_ELLIPSIS);
  EXPECT_EQ_INT(k[10], TOK_AND_ASSIGN);
  EXPECT_EQ_INT(k[11], TOK_OR_ASSIGN);
  EXPECT_EQ_INT(k[12], TOK_STRICT_NE);
  EXPECT_EQ_INT(k[13], TOK_STRICT_EQ);
  EXPECT_EQ_INT(k[14], TOK_EOF);
}

TEST(lexer_keywords_and_escapes) {
  LexFixture f;
  lex_open(&f, "if \\u0069f yield l\\u{65}t $_a\\u200C", false);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_KW_if);
  lexer_next(&f.lx);
  /* an escaped keyword is an identifier token whose atom is the keyword */
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_IDENTIFIER);
  EXPECT(f.lx.tok.escaped);
  EXPECT(f.lx.tok.atom == f.atoms.wk[WK_if]);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_KW_yield);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_IDENTIFIER);
  EXPECT(f.lx.tok.atom == f.atoms.wk[WK_let]);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_IDENTIFIER);
  EXPECT_EQ_INT(f.lx.tok.atom->length, 4);
  EXPECT_EQ_INT(f.lx.tok.atom->chars[3], 0x200C);
  lex_close(&f);
  /* escapes must still produce identifier characters */
  TokenKind k[4];
  lex_kinds("\\u0030abc", k, 4);
  EXPECT_EQ_INT(k[0], TOK_ERROR);
  lex_kinds("a\\u002D", k, 4);
  EXPECT_EQ_INT(k[0], TOK_ERROR);
}

TEST(lexer_unicode_identifiers) {
  EXPECT(unicode_is_id_start(0x00E9));   /* é */
  EXPECT(unicode_is_id_start(0x4E2D));   /* CJK */
  EXPECT(!unicode_is_id_start(0x0300));  /* combining mark: continue only */
  EXPECT(unicode_is_id_continue(0x0300));
  EXPECT(!unicode_is_id_continue(0x2E2F)); /* Pattern_Syntax */
  EXPECT(unicode_is_space_separator(0x3000));
  EXPECT(!unicode_is_space_separator(0x200B));
  LexFixture f;
  lex_open(&f, "\xC3\xA9t\xC3\xA9 \xF0\x9D\x90\x80", false); /* été 𝐀 */
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_IDENTIFIER);
  EXPECT_EQ_INT(f.lx.tok.atom->length, 3);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_IDENTIFIER);
  EXPECT_EQ_INT(f.lx.tok.atom->length, 2); /* a surrogate pair */
  EXPECT_EQ_INT(f.lx.tok.atom->chars[0], 0xD835);
  lex_close(&f);
}

TEST(lexer_numbers) {
  LexFixture f;
  lex_open(&f, "1_000 0x1F 0o17 0b101 .5e1 017 08.5 1e-2 0xFFFFFFFFFFFFFFFFF 123n 0x1Fn", false);
  double expect[] = {1000, 31, 15, 5, 5, 15, 8.5, 0.01, 295147905179352825856.0};
  bool legacy[] = {false, false, false, false, false, true, true, false, false};
  for (int i = 0; i < 9; i++) {
    EXPECT_EQ_INT(f.lx.tok.kind, TOK_NUMBER);
    EXPECT(f.lx.tok.number == expect[i]);
    EXPECT_EQ_INT(f.lx.tok.legacy_octal, legacy[i]);
    lexer_next(&f.lx);
  }
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_BIGINT);
  EXPECT_STREQ(f.lx.tok.bigint_digits, "123");
  EXPECT_EQ_INT(f.lx.tok.bigint_radix, 10);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_BIGINT);
  EXPECT_STREQ(f.lx.tok.bigint_digits, "1f");
  EXPECT_EQ_INT(f.lx.tok.bigint_radix, 16);
  lex_close(&f);
  const char *bad[] = {"1__0", "1_", "0_1", "0x_1", "0x", "01n", "1.5n", "3in", "1e", "0b12", "08n"};
  for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
    TokenKind k[4];
    int n = lex_kinds(bad[i], k, 4);
    bool saw_error = false;
    for (int j = 0; j < n; j++) saw_error |= k[j] == TOK_ERROR;
    if (!saw_error) test_fail(__FILE__, __LINE__, "expected a lexical error for %s", bad[i]);
  }
}

TEST(lexer_strings) {
  LexFixture f;
  lex_open(&f, "'a\\n\\x41\\u{1F600}\\u0042\\0' \"\\101\" '\\8' 'l\\\ncont' '\xE2\x80\xA8'", false);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_STRING);
  Atom *a = f.lx.tok.atom;
  EXPECT_EQ_INT(a->length, 7);
  EXPECT_EQ_INT(a->chars[0], 'a');
  EXPECT_EQ_INT(a->chars[1], '\n');
  EXPECT_EQ_INT(a->chars[2], 'A');
  EXPECT_EQ_INT(a->chars[3], 0xD83D);
  EXPECT_EQ_INT(a->chars[4], 0xDE00);
  EXPECT_EQ_INT(a->chars[5], 'B');
  EXPECT_EQ_INT(a->chars[6], 0);
  EXPECT_EQ_INT(f.lx.tok.octal_escape, 0);
  lexer_next(&f.lx);
  EXPECT(atom_is(f.lx.tok.atom, "A"));
  EXPECT(f.lx.tok.octal_escape != 0); /* legacy octal: an error in strict code */
  lexer_next(&f.lx);
  EXPECT(atom_is(f.lx.tok.atom, "8"));
  EXPECT(f.lx.tok.octal_escape != 0);
  lexer_next(&f.lx);
  EXPECT(atom_is(f.lx.tok.atom, "lcont")); /* line continuation */
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_STRING); /* LS is allowed in strings */
  EXPECT_EQ_INT(f.lx.tok.atom->chars[0], 0x2028);
  lex_close(&f);
  TokenKind k[4];
  lex_kinds("'abc", k, 4);
  EXPECT_EQ_INT(k[0], TOK_ERROR);
  lex_kinds("'a\nb'", k, 4);
  EXPECT_EQ_INT(k[0], TOK_ERROR);
  lex_kinds("'\\xZ'", k, 4);
  EXPECT_EQ_INT(k[0], TOK_ERROR);
  lex_kinds("'\\u{110000}'", k, 4);
  EXPECT_EQ_INT(k[0], TOK_ERROR);
}

TEST(lexer_templates) {
  LexFixture f;
  lex_open(&f, "`a\r\nb${x}c\\u{` `\\01`", false);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_TEMPLATE);
  EXPECT(!f.lx.tok.template_tail);
  EXPECT(atom_is(f.lx.tok.atom, "a\nb")); /* CRLF read as LF */
  EXPECT(atom_is(f.lx.tok.raw, "a\nb"));
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_IDENTIFIER);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_RBRACE);
  lexer_rescan_template(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_TEMPLATE);
  EXPECT(f.lx.tok.template_tail);
  EXPECT(f.lx.tok.atom == NULL); /* invalid escape: no cooked value */
  EXPECT(f.lx.tok.template_error != NULL);
  EXPECT(atom_is(f.lx.tok.raw, "c\\u{"));
  lexer_next(&f.lx);
  EXPECT(f.lx.tok.atom == NULL); /* octal escapes are invalid in templates */
  EXPECT(atom_is(f.lx.tok.raw, "\\01"));
  lex_close(&f);
}

TEST(lexer_regexp) {
  LexFixture f;
  lex_open(&f, "/[/]\\//gimsuyd x", false);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_SLASH);
  lexer_rescan_regexp(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_REGEXP);
  EXPECT(atom_is(f.lx.tok.atom, "[/]\\/"));
  EXPECT(atom_is(f.lx.tok.raw, "gimsuyd"));
  EXPECT_EQ_U64(f.lx.tok.regexp_flags,
                REGEXP_FLAG(GLOBAL) | REGEXP_FLAG(IGNORE_CASE) | REGEXP_FLAG(MULTILINE) |
                    REGEXP_FLAG(DOT_ALL) | REGEXP_FLAG(UNICODE) | REGEXP_FLAG(STICKY) |
                    REGEXP_FLAG(HAS_INDICES));
  lexer_next(&f.lx);
  EXPECT(atom_is(f.lx.tok.atom, "x"));
  lex_close(&f);
  const char *bad[] = {"/a/gg", "/a/uv", "/a/x", "/a\n/", "/a"};
  for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
    lex_open(&f, bad[i], false);
    lexer_rescan_regexp(&f.lx);
    if (f.lx.tok.kind != TOK_ERROR) test_fail(__FILE__, __LINE__, "expected an error for %s", bad[i]);
    lex_close(&f);
  }
}

TEST(lexer_comments_and_lines) {
  LexFixture f;
  lex_open(&f, "#!/usr/bin/env x\na /* c\n */ b // d\n<!-- e\n c\n--> f\r\nd\xE2\x80\xA9" "e", false);
  EXPECT(atom_is(f.lx.tok.atom, "a"));
  EXPECT_EQ_INT(f.lx.tok.line, 2);
  lexer_next(&f.lx);
  EXPECT(atom_is(f.lx.tok.atom, "b"));
  EXPECT(f.lx.tok.nl_before); /* the multi-line comment had a line break */
  EXPECT_EQ_INT(f.lx.tok.line, 3);
  lexer_next(&f.lx);
  EXPECT(atom_is(f.lx.tok.atom, "c"));
  EXPECT_EQ_INT(f.lx.tok.line, 5);
  lexer_next(&f.lx);
  EXPECT(atom_is(f.lx.tok.atom, "d"));
  EXPECT_EQ_INT(f.lx.tok.line, 7);
  lexer_next(&f.lx);
  EXPECT(atom_is(f.lx.tok.atom, "e"));
  EXPECT(f.lx.tok.nl_before); /* PS is a line terminator */
  EXPECT_EQ_INT(f.lx.tok.line, 8);
  lex_close(&f);
  /* modules have no HTML-like comments */
  lex_open(&f, "a <!-- b", true);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_LT);
  lex_close(&f);
  /* --> only after a line break (or at the start) */
  lex_open(&f, "a --> b", false);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_DEC);
  lex_close(&f);
  TokenKind k[4];
  lex_kinds("/* unterminated", k, 4);
  EXPECT_EQ_INT(k[0], TOK_ERROR);
}

TEST(lexer_columns_and_utf8) {
  LexFixture f;
  lex_open(&f, "\xC3\xA9\xF0\x9D\x90\x80 = x", false);
  lexer_next(&f.lx);
  EXPECT_EQ_INT(f.lx.tok.kind, TOK_ASSIGN);
  /* é is one UTF-16 unit, 𝐀 two: '=' is at column 5 */
  EXPECT_EQ_INT(lexer_column(&f.lx, f.lx.tok.line_start, f.lx.tok.start), 5);
  lex_close(&f);
  EXPECT_EQ_INT(lexer_check_utf8("ok\xC3\xA9", 4), 4);
  EXPECT_EQ_INT(lexer_check_utf8("a\xC0\x80", 3), 1);         /* overlong */
  EXPECT_EQ_INT(lexer_check_utf8("ab\xED\xA0\x80", 5), 2);    /* surrogate */
  EXPECT_EQ_INT(lexer_check_utf8("\xF4\x90\x80\x80", 4), 0);  /* > U+10FFFF */
  EXPECT_EQ_INT(lexer_check_utf8("\xE2\x80", 2), 0);          /* truncated */
}

TEST(lexer_error_format) {
  ParseError e = {0};
  e.kind = PARSE_ERROR_SYNTAX;
  e.filename = "t.js";
  e.line = 3;
  e.column = 7;
  strcpy(e.message, "boom");
  char buf[64];
  EXPECT_STREQ(parse_error_format(&e, buf, sizeof buf), "t.js:3:7: SyntaxError: boom");
}
