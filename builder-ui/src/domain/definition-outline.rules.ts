import type { App } from '@crm/schemas';

/*
 * What the builder needs of a document before it edits it: an object with a name and a list of
 * entities. A draft saved as work in progress may have issues anywhere below that (each editor
 * shows them); only a document without this outline is refused outright.
 */

export function isAppOutline(value: unknown): value is App {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return 'name' in value && typeof value.name === 'string' && 'entities' in value && Array.isArray(value.entities);
}

/** The app an empty installation starts from. */
export function emptyApp(): App {
  return { name: 'crm', label: { ru: 'CRM', en: 'CRM' }, entities: [] };
}
