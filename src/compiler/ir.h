/*
 * ir.h - the optimizing compiler's graph IR (DESIGN 6).
 *
 * A function is a control-flow graph of blocks (made from the bytecode's
 * basic blocks) holding SSA value nodes:
 *
 *   - fixed nodes (IR_FIXED: checks, loads, stores, calls, anything that
 *     can deoptimize or has an effect, and phis) sit in their block's list
 *     in program order;
 *   - floating nodes (constants, pure arithmetic and conversions) belong to
 *     no block until the scheduler places them (global code motion), which
 *     is what hoists loop invariants.
 *
 * Every node has a result representation (IR_REP_LIST) and its inputs;
 * every node that can deoptimize points at a FrameState: the bytecode offset
 * to resume at and the value of each interpreter register, parameter,
 * context and the accumulator there (its `outer` is the frame of the caller
 * a function was inlined into). Heap values the graph refers to (constants,
 * maps, cells, shared infos) are indices into the graph's literal array,
 * which a handle keeps alive while the compiler runs.
 *
 * Invariants: node inputs always refer to nodes of the same graph defined
 * earlier in dominance order (phis excepted, whose back-edge inputs are set
 * when the loop's end is reached); a block's last fixed node is its
 * terminator (Goto, Branch, Return, Deoptimize); the IR never holds a raw
 * heap pointer.
 */
#ifndef RONDO_COMPILER_IR_H
#define RONDO_COMPILER_IR_H

#include <stdio.h>

#include "runtime/runtime.h"

/* Value representations. */
#define IR_REP_LIST(X)                                                  \
  X(NONE, "-")          /* no value (terminators, checks, stores) */   \
  X(TAGGED, "t")        /* an rd_value */                              \
  X(INT32, "i32")                                                      \
  X(FLOAT64, "f64")                                                    \
  X(BIT, "b")           /* a machine boolean */
typedef enum {
#define X(name, str) IR_REP_##name,
  IR_REP_LIST(X)
#undef X
  IR_REP_COUNT
} IrRep;

/* Operations: X(name, placement, result rep). Placement FIXED nodes keep
 * their place in their block; FLOATING ones are scheduled. `aux` holds the
 * operation's constant part as the comments say. */
