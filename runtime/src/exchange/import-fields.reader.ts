import { isSystemField, type App, type ImportFieldInfo, type ImportFieldsAnswer } from '@crm/schemas';
import type { Knex } from 'knex';
import { loadAccessPolicy } from '../access/index.js';
import type { Actor } from '../people/user.types.js';
import { operationForbidden, requireEntityModel } from '../records/index.js';
import { bothLanguages, enumValuesOf, fieldLabel } from './field-labels.catalog.js';

/*
 * GET /api/import/:entity/fields: what an import wizard may map a CSV column to, for this caller.
 * Fields hidden from them are absent (as in the records API); fields they see but may not write
 * are listed with writable false, so the wizard can say why the column will be refused. Enum
 * fields carry their values with en / ru labels for mapping a column's values; relations name
 * their target (the import matches a cell by the target's name, unique field or id).
 */

const NOT_IMPORTED = new Set(['formula', 'file']);

export async function readImportFields(db: Knex, app: App, actor: Actor, entity: string): Promise<ImportFieldsAnswer> {
  const model = requireEntityModel(app, entity);
  const policy = await loadAccessPolicy(db, app, { user: actor });
  const access = policy.entity(model.name);
  if (!access.can('create') && !access.can('update')) throw operationForbidden(model, 'create');
  const fields: ImportFieldInfo[] = [];
  for (const field of model.entity.fields) {
    if (isSystemField(field.name) || !access.isFieldVisible(field.name) || NOT_IMPORTED.has(field.type)) continue;
    if (field.type === 'relation' && field.cardinality === 'one-to-many') continue;
    const options = field.type === 'enum' || field.type === 'multienum' ? enumValuesOf(app, model.name, field) : null;
    fields.push({
      name: field.name,
      label: fieldLabel(model.entity, field.name),
      type: field.type,
      required: field.required === true,
      writable: access.refusedFields({ [field.name]: null }, { kind: 'create' }).length === 0,
      unique: field.unique === true,
      ...(options ? { options: options.map((o) => ({ value: o.value, label: o.label })) } : {}),
      ...(field.type === 'relation' ? { target: field.target, many: field.cardinality === 'many-to-many' } : {}),
    });
  }
  fields.push({
    name: 'owner',
    label: fieldLabel(model.entity, 'owner'),
    type: 'user',
    required: false,
    writable: access.canChangeOwner(),
    unique: false,
  });
  return { entity: model.name, label: bothLanguages(model.entity.label, model.name), canCreate: access.can('create'), canUpdate: access.can('update'), fields };
}
