import type { App, Entity, Field, WebForm } from '../../generated/definition.types.js';
import { relationCardinality } from '../definition/definition.catalog.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { issue, repeatedNames, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { webFormMessages as w, webFormWords } from './web-form-issue.messages.js';

/*
 * Web forms: an entity that exists; fields of it, once each, of a type a visitor can type or tick
 * (no relation, person, file or formula: a stranger must not pick records or people) and not
 * read-only; every field the entity requires without a default on the form (otherwise every
 * submission would fail); and a consent, worded in Russian, when the form collects an email or a
 * phone (personal data under 152-FZ). The runtime and the builder read the same tables below.
 */

/** The field types a public form may ask for, in the order the builder offers them. */
export const WEB_FORM_FIELD_TYPES: readonly Field['type'][] = ['text', 'longtext', 'email', 'phone', 'url', 'integer', 'number', 'money', 'percent', 'date', 'datetime', 'boolean', 'enum', 'multienum'];

/** Types whose values identify a person: a form asking for one needs a consent. */
export const PERSONAL_DATA_TYPES: readonly Field['type'][] = ['email', 'phone'];

/** Campaign parameters a submission keeps (from the page's query or hidden inputs) on fields of these names. */
export const UTM_PARAMETERS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

export function isWebFormFieldType(type: string): boolean {
  return WEB_FORM_FIELD_TYPES.some((t) => t === type);
}

/** The entity's fields a web form may ask for, in the entity's order. */
export function webFormFieldChoices(entity: Entity): Field[] {
  return entity.fields.filter((f) => isWebFormFieldType(f.type) && f.readOnly !== true);
}

/** Fields the entity requires that nothing fills in (no default, not a pipeline's stage): a form must ask for each. */
export function webFormRequiredFields(app: App, entity: Entity): Field[] {
  const stageFields = new Set((app.pipelines ?? []).filter((p) => p.entity === entity.name).map((p) => p.field));
  return entity.fields
    .filter((f) => f.required === true && !('default' in f && f.default !== undefined) && !stageFields.has(f.name))
    .filter((f) => f.type !== 'formula' && !(f.type === 'relation' && relationCardinality(f) === 'one-to-many'));
}

function fieldIssues(app: App, form: WebForm, entity: Entity, at: string): DefinitionIssue[] {
  const where = webFormWords.form(form.name);
  const issues: DefinitionIssue[] = [];
  const seen = new Set<string>();
  form.fields.forEach((item, i) => {
    const pointer = joinPointer(at, 'fields', i, 'field');
    const field = entity.fields.find((f) => f.name === item.field);
    if (!field) issues.push(issue('UNKNOWN_FIELD', pointer, m.unknownField(where, entity.name, item.field)));
    else if (seen.has(item.field)) issues.push(issue('DUPLICATE_NAME', pointer, w.duplicateField(form.name, item.field)));
    else if (!isWebFormFieldType(field.type)) issues.push(issue('NOT_FILLABLE', pointer, w.notFillable(form.name, entity.name, field.name, field.type)));
    else if (field.readOnly === true) issues.push(issue('READ_ONLY_FIELD', pointer, w.readOnlyField(form.name, entity.name, field.name)));
    seen.add(item.field);
  });
  for (const field of webFormRequiredFields(app, entity)) {
    if (!seen.has(field.name)) issues.push(issue('REQUIRED_FIELD_MISSING', joinPointer(at, 'fields'), w.requiredFieldMissing(form.name, entity.name, field.name)));
  }
  return issues;
}

function consentIssues(form: WebForm, entity: Entity, at: string): DefinitionIssue[] {
  if (form.consent) return form.consent.text.ru === undefined ? [issue('CONSENT_TEXT_MISSING', joinPointer(at, 'consent', 'text'), w.consentTextRu(form.name))] : [];
  const personal = form.fields.find((item) => PERSONAL_DATA_TYPES.some((t) => t === entity.fields.find((f) => f.name === item.field)?.type));
  return personal ? [issue('CONSENT_MISSING', at, w.consentMissing(form.name, personal.field))] : [];
}

export function checkWebForms(ctx: RuleContext): DefinitionIssue[] {
  const forms = ctx.app.webForms ?? [];
  const repeated = new Set(repeatedNames(forms, (f) => f.name).map((r) => r.index));
  return forms.flatMap((form, i) => {
    const at = joinPointer('', 'webForms', i);
    const duplicate = repeated.has(i) ? [issue('DUPLICATE_NAME', joinPointer(at, 'name'), w.duplicateForm(form.name))] : [];
    const entity = ctx.catalog.entity(form.entity);
    if (!entity) return [...duplicate, issue('UNKNOWN_ENTITY', joinPointer(at, 'entity'), m.unknownEntity(webFormWords.form(form.name), form.entity))];
    return [...duplicate, ...fieldIssues(ctx.app, form, entity, at), ...consentIssues(form, entity, at)];
  });
}
