// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// Typed-array elements in optimized code: a keyed site that saw one
// typed-array constructor's map reads and writes the buffer inline after
// LoadTypedArrayLength's checks and a bounds check; a detached or resizable
// buffer, an index out of bounds and a non-number value deoptimize. Every
// result must equal the interpreter's.
const kOptimized = 1 << 4;
function optimized(f) { return (%GetOptimizationStatus(f) & kOptimized) != 0; }
function opt(f, ...warm) {
  %PrepareFunctionForOptimization(f);
  for (const args of warm) f(...args);
  %OptimizeFunctionOnNextCall(f);
}
function show(v) { return Object.is(v, -0) ? "-0" : String(v); }

const types = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
               Float32Array, Float64Array];
const values = [0, 1, -1, 127, 128, 255, 256, -129, 32767, 32768, 65535, 65536, 2147483647, -2147483648,
                4294967295, 4294967296, 1.5, -1.5, 2.5, 0.1, -0, NaN, Infinity, -Infinity, 1e10, 3.4e38, 1e-45];
for (const T of types) {
  // A fresh pair of functions per type, so each site sees one map.
  const store = new Function("a", "i", "v", "a[i] = v;");
  const load = new Function("a", "i", "return a[i];");
  const a = new T(4);
  opt(store, [a, 0, 1], [a, 1, 2.5]);
  opt(load, [a, 0], [a, 1]);
  const got = [];
  for (const v of values) {
    store(a, 2, v);
    got.push(show(load(a, 2)));
  }
  const ref = new T(1);
  const want = values.map(v => { ref[0] = v; return show(ref[0]); });
  print(T.name, got.join() === want.join() ? "ok" : "DIFFERS " + got + " vs " + want,
        optimized(store) && optimized(load) ? "optimized" : "deopted");
}

// Sums and fills in loops.
function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }
function fill(a, k) { for (let i = 0; i < a.length; i++) a[i] = i * k; }
const i32 = new Int32Array(1000), f64 = new Float64Array(1000);
opt(fill, [i32, 1], [i32, 2]);
fill(i32, 3);
opt(sum, [i32], [i32]);
print("int32 sum:", sum(i32), optimized(sum), optimized(fill));
print("float64 sum (new map: deopt):", (fill(f64, 0.5), sum(f64)));

// Out of bounds reads give undefined, writes are ignored.
function at(a, i) { return a[i]; }
function put(a, i, v) { a[i] = v; }
const u8 = new Uint8Array([1, 2, 3]);
opt(at, [u8, 0], [u8, 1]);
opt(put, [u8, 0, 5], [u8, 1, 6]);
print("bounds:", at(u8, 2), at(u8, 3), at(u8, -1), (put(u8, 3, 9), put(u8, -1, 9), Array.from(u8).join()));

// A detached buffer: length 0 afterwards, and the optimized code must not read the freed store.
function total(a) { let s = 0; for (let i = 0; i < 8; i++) s += a[i] | 0; return s; }
const d = new Int16Array([1, 2, 3, 4, 5, 6, 7, 8]);
opt(total, [d], [d]);
print("attached:", total(d), optimized(total));
const moved = d.buffer.transfer();
print("detached:", total(d), d.length, new Int16Array(moved)[7]);

// A resizable buffer: shrinking puts the view out of bounds.
const rab = new ArrayBuffer(16, { maxByteLength: 32 });
const r32 = new Int32Array(rab, 0, 4);
r32.set([10, 20, 30, 40]);
function second(a) { return a[1]; }
opt(second, [r32], [r32]);
print("resizable:", second(r32));
rab.resize(4);
print("shrunk:", second(r32), r32.length);

// A non-number value: ToNumber runs valueOf in the interpreter.
const log = [];
const f32 = new Float32Array(2);
opt(put, [f32, 0, 1.5], [f32, 1, 2]);
put(f32, 0, { valueOf() { log.push("valueOf"); return 0.1; } });
print("valueOf:", f32[0], log.join());

// A subclass has a map of its own: the generic path.
class MyArray extends Uint16Array {}
const mine = new MyArray([7, 8]);
print("subclass:", at(mine, 1), sum(mine));

// ta.length inline: guarded by the map and the prototype epoch.
const l8 = new Uint8Array(5);
function lengthOf(a) { return a.length; }
opt(lengthOf, [l8], [l8]);
print("length:", lengthOf(l8), optimized(lengthOf));
const own = new Uint8Array(3);
Object.defineProperty(own, "length", { value: "own" });
print("own length:", lengthOf(own), optimized(lengthOf) ? "still optimized" : "deopted");
// (each function gets a type of its own: the stub cache would otherwise
// answer the site's first miss and leave it without feedback)
const i8 = new Int8Array(6);
function lengthOf2(a) { return a.length; }
opt(lengthOf2, [i8], [i8]);
print("before redefining:", lengthOf2(i8), optimized(lengthOf2));
const TA = Object.getPrototypeOf(Uint8Array.prototype);
const desc = Object.getOwnPropertyDescriptor(TA, "length");
Object.defineProperty(TA, "length", { get() { return "redefined"; }, configurable: true });
print("redefined getter:", lengthOf2(i8), optimized(lengthOf2) ? "still optimized" : "deopted");
Object.defineProperty(TA, "length", desc);
const i16 = new Int16Array(7);
function lengthOf3(a) { return a.length; }
opt(lengthOf3, [i16], [i16]);
print("before shadowing:", lengthOf3(i16), optimized(lengthOf3));
Object.defineProperty(Int16Array.prototype, "length", { value: "shadowed", configurable: true });
print("shadowed on Int16Array.prototype:", lengthOf3(i16), optimized(lengthOf3) ? "still optimized" : "deopted");
delete Int16Array.prototype.length;
print("restored:", lengthOf3(i16), sum(i32));
