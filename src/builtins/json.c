/*
 * json.c - the JSON object: JSON.parse (the full JSON grammar of ECMA-404,
 * then the reviver walk InternalizeJSONProperty) and JSON.stringify
 * (replacer function or property list, space as a number or a string
 * clamped to 10, toJSON, boxed primitives, cycle detection, well-formed
 * escaping of lone surrogates), JSON.rawJSON / JSON.isRawJSON, the
 * reviver's context with the source text of primitive values (JSON.parse
 * source text access), and JSON[@@toStringTag].
 *
 * Invariant: both directions recurse in C at most JSON_MAX_DEPTH levels;
 * deeper input throws a RangeError instead of overflowing the C stack.
 * The parser reads a malloc'd copy of the text, so allocation during the
 * parse never moves what it reads; stringify streams into one StrBuf. A
 * raw JSON object ([[IsRawJSON]]) is exactly an object with an own property
 * keyed by the private symbol raw_json_symbol, which no script can name.
 */
#include <math.h>
#include <stdlib.h>

#include "base/numconv.h"
#include "builtins/library.h"
#include "interp/ic.h"
#include "objects/proxy.h"
#include "objects/factory.h"
#include "objects/string.h"

#define JSON_MAX_DEPTH 1000

/* --- JSON.parse ------------------------------------------------------------------------------- */
typedef struct JsonParser {
  Runtime *rt;
  const uint16_t *u;
  uint32_t n, pos;
  int depth;
} JsonParser;

/* A JSON Parse Record (made only when there is a reviver): a FixedArray of
 * REC_* slots. Children: for an array a JS array of its elements' records,
 * for an object a null-prototype object mapping each key to the record of
 * its (last) value; undefined for a primitive. */
enum { REC_VALUE, REC_SOURCE, REC_CHILDREN, REC_SIZE };

static rd_value parse_value(JsonParser *p, Handle rec);

static void skip_ws(JsonParser *p) {
  while (p->pos < p->n) {
    uint16_t c = p->u[p->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    p->pos++;
  }
}

static rd_value syntax_error(JsonParser *p) {
  if (p->pos >= p->n) return js_throw(p->rt, ERROR_SyntaxError, "Unexpected end of JSON input");
  uint16_t c = p->u[p->pos];
  if (c >= 0x20 && c < 0x7F)
    return js_throw(p->rt, ERROR_SyntaxError, "Unexpected token '%c' in JSON at position %u", c, p->pos);
  return js_throw(p->rt, ERROR_SyntaxError, "Unexpected character U+%04X in JSON at position %u", c, p->pos);
}

static int hex_digit(uint16_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 32) >= 'a' && (c | 32) <= 'f') return (c | 32) - 'a' + 10;
  return -1;
}

/* A string literal starting at the opening quote; a key (an object's
 * property name) is internalized straight from the text when it has no
 * escapes, with no string made first. */
static rd_value parse_string(JsonParser *p, bool key) {
  uint32_t start = ++p->pos;
  while (p->pos < p->n && p->u[p->pos] != '"' && p->u[p->pos] != '\\' && p->u[p->pos] >= 0x20) p->pos++;
  if (p->pos < p->n && p->u[p->pos] == '"') {   /* no escapes: one copy */
    p->pos++;
    if (key) return string_internalize_two_byte(p->rt, p->u + start, p->pos - 1 - start);
    return string_from_two_byte(p->rt, p->u + start, p->pos - 1 - start);
  }
  StrBuf b;
  strbuf_init(&b);
  strbuf_append_units(&b, p->u + start, p->pos - start);
  for (;;) {
    if (p->pos >= p->n || p->u[p->pos] < 0x20) goto fail;
    uint16_t c = p->u[p->pos++];
    if (c == '"') return strbuf_finish(p->rt, &b);
    if (c != '\\') {
      strbuf_push(&b, c);
      continue;
    }
    if (p->pos >= p->n) goto fail;
    c = p->u[p->pos++];
    switch (c) {
      case '"': case '\\': case '/': strbuf_push(&b, c); break;
      case 'b': strbuf_push(&b, 8); break;
      case 'f': strbuf_push(&b, 12); break;
      case 'n': strbuf_push(&b, 10); break;
      case 'r': strbuf_push(&b, 13); break;
      case 't': strbuf_push(&b, 9); break;
      case 'u': {
        uint32_t v = 0;
        for (int i = 0; i < 4; i++) {
          int d = p->pos < p->n ? hex_digit(p->u[p->pos]) : -1;
          if (d < 0) goto fail;
          v = v * 16 + (uint32_t)d;
          p->pos++;
        }
        strbuf_push(&b, (uint16_t)v);
        break;
      }
      default:
        p->pos--;
        goto fail;
    }
  }
fail:
  strbuf_free(&b);
  return syntax_error(p);
}

