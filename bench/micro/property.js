// property.js - named property loads and stores on objects of one shape and
// of several shapes (monomorphic and polymorphic sites).
function Point(x, y) { this.x = x; this.y = y; }
benchmark("PropertyMono", 1e6, function () {
  var p = new Point(1, 2), sum = 0;
  for (var i = 0; i < 1000000; i++) {
    p.x = p.y + i;
    sum = (sum + p.x) | 0;
  }
  return sum;
});
benchmark("PropertyPoly", 1e6, function () {
  var objs = [{ a: 1, x: 1 }, { x: 2 }, { b: 1, c: 2, x: 3 }, new Point(4, 0)];
  var sum = 0;
  for (var i = 0; i < 1000000; i++) sum = (sum + objs[i & 3].x) | 0;
  return sum;
});
