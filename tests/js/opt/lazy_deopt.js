// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// Lazy deoptimization: optimized code invalidated while it has activations
// on the stack. Each activation goes on in the interpreter when the call it
// is in returns, after that call, with the call's result and every live
// value of its frames (inlined ones included).
const kOptimized = 1 << 4, kTopmostFrameIsTurboFanned = 1 << 12, kTopmostFrameIsInterpreted = 1 << 16;
function optimized(f) { return (%GetOptimizationStatus(f) & kOptimized) != 0; }
function tier(f) {
  const s = %GetOptimizationStatus(f);
  return s & kTopmostFrameIsTurboFanned ? "optimized" : s & kTopmostFrameIsInterpreted ? "interpreted" : "?";
}

// The running function deoptimizes itself through a callee.
function kill(f) { %DeoptimizeFunction(f); return 100; }
%NeverOptimizeFunction(kill);
function self(x, deopt) {
  const a = x * 2, o = { v: x + 1 };
  const before = tier(self);
  const r = deopt ? kill(self) : 1;
  const after = tier(self);
  return [a + r + o.v, before, after].join(" ");
}
%PrepareFunctionForOptimization(self);
self(1, false); self(2, false);
%OptimizeFunctionOnNextCall(self);
print("self:", self(3, false), optimized(self));
print("self deopted:", self(3, true), optimized(self));

// Activations of a recursive optimized function, several deep, all go on
// in the interpreter after the innermost one invalidates the code.
function down(n) {
  const mine = n * 10;
  const r = n == 0 ? kill(down) : down(n - 1);
  return r + mine + (tier(down) == "interpreted" ? 1000 : 0);
}
%PrepareFunctionForOptimization(down);
down(2); down(3);
%OptimizeFunctionOnNextCall(down);
print("recursive:", down(3), optimized(down));

// The invalidated activation had inlined a callee whose call is the one in
// progress: the callee's frame and the caller's are rebuilt.
function leaf(f, y) { const z = y + 1; return kill(f) + z; }
function host(y) { const w = y * 3; const r = leaf(host, y); return r + w + (tier(host) == "interpreted" ? 0.5 : 0); }
%PrepareFunctionForOptimization(host);
host(1); host(2);
%OptimizeFunctionOnNextCall(host);
print("inlined:", host(4), optimized(host));

// A call that throws after the invalidation: the exception still propagates.
function boom(f) { %DeoptimizeFunction(f); throw new Error("boom"); }
%NeverOptimizeFunction(boom);
function thrower(x, go) { const k = x + 1; if (go) boom(thrower); return k; }
%PrepareFunctionForOptimization(thrower);
thrower(1, false); thrower(2, false);
%OptimizeFunctionOnNextCall(thrower);
print("thrower:", thrower(3, false), optimized(thrower));
try { thrower(3, true); } catch (e) { print("thrower threw:", e.message, optimized(thrower)); }
print("thrower after:", thrower(4, false));
