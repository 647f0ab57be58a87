import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../common/i18n.ts';
import { baseStyles } from './base-styles.ts';

/**
 * The team code, large, right after the login that claimed the team: the first device shows it so that teammates
 * can join on their own devices. The header keeps showing it in small once this card is dismissed.
 *
 * @fires gd-dismiss - the team has read the code.
 */
export class GdTeamCode extends LitElement {
  static override properties = {
    code: { type: String },
    number: { type: Number },
  };
  declare code: string;
  declare number: number;

  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.code = '';
    this.number = 0;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .card {
        display: grid;
        gap: 0.45rem;
        padding: 0.8rem 0.9rem;
        border-radius: 14px;
        background: linear-gradient(135deg, rgba(56, 189, 248, 0.18), rgba(129, 140, 248, 0.18));
        border: 2px solid var(--gd-accent, #38bdf8);
      }
      h2 {
        margin: 0;
        font-size: 1.05rem;
      }
      .code {
        margin: 0;
        font-family: var(--gd-mono);
        font-size: clamp(2rem, 11vw, 3rem);
        font-weight: 800;
        letter-spacing: 0.18em;
        color: var(--gd-text, #f8fafc);
        overflow-wrap: anywhere;
      }
      p {
        margin: 0;
        color: #cbd5e1;
        font-size: 0.92rem;
      }
      button {
        justify-self: start;
        font: inherit;
        font-weight: 700;
        padding: 0.4rem 1.1rem;
        border-radius: 999px;
        border: none;
        background: var(--gd-accent, #38bdf8);
        color: #0b1222;
        cursor: pointer;
      }
    `,
  ];

  override render() {
    return html`<section class="card" aria-labelledby="code-title">
      <h2 id="code-title">${t('code.title')}</h2>
      <p class="code" data-testid="team-code-big">${this.code}</p>
      <p>${t('code.lead', { number: this.number })}</p>
      <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('gd-dismiss', { bubbles: true, composed: true }))}>${t('code.ok')}</button>
    </section>`;
  }
}
customElements.define('gd-team-code', GdTeamCode);

declare global {
  interface HTMLElementTagNameMap {
    'gd-team-code': GdTeamCode;
  }
}
