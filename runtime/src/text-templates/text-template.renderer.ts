import { Liquid, LiquidError } from 'liquidjs';
import type { ErrorDetail } from '../errors/index.js';
import { formatDate, formatDateTime, formatMoney, formatNumber, wordsEn, wordsRu, type FilterSettings, type TemplateLocale } from './template-filters.rules.js';
import { TemplateInvalidError } from './template-invalid.error.js';

/*
 * Templates are written by admins and builders, so they are Liquid (liquidjs), not JavaScript:
 * a template can read the values it is given and apply filters, never run code. Safety settings:
 *  - `templates: {}`: include/render/layout look only in an empty in-memory map, never on disk;
 *  - `ownPropertyOnly`: no reaching prototypes (`record.constructor`);
 *  - `strictFilters`: a misspelt filter is an error at save time, not a silently empty value;
 *  - parse, render-time and memory limits, so a loop over a huge range cannot hang the runtime.
 * HTML output (documents, HTML e-mail) escapes every value by default: a deal titled "<b>" prints
 * as text, not markup; `| raw` opts out for a value known to be HTML.
 */

export interface RenderOptions {
  /** Escape values for HTML (documents and HTML e-mail). Default false: subjects, file names and plain-text mail. */
  html?: boolean;
  /** Where the problem is reported (details[].field). Default 'body'. */
  field?: string;
}

const LIMITS = { parseLimit: 200_000, renderLimit: 2_000, memoryLimit: 20_000_000 };

interface ContextSettings {
  app?: { timeZone?: unknown; currency?: unknown };
}

function settingsFrom(context: object, locale: TemplateLocale): FilterSettings {
  const app = (context as ContextSettings).app;
  return {
    locale,
    timeZone: typeof app?.timeZone === 'string' ? app.timeZone : 'Europe/Moscow',
    currency: typeof app?.currency === 'string' ? app.currency : 'RUB',
  };
}

function engineFor(settings: FilterSettings, html: boolean): Liquid {
  const liquid = new Liquid({
    templates: {},
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    ...(html ? { outputEscape: 'escape' as const } : {}),
    ...LIMITS,
  });
  liquid.registerFilter('money', (value: unknown, currency?: unknown) => formatMoney(value, settings, currency));
  liquid.registerFilter('number', (value: unknown, digits?: unknown) => formatNumber(value, settings, digits));
  liquid.registerFilter('date', (value: unknown, style?: unknown) => formatDate(value, settings, style));
  liquid.registerFilter('datetime', (value: unknown) => formatDateTime(value, settings));
  liquid.registerFilter('words_ru', (value: unknown) => wordsRu(value));
  liquid.registerFilter('words_en', (value: unknown, currency?: unknown) => wordsEn(value, settings, currency));
  return liquid;
}

/** Parsing needs no context: the filters are registered with neutral settings. */
const checker = engineFor({ locale: 'ru', timeZone: 'UTC', currency: 'RUB' }, false);

function lineOf(error: LiquidError): number | undefined {
  try {
    const [line] = error.token.getPosition();
    return typeof line === 'number' ? line : undefined;
  } catch {
    return undefined;
  }
}

/** The first line of liquidjs's message, without its ", line:3, col:7" tail (the line is its own detail). */
function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).replace(/,? line:\d+, col:\d+$/, '');
}

export function templateProblem(error: unknown, field: string): ErrorDetail {
  const line = error instanceof LiquidError ? lineOf(error) : undefined;
  return { field, code: 'TEMPLATE_INVALID', message: messageOf(error), ...(line === undefined ? {} : { line }) };
}

/** The template's Liquid problems (empty when it parses): what saving a template checks. */
export function checkTemplate(source: string, field = 'body'): ErrorDetail[] {
  try {
    checker.parse(source);
    return [];
  } catch (error) {
    return [templateProblem(error, field)];
  }
}

/**
 * Renders a Liquid template with our filters (money, number, date, datetime, words_ru, words_en) in
 * `locale`, dates in the context's app.timeZone and money in its app.currency. A template that
 * does not parse or fails while rendering is refused with 422 TEMPLATE_INVALID naming the line.
 */
export async function renderTemplate(source: string, context: object, locale: TemplateLocale, options: RenderOptions = {}): Promise<string> {
  const liquid = engineFor(settingsFrom(context, locale), options.html === true);
  const field = options.field ?? 'body';
  let parsed;
  try {
    parsed = liquid.parse(source);
  } catch (error) {
    throw TemplateInvalidError.create(undefined, [templateProblem(error, field)]);
  }
  try {
    const out: unknown = await liquid.render(parsed, context);
    return typeof out === 'string' ? out : String(out);
  } catch (error) {
    throw TemplateInvalidError.create(undefined, [templateProblem(error, field)]);
  }
}
