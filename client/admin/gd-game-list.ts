import { LitElement, css, html } from 'lit';
import type { AdminGame } from '../../shared/protocol.ts';
import { getLocale, LocaleController, t } from '../common/i18n.ts';
import { confirmAction } from './gd-confirm-dialog.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';

/**
 * Every game: create, open, rename, duplicate for next term, make active, delete.
 * Events: `gd-select-game` {gameId}, `gd-changed` {gameId?}.
 */
export class GdGameList extends LitElement {
  static override properties = {
    games: { attribute: false },
    selectedId: { type: Number },
    renaming: { state: true },
    busy: { state: true },
    error: { state: true },
    errorFor: { state: true },
    notice: { state: true },
  };
  declare games: AdminGame[];
  declare selectedId: number | null;
  declare renaming: number | null;
  declare busy: boolean;
  declare error: string;
  declare errorFor: number | 'create' | null;
  declare notice: string;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.games = [];
    this.selectedId = null;
    this.renaming = null;
    this.busy = false;
    this.error = '';
    this.errorFor = null;
    this.notice = '';
  }

  static override styles = [
    adminStyles,
    css`
      form.create {
        display: flex;
        gap: 0.5rem;
        margin-bottom: 0.8rem;
      }
      form.create input {
        flex: 1;
        max-width: 26rem;
      }
      td.actions button {
        margin: 0.1rem 0 0.1rem 0.25rem;
      }
      .notice {
        color: var(--gd-good);
        font-size: 0.88rem;
        margin: 0.2rem 0 0.5rem;
      }
      tr.selected td {
        background: #172554;
      }
      td.title {
        font-weight: 600;
        font-size: 0.95rem;
      }
      td.title button.link {
        background: none;
        border: none;
        padding: 0;
        color: var(--gd-text);
        font-weight: 600;
        font-size: 0.95rem;
        text-align: left;
        white-space: normal;
      }
      td.title button.link:hover {
        color: var(--gd-accent);
        background: none;
        text-decoration: underline;
      }
      .active {
        color: var(--gd-good);
        margin-left: 0.4rem;
      }
      td.actions {
        text-align: right;
        white-space: nowrap;
      }
      td.actions button {
        margin-left: 0.25rem;
      }
      form.rename {
        display: flex;
        gap: 0.35rem;
      }
      form.rename input {
        flex: 1;
      }
    `,
  ];

  private async run(target: number | 'create', action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.errorFor = target;
    this.notice = '';
    try {
      await action();
      this.errorFor = null;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private create(e: Event): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('title') as HTMLInputElement;
    const title = input.value.trim();
    if (!title) {
      this.errorFor = 'create';
      this.error = t('admin.games.titleNeeded');
      return;
    }
    void this.run('create', async () => {
      const game = await adminApi<AdminGame>('/games', { body: { title } });
      input.value = '';
      emit(this, 'gd-changed', { gameId: game.id, view: 'levels' });
    });
  }

  private rename(e: Event, game: AdminGame): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('title') as HTMLInputElement;
    const title = input.value.trim();
    if (!title || title === game.title) {
      this.renaming = null;
      return;
    }
    void this.run(game.id, async () => {
      await adminApi(`/games/${game.id}`, { method: 'PATCH', body: { title } });
      this.renaming = null;
      emit(this, 'gd-changed', {});
    });
  }

  private activate(game: AdminGame): void {
    void this.run(game.id, async () => {
      await adminApi(`/games/${game.id}/activate`, { method: 'POST' });
      emit(this, 'gd-changed', {});
    });
  }

  private duplicate(game: AdminGame): void {
    void this.run(game.id, async () => {
      // stay on the list: the copy appears in it, ready to be renamed for next term
      const copy = await adminApi<AdminGame>(`/games/${game.id}/duplicate`, { method: 'POST' });
      this.renaming = copy.id;
      this.notice = t('admin.games.duplicated', { title: copy.title });
      emit(this, 'gd-changed', {});
    });
  }

  private async confirmDelete(game: AdminGame): Promise<void> {
    const ok = await confirmAction({
      title: t('admin.games.deleteTitle', { title: game.title }),
      message: t('admin.games.deleteBody', { levels: game.levels, teams: game.teams }),
      confirmLabel: t('admin.delete'),
    });
    if (!ok) return;
    await this.run(game.id, async () => {
      await adminApi(`/games/${game.id}`, { method: 'DELETE' });
      emit(this, 'gd-changed', { removedGameId: game.id });
    });
  }

  private date(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(getLocale(), { year: 'numeric', month: 'short', day: 'numeric' });
  }

  private row(game: AdminGame) {
    const renaming = this.renaming === game.id;
    return html`<tr class=${game.id === this.selectedId ? 'selected' : ''} data-game=${game.id}>
        <td class="title full">
          ${renaming
            ? html`<form class="rename" @submit=${(e: Event) => this.rename(e, game)}>
                <input name="title" .value=${game.title} aria-label=${t('admin.games.title')} maxlength="200" autofocus
                  @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.renaming = null)} />
                <button class="primary small" type="submit">${t('admin.save')}</button>
                <button class="small" type="button" @click=${() => (this.renaming = null)}>${t('admin.cancel')}</button>
              </form>`
            : html`<button class="link" type="button" @click=${() => emit(this, 'gd-select-game', { gameId: game.id })}>${game.title}</button>${game.active
                  ? html`<span class="badge active">${t('admin.games.active')}</span>`
                  : null}`}
        </td>
        <td class="num" data-label=${t('admin.games.levels')}>${game.levels}</td>
        <td class="num" data-label=${t('admin.games.teams')}>${game.teams}</td>
        <td class="muted" data-label=${t('admin.games.created')}>${this.date(game.createdAt)}</td>
        <td class="actions">
          <button class="small primary" type="button" @click=${() => emit(this, 'gd-select-game', { gameId: game.id })}>${t('admin.games.open')}</button>
          <button class="small" type="button" ?disabled=${game.active || this.busy} @click=${() => this.activate(game)}
            title=${t('admin.games.activateHint')}>${t('admin.games.activate')}</button>
          <button class="small" type="button" ?disabled=${this.busy} @click=${() => (this.renaming = game.id)}>${t('admin.rename')}</button>
          <button class="small" type="button" ?disabled=${this.busy} @click=${() => this.duplicate(game)}
            title=${t('admin.games.duplicateHint')}>${t('admin.games.duplicate')}</button>
          <button class="small danger" type="button" ?disabled=${this.busy} @click=${() => this.confirmDelete(game)}>${t('admin.delete')}</button>
        </td>
      </tr>
      ${this.error && this.errorFor === game.id
        ? html`<tr><td colspan="5"><div class="error" role="alert">${this.error}</div></td></tr>`
        : null}`;
  }

  override render() {
    return html`<section class="panel">
      <h2>${t('admin.games.heading')}</h2>
      <form class="create" @submit=${this.create}>
        <input name="title" placeholder=${t('admin.games.newPlaceholder')} aria-label=${t('admin.games.newPlaceholder')} maxlength="200" />
        <button class="primary" type="submit" ?disabled=${this.busy}>${t('admin.games.create')}</button>
      </form>
      ${this.error && this.errorFor === 'create' ? html`<div class="error" role="alert">${this.error}</div>` : null}
      ${this.notice ? html`<div class="notice" role="status" data-notice>${this.notice}</div>` : null}
      ${this.games.length === 0
        ? html`<p class="empty">${t('admin.games.none')}</p>`
        : html`<table class="stack">
            <thead>
              <tr>
                <th>${t('admin.games.title')}</th>
                <th class="num">${t('admin.games.levels')}</th>
                <th class="num">${t('admin.games.teams')}</th>
                <th>${t('admin.games.created')}</th>
                <th><span class="sr-only">${t('admin.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${this.games.map((g) => this.row(g))}
            </tbody>
          </table>`}
    </section>`;
  }
}
customElements.define('gd-game-list', GdGameList);

declare global {
  interface HTMLElementTagNameMap {
    'gd-game-list': GdGameList;
  }
}
