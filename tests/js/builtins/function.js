// Function.prototype: call, apply, bind (also with new), toString, instanceof.
function add(a, b) { return this.base + a + b; }
var obj = {base: 100};
print(add.call(obj, 1, 2), add.apply(obj, [3, 4]));
var bound = add.bind(obj, 10);
print(bound(5), bound.length, bound.name);
function Point(x, y) { this.x = x; this.y = y; }
var BoundPoint = Point.bind(null, 1);
var pt = new BoundPoint(2);
print(pt.x, pt.y, pt instanceof Point);
print(typeof Function.prototype, Function.prototype() === undefined);
try { Function.prototype.call.call(1); } catch (e) { print(e.name); }
print([] instanceof Object, add instanceof Function);
