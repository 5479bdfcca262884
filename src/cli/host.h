/*
 * host.h - the host environment of the rondo command: print, console,
 * load, $262 (test262's host object), and Node-like value formatting.
 */
#ifndef RONDO_CLI_HOST_H
#define RONDO_CLI_HOST_H

#include <stdio.h>

#include "runtime/runtime.h"

/* Installs print, console and load; with test262, also $262. */
bool host_install(Runtime *rt, bool test262) RD_MUST_CHECK;
/* Writes v formatted as console.log would (strings raw at top level). */
void host_inspect(Runtime *rt, rd_value v, FILE *f, bool top_level_raw);
/* Prints "Uncaught <exception>" (and its stack if any) for the pending
 * exception to stderr and clears it. */
void host_report_exception(Runtime *rt);
/* Reads a whole file (malloc'd, NUL-terminated); NULL on failure. */
char *host_read_file(const char *path, size_t *len);

#endif
