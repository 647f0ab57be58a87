import { LitElement, css, html, nothing } from 'lit';
import type { GuessView, PublicLevel } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { duration, formatPoint, msUntil } from './format.ts';
import { Ticker } from './ticker.ts';
import { baseStyles } from './base-styles.ts';

/** The numbers a team watches: best so far, guesses left, the level's time left, and its rank when shown. */
export class GdLevelStats extends LitElement {
  static override properties = {
    level: { attribute: false },
    best: { attribute: false },
    remaining: { attribute: false },
    rank: { attribute: false },
    teams: { attribute: false },
    offsetMs: { type: Number },
  };
  declare level: PublicLevel | null;
  declare best: GuessView | null;
  declare remaining: number | null;
  declare rank: number | null;
  declare teams: number | null;
  declare offsetMs: number;

  private readonly locale = new LocaleController(this);
  private readonly ticker = new Ticker(this, 1000, () => this.level?.status === 'open' && !!this.level.closesAt);

  constructor() {
    super();
    this.level = null;
    this.best = null;
    this.remaining = null;
    this.rank = null;
    this.teams = null;
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
        grid-template-columns: minmax(0, 1.35fr);
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
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      dd {
        margin: 0.1rem 0 0;
        font-size: 1.35rem;
        font-weight: 800;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      small {
        display: block;
        color: var(--gd-muted, #94a3b8);
        font-size: 0.78rem;
        font-weight: 400;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      @media (max-width: 480px) {
        dl {
          gap: 0.35rem;
        }
        div {
          padding: 0.35rem 0.4rem;
        }
        dt {
          font-size: 0.7rem;
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
          <small>${this.best ? `x = ${formatPoint(this.best.x)}` : t('stats.noBest')}</small>
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
      </dl>
    `;
  }

  private renderTime(level: PublicLevel) {
    let value = '—';
    let note = t('stats.noLimit');
    let low = false;
    if (level.status === 'closed' || level.status === 'revealed') {
      value = '0:00';
      note = t(`status.${level.status}`);
    } else if (level.status === 'paused') {
      value = level.remainingMs != null ? duration(level.remainingMs) : '—';
      note = t('status.paused');
    } else if (level.closesAt) {
      const ms = msUntil(level.closesAt, this.offsetMs);
      value = duration(ms);
      note = t('stats.untilClose');
      low = ms < 60_000;
    }
    return html`<div class=${low ? 'low' : ''}>
      <dt>${t('stats.time')}</dt>
      <dd data-testid="time">${value}</dd>
      <small>${note}</small>
    </div>`;
  }
}
customElements.define('gd-level-stats', GdLevelStats);

declare global {
  interface HTMLElementTagNameMap {
    'gd-level-stats': GdLevelStats;
  }
}
