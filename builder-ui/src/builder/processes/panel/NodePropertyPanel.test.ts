import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Process } from '@crm/schemas';
import { defineComponent, h, ref } from 'vue';
import { createAppI18n } from '../../../app/i18n.js';
import { CrmSelect } from '../../../components/crm/index.js';
import { useDefinitionDraftStore } from '../../../stores/definition-draft.store.js';
import { bigDealProcess, designerApp } from '../../../domain/process-graph.fixtures.js';
import { useProcessDesigner } from '../process-designer.service.js';
import NodePropertyPanel from './NodePropertyPanel.vue';

/* The property panel edits the selected step through the draft: undo takes the edit back. */

function mountPanel(select: string, process: Process = { ...bigDealProcess(), edges: [{ from: 'trigger', to: 'check' }] }) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const draft = useDefinitionDraftStore();
  draft.autosaveDelayMs = 0;
  draft.applyReset(designerApp(process));
  const Host = defineComponent({
    setup() {
      const designer = useProcessDesigner(ref('big_deal'));
      designer.editor.applySelection([select]);
      return () => h(NodePropertyPanel, { designer });
    },
  });
  const wrapper = mount(Host, { global: { plugins: [pinia, createAppI18n('en')] }, attachTo: document.body });
  return { wrapper, draft };
}

describe('NodePropertyPanel', () => {
  it("shows the step's type and id, renames it and edits its config from the schema form, all undoable", async () => {
    const { wrapper, draft } = mountPanel('assign');
    await flushPromises();
    expect(wrapper.get('[data-node-type-label]').text()).toBe('Assign');
    expect(wrapper.get('[data-node-id-value]').text()).toBe('assign');
    const name = wrapper.get('#node-label-en');
    await name.setValue('Senior');
    await name.setValue('Senior manager');
    // Applied when the field is left: one undo step for the whole rename.
    expect(draft.document?.processes?.[0]?.nodes[1]?.label).toBeUndefined();
    await name.trigger('focusout');
    expect(draft.document?.processes?.[0]?.nodes[1]?.label).toEqual({ en: 'Senior manager' });
    expect(wrapper.find('[data-schema-field="strategy"]').exists()).toBe(true);
    draft.undo();
    await flushPromises();
    expect(draft.document?.processes?.[0]?.nodes[1]?.label).toBeUndefined();
    wrapper.unmount();
  });

  it('applies settings typed as JSON and refuses text that is not JSON, next to it', async () => {
    const { wrapper, draft } = mountPanel('check');
    await flushPromises();
    const raw = wrapper.get('#raw-check');
    await raw.setValue('{"condition": {"field": "amount", "op": "gt", "value": 100000}}');
    await wrapper.get('[data-action="apply-json"]').trigger('click');
    expect(draft.document?.processes?.[0]?.nodes[0]?.config).toEqual({ condition: { field: 'amount', op: 'gt', value: 100000 } });
    await raw.setValue('{oops');
    await wrapper.get('[data-action="apply-json"]').trigger('click');
    expect(wrapper.get('[role="alert"]').text()).toContain('This is not JSON');
    wrapper.unmount();
  });

  it('offers a failed end its message in ru and en and the field it refuses, keeping an old one-text message', async () => {
    const base = bigDealProcess();
    const refuse = { id: 'refuse', type: 'end' as const, position: { x: 900, y: 0 }, config: { status: 'failed' as const, message: 'Too small' } };
    const { wrapper, draft } = mountPanel('refuse', { ...base, mode: 'before-save', nodes: [...base.nodes, refuse], edges: [{ from: 'trigger', to: 'refuse' }] });
    await flushPromises();
    const message = wrapper.get('[data-schema-field="message"]');
    // The old one-text message shows in both languages until one is changed.
    expect(message.findAll('input').map((i) => (i.element as HTMLInputElement).value)).toEqual(['Too small', 'Too small']);
    await message.findAll('input')[0]?.setValue('Слишком мало');
    const field = wrapper.get('[data-schema-field="field"]').findAllComponents(CrmSelect)[0];
    expect(field?.props('options').map((o: { value: string }) => o.value)).toEqual(['', 'title', 'amount']);
    field?.vm.$emit('update:modelValue', 'amount');
    await flushPromises();
    const node = () => draft.document?.processes?.[0]?.nodes.find((n) => n.id === 'refuse');
    expect(node()?.config).toEqual({ status: 'failed', message: { ru: 'Слишком мало', en: 'Too small' }, field: 'amount' });
    draft.undo();
    await flushPromises();
    expect(node()?.config).toEqual({ status: 'failed', message: { ru: 'Слишком мало', en: 'Too small' } });
    wrapper.unmount();
  });

  it("lists the step's problems: an open branch of a condition", async () => {
    const { wrapper } = mountPanel('check');
    await flushPromises();
    expect(wrapper.findAll('[data-problem-code]').map((p) => p.attributes('data-problem-code'))).toEqual(['UNCONNECTED_HANDLE', 'UNCONNECTED_HANDLE']);
    wrapper.unmount();
  });

  it('names the selected connections and deletes them, undoably', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const draft = useDefinitionDraftStore();
    draft.autosaveDelayMs = 0;
    draft.applyReset(designerApp(bigDealProcess()));
    const Host = defineComponent({
      setup() {
        const designer = useProcessDesigner(ref('big_deal'));
        designer.editor.applySelection([], ['e1:check:true:assign', 'e0:trigger:out:check']);
        return () => h(NodePropertyPanel, { designer });
      },
    });
    const wrapper = mount(Host, { global: { plugins: [pinia, createAppI18n('en')] }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.get('[data-edge-selection]').text()).toBe('Selected connections');
    expect(wrapper.findAll('[data-edge-id]').map((e) => e.text())).toEqual(['“Trigger” → “Condition”', '“Condition”, branch “yes” → “Assign”']);
    expect(wrapper.text()).toContain('Ctrl+Z brings it back');
    expect(wrapper.find('[data-action="delete-node"]').exists()).toBe(false);
    await wrapper.get('[data-action="delete-edge"]').trigger('click');
    expect(draft.document?.processes?.[0]?.edges).toEqual([]);
    await flushPromises();
    expect(wrapper.find('[data-edge-selection]').exists()).toBe(false);
    draft.undo();
    expect(draft.document?.processes?.[0]?.edges).toEqual(bigDealProcess().edges);
    wrapper.unmount();
  });
});
