// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// Calls of Math functions that call feedback saw are computed in optimized
// code (Float64Abs/Sqrt/Round/Min/Max in machine code, the others through
// math_apply): every result must be bit-identical to the interpreter's,
// -0 and NaN included; a non-number argument and a replaced Math function
// deoptimize and still give the right value.
const kOptimized = 1 << 4;
function optimized(f) { return (%GetOptimizationStatus(f) & kOptimized) != 0; }
function show(v) { return Object.is(v, -0) ? "-0" : String(v); }

function all(x, y) {
  return [Math.abs(x), Math.sqrt(x), Math.floor(x), Math.ceil(x), Math.trunc(x), Math.round(x),
          Math.min(x, y), Math.max(x, y), Math.min(), Math.max(), Math.max(x), Math.min(x, y, 3),
          Math.max(y, x, -3), Math.sin(x), Math.cos(y), Math.tan(x), Math.exp(x), Math.log(x),
          Math.pow(x, y), Math.atan2(x, y), Math.exp(), Math.cbrt(x), Math.sign(x), Math.fround(x),
          Math.log2(x), Math.hypot !== undefined];
}
const vals = [0, -0, 0.5, -0.5, 0.49999999999999994, -0.49999999999999994, 1.5, -1.5, 2.5, -2.5,
              4503599627370495.5, 4503599627370497, -4503599627370497, 9007199254740993, NaN,
              Infinity, -Infinity, 1e300, -1e-300, 3, -7, 0.7, -0.7, 2147483648.5, 5e-324];
function table() {
  const out = [];
  for (const x of vals)
    for (let j = 0; j < vals.length; j += 4) out.push(all(x, vals[j]).map(show).join(" "));
  return out;
}
const interpreted = table();
%PrepareFunctionForOptimization(all);
all(1.5, 2); all(-3, 0.25);
%OptimizeFunctionOnNextCall(all);
all(2, 3);
print("optimized:", optimized(all));
const compiled = table();
let same = 0;
for (let i = 0; i < interpreted.length; i++) {
  if (interpreted[i] === compiled[i]) same++;
  else print("differs:", interpreted[i], "|", compiled[i]);
}
print("rows:", interpreted.length, "identical:", same, "still optimized:", optimized(all));

// Constant arguments (Math.round of a constant is folded).
function consts() { return [Math.round(2.5), Math.round(-2.5), Math.round(-0.2), Math.floor(-0.5), Math.max(-0, 0), Math.min(0, -0)].map(show).join(" "); }
%PrepareFunctionForOptimization(consts);
consts();
%OptimizeFunctionOnNextCall(consts);
print("consts:", consts(), optimized(consts));

// A loop: int32 arguments, results used as numbers.
function loop(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.floor(i * 0.37) + Math.abs(50 - i) + Math.max(i, 7);
  return s;
}
%PrepareFunctionForOptimization(loop);
loop(10);
%OptimizeFunctionOnNextCall(loop);
print("loop:", loop(100), optimized(loop));

// A non-number argument deoptimizes (its ToNumber may run JavaScript).
function floor1(x) { return Math.floor(x); }
%PrepareFunctionForOptimization(floor1);
floor1(1.5); floor1(2.5);
%OptimizeFunctionOnNextCall(floor1);
print("number:", floor1(7.9), optimized(floor1));
print("object:", floor1({ valueOf() { return 4.5; } }), optimized(floor1) ? "still optimized" : "deopted");
print("string:", floor1("-2.5"));

// A replaced Math function: the CheckValue on the target fails.
function sq(x) { return Math.sqrt(x); }
%PrepareFunctionForOptimization(sq);
sq(4); sq(9);
%OptimizeFunctionOnNextCall(sq);
print("sqrt:", sq(16), optimized(sq));
const realSqrt = Math.sqrt;
Math.sqrt = function (x) { return "mine " + x; };
print("replaced:", sq(16), optimized(sq) ? "still optimized" : "deopted");
Math.sqrt = realSqrt;
print("restored:", sq(25));
