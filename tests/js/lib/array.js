// Array built-ins: constructor, statics, prototype methods, species, iterators.
var a = [1, 2, 3];
print(a.push(4, 5), JSON.stringify(a));
print(a.pop(), a.shift(), a.unshift(0), JSON.stringify(a));
print(a.join("-"), String(a), a.at(-1), a.at(10));
print(JSON.stringify([1, [2, [3, [4]]]].flat(Infinity)));
print(JSON.stringify([1, 2].flatMap(function (x) { return [x, x * 10]; })));
print(JSON.stringify([5, 1, 10, 2].sort()), JSON.stringify([5, 1, 10, 2].sort(function (x, y) { return x - y; })));
var stable = [{k: 1, i: 0}, {k: 0, i: 1}, {k: 1, i: 2}, {k: 0, i: 3}].sort(function (x, y) { return x.k - y.k; });
print(stable.map(function (o) { return o.i; }).join());
var holes = [3, , undefined, 1];
holes.sort();
print(holes.length, 0 in holes, 2 in holes, 3 in holes, holes[2]);
print([NaN].includes(NaN), [NaN].indexOf(NaN), [1, 2, 1].lastIndexOf(1));
print(JSON.stringify([1, 2, 3, 4, 5].copyWithin(0, 3)), JSON.stringify([1, 2, 3, 4].fill(0, 1, -1)));
var s = [1, 2, 3, 4, 5];
print(JSON.stringify(s.splice(1, 2, "a", "b", "c")), JSON.stringify(s));
print(JSON.stringify(s.toSpliced(0, 1)), JSON.stringify(s.toReversed()), JSON.stringify(s.with(0, 9)), JSON.stringify(s.toSorted()));
print(JSON.stringify(Array.from("ab")), JSON.stringify(Array.from({length: 2, 0: "x"})), JSON.stringify(Array.of(7, 8)));
print(JSON.stringify(Array.from([1, 2], function (x, i) { return x + i; })));
print(Array(3).length, JSON.stringify(Array("3")), Array.isArray([]), Array.isArray({}));
try { Array(-1); } catch (e) { print(e.name); }
print([1, 2, 3].reduce(function (x, y) { return x + y; }), [1, 2, 3].reduceRight(function (x, y) { return x + y; }, ""));
try { [].reduce(function () {}); } catch (e) { print(e.name); }
print([1, 2, 3, 4].filter(function (x) { return x % 2; }).join(), [1, 2].map(function (x) { return x * 2; }).join());
print([1, 2, 3].find(function (x) { return x > 1; }), [1, 2, 3].findLast(function (x) { return x < 3; }),
      [1, 2, 3].findIndex(function (x) { return x > 5; }), [1, 2, 3].findLastIndex(function (x) { return x == 1; }));
print([1, 2].every(function (x) { return x > 0; }), [1, 2].some(function (x) { return x > 1; }));
var spreadable = {length: 2, 0: "a", 1: "b"};
spreadable[Symbol.isConcatSpreadable] = true;
print(JSON.stringify([0].concat(spreadable, [1], 2)));
var it = ["x", "y"].entries();
print(JSON.stringify(it.next()), JSON.stringify(it.next()), JSON.stringify(it.next()));
print(Array.prototype[Symbol.iterator] === Array.prototype.values, Object.prototype.toString.call([].keys()));
print(Array.prototype[Symbol.unscopables].flat, Object.getPrototypeOf(Array.prototype[Symbol.unscopables]));
class MyArray extends Array {}
var m = new MyArray(1, 2, 3);
print(m.length, m instanceof MyArray, m.map(function (x) { return x; }) instanceof MyArray);
print(Array[Symbol.species] === Array);
print(Array.prototype.join.call({length: 3, 0: "a", 2: "c"}, "+"));
try { Array.prototype.push.call({length: 2 ** 53 - 1}, 1); } catch (e) { print(e.name); }
var calls = 0;
var big = {length: 2 ** 53 - 1, get 9007199254740990() { calls++; return "last"; }};
print(Array.prototype.at.call(big, -1), calls);
try { [1, 2].forEach(function () { throw new Error("stop"); }); } catch (e) { print(e.message); }
try { [2, 1].sort(function () { throw new RangeError("cmp"); }); } catch (e) { print(e.name, e.message); }
