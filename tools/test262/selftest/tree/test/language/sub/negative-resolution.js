/*---
description: A resolution-phase negative module test.
negative:
  phase: resolution
  type: SyntaxError
flags: [module]
---*/
$DONOTEVALUATE();
export { x } from './negative-resolution_FIXTURE.js';
// fake[module]: throw SyntaxError: no export x
// expect: pass
// expect-modes: module
