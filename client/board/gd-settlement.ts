import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { COMPARISON_CAP, type TeamVerdict } from '../../shared/comparison.ts';
import { OPTIMIZERS } from '../../shared/optimizers.ts';
import type { LeaderboardEntry, Reveal } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { boardBase, tableRowStyles, tableStyles } from './board-styles.ts';
import { optimizerColour } from './palette.ts';
import { teamVerdicts } from './runs.ts';
import { teamLabel } from './team-label.ts';

/**
 * Settlement (結算) of a level. Closed: the final ranking, best f and guesses (points and regret would give f* away
 * before the reveal). Revealed: points and regret too, and what GD, momentum and Adam reached from each team's first
 * guess with as many evaluations as the team used (shared/comparison.ts), the cap said when it applied.
 */
export class GdSettlement extends LitElement {
  static override properties = {
    entries: { attribute: false },
    reveal: { attribute: false },
    colours: { attribute: false },
    limit: { type: Number },
  };
  declare entries: LeaderboardEntry[];
  declare reveal: Reveal | undefined;
  declare colours: Map<number, string> | undefined;
  declare limit: number;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.entries = [];
    this.reveal = undefined;
    this.colours = undefined;
    this.limit = 12;
  }

  static override styles = [
    boardBase,
    tableStyles,
    tableRowStyles,
    css`
      .row {
        --fs: min(calc(var(--u) * 1.9), calc(100cqh / (var(--rows) + 1) * 0.5));
        animation: rise 0.5s ease-out backwards;
      }
      .row:nth-child(odd):not(.head) {
        background: rgba(255, 255, 255, 0.04);
      }
      @keyframes rise {
        from {
          opacity: 0;
          transform: translateY(0.6em);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .row {
          animation: none;
        }
      }
      .head > * {
        font-size: 0.62em;
        color: var(--b-soft);
        font-weight: 700;
        letter-spacing: 0.04em;
        animation: none;
      }
      .head {
        animation: none;
      }
      .head .opt {
        font-weight: 800;
      }
      .team {
        display: flex;
        align-items: center;
        gap: 0.45em;
        min-width: 0;
        font-weight: 700;
      }
      .right {
        text-align: right;
      }
      .best {
        color: var(--gd-text);
        font-weight: 700;
      }
      .regret {
        color: var(--b-soft);
      }
      .points {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 2.4em;
        align-items: center;
        gap: 0.35em;
        font-weight: 900;
        color: var(--b-gold);
        text-align: right;
      }
      .bar {
        height: 0.38em;
        border-radius: 0.2em;
        background: rgba(250, 204, 21, 0.14);
        overflow: hidden;
      }
      .bar i {
        display: block;
        height: 100%;
        width: var(--share);
        background: var(--b-gold);
        border-radius: inherit;
      }
      .ref {
        text-align: right;
        color: var(--b-soft);
      }
      .ref.beaten {
        text-decoration: line-through;
        text-decoration-color: var(--gd-good);
        text-decoration-thickness: 0.12em;
      }
      /* A phone: rank, team, best f and points; regret and the optimizers' columns need a wider screen. */
      @container (max-width: 560px) {
        .row {
          --fs: calc(var(--u) * 1.7);
          gap: 0.4em;
        }
        .revealed .row {
          grid-template-columns: 1.6em minmax(0, 1fr) 5em 2.6em;
        }
        .revealed .regret,
        .ref,
        .head .opt,
        .points .bar {
          display: none;
        }
        .points {
          grid-template-columns: auto;
        }
      }
      @media (max-aspect-ratio: 4/5) {
        .aside.compare {
          display: none;
        }
      }
      .more {
        font-size: calc(var(--u) * 1.2);
        color: var(--b-soft);
        text-align: center;
        padding-top: calc(var(--u) * 0.4);
      }
    `,
  ];

  private verdictCache: { reveal: Reveal | undefined; entries: LeaderboardEntry[]; verdicts: Map<number, TeamVerdict> } | null = null;

  private verdicts(): Map<number, TeamVerdict> {
    const { reveal, entries } = this;
    if (!reveal) return new Map();
    if (this.verdictCache?.reveal !== reveal || this.verdictCache.entries !== entries) {
      this.verdictCache = { reveal, entries, verdicts: teamVerdicts(reveal, entries) };
    }
    return this.verdictCache.verdicts;
  }

  private hint(revealed: boolean, verdicts: Map<number, TeamVerdict>) {
    if (!revealed) return html`<span class="aside">${t('board.settlement.pointsLater')}</span>`;
    if (verdicts.size === 0) return nothing;
    const capped = [...verdicts.values()].some((v) => v.capped);
    return html`<span class="aside compare">${t('board.settlement.compareHint')}${capped ? html` ${t('compare.capped', { n: COMPARISON_CAP })}` : nothing}</span>`;
  }

  override render() {
    const revealed = !!this.reveal;
    const verdicts = this.verdicts();
    const compare = verdicts.size > 0;
    const cols = !revealed
      ? '2em minmax(0,1fr) 6em 4.6em'
      : compare
        ? '2em minmax(0,1fr) 5em 4.6em 5.6em repeat(3, 5em)'
        : '2em minmax(0,1fr) 5.2em 4.8em 6.6em';
    const shown = this.entries.slice(0, this.limit);
    const rest = this.entries.length - shown.length;
    return html`<h2 class="panel-title">${t('board.settlement.title')}${this.hint(revealed, verdicts)}</h2>
      ${shown.length === 0
        ? html`<div class="empty">${t('board.settlement.empty')}</div>`
        : html`<div class="list ${revealed ? 'revealed' : ''}" style="--rows: ${Math.max(shown.length, 8)}; --cols: ${cols}" data-testid="settlement">
            <div class="row head">
              <span class="right">${t('board.col.rank')}</span><span>${t('board.col.team')}</span>
              <span class="right">${t('board.col.best')}</span>
              ${revealed
                ? html`<span class="right regret">${t('board.col.regret')}</span><span class="right">${t('board.col.points')}</span>`
                : html`<span class="right">${t('board.col.guesses')}</span>`}
              ${compare ? OPTIMIZERS.map((o) => html`<span class="right opt" style="color:${optimizerColour(o)}">${t(`board.short.${o}`)}</span>`) : nothing}
            </div>
            ${repeat(
              shown,
              (e) => e.teamId,
              (e, i) => html`<div class="row" data-key=${e.teamId} style="animation-delay:${Math.min(i, 20) * 70}ms">
                <span class="rank" data-rank=${e.best === null ? '' : e.rank}>${e.best === null ? '–' : e.rank}</span>
                ${teamLabel(e.number, e.name, this.colours?.get(e.teamId))}
                <span class="right num best" data-testid="best">${num(e.best, 3)}</span>
                ${revealed
                  ? html`<span class="right num regret" data-testid="regret">${e.regret === undefined ? '' : num(e.regret === null ? null : Math.max(0, e.regret), 3)}</span>
                      <span class="points num" style="--share:${((e.points ?? 0) / 10).toFixed(1)}%"
                        ><span class="bar"><i></i></span><span data-testid="points">${e.points ?? ''}</span></span
                      >`
                  : html`<span class="right num regret" data-testid="guesses">${e.guesses}</span>`}
                ${compare
                  ? OPTIMIZERS.map((o) => {
                      const verdict = verdicts.get(e.teamId)?.optimizers.find((v) => v.optimizer === o && !v.variant);
                      return html`<span class="ref num ${verdict?.outcome === 'beat' ? 'beaten' : ''}" data-testid="ref-${o}">${num(verdict?.best ?? null, 3)}</span>`;
                    })
                  : nothing}
              </div>`,
            )}
          </div>
          ${rest > 0 ? html`<div class="more">${t('board.more', { n: rest })}</div>` : nothing}`}`;
  }
}
customElements.define('gd-settlement', GdSettlement);

declare global {
  interface HTMLElementTagNameMap {
    'gd-settlement': GdSettlement;
  }
}
