/*
 * regexp.c - the RegExp constructor and %RegExp.prototype% (ECMA-262 22.2.4
 * - 22.2.6): RegExpAlloc / RegExpInitialize, RegExpBuiltinExec with the
 * groups object and the d-flag indices, RegExpExec, exec, test, toString,
 * the flag getters, flags, source (EscapeRegExpPattern), @@match,
 * @@matchAll with %RegExpStringIteratorPrototype%, @@replace
 * (GetSubstitution), @@search, @@split, get RegExp[@@species] and the
 * Annex B compile. The engine is src/regexp/.
 *
 * A RegExp instance is a JS_OBJECT whose map reserves internal words
 * between the header and the in-object properties (inobject_start =
 * RE_START), the first property being "lastIndex":
 *   R_SOURCE   [[OriginalSource]] (a string)
 *   R_FLAGS    [[OriginalFlags]] (a string)
 *   R_CODE     the compiled program (a ByteArray of int32 words, regexp.h)
 *   R_NAMES    FixedArray: the name of each capture group (string or undefined)
 *   R_BRAND    int32 RE_BRAND | RE_FLAG bits | RE_LEGACY_DISABLED (made by a
 *              subclass: the legacy static properties don't report its matches)
 * Iterators of matchAll have words I_MATCHER, I_STRING, I_STATE.
 * The native data of every function here is a FixedArray of D_* entries
 * (the constructor, the instance map, the iterator map, the prototype).
 *
 * Invariant: only objects made by RegExpAlloc carry RE_BRAND; R_CODE always
 * matches R_SOURCE/R_FLAGS once initialized; matching runs on a flat
 * string's characters and a ByteArray without allocating in between.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/library.h"
#include "builtins/regexp_legacy.h"
#include "objects/factory.h"
#include "objects/string.h"
#include "regexp/regexp.h"

enum { R_SOURCE, R_FLAGS, R_CODE, R_NAMES, R_BRAND, R_WORDS };
enum { I_MATCHER, I_STRING, I_STATE, I_WORDS };
enum { D_CTOR, D_MAP, D_ITER_MAP, D_PROTO, D_COUNT };
#define RE_START (JS_OBJECT_HEADER_WORDS + R_WORDS)
#define ITER_START (JS_OBJECT_HEADER_WORDS + I_WORDS)
#define RE_BRAND 0x52450000
#define RE_LEGACY_DISABLED (1 << 15)   /* in R_BRAND: [[LegacyFeaturesEnabled]] is false */
#define ITER_BRAND 0x52490000
#define WORD(o, i) (((rd_value *)value_to_ptr(o))[JS_OBJECT_HEADER_WORDS + (i)])
#define SET_WORD(o, i, v) HEAP_STORE(value_to_ptr(o), WORD(o, i), (v))
#define fixed_array_get(a, i) (FIXED_ARRAY(a)->data[(i)])
#define fixed_array_set(rt, a, i, v) HEAP_STORE(value_to_ptr(a), FIXED_ARRAY(a)->data[(i)], (v))

rd_value array_create(Runtime *rt, double len, Handle proto);

/* True if o is a RegExp instance (has [[RegExpMatcher]]). */
static bool is_regexp_object(rd_value o) {
  if (!value_has_type(o, TYPE_JS_OBJECT) || heap_object_map(value_to_ptr(o))->inobject_start != RE_START)
    return false;
  rd_value b = WORD(o, R_BRAND);
  return value_is_int32(b) && (value_to_int32(b) & ~0xFFFF) == RE_BRAND;
}
bool regexp_is_instance(rd_value v);
bool regexp_is_instance(rd_value v) { return is_regexp_object(v); }
static uint32_t re_flags(rd_value o) { return (uint32_t)value_to_int32(WORD(o, R_BRAND)) & 0xFFFF; }
static rd_value data_of(NativeArgs *a, int i) { return fixed_array_get(lib_native_data(a), (uint32_t)i); }

/* A map for objects with `words` internal words and prototype proto. */
static rd_value internal_map(Runtime *rt, Handle proto, uint32_t words) {
  uint32_t start = JS_OBJECT_HEADER_WORDS + words;
  rd_value m = factory_map(rt, TYPE_JS_OBJECT, 8 * (start + 2), 2, proto);
  if (m) MAP(m)->inobject_start = (uint8_t)start;
  return m;
}

/* ToLength(v) into *out. */
static bool to_length(Runtime *rt, Handle v, double *out) {
  if (!lib_to_integer(rt, v, out)) return false;
  if (*out < 0) *out = 0;
  if (*out > 9007199254740991.0) *out = 9007199254740991.0;
  return true;
}
static bool set_last_index(Runtime *rt, Handle r, double v) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, lib_key(rt, "lastIndex"));
  Handle hv = handle_new(rt, value_from_number(v));
  return *key && js_set(rt, r, key, hv, true);
}
static bool get_last_index(Runtime *rt, Handle r, double *out) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, lib_get_named(rt, r, "lastIndex"));
  return *v && to_length(rt, v, out);
}
/* AdvanceStringIndex(S, index, unicode). */
static double advance(rd_value s, double index, bool unicode) {
  if (!unicode || index + 1 >= string_length(s)) return index + 1;
  uint16_t c = string_char_at(s, (uint32_t)index), d = string_char_at(s, (uint32_t)index + 1);
  return c >= 0xD800 && c <= 0xDBFF && d >= 0xDC00 && d <= 0xDFFF ? index + 2 : index + 1;
}
/* True if string s contains unit ch. */
static bool has_char(rd_value s, uint16_t ch) {
  for (uint32_t i = 0; i < string_length(s); i++)
    if (string_char_at(s, i) == ch) return true;
  return false;
}
/* ToString(Get(o, name)). */
static rd_value get_string(Runtime *rt, Handle o, const char *name) {
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, lib_get_named(rt, o, name));
  if (!*v) return VALUE_EMPTY;
  return js_to_string(rt, v);
}
/* CreateDataPropertyOrThrow(o, name, v) for a fresh object. */
static bool create_named(Runtime *rt, Handle o, const char *name, Handle v) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, lib_key(rt, name));
  return *key && object_define_own(rt, o, key, v, PROPERTY_ATTRS_DEFAULT) == PROPERTY_OK;
}

