import './tla-a_FIXTURE.mjs';
globalThis.log.push('b');
export const value = await Promise.resolve(42);
