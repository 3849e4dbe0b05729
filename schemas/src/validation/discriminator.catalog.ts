import { DEFINITION_SCHEMAS } from './definition-schemas.registry.js';

/*
 * The tags each discriminated union accepts (Field -> text, longtext, ...; Node -> condition, ...),
 * read from the schemas themselves so an error can list what was expected.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tagsOf(union: Record<string, unknown>, file: Record<string, unknown>, propertyName: string): string[] {
  const branches = Array.isArray(union['oneOf']) ? union['oneOf'] : [];
  const defs = isRecord(file['$defs']) ? file['$defs'] : {};
  const tags: string[] = [];
  for (const branch of branches) {
    const ref = isRecord(branch) ? branch['$ref'] : undefined;
    const name = typeof ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(ref)?.[1] : undefined;
    const target = name === undefined ? undefined : defs[name];
    const properties = isRecord(target) && isRecord(target['properties']) ? target['properties'] : {};
    const tag = properties[propertyName];
    if (isRecord(tag) && typeof tag['const'] === 'string') tags.push(tag['const']);
  }
  return tags;
}

function collect(value: unknown, file: Record<string, unknown>, into: Map<string, readonly string[]>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, file, into);
    return;
  }
  if (!isRecord(value)) return;
  const discriminator = value['discriminator'];
  const title = value['title'];
  if (isRecord(discriminator) && typeof discriminator['propertyName'] === 'string' && typeof title === 'string') {
    into.set(title, tagsOf(value, file, discriminator['propertyName']));
  }
  for (const child of Object.values(value)) collect(child, file, into);
}

function buildCatalog(): ReadonlyMap<string, readonly string[]> {
  const catalog = new Map<string, readonly string[]>();
  for (const schema of DEFINITION_SCHEMAS) {
    const file: unknown = schema;
    if (isRecord(file)) collect(file, file, catalog);
  }
  return catalog;
}

const CATALOG = buildCatalog();

/** The tags of the union titled `title` (Field, Trigger, Node), in schema order. */
export function discriminatorTags(title: string): readonly string[] {
  return CATALOG.get(title) ?? [];
}
