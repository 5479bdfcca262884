/*
 * interpreter.c - the bytecode interpreter: one C loop with computed-goto
 * dispatch that runs interpreter frames on the VM stack (layout in
 * interpreter.h). JS-to-JS calls push a frame and continue in the same loop;
 * only natives that call back into JS (interp_call) re-enter it from C,
 * bounded by MAX_NATIVE_DEPTH.
 *
 * Invariant: before anything that may allocate or throw, the loop saves the
 * current instruction's offset and the accumulator into the frame (SAVE),
 * and reloads the bytecode array and accumulator afterwards (RELOAD): the
 * GC may have moved the BytecodeArray and updated the saved accumulator.
 * Raw C pointers kept across such calls are only pointers into the VM
 * stack, which never moves.
 */
#include "interp/interpreter.h"

#include <math.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "codegen/tiers.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "interp/ic.h"
#include "deopt/deoptimizer.h"
#include "interp/interp_ops.h"
#include "module/module.h"
#include "runtime/natives.h"
#include "runtime/ops.h"


/* --- set-up ------------------------------------------------------------------ */
bool interp_init(Runtime *rt) {
  void *p = mmap(NULL, VM_STACK_SLOTS * sizeof(rd_value), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  rt->stack = rt->sp = p;
  rt->stack_end = rt->stack + VM_STACK_SLOTS;
  return true;
}

void interp_free(Runtime *rt) {
  if (rt->stack) munmap(rt->stack, VM_STACK_SLOTS * sizeof(rd_value));
  rt->stack = rt->sp = rt->stack_end = NULL;
}

/* --- function objects ----------------------------------------------------------- */
rd_value shared_info_new(Runtime *rt, Handle name, Handle bytecode, uint32_t length) {
  SharedFunctionInfo *s = (SharedFunctionInfo *)runtime_allocate(
      rt, sizeof(SharedFunctionInfo), ALLOC_OLD, ROOT_SLOT(rt, shared_function_info_map));
  if (!s) return VALUE_EMPTY;
  s->name = *name;
  s->bytecode = bytecode ? *bytecode : VALUE_UNDEFINED;
  s->native = VALUE_UNDEFINED;
  s->script = VALUE_UNDEFINED;
  s->scope_info = VALUE_UNDEFINED;
  s->flags = value_from_int32(0);
  s->length = value_from_int32((int32_t)length);
  s->start_position = s->end_position = value_from_int32(0);
  s->deopt_count = value_from_int32(0);
  heap_write_barrier_range((HeapObject *)s, &s->name, 2);
  return value_from_ptr(s);
}

rd_value function_new(Runtime *rt, Handle sfi, Handle context) {
  return function_new_with_map(rt, sfi, context, ROOT_SLOT(rt, function_map));
}

rd_value function_new_with_map(Runtime *rt, Handle sfi, Handle context, Handle map) {
  rd_value f = factory_js_object(rt, map);
  if (!f) return VALUE_EMPTY;
  JSFunction *fn = (JSFunction *)value_to_ptr(f);
  HEAP_STORE(fn, fn->shared, *sfi);
  HEAP_STORE(fn, fn->context, context ? *context : VALUE_UNDEFINED);
  fn->feedback = VALUE_UNDEFINED;
  fn->home_object = VALUE_UNDEFINED;
  return f;
}

rd_value native_function_new(Runtime *rt, const char *name, NativeFn fn, uint32_t length) {
  HANDLE_SCOPE(rt);
  rd_value n = string_internalize_cstr(rt, name);
  if (!n) return VALUE_EMPTY;
  Handle hn = handle_new(rt, n);
  NativeFunctionInfo *info = (NativeFunctionInfo *)runtime_allocate(
      rt, sizeof(NativeFunctionInfo), ALLOC_OLD, ROOT_SLOT(rt, native_function_info_map));
  if (!info) return VALUE_EMPTY;
  info->data = VALUE_UNDEFINED;
  info->entry = (void *)fn;
  Handle hinfo = handle_new(rt, value_from_ptr(info));
  rd_value s = shared_info_new(rt, hn, NULL, length);
  if (!s) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(s), ((SharedFunctionInfo *)value_to_ptr(s))->native, *hinfo);
  Handle hs = handle_new(rt, s);
  return function_new(rt, hs, NULL);
}

bool value_is_callable(rd_value v) {
  return value_is_ptr(v) && (heap_object_map(value_to_ptr(v))->bit_field & MAP_CALLABLE);
}

/* --- frames ------------------------------------------------------------------------ */
#define I32(v) value_to_int32(v)
#define BYTECODE(v) ((BytecodeArray *)value_to_ptr(v))
#define SHARED(f) ((SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared))
#define SFI_FLAGS(f) ((uint32_t)I32(SHARED(f)->flags))

/* Pushes a frame for bytecode function fn whose receiver and argc arguments
 * are already at args (the receiver slot). Allocates the function's feedback
 * vector on its first call. Returns the new fp, or NULL with an exception
 * (stack overflow, out of memory). */
static rd_value *push_frame(Runtime *rt, rd_value *args, uint32_t argc, rd_value *caller_fp,
                            int32_t return_offset, rd_value new_target) {
  if ((size_t)(rt->stack_end - args) < 1 + argc + 64) {
    js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
    return NULL;
  }
  rt->sp = args + 1 + argc;
  args[argc + 1] = new_target;   /* kept visible to the GC while allocating */
  rt->sp++;
  JSFunction *f = (JSFunction *)value_to_ptr(args[-1]);
  uint32_t slots = BYTECODE(SHARED(args[-1])->bytecode)->feedback_slots;
  if (f->feedback == VALUE_UNDEFINED) {   /* every function has one: its budget lives there */
    rd_value fv = feedback_vector_new(rt, slots);
    if (!fv) return NULL;
    f = (JSFunction *)value_to_ptr(args[-1]);
    HEAP_STORE(f, f->feedback, fv);
  }
  uint32_t sfi_flags = SFI_FLAGS(args[-1]);
  if (!(sfi_flags & (SFI_STRICT | SFI_ARROW)) && !value_is_js_object(args[0]) &&
      !js_bind_this(rt, args, sfi_flags))   /* sloppy: global object or a wrapper (may allocate) */
    return NULL;
  new_target = args[argc + 1];
  rd_value fn = args[-1];
  BytecodeArray *ba = BYTECODE(SHARED(fn)->bytecode);
  uint32_t padded = MAX(argc, ba->parameter_count);
  if ((size_t)(rt->stack_end - args) < 1 + padded + FRAME_HEADER + (size_t)ba->frame_size + 64) {
    js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
    return NULL;
  }
  for (uint32_t i = argc; i < padded; i++) args[1 + i] = VALUE_UNDEFINED;
  rd_value *fp = args + 1 + padded;
  fp[FRAME_CALLER_FP] = value_from_int32(caller_fp ? (int32_t)(caller_fp - rt->stack) : -1);
  fp[FRAME_RETURN_OFFSET] = value_from_int32(return_offset);
  fp[FRAME_ARGC] = value_from_int32((int32_t)argc);
  fp[FRAME_FUNCTION] = fn;
  fp[FRAME_CONTEXT] = ((JSFunction *)value_to_ptr(fn))->context;
  fp[FRAME_BYTECODE] = SHARED(fn)->bytecode;
  fp[FRAME_OFFSET] = value_from_int32(0);
  fp[FRAME_FEEDBACK] = ((JSFunction *)value_to_ptr(fn))->feedback;
  fp[FRAME_NEW_TARGET] = new_target;
  fp[FRAME_ACCUMULATOR] = VALUE_UNDEFINED;
  for (uint32_t i = 0; i < ba->frame_size; i++) fp[FRAME_HEADER + i] = VALUE_UNDEFINED;
  rt->sp = fp + FRAME_HEADER + ba->frame_size;
  return fp;
}

/* The parameter slot array (receiver first) of frame fp. */
RD_INLINE rd_value *frame_params(rd_value *fp) {
  uint32_t argc = (uint32_t)I32(fp[FRAME_ARGC]);
  uint32_t formals = BYTECODE(fp[FRAME_BYTECODE])->parameter_count;
  return fp - 1 - MAX(argc, formals);
}

/* Calls a native function whose receiver and arguments are at args (the
 * function itself at args[-1]); the slots stay on the stack during the call. */
static rd_value call_native(Runtime *rt, rd_value *args, uint32_t argc, rd_value *new_target) {
  NativeFunctionInfo *info = (NativeFunctionInfo *)value_to_ptr(SHARED(args[-1])->native);
  NativeFn fn = (NativeFn)info->entry;
  NativeArgs a = {args, args + 1, argc, args - 1, new_target};
  rt->sp = args + 1 + argc + 1;
  args[1 + argc] = new_target ? *new_target : VALUE_UNDEFINED;
  a.new_target = &args[1 + argc];
  if (++rt->native_depth > MAX_NATIVE_DEPTH) {
    rt->native_depth--;
    return js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
  }
  rd_value r = fn(rt, &a);
  rt->native_depth--;
  return r;
}

/* Creates the receiver of an ordinary [[Construct]] of a base constructor:
 * an object whose prototype is new_target.prototype. The slot holds
 * new_target on entry and the new object on success. */
