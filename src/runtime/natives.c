/*
 * natives.c - the runtime functions of --allow-natives-syntax (natives.h):
 * name lookup for the parser, the dispatcher the CallRuntime bytecode uses,
 * and the functions themselves: the optimization intrinsics (marks kept in
 * SharedFunctionInfo.flags for the optimizing compiler), %CollectGarbage,
 * %HaveSameMap and %DebugPrint (a V8-like dump of any value).
 *
 * Invariant: arguments are VM-stack slots, re-read after anything that may
 * allocate; the printer never allocates on the JS heap; a wrong argument
 * type throws a TypeError (V8 would crash, rondo never does).
 */
#include "runtime/natives.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/numconv.h"
#include "base/flags.h"
#include "codegen/frames.h"
#include "codegen/tiers.h"
#include "heap/page.h"
#include "interp/interp_ops.h"
#include "interp/interpreter.h"
#include "objects/bigint.h"
#include "objects/dictionary.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"

typedef rd_value (*NativesFn)(Runtime *rt, rd_value *args, uint32_t argc);

#define X(name, argc, fn) static rd_value fn(Runtime *rt, rd_value *args, uint32_t argc_);
NATIVES_LIST(X)
#undef X

static const struct {
  const char *name;
  int32_t argc;
  NativesFn fn;
} natives_table[NATIVES_COUNT] = {
#define X(name, argc, fn) {#name, argc, fn},
    NATIVES_LIST(X)
#undef X
};

/* --- the table ------------------------------------------------------------------- */
int32_t natives_lookup(const char *name, size_t len) {
  for (uint32_t i = 0; i < NATIVES_COUNT; i++)
    if (strlen(natives_table[i].name) == len && memcmp(natives_table[i].name, name, len) == 0)
      return (int32_t)i;
  return -1;
}

const char *natives_name(uint32_t id) { return id < NATIVES_COUNT ? natives_table[id].name : "?"; }

int32_t natives_arg_count(uint32_t id) { return id < NATIVES_COUNT ? natives_table[id].argc : 0; }

rd_value natives_call(Runtime *rt, uint32_t id, rd_value *args, uint32_t argc) {
  if (id >= NATIVES_COUNT) return js_throw(rt, ERROR_TypeError, "bad runtime function id %u", id);
  int32_t want = natives_table[id].argc;
  if (want != NATIVES_VARARGS && (uint32_t)want != argc)
    return js_throw(rt, ERROR_TypeError, "%%%s: expected %d arguments", natives_table[id].name, want);
  return natives_table[id].fn(rt, args, argc);
}

/* --- helpers ----------------------------------------------------------------------- */
#define SFI_OF(f) ((SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(f))->shared))

static bool is_function(rd_value v) { return value_has_type(v, TYPE_JS_FUNCTION); }

/* True for a closure of bytecode (not a native built-in). */
static bool has_bytecode(rd_value f) {
  return value_has_type(SFI_OF(f)->bytecode, TYPE_BYTECODE_ARRAY);
}

static uint32_t sfi_flags(rd_value f) { return (uint32_t)value_to_int32(SFI_OF(f)->flags); }

static void sfi_set_flags(rd_value f, uint32_t set, uint32_t clear) {
  SharedFunctionInfo *s = SFI_OF(f);
  s->flags = value_from_int32((int32_t)(((uint32_t)value_to_int32(s->flags) | set) & ~clear));
}

/* Checks a variadic native's argument count (fixed ones are checked by the
 * parser and natives_call). */
static bool check_argc(Runtime *rt, uint32_t argc, uint32_t min, uint32_t max, const char *who) {
  if (argc >= min && argc <= max) return true;
  js_throw(rt, ERROR_TypeError, "%%%s: expected %u or %u arguments", who, min, max);
  return false;
}

/* args[i] when it is a function, else throws a TypeError naming the native. */
static bool expect_function(Runtime *rt, rd_value *args, uint32_t argc, uint32_t i, const char *who) {
  if (i < argc && is_function(args[i])) return true;
  js_throw(rt, ERROR_TypeError, "%%%s: argument %u is not a function", who, i + 1);
  return false;
}

/* Gives closure *f its feedback vector if it has none yet (push_frame would
 * make it on the first call). */
