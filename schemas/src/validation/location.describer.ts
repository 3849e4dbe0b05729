import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import { pointerTokens, valueAt } from '../issues/json-pointer.js';

/*
 * Names the thing a pointer points into, in words an analyst recognises: `/entities/0/fields/3/type`
 * becomes 'Field "amount" of entity "deal"' with the rest of the path ["type"]. Works on documents
 * that failed validation, so every name is optional and falls back to the item's position.
 */

export type DocumentKind = 'app' | 'template' | 'other';

export interface Location {
  /** The named thing, e.g. Field "amount" of entity "deal"; absent at the top of the document. */
  thing?: LocalizedMessage;
  /** The path below that thing, e.g. ["config", "condition", "op"]. */
  rest: string[];
}

interface Described {
  thing: LocalizedMessage;
  consumed: number;
}

function nameAt(document: unknown, pointer: string, key: string): string | undefined {
  const value = valueAt(document, `${pointer}/${key}`);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function named(document: unknown, pointer: string, index: string, key = 'name'): LocalizedMessage {
  const name = nameAt(document, pointer, key);
  return name ? { ru: `«${name}»`, en: `"${name}"` } : { ru: `№${Number(index) + 1}`, en: `#${Number(index) + 1}` };
}

function describeApp(document: unknown, base: string, tokens: readonly string[]): Described | undefined {
  const [section, index, sub, subIndex] = tokens;
  if (section === undefined || index === undefined) return undefined;
  const at = `${base}/${section}/${index}`;
  const own = named(document, at, index);
  const hasSub = (name: string): boolean => sub === name && subIndex !== undefined;
  switch (section) {
    case 'entities': {
      if (hasSub('fields') && subIndex !== undefined) {
        const field = named(document, `${at}/fields/${subIndex}`, subIndex);
        return { thing: { ru: `Поле ${field.ru} сущности ${own.ru}`, en: `Field ${field.en} of entity ${own.en}` }, consumed: 4 };
      }
      return { thing: { ru: `Сущность ${own.ru}`, en: `Entity ${own.en}` }, consumed: 2 };
    }
    case 'pipelines': {
      if (hasSub('stages') && subIndex !== undefined) {
        const stage = named(document, `${at}/stages/${subIndex}`, subIndex);
        return { thing: { ru: `Этап ${stage.ru} воронки ${own.ru}`, en: `Stage ${stage.en} of pipeline ${own.en}` }, consumed: 4 };
      }
      return { thing: { ru: `Воронка ${own.ru}`, en: `Pipeline ${own.en}` }, consumed: 2 };
    }
    case 'roles': {
      if (hasSub('sharing') && subIndex !== undefined) {
        const rule = named(document, `${at}/sharing/${subIndex}`, subIndex);
        return { thing: { ru: `Правило доступа ${rule.ru} роли ${own.ru}`, en: `Sharing rule ${rule.en} of role ${own.en}` }, consumed: 4 };
      }
      return { thing: { ru: `Роль ${own.ru}`, en: `Role ${own.en}` }, consumed: 2 };
    }
    case 'processes': {
      if (hasSub('nodes') && subIndex !== undefined) {
        const node = named(document, `${at}/nodes/${subIndex}`, subIndex, 'id');
        return { thing: { ru: `Узел ${node.ru} процесса ${own.ru}`, en: `Node ${node.en} of process ${own.en}` }, consumed: 4 };
      }
      if (hasSub('edges') && subIndex !== undefined) {
        const from = nameAt(document, `${at}/edges/${subIndex}`, 'from') ?? '?';
        const to = nameAt(document, `${at}/edges/${subIndex}`, 'to') ?? '?';
        return { thing: { ru: `Связь «${from}» → «${to}» процесса ${own.ru}`, en: `Edge "${from}" -> "${to}" of process ${own.en}` }, consumed: 4 };
      }
      if (sub === 'trigger') return { thing: { ru: `Триггер процесса ${own.ru}`, en: `Trigger of process ${own.en}` }, consumed: 3 };
      return { thing: { ru: `Процесс ${own.ru}`, en: `Process ${own.en}` }, consumed: 2 };
    }
    case 'views':
      return { thing: { ru: `Представление ${own.ru}`, en: `View ${own.en}` }, consumed: 2 };
    case 'forms': {
      if (hasSub('sections') && subIndex !== undefined) {
        const n = Number(subIndex) + 1;
        return { thing: { ru: `Раздел ${n} формы ${own.ru}`, en: `Section ${n} of form ${own.en}` }, consumed: 4 };
      }
      return { thing: { ru: `Форма ${own.ru}`, en: `Form ${own.en}` }, consumed: 2 };
    }
    default:
      return undefined;
  }
}

function describeTemplate(document: unknown, tokens: readonly string[]): Described | undefined {
  const [section, index] = tokens;
  if (section === 'app') {
    const inApp = describeApp(document, '/app', tokens.slice(1));
    return inApp ? { thing: inApp.thing, consumed: inApp.consumed + 1 } : undefined;
  }
  if (index === undefined) return undefined;
  if (section === 'users') {
    const user = named(document, `/users/${index}`, index, 'email');
    return { thing: { ru: `Демо-пользователь ${user.ru}`, en: `Demo user ${user.en}` }, consumed: 2 };
  }
  if (section === 'teams') {
    const team = named(document, `/teams/${index}`, index);
    return { thing: { ru: `Команда ${team.ru}`, en: `Team ${team.en}` }, consumed: 2 };
  }
  if (section === 'data') return { thing: { ru: `Демо-данные сущности «${index}»`, en: `Demo data of entity "${index}"` }, consumed: 2 };
  return undefined;
}

/** Words for where `pointer` lands in a document of the given kind. */
export function describeLocation(document: unknown, pointer: string, kind: DocumentKind): Location {
  const tokens = pointerTokens(pointer);
  const described = kind === 'app' ? describeApp(document, '', tokens) : kind === 'template' ? describeTemplate(document, tokens) : undefined;
  if (!described) return { rest: tokens };
  return { thing: described.thing, rest: tokens.slice(described.consumed) };
}
