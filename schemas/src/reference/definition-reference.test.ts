import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkShape } from '../validation/shape.validators.js';
import { validateApp } from '../validation/app.validator.js';
import { NODE_TYPES } from '../process/node-type.catalog.js';
import { writeDefinitionReference } from './definition-reference.writer.js';
import { NODE_EXAMPLES, TRIGGER_EXAMPLES } from './process-examples.catalog.js';
import { REFERENCE_SAMPLE_APP } from './reference-sample.app.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE_FILE = path.resolve(here, '../../../docs/definition-language.md');

describe('the definition-language reference', () => {
  it('is current: docs/definition-language.md is what the schemas and catalogs generate (npm run gen:reference)', () => {
    expect(fs.readFileSync(REFERENCE_FILE, 'utf8')).toBe(writeDefinitionReference());
  });

  it('shows every node type with its config, output and example, every trigger with its payload, the script convention and the test-run request', () => {
    const text = writeDefinitionReference();
    for (const type of Object.keys(NODE_TYPES)) expect(text).toContain(`### \`${type}\`:`);
    for (const type of Object.keys(TRIGGER_EXAMPLES)) expect(text).toContain(`### \`${type}\`\n`);
    for (const section of ['## Values and references', '**Output**', '**Payload**', '## Limits and defaults', '## Scripts', '## Test runs (simulate)', '`ignoreTrigger`', 'findRecords(entity']) {
      expect(text).toContain(section);
    }
  });

  it('gives examples that are valid definitions: each node and trigger passes its schema, the sample app is a valid app', () => {
    for (const example of Object.values(NODE_EXAMPLES)) expect(checkShape('node', example), example.id).toMatchObject({ ok: true });
    for (const example of Object.values(TRIGGER_EXAMPLES)) expect(checkShape('trigger', example), example.type).toMatchObject({ ok: true });
    expect(validateApp(REFERENCE_SAMPLE_APP)).toMatchObject({ ok: true });
  });
});