/* --- RegExpAlloc / RegExpInitialize --------------------------------------------------------- */
/* RegExpAlloc(newTarget): a RegExp with lastIndex but no matcher yet. */
static rd_value regexp_alloc(Runtime *rt, Handle data, Handle new_target) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, fixed_array_get(*data, D_MAP));
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  for (int i = 0; i < R_WORDS; i++) WORD(*o, i) = VALUE_UNDEFINED;
  WORD(*o, R_BRAND) = value_from_int32(RE_BRAND);
  if (*new_target != VALUE_UNDEFINED && *new_target != fixed_array_get(*data, D_CTOR)) {
    WORD(*o, R_BRAND) = value_from_int32(RE_BRAND | RE_LEGACY_DISABLED);
    Handle proto = handle_new(rt, lib_get_named(rt, new_target, "prototype"));
    if (!*proto) return VALUE_EMPTY;
    if (value_is_js_object(*proto) && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  }
  Handle key = handle_new(rt, lib_key(rt, "lastIndex"));
  Handle zero = handle_new(rt, value_from_int32(0));
  if (!*key || object_define_own(rt, o, key, zero, PROPERTY_WRITABLE) != PROPERTY_OK) return VALUE_EMPTY;
  return *o;
}

/* Parses flags string f into RE_FLAG bits; -1 with a SyntaxError if invalid. */
static int32_t parse_flags(Runtime *rt, rd_value f) {
  static const char letters[] = "dgimsuvy";
  int32_t bits = 0;
  for (uint32_t i = 0; i < string_length(f); i++) {
    uint16_t c = string_char_at(f, i);
    const char *p = c && c < 128 ? strchr(letters, c) : NULL;
    int32_t bit = p ? 1 << (p - letters) : 0;
    if (!bit || (bits & bit)) {
      js_throw(rt, ERROR_SyntaxError, "Invalid regular expression flags");
      return -1;
    }
    bits |= bit;
  }
  if ((bits & RE_FLAG_UNICODE) && (bits & RE_FLAG_UNICODE_SETS)) {
    js_throw(rt, ERROR_SyntaxError, "Invalid regular expression flags");
    return -1;
  }
  return bits;
}

/* RegExpInitialize(obj, pattern, flags). */
static rd_value regexp_initialize(Runtime *rt, Handle obj, Handle pattern, Handle flags) {
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, *pattern == VALUE_UNDEFINED ? ROOT(rt, empty_string) : js_to_string(rt, pattern));
  if (!*p) return VALUE_EMPTY;
  Handle f = handle_new(rt, *flags == VALUE_UNDEFINED ? ROOT(rt, empty_string) : js_to_string(rt, flags));
  if (!*f) return VALUE_EMPTY;
  int32_t bits = parse_flags(rt, *f);
  if (bits < 0) return VALUE_EMPTY;
  uint16_t *units = lib_string_units(rt, *p);
  if (!units) return VALUE_EMPTY;
  RegexpProgram prog;
  char msg[160];
  bool ok = regexp_compile(units, string_length(*p), (uint32_t)bits, &prog, msg, sizeof msg);
  free(units);
  if (!ok) return js_throw(rt, ERROR_SyntaxError, "%s", msg);
  Handle code = handle_new(rt, factory_byte_array(rt, prog.nwords * 4, ALLOC_OLD));
  Handle names = handle_new(rt, *code ? factory_fixed_array(rt, prog.ngroups, VALUE_UNDEFINED, ALLOC_YOUNG) : VALUE_EMPTY);
  if (!*names) {
    regexp_program_free(&prog);
    return VALUE_EMPTY;
  }
  memcpy(((ByteArray *)value_to_ptr(*code))->data, prog.words, prog.nwords * 4);
  for (uint32_t g = 1; g < prog.ngroups; g++) {
    if (!prog.names[g]) continue;
    rd_value n = string_internalize_two_byte(rt, prog.names[g], prog.name_len[g]);
    if (!n) {
      regexp_program_free(&prog);
      return VALUE_EMPTY;
    }
    fixed_array_set(rt, *names, g, n);
  }
  regexp_program_free(&prog);
  if (!is_regexp_object(*obj)) return js_throw(rt, ERROR_TypeError, "not a RegExp");
  SET_WORD(*obj, R_SOURCE, *p);
  SET_WORD(*obj, R_FLAGS, *f);
  SET_WORD(*obj, R_CODE, *code);
  SET_WORD(*obj, R_NAMES, *names);
  WORD(*obj, R_BRAND) = value_from_int32(RE_BRAND | bits | (value_to_int32(WORD(*obj, R_BRAND)) & RE_LEGACY_DISABLED));
  if (!set_last_index(rt, obj, 0)) return VALUE_EMPTY;
  return *obj;
}

/* IsRegExp(v): 1, 0, -1 on exception. */
static int is_regexp(Runtime *rt, Handle v) {
  if (!value_is_js_object(*v)) return 0;
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, ROOT(rt, symbol_match));
  rd_value m = js_get(rt, v, key);
  if (!m) return -1;
  if (m != VALUE_UNDEFINED) return js_to_boolean(m);
  return is_regexp_object(*v);
}

static rd_value regexp_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle data = handle_new(rt, lib_native_data(a));
  Handle pattern = handle_new(rt, native_arg(a, 0));
  Handle flags = handle_new(rt, native_arg(a, 1));
  int pir = is_regexp(rt, pattern);
  if (pir < 0) return VALUE_EMPTY;
  Handle nt = handle_new(rt, *a->new_target);
  if (*nt == VALUE_UNDEFINED) {
    *nt = *a->function;
    if (pir && *flags == VALUE_UNDEFINED) {
      rd_value pc = lib_get_named(rt, pattern, "constructor");
      if (!pc) return VALUE_EMPTY;
      if (pc == *nt) return *pattern;
    }
  }
  Handle p = handle_new(rt, VALUE_UNDEFINED), f = handle_new(rt, VALUE_UNDEFINED);
  if (is_regexp_object(*pattern) && WORD(*pattern, R_CODE) != VALUE_UNDEFINED) {
    *p = WORD(*pattern, R_SOURCE);
    *f = *flags == VALUE_UNDEFINED ? WORD(*pattern, R_FLAGS) : *flags;
  } else if (pir) {
    if (!(*p = lib_get_named(rt, pattern, "source"))) return VALUE_EMPTY;
    if (*flags == VALUE_UNDEFINED) {
      if (!(*f = lib_get_named(rt, pattern, "flags"))) return VALUE_EMPTY;
    } else {
      *f = *flags;
    }
  } else {
    *p = *pattern;
    *f = *flags;
  }
  Handle o = handle_new(rt, regexp_alloc(rt, data, nt));
  if (!*o) return VALUE_EMPTY;
  return regexp_initialize(rt, o, p, f);
}

/* --- exec ------------------------------------------------------------------------------------- */
/* The [start, end] pair array of MakeMatchIndicesIndexPairArray. */
static rd_value index_pair(Runtime *rt, int32_t s, int32_t e) {
  HANDLE_SCOPE(rt);
  Handle arr = handle_new(rt, array_create(rt, 0, NULL));
  Handle v = handle_new(rt, value_from_int32(s));
  if (!*arr || !lib_create_index(rt, arr, 0, v)) return VALUE_EMPTY;
  *v = value_from_int32(e);
  if (!lib_create_index(rt, arr, 1, v)) return VALUE_EMPTY;
  return *arr;
}

