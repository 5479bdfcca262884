class A { get x() { return 'Ax'; } set y(v) { this._y = 'set:' + v; } m() { return 'Am'; } }
class B extends A {
  t() { var f = () => super.m() + super.x; return f(); }
  s() { super.y = 5; super.z = 7; return this._y + ' ' + this.z + ' ' + Object.keys(this).join(); }
  e() { return eval('super.m()'); }
}
var b = new B(); print(b.t(), b.s(), b.e());
var o = { __proto__: { v: 1 }, m() { super.v = 2; return this.v + ' ' + Object.getPrototypeOf(this).v; } }; print(o.m());
class P { constructor(x) { this.x = x; } }
class Q extends P { y = 'field'; constructor() { var f = () => super(5); f(); print(this.x, this.y); } }
new Q();
class R extends P { constructor() { (() => { (() => super(...[7]))(); })(); print(this.x); try { (() => super(1))(); } catch (e) { print(e.name); } } }
new R();
class S extends P { constructor() { var f = () => super(1); print(new.target === S); f(); } }
new S();
