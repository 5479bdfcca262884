/*---
description: annexB at the top of its directory.
---*/
// expect: pass
// expect-modes: sloppy strict
