import { describe, expect, it } from 'vitest';
import type { RecordEmail } from '@crm/schemas';
import { mailRecordLabel, withEmails } from './record-email-timeline.mapping.js';
import type { RecordTimelineEntry } from './text-template-timeline.mapping.js';

const email = (id: number, createdAt: string, sentAt: string | null): RecordEmail => ({ id, to: ['client@shop.test'], subject: `Письмо ${id}`, status: sentAt ? 'delivered' : 'pending', sentBy: { id: 'u1', name: 'Рита' }, runId: null, createdAt, sentAt });

describe('e-mails on the record timeline', () => {
  it('puts each e-mail among the other entries at the time it was sent, or queued when not sent yet, newest first', () => {
    const run: RecordTimelineEntry = { kind: 'run', key: 'r:1', at: '2026-03-02T10:00:00Z', run: { id: '1', process: 'p', status: 'completed', createdAt: '2026-03-02T10:00:00Z', finishedAt: null } };
    const items = withEmails([run], [email(1, '2026-03-01T09:00:00Z', '2026-03-03T09:00:00Z'), email(2, '2026-03-01T12:00:00Z', null)]);
    expect(items.map((i) => i.key)).toEqual(['m:1', 'r:1', 'm:2']);
    expect(items[0]).toMatchObject({ kind: 'email', at: '2026-03-03T09:00:00Z', email: { subject: 'Письмо 1', status: 'delivered' } });
    expect(withEmails([run], [])).toEqual([run]);
  });
});

describe('the record a message is about, as the Mail list names it', () => {
  it('by its title with the entity under it, by the entity alone without a readable title, and only as hidden when unreadable', () => {
    expect(mailRecordLabel({ entity: 'deal', id: 'd1', title: 'Поставка станков', hidden: false }, 'Сделка')).toEqual({ hidden: false, title: 'Поставка станков', entity: 'Сделка' });
    expect(mailRecordLabel({ entity: 'deal', id: 'd1', title: null, hidden: false }, 'Сделка')).toEqual({ hidden: false, title: 'Сделка', entity: null });
    expect(mailRecordLabel({ entity: 'deal', id: 'd1', title: null, hidden: true }, 'Сделка')).toEqual({ hidden: true, title: '', entity: null });
  });
});
