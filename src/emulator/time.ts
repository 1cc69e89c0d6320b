// The Toss wire writes times in KST with an explicit offset and second precision: 2022-01-01T10:05:40+09:00.
export function kst(date: Date | null | undefined): string | null {
  if (!date) return null;
  return new Date(date.getTime() + 9 * 3600_000).toISOString().slice(0, 19) + '+09:00';
}

/** Parses an ISO date or date-time; a date alone means its start in KST. Null when unparseable. */
export function parseIsoDate(value: string): Date | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const iso = dateOnly ? `${value}T00:00:00+09:00` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}+09:00`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?/.test(iso)) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}
