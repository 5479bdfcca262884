/*
 * test_deopt.c - the deoptimizer (src/deopt/): translations round-trip
 * through the builder and iterator for every opcode and representation
 * (and malformed bytes are refused); deopt data and its printout; and
 * end-to-end eager deopts of hand-assembled "optimized" code that follows
 * issue 4's conventions: it loads known values into GPRs, XMMs and spill
 * slots and jumps to a deopt exit whose translation rebuilds interpreter
 * frames, and the interpreter finishes the function from the bytecode
 * offset given. Covered: one frame with every representation and the
 * accumulator, captured objects (and a duplicate) materialized with a GC
 * at every allocation, two frames (a guard failing in an inlined callee),
 * --trace-deopt's line, deopt counts and the code's invalidation. Also the
 * activations an optimized frame stands for at a call (deopt_frames_at_call)
 * and the stack traces that show them.
 *
 * Invariant: each test restores the flags it changes and leaves the VM
 * stack as it found it.
 */
#include <stdlib.h>
#include <unistd.h>

#include "base/flags.h"
#include "bytecode/bytecodes.h"
#include "bytecode/generator.h"
#include "codegen/code.h"
#include "codegen/frames.h"
#include "deopt/deoptimizer.h"
#include "interp/interp_ops.h"
#include "interp/interpreter.h"
#include "interp/stack_trace.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"
#include "test.h"

/* --- translations ---------------------------------------------------------------- */
TEST(deopt_translation_round_trip) {
  TranslationBuilder b;
  translation_builder_init(&b);
  uint32_t t0 = translation_begin(&b, 2, 2);
  translation_interpreted_frame(&b, 0, 12, 3, 0);
  for (uint32_t r = 0; r < 16; r++)
    for (int repr = 0; repr < REPR_COUNT; repr++) translation_register(&b, r, (TranslationRepr)repr);
  translation_stack_slot(&b, 0, REPR_TAGGED);
  translation_stack_slot(&b, -4, REPR_TAGGED);
  translation_stack_slot(&b, -1, REPR_INT32);
  translation_stack_slot(&b, 1000000, REPR_FLOAT64);
  translation_stack_slot(&b, INT32_MIN, REPR_UINT32);
  translation_stack_slot(&b, INT32_MAX, REPR_BOOL);
  translation_literal(&b, 0);
  translation_literal(&b, 127);
  translation_literal(&b, 128);
  translation_literal(&b, UINT32_MAX);
  translation_parameter(&b, 3);
  translation_captured_object(&b, 4, 2);
  translation_literal(&b, 1);
  translation_captured_object(&b, 5, 1);
  translation_register(&b, 3, REPR_INT32);
  translation_duplicated_object(&b, 0);
  translation_interpreted_frame(&b, 7, 300, 200, 3);
  uint32_t t1 = translation_begin(&b, 1, 0);
  EXPECT_EQ_INT(t0, 0);
  EXPECT(t1 > t0);
  EXPECT(translation_builder_verify(&b));

  /* Read back by hand as well: operands and the order. */
  TranslationIterator it;
  TranslationOp op;
  translation_iterator_init(&it, b.bytes, b.size, 0);
  EXPECT(translation_next(&it, &op) && op.op == TRANSLATION_BEGIN && op.operand[0] == 2 && op.operand[1] == 2);
  EXPECT(translation_next(&it, &op) && op.op == TRANSLATION_INTERPRETED_FRAME && op.operand[1] == 12 &&
         op.operand[2] == 3 && op.operand[3] == 0);
  for (uint32_t r = 0; r < 16; r++)
    for (int repr = 0; repr < REPR_COUNT; repr++)
      EXPECT(translation_next(&it, &op) && op.op == TRANSLATION_REGISTER && op.operand[0] == r &&
             op.operand[1] == (uint32_t)repr);
  static const int32_t slots[] = {0, -4, -1, 1000000, INT32_MIN, INT32_MAX};
  for (size_t i = 0; i < 6; i++)
    EXPECT(translation_next(&it, &op) && op.op == TRANSLATION_STACK_SLOT && (int32_t)op.operand[0] == slots[i]);
  static const uint32_t lits[] = {0, 127, 128, UINT32_MAX};
  for (size_t i = 0; i < 4; i++)
    EXPECT(translation_next(&it, &op) && op.op == TRANSLATION_LITERAL && op.operand[0] == lits[i]);
  EXPECT(translation_next(&it, &op) && op.op == TRANSLATION_PARAMETER && op.operand[0] == 3);
  EXPECT(translation_skip_values(&it, 2));   /* a captured object with a nested one, a duplicate */
  EXPECT(translation_next(&it, &op) && op.op == TRANSLATION_INTERPRETED_FRAME && op.operand[1] == 300);
  EXPECT(!translation_skip_values(&it, 1));  /* BEGIN is no value */
  translation_iterator_init(&it, b.bytes, b.size, t1);
  EXPECT(translation_next(&it, &op) && op.op == TRANSLATION_BEGIN && op.operand[0] == 1);
  EXPECT(!translation_next(&it, &op));

  /* Varint sizes: 127 takes one byte, 128 two, UINT32_MAX five. */
  TranslationBuilder v;
  translation_builder_init(&v);
  translation_literal(&v, 127);
  EXPECT_EQ_INT(v.size, 2);
  translation_literal(&v, 128);
  EXPECT_EQ_INT(v.size, 5);
  translation_literal(&v, UINT32_MAX);
  EXPECT_EQ_INT(v.size, 11);
  translation_builder_free(&v);

  /* The printer nests captured objects' fields. */
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  translation_print(f, b.bytes, b.size, 0);
  fclose(f);
  EXPECT(strstr(text, "  BEGIN frames=2 objects=2\n") != NULL);
  EXPECT(strstr(text, "  INTERPRETED_FRAME shared=0 offset=12 height=3 argc1=0\n") != NULL);
  EXPECT(strstr(text, "    REGISTER reg=15 repr=bool\n") != NULL);
  EXPECT(strstr(text, "    STACK_SLOT index=-4 repr=tagged\n") != NULL);
  EXPECT(strstr(text, "    CAPTURED_OBJECT map=4 fields=2\n      LITERAL literal=1\n"
                      "      CAPTURED_OBJECT map=5 fields=1\n        REGISTER reg=3 repr=int32\n"
                      "    DUPLICATED_OBJECT id=0\n") != NULL);
  EXPECT(strstr(text, "frames=1") == NULL);   /* stops at the next translation */
  free(text);
  translation_builder_free(&b);
}

