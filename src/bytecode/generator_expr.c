/*
 * generator_expr.c - bytecode for expressions: literals, operators,
 * assignments, member access, calls, optional chains, templates, and the
 * binding of values to patterns (destructuring).
 *
 * Invariant: every gen_* leaves the expression's value in the accumulator
 * and releases the temporaries it allocated (LIFO), except gen_expr_to,
 * whose target register belongs to the caller.
 */
#include "bytecode/generator_internal.h"

#include "interp/interp_ops.h"
#include "objects/bigint.h"
#include "objects/factory.h"
#include "runtime/ops.h"

static Bytecode binary_bytecode(BinaryOp op) {
  switch (op) {
    case BINOP_ADD: return BC_Add;
    case BINOP_SUB: return BC_Sub;
    case BINOP_MUL: return BC_Mul;
    case BINOP_DIV: return BC_Div;
    case BINOP_MOD: return BC_Mod;
    case BINOP_EXP: return BC_Exp;
    case BINOP_BIT_OR: return BC_BitwiseOr;
    case BINOP_BIT_XOR: return BC_BitwiseXor;
    case BINOP_BIT_AND: return BC_BitwiseAnd;
    case BINOP_SHL: return BC_ShiftLeft;
    case BINOP_SAR: return BC_ShiftRight;
    case BINOP_SHR: return BC_ShiftRightLogical;
    case BINOP_EQ: case BINOP_NE: return BC_TestEqual;
    case BINOP_STRICT_EQ: case BINOP_STRICT_NE: return BC_TestEqualStrict;
    case BINOP_LT: return BC_TestLessThan;
    case BINOP_GT: return BC_TestGreaterThan;
    case BINOP_LE: return BC_TestLessThanOrEqual;
    case BINOP_GE: return BC_TestGreaterThanOrEqual;
    case BINOP_INSTANCEOF: return BC_TestInstanceOf;
    case BINOP_IN: return BC_TestIn;
    default: return BC_Add;
  }
}

static BinaryOp assign_binary_op(AssignOp op) {
  switch (op) {
    case ASSIGNOP_ADD: return BINOP_ADD;
    case ASSIGNOP_SUB: return BINOP_SUB;
    case ASSIGNOP_MUL: return BINOP_MUL;
    case ASSIGNOP_DIV: return BINOP_DIV;
    case ASSIGNOP_MOD: return BINOP_MOD;
    case ASSIGNOP_EXP: return BINOP_EXP;
    case ASSIGNOP_SHL: return BINOP_SHL;
    case ASSIGNOP_SAR: return BINOP_SAR;
    case ASSIGNOP_SHR: return BINOP_SHR;
    case ASSIGNOP_BIT_AND: return BINOP_BIT_AND;
    case ASSIGNOP_BIT_OR: return BINOP_BIT_OR;
    case ASSIGNOP_BIT_XOR: return BINOP_BIT_XOR;
    default: return BINOP_ADD;
  }
}

void gen_expr_to(FuncGen *f, Node *n, int32_t r) {
  gen_expr(f, n);
  builder_emit(&f->b, BC_Star, r);
}

/* Is n an anonymous function/class/arrow (NamedEvaluation applies)? */
static bool is_anonymous_fn(const Node *n) {   /* parentheses keep it anonymous (cover grammar) */
  if (n->kind == NODE_FUNCTION_EXPR || n->kind == NODE_ARROW_FUNCTION)
    return !((const FunctionNode *)n)->name;
  if (n->kind == NODE_CLASS_EXPR) return !((const ClassNode *)n)->name;
  return false;
}

static void gen_super_call(FuncGen *f, CallExpr *c);
static void gen_super_load(FuncGen *f, MemberExpr *m, int32_t this_reg);
static const Atom *gen_property_key(FuncGen *f, Node *key, bool computed, int32_t r);

static void gen_closure_named(FuncGen *f, FunctionNode *fn, const Atom *name) {
  if (!fn->name && name) {
    Atom *saved = fn->name;
    fn->name = (Atom *)name;   /* only the SharedFunctionInfo's name: scopes were built already */
    uint32_t k = compile_nested(f, fn);
    fn->name = saved;
    builder_emit(&f->b, BC_CreateClosure, k, slot_new(f));
    return;
  }
  gen_closure(f, fn);
}

void gen_expr_named(FuncGen *f, Node *n, const Atom *name) {
  if (name && is_anonymous_fn(n)) {
    if (n->kind == NODE_CLASS_EXPR) gen_class(f, (ClassNode *)n, name);
    else gen_closure_named(f, (FunctionNode *)n, name);
    return;
  }
  gen_expr(f, n);
}

/* --- tests ----------------------------------------------------------------------------- */
void gen_test(FuncGen *f, Node *n, Label if_true, Label if_false, bool fall_true) {
  if (n->kind == NODE_UNARY && ((UnaryExpr *)n)->op == UNOP_NOT) {
    gen_test(f, ((UnaryExpr *)n)->argument, if_false, if_true, !fall_true);
    return;
  }
  if (n->kind == NODE_LOGICAL && ((LogicalExpr *)n)->op != LOGOP_COALESCE) {
    LogicalExpr *l = (LogicalExpr *)n;
    Label mid = builder_label(&f->b);
    if (l->op == LOGOP_AND) gen_test(f, l->left, mid, if_false, true);
    else gen_test(f, l->left, if_true, mid, false);
    builder_bind(&f->b, mid);
    gen_test(f, l->right, if_true, if_false, fall_true);
    return;
  }
  gen_expr(f, n);
  if (fall_true) builder_jump(&f->b, BC_JumpIfToBooleanFalse, if_false);
  else builder_jump(&f->b, BC_JumpIfToBooleanTrue, if_true);
}

/* --- optional chains -------------------------------------------------------------------- */
static void optional_check(FuncGen *f, bool optional) {
  if (optional && f->chain_nullish >= 0) builder_jump(&f->b, BC_JumpIfUndefinedOrNull, f->chain_nullish);
}

/* --- member access --------------------------------------------------------------------- */
/* Source position of a member access: its property name for obj.name (V8
 * reports that), else the end of the object (the `[`). */
static uint32_t member_position(const MemberExpr *m) {
  uint32_t lo = m->object ? m->object->end : m->h.start;
  if (m->h.kind != NODE_MEMBER || !m->name) return lo;
  uint32_t bytes = 0;   /* the name's UTF-8 length */
  for (uint32_t i = 0; i < m->name->length; i++) {
    uint16_t c = m->name->chars[i];
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xD800 && c < 0xE000) ? 2 : 3;
  }
  return bytes <= m->h.end && m->h.end - bytes >= lo ? m->h.end - bytes : lo;
}

/* Loads the private symbol bound to #name by the innermost class declaring it. */
static void load_private_name(FuncGen *f, const Atom *name) {
  for (Scope *s = f->cur; s; s = s->outer) {
    if (s->kind != SCOPE_CLASS) continue;
    Variable *v = scope_lookup_own(s, (Atom *)name);
    if (v) {
      load_variable(f, v, name, NULL, false);
      return;
    }
  }
  gen_fail(f, "reference to an undeclared private name");
}