#define IR_OP_LIST(X)                                                                  \
  /* control */                                                                       \
  X(Goto, FIXED, NONE)               /* to succ[0] */                                 \
  X(Branch, FIXED, NONE)             /* (bit): succ[0] if true, succ[1] if false */   \
  X(Return, FIXED, NONE)             /* (tagged) */                                   \
  X(Throw, FIXED, NONE)              /* (tagged): throws it (ends the block) */        \
  X(Deoptimize, FIXED, NONE)         /* unconditional; aux: reason */                 \
  X(Phi, FIXED, TAGGED)              /* one input per predecessor; rep varies */      \
  /* values */                                                                        \
  X(Parameter, FIXED, TAGGED)        /* aux: index (0 the receiver) */                \
  X(Context, FIXED, TAGGED)          /* the closure's context on entry */             \
  X(Closure, FIXED, TAGGED)          /* the running JSFunction */                     \
  X(NewTarget, FIXED, TAGGED)                                                         \
  X(Constant, FLOATING, TAGGED)      /* aux: literal index */                         \
  X(Int32Constant, FLOATING, INT32)  /* aux: the value */                             \
  X(Float64Constant, FLOATING, FLOAT64) /* f64: the value */                          \
  /* speculation: each deoptimizes when its assumption fails */                      \
  X(CheckInt32, FIXED, INT32)        /* tagged -> int32 */                            \
  X(CheckNumber, FIXED, FLOAT64)     /* tagged int32 or double -> float64 */          \
  X(CheckHeapObject, FIXED, NONE)                                                     \
  X(CheckMaps, FIXED, NONE)          /* (object); aux: literal index of a map or a   \
                                        FixedArray of maps */                         \
  X(CheckValue, FIXED, NONE)         /* (value); aux: literal the value must be */    \
  X(CheckBounds, FIXED, INT32)       /* (index, length): index, or deopt */           \
  X(CheckNotHole, FIXED, TAGGED)     /* (value) */                                    \
  X(CheckBit, FIXED, NONE)           /* (bit) deopt when false */                     \
  X(CheckEpoch, FIXED, NONE)         /* aux: (which << 32) | value: deopt unless       \
                                        rt->proto_epoch (0) / global_epoch (1) equals */ \
  X(CheckCell, FIXED, NONE)          /* aux: cell literal; deopt if deleted, an        \
                                        accessor, or (high bit of aux) read-only */    \
  /* int32 arithmetic; the *Overflow forms deoptimize */                             \
  X(Int32AddOverflow, FIXED, INT32)                                                   \
  X(Int32SubOverflow, FIXED, INT32)                                                   \
  X(Int32MulOverflow, FIXED, INT32)  /* also deopts on a -0 result */                 \
  X(Int32Add, FLOATING, INT32)       /* wrapping */                                   \
  X(Int32And, FLOATING, INT32)                                                        \
  X(Int32Or, FLOATING, INT32)                                                         \
  X(Int32Xor, FLOATING, INT32)                                                        \
  X(Int32Shl, FLOATING, INT32)                                                        \
  X(Int32Sar, FLOATING, INT32)                                                        \
  X(Int32Shr, FLOATING, FLOAT64)     /* unsigned result as a double */                \
  X(Int32Equal, FLOATING, BIT)                                                        \
  X(Int32LessThan, FLOATING, BIT)                                                     \
  X(Int32LessThanOrEqual, FLOATING, BIT)                                              \
  /* float64 arithmetic */                                                           \
  X(Float64Add, FLOATING, FLOAT64)                                                    \
  X(Float64Sub, FLOATING, FLOAT64)                                                    \
  X(Float64Mul, FLOATING, FLOAT64)                                                    \
  X(Float64Div, FLOATING, FLOAT64)                                                    \
  X(Float64Mod, FLOATING, FLOAT64)                                                    \
  X(Float64Equal, FLOATING, BIT)                                                      \
  X(Float64LessThan, FLOATING, BIT)                                                   \
  X(Float64LessThanOrEqual, FLOATING, BIT)                                            \
  X(Float64ToInt32, FLOATING, INT32) /* ToInt32 (for bitwise operators) */            \
  /* Math functions (graph_builder.c: reduce_math_call) */                            \
  X(Float64Abs, FLOATING, FLOAT64)                                                    \
  X(Float64Sqrt, FLOATING, FLOAT64)                                                   \
  X(Float64Round, FLOATING, FLOAT64) /* aux: IrRoundMode */                            \
  X(Float64Min, FLOATING, FLOAT64)   /* Math.min of two: NaN wins, -0 < +0 */          \
  X(Float64Max, FLOATING, FLOAT64)   /* Math.max of two */                             \
  X(Float64Math, FLOATING, FLOAT64)  /* (x[, y]); aux: MathOp, computed by a C call    \
                                        of math_apply (never allocates) */            \
  /* conversions */                                                                   \
  X(Int32ToFloat64, FLOATING, FLOAT64)                                                \
  X(Int32ToTagged, FLOATING, TAGGED)                                                  \
  X(Float64ToTagged, FLOATING, TAGGED)                                                \
  X(BitToTagged, FLOATING, TAGGED)                                                    \
  X(TaggedEqual, FLOATING, BIT)      /* identity (strict equality of non-numbers) */  \
  X(ToBoolean, FIXED, BIT)           /* (tagged): JS ToBoolean, no side effects */    \
  X(BitNot, FLOATING, BIT)                                                            \
  X(BitOr, FLOATING, BIT)                                                             \
  /* memory: tagged words of heap objects */                                          \
  X(LoadField, FIXED, TAGGED)        /* (object); aux: word index in the object */   \
  X(LoadOverflowField, FIXED, TAGGED) /* (object); aux: slot of its overflow array */ \
  X(StoreField, FIXED, NONE)         /* (object, value); aux: word index */           \
  X(StoreOverflowField, FIXED, NONE) /* (object, value); aux: overflow slot */        \
  X(StoreMap, FIXED, NONE)           /* (object); aux: literal index of the map */    \
  X(LoadElements, FIXED, TAGGED)     /* (object): its elements store */               \
  X(LoadArrayLength, FIXED, TAGGED)  /* (array): its length (a number) */              \
  X(LoadElementsLength, FIXED, INT32) /* (store): its capacity */                    \
  X(LoadElement, FIXED, TAGGED)      /* (store, index): tagged element, maybe hole */ \
  X(LoadDoubleElement, FIXED, FLOAT64) /* (store, index); deopts on the hole */      \
  X(StoreElement, FIXED, NONE)       /* (store, index, value) */                      \
  X(StoreDoubleElement, FIXED, NONE) /* (store, index, value f64) */                  \
  X(LoadTypedArrayLength, FIXED, INT32) /* (typed array); aux: element type; deopts   \
                                        unless its buffer is attached and not          \
                                        resizable and length/offset are int32s */     \
  X(LoadTypedElementInt32, FIXED, INT32)   /* (typed array, index); aux: element type */ \
  X(LoadTypedElementFloat64, FIXED, FLOAT64) /* (typed array, index); aux: type */    \
  X(StoreTypedElement, FIXED, NONE)  /* (typed array, index, value int32 or f64);     \
                                        aux: element type */                          \
  X(LoadCell, FIXED, TAGGED)         /* aux: literal index of a PropertyCell */       \
  X(StoreCell, FIXED, NONE)          /* (value); aux: the cell */                     \
  X(LoadContextSlot, FIXED, TAGGED)  /* (context); aux: slot; depth via LoadPrevious */ \
  X(StoreContextSlot, FIXED, NONE)   /* (context, value); aux: slot */                \
  /* calls and generic operations: may run any JavaScript, may allocate */           \
  X(Call, FIXED, TAGGED)             /* (callee, receiver, args...); aux: argc */     \
  X(Construct, FIXED, TAGGED)        /* (callee, new.target, args...); aux: argc */   \
  X(Generic, FIXED, TAGGED)          /* (inputs...); aux: the bytecode done the       \
                                        interpreter's way (a C call) */
