// Arithmetic, comparison, bitwise, logical, typeof, void, comma, conditional.
print(1 + 2, 'a' + 1, 7 / 2, 7 % 3, 2 ** 10, 2 ** -1, -(3), +'4', ~5, !0);
print(1 < 2, 2 <= 1, 'b' > 'a', 3 >= 3, 1 == '1', 1 === '1', null == undefined, 1 != 2, 1 !== 1);
print(5 & 3, 5 | 3, 5 ^ 3, 1 << 4, -16 >> 2, -1 >>> 28);
print(typeof 1, typeof 'x', typeof undefined, typeof null, typeof {}, typeof print, typeof nope);
print(void 1, (1, 2, 3), true ? 'y' : 'n', 0 || 'd', 1 && 2, null ?? 'z', 0 ?? 'z');
let i = 5;
print(i++, i, ++i, i--, --i);
let x = 10;
x += 5; x -= 3; x *= 2; x /= 4; x %= 4; x **= 3;
print(x);
let a = null, b = 0, c = 1;
a ??= 'A'; b ||= 'B'; c &&= 'C';
print(a, b, c);
print(0.1 + 0.2, 1 / 0, -1 / 0, 0 / 0, 2147483647 + 1, -2147483648 - 1);
print('3' * '4', '10' / 4, true + 1, null + 1, undefined + 1);
print('a' < 'b', 'B' < 'a', '10' < '9', 10 < 9);
