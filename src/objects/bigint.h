/*
 * bigint.h - BigInt primitives: their heap layout and the arithmetic of
 * ECMA-262's BigInt type (6.1.6.2), built on GMP's low-level mpn_*
 * functions over limbs stored in our own heap objects (docs/bigint.md).
 *
 * Layout (struct BigInt in objects.h; instance type BIGINT, map bigint_map):
 *
 *   byte 0          8             12            16         24
 *        +----------+-------------+-------------+----------+----------+-----
 *        | map      | length:32   | sign:32     | limb 0   | limb 1   | ...
 *        +----------+-------------+-------------+----------+----------+-----
 *          tagged     raw: limbs    raw: 1 = negative  raw uint64_t (mp_limb_t)
 *
 *   value = (sign ? -1 : 1) * sum over i < length of limbs[i] * 2^(64 i)
 *
 * The GC sees only the map word (the tagged range is empty): the rest is
 * raw data, copied as is when the object moves.
 *
 * Invariants: a BigInt is immutable once made (so operands and results may
 * be shared); it is normalized: length == 0 (0n) or limbs[length - 1] != 0;
 * 0n is never negative; its magnitude has at most BIGINT_MAX_BITS bits.
 * So equal values have equal length, sign and limbs.
 *
 * GMP aborts when it cannot allocate, so every operation bounds the size
 * of its result (a RangeError "Maximum BigInt size exceeded") before it
 * calls GMP. Scratch space is malloc'd (never the JS heap): functions read
 * their operands' limbs, compute into scratch, then allocate the result.
 */
#ifndef RONDO_OBJECTS_BIGINT_H
#define RONDO_OBJECTS_BIGINT_H

#include "runtime/runtime.h"

/* The largest magnitude, in bits (V8's limit): results past it throw. */
#define BIGINT_MAX_BITS ((uint64_t)1 << 30)
#define BIGINT_MAX_LENGTH ((uint32_t)(BIGINT_MAX_BITS / 64))

#define BIGINT(v) ((BigInt *)value_to_ptr(v))

RD_INLINE uint32_t bigint_length(rd_value b) { return BIGINT(b)->length; }
RD_INLINE bool bigint_is_negative(rd_value b) { return BIGINT(b)->sign != 0; }
RD_INLINE bool bigint_is_zero(rd_value b) { return BIGINT(b)->length == 0; }
/* Bits of the magnitude (0 for 0n). */
RD_INLINE uint64_t bigint_bit_length(rd_value b) {
  const BigInt *x = BIGINT(b);
  if (x->length == 0) return 0;
  return 64 * (uint64_t)(x->length - 1) + (uint64_t)(64 - __builtin_clzll(x->limbs[x->length - 1]));
}

/* The operators a BigInt operation implements (ops.c maps bytecodes on them). */
#define BIGINT_OP_LIST(X) \
  X(ADD) X(SUB) X(MUL) X(DIV) X(MOD) X(EXP) \
  X(AND) X(OR) X(XOR) X(SHL) X(SAR)
typedef enum {
#define X(name) BIGINT_##name,
  BIGINT_OP_LIST(X)
#undef X
} BigIntOp;

/* --- making BigInts (each may allocate; VALUE_EMPTY with an exception) --- */
rd_value bigint_from_int64(Runtime *rt, int64_t v) RD_MUST_CHECK;
rd_value bigint_from_uint64(Runtime *rt, uint64_t v) RD_MUST_CHECK;
/* NumberToBigInt of an integral finite double (the caller checks). */
rd_value bigint_from_double(Runtime *rt, double d) RD_MUST_CHECK;
/* The BigInt of n ASCII digits (no sign, prefix or separator, lower or
 * upper case) in radix 2..36 (literals: allocated in `where`). */
rd_value bigint_from_digits(Runtime *rt, const char *digits, uint32_t n, int radix,
                            AllocSpace where) RD_MUST_CHECK;
/* StringToBigInt(s): VALUE_UNDEFINED when s is not a StringIntegerLiteral
 * (the callers' SyntaxError or false), VALUE_EMPTY on a RangeError or OOM. */
rd_value bigint_from_string(Runtime *rt, Handle s) RD_MUST_CHECK;

/* --- reading them (never allocate) ------------------------------------------ */
/* Number(b): the nearest double (ties to even), +-Infinity past DBL_MAX. */
double bigint_to_double(rd_value b);
bool bigint_equals(rd_value a, rd_value b);
/* -1, 0 or 1 as a <, =, > b. */
int bigint_compare(rd_value a, rd_value b);
/* The exact comparison of a with the number d: -1, 0, 1, or 2 when d is NaN. */
int bigint_compare_double(rd_value a, double d);
/* A hash of the value (equal BigInts hash alike), never 0. */
uint32_t bigint_hash(rd_value b);
/* The digits in radix 2..36 ('-' first when negative) as a malloc'd C
 * string, or NULL when malloc fails: for printers that must not allocate
 * on the JS heap. */
char *bigint_to_cstr(rd_value b, int radix);
/* True if b's header and limbs keep the invariants (the heap verifier). */
bool bigint_verify(const BigInt *b);

/* --- operations (may allocate: operands in Handles) --------------------------- */
/* ToString(b) in radix 2..36 (BigInt::toString). */
rd_value bigint_to_string(Runtime *rt, Handle b, int radix) RD_MUST_CHECK;
/* a OP b; RangeError for division by zero, a negative exponent and a
 * result past BIGINT_MAX_BITS. */
rd_value bigint_binary(Runtime *rt, BigIntOp op, Handle a, Handle b) RD_MUST_CHECK;
/* -a, ~a, a + 1 (delta 1) or a - 1 (delta -1). */
rd_value bigint_negate(Runtime *rt, Handle a) RD_MUST_CHECK;
rd_value bigint_bitwise_not(Runtime *rt, Handle a) RD_MUST_CHECK;
rd_value bigint_add_small(Runtime *rt, Handle a, int delta) RD_MUST_CHECK;
/* BigInt.asUintN(bits, a) (is_signed false) / BigInt.asIntN(bits, a), for
 * bits in [0, 2^53 - 1]. */
rd_value bigint_as_n(Runtime *rt, uint64_t bits, Handle a, bool is_signed) RD_MUST_CHECK;

#endif
