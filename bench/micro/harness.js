// harness.js - the timing loop shared by the micro-benchmarks (bench/run.py
// loads it before each one). benchmark(name, unitsPerRun, fn) runs fn once
// to warm up, then repeatedly for at least MICRO_MIN_MS milliseconds, and
// prints "name: score" where score is work units (loop iterations, calls)
// per millisecond of the fastest run (higher is better). fn must return a
// value that depends on all its work, checked against the warm-up run.
var MICRO_MIN_MS = typeof MICRO_MIN_MS === "number" ? MICRO_MIN_MS : 1000;
var microNow = typeof performance !== "undefined" && performance.now
    ? function () { return performance.now(); }
    : function () { return Date.now(); };

function benchmark(name, unitsPerRun, fn) {
  var expected = fn();
  var best = Infinity, total = 0, runs = 0;
  while (total < MICRO_MIN_MS || runs < 3) {
    var start = microNow();
    var result = fn();
    var elapsed = microNow() - start;
    if (result !== expected) throw new Error(name + ": result changed from " + expected + " to " + result);
    if (elapsed < best) best = elapsed;
    total += elapsed;
    runs++;
  }
  if (best <= 0) best = 0.001;
  print(name + ": " + Math.round(unitsPerRun / best));
}
