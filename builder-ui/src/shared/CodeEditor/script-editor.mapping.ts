import { apiDeclarationsFor, recordDeclarationsFor, SCRIPT_ENV_DECLARATIONS, SCRIPT_FOOTER, scriptDeclarationsFor, scriptHeader, type App, type Process, type ScriptDeclarations, type ScriptSourceLanguage } from '@crm/schemas';
import type { ScriptEnvironment } from '../../workers/script-types.worker.js';

/*
 * What the script editor needs from the form it sits in: the draft app, the process and the
 * script node's id (SchemaFormContext) and the node's language (the sibling `language` member).
 */

export interface EditorScriptContext {
  app: App;
  process?: Process | undefined;
  nodeId?: string | undefined;
  language: ScriptSourceLanguage;
  /** The UI language: completion shows each field's label in it. */
  labels?: 'ru' | 'en' | undefined;
}

function declarationsOf(context: EditorScriptContext): ScriptDeclarations {
  const { app, process, nodeId, labels } = context;
  if (process && nodeId && process.nodes.some((node) => node.id === nodeId)) return scriptDeclarationsFor(app, process, nodeId, labels);
  return { recordTypes: recordDeclarationsFor(app, labels), apiDeclarations: apiDeclarationsFor(app), recordTypeName: 'null', stepsType: 'ScriptSteps', triggerType: 'ScriptTrigger' };
}

/**
 * What the editor's worker types the script with: the declarations and the header publish checks
 * it with (outside a process node: no record, untyped steps).
 */
export function editorEnvironment(context: EditorScriptContext): ScriptEnvironment {
  const declarations = declarationsOf(context);
  return {
    language: context.language,
    env: SCRIPT_ENV_DECLARATIONS,
    recordTypes: declarations.recordTypes,
    apiDeclarations: declarations.apiDeclarations,
    header: scriptHeader(declarations, context.language),
    footer: SCRIPT_FOOTER,
  };
}

/** The script's language from the node config the editor's member belongs to (default JavaScript, like the schema). */
export function scriptLanguageOf(siblings: unknown): ScriptSourceLanguage {
  return typeof siblings === 'object' && siblings !== null && 'language' in siblings && siblings.language === 'typescript' ? 'typescript' : 'javascript';
}

/** 1-based line of an offset in the script. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, Math.max(0, offset)).split('\n').length;
}
