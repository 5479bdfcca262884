/*---
description: A negative test fails on the wrong error type.
negative:
  phase: parse
  type: SyntaxError
flags: [onlyStrict]
---*/
// fake: throw ReferenceError: x is not defined
// expect: fail
// expect-modes: strict
// expect-reason[strict]: expected SyntaxError (parse phase), got: Uncaught ReferenceError: x is not defined
