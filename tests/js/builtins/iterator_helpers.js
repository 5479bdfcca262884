// Iterator, Iterator.from and the Iterator.prototype helpers: laziness, counters,
// closing the underlying iterator, re-entrancy, the special accessors.
function show(f) {
  try { return String(f()); } catch (e) { return e.name + ': ' + e.message; }
}
function* nums(n) { for (var i = 1; i <= n; i++) yield i; }
// An iterator (inheriting the helpers) that logs next / return calls.
function logged(n, log, returnResult) {
  var i = 0;
  return {
    __proto__: Iterator.prototype,
    next() { log.push('next'); return i < n ? {value: ++i, done: false} : {value: 'end', done: true}; },
    return() { log.push('return'); return returnResult === undefined ? {} : returnResult; },
  };
}

// the constructor and the prototype
print(typeof Iterator, Iterator.length, Iterator.name, Object.getPrototypeOf(Iterator) === Function.prototype);
var pd = Object.getOwnPropertyDescriptor(Iterator, 'prototype');
print(pd.writable, pd.enumerable, pd.configurable, Object.getPrototypeOf([].values()) !== Iterator.prototype);
print(Object.getPrototypeOf(Object.getPrototypeOf([].values())) === Iterator.prototype);
print(Object.getPrototypeOf(Object.getPrototypeOf(nums(1))) === Object.getPrototypeOf(function* () {}).prototype);
print(show(() => new Iterator()), show(() => Iterator()));
class Counter extends Iterator {
  constructor(n) { super(); this.n = n; this.i = 0; }
  next() { return this.i < this.n ? {value: this.i++, done: false} : {value: undefined, done: true}; }
}
var c = new Counter(4);
print(c instanceof Iterator, c.map(x => x * 10).toArray(), Object.prototype.toString.call(c));
print(['map', 'filter', 'take', 'drop', 'flatMap', 'reduce', 'toArray', 'forEach', 'some', 'every', 'find']
          .map(k => k + '/' + Iterator.prototype[k].length).join(' '));
print(show(() => new Iterator.prototype.map(x => x)));

// @@toStringTag and constructor: accessors whose setters ignore Iterator.prototype
var tagDesc = Object.getOwnPropertyDescriptor(Iterator.prototype, Symbol.toStringTag);
var ctorDesc = Object.getOwnPropertyDescriptor(Iterator.prototype, 'constructor');
print(typeof tagDesc.get, typeof tagDesc.set, tagDesc.enumerable, tagDesc.configurable, tagDesc.get.name, tagDesc.set.name);
print(ctorDesc.get.call(1) === Iterator, ctorDesc.get.name, ctorDesc.set.name, Iterator.prototype[Symbol.toStringTag]);
print(Object.prototype.toString.call(nums(0).map(x => x)), Object.prototype.toString.call(Iterator.from({next() {}})));
print(show(() => { Iterator.prototype[Symbol.toStringTag] = 'x'; }), show(() => ctorDesc.set.call(1, 2)));
var own = Object.create(Iterator.prototype);
own[Symbol.toStringTag] = 'Mine';
own.constructor = 'C';
print(Object.prototype.toString.call(own), own.hasOwnProperty('constructor'), own.constructor, Iterator.prototype.constructor === Iterator);
own.constructor = 'D';
print(own.constructor, Object.getOwnPropertyDescriptor(own, 'constructor').enumerable);
var sealed = Object.preventExtensions(Object.create(Iterator.prototype));
print(show(() => { 'use strict'; sealed.constructor = 1; }));

// map / filter / take / drop / flatMap: lazy, with counters
var log = [];
var m = logged(3, log).map((x, i) => { log.push('map ' + x + ' ' + i); return x * 2; });
print(log.length, JSON.stringify(m.next()), log.join());
print(m.toArray(), log.slice(-3).join(), JSON.stringify(m.next()));
print(nums(6).filter((x, i) => x % 2 === 0 && i > 1).toArray(), nums(3).filter(x => x > 9).toArray().length);
print(nums(5).take(2).toArray(), nums(5).take(0).toArray().length, nums(3).take(Infinity).toArray());
print(nums(5).drop(3).toArray(), nums(2).drop(5).toArray().length, nums(3).drop(0).toArray(), nums(3).drop(Infinity).toArray().length);
print(nums(3).flatMap((x, i) => [x, i]).toArray(), nums(2).flatMap(x => nums(x)).toArray());
print(nums(2).flatMap(x => ({__proto__: Iterator.prototype, i: 0, next() { return {value: 'o' + x, done: this.i++ > 0}; }})).toArray());
print(show(() => nums(2).flatMap(x => 'ab').toArray()), show(() => nums(2).flatMap(x => 5).toArray()));
print(nums(3).map(x => x + 1).filter(x => x & 1).flatMap(x => [x, x]).take(3).toArray());

// take(n) closes the underlying iterator when the limit is reached
log = [];
var t = logged(5, log).take(2);
print(t.toArray(), log.join());
log = [];
var dr = logged(3, log).drop(2);
print(JSON.stringify(dr.next()), log.join(), JSON.stringify(dr.next()), log.join());

