/*
 * uint8_base64.c - the Uint8Array base64 and hex methods (ECMA-262 2026,
 * 23.3.x; the uint8array-base64 proposal): Uint8Array.fromBase64 and
 * fromHex, and on %Uint8Array.prototype% toBase64, toHex, setFromBase64 and
 * setFromHex, with the alphabet ("base64" / "base64url"), omitPadding and
 * lastChunkHandling ("loose" / "strict" / "stop-before-partial") options.
 *
 * The decoders (FromBase64, FromHex) work on a malloc'd copy of the
 * string's UTF-16 units and never run JS nor allocate on the heap; they
 * report a syntax error in a DecodeResult the caller throws after writing
 * what was decoded before it (setFromBase64 / setFromHex write partially).
 *
 * Invariant: every option is read (which may run JS) before the target's
 * bounds are taken, and nothing runs JS between taking them and writing the
 * bytes, so the writes stay inside the array.
 */
#include <stdlib.h>
#include <string.h>

#include "builtins/builtins.h"
#include "builtins/library.h"
#include "objects/string.h"
#include "objects/typed_array.h"

#define MAX_SAFE_INTEGER 9007199254740991.0

/* --- decoding ------------------------------------------------------------------------------ */
typedef enum { LAST_CHUNK_LOOSE, LAST_CHUNK_STRICT, LAST_CHUNK_STOP_BEFORE_PARTIAL } LastChunk;

/* What FromBase64 / FromHex return: the units consumed, the bytes (malloc'd
 * by the caller: room for the maximum), and whether a SyntaxError ended it. */
typedef struct DecodeResult {
  uint64_t read;
  uint8_t *bytes;
  size_t count;
  bool error;
} DecodeResult;

static bool is_ascii_whitespace(uint16_t c) { return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20; }

/* SkipAsciiWhitespace. */
static size_t skip_whitespace(const uint16_t *s, size_t len, size_t i) {
  while (i < len && is_ascii_whitespace(s[i])) i++;
  return i;
}

