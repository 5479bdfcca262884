/*
 * regexp_legacy.c - the legacy static properties of RegExp (Annex B, the
 * "legacy RegExp features" proposal): RegExp.input / $_, lastMatch / $&,
 * lastParen / $+, leftContext / $`, rightContext / $' and $1 ... $9,
 * accessors of %RegExp% that report the last successful match of a
 * RegExp whose legacy features are enabled (made by %RegExp% itself, not
 * by a subclass: RegExpAlloc decides).
 *
 * The state is the intrinsic regexp_legacy, a FixedArray of L_* slots:
 *   L_VALID   true, or false once a match of a legacy-disabled RegExp
 *             invalidated the statics (the getters then throw)
 *   L_INPUT   [[RegExpInput]]
 *   L_MATCH   [[RegExpLastMatch]], L_PAREN [[RegExpLastParen]]
 *   L_START / L_END  the match's bounds in L_INPUT (int32), from which the
 *             contexts are cut when read
 *   L_P1..L_P9 [[RegExpParen1-9]]
 * Invariant: every slot but L_VALID holds a string (or an int32 bound).
 */
#include <stdio.h>

#include "builtins/library.h"
#include "builtins/regexp_legacy.h"
#include "objects/factory.h"
#include "objects/string.h"

enum { L_VALID, L_INPUT, L_MATCH, L_PAREN, L_START, L_END, L_P1, L_COUNT = L_P1 + 9 };
/* What a getter reads (its native data): a slot, or one of the two contexts. */
enum { G_LEFT = L_COUNT, G_RIGHT };

static rd_value state(Runtime *rt) { return interp_intrinsic(rt, INTRINSIC_regexp_legacy); }

bool regexp_legacy_update(Runtime *rt, Handle input, uint32_t start, uint32_t end, Handle match, uint32_t ngroups) {
  HANDLE_SCOPE(rt);
  Handle st = handle_new(rt, state(rt));
  if (!value_is_ptr(*st)) return true;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (uint32_t g = 0; g < ngroups; g++) {
    rd_value e = element_get_own(*match, g, NULL);
    *v = value_is_string(e) ? e : ROOT(rt, empty_string);   /* an unmatched group: "" */
    if (g == 0) HEAP_STORE(value_to_ptr(*st), FIXED_ARRAY(*st)->data[L_MATCH], *v);
    else if (g <= 9) HEAP_STORE(value_to_ptr(*st), FIXED_ARRAY(*st)->data[L_P1 + g - 1], *v);
  }
  for (uint32_t g = ngroups; g <= 9; g++)
    if (g >= 1) HEAP_STORE(value_to_ptr(*st), FIXED_ARRAY(*st)->data[L_P1 + g - 1], ROOT(rt, empty_string));
  rd_value paren = ngroups > 1 ? element_get_own(*match, ngroups - 1, NULL) : VALUE_UNDEFINED;
  HEAP_STORE(value_to_ptr(*st), FIXED_ARRAY(*st)->data[L_PAREN], value_is_string(paren) ? paren : ROOT(rt, empty_string));
  HEAP_STORE(value_to_ptr(*st), FIXED_ARRAY(*st)->data[L_INPUT], *input);
  FIXED_ARRAY(*st)->data[L_START] = value_from_int32((int32_t)start);
  FIXED_ARRAY(*st)->data[L_END] = value_from_int32((int32_t)end);
  FIXED_ARRAY(*st)->data[L_VALID] = VALUE_TRUE;
  return true;
}

void regexp_legacy_invalidate(Runtime *rt) {
  rd_value st = state(rt);
  if (value_is_ptr(st)) FIXED_ARRAY(st)->data[L_VALID] = VALUE_FALSE;
}

