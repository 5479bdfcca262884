// collections.js - Map and Set: inserting and looking up integer and string
// keys, and iterating with for-of.
var strings = [];
for (var k = 0; k < 100000; k++) strings.push("key" + k);
benchmark("MapSetGetInt", 2e5, function () {
  var m = new Map(), sum = 0;
  for (var i = 0; i < 100000; i++) m.set(i, i + 1);
  for (var j = 0; j < 100000; j++) sum += m.get(j);
  return sum;
});
benchmark("MapSetGetString", 2e5, function () {
  var m = new Map(), sum = 0;
  for (var i = 0; i < 100000; i++) m.set(strings[i], i);
  for (var j = 0; j < 100000; j++) sum += m.get(strings[j]);
  return sum;
});
benchmark("SetAddHas", 2e5, function () {
  var s = new Set(), n = 0;
  for (var i = 0; i < 100000; i++) s.add(i * 3);
  for (var j = 0; j < 100000; j++) if (s.has(j)) n++;
  return n;
});
var iterMap = new Map();
for (var q = 0; q < 100000; q++) iterMap.set(q, q);
benchmark("MapForOf", 1e5, function () {
  var sum = 0;
  for (var [key, value] of iterMap) sum += key + value;
  return sum;
});
