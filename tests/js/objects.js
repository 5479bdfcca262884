// Object and array literals, destructuring, spread, optional chaining, templates, with, delete, in.
const k = 'dyn';
const o = { a: 1, 'b': 2, [k]: 3, 4: 'four', get g() { return 'got'; }, set s(v) { this.a = v; }, m() { return 'method'; } };
o.s = 42;
print(o.a, o.b, o.dyn, o[4], o.g, o.m());
const arr = [1, , 3, ...[4, 5]];
print(arr.length, arr[1], arr[4], 1 in arr);
const { a, b: { c = 5 } = {}, ...rest } = { a: 1, x: 2, y: 3 };
print(a, c, rest.x, rest.y, rest.a);
const [x, , y = 9, ...z] = [1, 2, undefined, 4, 5];
print(x, y, z.length, z[0], z[1]);
let p, q;
[p, q] = [1, 2];
[p, q] = [q, p];
print(p, q);
const obj = { a: 1 };
obj.a += 5; obj['a'] *= 2; obj.b ??= 'B';
print(obj.a, obj.b, delete obj.a, 'a' in obj, obj.a);
const merged = { ...{ a: 1, b: 2 }, b: 3 };
print(merged.a, merged.b);
const n = null;
print(n?.x, n?.x.y.z, ({ f() { return 1; } }).f?.(), n?.[0], n?.());
const num = 3;
print(`a${num}b${num + 1}c`, `plain`, `${'nested ' + `${num}`}`);
function tag(s, ...v) { return s.raw[0] + '|' + s.raw[1] + '|' + s[1].length + '|' + v[0] + v[1]; }
print(tag`x${1}y\n${2}`);
function site() { return ((s) => s)`a`; }
print(site() === site());
var wo = { wp: 1 };
with (wo) { wp = 2; var wq = wp + 1; }
print(wo.wp, wq);
const proto = { inherited: true };
const child = { __proto__: proto, own: 1 };
print(child.inherited, Object.getPrototypeOf(child) === proto);
print(typeof undeclaredThing, delete globalThis.nothing);
const { length } = 'hello';
print(length);
function swap([a, b]) { return [b, a]; }
const [s1, s2] = swap(['l', 'r']);
print(s1, s2);
