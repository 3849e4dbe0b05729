import type { Process } from '@crm/schemas';
import { l } from './support-desk-entities.catalog.js';

/*
 * What a person runs by hand on a ticket. "Escalate by hand": an agent or a lead says to whom and
 * why (and, if they want, how high to raise the priority) in the start form; the ticket is flagged
 * as escalated to that person, its priority raised (sla_deadlines then recounts the deadlines from
 * the new priority), and the person gets a task with the agent's words, due in 2 hours.
 */

const at = (x: number, y = 0): { x: number; y: number } => ({ x, y });

const escalateByHand: Process = {
  name: 'escalate_by_hand',
  label: l('Эскалировать вручную', 'Escalate by hand'),
  description: l(
    'Агент или руководитель запускает с карточки обращения и отвечает, кому и почему передаёт его: обращение отмечается эскалированным, при желании поднимается приоритет (и сроки SLA пересчитываются), получатель получает задачу на 2 часа.',
    'An agent or a lead runs it from a ticket and says to whom and why: the ticket is flagged as escalated, its priority raised if asked (and its SLA deadlines recounted), and the person gets a task due in 2 hours.',
  ),
  trigger: {
    type: 'manual',
    entity: 'ticket',
    startRoles: ['support_agent', 'team_lead', 'support_head'],
    inputs: [
      { name: 'to', type: 'user', label: l('Кому эскалировать', 'Escalate to'), required: true },
      { name: 'reason', type: 'longtext', label: l('Что случилось', 'What happened'), required: true, description: l('Получатель увидит это в задаче', 'The person reads this in their task') },
      {
        name: 'raise',
        type: 'enum',
        label: l('Поднять приоритет до', 'Raise the priority to'),
        options: [
          { value: 'high', label: l('Высокий', 'High') },
          { value: 'critical', label: l('Критичный', 'Critical') },
        ],
      },
    ],
  },
  nodes: [
    { id: 'mark', type: 'update_record', label: l('Отметить эскалацию', 'Flag the escalation'), position: at(240), config: { values: { escalated: true, escalated_to: { $ref: 'trigger.input.to' } } } },
    { id: 'raise_asked', type: 'condition', label: l('Поднять приоритет?', 'Raise the priority?'), position: at(480), config: { condition: { field: 'trigger.input.raise', op: 'isNotEmpty' } } },
    { id: 'raise', type: 'update_record', label: l('Поднять приоритет', 'Raise the priority'), position: at(720, -100), config: { values: { priority: { $ref: 'trigger.input.raise' } } } },
    {
      id: 'task',
      type: 'create_task',
      label: l('Задача получателю', 'Task for the person'),
      position: at(960),
      config: { title: 'Эскалация: «{{record.subject}}» / Escalated: {{record.subject}}', description: '{{trigger.input.reason}}', assignee: { $ref: 'trigger.input.to' }, due: 'PT2H', reminder: 'PT30M' },
    },
    { id: 'done', type: 'end', position: at(1200) },
  ],
  edges: [
    { from: 'trigger', to: 'mark' },
    { from: 'mark', to: 'raise_asked' },
    { from: 'raise_asked', to: 'raise', handle: 'true' },
    { from: 'raise_asked', to: 'task', handle: 'false' },
    { from: 'raise', to: 'task' },
    { from: 'task', to: 'done' },
  ],
};

export const MANUAL_PROCESSES: Process[] = [escalateByHand];
