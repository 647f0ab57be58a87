import { LitElement, css, html, nothing, svg } from 'lit';
import QRCode from 'qrcode';
import { LocaleController, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';

/** The QR code of `text` as one SVG path (drawn by Lit, no innerHTML), with the standard quiet zone. */
function qrSvg(text: string) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const quiet = 4;
  let d = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (modules.get(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const full = size + quiet * 2;
  return svg`<svg viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges" role="img" aria-label=${text}>
    <rect width=${full} height=${full} fill="#fff"></rect><path d=${d} fill="#000"></path></svg>`;
}

/** How to join: the classroom address, its QR code and, when the instructor shows it, the level password. */
export class GdJoinCard extends LitElement {
  static override properties = {
    urls: { attribute: false },
    password: { type: String },
    variant: { type: String, reflect: true },
  };
  declare urls: string[];
  declare password: string | undefined;
  declare variant: 'hero' | 'side';
  private readonly locale = new LocaleController(this);
  private qrFor = '';
  private qr: ReturnType<typeof qrSvg> | null = null;

  constructor() {
    super();
    this.urls = [];
    this.password = undefined;
    this.variant = 'side';
  }

  static override styles = [
    boardBase,
    css`
      :host {
        display: block;
        min-height: 0;
      }
      .card {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: calc(var(--u) * 1.2);
        align-items: center;
        height: 100%;
      }
      .qr {
        width: calc(var(--u) * 11);
        aspect-ratio: 1;
        border-radius: calc(var(--u) * 0.4);
        overflow: hidden;
        background: #fff;
      }
      :host([variant='hero']) .qr {
        width: calc(var(--u) * 19);
      }
      .qr svg {
        display: block;
        width: 100%;
        height: 100%;
      }
      .label {
        color: var(--b-soft);
        font-size: calc(var(--u) * 1.15);
        font-weight: 700;
        letter-spacing: 0.04em;
      }
      .url {
        font-family: var(--gd-mono);
        font-weight: 800;
        font-size: calc(var(--u) * 1.75);
        color: var(--gd-accent);
        overflow-wrap: anywhere;
        line-height: 1.2;
      }
      :host([variant='hero']) .url {
        font-size: calc(var(--u) * 2.8);
      }
      .others {
        margin-top: calc(var(--u) * 0.3);
        font-family: var(--gd-mono);
        font-size: calc(var(--u) * 1);
        color: var(--b-soft);
        overflow-wrap: anywhere;
      }
      .steps {
        margin: calc(var(--u) * 0.8) 0 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: calc(var(--u) * 0.35);
        font-size: calc(var(--u) * 1.25);
      }
      :host([variant='hero']) .steps {
        font-size: calc(var(--u) * 1.7);
      }
      .password {
        display: inline-block;
        margin-left: 0.3em;
        padding: 0.05em 0.45em;
        border-radius: 0.3em;
        background: var(--gd-warn);
        color: #111827;
        font-family: var(--gd-mono);
        font-weight: 900;
        font-size: 1.5em;
        letter-spacing: 0.04em;
        vertical-align: middle;
      }
    `,
  ];

  override render() {
    const [primary, ...others] = this.urls;
    if (!primary) return nothing;
    if (primary !== this.qrFor) {
      this.qrFor = primary;
      this.qr = qrSvg(primary);
    }
    return html`<div class="card">
      <div class="qr">${this.qr}</div>
      <div>
        <div class="label">${t('board.join.open')}</div>
        <div class="url" data-testid="join-url">${primary}</div>
        ${others.length ? html`<div class="others">${t('board.join.or', { urls: others.slice(0, 2).join('  ·  ') })}</div>` : nothing}
        <ol class="steps">
          <li>${t('board.join.team')}</li>
          ${this.password
            ? html`<li>${t('board.join.password')}<span class="password" data-testid="password">${this.password}</span></li>`
            : html`<li>${t('board.join.passwordAnnounced')}</li>`}
        </ol>
      </div>
    </div>`;
  }
}
customElements.define('gd-join-card', GdJoinCard);

declare global {
  interface HTMLElementTagNameMap {
    'gd-join-card': GdJoinCard;
  }
}
