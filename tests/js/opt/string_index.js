// Flags: --allow-natives-syntax --no-always-opt --no-jitless
// s[i] on strings: the interpreter's keyed IC and optimized code read a
// sequential one-byte string (or a flattened cons string) inline and give
// the shared one-character string; everything else (two-byte strings,
// unflattened cons strings, slices, out-of-range and non-int32 keys) takes
// the generic path, with the same results.
const kOptimized = 1 << 4;
function optimized(f) { return (%GetOptimizationStatus(f) & kOptimized) != 0; }

function at(s, i) { return s[i]; }
function count(s, c) { let n = 0; for (let i = 0; i < s.length; i++) if (s[i] === c) n++; return n; }

let built = "";
for (let i = 0; i < 300; i++) built += String.fromCharCode(97 + i % 26);
%PrepareFunctionForOptimization(at);
at("hello", 1); at(built, 3);
%OptimizeFunctionOnNextCall(at);
print("one-byte:", at("hello", 0), at("hello", 4), at(built, 299), optimized(at));
print("same object:", at("abc", 1) === "b", at("xyz", 2) === "xyz"[2]);
print("out of range:", at("abc", 3), at("abc", -1), at("", 0), at("abc", 2147483647));
print("other keys:", at("abc", "1"), at("abc", "length"), at("abc", 1.5), at("abc", 1.0));
print("two-byte:", at("é€x", 1), at("é€x", 2), at("\u{1F600}", 0).length);
let fresh = "";
for (let i = 0; i < 50; i++) fresh += "q" + i;
print("unflattened cons:", at(fresh, 10), at(fresh, 11), fresh.length);
const slice = built.substring(10, 200);
print("sliced:", at(slice, 0), at(slice, 189));
print("latin-1:", at("\xff\xe9", 0) === "\xff", at("\xff\xe9", 1).charCodeAt(0));
print("still optimized:", optimized(at));
print("non-strings:", at([7, 8], 1), at({ 2: "two" }, 2));

%PrepareFunctionForOptimization(count);
count(built, "e");
%OptimizeFunctionOnNextCall(count);
print("count:", count(built, "e"), count(built + "eee", "e"), optimized(count));
let big = "";
for (let i = 0; i < 100; i++) big += "abcde";
print("count fresh cons:", count(big, "e"), optimized(count));
