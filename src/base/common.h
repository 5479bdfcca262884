/*
 * common.h - what every file of rondo includes: fixed-width types, the three
 * levels of checks, attribute shorthands and small arithmetic helpers.
 *
 * Checks:  CHECK(c)      always on; a failure is an engine bug and aborts.
 *          ASSERT(c,msg) debug builds only (RD_DEBUG); says why it matters.
 *          slow verifiers (heap, later IR and translations) run behind the
 *          --verify-heap flag, which debug builds turn on by default.
 */
#ifndef RONDO_BASE_COMMON_H
#define RONDO_BASE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RD_UNUSED __attribute__((unused))
#define RD_NORETURN __attribute__((noreturn))
#define RD_INLINE static inline __attribute__((always_inline))
#define RD_NOINLINE __attribute__((noinline))
#define RD_MUST_CHECK __attribute__((warn_unused_result))
#define RD_COLD __attribute__((cold))
#define RD_LIKELY(x) __builtin_expect(!!(x), 1)
#define RD_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define RD_PRINTF(f, a) __attribute__((format(printf, f, a)))

RD_NORETURN RD_COLD void rd_fatal(const char *file, int line, const char *fmt,
                                  ...) RD_PRINTF(3, 4);

#define CHECK(c)                                                   \
  do {                                                             \
    if (RD_UNLIKELY(!(c))) rd_fatal(__FILE__, __LINE__, "CHECK failed: %s", #c); \
  } while (0)

#define FATAL(...) rd_fatal(__FILE__, __LINE__, __VA_ARGS__)

#ifdef RD_DEBUG
#define ASSERT(c, msg)                                                     \
  do {                                                                     \
    if (RD_UNLIKELY(!(c)))                                                 \
      rd_fatal(__FILE__, __LINE__, "ASSERT failed: %s (%s)", #c, msg);     \
  } while (0)
#define DEBUG_ONLY(x) x
#else
#define ASSERT(c, msg) ((void)0)
#define DEBUG_ONLY(x)
#endif

#define UNREACHABLE() rd_fatal(__FILE__, __LINE__, "unreachable")
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ROUND_UP(x, a) (((x) + (a)-1) & ~((uintptr_t)(a)-1))
#define ROUND_DOWN(x, a) ((x) & ~((uintptr_t)(a)-1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define KB ((size_t)1024)
#define MB (1024 * KB)

#endif
