import type { Knex } from 'knex';
import type { StoredRecord } from '../records/index.js';
import { unsubscribedAmong } from './mailing-recipients.store.js';
import { emailOf, segmentRecords, type SegmentReader } from './segment-records.reader.js';
import type { SegmentRow } from './segments.store.js';

/*
 * Who a send would reach, decided the same way for the count the editor shows before sending
 * (GET /api/mailings/audience) and for the send itself: the segment's records the caller may read,
 * one per address (the first record of an address wins), and of those the addresses that
 * unsubscribed, which are listed but get nothing.
 */

export interface Addressed {
  record: StoredRecord;
  email: string;
}

export interface Audience {
  addressed: Addressed[];
  unsubscribed: Set<string>;
}

export function oneRecordPerAddress(records: readonly StoredRecord[], segment: SegmentRow): Addressed[] {
  const seen = new Set<string>();
  return records.flatMap((record) => {
    const email = emailOf(record, segment);
    if (!email || seen.has(email)) return [];
    seen.add(email);
    return [{ record, email }];
  });
}

export async function readAudience(reader: SegmentReader, segment: SegmentRow, knex: Knex = reader.knex): Promise<Audience> {
  const addressed = oneRecordPerAddress(await segmentRecords(reader, segment), segment);
  return { addressed, unsubscribed: await unsubscribedAmong(knex, addressed.map((a) => a.email)) };
}
