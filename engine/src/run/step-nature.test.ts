import type { Node } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_OPTIONS } from '../engine.factory.js';
import { externalTimeoutMs, runsApart, stepWritesNothing } from './step-nature.js';

/* External or transactional, and how long external work may take, as the node types declare. */

const http = (timeoutMs?: number): Node => ({ id: 'h', type: 'http', config: { url: 'https://example.com', ...(timeoutMs === undefined ? {} : { timeoutMs }) } });
const script = (timeoutMs?: number): Node => ({ id: 's', type: 'script', config: { source: 'return 1', ...(timeoutMs === undefined ? {} : { timeoutMs }) } });
const update: Node = { id: 'u', type: 'update_record', config: { values: { a: 1 } } };
const { ceilings } = DEFAULT_ENGINE_OPTIONS;

describe('step nature', () => {
  it('steps apart for HTTP and script nodes in an after-save run only', () => {
    expect(runsApart(http(), 'after-save', 'ready')).toBe(true);
    expect(runsApart(script(), 'after-save', 'ready')).toBe(true);
    expect(runsApart(http(), 'before-save', 'ready')).toBe(false);
    expect(runsApart(http(), 'simulate', 'ready')).toBe(false);
    expect(runsApart(update, 'after-save', 'ready')).toBe(false);
    expect(runsApart(undefined, 'after-save', 'ready')).toBe(false);
  });

  it('resumes a waiting job in the transaction that claimed it', () => {
    expect(runsApart(http(), 'after-save', 'waiting')).toBe(false);
  });

  it("takes an HTTP node's timeout within the ceiling, a script's own, and 10 s otherwise", () => {
    expect(externalTimeoutMs(http(), ceilings)).toBe(10_000);
    expect(externalTimeoutMs(http(5000), ceilings)).toBe(5000);
    expect(externalTimeoutMs(http(ceilings.maxHttpTimeoutMs + 1), ceilings)).toBe(ceilings.maxHttpTimeoutMs);
    expect(externalTimeoutMs(script(), ceilings)).toBe(1000);
    expect(externalTimeoutMs(script(3000), ceilings)).toBe(3000);
    expect(externalTimeoutMs(update, ceilings)).toBe(10_000);
  });

  it('writes nothing for branch, split, join and end nodes only (their steps need no savepoint)', () => {
    const condition: Node = { id: 'c', type: 'condition', config: { condition: { field: 'amount', op: 'gt', value: 1 } } };
    const end: Node = { id: 'e', type: 'end', config: {} };
    expect(stepWritesNothing(condition)).toBe(true);
    expect(stepWritesNothing(end)).toBe(true);
    expect(stepWritesNothing(update)).toBe(false);
    expect(stepWritesNothing(http())).toBe(false);
    expect(stepWritesNothing(script())).toBe(false);
  });
});