// argument validation: TypeError / RangeError, closing the underlying iterator first
log = [];
var v = logged(3, log);
print(show(() => v.map(1)), show(() => v.filter()), show(() => v.take(-1)), show(() => v.drop(NaN)), log.join());
print(show(() => v.take(2 ** 53)), show(() => v.flatMap({})), show(() => v.reduce()), show(() => v.forEach('f')));
print(show(() => Iterator.prototype.map.call(1, x => x)), show(() => Iterator.prototype.toArray.call(null)));
print(nums(3).take(-0.5).toArray().length, nums(3).take('2').toArray(), nums(3).drop(null).toArray());
var order = [];
var tricky = {__proto__: Iterator.prototype, get next() { order.push('get next'); return function () { return {done: true}; }; }};
tricky.take({valueOf() { order.push('valueOf'); return 1; }});
print(order.join());

// eager methods
print(nums(4).reduce((a, b) => a + b), nums(4).reduce((a, b, i) => a + ':' + b + '@' + i, 'acc'));
print(show(() => nums(0).reduce((a, b) => a)), nums(1).reduce((a, b) => 'never'));
print(nums(3).toArray(), Array.isArray(nums(0).toArray()));
var each = [];
print(nums(3).forEach((x, i) => each.push(x + '@' + i)), each.join());
log = [];
print(logged(5, log).some(x => x === 2), log.join());
log = [];
print(logged(5, log).every(x => x < 2), log.join());
log = [];
print(logged(5, log).find(x => x > 2), log.join());
print(nums(3).some(x => x > 5), nums(3).every(x => x > 0), nums(3).find(x => x > 5));
log = [];
print(show(() => logged(3, log).forEach(x => { throw new Error('cb ' + x); })), log.join());
log = [];
print(show(() => logged(3, log, 1).some(x => true)), log.join());

// Iterator.from and %WrapForValidIteratorPrototype%
var plain = {i: 0, next() { return {value: this.i++, done: this.i > 3}; }};
var w = Iterator.from(plain);
var wp = Object.getPrototypeOf(w);
print(w instanceof Iterator, wp !== Iterator.prototype, Object.getPrototypeOf(wp) === Iterator.prototype);
print(Object.getOwnPropertyNames(wp).sort().join(), w.map(x => x * 3).toArray());
var gen = nums(2);
print(Iterator.from(gen) === gen, Iterator.from([5, 6]).toArray(), Iterator.from('a\u{1F600}b').toArray().length);
print(JSON.stringify(Iterator.from({next() {}}).return()), show(() => Iterator.from({next() {}, return() { return 7; }}).return()));
print(show(() => Iterator.from(5)), show(() => Iterator.from(null)), show(() => Iterator.from({[Symbol.iterator]() { return 1; }})));
print(show(() => wp.next.call({})), show(() => wp.return.call(gen)));
var badNext = Iterator.from({next: 5});
print(show(() => badNext.next()));

// %IteratorHelperPrototype%: next / return / re-entrancy
var hp = Object.getPrototypeOf(nums(0).map(x => x));
print(Object.getPrototypeOf(hp) === Iterator.prototype, Object.getOwnPropertyNames(hp).sort().join(), hp[Symbol.toStringTag]);
print(show(() => hp.next.call({})), show(() => hp.return.call(nums(1))), show(() => hp.next.call(Iterator.from({next() {}}))));
log = [];
var h = logged(3, log).map(x => x);
print(JSON.stringify(h.return()), log.join(), JSON.stringify(h.next()), log.join());
log = [];
h = logged(3, log).filter(x => true);
h.next();
print(JSON.stringify(h.return()), JSON.stringify(h.return()), log.join());
log = [];
h = logged(3, log, 5).map(x => x);
h.next();
print(show(() => h.return()), JSON.stringify(h.next()), log.join());
var noReturn = {__proto__: Iterator.prototype, next() { return {value: 1, done: false}; }};
print(JSON.stringify(noReturn.take(5).return()));
var re = nums(3).map(x => re.next());
print(show(() => re.next()), JSON.stringify(re.next()));
var re2 = nums(3).filter(x => re2.return());
print(show(() => re2.next()));
var throwing = {__proto__: Iterator.prototype, next() { throw new Error('next failed'); }, return() { print('not called'); }};
var th = throwing.map(x => x);
print(show(() => th.next()), JSON.stringify(th.next()));
// flatMap's return() closes the inner iterator, then the outer one
log = [];
var inner = [];
var fm = logged(3, log).flatMap(x => logged(2, inner));
fm.next();
print(JSON.stringify(fm.return()), log.join(), inner.join());
log = [];
var fm2 = logged(3, log).flatMap(x => ({__proto__: Iterator.prototype, next() { return {value: 0, done: false}; }, return() { throw new Error('inner return'); }}));
fm2.next();
print(show(() => fm2.return()), log.join(), JSON.stringify(fm2.next()));
// the spread, for-of and destructuring machinery sees helpers as iterators
var out = [];
for (var x of nums(10).drop(2).take(3)) out.push(x);
var [p, q] = nums(9).map(x => -x);
print(out, [...nums(3).flatMap(x => [x, x])], p, q);
// a helper over an infinite iterator, stopped by take
function* naturals() { var i = 0; for (;;) yield i++; }
print(naturals().filter(x => x % 7 === 0).map(x => x * x).take(4).toArray());
var sum = 0;
naturals().take(2000).forEach(x => { sum += x; });
print(sum, naturals().drop(1000).take(2).toArray());
