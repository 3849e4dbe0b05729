import type { Process } from '../../generated/definition.types.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { SCRIPT_API, type ScriptApiName } from './script-api.catalog.js';

/*
 * api.lock (and any api function the catalog marks `in-save`) serialises saves through a lock held
 * by the save's own transaction until it commits. Only a before-save run has such a transaction
 * (and a test run, which behaves like one). An after-save script makes each API call on a
 * connection of its own, for that call only, so a lock there would be let go the moment it was
 * taken and protect nothing: such a script is refused at publish, pointing at its source.
 *
 * This is an early warning read from the text (comments skipped), not the guarantee: the engine
 * refuses the call at run time as well (SCRIPT_LOCK_OUTSIDE_SAVE), which also catches a call the
 * text hides (`const a = api; a.lock(...)`).
 */

const IN_SAVE_ONLY: readonly ScriptApiName[] = Object.values(SCRIPT_API)
  .filter((f) => f.modes === 'in-save')
  .map((f) => f.name);

/** The source with its comments blanked (strings are not parsed: a `//` inside one blanks the rest of its line). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** The in-save-only api functions a script's source calls: `api.lock(`, `api?.lock(`, `api['lock'](`. */
export function inSaveOnlyCalls(source: string): ScriptApiName[] {
  const code = withoutComments(source);
  return IN_SAVE_ONLY.filter((name) => new RegExp(`\\bapi\\s*(?:\\?\\.|\\.)\\s*${name}\\b|\\bapi\\s*(?:\\?\\.)?\\[\\s*(['"\`])${name}\\1\\s*\\]`).test(code));
}

function lockOutsideSave(process: string, node: string, fn: string): LocalizedMessage {
  return {
    ru: `Скрипт узла «${node}» вызывает api.${fn}, а процесс «${process}» выполняется после сохранения (after-save): там каждый вызов api идёт в своём соединении, и блокировка снялась бы сразу. Вызывайте api.${fn} в процессе до сохранения (before-save)`,
    en: `The script of node "${node}" calls api.${fn}, but process "${process}" runs after save: there each api call has a connection of its own, so the lock would be let go at once. Call api.${fn} in a before-save process`,
  };
}

/** Script nodes of a process that is not before-save and that call an in-save-only api function. */
export function scriptLockIssues(process: Process, at: string): DefinitionIssue[] {
  if (process.mode === 'before-save') return [];
  return process.nodes.flatMap((node, n) => {
    if (node.type !== 'script') return [];
    return inSaveOnlyCalls(node.config.source).map((fn) => ({
      code: 'SCRIPT_LOCK_OUTSIDE_SAVE',
      pointer: joinPointer(at, 'nodes', n, 'config', 'source'),
      message: lockOutsideSave(process.name, node.id, fn),
      process: process.name,
      nodeId: node.id,
    }));
  });
}
