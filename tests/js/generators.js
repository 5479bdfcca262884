function* g(a) { var x = yield a; print('got', x); try { yield 2; } finally { print('fin'); } return 5; }
var it = g(1);
var r = it.next(); print(r.value, r.done);
r = it.next('X'); print(r.value, r.done);
r = it.return(7); print(r.value, r.done);
r = it.next(); print(r.value, r.done);
function* d() { var r = yield* g(10); print('inner returned', r); yield* [1,2]; }
print([...d()].join());
var o = { *m() { yield this.v; }, v: 42 };
print(o.m().next().value);
class C { static *s() { yield 1; yield 2; } }
for (var v of C.s()) print('v', v);
print(Object.getPrototypeOf(g) === Object.getPrototypeOf(function*(){}), typeof g.prototype, Object.prototype.toString.call(it));
function* t() { try { yield 1; } catch (e) { print('caught', e); yield 99; } }
var ti = t(); ti.next(); print(ti.throw('boom').value);
// return() resumes into finally blocks; a finally may yield again
function* f2() { try { yield 1; } finally { yield 'cleanup'; print('after cleanup'); } }
var i2 = f2(); i2.next();
var r2 = i2.return('R'); print(r2.value, r2.done);
r2 = i2.next(); print(r2.value, r2.done);
// yield* forwards throw and return to the inner iterator
var inner = { [Symbol.iterator]() { return this; }, next(v) { return { value: 'n' + v, done: false }; },
  throw(e) { return { value: 'caught ' + e, done: false }; }, return(v) { return { value: 'ret ' + v, done: true }; } };
function* outer() { var r = yield* inner; print('never', r); }
var oi = outer(); print(oi.next('a').value, oi.next('b').value, oi.throw('E').value);
var rr = oi.return('Z'); print(rr.value, rr.done);
// running generator re-entry is a TypeError
function* self() { try { me.next(); } catch (e) { yield e instanceof TypeError; } }
var me = self(); print(me.next().value);
// generators with default parameters, arguments and this
function* params(a, b = a + 1, ...rest) { yield arguments.length; yield b; yield rest.length; }
print([...params(1)].join(), [...params(1, 5, 6, 7)].join());
// yield in expressions keeps temporaries across suspension
function* expr() { return (yield 1) + (yield 2) * 10; }
var e = expr(); e.next(); e.next(3); print(e.next(4).value);
// spread, destructuring and Array.from over generators
function* nat(n) { for (let i = 0; i < n; i++) yield i; }
var [x, , z] = nat(5); print(x, z, Math.max(...nat(4)));
print(typeof nat(1)[Symbol.iterator], nat(1)[Symbol.iterator]() instanceof nat);
