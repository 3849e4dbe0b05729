import { DEFAULT_NODE_LIMIT_CEILINGS, type App, type Node } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { checkProcessLimits } from './process-limits.checker.js';

/* Publish refuses a node's own limits above the server's ceilings, naming the node's config field. */

function appWith(nodes: Node[]): App {
  return { name: 'limits', entities: [], processes: [{ name: 'calls', trigger: { type: 'manual' }, nodes, edges: [] }] };
}

const http = (config: Record<string, unknown>): Node => ({ id: 'call', type: 'http', config: { url: 'https://example.com', ...config } });

describe('process limits check', () => {
  it('passes values within the ceilings, and nodes that set none', () => {
    const nodes: Node[] = [http({ timeoutMs: 60_000, retry: { attempts: 10, firstDelay: 'PT1S', maxDelay: 'PT1H' } }), { id: 'mark', type: 'update_record', config: { values: {} } }];
    expect(checkProcessLimits(appWith(nodes), DEFAULT_NODE_LIMIT_CEILINGS)).toEqual([]);
  });

  it('refuses each value above its ceiling on the node config field, in ru and en', () => {
    const nodes: Node[] = [
      { id: 'mark', type: 'update_record', config: { values: {} } },
      http({ timeoutMs: 90_000, retry: { attempts: 11, maxDelay: 'PT2H' } }),
    ];
    const issues = checkProcessLimits(appWith(nodes), DEFAULT_NODE_LIMIT_CEILINGS);
    expect(issues.map((i) => i.pointer)).toEqual(['/processes/0/nodes/1/config/retry/attempts', '/processes/0/nodes/1/config/retry/maxDelay', '/processes/0/nodes/1/config/timeoutMs']);
    expect(issues.every((i) => i.code === 'NODE_LIMIT_EXCEEDED' && i.nodeId === 'call' && i.process === 'calls')).toBe(true);
    expect(issues[0]?.message.en).toBe('Node "call" of process "calls" sets config.retry.attempts to 11; this server allows at most 10. Lower the value, or ask the administrator to raise the limit.');
    expect(issues[0]?.message.ru).toBe('Узел «call» процесса «calls»: config.retry.attempts = 11, а на этом сервере разрешено не больше 10. Уменьшите значение или попросите администратора поднять предел.');
    expect(issues[1]?.message.en).toContain('config.retry.maxDelay to PT2H (2 h); this server allows at most 1 h');
    expect(issues[2]?.message.ru).toContain('config.timeoutMs = 90 с, а на этом сервере разрешено не больше 1 мин');
  });

  it('follows the ceilings it is given', () => {
    const nodes: Node[] = [{ id: 'task', type: 'create_task', config: { title: 'x', retry: { attempts: 3, firstDelay: 'PT30S' } } }];
    const issues = checkProcessLimits(appWith(nodes), { maxAttempts: 2, maxRetryDelayMs: 10_000, maxHttpTimeoutMs: 1000 });
    expect(issues.map((i) => i.pointer)).toEqual(['/processes/0/nodes/0/config/retry/attempts', '/processes/0/nodes/0/config/retry/firstDelay']);
    expect(issues[1]?.message.en).toContain('PT30S (30 s); this server allows at most 10 s');
  });
});
