/*
 * test_string.c - unit tests of JS strings (objects/string.h): construction,
 * cons and sliced strings, flattening, hashing, equality and ordering across
 * representations, internalization and the weak string table, UTF-8 and
 * number conversions, and the length limit.
 *
 * Invariant: every heap value a test keeps across an allocating call is in a
 * handle, so the tests pass under --gc-interval=1 and the stress flags; the
 * big cases shrink under GC stress (every allocation there runs a GC and a
 * heap verification), keeping the same shapes.
 */
#include <stdlib.h>

#include "base/flags.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"
#include "test.h"

/* n normally, stress_n when (nearly) every allocation collects garbage and
 * verifies the heap, which makes building big live structures quadratic. */
static uint32_t scaled(uint32_t n, uint32_t stress_n) {
  return FLAG_gc_interval > 0 && FLAG_gc_interval < 100 ? stress_n : n;
}

static rd_value str(Runtime *rt, const char *s) {
  rd_value v = string_from_cstr(rt, s);
  CHECK(v != VALUE_EMPTY);
  return v;
}

/* A sequential two-byte string holding ASCII text (same content as str()). */
static rd_value two_byte_str(Runtime *rt, const char *s) {
  uint32_t n = (uint32_t)strlen(s);
  rd_value v = string_alloc(rt, n, true, ALLOC_YOUNG);
  CHECK(v != VALUE_EMPTY);
  for (uint32_t i = 0; i < n; i++) SEQ_TWO_BYTE_STRING(v)->chars[i] = (uint8_t)s[i];
  return v;
}

static rd_value two_byte_units(Runtime *rt, const uint16_t *u, uint32_t n) {
  rd_value v = string_alloc(rt, n, true, ALLOC_YOUNG);
  CHECK(v != VALUE_EMPTY);
  memcpy(SEQ_TWO_BYTE_STRING(v)->chars, u, (size_t)n * 2);
  return v;
}

static rd_value concat(Runtime *rt, rd_value a, rd_value b) {
  HANDLE_SCOPE(rt);
  Handle ha = handle_new(rt, a), hb = handle_new(rt, b);
  rd_value r = string_concat(rt, ha, hb);
  CHECK(r != VALUE_EMPTY);
  return r;
}

static rd_value concat_cstr(Runtime *rt, const char *a, const char *b) {
  HANDLE_SCOPE(rt);
  Handle ha = handle_new(rt, str(rt, a));
  rd_value vb = str(rt, b);
  return concat(rt, *ha, vb);
}

static rd_value substring(Runtime *rt, rd_value s, uint32_t start, uint32_t end) {
  HANDLE_SCOPE(rt);
  Handle h = handle_new(rt, s);
  rd_value r = string_substring(rt, h, start, end);
  CHECK(r != VALUE_EMPTY);
  return r;
}

static rd_value flatten(Runtime *rt, Handle h) {
  rd_value r = string_flatten(rt, h);
  CHECK(r != VALUE_EMPTY);
  return r;
}

static rd_value internalize(Runtime *rt, rd_value s) {
  HANDLE_SCOPE(rt);
  Handle h = handle_new(rt, s);
  rd_value r = string_internalize(rt, h);
  CHECK(r != VALUE_EMPTY);
  return r;
}

/* True if s's UTF-8 form is exactly `want`. */
static bool utf8_is(rd_value s, const char *want, size_t want_len) {
  size_t n;
  char *u = string_to_utf8(s, &n);
  bool ok = u && n == want_len && memcmp(u, want, n) == 0 && u[n] == 0;
  free(u);
  return ok;
}
#define UTF8_IS(s, lit) utf8_is((s), (lit), sizeof(lit) - 1)

/* A test body run with a fresh runtime; the body's handle scopes close
 * before the runtime is freed. */
#define RT_TEST(name)                                                     \
  static void body_##name(Runtime *rt);                                   \
  TEST(name) {                                                            \
    Runtime *rt = rd_runtime_new();                                       \
    CHECK(rt != NULL);                                                    \
    body_##name(rt);                                                      \
    rd_runtime_free(rt);                                                  \
  }                                                                       \
  static void body_##name(Runtime *rt)

static InstanceType type_of(rd_value v) { return value_instance_type(v); }

/* expr (which may allocate and move objects) is the value in slot, read after
 * expr ran: C leaves the evaluation order of `expr == *slot` open. */
