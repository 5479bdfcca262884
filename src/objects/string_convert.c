/*
 * string_convert.c - strings to and from UTF-8 and numbers.
 *
 * Invariants: UTF-8 input is decoded as the WHATWG/Unicode "maximal subpart"
 * rule says (each ill-formed subsequence becomes one U+FFFD; overlongs,
 * encoded surrogates and code points above U+10FFFF are ill-formed) and
 * supplementary characters become surrogate pairs; UTF-8 output combines
 * surrogate pairs (also across cons-string pieces) and writes each lone
 * surrogate as U+FFFD, so it is always valid UTF-8. Numbers go through
 * base/numconv.h, which is exact.
 */
#include <math.h>
#include <stdlib.h>

#include "base/numconv.h"
#include "objects/string.h"

#define REPLACEMENT_CHAR 0xFFFDu

/* --- UTF-8 decoding --------------------------------------------------------------------------
 *  lead byte   continuation bytes (the first one's range is narrowed)
 *  00..7F      -
 *  C2..DF      80..BF
 *  E0          A0..BF 80..BF        (no overlongs)
 *  E1..EC      80..BF 80..BF
 *  ED          80..9F 80..BF        (no surrogates)
 *  EE..EF      80..BF 80..BF
 *  F0          90..BF 80..BF 80..BF (no overlongs)
 *  F1..F3      80..BF 80..BF 80..BF
 *  F4          80..8F 80..BF 80..BF (nothing above U+10FFFF)
 *  other lead bytes (80..C1, F5..FF) are ill-formed on their own.           */

/* Decodes the code point at s[*i] (*i < n) and advances *i past it; an
 * ill-formed subsequence gives U+FFFD and *i stops at the byte that broke it. */
static uint32_t utf8_decode_next(const uint8_t *s, size_t n, size_t *i) {
  uint8_t b = s[(*i)++];
  if (b < 0x80) return b;
  uint32_t need, cp;
  uint8_t lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
    cp = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    cp = b & 0x0F;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    cp = b & 0x07;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return REPLACEMENT_CHAR;
  }
  while (need--) {
    if (*i >= n) return REPLACEMENT_CHAR;
    uint8_t c = s[*i];
    if (c < lo || c > hi) return REPLACEMENT_CHAR;
    lo = 0x80;
    hi = 0xBF;
    cp = (cp << 6) | (c & 0x3F);
    (*i)++;
  }
  return cp;
}

