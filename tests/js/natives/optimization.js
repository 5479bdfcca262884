// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// The optimization intrinsics with V8's names and status bits. The test
// pins its tier with flags: the statuses it prints depend on it.
const kIsFunction = 1 << 0, kNeverOptimize = 1 << 1, kMaybeDeopted = 1 << 3, kOptimized = 1 << 4,
      kTurboFanned = 1 << 6, kInterpreted = 1 << 7, kMarkedForOptimization = 1 << 8,
      kIsExecuting = 1 << 11, kMarkedForDeoptimization = 1 << 14, kTopmostFrameIsInterpreted = 1 << 16;

function bits(s) {
  const names = [[kIsFunction, "function"], [kNeverOptimize, "never"], [kMaybeDeopted, "maybe-deopted"],
                 [kOptimized, "optimized"], [kTurboFanned, "turbofanned"], [kInterpreted, "interpreted"],
                 [kMarkedForOptimization, "marked"], [kIsExecuting, "executing"],
                 [kMarkedForDeoptimization, "marked-for-deopt"], [kTopmostFrameIsInterpreted, "topmost-interpreted"]];
  const out = [];
  for (const [b, n] of names) if (s & b) { out.push(n); s &= ~b; }
  if (s) out.push("other:" + s);
  return out.join("|");
}

function add(a, b) { return a + b; }
print("fresh", %GetOptimizationStatus(add), bits(%GetOptimizationStatus(add)));
%PrepareFunctionForOptimization(add);
print("prepared", bits(%GetOptimizationStatus(add)));
add(1, 2); add(3, 4);
%OptimizeFunctionOnNextCall(add);
print("marked", bits(%GetOptimizationStatus(add)));
print("result", add(5, 6), bits(%GetOptimizationStatus(add)));
%DeoptimizeFunction(add);
print("deoptimized", bits(%GetOptimizationStatus(add)));

// Without %PrepareFunctionForOptimization first (allowed, as in V8).
function mul(a, b) { return a * b; }
%OptimizeFunctionOnNextCall(mul);
print("unprepared", bits(%GetOptimizationStatus(mul)), mul(6, 7));
// The second argument of V8 ("concurrent") is accepted.
function sub(a, b) { return a - b; }
%PrepareFunctionForOptimization(sub, "allow heuristic optimization");
%OptimizeFunctionOnNextCall(sub, "concurrent");
print("concurrent", bits(%GetOptimizationStatus(sub)), sub(9, 2));

// Never optimize: a later request is ignored and an earlier mark dropped.
function never() { return 1; }
%OptimizeFunctionOnNextCall(never);
%NeverOptimizeFunction(never);
print("never", bits(%GetOptimizationStatus(never)));
%OptimizeFunctionOnNextCall(never);
print("never again", bits(%GetOptimizationStatus(never)));

// On the stack: kIsExecuting and the innermost activation's tier.
function self() { return %GetOptimizationStatus(self); }
print("self", bits(self()));
function outer(inner) { return inner(); }
function probe() { return %GetOptimizationStatus(outer); }
print("caller", bits(outer(probe)));
function viaMap() { return [0].map(() => %GetOptimizationStatus(viaMap))[0]; }
print("across natives", bits(viaMap()));
print("not running", bits(%GetOptimizationStatus(outer)));
function* gen() { yield %GetOptimizationStatus(gen); }
print("generator", bits(gen().next().value));

// Built-ins are functions without an interpreter tier.
print("builtin", bits(%GetOptimizationStatus(Math.max)));
// undefined: the engine-wide bits only (none today).
print("undefined", %GetOptimizationStatus(undefined));

// %OptimizeOsr marks the running function (or one `depth` frames up).
function loop() {
  let s = 0;
  for (let i = 0; i < 10; i++) { s += i; if (i == 5) %OptimizeOsr(); }
  return s;
}
%PrepareFunctionForOptimization(loop);
print("osr", loop(), bits(%GetOptimizationStatus(loop)));
function osrOuter() { return osrInner(); }
function osrInner() { %OptimizeOsr(1); return 1; }
print("osr depth", osrOuter());
try { %OptimizeOsr(100); } catch (e) { print(e.name, e.message); }

print("interpreted", %IsBeingInterpreted());
function interp() { return %IsBeingInterpreted(); }
%PrepareFunctionForOptimization(interp);
interp();
%OptimizeFunctionOnNextCall(interp);
print("interpreted after request", interp());

// Wrong argument types throw TypeErrors (V8 would crash).
for (const f of [() => %GetOptimizationStatus(1), () => %OptimizeFunctionOnNextCall({}),
                 () => %PrepareFunctionForOptimization("f"), () => %NeverOptimizeFunction(null),
                 () => %DeoptimizeFunction(undefined), () => %OptimizeOsr("x"),
                 () => %OptimizeFunctionOnNextCall(), () => %DebugPrint()]) {
  try { f(); print("no error"); } catch (e) { print(e.name, e.message); }
}