#define EXPECT_SAME(expr, slot)                                               \
  do {                                                                        \
    rd_value r_ = (expr);                                                     \
    if (r_ != *(slot)) test_fail(__FILE__, __LINE__, "expected %s to be %s", #expr, #slot); \
  } while (0)

/* --- construction -------------------------------------------------------------------------- */
RT_TEST(string_construct) {
  HANDLE_SCOPE(rt);
  Handle a = handle_new(rt, string_from_one_byte(rt, (const uint8_t *)"abc\xE9", 4));
  EXPECT_EQ_INT(type_of(*a), TYPE_ONE_BYTE_STRING);
  EXPECT_EQ_INT(string_length(*a), 4);
  EXPECT_EQ_INT(string_char_at(*a, 3), 0xE9);
  EXPECT(string_is_flat(*a));

  uint16_t latin[] = {'x', 0xFF, 'y'};
  Handle b = handle_new(rt, string_from_two_byte(rt, latin, 3));
  EXPECT_EQ_INT(type_of(*b), TYPE_ONE_BYTE_STRING);   /* fits Latin-1 */
  EXPECT_EQ_INT(string_char_at(*b, 1), 0xFF);
  uint16_t wide[] = {'x', 0x3B1, 0xD83D, 0xDE00};
  Handle c = handle_new(rt, string_from_two_byte(rt, wide, 4));
  EXPECT_EQ_INT(type_of(*c), TYPE_TWO_BYTE_STRING);
  EXPECT_EQ_INT(string_char_at(*c, 1), 0x3B1);
  EXPECT(!string_is_one_byte_content(*c));
  EXPECT(string_is_one_byte_content(*b));

  Handle d = handle_new(rt, string_from_utf8(rt, "h\xC3\xA9llo", 6));
  EXPECT_EQ_INT(type_of(*d), TYPE_ONE_BYTE_STRING);
  EXPECT_EQ_INT(string_length(*d), 5);
  EXPECT_EQ_INT(string_char_at(*d, 1), 0xE9);
  Handle e = handle_new(rt, str(rt, "plain ascii"));
  EXPECT(string_equals_cstr(*e, "plain ascii"));
  EXPECT(!string_equals_cstr(*e, "plain asci"));
  EXPECT(!string_equals_cstr(*e, "plain ascia"));

  /* Empty inputs give the empty-string root. */
  EXPECT_SAME(string_from_one_byte(rt, NULL, 0), ROOT_SLOT(rt, empty_string));
  EXPECT_SAME(string_from_utf8(rt, "", 0), ROOT_SLOT(rt, empty_string));
  EXPECT_SAME(string_from_cstr(rt, ""), ROOT_SLOT(rt, empty_string));
  EXPECT(instance_type_is_internalized(type_of(ROOT(rt, empty_string))));
  EXPECT_EQ_INT(string_length(ROOT(rt, empty_string)), 0);
  /* string_alloc always allocates, even an empty string. */
  rd_value z = string_alloc(rt, 0, false, ALLOC_YOUNG);
  EXPECT(z != VALUE_EMPTY && z != ROOT(rt, empty_string));
  EXPECT(string_equals(z, ROOT(rt, empty_string)));
  z = string_alloc(rt, 5, true, ALLOC_OLD);
  EXPECT(z != VALUE_EMPTY && !value_in_young(z));
  EXPECT_EQ_INT(type_of(z), TYPE_TWO_BYTE_STRING);

  /* Everything is still there after a full GC (it moves young objects). */
  rd_collect_garbage(rt, 1);
  EXPECT(UTF8_IS(*a, "abc\xC3\xA9"));
  EXPECT(UTF8_IS(*c, "x\xCE\xB1\xF0\x9F\x98\x80"));
  EXPECT(UTF8_IS(*d, "h\xC3\xA9llo"));
  uint16_t out[4];
  string_write_chars(*c, 0, 4, out);
  EXPECT(memcmp(out, wide, sizeof wide) == 0);
}

/* --- concatenation ----------------------------------------------------------------------------- */
RT_TEST(string_concat_mixes) {
  HANDLE_SCOPE(rt);
  /* short: flat copies */
  Handle s1 = handle_new(rt, concat_cstr(rt, "abc", "def"));
  EXPECT_EQ_INT(type_of(*s1), TYPE_ONE_BYTE_STRING);
  EXPECT(string_equals_cstr(*s1, "abcdef"));
  Handle tw = handle_new(rt, two_byte_str(rt, "xyz"));
  Handle s2 = handle_new(rt, concat(rt, *s1, *tw));
  EXPECT_EQ_INT(type_of(*s2), TYPE_TWO_BYTE_STRING);   /* a two-byte part */
  EXPECT(string_equals_cstr(*s2, "abcdefxyz"));
  Handle s3 = handle_new(rt, concat(rt, *tw, *s1));
  EXPECT_EQ_INT(type_of(*s3), TYPE_TWO_BYTE_STRING);
  EXPECT(string_equals_cstr(*s3, "xyzabcdef"));
  /* long: cons strings, one-byte iff both parts are */
  Handle c1 = handle_new(rt, concat_cstr(rt, "hello, ", "world!"));
  EXPECT_EQ_INT(string_length(*c1), CONS_STRING_MIN_LENGTH);
  EXPECT_EQ_INT(type_of(*c1), TYPE_CONS_STRING);
  EXPECT(string_is_one_byte_representation(*c1));
  EXPECT(!string_is_flat(*c1));
  Handle c2 = handle_new(rt, concat(rt, *c1, *tw));
  EXPECT_EQ_INT(type_of(*c2), TYPE_CONS_STRING);
  EXPECT(!string_is_one_byte_representation(*c2));
  EXPECT(string_is_one_byte_content(*c2));
  EXPECT(string_equals_cstr(*c2, "hello, world!xyz"));
  rd_value f = flatten(rt, c2);
  EXPECT_EQ_INT(type_of(f), TYPE_TWO_BYTE_STRING);
  f = flatten(rt, c1);
  EXPECT_EQ_INT(type_of(f), TYPE_ONE_BYTE_STRING);
  /* one string just below the cons threshold is a copy */
  rd_value c3 = concat_cstr(rt, "hello,", "world!");
  EXPECT_EQ_INT(type_of(c3), TYPE_ONE_BYTE_STRING);
  /* an empty part returns the other part itself */
  EXPECT_SAME(concat(rt, ROOT(rt, empty_string), *c1), c1);
  EXPECT_SAME(concat(rt, *tw, ROOT(rt, empty_string)), tw);
  /* a flattened cons is not nested into a new cons: its flat content is */
  Handle c4 = handle_new(rt, concat(rt, *c1, *s1));
  EXPECT(CONS_STRING(*c4)->first == CONS_STRING(*c1)->first);
  EXPECT(string_equals_cstr(*c4, "hello, world!abcdef"));
}

/* Builds a rope of n+1 pieces by n concatenations of one character, to the
 * right end (left-leaning) or the left end (right-leaning). */
static rd_value build_rope(Runtime *rt, uint32_t n, bool append, char *expect) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, str(rt, "start-of-rope"));
  Handle x = handle_new(rt, ROOT(rt, empty_string));
  memcpy(append ? expect : expect + n, "start-of-rope", 13);
  for (uint32_t i = 0; i < n; i++) {
    char c = (char)('a' + i % 26);
    uint8_t cu = (uint8_t)c;
    *x = string_from_one_byte(rt, &cu, 1);
    CHECK(*x);
    rd_value r = append ? string_concat(rt, s, x) : string_concat(rt, x, s);
    CHECK(r);
    *s = r;
    if (append) expect[13 + i] = c;
    else expect[n - 1 - i] = c;
  }
  expect[n + 13] = 0;
  return *s;
}

