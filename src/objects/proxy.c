/*
 * proxy.c - the internal methods of Proxy exotic objects (ECMA-262 10.5.1 -
 * 10.5.13) with all their invariant checks, ProxyCreate, IsArray, and the
 * hooks (proxy_hooks) through which the object model reaches them.
 *
 * Invariant: every internal method first checks that the proxy is not
 * revoked, then looks the trap up on the handler and, when there is none,
 * forwards to the target's own internal method; a trap's result that breaks
 * one of the spec's invariants is a TypeError. Keys inside are canonical
 * (object.h); a trap sees indices as strings. Every method holds one level
 * of rt->native_depth while it runs (see proxy.h).
 */
#include "objects/proxy.h"

#include <math.h>

#include "builtins/library.h"
#include "interp/interp_ops.h"
#include "objects/factory.h"
#include "objects/string.h"

/* --- helpers -------------------------------------------------------------------------------- */

/* Takes one level of the C re-entry budget; a RangeError when exhausted. */
static bool enter(Runtime *rt) {
  if (rt->native_depth >= MAX_NATIVE_DEPTH) {
    js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
    return false;
  }
  rt->native_depth++;
  return true;
}
static void leave(Runtime *rt) { rt->native_depth--; }

/* Loads target and handler of proxy p into the handles, and the handler's
 * trap `name` into trap (undefined when absent). False with a TypeError if p
 * is revoked or the trap is not callable. */
static bool get_trap(Runtime *rt, Handle p, const char *name, Handle target, Handle handler,
                     Handle trap) {
  if (JS_PROXY(*p)->handler == VALUE_NULL) {
    js_throw(rt, ERROR_TypeError, "Cannot perform '%s' on a proxy that has been revoked", name);
    return false;
  }
  *target = JS_PROXY(*p)->target;
  *handler = JS_PROXY(*p)->handler;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, lib_key(rt, name));
  if (!*key) return false;
  rd_value t = js_get(rt, handler, key);
  if (!t) return false;
  if (value_is_nullish(t)) t = VALUE_UNDEFINED;
  else if (!value_is_callable(t)) {
    js_throw(rt, ERROR_TypeError, "proxy trap '%s' is not a function", name);
    return false;
  }
  *trap = t;
  return true;
}

/* Call(trap, handler, args): args on the VM stack is the caller's business. */
static rd_value call_trap(Runtime *rt, Handle trap, Handle handler, uint32_t argc, const rd_value *argv) {
  return interp_call(rt, trap, handler, argc, argv);
}

/* The key as a trap sees it: indices as strings. */
static rd_value key_value(Runtime *rt, Handle key) {
  if (value_is_number(*key)) return js_to_string(rt, key);
  return *key;
}

/* SameValue(a, b). */
static bool same_value(rd_value a, rd_value b) {
  if (value_is_number(a) && value_is_number(b)) {
    double x = value_to_number(a), y = value_to_number(b);
    if (x != x) return y != y;
    if (x == 0 && y == 0) return signbit(x) == signbit(y);
    return x == y;
  }
  return js_strict_equals(a, b);
}

/* A complete descriptor of an existing property, from object_get_own_property's result. */
static void desc_from_lookup(rd_value obj, const PropertyLookup *l, Handle v, PropDesc *d, Handle value,
                             Handle get, Handle set) {
  memset(d, 0, sizeof *d);
  uint32_t attrs = details_attrs(l->details);
  d->has_enumerable = d->has_configurable = true;
  d->enumerable = attrs & PROPERTY_ENUMERABLE;
  d->configurable = attrs & PROPERTY_CONFIGURABLE;
  if (details_kind(l->details) == PROPERTY_KIND_ACCESSOR) {
    d->has_get = d->has_set = true;
    *get = ((AccessorPair *)value_to_ptr(*v))->getter;
    *set = ((AccessorPair *)value_to_ptr(*v))->setter;
  } else {
    d->has_value = d->has_writable = true;
    d->writable = attrs & PROPERTY_WRITABLE;
    *value = l->kind == LOOKUP_ARRAY_LENGTH ? value_from_number(array_length(obj)) : *v;
  }
}

/* target.[[GetOwnProperty]](key) as a complete descriptor: 1 found, 0 absent, -1 exception. */
static int target_desc(Runtime *rt, Handle target, Handle key, PropDesc *d, Handle value, Handle get,
                       Handle set) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  int r = object_get_own_property(rt, target, key, &l, v);
  if (r > 0) desc_from_lookup(*target, &l, v, d, value, get, set);
  return r;
}

static bool is_accessor(const PropDesc *d) { return d->has_get || d->has_set; }
static bool is_data(const PropDesc *d) { return d->has_value || d->has_writable; }

