import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Chart, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, type ChartConfiguration } from 'chart.js';

// Only the pieces the play page draws; everything is bundled (no CDN in a classroom that may be offline).
Chart.register(ScatterController, LineController, PointElement, LineElement, LinearScale, Tooltip);

/**
 * Owns one Chart.js instance for a Lit element: created once the canvas is rendered, fed a fresh configuration after
 * every update of the host, destroyed when the host leaves the page.
 */
export class ChartController implements ReactiveController {
  chart: Chart<'scatter'> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly canvas: () => HTMLCanvasElement | null | undefined,
    private readonly config: () => ChartConfiguration<'scatter'>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Re-attached after a move in the DOM: draw again on the next update.
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const canvas = this.canvas();
    if (!canvas) return;
    const config = this.config();
    if (!this.chart || this.chart.canvas !== canvas) {
      this.chart?.destroy();
      this.chart = new Chart(canvas, config);
      return;
    }
    this.chart.data = config.data;
    if (config.options) this.chart.options = config.options;
    this.chart.update('none');
  }

  hostDisconnected(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
