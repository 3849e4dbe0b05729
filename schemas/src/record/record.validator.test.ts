import { describe, expect, it } from 'vitest';
import { fullApp } from '../testing/full-app.fixture.js';
import { compileRecordSchema } from './record-schema.compiler.js';
import { getRecordValidator } from './record.validator.js';
import type { RecordValidationResult } from './record-schema.types.js';

const UUID_A = '3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c';
const UUID_B = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

function errorsOf(result: RecordValidationResult) {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

describe('record validator', () => {
  const app = fullApp();
  const update = getRecordValidator(app, 'deal', 'update');
  const create = getRecordValidator(app, 'deal', 'create');

  const cases: Array<{ field: string; good: unknown[]; bad: unknown[] }> = [
    { field: 'title', good: ['Поставка серверов'], bad: [42, '', null] },
    { field: 'description', good: ['многострочный\nтекст', null], bad: [['x']] },
    { field: 'amount', good: [150000.5, 0, null], bad: ['150000.50', 'много', -1] },
    { field: 'quantity', good: [3], bad: [1.5, '3', 0] },
    { field: 'discount', good: [0.25, -3], bad: ['0.25', true] },
    { field: 'probability', good: [55.5], bad: [101, '50%'] },
    { field: 'is_priority', good: [true, false], bad: ['yes', 1] },
    { field: 'close_date', good: ['2025-03-31'], bad: ['2025-02-30', '31.03.2025', '2025-03-31T10:00:00Z'] },
    { field: 'last_contact_at', good: ['2025-03-31T10:15:00Z', '2025-03-31T10:15:00+03:00'], bad: ['2025-03-31', 'yesterday'] },
    { field: 'contact_email', good: ['anna@example.com'], bad: ['anna@', 7] },
    { field: 'contact_phone', good: ['+79123456789', '8 (912) 345-67-89'], bad: ['12', 'call me', 79123456789] },
    { field: 'website', good: ['https://example.com/a?b=1', 'http://example.ru'], bad: ['ftp://example.com', 'example.com', 'javascript:alert(1)'] },
    { field: 'stage', good: ['qualified'], bad: ['closed', null] },
    { field: 'source', good: ['referral', null], bad: ['tv'] },
    { field: 'tags', good: [['vip', 'urgent'], [], null], bad: [['vip', 'vip'], ['gold'], 'vip'] },
    { field: 'company', good: [UUID_A, null], bad: ['acme', 5, [UUID_A]] },
    { field: 'contacts', good: [[UUID_A, UUID_B], []], bad: [UUID_A, ['acme']] },
    { field: 'manager', good: [UUID_B], bad: ['boss'] },
    {
      field: 'contract',
      good: [{ name: 'contract.pdf', size: 1024, mime: 'application/pdf', key: 'files/abc' }, null],
      bad: [{ name: 'contract.pdf' }, { name: 'a', size: 20 * 1024 * 1024, mime: 'a/b', key: 'k' }, 'contract.pdf', [{ name: 'a', size: 1, mime: 'a/b', key: 'k' }]],
    },
    { field: 'owner', good: [UUID_A], bad: ['me', null] },
  ];

  for (const { field, good, bad } of cases) {
    it(`${field}: accepts ${good.length} good values and refuses ${bad.length} bad ones, naming the field`, () => {
      // ACT
      const accepted = good.map((value) => update({ [field]: value }));
      const refused = bad.map((value) => update({ [field]: value }));

      // ASSERT
      for (const result of accepted) expect(result.ok, JSON.stringify(result)).toBe(true);
      for (const result of refused) {
        const errors = errorsOf(result);
        expect(errors).toHaveLength(1);
        expect(errors[0]?.field).toBe(field);
        expect(['INVALID_TYPE', 'INVALID_VALUE', 'REQUIRED']).toContain(errors[0]?.code);
        expect(errors[0]?.message.en).toContain(`"${field}"`);
        expect(errors[0]?.message.ru).toContain(`«${field}»`);
      }
    });
  }

  it('normalises phones to E.164, emails to lower case and trims text', () => {
    // ACT
    const typed = update({ contact_phone: '8 (912) 345-67-89', contact_email: '  Anna.Petrova@Example.COM ', title: '  Поставка  ' });
    const international = update({ contact_phone: '+79123456789' });

    // ASSERT
    expect(typed).toEqual({ ok: true, value: { contact_phone: '+79123456789', contact_email: 'anna.petrova@example.com', title: 'Поставка' } });
    expect(international).toEqual({ ok: true, value: { contact_phone: '+79123456789' } });
  });

  it('reads phones without a country code in the field default country', () => {
    // ARRANGE
    const local = fullApp();
    const contact = local.entities.find((e) => e.name === 'contact');
    const phone = contact?.fields.find((f) => f.name === 'phone');
    if (phone?.type !== 'phone') throw new Error('fixture contact has a phone');
    phone.defaultCountry = 'DE';

    // ACT
    const result = getRecordValidator(local, 'contact', 'update')({ phone: '030 1234567' });

    // ASSERT
    expect(result).toEqual({ ok: true, value: { phone: '+49301234567' } });
  });

  it('treats a blank email or phone as empty', () => {
    // ACT / ASSERT
    expect(update({ contact_email: '   ', contact_phone: '' })).toEqual({ ok: true, value: { contact_email: null, contact_phone: null } });
  });

  it('refuses an unparseable phone as INVALID_VALUE', () => {
    // ACT
    const errors = errorsOf(update({ contact_phone: '+7 (912) 12' }));

    // ASSERT
    expect(errors).toEqual([
      {
        field: 'contact_phone',
        code: 'INVALID_VALUE',
        message: { ru: 'Поле «contact_phone»: «+7 (912) 12» — не номер телефона', en: 'Field "contact_phone": "+7 (912) 12" is not a phone number' },
      },
    ]);
  });

  it('refuses writing system and formula fields as READ_ONLY, naming each', () => {
    // ACT
    const errors = errorsOf(update({ id: UUID_A, version: 3, created_at: '2025-01-01T00:00:00Z', created_by: UUID_A, updated_at: 'x', updated_by: UUID_A, deleted_at: null, weighted_amount: 10 }));

    // ASSERT
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['id', 'READ_ONLY'],
      ['version', 'READ_ONLY'],
      ['created_at', 'READ_ONLY'],
      ['created_by', 'READ_ONLY'],
      ['updated_at', 'READ_ONLY'],
      ['updated_by', 'READ_ONLY'],
      ['deleted_at', 'READ_ONLY'],
      ['weighted_amount', 'READ_ONLY'],
    ]);
    expect(errors[0]?.message.en).toBe('Field "id" is read-only: it is a system field the CRM fills in');
    expect(errors[7]?.message.ru).toBe('Поле «weighted_amount» доступно только для чтения: это формула, она вычисляется при сохранении');
  });

  it('refuses the one-to-many side of a relation as READ_ONLY', () => {
    // ACT
    const errors = errorsOf(getRecordValidator(app, 'company', 'update')({ deals: [UUID_A] }));

    // ASSERT
    expect(errors.map((e) => [e.field, e.code])).toEqual([['deals', 'READ_ONLY']]);
  });

  it('refuses an unknown field as UNKNOWN_FIELD and a wrong type as INVALID_TYPE, naming the field', () => {
    // ACT
    const errors = errorsOf(update({ colour: 'red', amount: 'много' }));

    // ASSERT
    expect(errors).toEqual([
      { field: 'colour', code: 'UNKNOWN_FIELD', message: { ru: 'Поля «colour» нет в сущности «deal»', en: 'Entity "deal" has no field "colour"' } },
      {
        field: 'amount',
        code: 'INVALID_TYPE',
        message: { ru: 'Поле «amount»: значение должно быть числом или null', en: 'Field "amount": the value must be a number or null' },
      },
    ]);
  });

  it('on create requires required fields, except those with a default or holding a pipeline stage', () => {
    // ACT
    const missing = errorsOf(create({ amount: 100 }));
    const minimal = create({ title: 'Поставка' });

    // ASSERT
    expect(missing).toEqual([{ field: 'title', code: 'REQUIRED', message: { ru: 'Поле «title» обязательно', en: 'Field "title" is required' } }]);
    expect(minimal).toEqual({ ok: true, value: { title: 'Поставка' } });
  });

  it('on update requires nothing but refuses emptying a required field', () => {
    // ACT
    const nothing = update({});
    const emptied = errorsOf(update({ title: '   ' }));

    // ASSERT
    expect(nothing).toEqual({ ok: true, value: {} });
    expect(emptied.map((e) => [e.field, e.code])).toEqual([['title', 'REQUIRED']]);
  });

  it('refuses a record that is not an object', () => {
    // ACT / ASSERT
    expect(errorsOf(update([1, 2]))[0]?.code).toBe('INVALID_TYPE');
  });

  it('compiles each validator once per app object, entity and mode', () => {
    // ACT / ASSERT
    expect(getRecordValidator(app, 'deal', 'update')).toBe(update);
    expect(getRecordValidator(app, 'deal', 'create')).toBe(create);
    expect(getRecordValidator(fullApp(), 'deal', 'update')).not.toBe(update);
  });
});