TEST(deopt_translation_malformed) {
  TranslationIterator it;
  TranslationOp op;
  static const uint8_t bad_opcode[] = {42, 0};
  translation_iterator_init(&it, bad_opcode, sizeof bad_opcode, 0);
  EXPECT(!translation_next(&it, &op));
  static const uint8_t truncated[] = {TRANSLATION_BEGIN, 1, 0x80};
  translation_iterator_init(&it, truncated, sizeof truncated, 0);
  EXPECT(!translation_next(&it, &op));
  static const uint8_t too_long[] = {TRANSLATION_LITERAL, 0xff, 0xff, 0xff, 0xff, 0x7f};
  translation_iterator_init(&it, too_long, sizeof too_long, 0);
  EXPECT(!translation_next(&it, &op));
  static const uint8_t bad_repr[] = {TRANSLATION_REGISTER, 1, REPR_COUNT};
  translation_iterator_init(&it, bad_repr, sizeof bad_repr, 0);
  EXPECT(!translation_next(&it, &op));
  translation_iterator_init(&it, bad_repr, sizeof bad_repr, 100);   /* index past the end */
  EXPECT(!translation_next(&it, &op));
}

TEST(deopt_data_layout) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    TranslationBuilder b;
    translation_builder_init(&b);
    uint32_t t0 = translation_begin(&b, 1, 0);
    translation_interpreted_frame(&b, 0, 5, 0, 0);
    translation_literal(&b, 1);
    uint32_t t1 = translation_begin(&b, 1, 0);
    translation_interpreted_frame(&b, 0, 9, 0, 0);
    translation_stack_slot(&b, 2, REPR_FLOAT64);
    Handle tr = handle_new(rt, translation_builder_finish(rt, &b));
    translation_builder_free(&b);
    EXPECT(*tr != VALUE_EMPTY);
    Handle lits = handle_new(rt, factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_YOUNG));
    FIXED_ARRAY(*lits)->data[1] = value_from_int32(42);
    DeoptPoint points[] = {{5, t0, DEOPT_KIND_EAGER, DEOPT_REASON_NOT_INT32, 17},
                           {9, t1, DEOPT_KIND_LAZY, DEOPT_REASON_WRONG_MAP, -1}};
    rd_value d = deopt_data_new(rt, tr, lits, points, 2);
    EXPECT(d != VALUE_EMPTY);
    EXPECT_EQ_INT(deopt_data_point_count(d), 2);
    DeoptPoint p = deopt_data_point(d, 1);
    EXPECT(p.bytecode_offset == 9 && p.translation_index == t1 && p.kind == DEOPT_KIND_LAZY &&
           p.reason == DEOPT_REASON_WRONG_MAP && p.pc_offset == -1);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    deopt_data_print(f, d);
    fclose(f);
    EXPECT(strstr(text, "deoptimization data: 2 points, 2 literals") != NULL);
    EXPECT(strstr(text, "  literal 1: 42\n") != NULL);
    EXPECT(strstr(text, "deopt 0: eager, reason: not an int32, bytecode offset 5, pc 17") != NULL);
    EXPECT(strstr(text, "deopt 1: lazy, reason: wrong map, bytecode offset 9, pc -1") != NULL);
    EXPECT(strstr(text, "    STACK_SLOT index=2 repr=float64\n") != NULL);
    free(text);
    EXPECT_EQ_INT(deopt_data_point_count(ROOT(rt, empty_fixed_array)), 0);
  }
  rd_runtime_free(rt);
}

TEST(deopt_literal_table) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    DeoptLiterals l;
    CHECK(deopt_literals_init(rt, &l));
    Handle v = handle_new(rt, VALUE_UNDEFINED);
    for (int32_t i = 0; i < 20; i++) {   /* grows past the initial 8 */
      *v = value_from_int32(i);
      EXPECT_EQ_INT(deopt_literals_add(rt, &l, v), i);
    }
    *v = string_internalize_cstr(rt, "x");
    EXPECT_EQ_INT(deopt_literals_add(rt, &l, v), 20);
    *v = value_from_int32(7);
    EXPECT_EQ_INT(deopt_literals_add(rt, &l, v), 7);   /* shared */
    *v = string_internalize_cstr(rt, "x");
    EXPECT_EQ_INT(deopt_literals_add(rt, &l, v), 20);
    rd_value t = deopt_literals_finish(rt, &l);
    EXPECT(t != VALUE_EMPTY && fixed_array_length(t) == 21);
    EXPECT(FIXED_ARRAY(t)->data[13] == value_from_int32(13));
  }
  rd_runtime_free(rt);
}

/* --- end to end ------------------------------------------------------------------- */
/* The global variable `name`. */
static rd_value global_value(Runtime *rt, const char *name) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, string_internalize_cstr(rt, name));
  rd_value v = js_get(rt, ROOT_SLOT(rt, global_object), key);
  CHECK(v);
  return v;
}
/* The global function `name`. */
static rd_value global_fn(Runtime *rt, const char *name) {
  rd_value f = global_value(rt, name);
  CHECK(value_has_type(f, TYPE_JS_FUNCTION));
  return f;
}
#define SHARED_OF(f) (((JSFunction *)value_to_ptr(f))->shared)
#define FEEDBACK_OF(f) (((JSFunction *)value_to_ptr(f))->feedback)

/* Starts "optimized" code: the frame of the contract, `slots` spill slots. */
static void opt_prologue(Assembler *a, uint32_t slots) {
  asm_push_r(a, RBP);
  asm_mov_rr(a, W64, RBP, RSP);
  asm_push_r(a, RDI);                                   /* [rbp - 8]  function */
  asm_push_r(a, RSI);                                   /* [rbp - 16] args */
  asm_movabs(a, RAX, value_from_int32(0));
  asm_or_rr(a, W64, RAX, RDX);                          /* argc as an int32 value */
  asm_push_r(a, RAX);                                   /* [rbp - 24] */
  asm_push_r(a, RCX);                                   /* [rbp - 32] new.target */
  asm_sub_ri(a, W64, RSP, (int32_t)(8 * slots));
}
static void load_xmm(Assembler *a, X64Xmm x, double d) {
  uint64_t bits;
  memcpy(&bits, &d, 8);
  asm_movabs(a, RAX, bits);
  asm_movq_xr(a, W64, x, RAX);
}
static void store_slot(Assembler *a, uint32_t slot, uint64_t v) {
  asm_movabs(a, RAX, v);
  asm_mov_mr(a, W64, asm_mem(RBP, opt_frame_spill_offset(slot)), RAX);
}

