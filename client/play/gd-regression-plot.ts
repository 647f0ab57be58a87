import { LitElement, css, html, nothing } from 'lit';
import { Chart, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, type ChartConfiguration, type ChartDataset, type TooltipItem } from 'chart.js';
import type { DataSet, GuessView, Reveal } from '../../shared/protocol.ts';
import { ChartController } from '../common/chart-controller.ts';
import { getLocale, LocaleController, num, t } from '../common/i18n.ts';
import { columnNames, dataView, leastSquares, lineEnds, lineEquation, lineOf, startLine, type DataLine, type LineKind } from './data-line.ts';
import { chronological, latestReady, pointName } from './format.ts';
import { COLORS } from './plot-colors.ts';
import { baseStyles } from './base-styles.ts';

Chart.register(ScatterController, LineController, PointElement, LineElement, LinearScale, Tooltip);

/** How each kind of line is drawn. */
const LINE_STYLE: Record<LineKind, { colour: string; width: number; dash?: number[] }> = {
  start: { colour: COLORS.start, width: 2.5, dash: [8, 5] },
  leastSquares: { colour: COLORS.argmin, width: 3 },
  best: { colour: COLORS.best, width: 2.5 },
  draft: { colour: 'rgba(248, 250, 252, 0.6)', width: 1.5, dash: [2, 4] },
  pending: { colour: COLORS.pending, width: 2, dash: [6, 5] },
  latest: { colour: COLORS.guess, width: 3 },
};

/**
 * The data view of a regression level: the data points (feature, target) and the straight lines the team's guesses
 * stand for — the latest one, the pending one and the one being typed; after the reveal also the least-squares line,
 * the level's start line (on the slides' level, the slide's own 3.33x + 50) and the team's best line. Each line is
 * named with its equation in the key below the plot.
 */
export class GdRegressionPlot extends LitElement {
  static override properties = {
    data: { attribute: false },
    axes: { attribute: false },
    guesses: { attribute: false },
    bestId: { attribute: false },
    draft: { attribute: false },
    reveal: { attribute: false },
  };
  declare data: DataSet | null;
  declare axes: string[];
  declare guesses: GuessView[];
  declare bestId: number | null;
  declare draft: number[] | null;
  declare reveal: Reveal | null;

