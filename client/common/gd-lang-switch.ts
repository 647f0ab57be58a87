import { LitElement, css, html } from 'lit';
import { getLocale, LocaleController, setLocale, t } from './i18n.ts';

/** A button that toggles zh-TW ⇄ en. */
export class GdLangSwitch extends LitElement {
  private readonly locale = new LocaleController(this);
  static override styles = css`
    button {
      font: inherit;
      padding: 0.3rem 0.7rem;
      border-radius: 999px;
      border: 1px solid currentColor;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
  `;
  override render() {
    return html`<button type="button" @click=${() => setLocale(getLocale() === 'en' ? 'zh-TW' : 'en')}>${t('lang.switch')}</button>`;
  }
}
customElements.define('gd-lang-switch', GdLangSwitch);

declare global {
  interface HTMLElementTagNameMap {
    'gd-lang-switch': GdLangSwitch;
  }
}
