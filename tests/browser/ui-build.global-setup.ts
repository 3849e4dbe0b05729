import { ensureUiBuild } from '@crm/runtime/testing';

/*
 * Once per test run, before any browser test: the UI built from the sources in the tree (a no-op
 * when builder-ui/dist already carries their stamp), so every browser test sees today's UI.
 */
export default function setup(): void {
  ensureUiBuild({ force: false, log: () => undefined });
}
