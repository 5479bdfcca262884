/*
 * string_builtins.c - the String built-in: the constructor (String(sym)
 * gives the symbol's descriptive string, `new String` wraps),
 * String.fromCharCode / fromCodePoint / raw, and %String.prototype% (a
 * String wrapper of "") with every method of ECMA-262 2024 except the
 * RegExp algorithms themselves: split / match / matchAll / replace /
 * replaceAll / search delegate to the argument's Symbol.split / match /
 * replace / search method when it has one, string patterns work directly,
 * and match / matchAll / search with a plain pattern go through the global
 * RegExp constructor (builtins/regexp.c). Case mapping uses the generated
 * tables of case_tables.h (full Unicode, SpecialCasing, Final_Sigma).
 *
 * Invariant: methods work on a malloc'd UTF-16 copy of the receiver (never
 * on heap pointers across an allocation) and build results in a StrBuf.
 */
#include <math.h>
#include <stdlib.h>

#include "base/unicode_norm.h"
#include "builtins/case_tables.h"
#include "builtins/library.h"
#include "objects/factory.h"
#include "objects/string.h"

rd_value lib_string_iterator_new(Runtime *rt, Handle str);

/* A receiver string as UTF-16 units: the string in *s (a handle) and a malloc'd copy. */
typedef struct Units {
  uint16_t *u;
  uint32_t n;
} Units;

/* RequireObjectCoercible(this) then ToString(this), into s. */
static bool this_string(Runtime *rt, NativeArgs *a, const char *method, Handle s) {
  if (value_is_nullish(*a->receiver)) {
    js_throw(rt, ERROR_TypeError, "String.prototype.%s called on null or undefined", method);
    return false;
  }
  rd_value v = js_to_string(rt, a->receiver);
  if (!v) return false;
  *s = v;
  return true;
}

/* this_string, flattened: indexing a rope built by repeated += is then O(1)
 * (the cons is flattened in place, so the next call finds it flat too). */
static bool this_flat_string(Runtime *rt, NativeArgs *a, const char *method, Handle s) {
  if (!this_string(rt, a, method, s)) return false;
  if (string_has_flat_content(*s)) return true;
  rd_value f = string_flatten(rt, s);
  if (!f) return false;
  *s = f;
  return true;
}

/* this_string plus a malloc'd copy of its units. */
static bool this_units(Runtime *rt, NativeArgs *a, const char *method, Handle s, Units *out) {
  if (!this_string(rt, a, method, s)) return false;
  out->n = string_length(*s);
  out->u = lib_string_units(rt, *s);
  return out->u != NULL;
}

/* Index of needle in hay at or after from, or -1. */
static int64_t find_units(const uint16_t *hay, uint32_t n, const uint16_t *needle, uint32_t m, uint32_t from) {
  if (m == 0) return from <= n ? (int64_t)from : -1;
  if (m > n) return -1;
  for (uint32_t i = from; i + m <= n; i++)
    if (hay[i] == needle[0] && !memcmp(hay + i, needle, (size_t)m * 2)) return i;
  return -1;
}

/* WhiteSpace or LineTerminator. */
static bool is_space(uint16_t c) {
  return c == 9 || c == 10 || c == 11 || c == 12 || c == 13 || c == 32 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

static bool is_lead(uint16_t c) { return c >= 0xD800 && c <= 0xDBFF; }
static bool is_trail(uint16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

/* The code point at i (a lone surrogate as itself); *size gets 1 or 2. */
static uint32_t code_point_at(const uint16_t *u, uint32_t n, uint32_t i, uint32_t *size) {
  *size = 1;
  if (is_lead(u[i]) && i + 1 < n && is_trail(u[i + 1])) {
    *size = 2;
    return 0x10000 + (((uint32_t)u[i] - 0xD800) << 10) + (u[i + 1] - 0xDC00);
  }
  return u[i];
}

static void push_code_point(StrBuf *b, uint32_t cp) {
  if (cp < 0x10000) {
    strbuf_push(b, (uint16_t)cp);
  } else {
    cp -= 0x10000;
    strbuf_push(b, (uint16_t)(0xD800 + (cp >> 10)));
    strbuf_push(b, (uint16_t)(0xDC00 + (cp & 0x3FF)));
  }
}

/* The string of units [start, end) of a Units copy. */
static rd_value units_string(Runtime *rt, const uint16_t *u, uint32_t start, uint32_t end) {
  return string_from_two_byte(rt, u + start, end - start);
}

/* builtins/regexp.c: true if v has [[RegExpMatcher]]. Never allocates. */
bool regexp_is_instance(rd_value v);

/* IsRegExp(v): 1, 0, or -1 on exception (@@match decides, else [[RegExpMatcher]]). */
static int is_regexp(Runtime *rt, Handle v) {
  if (!value_is_js_object(*v)) return 0;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, ROOT(rt, symbol_match));
  rd_value m = js_get(rt, v, key);
  if (!m) return -1;
  return m != VALUE_UNDEFINED ? js_to_boolean(m) : regexp_is_instance(*v);
}

/* --- the constructor and statics ------------------------------------------------------------- */
static rd_value string_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, ROOT(rt, empty_string));
  if (a->argc > 0) {
    if (*a->new_target == VALUE_UNDEFINED && value_is_symbol(a->argv[0])) {
      Handle f = handle_new(rt, lib_get_named(rt, ROOT_SLOT(rt, symbol_prototype), "toString"));
      if (!*f) return VALUE_EMPTY;
      return interp_call(rt, f, &a->argv[0], 0, NULL);
    }
    *s = js_to_string(rt, &a->argv[0]);
    if (!*s) return VALUE_EMPTY;
  }
  if (*a->new_target == VALUE_UNDEFINED) return *s;
  return lib_wrap(rt, a, s, ROOT(rt, string_prototype));
}

