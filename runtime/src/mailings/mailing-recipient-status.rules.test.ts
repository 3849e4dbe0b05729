import { describe, expect, it } from 'vitest';
import { recipientStatus } from './mailing-recipient-status.rules.js';

describe('recipient status', () => {
  const base = { stored: 'queued', clickedAt: null, unsubscribedAt: null, outbox: null };
  it('follows the outbox row', () => {
    expect(recipientStatus(base)).toBe('queued');
    expect(recipientStatus({ ...base, outbox: 'pending' })).toBe('queued');
    expect(recipientStatus({ ...base, outbox: 'delivered' })).toBe('sent');
    expect(recipientStatus({ ...base, outbox: 'sent' })).toBe('sent');
    expect(recipientStatus({ ...base, outbox: 'failed' })).toBe('failed');
  });
  it('puts a skipped address, a click and an unsubscribe above the outbox', () => {
    expect(recipientStatus({ ...base, stored: 'unsubscribed' })).toBe('unsubscribed');
    expect(recipientStatus({ ...base, outbox: 'sent', clickedAt: '2026-01-01' })).toBe('clicked');
    expect(recipientStatus({ ...base, outbox: 'sent', unsubscribedAt: '2026-01-01' })).toBe('unsubscribed');
  });
});