static bool is_digit(uint16_t c) { return c >= '0' && c <= '9'; }

static rd_value parse_number(JsonParser *p) {
  uint32_t start = p->pos;
  if (p->u[p->pos] == '-') p->pos++;
  if (p->pos >= p->n || !is_digit(p->u[p->pos])) return syntax_error(p);
  if (p->u[p->pos] == '0') p->pos++;
  else while (p->pos < p->n && is_digit(p->u[p->pos])) p->pos++;
  if (p->pos < p->n && p->u[p->pos] == '.') {
    p->pos++;
    if (p->pos >= p->n || !is_digit(p->u[p->pos])) return syntax_error(p);
    while (p->pos < p->n && is_digit(p->u[p->pos])) p->pos++;
  }
  if (p->pos < p->n && (p->u[p->pos] | 32) == 'e') {
    p->pos++;
    if (p->pos < p->n && (p->u[p->pos] == '+' || p->u[p->pos] == '-')) p->pos++;
    if (p->pos >= p->n || !is_digit(p->u[p->pos])) return syntax_error(p);
    while (p->pos < p->n && is_digit(p->u[p->pos])) p->pos++;
  }
  double d = num_parse_two_byte(p->u + start, p->pos - start);
  return value_from_number(d);
}

/* Matches the ASCII word w at the position. */
static bool match_word(JsonParser *p, const char *w) {
  size_t n = strlen(w);
  if (p->n - p->pos < n) return false;
  for (size_t i = 0; i < n; i++)
    if (p->u[p->pos + i] != (uint8_t)w[i]) return false;
  p->pos += (uint32_t)n;
  return true;
}

