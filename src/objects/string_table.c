/*
 * string_table.c - internalization: the string table of internalized strings,
 * an open-addressing hash set over malloc'd slots that the full GC treats as
 * weak (string_table_process_weak).
 *
 * Invariants: every entry is a sequential internalized string with its hash
 * cached, allocated in old (or large-object) space and so never young - the
 * scavenger does not visit the table; no two entries have equal content; a
 * slot is VALUE_EMPTY (never used), VALUE_NULL (deleted) or an entry; the
 * capacity is a power of two and count + deleted stays at most half of it, so
 * every probe sequence (triangular: h, h+1, h+3, h+6, ... visits every slot)
 * ends at an empty slot. The slots are not a heap object: no write barrier.
 */
#include <stdio.h>
#include <stdlib.h>

#include "objects/string.h"

#define TABLE_MIN_CAPACITY 64

/* What is looked up: a string of any shape (str), or raw characters. */
typedef struct Key {
  rd_value str;                /* VALUE_EMPTY when chars is used */
  const void *chars;
  bool two_byte;
  uint32_t length, hash;
} Key;

static bool key_matches(rd_value entry, const Key *k) {
  const String *e = STRING(entry);
  if (e->hash != k->hash || e->length != k->length) return false;
  if (k->str) return string_equals(entry, k->str);
  StringSegment seg = string_flat_content(entry);
  if (seg.two_byte == k->two_byte)
    return memcmp(seg.chars, k->chars, (size_t)k->length * (k->two_byte ? 2 : 1)) == 0;
  const uint8_t *one = seg.two_byte ? k->chars : seg.chars;
  const uint16_t *two = seg.two_byte ? seg.chars : k->chars;
  for (uint32_t i = 0; i < k->length; i++)
    if (one[i] != two[i]) return false;
  return true;
}

/* The entry equal to k, or VALUE_EMPTY. */
static rd_value table_lookup(const StringTable *t, const Key *k) {
  uint32_t mask = t->capacity - 1, i = k->hash & mask;
  for (uint32_t step = 1;; step++) {
    rd_value v = t->slots[i];
    if (v == VALUE_EMPTY) return VALUE_EMPTY;
    if (v != VALUE_NULL && key_matches(v, k)) return v;
    i = (i + step) & mask;
  }
}

/* Puts v (not in the table) into the first free slot of its probe sequence. */
static void table_put(rd_value *slots, uint32_t capacity, rd_value v, uint32_t hash,
                      bool *reused_deleted) {
  uint32_t mask = capacity - 1, i = hash & mask;
  for (uint32_t step = 1; slots[i] != VALUE_EMPTY && slots[i] != VALUE_NULL; step++)
    i = (i + step) & mask;
  *reused_deleted = slots[i] == VALUE_NULL;
  slots[i] = v;
}

/* Rehashes into a table whose load after one more insertion is at most 1/4
 * (this grows, keeps or shrinks it, and drops deleted slots). */
static bool table_rehash(StringTable *t) {
  uint64_t cap = TABLE_MIN_CAPACITY;
  while (cap < ((uint64_t)t->count + 1) * 4) cap *= 2;
  if (cap > ((uint64_t)1 << 31)) return false;
  rd_value *slots = calloc((size_t)cap, sizeof *slots);   /* all VALUE_EMPTY */
  if (!slots) return false;
  bool reused;
  for (uint32_t i = 0; i < t->capacity; i++) {
    rd_value v = t->slots[i];
    if (v != VALUE_EMPTY && v != VALUE_NULL)
      table_put(slots, (uint32_t)cap, v, STRING(v)->hash, &reused);
  }
  free(t->slots);
  t->slots = slots;
  t->capacity = (uint32_t)cap;
  t->deleted = 0;
  return true;
}

/* Makes room for one insertion (rehashing at 50% load, deleted slots included). */
static bool table_ensure_room(StringTable *t) {
  if (((uint64_t)t->count + t->deleted + 1) * 2 <= t->capacity) return true;
  return table_rehash(t);
}

