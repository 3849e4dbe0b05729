import { describe, expect, it } from 'vitest';
import { dealFormApp } from './form-rules.fixture.js';
import { formLayout } from './form-rules.mapping.js';
import { formFieldStates } from './form-rules.policy.js';
import { validateRecordValues } from './record-validation.rules.js';

const app = dealFormApp();
const sections = formLayout(app, 'deal', undefined, 'create');
const check = (values: Record<string, unknown>) => validateRecordValues(app, 'deal', 'create', values, formFieldStates(sections, values, { definition: app, entity: 'deal' }));

describe('validateRecordValues', () => {
  it('names each empty required field, in form order', () => {
    expect(check({ title: '' })).toEqual([
      { field: 'title', code: 'required' },
      { field: 'amount', code: 'required' },
    ]);
  });

  it('checks values with the record schema: bounds, e-mail, choices', () => {
    expect(check({ title: 'Поставка', amount: -5, email: 'not-an-email', stage: 'nope' })).toEqual([
      { field: 'amount', code: 'min', limit: 0 },
      { field: 'stage', code: 'choice' },
      { field: 'email', code: 'email' },
    ]);
  });

  it('requires the lost reason only when the rule shows it', () => {
    expect(check({ title: 'Поставка', amount: 10, stage: 'new' })).toEqual([]);
    expect(check({ title: 'Поставка', amount: 10, stage: 'lost' })).toEqual([{ field: 'lost_reason', code: 'required' }]);
  });

  it('refuses a relation that is not an id', () => {
    expect(check({ title: 'Поставка', amount: 10, company: 'Ромашка' })).toEqual([{ field: 'company', code: 'invalid' }]);
  });
});
