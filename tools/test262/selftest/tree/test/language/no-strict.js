/*---
description: noStrict runs once, sloppy.
flags: [noStrict, generated]
---*/
// expect: pass
// expect-modes: sloppy
