/** The admin session: the token kept in localStorage (so a reload keeps the instructor signed in) and the API wrapper. */
import { api, ApiError, type ApiOptions } from '../common/api.ts';
import { errorText, t } from '../common/i18n.ts';
import { storage } from '../common/storage.ts';
import { exportFileName, exportPath, type ExportKind } from './export-files.ts';
import { levelErrorText, type Strings } from './level-errors.ts';

const TOKEN_KEY = 'gd-arena.admin-token';

/** Fired on window when any admin call answers 401: the app returns to the sign-in form. */
export const SESSION_EXPIRED = 'gd-admin-session-expired';

export const session = {
  get token(): string | null {
    return storage.get<string>(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) storage.set(TOKEN_KEY, value);
    else storage.remove(TOKEN_KEY);
  },
};

function expired(err: unknown): void {
  if (err instanceof ApiError && err.code === 'UNAUTHORIZED') window.dispatchEvent(new Event(SESSION_EXPIRED));
}

/**
 * Calls `/api/admin<path>` with the session's token; rejects with ApiError (code, and reason and params when the
 * server gives them, as it does for a refused level). A 401 also sends the page back to the sign-in form.
 */
export async function adminApi<T>(path: string, options: Omit<ApiOptions, 'token'> = {}): Promise<T> {
  try {
    return await api<T>(`/api/admin${path}`, { ...options, token: session.token });
  } catch (err) {
    expired(err);
    throw err;
  }
}

/** Fetches a file from the admin API (CSV, zip, JSON backup) as a Blob: its own fetch, since api() reads JSON. */
export async function adminBlob(path: string): Promise<Blob> {
  let response: Response;
  try {
    const token = session.token;
    response = await fetch(`/api/admin${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 0, (err as Error).message);
  }
  if (!response.ok) {
    const err = await refusal(response);
    expired(err);
    throw err;
  }
  return response.blob();
}

/** The ApiError a refused download's JSON body describes (as api() reads it). */
async function refusal(response: Response): Promise<ApiError> {
  type ErrorBody = { error?: { code?: string; message?: string; reason?: string; params?: Record<string, string | number> } } | null;
  let body: ErrorBody = null;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // a proxy's HTML error page: the status says enough
  }
  const error = body?.error;
  return new ApiError(error?.code ?? 'INTERNAL', response.status, error?.message ?? response.statusText, error?.reason, error?.params);
}

/** Saves a Blob as a file through a temporary link (the browser's ordinary download). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads one of a game's exports (a CSV table, the zip of both, the JSON backup) as a file. */
export async function downloadExport(gameId: number, kind: ExportKind): Promise<void> {
  saveBlob(await adminBlob(exportPath(gameId, kind)), exportFileName(gameId, kind));
}

/** The TensorFlow.js backend's name as the status gives it ('tensorflow', 'cpu'), or that it has not loaded yet. */
export function backendName(backend: string | undefined): string {
  if (!backend) return '—';
  return backend === 'not loaded' ? t('admin.status.notLoaded') : backend;
}

/** The page's strings for pure modules (level-errors.ts): a missing key translates to itself. */
export const strings: Strings = { has: (key) => t(key) !== key, t };

/**
 * The text to show in place for a failed call, in the page's language: a refused level by its reason (with the
 * level's axis names), anything else by its code. The server's English message is never shown.
 */
export function errorMessage(err: unknown, axes?: readonly string[]): string {
  if (err instanceof ApiError) return levelErrorText(err, strings, axes) ?? errorText(err.code);
  if ((err as Error)?.name === 'AbortError') return '';
  return t('error.INTERNAL');
}

/** Dispatches a bubbling, composed CustomEvent from an element (properties down, events up). */
export function emit<T>(host: HTMLElement, name: string, detail?: T): void {
  host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
