import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { observeServerDate } from './server-clock.ts';

/** GET /api/info, which the server's contract adds for the pages: the addresses teams join at. */
interface InfoResponse {
  version: string;
  joinUrls: string[];
}

const RETRY_MS = 5000;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The addresses to put on the projector, best first: the one this page was opened at, unless that is the laptop itself. */
export function joinAddresses(joinUrls: readonly string[], here: Location): string[] {
  const own = `${here.protocol}//${here.host}/`;
  const list = LOCAL_HOSTS.has(here.hostname) ? [...joinUrls] : [own, ...joinUrls];
  if (list.length === 0) list.push(own);
  return [...new Set(list)];
}

/** Loads the join addresses (retrying while the server is unreachable) and the server's clock offset. */
export class InfoController implements ReactiveController {
  urls: string[] = [];
  version = '';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
  }

  hostDisconnected(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.abort = null;
  }

  private async load(): Promise<void> {
    this.abort = new AbortController();
    const sentAt = Date.now();
    try {
      const response = await fetch('/api/info', { signal: this.abort.signal });
      if (!response.ok) throw new Error(String(response.status));
      observeServerDate(response.headers.get('date'), sentAt, Date.now());
      const info = (await response.json()) as InfoResponse;
      this.urls = joinAddresses(info.joinUrls ?? [], location);
      this.version = info.version ?? '';
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      if (this.urls.length === 0) this.urls = joinAddresses([], location);
      this.timer = setTimeout(() => void this.load(), RETRY_MS);
    }
    this.host.requestUpdate();
  }
}
