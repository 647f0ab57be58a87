import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Whether the pointer has rested for `afterMs`: the projector hides its buttons until someone moves the mouse. */
export class IdleController implements ReactiveController {
  idle = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly afterMs: number,
    private readonly onActivity: () => void = () => {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of ['pointermove', 'pointerdown', 'keydown'] as const) window.addEventListener(type, this.wake, { passive: true });
    this.wake();
  }

  hostDisconnected(): void {
    for (const type of ['pointermove', 'pointerdown', 'keydown'] as const) window.removeEventListener(type, this.wake);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly wake = (event?: Event) => {
    if (event) this.onActivity();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.idle = true;
      this.host.requestUpdate();
    }, this.afterMs);
    if (this.idle) {
      this.idle = false;
      this.host.requestUpdate();
    }
  };
}
