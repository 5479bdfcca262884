/*
 * compiler_stub.c - a stand-in for the optimizing compiler's entry point
 * until src/compiler/ provides compiler_compile: every request is refused,
 * so every function stays in the interpreter. Delete this file when the
 * real compiler lands. Invariant: allocates nothing, throws nothing.
 */
#include "codegen/tiers.h"

rd_value compiler_compile(Runtime *rt, Handle function, const char **reason) {
  (void)rt;
  (void)function;
  *reason = "the optimizing compiler is not built yet";
  return VALUE_EMPTY;
}
