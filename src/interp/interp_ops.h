/*
 * interp_ops.h - the slow paths of bytecodes that are too big for the
 * dispatch loop (interp_ops.c, iterators.c) and the feedback vector
 * (feedback.c).
 *
 * Every function here may allocate and run JavaScript: operands come as
 * Handles (VM stack slots of the running frame qualify). Failure is
 * VALUE_EMPTY (or false) with the exception pending.
 */
#ifndef RONDO_INTERP_INTERP_OPS_H
#define RONDO_INTERP_INTERP_OPS_H

#include "interp/interpreter.h"
#include "runtime/ops.h"

typedef enum { LOOKUP_LOAD, LOOKUP_LOAD_TYPEOF, LOOKUP_RECEIVER, LOOKUP_DELETE } LookupMode;

/* Dynamic name lookup through the context chain from ctx, then the global object. */
rd_value interp_lookup_load(Runtime *rt, Handle ctx, Handle name, LookupMode mode) RD_MUST_CHECK;
bool interp_lookup_store(Runtime *rt, Handle ctx, Handle name, Handle value, bool strict) RD_MUST_CHECK;

/* A `with` context over object obj (already an object) inside ctx. */
rd_value interp_with_context(Runtime *rt, Handle ctx, Handle obj) RD_MUST_CHECK;

/* The keys for-in visits on obj (and its prototypes), as a FixedArray of strings. */
rd_value interp_for_in_keys(Runtime *rt, Handle obj) RD_MUST_CHECK;
/* The next key of keys at *index still present in obj; undefined at the end. */
rd_value interp_for_in_next(Runtime *rt, Handle obj, Handle keys, Handle index) RD_MUST_CHECK;

/* Objects made from the frame's arguments. */
/* --- arguments.c: callee is the function for sloppy code (arguments.callee),
 * NULL for strict code; parameter_map (a CreateMappedArguments constant) and
 * ctx (the function's context) make a mapped arguments object. */
rd_value interp_arguments_object(Runtime *rt, const rd_value *args, uint32_t argc, Handle callee,
                                 Handle ctx, Handle parameter_map) RD_MUST_CHECK;
/* %ThrowTypeError% of the realm (made on first use). */
rd_value interp_throw_type_error(Runtime *rt) RD_MUST_CHECK;
rd_value interp_array_from(Runtime *rt, const rd_value *values, uint32_t n) RD_MUST_CHECK;

bool interp_copy_data_properties(Runtime *rt, Handle target, Handle source) RD_MUST_CHECK;
rd_value interp_copy_excluding(Runtime *rt, Handle source, const rd_value *keys, uint32_t n) RD_MUST_CHECK;
bool interp_define_accessor(Runtime *rt, Handle obj, Handle key, Handle fn, uint32_t flags) RD_MUST_CHECK;
/* SetFunctionName(fn, key[, prefix]) for a closure defined under a key
 * known only at run time: its "name" becomes the key ("[description]" for
 * a symbol), after prefix ("get", "set", or NULL) and a space. Left alone
 * when fn already has a name other than "" (a class with a static name). */
bool interp_set_function_name(Runtime *rt, Handle fn, Handle key, const char *prefix) RD_MUST_CHECK;
bool interp_array_push(Runtime *rt, Handle arr, Handle value) RD_MUST_CHECK;
bool interp_array_push_hole(Runtime *rt, Handle arr) RD_MUST_CHECK;

rd_value interp_has_property(Runtime *rt, Handle key, Handle obj) RD_MUST_CHECK;      /* key in obj */
rd_value interp_instance_of(Runtime *rt, Handle value, Handle target) RD_MUST_CHECK;
rd_value interp_to_object(Runtime *rt, Handle v) RD_MUST_CHECK;
rd_value interp_template_object(Runtime *rt, Handle site) RD_MUST_CHECK;
rd_value interp_regexp_literal(Runtime *rt, Handle pattern, Handle flags) RD_MUST_CHECK;
/* A closure of sfi in ctx, with a .prototype object when it is a constructor. */
rd_value interp_closure_new(Runtime *rt, Handle sfi, Handle ctx) RD_MUST_CHECK;
 /* Classes: sets up ctor's prototype object (returned) and [[Prototype]]s
 * from heritage (VALUE_EMPTY: no extends clause). */
rd_value interp_create_class(Runtime *rt, Handle ctor, Handle heritage) RD_MUST_CHECK;
/* Entries of a class's field list: [key, initializer or method, kind]... */
enum { FIELD_KIND_PUBLIC, FIELD_KIND_PRIVATE, FIELD_KIND_PRIVATE_METHOD, FIELD_KIND_PRIVATE_GETTER,
       FIELD_KIND_PRIVATE_SETTER };
