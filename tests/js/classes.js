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
// SetFunctionName for computed keys and accessors; static "prototype" members throw.
{
  const s = Symbol("desc"), anon = Symbol();
  class K { [s]() {} [anon]() {} ["a" + 1]() {} static get [s]() {} }
  const o = { [s]() {}, ["k"]: function () {}, [2]: () => 1, ["c"]: class {}, ["d"]: class { static name() {} },
              get g() {}, set [s](v) {} };
  print(K.prototype[s].name, JSON.stringify(K.prototype[anon].name), K.prototype.a1.name,
        Object.getOwnPropertyDescriptor(K, s).get.name);
  print(o.k.name, o[2].name, o.c.name, typeof o.d.name, Object.getOwnPropertyDescriptor(o, "g").get.name,
        Object.getOwnPropertyDescriptor(o, s).set.name);
  for (const src of ["(class { static ['prototype'] = 1 })", "(class { static get ['prototype']() {} })",
                     "(class { static ['prototype']() {} })"])
    try { eval(src); print("no throw"); } catch (e) { print(e.name); }
}
