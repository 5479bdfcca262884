// Cycles: hoisted functions are usable before their module runs, lexical
// bindings are in their TDZ, each module runs once, in post-order.
import { fromA, callB, aLet } from './cycle-a_FIXTURE.mjs';
console.log('main', fromA(), callB(), aLet);
console.log(globalThis.order.join(' '));
