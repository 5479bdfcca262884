/*
 * lexer.h - the JavaScript tokenizer: UTF-8 source bytes in, one Token at a
 * time out, names interned as Atoms. The parser drives it: it asks for a
 * regular expression or a template continuation where the grammar says the
 * next input is one (lexer_rescan_regexp, lexer_rescan_template).
 *
 * Invariants: lexer.tok is the current token; offsets are byte offsets in
 * the source; the lexer never reads past src + len (the source need not be
 * NUL terminated); keyword tokens are never written with escapes (an
 * escaped keyword lexes as TOK_IDENTIFIER whose atom is the keyword, which
 * the parser rejects where a keyword or identifier is required).
 */
#ifndef RONDO_PARSER_LEXER_H
#define RONDO_PARSER_LEXER_H

#include "parser/ast.h"

/* Punctuators: X(NAME, "text"). */
#define PUNCTUATOR_LIST(X)                                                  \
  X(LBRACE, "{") X(RBRACE, "}") X(LPAREN, "(") X(RPAREN, ")")               \
  X(LBRACKET, "[") X(RBRACKET, "]") X(DOT, ".") X(ELLIPSIS, "...")          \
  X(SEMICOLON, ";") X(COMMA, ",") X(LT, "<") X(GT, ">") X(LE, "<=")         \
  X(GE, ">=") X(EQ, "==") X(NE, "!=") X(STRICT_EQ, "===")                   \
  X(STRICT_NE, "!==") X(PLUS, "+") X(MINUS, "-") X(STAR, "*")               \
  X(PERCENT, "%") X(STAR_STAR, "**") X(INC, "++") X(DEC, "--")              \
  X(SHL, "<<") X(SAR, ">>") X(SHR, ">>>") X(AMP, "&") X(PIPE, "|")          \
  X(CARET, "^") X(BANG, "!") X(TILDE, "~") X(AND, "&&") X(OR, "||")         \
  X(COALESCE, "?""?") X(QUESTION, "?") X(QUESTION_DOT, "?.")                \
  X(COLON, ":") X(ASSIGN, "=") X(PLUS_ASSIGN, "+=")                         \
  X(MINUS_ASSIGN, "-=") X(STAR_ASSIGN, "*=") X(PERCENT_ASSIGN, "%=")        \
  X(STAR_STAR_ASSIGN, "**=") X(SHL_ASSIGN, "<<=") X(SAR_ASSIGN, ">>=")      \
  X(SHR_ASSIGN, ">>>=") X(AMP_ASSIGN, "&=") X(PIPE_ASSIGN, "|=")            \
  X(CARET_ASSIGN, "^=") X(AND_ASSIGN, "&&=") X(OR_ASSIGN, "||=")            \
  X(COALESCE_ASSIGN, "?""?=") X(ARROW, "=>") X(SLASH, "/")                  \
  X(SLASH_ASSIGN, "/=")

typedef enum TokenKind {
  TOK_EOF,
  TOK_ERROR,          /* the lexer reported an error (see Lexer.err) */
  TOK_IDENTIFIER,     /* atom; escaped set when written with \u escapes */
  TOK_PRIVATE_NAME,   /* #name; atom includes the '#' */
  TOK_NUMBER,         /* number */
  TOK_BIGINT,         /* bigint_digits/bigint_len/bigint_radix */
  TOK_STRING,         /* atom = cooked value */
  TOK_TEMPLATE,       /* a template piece: atom = cooked (NULL if invalid
                         escape), raw; template_tail when it ends with '`' */
  TOK_REGEXP,         /* atom = pattern, raw = flags, regexp_flags bits */
  /* reserved words, in WELL_KNOWN_ATOM_LIST order (WK_await..WK_yield) */
  TOK_KW_await, TOK_KW_break, TOK_KW_case, TOK_KW_catch, TOK_KW_class, TOK_KW_const,
  TOK_KW_continue, TOK_KW_debugger, TOK_KW_default, TOK_KW_delete, TOK_KW_do,
  TOK_KW_else, TOK_KW_enum, TOK_KW_export, TOK_KW_extends, TOK_KW_false,
  TOK_KW_finally, TOK_KW_for, TOK_KW_function, TOK_KW_if, TOK_KW_import,
  TOK_KW_in, TOK_KW_instanceof, TOK_KW_new, TOK_KW_null, TOK_KW_return,
  TOK_KW_super, TOK_KW_switch, TOK_KW_this, TOK_KW_throw, TOK_KW_true,
  TOK_KW_try, TOK_KW_typeof, TOK_KW_var, TOK_KW_void, TOK_KW_while,
  TOK_KW_with, TOK_KW_yield,
#define TK_P(name, text) TOK_##name,
  PUNCTUATOR_LIST(TK_P)
#undef TK_P
  TOK_COUNT
} TokenKind;

/* The keyword token of a reserved-word atom index. */
#define TOK_FROM_WK(wk) ((TokenKind)(TOK_KW_await + ((wk) - WK_await)))
#define TOK_IS_KEYWORD(k) ((k) >= TOK_KW_await && (k) <= TOK_KW_yield)

