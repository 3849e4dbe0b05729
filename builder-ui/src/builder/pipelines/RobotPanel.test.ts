import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../../app/i18n.js';
import { pipelineApp } from '../../domain/stage-robots.fixtures.js';
import { addRobot, newRobot, setStageRobots } from '../../domain/stage-robots.apply.js';
import { useDefinitionDraftStore } from '../../stores/definition-draft.store.js';
import RobotPanel from './RobotPanel.vue';

/* A robot's side panel edits the robot's node in the stage's process through the draft. */

function setup() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const draft = useDefinitionDraftStore();
  draft.autosaveDelayMs = 0;
  const app = pipelineApp();
  const lane = addRobot({ robots: [] }, newRobot(app, { robots: [] }, 'create_task', 'en'));
  draft.applyReset(app);
  draft.apply(setStageRobots(app, 'sales', 'won', lane));
  const wrapper = mount(RobotPanel, {
    props: { pipelineName: 'sales', stageName: 'won', robotId: 'create_task_1' },
    global: { plugins: [pinia, createAppI18n('en')] },
    attachTo: document.body,
  });
  return { draft, wrapper };
}

const taskConfig = (draft: ReturnType<typeof useDefinitionDraftStore>) => draft.document?.processes?.[0]?.nodes.find((n) => n.id === 'create_task_1')?.config;

describe('RobotPanel', () => {
  it('title, due days and "for whom" of a task robot land in its node; the owner is no assignee', async () => {
    const { draft, wrapper } = setup();
    expect(wrapper.get('h2').text()).toBe('Robot: Create task');
    await wrapper.get('#robot-create_task_1-title').setValue('Call {{record.title}}');
    await wrapper.get('#robot-create_task_1-due').setValue('3');
    expect(taskConfig(draft)).toEqual({ title: 'Call {{record.title}}', due: 'P3D' });

    await wrapper.get('#robot-create_task_1-who').setValue('ownerManager');
    expect(taskConfig(draft)).toMatchObject({ assignee: 'owner-manager' });
    await wrapper.get('#robot-create_task_1-who').setValue('owner');
    // As saved (JSON): no assignee, so the task goes to the record's owner.
    expect(JSON.parse(JSON.stringify(taskConfig(draft)))).toEqual({ title: 'Call {{record.title}}', due: 'P3D' });
    draft.undo();
    expect(taskConfig(draft)).toMatchObject({ assignee: 'owner-manager' });
  });
});
