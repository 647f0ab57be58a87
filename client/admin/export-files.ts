/**
 * The files a game exports: one CSV per table (every guess; the standings), a zip of both, and the JSON backup.
 * Times in the CSVs are in the game's time zone (the server writes them). Pure: paths and file names only.
 */

export const EXPORT_KINDS = ['guesses', 'standings', 'zip', 'json'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The admin API path of a game's export (under /api/admin). */
export function exportPath(gameId: number, kind: ExportKind): string {
  switch (kind) {
    case 'guesses':
      return `/games/${gameId}/export/guesses.csv`;
    case 'standings':
      return `/games/${gameId}/export/standings.csv`;
    case 'zip':
      return `/games/${gameId}/export.zip`;
    case 'json':
      return `/games/${gameId}/export.json`;
  }
}

/** The saved file's name: the game, what it holds and the day, e.g. gd-arena-game-3-guesses-2025-03-14.csv. */
export function exportFileName(gameId: number, kind: ExportKind, day: Date = new Date()): string {
  const stamp = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  const ext = kind === 'zip' ? 'zip' : kind === 'json' ? 'json' : 'csv';
  const what = kind === 'zip' ? 'results' : kind === 'json' ? 'backup' : kind;
  return `gd-arena-game-${gameId}-${what}-${stamp}.${ext}`;
}