/* Code for f with deopt data from b and lits (not installed). */
static rd_value new_code(Runtime *rt, rd_value f, Assembler *a, uint32_t slots, TranslationBuilder *b,
                         Handle lits, const DeoptPoint *points, uint32_t n) {
  HANDLE_SCOPE(rt);
  Handle sfi = handle_new(rt, SHARED_OF(f));
  Handle tr = handle_new(rt, translation_builder_finish(rt, b));
  CHECK(*tr);
  Handle data = handle_new(rt, deopt_data_new(rt, tr, lits, points, n));
  CHECK(*data);
  CodeDesc d = {.kind = CODE_KIND_OPTIMIZED, .frame_slots = slots, .shared_info = sfi, .deopt_data = data};
  rd_value code = code_new_from_assembler(rt, a, &d);
  CHECK(code);
  return code;
}

/* Installs code for f (its optimized code) with deopt data from b and lits. */
static rd_value install(Runtime *rt, rd_value f, Assembler *a, uint32_t slots, TranslationBuilder *b,
                        Handle lits, const DeoptPoint *points, uint32_t n) {
  HANDLE_SCOPE(rt);
  Handle hf = handle_new(rt, f);
  rd_value code = new_code(rt, f, a, slots, b, lits, points, n);
  FixedArray *fv = FIXED_ARRAY(FEEDBACK_OF(*hf));
  HEAP_STORE(fv, fv->data[FV_OPTIMIZED_CODE], code);
  return code;
}

/* Calls f's optimized code through the entry stub with receiver undefined
 * and the arguments, laid out on the VM stack as the interpreter does. */
static rd_value call_code(Runtime *rt, rd_value f, rd_value code, uint32_t argc, const rd_value *argv) {
  rd_value *slot = rt->sp;
  slot[0] = f;
  slot[1] = VALUE_UNDEFINED;
  for (uint32_t i = 0; i < argc; i++) slot[2 + i] = argv[i];
  rt->sp = slot + 2 + argc;
  rd_value r = code_call_raw(rt, code, slot + 1, argc, VALUE_UNDEFINED);
  EXPECT(rt->sp == slot + 2 + argc);
  EXPECT_EQ_U64(rt->exit_fp, 0);
  rt->sp = slot;
  return r;
}
static rd_value call_optimized(Runtime *rt, rd_value f, uint32_t argc, const rd_value *argv) {
  return call_code(rt, f, FIXED_ARRAY(FEEDBACK_OF(f))->data[FV_OPTIMIZED_CODE], argc, argv);
}

static Runtime *start(const char *src) {
  Runtime *rt = rd_runtime_new();
  CHECK(rt);
  rd_value r = compiler_run_script(rt, src, strlen(src), "deopt.js");
  CHECK(r);
  return rt;
}

/* Captures stdout (the --trace-deopt lines) into buf while fn(arg) runs. */
static int stdout_saved = -1;
static FILE *capture_begin(void) {
  fflush(stdout);
  FILE *tmp = tmpfile();
  CHECK(tmp);
  stdout_saved = dup(1);
  dup2(fileno(tmp), 1);
  return tmp;
}
static void capture_end(FILE *tmp, char *buf, size_t n) {
  fflush(stdout);
  dup2(stdout_saved, 1);
  close(stdout_saved);
  rewind(tmp);
  size_t got = fread(buf, 1, n - 1, tmp);
  buf[got] = 0;
  fclose(tmp);
}

/*
 * function f(a, b) { var t = a * 3; var u = t - b; return u + t; }
 *   15: Ldar a1   17: Sub r2, #1   20: Star r1   22: Ldar r1   24: Star r2
 *   26: Ldar r0   28: Add r2, #2   31: Return
 * Deopt at 17 with r0 = 10 (rbx, int32), r2 = 2.5 (xmm1, float64),
 * accumulator = 4 (spill slot 1, tagged), r1 = true (rdx... bool in r9):
 * the interpreter computes r2 - acc = -1.5, then r0 + that = 8.5.
 */
static const char *const f_src =
    "function f(a, b) { var t = a * 3; var u = t - b; return u + t; }\n"
    "f(1, 2);\n";

TEST(deopt_one_frame) {
  Runtime *rt = start(f_src);
  {
    HANDLE_SCOPE(rt);
    Handle f = handle_new(rt, global_fn(rt, "f"));
    BytecodeArray *ba = (BytecodeArray *)value_to_ptr(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*f)))->bytecode);
    CHECK(ba->frame_size == 3 && ba->bytes[17] == BC_Sub && ba->bytes[28] == BC_Add);
    Handle lits = handle_new(rt, factory_fixed_array(rt, 3, VALUE_UNDEFINED, ALLOC_YOUNG));
    FIXED_ARRAY(*lits)->data[0] = SHARED_OF(*f);
    FIXED_ARRAY(*lits)->data[1] = ((JSFunction *)value_to_ptr(*f))->context;
    TranslationBuilder b;
    translation_builder_init(&b);
    uint32_t ti = translation_begin(&b, 1, 0);
    translation_interpreted_frame(&b, 0, 17, 3, 0);
    translation_stack_slot(&b, -4, REPR_TAGGED);        /* function */
    translation_parameter(&b, 0);                       /* receiver */
    translation_parameter(&b, 1);                       /* a */
    translation_parameter(&b, 2);                       /* b */
    translation_literal(&b, 1);                         /* context */
    translation_register(&b, RBX, REPR_INT32);          /* r0 */
    translation_register(&b, R9, REPR_BOOL);            /* r1 */
    translation_register(&b, XMM1, REPR_FLOAT64);       /* r2 */
    translation_stack_slot(&b, 1, REPR_TAGGED);         /* accumulator */
    Assembler a;
    asm_init(&a);
    opt_prologue(&a, 2);
    asm_mov_ri(&a, W64, RBX, -7);                       /* high bits must not matter */
    asm_mov_ri(&a, W32, RBX, 10);
    asm_mov_ri(&a, W64, R9, 0x100000000LL);             /* low 32 bits zero: false */
    load_xmm(&a, XMM1, 2.5);
    store_slot(&a, 0, VALUE_NULL);
    store_slot(&a, 1, value_from_int32(4));
    AsmLabel exit = asm_label_new(&a);
    asm_cmp_ri(&a, W64, RBX, 10);
    asm_jcc(&a, COND_E, exit);                          /* the "guard" fails */
    asm_ud2(&a);
    asm_bind(&a, exit);
    deopt_emit_exit(&a, 0);
    DeoptPoint p = {17, ti, DEOPT_KIND_EAGER, DEOPT_REASON_NOT_INT32, -1};
    Handle code = handle_new(rt, install(rt, *f, &a, 2, &b, lits, &p, 1));
    translation_builder_free(&b);
    DeoptStats before = deopt_stats;
    FLAG_trace_deopt = true;
    FILE *cap = capture_begin();
    rd_value r = call_optimized(rt, *f, 2, (rd_value[]){value_from_int32(1), value_from_int32(7)});
    char out[512];
    capture_end(cap, out, sizeof out);
    FLAG_trace_deopt = false;
    EXPECT(r == value_from_number(8.5));
    EXPECT_STREQ(out, "[deoptimizing (eager): f, reason: not an int32, bytecode offset 17, 1 frame, 0 objects]\n");
    EXPECT_EQ_INT(deopt_stats.deopts, before.deopts + 1);
    EXPECT_EQ_INT(deopt_stats.frames, before.frames + 1);
    EXPECT_EQ_INT(value_to_int32(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*f)))->deopt_count), 1);
    EXPECT(code_is_marked_for_deoptimization(*code));
    EXPECT(code_list_contains(rt->deoptimized_code_list, *code));
    /* The frame the deopt wrote was popped; the stack is as before. */
    EXPECT(rt->exception == VALUE_EMPTY);
  }
  rd_runtime_free(rt);
}

