/*
 * test_source_positions.c - the source position table: the varint/zigzag
 * codec on raw buffers (the example of the layout comment in builder.c,
 * round trips with large and decreasing positions, truncated input), the
 * builder recording positions across jump relaxation, and stack traces /
 * line-column lookup end to end through compiled scripts.
 *
 * Invariant: every lookup is checked against a direct scan of the entries
 * (the last entry at or before the offset, -1 before the first).
 */
#include <stdlib.h>

#include "bytecode/builder.h"
#include "bytecode/generator.h"
#include "interp/interpreter.h"
#include "interp/stack_trace.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"
#include "test.h"

/* The position a table of n entries gives offset `at`, by a direct scan. */
static int64_t expected_at(const uint32_t *offs, const uint32_t *pos, uint32_t n, uint32_t at) {
  int64_t r = -1;
  for (uint32_t i = 0; i < n && offs[i] <= at; i++) r = pos[i];
  return r;
}

TEST(source_positions_layout_example) {
  const uint32_t offs[] = {0, 5, 9}, pos[] = {12, 30, 7};
  uint8_t buf[64];
  size_t n = source_positions_encode(offs, pos, 3, buf);
  const uint8_t want[] = {0x00, 0x18, 0x05, 0x24, 0x04, 0x2D};
  EXPECT_EQ_INT(n, sizeof want);
  EXPECT(n == sizeof want && memcmp(buf, want, n) == 0);
  EXPECT_EQ_INT(source_positions_lookup(buf, n, 0), 12);
  EXPECT_EQ_INT(source_positions_lookup(buf, n, 4), 12);
  EXPECT_EQ_INT(source_positions_lookup(buf, n, 5), 30);
  EXPECT_EQ_INT(source_positions_lookup(buf, n, 8), 30);
  EXPECT_EQ_INT(source_positions_lookup(buf, n, 9), 7);
  EXPECT_EQ_INT(source_positions_lookup(buf, n, 100000), 7);
  EXPECT_EQ_INT(source_positions_lookup(buf, 0, 3), -1);
}

TEST(source_positions_round_trip) {
  enum { N = 2000 };
  uint32_t *offs = malloc(N * sizeof *offs), *pos = malloc(N * sizeof *pos);
  uint8_t *buf = malloc(source_positions_max_size(N));
  uint32_t seed = 12345, off = 3;
  for (uint32_t i = 0; i < N; i++) {
    seed = seed * 1103515245u + 12345u;
    off += (seed >> 16) % (i % 100 == 0 ? 70000u : 9u);   /* some big gaps, some repeats */
    offs[i] = off;
    /* positions jump around: small steps, big jumps, back to 0, near 2^32 */
    pos[i] = i % 97 == 0 ? 0xFFFFFFF0u - i : i % 13 == 0 ? 0 : (seed >> 8) % (i % 7 == 0 ? 50000000u : 300u);
  }
  size_t len = source_positions_encode(offs, pos, N, buf);
  EXPECT(len <= source_positions_max_size(N));
  EXPECT_EQ_INT(source_positions_lookup(buf, len, 0), -1);   /* before the first entry */
  for (uint32_t i = 0; i < N; i++) {
    EXPECT_EQ_INT(source_positions_lookup(buf, len, offs[i]), expected_at(offs, pos, N, offs[i]));
    EXPECT_EQ_INT(source_positions_lookup(buf, len, offs[i] + 1), expected_at(offs, pos, N, offs[i] + 1));
  }
  /* A truncated table never reads past its end and answers from the entries it has. */
  for (size_t cut = 0; cut < 40 && cut < len; cut++) {
    int64_t r = source_positions_lookup(buf, cut, offs[N - 1]);
    EXPECT(r == -1 || r == pos[0] || r == pos[1] || r == pos[2] || r == pos[3] || r == pos[4] ||
           r == pos[5] || r == pos[6] || r == pos[7] || r == pos[8] || r == pos[9] || r == pos[10] ||
           r == pos[11] || r == pos[12] || r == pos[13] || r == pos[14] || r == pos[15] || r == pos[16]);
  }
  free(offs);
  free(pos);
  free(buf);
}

/* Positions name instructions, so they follow them when a jump over them
 * grows to a wider operand scale at builder_finish. */
