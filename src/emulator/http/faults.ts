// Faults the gateway's reliability tests switch on per endpoint through the control API: latency with jitter, an
// error rate with a chosen status and code, a hang (answer after N seconds or never), and "commit then drop": the
// operation happens but the connection is destroyed before any response is written.
//
// Faults are kept in the database so that every emulator process over the same store applies them; each process
// keeps a copy it refreshes every second, and updates its own copy at once when a fault is set through it.
import type { Kysely } from 'kysely';
import { invalidRequest } from './errors.ts';
import { isKnownErrorCode } from './errors.ts';

export interface FaultSpec {
  /** `METHOD /path` as routed (`POST /v1/billing/:billingKey`; `{billingKey}` is accepted too), or `*` for every Toss endpoint. */
  endpoint: string;
  latencyMs?: number;
  jitterMs?: number;
  /** 0–1: share of requests answered with the error below instead of being processed. */
  errorRate?: number;
  errorStatus?: number;
  errorCode?: string;
  errorMessage?: string;
  /** Present: wait this many seconds before processing; null waits forever. */
  hangSeconds?: number | null;
  /** 0–1: share of requests processed (and committed) whose connection is then destroyed without a response. */
  dropRate?: number;
  /** Only the next N matching requests are affected; then the fault clears itself. */
  remaining?: number;
}

export function normaliseEndpoint(endpoint: string): string {
  if (endpoint === '*') return endpoint;
  const m = /^([A-Za-z]+)\s+(\S+)$/.exec(endpoint.trim());
  if (!m) throw invalidRequest('endpoint: "METHOD /path" 형식이어야 합니다.');
  return `${m[1].toUpperCase()} ${m[2].replace(/\{(\w+)\}/g, ':$1')}`;
}

export function parseFaultSpec(body: unknown): FaultSpec {
  if (!body || typeof body !== 'object') throw invalidRequest('fault: 객체여야 합니다.');
  const b = body as Record<string, unknown>;
  const num = (name: string, max?: number): number | undefined => {
    const v = b[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (max !== undefined && v > max)) {
      throw invalidRequest(`${name}: 0${max !== undefined ? `–${max}` : ' 이상'}의 숫자여야 합니다.`);
    }
    return v;
  };
  if (typeof b.endpoint !== 'string') throw invalidRequest('endpoint: 필수 파라미터가 누락되었습니다.');
  const spec: FaultSpec = { endpoint: normaliseEndpoint(b.endpoint) };
  spec.latencyMs = num('latencyMs');
  spec.jitterMs = num('jitterMs');
  spec.errorRate = num('errorRate', 1);
  spec.errorStatus = num('errorStatus', 599);
  spec.dropRate = num('dropRate', 1);
  spec.remaining = num('remaining');
  if ('hangSeconds' in b) spec.hangSeconds = b.hangSeconds === null ? null : num('hangSeconds');
  if (b.errorCode !== undefined) {
    if (typeof b.errorCode !== 'string') throw invalidRequest('errorCode: 문자열이어야 합니다.');
    spec.errorCode = b.errorCode;
  }
  if (b.errorMessage !== undefined) {
    if (typeof b.errorMessage !== 'string') throw invalidRequest('errorMessage: 문자열이어야 합니다.');
    spec.errorMessage = b.errorMessage;
  }
  if (spec.errorCode && !isKnownErrorCode(spec.errorCode) && spec.errorMessage === undefined) {
    throw invalidRequest('errorCode: 알 수 없는 코드에는 errorMessage가 필요합니다.');
  }
  for (const k of Object.keys(spec) as (keyof FaultSpec)[]) if (spec[k] === undefined) delete spec[k];
  return spec;
}

const REFRESH_MS = 1000;

export class FaultRegistry {
  private faults = new Map<string, FaultSpec>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(private readonly db: Kysely<any>) {}

  async load(): Promise<void> {
    const rows = await this.db.selectFrom('faults').select(['endpoint', 'spec']).execute();
    const next = new Map<string, FaultSpec>();
    for (const r of rows) next.set(r.endpoint, typeof r.spec === 'string' ? JSON.parse(r.spec) : r.spec);
    this.faults = next;
    this.loadedAt = Date.now();
  }

  /** The fault for a route, if any. Refreshes from the database in the background at most once a second. */
  lookup(method: string, route: string): FaultSpec | null {
    if (Date.now() - this.loadedAt > REFRESH_MS && !this.loading) {
      this.loading = this.load().catch(() => {}).finally(() => (this.loading = null));
    }
    if (this.faults.size === 0) return null;
    return this.faults.get(`${method} ${route}`) ?? this.faults.get('*') ?? null;
  }

  /** Counts one use of a fault limited to N requests; the last use removes it. */
  consume(spec: FaultSpec): void {
    if (spec.remaining === undefined) return;
    spec.remaining -= 1;
    if (spec.remaining <= 0) {
      this.faults.delete(spec.endpoint);
      void this.db.deleteFrom('faults').where('endpoint', '=', spec.endpoint).execute().catch(() => {});
    } else {
      void this.db.updateTable('faults').set({ spec: JSON.stringify(spec) }).where('endpoint', '=', spec.endpoint).execute().catch(() => {});
    }
  }

  list(): FaultSpec[] {
    return [...this.faults.values()];
  }

  async set(spec: FaultSpec, now: Date): Promise<void> {
    await this.db
      .insertInto('faults')
      .values({ endpoint: spec.endpoint, spec: JSON.stringify(spec), updated_at: now })
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ spec: JSON.stringify(spec), updated_at: now }))
      .execute();
    this.faults.set(spec.endpoint, spec);
  }

  async clear(endpoint?: string): Promise<void> {
    if (endpoint) {
      await this.db.deleteFrom('faults').where('endpoint', '=', endpoint).execute();
      this.faults.delete(endpoint);
    } else {
      await this.db.deleteFrom('faults').execute();
      this.faults.clear();
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