/* The same deopt reached from JS: the interpreter's call goes through the
 * tier hook into the code, the deopt resumes in the interpreter, and the
 * next call, the code being invalid now, stays in the interpreter. */
TEST(deopt_called_from_js) {
  Runtime *rt = start(f_src);
  {
    HANDLE_SCOPE(rt);
    Handle f = handle_new(rt, global_fn(rt, "f"));
    Handle lits = handle_new(rt, factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_YOUNG));
    FIXED_ARRAY(*lits)->data[0] = SHARED_OF(*f);
    FIXED_ARRAY(*lits)->data[1] = ((JSFunction *)value_to_ptr(*f))->context;
    TranslationBuilder b;
    translation_builder_init(&b);
    uint32_t ti = translation_begin(&b, 1, 0);
    translation_interpreted_frame(&b, 0, 17, 3, 0);
    translation_stack_slot(&b, -4, REPR_TAGGED);
    translation_parameter(&b, 0);
    translation_parameter(&b, 1);
    translation_parameter(&b, 2);
    translation_literal(&b, 1);
    translation_register(&b, RBX, REPR_INT32);          /* r0 = 10 */
    translation_stack_slot(&b, -2, REPR_TAGGED);        /* r1 = argc (an int32 value) */
    translation_register(&b, XMM1, REPR_FLOAT64);       /* r2 = 2.5 */
    translation_register(&b, R12, REPR_UINT32);         /* accumulator = 4 */
    Assembler a;
    asm_init(&a);
    opt_prologue(&a, 0);
    asm_mov_ri(&a, W32, RBX, 10);
    load_xmm(&a, XMM1, 2.5);
    asm_mov_ri(&a, W32, R12, 4);
    deopt_emit_exit(&a, 0);
    DeoptPoint p = {17, ti, DEOPT_KIND_EAGER, DEOPT_REASON_NOT_NUMBER, -1};
    (void)install(rt, *f, &a, 0, &b, lits, &p, 1);
    translation_builder_free(&b);
    DeoptStats before = deopt_stats;
    const char *src = "var r1 = f(1, 7), r2 = f(1, 7);\n";
    EXPECT(compiler_run_script(rt, src, strlen(src), "call.js") != VALUE_EMPTY);
    Handle key = handle_new(rt, string_internalize_cstr(rt, "r1"));
    EXPECT(js_get(rt, ROOT_SLOT(rt, global_object), key) == value_from_number(8.5));
    *key = string_internalize_cstr(rt, "r2");
    EXPECT(js_get(rt, ROOT_SLOT(rt, global_object), key) == value_from_int32(-1));
    EXPECT_EQ_INT(deopt_stats.deopts, before.deopts + 1);
    EXPECT(rt->sp == rt->stack);
  }
  rd_runtime_free(rt);
}

/* %DeoptimizeFunction marks the closure's code; the next call runs interpreted. */
TEST(deopt_natives_deoptimize_function) {
  Runtime *rt = start(f_src);
  {
    HANDLE_SCOPE(rt);
    Handle f = handle_new(rt, global_fn(rt, "f"));
    Handle lits = handle_new(rt, factory_fixed_array(rt, 1, VALUE_UNDEFINED, ALLOC_YOUNG));
    TranslationBuilder b;
    translation_builder_init(&b);
    Assembler a;
    asm_init(&a);
    opt_prologue(&a, 0);
    asm_ud2(&a);                                        /* must never run */
    Handle code = handle_new(rt, install(rt, *f, &a, 0, &b, lits, NULL, 0));
    translation_builder_free(&b);
    EXPECT(!code_is_marked_for_deoptimization(*code));
    FLAG_allow_natives_syntax = true;
    const char *src = "%DeoptimizeFunction(f); var r = f(1, 2);\n";
    EXPECT(compiler_run_script(rt, src, strlen(src), "natives.js") != VALUE_EMPTY);
    FLAG_allow_natives_syntax = false;
    EXPECT(code_is_marked_for_deoptimization(*code));
    Handle key = handle_new(rt, string_internalize_cstr(rt, "r"));
    EXPECT(js_get(rt, ROOT_SLOT(rt, global_object), key) == value_from_int32(4));
  }
  rd_runtime_free(rt);
}

/*
 * function k(o, q) { return (o === q ? 1000 : 0) + o.x * 10 + q.y; }
 * Deopt at offset 0 with o = a captured {x: 3 (rbx int32), y: 0.5 (xmm2)}
 * and q = the same object (DUPLICATED_OBJECT), a second captured object in
 * register r0 holding the first in a field; a GC at every allocation.
 */
static const char *const k_src =
    "var proto = {x: 1, y: 2, z: 3};\n"
    "function k(o, q) { var keep = o; return (o === q ? 1000 : 0) + o.x * 10 + q.y; }\n"
    "k(proto, proto);\n";

