// var/let/const, block scoping, TDZ, hoisting, globals.
var a = 1; let b = 2; const c = 3;
{ let b = 20; const c = 30; print(a, b, c); }
print(b, c);
try { x; let x = 1; } catch (e) { print(e); }
const k = 1;
try { k = 2; } catch (e) { print(e); }
try { undefinedName; } catch (e) { print(e); }
function f() { return typeof hoisted; function hoisted() {} }
print(f());
print(typeof later, later);
var later = 'now';
implicitGlobal = 10;
print(implicitGlobal);
function shadow(a) { var a; return a; }
print(shadow(7));
{ function inBlock() { return 'block fn'; } }
print(inBlock());
let t = 'outer';
{ let t = 'inner'; { print(t); } }
function tdz() { return y; } let y = 'late';
print(tdz());
function strictAssign() { 'use strict'; try { undeclared = 1; } catch (e) { return '' + e; } }
print(strictAssign());
