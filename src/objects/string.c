/*
 * string.c - JS strings: construction of sequential, cons and sliced strings,
 * flattening, and the queries that never allocate (character access,
 * hashing, equality, ordering), all built on one segment iterator.
 *
 * Invariants kept here: a sliced string's parent is sequential (a slice of a
 * slice points at the original parent, a slice of a cons at its flat copy);
 * a cons string has two non-empty parts until it is flattened, then first is
 * the flat content and second the empty string; cons trees are walked with
 * StringIter's explicit stack, never with C recursion, so depth is harmless.
 * UTF-8 and number conversions live in string_convert.c, the string table in
 * string_table.c.
 */
#include <stdlib.h>

#include "objects/string.h"

static const char kInvalidLength[] = "Invalid string length";

RD_INLINE bool type_is_seq_one_byte(InstanceType t) {
  return t == TYPE_ONE_BYTE_STRING || t == TYPE_INTERNALIZED_ONE_BYTE_STRING;
}
RD_INLINE bool type_is_seq_two_byte(InstanceType t) {
  return t == TYPE_TWO_BYTE_STRING || t == TYPE_INTERNALIZED_TWO_BYTE_STRING;
}
RD_INLINE bool type_is_seq(InstanceType t) {
  return type_is_seq_one_byte(t) || type_is_seq_two_byte(t);
}
RD_INLINE bool cons_is_flattened(rd_value s) {
  return string_length(CONS_STRING(s)->second) == 0;
}

/* --- hashing -------------------------------------------------------------------------------
 * A 64-bit state, per UTF-16 code unit c:   h = (h ^ c) * HASH_MUL;  h ^= h >> 32
 * (each step is a bijection of h, so two strings that differ in one place keep
 * different states), then h ^= length, the murmur3 64-bit finalizer, and the
 * low 32 bits; a result of 0 is replaced by HASH_NONZERO. The constants do not
 * depend on the runtime, so a hash can be computed without one.             */
#define HASH_INIT 0x243F6A8885A308D3ull
#define HASH_MUL 0x9E3779B97F4A7C15ull
#define HASH_NONZERO 0x2F0B3A49u

RD_INLINE uint64_t hash_step(uint64_t h, uint32_t c) {
  h = (h ^ c) * HASH_MUL;
  return h ^ (h >> 32);
}

static uint64_t hash_one_byte(uint64_t h, const uint8_t *c, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) h = hash_step(h, c[i]);
  return h;
}

static uint64_t hash_two_byte(uint64_t h, const uint16_t *c, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) h = hash_step(h, c[i]);
  return h;
}

static uint32_t hash_finish(uint64_t h, uint32_t len) {
  h ^= len;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  uint32_t r = (uint32_t)h;
  return r ? r : HASH_NONZERO;
}

uint32_t string_hash_one_byte(const uint8_t *c, uint32_t n) {
  return hash_finish(hash_one_byte(HASH_INIT, c, n), n);
}

uint32_t string_hash_two_byte(const uint16_t *c, uint32_t n) {
  return hash_finish(hash_two_byte(HASH_INIT, c, n), n);
}

/* --- the segment iterator ------------------------------------------------------------------ */
static uint32_t iter_stack_limit;   /* testing only; 0 = unlimited */

void string_iter_set_stack_limit_for_testing(uint32_t limit) { iter_stack_limit = limit; }

void string_iter_init(StringIter *it, rd_value s, uint32_t start, uint32_t end) {
  ASSERT(start <= end && end <= string_length(s), "string range out of bounds");
  it->root = s;
  it->pos = start;
  it->end = end;
  it->sp = 0;
  it->cap = STRING_ITER_INLINE;
  it->stack = it->inline_stack;
  it->started = false;
  it->redescend = false;
}

void string_iter_finish(StringIter *it) {
  if (it->stack != it->inline_stack) free(it->stack);
  it->stack = it->inline_stack;
  it->sp = 0;
}

