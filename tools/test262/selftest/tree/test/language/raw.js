/*---
description: raw runs once, sloppy, without harness files.
flags: [raw]
includes: [compareArray.js]
---*/
// expect-harness:
// expect: pass
// expect-modes: sloppy
