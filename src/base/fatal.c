/*
 * fatal.c - the one place an engine bug stops the process: prints where and
 * why on stderr and aborts (so a debugger or core dump shows the stack).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/common.h"

void rd_fatal(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fprintf(stderr, "\n# rondo fatal error at %s:%d\n# ", file, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  abort();
}
