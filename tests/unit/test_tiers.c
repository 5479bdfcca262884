/*
 * test_tiers.c - code objects, the entry stub, optimized frames and the
 * weak code lists (docs/tiers.md), with hand-assembled "optimized" code
 * that follows issue 4's contract: entered from JS through the
 * interpreter's call path and from C through interp_call, calling a C
 * helper through an exit with a tagged spill slot that a compacting GC
 * must update, lazily unlinked after being marked for deoptimization, and
 * reclaimed by a full GC once dead. Runs under the GC-stress flags of CI.
 *
 * Invariant: each test uses a fresh runtime and restores every flag it sets.
 */
#include <stdlib.h>

#include "base/flags.h"
#include "codegen/frames.h"
#include "codegen/tiers.h"
#include "interp/interp_ops.h"
#include "interp/interpreter.h"
#include "interp/stack_trace.h"
#include "objects/string.h"
#include "objects/factory.h"
#include "runtime/natives.h"
#include "runtime/ops.h"
#include "test.h"

/* Runs source as a script; its completion value (VALUE_EMPTY on exception). */
static rd_value eval(Runtime *rt, const char *source) {
  rd_value v = rd_eval(rt, source, strlen(source), "tiers.js", 0);
  if (v == VALUE_EMPTY) {
    char *m = rd_to_utf8(rt, rd_take_exception(rt), NULL);
    test_fail(__FILE__, __LINE__, "uncaught: %s", m ? m : "?");
    free(m);
  }
  return v;
}

/* Runs source and returns its completion value as a malloc'd string. */
static char *eval_str(Runtime *rt, const char *source) {
  rd_value v = eval(rt, source);
  if (!v) return strdup("<exception>");
  char *s = rd_to_utf8(rt, v, NULL);
  return s ? s : strdup("?");
}

/* The standard optimized-frame prologue: function, args, argc, new.target,
 * then `slots` spill slots (rounded so that rsp stays 16-byte aligned). */
static void prologue(Assembler *a, uint32_t slots) {
  asm_push_r(a, RBP);
  asm_mov_rr(a, W64, RBP, RSP);
  asm_push_r(a, RDI);
  asm_push_r(a, RSI);
  asm_mov_ri(a, W64, RAX, (int64_t)VALUE_INT32_TAG);
  asm_or_rr(a, W64, RAX, RDX);
  asm_push_r(a, RAX);
  asm_push_r(a, RCX);
  uint32_t words = 4 + slots;
  asm_sub_ri(a, W64, RSP, (int32_t)(8 * (slots + (words & 1))));
}

static void epilogue(Assembler *a) {
  asm_mov_rr(a, W64, RSP, RBP);
  asm_pop_r(a, RBP);
  asm_ret(a, 0);
}

/* Installs code as the optimized code of the closure in *fn. */
static void install(Handle fn, rd_value code) {
  JSFunction *f = (JSFunction *)value_to_ptr(*fn);
  CHECK(value_has_type(f->feedback, TYPE_FEEDBACK_VECTOR));
  FixedArray *fv = FIXED_ARRAY(f->feedback);
  HEAP_STORE(fv, fv->data[FV_OPTIMIZED_CODE], code);
}

static rd_value shared_of(rd_value fn) { return ((JSFunction *)value_to_ptr(fn))->shared; }

/* "return args[1] + args[2]" for int32 arguments, then `pad` bytes of nops
 * (to make the object big enough to see in the code-space usage). */
static rd_value make_add_code(Runtime *rt, Handle fn, size_t pad) {
  HANDLE_SCOPE(rt);
  Assembler a;
  asm_init(&a);
  prologue(&a, 0);
  asm_mov_rm(&a, W64, RAX, asm_mem(RSI, 8));
  asm_mov_rm(&a, W64, RCX, asm_mem(RSI, 16));
  asm_add_rr(&a, W32, RAX, RCX);   /* zero-extends */
  asm_mov_ri(&a, W64, RCX, (int64_t)VALUE_INT32_TAG);
  asm_or_rr(&a, W64, RAX, RCX);
  epilogue(&a);
  asm_nop(&a, pad);
  Handle sfi = handle_new(rt, shared_of(*fn));
  CodeDesc d = {.kind = CODE_KIND_OPTIMIZED, .shared_info = sfi};
  return code_new_from_assembler(rt, &a, &d);
}