static rd_value string_from_char_code(Runtime *rt, NativeArgs *a) {
  StrBuf b;
  strbuf_init(&b);
  for (uint32_t i = 0; i < a->argc; i++) {
    double d;
    if (value_is_int32(a->argv[i])) {
      d = value_to_int32(a->argv[i]);
    } else {
      rd_value n = js_to_number(rt, &a->argv[i]);
      if (!n) {
        strbuf_free(&b);
        return VALUE_EMPTY;
      }
      d = value_to_number(n);
    }
    d = isfinite(d) ? fmod(trunc(d), 65536.0) : 0;
    if (d < 0) d += 65536;
    strbuf_push(&b, (uint16_t)d);
  }
  return strbuf_finish(rt, &b);
}

static rd_value string_from_code_point(Runtime *rt, NativeArgs *a) {
  StrBuf b;
  strbuf_init(&b);
  for (uint32_t i = 0; i < a->argc; i++) {
    rd_value n = js_to_number(rt, &a->argv[i]);
    if (!n) goto fail;
    double d = value_to_number(n);
    if (!(d >= 0 && d <= 0x10FFFF && d == trunc(d))) {
      js_throw(rt, ERROR_RangeError, "Invalid code point %g", d);
      goto fail;
    }
    push_code_point(&b, (uint32_t)d);
  }
  return strbuf_finish(rt, &b);
fail:
  strbuf_free(&b);
  return VALUE_EMPTY;
}

static rd_value string_raw(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle cooked = handle_new(rt, native_arg(a, 0));
  *cooked = js_to_object(rt, cooked);
  if (!*cooked) return VALUE_EMPTY;
  Handle raw = handle_new(rt, lib_get_named(rt, cooked, "raw"));
  if (!*raw || !(*raw = js_to_object(rt, raw))) return VALUE_EMPTY;
  int64_t len = builtins_length_of(rt, raw);
  if (len < 0) return VALUE_EMPTY;
  StrBuf b;
  strbuf_init(&b);
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (int64_t i = 0; i < len && !b.failed; i++) {
    *v = lib_get_index(rt, raw, (double)i);
    if (!*v || !(*v = js_to_string(rt, v))) goto fail;
    strbuf_append_string(&b, *v);
    if (i + 1 < len && (uint32_t)(i + 1) < a->argc) {
      *v = js_to_string(rt, &a->argv[i + 1]);
      if (!*v) goto fail;
      strbuf_append_string(&b, *v);
    }
  }
  return strbuf_finish(rt, &b);
fail:
  strbuf_free(&b);
  return VALUE_EMPTY;
}

/* --- thisStringValue methods ------------------------------------------------------------------- */
static rd_value sp_value_of(Runtime *rt, NativeArgs *a) {
  rd_value v = *a->receiver;
  if (value_is_string(v)) return v;
  rd_value w = js_wrapped_value(v);
  if (w && value_is_string(w)) return w;
  return js_throw(rt, ERROR_TypeError, "String.prototype.valueOf requires that 'this' be a String");
}

/* --- character access ----------------------------------------------------------------------------- */
static rd_value sp_at(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double rel;
  if (!this_flat_string(rt, a, "at", s) || !lib_arg_integer(rt, a, 0, &rel)) return VALUE_EMPTY;
  double len = string_length(*s), k = rel >= 0 ? rel : len + rel;
  if (k < 0 || k >= len) return VALUE_UNDEFINED;
  return string_substring(rt, s, (uint32_t)k, (uint32_t)k + 1);
}

static rd_value sp_char_at(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double pos;
  if (!this_flat_string(rt, a, "charAt", s) || !lib_arg_integer(rt, a, 0, &pos)) return VALUE_EMPTY;
  if (pos < 0 || pos >= string_length(*s)) return ROOT(rt, empty_string);
  return string_substring(rt, s, (uint32_t)pos, (uint32_t)pos + 1);
}

static rd_value sp_char_code_at(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double pos;
  if (!this_flat_string(rt, a, "charCodeAt", s) || !lib_arg_integer(rt, a, 0, &pos)) return VALUE_EMPTY;
  if (pos < 0 || pos >= string_length(*s)) return value_from_double_raw(NAN);
  return value_from_int32(string_char_at(*s, (uint32_t)pos));
}

static rd_value sp_code_point_at(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double pos;
  if (!this_flat_string(rt, a, "codePointAt", s) || !lib_arg_integer(rt, a, 0, &pos)) return VALUE_EMPTY;
  uint32_t n = string_length(*s);
  if (pos < 0 || pos >= n) return VALUE_UNDEFINED;
  uint16_t c = string_char_at(*s, (uint32_t)pos);
  if (is_lead(c) && pos + 1 < n) {
    uint16_t d = string_char_at(*s, (uint32_t)pos + 1);
    if (is_trail(d)) return value_from_int32(0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00));
  }
  return value_from_int32(c);
}

static rd_value sp_concat(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  if (!this_string(rt, a, "concat", s)) return VALUE_EMPTY;
  Handle t = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t i = 0; i < a->argc; i++) {
    *t = js_to_string(rt, &a->argv[i]);
    if (!*t || !(*s = string_concat(rt, s, t))) return VALUE_EMPTY;
  }
  return *s;
}

/* --- search ------------------------------------------------------------------------------------------ */
typedef enum { SEARCH_STARTS, SEARCH_ENDS, SEARCH_INCLUDES } SearchMode;

