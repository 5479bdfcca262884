/*
 * module.c - Source Text Module Records (ECMA-262 16.2.1.6): creating a
 * record from source (parse + compile + environment), the module map,
 * loading a module graph through the host loader, ResolveExport,
 * GetExportedNames, Link() (InnerModuleLinking, InitializeEnvironment) and
 * Evaluate() (InnerModuleEvaluation with the async module algorithm:
 * [[AsyncEvaluation]] order, [[PendingAsyncDependencies]], async parents,
 * AsyncModuleExecutionFulfilled / Rejected, the top-level capability).
 *
 * Invariant: ResolveExport and GetExportedNames only read the records (no
 * JS-heap allocation), so they may keep raw values in C arrays; everything
 * else holds records in Handles. A module's [[EvaluationError]] is cached
 * in MR_ERROR and rethrown to every later evaluation that reaches it.
 */
#include "module/module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/flags.h"
#include "builtins/builtins.h"
#include "builtins/library.h"
#include "bytecode/generator.h"
#include "interp/interp_ops.h"
#include "interp/interpreter.h"
#include "objects/factory.h"
#include "objects/string.h"
#include "parser/parser.h"
#include "runtime/ops.h"

#define MAX_MODULE_DEPTH 2000   /* DFS depth of linking / evaluation (C recursion) */

static uint32_t async_order_counter;   /* [[AsyncEvaluation]] order: only comparisons matter */

static int32_t i32(rd_value v) { return value_to_int32(v); }
static void set_word(rd_value m, ModuleRecordWord w, rd_value v) {
  HEAP_STORE(value_to_ptr(m), FIXED_ARRAY(m)->data[w], v);
}
static ModuleStatus status_of(rd_value m) { return (ModuleStatus)i32(MR(m, STATUS)); }
static void set_status(rd_value m, ModuleStatus s) { MR(m, STATUS) = value_from_int32((int32_t)s); }
static bool is_record(rd_value v) { return value_has_type(v, TYPE_MODULE_RECORD); }

/* --- lists: FixedArray [count, items...] grown by doubling ------------------------------------- */
static rd_value list_new(Runtime *rt, uint32_t cap) {
  rd_value l = factory_fixed_array(rt, cap + 1, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (l) FIXED_ARRAY(l)->data[0] = value_from_int32(0);
  return l;
}
static uint32_t list_count(rd_value l) { return (uint32_t)i32(FIXED_ARRAY(l)->data[0]); }
static rd_value list_at(rd_value l, uint32_t i) { return FIXED_ARRAY(l)->data[1 + i]; }

/* Appends *item to the list in *list (replaced when it grows). */
static bool list_push(Runtime *rt, Handle list, Handle item) {
  uint32_t n = list_count(*list);
  if (n + 1 >= fixed_array_length(*list)) {
    rd_value g = list_new(rt, 2 * n + 4);
    if (!g) return false;
    for (uint32_t i = 0; i < n; i++) HEAP_STORE(value_to_ptr(g), FIXED_ARRAY(g)->data[1 + i], list_at(*list, i));
    FIXED_ARRAY(g)->data[0] = value_from_int32((int32_t)n);
    *list = g;
  }
  HEAP_STORE(value_to_ptr(*list), FIXED_ARRAY(*list)->data[1 + n], *item);
  FIXED_ARRAY(*list)->data[0] = value_from_int32((int32_t)n + 1);
  return true;
}

/* Appends *item to the list kept in word w of record *m. */
static bool record_list_push(Runtime *rt, Handle m, ModuleRecordWord w, Handle item) {
  HANDLE_SCOPE(rt);
  Handle l = handle_new(rt, FIXED_ARRAY(*m)->data[w]);
  if (!list_push(rt, l, item)) return false;
  set_word(*m, w, *l);
  return true;
}

/* --- the module map ------------------------------------------------------------------------------ */
static rd_value registry(Runtime *rt) {
  if (ROOT(rt, module_registry) == VALUE_EMPTY) {
    rd_value o = object_new(rt);
    if (!o) return VALUE_EMPTY;
    rt->roots[ROOT_module_registry] = o;
  }
  return ROOT(rt, module_registry);
}

/* The record registered under path (a string), or undefined. */
static rd_value registry_get(Runtime *rt, Handle path) {
  HANDLE_SCOPE(rt);
  rd_value r = registry(rt);
  if (!r) return VALUE_EMPTY;
  Handle hr = handle_new(rt, r);
  return object_get(rt, hr, path);
}

static bool registry_put(Runtime *rt, Handle path, Handle record) {
  HANDLE_SCOPE(rt);
  rd_value r = registry(rt);
  if (!r) return false;
  Handle hr = handle_new(rt, r);
  return object_define_own(rt, hr, path, record, PROPERTY_ATTRS_DEFAULT) == PROPERTY_OK;
}

/* --- creating a record ------------------------------------------------------------------------------ */
static rd_value record_new(Runtime *rt, Handle path) {
  rd_value m = factory_fixed_array_with_map(rt, ROOT_SLOT(rt, module_record_map), MR_COUNT, VALUE_UNDEFINED,
                                            ALLOC_OLD);
  if (!m) return VALUE_EMPTY;
  Handle hm = handle_new(rt, m);
  rd_value parents = list_new(rt, 2);
  if (!parents) return VALUE_EMPTY;
  m = *hm;
  set_word(m, MR_ASYNC_PARENTS, parents);
  set_word(m, MR_PATH, *path);
  set_status(m, MODULE_NEW);
  MR(m, DFS_INDEX) = MR(m, DFS_ANCESTOR) = value_from_int32(0);
  MR(m, ERROR) = VALUE_EMPTY;
  MR(m, HAS_TLA) = VALUE_FALSE;
  MR(m, ASYNC_ORDER) = value_from_int32(0);
  MR(m, PENDING_DEPS) = value_from_int32(0);
  MR(m, LOADED) = VALUE_FALSE;
  return m;
}

/* ParseModule: parses and compiles source, makes the record (with its
 * environment and function) and registers it under path. */
static rd_value module_create(Runtime *rt, const char *source, size_t len, Handle path) {
  HANDLE_SCOPE(rt);
  size_t plen = 0;
  char *cpath = string_to_utf8(*path, &plen);
  if (!cpath) return runtime_throw_oom(rt);
  ParseOptions o;
  memset(&o, 0, sizeof o);
  o.goal = PARSE_GOAL_MODULE;
  o.filename = cpath;
  ParseError err;
  Ast *ast = parser_parse(source, len, &o, &err);
  if (!ast) {
    rd_value r = err.kind == PARSE_ERROR_OOM
                     ? runtime_throw_oom(rt)
                     : js_throw(rt, ERROR_SyntaxError, "%s:%u:%u: %s", cpath, err.line, err.column, err.message);
    free(cpath);
    return r;
  }
  rd_value result = VALUE_EMPTY;
  Handle script = handle_new(rt, compiler_script_new(rt, ast, cpath));
  if (!*script) goto done;
  Handle m = handle_new(rt, record_new(rt, path));
  if (!*m) goto done;
  Handle sfi = handle_new(rt, compiler_compile_module(rt, ast, script, m));
  if (!*sfi) goto done;
  rd_value info = ((SharedFunctionInfo *)value_to_ptr(*sfi))->scope_info;
  uint32_t slots = value_has_type(info, TYPE_FIXED_ARRAY) ? fixed_array_length(info) : 0;
  Handle env = handle_new(rt, factory_fixed_array_with_map(rt, ROOT_SLOT(rt, context_map),
                                                           CONTEXT_HEADER_SLOTS + slots, VALUE_UNDEFINED, ALLOC_OLD));
  if (!*env) goto done;
  info = ((SharedFunctionInfo *)value_to_ptr(*sfi))->scope_info;
  HEAP_STORE(value_to_ptr(*env), FIXED_ARRAY(*env)->data[CONTEXT_SCOPE_INFO],
             value_has_type(info, TYPE_FIXED_ARRAY) ? info : ROOT(rt, empty_fixed_array));
  HEAP_STORE(value_to_ptr(*env), FIXED_ARRAY(*env)->data[CONTEXT_EXTENSION], *m);
  rd_value fn = function_new(rt, sfi, env);
  if (!fn) goto done;
  if (FLAG_print_bytecode) compiler_print_bytecode(fn, stdout);
  set_word(*m, MR_FUNCTION, fn);
  set_word(*m, MR_ENV, *env);
  set_status(*m, MODULE_UNLINKED);
  if (!registry_put(rt, path, m)) goto done;
  result = *m;
done:
  ast_free(ast);
  free(cpath);
  return result;
}

/* --- loading --------------------------------------------------------------------------------------- */
typedef char *(*Loader)(void *data, const char *referrer, const char *specifier, char **resolved, size_t *len);

/* A JSON module (a synthetic module whose one export, "default", is
 * JSON.parse(source)), registered under key. */
static rd_value json_module_create(Runtime *rt, const char *source, size_t len, Handle key) {
  HANDLE_SCOPE(rt);
  Handle text = handle_new(rt, string_from_utf8(rt, source, len));
  Handle name = handle_new(rt, string_internalize_cstr(rt, "JSON"));
  if (!*text || !*name) return VALUE_EMPTY;
  Handle json = handle_new(rt, js_get(rt, ROOT_SLOT(rt, global_object), name));
  if (!*json) return VALUE_EMPTY;
  *name = string_internalize_cstr(rt, "parse");
  if (!*name) return VALUE_EMPTY;
  Handle parse = handle_new(rt, js_get(rt, json, name));
  if (!*parse) return VALUE_EMPTY;
  if (!value_is_callable(*parse)) return js_throw(rt, ERROR_TypeError, "JSON.parse is not callable");
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  Handle value = handle_new(rt, interp_call(rt, parse, undef, 1, text));
  if (!*value) return VALUE_EMPTY;
  Handle m = handle_new(rt, record_new(rt, key));
  if (!*m) return VALUE_EMPTY;
  Handle info = handle_new(rt, factory_fixed_array(rt, 1, VALUE_UNDEFINED, ALLOC_OLD));
  Handle locals = handle_new(rt, factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_OLD));
  Handle env = handle_new(rt, factory_fixed_array_with_map(rt, ROOT_SLOT(rt, context_map), CONTEXT_HEADER_SLOTS + 1,
                                                           VALUE_UNDEFINED, ALLOC_OLD));
  *name = string_internalize_cstr(rt, "default");
  if (!*info || !*locals || !*env || !*name) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*info), FIXED_ARRAY(*info)->data[0], *name);
  HEAP_STORE(value_to_ptr(*locals), FIXED_ARRAY(*locals)->data[0], *name);
  FIXED_ARRAY(*locals)->data[1] = value_from_int32(CONTEXT_HEADER_SLOTS);
  HEAP_STORE(value_to_ptr(*env), FIXED_ARRAY(*env)->data[CONTEXT_SCOPE_INFO], *info);
  HEAP_STORE(value_to_ptr(*env), FIXED_ARRAY(*env)->data[CONTEXT_EXTENSION], *m);
  HEAP_STORE(value_to_ptr(*env), FIXED_ARRAY(*env)->data[CONTEXT_HEADER_SLOTS], *value);
  rd_value empty = ROOT(rt, empty_fixed_array);
  static const ModuleRecordWord empties[] = {MR_REQUESTS, MR_REQUEST_TYPES, MR_REQUESTED, MR_IMPORTS,
                                             MR_INDIRECT_EXPORTS, MR_STAR_EXPORTS};
  for (size_t i = 0; i < ARRAY_LEN(empties); i++) set_word(*m, empties[i], empty);
  set_word(*m, MR_LOCAL_EXPORTS, *locals);
  set_word(*m, MR_ENV, *env);
  MR(*m, LOADED) = VALUE_TRUE;
  set_status(*m, MODULE_UNLINKED);
  if (!registry_put(rt, key, m)) return VALUE_EMPTY;
  return *m;
}

