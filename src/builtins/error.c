/*
 * error.c - Error and its native subclasses (TypeError, RangeError, ...):
 * constructors with message and options.cause, %Error.prototype%.toString,
 * the prototypes kept by kind in ROOT error_prototypes, and builtins_make_error, through
 * which js_throw raises every engine error. Every error made here gets an
 * own `stack` (writable, configurable, not enumerable; V8's format, see
 * interp/stack_trace.h) unless Error.stackTraceLimit is not a number;
 * Error.captureStackTrace(obj[, fn]) installs one on any object.
 * Error.isError(v) tests [[ErrorData]] (MAP_ERROR_DATA). SuppressedError
 * (explicit resource management) has its own constructor (error,
 * suppressed, message) and is what DisposeResources throws when a disposal
 * fails during another exception (builtins_make_suppressed_error).
 *
 * AggregateError (errors, message, options) keeps the list of its iterable
 * as an own "errors" array; Promise.any rejects with one
 * (builtins_make_aggregate_error).
 *
 * ROOT error_prototypes: [prototype per ErrorKind..., %Error%, the map of
 * Error instances, %SuppressedError.prototype%, %AggregateError.prototype%]
 * (%Error% is the constructor whose stackTraceLimit is read).
 */
#include "builtins/builtins.h"
#include "builtins/library.h"
#include "interp/stack_trace.h"
#include "objects/factory.h"
#include "objects/string.h"

#define ERROR_CTOR_SLOT ERROR_KIND_COUNT   /* %Error% in ROOT error_prototypes */
#define ERROR_MAP_SLOT (ERROR_KIND_COUNT + 1)   /* root map of Error instances (MAP_ERROR_DATA) */
#define ERROR_SUPPRESSED_SLOT (ERROR_KIND_COUNT + 2)   /* %SuppressedError.prototype% */
#define ERROR_AGGREGATE_SLOT (ERROR_KIND_COUNT + 3)    /* %AggregateError.prototype% */
#define ERROR_SLOTS (ERROR_KIND_COUNT + 4)

/* A new Error instance (it has [[ErrorData]]) whose prototype is *proto. */
static rd_value error_object_new(Runtime *rt, Handle proto) {
  HANDLE_SCOPE(rt);
  Handle map = handle_new(rt, FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_MAP_SLOT]);
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  Handle ho = handle_new(rt, o);
  if (object_set_prototype(rt, ho, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return *ho;
}

static const char *const error_names[ERROR_KIND_COUNT] = {
#define X(name) #name,
    ERROR_KIND_LIST(X)
#undef X
};

/* Error.stackTraceLimit as a frame count; false when it is not a number
 * (then no stack is captured). 10 before %Error% exists. */
static bool stack_limit(Runtime *rt, uint32_t *limit) {
  *limit = STACK_TRACE_DEFAULT_LIMIT;
  rd_value protos = ROOT(rt, error_prototypes);
  if (!value_is_ptr(protos) || fixed_array_length(protos) <= ERROR_CTOR_SLOT) return true;
  rd_value ctor = FIXED_ARRAY(protos)->data[ERROR_CTOR_SLOT];
  if (!value_is_js_object(ctor)) return true;
  PropertyLookup l;
  rd_value key = string_internalize_cstr(rt, "stackTraceLimit");
  if (!key) {
    runtime_clear_exception(rt);
    return true;
  }
  ctor = FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_CTOR_SLOT];
  if (!object_lookup_own(rt, ctor, key, &l) || details_kind(l.details) == PROPERTY_KIND_ACCESSOR) return false;
  rd_value v = object_lookup_value(ctor, &l);
  if (!v || !value_is_number(v)) return false;
  double d = value_to_number(v);
  *limit = d != d || d <= 0 ? 0 : d >= 10000 ? 10000 : (uint32_t)d;
  return true;
}

/* Defines obj.stack: its header line then the frames of the running code.
 * show_native: see stack_trace_capture; skip_fn: captureStackTrace's. */
static bool install_stack(Runtime *rt, Handle obj, bool show_native, Handle skip_fn) {
  uint32_t limit;
  if (!stack_limit(rt, &limit)) return true;
  HANDLE_SCOPE(rt);
  Handle head = handle_new(rt, stack_trace_string(rt, obj, limit, show_native, skip_fn));
  if (!*head) return false;
  Handle key = handle_new(rt, string_internalize_cstr(rt, "stack"));
  if (!*key) return false;
  PropertyStatus st = object_define_own(rt, obj, key, head, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE);
  if (st == PROPERTY_EXCEPTION) return false;
  if (st == PROPERTY_REJECTED) {
    js_throw(rt, ERROR_TypeError, "Cannot define property stack, object is not extensible");
    return false;
  }
  return true;
}

