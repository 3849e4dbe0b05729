import type { App, Process } from '@crm/schemas';
import type { SchemaFieldDescriptor } from '../../domain/schema-form.mapping.js';

/*
 * The contract of <SchemaForm> (the process designer's property panel codes against it):
 *   <SchemaForm :schema :value :context :issues @change="({ path, value }) => ..." />
 * `change` carries the path relative to the form's value and the new value; undefined removes the
 * member. A list edit (add, remove, reorder) emits the whole new list at the list's path. A member
 * of an absent object is emitted as the new object at the object's path (domain/schema-form.apply.ts),
 * so every path the caller gets can be `set` as it is.
 */

export interface SchemaFormContext {
  app: App;
  process?: Process;
  nodeId?: string;
  /** Inside a row of a list: the list's rows and this row's place (a start-form question's condition picks among the questions above it). */
  row?: { items: readonly unknown[]; index: number };
}

/** A problem to show under a member; `path` is relative to the form's value. */
export interface SchemaFormIssue {
  path: (string | number)[];
  message: string;
}

export interface SchemaFormChange {
  path: (string | number)[];
  value: unknown;
}

/** What every widget of the registry (widgets/widget.registry.ts) takes; it emits `change` relative to its value. */
export interface SchemaWidgetProps {
  /** The id of the widget's first input, which the member's label points at. */
  id: string;
  /** The id of the member's label, for widgets that are not one native input. */
  labelId: string;
  field: SchemaFieldDescriptor;
  value: unknown;
  context: SchemaFormContext;
  /** The object the member belongs to: a pipeline picker reads the sibling entity. */
  siblings: unknown;
  invalid: boolean;
  describedby: string | undefined;
}
