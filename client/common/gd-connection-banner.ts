import { LitElement, css, html, nothing } from 'lit';
import { LocaleController, t } from './i18n.ts';
import type { ConnectionState } from './socket-controller.ts';

/** A banner across the top while the realtime connection is down; nothing while connected. */
export class GdConnectionBanner extends LitElement {
  static override properties = { state: { type: String } };
  declare state: ConnectionState;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.state = 'connected';
  }

  static override styles = css`
    div {
      position: fixed;
      inset: 0 0 auto 0;
      z-index: 1000;
      padding: 0.4rem 1rem;
      text-align: center;
      font-weight: 600;
      background: #b45309;
      color: #fff;
    }
  `;

  override render() {
    if (this.state === 'connected') return nothing;
    return html`<div role="status" aria-live="polite">${t(this.state === 'connecting' ? 'conn.connecting' : 'conn.reconnecting')}</div>`;
  }
}
customElements.define('gd-connection-banner', GdConnectionBanner);

declare global {
  interface HTMLElementTagNameMap {
    'gd-connection-banner': GdConnectionBanner;
  }
}
