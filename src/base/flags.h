/*
 * flags.h - every command-line flag of rondo, as one X-macro list.
 *
 * Flags are process-wide, V8-style (--name, --name=value, --no-name) and
 * parsed in one place (flags.c). Debug and stress modes are flags, never
 * source edits. Invariant: FLAG_<name> is read-only after rd_flags_parse,
 * except by tests, which may set a flag before creating a runtime.
 *
 * X(type, name, default, help) with type one of BOOL, INT, SIZE_MB, STRING.
 */
#ifndef RONDO_BASE_FLAGS_H
#define RONDO_BASE_FLAGS_H

#include "base/common.h"

#ifdef RD_DEBUG
#define RD_DEBUG_DEFAULT true
#else
#define RD_DEBUG_DEFAULT false
#endif

#define FLAG_LIST(X)                                                         \
  X(BOOL, help, false, "print this list of flags and exit")                  \
  X(BOOL, version, false, "print the version and exit")                      \
  X(BOOL, trace_gc, false, "print one line per garbage collection")          \
  X(BOOL, trace_gc_verbose, false, "print per-space details after each GC")  \
  X(INT, gc_interval, 0, "collect garbage every N allocations (0: off)")      \
  X(BOOL, stress_scavenge, false, "make --gc-interval GCs scavenges")        \
  X(BOOL, stress_compaction, false,                                         \
    "make every full GC compact every old and code page it can")             \
  X(BOOL, verify_heap, RD_DEBUG_DEFAULT,                                     \
    "verify the whole heap after every GC")     \
  X(BOOL, zap_from_space, RD_DEBUG_DEFAULT,                                  \
    "overwrite evacuated from-space after each scavenge")                    \
  X(SIZE_MB, min_semi_space_size, 1, "initial size of a semispace, in MiB")  \
  X(SIZE_MB, max_semi_space_size, 16, "largest size of a semispace, in MiB") \
  X(SIZE_MB, max_old_space_size, 2048,                                       \
    "limit of old, code and large-object space together, in MiB")           \
  X(BOOL, expose_gc, false, "expose gc() to scripts")                        \
  X(BOOL, module, false, "run the file as an ES module")                     \
  X(BOOL, use_strict, false, "run the (last) script in strict mode")         \
  X(BOOL, test262, false,                                                    \
    "test262 host: define $262, run FILE1..FILEn-1 as harness, FILEn as test") \
  X(BOOL, print_bytecode, false, "print the bytecode of every compiled script") \
  X(BOOL, trace_ic, false, "print inline-cache state transitions")        \
  X(BOOL, allow_natives_syntax, false,                                      \
    "allow V8-style %Name(args) calls of runtime functions (natives.h)")     \
  X(BOOL, jitless, false,                                                    \
    "never generate or run machine code (the interpreter only)")             \
  X(BOOL, opt, true, "optimize hot functions with the optimizing compiler")  \
  X(BOOL, always_opt, false,                                                 \
    "optimize every supported function on its second call")                 \
  X(BOOL, trace_opt, false, "trace which functions are optimized, and why not") \
  X(BOOL, trace_deopt, false,                                                \
    "print one line per deoptimization (function, kind, reason, frames)")    \
  X(BOOL, print_ir, false, "print the optimizing compiler's graph of each function it compiles") \
  X(BOOL, print_code, false, "print the machine code of each optimized function (disassembled)")

typedef enum { FLAG_TYPE_BOOL, FLAG_TYPE_INT, FLAG_TYPE_SIZE_MB } FlagType;

#define FLAG_CTYPE_BOOL bool
#define FLAG_CTYPE_INT int64_t
#define FLAG_CTYPE_SIZE_MB int64_t
#define FLAG_DECLARE(type, name, def, help) extern FLAG_CTYPE_##type FLAG_##name;
FLAG_LIST(FLAG_DECLARE)
#undef FLAG_DECLARE

/* Restores every flag to its default (tests use it between cases). */
void flags_reset(void);
/* Prints the flag list with defaults and help text to stdout. */
void flags_print_help(void);

#endif
