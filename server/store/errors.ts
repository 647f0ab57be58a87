const STORAGE_CODES = ['SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT', 'SQLITE_BUSY', 'SQLITE_LOCKED'];
/**
 * Prisma's codes for a database it cannot reach, or that did not answer in time (P2028: a transaction that could not
 * start, or ran out of its time, on a database too busy to keep up).
 */
const PRISMA_STORAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2028', 'P2034']);
const STORAGE_MESSAGE = /readonly database|disk I\/O error|database or disk is full|unable to open database|database (table )?is locked|SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED)|disk is full/i;

/**
 * Whether an error comes from the database being unwritable or unreachable (locked, read-only, disk full, gone):
 * the request may succeed later, so it is 503 STORAGE_ERROR, not a bug.
 */
export function isStorageError(err: unknown, depth = 0): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown } | null;
  if (!e || typeof e !== 'object' || depth > 5) return false;
  if (typeof e.code === 'string' && (STORAGE_CODES.some((c) => (e.code as string).startsWith(c)) || PRISMA_STORAGE_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && STORAGE_MESSAGE.test(e.message)) return true;
  return e.cause ? isStorageError(e.cause, depth + 1) : false;
}
