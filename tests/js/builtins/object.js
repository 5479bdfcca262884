// Object and Object.prototype: descriptors, keys order, integrity levels, prototypes.
var o = {b: 1, a: 2, 1: 'x', 0: 'y'};
print(Object.keys(o).join(','));
Object.defineProperty(o, 'hidden', {value: 3});
var d = Object.getOwnPropertyDescriptor(o, 'hidden');
print(d.value, d.writable, d.enumerable, d.configurable);
print(Object.keys(o).length, Object.getOwnPropertyNames(o).length);
Object.defineProperty(o, 'acc', {get: function () { return 42; }, configurable: true});
print(o.acc, typeof Object.getOwnPropertyDescriptor(o, 'acc').get);
try { Object.defineProperty(o, 'hidden', {value: 4}); print('no error'); } catch (e) { print(e.name); }
var p = Object.create({inherited: 1}, {own: {value: 2, enumerable: true}});
print(p.inherited, p.own, Object.keys(p).join(','), p.hasOwnProperty('own'), p.hasOwnProperty('inherited'));
print(Object.getPrototypeOf(Object.create(null)) === null);
var f = Object.freeze({x: 1});
f.x = 2;
print(f.x, Object.isFrozen(f), Object.isSealed(f), Object.isExtensible(f));
print(Object.is(NaN, NaN), Object.is(0, -0), Object.is('a', 'a'));
var t = Object.assign({}, {a: 1}, null, {b: 2});
print(t.a, t.b);
print(Object.prototype.toString.call([]), Object.prototype.toString.call(null), Object.prototype.toString.call(1));
print({}.propertyIsEnumerable('x'), Object.prototype.isPrototypeOf({}));
var q = {};
q.__proto__ = {z: 9};
print(q.z);
try { Object.defineProperty(1, 'x', {}); } catch (e) { print(e.name + ': ' + e.message); }
