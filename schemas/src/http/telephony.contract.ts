/*
 * /api/telephony's HTTP shapes, declared once for the runtime (runtime/src/telephony) and the
 * builder's Telephony section and the workspace's call action and timeline.
 */

/** Which records a call's number is looked up in, and how the activity and task link to them. */
export interface TelephonyMatchRule {
  entity: string;
  phoneFields: string[];
  activityLink?: string;
  taskLink?: string;
}

/** What an integration does with a call (checked against the live definition when saved). */
export interface TelephonyConfig {
  match: TelephonyMatchRule[];
  create: { entity: string; phoneField: string; values: Record<string, string> } | null;
  activity: { entity: string; values: Record<string, string> };
  task: { entity: string; assigneeField: string; values: Record<string, string> } | null;
  clickToCallUrl: string | null;
}

/** An integration as admins see it; its secret is only ever in the answer that made it. */
export interface TelephonyIntegration {
  id: string;
  name: string;
  config: TelephonyConfig;
  createdAt: string;
  secretRotatedAt: string | null;
}

/** POST /integrations and POST /integrations/:name/secret. */
export interface TelephonyIntegrationWithSecret {
  integration: TelephonyIntegration;
  secret: string;
}

/** GET /calls/:activityId: the call behind a timeline activity. */
export interface CallOnTimeline {
  direction: 'in' | 'out';
  result: 'answered' | 'missed';
  duration: number;
  recordingUrl: string | null;
  from: string | null;
  to: string | null;
}
