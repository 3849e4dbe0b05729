import type { BenchOptions } from './bench.options.js';
import type { DbTarget } from './harness/bench.database.js';
import type { CleanupRegistry } from './harness/cleanup.registry.js';
import { startRuntime, type RuntimeProcess, type RuntimeSpec } from './harness/runtime.child.js';
import type { SqlSession } from './harness/sql.session.js';
import type { FigureRecorder } from './report/figure.recorder.js';
import { progress } from './report/figure.recorder.js';
import { onBaseUrl, type CrmPeople } from './setup/crm.setup.js';

/*
 * What the scenarios of one database share: the target, the product process (started and stopped
 * as scenarios need: on PGlite the bench and a baseline can open the data folder only while no
 * product process has it), the people created at the start and the recorder.
 */

export class DbBench {
  private product: RuntimeProcess | null = null;
  private crmPeople: CrmPeople | null = null;
  seniorIds: string[] = [];

  constructor(
    readonly target: DbTarget,
    readonly options: BenchOptions,
    readonly registry: CleanupRegistry,
    readonly recorder: FigureRecorder,
  ) {}

  get db(): 'postgres' | 'pglite' {
    return this.target.kind;
  }

  get people(): CrmPeople {
    if (!this.crmPeople) throw new Error('people were not set up');
    return this.crmPeople;
  }

  set people(people: CrmPeople) {
    this.crmPeople = people;
  }

  /** The running product; starts it (HTTP only unless `spec` says otherwise) when none runs. */
  async runtime(spec: Partial<RuntimeSpec> = {}): Promise<RuntimeProcess> {
    if (this.product) return this.product;
    const started = Date.now();
    const profile = this.options.profileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${this.options.profileDir}`] } : {};
    this.product = await startRuntime(this.target, { name: `product on ${this.db}`, workers: 0, ...profile, ...spec }, this.registry);
    progress(`${this.db}: product started in ${((Date.now() - started) / 1000).toFixed(1)} s (workers ${spec.workers ?? 0})`);
    if (this.crmPeople) this.crmPeople = onBaseUrl(this.crmPeople, this.product.baseUrl);
    return this.product;
  }

  async stopRuntime(): Promise<void> {
    const product = this.product;
    this.product = null;
    if (product) await product.stop();
  }

  /** The product's folder is free for the bench or a baseline (PGlite: the product stops). */
  async releaseForBaseline(): Promise<void> {
    if (this.db === 'pglite') await this.stopRuntime();
  }

  /** Runs `work` with SQL access from the bench process (PGlite: with the product stopped). */
  async withSql<T>(work: (sql: SqlSession) => Promise<T>): Promise<T> {
    await this.releaseForBaseline();
    const sql = await this.target.openSql();
    try {
      return await work(sql);
    } finally {
      await sql.close();
    }
  }
}
