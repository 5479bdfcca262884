/*
 * function.c - %Function.prototype% (itself a function returning
 * undefined), the initial function map, Function.prototype.call / apply /
 * bind / toString / [Symbol.hasInstance], and bound functions.
 *
 * Invariant: function_prototype's map has Object.prototype as prototype and
 * function_map has function_prototype, so every closure and native function
 * made after builtins_init_function inherits call/apply/bind.
 */
#include <stdio.h>
#include <stdlib.h>

#include "builtins/library.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

static rd_value fp_empty(Runtime *rt, NativeArgs *a) {
  (void)rt;
  (void)a;
  return VALUE_UNDEFINED;
}

static rd_value fp_call(Runtime *rt, NativeArgs *a) {
  if (!value_is_callable(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Function.prototype.call called on a non-function");
  rd_value *this_arg = a->argc ? &a->argv[0] : NULL;
  return interp_call(rt, a->receiver, this_arg, a->argc ? a->argc - 1 : 0, a->argv + 1);
}

static rd_value fp_apply(Runtime *rt, NativeArgs *a) {
  if (!value_is_callable(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Function.prototype.apply called on a non-function");
  HANDLE_SCOPE(rt);
  Handle arr = handle_new(rt, native_arg(a, 1));
  rd_value list = lib_list_from_array_like(rt, arr);
  if (!list) return VALUE_EMPTY;
  Handle hl = handle_new(rt, list);
  Handle this_arg = handle_new(rt, native_arg(a, 0));
  /* interp_call copies argv onto the VM stack before it allocates. */
  return interp_call(rt, a->receiver, this_arg, fixed_array_length(*hl), FIXED_ARRAY(*hl)->data);
}

/* A bound function's native data: [target, bound this, bound args...]. */
static rd_value bound_call(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  Handle data = handle_new(rt, ((NativeFunctionInfo *)value_to_ptr(sfi->native))->data);
  uint32_t nbound = fixed_array_length(*data) - 2, n = nbound + a->argc;
  Handle target = handle_new(rt, FIXED_ARRAY(*data)->data[0]);
  Handle this_arg = handle_new(rt, FIXED_ARRAY(*data)->data[1]);
  /* The arguments go on the VM stack: GC-visited slots that never move. */
  if ((size_t)(rt->stack_end - rt->sp) < (size_t)n + 64)
    return js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
  rd_value *args = rt->sp;
  for (uint32_t i = 0; i < nbound; i++) args[i] = FIXED_ARRAY(*data)->data[2 + i];
  for (uint32_t i = 0; i < a->argc; i++) args[nbound + i] = a->argv[i];
  rt->sp += n;
  rd_value r;
  if (*a->new_target != VALUE_UNDEFINED) {
    Handle nt = handle_new(rt, *a->new_target == *a->function ? *target : *a->new_target);
    r = interp_construct(rt, target, nt, n, args);
  } else {
    r = interp_call(rt, target, this_arg, n, args);
  }
  rt->sp = args;
  return r;
}

/* The [[BoundTargetFunction]] of f if f is a bound function, else VALUE_EMPTY. Never allocates. */
static rd_value bound_target(rd_value f) {
  if (!value_has_type(f, TYPE_JS_FUNCTION)) return VALUE_EMPTY;
  SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared);
  if (!value_is_ptr(sfi->native)) return VALUE_EMPTY;
  NativeFunctionInfo *info = (NativeFunctionInfo *)value_to_ptr(sfi->native);
  if (info->entry != (void *)bound_call || !value_is_ptr(info->data)) return VALUE_EMPTY;
  return FIXED_ARRAY(info->data)->data[0];
}

static rd_value fp_bind(Runtime *rt, NativeArgs *a) {
  if (!value_is_callable(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Bind must be called on a function");
  HANDLE_SCOPE(rt);
  uint32_t nbound = a->argc ? a->argc - 1 : 0;
  rd_value data = factory_fixed_array(rt, 2 + nbound, VALUE_UNDEFINED, ALLOC_OLD);
  if (!data) return VALUE_EMPTY;
  Handle hd = handle_new(rt, data);
  HEAP_STORE(value_to_ptr(*hd), FIXED_ARRAY(*hd)->data[0], *a->receiver);
  HEAP_STORE(value_to_ptr(*hd), FIXED_ARRAY(*hd)->data[1], native_arg(a, 0));
  for (uint32_t i = 0; i < nbound; i++) HEAP_STORE(value_to_ptr(*hd), FIXED_ARRAY(*hd)->data[2 + i], a->argv[1 + i]);
  /* length = max(0, ToIntegerOrInfinity(target.length) - nbound) when the
   * target has an own Number length, else 0; name = "bound " + target.name */
  Handle lkey = handle_new(rt, ROOT(rt, length_string));
  Handle tl = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  int has_len = object_get_own_property(rt, a->receiver, lkey, &l, tl);   /* a proxy's trap may throw */
  if (has_len < 0) return VALUE_EMPTY;
  double len = 0;
  if (has_len) {
    if (!(*tl = js_get(rt, a->receiver, lkey))) return VALUE_EMPTY;
    if (value_is_number(*tl)) {
      double t;
      if (!lib_to_integer(rt, tl, &t)) return VALUE_EMPTY;
      len = t - nbound;
    }
  }
  Handle nkey = handle_new(rt, string_internalize_cstr(rt, "name"));
  rd_value tn = js_get(rt, a->receiver, nkey);
  if (!tn) return VALUE_EMPTY;
  Handle hname = handle_new(rt, value_is_string(tn) ? tn : ROOT(rt, empty_string));   /* before allocating */
  Handle prefix = handle_new(rt, string_from_cstr(rt, "bound "));
  rd_value full = string_concat(rt, prefix, hname);
  if (!full) return VALUE_EMPTY;
  Handle hfull = handle_new(rt, full);
  rd_value f = native_function_new(rt, "", bound_call, 0);
  if (!f) return VALUE_EMPTY;
  Handle hf = handle_new(rt, f);
  SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared);
  SharedFunctionInfo *target_sfi =
      (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->receiver))->shared);
  if (value_to_int32(target_sfi->flags) & (SFI_NOT_CONSTRUCTOR | SFI_ARROW | SFI_METHOD))
    sfi->flags = value_from_int32(value_to_int32(sfi->flags) | SFI_NOT_CONSTRUCTOR);
  NativeFunctionInfo *info = (NativeFunctionInfo *)value_to_ptr(sfi->native);
  HEAP_STORE(info, info->data, *hd);
  Handle hlen = handle_new(rt, value_from_number(len > 0 ? len : 0));
  if (!builtins_define(rt, hf, "length", hlen, PROPERTY_CONFIGURABLE)) return VALUE_EMPTY;
  if (!builtins_define(rt, hf, "name", hfull, PROPERTY_CONFIGURABLE)) return VALUE_EMPTY;
  return *hf;
}

static rd_value fp_to_string(Runtime *rt, NativeArgs *a) {
  if (!value_is_callable(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Function.prototype.toString requires that 'this' be a Function");
  HANDLE_SCOPE(rt);
  Handle nkey = handle_new(rt, string_internalize_cstr(rt, "name"));
  rd_value n = js_get(rt, a->receiver, nkey);
  if (!n) return VALUE_EMPTY;
  char *name = value_is_string(n) ? string_to_utf8(n, NULL) : NULL;
  char buf[256];
  snprintf(buf, sizeof buf, "function %s() { [native code] }", name ? name : "");
  free(name);
  return string_from_cstr(rt, buf);
}

/* OrdinaryHasInstance(F, V). */
static rd_value fp_has_instance(Runtime *rt, NativeArgs *a) {
  rd_value f = *a->receiver, v = native_arg(a, 0);
  if (!value_is_callable(f)) return VALUE_FALSE;
  HANDLE_SCOPE(rt);
  rd_value bc = bound_target(f);
  if (bc) {   /* InstanceofOperator(V, [[BoundTargetFunction]]) */
    Handle target = handle_new(rt, bc), hv = handle_new(rt, v);
    return interp_instance_of(rt, hv, target);
  }
  if (!value_is_js_object(v)) return VALUE_FALSE;
  Handle key = handle_new(rt, ROOT(rt, prototype_string));
  rd_value proto = js_get(rt, a->receiver, key);
  if (!proto) return VALUE_EMPTY;
  if (!value_is_js_object(proto)) return js_throw(rt, ERROR_TypeError, "Function has non-object prototype in instanceof check");
  Handle hproto = handle_new(rt, proto), o = handle_new(rt, native_arg(a, 0));
  for (;;) {   /* [[GetPrototypeOf]] may be a proxy's trap */
    rd_value p = object_prototype_of(rt, o);
    if (!p) return VALUE_EMPTY;
    if (!value_is_js_object(p)) return VALUE_FALSE;
    if (p == *hproto) return VALUE_TRUE;
    *o = p;
  }
}

bool builtins_init_function(Runtime *rt) {
  HANDLE_SCOPE(rt);
  /* %Function.prototype%: a function object whose prototype is Object.prototype. */
  rd_value m = factory_map(rt, TYPE_JS_FUNCTION, 8 * (JS_FUNCTION_HEADER_WORDS + 2), 2,
                           ROOT_SLOT(rt, object_prototype));
  if (!m) return false;
  MAP(m)->bit_field |= MAP_CALLABLE | MAP_IS_PROTOTYPE;
  rt->roots[ROOT_function_map] = m;   /* native_function_new uses it */
  rd_value fp = builtins_function(rt, "", fp_empty, 0);
  if (!fp) return false;
  rt->roots[ROOT_function_prototype] = fp;
  m = factory_map(rt, TYPE_JS_FUNCTION, 8 * (JS_FUNCTION_HEADER_WORDS + 2), 2,
                  ROOT_SLOT(rt, function_prototype));
  if (!m) return false;
  MAP(m)->bit_field |= MAP_CALLABLE;
  rt->roots[ROOT_function_map] = m;
  static const BuiltinMethod methods[] = {
      {"call", fp_call, 1}, {"apply", fp_apply, 2}, {"bind", fp_bind, 1}, {"toString", fp_to_string, 0},
  };
  return builtins_install(rt, ROOT_SLOT(rt, function_prototype), methods, ARRAY_LEN(methods));
}

/* Installed by the symbol module once Symbol.hasInstance exists. */
bool builtins_install_has_instance(Runtime *rt);
bool builtins_install_has_instance(Runtime *rt) {
  static const BuiltinMethod m[] = {{"@hasInstance", fp_has_instance, 1}};
  HANDLE_SCOPE(rt);
  rd_value f = builtins_function(rt, "[Symbol.hasInstance]", m[0].fn, 1);
  if (!f) return false;
  Handle hf = handle_new(rt, f);
  return builtins_define(rt, ROOT_SLOT(rt, function_prototype), "@hasInstance", hf, 0);
}
