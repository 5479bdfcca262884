/*
 * interp_ops.c - slow paths of bytecodes (see interp_ops.h): dynamic name
 * lookup through contexts, `with` contexts, for-in key lists, arguments
 * objects, object/array literal helpers, `in`, instanceof, template
 * objects, regexp literals and closure creation.
 *
 * Invariant: heap values are kept in handles across every call that may
 * allocate; a with context is the one kind of Context whose scope_info is
 * null (its extension holds the object).
 */
#include "interp/interp_ops.h"
#include "module/module.h"

#include "bytecode/generator.h"
#include "parser/parser.h"

#include <stdlib.h>

#include "objects/factory.h"
#include <stdio.h>

#include "objects/object.h"
#include "objects/string.h"

rd_value interp_throw_named(Runtime *rt, ErrorKind kind, const char *fmt, rd_value name) {
  char *s = value_is_string(name) ? string_to_utf8(name, NULL) : NULL;
  js_throw(rt, kind, fmt, s ? s : "?");
  free(s);
  return VALUE_EMPTY;
}

/* --- dynamic lookup -------------------------------------------------------------------- */
static bool is_context(rd_value c) { return value_has_type(c, TYPE_CONTEXT); }

/* Slot index of name in context c's scope info, or -1. Never allocates. */
static int32_t context_slot_of(rd_value c, rd_value name) {
  rd_value info = FIXED_ARRAY(c)->data[CONTEXT_SCOPE_INFO];
  if (!value_has_type(info, TYPE_FIXED_ARRAY)) return -1;
  uint32_t n = fixed_array_length(info);
  for (uint32_t i = 0; i < n; i++) {
    rd_value s = FIXED_ARRAY(info)->data[i];
    if (s == name || (value_is_string(s) && string_equals(s, name)))
      return (int32_t)(CONTEXT_HEADER_SLOTS + i);
  }
  return -1;
}

/* The scope-info trailer of context c (see scope_info_new), or VALUE_EMPTY. */
static rd_value scope_trailer(rd_value c) {
  rd_value info = FIXED_ARRAY(c)->data[CONTEXT_SCOPE_INFO];
  uint32_t n = value_has_type(info, TYPE_FIXED_ARRAY) ? fixed_array_length(info) : 0;
  rd_value t = n ? FIXED_ARRAY(info)->data[n - 1] : VALUE_EMPTY;
  return value_has_type(t, TYPE_FIXED_ARRAY) ? t : VALUE_EMPTY;
}

/* Walks from *ctx to the context binding name: a with object (*holder set),
 * a slot (returns its index, *ctx the context), or -1 with *ctx undefined for
 * the global object. May run JS (HasProperty on with objects). */
static int32_t lookup_walk(Runtime *rt, Handle ctx, Handle name, Handle holder, bool *failed) {
  *failed = false;
  while (is_context(*ctx)) {
    rd_value c = *ctx;
    if (FIXED_ARRAY(c)->data[CONTEXT_SCOPE_INFO] == VALUE_NULL) {   /* with */
      *holder = FIXED_ARRAY(c)->data[CONTEXT_EXTENSION];
      rd_value has = js_has_property(rt, holder, name);
      if (!has) {
        *failed = true;
        return -1;
      }
      if (has == VALUE_TRUE) return -2;
    } else {
      int32_t i = context_slot_of(c, *name);
      if (i >= 0) return i;
      rd_value ext = FIXED_ARRAY(c)->data[CONTEXT_EXTENSION];
      if (value_is_js_object(ext)) {   /* vars added by a sloppy direct eval */
        *holder = ext;
        rd_value has = js_has_property(rt, holder, name);
        if (!has) {
          *failed = true;
          return -1;
        }
        if (has == VALUE_TRUE) return -2;
      }
    }
    *ctx = FIXED_ARRAY(*ctx)->data[CONTEXT_PREVIOUS];
  }
  *holder = ROOT(rt, global_object);
  return -1;
}

rd_value interp_lookup_load(Runtime *rt, Handle ctx0, Handle name, LookupMode mode) {
  HANDLE_SCOPE(rt);
  Handle ctx = handle_new(rt, *ctx0), holder = handle_new(rt, VALUE_UNDEFINED);
  bool failed;
  int32_t i = lookup_walk(rt, ctx, name, holder, &failed);
  if (failed) return VALUE_EMPTY;
  if (i >= 0) {
    if (mode == LOOKUP_RECEIVER) return VALUE_UNDEFINED;
    if (mode == LOOKUP_DELETE) return VALUE_FALSE;
    rd_value v = FIXED_ARRAY(*ctx)->data[i];
    if (module_is_binding_ref(v)) v = module_binding_read(v);   /* a module's import */
    if (v == VALUE_EMPTY)
      return interp_throw_named(rt, ERROR_ReferenceError, "Cannot access '%s' before initialization", *name);
    return v;
  }
  if (i == -2) {   /* an object binds it */
    if (mode == LOOKUP_RECEIVER) return *holder;
    if (mode == LOOKUP_DELETE) {
      rd_value k = object_canonical_key(rt, *name);
      if (!k) return VALUE_EMPTY;
      Handle hk = handle_new(rt, k);
      PropertyStatus st = object_delete(rt, holder, hk);
      if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
      return value_from_bool(st == PROPERTY_OK);
    }
    return js_get(rt, holder, name);
  }
  /* the global object */
  if (mode == LOOKUP_RECEIVER) return VALUE_UNDEFINED;
  rd_value has = js_has_property(rt, holder, name);
  if (!has) return VALUE_EMPTY;
  if (mode == LOOKUP_DELETE) {
    if (has == VALUE_FALSE) return VALUE_TRUE;
    rd_value k = object_canonical_key(rt, *name);
    if (!k) return VALUE_EMPTY;
    Handle hk = handle_new(rt, k);
    PropertyStatus st = object_delete(rt, holder, hk);
    if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    return value_from_bool(st == PROPERTY_OK);
  }
  if (has == VALUE_FALSE) {
    if (mode == LOOKUP_LOAD_TYPEOF) return VALUE_UNDEFINED;
    return interp_throw_named(rt, ERROR_ReferenceError, "%s is not defined", *name);
  }
  return js_get(rt, holder, name);
}

