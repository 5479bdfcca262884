/*
 * stack_trace.c - walking the interpreter frames of the running code into
 * V8-style "    at f (file.js:3:11)" lines, and source line/column lookup
 * through a lazily built line table per Script.
 *
 * Script.line_ends (built on first use) is a FixedArray of int32 pairs, one
 * per line: [2i] the byte offset (in the script's UTF-8 source, the unit of
 * source positions) where line i+1 starts, [2i+1] the UTF-16 index where it
 * starts. Line terminators are the lexer's: LF, CR, CRLF, U+2028, U+2029.
 *
 * Optimized frames (codegen/frames.h) are merged in by the VM-stack
 * address of their arguments; each shows one line per activation it
 * stands for (inlined callees, innermost first: deopt_frames_at_call).
 *
 * Invariant: the walk reads frames through rt->fp / FRAME_CALLER_FP on the
 * VM stack (which never moves) and the machine stack and builds the text in a malloc'd buffer;
 * the only allocation before the final string is a script's line table,
 * after which every heap value is re-read from the frame or a handle.
 */
#include "interp/stack_trace.h"

#include <stdlib.h>

#include "bytecode/builder.h"
#include "codegen/frames.h"
#include "deopt/deoptimizer.h"
#include "interp/interpreter.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"

#define I32(v) value_to_int32(v)
#define SHARED_OF(f) ((SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared))
#define SFI_FLAGS_OF(f) ((uint32_t)I32(SHARED_OF(f)->flags))

/* The property keys the walk reads (internalized before it starts). */
typedef struct Keys {
  Handle name, ctor;
} Keys;

/* --- line table ---------------------------------------------------------------------------- */
/* UTF-8 bytes of code unit c (each half of a surrogate pair counts 2). */
RD_INLINE uint32_t utf8_units(uint16_t c) {
  return c < 0x80 ? 1 : c < 0x800 || (c >= 0xD800 && c < 0xE000) ? 2 : 3;
}

/* Code unit i of a string, flat content or not. */
static uint16_t char_at(const StringSegment *seg, rd_value s, uint32_t i) {
  if (seg) return seg->two_byte ? ((const uint16_t *)seg->chars)[i] : ((const uint8_t *)seg->chars)[i];
  return string_char_at(s, i);
}

/* Scans source s for line starts; writes (byte, utf16) pairs into out (when
 * not NULL) and returns the number of lines. Never allocates. */
static uint32_t scan_lines(rd_value s, rd_value *out) {
  StringSegment seg = {0};
  bool flat = string_has_flat_content(s);
  if (flat) seg = string_flat_content(s);
  uint32_t n = string_length(s), lines = 1, bytes = 0;
  if (out) out[0] = value_from_int32(0), out[1] = value_from_int32(0);
  for (uint32_t i = 0; i < n; i++) {
    uint16_t c = char_at(flat ? &seg : NULL, s, i);
    bytes += utf8_units(c);
    bool nl = c == '\n' || c == 0x2028 || c == 0x2029;
    if (c == '\r') {
      nl = true;
      if (i + 1 < n && char_at(flat ? &seg : NULL, s, i + 1) == '\n') i++, bytes++;
    }
    if (!nl) continue;
    if (out) {
      out[2 * lines] = value_from_int32((int32_t)bytes);
      out[2 * lines + 1] = value_from_int32((int32_t)(i + 1));
    }
    lines++;
  }
  return lines;
}

