// numeric.js - integer and floating-point arithmetic in tight loops.
benchmark("NumericInt", 1e6, function () {
  var acc = 0;
  for (var i = 0; i < 1000000; i++) acc = (acc + i * 7 - (i >> 2)) | 0;
  return acc;
});
benchmark("NumericFloat", 1e6, function () {
  var x = 0.5, sum = 0;
  for (var i = 0; i < 1000000; i++) {
    x = x * 1.0000001 + 0.25;
    sum += x / (i + 1);
  }
  return Math.floor(sum);
});
