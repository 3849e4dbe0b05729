import type { Entity, Field } from '../../generated/definition.types.js';
import { relationCardinality } from '../definition/definition.catalog.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { issue, type RuleContext } from './rule.context.js';
import { words } from './subject.words.js';

/*
 * An entity's configured duplicate keys (`duplicateKeys`): every field named must exist and hold a
 * value two records can be compared on by equality. Long text, lists of values, formulas, files
 * and moments in time make no key: they are never "the same" in the way an INN or a company plus a
 * job title is. A relation is a key only when it holds one record (many-to-one).
 */

export const KEYABLE_TYPES: ReadonlySet<Field['type']> = new Set([
  'text',
  'integer',
  'number',
  'money',
  'percent',
  'date',
  'email',
  'phone',
  'url',
  'enum',
  'relation',
  'user',
]);

export function isKeyableField(field: Field): boolean {
  if (!KEYABLE_TYPES.has(field.type)) return false;
  return field.type !== 'relation' || relationCardinality(field) === 'many-to-one';
}

const q = words.quoted;

const unknownKeyField = (entity: string, field: string): LocalizedMessage => ({
  ru: `Ключ дублей сущности ${q(entity).ru} ссылается на поле ${q(field).ru}, которого в ней нет`,
  en: `A duplicate key of entity ${q(entity).en} refers to field ${q(field).en}, which the entity does not have`,
});

const notKeyable = (entity: string, field: string, type: string): LocalizedMessage => ({
  ru: `Ключ дублей сущности ${q(entity).ru}: поле ${q(field).ru} (тип ${type}) не годится для сравнения — подойдут текст, число, деньги, процент, дата, email, телефон, ссылка, список, связь «многие-к-одному» или пользователь`,
  en: `Duplicate key of entity ${q(entity).en}: field ${q(field).en} (type ${type}) cannot be compared; text, number, money, percent, date, email, phone, url, enum, a many-to-one relation or user will do`,
});

function keyIssues(ctx: RuleContext, entity: Entity, at: string): DefinitionIssue[] {
  return (entity.duplicateKeys ?? []).flatMap((key, k) =>
    key.flatMap((name, f) => {
      const pointer = joinPointer(at, 'duplicateKeys', k, f);
      const field = ctx.catalog.field(entity.name, name);
      if (!field) return [issue('UNKNOWN_FIELD', pointer, unknownKeyField(entity.name, name))];
      const type = field.type === 'relation' ? `relation ${relationCardinality(field)}` : field.type;
      return isKeyableField(field) ? [] : [issue('DUPLICATE_KEY_FIELD_NOT_COMPARABLE', pointer, notKeyable(entity.name, name, type))];
    }),
  );
}

export function checkDuplicateKeys(ctx: RuleContext): DefinitionIssue[] {
  return ctx.app.entities.flatMap((entity, e) => keyIssues(ctx, entity, `/entities/${e}`));
}
