// Flags: --test262
// ArrayBuffer: construction and ToIndex, resizable buffers (maxByteLength,
// resize zero-fills), slice with @@species, transfer / transferToFixedLength
// (contents, zero fill, detaching), detached buffers ($262.detachArrayBuffer),
// subclassing, and many buffers made and dropped while the GC runs.

function show(label, v) { print(label + ": " + v); }
function threw(f) { try { f(); return "no"; } catch (e) { return e.constructor.name; } }
function bytes(buf) {
  var v = new DataView(buf), out = [];
  for (var i = 0; i < buf.byteLength; i++) out.push(v.getUint8(i));
  return "[" + out.join(",") + "]";
}
function fill(buf, start) {
  var v = new DataView(buf);
  for (var i = 0; i < buf.byteLength; i++) v.setUint8(i, start + i);
  return buf;
}

// --- the constructor ----------------------------------------------------------
var b = new ArrayBuffer(5);
show("fixed", [b.byteLength, b.maxByteLength, b.resizable, b.detached].join());
show("zero-filled", bytes(b));
show("lengths", [new ArrayBuffer().byteLength, new ArrayBuffer(undefined).byteLength,
                 new ArrayBuffer(2.9).byteLength, new ArrayBuffer("3").byteLength,
                 new ArrayBuffer(-0.5).byteLength, new ArrayBuffer(NaN).byteLength,
                 new ArrayBuffer({ valueOf: function () { return 4; } }).byteLength].join());
show("bad lengths", [threw(function () { new ArrayBuffer(-1); }), threw(function () { new ArrayBuffer(2 ** 53); }),
                     threw(function () { new ArrayBuffer(Infinity); }), threw(function () { new ArrayBuffer(Symbol()); }),
                     threw(function () { ArrayBuffer(1); })].join());
show("too large", threw(function () { new ArrayBuffer(2 ** 53 - 1); }) + " " +
     threw(function () { new ArrayBuffer(0, { maxByteLength: 2 ** 53 - 1 }); }));
show("ctor", [ArrayBuffer.length, ArrayBuffer.name, typeof ArrayBuffer.prototype.slice,
              ArrayBuffer.prototype.constructor === ArrayBuffer,
              Object.getPrototypeOf(b) === ArrayBuffer.prototype].join());
show("tag", Object.prototype.toString.call(b) + " " + ArrayBuffer.prototype[Symbol.toStringTag]);
var d = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength");
show("byteLength accessor", typeof d.get + " " + d.set + " " + d.enumerable + " " + d.configurable + " " + d.get.name);
show("methods", ["slice", "resize", "transfer", "transferToFixedLength"].map(function (n) {
  return n + "/" + ArrayBuffer.prototype[n].length;
}).join(" "));
show("brand checks", ["byteLength", "maxByteLength", "resizable", "detached"].map(function (n) {
  return threw(function () { Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, n).get.call({}); });
}).join() + " " + threw(function () { ArrayBuffer.prototype.slice.call(new DataView(b)); }));

// --- options.maxByteLength ----------------------------------------------------
var r = new ArrayBuffer(4, { maxByteLength: 16 });
show("resizable", [r.byteLength, r.maxByteLength, r.resizable, r.detached].join());
show("option forms", [new ArrayBuffer(1, {}).resizable, new ArrayBuffer(1, { maxByteLength: undefined }).resizable,
                      new ArrayBuffer(1, 7).resizable, new ArrayBuffer(0, { maxByteLength: 0 }).resizable,
                      new ArrayBuffer(2, { maxByteLength: "8" }).maxByteLength].join());
show("length > max", threw(function () { new ArrayBuffer(5, { maxByteLength: 4 }); }) + " " +
     threw(function () { new ArrayBuffer(0, { maxByteLength: -1 }); }));
var order = [];
try {
  new ArrayBuffer({ valueOf: function () { order.push("length"); return 8; } },
                  { get maxByteLength() { order.push("max"); return 2; } });
} catch (e) { order.push(e.constructor.name); }
show("order", order.join());

// --- resize --------------------------------------------------------------------
fill(r, 1);
r.resize(8);
show("grow", r.byteLength + " " + bytes(r));
r.resize(2);
r.resize(6);
show("shrink then grow", bytes(r));
r.resize(16);
r.resize(0);
show("to 0", r.byteLength + " " + r.maxByteLength);
show("resize errors", [threw(function () { r.resize(17); }), threw(function () { r.resize(-1); }),
                       threw(function () { b.resize(1); }), threw(function () { ArrayBuffer.prototype.resize.call({}, 1); })].join());
show("resize returns", r.resize(3) + " " + r.byteLength);

// --- slice ---------------------------------------------------------------------
var s = fill(new ArrayBuffer(8), 10);
show("slice", [bytes(s.slice(2, 5)), bytes(s.slice(-3)), bytes(s.slice(6, 2)), bytes(s.slice()),
               bytes(s.slice(-100, 100)), bytes(s.slice("1", "3"))].join(" "));
