import { listTemplates, readTemplate } from '@crm/templates';
import { FIRST_ADMIN_EMAIL, StartupConfigError } from '../auth/admin.bootstrap.js';

/**
 * The template named by --template, checked before anything is opened or created, so a typo ends
 * with the list of templates that exist instead of a stack trace (and no empty data folder).
 */
export function chosenTemplate(name: string): string {
  const result = readTemplate(name);
  if (result.ok) return name;
  const available = listTemplates();
  const list = available.length > 0 ? available.join(', ') : '(none)';
  if ('notFound' in result) {
    throw new StartupConfigError(`There is no template "${name}". Templates: ${list}. Start with --template <name>, e.g. npm start -- --template ${available[0] ?? '<name>'}.`);
  }
  const issues = result.issues.map((i) => `  ${i.pointer || '/'}: ${i.message.en}`).join('\n');
  throw new StartupConfigError(`The template "${name}" is not valid:\n${issues}`);
}

/** What a new user reads when the runtime starts with nothing live and no --template. */
export function firstStartHint(baseUrl: string): string {
  const available = listTemplates();
  const example = available[0] ?? '<name>';
  return [
    'Nothing is published yet. To begin:',
    `  - load a template: npm start -- --template ${example}   (templates: ${available.join(', ') || 'none'})`,
    `  - or sign in as ${FIRST_ADMIN_EMAIL} and build one in the builder: ${baseUrl}/builder`,
    `  - or publish an app of your own over the API: PUT ${baseUrl}/api/definitions/draft, then POST ${baseUrl}/api/definitions/publish`,
  ].join('\n');
}
