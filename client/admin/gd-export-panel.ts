import { LitElement, css, html } from 'lit';
import type { AdminGame } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import type { ExportKind } from './export-files.ts';
import { adminApi, downloadExport, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';

/**
 * Results out, backups in: one CSV per table (every guess; the standings) or a zip of both, times in the game's
 * time zone; a JSON backup of the whole game; and restoring a backup as a new game. Without a game only the
 * restore is offered. Event `gd-changed` {gameId}.
 */
export class GdExportPanel extends LitElement {
  static override properties = {
    game: { attribute: false },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare game: AdminGame | null;
  declare busy: boolean;
  declare error: string;
  declare notice: string;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.game = null;
    this.busy = false;
    this.error = '';
    this.notice = '';
  }

  static override styles = [
    adminStyles,
    css`
      .items {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(15rem, 100%), 1fr));
        gap: 0.8rem;
      }
      .item {
        border: 1px solid #334155;
        border-radius: 8px;
        padding: 0.7rem 0.8rem;
        display: flex;
        flex-direction: column;
        gap: 0.45rem;
        min-width: 0;
      }
      .item p {
        margin: 0;
        color: var(--gd-muted);
        font-size: 0.85rem;
        line-height: 1.45;
      }
      .item b {
        font-size: 0.95rem;
      }
      .files {
        display: flex;
        flex-direction: column;
        gap: 0.55rem;
      }
      .file {
        display: flex;
        gap: 0.6rem;
        align-items: flex-start;
        justify-content: space-between;
      }
      .file > div {
        min-width: 0;
      }
      input[type='file'] {
        display: none;
      }
      .item > button,
      .item label.button {
        align-self: flex-start;
      }
      label.button {
        color: var(--gd-text);
        display: inline-block;
      }
      label.button:hover {
        background: #475569;
      }
      .zone {
        font-size: 0.82rem;
      }
    `,
  ];

  private async download(kind: ExportKind): Promise<void> {
    const game = this.game;
    if (!game) return;
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await downloadExport(game.id, kind);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private async restore(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.error = '';
    this.notice = '';
    let backup: unknown;
    try {
      backup = JSON.parse(await file.text());
    } catch {
      this.error = t('admin.export.notJson', { name: file.name });
      return;
    }
    this.busy = true;
    try {
      const game = await adminApi<AdminGame>('/games/import', { body: backup });
      this.notice = t('admin.export.restored', { title: game.title });
      emit(this, 'gd-changed', { gameId: game.id });
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private file(kind: 'guesses' | 'standings' | 'zip') {
    return html`<div class="file">
      <div>
        <b>${t(`admin.export.${kind}`)}</b>
        <p>${t(`admin.export.${kind}Hint`)}</p>
      </div>
      <button class=${kind === 'zip' ? 'primary' : ''} type="button" ?disabled=${this.busy} data-export=${kind} @click=${() => this.download(kind)}>
        ⬇ ${t('admin.export.download')}
      </button>
    </div>`;
  }

  override render() {
    const game = this.game;
    return html`<section class="panel">
      <h2>${game ? t('admin.export.heading') : t('admin.export.restoreHeading')}</h2>
      <div class="items">
        ${game
          ? html`<div class="item" data-results>
                <b>${t('admin.export.results')}</b>
                <p class="zone" data-time-zone>${game.timeZone ? t('admin.export.timeZone', { zone: game.timeZone }) : t('admin.export.timeZoneServer')}</p>
                <div class="files">${this.file('guesses')} ${this.file('standings')} ${this.file('zip')}</div>
              </div>
              <div class="item">
                <b>${t('admin.export.json')}</b>
                <p>${t('admin.export.jsonHint')}</p>
                <button type="button" ?disabled=${this.busy} data-export="json" @click=${() => this.download('json')}>⬇ ${t('admin.export.jsonButton')}</button>
              </div>`
          : null}
        <div class="item">
          ${game ? html`<b>${t('admin.export.restore')}</b>` : null}
          <p>${t('admin.export.restoreHint')}</p>
          <label class="button" aria-disabled=${this.busy ? 'true' : 'false'}>
            ⬆ ${t('admin.export.restoreButton')}
            <input type="file" accept=".json,application/json" ?disabled=${this.busy} data-restore @change=${this.restore} />
          </label>
        </div>
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : null}
      ${this.notice ? html`<div class="ok" role="status" style="margin-top:0.5rem">${this.notice}</div>` : null}
    </section>`;
  }
}
customElements.define('gd-export-panel', GdExportPanel);

declare global {
  interface HTMLElementTagNameMap {
    'gd-export-panel': GdExportPanel;
  }
}
