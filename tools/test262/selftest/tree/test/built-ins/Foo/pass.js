/*---
description: built-ins pass.
---*/
// expect: pass
// expect-modes: sloppy strict