static bool ensure_feedback_vector(Runtime *rt, rd_value *f) {
  if (!has_bytecode(*f) || ((JSFunction *)value_to_ptr(*f))->feedback != VALUE_UNDEFINED) return true;
  uint32_t slots = ((BytecodeArray *)value_to_ptr(SFI_OF(*f)->bytecode))->feedback_slots;
  if (!slots) return true;
  rd_value fv = feedback_vector_new(rt, slots);
  if (!fv) return false;
  JSFunction *fn = (JSFunction *)value_to_ptr(*f);   /* re-read: the GC may have moved it */
  HEAP_STORE(fn, fn->feedback, fv);
  return true;
}

/* Is fp a well-formed interpreter frame below the stack top? */
static bool frame_ok(Runtime *rt, rd_value *fp) {
  return fp && fp >= rt->stack && fp + FRAME_HEADER <= rt->sp &&
         value_has_type(fp[FRAME_FUNCTION], TYPE_JS_FUNCTION);
}

/* The frame that called fp (across C re-entries), or NULL. */
static rd_value *frame_caller(Runtime *rt, rd_value *fp) {
  int32_t caller = value_to_int32(fp[FRAME_CALLER_FP]);
  if (caller < 0 || rt->stack + caller >= fp) return NULL;
  return rt->stack + caller;
}

/* --- optimization intrinsics --------------------------------------------------------- */
static rd_value native_prepare_function(Runtime *rt, rd_value *args, uint32_t argc) {
  if (!check_argc(rt, argc, 1, 2, "PrepareFunctionForOptimization")) return VALUE_EMPTY;
  if (!expect_function(rt, args, argc, 0, "PrepareFunctionForOptimization")) return VALUE_EMPTY;
  if (!has_bytecode(args[0])) return VALUE_UNDEFINED;   /* built-ins are never optimized */
  if (!ensure_feedback_vector(rt, &args[0])) return VALUE_EMPTY;
  sfi_set_flags(args[0], SFI_PREPARED_FOR_OPTIMIZATION, 0);
  return VALUE_UNDEFINED;
}

/* %OptimizeFunctionOnNextCall(f [, "concurrent"]): there is no concurrent
 * compiler, so both modes set the same mark. Like V8, a function marked
 * never-optimize is left alone, and no prior prepare is required. */
static rd_value native_optimize_on_next_call(Runtime *rt, rd_value *args, uint32_t argc) {
  if (!check_argc(rt, argc, 1, 2, "OptimizeFunctionOnNextCall")) return VALUE_EMPTY;
  if (!expect_function(rt, args, argc, 0, "OptimizeFunctionOnNextCall")) return VALUE_EMPTY;
  if (!has_bytecode(args[0]) || (sfi_flags(args[0]) & SFI_NEVER_OPTIMIZE)) return VALUE_UNDEFINED;
  if (!ensure_feedback_vector(rt, &args[0])) return VALUE_EMPTY;
  sfi_set_flags(args[0], SFI_MARKED_FOR_OPTIMIZATION, 0);
  return VALUE_UNDEFINED;
}

/* %OptimizeOsr([depth]): marks the function of the frame `depth` levels
 * above the caller (0: the function calling %OptimizeOsr) for on-stack
 * replacement of its running loop. */
static rd_value native_optimize_osr(Runtime *rt, rd_value *args, uint32_t argc) {
  if (!check_argc(rt, argc, 0, 1, "OptimizeOsr")) return VALUE_EMPTY;
  int32_t depth = 0;
  if (argc == 1) {
    if (!value_is_int32(args[0]) || value_to_int32(args[0]) < 0)
      return js_throw(rt, ERROR_TypeError,
                      "%%OptimizeOsr: the stack depth must be a small non-negative integer");
    depth = value_to_int32(args[0]);
  }
  rd_value *fp = rt->fp;
  for (; frame_ok(rt, fp) && depth > 0; depth--) fp = frame_caller(rt, fp);
  if (!frame_ok(rt, fp))
    return js_throw(rt, ERROR_TypeError, "%%OptimizeOsr: no JavaScript frame at that depth");
  rd_value f = fp[FRAME_FUNCTION];
  if (!has_bytecode(f) || (sfi_flags(f) & SFI_NEVER_OPTIMIZE)) return VALUE_UNDEFINED;
  sfi_set_flags(f, SFI_MARKED_FOR_OSR, 0);
  return VALUE_UNDEFINED;
}

