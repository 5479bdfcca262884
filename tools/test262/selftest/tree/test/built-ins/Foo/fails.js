/*---
description: built-ins failure in both modes.
---*/
// fake: throw TypeError: not a function
// expect: fail
// expect-modes: sloppy strict
// expect-reason[sloppy]: Uncaught TypeError: not a function
