// Reflect: each internal method through its function, receivers, refusals as false, argument checks.
function show(f) {
  try { return String(f()); } catch (e) { return e.name + ': ' + e.message; }
}
print(Object.prototype.toString.call(Reflect), typeof Reflect, Object.getPrototypeOf(Reflect) === Object.prototype);
var d = Object.getOwnPropertyDescriptor(Reflect, Symbol.toStringTag);
print(d.value, d.writable, d.enumerable, d.configurable);
print(Object.getOwnPropertyNames(Reflect).sort().join());
print(Reflect.apply.length, Reflect.construct.length, Reflect.set.length, Reflect.get.name);
print(show(() => new Reflect.get({}, 'x')));

// apply / construct
print(Reflect.apply(Math.max, undefined, [1, 5, 3]), Reflect.apply(function () { return this.v; }, {v: 7}, []));
print(Reflect.apply(function () { return arguments.length; }, null, {length: 2, 0: 'a'}));
print(show(() => Reflect.apply(1, null, [])), show(() => Reflect.apply(Math.max, null)));
class A { constructor(x) { this.x = x; this.nt = new.target; } }
class B {}
var o = Reflect.construct(A, [4], B);
print(o.x, o.nt === B, Object.getPrototypeOf(o) === B.prototype, o instanceof A);
print(Reflect.construct(A, [5]).nt === A, Reflect.construct(Date, [0], Object) instanceof Date);
print(show(() => Reflect.construct(() => 0, [])), show(() => Reflect.construct(A, [], Math.max)));
print(show(() => Reflect.construct(A, 1)));
function F() { this.made = true; }
F.prototype.p = 'fp';
var viaBound = Reflect.construct(F.bind(null), [], B);
print(viaBound.made, Object.getPrototypeOf(viaBound) === B.prototype);

// defineProperty / getOwnPropertyDescriptor / deleteProperty
var t = {};
print(Reflect.defineProperty(t, 'a', {value: 1}), Reflect.defineProperty(t, 'a', {value: 2}), t.a);
print(Reflect.defineProperty(t, 'a', {value: 1}), Reflect.defineProperty(t, 'b', {get() { return 3; }, configurable: true}), t.b);
var ad = Reflect.getOwnPropertyDescriptor(t, 'b');
print(typeof ad.get, ad.set, ad.enumerable, ad.configurable);
print(JSON.stringify(Reflect.getOwnPropertyDescriptor([1, 2], 'length')), Reflect.getOwnPropertyDescriptor(t, 'zz'));
print(show(() => Reflect.defineProperty(t, 'c', 1)), show(() => Reflect.defineProperty(1, 'c', {})));
print(Reflect.deleteProperty(t, 'a'), Reflect.deleteProperty(t, 'b'), Reflect.deleteProperty(t, 'nope'), 'b' in t);
var arr = [1, 2, 3];
print(Reflect.defineProperty(arr, 'length', {value: 1}), arr.length, Reflect.deleteProperty(arr, 'length'));
print(show(() => Reflect.getOwnPropertyDescriptor(1, 'x')), show(() => Reflect.deleteProperty(null, 'x')));

// get / set with receivers
var src = {
  get g() { return this.v; },
  set s(x) { this.w = x; },
  plain: 'p',
};
print(Reflect.get(src, 'g'), Reflect.get(src, 'g', {v: 42}), Reflect.get(src, 'plain', {}), Reflect.get(src, 'missing'));
print(Reflect.get([7, 8], 1), Reflect.get(Object.create(src), 'g', {v: 'inherited'}));
var r = {};
print(Reflect.set(src, 's', 5, r), r.w, 'w' in src);
print(Reflect.set({}, 'x', 1, r), r.x, Reflect.set({}, 'x', 2, r), r.x);
var frozen = Object.freeze({q: 1});
print(Reflect.set(frozen, 'q', 2), frozen.q, Reflect.set({}, 'q', 2, frozen), Reflect.set(frozen, 'q', 3, {}));
var ro = Object.defineProperty({}, 'k', {value: 0, writable: false, configurable: true});
print(Reflect.set({}, 'k', 1, ro), ro.k, Reflect.set(Object.create(ro), 'k', 1), Reflect.set({}, 'x', 1, 'prim'));
var withAcc = Object.defineProperty({}, 'k', {get() { return 1; }, configurable: true});
print(Reflect.set({}, 'k', 1, withAcc), Reflect.set({get k() { return 0; }}, 'k', 1), Reflect.set(src, 'g', 1));
var keepAttrs = Object.defineProperty({}, 'e', {value: 0, writable: true, enumerable: false, configurable: true});
print(Reflect.set({}, 'e', 9, keepAttrs), keepAttrs.e, Object.keys(keepAttrs).length);
var a2 = [];
print(Reflect.set(a2, 3, 'x'), a2.length, Reflect.set(a2, 'length', 1), a2.length);
print(Reflect.set(Object.preventExtensions({}), 'n', 1), show(() => Reflect.set(1, 'x', 1)));
var order = [];
Reflect.set(src, {toString() { order.push('key'); return 'kk'; }}, 1);
print(order.join(), src.kk);

// has / ownKeys
var proto = {inh: 1};
var child = Object.create(proto);
child.own = 2;
print(Reflect.has(child, 'inh'), Reflect.has(child, 'own'), Reflect.has(child, 'no'), Reflect.has([], 'length'));
print(show(() => Reflect.has('str', 'length')));
var s1 = Symbol('s1'), s2 = Symbol('s2');
var ko = {b: 1, [s1]: 0, a: 2, 10: 'ten', 2: 'two', [s2]: 0};
Object.defineProperty(ko, 'hidden', {value: 1});
print(Reflect.ownKeys(ko).map(String).join());
print(Reflect.ownKeys([1, 2]).join(), Reflect.ownKeys(function f(a) {}).includes('length'));
print(show(() => Reflect.ownKeys(1)));

// prototypes and extensibility
var e = {};
print(Reflect.getPrototypeOf(e) === Object.prototype, Reflect.getPrototypeOf(Object.create(null)));
print(Reflect.setPrototypeOf(e, proto), e.inh, Reflect.setPrototypeOf(e, null), Reflect.getPrototypeOf(e));
print(Reflect.setPrototypeOf(proto, child), show(() => Reflect.setPrototypeOf(e, 1)), show(() => Reflect.setPrototypeOf(e)));
print(Reflect.isExtensible(e), Reflect.preventExtensions(e), Reflect.isExtensible(e), Reflect.preventExtensions(e));
print(Reflect.setPrototypeOf(e, null), Reflect.setPrototypeOf(e, {}), Reflect.defineProperty(e, 'n', {value: 1}));
print(show(() => Reflect.isExtensible(1)), show(() => Reflect.preventExtensions(1)), show(() => Reflect.getPrototypeOf(1)));

// Reflect and the rest of the engine
class Base { get who() { return this.name; } }
class Derived extends Base { constructor() { super(); this.name = 'derived'; } }
print(Reflect.get(Base.prototype, 'who', new Derived()), Reflect.construct(Derived, []).who);
var args = (function () { return arguments; })(1, 2);
print(Reflect.set(args, 0, 'z'), args[0], Reflect.ownKeys(args).map(String).join());
