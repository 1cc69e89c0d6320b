// Checks a V1 response against the official PortOne V1 spec (Swagger 2.0, read at run time from
// ../shared/spec/portone-v1.openapi.json), by operation: method, path and HTTP status.
//
// The spec is read the way the real API behaves (reference §1.4), which is stricter in one way and looser in another:
// - every property an object declares must be present (PHP clients index fields without isset); those the spec does
//   not mark required may be null (Swagger 2.0 cannot say "nullable", yet the API sends null for unknown values);
// - `required` entries naming undeclared properties are spec defects (PaymentPrepareAnnotation lists the paged
//   wrapper's total/previous/next; VbankDepositAnnotation lists a `reason` it never declares) and are dropped;
// - numeric strings in `maxLength` (`"32"`) become numbers so the schema compiles.
// A failure (4xx/5xx) whose status the spec gives no schema for — the spec leaves most 400s undeclared although the
// API answers bad parameters with them (reference §3.2) — must be a V1 failure envelope; an undeclared success fails.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;

const SPEC_URL = new URL('../../../shared/spec/portone-v1.openapi.json', import.meta.url);
const DOC_ID = 'portone-v1.json';

type Schema = Record<string, any>;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** How many static segments the template has: a static segment beats a parameter (`/payments/find/…`). */
  staticSegments: number;
  responses: Record<string, { schema?: Schema }>;
}

function normalize(schema: Schema): Schema {
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = { ...schema };
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#/')) out.$ref = DOC_ID + out.$ref;
  for (const key of ['maxLength', 'minLength', 'maximum', 'minimum', 'maxItems', 'minItems']) {
    if (typeof out[key] === 'string' && /^\d+$/.test(out[key])) out[key] = Number(out[key]);
  }
  if (out.items) out.items = normalize(out.items);
  if (Array.isArray(out.allOf)) out.allOf = out.allOf.map(normalize);
  if (out.properties) {
    const declared: string[] = Array.isArray(out.required) ? out.required : [];
    const properties: Schema = {};
    for (const [name, property] of Object.entries<Schema>(out.properties)) {
      const normalized = normalize(property);
      properties[name] =
        declared.includes(name) || normalized.type === undefined
          ? normalized
          : { ...normalized, type: [normalized.type, 'null'].flat() };
    }
    out.properties = properties;
    out.required = Object.keys(properties);
  }
  return out;
}

function load() {
  const spec = JSON.parse(fs.readFileSync(SPEC_URL, 'utf8'));
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  const definitions: Schema = {};
  for (const [name, schema] of Object.entries<Schema>(spec.definitions)) definitions[name] = normalize(schema);
  ajv.addSchema({ id: DOC_ID, definitions });
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries<Record<string, any>>(spec.paths)) {
    const segments = template.split('/').filter(Boolean);
    for (const [method, op] of Object.entries<any>(methods)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const source = segments.map((s) => (s.startsWith('{') ? '/[^/]+' : `/${s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}`));
      // The optional last parameter (`/find/{merchant_uid}/{payment_status}`) may be left out.
      const last = segments.at(-1) ?? '';
      const tail = last.startsWith('{') ? `(?:${source.pop()})?` : '';
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source.join('')}${tail}/?$`),
        staticSegments: segments.filter((s) => !s.startsWith('{')).length,
        responses: op.responses,
      });
    }
  }
  return { ajv, operations };
}

let loaded: ReturnType<typeof load> | null = null;
const validators = new Map<string, ValidateFunction>();

/** The spec's operation for a method and a path, given as the spec's template or as a concrete request path. */
export function specOperation(method: string, path: string): Operation {
  loaded ??= load();
  const bare = path.split('?')[0];
  const upper = method.toUpperCase();
  const exact = loaded.operations.find((o) => o.method === upper && o.template === bare);
  if (exact) return exact;
  const matches = loaded.operations
    .filter((o) => o.method === upper && o.pattern.test(bare))
    .sort((a, b) => b.staticSegments - a.staticSegments);
  if (!matches.length) throw new Error(`the PortOne V1 spec has no operation ${upper} ${bare}`);
  return matches[0];
}

/** The spec's complaints about a response body, or [] when it conforms. */
export function specViolations(method: string, path: string, status: number, body: unknown): string[] {
  const operation = specOperation(method, path);
  const declared = operation.responses[String(status)];
  if (!declared && status < 400) return [`${operation.method} ${operation.template} declares no ${status} response`];
  if (!declared?.schema) {
    const envelope = body as { code?: unknown; message?: unknown; response?: unknown } | null;
    const ok =
      !!envelope && typeof envelope.code === 'number' && envelope.code !== 0 && typeof envelope.message === 'string' && envelope.response === null;
    return ok ? [] : [`a ${status} answer must be a failure envelope {code ≠ 0, message, response: null}, got ${JSON.stringify(body)}`];
  }
  const key = `${operation.method} ${operation.template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = loaded!.ajv.compile(normalize(declared.schema));
    validators.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Throws, listing what is wrong, unless the body conforms to the spec's response for this operation and status. */
export function assertMatchesSpec(method: string, path: string, status: number, body: unknown): void {
  const violations = specViolations(method, path, status, body);
  if (violations.length) {
    const operation = specOperation(method, path);
    throw new Error(`${operation.method} ${operation.template} → ${status} does not match the PortOne V1 spec:\n  ${violations.slice(0, 20).join('\n  ')}`);
  }
}
