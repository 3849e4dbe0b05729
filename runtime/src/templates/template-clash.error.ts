import { createErrorKind } from '../errors/app-error.js';

/** A template's part (entity, role, process, ...), team or person has a name the live app already uses. */
export const TemplateClashError = createErrorKind('TEMPLATE_CLASH', 409, 'The template cannot be added: some of its names are taken.');
