/*
 * regexp_legacy.h - the legacy static properties of RegExp (regexp_legacy.c)
 * as RegExpBuiltinExec (regexp.c) drives them.
 */
#ifndef RONDO_BUILTINS_REGEXP_LEGACY_H
#define RONDO_BUILTINS_REGEXP_LEGACY_H

#include "builtins/builtins.h"

/* UpdateLegacyRegExpStaticProperties after a match [start, end) of input
 * whose match array (group values, strings or undefined) is match. */
bool regexp_legacy_update(Runtime *rt, Handle input, uint32_t start, uint32_t end, Handle match,
                          uint32_t ngroups) RD_MUST_CHECK;
/* InvalidateLegacyRegExpStaticProperties: a match of a RegExp without
 * legacy features (a subclass instance); the getters throw until the next
 * legacy match. */
void regexp_legacy_invalidate(Runtime *rt);
/* Installs the accessors on %RegExp% (ctor) and the state. */
bool regexp_legacy_install(Runtime *rt, Handle ctor) RD_MUST_CHECK;

#endif