static void run_captured(bool stress) {
  int64_t interval = FLAG_gc_interval;   /* the heap reads it when it is made */
  if (stress) FLAG_gc_interval = 1;
  Runtime *rt = start(k_src);
  {
    HANDLE_SCOPE(rt);
    Handle k = handle_new(rt, global_fn(rt, "k"));
    Handle proto = handle_new(rt, global_fn(rt, "k"));
    {
      Handle key = handle_new(rt, string_internalize_cstr(rt, "proto"));
      *proto = js_get(rt, ROOT_SLOT(rt, global_object), key);
    }
    uint32_t words = heap_object_map(value_to_ptr(*proto))->instance_size / 8;
    CHECK(words >= JS_OBJECT_HEADER_WORDS + 2);
    BytecodeArray *ba = (BytecodeArray *)value_to_ptr(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*k)))->bytecode);
    uint32_t height = ba->frame_size;
    CHECK(height >= 1);
    Handle lits = handle_new(rt, factory_fixed_array(rt, 5, VALUE_UNDEFINED, ALLOC_YOUNG));
    FixedArray *l = FIXED_ARRAY(*lits);
    l->data[0] = SHARED_OF(*k);
    l->data[1] = ((JSFunction *)value_to_ptr(*k))->context;
    l->data[2] = value_from_ptr(heap_object_map(value_to_ptr(*proto)));
    l->data[3] = ROOT(rt, empty_fixed_array);
    TranslationBuilder b;
    translation_builder_init(&b);
    uint32_t ti = translation_begin(&b, 1, 2);
    translation_interpreted_frame(&b, 0, 0, height, 0);
    translation_stack_slot(&b, -4, REPR_TAGGED);        /* function */
    translation_parameter(&b, 0);                       /* receiver */
    translation_captured_object(&b, 2, words - 1);      /* o */
    translation_literal(&b, 3);                         /*   properties */
    translation_literal(&b, 3);                         /*   elements */
    translation_register(&b, RBX, REPR_INT32);          /*   x */
    translation_register(&b, XMM2, REPR_FLOAT64);       /*   y */
    for (uint32_t i = JS_OBJECT_HEADER_WORDS + 2; i < words; i++) translation_literal(&b, 4);
    translation_duplicated_object(&b, 0);               /* q */
    translation_literal(&b, 1);                         /* context */
    translation_captured_object(&b, 2, words - 1);      /* r0: {x: o, y: 7} */
    translation_literal(&b, 3);
    translation_literal(&b, 3);
    translation_duplicated_object(&b, 0);
    translation_stack_slot(&b, 0, REPR_TAGGED);
    for (uint32_t i = JS_OBJECT_HEADER_WORDS + 2; i < words; i++) translation_literal(&b, 4);
    for (uint32_t r = 1; r < height; r++) translation_literal(&b, 4);
    translation_literal(&b, 4);                         /* accumulator */
    Assembler a;
    asm_init(&a);
    opt_prologue(&a, 2);
    asm_mov_ri(&a, W32, RBX, 3);
    load_xmm(&a, XMM2, 0.5);
    store_slot(&a, 0, value_from_int32(7));
    store_slot(&a, 1, VALUE_UNDEFINED);
    deopt_emit_exit(&a, 0);
    DeoptPoint p = {0, ti, DEOPT_KIND_EAGER, DEOPT_REASON_WRONG_MAP, -1};
    (void)install(rt, *k, &a, 2, &b, lits, &p, 1);
    translation_builder_free(&b);
    DeoptStats before = deopt_stats;
    uint64_t counted = rt->heap.allocation_count;   /* counts only under stress */
    rd_value r = call_optimized(rt, *k, 2, (rd_value[]){VALUE_NULL, VALUE_NULL});
    EXPECT(!stress || rt->heap.allocation_count > counted);   /* the stress did run */
    EXPECT(r == value_from_number(1030.5));
    EXPECT_EQ_INT(deopt_stats.objects, before.objects + 2);
  }
  rd_runtime_free(rt);
  FLAG_gc_interval = interval;
}

TEST(deopt_captured_objects) { run_captured(false); }
TEST(deopt_captured_objects_gc_stress) { run_captured(true); }

/*
 * function g(x) { return h(x, 5) + 1; }    13: CallUndefinedReceiver r0, r1, 2
 *                                          18: AddSmi 1    21: Return
 * function h(p, q) { var s = p * q; return s + p; }
 *                                          11: Ldar r0 ... Add r1  Return
 * The guard fails in h inlined into g: g's frame at the call (offset 13),
 * h's at 11 with s = 20 (rcx, int32), p = 4 (rbx, int32), q = 5 (literal).
 * h returns 24 into g, which adds 1.
 */
static const char *const g_src =
    "function g(x) { return h(x, 5) + 1; }\n"
    "function h(p, q) { var s = p * q; return s + p; }\n"
    "g(1);\n";

