import { LitElement, css, html, type PropertyValues } from 'lit';
import { Chart, LineElement, LinearScale, PointElement, ScatterController, type ChartConfiguration, type ChartDataset, type Plugin, type ScatterDataPoint } from 'chart.js';
import type { PublicLevel, ReferencePath, Reveal } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import { coords } from '../common/format.ts';
import { ChartController } from '../common/chart-controller.ts';
import { contourLevels, contourSegments, heatImage, type Grid, type Segment } from './contour.ts';
import { axisNames, functionOf } from './level-text.ts';
import { CURVE_COLOUR, optimizerColour, runDash, START_COLOUR, STAR_COLOUR } from './palette.ts';
import { clampInto, curveYBounds, type Bounds } from './reveal-scale.ts';
import { shownRuns } from './runs.ts';
import { StepAnimation } from './step-animation.ts';
import { boardUnit } from './unit.ts';

Chart.register(ScatterController, LineElement, PointElement, LinearScale);

type Dataset = ChartDataset<'scatter', ScatterDataPoint[]>;

const unit = boardUnit;

/** A path point on the chart: (x, f) on 1-D levels, (x, y) on 2-D levels. */
const plotPoint = (p: { x: number | number[]; fx: number }, dims: number): ScatterDataPoint => {
  const c = coords(p.x);
  return dims === 1 ? { x: c[0], y: p.fx } : { x: c[0], y: c[1] };
};

interface MapLayer {
  image: HTMLCanvasElement;
  grid: Grid;
  contours: Segment[][];
}

/** Draws a 2-D level's heat map and contour lines under the paths. */
const mapPlugin: Plugin<'scatter'> = {
  id: 'gdMap',
  beforeDatasetsDraw(chart) {
    const layer = (chart.options.plugins as { gdMap?: { layer: MapLayer | null } }).gdMap?.layer;
    if (!layer) return;
    const { ctx, chartArea, scales } = chart;
    const { xs, ys } = layer.grid;
    const dx = (xs[xs.length - 1] - xs[0]) / Math.max(1, xs.length - 1) / 2;
    const dy = (ys[ys.length - 1] - ys[0]) / Math.max(1, ys.length - 1) / 2;
    const left = scales.x.getPixelForValue(xs[0] - dx);
    const right = scales.x.getPixelForValue(xs[xs.length - 1] + dx);
    const top = scales.y.getPixelForValue(ys[ys.length - 1] + dy);
    const bottom = scales.y.getPixelForValue(ys[0] - dy);
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(layer.image, left, top, right - left, bottom - top);
    ctx.lineWidth = 1.2;
    layer.contours.forEach((segments, k) => {
      ctx.strokeStyle = k < 3 ? 'rgba(255,255,255,0.55)' : 'rgba(255,255,255,0.28)';
      ctx.beginPath();
      for (const [x1, y1, x2, y2] of segments) {
        ctx.moveTo(scales.x.getPixelForValue(x1), scales.y.getPixelForValue(y1));
        ctx.lineTo(scales.x.getPixelForValue(x2), scales.y.getPixelForValue(y2));
      }
      ctx.stroke();
    });
    ctx.restore();
  },
};

/**
 * The reveal: the true function over the domain (a curve, or a contour map on 2-D levels), every team's guesses as
 * a path in its colour, and the default-start runs on top (GD, momentum, Adam, and level 4's standardised GD
 * dashed), stepped through as an animation. The axes are the domain's (on 1-D: the curve's values and f*), never
 * a run's: a run that leaves them is cut at the edge, and a diverged run ends in a cross there.
 */
export class GdRevealChart extends LitElement {
  static override properties = {
    level: { attribute: false },
    reveal: { attribute: false },
    colours: { attribute: false },
    step: { state: true },
  };
  declare level: PublicLevel;
  declare reveal: Reveal;
  /** Team colours by team id. */
  declare colours: Map<number, string>;
  declare step: number;
  private readonly locale = new LocaleController(this);
  private readonly animation = new StepAnimation(this);
  private readonly charts = new ChartController<'scatter', ScatterDataPoint[]>(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => this.chartConfig(),
  );
  private runs: ReferencePath[] = [];
  private signature = '';
  private map: MapLayer | null = null;

  constructor() {
    super();
    this.colours = new Map();
    this.step = 0;
  }

  static override styles = [
    boardBase,
    css`
      :host {
        display: block;
        position: relative;
        min-height: 0;
        height: 100%;
      }
      .wrap {
        position: absolute;
        inset: 0;
      }
      canvas {
        display: block;
      }
      .step {
        position: absolute;
        top: calc(var(--u) * 0.4);
        right: calc(var(--u) * 0.6);
        padding: 0.15em 0.6em;
        border-radius: 999px;
        background: rgba(15, 23, 42, 0.85);
        border: 1px solid var(--b-line);
        font-size: calc(var(--u) * 1.3);
        font-weight: 700;
      }
      button {
        position: absolute;
        bottom: calc(var(--u) * 3.2);
        right: calc(var(--u) * 0.6);
        font: inherit;
        font-size: calc(var(--u) * 1.05);
        padding: 0.3em 0.9em;
        border-radius: 999px;
        border: 1px solid var(--b-line);
        background: rgba(15, 23, 42, 0.85);
        color: var(--gd-text);
        cursor: pointer;
        opacity: 0.5;
      }
      button:hover,
      button:focus-visible {
        opacity: 1;
      }
    `,
  ];

