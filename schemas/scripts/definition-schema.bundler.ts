/*
 * Folds the definition-language schema files into one schema whose refs are all local
 * ("#/$defs/<Name>"), so json-schema-to-typescript emits every type once, in one file, without
 * resolving anything over the network or from disk.
 *
 * Each file's root becomes $defs/<its title>, each file's $defs/<X> becomes $defs/<X> (names are
 * unique across files; a clash is a programming error). The root file (app.schema.json) stays the
 * root. Discriminated unions (Field, Trigger, Node) lose the `type`/`required` they repeat from their
 * branches, so the generated type is a plain union rather than an intersection.
 *
 * Two json-schema-to-typescript habits are steered with its `tsType` keyword: a $ref with sibling
 * keywords (a description) would become a numbered alias (Name1, Condition1), so it names the
 * type directly; and a schema that only describes (no type keyword) would become an object, so it
 * is typed unknown.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface SchemaFile {
  /** The file name, such as "field.schema.json"; refs between files use it. */
  file: string;
  schema: JsonObject;
}

const SCHEMA_BASE = 'https://crm-builder.dev/schemas/';
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$comment', 'deprecated']);
/** Annotations, and the builder's x- hints (labels, widgets): neither changes the type. */
const isAnnotation = (key: string): boolean => ANNOTATIONS.has(key) || key.startsWith('x-');

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function titleOf(file: SchemaFile): string {
  const title = file.schema['title'];
  if (typeof title !== 'string') throw new Error(`${file.file} has no title; its root type needs one.`);
  return title;
}

function hasRootContent(schema: JsonObject): boolean {
  return Object.keys(schema).some((key) => !['$schema', '$id', 'title', 'description', '$defs'].includes(key));
}

function steerTypeName(schema: JsonObject, rootTypeName: string): JsonObject {
  const keys = Object.keys(schema);
  const ref = schema['$ref'];
  if (typeof ref === 'string' && keys.length > 1 && keys.every((k) => k === '$ref' || isAnnotation(k))) {
    const named = /^#\/\$defs\/([A-Za-z0-9_]+)$/.exec(ref)?.[1] ?? (ref === '#' ? rootTypeName : undefined);
    if (named) {
      const { $ref: _ref, ...rest } = schema;
      return { ...rest, tsType: named };
    }
  }
  if (keys.length > 0 && keys.every((k) => isAnnotation(k))) return { ...schema, tsType: 'unknown' };
  return schema;
}

export function bundleDefinitionSchemas(files: readonly SchemaFile[], rootFile: string): JsonObject {
  const rootNames = new Map<string, string>();
  for (const file of files) if (hasRootContent(file.schema)) rootNames.set(file.file, titleOf(file));

  const rewriteRef = (ref: string, currentFile: string): string => {
    const local = ref.startsWith(SCHEMA_BASE) ? ref.slice(SCHEMA_BASE.length) : ref;
    const hashAt = local.indexOf('#');
    const filePart = hashAt === -1 ? local : local.slice(0, hashAt);
    const fragment = hashAt === -1 ? '' : local.slice(hashAt + 1);
    const target = filePart === '' ? currentFile : filePart;
    if (!files.some((f) => f.file === target)) throw new Error(`${currentFile}: $ref "${ref}" names no known schema file.`);
    if (fragment.startsWith('/$defs/')) return `#${fragment}`;
    if (target === rootFile) return `#${fragment}`;
    const rootName = rootNames.get(target);
    if (!rootName) throw new Error(`${currentFile}: $ref "${ref}" points at a file without a root schema.`);
    return `#/$defs/${rootName}${fragment === '/' ? '' : fragment}`;
  };

  const rootTypeName = titleOf(files.find((f) => f.file === rootFile) ?? { file: rootFile, schema: {} });

  const rewrite = (value: JsonValue, currentFile: string): JsonValue => {
    if (Array.isArray(value)) return value.map((item) => rewrite(item, currentFile));
    if (!isObject(value)) return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') out[key] = rewriteRef(child, currentFile);
      else if (key === '$schema' || key === '$id' || key === 'discriminator') continue;
      else out[key] = rewrite(child, currentFile);
    }
    if (isObject(value['discriminator'])) {
      delete out['type'];
      delete out['required'];
    }
    return steerTypeName(out, rootTypeName);
  };

  const defs: JsonObject = {};
  const put = (name: string, schema: JsonValue, from: string): void => {
    if (name in defs) throw new Error(`Type name "${name}" is defined twice (second time in ${from}).`);
    defs[name] = schema;
  };

  let root: JsonObject | undefined;
  for (const file of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    const rewritten = rewrite(file.schema, file.file);
    if (!isObject(rewritten)) continue;
    const { $defs, ...rootSchema } = rewritten;
    if (isObject($defs)) for (const [name, def] of Object.entries($defs)) put(name, def, file.file);
    if (file.file === rootFile) root = rootSchema;
    else if (hasRootContent(file.schema)) put(titleOf(file), rootSchema, file.file);
  }
  if (!root) throw new Error(`The root schema file ${rootFile} is missing.`);
  return { ...root, $defs: defs };
}
