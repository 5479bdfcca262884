// typed_array.js - typed arrays: indexed reads and writes of Int32Array and
// Float64Array in loops, and the bulk methods (fill, set, sort).
var i32 = new Int32Array(10000), f64 = new Float64Array(10000);
for (var k = 0; k < 10000; k++) { i32[k] = k; f64[k] = k + 0.5; }
benchmark("TypedInt32Sum", 1e6, function () {
  var sum = 0;
  for (var r = 0; r < 100; r++)
    for (var i = 0; i < i32.length; i++) sum = (sum + i32[i]) | 0;
  return sum;
});
benchmark("TypedFloat64Sum", 1e6, function () {
  var sum = 0;
  for (var r = 0; r < 100; r++)
    for (var i = 0; i < f64.length; i++) sum += f64[i];
  return sum;
});
benchmark("TypedInt32Write", 1e6, function () {
  var a = new Int32Array(10000);
  for (var r = 0; r < 100; r++)
    for (var i = 0; i < a.length; i++) a[i] = i * r;
  return a[9999];
});
benchmark("TypedBulk", 1e5, function () {
  var a = new Float64Array(100000), n = 0;
  a.fill(1.5);
  var b = new Float64Array(100000);
  b.set(a);
  for (var i = 0; i < b.length; i++) b[i] = (i * 7919) % 100000;
  b.sort();
  return b[50000] + a[3];
});
