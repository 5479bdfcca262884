// DisposableStack, AsyncDisposableStack, SuppressedError, Error.isError,
// Symbol.dispose / asyncDispose and the iterator prototypes' dispose methods.
var log = [];
function show(label) { print(label + ': ' + log.join(' ')); log = []; }

print(typeof Symbol.dispose, String(Symbol.dispose), Symbol.asyncDispose.description);
print(Object.getOwnPropertyDescriptor(Symbol, 'dispose').writable);

// SuppressedError
var se = new SuppressedError('err', 'sup', 'msg');
print(se.name, se.message, se.error, se.suppressed, se instanceof Error, SuppressedError.length);
print(Object.getOwnPropertyNames(se).filter(k => k != 'stack').join());
print(SuppressedError('e', 's').message === '', Object.getPrototypeOf(SuppressedError) === Error);
print(Object.prototype.toString.call(se), String(se));
class MySE extends SuppressedError {}
print(new MySE(1, 2) instanceof MySE, Error.isError(new MySE(1, 2)));

// Error.isError
print(Error.isError(new Error), Error.isError(new TypeError), Error.isError(se),
      Error.isError({ __proto__: Error.prototype }), Error.isError(Error.prototype), Error.isError(null),
      Error.isError(new Proxy(new Error, {})), Error.isError.length);

// DisposableStack
var s = new DisposableStack();
print(s.disposed, Object.prototype.toString.call(s));
print(s.use(null) === null, s.use(undefined) === undefined);
var r = { [Symbol.dispose]() { log.push('use ' + (this === r)); } };
print(s.use(r) === r);
s.defer(function () { log.push('defer ' + arguments.length + ' ' + (this === undefined)); });
print(s.adopt('val', function (v) { log.push('adopt ' + v + ' ' + arguments.length); }));
print(s.dispose(), s.disposed, s.dispose());
show('dispose');
try { s.use(r); } catch (e) { print('after dispose', e.constructor.name); }
try { s.defer(() => 0); } catch (e) { print('after dispose', e.constructor.name); }
try { s.move(); } catch (e) { print('after dispose', e.constructor.name); }
try { new DisposableStack().defer(1); } catch (e) { print('defer non-callable', e.constructor.name); }
try { new DisposableStack().adopt(1, {}); } catch (e) { print('adopt non-callable', e.constructor.name); }
try { new DisposableStack().use(3); } catch (e) { print('use primitive', e.constructor.name); }
try { new DisposableStack().use({ [Symbol.dispose]: 'no' }); } catch (e) { print('use bad method', e.constructor.name); }
try { DisposableStack(); } catch (e) { print('call', e.constructor.name); }
try { DisposableStack.prototype.dispose.call({}); } catch (e) { print('brand', e.constructor.name); }
try { DisposableStack.prototype.dispose.call(new AsyncDisposableStack()); } catch (e) { print('brand', e.constructor.name); }
print(DisposableStack.prototype[Symbol.dispose] === DisposableStack.prototype.dispose);

// move
var a = new DisposableStack();
a.defer(() => log.push('moved resource'));
var b = a.move();
print(a.disposed, b.disposed, b instanceof DisposableStack);
a.dispose();
show('move, old disposed');
b.dispose();
show('move, new disposed');

// errors: each later error wraps the earlier ones
var c = new DisposableStack();
c.defer(() => { throw new Error('first registered'); });
c.defer(() => log.push('middle'));
c.defer(() => { throw new Error('last registered'); });
try { c.dispose(); } catch (e) {
  print(e.constructor.name, e.error.message, e.suppressed.message);
}
show('errors');

// subclassing
class Tracked extends DisposableStack { constructor() { super(); this.tag = 'tracked'; } }
var t = new Tracked();
t.defer(() => log.push('sub'));
t.dispose();
print(t.tag, t instanceof Tracked);
show('subclass');

// a stack with many resources (grows)
var big = new DisposableStack();
for (var i = 0; i < 1000; i++) big.defer(((n) => () => log.push(n))(i));
big.dispose();
print('many', log.length, log[0], log[999]);
log = [];

// iterator dispose
var it = [1, 2, 3][Symbol.iterator]();
print(typeof it[Symbol.dispose], it[Symbol.dispose]());
var closing = { __proto__: Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
                return() { log.push('return called'); return {}; } };
closing[Symbol.dispose]();
show('iterator');

// AsyncDisposableStack
async function main() {
  var as = new AsyncDisposableStack();
  print(Object.prototype.toString.call(as), as.disposed);
  as.use({ async [Symbol.asyncDispose]() { log.push('async use'); } });
  as.use({ [Symbol.dispose]() { log.push('sync use'); } });
  as.use(null);
  as.defer(async () => { await null; log.push('defer'); });
  as.adopt('x', async (v) => log.push('adopt ' + v));
  var p = as.disposeAsync();
  print(p instanceof Promise, as.disposed);
  print(await p);
  show('async dispose');
  print(await as.disposeAsync());
  try { await AsyncDisposableStack.prototype.disposeAsync.call({}); } catch (e) { print('async brand', e.constructor.name); }
  var bad = new AsyncDisposableStack();
  bad.defer(() => Promise.reject(new Error('rejected')));
  bad.defer(() => { throw new Error('thrown'); });
  try { await bad.disposeAsync(); } catch (e) { print(e.constructor.name, e.error.message, e.suppressed.message); }
  var m = new AsyncDisposableStack();
  m.defer(() => log.push('moved async'));
  var m2 = m.move();
  await m.disposeAsync();
  await m2[Symbol.asyncDispose]();
  show('async move');
  async function* ag() { try { yield 1; } finally { log.push('agen finally'); } }
  var ai = ag();
  await ai.next();
  print(await ai[Symbol.asyncDispose]());
  show('async iterator');
}
main().catch(e => print('FAILED', e));
