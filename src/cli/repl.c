/*
 * repl.c - the REPL: libedit for line editing and history (kept in
 * ~/.rondo_history), multi-line input (a line whose parse fails at the end
 * of the input continues on a "... " prompt), results printed as
 * console.log would, exceptions reported without leaving the loop.
 */
#include "cli/repl.h"

#include <editline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/host.h"
#include "parser/parser.h"

/* True if src fails to parse only because the input ended too early. */
static bool incomplete(const char *src, size_t len) {
  ParseOptions o;
  memset(&o, 0, sizeof o);
  o.filename = "<repl>";
  ParseError err;
  Ast *ast = parser_parse(src, len, &o, &err);
  if (ast) {
    ast_free(ast);
    return false;
  }
  return err.kind == PARSE_ERROR_SYNTAX && err.offset >= len;
}

static char *history_path(void) {
  const char *home = getenv("HOME");
  if (!home) return NULL;
  size_t n = strlen(home) + 32;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/.rondo_history", home);
  return p;
}

int repl_run(rd_runtime *rt) {
  bool tty = isatty(0);
  char *hist = history_path();
  if (hist) read_history(hist);
  if (tty) printf("rondo %s (type JavaScript; Ctrl-D to quit)\n", RD_VERSION);
  char *buf = NULL;
  size_t len = 0;
  for (;;) {
    char *line = readline(len ? "... " : "> ");
    if (!line) break;
    size_t n = strlen(line);
    char *nb = realloc(buf, len + n + 2);
    if (!nb) {
      free(line);
      break;
    }
    buf = nb;
    memcpy(buf + len, line, n);
    len += n;
    buf[len++] = '\n';
    buf[len] = 0;
    free(line);
    if (incomplete(buf, len)) continue;
    if (len > 1) {
      buf[len - 1] = 0;
      add_history(buf);
      buf[len - 1] = '\n';
    }
    rd_value r = rd_eval(rt, buf, len, "<repl>", 0);
    if (r == RD_EXCEPTION) {
      host_report_exception((Runtime *)rt);
    } else {
      host_inspect((Runtime *)rt, r, stdout, false);
      fputc('\n', stdout);
    }
    fflush(stdout);
    len = 0;
  }
  if (hist) {
    write_history(hist);
    free(hist);
  }
  free(buf);
  if (tty) fputc('\n', stdout);
  return 0;
}
