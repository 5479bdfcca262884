/*---
description: CanBlockIsFalse tests are skipped (the main agent can block).
flags: [CanBlockIsFalse]
---*/
// fake: throw Test262Error: must not run
// expect: skipped
