// Loops, labels, switch, break/continue through finally, for-in order and deletion, for-of.
let s = 0;
for (let i = 0; i < 10; i++) { if (i % 2) continue; if (i > 6) break; s += i; }
print(s);
let i = 0;
while (true) { if (++i > 4) break; }
do { i--; } while (i > 2);
print(i);
outer: for (var a = 0; a < 3; a++) for (var b = 0; b < 3; b++) { if (b == 1) continue outer; if (a == 2) break outer; print(a, b); }
function sw(x) { switch (x) { case 1: return 'one'; case 2: case 3: return 'few'; default: return 'many'; } }
print(sw(1), sw(3), sw(9));
let r = '';
switch (2) { case 1: r += 'a'; case 2: r += 'b'; case 3: r += 'c'; break; case 4: r += 'd'; }
print(r);
for (var k = 0; k < 3; k++) {
  try { if (k == 1) continue; if (k == 2) break; print('body', k); } finally { print('fin', k); }
}
function ret() { for (const v of [1, 2, 3]) { try { if (v == 2) return v; } finally { print('cleanup', v); } } }
print(ret());
const o = { b: 1, a: 2, 1: 'x', 0: 'y' };
let keys = '';
for (const key in o) keys += key;
print(keys);
const d = { a: 1, b: 2, c: 3 };
keys = '';
for (const key in d) { delete d.b; keys += key; }
print(keys);
function P() { this.own = 1; }
P.prototype.inherited = 2;
keys = '';
for (const key in new P()) keys += key + ' ';
print(keys);
let sum = 0;
for (const v of [1, 2, 3]) sum += v;
print(sum);
let rev = '';
for (const ch of 'héllo') rev = ch + rev;
print(rev);
const closures = [];
for (const v of [1, 2]) closures[closures.length] = () => v;
print(closures[0](), closures[1]());
const it = { [Symbol.iterator]() { let n = 0; return { next() { n++; return { value: n, done: n > 3 }; }, return() { print('closed'); return {}; } }; } };
for (const v of it) { print('v', v); if (v == 2) break; }
for (const [x, y] of [[1, 2], [3, 4]]) print(x + y);
lbl: { print('in block'); break lbl; }
print('after block');