/* Resolves request `spec` (a string; type: its `type` attribute or
 * undefined) of the module at referrer (a string path, or undefined) and
 * returns its record, loading it if new. The module map key of a JSON
 * module is "json:" + the resolved key. */
static rd_value load_request(Runtime *rt, Handle referrer, Handle spec, Handle type) {
  HANDLE_SCOPE(rt);
  Loader loader = rt->module_loader ? (Loader)rt->module_loader : module_file_loader;
  char *ref = value_is_string(*referrer) ? string_to_utf8(*referrer, NULL) : NULL;
  size_t splen = 0;
  char *sp = string_to_utf8(*spec, &splen);
  if (!sp || (value_is_string(*referrer) && !ref)) {
    free(ref);
    free(sp);
    return runtime_throw_oom(rt);
  }
  if (strlen(sp) != splen) {   /* a NUL inside: no loader sees a truncated name */
    free(ref);
    free(sp);
    return js_throw(rt, ERROR_TypeError, "Cannot resolve a module specifier containing NUL");
  }
  char *resolved = NULL, *source = NULL;
  size_t len = 0;
  (void)loader(rt->module_loader_data, ref, sp, &resolved, NULL);   /* resolve only */
  rd_value result = VALUE_EMPTY;
  if (!resolved) {
    js_throw(rt, ERROR_TypeError, "Cannot resolve module '%s'%s%s", sp, ref ? " imported from " : "", ref ? ref : "");
    goto done;
  }
  bool json = value_is_string(*type);
  Handle path = handle_new(rt, string_from_cstr(rt, resolved));
  if (!*path) goto done;
  if (json) {
    Handle prefix = handle_new(rt, string_from_cstr(rt, "json:"));
    if (!*prefix) goto done;
    *path = string_concat(rt, prefix, path);
    if (!*path) goto done;
  }
  Handle old = handle_new(rt, registry_get(rt, path));
  if (!*old) goto done;
  if (is_record(*old)) {
    result = *old;
    goto done;
  }
  char *again = NULL;
  source = loader(rt->module_loader_data, ref, sp, &again, &len);
  free(again);
  if (!source) {
    js_throw(rt, ERROR_TypeError, "Cannot find module '%s'%s%s", resolved, ref ? " imported from " : "", ref ? ref : "");
    goto done;
  }
  result = json ? json_module_create(rt, source, len, path) : module_create(rt, source, len, path);
done:
  free(source);
  free(resolved);
  free(ref);
  free(sp);
  return result;
}

