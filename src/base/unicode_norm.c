/*
 * unicode_norm.c - Unicode normalization forms (UAX #15) over UTF-16:
 * a quick check (the text is returned unchanged, without a copy, when every
 * code point is quick-check Yes and the combining classes are in order),
 * else full decomposition (recursive over the one-level mappings of the
 * tables; Hangul syllables algorithmically), the canonical ordering
 * algorithm, and for NFC / NFKC the canonical composition algorithm.
 *
 * The text is processed in segments, each ending before a starter that no
 * earlier character can reorder or compose with, so the working UTF-32
 * buffer stays small for ordinary text. The class, quick-check and
 * has-a-decomposition answers of the BMP are cached in two 64K byte tables
 * filled on first use.
 *
 * Invariant: the working buffers are malloc'd and freed on every path; no
 * result grows past the caller's max_len (an allocation-free pre-pass
 * rejects input whose result is certainly too long, and each segment is
 * checked before the result grows), so hostile input fails with
 * UNORM_TOO_LONG instead of exhausting memory.
 */
#include "base/unicode_norm.h"

#include <stdlib.h>
#include <string.h>

/* Hangul syllable constants (Unicode 3.12). */
enum {
  S_BASE = 0xAC00, L_BASE = 0x1100, V_BASE = 0x1161, T_BASE = 0x11A7,
  L_COUNT = 19, V_COUNT = 21, T_COUNT = 28, N_COUNT = V_COUNT * T_COUNT, S_COUNT = L_COUNT * N_COUNT,
};

/* Below these code points every character is quick-check Yes with class 0. */
static const uint32_t qc_floor[] = {[UNORM_NFC] = 0x300, [UNORM_NFD] = 0xC0, [UNORM_NFKC] = 0xA0, [UNORM_NFKD] = 0xA0};

/* The class of cp by binary search over the ranges. */
static uint8_t ccc_search(uint32_t cp) {
  uint32_t lo = 0, hi = norm_ccc_count;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (cp < norm_ccc[mid].a)
      hi = mid;
    else if (cp > norm_ccc[mid].b)
      lo = mid + 1;
    else
      return (uint8_t)norm_ccc[mid].c;
  }
  return 0;
}

/* Per-BMP-code-point cache of the tables, filled on first use (then
 * read-only): the class, and flags for quick-check not-Yes per form and for
 * having a decomposition mapping. */
enum { F_QC_NFC = 1, F_QC_NFD = 2, F_QC_NFKC = 4, F_QC_NFKD = 8, F_DECOMP = 16 };
static uint8_t bmp_ccc[0x10000], bmp_flags[0x10000];
static int bmp_ready;
static void bmp_init(void);

uint8_t unicode_ccc(uint32_t cp) {
  if (cp < 0x300) return 0;
  if (cp < 0x10000 && __atomic_load_n(&bmp_ready, __ATOMIC_ACQUIRE)) return bmp_ccc[cp];
  return ccc_search(cp);
}

/* True if cp is in one of the n sorted ranges r. */
static bool in_ranges(const NormRange *r, uint32_t n, uint32_t cp) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (cp < r[mid].first)
      hi = mid;
    else if (cp > r[mid].last)
      lo = mid + 1;
    else
      return true;
  }
  return false;
}

/* The decomposition entry of cp, or NULL. */
static const NormDecomp *find_decomp(uint32_t cp) {
  uint32_t lo = 0, hi = norm_decomp_count;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (cp < norm_decomp[mid].cp)
      hi = mid;
    else if (cp > norm_decomp[mid].cp)
      lo = mid + 1;
    else
      return &norm_decomp[mid];
  }
  return NULL;
}

static const struct { const NormRange *r; const uint32_t *n; } qc_tables[] = {
    [UNORM_NFC] = {norm_qc_nfc, &norm_qc_nfc_count}, [UNORM_NFD] = {norm_qc_nfd, &norm_qc_nfd_count},
    [UNORM_NFKC] = {norm_qc_nfkc, &norm_qc_nfkc_count}, [UNORM_NFKD] = {norm_qc_nfkd, &norm_qc_nfkd_count}};
