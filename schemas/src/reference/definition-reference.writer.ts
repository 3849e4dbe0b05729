import processSchema from '../../json/process.schema.json' with { type: 'json' };
import type { Node } from '../../generated/definition.types.js';
import { OPERATORS_BY_FAMILY } from '../condition/condition.operators.js';
import { buildCatalog } from '../definition/definition.catalog.js';
import { SIMULATE_REQUEST_SCHEMA } from '../http/process-simulate.contract.js';
import { nodeOutputHandles } from '../process/node-handle.catalog.js';
import { DEFAULT_DEPTH_LIMIT, DEFAULT_NODE_LIMIT_CEILINGS, NODE_LIMITS_CATALOG } from '../process/node-limits.catalog.js';
import { NODE_TYPES, nodeOutputSchema, type NodeCategory } from '../process/node-type.catalog.js';
import { triggerPayloadSchema } from '../process/trigger-payload.catalog.js';
import type { JsonSchema } from '../record/record-schema.types.js';
import { SCRIPT_API, SCRIPT_PARAMETERS } from '../script/script-api.catalog.js';
import { NODE_EXAMPLES, TRIGGER_EXAMPLES } from './process-examples.catalog.js';
import { cell, constraintText, schemaTypeText, type NamedSchemas } from './json-schema-text.mapping.js';
import { recordReadSchema } from '../record/record-types.generator.js';
import { REFERENCE_SAMPLE_APP } from './reference-sample.app.js';
import { VALUE_REFERENCE_SECTION } from './value-reference.section.js';

/*
 * The definition-language reference for people who write process graphs by hand, generated from
 * the schemas and the catalogs (docs/definition-language.md; `npm run gen:reference`). Nothing in
 * it is typed twice: node configs come from process.schema.json, words and outputs from the node
 * catalog, defaults from the limits catalog, the script convention from the script API catalog,
 * the test-run request from its contract. A test fails when the checked-in file is stale.
 */

type Defs = Record<string, JsonSchema>;

const SAMPLE_CATALOG = buildCatalog(REFERENCE_SAMPLE_APP);

/** The sample app's record types, printed once and then by name. */
const RECORD_TYPES: ReadonlyArray<{ name: string; schema: JsonSchema }> = REFERENCE_SAMPLE_APP.entities.flatMap((entity) => {
  const schema = recordReadSchema(SAMPLE_CATALOG, entity.name);
  return schema ? [{ name: `${entity.name.charAt(0).toUpperCase()}${entity.name.slice(1)}Record`, schema }] : [];
});

const NAMES: NamedSchemas = new Map(RECORD_TYPES.map((type) => [JSON.stringify(type.schema), type.name]));

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DEFS: Defs = {};
for (const [name, schema] of Object.entries<unknown>(processSchema.$defs)) if (isSchema(schema)) DEFS[name] = schema;

function def(title: string): JsonSchema {
  const found = DEFS[title];
  if (!found) throw new Error(`process.schema.json has no $defs/${title}`);
  return found;
}

function propertiesOf(schema: JsonSchema): Array<[string, JsonSchema]> {
  const properties = schema['properties'];
  return isSchema(properties) ? Object.entries(properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1])) : [];
}

function requiredOf(schema: JsonSchema): Set<string> {
  const required = schema['required'];
  return new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
}

/** A table of an object schema's members: name, type, required, default, what it means. */
function memberTable(schema: JsonSchema, skip: readonly string[] = []): string[] {
  const required = requiredOf(schema);
  const rows = propertiesOf(schema)
    .filter(([name]) => !skip.includes(name))
    .map(([name, member]) => {
      const constraints = constraintText(member);
      const description = typeof member['description'] === 'string' ? member['description'] : '';
      const text = [description, constraints === '' ? '' : `(${constraints})`].filter((part) => part !== '').join(' ');
      const fallback = 'default' in member ? `\`${JSON.stringify(member['default'])}\`` : '';
      return `| \`${name}\` | \`${cell(schemaTypeText(member))}\` | ${required.has(name) ? 'yes' : ''} | ${fallback} | ${cell(text)} |`;
    });
  if (rows.length === 0) return ['No settings.'];
  return ['| member | type | required | default | meaning |', '|---|---|---|---|---|', ...rows];
}

