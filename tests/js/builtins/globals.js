// Global values and functions.
print(typeof globalThis, globalThis.globalThis === globalThis);
print(NaN, Infinity, undefined);
print(parseInt('  42px'), parseInt('0x1F'), parseInt('-17', 8), parseInt('z', 36), parseInt('abc'));
print(parseFloat('3.14abc'), parseFloat('-.5e1'), parseFloat('Infinityx'), parseFloat('e5'));
print(isNaN('x'), isNaN('1'), isFinite('1e308'), isFinite(Infinity));
var d = Object.getOwnPropertyDescriptor(globalThis, 'NaN');
print(d.writable, d.enumerable, d.configurable);
