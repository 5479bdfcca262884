/*
 * generator.c - the bytecode generator's core: compiling one function
 * (prologue, body, epilogue) into a SharedFunctionInfo, register and
 * constant management, entering/leaving scopes (contexts, TDZ holes,
 * hoisted function declarations) and loading/storing variables wherever
 * scope analysis put them.
 *
 * Invariant: the generator's view of the context chain matches the
 * interpreter's: a Context is pushed exactly for the scopes whose
 * needs_context is set, in the order they are entered, so the depth of a
 * context slot access is the count of such scopes between the reference
 * and the binding.
 */
#include "bytecode/generator_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "objects/factory.h"
#include "objects/object.h"
#include "objects/string.h"
#include "parser/parser.h"
#include "runtime/ops.h"

/* --- registers, constants, failures --------------------------------------------------- */
int32_t temp_new(FuncGen *f) {
  int32_t r = f->temp_top++;
  if ((uint32_t)f->temp_top > f->b.frame_size) f->b.frame_size = (uint32_t)f->temp_top;
  return r;
}

int32_t temp_range(FuncGen *f, uint32_t n) {
  int32_t first = f->temp_top;
  for (uint32_t i = 0; i < n; i++) (void)temp_new(f);
  return first;
}

void gen_fail(FuncGen *f, const char *msg) {
  if (f->g->failed) return;
  f->g->failed = true;
  if (msg) (void)js_throw(f->g->rt, ERROR_SyntaxError, "%s", msg);
}

static rd_value atom_string(Runtime *rt, const Atom *a);
rd_value gen_atom_string(Runtime *rt, const Atom *a) { return atom_string(rt, a); }

/* The atom as an internalized string (VALUE_EMPTY on OOM). */
static rd_value atom_string(Runtime *rt, const Atom *a) {
  if (a->length == 0) return string_internalize_cstr(rt, "");
  if (a->one_byte) {
    uint8_t buf[256] = {0};   /* (zeroed only to quiet -Wmaybe-uninitialized) */
    uint8_t *p = a->length <= sizeof buf ? buf : malloc(a->length);
    if (!p) return runtime_throw_oom(rt);
    for (uint32_t i = 0; i < a->length; i++) p[i] = (uint8_t)a->chars[i];
    rd_value s = string_internalize_one_byte(rt, p, a->length);
    if (p != buf) free(p);
    return s;
  }
  return string_internalize_two_byte(rt, a->chars, a->length);
}

uint32_t k_atom(FuncGen *f, const Atom *a) {
  rd_value s = atom_string(f->g->rt, a);
  if (!s) {
    gen_fail(f, NULL);
    return 0;
  }
  return builder_constant(&f->b, s);
}

uint32_t k_cstr(FuncGen *f, const char *s) {
  rd_value v = string_internalize_cstr(f->g->rt, s);
  if (!v) {
    gen_fail(f, NULL);
    return 0;
  }
  return builder_constant(&f->b, v);
}

uint32_t k_number(FuncGen *f, double d) { return builder_constant(&f->b, value_from_number(d)); }

void emit_number(FuncGen *f, double d) {
  rd_value v = value_from_number(d);
  if (value_is_int32(v)) {
    int32_t i = value_to_int32(v);
    if (i == 0) builder_emit(&f->b, BC_LdaZero);
    else builder_emit(&f->b, BC_LdaSmi, i);
  } else {
    builder_emit(&f->b, BC_LdaConstant, k_number(f, d));
  }
}

/* --- scope info and contexts ------------------------------------------------------------ */
/* A FixedArray of the names of s's context slots (for lookups by name). */
static rd_value scope_info_new(Runtime *rt, Scope *s);
static uint32_t k_scope_info(FuncGen *f, Scope *s) {
  rd_value a = scope_info_new(f->g->rt, s);
  if (!a) {
    gen_fail(f, NULL);
    return 0;
  }
  return builder_constant(&f->b, a);
}

/* The constant-pool index of the parameter map of function scope s (a
 * mapped arguments object): a FixedArray giving, per formal parameter, the
 * context slot it lives in, or -1 when a later parameter has the same name. */
static uint32_t k_parameter_map(FuncGen *f, Scope *s) {
  Runtime *rt = f->g->rt;
  HANDLE_SCOPE(rt);
  uint32_t n = f->fn->params.count;
  rd_value a = factory_fixed_array(rt, n, value_from_int32(-1), ALLOC_OLD);
  if (!a) {
    f->b.failed = true;
    return 0;
  }
  for (Variable *v = s->vars; v; v = v->next)
    if (v->mode == VAR_MODE_PARAM && v->location == LOC_CONTEXT && v->param_index >= 0 &&
        (uint32_t)v->param_index < n)
      FIXED_ARRAY(a)->data[v->param_index] = value_from_int32(CONTEXT_HEADER_SLOTS + v->index);
  return builder_constant(&f->b, a);
}