/* Loads obj.name / obj[index] with the object already in register obj. */
static void gen_member_load(FuncGen *f, MemberExpr *m, int32_t obj) {
  if (m->h.kind == NODE_MEMBER) {
    builder_set_position(&f->b, member_position(m));
    builder_emit(&f->b, BC_GetNamedProperty, obj, k_atom(f, m->name), slot_new(f));
  } else if (m->h.kind == NODE_INDEX) {
    gen_expr(f, m->index);
    builder_set_position(&f->b, member_position(m));
    builder_emit(&f->b, BC_GetKeyedProperty, obj, slot_new(f));
  } else if (m->h.kind == NODE_PRIVATE_MEMBER) {
    load_private_name(f, m->name);
    builder_set_position(&f->b, member_position(m));
    builder_emit(&f->b, BC_GetPrivate, obj);
  } else {
    gen_fail(f, "super properties are not supported here yet");
  }
}

/* True when the nearest non-arrow function around f's code has a home object (super.x allowed). */
static bool eval_in_method(FuncGen *f) {
  for (FuncGen *g = f; g; g = g->parent) {
    if (!g->fn) return false;
    if (g->fn->kind == FUNC_ARROW) continue;
    return g->fn->kind != FUNC_NORMAL;
  }
  return false;
}

/* --- calls ----------------------------------------------------------------------------- */
static bool has_spread(NodeList *args) {
  for (uint32_t i = 0; i < args->count; i++)
    if (args->items[i]->kind == NODE_SPREAD) return true;
  return false;
}

/* Builds an array of the arguments (spread included) into a fresh register. */
static int32_t gen_args_array(FuncGen *f, NodeList *args) {
  int32_t arr = temp_new(f);
  builder_emit(&f->b, BC_CreateEmptyArrayLiteral, slot_new(f));
  builder_emit(&f->b, BC_Star, arr);
  for (uint32_t i = 0; i < args->count; i++) {
    Node *a = args->items[i];
    if (a->kind == NODE_SPREAD) {
      gen_expr(f, ((Spread *)a)->argument);
      builder_emit(&f->b, BC_ArraySpread, arr);
    } else {
      gen_expr(f, a);
      builder_emit(&f->b, BC_ArrayPush, arr);
    }
  }
  return arr;
}

static void gen_call(FuncGen *f, CallExpr *c) {
  int32_t mark = temp_mark(f);
  Node *callee = c->callee;
  bool spread = has_spread(&c->args);
  int32_t fn = temp_new(f);
  int32_t recv = -1;
  bool method = callee->kind == NODE_MEMBER || callee->kind == NODE_INDEX || callee->kind == NODE_PRIVATE_MEMBER ||
                callee->kind == NODE_SUPER_MEMBER || callee->kind == NODE_SUPER_INDEX;
  if (callee->kind == NODE_SUPER_MEMBER || callee->kind == NODE_SUPER_INDEX) {
    recv = temp_new(f);
    load_this(f, callee);
    builder_emit(&f->b, BC_Star, recv);
    gen_super_load(f, (MemberExpr *)callee, recv);
    builder_emit(&f->b, BC_Star, fn);
  } else if (method) {
    MemberExpr *m = (MemberExpr *)callee;
    recv = temp_new(f);
    gen_expr_to(f, m->object, recv);
    optional_check(f, m->optional);
    gen_member_load(f, m, recv);
    builder_emit(&f->b, BC_Star, fn);
  } else {
    gen_expr_to(f, callee, fn);
  }
  optional_check(f, c->optional);
  /* Position of the call bytecode (set again after the arguments): the property name of a method call. */
  uint32_t call_pos = method && callee->kind != NODE_SUPER_MEMBER && callee->kind != NODE_SUPER_INDEX
                          ? member_position((MemberExpr *)callee) : c->h.start;
  if (spread) {
    if (recv < 0) {
      recv = temp_new(f);
      builder_emit(&f->b, BC_LdaUndefined);
      builder_emit(&f->b, BC_Star, recv);
    }
    int32_t arr = gen_args_array(f, &c->args);
    builder_set_position(&f->b, call_pos);
    builder_emit(&f->b, BC_CallApply, fn, recv, arr, slot_new(f));
  } else if (method) {
    /* recv is followed by the argument registers. */
    for (uint32_t i = 0; i < c->args.count; i++) gen_expr_to(f, c->args.items[i], temp_new(f));
    builder_set_position(&f->b, call_pos);
    builder_emit(&f->b, BC_CallProperty, fn, recv, c->args.count + 1, slot_new(f));
  } else if (c->h.flags & NODE_FLAG_DIRECT_EVAL) {
    int32_t first = temp_new(f);   /* this, then the arguments */
    load_this_for_eval(f);
    builder_emit(&f->b, BC_Star, first);
    for (uint32_t i = 0; i < c->args.count; i++) gen_expr_to(f, c->args.items[i], temp_new(f));
    uint32_t flags = (f->cur->strict ? 1u : 0u) | (f->fn ? 2u : 0u) | (eval_in_method(f) ? 4u : 0u) |
                     (f->in_params ? 8u : 0u);
    builder_set_position(&f->b, call_pos);
    builder_emit(&f->b, BC_CallDirectEval, fn, first, c->args.count + 1, flags);
  } else {
    int32_t first = f->temp_top;
    for (uint32_t i = 0; i < c->args.count; i++) gen_expr_to(f, c->args.items[i], temp_new(f));
    builder_set_position(&f->b, call_pos);
    builder_emit(&f->b, BC_CallUndefinedReceiver, fn, first, c->args.count, slot_new(f));
  }
  temp_release(f, mark);
}

static void gen_new(FuncGen *f, CallExpr *c) {
  int32_t mark = temp_mark(f);
  int32_t fn = temp_new(f);
  gen_expr_to(f, c->callee, fn);
  if (has_spread(&c->args)) {
    int32_t arr = gen_args_array(f, &c->args);
    builder_set_position(&f->b, c->h.start);
    builder_emit(&f->b, BC_Ldar, fn);
    builder_emit(&f->b, BC_ConstructApply, fn, arr, slot_new(f));
  } else {
    int32_t first = f->temp_top;
    for (uint32_t i = 0; i < c->args.count; i++) gen_expr_to(f, c->args.items[i], temp_new(f));
    builder_set_position(&f->b, c->h.start);
    builder_emit(&f->b, BC_Ldar, fn);
    builder_emit(&f->b, BC_Construct, fn, first, c->args.count, slot_new(f));
  }
  temp_release(f, mark);
}

/* --- literals --------------------------------------------------------------------------- */
static void gen_template(FuncGen *f, TemplateLit *t) {
  int32_t mark = temp_mark(f), acc_reg = temp_new(f);
  builder_emit(&f->b, BC_LdaConstant, k_atom(f, t->cooked[0]));
  for (uint32_t i = 0; i < t->exprs.count; i++) {
    builder_emit(&f->b, BC_Star, acc_reg);
    gen_expr(f, t->exprs.items[i]);
    builder_emit(&f->b, BC_ToString);
    builder_emit(&f->b, BC_Add, acc_reg, slot_new(f));
    if (t->cooked[i + 1] && t->cooked[i + 1]->length) {
      builder_emit(&f->b, BC_Star, acc_reg);
      builder_emit(&f->b, BC_LdaConstant, k_atom(f, t->cooked[i + 1]));
      builder_emit(&f->b, BC_Add, acc_reg, slot_new(f));
    }
  }
  temp_release(f, mark);
}

