import type { LocalizedText } from '@crm/schemas';
import { isJsonObject } from '../json.types.js';
import { StepFailure } from './step-failure.js';

/*
 * A before-save process refuses the save it runs in by ending at an end node with status failed:
 * the save's transaction rolls back and the person reads the node's own words, in their language,
 * next to the field the node names. The refusal travels as a StepFailure with code SAVE_REFUSED
 * whose details carry both texts, the field and the process's label; the host turns it into its
 * answer (the runtime: a 422) with saveRefusalOf, never by reading the details itself.
 */

export const SAVE_REFUSED = 'SAVE_REFUSED';

export interface SaveRefusal {
  /** What the person reads: the end node's message (a plain string serves both languages). */
  text: Required<LocalizedText>;
  /** The field of the saved record the refusal is about, when the node names one. */
  field?: string;
  /** The refusing process: its name and its label (the name when it has none). */
  process: string;
  processLabel: Required<LocalizedText>;
  nodeId: string;
}

function fallbackText(label: Required<LocalizedText>): Required<LocalizedText> {
  return {
    ru: `Процесс «${label.ru}» не разрешает сохранить эту запись.`,
    en: `The process “${label.en}” does not allow this record to be saved.`,
  };
}

/** The message of an end node after its templates were filled in: a string, {ru?, en}, or nothing. */
export function refusalText(message: unknown, label: Required<LocalizedText>): Required<LocalizedText> {
  if (typeof message === 'string' && message.trim() !== '') return { ru: message, en: message };
  if (isJsonObject(message)) {
    const en = typeof message['en'] === 'string' && message['en'].trim() !== '' ? message['en'] : undefined;
    const ru = typeof message['ru'] === 'string' && message['ru'].trim() !== '' ? message['ru'] : undefined;
    if (en !== undefined || ru !== undefined) return { ru: ru ?? en ?? '', en: en ?? ru ?? '' };
  }
  return fallbackText(label);
}

export function processLabelOf(name: string, label: LocalizedText | undefined): Required<LocalizedText> {
  return { ru: label?.ru ?? label?.en ?? name, en: label?.en ?? name };
}

/** The failure a refusing end node throws; the session adds nodeId and process as for any failing step. */
export function saveRefusal(refusal: Omit<SaveRefusal, 'nodeId' | 'process'>): StepFailure {
  return new StepFailure(SAVE_REFUSED, refusal.text.en, false, {
    message: refusal.text,
    processLabel: refusal.processLabel,
    ...(refusal.field === undefined ? {} : { field: refusal.field }),
  });
}

function localizedOf(value: unknown): Required<LocalizedText> | undefined {
  if (!isJsonObject(value) || typeof value['ru'] !== 'string' || typeof value['en'] !== 'string') return undefined;
  return { ru: value['ru'], en: value['en'] };
}

/** The refusal a failure out of engine.beforeSave carries, or null when it is another failure. */
export function saveRefusalOf(error: unknown): SaveRefusal | null {
  if (!(error instanceof StepFailure) || error.code !== SAVE_REFUSED) return null;
  const { details } = error;
  const process = typeof details['process'] === 'string' ? details['process'] : '';
  const text = localizedOf(details['message']) ?? { ru: error.message, en: error.message };
  const field = typeof details['field'] === 'string' ? details['field'] : undefined;
  return {
    text,
    ...(field === undefined ? {} : { field }),
    process,
    processLabel: localizedOf(details['processLabel']) ?? { ru: process, en: process },
    nodeId: typeof details['nodeId'] === 'string' ? details['nodeId'] : '',
  };
}