/* The scope info FixedArray of s (VALUE_EMPTY on OOM):
 *
 *   [name of slot 0, ..., name of slot n-1, (trailer)]
 *
 * The trailer exists in scopes a sloppy direct eval can declare vars
 * through (see interp_declare_eval_var): a FixedArray [tag, flags of slot
 * 0 .. n-1] with tag SCOPE_INFO_VAR_SCOPE for the function whose context
 * takes the eval's vars (else SCOPE_INFO_LEXICAL_SCOPE), and flags
 * SCOPE_INFO_LEXICAL (let, const, class, block function: a var of that
 * name is a SyntaxError) or SCOPE_INFO_CATCH_PARAM (annex B: allowed), plus
 * SCOPE_INFO_CONST / SCOPE_INFO_SELF for read-only bindings. Scopes with a
 * read-only binding in their context get a trailer too, so that stores by
 * name (eval, with) can refuse them. */
static rd_value scope_info_new(Runtime *rt, Scope *s) {
  HANDLE_SCOPE(rt);
  bool var_scope = s->kind == SCOPE_FUNCTION && s->sloppy_eval;
  bool tagged = var_scope || (s->kind != SCOPE_FUNCTION && s->kind != SCOPE_MODULE && s->closure &&
                              s->closure->sloppy_eval);
  /* read-only bindings in a context are reached by name only through eval
   * or with, whose stores must see that they are read-only */
  for (Variable *v = s->vars; v && !tagged; v = v->next)
    tagged = v->location == LOC_CONTEXT &&
             (v->mode == VAR_MODE_CONST || v->mode == VAR_MODE_CLASS_INNER || v->mode == VAR_MODE_SELF);
  rd_value a = factory_fixed_array(rt, s->context_slots + tagged, VALUE_UNDEFINED, ALLOC_OLD);
  if (!a) return VALUE_EMPTY;
  Handle ha = handle_new(rt, a);
  Handle trailer = NULL;
  if (tagged) {
    rd_value t = factory_fixed_array(rt, 1 + s->context_slots, value_from_int32(0), ALLOC_OLD);
    if (!t) return VALUE_EMPTY;
    trailer = handle_new(rt, t);
    FIXED_ARRAY(t)->data[0] = value_from_int32(var_scope ? SCOPE_INFO_VAR_SCOPE : SCOPE_INFO_LEXICAL_SCOPE);
    HEAP_STORE(value_to_ptr(*ha), FIXED_ARRAY(*ha)->data[s->context_slots], t);
  }
  for (Variable *v = s->vars; v; v = v->next) {
    if (v->location != LOC_CONTEXT) continue;
    /* (an import's slot holds a binding reference, which lookups by name read through) */
    rd_value name = v->mode == VAR_MODE_THIS || v->mode == VAR_MODE_NEW_TARGET
                        ? string_internalize_cstr(rt, v->mode == VAR_MODE_THIS ? ".this" : ".new.target")
                        : atom_string(rt, v->name);
    if (!name) return VALUE_EMPTY;
    HEAP_STORE(value_to_ptr(*ha), FIXED_ARRAY(*ha)->data[v->index], name);
    if (trailer) {
      bool lexical = v->mode == VAR_MODE_LET || v->mode == VAR_MODE_CONST || v->mode == VAR_MODE_CLASS ||
                     (!var_scope && v->mode == VAR_MODE_FUNCTION);
      int32_t flag = v->mode == VAR_MODE_CATCH ? SCOPE_INFO_CATCH_PARAM : lexical ? SCOPE_INFO_LEXICAL : 0;
      if (v->mode == VAR_MODE_CONST || v->mode == VAR_MODE_CLASS_INNER) flag |= SCOPE_INFO_CONST;
      if (v->mode == VAR_MODE_SELF) flag |= SCOPE_INFO_SELF;
      FIXED_ARRAY(*trailer)->data[1 + v->index] = value_from_int32(flag);
    }
  }
  return *ha;
}

/* Number of pushed contexts between the current scope and target. */
static int32_t context_depth(FuncGen *f, Scope *target) {
  int32_t d = 0;
  for (Scope *s = f->cur; s && s != target; s = s->outer)
    if (s->needs_context) d++;
  return d;
}

