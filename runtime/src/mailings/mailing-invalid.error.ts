import { createErrorKind } from '../errors/app-error.js';

/** A segment or mailing whose content cannot be used (a bad condition, no e-mail field, an empty subject); details name each input. */
export const MailingInvalidError = createErrorKind('MAILING_INVALID', 422, 'The segment or mailing is not valid.');
