import { describe, expect, it } from 'vitest';
import { endedFailedRunError, failedRunError } from './run-failure.js';
import { russianTextOf, StepFailure, stepError } from './step-failure.js';

describe('failed run error', () => {
  it('names the node, the reason and the attempts', () => {
    expect(failedRunError(stepError('HTTP_404', 'Not found'), 'call', 3)).toEqual({ code: 'HTTP_404', nodeId: 'call', message: 'Not found', attempts: 3 });
  });

  it('has no attempt count when none is given (a simulation does not retry)', () => {
    expect(failedRunError(stepError('NO_RECORD', 'No record'), 'upd')).toEqual({ code: 'NO_RECORD', nodeId: 'upd', message: 'No record' });
  });

  it("says a run ended failed in its end node's words (ru beside en when written), else names the node in both", () => {
    expect(endedFailedRunError('lost', 'The deal was lost.')).toEqual({ code: 'ENDED_FAILED', nodeId: 'lost', message: 'The deal was lost.' });
    expect(endedFailedRunError('lost', 'The deal was lost.', 'Сделка проиграна.')).toEqual({ code: 'ENDED_FAILED', nodeId: 'lost', message: 'The deal was lost.', message_ru: 'Сделка проиграна.' });
    expect(endedFailedRunError('lost', undefined)).toEqual({ code: 'ENDED_FAILED', nodeId: 'lost', message: 'The run ended at lost as failed.', message_ru: 'Запуск завершён с ошибкой на шаге lost.' });
  });

  it('keeps the Russian text a failure carries: a refusal or lock message, or every detail of a records error', () => {
    const refusal = new StepFailure('SAVE_REFUSED', 'Amount is too large.', false, { message: { ru: 'Сумма слишком велика.', en: 'Amount is too large.' } });
    expect(failedRunError(refusal, 'check', 1)).toEqual({ code: 'SAVE_REFUSED', nodeId: 'check', message: 'Amount is too large.', message_ru: 'Сумма слишком велика.', attempts: 1 });
    const records = new StepFailure('VALIDATION_FAILED', 'Invalid record.', false, { status: 422, details: [{ field: 'amount', code: 'MINIMUM', message: 'must be >= 0', message_ru: 'должно быть не меньше 0' }] });
    expect(failedRunError(records, 'upd')['message_ru']).toBe('должно быть не меньше 0');
    const two = new StepFailure('VALIDATION_FAILED', '2 fields are not valid.', false, { details: [{ message_ru: 'Сумма: не число' }, { message: 'no ru' }, { message_ru: 'Email: не адрес' }] });
    expect(failedRunError(two, 'upd')['message_ru']).toBe('Сумма: не число; Email: не адрес');
  });

  it('has no Russian text for a failure that carries none (a receiver’s answer), nor for an empty one', () => {
    expect(russianTextOf({ status: 503 })).toBeNull();
    expect(russianTextOf({ message: { ru: '  ', en: 'x' } })).toBeNull();
    expect(russianTextOf({ details: [{ message: 'x' }] })).toBeNull();
    expect(russianTextOf({ details: 'not a list' })).toBeNull();
  });

  it('keeps the Russian text in the step’s error too (run history shows each failed step)', () => {
    const refusal = new StepFailure('SAVE_REFUSED', 'Amount is too large.', false, { message: { ru: 'Сумма слишком велика.', en: 'Amount is too large.' } });
    expect(refusal.toJSON()).toMatchObject({ code: 'SAVE_REFUSED', message: 'Amount is too large.', message_ru: 'Сумма слишком велика.', retryable: false });
    expect(stepError('HTTP_CLIENT_ERROR', 'x answered 404.').toJSON()).toEqual({ code: 'HTTP_CLIENT_ERROR', message: 'x answered 404.', retryable: false });
  });
});
