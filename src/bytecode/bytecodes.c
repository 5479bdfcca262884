/*
 * bytecodes.c - the tables derived from BYTECODE_LIST: names, operand
 * counts and types, accumulator use.
 */
#include "bytecode/bytecodes.h"

#define R OPERAND_REG
#define I OPERAND_IMM
#define K OPERAND_IDX
#define S OPERAND_SLOT
#define C OPERAND_CNT
#define J OPERAND_JMP

const char *const bytecode_names[BC_COUNT] = {
#define X(name, acc, ...) #name,
    BYTECODE_LIST(X)
#undef X
};

const uint8_t bytecode_operand_count[BC_COUNT] = {
#define X(name, acc, ...) (uint8_t)(sizeof((uint8_t[]){0, ##__VA_ARGS__}) - 1),
    BYTECODE_LIST(X)
#undef X
};

const uint8_t bytecode_operand_types[BC_COUNT][BYTECODE_MAX_OPERANDS] = {
#define X(name, acc, ...) {__VA_ARGS__},
    BYTECODE_LIST(X)
#undef X
};

const uint8_t bytecode_acc_use[BC_COUNT] = {
#define X(name, acc, ...) acc,
    BYTECODE_LIST(X)
#undef X
};
