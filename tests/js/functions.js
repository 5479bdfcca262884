// Declarations, expressions, arrows, closures, defaults, rest, spread, arguments, this, new.
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
print(fib(20));
function counter() { let n = 0; return () => ++n; }
const cnt = counter(); cnt(); cnt();
print(cnt());
var fs = [];
for (let i = 0; i < 3; i++) fs[i] = () => i;
print(fs[0](), fs[1](), fs[2]());
function defaults(a, b = a + 1, ...rest) { return a + ',' + b + ',' + rest.length; }
print(defaults(1), defaults(1, 5, 6, 7));
function args() { return arguments.length + ':' + arguments[1]; }
print(args(1, 2, 3));
const o = { x: 2, m() { return this.x; }, arrow() { return (() => this.x)(); } };
print(o.m(), o.arrow());
var fact = function self(n) { return n ? n * self(n - 1) : 1; };
print(fact(5));
function F(x) { this.x = x; }
F.prototype.get = function () { return this.x; };
print(new F(7).get(), new F(8) instanceof F);
function spread(...a) { return a.length; }
print(spread(...[1, 2, 3], 4), spread(...'abc'));
function destruct({ a, b = 2 }, [c, d]) { return a + b + c + d; }
print(destruct({ a: 1 }, [3, 4]));
print((function () { return typeof this; })(), (function () { 'use strict'; return typeof this; })());
function nt() { return new.target === nt; }
print(nt(), new nt() instanceof nt);
print(((a, b) => a * b)(6, 7));
const named = function () {};
const arrowNamed = () => {};
print(named.name, arrowNamed.name, fib.name, fib.length, defaults.length);
