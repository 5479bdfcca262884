// JSON modules (import attributes `with { type: "json" }`): one default
// export, the parsed value, shared by every importer; other attributes are
// rejected; a JSON module is keyed apart from a JavaScript module of the
// same file.
import data from './data_FIXTURE.json' with { type: 'json' };
import * as ns from './data_FIXTURE.json' with { type: 'json' };
console.log(data.name, data.list.join(), ns.default === data, Object.keys(ns).join());
const again = await import('./data_FIXTURE.json', { with: { type: 'json' } });
console.log(again === ns);
await import('./data_FIXTURE.json', { with: { type: 'css' } }).catch((e) => console.log('css:', e.constructor.name));
await import('./bad-json_FIXTURE.json', { with: { type: 'json' } }).catch((e) => console.log('bad json:', e.constructor.name));
await import('./data_FIXTURE.json').catch((e) => console.log('as JavaScript:', e.constructor.name));
