/*
 * ast.c - the AST's support code: the bump arena, the atom table (interned
 * UTF-16 names), names of kinds and operators, and an S-expression dumper.
 *
 * Invariants: the arena never frees single allocations; every atom lives in
 * the arena and appears once in the table (equal content -> same pointer);
 * atom hashes depend only on the UTF-16 content, so Latin-1 and UTF-16
 * interning of the same name agree.
 */
#include "parser/ast.h"

#include <stdlib.h>

/* ---- arena ---- */

struct ArenaChunk {
  ArenaChunk *next;
  size_t size;
  char data[];
};

#define ARENA_CHUNK_SIZE (64 * KB)

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

void *arena_alloc(Arena *a, size_t n) {
  n = ROUND_UP(n, 8);
  if (RD_UNLIKELY((size_t)(a->end - a->ptr) < n)) {
    size_t size = n > ARENA_CHUNK_SIZE / 4 ? n : ARENA_CHUNK_SIZE;
    if (n > SIZE_MAX / 2) return NULL;
    if (a->limit && a->total + size > a->limit) return NULL;
    ArenaChunk *c = malloc(sizeof(ArenaChunk) + size);
    if (!c) return NULL;
    c->size = size;
    a->total += size;
    if (size == ARENA_CHUNK_SIZE || !a->chunks) {
      c->next = a->chunks;
      a->chunks = c;
      a->ptr = c->data;
      a->end = c->data + size;
    } else {
      /* a big block: keep bumping in the current chunk afterwards */
      c->next = a->chunks->next;
      a->chunks->next = c;
      memset(c->data, 0, n);
      return c->data;
    }
  }
  void *p = a->ptr;
  a->ptr += n;
  memset(p, 0, n);
  return p;
}

void *arena_dup(Arena *a, const void *p, size_t n) {
  void *q = arena_alloc(a, n ? n : 1);
  if (q && n) memcpy(q, p, n);
  return q;
}

void arena_free(Arena *a) {
  ArenaChunk *c = a->chunks;
  while (c) {
    ArenaChunk *next = c->next;
    free(c);
    c = next;
  }
  memset(a, 0, sizeof *a);
}

/* ---- atoms ---- */

#define HASH_STEP(h, u) (((h) ^ (u)) * 16777619u)
#define HASH_INIT 2166136261u

static bool atom_table_grow(AtomTable *t) {
  uint32_t n = (t->mask + 1) * 2;
  Atom **b = calloc(n, sizeof(Atom *));
  if (!b) return false;
  for (uint32_t i = 0; i <= t->mask; i++) {
    Atom *a = t->buckets[i];
    while (a) {
      Atom *next = a->next;
      a->next = b[a->hash & (n - 1)];
      b[a->hash & (n - 1)] = a;
      a = next;
    }
  }
  free(t->buckets);
  t->buckets = b;
  t->mask = n - 1;
  return true;
}

/* Adds a new atom with hash h; chars8 or chars16 gives the content. */
static Atom *atom_add(AtomTable *t, uint32_t h, const uint8_t *chars8,
                      const uint16_t *chars16, uint32_t len) {
  if (t->count >= t->mask && !atom_table_grow(t)) return NULL;
  if (len > (UINT32_MAX - sizeof(Atom)) / 2) return NULL;
  Atom *a = arena_alloc(t->arena, sizeof(Atom) + 2 * (size_t)len);
  if (!a) return NULL;
  a->hash = h;
  a->length = len;
  a->wk = -1;
  bool one = true;
  for (uint32_t i = 0; i < len; i++) {
    uint16_t u = chars8 ? chars8[i] : chars16[i];
    a->chars[i] = u;
    if (u > 0xFF) one = false;
  }
  a->one_byte = one;
  a->next = t->buckets[h & t->mask];
  t->buckets[h & t->mask] = a;
  t->count++;
  return a;
}

Atom *atom_intern16(AtomTable *t, const uint16_t *chars, uint32_t len) {
  uint32_t h = HASH_INIT;
  for (uint32_t i = 0; i < len; i++) h = HASH_STEP(h, chars[i]);
  for (Atom *a = t->buckets[h & t->mask]; a; a = a->next)
    if (a->hash == h && a->length == len &&
        (len == 0 || memcmp(a->chars, chars, 2 * (size_t)len) == 0))
      return a;
  return atom_add(t, h, NULL, chars, len);
}

