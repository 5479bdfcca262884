// Without --allow-natives-syntax `%` keeps its meaning (the remainder) and
// `%Name(...)` at the start of an expression is a SyntaxError.
var a = 17, b = (x) => x + 2;
print(a %b(3), a % b(3), a%b(3));
for (const src of ["%IsBeingInterpreted()", "%GetOptimizationStatus(print)", "x = %DebugPrint(1)"]) {
  try { (0, eval)(src); print("ok", src); } catch (e) { print(e.name, src); }
}
try { new Function("return %IsBeingInterpreted()"); } catch (e) { print(e.name, "new Function"); }