/* What the helper saw, and what it is told to do. */
static struct {
  rd_value before, after;      /* the spill slot around the GC */
  char trace[1024];
  int calls;
  bool throw_it;               /* throw a TypeError instead */
  Handle nested;               /* on the first call, call this function (1 argument: an object) first */
  rd_value nested_result;
} seen;

/* Called from hand-made optimized code through an exit: forces a
 * compacting full GC (the spill slot must be updated) and records a stack
 * trace. Returns true, or VALUE_EMPTY to signal an exception. */
static rd_value helper_gc(Runtime *rt) {
  rd_value *slot = (rd_value *)(rt->exit_fp + opt_frame_spill_offset(0));
  seen.calls++;
  if (seen.throw_it) return js_throw(rt, ERROR_TypeError, "thrown by the helper");
  if (seen.nested && seen.calls == 1) {
    /* Optimized -> C -> interpreter -> optimized: a second entry frame. */
    HANDLE_SCOPE(rt);
    Handle arg = handle_new(rt, eval(rt, "({y: 7})"));
    Handle recv = handle_new(rt, VALUE_UNDEFINED);
    rd_value before = *slot;
    rd_value r = interp_call(rt, seen.nested, recv, 1, arg);
    if (!r) return VALUE_EMPTY;
    seen.nested_result = r;
    if (r != *arg || *slot == before) return VALUE_EMPTY;   /* both frames' slots were updated */
    return VALUE_TRUE;
  }
  seen.before = *slot;
  bool compaction = FLAG_stress_compaction;
  FLAG_stress_compaction = true;
  heap_collect(&rt->heap, GC_MARK_COMPACT, "test");
  FLAG_stress_compaction = compaction;
  seen.after = *slot;
  HANDLE_SCOPE(rt);
  rd_value t = stack_trace_capture(rt, 10, false, NULL);
  if (!t) return VALUE_EMPTY;
  char *s = string_to_utf8(t, NULL);
  snprintf(seen.trace, sizeof seen.trace, "%s", s ? s : "");
  free(s);
  return VALUE_TRUE;
}

/* "spill args[1]; call helper_gc through an exit; return the spill slot"
 * with a safepoint naming spill slot 0. */
static rd_value make_gc_code(Runtime *rt, Handle fn) {
  HANDLE_SCOPE(rt);
  Assembler a;
  asm_init(&a);
  prologue(&a, 1);
  asm_mov_rm(&a, W64, RAX, asm_mem(RSI, 8));
  asm_mov_mr(&a, W64, asm_mem(RBP, opt_frame_spill_offset(0)), RAX);
  AsmLabel ret = asm_label_new(&a), fail = asm_label_new(&a);
  asm_mov_mr(&a, W64, asm_mem(R13, (int32_t)offsetof(Runtime, exit_fp)), RBP);
  asm_lea(&a, W64, RAX, asm_mem_label(ret));
  asm_mov_mr(&a, W64, asm_mem(R13, (int32_t)offsetof(Runtime, exit_pc)), RAX);
  asm_mov_rr(&a, W64, RDI, R13);
  asm_call_abs(&a, (uint64_t)(uintptr_t)helper_gc, RAX);
  asm_bind(&a, ret);
  uint32_t safepoint_pc = (uint32_t)asm_pc(&a);
  asm_mov_mi(&a, W64, asm_mem(R13, (int32_t)offsetof(Runtime, exit_fp)), 0);
  asm_test_rr(&a, W64, RAX, RAX);
  asm_jcc(&a, COND_ZERO, fail);
  asm_mov_rm(&a, W64, RAX, asm_mem(RBP, opt_frame_spill_offset(0)));
  asm_bind(&a, fail);
  epilogue(&a);
  SafepointBuilder sp;
  safepoints_init(&sp, 1);
  uint32_t tagged[] = {0};
  safepoints_add(&sp, safepoint_pc, tagged, 1);
  Handle sfi = handle_new(rt, shared_of(*fn));
  CodeDesc d = {.kind = CODE_KIND_OPTIMIZED, .frame_slots = 1, .safepoints = &sp, .shared_info = sfi};
  rd_value code = code_new_from_assembler(rt, &a, &d);
  safepoints_free(&sp);
  return code;
}

