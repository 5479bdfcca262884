// Copyright header like test262's.
/*---
description: A plain test runs sloppy and strict and passes.
esid: sec-example
---*/
// expect: pass
// expect-modes: sloppy strict
