import { Router } from 'express';
import { webFormRequiredFields, type App, type Entity, type WebForm } from '@crm/schemas';
import { clientAddress } from '../audit/request-audit.context.js';
import { NotFoundError } from '../errors/index.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { formFields, localized } from './web-form-fields.renderer.js';
import { CONSENT_INPUT, HONEYPOT_INPUT } from './web-form-input.parser.js';
import { webFormLocale } from './web-form-locale.policy.js';
import { anyOrigin, formBody, setRetryAfter } from './web-form-request.policy.js';
import { findPublicForm, submitWebForm } from './web-form-submission.service.js';

/*
 * The web forms' JSON API, no sign-in, for integrators who build their own form (and generate a
 * client from the OpenAPI document):
 *   GET  /api/web-forms/:name   what the form asks for: fields with type, labels, required and
 *                               options, the consent, the names of the consent and honeypot inputs
 *   POST /api/web-forms/:name   a submission, as POST /f/:name answers it in JSON
 * Only what the public page shows is described: never the owner, the rate limit or other fields.
 */

function describe(app: App, form: WebForm, entity: Entity) {
  const required = new Set(webFormRequiredFields(app, entity).map((f) => f.name));
  return {
    name: form.name,
    label: form.label,
    ...(form.description ? { description: form.description } : {}),
    fields: formFields(form, entity, required).map(({ field, label, mandatory }) => ({
      name: field.name,
      type: field.type,
      label,
      required: mandatory,
      ...('options' in field && Array.isArray(field.options) ? { options: field.options.map((o) => ({ value: o.value, ...(o.label ? { label: o.label } : {}) })) } : {}),
    })),
    consent: form.consent ? { text: form.consent.text, required: form.consent.required !== false, input: CONSENT_INPUT } : null,
    honeypot: HONEYPOT_INPUT,
    thankYou: form.thankYou,
  };
}

export function webFormsApiRoutes({ context, engine }: RouteDeps): Router {
  const router = Router();
  router.use(anyOrigin, ...formBody);

  async function liveApp(): Promise<App> {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no web forms.');
    return live.app;
  }

  router.get('/:name', async (req, res) => {
    const app = await liveApp();
    const form = findPublicForm(app, req.params.name);
    const entity = app.entities.find((e) => e.name === form.entity);
    if (!entity) throw NotFoundError.create(`The entity of web form "${form.name}" is gone.`);
    res.json(describe(app, form, entity));
  });

  router.post('/:name', async (req, res) => {
    const app = await liveApp();
    const locale = webFormLocale(req, app);
    try {
      const accepted = await submitWebForm({ knex: context.db.knex, app, ...engine.seams }, { formName: req.params.name, body: req.body, query: req.query, address: clientAddress(req), locale });
      engine.engine.wake();
      res.status(201).json({ accepted: true, message: localized(accepted.form.thankYou, locale) });
    } catch (error) {
      setRetryAfter(res, error);
      throw error;
    }
  });

  return router;
}
