/*
 * array_methods.c - the Array.prototype methods that copy or reorder:
 * slice, splice, sort (a stable merge sort), and the copying variants
 * toReversed, toSorted, toSpliced, with; plus Array.prototype[@@unscopables].
 *
 * Invariant: values being sorted live in FixedArrays held by handles, so a
 * comparator may run any JavaScript (and any GC) between two comparisons;
 * a comparator that throws stops the sort with the receiver unchanged.
 */
#include <math.h>
#include <stdlib.h>

#include "builtins/library.h"
#include "objects/factory.h"
#include "objects/string.h"

#define MAX_SAFE_INTEGER 9007199254740991.0

rd_value array_this_object(Runtime *rt, NativeArgs *a, Handle out_o, double *len);
rd_value array_create(Runtime *rt, double len, Handle proto);
rd_value array_species_create(Runtime *rt, Handle orig, double len);
rd_value array_get_present(Runtime *rt, Handle o, double k, bool *present);
bool array_move_elements(Runtime *rt, Handle o, double from, double to, double count, bool descending);
bool array_install_prototype_methods(Runtime *rt, Handle proto);

/* --- slice / splice -------------------------------------------------------------------------- */
static rd_value ap_slice(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, k, fin;
  if (!array_this_object(rt, a, o, &len) || !lib_arg_relative(rt, a, 0, len, 0, &k) ||
      !lib_arg_relative(rt, a, 1, len, len, &fin))
    return VALUE_EMPTY;
  double count = MAX(fin - k, 0);
  Handle arr = handle_new(rt, array_species_create(rt, o, count));
  if (!*arr) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  double n = 0;
  for (; k < fin; k++, n++) {
    bool present;
    *v = array_get_present(rt, o, k, &present);
    if (!*v) return VALUE_EMPTY;
    if (present && !lib_create_index(rt, arr, n, v)) return VALUE_EMPTY;
  }
  return lib_set_length(rt, arr, n) ? *arr : VALUE_EMPTY;
}

/* The start and delete count of splice / toSpliced from arguments 0 and 1. */
static bool splice_args(Runtime *rt, NativeArgs *a, double len, double *start, double *del) {
  if (!lib_arg_relative(rt, a, 0, len, 0, start)) return false;
  if (a->argc == 0) {
    *del = 0;
  } else if (a->argc == 1) {
    *del = len - *start;
  } else {
    double dc;
    if (!lib_to_integer(rt, &a->argv[1], &dc)) return false;
    *del = MIN(MAX(dc, 0), len - *start);
  }
  return true;
}

static rd_value ap_splice(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, start, del;
  if (!array_this_object(rt, a, o, &len) || !splice_args(rt, a, len, &start, &del)) return VALUE_EMPTY;
  double items = a->argc > 2 ? a->argc - 2 : 0;
  if (len + items - del > MAX_SAFE_INTEGER) return js_throw(rt, ERROR_TypeError, "Splice would exceed the maximum array-like length");
  Handle removed = handle_new(rt, array_species_create(rt, o, del));
  if (!*removed) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (double k = 0; k < del; k++) {
    bool present;
    *v = array_get_present(rt, o, start + k, &present);
    if (!*v) return VALUE_EMPTY;
    if (present && !lib_create_index(rt, removed, k, v)) return VALUE_EMPTY;
  }
  if (!lib_set_length(rt, removed, del)) return VALUE_EMPTY;
  if (items < del) {
    if (!array_move_elements(rt, o, start + del, start + items, len - del - start, false)) return VALUE_EMPTY;
    for (double k = len; k > len - del + items; k--)
      if (!lib_delete_index(rt, o, k - 1)) return VALUE_EMPTY;
  } else if (items > del) {
    if (!array_move_elements(rt, o, start + del, start + items, len - del - start, true)) return VALUE_EMPTY;
  }
  for (uint32_t i = 0; i < items; i++)
    if (!lib_set_index(rt, o, start + i, &a->argv[2 + i])) return VALUE_EMPTY;
  if (!lib_set_length(rt, o, len - del + items)) return VALUE_EMPTY;
  return *removed;
}

/* --- sort ---------------------------------------------------------------------------------------- */
/* SortCompare(x, y) into *out (<0, 0, >0); keys holds ToString of the values
 * when there is no comparator. */
static bool sort_compare(Runtime *rt, Handle cmp, Handle vals, Handle keys, uint32_t i, uint32_t j, double *out) {
  rd_value x = FIXED_ARRAY(*vals)->data[i], y = FIXED_ARRAY(*vals)->data[j];
  if (x == VALUE_UNDEFINED || y == VALUE_UNDEFINED) {
    *out = (x == VALUE_UNDEFINED) - (y == VALUE_UNDEFINED);
    return true;
  }
  if (*cmp == VALUE_UNDEFINED) {
    *out = string_compare(FIXED_ARRAY(*keys)->data[i], FIXED_ARRAY(*keys)->data[j]);
    return true;
  }
  HANDLE_SCOPE(rt);
  rd_value args[2] = {x, y};
  Handle r = handle_new(rt, interp_call(rt, cmp, NULL, 2, args));
  if (!*r) return false;
  rd_value n = js_to_number(rt, r);
  if (!n) return false;
  double d = value_to_number(n);
  *out = d != d ? 0 : d;
  return true;
}