/* An array literal; children (if not NULL) gets the JS array of the elements' records. */
static rd_value parse_array(JsonParser *p, Handle children) {
  Runtime *rt = p->rt;
  HANDLE_SCOPE(rt);
  Handle arr = handle_new(rt, array_new(rt, ELEMENTS_PACKED_INT32, 0));
  if (!*arr) return VALUE_EMPTY;
  if (children && !(*children = array_new(rt, ELEMENTS_PACKED, 0))) return VALUE_EMPTY;
  p->pos++;
  skip_ws(p);
  if (p->pos < p->n && p->u[p->pos] == ']') {
    p->pos++;
    return *arr;
  }
  Handle rec = children ? handle_new(rt, VALUE_UNDEFINED) : NULL;
  for (uint32_t i = 0;; i++) {
    Handle v = handle_new(rt, parse_value(p, rec));
    if (!*v) return VALUE_EMPTY;
    if (element_set(rt, arr, i, v) != PROPERTY_OK) return VALUE_EMPTY;
    if (children && element_set(rt, children, i, rec) != PROPERTY_OK) return VALUE_EMPTY;
    skip_ws(p);
    if (p->pos < p->n && p->u[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->n && p->u[p->pos] == ']') {
      p->pos++;
      return *arr;
    }
    return syntax_error(p);
  }
}

/* An object literal; children (if not NULL) gets the key -> record object. */
static rd_value parse_object(JsonParser *p, Handle children) {
  Runtime *rt = p->rt;
  HANDLE_SCOPE(rt);
  Handle obj = handle_new(rt, object_new(rt));
  if (!*obj) return VALUE_EMPTY;
  Handle rec = children ? handle_new(rt, VALUE_UNDEFINED) : NULL;
  if (children) {
    Handle null = handle_new(rt, VALUE_NULL);
    if (!(*children = builtins_object_with_proto(rt, null))) return VALUE_EMPTY;
  }
  p->pos++;
  skip_ws(p);
  if (p->pos < p->n && p->u[p->pos] == '}') {
    p->pos++;
    return *obj;
  }
  for (;;) {
    HANDLE_SCOPE(rt);
    skip_ws(p);
    if (p->pos >= p->n || p->u[p->pos] != '"') return syntax_error(p);
    Handle key = handle_new(rt, parse_string(p, true));
    if (!*key) return VALUE_EMPTY;
    skip_ws(p);
    if (p->pos >= p->n || p->u[p->pos] != ':') return syntax_error(p);
    p->pos++;
    Handle v = handle_new(rt, parse_value(p, rec));
    if (!*v) return VALUE_EMPTY;
    if (object_define_own(rt, obj, key, v, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    if (children && object_define_own(rt, children, key, rec, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION)
      return VALUE_EMPTY;
    skip_ws(p);
    if (p->pos < p->n && p->u[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->n && p->u[p->pos] == '}') {
      p->pos++;
      return *obj;
    }
    return syntax_error(p);
  }
}

/* A primitive value: string, number or literal word. */
static rd_value parse_primitive(JsonParser *p) {
  uint16_t c = p->u[p->pos];
  if (c == '"') return parse_string(p, false);
  if (c == '-' || is_digit(c)) return parse_number(p);
  if (match_word(p, "true")) return VALUE_TRUE;
  if (match_word(p, "false")) return VALUE_FALSE;
  if (match_word(p, "null")) return VALUE_NULL;
  return syntax_error(p);
}

/* A value; rec (if not NULL) gets its JSON Parse Record. */
static rd_value parse_value(JsonParser *p, Handle rec) {
  Runtime *rt = p->rt;
  skip_ws(p);
  if (p->pos >= p->n) return syntax_error(p);
  uint16_t c = p->u[p->pos];
  if (!rec) {   /* no reviver, no records: nothing to hold here */
    if (c != '[' && c != '{') return parse_primitive(p);
    if (++p->depth > JSON_MAX_DEPTH) return js_throw(rt, ERROR_RangeError, "JSON.parse: nesting too deep");
    rd_value v = c == '[' ? parse_array(p, NULL) : parse_object(p, NULL);
    p->depth--;
    return v;
  }
  uint32_t start = p->pos;
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, VALUE_UNDEFINED), src = handle_new(rt, VALUE_UNDEFINED),
         children = handle_new(rt, VALUE_UNDEFINED);
  if (c == '[' || c == '{') {
    if (++p->depth > JSON_MAX_DEPTH) return js_throw(rt, ERROR_RangeError, "JSON.parse: nesting too deep");
    *v = c == '[' ? parse_array(p, rec ? children : NULL) : parse_object(p, rec ? children : NULL);
    p->depth--;
    if (!*v) return VALUE_EMPTY;
  } else {
    if (!(*v = parse_primitive(p))) return VALUE_EMPTY;
    if (rec && !(*src = string_from_two_byte(rt, p->u + start, p->pos - start))) return VALUE_EMPTY;
  }
  if (rec) {
    rd_value r = factory_fixed_array(rt, REC_SIZE, VALUE_UNDEFINED, ALLOC_YOUNG);
    if (!r) return VALUE_EMPTY;
    HEAP_STORE(value_to_ptr(r), FIXED_ARRAY(r)->data[REC_VALUE], *v);
    HEAP_STORE(value_to_ptr(r), FIXED_ARRAY(r)->data[REC_SOURCE], *src);
    HEAP_STORE(value_to_ptr(r), FIXED_ARRAY(r)->data[REC_CHILDREN], *children);
    *rec = r;
  }
  return *v;
}

/* SameValue(a, b). */
static bool same_value(rd_value a, rd_value b) {
  if (value_is_number(a) && value_is_number(b)) {
    double x = value_to_number(a), y = value_to_number(b);
    if (x != x) return y != y;
    return x == y && signbit(x) == signbit(y);
  }
  return js_strict_equals(a, b);
}

/* The record among children (a JS array, or a key -> record object) for key k, or undefined. */
static rd_value child_record(Runtime *rt, rd_value children, rd_value k) {
  if (!value_is_js_object(children)) return VALUE_UNDEFINED;
  PropertyLookup l;
  if (!object_lookup_own(rt, children, k, &l)) return VALUE_UNDEFINED;
  rd_value r = object_lookup_value(children, &l);
  return r == VALUE_EMPTY ? VALUE_UNDEFINED : r;
}

/* InternalizeJSONProperty(holder, name, reviver, parseRecord) (rec: a
 * record or undefined): the reviver gets a context object, with "source"
 * when the value is still the parsed primitive. */
static rd_value internalize(Runtime *rt, Handle holder, Handle name, Handle reviver, Handle rec, int depth) {
  if (depth > JSON_MAX_DEPTH) return js_throw(rt, ERROR_RangeError, "JSON.parse: nesting too deep");
  HANDLE_SCOPE(rt);
  Handle val = handle_new(rt, js_get(rt, holder, name));
  if (!*val) return VALUE_EMPTY;
  Handle context = handle_new(rt, object_new(rt));
  if (!*context) return VALUE_EMPTY;
  Handle children = handle_new(rt, VALUE_UNDEFINED);
  if (*rec != VALUE_UNDEFINED && same_value(FIXED_ARRAY(*rec)->data[REC_VALUE], *val)) {
    if (!value_is_js_object(*val)) {
      Handle src = handle_new(rt, FIXED_ARRAY(*rec)->data[REC_SOURCE]);
      if (!builtins_define(rt, context, "source", src, PROPERTY_ATTRS_DEFAULT)) return VALUE_EMPTY;
    }
    *children = FIXED_ARRAY(*rec)->data[REC_CHILDREN];
  }
  if (value_is_js_object(*val)) {
    Handle keys = handle_new(rt, VALUE_UNDEFINED);
    double len = 0;
    int is_array = proxy_is_array(rt, *val);
    if (is_array < 0) return VALUE_EMPTY;
    if (is_array) {
      int64_t n = builtins_length_of(rt, val);
      if (n < 0) return VALUE_EMPTY;
      len = (double)n;
    } else {
      *keys = object_own_keys(rt, val, KEYS_ENUMERABLE_STRINGS);
      if (!*keys) return VALUE_EMPTY;
      len = fixed_array_length(*keys);
    }
    for (double i = 0; i < len; i++) {
      HANDLE_SCOPE(rt);
      Handle k = handle_new(rt, is_array ? value_from_number(i) : FIXED_ARRAY(*keys)->data[(uint32_t)i]);
      Handle child = handle_new(rt, child_record(rt, *children, *k));
      if (value_is_number(*k) && !(*k = js_to_string(rt, k))) return VALUE_EMPTY;
      Handle nv = handle_new(rt, internalize(rt, val, k, reviver, child, depth + 1));
      if (!*nv) return VALUE_EMPTY;
      PropertyStatus st = *nv == VALUE_UNDEFINED ? object_delete(rt, val, k)
                                                  : object_define_own(rt, val, k, nv, PROPERTY_ATTRS_DEFAULT);
      if (st == PROPERTY_EXCEPTION) return VALUE_EMPTY;
    }
  }
  rd_value args[3] = {*name, *val, *context};
  return interp_call(rt, reviver, holder, 3, args);
}

static rd_value json_parse(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle text = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*text) return VALUE_EMPTY;
  bool revive = value_is_callable(native_arg(a, 1));
  JsonParser p = {rt, lib_string_units(rt, *text), string_length(*text), 0, 0};
  if (!p.u) return VALUE_EMPTY;
  Handle rec = handle_new(rt, VALUE_UNDEFINED);
  Handle v = handle_new(rt, parse_value(&p, revive ? rec : NULL));
  if (*v) {
    skip_ws(&p);
    if (p.pos < p.n) *v = syntax_error(&p);
  }
  free((void *)p.u);
  if (!*v) return VALUE_EMPTY;
  if (!revive) return *v;
  Handle root = handle_new(rt, object_new(rt));
  Handle empty = handle_new(rt, ROOT(rt, empty_string));
  if (!*root || object_define_own(rt, root, empty, v, PROPERTY_ATTRS_DEFAULT) != PROPERTY_OK) return VALUE_EMPTY;
  return internalize(rt, root, empty, &a->argv[1], rec, 0);
}

/* --- raw JSON ---------------------------------------------------------------------------------- */
/* True if v has [[IsRawJSON]] (the private raw_json_symbol property). Never allocates. */
static bool is_raw_json(Runtime *rt, rd_value v) {
  rd_value sym = interp_intrinsic(rt, INTRINSIC_raw_json_symbol);
  PropertyLookup l;
  return value_is_js_object(v) && value_is_ptr(sym) && object_lookup_own(rt, v, sym, &l);
}

/* JSON.rawJSON(text): a frozen null-prototype object with [[IsRawJSON]] and
 * "rawJSON" = the text, which must be one JSON primitive with no
 * surrounding white space. */
static rd_value json_raw_json(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle text = handle_new(rt, lib_arg_string(rt, a, 0));
  if (!*text) return VALUE_EMPTY;
  uint32_t n = string_length(*text);
  static const uint16_t bad_ends[] = {9, 10, 13, 32};
  for (int i = 0; i < 4; i++)
    if (n && (string_char_at(*text, 0) == bad_ends[i] || string_char_at(*text, n - 1) == bad_ends[i])) n = 0;
  if (n == 0) return js_throw(rt, ERROR_SyntaxError, "JSON.rawJSON: invalid raw JSON text");
  uint16_t c0 = string_char_at(*text, 0);
  if (c0 == '[' || c0 == '{') return js_throw(rt, ERROR_SyntaxError, "JSON.rawJSON: the text must be a primitive value");
  JsonParser p = {rt, lib_string_units(rt, *text), n, 0, 0};
  if (!p.u) return VALUE_EMPTY;
  rd_value v = parse_primitive(&p);
  if (v && p.pos < p.n) v = syntax_error(&p);
  free((void *)p.u);
  if (!v) return VALUE_EMPTY;
  Handle null = handle_new(rt, VALUE_NULL);
  Handle o = handle_new(rt, builtins_object_with_proto(rt, null));
  if (!*o) return VALUE_EMPTY;
  /* CreateDataProperty then SetIntegrityLevel(frozen), in one step: the
   * object is not observable in between. */
  Handle mark = handle_new(rt, interp_intrinsic(rt, INTRINSIC_raw_json_symbol));
  Handle t = handle_new(rt, VALUE_TRUE);
  if (!builtins_define(rt, o, "rawJSON", text, PROPERTY_ENUMERABLE) ||
      object_define_own(rt, o, mark, t, 0) != PROPERTY_OK || !object_prevent_extensions(rt, o))
    return VALUE_EMPTY;
  return *o;
}

static rd_value json_is_raw_json(Runtime *rt, NativeArgs *a) {
  return value_from_bool(is_raw_json(rt, native_arg(a, 0)));
}

/* --- JSON.stringify --------------------------------------------------------------------------- */
typedef struct JsonOut {
  Runtime *rt;
  StrBuf b;
  Handle replacer;     /* callable or undefined */
  Handle plist;        /* JS array of key strings, or undefined */
  Handle stack;        /* JS array of the objects being serialized */
  Handle to_json;      /* the key "toJSON" */
  uint16_t gap[10];
  uint32_t gap_len, depth;
} JsonOut;

static bool write_value(JsonOut *o, Handle v);

/* The escape of code unit c (a control character, '"' or '\\'), as
 * QuoteJSONString writes it. */
static void write_escape(StrBuf *b, uint16_t c) {
  static const char hex[] = "0123456789abcdef";
  const char *esc = NULL;
  switch (c) {
    case '\b': esc = "\\b"; break;
    case '\t': esc = "\\t"; break;
    case '\n': esc = "\\n"; break;
    case '\f': esc = "\\f"; break;
    case '\r': esc = "\\r"; break;
    case '"': esc = "\\\""; break;
    case '\\': esc = "\\\\"; break;
  }
  if (esc) {
    strbuf_append_ascii(b, esc);
    return;
  }
  char u[7] = {'\\', 'u', hex[c >> 12], hex[(c >> 8) & 15], hex[(c >> 4) & 15], hex[c & 15], 0};
  strbuf_append_ascii(b, u);
}

/* QuoteJSONString, one flat piece at a time: runs of characters that need
 * no escape are copied whole (a one-byte piece has no surrogates). */
static void write_quoted(StrBuf *b, rd_value s) {
  strbuf_push(b, '"');
  StringIter it;
  StringSegment seg;
  uint16_t pending = 0;   /* a lead surrogate ending the previous piece */
  string_iter_init(&it, s, 0, string_length(s));
  while (string_iter_next(&it, &seg)) {
    if (!seg.two_byte) {
      const uint8_t *c = seg.chars;
      if (pending) write_escape(b, pending), pending = 0;
      uint32_t run = 0;
      for (uint32_t i = 0; i < seg.length; i++) {
        if (c[i] >= 0x20 && c[i] != '"' && c[i] != '\\') continue;
        strbuf_append_latin1(b, c + run, i - run);
        write_escape(b, c[i]);
        run = i + 1;
      }
      strbuf_append_latin1(b, c + run, seg.length - run);
      continue;
    }
    const uint16_t *c = seg.chars;
    for (uint32_t i = 0; i < seg.length; i++) {
      uint16_t u = c[i];
      if (pending) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
          strbuf_push(b, pending);
          strbuf_push(b, u);
          pending = 0;
          continue;
        }
        write_escape(b, pending);
        pending = 0;
      }
      if (u >= 0xD800 && u <= 0xDBFF) pending = u;
      else if (u < 0x20 || u == '"' || u == '\\' || (u >= 0xDC00 && u <= 0xDFFF)) write_escape(b, u);
      else strbuf_push(b, u);
    }
  }
  string_iter_finish(&it);
  if (pending) write_escape(b, pending);
  strbuf_push(b, '"');
}

/* The steps of SerializeJSONProperty after the Get: toJSON, the replacer
 * function, unwrapping boxed primitives. key: a string or number; *v the
 * property's value (replaced by the result). */
static rd_value prepare_value(JsonOut *o, Handle holder, Handle key, Handle v) {
  Runtime *rt = o->rt;
  HANDLE_SCOPE(rt);
  Handle skey = handle_new(rt, *key);
  if (value_is_js_object(*v) || value_is_bigint(*v)) {
    Handle f = handle_new(rt, ic_load_cached(rt, v, o->to_json));   /* the same miss for every object */
    if (!*f) return VALUE_EMPTY;
    if (value_is_callable(*f)) {
      if (value_is_number(*skey) && !(*skey = js_to_string(rt, skey))) return VALUE_EMPTY;
      *v = interp_call(rt, f, v, 1, skey);
      if (!*v) return VALUE_EMPTY;
    }
  }
  if (*o->replacer != VALUE_UNDEFINED) {
    if (value_is_number(*skey) && !(*skey = js_to_string(rt, skey))) return VALUE_EMPTY;
    rd_value args[2] = {*skey, *v};
    *v = interp_call(rt, o->replacer, holder, 2, args);
    if (!*v) return VALUE_EMPTY;
  }
  rd_value w = js_wrapped_value(*v);
  if (w && value_is_number(w)) return js_to_number(rt, v);
  if (w && value_is_string(w)) return js_to_string(rt, v);
  if (w && (value_is_bool(w) || value_is_bigint(w))) return w;
  return *v;
}

/* SerializeJSONProperty's Get, then prepare_value. */
static rd_value prepare(JsonOut *o, Handle holder, Handle key) {
  Runtime *rt = o->rt;
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, value_is_number(*key) ? lib_get_index(rt, holder, value_to_number(*key)) : js_get(rt, holder, key));
  if (!*v) return VALUE_EMPTY;
  return prepare_value(o, holder, key, v);
}

