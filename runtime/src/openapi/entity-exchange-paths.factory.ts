import { PERIOD_RANGES } from '@crm/schemas';
import { ANY_OBJECT, jsonAnswer, operation, queryParam } from './openapi-operation.factory.js';
import type { CallerView, DescribedEntity } from './described-entities.policy.js';
import type { Parameter, PathSet } from './openapi.types.js';
import { entityTypeStem } from './record-paths.factory.js';

/*
 * Per readable entity: CSV/JSON export and CSV import (exchange/) and the reports over its records
 * (reports/). Each obeys the caller's record and field permissions, as the records API does.
 */

const FILTER = queryParam('filter', 'A condition in JSON over the entity’s fields.');

/** A dashboard widget's relative period over a date field (reports/report-period.resolver.ts). */
const PERIOD = [
  queryParam('period', 'A relative period, with periodField.', { type: 'string', enum: [...PERIOD_RANGES] }),
  queryParam('periodField', 'The date or datetime field the period applies to.'),
];

function reportParams(extra: Parameter[]): Parameter[] {
  return [FILTER, ...PERIOD, ...extra];
}

const FIELD = (name: string, description: string) => queryParam(name, description);

function entityExchange(described: DescribedEntity): PathSet {
  const name = described.entity.name;
  const stem = entityTypeStem(name);
  const label = described.entity.label.en;
  const paths: PathSet['paths'] = {
    [`/api/export/${name}`]: {
      get: operation({
        id: `export${stem}Records`,
        tag: 'import/export',
        summary: `Export ${label} records`,
        params: [
          queryParam('format', 'csv (default) or json.', { type: 'string', enum: ['csv', 'json'] }),
          FILTER,
          queryParam('q', 'Full-text search.'),
          queryParam('sort', 'As in the list.'),
          queryParam('fields', 'Comma-separated columns (default: every visible field).'),
          queryParam('labels', '"1": column headers are field labels.'),
          queryParam('bom', '"1": a UTF-8 byte order mark for Excel.'),
          queryParam('delimiter', 'CSV delimiter: , ; or tab.'),
          queryParam('expand', 'Relation fields exported by their target’s title.'),
        ],
        ok: { '200': { description: 'The records the caller may read, streamed.', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: ANY_OBJECT } } } },
        errors: ['400', '403', '404'],
      }),
    },
  };
  if (described.operations.create) {
    paths[`/api/import/${name}`] = {
      post: operation({
        id: `import${stem}Records`,
        tag: 'import/export',
        summary: `Import ${label} records from CSV`,
        description: 'The CSV file itself is the body. Every row goes through the same checks and processes as a create; the report lists rows accepted and rows rejected with reasons.',
        params: [
          queryParam('mode', 'create (default) or upsert.', { type: 'string', enum: ['create', 'upsert'] }),
          queryParam('duplicates', 'skip, update or error.', { type: 'string', enum: ['skip', 'update', 'error'] }),
          queryParam('match', 'The field that finds an existing record.'),
          queryParam('mapping', 'JSON: CSV column -> field.'),
          queryParam('dryRun', '"1": check every row, write nothing.'),
          queryParam('delimiter', 'CSV delimiter.'),
          queryParam('encoding', 'utf-8 (default) or windows-1251.'),
        ],
        body: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
        ok: { '200': jsonAnswer('The import report.', ANY_OBJECT) },
        errors: ['400', '403', '404', '413', '415', '422'],
      }),
    };
    paths[`/api/import/${name}/fields`] = {
      get: operation({ id: `importFields${stem}Records`, tag: 'import/export', summary: `What a ${label} CSV column may map to`, ok: { '200': jsonAnswer('Fields the caller may write, with their types and options.', ANY_OBJECT) }, errors: ['403', '404'] }),
    };
  }
  const tag = 'reports';
  paths[`/api/reports/${name}/aggregate`] = {
    get: operation({
      id: `aggregate${stem}Records`,
      tag,
      summary: `Group and count ${label} records`,
      params: reportParams([FIELD('groupBy', 'One or two fields.'), FIELD('metrics', 'e.g. count,sum:amount,avg:amount.'), FIELD('dateBucket', 'day, week, month, quarter or year for a date group.'), queryParam('limit', 'Groups at most.', { type: 'integer', minimum: 1 })]),
      ok: { '200': jsonAnswer('Groups with their metrics.', ANY_OBJECT) },
      errors: ['400', '403', '404'],
    }),
  };
  paths[`/api/reports/${name}/funnel`] = {
    get: operation({ id: `funnel${stem}Records`, tag, summary: `${label} records per pipeline stage`, params: reportParams([FIELD('pipeline', 'The pipeline.'), FIELD('amountField', 'The money field to sum.')]), ok: { '200': jsonAnswer('Stages with counts and sums.', ANY_OBJECT) }, errors: ['400', '403', '404'] }),
  };
  paths[`/api/reports/${name}/forecast`] = {
    get: operation({
      id: `forecast${stem}Records`,
      tag,
      summary: 'Forecast: amount × stage probability',
      params: reportParams([FIELD('pipeline', 'The pipeline.'), FIELD('amountField', 'The money field.'), FIELD('dateField', 'The date field that places a record in a period.'), queryParam('by', 'month (default), quarter or owner.', { type: 'string', enum: ['month', 'quarter', 'owner'] })]),
      ok: { '200': jsonAnswer('Periods with weighted sums.', ANY_OBJECT) },
      errors: ['400', '403', '404'],
    }),
  };
  paths[`/api/reports/${name}/won-by-owner`] = {
    get: operation({
      id: `wonByOwner${stem}Records`,
      tag,
      summary: 'Won amount per owner',
      params: reportParams([FIELD('pipeline', 'The pipeline.'), FIELD('amountField', 'The money field.'), FIELD('dateField', 'The date field of the period.'), queryParam('from', 'Period start.', { type: 'string', format: 'date' }), queryParam('to', 'Period end.', { type: 'string', format: 'date' })]),
      ok: { '200': jsonAnswer('Owners with won counts and sums.', ANY_OBJECT) },
      errors: ['400', '403', '404'],
    }),
  };
  return { paths };
}

export function entityExchangePaths(view: CallerView): PathSet {
  const out: PathSet = { paths: {} };
  for (const described of view.entities) Object.assign(out.paths, entityExchange(described).paths);
  return out;
}
