import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Chart, type ChartConfiguration, type ChartType, type DefaultDataPoint } from 'chart.js';

/**
 * One Chart.js instance owned by a Lit element, for the three pages: built after the first render that has a
 * canvas, fed `config()` again after renders that called `invalidate()` (or after every render with
 * `everyUpdate`), rebuilt when the canvas is a new one, destroyed when the element leaves the page. A host that
 * changes its chart itself (the board's step animation) reads `chart` and never invalidates.
 *
 * Each page registers the Chart.js pieces it draws (everything is bundled: a classroom may be offline).
 */
export class ChartController<TType extends ChartType = ChartType, TData = DefaultDataPoint<TType>> implements ReactiveController {
  chart: Chart<TType, TData> | null = null;
  private dirty = true;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly canvas: () => HTMLCanvasElement | null | undefined,
    private readonly config: () => ChartConfiguration<TType, TData> | null,
    private readonly options: { everyUpdate?: boolean } = {},
  ) {
    host.addController(this);
  }

  /** The data or options changed: feed them to the chart after the next render. */
  invalidate(): void {
    this.dirty = true;
  }

  hostConnected(): void {
    // Re-attached after a move in the DOM (the chart was dropped on leaving): draw again on the next update.
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const canvas = this.canvas();
    if (!canvas) {
      this.destroy();
      return;
    }
    if (this.chart && this.chart.canvas !== canvas) this.destroy();
    if (this.chart && !this.dirty && !this.options.everyUpdate) return;
    const config = this.config();
    this.dirty = false;
    if (!config) {
      this.destroy();
      return;
    }
    if (!this.chart) {
      this.chart = new Chart<TType, TData>(canvas, config);
      return;
    }
    this.chart.data = config.data;
    if (config.options) this.chart.options = config.options;
    this.chart.update('none');
  }

  hostDisconnected(): void {
    this.destroy();
  }

  /** Drops the chart (say, when a level changes from 1-D to 2-D); the next render builds a new one. */
  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
    this.dirty = true;
  }
}
