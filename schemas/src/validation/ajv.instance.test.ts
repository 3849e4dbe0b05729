import { afterEach, describe, expect, it, vi } from 'vitest';

/*
 * The workspace's Content-Security-Policy has no 'unsafe-eval': a chunk that imports any value from
 * @crm/schemas must not make Ajv generate code at load. Ajv generates its validators with the
 * Function constructor, so while it throws, the whole package is imported afresh; a validator
 * then builds the instance on first use.
 */

const RealFunction = globalThis.Function;

afterEach(() => {
  globalThis.Function = RealFunction;
});

describe('the definition Ajv instance', () => {
  it('is not built while @crm/schemas is imported (no code generated at load)', async () => {
    const evaluated: string[] = [];
    globalThis.Function = new Proxy(RealFunction, {
      construct(_target, args: unknown[]) {
        evaluated.push(String(args.at(-1)).slice(0, 80));
        throw new EvalError('code generation refused, as under a CSP without unsafe-eval');
      },
      apply(_target, _this, args: unknown[]) {
        evaluated.push(String(args.at(-1)).slice(0, 80));
        throw new EvalError('code generation refused, as under a CSP without unsafe-eval');
      },
    });
    // The test workers keep modules between files: evaluate the package again, from scratch.
    vi.resetModules();
    const schemas = await import('../index.js');
    globalThis.Function = RealFunction;
    expect(evaluated).toEqual([]);
    expect(schemas.validateViewShape({ name: 'deals', entity: 'deal' })).toBe(true);
    expect(schemas.getDefinitionAjv()).toBe(schemas.getDefinitionAjv());
  });
});