static void check_rope(Runtime *rt, uint32_t n, bool append) {
  HANDLE_SCOPE(rt);
  char *expect = malloc(n + 14);
  Handle s = handle_new(rt, build_rope(rt, n, append, expect));
  uint32_t len = n + 13;
  EXPECT_EQ_INT(string_length(*s), len);
  EXPECT_EQ_INT(type_of(*s), TYPE_CONS_STRING);
  /* char_at all over */
  for (uint32_t i = 0; i < len; i += len / 37) EXPECT_EQ_INT(string_char_at(*s, i), (uint8_t)expect[i]);
  EXPECT_EQ_INT(string_char_at(*s, len - 1), (uint8_t)expect[len - 1]);
  /* hash without flattening equals the hash of the flat content */
  uint32_t want = string_hash_one_byte((const uint8_t *)expect, len);
  EXPECT_EQ_U64(string_hash(*s), want);
  EXPECT(string_equals_cstr(*s, expect));
  Handle flat = handle_new(rt, string_from_one_byte(rt, (const uint8_t *)expect, len));
  EXPECT(string_equals(*s, *flat));
  EXPECT(string_compare(*s, *flat) == 0);
  /* a second rope with the same content but another shape */
  char *expect2 = malloc(n + 14);
  Handle other = handle_new(rt, build_rope(rt, n, !append, expect2));
  EXPECT(string_equals(*other, *s) == (strcmp(expect, expect2) == 0));
  EXPECT(string_compare(*other, *s) == (strcmp(expect2, expect) > 0) - (strcmp(expect2, expect) < 0));
  /* a partial copy from the middle */
  uint16_t buf[64];
  string_write_chars(*s, len / 2, 64, buf);
  bool same = true;
  for (int i = 0; i < 64; i++) same &= buf[i] == (uint8_t)expect[len / 2 + i];
  EXPECT(same);
  size_t ulen;
  char *u = string_to_utf8(*s, &ulen);
  EXPECT(u && ulen == len && memcmp(u, expect, len) == 0);
  free(u);
  /* flatten: one sequential string, the cons rewritten in place */
  rd_value f = flatten(rt, s);
  EXPECT_EQ_INT(type_of(f), TYPE_ONE_BYTE_STRING);
  EXPECT(memcmp(SEQ_ONE_BYTE_STRING(f)->chars, expect, len) == 0);
  EXPECT_EQ_INT(type_of(*s), TYPE_CONS_STRING);
  EXPECT(CONS_STRING(*s)->first == f);
  EXPECT(CONS_STRING(*s)->second == ROOT(rt, empty_string));
  EXPECT(string_has_flat_content(*s));
  EXPECT(flatten(rt, s) == CONS_STRING(*s)->first);   /* O(1) now */
  EXPECT_EQ_U64(string_hash(f), want);
  rd_collect_garbage(rt, 0);
  rd_collect_garbage(rt, 1);
  EXPECT(string_equals(*s, *flat));
  EXPECT(string_equals_cstr(*s, expect));
  free(expect);
  free(expect2);
}

RT_TEST(string_cons_deep_left) {
  check_rope(rt, scaled(100000, 2000), true);
}

RT_TEST(string_cons_deep_right) {
  check_rope(rt, scaled(100000, 2000), false);
}

/* A million-node rope: no C recursion anywhere (hash, compare, utf8, flatten). */
RT_TEST(string_cons_million) {
  if (FLAG_gc_interval > 0) return;   /* a GC per node: too slow under stress */
#ifdef RD_DEBUG
  uint32_t n = 250000;                /* -O0 and sanitizer builds are slow */
#else
  uint32_t n = 1000000;
#endif
  check_rope(rt, n, true);
  check_rope(rt, n, false);
}

/* The iterator's fallback when its stack cannot grow gives the same answers. */
RT_TEST(string_iter_fallback) {
  HANDLE_SCOPE(rt);
  uint32_t n = scaled(3000, 500);
  char *expect = malloc(n + 14);
  Handle s = handle_new(rt, build_rope(rt, n, true, expect));
  string_iter_set_stack_limit_for_testing(3);
  EXPECT(string_equals_cstr(*s, expect));
  EXPECT_EQ_U64(string_hash(*s), string_hash_one_byte((const uint8_t *)expect, n + 13));
  uint16_t *buf = malloc((n + 13) * 2);
  string_write_chars(*s, 5, n, buf);
  bool same = true;
  for (uint32_t i = 0; i < n; i++) same &= buf[i] == (uint8_t)expect[5 + i];
  EXPECT(same);
  free(buf);
  /* pieces come in order, cover the range, and are never empty */
  StringIter it;
  StringSegment seg;
  uint32_t total = 0, pieces = 0;
  bool ok = true;
  string_iter_init(&it, *s, 7, n + 10);
  while (string_iter_next(&it, &seg)) {
    ok &= seg.length > 0 && memcmp(seg.chars, expect + 7 + total, seg.length) == 0;
    total += seg.length;
    pieces++;
  }
  string_iter_finish(&it);
  EXPECT(ok);
  EXPECT_EQ_INT(total, n + 3);
  EXPECT(pieces > 1);
  rd_value f = flatten(rt, s);
  EXPECT(memcmp(SEQ_ONE_BYTE_STRING(f)->chars, expect, n + 13) == 0);
  string_iter_set_stack_limit_for_testing(0);
  free(expect);
}

/* --- slices ----------------------------------------------------------------------------------- */
RT_TEST(string_slices) {
  HANDLE_SCOPE(rt);
  const char *text = "The quick brown fox jumps over the lazy dog";
  Handle p = handle_new(rt, str(rt, text));
  Handle sl = handle_new(rt, substring(rt, *p, 4, 30));
  EXPECT_EQ_INT(type_of(*sl), TYPE_SLICED_STRING);
  EXPECT(SLICED_STRING(*sl)->parent == *p);
  EXPECT_EQ_INT(value_to_int32(SLICED_STRING(*sl)->offset), 4);
  EXPECT(string_equals_cstr(*sl, "quick brown fox jumps over"));
  EXPECT(string_is_flat(*sl));
  EXPECT_SAME(flatten(rt, sl), sl);   /* sliced strings are flat */
  /* slice of a slice: same parent, summed offset */
  Handle sl2 = handle_new(rt, substring(rt, *sl, 6, 26));
  EXPECT_EQ_INT(type_of(*sl2), TYPE_SLICED_STRING);
  EXPECT(SLICED_STRING(*sl2)->parent == *p);
  EXPECT_EQ_INT(value_to_int32(SLICED_STRING(*sl2)->offset), 10);
  EXPECT(string_equals_cstr(*sl2, "brown fox jumps over"));
  /* short: a copy */
  rd_value sh = substring(rt, *sl2, 0, 5);
  EXPECT_EQ_INT(type_of(sh), TYPE_ONE_BYTE_STRING);
  EXPECT(string_equals_cstr(sh, "brown"));
  /* whole range: the string itself; empty range: the empty string; clamping */
  EXPECT_SAME(substring(rt, *sl, 0, string_length(*sl)), sl);
  EXPECT_SAME(substring(rt, *p, 0, 1000), p);
  EXPECT_SAME(substring(rt, *p, 7, 7), ROOT_SLOT(rt, empty_string));
  EXPECT_SAME(substring(rt, *p, 50, 40), ROOT_SLOT(rt, empty_string));
  EXPECT(string_equals_cstr(substring(rt, *p, 40, 1000), "dog"));
  /* slice of a cons: the cons is flattened, the slice points at the flat copy */
  Handle c = handle_new(rt, concat_cstr(rt, "0123456789", "abcdefghijklmnop"));
  EXPECT_EQ_INT(type_of(*c), TYPE_CONS_STRING);
  Handle sc = handle_new(rt, substring(rt, *c, 3, 20));
  EXPECT_EQ_INT(type_of(*sc), TYPE_SLICED_STRING);
  EXPECT(CONS_STRING(*c)->second == ROOT(rt, empty_string));
  EXPECT(SLICED_STRING(*sc)->parent == CONS_STRING(*c)->first);
  EXPECT(string_equals_cstr(*sc, "3456789abcdefghij"));
  rd_value shc = substring(rt, *c, 8, 12);
  EXPECT(string_equals_cstr(shc, "89ab"));
  /* a short copy of two-byte characters that fit Latin-1 becomes one-byte */
  uint16_t u[] = {0x3B1, 'a', 'b', 'c', 0xE9, 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 0x3B2};
  Handle tw = handle_new(rt, two_byte_units(rt, u, 15));
  rd_value t1 = substring(rt, *tw, 1, 6);
  EXPECT_EQ_INT(type_of(t1), TYPE_ONE_BYTE_STRING);
  EXPECT(UTF8_IS(t1, "abc\xC3\xA9" "d"));
  rd_value t2 = substring(rt, *tw, 0, 3);
  EXPECT_EQ_INT(type_of(t2), TYPE_TWO_BYTE_STRING);
  EXPECT_EQ_INT(string_char_at(t2, 0), 0x3B1);
  Handle t3 = handle_new(rt, substring(rt, *tw, 1, 15));
  EXPECT_EQ_INT(type_of(*t3), TYPE_SLICED_STRING);
  EXPECT_EQ_INT(string_char_at(*t3, 13), 0x3B2);
  /* slices survive GCs that move their parents */
  rd_collect_garbage(rt, 0);
  rd_collect_garbage(rt, 1);
  EXPECT(string_equals_cstr(*sl2, "brown fox jumps over"));
  EXPECT(string_equals_cstr(*sc, "3456789abcdefghij"));
  EXPECT(SLICED_STRING(*sl2)->parent == *p);
  EXPECT_EQ_INT(string_char_at(*t3, 0), 'a');
}

