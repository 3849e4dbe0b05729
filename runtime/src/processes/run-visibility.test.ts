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
});
