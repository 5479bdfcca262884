/*---
description: A runtime-phase negative test.
negative:
  phase: runtime
  type: ReferenceError
flags: [noStrict]
---*/
// fake: stderr a warning line before the exception
// fake: throw ReferenceError: unresolvable is not defined
// expect: pass
// expect-modes: sloppy
