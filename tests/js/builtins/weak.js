// Flags: --allow-natives-syntax
// WeakMap, WeakSet, WeakRef and FinalizationRegistry: the API, and what a
// full GC (%CollectGarbage) clears. Checks run in a later job, once the
// KeepDuringJob set of the script (deref, new WeakRef) is emptied.

// --- API ---
const wm = new WeakMap();
const k1 = {}, k2 = {};
print(wm.set(k1, {v: 1}) === wm, wm.set(k2, 2) === wm);
print(wm.has(k1), wm.get(k1).v, wm.get(k2), wm.has({}), wm.get({}));
print(wm.delete(k2), wm.has(k2), wm.delete(k2), wm.delete(1));
const sym = Symbol("s");
wm.set(sym, 3);
print("symbol key", wm.get(sym), wm.has(Symbol("s")));
for (const bad of [1, "s", null, undefined, Symbol.for("registered")]) {
  try { wm.set(bad, 1); print("no throw"); } catch (e) { print(e.constructor.name, wm.has(bad), wm.get(bad)); }
}
const ws = new WeakSet([k1, sym]);
print(ws.has(k1), ws.has(sym), ws.has(k2), ws.add(k2) === ws, ws.delete(k2), ws.has(k2));
try { ws.add(Symbol.for("r")); } catch (e) { print(e.constructor.name); }
print(Object.prototype.toString.call(wm), Object.prototype.toString.call(ws));
try { WeakMap(); } catch (e) { print(e.constructor.name); }
try { WeakMap.prototype.get.call(new Map(), k1); } catch (e) { print(e.constructor.name); }
const fromEntries = new WeakMap([[k1, "a"], [k2, "b"]]);
print(fromEntries.get(k1), fromEntries.get(k2));
class MyWeakMap extends WeakMap { hello() { return "hi"; } }
const mine = new MyWeakMap([[k1, 7]]);
print(mine.hello(), mine.get(k1), mine instanceof WeakMap);

// growth: many entries, all found again
const keep = [];
for (let i = 0; i < 2000; i++) { const o = {i}; keep.push(o); wm.set(o, [o]); }
for (let i = 0; i < 500; i++) wm.delete(keep[i]);
let ok = true;
for (let i = 0; i < 2000; i++) if (wm.has(keep[i]) !== i >= 500 || (i >= 500 && wm.get(keep[i])[0] !== keep[i])) ok = false;
print("growth", ok);

const wr = new WeakRef(k1);
print(wr.deref() === k1, Object.prototype.toString.call(wr));
try { new WeakRef(1); } catch (e) { print(e.constructor.name); }
try { new WeakRef(Symbol.for("r")); } catch (e) { print(e.constructor.name); }
print(new WeakRef(sym).deref() === sym);

const fr = new FinalizationRegistry(held => print("cleanup", held));
print(fr.register(k1, "k1", k2), fr.unregister(k2), fr.unregister(k2));
try { fr.register(k1, k1); } catch (e) { print(e.constructor.name); }
try { fr.register(k1, 1, 1); } catch (e) { print(e.constructor.name); }
try { fr.unregister(1); } catch (e) { print(e.constructor.name); }
try { new FinalizationRegistry(1); } catch (e) { print(e.constructor.name); }
print(Object.prototype.toString.call(fr));

// --- GC ---
const gcMap = new WeakMap(), gcSet = new WeakSet();
let live = {name: "live"};
let dead = {name: "dead"};
gcMap.set(live, {v: "live value"});
gcMap.set(dead, {v: "dead value"});
gcSet.add(dead);
const refs = {
  liveValue: new WeakRef(gcMap.get(live)),
  deadValue: new WeakRef(gcMap.get(dead)),
  deadKey: new WeakRef(dead),
};
dead = null;
// head -> n0 -> n1 -> n2 -> n3: each node the key of the next one's entry
function chain(head) {
  const nodes = [head], rs = [];
  for (let i = 0; i < 4; i++) nodes.push({i});
  for (let i = 4; i > 0; i--) gcMap.set(nodes[i - 1], nodes[i]);
  for (let i = 1; i <= 4; i++) rs.push(new WeakRef(nodes[i]));
  return rs;
}
let head1 = {}, head2 = {};
const chainLive = chain(head1), chainDead = chain(head2);
head2 = null;
const registry = new FinalizationRegistry(held => print("cleanup", held));
(function () {
  registry.register({}, "held 1");
  registry.register({}, "held 2", live);
  registry.register({}, "unregistered", k1);
})();
registry.unregister(k1);
registry.register(live, "never");
Promise.resolve().then(() => {
  %CollectGarbage("all");
  print("live key", gcMap.has(live), gcMap.get(live).v, refs.liveValue.deref() !== undefined);
  print("dead key", refs.deadKey.deref(), refs.deadValue.deref());
  print("live chain", chainLive.map(r => r.deref() !== undefined).join());
  print("dead chain", chainDead.map(r => r.deref()).join());
  print("chain walk", gcMap.get(gcMap.get(gcMap.get(gcMap.get(head1)))).i);
  print("api objects", wm.get(k1).v, ws.has(sym), wr.deref() === k1);
}).then(() => print("next job (cleanup runs once the queue is empty)"));
