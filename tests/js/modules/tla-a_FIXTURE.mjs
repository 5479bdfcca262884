(globalThis.log ||= []).push('a start');
await null;
globalThis.log.push('a after await');
await new Promise((resolve) => Promise.resolve().then(resolve));
globalThis.log.push('a done');