show("slice of resizable", s.slice(0, 2).resizable + " " + new ArrayBuffer(4, { maxByteLength: 8 }).slice(1).resizable);
class MyBuffer extends ArrayBuffer {
  extra() { return "mine:" + this.byteLength; }
}
var mb = new MyBuffer(6);
show("subclass", (mb instanceof MyBuffer) + " " + mb.extra() + " " + (mb.slice(1) instanceof MyBuffer) + " " +
     mb.slice(1).extra());
show("species", ArrayBuffer[Symbol.species] === ArrayBuffer && MyBuffer[Symbol.species] === MyBuffer);
var sp = fill(new ArrayBuffer(4), 1);
sp.constructor = { [Symbol.species]: function (n) { return new ArrayBuffer(n + 2); } };
show("species bigger", bytes(sp.slice(1, 3)));
sp.constructor = { [Symbol.species]: function (n) { return new ArrayBuffer(n - 1); } };
show("species too small", threw(function () { sp.slice(0, 4); }));
sp.constructor = { [Symbol.species]: function () { return sp; } };
show("species same", threw(function () { sp.slice(); }));
sp.constructor = { [Symbol.species]: function (n) { return {}; } };
show("species non-buffer", threw(function () { sp.slice(); }));
sp.constructor = { [Symbol.species]: null };
show("species null", bytes(sp.slice(3)));
sp.constructor = 1;
show("constructor not object", threw(function () { sp.slice(); }));
var victim = fill(new ArrayBuffer(4), 1);
victim.constructor = { [Symbol.species]: function (n) { $262.detachArrayBuffer(victim); return new ArrayBuffer(n); } };
show("species detaches", threw(function () { victim.slice(); }));
var shrinking = fill(new ArrayBuffer(6, { maxByteLength: 6 }), 1);
shrinking.constructor = { [Symbol.species]: function (n) { shrinking.resize(3); return new ArrayBuffer(n); } };
show("species shrinks", bytes(shrinking.slice(1, 5)));

// --- transfer ------------------------------------------------------------------
var t = fill(new ArrayBuffer(4), 1);
var t2 = t.transfer();
show("transfer", t.detached + " " + t.byteLength + " " + t.maxByteLength + " " + bytes(t2) + " " + t2.resizable);
var t3 = t2.transfer(6);
show("transfer larger", bytes(t3));
var t4 = t3.transfer(2);
show("transfer smaller", bytes(t4) + " " + t3.detached);
show("transfer 0", t4.transfer(0).byteLength + " " + t4.detached);
var tr = fill(new ArrayBuffer(3, { maxByteLength: 10 }), 5);
var tr2 = tr.transfer(5);
show("keeps resizable", [tr2.resizable, tr2.maxByteLength, bytes(tr2)].join(" "));
show("past max", threw(function () { tr2.transfer(11); }) + " " + tr2.detached);
var tf = tr2.transferToFixedLength();
show("to fixed", [tf.resizable, tf.byteLength, tf.maxByteLength, bytes(tf)].join(" "));
var tr3 = fill(new ArrayBuffer(6, { maxByteLength: 8 }), 1);
tr3.resize(3);
var tr4 = tr3.transferToFixedLength(8);
show("shrunk then fixed", bytes(tr4));
show("detached transfer", threw(function () { t.transfer(); }) + " " + threw(function () { t.transferToFixedLength(1); }) +
     " " + threw(function () { t.slice(); }) + " " + threw(function () { t.resize(0); }));
var ordered = fill(new ArrayBuffer(2), 1);
show("length converted before the check", threw(function () {
  ordered.transfer({ valueOf: function () { $262.detachArrayBuffer(ordered); return 1; } });
}));
show("transfer brand", threw(function () { ArrayBuffer.prototype.transfer.call(new DataView(b)); }));

// --- detached buffers ----------------------------------------------------------
var det = new ArrayBuffer(8, { maxByteLength: 9 });
show("detach returns", $262.detachArrayBuffer(det));
show("detached", [det.detached, det.byteLength, det.maxByteLength, det.resizable].join());
show("detach twice", $262.detachArrayBuffer(det) + " " + threw(function () { $262.detachArrayBuffer({}); }));
show("view of detached", threw(function () { new DataView(det); }));

// --- isView ----------------------------------------------------------------------
show("isView", [ArrayBuffer.isView(new DataView(b)), ArrayBuffer.isView(b), ArrayBuffer.isView(),
                ArrayBuffer.isView({}), ArrayBuffer.isView(Object.create(DataView.prototype))].join());

// --- many buffers while the GC runs: the live ones keep their bytes ------------
var keep = [];
for (var i = 0; i < 3000; i++) {
  var x = new ArrayBuffer(16 + (i % 50), i % 3 ? undefined : { maxByteLength: 200 });
  new DataView(x).setUint32(0, i);
  if (i % 4 == 0) x = x.transfer(i % 7 ? 40 : 8);
  if (x.resizable && i % 5 == 0) x.resize(150);
  if (i % 10 == 0) keep.push(x);
}
var ok = 0;
for (var j = 0; j < keep.length; j++) if (new DataView(keep[j]).getUint32(0) === j * 10) ok++;
show("kept", keep.length + " " + ok);
var big = [];
for (var k = 0; k < 40; k++) big.push(new ArrayBuffer(1 << 20).byteLength);
show("1 MiB buffers", big.length + " " + big[39]);
