import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import type { App, StartInput } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import CrmFieldSelect from '../../components/crm/CrmFieldSelect.vue';
import CrmTextarea from '../../components/crm/CrmTextarea.vue';
import { startFormOf } from '../../domain/start-form.rules.js';
import StartFormFields from '../../shared/StartForm/StartFormFields.vue';
import StartProcessDialog from './StartProcessDialog.vue';

/*
 * The start dialog of a form with a conditional question: "why so urgent" shows only while the
 * urgency is "urgent", comes back with what was typed, is required only while shown, and is not
 * sent when hidden. What reaches the server is read at the browser's fetch.
 */

const app: App = { name: 'crm', entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'title', type: 'text' }] }] };

const INPUTS: StartInput[] = [
  { name: 'urgency', type: 'enum', label: { ru: 'Срочность', en: 'Urgency' }, options: [{ value: 'normal' }, { value: 'urgent' }], default: 'normal' },
  { name: 'why', type: 'longtext', label: { ru: 'Почему срочно', en: 'Why urgent' }, required: true, visibleWhen: { question: 'urgency', in: ['urgent'] } },
];

const sent: unknown[] = [];

afterEach(() => {
  vi.unstubAllGlobals();
  sent.length = 0;
  document.body.innerHTML = '';
});

function mountDialog() {
  const form = startFormOf(app, { name: 'escalate', inputs: INPUTS });
  if (!form) throw new Error('the process asks questions');
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    sent.push(JSON.parse(String(init.body)));
    return new Response(JSON.stringify({ data: [{ runId: 'r1', created: true, status: 'queued' }], count: 1, truncated: false }), { status: 202, headers: { 'content-type': 'application/json' } });
  });
  return mount(StartProcessDialog, {
    props: { process: { name: 'escalate', label: 'Escalate' }, form, request: { recordId: 'd1' }, locale: 'ru', show: true },
    global: { plugins: [createAppI18n('ru'), createPinia()] },
    attachTo: document.body,
  });
}

const questions = (): Array<string | null> => [...document.body.querySelectorAll('[data-question]')].map((q) => q.getAttribute('data-question'));

describe('a start dialog with a conditional question', () => {
  it('shows the question only while the earlier answer is listed, and brings back what was typed', async () => {
    const wrapper = mountDialog();
    await flushPromises();
    expect(questions()).toEqual(['urgency']);
    const fields = wrapper.findComponent(StartFormFields);
    fields.findComponent(CrmFieldSelect).vm.$emit('update:modelValue', 'urgent');
    await flushPromises();
    expect(questions()).toEqual(['urgency', 'why']);
    // Shown, it is required: its label carries the star.
    expect(document.body.querySelector('[data-question="why"] .start-form__required')).not.toBeNull();
    fields.findComponent(CrmTextarea).vm.$emit('update:modelValue', 'The client signs today');
    await flushPromises();
    fields.findComponent(CrmFieldSelect).vm.$emit('update:modelValue', 'normal');
    await flushPromises();
    expect(questions()).toEqual(['urgency']);
    fields.findComponent(CrmFieldSelect).vm.$emit('update:modelValue', 'urgent');
    await flushPromises();
    expect(document.body.querySelector<HTMLTextAreaElement>('[data-question="why"] textarea')?.value).toBe('The client signs today');
  });

  it('does not require or send a hidden question, and requires it once shown', async () => {
    const wrapper = mountDialog();
    await flushPromises();
    const fields = wrapper.findComponent(StartFormFields);
    fields.findComponent(CrmFieldSelect).vm.$emit('update:modelValue', 'urgent');
    await flushPromises();
    document.body.querySelector<HTMLElement>('[data-action="start-process"]')?.click();
    await flushPromises();
    expect(document.body.querySelector('[data-field-error="why"]')?.textContent).toBe('Заполните это поле');
    expect(sent).toEqual([]);
    // Typed, then hidden again: the start sends the urgency alone.
    fields.findComponent(CrmTextarea).vm.$emit('update:modelValue', 'typed, then not urgent after all');
    fields.findComponent(CrmFieldSelect).vm.$emit('update:modelValue', 'normal');
    await flushPromises();
    document.body.querySelector<HTMLElement>('[data-action="start-process"]')?.click();
    await flushPromises();
    expect(sent).toEqual([{ recordId: 'd1', input: { urgency: 'normal' } }]);
    expect(wrapper.emitted('started')).toHaveLength(1);
  });
});
