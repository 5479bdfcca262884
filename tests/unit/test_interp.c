/*
 * test_interp.c - the interpreter on hand-assembled bytecode (until the
 * bytecode generator exists): calls without C recursion, recursion through
 * a global, loops, exceptions unwinding frames into a handler, natives
 * calling back into JS, closures over contexts, stack overflow as a
 * RangeError, all under GC stress in CI.
 */
#include "bytecode/builder.h"
#include "interp/interpreter.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"
#include "test.h"

#define BYTECODE_PARAMS(ba) ((BytecodeArray *)value_to_ptr(ba))->parameter_count

/* Finishes b into a closure named name in the global object under `name`. */
static rd_value finish_function(Runtime *rt, BytecodeBuilder *b, const char *name, bool global) {
  HANDLE_SCOPE(rt);
  rd_value ba = builder_finish(b);
  builder_free(b);
  CHECK(ba);
  Handle hba = handle_new(rt, ba);
  Handle hname = handle_new(rt, string_internalize_cstr(rt, name));
  Handle sfi = handle_new(rt, shared_info_new(rt, hname, hba, BYTECODE_PARAMS(*hba)));
  Handle fn = handle_new(rt, function_new(rt, sfi, NULL));
  if (global) CHECK(js_set(rt, ROOT_SLOT(rt, global_object), hname, fn, true));
  return *fn;
}
static uint32_t k_string(BytecodeBuilder *b, const char *s) {
  return builder_constant(b, string_internalize_cstr(b->rt, s));
}

/* function fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); } */
static void build_fib(Runtime *rt) {
  HANDLE_SCOPE(rt);
  BytecodeBuilder b;
  builder_init(&b, rt, 1);
  int32_t n = builder_parameter(1), t0 = builder_register(&b), t1 = builder_register(&b),
          t2 = builder_register(&b);
  uint32_t kfib = k_string(&b, "fib");
  Label recurse = builder_label(&b);
  builder_emit(&b, BC_LdaSmi, 2);
  builder_emit(&b, BC_TestLessThan, n, builder_slot(&b));
  builder_jump(&b, BC_JumpIfFalse, recurse);
  builder_emit(&b, BC_Ldar, n);
  builder_emit(&b, BC_Return);
  builder_bind(&b, recurse);
  builder_emit(&b, BC_LdaGlobal, kfib, builder_slot(&b));
  builder_emit(&b, BC_Star, t0);
  builder_emit(&b, BC_Ldar, n);
  builder_emit(&b, BC_SubSmi, 1, builder_slot(&b));
  builder_emit(&b, BC_Star, t1);
  builder_emit(&b, BC_CallUndefinedReceiver, t0, t1, 1, builder_slot(&b));
  builder_emit(&b, BC_Star, t2);
  builder_emit(&b, BC_Ldar, n);
  builder_emit(&b, BC_SubSmi, 2, builder_slot(&b));
  builder_emit(&b, BC_Star, t1);
  builder_emit(&b, BC_CallUndefinedReceiver, t0, t1, 1, builder_slot(&b));
  builder_emit(&b, BC_Add, t2, builder_slot(&b));
  builder_emit(&b, BC_Return);
  (void)finish_function(rt, &b, "fib", true);
}

/* True if the pending exception is an Error whose toString() is `expected`. */
static bool exception_is(Runtime *rt, const char *expected) {
  HANDLE_SCOPE(rt);
  Handle e = handle_new(rt, rt->exception);
  rd_value s = value_is_js_object(*e) ? js_to_string(rt, e) : *e;
  return s && value_is_string(s) && string_equals_cstr(s, expected);
}

static double fib_reference(double n) {
  return n < 2 ? n : fib_reference(n - 1) + fib_reference(n - 2);
}

static rd_value call_global(Runtime *rt, const char *name, uint32_t argc, const rd_value *argv) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, string_internalize_cstr(rt, name));
  Handle fn = handle_new(rt, js_get(rt, ROOT_SLOT(rt, global_object), key));
  return interp_call(rt, fn, NULL, argc, argv);
}

TEST(interp_recursive_fib) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    build_fib(rt);
    rd_value arg = value_from_int32(20);
    rd_value r = call_global(rt, "fib", 1, &arg);
    EXPECT(r == value_from_int32(6765));
    arg = value_from_number(10.5);   /* doubles take the generic paths */
    r = call_global(rt, "fib", 1, &arg);
    EXPECT(value_is_double(r) && value_to_number(r) == fib_reference(10.5));
    EXPECT(rt->sp == rt->stack);
  }
  rd_runtime_free(rt);
}