/* Loads every module reachable from *root whose requests are not loaded
 * yet (a worklist, so no C recursion). */
static bool load_graph(Runtime *rt, Handle root) {
  HANDLE_SCOPE(rt);
  Handle work = handle_new(rt, list_new(rt, 8));
  if (!*work || !list_push(rt, work, root)) return false;
  Handle m = handle_new(rt, VALUE_UNDEFINED), req = handle_new(rt, VALUE_UNDEFINED);
  Handle spec = handle_new(rt, VALUE_UNDEFINED), path = handle_new(rt, VALUE_UNDEFINED);
  Handle dep = handle_new(rt, VALUE_UNDEFINED), type = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t w = 0; w < list_count(*work); w++) {
    *m = list_at(*work, w);
    if (MR(*m, LOADED) == VALUE_TRUE) continue;
    uint32_t n = fixed_array_length(MR(*m, REQUESTS));
    *req = factory_fixed_array(rt, n, VALUE_UNDEFINED, ALLOC_OLD);
    if (!*req) return false;
    for (uint32_t i = 0; i < n; i++) {
      *spec = FIXED_ARRAY(MR(*m, REQUESTS))->data[i];
      *type = FIXED_ARRAY(MR(*m, REQUEST_TYPES))->data[i];
      *path = MR(*m, PATH);
      *dep = load_request(rt, path, spec, type);
      if (!*dep) return false;
      HEAP_STORE(value_to_ptr(*req), FIXED_ARRAY(*req)->data[i], *dep);
      if (MR(*dep, LOADED) != VALUE_TRUE && !list_push(rt, work, dep)) return false;
    }
    set_word(*m, MR_REQUESTED, *req);
    MR(*m, LOADED) = VALUE_TRUE;
  }
  return true;
}

rd_value module_load_source(Runtime *rt, const char *source, size_t len, const char *path) {
  HANDLE_SCOPE(rt);
  Handle hp = handle_new(rt, string_from_cstr(rt, path));
  if (!*hp) return VALUE_EMPTY;
  Handle m = handle_new(rt, registry_get(rt, hp));
  if (!*m) return VALUE_EMPTY;
  if (!is_record(*m)) *m = module_create(rt, source, len, hp);
  if (!*m || !load_graph(rt, m)) return VALUE_EMPTY;
  return *m;
}

/* --- ResolveExport ------------------------------------------------------------------------------------ */
/* A resolution: module == 0 not found, module == 1 ambiguous; slot -1: the module's namespace. */
typedef struct Resolution {
  rd_value module;
  int32_t slot;
} Resolution;
#define RESOLVE_NULL ((rd_value)0)
#define RESOLVE_AMBIGUOUS ((rd_value)1)

typedef struct ResolveSet {
  rd_value *pairs;   /* (module, name) */
  uint32_t count, cap;
  bool oom;
} ResolveSet;

/* Never allocates on the JS heap. */
static Resolution resolve_export(rd_value module, rd_value name, ResolveSet *set, rd_value default_name,
                                 uint32_t depth) {
  Resolution none = {RESOLVE_NULL, 0};
  for (uint32_t i = 0; i < set->count; i++)
    if (set->pairs[2 * i] == module && set->pairs[2 * i + 1] == name) return none;   /* circular */
  if (depth > MAX_MODULE_DEPTH) return none;
  if (set->count == set->cap) {
    uint32_t cap = set->cap ? 2 * set->cap : 16;
    rd_value *p = realloc(set->pairs, 2 * cap * sizeof(rd_value));
    if (!p) {
      set->oom = true;
      return none;
    }
    set->pairs = p;
    set->cap = cap;
  }
  set->pairs[2 * set->count] = module;
  set->pairs[2 * set->count + 1] = name;
  set->count++;
  rd_value locals = MR(module, LOCAL_EXPORTS);
  for (uint32_t i = 0; i + 1 < fixed_array_length(locals); i += 2)
    if (FIXED_ARRAY(locals)->data[i] == name)
      return (Resolution){module, i32(FIXED_ARRAY(locals)->data[i + 1])};
  rd_value requested = MR(module, REQUESTED);
  if (!value_has_type(requested, TYPE_FIXED_ARRAY)) return none;
  rd_value ind = MR(module, INDIRECT_EXPORTS);
  for (uint32_t i = 0; i + 2 < fixed_array_length(ind); i += 3) {
    if (FIXED_ARRAY(ind)->data[i] != name) continue;
    rd_value imported = FIXED_ARRAY(requested)->data[i32(FIXED_ARRAY(ind)->data[i + 1])];
    rd_value import_name = FIXED_ARRAY(ind)->data[i + 2];
    if (!is_record(imported)) return none;
    if (import_name == VALUE_UNDEFINED) return (Resolution){imported, -1};
    return resolve_export(imported, import_name, set, default_name, depth + 1);
  }
  if (name == default_name) return none;
  Resolution star = none;
  rd_value stars = MR(module, STAR_EXPORTS);
  for (uint32_t i = 0; i < fixed_array_length(stars); i++) {
    rd_value imported = FIXED_ARRAY(requested)->data[i32(FIXED_ARRAY(stars)->data[i])];
    if (!is_record(imported)) continue;
    Resolution r = resolve_export(imported, name, set, default_name, depth + 1);
    if (r.module == RESOLVE_AMBIGUOUS) return r;
    if (r.module == RESOLVE_NULL) continue;
    if (star.module == RESOLVE_NULL) {
      star = r;
    } else if (star.module != r.module || star.slot != r.slot) {
      return (Resolution){RESOLVE_AMBIGUOUS, 0};
    }
  }
  return star;
}

static Resolution resolve(Runtime *rt, rd_value module, rd_value name, bool *oom) {
  ResolveSet set = {0};
  rd_value def = string_internalize_cstr(rt, "default");   /* in the string table: no allocation */
  Resolution r = def ? resolve_export(module, name, &set, def, 0) : (Resolution){RESOLVE_NULL, 0};
  *oom = set.oom || !def;
  free(set.pairs);
  return r;
}

/* A binding reference [holder, index] for resolution r. */
static rd_value binding_ref(Runtime *rt, Resolution r) {
  HANDLE_SCOPE(rt);
  Handle holder = handle_new(rt, VALUE_UNDEFINED);
  int32_t index = r.slot;
  if (r.slot < 0) {
    Handle target = handle_new(rt, r.module);
    rd_value ns = module_namespace(rt, target);
    if (!ns) return VALUE_EMPTY;
    Handle hns = handle_new(rt, ns);
    *holder = factory_fixed_array(rt, 1, VALUE_UNDEFINED, ALLOC_OLD);
    if (!*holder) return VALUE_EMPTY;
    HEAP_STORE(value_to_ptr(*holder), FIXED_ARRAY(*holder)->data[0], *hns);
    index = 0;
  } else {
    *holder = MR(r.module, ENV);
  }
  rd_value ref = factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_OLD);
  if (!ref) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(ref), FIXED_ARRAY(ref)->data[0], *holder);
  FIXED_ARRAY(ref)->data[1] = value_from_int32(index);
  return ref;
}