rd_value builtins_make_error(Runtime *rt, ErrorKind kind, Handle message) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, FIXED_ARRAY(ROOT(rt, error_prototypes))->data[kind]);
  rd_value e = error_object_new(rt, proto);
  if (!e) return VALUE_EMPTY;
  Handle he = handle_new(rt, e);
  if (message && *message != VALUE_UNDEFINED &&
      !builtins_define(rt, he, "message", message, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
    return VALUE_EMPTY;
  if (!install_stack(rt, he, true, NULL)) return VALUE_EMPTY;
  return *he;
}

/* The kind of an error constructor: kept in its native info's data. */
static ErrorKind ctor_kind(NativeArgs *a) {
  SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*a->function))->shared);
  return (ErrorKind)value_to_int32(((NativeFunctionInfo *)value_to_ptr(sfi->native))->data);
}

/* The message property of the error constructors: ToString(message)
 * unless it is undefined. */
static bool install_message(Runtime *rt, Handle e, rd_value message) {
  if (message == VALUE_UNDEFINED) return true;
  HANDLE_SCOPE(rt);
  Handle m = handle_new(rt, message);
  if (!(*m = js_to_string(rt, m))) return false;
  return builtins_define(rt, e, "message", m, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE);
}

/* InstallErrorCause(e, options). */
static bool install_cause(Runtime *rt, Handle e, rd_value options) {
  if (!value_is_js_object(options)) return true;
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, options);
  Handle key = handle_new(rt, string_internalize_cstr(rt, "cause"));
  if (!*key) return false;
  rd_value has = js_has_property(rt, o, key);
  if (!has) return false;
  if (has != VALUE_TRUE) return true;
  Handle c = handle_new(rt, js_get(rt, o, key));
  return *c && builtins_define(rt, e, "cause", c, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE);
}

static rd_value error_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  ErrorKind kind = ctor_kind(a);
  /* OrdinaryCreateFromConstructor(newTarget, "%Error.prototype%") */
  Handle proto = handle_new(rt, FIXED_ARRAY(ROOT(rt, error_prototypes))->data[kind]);
  if (*a->new_target != VALUE_UNDEFINED && *a->new_target != *a->function) {
    Handle key = handle_new(rt, ROOT(rt, prototype_string));
    rd_value p = js_get(rt, a->new_target, key);
    if (!p) return VALUE_EMPTY;
    if (value_is_js_object(p)) *proto = p;
  }
  Handle e = handle_new(rt, error_object_new(rt, proto));
  if (!*e) return VALUE_EMPTY;
  if (!install_message(rt, e, native_arg(a, 0)) || !install_cause(rt, e, native_arg(a, 1)) ||
      !install_stack(rt, e, false, NULL))
    return VALUE_EMPTY;
  return *e;
}

/* Defines the non-enumerable data properties "error" and "suppressed" of e. */
static bool define_suppressed(Runtime *rt, Handle e, Handle error, Handle suppressed) {
  return builtins_define(rt, e, "error", error, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) &&
         builtins_define(rt, e, "suppressed", suppressed, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE);
}

/* SuppressedError ( error, suppressed, message ). */
static rd_value suppressed_error_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_SUPPRESSED_SLOT]));
  if (!*proto) return VALUE_EMPTY;
  Handle e = handle_new(rt, error_object_new(rt, proto));
  if (!*e || !install_message(rt, e, native_arg(a, 2))) return VALUE_EMPTY;
  Handle error = handle_new(rt, native_arg(a, 0));
  Handle suppressed = handle_new(rt, native_arg(a, 1));
  if (!define_suppressed(rt, e, error, suppressed) || !install_stack(rt, e, false, NULL)) return VALUE_EMPTY;
  return *e;
}

rd_value builtins_make_suppressed_error(Runtime *rt, Handle error, Handle suppressed) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_SUPPRESSED_SLOT]);
  Handle e = handle_new(rt, error_object_new(rt, proto));
  if (!*e || !define_suppressed(rt, e, error, suppressed) || !install_stack(rt, e, true, NULL)) return VALUE_EMPTY;
  return *e;
}

