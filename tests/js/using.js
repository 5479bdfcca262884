// using / await using declarations: disposal order, errors and
// SuppressedError chains, every way out of a scope (end, throw, break,
// continue, return, generator return), loops, generators, async code.
var log = [];
function res(name, fail) {
  return { [Symbol.dispose]() { log.push(name); if (fail) throw new Error(name); } };
}
function ares(name, fail) {
  return { async [Symbol.asyncDispose]() { log.push(name); if (fail) throw new Error(name); } };
}
function show(label) { print(label + ': ' + log.join(' ')); log = []; }
function chain(e) {
  if (!(e instanceof SuppressedError)) return e instanceof Error ? e.message : String(e);
  return 'S(' + chain(e.error) + ', ' + chain(e.suppressed) + ')';
}

// Reverse order, several bindings per declaration, null and undefined skipped.
{
  using a = res('a'), b = res('b');
  using c = null, d = undefined;
  using e = res('e');
  log.push('body');
}
show('order');

// The binding is the value, const-like, with a TDZ.
{
  var r = res('r');
  using x = r;
  print(x === r);
  try { x = 1; } catch (e) { print('assign', e.constructor.name); }
  log = [];
}
show('const');
try { { x; using x = res('tdz'); } } catch (e) { print('tdz', e.constructor.name); }

// Errors: one error is thrown as is; several chain, the newest outermost.
try { using a = res('a', true); } catch (e) { print('one', chain(e)); }
try {
  using a = res('a', true), b = res('b'), c = res('c', true);
  throw new Error('body');
} catch (e) { print('many', chain(e)); }
show('errors');

// Values that can't be disposed: a TypeError at the declaration, after
// which earlier resources are still disposed.
for (var bad of [1, 'str', {}, { [Symbol.dispose]: 1 }]) {
  try { using a = res('ok'); using b = bad; log.push('unreached'); } catch (e) { log.push(e.constructor.name); }
}
show('bad values');
var getterCount = 0;
{ using g = { get [Symbol.dispose]() { getterCount++; return function () { log.push(this === g2); }; } }; var g2 = g; }
print('getter read once', getterCount);
show('this');

// break / continue / return through using blocks.
function loops() {
  outer: for (var i = 0; i < 3; i++) {
    using a = res('a' + i);
    for (var j = 0; j < 3; j++) {
      using b = res('b' + i + j);
      if (j == 1) continue outer;
      if (i == 2) break outer;
    }
  }
  while (true) {
    using w = res('w');
    try {
      using t = res('t');
      return 'returned';
    } finally {
      log.push('finally');
    }
  }
}
print(loops());
show('jumps');

// A return value survives disposal; dispose errors replace it.
function retval() { using a = res('a'); return 'value'; }
print(retval());
function retfail() { using a = res('a', true); return 'value'; }
try { retfail(); } catch (e) { print('return replaced by', chain(e)); }
show('return');

// Closures over using bindings, captured contexts popped on return.
function closures() {
  let outer = 'outer';
  var f = () => outer;
  {
    let inner = 'inner';
    var g = () => inner;
    using z = res('z');
    return f() + ' ' + g();
  }
}
print(closures());
show('closures');

// for (using x of ...): each iteration's value is disposed at its end;
// for (using x = ...;;): once, when the loop ends.
for (using x of [res('i1'), null, res('i2')]) log.push('it');
show('for-of');
try { for (using x of [res('i1'), 5, res('i2')]) log.push('it'); } catch (e) { log.push(e.constructor.name); }
show('for-of bad');
var closed = false;
var iterable = { [Symbol.iterator]() { var n = 0; return { next() { return { value: res('v' + n), done: n++ > 2 }; }, return() { closed = true; return {}; } }; } };
for (using x of iterable) { if (log.length > 2) break; log.push('body'); }
print('iterator closed', closed);
show('for-of break');
// An exception closes the iterator; errors of return() are then dropped.
var badReturn = { [Symbol.iterator]() { return { next() { return { value: res('br'), done: false }; },
                                                  return() { log.push('return'); throw new Error('from return'); } }; } };
try { for (using x of badReturn) throw new Error('body'); } catch (e) { print('kept', chain(e)); }
var badReturn2 = { [Symbol.iterator]() { return { next() { return { value: null, done: false }; }, get return() { throw 1; } }; } };
try { for (var y of badReturn2) throw new Error('body2'); } catch (e) { print('kept', chain(e)); }
show('close on throw');
for (using a = res('a'), b = res('b'), i = null; log.length < 3;) log.push('loop');
show('for');
var fns = [];
for (using x of [res('c0'), res('c1')]) fns.push(() => x);
print(fns[0]() !== fns[1]());
log = [];

// using as an identifier.
var using = [10, 20], of = [[1], [2]];
print(using[1]);
{ using
  ; }
var sum = 0;
for (using of of [0, 1]) sum += using;
print('using as identifier', sum);

// switch: a using in a nested block of a case.
switch (1) { case 1: { using s = res('case'); log.push('in case'); } }
show('switch');

// catch blocks and static blocks.
try { throw 1; } catch (e) { using c = res('catch'); log.push('caught ' + e); }
class K { static { using s = res('static'); log.push('static body'); } }
show('catch/static');

// Generators: disposed on completion and on return() at a yield.
function* gen() {
  using g = res('gen');
  yield 1;
  yield 2;
}
var it = gen();
it.next();
it.return(9);
show('generator return');
print([...gen()].join());
show('generator end');
it = gen();
it.next();
try { it.throw(new Error('thrown in')); } catch (e) { print(chain(e)); }
show('generator throw');

// DisposableStack under using.
{
  using stack = new DisposableStack();
  stack.defer(() => log.push('deferred'));
  stack.use(res('used'));
}
show('stack');

// Async: await using awaits each disposal, also for sync @@dispose and null.
async function asyncMain() {
  {
    await using a = ares('a1'), b = res('s1');
    using c = res('s2');
    await using d = null;
    log.push('body');
  }
  show('await using');
  try {
    await using a = ares('a1', true);
    await using b = { [Symbol.dispose]() { throw new Error('sync in async'); } };
    throw new Error('body');
  } catch (e) { print('async chain', chain(e)); }
  show('async errors');
  var rejected = { [Symbol.asyncDispose]() { return Promise.reject(new Error('rejected')); } };
  try { await using r = rejected; } catch (e) { print('rejection', chain(e)); }
  for await (await using x of [ares('fa1'), ares('fa2')]) log.push('it');
  show('for await');
  for (await using x of [ares('fo1'), null]) log.push('it');
  show('for await using');
  var abad = { [Symbol.asyncIterator]() { return { next() { return { value: 1, done: false }; },
                                                   return() { log.push('areturn'); return 5; } }; } };
  try { for await (var v of abad) throw new Error('abody'); } catch (e) { print('kept', chain(e)); }
  show('async close on throw');
  var ticks = [];
  var p = (async () => { { await using n = null; ticks.push('in'); } ticks.push('after'); })();
  ticks.push('sync');
  await p;
  print('ticks', ticks.join());
  var stack = new AsyncDisposableStack();
  stack.use(ares('use'));
  stack.defer(async () => log.push('defer'));
  stack.adopt('v', async (v) => log.push('adopt ' + v));
  await stack.disposeAsync();
  show('async stack');
}
async function* agen() {
  await using a = ares('agen');
  yield 1;
  yield 2;
}
asyncMain().then(async () => {
  var ai = agen();
  await ai.next();
  await ai.return(0);
  show('async generator return');
  for await (var v of agen()) log.push('v' + v);
  show('async generator end');
}).catch(e => print('FAILED', e, e && e.stack));
