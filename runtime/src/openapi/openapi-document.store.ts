import { buildOpenApiDocument, type DocumentSubject } from './openapi-document.factory.js';

/*
 * Built documents, kept per live definition version and per caller view (the fingerprint of the
 * entities, operations and fields one sees): people with the same roles share one document, and a
 * publish starts afresh. A document is kept as its JSON text, so a hit costs no serialisation.
 */

export interface StoredDocument {
  json: string;
  etag: string;
}

/** Different views of one version kept at most; roles rarely make more. */
const MAX_VIEWS = 64;

export interface OpenApiDocumentStore {
  documentFor(subject: DocumentSubject): StoredDocument;
}

export function createOpenApiDocumentStore(): OpenApiDocumentStore {
  let version = -1;
  const byView = new Map<string, StoredDocument>();
  return {
    documentFor(subject) {
      if (subject.version !== version) {
        byView.clear();
        version = subject.version;
      }
      const fingerprint = subject.view?.fingerprint ?? 'none';
      const found = byView.get(fingerprint);
      if (found) return found;
      const stored = { json: JSON.stringify(buildOpenApiDocument(subject)), etag: `"${subject.version}-${fingerprint}"` };
      if (byView.size >= MAX_VIEWS) byView.delete(byView.keys().next().value ?? '');
      byView.set(fingerprint, stored);
      return stored;
    },
  };
}