/* True if a prepared value produces output (not undefined, a symbol or a function). */
static bool serializable(rd_value v) {
  return v != VALUE_UNDEFINED && !value_is_symbol(v) && !value_is_callable(v);
}

static void write_newline_indent(JsonOut *o) {
  strbuf_push(&o->b, '\n');
  for (uint32_t i = 0; i < o->depth; i++) strbuf_append_units(&o->b, o->gap, o->gap_len);
}

/* Pushes v on the cycle stack (TypeError if it is already there). */
static bool enter(JsonOut *o, Handle v) {
  uint32_t n = array_length(*o->stack);
  for (uint32_t i = 0; i < n; i++)
    if (element_get_own(*o->stack, i, NULL) == *v) {
      js_throw(o->rt, ERROR_TypeError, "Converting circular structure to JSON");
      return false;
    }
  if (n >= JSON_MAX_DEPTH) {
    js_throw(o->rt, ERROR_RangeError, "JSON.stringify: nesting too deep");
    return false;
  }
  if (element_set(o->rt, o->stack, n, v) != PROPERTY_OK) return false;
  o->depth++;
  return true;
}

static bool leave(JsonOut *o) {
  o->depth--;
  return array_set_length(o->rt, o->stack, array_length(*o->stack) - 1) == PROPERTY_OK;
}