Atom *atom_intern8(AtomTable *t, const uint8_t *chars, uint32_t len) {
  uint32_t h = HASH_INIT;
  for (uint32_t i = 0; i < len; i++) h = HASH_STEP(h, chars[i]);
  for (Atom *a = t->buckets[h & t->mask]; a; a = a->next) {
    if (a->hash != h || a->length != len) continue;
    uint32_t i = 0;
    while (i < len && a->chars[i] == chars[i]) i++;
    if (i == len) return a;
  }
  return atom_add(t, h, chars, NULL, len);
}

static const char *const wk_text[WK_COUNT] = {
#define WK_TEXT(name, str) str,
    WELL_KNOWN_ATOM_LIST(WK_TEXT)
#undef WK_TEXT
};

bool atom_table_init(AtomTable *t, Arena *a) {
  memset(t, 0, sizeof *t);
  t->arena = a;
  t->mask = 255;
  t->buckets = calloc(t->mask + 1, sizeof(Atom *));
  if (!t->buckets) return false;
  for (int i = 0; i < WK_COUNT; i++) {
    Atom *at = atom_intern8(t, (const uint8_t *)wk_text[i],
                            (uint32_t)strlen(wk_text[i]));
    if (!at) return false;
    at->wk = (int16_t)i;
    t->wk[i] = at;
  }
  return true;
}

void atom_table_free(AtomTable *t) {
  free(t->buckets);
  t->buckets = NULL;
}

char *atom_to_utf8(const Atom *a, char *buf, size_t n) {
  size_t o = 0;
  if (n == 0) return buf;
  for (uint32_t i = 0; i < a->length; i++) {
    uint32_t c = a->chars[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < a->length &&
        a->chars[i + 1] >= 0xDC00 && a->chars[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (a->chars[i + 1] - 0xDC00);
      i++;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    char tmp[4];
    size_t k;
    if (c < 0x80) { tmp[0] = (char)c; k = 1; }
    else if (c < 0x800) { tmp[0] = (char)(0xC0 | (c >> 6)); tmp[1] = (char)(0x80 | (c & 0x3F)); k = 2; }
    else if (c < 0x10000) { tmp[0] = (char)(0xE0 | (c >> 12)); tmp[1] = (char)(0x80 | ((c >> 6) & 0x3F)); tmp[2] = (char)(0x80 | (c & 0x3F)); k = 3; }
    else { tmp[0] = (char)(0xF0 | (c >> 18)); tmp[1] = (char)(0x80 | ((c >> 12) & 0x3F)); tmp[2] = (char)(0x80 | ((c >> 6) & 0x3F)); tmp[3] = (char)(0x80 | (c & 0x3F)); k = 4; }
    if (o + k + 1 > n) break;
    memcpy(buf + o, tmp, k);
    o += k;
  }
  buf[o] = 0;
  return buf;
}

bool atom_equals_ascii(const Atom *a, const char *s) {
  size_t n = strlen(s);
  if (n != a->length) return false;
  for (size_t i = 0; i < n; i++)
    if (a->chars[i] != (uint8_t)s[i]) return false;
  return true;
}

/* ---- names ---- */

static const char *const kind_names[NODE_KIND_COUNT] = {
#define KN(name, type) #name,
    NODE_KIND_LIST(KN)
#undef KN
};

const char *ast_kind_name(NodeKind k) {
  return (unsigned)k < NODE_KIND_COUNT ? kind_names[k] : "?";
}

const char *ast_binary_op_text(BinaryOp op) {
  static const char *const t[] = {
#define BT(name, text, prec) text,
      BINARY_OP_LIST(BT)
#undef BT
  };
  return (unsigned)op < BINOP_COUNT ? t[op] : "?";
}

const char *ast_logical_op_text(LogicalOp op) {
  static const char *const t[] = {
#define LT(name, text) text,
      LOGICAL_OP_LIST(LT)
#undef LT
  };
  return (unsigned)op < LOGOP_COUNT ? t[op] : "?";
}

const char *ast_unary_op_text(UnaryOp op) {
  static const char *const t[] = {
#define UT(name, text) text,
      UNARY_OP_LIST(UT)
#undef UT
  };
  return (unsigned)op < UNOP_COUNT ? t[op] : "?";
}

const char *ast_assign_op_text(AssignOp op) {
  static const char *const t[] = {
#define AT(name, text) text,
      ASSIGN_OP_LIST(AT)
#undef AT
  };
  return (unsigned)op < ASSIGNOP_COUNT ? t[op] : "?";
}

void ast_free(Ast *ast) {
  if (!ast) return;
  atom_table_free(&ast->atoms);
  arena_free(&ast->arena);
  free(ast);
}
