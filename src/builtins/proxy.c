/*
 * proxy.c - the Proxy global (ECMA-262 28.2): the constructor (callable
 * only with new; it has no "prototype"), Proxy.revocable and its revoke
 * functions, and the proxy maps and call entries of ROOT proxy_state that
 * ProxyCreate (objects/proxy.c) uses.
 *
 * Invariant: after builtins_init_proxy, ROOT proxy_state holds
 * PROXY_STATE_COUNT entries: the two proxy maps (MAP_EXOTIC, null
 * prototype, the second MAP_CALLABLE) and the SharedFunctionInfos of the
 * native call entry, one not a constructor and one a constructor.
 */
#include "builtins/library.h"
#include "objects/factory.h"
#include "objects/proxy.h"

static rd_value proxy_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Constructor Proxy requires 'new'");
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, native_arg(a, 0)), handler = handle_new(rt, native_arg(a, 1));
  return proxy_create(rt, target, handler);
}

/* A revoke function: its native data is the proxy, null once used. */
static rd_value proxy_revoke_fn(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value p = lib_native_data(a);
  if (p == VALUE_NULL) return VALUE_UNDEFINED;
  lib_set_native_data(*a->function, VALUE_NULL);
  proxy_revoke(p);
  return VALUE_UNDEFINED;
}

static rd_value proxy_revocable(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, native_arg(a, 0)), handler = handle_new(rt, native_arg(a, 1));
  Handle p = handle_new(rt, proxy_create(rt, target, handler));
  if (!*p) return VALUE_EMPTY;
  Handle revoke = handle_new(rt, builtins_function(rt, "", proxy_revoke_fn, 0));
  if (!*revoke) return VALUE_EMPTY;
  lib_set_native_data(*revoke, *p);
  Handle result = handle_new(rt, object_new(rt));
  if (!*result || !builtins_define(rt, result, "proxy", p, PROPERTY_ATTRS_DEFAULT) ||
      !builtins_define(rt, result, "revoke", revoke, PROPERTY_ATTRS_DEFAULT))
    return VALUE_EMPTY;
  return *result;
}

/* A proxy map: exotic, null prototype, callable or not. */
static rd_value make_map(Runtime *rt, bool callable) {
  rd_value m = factory_map(rt, TYPE_JS_PROXY, 8 * JS_PROXY_HEADER_WORDS, 0, NULL);
  if (!m) return VALUE_EMPTY;
  MAP(m)->inobject_start = JS_PROXY_HEADER_WORDS;
  MAP(m)->bit_field |= MAP_EXOTIC | (callable ? MAP_CALLABLE : 0);
  return m;
}

bool builtins_init_proxy(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle state = handle_new(rt, factory_fixed_array(rt, PROXY_STATE_COUNT, VALUE_UNDEFINED, ALLOC_OLD));
  if (!*state) return false;
  for (int i = 0; i < PROXY_STATE_COUNT; i++) {
    rd_value v;
    if (i == PROXY_STATE_MAP || i == PROXY_STATE_CALLABLE_MAP) {
      v = make_map(rt, i == PROXY_STATE_CALLABLE_MAP);
    } else {
      v = i == PROXY_STATE_CALL_SFI ? builtins_function(rt, "", proxy_call_entry, 0)
                                    : native_function_new(rt, "", proxy_call_entry, 0);
      if (v) v = ((JSFunction *)value_to_ptr(v))->shared;
    }
    if (!v) return false;
    HEAP_STORE(value_to_ptr(*state), FIXED_ARRAY(*state)->data[i], v);
  }
  rt->roots[ROOT_proxy_state] = *state;
  Handle ctor = handle_new(rt, native_function_new(rt, "Proxy", proxy_ctor, 2));
  if (!*ctor) return false;
  Handle len = handle_new(rt, value_from_int32(2));
  Handle name = handle_new(rt, lib_key(rt, "Proxy"));
  if (!*name || !builtins_define(rt, ctor, "length", len, PROPERTY_CONFIGURABLE) ||
      !builtins_define(rt, ctor, "name", name, PROPERTY_CONFIGURABLE))
    return false;
  static const BuiltinMethod statics[] = {{"revocable", proxy_revocable, 2}};
  return builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) &&
         builtins_define_global(rt, "Proxy", ctor);
}
