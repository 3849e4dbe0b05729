import { createErrorKind } from '../errors/app-error.js';

/** A template whose Liquid does not parse or render; details name the part (body, subject, fileName) and the line. */
export const TemplateInvalidError = createErrorKind('TEMPLATE_INVALID', 422, 'The template cannot be rendered.');
