import { nothing } from './star-a_FIXTURE.mjs';
