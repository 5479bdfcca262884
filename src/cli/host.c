/*
 * host.c - the rondo command's host functions: print, console.log / error /
 * warn / info / debug, load(file), performance.now(), the test262 host object $262, the
 * reporting of uncaught exceptions, and Node-like formatting of values.
 *
 * Invariant: formatting never runs user code except ToString of thrown
 * values when reporting (which may itself throw: then the value's kind is
 * printed instead), and it stops at depth 2 and on cycles.
 */
#include "cli/host.h"

#include <math.h>
#include <stdlib.h>

#include "base/numconv.h"
#include "builtins/builtins.h"
#include "objects/array_buffer.h"
#include "objects/bigint.h"
#include "objects/string.h"

char *host_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (n < cap) break;
    char *nb = realloc(buf, cap * 2 + 1);
    if (!nb) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    cap *= 2;
  }
  fclose(f);
  if (buf) {
    buf[n] = 0;
    *len = n;
  }
  return buf;
}

/* --- formatting --------------------------------------------------------------- */
typedef struct Inspector {
  Runtime *rt;
  FILE *f;
  rd_value seen[16];           /* objects on the current path (cycles) */
  int depth;
} Inspector;

static void put_string(FILE *f, rd_value s, bool quoted) {
  char *u = string_to_utf8(s, NULL);
  if (!u) return;
  if (quoted) {
    fputc('\'', f);
    for (char *p = u; *p; p++) {
      if (*p == '\'' || *p == '\\') fputc('\\', f);
      if (*p == '\n') fputs("\\n", f);
      else fputc(*p, f);
    }
    fputc('\'', f);
  } else {
    fputs(u, f);
  }
  free(u);
}

static void put_number(FILE *f, rd_value v) {
  double d = value_to_number(v);
  if (d == 0 && signbit(d)) {
    fputs("-0", f);
    return;
  }
  char buf[NUM_TO_STRING_MAX];
  num_to_string(d, buf);
  fputs(buf, f);
}

/* The value of a data property key (by C name) of obj, or VALUE_EMPTY;
 * never calls getters. */
static rd_value peek(Runtime *rt, rd_value obj, rd_value key) {
  PropertyLookup l;
  for (rd_value o = obj; value_is_js_object(o); o = object_get_prototype(o)) {
    if (object_lookup_own(rt, o, key, &l)) {
      if (details_kind(l.details) == PROPERTY_KIND_ACCESSOR) return VALUE_EMPTY;
      return l.kind == LOOKUP_ARRAY_LENGTH ? value_from_number(array_length(o)) : object_lookup_value(o, &l);
    }
  }
  return VALUE_EMPTY;
}

static void inspect(Inspector *in, rd_value v, bool raw);

