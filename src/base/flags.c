/*
 * flags.c - parsing of the flags that flags.h lists. rd_flags_parse removes
 * the flags it recognizes from argv and keeps the rest in order.
 * Invariant: an unknown --flag or a malformed value is reported once on
 * stderr and makes the parse fail; it is never silently ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/flags.h"
#include "rondo.h"

#define FLAG_DEFINE(type, name, def, help) FLAG_CTYPE_##type FLAG_##name = def;
FLAG_LIST(FLAG_DEFINE)
#undef FLAG_DEFINE

typedef struct {
  const char *name;
  FlagType type;
  void *addr;
  int64_t def;
  const char *def_text;   /* the default as written in FLAG_LIST */
  const char *help;
} FlagInfo;

static const FlagInfo flag_table[] = {
#define FLAG_INFO(type, name, def, help) \
  {#name, FLAG_TYPE_##type, &FLAG_##name, (int64_t)(def), #def, help},
    FLAG_LIST(FLAG_INFO)
#undef FLAG_INFO
};

void flags_reset(void) {
  for (size_t i = 0; i < ARRAY_LEN(flag_table); i++) {
    const FlagInfo *f = &flag_table[i];
    if (f->type == FLAG_TYPE_BOOL)
      *(bool *)f->addr = f->def != 0;
    else
      *(int64_t *)f->addr = f->def;
  }
}

void flags_print_help(void) {
  printf("Flags (--name, --name=value, --no-name; '-' and '_' are the same):\n");
  for (size_t i = 0; i < ARRAY_LEN(flag_table); i++) {
    const FlagInfo *f = &flag_table[i];
    char name[64];
    size_t j;
    for (j = 0; f->name[j] && j < sizeof name - 1; j++)
      name[j] = f->name[j] == '_' ? '-' : f->name[j];
    name[j] = 0;
    /* The default as written, so the text is the same in every build. */
    const char *def = strcmp(f->def_text, "RD_DEBUG_DEFAULT") ? f->def_text
                                                               : "true in debug builds, else false";
    printf("  --%-24s %s (default: %s)\n", name, f->help, def);
  }
}

/* Compares a flag name with the text of an argument, '-' matching '_'. */
static bool name_matches(const char *flag, const char *arg, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char a = arg[i] == '-' ? '_' : arg[i];
    if (flag[i] != a) return false;
  }
  return flag[n] == 0;
}

/* Parses one "--x[=v]" argument; returns 1 if taken, 0 if not a flag, -1 on error. */
static int parse_one(const char *arg) {
  const char *body = arg + 2, *eq = strchr(body, '=');
  size_t n = eq ? (size_t)(eq - body) : strlen(body);
  bool negated = false;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < ARRAY_LEN(flag_table); i++) {
      const FlagInfo *f = &flag_table[i];
      if (!name_matches(f->name, body, n)) continue;
      if (f->type == FLAG_TYPE_BOOL) {
        if (eq) {
          if (!strcmp(eq + 1, "true")) *(bool *)f->addr = !negated;
          else if (!strcmp(eq + 1, "false")) *(bool *)f->addr = negated;
          else goto bad;
        } else {
          *(bool *)f->addr = !negated;
        }
        return 1;
      }
      if (!eq || negated) goto bad;
      char *end;
      errno = 0;
      long long v = strtoll(eq + 1, &end, 10);
      if (errno || end == eq + 1 || *end || v < 0) goto bad;
      *(int64_t *)f->addr = v;
      return 1;
    bad:
      fprintf(stderr, "rondo: bad value for flag %s\n", arg);
      return -1;
    }
    /* Second pass: --no-name. */
    if (n > 3 && !strncmp(body, "no-", 3)) {
      body += 3;
      n -= 3;
      negated = true;
    } else {
      break;
    }
  }
  return 0;
}

int rd_flags_parse(int argc, char **argv) {
  int out = 1;
  bool rest = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!rest && !strcmp(a, "--")) {
      rest = true;
      continue;
    }
    if (!rest && a[0] == '-' && a[1] == '-' && a[2]) {
      int r = parse_one(a);
      if (r < 0) return -1;
      if (r == 0) {
        fprintf(stderr, "rondo: unknown flag %s (see --help)\n", a);
        return -1;
      }
      continue;
    }
    argv[out++] = argv[i];
  }
  argv[out] = NULL;
  return out;
}
