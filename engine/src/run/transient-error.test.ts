import { describe, expect, it } from 'vitest';
import { isTransientInfrastructureError } from './transient-error.js';

describe('isTransientInfrastructureError', () => {
  it('knows connection loss, restarts, deadlocks and serialization failures', () => {
    for (const code of ['57P01', '57P02', '08006', '08003', '40001', '40P01', '53300', 'ECONNRESET', 'ECONNREFUSED']) {
      expect(isTransientInfrastructureError(Object.assign(new Error('x'), { code })), code).toBe(true);
    }
    expect(isTransientInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientInfrastructureError(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'))).toBe(true);
  });

  it('does not excuse the step’s own errors', () => {
    for (const code of ['23505', '22P02', '42703', 'VALIDATION_FAILED']) {
      expect(isTransientInfrastructureError(Object.assign(new Error('x'), { code })), code).toBe(false);
    }
    expect(isTransientInfrastructureError(new Error('Cannot read properties of undefined'))).toBe(false);
  });
});