static rd_value starts_ends_includes(Runtime *rt, NativeArgs *a, SearchMode mode, const char *name) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  if (!this_string(rt, a, name, s)) return VALUE_EMPTY;
  Handle search = handle_new(rt, native_arg(a, 0));
  int re = is_regexp(rt, search);
  if (re < 0) return VALUE_EMPTY;
  if (re) return js_throw(rt, ERROR_TypeError, "First argument to String.prototype.%s must not be a regular expression", name);
  *search = js_to_string(rt, search);
  if (!*search) return VALUE_EMPTY;
  double len = string_length(*s), pos = mode == SEARCH_ENDS ? len : 0;
  if ((mode != SEARCH_ENDS || native_arg(a, 1) != VALUE_UNDEFINED) && !lib_arg_integer(rt, a, 1, &pos))
    return VALUE_EMPTY;
  pos = MIN(MAX(pos, 0), len);
  uint32_t m = string_length(*search), n = (uint32_t)len;
  uint16_t *su = lib_string_units(rt, *s), *tu = lib_string_units(rt, *search);
  rd_value r = VALUE_EMPTY;
  if (su && tu) {
    if (mode == SEARCH_STARTS)
      r = value_from_bool(pos + m <= len && !memcmp(su + (uint32_t)pos, tu, (size_t)m * 2));
    else if (mode == SEARCH_ENDS)
      r = value_from_bool(pos >= m && !memcmp(su + (uint32_t)pos - m, tu, (size_t)m * 2));
    else
      r = value_from_bool(find_units(su, n, tu, m, (uint32_t)pos) >= 0);
  }
  free(su);
  free(tu);
  return r;
}
static rd_value sp_starts_with(Runtime *rt, NativeArgs *a) { return starts_ends_includes(rt, a, SEARCH_STARTS, "startsWith"); }
static rd_value sp_ends_with(Runtime *rt, NativeArgs *a) { return starts_ends_includes(rt, a, SEARCH_ENDS, "endsWith"); }
static rd_value sp_includes(Runtime *rt, NativeArgs *a) { return starts_ends_includes(rt, a, SEARCH_INCLUDES, "includes"); }

static rd_value index_of(Runtime *rt, NativeArgs *a, bool last) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  if (!this_string(rt, a, last ? "lastIndexOf" : "indexOf", s)) return VALUE_EMPTY;
  Handle search = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*search) return VALUE_EMPTY;
  double len = string_length(*s), pos;
  if (last) {
    rd_value n = a->argc > 1 ? js_to_number(rt, &a->argv[1]) : value_from_double_raw(NAN);
    if (!n) return VALUE_EMPTY;
    double d = value_to_number(n);
    pos = d != d ? INFINITY : trunc(d);
  } else if (!lib_arg_integer(rt, a, 1, &pos)) {
    return VALUE_EMPTY;
  }
  pos = MIN(MAX(pos, 0), len);
  uint32_t m = string_length(*search), n = (uint32_t)len;
  uint16_t *su = lib_string_units(rt, *s), *tu = lib_string_units(rt, *search);
  rd_value r = VALUE_EMPTY;
  if (su && tu) {
    int64_t found = -1;
    if (!last) {
      found = find_units(su, n, tu, m, (uint32_t)pos);
    } else if (m <= n) {
      for (int64_t i = MIN((int64_t)pos, (int64_t)(n - m)); i >= 0 && found < 0; i--)
        if (!memcmp(su + i, tu, (size_t)m * 2)) found = i;
    }
    r = value_from_number((double)found);
  }
  free(su);
  free(tu);
  return r;
}
static rd_value sp_index_of(Runtime *rt, NativeArgs *a) { return index_of(rt, a, false); }
static rd_value sp_last_index_of(Runtime *rt, NativeArgs *a) { return index_of(rt, a, true); }

static rd_value sp_locale_compare(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  if (!this_string(rt, a, "localeCompare", s)) return VALUE_EMPTY;
  Handle t = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*t) return VALUE_EMPTY;
  int c = string_compare(*s, *t);
  return value_from_int32(c < 0 ? -1 : c > 0);
}

/* --- well-formedness ------------------------------------------------------------------------------- */
static rd_value well_formed(Runtime *rt, NativeArgs *a, bool fix) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  Units u;
  if (!this_units(rt, a, fix ? "toWellFormed" : "isWellFormed", s, &u)) return VALUE_EMPTY;
  bool ok = true;
  for (uint32_t i = 0; i < u.n; i++) {
    uint32_t size;
    uint32_t cp = code_point_at(u.u, u.n, i, &size);
    if (size == 1 && cp >= 0xD800 && cp <= 0xDFFF) {
      ok = false;
      u.u[i] = 0xFFFD;
    }
    i += size - 1;
  }
  rd_value r = !fix ? value_from_bool(ok) : ok ? *s : units_string(rt, u.u, 0, u.n);
  free(u.u);
  return r;
}
static rd_value sp_is_well_formed(Runtime *rt, NativeArgs *a) { return well_formed(rt, a, false); }
static rd_value sp_to_well_formed(Runtime *rt, NativeArgs *a) { return well_formed(rt, a, true); }