static void push_control(FuncGen *f, Control *c, ControlKind kind) {
  memset(c, 0, sizeof *c);
  c->kind = kind;
  c->continue_label = -1;
  c->outer = f->control;
  f->control = c;
}

void hoist_functions(FuncGen *f, NodeList *body, Scope *s) {
  for (uint32_t i = 0; i < body->count; i++) {
    Node *n = body->items[i];
    if (n->kind == NODE_EXPORT_NAMED && ((ExportNamed *)n)->declaration)
      n = ((ExportNamed *)n)->declaration;
    if (n->kind == NODE_EXPORT_DEFAULT && ((ExportDefault *)n)->value->kind == NODE_FUNCTION_DECL) {
      FunctionNode *fn = (FunctionNode *)((ExportDefault *)n)->value;
      if (!fn->name) {   /* export default function () {}: *default*, named "default" */
        const AtomTable *at = &f->g->ast->atoms;
        Variable *v = scope_lookup_own(s, at->wk[WK_star_default]);
        if (!v) continue;
        fn->name = at->wk[WK_default];   /* only the SharedFunctionInfo's name */
        gen_closure(f, fn);
        fn->name = NULL;
        store_variable(f, v, v->name, NULL, true);
        continue;
      }
      n = &fn->h;
    }
    if (n->kind != NODE_FUNCTION_DECL || !((FunctionNode *)n)->name) continue;
    FunctionNode *fn = (FunctionNode *)n;
    Variable *v = scope_lookup_own(s, fn->name);
    if (!v) continue;
    gen_closure(f, fn);
    if (v->location == LOC_GLOBAL) {
      builder_emit(&f->b, BC_StaGlobal, k_atom(f, fn->name), slot_new(f));
    } else {
      store_variable(f, v, fn->name, NULL, true);
    }
  }
}

void scope_enter(FuncGen *f, Scope *s, Control *ctl) {
  if (s->needs_context && s->kind != SCOPE_WITH) {
    builder_emit(&f->b, BC_CreateFunctionContext, k_scope_info(f, s), s->context_slots);
    push_control(f, ctl, CONTROL_CONTEXT);
    ctl->saved_context = temp_new(f);
    builder_emit(&f->b, BC_PushContext, ctl->saved_context);
  }
  f->cur = s;
  for (Variable *v = s->vars; v; v = v->next) {
    if (!v->needs_tdz || v->mode == VAR_MODE_THIS) continue;
    builder_emit(&f->b, BC_LdaTheHole);
    store_variable(f, v, v->name, NULL, true);
  }
}

void scope_leave(FuncGen *f, Scope *s, Control *ctl) {
  if (s->needs_context && s->kind != SCOPE_WITH) {
    builder_emit(&f->b, BC_PopContext, ctl->saved_context);
    f->control = ctl->outer;
  }
  f->cur = s->outer;
}

/* --- variables ------------------------------------------------------------------------------ */
/* True when a read of v at ref certainly happens after v's initialization. */
static bool tdz_elidable(FuncGen *f, Variable *v, const Node *ref) {
  if (!ref || !v->scope || v->scope->closure != f->scope || !v->initialized_at) return false;
  if (v->scope->node && v->scope->node->kind == NODE_SWITCH) return false;
  return ref->start >= v->initialized_at;
}

void load_variable(FuncGen *f, Variable *v, const Atom *name, const Node *ref, bool inside_typeof) {
  BytecodeBuilder *b = &f->b;
  switch ((VarLocation)v->location) {
    case LOC_PARAM: builder_emit(b, BC_Ldar, builder_parameter((uint32_t)v->index)); break;
    case LOC_NONE:
    case LOC_REGISTER: builder_emit(b, BC_Ldar, v->index); break;
    case LOC_CONTEXT: {
      int32_t d = context_depth(f, v->scope);
      if (v->mode == VAR_MODE_IMPORT) {   /* through the binding reference (TDZ checked) */
        builder_emit(b, BC_LdaModuleVariable, CONTEXT_HEADER_SLOTS + v->index, d, k_atom(f, name));
        return;
      }
      if (d == 0) builder_emit(b, BC_LdaCurrentContextSlot, CONTEXT_HEADER_SLOTS + v->index);
      else builder_emit(b, BC_LdaContextSlot, CONTEXT_HEADER_SLOTS + v->index, d);
      break;
    }
    case LOC_SCRIPT:   /* LdaGlobal checks the lexical record (and its TDZ) first */
    case LOC_GLOBAL:
      builder_emit(b, inside_typeof ? BC_LdaGlobalInsideTypeof : BC_LdaGlobal, k_atom(f, name),
                   slot_new(f));
      return;
    case LOC_DYNAMIC:
      builder_emit(b, inside_typeof ? BC_LdaLookupSlotInsideTypeof : BC_LdaLookupSlot, k_atom(f, name));
      return;
  }
  if (v->mode == VAR_MODE_THIS && v->needs_tdz) builder_emit(b, BC_ThrowSuperNotCalledIfHole);
  else if (v->needs_tdz && !tdz_elidable(f, v, ref)) builder_emit(b, BC_ThrowReferenceErrorIfHole, k_atom(f, name));
}

