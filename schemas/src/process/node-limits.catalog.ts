import type { HttpRetryOn, RetryPolicy } from '../../generated/definition.types.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/*
 * The limits a process node works within, stated once: the defaults a node gets when its config
 * says nothing (the engine reads them here, it keeps no copy), and the defaults of the ceilings an
 * administrator may lower or raise for a server (a node's own values above them are refused at
 * publish). Browser-safe: the builder shows the same numbers in its property panel.
 */

/** A node's retries when its config has no `retry`, or leaves a part of it out. */
export const DEFAULT_RETRY_POLICY = { attempts: 5, firstDelay: 'PT1S', maxDelay: 'PT5M' } as const satisfies Required<RetryPolicy>;

/** Runs started by runs started by ...: deeper than this, a process that triggers itself is stopped. */
export const DEFAULT_DEPTH_LIMIT = 8;

/** How long an HTTP node's request may take when its config has no `timeoutMs`. */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/**
 * The answers an HTTP node retries when its config has no `retryOn`: server errors. A 4xx says the
 * request itself is wrong, so sending it again would get the same answer. Timeouts and network
 * failures are retried whatever this says.
 */
export const DEFAULT_HTTP_RETRY_ON: Readonly<HttpRetryOn> = ['5xx'];

/** What an administrator allows any node to ask for on one server. */
export interface NodeLimitCeilings {
  /** The most attempts a node's `retry.attempts` may ask for. */
  maxAttempts: number;
  /** The longest `retry.firstDelay` or `retry.maxDelay`, in milliseconds. */
  maxRetryDelayMs: number;
  /** The longest HTTP `timeoutMs`. */
  maxHttpTimeoutMs: number;
}

export const DEFAULT_NODE_LIMIT_CEILINGS: Readonly<NodeLimitCeilings> = { maxAttempts: 10, maxRetryDelayMs: 60 * 60_000, maxHttpTimeoutMs: 60_000 };

export interface NodeLimitEntry {
  /** Where a node sets it (a path in the node's config), or the server-wide setting. */
  key: 'retry.attempts' | 'retry.firstDelay' | 'retry.maxDelay' | 'timeoutMs' | 'retryOn' | 'depth';
  default: string | number | readonly (string | number)[];
  label: LocalizedMessage;
  description: LocalizedMessage;
}

/** The defaults as people read them (the builder's property panel and docs). */
export const NODE_LIMITS_CATALOG: readonly NodeLimitEntry[] = [
  {
    key: 'retry.attempts',
    default: DEFAULT_RETRY_POLICY.attempts,
    label: { en: 'Attempts', ru: 'Попытки' },
    description: {
      en: `A failing step is tried ${DEFAULT_RETRY_POLICY.attempts} times in all, then the run stops as failed until an administrator retries it. Mistakes in the data or the configuration are not retried.`,
      ru: `Упавший шаг выполняется до ${DEFAULT_RETRY_POLICY.attempts} раз, затем запуск останавливается с ошибкой, пока администратор не повторит его. Ошибки в данных и настройке не повторяются.`,
    },
  },
  {
    key: 'retry.firstDelay',
    default: DEFAULT_RETRY_POLICY.firstDelay,
    label: { en: 'First retry after', ru: 'Первый повтор через' },
    description: {
      en: 'The wait before the first retry (1 s); each next wait is twice as long, with some randomness so that many failing steps do not retry at once.',
      ru: 'Пауза перед первым повтором (1 с); каждая следующая вдвое длиннее, с долей случайности, чтобы много упавших шагов не повторялись одновременно.',
    },
  },
  {
    key: 'retry.maxDelay',
    default: DEFAULT_RETRY_POLICY.maxDelay,
    label: { en: 'Longest wait between attempts', ru: 'Наибольшая пауза между попытками' },
    description: { en: 'The waits stop growing here (5 min).', ru: 'Дальше паузы не растут (5 мин).' },
  },
  {
    key: 'timeoutMs',
    default: DEFAULT_HTTP_TIMEOUT_MS,
    label: { en: 'HTTP timeout, ms', ru: 'Тайм-аут HTTP, мс' },
    description: {
      en: 'How long an HTTP request may take (10 s). A request that takes longer fails as a timeout and is retried.',
      ru: 'Сколько может длиться HTTP-запрос (10 с). Дольше — ошибка тайм-аута, запрос повторяется.',
    },
  },
  {
    key: 'retryOn',
    default: DEFAULT_HTTP_RETRY_ON,
    label: { en: 'Retry on answers', ru: 'Повторять при ответах' },
    description: {
      en: 'HTTP answers that are retried: codes such as 409 or 429, or classes 4xx and 5xx. By default only 5xx: a 4xx answer is not retried, the step fails at once.',
      ru: 'HTTP-ответы, при которых запрос повторяется: коды вроде 409 или 429 либо классы 4xx и 5xx. По умолчанию только 5xx: ответ 4xx не повторяется, шаг сразу падает.',
    },
  },
  {
    key: 'depth',
    default: DEFAULT_DEPTH_LIMIT,
    label: { en: 'Depth limit', ru: 'Предел вложенности' },
    description: {
      en: `At most ${DEFAULT_DEPTH_LIMIT} processes in a row may start each other through their changes; deeper, a process that triggers itself is stopped with an error.`,
      ru: `Не больше ${DEFAULT_DEPTH_LIMIT} процессов подряд могут запускать друг друга своими изменениями; глубже процесс, запускающий сам себя, останавливается с ошибкой.`,
    },
  },
];

const RETRY_DELAY = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/;

/** A RetryDelay (PT1S, PT0.5S, PT5M, PT1H) in milliseconds; null when it is not one. */
export function retryDelayMsOf(text: string): number | null {
  const match = RETRY_DELAY.exec(text);
  if (!match || text === 'PT') return null;
  const [, hours, minutes, seconds] = match;
  return Math.round(((Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds ?? 0)) * 1000);
}

/** Whether an HTTP answer with `status` is retried under `retryOn` (codes and classes). */
export function httpStatusRetried(retryOn: Readonly<HttpRetryOn>, status: number): boolean {
  const statusClass = `${Math.floor(status / 100)}xx`;
  return retryOn.some((entry) => entry === status || entry === statusClass);
}