static rd_value native_never_optimize_function(Runtime *rt, rd_value *args, uint32_t argc) {
  if (!expect_function(rt, args, argc, 0, "NeverOptimizeFunction")) return VALUE_EMPTY;
  sfi_set_flags(args[0], SFI_NEVER_OPTIMIZE, SFI_MARKED_FOR_OPTIMIZATION | SFI_MARKED_FOR_OSR);
  return VALUE_UNDEFINED;
}

/* Drops a pending request to optimize and marks the closure's optimized
 * code for deoptimization: the closure falls back to the interpreter on its
 * next call (lazy unlinking), and each activation of the code on the stack
 * goes on in the interpreter when its call returns (lazy deoptimization). */
static rd_value native_deoptimize_function(Runtime *rt, rd_value *args, uint32_t argc) {
  if (!expect_function(rt, args, argc, 0, "DeoptimizeFunction")) return VALUE_EMPTY;
  sfi_set_flags(args[0], 0, SFI_MARKED_FOR_OPTIMIZATION | SFI_MARKED_FOR_OSR);
  rd_value fv = ((JSFunction *)value_to_ptr(args[0]))->feedback;
  if (value_has_type(fv, TYPE_FEEDBACK_VECTOR)) {
    rd_value code = FIXED_ARRAY(fv)->data[FV_OPTIMIZED_CODE];
    if (value_has_type(code, TYPE_CODE)) code_mark_for_deoptimization(rt, code);
  }
  return VALUE_UNDEFINED;
}

/* V8's bits. As in V8, undefined gives the engine-wide bits only (always
 * optimize; lite mode = jitless); live optimized code gives kOptimized |
 * kTurboFanned, else the function is interpreted; an activation on the
 * stack adds kIsExecuting and the tier of the innermost one (interpreter
 * frames and optimized frames are ordered by their VM-stack addresses:
 * an optimized frame's is its arguments'). */
static rd_value native_get_optimization_status(Runtime *rt, rd_value *args, uint32_t argc) {
  int32_t status = 0;
  if (FLAG_always_opt) status |= OPT_STATUS_AlwaysOptimize;
  if (FLAG_jitless) status |= OPT_STATUS_LiteMode;
  if (args[0] == VALUE_UNDEFINED) return value_from_int32(status);
  if (!expect_function(rt, args, argc, 0, "GetOptimizationStatus")) return VALUE_EMPTY;
  rd_value f = args[0];
  status |= OPT_STATUS_IsFunction;
  uint32_t flags = sfi_flags(f);
  if (flags & SFI_NEVER_OPTIMIZE) status |= OPT_STATUS_NeverOptimize;
  if (!has_bytecode(f)) return value_from_int32(status);   /* a built-in: no tier to report */
  if (tiers_live_code(f)) status |= OPT_STATUS_Optimized | OPT_STATUS_TurboFanned;
  else status |= OPT_STATUS_Interpreted;
  rd_value fv = ((JSFunction *)value_to_ptr(f))->feedback;
  if (value_has_type(fv, TYPE_FEEDBACK_VECTOR) &&
      value_has_type(FIXED_ARRAY(fv)->data[FV_OPTIMIZED_CODE], TYPE_CODE) &&
      code_is_marked_for_deoptimization(FIXED_ARRAY(fv)->data[FV_OPTIMIZED_CODE]))
    status |= OPT_STATUS_MarkedForDeoptimization;
  if (flags & SFI_MARKED_FOR_OPTIMIZATION) status |= OPT_STATUS_MarkedForOptimization;
  rd_value *interp_top = NULL, *opt_top = NULL;
  for (rd_value *fp = rt->fp; frame_ok(rt, fp); fp = frame_caller(rt, fp)) {
    if (fp[FRAME_FUNCTION] == f) {
      interp_top = fp;
      break;
    }
  }
  FrameIterator it;
  for (frame_iterator_init(&it, rt); !it.done; frame_iterator_next(&it)) {
    if (opt_frame_function(&it.frame) == f) {
      opt_top = opt_frame_args(&it.frame);
      break;
    }
  }
  if (opt_top && (!interp_top || opt_top > interp_top))
    status |= OPT_STATUS_IsExecuting | OPT_STATUS_TopmostFrameIsTurboFanned;
  else if (interp_top)
    status |= OPT_STATUS_IsExecuting | OPT_STATUS_TopmostFrameIsInterpreted;
  return value_from_int32(status);
}

