import { runStartInputs } from '@crm/engine';
import { startInputsOf, type App, type RunAnswer, type StartInput } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { personNames } from '../people/users.repository.js';
import { readRecordTitles, titleKey, type RecordCaller } from '../records/index.js';

/*
 * A manual run's start-form answers on a record's timeline ("Кого попросить: Дмитрий Петров ·
 * Срочность: Срочно"), in one query for a page of runs. The answers are what the starter wrote for
 * the people the process involves, beside the record like a comment rather than values of it, so
 * whoever sees the run sees them; except that a record answer is read as the reader (scope, sharing,
 * field access): one they may not read is left out, and a readable one shows its title. People's
 * names are what every signed-in person sees beside records already. The questions are the live
 * definition's; an answer to a question since removed, or left empty, is not shown.
 */

interface AnsweredRun {
  id: string;
  process: string;
  mode: string;
}

export interface AnswerReader {
  app: App;
  policy: AccessPolicy;
  caller: RecordCaller;
}

function objectOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export async function withAnswers<T extends AnsweredRun>(knex: Knex, reader: AnswerReader, runs: readonly T[]): Promise<Array<T & { answers?: RunAnswer[] }>> {
  const forms = new Map<string, readonly StartInput[]>();
  for (const process of reader.app.processes ?? []) {
    const inputs = startInputsOf(process.trigger);
    if (inputs.length > 0) forms.set(process.name, inputs);
  }
  const asked = runs.filter((run) => run.mode === 'manual' && forms.has(run.process));
  if (asked.length === 0) return [...runs];
  const stored = await runStartInputs(knex, asked.map((r) => r.id));
  const inputOf = new Map([...stored].map(([id, input]) => [id, objectOf(input) ?? {}]));

  const userIds = new Set<string>();
  const refs: Array<{ entity: string; id: string }> = [];
  for (const run of asked) {
    const input = inputOf.get(run.id) ?? {};
    for (const question of forms.get(run.process) ?? []) {
      const value = input[question.name];
      if (typeof value !== 'string') continue;
      if (question.type === 'user') userIds.add(value);
      if (question.type === 'relation' && question.target) refs.push({ entity: question.target, id: value });
    }
  }
  const names = await personNames(knex, userIds);
  const titles = refs.length > 0 ? await readRecordTitles(knex, { app: reader.app, policy: reader.policy, caller: reader.caller }, refs) : new Map();

  return runs.map((run) => {
    const form = run.mode === 'manual' ? forms.get(run.process) : undefined;
    if (!form) return run;
    const input = inputOf.get(run.id) ?? {};
    const answers = form.flatMap((question): RunAnswer[] => {
      const value = input[question.name];
      if (isEmpty(value)) return [];
      if (question.type === 'relation') {
        const found = typeof value === 'string' && question.target ? titles.get(titleKey(question.target, value)) : undefined;
        if (!found || found.hidden) return [];
        return [{ question, value, ...(found.title ? { title: found.title } : {}) }];
      }
      const name = question.type === 'user' && typeof value === 'string' ? names.get(value) : undefined;
      return [{ question, value, ...(name ? { title: name } : {}) }];
    });
    return answers.length > 0 ? { ...run, answers } : run;
  });
}