describe('record schema', () => {
  it('lists writable fields only, requires on create what has no default, and accepts null for optional fields', () => {
    // ARRANGE
    const app = fullApp();

    // ACT
    const created = compileRecordSchema(app, 'deal', 'create');
    const updated = compileRecordSchema(app, 'deal', 'update');

    // ASSERT
    expect(created.required).toEqual(['title']);
    expect(updated.required).toEqual([]);
    expect(created.additionalProperties).toBe(false);
    const properties = Object.keys(created.properties);
    for (const hidden of ['id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at', 'weighted_amount']) {
      expect(properties).not.toContain(hidden);
    }
    expect(properties).toContain('owner');
    expect(created.properties['stage']).toMatchObject({ type: 'string', enum: ['new', 'qualified', 'won', 'lost'] });
    expect(created.properties['source']).toMatchObject({ type: ['string', 'null'], enum: ['web', 'referral', 'cold_call', null] });
    expect(created.properties['contacts']).toMatchObject({ type: ['array', 'null'], items: { type: 'string', format: 'uuid' } });
    expect(created.properties['close_date']).toMatchObject({ format: 'date' });
    expect(compileRecordSchema(app, 'company', 'create').properties['deals']).toBeUndefined();
  });

  it('throws for an entity the app does not have', () => {
    // ACT / ASSERT
    expect(() => compileRecordSchema(fullApp(), 'invoice', 'create')).toThrow('The app has no entity "invoice".');
  });
});
