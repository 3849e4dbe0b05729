import type { Entity, TemplateBundle, TemplateTextTemplate } from '../../generated/definition.types.js';
import { buildCatalog, relationCardinality, type DefinitionCatalog } from '../definition/definition.catalog.js';
import { isSystemField } from '../definition/system-field.catalog.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { issue, repeatedNames } from '../semantic/rule.context.js';
import { semanticMessages as m } from '../semantic/semantic-issue.messages.js';
import { NUMBER_FORMAT_MESSAGES, numberFormatProblem } from './template-text-number.rules.js';

/*
 * A template's document and e-mail templates (`textTemplates`, the shape POST /api/text-templates
 * takes): each name once, an entity of the app, a subject for an e-mail, and every field the Liquid
 * reads of the record known. The runtime's own parser (liquidjs) checks the Liquid syntax when the
 * template is installed; here, without Liquid, the references are found by their text:
 *   record.<field>                        a field or system field of the template's entity
 *   record.<relation>.<field>             a field of a many-to-one relation's target
 *   record.<owner|user field>.<id|name|email>
 *   {% for x in record.<one-to-many> %} x.<field> x.<relation>.<field>   the children's fields
 * Deeper paths, Liquid's own properties on lists (size, first) and other variables are not checked.
 * A numbering belongs to a document and its format must number something (template-text-number.rules).
 */

type Part = 'body' | 'subject' | 'fileName';
const PARTS: readonly Part[] = ['body', 'subject', 'fileName'];
const PERSON_KEYS = new Set(['id', 'name', 'email']);
const PEOPLE_SYSTEM_FIELDS = new Set(['owner', 'created_by', 'updated_by']);
const LOOP = /\{%-?\s*for\s+([a-z_][a-z0-9_]*)\s+in\s+record\.([a-z_][a-z0-9_]*)/gi;

const quoted = (name: string): LocalizedMessage => ({ ru: `«${name}»`, en: `"${name}"` });
const where = (template: string): LocalizedMessage => ({ ru: `Шаблон документа или письма ${quoted(template).ru}`, en: `Document or e-mail template ${quoted(template).en}` });

/** The unknown name in a path read from `entity`, as [entity it was looked up in, name], or null when known (or unchecked). */
function unknownInPath(catalog: DefinitionCatalog, entity: Entity, path: readonly string[]): [string, string] | null {
  const [first, second] = path;
  if (first === undefined) return null;
  if (isSystemField(first)) {
    return PEOPLE_SYSTEM_FIELDS.has(first) && second !== undefined && !PERSON_KEYS.has(second) ? [first, second] : null;
  }
  const field = catalog.field(entity.name, first);
  if (!field) return [entity.name, first];
  if (second === undefined) return null;
  if (field.type === 'user') return PERSON_KEYS.has(second) ? null : [first, second];
  if (field.type !== 'relation' || relationCardinality(field) !== 'many-to-one') return null;
  const target = catalog.entity(field.target);
  if (!target || isSystemField(second) || catalog.field(target.name, second)) return null;
  return [target.name, second];
}

function pathsAfter(source: string, variable: string): string[][] {
  const pattern = new RegExp(`(?<![\\w.])${variable}((?:\\.[a-z_][a-z0-9_]*)+)`, 'gi');
  return [...source.matchAll(pattern)].map((match) => (match[1] ?? '').slice(1).split('.'));
}

/** The loop variables over a one-to-many relation of the record, with the children's entity. */
function loopEntities(catalog: DefinitionCatalog, entity: Entity, source: string): Map<string, Entity> {
  const loops = new Map<string, Entity>();
  for (const match of source.matchAll(LOOP)) {
    const [, variable, relation] = match;
    if (variable === undefined || relation === undefined || variable === 'record') continue;
    const field = catalog.field(entity.name, relation);
    const target = field?.type === 'relation' ? catalog.entity(field.target) : undefined;
    if (target && field?.type === 'relation' && relationCardinality(field) !== 'many-to-one') loops.set(variable, target);
  }
  return loops;
}

function referenceIssues(catalog: DefinitionCatalog, template: TemplateTextTemplate, entity: Entity, at: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const reported = new Set<string>();
  for (const part of PARTS) {
    const source = template[part];
    if (source === undefined) continue;
    const reads: Array<[Entity, string[]]> = pathsAfter(source, 'record').map((path) => [entity, path]);
    for (const [variable, child] of loopEntities(catalog, entity, source)) reads.push(...pathsAfter(source, variable).map((path): [Entity, string[]] => [child, path]));
    for (const [from, path] of reads) {
      const unknown = unknownInPath(catalog, from, path);
      if (!unknown || reported.has(`${part}:${unknown.join('.')}`)) continue;
      reported.add(`${part}:${unknown.join('.')}`);
      issues.push(issue('UNKNOWN_FIELD', joinPointer(at, part), m.unknownField(where(template.name), unknown[0], unknown[1])));
    }
  }
  return issues;
}

function numberingIssues(template: TemplateTextTemplate, at: string): DefinitionIssue[] {
  const numbering = template.numbering;
  if (!numbering) return [];
  if (template.kind !== 'document') {
    return [issue('NUMBERING_NOT_DOCUMENT', joinPointer(at, 'numbering'), { ru: `Нумерация есть только у документов, а ${quoted(template.name).ru} — шаблон письма`, en: `Only documents are numbered; ${quoted(template.name).en} is an e-mail template` })];
  }
  const problem = numberFormatProblem(numbering.format);
  if (!problem) return [];
  const message = NUMBER_FORMAT_MESSAGES[problem];
  return [issue('INVALID_NUMBER_FORMAT', joinPointer(at, 'numbering', 'format'), { ru: `${where(template.name).ru}: ${message.ru}`, en: `${where(template.name).en}: ${message.en}` })];
}

/** Issues in the template's `textTemplates`; pointers are relative to the template bundle. */
export function textTemplateIssues(bundle: TemplateBundle): DefinitionIssue[] {
  const templates = bundle.textTemplates ?? [];
  const catalog = buildCatalog(bundle.app);
  const repeated = new Set(repeatedNames(templates, (t) => t.name).map((r) => r.index));
  return templates.flatMap((template, i) => {
    const at = joinPointer('', 'textTemplates', i);
    const issues: DefinitionIssue[] = [];
    if (repeated.has(i)) {
      issues.push(issue('DUPLICATE_NAME', joinPointer(at, 'name'), { ru: `Шаблон ${quoted(template.name).ru} указан дважды`, en: `Template ${quoted(template.name).en} appears twice` }));
    }
    if (template.kind === 'email' && (template.subject ?? '').trim() === '') {
      issues.push(issue('REQUIRED', joinPointer(at, 'subject'), { ru: `У шаблона письма ${quoted(template.name).ru} должна быть тема`, en: `E-mail template ${quoted(template.name).en} needs a subject` }));
    }
    issues.push(...numberingIssues(template, at));
    const entity = catalog.entity(template.entity);
    if (!entity) return [...issues, issue('UNKNOWN_ENTITY', joinPointer(at, 'entity'), m.unknownEntity(where(template.name), template.entity))];
    return [...issues, ...referenceIssues(catalog, template, entity, at)];
  });
}