/* --- padding, repeat, slicing ------------------------------------------------------------------------ */
static rd_value pad(Runtime *rt, NativeArgs *a, bool at_start) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double max_len;
  if (!this_string(rt, a, at_start ? "padStart" : "padEnd", s)) return VALUE_EMPTY;
  if (a->argc > 0) {
    rd_value n = js_to_number(rt, &a->argv[0]);
    if (!n) return VALUE_EMPTY;
    double d = value_to_number(n);
    max_len = d != d ? 0 : trunc(d);
  } else {
    max_len = 0;
  }
  uint32_t len = string_length(*s);
  if (max_len <= len) {
    if (native_arg(a, 1) != VALUE_UNDEFINED && !js_to_string(rt, &a->argv[1])) return VALUE_EMPTY;
    return *s;
  }
  Handle fill = handle_new(rt, native_arg(a, 1) == VALUE_UNDEFINED ? lib_key(rt, " ") : js_to_string(rt, &a->argv[1]));
  if (!*fill) return VALUE_EMPTY;
  uint32_t fl = string_length(*fill);
  if (fl == 0) return *s;
  if (max_len > STRING_MAX_LENGTH) return js_throw(rt, ERROR_RangeError, "Invalid string length");
  StrBuf b;
  strbuf_init(&b);
  uint32_t need = (uint32_t)max_len - len;
  if (!at_start) strbuf_append_string(&b, *s);
  uint16_t *fu = lib_string_units(rt, *fill);
  if (!fu) {
    strbuf_free(&b);
    return VALUE_EMPTY;
  }
  for (uint32_t i = 0; i < need && !b.failed; i += fl) strbuf_append_units(&b, fu, MIN(fl, need - i));
  free(fu);
  if (at_start) strbuf_append_string(&b, *s);
  return strbuf_finish(rt, &b);
}
static rd_value sp_pad_start(Runtime *rt, NativeArgs *a) { return pad(rt, a, true); }
static rd_value sp_pad_end(Runtime *rt, NativeArgs *a) { return pad(rt, a, false); }

static rd_value sp_repeat(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double n;
  if (!this_string(rt, a, "repeat", s) || !lib_arg_integer(rt, a, 0, &n)) return VALUE_EMPTY;
  if (n < 0 || n == INFINITY) return js_throw(rt, ERROR_RangeError, "Invalid count value: %g", n);
  uint32_t len = string_length(*s);
  if (n == 0 || len == 0) return ROOT(rt, empty_string);
  if (n * len > STRING_MAX_LENGTH) return js_throw(rt, ERROR_RangeError, "Invalid string length");
  /* Doubling by concatenation: O(log n) cons strings. */
  Handle r = handle_new(rt, ROOT(rt, empty_string));
  for (uint64_t k = (uint64_t)n; k; k >>= 1) {
    if ((k & 1) && !(*r = string_concat(rt, r, s))) return VALUE_EMPTY;
    if (k > 1 && !(*s = string_concat(rt, s, s))) return VALUE_EMPTY;
  }
  return *r;
}

static rd_value sp_slice(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double from, to;
  if (!this_string(rt, a, "slice", s)) return VALUE_EMPTY;
  double len = string_length(*s);
  if (!lib_arg_relative(rt, a, 0, len, 0, &from) || !lib_arg_relative(rt, a, 1, len, len, &to)) return VALUE_EMPTY;
  if (from >= to) return ROOT(rt, empty_string);
  return string_substring(rt, s, (uint32_t)from, (uint32_t)to);
}

static rd_value sp_substring(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double start, end;
  if (!this_string(rt, a, "substring", s) || !lib_arg_integer(rt, a, 0, &start)) return VALUE_EMPTY;
  double len = string_length(*s);
  end = len;
  if (native_arg(a, 1) != VALUE_UNDEFINED && !lib_to_integer(rt, &a->argv[1], &end)) return VALUE_EMPTY;
  start = MIN(MAX(start, 0), len);
  end = MIN(MAX(end, 0), len);
  return string_substring(rt, s, (uint32_t)MIN(start, end), (uint32_t)MAX(start, end));
}

static rd_value sp_substr(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  double start, length;
  if (!this_string(rt, a, "substr", s)) return VALUE_EMPTY;
  double size = string_length(*s);
  if (!lib_arg_relative(rt, a, 0, size, 0, &start)) return VALUE_EMPTY;
  length = size;
  if (native_arg(a, 1) != VALUE_UNDEFINED && !lib_to_integer(rt, &a->argv[1], &length)) return VALUE_EMPTY;
  double end = MIN(start + length, size);
  if (start >= end) return ROOT(rt, empty_string);
  return string_substring(rt, s, (uint32_t)start, (uint32_t)end);
}

/* --- trimming --------------------------------------------------------------------------------------- */
static rd_value trim(Runtime *rt, NativeArgs *a, bool start, bool end, const char *name) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  if (!this_string(rt, a, name, s)) return VALUE_EMPTY;
  uint32_t i = 0, j = string_length(*s);
  if (start) while (i < j && is_space(string_char_at(*s, i))) i++;
  if (end) while (j > i && is_space(string_char_at(*s, j - 1))) j--;
  return string_substring(rt, s, i, j);
}
static rd_value sp_trim(Runtime *rt, NativeArgs *a) { return trim(rt, a, true, true, "trim"); }
static rd_value sp_trim_start(Runtime *rt, NativeArgs *a) { return trim(rt, a, true, false, "trimStart"); }
static rd_value sp_trim_end(Runtime *rt, NativeArgs *a) { return trim(rt, a, false, true, "trimEnd"); }

/* --- case mapping ------------------------------------------------------------------------------------- */
/* Binary search of a {cp, mapped} table; cp itself when absent. */
static uint32_t simple_map(const uint32_t (*t)[2], size_t n, uint32_t cp) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t[mid][0] == cp) return t[mid][1];
    if (t[mid][0] < cp) lo = mid + 1;
    else hi = mid;
  }
  return cp;
}