/* RegExpBuiltinExec(R, S): the match array or null. */
static rd_value builtin_exec(Runtime *rt, Handle r, Handle s) {
  HANDLE_SCOPE(rt);
  double last;
  if (!get_last_index(rt, r, &last)) return VALUE_EMPTY;
  uint32_t flags = re_flags(*r);
  bool global = flags & RE_FLAG_GLOBAL, sticky = flags & RE_FLAG_STICKY;
  bool has_indices = flags & RE_FLAG_HAS_INDICES;
  if (!global && !sticky) last = 0;
  if (!(*s = string_flatten(rt, s))) return VALUE_EMPTY;
  uint32_t len = string_length(*s);
  if (last > len) {
    if ((global || sticky) && !set_last_index(rt, r, 0)) return VALUE_EMPTY;
    return VALUE_NULL;
  }
  const int32_t *words = (const int32_t *)((ByteArray *)value_to_ptr(WORD(*r, R_CODE)))->data;
  uint32_t ngroups = (uint32_t)words[RE_HDR_NGROUPS];
  int32_t *caps = malloc(2 * ngroups * sizeof(int32_t));
  if (!caps) return js_throw(rt, ERROR_RangeError, "out of memory in RegExp");
  StringSegment seg = string_flat_content(*s);
  RegexpResult res = regexp_exec(words, seg.chars, seg.two_byte, len, (uint32_t)last, sticky, caps);
  if (res < 0) {
    free(caps);
    return js_throw(rt, ERROR_RangeError, "Maximum RegExp backtracking exceeded");
  }
  if (res == RE_NO_MATCH) {
    free(caps);
    if ((global || sticky) && !set_last_index(rt, r, 0)) return VALUE_EMPTY;
    return VALUE_NULL;
  }
  Handle hcaps = handle_new(rt, factory_fixed_array(rt, 2 * ngroups, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*hcaps) {
    free(caps);
    return VALUE_EMPTY;
  }
  for (uint32_t i = 0; i < 2 * ngroups; i++) fixed_array_set(rt, *hcaps, i, value_from_int32(caps[i]));
  free(caps);
#define CAP(i) value_to_int32(fixed_array_get(*hcaps, (i)))
  if ((global || sticky) && !set_last_index(rt, r, CAP(1))) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_create(rt, 0, NULL));
  Handle v = handle_new(rt, value_from_int32(CAP(0)));
  if (!*arr || !create_named(rt, arr, "index", v) || !create_named(rt, arr, "input", s)) return VALUE_EMPTY;
  Handle names = handle_new(rt, WORD(*r, R_NAMES));
  bool has_groups = false;
  for (uint32_t g = 1; g < ngroups; g++)
    if (fixed_array_get(*names, g) != VALUE_UNDEFINED) has_groups = true;
  Handle null_proto = handle_new(rt, VALUE_NULL);
  Handle groups = handle_new(rt, VALUE_UNDEFINED), igroups = handle_new(rt, VALUE_UNDEFINED);
  Handle indices = handle_new(rt, VALUE_UNDEFINED);
  if (has_groups) {
    if (!(*groups = builtins_object_with_proto(rt, null_proto))) return VALUE_EMPTY;
    if (has_indices && !(*igroups = builtins_object_with_proto(rt, null_proto))) return VALUE_EMPTY;
  }
  if (has_indices) {
    if (!(*indices = array_create(rt, 0, NULL))) return VALUE_EMPTY;
  }
  for (uint32_t g = 0; g < ngroups; g++) {
    HANDLE_SCOPE(rt);
    int32_t cs = CAP(2 * g), ce = CAP(2 * g + 1);
    Handle val = handle_new(rt, VALUE_UNDEFINED), pair = handle_new(rt, VALUE_UNDEFINED);
    if (cs >= 0 && ce >= 0) {
      if (!(*val = string_substring(rt, s, (uint32_t)cs, (uint32_t)ce))) return VALUE_EMPTY;
      if (has_indices && !(*pair = index_pair(rt, cs, ce))) return VALUE_EMPTY;
    }
    if (!lib_create_index(rt, arr, g, val)) return VALUE_EMPTY;
    if (has_indices && !lib_create_index(rt, indices, g, pair)) return VALUE_EMPTY;
    Handle name = handle_new(rt, fixed_array_get(*names, g));
    /* a duplicate name (other alternative) keeps the value of the group that matched */
    bool earlier_dup = false;
    for (uint32_t h = 1; h < ngroups && *name != VALUE_UNDEFINED && *val == VALUE_UNDEFINED; h++)
      if (h != g && fixed_array_get(*names, h) != VALUE_UNDEFINED &&
          string_equals(fixed_array_get(*names, h), *name) && h < g)
        earlier_dup = true;
    if (g > 0 && *name != VALUE_UNDEFINED && !earlier_dup) {
      if (object_define_own(rt, groups, name, val, PROPERTY_ATTRS_DEFAULT) != PROPERTY_OK) return VALUE_EMPTY;
      if (has_indices && object_define_own(rt, igroups, name, pair, PROPERTY_ATTRS_DEFAULT) != PROPERTY_OK)
        return VALUE_EMPTY;
    }
  }
  if (value_to_int32(WORD(*r, R_BRAND)) & RE_LEGACY_DISABLED) regexp_legacy_invalidate(rt);
  else if (!regexp_legacy_update(rt, s, (uint32_t)CAP(0), (uint32_t)CAP(1), arr, ngroups)) return VALUE_EMPTY;
#undef CAP
  if (!create_named(rt, arr, "groups", groups)) return VALUE_EMPTY;
  if (has_indices) {
    if (!create_named(rt, indices, "groups", igroups) || !create_named(rt, arr, "indices", indices))
      return VALUE_EMPTY;
  }
  return *arr;
}

/* RegExpExec(R, S): R.exec if callable (its result an object or null), else the builtin. */
static rd_value regexp_exec_abstract(Runtime *rt, Handle r, Handle s) {
  HANDLE_SCOPE(rt);
  Handle exec = handle_new(rt, lib_get_named(rt, r, "exec"));
  if (!*exec) return VALUE_EMPTY;
  if (value_is_callable(*exec)) {
    rd_value res = lib_call(rt, exec, r, 1, s);
    if (!res) return VALUE_EMPTY;
    if (res != VALUE_NULL && !value_is_js_object(res))
      return js_throw(rt, ERROR_TypeError, "RegExp exec method returned something other than an Object or null");
    return res;
  }
  if (!is_regexp_object(*r)) return js_throw(rt, ERROR_TypeError, "RegExp.prototype.exec called on an incompatible receiver");
  return builtin_exec(rt, r, s);
}

