/*
 * module_loader.c - the default module loader: a specifier is a file path,
 * absolute or relative to the directory of the importing module (or to the
 * working directory for code that is not in a file); the resolved key is
 * the file's canonical absolute path (realpath), so a file reached by two
 * spellings is one module.
 *
 * Invariant: returns malloc'd strings only; never touches the JS heap.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "module/module.h"

#define MAX_MODULE_SOURCE ((size_t)1 << 30)

/* The contents of regular file path (NUL-terminated), or NULL. */
static char *read_file(const char *path, size_t *len) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return NULL;   /* no directories, devices, fifos */
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap) break;
    if (cap >= MAX_MODULE_SOURCE) {
      free(buf);
      buf = NULL;
      break;
    }
    cap *= 2;
    char *nb = realloc(buf, cap + 1);
    if (!nb) free(buf);
    buf = nb;
  }
  bool err = ferror(f);
  fclose(f);
  if (!buf || err) {
    free(buf);
    return NULL;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}

char *module_file_loader(void *data, const char *referrer, const char *specifier, char **resolved, size_t *len) {
  (void)data;
  *resolved = NULL;
  if (len) *len = 0;
  if (!specifier || !*specifier) return NULL;
  size_t dir_len = 0;
  if (specifier[0] != '/' && referrer) {
    const char *slash = strrchr(referrer, '/');
    if (slash) dir_len = (size_t)(slash - referrer) + 1;
  }
  size_t sl = strlen(specifier);
  char *joined = malloc(dir_len + sl + 1);
  if (!joined) return NULL;
  memcpy(joined, referrer ? referrer : "", dir_len);
  memcpy(joined + dir_len, specifier, sl + 1);
  char *real = realpath(joined, NULL);
  if (!real) {   /* resolved (as written) but not there: "cannot find" */
    *resolved = joined;
    return NULL;
  }
  free(joined);
  *resolved = real;
  return len ? read_file(real, len) : NULL;
}
