/*
 * boolean.c - the Boolean constructor (ToBoolean; `new Boolean` wraps) and
 * %Boolean.prototype% (a Boolean wrapper of false) with toString and valueOf.
 *
 * Invariant: both methods accept only booleans and Boolean wrappers
 * (thisBooleanValue), throwing a TypeError for anything else.
 */
#include "builtins/library.h"
#include "objects/string.h"

/* thisBooleanValue(this): VALUE_TRUE / VALUE_FALSE, or VALUE_EMPTY after a TypeError. */
static rd_value this_boolean(Runtime *rt, NativeArgs *a, const char *method) {
  rd_value v = *a->receiver;
  if (value_is_bool(v)) return v;
  rd_value w = js_wrapped_value(v);
  if (w && value_is_bool(w)) return w;
  return js_throw(rt, ERROR_TypeError, "Boolean.prototype.%s requires that 'this' be a Boolean", method);
}

static rd_value boolean_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle b = handle_new(rt, value_from_bool(js_to_boolean(native_arg(a, 0))));
  if (*a->new_target == VALUE_UNDEFINED) return *b;
  return lib_wrap(rt, a, b, ROOT(rt, boolean_prototype));
}

static rd_value bp_to_string(Runtime *rt, NativeArgs *a) {
  rd_value b = this_boolean(rt, a, "toString");
  if (!b) return VALUE_EMPTY;
  return lib_key(rt, b == VALUE_TRUE ? "true" : "false");
}

static rd_value bp_value_of(Runtime *rt, NativeArgs *a) { return this_boolean(rt, a, "valueOf"); }

bool builtins_init_boolean(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, lib_wrapper_prototype(rt, VALUE_FALSE));
  if (!*proto) return false;
  rt->roots[ROOT_boolean_prototype] = *proto;
  rd_value c = builtins_constructor(rt, "Boolean", boolean_ctor, 1, proto);
  if (!c) return false;
  Handle ctor = handle_new(rt, c);
  static const BuiltinMethod methods[] = {{"toString", bp_to_string, 0}, {"valueOf", bp_value_of, 0}};
  return builtins_install(rt, proto, methods, ARRAY_LEN(methods)) && builtins_define_global(rt, "Boolean", ctor);
}
