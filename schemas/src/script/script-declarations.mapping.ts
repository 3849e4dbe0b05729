import type { App, Process } from '../../generated/definition.types.js';
import { buildCatalog } from '../definition/definition.catalog.js';
import { READ_ONLY_SYSTEM_FIELDS } from '../definition/system-field.catalog.js';
import { typeExpressionOf } from '../process/json-schema-type.mapping.js';
import { subjectsAtNode } from '../process/process-subjects.mapping.js';
import type { JsonSchema } from '../record/record-schema.types.js';
import type { ScriptApiName } from './script-api.catalog.js';
import { recordReadSchema, recordTypeName } from '../record/record-types.generator.js';

/*
 * What a script node's code is type-checked against, built once for both places that check it:
 * the publish-time checker (engine, TypeScript on the server) and the builder's code editor
 * (TypeScript in a web worker). Synchronous and browser-safe on purpose: the record types come
 * from the read schemas through typeExpressionOf, not json-schema-to-typescript (prettier, async).
 *
 * The script is the body of one function; its header is ONE line, so line N + 1 of the wrapped
 * file is line N of the script and an offset in the script is `offset + header.length`.
 */

export type ScriptSourceLanguage = 'javascript' | 'typescript';

export interface ScriptDeclarations {
  /** Global interfaces: one `<Entity>Record` per entity and `AppRecords`. */
  recordTypes: string;
  /** The type of `record`: the trigger entity's record type, or 'null' without one. */
  recordTypeName: string;
  triggerType: string;
  stepsType: string;
  /** Members of `interface ScriptApi`, typed per entity. */
  apiDeclarations: string;
}

/** The host's part of the environment: console, user, trigger, steps (extended by the api declarations). */
export const SCRIPT_ENV_DECLARATIONS = `
interface ScriptConsole {
  log(...values: unknown[]): void;
  info(...values: unknown[]): void;
  debug(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
}
interface ScriptApi {}
interface ScriptUser {
  readonly id: string;
  readonly [attribute: string]: unknown;
}
interface ScriptTrigger {
  readonly [key: string]: unknown;
}
type ScriptSteps = { readonly [nodeId: string]: unknown };
declare var console: ScriptConsole;
`;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function memberKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/**
 * `interface DealRecord { readonly id: string; title: string; amount: number | null; ... }` per
 * entity: system fields and formulas are read-only, like json-schema-to-typescript's `crm types`.
 * With `labels`, each field carries its label in that language as a doc comment, which the
 * builder's editor shows next to the completion (the checker needs no comments).
 */
export function recordDeclarationsFor(app: App, labels?: 'ru' | 'en'): string {
  const catalog = buildCatalog(app);
  const seen = new Set<string>();
  const interfaces: string[] = [];
  const index: string[] = [];
  for (const entity of app.entities) {
    if (seen.has(entity.name)) continue;
    seen.add(entity.name);
    const schema = recordReadSchema(catalog, entity.name);
    const properties = schema?.['properties'];
    if (typeof properties !== 'object' || properties === null) continue;
    const readOnly = new Set<string>([...READ_ONLY_SYSTEM_FIELDS, ...entity.fields.filter((f) => f.type === 'formula').map((f) => f.name)]);
    const members = Object.entries(properties).map(([name, member]: [string, unknown]) => {
      const type = isSchema(member) ? typeExpressionOf(member) : 'unknown';
      const label = labels ? entity.fields.find((f) => f.name === name)?.label : undefined;
      const text = label && labels ? (label[labels] ?? label.en).replaceAll('*/', '* /') : undefined;
      return `${text ? `  /** ${text} */\n` : ''}  ${readOnly.has(name) ? 'readonly ' : ''}${memberKey(name)}: ${type};`;
    });
    const name = recordTypeName(entity.name);
    interfaces.push(`/** A record of ${entity.label.en} (${entity.name}). */\ninterface ${name} {\n${members.join('\n')}\n}`);
    index.push(`  ${memberKey(entity.name)}: ${name};`);
  }
  interfaces.push(`interface AppRecords {\n${index.join('\n')}\n}`);
  return `${interfaces.join('\n')}\n`;
}

/**
 * Each api function's declaration, keyed by the catalog's names: a function added to SCRIPT_API has
 * no types until it is here. Record functions are declared once per entity (`name` its quoted name,
 * `type` its record type); the others once.
 */
type ApiMember = { perEntity: (name: string, type: string) => string } | { once: string };

