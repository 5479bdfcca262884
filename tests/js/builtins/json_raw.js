// JSON.rawJSON / JSON.isRawJSON / raw JSON in stringify, and the reviver's context.source (JSON.parse source text access).
function show(f) {
  try { return String(f()); } catch (e) { return e.name; }
}
print(JSON.rawJSON.length, JSON.isRawJSON.length, JSON.rawJSON.name);
var r = JSON.rawJSON('12345678901234567890');
print(JSON.isRawJSON(r), Object.getPrototypeOf(r), Object.isFrozen(r), JSON.stringify(Object.getOwnPropertyDescriptor(r, 'rawJSON')), Object.keys(r).join());
print(JSON.stringify({big: r, list: [JSON.rawJSON('"s"'), JSON.rawJSON('null'), JSON.rawJSON('-1e400')]}));
print(JSON.stringify(r), JSON.stringify([r], null, 2).replace(/\n/g, '|'), JSON.stringify({a: 1}, (k, v) => k === 'a' ? JSON.rawJSON('1.50') : v));
print(JSON.isRawJSON({}), JSON.isRawJSON(Object.freeze({__proto__: null, rawJSON: '1'})), JSON.isRawJSON('1'), JSON.isRawJSON());
var hashed = JSON.rawJSON('true');
new WeakMap().set(hashed, 1);   /* gives it an identity hash */
print(JSON.isRawJSON(hashed), JSON.stringify([hashed]));
var bad = ['', ' 1', '1 ', '\t1', '1\n', '{}', '[]', '[1]', '1 2', 'tru', '"a', 'undefined', '01', '+1', '\u00a01'];
print(bad.map(t => show(() => JSON.rawJSON(t))).join());
print(show(() => JSON.rawJSON({toString() { return '7'; }}).rawJSON), show(() => JSON.rawJSON(Symbol())), JSON.rawJSON(1e21).rawJSON);
print(show(() => { 'use strict'; r.rawJSON = 1; }), show(() => { 'use strict'; r.x = 1; }));

// Reviver context: the source text of each primitive, none for objects and arrays.
var seen = [];
JSON.parse(' { "a" : 1.50 , "b" : [ -0 , "x\\u0041" , true , null ] , "c" : { } , "a" : 1e2 } ', function (k, v, ctx) {
  seen.push(k + '=' + JSON.stringify(ctx));
  return v;
});
print(seen.join(' '));
print(JSON.parse('  -12.0e0  ', (k, v, c) => c.source), JSON.parse('"\\ud800"', (k, v, c) => c.source.length));
// A replaced value loses its source; elements of a replaced array have none.
seen = [];
JSON.parse('[1, [2], 3]', function (k, v, ctx) {
  if (k === '0') this[2] = 30;
  if (k === '1') return [5];
  seen.push(k + ':' + ('source' in ctx ? ctx.source : '-'));
  return v;
});
print(seen.join(' '));
seen = [];
JSON.parse('{"p": 1, "q": 2}', function (k, v, ctx) {
  if (k === 'p') this.q = 2;   /* the same value: the source stays */
  seen.push(k + ':' + ctx.source);
  return v;
});
print(seen.join(' '));
print(Object.getPrototypeOf(JSON.parse('1', (k, v, c) => c)) === Object.prototype, JSON.parse('[1]', (k, v, c) => v));
print(JSON.parse('{"a":{"b":[1,{"c":"d"}]}}', (k, v, c) => typeof v === 'object' ? v : c.source + '!').a.b.join());
var deep = '['.repeat(500) + '7' + ']'.repeat(500);
var depthSource;
JSON.parse(deep, (k, v, c) => { if (c.source) depthSource = c.source; return v; });
print(depthSource);
// [[IsRawJSON]] survives the object becoming a prototype; inheriting objects do not have it.
var asProto = JSON.rawJSON('"p"');
var heir = Object.create(asProto);
Object.setPrototypeOf({}, JSON.rawJSON('0'));
print(JSON.isRawJSON(asProto), JSON.isRawJSON(heir), JSON.stringify([asProto, heir]), Reflect.ownKeys(asProto).length,
      Object.getOwnPropertySymbols(asProto).length, JSON.isRawJSON(new Proxy(asProto, {})));
