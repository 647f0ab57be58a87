import { LitElement, css, html, type PropertyValues } from 'lit';
import type { AdminGame, GamePatch } from '../../shared/protocol.ts';
import { DEFAULT_BUDGET, DEFAULT_DELAY_MS, DEFAULT_LOGIN_DELAY_MS, MAX_BUDGET, MAX_DELAY_MS } from '../../shared/optimizers.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';
import { knownTimeZones, localTimeZone, timeZoneChoices, zoneOffset } from './time-zones.ts';

type Draft = Required<
  Pick<GamePatch, 'title' | 'loginDelayMs' | 'requirePin' | 'showLeaderboard' | 'showFeedValues' | 'defaultDelayMs' | 'defaultBudget' | 'timeZone' | 'showPassword'>
>;

const KEYS: (keyof Draft)[] = ['title', 'loginDelayMs', 'requirePin', 'showLeaderboard', 'showFeedValues', 'defaultDelayMs', 'defaultBudget', 'timeZone', 'showPassword'];

/** The zones and their offsets, worked out once per page (a few hundred Intl calls). */
let zoneOffsets: Map<string, string> | null = null;
function offsets(): Map<string, string> {
  zoneOffsets ??= new Map(knownTimeZones().map((zone) => [zone, zoneOffset(zone)]));
  return zoneOffsets;
}

/**
 * A game's settings: title, login delay, team PINs, what teams and the board may see, what a new level starts with
 * (answer delay, guess budget, password on the board) and the time zone of the exports. Event `gd-changed`.
 */
