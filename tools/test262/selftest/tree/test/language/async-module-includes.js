/*---
description: async module; doneprintHandle.js comes before the includes.
flags: [module, async]
includes: [compareArray.js, propertyHelper.js]
---*/
// expect-harness: assert.js sta.js doneprintHandle.js compareArray.js propertyHelper.js
// fake: print Test262:AsyncTestComplete
// expect: pass
// expect-modes: module
