export * from './star-a_FIXTURE.mjs';
export * from './star-b_FIXTURE.mjs';
