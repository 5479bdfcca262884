// Top-level using / await using in modules: disposed when the module body
// completes (await using makes the module async).
import { log } from './using_FIXTURE.mjs';
log.push('importer body');
using a = { [Symbol.dispose]() { log.push('a'); } };
await using b = { async [Symbol.asyncDispose]() { log.push('b'); } };
for (await using x of [{ async [Symbol.asyncDispose]() { log.push('x'); } }]) log.push('loop');
log.push('end of body');
Promise.resolve().then(() => Promise.resolve()).then(() => Promise.resolve()).then(() => print(log.join(', ')));
