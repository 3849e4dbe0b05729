import { normalisePhone, type App } from '@crm/schemas';
import type { Knex } from 'knex';
import { BadRequestError, ConflictError, createErrorKind, type AppError } from '../errors/index.js';
import { createOutboundHttp, type OutboundHttpOptions } from '../outbound/index.js';
import type { Actor } from '../people/user.types.js';
import { createRecordService } from '../records/index.js';
import { readAllowHosts } from '../settings/outbound-allow-list.store.js';
import { extensionOf, type IntegrationRow } from './telephony-integration.store.js';

/*
 * Click-to-call: the person asks their PBX to ring their extension and connect it to a number (a
 * record's phone field, read with the person's own permissions, or a number typed in). The request
 * goes only through the SSRF-safe outbound client: private and loopback PBX addresses are refused
 * unless an admin allow-listed them in /api/settings/outbound.
 */

export interface ClickToCallInput {
  entity?: string;
  recordId?: string;
  field?: string;
  phone?: string;
}

/** The PBX could not be asked or said no: a gateway failure, not the caller's mistake. */
const PbxCallError = createErrorKind('PBX_CALL_FAILED', 502, 'The PBX did not take the call request.');

function refused(code: string, message: string, messageRu: string, field: string): AppError {
  return ConflictError.create(message, [{ field, code, message, message_ru: messageRu }]);
}

async function numberToCall(knex: Knex, app: App, actor: Actor, input: ClickToCallInput): Promise<string> {
  let raw = input.phone;
  if (input.entity && input.recordId) {
    const entity = app.entities.find((e) => e.name === input.entity);
    const field = input.field ?? entity?.fields.find((f) => f.type === 'phone')?.name;
    // get() obeys the person's object, record and field permissions (404/403 otherwise).
    const record = await createRecordService({ db: knex, app, caller: { user: actor } }).get(input.entity, input.recordId);
    const value = field ? record[field] : undefined;
    if (typeof value !== 'string' || value === '') throw BadRequestError.create('The record has no phone to call.', [{ field: field ?? 'field', code: 'NO_PHONE', message: 'The record has no phone to call.', message_ru: 'У записи нет телефона для звонка.' }]);
    raw = value;
  }
  const number = raw ? normalisePhone(raw, undefined) : undefined;
  if (!number) throw BadRequestError.create('Send {entity, recordId} or {phone}.', [{ field: 'phone', code: 'INVALID_PHONE', message: 'No valid number to call.', message_ru: 'Нет правильного номера для звонка.' }]);
  return number;
}

export async function clickToCall(knex: Knex, app: App, actor: Actor, integration: IntegrationRow, input: ClickToCallInput, extra: Partial<OutboundHttpOptions> = {}): Promise<{ number: string; extension: string; pbxStatus: number }> {
  const url = integration.config.clickToCallUrl;
  if (!url) throw refused('NO_CLICK_TO_CALL', `The integration "${integration.name}" has no click-to-call address.`, `У интеграции «${integration.name}» не задан адрес для звонка из CRM.`, 'integration');
  const extension = await extensionOf(knex, integration.id, actor.id);
  if (!extension) throw refused('NO_EXTENSION', 'You have no extension on this PBX; ask an admin to set it.', 'У вас нет добавочного номера на этой АТС; попросите администратора его задать.', 'extension');
  const number = await numberToCall(knex, app, actor, input);
  const client = createOutboundHttp({ ...extra, allowHosts: [...(extra.allowHosts ?? []), ...(await readAllowHosts(knex))], timeoutMs: 10_000 });
  const result = await client.request({ method: 'POST', url, body: { extension, number, integration: integration.name } });
  if (!result.ok) {
    const message = `The PBX was not asked: ${result.error.message}`;
    throw PbxCallError.create(message, [{ field: 'clickToCallUrl', code: result.error.code, message, message_ru: `Запрос к АТС не отправлен: ${result.error.message}` }]);
  }
  if (result.status >= 400) throw PbxCallError.create(`The PBX answered ${result.status}.`, [{ field: 'clickToCallUrl', code: 'PBX_REFUSED', message: `The PBX answered ${result.status}.`, message_ru: `АТС ответила ${result.status}.` }]);
  return { number, extension, pbxStatus: result.status };
}