/* True unless the innermost JS activation runs optimized code. */
static rd_value native_is_being_interpreted(Runtime *rt, rd_value *args, uint32_t argc) {
  return value_from_bool(!frames_topmost_is_optimized(rt));
}

/* --- heap ------------------------------------------------------------------------------ */
static rd_value native_collect_garbage(Runtime *rt, rd_value *args, uint32_t argc) {
  heap_collect(&rt->heap, GC_MARK_COMPACT, "%CollectGarbage");
  return VALUE_UNDEFINED;
}

static rd_value native_have_same_map(Runtime *rt, rd_value *args, uint32_t argc) {
  rd_value a = args[0], b = args[1];
  return value_from_bool(value_is_ptr(a) && value_is_ptr(b) &&
                         value_to_ptr(a)->map == value_to_ptr(b)->map);
}

/* --- %DebugPrint -------------------------------------------------------------------------- */
#define DP_MAX_ITEMS 64   /* properties and elements listed before "..." */

static const char *space_name(rd_value v) {
  Page *pg = page_of_value(v);
  if (page_has(pg, PAGE_YOUNG)) return "NewSpace";
  if (page_has(pg, PAGE_LARGE)) return "LargeObjectSpace";
  if (page_has(pg, PAGE_CODE)) return "CodeSpace";
  return "OldSpace";
}

static void print_number(FILE *f, double d) {
  char buf[NUM_TO_STRING_MAX];
  num_to_string(d, buf);
  if (d == 0 && 1 / d < 0) strcpy(buf, "-0");
  fputs(buf, f);
}

static void print_string(FILE *f, rd_value s, uint32_t max) {
  char *u = string_to_utf8(s, NULL);
  if (!u) {
    fputs("<?>", f);
    return;
  }
  if (strlen(u) > max) {
    u[max] = 0;
    fprintf(f, "%s...", u);
  } else {
    fputs(u, f);
  }
  free(u);
}

/* One line's worth of a value: primitives by value, objects by type and address. */
static void print_brief(FILE *f, rd_value v) {
  if (v == VALUE_EMPTY) fputs("<the_hole>", f);
  else if (value_is_int32(v)) fprintf(f, "%d", value_to_int32(v));
  else if (value_is_number(v)) print_number(f, value_to_number(v));
  else if (v == VALUE_UNDEFINED) fputs("<undefined>", f);
  else if (v == VALUE_NULL) fputs("<null>", f);
  else if (v == VALUE_TRUE) fputs("<true>", f);
  else if (v == VALUE_FALSE) fputs("<false>", f);
  else if (!value_is_ptr(v)) fprintf(f, "<special 0x%llx>", (unsigned long long)v);
  else if (value_is_string(v)) {
    fputc(instance_type_is_internalized(value_instance_type(v)) ? '#' : '"', f);
    print_string(f, v, 40);
    if (!instance_type_is_internalized(value_instance_type(v))) fputc('"', f);
  } else if (value_is_bigint(v)) {
    char *s = bigint_to_cstr(v, 10);
    fprintf(f, "<BigInt: %.60s%s>", s ? s : "?", s && strlen(s) > 60 ? "..." : "");
    free(s);
  } else if (value_is_symbol(v)) {
    Symbol *s = (Symbol *)value_to_ptr(v);
    fprintf(f, "<Symbol%s: ", (value_to_int32(s->flags) & SYMBOL_PRIVATE) ? " (private)" : "");
    if (value_is_string(s->description)) print_string(f, s->description, 40);
    fputc('>', f);
  } else if (value_has_type(v, TYPE_JS_FUNCTION)) {
    fprintf(f, "%p <JSFunction ", (void *)value_to_ptr(v));
    SharedFunctionInfo *s = SFI_OF(v);
    if (value_is_string(s->name) && string_length(s->name)) print_string(f, s->name, 40);
    else fputs("(anonymous)", f);
    fputc('>', f);
  } else if (value_has_type(v, TYPE_FIXED_ARRAY) || value_has_type(v, TYPE_FIXED_DOUBLE_ARRAY)) {
    fprintf(f, "%p <%s[%d]>", (void *)value_to_ptr(v), instance_type_names[value_instance_type(v)],
            value_to_int32(FIXED_ARRAY(v)->length));
  } else {
    fprintf(f, "%p <%s>", (void *)value_to_ptr(v), instance_type_names[value_instance_type(v)]);
  }
}