/* this as a RegExp instance, else a TypeError. */
static bool this_regexp(Runtime *rt, NativeArgs *a, const char *method) {
  if (is_regexp_object(*a->receiver) && WORD(*a->receiver, R_CODE) != VALUE_UNDEFINED) return true;
  js_throw(rt, ERROR_TypeError, "RegExp.prototype.%s called on an incompatible receiver", method);
  return false;
}

static rd_value rp_exec(Runtime *rt, NativeArgs *a) {
  if (!this_regexp(rt, a, "exec")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*s) return VALUE_EMPTY;
  return builtin_exec(rt, a->receiver, s);
}

static rd_value rp_test(Runtime *rt, NativeArgs *a) {
  if (!builtins_this_object(rt, a, "RegExp.prototype.test")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle s = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*s) return VALUE_EMPTY;
  rd_value r = regexp_exec_abstract(rt, a->receiver, s);
  if (!r) return VALUE_EMPTY;
  return value_from_bool(r != VALUE_NULL);
}

static rd_value rp_to_string(Runtime *rt, NativeArgs *a) {
  if (!builtins_this_object(rt, a, "RegExp.prototype.toString")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle src = handle_new(rt, get_string(rt, a->receiver, "source"));
  if (!*src) return VALUE_EMPTY;
  Handle fl = handle_new(rt, get_string(rt, a->receiver, "flags"));
  if (!*fl) return VALUE_EMPTY;
  StrBuf b;
  strbuf_init(&b);
  strbuf_push(&b, '/');
  strbuf_append_string(&b, *src);
  strbuf_push(&b, '/');
  strbuf_append_string(&b, *fl);
  return strbuf_finish(rt, &b);
}

/* --- flags and source ------------------------------------------------------------------------ */
/* A flag getter: the RE_FLAG bit (as int32 native data? no: by name). */
static rd_value flag_getter(Runtime *rt, NativeArgs *a, uint32_t bit, const char *name) {
  rd_value r = *a->receiver;
  if (!value_is_js_object(r)) return js_throw(rt, ERROR_TypeError, "RegExp.prototype.%s getter called on non-object", name);
  if (!is_regexp_object(r) || WORD(r, R_CODE) == VALUE_UNDEFINED) {
    if (r == data_of(a, D_PROTO)) return VALUE_UNDEFINED;
    return js_throw(rt, ERROR_TypeError, "RegExp.prototype.%s getter called on non-RegExp", name);
  }
  return value_from_bool((re_flags(r) & bit) != 0);
}
#define FLAG_GETTER(fn, bit, name) \
  static rd_value fn(Runtime *rt, NativeArgs *a) { return flag_getter(rt, a, bit, name); }
FLAG_GETTER(get_has_indices, RE_FLAG_HAS_INDICES, "hasIndices")
FLAG_GETTER(get_global, RE_FLAG_GLOBAL, "global")
FLAG_GETTER(get_ignore_case, RE_FLAG_IGNORE_CASE, "ignoreCase")
FLAG_GETTER(get_multiline, RE_FLAG_MULTILINE, "multiline")
FLAG_GETTER(get_dot_all, RE_FLAG_DOT_ALL, "dotAll")
FLAG_GETTER(get_unicode, RE_FLAG_UNICODE, "unicode")
FLAG_GETTER(get_unicode_sets, RE_FLAG_UNICODE_SETS, "unicodeSets")
FLAG_GETTER(get_sticky, RE_FLAG_STICKY, "sticky")

static rd_value get_flags(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "RegExp.prototype.flags getter called on non-object");
  static const char *const names[] = {"hasIndices", "global", "ignoreCase", "multiline",
                                      "dotAll", "unicode", "unicodeSets", "sticky"};
  static const char letters[] = "dgimsuvy";
  char out[9];
  int n = 0;
  for (int i = 0; i < 8; i++) {
    rd_value v = lib_get_named(rt, a->receiver, names[i]);
    if (!v) return VALUE_EMPTY;
    if (js_to_boolean(v)) out[n++] = letters[i];
  }
  out[n] = 0;
  return string_from_cstr(rt, out);
}

/* EscapeRegExpPattern: "/" and line terminators escaped, "(?:)" for the empty pattern. */
static rd_value get_source(Runtime *rt, NativeArgs *a) {
  rd_value r = *a->receiver;
  if (!value_is_js_object(r)) return js_throw(rt, ERROR_TypeError, "RegExp.prototype.source getter called on non-object");
  if (!is_regexp_object(r) || WORD(r, R_CODE) == VALUE_UNDEFINED) {
    if (r == data_of(a, D_PROTO)) return lib_key(rt, "(?:)");
    return js_throw(rt, ERROR_TypeError, "RegExp.prototype.source getter called on non-RegExp");
  }
  rd_value src = WORD(r, R_SOURCE);
  uint32_t n = string_length(src);
  if (n == 0) return lib_key(rt, "(?:)");
  StrBuf b;
  strbuf_init(&b);
  bool in_class = false;
  for (uint32_t i = 0; i < n; i++) {
    uint16_t c = string_char_at(src, i);
    if (c == '\\' && i + 1 < n) {
      strbuf_push(&b, c);
      c = string_char_at(src, ++i);
      if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) {
        /* an escaped line terminator: \ then its escape */
        strbuf_append_ascii(&b, c == '\n' ? "n" : c == '\r' ? "r" : c == 0x2028 ? "u2028" : "u2029");
        continue;
      }
      strbuf_push(&b, c);
      continue;
    }
    if (c == '[') in_class = true;
    else if (c == ']') in_class = false;
    if (c == '/' && !in_class) strbuf_append_ascii(&b, "\\/");
    else if (c == '\n') strbuf_append_ascii(&b, "\\n");
    else if (c == '\r') strbuf_append_ascii(&b, "\\r");
    else if (c == 0x2028) strbuf_append_ascii(&b, "\\u2028");
    else if (c == 0x2029) strbuf_append_ascii(&b, "\\u2029");
    else strbuf_push(&b, c);
  }
  return strbuf_finish(rt, &b);
}