static void store_raw(FuncGen *f, Variable *v, const Atom *name) {
  BytecodeBuilder *b = &f->b;
  switch ((VarLocation)v->location) {
    case LOC_PARAM: builder_emit(b, BC_Star, builder_parameter((uint32_t)v->index)); break;
    case LOC_NONE:
    case LOC_REGISTER: builder_emit(b, BC_Star, v->index); break;
    case LOC_CONTEXT: {
      int32_t d = context_depth(f, v->scope);
      if (d == 0) builder_emit(b, BC_StaCurrentContextSlot, CONTEXT_HEADER_SLOTS + v->index);
      else builder_emit(b, BC_StaContextSlot, CONTEXT_HEADER_SLOTS + v->index, d);
      break;
    }
    case LOC_GLOBAL:
    case LOC_SCRIPT: builder_emit(b, BC_StaGlobal, k_atom(f, name), slot_new(f)); break;
    case LOC_DYNAMIC: builder_emit(b, BC_StaLookupSlot, k_atom(f, name), f->cur->strict ? 1 : 0); break;
  }
}

void store_variable(FuncGen *f, Variable *v, const Atom *name, const Node *ref, bool init) {
  if (init && v->location == LOC_SCRIPT) {
    builder_emit(&f->b, BC_StaScriptInit, k_atom(f, name), v->mode == VAR_MODE_CONST ? 1 : 0);
    if (ref && !v->initialized_at) v->initialized_at = ref->end;
    return;
  }
  if (init) {
    store_raw(f, v, name);
    if (ref && v->needs_tdz && v->mode != VAR_MODE_THIS && !v->initialized_at)
      v->initialized_at = ref->end;
    return;
  }
  bool is_const = v->mode == VAR_MODE_CONST || v->mode == VAR_MODE_CLASS_INNER || v->mode == VAR_MODE_IMPORT;
  if (v->mode == VAR_MODE_SELF) {
    if (f->cur->strict) builder_emit(&f->b, BC_ThrowConstAssignment, k_atom(f, name));
    return;   /* sloppy: silently ignored */
  }
  if ((v->needs_tdz && !tdz_elidable(f, v, ref)) || is_const) {
    int32_t mark = temp_mark(f), t = temp_new(f);
    builder_emit(&f->b, BC_Star, t);
    load_variable(f, v, name, ref, false);
    if (is_const) builder_emit(&f->b, BC_ThrowConstAssignment, k_atom(f, name));
    builder_emit(&f->b, BC_Ldar, t);
    temp_release(f, mark);
    if (is_const) return;
  }
  store_raw(f, v, name);
}

void load_identifier(FuncGen *f, Identifier *id, bool inside_typeof) {
  Variable *v = id->annot;
  if (!v) {
    gen_fail(f, "internal error: unresolved identifier");
    return;
  }
  load_variable(f, v, id->name, &id->h, inside_typeof);
}

void store_identifier(FuncGen *f, Identifier *id, bool init) {
  Variable *v = id->annot;
  if (!v) {
    gen_fail(f, "internal error: unresolved identifier");
    return;
  }
  store_variable(f, v, id->name, &id->h, init);
}

void load_this_for_eval(FuncGen *f) {
  for (Scope *s = f->cur; s; s = s->outer) {
    if (s->kind == SCOPE_FUNCTION && !s->is_arrow) {
      if (s->this_var && s->this_var->location != LOC_PARAM) {
        Variable *v = s->this_var;
        load_variable(f, v, f->g->ast->atoms.wk[WK_this], NULL, false);
        return;
      }
      break;
    }
  }
  builder_emit(&f->b, BC_Ldar, builder_parameter(0));
}

void load_this(FuncGen *f, const Node *n) {
  Variable *v = scope_resolved(&f->g->sa, n);
  if (!v) {
    builder_emit(&f->b, BC_Ldar, builder_parameter(0));
    return;
  }
  load_variable(f, v, f->g->ast->atoms.wk[WK_this], n, false);
}