static void print_details(FILE *f, PropertyDetails d, bool fast) {
  fprintf(f, " (%s%s, %c%c%c", details_kind(d) == PROPERTY_KIND_ACCESSOR ? "accessor" : "data",
          fast ? (details_location(d) == PROPERTY_LOCATION_FIELD ? " field" : " descriptor") : "",
          details_writable(d) ? 'w' : '-', details_enumerable(d) ? 'e' : '-',
          details_configurable(d) ? 'c' : '-');
  if (fast && details_location(d) == PROPERTY_LOCATION_FIELD)
    fprintf(f, ", %s, index %u", representation_names[details_rep(d)], details_index(d));
  fputc(')', f);
}

static void print_properties(FILE *f, rd_value obj) {
  rd_value map = value_from_ptr(heap_object_map(value_to_ptr(obj)));
  fputs(" - All own properties (excluding elements): {\n", f);
  uint32_t shown = 0;
  if (object_is_dictionary_mode(obj)) {
    rd_value d = JS_OBJECT(obj)->properties;
    if (value_has_type(d, TYPE_NAME_DICTIONARY)) {
      for (uint32_t e = 0; e < dictionary_capacity(d) && shown < DP_MAX_ITEMS; e++) {
        if (!dictionary_is_live(d, e)) continue;
        fputs("    ", f);
        print_brief(f, dictionary_key_at(d, e));
        fputs(": ", f);
        rd_value v = dictionary_value_at(d, e);
        if (value_has_type(v, TYPE_PROPERTY_CELL)) {
          fputs("cell ", f);
          v = ((PropertyCell *)value_to_ptr(v))->value;
        }
        print_brief(f, v);
        print_details(f, dictionary_details_at(d, e), false);
        fputc('\n', f);
        shown++;
      }
    }
  } else {
    Map *m = MAP(map);
    for (uint32_t i = 0; i < m->own_descriptors && shown < DP_MAX_ITEMS; i++, shown++) {
      PropertyDetails d = map_descriptor_details(map, i);
      fputs("    ", f);
      print_brief(f, map_descriptor_key(map, i));
      fputs(": ", f);
      if (details_location(d) == PROPERTY_LOCATION_FIELD) {
        print_brief(f, *object_field_slot(obj, details_index(d)));
        print_details(f, d, true);
        fputs(details_index(d) < m->inobject_properties ? ", in-object" : ", properties[]", f);
      } else {
        print_brief(f, map_descriptor_value(map, i));
        print_details(f, d, true);
      }
      fputc('\n', f);
    }
  }
  if (shown == DP_MAX_ITEMS) fputs("    ...\n", f);
  fputs(" }\n", f);
}

/* Elements as V8 shows them: index ranges of equal values on one line. */
static void print_elements(FILE *f, rd_value obj) {
  rd_value el = JS_OBJECT(obj)->elements;
  ElementsKind k = object_elements_kind(obj);
  fputs(" - elements: {\n", f);
  if (k == ELEMENTS_DICTIONARY) {
    if (value_has_type(el, TYPE_NUMBER_DICTIONARY)) {
      uint32_t shown = 0;
      for (uint32_t e = 0; e < dictionary_capacity(el) && shown < DP_MAX_ITEMS; e++) {
        if (!dictionary_is_live(el, e)) continue;
        shown++;
        fputs("    ", f);
        print_brief(f, dictionary_key_at(el, e));
        fputs(": ", f);
        print_brief(f, dictionary_value_at(el, e));
        print_details(f, dictionary_details_at(el, e), false);
        fputc('\n', f);
      }
    }
  } else if (value_has_type(el, TYPE_FIXED_ARRAY) || value_has_type(el, TYPE_FIXED_DOUBLE_ARRAY)) {
    bool dbl = value_has_type(el, TYPE_FIXED_DOUBLE_ARRAY);
    uint32_t n = (uint32_t)value_to_int32(FIXED_ARRAY(el)->length), lines = 0;
    for (uint32_t i = 0; i < n && lines < DP_MAX_ITEMS; lines++) {
      uint64_t bits = dbl ? FIXED_DOUBLE_ARRAY(el)->bits[i] : FIXED_ARRAY(el)->data[i];
      uint32_t j = i + 1;
      while (j < n && (dbl ? FIXED_DOUBLE_ARRAY(el)->bits[j] : FIXED_ARRAY(el)->data[j]) == bits) j++;
      if (j - i > 1) fprintf(f, "    %u-%u: ", i, j - 1);
      else fprintf(f, "    %u: ", i);
      if (dbl) {
        if (bits == VALUE_HOLE_NAN_BITS) fputs("<the_hole>", f);
        else print_number(f, bits_double(bits));
      } else {
        print_brief(f, (rd_value)bits);
      }
      fputc('\n', f);
      i = j;
    }
    if (lines == DP_MAX_ITEMS) fputs("    ...\n", f);
  }
  fputs(" }\n", f);
}

