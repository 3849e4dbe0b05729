import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateTemplate, type DefinitionIssue, type TemplateBundle, type TemplateValidationResult } from '@crm/schemas';

/*
 * templates/<name>/template.json -> JSON -> validateTemplate -> TemplateBundle. A template that does
 * not exist or does not validate is an error with a code; readTemplate returns it as a value,
 * loadTemplate throws it.
 */

/** The folder holding one sub-folder per template. */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const TEMPLATE_FILE = 'template.json';

const TEMPLATE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export class TemplateNotFoundError extends Error {
  readonly code = 'TEMPLATE_NOT_FOUND';
  constructor(readonly template: string) {
    super(`There is no template "${template}".`);
  }
}

export class InvalidTemplateError extends Error {
  readonly code = 'INVALID_TEMPLATE';
  constructor(
    readonly template: string,
    readonly issues: DefinitionIssue[],
  ) {
    super(`Template "${template}" is not valid:\n${issues.map((i) => `  ${i.pointer || '/'}: ${i.message.en}`).join('\n')}`);
  }
}

export type TemplateReadResult = TemplateValidationResult | { ok: false; notFound: true };

/** Names of the templates under `root`: every folder with a template.json, sorted. */
export function listTemplates(root: string = TEMPLATES_DIR): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && TEMPLATE_NAME.test(entry.name) && fs.existsSync(path.join(root, entry.name, TEMPLATE_FILE)))
    .map((entry) => entry.name)
    .sort();
}

/** Reads and validates a template; problems come back as values. */
export function readTemplate(name: string, root: string = TEMPLATES_DIR): TemplateReadResult {
  const file = path.join(root, name, TEMPLATE_FILE);
  if (!TEMPLATE_NAME.test(name) || !fs.existsSync(file)) return { ok: false, notFound: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ code: 'INVALID_JSON', pointer: '', message: { ru: `Файл ${TEMPLATE_FILE} — не JSON: ${reason}`, en: `${TEMPLATE_FILE} is not JSON: ${reason}` } }] };
  }
  return validateTemplate(parsed);
}

/** The validated template `name`; throws TemplateNotFoundError or InvalidTemplateError. */
export function loadTemplate(name: string, root: string = TEMPLATES_DIR): TemplateBundle {
  const result = readTemplate(name, root);
  if (result.ok) return result.template;
  if ('notFound' in result) throw new TemplateNotFoundError(name);
  throw new InvalidTemplateError(name, result.issues);
}
