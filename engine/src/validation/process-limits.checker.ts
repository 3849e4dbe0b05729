import { retryDelayMsOf, type App, type DefinitionIssue, type LocalizedMessage, type Node, type NodeLimitCeilings } from '@crm/schemas';
import { retryPolicyOf } from '../run/node-limits.policy.js';

/*
 * A node's own limits above what the administrator allows on this server (attempts, retry waits,
 * the HTTP timeout) are refused at publish, on the node's config field, instead of being cut down
 * silently at run time (the engine still keeps runs within the ceilings, for versions published
 * under higher ones).
 */

type Lang = keyof LocalizedMessage;

const UNITS: ReadonlyArray<{ ms: number; en: string; ru: string }> = [
  { ms: 3_600_000, en: 'h', ru: 'ч' },
  { ms: 60_000, en: 'min', ru: 'мин' },
  { ms: 1000, en: 's', ru: 'с' },
];

/** 3600000 -> "1 h" / "1 ч"; 1500 -> "1.5 s"; 250 -> "250 ms". */
function spoken(ms: number, lang: Lang): string {
  const unit = UNITS.find((u) => ms >= u.ms && ms % u.ms === 0) ?? (ms >= 1000 ? UNITS[2] : undefined);
  if (!unit) return `${ms} ${lang === 'en' ? 'ms' : 'мс'}`;
  const value = String(Math.round((ms / unit.ms) * 1000) / 1000);
  return `${lang === 'en' ? value : value.replace('.', ',')} ${unit[lang]}`;
}

interface Excess {
  field: string;
  asked: LocalizedMessage;
  allowed: LocalizedMessage;
}

function both(make: (lang: Lang) => string): LocalizedMessage {
  return { en: make('en'), ru: make('ru') };
}

function excesses(node: Node, ceilings: NodeLimitCeilings): Excess[] {
  const found: Excess[] = [];
  const retry = retryPolicyOf(node);
  if (retry?.attempts !== undefined && retry.attempts > ceilings.maxAttempts) {
    found.push({ field: 'retry/attempts', asked: both(() => String(retry.attempts)), allowed: both(() => String(ceilings.maxAttempts)) });
  }
  for (const key of ['firstDelay', 'maxDelay'] as const) {
    const text = retry?.[key];
    const ms = text === undefined ? null : retryDelayMsOf(text);
    if (text === undefined || ms === null || ms <= ceilings.maxRetryDelayMs) continue;
    found.push({ field: `retry/${key}`, asked: both((lang) => `${text} (${spoken(ms, lang)})`), allowed: both((lang) => spoken(ceilings.maxRetryDelayMs, lang)) });
  }
  if (node.type === 'http' && node.config.timeoutMs !== undefined && node.config.timeoutMs > ceilings.maxHttpTimeoutMs) {
    const asked = node.config.timeoutMs;
    found.push({ field: 'timeoutMs', asked: both((lang) => spoken(asked, lang)), allowed: both((lang) => spoken(ceilings.maxHttpTimeoutMs, lang)) });
  }
  return found;
}

export function checkProcessLimits(app: App, ceilings: NodeLimitCeilings): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  (app.processes ?? []).forEach((process, p) => {
    process.nodes.forEach((node, n) => {
      for (const excess of excesses(node, ceilings)) {
        const field = `config.${excess.field.replace('/', '.')}`;
        issues.push({
          code: 'NODE_LIMIT_EXCEEDED',
          pointer: `/processes/${p}/nodes/${n}/config/${excess.field}`,
          nodeId: node.id,
          process: process.name,
          message: {
            en: `Node "${node.id}" of process "${process.name}" sets ${field} to ${excess.asked.en}; this server allows at most ${excess.allowed.en}. Lower the value, or ask the administrator to raise the limit.`,
            ru: `Узел «${node.id}» процесса «${process.name}»: ${field} = ${excess.asked.ru}, а на этом сервере разрешено не больше ${excess.allowed.ru}. Уменьшите значение или попросите администратора поднять предел.`,
          },
        });
      }
    });
  });
  return issues;
}

/** The publish check for a runtime's ceilings (runtime.factory.ts adds it to the publish checks). */
export function processLimitsCheck(ceilings: NodeLimitCeilings): (app: App) => Promise<DefinitionIssue[]> {
  return async (app) => checkProcessLimits(app, ceilings);
}
