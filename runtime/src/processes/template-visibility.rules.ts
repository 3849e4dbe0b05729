/*
 * Whether text a process made from a template may be shown to someone who reads the record but not
 * the run's payloads (neither an admin, a builder, nor a task's assignee): a process task's title,
 * an End step's message. The engine fills the template as the process, not as any reader
 * ("Согласовать скидку {{record.discount}}%"), so the text is shown to such a reader only when
 * every part of its template is a field of the run's own record that they may see; anything else
 * (another record through a relation, a step's output, the trigger, the run) keeps it from them.
 * Plain words and an absent template (the engine's fixed words) are shown.
 */

const PART = /\{\{\s*([^{}]+?)\s*\}\}/g;
const RECORD_FIELD = /^record\.([A-Za-z_][A-Za-z0-9_]*)$/;

function pathReadable(path: string, fieldVisible: (field: string) => boolean): boolean {
  const field = RECORD_FIELD.exec(path.trim())?.[1];
  return field !== undefined && (field === 'id' || fieldVisible(field));
}

export function templateReadableBy(template: unknown, fieldVisible: (field: string) => boolean): boolean {
  if (template === undefined || template === null) return true;
  if (typeof template === 'object' && !Array.isArray(template)) {
    const ref = (template as Record<string, unknown>)['$ref'];
    return Object.keys(template).length === 1 && typeof ref === 'string' && pathReadable(ref, fieldVisible);
  }
  if (typeof template !== 'string') return false;
  for (const match of template.matchAll(PART)) {
    if (!pathReadable(match[1] ?? '', fieldVisible)) return false;
  }
  return true;
}
