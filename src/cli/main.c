/*
 * main.c - the `rondo` command:
 *   rondo [flags] FILE.js [args...]   run a script (a .mjs file is a module)
 *   rondo [flags] -e CODE             run code given on the command line
 *   rondo [flags]                     the REPL (libedit: line editing, history)
 *   rondo --test262 [--module] [--use-strict] H1.js ... TEST.js
 *                                     the contract of tools/test262/run.py:
 *                                     harness files, then the test
 * Flags are parsed in one place (rd_flags_parse). An uncaught exception
 * prints "Uncaught <Name>: <message>" and the stack on stderr and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/flags.h"
#include "cli/host.h"
#include "cli/repl.h"
#include "rondo.h"

static void usage(void) {
  printf("Usage: rondo [flags] [FILE.js [args...]]\n"
         "       rondo [flags] -e CODE\n"
         "       rondo --test262 [--module] [--use-strict] HARNESS.js... TEST.js\n"
         "       rondo                (the REPL)\n\n");
  flags_print_help();
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

/* Runs one file; false after reporting an uncaught exception or I/O error. */
static bool run_file(rd_runtime *rt, const char *path, int flags) {
  size_t len;
  char *src = host_read_file(path, &len);
  if (!src) {
    fprintf(stderr, "rondo: cannot read %s\n", path);
    return false;
  }
  rd_value r = rd_eval(rt, src, len, path, flags);
  free(src);
  if (r == RD_EXCEPTION) {
    host_report_exception(rt);
    return false;
  }
  return true;
}

int main(int argc, char **argv) {
  argc = rd_flags_parse(argc, argv);
  if (argc < 0) return 2;
  if (FLAG_help) {
    usage();
    return 0;
  }
  if (FLAG_version) {
    printf("rondo %s\n", RD_VERSION);
    return 0;
  }
  rd_runtime *rt = rd_runtime_new();
  if (!rt) {
    fprintf(stderr, "rondo: cannot reserve the initial heap\n");
    return 1;
  }
  int status = 0;
  if (!host_install(rt, FLAG_test262)) {
    fprintf(stderr, "rondo: cannot set up the host environment\n");
    status = 1;
  } else if (FLAG_test262) {
    /* Every argument is a file: harness scripts, then the test. */
    for (int i = 1; i < argc && status == 0; i++) {
      bool last = i == argc - 1;
      int flags = last && FLAG_module ? RD_EVAL_MODULE : 0;
      if (last && FLAG_use_strict) flags |= RD_EVAL_STRICT;
      if (!run_file(rt, argv[i], flags)) status = 1;
    }
  } else if (argc > 2 && !strcmp(argv[1], "-e")) {
    rd_value r = rd_eval(rt, argv[2], strlen(argv[2]), "<command line>", FLAG_use_strict ? RD_EVAL_STRICT : 0);
    if (r == RD_EXCEPTION) {
      host_report_exception(rt);
      status = 1;
    }
  } else if (argc > 1) {
    int flags = FLAG_module || ends_with(argv[1], ".mjs") ? RD_EVAL_MODULE : 0;
    if (FLAG_use_strict) flags |= RD_EVAL_STRICT;
    if (!run_file(rt, argv[1], flags)) status = 1;
  } else {
    status = repl_run(rt);
  }
  rd_runtime_free(rt);
  return status;
}
