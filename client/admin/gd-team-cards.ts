import { LitElement, css, html, type PropertyValues } from 'lit';
import QRCode from 'qrcode';
import type { AdminGame, AdminTeam } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { emit } from './session.ts';
import { adminStyles } from './styles.ts';

/** The play page for one team: scanning the card's QR code fills in the team number. */
export function teamUrl(joinUrl: string, team: number): string {
  try {
    const url = new URL(joinUrl);
    url.searchParams.set('team', String(team));
    return url.toString();
  } catch {
    return `${joinUrl}${joinUrl.includes('?') ? '&' : '?'}team=${team}`;
  }
}

/**
 * A printable sheet of team cards: the team number (and its name when the instructor gave one; an empty name is the
 * default, which the number already says), PIN when used, the join address and a QR code to the team's page.
 */
export class GdTeamCards extends LitElement {
  static override properties = {
    game: { attribute: false },
    teams: { attribute: false },
    joinUrls: { attribute: false },
    url: { state: true },
    qrs: { state: true },
  };
  declare game: AdminGame | null;
  declare teams: AdminTeam[];
  declare joinUrls: string[];
  declare url: string;
  /** QR codes (data URLs) by the address they encode. */
  declare qrs: ReadonlyMap<string, string>;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.game = null;
    this.teams = [];
    this.joinUrls = [];
    this.url = '';
    this.qrs = new Map();
  }

  static override styles = [
    adminStyles,
    css`
      .toolbar {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 1rem;
      }
      .toolbar select,
      .toolbar input {
        min-width: min(18rem, 100%);
        max-width: 100%;
      }
      .toolbar label {
        min-width: 0;
        max-width: 100%;
      }
      .sheet {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(19rem, 100%), 1fr));
        gap: 0.8rem;
      }
      .card {
        background: #fff;
        color: #0f172a;
        border-radius: 10px;
        border: 2px dashed #94a3b8;
        padding: 0.9rem 1rem;
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.2rem 0.8rem;
        break-inside: avoid;
        page-break-inside: avoid;
      }
      .game {
        font-size: 0.8rem;
        color: #475569;
        grid-column: 1 / -1;
      }
      .team {
        font-size: 2.1rem;
        font-weight: 800;
        line-height: 1.1;
      }
      .name {
        font-size: 0.95rem;
        color: #334155;
      }
      .pin {
        margin-top: 0.4rem;
        font-size: 1rem;
      }
      .pin b {
        font-family: var(--gd-mono);
        font-size: 1.35rem;
        letter-spacing: 0.1em;
      }
      .how {
        margin-top: 0.5rem;
        font-size: 0.78rem;
        color: #334155;
        line-height: 1.4;
      }
      .url {
        grid-column: 1 / -1;
        font-family: var(--gd-mono);
        font-size: 0.95rem;
        word-break: break-all;
        font-weight: 700;
        margin-top: 0.3rem;
      }
      .qr {
        width: 118px;
        height: 118px;
        grid-row: 2 / span 3;
        grid-column: 2;
        image-rendering: pixelated;
      }
      @media print {
        :host {
          color: #000;
        }
        .toolbar {
          display: none;
        }
        .sheet {
          grid-template-columns: 1fr 1fr;
          gap: 6mm;
        }
        .card {
          border-color: #64748b;
          color: #000;
        }
      }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('joinUrls') && !this.joinUrls.includes(this.url)) this.url = this.joinUrls[0] ?? `${location.origin}/`;
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('url') || changed.has('teams')) void this.makeQrs(this.teams.map((team) => teamUrl(this.url, team.number)));
  }

  private async makeQrs(urls: string[]): Promise<void> {
    const missing = urls.filter((url) => !this.qrs.has(url));
    if (missing.length === 0) return;
    const made = new Map(this.qrs);
    for (const url of missing) {
      try {
        made.set(url, await QRCode.toDataURL(url, { margin: 1, width: 236, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } }));
      } catch {
        // No code for this one: the card still shows the address.
      }
    }
    this.qrs = made;
  }

  override render() {
    if (!this.game) return null;
    const teams = [...this.teams].sort((a, b) => a.number - b.number);
    const showPin = this.game.requirePin || teams.some((team) => team.pin);
    const urls = this.joinUrls.length ? this.joinUrls : [`${location.origin}/`];
    return html`<div class="toolbar">
        <button type="button" @click=${() => emit(this, 'gd-view', { view: 'teams' })}>← ${t('admin.cards.back')}</button>
        <label class="row" style="gap:0.4rem">${t('admin.cards.address')}
          ${urls.length > 1
            ? html`<select @change=${(e: Event) => (this.url = (e.target as HTMLSelectElement).value)}>
                ${urls.map((u) => html`<option value=${u} ?selected=${u === this.url}>${u}</option>`)}
              </select>`
            : html`<input .value=${this.url} @change=${(e: Event) => (this.url = (e.target as HTMLInputElement).value.trim() || urls[0])} />`}
        </label>
        <span class="spacer"></span>
        <span class="muted">${t('admin.cards.count', { n: teams.length })}</span>
        <button class="primary" type="button" @click=${() => window.print()}>${t('admin.cards.print')}</button>
      </div>
      <div class="sheet">
        ${teams.map(
          (team) => {
            const url = teamUrl(this.url, team.number);
            const qr = this.qrs.get(url);
            return html`<article class="card" data-card=${team.number}>
            <div class="game">${this.game!.title}</div>
            <div>
              <div class="team">${t('admin.cards.team', { n: team.number })}</div>
              ${team.name.trim() ? html`<div class="name" data-name>${team.name}</div>` : null}
            </div>
            ${showPin ? html`<div class="pin">${t('admin.cards.pin')} <b>${team.pin ?? '—'}</b></div>` : null}
            <div class="how">${t('admin.cards.how')}</div>
            <div class="url">${this.url}</div>
            ${qr ? html`<img class="qr" src=${qr} data-url=${url} alt=${t('admin.cards.qr', { url })} />` : html`<div class="qr"></div>`}
          </article>`;
          },
        )}
      </div>`;
  }
}
customElements.define('gd-team-cards', GdTeamCards);

declare global {
  interface HTMLElementTagNameMap {
    'gd-team-cards': GdTeamCards;
  }
}