/* The 6-bit value of a standard-alphabet character, or -1. */
static int base64_value(uint16_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/* DecodeBase64Chunk of the chunk_len (2..4) values in chunk appended to r;
 * false (nothing appended) when strict and the padding bits are not zero. */
static bool decode_chunk(DecodeResult *r, const int *chunk, int chunk_len, bool strict) {
  uint32_t bits = 0;
  for (int i = 0; i < 4; i++) bits = bits << 6 | (uint32_t)(i < chunk_len ? chunk[i] : 0);
  uint8_t b[3] = {(uint8_t)(bits >> 16), (uint8_t)(bits >> 8), (uint8_t)bits};
  int n = chunk_len - 1;   /* 2 -> 1 byte, 3 -> 2, 4 -> 3 */
  if (strict && n < 3 && b[n] != 0) return false;
  memcpy(r->bytes + r->count, b, (size_t)n);
  r->count += (size_t)n;
  return true;
}

/* FromBase64 ( string, alphabet, lastChunkHandling [ , maxLength ] ) on
 * units s[0, len); r->bytes has room for max bytes (which the result never passes). */
static void from_base64(const uint16_t *s, size_t len, bool url, LastChunk last, uint64_t max, DecodeResult *r) {
  r->read = 0;
  r->count = 0;
  r->error = false;
  if (max == 0) return;
  int chunk[4];
  int chunk_len = 0;
  size_t i = 0;
  for (;;) {
    i = skip_whitespace(s, len, i);
    if (i == len) {
      if (chunk_len > 0) {
        if (last == LAST_CHUNK_STOP_BEFORE_PARTIAL) return;
        if (last == LAST_CHUNK_STRICT || chunk_len == 1) {
          r->error = true;
          return;
        }
        decode_chunk(r, chunk, chunk_len, false);
      }
      r->read = len;
      return;
    }
    uint16_t c = s[i++];
    if (c == '=') {
      if (chunk_len < 2) {
        r->error = true;
        return;
      }
      i = skip_whitespace(s, len, i);
      if (chunk_len == 2) {
        if (i == len) {
          if (last != LAST_CHUNK_STOP_BEFORE_PARTIAL) r->error = true;
          return;
        }
        if (s[i] == '=') i = skip_whitespace(s, len, i + 1);
      }
      if (i < len || !decode_chunk(r, chunk, chunk_len, last == LAST_CHUNK_STRICT)) {
        r->error = true;
        return;
      }
      r->read = len;
      return;
    }
    if (url) {
      if (c == '+' || c == '/') {
        r->error = true;
        return;
      }
      if (c == '-') c = '+';
      else if (c == '_') c = '/';
    }
    int v = base64_value(c);
    if (v < 0) {
      r->error = true;
      return;
    }
    uint64_t remaining = max - r->count;
    if ((remaining == 1 && chunk_len == 2) || (remaining == 2 && chunk_len == 3)) return;
    chunk[chunk_len++] = v;
    if (chunk_len == 4) {
      decode_chunk(r, chunk, 4, false);
      chunk_len = 0;
      r->read = i;
      if (r->count == max) return;
    }
  }
}

static int hex_value(uint16_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* FromHex ( string [ , maxLength ] ). */
static void from_hex(const uint16_t *s, size_t len, uint64_t max, DecodeResult *r) {
  r->read = 0;
  r->count = 0;
  r->error = len % 2 != 0;
  if (r->error) return;
  while (r->read < len && r->count < max) {
    int hi = hex_value(s[r->read]), lo = hex_value(s[r->read + 1]);
    if (hi < 0 || lo < 0) {
      r->error = true;
      return;
    }
    r->read += 2;
    r->bytes[r->count++] = (uint8_t)(hi << 4 | lo);
  }
}

/* --- arguments -------------------------------------------------------------------------------- */
/* ValidateUint8Array: TypeError unless v is a Uint8Array. */
static bool validate_uint8(Runtime *rt, rd_value v, const char *method) {
  if (typed_array_is(v) && typed_array_kind(v) == BUFFER_Uint8) return true;
  js_throw(rt, ERROR_TypeError, "Uint8Array.prototype.%s: this is not a Uint8Array", method);
  return false;
}

/* GetOptionsObject: *opts = the options object, or undefined (then every
 * option reads as undefined); a TypeError for other values. */
static bool options_object(Runtime *rt, rd_value v) {
  if (v == VALUE_UNDEFINED || value_is_js_object(v)) return true;
  js_throw(rt, ERROR_TypeError, "The options argument must be an object");
  return false;
}

/* Get(opts, name), undefined when opts is undefined. */
static rd_value get_option(Runtime *rt, Handle opts, const char *name) {
  return *opts == VALUE_UNDEFINED ? VALUE_UNDEFINED : lib_get_named(rt, opts, name);
}

/* The alphabet option into *url. */
static bool alphabet_option(Runtime *rt, Handle opts, bool *url) {
  rd_value v = get_option(rt, opts, "alphabet");
  if (!v) return false;
  *url = false;
  if (v == VALUE_UNDEFINED) return true;
  if (value_is_string(v) && string_equals_cstr(v, "base64")) return true;
  if (value_is_string(v) && string_equals_cstr(v, "base64url")) return *url = true;
  js_throw(rt, ERROR_TypeError, "The alphabet option must be \"base64\" or \"base64url\"");
  return false;
}

/* The lastChunkHandling option into *last. */
static bool last_chunk_option(Runtime *rt, Handle opts, LastChunk *last) {
  rd_value v = get_option(rt, opts, "lastChunkHandling");
  if (!v) return false;
  *last = LAST_CHUNK_LOOSE;
  if (v == VALUE_UNDEFINED || (value_is_string(v) && string_equals_cstr(v, "loose"))) return true;
  if (value_is_string(v) && string_equals_cstr(v, "strict")) {
    *last = LAST_CHUNK_STRICT;
    return true;
  }
  if (value_is_string(v) && string_equals_cstr(v, "stop-before-partial")) {
    *last = LAST_CHUNK_STOP_BEFORE_PARTIAL;
    return true;
  }
  js_throw(rt, ERROR_TypeError,
           "The lastChunkHandling option must be \"loose\", \"strict\" or \"stop-before-partial\"");
  return false;
}

/* The string argument i: a TypeError unless it is a String. */
static rd_value string_arg(Runtime *rt, NativeArgs *a, uint32_t i, const char *method) {
  rd_value s = native_arg(a, i);
  if (value_is_string(s)) return s;
  return js_throw(rt, ERROR_TypeError, "%s: the argument must be a string", method);
}

/* --- the statics ------------------------------------------------------------------------------ */
/* A new Uint8Array holding the decoded bytes, or the decoder's SyntaxError. */
static rd_value from_string(Runtime *rt, Handle str, bool hex, bool url, LastChunk last) {
  size_t len = string_length(*str);
  uint16_t *units = lib_string_units(rt, *str);
  if (!units) return VALUE_EMPTY;
  DecodeResult r = {.bytes = malloc(hex ? len / 2 + 1 : len / 4 * 3 + 3)};
  if (!r.bytes) {
    free(units);
    runtime_throw_oom(rt);
    return VALUE_EMPTY;
  }
  if (hex) from_hex(units, len, (uint64_t)MAX_SAFE_INTEGER, &r);
  else from_base64(units, len, url, last, (uint64_t)MAX_SAFE_INTEGER, &r);
  free(units);
  rd_value ta = r.error ? js_throw(rt, ERROR_SyntaxError, hex ? "Invalid hex string" : "Invalid base64 string")
                        : typed_array_new(rt, BUFFER_Uint8, r.count);
  if (ta && r.count) memcpy(typed_array_data(ta), r.bytes, r.count);
  free(r.bytes);
  return ta;
}

/* Uint8Array.fromBase64 ( string [ , options ] ). */
static rd_value u8_from_base64(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle str = handle_new(rt, string_arg(rt, a, 0, "Uint8Array.fromBase64"));
  if (!*str || !options_object(rt, native_arg(a, 1))) return VALUE_EMPTY;
  Handle opts = handle_new(rt, native_arg(a, 1));
  bool url;
  LastChunk last;
  if (!alphabet_option(rt, opts, &url) || !last_chunk_option(rt, opts, &last)) return VALUE_EMPTY;
  return from_string(rt, str, false, url, last);
}

/* Uint8Array.fromHex ( string ). */
static rd_value u8_from_hex(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle str = handle_new(rt, string_arg(rt, a, 0, "Uint8Array.fromHex"));
  if (!*str) return VALUE_EMPTY;
  return from_string(rt, str, true, false, LAST_CHUNK_LOOSE);
}

/* --- the methods ------------------------------------------------------------------------------ */
/* Decodes str into the receiver (a validated Uint8Array), then returns
 * { read, written } or throws the decoder's SyntaxError after the write. */
static rd_value set_from_string(Runtime *rt, NativeArgs *a, Handle str, bool hex, bool url, LastChunk last,
                                const char *method) {
  int64_t n = typed_array_length(*a->receiver);
  if (n < 0)
    return js_throw(rt, ERROR_TypeError, "Uint8Array.prototype.%s: the array is detached or out of bounds", method);
  size_t len = string_length(*str);
  uint16_t *units = lib_string_units(rt, *str);
  if (!units) return VALUE_EMPTY;
  size_t room = MIN((size_t)n, hex ? len / 2 + 1 : len / 4 * 3 + 3);
  DecodeResult r = {.bytes = malloc(room + 1)};
  if (!r.bytes) {
    free(units);
    runtime_throw_oom(rt);
    return VALUE_EMPTY;
  }
  if (hex) from_hex(units, len, (uint64_t)n, &r);
  else from_base64(units, len, url, last, (uint64_t)n, &r);
  free(units);
  /* Nothing ran JS since the length was taken: the bytes fit. */
  if (r.count) memcpy(typed_array_data(*a->receiver), r.bytes, r.count);
  free(r.bytes);
  if (r.error) return js_throw(rt, ERROR_SyntaxError, hex ? "Invalid hex string" : "Invalid base64 string");
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, object_new(rt));
  Handle read = handle_new(rt, value_from_number((double)r.read));
  Handle written = handle_new(rt, value_from_number((double)r.count));
  if (!*o || !builtins_define(rt, o, "read", read, PROPERTY_ATTRS_DEFAULT) ||
      !builtins_define(rt, o, "written", written, PROPERTY_ATTRS_DEFAULT))
    return VALUE_EMPTY;
  return *o;
}

/* Uint8Array.prototype.setFromBase64 ( string [ , options ] ). */
static rd_value u8_set_from_base64(Runtime *rt, NativeArgs *a) {
  if (!validate_uint8(rt, *a->receiver, "setFromBase64")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle str = handle_new(rt, string_arg(rt, a, 0, "Uint8Array.prototype.setFromBase64"));
  if (!*str || !options_object(rt, native_arg(a, 1))) return VALUE_EMPTY;
  Handle opts = handle_new(rt, native_arg(a, 1));
  bool url;
  LastChunk last;
  if (!alphabet_option(rt, opts, &url) || !last_chunk_option(rt, opts, &last)) return VALUE_EMPTY;
  return set_from_string(rt, a, str, false, url, last, "setFromBase64");
}

/* Uint8Array.prototype.setFromHex ( string ). */
static rd_value u8_set_from_hex(Runtime *rt, NativeArgs *a) {
  if (!validate_uint8(rt, *a->receiver, "setFromHex")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle str = handle_new(rt, string_arg(rt, a, 0, "Uint8Array.prototype.setFromHex"));
  if (!*str) return VALUE_EMPTY;
  return set_from_string(rt, a, str, true, false, LAST_CHUNK_LOOSE, "setFromHex");
}

/* GetUint8ArrayBytes as a malloc'd copy (*n bytes; never NULL unless an error is pending). */
static uint8_t *array_bytes(Runtime *rt, rd_value ta, size_t *n, const char *method) {
  int64_t len = typed_array_length(ta);
  if (len < 0) {
    js_throw(rt, ERROR_TypeError, "Uint8Array.prototype.%s: the array is detached or out of bounds", method);
    return NULL;
  }
  uint8_t *b = malloc((size_t)len + 1);
  if (!b) {
    runtime_throw_oom(rt);
    return NULL;
  }
  if (len) memcpy(b, typed_array_data(ta), (size_t)len);
  *n = (size_t)len;
  return b;
}

/* An ASCII string of n chars from out (freed either way); a RangeError when too long. */
static rd_value ascii_string(Runtime *rt, uint8_t *out, size_t n) {
  rd_value s = n > STRING_MAX_LENGTH ? js_throw(rt, ERROR_RangeError, "Invalid string length")
                                     : string_from_one_byte(rt, out, (uint32_t)n);
  free(out);
  return s;
}

/* Uint8Array.prototype.toBase64 ( [ options ] ). */
static rd_value u8_to_base64(Runtime *rt, NativeArgs *a) {
  if (!validate_uint8(rt, *a->receiver, "toBase64") || !options_object(rt, native_arg(a, 0))) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle opts = handle_new(rt, native_arg(a, 0));
  bool url;
  if (!alphabet_option(rt, opts, &url)) return VALUE_EMPTY;
  rd_value pad = get_option(rt, opts, "omitPadding");
  if (!pad) return VALUE_EMPTY;
  bool omit = js_to_boolean(pad);
  size_t n;
  uint8_t *in = array_bytes(rt, *a->receiver, &n, "toBase64");
  if (!in) return VALUE_EMPTY;
  if (n / 3 > STRING_MAX_LENGTH / 4) {
    free(in);
    return js_throw(rt, ERROR_RangeError, "Invalid string length");
  }
  const char *alpha = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                          : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  uint8_t *out = malloc((n + 2) / 3 * 4 + 1);
  if (!out) {
    free(in);
    runtime_throw_oom(rt);
    return VALUE_EMPTY;
  }
  size_t o = 0, i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = (uint8_t)alpha[v >> 18];
    out[o++] = (uint8_t)alpha[v >> 12 & 63];
    out[o++] = (uint8_t)alpha[v >> 6 & 63];
    out[o++] = (uint8_t)alpha[v & 63];
  }
  if (n - i == 1) {
    uint32_t v = (uint32_t)in[i] << 16;
    out[o++] = (uint8_t)alpha[v >> 18];
    out[o++] = (uint8_t)alpha[v >> 12 & 63];
    if (!omit) out[o++] = '=', out[o++] = '=';
  } else if (n - i == 2) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
    out[o++] = (uint8_t)alpha[v >> 18];
    out[o++] = (uint8_t)alpha[v >> 12 & 63];
    out[o++] = (uint8_t)alpha[v >> 6 & 63];
    if (!omit) out[o++] = '=';
  }
  free(in);
  return ascii_string(rt, out, o);
}

/* Uint8Array.prototype.toHex ( ). */
static rd_value u8_to_hex(Runtime *rt, NativeArgs *a) {
  if (!validate_uint8(rt, *a->receiver, "toHex")) return VALUE_EMPTY;
  size_t n;
  uint8_t *in = array_bytes(rt, *a->receiver, &n, "toHex");
  if (!in) return VALUE_EMPTY;
  if (n > STRING_MAX_LENGTH / 2) {
    free(in);
    return js_throw(rt, ERROR_RangeError, "Invalid string length");
  }
  uint8_t *out = malloc(2 * n + 1);
  if (!out) {
    free(in);
    runtime_throw_oom(rt);
    return VALUE_EMPTY;
  }
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = (uint8_t)digits[in[i] >> 4];
    out[2 * i + 1] = (uint8_t)digits[in[i] & 15];
  }
  free(in);
  return ascii_string(rt, out, 2 * n);
}

/* --- installation ------------------------------------------------------------------------------ */
bool builtins_init_uint8_base64(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle ctor = handle_new(rt, typed_array_constructor(rt, BUFFER_Uint8));
  Handle proto = handle_new(rt, lib_get_named(rt, ctor, "prototype"));
  if (!*proto) return false;
  static const BuiltinMethod statics[] = {{"fromBase64", u8_from_base64, 1}, {"fromHex", u8_from_hex, 1}};
  static const BuiltinMethod methods[] = {{"toBase64", u8_to_base64, 0},
                                          {"toHex", u8_to_hex, 0},
                                          {"setFromBase64", u8_set_from_base64, 1},
                                          {"setFromHex", u8_set_from_hex, 1}};
  return builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) &&
         builtins_install(rt, proto, methods, ARRAY_LEN(methods));
}
