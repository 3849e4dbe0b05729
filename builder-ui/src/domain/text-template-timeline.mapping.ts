import type { RecordDocument } from '@crm/schemas';
import type { TimelineEntry } from './record-timeline.mapping.js';

/*
 * The documents made for a record, put on its timeline among activities, changes and runs: each
 * at the time it was made, newest first like the rest, with the file to download.
 */

/** A record's document with where it downloads from (api/text-templates.api.ts recordDocumentUrl). */
export type LinkedDocument = RecordDocument & { url: string };

export interface DocumentTimelineEntry {
  kind: 'document';
  key: string;
  at: string;
  document: LinkedDocument;
}

export type RecordTimelineEntry = TimelineEntry | DocumentTimelineEntry;

const time = (at: string) => {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? 0 : ms;
};

export function withDocuments(entries: readonly TimelineEntry[], documents: readonly LinkedDocument[]): RecordTimelineEntry[] {
  const made = documents.map((document): DocumentTimelineEntry => ({ kind: 'document', key: `d:${document.file.key}`, at: document.createdAt, document }));
  return [...entries, ...made].sort((a, b) => time(b.at) - time(a.at) || a.key.localeCompare(b.key));
}
