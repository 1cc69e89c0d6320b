// Parameter parsing as PortOne's servers do it: JSON or PHP-style form bodies (`extra[requester]=…`,
// `schedules[0][merchant_uid]=…`), bracket arrays in queries (`imp_uid[]=…`, also percent-encoded), repeated keys,
// and parameter names with stray whitespace (one Go client sends `& imp_secret=`).
import qs from 'qs';

const QS_OPTIONS: qs.IParseOptions = {
  depth: 5,
  arrayLimit: 1000,
  parameterLimit: 2000,
  allowPrototypes: false,
  duplicates: 'combine',
};

/** Parses a query string or form body; names are trimmed, `[]` suffixes become arrays. */
export function parseParams(text: string): Record<string, unknown> {
  return trimNames(qs.parse(text, QS_OPTIONS)) as Record<string, unknown>;
}

/** Trims parameter names at every depth (values are left as sent). */
export function trimNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trimNames);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[key.trim()] = trimNames(inner);
    return out;
  }
  return value;
}

/** A query or body value that may arrive once or as an array (`imp_uid[]`, `imp_uid`, repeated keys). */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.filter((v) => v !== '' && v !== null && v !== undefined).map(String);
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).map(String);
  return [String(value)];
}