TEST(tiers_safepoint_table) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    SafepointBuilder sp;
    safepoints_init(&sp, 20);
    uint32_t a[] = {0, 9, 19}, b[] = {3};
    safepoints_add(&sp, 10, a, 3);
    safepoints_add(&sp, 30, b, 1);
    safepoints_add(&sp, 50, NULL, 0);
    uint8_t ret = 0xC3;
    CodeDesc d = {.kind = CODE_KIND_STUB, .instructions = &ret, .size = 1, .frame_slots = 20,
                  .safepoints = &sp};
    Handle code = handle_new(rt, code_new(rt, &d));
    safepoints_free(&sp);
    EXPECT(*code != VALUE_EMPTY);
    const uint8_t *bits = code_safepoint_lookup(CODE(*code), 10);
    EXPECT(bits != NULL);
    for (uint32_t i = 0; i < 20 && bits; i++)
      EXPECT_EQ_INT(safepoint_slot_is_tagged(bits, i), i == 0 || i == 9 || i == 19);
    bits = code_safepoint_lookup(CODE(*code), 30);
    EXPECT(bits && safepoint_slot_is_tagged(bits, 3) && !safepoint_slot_is_tagged(bits, 0));
    bits = code_safepoint_lookup(CODE(*code), 50);
    EXPECT(bits && !safepoint_slot_is_tagged(bits, 3));
    EXPECT(code_safepoint_lookup(CODE(*code), 20) == NULL);
    EXPECT(code_safepoint_lookup(CODE(*code), 60) == NULL);
    /* A stub is on no list; the entry stub is found by pc. */
    EXPECT(!code_list_contains(rt->optimized_code_list, *code));
    if (!FLAG_jitless) {
      Code *stub = CODE(ROOT(rt, entry_stub));
      EXPECT(code_lookup_pc(rt, (uintptr_t)stub->instructions + 3) == stub);
    } else {
      EXPECT(ROOT(rt, entry_stub) == VALUE_UNDEFINED);   /* --jitless: no stub either */
    }
    EXPECT(code_lookup_pc(rt, (uintptr_t)CODE(*code)->instructions) == NULL);
  }
  rd_runtime_free(rt);
}

TEST(tiers_constants_are_loaded_through_the_code_object) {
  if (FLAG_jitless) return;
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle consts = handle_new(rt, factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_OLD));
    EXPECT(*consts != VALUE_EMPTY);
    Handle str = handle_new(rt, string_from_cstr(rt, "constant"));
    HEAP_STORE(FIXED_ARRAY(*consts), FIXED_ARRAY(*consts)->data[1], *str);
    Assembler a;
    asm_init(&a);
    code_asm_load_constants(&a, RAX);
    asm_mov_rm(&a, W64, RAX, asm_mem(RAX, 16 + 8 * 1));
    asm_ret(&a, 0);
    CodeDesc d = {.kind = CODE_KIND_STUB, .constants = consts};
    Handle code = handle_new(rt, code_new_from_assembler(rt, &a, &d));
    EXPECT(*code != VALUE_EMPTY);
    rd_collect_garbage(rt, 1);   /* the string moves; the Code's field follows it */
    rd_value (*fn)(void) = (rd_value(*)(void))(void *)CODE(*code)->instructions;
    rd_value v = fn();
    EXPECT(v == *str);
    EXPECT(value_is_string(v) && string_equals_cstr(v, "constant"));
  }
  rd_runtime_free(rt);
}

