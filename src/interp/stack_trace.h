/*
 * stack_trace.h - stack traces (Error.prototype.stack, the CLI's uncaught
 * exception report) and source line/column lookup.
 *
 * The walk starts at rt->fp, the innermost live interpreter frame (set by
 * the interpreter's SAVE before anything that may throw, allocate or call
 * out), and follows FRAME_CALLER_FP; frames entered from C record the
 * frame that was running when C code called in, so the chain continues
 * through natives (a native in between is shown as "at name (native)").
 *
 * Invariant: the walk reads the VM stack only (which never moves) and
 * allocates nothing but the script line tables, so raw frame pointers stay
 * valid across it.
 */
#ifndef RONDO_INTERP_STACK_TRACE_H
#define RONDO_INTERP_STACK_TRACE_H

#include "runtime/runtime.h"

#define STACK_TRACE_DEFAULT_LIMIT 10   /* Error.stackTraceLimit's initial value */

/* Line and column (both 1-based; the column counts UTF-16 code units like
 * V8) of source byte offset pos in Script script. Builds the script's line
 * table on first use (Script.line_ends), so it may allocate. False with an
 * exception pending on out of memory. */
bool script_line_column(Runtime *rt, Handle script, uint32_t pos, uint32_t *line,
                        uint32_t *column) RD_MUST_CHECK;

/* The frames of the running code as text, one "\n    at ..." line per frame
 * (at most limit of them), V8 style:
 *     at f (file.js:3:11)          a named function
 *     at new Foo (file.js:7:3)     a constructor
 *     at Foo.bar (file.js:8:5)     a method (the receiver's constructor name)
 *     at file.js:9:1               top-level code, anonymous functions
 *     at map (native)              a native built-in calling back into JS
 * show_native: whether a native the innermost frame is calling may be shown
 * (false when the caller is that native itself: the Error constructors).
 * skip_fn (NULL: none): frames up to and including the innermost call of
 * this function are left out (Error.captureStackTrace). */
rd_value stack_trace_capture(Runtime *rt, uint32_t limit, bool show_native, Handle skip_fn) RD_MUST_CHECK;

/* The first line of a stack: "name: message" of obj as Error.prototype.
 * toString would give, from data properties only (no getter runs; name
 * defaults to "Error", message to ""). */
rd_value stack_trace_header(Runtime *rt, Handle obj) RD_MUST_CHECK;

/* The whole `stack` text: obj's header line, then the frame lines. */
rd_value stack_trace_string(Runtime *rt, Handle obj, uint32_t limit, bool show_native,
                            Handle skip_fn) RD_MUST_CHECK;

#endif
