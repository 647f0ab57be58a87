import { LitElement, css, html, type PropertyValues } from 'lit';
import type { AdminGame, GamePatch } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';

/** A game's settings: title, login delay, team PINs, what teams and the board may see. Event `gd-changed`. */
export class GdGameSettings extends LitElement {
  static override properties = {
    game: { attribute: false },
    draft: { state: true },
    busy: { state: true },
    error: { state: true },
    saved: { state: true },
  };
  declare game: AdminGame | null;
  /** The settings this form edits (the game's level defaults, time zone and password choice have their own). */
  declare draft: Required<Pick<GamePatch, 'title' | 'loginDelayMs' | 'requirePin' | 'showLeaderboard' | 'showFeedValues'>>;
  declare busy: boolean;
  declare error: string;
  declare saved: boolean;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.game = null;
    this.draft = { title: '', loginDelayMs: 10_000, requirePin: false, showLeaderboard: true, showFeedValues: false };
    this.busy = false;
    this.error = '';
    this.saved = false;
  }

  static override styles = [
    adminStyles,
    css`
      form {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 0.8rem 1.2rem;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .hint {
        color: var(--gd-muted);
        font-size: 0.8rem;
        margin: 0.1rem 0 0 1.4rem;
      }
      .delay {
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
      .delay input {
        width: 6rem;
      }
      .checks {
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
      }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get('game') as AdminGame | null | undefined;
    if (changed.has('game') && this.game && (!previous || previous.id !== this.game.id || !this.dirty(previous))) {
      const g = this.game;
      this.draft = { title: g.title, loginDelayMs: g.loginDelayMs, requirePin: g.requirePin, showLeaderboard: g.showLeaderboard, showFeedValues: g.showFeedValues };
      this.error = '';
      this.saved = false;
    }
  }

  /** Whether the form differs from `game` (a live update must not wipe what the instructor is typing). */
  private dirty(game: AdminGame | null = this.game): boolean {
    if (!game) return false;
    const d = this.draft;
    return d.title !== game.title || d.loginDelayMs !== game.loginDelayMs || d.requirePin !== game.requirePin
      || d.showLeaderboard !== game.showLeaderboard || d.showFeedValues !== game.showFeedValues;
  }

  private set<K extends keyof GamePatch>(key: K, value: Required<GamePatch>[K]): void {
    this.draft = { ...this.draft, [key]: value };
    this.saved = false;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.game) return;
    const title = this.draft.title.trim();
    if (!title) {
      this.error = t('admin.games.titleNeeded');
      return;
    }
    const delay = this.draft.loginDelayMs;
    if (!Number.isFinite(delay) || delay < 0 || delay > 120_000) {
      this.error = t('admin.settings.delayRange');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await adminApi(`/games/${this.game.id}`, { method: 'PATCH', body: { ...this.draft, title } });
      this.saved = true;
      emit(this, 'gd-changed', {});
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.game) return null;
    const d = this.draft;
    return html`<section class="panel">
      <h2>${t('admin.settings.heading')}</h2>
      <form @submit=${this.save} @input=${() => (this.saved = false)}>
        <div class="field wide">
          <label for="title">${t('admin.games.title')}</label>
          <input id="title" .value=${d.title} maxlength="200" @input=${(e: Event) => this.set('title', (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="delay">${t('admin.settings.loginDelay')}</label>
          <div class="delay">
            <input id="delay" type="number" min="0" max="120" step="1" .value=${String(d.loginDelayMs / 1000)}
              @input=${(e: Event) => this.set('loginDelayMs', Math.round(Number((e.target as HTMLInputElement).value) * 1000))} />
            <span class="muted">${t('admin.unit.s')}</span>
          </div>
          <span class="muted" style="font-size:0.8rem">${t('admin.settings.loginDelayHint')}</span>
        </div>
        <div class="checks">
          <div>
            <label class="check"><input type="checkbox" .checked=${d.requirePin} @change=${(e: Event) => this.set('requirePin', (e.target as HTMLInputElement).checked)} />${t('admin.settings.requirePin')}</label>
            <div class="hint">${t('admin.settings.requirePinHint')}</div>
          </div>
          <div>
            <label class="check"><input type="checkbox" .checked=${d.showLeaderboard} @change=${(e: Event) => this.set('showLeaderboard', (e.target as HTMLInputElement).checked)} />${t('admin.settings.showLeaderboard')}</label>
            <div class="hint">${t('admin.settings.showLeaderboardHint')}</div>
          </div>
          <div>
            <label class="check"><input type="checkbox" .checked=${d.showFeedValues} @change=${(e: Event) => this.set('showFeedValues', (e.target as HTMLInputElement).checked)} />${t('admin.settings.showFeedValues')}</label>
            <div class="hint">${t('admin.settings.showFeedValuesHint')}</div>
          </div>
        </div>
        <div class="wide row">
          <button class="primary" type="submit" ?disabled=${this.busy || !this.dirty()}>${t('admin.save')}</button>
          ${this.saved ? html`<span class="ok" role="status">${t('admin.saved')}</span>` : null}
          ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : null}
        </div>
      </form>
    </section>`;
  }
}
customElements.define('gd-game-settings', GdGameSettings);

declare global {
  interface HTMLElementTagNameMap {
    'gd-game-settings': GdGameSettings;
  }
}