static void print_function(FILE *f, rd_value fn) {
  SharedFunctionInfo *s = SFI_OF(fn);
  JSFunction *jf = (JSFunction *)value_to_ptr(fn);
  fprintf(f, " - shared_info: %p <SharedFunctionInfo ", (void *)s);
  if (value_is_string(s->name) && string_length(s->name)) print_string(f, s->name, 60);
  else fputs("(anonymous)", f);
  fputs(">\n", f);
  fprintf(f, " - name: ");
  print_brief(f, s->name);
  fputc('\n', f);
  if (value_has_type(s->bytecode, TYPE_BYTECODE_ARRAY)) {
    BytecodeArray *ba = (BytecodeArray *)value_to_ptr(s->bytecode);
    fprintf(f, " - kind: %s\n", (value_to_int32(s->flags) & SFI_SCRIPT) ? "script" : "bytecode function");
    fprintf(f, " - bytecode: %p <BytecodeArray[%u]>, %u registers, %u parameters, %u feedback slots\n",
            (void *)ba, ba->length, ba->frame_size, ba->parameter_count, ba->feedback_slots);
  } else {
    fputs(" - kind: native (built-in)\n - bytecode: none\n", f);
  }
  fputs(" - optimized code: none\n", f);
  fputs(" - feedback vector: ", f);
  if (jf->feedback == VALUE_UNDEFINED) fputs("not allocated yet\n", f);
  else fprintf(f, "%p <FeedbackVector[%d]>\n", (void *)value_to_ptr(jf->feedback),
               value_to_int32(FIXED_ARRAY(jf->feedback)->length));
  uint32_t fl = (uint32_t)value_to_int32(s->flags);
  uint32_t marks =
      SFI_NEVER_OPTIMIZE | SFI_PREPARED_FOR_OPTIMIZATION | SFI_MARKED_FOR_OPTIMIZATION | SFI_MARKED_FOR_OSR;
  fprintf(f, " - optimization state:%s%s%s%s%s\n", (fl & SFI_NEVER_OPTIMIZE) ? " never-optimize" : "",
          (fl & SFI_PREPARED_FOR_OPTIMIZATION) ? " prepared" : "",
          (fl & SFI_MARKED_FOR_OPTIMIZATION) ? " marked-for-optimization" : "",
          (fl & SFI_MARKED_FOR_OSR) ? " marked-for-osr" : "",
          (fl & marks) ? "" : " none");
  fprintf(f, " - deopt count: %d\n", value_is_int32(s->deopt_count) ? value_to_int32(s->deopt_count) : 0);
  fputs(" - context: ", f);
  print_brief(f, jf->context);
  fputc('\n', f);
}

