/*
 * bytecodes.h - the bytecode format (DESIGN section 5): a register machine
 * with an accumulator. Every bytecode is one X-macro entry; names, operand
 * counts and operand types are derived from it.
 *
 * Encoding:
 *   [prefix] opcode operand*
 *   prefix  none: every operand 1 byte; Wide: 2 bytes; ExtraWide: 4 bytes
 *           (little endian). The builder picks the smallest prefix that
 *           fits every operand of the instruction.
 *   REG     signed: r >= 0 is local register r; r < 0 is parameter -r-1
 *           (parameter 0 is the receiver `this`, 1.. the arguments)
 *   IMM     signed immediate
 *   IDX     unsigned constant-pool index
 *   SLOT    unsigned feedback-slot index
 *   CNT     unsigned count
 *   JMP     signed jump offset, relative to the start of the instruction
 *           (including its prefix)
 *
 * X(Name, AccumulatorUse, operand types...). AccumulatorUse: NONE, READ,
 * WRITE, READ_WRITE. Invariant: the instruction at every jump target and
 * handler-table entry starts at an instruction boundary (prefix included).
 */
#ifndef RONDO_BYTECODE_BYTECODES_H
#define RONDO_BYTECODE_BYTECODES_H

#include "base/common.h"

typedef enum { OPERAND_NONE, OPERAND_REG, OPERAND_IMM, OPERAND_IDX, OPERAND_SLOT, OPERAND_CNT,
               OPERAND_JMP } OperandType;
typedef enum { ACC_NONE, ACC_READ, ACC_WRITE, ACC_READ_WRITE } AccumulatorUse;

#define R OPERAND_REG
#define I OPERAND_IMM
#define K OPERAND_IDX
#define S OPERAND_SLOT
#define C OPERAND_CNT
#define J OPERAND_JMP

