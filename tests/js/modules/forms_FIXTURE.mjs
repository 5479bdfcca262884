export const a = 1;
const b = 2;
export { b };
export default 'the default';
const s = 'string-named';
export { s as "string name" };
export function fn() { return 'fn'; }
export class Klass { m() { return 'method'; } }
export let [x, { y }] = [10, { y: 20 }], z = 30;