bool script_line_column(Runtime *rt, Handle script, uint32_t pos, uint32_t *line, uint32_t *column) {
  *line = *column = 1;
  rd_value src = ((Script *)value_to_ptr(*script))->source;
  if (!value_is_string(src)) return true;
  if (!value_has_type(((Script *)value_to_ptr(*script))->line_ends, TYPE_FIXED_ARRAY)) {
    uint32_t lines = scan_lines(src, NULL);
    if (lines > (uint32_t)INT32_MAX / 2) return true;
    rd_value t = factory_fixed_array(rt, 2 * lines, value_from_int32(0), ALLOC_OLD);
    if (!t) return false;
    src = ((Script *)value_to_ptr(*script))->source;
    scan_lines(src, FIXED_ARRAY(t)->data);
    Script *sc = (Script *)value_to_ptr(*script);
    HEAP_STORE(sc, sc->line_ends, t);
  }
  Script *sc = (Script *)value_to_ptr(*script);
  src = sc->source;
  FixedArray *t = FIXED_ARRAY(sc->line_ends);
  uint32_t lines = (uint32_t)I32(t->length) / 2;
  if (!lines) return true;
  uint32_t lo = 0, hi = lines - 1;   /* the last line starting at or before pos */
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo + 1) / 2;
    if ((uint32_t)I32(t->data[2 * mid]) <= pos) lo = mid;
    else hi = mid - 1;
  }
  uint32_t bytes = (uint32_t)I32(t->data[2 * lo]), i = (uint32_t)I32(t->data[2 * lo + 1]);
  uint32_t n = string_length(src), col = 1;
  StringSegment seg = {0};
  bool flat = string_has_flat_content(src);
  if (flat) seg = string_flat_content(src);
  if (flat && !seg.two_byte) {   /* the usual case: a one-byte source */
    const uint8_t *c = seg.chars;
    for (; bytes < pos && i < n; i++, col++) bytes += c[i] < 0x80 ? 1 : 2;
  }
  for (; bytes < pos && i < n; i++, col++) bytes += utf8_units(char_at(flat ? &seg : NULL, src, i));
  *line = lo + 1;
  *column = col;
  return true;
}

