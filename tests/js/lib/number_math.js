// Number, Boolean and Math.
print(Number("  12  "), Number(""), Number("0x1F"), Number("1e3"), Number(undefined), Number(null), Number());
print((123.456).toFixed(1), (1.005).toFixed(2), (1e21).toFixed(2), (255).toString(2), (-255).toString(16));
print((123.456).toPrecision(4), (123456).toExponential(2), (0.00015).toExponential(), (1.45).toPrecision(2));
try { (1).toString(1); } catch (e) { print(e.name); }
try { (1).toFixed(101); } catch (e) { print(e.name); }
try { Number.prototype.valueOf.call("1"); } catch (e) { print(e.name); }
print(Number.isInteger(5.0), Number.isInteger("5"), Number.isSafeInteger(2 ** 53), Number.isNaN("x"), Number.isFinite(Infinity));
print(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.EPSILON === 2 ** -52, Number.MIN_VALUE, Number.MAX_VALUE);
print(Number.parseFloat === parseFloat, Number.parseInt === parseInt);
print(typeof new Number(5), new Number(5) + 1, Object.prototype.toString.call(new Number(1)));
print(Boolean(""), Boolean("0"), Boolean(NaN), new Boolean(false) ? "truthy" : "falsy", true.toString(), Boolean.prototype.valueOf());
print(Math.max(), Math.min(), Math.max(1, NaN, 3), 1 / Math.max(-0, 0), 1 / Math.min(0, -0));
print(1 / Math.round(-0.5), Math.round(2.5), Math.round(-2.5), Math.round(0.49999999999999994));
print(Math.pow(1, Infinity), Math.pow(NaN, 0), Math.hypot(3, 4), Math.hypot(NaN, Infinity), Math.hypot());
print(1 / Math.sign(-0), Math.clz32(1), Math.imul(0xffffffff, 5), Math.fround(5.5), Math.trunc(-4.7), Math.cbrt(27));
print(Math.abs("-3"), Math.sqrt(), Math.atan2(0, -0) === Math.PI, Math.log2(8), Math.expm1(0), Math.sinh(0));
var r = Math.random();
print(r >= 0 && r < 1, Object.prototype.toString.call(Math), Math.PI, Math.E);