/* A parse/lex error: where and why. */
typedef enum ParseErrorKind {
  PARSE_ERROR_NONE,
  PARSE_ERROR_SYNTAX,    /* a SyntaxError */
  PARSE_ERROR_NESTING,   /* input nested too deeply (reported as SyntaxError
                            "too much nesting") */
  PARSE_ERROR_OOM        /* out of memory */
} ParseErrorKind;

typedef struct ParseError {
  ParseErrorKind kind;
  const char *filename;  /* as given in the options (not copied) */
  uint32_t offset;       /* byte offset */
  uint32_t line;         /* 1-based */
  uint32_t column;       /* 1-based, UTF-16 code units */
  char message[240];
} ParseError;

/* Formats "file:line:column: SyntaxError: message" into buf (size n);
 * returns buf. */
char *parse_error_format(const ParseError *e, char *buf, size_t n);

typedef struct Token {
  uint8_t kind;          /* TokenKind */
  bool nl_before;        /* a line terminator precedes it (after the
                            previous token) */
  bool escaped;          /* identifier/keyword-like name had \u escapes */
  bool template_tail;    /* TOK_TEMPLATE ends with '`' (else with "${") */
  bool legacy_octal;     /* number: 017 or 08/09 style (strict error) */
  uint8_t bigint_radix;
  uint32_t start, end;   /* byte offsets [start, end) */
  uint32_t line;         /* 1-based line of start */
  uint32_t line_start;   /* byte offset of the start of that line */
  uint32_t octal_escape; /* string/template: 1 + offset of the first legacy
                            octal or \8 \9 escape; 0 if none */
  const char *template_error; /* TOK_TEMPLATE with atom NULL: why */
  uint32_t template_error_offset;
  Atom *atom;
  Atom *raw;
  double number;
  const char *bigint_digits; /* in the arena, NUL terminated */
  uint32_t bigint_len;
  uint32_t regexp_flags;
} Token;

typedef struct Lexer {
  const uint8_t *src;
  uint32_t len;
  uint32_t pos;          /* next byte to read */
  uint32_t line;         /* line of pos */
  uint32_t line_start;   /* byte offset where that line starts */
  bool module;           /* module goal: no HTML-like comments */
  bool nl_seen;          /* a line terminator since the last token */
  bool at_start;         /* no token scanned yet (`-->` may start a comment) */
  Token tok;             /* current token */
  uint32_t prev_end;     /* end offset of the previous token */
  uint32_t prev_line;    /* its line */
  Arena *arena;
  AtomTable *atoms;
  ParseError *err;
  /* scratch buffer for cooked strings (malloc'd, grown on demand) */
  uint16_t *buf;
  uint32_t buf_len, buf_cap;
  uint16_t *buf2;        /* second buffer (template raw) */
  uint32_t buf2_len, buf2_cap;
  /* column cache: UTF-16 column of col_cache_off on its line */
  uint32_t col_cache_off, col_cache_col, col_cache_line_start;
} Lexer;

/* Sets up the lexer over [src, src+len) and skips a hashbang comment. The
 * UTF-8 must already be validated (parser_parse does it). */
void lexer_init(Lexer *lx, const char *src, uint32_t len, bool module,
                Arena *arena, AtomTable *atoms, ParseError *err);
void lexer_free(Lexer *lx);
/* Scans the next token into lx->tok (TOK_ERROR with lx->err filled on a
 * lexical error). A '/' is read as a division punctuator. */
void lexer_next(Lexer *lx);
/* The current token is '/' or '/=': re-scan from it as a regexp literal. */
void lexer_rescan_regexp(Lexer *lx);
/* The current token is '}' ending a template substitution: re-scan from it
 * as the template's next piece (TOK_TEMPLATE). */
void lexer_rescan_template(Lexer *lx);
/* Saves / restores the whole scanning state (for one-token lookahead). */
typedef struct LexerState {
  uint32_t pos, line, line_start, prev_end, prev_line;
  bool nl_seen;
  Token tok;
} LexerState;
void lexer_save(const Lexer *lx, LexerState *s);
void lexer_restore(Lexer *lx, const LexerState *s);
/* The 1-based UTF-16 column of byte offset off, on the line starting at
 * line_start (cached so that scanning forward along a line stays linear). */
uint32_t lexer_column(Lexer *lx, uint32_t line_start, uint32_t off);
/* Fills *err as a SyntaxError at offset off (line/line_start of that
 * offset), printf-style. Does nothing when an error is already set. */
void lexer_error_at(Lexer *lx, uint32_t off, uint32_t line,
                    uint32_t line_start, const char *fmt, ...) RD_PRINTF(5, 6);
/* Validates UTF-8 (no overlongs, no surrogates, <= U+10FFFF); returns the
 * offset of the first bad byte or len when valid. */
uint32_t lexer_check_utf8(const char *src, uint32_t len);
/* The token kind's text, e.g. "=>" or "identifier", for messages. */
const char *lexer_token_name(TokenKind k);

#endif
