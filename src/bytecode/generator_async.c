/*
 * generator_async.c - bytecode for generators, await and async functions:
 * the generator object and initial suspension of function*, yield and
 * yield* (sync and async), await, and the handler that turns an async
 * function's exceptions into a rejected promise.
 *
 * Invariant: every suspension point is SuspendGenerator immediately
 * followed by ResumeGenerator, and the code after it dispatches on the
 * resume mode (next: continue with the sent value; throw: throw it at the
 * suspension point, so the handlers around it apply; return: return it
 * through the finally blocks around).
 */
#include "bytecode/generator_internal.h"

/* SuspendGenerator + ResumeGenerator; leaves the mode in acc and the sent value in val. */
static void suspend(FuncGen *f, int32_t kind, int32_t val) {
  builder_emit(&f->b, BC_SuspendGenerator, f->generator_reg, kind);
  builder_emit(&f->b, BC_ResumeGenerator, f->generator_reg, val);
}

void gen_generator_start(FuncGen *f) {
  BytecodeBuilder *b = &f->b;
  f->generator_reg = temp_new(f);
  builder_emit(b, BC_CreateGeneratorObject);
  builder_emit(b, BC_Star, f->generator_reg);
  int32_t mark = temp_mark(f), scratch = temp_new(f);
  suspend(f, SUSPEND_INITIAL, scratch);
  temp_release(f, mark);
}

void gen_async_body_begin(FuncGen *f, AsyncBody *ab) {
  BytecodeBuilder *b = &f->b;
  ab->ctx_reg = temp_new(f);
  builder_emit(b, BC_GetContext, ab->ctx_reg);
  f->generator_reg = temp_new(f);
  builder_emit(b, BC_CreateGeneratorObject);
  builder_emit(b, BC_Star, f->generator_reg);
  ab->start = builder_label(b);
  ab->end = builder_label(b);
  ab->handler = builder_label(b);
  builder_bind(b, ab->start);
}

void gen_async_body_end(FuncGen *f, AsyncBody *ab) {
  BytecodeBuilder *b = &f->b;
  builder_bind(b, ab->end);
  builder_bind(b, ab->handler);
  builder_emit(b, BC_AsyncFunctionReject, f->generator_reg);
  builder_emit(b, BC_Return);
  builder_handler(b, ab->start, ab->end, ab->handler, ab->ctx_reg);
}

void emit_final_return(FuncGen *f) {
  if (gen_is_async_fn(f)) builder_emit(&f->b, BC_AsyncFunctionResolve, f->generator_reg);
  builder_emit(&f->b, BC_Return);
}

void gen_await_acc(FuncGen *f) {
  BytecodeBuilder *b = &f->b;
  if (f->generator_reg < 0) {
    gen_fail(f, "await is only valid in async functions");
    return;
  }
  int32_t mark = temp_mark(f), val = temp_new(f);
  builder_emit(b, BC_Await, f->generator_reg);
  suspend(f, SUSPEND_AWAIT, val);
  Label ok = builder_label(b);
  builder_jump(b, BC_JumpIfToBooleanFalse, ok);   /* RESUME_NEXT is 0 */
  builder_emit(b, BC_Ldar, val);
  builder_emit(b, BC_Throw);
  builder_bind(b, ok);
  builder_emit(b, BC_Ldar, val);
  temp_release(f, mark);
}

void gen_async_iterator_close(FuncGen *f, int32_t iter) {
  BytecodeBuilder *b = &f->b;
  int32_t mark = temp_mark(f), save = temp_new(f), mode = temp_new(f), done = temp_new(f);
  Label skip = builder_label(b);
  builder_emit(b, BC_Star, save);
  builder_emit(b, BC_LdaSmi, RESUME_RETURN);
  builder_emit(b, BC_Star, mode);
  builder_emit(b, BC_LdaUndefined);
  builder_emit(b, BC_YieldStarStep, iter, mode, done, 2);
  builder_emit(b, BC_Star, mode);
  builder_emit(b, BC_Ldar, done);
  builder_jump(b, BC_JumpIfToBooleanTrue, skip);
  builder_emit(b, BC_Ldar, mode);
  gen_await_acc(f);
  builder_emit(b, BC_ThrowIfNotObject, k_cstr(f, "Iterator result is not an object"));
  builder_bind(b, skip);
  builder_emit(b, BC_Ldar, save);
  temp_release(f, mark);
}

/* After a yield's resumption (mode in acc, sent value in val): throw or return
 * as asked, else continue with the value in acc. */