bool interp_lookup_store(Runtime *rt, Handle ctx0, Handle name, Handle value, bool strict) {
  HANDLE_SCOPE(rt);
  Handle ctx = handle_new(rt, *ctx0), holder = handle_new(rt, VALUE_UNDEFINED);
  bool failed;
  int32_t i = lookup_walk(rt, ctx, name, holder, &failed);
  if (failed) return false;
  if (i >= 0) {
    rd_value cur = FIXED_ARRAY(*ctx)->data[i];
    bool import = module_is_binding_ref(cur);   /* a module's import: read-only */
    if ((import ? module_binding_read(cur) : cur) == VALUE_EMPTY) {
      interp_throw_named(rt, ERROR_ReferenceError, "Cannot access '%s' before initialization", *name);
      return false;
    }
    rd_value t = scope_trailer(*ctx);
    int32_t flag = t ? value_to_int32(FIXED_ARRAY(t)->data[1 + i - CONTEXT_HEADER_SLOTS]) : 0;
    if ((flag & SCOPE_INFO_SELF) && !strict) return true;   /* a function expression's name: ignored */
    if (import || (flag & (SCOPE_INFO_CONST | SCOPE_INFO_SELF))) {
      interp_throw_named(rt, ERROR_TypeError, "Assignment to constant variable '%s'.", *name);
      return false;
    }
    HEAP_STORE(value_to_ptr(*ctx), FIXED_ARRAY(*ctx)->data[i], *value);
    return true;
  }
  if (i == -1 && strict) {
    rd_value has = js_has_property(rt, holder, name);
    if (!has) return false;
    if (has == VALUE_FALSE) {
      interp_throw_named(rt, ERROR_ReferenceError, "%s is not defined", *name);
      return false;
    }
  }
  return js_set(rt, holder, name, value, strict);
}

rd_value interp_script_record(Runtime *rt) {
  rd_value rec = interp_intrinsic(rt, INTRINSIC_script_context);
  if (value_is_js_object(rec) || !value_is_ptr(ROOT(rt, function_prototype))) return rec;
  HANDLE_SCOPE(rt);
  rd_value o = object_new(rt);
  if (!o) return VALUE_EMPTY;
  Handle ho = handle_new(rt, o);
  Handle null = handle_new(rt, VALUE_NULL);
  if (object_set_prototype(rt, ho, null) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  if (!object_normalize(rt, ho)) return VALUE_EMPTY;   /* bindings in cells, as globals */
  heap_object_map(value_to_ptr(*ho))->bit_field |= MAP_PROPERTY_CELLS;
  if (!interp_intrinsics_init(rt)) return VALUE_EMPTY;
  interp_set_intrinsic(rt, INTRINSIC_script_context, *ho);
  return *ho;
}

bool interp_declare_script_lexical(Runtime *rt, Handle name) {
  HANDLE_SCOPE(rt);
  rd_value r = interp_script_record(rt);
  if (!r) return false;
  if (!value_is_js_object(r)) return true;
  Handle rec = handle_new(rt, r);
  PropertyLookup l;
  bool taken = object_lookup_own(rt, *rec, *name, &l);
  if (!taken && object_lookup_own(rt, ROOT(rt, global_object), *name, &l))
    taken = !details_configurable(l.details);   /* e.g. let undefined, or a var of an earlier script */
  if (taken) {
    interp_throw_named(rt, ERROR_SyntaxError, "Identifier '%s' has already been declared", *name);
    return false;
  }
  rt->global_epoch++;   /* the binding may shadow a global property an IC caches */
  return object_define_own(rt, rec, name, rec, PROPERTY_ATTRS_DEFAULT) != PROPERTY_EXCEPTION;
}

bool interp_script_init(Runtime *rt, Handle name, Handle value, bool is_const) {
  HANDLE_SCOPE(rt);
  rd_value r = interp_script_record(rt);
  if (!r) return false;
  if (!value_is_js_object(r)) return true;
  Handle rec = handle_new(rt, r);
  uint32_t attrs = PROPERTY_ENUMERABLE | PROPERTY_CONFIGURABLE | (is_const ? 0 : PROPERTY_WRITABLE);
  return object_define_own(rt, rec, name, value, attrs) != PROPERTY_EXCEPTION;
}

/* EvalDeclarationInstantiation for one var (or function) name of sloppy
 * eval code: a lexical binding of that name between the eval and its var
 * scope, or in the var scope, is a SyntaxError (catch parameters excepted,
 * annex B); an existing var is reused; else the var is created in the var
 * scope's extension object (or on the global object). */
bool interp_declare_eval_var(Runtime *rt, Handle ctx0, Handle name) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *name);
  if (!k) return false;
  Handle key = handle_new(rt, k);
  Handle holder = handle_new(rt, ROOT(rt, global_object));
  bool global = true;
  for (rd_value c = *ctx0; is_context(c); c = FIXED_ARRAY(c)->data[CONTEXT_PREVIOUS]) {
    rd_value info = FIXED_ARRAY(c)->data[CONTEXT_SCOPE_INFO];
    if (!value_has_type(info, TYPE_FIXED_ARRAY)) continue;   /* with */
    rd_value t = scope_trailer(c);
    int32_t slot = context_slot_of(c, *key);
    int32_t flag = t && slot >= 0 ? value_to_int32(FIXED_ARRAY(t)->data[1 + slot - CONTEXT_HEADER_SLOTS]) : 0;
    bool var_scope = t && value_to_int32(FIXED_ARRAY(t)->data[0]) == SCOPE_INFO_VAR_SCOPE;
    if (slot >= 0) {
      if ((flag & SCOPE_INFO_LEXICAL) || (t && !var_scope && !(flag & SCOPE_INFO_CATCH_PARAM))) {
        interp_throw_named(rt, ERROR_SyntaxError, "Identifier '%s' has already been declared", *key);
        return false;
      }
      if (!(flag & SCOPE_INFO_CATCH_PARAM)) return true;   /* already a var or parameter */
    }
    if (var_scope) {
      Handle hc = handle_new(rt, c);
      if (!value_is_js_object(FIXED_ARRAY(c)->data[CONTEXT_EXTENSION])) {
        rd_value o = object_new(rt);
        if (!o) return false;
        HEAP_STORE(value_to_ptr(*hc), FIXED_ARRAY(*hc)->data[CONTEXT_EXTENSION], o);
      }
      *holder = FIXED_ARRAY(*hc)->data[CONTEXT_EXTENSION];
      global = false;
      break;
    }
  }
  PropertyLookup l;
  if (global) {   /* a script's let/const/class of that name */
    rd_value rec = interp_script_record(rt);
    if (!rec) return false;
    if (value_is_js_object(rec) && object_lookup_own(rt, rec, *key, &l)) {
      interp_throw_named(rt, ERROR_SyntaxError, "Identifier '%s' has already been declared", *key);
      return false;
    }
  }
  if (object_lookup_own(rt, *holder, *key, &l)) return true;
  Handle u = handle_new(rt, VALUE_UNDEFINED);
  return object_define_own(rt, holder, key, u, PROPERTY_WRITABLE | PROPERTY_ENUMERABLE | PROPERTY_CONFIGURABLE) !=
         PROPERTY_EXCEPTION;
}

