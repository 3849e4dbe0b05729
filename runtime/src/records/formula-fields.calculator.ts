import { coerceFormulaResult, compileFormula, type FormulaField } from '@crm/schemas';
import type { RecordEntityModel } from './record-entity.model.js';
import type { RecordValues } from './record.types.js';

/*
 * Formula fields are computed on every write from the record's other fields and stored in their own
 * column, so lists can filter and sort by them like any field. Formulas read non-formula fields
 * only, so their order never matters and they cannot form a cycle.
 */

interface CompiledFormulaField {
  field: FormulaField;
  evaluate(record: Readonly<RecordValues>): unknown;
}

const compiled = new WeakMap<RecordEntityModel, CompiledFormulaField[]>();

function compileAll(model: RecordEntityModel): CompiledFormulaField[] {
  const inputs = model.entity.fields.filter((f) => f.type !== 'formula').map((f) => f.name);
  return model.formulas.map((field) => {
    const result = compileFormula(field.expression, inputs);
    if (result.ok) return { field, evaluate: result.evaluate };
    // Publishing validates formulas; one that still fails to compile leaves its value empty rather
    // than making every save of the entity fail.
    console.warn(`formula ${model.name}.${field.name} does not compile: ${result.message.en}`);
    return { field, evaluate: () => null };
  });
}

function formulasOf(model: RecordEntityModel): CompiledFormulaField[] {
  let entries = compiled.get(model);
  if (!entries) {
    entries = compileAll(model);
    compiled.set(model, entries);
  }
  return entries;
}

/** Sets every formula field of `record` from its other values. */
export function computeFormulas(model: RecordEntityModel, record: RecordValues): void {
  for (const { field, evaluate } of formulasOf(model)) {
    record[field.name] = coerceFormulaResult(evaluate(record), field.resultType ?? 'number');
  }
}
