import { LitElement, css, html, nothing } from 'lit';
import type { PublicLevel, Reveal } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import { defaultRuns } from './caption.ts';
import { coords, formatPoint } from '../common/format.ts';
import { OPTIMIZER_COLOUR, STAR_COLOUR } from './palette.ts';
import { teamName } from './team-label.ts';

/** Beside the reveal chart: the function itself, its minimum, the optimizers' key and which colour is which team. */
export class GdRevealLegend extends LitElement {
  static override properties = {
    level: { attribute: false },
    reveal: { attribute: false },
    colours: { attribute: false },
    step: { type: Number },
  };
  declare level: PublicLevel;
  declare reveal: Reveal;
  declare colours: Map<number, string>;
  declare step: number;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.colours = new Map();
    this.step = 0;
  }

  static override styles = [
    boardBase,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: calc(var(--u) * 0.9);
        min-height: 0;
        height: 100%;
        overflow: hidden;
      }
      .fn {
        font-family: var(--gd-mono);
        font-weight: 700;
        font-size: calc(var(--u) * 1.5);
        color: #fff;
        overflow-wrap: anywhere;
        line-height: 1.25;
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .fn.long {
        font-size: calc(var(--u) * 1.05);
        -webkit-line-clamp: 3;
      }
      .min {
        font-size: calc(var(--u) * 1.4);
        display: flex;
        align-items: center;
        gap: 0.4em;
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: calc(var(--u) * 0.3);
      }
      .opt {
        display: grid;
        grid-template-columns: 1.6em minmax(0, 1fr) auto;
        align-items: center;
        gap: 0.4em;
        font-size: calc(var(--u) * 1.35);
        font-weight: 700;
      }
      .opt .num {
        font-size: 0.85em;
      }
      .line {
        height: 0.32em;
        border-radius: 0.2em;
      }
      .line.dash {
        background-size: 0.9em 100% !important;
      }
      .teams {
        font-size: calc(var(--u) * 1.15);
        color: var(--b-soft);
        display: flex;
        align-items: center;
        gap: 0.5em;
      }
      .dots {
        display: inline-flex;
        gap: 0.15em;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: calc(var(--u) * 0.35);
        overflow: hidden;
      }
      .chip {
        min-width: 2.1em;
        padding: 0.05em 0.35em;
        border-radius: 0.3em;
        text-align: center;
        font-family: var(--gd-mono);
        font-weight: 900;
        font-size: calc(var(--u) * 1.3);
        color: #020617;
      }
    `,
  ];

  override render() {
    const { reveal, level } = this;
    if (!reveal || !level) return nothing;
    const runs = defaultRuns(reveal);
    const fnLabel = level.dims === 1 ? 'f(x) =' : 'f(x, y) =';
    const argmin = coords(reveal.argmin);
    return html`
      <section class="panel">
        <h2 class="panel-title">${t('board.reveal.function')}</h2>
        <div class="fn ${reveal.expression.length > 60 ? 'long' : ''}" data-testid="expression">${fnLabel} ${reveal.expression}</div>
        <div class="min">
          <span style="color:${STAR_COLOUR}">★</span>
          <span>${t('board.reveal.minimum', { fStar: num(reveal.fStar, 3), at: argmin.length === 1 ? `x = ${num(argmin[0], 2)}` : `(x, y) = ${formatPoint(argmin, 2)}` })}</span>
        </div>
      </section>
      ${runs.length
        ? html`<section class="panel">
            <h2 class="panel-title">${t('board.reveal.optimizers')}</h2>
            <ul>
              ${runs.map((run) => {
                const colour = OPTIMIZER_COLOUR[run.optimizer];
                const dashed = run.optimizer === 'adam';
                const point = run.path[Math.min(this.step, run.path.length - 1)];
                return html`<li class="opt">
                  <span
                    class="line ${dashed ? 'dash' : ''}"
                    style="background:${dashed ? `linear-gradient(to right, ${colour} 60%, transparent 60%)` : colour}"
                  ></span>
                  <span class="ellipsis">${t(`opt.${run.optimizer}`)}</span>
                  <span class="num">${run.diverged && this.step >= run.path.length - 1 ? t('board.reveal.diverged') : `f = ${num(point?.fx, 3)}`}</span>
                </li>`;
              })}
            </ul>
          </section>`
        : html`<section class="panel"><div class="teams">${t('board.reveal.noReference')}</div></section>`}
      <section class="panel" style="flex:1; min-height:0">
        <h2 class="panel-title">${t('board.reveal.teamPaths')}</h2>
        <div class="chips">
          ${[...reveal.paths]
            .filter((p) => p.path.length > 0)
            .sort((a, b) => a.number - b.number)
            .map((p) => html`<span class="chip" title=${teamName(p.number, p.name)} style="background:${this.colours.get(p.teamId) ?? '#94a3b8'}">${p.number}</span>`)}
        </div>
      </section>
    `;
  }
}
customElements.define('gd-reveal-legend', GdRevealLegend);

declare global {
  interface HTMLElementTagNameMap {
    'gd-reveal-legend': GdRevealLegend;
  }
}
