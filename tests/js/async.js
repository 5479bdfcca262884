var log = [];
Promise.resolve(1).then(v => print('then', v));
new Promise((res, rej) => rej('bad')).catch(e => print('catch', e)).finally(() => print('finally'));
async function f(x) { print('f start'); var y = await x; print('after await', y); return y + 1; }
f(41).then(v => print('f ->', v));
async function g() { try { await Promise.reject(new Error('E')); } catch (e) { print('g caught', e.message); } throw 'out'; }
g().catch(e => print('g rejected', e));
const arrow = async () => 3;
arrow().then(v => print('arrow', v));
Promise.all([1, Promise.resolve(2), f(10)]).then(v => print('all', v.join()));
Promise.race([new Promise(()=>{}), Promise.resolve('r')]).then(v => print('race', v));
Promise.allSettled([1, Promise.reject(2)]).then(v => print('settled', JSON.stringify(v)));
Promise.any([Promise.reject(1), Promise.resolve(9)]).then(v => print('any', v));
async function* ag() { yield 1; var x = await Promise.resolve(2); yield x; return 3; }
(async () => { for await (const v of ag()) print('for await', v); })().catch(e => print('err', e));
var it = ag(); it.next().then(r => print('ag', r.value, r.done)); it.next().then(r => print('ag', r.value, r.done)); it.next().then(r => print('ag', r.value, r.done));
print('sync end');
// thenables, resolve with a promise, chaining order
var thenable = { then(res) { print('thenable.then called'); res('T'); } };
Promise.resolve(thenable).then(v => print('thenable ->', v));
new Promise(r => r(Promise.resolve('P'))).then(v => print('resolved with promise ->', v));
Promise.resolve().then(() => print('tick 1')).then(() => print('tick 2')).then(() => print('tick 3'));
// await ordering against plain promise jobs
(async () => { print('a0'); await null; print('a1'); await null; print('a2'); })();
Promise.resolve().then(() => print('p1')).then(() => print('p2'));
// errors thrown in then handlers reject the derived promise
Promise.resolve(1).then(() => { throw new TypeError('in then'); }).catch(e => print(e.name, e.message));
// withResolvers, reject with non-errors, subclassing
var wr = Promise.withResolvers(); wr.promise.then(v => print('withResolvers', v)); wr.resolve('ok');
class MyP extends Promise {}
var mp = MyP.resolve(5); print(mp instanceof MyP, mp.then(x => x) instanceof MyP);
// async methods and async generator methods in classes
class K { async m() { return this.v; } async *ag() { yield* [1, 2]; yield* (async function*() { yield 3; })(); } }
var k = new K(); k.v = 'kv'; k.m().then(v => print('method', v));
(async () => { var out = []; for await (const v of k.ag()) out.push(v); print('ag out', out.join()); })();
// for await over sync iterables of promises; break closes the iterator
(async () => {
  for await (const v of [Promise.resolve('s1'), 's2']) print('sync src', v);
  var closed = false;
  var it = { [Symbol.asyncIterator]() { return { next() { return Promise.resolve({ value: 1, done: false }); }, return() { closed = true; return Promise.resolve({ done: true }); } }; } };
  for await (const v of it) break;
  print('closed', closed);
})();
// return() / throw() on async generators
async function* ag2() { try { yield 1; yield 2; } finally { print('ag2 finally'); } }
var i2 = ag2(); i2.next().then(r => print('i2', r.value)); i2.return('done').then(r => print('i2 return', r.value, r.done));
var i3 = ag2(); i3.throw(new Error('early')).catch(e => print('i3', e.message));
Promise.reject(new Error('late')).then(null, e => print('onRejected', e.message));