function json(value: unknown): string[] {
  return ['```json', JSON.stringify(value, null, 2), '```'];
}

const CATEGORY_TITLES: Readonly<Record<NodeCategory, string>> = {
  logic: 'Logic',
  records: 'Records',
  people: 'People',
  timing: 'Timing',
  integration: 'Integration',
  flow: 'Flow',
};

function nodeSection(type: Node['type']): string[] {
  const info = NODE_TYPES[type];
  const example = NODE_EXAMPLES[type];
  const configSchema = def(info.configTitle)['properties'];
  const config = isSchema(configSchema) && isSchema(configSchema['config']) ? configSchema['config'] : {};
  const handles = nodeOutputHandles(example).map((h) => `\`${h.handle}\`${h.required ? '' : ' (may be left open)'}`);
  const nodeDescription = def(info.configTitle)['description'];
  return [
    `### \`${type}\`: ${info.label.en} / ${info.label.ru}`,
    '',
    info.description.en,
    '',
    `*${info.description.ru}*`,
    '',
    ...(typeof nodeDescription === 'string' ? [nodeDescription, ''] : []),
    `- Waits: ${info.waits ? 'yes (the run stops here and resumes on a timer, a person or a child run)' : 'no'}`,
    `- In a before-save process: ${info.beforeSave ? 'allowed' : 'not allowed'}`,
    `- Handles (edges leave through): ${handles.length === 0 ? 'none (the branch ends)' : handles.join(', ')}`,
    '',
    '**Config**',
    '',
    ...memberTable(config),
    '',
    `**Output** (\`steps.${example.id}\`, for the example below in a process on \`deal\`)`,
    '',
    '```ts',
    schemaTypeText(nodeOutputSchema(REFERENCE_SAMPLE_APP, example, 'deal', SAMPLE_CATALOG), 4, NAMES),
    '```',
    '',
    '**Example**',
    '',
    ...json(example),
    '',
  ];
}

function nodesSection(): string[] {
  const types = Object.keys(NODE_EXAMPLES).filter((t): t is Node['type'] => t in NODE_TYPES);
  const lines = ['## Node types', '', '| type | label | category | waits | before-save |', '|---|---|---|---|---|'];
  for (const type of types) {
    const info = NODE_TYPES[type];
    lines.push(`| [\`${type}\`](#${type.replace(/_/g, '')}-${info.label.en.toLowerCase().replace(/[^a-z0-9]+/g, '-')}) | ${info.label.en} / ${info.label.ru} | ${CATEGORY_TITLES[info.category]} | ${info.waits ? 'yes' : ''} | ${info.beforeSave ? 'yes' : ''} |`);
  }
  lines.push('');
  for (const type of types) lines.push(...nodeSection(type));
  return lines;
}

function recordTypesSection(): string[] {
  return [
    '## Record types in the examples',
    '',
    'The examples below run in a small app with companies, contacts and deals. A record as processes see it has the system columns and the entity\'s fields:',
    '',
    '```ts',
    ...RECORD_TYPES.map((type) => `type ${type.name} = ${schemaTypeText(type.schema, 1)};`),
    '```',
    '',
  ];
}

function triggersSection(): string[] {
  const catalog = SAMPLE_CATALOG;
  const lines = ['## Triggers', '', 'A process has one trigger. `trigger` in values, conditions and scripts holds its payload.', ''];
  for (const [type, example] of Object.entries(TRIGGER_EXAMPLES)) {
    const title = `${type.charAt(0).toUpperCase()}${type.slice(1)}Trigger`;
    const entity = 'entity' in example && typeof example.entity === 'string' ? example.entity : undefined;
    lines.push(
      `### \`${type}\``,
      '',
      ...memberTable(def(title), ['type']),
      '',
      '**Payload** (`trigger`)',
      '',
      '```ts',
      schemaTypeText(triggerPayloadSchema(example, { app: REFERENCE_SAMPLE_APP, catalog, entity }), 3, NAMES),
      '```',
      '',
      '**Example**',
      '',
      ...json(example),
      '',
    );
  }
  return lines;
}

