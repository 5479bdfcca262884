// Top-level await: dependencies finish (in order) before their importers
// run; a sibling without await runs as soon as its own dependencies allow.
import './tla-a_FIXTURE.mjs';
import './tla-sync_FIXTURE.mjs';
import { value } from './tla-b_FIXTURE.mjs';
globalThis.log.push('main ' + value);
console.log(globalThis.log.join(', '));
const x = await Promise.resolve('awaited in main');
console.log(x);
