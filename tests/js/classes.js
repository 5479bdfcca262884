class A {
  x = 1;
  static s = 'static';
  constructor(y) { this.y = y; }
  sum() { return this.x + this.y; }
  get double() { return this.sum() * 2; }
  static make() { return new A(10); }
}
const a = new A(2);
print(a.sum(), a.double, A.s, A.make().sum(), typeof A, A.name);
class B extends A {
  z = 100;
  constructor() { super(5); this.w = 'w'; }
  sum() { return super.sum() + this.z; }
}
const b = new B();
print(b.sum(), b.w, b instanceof A, b instanceof B, b.double);
class C extends B {}
print(new C().sum(), new C().constructor === C);
try { A(); } catch (e) { print(e); }
class D extends A { constructor() { this.x = 1; } }
try { new D(); } catch (e) { print(e); }
let order = [];
class E { static { order[order.length] = 'block'; } static f = order[order.length] = 'field'; }
print(order[0], order[1]);
const Anon = class {};
print(Anon.name);
class Point { constructor(x, y) { this.x = x; this.y = y; } toString() { return `(${this.x}, ${this.y})`; } }
print(`${new Point(1, 2)}`);