/* Inserts v after table_ensure_room succeeded (a GC since only removes entries). */
static void table_insert(StringTable *t, rd_value v) {
  bool reused;
  ASSERT(((uint64_t)t->count + t->deleted + 1) * 2 <= t->capacity, "no room in string table");
  table_put(t->slots, t->capacity, v, STRING(v)->hash, &reused);
  t->count++;
  if (reused) t->deleted--;
}

bool string_table_init(StringTable *t) {
  t->slots = calloc(TABLE_MIN_CAPACITY, sizeof *t->slots);
  t->capacity = t->slots ? TABLE_MIN_CAPACITY : 0;
  t->count = t->deleted = 0;
  return t->slots != NULL;
}

void string_table_free(StringTable *t) {
  free(t->slots);
  memset(t, 0, sizeof *t);
}

size_t string_table_process_weak(StringTable *t, WeakRetainer *w) {
  size_t cleared = 0;
  for (uint32_t i = 0; i < t->capacity; i++) {
    rd_value v = t->slots[i];
    if (v == VALUE_EMPTY || v == VALUE_NULL) continue;
    rd_value nv = w->retain(w, v);
    if (nv == VALUE_EMPTY) {
      t->slots[i] = VALUE_NULL;
      t->count--;
      t->deleted++;
      cleared++;
    } else {
      t->slots[i] = nv;   /* the hash is of the content: the slot stays right */
    }
  }
  return cleared;
}

/* A new internalized sequential string in old space, hash not yet set. */
static rd_value alloc_internalized(Runtime *rt, uint32_t len, bool two_byte) {
  if (len > STRING_MAX_LENGTH) return runtime_throw_range_error(rt, "Invalid string length");
  size_t size = seq_string_size_for(len, two_byte);
  HeapObject *o = runtime_allocate(rt, size, ALLOC_OLD,
                                   two_byte ? ROOT_SLOT(rt, internalized_two_byte_string_map)
                                            : ROOT_SLOT(rt, internalized_one_byte_string_map));
  if (!o) return VALUE_EMPTY;
  ASSERT(!heap_in_young(o), "internalized string allocated young");
  String *s = (String *)o;
  s->length = len;
  s->hash = 0;
  if (size > sizeof(String)) ((uint64_t *)o)[size / 8 - 1] = 0;   /* the padding */
  return value_from_ptr(o);
}

/* Internalizes raw characters that live outside the heap. */
static rd_value internalize_chars(Runtime *rt, const void *chars, bool two_byte, uint32_t len) {
  StringTable *t = &rt->string_table;
  if (len > STRING_MAX_LENGTH) return runtime_throw_range_error(rt, "Invalid string length");
  if (len == 0 && ROOT(rt, empty_string)) return ROOT(rt, empty_string);
  Key k = {VALUE_EMPTY, chars, two_byte, len,
           two_byte ? string_hash_two_byte(chars, len) : string_hash_one_byte(chars, len)};
  rd_value found = table_lookup(t, &k);
  if (found) return found;
  if (!table_ensure_room(t)) return runtime_throw_oom(rt);
  bool narrow = false;
  if (two_byte) {
    uint16_t acc = 0;
    for (uint32_t i = 0; i < len; i++) acc |= ((const uint16_t *)chars)[i];
    narrow = acc <= 0xFF;
  }
  rd_value s = alloc_internalized(rt, len, two_byte && !narrow);
  if (!s) return VALUE_EMPTY;
  if (!two_byte) {
    memcpy(SEQ_ONE_BYTE_STRING(s)->chars, chars, len);
  } else if (narrow) {
    for (uint32_t i = 0; i < len; i++)
      SEQ_ONE_BYTE_STRING(s)->chars[i] = (uint8_t)((const uint16_t *)chars)[i];
  } else {
    memcpy(SEQ_TWO_BYTE_STRING(s)->chars, chars, (size_t)len * 2);
  }
  STRING(s)->hash = k.hash;
  table_insert(t, s);
  return s;
}

rd_value string_internalize_one_byte(Runtime *rt, const uint8_t *chars, uint32_t len) {
  return internalize_chars(rt, chars, false, len);
}

rd_value string_internalize_two_byte(Runtime *rt, const uint16_t *chars, uint32_t len) {
  return internalize_chars(rt, chars, true, len);
}