/* --- functions ------------------------------------------------------------------------------- */
static uint32_t sfi_flags(FunctionNode *fn, bool strict) {
  uint32_t fl = strict ? SFI_STRICT : 0;
  if (!fn) return fl | SFI_SCRIPT | SFI_NOT_CONSTRUCTOR;
  if (fn->is_generator) fl |= SFI_GENERATOR;
  if (fn->is_async) fl |= SFI_ASYNC;
  switch ((FuncKind)fn->kind) {
    case FUNC_NORMAL:
      if (fn->is_generator || fn->is_async) fl |= SFI_NOT_CONSTRUCTOR;
      break;
    case FUNC_ARROW: fl |= SFI_ARROW | SFI_NOT_CONSTRUCTOR; break;
    case FUNC_METHOD:
    case FUNC_GETTER:
    case FUNC_SETTER:
    case FUNC_FIELD_INIT:
    case FUNC_STATIC_BLOCK: fl |= SFI_METHOD | SFI_NOT_CONSTRUCTOR; break;
    case FUNC_CLASS_CONSTRUCTOR: fl |= SFI_CLASS_CONSTRUCTOR; break;
    case FUNC_DERIVED_CONSTRUCTOR: fl |= SFI_CLASS_CONSTRUCTOR | SFI_DERIVED_CONSTRUCTOR; break;
  }
  return fl;
}

/* Emits the function's prologue: context, parameters, special bindings,
 * hoisted declarations. */
static void gen_prologue(FuncGen *f) {
  Scope *s = f->scope;
  BytecodeBuilder *b = &f->b;
  FunctionNode *fn = f->fn;
  if (s->needs_context && s->kind != SCOPE_MODULE) {   /* a module's is the closure's context */
    builder_emit(b, BC_CreateFunctionContext, k_scope_info(f, s), s->context_slots);
    builder_emit(b, BC_PushContext, temp_new(f));
  }
  f->cur = s;
  /* A module function called with true instantiates its environment (the
   * code up to the hoisted functions) and returns; with false it runs the body. */
  Label module_body = -1;
  if (s->kind == SCOPE_MODULE) {
    module_body = builder_label(b);
    builder_emit(b, BC_Ldar, builder_parameter(1));
    builder_jump(b, BC_JumpIfToBooleanFalse, module_body);
  }
  /* Parameters that live in the context, and the special bindings. */
  for (Variable *v = s->vars; v; v = v->next) {
    switch ((VarMode)v->mode) {
      case VAR_MODE_PARAM:
        if (v->location != LOC_PARAM && v->param_index >= 0) {
          builder_emit(b, BC_Ldar, builder_parameter((uint32_t)v->param_index + 1));
          store_variable(f, v, v->name, NULL, true);
        }
        break;
      case VAR_MODE_THIS:
        if (v->needs_tdz) builder_emit(b, BC_LdaTheHole);
        else if (v->location == LOC_PARAM) break;
        else builder_emit(b, BC_Ldar, builder_parameter(0));
        store_variable(f, v, v->name, NULL, true);
        break;
      case VAR_MODE_NEW_TARGET:
        builder_emit(b, BC_LdaNewTarget);
        store_variable(f, v, v->name, NULL, true);
        break;
      case VAR_MODE_SELF:
        builder_emit(b, BC_LdaFunction);
        store_variable(f, v, v->name, NULL, true);
        break;
      case VAR_MODE_ARGUMENTS:
        if (scope_maps_arguments(s)) builder_emit(b, BC_CreateMappedArguments, k_parameter_map(f, s));
        else builder_emit(b, BC_CreateArguments);
        store_variable(f, v, v->name, NULL, true);
        break;
      case VAR_MODE_LET:
      case VAR_MODE_CONST:
      case VAR_MODE_CLASS:
        if (v->location == LOC_SCRIPT) {
          builder_emit(b, BC_DeclareScriptLexical, k_atom(f, v->name), v->mode == VAR_MODE_CONST ? 1 : 0);
          break;
        }
        builder_emit(b, BC_LdaTheHole);
        store_variable(f, v, v->name, NULL, true);
        break;
      case VAR_MODE_VAR:
      case VAR_MODE_FUNCTION:
        if (v->location == LOC_GLOBAL) builder_emit(b, BC_DeclareGlobal, k_atom(f, v->name));
        else if (v->location == LOC_DYNAMIC && s->kind == SCOPE_EVAL)
          builder_emit(b, BC_DeclareEvalVar, k_atom(f, v->name));
        break;
      default: break;
    }
  }
  NodeList *body = fn ? &fn->body : &f->g->ast->program->body;
  if (!fn || !fn->is_expression_body) hoist_functions(f, body, s);
  if (s->kind == SCOPE_MODULE) {
    builder_emit(b, BC_LdaUndefined);
    gen_return_acc(f);
    builder_bind(b, module_body);
  }
  if (!fn) return;
  if (fn->kind == FUNC_CLASS_CONSTRUCTOR) gen_initialize_fields(f, builder_parameter(0));
  /* Destructuring / default parameters, then rest. A non-simple list binds
   * every parameter in order from a copy of the arguments, all of them
   * uninitialized (TDZ) until then. */
  if (!fn->simple_params) {
    int32_t copies = temp_range(f, fn->params.count);
    for (uint32_t i = 0; i < fn->params.count; i++) {
      builder_emit(b, BC_Ldar, builder_parameter(i + 1));
      builder_emit(b, BC_Star, copies + (int32_t)i);
    }
    for (Variable *v = s->vars; v; v = v->next) {
      if (v->mode != VAR_MODE_PARAM || v->location == LOC_NONE) continue;
      builder_emit(b, BC_LdaTheHole);
      store_variable(f, v, v->name, NULL, true);
    }
    f->in_params = true;   /* a direct eval here may not declare "arguments" */
    for (uint32_t i = 0; i < fn->params.count; i++) {
      builder_emit(b, BC_Ldar, copies + (int32_t)i);
      gen_bind(f, fn->params.items[i], true);
    }
    f->in_params = false;
  } else {
    for (uint32_t i = 0; i < fn->params.count; i++) {
      Node *p = fn->params.items[i];
      if (p->kind == NODE_IDENTIFIER && !fn->has_duplicate_params) continue;
      builder_emit(b, BC_Ldar, builder_parameter(i + 1));
      gen_bind(f, p, true);
    }
  }
  if (fn->rest) {
    builder_emit(b, BC_CreateRestParameter, fn->params.count);
    gen_bind(f, fn->rest, true);
  }
}

