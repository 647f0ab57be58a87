/** A failed API call, carrying the contract's error code, and the reason and params where the server gives them (translated by the page through i18n). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly reason?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
  }
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
}

/** Calls the JSON API; resolves with the parsed body, rejects with ApiError (code NETWORK when offline). */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 0, (err as Error).message);
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // a proxy's HTML error page: fall through to the status check
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; reason?: string; params?: Record<string, string | number> } } | null)?.error;
    throw new ApiError(error?.code ?? 'INTERNAL', response.status, error?.message ?? response.statusText, error?.reason, error?.params);
  }
  return data as T;
}
