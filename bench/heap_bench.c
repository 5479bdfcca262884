/*
 * heap_bench.c - micro-benchmarks of the heap's hot paths: young allocation,
 * the write barrier (fast path and recording path), scavenges at several
 * survival rates, and a full mark-compact over a live graph. Prints one
 * line per case; no timing is asserted anywhere. Run: make bench.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/flags.h"
#include "objects/factory.h"

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void report(const char *name, double ns, double units, const char *unit) {
  printf("  %-44s %9.2f ns/%s\n", name, ns / units, unit);
}

/* Allocates n FixedArrays of len slots, keeping none. */
static void bench_alloc(Runtime *rt, int n, uint32_t len) {
  double t0 = now_ns();
  for (int i = 0; i < n; i++) {
    rd_value a = factory_fixed_array(rt, len, VALUE_UNDEFINED, ALLOC_YOUNG);
    if (!a) abort();
  }
  char name[64];
  snprintf(name, sizeof name, "young FixedArray[%u] alloc (incl. GCs)", len);
  report(name, now_ns() - t0, n, "alloc");
}

static void bench_barrier(Runtime *rt, int n) {
  HANDLE_SCOPE(rt);
  Handle old = handle_new(rt, factory_fixed_array(rt, 1024, VALUE_UNDEFINED, ALLOC_OLD));
  Handle old2 = handle_new(rt, factory_fixed_array(rt, 1, VALUE_UNDEFINED, ALLOC_OLD));
  FixedArray *a = FIXED_ARRAY(*old);
  double t0 = now_ns();
  for (int i = 0; i < n; i++) HEAP_STORE(a, a->data[i & 1023], value_from_int32(i));
  report("store int32 into old array (barrier)", now_ns() - t0, n, "store");
  t0 = now_ns();
  for (int i = 0; i < n; i++) HEAP_STORE(a, a->data[i & 1023], *old2);
  report("store old pointer into old array (barrier)", now_ns() - t0, n, "store");
  Handle young = handle_new(rt, factory_fixed_array(rt, 1, VALUE_UNDEFINED, ALLOC_YOUNG));
  a = FIXED_ARRAY(*old);
  rd_value y = *young;
  t0 = now_ns();
  for (int i = 0; i < n; i++) HEAP_STORE(a, a->data[i & 1023], y);
  report("store young pointer into old array (records)", now_ns() - t0, n, "store");
  t0 = now_ns();
  for (int i = 0; i < n; i++) a->data[i & 1023] = value_from_int32(i);
  report("plain store, no barrier (baseline)", now_ns() - t0, n, "store");
}

/* Fills new space with a list keeping every `keep`th node, then scavenges. */
static void bench_scavenge(Runtime *rt, int keep_pct) {
  HANDLE_SCOPE(rt);
  Handle head = handle_new(rt, VALUE_NULL);
  rd_collect_garbage(rt, 1);
  size_t bytes = 0;
  for (int i = 0; bytes < 900 * KB; i++) {
    rd_value a = factory_fixed_array(rt, 6, VALUE_UNDEFINED, ALLOC_YOUNG);
    bytes += fixed_array_size_for(6);
    if ((i % 100) < keep_pct) {
      FIXED_ARRAY(a)->data[0] = *head;
      *head = a;
    }
  }
  double t0 = now_ns();
  rd_collect_garbage(rt, 0);
  double dt = now_ns() - t0;
  char name[64];
  snprintf(name, sizeof name, "scavenge, %d%% of 900 KB survives", keep_pct);
  printf("  %-44s %9.3f ms (%.0f MB/s of survivors)\n", name, dt / 1e6,
         keep_pct ? (double)bytes * keep_pct / 100 / MB / (dt / 1e9) : 0.0);
}

static void bench_mark_compact(Runtime *rt, int nodes) {
  HANDLE_SCOPE(rt);
  Handle list = handle_new(rt, factory_fixed_array(rt, (uint32_t)nodes, VALUE_UNDEFINED, ALLOC_OLD));
  for (int i = 0; i < nodes; i++) {
    rd_value a = factory_fixed_array(rt, 4, value_from_int32(i), ALLOC_OLD);
    HEAP_STORE(value_to_ptr(*list), FIXED_ARRAY(*list)->data[i], a);
    if (i % 2 && !factory_fixed_array(rt, 4, VALUE_UNDEFINED, ALLOC_OLD)) abort();   /* garbage */
  }
  double t0 = now_ns();
  rd_collect_garbage(rt, 1);
  double dt = now_ns() - t0;
  char name[64];
  snprintf(name, sizeof name, "mark-compact, %d live objects", nodes + 1);
  printf("  %-44s %9.3f ms (%.1f ns/live object)\n", name, dt / 1e6, dt / nodes);
  bool saved = FLAG_stress_compaction;
  FLAG_stress_compaction = true;
  t0 = now_ns();
  rd_collect_garbage(rt, 1);
  dt = now_ns() - t0;
  FLAG_stress_compaction = saved;
  printf("  %-44s %9.3f ms\n", "  same, evacuating every page", dt / 1e6);
}

int main(int argc, char **argv) {
  if (rd_flags_parse(argc, argv) < 0) return 2;
  Runtime *rt = rd_runtime_new();
  if (!rt) return 1;
  printf("rondo heap micro-benchmarks\n");
  {
    HANDLE_SCOPE(rt);
    bench_alloc(rt, 20 * 1000 * 1000, 2);
    bench_alloc(rt, 5 * 1000 * 1000, 16);
    bench_barrier(rt, 50 * 1000 * 1000);
    bench_scavenge(rt, 0);
    bench_scavenge(rt, 10);
    bench_scavenge(rt, 50);
    bench_scavenge(rt, 100);
    bench_mark_compact(rt, 500 * 1000);
  }
  rd_runtime_free(rt);
  return 0;
}
