import type { JsonSchema } from '@crm/schemas';
import { jsonAnswer, operation, pathParam, queryParam } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';

/*
 * Public web forms (../webforms): the JSON API for a site building its own form. The same
 * submission is accepted at /f/{name}, the form page's own address (HTML for browsers), which is
 * not part of the JSON API.
 */

const LOCALIZED: JsonSchema = { type: 'object', properties: { ru: { type: 'string' }, en: { type: 'string' } }, required: ['en'] };

const WEB_FORM: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    label: LOCALIZED,
    description: LOCALIZED,
    fields: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'The input’s name in a submission.' },
          type: { type: 'string', description: 'The field type (text, email, phone, integer, enum, ...).' },
          label: LOCALIZED,
          required: { type: 'boolean' },
          options: { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, label: LOCALIZED }, required: ['value'] } },
        },
        required: ['name', 'type', 'label', 'required'],
      },
    },
    consent: {
      type: ['object', 'null'],
      properties: { text: LOCALIZED, required: { type: 'boolean' }, input: { type: 'string', description: 'Send it as "yes" (or true) when the visitor ticked the box.' } },
    },
    honeypot: { type: 'string', description: 'An input to show to nobody and send empty; filled, the submission is refused as spam.' },
    thankYou: LOCALIZED,
  },
  required: ['name', 'label', 'fields', 'consent', 'honeypot', 'thankYou'],
};

const SUBMISSION: JsonSchema = {
  type: 'object',
  description: 'The form’s fields by name, the consent input, the empty honeypot and utm_source / utm_medium / utm_campaign / utm_term / utm_content. Anything else is ignored.',
  additionalProperties: true,
};

const ACCEPTED: JsonSchema = { type: 'object', properties: { accepted: { type: 'boolean', const: true }, message: { type: 'string', description: 'The thank-you text in the request’s language.' } }, required: ['accepted', 'message'] };

const NAME = pathParam('name', 'The web form’s name.');

export function webFormPaths(): PathSet {
  return {
    schemas: { WebFormDescription: WEB_FORM, WebFormSubmission: SUBMISSION },
    paths: {
      '/api/web-forms/{name}': {
        get: operation({
          id: 'describeWebForm',
          tag: 'web forms',
          summary: 'What a public web form asks for',
          public: true,
          params: [NAME],
          ok: { '200': jsonAnswer('The form’s fields, labels and consent.', { $ref: '#/components/schemas/WebFormDescription' }) },
          errors: ['404'],
        }),
        post: operation({
          id: 'submitWebForm',
          tag: 'web forms',
          summary: 'Submit a public web form: creates its record and starts the processes bound to it',
          description:
            'No sign-in; any origin (CORS without credentials). Rate-limited per address. 400 SPAM_SUSPECTED when the honeypot is filled; 422 WEB_FORM_INVALID with a detail per input; 429 RATE_LIMITED with Retry-After. A refused submission writes nothing.',
          public: true,
          params: [NAME, queryParam('lang', 'ru or en: the language of the answer’s messages.'), ...['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'].map((n) => queryParam(n, 'Campaign parameter kept with the submission.'))],
          body: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WebFormSubmission' } }, 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/WebFormSubmission' } } } },
          ok: { '201': jsonAnswer('Accepted: the record is created.', ACCEPTED) },
          errors: ['400', '404', '413', '415', '422', '429'],
        }),
      },
    },
  };
}
