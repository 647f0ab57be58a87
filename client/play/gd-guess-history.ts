import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { GuessView } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { clockTime } from '../common/format.ts';
import { chronological, fOf, formatSlope, msUntil, pointName, pointValue, secondsLeft } from './format.ts';
import { Ticker } from './ticker.ts';
import { baseStyles } from './base-styles.ts';

/** The team's earlier guesses ("以前猜的紀錄"), newest first: #, the point (in the level's names), f, slope or gradient, time. */
export class GdGuessHistory extends LitElement {
  static override properties = {
    dims: { type: Number },
    axes: { attribute: false },
    guesses: { attribute: false },
    bestId: { attribute: false },
    offsetMs: { type: Number },
  };
  declare dims: 1 | 2;
  declare axes: string[];
  declare guesses: GuessView[];
  declare bestId: number | null;
  declare offsetMs: number;

  private readonly locale = new LocaleController(this);
  private readonly ticker = new Ticker(this, 500, () => this.guesses.some((g) => g.status === 'pending'));

  constructor() {
    super();
    this.dims = 1;
    this.axes = ['x'];
    this.guesses = [];
    this.bestId = null;
    this.offsetMs = 0;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        font-size: 0.95rem;
      }
      th,
      td {
        padding: 0.4rem 0.45rem;
        text-align: right;
        border-bottom: 1px solid #334155;
        white-space: nowrap;
      }
      th {
        color: var(--gd-muted, #94a3b8);
        font-weight: 600;
        font-size: 0.85rem;
        position: sticky;
        top: 0;
        background: var(--gd-panel, #1e293b);
      }
      td {
        font-family: var(--gd-mono);
      }
      td.n,
      th.n {
        text-align: left;
        padding-left: 0.2rem;
      }
      td.time {
        color: var(--gd-muted, #94a3b8);
        font-size: 0.85rem;
      }
      tr.best td {
        color: var(--gd-warn, #fbbf24);
        font-weight: 700;
      }
      tr.pending td {
        color: #fdba74;
      }
      tr.fresh td {
        animation: flash 1.5s ease-out;
      }
      @keyframes flash {
        from {
          background: rgba(56, 189, 248, 0.35);
        }
      }
      .empty {
        color: var(--gd-muted, #94a3b8);
        margin: 0.4rem 0;
      }
      @media (max-width: 420px) {
        table {
          font-size: 0.85rem;
        }
        th,
        td {
          padding: 0.35rem 0.25rem;
        }
      }
    `,
  ];

  override render() {
    if (this.guesses.length === 0) return html`<p class="empty">${t('history.empty')}</p>`;
    const ordered = chronological(this.guesses);
    const newest = this.hasUpdated ? ordered[ordered.length - 1]?.id : undefined;
    const rows = ordered.map((guess, i) => ({ guess, n: i + 1 })).reverse();
    return html`
      <div class="scroll">
        <table data-testid="history">
          <thead>
            <tr>
              <th class="n">#</th>
              <th>${pointName(this.axes)}</th>
              <th>${fOf(this.axes)}</th>
              <th>${t(this.dims === 1 ? 'history.slope' : 'history.gradient')}</th>
              <th>${t('history.time')}</th>
            </tr>
          </thead>
          <tbody>
            ${repeat(rows, (row) => row.guess.id, ({ guess, n }) => {
              const isBest = guess.id === this.bestId;
              const cls = [isBest ? 'best' : '', guess.status === 'pending' ? 'pending' : '', guess.id === newest ? 'fresh' : ''].join(' ');
              return html`<tr class=${cls} data-id=${guess.id}>
                <td class="n">${isBest ? '★' : nothing}${n}</td>
                <td>${pointValue(guess.x, (v) => num(v))}</td>
                <td class="fx">${guess.status === 'ready' ? num(guess.fx) : t('history.pendingIn', { s: secondsLeft(msUntil(guess.readyAt, this.offsetMs)) })}</td>
                <td class="slope">${formatSlope(guess, (v) => num(v))}</td>
                <td class="time">${clockTime(guess.submittedAt)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    `;
  }
}
customElements.define('gd-guess-history', GdGuessHistory);

declare global {
  interface HTMLElementTagNameMap {
    'gd-guess-history': GdGuessHistory;
  }
}
