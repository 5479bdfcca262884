// Inline caches: every access below runs many times so the site's cache is
// warm, then the object model changes under it; the results must be what a
// generic lookup gives.

function get_x(o) { return o.x; }
function set_x(o, v) { o.x = v; }
function run(n, f) { let r; for (let i = 0; i < n; i++) r = f(i); return r; }

// Monomorphic, polymorphic (up to 4 maps), megamorphic loads.
const shapes = [{x: 1}, {a: 0, x: 2}, {b: 0, c: 0, x: 3}, {d: 0, x: 4}, {e: 0, f: 0, g: 0, x: 5},
                {h: 1, x: 6}, {x: 7, y: 8}];
let sum = 0;
for (let k = 1; k <= shapes.length; k++)
  sum += run(50, i => { let s = 0; for (let j = 0; j < k; j++) s += get_x(shapes[j]); return s; });
print("loads", sum);

// Stores: existing fields, representation changes, transitions.
function Point(x, y) { this.x = x; this.y = y; }
const pts = run(100, i => new Point(i, i * 2));
print("ctor", pts.x, pts.y);
const p = new Point(1, 2);
p.x = 1.5; p.y = "two";
print("generalized", p.x, p.y, new Point(3, 4).y);
const objs = [];
for (let i = 0; i < 20; i++) { const o = {}; set_x(o, i); objs.push(o); }
print("transition", objs[19].x, Object.keys(objs[19]).join());

// Many overflow properties (beyond the in-object slots).
function fill(o) { for (let i = 0; i < 30; i++) o["p" + i] = i; return o; }
const big = run(10, () => fill({}));
print("overflow", big.p0, big.p29, Object.keys(big).length);

// Prototype chains: a cached holder goes stale when the chain changes.
function A() {}
A.prototype.m = function () { return "A.m"; };
const a = new A();
function call_m(o) { return o.m(); }
print(run(20, () => call_m(a)));
a.m = function () { return "own"; };                  // own property shadows
print(call_m(a));
delete a.m;
print(call_m(a));
A.prototype.m = function () { return "A.m2"; };       // value change on the holder
print(call_m(a));
const mid = { m() { return "mid"; } };
Object.setPrototypeOf(A.prototype, mid);
delete A.prototype.m;                                  // holder moves up the chain
print(call_m(a));
Object.prototype.zz = "from Object.prototype";
function get_zz(o) { return o.zz; }
print(run(20, () => get_zz(a)));
mid.zz = "from mid";                                   // shadowing on the chain
print(get_zz(a));
delete Object.prototype.zz;

// Nonexistent properties become existent.
function get_missing(o) { return o.missing; }
print(run(20, () => get_missing(a)));
A.prototype.missing = "now here";
print(get_missing(a));
delete A.prototype.missing;
print(get_missing(a));

// Accessors on the chain.
const withGetter = Object.create({ get g() { return "getter:" + this.tag; } });
withGetter.tag = 1;
function get_g(o) { return o.g; }
print(run(20, () => get_g(withGetter)));

// A cached add-property transition must respect a setter or a read-only
// property that appears later on the prototype chain.
function B() {}
function add_y(o, v) { o.y = v; return o; }
run(20, () => add_y(new B(), 1));
let seen = [];
Object.defineProperty(B.prototype, "y", { set(v) { seen.push(v); }, configurable: true });
const b1 = add_y(new B(), 42);
print("setter", seen.join(), Object.keys(b1).length);
delete B.prototype.y;
Object.defineProperty(B.prototype, "y", { value: "ro", writable: false, configurable: true });
const b2 = add_y(new B(), 43);
print("readonly", b2.y, Object.keys(b2).length);
"use strict";
try { (function () { "use strict"; add_y(new B(), 44); })(); } catch (e) { print("sloppy add_y ignores:", e); }
delete B.prototype.y;
print("plain again", add_y(new B(), 45).y);

// Frozen and non-extensible receivers.
const fr = Object.freeze({x: 1});
set_x(fr, 99);
print("frozen", fr.x);
const ne = Object.preventExtensions({});
set_x(ne, 5);
print("non-extensible", ne.x, Object.keys(ne).length);

// Strings and arrays.
function len(o) { return o.length; }
print(run(10, () => len("hello")), run(10, () => len([1, 2, 3])), len({length: "own"}));
function char_code(s, i) { return s.charCodeAt(i); }
print(run(10, i => char_code("abc", i % 3)));

// Keyed access: elements by kind, holes, appends, names.
function get_i(a, i) { return a[i]; }
function set_i(a, i, v) { a[i] = v; }
const ints = [1, 2, 3];
print(run(10, i => get_i(ints, i % 3)), get_i(ints, 5));
const dbl = [1.5, 2.5];
set_i(dbl, 0, 7);
set_i(dbl, 1, NaN);
print(dbl.join(), get_i(dbl, 2));
const holey = [1, , 3];
Array.prototype[1] = "from Array.prototype";
print(run(10, () => get_i(holey, 1)));
const app = [];
run(10, i => set_i(app, i, i * i));                   // appends with a prototype element
print(app.length, app[1], Object.prototype.hasOwnProperty.call(app, 1));
delete Array.prototype[1];
const app2 = [];
run(10, i => set_i(app2, i, i));
set_i(app2, 10, "str");                               // kind change
set_i(app2, 20, 0.5);                                 // a gap
print(app2.length, app2[10], app2[15], app2[20]);
const named = {alpha: 1, beta: 2};
print(run(10, i => get_i(named, i % 2 ? "alpha" : "beta")), get_i(named, "gamma"));
run(10, i => set_i(named, "k" + (i % 3), i));
print(JSON.stringify(named));
const frozenArr = Object.freeze([1, 2]);
set_i(frozenArr, 0, 9);
print("frozen array", frozenArr[0]);
const arrLike = {0: "a", length: 1};
print(get_i(arrLike, 0), get_i("xyz", 1), get_i(arrLike, "length"));
const sym = Symbol("s");
const withSym = {[sym]: "sym value"};
print(run(10, () => get_i(withSym, sym)));

// Globals through property cells.
var gv = 1;
function read_gv() { return gv; }
function write_gv(v) { gv = v; }
print(run(10, read_gv));
write_gv(2);
print(read_gv(), globalThis.gv);
globalThis.gv = 3;
print(read_gv());
Object.defineProperty(globalThis, "gv", { value: 4, writable: false });
write_gv(5);
print("read-only global", read_gv());
globalThis.gdel = "x";
function read_gdel() { return typeof gdel === "undefined" ? "gone" : gdel; }
print(run(10, read_gdel));
delete globalThis.gdel;
print(read_gdel());
globalThis.gdel = "back";
print(read_gdel());
Object.defineProperty(globalThis, "gacc", { get() { return "global getter"; }, configurable: true });
function read_gacc() { return gacc; }
print(run(5, read_gacc));
const lex = "script lexical";
function read_lex() { return lex; }
print(run(5, read_lex));
try { (function () { lex = 1; })(); } catch (e) { print(e.name); }
function read_later() { return typeof later === "undefined" ? "undefined" : later; }
print(run(5, read_later));
globalThis.later = "global property";
print(read_later());
