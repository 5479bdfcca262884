/*
 * unicode_norm.h - Unicode normalization (UAX #15: NFC, NFD, NFKC, NFKD) of
 * UTF-16 text, for String.prototype.normalize. The data is generated from
 * the UCD by tools/gen_unicode_norm.py (unicode_norm_tables.c).
 *
 * Invariant: pure functions of their input; they never touch the JS heap.
 * Unpaired surrogates are kept as they are (as code points with class 0 and
 * no decomposition).
 */
#ifndef RONDO_BASE_UNICODE_NORM_H
#define RONDO_BASE_UNICODE_NORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { UNORM_NFC, UNORM_NFD, UNORM_NFKC, UNORM_NFKD } UnicodeNormForm;
typedef enum {
  UNORM_UNCHANGED,   /* the text is already in the form: no copy was made */
  UNORM_OK,          /* *out (malloc'd) holds *out_len units */
  UNORM_NO_MEMORY,
  UNORM_TOO_LONG,    /* the result would exceed max_len units */
} UnicodeNormStatus;

/* Normalizes s[0..n) to form. */
UnicodeNormStatus unicode_normalize(const uint16_t *s, size_t n, UnicodeNormForm form, size_t max_len,
                                    uint16_t **out, size_t *out_len);
/* The canonical combining class of code point cp. */
uint8_t unicode_ccc(uint32_t cp);

/* --- the generated tables (unicode_norm_tables.c) ------------------------------------ */
typedef struct { uint32_t first, last; } NormRange;
typedef struct { uint32_t a, b, c; } NormRange3;   /* ccc: {first, last, class}; compose: {first, second, composite} */
typedef struct { uint32_t cp; uint16_t off; uint16_t len; } NormDecomp;   /* off: NORM_COMPAT | pool offset */
#define NORM_COMPAT 0x8000u
extern const NormRange3 norm_ccc[];
extern const uint32_t norm_ccc_count;
extern const NormDecomp norm_decomp[];
extern const uint32_t norm_decomp_count;
extern const uint32_t norm_pool[];
extern const NormRange3 norm_compose[];
extern const uint32_t norm_compose_count;
extern const NormRange norm_qc_nfd[], norm_qc_nfkd[], norm_qc_nfc[], norm_qc_nfkc[];
extern const uint32_t norm_qc_nfd_count, norm_qc_nfkd_count, norm_qc_nfc_count, norm_qc_nfkc_count;

#endif
