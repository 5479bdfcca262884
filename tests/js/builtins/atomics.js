// Flags: --test262
// Atomics: every read-modify-write operation on every integer type (wrap
// around, BigInt64 / BigUint64), on shared and non-shared buffers; the
// validation order (array type, index, value conversions, revalidation
// after a conversion detaches or shrinks the buffer); wait and waitAsync
// in a single agent (timeouts, not-equal, notify waking async waiters,
// an infinite wait refused), isLockFree and pause.

function show(label, v) { print(label + ": " + v); }
function threw(f) { try { f(); return "no"; } catch (e) { return e.constructor.name; } }

show("namespace", [typeof Atomics, Object.prototype.toString.call(Atomics), threw(function () { new Atomics.add(); }),
                   Atomics.add.length, Atomics.compareExchange.length, Atomics.wait.length, Atomics.notify.length,
                   Atomics.pause.length].join());

// --- operations ---------------------------------------------------------------
var types = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array];
types.forEach(function (T) {
  [new SharedArrayBuffer(4 * T.BYTES_PER_ELEMENT), new ArrayBuffer(4 * T.BYTES_PER_ELEMENT)].forEach(function (buf) {
    var a = new T(buf), r = [];
    r.push(Atomics.store(a, 0, 5), Atomics.add(a, 0, 3), Atomics.sub(a, 0, 10), Atomics.load(a, 0));
    r.push(Atomics.and(a, 0, 0x0f), Atomics.or(a, 0, 0x30), Atomics.xor(a, 0, 0xff), Atomics.exchange(a, 0, 300));
    r.push(Atomics.compareExchange(a, 0, 1, 2), Atomics.compareExchange(a, 0, a[0], 7), a[0]);
    show(T.name + (buf instanceof SharedArrayBuffer ? " shared" : " plain"), r.join());
  });
});
show("store conversions", [Atomics.store(new Int8Array(4), 0, -0), Object.is(Atomics.store(new Int8Array(4), 0, -0), 0),
                           Atomics.store(new Int8Array(4), 0, 3.9), Atomics.store(new Int8Array(4), 0, Infinity),
                           Atomics.store(new Int8Array(4), 0, "12"), Atomics.store(new Uint8Array(4), 0, NaN)].join());
var wrap = new Uint32Array(1);
show("wrap", [Atomics.sub(wrap, 0, 1), wrap[0], Atomics.add(wrap, 0, 2 ** 32 + 3), wrap[0]].join());
var big = new BigInt64Array(new SharedArrayBuffer(16)), ubig = new BigUint64Array(2);
show("BigInt64", [Atomics.store(big, 0, 2n ** 63n), big[0], Atomics.add(big, 0, -1n), big[0],
                  Atomics.compareExchange(big, 1, 0n, -5n), Atomics.load(big, 1), Atomics.xor(big, 1, 1n)].join());
show("BigUint64", [Atomics.sub(ubig, 0, 1n), ubig[0], Atomics.exchange(ubig, 1, -1n), Atomics.load(ubig, 1)].join());
show("BigInt needs BigInt", [threw(function () { Atomics.add(big, 0, 1); }), threw(function () { Atomics.add(new Int32Array(1), 0, 1n); })].join());

// --- validation ------------------------------------------------------------------
var bad = [new Float32Array(1), new Float64Array(1), new Uint8ClampedArray(1), new Float16Array(1), [1], {}, 1, new DataView(new ArrayBuffer(1))];
show("array types", bad.map(function (a) { return threw(function () { Atomics.add(a, 0, 1); }); }).join());
var i32 = new Int32Array(4);
show("indices", [threw(function () { Atomics.load(i32, 4); }), threw(function () { Atomics.load(i32, -1); }),
                 threw(function () { Atomics.load(i32, 2 ** 53); }), Atomics.load(i32, "1"), Atomics.load(i32, 3.9),
                 Atomics.load(i32, undefined)].join());
var log = [];
function probe(name, v) { return { valueOf: function () { log.push(name); return v; } }; }
threw(function () { Atomics.add(new Float64Array(1), probe("index", 0), probe("value", 1)); });
show("type before conversions", log.length);
threw(function () { Atomics.add(i32, probe("index", 9), probe("value", 1)); });
show("index before value", log.join());
log = [];
threw(function () { Atomics.compareExchange(i32, probe("index", 0), probe("expected", 0), probe("replacement", 0)); });
show("compareExchange order", log.join());
var victim = new ArrayBuffer(16), vi = new Int32Array(victim);
show("detach in conversion", threw(function () {
  Atomics.store(vi, 0, { valueOf: function () { $262.detachArrayBuffer(victim); return 1; } });
}));
var rab = new ArrayBuffer(16, { maxByteLength: 16 }), ri = new Int32Array(rab);
show("shrink in conversion", threw(function () {
  Atomics.add(ri, 3, { valueOf: function () { rab.resize(4); return 1; } });
}));
var rab2 = new ArrayBuffer(16, { maxByteLength: 16 }), fixedView = new Int32Array(rab2, 0, 4);
show("out of bounds after conversion", threw(function () {
  Atomics.exchange(fixedView, 0, { valueOf: function () { rab2.resize(8); return 1; } });
}));
show("detached array", (function () { var b = new ArrayBuffer(4), a = new Int32Array(b); $262.detachArrayBuffer(b);
                                      return threw(function () { Atomics.load(a, 0); }); })());
