import { LitElement, css, html, type PropertyValues } from 'lit';
import type { Chart, ChartConfiguration, ChartDataset, Plugin, TooltipItem } from 'chart.js';
import type { CurveSamples, Point } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { ChartController } from '../common/chart-controller.ts';
import './chart-setup.ts';
import { adminStyles } from './styles.ts';
import { countBelow, paintGrid, sortedFinite } from '../common/heat.ts';

/** A set of points to draw over the function: a team's guesses or an optimizer's path. */
export interface PlotSeries {
  id: string;
  label: string;
  color: string;
  points: { x: Point; fx: number }[];
  kind: 'points' | 'path';
  dashed?: boolean;
}

interface XY {
  x: number;
  y: number;
  fx: number;
  label: string;
}

const coord = (p: Point, i: number): number => (Array.isArray(p) ? p[i] : i === 0 ? p : NaN);

// Viridis stops: dark valleys, bright ridges; readable with bright team dots on top.
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

function viridis(t: number): [number, number, number] {
  const s = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(s));
  const f = s - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** Round axis bounds a little beyond [min, max], so the ticks read 0, 10, 20 rather than −0.9 and 40.9. */
function niceBounds(min: number, max: number): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const span = max - min || Math.abs(max) || 1;
  const raw = span / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const lo = Math.floor((min - span * 0.04) / step) * step;
  const hi = Math.ceil((max + span * 0.04) / step) * step;
  return [lo, hi];
}

/**
 * The heat map of a 2-D function, coloured by rank (histogram-equalised) so both a narrow valley and a
 * steep wall stay visible.
 */
function heatImage(samples: Extract<CurveSamples, { dims: 2 }>): HTMLCanvasElement {
  const flat = sortedFinite(samples.values);
  const rank = (v: number): number => {
    if (!Number.isFinite(v) || flat.length === 0) return 1;
    return flat.length === 1 ? 0.5 : countBelow(flat, v) / (flat.length - 1);
  };
  return paintGrid(samples.values, samples.xs.length, samples.ys.length, (v) => viridis(rank(v)));
}

/**
 * A plot of a level's function with points and paths over it: a curve f(x) on 1-D levels, a heat map over
 * (x, y) on 2-D levels. The star marks the global minimum.
 */
export class GdFunctionPlot extends LitElement {
  static override properties = {
    samples: { attribute: false },
    series: { attribute: false },
    argmin: { attribute: false },
    fStar: { type: Number },
    label: { type: String },
    axes: { attribute: false },
  };
  declare samples: CurveSamples | null;
  declare series: PlotSeries[];
  declare argmin: Point | null;
  declare fStar: number | null;
  declare label: string;
  /** The inputs' names for the axis titles (the level's axes: x, or a and b). */
  declare axes: readonly string[];

