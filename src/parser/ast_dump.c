/*
 * ast_dump.c - prints an AST as an indented S-expression, one node per
 * line: "(KIND attributes" then the children one level deeper. Used by the
 * parser's tests and `parsecheck --dump`.
 *
 * Invariant: the output depends only on the tree (no addresses), so tests
 * can compare it textually; recursion depth is the tree depth, which the
 * parser bounds by PARSER_MAX_DEPTH.
 */
#include <stdlib.h>

#include "parser/ast.h"
#include "runtime/natives.h"

static void indent(FILE *o, int d) {
  for (int i = 0; i < d; i++) fputs("  ", o);
}

static void put_atom(FILE *o, const Atom *a) {
  if (!a) { fputs("<null>", o); return; }
  char buf[256];
  atom_to_utf8(a, buf, sizeof buf);
  fputc('"', o);
  for (const char *s = buf; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', o);
    if (*s == '\n') { fputs("\\n", o); continue; }
    fputc(*s, o);
  }
  fputc('"', o);
}

static void dump(const Node *n, FILE *o, int d);

static void dump_list(const NodeList *l, FILE *o, int d) {
  for (uint32_t i = 0; i < l->count; i++) {
    if (l->items[i]) {
      dump(l->items[i], o, d);
    } else {
      indent(o, d);
      fputs("(HOLE)\n", o);
    }
  }
}

static void child(const char *label, const Node *n, FILE *o, int d) {
  if (!n) return;
  indent(o, d);
  fprintf(o, "%s:\n", label);
  dump(n, o, d + 1);
}

static void dump_function(const FunctionNode *f, FILE *o, int d) {
  static const char *const kinds[] = {"normal", "arrow", "method", "getter", "setter",
                                      "ctor", "derived-ctor", "field", "static-block"};
  fprintf(o, " %s", kinds[f->kind]);
  if (f->name) { fputc(' ', o); put_atom(o, f->name); }
  if (f->is_async) fputs(" async", o);
  if (f->is_generator) fputs(" generator", o);
  if (f->strict) fputs(" strict", o);
  if (!f->simple_params) fputs(" non-simple", o);
  if (f->contains_direct_eval) fputs(" eval", o);
  if (f->uses_arguments) fputs(" arguments", o);
  if (f->uses_this) fputs(" this", o);
  if (f->uses_super_property) fputs(" super-prop", o);
  if (f->uses_super_call) fputs(" super-call", o);
  if (f->uses_new_target) fputs(" new.target", o);
  if (f->annexb_hoist) fputs(" annexb", o);
  fprintf(o, " length=%u\n", f->length);
  if (f->params.count) {
    indent(o, d + 1);
    fputs("params:\n", o);
    dump_list(&f->params, o, d + 2);
  }
  child("rest", f->rest, o, d + 1);
  if (f->is_expression_body) {
    child("body", f->expr_body, o, d + 1);
  } else if (f->body.count) {
    indent(o, d + 1);
    fputs("body:\n", o);
    dump_list(&f->body, o, d + 2);
  }
}