/* Private elements: key is a private symbol; kind as DefinePrivate's. */
rd_value interp_get_private(Runtime *rt, Handle obj, Handle key) RD_MUST_CHECK;
bool interp_set_private(Runtime *rt, Handle obj, Handle key, Handle value) RD_MUST_CHECK;
bool interp_define_private(Runtime *rt, Handle obj, Handle key, Handle value, uint32_t kind) RD_MUST_CHECK;
/* Defines the private methods, then the fields of list (FIELD_KIND_*) on obj. */
bool interp_initialize_fields(Runtime *rt, Handle obj, Handle list) RD_MUST_CHECK;
/* super[key] = value: [[Set]] on proto with receiver this. */
bool interp_super_set(Runtime *rt, Handle proto, Handle key, Handle value, Handle receiver) RD_MUST_CHECK;
/* super[key] read from home's prototype proto with receiver this. */
rd_value interp_super_get(Runtime *rt, Handle proto, Handle key, Handle receiver) RD_MUST_CHECK;
/* Throws "<message>" with the name (a string) substituted for %s. */
rd_value interp_throw_named(Runtime *rt, ErrorKind kind, const char *fmt, rd_value name);

/* The realm's record of script top-level lexical bindings (a null-prototype
 * object; a binding whose value is the record itself is uninitialized), or
 * undefined before the intrinsics exist. */
rd_value interp_script_record(Runtime *rt) RD_MUST_CHECK;
bool interp_declare_script_lexical(Runtime *rt, Handle name) RD_MUST_CHECK;
bool interp_script_init(Runtime *rt, Handle name, Handle value, bool is_const) RD_MUST_CHECK;
/* Declares var name of sloppy eval code in the var scope around ctx. */
bool interp_declare_eval_var(Runtime *rt, Handle ctx, Handle name) RD_MUST_CHECK;
/* A direct eval of source (a string) with this, in context ctx; flags as CallDirectEval's. */
rd_value interp_direct_eval(Runtime *rt, Handle source, Handle this_value, Handle ctx, uint32_t flags,
                            Handle caller) RD_MUST_CHECK;

/* --- iterators.c ---------------------------------------------------------------------- */
/* An iterator record (a FixedArray the interpreter keeps in a register). */
rd_value iterator_get(Runtime *rt, Handle iterable) RD_MUST_CHECK;
/* The next value (undefined when done); *done set. */
rd_value iterator_step(Runtime *rt, Handle record, bool *done) RD_MUST_CHECK;
bool iterator_close(Runtime *rt, Handle record) RD_MUST_CHECK;
/* IteratorClose for a throw completion: closes the record keeping the
 * pending exception (the one being propagated); the close's own errors are dropped. */
void iterator_close_on_throw(Runtime *rt, Handle record);
/* Appends every value of iterable to array arr. */
bool iterator_spread_into(Runtime *rt, Handle arr, Handle iterable) RD_MUST_CHECK;

/* A record of a JS iterator object, no fast paths; async: @@asyncIterator, or
 * the sync iterator wrapped by CreateAsyncFromSyncIterator. */
rd_value iterator_get_generic(Runtime *rt, Handle iterable, bool async) RD_MUST_CHECK;
/* The record of JS iterator object iter with next method next (no fast path). */
rd_value iterator_record_new(Runtime *rt, Handle iter, Handle next) RD_MUST_CHECK;
/* IteratorComplete + IteratorValue of an iterator result (TypeError unless an object). */
rd_value iterator_result_value(Runtime *rt, Handle result, bool *done) RD_MUST_CHECK;
/* One step of a sync yield*: calls next/throw/return of the record's
 * iterator with received. *done: 0 -> returns the inner result (to yield as
 * is), 1 -> returns its value (the yield* value), 2 -> returns the value to
 * return from the generator. async 1: returns the raw result of the call
 * (done 0) unless the method is missing; async 2: same, calling with no argument. */
rd_value iterator_yield_star_step(Runtime *rt, Handle rec, ResumeMode mode, Handle received,
                                  int32_t *done, int async) RD_MUST_CHECK;

/* --- generators.c ------------------------------------------------------------------- */
/* The generator object of a new activation of fn (frame_words: params + registers). */
rd_value interp_generator_create(Runtime *rt, Handle fn, uint32_t frame_words) RD_MUST_CHECK;
/* A map for generator objects with prototype proto. */
rd_value interp_generator_object_map(Runtime *rt, Handle proto) RD_MUST_CHECK;
/* %AsyncFromSyncIteratorPrototype% object over sync record rec (builtins/generator.c). */
rd_value interp_async_from_sync_iterator(Runtime *rt, Handle rec) RD_MUST_CHECK;

/* --- builtins/promise.c: what the async bytecodes need ---------------------------------- */
/* Await: resumes generator gen when value (made a promise) settles; returns
 * the value the suspension hands back (the async function's promise, or undefined). */
rd_value interp_await(Runtime *rt, Handle gen, Handle value) RD_MUST_CHECK;
/* Resolves (reject: rejects) the promise of async function activation gen; returns it. */
rd_value interp_async_function_settle(Runtime *rt, Handle gen, Handle value, bool reject) RD_MUST_CHECK;
/* A new pending promise (%Promise.prototype%). */
rd_value promise_new_pending(Runtime *rt) RD_MUST_CHECK;
/* Resolves / rejects promise (no-op once settled). */
bool promise_settle_value(Runtime *rt, Handle promise, Handle value, bool reject) RD_MUST_CHECK;
/* Calls native on_f / on_r (with data word data) when value settles. */
bool promise_then_natives(Runtime *rt, Handle value, NativeFn on_f, NativeFn on_r, Handle data) RD_MUST_CHECK;
/* Runs queued jobs until the queue is empty; false if the queue cannot run. */
bool interp_run_jobs(Runtime *rt);