/* Stable bottom-up merge sort of index permutation perm[0, n) (tmp: scratch). */
static bool merge_sort(Runtime *rt, Handle cmp, Handle vals, Handle keys, uint32_t *perm, uint32_t *tmp, uint32_t n) {
  for (uint32_t width = 1; width < n; width *= 2) {
    for (uint32_t lo = 0; lo < n; lo += 2 * width) {
      uint32_t mid = MIN(lo + width, n), hi = MIN(lo + 2 * width, n), i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        double c;
        if (!sort_compare(rt, cmp, vals, keys, perm[j], perm[i], &c)) return false;
        tmp[k++] = c < 0 ? perm[j++] : perm[i++];
      }
      while (i < mid) tmp[k++] = perm[i++];
      while (j < hi) tmp[k++] = perm[j++];
    }
    memcpy(perm, tmp, (size_t)n * sizeof *perm);
  }
  return true;
}

/* SortIndexedProperties: the sorted values of o[0, len) (holes skipped when
 * skip_holes) as a FixedArray. */
static rd_value sort_indexed(Runtime *rt, Handle o, double len, Handle cmp, bool skip_holes) {
  if (len > FIXED_ARRAY_MAX_LENGTH) return js_throw(rt, ERROR_RangeError, "Array too large to sort");
  HANDLE_SCOPE(rt);
  Handle vals = handle_new(rt, factory_fixed_array(rt, (uint32_t)len, VALUE_UNDEFINED, ALLOC_YOUNG));
  if (!*vals) return VALUE_EMPTY;
  uint32_t n = 0;
  for (double k = 0; k < len; k++) {
    bool present = true;
    rd_value v = skip_holes ? array_get_present(rt, o, k, &present) : lib_get_index(rt, o, k);
    if (!v) return VALUE_EMPTY;
    if (present) HEAP_STORE(value_to_ptr(*vals), FIXED_ARRAY(*vals)->data[n++], v);
  }
  Handle keys = handle_new(rt, VALUE_UNDEFINED);
  if (*cmp == VALUE_UNDEFINED) {
    *keys = factory_fixed_array(rt, n, VALUE_UNDEFINED, ALLOC_YOUNG);
    if (!*keys) return VALUE_EMPTY;
    for (uint32_t i = 0; i < n; i++) {
      HANDLE_SCOPE(rt);
      Handle v = handle_new(rt, FIXED_ARRAY(*vals)->data[i]);
      if (*v == VALUE_UNDEFINED) continue;
      rd_value s = js_to_string(rt, v);
      if (!s) return VALUE_EMPTY;
      HEAP_STORE(value_to_ptr(*keys), FIXED_ARRAY(*keys)->data[i], s);
    }
  }
  uint32_t *perm = malloc(((size_t)n + 1) * 2 * sizeof *perm);
  if (!perm) return runtime_throw_oom(rt);
  for (uint32_t i = 0; i < n; i++) perm[i] = i;
  bool ok = merge_sort(rt, cmp, vals, keys, perm, perm + n, n);
  Handle sorted = handle_new(rt, ok ? factory_fixed_array(rt, n, VALUE_UNDEFINED, ALLOC_YOUNG) : VALUE_EMPTY);
  if (*sorted)
    for (uint32_t i = 0; i < n; i++)
      HEAP_STORE(value_to_ptr(*sorted), FIXED_ARRAY(*sorted)->data[i], FIXED_ARRAY(*vals)->data[perm[i]]);
  free(perm);
  return *sorted;
}

/* The comparator argument: undefined or a function (TypeError otherwise). */
static rd_value comparator(Runtime *rt, NativeArgs *a) {
  rd_value c = native_arg(a, 0);
  if (c != VALUE_UNDEFINED && !value_is_callable(c))
    return js_throw(rt, ERROR_TypeError, "The comparison function must be either a function or undefined");
  return c;
}

static rd_value ap_sort(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle cmp = handle_new(rt, comparator(rt, a));
  if (!*cmp) return VALUE_EMPTY;
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  Handle sorted = handle_new(rt, sort_indexed(rt, o, len, cmp, true));
  if (!*sorted) return VALUE_EMPTY;
  uint32_t n = fixed_array_length(*sorted);
  for (uint32_t i = 0; i < n; i++) {
    HANDLE_SCOPE(rt);
    Handle v = handle_new(rt, FIXED_ARRAY(*sorted)->data[i]);
    if (!lib_set_index(rt, o, i, v)) return VALUE_EMPTY;
  }
  for (double k = n; k < len; k++)
    if (!lib_delete_index(rt, o, k)) return VALUE_EMPTY;
  return *o;
}

