/*---
description: module and raw - a module without harness files.
flags: [module, raw]
---*/
// expect-harness:
// expect: pass
// expect-modes: module
