// math.js - the Math functions in numeric loops: the cheap ones that an
// engine should reduce to a few instructions (floor, abs, min/max, sqrt)
// and the libm ones (sin, exp, log, pow, atan2).
benchmark("MathFloorAbs", 1e6, function () {
  var sum = 0;
  for (var i = 0; i < 1000000; i++) sum += Math.floor(i * 0.37) + Math.abs(500000 - i);
  return sum;
});
benchmark("MathMinMaxSqrt", 1e6, function () {
  var sum = 0;
  for (var i = 0; i < 1000000; i++) sum += Math.sqrt(Math.max(i, 3) - Math.min(i, 7));
  return Math.round(sum);
});
benchmark("MathTrig", 1e6, function () {
  var sum = 0;
  for (var i = 0; i < 1000000; i++) sum += Math.sin(i * 0.001) * Math.cos(i * 0.002) + Math.atan2(i, 7);
  return Math.round(sum);
});
benchmark("MathExpLogPow", 1e6, function () {
  var sum = 0;
  for (var i = 1; i <= 1000000; i++) sum += Math.exp(-i * 1e-6) + Math.log(i) + Math.pow(i, 0.25);
  return Math.round(sum);
});
