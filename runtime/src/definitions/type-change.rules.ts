import type { Conversion, StepText } from './plan-step.types.js';

/*
 * Which field type changes keep every value, and how the column is converted. Pure: the data
 * checks a conversion asks for (options, patterns) run in the migrator, against the table.
 */

/** What matters about a field's type for converting its values. */
export interface FieldShape {
  type: string;
  /** relation: its cardinality and the stable key of its target entity. */
  cardinality?: string | null;
  target?: string | null;
  /** formula: the type of its value. */
  resultType?: string | null;
  /** enum: the values a record may hold (its options, or its pipeline's stages). */
  allowedValues?: string[] | null;
}

export interface TypeChange {
  entity: string;
  field: string;
  from: FieldShape;
  to: FieldShape;
}

export type TypeChangeDecision = { ok: true; conversion: Conversion } | { ok: false; code: string; message: StepText };

/** PostgreSQL regular expressions the values of a text field must match to become email, url or phone. */
export const FORMAT_PATTERNS = {
  email: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  url: '^https?://[^\\s]+$',
  // Phones are stored normalised to E.164, so a text value must already be in that form.
  phone: '^\\+[1-9][0-9]{6,14}$',
} as const;

const NUMERIC = new Set(['integer', 'number', 'money', 'percent']);
const PLAIN_TEXT = new Set(['text', 'longtext']);
const TEXT_LIKE = new Set(['text', 'longtext', 'email', 'url', 'phone', 'enum']);

/** Whether anything about the type differs (the field's options are a separate check). */
export function isTypeChange(from: FieldShape, to: FieldShape): boolean {
  return (
    from.type !== to.type ||
    (from.cardinality ?? null) !== (to.cardinality ?? null) ||
    (from.target ?? null) !== (to.target ?? null) ||
    (from.resultType ?? null) !== (to.resultType ?? null)
  );
}

export function describeType(shape: FieldShape): string {
  if (shape.type === 'relation') return `relation (${shape.cardinality ?? 'many-to-one'})`;
  if (shape.type === 'formula') return `formula (${shape.resultType ?? 'number'})`;
  return shape.type;
}

function refuse(change: TypeChange): TypeChangeDecision {
  const name = `${change.entity}.${change.field}`;
  const from = describeType(change.from);
  const to = describeType(change.to);
  return {
    ok: false,
    code: 'UNSAFE_TYPE_CHANGE',
    message: {
      en: `Cannot change the type of ${name} from ${from} to ${to}: existing values cannot be converted safely. Add a new field and move the values instead.`,
      ru: `Нельзя изменить тип поля ${name} с ${from} на ${to}: существующие значения нельзя надёжно преобразовать. Добавьте новое поле и перенесите значения.`,
    },
  };
}

function decideRelation(change: TypeChange): TypeChangeDecision {
  const name = `${change.entity}.${change.field}`;
  if ((change.from.target ?? null) !== (change.to.target ?? null)) {
    return {
      ok: false,
      code: 'RELATION_TARGET_CHANGE',
      message: {
        en: `Cannot point the relation ${name} at another entity: its links would lead to records of the wrong kind. Add a new relation field instead.`,
        ru: `Нельзя перенаправить связь ${name} на другую сущность: её ссылки указывали бы на записи другого вида. Добавьте новое поле-связь.`,
      },
    };
  }
  if ((change.from.cardinality ?? 'many-to-one') !== (change.to.cardinality ?? 'many-to-one')) return refuse(change);
  return { ok: true, conversion: { kind: 'none' } };
}

export function decideTypeChange(change: TypeChange): TypeChangeDecision {
  const from = change.from.type;
  const to = change.to.type;
  if (from === 'relation' && to === 'relation') return decideRelation(change);
  if (from === 'formula' && to === 'formula') {
    return (change.from.resultType ?? 'number') === (change.to.resultType ?? 'number')
      ? { ok: true, conversion: { kind: 'none' } }
      : refuse(change);
  }
  if (from === to) return { ok: true, conversion: { kind: 'none' } };
  if (NUMERIC.has(from) && NUMERIC.has(to) && to !== 'integer') return { ok: true, conversion: { kind: 'cast' } };
  if (TEXT_LIKE.has(from) && PLAIN_TEXT.has(to)) return { ok: true, conversion: { kind: 'none' } };
  if (from === 'text') {
    if (to === 'enum') return { ok: true, conversion: { kind: 'options', allowed: change.to.allowedValues ?? [] } };
    if (to === 'email' || to === 'url' || to === 'phone') {
      return { ok: true, conversion: { kind: 'pattern', pattern: FORMAT_PATTERNS[to], format: to } };
    }
  }
  if (from === 'date' && to === 'datetime') return { ok: true, conversion: { kind: 'cast' } };
  return refuse(change);
}
