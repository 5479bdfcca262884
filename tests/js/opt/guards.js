// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// Every kind of guard in optimized code meets the case it didn't expect:
// the result is right, the function deoptimized, and it is optimized again
// afterwards from the updated feedback.
const kOptimized = 1 << 4;
function optimized(f) { return (%GetOptimizationStatus(f) & kOptimized) != 0; }

// Warms f up on the calls in warm, optimizes it, runs the odd call, then
// re-optimizes it and runs both kinds once more.
function check(name, f, warm, odd) {
  %PrepareFunctionForOptimization(f);
  for (const args of warm) f(...args);
  %OptimizeFunctionOnNextCall(f);
  const before = f(...warm[0]);
  const was = optimized(f);
  const r = f(...odd);
  const deopted = !optimized(f);
  %OptimizeFunctionOnNextCall(f);
  const warm_again = f(...warm[0]);
  print(name + ":", before, was, "->", r, deopted ? "deopted" : "still optimized", "| again",
        warm_again, optimized(f) ? "optimized" : "interpreted");
}

check("double where int32 was seen", function (a, b) { return a + b; }, [[1, 2], [3, 4]], [1.5, 2]);
check("a string", function (a, b) { return a * b; }, [[2, 3], [4, 5]], ["6", 7]);
check("overflow", function (a, b) { return a + b; }, [[1, 2], [3, 4]], [2147483647, 1]);
check("minus zero", function (a, b) { return a * b; }, [[2, 3], [4, 5]], [-3, 0]);

function Point(x, y) { this.x = x; this.y = y; }
check("another map", function (p) { return p.x + p.y; }, [[new Point(1, 2)], [new Point(3, 4)]],
      [{y: 20, x: 10}]);
check("out of bounds", function (a, i) { return a[i]; }, [[[1, 2, 3], 0], [[1, 2, 3], 2]], [[1, 2, 3], 7]);
check("a hole", function (a, i) { return a[i]; }, [[[1, , 3], 0], [[1, , 3], 2]], [[1, , 3], 1]);
check("a non-number key", function (a, i) { return a[i]; }, [[[1, 2], 0], [[1, 2], 1]], [[1, 2], "1"]);

// A loop whose int32 sum overflows into doubles mid-way.
function sum(n, step) { let s = 0; for (let i = 0; i < n; i++) s = s + step; return s; }
%PrepareFunctionForOptimization(sum);
sum(10, 1); sum(10, 2);
%OptimizeFunctionOnNextCall(sum);
print("loop:", sum(100, 3), optimized(sum), sum(3, 2147483647), optimized(sum), sum(4, 0.5));

// A global the code read through its property cell is deleted, then redefined.
globalThis.g = 5;
function read_g() { return g; }
%PrepareFunctionForOptimization(read_g);
read_g(); read_g();
%OptimizeFunctionOnNextCall(read_g);
print("global:", read_g(), optimized(read_g));
delete globalThis.g;
try { read_g(); } catch (e) { print("deleted:", e.name, optimized(read_g)); }
globalThis.g = "back";
print("redefined:", read_g());

// A prototype the code looked through changes shape.
function Animal() {}
Animal.prototype.legs = 4;
function legs(a) { return a.legs; }
const dog = new Animal();
%PrepareFunctionForOptimization(legs);
legs(dog); legs(dog);
%OptimizeFunctionOnNextCall(legs);
print("prototype:", legs(dog), optimized(legs));
Animal.prototype.tail = true;   // a shape change of the prototype
print("prototype changed:", legs(dog), optimized(legs));
Animal.prototype.legs = 3;
print("value changed:", legs(dog));