rd_value string_from_utf8(Runtime *rt, const char *str, size_t len) {
  const uint8_t *s = (const uint8_t *)str;
  /* Pass 1: count UTF-16 units and find the largest code point. */
  size_t units = 0, i = 0;
  uint32_t max_cp = 0;
  while (i < len) {
    if (s[i] < 0x80) {
      i++;
      units++;
      continue;
    }
    uint32_t cp = utf8_decode_next(s, len, &i);
    units += cp > 0xFFFF ? 2 : 1;
    if (cp > max_cp) max_cp = cp;
  }
  if (units > STRING_MAX_LENGTH) return runtime_throw_range_error(rt, "Invalid string length");
  if (max_cp == 0) return string_from_one_byte(rt, s, (uint32_t)len);   /* ASCII */
  bool two = max_cp > 0xFF;
  rd_value r = string_alloc(rt, (uint32_t)units, two, ALLOC_YOUNG);
  if (!r) return VALUE_EMPTY;
  /* Pass 2: decode into the new string. */
  size_t k = 0;
  i = 0;
  if (!two) {
    uint8_t *d = SEQ_ONE_BYTE_STRING(r)->chars;
    while (i < len) d[k++] = (uint8_t)utf8_decode_next(s, len, &i);
  } else {
    uint16_t *d = SEQ_TWO_BYTE_STRING(r)->chars;
    while (i < len) {
      uint32_t cp = utf8_decode_next(s, len, &i);
      if (cp > 0xFFFF) {
        cp -= 0x10000;
        d[k++] = (uint16_t)(0xD800 + (cp >> 10));
        d[k++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
      } else {
        d[k++] = (uint16_t)cp;
      }
    }
  }
  ASSERT(k == units, "UTF-8 passes disagree");
  return r;
}

rd_value string_from_cstr(Runtime *rt, const char *s) {
  return string_from_utf8(rt, s, strlen(s));
}

/* --- UTF-8 encoding ---------------------------------------------------------------------------- */
/* An encoder that only counts when out is NULL. */
typedef struct Utf8Out {
  uint8_t *out;
  size_t n;
  uint16_t pending;            /* a high surrogate waiting for its pair, or 0 */
} Utf8Out;

static void utf8_put(Utf8Out *o, uint32_t cp) {
  uint8_t buf[4];
  size_t k;
  if (cp < 0x80) {
    buf[0] = (uint8_t)cp;
    k = 1;
  } else if (cp < 0x800) {
    buf[0] = (uint8_t)(0xC0 | (cp >> 6));
    buf[1] = (uint8_t)(0x80 | (cp & 0x3F));
    k = 2;
  } else if (cp < 0x10000) {
    buf[0] = (uint8_t)(0xE0 | (cp >> 12));
    buf[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = (uint8_t)(0x80 | (cp & 0x3F));
    k = 3;
  } else {
    buf[0] = (uint8_t)(0xF0 | (cp >> 18));
    buf[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (uint8_t)(0x80 | (cp & 0x3F));
    k = 4;
  }
  if (o->out) memcpy(o->out + o->n, buf, k);
  o->n += k;
}

static void utf8_unit(Utf8Out *o, uint16_t u) {
  if (o->pending) {
    if (u >= 0xDC00 && u <= 0xDFFF) {
      utf8_put(o, 0x10000 + (((uint32_t)o->pending - 0xD800) << 10) + (u - 0xDC00u));
      o->pending = 0;
      return;
    }
    utf8_put(o, REPLACEMENT_CHAR);
    o->pending = 0;
  }
  if (u >= 0xD800 && u <= 0xDBFF) {
    o->pending = u;
  } else if (u >= 0xDC00 && u <= 0xDFFF) {
    utf8_put(o, REPLACEMENT_CHAR);
  } else {
    utf8_put(o, u);
  }
}

static void utf8_encode(rd_value s, Utf8Out *o) {
  StringIter it;
  StringSegment seg;
  string_iter_init(&it, s, 0, string_length(s));
  while (string_iter_next(&it, &seg)) {
    if (seg.two_byte) {
      const uint16_t *c = seg.chars;
      for (uint32_t i = 0; i < seg.length; i++) utf8_unit(o, c[i]);
      continue;
    }
    const uint8_t *c = seg.chars;
    if (o->pending) {
      utf8_put(o, REPLACEMENT_CHAR);
      o->pending = 0;
    }
    for (uint32_t i = 0; i < seg.length; i++) {
      if (c[i] < 0x80) {
        if (o->out) o->out[o->n] = c[i];
        o->n++;
      } else {
        utf8_put(o, c[i]);
      }
    }
  }
  string_iter_finish(&it);
  if (o->pending) {
    utf8_put(o, REPLACEMENT_CHAR);
    o->pending = 0;
  }
}

char *string_to_utf8(rd_value s, size_t *len_out) {
  Utf8Out o = {NULL, 0, 0};
  utf8_encode(s, &o);
  size_t n = o.n;
  o = (Utf8Out){malloc(n + 1), 0, 0};
  if (!o.out) return NULL;
  utf8_encode(s, &o);
  ASSERT(o.n == n, "UTF-8 passes disagree");
  o.out[n] = 0;
  if (len_out) *len_out = n;
  return (char *)o.out;
}

/* --- numbers ----------------------------------------------------------------------------------- */
rd_value string_from_number(Runtime *rt, double x) {
  char buf[NUM_TO_STRING_MAX];
  int n = num_to_string(x, buf);
  return string_from_one_byte(rt, (const uint8_t *)buf, (uint32_t)n);
}

rd_value string_from_number_radix(Runtime *rt, double x, int radix) {
  if (radix < 2 || radix > 36)
    return runtime_throw_range_error(rt, "toString() radix must be between 2 and 36");
  if (radix == 10) return string_from_number(rt, x);
  char buf[NUM_TO_RADIX_MAX];
  int n = num_to_radix_string(x, radix, buf);
  return string_from_one_byte(rt, (const uint8_t *)buf, (uint32_t)n);
}

double string_to_number(rd_value s) {
  if (string_has_flat_content(s)) {
    StringSegment seg = string_flat_content(s);
    return seg.two_byte ? num_parse_two_byte(seg.chars, seg.length)
                        : num_parse_one_byte(seg.chars, seg.length);
  }
  /* An unflattened cons: parse a copy of its characters. */
  uint32_t n = string_length(s);
  uint16_t small[256];
  uint16_t *buf = n <= ARRAY_LEN(small) ? small : malloc((size_t)n * 2);
  if (!buf) return NAN;   /* no memory for the copy: treat as unparsable */
  string_write_chars(s, 0, n, buf);
  double d = num_parse_two_byte(buf, n);
  if (buf != small) free(buf);
  return d;
}

bool string_as_array_index(rd_value s, uint32_t *index) {
  uint32_t n = string_length(s);
  if (n == 0 || n > 10) return false;   /* "4294967294" has 10 digits */
  if (string_has_flat_content(s)) {
    StringSegment seg = string_flat_content(s);
    return seg.two_byte ? num_is_array_index_two_byte(seg.chars, n, index)
                        : num_is_array_index_one_byte(seg.chars, n, index);
  }
  uint16_t buf[10];
  string_write_chars(s, 0, n, buf);
  return num_is_array_index_two_byte(buf, n, index);
}
