import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { Chart, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, type ChartConfiguration, type ChartDataset, type Plugin, type Scale, type ScatterDataPoint, type TooltipItem } from 'chart.js';
import type { DataSet, Domain, GuessView, Reveal } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { ChartController } from '../common/chart-controller.ts';
import type { Comparison } from './comparison.ts';
import { chronological, coordsOf as coords, fOf, msUntil, namedPoint, pointName, secondsLeft } from './format.ts';
import { runColour, runName, runSettings } from './labels.ts';
import { COLORS, colormap, colormapRgb, rankScale } from './plot-colors.ts';
import { Ticker } from './ticker.ts';
import { baseStyles } from './base-styles.ts';
import { paintGrid } from '../common/heat.ts';
// The data view of a regression level comes with the plot (both hold Chart.js, loaded after login).
import './gd-regression-plot.ts';

// Only the pieces the play page draws.
Chart.register(ScatterController, LineController, PointElement, LineElement, LinearScale, Tooltip);

interface PointMeta {
  n: number;
  guess: GuessView;
}

type XY = ScatterDataPoint;

/** A dash for variants of an optimizer (GD on the standardised feature): the same colour, told apart by the line. */
const VARIANT_DASH = [10, 6];

/**
 * The coordinate plot of a level, in the level's own axis names: every guess as a point with a short tangent (1-D)
 * or an arrow along −gradient (2-D, points coloured by f), the best one starred, the pending one with its countdown;
 * after the reveal the true curve or heat map, the team's path and the reference optimizers' paths, each named with
 * its settings. Tapping the plot proposes a point. A regression level (one with a data set) opens on its data view
 * (<gd-regression-plot>: the points and the guessed lines), with the parameter plane one tab away.
 *
 * @fires gd-pick - detail `{ x: number[] }`: the point under a tap or click, rounded to the domain's scale.
 */
export class GdGuessPlot extends LitElement {
  static override properties = {
    dims: { type: Number },
    domain: { attribute: false },
    axes: { attribute: false },
    data: { attribute: false },
    view: { state: true },
    guesses: { attribute: false },
    bestId: { attribute: false },
    draft: { attribute: false },
    reveal: { attribute: false },
    comparison: { attribute: false },
    offsetMs: { type: Number },
  };
  declare dims: 1 | 2;
  declare domain: Domain;
  /** The names of the level's inputs (x; x, y; a, b). */
  declare axes: string[];
  /** The level's data set: a regression level, shown first as data and lines. */
  declare data: DataSet | null;
  /** Which view a regression level shows: its data and lines, or the parameter plane. */
  declare view: 'data' | 'plane';
  declare guesses: GuessView[];
  declare bestId: number | null;
  /** The valid x typed in the input but not sent yet, shown as a faint marker. */
  declare draft: number[] | null;
  declare reveal: Reveal | null;
  declare comparison: Comparison | null;
  declare offsetMs: number;

  private readonly locale = new LocaleController(this);
  private readonly ticker = new Ticker(this, 500, () => this.pending() !== null);
  private readonly chart = new ChartController(
    this,
    () => this.renderRoot.querySelector<HTMLCanvasElement>('canvas.plane'),
    () => this.chartConfig(),
    { everyUpdate: true },
  );
  private meta = new Map<string, PointMeta>();
  private heat: { canvas: HTMLCanvasElement; xs: number[]; ys: number[] } | null = null;
  private fScale: (f: number) => number = () => 0.5;
  private small = false;

