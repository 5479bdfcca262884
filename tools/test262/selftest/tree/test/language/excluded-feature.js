/*---
description: Tests of excluded features are not run and not counted.
features: [Symbol, Temporal]
---*/
// fake: throw Test262Error: must not run
// expect: excluded
