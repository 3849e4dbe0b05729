import { createErrorKind } from './app-error.js';

export const UnauthorizedError = createErrorKind('UNAUTHORIZED', 401, 'Sign in first.');
