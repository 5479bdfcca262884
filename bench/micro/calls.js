// calls.js - function and method calls, and a recursive function.
function add(a, b) { return a + b; }
var counter = { n: 0, inc: function (k) { this.n += k; return this.n; } };
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
benchmark("CallFunction", 1e6, function () {
  var sum = 0;
  for (var i = 0; i < 1000000; i++) sum = add(sum, i) | 0;
  return sum;
});
benchmark("CallMethod", 1e6, function () {
  counter.n = 0;
  for (var i = 0; i < 1000000; i++) counter.inc(1);
  return counter.n;
});
benchmark("CallRecursive", 242785, function () { return fib(25); });
