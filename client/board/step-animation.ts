import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Steps 0…total over `durationMs` on animation frames (after `holdMs`); cancelled when the host leaves. */
export class StepAnimation implements ReactiveController {
  step = 0;
  total = 0;
  running = false;
  private frame = 0;
  private startedAt = 0;
  private durationMs = 0;
  private holdMs = 0;
  private onStep: (step: number) => void = () => {};
  private onDone: () => void = () => {};

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  start(total: number, options: { durationMs: number; holdMs?: number; onStep: (step: number) => void; onDone: () => void }): void {
    this.stop();
    this.total = total;
    this.durationMs = options.durationMs;
    this.holdMs = options.holdMs ?? 0;
    this.onStep = options.onStep;
    this.onDone = options.onDone;
    if (total <= 0 || matchMedia('(prefers-reduced-motion: reduce)').matches) {
      this.finish();
      return;
    }
    this.step = 0;
    this.running = true;
    this.startedAt = performance.now();
    this.onStep(0);
    this.frame = requestAnimationFrame(this.tick);
  }

  /** Jumps to the end. */
  finish(): void {
    this.stop();
    this.step = this.total;
    this.onStep(this.total);
    this.onDone();
  }

  stop(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.running = false;
  }

  private readonly tick = (now: number) => {
    const elapsed = now - this.startedAt - this.holdMs;
    const step = elapsed <= 0 ? 0 : Math.min(this.total, Math.floor((elapsed / this.durationMs) * this.total) + 1);
    if (step !== this.step) {
      this.step = step;
      this.onStep(step);
    }
    if (step >= this.total) {
      this.running = false;
      this.frame = 0;
      this.onDone();
      return;
    }
    this.frame = requestAnimationFrame(this.tick);
  };
}
