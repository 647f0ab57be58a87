/** The admin session: the token kept in localStorage (so a reload keeps the instructor signed in) and the API wrapper. */
import { api, ApiError, type ApiOptions } from '../common/api.ts';
import { errorText, t } from '../common/i18n.ts';
import { storage } from '../common/storage.ts';

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

/** Calls `/api/admin<path>` with the session's token. */
export async function adminApi<T>(path: string, options: Omit<ApiOptions, 'token'> = {}): Promise<T> {
  try {
    return await api<T>(`/api/admin${path}`, { ...options, token: session.token });
  } catch (err) {
    expired(err);
    throw err;
  }
}

/** Fetches a file from the admin API (CSV, JSON backup) as a Blob. */
export async function adminBlob(path: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`/api/admin${path}`, { headers: { authorization: `Bearer ${session.token ?? ''}` } });
  } catch (err) {
    throw new ApiError('NETWORK', 0, (err as Error).message);
  }
  if (!response.ok) {
    let code = 'INTERNAL';
    let message = response.statusText;
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not JSON
    }
    const err = new ApiError(code, response.status, message);
    expired(err);
    throw err;
  }
  return response.blob();
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

/** The text to show in place for a failed call: translated by code; the server's detail for bad expressions. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const text = errorText(err.code);
    if ((err.code === 'INVALID_EXPRESSION' || err.code === 'INVALID_DOMAIN' || err.code === 'INVALID_BODY') && err.message) {
      return `${text} ${err.message}`;
    }
    return text;
  }
  if ((err as Error)?.name === 'AbortError') return '';
  return t('error.INTERNAL');
}

/** Dispatches a bubbling, composed CustomEvent from an element (properties down, events up). */
export function emit<T>(host: HTMLElement, name: string, detail?: T): void {
  host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
