/*
 * deoptimizer.c - eager deoptimization: deopt data, and deopt_translate,
 * which rebuilds interpreter frames on the VM stack from an optimized frame
 * and a register dump (docs/deopt.md).
 *
 * Order of work (the GC must never see a half-written frame):
 *   1. read the translation and write every frame's slots, outermost first,
 *      right after the outermost function's arguments; values are boxed
 *      without allocating (NaN-boxing); a captured object is left as an
 *      int32 placeholder, recorded in a C-side list, and its fields are
 *      collected into a C array; rt->sp stays at the arguments' end;
 *   2. copy the captured objects' maps and fields into a scratch area on the
 *      VM stack after the innermost frame and bump rt->sp past it: every
 *      frame is now complete and visible;
 *   3. allocate the captured objects (may collect: the scratch area and the
 *      frames are roots), fill their fields, replace the placeholders;
 *      allocate a feedback vector for an inlined function that has none;
 *   4. drop the scratch area: rt->sp = the innermost frame's register end.
 * Invariant: between 1 and 2 nothing allocates, so raw values read from the
 * optimized frame (which no safepoint describes at a deopt exit) stay valid.
 */
#include "deopt/deoptimizer.h"

#include <stdlib.h>

#include "base/flags.h"
#include "bytecode/bytecodes.h"
#include "interp/interp_ops.h"
#include "interp/interpreter.h"
#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "runtime/ops.h"

const char *const deopt_kind_names[DEOPT_KIND_COUNT] = {
#define X(name, text) text,
    DEOPT_KIND_LIST(X)
#undef X
};
DeoptStats deopt_stats;

#define I32(v) value_to_int32(v)
#define SFI(v) ((SharedFunctionInfo *)value_to_ptr(v))
#define BYTECODE(v) ((BytecodeArray *)value_to_ptr(v))
#define FN(v) ((JSFunction *)value_to_ptr(v))

/* --- deoptimization data ------------------------------------------------------------ */
rd_value deopt_data_new(Runtime *rt, Handle translations, Handle literals, const DeoptPoint *points,
                        uint32_t count) {
  rd_value d = factory_fixed_array(rt, DEOPT_DATA_HEADER_WORDS + DEOPT_POINT_WORDS * count,
                                   VALUE_UNDEFINED, ALLOC_OLD);
  if (!d) return VALUE_EMPTY;
  FixedArray *fa = FIXED_ARRAY(d);
  HEAP_STORE(fa, fa->data[DEOPT_DATA_TRANSLATIONS], *translations);
  HEAP_STORE(fa, fa->data[DEOPT_DATA_LITERALS], *literals);
  fa->data[DEOPT_DATA_POINT_COUNT] = value_from_int32((int32_t)count);
  for (uint32_t i = 0; i < count; i++) {
    rd_value *w = &fa->data[DEOPT_DATA_HEADER_WORDS + DEOPT_POINT_WORDS * i];
    w[DEOPT_POINT_OFFSET] = value_from_int32((int32_t)points[i].bytecode_offset);
    w[DEOPT_POINT_TRANSLATION] = value_from_int32((int32_t)points[i].translation_index);
    w[DEOPT_POINT_KIND_REASON] = value_from_int32((int32_t)points[i].kind | (int32_t)points[i].reason << 8);
    w[DEOPT_POINT_PC] = value_from_int32(points[i].pc_offset);
  }
  return d;
}

uint32_t deopt_data_point_count(rd_value data) {
  FixedArray *fa = FIXED_ARRAY(data);
  if (I32(fa->length) < DEOPT_DATA_HEADER_WORDS) return 0;
  return (uint32_t)I32(fa->data[DEOPT_DATA_POINT_COUNT]);
}

DeoptPoint deopt_data_point(rd_value data, uint32_t id) {
  CHECK(id < deopt_data_point_count(data));
  rd_value *w = &FIXED_ARRAY(data)->data[DEOPT_DATA_HEADER_WORDS + DEOPT_POINT_WORDS * id];
  int32_t kr = I32(w[DEOPT_POINT_KIND_REASON]);
  DeoptPoint p = {(uint32_t)I32(w[DEOPT_POINT_OFFSET]), (uint32_t)I32(w[DEOPT_POINT_TRANSLATION]),
                  (DeoptKind)(kr & 0xff), (DeoptReason)(kr >> 8), I32(w[DEOPT_POINT_PC])};
  return p;
}

