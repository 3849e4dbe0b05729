import { createErrorKind } from '../errors/app-error.js';

/** A web form submission whose input cannot make a record; details name each input, in ru and en. */
export const WebFormInvalidError = createErrorKind('WEB_FORM_INVALID', 422, 'The form is not filled in correctly.');