/* --- equality, hashing and ordering across representations ----------------------------------- */
RT_TEST(string_equality_across_shapes) {
  HANDLE_SCOPE(rt);
  const char *text = "hello, world! 0123456789";
  uint32_t n = (uint32_t)strlen(text);
  Handle shapes[8];
  int k = 0;
  shapes[k++] = handle_new(rt, str(rt, text));                   /* one-byte */
  shapes[k++] = handle_new(rt, two_byte_str(rt, text));          /* two-byte */
  shapes[k++] = handle_new(rt, concat_cstr(rt, "hello, world!", " 0123456789"));
  {
    Handle hello = handle_new(rt, two_byte_str(rt, "hello"));
    rd_value rest = str(rt, ", world! 0123456789");
    shapes[k++] = handle_new(rt, concat(rt, *hello, rest));
  }
  {
    Handle big = handle_new(rt, str(rt, ">>hello, world! 0123456789<<"));
    shapes[k++] = handle_new(rt, substring(rt, *big, 2, 2 + n));   /* sliced */
    Handle big2 = handle_new(rt, two_byte_str(rt, "..hello, world! 0123456789"));
    shapes[k++] = handle_new(rt, substring(rt, *big2, 2, 2 + n));  /* sliced two-byte */
  }
  shapes[k] = handle_new(rt, concat_cstr(rt, "hello", ", world! 0123456789"));
  (void)flatten(rt, shapes[k]);
  k++;                                                             /* flattened cons */
  shapes[k++] = handle_new(rt, internalize(rt, *shapes[2]));       /* internalized */
  EXPECT_EQ_INT(type_of(*shapes[1]), TYPE_TWO_BYTE_STRING);
  EXPECT_EQ_INT(type_of(*shapes[2]), TYPE_CONS_STRING);
  EXPECT_EQ_INT(type_of(*shapes[4]), TYPE_SLICED_STRING);
  EXPECT_EQ_INT(type_of(*shapes[5]), TYPE_SLICED_STRING);
  uint32_t want = string_hash_one_byte((const uint8_t *)text, n);
  uint16_t units[64];
  for (uint32_t i = 0; i < n; i++) units[i] = (uint8_t)text[i];
  EXPECT_EQ_U64(string_hash_two_byte(units, n), want);
  for (int i = 0; i < k; i++) {
    EXPECT_EQ_U64(string_hash(*shapes[i]), want);
    EXPECT(string_equals_cstr(*shapes[i], text));
    for (int j = 0; j < k; j++) {
      if (!string_equals(*shapes[i], *shapes[j]) || string_compare(*shapes[i], *shapes[j]) != 0)
        test_fail(__FILE__, __LINE__, "shapes %d and %d differ", i, j);
    }
  }
  /* unequal: last character, length */
  Handle d1 = handle_new(rt, concat_cstr(rt, "hello, world!", " 012345678X"));
  Handle d2 = handle_new(rt, two_byte_str(rt, "hello, world! 012345678"));
  for (int i = 0; i < k; i++) {
    EXPECT(!string_equals(*shapes[i], *d1));
    EXPECT(!string_equals(*d2, *shapes[i]));
    EXPECT(string_compare(*shapes[i], *d1) < 0);     /* '9' < 'X' */
    EXPECT(string_compare(*d2, *shapes[i]) < 0);     /* a prefix */
    EXPECT(string_compare(*shapes[i], *d2) > 0);
  }
}

