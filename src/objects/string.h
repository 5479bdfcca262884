/*
 * string.h - JS strings: sequential one-byte (Latin-1) and two-byte (UTF-16),
 * cons strings (ropes) flattened on demand, sliced strings sharing their
 * parent's characters, cached hashes, and the string table of internalized
 * strings (unique by content, allocated in old space, weak for the full GC).
 *
 * Invariants: a sliced string's parent is always sequential; a cons string
 * has two non-empty parts until it is flattened, after which its flat content
 * is in `first` and the empty string in `second`; a string is one-byte
 * whenever it was built from one-byte parts, but a two-byte string may also
 * hold only Latin-1 characters. Cons trees are walked with an explicit stack
 * (StringIter), never by C recursion, so any depth is safe.
 * Functions taking a Runtime* may allocate (see heap/handles.h); raw character
 * pointers passed to them must not point into the heap.
 *
 * Hash: a multiply-xorshift over the UTF-16 code units (so one- and two-byte
 * strings with equal content hash alike), finished with a 64-bit avalanche
 * and folded to 32 bits; 0 is never produced (0 = "not computed").
 */
#ifndef RONDO_OBJECTS_STRING_H
#define RONDO_OBJECTS_STRING_H

#include "runtime/runtime.h"

#define STRING_MAX_LENGTH (((uint32_t)1 << 30) - 25)
#define CONS_STRING_MIN_LENGTH 13    /* shorter concatenations copy */
#define SLICED_STRING_MIN_LENGTH 13  /* shorter substrings copy */

#define SEQ_ONE_BYTE_STRING(v) ((SeqOneByteString *)value_to_ptr(v))
#define SEQ_TWO_BYTE_STRING(v) ((SeqTwoByteString *)value_to_ptr(v))
#define CONS_STRING(v) ((ConsString *)value_to_ptr(v))
#define SLICED_STRING(v) ((SlicedString *)value_to_ptr(v))

/* --- construction (may allocate; VALUE_EMPTY + pending exception on failure) --- */
/* A sequential string of len uninitialized characters (a RangeError-like
 * exception when len > STRING_MAX_LENGTH). Always allocates, even for len 0. */
rd_value string_alloc(Runtime *rt, uint32_t len, bool two_byte, AllocSpace where) RD_MUST_CHECK;
/* Latin-1 characters; len 0 gives the empty-string root. */
rd_value string_from_one_byte(Runtime *rt, const uint8_t *chars, uint32_t len) RD_MUST_CHECK;
/* UTF-16 code units; the result is one-byte when every unit is <= 0xFF. */
rd_value string_from_two_byte(Runtime *rt, const uint16_t *chars, uint32_t len) RD_MUST_CHECK;
/* Decodes UTF-8 (an invalid sequence becomes U+FFFD); one-byte when it can be. */
rd_value string_from_utf8(Runtime *rt, const char *s, size_t len) RD_MUST_CHECK;
/* A NUL-terminated UTF-8 string. */
rd_value string_from_cstr(Runtime *rt, const char *s) RD_MUST_CHECK;
/* a + b: a cons string when long enough, otherwise a flat copy; a
 * RangeError-like exception when the result would exceed STRING_MAX_LENGTH. */
rd_value string_concat(Runtime *rt, Handle a, Handle b) RD_MUST_CHECK;
/* s[start, end): a sliced string when long enough, otherwise a copy (one-byte
 * when the characters fit); s itself for the whole range. Out-of-range bounds
 * are clamped (end to the length, start to end). A cons s is flattened first. */
rd_value string_substring(Runtime *rt, Handle s, uint32_t start, uint32_t end) RD_MUST_CHECK;
/* A flat string (sequential or sliced) with s's content; a cons string is
 * flattened in place so later calls are O(1). */
rd_value string_flatten(Runtime *rt, Handle s) RD_MUST_CHECK;
/* The internalized string equal to s (s itself if it already is). */
rd_value string_internalize(Runtime *rt, Handle s) RD_MUST_CHECK;
/* Same for a NUL-terminated UTF-8 string; ASCII allocates only when new. */
rd_value string_internalize_cstr(Runtime *rt, const char *s) RD_MUST_CHECK;
/* Same for raw characters (e.g. identifiers of the parser); allocates only
 * when the string is new. Two-byte content that fits Latin-1 is stored one-byte. */
rd_value string_internalize_one_byte(Runtime *rt, const uint8_t *chars, uint32_t len) RD_MUST_CHECK;
rd_value string_internalize_two_byte(Runtime *rt, const uint16_t *chars, uint32_t len) RD_MUST_CHECK;
/* Number::toString(x) / (radix) as a string; a radix outside 2..36 gives a
 * RangeError-like exception. */
