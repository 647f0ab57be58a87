import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Keyboard shortcuts for whoever drives the projector; ignored while typing or with modifier keys. */
export class KeysController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly bindings: Record<string, () => void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.onKey);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.onKey);
  }

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    const action = this.bindings[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  };
}
