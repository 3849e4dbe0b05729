import type { CallOnTimeline, TelephonyConfig, TelephonyIntegration, TelephonyIntegrationWithSecret as IntegrationWithSecret } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/telephony for the builder's Telephony section (admins: integrations, secrets, extensions)
 * and the workspace (my line, click-to-call, the call behind a timeline activity). The shapes are
 * @crm/schemas' telephony contract, which the runtime answers with.
 */

export type { CallOnTimeline, TelephonyConfig, TelephonyIntegration, TelephonyMatchRule as MatchRule } from '@crm/schemas';

const BASE = '/api/telephony/integrations';
const named = (name: string) => `${BASE}/${encodeURIComponent(name)}`;

export async function listIntegrations(): Promise<TelephonyIntegration[]> {
  return (await apiRequest<{ data: TelephonyIntegration[] }>('GET', BASE)).data;
}

export function createIntegration(name: string, config: TelephonyConfig): Promise<IntegrationWithSecret> {
  return apiRequest<IntegrationWithSecret>('POST', BASE, { name, config });
}

export async function updateIntegration(name: string, config: TelephonyConfig): Promise<TelephonyIntegration> {
  return (await apiRequest<{ integration: TelephonyIntegration }>('PUT', named(name), { config })).integration;
}

export function rotateSecret(name: string): Promise<IntegrationWithSecret> {
  return apiRequest<IntegrationWithSecret>('POST', `${named(name)}/secret`);
}

export async function deleteIntegration(name: string): Promise<void> {
  await apiRequest<void>('DELETE', named(name));
}

export async function listExtensions(name: string): Promise<Array<{ userId: string; extension: string }>> {
  return (await apiRequest<{ data: Array<{ userId: string; extension: string }> }>('GET', `${named(name)}/extensions`)).data;
}

export async function saveExtension(name: string, userId: string, extension: string): Promise<void> {
  const path = `${named(name)}/extensions/${encodeURIComponent(userId)}`;
  if (extension === '') await apiRequest<void>('DELETE', path);
  else await apiRequest<unknown>('PUT', path, { extension });
}

export function myLine(): Promise<{ integration: string | null; extension: string | null }> {
  return apiRequest('GET', '/api/telephony/my-line');
}

export function clickToCall(phone: string): Promise<{ calling: boolean; number: string; extension: string }> {
  return apiRequest('POST', '/api/telephony/click-to-call', { phone });
}

export async function callOfActivity(activityId: string): Promise<CallOnTimeline | null> {
  return (await apiRequest<{ call: CallOnTimeline | null }>('GET', `/api/telephony/calls/${encodeURIComponent(activityId)}`)).call;
}