/* --- @@match, @@search ------------------------------------------------------------------------ */
static rd_value rp_match(Runtime *rt, NativeArgs *a) {
  if (!builtins_this_object(rt, a, "RegExp.prototype[Symbol.match]")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle rx = handle_new(rt, *a->receiver);
  Handle s = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*s) return VALUE_EMPTY;
  Handle fl = handle_new(rt, get_string(rt, rx, "flags"));
  if (!*fl) return VALUE_EMPTY;
  if (!has_char(*fl, 'g')) return regexp_exec_abstract(rt, rx, s);
  bool full_unicode = has_char(*fl, 'u') || has_char(*fl, 'v');
  if (!set_last_index(rt, rx, 0)) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_create(rt, 0, NULL));
  if (!*arr) return VALUE_EMPTY;
  for (uint32_t n = 0;; n++) {
    HANDLE_SCOPE(rt);
    Handle res = handle_new(rt, regexp_exec_abstract(rt, rx, s));
    if (!*res) return VALUE_EMPTY;
    if (*res == VALUE_NULL) return n == 0 ? VALUE_NULL : *arr;
    Handle ms = handle_new(rt, get_string(rt, res, "0"));
    if (!*ms || !lib_create_index(rt, arr, n, ms)) return VALUE_EMPTY;
    if (string_length(*ms) == 0) {
      double li;
      if (!get_last_index(rt, rx, &li) || !set_last_index(rt, rx, advance(*s, li, full_unicode))) return VALUE_EMPTY;
    }
  }
}

/* SameValue(v, +0). */
static bool is_positive_zero(rd_value v) {
  return value_is_number(v) && value_to_number(v) == 0 && !signbit(value_to_number(v));
}

static rd_value rp_search(Runtime *rt, NativeArgs *a) {
  if (!builtins_this_object(rt, a, "RegExp.prototype[Symbol.search]")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle rx = handle_new(rt, *a->receiver);
  Handle s = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*s) return VALUE_EMPTY;
  Handle key = handle_new(rt, lib_key(rt, "lastIndex"));
  Handle prev = handle_new(rt, js_get(rt, rx, key));
  if (!*prev) return VALUE_EMPTY;
  if (!is_positive_zero(*prev)) {
    Handle zero = handle_new(rt, value_from_int32(0));
    if (!js_set(rt, rx, key, zero, true)) return VALUE_EMPTY;
  }
  Handle res = handle_new(rt, regexp_exec_abstract(rt, rx, s));
  if (!*res) return VALUE_EMPTY;
  rd_value cur = js_get(rt, rx, key);
  if (!cur) return VALUE_EMPTY;
  bool same = (value_is_number(cur) && value_is_number(*prev))
                  ? (value_to_number(cur) == value_to_number(*prev) &&
                     signbit(value_to_number(cur)) == signbit(value_to_number(*prev))) ||
                        (isnan(value_to_number(cur)) && isnan(value_to_number(*prev)))
                  : js_strict_equals(cur, *prev);
  if (!same && !js_set(rt, rx, key, prev, true)) return VALUE_EMPTY;
  if (*res == VALUE_NULL) return value_from_int32(-1);
  return lib_get_named(rt, res, "index");
}

/* --- @@replace ------------------------------------------------------------------------------- */
/* GetSubstitution with captures caps[1..m] (strings or undefined) and named
 * (an object or undefined), appended to b. false with an exception pending. */
static bool substitute(Runtime *rt, StrBuf *b, Handle repl, Handle s, Handle matched, uint32_t position,
                       Handle caps, uint32_t m, Handle named) {
  uint32_t rl = string_length(*repl), sl = string_length(*s), ml = string_length(*matched);
  for (uint32_t i = 0; i < rl; i++) {
    uint16_t c = string_char_at(*repl, i);
    if (c != '$' || i + 1 >= rl) {
      strbuf_push(b, c);
      continue;
    }
    uint16_t d = string_char_at(*repl, i + 1);
    if (d == '$') {
      strbuf_push(b, '$');
      i++;
    } else if (d == '&') {
      strbuf_append_string(b, *matched);
      i++;
    } else if (d == '`') {
      for (uint32_t k = 0; k < position && k < sl; k++) strbuf_push(b, string_char_at(*s, k));
      i++;
    } else if (d == '\'') {
      for (uint32_t k = position + ml; k < sl; k++) strbuf_push(b, string_char_at(*s, k));
      i++;
    } else if (d >= '0' && d <= '9') {
      uint32_t idx = d - '0', used = 1;
      if (i + 2 < rl) {
        uint16_t e = string_char_at(*repl, i + 2);
        if (e >= '0' && e <= '9' && idx * 10 + (e - '0') >= 1 && idx * 10 + (e - '0') <= m) {
          idx = idx * 10 + (e - '0');
          used = 2;
        }
      }
      if (idx < 1 || idx > m) {
        strbuf_push(b, '$');
        continue;
      }
      rd_value cv = fixed_array_get(*caps, idx);
      if (cv != VALUE_UNDEFINED) strbuf_append_string(b, cv);
      i += used;
    } else if (d == '<' && *named != VALUE_UNDEFINED) {
      uint32_t close = i + 2;
      while (close < rl && string_char_at(*repl, close) != '>') close++;
      if (close >= rl) {
        strbuf_push(b, '$');
        continue;
      }
      HANDLE_SCOPE(rt);
      Handle gname = handle_new(rt, string_substring(rt, repl, i + 2, close));
      if (!*gname) return false;
      Handle v = handle_new(rt, js_get(rt, named, gname));
      if (!*v) return false;
      if (*v != VALUE_UNDEFINED) {
        if (!(*v = js_to_string(rt, v))) return false;
        strbuf_append_string(b, *v);
      }
      i = close;
    } else {
      strbuf_push(b, '$');
    }
  }
  return true;
}

