// An open-model load generator: requests are sent at a constant arrival rate by the clock, never waiting for earlier
// answers, so a slow server meets the same demand a real crowd of clients would bring. Latency is measured from each
// request's scheduled send time (not from when it actually left), so queueing in the client or the server counts
// against the server instead of being hidden (coordinated omission).
import { Pool } from 'undici';

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** `{seq}` in the path, header values or body becomes a value unique to each request of the run (new orders). */
  body?: string;
  /** The status a correct answer has; anything else counts as an error. */
  expectStatus?: number;
}

export interface OpenModelOptions {
  origin: string;
  request: BenchRequest;
  /** Requests per second to send. */
  rate: number;
  durationMs: number;
  /** Sent first at the same rate and not recorded: connections open, caches and JIT warm. */
  warmupMs?: number;
  /** Keep-alive connections the pool may open. */
  connections?: number;
  /** A request still unanswered after this long counts as an error. */
  timeoutMs?: number;
  /** Also return every measured, correct answer's latency with its `{seq}` value, to match against server records. */
  keepSamples?: boolean;
}

export interface OpenModelResult {
  targetRate: number;
  /** Answers (correct or not) per second of the measured window. */
  achievedRate: number;
  sent: number;
  completed: number;
  errors: number;
  /** The first few distinct error descriptions, to tell a timeout from a wrong status. */
  errorSamples: string[];
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Wall-clock time (ISO) of the first measured due time, to line the run up with other logs. */
  startedAt: string;
  /**
   * The three 100 ms windows of due times whose slowest answer was slowest, worst first: `atMs` from the first measured
   * due time. A short stall (a pause in one process) shows as one or two windows far above the rest.
   */
  worstWindows: { atMs: number; maxMs: number }[];
  /** With `keepSamples`: each correct answer's `{seq}` value and latency (ms). */
  samples?: { seq: string; latencyMs: number }[];
}

/** The q-quantile (0..1) of sorted values, nearest-rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/**
 * The scheduler sleeps until the next request is due (timers have a 1 ms grain, so at high rates several go out
 * together, each timed from its own due time). Waking only then, rather than every millisecond, keeps the load
 * generator's own CPU — which shares the machine with the servers it measures — in proportion to the rate.
 */
const MIN_SLEEP_MS = 1;
const WINDOW_MS = 100;

export async function runOpenModel(options: OpenModelOptions): Promise<OpenModelResult> {
  const { request, rate } = options;
  const warmupMs = options.warmupMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const pool = new Pool(options.origin, {
    connections: options.connections ?? 64,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const expectStatus = request.expectStatus ?? 200;
  const intervalMs = 1000 / rate;
  const totalCount = Math.floor(((warmupMs + options.durationMs) * rate) / 1000);
  const warmupCount = Math.floor((warmupMs * rate) / 1000);
  const latencies = new Float64Array(totalCount);
  const samples: { seq: string; latencyMs: number }[] = [];
  const windowMax = new Float64Array(Math.ceil(options.durationMs / WINDOW_MS) + 1);
  let recorded = 0;
  let errors = 0;
  let completed = 0;
  let lastAnswerAt = 0;
  const errorSamples = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  const fail = (what: string) => {
    errors++;
    if (errorSamples.size < 5) errorSamples.add(what);
  };

  const nonce = Math.random().toString(36).slice(2, 10);
  const seqOf = (index: number) => `${nonce}-${index}`;
  const unique = (text: string, index: number) => (text.includes('{seq}') ? text.replaceAll('{seq}', seqOf(index)) : text);
  const headersFor = (index: number) =>
    request.headers && Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, unique(v, index)]));
  const send = (index: number, dueAt: number) => {
    const measured = index >= warmupCount;
    const done = pool
      .request({
        method: request.method,
        path: unique(request.path, index),
        headers: headersFor(index),
        body: request.body === undefined ? undefined : unique(request.body, index),
        signal: AbortSignal.timeout(timeoutMs),
      })
      .then(async (res) => {
        await res.body.dump();
        const end = performance.now();
        if (!measured) return;
        completed++;
        lastAnswerAt = end;
        if (res.statusCode !== expectStatus) fail(`HTTP ${res.statusCode}`);
        else {
          latencies[recorded++] = end - dueAt;
          const window = Math.floor((dueAt - measureFrom) / WINDOW_MS);
          windowMax[window] = Math.max(windowMax[window], end - dueAt);
          if (options.keepSamples) samples.push({ seq: seqOf(index), latencyMs: end - dueAt });
        }
      })
      .catch((error: Error) => {
        if (!measured) return;
        completed++;
        lastAnswerAt = performance.now();
        fail(error.name === 'TimeoutError' ? 'timeout' : `${error.name}: ${error.message}`);
      });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  const start = performance.now();
  const measureFrom = start + warmupCount * intervalMs;
  const startedAt = new Date(Date.now() + (measureFrom - start)).toISOString();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < totalCount && start + next * intervalMs <= now) {
        send(next, start + next * intervalMs);
        next++;
      }
      if (next < totalCount) setTimeout(tick, Math.max(MIN_SLEEP_MS, Math.ceil(start + next * intervalMs - performance.now())));
      else resolve();
    };
    tick();
  });
  await Promise.all([...inFlight]);
  await pool.close();

  const sorted = latencies.subarray(0, recorded).sort();
  // The window runs from the first measured due time to the last answer (or the schedule's end if answers kept up).
  const windowMs = Math.max(lastAnswerAt, measureFrom + options.durationMs) - measureFrom;
  return {
    targetRate: rate,
    achievedRate: (completed / windowMs) * 1000,
    sent: totalCount - warmupCount,
    completed,
    errors,
    errorSamples: [...errorSamples],
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    startedAt,
    worstWindows: [...windowMax]
      .map((maxMs, i) => ({ atMs: i * WINDOW_MS, maxMs: Math.round(maxMs * 10) / 10 }))
      .sort((a, b) => b.maxMs - a.maxMs)
      .slice(0, 3),
    ...(options.keepSamples ? { samples } : {}),
  };
}