/* IterableToList(items) as a JS array. */
static rd_value iterable_to_array(Runtime *rt, Handle items) {
  HANDLE_SCOPE(rt);
  Handle key = handle_new(rt, ROOT(rt, symbol_iterator));
  Handle method = handle_new(rt, lib_get_method(rt, items, key));
  if (!*method) return VALUE_EMPTY;
  if (*method == VALUE_UNDEFINED) return js_throw(rt, ERROR_TypeError, "AggregateError: errors is not iterable");
  Handle iter = handle_new(rt, VALUE_UNDEFINED), next = handle_new(rt, VALUE_UNDEFINED);
  Handle list = handle_new(rt, array_new(rt, ELEMENTS_PACKED, 0));
  if (!*list || !lib_get_iterator(rt, items, method, iter, next)) return VALUE_EMPTY;
  for (uint32_t i = 0;; i++) {
    bool done;
    Handle v = handle_new(rt, lib_iterator_step(rt, iter, next, &done));
    if (!*v) return VALUE_EMPTY;
    if (done) return *list;
    if (element_set(rt, list, i, v) != PROPERTY_OK) return VALUE_EMPTY;
  }
}

/* AggregateError ( errors, message [ , options ] ). */
static rd_value aggregate_error_ctor(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_AGGREGATE_SLOT]));
  if (!*proto) return VALUE_EMPTY;
  Handle e = handle_new(rt, error_object_new(rt, proto));
  if (!*e || !install_message(rt, e, native_arg(a, 1)) || !install_cause(rt, e, native_arg(a, 2))) return VALUE_EMPTY;
  Handle errors = handle_new(rt, native_arg(a, 0));
  Handle list = handle_new(rt, iterable_to_array(rt, errors));
  if (!*list || !builtins_define(rt, e, "errors", list, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) ||
      !install_stack(rt, e, false, NULL))
    return VALUE_EMPTY;
  return *e;
}

rd_value builtins_make_aggregate_error(Runtime *rt, Handle errors, Handle message) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_AGGREGATE_SLOT]);
  Handle e = handle_new(rt, error_object_new(rt, proto));
  if (!*e || !builtins_define(rt, e, "message", message, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) ||
      !builtins_define(rt, e, "errors", errors, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) ||
      !install_stack(rt, e, true, NULL))
    return VALUE_EMPTY;
  return *e;
}

/* Error.isError(arg): arg has an [[ErrorData]] internal slot. */
static rd_value error_is_error(Runtime *rt, NativeArgs *a) {
  (void)rt;
  rd_value v = native_arg(a, 0);
  return value_from_bool(value_is_js_object(v) && (heap_object_map(value_to_ptr(v))->bit_field & MAP_ERROR_DATA));
}

/* An error constructor of its own (SuppressedError, AggregateError) and its
 * prototype (inheriting from %Error% and %Error.prototype%), the prototype
 * kept in slot of ROOT error_prototypes. */
static bool init_error_subclass(Runtime *rt, Handle error_ctor, Handle error_proto, const char *name_str,
                                NativeFn ctor, uint32_t length, uint32_t slot) {
  HANDLE_SCOPE(rt);
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, error_proto));
  if (!*proto) return false;
  HEAP_STORE(value_to_ptr(ROOT(rt, error_prototypes)), FIXED_ARRAY(ROOT(rt, error_prototypes))->data[slot], *proto);
  Handle c = handle_new(rt, builtins_constructor(rt, name_str, ctor, length, proto));
  if (!*c || object_set_prototype(rt, c, error_ctor) != PROPERTY_OK) return false;
  Handle name = handle_new(rt, string_internalize_cstr(rt, name_str));
  Handle empty = handle_new(rt, ROOT(rt, empty_string));
  return *name && builtins_define(rt, proto, "name", name, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) &&
         builtins_define(rt, proto, "message", empty, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) &&
         builtins_define_global(rt, name_str, c);
}

/* Error.captureStackTrace(obj[, fn]) (V8): defines obj.stack; frames up to
 * and including the innermost call of fn are left out. */
static rd_value error_capture_stack_trace(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(native_arg(a, 0)))
    return js_throw(rt, ERROR_TypeError, "Error.captureStackTrace: invalid argument");
  HANDLE_SCOPE(rt);
  Handle obj = handle_new(rt, a->argv[0]);
  Handle fn = handle_new(rt, native_arg(a, 1));
  if (!install_stack(rt, obj, false, value_is_callable(*fn) ? fn : NULL)) return VALUE_EMPTY;
  return VALUE_UNDEFINED;
}

