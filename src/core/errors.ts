// The outcomes core can refuse a request with. Core names the kind and the message a merchant reads; the api layer
// decides how each kind travels on the wire (HTTP status and the envelope's `code`).
export type FailureKind =
  /** malformed or missing parameters */
  | 'invalid'
  /** missing, wrong or expired credentials */
  | 'unauthorized'
  /** the looked-up resource does not exist for this merchant */
  | 'not_found'
  /** a business rule refused the request (V1 answers these with HTTP 200) */
  | 'rejected'
  /** the PG declined or failed (V1 answers these with HTTP 200 and code -1) */
  | 'pg_declined'
  /** the PG or another upstream failed in a way the caller cannot fix */
  | 'upstream';

export class DomainError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string) => new DomainError('invalid', message);
export const notFound = (message: string) => new DomainError('not_found', message);
export const rejected = (message: string) => new DomainError('rejected', message);
