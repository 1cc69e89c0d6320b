// Finds the highest arrival rate each target sustains, then measures each at half that rate, where the issue sets its
// goals. Targets are stepped in turn, not one after another, so that whatever else the machine is doing meanwhile
// weighs on all of them alike and their ratios stay meaningful.
import type { BenchRequest, OpenModelResult } from './open-model.ts';
import { measure } from './processes.ts';

export interface Target {
  name: string;
  origin: string;
  request: BenchRequest;
}

export interface CapacityOptions {
  startRate: number;
  /** Each step multiplies the rate by this. */
  growth: number;
  stepMs: number;
  finalMs: number;
  /** Above this p99 a rate counts as not sustained. */
  maxP99Ms: number;
  log: (line: string) => void;
}

export interface Capacity {
  maxRate: number;
  steps: OpenModelResult[];
  atHalf: OpenModelResult;
}

/** Sustained: every request answered correctly, the arrival rate kept up with, and p99 within bounds. */
export function sustained(result: OpenModelResult, maxP99Ms: number): boolean {
  return result.errors === 0 && result.achievedRate >= 0.95 * result.targetRate && result.p99 <= maxP99Ms;
}

export function describeResult(r: OpenModelResult): string {
  const errors = r.errors ? ` errors=${r.errors} (${r.errorSamples.join('; ')})` : '';
  return `${r.targetRate} req/s: achieved ${r.achievedRate.toFixed(0)}, p50 ${r.p50.toFixed(2)} ms, ` +
    `p95 ${r.p95.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms${errors}`;
}

interface Search {
  target: Target;
  good: number;
  rate: number;
  /** Growing; then refining between good and rate; then done. */
  phase: 'growing' | 'refining' | 'done';
  steps: OpenModelResult[];
}

export async function findCapacities(targets: Target[], options: CapacityOptions): Promise<Map<string, Capacity>> {
  const searches: Search[] = targets.map((target) => ({ target, good: 0, rate: options.startRate, phase: 'growing', steps: [] }));
  while (searches.some((s) => s.phase !== 'done')) {
    for (const s of searches) {
      if (s.phase === 'done') continue;
      const result = await measure({ origin: s.target.origin, request: s.target.request, rate: s.rate, durationMs: options.stepMs, warmupMs: 1000 });
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
    if (s.good === 0) throw new Error(`${s.target.name}: not even ${options.startRate} req/s is sustained; lower BENCH_START_RATE`);
    const half = Math.round(s.good / 2);
    const atHalf = await measure({ origin: s.target.origin, request: s.target.request, rate: half, durationMs: options.finalMs, warmupMs: 2000 });
    options.log(`half ${s.target.name} @ ${describeResult(atHalf)}`);
    capacities.set(s.target.name, { maxRate: s.good, steps: s.steps, atHalf });
  }
  return capacities;
}
