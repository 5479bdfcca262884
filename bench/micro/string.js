// string.js - string building: concatenation in a loop, join, and
// character access.
benchmark("StringConcat", 1e5, function () {
  var s = "";
  for (var i = 0; i < 100000; i++) s += "ab";
  return s.length;
});
benchmark("StringJoin", 1e5, function () {
  var parts = [];
  for (var i = 0; i < 100000; i++) parts.push("x" + (i % 10));
  return parts.join(",").length;
});
benchmark("StringCharCodeAt", 1e6, function () {
  var s = "", sum = 0;
  for (var i = 0; i < 1000; i++) s += String.fromCharCode(97 + i % 26);
  for (var r = 0; r < 1000; r++)
    for (var j = 0; j < s.length; j++) sum = (sum + s.charCodeAt(j)) | 0;
  return sum;
});
benchmark("StringIndex", 1e6, function () {
  var s = "", n = 0;
  for (var i = 0; i < 1000; i++) s += String.fromCharCode(97 + i % 26);
  for (var r = 0; r < 1000; r++)
    for (var j = 0; j < s.length; j++) if (s[j] === "e") n++;
  return n;
});
