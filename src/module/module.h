/*
 * module.h - ECMAScript modules (ECMA-262 16.2): Source Text Module Records,
 * the module map, loading, Link() and Evaluate() (with top-level await),
 * namespace objects, import.meta and dynamic import().
 *
 * A ModuleRecord is a heap object (TYPE_MODULE_RECORD, FixedArray-shaped:
 * words MR_* below). Its environment is a Context made when the module is
 * compiled, [previous, scope_info, extension = the record, slots...]: every
 * top-level binding of the module is a slot of it. An import binding's slot
 * holds a *binding reference* made at link time, a FixedArray [holder,
 * index]: the binding's value is holder.data[index] (holder: the exporting
 * module's Context, or a one-element FixedArray holding a namespace object),
 * so reads are live and see the exporter's TDZ hole.
 *
 * The module function (bytecode/generator_module.c) takes one argument:
 * true instantiates the environment (TDZ holes, hoisted functions) and
 * returns; false runs the module body (an async function for modules with
 * top-level await, returning a promise).
 *
 * Invariant: a record is in the realm's module map (ROOT module_registry,
 * keyed by its resolved path) from the moment it is created, so each file
 * is loaded once per realm; its status only moves forward.
 */
#ifndef RONDO_MODULE_MODULE_H
#define RONDO_MODULE_MODULE_H

#include "objects/object.h"

/* Words of a ModuleRecord: X(name, what). */
#define MODULE_RECORD_LIST(X)                                                   \
  X(STATUS, "int32 ModuleStatus")                                               \
  X(PATH, "string: the resolved path (module map key)")                         \
  X(FUNCTION, "JSFunction: the module code, closing over ENV")                   \
  X(ENV, "Context: the module environment (extension = this record)")           \
  X(REQUESTS, "FixedArray of specifier strings")                                 \
  X(REQUEST_TYPES, "FixedArray: each request's `type` attribute (\"json\") or undefined") \
  X(REQUESTED, "FixedArray: the loaded record of each request")                  \
  X(IMPORTS, "FixedArray of (request, import name or undefined = *, slot)")      \
  X(LOCAL_EXPORTS, "FixedArray of (export name, slot)")                          \
  X(INDIRECT_EXPORTS, "FixedArray of (export name, request, import name or undefined = *)") \
  X(STAR_EXPORTS, "FixedArray of request indices (int32)")                       \
  X(NAMESPACE, "the namespace object, or undefined")                            \
  X(META, "the import.meta object, or undefined")                               \
  X(DFS_INDEX, "int32")                                                          \
  X(DFS_ANCESTOR, "int32")                                                       \
  X(ERROR, "[[EvaluationError]], or the hole")                                   \
  X(HAS_TLA, "boolean: [[HasTLA]]")                                              \
  X(CYCLE_ROOT, "record or undefined")                                           \
  X(ASYNC_ORDER, "int32: [[AsyncEvaluation]] order, 0 = false")                 \
  X(ASYNC_PARENTS, "FixedArray list [count, records...]")                        \
  X(PENDING_DEPS, "int32: [[PendingAsyncDependencies]]")                         \
  X(CAPABILITY, "the top-level capability's promise, or undefined")             \
  X(LOADED, "boolean: requests loaded")

typedef enum {
#define X(name, what) MR_##name,
  MODULE_RECORD_LIST(X)
#undef X
  MR_COUNT
} ModuleRecordWord;

#define MODULE_STATUS_LIST(X) X(NEW) X(UNLINKED) X(LINKING) X(LINKED) X(EVALUATING) \
  X(EVALUATING_ASYNC) X(EVALUATED)
typedef enum {
#define X(name) MODULE_##name,
  MODULE_STATUS_LIST(X)
#undef X
} ModuleStatus;

#define MR(m, w) (FIXED_ARRAY(m)->data[MR_##w])

/* True if context slot value v is an import's binding reference (JS
 * values are never FixedArrays). Never allocates. */
RD_INLINE bool module_is_binding_ref(rd_value v) {
  return value_has_type(v, TYPE_FIXED_ARRAY) && fixed_array_length(v) == 2;
}
/* The current value of the binding reference ref (VALUE_EMPTY in its TDZ). */
RD_INLINE rd_value module_binding_read(rd_value ref) {
  return FIXED_ARRAY(FIXED_ARRAY(ref)->data[0])->data[value_to_int32(FIXED_ARRAY(ref)->data[1])];
}

/* The exotic hooks of namespace objects (module_namespace.c). */
extern const ExoticHooks module_namespace_hooks;

/* GetModuleNamespace(module): created once, cached in the record. */
rd_value module_namespace(Runtime *rt, Handle module) RD_MUST_CHECK;
/* ResolveExport(module, name): the binding in *holder and *index (holder a
 * Context, or a 1-element FixedArray with a namespace); returns 1 resolved,
 * 0 not found, -1 ambiguous. May allocate (namespaces). */
int module_resolve_export(Runtime *rt, Handle module, Handle name, Handle holder, int32_t *index)
    RD_MUST_CHECK;

/* Loads (parses, compiles) the module `source` under key `path` with every
 * module it imports (through the loader) and returns its record. */
rd_value module_load_source(Runtime *rt, const char *source, size_t len, const char *path)
    RD_MUST_CHECK;
/* Link() and Evaluate(): the evaluation promise. */
bool module_link(Runtime *rt, Handle module) RD_MUST_CHECK;
rd_value module_evaluate(Runtime *rt, Handle module) RD_MUST_CHECK;
/* Runs a module file end to end (load, link, evaluate, drain the jobs):
 * undefined, or VALUE_EMPTY with the exception (or rejection) pending. */
rd_value module_run(Runtime *rt, const char *source, size_t len, const char *filename) RD_MUST_CHECK;

/* import.meta of the module whose code runs in context ctx. */
rd_value module_import_meta(Runtime *rt, Handle ctx) RD_MUST_CHECK;
/* import(specifier, options) from code in context ctx; fn is the function slot of
 * the calling interpreter frame (eval code imports relative to its caller). A promise. */
rd_value module_dynamic_import(Runtime *rt, Handle fn, Handle ctx, Handle specifier, Handle options)
    RD_MUST_CHECK;

/* The default loader (module_loader.c), an rd_module_loader: resolves
 * specifier against the directory of referrer (NULL: the working
 * directory) into an absolute path (*resolved, malloc'd) and, unless len is
 * NULL (resolve only), reads it (malloc'd source, *len). NULL with
 * *resolved NULL when it cannot resolve, or *resolved set when the file
 * cannot be read. */
char *module_file_loader(void *data, const char *referrer, const char *specifier, char **resolved,
                         size_t *len);

#endif
