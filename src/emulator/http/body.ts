// Reads a request body field by field with Toss's answers for bad input: a missing required field or a wrong type is
// 400 INVALID_REQUEST naming the field, never a crash.
import { invalidRequest, TossError } from './errors.ts';

/** What the JSON parser hands on for a body that is not JSON, so the handler answers it after authenticating. */
export const MALFORMED_BODY = Symbol('malformed body');

export class BodyReader {
  private readonly body: Record<string, unknown>;

  constructor(body: unknown) {
    if (body === MALFORMED_BODY) throw invalidRequest('요청 본문이 올바른 JSON 형식이 아닙니다.');
    if (body === undefined || body === null || body === '') this.body = {};
    else if (typeof body === 'object' && !Array.isArray(body)) this.body = body as Record<string, unknown>;
    else throw invalidRequest('요청 본문은 JSON 객체여야 합니다.');
  }

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  raw(name: string): unknown {
    return this.body[name];
  }

  string(name: string, opts: { required: true; max?: number; min?: number }): string;
  string(name: string, opts?: { required?: false; max?: number; min?: number }): string | null;
  string(name: string, opts: { required?: boolean; max?: number; min?: number } = {}): string | null {
    const v = this.body[name];
    if (v === undefined || v === null) {
      if (opts.required) throw invalidRequest(`${name}: 필수 파라미터가 누락되었습니다.`);
      return null;
    }
    if (typeof v !== 'string') throw invalidRequest(`${name}: 문자열이어야 합니다.`);
    if (opts.required && v.length === 0) throw invalidRequest(`${name}: 필수 파라미터가 누락되었습니다.`);
    if (opts.max !== undefined && v.length > opts.max) throw invalidRequest(`${name}: ${opts.max}자 이하여야 합니다.`);
    if (opts.min !== undefined && v.length < opts.min) throw invalidRequest(`${name}: ${opts.min}자 이상이어야 합니다.`);
    return v;
  }

  /** Amounts: JSON numbers that are whole (KRW has no minor unit); numeric strings are refused like Toss does. */
  integer(name: string, opts: { required: true; min?: number }): number;
  integer(name: string, opts?: { required?: false; min?: number }): number | null;
  integer(name: string, opts: { required?: boolean; min?: number } = {}): number | null {
    const v = this.body[name];
    if (v === undefined || v === null) {
      if (opts.required) throw invalidRequest(`${name}: 필수 파라미터가 누락되었습니다.`);
      return null;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalidRequest(`${name}: 정수여야 합니다.`);
    if (opts.min !== undefined && v < opts.min) {
      if (name.toLowerCase().endsWith('amount') && opts.min > 0 && v <= 0) throw new TossError('BELOW_ZERO_AMOUNT');
      throw invalidRequest(`${name}: ${opts.min} 이상이어야 합니다.`);
    }
    return v;
  }

  boolean(name: string): boolean | null {
    const v = this.body[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') throw invalidRequest(`${name}: boolean 이어야 합니다.`);
    return v;
  }

  object(name: string, opts: { required?: boolean } = {}): BodyReader | null {
    const v = this.body[name];
    if (v === undefined || v === null) {
      if (opts.required) throw invalidRequest(`${name}: 필수 파라미터가 누락되었습니다.`);
      return null;
    }
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidRequest(`${name}: 객체여야 합니다.`);
    return new BodyReader(v);
  }

  /** `metadata`: at most 5 string pairs, keys ≤ 40 characters without brackets, values ≤ 2000 characters. */
  metadata(): Record<string, string> | null {
    const v = this.body.metadata;
    if (v === undefined || v === null) return null;
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidRequest('metadata: 객체여야 합니다.');
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > 5) throw invalidRequest('metadata: 최대 5개의 키만 허용됩니다.');
    const out: Record<string, string> = {};
    for (const [k, val] of entries) {
      if (k.length > 40 || /[[\]]/.test(k)) throw invalidRequest('metadata: 키는 40자 이하이며 대괄호를 포함할 수 없습니다.');
      const s = typeof val === 'string' ? val : typeof val === 'number' || typeof val === 'boolean' ? String(val) : null;
      if (s === null || s.length > 2000) throw invalidRequest('metadata: 값은 2000자 이하의 문자열이어야 합니다.');
      out[k] = s;
    }
    return out;
  }
}
