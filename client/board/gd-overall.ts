import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { OverallEntry, PublicLevel } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { boardBase, tableRowStyles, tableStyles } from './board-styles.ts';
import { revealedLevels } from './board-state.ts';
import { RowMotion } from './flip.ts';
import { teamLabel } from './team-label.ts';

/** Standings across the game's revealed levels (points are public from the reveal on): points per level and the total. */
export class GdOverall extends LitElement {
  static override properties = {
    entries: { attribute: false },
    levels: { attribute: false },
    limit: { type: Number },
    compact: { type: Boolean, reflect: true },
  };
  declare entries: OverallEntry[];
  declare levels: PublicLevel[];
  declare limit: number;
  /** Total only, no per-level columns (for a side panel). */
  declare compact: boolean;
  private readonly locale = new LocaleController(this);
  private readonly motion = new RowMotion();

  constructor() {
    super();
    this.entries = [];
    this.levels = [];
    this.limit = 10;
    this.compact = false;
  }

  static override styles = [
    boardBase,
    tableStyles,
    tableRowStyles,
    css`
      .row {
        --fs: min(calc(var(--u) * 2), calc(100cqh / (var(--rows) + 1) * 0.5));
      }
      :host([compact]) .row {
        --fs: min(calc(var(--u) * 1.6), calc(100cqh / (var(--rows) + 1) * 0.5));
      }
      .row:nth-child(odd):not(.head) {
        background: rgba(255, 255, 255, 0.04);
      }
      .head > * {
        font-size: 0.62em;
        color: var(--b-soft);
        font-weight: 700;
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
      .level {
        color: var(--b-soft);
      }
      /* A phone: the total only. */
      @container (max-width: 520px) {
        .row {
          grid-template-columns: 2em minmax(0, 1fr) 4em;
        }
        .level {
          display: none;
        }
      }
      .total {
        font-weight: 900;
        color: var(--b-gold);
      }
    `,
  ];

  private revealed(): PublicLevel[] {
    return revealedLevels(this.levels);
  }

  private rows(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('.row[data-key]')];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('entries') && this.hasUpdated) this.motion.measure(this.rows());
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('entries')) this.motion.play(this.rows());
  }

  override render() {
    const all = [...this.levels].sort((a, b) => a.index - b.index);
    const settled = this.compact ? [] : this.revealed();
    const cols = `2.2em minmax(0,1fr) ${settled.map(() => '4.2em').join(' ')} 5em`;
    const shown = this.entries.slice(0, this.limit);
    return html`<h2 class="panel-title">${t('board.overall.title')}
        <span class="aside">${t('board.overall.levels', { n: this.revealed().length, total: this.levels.length })}</span></h2>
      ${shown.length === 0
        ? html`<div class="empty">${t('board.overall.empty')}</div>`
        : html`<div class="list" style="--rows: ${Math.max(this.limit, 5)}; --cols: ${cols}" data-testid="overall">
            <div class="row head">
              <span class="right">${t('board.col.rank')}</span><span>${t('board.col.team')}</span>
              ${settled.map((l) => html`<span class="right level" title=${l.title}>${t('board.levelShort', { n: all.indexOf(l) + 1 })}</span>`)}
              <span class="right">${t('board.col.total')}</span>
            </div>
            ${repeat(
              shown,
              (e) => e.teamId,
              (e) => html`<div class="row" data-key=${e.teamId}>
                <span class="rank" data-rank=${e.points > 0 ? e.rank : ''}>${e.rank}</span>
                ${teamLabel(e.number, e.name)}
                ${settled.map((l) => html`<span class="right num level">${e.levels[String(l.id)] ?? 0}</span>`)}
                <span class="right num total">${e.points}</span>
              </div>`,
            )}
          </div>`}
      ${nothing}`;
  }
}
customElements.define('gd-overall', GdOverall);

declare global {
  interface HTMLElementTagNameMap {
    'gd-overall': GdOverall;
  }
}
