import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Chart } from 'chart.js';

/** A Chart.js instance owned by an element: created once its canvas is rendered, destroyed when the element leaves. */
export class ChartController<C extends Chart = Chart> implements ReactiveController {
  chart: C | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly canvas: () => HTMLCanvasElement | null,
    private readonly create: (canvas: HTMLCanvasElement) => C | null,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.chart) return;
    const canvas = this.canvas();
    if (canvas) this.chart = this.create(canvas);
  }

  hostDisconnected(): void {
    this.destroy();
  }

  /** Drops the chart (e.g. when the level changes from 1-D to 2-D); the next update builds a new one. */
  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
