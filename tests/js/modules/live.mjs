// Live bindings: importers see the exporter's current value; imports are
// read-only (TypeError), also through a namespace (strict: TypeError).
import { count, increment, reset } from './counter_FIXTURE.mjs';
import * as counter from './counter_FIXTURE.mjs';
console.log(count, counter.count);
increment();
increment();
console.log(count, counter.count);
reset();
console.log(count);
try {
  count = 5;
} catch (e) {
  console.log(e.constructor.name);
}
try {
  counter.count = 5;
} catch (e) {
  console.log(e.constructor.name);
}
try {
  count++;
} catch (e) {
  console.log(e.constructor.name, count);
}
(() => { increment(); console.log('closure sees', count); })();
console.log(typeof count);
// direct eval sees imports by name (read-only)
console.log(eval('count'), eval('typeof counter.count'));
try { eval('count = 1'); } catch (e) { console.log('eval store:', e.constructor.name); }
