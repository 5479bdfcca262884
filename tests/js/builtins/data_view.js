// Flags: --test262
// DataView: construction (offsets, lengths, length-tracking views of
// resizable buffers), the getters' detached / out-of-bounds checks, every
// get/set type in both byte orders with its conversions (modular integers,
// Float32 and Float16 rounding, subnormals, infinities, NaN), BigInt64, the
// order of argument conversions, and views whose buffer the GC moves.

function show(label, v) { print(label + ": " + v); }
function threw(f) { try { f(); return "no"; } catch (e) { return e.constructor.name; } }
function bytes(buf) {
  var v = new DataView(buf), out = [];
  for (var i = 0; i < buf.byteLength; i++) out.push(v.getUint8(i).toString(16).padStart(2, "0"));
  return out.join(" ");
}

// --- the constructor -----------------------------------------------------------
var buf = new ArrayBuffer(16);
var dv = new DataView(buf);
show("whole", [dv.byteOffset, dv.byteLength, dv.buffer === buf].join());
show("offset", [new DataView(buf, 4).byteOffset, new DataView(buf, 4).byteLength,
                new DataView(buf, 16).byteLength, new DataView(buf, 3, 5).byteLength,
                new DataView(buf, "2", 1.9).byteLength, new DataView(buf, undefined, undefined).byteLength].join());
show("ctor errors", [threw(function () { new DataView({}); }), threw(function () { new DataView(buf, 17); }),
                     threw(function () { new DataView(buf, 8, 9); }), threw(function () { new DataView(buf, -1); }),
                     threw(function () { new DataView(buf, 0, -1); }), threw(function () { DataView(buf); }),
                     threw(function () { new DataView(); }), threw(function () { new DataView(new DataView(buf)); })].join());
show("ctor", [DataView.length, DataView.name, Object.prototype.toString.call(dv),
              Object.getPrototypeOf(dv) === DataView.prototype, DataView.prototype.constructor === DataView].join());
var getters = ["buffer", "byteLength", "byteOffset"].map(function (n) {
  var d = Object.getOwnPropertyDescriptor(DataView.prototype, n);
  return d.get.name + "/" + d.enumerable + "/" + d.configurable + "/" + threw(function () { d.get.call(buf); });
});
show("getters", getters.join(" "));
var names = Object.getOwnPropertyNames(DataView.prototype).filter(function (n) { return n.startsWith("get") || n.startsWith("set"); });
show("methods", names.length + " " + DataView.prototype.getInt8.length + " " + DataView.prototype.setFloat16.length +
     " " + DataView.prototype.getBigUint64.name);
class MyView extends DataView {
  first() { return this.getUint8(0); }
}
var mv = new MyView(new ArrayBuffer(2), 1);
show("subclass", (mv instanceof MyView) + " " + mv.byteOffset + " " + mv.first());
var seen = [];
new DataView(buf, { valueOf: function () { seen.push("offset"); return 1; } },
             { valueOf: function () { seen.push("length"); return 1; } });
show("conversion order", seen.join());

// --- integers in both byte orders ----------------------------------------------
dv.setInt32(0, 0x01020304);
show("big-endian by default", bytes(buf).slice(0, 11));
dv.setInt32(0, 0x01020304, true);
show("little-endian", bytes(buf).slice(0, 11));
show("reads", [dv.getInt8(0), dv.getUint16(0), dv.getUint16(0, true), dv.getInt32(0, true),
               dv.getUint32(1), dv.getInt16(1, 1)].join());
dv.setInt8(0, 200); dv.setUint8(1, -1); dv.setInt16(2, 40000); dv.setUint16(4, -2, true);
show("modular", [dv.getInt8(0), dv.getUint8(0), dv.getUint8(1), dv.getInt16(2), dv.getUint16(4, true)].join());
dv.setUint32(0, -1); dv.setInt32(4, 2 ** 32 + 5); dv.setUint32(8, 1e20); dv.setInt32(12, -0.9);
show("32-bit", [dv.getUint32(0), dv.getInt32(0), dv.getInt32(4), dv.getUint32(8), dv.getInt32(12)].join());
dv.setUint8(0, NaN); dv.setUint8(1, Infinity); dv.setInt8(2, "7"); dv.setInt8(3, 3.99); dv.setInt8(4, -3.99);
show("conversions", [dv.getUint8(0), dv.getUint8(1), dv.getInt8(2), dv.getInt8(3), dv.getInt8(4)].join());
dv.setUint8(5);
show("no value", dv.getUint8(5));

// --- floats ----------------------------------------------------------------------
dv.setFloat64(0, Math.PI);
show("float64", dv.getFloat64(0) + " " + bytes(buf).slice(0, 23));
dv.setFloat64(8, -0.0, true);
show("-0", Object.is(dv.getFloat64(8, true), -0) + " " + dv.getUint8(15).toString(16));
dv.setFloat32(0, 0.1);
show("float32", [dv.getFloat32(0), dv.getUint32(0).toString(16), dv.getFloat32(0) === Math.fround(0.1)].join());
dv.setFloat32(0, 1e40); dv.setFloat32(4, -1e-50, true);
show("float32 edges", [dv.getFloat32(0), Object.is(dv.getFloat32(4, true), -0)].join());
dv.setFloat64(0, NaN); dv.setFloat32(8, NaN);
show("NaN", [dv.getFloat64(0), dv.getFloat32(8)].join());
var f16 = [1, 1.5, -2, 65504, 65519, 65520, 1e6, 6.103515625e-5, 5.960464477539063e-8, 2.98e-8, 2.9802322387695312e-8,
           1 / 3, 0.1, 2049, 2051, 1.00048828125, 1.00048828125000001, -Infinity, NaN, -0];
