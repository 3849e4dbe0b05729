import { precompiledShapeValidatorsInstalled } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import './runtime.factory.js';

/*
 * The runtime's composition root installs the shape validators generated ahead of time, so no
 * runtime process compiles the definition schemas (most of a second of CPU) when it starts.
 */
describe('the runtime', () => {
  it('validates definitions with the precompiled shape validators', () => {
    // ASSERT
    expect(precompiledShapeValidatorsInstalled()).toBe(true);
  });
});