RT_TEST(string_compare_order) {
  HANDLE_SCOPE(rt);
  Handle e = handle_new(rt, ROOT(rt, empty_string));
  Handle a = handle_new(rt, str(rt, "a"));
  Handle b = handle_new(rt, str(rt, "b"));
  Handle abc = handle_new(rt, str(rt, "abc"));
  Handle abd = handle_new(rt, two_byte_str(rt, "abd"));
  Handle ab = handle_new(rt, str(rt, "ab"));
  EXPECT(string_compare(*e, *a) < 0);
  EXPECT(string_compare(*a, *e) > 0);
  EXPECT(string_compare(*e, *e) == 0);
  EXPECT(string_compare(*a, *b) < 0);
  EXPECT(string_compare(*b, *a) > 0);
  EXPECT(string_compare(*abc, *abd) < 0);
  EXPECT(string_compare(*abd, *abc) > 0);
  EXPECT(string_compare(*ab, *abc) < 0);
  EXPECT(string_compare(*abc, *ab) > 0);
  EXPECT(string_compare(*b, *abc) > 0);
  /* code-unit order: U+FF (one-byte) < U+100 < surrogates < U+FFFF, and a
   * supplementary character (a surrogate pair) sorts below U+FFFF */
  uint16_t ff = 0xFF, u100 = 0x100, hi = 0xD800, fffd = 0xFFFD, ffff = 0xFFFF;
  uint16_t pair[] = {0xD83D, 0xDE00};
  Handle sff = handle_new(rt, string_from_two_byte(rt, &ff, 1));
  Handle s100 = handle_new(rt, two_byte_units(rt, &u100, 1));
  Handle shi = handle_new(rt, two_byte_units(rt, &hi, 1));
  Handle sfffd = handle_new(rt, two_byte_units(rt, &fffd, 1));
  Handle sffff = handle_new(rt, two_byte_units(rt, &ffff, 1));
  Handle spair = handle_new(rt, two_byte_units(rt, pair, 2));
  EXPECT_EQ_INT(type_of(*sff), TYPE_ONE_BYTE_STRING);
  EXPECT(string_compare(*sff, *s100) < 0);
  EXPECT(string_compare(*s100, *sff) > 0);
  EXPECT(string_compare(*s100, *shi) < 0);
  EXPECT(string_compare(*shi, *sfffd) < 0);
  EXPECT(string_compare(*spair, *sffff) < 0);
  EXPECT(string_compare(*sffff, *spair) > 0);
  EXPECT(string_compare(*shi, *spair) < 0);   /* a prefix-less comparison: D800 < D83D */
  EXPECT(string_compare(*a, *sff) < 0);
  /* the same comparisons through cons strings */
  Handle prefix = handle_new(rt, str(rt, "0123456789ab"));
  Handle c1 = handle_new(rt, concat(rt, *prefix, *sffff));
  Handle c2 = handle_new(rt, concat(rt, *prefix, *spair));
  EXPECT(string_compare(*c2, *c1) < 0);
  EXPECT(string_compare(*c1, *c2) > 0);
  Handle c3 = handle_new(rt, concat(rt, *c2, *a));
  EXPECT(string_compare(*c2, *c3) < 0);
  EXPECT(string_compare(*c3, *c2) > 0);
}

static int cmp_u32(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  return (a > b) - (a < b);
}

/* Hashes of many similar keys: distinct, nonzero and spread over the buckets. */
TEST(string_hash_distribution) {
  enum { N = 100000, BUCKETS = 1 << 14 };
  uint32_t *hashes = malloc(N * sizeof *hashes);
  uint32_t *load = calloc(BUCKETS, sizeof *load);
  char buf[32];
  for (uint32_t i = 0; i < N; i++) {
    int n = snprintf(buf, sizeof buf, "key%u", i);
    hashes[i] = string_hash_one_byte((const uint8_t *)buf, (uint32_t)n);
    EXPECT(hashes[i] != 0);
    load[hashes[i] & (BUCKETS - 1)]++;
  }
  uint32_t max = 0, empty = 0;
  for (uint32_t i = 0; i < BUCKETS; i++) {
    max = MAX(max, load[i]);
    empty += load[i] == 0;
  }
  /* about 6.1 per bucket: a uniform hash leaves ~0.2% empty, max ~20 */
  EXPECT(max < 30);
  EXPECT(empty < BUCKETS / 100);
  /* collisions of the full 32 bits: about N^2/2^33 ~ 1 expected */
  qsort(hashes, N, sizeof *hashes, cmp_u32);
  uint32_t dup = 0;
  for (uint32_t i = 1; i < N; i++) dup += hashes[i] == hashes[i - 1];
  EXPECT(dup < 10);
  /* the empty string and single characters */
  EXPECT(string_hash_one_byte(NULL, 0) != 0);
  uint8_t c0 = 0, c1 = 1;
  EXPECT(string_hash_one_byte(&c0, 1) != string_hash_one_byte(&c1, 1));
  EXPECT(string_hash_one_byte(&c0, 1) != string_hash_one_byte(NULL, 0));
  free(hashes);
  free(load);
}

/* --- internalization ----------------------------------------------------------------------------- */
RT_TEST(string_internalize_identity) {
  HANDLE_SCOPE(rt);
  EXPECT(string_table_verify(&rt->string_table));
  Handle i1 = handle_new(rt, internalize(rt, str(rt, "property")));
  EXPECT_EQ_INT(type_of(*i1), TYPE_INTERNALIZED_ONE_BYTE_STRING);
  EXPECT(!value_in_young(*i1));
  EXPECT(value_is_property_key(*i1));
  EXPECT_SAME(internalize(rt, *i1), i1);
  EXPECT_SAME(internalize(rt, two_byte_str(rt, "property")), i1);
  Handle big = handle_new(rt, str(rt, "a property of a property"));
  EXPECT_SAME(internalize(rt, substring(rt, *big, 2, 10)), i1);
  EXPECT_SAME(string_internalize_cstr(rt, "property"), i1);
  EXPECT_SAME(string_internalize_one_byte(rt, (const uint8_t *)"property", 8), i1);
  uint16_t u[] = {'p', 'r', 'o', 'p', 'e', 'r', 't', 'y'};
  EXPECT_SAME(string_internalize_two_byte(rt, u, 8), i1);
  /* long content: cons, sliced, two-byte, flattened cons all map to one string */
  Handle i2 = handle_new(rt, internalize(rt, concat_cstr(rt, "longer property ", "name here")));
  EXPECT_EQ_INT(type_of(*i2), TYPE_INTERNALIZED_ONE_BYTE_STRING);
  EXPECT(string_equals_cstr(*i2, "longer property name here"));
  EXPECT_SAME(internalize(rt, str(rt, "longer property name here")), i2);
  EXPECT_SAME(internalize(rt, two_byte_str(rt, "longer property name here")), i2);
  Handle big2 = handle_new(rt, str(rt, "[longer property name here]"));
  EXPECT_SAME(internalize(rt, substring(rt, *big2, 1, 26)), i2);
  EXPECT_SAME(string_internalize_cstr(rt, "longer property name here"), i2);
  /* different content, different strings */
  EXPECT(string_internalize_cstr(rt, "propertY") != *i1);
  EXPECT(string_internalize_cstr(rt, "propert") != *i1);
  /* roots made by the bootstrap */
  EXPECT_SAME(string_internalize_cstr(rt, "length"), ROOT_SLOT(rt, length_string));
  EXPECT_SAME(string_internalize_cstr(rt, ""), ROOT_SLOT(rt, empty_string));
  EXPECT_SAME(internalize(rt, string_alloc(rt, 0, true, ALLOC_YOUNG)), ROOT_SLOT(rt, empty_string));
  /* two-byte content */
  uint16_t w[] = {0x3B1, 0x3B2, 'x'};
  Handle i3 = handle_new(rt, string_internalize_two_byte(rt, w, 3));
  EXPECT_EQ_INT(type_of(*i3), TYPE_INTERNALIZED_TWO_BYTE_STRING);
  EXPECT_SAME(internalize(rt, two_byte_units(rt, w, 3)), i3);
  EXPECT_SAME(string_internalize_cstr(rt, "\xCE\xB1\xCE\xB2x"), i3);
  /* non-ASCII Latin-1 content is stored one-byte */
  Handle i4 = handle_new(rt, string_internalize_cstr(rt, "caf\xC3\xA9"));
  EXPECT_EQ_INT(type_of(*i4), TYPE_INTERNALIZED_ONE_BYTE_STRING);
  uint16_t cafe[] = {'c', 'a', 'f', 0xE9};
  EXPECT_SAME(internalize(rt, two_byte_units(rt, cafe, 4)), i4);
  /* identity survives GCs (which may move old strings under --stress-compaction) */
  rd_collect_garbage(rt, 1);
  EXPECT_SAME(string_internalize_cstr(rt, "property"), i1);
  EXPECT_SAME(string_internalize_cstr(rt, "longer property name here"), i2);
  EXPECT_SAME(string_internalize_two_byte(rt, w, 3), i3);
  EXPECT(string_table_verify(&rt->string_table));
}

