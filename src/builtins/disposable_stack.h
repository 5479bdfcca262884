/*
 * disposable_stack.h - the DisposeCapability operations of explicit
 * resource management (NewDisposeCapability, AddDisposableResource,
 * DisposeResources), shared by the `using` / `await using` bytecodes
 * (interp/interpreter.c) and DisposableStack / AsyncDisposableStack
 * (builtins/disposable_stack.c, which defines them).
 *
 * A capability is a FixedArray private to the engine (kept in a register
 * or in a stack object's internal word, never reachable from JS). Besides
 * the resource stack it holds the completion of a disposal in progress, so
 * the disposal can run in steps with awaits in between: a throw completion
 * recorded by dispose_record_error (the first error as is, each later one
 * as a SuppressedError whose `suppressed` is the earlier one).
 */
#ifndef RONDO_BUILTINS_DISPOSABLE_STACK_H
#define RONDO_BUILTINS_DISPOSABLE_STACK_H

#include "builtins/builtins.h"

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

#endif
