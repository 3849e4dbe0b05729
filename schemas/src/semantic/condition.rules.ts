import { checkCondition, checkScopedCondition, conditionIssueCode, type ConditionIssue, type ConditionScope } from '../condition/index.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { issue, type ProcessScope, type RuleContext } from './rule.context.js';
import { semanticMessages } from './semantic-issue.messages.js';
import type { Words } from './subject.words.js';

/*
 * Conditions are checked by the condition language itself (schemas/src/condition: fields exist,
 * operators suit the field types, operand types match). This adapter calls it for each condition in
 * the definition and turns its findings into DefinitionIssues with pointers into the app.
 */

export interface ConditionSite {
  /** JSON pointer of the condition in the app definition. */
  pointer: string;
  /** The entity whose records the condition is evaluated on. */
  entity: string;
  /** changed / changedTo are allowed only in record triggers. */
  allowTriggerOps: boolean;
  /** Names the condition in messages, e.g. 'The filter of view "open_deals"'. */
  words: Words;
  scope?: ProcessScope;
  /**
   * Condition and switch nodes: the values the node may read (subjectsAtNode). The condition is
   * then checked against them, and `entity` is the record's entity or '' when the run has none.
   */
  subjects?: ConditionScope;
}

/** Issues in `condition`; none when its entity is unknown (that is reported where the entity is named). */
export function conditionIssues(ctx: RuleContext, condition: unknown, site: ConditionSite): DefinitionIssue[] {
  if (condition === undefined) return [];
  let found: ConditionIssue[];
  if (site.subjects) found = checkScopedCondition(condition, { app: ctx.app, scope: site.subjects });
  else if (!ctx.catalog.entity(site.entity)) return [];
  else found = checkCondition(condition, { app: ctx.app, entity: site.entity, allowTriggerOps: site.allowTriggerOps });
  return found.map((found) =>
    issue(conditionIssueCode(found.code), site.pointer + found.path, semanticMessages.inCondition(site.words, found.message), site.scope),
  );
}