int module_resolve_export(Runtime *rt, Handle module, Handle name, Handle holder, int32_t *index) {
  bool oom;
  Resolution r = resolve(rt, *module, *name, &oom);
  if (oom) {
    runtime_throw_oom(rt);
    return 0;
  }
  if (r.module == RESOLVE_AMBIGUOUS) return -1;
  if (r.module == RESOLVE_NULL) return 0;
  rd_value ref = binding_ref(rt, r);
  if (!ref) return 0;
  *holder = FIXED_ARRAY(ref)->data[0];
  *index = i32(FIXED_ARRAY(ref)->data[1]);
  return 1;
}

/* --- GetExportedNames --------------------------------------------------------------------------------- */
typedef struct NameList {
  rd_value *items;
  uint32_t count, cap;
  bool oom;
} NameList;

static void names_add(NameList *l, rd_value v) {
  for (uint32_t i = 0; i < l->count; i++)
    if (l->items[i] == v) return;
  if (l->count == l->cap) {
    uint32_t cap = l->cap ? 2 * l->cap : 16;
    rd_value *p = realloc(l->items, cap * sizeof(rd_value));
    if (!p) {
      l->oom = true;
      return;
    }
    l->items = p;
    l->cap = cap;
  }
  l->items[l->count++] = v;
}

/* Never allocates on the JS heap. `visited` is exportStarSet. */
static void exported_names(rd_value module, NameList *out, NameList *visited, rd_value default_name,
                           uint32_t depth) {
  for (uint32_t i = 0; i < visited->count; i++)
    if (visited->items[i] == module) return;
  if (depth > MAX_MODULE_DEPTH) return;
  names_add(visited, module);
  rd_value locals = MR(module, LOCAL_EXPORTS), ind = MR(module, INDIRECT_EXPORTS);
  for (uint32_t i = 0; i + 1 < fixed_array_length(locals); i += 2) names_add(out, FIXED_ARRAY(locals)->data[i]);
  for (uint32_t i = 0; i + 2 < fixed_array_length(ind); i += 3) names_add(out, FIXED_ARRAY(ind)->data[i]);
  rd_value stars = MR(module, STAR_EXPORTS), requested = MR(module, REQUESTED);
  if (!value_has_type(requested, TYPE_FIXED_ARRAY)) return;
  for (uint32_t i = 0; i < fixed_array_length(stars); i++) {
    rd_value imported = FIXED_ARRAY(requested)->data[i32(FIXED_ARRAY(stars)->data[i])];
    if (!is_record(imported)) continue;
    NameList star = {0};
    exported_names(imported, &star, visited, default_name, depth + 1);
    for (uint32_t j = 0; j < star.count; j++)
      if (star.items[j] != default_name) names_add(out, star.items[j]);
    if (star.oom) out->oom = true;
    free(star.items);
  }
}

/* The sorted (name, holder, index) triples of module's namespace. */
static rd_value namespace_exports(Runtime *rt, Handle module) {
  HANDLE_SCOPE(rt);
  rd_value def = string_internalize_cstr(rt, "default");
  if (!def) return VALUE_EMPTY;
  Handle hdef = handle_new(rt, def);
  uint32_t count = 0;
  Handle table = NULL;
  for (int pass = 0; pass < 2; pass++) {   /* count, then fill (no allocation while raw) */
    NameList names = {0}, visited = {0};
    exported_names(*module, &names, &visited, *hdef, 0);
    bool oom = names.oom || visited.oom;
    uint32_t n = 0;
    for (uint32_t i = 0; i < names.count && !oom; i++) {
      ResolveSet set = {0};
      Resolution r = resolve_export(*module, names.items[i], &set, *hdef, 0);
      oom = set.oom;
      free(set.pairs);
      if (r.module == RESOLVE_NULL || r.module == RESOLVE_AMBIGUOUS) continue;
      if (pass == 1) {
        rd_value t = *table;
        HEAP_STORE(value_to_ptr(t), FIXED_ARRAY(t)->data[3 * n], names.items[i]);
        HEAP_STORE(value_to_ptr(t), FIXED_ARRAY(t)->data[3 * n + 1], r.module);
        FIXED_ARRAY(t)->data[3 * n + 2] = value_from_int32(r.slot);
      }
      n++;
    }
    free(names.items);
    free(visited.items);
    if (oom) return runtime_throw_oom(rt);
    if (pass == 0) {
      count = n;
      table = handle_new(rt, factory_fixed_array(rt, 3 * count, VALUE_UNDEFINED, ALLOC_OLD));
      if (!*table) return VALUE_EMPTY;
    }
  }
  /* Sort by name (code units): insertion sort, no allocation. */
  FixedArray *t = FIXED_ARRAY(*table);
  for (uint32_t i = 1; i < count; i++) {
    rd_value e0 = t->data[3 * i], e1 = t->data[3 * i + 1], e2 = t->data[3 * i + 2];
    uint32_t j = i;
    while (j > 0 && string_compare(t->data[3 * (j - 1)], e0) > 0) {
      t->data[3 * j] = t->data[3 * (j - 1)];
      t->data[3 * j + 1] = t->data[3 * (j - 1) + 1];
      t->data[3 * j + 2] = t->data[3 * (j - 1) + 2];
      j--;
    }
    t->data[3 * j] = e0;
    t->data[3 * j + 1] = e1;
    t->data[3 * j + 2] = e2;
  }
  /* Modules become holders: the environment, or a namespace box. */
  for (uint32_t i = 0; i < count; i++) {
    Resolution r = {FIXED_ARRAY(*table)->data[3 * i + 1], i32(FIXED_ARRAY(*table)->data[3 * i + 2])};
    rd_value ref = binding_ref(rt, r);
    if (!ref) return VALUE_EMPTY;
    HEAP_STORE(value_to_ptr(*table), FIXED_ARRAY(*table)->data[3 * i + 1], FIXED_ARRAY(ref)->data[0]);
    FIXED_ARRAY(*table)->data[3 * i + 2] = FIXED_ARRAY(ref)->data[1];
  }
  return *table;
}

rd_value module_namespace(Runtime *rt, Handle module) {
  if (value_is_js_object(MR(*module, NAMESPACE))) return MR(*module, NAMESPACE);
  HANDLE_SCOPE(rt);
  if (ROOT(rt, module_namespace_map) == VALUE_EMPTY) {
    rd_value map = factory_map(rt, TYPE_JS_MODULE_NAMESPACE, 8 * JS_MODULE_NAMESPACE_HEADER_WORDS, 0, NULL);
    if (!map) return VALUE_EMPTY;
    MAP(map)->bit_field = (MAP(map)->bit_field & ~(uint32_t)MAP_EXTENSIBLE) | MAP_EXOTIC;
    rt->roots[ROOT_module_namespace_map] = map;
  }
  Handle tag = handle_new(rt, string_internalize_cstr(rt, "Module"));
  if (!*tag) return VALUE_EMPTY;
  Handle ns = handle_new(rt, factory_js_object(rt, ROOT_SLOT(rt, module_namespace_map)));
  if (!*ns) return VALUE_EMPTY;
  JSModuleNamespace *o = (JSModuleNamespace *)value_to_ptr(*ns);
  HEAP_STORE(o, o->module, *module);
  HEAP_STORE(o, o->exports, ROOT(rt, empty_fixed_array));
  HEAP_STORE(o, o->tag, *tag);
  set_word(*module, MR_NAMESPACE, *ns);   /* before the exports: cycles of namespaces end here */
  rd_value exports = namespace_exports(rt, module);
  if (!exports) {
    set_word(*module, MR_NAMESPACE, VALUE_UNDEFINED);
    return VALUE_EMPTY;
  }
  o = (JSModuleNamespace *)value_to_ptr(*ns);
  HEAP_STORE(o, o->exports, exports);
  return *ns;
}