/* --- builtins/disposable_stack.c: what using / await using need -----------------------
 * The DisposeCapability of explicit resource management: a FixedArray
 * private to the engine (in a register, or a stack object's internal word)
 * holding the resource stack and, while a disposal runs in steps with
 * awaits in between, its completion: a throw recorded by
 * dispose_record_error (the first error as is, each later one as a
 * SuppressedError whose `suppressed` is the earlier one). */
/* NewDisposeCapability(): an empty capability. */
rd_value dispose_capability_new(Runtime *rt) RD_MUST_CHECK;
/* AddDisposableResource(cap, value, sync-/async-dispose[, method]) (method
 * NULL when not given): a TypeError when value is not disposable. */
bool dispose_add_resource(Runtime *rt, Handle cap, Handle value, bool async, Handle method) RD_MUST_CHECK;
/* Records a throw completion (error) of the disposal in progress. False
 * only when out of memory. */
bool dispose_record_error(Runtime *rt, Handle cap, Handle error) RD_MUST_CHECK;
/* DisposeResources(cap, completion so far) up to its next Await: calls the
 * dispose methods of the resources, last added first, recording their
 * errors. Returns the value to await (*done false), or at the end (*done
 * true, the stack empty) undefined, or VALUE_EMPTY with the recorded error
 * thrown. The caller awaits the value and records a rejection with
 * dispose_record_error before the next step. A capability holding only
 * sync-dispose resources completes in one step. */
rd_value dispose_resources_step(Runtime *rt, Handle cap, bool *done) RD_MUST_CHECK;

/* --- feedback.c ----------------------------------------------------------------------- */
/* Feedback vector layout (FixedArray-shaped; docs/interpreter.md):
 *
 *   data[FV_OPTIMIZED_CODE]  the function's optimized Code, or undefined
 *   data[FV_INVOCATIONS]     int32: calls so far (saturating)
 *   data[FV_BUDGET]          int32: interrupt budget left; back edges and
 *                            returns spend it by the bytecode they cover
 *   data[FV_PROFILER_TICKS]  int32: times the budget ran out (saturating)
 *   data[FEEDBACK_HEADER_WORDS + FEEDBACK_SLOT_WORDS * s ...]  slot s */
enum { FV_OPTIMIZED_CODE, FV_INVOCATIONS, FV_BUDGET, FV_PROFILER_TICKS, FEEDBACK_HEADER_WORDS };
#define FEEDBACK_SLOT_WORDS 2
/* Bytecode bytes a function runs between two interrupt checks. */
#define FEEDBACK_BUDGET (64 * 1024)
/* Index in the vector's data of slot s's first word. */
RD_INLINE uint32_t feedback_slot_index(uint32_t s) { return FEEDBACK_HEADER_WORDS + s * FEEDBACK_SLOT_WORDS; }
enum { BINARY_FEEDBACK_NONE = 0, BINARY_FEEDBACK_INT32 = 1, BINARY_FEEDBACK_NUMBER = 3,
       BINARY_FEEDBACK_STRING = 4, BINARY_FEEDBACK_ANY = 15 };
#define FEEDBACK_MEGAMORPHIC VALUE_TRUE
#define FEEDBACK_NO_SLOT UINT32_MAX   /* a call site without a slot (CallDirectEval) */
rd_value feedback_vector_new(Runtime *rt, uint32_t slots) RD_MUST_CHECK;
/* The feedback kind of one operand value. */
RD_INLINE int32_t feedback_binary_kind(rd_value v) {
  if (value_is_int32(v)) return BINARY_FEEDBACK_INT32;
  if (value_is_number(v)) return BINARY_FEEDBACK_NUMBER;
  if (value_is_string(v)) return BINARY_FEEDBACK_STRING;
  return BINARY_FEEDBACK_ANY;
}
/* Records the operand types of a binary operation in slot of vector (a
 * FeedbackVector whenever the bytecode has slots). Never allocates; the
 * store is an int32, so it needs no barrier. */
RD_INLINE void feedback_record_binary(rd_value vector, uint32_t slot, rd_value a, rd_value b) {
  rd_value *w = &FIXED_ARRAY(vector)->data[feedback_slot_index(slot)];
  int32_t k = value_to_int32(*w) | feedback_binary_kind(a) | feedback_binary_kind(b);
  if (RD_UNLIKELY(value_from_int32(k) != *w)) *w = value_from_int32(k);
}
/* Records a call's target in slot (never allocates). */
void feedback_record_call(rd_value vector, uint32_t slot, rd_value target);
/* Called when the running function's budget (frame fp) runs out: counts a
 * profiler tick and refills the budget (the tiering decision hooks in
 * here). May allocate; the frame is saved. */
void feedback_budget_exhausted(Runtime *rt, rd_value *fp);

#endif