TEST(deopt_inlined_frames) {
  Runtime *rt = start(g_src);
  {
    HANDLE_SCOPE(rt);
    Handle g = handle_new(rt, global_fn(rt, "g"));
    Handle h = handle_new(rt, global_fn(rt, "h"));
    BytecodeArray *gba = (BytecodeArray *)value_to_ptr(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*g)))->bytecode);
    BytecodeArray *hba = (BytecodeArray *)value_to_ptr(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*h)))->bytecode);
    CHECK(gba->bytes[13] == BC_CallUndefinedReceiver && gba->frame_size == 3);
    CHECK(hba->bytes[11] == BC_Ldar && hba->frame_size == 2);
    Handle lits = handle_new(rt, factory_fixed_array(rt, 8, VALUE_UNDEFINED, ALLOC_YOUNG));
    FixedArray *l = FIXED_ARRAY(*lits);
    l->data[0] = SHARED_OF(*g);
    l->data[1] = ((JSFunction *)value_to_ptr(*g))->context;
    l->data[2] = SHARED_OF(*h);
    l->data[3] = *h;
    l->data[4] = ROOT(rt, global_object);
    l->data[5] = value_from_int32(5);
    l->data[6] = VALUE_UNDEFINED;
    TranslationBuilder b;
    translation_builder_init(&b);
    uint32_t ti = translation_begin(&b, 2, 0);
    translation_interpreted_frame(&b, 0, 13, 3, 0);     /* g at the call */
    translation_stack_slot(&b, -4, REPR_TAGGED);
    translation_parameter(&b, 0);
    translation_parameter(&b, 1);                       /* x */
    translation_literal(&b, 1);                         /* context */
    translation_literal(&b, 3);                         /* r0 = h */
    translation_register(&b, RBX, REPR_INT32);          /* r1 = x */
    translation_literal(&b, 5);                         /* r2 = 5 */
    translation_literal(&b, 6);                         /* accumulator */
    translation_interpreted_frame(&b, 2, 11, 2, 3);     /* h, argc 2 */
    translation_literal(&b, 3);                         /* function */
    translation_literal(&b, 4);                         /* receiver (sloppy: the global) */
    translation_register(&b, RBX, REPR_INT32);          /* p */
    translation_literal(&b, 5);                         /* q */
    translation_literal(&b, 1);                         /* context */
    translation_register(&b, RCX, REPR_INT32);          /* r0 = s */
    translation_literal(&b, 6);                         /* r1 */
    translation_literal(&b, 6);                         /* accumulator */
    Assembler a;
    asm_init(&a);
    opt_prologue(&a, 0);
    asm_mov_ri(&a, W32, RBX, 4);
    asm_mov_ri(&a, W32, RCX, 20);
    deopt_emit_exit(&a, 1);
    DeoptPoint p[] = {{0, ti, DEOPT_KIND_EAGER, DEOPT_REASON_NONE, -1},
                      {11, ti, DEOPT_KIND_EAGER, DEOPT_REASON_OVERFLOW, -1}};
    Handle code = handle_new(rt, install(rt, *g, &a, 0, &b, lits, p, 2));
    translation_builder_free(&b);
    /* The closure no longer names the code (as after an unlinking while the
     * activation runs): the deoptimizer finds it from the exit's address. */
    FIXED_ARRAY(FEEDBACK_OF(*g))->data[FV_OPTIMIZED_CODE] = VALUE_UNDEFINED;
    FLAG_trace_deopt = true;
    FILE *cap = capture_begin();
    rd_value r = call_code(rt, *g, *code, 1, (rd_value[]){value_from_int32(4)});
    char out[512];
    capture_end(cap, out, sizeof out);
    FLAG_trace_deopt = false;
    EXPECT(r == value_from_int32(25));
    EXPECT_STREQ(out, "[deoptimizing (eager): g, reason: overflow, bytecode offset 11 in h, 2 frames, 0 objects]\n");
    EXPECT(rt->exception == VALUE_EMPTY);
  }
  rd_runtime_free(rt);
}

/* --- the activations of an optimized frame at a call (stack traces) --------------- */
/*
 * g calls foo.h (CallProperty at 15), h calls m (CallUndefinedReceiver at
 * 12); optimized g with h inlined stands for h and g while it calls m.
 */
static const char *const call_src =
    "function Foo() {}\n"
    "Foo.prototype.h = function h(p) { return m(p) + 1; };\n"
    "var foo = new Foo();\n"
    "var s; function m(q) { s = new Error().stack; return q; }\n"
    "function g(x) { return foo.h(x) * 2; }\n"
    "g(1); var h = Foo.prototype.h;\n";
enum { G_CALL = 15, H_CALL = 12 };

/* The literals of the call tests: g's and h's shared infos, the context,
 * h, foo, foo's map (for captured objects, never materialized here),
 * undefined, 77. */
enum { L_G, L_CTX, L_H_SFI, L_H, L_FOO, L_MAP, L_UNDEF, L_77, L_COUNT };
static Handle call_literals(Runtime *rt, Handle g, Handle h, Handle foo) {
  BytecodeArray *gba = (BytecodeArray *)value_to_ptr(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*g)))->bytecode);
  BytecodeArray *hba = (BytecodeArray *)value_to_ptr(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*h)))->bytecode);
  CHECK(gba->bytes[G_CALL] == BC_CallProperty && gba->frame_size == 4 && gba->parameter_count == 1);
  CHECK(hba->bytes[H_CALL] == BC_CallUndefinedReceiver && hba->frame_size == 3 && hba->parameter_count == 1);
  Handle lits = handle_new(rt, factory_fixed_array(rt, L_COUNT, VALUE_UNDEFINED, ALLOC_YOUNG));
  FixedArray *l = FIXED_ARRAY(*lits);
  l->data[L_G] = SHARED_OF(*g);
  l->data[L_CTX] = ((JSFunction *)value_to_ptr(*g))->context;
  l->data[L_H_SFI] = SHARED_OF(*h);
  l->data[L_H] = *h;
  l->data[L_FOO] = *foo;
  l->data[L_MAP] = value_from_ptr(heap_object_map(value_to_ptr(*foo)));
  l->data[L_77] = value_from_int32(77);
  return lits;
}

/* Appends n undefined literals. */
static void undefineds(TranslationBuilder *b, uint32_t n) {
  while (n--) translation_literal(b, L_UNDEF);
}

/* g's frame at its call of h (the outermost), its values from the frame. */
static void g_frame(TranslationBuilder *b) {
  translation_interpreted_frame(b, L_G, G_CALL, 4, 0);
  translation_stack_slot(b, -4, REPR_TAGGED);         /* function */
  translation_parameter(b, 0);                        /* receiver */
  translation_parameter(b, 1);                        /* x */
  translation_literal(b, L_CTX);
  undefineds(b, 1);                                   /* r0 */
  translation_literal(b, L_H);                        /* r1 = h */
  translation_literal(b, L_FOO);                      /* r2 = foo (the receiver) */
  translation_parameter(b, 1);                        /* r3 = x */
  undefineds(b, 1);                                   /* accumulator */
}

/* The walk itself, over a frame laid out in a C array: captured objects
 * (nested, duplicated) are skipped, an inlined frame's parameters are
 * max(argc, formals), the receiver comes from a parameter, a tagged slot
 * or a literal (else undefined), and only lazy points at pc count. */
