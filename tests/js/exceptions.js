// throw/catch/finally, completion routing, errors from the engine.
try { throw 1; } catch (e) { print('caught', e); } finally { print('finally'); }
function f1() { try { return 'try'; } finally { print('cleanup'); } }
print(f1());
function f2() { try { throw 1; } finally { return 'override'; } }
print(f2());
function g() { throw 'deep'; }
function f3() { g(); }
try { f3(); } catch (e) { print(e); }
try { try { throw 'a'; } finally { print('inner'); } } catch (e) { print('outer', e); }
try { null.x; } catch (e) { print(e instanceof TypeError, e.message); }
try { undefined(); } catch (e) { print(e instanceof TypeError); }
try { new (() => 1)(); } catch (e) { print(e instanceof TypeError); }
try { ({}) instanceof 1; } catch (e) { print(e instanceof TypeError); }
try { 'x' in 'y'; } catch (e) { print(e instanceof TypeError); }
try { const [a] = null; } catch (e) { print(e instanceof TypeError); }
try { const { a } = undefined; } catch (e) { print(e instanceof TypeError); }
function rec(n) { return rec(n + 1); }
try { rec(0); } catch (e) { print(e instanceof RangeError); }
let log = '';
for (let i = 0; i < 3; i++) {
  try { try { if (i == 1) throw i; log += 'a' + i; } finally { log += 'f' + i; } } catch (e) { log += 'c' + e; }
}
print(log);
function nested() {
  try { try { return 1; } finally { print('f-inner'); } } finally { print('f-outer'); }
}
print(nested());
try { throw { custom: 'obj' }; } catch ({ custom }) { print(custom); }
try { throw 0; } catch { print('no binding'); }
