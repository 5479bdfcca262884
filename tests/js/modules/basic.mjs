// Import and export forms: named, renamed, default (expression, function,
// class), namespace, string names, re-exports, star exports.
import { a, b as bee, default as dflt } from './forms_FIXTURE.mjs';
import dflt2, * as ns from './forms_FIXTURE.mjs';
import { "string name" as str } from './forms_FIXTURE.mjs';
import { fn, Klass, x, y, z } from './forms_FIXTURE.mjs';
import { a as ra, renamed, nsre } from './reexport_FIXTURE.mjs';
import * as star from './reexport_FIXTURE.mjs';
import anonFn from './anon-fn_FIXTURE.mjs';
import AnonClass from './anon-class_FIXTURE.mjs';
import './side-effect_FIXTURE.mjs';

console.log(a, bee, dflt, dflt === dflt2, str);
console.log(fn(), new Klass().m(), x, y, z);
console.log(ra, renamed, nsre === ns, nsre.a);
console.log(Object.keys(star).join());
console.log(typeof anonFn, anonFn.name, anonFn());
console.log(typeof AnonClass, AnonClass.name);
console.log(globalThis.sideEffect);
console.log(this);
