import { DEFINITION_SCHEMAS, SCHEMA_BASE_URI, type JsonSchema } from '@crm/schemas';

/*
 * The definition language's own JSON Schemas (schemas/json/*.schema.json) as OpenAPI components,
 * so the draft, publish and condition bodies are described by the schemas the runtime validates
 * with rather than a second copy. Each file becomes `Def<File>` and each of its $defs
 * `Def<File>_<Name>`; references between files ("field.schema.json#/$defs/Name", "#/$defs/X", "#")
 * are rewritten to those components. A reference to a file not in the set is left open ({}).
 */

const COMPONENT_PREFIX = '#/components/schemas/';

function fileStem(id: unknown): string | null {
  if (typeof id !== 'string' || !id.startsWith(SCHEMA_BASE_URI)) return null;
  return id.slice(SCHEMA_BASE_URI.length).replace(/\.schema\.json$/, '');
}

/** process -> DefProcess, field -> DefField */
export function definitionComponentName(stem: string, def?: string): string {
  const pascal = stem
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return def ? `Def${pascal}_${def}` : `Def${pascal}`;
}

function rewriteRef(ref: string, currentStem: string, known: ReadonlySet<string>): string | null {
  const [file, pointer = ''] = ref.split('#');
  const stem = file === '' || file === undefined ? currentStem : file.replace(/\.schema\.json$/, '');
  if (!known.has(stem)) return null;
  if (pointer === '' || pointer === '/') return COMPONENT_PREFIX + definitionComponentName(stem);
  const def = /^\/\$defs\/([A-Za-z0-9_]+)$/.exec(pointer)?.[1];
  return def ? COMPONENT_PREFIX + definitionComponentName(stem, def) : null;
}

/**
 * A property literally named "$ref" (a ValueRef's `{"$ref": "record.amount"}`) reads as a
 * reference to OpenAPI tools that resolve every "$ref" key; the same constraint as a pattern
 * property is equivalent JSON Schema and no tool mistakes it.
 */
function moveRefProperty(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema['properties'];
  if (typeof properties !== 'object' || properties === null || !('$ref' in properties)) return schema;
  const { $ref: refProperty, ...rest } = Object.fromEntries(Object.entries(properties));
  const patterns = schema['patternProperties'];
  return { ...schema, properties: rest, patternProperties: { ...(typeof patterns === 'object' && patterns !== null ? patterns : {}), '^\\$ref$': refProperty } };
}

function rewrite(value: unknown, stem: string, known: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, stem, known));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(moveRefProperty(Object.fromEntries(Object.entries(value))))) {
    if (key === '$id' || key === '$schema' || key === '$defs') continue;
    if (key === '$ref' && typeof inner === 'string') {
      const target = rewriteRef(inner, stem, known);
      if (target) out[key] = target;
      continue;
    }
    out[key] = rewrite(inner, stem, known);
  }
  return out;
}

function asSchema(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

function tagValue(schema: JsonSchema | undefined, property: string): string | null {
  const properties = schema?.['properties'];
  const tag: unknown = typeof properties === 'object' && properties !== null ? Reflect.get(properties, property) : undefined;
  const value: unknown = typeof tag === 'object' && tag !== null ? Reflect.get(tag, 'const') : undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * Ajv's `discriminator` names only the property; OpenAPI then takes component names as its values
 * ("DefField_TextField" instead of "text") unless a mapping says otherwise. The mapping is read
 * from each variant's `const`.
 */
function withDiscriminatorMappings(components: Record<string, JsonSchema>): void {
  for (const schema of Object.values(components)) {
    const discriminator = schema['discriminator'];
    const variants = schema['oneOf'];
    const property: unknown = typeof discriminator === 'object' && discriminator !== null ? Reflect.get(discriminator, 'propertyName') : undefined;
    if (typeof property !== 'string' || !Array.isArray(variants)) continue;
    const mapping: Record<string, string> = {};
    for (const variant of variants) {
      const ref: unknown = typeof variant === 'object' && variant !== null ? Reflect.get(variant, '$ref') : undefined;
      if (typeof ref !== 'string') continue;
      const value = tagValue(components[ref.slice(COMPONENT_PREFIX.length)], property);
      if (value !== null) mapping[value] = ref;
    }
    schema['discriminator'] = { propertyName: property, mapping };
  }
}

let bundled: Record<string, JsonSchema> | null = null;

/** Every definition schema and its $defs as components (built once: the files do not change at run time). */
export function definitionComponents(): Record<string, JsonSchema> {
  if (bundled) return bundled;
  const files: Array<{ stem: string; schema: JsonSchema }> = [];
  for (const schema of DEFINITION_SCHEMAS) {
    const stem = fileStem(schema.$id);
    if (stem) files.push({ stem, schema: asSchema(schema) });
  }
  const known = new Set(files.map((f) => f.stem));
  const out: Record<string, JsonSchema> = {};
  for (const { stem, schema } of files) {
    out[definitionComponentName(stem)] = asSchema(rewrite(schema, stem, known));
    const defs = schema['$defs'];
    if (typeof defs !== 'object' || defs === null) continue;
    for (const [name, def] of Object.entries(defs)) out[definitionComponentName(stem, name)] = asSchema(rewrite(def, stem, known));
  }
  withDiscriminatorMappings(out);
  bundled = out;
  return out;
}
