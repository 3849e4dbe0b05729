import type { App, DefinitionIssue } from '@crm/schemas';
import { scheduleProblem, scheduleSpecOf } from '../triggers/schedule-ticks.js';

/**
 * Schedule triggers whose cron pattern or time zone cannot be scheduled are refused at publish, on
 * the trigger's cron, instead of surfacing later as a schedule that silently never fires.
 */
export async function checkProcessSchedules(app: App): Promise<DefinitionIssue[]> {
  const issues: DefinitionIssue[] = [];
  (app.processes ?? []).forEach((process, p) => {
    const trigger = process.trigger;
    if (trigger.type !== 'schedule') return;
    const problem = scheduleProblem(scheduleSpecOf(trigger, app));
    if (problem === null) return;
    issues.push({
      code: 'INVALID_SCHEDULE',
      pointer: `/processes/${p}/trigger/cron`,
      process: process.name,
      message: {
        en: `The schedule of process "${process.name}" ("${trigger.cron}" in ${trigger.timezone ?? app.settings?.timezone ?? 'Europe/Moscow'}) cannot be used: ${problem}`,
        ru: `Расписание процесса «${process.name}» («${trigger.cron}», ${trigger.timezone ?? app.settings?.timezone ?? 'Europe/Moscow'}) не распознано: ${problem}`,
      },
    });
  });
  return issues;
}
