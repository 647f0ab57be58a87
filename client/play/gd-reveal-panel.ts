import { LitElement, css, html, nothing } from 'lit';
import type { LeaderboardEntry, Reveal } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import type { Comparison } from './comparison.ts';
import { formatPoint } from './format.ts';
import { COLORS } from './plot-colors.ts';
import { baseStyles } from './base-styles.ts';

const RUN_COLORS = { gd: COLORS.gd, momentum: COLORS.momentum, adam: COLORS.adam } as const;

/**
 * After the reveal: the hidden function, its minimum, the team's score, and how the team compares with gradient
 * descent, momentum and Adam started from its first guess with the same number of evaluations.
 */
export class GdRevealPanel extends LitElement {
  static override properties = {
    reveal: { attribute: false },
    comparison: { attribute: false },
    entry: { attribute: false },
    dims: { type: Number },
  };
  declare reveal: Reveal | null;
  declare comparison: Comparison | null;
  /** The team's line of the settled leaderboard (points, regret), when known. */
  declare entry: LeaderboardEntry | null;
  declare dims: 1 | 2;

  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.reveal = null;
    this.comparison = null;
    this.entry = null;
    this.dims = 1;
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
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: right;
        padding: 0.4rem 0.45rem;
        border-bottom: 1px solid #334155;
        white-space: nowrap;
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
      .swatch {
        display: inline-block;
        width: 0.8rem;
        height: 0.8rem;
        border-radius: 3px;
        margin-right: 0.4rem;
        vertical-align: -0.05rem;
      }
      tr.win td {
        color: var(--gd-good, #4ade80);
      }
      tr.team td:first-child {
        color: var(--gd-accent, #38bdf8);
      }
      .note {
        color: var(--gd-muted, #94a3b8);
        font-size: 0.85rem;
        margin: 0.5rem 0 0;
      }
    `,
  ];

  override render() {
    const reveal = this.reveal;
    const cmp = this.comparison;
    if (!reveal || !cmp) return nothing;
    const rows = [
      { key: 'team', label: t('reveal.you'), color: COLORS.guess, best: cmp.teamBest, points: cmp.teamPath.length },
      ...cmp.runs.map((run) => ({
        key: run.optimizer,
        label: t(`opt.${run.optimizer}`),
        color: RUN_COLORS[run.optimizer],
        best: run.best,
        points: run.path.length,
        diverged: run.diverged,
      })),
    ];
    const finite = rows.map((r) => r.best).filter((b): b is number => b !== null);
    const winner = finite.length > 0 ? Math.min(...finite) : null;
    return html`
      <h2>${t('reveal.title')}</h2>
      <p class="expr" data-testid="expression">${this.dims === 1 ? 'f(x)' : 'f(x, y)'} = ${reveal.expression}</p>
      <div class="facts">
        <span>${t('reveal.fStar')} <b data-testid="fstar">${num(reveal.fStar)}</b></span>
        <span>${t('reveal.argmin')} <b>${formatPoint(reveal.argmin)}</b></span>
        ${this.entry?.points !== undefined ? html`<span>${t('reveal.points')} <b data-testid="points">${this.entry.points}</b> / 1000</span>` : nothing}
        ${this.entry?.regret !== undefined && this.entry.regret !== null ? html`<span>${t('reveal.regret')} <b>${num(this.entry.regret)}</b></span>` : nothing}
      </div>
      <table data-testid="comparison">
        <thead>
          <tr>
            <th></th>
            <th>${t('reveal.bestF')}</th>
            <th>${t('reveal.evals')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr class="${row.key === 'team' ? 'team' : ''} ${row.best !== null && row.best === winner ? 'win' : ''}" data-row=${row.key}>
              <td><span class="swatch" style="background:${row.color}"></span>${row.label}${'diverged' in row && row.diverged ? ` (${t('reveal.diverged')})` : ''}</td>
              <td>${row.best !== null && row.best === winner ? '★ ' : ''}${num(row.best)}</td>
              <td>${row.points}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <p class="note">${t(`reveal.source.${cmp.source === 'default' && cmp.evaluations === 0 ? 'defaultAll' : cmp.source}`, { k: cmp.evaluations })}</p>
    `;
  }
}
customElements.define('gd-reveal-panel', GdRevealPanel);

declare global {
  interface HTMLElementTagNameMap {
    'gd-reveal-panel': GdRevealPanel;
  }
}