/* IsCompatiblePropertyDescriptor(extensible, desc, current) (current complete, or absent). */
static bool compatible(bool extensible, const PropDesc *d, Handle value, Handle get, Handle set,
                       bool has_current, const PropDesc *c, Handle cvalue, Handle cget, Handle cset) {
  if (!has_current) return extensible;
  if (c->configurable) return true;
  if (d->has_configurable && d->configurable) return false;
  if (d->has_enumerable && d->enumerable != c->enumerable) return false;
  bool generic = !is_accessor(d) && !is_data(d);
  if (!generic && is_accessor(d) != is_accessor(c)) return false;
  if (is_accessor(c)) {
    if (d->has_get && !same_value(*get, *cget)) return false;
    if (d->has_set && !same_value(*set, *cset)) return false;
  } else if (!c->writable) {
    if (d->has_writable && d->writable) return false;
    if (d->has_value && !same_value(*value, *cvalue)) return false;
  }
  return true;
}

/* CompletePropertyDescriptor(d). */
static void complete(PropDesc *d, Handle value, Handle get, Handle set) {
  if (!is_accessor(d)) {
    if (!d->has_value) *value = VALUE_UNDEFINED;
    d->has_value = d->has_writable = true;
  } else {
    if (!d->has_get) *get = VALUE_UNDEFINED;
    if (!d->has_set) *set = VALUE_UNDEFINED;
    d->has_get = d->has_set = true;
  }
  d->has_enumerable = d->has_configurable = true;
}

/* FromPropertyDescriptor(d): an object with the present fields. */
static rd_value from_desc(Runtime *rt, const PropDesc *d, Handle value, Handle get, Handle set) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, object_new(rt));
  if (!*o) return VALUE_EMPTY;
  Handle t = handle_new(rt, VALUE_TRUE), f = handle_new(rt, VALUE_FALSE);
  if ((d->has_value && !builtins_define(rt, o, "value", value, PROPERTY_ATTRS_DEFAULT)) ||
      (d->has_writable && !builtins_define(rt, o, "writable", d->writable ? t : f, PROPERTY_ATTRS_DEFAULT)) ||
      (d->has_get && !builtins_define(rt, o, "get", get, PROPERTY_ATTRS_DEFAULT)) ||
      (d->has_set && !builtins_define(rt, o, "set", set, PROPERTY_ATTRS_DEFAULT)) ||
      (d->has_enumerable && !builtins_define(rt, o, "enumerable", d->enumerable ? t : f, PROPERTY_ATTRS_DEFAULT)) ||
      (d->has_configurable &&
       !builtins_define(rt, o, "configurable", d->configurable ? t : f, PROPERTY_ATTRS_DEFAULT)))
    return VALUE_EMPTY;
  return *o;
}

/* A TypeError about a trap's result breaking an invariant; returns VALUE_EMPTY. */
static rd_value invariant(Runtime *rt, const char *trap, const char *what) {
  return js_throw(rt, ERROR_TypeError, "'%s' on proxy: %s", trap, what);
}

/* Defines internal method `name` as a wrapper holding one level of the depth
 * budget around name##_inner, whose body follows the macro. */
#define GUARDED(type, fail, name, params, args) \
  static type name##_inner params;              \
  static type name params {                     \
    if (!enter(rt)) return fail;                \
    type r_ = name##_inner args;                \
    leave(rt);                                  \
    return r_;                                  \
  }                                             \
  static type name##_inner params

/* --- [[GetPrototypeOf]] / [[SetPrototypeOf]] ------------------------------------------------ */
GUARDED(rd_value, VALUE_EMPTY, proxy_get_prototype, (Runtime *rt, Handle p), (rt, p)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "getPrototypeOf", target, handler, trap)) return VALUE_EMPTY;
  if (*trap == VALUE_UNDEFINED) return object_prototype_of(rt, target);
  Handle proto = handle_new(rt, call_trap(rt, trap, handler, 1, target));
  if (!*proto) return VALUE_EMPTY;
  if (*proto != VALUE_NULL && !value_is_js_object(*proto))
    return invariant(rt, "getPrototypeOf", "trap returned neither object nor null");
  int ext = object_extensible(rt, target);
  if (ext < 0) return VALUE_EMPTY;
  if (ext) return *proto;
  rd_value tp = object_prototype_of(rt, target);
  if (!tp) return VALUE_EMPTY;
  if (tp != *proto)
    return invariant(rt, "getPrototypeOf", "proxy target is non-extensible but the trap did not return its actual prototype");
  return *proto;
}

GUARDED(PropertyStatus, PROPERTY_EXCEPTION, proxy_set_prototype, (Runtime *rt, Handle p, Handle proto),
        (rt, p, proto)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "setPrototypeOf", target, handler, trap)) return PROPERTY_EXCEPTION;
  if (*trap == VALUE_UNDEFINED) return object_set_prototype(rt, target, proto);
  rd_value args[2] = {*target, *proto};
  rd_value r = call_trap(rt, trap, handler, 2, args);
  if (!r) return PROPERTY_EXCEPTION;
  if (!js_to_boolean(r)) return PROPERTY_REJECTED;
  int ext = object_extensible(rt, target);
  if (ext < 0) return PROPERTY_EXCEPTION;
  if (ext) return PROPERTY_OK;
  rd_value tp = object_prototype_of(rt, target);
  if (!tp) return PROPERTY_EXCEPTION;
  if (tp != *proto) {
    invariant(rt, "setPrototypeOf", "trap returned truish for setting a new prototype on the non-extensible proxy target");
    return PROPERTY_EXCEPTION;
  }
  return PROPERTY_OK;
}

