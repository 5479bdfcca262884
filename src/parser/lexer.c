/*
 * lexer.c - the tokenizer: whitespace and comments (incl. hashbang and
 * Annex B HTML-like comments), identifiers and keywords (ASCII fast path,
 * \u escapes checked against the Unicode tables), numbers (separators,
 * legacy octal, BigInt), strings, template pieces, regexp literals and
 * punctuators.
 *
 * Invariants: the source is valid UTF-8 (checked up front) and is never read
 * at or past len; lx->tok always holds a complete token; once an error is
 * reported the lexer keeps returning TOK_ERROR.
 */
#include "parser/lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/unicode_id.h"

#define CH_EOF (-1)

/* Byte at pos + k, or CH_EOF. */
RD_INLINE int peek(const Lexer *lx, uint32_t k) {
  uint32_t p = lx->pos + k;
  return p < lx->len ? lx->src[p] : CH_EOF;
}

/* Decodes the (valid) UTF-8 sequence at p; *n gets its length. */
static uint32_t decode_at(const Lexer *lx, uint32_t p, uint32_t *n) {
  const uint8_t *s = lx->src + p;
  uint32_t c = s[0];
  if (c < 0x80) { *n = 1; return c; }
  if (c < 0xE0) { *n = 2; return ((c & 0x1F) << 6) | (s[1] & 0x3F); }
  if (c < 0xF0) {
    *n = 3;
    return ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  }
  *n = 4;
  return ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
         (s[3] & 0x3F);
}

