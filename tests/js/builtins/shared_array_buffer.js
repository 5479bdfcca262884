// Flags: --test262
// SharedArrayBuffer: construction, growable buffers (grow only grows),
// slice with @@species, the brand checks between ArrayBuffer and
// SharedArrayBuffer in both directions, views (TypedArrays and DataViews,
// length-tracking on growable buffers), the never-detached rule, and many
// buffers made and dropped while the GC runs.

function show(label, v) { print(label + ": " + v); }
function threw(f) { try { f(); return "no"; } catch (e) { return e.constructor.name; } }
function bytes(buf) { return "[" + Array.prototype.join.call(new Uint8Array(buf), ",") + "]"; }

// --- the constructor ----------------------------------------------------------
var s = new SharedArrayBuffer(5);
show("fixed", [s.byteLength, s.maxByteLength, s.growable, bytes(s)].join());
show("lengths", [new SharedArrayBuffer().byteLength, new SharedArrayBuffer(2.9).byteLength,
                 new SharedArrayBuffer("3").byteLength, new SharedArrayBuffer(NaN).byteLength].join());
show("bad lengths", [threw(function () { new SharedArrayBuffer(-1); }),
                     threw(function () { new SharedArrayBuffer(2 ** 53); }),
                     threw(function () { new SharedArrayBuffer(2 ** 53 - 1); }),
                     threw(function () { new SharedArrayBuffer(0, { maxByteLength: 2 ** 53 - 1 }); }),
                     threw(function () { new SharedArrayBuffer(Symbol()); }),
                     threw(function () { SharedArrayBuffer(1); })].join());
show("ctor", [SharedArrayBuffer.length, SharedArrayBuffer.name, SharedArrayBuffer.prototype.constructor === SharedArrayBuffer,
              Object.getPrototypeOf(s) === SharedArrayBuffer.prototype, SharedArrayBuffer[Symbol.species] === SharedArrayBuffer].join());
show("tag", Object.prototype.toString.call(s) + " " + SharedArrayBuffer.prototype[Symbol.toStringTag]);
show("own", Object.getOwnPropertyNames(SharedArrayBuffer.prototype).sort().join());
var order = [];
threw(function () {
  new SharedArrayBuffer({ valueOf: function () { order.push("length"); return 8; } },
                        { get maxByteLength() { order.push("max"); return 4; } });
});
show("order", order.join());
class MySAB extends SharedArrayBuffer {}
var my = new MySAB(3);
show("subclass", [my instanceof MySAB, my instanceof SharedArrayBuffer, my.byteLength].join());

// --- brand checks ------------------------------------------------------------------
var ab = new ArrayBuffer(4);
var abGetters = ["byteLength", "maxByteLength", "resizable", "detached"];
show("ArrayBuffer getters on a SAB", abGetters.map(function (n) {
  return threw(function () { Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, n).get.call(s); });
}).join());
show("ArrayBuffer methods on a SAB", ["slice", "resize", "transfer", "transferToFixedLength"].map(function (n) {
  return threw(function () { ArrayBuffer.prototype[n].call(s, 1); });
}).join());
show("SAB getters on an AB", ["byteLength", "maxByteLength", "growable"].map(function (n) {
  return threw(function () { Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, n).get.call(ab); });
}).join());
show("SAB methods on an AB", [threw(function () { SharedArrayBuffer.prototype.slice.call(ab); }),
                              threw(function () { SharedArrayBuffer.prototype.grow.call(new ArrayBuffer(1, { maxByteLength: 2 }), 2); })].join());
show("isView", [ArrayBuffer.isView(s), ArrayBuffer.isView(new Int8Array(s)), ArrayBuffer.isView(new DataView(s))].join());
show("detach", threw(function () { $262.detachArrayBuffer(s); }) + " " + s.byteLength);
var abSpecies = new ArrayBuffer(4);
abSpecies.constructor = { [Symbol.species]: function (n) { return new SharedArrayBuffer(n); } };
show("AB species gives a SAB", threw(function () { abSpecies.slice(); }));

// --- growable ------------------------------------------------------------------
var g = new SharedArrayBuffer(2, { maxByteLength: 8 });
show("growable", [g.byteLength, g.maxByteLength, g.growable].join());
var tracking = new Uint8Array(g), fixed = new Uint8Array(g, 0, 2), dv = new DataView(g);
tracking[1] = 7;
show("grow returns", g.grow(6));
show("after grow", [g.byteLength, tracking.length, fixed.length, dv.byteLength, bytes(g)].join(" "));
show("same length", g.grow(6) + " " + g.byteLength);
show("grow errors", [threw(function () { g.grow(4); }), threw(function () { g.grow(9); }),
                     threw(function () { g.grow(-1); }), threw(function () { s.grow(5); })].join());
var gOrder = [];
show("grow converts first", threw(function () {
  SharedArrayBuffer.prototype.grow.call(s, { valueOf: function () { gOrder.push("v"); return 1; } });
}) + " " + gOrder.length);
g.grow(8);
show("to max", [g.byteLength, tracking.length, new Int16Array(g, 2).length].join());

// --- slice -------------------------------------------------------------------
var src = new SharedArrayBuffer(8);
new Uint8Array(src).set([10, 11, 12, 13, 14, 15, 16, 17]);
show("slice", [bytes(src.slice(2, 5)), bytes(src.slice(-3)), bytes(src.slice(5, 2)), bytes(src.slice())].join(" "));
show("slice is shared", Object.prototype.toString.call(src.slice(1)) + " " + src.slice(1).growable);
show("slice of growable", g.slice(0).growable);
src.constructor = { [Symbol.species]: function (n) { return new SharedArrayBuffer(n + 2); } };
show("species bigger", bytes(src.slice(1, 3)));
src.constructor = { [Symbol.species]: function (n) { return new SharedArrayBuffer(1); } };
show("species too small", threw(function () { src.slice(1, 3); }));
src.constructor = { [Symbol.species]: function (n) { return src; } };
show("species same", threw(function () { src.slice(1, 3); }));
src.constructor = { [Symbol.species]: function (n) { return new ArrayBuffer(n); } };
show("species non-shared", threw(function () { src.slice(1, 3); }));

// --- views ---------------------------------------------------------------------
var vb = new SharedArrayBuffer(16);
var i32 = new Int32Array(vb, 4, 2), view = new DataView(vb, 8);
i32[0] = -2;
view.setInt16(0, 0x1234, true);
show("views", [i32.buffer === vb, view.buffer === vb, new Uint8Array(vb)[4], new Uint8Array(vb)[8], i32[1]].join());
show("view errors", [threw(function () { new Int32Array(vb, 3); }), threw(function () { new Int32Array(vb, 20); }),
                     threw(function () { new DataView(vb, 17); })].join());
show("copy from a SAB view", new Int8Array(new Int8Array(vb, 4, 4)).buffer instanceof ArrayBuffer);

// --- many buffers ----------------------------------------------------------------
var kept = [];
for (var k = 0; k < 300; k++) {
  var t = new SharedArrayBuffer(4096, { maxByteLength: 8192 });
  new Uint8Array(t)[4095] = k & 255;
  if (k % 10 === 0) kept.push(t);
}
var sum = 0;
for (var k = 0; k < kept.length; k++) sum += new Uint8Array(kept[k])[4095];
show("kept", kept.length + " " + sum);