/* --- [[IsExtensible]] / [[PreventExtensions]] ----------------------------------------------- */
GUARDED(int, -1, proxy_is_extensible, (Runtime *rt, Handle p), (rt, p)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "isExtensible", target, handler, trap)) return -1;
  if (*trap == VALUE_UNDEFINED) return object_extensible(rt, target);
  rd_value r = call_trap(rt, trap, handler, 1, target);
  if (!r) return -1;
  int ext = object_extensible(rt, target);
  if (ext < 0) return -1;
  if (js_to_boolean(r) != (bool)ext) {
    invariant(rt, "isExtensible", "trap result does not reflect extensibility of proxy target");
    return -1;
  }
  return ext;
}

GUARDED(int, -1, proxy_prevent_extensions, (Runtime *rt, Handle p), (rt, p)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "preventExtensions", target, handler, trap)) return -1;
  if (*trap == VALUE_UNDEFINED) return proxy_prevent_extensions_any(rt, target);
  rd_value r = call_trap(rt, trap, handler, 1, target);
  if (!r) return -1;
  if (!js_to_boolean(r)) return 0;
  int ext = object_extensible(rt, target);
  if (ext < 0) return -1;
  if (ext) {
    invariant(rt, "preventExtensions", "trap returned truish but the proxy target is extensible");
    return -1;
  }
  return 1;
}

int proxy_prevent_extensions_any(Runtime *rt, Handle obj) {
  if (proxy_is(*obj)) return proxy_prevent_extensions(rt, obj);
  return object_prevent_extensions(rt, obj) ? 1 : -1;
}

/* The hook: a refusal is a TypeError (every caller but Reflect wants one). */
static bool hook_prevent_extensions(Runtime *rt, Handle p) {
  int r = proxy_prevent_extensions(rt, p);
  if (r == 0) js_throw(rt, ERROR_TypeError, "'preventExtensions' on proxy: trap returned falsish");
  return r > 0;
}

/* --- [[GetOwnProperty]] -------------------------------------------------------------------- */
GUARDED(int, -1, proxy_get_own_property,
        (Runtime *rt, Handle p, Handle key, PropertyLookup *out, Handle value), (rt, p, key, out, value)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "getOwnPropertyDescriptor", target, handler, trap)) return -1;
  if (*trap == VALUE_UNDEFINED) return object_get_own_property(rt, target, key, out, value);
  Handle kv = handle_new(rt, key_value(rt, key));   /* before reading the other handles */
  if (!*kv) return -1;
  rd_value args[2] = {*target, *kv};
  Handle res = handle_new(rt, call_trap(rt, trap, handler, 2, args));
  if (!*res) return -1;
  if (*res != VALUE_UNDEFINED && !value_is_js_object(*res)) {
    invariant(rt, "getOwnPropertyDescriptor", "trap returned neither object nor undefined");
    return -1;
  }
  PropDesc td;
  Handle tv = handle_new(rt, VALUE_UNDEFINED), tg = handle_new(rt, VALUE_UNDEFINED),
         ts = handle_new(rt, VALUE_UNDEFINED);
  int has_t = target_desc(rt, target, key, &td, tv, tg, ts);
  if (has_t < 0) return -1;
  if (*res == VALUE_UNDEFINED) {
    if (!has_t) return 0;
    if (!td.configurable) {
      invariant(rt, "getOwnPropertyDescriptor", "trap returned undefined for a non-configurable property");
      return -1;
    }
    int ext = object_extensible(rt, target);
    if (ext < 0) return -1;
    if (!ext) {
      invariant(rt, "getOwnPropertyDescriptor", "trap returned undefined for a property of a non-extensible target");
      return -1;
    }
    return 0;
  }
  int ext = object_extensible(rt, target);
  if (ext < 0) return -1;
  PropDesc d;
  Handle dv = handle_new(rt, VALUE_UNDEFINED), dg = handle_new(rt, VALUE_UNDEFINED),
         ds = handle_new(rt, VALUE_UNDEFINED);
  if (!lib_to_descriptor(rt, res, &d, dv, dg, ds)) return -1;
  complete(&d, dv, dg, ds);
  if (!compatible(ext, &d, dv, dg, ds, has_t, &td, tv, tg, ts)) {
    invariant(rt, "getOwnPropertyDescriptor", "trap returned a descriptor incompatible with the target's property");
    return -1;
  }
  if (!d.configurable) {
    if (!has_t || td.configurable) {
      invariant(rt, "getOwnPropertyDescriptor", "trap reported non-configurability for a configurable or absent property");
      return -1;
    }
    if (d.has_writable && !d.writable && td.writable) {
      invariant(rt, "getOwnPropertyDescriptor", "trap reported non-writable for a writable property");
      return -1;
    }
  }
  uint32_t attrs = (d.enumerable ? PROPERTY_ENUMERABLE : 0) | (d.configurable ? PROPERTY_CONFIGURABLE : 0);
  if (is_accessor(&d)) {
    rd_value pair = factory_accessor_pair(rt, dg, ds);
    if (!pair) return -1;
    *value = pair;
    *out = (PropertyLookup){LOOKUP_EXOTIC, details_make(attrs, PROPERTY_KIND_ACCESSOR, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0), 0};
  } else {
    if (d.writable) attrs |= PROPERTY_WRITABLE;
    *value = *dv;
    *out = (PropertyLookup){LOOKUP_EXOTIC, details_make(attrs, PROPERTY_KIND_DATA, PROPERTY_LOCATION_FIELD, REP_TAGGED, 0), 0};
  }
  return 1;
}