show("float16 bits", f16.map(function (x) { dv.setFloat16(0, x); return dv.getUint16(0).toString(16); }).join(" "));
show("float16 values", f16.map(function (x) { dv.setFloat16(0, x, true); return dv.getFloat16(0, true); }).join(" "));
dv.setUint16(0, 0x3c01);
show("float16 read", [dv.getFloat16(0), dv.getFloat16(0, true)].join(" "));
dv.setUint16(0, 0x0001); dv.setUint16(2, 0x7e00); dv.setUint16(4, 0xfc00); dv.setUint16(6, 0x8000);
show("float16 special", [dv.getFloat16(0), dv.getFloat16(2), dv.getFloat16(4), Object.is(dv.getFloat16(6), -0)].join(" "));

// --- BigInt64 -----------------------------------------------------------------------
dv.setBigInt64(0, 0n - 2n);
show("bigint64", [dv.getBigInt64(0), dv.getBigUint64(0), dv.getInt32(4), typeof dv.getBigInt64(0)].join(" "));
dv.setBigUint64(8, 2n ** 64n + 0x0102n, true);
show("biguint64", [dv.getBigUint64(8, true), dv.getBigInt64(8)].join(" "));
dv.setBigInt64(0, 2n ** 63n);
show("wraps", dv.getBigInt64(0) + " " + dv.getBigUint64(0));
show("bigint errors", [threw(function () { dv.setBigInt64(0, 1); }), threw(function () { dv.setBigInt64(0, "x"); }),
                       threw(function () { dv.setInt8(0, 1n); }), threw(function () { dv.getBigInt64(9); })].join());
dv.setBigInt64(0, "0x10"); dv.setBigUint64(8, true);
show("ToBigInt", dv.getBigInt64(0) + " " + dv.getBigUint64(8));

// --- indices ------------------------------------------------------------------------
var small = new DataView(new ArrayBuffer(8), 2, 4);
show("index errors", [threw(function () { small.getInt32(1); }), threw(function () { small.getUint8(4); }),
                      threw(function () { small.getInt8(-1); }), threw(function () { small.setFloat64(0, 1); }),
                      threw(function () { small.getInt16(Infinity); }), small.getInt32(0),
                      small.getInt8("1"), small.getInt8(0.5), small.getInt8()].join());
show("brand", threw(function () { DataView.prototype.getInt8.call(buf, 0); }) + " " +
     threw(function () { DataView.prototype.setInt8.call({}, 0, 0); }));
var steps = [];
threw(function () {
  small.setInt8({ valueOf: function () { steps.push("index"); return 9; } },
                { valueOf: function () { steps.push("value"); return 1; } });
});
show("index before value before range check", steps.join());
steps = [];
show("index RangeError first", threw(function () {
  small.setInt8(-1, { valueOf: function () { steps.push("value"); return 1; } });
}) + " " + steps.length);

// --- detached buffers ------------------------------------------------------------------
var dbuf = new ArrayBuffer(8), dview = new DataView(dbuf, 2);
$262.detachArrayBuffer(dbuf);
show("detached", [dview.buffer === dbuf, threw(function () { dview.byteLength; }),
                  threw(function () { dview.byteOffset; }), threw(function () { dview.getInt8(0); }),
                  threw(function () { dview.setInt8(0, 0); }), threw(function () { dview.getInt8(-1); })].join());
var dbuf2 = new ArrayBuffer(8), dview2 = new DataView(dbuf2);
show("detached by valueOf", threw(function () {
  dview2.setUint8(0, { valueOf: function () { $262.detachArrayBuffer(dbuf2); return 1; } });
}));
var dbuf3 = new ArrayBuffer(8);
var ctorProto = Object.defineProperty(function () {}.bind(), "prototype", {
  get: function () { $262.detachArrayBuffer(dbuf3); return DataView.prototype; }
});
show("detached by new.target.prototype", threw(function () { Reflect.construct(DataView, [dbuf3], ctorProto); }));

// --- resizable buffers ---------------------------------------------------------------------
var rb = new ArrayBuffer(8, { maxByteLength: 16 });
var tracking = new DataView(rb, 2), fixed = new DataView(rb, 2, 4);
show("tracking", tracking.byteLength + " " + fixed.byteLength);
rb.resize(12);
show("after grow", tracking.byteLength + " " + fixed.byteLength);
tracking.setUint8(9, 7);
show("grown bytes", tracking.getUint8(9) + " " + new DataView(rb).getUint8(11));
rb.resize(5);
show("after shrink", tracking.byteLength + " " + threw(function () { fixed.byteLength; }) + " " +
     threw(function () { fixed.getInt8(0); }) + " " + tracking.getUint8(2));
rb.resize(1);
show("offset past end", threw(function () { tracking.byteLength; }) + " " + threw(function () { tracking.byteOffset; }) +
     " " + threw(function () { tracking.getInt8(0); }));
rb.resize(6);
show("back in bounds", tracking.byteLength + " " + fixed.byteLength + " " + fixed.getInt32(0));
show("explicit length on resizable", new DataView(rb, 1, 2).byteLength + " " + new DataView(rb, 6).byteLength);

// --- the GC moves views and buffers; the bytes stay ------------------------------------------
var views = [];
for (var i = 0; i < 2000; i++) {
  var v = new DataView(new ArrayBuffer(24), 4, 16);
  v.setFloat64(0, i + 0.5, i & 1);
  v.setUint32(8, i * 3);
  if (i % 20 == 0) views.push(v);
}
var good = 0;
for (var j = 0; j < views.length; j++) {
  var k = j * 20;
  if (views[j].getFloat64(0, k & 1) === k + 0.5 && views[j].getUint32(8) === k * 3) good++;
}
show("views kept", views.length + " " + good);
