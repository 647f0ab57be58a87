import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only the pieces the admin page draws: curves, scatter points, paths, a log axis for loss curves.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);
Chart.defaults.color = '#cbd5e1';
Chart.defaults.borderColor = '#2b3a50';
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'Microsoft JhengHei', sans-serif";
Chart.defaults.animation = false;

/**
 * A Chart.js instance owned by a Lit element: built after the first render that has a canvas, rebuilt from
 * `config()` after renders that called `invalidate()`, destroyed when the element leaves the page.
 */
export class ChartController implements ReactiveController {
  private chart: Chart | null = null;
  private dirty = true;

  constructor(
    host: ReactiveControllerHost,
    private readonly canvas: () => HTMLCanvasElement | null,
    private readonly config: () => ChartConfiguration | null,
  ) {
    host.addController(this);
  }

  /** The data or options changed: redraw after the next render. */
  invalidate(): void {
    this.dirty = true;
  }

  hostUpdated(): void {
    const canvas = this.canvas();
    if (!canvas) {
      this.destroy();
      return;
    }
    if (this.chart && this.chart.canvas !== canvas) this.destroy();
    if (!this.dirty && this.chart) return;
    this.dirty = false;
    const config = this.config();
    if (!config) {
      this.destroy();
      return;
    }
    if (!this.chart) {
      this.chart = new Chart(canvas, config);
      return;
    }
    this.chart.data = config.data;
    if (config.options) this.chart.options = config.options;
    this.chart.update('none');
  }

  hostDisconnected(): void {
    this.destroy();
    this.dirty = true;
  }

  private destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
