// Symbol: descriptions, registry, well-known symbols, conversions.
var s = Symbol('desc');
print(typeof s, s.toString(), s.description);
print(Symbol.for('k') === Symbol.for('k'), Symbol.keyFor(Symbol.for('k')), Symbol.keyFor(s));
print(typeof Symbol.iterator, Symbol.iterator.toString());
try { new Symbol(); } catch (e) { print(e.name); }
try { s + ''; } catch (e) { print(e.name); }
var o = {};
o[s] = 1;
print(Object.getOwnPropertySymbols(o).length, Object.keys(o).length);