/* One member "key":value of an object (nothing for an unserializable value). */
static bool write_member(JsonOut *o, Handle k, Handle pv, bool *any) {
  if (!serializable(*pv)) return true;
  if (*any) strbuf_push(&o->b, ',');
  *any = true;
  if (o->gap_len) write_newline_indent(o);
  write_quoted(&o->b, *k);
  strbuf_push(&o->b, ':');
  if (o->gap_len) strbuf_push(&o->b, ' ');
  return write_value(o, pv);
}

/* True for objects whose enumerable own string keys are exactly their
 * map's enumerable string-keyed descriptors, in order: ordinary fast-mode
 * objects without elements. */
static bool plain_fast_object(rd_value v) {
  const Map *m = heap_object_map(value_to_ptr(v));
  return m->instance_type == TYPE_JS_OBJECT && !(m->bit_field & (MAP_DICTIONARY | MAP_EXOTIC)) &&
         fixed_array_length(JS_OBJECT(v)->elements) == 0;
}

/* SerializeJSONObject of a plain_fast_object without a property list: the
 * keys are its map's descriptors, and while the object keeps that map (a
 * toJSON or replacer may change it) a data field is read straight from the
 * object, which is what Get would return; otherwise Get. */
static bool write_plain_object(JsonOut *o, Handle v) {
  Runtime *rt = o->rt;
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, value_from_ptr(heap_object_map(value_to_ptr(*v))));
  uint32_t n = MAP(*map)->own_descriptors;
  strbuf_push(&o->b, '{');
  bool any = false;
  for (uint32_t i = 0; i < n && !o->b.failed; i++) {
    PropertyDetails d = map_descriptor_details(*map, i);
    rd_value key = map_descriptor_key(*map, i);
    if (!details_enumerable(d) || !value_is_string(key)) continue;
    HANDLE_SCOPE(rt);
    Handle k = handle_new(rt, key);
    Handle pv = handle_new(rt, VALUE_UNDEFINED);
    if (value_from_ptr(heap_object_map(value_to_ptr(*v))) == *map && details_kind(d) == PROPERTY_KIND_DATA &&
        details_location(d) == PROPERTY_LOCATION_FIELD)
      *pv = *object_field_slot(*v, details_index(d));
    else if (!(*pv = js_get(rt, v, k)))
      return false;
    if (!(*pv = prepare_value(o, v, k, pv)) || !write_member(o, k, pv, &any)) return false;
  }
  if (!leave(o)) return false;
  if (any && o->gap_len) write_newline_indent(o);
  strbuf_push(&o->b, '}');
  return true;
}

