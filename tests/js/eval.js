var f = new Function('a', 'b', 'return a + b'); print(f(1, 2), f.name, typeof f, f instanceof Function);
print(Function('return this')() === this);
var G = Object.getPrototypeOf(function*(){}).constructor; print(G.name, [...G('yield 1; yield 2')()].join());
print(eval('1 + 2'), eval(5));
var x = 'global';
function g() { var x = 'local'; return eval('x'); } print(g());
function h() { eval('var y = 10'); return y; } print(h());
function k() { var z = 1; eval('z = 2'); return z; } print(k());
var ie = eval; print((function() { var x = 'local'; return ie('x'); })());
eval('var topv = 3'); print(topv);
print((function() { 'use strict'; eval('var q = 1'); return typeof q; })());
print(Function.prototype.constructor === Function, Object.getPrototypeOf(G) === Function);
// eval sees and updates captured bindings of every enclosing scope
function outer() { let a = 1; return function inner() { let b = 2; return eval('a + b'); }; } print(outer()());
// functions declared by sloppy eval land in the caller's var scope
function decl() { eval('function made() { return "made"; }'); return made(); } print(decl());
// syntax errors from eval and Function are SyntaxErrors
try { eval('var;'); } catch (e) { print(e instanceof SyntaxError); }
try { new Function('a', '}'); } catch (e) { print(e instanceof SyntaxError); }
// eval of non-strings returns them; the completion value of statements
print(eval({ k: 1 }).k, eval('if (true) { 7 } else { 8 }'), eval(''));
// new.target-less this in direct eval of methods
var obj = { v: 'objv', m() { return eval('this.v'); } }; print(obj.m());
var AF = Object.getPrototypeOf(async function(){}).constructor;
AF('a', 'return await a')(Promise.resolve('af')).then(v => print(AF.name, v));
// Stores by name (eval, with) respect read-only bindings.
{ const y = 1; try { eval("y = 2"); print("const via eval: no throw", y); } catch (e) { print("const via eval:", e.name); } }
(function g() { "use strict"; try { eval("g = 1"); print("strict self: no throw"); } catch (e) { print("strict self:", e.name); } })();
(function h() { eval("h = 1"); print("sloppy self:", typeof h); })();
(function () { const z = 3; with ({}) { try { z = 4; print("const via with: no throw"); } catch (e) { print("const via with:", e.name, z); } } })();
(function () { let w = 1; eval("w = 5"); print("let via eval:", w); })();
// `arguments` is there for a direct eval (in the body, in parameters, in an arrow).
{
  function k() { return eval("arguments").length; }
  function h(p = eval("arguments")) { return p.length; }
  function m(a) { eval("arguments[0] = 9"); return a; }
  function o() { return (() => eval("arguments.length"))(); }
  function named(arguments) { return eval("arguments"); }
  print("arguments via eval:", k(1, 2), h(undefined, 2, 3), m(1), o(1, 2, 3), named(5));
  function dup(arguments, p = eval("var arguments")) {}
  function fresh(p = eval("var arguments = 1")) {}
  for (const f of [dup, fresh]) try { f(); print("no throw"); } catch (e) { print("var arguments in params:", e.name); }
  function ok(p = eval("var other = 1"), q = other) { return q; }
  print("other var in params:", ok());
}
