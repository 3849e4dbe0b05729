import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { validateApp } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { pipelineApp } from '../../domain/stage-robots.fixtures.js';
import { addRobot, newRobot, setStageRobots } from '../../domain/stage-robots.apply.js';
import { useDefinitionDraftStore } from '../../stores/definition-draft.store.js';
import { useSessionStore } from '../../stores/session.store.js';
import StageSettingsPanel from './StageSettingsPanel.vue';

/* A stage's settings as an analyst sets them, through the real draft store. */

function setup(stageName: string, withRobot = false) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const draft = useDefinitionDraftStore();
  draft.autosaveDelayMs = 0;
  // The labels follow the session's language, as the messages do in the app.
  useSessionStore().locale = 'ru';
  const app = pipelineApp();
  draft.applyReset(app);
  if (withRobot) draft.apply(setStageRobots(app, 'sales', stageName, addRobot({ robots: [] }, newRobot(app, { robots: [] }, 'notify', 'ru'))));
  const wrapper = mount(StageSettingsPanel, { props: { pipelineName: 'sales', stageName }, global: { plugins: [pinia, createAppI18n('ru')] }, attachTo: document.body });
  return { draft, wrapper };
}

const stage = (draft: ReturnType<typeof useDefinitionDraftStore>, k: number) => draft.document?.pipelines?.[0]?.stages[k];

describe('StageSettingsPanel', () => {
  it('required fields, allowed moves, kind and probability land on the stage; the draft stays valid', async () => {
    const { draft, wrapper } = setup('new');
    await wrapper.get('[data-required="amount"]').setValue(true);
    await wrapper.get('[data-required="close_date"]').setValue(true);
    expect(stage(draft, 0)?.requiredFields).toEqual(['amount', 'close_date']);
    await wrapper.get('[data-transition="lost"]').setValue(false);
    expect(stage(draft, 0)?.transitions).toEqual(['won']);
    await wrapper.get('[data-transitions="any"]').setValue(true);
    expect(stage(draft, 0)?.transitions).toBeUndefined();
    await wrapper.get('#stage-new-kind').setValue('won');
    expect(stage(draft, 0)).toMatchObject({ kind: 'won', probability: 100 });
    await wrapper.get('#stage-new-probability').setValue('40');
    expect(stage(draft, 0)?.probability).toBe(40);
    expect(draft.document && validateApp(draft.document).ok).toBe(true);
  });

  it('switches the stage\'s robots off and to "only when moved in" on their process', async () => {
    const { draft, wrapper } = setup('won', true);
    await wrapper.get('[data-robots="enabled"]').setValue(false);
    await wrapper.get('[data-robots="on-create"]').setValue(false);
    const process = draft.document?.processes?.[0];
    expect(process?.enabled).toBe(false);
    expect(process?.trigger).toEqual({ type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won', onCreate: false });
    await wrapper.get('[data-robots="enabled"]').setValue(true);
    expect(draft.document?.processes?.[0]?.enabled).toBeUndefined();
  });

  it('deletes the stage (not the last one) and says so in undo', async () => {
    const { draft, wrapper } = setup('lost');
    await wrapper.get('[data-action="remove-stage"]').trigger('click');
    expect(draft.document?.pipelines?.[0]?.stages.map((s) => s.name)).toEqual(['new', 'won']);
    expect(draft.undoLabel).toBe('Удалить этап «Проиграна»');
    expect(wrapper.emitted('close')).toHaveLength(1);
  });
});
