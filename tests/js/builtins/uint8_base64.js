// Flags: --test262
// Uint8Array base64 and hex: toBase64 (both alphabets, omitPadding), toHex,
// fromBase64 (whitespace, padding, every lastChunkHandling), fromHex,
// setFromBase64 / setFromHex (partial writes before a SyntaxError, short
// targets, the { read, written } result), option validation and order,
// brand checks, and detached or out-of-bounds targets.

function show(label, v) { print(label + ": " + v); }
function threw(f) { try { f(); return "no"; } catch (e) { return e.constructor.name; } }
function u8(s) { return "[" + Array.prototype.join.call(s, ",") + "]"; }
function fb(s, opts) { try { return u8(Uint8Array.fromBase64(s, opts)); } catch (e) { return e.constructor.name; } }

var bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x00, 0x41]);
show("toBase64", [bytes.toBase64(), bytes.toBase64({ alphabet: "base64url" }), bytes.toBase64({ omitPadding: true }),
                  bytes.subarray(0, 4).toBase64(), bytes.subarray(0, 3).toBase64(), new Uint8Array(0).toBase64()].join(" "));
show("toHex", [bytes.toHex(), new Uint8Array(0).toHex(), new Uint8Array([1, 16, 255]).toHex()].join(" "));
show("lengths", [Uint8Array.fromBase64.length, Uint8Array.fromHex.length, Uint8Array.prototype.toBase64.length,
                 Uint8Array.prototype.toHex.length, Uint8Array.prototype.setFromBase64.length,
                 Uint8Array.prototype.setFromHex.length, "fromBase64" in Int8Array, "toHex" in Int8Array.prototype].join());

// --- fromBase64 ------------------------------------------------------------------
show("decode", [fb("+/+/AEE="), fb("-_-_AEE=", { alphabet: "base64url" }), fb(" +/ +/\tAE\nE = "), fb(""), fb("Zg=="),
                fb("Zm8="), fb("Zg"), fb("Zm8")].join(" "));
show("errors", [fb("Z"), fb("Zg="), fb("Z==="), fb("Zg==A"), fb("Zg==="), fb("-_-_"), fb("+/+/", { alphabet: "base64url" }),
                fb("Zm9v*"), fb("=")].join());
show("strict", [fb("Zg==", { lastChunkHandling: "strict" }), fb("Zg", { lastChunkHandling: "strict" }),
                fb("Zh==", { lastChunkHandling: "strict" }), fb("Zh==")].join(" "));
show("stop-before-partial", [fb("Zm9vYg", { lastChunkHandling: "stop-before-partial" }),
                             fb("Zm9vYg=", { lastChunkHandling: "stop-before-partial" }),
                             fb("Zm9vYg==", { lastChunkHandling: "stop-before-partial" }),
                             fb("Zm9vY", { lastChunkHandling: "stop-before-partial" })].join(" "));
show("bad options", [threw(function () { Uint8Array.fromBase64("", { alphabet: "base32" }); }),
                     threw(function () { Uint8Array.fromBase64("", { alphabet: new String("base64") }); }),
                     threw(function () { Uint8Array.fromBase64("", { lastChunkHandling: "lax" }); }),
                     threw(function () { Uint8Array.fromBase64("", 1); }), threw(function () { Uint8Array.fromBase64(1); }),
                     threw(function () { Uint8Array.fromBase64(new String("Zg==")); }),
                     fb("Zg==", null === 1 ? 0 : undefined)].join());
var log = [];
var opts = { get alphabet() { log.push("alphabet"); return "base64"; },
             get lastChunkHandling() { log.push("lastChunkHandling"); return "loose"; },
             get omitPadding() { log.push("omitPadding"); return 1; } };
Uint8Array.fromBase64("", opts);
bytes.toBase64(opts);
show("option order", log.join());
log = [];
threw(function () { Uint8Array.fromBase64(1, opts); });
show("string checked first", log.length);

// --- fromHex --------------------------------------------------------------------
show("fromHex", [u8(Uint8Array.fromHex("00ff10Ab")), u8(Uint8Array.fromHex("")),
                 threw(function () { Uint8Array.fromHex("abc"); }), threw(function () { Uint8Array.fromHex("0g"); }),
                 threw(function () { Uint8Array.fromHex(" 00"); }), threw(function () { Uint8Array.fromHex(12); })].join(" "));

// --- setFromBase64 / setFromHex -----------------------------------------------------
function sfb(len, s, opts) {
  var t = new Uint8Array(len).fill(9);
  try { var r = t.setFromBase64(s, opts); return u8(t) + " read " + r.read + " written " + r.written; }
  catch (e) { return u8(t) + " " + e.constructor.name; }
}
show("setFromBase64", [sfb(8, "Zm9vYmFy"), sfb(4, "Zm9vYmFy"), sfb(3, "Zm9vYmFy"), sfb(2, "Zm9vYmFy"), sfb(1, "Zm9v")].join(" | "));
show("setFromBase64 partial", [sfb(8, "Zm9vYmFy*"), sfb(8, "Zm9vYg=x"), sfb(8, "Zm9vYh==", { lastChunkHandling: "strict" }),
                               sfb(8, "Zm9vYg", { lastChunkHandling: "stop-before-partial" }), sfb(0, "Zm9v"),
                               sfb(8, " Zm9v Yg== ")].join(" | "));
var ht = new Uint8Array(4).fill(9), hr = ht.setFromHex("0102");
show("setFromHex", u8(ht) + " " + hr.read + " " + hr.written + " " + JSON.stringify(ht.setFromHex("aabbccddee")) + " " + u8(ht));
ht.fill(9);
show("setFromHex partial", threw(function () { ht.setFromHex("0102zz"); }) + " " + u8(ht));
show("subarray target", (function () { var b = new Uint8Array(6); b.subarray(2, 4).setFromHex("ffffffff"); return u8(b); })());

// --- brand checks and hostile targets -------------------------------------------------
show("brand", [threw(function () { Uint8Array.prototype.toBase64.call(new Int8Array(1)); }),
               threw(function () { Uint8Array.prototype.toHex.call(new Uint8ClampedArray(1)); }),
               threw(function () { Uint8Array.prototype.setFromHex.call([], "00"); }),
               threw(function () { Uint8Array.prototype.setFromBase64.call({}, ""); })].join());
var buf = new ArrayBuffer(4), victim = new Uint8Array(buf);
var detaching = { get alphabet() { $262.detachArrayBuffer(buf); return undefined; } };
show("detached in options", [threw(function () { victim.toBase64(detaching); }),
                             threw(function () { victim.setFromBase64("Zm9v", {}); }), threw(function () { victim.toHex(); })].join());
var rab = new ArrayBuffer(8, { maxByteLength: 8 }), tracking = new Uint8Array(rab), fixed = new Uint8Array(rab, 4, 4);
var shrinking = { get lastChunkHandling() { rab.resize(2); return undefined; } };
show("shrunk in options", [sfbOn(tracking, "Zm9vYmFy", shrinking), threw(function () { fixed.setFromHex("00"); }),
                           tracking.toHex()].join(" "));
function sfbOn(t, s, o) { var r = t.setFromBase64(s, o); return r.read + "/" + r.written + " " + u8(new Uint8Array(rab)); }
var shared = new Uint8Array(new SharedArrayBuffer(3));
shared.setFromHex("414243");
show("shared", shared.toBase64() + " " + shared.toHex());
var large = new Uint8Array(300000);
large[299999] = 1;
var enc = large.toBase64();
show("large", enc.length + " " + Uint8Array.fromBase64(enc)[299999] + " " + large.toHex().length);
