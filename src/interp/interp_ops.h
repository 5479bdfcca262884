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
rd_value interp_arguments_object(Runtime *rt, const rd_value *args, uint32_t argc) RD_MUST_CHECK;
rd_value interp_array_from(Runtime *rt, const rd_value *values, uint32_t n) RD_MUST_CHECK;

bool interp_copy_data_properties(Runtime *rt, Handle target, Handle source) RD_MUST_CHECK;
rd_value interp_copy_excluding(Runtime *rt, Handle source, const rd_value *keys, uint32_t n) RD_MUST_CHECK;
bool interp_define_accessor(Runtime *rt, Handle obj, Handle key, Handle fn, uint32_t flags) RD_MUST_CHECK;
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
/* Defines the fields of list ([key, initializer or undefined]...) on obj. */
bool interp_initialize_fields(Runtime *rt, Handle obj, Handle list) RD_MUST_CHECK;
/* super[key] read from home's prototype proto with receiver this. */
rd_value interp_super_get(Runtime *rt, Handle proto, Handle key, Handle receiver) RD_MUST_CHECK;
/* Throws "<message>" with the name (a string) substituted for %s. */
rd_value interp_throw_named(Runtime *rt, ErrorKind kind, const char *fmt, rd_value name);

/* --- iterators.c ---------------------------------------------------------------------- */
/* An iterator record (a FixedArray the interpreter keeps in a register). */
rd_value iterator_get(Runtime *rt, Handle iterable) RD_MUST_CHECK;
/* The next value (undefined when done); *done set. */
rd_value iterator_step(Runtime *rt, Handle record, bool *done) RD_MUST_CHECK;
bool iterator_close(Runtime *rt, Handle record) RD_MUST_CHECK;
/* Appends every value of iterable to array arr. */
bool iterator_spread_into(Runtime *rt, Handle arr, Handle iterable) RD_MUST_CHECK;

/* --- feedback.c ----------------------------------------------------------------------- */
/* Feedback vector layout: FEEDBACK_SLOT_WORDS words per slot (docs/interpreter.md). */
#define FEEDBACK_SLOT_WORDS 2
enum { BINARY_FEEDBACK_NONE = 0, BINARY_FEEDBACK_INT32 = 1, BINARY_FEEDBACK_NUMBER = 3,
       BINARY_FEEDBACK_STRING = 4, BINARY_FEEDBACK_ANY = 15 };
#define FEEDBACK_MEGAMORPHIC VALUE_TRUE
rd_value feedback_vector_new(Runtime *rt, uint32_t slots) RD_MUST_CHECK;
/* Records the operand types of a binary operation in slot (never allocates). */
void feedback_record_binary(rd_value vector, uint32_t slot, rd_value a, rd_value b);
/* Records a call's target in slot (never allocates). */
void feedback_record_call(rd_value vector, uint32_t slot, rd_value target);

#endif