  constructor() {
    super();
    this.dims = 1;
    this.domain = [[-1, 1]];
    this.axes = ['x'];
    this.data = null;
    this.view = 'data';
    this.guesses = [];
    this.bestId = null;
    this.draft = null;
    this.reveal = null;
    this.comparison = null;
    this.offsetMs = 0;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .frame {
        position: relative;
        height: var(--gd-plot-height, 320px);
        background: #0b1222;
        border-radius: 12px;
        border: 1px solid #334155;
        padding: 6px 6px 2px 2px;
      }
      canvas {
        cursor: crosshair;
      }
      .empty {
        position: absolute;
        inset: 30% 10% auto 10%;
        text-align: center;
        color: var(--gd-muted, #94a3b8);
        font-size: 0.95rem;
        pointer-events: none;
      }
      .key {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.9rem;
        margin: 0.45rem 0.2rem 0;
        font-size: 0.82rem;
        color: #cbd5e1;
      }
      .key span {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        overflow-wrap: anywhere;
      }
      .dot,
      .line,
      .bar {
        display: inline-block;
        flex: none;
      }
      .dot {
        width: 0.65rem;
        height: 0.65rem;
        border-radius: 50%;
      }
      .line {
        width: 1.2rem;
        height: 3px;
        border-radius: 2px;
      }
      .dashed {
        background: none !important;
        border-top: 2px dashed currentColor;
        height: 0;
      }
      .ramp {
        border: 1.5px solid #f8fafc;
        background: linear-gradient(135deg, ${unsafeCSS(colormap(0.1))}, ${unsafeCSS(colormap(0.9))});
      }
      .tabs {
        display: flex;
        gap: 0.35rem;
        margin: 0 0 0.45rem;
      }
      .tabs button {
        flex: 1 1 0;
        min-width: 0;
        font: inherit;
        font-size: 0.9rem;
        font-weight: 700;
        padding: 0.4rem 0.6rem;
        border-radius: 999px;
        border: 1px solid #475569;
        background: transparent;
        color: #cbd5e1;
        cursor: pointer;
      }
      .tabs button[aria-selected='true'] {
        background: var(--gd-accent, #38bdf8);
        border-color: var(--gd-accent, #38bdf8);
        color: #0b1222;
      }
      .bar {
        width: 4.5rem;
        height: 0.6rem;
        border-radius: 3px;
        background: linear-gradient(to right, ${unsafeCSS([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1].map((v) => colormap(v)).join(', '))});
      }
    `,
  ];

  /** The pending guess, if any (one per team per level). */
  private pending(): GuessView | null {
    return this.guesses.find((g) => g.status === 'pending') ?? null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('reveal')) this.heat = this.reveal?.samples.dims === 2 ? buildHeat(this.reveal.samples) : null;
    if (changed.has('reveal') || changed.has('guesses')) {
      const samples = this.reveal?.samples;
      const values = samples?.dims === 2 ? samples.values.flat() : this.guesses.filter((g) => g.fx !== undefined).map((g) => g.fx as number);
      this.fScale = rankScale(values);
    }
  }

  override render() {
    if (this.data && this.view === 'data') {
      return html`${this.renderTabs()}
        <gd-regression-plot
          .data=${this.data}
          .axes=${this.axes}
          .guesses=${this.guesses}
          .bestId=${this.bestId}
          .draft=${this.draft}
          .reveal=${this.reveal}
        ></gd-regression-plot>`;
    }
    const ready = this.guesses.some((g) => g.status === 'ready');
    return html`
      ${this.data ? this.renderTabs() : nothing}
      <div class="frame">
        <canvas class="plane" role="img" aria-label=${t('plot.aria')}></canvas>
        ${this.guesses.length === 0 && !this.reveal ? html`<div class="empty">${t('plot.empty', { names: pointName(this.axes) })}</div>` : nothing}
      </div>
      <div class="key" data-testid="plot-key">${this.renderKey(ready)}</div>
    `;
  }

  private renderTabs() {
    const tab = (view: 'data' | 'plane', label: string) =>
      html`<button type="button" role="tab" data-view=${view} aria-selected=${this.view === view ? 'true' : 'false'} @click=${() => (this.view = view)}>${label}</button>`;
    return html`<div class="tabs" role="tablist" aria-label=${t('plot.views')}>
      ${tab('data', t('plot.view.data'))} ${tab('plane', t('plot.view.plane', { names: pointName(this.axes) }))}
    </div>`;
  }

  private renderKey(ready: boolean) {
    const items = [];
    if (this.dims === 2) {
      items.push(html`<span><i class="bar"></i>${t('plot.key.lowHigh')}</span>`);
    }
    if (ready || this.guesses.length > 0) {
      items.push(html`<span><i class=${this.dims === 2 ? 'dot ramp' : 'dot'} style=${this.dims === 2 ? '' : `background:${COLORS.guess}`}></i>${t('plot.key.guess')}</span>`);
      items.push(html`<span style="color:${COLORS.best}">★ ${t('plot.key.best')}</span>`);
      items.push(
        this.dims === 1
          ? html`<span><i class="line" style="background:${COLORS.tangent}"></i>${t('plot.key.tangent')}</span>`
          : html`<span>➜ ${t('plot.key.descent')}</span>`,
      );
    }
    if (this.pending()) items.push(html`<span style="color:${COLORS.pending}"><i class="line dashed"></i>${t('plot.key.pending')}</span>`);
    if (this.reveal) {
      if (this.dims === 1) items.push(html`<span><i class="line" style="background:${COLORS.curve}"></i>${t('plot.key.curve', { f: fOf(this.axes) })}</span>`);
      items.push(html`<span style="color:${COLORS.argmin}">▲ ${t('plot.key.min')}</span>`);
      if ((this.comparison?.teamPath.length ?? 0) > 1) items.push(html`<span><i class="line dashed" style="color:${COLORS.guess}"></i>${t('plot.key.yourPath')}</span>`);
      for (const run of this.comparison?.runs ?? []) {
        const colour = runColour(run);
        items.push(
          html`<span data-run=${run.variant ? `${run.optimizer}-${run.variant}` : run.optimizer}
            ><i class=${run.variant ? 'line dashed' : 'line'} style=${run.variant ? `color:${colour}` : `background:${colour}`}></i>${t('plot.key.run', {
              name: runName(run),
              settings: runSettings(run),
            })}</span
          >`,
        );
      }
    }
    return items;
  }

  // ---------- Chart.js configuration ----------

  private chartConfig(): ChartConfiguration<'scatter'> {
    this.meta = new Map();
    const datasets: ChartDataset<'scatter'>[] = [];
    const [xDomain, yDomain] = this.domain;
    const twoD = this.dims === 2;
    const xy = (x: number[], f: number): XY => (twoD ? { x: x[0], y: x[1] } : { x: x[0], y: f });
    const reveal = this.reveal;

    if (reveal && reveal.samples.dims === 1) {
      const { xs, fx } = reveal.samples;
      datasets.push(line('curve', xs.map((x, i) => ({ x, y: fx[i] })), COLORS.curve, { width: 2.5 }));
    }
    if (reveal && this.comparison) {
      for (const run of this.comparison.runs) {
        const data = run.path.map((p) => xy(coords(p.x), p.fx));
        const label = run.variant ? `${run.optimizer}-${run.variant}` : run.optimizer;
        // A dark halo under each path keeps it readable over any colour of the heat map.
        if (twoD) datasets.push(line(`${label}-halo`, data, 'rgba(11, 18, 34, 0.85)', { width: 5.5 }));
        datasets.push(line(label, data, runColour(run), { points: 3, ...(run.variant ? { dash: VARIANT_DASH } : {}) }));
      }
      if (this.comparison.teamPath.length > 1) {
        datasets.push(line('team', this.comparison.teamPath.map((p) => xy(coords(p.x), p.fx)), COLORS.guess, { width: 2, dash: [6, 4] }));
      }
    }

    const ready = chronological(this.guesses).filter((g) => g.status === 'ready' && g.fx !== undefined);
    const numbered = new Map(chronological(this.guesses).map((g, i) => [g.id, i + 1]));
    const others = ready.filter((g) => g.id !== this.bestId);
    const best = ready.find((g) => g.id === this.bestId);
    const guessData = others.map((g) => xy(coords(g.x), g.fx as number));
    const guessSet: ChartDataset<'scatter'> = {
      label: 'guesses',
      data: guessData,
      pointRadius: twoD ? 6 : 5,
      pointHoverRadius: 8,
      pointBackgroundColor: twoD ? others.map((g) => colormap(this.fScale(g.fx as number))) : COLORS.guess,
      pointBorderColor: twoD ? '#f8fafc' : '#0b1222',
      pointBorderWidth: twoD ? 1.5 : 1,
    };
    datasets.push(guessSet);
    others.forEach((g, i) => this.meta.set(`${datasets.length - 1}:${i}`, { n: numbered.get(g.id) ?? 0, guess: g }));
    if (best) {
      datasets.push({
        label: 'best',
        data: [xy(coords(best.x), best.fx as number)],
        pointStyle: 'star',
        pointRadius: 10,
        pointHoverRadius: 12,
        pointBorderWidth: 2.5,
        pointBorderColor: COLORS.best,
        pointBackgroundColor: COLORS.best,
      });
      this.meta.set(`${datasets.length - 1}:0`, { n: numbered.get(best.id) ?? 0, guess: best });
    }
    if (reveal) {
      datasets.push({
        label: 'min',
        data: [xy(coords(reveal.argmin), reveal.fStar)],
        pointStyle: 'triangle',
        pointRadius: 8,
        pointBackgroundColor: COLORS.argmin,
        pointBorderColor: '#0b1222',
      });
    }

    const yRange = twoD ? (yDomain as [number, number]) : this.fRange(ready);
    const small = this.clientWidth > 0 && this.clientWidth < 480;
    this.small = small;
    const axis = (title: string, [min, max]: [number, number], hideTicks = false, hideBounds = false) => ({
      type: 'linear' as const,
      min,
      max,
      grid: { color: COLORS.grid },
      border: { color: '#475569' },
      ticks: { color: COLORS.axis, display: !hideTicks, includeBounds: !hideBounds, maxTicksLimit: small ? 6 : 9, font: { size: small ? 11 : 14 } },
      title: { display: true, text: title, color: COLORS.axis, padding: 2, font: { size: small ? 12 : 15, weight: 'bold' as const } },
    });
    const noF = !twoD && ready.length === 0 && !reveal;

    return {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        layout: { padding: { top: 18, right: 8 } },
        scales: {
          x: axis(this.axes[0] ?? 'x', xDomain as [number, number]),
          // The f range has no meaning at its ends (padding): no ticks there; a domain's ends do.
          y: axis(twoD ? (this.axes[1] ?? 'y') : fOf(this.axes), yRange, noF, !twoD),
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item: TooltipItem<'scatter'>) => this.meta.has(`${item.datasetIndex}:${item.dataIndex}`),
            callbacks: {
              label: (item: TooltipItem<'scatter'>) => {
                const meta = this.meta.get(`${item.datasetIndex}:${item.dataIndex}`);
                if (!meta) return '';
                return `#${meta.n}  ${namedPoint(this.axes, meta.guess.x, (v) => num(v))}  f = ${num(meta.guess.fx)}`;
              },
            },
          },
        },
        // Fonts follow the width: re-render when the plot crosses the phone/laptop boundary (rotation, resize).
        onResize: (chart) => {
          if (chart.width < 480 !== this.small) this.requestUpdate();
        },
        onClick: (event, elements, chart) => {
          if (elements.length > 0 || event.x === null || event.y === null) return;
          const area = chart.chartArea;
          if (event.x < area.left || event.x > area.right || event.y < area.top || event.y > area.bottom) return;
          const x = [roundTo(chart.scales.x.getValueForPixel(event.x) as number, xDomain)];
          if (twoD) x.push(roundTo(chart.scales.y.getValueForPixel(event.y) as number, yDomain as [number, number]));
          this.dispatchEvent(new CustomEvent('gd-pick', { detail: { x }, bubbles: true, composed: true }));
        },
      },
      plugins: [this.overlay],
    };
  }

  /** The f range shown on a 1-D level: the curve once revealed, else the guesses, with some air. */
  private fRange(ready: GuessView[]): [number, number] {
    const values = ready.map((g) => g.fx as number);
    const samples = this.reveal?.samples;
    if (samples?.dims === 1) values.push(...samples.fx.filter(Number.isFinite));
    if (values.length === 0) return [0, 1];
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    if (hi - lo < 1e-9) {
      const pad = Math.max(1, Math.abs(lo) * 0.5);
      return [lo - pad, hi + pad];
    }
    const pad = (hi - lo) * 0.12;
    lo -= pad;
    hi += pad;
    return [lo, hi];
  }

  // ---------- drawing on the canvas: tangents, arrows, the pending guess, labels, the heat map ----------

  private readonly overlay: Plugin<'scatter'> = {
    id: 'gdOverlay',
    beforeDatasetsDraw: (chart) => {
      if (!this.heat) return;
      const { ctx, chartArea: area } = chart;
      const { xs, ys, canvas } = this.heat;
      const dx = xs.length > 1 ? (xs[xs.length - 1] - xs[0]) / (xs.length - 1) : 1;
      const dy = ys.length > 1 ? (ys[ys.length - 1] - ys[0]) / (ys.length - 1) : 1;
      const left = chart.scales.x.getPixelForValue(xs[0] - dx / 2);
      const right = chart.scales.x.getPixelForValue(xs[xs.length - 1] + dx / 2);
      const top = chart.scales.y.getPixelForValue(ys[ys.length - 1] + dy / 2);
      const bottom = chart.scales.y.getPixelForValue(ys[0] - dy / 2);
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.width, area.height);
      ctx.clip();
      ctx.imageSmoothingEnabled = true;
      ctx.globalAlpha = 0.9;
      ctx.drawImage(canvas, left, top, right - left, bottom - top);
      ctx.restore();
    },
    afterDatasetsDraw: (chart) => {
      const { ctx, chartArea: area } = chart;
      const xs = chart.scales.x as Scale;
      const ys = chart.scales.y as Scale;
      const px = (x: number[], f: number) =>
        this.dims === 2 ? [xs.getPixelForValue(x[0]), ys.getPixelForValue(x[1])] : [xs.getPixelForValue(x[0]), ys.getPixelForValue(f)];
      const small = chart.width < 480;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.width, area.height);
      ctx.clip();

      const ordered = chronological(this.guesses);
      const ready = ordered.filter((g) => g.status === 'ready' && g.fx !== undefined);
      const half = Math.min(40, Math.max(18, area.width * 0.06));
      const unitX = area.width / (xs.max - xs.min);
      const unitY = area.height / (ys.max - ys.min);

      for (const g of ready) {
        const x = coords(g.x);
        const [cx, cy] = px(x, g.fx as number);
        const grad = g.grad ?? (g.slope !== undefined ? [g.slope] : []);
        if (this.dims === 1 && grad.length >= 1) {
          // The tangent y = f(x0) + f'(x0)(x − x0), drawn with the same length on screen whatever the slope.
          let vx = unitX;
          let vy = -grad[0] * unitY;
          const len = Math.hypot(vx, vy) || 1;
          vx = (vx / len) * half;
          vy = (vy / len) * half;
          ctx.strokeStyle = g.id === this.bestId ? COLORS.best : COLORS.tangent;
          ctx.lineWidth = small ? 2 : 2.5;
          ctx.beginPath();
          ctx.moveTo(cx - vx, cy - vy);
          ctx.lineTo(cx + vx, cy + vy);
          ctx.stroke();
        } else if (this.dims === 2 && grad.length >= 2) {
          // −gradient: the direction gradient descent would step in, mapped from (x, y) units to the screen.
          let vx = -grad[0] * unitX;
          let vy = grad[1] * unitY;
          const len = Math.hypot(vx, vy);
          if (len === 0) continue;
          const arrow = small ? 22 : 30;
          vx = (vx / len) * arrow;
          vy = (vy / len) * arrow;
          drawArrow(ctx, cx, cy, cx + vx, cy + vy, COLORS.arrow, small ? 2 : 2.5);
        }
      }

      // Labels on the latest and the best guess, the two the team looks for.
      ctx.font = `600 ${small ? 11 : 13}px system-ui, sans-serif`;
      ctx.textBaseline = 'bottom';
      const latest = ready[ready.length - 1];
      for (const g of new Set([latest, ready.find((r) => r.id === this.bestId)])) {
        if (!g) continue;
        const n = ordered.findIndex((o) => o.id === g.id) + 1;
        const [cx, cy] = px(coords(g.x), g.fx as number);
        outlinedText(ctx, `#${n}`, cx + 8, cy - 8, g.id === this.bestId ? COLORS.best : '#f8fafc');
      }

      if (this.draft && this.draft.length === this.dims) {
        ctx.strokeStyle = 'rgba(248, 250, 252, 0.55)';
        ctx.setLineDash([2, 4]);
        ctx.lineWidth = 1.5;
        const dxp = xs.getPixelForValue(this.draft[0]);
        ctx.beginPath();
        if (this.dims === 1) {
          ctx.moveTo(dxp, area.top);
          ctx.lineTo(dxp, area.bottom);
        } else {
          const dyp = ys.getPixelForValue(this.draft[1]);
          ctx.arc(dxp, dyp, 8, 0, Math.PI * 2);
        }
        ctx.stroke();
        ctx.setLineDash([]);
      }

      const pending = this.pending();
      if (pending) {
        const x = coords(pending.x);
        const cx = xs.getPixelForValue(x[0]);
        const secs = secondsLeft(msUntil(pending.readyAt, this.offsetMs));
        const label = secs > 0 ? t('plot.pendingIn', { s: secs }) : t('plot.pendingNow');
        ctx.strokeStyle = COLORS.pending;
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 5]);
        ctx.beginPath();
        let ly = area.top + 4;
        if (this.dims === 1) {
          ctx.moveTo(cx, area.top);
          ctx.lineTo(cx, area.bottom);
        } else {
          const cy = ys.getPixelForValue(x[1]);
          ctx.arc(cx, cy, 11, 0, Math.PI * 2);
          ly = cy - 16;
        }
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.font = `700 ${small ? 12 : 14}px system-ui, sans-serif`;
        ctx.textBaseline = 'top';
        const w = ctx.measureText(label).width;
        const lx = Math.min(Math.max(cx - w / 2, area.left + 2), area.right - w - 2);
        if (this.dims === 2) ctx.textBaseline = 'bottom';
        outlinedText(ctx, label, lx, ly, COLORS.pending);
      }
      ctx.restore();
    },
  };
}