RT_TEST(string_table_growth) {
  HANDLE_SCOPE(rt);
  uint32_t n = scaled(20000, 5000), before = rt->string_table.count;
  uint32_t cap0 = rt->string_table.capacity;
  Handle *h = malloc(n * sizeof *h);
  char buf[32];
  for (uint32_t i = 0; i < n; i++) {
    snprintf(buf, sizeof buf, "key%u", i);
    h[i] = handle_new(rt, string_internalize_cstr(rt, buf));
    CHECK(*h[i]);
  }
  EXPECT_EQ_INT(rt->string_table.count, before + n);
  EXPECT(rt->string_table.capacity > cap0);
  EXPECT(rt->string_table.capacity >= 2 * rt->string_table.count);
  EXPECT(string_table_verify(&rt->string_table));
  rd_collect_garbage(rt, 1);
  EXPECT_EQ_INT(rt->string_table.count, before + n);   /* all held */
  bool same = true;
  for (uint32_t i = 0; i < n; i++) {
    snprintf(buf, sizeof buf, "key%u", i);
    rd_value r = string_internalize_cstr(rt, buf);
    same &= r == *h[i];
    same &= string_equals_cstr(*h[i], buf);
  }
  EXPECT(same);
  /* a non-internalized string of each shape finds its entry */
  Handle c = handle_new(rt, concat_cstr(rt, "key1234", "5"));
  if (n > 12345) EXPECT_SAME(internalize(rt, *c), h[12345]);
  EXPECT_EQ_INT(rt->string_table.count, before + n);
  EXPECT(string_table_verify(&rt->string_table));
  free(h);
}

RT_TEST(string_table_weak) {
  HANDLE_SCOPE(rt);
  uint32_t keep = 100, drop = scaled(5000, 2000);
  uint32_t before = rt->string_table.count;
  char buf[48];
  Handle *h = malloc(keep * sizeof *h);
  for (uint32_t i = 0; i < keep; i++) {
    snprintf(buf, sizeof buf, "kept string number %u", i);
    /* from a young cons: the table must copy it into old space */
    Handle a = handle_new(rt, str(rt, "kept string "));
    rd_value b = str(rt, buf + 12);
    h[i] = handle_new(rt, internalize(rt, concat(rt, *a, b)));
  }
  EXPECT_EQ_INT(rt->string_table.count, before + keep);
  {
    HANDLE_SCOPE(rt);
    for (uint32_t i = 0; i < drop; i++) {
      snprintf(buf, sizeof buf, "dropped string %u", i);
      CHECK(string_internalize_cstr(rt, buf));
    }
    EXPECT(rt->string_table.count <= before + keep + drop);
  }
  rd_collect_garbage(rt, 1);
  EXPECT_EQ_INT(rt->string_table.count, before + keep);
  EXPECT(rt->string_table.deleted > 0);
  EXPECT(string_table_verify(&rt->string_table));
  bool ok = true;
  for (uint32_t i = 0; i < keep; i++) {
    snprintf(buf, sizeof buf, "kept string number %u", i);
    ok &= string_equals_cstr(*h[i], buf);
    rd_value r = string_internalize_cstr(rt, buf);
    ok &= r == *h[i];
    ok &= !value_in_young(*h[i]);
  }
  EXPECT(ok);
  EXPECT_SAME(string_internalize_cstr(rt, "length"), ROOT_SLOT(rt, length_string));
  /* a dropped string comes back as a new entry */
  rd_value again = string_internalize_cstr(rt, "dropped string 7");
  EXPECT(again && string_equals_cstr(again, "dropped string 7"));
  EXPECT_EQ_INT(rt->string_table.count, before + keep + 1);
  /* deleted slots are reused or rehashed away as the table fills again */
  {
    HANDLE_SCOPE(rt);
    for (uint32_t i = 0; i < 2 * drop; i++) {
      snprintf(buf, sizeof buf, "second wave %u", i);
      CHECK(string_internalize_cstr(rt, buf));
    }
  }
  EXPECT(string_table_verify(&rt->string_table));
  rd_collect_garbage(rt, 1);
  EXPECT_EQ_INT(rt->string_table.count, before + keep);
  EXPECT(string_table_verify(&rt->string_table));
  free(h);
}

/* A retainer that kills every string starting with "x-" (no runtime string
 * does: Atomics' "xor" and the one-character "x" must survive). */
static rd_value retain_unless_x(WeakRetainer *w, rd_value v) {
  (void)w;
  return string_length(v) > 1 && string_char_at(v, 0) == 'x' && string_char_at(v, 1) == '-' ? VALUE_EMPTY : v;
}

RT_TEST(string_table_process_weak_direct) {
  HANDLE_SCOPE(rt);
  uint32_t before = rt->string_table.count;
  Handle k1 = handle_new(rt, string_internalize_cstr(rt, "x-one"));
  Handle k2 = handle_new(rt, string_internalize_cstr(rt, "y-two"));
  Handle k3 = handle_new(rt, string_internalize_cstr(rt, "x-three"));
  EXPECT_EQ_INT(rt->string_table.count, before + 3);
  WeakRetainer w = {retain_unless_x};
  EXPECT_EQ_INT(string_table_process_weak(&rt->string_table, &w), 2);
  EXPECT_EQ_INT(rt->string_table.count, before + 1);
  EXPECT(string_table_verify(&rt->string_table));
  EXPECT_SAME(string_internalize_cstr(rt, "y-two"), k2);
  rd_value n1 = string_internalize_cstr(rt, "x-one");   /* a new entry now */
  EXPECT(n1 != *k1 && string_equals_cstr(n1, "x-one"));
  (void)k3;
}

