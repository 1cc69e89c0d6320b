// A Toss error: `{code, message}` with the status the live API uses for that code.
import { ERROR_CODES } from './error-codes.ts';

export class TossError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message?: string, status?: number) {
    const known = ERROR_CODES[code];
    super(message ?? known?.message ?? code);
    this.code = code;
    this.status = status ?? known?.status ?? 400;
  }

  toBody(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isKnownErrorCode(code: string): boolean {
  return Object.hasOwn(ERROR_CODES, code);
}

export function invalidRequest(detail?: string): TossError {
  return new TossError('INVALID_REQUEST', detail ? `잘못된 요청입니다. ${detail}` : undefined);
}