/* Pushes a pending right part; when the stack cannot grow, switches the
 * iterator to finding every later piece from the root. */
static void iter_push(StringIter *it, rd_value v) {
  if (RD_UNLIKELY(iter_stack_limit && it->sp >= iter_stack_limit)) goto fail;
  if (it->sp == it->cap) {
    size_t ncap = (size_t)it->cap * 2;
    rd_value *ns;
    if (it->stack == it->inline_stack) {
      ns = malloc(ncap * sizeof *ns);
      if (ns) memcpy(ns, it->inline_stack, it->sp * sizeof *ns);
    } else {
      ns = realloc(it->stack, ncap * sizeof *ns);
    }
    if (!ns) goto fail;
    it->stack = ns;
    it->cap = (uint32_t)ncap;
  }
  it->stack[it->sp++] = v;
  return;
fail:
  it->redescend = true;
  it->sp = 0;
}

bool string_iter_next(StringIter *it, StringSegment *seg) {
  if (it->pos >= it->end) return false;
  rd_value node;
  uint32_t off;   /* character `off` of node is character it->pos of the root */
  if (!it->started || it->redescend || it->sp == 0) {
    ASSERT(!it->started || it->redescend, "string iterator lost its place");
    it->started = true;
    node = it->root;
    off = it->pos;
  } else {
    node = it->stack[--it->sp];
    off = 0;
  }
  for (;;) {
    InstanceType t = value_instance_type(node);
    if (t == TYPE_CONS_STRING) {
      ConsString *c = CONS_STRING(node);
      uint32_t fl = string_length(c->first);
      if (off < fl) {
        /* The right part starts at root position pos - off + fl. */
        if (!it->redescend && string_length(c->second) > 0 && it->pos - off + fl < it->end)
          iter_push(it, c->second);
        node = c->first;
      } else {
        off -= fl;
        node = c->second;
      }
      continue;
    }
    uint32_t avail = string_length(node) - off;
    if (t == TYPE_SLICED_STRING) {
      SlicedString *sl = SLICED_STRING(node);
      off += (uint32_t)value_to_int32(sl->offset);
      node = sl->parent;
      t = value_instance_type(node);
    }
    uint32_t n = MIN(avail, it->end - it->pos);
    ASSERT(n > 0, "empty string piece");
    if (type_is_seq_one_byte(t)) {
      seg->chars = SEQ_ONE_BYTE_STRING(node)->chars + off;
      seg->two_byte = false;
    } else {
      ASSERT(type_is_seq_two_byte(t), "not a string");
      seg->chars = SEQ_TWO_BYTE_STRING(node)->chars + off;
      seg->two_byte = true;
    }
    seg->length = n;
    it->pos += n;
    return true;
  }
}

/* --- queries -------------------------------------------------------------------------------- */
bool string_is_flat(rd_value s) {
  InstanceType t = value_instance_type(s);
  return type_is_seq(t) || t == TYPE_SLICED_STRING;
}

bool string_has_flat_content(rd_value s) {
  return value_instance_type(s) != TYPE_CONS_STRING || cons_is_flattened(s);
}

StringSegment string_flat_content(rd_value s) {
  uint32_t len = string_length(s), off = 0;
  StringSegment seg;
  for (;;) {
    InstanceType t = value_instance_type(s);
    if (t == TYPE_CONS_STRING) {
      ASSERT(cons_is_flattened(s), "string_flat_content of an unflattened cons string");
      s = CONS_STRING(s)->first;
    } else if (t == TYPE_SLICED_STRING) {
      off += (uint32_t)value_to_int32(SLICED_STRING(s)->offset);
      s = SLICED_STRING(s)->parent;
    } else if (type_is_seq_one_byte(t)) {
      seg.chars = SEQ_ONE_BYTE_STRING(s)->chars + off;
      seg.two_byte = false;
      break;
    } else {
      ASSERT(type_is_seq_two_byte(t), "not a string");
      seg.chars = SEQ_TWO_BYTE_STRING(s)->chars + off;
      seg.two_byte = true;
      break;
    }
  }
  seg.length = len;
  return seg;
}

