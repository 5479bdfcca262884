/*
 * generators.c - the interpreter side of generators and async functions:
 * the intrinsics array (maps and prototypes the interpreter's own built-ins
 * need), generator objects (CreateGeneratorObject) and iterator results.
 * Resumption itself (interp_generator_resume) lives in interpreter.c next to
 * the dispatch loop.
 *
 * Invariant: a generator object's internal words (GEN_* in interpreter.h)
 * always hold valid values; GEN_FRAME has room for the params and registers
 * of the frame that created it, so SuspendGenerator never allocates.
 */
#include "interp/interp_ops.h"

#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"

/* --- intrinsics ------------------------------------------------------------------------- */
/* The intrinsics FixedArray, or VALUE_EMPTY when not created yet. */
static rd_value intrinsics_array(Runtime *rt) {
  rd_value a = ROOT(rt, interp_intrinsics);
  return value_has_type(a, TYPE_FIXED_ARRAY) ? a : VALUE_EMPTY;
}

rd_value interp_intrinsic(Runtime *rt, IntrinsicIndex i) {
  rd_value a = intrinsics_array(rt);
  return a ? FIXED_ARRAY(a)->data[i] : VALUE_UNDEFINED;
}

void interp_set_intrinsic(Runtime *rt, IntrinsicIndex i, rd_value v) {
  rd_value a = intrinsics_array(rt);
  CHECK(a);
  HEAP_STORE(value_to_ptr(a), FIXED_ARRAY(a)->data[i], v);
}

bool interp_intrinsics_init(Runtime *rt) {
  if (intrinsics_array(rt)) return true;
  if (!value_has_type(ROOT(rt, function_prototype), TYPE_JS_FUNCTION)) {
    js_throw(rt, ERROR_TypeError, "Function.prototype is not set up");
    return false;
  }
  rd_value a = factory_fixed_array(rt, INTRINSIC_COUNT, VALUE_UNDEFINED, ALLOC_OLD);
  if (!a) return false;
  rt->roots[ROOT_interp_intrinsics] = a;
  return true;
}

/* --- generator objects ------------------------------------------------------------------ */
bool interp_is_generator(rd_value v) {
  return value_has_type(v, TYPE_JS_OBJECT) && heap_object_map(value_to_ptr(v))->inobject_start == GEN_START &&
         value_has_type(GEN_WORD(v, GEN_FUNCTION), TYPE_JS_FUNCTION);
}

rd_value interp_generator_create(Runtime *rt, Handle fn, uint32_t frame_words) {
  HANDLE_SCOPE(rt);
  SharedFunctionInfo *s = (SharedFunctionInfo *)value_to_ptr(((JSFunction *)value_to_ptr(*fn))->shared);
  uint32_t flags = (uint32_t)value_to_int32(s->flags);
  Handle map = handle_new(rt, interp_intrinsic(rt, INTRINSIC_generator_object_map));
  if (!value_is_ptr(*map)) return js_throw(rt, ERROR_TypeError, "generators are not set up");
  Handle proto = handle_new(rt, VALUE_UNDEFINED);
  if (flags & SFI_GENERATOR) {
    rd_value p = js_get(rt, fn, ROOT_SLOT(rt, prototype_string));
    if (!p) return VALUE_EMPTY;
    if (!value_is_js_object(p))
      p = interp_intrinsic(rt, (flags & SFI_ASYNC) ? INTRINSIC_async_generator_prototype
                                                   : INTRINSIC_generator_prototype);
    *proto = p;
  }
  rd_value frame = factory_fixed_array(rt, frame_words, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!frame) return VALUE_EMPTY;
  Handle hframe = handle_new(rt, frame);
  rd_value o = factory_js_object(rt, map);
  if (!o) return VALUE_EMPTY;
  Handle ho = handle_new(rt, o);
  if (value_is_js_object(*proto) && *proto != MAP(*map)->prototype &&
      object_set_prototype(rt, ho, proto) == PROPERTY_EXCEPTION)
    return VALUE_EMPTY;
  o = *ho;
  HEAP_STORE(value_to_ptr(o), GEN_WORD(o, GEN_FUNCTION), *fn);
  HEAP_STORE(value_to_ptr(o), GEN_WORD(o, GEN_FRAME), *hframe);
  GEN_WORD(o, GEN_OFFSET) = value_from_int32(0);
  GEN_WORD(o, GEN_ARGC) = value_from_int32(0);
  GEN_WORD(o, GEN_STATE) = value_from_int32(GEN_EXECUTING);
  GEN_WORD(o, GEN_MODE) = value_from_int32(RESUME_NEXT);
  GEN_WORD(o, GEN_RAW) = value_from_int32(0);
  GEN_WORD(o, GEN_EXTRA) = value_from_int32(0);
  if ((flags & SFI_ASYNC) && !(flags & SFI_GENERATOR)) {
    rd_value p = promise_new_pending(rt);
    if (!p) return VALUE_EMPTY;
    o = *ho;
    HEAP_STORE(value_to_ptr(o), GEN_WORD(o, GEN_PROMISE), p);
  }
  return o;
}

rd_value interp_generator_object_map(Runtime *rt, Handle proto) {
  rd_value m = factory_map(rt, TYPE_JS_OBJECT, 8 * (GEN_START + 2), 2, proto);
  if (m) MAP(m)->inobject_start = GEN_START;
  return m;
}

rd_value interp_iter_result(Runtime *rt, Handle value, bool done) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, object_new(rt));
  if (!*o) return VALUE_EMPTY;
  Handle k = handle_new(rt, string_internalize_cstr(rt, "value"));
  if (!*k) return VALUE_EMPTY;
  if (object_define_own(rt, o, k, value, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  *k = string_internalize_cstr(rt, "done");
  if (!*k) return VALUE_EMPTY;
  Handle d = handle_new(rt, value_from_bool(done));
  if (object_define_own(rt, o, k, d, PROPERTY_ATTRS_DEFAULT) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return *o;
}