/* Compiles a function (fn, or the script when fn is NULL) into a SharedFunctionInfo. */
static rd_value compile_function(Gen *g, FuncGen *parent, FunctionNode *fn, const Atom *name);
rd_value gen_compile_function(Gen *g, FuncGen *parent, FunctionNode *fn, const Atom *name) {
  return compile_function(g, parent, fn, name);
}

static rd_value compile_function(Gen *g, FuncGen *parent, FunctionNode *fn, const Atom *name) {
  Runtime *rt = g->rt;
  HANDLE_SCOPE(rt);
  Scope *s = fn ? scope_of(&g->sa, fn) : g->sa.top;
  if (!s) {
    g->failed = true;
    return js_throw(rt, ERROR_SyntaxError, "internal error: function without scope");
  }
  FuncGen f = {0};
  f.g = g;
  f.parent = parent;
  f.fn = fn;
  f.scope = s;
  f.cur = s;
  f.completion_reg = -1;
  f.chain_nullish = -1;
  f.generator_reg = -1;
  f.dispose_reg = -1;
  f.module_async = !fn && g->module && g->ast->program->has_top_level_await;
  builder_init(&f.b, rt, fn ? fn->params.count : g->module ? 1 : 0);
  f.b.frame_size = s->register_count;
  f.temp_top = (int32_t)s->register_count;
  if (!fn) {
    f.completion_reg = temp_new(&f);
    builder_emit(&f.b, BC_LdaUndefined);
    builder_emit(&f.b, BC_Star, f.completion_reg);
  }
  AsyncBody ab;
  if (gen_is_async_fn(&f)) gen_async_body_begin(&f, &ab);
  gen_prologue(&f);
  if (fn && fn->is_generator) gen_generator_start(&f);
  if (fn && fn->is_expression_body) {
    gen_expr(&f, fn->expr_body);
    gen_return_acc(&f);
  } else {
    NodeList *body = fn ? &fn->body : &g->ast->program->body;
    UsingScope u;
    using_scope_begin(&f, &u, using_kind_of_list(body));
    gen_stmts(&f, body);
    using_scope_end(&f, &u);
    if (!fn) builder_emit(&f.b, BC_Ldar, f.completion_reg);
    else builder_emit(&f.b, BC_LdaUndefined);
    gen_return_acc(&f);
  }
  if (gen_is_async_fn(&f)) gen_async_body_end(&f, &ab);
  if (g->failed) {
    builder_free(&f.b);
    return VALUE_EMPTY;
  }
  rd_value ba = builder_finish(&f.b);
  builder_free(&f.b);
  if (!ba) {
    g->failed = true;
    return VALUE_EMPTY;
  }
  Handle hba = handle_new(rt, ba);
  rd_value nm = name ? atom_string(rt, name) : ROOT(rt, empty_string);
  if (!nm) goto oom;
  Handle hname = handle_new(rt, nm);
  rd_value sfi = shared_info_new(rt, hname, hba, fn ? fn->length : 0);
  if (!sfi) goto oom;
  SharedFunctionInfo *info = (SharedFunctionInfo *)value_to_ptr(sfi);
  info->flags = value_from_int32((int32_t)sfi_flags(fn, s->strict));
  if (!fn && g->module) {   /* not SFI_SCRIPT: the module code is run by module.c */
    info->flags = value_from_int32(SFI_STRICT | SFI_NOT_CONSTRUCTOR | (f.module_async ? SFI_ASYNC : 0));
    Handle hsfi = handle_new(rt, sfi);
    rd_value si = scope_info_new(rt, s);
    if (!si) goto oom;
    sfi = *hsfi;
    info = (SharedFunctionInfo *)value_to_ptr(sfi);
    HEAP_STORE(info, info->scope_info, si);
  }
  info->start_position = value_from_int32(fn ? (int32_t)fn->h.start : 0);
  info->end_position = value_from_int32(fn ? (int32_t)fn->h.end : (int32_t)g->ast->source_len);
  if (g->script) HEAP_STORE(info, info->script, *g->script);
  return sfi;
oom:
  g->failed = true;
  return VALUE_EMPTY;
}