static void print_map(FILE *f, Map *m) {
  fprintf(f, "%p: [Map] in %s\n", (void *)m, space_name(value_from_ptr(m)));
  fprintf(f, " - type: %s\n", m->instance_type < TYPE_COUNT ? instance_type_names[m->instance_type] : "?");
  fprintf(f, " - instance size: %u\n", m->instance_size);
  if (instance_type_is_js_object((InstanceType)m->instance_type)) {
    fprintf(f, " - inobject properties: %u\n", m->inobject_properties);
    fprintf(f, " - elements kind: %s\n",
            m->elements_kind < ELEMENTS_KIND_COUNT ? elements_kind_names[m->elements_kind] : "?");
    fprintf(f, " - own descriptors: %u\n", m->own_descriptors);
    fprintf(f, " -%s%s%s%s%s\n", (m->bit_field & MAP_DICTIONARY) ? " dictionary_map" : " fast_map",
            (m->bit_field & MAP_STABLE) ? " stable_map" : "",
            (m->bit_field & MAP_EXTENSIBLE) ? " extensible" : " non-extensible",
            (m->bit_field & MAP_IS_PROTOTYPE) ? " prototype_map" : "",
            (m->bit_field & MAP_CALLABLE) ? " callable" : "");
    fputs(" - back pointer: ", f);
    print_brief(f, m->back_pointer);
    fputs("\n - prototype: ", f);
    print_brief(f, m->prototype);
    fputc('\n', f);
  }
}

static void debug_print(FILE *f, rd_value v) {
  if (value_is_int32(v)) {
    fprintf(f, "DebugPrint: Smi: 0x%x (%d)\n", (uint32_t)value_to_int32(v), value_to_int32(v));
    return;
  }
  if (value_is_number(v)) {
    fputs("DebugPrint: Number: ", f);
    print_number(f, value_to_number(v));
    fputs(" (double, unboxed)\n", f);
    return;
  }
  if (!value_is_ptr(v)) {
    fputs("DebugPrint: [Oddball]: ", f);
    print_brief(f, v);
    fputc('\n', f);
    return;
  }
  InstanceType t = value_instance_type(v);
  Map *m = heap_object_map(value_to_ptr(v));
  fprintf(f, "DebugPrint: %p: [%s] in %s\n", (void *)value_to_ptr(v), instance_type_names[t], space_name(v));
  fprintf(f, " - map: %p", (void *)m);
  if (instance_type_is_js_object(t)) {
    fprintf(f, " <Map(%s)> [%s]\n", elements_kind_names[object_elements_kind(v)],
            object_is_dictionary_mode(v) ? "DictionaryProperties" : "FastProperties");
    fputs(" - prototype: ", f);
    print_brief(f, m->prototype);
    fputc('\n', f);
    fputs(" - elements: ", f);
    print_brief(f, JS_OBJECT(v)->elements);
    fprintf(f, " [%s]\n", elements_kind_names[object_elements_kind(v)]);
    if (t == TYPE_JS_ARRAY) {
      fputs(" - length: ", f);
      print_brief(f, JS_ARRAY(v)->length);
      fputc('\n', f);
    }
    if (t == TYPE_JS_FUNCTION) print_function(f, v);
    if (t == TYPE_JS_PRIMITIVE_WRAPPER || t == TYPE_JS_DATE) {
      fputs(" - value: ", f);
      print_brief(f, ((JSPrimitiveWrapper *)value_to_ptr(v))->value);
      fputc('\n', f);
    }
    fputs(" - properties: ", f);
    print_brief(f, JS_OBJECT(v)->properties);
    fputc('\n', f);
    if (t != TYPE_JS_MODULE_NAMESPACE) print_properties(f, v);
    if (t != TYPE_JS_MODULE_NAMESPACE) print_elements(f, v);
  } else {
    fputc('\n', f);
    if (instance_type_is_string(t)) {
      fprintf(f, " - length: %u\n - value: ", string_length(v));
      print_brief(f, v);
      fputc('\n', f);
    } else if (t == TYPE_SYMBOL || t == TYPE_BIGINT) {
      if (t == TYPE_BIGINT) fprintf(f, " - length: %u limbs\n", ((BigInt *)value_to_ptr(v))->length);
      fputs(" - value: ", f);
      print_brief(f, v);
      fputc('\n', f);
    } else if (t == TYPE_SHARED_FUNCTION_INFO) {
      fputs(" - name: ", f);
      print_brief(f, ((SharedFunctionInfo *)value_to_ptr(v))->name);
      fputc('\n', f);
    }
  }
  print_map(f, m);
}

/* %DebugPrint(x [, stream]): the second argument (V8's output stream) is
 * accepted and ignored; the dump goes to stdout. Returns x. */
static rd_value native_debug_print(Runtime *rt, rd_value *args, uint32_t argc) {
  if (!check_argc(rt, argc, 1, 2, "DebugPrint")) return VALUE_EMPTY;
  debug_print(stdout, args[0]);
  fflush(stdout);
  return args[0];
}
