import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { loadTemplate } from '@crm/templates';
import { PERSON_PASSWORD, run, runFor, runsOf, settled, until, waitForRun, type RunBody } from '../engine/engine-test.support.js';
import { datesScannedTo, FAST_TRIGGERS, settledRuns, TestClock } from '../engine/triggers/trigger-test.support.js';

/*
 * The support-desk template as a desk would live with it: installed with its demo people and
 * tickets, every ticket gets its SLA deadlines from its priority at install, each role reads what
 * its scopes say, the first-response reminder and the SLA escalation fire on the demo tickets as
 * the (test) clock moves past their deadlines, closing a resolved ticket sends a survey whose low
 * rating reaches the team lead, the inbox deals requests round-robin, and the trade rules refuse
 * bad writes with ru/en messages and the database unchanged.
 */

const template = loadTemplate('support-desk');
const HOUR = 3600_000;

interface Ticket {
  id: string;
  subject: string;
  priority: string;
  status: string;
  created_at: string;
  owner: string;
  customer: string;
  resolution: string | null;
  first_response_due: string | null;
  resolution_due: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  escalated: boolean | null;
  escalated_to: string | null;
  version: number;
}

interface Survey {
  id: string;
  ticket: string;
  rating: number | null;
  comment: string | null;
  reviewer: string | null;
  version: number;
}

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

/** The id of the record a create_record step made. */
function outputId(run: RunBody, nodeId: string): string {
  const output = run.steps.find((s) => s.nodeId === nodeId)?.output;
  return typeof output === 'object' && output !== null && 'id' in output && typeof output.id === 'string' ? output.id : '';
}

const demoUser = (role: string, team?: string): { email: string; name: string } => {
  const user = (template.users ?? []).find((u) => u.roles.includes(role) && (!team || u.team === team));
  if (!user) throw new Error(`no demo ${role} in ${team ?? 'any team'}`);
  return user;
};

const hoursOf = (priority: string): { first: number; resolution: number } => {
  const policy = (template.data?.['sla_policy'] ?? []).find((p) => p['priority'] === priority);
  return { first: Number(policy?.['first_response_hours']), resolution: Number(policy?.['resolution_hours']) };
};