/* GetLegacyRegExpStaticProperty(%RegExp%, this, slot). */
static rd_value legacy_get(Runtime *rt, NativeArgs *a) {
  if (*a->receiver != interp_intrinsic(rt, INTRINSIC_regexp))
    return js_throw(rt, ERROR_TypeError, "RegExp legacy static accessor called on an incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle st = handle_new(rt, state(rt));
  if (FIXED_ARRAY(*st)->data[L_VALID] != VALUE_TRUE)
    return js_throw(rt, ERROR_TypeError, "RegExp legacy static properties are not available after a subclass match");
  int32_t what = value_to_int32(lib_native_data(a));
  if (what < L_COUNT) return FIXED_ARRAY(*st)->data[what];
  Handle input = handle_new(rt, FIXED_ARRAY(*st)->data[L_INPUT]);
  uint32_t start = (uint32_t)value_to_int32(FIXED_ARRAY(*st)->data[L_START]);
  uint32_t end = (uint32_t)value_to_int32(FIXED_ARRAY(*st)->data[L_END]);
  return what == G_LEFT ? string_substring(rt, input, 0, start)
                        : string_substring(rt, input, end, string_length(*input));
}

/* SetLegacyRegExpStaticProperty(%RegExp%, this, [[RegExpInput]], v). */
static rd_value legacy_set_input(Runtime *rt, NativeArgs *a) {
  if (*a->receiver != interp_intrinsic(rt, INTRINSIC_regexp))
    return js_throw(rt, ERROR_TypeError, "RegExp legacy static accessor called on an incompatible receiver");
  HANDLE_SCOPE(rt);
  Handle v = handle_new(rt, native_arg(a, 0));
  if (!(*v = js_to_string(rt, v))) return VALUE_EMPTY;
  rd_value st = state(rt);
  HEAP_STORE(value_to_ptr(st), FIXED_ARRAY(st)->data[L_INPUT], *v);
  return VALUE_UNDEFINED;
}

bool regexp_legacy_install(Runtime *rt, Handle ctor) {
  HANDLE_SCOPE(rt);
  Handle st = handle_new(rt, factory_fixed_array(rt, L_COUNT, ROOT(rt, empty_string), ALLOC_OLD));
  if (!*st) return false;
  FIXED_ARRAY(*st)->data[L_VALID] = VALUE_TRUE;
  FIXED_ARRAY(*st)->data[L_START] = FIXED_ARRAY(*st)->data[L_END] = value_from_int32(0);
  interp_set_intrinsic(rt, INTRINSIC_regexp_legacy, *st);
  static const struct { const char *name; int32_t what; } props[] = {
      {"input", L_INPUT},        {"$_", L_INPUT},       {"lastMatch", L_MATCH},    {"$&", L_MATCH},
      {"lastParen", L_PAREN},    {"$+", L_PAREN},       {"leftContext", G_LEFT},   {"$`", G_LEFT},
      {"rightContext", G_RIGHT}, {"$'", G_RIGHT},       {"$1", L_P1},              {"$2", L_P1 + 1},
      {"$3", L_P1 + 2},          {"$4", L_P1 + 3},      {"$5", L_P1 + 4},          {"$6", L_P1 + 5},
      {"$7", L_P1 + 6},          {"$8", L_P1 + 7},      {"$9", L_P1 + 8},
  };
  for (size_t i = 0; i < ARRAY_LEN(props); i++) {
    HANDLE_SCOPE(rt);
    Handle getter = handle_new(rt, builtins_define_getter(rt, ctor, props[i].name, legacy_get));
    if (!*getter) return false;
    lib_set_native_data(*getter, value_from_int32(props[i].what));
    if (props[i].what == L_INPUT) {   /* input and $_ have a setter too */
      char name[16];
      snprintf(name, sizeof name, "set %s", props[i].name);
      Handle setter = handle_new(rt, builtins_function(rt, name, legacy_set_input, 1));
      Handle key = handle_new(rt, lib_key(rt, props[i].name));
      if (!*setter || !*key ||
          object_define_accessor(rt, ctor, key, getter, setter, PROPERTY_CONFIGURABLE) != PROPERTY_OK)
        return false;
    }
  }
  return true;
}
