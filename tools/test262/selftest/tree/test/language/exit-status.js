/*---
description: A positive test fails on a non-zero exit; the reason falls back to the status.
flags: [noStrict]
---*/
// fake: exit 3
// expect: fail
// expect-modes: sloppy
// expect-reason[sloppy]: exit status 3
