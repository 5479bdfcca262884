// BigInt: literals, arithmetic on large values, comparisons with numbers and
// strings, conversions, BigInt.asIntN / asUintN and the errors.
// (Unary operators on BigInts stay in top-level code or in functions called
// once: the suite also runs with --always-opt.)
function t(f) {
  try {
    print(f());
  } catch (e) {
    print(e.name + ': ' + e.message);
  }
}

print('-- literals');
print(0n, 1n, 123n, 0x1Fn, 0XFFn, 0o17n, 0O777n, 0b101n, 0B11n, 1_000_000n, 0xdead_beefn);
print(typeof 1n, typeof Object(1n), 18446744073709551615n, 0x10000000000000000n);
print(123456789012345678901234567890n, 0b1111111111111111111111111111111111111111111111111111111111111111n);
for (const src of ['08n', '01n', '1.5n', '1e3n', '.5n', '0x_1n', '1__0n', '1_n', '0_1n', '1n_', '1nn', '0xgn', '0xn', '1n2']) {
  try {
    eval(src);
    print(src, 'parsed');
  } catch (e) {
    print(src, e.name);
  }
}
t(() => eval('"use strict"; 0n') === 0n);
print(1n in {1: 0}, {1n: 'a'}[1], {[2n ** 64n]: 'b'}['18446744073709551616']);
var o = {};
o[10n] = 'ten';
print(o[10], o['10'], Object.keys(o));

print('-- arithmetic');
print(2n ** 200n);
print(2n ** 64n - 1n, -(2n ** 64n), 2n ** 64n * 2n ** 64n);
var f = 1n;
for (let i = 1n; i <= 100n; i++) f *= i;
print(f);
print(f / (2n ** 97n), f % 1000000007n, f.toString().length);
print(7n / 2n, -7n / 2n, 7n / -2n, -7n / -2n);
print(7n % 2n, -7n % 2n, 7n % -2n, -7n % -2n, 6n % 3n, -6n % 3n);
print((2n ** 128n + 5n) / (2n ** 64n + 1n), (2n ** 128n + 5n) % (2n ** 64n + 1n));
print(3n ** 0n, 0n ** 0n, (-2n) ** 3n, (-2n) ** 64n, (-1n) ** 1001n, 1n ** (2n ** 100n), 0n ** 5n);
print(10n ** 40n / 10n ** 20n, (10n ** 40n + 1n) - 10n ** 40n, 99999999999999999999n + 1n);
print(-0n, 0n - 0n, -(0n), 5n - 5n, -5n + 5n);
var x = 2n ** 64n - 1n;
x++;
print(x);
x--;
x--;
print(x, --x, x++, x, -x, ~x);
var y = 0n;
y--;
print(y, ~0n, ~-1n, -y);
print(12345678901234567890n * 98765432109876543210n);
var big = 3n ** 5000n;
print(big % 1000000n, (big * big) / big === big, big.toString().length);

print('-- bitwise and shifts');
print(5n & 3n, 5n | 3n, 5n ^ 3n, -5n & 3n, -5n | 3n, -5n ^ 3n, -5n & -3n, -5n | -3n, -5n ^ -3n);
print(-1n & 0xffn, (2n ** 100n - 1n) & -(2n ** 64n), -(2n ** 64n) | 1n, (-(2n ** 64n)) ^ (2n ** 64n));
print(1n << 100n, (1n << 100n) >> 99n, 5n << -1n, 5n >> -2n, -5n >> 1n, -4n >> 1n, -1n >> 1000n, 1n >> 1000n);
print(-(2n ** 64n) >> 64n, (-(2n ** 64n) - 1n) >> 64n, 255n << 0n, -255n >> 0n, (2n ** 200n) >> (2n ** 70n));

print('-- comparisons');
print(1n < 2, 2n < 1, 1n <= 1, 1n >= 1.5, 2n > 1.5, -1n < -0.5, 0n < -0, 0n <= -0);
print(2n ** 53n + 1n > 2 ** 53, 2n ** 53n + 1n == 2 ** 53, 2n ** 53n == 2 ** 53, 2n ** 1024n < Infinity, -(2n ** 1024n) > -Infinity);
print(1n < NaN, 1n > NaN, 1n == NaN, 1n <= NaN, 1n >= NaN);
print(1n == 1, 1n == 1.5, 0n == -0, 1n == '1', 1n == ' 0x1 ', 1n == '1.0', 1n == 'x', 0n == '', 1n == true, 0n == false, 2n == true);
print(1n < '2', '10' > 9n, 1n < 'x', 'x' < 1n, 1n >= 'x', 10n > ' 9 ', -1n < '-0');
print(1n === 1n, 1n === 1, 2n ** 70n === 2n ** 70n, 1n !== 1n, [1n, 2n].includes(2n), [1n, 2n].indexOf(2n), Object.is(0n, -0n));
print(1n == Object(1n), Object(1n) == Object(1n), Object(1n) < 2n, null == 0n, undefined == 0n, Symbol() == 0n);
switch (2n ** 64n) { case 18446744073709551616n: print('switch ok'); break; default: print('switch wrong'); }

