import { createErrorKind } from './app-error.js';

/** If-Match named a version that is no longer current: someone saved in between. */
export const PreconditionFailedError = createErrorKind(
  'VERSION_CONFLICT',
  412,
  'The record was changed by someone else. Reload it and apply your change again.',
);