/* Float64Round's modes: the roundsd modes and JavaScript's Math.round
 * (half-way cases toward +Infinity, the sign of the argument kept). */
typedef enum { IR_ROUND_FLOOR, IR_ROUND_CEIL, IR_ROUND_TRUNC, IR_ROUND_JS } IrRoundMode;

typedef enum {
#define X(name, place, rep) IR_##name,
  IR_OP_LIST(X)
#undef X
  IR_OP_COUNT
} IrOp;
extern const char *const ir_op_names[IR_OP_COUNT];
extern const char *const ir_rep_names[IR_REP_COUNT];
bool ir_op_is_fixed(IrOp op);

typedef struct IrNode IrNode;
typedef struct IrBlock IrBlock;

/* Frames one deopt point may stand for: the function compiled and the
 * callees inlined into one another (graph_builder.c bounds the depth). */
#define IR_MAX_INLINE_DEPTH 4
#define IR_MAX_FRAMES (IR_MAX_INLINE_DEPTH + 1)

/* The interpreter state to resume at when a node deoptimizes. values[] is
 * [receiver, params..., context, registers r0.., accumulator]; a NULL entry
 * is a dead (optimized-out) value. */
typedef struct IrFrameState {
  uint32_t bytecode_offset;
  uint32_t sfi;                 /* literal index of the SharedFunctionInfo */
  uint32_t parameter_count;     /* receiver included */
  uint32_t register_count;
  uint32_t argc1;               /* inlined frame: argument count + 1; 0: the outermost */
  uint32_t function;            /* inlined frame: literal index of its JSFunction */
  struct IrFrameState *outer;   /* the caller's state at the call (inlining), or NULL */
  IrNode **values;              /* parameter_count + 1 + register_count + 1 */
} IrFrameState;

struct IrNode {
  uint32_t id;
  uint16_t op;                  /* IrOp */
  uint8_t rep;                  /* IrRep of the result */
  uint8_t dead : 1;
  uint32_t input_count, input_capacity;
  IrNode **inputs;
  IrBlock *block;               /* fixed nodes: their block; floating: after scheduling */
  IrFrameState *frame_state;    /* nodes that can deoptimize (and calls: after the call) */
  uint32_t use_count;
  union {
    int64_t i;                  /* int constants, indices, literal indices, argc */
    double f64;
  } aux;
  int32_t deopt_reason;         /* DeoptReason of a check */
};

