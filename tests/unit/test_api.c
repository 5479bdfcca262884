/*
 * test_api.c - the public API of rondo.h, used as an embedder would (only
 * rondo.h), including misuse that must not crash.
 */
#include "rondo.h"
#include "test.h"

TEST(api_runtime_lifecycle_and_stats) {
  rd_runtime *rt = rd_runtime_new();
  EXPECT(rt != NULL);
  rd_heap_stats s;
  rd_heap_statistics(rt, &s);
  EXPECT(s.total_size > 0);                 /* the bootstrap's objects */
  EXPECT(s.new_space_capacity >= 1024 * 1024 - 64 * 1024);
  EXPECT(s.limit >= 16u * 1024 * 1024);
  uint64_t scav = s.scavenges, mc = s.mark_compacts;
  rd_collect_garbage(rt, 0);
  rd_collect_garbage(rt, 1);
  rd_heap_statistics(rt, &s);
  EXPECT(s.scavenges >= scav + 1);
  EXPECT(s.mark_compacts >= mc + 1);
  EXPECT(s.gc_pause_ms >= 0);
  rd_runtime_free(rt);
}

TEST(api_several_runtimes_are_independent) {
  rd_runtime *a = rd_runtime_new(), *b = rd_runtime_new();
  EXPECT(a && b && a != b);
  rd_collect_garbage(a, 1);
  rd_heap_stats sa, sb;
  rd_heap_statistics(a, &sa);
  rd_heap_statistics(b, &sb);
  EXPECT(sa.mark_compacts >= 1);
  rd_runtime_free(b);
  rd_collect_garbage(a, 0);
  rd_runtime_free(a);
}

TEST(api_persistent_handles_of_non_heap_values) {
  rd_runtime *rt = rd_runtime_new();
  rd_persistent *p = rd_persistent_new(rt, 0xA);   /* undefined */
  EXPECT(p != NULL);
  rd_collect_garbage(rt, 1);
  EXPECT(rd_persistent_get(p) == 0xA);
  rd_persistent_set(p, 0x2);
  EXPECT(rd_persistent_get(p) == 0x2);
  rd_persistent_free(rt, p);
  rd_runtime_free(rt);   /* also frees persistents the embedder forgot */
}

TEST(api_misuse_with_null_does_not_crash) {
  rd_heap_stats s;
  rd_heap_statistics(NULL, &s);
  EXPECT(s.total_size == 0);
  rd_heap_statistics(NULL, NULL);
  rd_collect_garbage(NULL, 1);
  EXPECT(rd_persistent_new(NULL, 0xA) == NULL);
  EXPECT(rd_persistent_get(NULL) == 0xA);
  rd_persistent_set(NULL, 0x2);
  rd_persistent_free(NULL, NULL);
  rd_runtime_free(NULL);
}

TEST(api_flags_parse_keeps_non_flags) {
  char a0[] = "rondo", a1[] = "--trace-gc=false", a2[] = "file.js", a3[] = "--", a4[] = "--x";
  char *argv[] = {a0, a1, a2, a3, a4, NULL};
  int argc = rd_flags_parse(5, argv);
  EXPECT_EQ_INT(argc, 3);
  EXPECT_STREQ(argv[1], "file.js");
  EXPECT_STREQ(argv[2], "--x");            /* after "--", arguments are not flags */
  char b0[] = "rondo", b1[] = "--gc-interval=-3";
  char *bad[] = {b0, b1, NULL};
  EXPECT_EQ_INT(rd_flags_parse(2, bad), -1);
}
