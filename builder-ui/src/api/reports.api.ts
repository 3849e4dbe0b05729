import type { AggregateGroup, AggregateReportBody, FunnelReport, FunnelStage, ReportLabel } from '@crm/schemas';
import { apiRequest } from './http.client.js';
import type { RecordPage } from './records.api.js';

/*
 * /api/reports/:entity/{aggregate, funnel} (runtime/src/reports/README.md) and the first records of
 * a list, for the workspace's dashboards. Every figure is computed by the server over the records
 * the caller may read, so a sales rep's totals are their own. The shapes are the contract types of
 * @crm/schemas (http/reports.contract.ts) the runtime's handlers satisfy.
 */

export type { AggregateGroup, FunnelReport, FunnelStage, ReportLabel };
/** GET /api/reports/:entity/aggregate, the parts the dashboards read (the runtime sends an AggregateReport). */
export type AggregateReport = AggregateReportBody;

function queryOf(params: Readonly<Record<string, string>>): string {
  const text = new URLSearchParams(params).toString();
  return text === '' ? '' : `?${text}`;
}

const reportPath = (entity: string, report: string): string => `/api/reports/${encodeURIComponent(entity)}/${report}`;

/** params as widgetQuery builds them: metrics, groupBy, dateBucket, filter (JSON), period, periodField. */
export function fetchAggregate(entity: string, params: Readonly<Record<string, string>>): Promise<AggregateReport> {
  return apiRequest<AggregateReportBody>('GET', `${reportPath(entity, 'aggregate')}${queryOf(params)}`);
}

/** params: pipeline, amountField, filter, period, periodField. */
export function fetchFunnel(entity: string, params: Readonly<Record<string, string>> = {}): Promise<FunnelReport> {
  return apiRequest<FunnelReport>('GET', `${reportPath(entity, 'funnel')}${queryOf(params)}`);
}

/** The first records of a list (params: filter, sort, limit), fields the viewer cannot read absent. */
export function fetchTopRecords(entity: string, params: Readonly<Record<string, string>>): Promise<RecordPage> {
  return apiRequest<RecordPage>('GET', `/api/records/${encodeURIComponent(entity)}${queryOf(params)}`);
}