/* --- UTF-8 ------------------------------------------------------------------------------------------ */
/* Decodes `in` and checks the UTF-16 units. */
static void check_decode(Runtime *rt, const char *in, size_t n, const uint16_t *want, uint32_t wn,
                         int line) {
  HANDLE_SCOPE(rt);
  rd_value s = string_from_utf8(rt, in, n);
  if (!s) {
    test_fail(__FILE__, line, "decode failed");
    return;
  }
  uint16_t got[64];
  bool ok = string_length(s) == wn && wn <= 64;
  if (ok) {
    string_write_chars(s, 0, wn, got);
    ok = memcmp(got, want, wn * 2) == 0;
  }
  if (!ok) test_fail(__FILE__, line, "UTF-8 decode of %zu bytes gave the wrong units", n);
}
#define DECODE(in, ...)                                                          \
  do {                                                                         \
    static const uint16_t want_[] = {__VA_ARGS__};                             \
    check_decode(rt, in, sizeof(in) - 1, want_, ARRAY_LEN(want_), __LINE__);   \
  } while (0)

RT_TEST(string_utf8) {
  HANDLE_SCOPE(rt);
  /* round trips of valid text */
  static const char *valid[] = {"ascii only", "caf\xC3\xA9 \xC3\xBF", "\xE2\x82\xAC 5",
                                "\xF0\x9F\x98\x80 smile \xF4\x8F\xBF\xBF",
                                "\xEF\xBB\xBF\xEF\xBF\xBD\xED\x9F\xBF\xEE\x80\x80"};
  for (size_t i = 0; i < ARRAY_LEN(valid); i++) {
    rd_value s = str(rt, valid[i]);
    EXPECT(utf8_is(s, valid[i], strlen(valid[i])));
  }
  rd_value s = str(rt, "caf\xC3\xA9");
  EXPECT_EQ_INT(type_of(s), TYPE_ONE_BYTE_STRING);
  s = str(rt, "\xE2\x82\xAC");
  EXPECT_EQ_INT(type_of(s), TYPE_TWO_BYTE_STRING);
  DECODE("\xF0\x9F\x98\x80", 0xD83D, 0xDE00);
  DECODE("\xF4\x8F\xBF\xBF", 0xDBFF, 0xDFFF);
  DECODE("a\0b", 'a', 0, 'b');
  /* ill-formed input: one U+FFFD per maximal subpart */
  DECODE("\x80", 0xFFFD);
  DECODE("\xC0\xAF", 0xFFFD, 0xFFFD);                 /* overlong */
  DECODE("\xC1\xBF", 0xFFFD, 0xFFFD);
  DECODE("\xE0\x80\xAF", 0xFFFD, 0xFFFD, 0xFFFD);     /* overlong 3-byte */
  DECODE("\xED\xA0\x80", 0xFFFD, 0xFFFD, 0xFFFD);     /* encoded surrogate */
  DECODE("\xF0\x80\x80\xAF", 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD);
  DECODE("\xF4\x90\x80\x80", 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD);   /* > U+10FFFF */
  DECODE("\xF5\x80", 0xFFFD, 0xFFFD);
  DECODE("\xFF", 0xFFFD);
  DECODE("\xE2\x82", 0xFFFD);                         /* truncated at the end */
  DECODE("\xE2\x82" "A", 0xFFFD, 'A');
  DECODE("\xF0\x9F\x98" "x", 0xFFFD, 'x');
  DECODE("\xF0\x9F" "\xF0\x9F\x98\x80", 0xFFFD, 0xD83D, 0xDE00);
  DECODE("a\xC3", 'a', 0xFFFD);
  DECODE("\xC3\xA9\xA9", 0xE9, 0xFFFD);
  /* invalid input decodes to one-byte only when it can: U+FFFD is two-byte */
  s = str(rt, "\xC3");
  EXPECT_EQ_INT(type_of(s), TYPE_TWO_BYTE_STRING);
  EXPECT(UTF8_IS(s, "\xEF\xBF\xBD"));
  /* encoding lone surrogates */
  uint16_t lone1[] = {0xD800, 'a'}, lone2[] = {'a', 0xDC00}, lone3[] = {0xDBFF, 0xDBFF, 0xDC00};
  uint16_t lone4[] = {0xD83D};
  EXPECT(UTF8_IS(two_byte_units(rt, lone1, 2), "\xEF\xBF\xBD" "a"));
  EXPECT(UTF8_IS(two_byte_units(rt, lone2, 2), "a\xEF\xBF\xBD"));
  EXPECT(UTF8_IS(two_byte_units(rt, lone3, 3), "\xEF\xBF\xBD\xF4\x8F\xB0\x80"));
  EXPECT(UTF8_IS(two_byte_units(rt, lone4, 1), "\xEF\xBF\xBD"));
  EXPECT(UTF8_IS(ROOT(rt, empty_string), ""));
  /* a pair split between two pieces of a cons string is still one character */
  uint16_t left[] = {'0', '1', '2', '3', '4', '5', '6', 0xD83D};
  uint16_t right[] = {0xDE00, 'a', 'b', 'c', 'd', 'e'};
  Handle hl = handle_new(rt, two_byte_units(rt, left, 8));
  rd_value r = two_byte_units(rt, right, 6);
  Handle c = handle_new(rt, concat(rt, *hl, r));
  EXPECT_EQ_INT(type_of(*c), TYPE_CONS_STRING);
  EXPECT(UTF8_IS(*c, "0123456\xF0\x9F\x98\x80" "abcde"));
  /* a high surrogate followed by a one-byte piece */
  rd_value xyz = str(rt, "xyz");
  Handle c2 = handle_new(rt, concat(rt, *hl, xyz));
  EXPECT(UTF8_IS(*c2, "0123456\xEF\xBF\xBDxyz"));
  /* Latin-1 and a cons of a one-byte piece */
  rd_value latin = str(rt, "\xC3\xBF\xC3\xA9 0123456789");
  Handle c3 = handle_new(rt, concat(rt, latin, *hl));
  EXPECT(UTF8_IS(*c3, "\xC3\xBF\xC3\xA9 01234567890123456\xEF\xBF\xBD"));
  size_t len = 99;
  char *u = string_to_utf8(*c3, &len);
  EXPECT(u && len == strlen(u));
  free(u);
  u = string_to_utf8(*c3, NULL);   /* len_out is optional */
  EXPECT(u != NULL);
  free(u);
}

