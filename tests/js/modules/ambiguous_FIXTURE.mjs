import { same } from './ambiguous-ns_FIXTURE.mjs';
