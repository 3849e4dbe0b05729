import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from './record-timeline.mapping.js';
import { withDocuments, type LinkedDocument } from './text-template-timeline.mapping.js';

const doc = (key: string, createdAt: string): LinkedDocument => ({
  url: `/api/records/deal/1/documents/${key}`,
  file: { key, name: `${key}.pdf`, size: 1000, mime: 'application/pdf' },
  template: 'offer',
  fileName: key,
  createdAt,
  createdBy: null,
  runId: null,
});

describe('withDocuments', () => {
  it('puts each document at the time it was made, newest first', () => {
    const entries: TimelineEntry[] = [
      { kind: 'run', key: 'r:1', at: '2026-12-05T10:00:00Z', run: { id: '1', process: 'p', status: 'completed', createdAt: '2026-12-05T10:00:00Z', finishedAt: null } },
      { kind: 'run', key: 'r:2', at: '2026-12-05T08:00:00Z', run: { id: '2', process: 'p', status: 'completed', createdAt: '2026-12-05T08:00:00Z', finishedAt: null } },
    ];
    const merged = withDocuments(entries, [doc('kp', '2026-12-05T09:00:00Z'), doc('invoice', '2026-12-05T11:00:00Z')]);
    expect(merged.map((e) => e.key)).toEqual(['d:invoice', 'r:1', 'd:kp', 'r:2']);
  });

  it('leaves the timeline as it is without documents', () => {
    expect(withDocuments([], [])).toEqual([]);
  });
});
