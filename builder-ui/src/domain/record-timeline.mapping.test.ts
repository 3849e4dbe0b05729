import { describe, expect, it } from 'vitest';
import { timelineEntries } from './record-timeline.mapping.js';

describe('timelineEntries', () => {
  it('merges activities, changes and process runs, newest first', () => {
    const entries = timelineEntries(
      [{ id: 'a1', created_at: '2026-03-01T10:00:00Z', due_at: '2026-03-03T09:00:00Z', subject: 'Звонок' }],
      [
        { version: 2, action: 'update', at: '2026-03-02T10:00:00Z', actor: { kind: 'process', id: null, process: 'route_big_deals' }, changes: [{ field: 'owner', old: 'u1', new: 'u2' }] },
        { version: 1, action: 'create', at: '2026-03-01T09:00:00Z', actor: { kind: 'user', id: 'u1', name: 'Дмитрий' }, changes: [] },
      ],
      [{ id: 'r1', process: 'route_big_deals', status: 'completed', createdAt: '2026-03-02T09:59:59Z', finishedAt: null }],
    );
    expect(entries.map((e) => e.key)).toEqual(['a:a1', 'h:2:0', 'r:r1', 'h:1:1']);
  });

  it('leaves out changes to fields the person cannot see, and updates that changed nothing they see', () => {
    const entries = timelineEntries(
      [],
      [{ version: 2, action: 'update', at: '2026-03-02T10:00:00Z', actor: { kind: 'user', id: 'u1' }, changes: [{ field: 'margin', old: 1, new: 2 }] }],
      [],
      new Set(['title']),
    );
    expect(entries).toEqual([]);
  });
});
