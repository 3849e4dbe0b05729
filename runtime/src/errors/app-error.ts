/**
 * Errors are values with a code and an HTTP status. Each kind lives in its own file and is made by
 * createErrorKind, so the error handler and tests recognise it with a type guard, never by message.
 */
export type ErrorClass = 'user' | 'operational' | 'unexpected';

export interface ErrorDetail {
  /** Where the problem is: a field name, a JSON pointer or a process node id. */
  field?: string;
  pointer?: string;
  nodeId?: string;
  code: string;
  message: string;
  message_ru?: string;
  [extra: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly errorClass: ErrorClass = 'user',
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): { error: { code: string; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export interface ErrorKind {
  readonly code: string;
  readonly status: number;
  create(message?: string, details?: ErrorDetail[]): AppError;
  is(value: unknown): value is AppError;
}

export function createErrorKind(code: string, status: number, defaultMessage: string, errorClass: ErrorClass = 'user'): ErrorKind {
  return {
    code,
    status,
    create: (message = defaultMessage, details = []) => new AppError(code, status, message, details, errorClass),
    is: (value: unknown): value is AppError => isAppError(value) && value.code === code,
  };
}
