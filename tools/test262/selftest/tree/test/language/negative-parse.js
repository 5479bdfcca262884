/*---
description: A parse-phase negative test passes on an uncaught SyntaxError.
negative:
  phase: parse
  type: SyntaxError
---*/
$DONOTEVALUATE();
// fake: throw SyntaxError: unexpected token
// expect: pass
// expect-modes: sloppy strict
