/*
 * unicode_props.c - lookups over the generated Unicode tables
 * (unicode_tables.h, written by tools/gen_unicode_props.py): property names,
 * property ranges and strings, simple case folding, non-unicode Canonicalize.
 *
 * Invariant: every table is sorted and searched by binary search; nothing
 * here allocates.
 */
#include "regexp/unicode_props.h"

#include <string.h>

#include "base/common.h"
#include "regexp/unicode_tables.h"

const char unicode_props_version[] = UNICODE_TABLES_VERSION;

enum { BIN_ASCII = 0, BIN_ANY = 3, BIN_ASSIGNED = 4 };

static const UnicodeName *find_name(const UnicodeName *t, size_t n, const char *name) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int d = strcmp(name, t[mid].name);
    if (!d) return &t[mid];
    if (d < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}

bool unicode_prop_lookup(const char *name, const char *value, UnicodeProp *out) {
  const UnicodeName *e;
  if (!value) {
    if ((e = find_name(gc_names, ARRAY_LEN(gc_names), name))) {
      *out = (UnicodeProp){UPROP_GC, e->value};
      return true;
    }
    if ((e = find_name(binary_names, ARRAY_LEN(binary_names), name))) {
      *out = e->value & 0x100 ? (UnicodeProp){UPROP_STRINGS, e->value & 0xFF}
                              : (UnicodeProp){UPROP_BINARY, e->value};
      return true;
    }
    return false;
  }
  if (!strcmp(name, "General_Category") || !strcmp(name, "gc")) {
    if (!(e = find_name(gc_names, ARRAY_LEN(gc_names), value))) return false;
    *out = (UnicodeProp){UPROP_GC, e->value};
    return true;
  }
  bool sc = !strcmp(name, "Script") || !strcmp(name, "sc");
  bool scx = !strcmp(name, "Script_Extensions") || !strcmp(name, "scx");
  if (!sc && !scx) return false;
  if (!(e = find_name(sc_names, ARRAY_LEN(sc_names), value))) return false;
  *out = (UnicodeProp){sc ? UPROP_SC : UPROP_SCX, e->value};
  return true;
}

