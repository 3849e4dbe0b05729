/*
 * GET /api/import/:entity/fields (runtime/src/exchange/import-fields.reader.ts; the workspace's
 * import wizard reads it): what the caller may map a CSV column to. Hidden fields are absent;
 * fields they see but may not write have writable false; enums carry their values' labels;
 * relations name their target.
 */

export interface ImportFieldInfo {
  name: string;
  label: { en: string; ru: string };
  type: string;
  required: boolean;
  writable: boolean;
  unique: boolean;
  options?: Array<{ value: string; label: { en: string; ru: string } }>;
  target?: string;
  many?: boolean;
}

export interface ImportFieldsAnswer {
  entity: string;
  label: { en: string; ru: string };
  canCreate: boolean;
  canUpdate: boolean;
  fields: ImportFieldInfo[];
}
