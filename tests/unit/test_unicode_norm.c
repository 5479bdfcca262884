/*
 * test_unicode_norm.c - unit tests of base/unicode_norm.c (UAX #15): Hangul
 * syllables, singleton decompositions, canonical reordering, blocked
 * composition, compatibility mappings, the quick check's no-copy answer,
 * unpaired surrogates and the length limit.
 */
#include <stdlib.h>

#include "base/unicode_norm.h"
#include "test.h"

/* Normalizes the code points in[0..n) (0-terminated lists) and compares with want. */
static bool norm_is(const uint32_t *in, UnicodeNormForm form, const uint32_t *want) {
  uint16_t s[64], w[64];
  size_t n = 0, m = 0;
  for (; *in; in++) {
    if (*in >= 0x10000) {
      s[n++] = (uint16_t)(0xD800 + ((*in - 0x10000) >> 10));
      s[n++] = (uint16_t)(0xDC00 + ((*in - 0x10000) & 0x3FF));
    } else {
      s[n++] = (uint16_t)*in;
    }
  }
  for (; *want; want++) {
    if (*want >= 0x10000) {
      w[m++] = (uint16_t)(0xD800 + ((*want - 0x10000) >> 10));
      w[m++] = (uint16_t)(0xDC00 + ((*want - 0x10000) & 0x3FF));
    } else {
      w[m++] = (uint16_t)*want;
    }
  }
  uint16_t *out = NULL;
  size_t out_len = 0;
  UnicodeNormStatus st = unicode_normalize(s, n, form, 1000, &out, &out_len);
  if (st == UNORM_UNCHANGED) return n == m && memcmp(s, w, n * 2) == 0;
  bool ok = st == UNORM_OK && out_len == m && memcmp(out, w, m * 2) == 0;
  free(out);
  return ok;
}
#define L(...) ((const uint32_t[]){__VA_ARGS__, 0})

TEST(unicode_norm_hangul) {
  EXPECT(norm_is(L(0xAC00), UNORM_NFD, L(0x1100, 0x1161)));
  EXPECT(norm_is(L(0xAC01), UNORM_NFD, L(0x1100, 0x1161, 0x11A8)));
  EXPECT(norm_is(L(0x1100, 0x1161, 0x11A8), UNORM_NFC, L(0xAC01)));
  EXPECT(norm_is(L(0xAC00, 0x11A8), UNORM_NFC, L(0xAC01)));           /* LV + T */
  EXPECT(norm_is(L(0xAC01, 0x11A8), UNORM_NFC, L(0xAC01, 0x11A8)));   /* LVT + T: no */
  EXPECT(norm_is(L(0x1100, 0x11A7), UNORM_NFC, L(0x1100, 0x11A7)));   /* T_BASE is no T */
}

TEST(unicode_norm_singletons_and_exclusions) {
  EXPECT(norm_is(L(0x212B), UNORM_NFD, L(0x41, 0x30A)));    /* ANGSTROM SIGN */
  EXPECT(norm_is(L(0x212B), UNORM_NFC, L(0xC5)));           /* never recomposed to itself */
  EXPECT(norm_is(L(0x2126), UNORM_NFC, L(0x3A9)));          /* OHM SIGN */
  EXPECT(norm_is(L(0x958), UNORM_NFC, L(0x915, 0x93C)));    /* composition exclusion */
  EXPECT(norm_is(L(0x344), UNORM_NFC, L(0x308, 0x301)));    /* non-starter decomposition */
}

