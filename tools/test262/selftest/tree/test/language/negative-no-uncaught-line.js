/*---
description: A negative test fails when stderr has no matching Uncaught line.
negative: {phase: parse, type: SyntaxError}
flags: [noStrict]
---*/
// fake: stderr SyntaxError reported without the Uncaught prefix
// fake: exit 1
// expect: fail
// expect-modes: sloppy
// expect-reason[sloppy]: got: SyntaxError reported without the Uncaught prefix
