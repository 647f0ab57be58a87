import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import type { CaptionLine } from './caption.ts';
import { OPTIMIZER_COLOUR } from './palette.ts';

/** What happened, in a few sentences: shown once the optimizers' runs have played. */
export class GdRevealCaption extends LitElement {
  static override properties = {
    lines: { attribute: false },
    visible: { type: Boolean, reflect: true },
  };
  declare lines: CaptionLine[];
  declare visible: boolean;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.lines = [];
    this.visible = false;
  }

  static override styles = [
    boardBase,
    css`
      :host {
        display: block;
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: calc(var(--u) * 0.35) calc(var(--u) * 2);
      }
      li {
        display: flex;
        gap: 0.5em;
        align-items: baseline;
        font-size: calc(var(--u) * 1.45);
        line-height: 1.3;
        opacity: 0;
        transform: translateY(0.4em);
        transition:
          opacity 0.6s ease-out,
          transform 0.6s ease-out;
      }
      :host([visible]) li {
        opacity: 1;
        transform: none;
      }
      .mark {
        flex: none;
        width: 0.8em;
        height: 0.8em;
        border-radius: 50%;
        transform: translateY(0.05em);
      }
      .good .text {
        color: #f0fdf4;
      }
      .info .mark {
        background: var(--b-soft);
      }
      .team .mark {
        background: var(--b-gold);
        border-radius: 0.15em;
      }
      @media (prefers-reduced-motion: reduce) {
        li {
          transition: none;
        }
      }
    `,
  ];

  override render() {
    if (this.lines.length === 0) return html``;
    return html`<ul data-testid="caption" aria-live="polite">
      ${this.lines.map((line, i) => {
        const params = line.params.opt ? { ...line.params, opt: t(`opt.${line.params.opt}`) } : line.params;
        const colour = line.optimizer ? OPTIMIZER_COLOUR[line.optimizer] : undefined;
        const kind = line.optimizer ? line.tone : line.key.startsWith('board.caption.team') || line.key === 'board.caption.bestTeam' ? 'team' : line.tone;
        return html`<li class=${kind} style="transition-delay:${i * 0.35}s">
          <span class="mark" style=${colour ? `background:${colour}` : ''}></span><span class="text">${t(line.key, params)}</span>
        </li>`;
      })}
    </ul>`;
  }
}
customElements.define('gd-reveal-caption', GdRevealCaption);

declare global {
  interface HTMLElementTagNameMap {
    'gd-reveal-caption': GdRevealCaption;
  }
}
