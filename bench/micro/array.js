// array.js - array traversal: indexed loops over int and double arrays,
// pushes, and the higher-order methods.
var ints = [], doubles = [];
for (var k = 0; k < 10000; k++) { ints.push(k); doubles.push(k + 0.5); }
benchmark("ArrayIndexInt", 1e6, function () {
  var sum = 0;
  for (var r = 0; r < 100; r++)
    for (var i = 0; i < ints.length; i++) sum = (sum + ints[i]) | 0;
  return sum;
});
benchmark("ArrayIndexDouble", 1e6, function () {
  var sum = 0;
  for (var r = 0; r < 100; r++)
    for (var i = 0; i < doubles.length; i++) sum += doubles[i];
  return sum;
});
benchmark("ArrayPush", 1e6, function () {
  var n = 0;
  for (var r = 0; r < 100; r++) {
    var a = [];
    for (var i = 0; i < 10000; i++) a.push(i);
    n += a.length;
  }
  return n;
});
benchmark("ArrayMethods", 3e5, function () {
  var n = 0;
  for (var r = 0; r < 10; r++)
    n += ints.map(function (x) { return x * 2; }).filter(function (x) { return x % 3 == 0; })
             .reduce(function (a, b) { return (a + b) | 0; }, 0);
  return n;
});
benchmark("ArrayPushPop", 1e6, function () {
  var a = [], n = 0;
  for (var r = 0; r < 100; r++) {
    for (var i = 0; i < 5000; i++) a.push(i);
    for (var j = 0; j < 5000; j++) n = (n + a.pop()) | 0;
  }
  return n;
});