/* --- numbers -------------------------------------------------------------------------------------- */
static bool number_is(Runtime *rt, double x, const char *want) {
  rd_value s = string_from_number(rt, x);
  return s && string_equals_cstr(s, want);
}

static bool radix_is(Runtime *rt, double x, int radix, const char *want) {
  rd_value s = string_from_number_radix(rt, x, radix);
  return s && string_equals_cstr(s, want);
}

RT_TEST(string_numbers) {
  HANDLE_SCOPE(rt);
  EXPECT(number_is(rt, 0.1, "0.1"));
  EXPECT(number_is(rt, -0.0, "0"));
  EXPECT(number_is(rt, 0.0, "0"));
  EXPECT(number_is(rt, 1e21, "1e+21"));
  EXPECT(number_is(rt, 1e20, "100000000000000000000"));
  EXPECT(number_is(rt, 123, "123"));
  EXPECT(number_is(rt, -42.5, "-42.5"));
  EXPECT(number_is(rt, 1.5e-7, "1.5e-7"));
  EXPECT(number_is(rt, 0.0 / 0.0, "NaN"));
  EXPECT(number_is(rt, -1.0 / 0.0, "-Infinity"));
  EXPECT(radix_is(rt, 255, 16, "ff"));
  EXPECT(radix_is(rt, 5, 2, "101"));
  EXPECT(radix_is(rt, -255, 36, "-73"));
  EXPECT(radix_is(rt, 0.5, 2, "0.1"));
  EXPECT(radix_is(rt, 0.1, 10, "0.1"));
  /* a bad radix is an exception, not a crash */
  EXPECT(string_from_number_radix(rt, 5, 1) == VALUE_EMPTY);
  EXPECT(runtime_has_exception(rt));
  runtime_clear_exception(rt);
  EXPECT(string_from_number_radix(rt, 5, 37) == VALUE_EMPTY);
  EXPECT(runtime_has_exception(rt));
  runtime_clear_exception(rt);

  EXPECT(string_to_number(str(rt, "  0x10 ")) == 16);
  EXPECT(string_to_number(str(rt, "")) == 0);
  EXPECT(string_to_number(str(rt, "1e3")) == 1000);
  EXPECT(string_to_number(str(rt, "-0.5")) == -0.5);
  double nan = string_to_number(str(rt, "abc"));
  EXPECT(nan != nan);
  EXPECT(string_to_number(two_byte_str(rt, "\t42\n")) == 42);
  Handle c = handle_new(rt, concat_cstr(rt, "          ", "123.5"));
  EXPECT_EQ_INT(type_of(*c), TYPE_CONS_STRING);
  EXPECT(string_to_number(*c) == 123.5);
  Handle big = handle_new(rt, str(rt, "xx 77.25 yy  "));
  EXPECT(string_to_number(substring(rt, *big, 2, 9)) == 77.25);   /* " 77.25 " */
  /* a long cons (needs a malloc'd copy) */
  Handle lc = handle_new(rt, str(rt, "          "));
  for (int i = 0; i < 40; i++) {
    rd_value sp = str(rt, "          ");
    *lc = concat(rt, *lc, sp);
  }
  rd_value nine = str(rt, "9");
  *lc = concat(rt, *lc, nine);
  EXPECT(string_to_number(*lc) == 9);

  uint32_t idx = 77;
  EXPECT(string_as_array_index(str(rt, "0"), &idx) && idx == 0);
  EXPECT(string_as_array_index(str(rt, "4294967294"), &idx) && idx == 4294967294u);
  EXPECT(string_as_array_index(two_byte_str(rt, "123"), &idx) && idx == 123);
  EXPECT(!string_as_array_index(str(rt, "4294967295"), &idx));
  EXPECT(!string_as_array_index(str(rt, "01"), &idx));
  EXPECT(!string_as_array_index(str(rt, "-1"), &idx));
  EXPECT(!string_as_array_index(str(rt, ""), &idx));
  EXPECT(!string_as_array_index(str(rt, "1.5"), &idx));
  EXPECT(!string_as_array_index(str(rt, "99999999999"), &idx));
  EXPECT(!string_as_array_index(*c, &idx));
  Handle sl = handle_new(rt, str(rt, "abc[12345678901234]"));
  EXPECT(string_as_array_index(substring(rt, *sl, 4, 8), &idx) && idx == 1234);
}

/* --- limits ------------------------------------------------------------------------------------------------------------ */
RT_TEST(string_max_length) {
  HANDLE_SCOPE(rt);
  /* Doubling a 16-character string builds a 2^29-character cons DAG cheaply. */
  Handle s = handle_new(rt, str(rt, "0123456789abcdef"));
  for (int i = 0; i < 25; i++) {
    rd_value r = string_concat(rt, s, s);
    CHECK(r);
    *s = r;
  }
  EXPECT_EQ_INT(string_length(*s), (uint32_t)1 << 29);
  EXPECT_EQ_INT(string_char_at(*s, (1u << 29) - 1), 'f');
  EXPECT(!runtime_has_exception(rt));
  rd_value r = string_concat(rt, s, s);   /* 2^30 > STRING_MAX_LENGTH */
  EXPECT(r == VALUE_EMPTY);
  EXPECT(runtime_has_exception(rt));
  EXPECT(value_is_js_object(rt->exception) &&   /* a RangeError */
         object_get_prototype(rt->exception) == FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_RangeError]);
  runtime_clear_exception(rt);
  Handle t = handle_new(rt, str(rt, "x"));
  EXPECT(string_concat(rt, s, t) != VALUE_EMPTY);   /* 2^29 + 1 is fine */
  EXPECT(!runtime_has_exception(rt));
  EXPECT(string_alloc(rt, STRING_MAX_LENGTH + 1, false, ALLOC_YOUNG) == VALUE_EMPTY);
  EXPECT(runtime_has_exception(rt));
  runtime_clear_exception(rt);
  EXPECT(string_alloc(rt, UINT32_MAX, true, ALLOC_OLD) == VALUE_EMPTY);
  EXPECT(runtime_has_exception(rt));
  runtime_clear_exception(rt);
  EXPECT(string_internalize_two_byte(rt, NULL, STRING_MAX_LENGTH + 1) == VALUE_EMPTY);
  EXPECT(runtime_has_exception(rt));
  runtime_clear_exception(rt);
}
