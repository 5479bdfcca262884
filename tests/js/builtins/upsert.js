// Map.prototype.getOrInsert / getOrInsertComputed and the WeakMap ones
// (the upsert proposal): insertion order, -0 keys, callbacks that mutate the
// map, throwing callbacks, bad receivers and keys.

const m = new Map([["a", 1]]);
print(m.getOrInsert("a", 2), m.getOrInsert("b", 3), [...m].join(";"));
print(m.getOrInsert(-0, "z"), Object.is([...m.keys()][2], 0), m.get(0));
let calls = 0;
print(m.getOrInsertComputed("a", () => { calls++; return 9; }), calls);
print(m.getOrInsertComputed(-0, () => { calls++; return 9; }), calls);
print(m.getOrInsertComputed("c", (k) => { calls++; return k + "!"; }), calls, m.get("c"));
const neg = new Map();
neg.getOrInsertComputed(-0, (k) => print("callback key is +0:", Object.is(k, 0)));
// the callback adds the key itself: the computed value overwrites, order kept
const mut = new Map();
print(mut.getOrInsertComputed("k", () => { mut.set("x", 1); mut.set("k", "inner"); return "outer"; }),
      [...mut].join(";"));
// the callback deletes everything and refills past a rehash
const big = new Map();
print(big.getOrInsertComputed("key", () => { for (let i = 0; i < 100; i++) big.set(i, i); big.clear(); return 5; }),
      big.size, big.get("key"));
try { m.getOrInsertComputed("q", () => { throw new Error("boom"); }); } catch (e) { print(e.message, m.has("q")); }
try { m.getOrInsertComputed("q", 1); } catch (e) { print(e.constructor.name, m.has("q")); }
try { Map.prototype.getOrInsert.call(new Set(), 1, 2); } catch (e) { print(e.constructor.name); }
try { Map.prototype.getOrInsertComputed.call({}, 1, () => 1); } catch (e) { print(e.constructor.name); }
print(Map.prototype.getOrInsert.length, Map.prototype.getOrInsertComputed.length, Map.prototype.getOrInsert.name);

const wm = new WeakMap();
const k1 = {}, k2 = {}, s = Symbol("s");
print(wm.getOrInsert(k1, 1), wm.getOrInsert(k1, 2), wm.get(k1));
print(wm.getOrInsertComputed(k2, (k) => k === k2 ? "same" : "other"), wm.getOrInsertComputed(k2, () => "x"));
print(wm.getOrInsert(s, "sym"), wm.get(s));
for (const bad of [1, "s", null, undefined, Symbol.for("registered")]) {
  try { wm.getOrInsert(bad, 1); print("no throw"); } catch (e) { print(e.constructor.name); }
  try { wm.getOrInsertComputed(bad, () => 1); print("no throw"); } catch (e) { print(e.constructor.name); }
}
try { wm.getOrInsertComputed({}, null); } catch (e) { print("not callable", e.constructor.name); }
const k3 = {};
print(wm.getOrInsertComputed(k3, () => { wm.set(k3, "inner"); return "outer"; }), wm.get(k3));
try { WeakMap.prototype.getOrInsert.call(new Map(), {}, 1); } catch (e) { print(e.constructor.name); }
// many keys through getOrInsert (table growth)
const keys = [];
for (let i = 0; i < 1000; i++) { keys.push({}); wm.getOrInsertComputed(keys[i], () => i); }
let ok = true;
for (let i = 0; i < 1000; i++) if (wm.getOrInsert(keys[i], -1) !== i) ok = false;
print("1000 keys", ok);