#define BYTECODE_LIST(X)                                                          \
  /* prefixes */                                                                  \
  X(Wide, ACC_NONE)                                                               \
  X(ExtraWide, ACC_NONE)                                                          \
  /* accumulator loads */                                                         \
  X(LdaUndefined, ACC_WRITE)                                                      \
  X(LdaNull, ACC_WRITE)                                                           \
  X(LdaTrue, ACC_WRITE)                                                           \
  X(LdaFalse, ACC_WRITE)                                                          \
  X(LdaTheHole, ACC_WRITE)                                                        \
  X(LdaZero, ACC_WRITE)                                                           \
  X(LdaSmi, ACC_WRITE, I)              /* acc = int32 immediate */                \
  X(LdaConstant, ACC_WRITE, K)         /* acc = constant_pool[k] */               \
  X(LdaFunction, ACC_WRITE)            /* acc = the running closure */            \
  X(LdaNewTarget, ACC_WRITE)           /* acc = new.target of the frame */        \
  X(LdaGlobalObject, ACC_WRITE)        /* acc = the global object */              \
  /* registers */                                                                 \
  X(Ldar, ACC_WRITE, R)                /* acc = r */                              \
  X(Star, ACC_READ, R)                 /* r = acc */                              \
  X(Mov, ACC_NONE, R, R)               /* dst(2nd) = src(1st) */                  \
  /* globals: name = constant_pool[k] */                                          \
  X(LdaGlobal, ACC_WRITE, K, S)        /* script lexicals first, then the global object */ \
  X(LdaGlobalInsideTypeof, ACC_WRITE, K, S) /* no ReferenceError */               \
  X(StaGlobal, ACC_READ, K, S)         /* strict code: ReferenceError if absent */ \
  X(DeclareGlobal, ACC_NONE, K)        /* var k: define undefined unless present */ \
  X(DeclareScriptLexical, ACC_NONE, K, C) /* script let/const/class k (c: 1    \
                                          const) in the realm's lexical record, \
                                          uninitialized; SyntaxError if taken */ \
  X(StaScriptInit, ACC_READ, K, C)     /* initializes lexical k of the record */  \
  X(DeclareEvalVar, ACC_NONE, K)       /* sloppy eval var k: in the caller's var \
                                          scope (context extension or global) */ \
  /* dynamic lookup by name (with, sloppy eval): context chain, then global */   \
  X(LdaLookupSlot, ACC_WRITE, K)       /* ReferenceError when absent */           \
  X(LdaLookupSlotInsideTypeof, ACC_WRITE, K) /* undefined when absent */          \
  X(StaLookupSlot, ACC_READ, K, C)     /* c: 1 when strict */                     \
  X(LdaLookupReceiver, ACC_WRITE, K)   /* the with object holding name k, or undefined */ \
  X(DeleteLookupSlot, ACC_WRITE, K)                                               \
  /* contexts: slot k of the context `depth` levels up from the current one */     \
  X(LdaContextSlot, ACC_WRITE, K, C)                                              \
  X(StaContextSlot, ACC_READ, K, C)                                               \
  X(LdaCurrentContextSlot, ACC_WRITE, K)                                          \
  X(StaCurrentContextSlot, ACC_READ, K)                                           \
  X(PushContext, ACC_READ, R)          /* r = current; current = acc */           \
  X(PopContext, ACC_NONE, R)           /* current = r */                          \
  X(CreateFunctionContext, ACC_WRITE, K, C) /* scope info k, c slots */           \
  X(CreateWithContext, ACC_READ_WRITE, K) /* acc = with context over ToObject(acc) */ \
  X(GetContext, ACC_NONE, R)           /* r = current context */                  \
  X(CloneContext, ACC_NONE)            /* current = copy of current (per-iteration let) */ \
  /* properties: name = constant_pool[k] */                                       \
  X(GetNamedProperty, ACC_WRITE, R, K, S)   /* acc = r.name */                    \
  X(SetNamedProperty, ACC_READ_WRITE, R, K, S) /* r.name = acc */                 \
  X(DefineNamedOwnProperty, ACC_READ_WRITE, R, K, S) /* literal fields */         \
  X(GetKeyedProperty, ACC_READ_WRITE, R, S) /* acc = r[acc] */                    \
  X(SetKeyedProperty, ACC_READ_WRITE, R, R, S) /* r1[r2] = acc */                 \
  X(DeletePropertyStrict, ACC_READ_WRITE, R) /* acc = delete r[acc] */            \
  X(DeletePropertySloppy, ACC_READ_WRITE, R)                                      \
  X(DefineKeyedOwnProperty, ACC_READ, R, R, C) /* define r1[r2] = acc, attrs c */ \
  X(DefineAccessor, ACC_READ, R, R, C) /* r1[r2] get (c&1=0) / set (c&1) = acc;  \
                                          c&2: enumerable */                     \
  X(SetFunctionName, ACC_READ, R)      /* acc (a new closure, computed key r) gets   \
                                          the key as its name, unless it has one */   \
  X(SetLiteralPrototype, ACC_READ, R)  /* __proto__: acc in a literal */          \
  X(CopyDataProperties, ACC_READ, R)   /* {...acc} into r */                      \
  X(CopyDataPropertiesExcluding, ACC_WRITE, R, R, C) /* acc = copy of object r1 \
                                          without the c keys in regs from r2 */   \
  X(ArrayPush, ACC_READ, R)            /* append acc to array r */                \
  X(ArrayPushHole, ACC_NONE, R)        /* append a hole to array r */             \
  X(ArraySpread, ACC_READ, R)          /* append every value of iterable acc */   \
  X(SetHomeObject, ACC_READ, R)        /* acc (a method)'s home object = r */     \
  /* private names: keys are private symbols */                                   \
  X(CreatePrivateName, ACC_WRITE, K)   /* acc = a new private symbol "#name" */   \
  X(GetPrivate, ACC_READ_WRITE, R)     /* acc = r.#(acc) (TypeError if absent) */ \
  X(SetPrivate, ACC_READ_WRITE, R, R)  /* r1.#(r2) = acc */                       \
  X(DefinePrivate, ACC_READ, R, R, C)  /* add #(r2) = acc to r1; c: 0 field,     \
                                          1 method, 2 getter, 3 setter */       \
  X(TestPrivateIn, ACC_READ_WRITE, R)  /* acc = #(r) in acc */                    \
  /* binary operators: acc = r OP acc */                                          \
  X(Add, ACC_READ_WRITE, R, S)                                                    \
  X(Sub, ACC_READ_WRITE, R, S)                                                    \
  X(Mul, ACC_READ_WRITE, R, S)                                                    \
  X(Div, ACC_READ_WRITE, R, S)                                                    \
  X(Mod, ACC_READ_WRITE, R, S)                                                    \
  X(Exp, ACC_READ_WRITE, R, S)                                                    \
  X(BitwiseOr, ACC_READ_WRITE, R, S)                                              \
  X(BitwiseXor, ACC_READ_WRITE, R, S)                                             \
  X(BitwiseAnd, ACC_READ_WRITE, R, S)                                             \
  X(ShiftLeft, ACC_READ_WRITE, R, S)                                              \
  X(ShiftRight, ACC_READ_WRITE, R, S)                                             \
  X(ShiftRightLogical, ACC_READ_WRITE, R, S)                                      \
  X(AddSmi, ACC_READ_WRITE, I, S)      /* acc = acc + imm */                      \
  X(SubSmi, ACC_READ_WRITE, I, S)                                                 \
  /* unary operators on acc */                                                    \
  X(Inc, ACC_READ_WRITE, S)                                                       \
  X(Dec, ACC_READ_WRITE, S)                                                       \
  X(Negate, ACC_READ_WRITE, S)                                                    \
  X(BitwiseNot, ACC_READ_WRITE, S)                                                \
  X(LogicalNot, ACC_READ_WRITE)        /* acc is a boolean */                     \
  X(ToBooleanLogicalNot, ACC_READ_WRITE)                                          \
  X(TypeOf, ACC_READ_WRITE)                                                       \
  /* comparisons: acc = r CMP acc (a boolean) */                                  \
  X(TestEqual, ACC_READ_WRITE, R, S)                                              \
  X(TestEqualStrict, ACC_READ_WRITE, R, S)                                        \
  X(TestLessThan, ACC_READ_WRITE, R, S)                                           \
  X(TestGreaterThan, ACC_READ_WRITE, R, S)                                        \
  X(TestLessThanOrEqual, ACC_READ_WRITE, R, S)                                    \
  X(TestGreaterThanOrEqual, ACC_READ_WRITE, R, S)                                 \
  X(TestNull, ACC_READ_WRITE)                                                     \
  X(TestUndefined, ACC_READ_WRITE)                                                \
  X(TestIn, ACC_READ_WRITE, R, S)      /* acc = r in acc */                       \
  X(TestInstanceOf, ACC_READ_WRITE, R, S) /* acc = r instanceof acc */            \
  X(TestTypeOfObject, ACC_READ_WRITE)  /* acc = acc is an object (not callable) */ \
  /* conversions */                                                               \
  X(ToNumber, ACC_READ_WRITE, S)                                                  \
  X(ToNumeric, ACC_READ_WRITE, S)                                                 \
  X(ToString, ACC_READ_WRITE)                                                     \
  X(ToPropertyKey, ACC_READ_WRITE)                                                \
  X(ToObject, ACC_READ_WRITE)          /* TypeError for null/undefined */         \
  /* jumps: offset relative to the instruction's first byte */                    \
  X(Jump, ACC_NONE, J)                                                            \
  X(JumpIfTrue, ACC_READ, J)           /* acc is a boolean */                     \
  X(JumpIfFalse, ACC_READ, J)                                                     \
  X(JumpIfToBooleanTrue, ACC_READ, J)                                             \
  X(JumpIfToBooleanFalse, ACC_READ, J)                                            \
  X(JumpIfNull, ACC_READ, J)                                                      \
  X(JumpIfUndefined, ACC_READ, J)                                                 \
  X(JumpIfUndefinedOrNull, ACC_READ, J)                                           \
  X(JumpLoop, ACC_NONE, J, C)          /* back-edge: interrupt budget; loop depth */ \
  /* calls: args are c consecutive registers from r2 (receiver first for         \
   * CallProperty; without it for CallUndefinedReceiver) */                       \
  X(CallProperty, ACC_WRITE, R, R, C, S)                                          \
  X(CallUndefinedReceiver, ACC_WRITE, R, R, C, S)                                 \
  X(Construct, ACC_READ_WRITE, R, R, C, S) /* new.target in acc */                \
  X(CallApply, ACC_WRITE, R, R, R, S)  /* r1 called with this r2, args array r3 */ \
  X(ConstructApply, ACC_READ_WRITE, R, R, S) /* new r1(...array r2), new.target acc */ \
  X(CallDirectEval, ACC_WRITE, R, R, C, C) /* eval(c-1 args after this in r2):  \
                                          a direct eval when r1 is %eval%, c2:  \
                                          1 strict, 2 in a function, 4 in a method, \
                                          8 in parameter expressions; else a call */ \
  X(CallRuntime, ACC_WRITE, C, R, C)   /* acc = runtime function c1 (natives.h) \
                                          of c2 regs from r (%Name(args)) */    \
  X(CallSuper, ACC_READ_WRITE, R, R, C, S) /* acc = super(c regs from r2) for    \
                                          constructor r1, new.target acc */       \
  X(CallSuperApply, ACC_READ_WRITE, R, R, S) /* acc = super(...array r2) */      \
  X(GetSuperProperty, ACC_READ_WRITE, R) /* acc = super[acc] with this r */      \
  X(SetSuperProperty, ACC_READ_WRITE, R, R) /* super[r2] = acc with this r1 */    \
  X(InitializeFields, ACC_READ, R)     /* define fields [key, init fn]... of acc on r */ \
  /* closures and literals */                                                     \
  X(CreateClosure, ACC_WRITE, K, S)    /* SharedFunctionInfo k */                 \
  X(CreateEmptyObjectLiteral, ACC_WRITE)                                          \
  X(CreateEmptyArrayLiteral, ACC_WRITE, S)                                        \
  X(CreateRegExpLiteral, ACC_WRITE, K, K) /* pattern k1, flags k2 */              \
  X(GetTemplateObject, ACC_WRITE, K)   /* per-site frozen strings array */        \
  X(CreateArguments, ACC_WRITE)        /* unmapped arguments object */            \
  X(CreateMappedArguments, ACC_WRITE, K) /* mapped: k = parameter -> context slot */ \
  X(CreateRestParameter, ACC_WRITE, C) /* array of the arguments from index c */  \
  X(CreateClass, ACC_READ_WRITE, R)    /* acc = prototype; ctor r gets          \
                                          heritage acc (hole: none) */            \
  /* iteration */                                                                 \
  X(ForInEnumerate, ACC_READ_WRITE)    /* acc = keys to visit of acc */           \
  X(ForInNext, ACC_WRITE, R, R, R)     /* acc = next key of keys r2 at index r3 \
                                          still in object r1, or hole at end */   \
  X(GetIterator, ACC_READ_WRITE)       /* acc = iterator record of iterable acc */ \
  X(IteratorStep, ACC_WRITE, R, R)     /* acc = next value of record r1,         \
                                          r2 = done (a boolean) */               \
  X(IteratorClose, ACC_NONE, R)        /* call return() of record r1 if any */    \
  X(IteratorCloseOnThrow, ACC_NONE, R) /* the same for a throw completion: the \
                                          errors of getting and calling return() \
                                          (and a non-object result) are ignored */ \
  /* explicit resource management: a dispose capability (builtins/           \
   * disposable_stack.h) lives in a register for the scope of using decls */    \
  X(CreateDisposeCapability, ACC_WRITE) /* acc = a new, empty capability */       \
  X(AddDisposableResource, ACC_READ, R, C) /* add resource acc to capability r  \
                                          (c: 0 using, 1 await using); TypeError \
                                          if acc is not disposable */            \
  X(DisposeRecordError, ACC_READ, R)   /* record exception acc as (part of) the \
                                          completion of r's disposal */          \
  X(DisposeResources, ACC_WRITE, R, R) /* dispose r1's resources up to the next \
                                          await: acc = the value to await, r2 =  \
                                          false; once all are done r2 = true,    \
                                          throwing the recorded error, if any */ \
  /* control */                                                                   \
  X(Return, ACC_READ)                                                             \
  X(Throw, ACC_READ)                                                              \
  X(ReThrow, ACC_READ)                                                            \
  X(ThrowReferenceErrorIfHole, ACC_READ, K) /* TDZ: name k */                     \
  X(ThrowError, ACC_NONE, C, K)        /* throw ErrorKind c with message k */     \
  X(ThrowConstAssignment, ACC_NONE, K) /* TypeError: assignment to const k */     \
  X(ThrowIfNotObject, ACC_READ, K)     /* TypeError k unless acc is an object */  \
  X(ThrowSuperNotCalledIfHole, ACC_READ) /* derived ctor `this` before super() */ \
  X(ThrowSuperAlreadyCalledIfNotHole, ACC_READ)                                   \
  X(Debugger, ACC_NONE)                                                           \
  /* generators and async functions (interp/interpreter.h GEN_*) */              \
  X(CreateGeneratorObject, ACC_WRITE)  /* acc = the generator object of this   \
                                          frame (prologue of function*, async) */ \
  X(SuspendGenerator, ACC_READ, R, C)  /* save the frame into generator r and  \
                                          return acc; c: 0 yield, 1 yield an   \
                                          iterator result as is, 2 initial, 3 await */ \
  X(ResumeGenerator, ACC_WRITE, R, R)  /* resume point: r2 = the sent value,    \
                                          acc = the ResumeMode */               \
  X(GetIteratorGeneric, ACC_READ_WRITE, C) /* acc = iterator record of acc      \
                                          without fast paths; c=1: async        \
                                          (@@asyncIterator, else sync wrapped) */ \
  X(YieldStarStep, ACC_READ_WRITE, R, R, R, C) /* yield*: resume record r1 with  \
                                          acc in mode r2; acc = the inner       \
                                          result, r3 = 0 (yield it), 1 (done:   \
                                          acc = value), 2 (return acc); c=1:    \
                                          async (r3 0 or 2, result not read) */ \
  X(Await, ACC_READ_WRITE, R)          /* subscribe generator r to the promise \
                                          of acc; acc = what the suspension     \
                                          returns (the async function's promise) */ \
  X(AsyncFunctionResolve, ACC_READ_WRITE, R) /* resolve r's promise with acc;   \
                                          acc = the promise */                  \
  X(AsyncFunctionReject, ACC_READ_WRITE, R) /* reject r's promise with acc */  \
  X(IteratorResultValue, ACC_READ_WRITE, R) /* acc = acc.value; r = acc.done   \
                                          (ThrowIfNotObject first) */          \
  /* modules (module/module.h) */                                               \
  X(LdaModuleVariable, ACC_WRITE, C, C, K) /* acc = the import binding whose   \
                                          reference is in context word c1 at   \
                                          depth c2 (ReferenceError k if in TDZ) */ \
  X(GetImportMeta, ACC_WRITE)          /* acc = import.meta of this module */   \
  X(DynamicImport, ACC_READ_WRITE, R)  /* acc = promise of import(acc, r) */

