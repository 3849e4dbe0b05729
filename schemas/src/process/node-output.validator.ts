import type { App, Node } from '../../generated/definition.types.js';
import { recordAjv } from '../record/record-ajv.instance.js';
import { nodeOutputSchema } from './node-type.catalog.js';

/*
 * Checks an output a node really produced against the schema the node-type catalog declares for it,
 * so the catalog cannot drift from engine/src/nodes (tests/engine/node-conditions.integration.test.ts
 * runs every step of its runs through it). Uses the record Ajv instance: its schemas come and go.
 */

/** Why `output` does not fit the node's declared output schema; empty when it fits. */
export function nodeOutputIssues(app: App, node: Node, entity: string | undefined, output: unknown): string[] {
  const schema = nodeOutputSchema(app, node, entity);
  const validate = recordAjv.compile(schema);
  const ok = validate(output);
  recordAjv.removeSchema(schema);
  if (ok) return [];
  return (validate.errors ?? []).map((error) => `${node.id} (${node.type})${error.instancePath} ${error.message ?? 'does not fit'}`);
}

/** Why a declared schema cannot be compiled (unknown keyword, bad type, ...), or null when it can; absent is fine. */
export function jsonSchemaProblem(schema: Record<string, unknown> | undefined): string | null {
  if (schema === undefined) return null;
  try {
    recordAjv.compile(schema);
    recordAjv.removeSchema(schema);
    return null;
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
}
