/*
 * math.h - the Math functions as a table the optimizing compiler can use:
 * graph_builder.c recognizes a call whose target is one of these natives
 * (math_op_of) and computes it in machine code, or through math_apply,
 * which is the very C expression the native evaluates, so both tiers give
 * bit-identical results.
 */
#ifndef RONDO_BUILTINS_MATH_H
#define RONDO_BUILTINS_MATH_H

#include "interp/interpreter.h"

/* The one-argument functions: X(js name, C expression of the double x).
 * The expressions are expanded only in math.c (their helpers live there). */
#define MATH_UNARY_LIST(X)                                                              \
  X(abs, fabs(x)) X(acos, acos(x)) X(acosh, acosh(x)) X(asin, asin(x)) X(asinh, asinh(x)) \
  X(atan, atan(x)) X(atanh, atanh(x)) X(cbrt, js_cbrt(x)) X(ceil, ceil(x)) X(cos, cos(x))    \
  X(cosh, cosh(x)) X(exp, exp(x)) X(expm1, expm1(x)) X(floor, floor(x))                   \
  X(fround, js_fround(x)) X(f16round, js_f16round(x)) X(log, log(x)) X(log1p, log1p(x))   \
  X(log10, log10(x)) X(log2, log2(x)) X(round, js_round(x)) X(sign, js_sign(x))           \
  X(sin, sin(x)) X(sinh, sinh(x)) X(sqrt, sqrt(x)) X(tan, tan(x)) X(tanh, tanh(x))        \
  X(trunc, trunc(x))

/* The two-argument functions of doubles: X(js name, C expression of x, y). */
#define MATH_BINARY_LIST(X) X(atan2, atan2(x, y)) X(pow, js_pow(x, y))

/* Every function of the lists, plus min and max (any number of arguments). */
typedef enum {
  MATH_OP_NONE,
#define X(name, expr) MATH_OP_##name,
  MATH_UNARY_LIST(X) MATH_BINARY_LIST(X)
#undef X
  MATH_OP_min,
  MATH_OP_max,
  MATH_OP_COUNT
} MathOp;

/* "abs", "min", ...: indexed by MathOp (--print-ir). */
extern const char *const math_op_names[MATH_OP_COUNT];
/* Which Math function the native entry point is (MATH_OP_NONE: none). */
MathOp math_op_of(NativeFn entry);
/* True for the ops of MATH_BINARY_LIST. */
bool math_op_is_binary(MathOp op);
/* The value of unary or binary op (y is ignored by unary ones). */
double math_apply(MathOp op, double x, double y);

#endif