const API_MEMBERS: Readonly<Record<ScriptApiName, ApiMember>> = {
  getRecord: { perEntity: (name, type) => `getRecord(entity: ${name}, id: string): Promise<${type} | null>;` },
  findRecords: { perEntity: (name, type) => `findRecords(entity: ${name}, filter?: unknown, limit?: number): Promise<${type}[]>;` },
  createRecord: { perEntity: (name, type) => `createRecord(entity: ${name}, values: Partial<${type}>): Promise<${type}>;` },
  updateRecord: { perEntity: (name, type) => `updateRecord(entity: ${name}, id: string, values: Partial<${type}>): Promise<${type}>;` },
  lock: { once: 'lock(...key: Array<string | number | boolean | null>): Promise<void>;' },
};

/** `api` typed per entity: getRecord('deal', id) gives a DealRecord. */
export function apiDeclarationsFor(app: App): string {
  const members = Object.values(API_MEMBERS);
  const perEntity = app.entities.flatMap((entity) => {
    const type = recordTypeName(entity.name);
    const name = JSON.stringify(entity.name);
    return members.flatMap((member) => ('perEntity' in member ? [`  ${member.perEntity(name, type)}`] : []));
  });
  const once = members.flatMap((member) => ('once' in member ? [`  ${member.once}`] : []));
  return `interface ScriptApi {\n${[...perEntity, ...once].join('\n')}\n}\n`;
}

/**
 * `steps` and `trigger` typed from the node-type and trigger catalogs: the outputs of the steps
 * that can run before the script (subjectsAtNode), and the trigger's payload. Both keep their
 * index signature, so other keys still read as unknown.
 */
export function scriptScopeTypes(app: App, process: Process, nodeId: string): { recordTypeName: string; stepsType: string; triggerType: string } {
  const { subjects } = subjectsAtNode(app, process, nodeId);
  const steps = subjects
    .filter((s) => s.root.startsWith('steps.'))
    .map((s) => `readonly ${JSON.stringify(s.root.slice('steps.'.length))}: ${typeExpressionOf(s.schema)};`);
  const trigger = subjects.find((s) => s.root === 'trigger');
  const entity = 'entity' in process.trigger && typeof process.trigger.entity === 'string' ? process.trigger.entity : undefined;
  return {
    recordTypeName: entity && app.entities.some((e) => e.name === entity) ? recordTypeName(entity) : 'null',
    stepsType: steps.length === 0 ? 'ScriptSteps' : `ScriptSteps & { ${steps.join(' ')} }`,
    triggerType: trigger ? `ScriptTrigger & ${typeExpressionOf(trigger.schema)}` : 'ScriptTrigger',
  };
}

/** Everything a script node `nodeId` of `process` is checked against (`labels`: see recordDeclarationsFor). */
export function scriptDeclarationsFor(app: App, process: Process, nodeId: string, labels?: 'ru' | 'en'): ScriptDeclarations {
  return { recordTypes: recordDeclarationsFor(app, labels), apiDeclarations: apiDeclarationsFor(app), ...scriptScopeTypes(app, process, nodeId) };
}

export interface ScriptParameterTypes {
  recordTypeName: string;
  triggerType?: string;
  stepsType?: string;
  userType?: string;
}

/**
 * The one-line header the script's body follows. TypeScript gets typed parameters; JavaScript
 * gets the same types as JSDoc, so an editor still completes `record.` while the checker, with
 * checkJs off, reports only syntax errors for it.
 */
export function scriptHeader(types: ScriptParameterTypes, language: ScriptSourceLanguage): string {
  const parameters: Array<[string, string]> = [
    ['record', types.recordTypeName],
    ['trigger', types.triggerType ?? 'ScriptTrigger'],
    ['steps', types.stepsType ?? 'ScriptSteps'],
    ['user', types.userType ?? 'ScriptUser'],
    ['now', 'string'],
    ['api', 'ScriptApi'],
    ['console', 'ScriptConsole'],
  ];
  if (language === 'typescript') return `async function __script(${parameters.map(([name, type]) => `${name}: ${type}`).join(', ')}) {\n`;
  const doc = parameters.map(([name, type]) => `@param {${type}} ${name}`).join(' ');
  return `/** ${doc} */ async function __script(${parameters.map(([name]) => name).join(', ')}) {\n`;
}

export const SCRIPT_FOOTER = '\n}\n';

/** The file the checker sees: header line, the script as it is, closing brace. */
export function wrapScriptSource(source: string, types: ScriptParameterTypes, language: ScriptSourceLanguage): { text: string; bodyOffset: number } {
  const header = scriptHeader(types, language);
  return { text: `${header}${source}${SCRIPT_FOOTER}`, bodyOffset: header.length };
}
