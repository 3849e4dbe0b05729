/*
 * POST /api/files?entity=&field=&name= (runtime/src/files): an upload answers the value a record's
 * file field then holds (the field value schema's file object).
 */

export interface FileValue {
  name: string;
  size: number;
  mime: string;
  key: string;
}
