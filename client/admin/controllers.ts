import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Runs `fn` once input has been quiet for `ms`; the pending call is dropped when the host leaves the page. */
export class DebounceController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly ms: number,
    private readonly fn: () => void,
  ) {
    host.addController(this);
  }

  trigger(): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fn();
    }, this.ms);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }
}

/** A clock that re-renders its host every `ms` while on the page (countdowns, "12 s ago"). */
export class ClockController implements ReactiveController {
  now = Date.now();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ms = 1000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.now = Date.now();
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.host.requestUpdate();
    }, this.ms);
  }

  hostDisconnected(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

/** "m:ss" (or "h:mm:ss") for a duration in ms, never negative. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * Calls `fn` at the moments asked for with `at(ms since epoch)`: one timer for the soonest, moments that are due
 * together make one call. Pending moments are dropped when the host leaves the page (and `clear()`).
 */
export class DueController implements ReactiveController {
  private readonly moments = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private armedFor = Infinity;

  constructor(
    host: ReactiveControllerHost,
    private readonly fn: () => void,
  ) {
    host.addController(this);
  }

  at(time: number): void {
    this.moments.add(time);
    this.arm();
  }

  clear(): void {
    this.moments.clear();
    this.disarm();
  }

  private arm(): void {
    const next = Math.min(...this.moments);
    if (next === Infinity || next >= this.armedFor) return;
    this.disarm();
    this.armedFor = next;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next - Date.now()));
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = Infinity;
    const now = Date.now();
    for (const m of [...this.moments]) if (m <= now) this.moments.delete(m);
    this.fn();
    this.arm();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.clear();
  }
}
