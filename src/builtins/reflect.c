/*
 * reflect.c - the Reflect object (ECMA-262 28.1): apply, construct,
 * defineProperty, deleteProperty, get, getOwnPropertyDescriptor,
 * getPrototypeOf, has, isExtensible, ownKeys, preventExtensions, set,
 * setPrototypeOf and @@toStringTag. Each function is the internal method of
 * its name, reached through the object model's operations (object.h) and
 * the descriptor helpers Object shares (library.h); [[Get]] and [[Set]]
 * with a receiver, [[PreventExtensions]] keeping a refusal, go through
 * objects/proxy.h, which knows proxies (the object model's OrdinarySet
 * always uses the object as receiver).
 *
 * Invariant: every function but apply / construct throws a TypeError when
 * its target is not an object, before converting any other argument; the
 * internal methods that can refuse report it as false, never by throwing.
 */
#include "builtins/library.h"
#include "interp/interp_ops.h"
#include "objects/proxy.h"
#include "objects/string.h"

/* The target argument (argument 0) if it is an object, else a TypeError naming the function. */
static bool check_target(Runtime *rt, NativeArgs *a, const char *fn) {
  if (value_is_js_object(native_arg(a, 0))) return true;
  js_throw(rt, ERROR_TypeError, "Reflect.%s called on non-object", fn);
  return false;
}

/* ToPropertyKey(argument i) into a new handle's value; VALUE_EMPTY on failure. */
static rd_value arg_key(Runtime *rt, NativeArgs *a, uint32_t i) {
  HANDLE_SCOPE(rt);
  Handle k = handle_new(rt, native_arg(a, i));
  return js_to_property_key(rt, k);
}

/* The boolean of a PropertyStatus that cannot be CALL_SETTER (EMPTY on exception). */
static rd_value status_result(PropertyStatus st) {
  if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return value_from_bool(st == PROPERTY_OK);
}

static rd_value reflect_apply(Runtime *rt, NativeArgs *a) {
  if (!value_is_callable(native_arg(a, 0)))
    return js_throw(rt, ERROR_TypeError, "Reflect.apply target is not a function");
  if (!value_is_js_object(native_arg(a, 2)))
    return js_throw(rt, ERROR_TypeError, "CreateListFromArrayLike called on non-object");
  HANDLE_SCOPE(rt);
  Handle list = handle_new(rt, lib_list_from_array_like(rt, &a->argv[2]));
  if (!*list) return VALUE_EMPTY;
  Handle this_arg = handle_new(rt, native_arg(a, 1));
  /* interp_call copies argv onto the VM stack before it allocates. */
  return interp_call(rt, &a->argv[0], this_arg, fixed_array_length(*list), FIXED_ARRAY(*list)->data);
}

static rd_value reflect_construct(Runtime *rt, NativeArgs *a) {
  if (!lib_is_constructor(native_arg(a, 0)))
    return js_throw(rt, ERROR_TypeError, "Reflect.construct target is not a constructor");
  HANDLE_SCOPE(rt);
  Handle new_target = handle_new(rt, a->argc > 2 ? a->argv[2] : native_arg(a, 0));
  if (!lib_is_constructor(*new_target))
    return js_throw(rt, ERROR_TypeError, "Reflect.construct newTarget is not a constructor");
  if (!value_is_js_object(native_arg(a, 1)))
    return js_throw(rt, ERROR_TypeError, "CreateListFromArrayLike called on non-object");
  Handle list = handle_new(rt, lib_list_from_array_like(rt, &a->argv[1]));
  if (!*list) return VALUE_EMPTY;
  return interp_construct(rt, &a->argv[0], new_target, fixed_array_length(*list), FIXED_ARRAY(*list)->data);
}

static rd_value reflect_define_property(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "defineProperty")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, arg_key(rt, a, 1));
  if (!*key) return VALUE_EMPTY;
  Handle desc = handle_new(rt, native_arg(a, 2));
  int r = lib_define_from_descriptor(rt, &a->argv[0], key, desc);
  return r < 0 ? VALUE_EMPTY : value_from_bool(r);
}

static rd_value reflect_delete_property(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "deleteProperty")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, arg_key(rt, a, 1));
  if (!*key) return VALUE_EMPTY;
  return status_result(object_delete(rt, &a->argv[0], key));
}

