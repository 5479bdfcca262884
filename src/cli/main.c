/*
 * main.c - the `rondo` command. Parses the V8-style flags in one place
 * (rd_flags_parse), answers --help and --version, and runs scripts.
 *
 * The parser and interpreter arrive with the next issue; until then the
 * command creates a runtime (so heap flags such as --trace-gc and
 * --max-semi-space-size can be tried) and says plainly that it cannot run
 * JavaScript yet, exiting with status 2.
 */
#include <stdio.h>
#include <string.h>

#include "base/flags.h"
#include "rondo.h"

static void usage(void) {
  printf("Usage: rondo [flags] [FILE.js [args...]]\n"
         "       rondo [flags] -e CODE\n\n");
  flags_print_help();
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
  if (argc > 1) {
    fprintf(stderr, "rondo: cannot run %s: this build has no parser or interpreter yet\n",
            strcmp(argv[1], "-e") ? argv[1] : "-e code");
    status = 2;
  } else {
    rd_heap_stats s;
    rd_heap_statistics(rt, &s);
    printf("rondo %s: heap ready (%zu bytes in use, limit %zu MiB); no interpreter yet\n",
           RD_VERSION, s.total_size, s.limit / MB);
  }
  rd_runtime_free(rt);
  return status;
}
