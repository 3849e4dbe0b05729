import type { App, TemplateBundle } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { checkAppSemantics } from '../semantic/semantic.validator.js';
import { checkTemplateSemantics } from '../template/template.rules.js';
import { nestingIssue } from './nesting-depth.rules.js';
import { checkShape } from './shape.validators.js';

/*
 * The public entry for definitions: shape first (JSON Schema), then, only when the shape is right,
 * the semantic checks. Every issue has a JSON pointer and a message in Russian and English. Input
 * nested too deep for those recursive checks is refused before them (nesting-depth.rules.ts).
 */

export type AppValidationResult = { ok: true; app: App } | { ok: false; issues: DefinitionIssue[] };
export type TemplateValidationResult = { ok: true; template: TemplateBundle } | { ok: false; issues: DefinitionIssue[] };

export function validateApp(input: unknown): AppValidationResult {
  const tooDeep = nestingIssue(input);
  if (tooDeep) return { ok: false, issues: [tooDeep] };
  const shape = checkShape('app', input);
  if (!shape.ok) return shape;
  const issues = checkAppSemantics(shape.value);
  return issues.length === 0 ? { ok: true, app: shape.value } : { ok: false, issues };
}

/** Validates a template bundle: its shape, its app (pointers under /app), its demo users and data. */
export function validateTemplate(input: unknown): TemplateValidationResult {
  const tooDeep = nestingIssue(input);
  if (tooDeep) return { ok: false, issues: [tooDeep] };
  const shape = checkShape('template', input);
  if (!shape.ok) return shape;
  const template = shape.value;
  const appIssues = checkAppSemantics(template.app).map((found) => ({ ...found, pointer: `/app${found.pointer}` }));
  const issues = [...appIssues, ...checkTemplateSemantics(template)];
  return issues.length === 0 ? { ok: true, template } : { ok: false, issues };
}
