/*
 * runtime_calls.c - the C functions optimized code calls (compiler/
 * runtime_calls.h): JS calls, construction, the generic (interpreter-way)
 * operations of Generic nodes, throwing, and the write barrier.
 *
 * Calling convention: generated code writes the operation's tagged inputs
 * on the VM stack at rt->sp (above the live stack, where nothing else is)
 * and calls the helper with their count; the helper first bumps rt->sp over
 * them, so they are GC roots while it runs, and restores it before
 * returning. A result of VALUE_EMPTY means an exception is pending.
 *
 * Invariant: a helper never keeps a raw heap value across an allocation;
 * the inputs are read through their VM-stack slots.
 */
#include "compiler/runtime_calls.h"

#include <stdlib.h>

#include "interp/ic.h"
#include "interp/interp_ops.h"
#include "interp/interpreter.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"

/* Claims the n input slots at rt->sp; returns them. */
static rd_value *claim(Runtime *rt, uint32_t n) {
  rd_value *in = rt->sp;
  rt->sp += n;
  return in;
}

/* Notes block in as a call in progress (for stack traces through natives). */
static void push_call(Runtime *rt, rd_value *in) {
  if (rt->opt_call_depth < sizeof rt->opt_calls / sizeof *rt->opt_calls) rt->opt_calls[rt->opt_call_depth] = in;
  rt->opt_call_depth++;
}

rd_value opt_call(Runtime *rt, uint32_t n) {
  rd_value *in = claim(rt, n);   /* callee, receiver, arguments */
  push_call(rt, in);
  rd_value r = interp_call(rt, &in[0], &in[1], n - 2, &in[2]);
  rt->opt_call_depth--;
  rt->sp = in;
  return r;
}

rd_value opt_construct(Runtime *rt, uint32_t n) {
  rd_value *in = claim(rt, n);   /* callee, new.target, arguments */
  push_call(rt, in);
  rd_value r = interp_construct(rt, &in[0], &in[1], n - 2, &in[2]);
  rt->opt_call_depth--;
  rt->sp = in;
  return r;
}

/* [[Get]] with the interpreter's error message for null and undefined. */
static rd_value get_property(Runtime *rt, Handle obj, Handle key) {
  if (value_is_nullish(*obj)) {
    char *k = value_is_string(*key) ? string_to_utf8(*key, NULL) : NULL;
    js_throw(rt, ERROR_TypeError, k ? "Cannot read properties of %s (reading '%s')" : "Cannot read properties of %s",
             *obj == VALUE_NULL ? "null" : "undefined", k);
    free(k);
    return VALUE_EMPTY;
  }
  return js_get(rt, obj, key);
}

/* The value of global name (script lexicals first), as LdaGlobal. */
static rd_value global_load(Runtime *rt, Handle name, bool inside_typeof) {
  HANDLE_SCOPE(rt);
  rd_value rec = interp_intrinsic(rt, INTRINSIC_script_context);
  PropertyLookup l;
  if (value_is_js_object(rec) && object_lookup_own(rt, rec, *name, &l)) {
    rd_value v = object_lookup_value(rec, &l);
    if (v == rec) return interp_throw_named(rt, ERROR_ReferenceError, "Cannot access '%s' before initialization", *name);
    return v;
  }
  Handle global = handle_new(rt, ROOT(rt, global_object));
  rd_value has = js_has_property(rt, global, name);
  if (has == VALUE_TRUE) return js_get(rt, global, name);
  if (has == VALUE_FALSE && inside_typeof) return VALUE_UNDEFINED;
  if (has == VALUE_FALSE) return interp_throw_named(rt, ERROR_ReferenceError, "%s is not defined", *name);
  return VALUE_EMPTY;
}

/* name = value for a global name (script lexicals first), as StaGlobal. */
static bool global_store(Runtime *rt, Handle name, Handle value, bool strict) {
  HANDLE_SCOPE(rt);
  Handle rec = handle_new(rt, interp_intrinsic(rt, INTRINSIC_script_context));
  PropertyLookup l;
  if (value_is_js_object(*rec) && object_lookup_own(rt, *rec, *name, &l)) {
    rd_value v = object_lookup_value(*rec, &l);
    if (v == *rec || !details_writable(l.details)) {
      interp_throw_named(rt, v == *rec ? ERROR_ReferenceError : ERROR_TypeError,
                         v == *rec ? "Cannot access '%s' before initialization" : "Assignment to constant variable '%s'.",
                         *name);
      return false;
    }
    return object_define_own(rt, rec, name, value, PROPERTY_ATTRS_DEFAULT) != PROPERTY_EXCEPTION;
  }
  Handle global = handle_new(rt, ROOT(rt, global_object));
  if (strict) {
    rd_value has = js_has_property(rt, global, name);
    if (has == VALUE_FALSE) interp_throw_named(rt, ERROR_ReferenceError, "%s is not defined", *name);
    if (has != VALUE_TRUE) return false;
  }
  return js_set(rt, global, name, value, strict);
}

