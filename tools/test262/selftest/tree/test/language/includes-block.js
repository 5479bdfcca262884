/*---
esid: sec-example
description: |
  Block lists for includes and features, a literal description
  spanning lines: with colons, [brackets] and # hashes.
info: >
  folded
  text
includes:
  - propertyHelper.js
  - compareArray.js
features:
  - Symbol
  - Symbol.iterator # a comment
---*/
// expect-harness: assert.js sta.js propertyHelper.js compareArray.js
// expect: pass
// expect-modes: sloppy strict
