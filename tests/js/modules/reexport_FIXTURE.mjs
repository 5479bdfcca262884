export { a, b as renamed } from './forms_FIXTURE.mjs';
export * as nsre from './forms_FIXTURE.mjs';
export * from './star-source_FIXTURE.mjs';
