// Flags: --allow-natives-syntax
// %Name(args) parses as a runtime call; unknown names, wrong argument
// counts and spread arguments are early SyntaxErrors, as in V8.
function check(src) {
  try {
    const r = (0, eval)(src);
    print("ok", src, "->", r);
  } catch (e) {
    print(e.name, src, "->", e.message);
  }
}
check("%IsBeingInterpreted()");
check("%IsBeingInterpreted( )");
check("% IsBeingInterpreted()");            // whitespace after % is allowed
check("typeof %IsBeingInterpreted()");
check("!%IsBeingInterpreted()");
check("[%IsBeingInterpreted(), 1]");
check("%HaveSameMap({a: 1}, {a: 2})");
check("%HaveSameMap({a: 1}, {b: 2},)");     // trailing comma
check("%Foo()");
check("%getOptimizationStatus(print)");     // names are case-sensitive
check("%GetOptimizationStatus()");
check("%GetOptimizationStatus(print, print)");
check("%HaveSameMap(1)");
check("%IsBeingInterpreted(1)");
check("%CollectGarbage()");
check("%DebugPrint(...[1])");
check("%IsBeingInterpreted");
check("%IsBeingInterpreted.call()");
check("%1()");
check("%");
check("function f() { %Nope(); }");         // an early error even in a function never called
check("%OptimizeOsr(1, 2)");                // variadic ones check their count when called
check("%PrepareFunctionForOptimization(...[print])");
// % after an operand is still the remainder operator.
var a = 17, b = (x) => x + 2;
check("a %b(3)");
check("a % b(3)");
check("a%b(3)");
// In other kinds of code: new Function, arrows, classes, generators.
print(new Function("f", "return %GetOptimizationStatus(f) & 1")(print));
print((() => %IsBeingInterpreted())());
class C { static m() { return %IsBeingInterpreted(); } }
print(C.m());
function* g() { yield %IsBeingInterpreted(); }
print(g().next().value);
// Arguments are evaluated left to right, once.
let log = [];
%HaveSameMap((log.push(1), {}), (log.push(2), {}));
print(log.join());
