/*---
description: A run that exceeds --timeout fails as "timeout"; its process group is killed.
flags: [noStrict]
---*/
// fake: spawn-sleeper
// fake: sleep 60
// expect: fail
// expect-modes: sloppy
// expect-reason[sloppy]: timeout
