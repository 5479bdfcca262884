/*---
description: A negative test fails when the engine exits 0.
negative:
  phase: parse
  type: SyntaxError
---*/
// fake[strict]: throw SyntaxError: only strict rejects it
// expect: fail
// expect-modes: sloppy strict
// expect-reason[sloppy]: but the engine exited 0
