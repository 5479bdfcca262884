// import() from a script (relative to the script's file), from a function,
// from eval code; the promise gives the namespace; the module is loaded once;
// the specifier is converted with ToString before anything else.
let order = [];
const p = import('./dyn_FIXTURE.mjs');
order.push('sync code after import()');
p.then((ns) => {
  console.log(order.join(', '));
  console.log(ns.default, ns.count(), Object.prototype.toString.call(ns));
  return import('./dyn_FIXTURE.mjs').then((again) => console.log('same namespace:', again === ns, ns.count()));
}).then(() => eval("import('./dyn_FIXTURE.mjs')")).then((ns) => {
  console.log('from eval:', ns.count());
  return import({ toString() { return './dyn_FIXTURE.mjs'; } });
}).then((ns) => {
  console.log('toString specifier:', ns.count());
  return import('./dyn_FIXTURE.mjs', { with: { type: 'json' } });
}).catch((e) => console.log('attributes:', e.constructor.name))
  .then(() => import('./dyn_FIXTURE.mjs', 1))
  .catch((e) => console.log('bad options:', e.constructor.name));