/* --- [[DefineOwnProperty]] ----------------------------------------------------------------- */
GUARDED(int, -1, proxy_define,
        (Runtime *rt, Handle p, Handle key, const PropDesc *d, Handle value, Handle get, Handle set),
        (rt, p, key, d, value, get, set)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "defineProperty", target, handler, trap)) return -1;
  if (*trap == VALUE_UNDEFINED) return lib_define_desc(rt, target, key, d, value, get, set);
  Handle desc_obj = handle_new(rt, from_desc(rt, d, value, get, set));
  if (!*desc_obj) return -1;
  Handle kv = handle_new(rt, key_value(rt, key));   /* before reading the other handles */
  if (!*kv) return -1;
  rd_value args[3] = {*target, *kv, *desc_obj};
  rd_value r = call_trap(rt, trap, handler, 3, args);
  if (!r) return -1;
  if (!js_to_boolean(r)) return 0;
  PropDesc td;
  Handle tv = handle_new(rt, VALUE_UNDEFINED), tg = handle_new(rt, VALUE_UNDEFINED),
         ts = handle_new(rt, VALUE_UNDEFINED);
  int has_t = target_desc(rt, target, key, &td, tv, tg, ts);
  if (has_t < 0) return -1;
  int ext = object_extensible(rt, target);
  if (ext < 0) return -1;
  bool config_false = d->has_configurable && !d->configurable;
  if (!has_t) {
    if (!ext) {
      invariant(rt, "defineProperty", "trap returned truish for adding a property to a non-extensible target");
      return -1;
    }
    if (config_false) {
      invariant(rt, "defineProperty", "trap returned truish for defining a non-configurable property which is absent on the target");
      return -1;
    }
    return 1;
  }
  if (!compatible(ext, d, value, get, set, true, &td, tv, tg, ts)) {
    invariant(rt, "defineProperty", "trap returned truish for a descriptor incompatible with the target's property");
    return -1;
  }
  if (config_false && td.configurable) {
    invariant(rt, "defineProperty", "trap returned truish for defining a non-configurable property which is configurable on the target");
    return -1;
  }
  if (is_data(&td) && !td.configurable && td.writable && d->has_writable && !d->writable) {
    invariant(rt, "defineProperty", "trap returned truish for making a non-configurable writable property read-only");
    return -1;
  }
  return 1;
}

int proxy_define_own(Runtime *rt, Handle proxy, Handle key, const PropDesc *d, Handle value, Handle get,
                     Handle set) {
  return proxy_define(rt, proxy, key, d, value, get, set);
}

/* The hook: a complete descriptor from the object model. */
static PropertyStatus hook_define(Runtime *rt, Handle p, Handle key, Handle value, Handle getter,
                                  Handle setter, uint32_t attrs) {
  HANDLE_SCOPE(rt);
  PropDesc d = {0};
  d.has_enumerable = d.has_configurable = true;
  d.enumerable = attrs & PROPERTY_ENUMERABLE;
  d.configurable = attrs & PROPERTY_CONFIGURABLE;
  Handle v = handle_new(rt, value ? *value : VALUE_UNDEFINED);
  Handle g = handle_new(rt, getter ? *getter : VALUE_UNDEFINED);
  Handle s = handle_new(rt, setter ? *setter : VALUE_UNDEFINED);
  if (getter || setter) {
    d.has_get = d.has_set = true;
  } else {
    d.has_value = d.has_writable = true;
    d.writable = attrs & PROPERTY_WRITABLE;
  }
  int r = proxy_define_own(rt, p, key, &d, v, g, s);
  return r < 0 ? PROPERTY_EXCEPTION : r ? PROPERTY_OK : PROPERTY_REJECTED;
}

/* --- [[HasProperty]] ----------------------------------------------------------------------- */
GUARDED(rd_value, VALUE_EMPTY, proxy_has, (Runtime *rt, Handle p, Handle key), (rt, p, key)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "has", target, handler, trap)) return VALUE_EMPTY;
  if (*trap == VALUE_UNDEFINED) return js_has_property(rt, target, key);
  Handle kv = handle_new(rt, key_value(rt, key));   /* before reading the other handles */
  if (!*kv) return VALUE_EMPTY;
  rd_value args[2] = {*target, *kv};
  rd_value r = call_trap(rt, trap, handler, 2, args);
  if (!r) return VALUE_EMPTY;
  if (js_to_boolean(r)) return VALUE_TRUE;
  PropDesc td;
  Handle tv = handle_new(rt, VALUE_UNDEFINED), tg = handle_new(rt, VALUE_UNDEFINED),
         ts = handle_new(rt, VALUE_UNDEFINED);
  int has_t = target_desc(rt, target, key, &td, tv, tg, ts);
  if (has_t < 0) return VALUE_EMPTY;
  if (has_t) {
    if (!td.configurable) return invariant(rt, "has", "trap returned falsish for a non-configurable property");
    int ext = object_extensible(rt, target);
    if (ext < 0) return VALUE_EMPTY;
    if (!ext) return invariant(rt, "has", "trap returned falsish for a property of a non-extensible target");
  }
  return VALUE_FALSE;
}

