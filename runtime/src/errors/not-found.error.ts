import { createErrorKind } from './app-error.js';

export const NotFoundError = createErrorKind('NOT_FOUND', 404, 'Not found.');
