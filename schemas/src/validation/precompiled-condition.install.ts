import * as generated from '../../generated/condition.validators.js';
import { installPrecompiledShapeValidators, type PrecompiledShapeValidators } from './shape.validators.js';

/*
 * Imported for its effect ('@crm/schemas/precompiled-condition'): the condition's validators
 * generated ahead of time (about 25 KB; the full set is 0.9 MB) replace the ones compiled on first
 * use. For a page that checks a condition itself: the builder's pages run without 'unsafe-eval',
 * so Ajv could not compile there.
 */
// The generated file is JavaScript Ajv wrote (type-checking off): its functions are Ajv's ValidateFunctions.
installPrecompiledShapeValidators(generated as unknown as Partial<PrecompiledShapeValidators>);