/* Index of the last run whose start (word >> shift) is <= cp. */
static size_t run_index(const uint32_t *t, size_t n, uint32_t shift, uint32_t cp) {
  size_t lo = 0, hi = n;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if ((t[mid] >> shift) <= cp) lo = mid;
    else hi = mid;
  }
  return lo;
}
static uint32_t gc_of(uint32_t cp) { return gc_runs[run_index(gc_runs, ARRAY_LEN(gc_runs), 5, cp)] & 31; }
static uint32_t sc_of(uint32_t cp) { return sc_runs[run_index(sc_runs, ARRAY_LEN(sc_runs), 8, cp)] & 255; }
/* Whether script s is in Script_Extensions(cp). */
static bool scx_has(uint32_t cp, uint32_t s) {
  uint32_t set = scx_runs[run_index(scx_runs, ARRAY_LEN(scx_runs), 11, cp)] & 2047;
  if (!set) return sc_of(cp) == s;
  const uint8_t *p = scx_sets + scx_set_at[set];
  for (uint32_t i = 1; i <= p[0]; i++)
    if (p[i] == s) return true;
  return false;
}
static uint32_t read_varint(const uint8_t **p) {
  uint32_t v = 0;
  for (uint32_t shift = 0;; shift += 7) {
    uint8_t b = *(*p)++;
    v |= (uint32_t)(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
}
/* Calls fn for each range of binary property b. */
static void bin_each(uint32_t b, void (*fn)(void *ctx, uint32_t lo, uint32_t hi), void *ctx) {
  uint32_t n = bin_props[b].n;
  for (uint32_t i = 0; i < n; i += BIN_BLOCK) {
    const uint32_t *blk = bin_index[bin_props[b].at + i / BIN_BLOCK];
    const uint8_t *p = bin_data + blk[1];
    uint32_t next = blk[0];
    for (uint32_t k = i; k < n && k < i + BIN_BLOCK; k++) {
      uint32_t lo = next + read_varint(&p);
      uint32_t hi = lo + read_varint(&p);
      fn(ctx, lo, hi);
      next = hi + 1;
    }
  }
}
static bool bin_has(uint32_t b, uint32_t cp) {
  if (b == BIN_ASCII) return cp < 0x80;
  if (b == BIN_ANY) return cp <= 0x10FFFF;
  if (b == BIN_ASSIGNED) return gc_of(cp) != CAT_CN;
  uint32_t n = bin_props[b].n;
  if (!n) return false;
  const uint32_t(*idx)[2] = bin_index + bin_props[b].at;
  uint32_t nblocks = (n + BIN_BLOCK - 1) / BIN_BLOCK;
  if (idx[0][0] > cp) return false;
  uint32_t lo = 0, hi = nblocks; /* the last block starting at or before cp */
  while (hi - lo > 1) {
    uint32_t mid = (lo + hi) / 2;
    if (idx[mid][0] <= cp) lo = mid;
    else hi = mid;
  }
  const uint8_t *p = bin_data + idx[lo][1];
  uint32_t next = idx[lo][0];
  for (uint32_t k = lo * BIN_BLOCK; k < n && k < (lo + 1) * BIN_BLOCK; k++) {
    uint32_t rlo = next + read_varint(&p);
    uint32_t rhi = rlo + read_varint(&p);
    if (cp < rlo) return false;
    if (cp <= rhi) return true;
    next = rhi + 1;
  }
  return false;
}

/* The next string of a property of strings at *i, decoded into buf, which
 * holds the previous string of the property (front coding): its length. */
static uint32_t decode_string(uint32_t *i, uint32_t *buf) {
  uint32_t head = emoji_strings[(*i)++];
  uint32_t shared = head >> 8, n = shared + (head & 255);
  for (uint32_t k = shared; k < n; k++) {
    uint32_t u = emoji_strings[(*i)++];
    if (u >= 0xD800 && u < 0xE300) u = 0x1F000 + (u - 0xD800);
    else if (u >= 0xE300 && u < 0xE400) u = 0xE0000 + (u - 0xE300);
    buf[k] = u;
  }
  return n;
}
/* Calls fn for every string of property s (all of them for RGI_Emoji). */
static void each_string(uint32_t s, void (*fn)(void *ctx, const uint32_t *cps, uint32_t n), void *ctx) {
  uint32_t buf[16];
  for (uint32_t p = 0; p < STRING_PROP_COUNT; p++) {
    if (s != STRING_PROP_COUNT && s != p) continue;
    for (uint32_t i = string_props[p].at, end = i + string_props[p].n; i < end;) {
      uint32_t n = decode_string(&i, buf);
      fn(ctx, buf, n);
    }
  }
}

bool unicode_prop_contains(UnicodeProp p, uint32_t cp) {
  if (cp > 0x10FFFF) return false;
  switch (p.kind) {
    case UPROP_GC: return (p.value >> gc_of(cp)) & 1;
    case UPROP_SC: return sc_of(cp) == p.value;
    case UPROP_SCX: return scx_has(cp, p.value);
    case UPROP_BINARY: return bin_has(p.value, cp);
    case UPROP_STRINGS: {
      uint32_t buf[16];
      for (uint32_t q = 0; q < STRING_PROP_COUNT; q++) {
        if (p.value != STRING_PROP_COUNT && p.value != q) continue;
        for (uint32_t i = string_props[q].at, end = i + string_props[q].n; i < end;)
          if (decode_string(&i, buf) == 1 && buf[0] == cp) return true;
      }
      return false;
    }
  }
  return false;
}

/* Reports the runs of a run table whose value satisfies pred. */
static void runs_ranges(const uint32_t *t, size_t n, uint32_t shift, bool (*pred)(uint32_t v, uint32_t arg),
                        uint32_t arg, void (*fn)(void *ctx, uint32_t lo, uint32_t hi), void *ctx) {
  uint32_t mask = (1u << shift) - 1;
  for (size_t i = 0; i < n; i++) {
    if (!pred(t[i] & mask, arg)) continue;
    uint32_t lo = t[i] >> shift, hi = i + 1 < n ? (t[i + 1] >> shift) - 1 : 0x10FFFF;
    fn(ctx, lo, hi);
  }
}
static bool pred_mask(uint32_t v, uint32_t arg) { return (arg >> v) & 1; }
static bool pred_eq(uint32_t v, uint32_t arg) { return v == arg; }

typedef struct {
  void (*fn)(void *ctx, uint32_t lo, uint32_t hi);
  void *ctx;
} ScxCtx;
/* Script=s ranges, less the code points that ScriptExtensions.txt lists. */
static void scx_clip(void *vctx, uint32_t lo, uint32_t hi) {
  ScxCtx *x = vctx;
  while (lo <= hi) {
    size_t i = run_index(scx_runs, ARRAY_LEN(scx_runs), 11, lo);
    uint32_t end = i + 1 < ARRAY_LEN(scx_runs) ? (scx_runs[i + 1] >> 11) - 1 : 0x10FFFF;
    if (end > hi) end = hi;
    if (!(scx_runs[i] & 2047)) x->fn(x->ctx, lo, end);
    lo = end + 1;
  }
}
static bool pred_set_has(uint32_t v, uint32_t arg) {
  if (!v) return false;
  const uint8_t *p = scx_sets + scx_set_at[v];
  for (uint32_t i = 1; i <= p[0]; i++)
    if (p[i] == arg) return true;
  return false;
}
typedef struct {
  void (*fn)(void *ctx, uint32_t lo, uint32_t hi);
  void *ctx;
} SingleCtx;
static void single_string(void *vctx, const uint32_t *cps, uint32_t n) {
  SingleCtx *x = vctx;
  if (n == 1) x->fn(x->ctx, cps[0], cps[0]);
}

void unicode_prop_ranges(UnicodeProp p, void (*fn)(void *ctx, uint32_t lo, uint32_t hi), void *ctx) {
  switch (p.kind) {
    case UPROP_GC: runs_ranges(gc_runs, ARRAY_LEN(gc_runs), 5, pred_mask, p.value, fn, ctx); return;
    case UPROP_SC: runs_ranges(sc_runs, ARRAY_LEN(sc_runs), 8, pred_eq, p.value, fn, ctx); return;
    case UPROP_SCX: {
      ScxCtx x = {fn, ctx};
      runs_ranges(sc_runs, ARRAY_LEN(sc_runs), 8, pred_eq, p.value, scx_clip, &x);
      runs_ranges(scx_runs, ARRAY_LEN(scx_runs), 11, pred_set_has, p.value, fn, ctx);
      return;
    }
    case UPROP_BINARY: {
      if (p.value == BIN_ASCII) {
        fn(ctx, 0, 0x7F);
        return;
      }
      if (p.value == BIN_ANY) {
        fn(ctx, 0, 0x10FFFF);
        return;
      }
      if (p.value == BIN_ASSIGNED) {
        runs_ranges(gc_runs, ARRAY_LEN(gc_runs), 5, pred_mask, ~(1u << CAT_CN), fn, ctx);
        return;
      }
      bin_each(p.value, fn, ctx);
      return;
    }
    case UPROP_STRINGS: {
      SingleCtx x = {fn, ctx};
      each_string(p.value, single_string, &x);
      return;
    }
  }
}

typedef struct {
  void (*fn)(void *ctx, const uint32_t *cps, uint32_t n);
  void *ctx;
} MultiCtx;
static void multi_string(void *vctx, const uint32_t *cps, uint32_t n) {
  MultiCtx *x = vctx;
  if (n != 1) x->fn(x->ctx, cps, n);
}
void unicode_prop_strings(UnicodeProp p, void (*fn)(void *ctx, const uint32_t *cps, uint32_t n), void *ctx) {
  if (p.kind != UPROP_STRINGS) return;
  MultiCtx x = {fn, ctx};
  each_string(p.value, multi_string, &x);
}

/* A map of runs (start << 8 | len - 1, delta << 1 | stride == 2) applied to cp. */
static uint32_t map_runs(const uint32_t (*t)[2], size_t n, uint32_t cp) {
  if (!n || (t[0][0] >> 8) > cp) return cp;
  size_t lo = 0, hi = n;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if ((t[mid][0] >> 8) <= cp) lo = mid;
    else hi = mid;
  }
  uint32_t start = t[lo][0] >> 8, len = (t[lo][0] & 255) + 1, stride = (t[lo][1] & 1) + 1;
  uint32_t off = cp - start;
  if (off % stride || off / stride >= len) return cp;
  return (uint32_t)((int32_t)cp + ((int32_t)t[lo][1] >> 1));
}

uint32_t unicode_simple_fold(uint32_t cp) {
  if (cp < 128) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  return map_runs(fold_map, ARRAY_LEN(fold_map), cp);
}
uint32_t unicode_canon_upper(uint32_t cu) {
  if (cu < 128) return cu >= 'a' && cu <= 'z' ? cu - 32 : cu;
  return map_runs(upper_map, ARRAY_LEN(upper_map), cu);
}

void unicode_case_pairs(bool unicode, void (*fn)(void *ctx, uint32_t x, uint32_t k), void *ctx) {
  const uint32_t(*t)[2] = unicode ? fold_map : upper_map;
  size_t n = unicode ? ARRAY_LEN(fold_map) : ARRAY_LEN(upper_map);
  for (size_t i = 0; i < n; i++) {
    uint32_t start = t[i][0] >> 8, len = (t[i][0] & 255) + 1, stride = (t[i][1] & 1) + 1;
    int32_t delta = (int32_t)t[i][1] >> 1;
    for (uint32_t k = 0; k < len; k++) {
      uint32_t x = start + k * stride;
      fn(ctx, x, (uint32_t)((int32_t)x + delta));
    }
  }
}
