// Proxy: the constructor, revocable, every trap with its invariant checks, forwarding without traps,
// callable proxies, and proxies seen by the rest of the library (Object/Reflect, for-in, JSON, instanceof).
function show(f) {
  try { return String(f()); } catch (e) { return e.name + ': ' + e.message; }
}
print(typeof Proxy, Proxy.length, Proxy.name, Proxy.prototype, Object.getOwnPropertyNames(Proxy).sort().join());
print(show(() => Proxy({}, {})), show(() => new Proxy(1, {})), show(() => new Proxy({}, null)));

// every trap, logged
var log = [];
var t = {a: 1};
var h = {};
['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty',
 'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions'].forEach(function (n) {
  h[n] = function (target, k) {
    log.push(n + (typeof k === 'string' ? ' ' + k : ''));
    return Reflect[n].apply(null, arguments);
  };
});
var p = new Proxy(t, h);
print(p.a, 'a' in p, 'b' in p, p[0]);
p.b = 2;
print(t.b, delete p.b, t.b);
print(Object.keys(p), JSON.stringify(Object.getOwnPropertyNames(p)));
for (var k in p) print('for-in', k);
Object.defineProperty(p, 'c', {value: 3});
print(JSON.stringify(Object.getOwnPropertyDescriptor(t, 'c')));
print(Object.getPrototypeOf(p) === Object.prototype, Object.isExtensible(p), Reflect.setPrototypeOf(p, null));
print(Object.prototype.hasOwnProperty.call(p, 'a'), Object.prototype.propertyIsEnumerable.call(p, 'c'));
print(log.join(', '));

// no handler traps: everything forwards
var fwd = new Proxy({x: 1, get y() { return this === fwd; }}, {});
fwd.z = 3;
print(fwd.x, fwd.y, fwd.z, 'z' in fwd, Object.keys(fwd).join(), JSON.stringify(fwd));

// receivers
var inh = Object.create(new Proxy({}, {get: function (t, k, r) { return r === inh ? 'receiver ok' : 'bad'; }}));
print(inh.foo);
var setlog = [];
var sp = Object.create(new Proxy({}, {set: function (t, k, v, r) { setlog.push(k, v, r === sp); return true; }}));
sp.q = 5;
print(setlog.join(), Object.keys(sp).length);
print(Reflect.get(new Proxy({}, {get: (t, k, r) => r}), 'x', 42), Reflect.set(new Proxy({}, {set: (t, k, v, r) => r === 7}), 'x', 1, 7));

// invariants
var frozen = Object.freeze({z: 1});
print(show(() => new Proxy(frozen, {get: () => 2}).z));
print(show(() => new Proxy(frozen, {get: () => 1}).z));
print(show(() => 'z' in new Proxy(frozen, {has: () => false})));
print(show(() => delete new Proxy(frozen, {deleteProperty: () => true}).z));
print(show(() => Object.keys(new Proxy(frozen, {ownKeys: () => []}))));
print(show(() => Reflect.ownKeys(new Proxy({}, {ownKeys: () => ['a', 'a']}))));
print(show(() => Reflect.ownKeys(new Proxy({}, {ownKeys: () => [1]}))));
print(show(() => Reflect.ownKeys(new Proxy(Object.preventExtensions({a: 1}), {ownKeys: () => ['a', 'b']}))));
print(show(() => Reflect.ownKeys(new Proxy({a: 1}, {ownKeys: () => ['b', Symbol.iterator]})).length));
print(show(() => Object.getOwnPropertyDescriptor(new Proxy({}, {getOwnPropertyDescriptor: () => ({configurable: false})}), 'x')));
print(show(() => Object.getOwnPropertyDescriptor(new Proxy(frozen, {getOwnPropertyDescriptor: () => undefined}), 'z')));
print(show(() => Object.defineProperty(new Proxy({}, {defineProperty: () => true}), 'x', {configurable: false})));
print(show(() => Reflect.defineProperty(new Proxy({}, {defineProperty: () => false}), 'x', {value: 1})));
print(show(() => Object.defineProperty(new Proxy({}, {defineProperty: () => false}), 'x', {value: 1})));
print(show(() => Object.getPrototypeOf(new Proxy(Object.preventExtensions({}), {getPrototypeOf: () => Array.prototype}))));
print(show(() => Object.getPrototypeOf(new Proxy({}, {getPrototypeOf: () => 1}))));
print(show(() => Object.isExtensible(new Proxy({}, {isExtensible: () => false}))));
print(show(() => Reflect.preventExtensions(new Proxy({}, {preventExtensions: () => false}))));
print(show(() => Object.preventExtensions(new Proxy({}, {preventExtensions: () => false}))));
print(show(() => Object.preventExtensions(new Proxy({}, {preventExtensions: () => true}))));
print(show(() => Reflect.setPrototypeOf(new Proxy(Object.preventExtensions({}), {setPrototypeOf: () => true}), Array.prototype)));
print(show(() => new Proxy({}, {get: 1}).x));
print(show(() => new Proxy(frozen, {set: () => true}).z = 9));
print(Object.isFrozen(new Proxy(frozen, {})), Object.isSealed(new Proxy({}, {})));
var fp = new Proxy({m: 1}, {});
Object.freeze(fp);
print(Object.isFrozen(fp), show(() => { 'use strict'; fp.m = 2; }));

