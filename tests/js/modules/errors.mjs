// Link and evaluation errors, seen through import(): a missing export and
// an ambiguous star export are SyntaxErrors, a missing file fails, a
// module that throws caches its error (it does not run twice).
const show = (what) => (e) => console.log(what, e.constructor.name);
await import('./missing-export_FIXTURE.mjs').then(() => console.log('no!'), show('missing export:'));
await import('./ambiguous_FIXTURE.mjs').then(() => console.log('no!'), show('ambiguous:'));
await import('./no-such-file.mjs').then(() => console.log('no!'), show('no file:'));
await import('./syntax-error_FIXTURE.mjs').then(() => console.log('no!'), show('syntax error:'));
await import('./throws_FIXTURE.mjs').then(() => console.log('no!'), (e) => console.log('throws:', e.message));
await import('./throws_FIXTURE.mjs').then(() => console.log('no!'), (e) => console.log('again:', e.message));
console.log('runs of throws_FIXTURE:', globalThis.throwsRuns);
// a star export that is ambiguous is left out of the namespace
const ns = await import('./ambiguous-ns_FIXTURE.mjs');
console.log(Object.keys(ns).join());
