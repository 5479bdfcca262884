/*---
description: A run killed by a signal fails as a crash.
flags: [onlyStrict]
---*/
// fake: crash
// expect: fail
// expect-modes: strict
// expect-reason[strict]: crash (SIGSEGV)