static rd_value rp_replace(Runtime *rt, NativeArgs *a) {
  if (!builtins_this_object(rt, a, "RegExp.prototype[Symbol.replace]")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle rx = handle_new(rt, *a->receiver);
  Handle s = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*s) return VALUE_EMPTY;
  uint32_t len = string_length(*s);
  Handle repl = handle_new(rt, native_arg(a, 1));
  bool functional = value_is_callable(*repl);
  if (!functional && !(*repl = js_to_string(rt, repl))) return VALUE_EMPTY;
  Handle fl = handle_new(rt, get_string(rt, rx, "flags"));
  if (!*fl) return VALUE_EMPTY;
  bool global = has_char(*fl, 'g'), full_unicode = false;
  if (global) {
    full_unicode = has_char(*fl, 'u') || has_char(*fl, 'v');
    if (!set_last_index(rt, rx, 0)) return VALUE_EMPTY;
  }
  Handle results = handle_new(rt, factory_fixed_array(rt, 4, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*results) return VALUE_EMPTY;
  uint32_t nres = 0;
  for (;;) {
    HANDLE_SCOPE(rt);
    Handle res = handle_new(rt, regexp_exec_abstract(rt, rx, s));
    if (!*res) return VALUE_EMPTY;
    if (*res == VALUE_NULL) break;
    if (nres == fixed_array_length(*results)) {
      rd_value g = factory_copy_fixed_array(rt, results, nres * 2, VALUE_UNDEFINED);
      if (!g) return VALUE_EMPTY;
      *results = g;
    }
    fixed_array_set(rt, *results, nres++, *res);
    if (!global) break;
    Handle ms = handle_new(rt, get_string(rt, res, "0"));
    if (!*ms) return VALUE_EMPTY;
    if (string_length(*ms) == 0) {
      double li;
      if (!get_last_index(rt, rx, &li) || !set_last_index(rt, rx, advance(*s, li, full_unicode))) return VALUE_EMPTY;
    }
  }
  StrBuf b;
  strbuf_init(&b);
  uint32_t next_pos = 0;
  for (uint32_t k = 0; k < nres; k++) {
    HANDLE_SCOPE(rt);
    Handle res = handle_new(rt, fixed_array_get(*results, k));
    Handle lenv = handle_new(rt, lib_get_named(rt, res, "length"));
    double ncap;
    if (!*lenv || !to_length(rt, lenv, &ncap)) goto fail;
    ncap = ncap > 1 ? ncap - 1 : 0;
    if (ncap > 100000) ncap = 100000;
    Handle matched = handle_new(rt, get_string(rt, res, "0"));
    if (!*matched) goto fail;
    Handle posv = handle_new(rt, lib_get_named(rt, res, "index"));
    double position;
    if (!*posv || !lib_to_integer(rt, posv, &position)) goto fail;
    if (position < 0) position = 0;
    if (position > len) position = len;
    uint32_t m = (uint32_t)ncap;
    Handle caps = handle_new(rt, factory_fixed_array(rt, m + 1, VALUE_UNDEFINED, ALLOC_YOUNG));
    if (!*caps) goto fail;
    for (uint32_t n = 1; n <= m; n++) {
      HANDLE_SCOPE(rt);
      Handle cv = handle_new(rt, lib_get_index(rt, res, n));
      if (!*cv) goto fail;
      if (*cv != VALUE_UNDEFINED && !(*cv = js_to_string(rt, cv))) goto fail;
      fixed_array_set(rt, *caps, n, *cv);
    }
    Handle named = handle_new(rt, lib_get_named(rt, res, "groups"));
    if (!*named) goto fail;
    Handle replacement = handle_new(rt, VALUE_UNDEFINED);
    if (functional) {
      uint32_t argc = m + 3 + (*named != VALUE_UNDEFINED);
      Handle args = handle_new(rt, factory_fixed_array(rt, argc, VALUE_UNDEFINED, ALLOC_YOUNG));
      if (!*args) goto fail;
      fixed_array_set(rt, *args, 0, *matched);
      for (uint32_t n = 1; n <= m; n++) fixed_array_set(rt, *args, n, fixed_array_get(*caps, n));
      fixed_array_set(rt, *args, m + 1, value_from_number(position));
      fixed_array_set(rt, *args, m + 2, *s);
      if (*named != VALUE_UNDEFINED) fixed_array_set(rt, *args, m + 3, *named);
      rd_value *argv = malloc(argc * sizeof(rd_value));
      if (!argv) goto fail;
      /* argv must be GC-safe: copy into handles */
      Handle *hs = malloc(argc * sizeof(Handle));
      if (!hs) {
        free(argv);
        goto fail;
      }
      for (uint32_t i = 0; i < argc; i++) hs[i] = handle_new(rt, fixed_array_get(*args, i));
      for (uint32_t i = 0; i < argc; i++) argv[i] = *hs[i];
      free(hs);
      rd_value rv = interp_call(rt, repl, NULL, argc, argv);
      free(argv);
      if (!rv) goto fail;
      *replacement = rv;
      if (!(*replacement = js_to_string(rt, replacement))) goto fail;
    } else {
      if (*named != VALUE_UNDEFINED && !(*named = js_to_object(rt, named))) goto fail;
    }
    if (position >= next_pos) {
      for (uint32_t i = next_pos; i < (uint32_t)position; i++) strbuf_push(&b, string_char_at(*s, i));
      if (functional) {
        strbuf_append_string(&b, *replacement);
      } else if (!substitute(rt, &b, repl, s, matched, (uint32_t)position, caps, m, named)) {
        goto fail;
      }
      next_pos = (uint32_t)position + string_length(*matched);
    }
  }
  for (uint32_t i = next_pos; i < len; i++) strbuf_push(&b, string_char_at(*s, i));
  return strbuf_finish(rt, &b);
fail:
  strbuf_free(&b);
  return VALUE_EMPTY;
}

/* --- @@split, @@matchAll -------------------------------------------------------------------- */
/* SpeciesConstructor(o, %RegExp%). */
static rd_value species_constructor(Runtime *rt, NativeArgs *a, Handle o) {
  HANDLE_SCOPE(rt);
  Handle dflt = handle_new(rt, data_of(a, D_CTOR));
  return lib_species_constructor(rt, o, dflt);
}

static rd_value rp_split(Runtime *rt, NativeArgs *a) {
  if (!builtins_this_object(rt, a, "RegExp.prototype[Symbol.split]")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle rx = handle_new(rt, *a->receiver);
  Handle s = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*s) return VALUE_EMPTY;
  Handle c = handle_new(rt, species_constructor(rt, a, rx));
  if (!*c) return VALUE_EMPTY;
  Handle fl = handle_new(rt, get_string(rt, rx, "flags"));
  if (!*fl) return VALUE_EMPTY;
  bool unicode = has_char(*fl, 'u') || has_char(*fl, 'v');
  if (!has_char(*fl, 'y')) {
    Handle y = handle_new(rt, lib_key(rt, "y"));
    if (!*y || !(*fl = string_concat(rt, fl, y))) return VALUE_EMPTY;
  }
  rd_value cargs[2] = {*rx, *fl};
  Handle splitter = handle_new(rt, interp_construct(rt, c, c, 2, cargs));
  if (!*splitter) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_create(rt, 0, NULL));
  if (!*arr) return VALUE_EMPTY;
  double lim = 4294967295.0;
  if (native_arg(a, 1) != VALUE_UNDEFINED) {
    Handle lv = handle_new(rt, js_to_number(rt, &a->argv[1]));
    if (!*lv) return VALUE_EMPTY;
    double d = value_to_number(*lv);
    lim = (isnan(d) || isinf(d)) ? 0 : fmod(trunc(d), 4294967296.0);
    if (lim < 0) lim += 4294967296.0;
  }
  if (lim == 0) return *arr;
  uint32_t size = string_length(*s);
  if (size == 0) {
    rd_value z = regexp_exec_abstract(rt, splitter, s);
    if (!z) return VALUE_EMPTY;
    if (z != VALUE_NULL) return *arr;
    if (!lib_create_index(rt, arr, 0, s)) return VALUE_EMPTY;
    return *arr;
  }
  double p = 0, q = 0, n = 0;
  while (q < size) {
    HANDLE_SCOPE(rt);
    if (!set_last_index(rt, splitter, q)) return VALUE_EMPTY;
    Handle z = handle_new(rt, regexp_exec_abstract(rt, splitter, s));
    if (!*z) return VALUE_EMPTY;
    if (*z == VALUE_NULL) {
      q = advance(*s, q, unicode);
      continue;
    }
    double e;
    if (!get_last_index(rt, splitter, &e)) return VALUE_EMPTY;
    if (e > size) e = size;
    if (e == p) {
      q = advance(*s, q, unicode);
      continue;
    }
    Handle t = handle_new(rt, string_substring(rt, s, (uint32_t)p, (uint32_t)q));
    if (!*t || !lib_create_index(rt, arr, n++, t)) return VALUE_EMPTY;
    if (n == lim) return *arr;
    p = e;
    Handle lenv = handle_new(rt, lib_get_named(rt, z, "length"));
    double ncap;
    if (!*lenv || !to_length(rt, lenv, &ncap)) return VALUE_EMPTY;
    ncap = ncap > 1 ? ncap - 1 : 0;
    for (double i = 1; i <= ncap; i++) {
      HANDLE_SCOPE(rt);
      Handle cv = handle_new(rt, lib_get_index(rt, z, i));
      if (!*cv || !lib_create_index(rt, arr, n++, cv)) return VALUE_EMPTY;
      if (n == lim) return *arr;
    }
    q = p;
  }
  Handle t = handle_new(rt, string_substring(rt, s, (uint32_t)p, size));
  if (!*t || !lib_create_index(rt, arr, n, t)) return VALUE_EMPTY;
  return *arr;
}