static const uint8_t qc_flag[] = {[UNORM_NFC] = F_QC_NFC, [UNORM_NFD] = F_QC_NFD, [UNORM_NFKC] = F_QC_NFKC,
                                  [UNORM_NFKD] = F_QC_NFKD};

/* Fills the BMP cache (idempotent: concurrent fills write the same bytes). */
static void bmp_init(void) {
  for (uint32_t i = 0; i < norm_ccc_count; i++)
    for (uint32_t c = norm_ccc[i].a; c <= norm_ccc[i].b && c < 0x10000; c++) bmp_ccc[c] = (uint8_t)norm_ccc[i].c;
  for (int f = 0; f < 4; f++)
    for (uint32_t i = 0; i < *qc_tables[f].n; i++)
      for (uint32_t c = qc_tables[f].r[i].first; c <= qc_tables[f].r[i].last && c < 0x10000; c++) bmp_flags[c] |= qc_flag[f];
  for (uint32_t i = 0; i < norm_decomp_count && norm_decomp[i].cp < 0x10000; i++) bmp_flags[norm_decomp[i].cp] |= F_DECOMP;
  __atomic_store_n(&bmp_ready, 1, __ATOMIC_RELEASE);
}

/* True if cp's quick-check value for form is not Yes. */
static bool qc_not_yes(uint32_t cp, UnicodeNormForm form) {
  if (cp < 0x10000) return bmp_flags[cp] & qc_flag[form];
  return in_ranges(qc_tables[form].r, *qc_tables[form].n, cp);
}

/* The primary composite of (a, b), or 0. */
static uint32_t compose_pair(uint32_t a, uint32_t b) {
  if (a - L_BASE < L_COUNT && b - V_BASE < V_COUNT) return S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT;
  if (a - S_BASE < S_COUNT && (a - S_BASE) % T_COUNT == 0 && b - T_BASE - 1 < T_COUNT - 1) return a + (b - T_BASE);
  uint32_t lo = 0, hi = norm_compose_count;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    const NormRange3 *e = &norm_compose[mid];
    if (a < e->a || (a == e->a && b < e->b))
      hi = mid;
    else if (a > e->a || b > e->b)
      lo = mid + 1;
    else
      return e->c;
  }
  return 0;
}

/* The code point at s[*i] (a surrogate pair, or one unit), advancing *i. */
static uint32_t next_cp(const uint16_t *s, size_t n, size_t *i) {
  uint32_t c = s[(*i)++];
  if (c - 0xD800 < 0x400 && *i < n && (uint32_t)s[*i] - 0xDC00 < 0x400) c = 0x10000 + ((c - 0xD800) << 10) + (s[(*i)++] - 0xDC00);
  return c;
}

/* The quick check: true if s is certainly in form already. */
static bool quick_check_yes(const uint16_t *s, size_t n, UnicodeNormForm form) {
  uint32_t floor = qc_floor[form];
  uint8_t last = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] < floor) {
      i++;
      last = 0;
      continue;
    }
    uint32_t c = next_cp(s, n, &i);
    uint8_t cc = unicode_ccc(c);
    if ((cc != 0 && last > cc) || qc_not_yes(c, form)) return false;
    last = cc;
  }
  return true;
}

/* Room for the longest full decomposition of one code point (18 in Unicode
 * 15: U+FDFA; tools/gen_unicode_norm.py checks the data stays under it). */
#define MAX_DECOMP 32

/* Writes the full decomposition of c (canonical, or compat too) at dst[k..);
 * returns the new k. */
