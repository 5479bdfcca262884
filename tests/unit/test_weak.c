/*
 * test_weak.c - weak collections under both collectors: the ephemeron
 * fixpoint of mark-compact (a chain of WeakMap entries whose keys are
 * reachable only through the values of other entries), the conservative
 * scavenge (weak tables are strong there), and WeakRef clearing.
 */
#include <string.h>

#include "base/flags.h"
#include "runtime/runtime.h"
#include "test.h"

static rd_value eval(Runtime *rt, const char *src) {
  rd_value v = rd_eval(rt, src, strlen(src), "<weak>", 0);
  CHECK(v != RD_EXCEPTION);
  return v;
}

/* Live entries of the table of the WeakMap in global `wm`. */
static int32_t weak_map_count(Runtime *rt) {
  rd_value wm = eval(rt, "wm");
  rd_value table = ((JSCollection *)value_to_ptr(wm))->table;
  return value_to_int32(FIXED_ARRAY(table)->data[EPHEMERON_COUNT]);
}

/* head -> n0 -> n1 -> ... -> n5: each node is the key of the next one's
 * entry, inserted last link first, so reaching the tail takes several
 * passes over the table. refs holds a WeakRef to each node. */
static const char chain_src[] =
    "var wm = new WeakMap(), head = {}, refs = [];"
    "(function () {"
    "  const nodes = [head];"
    "  for (let i = 0; i < 6; i++) nodes.push({i});"
    "  for (let i = 6; i > 0; i--) wm.set(nodes[i - 1], nodes[i]);"
    "  for (let i = 1; i <= 6; i++) refs.push(new WeakRef(nodes[i]));"
    "})();";

TEST(weak_ephemeron_chain_mark_compact_fixpoint) {
  Runtime *rt = test_runtime_new_unstressed();
  eval(rt, chain_src);
  EXPECT_EQ_INT(weak_map_count(rt), 6);
  rd_collect_garbage(rt, 1);
  EXPECT_EQ_INT(weak_map_count(rt), 6);   /* every link reachable from head */
  EXPECT(eval(rt, "wm.get(wm.get(wm.get(wm.get(wm.get(wm.get(head)))))).i") == value_from_int32(5));
  EXPECT(eval(rt, "refs.every(r => r.deref() !== undefined)") == VALUE_TRUE);
  eval(rt, "head = null");
  rd_collect_garbage(rt, 1);
  EXPECT_EQ_INT(weak_map_count(rt), 0);   /* the whole chain died */
  EXPECT(eval(rt, "refs.every(r => r.deref() === undefined)") == VALUE_TRUE);
  rd_runtime_free(rt);
}

TEST(weak_ephemeron_chain_scavenge_is_conservative) {
  Runtime *rt = test_runtime_new_unstressed();
  eval(rt, chain_src);
  rd_collect_garbage(rt, 0);
  EXPECT_EQ_INT(weak_map_count(rt), 6);
  eval(rt, "head = null");
  /* Scavenges keep weak tables' entries (docs/heap.md): young and then
   * promoted, the chain survives, and is still walkable from its tail. */
  rd_collect_garbage(rt, 0);
  rd_collect_garbage(rt, 0);
  EXPECT_EQ_INT(weak_map_count(rt), 6);
  EXPECT(eval(rt, "refs[5].deref().i") == value_from_int32(5));
  EXPECT(eval(rt, "wm.get(refs[3].deref()) === refs[4].deref()") == VALUE_TRUE);
  /* A full GC (in a new job: KeepDuringJob held the derefs) clears it. */
  rd_collect_garbage(rt, 1);
  EXPECT_EQ_INT(weak_map_count(rt), 0);
  rd_runtime_free(rt);
}

TEST(weak_ephemeron_value_keeps_nothing_alive_of_a_dead_key) {
  Runtime *rt = test_runtime_new_unstressed();
  /* The value refers back to its key: a cycle through the table only. */
  eval(rt, "var wm = new WeakMap(), live = {}, r;"
           "(function () { const k = {}; wm.set(k, {k}); wm.set(live, {k: live}); r = new WeakRef(k); })();");
  rd_collect_garbage(rt, 1);
  EXPECT_EQ_INT(weak_map_count(rt), 1);
  EXPECT(eval(rt, "r.deref()") == VALUE_UNDEFINED);
  EXPECT(eval(rt, "wm.get(live).k === live") == VALUE_TRUE);
  rd_runtime_free(rt);
}