/* --- Link() ------------------------------------------------------------------------------------------- */
/* name (a string) as UTF-8 into buf. */
static void export_name_cstr(rd_value name, char *buf, size_t n) {
  size_t len = 0;
  char *s = value_is_string(name) ? string_to_utf8(name, &len) : NULL;
  snprintf(buf, n, "%s", s ? s : "?");
  free(s);
}

/* Throws the SyntaxError of an unresolvable import / export of name from module req. */
static bool resolution_error(Runtime *rt, rd_value name, rd_value req, rd_value importer, bool ambiguous) {
  char nb[128], rb[512], ib[512];
  export_name_cstr(name, nb, sizeof nb);
  export_name_cstr(is_record(req) ? MR(req, PATH) : VALUE_UNDEFINED, rb, sizeof rb);
  export_name_cstr(MR(importer, PATH), ib, sizeof ib);
  js_throw(rt, ERROR_SyntaxError, "%s export '%s' of module '%s' (imported by '%s')",
           ambiguous ? "Ambiguous" : "No", nb, rb, ib);
  return false;
}

/* InitializeEnvironment: checks indirect exports, binds imports, runs the
 * instantiation part of the module code (TDZ holes, hoisted functions). */
static bool initialize_environment(Runtime *rt, Handle m) {
  HANDLE_SCOPE(rt);
  rd_value ind = MR(*m, INDIRECT_EXPORTS);
  for (uint32_t i = 0; i + 2 < fixed_array_length(ind); i += 3) {
    ind = MR(*m, INDIRECT_EXPORTS);
    bool oom;
    Resolution r = resolve(rt, *m, FIXED_ARRAY(ind)->data[i], &oom);
    if (oom) return runtime_throw_oom(rt);
    if (r.module == RESOLVE_NULL || r.module == RESOLVE_AMBIGUOUS) {
      rd_value req = FIXED_ARRAY(MR(*m, REQUESTED))->data[i32(FIXED_ARRAY(ind)->data[i + 1])];
      return resolution_error(rt, FIXED_ARRAY(ind)->data[i + 2] == VALUE_UNDEFINED ? FIXED_ARRAY(ind)->data[i]
                                                                                   : FIXED_ARRAY(ind)->data[i + 2],
                              req, *m, r.module == RESOLVE_AMBIGUOUS);
    }
  }
  Handle target = handle_new(rt, VALUE_UNDEFINED);
  uint32_t nimp = fixed_array_length(MR(*m, IMPORTS)) / 3;
  for (uint32_t i = 0; i < nimp; i++) {
    rd_value *e = &FIXED_ARRAY(MR(*m, IMPORTS))->data[3 * i];
    *target = FIXED_ARRAY(MR(*m, REQUESTED))->data[i32(e[0])];
    int32_t slot = i32(e[2]);
    if (slot < 0 || !is_record(*target)) continue;
    Resolution r = {*target, -1};
    if (e[1] != VALUE_UNDEFINED) {
      bool oom;
      r = resolve(rt, *target, e[1], &oom);
      if (oom) return runtime_throw_oom(rt);
      e = &FIXED_ARRAY(MR(*m, IMPORTS))->data[3 * i];
      if (r.module == RESOLVE_NULL || r.module == RESOLVE_AMBIGUOUS)
        return resolution_error(rt, e[1], *target, *m, r.module == RESOLVE_AMBIGUOUS);
    }
    rd_value ref = binding_ref(rt, r);
    if (!ref) return false;
    rd_value env = MR(*m, ENV);
    HEAP_STORE(value_to_ptr(env), FIXED_ARRAY(env)->data[slot], ref);
  }
  Handle fn = handle_new(rt, MR(*m, FUNCTION));
  if (!value_is_callable(*fn)) return true;   /* a JSON module */
  Handle recv = handle_new(rt, VALUE_UNDEFINED);
  rd_value arg = VALUE_TRUE;
  return interp_call(rt, fn, recv, 1, &arg) != VALUE_EMPTY;
}

static int32_t inner_link(Runtime *rt, Handle m, Handle stack, int32_t index, uint32_t depth) {
  ModuleStatus st = status_of(*m);
  if (st == MODULE_LINKING || st == MODULE_LINKED || st == MODULE_EVALUATING_ASYNC || st == MODULE_EVALUATED)
    return index;
  if (depth > MAX_MODULE_DEPTH) {
    js_throw(rt, ERROR_RangeError, "Module graph too deep");
    return -1;
  }
  HANDLE_SCOPE(rt);
  set_status(*m, MODULE_LINKING);
  MR(*m, DFS_INDEX) = MR(*m, DFS_ANCESTOR) = value_from_int32(index);
  index++;
  if (!list_push(rt, stack, m)) return -1;
  Handle r = handle_new(rt, VALUE_UNDEFINED);
  uint32_t n = value_has_type(MR(*m, REQUESTED), TYPE_FIXED_ARRAY) ? fixed_array_length(MR(*m, REQUESTED)) : 0;
  for (uint32_t i = 0; i < n; i++) {
    *r = FIXED_ARRAY(MR(*m, REQUESTED))->data[i];
    if (!is_record(*r)) continue;
    index = inner_link(rt, r, stack, index, depth + 1);
    if (index < 0) return -1;
    if (status_of(*r) == MODULE_LINKING && i32(MR(*r, DFS_ANCESTOR)) < i32(MR(*m, DFS_ANCESTOR)))
      MR(*m, DFS_ANCESTOR) = MR(*r, DFS_ANCESTOR);
  }
  if (!initialize_environment(rt, m)) return -1;
  if (i32(MR(*m, DFS_ANCESTOR)) == i32(MR(*m, DFS_INDEX))) {
    for (;;) {
      uint32_t c = list_count(*stack);
      rd_value top = list_at(*stack, c - 1);
      FIXED_ARRAY(*stack)->data[0] = value_from_int32((int32_t)c - 1);
      set_status(top, MODULE_LINKED);
      if (top == *m) break;
    }
  }
  return index;
}

bool module_link(Runtime *rt, Handle module) {
  HANDLE_SCOPE(rt);
  Handle stack = handle_new(rt, list_new(rt, 8));
  if (!*stack) return false;
  if (inner_link(rt, module, stack, 0, 0) >= 0) return true;
  for (uint32_t i = 0; i < list_count(*stack); i++) {
    rd_value m = list_at(*stack, i);
    if (status_of(m) == MODULE_LINKING) set_status(m, MODULE_UNLINKED);
  }
  return false;
}