TEST(source_positions_survive_relaxation) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    BytecodeBuilder b;
    builder_init(&b, rt, 0);
    Label far = builder_label(&b);
    builder_set_position(&b, 7);
    builder_emit(&b, BC_LdaUndefined);
    builder_jump(&b, BC_JumpIfTrue, far);   /* 300 instructions ahead: needs scale 2 */
    enum { N = 300 };
    for (uint32_t i = 0; i < N; i++) {
      builder_set_position(&b, 1000 + (i / 3) * 10);   /* every third changes it */
      builder_emit(&b, BC_LdaSmi, (int32_t)i);
    }
    builder_set_position(&b, 99);
    builder_set_position(&b, 42);   /* only the last one before an instruction counts */
    builder_bind(&b, far);
    builder_emit(&b, BC_Return);
    rd_value ba = builder_finish(&b);
    EXPECT(ba != VALUE_EMPTY);
    if (ba) {
      Handle h = handle_new(rt, ba);
      EXPECT(value_has_type(((BytecodeArray *)value_to_ptr(*h))->source_positions, TYPE_BYTE_ARRAY));
      EXPECT_EQ_INT(b.insns[1].scale, 2);   /* the jump was relaxed */
      EXPECT_EQ_INT(b.position_count, 1 + N / 3 + 1);
      EXPECT_EQ_INT(source_position_at(*h, b.insns[0].offset), 7);
      EXPECT_EQ_INT(source_position_at(*h, b.insns[1].offset), 7);
      for (uint32_t i = 0; i < N; i++) {
        EXPECT_EQ_INT(source_position_at(*h, b.insns[2 + i].offset), 1000 + (i / 3) * 10);
        EXPECT_EQ_INT(source_position_at(*h, b.insns[2 + i].offset + 1), 1000 + (i / 3) * 10);
      }
      EXPECT_EQ_INT(source_position_at(*h, b.insns[2 + N].offset), 42);
    }
    builder_free(&b);

    /* A function that records nothing gets no table. */
    builder_init(&b, rt, 0);
    builder_emit(&b, BC_LdaUndefined);
    builder_emit(&b, BC_Return);
    ba = builder_finish(&b);
    builder_free(&b);
    EXPECT(ba != VALUE_EMPTY);
    if (ba) EXPECT_EQ_INT(source_position_at(ba, 0), -1);
  }
  rd_runtime_free(rt);
}

/* Runs source as script `name`; returns the stack of what it threw (malloc'd UTF-8). */
static char *thrown_stack(Runtime *rt, const char *source, const char *name) {
  HANDLE_SCOPE(rt);
  rd_value r = compiler_run_script(rt, source, strlen(source), name);
  if (r || !runtime_has_exception(rt)) return NULL;
  Handle e = handle_new(rt, rt->exception);
  runtime_clear_exception(rt);
  Handle key = handle_new(rt, string_internalize_cstr(rt, "stack"));
  rd_value s = js_get(rt, e, key);
  return s && value_is_string(s) ? string_to_utf8(s, NULL) : NULL;
}

TEST(stack_traces_lines_and_columns) {
  Runtime *rt = rd_runtime_new();
  /* CRLF, CR, LS (U+2028) and PS end lines; a non-ASCII letter counts one
   * column (UTF-16 units), an astral one two. */
  char *s = thrown_stack(rt,
                         "function f() {\r\n"
                         "  var \xc3\xa9 = 1;\r"
                         "  var x = 2;\xe2\x80\xa8"
                         "  /*\xf0\x9f\x98\x80*/ null.p;\n"
                         "}\xe2\x80\xa9"
                         "f();",
                         "lc.js");
  EXPECT(s != NULL);
  if (s) EXPECT_STREQ(s, "TypeError: Cannot read properties of null (reading 'p')\n"
                         "    at f (lc.js:4:15)\n"
                         "    at lc.js:6:1");
  free(s);
  s = thrown_stack(rt,
                   "function A() { this.m = function () { throw new RangeError('r'); }; }\n"
                   "new A().m();",
                   "m.js");
  EXPECT(s != NULL);
  if (s) EXPECT_STREQ(s, "RangeError: r\n"
                         "    at A.<anonymous> (m.js:1:45)\n"
                         "    at m.js:2:9");
  free(s);
  rd_runtime_free(rt);
}
