/*
 * main.c - the unit-test runner. Runs every TEST() (or those whose name
 * contains the filter given as a non-flag argument), passes --flags on to the
 * engine's flag parser so that the suite can run under GC stress, and ends
 * with the line "N passed, N failed".
 */
#include <stdarg.h>
#include <stdlib.h>

#include "rondo.h"
#include "test.h"

typedef struct {
  const char *name, *file;
  TestFn fn;
} TestCase;

static TestCase tests[2048];
static int ntests;
static int current_failures;

void test_register(const char *name, const char *file, TestFn fn) {
  if (ntests < (int)(sizeof tests / sizeof tests[0]))
    tests[ntests++] = (TestCase){name, file, fn};
}

void test_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  if (current_failures++ < 20) {
    fprintf(stderr, "  %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
  }
}

int main(int argc, char **argv) {
  const char *filter = NULL;
  int passed = 0, failed = 0;
  argc = rd_flags_parse(argc, argv);
  if (argc < 0) return 2;
  if (argc > 1) filter = argv[1];
  for (int i = 0; i < ntests; i++) {
    if (filter && !strstr(tests[i].name, filter)) continue;
    current_failures = 0;
    tests[i].fn();
    if (current_failures) {
      failed++;
      printf("FAIL %s (%s)\n", tests[i].name, tests[i].file);
    } else {
      passed++;
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
