import { createErrorKind } from '../errors/app-error.js';

/** An e-mail that cannot be sent as written: details name each bad address (field "to", its index and value) or the missing subject. */
export const EmailInvalidError = createErrorKind('EMAIL_INVALID', 422, 'The e-mail cannot be sent as written.');