/* Prints a value briefly (literals in the dump). */
static void print_literal(FILE *out, rd_value v) {
  if (value_is_int32(v)) fprintf(out, "%d", I32(v));
  else if (value_is_double(v)) fprintf(out, "%g", value_to_double(v));
  else if (v == VALUE_UNDEFINED) fputs("undefined", out);
  else if (v == VALUE_NULL) fputs("null", out);
  else if (v == VALUE_TRUE) fputs("true", out);
  else if (v == VALUE_FALSE) fputs("false", out);
  else if (v == VALUE_EMPTY) fputs("<hole>", out);
  else if (value_is_string(v)) {
    char *s = string_to_utf8(v, NULL);
    fprintf(out, "\"%s\"", s ? s : "");
    free(s);
  } else if (value_has_type(v, TYPE_SHARED_FUNCTION_INFO)) {
    char *s = string_to_utf8(SFI(v)->name, NULL);
    fprintf(out, "<SharedFunctionInfo %s>", s && *s ? s : "(anonymous)");
    free(s);
  } else if (value_has_type(v, TYPE_MAP)) {
    fprintf(out, "<Map %s>", instance_type_names[(InstanceType)((Map *)value_to_ptr(v))->instance_type]);
  } else {
    fprintf(out, "<%s>", instance_type_names[value_instance_type(v)]);
  }
}

void deopt_data_print(FILE *out, rd_value data) {
  uint32_t n = deopt_data_point_count(data);
  if (n == 0) {
    fputs("deoptimization data: none\n", out);
    return;
  }
  FixedArray *fa = FIXED_ARRAY(data);
  FixedArray *lits = FIXED_ARRAY(fa->data[DEOPT_DATA_LITERALS]);
  ByteArray *tr = (ByteArray *)value_to_ptr(fa->data[DEOPT_DATA_TRANSLATIONS]);
  fprintf(out, "deoptimization data: %u points, %d literals, %d translation bytes\n", n,
          I32(lits->length), I32(tr->length));
  for (int32_t i = 0; i < I32(lits->length); i++) {
    fprintf(out, "  literal %d: ", i);
    print_literal(out, lits->data[i]);
    fputc('\n', out);
  }
  for (uint32_t i = 0; i < n; i++) {
    DeoptPoint p = deopt_data_point(data, i);
    fprintf(out, "deopt %u: %s, reason: %s, bytecode offset %u, pc %d, translation %u\n", i,
            deopt_kind_names[p.kind < DEOPT_KIND_COUNT ? p.kind : 0],
            deopt_reason_names[p.reason < DEOPT_REASON_COUNT ? p.reason : 0], p.bytecode_offset,
            p.pc_offset, p.translation_index);
    translation_print(out, tr->data, (size_t)I32(tr->length), p.translation_index);
  }
}

bool deopt_literals_init(Runtime *rt, DeoptLiterals *l) {
  l->count = 0;
  rd_value a = factory_fixed_array(rt, 8, VALUE_UNDEFINED, ALLOC_YOUNG);
  if (!a) return false;
  l->array = handle_new(rt, a);
  return true;
}

int64_t deopt_literals_add(Runtime *rt, DeoptLiterals *l, Handle v) {
  FixedArray *fa = FIXED_ARRAY(*l->array);
  for (uint32_t i = 0; i < l->count; i++)
    if (fa->data[i] == *v) return i;
  if (l->count == (uint32_t)I32(fa->length)) {
    rd_value grown = factory_copy_fixed_array(rt, l->array, 2 * l->count, VALUE_UNDEFINED);
    if (!grown) return -1;
    *l->array = grown;
    fa = FIXED_ARRAY(grown);
  }
  HEAP_STORE(fa, fa->data[l->count], *v);
  return l->count++;
}

