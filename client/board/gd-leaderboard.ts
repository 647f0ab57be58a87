import { LitElement, css, html, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LeaderboardEntry } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { boardBase, tableStyles } from './board-styles.ts';
import { RowMotion, flash } from './flip.ts';
import { teamLabel } from './team-label.ts';

/** The live ranking of the current level: top `limit` teams that have guessed, and how many teams are playing. */
export class GdLeaderboard extends LitElement {
  static override properties = {
    entries: { attribute: false },
    limit: { type: Number },
    budget: { type: Number },
    playing: { type: Number },
    teams: { type: Number },
  };
  declare entries: LeaderboardEntry[];
  declare limit: number;
  declare budget: number | null;
  declare playing: number;
  declare teams: number;
  private readonly locale = new LocaleController(this);
  private readonly motion = new RowMotion();
  private bestByTeam = new Map<number, number | null>();

  constructor() {
    super();
    this.entries = [];
    this.limit = 10;
    this.budget = null;
    this.playing = 0;
    this.teams = 0;
  }

  static override styles = [
    boardBase,
    tableStyles,
    css`
      .list {
        grid-template-rows: auto;
      }
      .row {
        --fs: min(calc(var(--u) * 2.15), calc(100cqh / (var(--rows) + 1) * 0.5));
        display: grid;
        grid-template-columns: 2.2em minmax(0, 1fr) 6.2em 4.6em;
        align-items: center;
        gap: 0.6em;
        font-size: var(--fs);
        height: calc(100cqh / (var(--rows) + 1));
        max-height: 2.2em;
        padding: 0 0.4em;
        border-radius: 0.3em;
      }
      .row:nth-child(odd):not(.head) {
        background: rgba(255, 255, 255, 0.04);
      }
      .head > * {
        font-size: 0.62em;
        color: var(--b-soft);
        font-weight: 700;
        letter-spacing: 0.05em;
      }
      .team {
        display: flex;
        align-items: center;
        gap: 0.45em;
        min-width: 0;
        font-weight: 700;
      }
      .best {
        text-align: right;
        font-weight: 800;
        color: var(--gd-good);
      }
      .best.pending {
        color: var(--b-soft);
        font-weight: 600;
      }
      .used {
        text-align: right;
        color: var(--b-soft);
      }
      .used small {
        font-size: 0.7em;
      }
      .right {
        text-align: right;
      }
      /* A phone: narrower number columns so team names keep their room. */
      .head > * {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      @container (max-width: 480px) {
        .row {
          --fs: calc(var(--u) * 1.75);
          grid-template-columns: 2em minmax(0, 1fr) 4.8em 2.8em;
          gap: 0.35em;
        }
        .used small {
          display: none;
        }
      }
    `,
  ];

  private shown(): LeaderboardEntry[] {
    return this.entries.filter((e) => e.guesses > 0 || e.best !== null).slice(0, this.limit);
  }

  private rows(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('.row[data-key]')];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('entries') && this.hasUpdated) this.motion.measure(this.rows());
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('entries')) return;
    this.motion.play(this.rows());
    const next = new Map<number, number | null>();
    for (const entry of this.entries) {
      const before = this.bestByTeam.get(entry.teamId);
      if (entry.best !== null && before !== undefined && (before === null || entry.best < before)) {
        const row = this.renderRoot.querySelector<HTMLElement>(`.row[data-key="${entry.teamId}"]`);
        if (row) flash(row);
      }
      next.set(entry.teamId, entry.best);
    }
    this.bestByTeam = next;
  }

  override render() {
    const shown = this.shown();
    return html`<h2 class="panel-title">
        ${t('board.leaderboard.title')}
        <span class="aside" data-testid="playing">${t('board.playing', { n: this.playing, total: this.teams })}</span>
      </h2>
      ${shown.length === 0
        ? html`<div class="empty">${t('board.leaderboard.empty')}</div>`
        : html`<div class="list" style="--rows: ${Math.max(this.limit, 6)}" data-testid="leaderboard">
            <div class="row head">
              <span class="right">${t('board.col.rank')}</span><span>${t('board.col.team')}</span><span class="right">${t('board.col.best')}</span><span class="right">${t('board.col.guesses')}</span>
            </div>
            ${repeat(
              shown,
              (e) => e.teamId,
              (e) => html`<div class="row" data-key=${e.teamId}>
                <span class="rank" data-rank=${e.best === null ? '' : e.rank}>${e.best === null ? '–' : e.rank}</span>
                ${teamLabel(e.number, e.name)}
                <span class="best num ${e.best === null ? 'pending' : ''}" data-testid="best">${e.best === null ? t('board.pending') : num(e.best)}</span>
                <span class="used num">${e.guesses}${this.budget ? html`<small>/${this.budget}</small>` : ''}</span>
              </div>`,
            )}
          </div>`}`;
  }
}
customElements.define('gd-leaderboard', GdLeaderboard);

declare global {
  interface HTMLElementTagNameMap {
    'gd-leaderboard': GdLeaderboard;
  }
}
