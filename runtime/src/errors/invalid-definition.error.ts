import { createErrorKind } from './app-error.js';

/** The app definition fails validation; details carry a JSON pointer or node id per issue. */
export const InvalidDefinitionError = createErrorKind('INVALID_DEFINITION', 422, 'The app definition has errors.');