static void dump(const Node *n, FILE *o, int d) {
  indent(o, d);
  fprintf(o, "(%s", ast_kind_name((NodeKind)n->kind));
  if (n->flags & NODE_FLAG_PARENS) fputs(" parens", o);
  switch (n->kind) {
    case NODE_PROGRAM: {
      const Program *p = (const Program *)n;
      if (p->is_module) fputs(" module", o);
      if (p->strict) fputs(" strict", o);
      fputc('\n', o);
      dump_list(&p->body, o, d + 1);
      break;
    }
    case NODE_VAR_DECL: {
      const VarDecl *v = (const VarDecl *)n;
      static const char *const kinds[] = {"var", "let", "const", "using", "await using"};
      fprintf(o, " %s\n", kinds[v->kind]);
      dump_list(&v->decls, o, d + 1);
      break;
    }
    case NODE_VAR_DECLARATOR: {
      const VarDeclarator *v = (const VarDeclarator *)n;
      fputc('\n', o);
      dump(v->target, o, d + 1);
      child("init", v->init, o, d + 1);
      break;
    }
    case NODE_FUNCTION_DECL: case NODE_FUNCTION_EXPR: case NODE_ARROW_FUNCTION:
      dump_function((const FunctionNode *)n, o, d);
      break;
    case NODE_CLASS_DECL: case NODE_CLASS_EXPR: {
      const ClassNode *c = (const ClassNode *)n;
      if (c->name) { fputc(' ', o); put_atom(o, c->name); }
      fputc('\n', o);
      child("extends", c->heritage, o, d + 1);
      child("constructor", (const Node *)c->constructor, o, d + 1);
      dump_list(&c->members, o, d + 1);
      break;
    }
    case NODE_CLASS_MEMBER: {
      static const char *const kinds[] = {"method", "get", "set", "field", "static-block"};
      const ClassMember *m = (const ClassMember *)n;
      fprintf(o, " %s%s%s\n", kinds[m->kind], m->is_static ? " static" : "",
              m->computed ? " computed" : "");
      if (m->key) dump(m->key, o, d + 1);
      if (m->value) dump(&m->value->h, o, d + 1);
      break;
    }
    case NODE_EXPR_STMT: {
      const ExprStmt *s = (const ExprStmt *)n;
      fputs(s->directive ? " directive\n" : "\n", o);
      dump(s->expr, o, d + 1);
      break;
    }
    case NODE_BLOCK:
      fputc('\n', o);
      dump_list(&((const Block *)n)->body, o, d + 1);
      break;
    case NODE_IF: {
      const IfStmt *s = (const IfStmt *)n;
      fputc('\n', o);
      dump(s->test, o, d + 1);
      dump(s->consequent, o, d + 1);
      child("else", s->alternate, o, d + 1);
      break;
    }
    case NODE_FOR: {
      const ForStmt *s = (const ForStmt *)n;
      fputc('\n', o);
      child("init", s->init, o, d + 1);
      child("test", s->test, o, d + 1);
      child("update", s->update, o, d + 1);
      dump(s->body, o, d + 1);
      break;
    }
    case NODE_FOR_IN: case NODE_FOR_OF: {
      const ForInOf *s = (const ForInOf *)n;
      fputs(s->is_await ? " await\n" : "\n", o);
      dump(s->left, o, d + 1);
      dump(s->right, o, d + 1);
      dump(s->body, o, d + 1);
      break;
    }
    case NODE_WHILE: case NODE_DO_WHILE: {
      const WhileStmt *s = (const WhileStmt *)n;
      fputc('\n', o);
      dump(s->test, o, d + 1);
      dump(s->body, o, d + 1);
      break;
    }
    case NODE_CONTINUE: case NODE_BREAK: {
      const JumpStmt *s = (const JumpStmt *)n;
      if (s->label) { fputc(' ', o); put_atom(o, s->label); }
      if (s->target) fprintf(o, " -> %s", ast_kind_name((NodeKind)s->target->kind));
      fputc('\n', o);
      break;
    }
    case NODE_RETURN:
      fputc('\n', o);
      if (((const ReturnStmt *)n)->argument) dump(((const ReturnStmt *)n)->argument, o, d + 1);
      break;
    case NODE_WITH:
      fputc('\n', o);
      dump(((const WithStmt *)n)->object, o, d + 1);
      dump(((const WithStmt *)n)->body, o, d + 1);
      break;
    case NODE_SWITCH:
      fputc('\n', o);
      dump(((const SwitchStmt *)n)->discriminant, o, d + 1);
      dump_list(&((const SwitchStmt *)n)->cases, o, d + 1);
      break;
    case NODE_SWITCH_CASE: {
      const SwitchCase *c = (const SwitchCase *)n;
      fputs(c->test ? "\n" : " default\n", o);
      if (c->test) dump(c->test, o, d + 1);
      dump_list(&c->body, o, d + 1);
      break;
    }
    case NODE_LABELED:
      fputc(' ', o);
      put_atom(o, ((const LabeledStmt *)n)->label);
      fputc('\n', o);
      dump(((const LabeledStmt *)n)->body, o, d + 1);
      break;
    case NODE_THROW:
      fputc('\n', o);
      dump(((const ThrowStmt *)n)->argument, o, d + 1);
      break;
    case NODE_TRY: {
      const TryStmt *s = (const TryStmt *)n;
      fputc('\n', o);
      dump(&s->block->h, o, d + 1);
      child("param", s->catch_param, o, d + 1);
      child("catch", (const Node *)s->catch_body, o, d + 1);
      child("finally", (const Node *)s->finalizer, o, d + 1);
      break;
    }
    case NODE_IMPORT_DECL: {
      const ImportDecl *s = (const ImportDecl *)n;
      fputc(' ', o);
      put_atom(o, s->specifier);
      for (uint32_t i = 0; i < s->attribute_count; i++) {
        fputs(" with ", o);
        put_atom(o, s->attributes[i].key);
        fputc('=', o);
        put_atom(o, s->attributes[i].value);
      }
      fputc('\n', o);
      dump_list(&s->specifiers, o, d + 1);
      break;
    }
    case NODE_IMPORT_SPECIFIER: {
      const ImportSpecifier *s = (const ImportSpecifier *)n;
      fputc(' ', o);
      put_atom(o, s->imported);
      fputs(" as ", o);
      put_atom(o, s->local);
      fputc('\n', o);
      break;
    }
    case NODE_EXPORT_NAMED: {
      const ExportNamed *s = (const ExportNamed *)n;
      if (s->from) { fputs(" from ", o); put_atom(o, s->from); }
      fputc('\n', o);
      if (s->declaration) dump(s->declaration, o, d + 1);
      dump_list(&s->specifiers, o, d + 1);
      break;
    }
    case NODE_EXPORT_SPECIFIER:
      fputc(' ', o);
      put_atom(o, ((const ExportSpecifier *)n)->local);
      fputs(" as ", o);
      put_atom(o, ((const ExportSpecifier *)n)->exported);
      fputc('\n', o);
      break;
    case NODE_EXPORT_DEFAULT:
      fputc('\n', o);
      dump(((const ExportDefault *)n)->value, o, d + 1);
      break;
    case NODE_EXPORT_ALL: {
      const ExportAll *s = (const ExportAll *)n;
      if (s->exported) { fputs(" as ", o); put_atom(o, s->exported); }
      fputs(" from ", o);
      put_atom(o, s->from);
      fputc('\n', o);
      break;
    }
    case NODE_IDENTIFIER:
      fputc(' ', o);
      put_atom(o, ((const Identifier *)n)->name);
      fputc('\n', o);
      break;
    case NODE_BOOL_LIT:
      fputs(((const BoolLit *)n)->value ? " true\n" : " false\n", o);
      break;
    case NODE_NUMBER_LIT:
      fprintf(o, " %.17g\n", ((const NumberLit *)n)->value);
      break;
    case NODE_BIGINT_LIT:
      fprintf(o, " %s radix=%u\n", ((const BigIntLit *)n)->digits, ((const BigIntLit *)n)->radix);
      break;
    case NODE_STRING_LIT:
      fputc(' ', o);
      put_atom(o, ((const StringLit *)n)->value);
      fputc('\n', o);
      break;
    case NODE_REGEXP_LIT:
      fputc(' ', o);
      put_atom(o, ((const RegExpLit *)n)->pattern);
      fputc(' ', o);
      put_atom(o, ((const RegExpLit *)n)->flags_text);
      fputc('\n', o);
      break;
    case NODE_TEMPLATE_LIT: {
      const TemplateLit *t = (const TemplateLit *)n;
      for (uint32_t i = 0; i < t->quasi_count; i++) {
        fputc(' ', o);
        put_atom(o, t->cooked[i]);
        fputc('/', o);
        put_atom(o, t->raw[i]);
      }
      fputc('\n', o);
      dump_list(&t->exprs, o, d + 1);
      break;
    }
    case NODE_TAGGED_TEMPLATE:
      fputc('\n', o);
      dump(((const TaggedTemplate *)n)->tag, o, d + 1);
      dump(&((const TaggedTemplate *)n)->quasi->h, o, d + 1);
      break;
    case NODE_ARRAY_LIT:
      fputc('\n', o);
      dump_list(&((const ArrayLit *)n)->elements, o, d + 1);
      break;
    case NODE_OBJECT_LIT:
      fputc('\n', o);
      dump_list(&((const ObjectLit *)n)->properties, o, d + 1);
      break;
    case NODE_PROPERTY: {
      static const char *const kinds[] = {"init", "method", "get", "set"};
      const Property *p = (const Property *)n;
      fprintf(o, " %s%s%s%s\n", kinds[p->kind], p->computed ? " computed" : "",
              p->shorthand ? " shorthand" : "", p->is_proto_setter ? " proto" : "");
      dump(p->key, o, d + 1);
      dump(p->value, o, d + 1);
      break;
    }
    case NODE_PRIVATE_NAME:
      fputc(' ', o);
      put_atom(o, ((const PrivateName *)n)->name);
      fputc('\n', o);
      break;
    case NODE_UNARY:
      fprintf(o, " %s\n", ast_unary_op_text((UnaryOp)((const UnaryExpr *)n)->op));
      dump(((const UnaryExpr *)n)->argument, o, d + 1);
      break;
    case NODE_UPDATE: {
      const UpdateExpr *u = (const UpdateExpr *)n;
      fprintf(o, " %s%s\n", u->prefix ? "prefix " : "postfix ", u->increment ? "++" : "--");
      dump(u->argument, o, d + 1);
      break;
    }
    case NODE_BINARY:
      fprintf(o, " %s\n", ast_binary_op_text((BinaryOp)((const BinaryExpr *)n)->op));
      dump(((const BinaryExpr *)n)->left, o, d + 1);
      dump(((const BinaryExpr *)n)->right, o, d + 1);
      break;
    case NODE_LOGICAL:
      fprintf(o, " %s\n", ast_logical_op_text((LogicalOp)((const LogicalExpr *)n)->op));
      dump(((const LogicalExpr *)n)->left, o, d + 1);
      dump(((const LogicalExpr *)n)->right, o, d + 1);
      break;
    case NODE_PRIVATE_IN:
      fputc(' ', o);
      put_atom(o, ((const PrivateIn *)n)->name);
      fputc('\n', o);
      dump(((const PrivateIn *)n)->right, o, d + 1);
      break;
    case NODE_CONDITIONAL:
      fputc('\n', o);
      dump(((const Conditional *)n)->test, o, d + 1);
      dump(((const Conditional *)n)->consequent, o, d + 1);
      dump(((const Conditional *)n)->alternate, o, d + 1);
      break;
    case NODE_ASSIGN:
      fprintf(o, " %s\n", ast_assign_op_text((AssignOp)((const AssignExpr *)n)->op));
      dump(((const AssignExpr *)n)->target, o, d + 1);
      dump(((const AssignExpr *)n)->value, o, d + 1);
      break;
    case NODE_SEQUENCE:
      fputc('\n', o);
      dump_list(&((const SequenceExpr *)n)->exprs, o, d + 1);
      break;
    case NODE_SPREAD:
      fputc('\n', o);
      dump(((const Spread *)n)->argument, o, d + 1);
      break;
    case NODE_YIELD:
      fputs(((const YieldExpr *)n)->delegate ? " *\n" : "\n", o);
      if (((const YieldExpr *)n)->argument) dump(((const YieldExpr *)n)->argument, o, d + 1);
      break;
    case NODE_AWAIT:
      fputc('\n', o);
      dump(((const AwaitExpr *)n)->argument, o, d + 1);
      break;
    case NODE_MEMBER: case NODE_INDEX: case NODE_PRIVATE_MEMBER:
    case NODE_SUPER_MEMBER: case NODE_SUPER_INDEX: {
      const MemberExpr *m = (const MemberExpr *)n;
      if (m->optional) fputs(" optional", o);
      if (m->name) { fputc(' ', o); put_atom(o, m->name); }
      fputc('\n', o);
      if (m->object) dump(m->object, o, d + 1);
      if (m->index) dump(m->index, o, d + 1);
      break;
    }
    case NODE_CALL: case NODE_NEW: case NODE_SUPER_CALL: {
      const CallExpr *c = (const CallExpr *)n;
      if (c->optional) fputs(" optional", o);
      if (n->flags & NODE_FLAG_DIRECT_EVAL) fputs(" direct-eval", o);
      fputc('\n', o);
      if (c->callee) dump(c->callee, o, d + 1);
      dump_list(&c->args, o, d + 1);
      break;
    }
    case NODE_CALL_RUNTIME:
      fprintf(o, " %%%s\n", natives_name(((const CallRuntime *)n)->id));
      dump_list(&((const CallRuntime *)n)->args, o, d + 1);
      break;
    case NODE_IMPORT_CALL:
      fputc('\n', o);
      dump(((const ImportCall *)n)->specifier, o, d + 1);
      if (((const ImportCall *)n)->options) dump(((const ImportCall *)n)->options, o, d + 1);
      break;
    case NODE_OPTIONAL_CHAIN:
      fputc('\n', o);
      dump(((const OptionalChain *)n)->expr, o, d + 1);
      break;
    case NODE_OBJECT_PATTERN:
      fputc('\n', o);
      dump_list(&((const ObjectPattern *)n)->properties, o, d + 1);
      child("rest", ((const ObjectPattern *)n)->rest, o, d + 1);
      break;
    case NODE_ARRAY_PATTERN:
      fputc('\n', o);
      dump_list(&((const ArrayPattern *)n)->elements, o, d + 1);
      child("rest", ((const ArrayPattern *)n)->rest, o, d + 1);
      break;
    case NODE_ASSIGN_PATTERN:
      fputc('\n', o);
      dump(((const AssignPattern *)n)->target, o, d + 1);
      dump(((const AssignPattern *)n)->value, o, d + 1);
      break;
    default:
      fputc('\n', o);
      break;
  }
}

void ast_dump(const Node *n, FILE *out) {
  if (n) dump(n, out, 0);
}

char *ast_dump_string(const Node *n) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return NULL;
  ast_dump(n, f);
  fclose(f);
  return buf;
}
