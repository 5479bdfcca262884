// TypedArrays: constructors, the integer-indexed exotic behaviour, the
// %TypedArray.prototype% methods, resizable and detached buffers.
function show(...xs) { print(xs.map(x => typeof x === "string" ? x : String(x)).join(" ")); }
function throws(f) { try { f(); return "no throw"; } catch (e) { return e.constructor.name; } }

// constructors
var names = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
             "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"];
for (var n of names) {
  var C = globalThis[n];
  show(n, C.BYTES_PER_ELEMENT, C.prototype.BYTES_PER_ELEMENT, Object.getPrototypeOf(C) === Object.getPrototypeOf(Int8Array),
       new C(2).length, Object.prototype.toString.call(new C(0)));
}
show(throws(() => Int8Array(1)), throws(() => new (Object.getPrototypeOf(Int8Array))()), throws(() => new Int8Array(-1)));
show(new Uint8Array([1, 2, 300, -1]), new Uint8ClampedArray([1.5, 2.5, 300, -1]), new Int8Array(new Set([1, 2, 3])));
show(new Float32Array({length: 2, 0: 0.5, 1: "2"}), new Int16Array(new Float64Array([1.9, -1.9, 70000])));
show(new Float16Array([1.0009765625, 65520, 0.1]));
var big = new BigInt64Array([1n, -2n, 2n ** 63n]);
show(big, typeof big[0], new BigUint64Array([-1n])[0], throws(() => new BigInt64Array([1])), throws(() => new Int8Array(big)));

// views on buffers
var ab = new ArrayBuffer(8);
var u8 = new Uint8Array(ab), u32 = new Uint32Array(ab, 4, 1);
u32[0] = 0x01020304;
show(u8, u32.byteOffset, u32.byteLength, u32.buffer === ab);
show(throws(() => new Int32Array(ab, 1)), throws(() => new Int32Array(ab, 4, 2)), throws(() => new Int32Array(new ArrayBuffer(7))));

// length-tracking views on a resizable buffer
var rab = new ArrayBuffer(4, {maxByteLength: 16});
var track = new Uint8Array(rab), fixed = new Uint8Array(rab, 0, 4), off = new Uint16Array(rab, 2);
show(track.length, fixed.length, off.length);
rab.resize(12);
show(track.length, fixed.length, off.length);
rab.resize(2);
show(track.length, fixed.length, fixed.byteLength, off.length, off.byteOffset, throws(() => fixed.fill(1)), fixed[0]);
show(throws(() => Object.preventExtensions(track)));

// detached buffers
var d = new Int8Array([1, 2, 3]);
d.buffer.transfer();
show(d.length, d.byteLength, d[0], 0 in d, throws(() => d.join()), throws(() => [...d]));

// integer-indexed exotic behaviour
var t = new Int8Array(3);
Int8Array.prototype[5] = "proto"; Object.prototype["-0"] = "proto";
show(t[5], t["-0"], "-0" in t, "1.5" in t, "1" in t, "3" in t, t["1.5"], t.foo);
t[5] = 1; t["-0"] = 1; t[1.5] = 1; t[1] = 7;
show(Object.keys(t), t[1], Object.getOwnPropertyNames(t).length, JSON.stringify(t));
t.foo = "bar"; show(Object.keys(t), t.foo, delete t[0], delete t[9], delete t.foo);
show(Reflect.defineProperty(t, 0, {value: 5}), t[0], Reflect.defineProperty(t, 0, {value: 5, writable: false}),
     Reflect.defineProperty(t, 9, {value: 1}), Reflect.defineProperty(t, 0, {get() {}}));
show(JSON.stringify(Object.getOwnPropertyDescriptor(t, "0")), Object.getOwnPropertyDescriptor(t, "-0"));
show(throws(() => Object.freeze(t)), Object.isFrozen(new Int8Array(0)), throws(() => { "use strict"; t[0] = Symbol(); }));
for (var k in new Int16Array(2)) show("key", k);
delete Int8Array.prototype[5]; delete Object.prototype["-0"];

// methods
var a = new Int32Array([5, 1, 4, 2, 3]);
show(a.at(-1), a.includes(4), a.indexOf(2), a.lastIndexOf(5), a.join("-"), a.toString(), a.toLocaleString());
show(a.every(x => x > 0), a.some(x => x > 4), a.find(x => x > 3), a.findIndex(x => x > 3), a.findLast(x => x > 3),
     a.findLastIndex(x => x > 3));
var sum = 0; a.forEach((x, i, o) => { sum += x * i; }); show(sum, a.reduce((p, x) => p + x), a.reduceRight((p, x) => p + "" + x, ""));
show(a.map(x => x * 2), a.filter(x => x & 1), a.slice(1, -1), a.subarray(1, 3), a.subarray(2).byteOffset);
show(a.toSorted(), a.toSorted((x, y) => y - x), a.toReversed(), a.with(0, 9), a, throws(() => a.with(9, 0)));
show(a.sort(), a.reverse(), a.fill(0, 3), a.copyWithin(0, 1, 3));
show([...a.keys()], [...a.entries()].join(";"), [...a.values()], a[Symbol.iterator] === a.values);
show(new Float64Array([3, -0, NaN, 0, -Infinity, 1]).sort().join(), 1 / new Float64Array([0, -0]).sort()[0]);
show(new BigInt64Array([3n, -5n, 0n]).sort(), new BigUint64Array([3n, 2n ** 64n - 1n, 0n]).sort());
show(new Int8Array([1, 2, 3]).includes(NaN), new Float32Array([NaN]).includes(NaN), new Float32Array([NaN]).indexOf(NaN));

// set, overlapping and converting
var s = new Uint8Array(8);
s.set([1, 2, 3], 2); show(s);
s.set(s.subarray(2, 5), 3); show(s);
var f = new Float32Array(s.buffer, 0, 2); s.set(f, 0); show(s);
s.set(new Int16Array([-1, 256])); show(s);
show(throws(() => s.set([1], 8)), throws(() => s.set([1], -1)), throws(() => s.set(new BigInt64Array(1))));

// species and from / of
class MyArray extends Uint8Array {}
var m = new MyArray([1, 2, 3]);
show(m.map(x => x + 1) instanceof MyArray, m.filter(x => x > 1).constructor.name, m.slice(1) instanceof MyArray,
     MyArray.from([1, 2]) instanceof MyArray, MyArray.of(7, 8).join(), Uint16Array.from({length: 2}, (v, i) => i * 10));
show(Int8Array.from(new Set([4, 5])), Int8Array.of(), throws(() => Int8Array.from.call({}, [])));
show(Object.getPrototypeOf(Int8Array)[Symbol.species] === Object.getPrototypeOf(Int8Array));

// Array.prototype methods on typed arrays; ArrayBuffer.isView
show(Array.prototype.slice.call(new Int8Array([1, 2, 3]), 1), Array.prototype.join.call(new Uint8Array([4, 5])),
     Array.from(new Uint16Array([6, 7])), Array.prototype.indexOf.call(new Int8Array([1, 2]), 2));
show(ArrayBuffer.isView(new Int8Array(1)), ArrayBuffer.isView(new DataView(new ArrayBuffer(1))), ArrayBuffer.isView([]));
var gt = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), Symbol.toStringTag).get;
show(gt.call(new Float64Array(1)), gt.call([]));

// a typed array on the prototype chain: [[Set]] with another receiver
var pt = new Int8Array(2), child = Object.create(pt);
child[0] = 5; child[5] = 1; child["-0"] = 2; child.x = 3;
show(child[0], Object.keys(child), child[5], pt[0], child.x, "5" in child);