/* The constant describing a tagged template site: [cooked..., raw...]. */
static uint32_t k_template_site(FuncGen *f, TemplateLit *t) {
  Runtime *rt = f->g->rt;
  HANDLE_SCOPE(rt);
  uint32_t n = t->quasi_count;
  /* Intern the strings through the constant pool first (handles are not needed then). */
  Handle arr = handle_new(rt, factory_fixed_array(rt, 2 * n, VALUE_UNDEFINED, ALLOC_OLD));
  if (!*arr) {
    gen_fail(f, NULL);
    return 0;
  }
  for (uint32_t i = 0; i < 2 * n; i++) {
    const Atom *a = i < n ? t->cooked[i] : t->raw[i - n];
    if (!a) continue;   /* invalid escape: cooked value undefined */
    uint32_t k = k_atom(f, a);
    if (f->g->failed) return 0;
    rd_value s = FIXED_ARRAY(*f->b.constants)->data[k];
    HEAP_STORE(value_to_ptr(*arr), FIXED_ARRAY(*arr)->data[i], s);
  }
  return builder_constant(&f->b, *arr);   /* a fresh array: one constant per site */
}

static void gen_tagged_template(FuncGen *f, TaggedTemplate *t) {
  int32_t mark = temp_mark(f);
  int32_t fn = temp_new(f), recv = temp_new(f);
  Node *tag = t->tag;
  if (tag->kind == NODE_MEMBER || tag->kind == NODE_INDEX || tag->kind == NODE_PRIVATE_MEMBER) {
    MemberExpr *m = (MemberExpr *)tag;
    gen_expr_to(f, m->object, recv);
    gen_member_load(f, m, recv);
    builder_emit(&f->b, BC_Star, fn);
  } else {
    gen_expr_to(f, tag, fn);
    builder_emit(&f->b, BC_LdaUndefined);
    builder_emit(&f->b, BC_Star, recv);
  }
  builder_emit(&f->b, BC_GetTemplateObject, k_template_site(f, t->quasi));
  builder_emit(&f->b, BC_Star, temp_new(f));
  for (uint32_t i = 0; i < t->quasi->exprs.count; i++) gen_expr_to(f, t->quasi->exprs.items[i], temp_new(f));
  builder_emit(&f->b, BC_CallProperty, fn, recv, t->quasi->exprs.count + 2, slot_new(f));
  temp_release(f, mark);
}

static void gen_array_literal(FuncGen *f, ArrayLit *a) {
  int32_t mark = temp_mark(f), arr = temp_new(f);
  builder_emit(&f->b, BC_CreateEmptyArrayLiteral, slot_new(f));
  builder_emit(&f->b, BC_Star, arr);
  for (uint32_t i = 0; i < a->elements.count; i++) {
    Node *e = a->elements.items[i];
    if (!e) {
      builder_emit(&f->b, BC_ArrayPushHole, arr);
    } else if (e->kind == NODE_SPREAD) {
      gen_expr(f, ((Spread *)e)->argument);
      builder_emit(&f->b, BC_ArraySpread, arr);
    } else {
      gen_expr(f, e);
      builder_emit(&f->b, BC_ArrayPush, arr);
    }
  }
  builder_emit(&f->b, BC_Ldar, arr);
  temp_release(f, mark);
}

/* Puts a property key (computed or literal) into register r; returns the
 * atom when the key is a literal name (for function names). */
static const Atom *gen_property_key(FuncGen *f, Node *key, bool computed, int32_t r) {
  if (!computed && key->kind == NODE_STRING_LIT) {
    builder_emit(&f->b, BC_LdaConstant, k_atom(f, ((StringLit *)key)->value));
    builder_emit(&f->b, BC_Star, r);
    return ((StringLit *)key)->value;
  }
  if (!computed && key->kind == NODE_NUMBER_LIT) {
    emit_number(f, ((NumberLit *)key)->value);
    builder_emit(&f->b, BC_ToPropertyKey);
    builder_emit(&f->b, BC_Star, r);
    return NULL;
  }
  gen_expr(f, key);
  builder_emit(&f->b, BC_ToPropertyKey);
  builder_emit(&f->b, BC_Star, r);
  return NULL;
}

static void gen_object_literal(FuncGen *f, ObjectLit *o) {
  int32_t mark = temp_mark(f), obj = temp_new(f), key = temp_new(f);
  builder_emit(&f->b, BC_CreateEmptyObjectLiteral);
  builder_emit(&f->b, BC_Star, obj);
  for (uint32_t i = 0; i < o->properties.count; i++) {
    Node *n = o->properties.items[i];
    if (n->kind == NODE_SPREAD) {
      gen_expr(f, ((Spread *)n)->argument);
      builder_emit(&f->b, BC_CopyDataProperties, obj);
      continue;
    }
    Property *p = (Property *)n;
    if (p->is_proto_setter) {
      gen_expr(f, p->value);
      builder_emit(&f->b, BC_SetLiteralPrototype, obj);
      continue;
    }
    if (p->kind == PROP_INIT && !p->computed && p->key->kind == NODE_STRING_LIT) {
      gen_expr_named(f, p->value, ((StringLit *)p->key)->value);
      builder_emit(&f->b, BC_DefineNamedOwnProperty, obj, k_atom(f, ((StringLit *)p->key)->value),
                   slot_new(f));
      continue;
    }
    const Atom *name = gen_property_key(f, p->key, p->computed, key);
    if (p->kind == PROP_INIT) {
      gen_expr_named(f, p->value, name);
      if (!name && is_anonymous_fn(p->value)) builder_emit(&f->b, BC_SetFunctionName, key);
      builder_emit(&f->b, BC_DefineKeyedOwnProperty, obj, key, ATTRS_ALL);
    } else {
      gen_closure_named(f, (FunctionNode *)p->value, name);
      if (!name && p->kind == PROP_METHOD) builder_emit(&f->b, BC_SetFunctionName, key);
      builder_emit(&f->b, BC_SetHomeObject, obj);
      if (p->kind == PROP_METHOD) builder_emit(&f->b, BC_DefineKeyedOwnProperty, obj, key, ATTRS_ALL);
      else builder_emit(&f->b, BC_DefineAccessor, obj, key, (p->kind == PROP_SET ? 1 : 0) | 2);
    }
  }
  builder_emit(&f->b, BC_Ldar, obj);
  temp_release(f, mark);
}

/* --- classes ------------------------------------------------------------------------------ */
#define ATTRS_METHOD 5   /* writable | configurable, not enumerable */

static void initialize_fields_of(FuncGen *f, Scope *ctor_scope, int32_t obj);
/* Runs the class's instance field initializers on the object in register obj. */
void gen_initialize_fields(FuncGen *f, int32_t obj) { initialize_fields_of(f, f->scope, obj); }

