/*
 * The access area's public entry: load a caller's policy and ask it (README.md beside this file).
 */
export type {
  AccessOperation,
  AccessPolicy,
  AccessSubject,
  EntityAccess,
  FieldAccessLevel,
  FieldGrantSource,
  PolicyKind,
  RecordScope,
  SqlFragment,
} from './access.types.js';
export { ACCESS_OPERATIONS } from './access.types.js';
export { loadAccessPolicy, policyForSubject, compiledRolesFor, type LoadPolicyOptions } from './access.policy.js';
export { loadAccessSubject } from './access-subject.loader.js';
export { explainRecordAccess, type AccessExplanation, type OperationExplanation, type FieldExplanation, type Decider } from './access.explainer.js';
export { accessRoutes } from './access.routes.js';
export { BUILT_IN_ADMIN_ROLE } from './role-grants.compiler.js';