uint16_t string_char_at(rd_value s, uint32_t i) {
  ASSERT(i < string_length(s), "string index out of range");
  for (;;) {
    InstanceType t = value_instance_type(s);
    if (type_is_seq_one_byte(t)) return SEQ_ONE_BYTE_STRING(s)->chars[i];
    if (type_is_seq_two_byte(t)) return SEQ_TWO_BYTE_STRING(s)->chars[i];
    if (t == TYPE_SLICED_STRING) {
      i += (uint32_t)value_to_int32(SLICED_STRING(s)->offset);
      s = SLICED_STRING(s)->parent;
    } else {
      ASSERT(t == TYPE_CONS_STRING, "not a string");
      ConsString *c = CONS_STRING(s);
      uint32_t fl = string_length(c->first);
      if (i < fl) {
        s = c->first;
      } else {
        i -= fl;
        s = c->second;
      }
    }
  }
}

void string_write_chars(rd_value s, uint32_t start, uint32_t n, uint16_t *dst) {
  StringIter it;
  StringSegment seg;
  string_iter_init(&it, s, start, start + n);
  while (string_iter_next(&it, &seg)) {
    if (seg.two_byte) {
      memcpy(dst, seg.chars, seg.length * 2);
    } else {
      const uint8_t *c = seg.chars;
      for (uint32_t i = 0; i < seg.length; i++) dst[i] = c[i];
    }
    dst += seg.length;
  }
  string_iter_finish(&it);
}

void string_copy_chars(rd_value dst, uint32_t dst_off, rd_value src, uint32_t start, uint32_t n) {
  InstanceType dt = value_instance_type(dst);
  ASSERT(type_is_seq(dt), "copy into a non-sequential string");
  ASSERT(dst_off + n <= string_length(dst), "copy past the end");
  if (type_is_seq_two_byte(dt)) {
    string_write_chars(src, start, n, SEQ_TWO_BYTE_STRING(dst)->chars + dst_off);
    return;
  }
  uint8_t *d = SEQ_ONE_BYTE_STRING(dst)->chars + dst_off;
  StringIter it;
  StringSegment seg;
  string_iter_init(&it, src, start, start + n);
  while (string_iter_next(&it, &seg)) {
    if (seg.two_byte) {
      const uint16_t *c = seg.chars;
      for (uint32_t i = 0; i < seg.length; i++) {
        ASSERT(c[i] <= 0xFF, "two-byte character copied into a one-byte string");
        d[i] = (uint8_t)c[i];
      }
    } else {
      memcpy(d, seg.chars, seg.length);
    }
    d += seg.length;
  }
  string_iter_finish(&it);
}

static bool two_byte_fits_one_byte(const uint16_t *c, uint32_t n) {
  uint16_t acc = 0;
  for (uint32_t i = 0; i < n; i++) acc |= c[i];
  return acc <= 0xFF;
}

/* True if characters [start, start+n) of s are all <= 0xFF. */
static bool range_is_one_byte_content(rd_value s, uint32_t start, uint32_t n) {
  StringIter it;
  StringSegment seg;
  bool ok = true;
  string_iter_init(&it, s, start, start + n);
  while (ok && string_iter_next(&it, &seg))
    if (seg.two_byte) ok = two_byte_fits_one_byte(seg.chars, seg.length);
  string_iter_finish(&it);
  return ok;
}

bool string_is_one_byte_content(rd_value s) {
  return range_is_one_byte_content(s, 0, string_length(s));
}

bool string_is_one_byte_representation(rd_value s) {
  for (;;) {
    InstanceType t = value_instance_type(s);
    if (type_is_seq_one_byte(t)) return true;
    if (type_is_seq_two_byte(t)) return false;
    if (t == TYPE_SLICED_STRING) {
      s = SLICED_STRING(s)->parent;
    } else if (cons_is_flattened(s)) {
      s = CONS_STRING(s)->first;
    } else {
      break;
    }
  }
  StringIter it;
  StringSegment seg;
  bool one = true;
  string_iter_init(&it, s, 0, string_length(s));
  while (one && string_iter_next(&it, &seg)) one = !seg.two_byte;
  string_iter_finish(&it);
  return one;
}

