import { describe, expect, it } from 'vitest';
import { endedFailedRunError, failedRunError } from './run-failure.js';
import { stepError } from './step-failure.js';

describe('failed run error', () => {
  it('names the node, the reason and the attempts', () => {
    expect(failedRunError(stepError('HTTP_404', 'Not found'), 'call', 3)).toEqual({ code: 'HTTP_404', nodeId: 'call', message: 'Not found', attempts: 3 });
  });

  it('has no attempt count when none is given (a simulation does not retry)', () => {
    expect(failedRunError(stepError('NO_RECORD', 'No record'), 'upd')).toEqual({ code: 'NO_RECORD', nodeId: 'upd', message: 'No record' });
  });

  it("says a run ended failed in its end node's words, else names the node", () => {
    expect(endedFailedRunError('lost', 'The deal was lost.')).toEqual({ code: 'ENDED_FAILED', nodeId: 'lost', message: 'The deal was lost.' });
    expect(endedFailedRunError('lost', undefined)).toEqual({ code: 'ENDED_FAILED', nodeId: 'lost', message: 'The run ended at lost as failed.' });
  });
});