static const uint32_t *special_map(const uint32_t (*t)[5], size_t n, uint32_t cp) {
  for (size_t lo = 0, hi = n; lo < hi;) {
    size_t mid = (lo + hi) / 2;
    if (t[mid][0] == cp) return t[mid];
    if (t[mid][0] < cp) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* Cased: has a case mapping either way (an approximation of the Cased property). */
static bool is_cased(uint32_t cp) {
  return simple_map(case_lower, ARRAY_LEN(case_lower), cp) != cp ||
         simple_map(case_upper, ARRAY_LEN(case_upper), cp) != cp || cp == 0xAA || cp == 0xBA;
}
/* Case_Ignorable, approximated by the common punctuation and the combining marks. */
static bool is_case_ignorable(uint32_t cp) {
  return cp == 0x27 || cp == 0x2E || cp == 0x3A || cp == 0x5E || cp == 0x60 || cp == 0xA8 || cp == 0xAD ||
         cp == 0xAF || cp == 0xB4 || cp == 0xB7 || cp == 0xB8 || cp == 0x2019 || (cp >= 0x300 && cp <= 0x36F) ||
         (cp >= 0x2B0 && cp <= 0x2FF) || (cp >= 0x200B && cp <= 0x200F);
}

/* Final_Sigma: a cased letter before position i (skipping case-ignorables) and none after. */
static bool final_sigma(const uint16_t *u, uint32_t n, uint32_t i) {
  bool before = false;
  for (int64_t j = (int64_t)i - 1; j >= 0; j--) {
    uint32_t cp = u[j];
    if (is_trail(u[j]) && j > 0 && is_lead(u[j - 1])) {
      cp = 0x10000 + ((u[j - 1] - 0xD800u) << 10) + (u[j] - 0xDC00u);
      j--;
    }
    if (is_case_ignorable(cp)) continue;
    before = is_cased(cp);
    break;
  }
  if (!before) return false;
  for (uint32_t j = i + 1; j < n;) {
    uint32_t size, cp = code_point_at(u, n, j, &size);
    if (!is_case_ignorable(cp)) return !is_cased(cp);
    j += size;
  }
  return true;
}

static rd_value convert_case(Runtime *rt, NativeArgs *a, bool upper, const char *name) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  Units u;
  if (!this_units(rt, a, name, s, &u)) return VALUE_EMPTY;
  StrBuf b;
  strbuf_init(&b);
  for (uint32_t i = 0; i < u.n;) {
    uint32_t size, cp = code_point_at(u.u, u.n, i, &size);
    if (cp < 0x80) {
      strbuf_push(&b, (uint16_t)(upper ? (cp >= 'a' && cp <= 'z' ? cp - 32 : cp)
                                       : (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)));
    } else if (!upper && cp == 0x3A3) {
      strbuf_push(&b, final_sigma(u.u, u.n, i) ? 0x3C2 : 0x3C3);
    } else {
      const uint32_t *sp = upper ? special_map(case_upper_special, ARRAY_LEN(case_upper_special), cp)
                                 : special_map(case_lower_special, ARRAY_LEN(case_lower_special), cp);
      if (sp) {
        for (uint32_t k = 0; k < sp[1]; k++) push_code_point(&b, sp[2 + k]);
      } else {
        push_code_point(&b, upper ? simple_map(case_upper, ARRAY_LEN(case_upper), cp)
                                  : simple_map(case_lower, ARRAY_LEN(case_lower), cp));
      }
    }
    i += size;
  }
  free(u.u);
  return strbuf_finish(rt, &b);
}
static rd_value sp_to_lower(Runtime *rt, NativeArgs *a) { return convert_case(rt, a, false, "toLowerCase"); }
static rd_value sp_to_upper(Runtime *rt, NativeArgs *a) { return convert_case(rt, a, true, "toUpperCase"); }
static rd_value sp_to_locale_lower(Runtime *rt, NativeArgs *a) { return convert_case(rt, a, false, "toLocaleLowerCase"); }
static rd_value sp_to_locale_upper(Runtime *rt, NativeArgs *a) { return convert_case(rt, a, true, "toLocaleUpperCase"); }

/* normalize: validates the form; the string is returned as it is when
 * normalization cannot change it (see the module report: tables pending). */
/* True if every code unit of s is below floor (read in place, no copy). Never allocates. */
static bool all_units_below(rd_value s, uint16_t floor) {
  StringIter it;
  StringSegment seg;
  bool below = true;
  string_iter_init(&it, s, 0, string_length(s));
  while (below && string_iter_next(&it, &seg))
    for (uint32_t i = 0; below && i < seg.length; i++)
      below = (seg.two_byte ? ((const uint16_t *)seg.chars)[i] : ((const uint8_t *)seg.chars)[i]) < floor;
  string_iter_finish(&it);
  return below;
}

/* String.prototype.normalize ( [ form ] ): UAX #15 by base/unicode_norm.c. */
static rd_value sp_normalize(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  if (!this_string(rt, a, "normalize", s)) return VALUE_EMPTY;
  UnicodeNormForm form = UNORM_NFC;
  if (native_arg(a, 0) != VALUE_UNDEFINED) {
    Handle f = handle_new(rt, js_to_string(rt, &a->argv[0]));
    if (!*f) return VALUE_EMPTY;
    if (string_equals_cstr(*f, "NFC"))
      form = UNORM_NFC;
    else if (string_equals_cstr(*f, "NFD"))
      form = UNORM_NFD;
    else if (string_equals_cstr(*f, "NFKC"))
      form = UNORM_NFKC;
    else if (string_equals_cstr(*f, "NFKD"))
      form = UNORM_NFKD;
    else
      return js_throw(rt, ERROR_RangeError, "The normalization form should be one of NFC, NFD, NFKC, NFKD.");
  }
  /* Below U+00A0 (U+0300 for NFC: all of Latin-1) every form leaves text as it is. */
  if ((form == UNORM_NFC && string_is_one_byte_representation(*s)) || all_units_below(*s, form == UNORM_NFC ? 0x300 : 0xA0))
    return *s;
  uint32_t n = string_length(*s);
  uint16_t *units = lib_string_units(rt, *s);
  if (!units) return VALUE_EMPTY;
  uint16_t *out = NULL;
  size_t out_len = 0;
  UnicodeNormStatus st = unicode_normalize(units, n, form, STRING_MAX_LENGTH, &out, &out_len);
  free(units);
  switch (st) {
    case UNORM_UNCHANGED: return *s;
    case UNORM_TOO_LONG: return js_throw(rt, ERROR_RangeError, "Invalid string length");
    case UNORM_NO_MEMORY: return js_throw(rt, ERROR_RangeError, "Out of memory normalizing a string");
    case UNORM_OK: break;
  }
  rd_value r = string_from_two_byte(rt, out, (uint32_t)out_len);
  free(out);
  return r;
}

/* --- split / replace / match ----------------------------------------------------------------------- */
/* If v (an object) has a method under well-known symbol `sym`, calls it with
 * (this, args...) into *out and returns 1; 0 if it has none; -1 on exception. */
static int delegate(Runtime *rt, NativeArgs *a, rd_value *sym_root, uint32_t argc, rd_value arg1, rd_value *out) {
  if (!value_is_js_object(native_arg(a, 0))) return 0;   /* only objects are asked for a method */
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, *sym_root);
  Handle m = handle_new(rt, lib_get_method(rt, &a->argv[0], key));
  if (!*m) return -1;
  if (*m == VALUE_UNDEFINED) return 0;
  rd_value args[2] = {*a->receiver, arg1};
  *out = interp_call(rt, m, &a->argv[0], argc, args);
  return *out ? 1 : -1;
}

