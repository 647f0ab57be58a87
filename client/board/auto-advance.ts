import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A deadline with a visible countdown: fires once unless cancelled; ticks its host each second meanwhile. */
export class AutoAdvance implements ReactiveController {
  private due: number | null = null;
  private interval: ReturnType<typeof setInterval> | null = null;
  private onFire: () => void = () => {};

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }

  get pending(): boolean {
    return this.due !== null;
  }

  /** Whole seconds left, or null when nothing is pending. */
  get secondsLeft(): number | null {
    return this.due === null ? null : Math.max(0, Math.ceil((this.due - Date.now()) / 1000));
  }

  start(ms: number, onFire: () => void): void {
    this.cancel();
    this.due = Date.now() + ms;
    this.onFire = onFire;
    this.interval = setInterval(() => {
      if (this.due !== null && Date.now() >= this.due) {
        this.cancel();
        this.onFire();
      }
      this.host.requestUpdate();
    }, 1000);
  }

  cancel(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    if (this.due !== null) {
      this.due = null;
      this.host.requestUpdate();
    }
  }
}
