import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { issue, type RuleContext } from './rule.context.js';

/*
 * An entity is stored in the table `rec_<name>`, and PostgreSQL cuts identifiers at 63 bytes: a
 * longer table name would be silently truncated, so two long names could share a table. Names are
 * snake_case ASCII (one byte a character), so an entity name may have at most 63 - 4 characters.
 */
export const TABLE_PREFIX = 'rec_';
export const MAX_ENTITY_NAME_LENGTH = 63 - TABLE_PREFIX.length;

export function checkEntityNameLengths(ctx: RuleContext): DefinitionIssue[] {
  return ctx.app.entities.flatMap((entity, e) =>
    entity.name.length <= MAX_ENTITY_NAME_LENGTH
      ? []
      : [
          issue('ENTITY_NAME_TOO_LONG', joinPointer(`/entities/${e}`, 'name'), {
            ru: `Имя сущности «${entity.name}» длиннее ${MAX_ENTITY_NAME_LENGTH} символов (${entity.name.length}): таблица ${TABLE_PREFIX}${entity.name} не поместится в 63 символа PostgreSQL; сократите имя`,
            en: `Entity name "${entity.name}" is longer than ${MAX_ENTITY_NAME_LENGTH} characters (${entity.name.length}): its table ${TABLE_PREFIX}${entity.name} would not fit PostgreSQL's 63; shorten the name`,
          }),
        ],
  );
}
