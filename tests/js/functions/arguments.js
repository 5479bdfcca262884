function f(a, b) { arguments[0] = 10; b = 20; return [a, arguments[1], arguments.length, typeof arguments.callee]; }
print(f(1, 2), f(1));
function g(a) { "use strict"; arguments[0] = 5; try { arguments.callee; } catch (e) { print(e.name); } return a; }
print(g(1));
function h(a) { delete arguments[0]; arguments[0] = 7; return a; }
print(h(1));
function k(a) { Object.defineProperty(arguments, "0", {value: 3, writable: false}); a = 9; return [arguments[0], a]; }
print(k(1));
function m(a, a) { arguments[1] = 4; return a; }
print(m(1, 2));
function n(a, b = 1) { arguments[0] = 99; return a; }
print(n(1));
print(Object.prototype.toString.call((function(){return arguments})()));
function p(x) { x = 2; return Array.from(arguments).join() + " " + [...arguments].join() + " " + JSON.stringify(Object.getOwnPropertyDescriptor(arguments, "0")); }
print(p(1, 3));
function q(a) { Object.defineProperty(arguments, "0", {enumerable: false}); a = 8; return arguments[0]; }
print(q(1));
function r(a) { var f = () => a; arguments[0] = "x"; return f(); }
print(r(1));
for (let i = 0; i < 3; i++) print((function(a){ return arguments.length + a; })(i, 1));