rd_value string_from_number(Runtime *rt, double x) RD_MUST_CHECK;
rd_value string_from_number_radix(Runtime *rt, double x, int radix) RD_MUST_CHECK;

/* --- queries (never allocate) ---------------------------------------------------- */
RD_INLINE uint32_t string_length(rd_value s) { return STRING(s)->length; }
/* True if s is sequential or sliced (characters addressable directly). */
bool string_is_flat(rd_value s);
/* Character i of a string of any shape (O(depth) for cons strings). */
uint16_t string_char_at(rd_value s, uint32_t i);
/* Copies characters [start, start+n) of any string into dst. */
void string_write_chars(rd_value s, uint32_t start, uint32_t n, uint16_t *dst);
/* True if every character is <= 0xFF. */
bool string_is_one_byte_content(rd_value s);
/* True if every leaf of s is stored one-byte (flattening s gives a one-byte
 * string). O(1) for flat strings, O(nodes) for an unflattened cons. */
bool string_is_one_byte_representation(rd_value s);
/* Copies characters [start, start+n) of src (any shape) into the sequential
 * string dst at dst_off. A one-byte dst needs those characters to be <= 0xFF.
 * No allocation and no write barrier (characters are raw data). */
void string_copy_chars(rd_value dst, uint32_t dst_off, rd_value src, uint32_t start, uint32_t n);
/* The cached hash (computed and cached on first use; equal content, equal hash). */
uint32_t string_hash(rd_value s);
/* Hash of raw characters, equal to string_hash of a string with that content. */
uint32_t string_hash_one_byte(const uint8_t *c, uint32_t n);
uint32_t string_hash_two_byte(const uint16_t *c, uint32_t n);
bool string_equals(rd_value a, rd_value b);
bool string_equals_cstr(rd_value a, const char *ascii);
/* <0, 0, >0 comparing code units lexicographically. */
int string_compare(rd_value a, rd_value b);
/* StringToNumber (ECMA-262 7.1.4.1.1). */
double string_to_number(rd_value s);
/* If s is a canonical array index ("0".."4294967294"), stores it and returns true. */
bool string_as_array_index(rd_value s, uint32_t *index);
/* UTF-8 copy in malloc'd memory (lone surrogates as U+FFFD), NUL-terminated;
 * *len_out (if not NULL) gets its length without the NUL. NULL if malloc fails. */
char *string_to_utf8(rd_value s, size_t *len_out);

/* --- direct access to characters (never allocate) ------------------------------------
 * Pointers into the heap: valid only until the next call that may allocate. */
typedef struct StringSegment {
  const void *chars;           /* uint8_t[length] or uint16_t[length] */
  uint32_t length;
  bool two_byte;
} StringSegment;
/* The characters of a flat string (sequential or sliced) or of a flattened cons. */
StringSegment string_flat_content(rd_value s);
/* True if s is flat or a flattened cons, i.e. string_flat_content applies. */
bool string_has_flat_content(rd_value s);

/* Iterates over the flat pieces of characters [start, end) of any string, in
 * order; the pending right parts of a cons tree go on an explicit stack
 * (inline, then malloc'd; if malloc fails, each piece is found again from the
 * root - slower, never wrong). Nothing may allocate while an iterator is open.
 *   StringIter it; StringSegment seg;
 *   string_iter_init(&it, s, 0, string_length(s));
 *   while (string_iter_next(&it, &seg)) ...;
 *   string_iter_finish(&it);                                              */
#define STRING_ITER_INLINE 32
typedef struct StringIter {
  rd_value root;
  uint32_t pos, end;           /* next character to deliver; end of the range */
  uint32_t sp, cap;            /* pending subtrees: stack[0, sp) */
  rd_value *stack;
  bool started;                /* the first piece has been found */
  bool redescend;              /* stack could not grow: find pieces from root */
  rd_value inline_stack[STRING_ITER_INLINE];
} StringIter;
void string_iter_init(StringIter *it, rd_value s, uint32_t start, uint32_t end);
bool string_iter_next(StringIter *it, StringSegment *seg);
void string_iter_finish(StringIter *it);
/* Testing: caps the iterator stack (0 = no cap) to exercise the fallback. */
void string_iter_set_stack_limit_for_testing(uint32_t limit);

/* --- the string table ---------------------------------------------------------------- */
bool string_table_init(StringTable *t) RD_MUST_CHECK;
void string_table_free(StringTable *t);
/* Clears entries whose string died and updates moved ones; returns the count cleared. */
size_t string_table_process_weak(StringTable *t, WeakRetainer *w);
/* Checks every invariant of the table (entries internalized, sequential, not
 * young, hash cached and reachable by probing, counts right); false and a
 * message on stderr at the first fault. Slow: for tests and heap verification. */
bool string_table_verify(const StringTable *t);

#endif
