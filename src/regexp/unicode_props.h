/*
 * unicode_props.h - Unicode properties for the RegExp engine: resolving the
 * names of \p{...} (ECMA-262's tables, exact matching, no loose matching),
 * the code point ranges and strings of a property, simple case folding and
 * the non-unicode Canonicalize, from the tables tools/gen_unicode_props.py
 * generates (src/regexp/unicode_tables.h).
 *
 * Invariant: every function is pure and allocation-free; ranges are reported
 * sorted, disjoint and non-adjacent where the tables make them so (callers
 * normalize anyway).
 */
#ifndef RONDO_REGEXP_UNICODE_PROPS_H
#define RONDO_REGEXP_UNICODE_PROPS_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
  UPROP_GC,      /* value: a mask of categories */
  UPROP_SC,      /* value: a script */
  UPROP_SCX,     /* value: a script */
  UPROP_BINARY,  /* value: index of the binary property */
  UPROP_STRINGS, /* value: index of the property of strings (RGI_Emoji: all) */
} UnicodePropKind;

typedef struct UnicodeProp {
  UnicodePropKind kind;
  uint32_t value;
} UnicodeProp;

/* The Unicode version of the tables ("15.0.0"). */
extern const char unicode_props_version[];

/* Resolves \p{name} (value NULL) or \p{name=value} (ASCII, NUL-terminated):
 * false if ECMA-262 does not allow it. */
bool unicode_prop_lookup(const char *name, const char *value, UnicodeProp *out);
/* Whether cp has the property (a property of strings: its one-code-point strings). */
bool unicode_prop_contains(UnicodeProp p, uint32_t cp);
/* Calls fn(ctx, lo, hi) for each range of code points with the property (for
 * a property of strings, its strings of one code point). */
void unicode_prop_ranges(UnicodeProp p, void (*fn)(void *ctx, uint32_t lo, uint32_t hi), void *ctx);
/* Calls fn(ctx, cps, n) for each string of more than one code point of a
 * property of strings (cps is valid during the call). */
void unicode_prop_strings(UnicodeProp p, void (*fn)(void *ctx, const uint32_t *cps, uint32_t n), void *ctx);

/* scf(cp): simple case folding (CaseFolding.txt statuses C and S). */
uint32_t unicode_simple_fold(uint32_t cp);
/* Canonicalize of non-unicode ignoreCase for a code unit: its toUppercase if
 * that is one code unit and does not map non-ASCII to ASCII, else cu. */
uint32_t unicode_canon_upper(uint32_t cu);
/* Calls fn(ctx, x, k) for every x with scf(x) = k != x (unicode) or
 * canon_upper(x) = k != x (non-unicode); every such k is a fixed point. */
void unicode_case_pairs(bool unicode, void (*fn)(void *ctx, uint32_t x, uint32_t k), void *ctx);

#endif