/* function sum(n) { let s = 0; for (let i = 0; i < n; i++) s = s + i; return s; } */
TEST(interp_loop_and_overflow_to_double) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    BytecodeBuilder b;
    builder_init(&b, rt, 1);
    int32_t n = builder_parameter(1), s = builder_register(&b), i = builder_register(&b);
    Label head = builder_label(&b), done = builder_label(&b);
    builder_emit(&b, BC_LdaZero);
    builder_emit(&b, BC_Star, s);
    builder_emit(&b, BC_Star, i);
    builder_bind(&b, head);
    builder_emit(&b, BC_Ldar, n);
    builder_emit(&b, BC_TestLessThan, i, builder_slot(&b));
    builder_jump(&b, BC_JumpIfFalse, done);
    builder_emit(&b, BC_Ldar, i);
    builder_emit(&b, BC_Add, s, builder_slot(&b));
    builder_emit(&b, BC_Star, s);
    builder_emit(&b, BC_Ldar, i);
    builder_emit(&b, BC_Inc, builder_slot(&b));
    builder_emit(&b, BC_Star, i);
    builder_jump(&b, BC_JumpLoop, head, 0);
    builder_bind(&b, done);
    builder_emit(&b, BC_Ldar, s);
    builder_emit(&b, BC_Return);
    (void)finish_function(rt, &b, "sum", true);
    rd_value arg = value_from_int32(100000);
    rd_value r = call_global(rt, "sum", 1, &arg);
    EXPECT(value_is_double(r) && value_to_number(r) == 4999950000.0);   /* past int32 */
    arg = value_from_int32(10);
    EXPECT(call_global(rt, "sum", 1, &arg) == value_from_int32(45));
  }
  rd_runtime_free(rt);
}

/* function thrower() { throw "boom"; }
 * function catcher() { try { thrower(); return 1; } catch (e) { return e; } } */
TEST(interp_exception_unwinds_to_handler) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    BytecodeBuilder b;
    builder_init(&b, rt, 0);
    builder_emit(&b, BC_LdaConstant, k_string(&b, "boom"));
    builder_emit(&b, BC_Throw);
    (void)finish_function(rt, &b, "thrower", true);

    builder_init(&b, rt, 0);
    int32_t ctx = builder_register(&b), f = builder_register(&b), e = builder_register(&b);
    Label start = builder_label(&b), end = builder_label(&b), handler = builder_label(&b);
    builder_emit(&b, BC_Mov, -1, ctx);   /* any register: the context to restore */
    builder_bind(&b, start);
    builder_emit(&b, BC_LdaGlobal, k_string(&b, "thrower"), builder_slot(&b));
    builder_emit(&b, BC_Star, f);
    builder_emit(&b, BC_CallUndefinedReceiver, f, f, 0, builder_slot(&b));
    builder_emit(&b, BC_LdaSmi, 1);
    builder_emit(&b, BC_Return);
    builder_bind(&b, end);
    builder_bind(&b, handler);
    builder_emit(&b, BC_Star, e);
    builder_emit(&b, BC_Ldar, e);
    builder_emit(&b, BC_Return);
    builder_handler(&b, start, end, handler, ctx);
    (void)finish_function(rt, &b, "catcher", true);

    rd_value r = call_global(rt, "catcher", 0, NULL);
    EXPECT(value_is_string(r) && string_equals_cstr(r, "boom"));
    EXPECT(!runtime_has_exception(rt));
    r = call_global(rt, "thrower", 0, NULL);   /* uncaught: back to C */
    EXPECT(r == VALUE_EMPTY && runtime_has_exception(rt));
    EXPECT(string_equals_cstr(rt->exception, "boom"));
    runtime_clear_exception(rt);
    EXPECT(rt->sp == rt->stack);
  }
  rd_runtime_free(rt);
}

/* A native that calls its first argument (a JS function) with 41. */
static rd_value native_apply41(Runtime *rt, NativeArgs *a) {
  rd_value v = value_from_int32(41);
  return interp_call(rt, a->argv, a->receiver, 1, &v);
}

TEST(interp_native_calls_back_into_js) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    Handle name = handle_new(rt, string_internalize_cstr(rt, "apply41"));
    Handle nf = handle_new(rt, native_function_new(rt, "apply41", native_apply41, 1));
    CHECK(js_set(rt, ROOT_SLOT(rt, global_object), name, nf, true));
    /* function inc(x) { return x + 1; } function main() { return apply41(inc); } */
    BytecodeBuilder b;
    builder_init(&b, rt, 1);
    builder_emit(&b, BC_Ldar, builder_parameter(1));
    builder_emit(&b, BC_AddSmi, 1, builder_slot(&b));
    builder_emit(&b, BC_Return);
    (void)finish_function(rt, &b, "inc", true);
    builder_init(&b, rt, 0);
    int32_t f = builder_register(&b), arg = builder_register(&b);
    builder_emit(&b, BC_LdaGlobal, k_string(&b, "apply41"), builder_slot(&b));
    builder_emit(&b, BC_Star, f);
    builder_emit(&b, BC_LdaGlobal, k_string(&b, "inc"), builder_slot(&b));
    builder_emit(&b, BC_Star, arg);
    builder_emit(&b, BC_CallUndefinedReceiver, f, arg, 1, builder_slot(&b));
    builder_emit(&b, BC_Return);
    (void)finish_function(rt, &b, "main", true);
    EXPECT(call_global(rt, "main", 0, NULL) == value_from_int32(42));
    /* An unknown global is a ReferenceError. */
    builder_init(&b, rt, 0);
    builder_emit(&b, BC_LdaGlobal, k_string(&b, "nope"), builder_slot(&b));
    builder_emit(&b, BC_Return);
    (void)finish_function(rt, &b, "bad", true);
    EXPECT(call_global(rt, "bad", 0, NULL) == VALUE_EMPTY);
    EXPECT(exception_is(rt, "ReferenceError: nope is not defined"));
    runtime_clear_exception(rt);
  }
  rd_runtime_free(rt);
}