static bool write_object(JsonOut *o, Handle v) {
  Runtime *rt = o->rt;
  HANDLE_SCOPE(rt);
  if (!enter(o, v)) return false;
  if (*o->plist == VALUE_UNDEFINED && plain_fast_object(*v)) return write_plain_object(o, v);
  Handle keys = handle_new(rt, VALUE_UNDEFINED);
  uint32_t n;
  if (*o->plist != VALUE_UNDEFINED) {
    n = array_length(*o->plist);
  } else {
    *keys = object_own_keys(rt, v, KEYS_ENUMERABLE_STRINGS);
    if (!*keys) return false;
    n = fixed_array_length(*keys);
  }
  strbuf_push(&o->b, '{');
  bool any = false;
  for (uint32_t i = 0; i < n; i++) {
    HANDLE_SCOPE(rt);
    Handle k = handle_new(rt, *o->plist != VALUE_UNDEFINED ? element_get_own(*o->plist, i, NULL) : FIXED_ARRAY(*keys)->data[i]);
    if (value_is_number(*k) && !(*k = js_to_string(rt, k))) return false;
    Handle pv = handle_new(rt, prepare(o, v, k));
    if (!*pv || !write_member(o, k, pv, &any)) return false;
  }
  if (!leave(o)) return false;
  if (any && o->gap_len) write_newline_indent(o);
  strbuf_push(&o->b, '}');
  return true;
}