/* A new array (ArrayCreate) from the values of a FixedArray. */
static rd_value array_from_fixed(Runtime *rt, Handle list) {
  HANDLE_SCOPE(rt);
  uint32_t n = fixed_array_length(*list);
  Handle arr = handle_new(rt, array_create(rt, n, NULL));
  if (!*arr) return VALUE_EMPTY;
  for (uint32_t i = 0; i < n; i++) {
    HANDLE_SCOPE(rt);
    Handle v = handle_new(rt, FIXED_ARRAY(*list)->data[i]);
    if (!lib_create_index(rt, arr, i, v)) return VALUE_EMPTY;
  }
  return *arr;
}

static rd_value ap_to_sorted(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle cmp = handle_new(rt, comparator(rt, a));
  if (!*cmp) return VALUE_EMPTY;
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  if (len > 4294967295.0) return js_throw(rt, ERROR_RangeError, "Invalid array length");
  Handle sorted = handle_new(rt, sort_indexed(rt, o, len, cmp, false));
  if (!*sorted) return VALUE_EMPTY;
  return array_from_fixed(rt, sorted);
}

/* --- the copying methods ------------------------------------------------------------------------- */
static rd_value ap_to_reversed(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len;
  if (!array_this_object(rt, a, o, &len)) return VALUE_EMPTY;
  Handle arr = handle_new(rt, array_create(rt, len, NULL));
  if (!*arr) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (double k = 0; k < len; k++) {
    *v = lib_get_index(rt, o, len - k - 1);
    if (!*v || !lib_create_index(rt, arr, k, v)) return VALUE_EMPTY;
  }
  return *arr;
}

static rd_value ap_to_spliced(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, start, skip;
  if (!array_this_object(rt, a, o, &len) || !splice_args(rt, a, len, &start, &skip)) return VALUE_EMPTY;
  double items = a->argc > 2 ? a->argc - 2 : 0, new_len = len + items - skip;
  if (new_len > MAX_SAFE_INTEGER) return js_throw(rt, ERROR_TypeError, "toSpliced would exceed the maximum array-like length");
  Handle arr = handle_new(rt, array_create(rt, new_len, NULL));
  if (!*arr) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  double i = 0, r = start + skip;
  for (; i < start; i++) {
    *v = lib_get_index(rt, o, i);
    if (!*v || !lib_create_index(rt, arr, i, v)) return VALUE_EMPTY;
  }
  for (uint32_t j = 0; j < items; j++, i++)
    if (!lib_create_index(rt, arr, i, &a->argv[2 + j])) return VALUE_EMPTY;
  for (; i < new_len; i++, r++) {
    *v = lib_get_index(rt, o, r);
    if (!*v || !lib_create_index(rt, arr, i, v)) return VALUE_EMPTY;
  }
  return *arr;
}

static rd_value ap_with(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, VALUE_UNDEFINED);
  double len, rel;
  if (!array_this_object(rt, a, o, &len) || !lib_arg_integer(rt, a, 0, &rel)) return VALUE_EMPTY;
  double index = rel >= 0 ? rel : len + rel;
  if (index >= len || index < 0) return js_throw(rt, ERROR_RangeError, "Invalid index");
  Handle arr = handle_new(rt, array_create(rt, len, NULL));
  if (!*arr) return VALUE_EMPTY;
  Handle v = handle_new(rt, VALUE_UNDEFINED);
  for (double k = 0; k < len; k++) {
    *v = k == index ? native_arg(a, 1) : lib_get_index(rt, o, k);
    if (!*v || !lib_create_index(rt, arr, k, v)) return VALUE_EMPTY;
  }
  return *arr;
}

bool array_install_prototype_methods(Runtime *rt, Handle proto) {
  HANDLE_SCOPE(rt);
  static const BuiltinMethod methods[] = {
      {"slice", ap_slice, 2}, {"splice", ap_splice, 2}, {"sort", ap_sort, 1},
      {"toReversed", ap_to_reversed, 0}, {"toSorted", ap_to_sorted, 1},
      {"toSpliced", ap_to_spliced, 2}, {"with", ap_with, 2},
  };
  if (!builtins_install(rt, proto, methods, ARRAY_LEN(methods))) return false;
  static const char *const unscopable[] = {
      "at", "copyWithin", "entries", "fill", "find", "findIndex", "findLast", "findLastIndex", "flat",
      "flatMap", "includes", "keys", "toReversed", "toSorted", "toSpliced", "values",
  };
  Handle null_proto = handle_new(rt, VALUE_NULL);
  Handle list = handle_new(rt, builtins_object_with_proto(rt, null_proto));
  Handle t = handle_new(rt, VALUE_TRUE);
  if (!*list) return false;
  for (size_t i = 0; i < ARRAY_LEN(unscopable); i++)
    if (!builtins_define(rt, list, unscopable[i], t, PROPERTY_ATTRS_DEFAULT)) return false;
  return builtins_define(rt, proto, "@unscopables", list, PROPERTY_CONFIGURABLE);
}