static bool construct_receiver(Runtime *rt, rd_value *slot) {
  rd_value proto = js_get(rt, slot, ROOT_SLOT(rt, prototype_string));
  if (!proto) return false;
  HANDLE_SCOPE(rt);
  Handle hp = handle_new(rt, value_is_js_object(proto) ? proto : ROOT(rt, object_prototype));
  rd_value obj = object_new(rt);
  if (!obj) return false;
  *slot = obj;
  return object_set_prototype(rt, slot, hp) != PROPERTY_EXCEPTION;
}

/* Looks up the handler covering offset in frame fp; returns its offset or -1. */
static int32_t find_handler(rd_value *fp, uint32_t offset, int32_t *context_reg) {
  FixedArray *t = FIXED_ARRAY(BYTECODE(fp[FRAME_BYTECODE])->handler_table);
  uint32_t n = (uint32_t)I32(t->length) / 4;
  int32_t best = -1;
  uint32_t best_size = UINT32_MAX;
  for (uint32_t i = 0; i < n; i++) {   /* innermost (smallest) covering range wins */
    uint32_t s = (uint32_t)I32(t->data[4 * i]), e = (uint32_t)I32(t->data[4 * i + 1]);
    if (offset >= s && offset < e && e - s < best_size) {
      best_size = e - s;
      best = I32(t->data[4 * i + 2]);
      *context_reg = I32(t->data[4 * i + 3]);
    }
  }
  return best;
}

/* The name a call site's callee had, for "x is not a function" messages. */
static const char *not_callable_message(bool construct) {
  return construct ? "not a constructor" : "not a function";
}

/* --- the loop ------------------------------------------------------------------------ */
static rd_value run(Runtime *rt, rd_value *fp);

#define OPERAND(i) bytecode_operand(op, (i), scale)
#define OPR(i) bytecode_operand_signed(op, (i), scale)     /* a register or immediate */
#define OPU(i) bytecode_operand_unsigned(op, (i), scale)   /* an index, slot or count */
#define REG(r) (*((r) >= 0 ? &regs[(r)] : &params[-(r)-1]))
#define CONSTANT(k) (FIXED_ARRAY(ba->constant_pool)->data[(k)])
#define SAVE()                                     \
  do {                                             \
    fp[FRAME_OFFSET] = value_from_int32((int32_t)off); \
    fp[FRAME_ACCUMULATOR] = acc;                   \
    rt->fp = fp;   /* the stack walker's start */  \
  } while (0)
#define RELOAD()                                   \
  do {                                             \
    ba = BYTECODE(fp[FRAME_BYTECODE]);             \
    op = ba->bytes + off + (scale > 1);            \
    acc = fp[FRAME_ACCUMULATOR];                   \
  } while (0)
#define LOAD_FRAME()                                       \
  do {                                                     \
    regs = fp + FRAME_HEADER;                              \
    params = frame_params(fp);                             \
    ba = BYTECODE(fp[FRAME_BYTECODE]);                     \
  } while (0)
#define DISPATCH()                                         \
  do {                                                     \
    op = ba->bytes + off;                                  \
    scale = 1;                                             \
    if (RD_UNLIKELY(*op <= BC_ExtraWide)) {                \
      scale = *op == BC_Wide ? 2 : 4;                      \
      op++;                                                \
    }                                                      \
    goto *dispatch[*op];                                   \
  } while (0)
#define NEXT()                                                                        \
  do {                                                                                \
    off = (uint32_t)(op - ba->bytes) + (uint32_t)bytecode_size((Bytecode)*op, scale); \
    DISPATCH();                                                                       \
  } while (0)
#define JUMP_BY(d)                                                   \
  do {                                                               \
    off = (uint32_t)((int32_t)off + (d));                            \
    DISPATCH();                                                      \
  } while (0)
/* Runs expr (which may allocate or throw) with the frame saved; result to acc. */
#define CALL_OP(expr)                 \
  do {                                \
    SAVE();                           \
    rd_value r_ = (expr);             \
    RELOAD();                         \
    if (!r_) goto exception;          \
    acc = r_;                         \
  } while (0)
/* Same for a bool-returning operation; acc unchanged. */
#define CALL_BOOL(expr)               \
  do {                                \
    SAVE();                           \
    bool ok_ = (expr);                \
    RELOAD();                         \
    if (!ok_) goto exception;         \
  } while (0)
#define THROW(kind, ...)                        \
  do {                                          \
    SAVE();                                     \
    js_throw(rt, kind, __VA_ARGS__);            \
    goto exception;                             \
  } while (0)
/* Spends n bytes of the running function's interrupt budget (back edges:
 * the loop's size; returns: the offset reached); when it runs out, the
 * tiering hook runs with the frame saved. */
#define SPEND_BUDGET(n)                                                              \
  do {                                                                               \
    rd_value *b_ = &FIXED_ARRAY(fp[FRAME_FEEDBACK])->data[FV_BUDGET];               \
    int32_t left_ = value_to_int32(*b_) - (n);                                       \
    *b_ = value_from_int32(left_);                                                   \
    if (RD_UNLIKELY(left_ <= 0)) {                                                   \
      SAVE();                                                                        \
      feedback_budget_exhausted(rt, fp);                                             \
      RELOAD();                                                                      \
    }                                                                                \
  } while (0)
/* A scratch VM-stack slot (a handle for the duration of one bytecode). */
#define PUSH_TEMP(v) (*rt->sp = (v), rt->sp++)
#define POP_TEMP() (rt->sp--)
/* Adds "number" to the binary feedback of the slot when the result is a
 * double: an int32 operation that overflowed must not be speculated on. */
#define RECORD_RESULT(slot_operand)                                                     \
  do {                                                                                  \
    if (RD_UNLIKELY(value_is_double(acc)))                                              \
      feedback_record_binary(fp[FRAME_FEEDBACK], OPU(slot_operand), acc, value_from_int32(0)); \
  } while (0)
#define RECORD_BINARY(slot_operand) \
  feedback_record_binary(fp[FRAME_FEEDBACK], OPU(slot_operand), REG(OPR(0)), acc)

static rd_value run(Runtime *rt, rd_value *fp) {
  static void *const dispatch[BC_COUNT] = {
#define X(name, ...) &&L_##name,
      BYTECODE_LIST(X)
#undef X
  };
  rd_value *regs, *params;
  BytecodeArray *ba;
  const uint8_t *op;
  int scale;
  uint32_t off = (uint32_t)I32(fp[FRAME_OFFSET]);
  rd_value acc = fp[FRAME_ACCUMULATOR];
  /* Call state shared by the call bytecodes (see call_common). */
  rd_value *cslot;
  uint32_t cargc, cnext, cfb;
  bool cconstruct;
  LOAD_FRAME();
  DISPATCH();

L_Wide:
L_ExtraWide:
  UNREACHABLE();   /* prefixes are consumed by DISPATCH */
L_LdaUndefined: acc = VALUE_UNDEFINED; NEXT();
L_LdaNull: acc = VALUE_NULL; NEXT();
L_LdaTrue: acc = VALUE_TRUE; NEXT();
L_LdaFalse: acc = VALUE_FALSE; NEXT();
L_LdaTheHole: acc = VALUE_EMPTY; NEXT();
L_LdaZero: acc = value_from_int32(0); NEXT();
L_LdaSmi: acc = value_from_int32(OPERAND(0)); NEXT();
L_LdaConstant: acc = CONSTANT(OPU(0)); NEXT();
L_LdaFunction: acc = fp[FRAME_FUNCTION]; NEXT();
L_LdaNewTarget: acc = fp[FRAME_NEW_TARGET]; NEXT();
L_LdaGlobalObject: acc = ROOT(rt, global_object); NEXT();
L_Ldar: acc = REG(OPR(0)); NEXT();
L_Star: REG(OPR(0)) = acc; NEXT();
L_Mov: REG(OPR(1)) = REG(OPR(0)); NEXT();

L_LdaGlobal:
L_LdaGlobalInsideTypeof: {
  PropertyCell *cell = ic_global_cell(rt, ic_slot(fp[FRAME_FEEDBACK], OPU(1)), false);
  if (RD_LIKELY(cell != NULL)) {
    acc = cell->value;
    NEXT();
  }
  bool inside_typeof = *op == BC_LdaGlobalInsideTypeof;
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(0)));
  uint32_t slot = OPU(1);
  SAVE();
  rd_value r = ic_global_load_miss(rt, fp, slot, key, inside_typeof);
  POP_TEMP();
  RELOAD();
  if (!r) goto exception;
  acc = r;
  NEXT();
}
L_StaGlobal: {
  PropertyCell *cell = ic_global_cell(rt, ic_slot(fp[FRAME_FEEDBACK], OPU(1)), true);
  if (RD_LIKELY(cell != NULL)) {
    HEAP_STORE(cell, cell->value, acc);
    NEXT();
  }
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(0)));
  bool strict = SFI_FLAGS(fp[FRAME_FUNCTION]) & SFI_STRICT;
  uint32_t slot = OPU(1);
  SAVE();
  bool ok = ic_global_store_miss(rt, fp, slot, key, &fp[FRAME_ACCUMULATOR], strict);
  POP_TEMP();
  RELOAD();
  if (!ok) goto exception;
  NEXT();
}
L_DeclareScriptLexical: {
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(0)));
  CALL_BOOL(interp_declare_script_lexical(rt, key));
  POP_TEMP();
  NEXT();
}
L_StaScriptInit: {
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(0)));
  CALL_BOOL(interp_script_init(rt, key, &fp[FRAME_ACCUMULATOR], OPERAND(1) != 0));
  POP_TEMP();
  NEXT();
}
L_DeclareGlobal: {
  rd_value rec = interp_intrinsic(rt, INTRINSIC_script_context);
  PropertyLookup rl;
  if (value_is_js_object(rec) && object_lookup_own(rt, rec, CONSTANT(OPU(0)), &rl)) {
    SAVE();
    (void)interp_throw_named(rt, ERROR_SyntaxError, "Identifier '%s' has already been declared", CONSTANT(OPU(0)));
    goto exception;
  }
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(0)));
  SAVE();
  rd_value k = object_canonical_key(rt, *key);
  bool ok = k != VALUE_EMPTY;
  PropertyLookup l;
  if (ok && !object_lookup_own(rt, ROOT(rt, global_object), k, &l)) {
    *key = k;
    rd_value *u = PUSH_TEMP(VALUE_UNDEFINED);
    ok = object_define_own(rt, ROOT_SLOT(rt, global_object), key, u,
                           PROPERTY_WRITABLE | PROPERTY_ENUMERABLE) != PROPERTY_EXCEPTION;
    POP_TEMP();
  }
  POP_TEMP();
  RELOAD();
  if (!ok) goto exception;
  NEXT();
}

