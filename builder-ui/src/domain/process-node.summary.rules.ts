import { buildCatalog, type App, type Condition, type DefinitionCatalog, type LocalizedText, type Node, type Trigger } from '@crm/schemas';
import { conditionSentence } from './condition-sentence.mapping.js';
import { recordFieldPaths, startFormPaths, type SubjectPath } from './condition-subjects.mapping.js';
import { durationText } from './duration-text.mapping.js';
import { russianPluralIndex } from './plural.rules.js';

/*
 * The words on a canvas node: its handles' labels (да / нет, a switch case's label) and a one-line
 * summary of its config in the analyst's words, from the definition's labels ("Сумма больше
 * 100 000"; "Наименее загруженному: Старший менеджер"), in both languages. A name the definition
 * does not know (yet) is shown as written.
 */

const HANDLE_WORDS: Record<string, LocalizedText> = {
  true: { ru: 'да', en: 'yes' },
  false: { ru: 'нет', en: 'no' },
  default: { ru: 'иначе', en: 'otherwise' },
  approved: { ru: 'согласовано', en: 'approved' },
  rejected: { ru: 'отклонено', en: 'rejected' },
  timeout: { ru: 'срок вышел', en: 'timed out' },
  each: { ru: 'для каждой', en: 'each' },
  done: { ru: 'готово', en: 'done' },
};

/** null for the plain "out" handle (no label drawn). */
export function handleLabel(node: Node, handle: string): LocalizedText | null {
  if (handle === 'out') return null;
  if (node.type === 'switch') {
    const found = node.config.cases.find((c) => c.handle === handle);
    if (found) return found.label ?? { ru: handle, en: handle };
  }
  return HANDLE_WORDS[handle] ?? { ru: handle, en: handle };
}

const OPS: Record<string, string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };

function valueText(value: unknown): string {
  // Grouped by thousands with a plain space: the same on every machine and in both languages.
  if (typeof value === 'number') return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  if (typeof value === 'string') return `«${value}»`;
  return value === undefined ? '' : JSON.stringify(value);
}

export function conditionText(condition: Condition): string {
  if ('and' in condition) return condition.and.map(conditionText).join(' & ');
  if ('or' in condition) return condition.or.map(conditionText).join(' | ');
  if ('not' in condition) return `!(${conditionText(condition.not)})`;
  const op = OPS[condition.op] ?? condition.op;
  return `${condition.field} ${op} ${valueText(condition.value)}`.trim();
}

function same(text: string): LocalizedText {
  return { ru: text, en: text };
}

// Capitalised: the strategy opens the node's line, as the field's label opens a condition's.
const STRATEGY: Record<string, LocalizedText> = {
  user: { ru: 'Человеку', en: 'To a person' },
  'role-round-robin': { ru: 'По очереди', en: 'Round-robin' },
  'role-least-loaded': { ru: 'Наименее загруженному', en: 'Least loaded' },
  'owner-manager': { ru: 'Руководителю владельца', en: "Owner's manager" },
  'team-senior': { ru: 'Старшему в команде', en: 'Team senior' },
};

function both(make: (locale: 'ru' | 'en') => string): LocalizedText {
  return { ru: make('ru'), en: make('en') };
}

function pick(label: LocalizedText | undefined, fallback: string, locale: 'ru' | 'en'): string {
  if (!label) return fallback;
  return (locale === 'ru' ? (label.ru ?? label.en) : label.en) || fallback;
}

function entityWord(app: App, name: string, locale: 'ru' | 'en'): string {
  return pick(app.entities.find((e) => e.name === name)?.label, name, locale);
}

function fieldWord(app: App, entity: string | undefined, name: string, locale: 'ru' | 'en'): string {
  const field = app.entities.find((e) => e.name === entity)?.fields.find((f) => f.name === name);
  return pick(field?.label, name, locale);
}

/*
 * The subjects a condition sentence names, once per definition document and entity: a 300-step
 * process maps every condition node on load, and the paths (relations followed) are the same for all.
 */
const SUBJECTS = new WeakMap<App, Map<string, SubjectPath[]>>();
function subjectsOf(app: App, entity: string): SubjectPath[] {
  let byEntity = SUBJECTS.get(app);
  if (!byEntity) SUBJECTS.set(app, (byEntity = new Map()));
  let paths = byEntity.get(entity);
  if (!paths) byEntity.set(entity, (paths = recordFieldPaths(app, entity)));
  return paths;
}

