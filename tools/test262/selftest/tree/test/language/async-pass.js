/*---
description: async passes when it prints Test262:AsyncTestComplete.
flags: [async]
---*/
// expect-harness: assert.js sta.js doneprintHandle.js
// fake: print some other output
// fake: print Test262:AsyncTestComplete
// expect: pass
// expect-modes: sloppy strict
