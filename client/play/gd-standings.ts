import { LitElement, css, html, nothing } from 'lit';
import type { LeaderboardEntry, OverallEntry } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { teamName } from './labels.ts';
import { levelStandings, overallStandings, podiumOf, visibleRows, type StandingRow } from './standings.ts';
import { baseStyles } from './base-styles.ts';

/**
 * The standings on a team's phone once a level is settled: the team's own place in one line (and its podium place
 * overall), the level's ranking (ranks and best f at the close, points from the reveal on) and the game's overall
 * standings. Long lists show the top ten and the team's own neighbourhood.
 */
export class GdStandings extends LitElement {
  static override properties = {
    leaderboard: { attribute: false },
    overall: { attribute: false },
    teamId: { attribute: false },
    revealed: { type: Boolean },
  };
  declare leaderboard: LeaderboardEntry[] | null;
  declare overall: OverallEntry[] | null;
  declare teamId: number | null;
  /** Points are published: the level is revealed. */
  declare revealed: boolean;

  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.leaderboard = null;
    this.overall = null;
    this.teamId = null;
    this.revealed = false;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.05rem;
      }
      h3 {
        margin: 0.9rem 0 0.35rem;
        font-size: 0.98rem;
      }
      .podium {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 0.7rem;
        margin: 0 0 0.4rem;
        padding: 0.55rem 0.75rem;
        border-radius: 10px;
        background: rgba(251, 191, 36, 0.12);
        border-left: 4px solid var(--gd-warn, #fbbf24);
        font-weight: 700;
      }
      .medal {
        padding: 0.1rem 0.6rem;
        border-radius: 999px;
        font-size: 0.9rem;
        color: #0b1222;
      }
      .medal.m1 {
        background: #fbbf24;
      }
      .medal.m2 {
        background: #cbd5e1;
      }
      .medal.m3 {
        background: #d6a06b;
      }
      .line {
        margin: 0 0 0.3rem;
      }
      .muted {
        color: var(--gd-muted, #94a3b8);
        font-size: 0.85rem;
        margin: 0.3rem 0 0;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        font-size: 0.95rem;
      }
      th,
      td {
        padding: 0.35rem 0.4rem;
        border-bottom: 1px solid #334155;
        text-align: right;
      }
      th {
        color: var(--gd-muted, #94a3b8);
        font-weight: 600;
        font-size: 0.82rem;
      }
      th.team,
      td.team {
        text-align: left;
        overflow-wrap: anywhere;
      }
      td.rank,
      th.rank {
        text-align: left;
        width: 2.6rem;
      }
      tr.own td {
        color: var(--gd-accent, #38bdf8);
        font-weight: 700;
      }
      tr.gap td {
        border-top: 2px dashed #475569;
      }
      td small {
        font-weight: 400;
        color: var(--gd-muted, #94a3b8);
      }
    `,
  ];

  override render() {
    const level = this.leaderboard ? levelStandings(this.leaderboard, this.teamId) : [];
    const overall = this.overall ? overallStandings(this.overall, this.teamId) : [];
    if (level.length === 0 && overall.length === 0) return nothing;
    const podium = this.overall ? podiumOf(this.overall, this.teamId) : null;
    return html`
      ${podium
        ? html`<p class="podium" data-testid="podium">
            ${podium.medal ? html`<span class="medal m${podium.medal}">${t(`standings.medal.${podium.medal}`)}</span>` : nothing}
            <span>${t('standings.podium', { points: podium.points, rank: podium.rank, teams: podium.teams })}</span>
          </p>`
        : nothing}
      ${level.length > 0 ? this.renderLevel(level) : nothing}
      ${overall.length > 0
        ? html`<h3>${t('standings.overall')}</h3>
            ${this.table(overall, 'overall', false, true)}`
        : nothing}
    `;
  }

  private renderLevel(rows: StandingRow[]) {
    const own = rows.find((r) => r.own);
    let line = '';
    if (!own || own.best === null) line = t('standings.noGuess');
    else if (this.revealed && own.points !== null) line = t('standings.levelPoints', { points: own.points, rank: own.rank });
    else line = t('standings.levelRank', { rank: own.rank, teams: rows.length });
    return html`<h2>${t('standings.level')}</h2>
      <p class="line" data-testid="level-line">${line}</p>
      ${this.table(rows, 'level', true, this.revealed)}
      ${this.revealed ? nothing : html`<p class="muted">${t('standings.pointsLater')}</p>`}`;
  }

  private table(rows: StandingRow[], id: string, best: boolean, points: boolean) {
    return html`<table data-testid=${`standings-${id}`}>
      <thead>
        <tr>
          <th class="rank">${t('standings.rank')}</th>
          <th class="team">${t('standings.team')}</th>
          ${best ? html`<th>${t('standings.best')}</th>` : nothing}
          ${points ? html`<th>${t('standings.points')}</th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${visibleRows(rows).map(
          ({ row, gapBefore }) => html`<tr class="${row.own ? 'own' : ''} ${gapBefore ? 'gap' : ''}" data-team=${row.number}>
            <td class="rank">${row.best === null && best ? '—' : row.rank}</td>
            <td class="team">${teamName(row)}${row.own ? html` <small>${t('standings.you')}</small>` : nothing}</td>
            ${best ? html`<td>${num(row.best)}</td>` : nothing}
            ${points ? html`<td>${row.points ?? '—'}</td>` : nothing}
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}
customElements.define('gd-standings', GdStandings);

declare global {
  interface HTMLElementTagNameMap {
    'gd-standings': GdStandings;
  }
}
