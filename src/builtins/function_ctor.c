/*
 * function_ctor.c - the global Function constructor, %GeneratorFunction%,
 * %AsyncFunction%, %AsyncGeneratorFunction% (CreateDynamicFunction over
 * parser_parse_function) and the global eval (indirect eval; direct eval
 * is the CallDirectEval bytecode, which recognizes %eval% by identity).
 *
 * Invariant: each %XFunction.prototype%.constructor is its constructor and
 * the constructors other than Function inherit from Function.
 */
#include "builtins/builtins.h"
#include "bytecode/generator.h"
#include "interp/interp_ops.h"
#include "objects/string.h"
#include "parser/parser.h"

/* CreateDynamicFunction(constructor = the running native, new.target, kind, args). */
static rd_value create_dynamic(Runtime *rt, NativeArgs *a, DynamicFunctionKind kind) {
  HANDLE_SCOPE(rt);
  Handle params = handle_new(rt, ROOT(rt, empty_string));
  Handle body = handle_new(rt, ROOT(rt, empty_string));
  Handle comma = handle_new(rt, string_from_cstr(rt, ","));
  if (!*comma) return VALUE_EMPTY;
  for (uint32_t i = 0; i < a->argc; i++) {
    Handle s = handle_new(rt, a->argv[i]);
    rd_value str = js_to_string(rt, s);
    if (!str) return VALUE_EMPTY;
    *s = str;
    if (i + 1 == a->argc) {
      *body = *s;
      break;
    }
    if (i > 0) {
      rd_value c = string_concat(rt, params, comma);
      if (!c) return VALUE_EMPTY;
      *params = c;
    }
    rd_value c = string_concat(rt, params, s);
    if (!c) return VALUE_EMPTY;
    *params = c;
  }
  Handle fn = handle_new(rt, compiler_create_dynamic_function(rt, params, body, (int)kind));
  if (!*fn) return VALUE_EMPTY;
  Handle name = handle_new(rt, string_from_cstr(rt, "anonymous"));
  if (!*name || !builtins_define(rt, fn, "name", name, PROPERTY_CONFIGURABLE)) return VALUE_EMPTY;
  /* new.target's prototype (subclasses of Function) */
  if (*a->new_target != VALUE_UNDEFINED && *a->new_target != *a->function) {
    rd_value p = js_get(rt, a->new_target, ROOT_SLOT(rt, prototype_string));
    if (!p) return VALUE_EMPTY;
    if (value_is_js_object(p)) {
      Handle hp = handle_new(rt, p);
      if (object_set_prototype(rt, fn, hp) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    }
  }
  return *fn;
}

static rd_value function_ctor(Runtime *rt, NativeArgs *a) { return create_dynamic(rt, a, DYNAMIC_FUNCTION_NORMAL); }
static rd_value generator_function_ctor(Runtime *rt, NativeArgs *a) {
  return create_dynamic(rt, a, DYNAMIC_FUNCTION_GENERATOR);
}
static rd_value async_function_ctor(Runtime *rt, NativeArgs *a) { return create_dynamic(rt, a, DYNAMIC_FUNCTION_ASYNC); }
static rd_value async_generator_function_ctor(Runtime *rt, NativeArgs *a) {
  return create_dynamic(rt, a, DYNAMIC_FUNCTION_ASYNC_GENERATOR);
}

/* eval(x) called indirectly: global code. */
static rd_value global_eval(Runtime *rt, NativeArgs *a) {
  rd_value x = native_arg(a, 0);
  if (!value_is_string(x)) return x;
  HANDLE_SCOPE(rt);
  Handle src = handle_new(rt, x);
  rd_value fn = compiler_compile_eval(rt, src, false, false, 0, NULL);
  if (!fn) return VALUE_EMPTY;
  Handle hf = handle_new(rt, fn);
  return interp_call(rt, hf, ROOT_SLOT(rt, global_object), 0, NULL);
}

/* A constructor named name over fproto (the constructor's "prototype",
 * non-writable; fproto.constructor = it, configurable only). */
static rd_value make_ctor(Runtime *rt, const char *name, NativeFn fn, Handle fproto, Handle parent) {
  HANDLE_SCOPE(rt);
  Handle c = handle_new(rt, builtins_constructor(rt, name, fn, 1, fproto));
  if (!*c) return VALUE_EMPTY;
  if (parent && (!builtins_define(rt, fproto, "constructor", c, PROPERTY_CONFIGURABLE) ||
                 object_set_prototype(rt, c, parent) == PROPERTY_EXCEPTION))
    return VALUE_EMPTY;
  return *c;
}

bool function_ctor_install(Runtime *rt);
bool function_ctor_install(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle fp = handle_new(rt, ROOT(rt, function_prototype));
  Handle fc = handle_new(rt, make_ctor(rt, "Function", function_ctor, fp, NULL));
  if (!*fc || !builtins_define_global(rt, "Function", fc)) return false;
  static const struct { const char *name; NativeFn fn; IntrinsicIndex map; } kinds[] = {
      {"GeneratorFunction", generator_function_ctor, INTRINSIC_generator_function_map},
      {"AsyncFunction", async_function_ctor, INTRINSIC_async_function_map},
      {"AsyncGeneratorFunction", async_generator_function_ctor, INTRINSIC_async_generator_function_map},
  };
  for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
    rd_value m = interp_intrinsic(rt, kinds[i].map);
    if (!value_is_ptr(m)) continue;
    Handle proto = handle_new(rt, MAP(m)->prototype);
    if (!make_ctor(rt, kinds[i].name, kinds[i].fn, proto, fc)) return false;
  }
  Handle ev = handle_new(rt, builtins_function(rt, "eval", global_eval, 1));
  if (!*ev) return false;
  interp_set_intrinsic(rt, INTRINSIC_eval, *ev);
  return builtins_define_global(rt, "eval", ev);
}
