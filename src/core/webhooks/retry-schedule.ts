// When a failed webhook delivery is tried again. A schedule lists, in seconds, the wait before each attempt: the first
// is counted from the event, each later one from the attempt before it; its length is the number of attempts.
import { invalid } from '../errors.ts';

/** Close to Standard Webhooks' ladder: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — about a day in all. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];

const MAX_ATTEMPTS = 20;
const MAX_WAIT_SECONDS = 7 * 24 * 3600;

/** When the attempt after `attemptsMade` attempts is due, or null when the schedule is exhausted. */
export function nextAttemptAt(schedule: readonly number[], attemptsMade: number, lastAttemptAt: Date): Date | null {
  if (attemptsMade >= schedule.length) return null;
  return new Date(lastAttemptAt.getTime() + schedule[attemptsMade]! * 1000);
}

export function parseRetrySchedule(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ATTEMPTS) {
    throw invalid(`재시도 일정은 1~${MAX_ATTEMPTS}개의 초 단위 정수 배열이어야 합니다.`);
  }
  return value.map((v) => {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_WAIT_SECONDS) {
      throw invalid(`재시도 간격은 0~${MAX_WAIT_SECONDS}초 사이의 정수여야 합니다.`);
    }
    return n;
  });
}
