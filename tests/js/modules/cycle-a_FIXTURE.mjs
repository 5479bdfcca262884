import { fromB, readA } from './cycle-b_FIXTURE.mjs';
(globalThis.order ||= []).push('a');
export function fromA() { return 'A'; }
export function callB() { return fromB(); }
export let aLet = 'a-let';
console.log('a sees', readA());
