import type { ComputedRef, InjectionKey } from 'vue';
import type { App, ConditionIssue } from '@crm/schemas';
import type { SubjectPath } from '../../domain/condition-subjects.mapping.js';
import type { TreePath } from '../../domain/condition-tree.apply.js';

/*
 * What the editor's parts share (provided by ConditionEditor, injected by groups and clauses), so the
 * recursive tree does not pass the same five props down every level.
 */
export interface ConditionEditorScope {
  app: ComputedRef<App>;
  subjects: ComputedRef<readonly SubjectPath[]>;
  triggerOps: ComputedRef<boolean>;
  /** Issues at the node itself (groups) or anywhere inside it (clauses). */
  issuesAt: (path: TreePath, inside: boolean) => ConditionIssue[];
  /** ✓ / ✗ of the node on the sample; undefined without one. */
  verdictAt: (path: TreePath) => boolean | undefined;
  /** Applies a pure edit to the whole tree and emits the result. */
  edit: (change: (tree: unknown) => unknown) => void;
  /** A unique prefix for the ids of this editor's inputs. */
  idPrefix: string;
}

export const CONDITION_EDITOR: InjectionKey<ConditionEditorScope> = Symbol('condition-editor');
