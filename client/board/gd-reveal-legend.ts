import { LitElement, css, html, nothing } from 'lit';
import type { PublicLevel, Reveal } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import { coords } from '../common/format.ts';
import { axisNames, displayExpression, functionOf, pointText } from './level-text.ts';
import { optimizerColour, STAR_COLOUR } from './palette.ts';
import { runNameKey, runSettings, shownRuns } from './runs.ts';
import { teamName } from './team-label.ts';

/**
 * Beside the reveal chart: the function itself (in the level's own names: f(a, b) on the regression), its minimum,
 * the key of the optimizers' runs with their settings (lr, β, steps), and which colour is which team.
 */
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
        grid-template-areas: 'line name value' '. settings settings';
        align-items: center;
        column-gap: 0.4em;
        font-size: calc(var(--u) * 1.3);
        font-weight: 700;
      }
      .opt .line {
        grid-area: line;
      }
      .opt .name {
        grid-area: name;
        line-height: 1.15;
      }
      .opt .num {
        grid-area: value;
        font-size: 0.85em;
      }
      .opt .settings {
        grid-area: settings;
        font-size: 0.72em;
        font-weight: 600;
        color: var(--b-soft);
      }
      .line {
        height: 0.32em;
        border-radius: 0.2em;
      }
      .line.dash {
        background-size: 0.6em 100% !important;
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
      section.panel {
        flex: none;
      }
      section.teams-panel {
        flex: 1 1 auto;
        min-height: calc(var(--u) * 4.5);
        overflow: hidden;
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
    const runs = shownRuns(reveal);
    const axes = axisNames(level);
    const expression = displayExpression(reveal.expression, axes);
    const at = pointText(coords(reveal.argmin), axes, (v) => num(v, 4), '=');
    return html`
      <section class="panel">
        <h2 class="panel-title">${t('board.reveal.function')}</h2>
        <div class="fn ${expression.length > 60 ? 'long' : ''}" data-testid="expression">${functionOf(axes)} = ${expression}</div>
        <div class="min">
          <span style="color:${STAR_COLOUR}">★</span>
          <span data-testid="minimum">${t('board.reveal.minimum', { fStar: num(reveal.fStar, 3), at })}</span>
        </div>
      </section>
      ${runs.length
        ? html`<section class="panel">
            <h2 class="panel-title">${t('board.reveal.optimizers')}</h2>
            <ul data-testid="runs">
              ${runs.map((run) => {
                const colour = optimizerColour(run.optimizer);
                const dashed = !!run.variant;
                const point = run.path[Math.min(this.step, run.path.length - 1)];
                const settings = runSettings(run, (v) => num(v, 3));
                return html`<li class="opt" data-optimizer=${run.optimizer} data-variant=${run.variant ?? ''}>
                  <span
                    class="line ${dashed ? 'dash' : ''}"
                    style="background:${dashed ? `linear-gradient(to right, ${colour} 60%, transparent 60%)` : colour}"
                  ></span>
                  <span class="name">${t(runNameKey(run))}</span>
                  <span class="num">${run.diverged && this.step >= run.path.length - 1 ? t('board.reveal.diverged') : `f = ${num(point?.fx, 4)}`}</span>
                  <span class="settings num" data-testid="settings">${t(settings.key, settings.params)}</span>
                </li>`;
              })}
            </ul>
          </section>`
        : html`<section class="panel"><div class="teams">${t('board.reveal.noReference')}</div></section>`}
      <section class="panel teams-panel">
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
