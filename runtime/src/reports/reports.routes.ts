import { Router, type Request } from 'express';
import type { AggregateReport, FunnelReport } from '@crm/schemas';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { singleParam } from '../records/index.js';
import { aggregateReport } from './aggregate.report.js';
import { forecastReport, type ForecastBy } from './forecast.report.js';
import { funnelReport } from './funnel.report.js';
import { resolvePipeline } from './pipeline-report.resolver.js';
import { bad, parseDateBucket, parseDateParam, parseFieldName, parseFilterParam, parseGroupBy, parseGroupLimit, parseMetrics } from './report-query.parser.js';
import { parsePeriod } from './report-period.resolver.js';
import { reportSubject, type ReportSubject } from './report-scope.js';
import { wonByOwnerReport } from './won-by-owner.report.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * /api/reports/:entity/{aggregate, funnel, forecast, won-by-owner} (README.md beside this file).
 * Each report is computed over the caller's readable records only, in SQL.
 */

function parseBy(query: Readonly<Record<string, unknown>>): ForecastBy {
  const text = singleParam(query, 'by')?.trim();
  if (text === undefined || text === '' || text === 'month') return 'month';
  if (text === 'quarter' || text === 'owner') return text;
  throw bad('by', 'by must be "month", "quarter" or "owner".', 'by: «month», «quarter» или «owner».');
}

export function reportsRoutes({ context }: RouteDeps): Router {
  const router = Router();

  async function subjectFor(req: Request<{ entity: string }>): Promise<ReportSubject> {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    return reportSubject({ db: context.db.knex, app: live.app, actor, entity: req.params.entity, filter: parseFilterParam(req.query), period: parsePeriod(req.query) });
  }

  router.get('/:entity/aggregate', async (req, res) => {
    const query = { groupBy: parseGroupBy(req.query), metrics: parseMetrics(req.query), dateBucket: parseDateBucket(req.query), limit: parseGroupLimit(req.query) };
    res.json((await aggregateReport(await subjectFor(req), query)) satisfies AggregateReport);
  });

  router.get('/:entity/funnel', async (req, res) => {
    const [pipeline, amountField] = [parseFieldName(req.query, 'pipeline'), parseFieldName(req.query, 'amountField')];
    const subject = await subjectFor(req);
    res.json((await funnelReport(subject, resolvePipeline(subject, pipeline, amountField))) satisfies FunnelReport);
  });

  router.get('/:entity/forecast', async (req, res) => {
    const [pipeline, amountField, dateField, by] = [parseFieldName(req.query, 'pipeline'), parseFieldName(req.query, 'amountField'), parseFieldName(req.query, 'dateField'), parseBy(req.query)];
    const subject = await subjectFor(req);
    res.json(await forecastReport(subject, resolvePipeline(subject, pipeline, amountField), by, dateField));
  });

  router.get('/:entity/won-by-owner', async (req, res) => {
    const [pipeline, amountField] = [parseFieldName(req.query, 'pipeline'), parseFieldName(req.query, 'amountField')];
    const period = { dateField: parseFieldName(req.query, 'dateField'), from: parseDateParam(req.query, 'from'), to: parseDateParam(req.query, 'to') };
    const subject = await subjectFor(req);
    res.json(await wonByOwnerReport(subject, resolvePipeline(subject, pipeline, amountField), period));
  });

  return router;
}
