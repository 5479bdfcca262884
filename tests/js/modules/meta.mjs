// import.meta: one null-prototype object per module, created on first use,
// with a file:// url.
import { meta as otherMeta } from './meta_FIXTURE.mjs';
const m = import.meta;
console.log(Object.getPrototypeOf(m), m === import.meta, (() => import.meta)() === m);
console.log(m.url.startsWith('file:///'), m.url.endsWith('/tests/js/modules/meta.mjs'));
console.log(otherMeta !== m, otherMeta.url.endsWith('/meta_FIXTURE.mjs'));
import.meta.added = 1;
console.log(import.meta.added);