static void initialize_fields_of(FuncGen *f, Scope *ctor_scope, int32_t obj) {
  Scope *cls = ctor_scope->outer;
  if (!cls || cls->kind != SCOPE_CLASS) return;
  Variable *fields = ((ClassNode *)cls->node)->annot;
  if (!fields) return;
  load_variable(f, fields, fields->name, NULL, false);
  builder_emit(&f->b, BC_InitializeFields, obj);
}

void gen_class(FuncGen *f, ClassNode *c, const Atom *name) {
  BytecodeBuilder *b = &f->b;
  Scope *cs = scope_of(&f->g->sa, c);
  if (!cs || !c->constructor) {
    gen_fail(f, "internal error: class without scope");
    return;
  }
  int32_t mark = temp_mark(f);
  Control ctx;
  scope_enter(f, cs, &ctx);
  for (uint32_t i = 0; i < c->private_name_count; i++) {
    Variable *pv = scope_lookup_own(cs, c->private_names[i]);
    if (!pv) continue;
    builder_emit(b, BC_CreatePrivateName, k_atom(f, c->private_names[i]));
    store_variable(f, pv, c->private_names[i], NULL, true);
  }
  int32_t parent = temp_new(f), ctor = temp_new(f), proto = temp_new(f), key = temp_new(f);
  int32_t fields = -1;
  uint32_t field_count = 0;
  if (c->heritage) gen_expr(f, c->heritage);
  else builder_emit(b, BC_LdaTheHole);
  builder_emit(b, BC_Star, parent);
  gen_closure_named(f, c->constructor, name);
  builder_emit(b, BC_Star, ctor);
  builder_emit(b, BC_Ldar, parent);
  builder_emit(b, BC_CreateClass, ctor);
  builder_emit(b, BC_Star, proto);
  builder_emit(b, BC_Ldar, ctor);
  builder_emit(b, BC_SetHomeObject, proto);
  if (c->annot) {
    fields = temp_new(f);
    builder_emit(b, BC_CreateEmptyArrayLiteral, slot_new(f));
    builder_emit(b, BC_Star, fields);
  }
  /* Static fields and blocks run after every method is defined. */
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t i = 0; i < c->members.count; i++) {
      ClassMember *m = (ClassMember *)c->members.items[i];
      bool is_static_init = m->is_static && (m->kind == CLASS_MEMBER_FIELD || m->kind == CLASS_MEMBER_STATIC_BLOCK);
      bool is_method = m->kind == CLASS_MEMBER_METHOD || m->kind == CLASS_MEMBER_GETTER || m->kind == CLASS_MEMBER_SETTER;
      if (pass == 0 && !is_method && !(m->kind == CLASS_MEMBER_FIELD && !m->is_static)) continue;
      if (pass == 1 && !is_static_init) continue;
      int32_t target = m->is_static ? ctor : proto;
      if (m->kind == CLASS_MEMBER_STATIC_BLOCK) {
        int32_t fn = temp_new(f);
        gen_closure(f, m->value);
        builder_emit(b, BC_SetHomeObject, ctor);
        builder_emit(b, BC_Star, fn);
        builder_emit(b, BC_CallProperty, fn, ctor, 1, slot_new(f));
        temp_release(f, fn);
        continue;
      }
      bool is_private = m->key && m->key->kind == NODE_PRIVATE_NAME;
      const Atom *kname;
      if (is_private) {
        kname = ((PrivateName *)m->key)->name;
        load_private_name(f, kname);
        builder_emit(b, BC_Star, key);
      } else {
        kname = gen_property_key(f, m->key, m->computed, key);
      }
      if (is_private && is_method) {
        int32_t kind = m->kind == CLASS_MEMBER_METHOD ? 1 : m->kind == CLASS_MEMBER_GETTER ? 2 : 3;
        gen_closure_named(f, m->value, kname);
        builder_emit(b, BC_SetHomeObject, target);
        if (m->is_static) {
          builder_emit(b, BC_DefinePrivate, ctor, key, kind);
        } else {   /* installed on each instance before its fields */
          int32_t t = temp_new(f);
          builder_emit(b, BC_Star, t);
          builder_emit(b, BC_Ldar, key);
          builder_emit(b, BC_ArrayPush, fields);
          builder_emit(b, BC_Ldar, t);
          builder_emit(b, BC_ArrayPush, fields);
          builder_emit(b, BC_LdaSmi, FIELD_KIND_PRIVATE_METHOD + kind - 1);
          builder_emit(b, BC_ArrayPush, fields);
          temp_release(f, t);
        }
        continue;
      }
      if (is_method) {
        gen_closure_named(f, m->value, kname);
        if (!kname && m->kind == CLASS_MEMBER_METHOD) builder_emit(b, BC_SetFunctionName, key);
        builder_emit(b, BC_SetHomeObject, target);
        if (m->kind == CLASS_MEMBER_METHOD) builder_emit(b, BC_DefineKeyedOwnProperty, target, key, ATTRS_METHOD);
        else builder_emit(b, BC_DefineAccessor, target, key, m->kind == CLASS_MEMBER_SETTER ? 1 : 0);
        continue;
      }
      /* A field: its initializer is a function run with this = the object. */
      if (!m->is_static) {
        builder_emit(b, BC_Ldar, key);
        builder_emit(b, BC_ArrayPush, fields);
        if (m->value) {
          gen_closure_named(f, m->value, kname);
          builder_emit(b, BC_SetHomeObject, proto);
        } else {
          builder_emit(b, BC_LdaUndefined);
        }
        builder_emit(b, BC_ArrayPush, fields);
        builder_emit(b, BC_LdaSmi, is_private ? FIELD_KIND_PRIVATE : FIELD_KIND_PUBLIC);
        builder_emit(b, BC_ArrayPush, fields);
        field_count++;
        continue;
      }
      if (m->value) {
        int32_t fn = temp_new(f);
        gen_closure_named(f, m->value, kname);
        builder_emit(b, BC_SetHomeObject, ctor);
        builder_emit(b, BC_Star, fn);
        builder_emit(b, BC_CallProperty, fn, ctor, 1, slot_new(f));
        temp_release(f, fn);
      } else {
        builder_emit(b, BC_LdaUndefined);
      }
      if (is_private) builder_emit(b, BC_DefinePrivate, ctor, key, 0);
      else builder_emit(b, BC_DefineKeyedOwnProperty, ctor, key, ATTRS_ALL);
    }
    if (pass == 0) {
      if (fields >= 0) {
        builder_emit(b, BC_Ldar, fields);
        store_variable(f, (Variable *)c->annot, ((Variable *)c->annot)->name, NULL, true);
      }
      /* The inner name binding is initialized before static elements run. */
      if (c->name) {
        Variable *inner = scope_lookup_own(cs, c->name);
        if (inner) {
          builder_emit(b, BC_Ldar, ctor);
          store_variable(f, inner, c->name, NULL, true);
        }
      }
    }
  }
  (void)field_count;
  scope_leave(f, cs, &ctx);
  builder_emit(b, BC_Ldar, ctor);
  temp_release(f, mark);
}