L_DeclareEvalVar: {
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(0)));
  CALL_BOOL(interp_declare_eval_var(rt, &fp[FRAME_CONTEXT], key));
  POP_TEMP();
  NEXT();
}

L_LdaLookupSlot:
L_LdaLookupSlotInsideTypeof:
L_LdaLookupReceiver:
L_DeleteLookupSlot: {
  Bytecode bc = (Bytecode)*op;
  LookupMode mode = bc == BC_LdaLookupSlot ? LOOKUP_LOAD
                    : bc == BC_LdaLookupSlotInsideTypeof ? LOOKUP_LOAD_TYPEOF
                    : bc == BC_LdaLookupReceiver ? LOOKUP_RECEIVER : LOOKUP_DELETE;
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(0)));
  CALL_OP(interp_lookup_load(rt, &fp[FRAME_CONTEXT], key, mode));
  POP_TEMP();
  NEXT();
}
L_StaLookupSlot: {
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(0)));
  CALL_BOOL(interp_lookup_store(rt, &fp[FRAME_CONTEXT], key, &fp[FRAME_ACCUMULATOR], OPERAND(1) != 0));
  POP_TEMP();
  NEXT();
}

L_LdaContextSlot: {
  rd_value c = fp[FRAME_CONTEXT];
  for (int32_t d = OPERAND(1); d > 0; d--) c = FIXED_ARRAY(c)->data[CONTEXT_PREVIOUS];
  acc = FIXED_ARRAY(c)->data[OPERAND(0)];
  NEXT();
}
L_StaContextSlot: {
  rd_value c = fp[FRAME_CONTEXT];
  for (int32_t d = OPERAND(1); d > 0; d--) c = FIXED_ARRAY(c)->data[CONTEXT_PREVIOUS];
  HEAP_STORE(value_to_ptr(c), FIXED_ARRAY(c)->data[OPERAND(0)], acc);
  NEXT();
}
L_LdaCurrentContextSlot: acc = FIXED_ARRAY(fp[FRAME_CONTEXT])->data[OPERAND(0)]; NEXT();
L_StaCurrentContextSlot: {
  rd_value c = fp[FRAME_CONTEXT];
  HEAP_STORE(value_to_ptr(c), FIXED_ARRAY(c)->data[OPERAND(0)], acc);
  NEXT();
}
L_PushContext: REG(OPR(0)) = fp[FRAME_CONTEXT]; fp[FRAME_CONTEXT] = acc; NEXT();
L_PopContext: fp[FRAME_CONTEXT] = REG(OPR(0)); NEXT();
L_GetContext: REG(OPR(0)) = fp[FRAME_CONTEXT]; NEXT();
L_CreateFunctionContext: {
  uint32_t slots = OPU(1);
  SAVE();
  rd_value c = factory_fixed_array_with_map(rt, ROOT_SLOT(rt, context_map), CONTEXT_HEADER_SLOTS + slots,
                                            VALUE_UNDEFINED, ALLOC_YOUNG);
  RELOAD();
  if (!c) goto exception;
  FixedArray *ctx = FIXED_ARRAY(c);
  HEAP_STORE(ctx, ctx->data[CONTEXT_PREVIOUS], fp[FRAME_CONTEXT]);
  HEAP_STORE(ctx, ctx->data[CONTEXT_SCOPE_INFO], CONSTANT(OPU(0)));
  acc = c;
  NEXT();
}
L_CreateWithContext: {
  if (value_is_nullish(acc)) THROW(ERROR_TypeError, "Cannot convert undefined or null to object");
  CALL_OP(js_to_object(rt, &fp[FRAME_ACCUMULATOR]));
  CALL_OP(interp_with_context(rt, &fp[FRAME_CONTEXT], &fp[FRAME_ACCUMULATOR]));
  NEXT();
}
L_CloneContext: {
  SAVE();
  rd_value c = factory_copy_fixed_array(rt, &fp[FRAME_CONTEXT], fixed_array_length(fp[FRAME_CONTEXT]),
                                        VALUE_UNDEFINED);
  RELOAD();
  if (!c) goto exception;
  fp[FRAME_CONTEXT] = c;
  NEXT();
}

L_GetNamedProperty: {
  rd_value recv = REG(OPR(0));
  if (RD_LIKELY(value_is_ptr(recv))) {
    rd_value h = ic_find_handler(rt, ic_slot(fp[FRAME_FEEDBACK], OPU(2)), ic_map_of(recv),
                                 CONSTANT(OPU(1)), false);
    if (h) {
      rd_value v = ic_apply_load(rt, recv, h);
      if (RD_LIKELY(v != VALUE_EMPTY)) {
        acc = v;
        NEXT();
      }
    }
  } else if (value_is_nullish(recv)) {
    SAVE();
    char *n = string_to_utf8(CONSTANT(OPU(1)), NULL);
    js_throw(rt, ERROR_TypeError, "Cannot read properties of %s (reading '%s')",
             recv == VALUE_NULL ? "null" : "undefined", n ? n : "?");
    free(n);
    goto exception;
  }
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(1)));
  CALL_OP(ic_load_miss(rt, fp, OPU(2), &REG(OPR(0)), key));
  POP_TEMP();
  NEXT();
}
L_SetNamedProperty:
L_DefineNamedOwnProperty: {
  rd_value recv = REG(OPR(0));
  bool define = *op == BC_DefineNamedOwnProperty;
  if (RD_LIKELY(value_is_ptr(recv))) {
    /* Define sites keep out of the stub cache: its handlers are for [[Set]]. */
    const rd_value *s = ic_slot(fp[FRAME_FEEDBACK], OPU(2));
    rd_value h = define && s[0] == FEEDBACK_MEGAMORPHIC
                     ? VALUE_EMPTY
                     : ic_find_handler(rt, s, ic_map_of(recv), CONSTANT(OPU(1)), true);
    if (h && ic_apply_store(rt, recv, h, acc)) NEXT();
  } else if (value_is_nullish(recv)) {
    SAVE();
    char *n = string_to_utf8(CONSTANT(OPU(1)), NULL);
    js_throw(rt, ERROR_TypeError, "Cannot set properties of %s (setting '%s')",
             recv == VALUE_NULL ? "null" : "undefined", n ? n : "?");
    free(n);
    goto exception;
  }
  bool strict = SFI_FLAGS(fp[FRAME_FUNCTION]) & SFI_STRICT;
  rd_value *key = PUSH_TEMP(CONSTANT(OPU(1)));
  CALL_BOOL(ic_store_miss(rt, fp, OPU(2), &REG(OPR(0)), key, &fp[FRAME_ACCUMULATOR],
                          strict, define));
  POP_TEMP();
  NEXT();
}
L_DefineKeyedOwnProperty: {   /* CreateDataPropertyOrThrow / DefinePropertyOrThrow */
  SAVE();
  PropertyStatus st = object_define_own(rt, &REG(OPR(0)), &REG(OPR(1)), &fp[FRAME_ACCUMULATOR],
                                        OPU(2));
  RELOAD();
  if (st == PROPERTY_EXCEPTION) goto exception;
  if (st == PROPERTY_REJECTED) THROW(ERROR_TypeError, "Cannot redefine property");
  NEXT();
}
L_SetFunctionName:
  CALL_BOOL(interp_set_function_name(rt, &fp[FRAME_ACCUMULATOR], &REG(OPR(0)), NULL));
  NEXT();
