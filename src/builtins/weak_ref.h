/*
 * weak_ref.h - what the weak built-ins (weak_collections.c, weak_ref.c)
 * offer the rest of the engine: CanBeHeldWeakly, the KeepDuringJob set and
 * the FinalizationRegistry cleanup jobs, run by the job loop
 * (interp_run_jobs in builtins/promise.c).
 *
 * Invariant: the KeepDuringJob set is emptied at the end of every job (the
 * script that ran before the job loop counts as one), and a registry whose
 * cells died is cleaned up by a job of its own once the queue is empty.
 */
#ifndef RONDO_BUILTINS_WEAK_REF_H
#define RONDO_BUILTINS_WEAK_REF_H

#include "builtins/builtins.h"

/* CanBeHeldWeakly(v): an object, or a symbol not in the Symbol.for registry.
 * 1 yes, 0 no, -1 with an exception pending (the registry lookup). */
int weak_collections_can_be_held_weakly(Runtime *rt, Handle v) RD_MUST_CHECK;

/* ClearKeptObjects: empties the KeepDuringJob set. Never allocates. */
void weak_ref_clear_kept_objects(Runtime *rt);

/* Runs the cleanup of one registry whose cells died (a job: the callback
 * runs once per dead cell). False if no registry was waiting. Exceptions of
 * callbacks are dropped like those of other jobs. */
bool weak_ref_run_cleanup_job(Runtime *rt);

#endif
