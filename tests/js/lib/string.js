// String built-ins: constructor, statics, prototype methods, case mapping.
print(String(123), String(Symbol("desc")), typeof new String("x"), new String("abc").length);
print(String.fromCharCode(72, 105, 65536 + 33), String.fromCodePoint(0x1F600).length);
try { String.fromCodePoint(-1); } catch (e) { print(e.name); }
print(String.raw({raw: ["a", "b", "c"]}, 1, 2));
print("abc".at(-1), "abc".charAt(1), "abc".charCodeAt(5), "\u{1F600}".codePointAt(0));
print("a,b,,c".split(",").length, JSON.stringify("abc".split("")), JSON.stringify("a,b,c".split(",", 2)), JSON.stringify("".split("")));
print("xaxa".replace("a", "[$&|$`|$'|$$]"), "xaxa".replaceAll("a", "o"), "ab".replaceAll("", "-"));
print("hello".replace("l", function (m, pos, str) { return m.toUpperCase() + pos + str.length; }));
print("5".padStart(3, "0"), "ab".padEnd(7, "xyz"), "ab".repeat(3), JSON.stringify("  x  ".trim()), JSON.stringify("  x ".trimStart()), JSON.stringify(" x  ".trimEnd()));
print(String.prototype.trimLeft === String.prototype.trimStart, String.prototype.trimRight === String.prototype.trimEnd);
try { "a".repeat(-1); } catch (e) { print(e.name); }
print("straße".toUpperCase(), "ΑΣ Σ".toLowerCase(), "İ".toLowerCase().length, "𐐨".toUpperCase() === "𐐀");
print("abcabc".indexOf("c", 3), "abcabc".lastIndexOf("b"), "abc".includes("bc"), "abc".startsWith("b", 1), "abc".endsWith("b", 2));
var reLike = {};
reLike[Symbol.match] = true;
try { "abc".includes(reLike); } catch (e) { print(e.name); }
print("abcdef".substring(4, 1), "abcdef".substr(-3, 2), "abcdef".slice(-3, -1), "a".localeCompare("b"));
print("x".anchor('a"b'), "x".bold(), "x".link("u"));
print("a\uD800".isWellFormed(), "a\uD800".toWellFormed() === "a\uFFFD");
var chars = [];
for (var c of "a\u{1F600}b") chars.push(c.length);
print(chars.join());
print("a".concat(1, null, undefined), new String("ab").valueOf(), String.prototype.toString.call("s"));
try { String.prototype.trim.call(null); } catch (e) { print(e.name); }
try { "a".normalize("nope"); } catch (e) { print(e.name); }
print("abc".normalize() === "abc");
var splitter = {};
splitter[Symbol.split] = function (s, lim) { return "custom:" + s + ":" + lim; };
print("xyz".split(splitter, 3));
