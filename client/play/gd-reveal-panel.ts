import { LitElement, css, html, nothing } from 'lit';
import type { DataSet, LeaderboardEntry, Reveal } from '../../shared/protocol.ts';
import { getLocale, LocaleController, num, t } from '../common/i18n.ts';
import type { Comparison, ComparisonRun } from './comparison.ts';
import { columnNames, leastSquares, lineEquation } from './data-line.ts';
import { fOf, namedPoint, renameVariables } from './format.ts';
import { runColour, runName, runSettings } from './labels.ts';
import { COLORS } from './plot-colors.ts';
import { baseStyles } from './base-styles.ts';

/**
 * After the reveal: the hidden function in the level's own names, its minimum (on a regression level the
 * least-squares line), the team's score, and how the team compares with gradient descent, momentum and Adam (and GD
 * on the standardised feature) started from its first guess with the same number of evaluations — each with its
 * settings — and, when the team's own start turned the level's lesson around, why, in one line.
 */
export class GdRevealPanel extends LitElement {
  static override properties = {
    reveal: { attribute: false },
    comparison: { attribute: false },
    entry: { attribute: false },
    dims: { type: Number },
    axes: { attribute: false },
    data: { attribute: false },
  };
  declare reveal: Reveal | null;
  declare comparison: Comparison | null;
  /** The team's line of the settled leaderboard (points, regret), when known. */
  declare entry: LeaderboardEntry | null;
  declare dims: 1 | 2;
  declare axes: string[];
  declare data: DataSet | null;

  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.reveal = null;
    this.comparison = null;
    this.entry = null;
    this.dims = 1;
    this.axes = ['x'];
    this.data = null;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        margin: 0 0 0.6rem;
        font-size: 1.2rem;
      }
      .expr {
        font-family: var(--gd-mono);
        background: #0b1222;
        border-radius: 8px;
        padding: 0.5rem 0.7rem;
        overflow-wrap: anywhere;
        font-size: 0.95rem;
        margin: 0 0 0.6rem;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1.2rem;
        margin: 0 0 0.8rem;
        font-size: 0.95rem;
      }
      .facts b {
        font-variant-numeric: tabular-nums;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: right;
        padding: 0.4rem 0.4rem;
        border-bottom: 1px solid #334155;
        white-space: nowrap;
        vertical-align: top;
      }
      th:first-child,
      td:first-child {
        text-align: left;
        white-space: normal;
      }
      th {
        color: var(--gd-muted, #94a3b8);
        font-weight: 600;
        font-size: 0.85rem;
      }
      td {
        font-family: var(--gd-mono);
      }
      td:first-child {
        font-family: inherit;
        font-weight: 600;
      }
      .settings {
        display: block;
        font-weight: 400;
        font-size: 0.8rem;
        color: var(--gd-muted, #94a3b8);
      }
      .swatch {
        display: inline-block;
        width: 0.8rem;
        height: 0.8rem;
        border-radius: 3px;
        margin-right: 0.4rem;
        vertical-align: -0.05rem;
      }
      .swatch.dashed {
        height: 0;
        border-top: 3px dashed currentColor;
        vertical-align: 0.2rem;
      }
      tr.win td:nth-child(2) {
        color: var(--gd-good, #4ade80);
      }
      tr.team td:first-child {
        color: var(--gd-accent, #38bdf8);
      }
      td.outcome {
        font-family: inherit;
        font-size: 0.85rem;
      }
      .beat {
        color: var(--gd-good, #4ade80);
      }
      .lost {
        color: var(--gd-bad, #f87171);
      }
      .note {
        color: var(--gd-muted, #94a3b8);
        font-size: 0.85rem;
        margin: 0.5rem 0 0;
      }
      .lesson {
        margin: 0.6rem 0 0;
        padding: 0.45rem 0.7rem;
        border-radius: 8px;
        background: rgba(56, 189, 248, 0.1);
        border-left: 4px solid var(--gd-accent, #38bdf8);
        font-size: 0.95rem;
      }
      .lesson b {
        display: block;
      }
    `,
  ];

  override render() {
    const reveal = this.reveal;
    const cmp = this.comparison;
    if (!reveal || !cmp) return nothing;
    const runs = cmp.runs;
    const bests = [cmp.teamBest, ...runs.map((r) => r.best)].filter((b): b is number => b !== null);
    const winner = bests.length > 0 ? Math.min(...bests) : null;
    const isWinner = (best: number | null) => best !== null && best === winner;
    return html`
      <h2>${t('reveal.title')}</h2>
      <p class="expr" data-testid="expression">${fOf(this.axes)} = ${renameVariables(reveal.expression, this.axes)}</p>
      <div class="facts">
        <span>${t('reveal.fStar')} <b data-testid="fstar">${num(reveal.fStar)}</b></span>
        <span>${t('reveal.argmin')} <b data-testid="argmin">${namedPoint(this.axes, reveal.argmin, (v) => num(v))}</b></span>
        ${this.data ? this.renderFit(this.data) : nothing}
        ${this.entry?.points !== undefined ? html`<span>${t('reveal.points')} <b data-testid="points">${this.entry.points}</b> / 1000</span>` : nothing}
        ${this.entry?.regret !== undefined && this.entry.regret !== null ? html`<span>${t('reveal.regret')} <b>${num(this.entry.regret)}</b></span>` : nothing}
      </div>
      <div class="scroll">
        <table data-testid="comparison">
          <thead>
            <tr>
              <th></th>
              <th>${t('reveal.bestF')}</th>
              <th>${t('reveal.evals')}</th>
              <th>${t('reveal.result')}</th>
            </tr>
          </thead>
          <tbody>
            <tr class="team ${isWinner(cmp.teamBest) ? 'win' : ''}" data-row="team">
              <td><span class="swatch" style="background:${COLORS.guess}"></span>${t('reveal.you')}</td>
              <td>${isWinner(cmp.teamBest) ? '★ ' : ''}${num(cmp.teamBest)}</td>
              <td>${cmp.evaluations}</td>
              <td></td>
            </tr>
            ${runs.map((run) => this.renderRun(run, cmp, isWinner(run.best)))}
          </tbody>
        </table>
      </div>
      <p class="note" data-testid="source">
        ${t(`reveal.source.${cmp.source === 'default' && cmp.evaluations === 0 ? 'defaultAll' : cmp.source}`, { k: cmp.evaluations })}
        ${cmp.capped ? t('compare.capped', { n: cmp.evaluations }) : nothing}
      </p>
      ${cmp.momentumWon ? html`<p class="lesson" data-testid="lesson">${t('reveal.lesson')}</p>` : nothing}
      ${cmp.reason
        ? html`<p class="lesson" data-testid="reason" data-reason=${cmp.reason}><b>${t('reveal.why')}</b>${t(`reason.${cmp.reason}`, { n: cmp.evaluations })}</p>`
        : nothing}
    `;
  }

  private renderRun(run: ComparisonRun, cmp: Comparison, winner: boolean) {
    const colour = runColour(run);
    const key = run.variant ? `${run.optimizer}-${run.variant}` : run.optimizer;
    return html`<tr class=${winner ? 'win' : ''} data-row=${key}>
      <td>
        <span class=${run.variant ? 'swatch dashed' : 'swatch'} style=${run.variant ? `color:${colour}` : `background:${colour}`}></span>${runName(run)}${run.diverged
          ? ` (${t('reveal.diverged')})`
          : ''}
        <span class="settings" data-testid="settings">${runSettings(run)}</span>
      </td>
      <td>${winner ? '★ ' : ''}${num(run.best)}</td>
      <td>${cmp.evaluations > 0 ? Math.min(run.path.length, cmp.evaluations) : run.path.length}</td>
      <td class="outcome">${run.outcome ? html`<span class=${run.outcome}>${t(`reveal.outcome.${run.outcome}`)}</span>` : nothing}</td>
    </tr>`;
  }

  /** On a regression level the minimum is a line: the least-squares line, in the data's names. */
  private renderFit(data: DataSet) {
    const fit = leastSquares(data);
    const equation = lineEquation(fit, columnNames(data, getLocale()), (v) => num(v));
    return html`<span data-testid="least-squares">${t('reveal.leastSquares', { equation })}</span>`;
  }
}
customElements.define('gd-reveal-panel', GdRevealPanel);

declare global {
  interface HTMLElementTagNameMap {
    'gd-reveal-panel': GdRevealPanel;
  }
}
