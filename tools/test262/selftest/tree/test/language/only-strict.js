/*---
description: onlyStrict runs once, strict.
flags: [onlyStrict]
---*/
// expect: pass
// expect-modes: strict
