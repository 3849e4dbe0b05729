import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { App } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { describeMember } from '../../domain/schema-form.mapping.js';
import CodeInput from '../SchemaForm/widgets/CodeInput.vue';
import type { SchemaFormChange } from '../SchemaForm/schema-form.types.js';

/* Until the typed editor is ready (or where it cannot run), the script is a plain box that still edits it. */

const APP: App = { name: 'typed', entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [] }] };

describe('CodeInput', () => {
  it('shows the script in a labelled plain box and emits its edits', async () => {
    const wrapper = mount(CodeInput, {
      props: {
        id: 'node-source',
        labelId: 'node-source-label',
        field: describeMember('source', { type: 'string', 'x-widget': 'code' }, '', true, 0),
        value: 'return 1;',
        context: { app: APP },
        siblings: { source: 'return 1;' },
        invalid: false,
        describedby: undefined,
      },
      global: { plugins: [createAppI18n('en')] },
    });
    await flushPromises();
    const box = wrapper.find<HTMLTextAreaElement>('textarea#node-source');
    expect(box.element.value).toBe('return 1;');
    expect(box.attributes('aria-describedby')).toContain('node-source-code-hint');
    expect(wrapper.text()).toContain('Type record. to see');
    await box.setValue('return 2;');
    const changes = wrapper.emitted<[SchemaFormChange]>('change') ?? [];
    expect(changes.at(-1)?.[0]).toEqual({ path: [], value: 'return 2;' });
    await box.setValue('');
    expect(wrapper.emitted<[SchemaFormChange]>('change')?.at(-1)?.[0]).toEqual({ path: [], value: undefined });
  });
});