/* --- [[Get]] / [[Set]] --------------------------------------------------------------------- */
GUARDED(rd_value, VALUE_EMPTY, proxy_get, (Runtime *rt, Handle p, Handle key, Handle receiver),
        (rt, p, key, receiver)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "get", target, handler, trap)) return VALUE_EMPTY;
  if (*trap == VALUE_UNDEFINED) return proxy_get_any(rt, target, key, receiver);
  Handle kv = handle_new(rt, key_value(rt, key));   /* before reading the other handles */
  if (!*kv) return VALUE_EMPTY;
  rd_value args[3] = {*target, *kv, *receiver};
  Handle r = handle_new(rt, call_trap(rt, trap, handler, 3, args));
  if (!*r) return VALUE_EMPTY;
  PropDesc td;
  Handle tv = handle_new(rt, VALUE_UNDEFINED), tg = handle_new(rt, VALUE_UNDEFINED),
         ts = handle_new(rt, VALUE_UNDEFINED);
  int has_t = target_desc(rt, target, key, &td, tv, tg, ts);
  if (has_t < 0) return VALUE_EMPTY;
  if (has_t && !td.configurable) {
    if (is_data(&td) && !td.writable && !same_value(*r, *tv))
      return invariant(rt, "get", "the value of a non-writable, non-configurable property must be reported as is");
    if (is_accessor(&td) && *tg == VALUE_UNDEFINED && *r != VALUE_UNDEFINED)
      return invariant(rt, "get", "a non-configurable accessor without a getter must be reported as undefined");
  }
  return *r;
}

rd_value proxy_get_any(Runtime *rt, Handle obj, Handle key, Handle receiver) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return VALUE_EMPTY;
  Handle hk = handle_new(rt, k);
  if (proxy_is(*obj)) return proxy_get(rt, obj, hk, receiver);
  /* object_get hands an inner proxy the object itself as receiver: walk here. */
  Handle o = handle_new(rt, *obj);
  while (value_is_js_object(*o) && !proxy_is(*o)) {
    PropertyLookup l;
    if (object_is_exotic(*o) || object_lookup_own(rt, *o, k, &l)) break;
    *o = object_get_prototype(*o);
  }
  if (value_is_js_object(*o) && proxy_is(*o)) return proxy_get(rt, o, hk, receiver);
  return interp_super_get(rt, obj, hk, receiver);
}

/* OrdinarySet(obj, key, v, receiver) (key canonical) for an obj that is not
 * a proxy: finds the property up obj's chain (a proxy there takes over),
 * then calls its setter on receiver or writes / creates a data property on
 * receiver. 1 done, 0 refused, -1 exception. */
static int ordinary_set(Runtime *rt, Handle obj, Handle key, Handle v, Handle receiver) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, *obj), found = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  int r = 0;
  while (value_is_js_object(*o)) {
    if (proxy_is(*o)) return proxy_set_any(rt, o, key, v, receiver);
    if (value_has_type(*o, TYPE_JS_MODULE_NAMESPACE)) return 0;   /* its [[Set]] refuses */
    r = object_get_own_property(rt, o, key, &l, found);
    if (r < 0) return -1;
    if (r) break;
    *o = object_get_prototype(*o);
  }
  if (r && details_kind(l.details) == PROPERTY_KIND_ACCESSOR) {
    Handle setter = handle_new(rt, ((AccessorPair *)value_to_ptr(*found))->setter);
    if (*setter == VALUE_UNDEFINED) return 0;
    return interp_call(rt, setter, receiver, 1, v) ? 1 : -1;
  }
  if (r && !details_writable(l.details)) return 0;
  if (!value_is_js_object(*receiver)) return 0;
  if (proxy_is(*receiver)) {   /* CreateDataProperty / [[DefineOwnProperty]] through its traps */
    Handle ev = handle_new(rt, VALUE_UNDEFINED), eg = handle_new(rt, VALUE_UNDEFINED),
           es = handle_new(rt, VALUE_UNDEFINED);
    PropDesc ed;
    r = proxy_get_own_property(rt, receiver, key, &l, found);
    if (r < 0) return -1;
    if (r) {
      desc_from_lookup(*receiver, &l, found, &ed, ev, eg, es);
      if (is_accessor(&ed) || !ed.writable) return 0;
      PropDesc d = {0};
      d.has_value = true;
      return proxy_define_own(rt, receiver, key, &d, v, eg, es);
    }
    PropDesc d = {true, true, false, false, true, true, true, true, true};
    return proxy_define_own(rt, receiver, key, &d, v, eg, es);
  }
  return object_set_on_receiver(rt, receiver, key, v);
}