print('-- conversions');
print(String(-123n), (255n).toString(16), (-255n).toString(2), (2n ** 64n).toString(36), 0n.toString(7), `${10n ** 30n}`);
print(1n + '', '' + -1n, 'x' + 10n, [1n, 2n].join(), (123n).toLocaleString(), Object(7n).valueOf() === 7n);
print(Number(2n ** 64n), Number(-(2n ** 53n) - 1n), Number(2n ** 1024n), Number(-(2n ** 1024n)), Number(0n), parseInt('10n'));
print(Number(2n ** 53n + 1n), Number(2n ** 53n + 3n), Number((2n ** 54n) + 2n), Number(0x1fffffffffffff7fn), Number(0x1fffffffffffff80n));
print(BigInt(42), BigInt(-0), BigInt(2 ** 60), BigInt(1e21), BigInt(Number.MAX_VALUE) === 2n ** 1024n - 2n ** 971n);
print(BigInt(''), BigInt('  12  '), BigInt('-12'), BigInt('+12'), BigInt('0x10'), BigInt('0o10'), BigInt('0b10'), BigInt('\n0XfF\t'));
print(BigInt(true), BigInt(false), BigInt(Object(5n)), BigInt({valueOf() { return 6n; }}), BigInt({valueOf() { return 7; }}));
print(!!0n, !!1n, 0n ? 'y' : 'n', 0n || 'or', 1n && 'and', !-1n);
print(JSON.stringify({toJSON() { return 'ok'; }}), (() => { BigInt.prototype.toJSON = function () { return this.toString(); }; const s = JSON.stringify([1n, Object(2n)]); delete BigInt.prototype.toJSON; return s; })());
print(Object.prototype.toString.call(1n), Object.prototype.toString.call(Object(1n)), BigInt.prototype[Symbol.toStringTag]);
print(Object.getPrototypeOf(1n) === BigInt.prototype, 1n.constructor === BigInt, BigInt.name, BigInt.length);
print(BigInt.asIntN.length, BigInt.asUintN.length, BigInt.prototype.toString.length, typeof BigInt.prototype.valueOf);
print(Object(1n) + 1n, Object(2n) * Object(3n), Object(1n) + 'x', [10n, 9n, 1n].sort(), [3n, 1n, 2n].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

print('-- asIntN / asUintN');
print(BigInt.asIntN(8, 255n), BigInt.asIntN(8, 127n), BigInt.asIntN(8, 128n), BigInt.asIntN(8, -128n), BigInt.asIntN(8, -129n));
print(BigInt.asUintN(8, -1n), BigInt.asUintN(8, 256n), BigInt.asUintN(8, 257n), BigInt.asUintN(0, 5n), BigInt.asIntN(0, -5n));
print(BigInt.asIntN(64, 2n ** 63n), BigInt.asIntN(64, 2n ** 64n - 1n), BigInt.asUintN(64, -1n), BigInt.asIntN(1, 1n), BigInt.asIntN(1, -1n));
print(BigInt.asUintN(65, -1n), BigInt.asIntN(200, 2n ** 199n), BigInt.asIntN(2 ** 53 - 1, -5n), BigInt.asUintN(2 ** 53 - 1, 5n));
print(BigInt.asIntN('8', '255'), BigInt.asUintN(undefined, 5n), BigInt.asIntN(3, true), BigInt.asUintN(130, -(2n ** 128n)));

print('-- errors');
t(() => 1n + 1);
t(() => 1 * 1n);
t(() => 1n >>> 0n);
t(() => +1n);
t(() => Math.abs(1n));
t(() => 1n / 0n);
t(() => 1n % 0n);
t(() => 2n ** -1n);
t(() => 2n ** (2n ** 40n));
t(() => 3n ** 2000000000n);
t(() => 1n << (2n ** 40n));
t(() => (2n ** 600000000n) * (2n ** 600000000n));
t(() => BigInt.asUintN(2 ** 40, -1n));
t(() => JSON.stringify({a: 1n}));
t(() => BigInt(1.5));
t(() => BigInt(NaN));
t(() => BigInt(Infinity));
t(() => BigInt('1.5'));
t(() => BigInt('1n'));
t(() => BigInt('-0x1'));
t(() => BigInt('0x'));
t(() => BigInt(undefined));
t(() => BigInt(null));
t(() => BigInt(Symbol()));
t(() => new BigInt(1));
t(() => BigInt.asIntN(-1, 1n));
t(() => BigInt.asIntN(2 ** 53, 1n));
t(() => BigInt.asIntN(8, 1));
t(() => BigInt.prototype.toString.call(1));
t(() => BigInt.prototype.valueOf.call({}));
t(() => (1n).toString(1));
t(() => (1n).toString(37));
t(() => Symbol() + 1n);
t(() => 1n < Symbol());
