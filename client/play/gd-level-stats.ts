import { LitElement, css, html, nothing } from 'lit';
import type { GuessView, PublicLevel } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { levelClock, namedPoint } from './format.ts';
import { Ticker } from './ticker.ts';
import { baseStyles } from './base-styles.ts';

/**
 * The numbers a team watches: best so far, guesses left, the level's time left (while there is a clock), its rank
 * when shown, and its points once the level is revealed. Tiles wrap instead of cutting their text on a phone.
 */
export class GdLevelStats extends LitElement {
  static override properties = {
    level: { attribute: false },
    axes: { attribute: false },
    best: { attribute: false },
    remaining: { attribute: false },
    rank: { attribute: false },
    teams: { attribute: false },
    points: { attribute: false },
    offsetMs: { type: Number },
  };
  declare level: PublicLevel | null;
  declare axes: string[];
  declare best: GuessView | null;
  declare remaining: number | null;
  declare rank: number | null;
  declare teams: number | null;
  /** The team's points in this level, once published (at the reveal). */
  declare points: number | null;
  declare offsetMs: number;

  private readonly locale = new LocaleController(this);
  private readonly ticker = new Ticker(this, 1000, () => this.level?.status === 'open' && !!this.level.closesAt);

  constructor() {
    super();
    this.level = null;
    this.axes = ['x'];
    this.best = null;
    this.remaining = null;
    this.rank = null;
    this.teams = null;
    this.points = null;
    this.offsetMs = 0;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      dl {
        display: grid;
        grid-auto-flow: column;
        grid-auto-columns: minmax(0, 1fr);
        gap: 0.5rem;
        margin: 0;
      }
      div {
        background: var(--gd-panel, #1e293b);
        border-radius: 10px;
        padding: 0.45rem 0.6rem;
        min-width: 0;
      }
      dt {
        color: var(--gd-muted, #94a3b8);
        font-size: 0.8rem;
      }
      dd {
        margin: 0.1rem 0 0;
        font-size: 1.35rem;
        font-weight: 800;
        font-variant-numeric: tabular-nums;
        overflow-wrap: anywhere;
      }
      small {
        display: block;
        color: var(--gd-muted, #94a3b8);
        font-size: 0.78rem;
        font-weight: 400;
        overflow-wrap: anywhere;
      }
      @media (max-width: 480px) {
        dl {
          gap: 0.35rem;
        }
        div {
          padding: 0.35rem 0.4rem;
        }
        dt {
          font-size: 0.72rem;
        }
        dd {
          font-size: 1.1rem;
        }
        small {
          font-size: 0.68rem;
        }
      }
      .best dd {
        color: var(--gd-warn, #fbbf24);
      }
      .low dd {
        color: var(--gd-bad, #f87171);
      }
      .points dd {
        color: var(--gd-good, #4ade80);
      }
    `,
  ];

  override render() {
    const level = this.level;
    if (!level) return nothing;
    return html`
      <dl>
        <div class="best">
          <dt>${t('stats.best')}</dt>
          <dd data-testid="best" title=${this.best ? num(this.best.fx) : ''}>${this.best ? num(this.best.fx, 3) : '—'}</dd>
          <small>${this.best ? this.where(this.best) : t('stats.noBest')}</small>
        </div>
        <div class=${this.remaining !== null && level.budget !== null && this.remaining <= Math.max(1, Math.ceil(level.budget * 0.15)) ? 'low' : ''}>
          <dt>${t('stats.left')}</dt>
          <dd data-testid="remaining">${this.remaining === null ? '∞' : this.remaining}</dd>
          <small>${level.budget === null ? t('stats.unlimited') : t('stats.ofBudget', { budget: level.budget })}</small>
        </div>
        ${this.renderTime(level)}
        ${this.rank !== null
          ? html`<div>
              <dt>${t('stats.rank')}</dt>
              <dd data-testid="rank">${this.best ? `#${this.rank}` : '—'}</dd>
              <small>${this.teams ? t('stats.ofTeams', { teams: this.teams }) : nothing}</small>
            </div>`
          : nothing}
        ${this.points !== null
          ? html`<div class="points">
              <dt>${t('stats.points')}</dt>
              <dd data-testid="level-points">${this.points}</dd>
              <small>${t('stats.ofPoints')}</small>
            </div>`
          : nothing}
      </dl>
    `;
  }

  /** Where the best guess is, in the level's names: "x = 0", "(a, b) = (1.79, 65.2)". */
  private where(best: GuessView): string {
    return namedPoint(this.axes, best.x, (v) => num(v, 3));
  }

  /** The clock while the level runs; a settled level has none (no "0:00" for a level that never had a limit). */
  private renderTime(level: PublicLevel) {
    const clock = levelClock(level, this.offsetMs);
    if (!clock) return nothing;
    return html`<div class=${clock.low ? 'low' : ''}>
      <dt>${t('stats.time')}</dt>
      <dd data-testid="time">${clock.value}</dd>
      <small>${t(clock.note)}</small>
    </div>`;
  }
}
customElements.define('gd-level-stats', GdLevelStats);

declare global {
  interface HTMLElementTagNameMap {
    'gd-level-stats': GdLevelStats;
  }
}
