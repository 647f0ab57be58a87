/**
 * The SQLite file a server runs on, guarded against operators' mistakes:
 * - it is held exclusively: a second server on the same file refuses to start (two servers would each enforce the
 *   rules on their own and break them) — through an exclusive SQLite lock on a small lock file beside it, which the
 *   operating system releases when the process ends, however it ends;
 * - it is watched: when the path no longer names the file the server opened (deleted, or replaced by a restore),
 *   every write is refused with a storage error (503), instead of going on into a file nobody will ever open again;
 * - its disk's free space is known, so health can say a disk is about to fill.
 */
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { readFileSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Below this much free space the disk counts as full: a few minutes of a class's guesses are a few megabytes. */
export const LOW_DISK_BYTES = 16 * 1024 * 1024;
const CHECK_EVERY_MS = 1000;

export type FileState = 'ok' | 'gone' | 'replaced';

/** A storage error (503) for a write to a file the server no longer holds; its code reads as SQLite's own. */
export class FileMovedError extends Error {
  readonly code = 'SQLITE_READONLY_DBMOVED';
  constructor(file: string, state: FileState) {
    super(`the database file ${file} was ${state === 'gone' ? 'deleted' : 'replaced'} while the server ran: writes are refused so that nothing more is lost; restart the server`);
  }
}

export class FileGuard {
  private identity: { dev: number; ino: number } | null = null;
  private checked: { at: number; state: FileState } = { at: 0, state: 'ok' };
  private disk: { at: number; free: number | null } = { at: 0, free: null };

  private constructor(
    readonly file: string,
    private readonly lock: Database.Database,
  ) {}

  /**
   * Takes the file before anything touches it (a second server must not even migrate it); throws a readable error
   * when another server holds it. `watch` then records the file as opened.
   */
  static take(file: string): FileGuard {
    const lockFile = `${file}.lock`;
    const lock = new Database(lockFile);
    try {
      lock.pragma('busy_timeout = 0');
      lock.pragma('locking_mode = EXCLUSIVE');
      // The write transaction is never committed: its lock is held for as long as this connection (this process) lives.
      lock.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      lock.close();
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new Error(`another GD Arena server is using ${file}${owner(file)}: stop it first, or give this one another DATABASE_URL`);
      throw err;
    }
    try {
      writeFileSync(`${file}.owner`, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    } catch {
      // Only for the message a second server prints: the lock itself is what counts.
    }
    return new FileGuard(file, lock);
  }

  /** Records the file as the server opened it (after the migrations created it). */
  watch(): void {
    const st = statSync(this.file);
    this.identity = { dev: st.dev, ino: st.ino };
  }

  /** Whether the path still names the file this server opened (checked at most once a second). */
  state(now = Date.now()): FileState {
    if (!this.identity) return 'ok';
    if (now - this.checked.at < CHECK_EVERY_MS) return this.checked.state;
    let state: FileState = 'ok';
    try {
      const st = statSync(this.file);
      if (st.dev !== this.identity.dev || st.ino !== this.identity.ino) state = 'replaced';
    } catch {
      state = 'gone';
    }
    this.checked = { at: now, state };
    return state;
  }

  /** Throws the storage error of a write when the file is no longer the one the server opened. */
  assertIntact(): void {
    const state = this.state();
    if (state !== 'ok') throw new FileMovedError(this.file, state);
  }

  /** Free bytes on the file's disk for this user (checked at most every 5 s), or null where it cannot be read. */
  freeBytes(now = Date.now()): number | null {
    if (now - this.disk.at < 5 * CHECK_EVERY_MS) return this.disk.free;
    let free: number | null = null;
    try {
      const fs = statfsSync(dirname(this.file));
      free = fs.bavail * fs.bsize;
    } catch {
      free = null;
    }
    this.disk = { at: now, free };
    return free;
  }

  /** What stops writes now, if anything: the file gone or replaced, or its disk full. */
  trouble(): 'file-gone' | 'file-replaced' | 'disk-full' | null {
    const state = this.state();
    if (state !== 'ok') return state === 'gone' ? 'file-gone' : 'file-replaced';
    const free = this.freeBytes();
    return free !== null && free < LOW_DISK_BYTES ? 'disk-full' : null;
  }

  close(): void {
    if (this.lock.open) this.lock.close();
  }
}

/** Who holds the file, as its owner note says (for the refusal's message). */
function owner(file: string): string {
  try {
    const note = JSON.parse(readFileSync(`${file}.owner`, 'utf8')) as { pid?: number; host?: string; since?: string };
    return ` (process ${note.pid} on ${note.host}, since ${note.since})`;
  } catch {
    return '';
  }
}