// callable proxies
var f = new Proxy(function (a, b) { return a + b; }, {});
print(typeof f, f(1, 2), f.call(null, 3, 4), f.apply(null, [5, 6]), f.bind(null, 1)(9), f.length);
var traced = new Proxy(function () { return 'orig'; }, {apply: (t, self, args) => [self, args.length].join()});
print(traced.call('me', 1, 2), Reflect.apply(traced, 'r', [1]));
var C = new Proxy(class { constructor(x) { this.x = x; } }, {construct: (t, args, nt) => ({y: args[0], nt: nt === C})});
var c = new C(5);
print(c.y, c.nt);
print(new (new Proxy(class { constructor(x) { this.x = x; } }, {}))(8).x);
print(show(() => new (new Proxy(function () {}, {construct: () => 1}))()));
print(show(() => new (new Proxy(() => 1, {}))()), show(() => new Proxy({}, {})()));
print(typeof new Proxy({}, {}), typeof new Proxy(class {}, {}));
class Base {}
var PB = new Proxy(Base, {});
print(new Base() instanceof PB, new PB() instanceof Base, Object.create(new Proxy(Base.prototype, {})) instanceof Base);

// revocation
var r = Proxy.revocable({}, {});
print(Object.keys(r).join(), typeof r.revoke, r.revoke.length, r.revoke.name === '');
print(r.revoke(), r.revoke());
print(show(() => r.proxy.x), show(() => Array.isArray(r.proxy)), show(() => typeof r.proxy));
var rf = Proxy.revocable(function () {}, {});
rf.revoke();
print(typeof rf.proxy, show(() => rf.proxy()), show(() => Object.keys(rf.proxy)));

// arrays and JSON
var ap = new Proxy([1, 2, 3], {});
print(Array.isArray(ap), Array.isArray(new Proxy(ap, {})), JSON.stringify(ap), Object.prototype.toString.call(ap));
print(JSON.stringify({a: new Proxy({q: [1, {r: 2}]}, {})}), [0].concat(ap).length, Array.prototype.map.call(ap, x => x * 2).join());
print(JSON.stringify({a: 1, b: 2}, new Proxy(['b'], {})));

// deep chains throw a RangeError instead of overflowing the C stack
var deep = {};
for (var i = 0; i < 5000; i++) deep = new Proxy(deep, {});
print(show(() => deep.x), show(() => 'x' in deep), show(() => Object.keys(deep)));
var deepf = function () { return 1; };
for (var i = 0; i < 5000; i++) deepf = new Proxy(deepf, {});
print(show(() => deepf()));
var self = new Proxy({}, {get: function (t, k) { return self[k]; }});
print(show(() => self.x));

// copying from proxies: Object.assign and object spread ask the traps
var clog = [];
var src = new Proxy({a: 1, b: 2}, {
  getOwnPropertyDescriptor: function (t, k) { clog.push('gopd ' + k); return k === 'b' ? undefined : Reflect.getOwnPropertyDescriptor(t, k); },
  get: function (t, k) { clog.push('get ' + k); return t[k]; },
});
print(JSON.stringify(Object.assign({}, src)), JSON.stringify({...src}), clog.join());

// element access, `with`, and a warmed-up property load all reach the traps
var elog = [];
var ep = new Proxy([1, 2, 3], {get: (t, k) => (elog.push(String(k)), 'x'), set: (t, k, v) => (elog.push('set' + String(k)), true)});
for (var i = 0; i < 3; i++) { ep[i]; ep[i] = 5; }
print(ep[0], elog.join());
with (new Proxy({zz: 1}, {has: (t, k) => k === 'zz'})) { print(zz); }
function getA(o) { return o.a; }
for (var i = 0; i < 10000; i++) getA({a: 1});
print(getA(new Proxy({}, {get: () => 'trap'})));

// proxies as Map keys and in prototype chains
var m = new Map([[p, 1]]);
print(m.get(p), Object.create(fwd).x);