TEST(unicode_norm_reordering) {
  /* a + dot below (220) after acute (230): reordered; NFC composes what it can */
  EXPECT(norm_is(L(0x61, 0x301, 0x323), UNORM_NFD, L(0x61, 0x323, 0x301)));
  EXPECT(norm_is(L(0x61, 0x301, 0x323), UNORM_NFC, L(0x1EA1, 0x301)));
  EXPECT(norm_is(L(0x1E9B, 0x323), UNORM_NFC, L(0x1E9B, 0x323)));
  EXPECT(norm_is(L(0x1E9B, 0x323), UNORM_NFD, L(0x17F, 0x323, 0x307)));
  /* a long run of non-starters (counting sort) stays stable within a class */
  uint32_t in[41], want[41];
  in[0] = want[0] = 0x61;
  for (int i = 1; i <= 39; i++) in[i] = i % 2 ? 0x301 : 0x316;   /* 230, 220 */
  for (int i = 1; i <= 19; i++) want[i] = 0x316;
  for (int i = 20; i <= 39; i++) want[i] = 0x301;
  in[40] = want[40] = 0;
  EXPECT(norm_is(in, UNORM_NFD, want));
}

TEST(unicode_norm_blocked_composition) {
  /* a + overline (230, composes with nothing) + acute (230): the acute is blocked */
  EXPECT(norm_is(L(0x61, 0x305, 0x301), UNORM_NFC, L(0x61, 0x305, 0x301)));
  /* e + macron + acute: each composes in turn */
  EXPECT(norm_is(L(0x65, 0x304, 0x301), UNORM_NFC, L(0x1E17)));
  /* e + dot below (220) + circumflex (230): not blocked (lower class between) */
  EXPECT(norm_is(L(0x65, 0x323, 0x302), UNORM_NFC, L(0x1EC7)));
  /* a starter between blocks */
  EXPECT(norm_is(L(0x41, 0x62, 0x30A), UNORM_NFC, L(0x41, 0x62, 0x30A)));
}

TEST(unicode_norm_compatibility) {
  EXPECT(norm_is(L(0xFB01), UNORM_NFKC, L(0x66, 0x69)));    /* fi ligature */
  EXPECT(norm_is(L(0xFB01), UNORM_NFC, L(0xFB01)));
  EXPECT(norm_is(L(0x2460), UNORM_NFKD, L(0x31)));          /* circled digit one */
  EXPECT(norm_is(L(0x1E9B, 0x323), UNORM_NFKC, L(0x1E69)));
  EXPECT(norm_is(L(0xA0), UNORM_NFKC, L(0x20)));
  EXPECT(norm_is(L(0x1D400), UNORM_NFKC, L(0x41)));         /* astral: MATHEMATICAL BOLD A */
  EXPECT(norm_is(L(0x3300), UNORM_NFKC, L(0x30A2, 0x30D1, 0x30FC, 0x30C8)));
}

TEST(unicode_norm_quick_check_and_limits) {
  const uint16_t ascii[] = {'a', 'b', 'c'}, latin1[] = {0xE9, 'x'}, lone[] = {0xD800, 0x301, 0xDC00};
  uint16_t *out = NULL;
  size_t n = 0;
  EXPECT_EQ_INT(unicode_normalize(ascii, 3, UNORM_NFKD, 100, &out, &n), UNORM_UNCHANGED);
  EXPECT_EQ_INT(unicode_normalize(latin1, 2, UNORM_NFC, 100, &out, &n), UNORM_UNCHANGED);
  EXPECT_EQ_INT(unicode_normalize(latin1, 2, UNORM_NFD, 100, &out, &n), UNORM_OK);
  EXPECT_EQ_INT(n, 3);
  free(out);
  EXPECT_EQ_INT(unicode_normalize(lone, 3, UNORM_NFC, 100, &out, &n), UNORM_UNCHANGED);
  const uint16_t wide[] = {0xFDFA, 0xFDFA};   /* 18 code points each */
  EXPECT_EQ_INT(unicode_normalize(wide, 2, UNORM_NFKD, 20, &out, &n), UNORM_TOO_LONG);
  EXPECT_EQ_INT(unicode_normalize(wide, 2, UNORM_NFKD, 36, &out, &n), UNORM_OK);
  EXPECT_EQ_INT(n, 36);
  free(out);
  EXPECT_EQ_INT(unicode_ccc(0x301), 230);
  EXPECT_EQ_INT(unicode_ccc(0x41), 0);
}
