export { compileFormula, type CompiledFormula, type FormulaCompilation, type FormulaError } from './formula.compiler.js';
export { coerceFormulaResult, type FormulaResultType } from './formula-result.coercer.js';
export { FORMULA_FUNCTIONS } from './formula.language.js';