static void inspect_object(Inspector *in, rd_value v) {
  Runtime *rt = in->rt;
  FILE *f = in->f;
  for (int i = 0; i < in->depth; i++)
    if (in->seen[i] == v) {
      fputs("[Circular]", f);
      return;
    }
  HANDLE_SCOPE(rt);
  Handle hv = handle_new(rt, v);
  if (value_is_callable(v)) {
    rd_value name = peek(rt, v, string_internalize_cstr(rt, "name"));
    fputs("[Function", f);
    if (name && value_is_string(name) && string_length(name)) {
      fputs(": ", f);
      put_string(f, name, false);
    } else {
      fputs(" (anonymous)", f);
    }
    fputc(']', f);
    return;
  }
  /* Errors print their stack or "Name: message". */
  rd_value errproto = FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_Error];
  for (rd_value p = object_get_prototype(v); value_is_js_object(p); p = object_get_prototype(p)) {
    if (p != errproto) continue;
    rd_value stack = peek(rt, *hv, string_internalize_cstr(rt, "stack"));
    if (stack && value_is_string(stack)) {
      put_string(f, stack, false);
      return;
    }
    rd_value s = js_to_string(rt, hv);
    if (s) put_string(f, s, false);
    else runtime_clear_exception(rt);
    return;
  }
  if (value_has_type(v, TYPE_JS_DATE)) {   /* as node: the ISO string, or Invalid Date */
    double t = value_to_number(((JSDate *)value_to_ptr(v))->value);
    if (t != t) {
      fputs("Invalid Date", f);
      return;
    }
    rd_value iso = peek(rt, v, string_internalize_cstr(rt, "toISOString"));
    if (iso && value_is_callable(iso)) {
      Handle fn = handle_new(rt, iso);
      rd_value s = interp_call(rt, fn, hv, 0, NULL);
      if (s && value_is_string(s)) {
        put_string(f, s, false);
        return;
      }
      runtime_clear_exception(rt);
    }
  }
  rd_value wrapped = js_wrapped_value(v);
  if (wrapped) {
    fputs(value_is_string(wrapped)   ? "[String: "
          : value_is_number(wrapped) ? "[Number: "
          : value_is_bigint(wrapped) ? "[BigInt: "
          : value_is_symbol(wrapped) ? "[Symbol: "
                                     : "[Boolean: ", f);
    inspect(in, wrapped, false);
    fputc(']', f);
    return;
  }
  bool is_array = value_has_type(v, TYPE_JS_ARRAY);
  if (in->depth >= 3) {
    fputs(is_array ? "[Array]" : "[Object]", f);
    return;
  }
  rd_value keys = object_own_keys(rt, hv, KEYS_ENUMERABLE_STRINGS);
  if (!keys) {
    runtime_clear_exception(rt);
    return;
  }
  Handle hk = handle_new(rt, keys);
  uint32_t n = fixed_array_length(*hk);
  if (n == 0 && (!is_array || array_length(*hv) == 0)) {
    fputs(is_array ? "[]" : "{}", f);
    return;
  }
  in->seen[in->depth++] = *hv;
  fputs(is_array ? "[ " : "{ ", f);
  uint32_t printed = 0, next_index = 0;
  for (uint32_t i = 0; i < n && printed < 100; i++) {
    rd_value k = FIXED_ARRAY(*hk)->data[i];
    uint32_t index;
    bool is_index = object_key_as_index(k, &index);
    if (printed) fputs(", ", f);
    if (is_array && is_index) {
      if (index > next_index) {
        fprintf(f, "<%u empty item%s>, ", index - next_index, index - next_index > 1 ? "s" : "");
      }
      next_index = index + 1;
    } else if (value_is_number(k)) {
      fprintf(f, "'%u': ", index);
    } else if (value_is_symbol(k)) {
      fputc('[', f);
      rd_value d = ((Symbol *)value_to_ptr(k))->description;
      fputs("Symbol(", f);
      if (value_is_string(d)) put_string(f, d, false);
      fputs(")]: ", f);
    } else {
      put_string(f, k, false);
      fputs(": ", f);
    }
    rd_value val;
    if (is_index) val = element_get(*hv, index);
    else val = peek(rt, *hv, k);
    if (!val) fputs("[Getter]", f);
    else inspect(in, val, false);
    printed++;
  }
  if (is_array && array_length(*hv) > next_index && printed)
    fprintf(f, ", <%u empty item%s>", array_length(*hv) - next_index, array_length(*hv) - next_index > 1 ? "s" : "");
  fputs(is_array ? " ]" : " }", f);
  in->depth--;
}

static void inspect(Inspector *in, rd_value v, bool raw) {
  FILE *f = in->f;
  if (value_is_number(v)) put_number(f, v);
  else if (v == VALUE_UNDEFINED) fputs("undefined", f);
  else if (v == VALUE_NULL) fputs("null", f);
  else if (v == VALUE_TRUE) fputs("true", f);
  else if (v == VALUE_FALSE) fputs("false", f);
  else if (value_is_string(v)) put_string(f, v, !raw);
  else if (value_is_bigint(v)) {   /* as node: 123n */
    char *s = bigint_to_cstr(v, 10);
    fprintf(f, "%sn", s ? s : "<BigInt>");
    free(s);
  } else if (value_is_symbol(v)) {
    rd_value d = ((Symbol *)value_to_ptr(v))->description;
    fputs("Symbol(", f);
    if (value_is_string(d)) put_string(f, d, false);
    fputc(')', f);
  } else if (value_is_js_object(v)) {
    inspect_object(in, v);
  } else {
    fputs("<internal>", f);
  }
}

void host_inspect(Runtime *rt, rd_value v, FILE *f, bool top_level_raw) {
  Inspector in = {rt, f, {0}, 0};
  inspect(&in, v, top_level_raw);
}

void host_report_exception(Runtime *rt) {
  HANDLE_SCOPE(rt);
  Handle e = handle_new(rt, rt->exception);
  rt->exception = VALUE_EMPTY;
  fputs("Uncaught ", stderr);
  rd_value s = js_to_string(rt, e);
  if (s) put_string(stderr, s, false);
  else {
    runtime_clear_exception(rt);
    fputs(value_is_js_object(*e) ? "[object]" : "exception", stderr);
  }
  fputc('\n', stderr);
  if (value_is_js_object(*e)) {
    rd_value stack = peek(rt, *e, string_internalize_cstr(rt, "stack"));
    if (stack && value_is_string(stack)) {
      char *u = string_to_utf8(stack, NULL);
      /* The stack's header repeats the message (which may span lines): print the frames. */
      const char *nl = u ? strstr(u, "\n    at ") : NULL;
      if (nl) fputs(nl + 1, stderr), fputc('\n', stderr);
      free(u);
    }
  }
  fflush(stderr);
}

/* --- host functions --------------------------------------------------------------- */
/* Writes the arguments separated by spaces, then a newline. */
static rd_value write_args(Runtime *rt, NativeArgs *a, FILE *f) {
  for (uint32_t i = 0; i < a->argc; i++) {
    if (i) fputc(' ', f);
    host_inspect(rt, a->argv[i], f, true);
  }
  fputc('\n', f);
  fflush(f);
  return VALUE_UNDEFINED;
}