/* super(...) in a derived constructor: binds this, then runs field initializers. */
static void gen_super_call(FuncGen *f, CallExpr *c) {
  BytecodeBuilder *b = &f->b;
  /* The derived constructor: this function, or the one around the arrows we are in. */
  Scope *r = f->scope;
  while (r && !(r->kind == SCOPE_FUNCTION && !r->is_arrow)) r = r->outer;
  if (!r || !r->function || r->function->kind != FUNC_DERIVED_CONSTRUCTOR) {
    gen_fail(f, "'super' keyword unexpected here");
    return;
  }
  bool direct = r == f->scope;
  Variable *ctor_var = NULL;
  if (!direct) {
    Atom *name = atom_intern8(&((Ast *)f->g->ast)->atoms, (const uint8_t *)".ctor", 5);
    ctor_var = name ? scope_lookup_own(r, name) : NULL;
    if (!ctor_var || !r->new_target_var) {
      gen_fail(f, "internal error: super() in an arrow without its constructor");
      return;
    }
  }
  int32_t mark = temp_mark(f), fn = temp_new(f), result = temp_new(f);
  if (direct) builder_emit(b, BC_LdaFunction);
  else load_variable(f, ctor_var, ctor_var->name, NULL, false);
  builder_emit(b, BC_Star, fn);
  if (has_spread(&c->args)) {
    int32_t arr = gen_args_array(f, &c->args);
    if (direct) builder_emit(b, BC_LdaNewTarget);
    else load_variable(f, r->new_target_var, r->new_target_var->name, NULL, false);
    builder_set_position(b, c->h.start);
    builder_emit(b, BC_CallSuperApply, fn, arr, slot_new(f));
  } else {
    int32_t first = f->temp_top;
    for (uint32_t i = 0; i < c->args.count; i++) gen_expr_to(f, c->args.items[i], temp_new(f));
    if (direct) builder_emit(b, BC_LdaNewTarget);
    else load_variable(f, r->new_target_var, r->new_target_var->name, NULL, false);
    builder_set_position(b, c->h.start);
    builder_emit(b, BC_CallSuper, fn, first, c->args.count, slot_new(f));
  }
  builder_emit(b, BC_Star, result);
  Variable *this_var = r->this_var;
  if (this_var) {   /* a second super() throws */
    this_var->needs_tdz = false;
    load_variable(f, this_var, this_var->name, NULL, false);
    this_var->needs_tdz = true;
    builder_emit(b, BC_ThrowSuperAlreadyCalledIfNotHole);
  }
  builder_emit(b, BC_Ldar, result);
  if (this_var) store_variable(f, this_var, this_var->name, NULL, true);
  initialize_fields_of(f, r, result);
  builder_emit(b, BC_Ldar, result);
  temp_release(f, mark);
}

/* super.name / super[key] with this as the receiver. */
static void gen_super_load(FuncGen *f, MemberExpr *m, int32_t this_reg) {
  if (m->h.kind == NODE_SUPER_MEMBER) builder_emit(&f->b, BC_LdaConstant, k_atom(f, m->name));
  else gen_expr(f, m->index);
  builder_emit(&f->b, BC_GetSuperProperty, this_reg);
}

/* --- assignment ---------------------------------------------------------------------------- */
/* A reference to an assignment target, evaluated once (object and key in registers). */
typedef struct Ref {
  Node *target;
  int32_t obj, key;
} Ref;

/* compound: the reference is read before the right side runs (op=, ++), so
 * a null/undefined base throws before the key is converted. */
static void ref_prepare_ex(FuncGen *f, Ref *r, Node *target, bool compound);
static void ref_prepare(FuncGen *f, Ref *r, Node *target) { ref_prepare_ex(f, r, target, false); }
static void ref_prepare_ex(FuncGen *f, Ref *r, Node *target, bool compound) {
  r->target = target;
  r->obj = r->key = -1;
  if (target->kind == NODE_MEMBER || target->kind == NODE_INDEX || target->kind == NODE_PRIVATE_MEMBER) {
    MemberExpr *m = (MemberExpr *)target;
    r->obj = temp_new(f);
    gen_expr_to(f, m->object, r->obj);
    if (target->kind == NODE_PRIVATE_MEMBER) {
      r->key = temp_new(f);
      load_private_name(f, m->name);
      builder_emit(&f->b, BC_Star, r->key);
    } else if (target->kind == NODE_INDEX) {
      r->key = temp_new(f);
      gen_expr(f, m->index);
      if (compound) {
        Label nullish = builder_label(&f->b), conv = builder_label(&f->b);
        builder_emit(&f->b, BC_Star, r->key);
        builder_emit(&f->b, BC_Ldar, r->obj);
        builder_jump(&f->b, BC_JumpIfUndefinedOrNull, nullish);
        builder_emit(&f->b, BC_Ldar, r->key);
        builder_jump(&f->b, BC_Jump, conv);
        builder_bind(&f->b, nullish);
        builder_emit(&f->b, BC_ThrowError, ERROR_TypeError, k_cstr(f, "Cannot read properties of null or undefined"));
        builder_bind(&f->b, conv);
      }
      builder_emit(&f->b, BC_ToPropertyKey);
      builder_emit(&f->b, BC_Star, r->key);
    }
  } else if (target->kind == NODE_SUPER_MEMBER || target->kind == NODE_SUPER_INDEX) {
    MemberExpr *m = (MemberExpr *)target;
    r->obj = temp_new(f);   /* this */
    load_this(f, target);
    builder_emit(&f->b, BC_Star, r->obj);
    r->key = temp_new(f);
    if (target->kind == NODE_SUPER_MEMBER) builder_emit(&f->b, BC_LdaConstant, k_atom(f, m->name));
    else gen_expr(f, m->index);
    builder_emit(&f->b, BC_ToPropertyKey);
    builder_emit(&f->b, BC_Star, r->key);
  } else if (target->kind != NODE_IDENTIFIER) {
    gen_fail(f, "this assignment target is not supported yet");
  }
}

/* The source position of the target of a reference. */
static void ref_position(FuncGen *f, Ref *r) {
  Node *t = r->target;
  bool member = t->kind == NODE_MEMBER || t->kind == NODE_INDEX || t->kind == NODE_PRIVATE_MEMBER;
  builder_set_position(&f->b, member ? member_position((MemberExpr *)t) : t->start);
}

static void ref_load(FuncGen *f, Ref *r) {
  ref_position(f, r);
  if (r->target->kind == NODE_IDENTIFIER) {
    load_identifier(f, (Identifier *)r->target, false);
  } else if (r->target->kind == NODE_MEMBER) {
    builder_emit(&f->b, BC_GetNamedProperty, r->obj, k_atom(f, ((MemberExpr *)r->target)->name), slot_new(f));
  } else if (r->target->kind == NODE_SUPER_MEMBER || r->target->kind == NODE_SUPER_INDEX) {
    builder_emit(&f->b, BC_Ldar, r->key);
    builder_emit(&f->b, BC_GetSuperProperty, r->obj);
  } else if (r->target->kind == NODE_PRIVATE_MEMBER) {
    builder_emit(&f->b, BC_Ldar, r->key);
    builder_emit(&f->b, BC_GetPrivate, r->obj);
  } else if (r->key >= 0) {
    builder_emit(&f->b, BC_Ldar, r->key);
    builder_emit(&f->b, BC_GetKeyedProperty, r->obj, slot_new(f));
  }
}