/* function counter() { let c = 0; return function() { c = c + 1; return c; }; }
 * (c lives in a function context; the inner closure reads it through its own). */
TEST(interp_closures_share_a_context) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    BytecodeBuilder b;
    builder_init(&b, rt, 0);
    int32_t t = builder_register(&b);
    builder_emit(&b, BC_LdaCurrentContextSlot, CONTEXT_HEADER_SLOTS);
    builder_emit(&b, BC_AddSmi, 1, builder_slot(&b));
    builder_emit(&b, BC_StaCurrentContextSlot, CONTEXT_HEADER_SLOTS);
    builder_emit(&b, BC_Star, t);
    builder_emit(&b, BC_Ldar, t);
    builder_emit(&b, BC_Return);
    rd_value inner = finish_function(rt, &b, "inner", false);
    Handle inner_sfi = handle_new(rt, ((JSFunction *)value_to_ptr(inner))->shared);

    builder_init(&b, rt, 0);
    int32_t saved = builder_register(&b);
    builder_emit(&b, BC_CreateFunctionContext, builder_constant(&b, VALUE_UNDEFINED), 1);
    builder_emit(&b, BC_PushContext, saved);
    builder_emit(&b, BC_LdaZero);
    builder_emit(&b, BC_StaCurrentContextSlot, CONTEXT_HEADER_SLOTS);
    builder_emit(&b, BC_CreateClosure, builder_constant(&b, *inner_sfi), builder_slot(&b));
    builder_emit(&b, BC_PopContext, saved);
    builder_emit(&b, BC_Return);
    (void)finish_function(rt, &b, "counter", true);

    Handle c1 = handle_new(rt, call_global(rt, "counter", 0, NULL));
    Handle c2 = handle_new(rt, call_global(rt, "counter", 0, NULL));
    EXPECT(value_is_callable(*c1) && value_is_callable(*c2));
    rd_value r = VALUE_EMPTY;
    for (int i = 0; i < 5; i++) r = interp_call(rt, c1, NULL, 0, NULL);
    EXPECT(r == value_from_int32(5));
    EXPECT(interp_call(rt, c2, NULL, 0, NULL) == value_from_int32(1));   /* its own context */
    rd_collect_garbage(rt, 1);
    EXPECT(interp_call(rt, c1, NULL, 0, NULL) == value_from_int32(6));
  }
  rd_runtime_free(rt);
}

/* function deep(n) { return deep(n + 1); }: a RangeError, not a crash. */
TEST(interp_stack_overflow_is_range_error) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    BytecodeBuilder b;
    builder_init(&b, rt, 1);
    int32_t f = builder_register(&b), a = builder_register(&b);
    builder_emit(&b, BC_LdaGlobal, k_string(&b, "deep"), builder_slot(&b));
    builder_emit(&b, BC_Star, f);
    builder_emit(&b, BC_Ldar, builder_parameter(1));
    builder_emit(&b, BC_AddSmi, 1, builder_slot(&b));
    builder_emit(&b, BC_Star, a);
    builder_emit(&b, BC_CallUndefinedReceiver, f, a, 1, builder_slot(&b));
    builder_emit(&b, BC_Return);
    (void)finish_function(rt, &b, "deep", true);
    rd_value zero = value_from_int32(0);
    EXPECT(call_global(rt, "deep", 1, &zero) == VALUE_EMPTY);
    EXPECT(exception_is(rt, "RangeError: Maximum call stack size exceeded"));
    runtime_clear_exception(rt);
    EXPECT(rt->sp == rt->stack);
    EXPECT(call_global(rt, "deep", 1, &zero) == VALUE_EMPTY);   /* and again */
    runtime_clear_exception(rt);
  }
  rd_runtime_free(rt);
}

TEST(interp_wide_operands_and_long_jumps) {
  Runtime *rt = rd_runtime_new();
  {
    HANDLE_SCOPE(rt);
    BytecodeBuilder b;
    builder_init(&b, rt, 0);
    int32_t r = 0;
    for (int i = 0; i < 300; i++) r = builder_register(&b);   /* register 299: Wide */
    Label skip = builder_label(&b);
    builder_emit(&b, BC_LdaSmi, 100000);                     /* ExtraWide immediate */
    builder_emit(&b, BC_Star, r);
    builder_jump(&b, BC_Jump, skip);
    for (int i = 0; i < 20000; i++) builder_emit(&b, BC_LdaZero);   /* a 20 KB gap */
    builder_bind(&b, skip);
    builder_emit(&b, BC_Ldar, r);
    builder_emit(&b, BC_Return);
    (void)finish_function(rt, &b, "wide", true);
    EXPECT(call_global(rt, "wide", 0, NULL) == value_from_int32(100000));
  }
  rd_runtime_free(rt);
}
