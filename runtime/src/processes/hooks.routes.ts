import crypto from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import express, { Router } from 'express';
import { linearRegExp } from '@crm/schemas';
import { BadRequestError, NotFoundError, UnauthorizedError } from '../errors/index.js';
import { assertCleanInput } from '../http/json-input.rules.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * POST /api/hooks/:name: an inbound webhook or a web form (JSON or form-encoded) starts the process
 * whose webhook trigger has that name, with the body as `trigger.body`. No sign-in: a secret, when
 * the trigger sets one, must come in X-Hook-Secret (compared in constant time). A JSON Schema on the
 * trigger checks the body first. An Idempotency-Key header makes a delivery repeated by the sender
 * start one run. Answers 202 {runId}. The body schema's patterns run on RE2 (linear time): this route
 * needs no sign-in, so a backtracking pattern here would let anyone freeze the server.
 */

const validators = new WeakMap<object, ValidateFunction>();
const ajv = new Ajv2020({ allErrors: true, strict: false, code: { regExp: linearRegExp } });

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export function hooksRoutes({ context, engine: host }: RouteDeps): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));
  // A form body is parsed here, after the app-wide checks of JSON bodies: check it the same way.
  router.use((req, _res, next) => {
    assertCleanInput(req.body, 'body');
    next();
  });

  router.post('/:name', async (req, res) => {
    const live = await context.definitions.getLive();
    const process = live?.app.processes?.find((p) => p.enabled !== false && p.trigger.type === 'webhook' && p.trigger.name === req.params.name);
    if (!live || !process || process.trigger.type !== 'webhook') {
      throw NotFoundError.create(`There is no webhook "${req.params.name}".`, [{ field: 'name', code: 'UNKNOWN_WEBHOOK', message: `There is no webhook "${req.params.name}".`, message_ru: `Вебхука «${req.params.name}» нет.` }]);
    }
    const trigger = process.trigger;
    if (trigger.secret !== undefined && !sameSecret(req.get('x-hook-secret'), trigger.secret)) {
      throw UnauthorizedError.create('The webhook secret is missing or wrong (send it in X-Hook-Secret).');
    }
    const body: unknown = req.body ?? {};
    if (trigger.schema) {
      const validate = validatorFor(trigger.schema);
      if (!validate(body)) {
        const details = (validate.errors ?? []).map((e) => ({
          field: 'body',
          pointer: e.instancePath || '/',
          code: e.keyword.toUpperCase(),
          message: `${e.instancePath || 'body'} ${e.message ?? 'is not valid'}`,
          message_ru: `Поле ${e.instancePath || 'body'} не прошло проверку: ${e.message ?? ''}`,
        }));
        throw BadRequestError.create(details[0]?.message ?? 'The body does not match the webhook schema.', details);
      }
    }
    const key = req.get('idempotency-key')?.slice(0, 200);
    const started = await context.db.knex.transaction((trx) =>
      host.engine.startProcess(trx, live, process.name, {
        trigger: { type: 'webhook', name: trigger.name, body: JSON.parse(JSON.stringify(body)), receivedAt: new Date().toISOString() },
        subject: null,
        user: null,
        dedupeKey: key ? `hook:${trigger.name}:${key}` : null,
        mode: 'webhook',
      }),
    );
    host.engine.wake();
    res.status(202).json({ runId: started.runId, created: started.created });
  });

  return router;
}
