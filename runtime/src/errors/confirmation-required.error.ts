import { createErrorKind } from './app-error.js';

/** A destructive step (dropping a field or an entity) needs to be named in the publish request's confirm list. */
export const ConfirmationRequiredError = createErrorKind(
  'CONFIRMATION_REQUIRED',
  409,
  'This publish drops data; repeat it with the listed steps in "confirm".',
);