  private readonly locale = new LocaleController(this);
  private readonly chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => this.chartConfig(),
    { everyUpdate: true },
  );
  private small = false;

  constructor() {
    super();
    this.data = null;
    this.axes = ['a', 'b'];
    this.guesses = [];
    this.bestId = null;
    this.draft = null;
    this.reveal = null;
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
      .empty {
        position: absolute;
        inset: auto 10% 18% 10%;
        text-align: center;
        color: var(--gd-muted, #94a3b8);
        font-size: 0.92rem;
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
      .line {
        display: inline-block;
        flex: none;
      }
      .dot {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
      }
      .line {
        width: 1.3rem;
        height: 0;
        border-top: 3px solid currentColor;
      }
      .line.dashed {
        border-top-style: dashed;
      }
      .line.dotted {
        border-top-style: dotted;
      }
    `,
  ];

  /** The lines to draw, in drawing order; the best line only after the reveal, and only when it is not the latest. */
  lines(): DataLine[] {
    const ordered = chronological(this.guesses);
    const number = (g: GuessView) => ordered.findIndex((o) => o.id === g.id) + 1;
    const lines: DataLine[] = [];
    const add = (kind: LineKind, x: GuessView['x'] | number[] | null | undefined, n?: number) => {
      const line = lineOf(x);
      if (line) lines.push({ kind, ...line, ...(n ? { n } : {}) });
    };
    const latest = latestReady(this.guesses);
    if (this.reveal && this.data) {
      add('start', (() => {
        const start = startLine(this.reveal);
        return start ? [start.a, start.b] : null;
      })());
      const fit = leastSquares(this.data);
      add('leastSquares', [fit.a, fit.b]);
      const best = ordered.find((g) => g.id === this.bestId);
      if (best && best.id !== latest?.guess.id) add('best', best.x, number(best));
    }
    if (this.draft) add('draft', this.draft);
    const pending = ordered.find((g) => g.status === 'pending');
    if (pending) add('pending', pending.x, number(pending));
    if (latest) add('latest', latest.guess.x, latest.n);
    return lines;
  }

  override render() {
    if (!this.data) return nothing;
    const names = columnNames(this.data, getLocale());
    const lines = this.lines();
    return html`
      <div class="frame">
        <canvas role="img" aria-label=${t('data.aria')}></canvas>
        ${this.guesses.length === 0 && !this.reveal ? html`<div class="empty">${t('data.empty', { names: pointName(this.axes) })}</div>` : nothing}
      </div>
      <div class="key" data-testid="data-key">
        <span><i class="dot" style="background:${COLORS.data}"></i>${t('data.key.points', { n: this.data.points.length })}</span>
        ${[...lines].reverse().map((line) => {
          const style = LINE_STYLE[line.kind];
          const cls = line.kind === 'draft' ? 'line dotted' : style.dash ? 'line dashed' : 'line';
          const label = t(`data.key.${line.kind}`, { n: line.n ?? '' });
          const equation = lineEquation(line, names, (v) => num(v));
          return html`<span data-line=${line.kind} style="color:${style.colour}"
            ><i class=${cls}></i><span style="color:#e2e8f0">${t('data.key.with', { label, equation })}</span></span
          >`;
        })}
      </div>
    `;
  }

  private chartConfig(): ChartConfiguration<'scatter'> | null {
    const data = this.data;
    if (!data) return null;
    const names = columnNames(data, getLocale());
    const lines = this.lines();
    const view = dataView(data.points, lines);
    const small = this.clientWidth > 0 && this.clientWidth < 480;
    this.small = small;
    const datasets: ChartDataset<'scatter'>[] = lines.map((line) => {
      const style = LINE_STYLE[line.kind];
      return {
        label: line.kind,
        data: lineEnds(line, view.x),
        showLine: true,
        borderColor: style.colour,
        backgroundColor: style.colour,
        borderWidth: style.width,
        borderDash: style.dash,
        pointRadius: 0,
        pointHoverRadius: 0,
        pointHitRadius: 0,
      };
    });
    datasets.push({
      label: 'data',
      data: data.points.map(([x, y]) => ({ x, y })),
      pointRadius: small ? 4.5 : 5.5,
      pointHoverRadius: 7,
      pointBackgroundColor: COLORS.data,
      pointBorderColor: '#0b1222',
      pointBorderWidth: 1.5,
    });
    const axis = (title: string, [min, max]: [number, number]) => ({
      type: 'linear' as const,
      min,
      max,
      grid: { color: COLORS.grid },
      border: { color: '#475569' },
      ticks: { color: COLORS.axis, includeBounds: false, maxTicksLimit: small ? 6 : 9, font: { size: small ? 11 : 14 } },
      title: { display: true, text: title, color: COLORS.axis, padding: 2, font: { size: small ? 12 : 15, weight: 'bold' as const } },
    });
    return {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        layout: { padding: { top: 12, right: 8 } },
        scales: { x: axis(names.feature, view.x), y: axis(names.target, view.y) },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item: TooltipItem<'scatter'>) => item.dataset.label === 'data',
            callbacks: {
              label: (item: TooltipItem<'scatter'>) => `${names.feature} ${num(item.parsed.x)}, ${names.target} ${num(item.parsed.y)}`,
            },
          },
        },
        onResize: (chart) => {
          if (chart.width < 480 !== this.small) this.requestUpdate();
        },
      },
    };
  }
}
customElements.define('gd-regression-plot', GdRegressionPlot);

declare global {
  interface HTMLElementTagNameMap {
    'gd-regression-plot': GdRegressionPlot;
  }
}