rd_value interp_direct_eval(Runtime *rt, Handle source, Handle this_value, Handle ctx, uint32_t flags,
                            Handle caller) {
  HANDLE_SCOPE(rt);
  uint32_t ef = ((flags & 2) ? EVAL_IN_FUNCTION : 0) | ((flags & 4) ? EVAL_IN_METHOD : 0) |
                ((flags & 8) ? EVAL_IN_PARAMS : 0);
  rd_value fn = compiler_compile_eval(rt, source, flags & 1, true, ef, ctx);
  if (!fn) return VALUE_EMPTY;
  Handle hf = handle_new(rt, fn);
  if (value_has_type(*caller, TYPE_JS_FUNCTION)) {   /* eval code sees the caller's super */
    JSFunction *e = (JSFunction *)value_to_ptr(*hf);
    HEAP_STORE(e, e->home_object, ((JSFunction *)value_to_ptr(*caller))->home_object);
  }
  return interp_call(rt, hf, this_value, 0, NULL);
}

rd_value interp_with_context(Runtime *rt, Handle ctx, Handle obj) {
  rd_value c = factory_fixed_array_with_map(rt, ROOT_SLOT(rt, context_map), CONTEXT_HEADER_SLOTS,
                                            VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!c) return VALUE_EMPTY;
  FixedArray *a = FIXED_ARRAY(c);
  HEAP_STORE(a, a->data[CONTEXT_PREVIOUS], *ctx);
  a->data[CONTEXT_SCOPE_INFO] = VALUE_NULL;
  HEAP_STORE(a, a->data[CONTEXT_EXTENSION], *obj);
  return c;
}

/* --- for-in ------------------------------------------------------------------------------ */
/* The key as a string (indices are numbers in object_own_keys). */
static rd_value key_string(Runtime *rt, Handle k) {
  if (value_is_string(*k)) return *k;
  return js_to_string(rt, k);
}

