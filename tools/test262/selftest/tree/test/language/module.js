/*---
description: module runs once as a module with the harness.
flags: [module]
---*/
// fake[sloppy]: throw Test262Error: must not run sloppy
// fake[strict]: throw Test262Error: must not run strict
// expect: pass
// expect-modes: module
