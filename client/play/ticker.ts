import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host every `periodMs` while `active()` holds (countdowns, the login wait); the interval exists only
 * while it is needed and never outlives the host.
 */
export class Ticker implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly periodMs: number,
    private readonly active: () => boolean = () => true,
    private readonly onTick?: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostUpdated(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  private sync(): void {
    const want = this.connected && this.active();
    if (want && this.timer === undefined) {
      this.timer = setInterval(() => {
        this.onTick?.();
        this.host.requestUpdate();
      }, this.periodMs);
    } else if (!want) {
      this.stop();
    }
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
