// json.js - JSON on large inputs: parse and stringify a 1 MB document of
// records (objects with numbers, strings, booleans, nested arrays) and a
// 1M-element array of numbers.
var records = [];
for (var k = 0; k < 10000; k++)
  records.push({ id: k, name: "record-" + k, score: k * 1.5, active: k % 2 == 0,
                 tags: ["a" + (k % 7), "b" + (k % 11)], pos: { x: k % 100, y: -k } });
var recordsText = JSON.stringify(records);
var numbers = [];
for (var n = 0; n < 100000; n++) numbers.push(n % 3 ? n * 0.25 : n);
var numbersText = JSON.stringify(numbers);

benchmark("JSONParseRecords", recordsText.length / 1000, function () {
  return JSON.parse(recordsText).length;
});
benchmark("JSONStringifyRecords", recordsText.length / 1000, function () {
  return JSON.stringify(records).length;
});
benchmark("JSONParseNumbers", numbersText.length / 1000, function () {
  var a = JSON.parse(numbersText);
  return a[a.length - 1];
});
benchmark("JSONStringifyNumbers", numbersText.length / 1000, function () {
  return JSON.stringify(numbers).length;
});
