/*
 * regexp.c - the regular-expression engine: a single-pass recursive-descent
 * parser of the pattern grammar (ECMA-262 22.2.1, with the Annex B.1.2
 * extensions in non-unicode mode) that emits backtracking bytecode, and the
 * matcher that runs it with an explicit backtrack stack.
 *
 * Program layout (int32 words):
 *
 *   +----------+-------+-------+------------------------------------+
 *   | ngroups  | nregs | flags | code: op, operands..., op, ...  MATCH |
 *   +----------+-------+-------+------------------------------------+
 *
 * Every jump operand is relative to the word holding it, so a block of code
 * may be moved as a whole (quantifiers wrap an atom by insertion; in a
 * lookbehind each term is moved before the previous ones, as backward
 * matching reads the terms right to left). "back" operands select backward
 * matching (the lookbehind direction). Registers: capture slots
 * 0..2*ngroups-1, then two per quantifier loop (iteration count, position at
 * iteration start); every write to one pushes an undo entry. A greedy
 * loop over one one-unit atom (non-unicode) is a STAR instruction instead:
 * it consumes at once and leaves one entry that gives back a unit at a time.
 * Named groups may repeat a name in different alternatives (a \k to such a
 * name is a BACKREF per group: only one of them can have matched).
 *
 * Invariant: the parser recurses at most RE_MAX_DEPTH deep (deeper patterns
 * are a SyntaxError); the matcher never recurses: its backtrack stack is
 * malloc'd, bounded (RE_TOO_COMPLEX beyond), and so is the number of steps.
 *
 * Case-insensitive matching canonicalizes with simple case folding (u, v) or
 * the toUppercase mapping of code units (otherwise); classes under i are
 * closed under that Canonicalize at compile time. Property escapes and the
 * v flag's class sets (ranges plus strings) are built at compile time from
 * the Unicode tables of unicode_props.h.
 */
#include "regexp/regexp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/unicode_id.h"
#include "regexp/unicode_props.h"

/* The opcodes: X(name, operand count); a CLASS is followed by its ranges. */
#define RE_OPCODE_LIST(X)                                                            \
  X(MATCH, 0)      /* success */                                                  \
  X(CHAR, 2)       /* c, back: one character (code point under u) equal to c */   \
  X(CHARI, 2)      /* c, back: canonicalized equal to c */                        \
  X(ANY, 2)        /* dotall, back: any character (but line terminators) */       \
  X(CLASS, 4)      /* negate, back, n, skip: n ranges (lo, hi) follow (closed  */  \
                   /* under Canonicalize at compile time when ignoreCase)     */  \
  X(BOL, 1)        /* multiline: ^ */                                             \
  X(EOL, 1)        /* multiline: $ */                                             \
  X(WORDB, 1)      /* negate | wide << 1: \b (\B); wide: u+i WordCharacters   */  \
  X(SAVE, 1)       /* slot: slot = position */                                    \
  X(JMP, 1)        /* off */                                                      \
  X(SPLIT, 2)      /* off1, off2: go to off1, on failure off2 */                  \
  X(REGZERO, 1)    /* r: r = 0 */                                                 \
  X(LOOP, 5)       /* cnt, min, max, greedy, exit: one more iteration or exit */  \
  X(LOOPBODY, 3)   /* pos, cap_from, cap_to: pos = position; clear captures */    \
  X(LOOPEND, 4)    /* cnt, pos, min, off(LOOP): empty check, cnt++ */             \
  X(BACKREF, 3)    /* group, back, icase */                                       \
  X(LOOK, 3)       /* negate, back(unused), end: lookaround body to end */        \
  X(LOOKEND, 0)    /* the body of the innermost lookaround matched */              \
  X(STAR, 3)       /* min, max, skip: greedy loop of the one-unit atom that follows */

enum {
#define X(name, n) OP_##name,
  RE_OPCODE_LIST(X)
#undef X
};

#define RE_MAX_DEPTH 1000
#define RE_STACK_LIMIT (1u << 23)     /* backtrack entries */
#define RE_STEP_LIMIT (1ull << 28)    /* instructions per exec */
#define NO_MAX 0x7FFFFFFF

/* --- character helpers ------------------------------------------------------------------ */
/* Canonicalize(ch) of 22.2.2.7.3: simple case folding under u/v, else the
 * toUppercase-based mapping of code units. */
static uint32_t canon(uint32_t c, bool unicode) {
  return unicode ? unicode_simple_fold(c) : unicode_canon_upper(c);
}

