import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import type { CaptionLine } from './caption.ts';
import { optimizerColour } from './palette.ts';

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
      /* Two columns that the lines flow through: a long line does not leave a gap beside a short one. */
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        columns: 2;
        column-gap: calc(var(--u) * 2);
      }
      li {
        break-inside: avoid;
        margin-bottom: calc(var(--u) * 0.35);
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
      ul.dense li {
        font-size: calc(var(--u) * 1.22);
      }
      .mark {
        flex: none;
        width: 0.8em;
        height: 0.8em;
        border-radius: 50%;
        transform: translateY(0.05em);
        background: var(--mark, transparent);
      }
      /* A variant (the standardised run) is dashed on the chart: a ring here. */
      .variant .mark {
        background: transparent;
        border: 0.18em dashed var(--mark);
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
      @media (max-aspect-ratio: 4/5) {
        ul {
          columns: 1;
        }
      }
    `,
  ];

  /** A line in the page's language: its phrase parameters (an optimizer's name, a reason) first. */
  private text(line: CaptionLine): string {
    const params = { ...line.params };
    for (const [name, phrase] of Object.entries(line.phrases ?? {})) params[name] = t(phrase.key, { ...line.params, ...phrase.params });
    return t(line.key, params);
  }

  override render() {
    if (this.lines.length === 0) return html``;
    return html`<ul data-testid="caption" aria-live="polite" class=${this.lines.length > 6 ? 'dense' : ''}>
      ${this.lines.map((line, i) => {
        const colour = line.optimizer ? optimizerColour(line.optimizer) : undefined;
        const kind = line.optimizer ? line.tone : line.about === 'team' ? 'team' : line.tone;
        return html`<li class="${kind} ${line.variant ? 'variant' : ''}" style="transition-delay:${i * 0.35}s">
          <span class="mark" style=${colour ? `--mark:${colour}` : ''}></span><span class="text">${this.text(line)}</span>
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