TEST(tiers_enter_optimized_code_from_js_and_c) {
  if (FLAG_jitless) return;
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    EXPECT(eval(rt, "function f(a, b) { return 'interpreted'; } f(1, 2);") != VALUE_EMPTY);
    Handle fn = handle_new(rt, eval(rt, "f"));
    Handle code = handle_new(rt, make_add_code(rt, fn, 0));
    EXPECT(*code != VALUE_EMPTY);
    EXPECT(code_list_contains(rt->optimized_code_list, *code));
    install(fn, *code);
    EXPECT(tiers_live_code(*fn) == *code);
    /* From JS through the interpreter's call path. */
    char *s = eval_str(rt, "var r = 0; for (var i = 0; i < 1000; i++) r = f(r, i); r");
    EXPECT_STREQ(s, "499500");
    free(s);
    s = eval_str(rt, "f(3, 4) + f(-10, 2)");
    EXPECT_STREQ(s, "-1");
    free(s);
    /* From C. */
    rd_value argv[2] = {value_from_int32(40), value_from_int32(2)};
    Handle recv = handle_new(rt, VALUE_UNDEFINED);
    rd_value r = interp_call(rt, fn, recv, 2, argv);
    EXPECT(r == value_from_int32(42));
    rd_value *slot = rt->sp;   /* code_call: the arguments laid out on the VM stack by hand */
    slot[0] = *fn;
    slot[1] = VALUE_UNDEFINED;
    slot[2] = value_from_int32(5);
    slot[3] = value_from_int32(6);
    rt->sp = slot + 4;
    r = code_call(rt, fn, slot + 1, 2, VALUE_UNDEFINED);
    rt->sp = slot;
    EXPECT(r == value_from_int32(11));
    FLAG_allow_natives_syntax = true;
    s = eval_str(rt, "%GetOptimizationStatus(f)");
    int status = atoi(s);
    free(s);
    EXPECT(status & OPT_STATUS_Optimized);
    EXPECT(status & OPT_STATUS_TurboFanned);
    EXPECT(!(status & OPT_STATUS_Interpreted));
    /* Lazy unlinking: marked code is not entered again, its slot is cleared. */
    code_mark_for_deoptimization(rt, *code);
    EXPECT(!code_list_contains(rt->optimized_code_list, *code));
    EXPECT(code_list_contains(rt->deoptimized_code_list, *code));
    s = eval_str(rt, "%GetOptimizationStatus(f)");
    status = atoi(s);
    free(s);
    EXPECT(status & OPT_STATUS_MarkedForDeoptimization);
    EXPECT(status & OPT_STATUS_Interpreted);
    s = eval_str(rt, "f(3, 4)");
    EXPECT_STREQ(s, "interpreted");
    free(s);
    FLAG_allow_natives_syntax = false;
    FixedArray *fv = FIXED_ARRAY(((JSFunction *)value_to_ptr(*fn))->feedback);
    EXPECT(fv->data[FV_OPTIMIZED_CODE] == VALUE_UNDEFINED);
    r = interp_call(rt, fn, recv, 2, argv);
    EXPECT(value_is_string(r));
  }
  rd_runtime_free(rt);
}

