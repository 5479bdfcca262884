/*
 * generator.h - the bytecode generator's entry points: an analyzed Ast in,
 * JSFunctions over BytecodeArrays out (every nested function is compiled
 * eagerly into a SharedFunctionInfo in its parent's constant pool).
 *
 * Invariant: the generator never keeps a raw heap pointer across an
 * allocation: constant pools live behind the builder's handle, and every
 * other heap value it holds is in a handle of the current scope.
 */
#ifndef RONDO_BYTECODE_GENERATOR_H
#define RONDO_BYTECODE_GENERATOR_H

#include "parser/ast.h"
#include "runtime/runtime.h"

/* Compiles the top-level code of a Script. `script` is a Script object (or
 * NULL: one is made from ast->source and the name "<script>"). Returns a
 * JSFunction to call with this = the global object, or VALUE_EMPTY with an
 * exception pending (a SyntaxError string for early errors found here, or
 * out of memory). */
rd_value compiler_compile_script(Runtime *rt, const Ast *ast, Handle script) RD_MUST_CHECK;

/* Compiles a Module (generator_module.c): returns the SharedFunctionInfo of
 * its code and fills the static tables of ModuleRecord `record` (requests,
 * import and export entries, [[HasTLA]]; module/module.h). */
rd_value compiler_compile_module(Runtime *rt, const Ast *ast, Handle script, Handle record) RD_MUST_CHECK;
/* A Script object (source and name) for ast. */
rd_value compiler_script_new(Runtime *rt, const Ast *ast, const char *name) RD_MUST_CHECK;

/* Parses and compiles source text as a Script and runs it (with this =
 * the global object): the completion value, or VALUE_EMPTY with an exception
 * pending (parse errors become "SyntaxError: file:line:col: ..." strings).
 * Needs the parser to be linked in. */
rd_value compiler_run_script(Runtime *rt, const char *source, size_t len,
                             const char *filename) RD_MUST_CHECK;

/* Compiles eval code (source a string) into a function to call with the
 * caller's this; direct: its free names are looked up through context (the
 * caller's context, or NULL for the global scope). eval_flags: EVAL_* of
 * parser.h. VALUE_EMPTY with a SyntaxError pending on early errors. */
rd_value compiler_compile_eval(Runtime *rt, Handle source, bool strict, bool direct, uint32_t eval_flags,
                               Handle context) RD_MUST_CHECK;
/* CreateDynamicFunction's parse and compile: the new function (kind a
 * DynamicFunctionKind of parser.h), params and body strings. */
rd_value compiler_create_dynamic_function(Runtime *rt, Handle params, Handle body, int kind) RD_MUST_CHECK;

/* Prints the bytecode of fn (a JSFunction, SharedFunctionInfo or
 * BytecodeArray) and of every function in its constant pools. */
struct _IO_FILE;
void compiler_print_bytecode(rd_value fn, struct _IO_FILE *f);

#endif