TEST(deopt_frames_at_call) {
  Runtime *rt = start(call_src);
  {
    HANDLE_SCOPE(rt);
    Handle g = handle_new(rt, global_fn(rt, "g"));
    Handle h = handle_new(rt, global_fn(rt, "h"));
    Handle foo = handle_new(rt, global_value(rt, "foo"));
    Handle lits = call_literals(rt, g, h, foo);
    TranslationBuilder b;
    translation_builder_init(&b);
    /* Three frames: g, h inlined (2 arguments), h inlined again (1). */
    uint32_t t3 = translation_begin(&b, 3, 3);
    translation_interpreted_frame(&b, L_G, G_CALL, 4, 0);
    translation_stack_slot(&b, -4, REPR_TAGGED);
    translation_parameter(&b, 0);
    translation_captured_object(&b, L_MAP, 3);          /* x = {o, o, 1.5} with o = {77} */
    translation_captured_object(&b, L_MAP, 1);
    translation_literal(&b, L_77);
    translation_duplicated_object(&b, 1);
    translation_register(&b, XMM1, REPR_FLOAT64);
    translation_literal(&b, L_CTX);
    translation_register(&b, RBX, REPR_INT32);          /* r0 .. r3 */
    translation_stack_slot(&b, 0, REPR_FLOAT64);
    translation_duplicated_object(&b, 0);
    undefineds(&b, 2);                                  /* r3, accumulator */
    translation_interpreted_frame(&b, L_H_SFI, H_CALL, 3, 3);
    translation_literal(&b, L_H);
    translation_stack_slot(&b, 1, REPR_TAGGED);         /* receiver: 77 */
    translation_register(&b, RBX, REPR_INT32);          /* p */
    translation_captured_object(&b, L_MAP, 1);          /* the extra argument */
    translation_literal(&b, L_UNDEF);
    translation_literal(&b, L_CTX);
    undefineds(&b, 4);
    translation_interpreted_frame(&b, L_H_SFI, H_CALL, 3, 2);
    translation_literal(&b, L_H);
    translation_literal(&b, L_FOO);                     /* receiver */
    undefineds(&b, 6);
    /* One frame each: a receiver in a register, a parameter past argc. */
    uint32_t tr = translation_begin(&b, 1, 0);
    translation_interpreted_frame(&b, L_G, 0, 4, 0);
    translation_stack_slot(&b, -4, REPR_TAGGED);
    translation_register(&b, RCX, REPR_TAGGED);
    undefineds(&b, 7);
    uint32_t tp = translation_begin(&b, 1, 0);
    translation_interpreted_frame(&b, L_G, 0, 4, 0);
    translation_stack_slot(&b, -4, REPR_TAGGED);
    translation_parameter(&b, 2);
    undefineds(&b, 7);
    Assembler a;
    asm_init(&a);
    asm_nop(&a, 16);
    DeoptPoint p[] = {{H_CALL, t3, DEOPT_KIND_LAZY, DEOPT_REASON_NONE, 4},
                      {0, tr, DEOPT_KIND_LAZY, DEOPT_REASON_NONE, 8},
                      {0, tp, DEOPT_KIND_LAZY, DEOPT_REASON_NONE, 12},
                      {0, tr, DEOPT_KIND_EAGER, DEOPT_REASON_NONE, 14}};
    Handle code = handle_new(rt, new_code(rt, *g, &a, 2, &b, lits, p, 4));
    translation_builder_free(&b);

    /* g's frame: [fp-8] g, [fp-16] args, [fp-24] argc 1, [fp-32] new.target, spill slots 0, 1. */
    rd_value in[3] = {*g, *foo, value_from_int32(5)}, mem[8];
    mem[7] = 0;
    mem[6] = *g;
    mem[5] = (rd_value)(uintptr_t)&in[1];
    mem[4] = value_from_int32(1);
    mem[3] = VALUE_UNDEFINED;
    mem[2] = 0;
    mem[1] = value_from_int32(77);
    uintptr_t fp = (uintptr_t)&mem[7], base = (uintptr_t)CODE(*code)->instructions;
    DeoptFrameInfo out[4];
    EXPECT_EQ_INT(deopt_frames_at_call(*code, fp, base + 4, out, 4), 3);
    EXPECT(out[0].function == *h && out[0].receiver == *foo && out[0].bytecode_offset == H_CALL);
    EXPECT(out[1].function == *h && out[1].receiver == value_from_int32(77) && out[1].bytecode_offset == H_CALL);
    EXPECT(out[2].function == *g && out[2].receiver == *foo && out[2].bytecode_offset == G_CALL);
    memset(out, 0, sizeof out);
    EXPECT_EQ_INT(deopt_frames_at_call(*code, fp, base + 4, out, 1), 1);   /* the innermost */
    EXPECT(out[0].receiver == *foo && out[1].function == 0);
    EXPECT_EQ_INT(deopt_frames_at_call(*code, fp, base + 8, out, 4), 1);
    EXPECT(out[0].function == *g && out[0].receiver == VALUE_UNDEFINED && out[0].bytecode_offset == 0);
    in[0] = *h;                                         /* the outermost function is the frame's */
    mem[6] = *h;
    EXPECT_EQ_INT(deopt_frames_at_call(*code, fp, base + 12, out, 4), 1);
    EXPECT(out[0].function == *h && out[0].receiver == VALUE_UNDEFINED);
    EXPECT_EQ_INT(deopt_frames_at_call(*code, fp, base + 14, out, 4), 0);   /* eager */
    EXPECT_EQ_INT(deopt_frames_at_call(*code, fp, base + 5, out, 4), 0);
    EXPECT_EQ_INT(deopt_frames_at_call(*code, fp, base - 4, out, 4), 0);
  }
  rd_runtime_free(rt);
}

/* What the helper the optimized g calls (in place of m) saw. */
static struct {
  Handle g, h;
  char all[512], one[512], skip_h[512], skip_g[512];
} traced;

/* Copies stack_trace_capture(rt, limit, false, skip) into out. */
static void trace_into(Runtime *rt, char *out, size_t n, uint32_t limit, Handle skip) {
  rd_value t = stack_trace_capture(rt, limit, false, skip);
  char *s = t ? string_to_utf8(t, NULL) : NULL;
  snprintf(out, n, "%s", s ? s : "<failed>");
  free(s);
}

/* Called from the optimized g through an exit: records the stack traces. */
static rd_value trace_helper(Runtime *rt) {
  trace_into(rt, traced.all, sizeof traced.all, 10, NULL);
  trace_into(rt, traced.one, sizeof traced.one, 1, NULL);
  trace_into(rt, traced.skip_h, sizeof traced.skip_h, 10, traced.h);
  trace_into(rt, traced.skip_g, sizeof traced.skip_g, 10, traced.g);
  return value_from_int32(3);
}

/* Runs optimized g (h inlined, calling trace_helper at h's call of m); the
 * lazy point is at the call's return address plus pc_delta. */
