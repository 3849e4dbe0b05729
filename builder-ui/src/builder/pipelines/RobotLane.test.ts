import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { validateApp } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { pipelineApp } from '../../domain/stage-robots.fixtures.js';
import { laneToProcess } from '../../domain/stage-robots.mapping.js';
import { useDefinitionDraftStore } from '../../stores/definition-draft.store.js';
import RobotLane from './RobotLane.vue';

/* The robots lane under the Won stage as an analyst uses it, against the real draft store. */

function setup(app = pipelineApp()) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const draft = useDefinitionDraftStore();
  draft.autosaveDelayMs = 0;
  draft.applyReset(app);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] });
  const wrapper = mount(RobotLane, {
    props: { pipelineName: 'sales', stageName: 'won' },
    global: { plugins: [pinia, router, createAppI18n('en')] },
    attachTo: document.body,
  });
  return { draft, wrapper };
}

describe('RobotLane', () => {
  it('adding "Create task" puts a stage-triggered process with a task for the owner into the draft, and the card says so', async () => {
    const { draft, wrapper } = setup();
    expect(wrapper.text()).toContain('No robots');
    await wrapper.get('[data-action="add-robot"]').trigger('click');
    await wrapper.get('[data-robot-kind="create_task"]').trigger('click');

    const process = draft.document?.processes?.find((p) => p.name === 'robots_sales_won');
    expect(process?.trigger).toEqual({ type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won' });
    expect(process?.nodes).toEqual([expect.objectContaining({ id: 'create_task_1', type: 'create_task', config: { title: 'Follow up on “{{record.title}}”', due: 'P1D' } })]);
    expect(draft.document && validateApp(draft.document).ok).toBe(true);
    expect(wrapper.emitted('edit')).toEqual([['create_task_1']]);
    expect(wrapper.get('[data-robot="create_task_1"]').text()).toContain('Task for the owner: Follow up on “«Title»”');
  });

  it('reorders and deletes robots with the card buttons; the last one deleted removes the process, and undo brings it back', async () => {
    const { draft, wrapper } = setup();
    await wrapper.get('[data-action="add-robot"]').trigger('click');
    await wrapper.get('[data-robot-kind="wait"]').trigger('click');
    await wrapper.get('[data-action="add-robot"]').trigger('click');
    await wrapper.get('[data-robot-kind="notify"]').trigger('click');
    const order = () => wrapper.findAll('[data-robot]').map((c) => c.attributes('data-robot'));
    expect(order()).toEqual(['wait_1', 'notify_1']);
    await wrapper.get('[data-robot="notify_1"] button[aria-label^="Up"]').trigger('click');
    expect(order()).toEqual(['notify_1', 'wait_1']);
    expect(draft.document?.processes?.[0]?.edges[0]).toEqual({ from: 'trigger', to: 'notify_1' });
    await wrapper.get('[data-robot="notify_1"] [data-action="remove-robot"]').trigger('click');
    await wrapper.get('[data-robot="wait_1"] [data-action="remove-robot"]').trigger('click');
    expect(draft.document?.processes).toEqual([]);
    draft.undo();
    await wrapper.vm.$nextTick();
    expect(order()).toEqual(['wait_1']);
  });

  it('a stage whose robots outgrew the lane links to the process designer instead', () => {
    const app = pipelineApp();
    const pipeline = app.pipelines?.[0];
    const won = pipeline?.stages[1];
    if (!pipeline || !won) throw new Error('fixture');
    const process = laneToProcess(pipeline, won, { robots: [{ node: { id: 'n', type: 'notify', config: { to: 'owner-manager', message: 'Won' } } }] });
    const { wrapper } = setup({ ...app, processes: [{ ...process, mode: 'before-save' }] });
    expect(wrapper.get('[data-lane-state="designer"]').text()).toContain('The process designer manages these robots.');
    expect(wrapper.get('[data-lane-state="designer"] a').attributes('href')).toBe('/builder/processes/robots_sales_won');
    expect(wrapper.find('[data-action="add-robot"]').exists()).toBe(false);
  });
});

describe('RobotLane cards', () => {
  it('a robot with a condition says when it acts, in the sentence the condition editor reads back', () => {
    const app = pipelineApp();
    const pipeline = app.pipelines?.[0];
    const won = pipeline?.stages[1];
    if (!pipeline || !won) throw new Error('fixture');
    const process = laneToProcess(pipeline, won, {
      robots: [{ node: { id: 'big', type: 'notify', config: { to: 'owner-manager', message: 'Big deal won' } }, condition: { field: 'amount', op: 'gt', value: 100000 } }],
    });
    const { wrapper } = setup({ ...app, processes: [process] });
    const card = wrapper.get('[data-robot="big"]').text();
    expect(card).toContain('If: Amount is greater than 100,000');
    expect(card).toContain("the owner's manager: Big deal won");
  });
});
