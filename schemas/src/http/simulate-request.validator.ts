import type { ValidateFunction } from 'ajv';
import { getDefinitionAjv } from '../validation/ajv.instance.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import { SIMULATE_REQUEST_SCHEMA, type SimulateRequest } from './process-simulate.contract.js';

/*
 * The simulate body checked against its published schema. Each problem names the member it is
 * about (`outcomes.approve`, `action`) so the builder can put the message beside that input.
 */

export interface RequestIssue {
  field: string;
  code: 'INVALID' | 'UNKNOWN_MEMBER';
  message: LocalizedMessage;
}

// Compiled on the first check, not at import (ajv.instance.ts says why).
let compiled: ValidateFunction<SimulateRequest> | undefined;

function fieldOf(instancePath: string): string {
  return instancePath.replace(/^\//, '').split('/').join('.');
}

export function checkSimulateRequest(body: unknown): { ok: true; value: SimulateRequest } | { ok: false; issues: RequestIssue[] } {
  const validate = (compiled ??= getDefinitionAjv().compile<SimulateRequest>(SIMULATE_REQUEST_SCHEMA));
  if (validate(body)) return { ok: true, value: body };
  const issues: RequestIssue[] = (validate.errors ?? []).map((error) => {
    const at = fieldOf(error.instancePath);
    if (error.keyword === 'additionalProperties' && 'additionalProperty' in error.params) {
      const member = String(error.params['additionalProperty']);
      const field = at === '' ? member : `${at}.${member}`;
      return {
        field,
        code: 'UNKNOWN_MEMBER',
        message: {
          en: `"${field}" is not part of a test-run request (allowed: definition, recordId, record, before, action, trigger, ignoreTrigger, outcomes).`,
          ru: `«${field}» не входит в запрос тестового запуска (допустимы: definition, recordId, record, before, action, trigger, ignoreTrigger, outcomes).`,
        },
      };
    }
    const field = at === '' ? 'body' : at;
    return {
      field,
      code: 'INVALID',
      message: { en: `${field} ${error.message ?? 'is invalid'}.`, ru: `${field}: недопустимое значение (${error.message ?? 'ошибка'}).` },
    };
  });
  return { ok: false, issues };
}
