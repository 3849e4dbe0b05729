import type { AuditTrail } from '../audit/audit-trail.service.js';
import type { DefinitionService } from '../definitions/definition.service.js';
import type { EngineHost } from '../processes/engine.host.js';
import type { RuntimeContext } from '../runtime.context.js';

/**
 * What every route factory is built from (`xRoutes(deps: RouteDeps): Router`), made once by the
 * composition root (runtime.factory.ts): a factory takes what it needs from it and nothing else.
 */
export interface RouteDeps {
  readonly context: RuntimeContext;
  readonly definitionService: DefinitionService;
  /** The engine host: its record seams go into every save a route makes; manual starts and hooks use the engine. */
  readonly engine: EngineHost;
  /** The one writer of audit entries. */
  readonly auditTrail: AuditTrail;
}