TEST(tiers_dead_code_is_reclaimed) {
  if (FLAG_jitless) return;
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    EXPECT(eval(rt, "var g = function (a, b) { return 0; }; g(1, 2);") != VALUE_EMPTY);
    Handle fn = handle_new(rt, eval(rt, "g"));
    rd_value c1 = make_add_code(rt, fn, 40000);
    EXPECT(c1 != VALUE_EMPTY);
    install(fn, c1);
    rd_value c2 = make_add_code(rt, fn, 40000);   /* never installed: dead at once */
    EXPECT(c2 != VALUE_EMPTY);
    EXPECT_EQ_INT(code_list_length(rt->optimized_code_list), 2);
    rd_collect_garbage(rt, 1);
    EXPECT_EQ_INT(code_list_length(rt->optimized_code_list), 1);
    EXPECT_EQ_INT(rt->heap.stats.last_code_objects_freed, 1);
    EXPECT(rt->heap.stats.last_code_object_bytes_freed >= 40000);
    char *s = eval_str(rt, "g(20, 22)");
    EXPECT_STREQ(s, "42");
    free(s);
    /* Invalidate, unlink through a call, drop every reference: reclaimed. */
    code_mark_for_deoptimization(rt, tiers_live_code(*fn));
    EXPECT_EQ_INT(code_list_length(rt->optimized_code_list), 0);
    EXPECT_EQ_INT(code_list_length(rt->deoptimized_code_list), 1);
    s = eval_str(rt, "g(20, 22)");
    EXPECT_STREQ(s, "0");
    free(s);
    size_t before = paged_space_size(&rt->heap.code_space);
    rd_collect_garbage(rt, 1);
    size_t after = paged_space_size(&rt->heap.code_space);
    EXPECT_EQ_INT(code_list_length(rt->deoptimized_code_list), 0);
    EXPECT_EQ_INT(rt->heap.stats.last_code_objects_freed, 1);
    EXPECT(before >= after + 40000);
    /* The closure dying frees live optimized code too. */
    rd_value c3 = make_add_code(rt, fn, 100);
    EXPECT(c3 != VALUE_EMPTY);
    install(fn, c3);
    *fn = VALUE_UNDEFINED;
    EXPECT(eval(rt, "g = undefined; 0") != VALUE_EMPTY);
    EXPECT_EQ_INT(code_list_length(rt->optimized_code_list), 1);
    rd_collect_garbage(rt, 1);
    EXPECT_EQ_INT(code_list_length(rt->optimized_code_list), 0);
    /* A scavenge leaves the lists alone. */
    rd_value c4 = make_add_code(rt, handle_new(rt, eval(rt, "(function h() {})")), 0);
    EXPECT(c4 != VALUE_EMPTY);
    rd_collect_garbage(rt, 0);
    EXPECT_EQ_INT(code_list_length(rt->optimized_code_list), 1);
  }
  rd_runtime_free(rt);
}

TEST(tiers_safepoint_slots_are_updated_and_frames_walked) {
  if (FLAG_jitless) return;
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    EXPECT(eval(rt, "function spill(o) { return 'interpreted'; }\n"
                    "function outer(o) { return spill(o); }\n"
                    "spill(0);") != VALUE_EMPTY);
    Handle fn = handle_new(rt, eval(rt, "spill"));
    Handle code = handle_new(rt, make_gc_code(rt, fn));
    EXPECT(*code != VALUE_EMPTY);
    install(fn, *code);
    memset(&seen, 0, sizeof seen);
    char *s = eval_str(rt, "var o = {x: 42}; var r = outer(o); (r === o) + ' ' + r.x");
    EXPECT_STREQ(s, "true 42");
    free(s);
    EXPECT_EQ_INT(seen.calls, 1);
    EXPECT(seen.before != seen.after);   /* the object moved and the slot followed */
    EXPECT(value_is_js_object(seen.after));
    /* The trace: the optimized frame, then the interpreted caller, then the script. */
    const char *a = strstr(seen.trace, "at spill (tiers.js:1:");
    const char *b = strstr(seen.trace, "at outer (tiers.js:2:");
    const char *c = strstr(seen.trace, "\n    at tiers.js:1:");   /* the script evaluated last */
    EXPECT(a && b && c && a < b && b < c);
    if (!(a && b && c)) printf("trace: %s\n", seen.trace);
    /* From C: the entry frame links back to no optimized frame. */
    memset(&seen, 0, sizeof seen);
    Handle obj = handle_new(rt, eval(rt, "o"));
    Handle recv = handle_new(rt, VALUE_UNDEFINED);
    rd_value r = interp_call(rt, fn, recv, 1, obj);
    EXPECT(r == *obj);
    EXPECT_EQ_INT(seen.calls, 1);
    EXPECT(strstr(seen.trace, "at spill (tiers.js:1:") != NULL);
    EXPECT(rt->exit_fp == 0 && rt->exit_pc == 0);
  }
  rd_runtime_free(rt);
}

