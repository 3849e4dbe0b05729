import * as generated from '../../generated/definition.validators.js';
import { installPrecompiledShapeValidators, type PrecompiledShapeValidators } from './shape.validators.js';

/*
 * Imported for its effect ('@crm/schemas/precompiled'): the shape validators generated ahead of
 * time replace the ones compiled on first use, in the process or worker that imports it.
 */
// The generated file is JavaScript Ajv wrote (type-checking off): its functions are Ajv's ValidateFunctions.
const table = generated as unknown as PrecompiledShapeValidators;
installPrecompiledShapeValidators(table);