rd_value interp_for_in_keys(Runtime *rt, Handle obj) {
  HANDLE_SCOPE(rt);
  Handle out = handle_new(rt, ROOT(rt, empty_fixed_array));
  Handle seen = handle_new(rt, ROOT(rt, empty_fixed_array));
  uint32_t out_n = 0, seen_n = 0;
  Handle o = handle_new(rt, *obj);
  Handle k = handle_new(rt, VALUE_UNDEFINED);
  Handle hck = handle_new(rt, VALUE_UNDEFINED), hv = handle_new(rt, VALUE_UNDEFINED);
  while (value_is_js_object(*o)) {
    rd_value keys = object_own_keys(rt, o, KEYS_ALL);
    if (!keys) return VALUE_EMPTY;
    Handle hkeys = handle_new(rt, keys);
    uint32_t n = fixed_array_length(*hkeys);
    for (uint32_t i = 0; i < n; i++) {
      *k = FIXED_ARRAY(*hkeys)->data[i];
      if (value_is_symbol(*k)) continue;
      rd_value s = key_string(rt, k);
      if (!s) return VALUE_EMPTY;
      *k = s;
      bool dup = false;
      for (uint32_t j = 0; j < seen_n && !dup; j++) dup = string_equals(FIXED_ARRAY(*seen)->data[j], *k);
      if (dup) continue;
      /* Remember it (a non-enumerable own key shadows enumerable ones further up). */
      if (seen_n == fixed_array_length(*seen)) {
        rd_value g = factory_copy_fixed_array(rt, seen, seen_n * 2 + 8, VALUE_UNDEFINED);
        if (!g) return VALUE_EMPTY;
        *seen = g;
      }
      HEAP_STORE(value_to_ptr(*seen), FIXED_ARRAY(*seen)->data[seen_n++], *k);
      rd_value ck = object_canonical_key(rt, *k);
      if (!ck) return VALUE_EMPTY;
      PropertyLookup l;
      *hck = ck;
      int found = object_get_own_property(rt, o, hck, &l, hv);   /* a proxy's trap may throw */
      if (found < 0) return VALUE_EMPTY;
      if (!found || !details_enumerable(l.details)) continue;
      if (out_n == fixed_array_length(*out)) {
        rd_value g = factory_copy_fixed_array(rt, out, out_n * 2 + 8, VALUE_UNDEFINED);
        if (!g) return VALUE_EMPTY;
        *out = g;
      }
      HEAP_STORE(value_to_ptr(*out), FIXED_ARRAY(*out)->data[out_n++], *k);
    }
    rd_value p = object_prototype_of(rt, o);
    if (!p) return VALUE_EMPTY;
    *o = p;
  }
  return factory_copy_fixed_array(rt, out, out_n, VALUE_UNDEFINED);
}

rd_value interp_for_in_next(Runtime *rt, Handle obj, Handle keys, Handle index) {
  HANDLE_SCOPE(rt);
  Handle k = handle_new(rt, VALUE_UNDEFINED);
  for (;;) {
    int32_t i = value_to_int32(*index);
    if ((uint32_t)i >= fixed_array_length(*keys)) return VALUE_UNDEFINED;
    *index = value_from_int32(i + 1);
    *k = FIXED_ARRAY(*keys)->data[i];
    rd_value has = js_has_property(rt, obj, k);   /* deleted during the loop: skipped */
    if (!has) return VALUE_EMPTY;
    if (has == VALUE_TRUE) return *k;
  }
}

/* --- arguments, arrays --------------------------------------------------------------------- */
rd_value interp_array_from(Runtime *rt, const rd_value *values, uint32_t n) {
  HANDLE_SCOPE(rt);
  rd_value a = array_new(rt, ELEMENTS_PACKED, 0);
  if (!a) return VALUE_EMPTY;
  Handle arr = handle_new(rt, a);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < n; i++) {
    *v = values[i];   /* values point into the VM stack, which never moves */
    if (element_set(rt, arr, i, v) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  }
  return *arr;
}


bool interp_array_push(Runtime *rt, Handle arr, Handle value) {
  uint32_t n = array_length(*arr);
  return element_set(rt, arr, n, value) != PROPERTY_EXCEPTION;
}

bool interp_array_push_hole(Runtime *rt, Handle arr) {
  return array_set_length(rt, arr, array_length(*arr) + 1) != PROPERTY_EXCEPTION;
}

/* --- object literal helpers ------------------------------------------------------------------ */
/* Copies source's own enumerable properties into target, skipping keys in
 * excluded[0..n). */
