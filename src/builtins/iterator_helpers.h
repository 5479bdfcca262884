/*
 * iterator_helpers.h - what iterator_helpers.c (the Iterator Helper objects
 * and their %IteratorHelperPrototype%) shares with iterator_combinators.c
 * (Iterator.concat, zip, zipKeyed and Iterator.prototype.chunks, windows,
 * includes): the internal words of a helper object and its kinds.
 *
 * Invariant: a helper object's internal words are only read and written by
 * these two files; the closure of a kind >= K_CONCAT runs in
 * iterator_combinators.c (iterator_combinator_run), every other in
 * iterator_helpers.c.
 */
#ifndef RONDO_BUILTINS_ITERATOR_HELPERS_H
#define RONDO_BUILTINS_ITERATOR_HELPERS_H

#include "builtins/library.h"

/* The internal words of a helper (see iterator_helpers.c for their meaning per kind). */
enum { H_ITER, H_NEXT, H_STATE, H_COUNTER, H_FN, H_INNER, H_INNER_NEXT, H_WORDS };
#define HELPER_WORD(o, i) (((rd_value *)value_to_ptr(o))[JS_OBJECT_HEADER_WORDS + (i)])

typedef enum {
  K_MAP, K_FILTER, K_TAKE, K_DROP, K_FLAT_MAP,
  /* iterator_combinators.c */
  K_CONCAT, K_ZIP, K_CHUNKS, K_WINDOWS_FULL, K_WINDOWS_PARTIAL,
} HelperKind;

/* A new helper of kind (suspended-start) with map (the helper map) over the
 * record (iter, next), with fn and counter in H_FN and H_COUNTER. */
rd_value iterator_helper_new(Runtime *rt, Handle map, HelperKind kind, Handle iter, Handle next, Handle fn,
                             double counter) RD_MUST_CHECK;
/* IteratorStep without reading the value: *done set at the end. */
bool iterator_step_only(Runtime *rt, Handle iter, Handle next, bool *done) RD_MUST_CHECK;
/* GetIteratorFlattenable(obj, strings ? iterate-string-primitives :
 * reject-primitives) into the record (iter, next). */
bool iterator_get_flattenable(Runtime *rt, Handle obj, bool strings, Handle iter, Handle next) RD_MUST_CHECK;

/* iterator_combinators.c: runs the closure of helper h (kind >= K_CONCAT)
 * to its next Yield (the value) or its end (*done). */
rd_value iterator_combinator_run(Runtime *rt, Handle h, bool *done) RD_MUST_CHECK;
/* IteratorCloseAll(h.[[UnderlyingIterators]], return completion) for a zip helper h. */
bool iterator_zip_close_all(Runtime *rt, Handle h) RD_MUST_CHECK;
/* Installs Iterator.concat, zip, zipKeyed on ctor and chunks, windows,
 * includes on proto; helper_map is the map of helper objects. */
bool iterator_combinators_install(Runtime *rt, Handle ctor, Handle proto, Handle helper_map) RD_MUST_CHECK;

#endif
