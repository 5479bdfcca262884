import { fromA, aLet } from './cycle-a_FIXTURE.mjs';
(globalThis.order ||= []).push('b');
export function fromB() { return 'B+' + fromA(); }
export function readA() { return aLet; }
console.log('b runs first:', fromA());
try {
  aLet;
} catch (e) {
  console.log('b:', e.constructor.name);
}
try {
  readA();
} catch (e) {
  console.log('b via function:', e.constructor.name);
}
