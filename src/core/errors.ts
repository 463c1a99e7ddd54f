/**
 * Errors with stable codes. Every error carries a Chinese and an English
 * message; the HTTP layer maps `status` to the response code in one place.
 */
export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_CONFIG'
  | 'INVALID_FILE'
  | 'UNSUPPORTED_FORMAT'
  | 'FILE_NOT_FOUND'
  | 'PRODUCT_NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'ORDER_NOT_FOUND'
  | 'CONVERSATION_NOT_FOUND'
  | 'KB_ENTRY_NOT_FOUND'
  | 'HANDOFF_NOT_FOUND'
  | 'KB_ENTRY_EXISTS'
  | 'DATASET_NOT_FOUND'
  | 'MODEL_NOT_TRAINED'
  | 'JOB_NOT_FOUND'
  | 'PORT_IN_USE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'MESSAGE_TOO_LONG'
  | 'LLM_UNAVAILABLE'
  | 'LLM_REQUEST_FAILED'
  | 'INTERNAL';

const statusByCode: Record<ErrorCode, number> = {
  INVALID_REQUEST: 400,
  INVALID_CONFIG: 500,
  INVALID_FILE: 400,
  UNSUPPORTED_FORMAT: 400,
  FILE_NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  KB_ENTRY_NOT_FOUND: 404,
  HANDOFF_NOT_FOUND: 404,
  KB_ENTRY_EXISTS: 409,
  DATASET_NOT_FOUND: 404,
  MODEL_NOT_TRAINED: 409,
  JOB_NOT_FOUND: 404,
  PORT_IN_USE: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  MESSAGE_TOO_LONG: 413,
  LLM_UNAVAILABLE: 503,
  LLM_REQUEST_FAILED: 502,
  INTERNAL: 500,
};

export interface LocalizedMessage {
  zh: string;
  en: string;
}

export class ShopmindError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: LocalizedMessage, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(`${message.zh} / ${message.en}`, options);
    this.name = 'ShopmindError';
    this.code = code;
    this.status = statusByCode[code];
    this.messageZh = message.zh;
    this.messageEn = message.en;
    this.details = details;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      message_zh: this.messageZh,
      message_en: this.messageEn,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export function isShopmindError(error: unknown): error is ShopmindError {
  return error instanceof ShopmindError;
}

export function invalidRequest(zh: string, en: string, details?: Record<string, unknown>): ShopmindError {
  return new ShopmindError('INVALID_REQUEST', { zh, en }, details);
}
