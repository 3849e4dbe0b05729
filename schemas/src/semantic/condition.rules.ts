import { checkCondition, conditionIssueCode } from '../condition/index.js';
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
}

/** Issues in `condition`; none when its entity is unknown (that is reported where the entity is named). */
export function conditionIssues(ctx: RuleContext, condition: unknown, site: ConditionSite): DefinitionIssue[] {
  if (condition === undefined || !ctx.catalog.entity(site.entity)) return [];
  return checkCondition(condition, { app: ctx.app, entity: site.entity, allowTriggerOps: site.allowTriggerOps }).map((found) =>
    issue(conditionIssueCode(found.code), site.pointer + found.path, semanticMessages.inCondition(site.words, found.message), site.scope),
  );
}