static void ref_store(FuncGen *f, Ref *r) {
  ref_position(f, r);
  if (r->target->kind == NODE_IDENTIFIER) {
    store_identifier(f, (Identifier *)r->target, false);
  } else if (r->target->kind == NODE_MEMBER) {
    builder_emit(&f->b, BC_SetNamedProperty, r->obj, k_atom(f, ((MemberExpr *)r->target)->name), slot_new(f));
  } else if (r->target->kind == NODE_SUPER_MEMBER || r->target->kind == NODE_SUPER_INDEX) {
    builder_emit(&f->b, BC_SetSuperProperty, r->obj, r->key);
  } else if (r->target->kind == NODE_PRIVATE_MEMBER) {
    builder_emit(&f->b, BC_SetPrivate, r->obj, r->key);
  } else if (r->key >= 0) {
    builder_emit(&f->b, BC_SetKeyedProperty, r->obj, r->key, slot_new(f));
  }
}

static void gen_assign(FuncGen *f, AssignExpr *a) {
  int32_t mark = temp_mark(f);
  Node *t = a->target;
  if (a->op == ASSIGNOP_ASSIGN) {
    if (t->kind == NODE_OBJECT_PATTERN || t->kind == NODE_ARRAY_PATTERN) {
      int32_t v = temp_new(f);
      gen_expr_to(f, a->value, v);
      gen_bind(f, t, false);
      builder_emit(&f->b, BC_Ldar, v);
    } else {
      Ref r;
      ref_prepare(f, &r, t);
      gen_expr_named(f, a->value, t->kind == NODE_IDENTIFIER ? ((Identifier *)t)->name : NULL);
      ref_store(f, &r);
    }
    temp_release(f, mark);
    return;
  }
  Ref r;
  ref_prepare_ex(f, &r, t, true);
  ref_load(f, &r);
  if (a->op == ASSIGNOP_AND || a->op == ASSIGNOP_OR || a->op == ASSIGNOP_COALESCE) {
    Label done = builder_label(&f->b);
    if (a->op == ASSIGNOP_AND) builder_jump(&f->b, BC_JumpIfToBooleanFalse, done);
    else if (a->op == ASSIGNOP_OR) builder_jump(&f->b, BC_JumpIfToBooleanTrue, done);
    else {
      Label assign = builder_label(&f->b);
      builder_jump(&f->b, BC_JumpIfUndefinedOrNull, assign);
      builder_jump(&f->b, BC_Jump, done);
      builder_bind(&f->b, assign);
    }
    gen_expr_named(f, a->value, t->kind == NODE_IDENTIFIER ? ((Identifier *)t)->name : NULL);
    ref_store(f, &r);
    builder_bind(&f->b, done);
  } else {
    int32_t old = temp_new(f);
    builder_emit(&f->b, BC_Star, old);
    gen_expr(f, a->value);
    builder_set_position(&f->b, a->h.start);
    builder_emit(&f->b, binary_bytecode(assign_binary_op((AssignOp)a->op)), old, slot_new(f));
    ref_store(f, &r);
  }
  temp_release(f, mark);
}

static void gen_update(FuncGen *f, UpdateExpr *u) {
  int32_t mark = temp_mark(f);
  Ref r;
  ref_prepare_ex(f, &r, u->argument, true);
  ref_load(f, &r);
  builder_emit(&f->b, BC_ToNumeric, slot_new(f));
  int32_t old = -1;
  if (!u->prefix) {
    old = temp_new(f);
    builder_emit(&f->b, BC_Star, old);
  }
  builder_emit(&f->b, u->increment ? BC_Inc : BC_Dec, slot_new(f));
  ref_store(f, &r);
  if (old >= 0) builder_emit(&f->b, BC_Ldar, old);
  temp_release(f, mark);
}

/* --- patterns ------------------------------------------------------------------------------- */
static const Atom *target_name(Node *t) {
  return t->kind == NODE_IDENTIFIER ? ((Identifier *)t)->name : NULL;
}

/* Binds the value in acc to one pattern element, applying its default. */
static void bind_element(FuncGen *f, Node *target, bool init) {
  if (target->kind == NODE_ASSIGN_PATTERN) {
    AssignPattern *ap = (AssignPattern *)target;
    Label use_default = builder_label(&f->b), done = builder_label(&f->b);
    builder_jump(&f->b, BC_JumpIfUndefined, use_default);
    builder_jump(&f->b, BC_Jump, done);
    builder_bind(&f->b, use_default);
    gen_expr_named(f, ap->value, target_name(ap->target));
    builder_bind(&f->b, done);
    target = ap->target;
  }
  gen_bind(f, target, init);
}

static void bind_object_pattern(FuncGen *f, ObjectPattern *p, bool init) {
  int32_t mark = temp_mark(f), src = temp_new(f);
  builder_emit(&f->b, BC_Star, src);
  Label bad = builder_label(&f->b), ok = builder_label(&f->b);
  builder_jump(&f->b, BC_JumpIfUndefinedOrNull, bad);
  builder_jump(&f->b, BC_Jump, ok);
  builder_bind(&f->b, bad);
  builder_emit(&f->b, BC_ThrowError, ERROR_TypeError, k_cstr(f, "Cannot destructure null or undefined"));
  builder_bind(&f->b, ok);
  uint32_t n = p->properties.count;
  int32_t keys = p->rest ? temp_range(f, n) : -1;
  int32_t key = temp_new(f);
  for (uint32_t i = 0; i < n; i++) {
    Property *prop = (Property *)p->properties.items[i];
    int32_t kr = keys >= 0 ? keys + (int32_t)i : key;
    if (!prop->computed && prop->key->kind == NODE_STRING_LIT && keys < 0) {
      builder_emit(&f->b, BC_GetNamedProperty, src, k_atom(f, ((StringLit *)prop->key)->value), slot_new(f));
    } else {
      (void)gen_property_key(f, prop->key, prop->computed, kr);
      builder_emit(&f->b, BC_Ldar, kr);
      builder_emit(&f->b, BC_GetKeyedProperty, src, slot_new(f));
    }
    bind_element(f, prop->value, init);
  }
  if (p->rest) {
    builder_emit(&f->b, BC_CopyDataPropertiesExcluding, src, keys >= 0 ? keys : 0, n);
    gen_bind(f, p->rest, init);
  }
  temp_release(f, mark);
}

