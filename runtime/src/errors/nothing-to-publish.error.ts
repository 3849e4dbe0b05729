import { createErrorKind } from './app-error.js';

/** A publish with no change to make: no draft, or a draft identical to the live definition. No version is created. */
export const NothingToPublishError = createErrorKind('NOTHING_TO_PUBLISH', 409, 'There is nothing to publish: the draft is the live definition.');
