const STORAGE_CODES = new Set(['SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT', 'SQLITE_BUSY']);

/** Whether an error comes from the database file being unwritable or unreachable (disk full, read-only…). */
export function isStorageError(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown } | null;
  if (!e) return false;
  if (e.code && [...STORAGE_CODES].some((c) => e.code!.startsWith(c))) return true;
  if (typeof e.message === 'string' && /readonly database|disk I\/O error|database or disk is full|unable to open database|SQLITE_(READONLY|FULL|IOERR|CANTOPEN)/i.test(e.message)) return true;
  return e.cause ? isStorageError(e.cause) : false;
}
