import { createErrorKind } from './app-error.js';

export const ForbiddenError = createErrorKind('FORBIDDEN', 403, 'You do not have permission to do this.');