static bool write_array(JsonOut *o, Handle v) {
  Runtime *rt = o->rt;
  HANDLE_SCOPE(rt);
  if (!enter(o, v)) return false;
  int64_t len = builtins_length_of(rt, v);
  if (len < 0) return false;
  strbuf_push(&o->b, '[');
  for (int64_t i = 0; i < len && !o->b.failed; i++) {
    HANDLE_SCOPE(rt);
    if (i > 0) strbuf_push(&o->b, ',');
    if (o->gap_len) write_newline_indent(o);
    Handle k = handle_new(rt, value_from_number((double)i));
    Handle pv = handle_new(rt, prepare(o, v, k));
    if (!*pv) return false;
    if (!serializable(*pv)) strbuf_append_ascii(&o->b, "null");
    else if (!write_value(o, pv)) return false;
  }
  if (!leave(o)) return false;
  if (len > 0 && o->gap_len) write_newline_indent(o);
  strbuf_push(&o->b, ']');
  return true;
}

/* Writes a prepared, serializable value. */
static bool write_value(JsonOut *o, Handle v) {
  rd_value x = *v;
  int is_array;
  if (x == VALUE_NULL) strbuf_append_ascii(&o->b, "null");
  else if (x == VALUE_TRUE) strbuf_append_ascii(&o->b, "true");
  else if (x == VALUE_FALSE) strbuf_append_ascii(&o->b, "false");
  else if (value_is_string(x)) write_quoted(&o->b, x);
  else if (value_is_bigint(x)) {
    js_throw(o->rt, ERROR_TypeError, "Do not know how to serialize a BigInt");
    return false;
  } else if (value_is_number(x)) {
    double d = value_to_number(x);
    char buf[NUM_TO_STRING_MAX];
    if (isfinite(d)) num_to_string(d, buf);
    strbuf_append_ascii(&o->b, isfinite(d) ? buf : "null");
  } else if (is_raw_json(o->rt, x)) {   /* its "rawJSON", frozen with the object */
    HANDLE_SCOPE(o->rt);
    PropertyLookup l;
    Handle key = handle_new(o->rt, lib_key(o->rt, "rawJSON"));
    if (!*key) return false;
    if (object_lookup_own(o->rt, *v, *key, &l)) strbuf_append_string(&o->b, object_lookup_value(*v, &l));
  } else if ((is_array = proxy_is_array(o->rt, x)) != 0) {
    return is_array > 0 && write_array(o, v);
  } else {
    return write_object(o, v);
  }
  return true;
}