static rd_value sp_split(Runtime *rt, NativeArgs *a) {
  if (value_is_nullish(*a->receiver)) return js_throw(rt, ERROR_TypeError, "String.prototype.split called on null or undefined");
  rd_value r;
  int d = delegate(rt, a, ROOT_SLOT(rt, symbol_split), 2, native_arg(a, 1), &r);
  if (d) return d > 0 ? r : VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, js_to_string(rt, a->receiver));
  if (!*s) return VALUE_EMPTY;
  double lim = 4294967295.0;
  if (native_arg(a, 1) != VALUE_UNDEFINED) {
    rd_value n = js_to_number(rt, &a->argv[1]);
    if (!n) return VALUE_EMPTY;
    double x = value_to_number(n);
    x = isfinite(x) ? fmod(trunc(x), 4294967296.0) : 0;
    lim = x < 0 ? x + 4294967296.0 : x;
  }
  Handle sep = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*sep) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*arr) return VALUE_EMPTY;
  if (lim == 0) return *arr;
  if (native_arg(a, 0) == VALUE_UNDEFINED) return element_set(rt, arr, 0, s) == PROPERTY_OK ? *arr : VALUE_EMPTY;
  uint32_t n = string_length(*s), m = string_length(*sep);
  if (n == 0) {
    if (m == 0) return *arr;
    return element_set(rt, arr, 0, s) == PROPERTY_OK ? *arr : VALUE_EMPTY;
  }
  uint16_t *su = lib_string_units(rt, *s), *tu = su ? lib_string_units(rt, *sep) : NULL;
  if (!su || !tu) {
    free(su);
    return VALUE_EMPTY;
  }
  uint32_t count = 0, p = 0;
  rd_value result = *arr;
  Handle piece = handle_new(rt, VALUE_UNDEFINED);
  if (m == 0) {
    for (uint32_t i = 0; i < n && count < lim; i++) {
      *piece = units_string(rt, su, i, i + 1);
      if (!*piece || element_set(rt, arr, count++, piece) != PROPERTY_OK) goto fail;
    }
    result = *arr;
    goto done;
  }
  for (int64_t q; (q = find_units(su, n, tu, m, p)) >= 0 && count < lim; p = (uint32_t)q + m) {
    *piece = units_string(rt, su, p, (uint32_t)q);
    if (!*piece || element_set(rt, arr, count++, piece) != PROPERTY_OK) goto fail;
  }
  if (count < lim) {
    *piece = units_string(rt, su, p, n);
    if (!*piece || element_set(rt, arr, count++, piece) != PROPERTY_OK) goto fail;
  }
  result = *arr;
  goto done;
fail:
  result = VALUE_EMPTY;
done:
  free(su);
  free(tu);
  return result;
}

/* GetSubstitution without captures: appends the expansion of template t to b. */
static void substitute(StrBuf *b, const uint16_t *t, uint32_t tn, const uint16_t *str, uint32_t n,
                       uint32_t pos, uint32_t match_len) {
  for (uint32_t i = 0; i < tn; i++) {
    if (t[i] != '$' || i + 1 == tn) {
      strbuf_push(b, t[i]);
      continue;
    }
    uint16_t c = t[i + 1];
    if (c == '$') strbuf_push(b, '$');
    else if (c == '&') strbuf_append_units(b, str + pos, match_len);
    else if (c == '`') strbuf_append_units(b, str, pos);
    else if (c == '\'') strbuf_append_units(b, str + MIN(pos + match_len, n), n - MIN(pos + match_len, n));
    else {
      strbuf_push(b, '$');   /* $n and $<name> stay as they are without captures */
      continue;
    }
    i++;
  }
}