static size_t decompose(uint32_t *dst, size_t k, uint32_t c, bool compat) {
  if (c - S_BASE < S_COUNT) {
    uint32_t si = c - S_BASE;
    dst[k++] = L_BASE + si / N_COUNT;
    dst[k++] = V_BASE + (si % N_COUNT) / T_COUNT;
    if (si % T_COUNT) dst[k++] = T_BASE + si % T_COUNT;
    return k;
  }
  const NormDecomp *d = c < 0xA0 || (c < 0x10000 && !(bmp_flags[c] & F_DECOMP)) ? NULL : find_decomp(c);
  if (!d || ((d->off & NORM_COMPAT) && !compat)) {
    dst[k++] = c;
    return k;
  }
  const uint32_t *m = &norm_pool[d->off & ~NORM_COMPAT];
  for (uint16_t i = 0; i < d->len; i++) k = decompose(dst, k, m[i], compat);   /* depth bounded by the data */
  return k;
}

/* The canonical ordering algorithm: a stable sort by class of each run of
 * non-starters (insertion sort for short runs, counting sort for long ones). */
static bool canonical_order(uint32_t *cps, size_t n) {
  for (size_t i = 0; i < n;) {
    if (unicode_ccc(cps[i]) == 0) {
      i++;
      continue;
    }
    size_t start = i;
    while (i < n && unicode_ccc(cps[i]) != 0) i++;
    size_t len = i - start;
    uint32_t *run = cps + start;
    if (len <= 32) {
      for (size_t j = 1; j < len; j++) {
        uint32_t c = run[j];
        uint8_t cc = unicode_ccc(c);
        size_t k = j;
        for (; k > 0 && unicode_ccc(run[k - 1]) > cc; k--) run[k] = run[k - 1];
        run[k] = c;
      }
      continue;
    }
    uint32_t *tmp = malloc(len * sizeof *tmp);
    if (!tmp) return false;
    size_t start_of[257] = {0};
    for (size_t j = 0; j < len; j++) start_of[unicode_ccc(run[j]) + 1]++;
    for (int c = 1; c < 257; c++) start_of[c] += start_of[c - 1];
    for (size_t j = 0; j < len; j++) tmp[start_of[unicode_ccc(run[j])]++] = run[j];
    memcpy(run, tmp, len * sizeof *tmp);
    free(tmp);
  }
  return true;
}

/* The canonical composition algorithm in place; returns the new length. */
static size_t compose(uint32_t *cps, size_t n) {
  size_t out = 0;
  ptrdiff_t starter = -1;
  int last_cc = -1;   /* class of the last character kept after the starter; -1: none */
  for (size_t i = 0; i < n; i++) {
    uint32_t c = cps[i];
    int cc = unicode_ccc(c);
    if (starter >= 0 && !(last_cc == 0 || last_cc >= cc)) {
      uint32_t comp = compose_pair(cps[starter], c);
      if (comp) {
        cps[starter] = comp;
        continue;
      }
    }
    if (cc == 0) {
      starter = (ptrdiff_t)out;
      last_cc = -1;
    } else {
      last_cc = cc;
    }
    cps[out++] = c;
  }
  return out;
}

/* Growable buffers: the segment being normalized (UTF-32) and the result (UTF-16). */
typedef struct {
  uint32_t *seg;
  size_t seg_len, seg_cap;
  uint16_t *out;
  size_t out_len, out_cap, max;
  UnicodeNormStatus status;   /* UNORM_OK until something fails */
} NormState;

static bool grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return true;
  size_t cap2 = *cap ? *cap : 64;
  while (cap2 < need) cap2 *= 2;
  void *q = realloc(*p, cap2 * elem);
  if (!q) return false;
  *p = q;
  *cap = cap2;
  return true;
}

