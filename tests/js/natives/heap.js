// Flags: --allow-natives-syntax
// %CollectGarbage runs a full GC (objects survive, moved or not) and
// %HaveSameMap compares the maps (hidden classes) of two heap values.
function Point(x, y) { this.x = x; this.y = y; }
const keep = [];
for (let i = 0; i < 1000; i++) keep.push(new Point(i, i * 2));
const s = "str" + keep.length;
print(%CollectGarbage(0));
print(%CollectGarbage("all"));
let sum = 0;
for (const p of keep) sum += p.x + p.y;
print(sum, s, keep[999].y);

const a = new Point(1, 2), b = new Point(3, 4);
print("same constructor", %HaveSameMap(a, b));
b.z = 5;
print("after adding z", %HaveSameMap(a, b));
const c = new Point(5, 6);
c.z = 7;
print("same transitions", %HaveSameMap(b, c));
const d = {x: 1, y: 2}, e = {y: 2, x: 1};
print("literal key order", %HaveSameMap(d, e), %HaveSameMap(d, {x: 3, y: 4}));
print("int vs double array", %HaveSameMap([1, 2], [3, 4]), %HaveSameMap([1, 2], [1.5, 2]));
const f = {x: 1, y: 2};
delete f.x;   // dictionary mode: a map of its own
print("dictionary", %HaveSameMap(f, {y: 2}));
print("primitives", %HaveSameMap(1, 1), %HaveSameMap(1.5, 2.5), %HaveSameMap(true, false),
      %HaveSameMap(undefined, null), %HaveSameMap(1, {}));
print("strings and symbols", %HaveSameMap("ab", "cd"), %HaveSameMap(Symbol(), Symbol("x")),
      %HaveSameMap("ab", Symbol()));
print("functions", %HaveSameMap(function () {}, function () {}), %HaveSameMap(Point, Math.max));
print(%HaveSameMap(a, b) === false && %HaveSameMap(b, c) === true);
%CollectGarbage(0);
print("after gc", %HaveSameMap(b, c), %HaveSameMap(a, new Point(0, 0)));
