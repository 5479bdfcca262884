/*
 * ops.h - the abstract operations of ECMA-262 that bytecodes and built-ins
 * share: conversions, operators, equality, comparison, property access on
 * any value (primitives included, accessors called).
 *
 * All functions taking a Runtime* may run JavaScript (valueOf, getters), so
 * may allocate: operands come in Handles (VM stack slots qualify). Failure
 * is VALUE_EMPTY with the exception pending.
 */
#ifndef RONDO_RUNTIME_OPS_H
#define RONDO_RUNTIME_OPS_H

#include "bytecode/bytecodes.h"
#include "runtime/runtime.h"

#define ERROR_KIND_LIST(X) \
  X(Error) X(TypeError) X(RangeError) X(ReferenceError) X(SyntaxError) X(EvalError) X(URIError)
typedef enum {
#define X(name) ERROR_##name,
  ERROR_KIND_LIST(X)
#undef X
  ERROR_KIND_COUNT
} ErrorKind;

/* Throws a new error of `kind` with a printf-formatted message; returns VALUE_EMPTY. */
rd_value js_throw(Runtime *rt, ErrorKind kind, const char *fmt, ...) RD_PRINTF(3, 4);

bool js_to_boolean(rd_value v);                       /* never allocates */
bool js_strict_equals(rd_value a, rd_value b);        /* never allocates */
bool js_same_value_zero(rd_value a, rd_value b);
/* ToPrimitive's preferred type. */
typedef enum { HINT_DEFAULT, HINT_NUMBER, HINT_STRING } PrimitiveHint;
/* ToPrimitive(v, hint), with @@toPrimitive. */
rd_value js_to_primitive_hint(Runtime *rt, Handle v, PrimitiveHint hint) RD_MUST_CHECK;
/* ToPrimitive(v, string or number). */
rd_value js_to_primitive(Runtime *rt, Handle v, bool hint_string) RD_MUST_CHECK;
/* OrdinaryToPrimitive(v, string or number). */
rd_value js_ordinary_to_primitive(Runtime *rt, Handle v, bool hint_string) RD_MUST_CHECK;
rd_value js_to_number(Runtime *rt, Handle v) RD_MUST_CHECK;
/* ToNumeric(v): a number or a BigInt. */
rd_value js_to_numeric(Runtime *rt, Handle v) RD_MUST_CHECK;
/* ToBigInt(v): TypeError for numbers, symbols, undefined and null,
 * SyntaxError for a string that is no StringIntegerLiteral. */
rd_value js_to_bigint(Runtime *rt, Handle v) RD_MUST_CHECK;
rd_value js_to_string(Runtime *rt, Handle v) RD_MUST_CHECK;
rd_value js_to_property_key(Runtime *rt, Handle v) RD_MUST_CHECK;
rd_value js_typeof(Runtime *rt, rd_value v) RD_MUST_CHECK;
/* a + b (numeric addition or string concatenation). */
rd_value js_add(Runtime *rt, Handle a, Handle b) RD_MUST_CHECK;
/* a OP b for the other binary arithmetic and bitwise bytecodes (BC_Sub ... BC_ShiftRightLogical),
 * on numbers or BigInts (mixing them is a TypeError). */
rd_value js_binary(Runtime *rt, Bytecode op, Handle a, Handle b) RD_MUST_CHECK;
/* -a, ~a, a + 1, a - 1 for BC_Negate, BC_BitwiseNot, BC_Inc, BC_Dec, after ToNumeric. */
rd_value js_unary(Runtime *rt, Bytecode op, Handle a) RD_MUST_CHECK;
/* The same operation on two numbers (Sub .. ShiftRightLogical). Never allocates. */
rd_value js_number_binary(Bytecode op, double x, double y);
/* ToInt32 of a number (ECMA-262 7.1.6). */
int32_t number_to_int32_slow(double d);
RD_INLINE int32_t number_to_int32(double d) {
  if (d >= -2147483648.0 && d <= 2147483647.0) return (int32_t)d;   /* truncation is ToInt32 here */
  return number_to_int32_slow(d);
}
/* a OP b for BC_TestLessThan ... BC_TestGreaterThanOrEqual: a boolean value. */
rd_value js_compare(Runtime *rt, Bytecode op, Handle a, Handle b) RD_MUST_CHECK;
rd_value js_loose_equals(Runtime *rt, Handle a, Handle b) RD_MUST_CHECK;
/* ToObject: objects as they are, primitives in a new wrapper object,
 * TypeError for undefined and null. */
rd_value js_to_object(Runtime *rt, Handle v) RD_MUST_CHECK;
/* OrdinaryCallBindThis for a function of SFI flags `flags` whose receiver
 * is *slot (a VM-stack slot, so a GC root): a sloppy non-arrow function
 * sees the global object for null and undefined and a wrapper object for a
 * primitive (a new one per call); other receivers stay. False on an
 * exception (out of memory). */
bool js_bind_this(Runtime *rt, rd_value *slot, uint32_t flags) RD_MUST_CHECK;
/* The [[PrimitiveValue]] of a wrapper of the given type test, or VALUE_EMPTY. */
rd_value js_wrapped_value(rd_value v);
/* The prototype whose properties a primitive exposes (Object.prototype for objects' sake). */
rd_value js_primitive_prototype(Runtime *rt, rd_value v);

/* GetV(obj, key): any value with a property key (any primitive). */
rd_value js_get(Runtime *rt, Handle obj, Handle key) RD_MUST_CHECK;
/* PutValue(obj, key, v); a rejected store throws a TypeError when strict. */
bool js_set(Runtime *rt, Handle obj, Handle key, Handle v, bool strict) RD_MUST_CHECK;
/* HasProperty(obj, key) through the prototype chain: VALUE_TRUE/FALSE. */
rd_value js_has_property(Runtime *rt, Handle obj, Handle key) RD_MUST_CHECK;

#endif