uint32_t string_hash(rd_value s) {
  String *str = STRING(s);
  if (str->hash) return str->hash;
  uint32_t h;
  if (value_instance_type(s) == TYPE_CONS_STRING && cons_is_flattened(s)) {
    h = string_hash(CONS_STRING(s)->first);
  } else {
    uint64_t st = HASH_INIT;
    StringIter it;
    StringSegment seg;
    string_iter_init(&it, s, 0, str->length);
    while (string_iter_next(&it, &seg))
      st = seg.two_byte ? hash_two_byte(st, seg.chars, seg.length)
                        : hash_one_byte(st, seg.chars, seg.length);
    string_iter_finish(&it);
    h = hash_finish(st, str->length);
  }
  str->hash = h;
  return h;
}

/* A position in a string being read piece by piece. */
typedef struct Cursor {
  StringIter it;
  StringSegment seg;
  uint32_t i;                  /* next unread index in seg */
} Cursor;

static void cursor_init(Cursor *c, rd_value s, uint32_t n) {
  string_iter_init(&c->it, s, 0, n);
  c->seg.length = 0;
  c->i = 0;
}

/* Makes sure unread characters are in c->seg; false at the end. */
static bool cursor_fill(Cursor *c) {
  if (c->i < c->seg.length) return true;
  c->i = 0;
  return string_iter_next(&c->it, &c->seg);
}

RD_INLINE uint16_t seg_at(const StringSegment *s, uint32_t i) {
  return s->two_byte ? ((const uint16_t *)s->chars)[i] : ((const uint8_t *)s->chars)[i];
}

/* Compares the first n characters of a and b (both at least n long):
 * the difference of the first unequal code units, or 0. */
static int compare_prefix(rd_value a, rd_value b, uint32_t n) {
  Cursor ca, cb;
  int r = 0;
  cursor_init(&ca, a, n);
  cursor_init(&cb, b, n);
  while (r == 0 && cursor_fill(&ca) && cursor_fill(&cb)) {
    uint32_t k = MIN(ca.seg.length - ca.i, cb.seg.length - cb.i);
    if (!ca.seg.two_byte && !cb.seg.two_byte) {
      const uint8_t *pa = (const uint8_t *)ca.seg.chars + ca.i;
      const uint8_t *pb = (const uint8_t *)cb.seg.chars + cb.i;
      if (memcmp(pa, pb, k) != 0)
        for (uint32_t j = 0; j < k && !r; j++) r = (int)pa[j] - (int)pb[j];
    } else if (ca.seg.two_byte && cb.seg.two_byte &&
               memcmp((const uint16_t *)ca.seg.chars + ca.i,
                      (const uint16_t *)cb.seg.chars + cb.i, (size_t)k * 2) == 0) {
      /* equal */
    } else {
      for (uint32_t j = 0; j < k && !r; j++)
        r = (int)seg_at(&ca.seg, ca.i + j) - (int)seg_at(&cb.seg, cb.i + j);
    }
    ca.i += k;
    cb.i += k;
  }
  string_iter_finish(&ca.it);
  string_iter_finish(&cb.it);
  return r;
}

bool string_equals(rd_value a, rd_value b) {
  if (a == b) return true;
  uint32_t n = string_length(a);
  if (n != string_length(b)) return false;
  if (instance_type_is_internalized(value_instance_type(a)) &&
      instance_type_is_internalized(value_instance_type(b)))
    return false;   /* unique by content */
  uint32_t ha = STRING(a)->hash, hb = STRING(b)->hash;
  if (ha && hb && ha != hb) return false;
  if (string_has_flat_content(a) && string_has_flat_content(b)) {   /* the common case: one memcmp */
    StringSegment x = string_flat_content(a), y = string_flat_content(b);
    if (x.two_byte == y.two_byte) return memcmp(x.chars, y.chars, (size_t)n << x.two_byte) == 0;
  }
  return compare_prefix(a, b, n) == 0;
}