enum { IT_GLOBAL = 1, IT_UNICODE = 2, IT_DONE = 4 };

static rd_value rp_match_all(Runtime *rt, NativeArgs *a) {
  if (!builtins_this_object(rt, a, "RegExp.prototype[Symbol.matchAll]")) return VALUE_EMPTY;
  HANDLE_SCOPE(rt);
  Handle r = handle_new(rt, *a->receiver);
  Handle s = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*s) return VALUE_EMPTY;
  Handle c = handle_new(rt, species_constructor(rt, a, r));
  if (!*c) return VALUE_EMPTY;
  Handle fl = handle_new(rt, get_string(rt, r, "flags"));
  if (!*fl) return VALUE_EMPTY;
  rd_value cargs[2] = {*r, *fl};
  Handle matcher = handle_new(rt, interp_construct(rt, c, c, 2, cargs));
  if (!*matcher) return VALUE_EMPTY;
  double li;
  if (!get_last_index(rt, r, &li) || !set_last_index(rt, matcher, li)) return VALUE_EMPTY;
  int32_t state = ITER_BRAND | (has_char(*fl, 'g') ? IT_GLOBAL : 0) |
                  (has_char(*fl, 'u') || has_char(*fl, 'v') ? IT_UNICODE : 0);
  Handle map = handle_new(rt, data_of(a, D_ITER_MAP));
  Handle it = handle_new(rt, factory_js_object(rt, map));
  if (!*it) return VALUE_EMPTY;
  SET_WORD(*it, I_MATCHER, *matcher);
  SET_WORD(*it, I_STRING, *s);
  WORD(*it, I_STATE) = value_from_int32(state);
  return *it;
}

static rd_value rsi_next(Runtime *rt, NativeArgs *a) {
  rd_value o = *a->receiver;
  if (!value_has_type(o, TYPE_JS_OBJECT) || heap_object_map(value_to_ptr(o))->inobject_start != ITER_START ||
      !value_is_int32(WORD(o, I_STATE)) || (value_to_int32(WORD(o, I_STATE)) & ~0xFFFF) != ITER_BRAND)
    return js_throw(rt, ERROR_TypeError, "%%RegExpStringIteratorPrototype%%.next called on an incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle it = handle_new(rt, o);
  Handle undef = handle_new(rt, VALUE_UNDEFINED);
  int32_t state = value_to_int32(WORD(o, I_STATE));
  if (state & IT_DONE) return lib_iter_result(rt, undef, true);
  Handle r = handle_new(rt, WORD(o, I_MATCHER)), s = handle_new(rt, WORD(o, I_STRING));
  Handle m = handle_new(rt, regexp_exec_abstract(rt, r, s));
  if (!*m) return VALUE_EMPTY;
  if (*m == VALUE_NULL) {
    WORD(*it, I_STATE) = value_from_int32(state | IT_DONE);
    return lib_iter_result(rt, undef, true);
  }
  if (!(state & IT_GLOBAL)) {
    WORD(*it, I_STATE) = value_from_int32(state | IT_DONE);
    return lib_iter_result(rt, m, false);
  }
  Handle ms = handle_new(rt, get_string(rt, m, "0"));
  if (!*ms) return VALUE_EMPTY;
  if (string_length(*ms) == 0) {
    double li;
    if (!get_last_index(rt, r, &li) || !set_last_index(rt, r, advance(*s, li, state & IT_UNICODE))) return VALUE_EMPTY;
  }
  return lib_iter_result(rt, m, false);
}

/* --- compile, @@species --------------------------------------------------------------------- */
static rd_value rp_compile(Runtime *rt, NativeArgs *a) {
  if (!is_regexp_object(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "RegExp.prototype.compile called on an incompatible receiver");
  if (value_to_int32(WORD(*a->receiver, R_BRAND)) & RE_LEGACY_DISABLED)   /* legacy RegExp features */
    return js_throw(rt, ERROR_TypeError, "RegExp.prototype.compile called on a subclass instance");
  HANDLE_SCOPE(rt);
  Handle p = handle_new(rt, native_arg(a, 0)), f = handle_new(rt, native_arg(a, 1));
  if (is_regexp_object(*p) && WORD(*p, R_CODE) != VALUE_UNDEFINED) {
    if (*f != VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "Cannot supply flags when constructing one RegExp from another");
    *f = WORD(*p, R_FLAGS);
    *p = WORD(*p, R_SOURCE);
  }
  return regexp_initialize(rt, a->receiver, p, f);
}

static rd_value species_getter(Runtime *rt, NativeArgs *a) { return *a->receiver; }

/* Appends "\\x" + 2 hex digits, or "\\u" + 4 per code unit (EncodeForRegExpEscape). */
static void push_hex_escape(StrBuf *b, uint32_t c) {
  char buf[16];
  if (c <= 0xFF) {
    snprintf(buf, sizeof buf, "\\x%02x", c);
    strbuf_append_ascii(b, buf);
    return;
  }
  if (c > 0xFFFF) {
    snprintf(buf, sizeof buf, "\\u%04x", 0xD800 + ((c - 0x10000) >> 10));
    strbuf_append_ascii(b, buf);
    c = 0xDC00 + ((c - 0x10000) & 0x3FF);
  }
  snprintf(buf, sizeof buf, "\\u%04x", c);
  strbuf_append_ascii(b, buf);
}

/* RegExp.escape(S). */
static rd_value regexp_escape(Runtime *rt, NativeArgs *a) {
  rd_value s = native_arg(a, 0);
  if (!value_is_string(s)) return js_throw(rt, ERROR_TypeError, "RegExp.escape requires a string");
  StrBuf b;
  strbuf_init(&b);
  uint32_t n = string_length(s);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t c = string_char_at(s, i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && string_char_at(s, i + 1) >= 0xDC00 &&
        string_char_at(s, i + 1) <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (string_char_at(s, ++i) - 0xDC00);
      strbuf_push(&b, (uint16_t)(0xD800 + ((c - 0x10000) >> 10)));
      strbuf_push(&b, (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF)));
      continue;
    }
    bool first = b.len == 0;
    if (first && ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) {
      push_hex_escape(&b, c);
    } else if (c < 128 && c && strchr("^$\\.*+?()[]{}|/", (int)c)) {
      strbuf_push(&b, '\\');
      strbuf_push(&b, (uint16_t)c);
    } else if (c >= 9 && c <= 13) {
      static const char esc[] = "tnvfr";
      strbuf_push(&b, '\\');
      strbuf_push(&b, (uint16_t)esc[c - 9]);
    } else if ((c < 128 && c && strchr(",-=<>#&!%:;@~'`\"", (int)c)) || c == 0x20 || c == 0xA0 ||
               c == 0xFEFF || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
               c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || (c >= 0xD800 && c <= 0xDFFF)) {
      push_hex_escape(&b, c);
    } else {
      strbuf_push(&b, (uint16_t)c);
    }
  }
  return strbuf_finish(rt, &b);
}