function sharedTypesSection(): string[] {
  const lines = ['## Shared types', ''];
  for (const title of ['Duration', 'ValueRef', 'FieldValues', 'RetryPolicy', 'HttpRetryOn', 'StartInput', 'StartInputCondition', 'Edge']) {
    const schema = DEFS[title];
    if (!schema) continue;
    const description = typeof schema['description'] === 'string' ? schema['description'] : '';
    lines.push(`### \`${title}\``, '', ...(description === '' ? [] : [description, '']));
    lines.push(...(propertiesOf(schema).length > 0 ? memberTable(schema) : ['```ts', schemaTypeText(schema), '```']), '');
  }
  return lines;
}

function limitsSection(): string[] {
  return [
    '## Limits and defaults',
    '',
    'A node without `retry` (or with parts of it left out) gets these defaults. An administrator sets the ceilings a node may ask for; a process above them is refused at publish.',
    '',
    '| setting | default | meaning |',
    '|---|---|---|',
    ...NODE_LIMITS_CATALOG.map((entry) => `| \`${entry.key}\` | \`${JSON.stringify(entry.default)}\` | ${cell(entry.description.en)} |`),
    '',
    `Default ceilings: at most ${DEFAULT_NODE_LIMIT_CEILINGS.maxAttempts} attempts, retry delays up to ${DEFAULT_NODE_LIMIT_CEILINGS.maxRetryDelayMs / 60_000} minutes, HTTP timeouts up to ${DEFAULT_NODE_LIMIT_CEILINGS.maxHttpTimeoutMs / 1000} s. Processes that trigger each other stop after ${DEFAULT_DEPTH_LIMIT} in a row.`,
    '',
  ];
}

function scriptsSection(): string[] {
  return [
    '## Scripts',
    '',
    'A `script` node\'s `source` is the body of `async function (record, trigger, steps, user, now, api)`; what it returns (JSON) is the step\'s output. It runs in an isolated sandbox with no network, file system or timers. TypeScript is type-checked at publish against the app\'s record types; `steps` is typed from the outputs of the nodes before it.',
    '',
    '| parameter | type | what it is |',
    '|---|---|---|',
    ...SCRIPT_PARAMETERS.map((p) => `| \`${p.name}\` | \`${cell(p.type)}\` | ${cell(p.description.en)} |`),
    '',
    '| `api` function | what it does |',
    '|---|---|',
    ...Object.values(SCRIPT_API).map((f) => `| \`${cell(f.signature)}\` | ${cell(f.description.en)} |`),
    '',
  ];
}

function conditionsSection(): string[] {
  return [
    '## Condition operators by value family',
    '',
    'The family of a subject comes from its field type (record fields) or from the JSON Schema of the output or payload it belongs to.',
    '',
    '| family | operators |',
    '|---|---|',
    ...Object.entries(OPERATORS_BY_FAMILY).map(([family, ops]) => `| ${family} | ${ops.map((op) => `\`${op}\``).join(', ')} |`),
    '',
  ];
}

function simulateSection(): string[] {
  return [
    '## Test runs (simulate)',
    '',
    '`POST /api/processes/:name/simulate` (builders and admins) runs the live version without writing anything.',
    '',
    SIMULATE_REQUEST_SCHEMA.description,
    '',
    ...memberTable(SIMULATE_REQUEST_SCHEMA),
    '',
    'The answer: `{process, version, triggerMatched, status, error, path, steps: [{nodeId, nodeType, status, handle, input, output, effects, logs, error}], effects, record}`. A record the trigger does not match gives `status: "not-started"` and the error `TRIGGER_NOT_MATCHED`.',
    '',
  ];
}

export function writeDefinitionReference(): string {
  const lines = [
    '<!-- Generated by `npm run gen:reference` from schemas/json and the catalogs in schemas/src. Do not edit. -->',
    '',
    '# The definition language: processes',
    '',
    'For people who write process graphs by hand (the builder writes the same JSON). A process is a trigger and a graph of nodes joined by edges; edges start at the trigger with `from: "trigger"` and leave a node through one of its handles.',
    '',
    '## Process',
    '',
    ...memberTable(processSchema),
    '',
    ...VALUE_REFERENCE_SECTION,
    ...recordTypesSection(),
    ...triggersSection(),
    ...nodesSection(),
    ...sharedTypesSection(),
    ...limitsSection(),
    ...conditionsSection(),
    ...scriptsSection(),
    ...simulateSection(),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
