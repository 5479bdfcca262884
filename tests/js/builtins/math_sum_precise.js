// Math.sumPrecise: exact summation with one rounding, -0/NaN/Infinity states, TypeError for non-Numbers; Math.f16round.
function show(f) {
  try { var r = f(); return Object.is(r, -0) ? '-0' : String(r); } catch (e) { return e.name; }
}
print(Math.sumPrecise.length, Math.sumPrecise.name, Math.f16round.length, Math.f16round.name);
print(show(() => Math.sumPrecise([])), show(() => Math.sumPrecise([-0])), show(() => Math.sumPrecise([-0, -0, -0])),
      show(() => Math.sumPrecise([-0, 0])), show(() => Math.sumPrecise([1, -1])), show(() => Math.sumPrecise(new Set())));
print(Math.sumPrecise([0.1, 0.2, 0.3]), 0.1 + 0.2 + 0.3, Math.sumPrecise([1e20, 0.1, -1e20]), Math.sumPrecise([3, -5.5, 0.25]));
var MAX = Number.MAX_VALUE;
print(Math.sumPrecise([MAX, MAX, -MAX]), Math.sumPrecise([MAX, MAX]), Math.sumPrecise([-MAX, -MAX]), Math.sumPrecise([MAX, MAX, -MAX, -MAX, 1]));
// Halfway cases: ties to even, broken by a far-away sticky bit.
print(Math.sumPrecise([1, 2 ** -53]), Math.sumPrecise([1, 2 ** -53, 2 ** -1074]), Math.sumPrecise([1, 3 * 2 ** -53]),
      Math.sumPrecise([-1, -(2 ** -53), -(2 ** -1074)]), Math.sumPrecise([2 ** 53, 1]), Math.sumPrecise([2 ** 53, 1, 2 ** -1000]));
print(Math.sumPrecise([5e-324, 5e-324]), Math.sumPrecise([5e-324, -5e-324, 5e-324]), Math.sumPrecise([2 ** -1022, -(2 ** -1074)]));
// Overflow: exactly at the rounding boundary to infinity.
var half = 2 ** 970;   /* half of MAX's ulp: MAX's mantissa is odd, so the tie rounds up */
print(Math.sumPrecise([MAX, half]), Math.sumPrecise([MAX, half, -(2 ** 900)]), Math.sumPrecise([MAX, half, -(2 ** -1074)]),
      Math.sumPrecise([-MAX, -half]), Math.sumPrecise([MAX, half, half, -MAX]));
print(Math.sumPrecise([Infinity, 1]), Math.sumPrecise([-Infinity, -0]), Math.sumPrecise([Infinity, -Infinity]),
      Math.sumPrecise([NaN, Infinity]), Math.sumPrecise([Infinity, NaN]), Math.sumPrecise([MAX, MAX, Infinity]));
// Many values: exact regardless of order.
var vals = [];
for (var i = 0; i < 2000; i++) vals.push((i % 7 - 3) * 1e300, (i % 5) * 1e-300, 0.1);
var a = Math.sumPrecise(vals), b = Math.sumPrecise(vals.slice().reverse());
print(a === b, a);
print(Math.sumPrecise(function* () { yield 1; yield 2; }()), Math.sumPrecise(new Float64Array([0.5, 0.25])));
// Errors close the iterator.
var closed = 0;
var it = {[Symbol.iterator]() { var n = 0; return {next() { return {done: false, value: n++ ? '2' : 1}; }, return() { closed++; return {}; }}; }};
print(show(() => Math.sumPrecise(it)), closed, show(() => Math.sumPrecise([1n])), show(() => Math.sumPrecise([new Number(1)])));
print(show(() => Math.sumPrecise()), show(() => Math.sumPrecise(null)), show(() => Math.sumPrecise(5)), show(() => Math.sumPrecise({})));
print(show(() => Math.sumPrecise([NaN, 'x'])));
// f16round
print(Math.f16round(1.337), Math.f16round(65504), Math.f16round(65520), Math.f16round(2 ** -25), show(() => Math.f16round(-0)), Math.f16round('0.1'));