/* The property list of an array replacer (strings, no duplicates). */
static bool property_list(Runtime *rt, Handle replacer, Handle out) {
  HANDLE_SCOPE(rt);
  int64_t len = builtins_length_of(rt, replacer);
  if (len < 0) return false;
  *out = array_new(rt, ELEMENTS_PACKED, 0);
  if (!*out) return false;
  for (int64_t k = 0; k < len; k++) {
    HANDLE_SCOPE(rt);
    Handle v = handle_new(rt, lib_get_index(rt, replacer, (double)k));
    if (!*v) return false;
    rd_value w = js_wrapped_value(*v);
    if (!value_is_string(*v) && !value_is_number(*v) && !(w && (value_is_string(w) || value_is_number(w)))) continue;
    if (!(*v = js_to_string(rt, v))) return false;
    bool dup = false;
    for (uint32_t i = 0; i < array_length(*out) && !dup; i++) dup = string_equals(element_get_own(*out, i, NULL), *v);
    if (!dup && element_set(rt, out, array_length(*out), v) != PROPERTY_OK) return false;
  }
  return true;
}

static rd_value json_stringify(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  JsonOut o = {.rt = rt};
  o.replacer = handle_new(rt, VALUE_UNDEFINED);
  o.plist = handle_new(rt, VALUE_UNDEFINED);
  o.stack = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  o.to_json = handle_new(rt, lib_key(rt, "toJSON"));
  if (!*o.stack || !*o.to_json) return VALUE_EMPTY;
  rd_value r = native_arg(a, 1);
  if (value_is_callable(r)) *o.replacer = r;
  else {
    int is_array = proxy_is_array(rt, r);
    if (is_array < 0 || (is_array && !property_list(rt, &a->argv[1], o.plist))) return VALUE_EMPTY;
  }
  Handle space = handle_new(rt, native_arg(a, 2));
  rd_value w = js_wrapped_value(*space);
  if (w && value_is_number(w) && !(*space = js_to_number(rt, space))) return VALUE_EMPTY;
  if (w && value_is_string(w) && !(*space = js_to_string(rt, space))) return VALUE_EMPTY;
  if (value_is_number(*space)) {
    double d;
    if (!lib_to_integer(rt, space, &d)) return VALUE_EMPTY;
    o.gap_len = d < 1 ? 0 : (uint32_t)MIN(d, 10);
    for (uint32_t i = 0; i < o.gap_len; i++) o.gap[i] = ' ';
  } else if (value_is_string(*space)) {
    o.gap_len = MIN(string_length(*space), 10);
    string_write_chars(*space, 0, o.gap_len, o.gap);
  }
  Handle wrapper = handle_new(rt, object_new(rt));
  Handle empty = handle_new(rt, ROOT(rt, empty_string));
  Handle value = handle_new(rt, native_arg(a, 0));
  if (!*wrapper || object_define_own(rt, wrapper, empty, value, PROPERTY_ATTRS_DEFAULT) != PROPERTY_OK)
    return VALUE_EMPTY;
  strbuf_init(&o.b);
  Handle pv = handle_new(rt, prepare(&o, wrapper, empty));
  if (!*pv || !serializable(*pv) || !write_value(&o, pv)) {
    strbuf_free(&o.b);
    return *pv && !serializable(*pv) ? VALUE_UNDEFINED : VALUE_EMPTY;
  }
  return strbuf_finish(rt, &o.b);
}

bool builtins_init_json(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle json = handle_new(rt, object_new(rt));
  if (!*json) return false;
  static const BuiltinMethod fns[] = {{"parse", json_parse, 2}, {"stringify", json_stringify, 3},
                                      {"rawJSON", json_raw_json, 1}, {"isRawJSON", json_is_raw_json, 1}};
  if (!interp_intrinsics_init(rt)) return false;
  rd_value mark = factory_symbol(rt, NULL, true);
  if (!mark) return false;
  interp_set_intrinsic(rt, INTRINSIC_raw_json_symbol, mark);
  Handle tag = handle_new(rt, lib_key(rt, "JSON"));
  return *tag && builtins_install(rt, json, fns, ARRAY_LEN(fns)) &&
         builtins_define(rt, json, "@toStringTag", tag, PROPERTY_CONFIGURABLE) &&
         builtins_define_global(rt, "JSON", json);
}
