// Flags: --allow-natives-syntax --no-always-opt --no-jitless --gc-interval=1
// Deoptimization with a GC at every allocation: frames of inlined callees
// are rebuilt while objects move, and every value comes back right.
const kOptimized = 1 << 4;
function optimized(f) { return (%GetOptimizationStatus(f) & kOptimized) != 0; }

function Box(v) { this.v = v; }
function inner(b, x) { const n = b.v + x; const tag = "t" + n; return n + tag.length; }   // a double deopts here
function middle(b, x) { const o = { a: [x, b] }; const r = inner(b, x); return r + o.a.length + o.a[1].v; }
function outer(x) { const keep = new Box("k"); const s = middle(new Box(x), x); return s + keep.v; }

%PrepareFunctionForOptimization(outer);
outer(1); outer(2);
%OptimizeFunctionOnNextCall(outer);
print(outer(3), optimized(outer));
print(outer(1.5), optimized(outer) ? "still optimized" : "deopted");
%OptimizeFunctionOnNextCall(outer);
print(outer(4), outer(2.5), optimized(outer));
