import { evaluateCondition, type App, type Condition, type ConditionUser } from '@crm/schemas';
import type { FormSectionLayout } from './form-rules.mapping.js';

/*
 * The live state of each field of a form: visible, required, read-only, decided on the values being
 * typed by the condition evaluator the server runs (@crm/schemas evaluateCondition). A field hidden
 * by a rule is never required (NocoBase #7281, #4922); a read-only field is never required of the
 * person (they cannot fill it).
 */

export interface FieldState {
  visible: boolean;
  required: boolean;
  readOnly: boolean;
}

export interface RuleContext {
  definition: App;
  entity: string;
  user?: ConditionUser;
  now?: Date;
}

/** Whether the rule holds; a rule that cannot be evaluated (it names a field hidden from the person) does not. */
export function ruleHolds(condition: Condition | undefined, values: Readonly<Record<string, unknown>>, context: RuleContext, whenAbsent: boolean): boolean {
  if (condition === undefined) return whenAbsent;
  try {
    return evaluateCondition(condition, values, { app: context.definition, entity: context.entity, user: context.user, now: context.now });
  } catch {
    return false;
  }
}

export function formFieldStates(sections: readonly FormSectionLayout[], values: Readonly<Record<string, unknown>>, context: RuleContext): Record<string, FieldState> {
  const states: Record<string, FieldState> = {};
  for (const section of sections) {
    const sectionVisible = ruleHolds(section.visibleWhen, values, context, true);
    for (const item of section.items) {
      const visible = sectionVisible && ruleHolds(item.visibleWhen, values, context, true);
      const required = visible && !item.readOnly && (item.required || ruleHolds(item.requiredWhen, values, context, false));
      states[item.field.name] = { visible, required, readOnly: item.readOnly };
    }
  }
  return states;
}