static bool copy_props(Runtime *rt, Handle target, Handle source, const rd_value *excluded, uint32_t n) {
  HANDLE_SCOPE(rt);
  if (value_is_nullish(*source)) return true;
  if (!value_is_js_object(*source)) {
    if (!value_is_string(*source)) return true;
    rd_value o = js_to_object(rt, source);
    if (!o) return false;
    source = handle_new(rt, o);
  }
  rd_value keys = object_own_keys(rt, source, KEYS_ALL);
  if (!keys) return false;
  Handle hkeys = handle_new(rt, keys);
  Handle k = handle_new(rt, VALUE_UNDEFINED), v = handle_new(rt, VALUE_UNDEFINED);
  uint32_t len = fixed_array_length(*hkeys);
  for (uint32_t i = 0; i < len; i++) {
    *k = FIXED_ARRAY(*hkeys)->data[i];
    bool skip = false;
    for (uint32_t j = 0; j < n && !skip; j++) {
      rd_value e = excluded[j];
      skip = js_strict_equals(e, *k);
      if (!skip && value_is_string(e) && value_is_number(*k)) {
        rd_value ek = object_canonical_key(rt, e);
        if (!ek) return false;
        skip = js_strict_equals(ek, *k);
      }
    }
    if (skip) continue;
    PropertyLookup l;
    int found = object_get_own_property(rt, source, k, &l, v);   /* a proxy's trap may throw */
    if (found < 0) return false;
    if (!found || !details_enumerable(l.details)) continue;
    rd_value val = js_get(rt, source, k);
    if (!val) return false;
    *v = val;
    if (object_define_own(rt, target, k, v, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return false;
  }
  return true;
}

bool interp_copy_data_properties(Runtime *rt, Handle target, Handle source) {
  return copy_props(rt, target, source, NULL, 0);
}

rd_value interp_copy_excluding(Runtime *rt, Handle source, const rd_value *keys, uint32_t n) {
  HANDLE_SCOPE(rt);
  rd_value o = object_new(rt);
  if (!o) return VALUE_EMPTY;
  Handle target = handle_new(rt, o);
  if (!copy_props(rt, target, source, keys, n)) return VALUE_EMPTY;
  return *target;
}

bool interp_set_function_name(Runtime *rt, Handle fn, Handle key, const char *prefix) {
  if (!value_is_js_object(*fn)) return true;
  HANDLE_SCOPE(rt);
  Handle nk = handle_new(rt, string_internalize_cstr(rt, "name"));
  if (!*nk) return false;
  PropertyLookup l;
  if (object_lookup_own(rt, *fn, *nk, &l)) {
    rd_value cur = details_kind(l.details) == PROPERTY_KIND_DATA ? object_lookup_value(*fn, &l) : VALUE_UNDEFINED;
    if (!value_is_string(cur) || string_length(cur) != 0) return true;
  }
  Handle name = handle_new(rt, *key);
  if (value_is_symbol(*name)) {
    rd_value d = ((Symbol *)value_to_ptr(*name))->description;
    if (d == VALUE_UNDEFINED) {
      *name = ROOT(rt, empty_string);
    } else {
      Handle hd = handle_new(rt, d), open = handle_new(rt, string_from_cstr(rt, "[")),
             close = handle_new(rt, string_from_cstr(rt, "]"));
      if (!*open || !*close || !(*name = string_concat(rt, open, hd))) return false;
      if (!(*name = string_concat(rt, name, close))) return false;
    }
  } else if (!(*name = js_to_string(rt, name))) {
    return false;
  }
  if (prefix) {
    char buf[8];
    snprintf(buf, sizeof buf, "%s ", prefix);
    Handle p = handle_new(rt, string_from_cstr(rt, buf));
    if (!*p || !(*name = string_concat(rt, p, name))) return false;
  }
  return object_define_own(rt, fn, nk, name, PROPERTY_CONFIGURABLE) != PROPERTY_EXCEPTION;
}

bool interp_define_accessor(Runtime *rt, Handle obj, Handle key, Handle fn, uint32_t flags) {
  HANDLE_SCOPE(rt);
  rd_value ck = object_canonical_key(rt, *key);
  if (!ck) return false;
  Handle hk = handle_new(rt, ck);
  /* the getter or setter is a new closure, named here: "get key" / "set key" */
  Handle name_fn = handle_new(rt, *fn);
  Handle empty = handle_new(rt, ROOT(rt, empty_string));
  Handle nk = handle_new(rt, string_internalize_cstr(rt, "name"));
  if (!*nk || object_define_own(rt, name_fn, nk, empty, PROPERTY_CONFIGURABLE) == PROPERTY_EXCEPTION ||
      !interp_set_function_name(rt, name_fn, hk, (flags & 1) ? "set" : "get"))
    return false;
  Handle getter = handle_new(rt, VALUE_UNDEFINED), setter = handle_new(rt, VALUE_UNDEFINED);
  PropertyLookup l;
  if (object_lookup_own(rt, *obj, *hk, &l) && details_kind(l.details) == PROPERTY_KIND_ACCESSOR) {
    rd_value pair = object_lookup_value(*obj, &l);
    if (value_has_type(pair, TYPE_ACCESSOR_PAIR)) {
      *getter = ((AccessorPair *)value_to_ptr(pair))->getter;
      *setter = ((AccessorPair *)value_to_ptr(pair))->setter;
    }
  }
  if (flags & 1) *setter = *fn;
  else *getter = *fn;
  uint32_t attrs = PROPERTY_CONFIGURABLE | ((flags & 2) ? PROPERTY_ENUMERABLE : 0);
  PropertyStatus st = object_define_accessor(rt, obj, hk, getter, setter, attrs);
  if (st == PROPERTY_REJECTED)   /* DefinePropertyOrThrow: a class's static "prototype" */
    interp_throw_named(rt, ERROR_TypeError, "Cannot redefine property: %s", value_is_string(*hk) ? *hk : VALUE_UNDEFINED);
  return st == PROPERTY_OK;
}

/* --- operators ------------------------------------------------------------------------------- */
rd_value interp_has_property(Runtime *rt, Handle key, Handle obj) {
  if (!value_is_js_object(*obj)) {
    HANDLE_SCOPE(rt);
    rd_value s = js_to_string(rt, key);
    return interp_throw_named(rt, ERROR_TypeError, "Cannot use 'in' operator to search for '%s' in a primitive",
                              s ? s : VALUE_UNDEFINED);
  }
  HANDLE_SCOPE(rt);
  rd_value k = js_to_property_key(rt, key);
  if (!k) return VALUE_EMPTY;
  Handle hk = handle_new(rt, k);
  return js_has_property(rt, obj, hk);
}

rd_value interp_instance_of(Runtime *rt, Handle value, Handle target) {
  HANDLE_SCOPE(rt);
  if (!value_is_js_object(*target)) return js_throw(rt, ERROR_TypeError, "Right-hand side of 'instanceof' is not an object");
  rd_value sym = ROOT(rt, symbol_has_instance);
  if (value_is_symbol(sym)) {
    Handle key = handle_new(rt, sym);
    rd_value h = js_get(rt, target, key);
    if (!h) return VALUE_EMPTY;
    if (!value_is_nullish(h)) {
      if (!value_is_callable(h)) return js_throw(rt, ERROR_TypeError, "Symbol.hasInstance is not callable");
      Handle hh = handle_new(rt, h);
      rd_value r = interp_call(rt, hh, target, 1, value);
      if (!r) return VALUE_EMPTY;
      return value_from_bool(js_to_boolean(r));
    }
  }
  if (!value_is_callable(*target)) return js_throw(rt, ERROR_TypeError, "Right-hand side of 'instanceof' is not callable");
  if (!value_is_js_object(*value)) return VALUE_FALSE;
  rd_value proto = js_get(rt, target, ROOT_SLOT(rt, prototype_string));
  if (!proto) return VALUE_EMPTY;
  if (!value_is_js_object(proto))
    return js_throw(rt, ERROR_TypeError, "Function has non-object prototype in instanceof check");
  Handle hproto = handle_new(rt, proto), o = handle_new(rt, *value);
  for (;;) {   /* [[GetPrototypeOf]] may be a proxy's trap */
    rd_value p = object_prototype_of(rt, o);
    if (!p) return VALUE_EMPTY;
    if (!value_is_js_object(p)) return VALUE_FALSE;
    if (p == *hproto) return VALUE_TRUE;
    *o = p;
  }
}

rd_value interp_to_object(Runtime *rt, Handle v) { return js_to_object(rt, v); }

/* --- literals ---------------------------------------------------------------------------------- */
rd_value interp_template_object(Runtime *rt, Handle site) {
  HANDLE_SCOPE(rt);
  uint32_t n = fixed_array_length(*site) / 2;
  rd_value c = array_new(rt, ELEMENTS_PACKED, 0);
  if (!c) return VALUE_EMPTY;
  Handle cooked = handle_new(rt, c);
  rd_value r = array_new(rt, ELEMENTS_PACKED, 0);
  if (!r) return VALUE_EMPTY;
  Handle raw = handle_new(rt, r);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < n; i++) {
    *v = FIXED_ARRAY(*site)->data[i];
    if (element_set(rt, cooked, i, v) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    *v = FIXED_ARRAY(*site)->data[n + i];
    if (element_set(rt, raw, i, v) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  }
  rd_value key = string_internalize_cstr(rt, "raw");
  if (!key) return VALUE_EMPTY;
  Handle hk = handle_new(rt, key);
  if (object_define_own(rt, cooked, hk, raw, 0) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  /* Frozen: elements read-only, no extensions. */
  for (int pass = 0; pass < 2; pass++) {
    Handle a = pass ? raw : cooked;
    for (uint32_t i = 0; i < n; i++) {
      *v = element_get(*a, i);
      if (element_define(rt, a, i, v, details_make(PROPERTY_ENUMERABLE, PROPERTY_KIND_DATA,
                                                   PROPERTY_LOCATION_FIELD, REP_TAGGED, 0)) == PROPERTY_EXCEPTION)
        return VALUE_EMPTY;
    }
    if (!object_prevent_extensions(rt, a)) return VALUE_EMPTY;
  }
  return *cooked;
}

rd_value interp_regexp_literal(Runtime *rt, Handle pattern, Handle flags) {
  HANDLE_SCOPE(rt);
  /* %RegExp% itself, whatever the global binding now holds (RegExpCreate). */
  Handle ctor = handle_new(rt, interp_intrinsic(rt, INTRINSIC_regexp));
  if (!value_is_callable(*ctor)) return js_throw(rt, ERROR_SyntaxError, "regexp not supported");
  rd_value args[2] = {*pattern, *flags};
  return interp_construct(rt, ctor, ctor, 2, args);
}

rd_value interp_closure_new(Runtime *rt, Handle sfi, Handle ctx) {
  HANDLE_SCOPE(rt);
  uint32_t flags = (uint32_t)value_to_int32(((SharedFunctionInfo *)value_to_ptr(*sfi))->flags);
  IntrinsicIndex mi = (flags & SFI_GENERATOR) ? ((flags & SFI_ASYNC) ? INTRINSIC_async_generator_function_map
                                                                    : INTRINSIC_generator_function_map)
                      : INTRINSIC_async_function_map;
  rd_value m = (flags & (SFI_GENERATOR | SFI_ASYNC)) ? interp_intrinsic(rt, mi) : VALUE_UNDEFINED;
  rd_value f;
  if (value_is_ptr(m)) {
    Handle hm = handle_new(rt, m);
    f = function_new_with_map(rt, sfi, ctx, hm);
  } else {
    f = function_new(rt, sfi, ctx);
  }
  if (!f) return VALUE_EMPTY;
  Handle fn = handle_new(rt, f);
  /* "length" then "name": read-only, configurable own properties. */
  Handle v = handle_new(rt, ((SharedFunctionInfo *)value_to_ptr(*sfi))->length);
  if (object_define_own(rt, fn, ROOT_SLOT(rt, length_string), v, PROPERTY_CONFIGURABLE) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  rd_value nk = string_internalize_cstr(rt, "name");
  if (!nk) return VALUE_EMPTY;
  Handle name_key = handle_new(rt, nk);
  *v = ((SharedFunctionInfo *)value_to_ptr(*sfi))->name;
  if (object_define_own(rt, fn, name_key, v, PROPERTY_CONFIGURABLE) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  if ((!(flags & SFI_NOT_CONSTRUCTOR) || (flags & SFI_GENERATOR)) && !(flags & SFI_CLASS_CONSTRUCTOR)) {
    rd_value p = object_new(rt);
    if (!p) return VALUE_EMPTY;
    Handle proto = handle_new(rt, p);
    if (flags & SFI_GENERATOR) {
      Handle gp = handle_new(rt, interp_intrinsic(rt, (flags & SFI_ASYNC) ? INTRINSIC_async_generator_prototype
                                                                         : INTRINSIC_generator_prototype));
      if (value_is_js_object(*gp) && object_set_prototype(rt, proto, gp) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    }
    if (!(flags & SFI_GENERATOR)) {
      rd_value ck = string_internalize_cstr(rt, "constructor");
      if (!ck) return VALUE_EMPTY;
      Handle key = handle_new(rt, ck);
      if (object_define_own(rt, proto, key, fn, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) == PROPERTY_EXCEPTION)
        return VALUE_EMPTY;
    }
    uint32_t attrs = (flags & SFI_CLASS_CONSTRUCTOR) ? 0 : PROPERTY_WRITABLE;
    if (object_define_own(rt, fn, ROOT_SLOT(rt, prototype_string), proto, attrs) == PROPERTY_EXCEPTION)
      return VALUE_EMPTY;
  }
  return *fn;
}

/* --- classes ------------------------------------------------------------------------------ */
rd_value interp_create_class(Runtime *rt, Handle ctor, Handle heritage) {
  HANDLE_SCOPE(rt);
  Handle proto_parent = handle_new(rt, ROOT(rt, object_prototype));
  Handle ctor_parent = handle_new(rt, ROOT(rt, function_prototype));
  if (*heritage != VALUE_EMPTY) {
    if (*heritage == VALUE_NULL) {
      *proto_parent = VALUE_NULL;
    } else {
      if (!value_is_callable(*heritage) ||
          ((uint32_t)value_to_int32(((SharedFunctionInfo *)value_to_ptr(
               ((JSFunction *)value_to_ptr(*heritage))->shared))->flags) & SFI_NOT_CONSTRUCTOR))
        return js_throw(rt, ERROR_TypeError, "Class extends value is not a constructor or null");
      rd_value pp = js_get(rt, heritage, ROOT_SLOT(rt, prototype_string));
      if (!pp) return VALUE_EMPTY;
      if (!value_is_js_object(pp) && pp != VALUE_NULL)
        return js_throw(rt, ERROR_TypeError, "Class extends value does not have valid prototype property");
      *proto_parent = pp;
      *ctor_parent = *heritage;
    }
  }
  rd_value p = object_new(rt);
  if (!p) return VALUE_EMPTY;
  Handle proto = handle_new(rt, p);
  if (object_set_prototype(rt, proto, proto_parent) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  if (object_set_prototype(rt, ctor, ctor_parent) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  if (object_define_own(rt, ctor, ROOT_SLOT(rt, prototype_string), proto, 0) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  rd_value ck = string_internalize_cstr(rt, "constructor");
  if (!ck) return VALUE_EMPTY;
  Handle key = handle_new(rt, ck);
  if (object_define_own(rt, proto, key, ctor, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  return *proto;
}

bool interp_initialize_fields(Runtime *rt, Handle obj, Handle list) {
  HANDLE_SCOPE(rt);
  if (!value_has_type(*list, TYPE_JS_ARRAY)) return true;
  uint32_t n = array_length(*list);
  Handle key = handle_new(rt, VALUE_UNDEFINED), fn = handle_new(rt, VALUE_UNDEFINED);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (int pass = 0; pass < 2; pass++) {   /* private methods first, then fields in order */
    for (uint32_t i = 0; i + 2 < n; i += 3) {
      int32_t kind = value_to_int32(element_get(*list, i + 2));
      if ((pass == 0) != (kind >= FIELD_KIND_PRIVATE_METHOD)) continue;
      *key = element_get(*list, i);
      *fn = element_get(*list, i + 1);
      if (pass == 0) {
        if (!interp_define_private(rt, obj, key, fn, (uint32_t)(kind - FIELD_KIND_PRIVATE_METHOD + 1))) return false;
        continue;
      }
      *v = VALUE_UNDEFINED;
      if (value_is_callable(*fn)) {
        rd_value r = interp_call(rt, fn, obj, 0, NULL);
        if (!r) return false;
        *v = r;
      }
      if (kind == FIELD_KIND_PRIVATE) {
        if (!interp_define_private(rt, obj, key, v, 0)) return false;
        continue;
      }
      PropertyStatus st = object_define_own(rt, obj, key, v, PROPERTY_ATTRS_DEFAULT);
      if (st == PROPERTY_EXCEPTION) return false;
      if (st == PROPERTY_REJECTED) {
        js_throw(rt, ERROR_TypeError, "Cannot define a class field");
        return false;
      }
    }
  }
  return true;
}

/* --- private names ------------------------------------------------------------------------ */
/* The private symbol's description ("#x") for messages. */
static rd_value private_description(rd_value key) {
  rd_value d = value_has_type(key, TYPE_SYMBOL) ? ((Symbol *)value_to_ptr(key))->description : VALUE_UNDEFINED;
  return value_is_string(d) ? d : VALUE_UNDEFINED;
}

static rd_value private_missing(Runtime *rt, Handle key, const char *what) {
  rd_value d = private_description(*key);
  if (value_is_string(d)) return interp_throw_named(rt, ERROR_TypeError, what, d);
  return js_throw(rt, ERROR_TypeError, "Cannot access a private member");
}

rd_value interp_get_private(Runtime *rt, Handle obj, Handle key) {
  PropertyLookup l;
  if (!value_is_js_object(*obj) || !object_lookup_own(rt, *obj, *key, &l))
    return private_missing(rt, key, "Cannot read private member %s from an object whose class did not declare it");
  rd_value v = object_lookup_value(*obj, &l);
  if (!value_has_type(v, TYPE_ACCESSOR_PAIR)) return v;
  rd_value getter = ((AccessorPair *)value_to_ptr(v))->getter;
  if (!value_is_callable(getter)) return private_missing(rt, key, "'%s' was defined without a getter");
  HANDLE_SCOPE(rt);
  Handle g = handle_new(rt, getter);
  return interp_call(rt, g, obj, 0, NULL);
}

bool interp_set_private(Runtime *rt, Handle obj, Handle key, Handle value) {
  PropertyLookup l;
  if (!value_is_js_object(*obj) || !object_lookup_own(rt, *obj, *key, &l)) {
    private_missing(rt, key, "Cannot write private member %s to an object whose class did not declare it");
    return false;
  }
  rd_value v = object_lookup_value(*obj, &l);
  HANDLE_SCOPE(rt);
  if (value_has_type(v, TYPE_ACCESSOR_PAIR)) {
    rd_value setter = ((AccessorPair *)value_to_ptr(v))->setter;
    if (!value_is_callable(setter)) {
      private_missing(rt, key, "'%s' was defined without a setter");
      return false;
    }
    Handle s = handle_new(rt, setter);
    return interp_call(rt, s, obj, 1, value) != VALUE_EMPTY;
  }
  if (!details_writable(l.details)) {
    private_missing(rt, key, "Private method %s is not writable");
    return false;
  }
  return object_define_own(rt, obj, key, value, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) != PROPERTY_EXCEPTION;
}

bool interp_define_private(Runtime *rt, Handle obj, Handle key, Handle value, uint32_t kind) {
  HANDLE_SCOPE(rt);
  PropertyLookup l;
  bool exists = value_is_js_object(*obj) && object_lookup_own(rt, *obj, *key, &l);
  if (kind >= 2) {   /* accessor halves merge */
    Handle getter = handle_new(rt, VALUE_UNDEFINED), setter = handle_new(rt, VALUE_UNDEFINED);
    if (exists) {
      rd_value v = object_lookup_value(*obj, &l);
      if (!value_has_type(v, TYPE_ACCESSOR_PAIR) ||
          (kind == 2 ? ((AccessorPair *)value_to_ptr(v))->getter : ((AccessorPair *)value_to_ptr(v))->setter) !=
              VALUE_UNDEFINED)
        goto twice;
      *getter = ((AccessorPair *)value_to_ptr(v))->getter;
      *setter = ((AccessorPair *)value_to_ptr(v))->setter;
    }
    *(kind == 2 ? getter : setter) = *value;
    return object_define_accessor(rt, obj, key, getter, setter, PROPERTY_CONFIGURABLE) != PROPERTY_EXCEPTION;
  }
  if (exists) goto twice;
  uint32_t attrs = PROPERTY_CONFIGURABLE | (kind == 0 ? PROPERTY_WRITABLE : 0);
  return object_define_own(rt, obj, key, value, attrs) != PROPERTY_EXCEPTION;
twice:
  private_missing(rt, key, "Cannot initialize %s twice on the same object");
  return false;
}

bool interp_super_set(Runtime *rt, Handle proto, Handle key, Handle value, Handle receiver) {
  HANDLE_SCOPE(rt);
  rd_value k = object_canonical_key(rt, *key);
  if (!k) return false;
  Handle hk = handle_new(rt, k);
  rd_value v = object_get(rt, proto, hk);
  if (!v) return false;
  if (value_has_type(v, TYPE_ACCESSOR_PAIR)) {
    rd_value setter = ((AccessorPair *)value_to_ptr(v))->setter;
    if (!value_is_callable(setter)) {
      js_throw(rt, ERROR_TypeError, "Cannot set a property that has only a getter");
      return false;
    }
    Handle s = handle_new(rt, setter);
    return interp_call(rt, s, receiver, 1, value) != VALUE_EMPTY;
  }
  if (!value_is_js_object(*receiver)) {
    js_throw(rt, ERROR_TypeError, "Cannot assign to a property of a primitive through super");
    return false;
  }
  /* a data property (or none) up the chain: the receiver gets an own data property */
  PropertyLookup l;
  if (object_lookup_own(rt, *receiver, *hk, &l)) {
    rd_value cur = object_lookup_value(*receiver, &l);
    if (value_has_type(cur, TYPE_ACCESSOR_PAIR) || !details_writable(l.details)) {
      js_throw(rt, ERROR_TypeError, "Cannot assign to read only property through super");
      return false;
    }
    return object_define_own(rt, receiver, hk, value, details_attrs(l.details)) != PROPERTY_EXCEPTION;
  }
  PropertyStatus st = object_define_own(rt, receiver, hk, value, PROPERTY_ATTRS_DEFAULT);
  if (st == PROPERTY_REJECTED) js_throw(rt, ERROR_TypeError, "Cannot add property through super");
  return st == PROPERTY_OK;
}

rd_value interp_super_get(Runtime *rt, Handle proto, Handle key, Handle receiver) {
  rd_value v = object_get(rt, proto, key);
  if (!v || !value_has_type(v, TYPE_ACCESSOR_PAIR)) return v;
  rd_value getter = ((AccessorPair *)value_to_ptr(v))->getter;
  if (getter == VALUE_UNDEFINED) return VALUE_UNDEFINED;
  HANDLE_SCOPE(rt);
  Handle g = handle_new(rt, getter);
  return interp_call(rt, g, receiver, 0, NULL);
}