rd_value string_internalize_cstr(Runtime *rt, const char *s) {
  size_t n = strlen(s);
  bool ascii = true;
  for (size_t i = 0; i < n && ascii; i++) ascii = (uint8_t)s[i] < 0x80;
  if (ascii) {
    if (n > STRING_MAX_LENGTH) return runtime_throw_range_error(rt, "Invalid string length");
    return internalize_chars(rt, s, false, (uint32_t)n);
  }
  HANDLE_SCOPE(rt);
  rd_value v = string_from_utf8(rt, s, n);
  if (!v) return VALUE_EMPTY;
  Handle h = handle_new(rt, v);
  return string_internalize(rt, h);
}

rd_value string_internalize(Runtime *rt, Handle s) {
  StringTable *t = &rt->string_table;
  rd_value v = *s;
  if (instance_type_is_internalized(value_instance_type(v))) return v;
  uint32_t len = string_length(v);
  if (len == 0 && ROOT(rt, empty_string)) return ROOT(rt, empty_string);
  HANDLE_SCOPE(rt);
  rd_value flat = string_flatten(rt, s);
  if (!flat) return VALUE_EMPTY;
  Handle hf = handle_new(rt, flat);
  Key k = {flat, NULL, false, len, string_hash(flat)};
  STRING(*s)->hash = k.hash;
  rd_value found = table_lookup(t, &k);
  if (found) return found;
  if (!table_ensure_room(t)) return runtime_throw_oom(rt);
  bool one = string_is_one_byte_content(flat);
  rd_value r = alloc_internalized(rt, len, !one);
  if (!r) return VALUE_EMPTY;
  string_copy_chars(r, 0, *hf, 0, len);
  STRING(r)->hash = k.hash;
  table_insert(t, r);
  return r;
}

bool string_table_verify(const StringTable *t) {
#define FAULT(...)                                    \
  do {                                                \
    fprintf(stderr, "string table: " __VA_ARGS__);    \
    fputc('\n', stderr);                              \
    return false;                                     \
  } while (0)
  if (t->capacity < TABLE_MIN_CAPACITY || (t->capacity & (t->capacity - 1)))
    FAULT("capacity %u is not a power of two >= %d", t->capacity, TABLE_MIN_CAPACITY);
  if (((uint64_t)t->count + t->deleted) * 2 > t->capacity)
    FAULT("load too high: %u live + %u deleted of %u", t->count, t->deleted, t->capacity);
  uint32_t live = 0, deleted = 0;
  for (uint32_t i = 0; i < t->capacity; i++) {
    rd_value v = t->slots[i];
    if (v == VALUE_EMPTY) continue;
    if (v == VALUE_NULL) {
      deleted++;
      continue;
    }
    live++;
    if (!value_is_ptr(v) || !instance_type_is_internalized(value_instance_type(v)))
      FAULT("slot %u holds %#llx, not an internalized string", i, (unsigned long long)v);
    if (value_in_young(v)) FAULT("slot %u holds a young string", i);
    uint32_t h = STRING(v)->hash;
    StringSegment seg = string_flat_content(v);
    uint32_t want = seg.two_byte ? string_hash_two_byte(seg.chars, seg.length)
                                 : string_hash_one_byte(seg.chars, seg.length);
    if (h != want) FAULT("slot %u: cached hash %#x, content hashes to %#x", i, h, want);
    Key k = {VALUE_EMPTY, seg.chars, seg.two_byte, seg.length, h};
    if (table_lookup(t, &k) != v) FAULT("slot %u: content is not unique or not reachable", i);
    /* Reachable: no empty slot before it on its probe sequence. */
    uint32_t mask = t->capacity - 1, j = h & mask;
    for (uint32_t step = 1; j != i; step++) {
      if (t->slots[j] == VALUE_EMPTY) FAULT("slot %u is not reachable by probing", i);
      if (step > t->capacity) FAULT("slot %u is not on its probe sequence", i);
      j = (j + step) & mask;
    }
  }
  if (live != t->count || deleted != t->deleted)
    FAULT("counts %u/%u, found %u live and %u deleted", t->count, t->deleted, live, deleted);
  return true;
#undef FAULT
}
