/*
 * rondo.h - the public embedding API of the rondo JavaScript engine.
 * This is the only installed header; every symbol it declares starts with
 * rd_ and every other symbol of librondo.a is hidden.
 *
 * Rule for embedders: an rd_value that refers to a heap object is valid only
 * until the next call that may allocate. To keep one longer, put it in a
 * persistent handle (rd_persistent_new) and read it back with rd_persistent_get.
 */
#ifndef RONDO_H
#define RONDO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RD_API __attribute__((visibility("default")))
#define RD_VERSION "0.1.0"

/* A JavaScript value: a 64-bit NaN-boxed word (see docs/values.md). */
typedef uint64_t rd_value;

typedef struct Runtime rd_runtime;
typedef struct PersistentNode rd_persistent;

/* Parses the V8-style flags in argv (--trace-gc, --gc-interval=N, ...),
 * removing them; returns the new argc, or -1 after printing an error. */
RD_API int rd_flags_parse(int argc, char **argv);

/* Creates a runtime (an isolate: one heap, one realm); NULL if the initial
 * heap cannot be reserved. */
RD_API rd_runtime *rd_runtime_new(void);
/* Frees a runtime and every object of its heap. */
RD_API void rd_runtime_free(rd_runtime *rt);

typedef struct {
  size_t new_space_size, new_space_capacity;   /* bytes in use / reserved */
  size_t old_space_size, old_space_capacity;
  size_t code_space_size, code_space_capacity;
  size_t large_object_size;
  size_t total_size, limit;                    /* limit: --max-old-space-size */
  uint64_t scavenges, mark_compacts;
  uint64_t promoted_bytes;                     /* over the runtime's life */
  double gc_pause_ms;                          /* total pause time */
} rd_heap_stats;

/* Fills *out with the current heap statistics. */
RD_API void rd_heap_statistics(rd_runtime *rt, rd_heap_stats *out);

/* Runs a garbage collection now: a scavenge, or a full mark-compact. */
RD_API void rd_collect_garbage(rd_runtime *rt, int full);

/* --- running JavaScript ----------------------------------------------------
 * A function returning rd_value returns RD_EXCEPTION when a JavaScript
 * exception was thrown; rd_take_exception() then hands it over. */
#define RD_EXCEPTION ((rd_value)0)
enum {
  RD_EVAL_MODULE = 1 << 0,     /* the source is a module (see rd_set_module_loader) */
  RD_EVAL_STRICT = 1 << 1,     /* a script in strict mode */
};
/* Parses, compiles and runs source as a global script; its completion value
 * or RD_EXCEPTION (a SyntaxError for malformed source, never a crash).
 * With RD_EVAL_MODULE: loads, links and evaluates source as the module
 * `filename` with the modules it imports, runs the job queue, and returns
 * undefined, or RD_EXCEPTION when loading, linking or evaluation failed
 * (the exception is the error, or the evaluation promise's rejection). */
RD_API rd_value rd_eval(rd_runtime *rt, const char *source, size_t len, const char *filename,
                        int flags);
/* The host's module loader: resolves `specifier` imported by the module
 * `referrer` (NULL: code that is not a module file) into a key that names
 * the module in the realm (*resolved, malloc'd: each key is loaded once)
 * and returns its source (malloc'd, *len bytes). When len is NULL it only
 * resolves (and returns NULL): the source is asked for only for keys not
 * loaded yet. Returns NULL with *resolved NULL when the specifier cannot
 * be resolved, or with *resolved set when the module cannot be read. */
typedef char *(*rd_module_loader)(void *data, const char *referrer, const char *specifier,
                                  char **resolved, size_t *len);
/* Installs loader (NULL: the default file loader: paths relative to the
 * importing file's directory, keyed by absolute path) with its data. */
RD_API void rd_set_module_loader(rd_runtime *rt, rd_module_loader loader, void *data);
/* The pending exception (cleared), or undefined when there is none. */
RD_API rd_value rd_take_exception(rd_runtime *rt);
/* ToString(v) as malloc'd UTF-8 (free it with free()); NULL if ToString
 * threw (exception pending) or memory ran out. */
RD_API char *rd_to_utf8(rd_runtime *rt, rd_value v, size_t *len);
/* A native function callable from JavaScript: args[0..argc) and this. */
typedef rd_value (*rd_native)(rd_runtime *rt, rd_value this_value, int argc, const rd_value *args);
/* Defines a global function; 0 on success, -1 on failure. */
RD_API int rd_define_global_function(rd_runtime *rt, const char *name, rd_native fn, int length);
/* Throws a JavaScript Error (kind "Error", "TypeError", "RangeError", ...)
 * with a message; returns RD_EXCEPTION for the native to return. */
RD_API rd_value rd_throw_error(rd_runtime *rt, const char *kind, const char *message);
RD_API rd_value rd_undefined(void);
RD_API rd_value rd_number(double d);
RD_API rd_value rd_string(rd_runtime *rt, const char *utf8, size_t len);

/* Persistent handles: roots that survive until freed, updated when the GC
 * moves their object. rd_persistent_new returns NULL when out of memory. */
RD_API rd_persistent *rd_persistent_new(rd_runtime *rt, rd_value v);
RD_API rd_value rd_persistent_get(const rd_persistent *p);
RD_API void rd_persistent_set(rd_persistent *p, rd_value v);
RD_API void rd_persistent_free(rd_runtime *rt, rd_persistent *p);

#ifdef __cplusplus
}
#endif
#endif
