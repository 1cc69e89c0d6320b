// One clock for the whole process. Production reads the system time; development and tests can move it forward so
// that expiries, schedules and retries can be exercised without waiting.
export interface Clock {
  now(): Date;
}

export class AdjustableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves time forward (never backward: stored timestamps would stop making sense). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
  }

  get offset(): number {
    return this.offsetMs;
  }

  setOffset(ms: number): void {
    if (!Number.isFinite(ms) || ms < this.offsetMs) throw new Error('the clock only moves forward');
    this.offsetMs = ms;
  }
}

export const systemClock: Clock = { now: () => new Date() };

/** UNIX seconds, the unit of every timestamp on the V1 wire. */
export function unixSeconds(date: Date | null | undefined): number {
  return date ? Math.floor(date.getTime() / 1000) : 0;
}
