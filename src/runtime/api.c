/*
 * api.c - the public API for running JavaScript (include/rondo.h): rd_eval
 * (parse, compile, run; modules through module/module.c), the module
 * loader, exceptions, jobs, strings and native functions for
 * embedders.
 *
 * Invariant: no embedder call can crash on malformed source or on a NULL
 * runtime; every failure is RD_EXCEPTION with an exception pending or a
 * NULL / -1 return.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/flags.h"
#include "builtins/builtins.h"
#include "bytecode/generator.h"
#include "module/module.h"
#include "objects/factory.h"
#include "objects/string.h"
#include "parser/parser.h"

rd_value rd_eval(rd_runtime *rt, const char *source, size_t len, const char *filename, int flags) {
  if (!rt || !source) return RD_EXCEPTION;
  HANDLE_SCOPE(rt);
  if (flags & RD_EVAL_MODULE) return module_run(rt, source, len, filename ? filename : "<input>");
  ParseOptions o;
  memset(&o, 0, sizeof o);
  o.goal = (flags & RD_EVAL_MODULE) ? PARSE_GOAL_MODULE : PARSE_GOAL_SCRIPT;
  o.strict = (flags & RD_EVAL_STRICT) != 0;
  o.filename = filename ? filename : "<input>";
  ParseError err;
  Ast *ast = parser_parse(source, len, &o, &err);
  if (!ast) {
    if (err.kind == PARSE_ERROR_OOM) return runtime_throw_oom(rt);
    return js_throw(rt, ERROR_SyntaxError, "%s:%u:%u: %s", o.filename, err.line, err.column,
                    err.message);
  }
  Handle script = handle_new(rt, compiler_script_new(rt, ast, o.filename));   /* import() resolves against it */
  rd_value fn = *script ? compiler_compile_script(rt, ast, script) : VALUE_EMPTY;
  ast_free(ast);
  if (!fn) return RD_EXCEPTION;
  Handle hf = handle_new(rt, fn);
  if (FLAG_print_bytecode) compiler_print_bytecode(*hf, stdout);
  return interp_call(rt, hf, ROOT_SLOT(rt, global_object), 0, NULL);
}

void rd_set_module_loader(rd_runtime *rt, rd_module_loader loader, void *data) {
  if (!rt) return;
  rt->module_loader = (void *)loader;
  rt->module_loader_data = data;
}

rd_value rd_take_exception(rd_runtime *rt) {
  if (!rt || rt->exception == VALUE_EMPTY) return VALUE_UNDEFINED;
  rd_value e = rt->exception;
  rt->exception = VALUE_EMPTY;
  return e;
}

char *rd_to_utf8(rd_runtime *rt, rd_value v, size_t *len) {
  if (!rt) return NULL;
  HANDLE_SCOPE(rt);
  Handle h = handle_new(rt, v);
  rd_value s = js_to_string(rt, h);
  return s ? string_to_utf8(s, len) : NULL;
}

rd_value rd_undefined(void) { return VALUE_UNDEFINED; }
rd_value rd_number(double d) { return value_from_number(d); }

rd_value rd_string(rd_runtime *rt, const char *utf8, size_t len) {
  return rt && utf8 ? string_from_utf8(rt, utf8, len) : RD_EXCEPTION;
}

rd_value rd_throw_error(rd_runtime *rt, const char *kind, const char *message) {
  static const char *const kinds[ERROR_KIND_COUNT] = {
#define X(name) #name,
      ERROR_KIND_LIST(X)
#undef X
  };
  ErrorKind k = ERROR_Error;
  for (int i = 0; kind && i < ERROR_KIND_COUNT; i++)
    if (!strcmp(kind, kinds[i])) k = (ErrorKind)i;
  return js_throw(rt, k, "%s", message ? message : "");
}

/* The trampoline from the engine's native calling convention to rd_native:
 * the embedder's function pointer is kept in the native info's data as a
 * ByteArray holding the pointer. */
static rd_value embedder_trampoline(Runtime *rt, NativeArgs *a) {
  SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  ByteArray *b = (ByteArray *)value_to_ptr(((NativeFunctionInfo *)value_to_ptr(sfi->native))->data);
  rd_native fn;
  memcpy(&fn, b->data, sizeof fn);
  return fn(rt, *a->receiver, (int)a->argc, a->argv);
}

int rd_define_global_function(rd_runtime *rt, const char *name, rd_native fn, int length) {
  if (!rt || !name || !fn) return -1;
  HANDLE_SCOPE(rt);
  rd_value f = builtins_function(rt, name, embedder_trampoline, length < 0 ? 0 : (uint32_t)length);
  if (!f) return -1;
  Handle hf = handle_new(rt, f);
  rd_value bytes = factory_byte_array(rt, sizeof fn, ALLOC_OLD);
  if (!bytes) return -1;
  memcpy(((ByteArray *)value_to_ptr(bytes))->data, &fn, sizeof fn);
  SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*hf))->shared);
  NativeFunctionInfo *info = (NativeFunctionInfo *)value_to_ptr(sfi->native);
  HEAP_STORE(info, info->data, bytes);
  return builtins_define_global(rt, name, hf) ? 0 : -1;
}