/* Reorders (and composes) the segment, appends it to the result and empties it. */
static void flush(NormState *st, bool composing) {
  if (st->status != UNORM_OK) return;
  if (!canonical_order(st->seg, st->seg_len)) {
    st->status = UNORM_NO_MEMORY;
    return;
  }
  size_t n = composing ? compose(st->seg, st->seg_len) : st->seg_len;
  size_t units = n;
  for (size_t i = 0; i < n; i++) units += st->seg[i] >= 0x10000;
  if (units > st->max - st->out_len) {
    st->status = UNORM_TOO_LONG;
    return;
  }
  if (!grow((void **)&st->out, &st->out_cap, st->out_len + units, sizeof *st->out)) {
    st->status = UNORM_NO_MEMORY;
    return;
  }
  for (size_t i = 0; i < n; i++) {
    uint32_t c = st->seg[i];
    if (c >= 0x10000) {
      st->out[st->out_len++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
      st->out[st->out_len++] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      st->out[st->out_len++] = (uint16_t)c;
    }
  }
  st->seg_len = 0;
}

/* True if the result of normalizing s[0..n) to form is certainly longer than
 * max units: for decomposition forms the length of the full decomposition
 * (exact), for composition forms the number of segments (each gives at least
 * one unit). Allocates nothing. */
static bool certainly_too_long(const uint16_t *s, size_t n, UnicodeNormForm form, size_t max) {
  bool compat = form == UNORM_NFKC || form == UNORM_NFKD, composing = form == UNORM_NFC || form == UNORM_NFKC;
  if (n <= max / MAX_DECOMP) return false;
  uint32_t tmp[MAX_DECOMP], prev = UINT32_MAX;
  size_t total = 0, add = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp = next_cp(s, n, &i);
    if (cp != prev) {   /* runs of one code point (the usual hostile input) count once */
      size_t k = decompose(tmp, 0, cp, compat);
      add = 0;
      for (size_t j = 0; j < k; j++) {
        uint32_t c = tmp[j];
        if (!composing)
          add += c >= 0x10000 ? 2 : 1;
        else
          add += unicode_ccc(c) == 0 && !qc_not_yes(c, form);
      }
      prev = cp;
    }
    total += add;
    if (total > max) return true;
  }
  return false;
}

UnicodeNormStatus unicode_normalize(const uint16_t *s, size_t n, UnicodeNormForm form, size_t max_len,
                                    uint16_t **out, size_t *out_len) {
  if (!__atomic_load_n(&bmp_ready, __ATOMIC_ACQUIRE)) bmp_init();
  if (quick_check_yes(s, n, form)) return UNORM_UNCHANGED;
  bool compat = form == UNORM_NFKC || form == UNORM_NFKD;
  bool composing = form == UNORM_NFC || form == UNORM_NFKC;
  if (certainly_too_long(s, n, form, max_len)) return UNORM_TOO_LONG;   /* before anything is allocated */
  /* Segments end before a starter that nothing before it can reorder with or
   * (composing) compose with: class 0 and not quick-check Maybe. */
  NormState st = {.max = max_len, .status = UNORM_OK};
  uint32_t tmp[MAX_DECOMP];
  for (size_t i = 0; i < n && st.status == UNORM_OK;) {
    size_t k = decompose(tmp, 0, next_cp(s, n, &i), compat);
    for (size_t j = 0; j < k && st.status == UNORM_OK; j++) {
      uint32_t c = tmp[j];
      if (st.seg_len > 0 && unicode_ccc(c) == 0 && !(composing && qc_not_yes(c, form))) flush(&st, composing);
      if (st.seg_len >= st.max) st.status = UNORM_TOO_LONG;   /* one segment longer than any result */
      else if (!grow((void **)&st.seg, &st.seg_cap, st.seg_len + 1, sizeof *st.seg)) st.status = UNORM_NO_MEMORY;
      else st.seg[st.seg_len++] = c;
    }
  }
  if (st.seg_len > 0) flush(&st, composing);
  free(st.seg);
  if (st.status != UNORM_OK || (st.out_len == n && memcmp(st.out, s, n * sizeof *s) == 0)) {
    free(st.out);
    return st.status == UNORM_OK ? UNORM_UNCHANGED : st.status;
  }
  if (!st.out) st.out = malloc(sizeof *st.out);   /* an empty result still gets a buffer */
  if (!st.out) return UNORM_NO_MEMORY;
  *out = st.out;
  *out_len = st.out_len;
  return UNORM_OK;
}
