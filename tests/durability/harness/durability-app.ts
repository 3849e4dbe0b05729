import type { App, Edge, Node, Process } from '@crm/schemas';

/*
 * The app the durability suite runs. Every effect a process has is a `ledger` record naming its
 * run and its step ({{$run.id}}, the node id), so after any number of crashes the ledger can be
 * counted per (run, step): exactly 1 for every step of every completed run, never 0, never 2.
 *
 *   chain     s1 ─ w1 (wait 0s: a commit) ─ s2 ─ split ─┬ pa ─┬ join ─ s3 ─ w2 (wait 0s) ─ s4 ─ end
 *                                                       └ pb ─┘
 *   fork      s1 ─ split ─┬ wa (wait 0s) ─ pa ─┬ join ─ s3 ─ end     two jobs of one run due at once:
 *                         └ wb (wait 0s) ─ pb ─┘                     workers race on the same run
 *   timer     before ─ wait <duration> ─ after ─ end
 *   approval  ask ─ approve ─┬ approved ─ yes ─ end
 *                            └ rejected ─ no ─ end
 *   http      s1 ─ call (HTTP POST, external: outside any transaction) ─ s2 ─ end
 *   order     o1 ─ ow (wait 0s) ─ o2 ─ end               on every new order record
 */

export const CHAIN_STEPS = ['s1', 's2', 'pa', 'pb', 's3', 's4'] as const;
export const FORK_STEPS = ['s1', 'pa', 'pb', 's3'] as const;
export const ORDER_STEPS = ['o1', 'o2'] as const;
export const TIMER_STEPS = ['before', 'after'] as const;
export const HTTP_STEPS = ['s1', 's2'] as const;

function ledger(id: string, extra: Record<string, string> = {}): Node {
  return { id, type: 'create_record', config: { entity: 'ledger', values: { run: '{{$run.id}}', step: id, ...extra } } };
}

function pause(id: string, duration: string): Node {
  return { id, type: 'wait', config: { duration } };
}

const end: Node = { id: 'done', type: 'end', config: {} };

function path(...ids: string[]): Edge[] {
  return ids.slice(1).map((to, i) => ({ from: ids[i] ?? 'trigger', to }));
}

function hookProcess(name: string, nodes: Node[], edges: Edge[]): Process {
  return { name, mode: 'after-save', trigger: { type: 'webhook', name }, nodes, edges };
}

/** Three commits per run (two zero-length waits), a parallel split and its join. */
export function chainProcess(name: string): Process {
  return hookProcess(
    name,
    [ledger('s1'), pause('w1', 'PT0S'), ledger('s2'), { id: 'split', type: 'parallel', config: {} }, ledger('pa'), ledger('pb'), { id: 'join', type: 'join', config: { wait: 'all' } }, ledger('s3'), pause('w2', 'PT0S'), ledger('s4'), end],
    [
      ...path('trigger', 's1', 'w1', 's2', 'split'),
      { from: 'split', to: 'pa' },
      { from: 'split', to: 'pb' },
      { from: 'pa', to: 'join' },
      { from: 'pb', to: 'join' },
      ...path('join', 's3', 'w2', 's4', 'done'),
    ],
  );
}

/** Two branches that each commit and come back as separate jobs of the same run, then join. */
export function forkProcess(name: string): Process {
  return hookProcess(
    name,
    [ledger('s1'), { id: 'split', type: 'parallel', config: {} }, pause('wa', 'PT0S'), pause('wb', 'PT0S'), ledger('pa'), ledger('pb'), { id: 'join', type: 'join', config: { wait: 'all' } }, ledger('s3'), end],
    [
      ...path('trigger', 's1', 'split'),
      ...path('split', 'wa', 'pa', 'join'),
      ...path('split', 'wb', 'pb', 'join'),
      ...path('join', 's3', 'done'),
    ],
  );
}

export function timerProcess(name: string, duration: string): Process {
  return hookProcess(name, [ledger('before'), pause('wait', duration), ledger('after'), end], path('trigger', 'before', 'wait', 'after', 'done'));
}

/** Approvers come from the webhook body (`approvers`: emails), so one process serves "one" and "any". */
export function approvalProcess(name: string, mode: 'one' | 'any'): Process {
  return hookProcess(
    name,
    [
      ledger('ask'),
      { id: 'approve', type: 'approval', config: { title: 'Approve {{$run.id}}', approvers: [{ $ref: 'trigger.body.first' }, { $ref: 'trigger.body.second' }], mode } },
      ledger('yes'),
      ledger('no'),
      end,
    ],
    [...path('trigger', 'ask', 'approve'), { from: 'approve', to: 'yes', handle: 'approved' }, { from: 'approve', to: 'no', handle: 'rejected' }, { from: 'yes', to: 'done' }, { from: 'no', to: 'done' }],
  );
}

export function httpProcess(name: string, url: string): Process {
  return hookProcess(
    name,
    [ledger('s1'), { id: 'call', type: 'http', config: { method: 'POST', url, body: { run: '{{$run.id}}' }, timeoutMs: 1000 } }, ledger('s2'), end],
    path('trigger', 's1', 'call', 's2', 'done'),
  );
}

export function orderProcess(): Process {
  return {
    name: 'order_flow',
    mode: 'after-save',
    trigger: { type: 'record', entity: 'order', on: ['create'] },
    nodes: [ledger('o1', { subject: '{{record.id}}' }), pause('ow', 'PT0S'), ledger('o2', { subject: '{{record.id}}' }), end],
    edges: path('trigger', 'o1', 'ow', 'o2', 'done'),
  };
}

export function durabilityApp(processes: Process[]): App {
  return {
    name: 'durability',
    settings: { timezone: 'Europe/Moscow' },
    entities: [
      {
        name: 'ledger',
        label: { en: 'Ledger entry', ru: 'Запись журнала' },
        fields: [
          { name: 'run', type: 'text', indexed: true },
          { name: 'step', type: 'text' },
          { name: 'subject', type: 'text' },
        ],
        display: 'step',
      },
      {
        name: 'order',
        label: { en: 'Order', ru: 'Заказ' },
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'amount', type: 'number' },
        ],
        display: 'title',
      },
      {
        name: 'item',
        label: { en: 'Item', ru: 'Позиция' },
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'counter', type: 'integer', default: 0 },
        ],
        display: 'title',
      },
    ],
    roles: [{ name: 'approver', label: { en: 'Approver', ru: 'Согласующий' }, entities: { ledger: { read: 'all' } } }],
    processes,
  };
}
