// OrdinaryCallBindThis: a sloppy function sees a wrapper object for a
// primitive receiver (a new one per call), the global object for null and
// undefined; strict functions and arrows see the receiver as it is. The
// same holds when the callee runs optimized or is inlined.
function sloppy() { return this; }
function strict() { "use strict"; return this; }
print(typeof sloppy.call("s"), typeof sloppy.call(1), typeof sloppy.call(true), typeof sloppy.call(Symbol()),
      typeof sloppy.call(1n));
print(sloppy.call("s") instanceof String, sloppy.call(2) instanceof Number, sloppy.call("s") !== sloppy.call("s"));
print(sloppy.call(null) === globalThis, sloppy.call(undefined) === globalThis, sloppy() === globalThis);
print(typeof strict.call("s"), strict.call(null), strict.call(undefined), typeof strict.call(5));
const arrow = () => typeof this;
print(arrow.call("s"));
String.prototype.kind = function () { return typeof this + "/" + this.length; };
Number.prototype.twice = function () { return this * 2 + (this instanceof Number ? "!" : "?"); };
function use(s, n) { return s.kind() + " " + n.twice(); }
let out = "";
for (let i = 0; i < 2000; i++) out = use("abc", i);   // hot: optimized and inlined
print(out);
print(Reflect.apply(sloppy, "r", []) instanceof String, [1].map(function () { return typeof this; }, "t")[0]);
