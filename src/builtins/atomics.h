/*
 * atomics.h - what Atomics (atomics.c) offers the job loop: the
 * Atomics.waitAsync timeouts, the host's one timer source.
 */
#ifndef RONDO_BUILTINS_ATOMICS_H
#define RONDO_BUILTINS_ATOMICS_H

#include "builtins/builtins.h"

/* Called by the job loop (interp_run_jobs in promise.c) when no job is
 * left: sleeps until the first pending waitAsync timeout is due and
 * resolves the expired waiters with "timed-out" (jobs then run). False
 * when no waiter has a finite timeout. */
bool atomics_run_timeouts(Runtime *rt);

#endif
