/*
 * proxy.h - Proxy exotic objects (ECMA-262 10.5): the object layout, ProxyCreate,
 * revocation and the thirteen internal methods with every invariant check of
 * the spec. The object model reaches them through proxy_hooks (object.h
 * ExoticHooks); the Proxy global is builtins/proxy.c.
 *
 * Layout. A JSProxy has JSFunction's header (map, properties, elements,
 * shared, context, feedback, home_object) then [[ProxyTarget]] and
 * [[ProxyHandler]]. A proxy whose target is callable gets a map with
 * MAP_CALLABLE and, as `shared`, the SharedFunctionInfo of a native entry
 * that runs [[Call]] / [[Construct]] (not a constructor unless the target
 * is one), so every call path of the engine works on it unchanged. Proxy
 * maps are MAP_EXOTIC with a null prototype: inline caches never cache them
 * and ordinary prototype walks stop at them (the hooks continue the walk).
 *
 * Invariant: a revoked proxy has target and handler null, and every internal
 * method of it throws a TypeError; a live one has both JS objects. Each
 * internal method counts one C re-entry (rt->native_depth), so a deep chain
 * of proxies throws a RangeError instead of overflowing the C stack.
 */
#ifndef RONDO_OBJECTS_PROXY_H
#define RONDO_OBJECTS_PROXY_H

#include "interp/interpreter.h"
#include "objects/object.h"

typedef struct JSProxy {
  rd_value map;
  rd_value properties;
  rd_value elements;
  rd_value shared;       /* SFI of the call entry (callable proxies), else undefined */
  rd_value context;      /* undefined */
  rd_value feedback;     /* undefined */
  rd_value home_object;  /* undefined */
  rd_value target;       /* [[ProxyTarget]], null once revoked */
  rd_value handler;      /* [[ProxyHandler]], null once revoked */
} JSProxy;
#define JS_PROXY_HEADER_WORDS 9
#define JS_PROXY(v) ((JSProxy *)value_to_ptr(v))

/* Words of ROOT proxy_state (made by builtins/proxy.c). */
enum {
  PROXY_STATE_MAP,            /* a proxy of a non-callable target */
  PROXY_STATE_CALLABLE_MAP,   /* a proxy of a callable target */
  PROXY_STATE_CALL_SFI,       /* shared of a callable proxy whose target is no constructor */
  PROXY_STATE_CONSTRUCT_SFI,  /* shared of a proxy whose target is a constructor */
  PROXY_STATE_COUNT
};

/* A partial property descriptor (ECMA-262 6.2.6); the values of [[Value]],
 * [[Get]] and [[Set]] travel in handles beside it. */
typedef struct PropDesc {
  bool has_value, has_writable, has_get, has_set, has_enumerable, has_configurable;
  bool writable, enumerable, configurable;
} PropDesc;

extern const ExoticHooks proxy_hooks;

RD_INLINE bool proxy_is(rd_value v) { return value_has_type(v, TYPE_JS_PROXY); }

/* ProxyCreate(target, handler): a TypeError unless both are objects. */
rd_value proxy_create(Runtime *rt, Handle target, Handle handler) RD_MUST_CHECK;
/* Revokes proxy (a JSProxy): target and handler become null. Never allocates. */
void proxy_revoke(rd_value proxy);
/* The native entry of callable proxies: [[Call]], or [[Construct]] when
 * new.target is set. Installed by builtins/proxy.c. */
rd_value proxy_call_entry(Runtime *rt, NativeArgs *a);

/* IsArray(v): 1, 0, or -1 with a TypeError for a revoked proxy. */
int proxy_is_array(Runtime *rt, rd_value v) RD_MUST_CHECK;
/* [[PreventExtensions]] of any object, keeping a proxy's refusal: 1 done,
 * 0 refused, -1 exception. */
int proxy_prevent_extensions_any(Runtime *rt, Handle obj) RD_MUST_CHECK;
/* [[Get]](key, receiver) of any object (proxy or not). */
rd_value proxy_get_any(Runtime *rt, Handle obj, Handle key, Handle receiver) RD_MUST_CHECK;
/* [[Set]](key, v, receiver) of any object (proxy or not; key canonical): 1, 0, -1. */
int proxy_set_any(Runtime *rt, Handle obj, Handle key, Handle v, Handle receiver) RD_MUST_CHECK;
/* [[DefineOwnProperty]](key, desc) of a proxy (key canonical; value/get/set
 * hold the descriptor's values): 1 defined, 0 refused, -1 exception. */
int proxy_define_own(Runtime *rt, Handle proxy, Handle key, const PropDesc *d, Handle value,
                     Handle get, Handle set) RD_MUST_CHECK;

#endif