rd_value deopt_literals_finish(Runtime *rt, DeoptLiterals *l) {
  return factory_copy_fixed_array(rt, l->array, l->count, VALUE_UNDEFINED);
}

void deopt_emit_exit(Assembler *a, uint32_t deopt_id) {
  asm_call_m(a, asm_mem(R13, (int32_t)offsetof(Runtime, deopt_entry)));
  asm_emit_bytes(a, &deopt_id, 4);
}

/* --- reading values -------------------------------------------------------------------- */
/* A field of a captured object: a value, or a reference to captured object `ref`. */
typedef struct Field {
  rd_value value;
  int32_t ref;                 /* -1: value */
} Field;
typedef struct Captured {
  rd_value map;
  uint32_t first_field, field_count;
} Captured;
typedef struct Placeholder {
  rd_value *slot;              /* a frame slot on the VM stack */
  uint32_t id;
} Placeholder;

typedef struct Translator {
  Runtime *rt;
  uintptr_t fp;
  const DeoptRegisterDump *dump;
  TranslationIterator it;
  FixedArray *literals;
  uint32_t frame_slots;        /* spill slots of the optimized frame */
  rd_value *incoming;          /* copy of the receiver and arguments as passed */
  uint32_t incoming_argc;
  uint32_t object_limit;       /* BEGIN's object count */
  Captured *objects;
  uint32_t object_count;
  Field *fields;
  uint32_t field_count, field_capacity;
  Placeholder *holders;
  uint32_t holder_count, holder_capacity;
} Translator;

/* Boxes a raw register or slot value of representation repr (never allocates). */
static rd_value box(uint64_t raw, TranslationRepr repr) {
  switch (repr) {
    case REPR_TAGGED: return (rd_value)raw;
    case REPR_INT32: return value_from_int32((int32_t)(uint32_t)raw);
    case REPR_UINT32: return value_from_number((double)(uint32_t)raw);
    case REPR_FLOAT64: return value_from_number(bits_double(raw));
    case REPR_BOOL: return value_from_bool((uint32_t)raw != 0);
    default: UNREACHABLE();
  }
}

/* The next opcode, which the translation must have (an engine bug otherwise). */
static TranslationOp next_op(Translator *t) {
  TranslationOp op;
  CHECK(translation_next(&t->it, &op));
  return op;
}

static bool read_value(Translator *t, rd_value *slot, Field *field);

/* Reads one value: into *slot (a frame slot) or *field (index fi of a captured object). */
static bool read_value_at(Translator *t, rd_value *slot, uint32_t fi) {
  if (slot) return read_value(t, slot, NULL);
  Field f = {VALUE_UNDEFINED, -1};
  if (!read_value(t, NULL, &f)) return false;
  t->fields[fi] = f;
  return true;
}

/* Grows *arr (of *cap elements of size sz) to hold n. */
static bool grow(void **arr, uint32_t *cap, uint32_t n, size_t sz) {
  if (n <= *cap) return true;
  uint32_t c = *cap ? *cap * 2 : 16;
  while (c < n) c *= 2;
  void *p = realloc(*arr, (size_t)c * sz);
  if (!p) return false;
  *arr = p;
  *cap = c;
  return true;
}

