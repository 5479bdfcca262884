// Imported by using.mjs: its using resource is disposed when its body ends,
// before the importer's body runs.
export var log = [];
using r = { [Symbol.dispose]() { log.push('fixture disposed'); } };
log.push('fixture body');