  /** Plays the optimizers' runs again from their start. */
  replay(): void {
    const total = Math.max(0, ...this.runs.map((r) => r.path.length - 1));
    // About 0.3 s a step, the whole run within 3–8 s, so 20 steps and 1000 steps both read.
    const durationMs = Math.min(8000, Math.max(3000, total * 300));
    this.dispatchEvent(new CustomEvent('reveal-start', { bubbles: true, composed: true }));
    this.animation.start(total, {
      durationMs,
      holdMs: 900,
      onStep: (step) => {
        this.step = step;
        this.applyStep();
        this.dispatchEvent(new CustomEvent('reveal-step', { detail: step, bubbles: true, composed: true }));
      },
      onDone: () => this.dispatchEvent(new CustomEvent('reveal-done', { bubbles: true, composed: true })),
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('reveal') && !changed.has('level')) return;
    const runs = this.reveal ? shownRuns(this.reveal) : [];
    const signature = `${this.level?.id}|${this.level?.dims}|${runs.map((r) => `${r.optimizer}:${r.variant ?? ''}:${r.path.length}`).join(',')}`;
    if (signature === this.signature) {
      // Same level and runs (a result arrived after the reveal): refresh team paths without restarting the animation.
      this.runs = runs;
      return;
    }
    const dimsChanged = this.signature.split('|')[1] !== String(this.level?.dims);
    this.signature = signature;
    this.runs = runs;
    const s = this.reveal?.samples;
    this.map =
      s && s.dims === 2
        ? { grid: s, image: heatImage(s), contours: contourLevels(s).map((level) => contourSegments(s, level)) }
        : null;
    if (dimsChanged) this.charts.destroy();
    this.pendingReplay = true;
  }

  private pendingReplay = false;

  private configured: Chart | null = null;

  protected override updated(changed: PropertyValues<this>): void {
    const chart = this.charts.chart;
    if (!chart) return;
    const fresh = chart !== this.configured;
    if (!fresh && !changed.has('reveal') && !changed.has('level') && !changed.has('colours')) return;
    this.configured = chart;
    this.configure(chart);
    if (this.pendingReplay) {
      this.pendingReplay = false;
      this.replay();
    } else {
      this.applyStep();
    }
  }

  /** The chart as built; the steps of the animation then change its datasets (applyStep). */
  private chartConfig(): ChartConfiguration<'scatter', ScatterDataPoint[]> | null {
    if (!this.reveal || !this.level) return null;
    const u = unit();
    const tick = { color: '#cbd5e1', font: { size: Math.round(u * 1.05) }, includeBounds: false };
    const grid = { color: 'rgba(148,163,184,0.18)' };
    const axes = axisNames(this.level);
    const title = (text: string) => ({ display: true, text, color: '#e2e8f0', font: { size: Math.round(u * 1.2), weight: 'bold' as const } });
    return {
      type: 'scatter',
      data: { datasets: [] },
      plugins: [mapPlugin],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        events: [],
        layout: { padding: { top: Math.round(u * 2.6), right: Math.round(u * 0.6) } },
        plugins: { legend: { display: false }, tooltip: { enabled: false }, gdMap: { layer: null } } as never,
        scales: {
          x: { type: 'linear', ticks: tick, grid, title: title(axes[0]) },
          y: { type: 'linear', ticks: tick, grid, title: title(this.level.dims === 1 ? functionOf(axes) : axes[1]) },
        },
        onResize: (chart) => {
          const size = Math.round(unit() * 1.05);
          for (const axis of ['x', 'y'] as const) {
            const scale = chart.options.scales?.[axis];
            if (scale?.ticks) scale.ticks.font = { size };
          }
        },
      },
    };
  }

  /** The plot's bounds: the domain, and on 1-D levels the curve's values with f* (the star is always on the chart). */
  private bounds(): { x: Bounds; y: Bounds } {
    const { level, reveal } = this;
    const [xr, yr] = level.domain as [[number, number], [number, number]?];
    if (level.dims === 2 && yr) return { x: [xr[0], xr[1]], y: [yr[0], yr[1]] };
    const y = reveal.samples.dims === 1 ? curveYBounds(reveal.samples, reveal.fStar) : ([0, 1] as Bounds);
    return { x: [xr[0], xr[1]], y };
  }

  /** Axes and the parts that do not move. */
  private configure(chart: Chart<'scatter', ScatterDataPoint[]>): void {
    const options = chart.options;
    (options.plugins as { gdMap?: { layer: MapLayer | null } }).gdMap = { layer: this.map };
    const { x, y } = this.bounds();
    this.axes = { x, y };
    const xs = options.scales!.x!;
    const ys = options.scales!.y!;
    [xs.min, xs.max] = x;
    [ys.min, ys.max] = y;
  }