/* --- Evaluate() --------------------------------------------------------------------------------------- */
static void async_fulfilled(Runtime *rt, Handle m);
static void async_rejected(Runtime *rt, Handle m, Handle error);

static rd_value on_async_fulfilled(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle m = handle_new(rt, lib_native_data(a));
  async_fulfilled(rt, m);
  return VALUE_UNDEFINED;
}

static rd_value on_async_rejected(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle m = handle_new(rt, lib_native_data(a));
  Handle e = handle_new(rt, native_arg(a, 0));
  async_rejected(rt, m, e);
  return VALUE_UNDEFINED;
}

/* Runs the module body: sync modules to completion (false on a throw),
 * async ones until their first await, with reactions to the promise. */
static bool execute_module(Runtime *rt, Handle m) {
  HANDLE_SCOPE(rt);
  Handle fn = handle_new(rt, MR(*m, FUNCTION));
  if (!value_is_callable(*fn)) return true;   /* a JSON module: nothing to run */
  Handle recv = handle_new(rt, VALUE_UNDEFINED);
  rd_value arg = VALUE_FALSE;
  rd_value r = interp_call(rt, fn, recv, 1, &arg);
  if (!r) return false;
  if (MR(*m, HAS_TLA) != VALUE_TRUE) return true;
  Handle p = handle_new(rt, r);
  return promise_then_natives(rt, p, on_async_fulfilled, on_async_rejected, m);
}

/* ExecuteAsyncModule; a failure to set it up rejects the module. */
static void execute_async(Runtime *rt, Handle m) {
  if (execute_module(rt, m)) return;
  HANDLE_SCOPE(rt);
  Handle e = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  async_rejected(rt, m, e);
}

static void settle_capability(Runtime *rt, Handle m, Handle value, bool reject) {
  if (!value_is_js_object(MR(*m, CAPABILITY))) return;
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, MR(*m, CAPABILITY));
  if (!promise_settle_value(rt, p, value, reject)) rt->exception = VALUE_EMPTY;
}

/* GatherAvailableAncestors into list *exec. */
static bool gather_ancestors(Runtime *rt, Handle m, Handle exec, uint32_t depth) {
  HANDLE_SCOPE(rt);
  Handle parent = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < list_count(MR(*m, ASYNC_PARENTS)); i++) {
    *parent = list_at(MR(*m, ASYNC_PARENTS), i);
    bool seen = false;
    for (uint32_t j = 0; j < list_count(*exec); j++)
      if (list_at(*exec, j) == *parent) seen = true;
    rd_value root = MR(*parent, CYCLE_ROOT);
    if (seen || (is_record(root) && MR(root, ERROR) != VALUE_EMPTY)) continue;
    int32_t pending = i32(MR(*parent, PENDING_DEPS)) - 1;
    MR(*parent, PENDING_DEPS) = value_from_int32(pending);
    if (pending == 0) {
      if (!list_push(rt, exec, parent)) return false;
      if (MR(*parent, HAS_TLA) != VALUE_TRUE && depth < MAX_MODULE_DEPTH &&
          !gather_ancestors(rt, parent, exec, depth + 1))
        return false;
    }
  }
  return true;
}

static void async_fulfilled(Runtime *rt, Handle m) {
  if (status_of(*m) == MODULE_EVALUATED) return;
  HANDLE_SCOPE(rt);
  MR(*m, ASYNC_ORDER) = value_from_int32(0);
  set_status(*m, MODULE_EVALUATED);
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  settle_capability(rt, m, undef, false);
  Handle exec = handle_new(rt, list_new(rt, 4));
  if (!*exec || !gather_ancestors(rt, m, exec, 0)) {
    rt->exception = VALUE_EMPTY;
    return;
  }
  /* sort by [[AsyncEvaluation]] order (insertion sort; no allocation) */
  uint32_t n = list_count(*exec);
  FixedArray *l = FIXED_ARRAY(*exec);
  for (uint32_t i = 1; i < n; i++) {
    rd_value x = l->data[1 + i];
    uint32_t j = i;
    while (j > 0 && i32(MR(l->data[j], ASYNC_ORDER)) > i32(MR(x, ASYNC_ORDER))) {
      l->data[1 + j] = l->data[j];
      j--;
    }
    l->data[1 + j] = x;
  }
  Handle p = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < n; i++) {
    *p = list_at(*exec, i);
    if (status_of(*p) == MODULE_EVALUATED) continue;
    if (MR(*p, HAS_TLA) == VALUE_TRUE) {
      execute_async(rt, p);
    } else if (!execute_module(rt, p)) {
      Handle e = handle_new(rt, rt->exception);
      rt->exception = VALUE_EMPTY;
      async_rejected(rt, p, e);
    } else {
      MR(*p, ASYNC_ORDER) = value_from_int32(0);
      set_status(*p, MODULE_EVALUATED);
      settle_capability(rt, p, undef, false);
    }
  }
}

static void async_rejected_depth(Runtime *rt, Handle m, Handle error, uint32_t depth) {
  if (status_of(*m) == MODULE_EVALUATED || depth > MAX_MODULE_DEPTH) return;
  HANDLE_SCOPE(rt);
  set_word(*m, MR_ERROR, *error);
  set_status(*m, MODULE_EVALUATED);
  MR(*m, ASYNC_ORDER) = value_from_int32(0);
  settle_capability(rt, m, error, true);   /* before the parents: leaf-to-root order */
  Handle parent = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < list_count(MR(*m, ASYNC_PARENTS)); i++) {
    *parent = list_at(MR(*m, ASYNC_PARENTS), i);
    async_rejected_depth(rt, parent, error, depth + 1);
  }
}

static void async_rejected(Runtime *rt, Handle m, Handle error) { async_rejected_depth(rt, m, error, 0); }

/* Rethrows a cached [[EvaluationError]]; -1. */
static int32_t rethrow(Runtime *rt, rd_value m) {
  rt->exception = MR(m, ERROR);
  return -1;
}