/* replaceAll / matchAll: a RegExp argument (IsRegExp) must have "g" in its flags;
 * false with a TypeError pending otherwise. */
static bool require_global_regexp(Runtime *rt, NativeArgs *a, const char *name) {
  if (value_is_nullish(native_arg(a, 0))) return true;
  int re = is_regexp(rt, &a->argv[0]);
  if (re <= 0) return re == 0;
  HANDLE_SCOPE(rt);
  Handle flags = handle_new(rt, lib_get_named(rt, &a->argv[0], "flags"));
  if (!*flags) return false;
  if (value_is_nullish(*flags)) {
    js_throw(rt, ERROR_TypeError, "RegExp flags are null or undefined");
    return false;
  }
  if (!(*flags = js_to_string(rt, flags))) return false;
  for (uint32_t i = 0; i < string_length(*flags); i++)
    if (string_char_at(*flags, i) == 'g') return true;
  js_throw(rt, ERROR_TypeError, "%s must be called with a global RegExp", name);
  return false;
}

static rd_value replace(Runtime *rt, NativeArgs *a, bool all) {
  if (value_is_nullish(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "String.prototype.%s called on null or undefined", all ? "replaceAll" : "replace");
  HANDLE_SCOPE(rt);
  if (all && !require_global_regexp(rt, a, "replaceAll")) return VALUE_EMPTY;
  rd_value r;
  int d = delegate(rt, a, ROOT_SLOT(rt, symbol_replace), 2, native_arg(a, 1), &r);
  if (d) return d > 0 ? r : VALUE_EMPTY;
  Handle s = handle_new(rt, js_to_string(rt, a->receiver));
  if (!*s) return VALUE_EMPTY;
  Handle search = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*search) return VALUE_EMPTY;
  Handle repl = handle_new(rt, native_arg(a, 1));
  bool functional = value_is_callable(*repl);
  if (!functional && !(*repl = js_to_string(rt, repl))) return VALUE_EMPTY;
  uint32_t n = string_length(*s), m = string_length(*search);
  uint16_t *su = lib_string_units(rt, *s), *tu = su ? lib_string_units(rt, *search) : NULL;
  uint16_t *ru = tu && !functional ? lib_string_units(rt, *repl) : NULL;
  StrBuf b;
  strbuf_init(&b);
  rd_value result = VALUE_EMPTY;
  if (!su || !tu || (!functional && !ru)) goto done;
  uint32_t end = 0;
  for (int64_t q = find_units(su, n, tu, m, 0); q >= 0;
       q = all ? find_units(su, n, tu, m, (uint32_t)q + (m ? m : 1)) : -1) {
    strbuf_append_units(&b, su + end, (uint32_t)q - end);
    if (functional) {
      HANDLE_SCOPE(rt);
      rd_value args[3] = {*search, value_from_number((double)q), *s};
      Handle v = handle_new(rt, interp_call(rt, repl, NULL, 3, args));
      if (!*v || !(*v = js_to_string(rt, v))) goto done;
      strbuf_append_string(&b, *v);
    } else {
      substitute(&b, ru, string_length(*repl), su, n, (uint32_t)q, m);
    }
    end = (uint32_t)q + m;
    if (b.failed) break;
  }
  strbuf_append_units(&b, su + end, n - end);
  result = strbuf_finish(rt, &b);
done:
  strbuf_free(&b);
  free(su);
  free(tu);
  free(ru);
  return result;
}
static rd_value sp_replace(Runtime *rt, NativeArgs *a) { return replace(rt, a, false); }
static rd_value sp_replace_all(Runtime *rt, NativeArgs *a) { return replace(rt, a, true); }

/* match / matchAll / search: the argument's own method, else RegExp(arg)[sym](S). */
static rd_value regexp_method(Runtime *rt, NativeArgs *a, rd_value *sym_root, const char *name, bool global) {
  if (value_is_nullish(*a->receiver)) return js_throw(rt, ERROR_TypeError, "String.prototype.%s called on null or undefined", name);
  HANDLE_SCOPE(rt);
  if (global && !require_global_regexp(rt, a, name)) return VALUE_EMPTY;
  rd_value r;
  int d = delegate(rt, a, sym_root, 1, VALUE_UNDEFINED, &r);
  if (d) return d > 0 ? r : VALUE_EMPTY;
  Handle s = handle_new(rt, js_to_string(rt, a->receiver));
  if (!*s) return VALUE_EMPTY;
  Handle ctor = handle_new(rt, lib_get_named(rt, ROOT_SLOT(rt, global_object), "RegExp"));
  if (!*ctor) return VALUE_EMPTY;
  if (!value_is_callable(*ctor)) return js_throw(rt, ERROR_TypeError, "String.prototype.%s needs RegExp, which is not available", name);
  rd_value args[2] = {native_arg(a, 0), VALUE_UNDEFINED};
  if (global && !(args[1] = lib_key(rt, "g"))) return VALUE_EMPTY;
  args[0] = native_arg(a, 0);
  Handle rx = handle_new(rt, interp_construct(rt, ctor, ctor, global ? 2 : 1, args));
  if (!*rx) return VALUE_EMPTY;
  Handle key = handle_new(rt, *sym_root);
  Handle m = handle_new(rt, js_get(rt, rx, key));
  if (!*m) return VALUE_EMPTY;
  return lib_call(rt, m, rx, 1, s);
}
static rd_value sp_match(Runtime *rt, NativeArgs *a) { return regexp_method(rt, a, ROOT_SLOT(rt, symbol_match), "match", false); }
static rd_value sp_match_all(Runtime *rt, NativeArgs *a) { return regexp_method(rt, a, ROOT_SLOT(rt, symbol_match_all), "matchAll", true); }
static rd_value sp_search(Runtime *rt, NativeArgs *a) { return regexp_method(rt, a, ROOT_SLOT(rt, symbol_search), "search", false); }