static rd_value reflect_get(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "get")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, arg_key(rt, a, 1));
  if (!*key) return VALUE_EMPTY;
  Handle receiver = handle_new(rt, a->argc > 2 ? a->argv[2] : a->argv[0]);
  /* target.[[Get]](key, receiver): a proxy's trap, or the lookup with a
   * getter called on receiver (what super[key] does). */
  return proxy_get_any(rt, &a->argv[0], key, receiver);
}

static rd_value reflect_get_own_property_descriptor(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "getOwnPropertyDescriptor")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, arg_key(rt, a, 1));
  if (!*key) return VALUE_EMPTY;
  return lib_from_descriptor(rt, &a->argv[0], key);
}

static rd_value reflect_get_prototype_of(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "getPrototypeOf")) return VALUE_EMPTY;
  return object_prototype_of(rt, &a->argv[0]);
}

static rd_value reflect_has(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "has")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, arg_key(rt, a, 1));
  if (!*key) return VALUE_EMPTY;
  return js_has_property(rt, &a->argv[0], key);
}

static rd_value reflect_is_extensible(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "isExtensible")) return VALUE_EMPTY;
  int r = object_extensible(rt, &a->argv[0]);
  return r < 0 ? VALUE_EMPTY : value_from_bool(r);
}

static rd_value reflect_own_keys(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "ownKeys")) return VALUE_EMPTY;
  return lib_own_keys_array(rt, &a->argv[0], true, true);
}

static rd_value reflect_prevent_extensions(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "preventExtensions")) return VALUE_EMPTY;
  int r = proxy_prevent_extensions_any(rt, &a->argv[0]);
  return r < 0 ? VALUE_EMPTY : value_from_bool(r);
}

static rd_value reflect_set(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "set")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, arg_key(rt, a, 1));
  if (!*key) return VALUE_EMPTY;
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return VALUE_EMPTY;
  *key = k;
  Handle v = handle_new(rt, native_arg(a, 2));
  if (a->argc > 3 && a->argv[3] != a->argv[0]) {
    Handle receiver = handle_new(rt, a->argv[3]);
    int r = proxy_set_any(rt, &a->argv[0], key, v, receiver);
    return r < 0 ? VALUE_EMPTY : value_from_bool(r);
  }
  rd_value pair = VALUE_UNDEFINED;
  PropertyStatus st = object_set(rt, &a->argv[0], key, v, &pair);
  if (st != PROPERTY_CALL_SETTER) return status_result(st);
  Handle setter = handle_new(rt, ((AccessorPair *)value_to_ptr(pair))->setter);
  return interp_call(rt, setter, &a->argv[0], 1, v) ? VALUE_TRUE : VALUE_EMPTY;
}

static rd_value reflect_set_prototype_of(Runtime *rt, NativeArgs *a) {
  if (!check_target(rt, a, "setPrototypeOf")) return VALUE_EMPTY;
  rd_value p = native_arg(a, 1);
  if (p != VALUE_NULL && !value_is_js_object(p))
    return js_throw(rt, ERROR_TypeError, "Object prototype may only be an Object or null");
  HANDLE_SCOPE(rt);
  Handle hp = handle_new(rt, p);
  return status_result(object_set_prototype(rt, &a->argv[0], hp));
}

bool builtins_init_reflect(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle reflect = handle_new(rt, object_new(rt));
  if (!*reflect) return false;
  static const BuiltinMethod fns[] = {
      {"apply", reflect_apply, 3},
      {"construct", reflect_construct, 2},
      {"defineProperty", reflect_define_property, 3},
      {"deleteProperty", reflect_delete_property, 2},
      {"get", reflect_get, 2},
      {"getOwnPropertyDescriptor", reflect_get_own_property_descriptor, 2},
      {"getPrototypeOf", reflect_get_prototype_of, 1},
      {"has", reflect_has, 2},
      {"isExtensible", reflect_is_extensible, 1},
      {"ownKeys", reflect_own_keys, 1},
      {"preventExtensions", reflect_prevent_extensions, 1},
      {"set", reflect_set, 3},
      {"setPrototypeOf", reflect_set_prototype_of, 2},
  };
  if (!builtins_install(rt, reflect, fns, ARRAY_LEN(fns))) return false;
  Handle tag = handle_new(rt, lib_key(rt, "Reflect"));
  return *tag && builtins_define(rt, reflect, "@toStringTag", tag, PROPERTY_CONFIGURABLE) &&
         builtins_define_global(rt, "Reflect", reflect);
}
