import { createErrorKind } from './app-error.js';

/** A body was sent without saying what it is: read as nothing, it would fail with a misleading reason. */
export const ContentTypeRequiredError = createErrorKind('CONTENT_TYPE_REQUIRED', 415, 'Send the body as JSON with Content-Type: application/json.');
