// Map and Set: SameValueZero keys, insertion order, live iteration while the
// table grows, shrinks and is cleared, forEach, iterators, the Set methods
// with set-likes, Map.groupBy, subclassing, and object keys that the GC moves
// (run it under --gc-interval=N to move them at every step).

function show(label, v) { print(label + ": " + v); }
function list(it) { return [...it].map(String).join(","); }
function threw(f) { try { f(); return "no"; } catch (e) { return e.constructor.name; } }

// --- keys ---------------------------------------------------------------------
var m = new Map();
m.set(-0, "zero").set(NaN, "nan").set("1", "str").set(1, "num").set(1.5, "dbl");
show("-0 and +0", m.get(0) + " " + m.get(-0) + " " + Object.is([...m.keys()][0], 0));
show("NaN", m.get(NaN) + " " + m.get(0 / 0) + " " + m.has(Number("x")));
show("1 vs '1'", m.get(1) + " " + m.get("1") + " " + m.get(1.0) + " " + m.get(3 / 2));
var a = "ab", b = "cdefghijklmnopqrstuvwxyz";
m.set(a + b, "rope");   // a cons string as key, looked up by a flat one and a slice
show("string content", m.get("abcdefghijklmnopqrstuvwxyz") + " " +
     m.get("xxabcdefghijklmnopqrstuvwxyz".slice(2)));
var sym = Symbol("s"), o1 = {}, o2 = {}, frozen = Object.freeze({}), fn = function () {};
m.set(sym, "sym").set(o1, "o1").set(o2, "o2").set(frozen, "frozen").set(fn, "fn")
 .set(undefined, "u").set(null, "n").set(true, "t");
show("identity keys", [m.get(sym), m.get(o1), m.get(o2), m.get(frozen), m.get(fn), m.get({})].join());
show("primitive keys", [m.get(undefined), m.get(null), m.get(true), m.get(false)].join());
show("hash is hidden", Object.getOwnPropertySymbols(o1).length + " " + Reflect.ownKeys(frozen).length +
     " " + JSON.stringify(o1) + " " + Object.isFrozen(frozen));
m.set(o1, "o1 again");
show("update keeps order", m.size + " " + [...m.values()].indexOf("o1 again"));

// --- basics -------------------------------------------------------------------
var s = new Set([3, 1, 3, 2, 1]);
show("set", list(s) + " size " + s.size);
show("add returns", s.add(4) === s);
show("delete", s.delete(1) + " " + s.delete(1) + " " + list(s));
show("entries", list(s.entries()));
show("keys is values", Set.prototype.keys === Set.prototype.values);
show("iterator is values", Set.prototype[Symbol.iterator] === Set.prototype.values);
show("map iterator is entries", Map.prototype[Symbol.iterator] === Map.prototype.entries);
show("map entries", JSON.stringify([...new Map([[1, "a"], [2, "b"]])]));
show("lengths", [Map.length, Set.length, Map.prototype.set.length, Map.prototype.forEach.length,
                 Set.prototype.union.length, Map.groupBy.length].join());
var sizeGetter = Object.getOwnPropertyDescriptor(Map.prototype, "size").get;
show("size getter", sizeGetter.name + " " + threw(() => sizeGetter.call(new Set())));
show("species", Map[Symbol.species] === Map && Set[Symbol.species] === Set);
show("tags", [new Map(), new Set(), new Map().keys(), new Set().values()]
                 .map(x => Object.prototype.toString.call(x)).join(" "));
show("call without new", threw(() => Map()) + " " + threw(() => Set()));
show("wrong receiver", threw(() => Map.prototype.get.call(new Set(), 1)) + " " +
     threw(() => Set.prototype.add.call({}, 1)));
var mit = new Map().entries(), sit = new Set().values();
show("iterator brands", threw(() => mit.next.call(sit)) + " " + threw(() => sit.next.call(mit)));
show("iterator protos", Object.getPrototypeOf(Object.getPrototypeOf(mit)) ===
     Object.getPrototypeOf(Object.getPrototypeOf([].values())));

// --- constructor --------------------------------------------------------------
show("bad entry", threw(() => new Map([1])));
var closed = 0;
var iterable = { [Symbol.iterator]() {
  var i = 0;
  return { next() { return { value: [i, i++], done: i > 3 }; }, return() { closed++; return {}; } };
} };
show("from iterable", list(new Map(iterable).keys()));
var saved = Map.prototype.set;
Map.prototype.set = function (k, v) { if (k === 1) throw new Error("no"); return saved.call(this, k, v); };
show("adder throws closes", threw(() => new Map(iterable)) + " closed " + closed);
Map.prototype.set = saved;
class MyMap extends Map { constructor(x) { super(x); this.extra = 1; } }
var mm = new MyMap([[1, 2]]);
show("subclass", (mm instanceof MyMap) + " " + (mm instanceof Map) + " " + mm.get(1) + " " + mm.extra);

// --- live iteration -----------------------------------------------------------
var live = new Set([1, 2, 3]);
var seen = [];
for (var x of live) {
  seen.push(x);
  if (x === 1) { live.delete(2); live.add(4); }
  if (x === 4) live.add(5);
}
show("for-of add/delete", seen.join());

var grow = new Set([0]), got = [];
for (var x of grow) { got.push(x); if (x < 200) grow.add(x + 1); }   // grows many times
show("iterate while growing", got.length + " " + got[199] + " " + grow.size);