/* --- the text buffer ------------------------------------------------------------------------ */
typedef struct Buf {
  char *p;
  size_t len, cap;
  bool oom;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->len + n + 1 > b->cap) {
    size_t c = b->cap ? b->cap * 2 : 256;
    while (c < b->len + n + 1) c *= 2;
    char *q = realloc(b->p, c);
    if (!q) {
      b->oom = true;
      return;
    }
    b->p = q;
    b->cap = c;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void buf_cstr(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

/* Appends JS string s as UTF-8 (lone surrogates as U+FFFD). Never allocates on the heap. */
static void buf_string(Buf *b, rd_value s) {
  if (!string_has_flat_content(s)) {
    size_t n;
    char *u = string_to_utf8(s, &n);
    if (!u) {
      b->oom = true;
      return;
    }
    buf_put(b, u, n);
    free(u);
    return;
  }
  StringSegment seg = string_flat_content(s);
  if (!seg.two_byte) {
    const uint8_t *c = seg.chars;
    uint32_t i = 0;
    while (i < seg.length) {   /* ASCII runs in one copy */
      uint32_t j = i;
      while (j < seg.length && c[j] < 0x80) j++;
      buf_put(b, (const char *)c + i, j - i);
      if (j < seg.length) {
        char t[2] = {(char)(0xC0 | c[j] >> 6), (char)(0x80 | (c[j] & 0x3F))};
        buf_put(b, t, 2);
        j++;
      }
      i = j;
    }
    return;
  }
  const uint16_t *c = seg.chars;
  for (uint32_t i = 0; i < seg.length; i++) {
    uint32_t u = c[i];
    char t[4];
    size_t n;
    if (u >= 0xD800 && u < 0xDC00 && i + 1 < seg.length && c[i + 1] >= 0xDC00 && c[i + 1] < 0xE000)
      u = 0x10000 + ((u - 0xD800) << 10) + (c[++i] - 0xDC00);
    else if (u >= 0xD800 && u < 0xE000)
      u = 0xFFFD;
    if (u < 0x80) {
      t[0] = (char)u;
      n = 1;
    } else if (u < 0x800) {
      t[0] = (char)(0xC0 | u >> 6), t[1] = (char)(0x80 | (u & 0x3F));
      n = 2;
    } else if (u < 0x10000) {
      t[0] = (char)(0xE0 | u >> 12), t[1] = (char)(0x80 | (u >> 6 & 0x3F)), t[2] = (char)(0x80 | (u & 0x3F));
      n = 3;
    } else {
      t[0] = (char)(0xF0 | u >> 18), t[1] = (char)(0x80 | (u >> 12 & 0x3F));
      t[2] = (char)(0x80 | (u >> 6 & 0x3F)), t[3] = (char)(0x80 | (u & 0x3F));
      n = 4;
    }
    buf_put(b, t, n);
  }
}

/* Appends ":" and the decimal digits of v. */
static void buf_colon_uint(Buf *b, uint32_t v) {
  char t[12];
  int i = sizeof t;
  do t[--i] = (char)('0' + v % 10); while ((v /= 10) && i > 1);
  t[--i] = ':';
  buf_put(b, t + i, sizeof t - (size_t)i);
}

/* --- names ---------------------------------------------------------------------------------- */
/* Data property key of obj or its prototypes (no getter runs); VALUE_EMPTY when
 * absent or an accessor. Never allocates. */
static rd_value data_property(Runtime *rt, rd_value obj, rd_value key) {
  PropertyLookup l;
  for (int depth = 0; value_is_js_object(obj) && depth < 100; obj = object_get_prototype(obj), depth++) {
    if (!object_lookup_own(rt, obj, key, &l)) continue;
    if (details_kind(l.details) == PROPERTY_KIND_ACCESSOR || l.kind == LOOKUP_ARRAY_LENGTH) return VALUE_EMPTY;
    return object_lookup_value(obj, &l);
  }
  return VALUE_EMPTY;
}

static bool nonempty_string(rd_value v) {
  return v && value_is_string(v) && string_length(v) > 0;
}

/* The name of function fn: its own "name" data property when a non-empty
 * string, else the SharedFunctionInfo's; VALUE_EMPTY when anonymous. */
static rd_value function_name(Runtime *rt, rd_value fn, rd_value name_key) {
  PropertyLookup l;
  if (object_lookup_own(rt, fn, name_key, &l) && details_kind(l.details) != PROPERTY_KIND_ACCESSOR) {
    rd_value v = object_lookup_value(fn, &l);
    if (nonempty_string(v)) return v;
  }
  rd_value s = SHARED_OF(fn)->name;
  return nonempty_string(s) ? s : VALUE_EMPTY;
}

/* The type name shown before a method's name: the receiver's
 * @@toStringTag or its constructor's name (a function receiver: its own
 * name); VALUE_EMPTY when none or when the receiver is not an object or
 * is the global object. */
static rd_value receiver_type_name(Runtime *rt, rd_value recv, rd_value name_key, rd_value ctor_key) {
  if (!value_is_js_object(recv) || recv == ROOT(rt, global_object)) return VALUE_EMPTY;
  if (value_is_callable(recv)) return function_name(rt, recv, name_key);
  rd_value tag = data_property(rt, recv, ROOT(rt, symbol_to_string_tag));
  if (nonempty_string(tag)) return tag;
  rd_value c = data_property(rt, recv, ctor_key);
  return c && value_is_callable(c) ? function_name(rt, c, name_key) : VALUE_EMPTY;
}

/* --- frames ---------------------------------------------------------------------------------- */
/* True if fp points at a plausible frame below sp. */
static bool frame_ok(Runtime *rt, rd_value *fp) {
  return fp && fp >= rt->stack && fp + FRAME_HEADER <= rt->sp &&
         value_has_type(fp[FRAME_FUNCTION], TYPE_JS_FUNCTION) &&
         value_has_type(fp[FRAME_BYTECODE], TYPE_BYTECODE_ARRAY) && value_is_int32(fp[FRAME_OFFSET]);
}

RD_INLINE rd_value *frame_params_of(rd_value *fp) {
  uint32_t argc = (uint32_t)I32(fp[FRAME_ARGC]);
  uint32_t formals = ((BytecodeArray *)value_to_ptr(fp[FRAME_BYTECODE]))->parameter_count;
  return fp - 1 - MAX(argc, formals);
}

/* Register r of frame fp (as the interpreter's REG); undefined for a slot
 * outside [stack, sp), which only a damaged chain could name. */
static rd_value frame_reg(Runtime *rt, rd_value *fp, int32_t r) {
  rd_value *slot = r >= 0 ? fp + FRAME_HEADER + r : frame_params_of(fp) + (-(int64_t)r - 1);
  return slot >= rt->stack && slot < rt->sp ? *slot : VALUE_UNDEFINED;
}

/* If the instruction frame fp is at is a call whose callee is a native
 * function, returns the callee (and its receiver in *recv), else VALUE_EMPTY. */
static rd_value native_callee(Runtime *rt, rd_value *fp, rd_value *recv) {
  BytecodeArray *ba = (BytecodeArray *)value_to_ptr(fp[FRAME_BYTECODE]);
  uint32_t off = (uint32_t)I32(fp[FRAME_OFFSET]);
  if (off >= ba->length) return VALUE_EMPTY;
  const uint8_t *op = ba->bytes + off;
  int scale = 1;
  if (*op <= BC_ExtraWide) {
    scale = *op == BC_Wide ? 2 : 4;
    op++;
  }
  Bytecode bc = (Bytecode)*op;
  if (bc != BC_CallProperty && bc != BC_CallUndefinedReceiver && bc != BC_Construct &&
      bc != BC_CallApply && bc != BC_ConstructApply && bc != BC_CallDirectEval)
    return VALUE_EMPTY;
  if (op + bytecode_size(bc, scale) > ba->bytes + ba->length) return VALUE_EMPTY;
  rd_value callee = frame_reg(rt, fp, bytecode_operand(op, 0, scale));
  if (!value_has_type(callee, TYPE_JS_FUNCTION) || SHARED_OF(callee)->bytecode != VALUE_UNDEFINED)
    return VALUE_EMPTY;
  if (bc == BC_CallDirectEval && callee == interp_intrinsic(rt, INTRINSIC_eval)) return VALUE_EMPTY;
  *recv = VALUE_UNDEFINED;
  if (bc == BC_CallProperty && bytecode_operand(op, 2, scale) > 0) *recv = frame_reg(rt, fp, bytecode_operand(op, 1, scale));
  if (bc == BC_CallApply) *recv = frame_reg(rt, fp, bytecode_operand(op, 1, scale));
  return callee;
}

/* Appends "Type.name" / "name" / "new name" for a call of fn; false when
 * there is nothing to show (an anonymous plain call). */
static bool put_call_name(Runtime *rt, Buf *b, rd_value fn, rd_value recv, bool construct, const Keys *keys) {
  rd_value name_key = *keys->name, ctor_key = *keys->ctor;
  rd_value name = function_name(rt, fn, name_key);
  if (construct) {
    buf_cstr(b, "new ");
    if (name) buf_string(b, name);
    else buf_cstr(b, "<anonymous>");
    return true;
  }
  rd_value type = (SFI_FLAGS_OF(fn) & SFI_ARROW) ? VALUE_EMPTY : receiver_type_name(rt, recv, name_key, ctor_key);
  if (type) {
    buf_string(b, type);
    buf_cstr(b, ".");
    if (name) buf_string(b, name);
    else buf_cstr(b, "<anonymous>");
    return true;
  }
  if (name) buf_string(b, name);
  return name != VALUE_EMPTY;
}

/* Appends the line of one activation of fn: its name (put_call_name with
 * recv; "eval" or nothing for top-level code) and source position pos (-1:
 * the function's start). May allocate (a script's line table), after which
 * fn and recv are stale. False with an exception pending on OOM. */
static bool put_line(Runtime *rt, Buf *b, rd_value fn, rd_value recv, bool construct, int64_t pos,
                     const Keys *keys) {
  rd_value script = SHARED_OF(fn)->script;
  rd_value script_name = value_has_type(script, TYPE_SCRIPT) ? ((Script *)value_to_ptr(script))->name : VALUE_EMPTY;
  bool named;
  buf_cstr(b, "\n    at ");
  if (SFI_FLAGS_OF(fn) & SFI_SCRIPT) {   /* top-level code; eval code is "eval" as in V8 */
    named = script_name && value_is_string(script_name) && string_equals_cstr(script_name, "<eval>");
    if (named) buf_cstr(b, "eval");
  } else {
    named = put_call_name(rt, b, fn, recv, construct, keys);
  }
  if (named) buf_cstr(b, " (");
  if (!script_name || !value_is_string(script_name)) {
    buf_cstr(b, "<anonymous>");
  } else {
    buf_string(b, script_name);
    if (pos < 0 && value_is_int32(SHARED_OF(fn)->start_position))   /* no entry: the function's start */
      pos = I32(SHARED_OF(fn)->start_position);
    if (pos >= 0) {
      HANDLE_SCOPE(rt);
      Handle hs = handle_new(rt, script);
      uint32_t line, col;
      if (!script_line_column(rt, hs, (uint32_t)pos, &line, &col)) return false;
      buf_colon_uint(b, line);
      buf_colon_uint(b, col);
    }
  }
  if (named) buf_cstr(b, ")");
  return true;
}

/* Appends the line of interpreted frame fp (fp stays valid). */
static bool put_frame(Runtime *rt, Buf *b, rd_value *fp, const Keys *keys) {
  return put_line(rt, b, fp[FRAME_FUNCTION], frame_reg(rt, fp, -1), fp[FRAME_NEW_TARGET] != VALUE_UNDEFINED,
                  source_position_at(fp[FRAME_BYTECODE], (uint32_t)I32(fp[FRAME_OFFSET])), keys);
}

/* The native function optimized code called (a block of rt->opt_calls)
 * between VM-stack addresses lo and hi, or VALUE_EMPTY. */
static rd_value opt_native_between(Runtime *rt, const rd_value *lo, const rd_value *hi, rd_value *recv) {
  uint32_t n = MIN(rt->opt_call_depth, (uint32_t)(sizeof rt->opt_calls / sizeof *rt->opt_calls));
  for (uint32_t i = n; i-- > 0;) {
    rd_value *in = rt->opt_calls[i];
    if (in <= lo || in >= hi) continue;
    if (!value_has_type(in[0], TYPE_JS_FUNCTION) || SHARED_OF(in[0])->bytecode != VALUE_UNDEFINED) return VALUE_EMPTY;
    *recv = in[1];
    return in[0];
  }
  return VALUE_EMPTY;
}

/* Appends the line of a native function called by frame fp (or, through
 * optimized code, between fp and the newer frame at hi), if there is one. */
static bool put_native_between(Runtime *rt, Buf *b, rd_value *fp, rd_value *hi, const Keys *keys) {
  rd_value recv = VALUE_UNDEFINED;
  rd_value callee = native_callee(rt, fp, &recv);
  if (!callee && hi) callee = opt_native_between(rt, fp, hi, &recv);
  if (!callee) return false;
  buf_cstr(b, "\n    at ");
  if (!put_call_name(rt, b, callee, recv, false, keys)) buf_cstr(b, "<anonymous>");
  buf_cstr(b, " (native)");
  return true;
}

/* Appends the line of a native function called by frame fp, if it calls one. */
static bool put_native(Runtime *rt, Buf *b, rd_value *fp, const Keys *keys) {
  rd_value recv = VALUE_UNDEFINED;
  rd_value callee = native_callee(rt, fp, &recv);
  if (!callee) return false;
  buf_cstr(b, "\n    at ");
  if (!put_call_name(rt, b, callee, recv, false, keys)) buf_cstr(b, "<anonymous>");
  buf_cstr(b, " (native)");
  return true;
}

#define OPT_ACTIVATIONS_MAX 32   /* an optimized frame's activations shown (the innermost ones) */
#define NO_CALL UINT32_MAX         /* DeoptFrameInfo.bytecode_offset: no call site known */

/* The activations optimized frame f stands for, innermost first, into out
 * (OPT_ACTIVATIONS_MAX): those of the lazy point at its call site
 * (deopt_frames_at_call); without one (at a deopt exit, the stack check)
 * the frame's own function at NO_CALL. Never allocates; the values are
 * raw, so they are read again after anything that may. */
static uint32_t opt_activations(const OptFrame *f, DeoptFrameInfo *out) {
  uint32_t n = f->code ? deopt_frames_at_call(value_from_ptr(f->code), f->fp, f->pc, out, OPT_ACTIVATIONS_MAX) : 0;
  if (n) return n;
  out[0] = (DeoptFrameInfo){opt_frame_function(f), opt_frame_args(f)[0], NO_CALL};
  return 1;
}

/* Appends the line of activation i of optimized frame f: the source
 * position of its call mapped through its own function's bytecode; only
 * the outermost may be a construct call. May allocate (a line table); f
 * stays valid (the machine stack does not move). */
static bool put_opt_frame(Runtime *rt, Buf *b, const OptFrame *f, uint32_t i, const Keys *keys) {
  DeoptFrameInfo acts[OPT_ACTIVATIONS_MAX];
  uint32_t n = opt_activations(f, acts);
  rd_value fn = acts[i].function;
  if (!value_has_type(fn, TYPE_JS_FUNCTION)) return true;
  bool construct = i == n - 1 && *opt_frame_slot(f, OPT_FRAME_NEW_TARGET) != VALUE_UNDEFINED;
  rd_value bytecode = SHARED_OF(fn)->bytecode;
  int64_t pos = acts[i].bytecode_offset != NO_CALL && value_has_type(bytecode, TYPE_BYTECODE_ARRAY)
                    ? source_position_at(bytecode, acts[i].bytecode_offset) : -1;
  return put_line(rt, b, fn, acts[i].receiver, construct, pos, keys);
}

/* Appends the optimized frames of it newer than interpreter frame bound
 * (all of them when bound is NULL), one line per activation each stands
 * for: an optimized frame's place in the order of activations is its
 * arguments' VM-stack address. */
static bool put_opt_frames(Runtime *rt, Buf *b, FrameIterator *it, rd_value *bound, const Keys *keys,
                           uint32_t *count, uint32_t limit, bool *skipping, Handle skip_fn, rd_value **newer,
                           bool show_native) {
  for (; !it->done && *count < limit && (!bound || opt_frame_args(&it->frame) > bound);
       frame_iterator_next(it)) {
    rd_value *args = opt_frame_args(&it->frame);
    DeoptFrameInfo acts[OPT_ACTIVATIONS_MAX];
    uint32_t n = opt_activations(&it->frame, acts), i = 0;
    bool innermost_shown = !*skipping;
    while (*skipping && i < n) *skipping = acts[i++].function != *skip_fn;
    /* A native the innermost activation called, below whatever is newer */
    /* (the innermost frame's native shows only when asked, as for interpreted frames) */
    rd_value recv = VALUE_UNDEFINED, native = VALUE_EMPTY;
    if (innermost_shown && (*newer != rt->sp || show_native)) native = opt_native_between(rt, args, *newer, &recv);
    if (native) {
      buf_cstr(b, "\n    at ");
      if (!put_call_name(rt, b, native, recv, false, keys)) buf_cstr(b, "<anonymous>");
      buf_cstr(b, " (native)");
      if (++*count >= limit) break;
    }
    for (; i < n && *count < limit; i++, (*count)++)
      if (!put_opt_frame(rt, b, &it->frame, i, keys)) return false;
    *newer = args;
  }
  return true;
}

/* Appends the frame lines to b (see stack_trace_capture); false with an
 * exception pending on out of memory. Interpreter frames and optimized
 * frames (codegen/frames.h) are merged innermost first. */
static bool put_frames(Runtime *rt, Buf *bp, const Keys *kp, uint32_t limit, bool show_native, Handle skip_fn) {
  Buf b = *bp;
  Keys keys = *kp;
  bool skipping = skip_fn && value_is_callable(*skip_fn);
  uint32_t count = 0;
  rd_value *fp = rt->fp;
  rd_value *newer = rt->sp;   /* the VM-stack address of the last frame shown */
  FrameIterator it;
  frame_iterator_init(&it, rt);
  if (frame_ok(rt, fp) && show_native && limit > 0 && (it.done || opt_frame_args(&it.frame) < fp)) {
    /* Inside a native the innermost frame called: the stack is above its registers. */
    uint32_t regs = ((BytecodeArray *)value_to_ptr(fp[FRAME_BYTECODE]))->frame_size;
    if (rt->sp > fp + FRAME_HEADER + regs && !skipping && put_native(rt, &b, fp, &keys)) count++;
  }
  while (frame_ok(rt, fp) && count < limit) {
    rd_value *before = newer;
    if (!put_opt_frames(rt, &b, &it, fp, &keys, &count, limit, &skipping, skip_fn, &newer, show_native)) {
      *bp = b;
      return false;
    }
    if (count >= limit) break;
    /* An optimized frame was just shown and fp is at a call of a native:
     * that native called it (through the entry stub). */
    if (newer != before && !skipping && put_native(rt, &b, fp, &keys) && ++count >= limit) break;
    if (skipping) {
      skipping = fp[FRAME_FUNCTION] != *skip_fn;
    } else {
      if (!put_frame(rt, &b, fp, &keys)) {
        *bp = b;
        return false;
      }
      count++;
    }
    newer = fp;
    int32_t caller = I32(fp[FRAME_CALLER_FP]);
    if (caller < 0 || rt->stack + caller >= fp) break;
    rd_value *cfp = rt->stack + caller;
    /* A frame entered from C whose caller is at a call of a native: that
     * native called it (directly or through other C code). */
    if (I32(fp[FRAME_RETURN_OFFSET]) == FRAME_RETURN_TO_C && frame_ok(rt, cfp) && !skipping && count < limit &&
        put_native_between(rt, &b, cfp, !it.done && opt_frame_args(&it.frame) > cfp ? NULL : fp, &keys))
      count++;
    fp = cfp;
  }
  bool ok = put_opt_frames(rt, &b, &it, NULL, &keys, &count, limit, &skipping, skip_fn, &newer, show_native);
  *bp = b;
  return ok;
}

/* The text of b as a string (frees b); VALUE_EMPTY on out of memory. */
static rd_value buf_finish(Runtime *rt, Buf *b) {
  if (b->oom) {
    free(b->p);
    return runtime_throw_oom(rt);
  }
  rd_value r = b->len ? string_from_utf8(rt, b->p, b->len) : ROOT(rt, empty_string);
  free(b->p);
  return r;
}

/* Internalizes the keys the walk reads. */
static bool keys_init(Runtime *rt, Keys *k) {
  k->name = handle_new(rt, string_internalize_cstr(rt, "name"));
  if (!*k->name) return false;
  k->ctor = handle_new(rt, string_internalize_cstr(rt, "constructor"));
  return *k->ctor != VALUE_EMPTY;
}

rd_value stack_trace_capture(Runtime *rt, uint32_t limit, bool show_native, Handle skip_fn) {
  HANDLE_SCOPE(rt);
  Keys keys;
  if (!keys_init(rt, &keys)) return VALUE_EMPTY;
  Buf b = {0};
  if (!put_frames(rt, &b, &keys, limit, show_native, skip_fn)) {
    free(b.p);
    return VALUE_EMPTY;
  }
  return buf_finish(rt, &b);
}

/* Appends the header line of obj (see stack_trace_header); false on OOM. */
static bool put_header(Runtime *rt, Buf *b, Handle obj, const Keys *keys) {
  HANDLE_SCOPE(rt);
  Handle mk = handle_new(rt, string_internalize_cstr(rt, "message"));
  if (!*mk) return false;
  rd_value n = data_property(rt, *obj, *keys->name), m = data_property(rt, *obj, *mk);
  size_t start = b->len;
  if (n && value_is_string(n)) buf_string(b, n);
  else buf_cstr(b, "Error");
  if (m && value_is_string(m) && string_length(m) > 0) {
    if (b->len > start) buf_cstr(b, ": ");
    buf_string(b, m);
  }
  return true;
}

rd_value stack_trace_header(Runtime *rt, Handle obj) {
  HANDLE_SCOPE(rt);
  Keys keys;
  if (!keys_init(rt, &keys)) return VALUE_EMPTY;
  Buf b = {0};
  if (!put_header(rt, &b, obj, &keys)) {
    free(b.p);
    return VALUE_EMPTY;
  }
  return buf_finish(rt, &b);
}

rd_value stack_trace_string(Runtime *rt, Handle obj, uint32_t limit, bool show_native, Handle skip_fn) {
  HANDLE_SCOPE(rt);
  Keys keys;
  if (!keys_init(rt, &keys)) return VALUE_EMPTY;
  Buf b = {0};
  if (!put_header(rt, &b, obj, &keys) || !put_frames(rt, &b, &keys, limit, show_native, skip_fn)) {
    free(b.p);
    return VALUE_EMPTY;
  }
  return buf_finish(rt, &b);
}
