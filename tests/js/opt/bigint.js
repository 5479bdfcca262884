// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// BigInts in optimized code: sites whose feedback saw a BigInt are generic
// (the runtime's slow paths), sites speculating on numbers deoptimize when
// one arrives, and the results are those of the interpreter.
const kOptimized = 1 << 4;
function optimized(f) { return (%GetOptimizationStatus(f) & kOptimized) != 0; }

function unary(x) { let y = x; y++; y--; --y; return [y, -x, ~x, +(x < 1n), x == 1]; }
function binary(a, b) { return [a + b, a - b, a * b, a / b, a % b, a & b, a | b, a ^ b, a << 3n, a >> 1n, a < b, a == b, a === b]; }
function count(n) { let s = 0n; for (let i = 0n; i < n; i++) s += i; return s; }

for (const [name, f, args] of [['unary', unary, [5n]], ['binary', binary, [2n ** 70n, -7n]], ['count', count, [100n]]]) {
  %PrepareFunctionForOptimization(f);
  f(...args);
  f(...args);
  %OptimizeFunctionOnNextCall(f);
  const r = f(...args);
  print(name, optimized(f), String(r));
}

// Number feedback first: the BigInt deoptimizes, the answer is still right.
function inc(x) { x++; return -x; }
%PrepareFunctionForOptimization(inc);
inc(1);
inc(2);
%OptimizeFunctionOnNextCall(inc);
print(inc(3), optimized(inc));
print(inc(3n), optimized(inc));
%OptimizeFunctionOnNextCall(inc);
print(inc(4n), inc(5), optimized(inc));
try { inc(Symbol()); } catch (e) { print(e.name); }