show("huge index", threw(function () { Atomics.store(new Int8Array(new SharedArrayBuffer(2)), 2 ** 40, 1); }));

// --- isLockFree and pause ----------------------------------------------------------
show("isLockFree", [1, 2, 3, 4, 8, 16, "4", 0].map(function (n) { return Atomics.isLockFree(n); }).join());
show("pause", [Atomics.pause(), Atomics.pause(5), Atomics.pause(-0), threw(function () { Atomics.pause(1.5); }),
               threw(function () { Atomics.pause("1"); }), threw(function () { Atomics.pause(Infinity); })].join());

// --- wait and notify ------------------------------------------------------------------
var sab = new SharedArrayBuffer(32), w = new Int32Array(sab), wb = new BigInt64Array(sab);
w[0] = 42;
show("wait not-equal", Atomics.wait(w, 0, 41, 1000));
var t0 = performance.now();
show("wait timed-out", Atomics.wait(w, 0, 42, 20) + " " + (performance.now() - t0 >= 19));
show("wait zero and negative", [Atomics.wait(w, 0, 42, 0), Atomics.wait(w, 0, 42, -Infinity), Atomics.wait(wb, 3, 0n, 0)].join());
show("wait forever", threw(function () { Atomics.wait(w, 0, 42); }) + " " + threw(function () { Atomics.wait(w, 0, 42, NaN); }));
show("wait types", [threw(function () { Atomics.wait(new Int32Array(4), 0, 0, 0); }),
                    threw(function () { Atomics.wait(new Int16Array(sab), 0, 0, 0); }),
                    threw(function () { Atomics.wait(new Uint32Array(sab), 0, 0, 0); }),
                    threw(function () { Atomics.wait(w, 8, 0, 0); })].join());
show("notify", [Atomics.notify(w, 0), Atomics.notify(new Int32Array(4), 0, 1), Atomics.notify(wb, 1),
                threw(function () { Atomics.notify(new Int16Array(sab), 0); }),
                threw(function () { Atomics.notify(new Int32Array(4), 4); })].join());

// --- waitAsync -----------------------------------------------------------------------
function res(r) { return r.async + "/" + (r.async ? typeof r.value.then : r.value); }
show("waitAsync sync results", [res(Atomics.waitAsync(w, 0, 0, 10)), res(Atomics.waitAsync(w, 0, 42, 0)),
                                threw(function () { Atomics.waitAsync(new Int32Array(4), 0, 0, 10); })].join());
var events = [];
// Registered in the order of their deadlines, so that a slow run (GC stress) keeps the order.
var a4 = Atomics.waitAsync(wb, 3, 0n, 10);
var a1 = Atomics.waitAsync(w, 1, 0), a2 = Atomics.waitAsync(w, 1, 0, 100000), a3 = Atomics.waitAsync(w, 2, 0, 100);
show("waitAsync pending", [res(a1), res(a2), res(a3), res(a4)].join());
a1.value.then(function (v) { events.push("a1 " + v); });
a2.value.then(function (v) { events.push("a2 " + v); });
a3.value.then(function (v) { events.push("a3 " + v); });
a4.value.then(function (v) { events.push("a4 " + v); });
show("notify count 1", Atomics.notify(w, 1, 1));
show("notify other index", Atomics.notify(w, 3));
Promise.resolve().then(function () { show("after notify", events.join()); });
show("notify rest", Atomics.notify(w, 1, { valueOf: function () { return Infinity; } }));
var done = Atomics.waitAsync(w, 4, 0, 200);
done.value.then(function (v) { events.push("last " + v); show("events", events.join()); });
// notify resolves through a job of its own (EnqueueResolveInAgentJob): a
// reaction queued after the notify still runs before the waiter's reaction.
var order = [], ow = Atomics.waitAsync(w, 5, 0);
ow.value.then(function (v) { order.push("waiter " + v); });
Atomics.notify(w, 5);
Promise.resolve().then(function () { order.push("tick"); }).then(function () { order.push("tick2"); })
  .then(function () { show("job order", order.join()); });
