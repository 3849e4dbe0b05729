import { scriptDeclarationsFor, scriptHeader, type App, type Process } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { editorEnvironment, lineOf, scriptLanguageOf } from './script-editor.mapping.js';

/* The editor types a script node with what publish checks it with. */

const PROCESS: Process = {
  name: 'scored',
  trigger: { type: 'record', entity: 'deal', on: ['create'] },
  nodes: [{ id: 'calc', type: 'script', config: { source: 'return 1;' } }],
  edges: [{ from: 'trigger', to: 'calc' }],
};
const APP: App = { name: 'typed', entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'amount', type: 'number' }] }], processes: [PROCESS] };

describe('script editor environment', () => {
  it('uses the node\'s declarations and the header for its language', () => {
    const environment = editorEnvironment({ app: APP, process: PROCESS, nodeId: 'calc', language: 'typescript' });
    const declarations = scriptDeclarationsFor(APP, PROCESS, 'calc');
    expect(environment.recordTypes).toBe(declarations.recordTypes);
    expect(environment.recordTypes).toContain('amount');
    expect(environment.apiDeclarations).toBe(declarations.apiDeclarations);
    expect(environment.header).toBe(scriptHeader(declarations, 'typescript'));
    expect(environment.header).toContain('record: DealRecord');
  });

  it('has no record outside a process node', () => {
    expect(editorEnvironment({ app: APP, language: 'javascript' }).header).toContain('@param {null} record');
  });

  it('reads the language from the node config and lines from offsets', () => {
    expect(scriptLanguageOf({ language: 'typescript', source: '' })).toBe('typescript');
    expect(scriptLanguageOf({ source: '' })).toBe('javascript');
    expect(lineOf('a\nbb\nc', 3)).toBe(2);
    expect(lineOf('a\nbb\nc', 0)).toBe(1);
  });
});
