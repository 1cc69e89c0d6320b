// PostgreSQL error recognition shared by repositories (pg and PGlite report the same SQLSTATE codes).
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== '23505') return false;
  if (!constraint) return true;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}

export function isCheckViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return !!e && e.code === '23514' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}
