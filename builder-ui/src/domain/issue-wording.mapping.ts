import { NODE_TYPES, type App, type LocalizedMessage, type Process } from '@crm/schemas';
import { handleLabel } from './process-node.summary.rules.js';

/*
 * The validators name things by their machine names ("Выход «false» узла «condition_1» процесса
 * «krupnye_sdelki» ни с чем не связан"). On screen an analyst knows them by the names the builder
 * shows: the step's title, the process's label, the branch's word ("Выход «нет» узла «Условие»
 * процесса «Крупные сделки» ..."). Only quoted names are replaced, so a message that names
 * nothing from this app stays as it is.
 */

type Locale = 'ru' | 'en';

function pick(text: { ru?: string; en: string } | undefined, locale: Locale): string | undefined {
  if (!text) return undefined;
  return locale === 'ru' ? (text.ru ?? text.en) : text.en;
}

function replaceQuoted(message: string, names: ReadonlyMap<string, string>): string {
  return message.replace(/«([^«»]+)»|"([^"]+)"/g, (whole: string, ru: string | undefined, en: string | undefined) => {
    const name = ru ?? en ?? '';
    const human = names.get(name);
    if (human === undefined) return whole;
    return ru !== undefined ? `«${human}»` : `"${human}"`;
  });
}

export function humanIssueMessage(app: App | null, issue: { message: LocalizedMessage; process?: string | undefined; nodeId?: string | undefined }): LocalizedMessage {
  const process = issue.process ? app?.processes?.find((p) => p.name === issue.process) : undefined;
  return process ? humanProcessMessage(process, issue.nodeId, issue.message) : issue.message;
}

/** A message about `process` (and its step `nodeId`) in the names the designer shows. */
export function humanProcessMessage(process: Process, nodeId: string | undefined, message: LocalizedMessage): LocalizedMessage {
  const node = nodeId ? process.nodes.find((n) => n.id === nodeId) : undefined;
  const words = (locale: Locale): Map<string, string> => {
    const names = new Map<string, string>();
    const processLabel = pick(process.label, locale);
    if (processLabel) names.set(process.name, processLabel);
    if (node) {
      names.set(node.id, pick(node.label, locale) ?? pick(NODE_TYPES[node.type].label, locale) ?? node.id);
      // The branch a message names: "true" -> "да" on a condition, a switch case by its label.
      for (const handle of ['true', 'false', 'default', 'approved', 'rejected', 'timeout', 'each', 'done', ...(node.type === 'switch' ? node.config.cases.map((c) => c.handle) : [])]) {
        const label = handleLabel(node, handle);
        if (label) names.set(handle, pick(label, locale) ?? handle);
      }
    }
    return names;
  };
  return { ru: replaceQuoted(message.ru, words('ru')), en: replaceQuoted(message.en, words('en')) };
}
