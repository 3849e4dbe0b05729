/*
 * The routing flow in Node-RED, node for node what the issue describes:
 *
 *   [http in POST /deal] ─ [switch payload.amount > 100000] ─1─ [change owner := senior] ─┐
 *                                                          └2─ [change owner := caller] ─┴─ [function INSERT … RETURNING *] ─ [http response 201]
 *
 * plus GET /health for the bench to know it is up. The caller is named in X-User-Id, as for the
 * bare baseline. The INSERT is the same the bare baseline and the product make (owner, who, title,
 * amount, first stage) into the same rec_deal table.
 */

interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

const INSERT_FUNCTION = `
const pool = global.get('pgPool');
const p = msg.payload;
const user = msg.req.headers['x-user-id'];
pool.query("INSERT INTO rec_deal (owner, created_by, updated_by, title, amount, stage) VALUES ($1, $2, $2, $3, $4, 'lead') RETURNING *", [p.owner, user, String(p.title), Number(p.amount)])
  .then((result) => { msg.payload = result.rows[0]; msg.statusCode = 201; node.send(msg); node.done(); })
  .catch((error) => { msg.payload = { error: String(error) }; msg.statusCode = 500; node.send(msg); node.done(); });
return null;
`;

export function routingFlow(seniorId: string): FlowNode[] {
  const z = 'bench';
  return [
    { id: z, type: 'tab', label: 'Routing bench', disabled: false },
    { id: 'deal_in', type: 'http in', z, name: 'webhook', url: '/deal', method: 'post', upload: false, swaggerDoc: '', wires: [['route']] },
    {
      id: 'route',
      type: 'switch',
      z,
      name: 'amount > 100000',
      property: 'payload.amount',
      propertyType: 'msg',
      rules: [{ t: 'gt', v: '100000', vt: 'num' }, { t: 'else' }],
      checkall: 'false',
      repair: false,
      outputs: 2,
      wires: [['to_senior'], ['to_caller']],
    },
    { id: 'to_senior', type: 'change', z, name: 'owner := senior', rules: [{ t: 'set', p: 'payload.owner', pt: 'msg', to: seniorId, tot: 'str' }], wires: [['insert']] },
    { id: 'to_caller', type: 'change', z, name: 'owner := caller', rules: [{ t: 'set', p: 'payload.owner', pt: 'msg', to: 'req.headers["x-user-id"]', tot: 'msg' }], wires: [['insert']] },
    { id: 'insert', type: 'function', z, name: 'insert into PostgreSQL', func: INSERT_FUNCTION, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], wires: [['respond']] },
    { id: 'respond', type: 'http response', z, name: 'answer the caller', statusCode: '', headers: {}, wires: [] },
    { id: 'health_in', type: 'http in', z, name: 'health', url: '/health', method: 'get', upload: false, swaggerDoc: '', wires: [['health_out']] },
    { id: 'health_out', type: 'http response', z, name: '', statusCode: '200', headers: {}, wires: [] },
  ];
}

/** settings.js: no editor, no admin API, quiet logs, the pg pool (as many connections as the product's) in the global context. */
export function nodeRedSettings(pgModulePath: string): string {
  return `const pg = require(${JSON.stringify(pgModulePath)});
module.exports = {
  uiHost: '127.0.0.1',
  uiPort: Number(process.env.PORT),
  flowFile: 'flows.json',
  credentialSecret: false,
  disableEditor: true,
  httpAdminRoot: false,
  logging: { console: { level: 'warn', metrics: false, audit: false } },
  diagnostics: { enabled: false, ui: false },
  runtimeState: { enabled: false, ui: false },
  telemetry: { enabled: false, updateNotification: false },
  externalModules: { autoInstall: false },
  functionExternalModules: false,
  functionGlobalContext: { pgPool: new pg.Pool({ connectionString: process.env.BENCH_DB_URL, max: 10 }) },
};
`;
}
