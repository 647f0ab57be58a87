import { LitElement, css, html, type PropertyValues } from 'lit';
import type { ChartConfiguration } from 'chart.js';
import { lineEnds, type Line } from '../../shared/line-fit.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { ChartController } from '../common/chart-controller.ts';
import './chart-setup.ts';
import { adminStyles } from './styles.ts';

/** A regression level's data: the points as a scatter, with a line (the least-squares fit) across them. */
export class GdDataPreview extends LitElement {
  static override properties = {
    points: { attribute: false },
    columns: { attribute: false },
    line: { attribute: false },
  };
  declare points: readonly (readonly [number, number])[];
  /** The feature's and the target's names (axis titles). */
  declare columns: readonly [string, string];
  declare line: Line | null;

  private readonly locale = new LocaleController(this);
  private readonly chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => this.config(),
  );

  constructor() {
    super();
    this.points = [];
    this.columns = ['', ''];
    this.line = null;
  }

  static override styles = [
    adminStyles,
    css`
      :host {
        display: block;
        position: relative;
        height: 240px;
        background: #0b1222;
        border: 1px solid #263244;
        border-radius: 8px;
      }
      .wrap {
        position: absolute;
        inset: 4px;
      }
    `,
  ];

  override willUpdate(_changed: PropertyValues<this>): void {
    this.chart.invalidate();
  }

  private config(): ChartConfiguration | null {
    if (this.points.length === 0) return null;
    const xs = this.points.map(([s]) => s);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    const datasets: ChartConfiguration<'scatter'>['data']['datasets'] = [
      {
        label: t('admin.data.pointsLabel'),
        data: this.points.map(([x, y]) => ({ x, y })),
        backgroundColor: '#38bdf8',
        borderColor: '#0f172a',
        pointRadius: 4,
      },
    ];
    if (this.line) {
      datasets.push({
        label: t('admin.data.fitLabel'),
        data: lineEnds(this.line, [lo, hi]),
        showLine: true,
        borderColor: '#fde047',
        backgroundColor: '#fde047',
        borderWidth: 2,
        pointRadius: 0,
      });
    }
    return {
      type: 'scatter',
      data: { datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: this.columns[0] } },
          y: { type: 'linear', title: { display: true, text: this.columns[1] } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: { callbacks: { label: (item) => `(${num((item.raw as { x: number }).x)}, ${num((item.raw as { y: number }).y)})` } },
        },
      },
    } as ChartConfiguration;
  }

  override render() {
    return html`<div class="wrap"><canvas role="img" aria-label=${t('admin.data.chart')}></canvas></div>`;
  }
}
customElements.define('gd-data-preview', GdDataPreview);

declare global {
  interface HTMLElementTagNameMap {
    'gd-data-preview': GdDataPreview;
  }
}
