/*
 * graph_builder.h - building a function's graph IR from its bytecode and
 * feedback (graph_builder.c).
 */
#ifndef RONDO_COMPILER_GRAPH_BUILDER_H
#define RONDO_COMPILER_GRAPH_BUILDER_H

#include "compiler/ir.h"

/* Builds the graph of the JSFunction *fn into g (initialized, empty). On
 * failure returns false with *reason: the unsupported bytecode's name, or
 * the construct ("try/catch/finally", ...), or "out of memory". */
bool graph_build(IrGraph *g, Handle fn, const char **reason) RD_MUST_CHECK;

#endif