static void run_traced(Runtime *rt, int32_t pc_delta) {
  HANDLE_SCOPE(rt);
  Handle foo = handle_new(rt, global_value(rt, "foo"));
  Handle lits = call_literals(rt, traced.g, traced.h, foo);
  TranslationBuilder b;
  translation_builder_init(&b);
  uint32_t ti = translation_begin(&b, 2, 1);
  g_frame(&b);
  translation_interpreted_frame(&b, L_H_SFI, H_CALL, 3, 2);
  translation_literal(&b, L_H);
  translation_literal(&b, L_FOO);                     /* receiver */
  translation_captured_object(&b, L_MAP, 1);          /* p, a captured object */
  translation_literal(&b, L_77);
  translation_literal(&b, L_CTX);
  undefineds(&b, 4);
  Assembler a;
  asm_init(&a);
  opt_prologue(&a, 0);
  AsmLabel ret = asm_label_new(&a);
  asm_mov_mr(&a, W64, asm_mem(R13, (int32_t)offsetof(Runtime, exit_fp)), RBP);
  asm_lea(&a, W64, RAX, asm_mem_label(ret));
  asm_mov_mr(&a, W64, asm_mem(R13, (int32_t)offsetof(Runtime, exit_pc)), RAX);
  asm_mov_rr(&a, W64, RDI, R13);
  asm_call_abs(&a, (uint64_t)(uintptr_t)trace_helper, RAX);
  asm_bind(&a, ret);
  int32_t pc = asm_label_pos(&a, ret) + pc_delta;
  asm_mov_mi(&a, W64, asm_mem(R13, (int32_t)offsetof(Runtime, exit_fp)), 0);
  asm_mov_mi(&a, W64, asm_mem(R13, (int32_t)offsetof(Runtime, exit_pc)), 0);
  asm_mov_rr(&a, W64, RSP, RBP);
  asm_pop_r(&a, RBP);
  asm_ret(&a, 0);
  DeoptPoint p = {H_CALL, ti, DEOPT_KIND_LAZY, DEOPT_REASON_NONE, pc};
  Handle code = handle_new(rt, new_code(rt, *traced.g, &a, 0, &b, lits, &p, 1));
  translation_builder_free(&b);
  EXPECT(call_code(rt, *traced.g, *code, 1, (rd_value[]){value_from_int32(1)}) == value_from_int32(3));
}

/* Stack traces show the activations an optimized frame stands for, each
 * with its own name and position (as the interpreter's trace of the same
 * calls), and count each against the limit and for skipping. Without a
 * lazy point at the call: one line, the function's start. Under stress, a
 * compacting GC at every allocation (the runtime's heap reads the flags
 * when created) moves everything while the trace builds the line table
 * between its lines. */
static void run_stack_trace_inlined(bool stress) {
  int64_t interval = FLAG_gc_interval;
  bool compaction = FLAG_stress_compaction;
  if (stress) FLAG_gc_interval = 1, FLAG_stress_compaction = true;
  Runtime *rt = start(call_src);
  {
    HANDLE_SCOPE(rt);
    traced.g = handle_new(rt, global_fn(rt, "g"));
    traced.h = handle_new(rt, global_fn(rt, "h"));
    rd_value s = global_value(rt, "s");
    char *interpreted = s && value_is_string(s) ? string_to_utf8(s, NULL) : NULL;
    const char *want = "\n    at Foo.h (deopt.js:2:42)\n    at g (deopt.js:5:28)";
    EXPECT(interpreted && strstr(interpreted, want) != NULL);
    free(interpreted);
    Script *script = (Script *)value_to_ptr(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*traced.g)))->script);
    script->line_ends = VALUE_UNDEFINED;                /* built again by the first line */
    run_traced(rt, 0);
    EXPECT_STREQ(traced.all, want);
    EXPECT_STREQ(traced.one, "\n    at Foo.h (deopt.js:2:42)");
    EXPECT_STREQ(traced.skip_h, "\n    at g (deopt.js:5:28)");
    EXPECT_STREQ(traced.skip_g, "");
    run_traced(rt, 1);
    EXPECT_STREQ(traced.all, "\n    at g (deopt.js:5:1)");
    EXPECT_STREQ(traced.skip_h, "");
    traced.g = traced.h = NULL;
  }
  rd_runtime_free(rt);
  FLAG_gc_interval = interval;
  FLAG_stress_compaction = compaction;
}

TEST(deopt_stack_trace_inlined) { run_stack_trace_inlined(false); }
TEST(deopt_stack_trace_inlined_gc_stress) { run_stack_trace_inlined(true); }

/* A deopt whose resumed code throws: the exception reaches the caller. */
TEST(deopt_resume_throws) {
  Runtime *rt = start("function t(a) { return a.b.c; }\nt({b: {c: 1}});\n");
  {
    HANDLE_SCOPE(rt);
    Handle t = handle_new(rt, global_fn(rt, "t"));
    uint32_t height = ((BytecodeArray *)value_to_ptr(((SharedFunctionInfo *)value_to_ptr(SHARED_OF(*t)))->bytecode))->frame_size;
    Handle lits = handle_new(rt, factory_fixed_array(rt, 3, VALUE_UNDEFINED, ALLOC_YOUNG));
    FIXED_ARRAY(*lits)->data[0] = SHARED_OF(*t);
    FIXED_ARRAY(*lits)->data[1] = ((JSFunction *)value_to_ptr(*t))->context;
    TranslationBuilder b;
    translation_builder_init(&b);
    uint32_t ti = translation_begin(&b, 1, 0);
    translation_interpreted_frame(&b, 0, 0, height, 0);
    translation_stack_slot(&b, -4, REPR_TAGGED);
    translation_parameter(&b, 0);
    translation_literal(&b, 2);                         /* a = undefined: a.b throws */
    translation_literal(&b, 1);
    for (uint32_t r = 0; r <= height; r++) translation_literal(&b, 2);
    Assembler a;
    asm_init(&a);
    opt_prologue(&a, 0);
    deopt_emit_exit(&a, 0);
    DeoptPoint p = {0, ti, DEOPT_KIND_EAGER, DEOPT_REASON_WRONG_MAP, -1};
    (void)install(rt, *t, &a, 0, &b, lits, &p, 1);
    translation_builder_free(&b);
    rd_value r = call_optimized(rt, *t, 1, (rd_value[]){VALUE_NULL});
    EXPECT(r == VALUE_EMPTY);
    EXPECT(rt->exception != VALUE_EMPTY);
    rt->exception = VALUE_EMPTY;
  }
  rd_runtime_free(rt);
}
