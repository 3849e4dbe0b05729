import type { App } from '../../generated/definition.types.js';
import { buildCatalog } from '../definition/definition.catalog.js';
import { subjectsMemo } from '../process/process-subjects.mapping.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { checkDashboards } from './dashboard.rules.js';
import { checkDuplicateKeys } from './duplicate-keys.rules.js';
import { checkEntities } from './entity.rules.js';
import { checkEntityNameLengths } from './entity-name.rules.js';
import { checkForms } from './form.rules.js';
import { checkPatterns } from './pattern.rules.js';
import { checkPipelines } from './pipeline.rules.js';
import { checkProcesses } from './process.rules.js';
import { checkRoles } from './role.rules.js';
import { checkViews } from './view.rules.js';
import { checkWebForms } from './web-form.rules.js';
import type { RuleContext } from './rule.context.js';

/*
 * The checks JSON Schema cannot express, on an app whose shape is already valid: names unique,
 * references resolve, process graphs sound, condition operands typed. Returns every issue found,
 * in the order of the definition's sections.
 */
export function checkAppSemantics(app: App): DefinitionIssue[] {
  const ctx: RuleContext = { app, catalog: buildCatalog(app), subjects: subjectsMemo() };
  return [...checkEntities(ctx), ...checkEntityNameLengths(ctx), ...checkDuplicateKeys(ctx), ...checkPatterns(ctx), ...checkPipelines(ctx), ...checkRoles(ctx), ...checkProcesses(ctx), ...checkViews(ctx), ...checkForms(ctx), ...checkDashboards(ctx), ...checkWebForms(ctx)];
}
