import type { App, DefinitionIssue } from '@crm/schemas';
import { searchCastFor } from '../storage/field-storage.mapping.js';

/*
 * What the definition validator cannot know but storage needs: stable ids unique (archives and
 * index names are keyed by them), search fields that PostgreSQL can put in a generated column,
 * indexes that can hold the values, and relations whose target exists (a foreign key needs the table).
 */

function issue(code: string, pointer: string, en: string, ru: string): DefinitionIssue {
  return { code, pointer, message: { en, ru } };
}

function duplicateIds(app: App): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const entityIds = new Map<string, string>();
  const fieldIds = new Map<string, string>();
  app.entities.forEach((entity, e) => {
    if (entity.id !== undefined) {
      const first = entityIds.get(entity.id);
      if (first !== undefined) {
        issues.push(
          issue(
            'DUPLICATE_ID',
            `/entities/${e}/id`,
            `Entity id "${entity.id}" is already used by ${first}; ids must be unique.`,
            `Идентификатор сущности "${entity.id}" уже занят (${first}); идентификаторы должны быть уникальны.`,
          ),
        );
      } else entityIds.set(entity.id, entity.name);
    }
    entity.fields.forEach((field, f) => {
      if (field.id === undefined) return;
      const first = fieldIds.get(field.id);
      if (first !== undefined) {
        issues.push(
          issue(
            'DUPLICATE_ID',
            `/entities/${e}/fields/${f}/id`,
            `Field id "${field.id}" is already used by ${first}; field ids must be unique across the app.`,
            `Идентификатор поля "${field.id}" уже занят (${first}); идентификаторы полей должны быть уникальны во всём приложении.`,
          ),
        );
      } else fieldIds.set(field.id, `${entity.name}.${field.name}`);
    });
  });
  return issues;
}

function unsearchableFields(app: App): DefinitionIssue[] {
  return app.entities.flatMap((entity, e) =>
    (entity.search ?? []).flatMap((name, s) => {
      const field = entity.fields.find((f) => f.name === name);
      if (!field || searchCastFor(field) !== null) return [];
      return [
        issue(
          'UNSEARCHABLE_FIELD',
          `/entities/${e}/search/${s}`,
          `Field ${entity.name}.${name} (${field.type}) cannot be part of full-text search; search text, number and choice fields.`,
          `Поле ${entity.name}.${name} (${field.type}) нельзя включить в полнотекстовый поиск; ищите по текстовым, числовым полям и спискам.`,
        ),
      ];
    }),
  );
}

/*
 * A btree entry must fit in about 2.7 kB; an indexed longtext would make saving a long text fail
 * long after publishing, so it is refused up front.
 */
function unindexableFields(app: App): DefinitionIssue[] {
  return app.entities.flatMap((entity, e) =>
    entity.fields.flatMap((field, f) =>
      field.type === 'longtext' && (field.indexed === true || field.unique === true)
        ? [
            issue(
              'UNINDEXABLE_FIELD',
              `/entities/${e}/fields/${f}`,
              `Field ${entity.name}.${field.name} is long text, which cannot be indexed or unique; use a text field, or full-text search.`,
              `Поле ${entity.name}.${field.name} — длинный текст, его нельзя индексировать или сделать уникальным; используйте текстовое поле или полнотекстовый поиск.`,
            ),
          ]
        : [],
    ),
  );
}

function missingTargets(app: App): DefinitionIssue[] {
  const names = new Set(app.entities.map((e) => e.name));
  return app.entities.flatMap((entity, e) =>
    entity.fields.flatMap((field, f) =>
      field.type === 'relation' && !names.has(field.target)
        ? [
            issue(
              'UNKNOWN_TARGET',
              `/entities/${e}/fields/${f}/target`,
              `Relation ${entity.name}.${field.name} points at "${field.target}", which is not an entity of this app.`,
              `Связь ${entity.name}.${field.name} указывает на "${field.target}", такой сущности в приложении нет.`,
            ),
          ]
        : [],
    ),
  );
}

export function findStorageIssues(app: App): DefinitionIssue[] {
  return [...duplicateIds(app), ...unsearchableFields(app), ...unindexableFields(app), ...missingTargets(app)];
}