static void dispatch_resume(FuncGen *f, int32_t val) {
  BytecodeBuilder *b = &f->b;
  int32_t mark = temp_mark(f), mode = temp_new(f);
  Label next = builder_label(b), ret = builder_label(b);
  builder_emit(b, BC_Star, mode);
  builder_jump(b, BC_JumpIfToBooleanFalse, next);
  builder_emit(b, BC_LdaSmi, RESUME_THROW);
  builder_emit(b, BC_TestEqualStrict, mode, slot_new(f));
  builder_jump(b, BC_JumpIfFalse, ret);
  builder_emit(b, BC_Ldar, val);
  builder_emit(b, BC_Throw);
  builder_bind(b, ret);
  builder_emit(b, BC_Ldar, val);
  if (gen_is_async_gen(f)) gen_await_acc(f);
  gen_return_acc(f);
  builder_bind(b, next);
  builder_emit(b, BC_Ldar, val);
  temp_release(f, mark);
}

/* yield* argument (value of the argument in acc). */
static void gen_yield_star(FuncGen *f) {
  BytecodeBuilder *b = &f->b;
  bool async = gen_is_async_gen(f);
  int32_t mark = temp_mark(f);
  int32_t rec = temp_new(f), received = temp_new(f), mode = temp_new(f), done = temp_new(f),
          tmp = temp_new(f);
  builder_emit(b, BC_GetIteratorGeneric, async ? 1 : 0);
  builder_emit(b, BC_Star, rec);
  builder_emit(b, BC_LdaUndefined);
  builder_emit(b, BC_Star, received);
  builder_emit(b, BC_LdaZero);
  builder_emit(b, BC_Star, mode);
  Label loop = builder_label(b), yield = builder_label(b), end = builder_label(b);
  builder_bind(b, loop);
  builder_emit(b, BC_Ldar, received);
  builder_emit(b, BC_YieldStarStep, rec, mode, done, async ? 1 : 0);
  builder_emit(b, BC_Star, tmp);
  if (!async) {
    Label value = builder_label(b);
    builder_emit(b, BC_Ldar, done);
    builder_jump(b, BC_JumpIfToBooleanFalse, yield);
    builder_emit(b, BC_LdaSmi, 1);
    builder_emit(b, BC_TestEqualStrict, done, slot_new(f));
    builder_jump(b, BC_JumpIfTrue, value);
    builder_emit(b, BC_Ldar, tmp);
    gen_return_acc(f);
    builder_bind(b, value);
    builder_emit(b, BC_Ldar, tmp);
    builder_jump(b, BC_Jump, end);
    builder_bind(b, yield);
    builder_emit(b, BC_Ldar, tmp);
    suspend(f, SUSPEND_YIELD_RAW, received);
  } else {
    Label call = builder_label(b), not_return = builder_label(b);
    builder_emit(b, BC_Ldar, done);
    builder_jump(b, BC_JumpIfToBooleanFalse, call);
    builder_emit(b, BC_Ldar, tmp);   /* no return method: return received */
    gen_await_acc(f);
    gen_return_acc(f);
    builder_bind(b, call);
    builder_emit(b, BC_Ldar, tmp);
    gen_await_acc(f);
    builder_emit(b, BC_Star, tmp);
    builder_emit(b, BC_ThrowIfNotObject, k_cstr(f, "Iterator result is not an object"));
    builder_emit(b, BC_IteratorResultValue, done);
    builder_emit(b, BC_Star, tmp);
    builder_emit(b, BC_Ldar, done);
    builder_jump(b, BC_JumpIfFalse, yield);
    builder_emit(b, BC_LdaSmi, RESUME_RETURN);
    builder_emit(b, BC_TestEqualStrict, mode, slot_new(f));
    builder_jump(b, BC_JumpIfFalse, not_return);
    builder_emit(b, BC_Ldar, tmp);
    gen_return_acc(f);
    builder_bind(b, not_return);
    builder_emit(b, BC_Ldar, tmp);
    builder_jump(b, BC_Jump, end);
    builder_bind(b, yield);
    builder_emit(b, BC_Ldar, tmp);
    suspend(f, SUSPEND_YIELD, received);
  }
  builder_emit(b, BC_Star, mode);
  builder_jump(b, BC_JumpLoop, loop, 0);
  builder_bind(b, end);
  temp_release(f, mark);
}

void gen_yield(FuncGen *f, YieldExpr *n) {
  BytecodeBuilder *b = &f->b;
  if (f->generator_reg < 0) {
    gen_fail(f, "yield is only valid in generators");
    return;
  }
  if (n->argument) gen_expr(f, n->argument);
  else builder_emit(b, BC_LdaUndefined);
  if (n->delegate) {
    gen_yield_star(f);
    return;
  }
  if (gen_is_async_gen(f)) gen_await_acc(f);
  int32_t mark = temp_mark(f), val = temp_new(f);
  suspend(f, SUSPEND_YIELD, val);
  dispatch_resume(f, val);
  temp_release(f, mark);
}
