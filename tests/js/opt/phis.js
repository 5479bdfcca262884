// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// Loop phis whose value is only used early in the loop body while other
// values (live across calls, so in spill slots) come and go: the phi's
// location must stay reserved up to the back edge that writes it.
function id(x) { return x; }
function run(n) {
  let first = true, acc = 0, a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
  let i = 0;
  while (i < n) {
    if (first) { acc = acc + 100; first = false; }
    else {
      const t1 = id(a + b), t2 = id(c + d), t3 = id(e + f), t4 = id(g + h);
      acc = acc + t1 + t2 + t3 + t4;
      a = b; b = c; c = d; d = e; e = f; f = g; g = h; h = id(a);
    }
    let j = 0;
    while (j < 3 && (acc & (1 << j)) == 0) { acc = acc + id(j); j++; }
    i++;
  }
  return acc + (first ? 1 : 0);
}
%PrepareFunctionForOptimization(run);
const expected = [run(5), run(20), run(57)];
%OptimizeFunctionOnNextCall(run);
const got = [run(5), run(20), run(57)];
print(expected.join(), got.join(), expected.join() === got.join(),
      (%GetOptimizationStatus(run) & 16) != 0);
