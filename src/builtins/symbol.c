/*
 * symbol.c - the well-known symbols (roots), the Symbol function (callable,
 * not constructible), Symbol.for / keyFor through a registry object, and
 * %Symbol.prototype% (toString, valueOf, description, @@toPrimitive).
 */
#include "builtins/builtins.h"
#include "objects/factory.h"
#include "objects/string.h"

bool builtins_install_has_instance(Runtime *rt);

/* The symbol a Symbol.prototype method works on (this or its wrapper). */
static rd_value this_symbol(Runtime *rt, NativeArgs *a, const char *method) {
  if (value_is_symbol(*a->receiver)) return *a->receiver;
  rd_value w = js_wrapped_value(*a->receiver);
  if (w && value_is_symbol(w)) return w;
  return js_throw(rt, ERROR_TypeError, "Symbol.prototype.%s requires that 'this' be a Symbol", method);
}

static rd_value symbol_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target != VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Symbol is not a constructor");
  HANDLE_SCOPE(rt);
  Handle desc = handle_new(rt, native_arg(a, 0));
  if (*desc != VALUE_UNDEFINED) {
    rd_value s = js_to_string(rt, desc);
    if (!s) return VALUE_EMPTY;
    *desc = s;
  }
  return factory_symbol(rt, *desc == VALUE_UNDEFINED ? NULL : desc, false);
}

/* The registry of Symbol.for: an object keyed by the string. */
static rd_value registry(Runtime *rt) { return ROOT(rt, symbol_registry); }

static rd_value symbol_for(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, native_arg(a, 0));
  rd_value s = js_to_string(rt, key);
  if (!s) return VALUE_EMPTY;
  *key = s;
  Handle reg = handle_new(rt, registry(rt));
  rd_value found = js_get(rt, reg, key);
  if (!found) return VALUE_EMPTY;
  if (value_is_symbol(found)) return found;
  Handle sym = handle_new(rt, factory_symbol(rt, key, false));
  if (!*sym || !js_set(rt, reg, key, sym, true)) return VALUE_EMPTY;
  return *sym;
}

static rd_value symbol_key_for(Runtime *rt, NativeArgs *a) {
  rd_value s = native_arg(a, 0);
  if (!value_is_symbol(s)) return js_throw(rt, ERROR_TypeError, "Symbol.keyFor: not a symbol");
  HANDLE_SCOPE(rt);
  Handle desc = handle_new(rt, ((Symbol *)value_to_ptr(s))->description);
  if (!value_is_string(*desc)) return VALUE_UNDEFINED;
  Handle reg = handle_new(rt, registry(rt));
  rd_value found = js_get(rt, reg, desc);
  if (!found) return VALUE_EMPTY;
  return found == native_arg(a, 0) ? *desc : VALUE_UNDEFINED;
}

/* "Symbol(description)". */
static rd_value symbol_descriptive_string(Runtime *rt, rd_value sym) {
  HANDLE_SCOPE(rt);
  rd_value d = ((Symbol *)value_to_ptr(sym))->description;
  Handle desc = handle_new(rt, value_is_string(d) ? d : ROOT(rt, empty_string));
  Handle l = handle_new(rt, string_from_cstr(rt, "Symbol("));
  Handle r = handle_new(rt, string_from_cstr(rt, ")"));
  if (!*l || !*r) return VALUE_EMPTY;
  rd_value s = string_concat(rt, l, desc);
  if (!s) return VALUE_EMPTY;
  *l = s;
  return string_concat(rt, l, r);
}

static rd_value symbol_to_string(Runtime *rt, NativeArgs *a) {
  rd_value s = this_symbol(rt, a, "toString");
  return s ? symbol_descriptive_string(rt, s) : VALUE_EMPTY;
}
static rd_value symbol_value_of(Runtime *rt, NativeArgs *a) { return this_symbol(rt, a, "valueOf"); }
static rd_value symbol_description(Runtime *rt, NativeArgs *a) {
  rd_value s = this_symbol(rt, a, "description");
  return s ? ((Symbol *)value_to_ptr(s))->description : VALUE_EMPTY;
}

bool builtins_init_symbol(Runtime *rt) {
  HANDLE_SCOPE(rt);
  static const struct { RootIndex root; const char *desc; } wk[] = {
#define X(name, desc) {ROOT_##name, desc},
      WELL_KNOWN_SYMBOL_LIST(X)
#undef X
  };
  Handle wk_names[ARRAY_LEN(wk)];
  for (size_t i = 0; i < ARRAY_LEN(wk); i++) {
    Handle d = handle_new(rt, string_internalize_cstr(rt, wk[i].desc));
    if (!*d) return false;
    rd_value s = factory_symbol(rt, d, false);
    if (!s) return false;
    rt->roots[wk[i].root] = s;
    wk_names[i] = handle_new(rt, string_internalize_cstr(rt, wk[i].desc + 7));   /* after "Symbol." */
    if (!*wk_names[i]) return false;
  }
  rd_value reg = object_new(rt);
  if (!reg) return false;
  rt->roots[ROOT_symbol_registry] = reg;
  Handle proto = handle_new(rt, object_new(rt));
  if (!*proto) return false;
  rt->roots[ROOT_symbol_prototype] = *proto;
  rd_value ctor = builtins_constructor(rt, "Symbol", symbol_ctor, 0, proto);
  if (!ctor) return false;
  Handle hc = handle_new(rt, ctor);
  for (size_t i = 0; i < ARRAY_LEN(wk); i++) {
    Handle s = handle_new(rt, rt->roots[wk[i].root]);
    if (object_define_own(rt, hc, wk_names[i], s, 0) != PROPERTY_OK) return false;
  }
  static const BuiltinMethod statics[] = {{"for", symbol_for, 1}, {"keyFor", symbol_key_for, 1}};
  static const BuiltinMethod methods[] = {{"toString", symbol_to_string, 0}, {"valueOf", symbol_value_of, 0}};
  if (!builtins_install(rt, hc, statics, ARRAY_LEN(statics)) ||
      !builtins_install(rt, proto, methods, ARRAY_LEN(methods)))
    return false;
  /* Symbol.prototype[@@toPrimitive] is not writable (only configurable) */
  Handle to_primitive = handle_new(rt, builtins_function(rt, "[Symbol.toPrimitive]", symbol_value_of, 1));
  if (!*to_primitive || !builtins_define(rt, proto, "@toPrimitive", to_primitive, PROPERTY_CONFIGURABLE)) return false;
  Handle tag = handle_new(rt, string_internalize_cstr(rt, "Symbol"));
  Handle getter = handle_new(rt, builtins_function(rt, "get description", symbol_description, 0));
  Handle key = handle_new(rt, string_internalize_cstr(rt, "description"));
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  if (!*tag || !*getter || !*key ||
      !builtins_define(rt, proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE) ||
      object_define_accessor(rt, proto, key, getter, undef, PROPERTY_CONFIGURABLE) != PROPERTY_OK)
    return false;
  return builtins_install_has_instance(rt) && builtins_define_global(rt, "Symbol", hc);
}
