// Finds the highest arrival rate each target sustains, then measures each at half that rate, where the issue sets its
// goals. Targets are stepped in turn, not one after another, so that whatever else the machine is doing meanwhile
// weighs on all of them alike and their ratios stay meaningful.
import type { BenchRequest, OpenModelOptions, OpenModelResult } from './open-model.ts';
import { measure, type ServerProcess } from './processes.ts';

export interface Target {
  name: string;
  server: ServerProcess;
  request: BenchRequest;
}

/**
 * A measurement and the server's CPU time per answered request during it. CPU per request is the figure least
 * disturbed by other work on the machine: it says what capacity ratio to expect when the server's core is the limit.
 */
export interface Measurement extends OpenModelResult {
  serverCpuUsPerRequest: number;
}

async function measureTarget(target: Target, options: Omit<OpenModelOptions, 'origin' | 'request'>): Promise<Measurement> {
  const before = await target.server.cpuMicros();
  const result = await measure({ ...options, origin: target.server.origin, request: target.request });
  const used = (await target.server.cpuMicros()) - before;
  // The warm-up's requests are served too; count them so the figure is per request served.
  const served = result.completed + Math.floor(((options.warmupMs ?? 0) * options.rate) / 1000);
  return { ...result, serverCpuUsPerRequest: used / served };
}

export interface CapacityOptions {
  startRate: number;
  /** Each step multiplies the rate by this. */
  growth: number;
  stepMs: number;
  finalMs: number;
  /** Above this p99 a rate counts as not sustained. */
  maxP99Ms: number;
  /** Each target first serves this long at the start rate, not counted, so none is judged while the JIT compiles it. */
  warmupMs: number;
  log: (line: string) => void;
}

export interface Capacity {
  maxRate: number;
  steps: Measurement[];
  atHalf: Measurement;
}

/** Sustained: every request answered correctly, the arrival rate kept up with, and p99 within bounds. */
export function sustained(result: OpenModelResult, maxP99Ms: number): boolean {
  return result.errors === 0 && result.achievedRate >= 0.95 * result.targetRate && result.p99 <= maxP99Ms;
}

export function describeResult(r: Measurement): string {
  const errors = r.errors ? ` errors=${r.errors} (${r.errorSamples.join('; ')})` : '';
  return `${r.targetRate} req/s: achieved ${r.achievedRate.toFixed(0)}, p50 ${r.p50.toFixed(2)} ms, ` +
    `p95 ${r.p95.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms, ` +
    `server CPU ${r.serverCpuUsPerRequest.toFixed(0)} µs/req${errors}`;
}

interface Search {
  target: Target;
  good: number;
  rate: number;
  /** Growing; then refining between good and rate; then done. */
  phase: 'growing' | 'refining' | 'done';
  steps: Measurement[];
}

export async function findCapacities(targets: Target[], options: CapacityOptions): Promise<Map<string, Capacity>> {
  const searches: Search[] = targets.map((target) => ({ target, good: 0, rate: options.startRate, phase: 'growing', steps: [] }));
  for (const target of options.warmupMs > 0 ? targets : []) {
    const warm = await measureTarget(target, { rate: options.startRate, durationMs: options.warmupMs, warmupMs: 0 });
    options.log(`warm ${target.name} @ ${describeResult(warm)} (not counted)`);
  }
  while (searches.some((s) => s.phase !== 'done')) {
    for (const s of searches) {
      if (s.phase === 'done') continue;
      const result = await measureTarget(s.target, { rate: s.rate, durationMs: options.stepMs, warmupMs: 1000 });
      s.steps.push(result);
      const ok = sustained(result, options.maxP99Ms);
      options.log(`${ok ? 'ok  ' : 'FAIL'} ${s.target.name} @ ${describeResult(result)}`);
      if (ok) s.good = s.rate;
      if (s.phase === 'growing' && ok) {
        s.rate = Math.round(s.rate * options.growth);
      } else if (s.phase === 'growing' && s.good > 0 && Math.round((s.good + s.rate) / 2) > s.good) {
        // One refinement between the last sustained rate and the first that was not.
        s.rate = Math.round((s.good + s.rate) / 2);
        s.phase = 'refining';
      } else {
        s.phase = 'done';
      }
    }
  }
  const capacities = new Map<string, Capacity>();
  for (const s of searches) {
    // Nothing sustained (a busy machine, or a start rate set too high): still measure, at a quarter of the start rate.
    if (s.good === 0) options.log(`${s.target.name}: not even ${options.startRate} req/s is sustained; lower BENCH_START_RATE`);
    const half = Math.round((s.good || options.startRate / 2) / 2);
    const atHalf = await measureTarget(s.target, { rate: half, durationMs: options.finalMs, warmupMs: 2000 });
    options.log(`half ${s.target.name} @ ${describeResult(atHalf)}`);
    capacities.set(s.target.name, { maxRate: s.good, steps: s.steps, atHalf });
  }
  return capacities;
}