uint32_t compile_nested(FuncGen *f, FunctionNode *fn) {
  if (f->g->failed) return 0;
  rd_value sfi = compile_function(f->g, f, fn, fn->name);
  if (!sfi) {
    f->g->failed = true;
    return 0;
  }
  return builder_constant(&f->b, sfi);
}

void gen_closure(FuncGen *f, FunctionNode *fn) {
  uint32_t k = compile_nested(f, fn);
  builder_emit(&f->b, BC_CreateClosure, k, slot_new(f));
}

/* --- entry points ---------------------------------------------------------------------------- */
static rd_value script_new(Runtime *rt, const Ast *ast, const char *name);
rd_value gen_script_new(Runtime *rt, const Ast *ast, const char *name) { return script_new(rt, ast, name); }
rd_value compiler_script_new(Runtime *rt, const Ast *ast, const char *name) { return script_new(rt, ast, name); }

static rd_value script_new(Runtime *rt, const Ast *ast, const char *name) {
  HANDLE_SCOPE(rt);
  rd_value src = string_from_utf8(rt, ast->source ? ast->source : "", ast->source ? ast->source_len : 0);
  if (!src) return VALUE_EMPTY;
  Handle hsrc = handle_new(rt, src);
  rd_value nm = string_from_cstr(rt, name);
  if (!nm) return VALUE_EMPTY;
  Handle hnm = handle_new(rt, nm);
  Script *s = (Script *)runtime_allocate(rt, sizeof(Script), ALLOC_OLD, ROOT_SLOT(rt, script_map));
  if (!s) return VALUE_EMPTY;
  s->source = *hsrc;
  s->name = *hnm;
  s->line_ends = VALUE_UNDEFINED;
  heap_write_barrier_range((HeapObject *)s, &s->source, 2);
  return value_from_ptr(s);
}

rd_value compiler_compile_script(Runtime *rt, const Ast *ast, Handle script) {
  HANDLE_SCOPE(rt);
  Gen g = {0};
  g.rt = rt;
  g.ast = ast;
  if (!script) {
    rd_value s = script_new(rt, ast, "<script>");
    if (!s) return VALUE_EMPTY;
    script = handle_new(rt, s);
  }
  g.script = script;
  if (!scope_analyze(&g.sa, (Ast *)ast)) {
    scope_analysis_free(&g.sa);
    return js_throw(rt, ERROR_SyntaxError, "%s", g.sa.error);
  }
  rd_value sfi = compile_function(&g, NULL, NULL, NULL);
  scope_analysis_free(&g.sa);
  if (!sfi) {
    if (!runtime_has_exception(rt)) runtime_throw_oom(rt);
    return VALUE_EMPTY;
  }
  Handle hsfi = handle_new(rt, sfi);
  return function_new(rt, hsfi, NULL);
}

/* True when sloppy eval code declares a var (or function) named
 * "arguments", which PerformEval forbids in parameter expressions. */