  private axes: { x: Bounds; y: Bounds } = { x: [0, 1], y: [0, 1] };

  /** A point far outside the plot moved nearer (the line to it still leaves at the same edge): canvas coordinates stay sane. */
  private near(p: ScatterDataPoint): ScatterDataPoint {
    const { x, y } = this.axes;
    const room = (b: Bounds): Bounds => [b[0] - 4 * (b[1] - b[0]), b[1] + 4 * (b[1] - b[0])];
    return clampInto(p.x ?? NaN, p.y ?? NaN, room(x), room(y));
  }

  private datasets(): Dataset[] {
    const { level, reveal } = this;
    const dims = level.dims;
    const out: Dataset[] = [];
    const u = unit();
    if (reveal.samples.dims === 1) {
      const { xs, fx } = reveal.samples;
      out.push({
        data: xs.map((x, i) => ({ x, y: fx[i] })),
        showLine: true,
        borderColor: CURVE_COLOUR,
        borderWidth: Math.max(2, u * 0.22),
        pointRadius: 0,
        order: 100,
      });
    }
    for (const team of reveal.paths) {
      if (team.path.length === 0) continue;
      const colour = this.colours.get(team.teamId) ?? '#94a3b8';
      out.push({
        data: team.path.map((p) => this.near(plotPoint(p, dims))),
        showLine: true,
        borderColor: colour.replace(/, 1\)$/, ', 0.55)'),
        borderWidth: Math.max(1.5, u * 0.12),
        pointRadius: Math.max(3, u * 0.3),
        pointBackgroundColor: colour,
        pointBorderColor: 'rgba(0,0,0,0.6)',
        pointBorderWidth: 1,
        order: 50,
      });
    }
    const start = this.runs[0]?.path[0];
    if (start) {
      out.push({
        data: [plotPoint(start, dims)],
        pointRadius: u * 0.75,
        pointBackgroundColor: 'rgba(0,0,0,0)',
        pointBorderColor: START_COLOUR,
        pointBorderWidth: Math.max(2, u * 0.18),
        order: 5,
      });
    }
    for (const run of this.runs) {
      const shown = run.path.slice(0, Math.min(run.path.length, this.step + 1)).filter((p) => Number.isFinite(p.fx));
      const data = shown.map((p) => this.near(plotPoint(p, dims)));
      const colour = optimizerColour(run.optimizer);
      out.push({ data, showLine: true, borderColor: 'rgba(2,6,23,0.85)', borderWidth: u * 0.62, pointRadius: 0, order: 12 });
      out.push({
        data,
        showLine: true,
        borderColor: colour,
        borderWidth: u * 0.32,
        borderDash: runDash(run.variant).map((d) => (d * u) / 10),
        pointRadius: u * 0.22,
        pointBackgroundColor: colour,
        pointBorderWidth: 0,
        order: 11,
      });
      const head = data[data.length - 1];
      if (head && run.diverged && this.step >= run.path.length - 1) {
        // Diverged: a cross where the run left (on the plot's edge when it left the plot).
        const at = clampInto(head.x ?? NaN, head.y ?? NaN, this.axes.x, this.axes.y);
        out.push({
          data: [at],
          pointStyle: 'crossRot',
          pointRadius: u * 0.9,
          pointBorderColor: colour,
          pointBorderWidth: Math.max(3, u * 0.3),
          order: 2,
        });
      } else if (head) {
        out.push({
          data: [head],
          pointRadius: u * 0.62,
          pointBackgroundColor: colour,
          pointBorderColor: '#020617',
          pointBorderWidth: Math.max(2, u * 0.15),
          order: 2,
        });
      }
    }
    const argmin = coords(reveal.argmin);
    out.push({
      data: [dims === 1 ? { x: argmin[0], y: reveal.fStar } : { x: argmin[0], y: argmin[1] }],
      pointStyle: 'star',
      pointRadius: u * 1.0,
      pointBorderColor: STAR_COLOUR,
      pointBackgroundColor: STAR_COLOUR,
      pointBorderWidth: Math.max(2, u * 0.2),
      order: 1,
    });
    return out;
  }

  private applyStep(): void {
    const chart = this.charts.chart;
    if (!chart || !this.reveal) return;
    chart.data.datasets = this.datasets();
    chart.update('none');
  }

  override render() {
    const total = Math.max(0, ...this.runs.map((r) => r.path.length - 1));
    return html`<div class="wrap"><canvas role="img" aria-label=${t('board.reveal.chartLabel')}></canvas></div>
      ${total > 0
        ? html`<div class="step num" data-testid="step">${t('board.reveal.step', { step: Math.min(this.step, total), total })}</div>
            <button type="button" @click=${() => this.replay()}>${t('board.reveal.replay')}</button>`
        : ''}`;
  }
}
customElements.define('gd-reveal-chart', GdRevealChart);

declare global {
  interface HTMLElementTagNameMap {
    'gd-reveal-chart': GdRevealChart;
  }
}