typedef enum {
#define X(name, acc, ...) BC_##name,
  BYTECODE_LIST(X)
#undef X
  BC_COUNT
} Bytecode;

#define BYTECODE_MAX_OPERANDS 4
extern const char *const bytecode_names[BC_COUNT];
extern const uint8_t bytecode_operand_count[BC_COUNT];
extern const uint8_t bytecode_operand_types[BC_COUNT][BYTECODE_MAX_OPERANDS];
extern const uint8_t bytecode_acc_use[BC_COUNT];

/* Bytes of an instruction with operand scale 1, 2 or 4 (prefix excluded). */
RD_INLINE size_t bytecode_size(Bytecode bc, int scale) {
  return 1 + (size_t)bytecode_operand_count[bc] * (size_t)scale;
}
RD_INLINE bool bytecode_is_jump(Bytecode bc) {
  return bc >= BC_Jump && bc <= BC_JumpLoop;
}
/* Operand i read as a signed (registers, immediates, jumps) or unsigned
 * (indices, slots, counts) number, for callers that know its type: the
 * interpreter's handlers, which so skip the type table of bytecode_operand. */
RD_INLINE int32_t bytecode_operand_signed(const uint8_t *op, int i, int scale) {
  const uint8_t *p = op + 1 + i * scale;
  if (RD_LIKELY(scale == 1)) return (int8_t)p[0];
  if (scale == 2) return (int16_t)(uint16_t)(p[0] | p[1] << 8);
  return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}
RD_INLINE uint32_t bytecode_operand_unsigned(const uint8_t *op, int i, int scale) {
  const uint8_t *p = op + 1 + i * scale;
  if (RD_LIKELY(scale == 1)) return p[0];
  if (scale == 2) return (uint32_t)(p[0] | p[1] << 8);
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
/* Reads operand i (0-based) of the instruction whose opcode is at `op`. */
RD_INLINE int32_t bytecode_operand(const uint8_t *op, int i, int scale) {
  const uint8_t *p = op + 1 + i * scale;
  Bytecode bc = (Bytecode)*op;
  bool is_signed = bytecode_operand_types[bc][i] == OPERAND_REG ||
                   bytecode_operand_types[bc][i] == OPERAND_IMM ||
                   bytecode_operand_types[bc][i] == OPERAND_JMP;
  switch (scale) {
    case 1: return is_signed ? (int32_t)(int8_t)p[0] : (int32_t)p[0];
    case 2: {
      uint16_t v = (uint16_t)(p[0] | p[1] << 8);
      return is_signed ? (int32_t)(int16_t)v : (int32_t)v;
    }
    default: {
      uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
      return (int32_t)v;
    }
  }
}

#undef R
#undef I
#undef K
#undef S
#undef C
#undef J

#endif
