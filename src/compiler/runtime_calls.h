/*
 * runtime_calls.h - the C functions optimized code calls (runtime_calls.c).
 * Inputs are on the VM stack at rt->sp (see runtime_calls.c); results are
 * tagged values, VALUE_EMPTY with an exception pending on throw.
 */
#ifndef RONDO_COMPILER_RUNTIME_CALLS_H
#define RONDO_COMPILER_RUNTIME_CALLS_H

#include "runtime/runtime.h"

/* callee, receiver, args... (n slots) */
rd_value opt_call(Runtime *rt, uint32_t n);
/* callee, new.target, args... (n slots) */
rd_value opt_construct(Runtime *rt, uint32_t n);
/* The bytecode (low 16 bits of op; bit 16: strict code) done the
 * interpreter's way on n inputs (graph_builder.c gives their order).
 * Bit 17 is codegen's alone: a GetKeyedProperty whose feedback saw only
 * strings gets an inline s[i] fast path before the call. */
#define GENERIC_STRING_CHAR ((int64_t)1 << 17)
rd_value opt_generic(Runtime *rt, uint32_t op, uint32_t n);
/* Throws the value at rt->sp[0] (n = 1): always VALUE_EMPTY. */
rd_value opt_throw(Runtime *rt, uint32_t n);
/* The write barrier for the value already stored at slot of host. Never allocates. */
void opt_write_barrier(HeapObject *host, rd_value *slot);

#endif