struct IrBlock {
  uint32_t id;
  uint32_t bytecode_offset;     /* where its bytecode starts */
  IrBlock **preds;
  uint32_t pred_count, pred_capacity;
  IrBlock *succs[2];
  uint32_t succ_count;
  IrNode **nodes;               /* fixed nodes in order; phis first */
  uint32_t node_count, node_capacity;
  bool is_loop_header;
  uint32_t loop_depth;
  IrBlock *idom;                /* immediate dominator (schedule.c) */
  uint32_t dom_depth;
  IrNode **sched;               /* every node to emit, in order (schedule.c) */
  uint32_t sched_count;
};

/* Why an optimized guard deoptimizes (printed by --trace-deopt). */
#define DEOPT_REASON_LIST(X)            \
  X(NONE, "none")                       \
  X(WRONG_MAP, "wrong map")             \
  X(NOT_INT32, "not an int32")          \
  X(NOT_NUMBER, "not a number")         \
  X(NOT_HEAP_OBJECT, "not a heap object") \
  X(OVERFLOW, "overflow")               \
  X(MINUS_ZERO, "minus zero")           \
  X(OUT_OF_BOUNDS, "out of bounds")     \
  X(HOLE, "hole")                       \
  X(WRONG_CALL_TARGET, "wrong call target")   \
  X(INSUFFICIENT_FEEDBACK, "insufficient feedback") \
  X(WRONG_CELL, "global property changed") \
  X(DIVISION_BY_ZERO, "division by zero") \
  X(LOST_PRECISION, "lost precision")   \
  X(NOT_SMI, "not a smi")               \
  X(BUFFER_CHANGED, "detached or resizable buffer")
typedef enum {
#define X(name, str) DEOPT_REASON_##name,
  DEOPT_REASON_LIST(X)
#undef X
  DEOPT_REASON_COUNT
} DeoptReason;
extern const char *const deopt_reason_names[DEOPT_REASON_COUNT];

/* A function's graph, allocated in an arena freed by ir_graph_free. */
typedef struct IrGraph {
  Runtime *rt;
  Handle literals;              /* FixedArray, grown by copying */
  uint32_t literal_count;
  IrBlock **blocks;             /* in reverse postorder (bytecode order) */
  uint32_t block_count, block_capacity;
  IrNode **nodes;               /* every node by id */
  uint32_t node_count, node_capacity;
  struct IrArenaChunk *arena;
  bool failed;                  /* out of memory */
} IrGraph;

/* Starts an empty graph; the caller's handle scope holds its literals. */
void ir_graph_init(IrGraph *g, Runtime *rt);
void ir_graph_free(IrGraph *g);
/* Arena memory for the graph's lifetime (NULL and g->failed on OOM). */
void *ir_alloc(IrGraph *g, size_t size);
/* The literal index of v (added if new). */
uint32_t ir_literal(IrGraph *g, rd_value v);
rd_value ir_literal_value(const IrGraph *g, uint32_t index);

IrBlock *ir_block_new(IrGraph *g, uint32_t bytecode_offset);
void ir_block_add_pred(IrGraph *g, IrBlock *b, IrBlock *pred);
/* A node of op with n inputs (copied); appended to block b if b is not NULL. */
IrNode *ir_node_new(IrGraph *g, IrBlock *b, IrOp op, uint32_t n, IrNode *const *inputs);
void ir_node_add_input(IrGraph *g, IrNode *node, IrNode *input);
/* Inserts phi at the front of b (after the phis already there). */
void ir_block_insert_phi(IrGraph *g, IrBlock *b, IrNode *phi);
/* Replaces every use of `from` by `to` (uses found by scanning the graph). */
void ir_replace_uses(IrGraph *g, IrNode *from, IrNode *to);

/* Writes the graph (--print-ir) to f. */
void ir_print(const IrGraph *g, const char *name, FILE *f);

#endif