static int32_t inner_evaluate(Runtime *rt, Handle m, Handle stack, int32_t index, uint32_t depth) {
  ModuleStatus st = status_of(*m);
  if (st == MODULE_EVALUATING_ASYNC || st == MODULE_EVALUATED)
    return MR(*m, ERROR) != VALUE_EMPTY ? rethrow(rt, *m) : index;
  if (st == MODULE_EVALUATING) return index;
  if (st != MODULE_LINKED) {
    js_throw(rt, ERROR_TypeError, "module is not linked");
    return -1;
  }
  if (depth > MAX_MODULE_DEPTH) {
    js_throw(rt, ERROR_RangeError, "Module graph too deep");
    return -1;
  }
  HANDLE_SCOPE(rt);
  set_status(*m, MODULE_EVALUATING);
  MR(*m, DFS_INDEX) = MR(*m, DFS_ANCESTOR) = value_from_int32(index);
  MR(*m, PENDING_DEPS) = value_from_int32(0);
  index++;
  if (!list_push(rt, stack, m)) return -1;
  Handle r = handle_new(rt, VALUE_UNDEFINED);
  uint32_t n = fixed_array_length(MR(*m, REQUESTED));
  for (uint32_t i = 0; i < n; i++) {
    *r = FIXED_ARRAY(MR(*m, REQUESTED))->data[i];
    index = inner_evaluate(rt, r, stack, index, depth + 1);
    if (index < 0) return -1;
    if (status_of(*r) == MODULE_EVALUATING) {
      if (i32(MR(*r, DFS_ANCESTOR)) < i32(MR(*m, DFS_ANCESTOR))) MR(*m, DFS_ANCESTOR) = MR(*r, DFS_ANCESTOR);
    } else {
      if (is_record(MR(*r, CYCLE_ROOT))) *r = MR(*r, CYCLE_ROOT);
      if (MR(*r, ERROR) != VALUE_EMPTY) return rethrow(rt, *r);
    }
    if (i32(MR(*r, ASYNC_ORDER)) != 0) {
      MR(*m, PENDING_DEPS) = value_from_int32(i32(MR(*m, PENDING_DEPS)) + 1);
      if (!record_list_push(rt, r, MR_ASYNC_PARENTS, m)) return -1;
    }
  }
  if (i32(MR(*m, PENDING_DEPS)) > 0 || MR(*m, HAS_TLA) == VALUE_TRUE) {
    MR(*m, ASYNC_ORDER) = value_from_int32((int32_t)(++async_order_counter & 0x3fffffff) | 1);
    if (i32(MR(*m, PENDING_DEPS)) == 0) execute_async(rt, m);
  } else if (!execute_module(rt, m)) {
    return -1;
  }
  if (i32(MR(*m, DFS_ANCESTOR)) == i32(MR(*m, DFS_INDEX))) {
    for (;;) {
      uint32_t c = list_count(*stack);
      rd_value top = list_at(*stack, c - 1);
      FIXED_ARRAY(*stack)->data[0] = value_from_int32((int32_t)c - 1);
      set_status(top, i32(MR(top, ASYNC_ORDER)) != 0 ? MODULE_EVALUATING_ASYNC : MODULE_EVALUATED);
      set_word(top, MR_CYCLE_ROOT, *m);
      if (top == *m) break;
    }
  }
  return index;
}

rd_value module_evaluate(Runtime *rt, Handle module) {
  HANDLE_SCOPE(rt);
  Handle m = handle_new(rt, *module);
  ModuleStatus st = status_of(*m);
  if ((st == MODULE_EVALUATING_ASYNC || st == MODULE_EVALUATED) && is_record(MR(*m, CYCLE_ROOT)))
    *m = MR(*m, CYCLE_ROOT);
  if (value_is_js_object(MR(*m, CAPABILITY))) return MR(*m, CAPABILITY);
  Handle stack = handle_new(rt, list_new(rt, 8));
  if (!*stack) return VALUE_EMPTY;
  Handle promise = handle_new(rt, promise_new_pending(rt));
  if (!*promise) return VALUE_EMPTY;
  set_word(*m, MR_CAPABILITY, *promise);
  if (inner_evaluate(rt, m, stack, 0, 0) < 0) {
    Handle e = handle_new(rt, rt->exception);
    rt->exception = VALUE_EMPTY;
    for (uint32_t i = 0; i < list_count(*stack); i++) {
      rd_value s = list_at(*stack, i);
      set_status(s, MODULE_EVALUATED);
      set_word(s, MR_ERROR, *e);
    }
    if (!promise_settle_value(rt, promise, e, true)) return VALUE_EMPTY;
  } else if (i32(MR(*m, ASYNC_ORDER)) == 0) {
    Handle undef = handle_new(rt, VALUE_UNDEFINED);
    if (!promise_settle_value(rt, promise, undef, false)) return VALUE_EMPTY;
  }
  return *promise;
}

/* --- running a module file ----------------------------------------------------------------------------- */
/* Records the outcome of a promise in the data FixedArray [state, value]. */
static rd_value outcome_fulfilled(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value d = lib_native_data(a);
  FIXED_ARRAY(d)->data[0] = value_from_int32(1);
  return VALUE_UNDEFINED;
}
static rd_value outcome_rejected(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value d = lib_native_data(a);
  FIXED_ARRAY(d)->data[0] = value_from_int32(2);
  HEAP_STORE(value_to_ptr(d), FIXED_ARRAY(d)->data[1], native_arg(a, 0));
  return VALUE_UNDEFINED;
}

rd_value module_run(Runtime *rt, const char *source, size_t len, const char *filename) {
  HANDLE_SCOPE(rt);
  char *abs = realpath(filename, NULL);
  Handle m = handle_new(rt, module_load_source(rt, source, len, abs ? abs : filename));
  free(abs);
  if (!*m) return VALUE_EMPTY;
  if (!module_link(rt, m)) return VALUE_EMPTY;
  Handle p = handle_new(rt, module_evaluate(rt, m));
  if (!*p) return VALUE_EMPTY;
  Handle out = handle_new(rt, factory_fixed_array(rt, 2, VALUE_UNDEFINED, ALLOC_OLD));
  if (!*out) return VALUE_EMPTY;
  FIXED_ARRAY(*out)->data[0] = value_from_int32(0);
  if (!promise_then_natives(rt, p, outcome_fulfilled, outcome_rejected, out)) return VALUE_EMPTY;
  (void)interp_run_jobs(rt);
  if (FIXED_ARRAY(*out)->data[0] == value_from_int32(2)) {
    rt->exception = FIXED_ARRAY(*out)->data[1];
    return VALUE_EMPTY;
  }
  return VALUE_UNDEFINED;
}

/* --- import.meta and import() ------------------------------------------------------------------------- */
/* The record whose environment is on the context chain from ctx, or undefined. */
static rd_value module_of_context(rd_value ctx) {
  for (rd_value c = ctx; value_has_type(c, TYPE_CONTEXT); c = FIXED_ARRAY(c)->data[CONTEXT_PREVIOUS])
    if (is_record(FIXED_ARRAY(c)->data[CONTEXT_EXTENSION])) return FIXED_ARRAY(c)->data[CONTEXT_EXTENSION];
  return VALUE_UNDEFINED;
}

rd_value module_import_meta(Runtime *rt, Handle ctx) {
  HANDLE_SCOPE(rt);
  Handle m = handle_new(rt, module_of_context(*ctx));
  if (!is_record(*m)) return js_throw(rt, ERROR_SyntaxError, "import.meta outside a module");
  if (value_is_js_object(MR(*m, META))) return MR(*m, META);
  Handle meta = handle_new(rt, object_new(rt));
  if (!*meta) return VALUE_EMPTY;
  Handle null = handle_new(rt, VALUE_NULL);
  if (object_set_prototype(rt, meta, null) != PROPERTY_OK) return VALUE_EMPTY;
  Handle scheme = handle_new(rt, string_from_cstr(rt, "file://"));
  if (!*scheme) return VALUE_EMPTY;
  Handle path = handle_new(rt, MR(*m, PATH));
  Handle url = handle_new(rt, string_concat(rt, scheme, path));
  Handle key = handle_new(rt, string_internalize_cstr(rt, "url"));
  if (!*url || !*key) return VALUE_EMPTY;
  if (object_define_own(rt, meta, key, url, PROPERTY_ATTRS_DEFAULT) != PROPERTY_OK) return VALUE_EMPTY;
  set_word(*m, MR_META, *meta);
  return *meta;
}

