/*---
description: >
  Fails only when run strict;
  the reason is the first stderr line.
---*/
// fake[strict]: throw Test262Error: strict only
// expect: fail
// expect-modes: sloppy strict
// expect-reason[strict]: Uncaught Test262Error: strict only