GUARDED(int, -1, proxy_set, (Runtime *rt, Handle p, Handle key, Handle v, Handle receiver),
        (rt, p, key, v, receiver)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "set", target, handler, trap)) return -1;
  if (*trap == VALUE_UNDEFINED) return proxy_set_any(rt, target, key, v, receiver);
  Handle kv = handle_new(rt, key_value(rt, key));   /* before reading the other handles */
  if (!*kv) return -1;
  rd_value args[4] = {*target, *kv, *v, *receiver};
  rd_value r = call_trap(rt, trap, handler, 4, args);
  if (!r) return -1;
  if (!js_to_boolean(r)) return 0;
  PropDesc td;
  Handle tv = handle_new(rt, VALUE_UNDEFINED), tg = handle_new(rt, VALUE_UNDEFINED),
         ts = handle_new(rt, VALUE_UNDEFINED);
  int has_t = target_desc(rt, target, key, &td, tv, tg, ts);
  if (has_t < 0) return -1;
  if (has_t && !td.configurable) {
    if (is_data(&td) && !td.writable && !same_value(*v, *tv)) {
      invariant(rt, "set", "trap returned truish for a new value of a non-writable, non-configurable property");
      return -1;
    }
    if (is_accessor(&td) && *ts == VALUE_UNDEFINED) {
      invariant(rt, "set", "trap returned truish for a non-configurable accessor without a setter");
      return -1;
    }
  }
  return 1;
}

int proxy_set_any(Runtime *rt, Handle obj, Handle key, Handle v, Handle receiver) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return -1;
  Handle hk = handle_new(rt, k);
  if (proxy_is(*obj)) return proxy_set(rt, obj, hk, v, receiver);
  return ordinary_set(rt, obj, hk, v, receiver);
}

/* The hooks: obj itself is the receiver, or receiver met it on its chain. */
static rd_value hook_get_receiver(Runtime *rt, Handle p, Handle key, Handle receiver) {
  return proxy_get(rt, p, key, receiver);
}
static int hook_set_receiver(Runtime *rt, Handle p, Handle key, Handle v, Handle receiver) {
  return proxy_set(rt, p, key, v, receiver);
}
static PropertyStatus hook_set(Runtime *rt, Handle p, Handle key, Handle v, rd_value *pair_out) {
  (void)pair_out;
  int r = proxy_set(rt, p, key, v, p);
  return r < 0 ? PROPERTY_EXCEPTION : r ? PROPERTY_OK : PROPERTY_REJECTED;
}

/* --- [[Delete]] ---------------------------------------------------------------------------- */
GUARDED(PropertyStatus, PROPERTY_EXCEPTION, proxy_delete, (Runtime *rt, Handle p, Handle key), (rt, p, key)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "deleteProperty", target, handler, trap)) return PROPERTY_EXCEPTION;
  if (*trap == VALUE_UNDEFINED) return object_delete(rt, target, key);
  Handle kv = handle_new(rt, key_value(rt, key));   /* before reading the other handles */
  if (!*kv) return PROPERTY_EXCEPTION;
  rd_value args[2] = {*target, *kv};
  rd_value r = call_trap(rt, trap, handler, 2, args);
  if (!r) return PROPERTY_EXCEPTION;
  if (!js_to_boolean(r)) return PROPERTY_REJECTED;
  PropDesc td;
  Handle tv = handle_new(rt, VALUE_UNDEFINED), tg = handle_new(rt, VALUE_UNDEFINED),
         ts = handle_new(rt, VALUE_UNDEFINED);
  int has_t = target_desc(rt, target, key, &td, tv, tg, ts);
  if (has_t < 0) return PROPERTY_EXCEPTION;
  if (!has_t) return PROPERTY_OK;
  if (!td.configurable) {
    invariant(rt, "deleteProperty", "trap returned truish for a non-configurable property");
    return PROPERTY_EXCEPTION;
  }
  int ext = object_extensible(rt, target);
  if (ext < 0) return PROPERTY_EXCEPTION;
  if (!ext) {
    invariant(rt, "deleteProperty", "trap returned truish for a property of a non-extensible target");
    return PROPERTY_EXCEPTION;
  }
  return PROPERTY_OK;
}

/* --- [[OwnPropertyKeys]] ------------------------------------------------------------------- */
/* True if canonical keys a and b are the same key. */
static bool key_equal(rd_value a, rd_value b) {
  if (a == b) return true;
  return value_is_number(a) && value_is_number(b) && value_to_number(a) == value_to_number(b);
}

/* Index of key k in list[0..n) (entries VALUE_EMPTY are removed ones), or -1. */
static int32_t key_index(rd_value list, uint32_t n, rd_value k) {
  for (uint32_t i = 0; i < n; i++)
    if (FIXED_ARRAY(list)->data[i] != VALUE_EMPTY && key_equal(FIXED_ARRAY(list)->data[i], k)) return (int32_t)i;
  return -1;
}

