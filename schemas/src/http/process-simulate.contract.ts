/*
 * POST /api/processes/:name/simulate: a test run of the live version (or the draft) that writes nothing. The
 * runtime validates the body with this schema, the builder's "Test run" panel sends it, and the
 * definition-language reference prints it, so the three cannot disagree.
 */

export interface SimulateRequest {
  /** Which version to run: `live` (the default) or the `draft` the builder is editing. */
  definition?: 'live' | 'draft';
  recordId?: string;
  record?: Record<string, unknown>;
  before?: Record<string, unknown> | null;
  action?: 'create' | 'update' | 'delete';
  trigger?: Record<string, unknown>;
  ignoreTrigger?: boolean;
  outcomes?: Record<string, string>;
}

export interface SimulateStep {
  nodeId: string;
  nodeType: string;
  status: string;
  handle: string | null;
  input: unknown;
  output: unknown;
  effects: unknown;
  logs: unknown;
  error: unknown;
}

export interface SimulateResponse {
  process: string;
  /** The published version that ran; 0 when the draft ran. */
  version: number;
  /** Whether the trigger would start the process for this record; null for triggers without a record. */
  triggerMatched: boolean | null;
  /** `not-started` when the trigger does not match (and ignoreTrigger is not set). */
  status: string;
  error: Record<string, unknown> | null;
  /** Node ids in the order they ran. */
  path: string[];
  steps: SimulateStep[];
  effects: unknown[];
  record: unknown;
}

export const SIMULATE_REQUEST_SCHEMA = {
  $id: 'https://crm-builder.dev/schemas/http/simulate-request.json',
  title: 'SimulateRequest',
  type: 'object',
  description: 'A test run: nothing is written, no e-mail or HTTP call leaves, waiting nodes take the handle named in `outcomes` (default: their first).',
  properties: {
    definition: {
      type: 'string',
      enum: ['live', 'draft'],
      default: 'live',
      description: 'Which version runs: the published one, or the draft being edited (the builder\'s test run; a draft with problems is refused with a 422 listing them).',
    },
    recordId: { type: 'string', minLength: 1, description: 'A stored record to run on (read with the process\'s rights).' },
    record: { type: 'object', description: 'A sample record (its fields), used when recordId is absent.' },
    before: { anyOf: [{ type: 'object' }, { type: 'null' }], description: 'For record and stage triggers: the record before the change, to test `changed` conditions.' },
    action: { type: 'string', enum: ['create', 'update', 'delete'], description: 'For record triggers: the change to simulate (default: update when `before` is given, else create).' },
    trigger: { type: 'object', description: 'The trigger payload for processes without a record: a webhook\'s `body` and `headers`, a manual start\'s `input`.' },
    ignoreTrigger: {
      type: 'boolean',
      default: false,
      description: 'Walk the graph even when the trigger (or its condition) would not start the process for this record; without it such a run stops with status "not-started".',
    },
    outcomes: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Node id -> the handle a waiting node (approval, wait) takes in the test run, e.g. {"approve": "rejected"}.',
    },
  },
  additionalProperties: false,
} as const;
