import { describe, expect, it } from 'vitest';
import { describeSchema, nodeConfigSchema } from './schema-form.mapping.js';
import { pickerKind, templateKindOfNode, withTemplatePicker } from './text-template-picker.mapping.js';

/* The document and email nodes pick their template from the runtime's list, through the text-template widget. */

describe('withTemplatePicker', () => {
  it('gives the template member of a node config the picker and the kind to offer', () => {
    const config = { type: 'object', properties: { template: { type: 'string', 'x-order': 1 }, to: { type: 'string' } } };
    const fields = describeSchema(withTemplatePicker('document', config) ?? {});
    const template = fields.find((f) => f.key === 'template');
    expect(template?.widget).toBe('text-template');
    expect(pickerKind(template?.resolved.schema ?? {})).toBe('document');
    expect(fields.find((f) => f.key === 'to')?.widget).toBe('text');
  });

  it('leaves other nodes and configs without a template member as they are', () => {
    const config = { type: 'object', properties: { template: { type: 'string' } } };
    expect(withTemplatePicker('http', config)).toBe(config);
    const noTemplate = { type: 'object', properties: { subject: { type: 'string' } } };
    expect(withTemplatePicker('email', noTemplate)).toBe(noTemplate);
    expect(templateKindOfNode('email')).toBe('email');
  });

  it('applies to the email and document nodes of the process schema', () => {
    const email = describeSchema(withTemplatePicker('email', nodeConfigSchema('EmailNode')) ?? {});
    expect(email.find((f) => f.key === 'template')?.widget).toBe('text-template');
    expect(email.some((f) => f.key === 'subject')).toBe(true);
    const document = describeSchema(withTemplatePicker('document', nodeConfigSchema('DocumentNode')) ?? {}).find((f) => f.key === 'template');
    expect(document?.widget).toBe('text-template');
    expect(pickerKind(document?.resolved.schema ?? {})).toBe('document');
  });
});