  private readonly locale = new LocaleController(this);
  private heat: HTMLCanvasElement | null = null;
  private readonly chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => this.chartConfig(),
  );

  constructor() {
    super();
    this.samples = null;
    this.series = [];
    this.argmin = null;
    this.fStar = null;
    this.label = '';
    this.axes = ['x', 'y'];
  }

  static override styles = [
    adminStyles,
    css`
      :host {
        position: relative;
        min-height: 160px;
      }
      .wrap {
        position: absolute;
        inset: 0;
      }
      .legend {
        position: absolute;
        right: 8px;
        top: 6px;
        display: flex;
        align-items: center;
        gap: 0.3rem;
        font-size: 0.72rem;
        color: #cbd5e1;
        pointer-events: none;
      }
      .ramp {
        width: 70px;
        height: 8px;
        border-radius: 4px;
        background: linear-gradient(90deg, #440154, #3b518b, #21908d, #5cc863, #fde725);
      }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('samples')) this.heat = this.samples?.dims === 2 ? heatImage(this.samples) : null;
    this.chart.invalidate();
  }

  private readonly heatPlugin: Plugin = {
    id: 'gdHeatmap',
    beforeDatasetsDraw: (chart: Chart) => {
      const samples = this.samples;
      if (!this.heat || samples?.dims !== 2) return;
      const { ctx, chartArea, scales } = chart;
      const x0 = scales.x.getPixelForValue(samples.xs[0]);
      const x1 = scales.x.getPixelForValue(samples.xs[samples.xs.length - 1]);
      const y0 = scales.y.getPixelForValue(samples.ys[samples.ys.length - 1]);
      const y1 = scales.y.getPixelForValue(samples.ys[0]);
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
      ctx.clip();
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.heat, x0, y0, x1 - x0, y1 - y0);
      ctx.restore();
    },
  };

  private chartConfig(): ChartConfiguration | null {
    const samples = this.samples;
    if (!samples) return null;
    const two = samples.dims === 2;
    const datasets: ChartDataset<'line' | 'scatter', XY[]>[] = [];
    let yMin = Infinity;
    let yMax = -Infinity;

    if (samples.dims === 1) {
      const data: XY[] = [];
      samples.xs.forEach((x, i) => {
        const fx = samples.fx[i];
        if (!Number.isFinite(fx)) return;
        yMin = Math.min(yMin, fx);
        yMax = Math.max(yMax, fx);
        data.push({ x, y: fx, fx, label: 'f' });
      });
      datasets.push({
        type: 'line',
        label: 'f(x)',
        data,
        borderColor: '#94a3b8',
        borderWidth: 2,
        pointRadius: 0,
        pointHitRadius: 0,
        order: 100,
      });
    }

    for (const s of this.series) {
      const data = s.points
        .map((p): XY => (two ? { x: coord(p.x, 0), y: coord(p.x, 1), fx: p.fx, label: s.label } : { x: coord(p.x, 0), y: p.fx, fx: p.fx, label: s.label }))
        .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      const path = s.kind === 'path';
      datasets.push({
        type: path ? 'line' : 'scatter',
        label: s.label,
        data,
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: path ? 2 : 1.5,
        borderDash: s.dashed ? [6, 4] : [],
        pointRadius: path ? 2.5 : 5,
        pointHoverRadius: path ? 4 : 7,
        pointBorderColor: path ? s.color : '#0f172a',
        showLine: path,
        order: path ? 10 : 1,
      } as ChartDataset<'line' | 'scatter', XY[]>);
    }

    if (this.argmin !== null) {
      const fStar = this.fStar ?? NaN;
      const star: XY = two
        ? { x: coord(this.argmin, 0), y: coord(this.argmin, 1), fx: fStar, label: 'f*' }
        : { x: coord(this.argmin, 0), y: fStar, fx: fStar, label: 'f*' };
      datasets.push({
        type: 'scatter',
        label: 'f*',
        data: [star],
        pointStyle: 'star',
        pointRadius: 11,
        pointHoverRadius: 12,
        borderColor: '#fde047',
        backgroundColor: '#fde047',
        borderWidth: 2.5,
        order: 0,
      });
    }

    const xs = samples.xs;
    const [lo, hi] = niceBounds(yMin, yMax);
    const [xName, yName] = [this.axes[0] ?? 'x', this.axes[1] ?? 'y'];
    const yScale = two
      ? { min: samples.ys[0], max: samples.ys[samples.ys.length - 1], title: { display: true, text: yName } }
      : // keep the curve in view even when a diverged reference path flies off
        { min: lo, max: hi, title: { display: true, text: `f(${xName})` } };

    return {
      type: 'scatter',
      data: { datasets: datasets as ChartDataset<'scatter', XY[]>[] },
      plugins: [this.heatPlugin],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        clip: 4,
        layout: { padding: { top: two ? 18 : 6, right: 8 } },
        scales: {
          x: { type: 'linear', min: xs[0], max: xs[xs.length - 1], title: { display: true, text: xName }, grid: { color: two ? 'rgba(0,0,0,0)' : '#243247' } },
          y: { type: 'linear', ...yScale, grid: { color: two ? 'rgba(0,0,0,0)' : '#243247' } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<'scatter'>) => {
                const p = item.raw as XY;
                const where = two ? `${xName} = ${num(p.x)}, ${yName} = ${num(p.y)}` : `${xName} = ${num(p.x)}`;
                return `${p.label}: ${where}  f = ${num(p.fx)}`;
              },
            },
          },
        },
      },
    } as ChartConfiguration;
  }

  override render() {
    return html`<div class="wrap"><canvas role="img" aria-label=${this.label || t('admin.plot.label')}></canvas></div>
      ${this.samples?.dims === 2
        ? html`<div class="legend" aria-hidden="true">${t('admin.plot.low')}<span class="ramp"></span>${t('admin.plot.high')}</div>`
        : null}`;
  }
}
customElements.define('gd-function-plot', GdFunctionPlot);

declare global {
  interface HTMLElementTagNameMap {
    'gd-function-plot': GdFunctionPlot;
  }
}
