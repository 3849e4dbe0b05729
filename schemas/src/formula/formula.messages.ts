import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/* Messages of formula compilation errors; each names what is wrong so an analyst can fix it. */

const q = (text: string): LocalizedMessage => ({ ru: `«${text}»`, en: `"${text}"` });

export const formulaMessages = {
  syntax: (detail: string): LocalizedMessage => ({
    ru: `Формулу не удалось разобрать: ${detail}`,
    en: `The formula cannot be read: ${detail}`,
  }),
  unknownField: (name: string, known: readonly string[]): LocalizedMessage => ({
    ru: `В формуле поле ${q(name).ru}, которого нет среди полей записи${known.length > 0 ? ` (есть: ${known.join(', ')})` : ''}`,
    en: `The formula uses ${q(name).en}, which is not a field of the record${known.length > 0 ? ` (fields: ${known.join(', ')})` : ''}`,
  }),
  memberAccess: (name: string): LocalizedMessage => ({
    ru: `Формула читает только поля самой записи: ${q(name).ru} через точку или скобки не поддерживается`,
    en: `A formula reads only the record's own fields: ${q(name).en} with a dot or brackets is not supported`,
  }),
  unknownFunction: (name: string, known: readonly string[]): LocalizedMessage => ({
    ru: `Функции ${q(name).ru} нет; доступны: ${known.join(', ')}`,
    en: `There is no function ${q(name).en}; available: ${known.join(', ')}`,
  }),
  objectLiteral: (): LocalizedMessage => ({
    ru: 'Объекты { … } в формуле не поддерживаются',
    en: 'Objects { … } are not supported in a formula',
  }),
};