/* A start form's answers, once per trigger object (a new one only when the trigger was edited). */
const CATALOGS = new WeakMap<App, DefinitionCatalog>();
const FORM_SUBJECTS = new WeakMap<Trigger, SubjectPath[]>();
function formSubjectsOf(app: App, trigger: Trigger | undefined): SubjectPath[] {
  if (!trigger || trigger.type !== 'manual' || !trigger.inputs?.length) return [];
  let paths = FORM_SUBJECTS.get(trigger);
  if (!paths) {
    let catalog = CATALOGS.get(app);
    if (!catalog) CATALOGS.set(app, (catalog = buildCatalog(app)));
    FORM_SUBJECTS.set(trigger, (paths = startFormPaths(catalog, trigger)));
  }
  return paths;
}

/**
 * One line about a node's settings; `entity` is the record the process works on (its trigger's),
 * `trigger` names a start form's answers ("Срочность = Срочно", not "trigger.input.urgency").
 */
export function nodeSummary(app: App, node: Node, entity?: string, trigger?: Trigger): LocalizedText | null {
  switch (node.type) {
    case 'condition': {
      const form = formSubjectsOf(app, trigger);
      const subjects = [...(entity ? subjectsOf(app, entity) : []), ...form];
      return both((locale) => conditionSentence(node.config.condition, { subjects, locale }));
    }
    case 'switch':
      return both((locale) => node.config.cases.map((c) => pick(c.label, c.handle, locale)).join(', '));
    case 'assign': {
      const how = STRATEGY[node.config.strategy] ?? same(node.config.strategy);
      const roleName = node.config.role;
      const role = roleName ? app.roles?.find((r) => r.name === roleName) : undefined;
      return both((locale) => `${how[locale] ?? how.en}${roleName ? `: ${pick(role?.label, roleName, locale)}` : ''}`);
    }
    case 'wait': {
      const { duration, untilField } = node.config;
      return both((locale) => (duration ? (durationText(duration, locale) ?? duration) : untilField ? fieldWord(app, entity, untilField, locale) : ''));
    }
    case 'update_record':
      return both((locale) => Object.keys(node.config.values).map((f) => fieldWord(app, entity, f, locale)).join(', '));
    case 'create_record':
      return both((locale) => entityWord(app, node.config.entity, locale));
    case 'create_task':
      return same(node.config.title);
    case 'email':
      // A template may stand in for the subject (the node's subject is then optional).
      return same(node.config.subject ?? node.config.template ?? '');
    case 'document':
      return same(node.config.template);
    case 'http':
      return same(`${node.config.method ?? 'GET'} ${node.config.url}`);
    case 'call_process': {
      const called = app.processes?.find((p) => p.name === node.config.process);
      return both((locale) => pick(called?.label, node.config.process, locale));
    }
    case 'loop':
      return both((locale) => fieldWord(app, entity, node.config.relation, locale));
    default:
      return null;
  }
}

const ON: Record<string, LocalizedText> = { create: { ru: 'создание', en: 'created' }, update: { ru: 'изменение', en: 'updated' }, delete: { ru: 'удаление', en: 'deleted' } };

export function triggerSummary(app: App, trigger: Trigger): LocalizedText {
  const entityLabel = (name: string): LocalizedText => app.entities.find((e) => e.name === name)?.label ?? same(name);
  switch (trigger.type) {
    case 'record': {
      const e = entityLabel(trigger.entity);
      const on = trigger.on.map((o) => ON[o] ?? same(o));
      return { ru: `${e.ru ?? e.en}: ${on.map((o) => o.ru).join(', ')}`, en: `${e.en}: ${on.map((o) => o.en).join(', ')}` };
    }
    case 'stage': {
      const e = entityLabel(trigger.entity);
      const stage = app.pipelines?.find((p) => p.name === trigger.pipeline)?.stages.find((s) => s.name === trigger.stage)?.label ?? same(trigger.stage);
      return { ru: `${e.ru ?? e.en} → ${stage.ru ?? stage.en}`, en: `${e.en} → ${stage.en}` };
    }
    case 'schedule':
      return same(trigger.cron);
    case 'date':
      return same(`${trigger.entity}.${trigger.field}`);
    case 'webhook':
      return same(`/api/hooks/${trigger.name}`);
    case 'manual': {
      const e = trigger.entity ? entityLabel(trigger.entity) : null;
      const base = e ? { ru: `Вручную: ${e.ru ?? e.en}`, en: `Manual: ${e.en}` } : { ru: 'Вручную', en: 'Manual' };
      // The canvas says the start asks something, and how much: "Вручную: Сделка · 3 вопроса".
      const asked = trigger.inputs?.length ?? 0;
      if (asked === 0) return base;
      const ruQuestions = ['вопрос', 'вопроса', 'вопросов'][russianPluralIndex(asked, 3)];
      return { ru: `${base.ru} · ${asked} ${ruQuestions}`, en: `${base.en} · ${asked} ${asked === 1 ? 'question' : 'questions'}` };
    }
  }
}