function line(label: string, data: XY[], color: string, opts: { width?: number; points?: number; dash?: number[] } = {}): ChartDataset<'scatter'> {
  return {
    label,
    data,
    showLine: true,
    borderColor: color,
    backgroundColor: color,
    borderWidth: opts.width ?? 2.5,
    borderDash: opts.dash,
    pointRadius: opts.points ?? 0,
    pointHoverRadius: opts.points ?? 0,
    pointBorderWidth: 0,
    tension: 0,
  };
}

/** Rounds a picked coordinate to about a thousandth of its interval, clamped inside it. */
function roundTo(value: number, [lo, hi]: [number, number]): number {
  const step = (hi - lo) / 1000;
  const digits = Math.max(0, Math.min(10, -Math.floor(Math.log10(step))));
  const rounded = Number(value.toFixed(digits));
  return Math.min(hi, Math.max(lo, rounded));
}

function drawArrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, color: string, width: number): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const head = 7 + width;
  ctx.strokeStyle = '#0b1222';
  ctx.lineWidth = width + 2.5;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1 - Math.cos(angle) * head * 0.6, y1 - Math.sin(angle) * head * 0.6);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
  ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}

function outlinedText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string): void {
  ctx.lineJoin = 'round';
  ctx.lineWidth = 4;
  ctx.strokeStyle = '#0b1222';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

/** Paints the revealed grid once into a small offscreen canvas; the plot scales it onto the chart area. */
function buildHeat(samples: Extract<Reveal['samples'], { dims: 2 }>): { canvas: HTMLCanvasElement; xs: number[]; ys: number[] } | null {
  const { xs, ys, values } = samples;
  if (xs.length === 0 || ys.length === 0) return null;
  const scale = rankScale(values.flat());
  return { canvas: paintGrid(values, xs.length, ys.length, (v) => colormapRgb(scale(v))), xs, ys };
}

customElements.define('gd-guess-plot', GdGuessPlot);

declare global {
  interface HTMLElementTagNameMap {
    'gd-guess-plot': GdGuessPlot;
  }
}
