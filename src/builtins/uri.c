/*
 * uri.c - the URI handling functions of the global object (ECMA-262
 * 19.2.6: encodeURI, encodeURIComponent, decodeURI, decodeURIComponent, by
 * the abstract operations Encode and Decode) and Annex B's escape and
 * unescape (B.2.1).
 *
 * Invariant: every function works on a malloc'd UTF-16 copy of its argument
 * and builds its result in a StrBuf, so nothing on the JS heap is held
 * across an allocation; malformed input is a URIError, a result longer than
 * a string can be is a RangeError (strbuf_finish).
 */
#include "builtins/library.h"
#include "objects/string.h"

#include <stdlib.h>

/* The characters of uriReserved plus "#", which decodeURI keeps escaped and
 * encodeURI leaves alone. */
static const char uri_reserved_hash[] = ";/?:@&=+$,#";
/* uriMark: with the alphanumerics, uriUnreserved. */
static const char uri_mark[] = "-_.!~*'()";

static bool is_alnum(uint16_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
static bool in_set(uint16_t c, const char *set) {
  return c != 0 && c < 128 && strchr(set, (char)c) != NULL;
}
static int hex_value(uint16_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 32) >= 'a' && (c | 32) <= 'f') return (c | 32) - 'a' + 10;
  return -1;
}
static void push_hex_byte(StrBuf *b, uint32_t byte) {
  static const char digits[] = "0123456789ABCDEF";
  strbuf_push(b, '%');
  strbuf_push(b, (uint16_t)digits[(byte >> 4) & 15]);
  strbuf_push(b, (uint16_t)digits[byte & 15]);
}

/* Encode(string, extraUnescaped): UTF-8 percent-encoding of every code
 * point outside uriUnreserved and extra; a lone surrogate is a URIError. */
static rd_value encode(Runtime *rt, NativeArgs *a, bool component) {
  HANDLE_SCOPE(rt);
  rd_value s = lib_arg_string(rt, a, 0);
  if (!s) return VALUE_EMPTY;
  uint32_t n = string_length(s);
  uint16_t *u = lib_string_units(rt, s);
  if (!u) return VALUE_EMPTY;
  StrBuf b;
  strbuf_init(&b);
  for (uint32_t k = 0; k < n && !b.failed; k++) {
    uint16_t c = u[k];
    if (is_alnum(c) || in_set(c, uri_mark) || (!component && in_set(c, uri_reserved_hash))) {
      strbuf_push(&b, c);
      continue;
    }
    uint32_t cp = c;
    if (c >= 0xDC00 && c <= 0xDFFF) goto malformed;
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (k + 1 >= n || u[k + 1] < 0xDC00 || u[k + 1] > 0xDFFF) goto malformed;
      cp = 0x10000 + (((uint32_t)c - 0xD800) << 10) + (u[k + 1] - 0xDC00u);
      k++;
    }
    if (cp < 0x80) {
      push_hex_byte(&b, cp);
    } else if (cp < 0x800) {
      push_hex_byte(&b, 0xC0 | (cp >> 6));
      push_hex_byte(&b, 0x80 | (cp & 63));
    } else if (cp < 0x10000) {
      push_hex_byte(&b, 0xE0 | (cp >> 12));
      push_hex_byte(&b, 0x80 | ((cp >> 6) & 63));
      push_hex_byte(&b, 0x80 | (cp & 63));
    } else {
      push_hex_byte(&b, 0xF0 | (cp >> 18));
      push_hex_byte(&b, 0x80 | ((cp >> 12) & 63));
      push_hex_byte(&b, 0x80 | ((cp >> 6) & 63));
      push_hex_byte(&b, 0x80 | (cp & 63));
    }
  }
  free(u);
  return strbuf_finish(rt, &b);
malformed:
  free(u);
  strbuf_free(&b);
  return js_throw(rt, ERROR_URIError, "URI malformed");
}

/* The byte of "%XY" at u[k] (k + 2 < n checked by the caller), or -1. */
static int escaped_byte(const uint16_t *u, uint32_t k) {
  if (u[k] != '%') return -1;
  int h = hex_value(u[k + 1]), l = hex_value(u[k + 2]);
  return h < 0 || l < 0 ? -1 : h * 16 + l;
}

/* Decode(string, preserveEscapeSet): percent-escapes of well-formed UTF-8
 * become their code points, except single bytes in preserve (kept as the
 * escape); anything malformed is a URIError. */
