// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// Small monomorphic callees are inlined into the optimized caller; a guard
// on the call target and guards inside the inlined code deoptimize into
// several interpreter frames, and the caller is optimized again afterwards.
const kOptimized = 1 << 4;
function optimized(f) { return (%GetOptimizationStatus(f) & kOptimized) != 0; }
function opt(f, ...warm) {
  %PrepareFunctionForOptimization(f);
  for (const args of warm) f(...args);
  %OptimizeFunctionOnNextCall(f);
}

// A new call target: the CheckValue on the callee fails.
function inc(x) { return x + 1; }
function dec(x) { return x - 1; }
function apply(f, x) { return f(x) * 10; }
opt(apply, [inc, 1], [inc, 2]);
print("target:", apply(inc, 5), optimized(apply), "->", apply(dec, 5), optimized(apply) ? "still optimized" : "deopted");
opt(apply, [inc, 1], [dec, 2]);
print("target again:", apply(inc, 5), apply(dec, 5), optimized(apply));

// A guard inside the inlined callee fails: the caller's frame and the
// callee's are both rebuilt, the caller's live locals included.
function add(a, b) { return a + b; }
function twice(a, b, c) { const k = c * 3; const s = add(a, b); return s * 2 + k; }
opt(twice, [1, 2, 1], [3, 4, 1]);
print("inside:", twice(5, 6, 1), optimized(twice), "->", twice(0.5, 0.25, 2), optimized(twice) ? "still optimized" : "deopted");
opt(twice, [1, 2, 1], [0.5, 4, 1]);
print("inside again:", twice(5, 6, 1), twice(0.5, 0.25, 2), optimized(twice));

// Three levels deep; the innermost overflows.
function l3(x, y) { return x * y; }
function l2(x, y) { const t = x + 1; return l3(t, y) - t; }
function l1(x, y) { const u = y * 2; const r = l2(x, y); return r + u; }
opt(l1, [1, 2], [3, 4]);
print("deep:", l1(10, 20), optimized(l1), "->", l1(65535, 65536), optimized(l1) ? "still optimized" : "deopted");
print("deep again:", l1(10, 20));

// Arguments: missing ones are undefined, extra ones are kept for `arguments`-free callees.
function pair(a, b) { return b === undefined ? a : a + b; }
function missing(x) { return pair(x) + pair(x, x, x); }
opt(missing, [1], [2]);
print("arguments:", missing(3), missing(4), optimized(missing));

// A sloppy callee called without a receiver sees the global object as `this`.
globalThis.answer = 42;
function sloppy() { return this.answer; }
function strict_callee() { "use strict"; return this; }
function receivers() { return sloppy() + ":" + strict_callee(); }
opt(receivers, [], []);
print("receivers:", receivers(), optimized(receivers));

// A method: the receiver's map checks in the callee.
function Vec(x, y) { this.x = x; this.y = y; }
Vec.prototype.dot = function (o) { return this.x * o.x + this.y * o.y; };
function dots(n) { const v = new Vec(1, 2), w = new Vec(3, 4); let s = 0; for (let i = 0; i < n; i++) s += v.dot(w); return s; }
opt(dots, [3], [4]);
print("method:", dots(100), optimized(dots));
Vec.prototype.dot = function (o) { return -1; };   // the loaded method changes: the call target guard fails
print("method changed:", dots(10), optimized(dots) ? "still optimized" : "deopted");

// Loops, several returns, and a closure's context inside the callee.
function make_counter() { let hits = 0; return function (n) { hits++; let s = 0; for (let i = 0; i < n; i++) s += i; return s + hits * 0; }; }
const tri = make_counter();
function sign(x) { if (x > 0) return 1; if (x < 0) return -1; return 0; }
function mixed(n) { return tri(n) + sign(n) + sign(-n) + sign(0); }
opt(mixed, [3], [4]);
print("mixed:", mixed(10), mixed(100), optimized(mixed));

// A callee that always throws; and recursion, which is not inlined.
function fail(m) { throw new Error(m); }
function guarded(x) { if (x > 100) fail("too big: " + x); return x; }
opt(guarded, [1], [2]);
print("throws:", guarded(5));
try { guarded(500); } catch (e) { print("caught:", e.message); }
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
opt(fib, [5], [6]);
print("fib:", fib(20), optimized(fib));

// A stack trace taken inside inlined callees shows every activation, as the interpreter would.
function where() { return new Error("here").stack.split("\n").slice(1, 4).map(s => s.trim()).join(" | "); }
function via(x) { return where() + " " + x; }
function top_level(x) { return via(x); }
const interpreted_trace = top_level(0);
opt(top_level, [1], [2]);
print("stack:", top_level(3) == interpreted_trace.slice(0, -1) + "3", optimized(top_level));
print(top_level(4));
