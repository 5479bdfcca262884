/*---
description: A deeper test, counted in built-ins/Foo at depth 2.
flags: [onlyStrict]
---*/
// expect: pass
// expect-modes: strict
