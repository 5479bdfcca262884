class A {
  #x = 1; #y; static #count = 0; static sfield = 'pub';
  #m() { return 'm' + this.#x; }
  get #g() { return this.#x * 10; } set #g(v) { this.#x = v; }
  static #sm() { return 'static private'; }
  constructor() { A.#count++; }
  inc() { this.#x++; this.#x += 2; return this.#x; }
  read() { return [this.#m(), this.#g, this.#y]; }
  write(v) { this.#g = v; return this.#x; }
  static has(o) { return #x in o; }
  static count() { return A.#count + ' ' + A.#sm(); }
  tryOther(o) { try { return o.#x; } catch (e) { return e.constructor.name; } }
  writeMethod() { try { this.#m = 1; } catch (e) { return e instanceof TypeError; } }
}
var a = new A(); print(a.inc(), a.read().join(), a.write(5), A.has(a), A.has({}), A.count(), a.tryOther({}), a.writeMethod());
new A(); print(A.count(), Object.keys(a).length, JSON.stringify(a), A.sfield);
class B extends A { #x = 'b'; bx() { return this.#x; } }
var b = new B(); print(b.bx(), b.read().join(), A.has(b));
class C { #p = 1; static check(o) { return o?.#p; } }
print(C.check(new C()), C.check(null));
class D { #v = 0; next() { return this.#v++; } [Symbol.iterator]() { return { next: () => ({ value: this.next(), done: this.#v > 3 }) }; } }
print([...new D()].join());