rd_value opt_generic(Runtime *rt, uint32_t op, uint32_t n) {
  rd_value *in = claim(rt, n);
  Bytecode bc = (Bytecode)(op & 0xFFFF);
  bool strict = (op >> 16) & 1;
  rd_value r = VALUE_EMPTY;
  switch (bc) {
    case BC_Add: r = js_add(rt, &in[0], &in[1]); break;
    case BC_Sub: case BC_Mul: case BC_Div: case BC_Mod: case BC_Exp:
    case BC_BitwiseOr: case BC_BitwiseXor: case BC_BitwiseAnd:
    case BC_ShiftLeft: case BC_ShiftRight: case BC_ShiftRightLogical:
      r = js_binary(rt, bc, &in[0], &in[1]);
      break;
    case BC_TestLessThan: case BC_TestGreaterThan: case BC_TestLessThanOrEqual: case BC_TestGreaterThanOrEqual:
      r = js_compare(rt, bc, &in[0], &in[1]);
      break;
    case BC_TestEqual: r = js_loose_equals(rt, &in[0], &in[1]); break;
    case BC_TestEqualStrict: r = value_from_bool(js_strict_equals(in[0], in[1])); break;
    case BC_Negate: case BC_BitwiseNot: case BC_Inc: case BC_Dec:   /* numbers and BigInts */
      r = js_unary(rt, bc, &in[0]);
      break;
    case BC_ToNumber: r = js_to_number(rt, &in[0]); break;
    case BC_ToNumeric: r = js_to_numeric(rt, &in[0]); break;
    case BC_ToPropertyKey: r = js_to_property_key(rt, &in[0]); break;
    case BC_TypeOf: r = js_typeof(rt, in[0]); break;
    case BC_GetNamedProperty:
      if (n == 4 && value_is_ptr(in[0]) && value_has_type(in[2], TYPE_FEEDBACK_VECTOR)) {   /* the site's IC */
        const rd_value *slot = ic_slot(in[2], (uint32_t)value_to_int32(in[3]));
        rd_value h = ic_find_handler(rt, slot, ic_map_of(in[0]), in[1], false);
        if (h && (r = ic_apply_load(rt, in[0], h)) != VALUE_EMPTY) break;
      }
      r = get_property(rt, &in[0], &in[1]);
      break;
    case BC_GetKeyedProperty: r = get_property(rt, &in[0], &in[1]); break;
    case BC_ArrayPush: r = interp_array_push(rt, &in[0], &in[1]) ? VALUE_UNDEFINED : VALUE_EMPTY; break;
    case BC_SetNamedProperty: case BC_SetKeyedProperty:
      r = js_set(rt, &in[0], &in[1], &in[2], strict) ? in[2] : VALUE_EMPTY;
      break;
    case BC_DefineNamedOwnProperty:
      r = object_define_own(rt, &in[0], &in[1], &in[2], PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION ? VALUE_EMPTY : in[2];
      break;
    case BC_LdaGlobal: case BC_LdaGlobalInsideTypeof: r = global_load(rt, &in[0], bc == BC_LdaGlobalInsideTypeof); break;
    case BC_StaGlobal: r = global_store(rt, &in[0], &in[1], strict) ? in[1] : VALUE_EMPTY; break;
    case BC_CreateClosure: r = interp_closure_new(rt, &in[0], &in[1]); break;
    case BC_CreateFunctionContext: {   /* scope info, outer context, slot count */
      rd_value c = factory_fixed_array_with_map(rt, ROOT_SLOT(rt, context_map),
                                                CONTEXT_HEADER_SLOTS + (uint32_t)value_to_int32(in[2]),
                                                VALUE_UNDEFINED, ALLOC_YOUNG);
      if (!c) break;
      HEAP_STORE(value_to_ptr(c), FIXED_ARRAY(c)->data[CONTEXT_PREVIOUS], in[1]);
      HEAP_STORE(value_to_ptr(c), FIXED_ARRAY(c)->data[CONTEXT_SCOPE_INFO], in[0]);
      r = c;
      break;
    }
    case BC_CreateEmptyObjectLiteral: r = object_new(rt); break;
    case BC_CreateEmptyArrayLiteral: r = array_new(rt, ELEMENTS_PACKED_INT32, 0); break;
    default: r = js_throw(rt, ERROR_TypeError, "internal: no generic form of %s", bytecode_names[bc]); break;
  }
  rt->sp = in;
  return r;
}

rd_value opt_throw(Runtime *rt, uint32_t n) {
  (void)n;
  rt->exception = rt->sp[0];
  return VALUE_EMPTY;
}

void opt_write_barrier(HeapObject *host, rd_value *slot) { heap_store(host, slot, *slot); }