static void bind_array_pattern(FuncGen *f, ArrayPattern *p, bool init) {
  int32_t mark = temp_mark(f), iter = temp_new(f), done = temp_new(f);
  builder_emit(&f->b, BC_GetIterator);
  builder_emit(&f->b, BC_Star, iter);
  for (uint32_t i = 0; i < p->elements.count; i++) {
    builder_emit(&f->b, BC_IteratorStep, iter, done);
    Node *e = p->elements.items[i];
    if (e) bind_element(f, e, init);
  }
  if (p->rest) {
    int32_t arr = temp_new(f);
    builder_emit(&f->b, BC_CreateEmptyArrayLiteral, slot_new(f));
    builder_emit(&f->b, BC_Star, arr);
    Label loop = builder_label(&f->b), end = builder_label(&f->b);
    builder_bind(&f->b, loop);
    builder_emit(&f->b, BC_IteratorStep, iter, done);
    int32_t v = temp_new(f);
    builder_emit(&f->b, BC_Star, v);
    builder_emit(&f->b, BC_Ldar, done);
    builder_jump(&f->b, BC_JumpIfTrue, end);
    builder_emit(&f->b, BC_Ldar, v);
    builder_emit(&f->b, BC_ArrayPush, arr);
    builder_jump(&f->b, BC_JumpLoop, loop, 0);
    builder_bind(&f->b, end);
    builder_emit(&f->b, BC_Ldar, arr);
    gen_bind(f, p->rest, init);
  } else {
    builder_emit(&f->b, BC_IteratorClose, iter);
  }
  temp_release(f, mark);
}

void gen_bind(FuncGen *f, Node *target, bool init) {
  switch (target->kind) {
    case NODE_IDENTIFIER: store_identifier(f, (Identifier *)target, init); return;
    case NODE_OBJECT_PATTERN: bind_object_pattern(f, (ObjectPattern *)target, init); return;
    case NODE_ARRAY_PATTERN: bind_array_pattern(f, (ArrayPattern *)target, init); return;
    case NODE_ASSIGN_PATTERN: bind_element(f, target, init); return;
    case NODE_MEMBER:
    case NODE_INDEX:
    case NODE_PRIVATE_MEMBER:
    case NODE_SUPER_MEMBER:
    case NODE_SUPER_INDEX: {
      int32_t mark = temp_mark(f), v = temp_new(f);
      builder_emit(&f->b, BC_Star, v);
      Ref r;
      ref_prepare(f, &r, target);
      builder_emit(&f->b, BC_Ldar, v);
      ref_store(f, &r);
      temp_release(f, mark);
      return;
    }
    default: gen_fail(f, "this binding target is not supported yet"); return;
  }
}

/* --- the dispatcher ---------------------------------------------------------------------- */
static void gen_unary(FuncGen *f, UnaryExpr *u) {
  Node *a = u->argument;
  switch ((UnaryOp)u->op) {
    case UNOP_NEG: gen_expr(f, a); builder_emit(&f->b, BC_Negate, slot_new(f)); return;
    case UNOP_PLUS: gen_expr(f, a); builder_emit(&f->b, BC_ToNumber, slot_new(f)); return;
    case UNOP_NOT: gen_expr(f, a); builder_emit(&f->b, BC_ToBooleanLogicalNot); return;
    case UNOP_BIT_NOT: gen_expr(f, a); builder_emit(&f->b, BC_BitwiseNot, slot_new(f)); return;
    case UNOP_TYPEOF:
      if (a->kind == NODE_IDENTIFIER) load_identifier(f, (Identifier *)a, true);
      else gen_expr(f, a);
      builder_emit(&f->b, BC_TypeOf);
      return;
    case UNOP_VOID: gen_expr(f, a); builder_emit(&f->b, BC_LdaUndefined); return;
    case UNOP_DELETE: {
      int32_t mark = temp_mark(f);
      if (a->kind == NODE_MEMBER || a->kind == NODE_INDEX) {
        MemberExpr *m = (MemberExpr *)a;
        int32_t obj = temp_new(f);
        gen_expr_to(f, m->object, obj);
        if (a->kind == NODE_MEMBER) builder_emit(&f->b, BC_LdaConstant, k_atom(f, m->name));
        else gen_expr(f, m->index);
        builder_emit(&f->b, f->cur->strict ? BC_DeletePropertyStrict : BC_DeletePropertySloppy, obj);
      } else if (a->kind == NODE_IDENTIFIER) {
        Variable *v = ((Identifier *)a)->annot;
        if (v && v->location == LOC_GLOBAL) {
          int32_t obj = temp_new(f);
          builder_emit(&f->b, BC_LdaGlobalObject);
          builder_emit(&f->b, BC_Star, obj);
          builder_emit(&f->b, BC_LdaConstant, k_atom(f, ((Identifier *)a)->name));
          builder_emit(&f->b, BC_DeletePropertySloppy, obj);
        } else if (v && v->location == LOC_DYNAMIC) {
          builder_emit(&f->b, BC_DeleteLookupSlot, k_atom(f, ((Identifier *)a)->name));
        } else {
          builder_emit(&f->b, BC_LdaFalse);
        }
      } else {
        gen_expr(f, a);
        builder_emit(&f->b, BC_LdaTrue);
      }
      temp_release(f, mark);
      return;
    }
    default: gen_fail(f, "unknown unary operator"); return;
  }
}

static void gen_binary(FuncGen *f, BinaryExpr *e) {
  int32_t mark = temp_mark(f);
  if ((e->op == BINOP_ADD || e->op == BINOP_SUB) && e->right->kind == NODE_NUMBER_LIT) {
    double d = ((NumberLit *)e->right)->value;
    rd_value v = value_from_number(d);
    if (value_is_int32(v) && value_to_int32(v) >= -32768 && value_to_int32(v) <= 32767) {
      gen_expr(f, e->left);
      builder_set_position(&f->b, e->h.start);
      builder_emit(&f->b, e->op == BINOP_ADD ? BC_AddSmi : BC_SubSmi, value_to_int32(v), slot_new(f));
      return;
    }
  }
  int32_t l = temp_new(f);
  gen_expr_to(f, e->left, l);
  gen_expr(f, e->right);
  builder_set_position(&f->b, e->h.start);
  builder_emit(&f->b, binary_bytecode((BinaryOp)e->op), l, slot_new(f));
  if (e->op == BINOP_NE || e->op == BINOP_STRICT_NE) builder_emit(&f->b, BC_LogicalNot);
  temp_release(f, mark);
}

static void gen_logical(FuncGen *f, LogicalExpr *e) {
  Label done = builder_label(&f->b);
  gen_expr(f, e->left);
  if (e->op == LOGOP_AND) {
    builder_jump(&f->b, BC_JumpIfToBooleanFalse, done);
  } else if (e->op == LOGOP_OR) {
    builder_jump(&f->b, BC_JumpIfToBooleanTrue, done);
  } else {
    Label rhs = builder_label(&f->b);
    builder_jump(&f->b, BC_JumpIfUndefinedOrNull, rhs);
    builder_jump(&f->b, BC_Jump, done);
    builder_bind(&f->b, rhs);
  }
  gen_expr(f, e->right);
  builder_bind(&f->b, done);
}

/* acc = a BigInt literal: a constant made at compile time, in old space. */
static void emit_bigint(FuncGen *f, const BigIntLit *l) {
  rd_value v = bigint_from_digits(f->g->rt, l->digits, l->length, l->radix, ALLOC_OLD);
  if (!v) {
    gen_fail(f, NULL);
    return;
  }
  builder_emit(&f->b, BC_LdaConstant, builder_constant(&f->b, v));
}

