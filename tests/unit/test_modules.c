/*
 * test_modules.c - modules through the public API as an embedder uses them:
 * rd_eval with RD_EVAL_MODULE and a host loader (rd_set_module_loader)
 * serving sources from memory; resolution failures and errors come back
 * as RD_EXCEPTION, never a crash.
 */
#include <stdlib.h>
#include <string.h>

#include "rondo.h"
#include "test.h"

typedef struct { const char *name, *source; } MemModule;

static const MemModule mem_modules[] = {
    {"dep", "export let n = 1; export function bump() { n++; } export default 'dflt';"},
    {"re", "export * from 'dep'; export { default as d } from 'dep';"},
    {"tla", "export const v = await Promise.resolve(7);"},
    {"bad", "export const = 1;"},
    {"missing", "import { nope } from 'dep';"},
};

static int loads;

/* Resolves a specifier to itself; NULL (unreadable) for unknown names. */
static char *mem_loader(void *data, const char *referrer, const char *specifier, char **resolved, size_t *len) {
  (void)referrer;
  int *count = data;
  *resolved = strdup(specifier);
  if (!len) return NULL;   /* resolve only */
  for (size_t i = 0; i < sizeof mem_modules / sizeof mem_modules[0]; i++) {
    if (strcmp(mem_modules[i].name, specifier)) continue;
    (*count)++;
    *len = strlen(mem_modules[i].source);
    return strdup(mem_modules[i].source);
  }
  return NULL;
}

/* Evaluates a script expression and compares its string value. */
static int script_is(rd_runtime *rt, const char *expr, const char *want) {
  rd_value v = rd_eval(rt, expr, strlen(expr), "<test>", 0);
  if (v == RD_EXCEPTION) return 0;
  char *s = rd_to_utf8(rt, v, NULL);
  int ok = s && !strcmp(s, want);
  free(s);
  return ok;
}

static rd_value run_module(rd_runtime *rt, const char *src, const char *name) {
  return rd_eval(rt, src, strlen(src), name, RD_EVAL_MODULE);
}

TEST(modules_host_loader_and_live_bindings) {
  rd_runtime *rt = rd_runtime_new();
  loads = 0;
  rd_set_module_loader(rt, mem_loader, &loads);
  EXPECT(run_module(rt,
                    "import { n, bump } from 'dep'; import * as ns from 're';\n"
                    "bump(); globalThis.out = [n, ns.n, ns.d, Object.keys(ns).join()].join();",
                    "main1") != RD_EXCEPTION);
  EXPECT(script_is(rt, "out", "2,2,dflt,bump,d,n"));
  /* a second module sees the same instance: each key is loaded once */
  EXPECT(run_module(rt, "import { n } from 'dep'; globalThis.out = String(n);", "main2") != RD_EXCEPTION);
  EXPECT(script_is(rt, "out", "2"));
  EXPECT_EQ_INT(loads, 2);   /* dep and re */
  /* top-level await: rd_eval runs the jobs until the module is done */
  EXPECT(run_module(rt, "import { v } from 'tla'; globalThis.out = String(v);", "main3") != RD_EXCEPTION);
  EXPECT(script_is(rt, "out", "7"));
  rd_runtime_free(rt);
}

TEST(modules_errors_are_exceptions) {
  rd_runtime *rt = rd_runtime_new();
  loads = 0;
  rd_set_module_loader(rt, mem_loader, &loads);
  const char *cases[] = {"import 'bad';", "import 'missing';", "import 'unknown';", "throw 1;",
                         "await Promise.reject(2);", "export {};;; import x from 'dep' with { type: 'x' }; x();"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char name[16];
    name[0] = 'e';
    name[1] = (char)('0' + i);
    name[2] = 0;
    EXPECT(run_module(rt, cases[i], name) == RD_EXCEPTION);
    (void)rd_take_exception(rt);
  }
  /* the runtime still works */
  EXPECT(run_module(rt, "globalThis.out = 'ok';", "after") != RD_EXCEPTION);
  EXPECT(script_is(rt, "out", "ok"));
  rd_set_module_loader(NULL, mem_loader, NULL);   /* ignored */
  rd_runtime_free(rt);
}
