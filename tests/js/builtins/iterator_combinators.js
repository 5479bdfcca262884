// Iterator.concat, Iterator.zip, Iterator.zipKeyed, Iterator.prototype.chunks,
// windows and includes: results, closing of the underlying iterators, and
// hostile iterators (throwing next/return, getters, re-entrancy).

function log(name, values, extra = {}) {
  let i = 0;
  return {
    __proto__: Iterator.prototype,
    next() { return i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true }; },
    return() { print("  return", name); return {}; },
    ...extra,
  };
}
const show = (it) => JSON.stringify([...it]);

// --- concat ---
print(show(Iterator.concat([1, 2], new Set([3]), "ab".split(""))));
print(show(Iterator.concat()));
const c = Iterator.concat({ [Symbol.iterator]: () => log("c1", [1, 2]) }, [9]);
print(JSON.stringify(c.next()), JSON.stringify(c.return()), JSON.stringify(c.next()));
print("return before start:", JSON.stringify(Iterator.concat({ [Symbol.iterator]() { throw 1; } }).return()));
try { Iterator.concat(1); } catch (e) { print(e.constructor.name); }
try { Iterator.concat({}); } catch (e) { print(e.constructor.name); }
try { Iterator.concat({ [Symbol.iterator]: () => 1 }).next(); } catch (e) { print(e.constructor.name); }
try { Iterator.concat({ [Symbol.iterator]: () => log("t", [], { next() { throw new Error("next boom"); } }) }).next(); }
catch (e) { print(e.message); }
print(Object.prototype.toString.call(Iterator.concat()), Iterator.concat.length);

// --- chunks / windows ---
const digits = () => [0, 1, 2, 3, 4, 5, 6].values();
print(show(digits().chunks(3)), show(digits().chunks(7)), show(digits().chunks(100)));
print(show(digits().windows(3)), show(digits().windows(10)), show(digits().windows(10, "allow-partial")));
print(show([].values().windows(2, "allow-partial")), show([].values().chunks(1)));
for (const bad of [0, -1, 2 ** 32, 1.5, NaN, "2", undefined, Infinity]) {
  try { log("bad", []).chunks(bad); } catch (e) { print("chunks", String(bad), e.constructor.name); }
}
try { log("u", []).windows(2, "sometimes"); } catch (e) { print("windows undersized", e.constructor.name); }
const w = log("w", [1, 2, 3, 4]).windows(2);
const w1 = w.next().value; w1.push("mutated"); w1[0] = "x";
print(JSON.stringify(w.next().value), JSON.stringify(w.return()));
const ch = log("ch", [1, 2, 3]).chunks(2);
print(JSON.stringify(ch.next()), JSON.stringify(ch.next()), JSON.stringify(ch.return()));

// --- includes ---
print([1, NaN, -0].values().includes(NaN), [1, 2].values().includes(0), [1, -0].values().includes(0));
print([1, 2, 3, 1].values().includes(1, 1), [1, 2, 3].values().includes(1, 1), [1].values().includes(1, Infinity));
print(log("inc", [1, 2, 3]).includes(2));
for (const bad of [-1, 0.5, "1", NaN, -Infinity, 2 ** 53]) {
  try { log("incbad", []).includes(1, bad); } catch (e) { print("includes", String(bad), e.constructor.name); }
}

// --- zip ---
print(show(Iterator.zip([[1, 2, 3], ["a", "b"]])));
print(show(Iterator.zip([[1, 2, 3], ["a", "b"]], { mode: "longest" })));
print(show(Iterator.zip([[1, 2, 3], ["a"]], { mode: "longest", padding: ["p", "q"] })));
print(show(Iterator.zip([[1, 2], ["a", "b"]], { mode: "strict" })), show(Iterator.zip([])));
try { [...Iterator.zip([[1, 2], ["a"]], { mode: "strict" })]; } catch (e) { print("strict", e.constructor.name); }
try { [...Iterator.zip([[1], ["a", "b"]], { mode: "strict" })]; } catch (e) { print("strict", e.constructor.name); }
for (const bad of [{ mode: "long" }, { mode: new String("strict") }, { mode: "longest", padding: 1 }, 5]) {
  try { Iterator.zip([], bad); } catch (e) { print("options", e.constructor.name); }
}
try { Iterator.zip(["abc"]); } catch (e) { print("string iterable", e.constructor.name); }
const z = Iterator.zip([log("z1", [1, 2]), log("z2", [3, 4]), log("z3", [5])]);
print(JSON.stringify(z.next().value), JSON.stringify(z.next()), JSON.stringify(z.next()));
const z2 = Iterator.zip([log("a", [1]), log("b", [2])]);
print("return at start:"); z2.return(); print(JSON.stringify(z2.next()));
const z3 = Iterator.zip([log("a", [1, 2]), log("b", [3, 4], { return() { print("  b throws"); throw new Error("b"); } })]);
z3.next();
try { z3.return(); } catch (e) { print("return error", e.message); }
const z4 = Iterator.zip([log("ok", [1]), log("bad", [1], { next() { throw new Error("next fails"); } })]);
try { z4.next(); } catch (e) { print(e.message); }
const reenter = Iterator.zip([{ next() { try { reenter.next(); } catch (e) { print("re-entrant", e.constructor.name); } return { done: true }; } }]);
print(JSON.stringify(reenter.next()));

// --- zipKeyed ---
const k = Iterator.zipKeyed({ a: [1, 2], b: [3, 4], [Symbol.for("s")]: [5, 6], skip: undefined });
const first = k.next().value;
print(Object.getPrototypeOf(first), JSON.stringify(first), first[Symbol.for("s")], Reflect.ownKeys(first).length);
print(show(Iterator.zipKeyed({ x: [1, 2], y: [3] }, { mode: "longest", padding: { y: "pad" } })));
let order = [];
Iterator.zipKeyed(new Proxy({ a: [1], b: [2] }, {
  getOwnPropertyDescriptor(t, key) { order.push("gopd " + String(key)); return Reflect.getOwnPropertyDescriptor(t, key); },
  get(t, key) { order.push("get " + String(key)); return t[key]; },
}));
print(order.join(", "));
try { Iterator.zipKeyed({ a: [1], get b() { throw new Error("getter"); } }); } catch (e) { print(e.message); }
print(Iterator.zip.length, Iterator.zipKeyed.length, Iterator.prototype.chunks.length, Iterator.prototype.windows.length,
      Iterator.prototype.includes.length);
