// Array.fromAsync: async and sync iterables, array-likes, mappers (sync and
// async), constructors as this, and the closing of iterators on errors.

const out = [];
const log = (...a) => out.push(a.join(" "));
async function* agen() { yield 1; yield Promise.resolve(2); yield 3; }
function closing(name, values, extra = {}) {
  let i = 0;
  return {
    [Symbol.iterator]() { return this; },
    next() { return i < values.length ? { value: values[i++], done: false } : { done: true }; },
    return() { log("  return", name); return {}; },
    ...extra,
  };
}

(async () => {
  log("async gen", JSON.stringify(await Array.fromAsync(agen())));
  log("sync with promises", JSON.stringify(await Array.fromAsync([1, Promise.resolve(2), 3])));
  log("array-like", JSON.stringify(await Array.fromAsync({ length: 3, 0: "a", 1: Promise.resolve("b") })));
  log("string", JSON.stringify(await Array.fromAsync("héllo")));
  log("mapper", JSON.stringify(await Array.fromAsync([1, 2], (v, i) => v * 10 + i)));
  log("async mapper", JSON.stringify(await Array.fromAsync(agen(), async (v) => v + 100)));
  log("thisArg", JSON.stringify(await Array.fromAsync([1], function () { return this.tag; }, { tag: "T" })));
  class C { constructor(...args) { this.args = args; } }
  const c1 = await Array.fromAsync([7, 8], undefined);
  const c2 = await Array.fromAsync.call(C, [7, 8]);
  const c3 = await Array.fromAsync.call(C, { length: 2, 0: 7, 1: 8 });
  log("ctor", Array.isArray(c1), c2 instanceof C, JSON.stringify(c2.args), c2.length, JSON.stringify(c3.args), c3.length);
  const nc = await Array.fromAsync.call({}, [1]);
  log("non-ctor this", Array.isArray(nc));
  const p = Array.fromAsync([]);
  log("returns promise", p instanceof Promise);
  for (const bad of [null, undefined]) {
    try { await Array.fromAsync(bad); } catch (e) { log("bad items", e.constructor.name); }
  }
  try { await Array.fromAsync([1], 5); } catch (e) { log("bad mapper", e.constructor.name); }
  // errors close the iterator
  try { await Array.fromAsync(closing("m", [1, 2]), () => { throw new Error("mapper"); }); } catch (e) { log(e.message); }
  try { await Array.fromAsync(closing("am", [1, 2]), async () => { throw new Error("async mapper"); }); } catch (e) { log(e.message); }
  try { await Array.fromAsync(closing("n", [], { next() { throw new Error("next"); } })); } catch (e) { log(e.message); }
  try {
    await Array.fromAsync(closing("r", [1], { return() { log("  return throws"); throw new Error("ignored"); } }),
                          () => { throw new Error("kept"); });
  } catch (e) { log(e.message); }
  const Frozen = function () { return Object.freeze([]); };
  try { await Array.fromAsync.call(Frozen, closing("f", [1])); } catch (e) { log("frozen", e.constructor.name); }
  try { await Array.fromAsync({ get length() { throw new Error("length getter"); } }); } catch (e) { log(e.message); }
  try { await Array.fromAsync({ length: 1, get 0() { throw new Error("element getter"); } }); } catch (e) { log(e.message); }
  try { await Array.fromAsync([Promise.reject(new Error("rejected element"))]); } catch (e) { log(e.message); }
  // an array mutated while it is read
  const arr = [1, 2, 3];
  log("mutated", JSON.stringify(await Array.fromAsync(arr, (v) => { if (v === 1) arr.push(4); return v; })));
  // many elements
  const big = await Array.fromAsync({ length: 10000 }, (v, i) => i);
  log("big", big.length, big[9999]);
  log("length", Array.fromAsync.length, Array.fromAsync.name);
})().then(() => print(out.join("\n")), (e) => print("unexpected", e));