var shrink = new Map();
for (var i = 0; i < 64; i++) shrink.set(i, i);
var it = shrink.keys();
show("first", it.next().value + " " + it.next().value);
for (var i = 0; i < 60; i++) shrink.delete(i);   // shrinks the table under the iterator
shrink.set("new", 1);
show("after shrink", list(it));

var cleared = new Set([1, 2, 3]), cit = cleared.values();
cit.next();
cleared.clear();
show("after clear", JSON.stringify(cit.next()) + " size " + cleared.size);
var c2 = new Set([1, 2, 3]), c2it = c2.values();
c2it.next();
c2.clear();
c2.add("later");
show("clear then add", list(c2it));
var done = new Set([1]).values();
done.next(); done.next();
show("done stays done", JSON.stringify(done.next()));

var fe = new Map([["a", 1], ["b", 2], ["c", 3]]), calls = [];
fe.forEach(function (v, k, map) {
  calls.push(k + v + (map === fe) + (this === fe));
  if (k === "a") { fe.delete("b"); fe.set("d", 4); }
}, fe);
show("forEach", calls.join(" "));
var sfe = [];
new Set(["x"]).forEach((v, k, set) => sfe.push(v + k + set.size));
show("set forEach", sfe.join());
var cfe = new Set([1, 2, 3]), cseen = [];
cfe.forEach(v => { cseen.push(v); if (v === 1) { cfe.clear(); cfe.add(9); } });
show("forEach clear", cseen.join());

// --- Set methods --------------------------------------------------------------
var A = new Set([1, 2, 3, 4]);
show("union", list(A.union(new Set([4, 5, -0]))));
show("intersection", list(A.intersection(new Set([4, 2, 9]))) + " / " + list(A.intersection(new Set([3, 1]))));
show("difference", list(A.difference(new Set([2, 9]))) + " / " + list(A.difference(new Set([1, 2, 3, 4, 5, 6]))));
show("symmetricDifference", list(A.symmetricDifference(new Set([4, 5, 1, 6]))));
show("subset", A.isSubsetOf(new Set([1, 2, 3, 4, 5])) + " " + A.isSubsetOf(new Set([1, 2])));
show("superset", A.isSupersetOf(new Set([2, 3])) + " " + A.isSupersetOf(new Set([2, 7])));
show("disjoint", A.isDisjointFrom(new Set([7, 8])) + " " + A.isDisjointFrom(new Set([8, 4, 9, 10, 11])));
show("with a Map", list(A.intersection(new Map([[2, "x"], [3, "y"]]))));
var log = [];
var setLike = {
  size: 2,
  has(v) { log.push("has " + v); return v === 2; },
  keys() {
    log.push("keys");
    var vals = [2, 7], i = 0;
    return { next() { return i < vals.length ? { value: vals[i++], done: false } : { done: true }; },
             return() { log.push("return"); return {}; } };
  },
};
show("set-like union", list(A.union(setLike)) + " [" + log.join("; ") + "]");
log = [];
show("set-like subset", new Set([2]).isSubsetOf(setLike) + " [" + log.join("; ") + "]");
log = [];
show("set-like superset", new Set([2]).isSupersetOf({ ...setLike, size: 1 }) + " [" + log.join("; ") + "]");
log = [];
show("set-like disjoint", new Set([1, 2, 3]).isDisjointFrom(setLike) + " [" + log.join("; ") + "]");
show("GetSetRecord", [threw(() => A.union([1])), threw(() => A.union({ size: -1, has() {}, keys() {} })),
                      threw(() => A.union({ size: 1, keys() {} })), threw(() => A.union(1))].join());
var sub = new (class extends Set {})([1]);
show("result is a plain Set", Object.getPrototypeOf(sub.union(new Set())) === Set.prototype);
var mut = new Set([1, 2, 3]);
var res = mut.intersection({ size: 10, has(v) { if (v === 1) { mut.delete(2); mut.add(7); } return true; },
                             keys() { throw new Error("unused"); } });
show("intersection sees mutation", list(res));

// --- Map.groupBy --------------------------------------------------------------
var groups = Map.groupBy([1, 2, 3, 4, 5, -0], (x, i) => x === 0 ? 0 : x % 2 ? "odd" : "even");
show("groupBy", [...groups].map(([k, v]) => String(k) + "=" + v.join("|")).join(" "));
show("groupBy string", list(Map.groupBy("abca", c => c).keys()));
show("groupBy errors", threw(() => Map.groupBy(null, x => x)) + " " + threw(() => Map.groupBy([], 1)));

// --- objects that the GC moves --------------------------------------------------
function churn() {   // enough garbage for a few scavenges: the keys move (and get promoted)
  var junk;
  for (var j = 0; j < 15000; j++) junk = [j, { j: j }, "s" + j];
  return junk.length;
}
var keys = [], big = new Map(), bigSet = new Set();
for (var i = 0; i < 2000; i++) {
  var k = { i: i };
  keys.push(k);
  big.set(k, i);
  bigSet.add("s" + i);
}
churn();
var ok = 0;
for (var i = 0; i < 2000; i++) if (big.get(keys[i]) === i && bigSet.has("s" + i)) ok++;
show("after GC", ok + " " + big.size + " " + big.has({ i: 0 }));
for (var i = 0; i < 2000; i += 2) big.delete(keys[i]);
churn();
var sum = 0;
big.forEach(v => { sum += v; });
show("after deletes", big.size + " " + sum + " " + big.get(keys[1]) + " " + big.get(keys[2]));