GUARDED(rd_value, VALUE_EMPTY, proxy_own_keys_all, (Runtime *rt, Handle p), (rt, p)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, "ownKeys", target, handler, trap)) return VALUE_EMPTY;
  if (*trap == VALUE_UNDEFINED) return object_own_keys(rt, target, KEYS_ALL);
  Handle arr = handle_new(rt, call_trap(rt, trap, handler, 1, target));
  if (!*arr) return VALUE_EMPTY;
  if (!value_is_js_object(*arr)) return invariant(rt, "ownKeys", "trap result is not an object");
  int64_t len = builtins_length_of(rt, arr);
  if (len < 0) return VALUE_EMPTY;
  if (len > FIXED_ARRAY_MAX_LENGTH) return js_throw(rt, ERROR_RangeError, "ownKeys: too many keys");
  Handle keys = handle_new(rt, factory_fixed_array(rt, (uint32_t)len, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*keys) return VALUE_EMPTY;
  Handle k = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < (uint32_t)len; i++) {
    *k = lib_get_index(rt, arr, i);
    if (!*k) return VALUE_EMPTY;
    if (!value_is_string(*k) && !value_is_symbol(*k))
      return invariant(rt, "ownKeys", "trap result contains an element that is neither a string nor a symbol");
    rd_value ck = object_canonical_key(rt, *k);
    if (!ck) return VALUE_EMPTY;
    if (key_index(*keys, i, ck) >= 0) return invariant(rt, "ownKeys", "trap result contains a duplicate key");
    HEAP_STORE(value_to_ptr(*keys), FIXED_ARRAY(*keys)->data[i], ck);
  }
  int ext = object_extensible(rt, target);
  if (ext < 0) return VALUE_EMPTY;
  Handle tkeys = handle_new(rt, object_own_keys(rt, target, KEYS_ALL));
  if (!*tkeys) return VALUE_EMPTY;
  uint32_t tn = fixed_array_length(*tkeys);
  /* Non-configurable target keys first, then (for a non-extensible target) the others. */
  Handle nonconfig = handle_new(rt, factory_fixed_array(rt, tn, VALUE_FALSE, ALLOC_YOUNG));
  if (!*nonconfig) return VALUE_EMPTY;
  bool any_nonconfig = false;
  for (uint32_t i = 0; i < tn; i++) {
    HANDLE_SCOPE(rt);
    Handle tk = handle_new(rt, FIXED_ARRAY(*tkeys)->data[i]), v = handle_new(rt, VALUE_UNDEFINED);
    PropertyLookup l;
    int r = object_get_own_property(rt, target, tk, &l, v);
    if (r < 0) return VALUE_EMPTY;
    if (r && !details_configurable(l.details)) {
      FIXED_ARRAY(*nonconfig)->data[i] = VALUE_TRUE;
      any_nonconfig = true;
    }
  }
  if (ext && !any_nonconfig) return *keys;
  uint32_t n = fixed_array_length(*keys);
  Handle unchecked = handle_new(rt, factory_copy_fixed_array(rt, keys, n, VALUE_UNDEFINED));
  if (!*unchecked) return VALUE_EMPTY;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1 && ext) return *keys;
    for (uint32_t i = 0; i < tn; i++) {
      if ((FIXED_ARRAY(*nonconfig)->data[i] == VALUE_TRUE) != (pass == 0)) continue;
      int32_t at = key_index(*unchecked, n, FIXED_ARRAY(*tkeys)->data[i]);
      if (at < 0)
        return invariant(rt, "ownKeys", pass == 0 ? "trap result did not include a non-configurable key of the target"
                                                  : "trap result did not include a key of the non-extensible target");
      FIXED_ARRAY(*unchecked)->data[at] = VALUE_EMPTY;
    }
  }
  for (uint32_t i = 0; i < n; i++)
    if (FIXED_ARRAY(*unchecked)->data[i] != VALUE_EMPTY)
      return invariant(rt, "ownKeys", "trap returned extra keys but the proxy target is non-extensible");
  return *keys;
}

/* The hook: KEYS_ENUMERABLE_STRINGS keeps the string keys whose
 * [[GetOwnProperty]] (through the proxy) is enumerable. */
static rd_value hook_own_keys(Runtime *rt, Handle p, KeysFilter filter) {
  HANDLE_SCOPE(rt);
  Handle keys = handle_new(rt, proxy_own_keys_all(rt, p));
  if (!*keys || filter == KEYS_ALL) return *keys;
  uint32_t n = fixed_array_length(*keys), out = 0;
  Handle k = handle_new(rt, VALUE_UNDEFINED), v = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < n; i++) {
    *k = FIXED_ARRAY(*keys)->data[i];
    if (value_is_symbol(*k)) continue;
    PropertyLookup l;
    int r = proxy_get_own_property(rt, p, k, &l, v);
    if (r < 0) return VALUE_EMPTY;
    if (r && details_enumerable(l.details)) HEAP_STORE(value_to_ptr(*keys), FIXED_ARRAY(*keys)->data[out++], *k);
  }
  return factory_copy_fixed_array(rt, keys, out, VALUE_UNDEFINED);
}

