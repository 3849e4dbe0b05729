import type { JsonSchema } from '@crm/schemas';
import type { TextTemplateKind } from '../api/text-templates.api.js';
import { isJsonObject, resolveSchema } from './schema-form.mapping.js';

/*
 * The process designer's template pickers: the `template` member of a node's config names a text
 * template, which lives outside the definition, so its choices come from the runtime rather than
 * from the schema. The config schema is given the picker's widget (x-widget: text-template) and
 * the kind of template to offer (x-template-kind), whatever hints the schema itself carries.
 */

/** Which kind of template each node type's `template` member names. */
const NODE_TEMPLATE_KINDS: Readonly<Record<string, TextTemplateKind>> = { document: 'document', email: 'email' };

export function templateKindOfNode(nodeType: string): TextTemplateKind | undefined {
  return NODE_TEMPLATE_KINDS[nodeType];
}

/** The config schema of `nodeType` with the template picker on its `template` member; other schemas as they are. */
export function withTemplatePicker(nodeType: string, config: JsonSchema | undefined): JsonSchema | undefined {
  const kind = templateKindOfNode(nodeType);
  if (!config || !kind) return config;
  const { schema } = resolveSchema(config);
  const properties = schema['properties'];
  if (!isJsonObject(properties) || !isJsonObject(properties['template'])) return config;
  const template = { ...properties['template'], 'x-widget': 'text-template', 'x-template-kind': kind };
  return { ...schema, properties: { ...properties, template } };
}

/** The kind a picker offers, from its member's schema. */
export function pickerKind(schema: JsonSchema): TextTemplateKind {
  return schema['x-template-kind'] === 'document' ? 'document' : 'email';
}
