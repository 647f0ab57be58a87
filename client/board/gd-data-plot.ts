import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { Chart, LineElement, LinearScale, PointElement, ScatterController, type ChartConfiguration, type ChartDataset, type ScatterDataPoint } from 'chart.js';
import type { PublicLevel } from '../../shared/protocol.ts';
import { ChartController } from '../common/chart-controller.ts';
import { getLocale, LocaleController, num, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import { dataBounds, segment, type DataLine } from './data-lines.ts';
import { axisNames, localised, pointText } from './level-text.ts';
import { START_COLOUR, STAR_COLOUR } from './palette.ts';
import { teamName } from './team-label.ts';
import { boardUnit } from './unit.ts';

Chart.register(ScatterController, LineElement, PointElement, LinearScale);

type Dataset = ChartDataset<'scatter', ScatterDataPoint[]>;

const POINT_COLOUR = '#e2e8f0';

/**
 * A regression level's data beside its loss surface (level 4: the slides' nine (swear factor, IQ) points): the
 * points, and the lines it is given — the leading team's while the level runs; the least-squares line, the default
 * start's line and each team's best after the reveal — with a key that says which is which.
 */
export class GdDataPlot extends LitElement {
  static override properties = {
    level: { attribute: false },
    lines: { attribute: false },
    colours: { attribute: false },
  };
  declare level: PublicLevel;
  declare lines: DataLine[];
  /** Team colours by team id. */
  declare colours: Map<number, string>;
  private readonly locale = new LocaleController(this);
  private readonly charts = new ChartController<'scatter', ScatterDataPoint[]>(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => this.chartConfig(),
  );

  constructor() {
    super();
    this.lines = [];
    this.colours = new Map();
  }

  static override styles = [
    boardBase,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        height: 100%;
      }
      .plot {
        position: relative;
        flex: 1;
        min-height: calc(var(--u) * 12);
      }
      .plot canvas {
        position: absolute;
        inset: 0;
      }
      ul {
        margin: calc(var(--u) * 0.4) 0 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: calc(var(--u) * 0.2);
        font-size: calc(var(--u) * 1.05);
      }
      li {
        display: grid;
        grid-template-columns: 1.8em minmax(0, 1fr);
        align-items: center;
        gap: 0.45em;
      }
      .key {
        height: 0.28em;
        border-radius: 0.14em;
      }
      .key.dot {
        width: 0.7em;
        height: 0.7em;
        border-radius: 50%;
        justify-self: center;
      }
      .key.dash {
        background-size: 0.6em 100% !important;
      }
      .key.rainbow {
        background: linear-gradient(to right, #38bdf8, #4ade80, #f472b6, #fb923c);
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('level') || changed.has('lines') || changed.has('colours')) this.charts.invalidate();
  }

  private colour(line: DataLine): string {
    if (line.kind === 'fit') return STAR_COLOUR;
    if (line.kind === 'start') return START_COLOUR;
    return this.colours.get(line.teamId ?? -1) ?? '#94a3b8';
  }

  private chartConfig(): ChartConfiguration<'scatter', ScatterDataPoint[]> | null {
    const data = this.level?.data;
    if (!data) return null;
    const u = boardUnit();
    const bounds = dataBounds(data.points);
    const locale = getLocale();
    const tick = { color: '#cbd5e1', font: { size: Math.round(u * 1.0) } };
    const grid = { color: 'rgba(148,163,184,0.18)' };
    const title = (text: string) => ({ display: true, text, color: '#e2e8f0', font: { size: Math.round(u * 1.1), weight: 'bold' as const } });
    // Team lines under the answer, the answer under the points: every point stays visible.
    const order = { team: 30, leader: 25, start: 20, fit: 15 } as const;
    const datasets: Dataset[] = this.lines.map((line) => ({
      data: segment(line, bounds.x),
      showLine: true,
      pointRadius: 0,
      borderColor: this.colour(line),
      borderWidth: line.kind === 'team' ? Math.max(1.5, u * 0.14) : Math.max(2.5, u * 0.3),
      borderDash: line.kind === 'start' ? [u * 1.1, u * 0.7] : [],
      order: order[line.kind],
    }));
    datasets.push({
      data: data.points.map(([x, y]) => ({ x, y })),
      pointRadius: Math.max(4, u * 0.5),
      pointBackgroundColor: POINT_COLOUR,
      pointBorderColor: '#020617',
      pointBorderWidth: Math.max(1.5, u * 0.12),
      order: 1,
    });
    return {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        events: [],
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: {
          x: { type: 'linear', min: bounds.x[0], max: bounds.x[1], ticks: tick, grid, title: title(localised(data.columns[0], locale)) },
          y: { type: 'linear', min: bounds.y[0], max: bounds.y[1], ticks: tick, grid, title: title(localised(data.columns[1], locale)) },
        },
      },
    };
  }

  private lineText(line: DataLine): string {
    const at = pointText([line.a, line.b], axisNames(this.level), (v) => num(v, 3), '=');
    const params = { line: at, mse: num(line.mse, 3), team: teamName(line.number ?? 0, line.name ?? '') };
    if (line.kind === 'fit') return t('board.data.fit', params);
    if (line.kind === 'start') return t('board.data.start', params);
    return t(line.latest ? 'board.data.leaderLatest' : 'board.data.leader', params);
  }

  private key(line: DataLine) {
    const colour = this.colour(line);
    const dashed = line.kind === 'start';
    return html`<span class="key ${dashed ? 'dash' : ''}" style="background:${dashed ? `linear-gradient(to right, ${colour} 60%, transparent 60%)` : colour}"></span>`;
  }

  override render() {
    const data = this.level?.data;
    if (!data) return nothing;
    const single = this.lines.filter((l) => l.kind !== 'team');
    const teams = this.lines.some((l) => l.kind === 'team');
    return html`<h2 class="panel-title">${t('board.data.title')}</h2>
      <div class="plot"><canvas role="img" aria-label=${t('board.data.chartLabel')}></canvas></div>
      <ul data-testid="data-key">
        <li><span class="key dot" style="background:${POINT_COLOUR}"></span><span>${t('board.data.points', { n: data.points.length })}</span></li>
        ${single.map((line) => html`<li data-kind=${line.kind}>${this.key(line)}<span>${this.lineText(line)}</span></li>`)}
        ${teams ? html`<li data-kind="team"><span class="key rainbow"></span><span>${t('board.data.teams')}</span></li>` : nothing}
      </ul>`;
  }
}
customElements.define('gd-data-plot', GdDataPlot);

declare global {
  interface HTMLElementTagNameMap {
    'gd-data-plot': GdDataPlot;
  }
}
