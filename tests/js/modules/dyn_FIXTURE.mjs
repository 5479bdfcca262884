let n = 0;
export default 'dynamic';
export function count() { return ++n; }