void gen_expr(FuncGen *f, Node *n) {
  if (f->g->failed) return;
  BytecodeBuilder *b = &f->b;
  builder_set_position(b, n->start);
  switch ((NodeKind)n->kind) {
    case NODE_NUMBER_LIT: emit_number(f, ((NumberLit *)n)->value); return;
    case NODE_STRING_LIT: builder_emit(b, BC_LdaConstant, k_atom(f, ((StringLit *)n)->value)); return;
    case NODE_BOOL_LIT: builder_emit(b, ((BoolLit *)n)->value ? BC_LdaTrue : BC_LdaFalse); return;
    case NODE_NULL_LIT: builder_emit(b, BC_LdaNull); return;
    case NODE_BIGINT_LIT: emit_bigint(f, (BigIntLit *)n); return;
    case NODE_REGEXP_LIT: {
      RegExpLit *r = (RegExpLit *)n;
      uint32_t kp = k_atom(f, r->pattern);
      builder_emit(b, BC_CreateRegExpLiteral, kp, k_atom(f, r->flags_text));
      return;
    }
    case NODE_TEMPLATE_LIT: gen_template(f, (TemplateLit *)n); return;
    case NODE_TAGGED_TEMPLATE: gen_tagged_template(f, (TaggedTemplate *)n); return;
    case NODE_IDENTIFIER: {
      Identifier *id = (Identifier *)n;
      Variable *v = id->annot;
      if (v && v->location == LOC_GLOBAL && atom_equals_ascii(id->name, "undefined")) {
        builder_emit(b, BC_LdaUndefined);   /* the global undefined is read-only */
        return;
      }
      load_identifier(f, id, false);
      return;
    }
    case NODE_THIS: load_this(f, n); return;
    case NODE_NEW_TARGET: {
      Variable *v = scope_resolved(&f->g->sa, n);
      if (v) load_variable(f, v, v->name, n, false);
      else builder_emit(b, BC_LdaUndefined);
      return;
    }
    case NODE_ARRAY_LIT: gen_array_literal(f, (ArrayLit *)n); return;
    case NODE_OBJECT_LIT: gen_object_literal(f, (ObjectLit *)n); return;
    case NODE_FUNCTION_EXPR:
    case NODE_ARROW_FUNCTION: gen_closure(f, (FunctionNode *)n); return;
    case NODE_CLASS_EXPR: gen_class(f, (ClassNode *)n, ((ClassNode *)n)->name); return;
    case NODE_UNARY: gen_unary(f, (UnaryExpr *)n); return;
    case NODE_UPDATE: gen_update(f, (UpdateExpr *)n); return;
    case NODE_BINARY: gen_binary(f, (BinaryExpr *)n); return;
    case NODE_LOGICAL: gen_logical(f, (LogicalExpr *)n); return;
    case NODE_CONDITIONAL: {
      Conditional *c = (Conditional *)n;
      Label then = builder_label(b), other = builder_label(b), done = builder_label(b);
      gen_test(f, c->test, then, other, true);
      builder_bind(b, then);
      gen_expr(f, c->consequent);
      builder_jump(b, BC_Jump, done);
      builder_bind(b, other);
      gen_expr(f, c->alternate);
      builder_bind(b, done);
      return;
    }
    case NODE_ASSIGN: gen_assign(f, (AssignExpr *)n); return;
    case NODE_SEQUENCE: {
      SequenceExpr *s = (SequenceExpr *)n;
      for (uint32_t i = 0; i < s->exprs.count; i++) gen_expr(f, s->exprs.items[i]);
      return;
    }
    case NODE_PRIVATE_IN: {
      PrivateIn *pi = (PrivateIn *)n;
      int32_t mark = temp_mark(f), k = temp_new(f);
      load_private_name(f, pi->name);
      builder_emit(b, BC_Star, k);
      gen_expr(f, pi->right);
      builder_emit(b, BC_TestPrivateIn, k);
      temp_release(f, mark);
      return;
    }
    case NODE_MEMBER:
    case NODE_INDEX:
    case NODE_PRIVATE_MEMBER: {
      MemberExpr *m = (MemberExpr *)n;
      int32_t mark = temp_mark(f), obj = temp_new(f);
      gen_expr_to(f, m->object, obj);
      optional_check(f, m->optional);
      gen_member_load(f, m, obj);
      temp_release(f, mark);
      return;
    }
    case NODE_CALL: gen_call(f, (CallExpr *)n); return;
    case NODE_SUPER_CALL: gen_super_call(f, (CallExpr *)n); return;
    case NODE_SUPER_MEMBER:
    case NODE_SUPER_INDEX: {
      int32_t mark = temp_mark(f), t = temp_new(f);
      load_this(f, n);
      builder_emit(b, BC_Star, t);
      gen_super_load(f, (MemberExpr *)n, t);
      temp_release(f, mark);
      return;
    }
    case NODE_NEW: gen_new(f, (CallExpr *)n); return;
    case NODE_OPTIONAL_CHAIN: {
      Label outer = f->chain_nullish, nullish = builder_label(b), done = builder_label(b);
      f->chain_nullish = nullish;
      gen_expr(f, ((OptionalChain *)n)->expr);
      f->chain_nullish = outer;
      builder_jump(b, BC_Jump, done);
      builder_bind(b, nullish);
      builder_emit(b, BC_LdaUndefined);
      builder_bind(b, done);
      return;
    }
    case NODE_SPREAD: gen_fail(f, "unexpected spread"); return;
    case NODE_YIELD: gen_yield(f, (YieldExpr *)n); return;
    case NODE_AWAIT:
      gen_expr(f, ((AwaitExpr *)n)->argument);
      gen_await_acc(f);
      return;
    case NODE_CALL_RUNTIME: {   /* %Name(args): the arguments in consecutive registers */
      CallRuntime *c = (CallRuntime *)n;
      int32_t mark = temp_mark(f), first = f->temp_top;
      for (uint32_t i = 0; i < c->args.count; i++) gen_expr_to(f, c->args.items[i], temp_new(f));
      builder_set_position(b, n->start);
      builder_emit(b, BC_CallRuntime, c->id, first, c->args.count);
      temp_release(f, mark);
      return;
    }
    case NODE_IMPORT_META: builder_emit(b, BC_GetImportMeta); return;
    case NODE_IMPORT_CALL: {   /* import(specifier [, options]) */
      ImportCall *c = (ImportCall *)n;
      int32_t mark = temp_mark(f), spec = temp_new(f), opts = temp_new(f);
      gen_expr_to(f, c->specifier, spec);
      if (c->options) gen_expr(f, c->options);
      else builder_emit(b, BC_LdaUndefined);
      builder_emit(b, BC_Star, opts);
      builder_emit(b, BC_Ldar, spec);
      builder_emit(b, BC_DynamicImport, opts);
      temp_release(f, mark);
      return;
    }
    default: gen_fail(f, "this expression is not supported yet"); return;
  }
}
