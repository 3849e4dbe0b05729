import { createErrorKind } from '../errors/app-error.js';

/** A web form submission that filled the honeypot input only bots see: refused, nothing written. */
export const WebFormSpamError = createErrorKind('SPAM_SUSPECTED', 400, 'The submission looks automated and was not accepted.');
