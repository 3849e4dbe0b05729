import { describe, expect, it } from 'vitest';
import { dealFormApp } from './form-rules.fixture.js';
import { formLayout } from './form-rules.mapping.js';
import { formFieldStates } from './form-rules.policy.js';

const app = dealFormApp();
const sections = formLayout(app, 'deal', undefined, 'update');
const context = { definition: app, entity: 'deal' };

describe('formFieldStates', () => {
  it('hides the lost reason, and does not require it, while the deal is not lost', () => {
    const states = formFieldStates(sections, { stage: 'new' }, context);
    expect(states['lost_reason']).toEqual({ visible: false, required: false, readOnly: false });
    expect(states['title']).toEqual({ visible: true, required: true, readOnly: false });
  });

  it('shows and requires it as soon as the stage is set to lost', () => {
    const states = formFieldStates(sections, { stage: 'lost' }, context);
    expect(states['lost_reason']).toEqual({ visible: true, required: true, readOnly: false });
  });

  it('never requires a read-only field', () => {
    expect(formFieldStates(sections, {}, context)['weighted']).toEqual({ visible: true, required: false, readOnly: true });
  });
});