/* Reads the next value opcode into exactly one of slot / field. False on out of memory. */
static bool read_value(Translator *t, rd_value *slot, Field *field) {
  TranslationOp op = next_op(t);
  rd_value v = VALUE_UNDEFINED;
  int32_t ref = -1;
  switch (op.op) {
    case TRANSLATION_REGISTER: {
      CHECK(op.operand[0] < 16);
      TranslationRepr repr = (TranslationRepr)op.operand[1];
      v = box(repr == REPR_FLOAT64 ? t->dump->xmm[op.operand[0]] : t->dump->gpr[op.operand[0]], repr);
      break;
    }
    case TRANSLATION_STACK_SLOT: {
      int32_t index = (int32_t)op.operand[0];
      CHECK(index >= -4 && index != -3 && index < (int32_t)t->frame_slots);
      intptr_t off = (intptr_t)OPT_FRAME_FIRST_SPILL - 8 * (intptr_t)index;
      v = box(*(const uint64_t *)(t->fp + (uintptr_t)off), (TranslationRepr)op.operand[1]);
      break;
    }
    case TRANSLATION_PARAMETER:
      v = op.operand[0] <= t->incoming_argc ? t->incoming[op.operand[0]] : VALUE_UNDEFINED;
      break;
    case TRANSLATION_LITERAL:
      CHECK(op.operand[0] < (uint32_t)I32(t->literals->length));
      v = t->literals->data[op.operand[0]];
      break;
    case TRANSLATION_CAPTURED_OBJECT: {
      CHECK(t->object_count < t->object_limit && op.operand[0] < (uint32_t)I32(t->literals->length));
      uint32_t id = t->object_count++, n = op.operand[1];
      uint32_t first = t->field_count;
      if (!grow((void **)&t->fields, &t->field_capacity, first + n, sizeof(Field))) return false;
      t->field_count += n;
      t->objects[id] = (Captured){t->literals->data[op.operand[0]], first, n};
      for (uint32_t i = 0; i < n; i++)
        if (!read_value_at(t, NULL, first + i)) return false;
      ref = (int32_t)id;
      break;
    }
    case TRANSLATION_DUPLICATED_OBJECT:
      CHECK(op.operand[0] < t->object_count);
      ref = (int32_t)op.operand[0];
      break;
    default:
      CHECK(!"a value opcode");
  }
  if (field) {
    field->value = ref >= 0 ? VALUE_UNDEFINED : v;
    field->ref = ref;
    return true;
  }
  if (ref >= 0) {
    if (!grow((void **)&t->holders, &t->holder_capacity, t->holder_count + 1, sizeof(Placeholder)))
      return false;
    t->holders[t->holder_count++] = (Placeholder){slot, (uint32_t)ref};
    v = value_from_int32(0);   /* a valid value until the object exists */
  }
  *slot = v;
  return true;
}

/* The offset the interpreter continues at after the call instruction at off. */
static int32_t after_call(rd_value bytecode, uint32_t off) {
  BytecodeArray *ba = BYTECODE(bytecode);
  CHECK(off < ba->length);
  const uint8_t *op = ba->bytes + off;
  int scale = 1;
  if (*op <= BC_ExtraWide) {
    scale = *op == BC_Wide ? 2 : 4;
    op++;
  }
  return (int32_t)(op - ba->bytes) + (int32_t)bytecode_size((Bytecode)*op, scale);
}

/* Prints the --trace-deopt line; the offset is in the innermost frame's
 * function, named when it is an inlined callee. */
static void trace(rd_value function, rd_value inner, DeoptPoint p, uint32_t frames, uint32_t objects) {
  char *name = string_to_utf8(SFI(FN(function)->shared)->name, NULL);
  char *in = frames > 1 ? string_to_utf8(SFI(FN(inner)->shared)->name, NULL) : NULL;
  printf("[deoptimizing (%s): %s, reason: %s, bytecode offset %u%s%s, %u frame%s, %u object%s]\n",
         deopt_kind_names[p.kind < DEOPT_KIND_COUNT ? p.kind : 0], name && *name ? name : "(anonymous)",
         deopt_reason_names[p.reason < DEOPT_REASON_COUNT ? p.reason : 0], p.bytecode_offset,
         frames > 1 ? " in " : "", frames > 1 ? (in && *in ? in : "(anonymous)") : "", frames,
         frames == 1 ? "" : "s", objects, objects == 1 ? "" : "s");
  fflush(stdout);
  free(name);
  free(in);
}

/* --- the activations of an optimized frame (stack traces) ------------------------------ */
/* The next value of a translation as far as frame fp alone tells it (a
 * literal, an incoming argument, a tagged stack slot; else undefined),
 * skipping a captured object's fields; false on malformed input. */
