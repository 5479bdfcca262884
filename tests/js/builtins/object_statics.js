// Object.entries/values/hasOwn/fromEntries/getOwnPropertyDescriptors/groupBy, defineProperties, assign, Annex B accessors.
function show(f) {
  try { return JSON.stringify(f()); } catch (e) { return e.name; }
}
print(Object.entries.length, Object.values.length, Object.hasOwn.length, Object.fromEntries.length,
      Object.getOwnPropertyDescriptors.length, Object.groupBy.length);
var sym = Symbol('s');
var o = {b: 1, a: 2, 1: 'one', 0: 'zero', [sym]: 3};
Object.defineProperty(o, 'hidden', {value: 4, enumerable: false});
print(show(() => Object.entries(o)), show(() => Object.values(o)));
print(show(() => Object.entries('ab')), show(() => Object.values(7)), show(() => Object.entries(null)));

// A getter deleting a later key and adding another: deleted keys are skipped, added ones not visited.
var m = {get a() { delete this.b; this.c = 3; return 1; }, b: 2};
print(show(() => Object.entries(m)), show(() => Object.keys(m)));

// Proxies: the trap order of EnumerableOwnProperties.
var log = [];
var p = new Proxy({x: 1, y: 2}, {
  ownKeys(t) { log.push('ownKeys'); return Reflect.ownKeys(t); },
  getOwnPropertyDescriptor(t, k) { log.push('gopd:' + String(k)); return Reflect.getOwnPropertyDescriptor(t, k); },
  get(t, k) { log.push('get:' + String(k)); return Reflect.get(t, k); },
});
print(show(() => Object.values(p)), log.join());
log = [];
print(show(() => Object.entries(p)), log.join());
var thrower = new Proxy({}, {ownKeys() { throw new RangeError('no'); }});
print(show(() => Object.values(thrower)), show(() => Object.getOwnPropertyDescriptors(thrower)));

// hasOwn
print(Object.hasOwn({x: 1}, 'x'), Object.hasOwn({x: 1}, 'y'), Object.hasOwn([], 'length'), Object.hasOwn('ab', 1));
print(show(() => Object.hasOwn(null, 'x')), show(() => Object.hasOwn({}, {toString() { throw new EvalError(); }})));
log = [];
print(Object.hasOwn(p, 'x'), log.join());

// fromEntries
print(show(() => Object.fromEntries([['a', 1], ['b', 2], ['a', 3]])), show(() => Object.fromEntries(new Map([[1, 'x']]))));
print(show(() => Object.fromEntries([1])), show(() => Object.fromEntries(undefined)), show(() => Object.fromEntries([[{toString() { return 'k'; }}, 'v']])));
var closed = 0;
var it = {[Symbol.iterator]() { return {next() { return {done: false, value: 5}; }, return() { closed++; return {}; }}; }};
print(show(() => Object.fromEntries(it)), closed);

// getOwnPropertyDescriptors
var g = Object.getOwnPropertyDescriptors({a: 1, get b() { return 2; }, [sym]: 0});
print(JSON.stringify(g.a), typeof g.b.get, g.b.set, g.b.enumerable, g[sym].value);
log = [];
Object.getOwnPropertyDescriptors(p);
print(log.join());

// groupBy
var grouped = Object.groupBy([1, 2, 3, 4, 5], (x, i) => x % 2 ? 'odd' : 'even');
print(Object.getPrototypeOf(grouped), JSON.stringify(grouped), Object.keys(grouped).join());
print(JSON.stringify(Object.groupBy('abca', c => c)), show(() => Object.groupBy(null, x => x)), show(() => Object.groupBy([], 1)));
var keyed = Object.groupBy([1, 2], x => ({toString() { return 'k' + x; }}));
print(Object.keys(keyed).join());
closed = 0;
print(show(() => Object.groupBy(it, () => { throw new SyntaxError(); })), closed);
var mg = Map.groupBy([1, -0, 0, 2], x => x === 0 ? -0 : x % 2);
print([...mg.keys()].map(k => Object.is(k, -0) ? '-0' : String(k)).join(), mg.get(0).length);

// defineProperties: every descriptor read (symbols too) before any define.
var target = {};
var props = {a: {value: 1, enumerable: true}, [sym]: {value: 2}, get b() { log.push('b'); return {get() { return 3; }}; }};
log = [];
Object.defineProperties(target, props);
print(target.a, target[sym], target.b, log.join());
print(show(() => Object.defineProperties({}, {a: {value: 1}, b: 5})), show(() => Object.defineProperties({}, undefined)));
var frozenA = Object.freeze({a: 1});
print(show(() => Object.defineProperties(frozenA, {a: {value: 2}, b: {get() {}}})), Object.hasOwn(frozenA, 'b'));
print(show(() => Object.defineProperty([], 'length', {value: -1})), show(() => Object.defineProperty([1, 2, 3], 'length', {value: {valueOf() { return 1; }}}).length));

// assign: primitive sources are wrapped; strings give their characters.
print(JSON.stringify(Object.assign({}, 'ab', null, 1, true, {c: 3})));

// Annex B accessors
var ab = {};
ab.__defineGetter__('x', function () { return 'got'; });
ab.__defineSetter__('x', function (v) { this.y = v; });
ab.x = 5;
print(ab.x, ab.y, typeof ab.__lookupGetter__('x'), typeof ab.__lookupSetter__('x'), ab.__lookupGetter__('y'));
print(Object.create(ab).__lookupGetter__('x') === ab.__lookupGetter__('x'), ({}).__lookupGetter__('nope'));
print(show(() => ab.__defineGetter__('z', 1)), show(() => Object.prototype.__lookupGetter__.call(null, 'x')));
print(show(() => Object.freeze(ab).__defineGetter__('w', function () {})));