bool string_equals_cstr(rd_value a, const char *ascii) {
  size_t n = strlen(ascii);
  if (n != string_length(a)) return false;
  const uint8_t *p = (const uint8_t *)ascii;
  StringIter it;
  StringSegment seg;
  bool eq = true;
  string_iter_init(&it, a, 0, (uint32_t)n);
  while (eq && string_iter_next(&it, &seg)) {
    if (!seg.two_byte) {
      eq = memcmp(seg.chars, p, seg.length) == 0;
    } else {
      for (uint32_t i = 0; i < seg.length && eq; i++)
        eq = ((const uint16_t *)seg.chars)[i] == p[i];
    }
    p += seg.length;
  }
  string_iter_finish(&it);
  return eq;
}

int string_compare(rd_value a, rd_value b) {
  if (a == b) return 0;
  uint32_t la = string_length(a), lb = string_length(b);
  int r = compare_prefix(a, b, MIN(la, lb));
  if (r == 0) r = la < lb ? -1 : la > lb;
  return r < 0 ? -1 : r > 0;
}

/* --- construction ------------------------------------------------------------------------ */
rd_value string_alloc(Runtime *rt, uint32_t len, bool two_byte, AllocSpace where) {
  if (len > STRING_MAX_LENGTH) return runtime_throw_range_error(rt, kInvalidLength);
  size_t size = seq_string_size_for(len, two_byte);
  HeapObject *o = runtime_allocate(
      rt, size, where,
      two_byte ? ROOT_SLOT(rt, two_byte_string_map) : ROOT_SLOT(rt, one_byte_string_map));
  if (!o) return VALUE_EMPTY;
  String *s = (String *)o;
  s->length = len;
  s->hash = 0;
  if (size > sizeof(String)) ((uint64_t *)o)[size / 8 - 1] = 0;   /* the padding */
  return value_from_ptr(o);
}

/* The empty-string root once the bootstrap made it; else a new empty string. */
static rd_value empty_string(Runtime *rt) {
  rd_value e = ROOT(rt, empty_string);
  return e ? e : string_alloc(rt, 0, false, ALLOC_OLD);
}

rd_value string_from_one_byte(Runtime *rt, const uint8_t *chars, uint32_t len) {
  if (len == 0) return empty_string(rt);
  rd_value s = string_alloc(rt, len, false, ALLOC_YOUNG);
  if (s) memcpy(SEQ_ONE_BYTE_STRING(s)->chars, chars, len);
  return s;
}

rd_value string_from_two_byte(Runtime *rt, const uint16_t *chars, uint32_t len) {
  if (len == 0) return empty_string(rt);
  bool one = two_byte_fits_one_byte(chars, len);
  rd_value s = string_alloc(rt, len, !one, ALLOC_YOUNG);
  if (!s) return VALUE_EMPTY;
  if (one) {
    uint8_t *d = SEQ_ONE_BYTE_STRING(s)->chars;
    for (uint32_t i = 0; i < len; i++) d[i] = (uint8_t)chars[i];
  } else {
    memcpy(SEQ_TWO_BYTE_STRING(s)->chars, chars, (size_t)len * 2);
  }
  return s;
}

/* A flattened cons stands for its first part. */
static rd_value unwrap_flattened(rd_value s) {
  if (value_instance_type(s) == TYPE_CONS_STRING && cons_is_flattened(s))
    return CONS_STRING(s)->first;
  return s;
}