static bool peek_value(TranslationIterator *it, FixedArray *lits, uintptr_t fp, uint32_t slots, rd_value *out) {
  TranslationOp op;
  if (!translation_next(it, &op)) return false;
  int32_t index = (int32_t)op.operand[0];
  *out = VALUE_UNDEFINED;
  switch (op.op) {
    case TRANSLATION_LITERAL:
      if (op.operand[0] >= (uint32_t)I32(lits->length)) return false;
      *out = lits->data[op.operand[0]];
      return true;
    case TRANSLATION_PARAMETER:
      if (op.operand[0] <= (uint32_t)I32(*(rd_value *)(fp + (intptr_t)OPT_FRAME_ARGC)))
        *out = (*(rd_value **)(fp + (intptr_t)OPT_FRAME_ARGS))[op.operand[0]];
      return true;
    case TRANSLATION_STACK_SLOT:
      if (op.operand[1] == REPR_TAGGED && index >= -4 && index != -3 && index < (int32_t)slots)
        *out = *(rd_value *)(fp + (uintptr_t)((intptr_t)OPT_FRAME_FIRST_SPILL - 8 * (intptr_t)index));
      return true;
    case TRANSLATION_CAPTURED_OBJECT: return translation_skip_values(it, op.operand[1]);
    case TRANSLATION_REGISTER:
    case TRANSLATION_DUPLICATED_OBJECT: return true;
    default: return false;
  }
}

uint32_t deopt_frames_at_call(rd_value code, uintptr_t fp, uintptr_t pc, DeoptFrameInfo *out, uint32_t max) {
  if (!value_has_type(code, TYPE_CODE) || !value_has_type(CODE(code)->deopt_data, TYPE_FIXED_ARRAY)) return 0;
  rd_value data = CODE(code)->deopt_data;
  uintptr_t base = (uintptr_t)CODE(code)->instructions;
  if (pc < base || pc - base > INT32_MAX) return 0;
  uint32_t id = 0, n = deopt_data_point_count(data);
  DeoptPoint p = {0};
  for (; id < n; id++) {
    p = deopt_data_point(data, id);
    if (p.kind == DEOPT_KIND_LAZY && p.pc_offset == (int32_t)(pc - base)) break;
  }
  if (id == n) return 0;
  FixedArray *dfa = FIXED_ARRAY(data), *lits = FIXED_ARRAY(dfa->data[DEOPT_DATA_LITERALS]);
  ByteArray *tr = (ByteArray *)value_to_ptr(dfa->data[DEOPT_DATA_TRANSLATIONS]);
  TranslationIterator it;
  translation_iterator_init(&it, tr->data, (size_t)I32(tr->length), p.translation_index);
  TranslationOp op;
  if (!translation_next(&it, &op) || op.op != TRANSLATION_BEGIN) return 0;
  uint32_t frames = op.operand[0];
  for (uint32_t k = 0; k < frames; k++) {   /* outermost first */
    if (!translation_next(&it, &op) || op.op != TRANSLATION_INTERPRETED_FRAME ||
        op.operand[0] >= (uint32_t)I32(lits->length))
      return 0;
    rd_value sfi = lits->data[op.operand[0]], fn, recv;
    if (!value_has_type(sfi, TYPE_SHARED_FUNCTION_INFO) ||
        !value_has_type(SFI(sfi)->bytecode, TYPE_BYTECODE_ARRAY) ||
        !peek_value(&it, lits, fp, CODE(code)->frame_slots, &fn) ||
        !peek_value(&it, lits, fp, CODE(code)->frame_slots, &recv))
      return 0;
    if (k == 0) fn = *(rd_value *)(fp + (intptr_t)OPT_FRAME_FUNCTION);
    if (frames - 1 - k < max) out[frames - 1 - k] = (DeoptFrameInfo){fn, recv, op.operand[1]};
    /* The rest: parameters, context, registers, accumulator. */
    uint32_t formals = BYTECODE(SFI(sfi)->bytecode)->parameter_count, argc = op.operand[3] ? op.operand[3] - 1 : 0;
    uint32_t rest = (k == 0 ? formals : MAX(argc, formals)) + 1 + op.operand[2] + 1;
    if (k + 1 < frames && !translation_skip_values(&it, rest)) return 0;
  }
  return MIN(frames, max);
}