static rd_value sp_iterator(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  if (!this_string(rt, a, "[Symbol.iterator]", s)) return VALUE_EMPTY;
  return lib_string_iterator_new(rt, s);
}

/* --- Annex B HTML methods -------------------------------------------------------------------------- */
/* CreateHTML: <tag attr="value">S</tag>, with '"' in value escaped. The
 * method's table entry packs tag and attribute as "tag\0attr". */
static rd_value create_html(Runtime *rt, NativeArgs *a, const char *tag, const char *attr) {
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, VALUE_UNDEFINED);
  if (!this_string(rt, a, tag, s)) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  if (attr && !(*v = lib_arg_string(rt, a, 0))) return VALUE_EMPTY;
  StrBuf b;
  strbuf_init(&b);
  strbuf_push(&b, '<');
  strbuf_append_ascii(&b, tag);
  if (attr) {
    strbuf_push(&b, ' ');
    strbuf_append_ascii(&b, attr);
    strbuf_append_ascii(&b, "=\"");
    for (uint32_t i = 0; i < string_length(*v); i++) {
      uint16_t c = string_char_at(*v, i);
      if (c == '"') strbuf_append_ascii(&b, "&quot;");
      else strbuf_push(&b, c);
    }
    strbuf_push(&b, '"');
  }
  strbuf_push(&b, '>');
  strbuf_append_string(&b, *s);
  strbuf_append_ascii(&b, "</");
  strbuf_append_ascii(&b, tag);
  strbuf_push(&b, '>');
  return strbuf_finish(rt, &b);
}

#define HTML_METHOD_LIST(X)                                                            \
  X(anchor, "a", "name") X(big, "big", NULL) X(blink, "blink", NULL) X(bold, "b", NULL) \
  X(fixed, "tt", NULL) X(fontcolor, "font", "color") X(fontsize, "font", "size")         \
  X(italics, "i", NULL) X(link, "a", "href") X(small, "small", NULL)                     \
  X(strike, "strike", NULL) X(sub, "sub", NULL) X(sup, "sup", NULL)
#define X(name, tag, attr) \
  static rd_value html_##name(Runtime *rt, NativeArgs *a) { return create_html(rt, a, tag, attr); }
HTML_METHOD_LIST(X)
#undef X

bool builtins_init_string(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, lib_wrapper_prototype(rt, ROOT(rt, empty_string)));
  if (!*proto) return false;
  rt->roots[ROOT_string_prototype] = *proto;
  Handle zero = handle_new(rt, value_from_int32(0));
  if (!builtins_define(rt, proto, "length", zero, 0)) return false;
  rd_value c = builtins_constructor(rt, "String", string_ctor, 1, proto);
  if (!c) return false;
  Handle ctor = handle_new(rt, c);
  static const BuiltinMethod statics[] = {
      {"fromCharCode", string_from_char_code, 1}, {"fromCodePoint", string_from_code_point, 1},
      {"raw", string_raw, 1},
  };
  static const BuiltinMethod methods[] = {
      {"at", sp_at, 1}, {"charAt", sp_char_at, 1}, {"charCodeAt", sp_char_code_at, 1},
      {"codePointAt", sp_code_point_at, 1}, {"concat", sp_concat, 1}, {"endsWith", sp_ends_with, 1},
      {"includes", sp_includes, 1}, {"indexOf", sp_index_of, 1}, {"isWellFormed", sp_is_well_formed, 0},
      {"lastIndexOf", sp_last_index_of, 1}, {"localeCompare", sp_locale_compare, 1},
      {"match", sp_match, 1}, {"matchAll", sp_match_all, 1}, {"normalize", sp_normalize, 0},
      {"padEnd", sp_pad_end, 1}, {"padStart", sp_pad_start, 1}, {"repeat", sp_repeat, 1},
      {"replace", sp_replace, 2}, {"replaceAll", sp_replace_all, 2}, {"search", sp_search, 1},
      {"slice", sp_slice, 2}, {"split", sp_split, 2}, {"startsWith", sp_starts_with, 1},
      {"substring", sp_substring, 2}, {"substr", sp_substr, 2},
      {"toLocaleLowerCase", sp_to_locale_lower, 0}, {"toLocaleUpperCase", sp_to_locale_upper, 0},
      {"toLowerCase", sp_to_lower, 0}, {"toUpperCase", sp_to_upper, 0},
      {"toString", sp_value_of, 0}, {"toWellFormed", sp_to_well_formed, 0}, {"trim", sp_trim, 0},
      {"trimStart", sp_trim_start, 0}, {"trimEnd", sp_trim_end, 0}, {"valueOf", sp_value_of, 0},
      {"@iterator", sp_iterator, 0},
#define X(name, tag, attr) {#name, html_##name, attr ? 1 : 0},
      HTML_METHOD_LIST(X)
#undef X
  };
  if (!builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) ||
      !builtins_install(rt, proto, methods, ARRAY_LEN(methods)))
    return false;
  /* Annex B: trimLeft / trimRight are the trimStart / trimEnd function objects. */
  Handle ts = handle_new(rt, lib_get_named(rt, proto, "trimStart"));
  Handle te = handle_new(rt, lib_get_named(rt, proto, "trimEnd"));
  if (!*ts || !*te || !builtins_define(rt, proto, "trimLeft", ts, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) ||
      !builtins_define(rt, proto, "trimRight", te, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
    return false;
  return builtins_define_global(rt, "String", ctor);
}
