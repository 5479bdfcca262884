// The module namespace exotic object: null prototype, not extensible,
// sorted exports, @@toStringTag, read-only, non-deletable, TDZ on [[Get]].
import * as ns from './ns-source_FIXTURE.mjs';
import * as self from './namespace.mjs';
console.log(Object.getPrototypeOf(ns), Object.isExtensible(ns));
console.log(Object.keys(ns).join(), Object.getOwnPropertyNames(ns).join());
console.log(ns[Symbol.toStringTag], Object.prototype.toString.call(ns));
const d = Object.getOwnPropertyDescriptor(ns, 'b');
console.log(d.value, d.writable, d.enumerable, d.configurable);
console.log('b' in ns, 'nope' in ns, ns.nope);
try { ns.b = 1; } catch (e) { console.log('set', e.constructor.name); }
try { ns.added = 1; } catch (e) { console.log('add', e.constructor.name); }
try { delete ns.b; } catch (e) { console.log('delete', e.constructor.name); }
console.log(delete ns.nope);
try { Object.defineProperty(ns, 'b', { value: 'other' }); } catch (e) { console.log('define', e.constructor.name); }
Object.defineProperty(ns, 'b', { value: 'bee' });
console.log(Object.setPrototypeOf(ns, null) === ns);
try { Object.setPrototypeOf(ns, {}); } catch (e) { console.log('setPrototypeOf', e.constructor.name); }
try { self.later; } catch (e) { console.log('tdz', e.constructor.name); }
console.log(Object.getOwnPropertySymbols(ns).length);
for (const k in ns) console.log('key', k);
export let later = 1;
console.log(self.later);