TEST(tiers_optimization_requests_and_flags) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    FLAG_allow_natives_syntax = true;
    /* The compiler refuses (try/catch is not supported yet): the function
     * stays interpreted, and its optimization is disabled after the failed attempt. */
    char *s = eval_str(rt, "function k(x) { try { return x + 1; } catch (e) { return 0; } }\n"
                           "%PrepareFunctionForOptimization(k); k(1);\n"
                           "%OptimizeFunctionOnNextCall(k); k(2);\n"
                           "%GetOptimizationStatus(k)");
    int status = atoi(s);
    free(s);
    EXPECT(status & OPT_STATUS_Interpreted);
    EXPECT(!(status & OPT_STATUS_MarkedForOptimization));
    Handle k = handle_new(rt, eval(rt, "k"));
    uint32_t flags = (uint32_t)value_to_int32(((SharedFunctionInfo *)value_to_ptr(shared_of(*k)))->flags);
    if (!FLAG_jitless) EXPECT(flags & SFI_OPTIMIZATION_DISABLED);
    /* A function past the deopt limit is never compiled. */
    SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(shared_of(*k));
    sfi->deopt_count = value_from_int32(TIERS_MAX_DEOPTS + 1);
    EXPECT(!tiers_can_optimize(*k));
    s = eval_str(rt, "%IsBeingInterpreted()");
    EXPECT_STREQ(s, "true");
    free(s);
    FLAG_allow_natives_syntax = false;
  }
  rd_runtime_free(rt);
}

TEST(tiers_exceptions_constructs_and_nested_entries) {
  if (FLAG_jitless) return;
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    EXPECT(eval(rt, "function spill(o) { return 'interpreted'; } spill(0);\n"
                    "function inner(o) { return 'interpreted'; } inner(0);\n"
                    "function Ctor(a, b) { this.z = 1; } new Ctor(1, 2);") != VALUE_EMPTY);
    Handle fn = handle_new(rt, eval(rt, "spill"));
    install(fn, make_gc_code(rt, fn));
    Handle inner = handle_new(rt, eval(rt, "inner"));
    install(inner, make_gc_code(rt, inner));
    /* An exception from C crosses the optimized frame to a JS handler. */
    memset(&seen, 0, sizeof seen);
    seen.throw_it = true;
    char *s = eval_str(rt, "var m; try { spill({}); m = 'no'; } catch (e) { m = e.message; } m");
    EXPECT_STREQ(s, "thrown by the helper");
    free(s);
    /* Nested entry frames: the inner call's GC updates both frames. */
    memset(&seen, 0, sizeof seen);
    seen.nested = inner;
    s = eval_str(rt, "var o = {x: 1}; var r = spill(o); (r === o) + ' ' + r.x");
    EXPECT_STREQ(s, "true 1");
    free(s);
    EXPECT_EQ_INT(seen.calls, 2);
    EXPECT(strstr(seen.trace, "at inner (") && strstr(seen.trace, "at spill (") &&
           strstr(seen.trace, "at inner (") < strstr(seen.trace, "at spill ("));
    seen.nested = NULL;
    /* [[Construct]]: code returning a non-object gives the receiver. */
    Handle ctor = handle_new(rt, eval(rt, "Ctor"));
    install(ctor, make_add_code(rt, ctor, 0));
    s = eval_str(rt, "var c = new Ctor(1, 2); typeof c + ' ' + (c instanceof Ctor) + ' ' + c.z");
    EXPECT_STREQ(s, "object true undefined");
    free(s);
    EXPECT(rt->exit_fp == 0);
  }
  rd_runtime_free(rt);
}