static rd_value decode(Runtime *rt, NativeArgs *a, const char *preserve) {
  HANDLE_SCOPE(rt);
  rd_value s = lib_arg_string(rt, a, 0);
  if (!s) return VALUE_EMPTY;
  uint32_t n = string_length(s);
  uint16_t *u = lib_string_units(rt, s);
  if (!u) return VALUE_EMPTY;
  StrBuf b;
  strbuf_init(&b);
  for (uint32_t k = 0; k < n && !b.failed; k++) {
    if (u[k] != '%') {
      strbuf_push(&b, u[k]);
      continue;
    }
    uint32_t start = k;
    if ((uint64_t)k + 2 >= n) goto malformed;
    int byte = escaped_byte(u, k);
    if (byte < 0) goto malformed;
    k += 2;
    if (byte < 0x80) {
      if (in_set((uint16_t)byte, preserve)) strbuf_append_units(&b, u + start, k - start + 1);
      else strbuf_push(&b, (uint16_t)byte);
      continue;
    }
    /* The number of leading 1 bits gives the sequence's length. */
    uint32_t len = byte >= 0xF0 ? (byte >= 0xF8 ? 0 : 4) : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0;
    if (len == 0) goto malformed;
    if ((uint64_t)k + 3 * (len - 1) >= n) goto malformed;
    uint32_t cp = (uint32_t)byte & (0x7Fu >> len);
    for (uint32_t j = 1; j < len; j++) {
      k++;
      int cont = escaped_byte(u, k);
      if (cont < 0 || (cont & 0xC0) != 0x80) goto malformed;
      k += 2;
      cp = (cp << 6) | ((uint32_t)cont & 63);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) goto malformed;
    if (cp < 0x10000) {
      strbuf_push(&b, (uint16_t)cp);
    } else {
      strbuf_push(&b, (uint16_t)(0xD800 + ((cp - 0x10000) >> 10)));
      strbuf_push(&b, (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }
  }
  free(u);
  return strbuf_finish(rt, &b);
malformed:
  free(u);
  strbuf_free(&b);
  return js_throw(rt, ERROR_URIError, "URI malformed");
}

static rd_value global_encode_uri(Runtime *rt, NativeArgs *a) { return encode(rt, a, false); }
static rd_value global_encode_uri_component(Runtime *rt, NativeArgs *a) { return encode(rt, a, true); }
static rd_value global_decode_uri(Runtime *rt, NativeArgs *a) { return decode(rt, a, uri_reserved_hash); }
static rd_value global_decode_uri_component(Runtime *rt, NativeArgs *a) { return decode(rt, a, ""); }

/* escape(string) (B.2.1.1): code units outside A-Z a-z 0-9 @*_+-./ become
 * %XX (below 256) or %uXXXX. */
static rd_value global_escape(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  rd_value s = lib_arg_string(rt, a, 0);
  if (!s) return VALUE_EMPTY;
  uint32_t n = string_length(s);
  uint16_t *u = lib_string_units(rt, s);
  if (!u) return VALUE_EMPTY;
  static const char digits[] = "0123456789ABCDEF";
  StrBuf b;
  strbuf_init(&b);
  for (uint32_t k = 0; k < n && !b.failed; k++) {
    uint16_t c = u[k];
    if (is_alnum(c) || in_set(c, "@*_+-./")) {
      strbuf_push(&b, c);
    } else if (c < 256) {
      push_hex_byte(&b, c);
    } else {
      strbuf_push(&b, '%');
      strbuf_push(&b, 'u');
      for (int sh = 12; sh >= 0; sh -= 4) strbuf_push(&b, (uint16_t)digits[(c >> sh) & 15]);
    }
  }
  free(u);
  return strbuf_finish(rt, &b);
}

/* unescape(string) (B.2.1.2): %uXXXX and %XX become their code units; any
 * other "%" stays. */
static rd_value global_unescape(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  rd_value s = lib_arg_string(rt, a, 0);
  if (!s) return VALUE_EMPTY;
  uint32_t n = string_length(s);
  uint16_t *u = lib_string_units(rt, s);
  if (!u) return VALUE_EMPTY;
  StrBuf b;
  strbuf_init(&b);
  for (uint32_t k = 0; k < n && !b.failed; k++) {
    uint16_t c = u[k];
    if (c == '%') {
      bool done = false;
      if ((uint64_t)k + 6 <= n && u[k + 1] == 'u') {
        int h[4], ok = 1;
        for (int j = 0; j < 4; j++) ok &= (h[j] = hex_value(u[k + 2 + j])) >= 0;
        if (ok) {
          c = (uint16_t)((h[0] << 12) | (h[1] << 8) | (h[2] << 4) | h[3]);
          k += 5;
          done = true;
        }
      }
      if (!done && (uint64_t)k + 3 <= n) {
        int hi = hex_value(u[k + 1]), lo = hex_value(u[k + 2]);
        if (hi >= 0 && lo >= 0) {
          c = (uint16_t)(hi * 16 + lo);
          k += 2;
        }
      }
    }
    strbuf_push(&b, c);
  }
  free(u);
  return strbuf_finish(rt, &b);
}

bool builtins_init_uri(Runtime *rt) {
  static const BuiltinMethod fns[] = {
      {"encodeURI", global_encode_uri, 1},
      {"encodeURIComponent", global_encode_uri_component, 1},
      {"decodeURI", global_decode_uri, 1},
      {"decodeURIComponent", global_decode_uri_component, 1},
      {"escape", global_escape, 1},
      {"unescape", global_unescape, 1},
  };
  return builtins_install(rt, ROOT_SLOT(rt, global_object), fns, ARRAY_LEN(fns));
}
