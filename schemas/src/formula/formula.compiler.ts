import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import { FORMULA_FUNCTIONS, formulaLanguage } from './formula.language.js';
import { formulaMessages } from './formula.messages.js';

/*
 * expression + the entity's field names -> a checked, compiled formula. Checking walks Jexl's AST:
 * every identifier must be one of the record's fields, read directly (no dots or brackets: a formula
 * sees only its own record), and every function must be one the language registers. So a formula
 * that compiles here cannot fail on a missing name when a record is saved.
 */

type Expression = ReturnType<typeof formulaLanguage.compile>;
type Ast = ReturnType<Expression['_getAst']>;

export interface CompiledFormula {
  ok: true;
  /** The fields the expression reads, each once, in order of first use. */
  references: string[];
  /** The result for a record; null when an operand is empty or the expression fails on these values. */
  evaluate(record: Readonly<Record<string, unknown>>): unknown;
}

export interface FormulaError {
  ok: false;
  message: LocalizedMessage;
}

export type FormulaCompilation = CompiledFormula | FormulaError;

/** The first problem found in the tree, or the fields it reads. */
function check(ast: Ast, fields: ReadonlySet<string>, known: readonly string[], references: string[]): LocalizedMessage | null {
  switch (ast.type) {
    case 'Literal':
      return null;
    case 'Identifier':
      if (ast.from !== undefined || ast.relative === true) return formulaMessages.memberAccess(ast.value);
      if (!fields.has(ast.value)) return formulaMessages.unknownField(ast.value, known);
      if (!references.includes(ast.value)) references.push(ast.value);
      return null;
    case 'UnaryExpression':
      return check(ast.right, fields, known, references);
    case 'BinaryExpression':
      return check(ast.left, fields, known, references) ?? check(ast.right, fields, known, references);
    case 'ConditionalExpression':
      return (
        check(ast.test, fields, known, references) ??
        check(ast.consequent, fields, known, references) ??
        check(ast.alternate, fields, known, references)
      );
    case 'FilterExpression':
      return formulaMessages.memberAccess(describe(ast.subject));
    case 'ArrayLiteral':
      for (const item of ast.value) {
        const problem = check(item, fields, known, references);
        if (problem) return problem;
      }
      return null;
    case 'ObjectLiteral':
      return formulaMessages.objectLiteral();
    case 'FunctionCall':
      if (!FORMULA_FUNCTIONS.includes(ast.name)) return formulaMessages.unknownFunction(ast.name, FORMULA_FUNCTIONS);
      for (const arg of ast.args) {
        const problem = check(arg, fields, known, references);
        if (problem) return problem;
      }
      return null;
  }
}

function describe(ast: Ast): string {
  return ast.type === 'Identifier' ? ast.value : ast.type;
}

function parse(expression: string): { ok: true; compiled: Expression; ast: Ast } | FormulaError {
  try {
    const compiled = formulaLanguage.compile(expression);
    return { ok: true, compiled, ast: compiled._getAst() };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: formulaMessages.syntax(detail) };
  }
}

export function compileFormula(expression: string, fieldNames: readonly string[]): FormulaCompilation {
  const parsed = parse(expression);
  if (!parsed.ok) return parsed;
  // An empty expression parses to no tree at all (Jexl's typings do not say so); refuse it rather
  // than store an always-empty value.
  if (!parsed.ast) return { ok: false, message: formulaMessages.syntax('the expression is empty') };
  const references: string[] = [];
  const problem = check(parsed.ast, new Set(fieldNames), fieldNames, references);
  if (problem) return { ok: false, message: problem };
  const { compiled } = parsed;
  return {
    ok: true,
    references,
    evaluate(record) {
      // Only the referenced fields go in, each as null when absent, so a missing key and an empty
      // value mean the same and nothing else of the record is reachable.
      const context: Record<string, unknown> = {};
      for (const name of references) context[name] = record[name] ?? null;
      try {
        const result: unknown = compiled.evalSync(context);
        return result === undefined ? null : result;
      } catch {
        // Values the expression cannot handle (text where a number was meant) make the result empty.
        return null;
      }
    },
  };
}
