// JSON.parse and JSON.stringify.
print(JSON.stringify(JSON.parse(' {"a" : [1, -2.5e3, true, false, null, "x\\u0041\\n"], "b": {}} ')));
print(1 / JSON.parse("-0"), JSON.parse('{"__proto__": 1}').__proto__, JSON.parse('{"a":1,"a":2}').a);
["", "01", "1.", "[1,]", "{\"a\":1,}", "'x'", "tru", "[1] 2", "\"\\x\""].forEach(function (t) {
  try { JSON.parse(t); print("parsed", t); } catch (e) { print(e.name); }
});
var deep = "";
for (var i = 0; i < 100000; i++) deep += "[";
try { JSON.parse(deep); } catch (e) { print(e.name === "RangeError" || e.name === "SyntaxError"); }
print(JSON.stringify(JSON.parse('{"a":[1,{"b":2}]}', function (k, v) { return typeof v === "number" ? v * 10 : v; })));
var v = {a: [1, {b: 2}], c: "d"};
print(JSON.stringify(v, null, 2));
print(JSON.stringify(v, null, "--------------xx"));
print(JSON.stringify(v, function (k, x) { return typeof x === "string" ? undefined : x; }));
print(JSON.stringify(v, ["c", "c", 1]));
print(JSON.stringify(undefined), JSON.stringify(-0), JSON.stringify(NaN), JSON.stringify(1e21), JSON.stringify("\uD800x\u001f"));
print(JSON.stringify({f: function () {}, u: undefined, s: Symbol(), n: 1}), JSON.stringify([function () {}, undefined]));
print(JSON.stringify([new Number(3), new String("s"), new Boolean(false)]));
print(JSON.stringify({toJSON: function (key) { return "key:" + key; }}), JSON.stringify({d: {toJSON: function (key) { return key; }}}));
var cyc = {a: []};
cyc.a.push(cyc);
try { JSON.stringify(cyc); } catch (e) { print(e.name); }
print(Object.prototype.toString.call(JSON));
