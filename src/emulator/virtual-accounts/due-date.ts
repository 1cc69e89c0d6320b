// When a virtual account stops accepting deposits: `validHours` (default 168, at most 720) or `dueDate`, never both.
import type { BodyReader } from '../http/body.ts';
import { invalidRequest, TossError } from '../http/errors.ts';
import { parseIsoDate } from '../time.ts';

export const DEFAULT_VALID_HOURS = 168;
export const MAX_VALID_HOURS = 720;

export function readDueDate(b: BodyReader, now: Date): Date {
  const validHours = b.integer('validHours');
  const dueDate = b.string('dueDate');
  if (validHours !== null && dueDate !== null) throw new TossError('INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE');
  const max = now.getTime() + MAX_VALID_HOURS * 3600_000;
  if (dueDate !== null) {
    const at = parseIsoDate(dueDate);
    if (!at) throw new TossError('INVALID_ISO_DATE_FORMAT');
    if (at.getTime() <= now.getTime()) throw invalidRequest('dueDate: 현재 시각 이후여야 합니다.');
    if (at.getTime() > max) throw new TossError('EXCEED_MAX_DUE_DATE');
    return at;
  }
  const hours = validHours ?? DEFAULT_VALID_HOURS;
  if (hours < 1) throw invalidRequest('validHours: 1 이상이어야 합니다.');
  if (hours > MAX_VALID_HOURS) throw new TossError('EXCEED_MAX_VALID_HOURS');
  return new Date(now.getTime() + hours * 3600_000);
}
