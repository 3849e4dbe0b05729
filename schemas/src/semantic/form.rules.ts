import type { Form } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { conditionIssues } from './condition.rules.js';
import { issue, repeatedNames, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { conditionWords, words, type Words } from './subject.words.js';

/* Forms: an existing entity; every item a field of it (or owner), once; visibility and required-when conditions. */

function formIssues(ctx: RuleContext, form: Form, at: string): DefinitionIssue[] {
  const where = words.form(form.name);
  if (!ctx.catalog.entity(form.entity)) return [issue('UNKNOWN_ENTITY', joinPointer(at, 'entity'), m.unknownEntity(where, form.entity))];
  const issues: DefinitionIssue[] = [];
  const seen = new Set<string>();
  const check = (condition: unknown, pointer: string, conditionWordsFor: Words): void => {
    issues.push(...conditionIssues(ctx, condition, { pointer, entity: form.entity, allowTriggerOps: false, words: conditionWordsFor }));
  };
  form.sections.forEach((section, s) => {
    const sectionAt = joinPointer(at, 'sections', s);
    check(section.visibleWhen, joinPointer(sectionAt, 'visibleWhen'), conditionWords.sectionVisible(form.name, s));
    section.fields.forEach((item, f) => {
      const itemAt = joinPointer(sectionAt, 'fields', f);
      if (item.field !== 'owner' && !ctx.catalog.field(form.entity, item.field)) {
        issues.push(issue('UNKNOWN_FIELD', joinPointer(itemAt, 'field'), m.unknownField(where, form.entity, item.field)));
      } else if (seen.has(item.field)) {
        issues.push(issue('DUPLICATE_NAME', joinPointer(itemAt, 'field'), m.duplicateFormField(form.name, item.field)));
      }
      seen.add(item.field);
      check(item.visibleWhen, joinPointer(itemAt, 'visibleWhen'), conditionWords.formVisible(form.name, item.field));
      check(item.requiredWhen, joinPointer(itemAt, 'requiredWhen'), conditionWords.formRequired(form.name, item.field));
    });
  });
  return issues;
}

export function checkForms(ctx: RuleContext): DefinitionIssue[] {
  const forms = ctx.app.forms ?? [];
  const repeated = new Set(repeatedNames(forms, (f) => f.name).map((r) => r.index));
  return forms.flatMap((form, i) => {
    const at = joinPointer('', 'forms', i);
    const duplicate = repeated.has(i) ? [issue('DUPLICATE_NAME', joinPointer(at, 'name'), m.duplicateForm(form.name))] : [];
    return [...duplicate, ...formIssues(ctx, form, at)];
  });
}