static bool eval_declares_arguments(const ScopeAnalysis *sa) {
  const Scope *top = sa->top;
  if (!top || top->strict) return false;
  for (const Variable *v = top->vars; v; v = v->next)
    if ((v->mode == VAR_MODE_VAR || v->mode == VAR_MODE_FUNCTION) && v->name->wk == WK_arguments) return true;
  return false;
}

rd_value compiler_compile_eval(Runtime *rt, Handle source, bool strict, bool direct, uint32_t eval_flags,
                               Handle context) {
  HANDLE_SCOPE(rt);
  size_t len = 0;
  char *src = string_to_utf8(*source, &len);
  if (!src) return runtime_throw_oom(rt);
  ParseOptions opts = {.goal = PARSE_GOAL_SCRIPT, .filename = "<eval>", .strict = strict, .is_eval = true,
                       .eval_flags = eval_flags};
  ParseError err;
  Ast *ast = parser_parse(src, len, &opts, &err);
  free(src);
  if (!ast) {
    char buf[400];
    return js_throw(rt, ERROR_SyntaxError, "%s", parse_error_format(&err, buf, sizeof buf));
  }
  rd_value r = VALUE_EMPTY;
  rd_value sc = script_new(rt, ast, "<eval>");
  if (sc) {
    Handle hs = handle_new(rt, sc);
    Gen g = {0};
    g.rt = rt;
    g.ast = ast;
    g.script = hs;
    if (!scope_analyze_eval(&g.sa, ast, direct)) {
      js_throw(rt, ERROR_SyntaxError, "%s", g.sa.error);
    } else if ((eval_flags & EVAL_IN_PARAMS) && eval_declares_arguments(&g.sa)) {
      js_throw(rt, ERROR_SyntaxError, "eval in a parameter expression cannot declare 'arguments'");
    } else {
      rd_value sfi = compile_function(&g, NULL, NULL, NULL);
      if (sfi) {
        Handle hsfi = handle_new(rt, sfi);
        r = function_new(rt, hsfi, context);
      } else if (!runtime_has_exception(rt)) {
        runtime_throw_oom(rt);
      }
    }
    scope_analysis_free(&g.sa);
  }
  ast_free(ast);
  return r;
}

rd_value compiler_create_dynamic_function(Runtime *rt, Handle params, Handle body, int kind) {
  HANDLE_SCOPE(rt);
  size_t plen = 0, blen = 0;
  char *p = string_to_utf8(*params, &plen);
  char *b = p ? string_to_utf8(*body, &blen) : NULL;
  if (!b) {
    free(p);
    return runtime_throw_oom(rt);
  }
  ParseOptions opts = {.goal = PARSE_GOAL_SCRIPT, .filename = "<anonymous>"};
  ParseError err;
  Ast *ast = parser_parse_function(p, plen, b, blen, (DynamicFunctionKind)kind, &opts, &err);
  free(p);
  free(b);
  if (!ast) {
    char buf[400];
    return js_throw(rt, ERROR_SyntaxError, "%s", parse_error_format(&err, buf, sizeof buf));
  }
  rd_value r = VALUE_EMPTY;
  rd_value sc = script_new(rt, ast, "<anonymous>");
  if (sc) {
    Handle hs = handle_new(rt, sc);
    rd_value fn = compiler_compile_script(rt, ast, hs);
    if (fn) {
      Handle hfn = handle_new(rt, fn);
      r = interp_call(rt, hfn, ROOT_SLOT(rt, global_object), 0, NULL);
    }
  }
  ast_free(ast);
  return r;
}

rd_value compiler_run_script(Runtime *rt, const char *source, size_t len, const char *filename) {
  ParseOptions opts = {.goal = PARSE_GOAL_SCRIPT, .filename = filename};
  ParseError err;
  Ast *ast = parser_parse(source, len, &opts, &err);
  if (!ast) {
    char buf[400];
    return js_throw(rt, ERROR_SyntaxError, "%s", parse_error_format(&err, buf, sizeof buf));
  }
  HANDLE_SCOPE(rt);
  rd_value s = script_new(rt, ast, filename ? filename : "<script>");
  rd_value r = VALUE_EMPTY;
  if (s) {
    Handle hs = handle_new(rt, s);
    rd_value fn = compiler_compile_script(rt, ast, hs);
    if (fn) {
      Handle hfn = handle_new(rt, fn);
      r = interp_call(rt, hfn, ROOT_SLOT(rt, global_object), 0, NULL);
    }
  }
  ast_free(ast);
  return r;
}
