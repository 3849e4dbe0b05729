import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { authoredEndMessage } from './run-visibility.js';

const app = (message: unknown): App =>
  JSON.parse(
    JSON.stringify({
      name: 'crm',
      entities: [],
      processes: [{ name: 'qualify', trigger: { type: 'manual' }, nodes: [{ id: 'stop', type: 'end', config: { status: 'failed', ...(message === undefined ? {} : { message }) } }], edges: [{ from: 'trigger', to: 'stop' }] }],
    }),
  );
const viewer = (message: unknown, version = 7) => ({ live: { version, app: app(message) } });
const run = { process: 'qualify', version: 7 };
const ended = { code: 'ENDED_FAILED', nodeId: 'stop', message: 'whatever the run recorded' };

describe('an End step’s authored words for record readers', () => {
  it('are its plain text, ru beside en (en for both when only one was written)', () => {
    expect(authoredEndMessage(viewer({ en: 'Add a company', ru: 'Укажите компанию' }), run, ended)).toEqual({ en: 'Add a company', ru: 'Укажите компанию' });
    expect(authoredEndMessage(viewer({ en: 'Add a company' }), run, ended)).toEqual({ en: 'Add a company', ru: 'Add a company' });
    expect(authoredEndMessage(viewer('Нужна компания'), run, ended)).toEqual({ en: 'Нужна компания', ru: 'Нужна компания' });
  });

  it('are none for a template in either language, no message, another version, another node or another error', () => {
    expect(authoredEndMessage(viewer({ en: 'Add a company', ru: 'Маржа {{record.margin}}' }), run, ended)).toBeNull();
    expect(authoredEndMessage(viewer('Margin {{ record.margin }}'), run, ended)).toBeNull();
    expect(authoredEndMessage(viewer(undefined), run, ended)).toBeNull();
    expect(authoredEndMessage(viewer('Add a company', 8), run, ended)).toBeNull();
    expect(authoredEndMessage(viewer('Add a company'), { process: 'other', version: 7 }, ended)).toBeNull();
    expect(authoredEndMessage(viewer('Add a company'), run, { ...ended, nodeId: 'gone' })).toBeNull();
    expect(authoredEndMessage(viewer('Add a company'), run, { ...ended, code: 'SCRIPT_SCRIPT_ERROR' })).toBeNull();
    expect(authoredEndMessage(viewer('Add a company'), run, null)).toBeNull();
  });

  it('are the words the run recorded for a template made only of fields of the record the reader may see', () => {
    const visible = (field: string): boolean => field === 'title' || field === 'amount';
    const filled = { ...ended, message: 'Amount 8000 of Office is below 50 000', message_ru: 'Сумма 8000 по «Office» меньше 50 000' };
    const message = { en: 'Amount {{record.amount}} of {{ record.title }} is below 50 000', ru: 'Сумма {{record.amount}} по «{{record.title}}» меньше 50 000' };
    expect(authoredEndMessage(viewer(message), run, filled, visible)).toEqual({ en: filled.message, ru: filled.message_ru });
    expect(authoredEndMessage(viewer('Amount {{record.amount}}'), run, { ...ended, message: 'Amount 8000' }, visible)).toEqual({ en: 'Amount 8000', ru: 'Amount 8000' });
    // A field hidden from the reader, a path past the record, or no way to tell what they see: none.
    expect(authoredEndMessage(viewer({ en: 'Margin {{record.margin}}', ru: 'Маржа' }), run, filled, visible)).toBeNull();
    expect(authoredEndMessage(viewer('Owner {{record.company.owner}}'), run, filled, visible)).toBeNull();
    expect(authoredEndMessage(viewer(message), run, filled)).toBeNull();
    expect(authoredEndMessage(viewer(message), run, { code: 'ENDED_FAILED', nodeId: 'stop' }, visible)).toBeNull();
  });
});
