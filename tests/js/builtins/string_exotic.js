// String exotic objects: character indices as own read-only properties, key order, in, for-in, defineProperty, freeze.
function show(f) {
  try { return JSON.stringify(f()); } catch (e) { return e.name; }
}
var s = new String('ab');
print(s[0], s[1], s[2], s['0'], s[-0], s['-0'], s[1.5], 0 in s, 1 in s, 2 in s, '-0' in s, s.length);
s[5] = 'x';
s.foo = 1;
s[0] = 'z';
s[Symbol.iterator] = s[Symbol.iterator];
print(JSON.stringify(Object.getOwnPropertyNames(s)), Object.keys(s).join(), Reflect.ownKeys(s).length);
var keys = [];
for (var k in s) keys.push(k);
print(keys.join());
print(JSON.stringify(Object.getOwnPropertyDescriptor(s, '1')), Object.getOwnPropertyDescriptor(s, '2'));
print(JSON.stringify(Object.getOwnPropertyDescriptor(s, 'length')));
print(delete s[0], delete s[5], delete s[9], s[0], s[5]);
print(show(() => { 'use strict'; s[0] = 'q'; }), show(() => { 'use strict'; delete s[1]; }), show(() => { 'use strict'; s[7] = 7; return s[7]; }));
print(Object.hasOwn(s, 1), s.hasOwnProperty('1'), s.propertyIsEnumerable(0), s.propertyIsEnumerable('length'));
// defineProperty: only the same value with the same attributes is accepted.
print(show(() => Object.defineProperty(s, '0', {value: 'a'})[0]), show(() => Object.defineProperty(s, '0', {value: 'a', writable: false, enumerable: true, configurable: false})[0]));
print(show(() => Object.defineProperty(s, '0', {value: 'b'})), show(() => Object.defineProperty(s, '0', {writable: true})));
print(show(() => Object.defineProperty(s, '0', {enumerable: false})), show(() => Object.defineProperty(s, '0', {get() {}})));
print(Reflect.defineProperty(s, '1', {value: 'b'}), Reflect.defineProperty(s, '1', {configurable: true}), Reflect.set(s, '1', 'b'));
print(show(() => Object.defineProperty(s, '2', {value: 'c', enumerable: true})[2]));
// Integrity levels.
var f = Object.freeze(new String('xy'));
print(Object.isFrozen(f), Object.isSealed(f), Object.isFrozen(Object.preventExtensions(new String('xy'))), Object.isFrozen(Object.preventExtensions(new String(''))));
// Inherited through the prototype chain, and in built-ins.
var child = Object.create(new String('xyz'));
print(child[1], 1 in child, child.hasOwnProperty(1), child.length);
print(show(() => { 'use strict'; child[0] = 'w'; }), child[0]);
print(JSON.stringify(Object.entries(new String('hi'))), JSON.stringify(Object.assign({}, new String('hi'))), JSON.stringify({...new String('hi')}));
print(Array.prototype.join.call(new String('abc'), '-'), Array.from(new String('ab')).join(), JSON.stringify(Object.values('ok')));
// Two-byte strings, surrogate halves, subclasses.
var t = new String('\u1234\ud83d\ude00');
print(t.length, t[0] === '\u1234', t[1] === '\ud83d', t[2] === '\ude00', Object.keys(t).join());
class S extends String {}
var sub = new S('hey');
print(sub[2], sub.length, Object.keys(sub).join(), sub instanceof S);
// Inline caches: the same load site over wrappers and plain objects.
function at(o, i) { return o[i]; }
function len(o) { return o.length; }
var out = [];
for (var i = 0; i < 30; i++) out.push(at(i % 3 ? new String('pq') : {0: 'o'}, i % 2), len(i % 2 ? new String('pqr') : [1]));
print(out.join(''));
var ws = new String('long string value');
var acc = '';
for (var j = 0; j < ws.length; j++) acc += ws[j];
print(acc, acc === String(ws));
