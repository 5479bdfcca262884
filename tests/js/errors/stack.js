// Error.prototype.stack: frames of JS functions, methods, constructors,
// arrows, engine-thrown errors, natives calling back, eval code,
// generators and async functions, Error.stackTraceLimit and
// Error.captureStackTrace. File names are printed without their directory.

// This script's name as stack frames show it (whatever path the runner used).
var fileName = (function () {
  var line = new Error().stack.split("\n")[1];   // "    at NAME:LINE:COLUMN"
  var loc = line.slice(line.indexOf("at ") + 3);
  return loc.slice(0, loc.lastIndexOf(":", loc.lastIndexOf(":") - 1));
})();
function clean(s) { return String(s).split(fileName).join("stack.js"); }
function show(label, f) {
  print("-- " + label);
  try {
    f();
    print("no exception");
  } catch (e) {
    print(clean(e.stack));
  }
}

// nested calls
function inner() { throw new Error("boom"); }
function middle() { inner(); }
function outer() { middle(); }
show("nested", outer);

// methods, getters, constructors, static methods
var obj = { method() { throw new TypeError("in method"); },
            get prop() { throw new RangeError("in getter"); } };
show("method", function () { obj.method(); });
show("getter", function () { return obj.prop; });
class Point {
  constructor(x) { if (x < 0) throw new RangeError("negative"); this.x = x; }
  norm() { return this.missing.value; }
  static make(x) { return new Point(x); }
}
show("constructor", function () { new Point(-1); });
show("class method", function () { new Point(1).norm(); });
show("static method", function () { Point.make(-2); });
function OldStyle() { this.boom(); }
show("function constructor", function () { new OldStyle(); });

// arrow functions, named and anonymous
var arrow = () => { throw new Error("arrow"); };
show("arrow", () => arrow());
show("anonymous arrow", () => (() => null.x)());

// errors the engine throws
show("call undefined", function () { var u; u(); });
show("read property of undefined", function () { var u; return u.field; });
show("not a constructor", function () { new Math.max(); });
show("reference error", function () { return notDefinedAnywhere; });

// natives calling back into JS, natives throwing
show("map callback", function () { [1].map(x => null.x); });
show("forEach callback", function () {
  [1, 2].forEach(function each(v) { if (v == 2) throw new Error("two"); });
});
show("JSON.parse", function () { JSON.parse("{"); });
show("sort comparator", function () { [3, 1, 2].sort(function cmp() { throw new Error("cmp"); }); });

// eval code
show("eval", function () { eval("\n  throw new Error('from eval')"); });
show("function from eval", function () { eval("(function evalfn() { null.y; })")(); });

// generators and async functions (frames after resumption)
function* gen() { yield 1; throw new Error("after yield"); }
show("generator", function () { var it = gen(); it.next(); it.next(); });
async function asyncFn() { await null; throw new Error("after await"); }
asyncFn().catch(e => { print("-- async"); print(clean(e.stack)); });

// subclasses
class MyError extends Error {}
show("subclass", function () { throw new MyError("mine"); });
class NamedError extends Error {}
NamedError.prototype.name = "NamedError";
show("named subclass", function () { throw new NamedError("named"); });

// the property itself
var e = new Error("x");
var d = Object.getOwnPropertyDescriptor(e, "stack");
print(typeof d.value, d.writable, d.enumerable, d.configurable);
print(Object.keys(e).length, e.hasOwnProperty("stack"));
e.stack = "replaced";
print(e.stack);
print(Error("called").stack.split("\n")[0]);

// Error.stackTraceLimit
function deep(n) { if (n == 0) throw new Error("deep"); deep(n - 1); }
show("default limit", function () { deep(20); });
Error.stackTraceLimit = 2;
show("limit 2", function () { deep(20); });
Error.stackTraceLimit = 0;
show("limit 0", function () { deep(20); });
Error.stackTraceLimit = "none";
print("no stack:", new Error("z").hasOwnProperty("stack"));
Error.stackTraceLimit = 10;

// Error.captureStackTrace
function capture() { var o = {}; Error.captureStackTrace(o); return o; }
print(clean(capture().stack));
function hidden() { var o = { name: "Custom", message: "m" }; Error.captureStackTrace(o, hidden); return o; }
function callsHidden() { return hidden(); }
print(clean(callsHidden().stack));

// deep recursion: at most 10 frames
function recurse() { return recurse() + 1; }
try { recurse(); } catch (err) {
  var lines = err.stack.split("\n");
  print(lines[0], lines.length - 1, clean(lines[1]));
}