describe.each(testDatabaseKinds())('support-desk template on %s', (kind) => {
  // The engine's clock (scripts' `now`, date triggers) starts at a whole minute and only moves forward.
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const clock = new TestClock(start.toISOString());
  let rt: TestRuntime;
  const ids = new Map<string, string>();
  const tokens = new Map<string, string>();

  async function signIn(email: string): Promise<string> {
    const known = tokens.get(email);
    if (known) return known;
    const id = ids.get(email) ?? '';
    const patched = await rt.request('PATCH', `/api/users/${id}`, { body: { password: PERSON_PASSWORD } });
    if (patched.status !== 200) throw new Error(`password for ${email}: ${patched.status} ${JSON.stringify(patched.body)}`);
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PERSON_PASSWORD }, token: null });
    if (login.status !== 200) throw new Error(`sign-in ${email}: ${login.status}`);
    tokens.set(email, login.body.token);
    return login.body.token;
  }

  async function tickets(token?: string): Promise<Ticket[]> {
    const res = await rt.request<{ data: Ticket[] }>('GET', '/api/records/ticket?limit=200', token ? { token } : {});
    if (res.status !== 200) throw new Error(`tickets: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  async function ticket(id: string): Promise<Ticket> {
    return (await rt.request<Ticket>('GET', `/api/records/ticket/${id}`)).body;
  }

  const emailOf = (id: string): string => [...ids].find(([, v]) => v === id)?.[0] ?? '';

  /** The manager (team lead) of a demo person, by id. */
  const managerOf = (id: string): string => ids.get((template.users ?? []).find((u) => u.email === emailOf(id))?.manager ?? '') ?? '';

  async function scanTo(at: Date): Promise<void> {
    clock.set(at.toISOString());
    await datesScannedTo(rt, at, 2);
    await settledRuns(rt, 'first_response_warning');
    await settledRuns(rt, 'sla_escalation');
    await settled(rt);
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'support-desk', engine: { clock: clock.now, triggers: FAST_TRIGGERS }, workers: { pollMs: 100 } });
    const users = await rt.request<{ data: Array<{ id: string; email: string }> }>('GET', '/api/users?limit=200');
    for (const u of users.body.data) ids.set(u.email, u.id);
    // The first scan opens the date triggers' cursors at the clock's start.
    await datesScannedTo(rt, start, 2);
    // The installer saves demo tickets without running processes: sla_watch's next tick (every 5 minutes) sets their deadlines.
    clock.set(new Date(Math.ceil((start.getTime() + 1) / (5 * 60_000)) * 5 * 60_000).toISOString());
    // Its script saves every demo ticket: give it time on a loaded machine.
    await until('sla_watch to run', async () => (await runsOf(rt, 'sla_watch')).some((r) => r.status === 'completed'), 90_000);
    await settled(rt);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('installs the demo desk: people, customers, policies, articles, tickets and answered surveys', async () => {
    const data = template.data ?? {};
    for (const entity of ['sla_policy', 'customer', 'kb_article', 'ticket', 'survey']) {
      const res = await rt.request<{ data: unknown[] }>('GET', `/api/records/${entity}?limit=200`);
      expect(res.body.data, entity).toHaveLength(data[entity]?.length ?? -1);
    }
    for (const user of template.users ?? []) expect(ids.has(user.email), user.email).toBe(true);
  });

  it('every demo ticket got its SLA deadlines from its priority’s policy, counted from its arrival', async () => {
    const all = await tickets();
    for (const t of all) {
      const hours = hoursOf(t.priority);
      const arrived = Date.parse(t.created_at);
      expect(Date.parse(t.first_response_due ?? ''), t.subject).toBe(arrived + hours.first * HOUR);
      expect(Date.parse(t.resolution_due ?? ''), t.subject).toBe(arrived + hours.resolution * HOUR);
    }
    const watch = (await runsOf(rt, 'sla_watch')).filter((r) => r.status === 'completed');
    expect(watch.length).toBeGreaterThan(0);
    expect((await run(rt, watch[watch.length - 1]?.id ?? '')).steps[0]?.output).toEqual({ checked: all.length, updated: all.length });
  });

  it('an agent reads the tickets of their own line only and changes only their own; SLA fields are the automations’', async () => {
    const line1 = (template.users ?? []).filter((u) => u.team === 'Первая линия').map((u) => ids.get(u.email));
    const agent = demoUser('support_agent', 'Первая линия');
    const token = await signIn(agent.email);
    const seen = await tickets(token);
    const all = await tickets();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((t) => t.id).sort()).toEqual(all.filter((t) => line1.includes(t.owner)).map((t) => t.id).sort());
    const otherLine = all.find((t) => !line1.includes(t.owner));
    expect((await rt.request('GET', `/api/records/ticket/${otherLine?.id ?? ''}`, { token })).status).toBe(404);
    const colleagues = seen.find((t) => t.owner !== ids.get(agent.email));
    const refused = await rt.request<ErrorBody>('PATCH', `/api/records/ticket/${colleagues?.id ?? ''}`, { token, body: { description: 'чужое' } });
    expect(refused.status).toBe(403);
    const mine = seen.find((t) => t.owner === ids.get(agent.email));
    const moved = await rt.request<ErrorBody>('PATCH', `/api/records/ticket/${mine?.id ?? ''}`, { token, body: { resolution_due: new Date(start.getTime() + 1000 * HOUR).toISOString() } });
    expect(moved.status).toBe(403);
    expect((await ticket(mine?.id ?? '')).resolution_due).toBe(mine?.resolution_due);
    // Policies are read by all and changed by the head of support only.
    expect((await rt.request<{ data: unknown[] }>('GET', '/api/records/sla_policy', { token })).body.data).toHaveLength(4);
    expect((await rt.request('POST', '/api/records/sla_policy', { token, body: { name: 'x', priority: 'low', first_response_hours: 1, resolution_hours: 2 } })).status).toBe(403);

    const lead2 = demoUser('team_lead', 'Вторая линия');
    const line2 = (template.users ?? []).filter((u) => u.team === 'Вторая линия').map((u) => ids.get(u.email));
    expect((await tickets(await signIn(lead2.email))).map((t) => t.id).sort()).toEqual(all.filter((t) => line2.includes(t.owner)).map((t) => t.id).sort());
    expect(await tickets(await signIn(demoUser('support_head').email))).toHaveLength(all.length);
  });

  it('reminds the owner before the first response is due and escalates to the team lead an hour before the resolution deadline', async () => {
    const all = await tickets();
    const criticalNew = all.filter((t) => t.priority === 'critical' && t.status === 'new');
    const criticalOpen = all.filter((t) => t.priority === 'critical' && !['resolved', 'closed'].includes(t.status));
    expect(criticalNew.length).toBeGreaterThan(0);
    const latest = Math.max(...all.map((t) => Date.parse(t.created_at)));

    // 50 minutes in: only critical tickets nobody has answered are 15 minutes from their 1-hour deadline.
    await scanTo(new Date(latest + 50 * 60_000));
    const warned = await settledRuns(rt, 'first_response_warning');
    expect(warned.map((r) => r.recordId).sort()).toEqual(criticalNew.map((t) => t.id).sort());
    expect(warned.every((r) => r.status === 'completed')).toBe(true);
    const [firstNew] = criticalNew;
    const ownerToken = await signIn(emailOf(firstNew?.owner ?? ''));
    const notes = await rt.request<{ data: Array<{ message: string; runId: string }> }>('GET', '/api/notifications', { token: ownerToken });
    expect(notes.body.data.filter((n) => warned.some((r) => r.id === n.runId)).map((n) => n.message)).toContain(
      `Через 15 минут истекает срок первого ответа по обращению «${firstNew?.subject ?? ''}» / First response due in 15 minutes`,
    );
    expect(await runsOf(rt, 'sla_escalation')).toHaveLength(0);

    // 3 h 10 min in: critical tickets still open are an hour from their 4-hour resolution deadline.
    await scanTo(new Date(latest + (3 * 60 + 10) * 60_000));
    const escalations = await settledRuns(rt, 'sla_escalation');
    expect(escalations.map((r) => r.recordId).sort()).toEqual(criticalOpen.map((t) => t.id).sort());
    for (const t of criticalOpen) {
      const done = await runFor(rt, 'sla_escalation', t.id);
      expect(done.status).toBe('completed');
      const lead = managerOf(t.owner);
      const after = await ticket(t.id);
      expect(after).toMatchObject({ escalated: true, escalated_to: lead });
      const leadTasks = await rt.request<{ data: Array<{ title: string; runId: string; assignee: string }> }>('GET', '/api/tasks', { token: await signIn(emailOf(lead)) });
      expect(leadTasks.body.data.filter((task) => task.runId === done.id).map((task) => [task.title, task.assignee])).toEqual([[`SLA под угрозой: «${t.subject}» / SLA about to break`, lead]]);
    }
    // A second scan over the same window escalates nobody twice.
    await rt.runtime.engine.engine.scanDateTriggers();
    await settled(rt);
    expect(await runsOf(rt, 'sla_escalation')).toHaveLength(criticalOpen.length);
  });

  it('closing a resolved ticket sends the customer a survey; a low rating from the survey form reaches the team lead', async () => {
    const resolved = (await tickets()).find((t) => t.status === 'resolved');
    const ownerToken = await signIn(emailOf(resolved?.owner ?? ''));
    const closed = await rt.request('PATCH', `/api/records/ticket/${resolved?.id ?? ''}`, { token: ownerToken, body: { status: 'closed' } });
    expect(closed.status).toBe(200);
    const sent = await runFor(rt, 'satisfaction_survey', resolved?.id ?? '');
    expect(sent.status).toBe('completed');
    const surveyId = outputId(sent, 'survey');
    const survey = await rt.request<Survey>('GET', `/api/records/survey/${surveyId}`);
    expect(survey.body).toMatchObject({ ticket: resolved?.id, rating: null });
    const customer = await rt.request<{ email: string }>('GET', `/api/records/customer/${resolved?.customer ?? ''}`);
    const mailbox = await rt.request<{ data: Array<{ to: string[]; subject: string; runId: string }> }>('GET', '/api/mailbox');
    expect(mailbox.body.data.filter((m) => m.runId === sent.id).map((m) => [m.to, m.subject])).toEqual([[[customer.body.email], `Оцените, пожалуйста, решение обращения «${resolved?.subject ?? ''}»`]]);

    // The customer answers through the survey form (the csat-reply webhook); a wrong secret is refused.
    expect((await rt.request('POST', '/api/hooks/csat-reply', { token: null, headers: { 'x-hook-secret': 'wrong' }, body: { survey: surveyId, rating: 2 } })).status).toBe(401);
    const reply = await rt.request('POST', '/api/hooks/csat-reply', { token: null, headers: { 'x-hook-secret': 'csat-demo-secret-change-me' }, body: { survey: surveyId, rating: 2, comment: 'Долго ждали ответа' } });
    expect(reply.status).toBeLessThan(300);
    await until('the rating to arrive', async () => (await rt.request<Survey>('GET', `/api/records/survey/${surveyId}`)).body.rating === 2);
    const review = await runFor(rt, 'low_rating_review', surveyId);
    expect(review.status).toBe('completed');
    const lead = managerOf(resolved?.owner ?? '');
    expect((await rt.request<Survey>('GET', `/api/records/survey/${surveyId}`)).body).toMatchObject({ rating: 2, comment: 'Долго ждали ответа', reviewer: lead });
    const leadTasks = await rt.request<{ data: Array<{ title: string; runId: string }> }>('GET', '/api/tasks', { token: await signIn(emailOf(lead)) });
    expect(leadTasks.body.data.filter((t) => t.runId === review.id).map((t) => t.title)).toEqual([`Низкая оценка (2): Оценка: ${resolved?.subject ?? ''} / Low rating`]);
  });

  it('trade rules: no resolving without a resolution, no reopening a closed ticket, a rating once and only for a resolved ticket', async () => {
    const head = await signIn(demoUser('support_head').email);
    const all = await tickets();
    const fresh = all.find((t) => t.status === 'new' && t.resolution === null);
    const noResolution = await rt.request<ErrorBody>('PATCH', `/api/records/ticket/${fresh?.id ?? ''}`, { token: head, body: { status: 'resolved' } });
    expect(noResolution.status).toBe(400);
    expect(noResolution.body.error.details).toEqual([
      expect.objectContaining({
        field: 'resolution',
        code: 'REQUIRED_FOR_STAGE',
        message: 'Fill in "Resolution" before the record enters stage "Resolved".',
        message_ru: 'Заполните поле «Решение», прежде чем перевести запись на этап «Решено».',
      }),
    ]);
    expect(await ticket(fresh?.id ?? '')).toMatchObject({ status: 'new', version: fresh?.version, resolved_at: null });

    const closed = all.find((t) => t.status === 'closed');
    const reopen = await rt.request<ErrorBody>('PATCH', `/api/records/ticket/${closed?.id ?? ''}`, { token: head, body: { status: 'in_progress' } });
    expect(reopen.status).toBe(400);
    expect(reopen.body.error.details).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', message_ru: 'Запись нельзя перевести из этапа «Закрыто» в «В работе»: «Закрыто» — последний этап.' })]);
    expect((await ticket(closed?.id ?? '')).version).toBe(closed?.version);

    const surveys = await rt.request<{ data: Survey[] }>('GET', '/api/records/survey?limit=200');
    const answered = surveys.body.data.find((s) => s.rating !== null);
    const again = await rt.request<ErrorBody>('PATCH', `/api/records/survey/${answered?.id ?? ''}`, { token: head, body: { rating: answered?.rating === 5 ? 4 : 5 } });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('PROCESS_FAILED');
    expect(again.body.error.message).toBe('The process “Rated once, after resolution” refused the save: The rating was already given and cannot be changed');
    expect(again.body.error.details).toEqual([
      expect.objectContaining({
        code: 'SAVE_REFUSED',
        field: 'rating',
        nodeId: 'refuse_changed',
        process: 'rating_once',
        message: 'The rating was already given and cannot be changed',
        message_ru: 'Оценка уже получена, изменить её нельзя',
      }),
    ]);
    expect((await rt.request<Survey>('GET', `/api/records/survey/${answered?.id ?? ''}`)).body).toMatchObject({ rating: answered?.rating, version: answered?.version });

    const open = all.find((t) => t.status === 'in_progress');
    const before = (await rt.request<{ data: Survey[] }>('GET', '/api/records/survey?limit=200')).body.data.length;
    const early = await rt.request<ErrorBody>('POST', '/api/records/survey', { token: head, body: { title: 'Рано', ticket: open?.id, rating: 5 } });
    expect(early.status).toBe(422);
    expect(early.body.error.details).toEqual([
      expect.objectContaining({
        code: 'SAVE_REFUSED',
        field: 'ticket',
        nodeId: 'refuse_unresolved',
        message: 'Only a resolved or closed ticket can be rated',
        message_ru: 'Оценить можно только решённое или закрытое обращение',
      }),
    ]);
    expect((await rt.request<{ data: Survey[] }>('GET', '/api/records/survey?limit=200')).body.data).toHaveLength(before);
  });

  it('the support inbox turns requests into tickets with SLA deadlines, dealt round-robin among the agents', async () => {
    const agents = (template.users ?? []).filter((u) => u.roles.includes('support_agent')).map((u) => ids.get(u.email));
    const known = (template.data?.['customer'] ?? [])[0];
    const requests = [
      { email: String(known?.['email']), subject: 'Не открывается отчёт', priority: 'high' },
      { email: 'novyi.klient@mail.example.ru', name: 'Пётр Новиков', subject: 'Как подключить кассу?' },
      { email: 'novyi.klient@mail.example.ru', subject: 'И ещё вопрос по кассе' },
      { email: 'buh@romashka.example.ru', subject: 'Нужен акт сверки', channel: 'portal' },
      { email: 'it@romashka.example.ru', subject: 'Ошибка 401 в API', priority: 'critical' },
    ];
    const runIds: string[] = [];
    for (const body of requests) {
      const res = await rt.request<{ runId?: string; id?: string }>('POST', '/api/hooks/support-inbox', { token: null, headers: { 'x-hook-secret': 'inbox-demo-secret-change-me' }, body });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      runIds.push(String(res.body.runId ?? res.body.id));
    }
    const created: Ticket[] = [];
    for (const id of runIds) {
      const done = await waitForRun(rt, id);
      expect(done.status).toBe('completed');
      const ticketId = outputId(done, 'ticket');
      created.push(await ticket(ticketId));
    }
    // Five requests, five agents: each gets one, in turn.
    expect(new Set(created.map((t) => t.owner)).size).toBe(agents.length);
    expect(created.every((t) => agents.includes(t.owner))).toBe(true);
    const customers = await rt.request<{ data: Array<{ id: string; email: string }> }>('GET', '/api/records/customer?limit=200');
    expect(created[0]?.customer).toBe(customers.body.data.find((c) => c.email === known?.['email'])?.id);
    expect(customers.body.data.filter((c) => c.email.endsWith('.example.ru') && c.email !== known?.['email']).length).toBeGreaterThanOrEqual(3);
    expect(created[1]?.customer).toBe(created[2]?.customer);
    for (const t of created) {
      const hours = hoursOf(t.priority);
      expect(Date.parse(t.resolution_due ?? '')).toBe(Date.parse(clock.now().toISOString()) + hours.resolution * HOUR);
      const deadlines = await runsOf(rt, 'sla_deadlines', `?recordId=${t.id}`);
      expect(deadlines.map((r) => [r.mode, r.status])).toEqual([['before-save', 'completed']]);
    }
  });
});