/* Error.prototype.toString. */
static rd_value error_to_string(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(*a->receiver)) return js_throw(rt, ERROR_TypeError, "Error.prototype.toString called on a non-object");
  HANDLE_SCOPE(rt);
  Handle nk = handle_new(rt, string_internalize_cstr(rt, "name"));
  Handle mk = handle_new(rt, string_internalize_cstr(rt, "message"));
  Handle name = handle_new(rt, js_get(rt, a->receiver, nk));
  if (!*name) return VALUE_EMPTY;
  *name = *name == VALUE_UNDEFINED ? string_internalize_cstr(rt, "Error") : js_to_string(rt, name);
  if (!*name) return VALUE_EMPTY;
  Handle msg = handle_new(rt, js_get(rt, a->receiver, mk));
  if (!*msg) return VALUE_EMPTY;
  *msg = *msg == VALUE_UNDEFINED ? ROOT(rt, empty_string) : js_to_string(rt, msg);
  if (!*msg) return VALUE_EMPTY;
  if (string_length(*name) == 0) return *msg;
  if (string_length(*msg) == 0) return *name;
  Handle sep = handle_new(rt, string_from_cstr(rt, ": "));
  if (!*sep) return VALUE_EMPTY;
  rd_value s = string_concat(rt, name, sep);
  if (!s) return VALUE_EMPTY;
  *name = s;
  return string_concat(rt, name, msg);
}

bool builtins_init_error(Runtime *rt) {
  HANDLE_SCOPE(rt);
  rd_value protos = factory_fixed_array(rt, ERROR_SLOTS, VALUE_UNDEFINED, ALLOC_OLD);
  if (!protos) return false;
  rt->roots[ROOT_error_prototypes] = protos;
  rd_value em = factory_map(rt, TYPE_JS_OBJECT, 8 * (JS_OBJECT_HEADER_WORDS + 4), 4, ROOT_SLOT(rt, object_prototype));
  if (!em) return false;
  MAP(em)->bit_field |= MAP_ERROR_DATA;
  HEAP_STORE(value_to_ptr(ROOT(rt, error_prototypes)), FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_MAP_SLOT], em);
  Handle base_ctor = handle_new(rt, VALUE_UNDEFINED);
  for (int k = 0; k < ERROR_KIND_COUNT; k++) {
    HANDLE_SCOPE(rt);
    Handle parent = handle_new(rt, k == ERROR_Error ? ROOT(rt, object_prototype)
                                                    : FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_Error]);
    Handle proto = handle_new(rt, builtins_object_with_proto(rt, parent));
    if (!*proto) return false;
    HEAP_STORE(value_to_ptr(ROOT(rt, error_prototypes)), FIXED_ARRAY(ROOT(rt, error_prototypes))->data[k], *proto);
    rd_value c = builtins_constructor(rt, error_names[k], error_ctor, 1, proto);
    if (!c) return false;
    Handle hc = handle_new(rt, c);
    SharedFunctionInfo *sfi = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(c))->shared);
    ((NativeFunctionInfo *)value_to_ptr(sfi->native))->data = value_from_int32(k);
    if (k == ERROR_Error) *base_ctor = *hc;
    else if (object_set_prototype(rt, hc, base_ctor) != PROPERTY_OK) return false;   /* TypeError.__proto__ = Error */
    Handle name = handle_new(rt, string_internalize_cstr(rt, error_names[k]));
    Handle empty = handle_new(rt, ROOT(rt, empty_string));
    if (!*name || !builtins_define(rt, proto, "name", name, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) ||
        !builtins_define(rt, proto, "message", empty, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE) ||
        !builtins_define_global(rt, error_names[k], hc))
      return false;
    if (k == ERROR_Error) {
      static const BuiltinMethod m[] = {{"toString", error_to_string, 0}};
      if (!builtins_install(rt, proto, m, 1)) return false;
      static const BuiltinMethod statics[] = {{"captureStackTrace", error_capture_stack_trace, 2},
                                              {"isError", error_is_error, 1}};
      if (!builtins_install(rt, hc, statics, ARRAY_LEN(statics))) return false;
      Handle limit = handle_new(rt, value_from_int32(STACK_TRACE_DEFAULT_LIMIT));
      if (!builtins_define(rt, hc, "stackTraceLimit", limit,
                           PROPERTY_WRITABLE | PROPERTY_ENUMERABLE | PROPERTY_CONFIGURABLE))
        return false;
      HEAP_STORE(value_to_ptr(ROOT(rt, error_prototypes)), FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_CTOR_SLOT], *hc);
    }
  }
  Handle error_proto = handle_new(rt, FIXED_ARRAY(ROOT(rt, error_prototypes))->data[ERROR_Error]);
  return init_error_subclass(rt, base_ctor, error_proto, "SuppressedError", suppressed_error_ctor, 3, ERROR_SUPPRESSED_SLOT) &&
         init_error_subclass(rt, base_ctor, error_proto, "AggregateError", aggregate_error_ctor, 2, ERROR_AGGREGATE_SLOT);
}
