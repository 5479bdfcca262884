/*---
description: async fails when it never prints completion.
flags: [async, onlyStrict]
---*/
// expect-harness: assert.js sta.js doneprintHandle.js
// expect: fail
// expect-modes: strict
// expect-reason[strict]: did not print Test262:AsyncTestComplete