/* The referrer of import() from fn in ctx: the module's path, else the
 * script's name when it is a file, else undefined (the working directory). */
static rd_value referrer_of(rd_value fn, rd_value ctx) {
  rd_value m = module_of_context(ctx);
  if (is_record(m)) return MR(m, PATH);
  if (!value_has_type(fn, TYPE_JS_FUNCTION)) return VALUE_UNDEFINED;
  rd_value sfi = ((JSFunction *)value_to_ptr(fn))->shared;
  rd_value script = ((SharedFunctionInfo *)value_to_ptr(sfi))->script;
  if (!value_has_type(script, TYPE_SCRIPT)) return VALUE_UNDEFINED;
  rd_value name = ((Script *)value_to_ptr(script))->name;
  if (!value_is_string(name) || string_length(name) == 0 || string_char_at(name, 0) == '<') return VALUE_UNDEFINED;
  return name;
}

/* The referrer of import() in the frame whose function slot is fn_slot:
 * eval code ("<eval>" scripts) imports relative to the code that called it. */
static rd_value frame_referrer(Runtime *rt, rd_value *fn_slot, rd_value ctx) {
  rd_value *fp = fn_slot - FRAME_FUNCTION;
  for (int hops = 0; hops < 1000; hops++) {
    rd_value r = referrer_of(fp[FRAME_FUNCTION], hops ? fp[FRAME_CONTEXT] : ctx);
    if (r != VALUE_UNDEFINED) return r;
    int32_t caller = value_to_int32(fp[FRAME_CALLER_FP]);
    if (caller < 0 || rt->stack + caller >= fp) break;
    fp = rt->stack + caller;
  }
  return VALUE_UNDEFINED;
}

/* Rejects promise with the pending exception. */
static rd_value reject_pending(Runtime *rt, Handle promise) {
  HANDLE_SCOPE(rt);
  Handle e = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  if (!promise_settle_value(rt, promise, e, true)) return VALUE_EMPTY;
  return *promise;
}

enum { DI_PROMISE, DI_REFERRER, DI_SPECIFIER, DI_TYPE, DI_MODULE, DI_SIZE };

static rd_value import_evaluated(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, lib_native_data(a));
  Handle promise = handle_new(rt, FIXED_ARRAY(*d)->data[DI_PROMISE]);
  Handle m = handle_new(rt, FIXED_ARRAY(*d)->data[DI_MODULE]);
  Handle ns = handle_new(rt, module_namespace(rt, m));
  if (!*ns) return reject_pending(rt, promise) ? VALUE_UNDEFINED : VALUE_EMPTY;
  return promise_settle_value(rt, promise, ns, false) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

static rd_value import_failed(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle promise = handle_new(rt, FIXED_ARRAY(lib_native_data(a))->data[DI_PROMISE]);
  Handle e = handle_new(rt, native_arg(a, 0));
  return promise_settle_value(rt, promise, e, true) ? VALUE_UNDEFINED : VALUE_EMPTY;
}

/* The job part of import(): load, link, evaluate, then settle the promise. */
static rd_value import_job(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle d = handle_new(rt, lib_native_data(a));
  Handle promise = handle_new(rt, FIXED_ARRAY(*d)->data[DI_PROMISE]);
  Handle referrer = handle_new(rt, FIXED_ARRAY(*d)->data[DI_REFERRER]);
  Handle spec = handle_new(rt, FIXED_ARRAY(*d)->data[DI_SPECIFIER]);
  Handle type = handle_new(rt, FIXED_ARRAY(*d)->data[DI_TYPE]);
  Handle m = handle_new(rt, load_request(rt, referrer, spec, type));
  if (!*m || !load_graph(rt, m) || !module_link(rt, m)) return reject_pending(rt, promise) ? VALUE_UNDEFINED : VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*d), FIXED_ARRAY(*d)->data[DI_MODULE], *m);
  Handle p = handle_new(rt, module_evaluate(rt, m));
  if (!*p || !promise_then_natives(rt, p, import_evaluated, import_failed, d))
    return reject_pending(rt, promise) ? VALUE_UNDEFINED : VALUE_EMPTY;
  return VALUE_UNDEFINED;
}

/* Validates import()'s options (the `with` attributes); *type receives the
 * `type` attribute ("json", the only one supported). */
static bool check_import_options(Runtime *rt, Handle options, Handle type) {
  if (*options == VALUE_UNDEFINED) return true;
  if (!value_is_js_object(*options)) {
    js_throw(rt, ERROR_TypeError, "The second argument of import() must be an object");
    return false;
  }
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, string_internalize_cstr(rt, "with"));
  if (!*key) return false;
  Handle with = handle_new(rt, js_get(rt, options, key));
  if (!*with) return false;
  if (*with == VALUE_UNDEFINED) return true;
  if (!value_is_js_object(*with)) {
    js_throw(rt, ERROR_TypeError, "The 'with' option of import() must be an object");
    return false;
  }
  Handle keys = handle_new(rt, object_own_keys(rt, with, KEYS_ENUMERABLE_STRINGS));
  if (!*keys) return false;
  uint32_t n = fixed_array_length(*keys);
  bool unsupported = false;
  for (uint32_t i = 0; i < n; i++) {
    *key = FIXED_ARRAY(*keys)->data[i];
    rd_value v = js_get(rt, with, key);
    if (!v) return false;
    if (!value_is_string(v)) {
      js_throw(rt, ERROR_TypeError, "Import attribute values must be strings");
      return false;
    }
    if (value_is_string(*key) && string_equals_cstr(*key, "type") && string_equals_cstr(v, "json")) *type = v;
    else unsupported = true;
  }
  if (unsupported) {
    js_throw(rt, ERROR_SyntaxError, "unsupported import attribute (only type: \"json\" is)");
    return false;
  }
  return true;
}

rd_value module_dynamic_import(Runtime *rt, Handle fn, Handle ctx, Handle specifier, Handle options) {
  HANDLE_SCOPE(rt);
  Handle promise = handle_new(rt, promise_new_pending(rt));
  if (!*promise) return VALUE_EMPTY;
  Handle referrer = handle_new(rt, frame_referrer(rt, fn, *ctx));
  Handle spec = handle_new(rt, js_to_string(rt, specifier));
  Handle type = handle_new(rt, VALUE_UNDEFINED);
  if (!*spec || !check_import_options(rt, options, type)) return reject_pending(rt, promise);
  Handle d = handle_new(rt, factory_fixed_array(rt, DI_SIZE, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*d) return VALUE_EMPTY;
  HEAP_STORE(value_to_ptr(*d), FIXED_ARRAY(*d)->data[DI_PROMISE], *promise);
  HEAP_STORE(value_to_ptr(*d), FIXED_ARRAY(*d)->data[DI_REFERRER], *referrer);
  HEAP_STORE(value_to_ptr(*d), FIXED_ARRAY(*d)->data[DI_SPECIFIER], *spec);
  HEAP_STORE(value_to_ptr(*d), FIXED_ARRAY(*d)->data[DI_TYPE], *type);
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  /* The loading runs in a job, after the code calling import() (as hosts do). */
  if (!promise_then_natives(rt, undef, import_job, import_failed, d)) return VALUE_EMPTY;
  return *promise;
}