uint32_t lexer_check_utf8(const char *src, uint32_t len) {
  const uint8_t *s = (const uint8_t *)src;
  uint32_t i = 0;
  while (i < len) {
    uint8_t c = s[i];
    if (c < 0x80) { i++; continue; }
    uint32_t n, cp, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return i;
    if (len - i < n) return i;
    for (uint32_t k = 1; k < n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return len;
}

static bool is_line_terminator(uint32_t c) {
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

static bool is_whitespace(uint32_t c) {
  return c == '\t' || c == 0x0B || c == 0x0C || c == ' ' || c == 0xFEFF ||
         unicode_is_space_separator(c);
}

static bool is_id_start(uint32_t c) {
  return c == '$' || c == '_' || unicode_is_id_start(c);
}

static bool is_id_part(uint32_t c) {
  return c == '$' || c == 0x200C || c == 0x200D || unicode_is_id_continue(c);
}

static const uint8_t ascii_id_class[128] = {
    /* 1 = identifier start and part, 2 = part only */
    ['$'] = 1, ['_'] = 1,
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2,
    ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
};

/* ---- errors and positions ---- */

uint32_t lexer_column(Lexer *lx, uint32_t line_start, uint32_t off) {
  uint32_t from = line_start, col = 1;
  if (lx->col_cache_line_start == line_start && lx->col_cache_off <= off &&
      lx->col_cache_off >= line_start) {
    from = lx->col_cache_off;
    col = lx->col_cache_col;
  }
  uint32_t p = from;
  while (p < off && p < lx->len) {
    uint8_t c = lx->src[p];
    if (c < 0x80) { p++; col++; continue; }
    if (c >= 0xF0) { p += 4; col += 2; }
    else if (c >= 0xE0) { p += 3; col++; }
    else { p += 2; col++; }
  }
  lx->col_cache_line_start = line_start;
  lx->col_cache_off = p;
  lx->col_cache_col = col;
  return col;
}

void lexer_error_at(Lexer *lx, uint32_t off, uint32_t line, uint32_t line_start,
                    const char *fmt, ...) {
  ParseError *e = lx->err;
  if (e->kind != PARSE_ERROR_NONE) return;
  e->kind = PARSE_ERROR_SYNTAX;
  e->offset = off;
  e->line = line;
  e->column = lexer_column(lx, line_start, off);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}

char *parse_error_format(const ParseError *e, char *buf, size_t n) {
  snprintf(buf, n, "%s:%u:%u: SyntaxError: %s",
           e->filename ? e->filename : "<input>", e->line, e->column,
           e->message);
  return buf;
}

/* Reports an error at the current position and makes tok a TOK_ERROR. */
RD_PRINTF(3, 4)
static void lex_error(Lexer *lx, uint32_t off, const char *fmt, ...) {
  if (lx->err->kind == PARSE_ERROR_NONE) {
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* off is on the current line of the scanner unless it precedes it */
    uint32_t line = lx->line, ls = lx->line_start;
    if (off < ls) { line = lx->tok.line; ls = lx->tok.line_start; }
    lexer_error_at(lx, off, line, ls, "%s", msg);
  }
  lx->tok.kind = TOK_ERROR;
}

static void oom(Lexer *lx) {
  if (lx->err->kind == PARSE_ERROR_NONE) {
    lx->err->kind = PARSE_ERROR_OOM;
    lx->err->offset = lx->pos;
    lx->err->line = lx->line;
    lx->err->column = 1;
    snprintf(lx->err->message, sizeof lx->err->message, "out of memory");
  }
  lx->tok.kind = TOK_ERROR;
}

/* ---- scratch buffers ---- */

static bool buf_push(uint16_t **buf, uint32_t *len, uint32_t *cap, uint16_t u) {
  if (*len == *cap) {
    uint32_t n = *cap ? *cap * 2 : 256;
    if (n < *cap) return false;
    uint16_t *b = realloc(*buf, n * sizeof(uint16_t));
    if (!b) return false;
    *buf = b;
    *cap = n;
  }
  (*buf)[(*len)++] = u;
  return true;
}

/* Appends code point c to buffer 1 (cooked) as UTF-16. */
static bool put1(Lexer *lx, uint32_t c) {
  if (c >= 0x10000) {
    c -= 0x10000;
    return buf_push(&lx->buf, &lx->buf_len, &lx->buf_cap, (uint16_t)(0xD800 + (c >> 10))) &&
           buf_push(&lx->buf, &lx->buf_len, &lx->buf_cap, (uint16_t)(0xDC00 + (c & 0x3FF)));
  }
  return buf_push(&lx->buf, &lx->buf_len, &lx->buf_cap, (uint16_t)c);
}

/* Appends code point c to buffer 2 (template raw) as UTF-16. */
static bool put2(Lexer *lx, uint32_t c) {
  if (c >= 0x10000) {
    c -= 0x10000;
    return buf_push(&lx->buf2, &lx->buf2_len, &lx->buf2_cap, (uint16_t)(0xD800 + (c >> 10))) &&
           buf_push(&lx->buf2, &lx->buf2_len, &lx->buf2_cap, (uint16_t)(0xDC00 + (c & 0x3FF)));
  }
  return buf_push(&lx->buf2, &lx->buf2_len, &lx->buf2_cap, (uint16_t)c);
}

/* ---- setup ---- */

void lexer_init(Lexer *lx, const char *src, uint32_t len, bool module,
                Arena *arena, AtomTable *atoms, ParseError *err) {
  memset(lx, 0, sizeof *lx);
  lx->src = (const uint8_t *)src;
  lx->len = len;
  lx->line = 1;
  lx->module = module;
  lx->arena = arena;
  lx->atoms = atoms;
  lx->err = err;
  lx->tok.kind = TOK_EOF;
  lx->tok.line = 1;
  lx->prev_line = 1;
  lx->at_start = true;
  lx->col_cache_col = 1;
  /* Hashbang comment: only at the very start of the source. */
  if (len >= 2 && src[0] == '#' && src[1] == '!') {
    uint32_t p = 2;
    while (p < len) {
      uint32_t n, c = decode_at(lx, p, &n);
      if (is_line_terminator(c)) break;
      p += n;
    }
    lx->pos = p;
  }
}

void lexer_free(Lexer *lx) {
  free(lx->buf);
  free(lx->buf2);
  lx->buf = lx->buf2 = NULL;
}

void lexer_save(const Lexer *lx, LexerState *s) {
  s->pos = lx->pos;
  s->line = lx->line;
  s->line_start = lx->line_start;
  s->prev_end = lx->prev_end;
  s->prev_line = lx->prev_line;
  s->nl_seen = lx->nl_seen;
  s->tok = lx->tok;
}

void lexer_restore(Lexer *lx, const LexerState *s) {
  lx->pos = s->pos;
  lx->line = s->line;
  lx->line_start = s->line_start;
  lx->prev_end = s->prev_end;
  lx->prev_line = s->prev_line;
  lx->nl_seen = s->nl_seen;
  lx->tok = s->tok;
}

/* Consumes a line terminator of n bytes starting with c at pos. */
static void newline(Lexer *lx, uint32_t c, uint32_t n) {
  lx->pos += n;
  if (c == '\r' && peek(lx, 0) == '\n') lx->pos++;
  lx->line++;
  lx->line_start = lx->pos;
  lx->nl_seen = true;
}

/* Skips to the end of a single-line comment (not the terminator). */
static void skip_line_comment(Lexer *lx) {
  while (lx->pos < lx->len) {
    uint8_t b = lx->src[lx->pos];
    if (b == '\n' || b == '\r') return;
    if (b < 0x80) { lx->pos++; continue; }
    uint32_t n, c = decode_at(lx, lx->pos, &n);
    if (c == 0x2028 || c == 0x2029) return;
    lx->pos += n;
  }
}

/* Skips whitespace and comments; false (with an error) on an unterminated
 * multi-line comment. */
static bool skip_space(Lexer *lx) {
  for (;;) {
    int c = peek(lx, 0);
    switch (c) {
      case ' ': case '\t': case 0x0B: case 0x0C:
        lx->pos++;
        continue;
      case '\n': case '\r':
        newline(lx, (uint32_t)c, 1);
        continue;
      case '/':
        if (peek(lx, 1) == '/') {
          lx->pos += 2;
          skip_line_comment(lx);
          continue;
        }
        if (peek(lx, 1) == '*') {
          uint32_t start = lx->pos;
          lx->pos += 2;
          for (;;) {
            if (lx->pos >= lx->len) {
              lex_error(lx, start, "unterminated comment");
              return false;
            }
            uint8_t b = lx->src[lx->pos];
            if (b == '*' && peek(lx, 1) == '/') { lx->pos += 2; break; }
            if (b == '\n' || b == '\r') { newline(lx, b, 1); continue; }
            if (b < 0x80) { lx->pos++; continue; }
            uint32_t n, u = decode_at(lx, lx->pos, &n);
            if (u == 0x2028 || u == 0x2029) newline(lx, u, n);
            else lx->pos += n;
          }
          continue;
        }
        return true;
      case '<':
        /* <!-- starts a single-line comment (Annex B, scripts only) */
        if (!lx->module && peek(lx, 1) == '!' && peek(lx, 2) == '-' &&
            peek(lx, 3) == '-') {
          lx->pos += 4;
          skip_line_comment(lx);
          continue;
        }
        return true;
      case '-':
        /* --> after a line terminator starts a single-line comment */
        if (!lx->module && (lx->nl_seen || lx->at_start) && peek(lx, 1) == '-' &&
            peek(lx, 2) == '>') {
          lx->pos += 3;
          skip_line_comment(lx);
          continue;
        }
        return true;
      default:
        if (c >= 0x80) {
          uint32_t n, u = decode_at(lx, lx->pos, &n);
          if (u == 0x2028 || u == 0x2029) { newline(lx, u, n); continue; }
          if (is_whitespace(u)) { lx->pos += n; continue; }
        }
        return true;
    }
  }
}

/* ---- identifiers ---- */

static int hex_val(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads \uXXXX or \u{X...} at pos (pos at the backslash); returns the code
 * point or -1 (nothing consumed on failure). */
static int32_t read_unicode_escape(Lexer *lx) {
  if (peek(lx, 1) != 'u') return -1;
  if (peek(lx, 2) == '{') {
    uint32_t k = 3, v = 0;
    int d;
    if (hex_val(peek(lx, k)) < 0) return -1;
    while ((d = hex_val(peek(lx, k))) >= 0) {
      v = v * 16 + (uint32_t)d;
      if (v > 0x10FFFF) return -1;
      k++;
    }
    if (peek(lx, k) != '}') return -1;
    lx->pos += k + 1;
    return (int32_t)v;
  }
  uint32_t v = 0;
  for (uint32_t k = 2; k < 6; k++) {
    int d = hex_val(peek(lx, k));
    if (d < 0) return -1;
    v = v * 16 + (uint32_t)d;
  }
  lx->pos += 6;
  return (int32_t)v;
}

/* Scans an identifier name starting at pos (first char already known to
 * start one, or a backslash). Sets tok.atom and tok.escaped. */
static bool scan_identifier_name(Lexer *lx) {
  uint32_t start = lx->pos;
  /* ASCII fast path */
  uint32_t p = lx->pos;
  while (p < lx->len && lx->src[p] < 0x80 && ascii_id_class[lx->src[p]]) p++;
  if (p >= lx->len || (lx->src[p] != '\\' && lx->src[p] < 0x80)) {
    lx->pos = p;
    lx->tok.escaped = false;
    lx->tok.atom = atom_intern8(lx->atoms, lx->src + start, p - start);
    if (!lx->tok.atom) { oom(lx); return false; }
    return true;
  }
  /* general path: collect UTF-16 */
  lx->buf_len = 0;
  bool escaped = false, first = true;
  for (;;) {
    int c = peek(lx, 0);
    if (c == CH_EOF) break;
    uint32_t cp;
    if (c == '\\') {
      uint32_t at = lx->pos;
      int32_t e = read_unicode_escape(lx);
      if (e < 0) {
        lex_error(lx, at, "invalid Unicode escape in identifier");
        return false;
      }
      cp = (uint32_t)e;
      if (first ? !is_id_start(cp) : !is_id_part(cp)) {
        lex_error(lx, at, "invalid identifier escape \\u{%X}", cp);
        return false;
      }
      escaped = true;
    } else {
      uint32_t n;
      cp = decode_at(lx, lx->pos, &n);
      if (first ? !is_id_start(cp) : !is_id_part(cp)) break;
      lx->pos += n;
    }
    first = false;
    if (!put1(lx, cp)) { oom(lx); return false; }
  }
  lx->tok.escaped = escaped;
  lx->tok.atom = atom_intern16(lx->atoms, lx->buf, lx->buf_len);
  if (!lx->tok.atom) { oom(lx); return false; }
  return true;
}

/* True when the source at pos starts an identifier (char or \u escape). */
static bool at_id_start(Lexer *lx) {
  int c = peek(lx, 0);
  if (c == CH_EOF) return false;
  if (c < 0x80) return ascii_id_class[c] == 1 || c == '\\';
  uint32_t n;
  return is_id_start(decode_at(lx, lx->pos, &n));
}

static bool at_id_part(Lexer *lx) {
  int c = peek(lx, 0);
  if (c == CH_EOF) return false;
  if (c < 0x80) return ascii_id_class[c] != 0 || c == '\\';
  uint32_t n;
  return is_id_part(decode_at(lx, lx->pos, &n));
}

/* ---- numbers ---- */

/* Parses a decimal string (only digits, '.', 'e', sign) with strtod. */
static double decimal_value(const char *s) { return strtod(s, NULL); }

/* Value of an integer in radix 2/8/16 from digit chars (no separators),
 * correctly rounded: rewritten as a hex float for strtod. */
static double radix_value(Lexer *lx, const char *d, uint32_t n, int radix) {
  int bits = radix == 2 ? 1 : radix == 8 ? 3 : 4;
  /* total bit string, most significant first */
  size_t nbits = (size_t)n * (size_t)bits;
  size_t nhex = (nbits + 3) / 4;
  char *hex = malloc(nhex + 4);
  if (!hex) { oom(lx); return 0; }
  hex[0] = '0';
  hex[1] = 'x';
  /* fill hex digits from the least significant end */
  uint32_t acc = 0;
  int accbits = 0;
  size_t o = nhex;
  for (uint32_t i = n; i-- > 0;) {
    acc |= (uint32_t)hex_val(d[i]) << accbits;
    accbits += bits;
    while (accbits >= 4) {
      hex[2 + --o] = "0123456789abcdef"[acc & 15];
      acc >>= 4;
      accbits -= 4;
    }
  }
  if (accbits > 0) hex[2 + --o] = "0123456789abcdef"[acc & 15];
  while (o > 0) hex[2 + --o] = '0';
  hex[2 + nhex] = 0;
  double v = strtod(hex, NULL);
  free(hex);
  return v;
}

/* Copies the digits in [from, to) without '_' into a malloc'd string
 * (NUL terminated); *n its length. Separator placement checked by caller. */
static char *strip_separators(Lexer *lx, uint32_t from, uint32_t to, uint32_t *n) {
  char *s = malloc(to - from + 1);
  if (!s) { oom(lx); return NULL; }
  uint32_t k = 0;
  for (uint32_t i = from; i < to; i++)
    if (lx->src[i] != '_') s[k++] = (char)lx->src[i];
  s[k] = 0;
  *n = k;
  return s;
}

/* Scans digits of a radix with numeric separators; returns false on a
 * misplaced '_'. *count gets the number of digits. */
static bool scan_digits(Lexer *lx, int radix, bool allow_sep, uint32_t *count) {
  uint32_t n = 0;
  bool last_sep = false;
  for (;;) {
    int c = peek(lx, 0);
    if (c == '_' && allow_sep) {
      if (n == 0 || last_sep) {
        lex_error(lx, lx->pos, "invalid numeric separator");
        return false;
      }
      last_sep = true;
      lx->pos++;
      continue;
    }
    int d = hex_val(c);
    if (d < 0 || d >= radix) break;
    last_sep = false;
    n++;
    lx->pos++;
  }
  if (last_sep) {
    lex_error(lx, lx->pos - 1, "invalid numeric separator");
    return false;
  }
  *count = n;
  return true;
}

static bool scan_number(Lexer *lx) {
  uint32_t start = lx->pos;
  Token *t = &lx->tok;
  t->kind = TOK_NUMBER;
  t->legacy_octal = false;
  int c0 = peek(lx, 0), c1 = peek(lx, 1);
  if (c0 == '0' && (c1 == 'x' || c1 == 'X' || c1 == 'o' || c1 == 'O' ||
                    c1 == 'b' || c1 == 'B')) {
    int radix = (c1 == 'x' || c1 == 'X') ? 16 : (c1 == 'o' || c1 == 'O') ? 8 : 2;
    lx->pos += 2;
    uint32_t dstart = lx->pos, count;
    if (peek(lx, 0) == '_') {
      lex_error(lx, lx->pos, "invalid numeric separator");
      return false;
    }
    if (!scan_digits(lx, radix, true, &count)) return false;
    if (count == 0) {
      lex_error(lx, start, "missing digits after number prefix");
      return false;
    }
    uint32_t n;
    char *digits = strip_separators(lx, dstart, lx->pos, &n);
    if (!digits) return false;
    if (peek(lx, 0) == 'n') {
      lx->pos++;
      t->kind = TOK_BIGINT;
      t->bigint_radix = (uint8_t)radix;
      /* drop leading zeros, lower-case */
      uint32_t k = 0;
      while (k + 1 < n && digits[k] == '0') k++;
      for (uint32_t i = k; i < n; i++)
        if (digits[i] >= 'A' && digits[i] <= 'F') digits[i] = (char)(digits[i] - 'A' + 'a');
      t->bigint_digits = arena_dup(lx->arena, digits + k, n - k + 1);
      t->bigint_len = n - k;
      free(digits);
      if (!t->bigint_digits) { oom(lx); return false; }
    } else {
      t->number = radix_value(lx, digits, n, radix);
      free(digits);
      if (t->kind == TOK_ERROR) return false;
    }
    goto check_end;
  }
  if (c0 == '0' && c1 >= '0' && c1 <= '9') {
    /* legacy octal 017, or NonOctalDecimalIntegerLiteral 089 */
    t->legacy_octal = true;
    uint32_t p = lx->pos + 1;
    bool octal = true;
    while (p < lx->len && lx->src[p] >= '0' && lx->src[p] <= '9') {
      if (lx->src[p] >= '8') octal = false;
      p++;
    }
    if (octal) {
      lx->pos = p;
      t->number = radix_value(lx, (const char *)lx->src + start + 1, p - start - 1, 8);
      if (t->kind == TOK_ERROR) return false;
      if (peek(lx, 0) == '_' || peek(lx, 0) == 'n') {
        lex_error(lx, lx->pos, "invalid legacy octal literal");
        return false;
      }
      goto check_end;
    }
    lx->pos = p;
    if (peek(lx, 0) == '_') {
      lex_error(lx, lx->pos, "numeric separator in a legacy literal");
      return false;
    }
    goto fraction; /* NonOctalDecimalIntegerLiteral may have a fraction */
  }
  if (c0 == '0' && c1 == '_') {
    lex_error(lx, lx->pos + 1, "numeric separator after leading 0");
    return false;
  }
  {
    uint32_t count;
    if (c0 != '.') {
      if (!scan_digits(lx, 10, true, &count)) return false;
      if (c0 == '0' && peek(lx, 0) == '_') {
        lex_error(lx, lx->pos, "invalid numeric separator");
        return false;
      }
      if (peek(lx, 0) == 'n') {
        if (c0 == '0' && lx->pos - start > 1) {
          lex_error(lx, start, "invalid BigInt literal");
          return false;
        }
        uint32_t n;
        char *digits = strip_separators(lx, start, lx->pos, &n);
        if (!digits) return false;
        lx->pos++;
        t->kind = TOK_BIGINT;
        t->bigint_radix = 10;
        t->bigint_digits = arena_dup(lx->arena, digits, n + 1);
        t->bigint_len = n;
        free(digits);
        if (!t->bigint_digits) { oom(lx); return false; }
        goto check_end;
      }
    }
  }
fraction:
  if (peek(lx, 0) == '.') {
    lx->pos++;
    uint32_t count;
    if (peek(lx, 0) == '_') {
      lex_error(lx, lx->pos, "invalid numeric separator");
      return false;
    }
    if (!scan_digits(lx, 10, true, &count)) return false;
  }
  if (peek(lx, 0) == 'e' || peek(lx, 0) == 'E') {
    lx->pos++;
    if (peek(lx, 0) == '+' || peek(lx, 0) == '-') lx->pos++;
    uint32_t count;
    if (peek(lx, 0) == '_') {
      lex_error(lx, lx->pos, "invalid numeric separator");
      return false;
    }
    if (!scan_digits(lx, 10, true, &count)) return false;
    if (count == 0) {
      lex_error(lx, start, "missing exponent digits");
      return false;
    }
  }
  {
    uint32_t n;
    char *s = strip_separators(lx, start, lx->pos, &n);
    if (!s) return false;
    t->number = decimal_value(s);
    free(s);
  }
check_end:
  if (at_id_start(lx) || (peek(lx, 0) >= '0' && peek(lx, 0) <= '9')) {
    lex_error(lx, lx->pos, "identifier starts immediately after a number");
    return false;
  }
  return true;
}

/* ---- strings and templates ---- */

/* Reads an escape sequence after the backslash (pos at the char after it).
 * Appends the cooked value. For templates (tmpl), an invalid escape sets
 * *bad (message) and consumes nothing more; for strings it is an error.
 * Octal escapes set tok.octal_escape (strings) or are invalid (templates).
 * Returns false on a hard error. */
static bool read_escape(Lexer *lx, bool tmpl, const char **bad, uint32_t esc_start) {
  int c = peek(lx, 0);
  switch (c) {
    case 'n': lx->pos++; return put1(lx, '\n') || (oom(lx), false);
    case 't': lx->pos++; return put1(lx, '\t') || (oom(lx), false);
    case 'r': lx->pos++; return put1(lx, '\r') || (oom(lx), false);
    case 'b': lx->pos++; return put1(lx, '\b') || (oom(lx), false);
    case 'f': lx->pos++; return put1(lx, '\f') || (oom(lx), false);
    case 'v': lx->pos++; return put1(lx, '\v') || (oom(lx), false);
    case '\r':
      lx->pos++;
      if (peek(lx, 0) == '\n') lx->pos++;
      lx->line++;
      lx->line_start = lx->pos;
      return true;
    case '\n':
      lx->pos++;
      lx->line++;
      lx->line_start = lx->pos;
      return true;
    case 'x': {
      int a = hex_val(peek(lx, 1)), b = a >= 0 ? hex_val(peek(lx, 2)) : -1;
      if (a < 0 || b < 0) {
        if (tmpl) { *bad = "invalid hexadecimal escape"; return true; }
        lex_error(lx, esc_start, "invalid hexadecimal escape sequence");
        return false;
      }
      lx->pos += 3;
      return put1(lx, (uint32_t)(a * 16 + b)) || (oom(lx), false);
    }
    case 'u': {
      lx->pos--; /* read_unicode_escape expects the backslash */
      int32_t v = read_unicode_escape(lx);
      if (v < 0) {
        lx->pos++;
        if (tmpl) { *bad = "invalid Unicode escape"; return true; }
        lex_error(lx, esc_start, "invalid Unicode escape sequence");
        return false;
      }
      return put1(lx, (uint32_t)v) || (oom(lx), false);
    }
    case CH_EOF:
      return true; /* caller reports unterminated */
    default:
      break;
  }
  if (c >= '0' && c <= '9') {
    int next = peek(lx, 1);
    if (c == '0' && !(next >= '0' && next <= '9')) {
      lx->pos++;
      return put1(lx, 0) || (oom(lx), false);
    }
    if (tmpl) { *bad = "octal escape in template"; return true; }
    if (!lx->tok.octal_escape) lx->tok.octal_escape = esc_start + 1;
    if (c >= '8') {
      lx->pos++;
      return put1(lx, (uint32_t)c) || (oom(lx), false);
    }
    /* LegacyOctalEscapeSequence: up to 3 digits, value <= 0377 */
    uint32_t v = (uint32_t)(c - '0');
    lx->pos++;
    int d = peek(lx, 0);
    if (d >= '0' && d <= '7') {
      v = v * 8 + (uint32_t)(d - '0');
      lx->pos++;
      d = peek(lx, 0);
      if (c <= '3' && d >= '0' && d <= '7') {
        v = v * 8 + (uint32_t)(d - '0');
        lx->pos++;
      }
    }
    return put1(lx, v) || (oom(lx), false);
  }
  /* any other character escapes itself; LS/PS are line continuations */
  uint32_t n, u = decode_at(lx, lx->pos, &n);
  lx->pos += n;
  if (u == 0x2028 || u == 0x2029) {
    lx->line++;
    lx->line_start = lx->pos;
    return true;
  }
  return put1(lx, u) || (oom(lx), false);
}

static bool scan_string(Lexer *lx) {
  uint8_t q = lx->src[lx->pos];
  uint32_t start = lx->pos;
  lx->pos++;
  Token *t = &lx->tok;
  t->kind = TOK_STRING;
  t->octal_escape = 0;
  /* fast path: ASCII without escapes */
  uint32_t p = lx->pos;
  while (p < lx->len && lx->src[p] != q && lx->src[p] != '\\' &&
         lx->src[p] != '\n' && lx->src[p] != '\r' && lx->src[p] < 0x80)
    p++;
  if (p < lx->len && lx->src[p] == q) {
    t->atom = atom_intern8(lx->atoms, lx->src + lx->pos, p - lx->pos);
    if (!t->atom) { oom(lx); return false; }
    lx->pos = p + 1;
    return true;
  }
  lx->buf_len = 0;
  for (;;) {
    int c = peek(lx, 0);
    if (c == CH_EOF || c == '\n' || c == '\r') {
      lex_error(lx, start, "unterminated string literal");
      return false;
    }
    if (c == q) { lx->pos++; break; }
    if (c == '\\') {
      uint32_t esc = lx->pos;
      lx->pos++;
      if (!read_escape(lx, false, NULL, esc)) return false;
      continue;
    }
    uint32_t n, u = decode_at(lx, lx->pos, &n);
    lx->pos += n;
    if (u == 0x2028 || u == 0x2029) { /* allowed in strings (ES2019) */ }
    if (!put1(lx, u)) { oom(lx); return false; }
  }
  t->atom = atom_intern16(lx->atoms, lx->buf, lx->buf_len);
  if (!t->atom) { oom(lx); return false; }
  return true;
}

/* Scans a template piece; pos is just after '`' or '}'. */
static bool scan_template(Lexer *lx, uint32_t start) {
  Token *t = &lx->tok;
  t->kind = TOK_TEMPLATE;
  t->template_error = NULL;
  t->octal_escape = 0;
  lx->buf_len = 0;
  lx->buf2_len = 0;
  const char *bad = NULL;
  for (;;) {
    int c = peek(lx, 0);
    if (c == CH_EOF) {
      lex_error(lx, start, "unterminated template literal");
      return false;
    }
    if (c == '`') { lx->pos++; t->template_tail = true; break; }
    if (c == '$' && peek(lx, 1) == '{') {
      lx->pos += 2;
      t->template_tail = false;
      break;
    }
    if (c == '\\') {
      uint32_t esc = lx->pos;
      lx->pos++;
      const char *b = NULL;
      if (!read_escape(lx, true, &b, esc)) return false;
      if (b && !bad) {
        bad = b;
        t->template_error_offset = esc;
      }
      /* raw: the source text of the escape, CR/CRLF -> LF */
      for (uint32_t p = esc; p < lx->pos;) {
        uint32_t n, u = decode_at(lx, p, &n);
        if (u == '\r') {
          if (p + 1 < lx->pos && lx->src[p + 1] == '\n') p++;
          u = '\n';
        }
        if (!put2(lx, u)) { oom(lx); return false; }
        p += n;
      }
      continue;
    }
    uint32_t n, u = decode_at(lx, lx->pos, &n);
    if (u == '\r') {
      lx->pos++;
      if (peek(lx, 0) == '\n') lx->pos++;
      lx->line++;
      lx->line_start = lx->pos;
      u = '\n';
    } else if (u == '\n' || u == 0x2028 || u == 0x2029) {
      lx->pos += n;
      lx->line++;
      lx->line_start = lx->pos;
    } else {
      lx->pos += n;
    }
    if (!put1(lx, u) || !put2(lx, u)) { oom(lx); return false; }
  }
  t->template_error = bad;
  if (bad) {
    t->atom = NULL;
  } else {
    t->atom = atom_intern16(lx->atoms, lx->buf, lx->buf_len);
    if (!t->atom) { oom(lx); return false; }
  }
  t->raw = atom_intern16(lx->atoms, lx->buf2, lx->buf2_len);
  if (!t->raw) { oom(lx); return false; }
  return true;
}

/* ---- punctuators ---- */

/* Scans a punctuator at pos; false if the byte starts none. */
static bool scan_punctuator(Lexer *lx, int c) {
  Token *t = &lx->tok;
  int c1 = peek(lx, 1), c2 = peek(lx, 2), c3 = peek(lx, 3);
  uint32_t n = 1;
  TokenKind k;
  switch (c) {
    case '{': k = TOK_LBRACE; break;
    case '}': k = TOK_RBRACE; break;
    case '(': k = TOK_LPAREN; break;
    case ')': k = TOK_RPAREN; break;
    case '[': k = TOK_LBRACKET; break;
    case ']': k = TOK_RBRACKET; break;
    case ';': k = TOK_SEMICOLON; break;
    case ',': k = TOK_COMMA; break;
    case ':': k = TOK_COLON; break;
    case '~': k = TOK_TILDE; break;
    case '.':
      if (c1 == '.' && c2 == '.') { k = TOK_ELLIPSIS; n = 3; }
      else k = TOK_DOT;
      break;
    case '<':
      if (c1 == '<') {
        if (c2 == '=') { k = TOK_SHL_ASSIGN; n = 3; } else { k = TOK_SHL; n = 2; }
      } else if (c1 == '=') { k = TOK_LE; n = 2; }
      else k = TOK_LT;
      break;
    case '>':
      if (c1 == '>') {
        if (c2 == '>') {
          if (c3 == '=') { k = TOK_SHR_ASSIGN; n = 4; } else { k = TOK_SHR; n = 3; }
        } else if (c2 == '=') { k = TOK_SAR_ASSIGN; n = 3; }
        else { k = TOK_SAR; n = 2; }
      } else if (c1 == '=') { k = TOK_GE; n = 2; }
      else k = TOK_GT;
      break;
    case '=':
      if (c1 == '=') {
        if (c2 == '=') { k = TOK_STRICT_EQ; n = 3; } else { k = TOK_EQ; n = 2; }
      } else if (c1 == '>') { k = TOK_ARROW; n = 2; }
      else k = TOK_ASSIGN;
      break;
    case '!':
      if (c1 == '=') {
        if (c2 == '=') { k = TOK_STRICT_NE; n = 3; } else { k = TOK_NE; n = 2; }
      } else k = TOK_BANG;
      break;
    case '+':
      if (c1 == '+') { k = TOK_INC; n = 2; }
      else if (c1 == '=') { k = TOK_PLUS_ASSIGN; n = 2; }
      else k = TOK_PLUS;
      break;
    case '-':
      if (c1 == '-') { k = TOK_DEC; n = 2; }
      else if (c1 == '=') { k = TOK_MINUS_ASSIGN; n = 2; }
      else k = TOK_MINUS;
      break;
    case '*':
      if (c1 == '*') {
        if (c2 == '=') { k = TOK_STAR_STAR_ASSIGN; n = 3; } else { k = TOK_STAR_STAR; n = 2; }
      } else if (c1 == '=') { k = TOK_STAR_ASSIGN; n = 2; }
      else k = TOK_STAR;
      break;
    case '%':
      if (c1 == '=') { k = TOK_PERCENT_ASSIGN; n = 2; } else k = TOK_PERCENT;
      break;
    case '&':
      if (c1 == '&') {
        if (c2 == '=') { k = TOK_AND_ASSIGN; n = 3; } else { k = TOK_AND; n = 2; }
      } else if (c1 == '=') { k = TOK_AMP_ASSIGN; n = 2; }
      else k = TOK_AMP;
      break;
    case '|':
      if (c1 == '|') {
        if (c2 == '=') { k = TOK_OR_ASSIGN; n = 3; } else { k = TOK_OR; n = 2; }
      } else if (c1 == '=') { k = TOK_PIPE_ASSIGN; n = 2; }
      else k = TOK_PIPE;
      break;
    case '^':
      if (c1 == '=') { k = TOK_CARET_ASSIGN; n = 2; } else k = TOK_CARET;
      break;
    case '?':
      if (c1 == '?') {
        if (c2 == '=') { k = TOK_COALESCE_ASSIGN; n = 3; } else { k = TOK_COALESCE; n = 2; }
      } else if (c1 == '.' && !(c2 >= '0' && c2 <= '9')) { k = TOK_QUESTION_DOT; n = 2; }
      else k = TOK_QUESTION;
      break;
    case '/':
      if (c1 == '=') { k = TOK_SLASH_ASSIGN; n = 2; } else k = TOK_SLASH;
      break;
    default:
      return false;
  }
  t->kind = (uint8_t)k;
  lx->pos += n;
  return true;
}

/* ---- the main scanner ---- */

/* Starts a token at pos: records position and the newline flag. */
static void begin_token(Lexer *lx) {
  Token *t = &lx->tok;
  t->start = lx->pos;
  t->line = lx->line;
  t->line_start = lx->line_start;
  t->nl_before = lx->nl_seen;
  t->escaped = false;
  t->atom = NULL;
  t->raw = NULL;
  t->octal_escape = 0;
  t->legacy_octal = false;
}

void lexer_next(Lexer *lx) {
  Token *t = &lx->tok;
  if (t->kind == TOK_ERROR && lx->err->kind != PARSE_ERROR_NONE) return;
  if (t->kind != TOK_EOF || lx->pos > 0) {
    lx->prev_end = t->end;
    lx->prev_line = t->line;
  }
  lx->nl_seen = false;
  if (!skip_space(lx)) return;
  lx->at_start = false;
  begin_token(lx);
  if (lx->pos >= lx->len) {
    t->kind = TOK_EOF;
    t->end = lx->pos;
    return;
  }
  int c = lx->src[lx->pos];
  if (c < 0x80 && ascii_id_class[c] == 1) {
    if (!scan_identifier_name(lx)) return;
    t->kind = TOK_IDENTIFIER;
    int16_t wk = t->atom->wk;
    if (wk >= WK_FIRST_KEYWORD && wk <= WK_LAST_KEYWORD && !t->escaped)
      t->kind = (uint8_t)TOK_FROM_WK(wk);
  } else if (c >= '0' && c <= '9') {
    if (!scan_number(lx)) return;
  } else if (c == '.' && peek(lx, 1) >= '0' && peek(lx, 1) <= '9') {
    if (!scan_number(lx)) return;
  } else if (c == '"' || c == '\'') {
    if (!scan_string(lx)) return;
  } else if (c == '`') {
    lx->pos++;
    if (!scan_template(lx, t->start)) return;
  } else if (c == '#') {
    lx->pos++;
    if (!at_id_start(lx)) {
      lex_error(lx, t->start, "invalid character '#'");
      return;
    }
    if (!scan_identifier_name(lx)) return;
    /* prepend '#' */
    Atom *a = t->atom;
    lx->buf_len = 0;
    if (!put1(lx, '#')) { oom(lx); return; }
    for (uint32_t i = 0; i < a->length; i++)
      if (!buf_push(&lx->buf, &lx->buf_len, &lx->buf_cap, a->chars[i])) { oom(lx); return; }
    t->atom = atom_intern16(lx->atoms, lx->buf, lx->buf_len);
    if (!t->atom) { oom(lx); return; }
    t->kind = TOK_PRIVATE_NAME;
  } else if (c == '\\' || c >= 0x80) {
    if (c == '\\' || at_id_start(lx)) {
      if (!scan_identifier_name(lx)) return;
      t->kind = TOK_IDENTIFIER;
      int16_t wk = t->atom->wk;
      if (wk >= WK_FIRST_KEYWORD && wk <= WK_LAST_KEYWORD && !t->escaped)
        t->kind = (uint8_t)TOK_FROM_WK(wk);
    } else {
      uint32_t n, u = decode_at(lx, lx->pos, &n);
      lex_error(lx, lx->pos, "invalid character U+%04X", u);
      return;
    }
  } else if (!scan_punctuator(lx, c)) {
    lex_error(lx, lx->pos, "invalid character '%c'", c >= 0x20 && c < 0x7F ? c : '?');
    return;
  }
  t->end = lx->pos;
}

void lexer_rescan_regexp(Lexer *lx) {
  Token *t = &lx->tok;
  uint32_t start = t->start;
  lx->pos = start + 1;
  lx->line = t->line;
  lx->line_start = t->line_start;
  bool in_class = false;
  lx->buf_len = 0;
  for (;;) {
    int c = peek(lx, 0);
    if (c == CH_EOF || c == '\n' || c == '\r') goto unterminated;
    uint32_t n, u = decode_at(lx, lx->pos, &n);
    if (u == 0x2028 || u == 0x2029) goto unterminated;
    if (c == '\\') {
      if (!put1(lx, '\\')) goto nomem;
      lx->pos++;
      c = peek(lx, 0);
      if (c == CH_EOF || c == '\n' || c == '\r') goto unterminated;
      u = decode_at(lx, lx->pos, &n);
      if (u == 0x2028 || u == 0x2029) goto unterminated;
    } else if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (c == '/' && !in_class) {
      break;
    }
    lx->pos += n;
    if (!put1(lx, u)) goto nomem;
  }
  lx->pos++; /* closing slash */
  t->atom = atom_intern16(lx->atoms, lx->buf, lx->buf_len);
  if (!t->atom) goto nomem;
  {
    uint32_t fstart = lx->pos, flags = 0;
    while (at_id_part(lx)) {
      int c = peek(lx, 0);
      uint32_t bit = 0;
      switch (c) {
#define RF_CASE(name, ch) case ch: bit = REGEXP_FLAG(name); break;
        REGEXP_FLAG_LIST(RF_CASE)
#undef RF_CASE
        default: break;
      }
      if (!bit || (flags & bit)) {
        lex_error(lx, lx->pos, "invalid regular expression flags");
        return;
      }
      flags |= bit;
      lx->pos++;
    }
    if ((flags & REGEXP_FLAG(UNICODE)) && (flags & REGEXP_FLAG(UNICODE_SETS))) {
      lex_error(lx, fstart, "invalid regular expression flags");
      return;
    }
    t->raw = atom_intern8(lx->atoms, lx->src + fstart, lx->pos - fstart);
    if (!t->raw) goto nomem;
    t->regexp_flags = flags;
  }
  t->kind = TOK_REGEXP;
  t->end = lx->pos;
  return;
unterminated:
  lex_error(lx, start, "unterminated regular expression literal");
  return;
nomem:
  oom(lx);
}

void lexer_rescan_template(Lexer *lx) {
  Token *t = &lx->tok;
  lx->pos = t->start + 1;
  lx->line = t->line;
  lx->line_start = t->line_start;
  if (!scan_template(lx, t->start)) return;
  t->end = lx->pos;
}

const char *lexer_token_name(TokenKind k) {
  static const char *const punct[] = {
#define TP(name, text) text,
      PUNCTUATOR_LIST(TP)
#undef TP
  };
  switch (k) {
    case TOK_EOF: return "end of input";
    case TOK_ERROR: return "error";
    case TOK_IDENTIFIER: return "identifier";
    case TOK_PRIVATE_NAME: return "private name";
    case TOK_NUMBER: return "number";
    case TOK_BIGINT: return "BigInt";
    case TOK_STRING: return "string";
    case TOK_TEMPLATE: return "template";
    case TOK_REGEXP: return "regular expression";
    default: break;
  }
  if (TOK_IS_KEYWORD(k)) {
    static const char *const kw[] = {
#define KWT(name, str) str,
        WELL_KNOWN_ATOM_LIST(KWT)
#undef KWT
    };
    return kw[WK_await + (k - TOK_KW_await)];
  }
  if (k >= TOK_LBRACE && k < TOK_COUNT) return punct[k - TOK_LBRACE];
  return "?";
}