rd_value string_concat(Runtime *rt, Handle a, Handle b) {
  uint32_t la = string_length(*a), lb = string_length(*b);
  if (la == 0) return *b;
  if (lb == 0) return *a;
  if ((uint64_t)la + lb > STRING_MAX_LENGTH) return runtime_throw_range_error(rt, kInvalidLength);
  uint32_t total = la + lb;
  if (total < CONS_STRING_MIN_LENGTH) {
    bool two = !string_is_one_byte_representation(*a) || !string_is_one_byte_representation(*b);
    rd_value r = string_alloc(rt, total, two, ALLOC_YOUNG);
    if (!r) return VALUE_EMPTY;
    string_copy_chars(r, 0, *a, 0, la);
    string_copy_chars(r, la, *b, 0, lb);
    return r;
  }
  HeapObject *o = runtime_allocate(rt, sizeof(ConsString), ALLOC_YOUNG,
                                   ROOT_SLOT(rt, cons_string_map));
  if (!o) return VALUE_EMPTY;
  /* ALLOC_YOUNG may still give old memory when new space is exhausted, so
   * even these initializing stores go through the write barrier. */
  ConsString *c = (ConsString *)o;
  c->s.length = total;
  c->s.hash = 0;
  HEAP_STORE(c, c->first, unwrap_flattened(*a));
  HEAP_STORE(c, c->second, unwrap_flattened(*b));
  return value_from_ptr(o);
}

rd_value string_flatten(Runtime *rt, Handle s) {
  rd_value v = *s;
  if (value_instance_type(v) != TYPE_CONS_STRING) return v;
  if (cons_is_flattened(v)) return CONS_STRING(v)->first;
  uint32_t len = string_length(v);
  bool two = !string_is_one_byte_representation(v);
  rd_value flat = string_alloc(rt, len, two, ALLOC_YOUNG);
  if (!flat) return VALUE_EMPTY;
  string_copy_chars(flat, 0, *s, 0, len);
  STRING(flat)->hash = STRING(*s)->hash;
  ConsString *c = CONS_STRING(*s);
  HEAP_STORE(c, c->first, flat);
  HEAP_STORE(c, c->second, ROOT(rt, empty_string));
  return flat;
}

rd_value string_substring(Runtime *rt, Handle s, uint32_t start, uint32_t end) {
  uint32_t len = string_length(*s);
  if (end > len) end = len;
  if (start > end) start = end;
  if (start == 0 && end == len) return *s;
  uint32_t n = end - start;
  if (n == 0) return empty_string(rt);
  HANDLE_SCOPE(rt);
  rd_value flat = string_flatten(rt, s);
  if (!flat) return VALUE_EMPTY;
  if (n == 1) {   /* one character: Latin-1 ones are shared */
    uint16_t c = string_char_at(flat, start);
    if (c < 256) return FIXED_ARRAY(ROOT(rt, single_character_strings))->data[c];
  }
  Handle hf = handle_new(rt, flat);
  if (n < SLICED_STRING_MIN_LENGTH) {
    bool one = range_is_one_byte_content(flat, start, n);
    rd_value r = string_alloc(rt, n, !one, ALLOC_YOUNG);
    if (!r) return VALUE_EMPTY;
    string_copy_chars(r, 0, *hf, start, n);
    return r;
  }
  HeapObject *o = runtime_allocate(rt, sizeof(SlicedString), ALLOC_YOUNG,
                                   ROOT_SLOT(rt, sliced_string_map));
  if (!o) return VALUE_EMPTY;
  rd_value parent = *hf;
  uint32_t offset = start;
  if (value_instance_type(parent) == TYPE_SLICED_STRING) {
    offset += (uint32_t)value_to_int32(SLICED_STRING(parent)->offset);
    parent = SLICED_STRING(parent)->parent;
  }
  ASSERT(type_is_seq(value_instance_type(parent)), "slice of a non-sequential string");
  SlicedString *sl = (SlicedString *)o;
  sl->s.length = n;
  sl->s.hash = 0;
  HEAP_STORE(sl, sl->parent, parent);   /* barrier: see string_concat */
  sl->offset = value_from_int32((int32_t)offset);
  return value_from_ptr(o);
}