export class GdGameSettings extends LitElement {
  static override properties = {
    game: { attribute: false },
    draft: { state: true },
    budgetText: { state: true },
    busy: { state: true },
    error: { state: true },
    saved: { state: true },
  };
  declare game: AdminGame | null;
  declare draft: Draft;
  /** The budget field as typed (empty while unlimited). */
  declare budgetText: string;
  declare busy: boolean;
  declare error: string;
  declare saved: boolean;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.game = null;
    this.draft = this.fromGame(null);
    this.budgetText = String(DEFAULT_BUDGET);
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
      .note {
        color: var(--gd-muted);
        font-size: 0.8rem;
      }
      .inline {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        flex-wrap: wrap;
      }
      .inline input[type='number'] {
        width: 6rem;
      }
      .checks {
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
      }
      fieldset {
        border: 1px solid #334155;
        border-radius: 8px;
        padding: 0.5rem 0.8rem 0.7rem;
        margin: 0;
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 0.6rem 1.2rem;
        min-width: 0;
      }
      legend {
        color: var(--gd-text);
        font-weight: 600;
        padding: 0 0.3rem;
      }
      select {
        max-width: 100%;
      }
      @media (max-width: 700px) {
        form,
        fieldset {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  private fromGame(g: AdminGame | null): Draft {
    return {
      title: g?.title ?? '',
      loginDelayMs: g?.loginDelayMs ?? DEFAULT_LOGIN_DELAY_MS,
      requirePin: g?.requirePin ?? false,
      showLeaderboard: g?.showLeaderboard ?? true,
      showFeedValues: g?.showFeedValues ?? false,
      defaultDelayMs: g?.defaultDelayMs ?? DEFAULT_DELAY_MS,
      defaultBudget: g ? g.defaultBudget : DEFAULT_BUDGET,
      timeZone: g?.timeZone ?? null,
      showPassword: g?.showPassword ?? true,
    };
  }

  override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get('game') as AdminGame | null | undefined;
    if (changed.has('game') && this.game && (!previous || previous.id !== this.game.id || !this.dirty(previous))) {
      this.draft = this.fromGame(this.game);
      this.budgetText = String(this.game.defaultBudget ?? DEFAULT_BUDGET);
      this.error = '';
      this.saved = false;
    }
  }

  /** Whether the form differs from `game` (a live update must not wipe what the instructor is typing). */
  private dirty(game: AdminGame | null = this.game): boolean {
    if (!game) return false;
    const stored = this.fromGame(game);
    return KEYS.some((k) => this.draft[k] !== stored[k]);
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    this.draft = { ...this.draft, [key]: value };
    this.saved = false;
  }

  private setBudget(text: string, unlimited: boolean): void {
    this.budgetText = text;
    this.set('defaultBudget', unlimited ? null : Number(text));
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
    const answerDelay = this.draft.defaultDelayMs;
    if (!Number.isFinite(answerDelay) || answerDelay < 0 || answerDelay > MAX_DELAY_MS) {
      this.error = t('admin.settings.defaultDelayRange');
      return;
    }
    const budget = this.draft.defaultBudget;
    if (budget !== null && !(Number.isInteger(budget) && budget >= 1 && budget <= MAX_BUDGET)) {
      this.error = t('admin.level.budgetRange');
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

  private renderTimeZone() {
    const zones = offsets();
    const local = localTimeZone();
    const current = this.draft.timeZone;
    const choices = timeZoneChoices(current, local, [...zones.keys()]);
    const label = (zone: string) => t('admin.settings.timeZoneOption', { zone, offset: zones.get(zone) ?? zoneOffset(zone) });
    return html`<div class="field">
      <label for="zone">${t('admin.settings.timeZone')}</label>
      <select id="zone" data-time-zone @change=${(e: Event) => this.set('timeZone', (e.target as HTMLSelectElement).value || null)}>
        <option value="" ?selected=${current === null}>${t('admin.settings.timeZoneServer')}</option>
        ${choices.map(
          (zone) => html`<option value=${zone} ?selected=${zone === current}>
            ${zone === local ? t('admin.settings.timeZoneLocal', { zone, offset: zones.get(zone) ?? zoneOffset(zone) }) : label(zone)}
          </option>`,
        )}
      </select>
      <span class="note">${t('admin.settings.timeZoneHint')}</span>
    </div>`;
  }

  override render() {
    if (!this.game) return null;
    const d = this.draft;
    const check = (key: 'requirePin' | 'showLeaderboard' | 'showFeedValues' | 'showPassword', hint: string) =>
      html`<div>
        <label class="check"><input type="checkbox" data-setting=${key} .checked=${d[key]}
          @change=${(e: Event) => this.set(key, (e.target as HTMLInputElement).checked)} />${t(`admin.settings.${key}`)}</label>
        <div class="hint">${hint}</div>
      </div>`;
    return html`<section class="panel">
      <h2>${t('admin.settings.heading')}</h2>
      <form @submit=${this.save}>
        <div class="field wide">
          <label for="title">${t('admin.games.title')}</label>
          <input id="title" .value=${d.title} maxlength="200" @input=${(e: Event) => this.set('title', (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="delay">${t('admin.settings.loginDelay')}</label>
          <div class="inline">
            <input id="delay" type="number" min="0" max="120" step="1" .value=${String(d.loginDelayMs / 1000)}
              @input=${(e: Event) => this.set('loginDelayMs', Math.round(Number((e.target as HTMLInputElement).value) * 1000))} />
            <span class="muted">${t('admin.unit.s')}</span>
          </div>
          <span class="note">${t('admin.settings.loginDelayHint')}</span>
        </div>
        <div class="checks">
          ${check('requirePin', t('admin.settings.requirePinHint'))} ${check('showLeaderboard', t('admin.settings.showLeaderboardHint'))}
          ${check('showFeedValues', t('admin.settings.showFeedValuesHint'))}
        </div>
        <fieldset class="wide">
          <legend>${t('admin.settings.levelDefaults')}</legend>
          <div class="field">
            <label for="answer-delay">${t('admin.settings.defaultDelay')}</label>
            <div class="inline">
              <input id="answer-delay" type="number" min="0" max=${MAX_DELAY_MS / 1000} step="any" .value=${String(d.defaultDelayMs / 1000)}
                @input=${(e: Event) => this.set('defaultDelayMs', Math.round(Number((e.target as HTMLInputElement).value) * 1000))} />
              <span class="muted">${t('admin.unit.s')}</span>
            </div>
          </div>
          <div class="field">
            <label for="budget">${t('admin.settings.defaultBudget')}</label>
            <div class="inline">
              <input id="budget" type="number" min="1" max=${MAX_BUDGET} step="1" .value=${d.defaultBudget === null ? '' : this.budgetText}
                ?disabled=${d.defaultBudget === null} placeholder=${d.defaultBudget === null ? '∞' : ''}
                @input=${(e: Event) => this.setBudget((e.target as HTMLInputElement).value, false)} />
              <label class="check"><input type="checkbox" data-unlimited .checked=${d.defaultBudget === null}
                @change=${(e: Event) => this.setBudget(this.budgetText || String(DEFAULT_BUDGET), (e.target as HTMLInputElement).checked)} />${t('admin.level.unlimited')}</label>
            </div>
          </div>
          <div class="wide" style="grid-column:1/-1">${check('showPassword', t('admin.settings.showPasswordHint'))}</div>
          <span class="note" style="grid-column:1/-1">${t('admin.settings.levelDefaultsHint')}</span>
        </fieldset>
        <div class="wide">${this.renderTimeZone()}</div>
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