/* --- installation ----------------------------------------------------------------------------- */
/* Installs methods as functions carrying data (keys "@x" are well-known symbols). */
static bool install(Runtime *rt, Handle target, const BuiltinMethod *methods, size_t n, Handle data) {
  if (!builtins_install(rt, target, methods, n)) return false;
  for (size_t i = 0; i < n; i++) {
    HANDLE_SCOPE(rt);
    Handle key = handle_new(rt, VALUE_UNDEFINED);
    const char *name = methods[i].name;
    if (name[0] == '@') {
      if (!strcmp(name, "@match")) *key = ROOT(rt, symbol_match);
      else if (!strcmp(name, "@matchAll")) *key = ROOT(rt, symbol_match_all);
      else if (!strcmp(name, "@replace")) *key = ROOT(rt, symbol_replace);
      else if (!strcmp(name, "@search")) *key = ROOT(rt, symbol_search);
      else *key = ROOT(rt, symbol_split);
    } else if (!(*key = lib_key(rt, name))) {
      return false;
    }
    rd_value f = js_get(rt, target, key);
    if (!f) return false;
    lib_set_native_data(f, *data);
  }
  return true;
}
/* Defines getter name on target (builtins_define_getter) with native data. */
static bool define_getter(Runtime *rt, Handle target, const char *name, NativeFn fn, Handle data) {
  rd_value getter = builtins_define_getter(rt, target, name, fn);
  if (!getter) return false;
  lib_set_native_data(getter, *data);
  return true;
}

bool builtins_init_regexp(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  Handle data = handle_new(rt, factory_fixed_array(rt, D_COUNT, VALUE_UNDEFINED, ALLOC_OLD));
  if (!*data) return false;
  fixed_array_set(rt, *data, D_PROTO, *proto);
  rd_value m = internal_map(rt, proto, R_WORDS);
  if (!m) return false;
  fixed_array_set(rt, *data, D_MAP, m);
  Handle ctor = handle_new(rt, builtins_constructor(rt, "RegExp", regexp_ctor, 2, proto));
  if (!*ctor) return false;
  lib_set_native_data(*ctor, *data);
  fixed_array_set(rt, *data, D_CTOR, *ctor);
  if (!interp_intrinsics_init(rt)) return false;
  interp_set_intrinsic(rt, INTRINSIC_regexp, *ctor);

  Handle iter_proto = handle_new(rt, builtins_object_with_proto(rt, ROOT_SLOT(rt, iterator_prototype)));
  if (!*iter_proto) return false;
  static const BuiltinMethod iter_methods[] = {{"next", rsi_next, 0}};
  Handle tag = handle_new(rt, lib_key(rt, "RegExp String Iterator"));
  if (!*tag || !builtins_install(rt, iter_proto, iter_methods, 1) ||
      !builtins_define(rt, iter_proto, "@toStringTag", tag, PROPERTY_CONFIGURABLE))
    return false;
  rd_value im = internal_map(rt, iter_proto, I_WORDS);
  if (!im) return false;
  fixed_array_set(rt, *data, D_ITER_MAP, im);

  static const BuiltinMethod methods[] = {
      {"exec", rp_exec, 1},         {"test", rp_test, 1},           {"toString", rp_to_string, 0},
      {"compile", rp_compile, 2},   {"@match", rp_match, 1},        {"@matchAll", rp_match_all, 1},
      {"@replace", rp_replace, 2},  {"@search", rp_search, 1},      {"@split", rp_split, 2},
  };
  if (!install(rt, proto, methods, ARRAY_LEN(methods), data)) return false;
  static const struct {
    const char *name;
    NativeFn fn;
  } getters[] = {
      {"dotAll", get_dot_all}, {"flags", get_flags}, {"global", get_global},
      {"hasIndices", get_has_indices}, {"ignoreCase", get_ignore_case}, {"multiline", get_multiline},
      {"source", get_source}, {"sticky", get_sticky}, {"unicode", get_unicode},
      {"unicodeSets", get_unicode_sets},
  };
  for (size_t i = 0; i < ARRAY_LEN(getters); i++)
    if (!define_getter(rt, proto, getters[i].name, getters[i].fn, data)) return false;
  if (!define_getter(rt, ctor, "@species", species_getter, data)) return false;
  static const BuiltinMethod statics[] = {{"escape", regexp_escape, 1}};
  if (!builtins_install(rt, ctor, statics, 1) || !regexp_legacy_install(rt, ctor)) return false;
  return builtins_define_global(rt, "RegExp", ctor);
}