/* print(...): d8's print, ToString of each argument. */
static rd_value host_print(Runtime *rt, NativeArgs *a) {
  for (uint32_t i = 0; i < a->argc; i++) {
    if (i) fputc(' ', stdout);
    rd_value s = js_to_string(rt, &a->argv[i]);
    if (!s) return VALUE_EMPTY;
    put_string(stdout, s, false);
  }
  fputc('\n', stdout);
  fflush(stdout);
  return VALUE_UNDEFINED;
}

/* performance.now(): milliseconds on a monotonic clock, as d8 provides. */
static rd_value performance_now(Runtime *rt, NativeArgs *a) {
  (void)rt;
  (void)a;
  return value_from_number(heap_now_ms());
}

static rd_value console_log(Runtime *rt, NativeArgs *a) { return write_args(rt, a, stdout); }
static rd_value console_error(Runtime *rt, NativeArgs *a) { return write_args(rt, a, stderr); }

/* load(file): runs another script in the same realm. */
static rd_value host_load(Runtime *rt, NativeArgs *a) {
  rd_value s = js_to_string(rt, &a->argv[0]);
  if (!a->argc || !s) return a->argc ? VALUE_EMPTY : js_throw(rt, ERROR_TypeError, "load: no file");
  char *path = string_to_utf8(s, NULL);
  if (!path) return runtime_throw_oom(rt);
  size_t len;
  char *src = host_read_file(path, &len);
  if (!src) {
    js_throw(rt, ERROR_Error, "load: cannot read %s", path);
    free(path);
    return VALUE_EMPTY;
  }
  rd_value r = rd_eval(rt, src, len, path, 0);
  free(src);
  free(path);
  return r;
}

/* $262.evalScript(source). */
static rd_value t262_eval_script(Runtime *rt, NativeArgs *a) {
  rd_value s = js_to_string(rt, &a->argv[0]);
  if (!a->argc || !s) return a->argc ? VALUE_EMPTY : VALUE_UNDEFINED;
  size_t len;
  char *src = string_to_utf8(s, &len);
  if (!src) return runtime_throw_oom(rt);
  rd_value r = rd_eval(rt, src, len, "<evalScript>", 0);
  free(src);
  return r;
}

static rd_value t262_gc(Runtime *rt, NativeArgs *a) {
  (void)a;
  heap_collect(&rt->heap, GC_MARK_COMPACT, "$262.gc");
  return VALUE_UNDEFINED;
}

static rd_value t262_create_realm(Runtime *rt, NativeArgs *a) {
  (void)a;
  return js_throw(rt, ERROR_Error, "$262.createRealm: one realm per runtime for now");
}

/* $262.detachArrayBuffer(buffer): DetachArrayBuffer(buffer). */
static rd_value t262_detach_array_buffer(Runtime *rt, NativeArgs *a) {
  rd_value b = native_arg(a, 0);
  if (!array_buffer_is_unshared(b)) return js_throw(rt, ERROR_TypeError, "$262.detachArrayBuffer: not an ArrayBuffer");
  array_buffer_detach(rt, b);
  return VALUE_NULL;
}

bool host_install(Runtime *rt, bool test262) {
  HANDLE_SCOPE(rt);
  static const BuiltinMethod globals[] = {{"print", host_print, 0}, {"load", host_load, 1}};
  if (!builtins_install(rt, ROOT_SLOT(rt, global_object), globals, ARRAY_LEN(globals))) return false;
  Handle console = handle_new(rt, object_new(rt));
  if (!*console) return false;
  static const BuiltinMethod con[] = {{"log", console_log, 0}, {"info", console_log, 0},
                                      {"debug", console_log, 0}, {"error", console_error, 0},
                                      {"warn", console_error, 0}};
  if (!builtins_install(rt, console, con, ARRAY_LEN(con)) || !builtins_define_global(rt, "console", console))
    return false;
  Handle perf = handle_new(rt, object_new(rt));
  static const BuiltinMethod pm[] = {{"now", performance_now, 0}};
  if (!*perf || !builtins_install(rt, perf, pm, 1) || !builtins_define_global(rt, "performance", perf))
    return false;
  if (!test262) return true;
  Handle t = handle_new(rt, object_new(rt));
  if (!*t) return false;
  static const BuiltinMethod m[] = {{"evalScript", t262_eval_script, 1}, {"gc", t262_gc, 0},
                                    {"createRealm", t262_create_realm, 0},
                                    {"detachArrayBuffer", t262_detach_array_buffer, 1}};
  Handle agent = handle_new(rt, object_new(rt));
  if (!*agent || !builtins_install(rt, t, m, ARRAY_LEN(m)) ||
      !builtins_define(rt, t, "global", ROOT_SLOT(rt, global_object), PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) ||
      !builtins_define(rt, t, "agent", agent, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
    return false;
  return builtins_define_global(rt, "$262", t);
}
