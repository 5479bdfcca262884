/*---
description: async fails on Test262:AsyncTestFailure even if it completes.
flags: [async, noStrict]
---*/
// expect-harness: assert.js sta.js doneprintHandle.js
// fake: print Test262:AsyncTestFailure:Test262Error: nope
// fake: print Test262:AsyncTestComplete
// expect: fail
// expect-modes: sloppy
// expect-reason[sloppy]: Test262:AsyncTestFailure:Test262Error: nope