/* --- the deoptimizer ------------------------------------------------------------------- */
rd_value *deopt_translate(Runtime *rt, uintptr_t fp, uint32_t deopt_id, const DeoptRegisterDump *dump) {
  /* The exit's return address (just below the rsp the dump recorded) lies in
   * the Code: the closure's FV_OPTIMIZED_CODE may already name other code
   * (unlinked or re-optimized while this activation ran). */
  uintptr_t pc = *(const uintptr_t *)(uintptr_t)(dump->gpr[RSP] - 8);
  Code *c = code_lookup_pc(rt, pc);
  return deopt_translate_code(rt, c ? value_from_ptr(c) : VALUE_EMPTY, fp, deopt_id, dump);
}

rd_value *deopt_translate_lazy(Runtime *rt, uintptr_t fp, uintptr_t pc, const DeoptRegisterDump *dump) {
  Code *c = code_lookup_pc(rt, pc);
  CHECK(c && c->kind == CODE_KIND_OPTIMIZED);
  int32_t offset = (int32_t)(pc - (uintptr_t)c->instructions);
  for (uint32_t i = 0, n = deopt_data_point_count(c->deopt_data); i < n; i++) {
    DeoptPoint p = deopt_data_point(c->deopt_data, i);
    if (p.kind == DEOPT_KIND_LAZY && p.pc_offset == offset) return deopt_translate_code(rt, value_from_ptr(c), fp, i, dump);
  }
  FATAL("no lazy deopt point at pc offset %d", offset);
}

