import { createErrorKind } from './app-error.js';

/** Publishing would lose or convert data in a way that cannot be done safely. */
export const UnsafeMigrationError = createErrorKind('UNSAFE_MIGRATION', 409, 'The change cannot be applied without losing data.');