L_DefineAccessor:
  CALL_BOOL(interp_define_accessor(rt, &REG(OPR(0)), &REG(OPR(1)), &fp[FRAME_ACCUMULATOR],
                                   OPU(2)));
  NEXT();
L_SetLiteralPrototype:
  if (value_is_js_object(acc) || acc == VALUE_NULL) {
    SAVE();
    PropertyStatus st = object_set_prototype(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR]);
    RELOAD();
    if (st == PROPERTY_EXCEPTION) goto exception;
  }
  NEXT();
L_CopyDataProperties:
  CALL_BOOL(interp_copy_data_properties(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR]));
  NEXT();
L_CopyDataPropertiesExcluding: {
  if (value_is_nullish(REG(OPR(0)))) THROW(ERROR_TypeError, "Cannot destructure null or undefined");
  int32_t first = OPERAND(1);
  CALL_OP(interp_copy_excluding(rt, &REG(OPR(0)), &REG(first), OPU(2)));
  NEXT();
}
L_ArrayPush: CALL_BOOL(interp_array_push(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();
L_ArrayPushHole: CALL_BOOL(interp_array_push_hole(rt, &REG(OPR(0)))); NEXT();
L_ArraySpread: CALL_BOOL(iterator_spread_into(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();
L_SetHomeObject: {
  JSFunction *f = (JSFunction *)value_to_ptr(acc);
  HEAP_STORE(f, f->home_object, REG(OPR(0)));
  NEXT();
}
L_CreatePrivateName: {
  rd_value *d = PUSH_TEMP(CONSTANT(OPU(0)));
  CALL_OP(factory_symbol(rt, d, true));
  POP_TEMP();
  NEXT();
}
L_GetPrivate: CALL_OP(interp_get_private(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();
L_SetPrivate:
  CALL_BOOL(interp_set_private(rt, &REG(OPR(0)), &REG(OPR(1)), &fp[FRAME_ACCUMULATOR]));
  NEXT();
L_DefinePrivate:
  CALL_BOOL(interp_define_private(rt, &REG(OPR(0)), &REG(OPR(1)), &fp[FRAME_ACCUMULATOR],
                                  OPU(2)));
  NEXT();
L_TestPrivateIn: {
  if (!value_is_js_object(acc)) THROW(ERROR_TypeError, "Cannot use 'in' operator to search for a private field in a non-object");
  PropertyLookup l;
  acc = value_from_bool(object_lookup_own(rt, acc, REG(OPR(0)), &l));
  NEXT();
}
L_GetKeyedProperty: {
  rd_value recv = REG(OPR(0));
  if (RD_LIKELY(value_is_ptr(recv))) {
    rd_value map = ic_map_of(recv), v = VALUE_EMPTY;
    if (value_is_int32(acc) && value_to_int32(acc) >= 0) {
      if (ic_keyed_seen(rt, ic_slot(fp[FRAME_FEEDBACK], OPU(1)), map))
        v = ic_element_load(rt, recv, (uint32_t)value_to_int32(acc));
    } else if (value_is_ptr(acc)) {
      rd_value h = ic_stub_lookup(rt, false, map, acc);
      if (h) v = ic_apply_load(rt, recv, h);
    }
    if (RD_LIKELY(v != VALUE_EMPTY)) {
      acc = v;
      NEXT();
    }
  } else if (value_is_nullish(recv)) {
    THROW(ERROR_TypeError, "Cannot read properties of %s", recv == VALUE_NULL ? "null" : "undefined");
  }
  if (value_is_js_object(acc)) CALL_OP(js_to_property_key(rt, &fp[FRAME_ACCUMULATOR]));
  CALL_OP(ic_keyed_load_miss(rt, fp, OPU(1), &REG(OPR(0)), &fp[FRAME_ACCUMULATOR]));
  NEXT();
}
L_SetKeyedProperty: {
  rd_value recv = REG(OPR(0)), key = REG(OPR(1));
  if (RD_LIKELY(value_is_ptr(recv))) {
    rd_value map = ic_map_of(recv);
    if (value_is_int32(key) && value_to_int32(key) >= 0) {
      rd_value *s = ic_slot(fp[FRAME_FEEDBACK], OPU(2));
      uint32_t i = (uint32_t)value_to_int32(key);
      bool append = value_has_type(recv, TYPE_JS_ARRAY) && !((double)i < value_to_number(JS_ARRAY(recv)->length));
      if (ic_keyed_seen(rt, s, map) && ic_element_store(rt, recv, i, acc)) {
        if (RD_UNLIKELY(append) && s[0] == map)   /* the site grows arrays (an int32 word: no barrier) */
          s[1] = ic_word(IC_ELEMENT, 0, IC_ELEMENT_OUT_OF_BOUNDS);
        NEXT();
      }
    } else if (value_is_ptr(key)) {
      rd_value h = ic_stub_lookup(rt, true, map, key);
      if (h && ic_apply_store(rt, recv, h, acc)) NEXT();
    }
  } else if (value_is_nullish(recv)) {
    THROW(ERROR_TypeError, "Cannot set properties of %s", recv == VALUE_NULL ? "null" : "undefined");
  }
  bool strict = SFI_FLAGS(fp[FRAME_FUNCTION]) & SFI_STRICT;
  CALL_BOOL(ic_keyed_store_miss(rt, fp, OPU(2), &REG(OPR(0)), &REG(OPR(1)),
                                &fp[FRAME_ACCUMULATOR], strict));
  NEXT();
}
L_DeletePropertyStrict:
L_DeletePropertySloppy: {
  bool strict = *op == BC_DeletePropertyStrict;
  rd_value *obj = &REG(OPR(0));
  if (value_is_nullish(*obj)) THROW(ERROR_TypeError, "Cannot convert undefined or null to object");
  if (!value_is_js_object(*obj)) {
    acc = VALUE_TRUE;   /* primitives have no own deletable properties here */
    NEXT();
  }
  SAVE();
  rd_value k = js_to_property_key(rt, &fp[FRAME_ACCUMULATOR]);
  PropertyStatus st = PROPERTY_EXCEPTION;
  if (k) {
    rd_value *hk = PUSH_TEMP(k);
    st = object_delete(rt, obj, hk);
    POP_TEMP();
  }
  RELOAD();
  if (st == PROPERTY_EXCEPTION) goto exception;
  if (st == PROPERTY_REJECTED && strict) THROW(ERROR_TypeError, "Cannot delete a non-configurable property");
  acc = value_from_bool(st == PROPERTY_OK);
  NEXT();
}

L_Add: {
  rd_value a = REG(OPR(0));
  RECORD_BINARY(1);
  if (value_is_int32(a) && value_is_int32(acc)) {
    int32_t r;
    if (!__builtin_add_overflow(value_to_int32(a), value_to_int32(acc), &r)) {
      acc = value_from_int32(r);
      NEXT();
    }
  }
  if (value_is_number(a) && value_is_number(acc)) {
    acc = value_from_number(value_to_number(a) + value_to_number(acc));
    RECORD_RESULT(1);
    NEXT();
  }
  CALL_OP(js_add(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR]));
  RECORD_RESULT(1);
  NEXT();
}
L_Sub: {
  rd_value a = REG(OPR(0));
  RECORD_BINARY(1);
  if (value_is_int32(a) && value_is_int32(acc)) {
    int32_t r;
    if (!__builtin_sub_overflow(value_to_int32(a), value_to_int32(acc), &r)) {
      acc = value_from_int32(r);
      NEXT();
    }
  }
  if (value_is_number(a) && value_is_number(acc)) {
    acc = value_from_number(value_to_number(a) - value_to_number(acc));
    RECORD_RESULT(1);
    NEXT();
  }
  goto binary_slow;
}
L_Mul: {
  rd_value a = REG(OPR(0));
  RECORD_BINARY(1);
  if (value_is_number(a) && value_is_number(acc)) {
    acc = value_from_number(value_to_number(a) * value_to_number(acc));
    RECORD_RESULT(1);
    NEXT();
  }
  goto binary_slow;
}
L_Div:
L_Mod:
L_Exp:
L_BitwiseOr:
L_BitwiseXor:
L_BitwiseAnd:
L_ShiftLeft:
L_ShiftRight:
L_ShiftRightLogical: {
  rd_value a = REG(OPR(0));
  RECORD_BINARY(1);
  if (value_is_int32(a) && value_is_int32(acc)) {
    int32_t x = value_to_int32(a), y = value_to_int32(acc);
    switch (*op) {
      case BC_BitwiseOr: acc = value_from_int32(x | y); NEXT();
      case BC_BitwiseXor: acc = value_from_int32(x ^ y); NEXT();
      case BC_BitwiseAnd: acc = value_from_int32(x & y); NEXT();
      case BC_ShiftLeft: acc = value_from_int32((int32_t)((uint32_t)x << (y & 31))); NEXT();
      case BC_ShiftRight: acc = value_from_int32(x >> (y & 31)); NEXT();
      case BC_ShiftRightLogical: acc = value_from_number((double)((uint32_t)x >> (y & 31))); NEXT();
      case BC_Mod:
        if (x >= 0 && y > 0) {   /* no -0, no overflow */
          acc = value_from_int32(x % y);
          NEXT();
        }
        break;
      default: break;
    }
  }
  if (value_is_number(a) && value_is_number(acc)) {
    acc = js_number_binary((Bytecode)*op, value_to_number(a), value_to_number(acc));
    RECORD_RESULT(1);
    NEXT();
  }
  goto binary_slow;
}
binary_slow:
  CALL_OP(js_binary(rt, (Bytecode)*op, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR]));
  RECORD_RESULT(1);
  NEXT();
L_AddSmi:
L_SubSmi: {
  int32_t imm = OPERAND(0), r;
  feedback_record_binary(fp[FRAME_FEEDBACK], OPU(1), acc, value_from_int32(imm));
  if (value_is_int32(acc) &&
      !(*op == BC_AddSmi ? __builtin_add_overflow(value_to_int32(acc), imm, &r)
                         : __builtin_sub_overflow(value_to_int32(acc), imm, &r))) {
    acc = value_from_int32(r);
    NEXT();
  }
  rd_value *b = PUSH_TEMP(value_from_int32(imm));
  if (*op == BC_AddSmi) CALL_OP(js_add(rt, &fp[FRAME_ACCUMULATOR], b));
  else CALL_OP(js_binary(rt, BC_Sub, &fp[FRAME_ACCUMULATOR], b));
  POP_TEMP();
  RECORD_RESULT(1);
  NEXT();
}
L_Inc:
L_Dec: {
  int32_t r;
  bool inc = *op == BC_Inc;
  feedback_record_binary(fp[FRAME_FEEDBACK], OPU(0), acc, value_from_int32(1));
  if (value_is_int32(acc) && !(inc ? __builtin_add_overflow(value_to_int32(acc), 1, &r)
                                   : __builtin_sub_overflow(value_to_int32(acc), 1, &r))) {
    acc = value_from_int32(r);
    NEXT();
  }
  CALL_OP(js_unary(rt, (Bytecode)*op, &fp[FRAME_ACCUMULATOR]));   /* numbers and BigInts */
  RECORD_RESULT(0);
  NEXT();
}
L_Negate:
  feedback_record_binary(fp[FRAME_FEEDBACK], OPU(0), acc, value_from_int32(0));
  if (value_is_int32(acc) && value_to_int32(acc) != 0 && value_to_int32(acc) != INT32_MIN) {
    acc = value_from_int32(-value_to_int32(acc));
    NEXT();
  }
  CALL_OP(js_unary(rt, BC_Negate, &fp[FRAME_ACCUMULATOR]));
  RECORD_RESULT(0);
  NEXT();
L_BitwiseNot: {
  feedback_record_binary(fp[FRAME_FEEDBACK], OPU(0), acc, value_from_int32(-1));
  if (value_is_int32(acc)) {
    acc = value_from_int32(~value_to_int32(acc));
    NEXT();
  }
  CALL_OP(js_unary(rt, BC_BitwiseNot, &fp[FRAME_ACCUMULATOR]));
  NEXT();
}
L_LogicalNot: acc = value_from_bool(acc != VALUE_TRUE); NEXT();
L_ToBooleanLogicalNot: acc = value_from_bool(!js_to_boolean(acc)); NEXT();
L_TypeOf: CALL_OP(js_typeof(rt, acc)); NEXT();

L_TestEqual: CALL_OP(js_loose_equals(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();
L_TestEqualStrict: acc = value_from_bool(js_strict_equals(REG(OPR(0)), acc)); NEXT();
L_TestLessThan:
L_TestGreaterThan:
L_TestLessThanOrEqual:
L_TestGreaterThanOrEqual: {
  rd_value a = REG(OPR(0));
  RECORD_BINARY(1);
  if (value_is_number(a) && value_is_number(acc)) {   /* int32s convert exactly; NaN compares false */
    double x = value_to_number(a), y = value_to_number(acc);
    switch (*op) {
      case BC_TestLessThan: acc = value_from_bool(x < y); break;
      case BC_TestGreaterThan: acc = value_from_bool(x > y); break;
      case BC_TestLessThanOrEqual: acc = value_from_bool(x <= y); break;
      default: acc = value_from_bool(x >= y); break;
    }
    NEXT();
  }
  CALL_OP(js_compare(rt, (Bytecode)*op, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR]));
  NEXT();
}
L_TestNull: acc = value_from_bool(acc == VALUE_NULL); NEXT();
L_TestUndefined: acc = value_from_bool(acc == VALUE_UNDEFINED); NEXT();
L_TestIn: CALL_OP(interp_has_property(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();
L_TestInstanceOf: CALL_OP(interp_instance_of(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();
L_TestTypeOfObject: acc = value_from_bool(acc == VALUE_NULL || (value_is_js_object(acc) && !value_is_callable(acc))); NEXT();
L_ToNumber:
  if (!value_is_number(acc)) CALL_OP(js_to_number(rt, &fp[FRAME_ACCUMULATOR]));
  NEXT();
L_ToNumeric:   /* a BigInt stays one (++ and -- on BigInts) */
  if (!value_is_number(acc) && !value_is_bigint(acc)) CALL_OP(js_to_numeric(rt, &fp[FRAME_ACCUMULATOR]));
  NEXT();
L_ToString:
  if (!value_is_string(acc)) CALL_OP(js_to_string(rt, &fp[FRAME_ACCUMULATOR]));
  NEXT();
L_ToPropertyKey:
  if (!value_is_property_key(acc) && !value_is_int32(acc)) CALL_OP(js_to_property_key(rt, &fp[FRAME_ACCUMULATOR]));
  NEXT();
L_ToObject:
  if (!value_is_js_object(acc)) CALL_OP(js_to_object(rt, &fp[FRAME_ACCUMULATOR]));
  NEXT();

L_Jump: JUMP_BY(OPERAND(0));
L_JumpIfTrue: if (acc == VALUE_TRUE) JUMP_BY(OPERAND(0)); NEXT();
L_JumpIfFalse: if (acc == VALUE_FALSE) JUMP_BY(OPERAND(0)); NEXT();
L_JumpIfToBooleanTrue: if (js_to_boolean(acc)) JUMP_BY(OPERAND(0)); NEXT();
L_JumpIfToBooleanFalse: if (!js_to_boolean(acc)) JUMP_BY(OPERAND(0)); NEXT();
L_JumpIfNull: if (acc == VALUE_NULL) JUMP_BY(OPERAND(0)); NEXT();
L_JumpIfUndefined: if (acc == VALUE_UNDEFINED) JUMP_BY(OPERAND(0)); NEXT();
L_JumpIfUndefinedOrNull: if (value_is_nullish(acc)) JUMP_BY(OPERAND(0)); NEXT();
L_JumpLoop:
  SPEND_BUDGET(-OPR(0));
  JUMP_BY(OPR(0));

L_CallProperty:
L_CallUndefinedReceiver:
L_Construct: {
  Bytecode bc = (Bytecode)*op;
  int32_t first = OPERAND(1);
  uint32_t count = OPU(2);
  cslot = rt->sp;
  if ((size_t)(rt->stack_end - cslot) < count + 3 + 64) THROW(ERROR_RangeError, "Maximum call stack size exceeded");
  cslot[0] = REG(OPR(0));
  if (bc == BC_CallProperty) {
    for (uint32_t i = 0; i < count; i++) cslot[1 + i] = REG(first + (int32_t)i);
    cargc = count ? count - 1 : 0;
    if (!count) cslot[1] = VALUE_UNDEFINED;
  } else {
    cslot[1] = bc == BC_Construct ? acc : VALUE_UNDEFINED;   /* construct: new.target, for now */
    for (uint32_t i = 0; i < count; i++) cslot[2 + i] = REG(first + (int32_t)i);
    cargc = count;
  }
  cconstruct = bc == BC_Construct;
  cfb = OPU(3);
  cnext = (uint32_t)(op - ba->bytes) + (uint32_t)bytecode_size(bc, scale);
  goto call_common;
}
L_CallApply:
L_ConstructApply: {
  Bytecode bc = (Bytecode)*op;
  bool construct = bc == BC_ConstructApply;
  rd_value arr = REG(OPERAND(construct ? 1 : 2));
  uint32_t n = value_has_type(arr, TYPE_JS_ARRAY) ? array_length(arr) : 0;
  cslot = rt->sp;
  if ((size_t)(rt->stack_end - cslot) < (size_t)n + 3 + 64) THROW(ERROR_RangeError, "Maximum call stack size exceeded");
  cslot[0] = REG(OPR(0));
  cslot[1] = construct ? acc : REG(OPR(1));
  for (uint32_t i = 0; i < n; i++) {
    rd_value v = element_get(arr, i);
    cslot[2 + i] = v == VALUE_EMPTY || value_has_type(v, TYPE_ACCESSOR_PAIR) ? VALUE_UNDEFINED : v;
  }
  cargc = n;
  cconstruct = construct;
  cfb = OPU(construct ? 2 : 3);
  cnext = (uint32_t)(op - ba->bytes) + (uint32_t)bytecode_size(bc, scale);
  goto call_common;
}
L_CallDirectEval: {
  int32_t first = OPERAND(1);
  uint32_t count = OPU(2);
  rd_value ev = interp_intrinsic(rt, INTRINSIC_eval);
  if (value_is_ptr(ev) && REG(OPR(0)) == ev) {
    if (count < 2 || !value_is_string(REG(first + 1))) {
      acc = count >= 2 ? REG(first + 1) : VALUE_UNDEFINED;
      NEXT();
    }
    CALL_OP(interp_direct_eval(rt, &REG(first + 1), &REG(first), &fp[FRAME_CONTEXT], OPU(3),
                               &fp[FRAME_FUNCTION]));
    NEXT();
  }
  cslot = rt->sp;
  if ((size_t)(rt->stack_end - cslot) < count + 3 + 64) THROW(ERROR_RangeError, "Maximum call stack size exceeded");
  cslot[0] = REG(OPR(0));
  cslot[1] = VALUE_UNDEFINED;
  for (uint32_t i = 1; i < count; i++) cslot[1 + i] = REG(first + (int32_t)i);
  cargc = count ? count - 1 : 0;
  cconstruct = false;
  cfb = FEEDBACK_NO_SLOT;
  cnext = (uint32_t)(op - ba->bytes) + (uint32_t)bytecode_size(BC_CallDirectEval, scale);
  goto call_common;
}
L_CallRuntime:   /* %Name(args): the arguments stay in their registers (VM-stack slots) */
  CALL_OP(natives_call(rt, OPU(0), &REG(OPR(1)), OPU(2)));
  NEXT();
call_common: {
  /* [callee, receiver (new.target when constructing), args...] at cslot. */
  rt->sp = cslot + 2 + cargc;
  rd_value callee = cslot[0];
  if (!value_is_callable(callee)) {
    rt->sp = cslot;
    THROW(ERROR_TypeError, "%s", not_callable_message(cconstruct));
  }
  feedback_record_call(fp[FRAME_FEEDBACK], cfb, callee);
  uint32_t flags = SFI_FLAGS(callee);
  if (cconstruct && (flags & SFI_NOT_CONSTRUCTOR)) {
    rt->sp = cslot;
    THROW(ERROR_TypeError, "not a constructor");
  }
  if (!cconstruct && (flags & SFI_CLASS_CONSTRUCTOR)) {
    rt->sp = cslot;
    THROW(ERROR_TypeError, "Class constructor cannot be invoked without 'new'");
  }
  rd_value new_target = cconstruct ? cslot[1] : VALUE_UNDEFINED;
  if (SHARED(callee)->bytecode == VALUE_UNDEFINED) {   /* native */
    SAVE();
    rd_value nt = new_target;   /* call_native stores it on the stack before allocating */
    if (cconstruct) cslot[1] = VALUE_UNDEFINED;
    rd_value r = call_native(rt, cslot + 1, cargc, cconstruct ? &nt : NULL);
    rt->sp = cslot;
    RELOAD();
    if (!r) goto exception;
    acc = r;
    off = cnext;
    DISPATCH();
  }
  if (cconstruct) {
    if (flags & SFI_DERIVED_CONSTRUCTOR) {
      cslot[1] = VALUE_EMPTY;   /* `this` is bound by super() */
    } else {
      SAVE();
      /* cslot[1] holds new.target; keep a copy above the args for push_frame. */
      rd_value *hnt = PUSH_TEMP(cslot[1]);
      bool ok = construct_receiver(rt, &cslot[1]);
      new_target = *hnt;
      POP_TEMP();
      RELOAD();
      if (!ok) {
        rt->sp = cslot;
        goto exception;
      }
    }
  }
  if (RD_UNLIKELY(tiers_call_needs_hook(cslot[0]))) {   /* optimized code (codegen/tiers.h) */
    SAVE();
    rd_value *hnt = PUSH_TEMP(new_target);
    rd_value code = tiers_code_for_call(rt, cslot);
    new_target = *hnt;
    POP_TEMP();
    if (code) {
      rd_value r = tiers_call_optimized(rt, code, cslot + 1, cargc, new_target);
      rt->sp = cslot;
      RELOAD();
      if (!r) goto exception;
      acc = r;
      off = cnext;
      DISPATCH();
    }
    RELOAD();
  }
  SAVE();
  rd_value *nfp = push_frame(rt, cslot + 1, cargc, fp, (int32_t)cnext, new_target);
  if (!nfp) {
    rt->sp = cslot;
    RELOAD();
    goto exception;
  }
  fp = nfp;
  LOAD_FRAME();
  off = 0;
  acc = VALUE_UNDEFINED;
  DISPATCH();
}
L_CallSuper:
L_CallSuperApply: {
  /* The parent constructor is the [[Prototype]] of the running constructor. */
  bool apply = *op == BC_CallSuperApply;
  rd_value parent = object_get_prototype(REG(OPR(0)));
  if (!value_is_callable(parent) || (SFI_FLAGS(parent) & SFI_NOT_CONSTRUCTOR))
    THROW(ERROR_TypeError, "Super constructor is not a constructor");
  rd_value *slot = rt->sp;
  uint32_t n;
  if (apply) {
    rd_value arr = REG(OPR(1));
    n = value_has_type(arr, TYPE_JS_ARRAY) ? array_length(arr) : 0;
    if ((size_t)(rt->stack_end - slot) < (size_t)n + 66) THROW(ERROR_RangeError, "Maximum call stack size exceeded");
    for (uint32_t i = 0; i < n; i++) {
      rd_value v = element_get(arr, i);
      slot[2 + i] = v == VALUE_EMPTY || value_has_type(v, TYPE_ACCESSOR_PAIR) ? VALUE_UNDEFINED : v;
    }
  } else {
    n = OPU(2);
    if ((size_t)(rt->stack_end - slot) < (size_t)n + 66) THROW(ERROR_RangeError, "Maximum call stack size exceeded");
    for (uint32_t i = 0; i < n; i++) slot[2 + i] = REG(OPERAND(1) + (int32_t)i);
  }
  slot[0] = parent;
  slot[1] = acc;   /* new.target */
  rt->sp = slot + 2 + n;
  SAVE();
  rd_value r = interp_construct(rt, &slot[0], &slot[1], n, slot + 2);
  rt->sp = slot;
  RELOAD();
  if (!r) goto exception;
  acc = r;
  NEXT();
}
L_GetSuperProperty: {
  rd_value home = ((JSFunction *)value_to_ptr(fp[FRAME_FUNCTION]))->home_object;
  if (!value_is_js_object(home)) THROW(ERROR_SyntaxError, "'super' keyword unexpected here");
  rd_value proto = object_get_prototype(home);
  if (!value_is_js_object(proto)) THROW(ERROR_TypeError, "Cannot read properties of null (super)");
  rd_value *hp = PUSH_TEMP(proto);
  if (!value_is_property_key(acc) && !value_is_int32(acc)) {
    CALL_OP(js_to_property_key(rt, &fp[FRAME_ACCUMULATOR]));
  }
  CALL_OP(interp_super_get(rt, hp, &fp[FRAME_ACCUMULATOR], &REG(OPR(0))));
  POP_TEMP();
  NEXT();
}
L_SetSuperProperty: {
  rd_value home = ((JSFunction *)value_to_ptr(fp[FRAME_FUNCTION]))->home_object;
  if (!value_is_js_object(home)) THROW(ERROR_SyntaxError, "'super' keyword unexpected here");
  rd_value proto = object_get_prototype(home);
  if (!value_is_js_object(proto)) THROW(ERROR_TypeError, "Cannot set properties of null (super)");
  rd_value *hp = PUSH_TEMP(proto);
  CALL_BOOL(interp_super_set(rt, hp, &REG(OPR(1)), &fp[FRAME_ACCUMULATOR], &REG(OPR(0))));
  POP_TEMP();
  NEXT();
}
L_InitializeFields: CALL_BOOL(interp_initialize_fields(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();

L_CreateClosure: {
  rd_value *sfi = PUSH_TEMP(CONSTANT(OPU(0)));
  CALL_OP(interp_closure_new(rt, sfi, &fp[FRAME_CONTEXT]));
  POP_TEMP();
  if (SFI_FLAGS(acc) & SFI_ARROW) {   /* arrows see their creator's super */
    JSFunction *nf = (JSFunction *)value_to_ptr(acc);
    HEAP_STORE(nf, nf->home_object, ((JSFunction *)value_to_ptr(fp[FRAME_FUNCTION]))->home_object);
  }
  NEXT();
}
L_CreateEmptyObjectLiteral: CALL_OP(object_new(rt)); NEXT();
L_CreateEmptyArrayLiteral: CALL_OP(array_new(rt, ELEMENTS_PACKED_INT32, 0)); NEXT();
L_CreateRegExpLiteral: {
  rd_value *p = PUSH_TEMP(CONSTANT(OPU(0)));
  rd_value *fl = PUSH_TEMP(CONSTANT(OPU(1)));
  CALL_OP(interp_regexp_literal(rt, p, fl));
  rt->sp -= 2;
  NEXT();
}
L_GetTemplateObject: {
  rd_value site = CONSTANT(OPU(0));
  if (value_has_type(site, TYPE_JS_ARRAY)) {
    acc = site;
    NEXT();
  }
  rd_value *hs = PUSH_TEMP(site);
  CALL_OP(interp_template_object(rt, hs));
  POP_TEMP();
  HEAP_STORE(value_to_ptr(ba->constant_pool), CONSTANT(OPU(0)), acc);   /* cached per site */
  NEXT();
}
L_CreateArguments: {
  uint32_t argc = (uint32_t)I32(fp[FRAME_ARGC]);
  bool sloppy = !(SFI_FLAGS(fp[FRAME_FUNCTION]) & SFI_STRICT);
  CALL_OP(interp_arguments_object(rt, params + 1, argc, sloppy ? &fp[FRAME_FUNCTION] : NULL, NULL, NULL));
  NEXT();
}
L_CreateMappedArguments: {
  uint32_t argc = (uint32_t)I32(fp[FRAME_ARGC]);
  rd_value *map = PUSH_TEMP(CONSTANT(OPU(0)));
  CALL_OP(interp_arguments_object(rt, params + 1, argc, &fp[FRAME_FUNCTION], &fp[FRAME_CONTEXT], map));
  POP_TEMP();
  NEXT();
}
L_CreateRestParameter: {
  uint32_t argc = (uint32_t)I32(fp[FRAME_ARGC]), from = OPU(0);
  CALL_OP(interp_array_from(rt, params + 1 + from, argc > from ? argc - from : 0));
  NEXT();
}
L_CreateClass: CALL_OP(interp_create_class(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();

L_ForInEnumerate:
  if (!value_is_js_object(acc)) {
    acc = ROOT(rt, empty_fixed_array);
    NEXT();
  }
  CALL_OP(interp_for_in_keys(rt, &fp[FRAME_ACCUMULATOR]));
  NEXT();
L_ForInNext:
  CALL_OP(interp_for_in_next(rt, &REG(OPR(0)), &REG(OPR(1)), &REG(OPR(2))));
  NEXT();
L_GetIterator: CALL_OP(iterator_get(rt, &fp[FRAME_ACCUMULATOR])); NEXT();
L_IteratorStep: {
  bool done = true;
  CALL_OP(iterator_step(rt, &REG(OPR(0)), &done));
  REG(OPR(1)) = value_from_bool(done);
  NEXT();
}
L_IteratorClose: CALL_BOOL(iterator_close(rt, &REG(OPR(0)))); NEXT();
L_IteratorCloseOnThrow:
  SAVE();
  iterator_close_on_throw(rt, &REG(OPR(0)));
  RELOAD();
  NEXT();

L_CreateDisposeCapability: CALL_OP(dispose_capability_new(rt)); NEXT();
L_AddDisposableResource:
  CALL_BOOL(dispose_add_resource(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR], OPU(1) != 0, NULL));
  NEXT();
L_DisposeRecordError: CALL_BOOL(dispose_record_error(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();
L_DisposeResources: {
  bool done = true;
  CALL_OP(dispose_resources_step(rt, &REG(OPR(0)), &done));
  REG(OPR(1)) = value_from_bool(done);
  NEXT();
}

L_Return: {
  SPEND_BUDGET((int32_t)off + 1);
  if (fp[FRAME_NEW_TARGET] != VALUE_UNDEFINED && !value_is_js_object(acc)) acc = params[0];
do_return:;
  int32_t ret = I32(fp[FRAME_RETURN_OFFSET]);
  int32_t caller = I32(fp[FRAME_CALLER_FP]);
  rt->sp = params - 1;   /* pop the frame, its arguments and the callee slot */
  if (ret == FRAME_RETURN_TO_C) return acc;
  fp = rt->stack + caller;
  LOAD_FRAME();
  /* The caller's sp was its register area's end. */
  rt->sp = fp + FRAME_HEADER + ba->frame_size;
  off = (uint32_t)ret;
  DISPATCH();
}
L_Throw:
L_ReThrow:
  SAVE();
  rt->exception = acc;
  goto exception;
L_ThrowReferenceErrorIfHole:
  if (acc == VALUE_EMPTY) {
    SAVE();
    (void)interp_throw_named(rt, ERROR_ReferenceError, "Cannot access '%s' before initialization",
                             CONSTANT(OPU(0)));
    goto exception;
  }
  NEXT();
L_ThrowError: {
  SAVE();
  char *m = string_to_utf8(CONSTANT(OPU(1)), NULL);
  js_throw(rt, (ErrorKind)OPERAND(0), "%s", m ? m : "error");
  free(m);
  goto exception;
}
L_ThrowConstAssignment:
  SAVE();
  (void)interp_throw_named(rt, ERROR_TypeError, "Assignment to constant variable '%s'.", CONSTANT(OPU(0)));
  goto exception;
L_ThrowIfNotObject:
  if (!value_is_js_object(acc)) {
    SAVE();
    (void)interp_throw_named(rt, ERROR_TypeError, "%s", CONSTANT(OPU(0)));
    goto exception;
  }
  NEXT();
L_ThrowSuperNotCalledIfHole:
  if (acc == VALUE_EMPTY)
    THROW(ERROR_ReferenceError, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
  NEXT();
L_ThrowSuperAlreadyCalledIfNotHole:
  if (acc != VALUE_EMPTY) THROW(ERROR_ReferenceError, "Super constructor may only be called once");
  NEXT();
L_Debugger: NEXT();

L_CreateGeneratorObject: {
  uint32_t words = (uint32_t)(fp - params) + ba->frame_size;
  CALL_OP(interp_generator_create(rt, &fp[FRAME_FUNCTION], words));
  GEN_WORD(acc, GEN_ARGC) = fp[FRAME_ARGC];
  NEXT();
}
L_SuspendGenerator: {
  /* Saves params, registers, context and the resume offset; never allocates. */
  rd_value gen = REG(OPR(0));
  int32_t kind = OPERAND(1);
  FixedArray *fa = FIXED_ARRAY(GEN_WORD(gen, GEN_FRAME));
  uint32_t np = (uint32_t)(fp - params);
  memcpy(fa->data, params, np * sizeof(rd_value));
  memcpy(fa->data + np, regs, ba->frame_size * sizeof(rd_value));
  heap_write_barrier_range((HeapObject *)fa, fa->data, np + ba->frame_size);
  HEAP_STORE(value_to_ptr(gen), GEN_WORD(gen, GEN_CONTEXT), fp[FRAME_CONTEXT]);
  GEN_WORD(gen, GEN_OFFSET) = value_from_int32((int32_t)(op - ba->bytes) + (int32_t)bytecode_size(BC_SuspendGenerator, scale));
  GEN_WORD(gen, GEN_STATE) = value_from_int32(kind == 2 ? GEN_SUSPENDED_START : GEN_SUSPENDED_YIELD);
  GEN_WORD(gen, GEN_RAW) = value_from_int32(kind);
  goto do_return;
}
L_ResumeGenerator:
  REG(OPR(1)) = acc;
  acc = GEN_WORD(REG(OPR(0)), GEN_MODE);
  NEXT();
L_GetIteratorGeneric: CALL_OP(iterator_get_generic(rt, &fp[FRAME_ACCUMULATOR], OPERAND(0) != 0)); NEXT();
L_YieldStarStep: {
  int32_t done = 0;
  CALL_OP(iterator_yield_star_step(rt, &REG(OPR(0)), (ResumeMode)I32(REG(OPR(1))),
                                   &fp[FRAME_ACCUMULATOR], &done, OPERAND(3)));
  REG(OPR(2)) = value_from_int32(done);
  NEXT();
}
L_Await: CALL_OP(interp_await(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR])); NEXT();
L_AsyncFunctionResolve: CALL_OP(interp_async_function_settle(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR], false)); NEXT();
L_AsyncFunctionReject: CALL_OP(interp_async_function_settle(rt, &REG(OPR(0)), &fp[FRAME_ACCUMULATOR], true)); NEXT();
L_IteratorResultValue: {
  bool done = false;
  CALL_OP(iterator_result_value(rt, &fp[FRAME_ACCUMULATOR], &done));
  REG(OPR(0)) = value_from_bool(done);
  NEXT();
}

/* --- modules (module/module.h) --- */
L_LdaModuleVariable: {
  rd_value c = fp[FRAME_CONTEXT];
  for (int32_t d = OPERAND(1); d > 0; d--) c = FIXED_ARRAY(c)->data[CONTEXT_PREVIOUS];
  rd_value ref = FIXED_ARRAY(c)->data[OPERAND(0)];   /* [holder, index] made at link time */
  acc = module_is_binding_ref(ref) ? module_binding_read(ref) : VALUE_EMPTY;
  if (acc == VALUE_EMPTY) {
    SAVE();
    (void)interp_throw_named(rt, ERROR_ReferenceError, "Cannot access '%s' before initialization",
                             CONSTANT(OPU(2)));
    goto exception;
  }
  NEXT();
}
L_GetImportMeta: CALL_OP(module_import_meta(rt, &fp[FRAME_CONTEXT])); NEXT();
L_DynamicImport: {
  rd_value *options = PUSH_TEMP(REG(OPR(0)));
  CALL_OP(module_dynamic_import(rt, &fp[FRAME_FUNCTION], &fp[FRAME_CONTEXT], &fp[FRAME_ACCUMULATOR], options));
  POP_TEMP();
  NEXT();
}

exception:
  /* The pending exception unwinds frames until a handler covers the
   * throwing instruction; fp[FRAME_OFFSET] is that instruction. */
  for (;;) {
    int32_t ctx_reg = 0;
    uint32_t at = (uint32_t)I32(fp[FRAME_OFFSET]);
    int32_t h = find_handler(fp, at, &ctx_reg);
    if (h >= 0) {
      LOAD_FRAME();
      rt->sp = fp + FRAME_HEADER + ba->frame_size;
      fp[FRAME_CONTEXT] = REG(ctx_reg);
      acc = rt->exception;
      rt->exception = VALUE_EMPTY;
      off = (uint32_t)h;
      DISPATCH();
    }
    int32_t ret = I32(fp[FRAME_RETURN_OFFSET]);
    int32_t caller = I32(fp[FRAME_CALLER_FP]);
    rt->sp = frame_params(fp) - 1;
    if (ret == FRAME_RETURN_TO_C) return VALUE_EMPTY;
    fp = rt->stack + caller;
  }
}

/* --- entry from C ------------------------------------------------------------------------- */
static rd_value call_from_c(Runtime *rt, Handle fn, Handle receiver, Handle new_target,
                            uint32_t argc, const rd_value *argv) {
  if (!value_is_callable(*fn)) return js_throw(rt, ERROR_TypeError, "not a function");
  rd_value *slot = rt->sp;
  if ((size_t)(rt->stack_end - slot) < argc + 3 + 64)
    return js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
  slot[0] = *fn;
  slot[1] = receiver ? *receiver : VALUE_UNDEFINED;
  for (uint32_t i = 0; i < argc; i++) slot[2 + i] = argv[i];
  rt->sp = slot + 2 + argc;
  rd_value r, code;
  rd_value *saved_fp = rt->fp;   /* the C caller's frame: the new frame's caller for stack traces */
  uint32_t flags = SFI_FLAGS(*fn);
  if (!new_target && (flags & SFI_CLASS_CONSTRUCTOR)) {
    r = js_throw(rt, ERROR_TypeError, "Class constructor cannot be invoked without 'new'");
  } else if (SHARED(*fn)->bytecode == VALUE_UNDEFINED) {
    rd_value nt = new_target ? *new_target : VALUE_UNDEFINED;
    r = call_native(rt, slot + 1, argc, new_target ? &nt : NULL);
  } else if (tiers_call_needs_hook(slot[0]) && (code = tiers_code_for_call(rt, slot))) {
    r = tiers_call_optimized(rt, code, slot + 1, argc, new_target ? *new_target : VALUE_UNDEFINED);
  } else if (++rt->native_depth > MAX_NATIVE_DEPTH) {
    r = js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
    rt->native_depth--;
  } else {
    rd_value *fp = push_frame(rt, slot + 1, argc, saved_fp, FRAME_RETURN_TO_C,
                              new_target ? *new_target : VALUE_UNDEFINED);
    r = fp ? run(rt, fp) : VALUE_EMPTY;
    rt->native_depth--;
  }
  rt->fp = saved_fp;
  rt->sp = slot;
  /* A script run from the outermost level drains the job queue (HostEnqueue
   * ...Job: jobs run once the script's execution context is gone). */
  if (r && rt->native_depth == 0 && (flags & SFI_SCRIPT)) {
    rd_value *keep = PUSH_TEMP(r);
    (void)interp_run_jobs(rt);
    r = *keep;
    rt->sp = slot;
  }
  return r;
}

rd_value interp_call(Runtime *rt, Handle fn, Handle receiver, uint32_t argc, const rd_value *argv) {
  return call_from_c(rt, fn, receiver, NULL, argc, argv);
}

/* The deoptimizer's re-entry (deopt/deoptimizer.h): runs the rebuilt frames
 * from the innermost one; the outermost returns to C (FRAME_RETURN_TO_C).
 * Leaves rt->sp at the outermost frame's arguments' end and rt->fp as the
 * deopt found it, as the optimized function's own return would have. */
rd_value interp_resume(Runtime *rt, rd_value *fp) {
  rd_value r = VALUE_EMPTY;
  if (fp) {
    rd_value *outer = fp;
    while (I32(outer[FRAME_RETURN_OFFSET]) != FRAME_RETURN_TO_C) outer = rt->stack + I32(outer[FRAME_CALLER_FP]);
    rd_value *params = frame_params(outer);
    uint32_t argc = (uint32_t)I32(outer[FRAME_ARGC]);
    int32_t caller = I32(outer[FRAME_CALLER_FP]);
    if (++rt->native_depth > MAX_NATIVE_DEPTH) r = js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
    else r = run(rt, fp);
    rt->native_depth--;
    rt->fp = caller >= 0 ? rt->stack + caller : NULL;
    rt->sp = params + 1 + argc;
  }
  rt->exit_fp = rt->exit_pc = 0;   /* back in optimized code, which is not calling C */
  return r;
}

rd_value interp_generator_resume(Runtime *rt, Handle gen, Handle value, ResumeMode mode,
                                 int32_t *kind) {
  *kind = -1;
  rd_value g = *gen, fn = GEN_WORD(g, GEN_FUNCTION);
  rd_value frame = GEN_WORD(g, GEN_FRAME);
  BytecodeArray *ba = BYTECODE(SHARED(fn)->bytecode);
  uint32_t total = fixed_array_length(frame), np = total - ba->frame_size;
  rd_value *slot = rt->sp;
  if ((size_t)(rt->stack_end - slot) < total + FRAME_HEADER + 64 || rt->native_depth + 1 > MAX_NATIVE_DEPTH)
    return js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
  rt->native_depth++;
  FixedArray *fa = FIXED_ARRAY(frame);
  slot[0] = fn;
  memcpy(slot + 1, fa->data, np * sizeof(rd_value));
  rd_value *fp = slot + 1 + np;
  rd_value *saved_fp = rt->fp;
  fp[FRAME_CALLER_FP] = value_from_int32(saved_fp ? (int32_t)(saved_fp - rt->stack) : -1);
  fp[FRAME_RETURN_OFFSET] = value_from_int32(FRAME_RETURN_TO_C);
  fp[FRAME_ARGC] = GEN_WORD(g, GEN_ARGC);
  fp[FRAME_FUNCTION] = fn;
  fp[FRAME_CONTEXT] = GEN_WORD(g, GEN_CONTEXT);
  fp[FRAME_BYTECODE] = SHARED(fn)->bytecode;
  fp[FRAME_OFFSET] = GEN_WORD(g, GEN_OFFSET);
  fp[FRAME_FEEDBACK] = ((JSFunction *)value_to_ptr(fn))->feedback;
  fp[FRAME_NEW_TARGET] = VALUE_UNDEFINED;
  fp[FRAME_ACCUMULATOR] = *value;
  memcpy(fp + FRAME_HEADER, fa->data + np, ba->frame_size * sizeof(rd_value));
  rt->sp = fp + FRAME_HEADER + ba->frame_size;
  GEN_WORD(g, GEN_STATE) = value_from_int32(GEN_EXECUTING);
  GEN_WORD(g, GEN_MODE) = value_from_int32((int32_t)mode);
  rd_value r = run(rt, fp);
  rt->fp = saved_fp;
  rt->native_depth--;
  rt->sp = slot;
  g = *gen;
  if (!r || GEN_WORD(g, GEN_STATE) == value_from_int32(GEN_EXECUTING)) {
    GEN_WORD(g, GEN_STATE) = value_from_int32(GEN_COMPLETED);
    HEAP_STORE(value_to_ptr(g), GEN_WORD(g, GEN_FRAME), ROOT(rt, empty_fixed_array));
    GEN_WORD(g, GEN_CONTEXT) = VALUE_UNDEFINED;
    return r;
  }
  *kind = I32(GEN_WORD(g, GEN_RAW));
  return r;
}

rd_value interp_construct(Runtime *rt, Handle fn, Handle new_target, uint32_t argc,
                          const rd_value *argv) {
  HANDLE_SCOPE(rt);
  if (!value_is_callable(*fn) || (SFI_FLAGS(*fn) & SFI_NOT_CONSTRUCTOR))
    return js_throw(rt, ERROR_TypeError, "not a constructor");
  if (SHARED(*fn)->bytecode == VALUE_UNDEFINED) return call_from_c(rt, fn, NULL, new_target, argc, argv);
  /* argv may point into the heap: copy it to the VM stack before allocating. */
  rd_value *copy = rt->sp;
  if ((size_t)(rt->stack_end - copy) < argc + 64)
    return js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
  for (uint32_t i = 0; i < argc; i++) copy[i] = argv[i];
  rt->sp = copy + argc;
  Handle ho = handle_new(rt, *new_target);
  rd_value r = VALUE_EMPTY;
  if (SFI_FLAGS(*fn) & SFI_DERIVED_CONSTRUCTOR) *ho = VALUE_EMPTY;
  if ((SFI_FLAGS(*fn) & SFI_DERIVED_CONSTRUCTOR) || construct_receiver(rt, ho))
    r = call_from_c(rt, fn, ho, new_target, argc, copy);
  rt->sp = copy;
  return r;
}
