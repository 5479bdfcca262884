/*
 * repl.h - the interactive read-eval-print loop of the rondo command.
 */
#ifndef RONDO_CLI_REPL_H
#define RONDO_CLI_REPL_H

#include "rondo.h"

/* Reads, evaluates and prints until end of input; returns the exit status. */
int repl_run(rd_runtime *rt);

#endif
