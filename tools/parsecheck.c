/*
 * parsecheck.c - a driver for the parser alone.
 *
 *   parsecheck [--module] [--dump] FILE...   parse each file: "ok" or the error
 *   parsecheck --test262 DIR [-v] [--depth N] [--no-skip]
 *        walk a test262 tree, read each test's frontmatter (flags module /
 *        onlyStrict / noStrict / raw, negative phase/type, features), parse
 *        it the way INTERPRETING.md says (strict runs get a "use strict";
 *        prefix; tests without flags run both ways) and count a test as
 *        passing when a parse-phase SyntaxError test fails to parse and
 *        every other test parses. Prints per-directory counts (directories
 *        N levels below DIR, default 1) and "N passed, N failed".
 *
 * Invariant: needs only src/parser and src/base/unicode_id.c (no runtime).
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parser/parser.h"

/* Features of proposals beyond ECMAScript 2024 (or not part of the core
 * language grammar this parser implements); their tests are skipped. */
static const char *const skip_features[] = {
    "source-phase-imports",            /* stage 3: import source x from */
    "source-phase-imports-module-source",
    "import-defer",                    /* stage 3: import defer * as ns */
    "export-defer",
    "decorators",                      /* stage 3: @dec class ... */
    "explicit-resource-management",    /* ES2026: using / await using */
    "import-text",                     /* stage 3 import attribute types */
    "import-bytes",
    "regexp-modifiers",                /* ES2025 regexp pattern syntax: checked by the regexp compiler */
};

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (n < 0) { fclose(f); return NULL; }
  char *buf = malloc((size_t)n + 1);
  if (!buf) { fclose(f); return NULL; }
  if (fread(buf, 1, (size_t)n, f) != (size_t)n) { fclose(f); free(buf); return NULL; }
  buf[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return buf;
}

/* ---- single files ---- */

static int check_files(int argc, char **argv) {
  bool module = false, dump = false;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--module")) { module = true; continue; }
    if (!strcmp(argv[i], "--dump")) { dump = true; continue; }
    size_t len;
    char *src = read_file(argv[i], &len);
    if (!src) {
      fprintf(stderr, "%s: cannot read\n", argv[i]);
      status = 1;
      continue;
    }
    ParseOptions o = {0};
    o.goal = module ? PARSE_GOAL_MODULE : PARSE_GOAL_SCRIPT;
    o.filename = argv[i];
    ParseError err;
    Ast *ast = parser_parse(src, len, &o, &err);
    if (ast) {
      printf("ok\n");
      if (dump) ast_dump(&ast->program->h, stdout);
      ast_free(ast);
    } else {
      char buf[512];
      printf("%s\n", parse_error_format(&err, buf, sizeof buf));
      status = 1;
    }
    free(src);
  }
  return status;
}

/* ---- test262 ---- */

typedef struct DirCount {
  char *name;
  unsigned pass, fail, skip;
} DirCount;

static DirCount *dirs;
static size_t ndirs, capdirs;
static const char *root;
static size_t root_len;
static int depth_levels = 1;
static bool verbose, no_skip;
static unsigned total_pass, total_fail, total_skip;

static DirCount *dir_for(const char *path) {
  const char *rel = path + root_len;
  while (*rel == '/') rel++;
  const char *e = rel;
  for (int lvl = 0; lvl < depth_levels; lvl++) {
    const char *s = strchr(e, '/');
    if (!s) break;
    e = s + 1;
  }
  size_t n = (size_t)(e - rel);
  if (n && rel[n - 1] == '/') n--;
  if (n == 0) n = strlen(rel); /* a file directly in root */
  for (size_t i = 0; i < ndirs; i++)
    if (strlen(dirs[i].name) == n && !strncmp(dirs[i].name, rel, n)) return &dirs[i];
  if (ndirs == capdirs) {
    capdirs = capdirs ? capdirs * 2 : 64;
    dirs = realloc(dirs, capdirs * sizeof(DirCount));
  }
  DirCount *d = &dirs[ndirs++];
  d->name = strndup(rel, n);
  d->pass = d->fail = d->skip = 0;
  return d;
}

typedef struct Meta {
  bool module, only_strict, no_strict, raw;
  bool negative_parse;
  bool skip;
} Meta;

/* True when the list text (inside [...] or - items) names the word. */
static bool list_has(const char *list, const char *end, const char *word) {
  size_t n = strlen(word);
  for (const char *s = list; s + n <= end; s++) {
    if (strncmp(s, word, n)) continue;
    char before = s == list ? ' ' : s[-1];
    char after = s + n < end ? s[n] : ' ';
    bool wb = before == '[' || before == ' ' || before == ',' || before == '\t' || before == '-';
    bool wa = after == ']' || after == ' ' || after == ',' || after == '\n' || after == '\r';
    if (wb && wa) return true;
  }
  return false;
}

/* The text of a YAML key's value: inline [..] or following "- x" lines. */
static bool yaml_list(const char *fm, const char *fm_end, const char *key,
                      const char **ls, const char **le) {
  const char *k = fm;
  size_t kl = strlen(key);
  while ((k = strstr(k, key)) && k < fm_end) {
    if ((k == fm || k[-1] == '\n') && k[kl] == ':') break;
    k += kl;
  }
  if (!k || k >= fm_end) return false;
  const char *v = k + kl + 1;
  const char *eol = strchr(v, '\n');
  if (!eol || eol > fm_end) eol = fm_end;
  const char *br = memchr(v, '[', (size_t)(eol - v));
  if (br) {
    const char *close = strchr(br, ']');
    *ls = br;
    *le = close && close < fm_end ? close + 1 : eol;
    return true;
  }
  /* block list: following lines starting with spaces and "- " */
  const char *s = eol + 1, *e = s;
  while (e < fm_end) {
    const char *nl = strchr(e, '\n');
    if (!nl || nl > fm_end) nl = fm_end;
    const char *q = e;
    while (q < nl && (*q == ' ' || *q == '\t')) q++;
    if (q >= nl || *q != '-') break;
    e = nl + 1;
  }
  *ls = s;
  *le = e;
  return true;
}