/* --- [[Call]] / [[Construct]] -------------------------------------------------------------- */
/* [[Call]] (new_target NULL) or [[Construct]] of proxy p with args on the VM stack. */
GUARDED(rd_value, VALUE_EMPTY, proxy_call_or_construct,
        (Runtime *rt, Handle p, Handle this_arg, Handle new_target, uint32_t argc, const rd_value *argv),
        (rt, p, this_arg, new_target, argc, argv)) {
  HANDLE_SCOPE(rt);
  Handle target = handle_new(rt, 0), handler = handle_new(rt, 0), trap = handle_new(rt, 0);
  if (!get_trap(rt, p, new_target ? "construct" : "apply", target, handler, trap)) return VALUE_EMPTY;
  if (*trap == VALUE_UNDEFINED)
    return new_target ? interp_construct(rt, target, new_target, argc, argv)
                      : interp_call(rt, target, this_arg, argc, argv);
  Handle list = handle_new(rt, interp_array_from(rt, argv, argc));
  if (!*list) return VALUE_EMPTY;
  if (!new_target) {
    rd_value args[3] = {*target, *this_arg, *list};
    return call_trap(rt, trap, handler, 3, args);
  }
  rd_value args[3] = {*target, *list, *new_target};
  rd_value r = call_trap(rt, trap, handler, 3, args);
  if (r && !value_is_js_object(r)) return invariant(rt, "construct", "trap returned non-object");
  return r;
}

rd_value proxy_call_entry(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  /* The arguments live in the caller's VM stack slots, which never move. */
  if (*a->new_target != VALUE_UNDEFINED)
    return proxy_call_or_construct(rt, a->function, NULL, a->new_target, a->argc, a->argv);
  return proxy_call_or_construct(rt, a->function, a->receiver, NULL, a->argc, a->argv);
}

/* --- creation, revocation, IsArray --------------------------------------------------------- */
rd_value proxy_create(Runtime *rt, Handle target, Handle handler) {
  if (!value_is_js_object(*target) || !value_is_js_object(*handler))
    return js_throw(rt, ERROR_TypeError, "Cannot create proxy with a non-object as target or handler");
  rd_value state = ROOT(rt, proxy_state);
  bool callable = value_is_callable(*target);
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, FIXED_ARRAY(state)->data[callable ? PROXY_STATE_CALLABLE_MAP : PROXY_STATE_MAP]);
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  state = ROOT(rt, proxy_state);
  JSProxy *px = JS_PROXY(o);
  px->shared = !callable ? VALUE_UNDEFINED
               : lib_is_constructor(*target) ? FIXED_ARRAY(state)->data[PROXY_STATE_CONSTRUCT_SFI]
                                             : FIXED_ARRAY(state)->data[PROXY_STATE_CALL_SFI];
  px->target = *target;
  px->handler = *handler;
  if (!heap_in_young(value_to_ptr(o))) heap_write_barrier_range(value_to_ptr(o), &px->shared, 6);
  return o;
}

void proxy_revoke(rd_value proxy) {
  JS_PROXY(proxy)->target = VALUE_NULL;
  JS_PROXY(proxy)->handler = VALUE_NULL;
}

int proxy_is_array(Runtime *rt, rd_value v) {
  while (value_is_js_object(v)) {   /* a loop, not recursion: chains may be long */
    if (value_has_type(v, TYPE_JS_ARRAY)) return 1;
    if (!proxy_is(v)) return 0;
    if (JS_PROXY(v)->handler == VALUE_NULL) {
      js_throw(rt, ERROR_TypeError, "Cannot perform 'IsArray' on a proxy that has been revoked");
      return -1;
    }
    v = JS_PROXY(v)->target;
  }
  return 0;
}

/* --- hooks --------------------------------------------------------------------------------- */
/* A proxy has no properties the object model could see without a trap. */
static bool hook_lookup_own(Runtime *rt, rd_value obj, rd_value key, PropertyLookup *out) {
  (void)rt; (void)obj; (void)key; (void)out;
  return false;
}
static rd_value hook_lookup_value(rd_value obj, const PropertyLookup *l) {
  (void)obj; (void)l;
  return VALUE_UNDEFINED;
}
static rd_value hook_get(Runtime *rt, Handle p, Handle key) { return proxy_get(rt, p, key, p); }

const ExoticHooks proxy_hooks = {
    .lookup_own = hook_lookup_own,
    .lookup_value = hook_lookup_value,
    .get_own_property = proxy_get_own_property,
    .get = hook_get,
    .has = proxy_has,
    .set = hook_set,
    .define = hook_define,
    .delete_ = proxy_delete,
    .own_keys = hook_own_keys,
    .prevent_extensions = hook_prevent_extensions,
    .set_prototype = proxy_set_prototype,
    .get_prototype = proxy_get_prototype,
    .is_extensible = proxy_is_extensible,
    .get_receiver = hook_get_receiver,
    .set_receiver = hook_set_receiver,
};