static bool is_line_term(uint32_t c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }
static bool is_word(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
static bool is_syntax_char(uint32_t c) { return c < 128 && strchr("^$\\.*+?()[]{}|/", (int)c) && c; }

/* Ranges of code points under construction. */
typedef struct Ranges {
  uint32_t (*r)[2];
  uint32_t n, cap;
} Ranges;

/* --- the compiler ----------------------------------------------------------------------- */
typedef struct Compiler {
  const uint16_t *src;
  uint32_t len, pos;
  bool unicode, icase, multiline, dotall;
  bool vmode;              /* v flag (UnicodeSets) */
  UnicodeProp prop;        /* the property of the last \p / \P parsed */
  Ranges fold_keys;        /* v mode, ignoreCase: the code points scf changes */
  bool named;              /* the pattern has named groups (\k is a backreference) */
  uint32_t total_groups;   /* found by the pre-scan */
  uint32_t ngroups;        /* groups opened so far (plus group 0) */
  uint32_t nloops;
  uint32_t depth;
  int32_t *code;
  uint32_t n, cap;
  uint16_t **names;
  uint32_t *name_len;
  uint32_t *name_pos;      /* per group: source position of its name (0: unnamed) */
  uint32_t (*path)[2];     /* (disjunction id, alternative index) of the enclosing disjunctions */
  uint32_t path_len, path_cap, next_disj;
  uint32_t (**gpath)[2];   /* per named group: a copy of path where it was defined */
  uint32_t *gpath_len;
  char *msg;
  size_t msgn;
  bool failed;
} Compiler;

static void fail(Compiler *c, const char *m) {
  if (!c->failed) snprintf(c->msg, c->msgn, "Invalid regular expression: %s", m);
  c->failed = true;
}
static void emit(Compiler *c, int32_t w) {
  if (c->n == c->cap) {
    uint32_t nc = c->cap ? c->cap * 2 : 64;
    int32_t *p = realloc(c->code, nc * sizeof *p);
    if (!p) {
      fail(c, "out of memory");
      c->n = 0;
      return;
    }
    c->code = p;
    c->cap = nc;
  }
  c->code[c->n++] = w;
}
/* Inserts k words of gap at position at (the code after it moves). */
static bool insert_gap(Compiler *c, uint32_t at, uint32_t k) {
  for (uint32_t i = 0; i < k; i++) emit(c, 0);
  if (c->failed) return false;
  memmove(c->code + at + k, c->code + at, (c->n - k - at) * sizeof(int32_t));
  return true;
}
/* Moves the block [mid, n) before [start, mid). */
static void rotate_back(Compiler *c, uint32_t start, uint32_t mid) {
  uint32_t k = c->n - mid;
  if (!k || mid == start) return;
  int32_t *tmp = malloc(k * sizeof(int32_t));
  if (!tmp) {
    fail(c, "out of memory");
    return;
  }
  memcpy(tmp, c->code + mid, k * sizeof(int32_t));
  memmove(c->code + start + k, c->code + start, (mid - start) * sizeof(int32_t));
  memcpy(c->code + start, tmp, k * sizeof(int32_t));
  free(tmp);
}

static int peekc(Compiler *c, uint32_t k) { return c->pos + k < c->len ? c->src[c->pos + k] : -1; }
static bool eat(Compiler *c, int ch) {
  if (peekc(c, 0) == ch) {
    c->pos++;
    return true;
  }
  return false;
}
/* The next source character (a code point under u). */
static uint32_t next_char(Compiler *c) {
  uint32_t ch = c->src[c->pos++];
  if (c->unicode && ch >= 0xD800 && ch <= 0xDBFF && c->pos < c->len && c->src[c->pos] >= 0xDC00 &&
      c->src[c->pos] <= 0xDFFF)
    ch = 0x10000 + ((ch - 0xD800) << 10) + (c->src[c->pos++] - 0xDC00);
  return ch;
}
static int hexval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}
/* Reads a decimal number (saturating); false if there is no digit. */
static bool read_decimal(Compiler *c, uint32_t *out) {
  if (peekc(c, 0) < '0' || peekc(c, 0) > '9') return false;
  uint64_t v = 0;
  while (peekc(c, 0) >= '0' && peekc(c, 0) <= '9') {
    v = v * 10 + (uint64_t)(c->src[c->pos++] - '0');
    if (v > NO_MAX) v = NO_MAX;
  }
  *out = (uint32_t)v;
  return true;
}
/* Reads n hex digits; -1 (position unchanged) if they are not there. */
static int32_t read_hex(Compiler *c, int n) {
  int32_t v = 0;
  for (int i = 0; i < n; i++) {
    int h = hexval(peekc(c, i));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  c->pos += (uint32_t)n;
  return v;
}
/* After "\u": the code point of a unicode escape (\uXXXX, a surrogate pair
 * of them under u, or \u{...} under u); -1 if malformed (position unchanged). */
static int32_t read_unicode_escape(Compiler *c, bool unicode) {
  uint32_t save = c->pos;
  if (unicode && peekc(c, 0) == '{') {
    c->pos++;
    uint32_t v = 0;
    int digits = 0;
    int h;
    while ((h = hexval(peekc(c, 0))) >= 0) {
      v = v * 16 + (uint32_t)h;
      if (v > 0x10FFFF) break;
      c->pos++;
      digits++;
    }
    if (!digits || v > 0x10FFFF || !eat(c, '}')) {
      c->pos = save;
      return -1;
    }
    return (int32_t)v;
  }
  int32_t v = read_hex(c, 4);
  if (v < 0) return -1;
  if (unicode && v >= 0xD800 && v <= 0xDBFF && peekc(c, 0) == '\\' && peekc(c, 1) == 'u') {
    uint32_t s2 = c->pos;
    c->pos += 2;
    int32_t lo = read_hex(c, 4);
    if (lo >= 0xDC00 && lo <= 0xDFFF) return 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
    c->pos = s2;
  }
  return v;
}

static void ranges_add(Compiler *c, Ranges *rs, uint32_t lo, uint32_t hi) {
  if (rs->n == rs->cap) {
    uint32_t nc = rs->cap ? rs->cap * 2 : 16;
    void *p = realloc(rs->r, nc * sizeof *rs->r);
    if (!p) {
      fail(c, "out of memory");
      return;
    }
    rs->r = p;
    rs->cap = nc;
  }
  rs->r[rs->n][0] = lo;
  rs->r[rs->n][1] = hi;
  rs->n++;
}
static int cmp_range(const void *a, const void *b) {
  uint32_t x = ((const uint32_t *)a)[0], y = ((const uint32_t *)b)[0];
  return x < y ? -1 : x > y;
}
/* Sorts and merges. */
static void ranges_normalize(Ranges *rs) {
  if (!rs->n) return;
  qsort(rs->r, rs->n, sizeof *rs->r, cmp_range);
  uint32_t k = 0;
  for (uint32_t i = 1; i < rs->n; i++) {
    if (rs->r[i][0] <= rs->r[k][1] + 1) {
      if (rs->r[i][1] > rs->r[k][1]) rs->r[k][1] = rs->r[i][1];
    } else {
      k++;
      rs->r[k][0] = rs->r[i][0];
      rs->r[k][1] = rs->r[i][1];
    }
  }
  rs->n = k + 1;
}
static const uint32_t space_ranges[][2] = {{9, 13}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680},
                                           {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F},
                                           {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
static const uint32_t digit_ranges[][2] = {{'0', '9'}};
static const uint32_t word_ranges[][2] = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};

/* Whether cp is in the first n ranges of rs (normalized). */
static bool ranges_has(const Ranges *rs, uint32_t n, uint32_t cp) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (cp < rs->r[mid][0]) hi = mid;
    else if (cp > rs->r[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}
/* out = the code points of [0, 0x10FFFF] not in a (normalized). */
static void ranges_invert(Compiler *c, const Ranges *a, Ranges *out) {
  uint32_t lo = 0;
  for (uint32_t i = 0; i < a->n; i++) {
    if (a->r[i][0] > lo) ranges_add(c, out, lo, a->r[i][0] - 1);
    lo = a->r[i][1] + 1;
  }
  if (lo <= 0x10FFFF) ranges_add(c, out, lo, 0x10FFFF);
}
/* out = a & b (both normalized). */
static void ranges_intersect(Compiler *c, const Ranges *a, const Ranges *b, Ranges *out) {
  for (uint32_t i = 0, j = 0; i < a->n && j < b->n;) {
    uint32_t lo = a->r[i][0] > b->r[j][0] ? a->r[i][0] : b->r[j][0];
    uint32_t hi = a->r[i][1] < b->r[j][1] ? a->r[i][1] : b->r[j][1];
    if (lo <= hi) ranges_add(c, out, lo, hi);
    if (a->r[i][1] < b->r[j][1]) i++;
    else j++;
  }
}
/* Replaces a (normalized) by a & b. */
static void ranges_and(Compiler *c, Ranges *a, const Ranges *b) {
  Ranges t = {0};
  ranges_intersect(c, a, b, &t);
  free(a->r);
  *a = t;
}
/* Replaces a (normalized) by its complement. */
static void ranges_not(Compiler *c, Ranges *a) {
  Ranges t = {0};
  ranges_invert(c, a, &t);
  free(a->r);
  *a = t;
}

typedef struct CaseCtx {
  Compiler *c;
  Ranges *rs;
  uint32_t n; /* the normalized prefix of rs searched */
} CaseCtx;
static void close_add_target(void *v, uint32_t x, uint32_t k) {
  CaseCtx *x_ = v;
  if (ranges_has(x_->rs, x_->n, x)) ranges_add(x_->c, x_->rs, k, k);
}
static void close_add_source(void *v, uint32_t x, uint32_t k) {
  CaseCtx *x_ = v;
  if (ranges_has(x_->rs, x_->n, k)) ranges_add(x_->c, x_->rs, x, x);
}
/* Closes rs under Canonicalize: adds every character whose Canonicalize is
 * that of a member (the map's targets are fixed points: two passes). */
static void ranges_close_case(Compiler *c, Ranges *rs) {
  ranges_normalize(rs);
  CaseCtx x = {c, rs, rs->n};
  unicode_case_pairs(c->unicode, close_add_target, &x);
  ranges_normalize(rs);
  x.n = rs->n;
  unicode_case_pairs(c->unicode, close_add_source, &x);
  ranges_normalize(rs);
}
static void add_key(void *v, uint32_t x, uint32_t k) {
  CaseCtx *x_ = v;
  (void)k;
  ranges_add(x_->c, x_->rs, x, x);
}
/* The code points scf changes (computed once per compilation). */
static const Ranges *fold_keys(Compiler *c) {
  if (!c->fold_keys.n) {
    CaseCtx x = {c, &c->fold_keys, 0};
    unicode_case_pairs(true, add_key, &x);
    ranges_normalize(&c->fold_keys);
  }
  return &c->fold_keys;
}
/* MaybeSimpleCaseFolding of v mode with ignoreCase: rs = {scf(x) : x in rs}. */
static void ranges_fold(Compiler *c, Ranges *rs) {
  if (!c->vmode || !c->icase) return;
  ranges_normalize(rs);
  CaseCtx x = {c, rs, rs->n};
  uint32_t n0 = rs->n;
  unicode_case_pairs(true, close_add_target, &x);
  /* the targets were appended after the prefix: drop the keys from the prefix */
  Ranges head = {0}, tail = {0}, notkeys = {0};
  for (uint32_t i = 0; i < n0; i++) ranges_add(c, &head, rs->r[i][0], rs->r[i][1]);
  for (uint32_t i = n0; i < rs->n; i++) ranges_add(c, &tail, rs->r[i][0], rs->r[i][1]);
  ranges_invert(c, fold_keys(c), &notkeys);
  rs->n = 0;
  ranges_intersect(c, &head, &notkeys, rs);
  for (uint32_t i = 0; i < tail.n; i++) ranges_add(c, rs, tail.r[i][0], tail.r[i][1]);
  ranges_normalize(rs);
  free(head.r);
  free(tail.r);
  free(notkeys.r);
}
/* CharacterComplement: AllCharacters less rs (AllCharacters of v mode with
 * ignoreCase is the code points scf does not change). */
static void ranges_complement(Compiler *c, Ranges *rs) {
  ranges_normalize(rs);
  ranges_not(c, rs);
  if (c->vmode && c->icase) {
    Ranges all = {0};
    ranges_invert(c, fold_keys(c), &all);
    ranges_and(c, rs, &all);
    free(all.r);
  }
}

static void add_range_cb(void *v, uint32_t lo, uint32_t hi) {
  CaseCtx *x = v;
  ranges_add(x->c, x->rs, lo, hi);
}

/* Adds the class escape kind (d D s S w W, p P: c->prop) to rs. */
static void add_class_escape(Compiler *c, Ranges *rs, int kind) {
  Ranges pos = {0};
  const uint32_t(*t)[2] = NULL;
  uint32_t n = 0;
  switch (kind | 0x20) {
    case 'd': t = digit_ranges; n = ARRAY_LEN(digit_ranges); break;
    case 's': t = space_ranges; n = ARRAY_LEN(space_ranges); break;
    case 'w': t = word_ranges; n = ARRAY_LEN(word_ranges); break;
    default: {
      CaseCtx x = {c, &pos, 0};
      unicode_prop_ranges(c->prop, add_range_cb, &x);
      break;
    }
  }
  for (uint32_t i = 0; i < n; i++) ranges_add(c, &pos, t[i][0], t[i][1]);
  if ((kind | 0x20) == 'w' && c->unicode && c->icase) { /* WordCharacters: + chars canonicalizing into it */
    ranges_add(c, &pos, 0x17F, 0x17F);
    ranges_add(c, &pos, 0x212A, 0x212A);
  }
  /* MaybeSimpleCaseFolding (v mode with ignoreCase): \p and \w, and \d and \s
   * too, where scf changes nothing */
  ranges_fold(c, &pos);
  if (kind < 'a') ranges_complement(c, &pos);
  for (uint32_t i = 0; i < pos.n; i++) ranges_add(c, rs, pos.r[i][0], pos.r[i][1]);
  free(pos.r);
}
static void emit_class(Compiler *c, Ranges *rs, bool negate, bool back) {
  if (c->icase) ranges_close_case(c, rs);
  else ranges_normalize(rs);
  emit(c, OP_CLASS);
  emit(c, negate ? 1 : 0);
  emit(c, back);
  emit(c, (int32_t)rs->n);
  emit(c, (int32_t)(rs->n * 2));
  for (uint32_t i = 0; i < rs->n; i++) {
    emit(c, (int32_t)rs->r[i][0]);
    emit(c, (int32_t)rs->r[i][1]);
  }
}
static void emit_char(Compiler *c, uint32_t ch, bool back) {
  if (c->icase) {
    emit(c, OP_CHARI);
    emit(c, (int32_t)canon(ch, c->unicode));
  } else {
    emit(c, OP_CHAR);
    emit(c, (int32_t)ch);
  }
  emit(c, back);
}

/* Parses a group name after "<" up to ">" into a malloc'd buffer. */
static uint16_t *parse_group_name(Compiler *c, uint32_t *out_len) {
  uint32_t cap = 16, n = 0;
  uint16_t *buf = malloc(cap * sizeof *buf);
  if (!buf) {
    fail(c, "out of memory");
    return NULL;
  }
  for (;;) {
    if (c->pos >= c->len) break;
    uint32_t ch;
    if (peekc(c, 0) == '\\') {
      c->pos++;
      if (!eat(c, 'u')) break;
      int32_t v = read_unicode_escape(c, true);
      if (v < 0) break;
      ch = (uint32_t)v;
    } else if (peekc(c, 0) == '>') {
      c->pos++;
      if (!n) break;
      *out_len = n;
      return buf;
    } else {
      uint32_t save_u = c->unicode;
      c->unicode = true;
      ch = next_char(c);
      c->unicode = save_u;
    }
    bool ok = ch == '$' || ch == '_' || (n == 0 ? unicode_is_id_start(ch)
                                                : unicode_is_id_continue(ch) || ch == 0x200C || ch == 0x200D);
    if (!ok || (ch >= 0xD800 && ch <= 0xDFFF)) break;
    if (n + 2 > cap) {
      cap *= 2;
      uint16_t *p = realloc(buf, cap * sizeof *buf);
      if (!p) break;
      buf = p;
    }
    if (ch > 0xFFFF) {
      buf[n++] = (uint16_t)(0xD800 + ((ch - 0x10000) >> 10));
      buf[n++] = (uint16_t)(0xDC00 + ((ch - 0x10000) & 0x3FF));
    } else {
      buf[n++] = (uint16_t)ch;
    }
  }
  free(buf);
  fail(c, "invalid capture group name");
  return NULL;
}

/* Pre-scan: counts capturing groups and notes named ones. */
static void prescan(Compiler *c) {
  bool in_class = false;
  for (uint32_t i = 0; i < c->len; i++) {
    uint16_t ch = c->src[i];
    if (ch == '\\') {
      i++;
    } else if (ch == '[') {
      in_class = true;
    } else if (ch == ']') {
      in_class = false;
    } else if (ch == '(' && !in_class) {
      if (i + 1 < c->len && c->src[i + 1] == '?') {
        if (i + 2 < c->len && c->src[i + 2] == '<' && i + 3 < c->len && c->src[i + 3] != '=' &&
            c->src[i + 3] != '!') {
          c->total_groups++;
          c->named = true;
          if ((c->total_groups & (c->total_groups - 1)) == 0 || c->total_groups < 8) {
            uint32_t *np = realloc(c->name_pos, (c->total_groups < 8 ? 8 : 2 * c->total_groups) * sizeof *np);
            if (!np) {
              fail(c, "out of memory");
              return;
            }
            c->name_pos = np;
          }
          c->name_pos[c->total_groups - 1] = i + 3;
        }
      } else {
        c->total_groups++;
        if ((c->total_groups & (c->total_groups - 1)) == 0 || c->total_groups < 8) {
          uint32_t *np = realloc(c->name_pos, (c->total_groups < 8 ? 8 : 2 * c->total_groups) * sizeof *np);
          if (!np) {
            fail(c, "out of memory");
            return;
          }
          c->name_pos = np;
        }
        c->name_pos[c->total_groups - 1] = 0;
      }
    }
  }
}

/* True if named groups a and b (paths of definition) can both participate
 * in a match, i.e. they are not in different alternatives of one disjunction. */
static bool can_both_participate(const uint32_t (*pa)[2], uint32_t na, const uint32_t (*pb)[2], uint32_t nb) {
  for (uint32_t i = 0; i < na && i < nb; i++) {
    if (pa[i][0] != pb[i][0]) return true;
    if (pa[i][1] != pb[i][1]) return false;
  }
  return true;
}

/* After "\\p" or "\\P": {Name=Value} or {NameOrValue} into c->prop (ECMA-262's
 * names and aliases only). Properties of strings need v mode and not \\P. */
static void parse_property(Compiler *c, bool negated) {
  char name[64], value[64];
  uint32_t nn = 0, nv = 0;
  bool has_value = false;
  if (!eat(c, '{')) {
    fail(c, "invalid property name");
    return;
  }
  for (;;) {
    int ch = peekc(c, 0);
    if (ch == '}') break;
    if (ch == '=' && !has_value) {
      has_value = true;
      c->pos++;
      continue;
    }
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
              (has_value && ch >= '0' && ch <= '9');
    char *buf = has_value ? value : name;
    uint32_t *n = has_value ? &nv : &nn;
    if (!ok || *n + 1 >= sizeof name) {
      fail(c, "invalid property name");
      return;
    }
    buf[(*n)++] = (char)ch;
    c->pos++;
  }
  c->pos++;
  name[nn] = 0;
  value[nv] = 0;
  if (!nn || (has_value && !nv) || !unicode_prop_lookup(name, has_value ? value : NULL, &c->prop)) {
    fail(c, "invalid property name");
    return;
  }
  if (c->prop.kind == UPROP_STRINGS && (!c->vmode || negated))
    fail(c, "invalid property name");
}

/* ClassAtom inside [...]: a character (>= 0) or -kind for a class escape. */
static int64_t parse_class_atom(Compiler *c) {
  uint32_t ch = next_char(c);
  if (ch != '\\') return ch;
  if (c->pos >= c->len) {
    fail(c, "\\ at end of pattern");
    return 0;
  }
  int e = peekc(c, 0);
  if (strchr("dDsSwW", e) && e) {
    c->pos++;
    return -e;
  }
  if (c->unicode && (e == 'p' || e == 'P')) {
    c->pos++;
    parse_property(c, e == 'P');
    return -e;
  }
  if (e == 'b') {
    c->pos++;
    return 8;
  }
  if (c->unicode && e == '-') {
    c->pos++;
    return '-';
  }
  if (!c->unicode && e == 'c') {
    int l = peekc(c, 1);
    if ((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z') || (l >= '0' && l <= '9') || l == '_') {
      c->pos += 2;
      return l % 32;
    }
    return '\\';
  }
  if (!c->unicode && e >= '0' && e <= '9') {
    if (e >= '8') {
      c->pos++;
      return e;
    }
    uint32_t v = 0;
    for (int k = 0; k < 3 && peekc(c, 0) >= '0' && peekc(c, 0) <= '7'; k++) {
      uint32_t nv = v * 8 + (uint32_t)(peekc(c, 0) - '0');
      if (nv > 0377) break;
      v = nv;
      c->pos++;
    }
    return v;
  }
  // Shared character escapes.
  c->pos++;
  switch (e) {
    case 't': return 9;
    case 'n': return 10;
    case 'v': return 11;
    case 'f': return 12;
    case 'r': return 13;
    case '0':
      if (peekc(c, 0) >= '0' && peekc(c, 0) <= '9') {
        fail(c, "invalid decimal escape");
        return 0;
      }
      return 0;
    case 'c': {
      int l = peekc(c, 0);
      if ((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z')) {
        c->pos++;
        return l % 32;
      }
      fail(c, "invalid unicode escape");
      return 0;
    }
    case 'x': {
      int32_t v = read_hex(c, 2);
      if (v >= 0) return v;
      if (c->unicode) fail(c, "invalid escape");
      return 'x';
    }
    case 'u': {
      int32_t v = read_unicode_escape(c, c->unicode);
      if (v >= 0) return v;
      if (c->unicode) fail(c, "invalid unicode escape");
      return 'u';
    }
    default:
      if (c->unicode) {
        if (is_syntax_char((uint32_t)e)) return e;
        fail(c, "invalid escape");
        return 0;
      }
      c->pos--;
      return next_char(c);
  }
}

static void parse_class_v(Compiler *c, bool back);
static void parse_class(Compiler *c, bool back) {
  if (c->vmode) {
    parse_class_v(c, back);
    return;
  }
  bool negate = eat(c, '^');
  Ranges rs = {0};
  for (;;) {
    if (c->pos >= c->len) {
      fail(c, "unterminated character class");
      break;
    }
    if (eat(c, ']')) break;
    int64_t a = parse_class_atom(c);
    if (c->failed) break;
    if (peekc(c, 0) == '-' && peekc(c, 1) != ']' && peekc(c, 1) != -1) {
      c->pos++;
      int64_t b = parse_class_atom(c);
      if (c->failed) break;
      if (a < 0 || b < 0) {
        if (c->unicode) {
          fail(c, "invalid character class");
          break;
        }
        if (a < 0) add_class_escape(c, &rs, (int)-a);
        else ranges_add(c, &rs, (uint32_t)a, (uint32_t)a);
        ranges_add(c, &rs, '-', '-');
        if (b < 0) add_class_escape(c, &rs, (int)-b);
        else ranges_add(c, &rs, (uint32_t)b, (uint32_t)b);
        continue;
      }
      if (a > b) {
        fail(c, "range out of order in character class");
        break;
      }
      ranges_add(c, &rs, (uint32_t)a, (uint32_t)b);
      continue;
    }
    if (a < 0) add_class_escape(c, &rs, (int)-a);
    else ranges_add(c, &rs, (uint32_t)a, (uint32_t)a);
  }
  if (!c->failed) emit_class(c, &rs, negate, back);
  free(rs.r);
}

/* --- v mode (UnicodeSets): ClassSetExpression ------------------------------------------ */
/* A CharSet of v mode: code points, and strings of 0 or >= 2 code points
 * (each malloc'd, s[0] = length, then the code points). */
typedef struct CSet {
  Ranges r;
  uint32_t **s;
  uint32_t ns, scap;
} CSet;

static void cset_free(CSet *a) {
  for (uint32_t i = 0; i < a->ns; i++) free(a->s[i]);
  free(a->s);
  free(a->r.r);
  memset(a, 0, sizeof *a);
}
/* Adds the string cps[0..n) (one code point: to the ranges). */
static void cset_add_string(Compiler *c, CSet *a, const uint32_t *cps, uint32_t n) {
  if (n == 1) {
    ranges_add(c, &a->r, cps[0], cps[0]);
    return;
  }
  if (a->ns == a->scap) {
    uint32_t nc = a->scap ? 2 * a->scap : 8;
    void *p = realloc(a->s, nc * sizeof *a->s);
    if (!p) {
      fail(c, "out of memory");
      return;
    }
    a->s = p;
    a->scap = nc;
  }
  uint32_t *s = malloc((n + 1) * sizeof *s);
  if (!s) {
    fail(c, "out of memory");
    return;
  }
  s[0] = n;
  if (n) memcpy(s + 1, cps, n * sizeof *s);
  a->s[a->ns++] = s;
}
/* Longest first, then by code points. */
static int cmp_string(const void *pa, const void *pb) {
  const uint32_t *a = *(const uint32_t *const *)pa, *b = *(const uint32_t *const *)pb;
  if (a[0] != b[0]) return a[0] > b[0] ? -1 : 1;
  for (uint32_t i = 1; i <= a[0]; i++)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
/* Sorts and merges the ranges, sorts and deduplicates the strings. */
static void cset_normalize(CSet *a) {
  ranges_normalize(&a->r);
  if (!a->ns) return;
  qsort(a->s, a->ns, sizeof *a->s, cmp_string);
  uint32_t k = 1;
  for (uint32_t i = 1; i < a->ns; i++) {
    if (!cmp_string(&a->s[i], &a->s[k - 1])) free(a->s[i]);
    else a->s[k++] = a->s[i];
  }
  a->ns = k;
}
static bool cset_has_string(const CSet *a, const uint32_t *s) {
  return a->ns && bsearch(&s, a->s, a->ns, sizeof *a->s, cmp_string) != NULL;
}
/* a |= b (b is emptied). */
static void cset_union(Compiler *c, CSet *a, CSet *b) {
  for (uint32_t i = 0; i < b->r.n; i++) ranges_add(c, &a->r, b->r.r[i][0], b->r.r[i][1]);
  for (uint32_t i = 0; i < b->ns; i++) cset_add_string(c, a, b->s[i] + 1, b->s[i][0]);
  cset_free(b);
}
/* a &= b (intersect) or a -= b; both normalized. */
static void cset_combine(Compiler *c, CSet *a, CSet *b, bool subtract) {
  if (subtract) {
    Ranges nb = {0};
    ranges_invert(c, &b->r, &nb);
    ranges_and(c, &a->r, &nb);
    free(nb.r);
  } else {
    ranges_and(c, &a->r, &b->r);
  }
  uint32_t k = 0;
  for (uint32_t i = 0; i < a->ns; i++) {
    if (cset_has_string(b, a->s[i]) != subtract) a->s[k++] = a->s[i];
    else free(a->s[i]);
  }
  a->ns = k;
}
/* MaybeSimpleCaseFolding of a whole set (v mode with ignoreCase). */
static void cset_fold(Compiler *c, CSet *a) {
  if (!c->icase) return;
  ranges_fold(c, &a->r);
  for (uint32_t i = 0; i < a->ns; i++)
    for (uint32_t k = 1; k <= a->s[i][0]; k++) a->s[i][k] = unicode_simple_fold(a->s[i][k]);
}

/* A ClassSetCharacter (pos at it): its code point, or -1 after fail(). */
static int64_t parse_set_char(Compiler *c) {
  if (c->pos >= c->len) {
    fail(c, "unterminated character class");
    return -1;
  }
  int ch = peekc(c, 0);
  if (ch == peekc(c, 1) && ch < 128 && strchr("&!#$%*+,.:;<=>?@^`~", ch)) {
    fail(c, "invalid set operation in character class");
    return -1;
  }
  if (ch < 128 && strchr("()[]{}/-|", ch)) {
    fail(c, "invalid character in character class");
    return -1;
  }
  if (ch != '\\') return next_char(c);
  int e = peekc(c, 1);
  if (e >= 0 && e < 128 && strchr("&-!#%,:;<=>@`~", e)) {
    c->pos += 2;
    return e;
  }
  int64_t v = parse_class_atom(c);
  if (c->failed) return -1;
  if (v < 0) {
    fail(c, "invalid class escape");
    return -1;
  }
  return v;
}

/* \q{a|bc|} after "\q": its strings into out; *strings if one is not one code point. */
static void parse_class_strings(Compiler *c, CSet *out, bool *strings) {
  if (!eat(c, '{')) {
    fail(c, "invalid escape");
    return;
  }
  uint32_t *buf = NULL, n = 0, cap = 0;
  for (;;) {
    if (peekc(c, 0) == '|' || peekc(c, 0) == '}') {
      if (n != 1) *strings = true;
      cset_add_string(c, out, buf, n);
      n = 0;
      if (eat(c, '}')) break;
      c->pos++;
      continue;
    }
    int64_t ch = parse_set_char(c);
    if (ch < 0) break;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      uint32_t *p = realloc(buf, cap * sizeof *p);
      if (!p) {
        fail(c, "out of memory");
        break;
      }
      buf = p;
    }
    buf[n++] = (uint32_t)ch;
  }
  free(buf);
}

static void parse_set_contents(Compiler *c, CSet *out, bool *strings);

typedef struct PropCtx {
  Compiler *c;
  CSet *set;
} PropCtx;
static void add_prop_string(void *v, const uint32_t *cps, uint32_t n) {
  PropCtx *x = v;
  cset_add_string(x->c, x->set, cps, n);
}

/* A ClassSetOperand or the first character of a ClassSetRange: a nested
 * class, \q{...}, a class escape (then *ch = -1) or a character (*ch). */
static void parse_set_operand(Compiler *c, CSet *out, bool *strings, int64_t *ch) {
  *ch = -1;
  *strings = false;
  if (eat(c, '[')) {
    if (++c->depth > RE_MAX_DEPTH) {
      fail(c, "pattern too deeply nested");
      return;
    }
    bool negate = eat(c, '^');
    parse_set_contents(c, out, strings);
    c->depth--;
    if (c->failed) return;
    if (negate) {
      if (*strings) {
        fail(c, "negated character class may contain strings");
        return;
      }
      ranges_complement(c, &out->r);
    }
    return;
  }
  if (peekc(c, 0) == '\\' && peekc(c, 1) == 'q') {
    c->pos += 2;
    parse_class_strings(c, out, strings);
    cset_fold(c, out);
    return;
  }
  int e = peekc(c, 1);
  if (peekc(c, 0) == '\\' && e > 0 && e < 128 && strchr("dDsSwWpP", e)) {
    c->pos += 2;
    if (e == 'p' || e == 'P') {
      parse_property(c, e == 'P');
      if (c->failed) return;
      if (c->prop.kind == UPROP_STRINGS) {
        PropCtx x = {c, out};
        add_class_escape(c, &out->r, e);
        unicode_prop_strings(c->prop, add_prop_string, &x);
        *strings = true;
        cset_fold(c, out);
        return;
      }
    }
    add_class_escape(c, &out->r, e);
    return;
  }
  int64_t v = parse_set_char(c);
  if (v < 0) return;
  *ch = v;
  uint32_t f = c->icase ? unicode_simple_fold((uint32_t)v) : (uint32_t)v;
  ranges_add(c, &out->r, f, f);
}

/* ClassContents of v mode up to and including "]": a ClassUnion, a
 * ClassIntersection or a ClassSubtraction; *strings is MayContainStrings. */
static void parse_set_contents(Compiler *c, CSet *out, bool *strings) {
  *strings = false;
  if (eat(c, ']')) return;
  bool s1;
  int64_t ch;
  parse_set_operand(c, out, &s1, &ch);
  if (c->failed) return;
  bool inter = peekc(c, 0) == '&' && peekc(c, 1) == '&';
  bool sub = peekc(c, 0) == '-' && peekc(c, 1) == '-';
  *strings = s1;
  if (inter || sub) {
    cset_normalize(out);
    for (;;) {
      if (eat(c, ']')) return;
      if (!(peekc(c, 0) == (inter ? '&' : '-') && peekc(c, 1) == (inter ? '&' : '-'))) {
        fail(c, "invalid set operation in character class");
        return;
      }
      c->pos += 2;
      if (inter && peekc(c, 0) == '&') {
        fail(c, "invalid set operation in character class");
        return;
      }
      CSet b = {0};
      bool s2;
      parse_set_operand(c, &b, &s2, &ch);
      if (!c->failed) {
        cset_normalize(&b);
        cset_combine(c, out, &b, sub);
        if (inter) *strings = *strings && s2;
      }
      cset_free(&b);
      if (c->failed) return;
    }
  }
  /* a ClassUnion: operands and ranges */
  for (;;) {
    if (ch >= 0 && peekc(c, 0) == '-' && peekc(c, 1) != '-') {
      c->pos++;
      int64_t hi = parse_set_char(c);
      if (hi < 0) return;
      if (hi < ch) {
        fail(c, "range out of order in character class");
        return;
      }
      Ranges r = {0};
      ranges_add(c, &r, (uint32_t)ch, (uint32_t)hi);
      ranges_fold(c, &r);
      for (uint32_t i = 0; i < r.n; i++) ranges_add(c, &out->r, r.r[i][0], r.r[i][1]);
      free(r.r);
      if (c->failed) return;
    }
    if (eat(c, ']')) break;
    if ((peekc(c, 0) == '&' && peekc(c, 1) == '&') || (peekc(c, 0) == '-' && peekc(c, 1) == '-')) {
      fail(c, "invalid set operation in character class");
      return;
    }
    CSet b = {0};
    bool s2;
    parse_set_operand(c, &b, &s2, &ch);
    cset_union(c, out, &b);
    if (c->failed) return;
    *strings = *strings || s2;
  }
  cset_normalize(out);
}

/* Jumps to the end of an alternation, patched when it is complete. */
typedef struct JmpList {
  uint32_t *at;
  uint32_t n;
} JmpList;
/* Opens an alternative: "SPLIT here, next"; returns the SPLIT's position. */
static uint32_t alt_open(Compiler *c) {
  uint32_t at = c->n;
  emit(c, OP_SPLIT);
  emit(c, 2);
  emit(c, 0);
  return at;
}
/* Closes the alternative opened at at: "JMP end", and the SPLIT's next is here. */
static void alt_close(Compiler *c, uint32_t at, JmpList *j) {
  emit(c, OP_JMP);
  emit(c, 0);
  uint32_t *p = realloc(j->at, (j->n + 1) * sizeof *p);
  if (!p) {
    fail(c, "out of memory");
    return;
  }
  j->at = p;
  j->at[j->n++] = c->n - 1;
  if (!c->failed) c->code[at + 2] = (int32_t)c->n - (int32_t)(at + 2);
}
static void jumps_patch(Compiler *c, JmpList *j) {
  if (!c->failed)
    for (uint32_t i = 0; i < j->n; i++) c->code[j->at[i]] = (int32_t)c->n - (int32_t)j->at[i];
  free(j->at);
  j->at = NULL;
  j->n = 0;
}
/* The code point matched first: the first one, or the last one backward. */
static uint32_t key_of(const uint32_t *s, bool back) { return back ? s[s[0]] : s[1]; }
/* By the code point matched first (forward / backward), then longest first. */
static int cmp_by_key(const void *pa, const void *pb, bool back) {
  const uint32_t *a = *(const uint32_t *const *)pa, *b = *(const uint32_t *const *)pb;
  uint32_t ka = key_of(a, back), kb = key_of(b, back);
  if (ka != kb) return ka < kb ? -1 : 1;
  return cmp_string(pa, pb);
}
static int cmp_by_first(const void *pa, const void *pb) { return cmp_by_key(pa, pb, false); }
static int cmp_by_last(const void *pa, const void *pb) { return cmp_by_key(pa, pb, true); }

/* Emits a CharSet of v mode (22.2.2.7 CompileAtom): its strings longest
 * first, then the single characters, then the empty string if it is in the
 * set. Strings that start (in the matching direction) with different code
 * points never match at the same place, so they are grouped by that code
 * point; a lookahead on the possible first code points guards the whole. */
static void emit_cset(Compiler *c, CSet *a, bool back) {
  cset_normalize(a);
  bool empty = a->ns && !a->s[a->ns - 1][0]; /* sorted longest first */
  uint32_t nstr = a->ns - (empty ? 1 : 0);
  if (!nstr) {
    if (!empty) {
      emit_class(c, &a->r, false, back);
      return;
    }
  }
  qsort(a->s, nstr, sizeof *a->s, back ? cmp_by_last : cmp_by_first);
  Ranges keys = {0}, singles = {0};
  for (uint32_t i = 0; i < nstr; i++) ranges_add(c, &keys, key_of(a->s[i], back), key_of(a->s[i], back));
  ranges_normalize(&keys);
  Ranges nkeys = {0};
  ranges_invert(c, &keys, &nkeys);
  ranges_intersect(c, &a->r, &nkeys, &singles);
  free(nkeys.r);
  JmpList outer = {0};
  if (!empty && nstr) { /* guard: (?=[keys singles]) */
    Ranges g = {0};
    for (uint32_t i = 0; i < keys.n; i++) ranges_add(c, &g, keys.r[i][0], keys.r[i][1]);
    for (uint32_t i = 0; i < singles.n; i++) ranges_add(c, &g, singles.r[i][0], singles.r[i][1]);
    uint32_t at = c->n;
    emit(c, OP_LOOK);
    emit(c, 0);
    emit(c, back);
    emit(c, 0);
    emit_class(c, &g, false, back);
    emit(c, OP_LOOKEND);
    if (!c->failed) c->code[at + 3] = (int32_t)c->n - (int32_t)(at + 3);
    free(g.r);
  }
  for (uint32_t i = 0; i < nstr && !c->failed;) {
    uint32_t k = key_of(a->s[i], back), j = i;
    while (j < nstr && key_of(a->s[j], back) == k) j++;
    uint32_t at = alt_open(c);
    emit_char(c, k, back);
    bool single = ranges_has(&a->r, a->r.n, k);
    JmpList inner = {0};
    for (uint32_t m = i; m < j && !c->failed; m++) {
      const uint32_t *s = a->s[m];
      bool last = m + 1 == j && !single;
      uint32_t at2 = last ? 0 : alt_open(c);
      for (uint32_t q = 1; q < s[0]; q++) emit_char(c, s[back ? s[0] - q : q + 1], back);
      if (!last) alt_close(c, at2, &inner);
    }
    jumps_patch(c, &inner);
    alt_close(c, at, &outer);
    i = j;
  }
  if (empty) {
    uint32_t at = alt_open(c);
    emit_class(c, &singles, false, back);
    alt_close(c, at, &outer);
  } else {
    emit_class(c, &singles, false, back);
  }
  jumps_patch(c, &outer);
  free(keys.r);
  free(singles.r);
}

/* A CharacterClass of v mode, after "[". */
static void parse_class_v(Compiler *c, bool back) {
  bool negate = eat(c, '^');
  CSet a = {0};
  bool strings;
  parse_set_contents(c, &a, &strings);
  if (!c->failed && negate) {
    if (strings) fail(c, "negated character class may contain strings");
    else ranges_complement(c, &a.r);
  }
  if (!c->failed) emit_cset(c, &a, back);
  cset_free(&a);
}

static void parse_disjunction(Compiler *c, bool back);
static void parse_disjunction_body(Compiler *c, bool back, uint32_t level);

/* Emits a backreference to group g (1-based). */
static void emit_backref(Compiler *c, uint32_t g, bool back) {
  emit(c, OP_BACKREF);
  emit(c, (int32_t)g);
  emit(c, back);
  emit(c, c->icase);
}

/* Parses one escape atom after '\\' (outside classes). */
static void parse_atom_escape(Compiler *c, bool back) {
  if (c->pos >= c->len) {
    fail(c, "\\ at end of pattern");
    return;
  }
  int e = peekc(c, 0);
  if (e == 'b' || e == 'B') {
    c->pos++;
    emit(c, OP_WORDB);
    emit(c, (e == 'B') | (c->unicode && c->icase) << 1);
    return;
  }
  if (e >= '1' && e <= '9') {
    uint32_t save = c->pos, g;
    (void)read_decimal(c, &g);
    if (g <= c->total_groups) {
      emit_backref(c, g, back);
      return;
    }
    if (c->unicode) {
      fail(c, "invalid escape");
      return;
    }
    c->pos = save;
  }
  if (e == 'k' && (c->unicode || c->named)) {
    c->pos++;
    if (!eat(c, '<')) {
      fail(c, "invalid named reference");
      return;
    }
    uint32_t nl;
    uint16_t *name = parse_group_name(c, &nl);
    if (!name) return;
    /* every group of that name (duplicates are in different alternatives:
     * at most one participates, the others match the empty string) */
    bool found = false;
    for (uint32_t g = 1; g <= c->total_groups; g++) {
      if (!c->name_pos[g - 1]) continue;
      Compiler tmp = *c;
      tmp.pos = c->name_pos[g - 1];
      tmp.failed = false;
      uint32_t ol;
      uint16_t *other = parse_group_name(&tmp, &ol);
      if (other && ol == nl && !memcmp(other, name, nl * 2)) {
        emit_backref(c, g, back);
        found = true;
      }
      free(other);
    }
    if (!found) fail(c, "invalid named capture referenced");
    free(name);
    return;
  }
  if (c->unicode && e == '-') {
    fail(c, "invalid escape");
    return;
  }
  c->pos--; /* back to the backslash */
  int64_t a = parse_class_atom(c);
  if (c->failed) return;
  if (a == -'p' && c->prop.kind == UPROP_STRINGS) { /* v mode: a class of strings */
    CSet set = {0};
    PropCtx x = {c, &set};
    add_class_escape(c, &set.r, 'p');
    unicode_prop_strings(c->prop, add_prop_string, &x);
    cset_fold(c, &set);
    if (!c->failed) emit_cset(c, &set, back);
    cset_free(&set);
    return;
  }
  if (a < 0) {
    Ranges rs = {0};
    add_class_escape(c, &rs, (int)-a);
    bool save_i = c->icase;
    if (!c->failed) emit_class(c, &rs, false, back);
    c->icase = save_i;
    free(rs.r);
    return;
  }
  emit_char(c, (uint32_t)a, back);
}

/* Parses a quantifier if one follows (into min, max, greedy); false if none. */
static bool parse_quantifier(Compiler *c, uint32_t *min, uint32_t *max, bool *greedy) {
  int ch = peekc(c, 0);
  if (ch == '*') *min = 0, *max = NO_MAX;
  else if (ch == '+') *min = 1, *max = NO_MAX;
  else if (ch == '?') *min = 0, *max = 1;
  else if (ch == '{') {
    uint32_t save = c->pos;
    c->pos++;
    if (!read_decimal(c, min)) goto not_quant;
    *max = *min;
    if (eat(c, ',')) {
      if (!read_decimal(c, max)) *max = NO_MAX;
    }
    if (!eat(c, '}')) goto not_quant;
    if (*min > *max) {
      fail(c, "numbers out of order in {} quantifier");
      return false;
    }
    *greedy = !eat(c, '?');
    return true;
  not_quant:
    c->pos = save;
    if (c->unicode) fail(c, "incomplete quantifier");
    return false;
  } else {
    return false;
  }
  c->pos++;
  *greedy = !eat(c, '?');
  return true;
}

/* Wraps the code [start, n) (captures groups [g0, g1)) in a loop. */
static void wrap_quantifier(Compiler *c, uint32_t start, uint32_t min, uint32_t max, bool greedy,
                            uint32_t g0, uint32_t g1) {
  if (max == 0) {
    c->n = start;
    return;
  }
  if (min == 1 && max == 1) return;
  /* a greedy loop over one unit (non-unicode, forward): STAR, no registers */
  if (greedy && !c->unicode && g0 == g1) {
    int32_t op = c->code[start];
    uint32_t size = c->n - start;
    bool unit = ((op == OP_CHAR || op == OP_CHARI || op == OP_ANY) && size == 3 && c->code[start + 2] == 0) ||
                (op == OP_CLASS && size == 5 + (uint32_t)c->code[start + 4] && c->code[start + 2] == 0);
    if (op == OP_CHAR && c->code[start + 1] > 0xFFFF) unit = false;
    if (unit) {
      if (!insert_gap(c, start, 4)) return;
      c->code[start] = OP_STAR;
      c->code[start + 1] = (int32_t)min;
      c->code[start + 2] = (int32_t)max;
      c->code[start + 3] = (int32_t)size;
      return;
    }
  }
  uint32_t reg = c->nloops++;
  int32_t rc = (int32_t)(2 * c->total_groups + 2 + 2 * reg), rp = rc + 1;
  /* REGZERO rc; L: LOOP rc min max greedy exit; LOOPBODY rp g0 g1; body; LOOPEND rc rp min L; exit: */
  uint32_t pre = 2 + 6 + 4;
  if (!insert_gap(c, start, pre)) return;
  int32_t *w = c->code + start;
  w[0] = OP_REGZERO;
  w[1] = rc;
  uint32_t loop = start + 2;
  w[2] = OP_LOOP;
  w[3] = rc;
  w[4] = (int32_t)min;
  w[5] = (int32_t)max;
  w[6] = greedy;
  w[8] = OP_LOOPBODY;
  w[9] = rp;
  w[10] = (int32_t)(2 * g0);
  w[11] = (int32_t)(2 * g1);
  emit(c, OP_LOOPEND);
  emit(c, rc);
  emit(c, rp);
  emit(c, (int32_t)min);
  emit(c, (int32_t)loop - (int32_t)c->n);
  if (c->failed) return;
  c->code[loop + 5] = (int32_t)c->n - (int32_t)(loop + 5);
}

/* After "(?": the modifiers of (?ims-ims:Disjunction), then the disjunction
 * compiled with them (flags are a compile-time property of each instruction). */
static void parse_modifiers_group(Compiler *c, bool back) {
  bool on[3] = {false, false, false}, off[3] = {false, false, false};
  bool minus = false;
  for (;;) {
    int k = peekc(c, 0);
    int idx = k == 'i' ? 0 : k == 'm' ? 1 : k == 's' ? 2 : -1;
    if (idx >= 0) {
      bool *set = minus ? off : on;
      if (on[idx] || off[idx]) {
        fail(c, "repeated flag in modifiers");
        return;
      }
      set[idx] = true;
    } else if (k == '-' && !minus) {
      minus = true;
    } else if (k == ':') {
      c->pos++;
      break;
    } else {
      fail(c, "invalid group");
      return;
    }
    c->pos++;
  }
  if (minus && !off[0] && !off[1] && !off[2] && !on[0] && !on[1] && !on[2]) {
    fail(c, "invalid modifiers");
    return;
  }
  bool si = c->icase, sm = c->multiline, sd = c->dotall;
  if (on[0]) c->icase = true;
  if (off[0]) c->icase = false;
  if (on[1]) c->multiline = true;
  if (off[1]) c->multiline = false;
  if (on[2]) c->dotall = true;
  if (off[2]) c->dotall = false;
  parse_disjunction(c, back);
  c->icase = si;
  c->multiline = sm;
  c->dotall = sd;
}

/* Term: an assertion, or an atom with an optional quantifier. */
static void parse_term(Compiler *c, bool back) {
  uint32_t start = c->n;
  uint32_t g0 = c->ngroups;
  int ch = peekc(c, 0);
  bool quantifiable = true;
  switch (ch) {
    case '^':
      c->pos++;
      emit(c, OP_BOL);
      emit(c, c->multiline);
      return;
    case '$':
      c->pos++;
      emit(c, OP_EOL);
      emit(c, c->multiline);
      return;
    case '\\':
      c->pos++;
      if (peekc(c, 0) == 'b' || peekc(c, 0) == 'B') {
        parse_atom_escape(c, back);
        return;
      }
      parse_atom_escape(c, back);
      break;
    case '.':
      c->pos++;
      emit(c, OP_ANY);
      emit(c, c->dotall);
      emit(c, back);
      break;
    case '[':
      c->pos++;
      parse_class(c, back);
      break;
    case '(': {
      c->pos++;
      if (++c->depth > RE_MAX_DEPTH) {
        fail(c, "pattern too deeply nested");
        return;
      }
      if (eat(c, '?')) {
        int k = peekc(c, 0);
        if (k == ':') {
          c->pos++;
          parse_disjunction(c, back);
        } else if (k == '=' || k == '!' || (k == '<' && (peekc(c, 1) == '=' || peekc(c, 1) == '!'))) {
          bool behind = k == '<';
          if (behind) c->pos++;
          bool neg = peekc(c, 0) == '!';
          c->pos++;
          uint32_t at = c->n;
          emit(c, OP_LOOK);
          emit(c, neg);
          emit(c, behind);
          emit(c, 0);
          parse_disjunction(c, behind);
          emit(c, OP_LOOKEND);
          if (!c->failed) c->code[at + 3] = (int32_t)c->n - (int32_t)(at + 3);
          quantifiable = !behind && !c->unicode;
        } else if (k == '<') {
          c->pos++;
          uint32_t nl;
          uint16_t *name = parse_group_name(c, &nl);
          if (!name) return;
          if (c->ngroups > c->total_groups) {
            free(name);
            fail(c, "invalid group");
            return;
          }
          uint32_t g = c->ngroups++;
          c->gpath[g] = malloc((c->path_len + 1) * sizeof *c->gpath[g]);
          if (!c->gpath[g]) {
            free(name);
            fail(c, "out of memory");
            return;
          }
          if (c->path_len) memcpy(c->gpath[g], c->path, c->path_len * sizeof *c->path);
          c->gpath_len[g] = c->path_len;
          for (uint32_t i = 1; i < g; i++)
            if (c->names[i] && c->name_len[i] == nl && !memcmp(c->names[i], name, nl * 2) &&
                can_both_participate((const uint32_t(*)[2])c->gpath[i], c->gpath_len[i],
                                     (const uint32_t(*)[2])c->gpath[g], c->gpath_len[g])) {
              free(name);
              fail(c, "duplicate capture group name");
              return;
            }
          c->names[g] = name;
          c->name_len[g] = nl;
          emit(c, OP_SAVE);
          emit(c, (int32_t)(2 * g + back));
          parse_disjunction(c, back);
          emit(c, OP_SAVE);
          emit(c, (int32_t)(2 * g + !back));
        } else if (k == 'i' || k == 'm' || k == 's' || k == '-') {
          parse_modifiers_group(c, back);
          if (c->failed) return;
        } else {
          fail(c, "invalid group");
          return;
        }
      } else {
        if (c->ngroups > c->total_groups) {
          fail(c, "invalid group");
          return;
        }
        uint32_t g = c->ngroups++;
        emit(c, OP_SAVE);
        emit(c, (int32_t)(2 * g + back));
        parse_disjunction(c, back);
        emit(c, OP_SAVE);
        emit(c, (int32_t)(2 * g + !back));
      }
      c->depth--;
      if (!eat(c, ')')) {
        fail(c, "unterminated group");
        return;
      }
      break;
    }
    case '*': case '+': case '?':
      fail(c, "nothing to repeat");
      return;
    case '{':
      if (c->unicode) {
        fail(c, "lone quantifier brackets");
        return;
      } else {
        uint32_t mn, mx;
        bool gr;
        uint32_t save = c->pos;
        if (parse_quantifier(c, &mn, &mx, &gr)) {
          fail(c, "nothing to repeat");
          return;
        }
        c->pos = save + 1;
        emit_char(c, '{', back);
      }
      break;
    case ')':
      fail(c, "unmatched ')'");
      return;
    case ']': case '}':
      if (c->unicode) {
        fail(c, "lone quantifier brackets");
        return;
      }
      c->pos++;
      emit_char(c, (uint32_t)ch, back);
      break;
    default:
      emit_char(c, next_char(c), back);
      break;
  }
  if (c->failed) return;
  uint32_t min, max;
  bool greedy;
  if (parse_quantifier(c, &min, &max, &greedy)) {
    if (!quantifiable) {
      fail(c, "nothing to repeat");
      return;
    }
    wrap_quantifier(c, start, min, max, greedy, g0, c->ngroups);
  }
}

/* Alternative: terms up to | or ) or the end; in backward mode, each term
 * is moved before the previous ones. */
static void parse_alternative(Compiler *c, bool back) {
  uint32_t start = c->n;
  while (!c->failed && c->pos < c->len && peekc(c, 0) != '|' && peekc(c, 0) != ')') {
    uint32_t mid = c->n;
    parse_term(c, back);
    if (back && !c->failed) rotate_back(c, start, mid);
  }
}

/* Disjunction: each alternative but the last is "SPLIT +2 next; alt; JMP end". */
static void parse_disjunction(Compiler *c, bool back) {
  if (c->path_len == c->path_cap) {
    uint32_t nc = c->path_cap ? 2 * c->path_cap : 16;
    void *np = realloc(c->path, nc * sizeof *c->path);
    if (!np) {
      fail(c, "out of memory");
      return;
    }
    c->path = np;
    c->path_cap = nc;
  }
  uint32_t level = c->path_len++;
  c->path[level][0] = c->next_disj++;
  c->path[level][1] = 0;
  parse_disjunction_body(c, back, level);
  c->path_len = level;
}

static void parse_disjunction_body(Compiler *c, bool back, uint32_t level) {
  uint32_t alt = c->n;
  parse_alternative(c, back);
  if (c->failed || peekc(c, 0) != '|') return;
  uint32_t *jmps = NULL, nj = 0;
  while (!c->failed && eat(c, '|')) {
    c->path[level][1]++;
    if (!insert_gap(c, alt, 3)) break;
    c->code[alt] = OP_SPLIT;
    c->code[alt + 1] = 2;
    emit(c, OP_JMP);
    emit(c, 0);
    uint32_t *p = realloc(jmps, (nj + 1) * sizeof *p);
    if (!p) {
      fail(c, "out of memory");
      break;
    }
    jmps = p;
    jmps[nj++] = c->n - 1;
    if (c->failed) break;
    c->code[alt + 2] = (int32_t)c->n - (int32_t)(alt + 2);
    alt = c->n;
    parse_alternative(c, back);
  }
  if (!c->failed)
    for (uint32_t i = 0; i < nj; i++) c->code[jmps[i]] = (int32_t)c->n - (int32_t)jmps[i];
  free(jmps);
}

void regexp_program_free(RegexpProgram *p) {
  if (p->names)
    for (uint32_t i = 0; i < p->ngroups; i++) free(p->names[i]);
  free(p->names);
  free(p->name_len);
  free(p->words);
  memset(p, 0, sizeof *p);
}

bool regexp_compile(const uint16_t *pattern, uint32_t len, uint32_t flags, RegexpProgram *out,
                    char *msg, size_t msgn) {
  memset(out, 0, sizeof *out);
  Compiler c = {.src = pattern, .len = len, .msg = msg, .msgn = msgn};
  c.unicode = (flags & (RE_FLAG_UNICODE | RE_FLAG_UNICODE_SETS)) != 0;
  c.vmode = (flags & RE_FLAG_UNICODE_SETS) != 0;
  c.icase = (flags & RE_FLAG_IGNORE_CASE) != 0;
  c.multiline = (flags & RE_FLAG_MULTILINE) != 0;
  c.dotall = (flags & RE_FLAG_DOT_ALL) != 0;
  prescan(&c);
  c.ngroups = 1;
  c.names = calloc(c.total_groups + 1, sizeof *c.names);
  c.name_len = calloc(c.total_groups + 1, sizeof *c.name_len);
  c.gpath = calloc(c.total_groups + 1, sizeof *c.gpath);
  c.gpath_len = calloc(c.total_groups + 1, sizeof *c.gpath_len);
  if (!c.names || !c.name_len || !c.gpath || !c.gpath_len) fail(&c, "out of memory");
  emit(&c, 0);
  emit(&c, 0);
  emit(&c, (int32_t)flags);
  emit(&c, OP_SAVE);
  emit(&c, 0);
  if (!c.failed) parse_disjunction(&c, false);
  if (!c.failed && c.pos < c.len) fail(&c, peekc(&c, 0) == ')' ? "unmatched ')'" : "syntax error");
  emit(&c, OP_SAVE);
  emit(&c, 1);
  emit(&c, OP_MATCH);
  if (c.gpath)
    for (uint32_t i = 0; i <= c.total_groups; i++) free(c.gpath[i]);
  free(c.gpath);
  free(c.gpath_len);
  free(c.path);
  free(c.name_pos);
  free(c.fold_keys.r);
  if (c.failed) {
    if (c.names)
      for (uint32_t i = 0; i <= c.total_groups; i++) free(c.names[i]);
    free(c.names);
    free(c.name_len);
    free(c.code);
    return false;
  }
  c.code[RE_HDR_NGROUPS] = (int32_t)c.ngroups;
  c.code[RE_HDR_NREGS] = (int32_t)(2 * c.total_groups + 2 + 2 * c.nloops);
  out->words = c.code;
  out->nwords = c.n;
  out->ngroups = c.ngroups;
  out->names = c.names;
  out->name_len = c.name_len;
  return true;
}

bool regexp_validate(void *ctx, const uint16_t *pattern, uint32_t len, uint32_t flags, char *msg,
                     size_t msgn) {
  (void)ctx;
  RegexpProgram p;
  if (!regexp_compile(pattern, len, flags, &p, msg, msgn)) {
    const char *prefix = "Invalid regular expression: ";
    size_t k = strlen(prefix);
    if (!strncmp(msg, prefix, k)) memmove(msg, msg + k, strlen(msg + k) + 1);
    return false;
  }
  regexp_program_free(&p);
  return true;
}

/* --- the matcher ------------------------------------------------------------------------ */
enum { BT_BRANCH, BT_RESTORE, BT_LOOK, BT_STAR };
typedef struct BtEntry {
  int32_t kind, a, b, c;   /* BT_STAR: continuation pc, position, lowest position */
} BtEntry;

typedef struct Matcher {
  const uint8_t *s8;
  const uint16_t *s16;
  int32_t len;
  bool unicode;
  int32_t *regs;
  BtEntry *stack;
  uint32_t sp, cap;
} Matcher;

RD_INLINE uint32_t unit_at(const Matcher *m, int32_t i) { return m->s8 ? m->s8[i] : m->s16[i]; }
/* The character at pos going forward (back: ending at pos), its width in *w; -1 at the edge. */
RD_INLINE int32_t char_at(const Matcher *m, int32_t pos, bool back, int32_t *w) {
  *w = 1;
  if (back) {
    if (pos <= 0) return -1;
    uint32_t c = unit_at(m, pos - 1);
    if (m->unicode && c >= 0xDC00 && c <= 0xDFFF && pos >= 2) {
      uint32_t h = unit_at(m, pos - 2);
      if (h >= 0xD800 && h <= 0xDBFF) {
        *w = 2;
        return (int32_t)(0x10000 + ((h - 0xD800) << 10) + (c - 0xDC00));
      }
    }
    return (int32_t)c;
  }
  if (pos >= m->len) return -1;
  uint32_t c = unit_at(m, pos);
  if (m->unicode && c >= 0xD800 && c <= 0xDBFF && pos + 1 < m->len) {
    uint32_t l = unit_at(m, pos + 1);
    if (l >= 0xDC00 && l <= 0xDFFF) {
      *w = 2;
      return (int32_t)(0x10000 + ((c - 0xD800) << 10) + (l - 0xDC00));
    }
  }
  return (int32_t)c;
}

static bool push(Matcher *m, int32_t kind, int32_t a, int32_t b) {
  if (m->sp == m->cap) {
    if (m->cap >= RE_STACK_LIMIT) return false;
    uint32_t nc = m->cap ? m->cap * 2 : 256;
    BtEntry *p = realloc(m->stack, nc * sizeof *p);
    if (!p) return false;
    m->stack = p;
    m->cap = nc;
  }
  m->stack[m->sp++] = (BtEntry){kind, a, b, 0};
  return true;
}

static bool in_ranges(const int32_t *r, int32_t n, int32_t c) {
  int32_t lo = 0, hi = n;
  while (lo < hi) {
    int32_t mid = (lo + hi) / 2;
    if (c < r[2 * mid]) hi = mid;
    else if (c > r[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}
/* IsWordChar at i; wide: WordCharacters of u/v with ignoreCase (+ U+017F, U+212A). */
static bool word_at(const Matcher *m, int32_t i, bool wide) {
  if (i < 0 || i >= m->len) return false;
  uint32_t u = unit_at(m, i);
  return is_word(u) || (wide && (u == 0x17F || u == 0x212A));
}

/* Whether the one-unit forward atom at w (CHAR, CHARI, ANY, CLASS; no
 * surrogate pairs: non-unicode mode) matches the unit at pos < len. */
static bool unit_atom_matches(const Matcher *m, const int32_t *w, int32_t pos) {
  int32_t ch = (int32_t)unit_at(m, pos);
  switch (w[0]) {
    case OP_CHAR: return ch == w[1];
    case OP_CHARI: return (int32_t)canon((uint32_t)ch, false) == w[1];
    case OP_ANY: return w[1] || !is_line_term((uint32_t)ch);
    default: {
      return in_ranges(w + 5, w[3], ch) != (w[1] & 1);
    }
  }
}

/* One attempt at position start: RE_MATCH / RE_NO_MATCH / errors. */
static RegexpResult run(Matcher *m, const int32_t *words, int32_t start, uint64_t *steps) {
  const int32_t *code = words;
  int32_t nregs = words[RE_HDR_NREGS];
  for (int32_t i = 0; i < nregs; i++) m->regs[i] = -1;
  m->sp = 0;
  int32_t pc = RE_HDR_WORDS, pos = start;
  int32_t *regs = m->regs;
  bool icase_u = m->unicode;
#define SETREG(r, v)                                           \
  do {                                                         \
    if (!push(m, BT_RESTORE, (r), regs[(r)])) goto overflow;   \
    regs[(r)] = (v);                                           \
  } while (0)
  for (;;) {
    if (--*steps == 0) return RE_TOO_COMPLEX;
    const int32_t *w = code + pc;
    switch (w[0]) {
      case OP_MATCH:
        return RE_MATCH;
      case OP_CHAR: case OP_CHARI: {
        int32_t width, ch = char_at(m, pos, w[2], &width);
        if (ch < 0) goto fail;
        if (w[0] == OP_CHARI) ch = (int32_t)canon((uint32_t)ch, icase_u);
        if (ch != w[1]) goto fail;
        pos += w[2] ? -width : width;
        pc += 3;
        break;
      }
      case OP_ANY: {
        int32_t width, ch = char_at(m, pos, w[2], &width);
        if (ch < 0 || (!w[1] && is_line_term((uint32_t)ch))) goto fail;
        pos += w[2] ? -width : width;
        pc += 3;
        break;
      }
      case OP_CLASS: {
        int32_t width, ch = char_at(m, pos, w[2], &width);
        if (ch < 0) goto fail;
        if (in_ranges(w + 5, w[3], ch) == (w[1] & 1)) goto fail;
        pos += w[2] ? -width : width;
        pc += 5 + w[4];
        break;
      }
      case OP_BOL:
        if (pos != 0 && !(w[1] && is_line_term(unit_at(m, pos - 1)))) goto fail;
        pc += 2;
        break;
      case OP_EOL:
        if (pos != m->len && !(w[1] && is_line_term(unit_at(m, pos)))) goto fail;
        pc += 2;
        break;
      case OP_WORDB: {
        bool b = word_at(m, pos - 1, w[1] & 2) != word_at(m, pos, w[1] & 2);
        if (b == (bool)(w[1] & 1)) goto fail;
        pc += 2;
        break;
      }
      case OP_SAVE:
        SETREG(w[1], pos);
        pc += 2;
        break;
      case OP_JMP:
        pc += 1 + w[1];
        break;
      case OP_SPLIT:
        if (!push(m, BT_BRANCH, pc + 2 + w[2], pos)) goto overflow;
        pc += 1 + w[1];
        break;
      case OP_REGZERO:
        SETREG(w[1], 0);
        pc += 2;
        break;
      case OP_LOOP: {
        int32_t cnt = regs[w[1]];
        int32_t body = pc + 6, exit = pc + 5 + w[5];
        if (cnt < w[2]) {
          pc = body;
        } else if (cnt >= w[3]) {
          pc = exit;
        } else if (w[4]) {
          if (!push(m, BT_BRANCH, exit, pos)) goto overflow;
          pc = body;
        } else {
          if (!push(m, BT_BRANCH, body, pos)) goto overflow;
          pc = exit;
        }
        break;
      }
      case OP_LOOPBODY:
        SETREG(w[1], pos);
        for (int32_t r = w[2]; r < w[3]; r++)
          if (regs[r] != -1) SETREG(r, -1);
        pc += 4;
        break;
      case OP_LOOPEND: {
        int32_t cnt = regs[w[1]];
        if (pos == regs[w[2]] && cnt >= w[3]) goto fail;
        SETREG(w[1], cnt + 1);
        pc += 4 + w[4];
        break;
      }
      case OP_BACKREF: {
        int32_t s = regs[2 * w[1]], e = regs[2 * w[1] + 1];
        pc += 4;
        if (s < 0 || e < 0) break;
        int32_t n = e - s;
        if (w[2]) {
          if (pos - n < 0) goto fail;
        } else if (pos + n > m->len) {
          goto fail;
        }
        int32_t base = w[2] ? pos - n : pos;
        for (int32_t i = 0; i < n;) {
          int32_t wa = 1, wb = 1;
          uint32_t a = unit_at(m, s + i), b = unit_at(m, base + i);
          if (w[3] && icase_u) { /* compare code points (scf never leaves the BMP or enters it) */
            if (s + i + 1 < e) a = (uint32_t)char_at(m, s + i, false, &wa);
            if (base + i + 1 < base + n) b = (uint32_t)char_at(m, base + i, false, &wb);
          }
          if (wa != wb || (a != b && !(w[3] && canon(a, icase_u) == canon(b, icase_u)))) goto fail;
          i += wa;
        }
        pos = w[2] ? pos - n : pos + n;
        break;
      }
      case OP_LOOK:
        /* snapshot the captures (the body may set them), then the marker */
        for (int32_t r = 0; r < 2 * words[RE_HDR_NGROUPS]; r++)
          if (!push(m, BT_RESTORE, r, regs[r])) goto overflow;
        if (!push(m, BT_LOOK, pc, pos)) goto overflow;
        pc += 4;
        break;
      case OP_STAR: {
        int32_t p = pos, lim = (int64_t)pos + w[2] > m->len ? m->len : pos + w[2];
        while (p < lim && unit_atom_matches(m, w + 4, p)) p++;
        if (p - pos < w[1]) goto fail;
        int32_t next = pc + 4 + w[3];
        if (p - pos > w[1]) {
          if (!push(m, BT_STAR, next, p)) goto overflow;
          m->stack[m->sp - 1].c = pos + w[1];
        }
        pos = p;
        pc = next;
        break;
      }
      case OP_LOOKEND: {
        /* the innermost marker is ours: drop the body's alternatives */
        while (m->sp > 0 && m->stack[m->sp - 1].kind != BT_LOOK) {
          BtEntry *e = &m->stack[--m->sp];
          (void)e;
        }
        BtEntry mk = m->stack[--m->sp];
        const int32_t *lw = code + mk.a;
        if (lw[1]) goto fail; /* negative: the body matched */
        pos = mk.b;
        pc = mk.a + 3 + lw[3];
        break;
      }
      default:
        return RE_NO_MATCH;
    }
    continue;
  fail:
    for (;;) {
      if (m->sp == 0) return RE_NO_MATCH;
      BtEntry e = m->stack[--m->sp];
      if (e.kind == BT_RESTORE) {
        regs[e.a] = e.b;
      } else if (e.kind == BT_BRANCH) {
        pc = e.a;
        pos = e.b;
        break;
      } else if (e.kind == BT_STAR) { /* give back one unit */
        pc = e.a;
        pos = e.b - 1;
        if (pos > e.c) {
          m->sp++;
          m->stack[m->sp - 1].b = pos;
        }
        break;
      } else {
        const int32_t *lw = code + e.a;
        if (lw[1]) { /* negative lookaround: the body failed, so it succeeds */
          pos = e.b;
          pc = e.a + 3 + lw[3];
          break;
        }
      }
    }
  }
overflow:
  return RE_TOO_COMPLEX;
#undef SETREG
}

RegexpResult regexp_exec(const int32_t *words, const void *chars, bool two_byte, uint32_t len,
                         uint32_t start, bool sticky, int32_t *caps) {
  Matcher m = {0};
  if (two_byte) m.s16 = chars;
  else m.s8 = chars;
  m.len = (int32_t)len;
  m.unicode = (words[RE_HDR_FLAGS] & (RE_FLAG_UNICODE | RE_FLAG_UNICODE_SETS)) != 0;
  m.regs = malloc((size_t)(words[RE_HDR_NREGS] + 1) * sizeof(int32_t));
  if (!m.regs) return RE_NO_MEMORY;
  uint64_t steps = RE_STEP_LIMIT;
  RegexpResult r = RE_NO_MATCH;
  for (uint32_t pos = start; pos <= len;) {
    r = run(&m, words, (int32_t)pos, &steps);
    if (r != RE_NO_MATCH || sticky) break;
    if (m.unicode && pos + 1 < len && unit_at(&m, (int32_t)pos) >= 0xD800 &&
        unit_at(&m, (int32_t)pos) <= 0xDBFF && unit_at(&m, (int32_t)pos + 1) >= 0xDC00 &&
        unit_at(&m, (int32_t)pos + 1) <= 0xDFFF)
      pos += 2;
    else
      pos++;
  }
  if (r == RE_MATCH) memcpy(caps, m.regs, 2 * (size_t)words[RE_HDR_NGROUPS] * sizeof(int32_t));
  free(m.regs);
  free(m.stack);
  return r;
}