static Meta read_meta(const char *src) {
  Meta m = {0};
  const char *fm = strstr(src, "/*---");
  if (!fm) return m;
  const char *fe = strstr(fm, "---*/");
  if (!fe) return m;
  const char *ls, *le;
  if (yaml_list(fm, fe, "flags", &ls, &le)) {
    m.module = list_has(ls, le, "module");
    m.only_strict = list_has(ls, le, "onlyStrict");
    m.no_strict = list_has(ls, le, "noStrict");
    m.raw = list_has(ls, le, "raw");
  }
  const char *neg = strstr(fm, "negative:");
  if (neg && neg < fe) {
    const char *ph = strstr(neg, "phase:");
    if (ph && ph < fe) {
      ph += 6;
      while (*ph == ' ') ph++;
      m.negative_parse = !strncmp(ph, "parse", 5);
    }
  }
  if (!no_skip && yaml_list(fm, fe, "features", &ls, &le)) {
    for (size_t i = 0; i < sizeof skip_features / sizeof *skip_features; i++)
      if (list_has(ls, le, skip_features[i])) m.skip = true;
  }
  return m;
}

/* Parses src (strict adds a "use strict" prefix); true when it parsed. */
static bool run_one(const char *path, const char *src, size_t len, bool module, bool strict,
                    char *msg, size_t msgn) {
  ParseOptions o = {0};
  o.goal = module ? PARSE_GOAL_MODULE : PARSE_GOAL_SCRIPT;
  o.filename = path;
  ParseError err;
  Ast *ast;
  if (strict) {
    static const char prefix[] = "\"use strict\";\n";
    char *buf = malloc(len + sizeof prefix);
    memcpy(buf, prefix, sizeof prefix - 1);
    memcpy(buf + sizeof prefix - 1, src, len);
    ast = parser_parse(buf, len + sizeof prefix - 1, &o, &err);
    free(buf);
  } else {
    ast = parser_parse(src, len, &o, &err);
  }
  if (ast) {
    ast_free(ast);
    return true;
  }
  parse_error_format(&err, msg, msgn);
  return false;
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw) {
  (void)sb;
  (void)ftw;
  if (type != FTW_F) return 0;
  size_t n = strlen(path);
  if (n < 3 || strcmp(path + n - 3, ".js")) return 0;
  if (strstr(path, "_FIXTURE")) return 0;
  size_t len;
  char *src = read_file(path, &len);
  if (!src) return 0;
  Meta m = read_meta(src);
  DirCount *d = dir_for(path);
  if (m.skip) {
    d->skip++;
    total_skip++;
    free(src);
    return 0;
  }
  bool ok = true;
  char msg[600] = "";
  bool runs[2] = {false, false}; /* sloppy, strict */
  if (m.module || m.raw) runs[0] = true;
  else if (m.only_strict) runs[1] = true;
  else if (m.no_strict) runs[0] = true;
  else runs[0] = runs[1] = true;
  for (int s = 0; s < 2 && ok; s++) {
    if (!runs[s]) continue;
    bool parsed = run_one(path, src, len, m.module, s == 1, msg, sizeof msg);
    if (m.negative_parse ? parsed : !parsed) {
      ok = false;
      if (m.negative_parse) snprintf(msg, sizeof msg, "%s: parsed but should fail%s", path, s ? " (strict)" : "");
    }
  }
  if (ok) {
    d->pass++;
    total_pass++;
  } else {
    d->fail++;
    total_fail++;
    if (verbose) printf("FAIL %s\n", msg);
  }
  free(src);
  return 0;
}

static int cmp_dirs(const void *a, const void *b) {
  return strcmp(((const DirCount *)a)->name, ((const DirCount *)b)->name);
}

static int run_test262(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--test262") && i + 1 < argc) root = argv[++i];
    else if (!strcmp(argv[i], "-v")) verbose = true;
    else if (!strcmp(argv[i], "--no-skip")) no_skip = true;
    else if (!strcmp(argv[i], "--depth") && i + 1 < argc) depth_levels = atoi(argv[++i]);
  }
  if (!root) return 2;
  root_len = strlen(root);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (nftw(root, visit, 32, FTW_PHYS) != 0) {
    perror(root);
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  qsort(dirs, ndirs, sizeof *dirs, cmp_dirs);
  for (size_t i = 0; i < ndirs; i++)
    printf("%-50s %6u passed %5u failed %5u skipped\n", dirs[i].name, dirs[i].pass,
           dirs[i].fail, dirs[i].skip);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%u skipped, %.2fs\n", total_skip, secs);
  printf("%u passed, %u failed\n", total_pass, total_fail);
  return total_fail ? 1 : 0;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--test262")) return run_test262(argc, argv);
  if (argc < 2) {
    fprintf(stderr, "usage: parsecheck [--module] [--dump] FILE... | --test262 DIR [-v] [--depth N]\n");
    return 2;
  }
  return check_files(argc, argv);
}