rd_value *deopt_translate_code(Runtime *rt, rd_value code, uintptr_t fp, uint32_t deopt_id,
                               const DeoptRegisterDump *dump) {
  rd_value function = *(rd_value *)(fp + (intptr_t)OPT_FRAME_FUNCTION);
  rd_value *args = *(rd_value **)(fp + (intptr_t)OPT_FRAME_ARGS);
  uint32_t outer_argc = (uint32_t)I32(*(rd_value *)(fp + (intptr_t)OPT_FRAME_ARGC));
  rd_value new_target = *(rd_value *)(fp + (intptr_t)OPT_FRAME_NEW_TARGET);
  if (code == VALUE_EMPTY) code = FIXED_ARRAY(FN(function)->feedback)->data[FV_OPTIMIZED_CODE];
  CHECK(value_has_type(code, TYPE_CODE));
  rd_value data = CODE(code)->deopt_data;
  DeoptPoint point = deopt_data_point(data, deopt_id);
  FixedArray *dfa = FIXED_ARRAY(data);
  ByteArray *tr = (ByteArray *)value_to_ptr(dfa->data[DEOPT_DATA_TRANSLATIONS]);

  Translator t = {0};
  t.rt = rt;
  t.fp = fp;
  t.dump = dump;
  t.literals = FIXED_ARRAY(dfa->data[DEOPT_DATA_LITERALS]);
  translation_iterator_init(&t.it, tr->data, (size_t)I32(tr->length), point.translation_index);
  TranslationOp begin = next_op(&t);
  CHECK(begin.op == TRANSLATION_BEGIN && begin.operand[0] >= 1);
  uint32_t frame_count = begin.operand[0];
  t.object_limit = begin.operand[1];
  rd_value *result = NULL, *innermost = NULL;
  bool overflow = false;
  t.frame_slots = CODE(code)->frame_slots;
  t.incoming_argc = outer_argc;
  t.objects = calloc(t.object_limit ? t.object_limit : 1, sizeof(Captured));
  t.incoming = malloc(((size_t)outer_argc + 1) * sizeof(rd_value));
  if (!t.objects || !t.incoming) goto oom;
  memcpy(t.incoming, args, ((size_t)outer_argc + 1) * sizeof(rd_value));

  /* 1. The frames, outermost first; nothing allocates on the heap. */
  rt->sp = args + 1 + outer_argc;
  rd_value *cursor = NULL;            /* where an inlined frame's callee slot goes */
  rd_value *caller_fp = rt->fp;
  uint32_t caller_offset = 0;
  for (uint32_t k = 0; k < frame_count; k++) {
    TranslationOp f = next_op(&t);
    CHECK(f.op == TRANSLATION_INTERPRETED_FRAME && f.operand[0] < (uint32_t)I32(t.literals->length));
    rd_value sfi = t.literals->data[f.operand[0]];
    CHECK(value_has_type(sfi, TYPE_SHARED_FUNCTION_INFO));
    rd_value bytecode = SFI(sfi)->bytecode;
    BytecodeArray *ba = BYTECODE(bytecode);
    CHECK(f.operand[2] == ba->frame_size && f.operand[1] < ba->length);
    uint32_t formals = ba->parameter_count, argc, nparams;
    rd_value *fargs;
    if (k == 0) {
      argc = f.operand[3] ? f.operand[3] - 1 : outer_argc;
      CHECK(argc == outer_argc);
      nparams = formals;
      fargs = args;
    } else {
      CHECK(f.operand[3] != 0);
      argc = f.operand[3] - 1;
      nparams = MAX(argc, formals);
      fargs = cursor + 1;
    }
    rd_value *nfp = fargs + 1 + MAX(argc, formals);
    if ((size_t)(rt->stack_end - nfp) < FRAME_HEADER + (size_t)ba->frame_size + 64) {
      overflow = true;
      break;
    }
    if (!read_value(&t, &fargs[-1], NULL)) goto oom;                 /* function */
    for (uint32_t i = 0; i <= nparams; i++)                          /* receiver, parameters */
      if (!read_value(&t, &fargs[i], NULL)) goto oom;
    rd_value fn = fargs[-1];
    CHECK(value_has_type(fn, TYPE_JS_FUNCTION) && FN(fn)->shared == sfi);
    nfp[FRAME_CALLER_FP] = value_from_int32(caller_fp ? (int32_t)(caller_fp - rt->stack) : -1);
    nfp[FRAME_RETURN_OFFSET] = value_from_int32(
        k == 0 ? FRAME_RETURN_TO_C : after_call(caller_fp[FRAME_BYTECODE], caller_offset));
    nfp[FRAME_ARGC] = value_from_int32((int32_t)argc);
    nfp[FRAME_FUNCTION] = fn;
    if (!read_value(&t, &nfp[FRAME_CONTEXT], NULL)) goto oom;
    nfp[FRAME_BYTECODE] = bytecode;
    nfp[FRAME_OFFSET] = value_from_int32((int32_t)f.operand[1]);
    nfp[FRAME_FEEDBACK] = FN(fn)->feedback;
    nfp[FRAME_NEW_TARGET] = k == 0 ? new_target : VALUE_UNDEFINED;
    for (uint32_t r = 0; r < ba->frame_size; r++)
      if (!read_value(&t, &nfp[FRAME_HEADER + r], NULL)) goto oom;
    if (!read_value(&t, &nfp[FRAME_ACCUMULATOR], NULL)) goto oom;
    caller_fp = innermost = nfp;
    caller_offset = f.operand[1];
    cursor = nfp + FRAME_HEADER + ba->frame_size;
  }
  CHECK(overflow || t.object_count == t.object_limit);
  if (!overflow && point.kind == DEOPT_KIND_LAZY) {
    /* The call (the innermost frame's instruction) has returned: resume after it. */
    rd_value bytecode = innermost[FRAME_BYTECODE];
    uint32_t at = (uint32_t)I32(innermost[FRAME_OFFSET]);
    const uint8_t *op = BYTECODE(bytecode)->bytes + at;
    if (*op <= BC_ExtraWide) op++;
    uint8_t acc_use = bytecode_acc_use[*op];
    if (acc_use == ACC_WRITE || acc_use == ACC_READ_WRITE) innermost[FRAME_ACCUMULATOR] = (rd_value)dump->gpr[RAX];
    innermost[FRAME_OFFSET] = value_from_int32(after_call(bytecode, at));
  }

  /* 2. The scratch area: object results, maps, fields; then every frame is visible. */
  size_t scratch = overflow ? 0 : 2 * (size_t)t.object_count + t.field_count;
  if (overflow || (size_t)(rt->stack_end - cursor) < scratch + 64) {
    rt->sp = args + 1 + outer_argc;
    js_throw(rt, ERROR_RangeError, "Maximum call stack size exceeded");
    goto done;
  }
  rd_value *objs = cursor, *maps = objs + t.object_count, *flds = maps + t.object_count;
  for (uint32_t i = 0; i < t.object_count; i++) {
    objs[i] = VALUE_UNDEFINED;
    maps[i] = t.objects[i].map;
  }
  for (uint32_t i = 0; i < t.field_count; i++) flds[i] = t.fields[i].value;
  rt->sp = flds + t.field_count;

  /* 3. Materialization (may collect). */
  for (uint32_t i = 0; i < t.object_count; i++) {
    Map *m = (Map *)value_to_ptr(maps[i]);
    CHECK(value_has_type(maps[i], TYPE_MAP) && instance_type_is_js_object((InstanceType)m->instance_type) &&
          m->instance_size == 8 * (1 + t.objects[i].field_count));
    HeapObject *o = runtime_allocate(rt, m->instance_size, ALLOC_YOUNG, &maps[i]);
    if (!o) goto fail;
    rd_value *w = (rd_value *)o;
    for (uint32_t j = 0; j < t.objects[i].field_count; j++) w[1 + j] = flds[t.objects[i].first_field + j];
    if (!heap_in_young(o)) heap_write_barrier_range(o, w + 1, t.objects[i].field_count);
    objs[i] = value_from_ptr(o);
  }
  for (uint32_t i = 0; i < t.object_count; i++) {
    rd_value *w = (rd_value *)value_to_ptr(objs[i]);
    for (uint32_t j = 0; j < t.objects[i].field_count; j++) {
      Field *fl = &t.fields[t.objects[i].first_field + j];
      if (fl->ref >= 0) HEAP_STORE(w, w[1 + j], objs[fl->ref]);
    }
  }
  for (uint32_t i = 0; i < t.holder_count; i++) *t.holders[i].slot = objs[t.holders[i].id];
  /* An inlined function never called by the interpreter may lack its feedback vector. */
  for (rd_value *f = innermost; f; f = I32(f[FRAME_RETURN_OFFSET]) == FRAME_RETURN_TO_C ? NULL
                                          : rt->stack + I32(f[FRAME_CALLER_FP])) {
    if (f[FRAME_FEEDBACK] != VALUE_UNDEFINED) continue;
    rd_value fv = feedback_vector_new(rt, BYTECODE(f[FRAME_BYTECODE])->feedback_slots);
    if (!fv) goto fail;
    f[FRAME_FEEDBACK] = fv;
    JSFunction *jf = FN(f[FRAME_FUNCTION]);
    HEAP_STORE(jf, jf->feedback, fv);
  }

  /* 4. Done: the innermost frame's registers end the stack. */
  rt->sp = cursor;
  result = innermost;
  deopt_stats.deopts++;
  deopt_stats.frames += frame_count;
  deopt_stats.objects += t.object_count;
  {
    SharedFunctionInfo *s = SFI(FN(function = args[-1])->shared);
    s->deopt_count = value_from_int32((value_is_int32(s->deopt_count) ? I32(s->deopt_count) : 0) + 1);
    /* An eager deopt means a speculation failed: the code is invalid (as V8). */
    if (point.kind == DEOPT_KIND_EAGER && !code_is_marked_for_deoptimization(code))
      code_mark_for_deoptimization(rt, code);
  }
  if (FLAG_trace_deopt) trace(function, innermost[FRAME_FUNCTION], point, frame_count, t.object_count);
  goto done;
oom:
  rt->sp = args + 1 + outer_argc;
  runtime_throw_oom(rt);
  goto done;
fail:
  rt->sp = args + 1 + outer_argc;
done:
  free(t.objects);
  free(t.incoming);
  free(t.fields);
  free(t.holders);
  return result;
}
