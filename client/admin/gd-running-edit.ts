import { LitElement, css, html, type PropertyValues } from 'lit';
import type { AdminLevel } from '../../shared/protocol.ts';
import { DEFAULT_BUDGET, MAX_BUDGET, MAX_DELAY_MS } from '../../shared/optimizers.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { readSettings, settingsDraft, type SettingsDraft as Draft } from './level-settings.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';

/**
 * What can change while a level runs, from the Run page: title, answer delay and guess budget (they apply to the
 * guesses made from then on). Events: `gd-changed` {level}, `gd-edit-done`.
 */
export class GdRunningEdit extends LitElement {
  static override properties = {
    level: { attribute: false },
    draft: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare level: AdminLevel | null;
  declare draft: Draft;
  declare busy: boolean;
  declare error: string;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.level = null;
    this.draft = { title: '', delayS: '', budget: '', unlimited: false };
    this.busy = false;
    this.error = '';
  }

  static override styles = [
    adminStyles,
    css`
      form {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr);
        gap: 0.5rem 0.7rem;
        align-items: end;
        border: 1px solid #334155;
        border-radius: 8px;
        padding: 0.6rem 0.7rem;
        background: #0f1a2e;
      }
      h3 {
        grid-column: 1 / -1;
        margin: 0;
        color: var(--gd-text);
      }
      .note {
        grid-column: 1 / -1;
        color: var(--gd-warn);
        font-size: 0.82rem;
        margin: 0;
      }
      .actions {
        grid-column: 1 / -1;
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      @media (max-width: 700px) {
        form {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        }
        .title {
          grid-column: 1 / -1;
        }
      }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get('level') as AdminLevel | null | undefined;
    if (changed.has('level') && this.level && previous?.id !== this.level.id) this.reset();
  }

  private reset(): void {
    const level = this.level;
    if (!level) return;
    this.draft = { title: level.title, ...settingsDraft(level) };
    this.error = '';
  }

  private set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const level = this.level;
    const patch = readSettings(this.draft);
    if (!level) return;
    if (typeof patch === 'string') {
      this.error = patch;
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const saved = await adminApi<AdminLevel>(`/levels/${level.id}`, { method: 'PATCH', body: patch });
      emit(this, 'gd-changed', { level: saved });
      emit(this, 'gd-edit-done');
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const level = this.level;
    if (!level) return null;
    const d = this.draft;
    return html`<form @submit=${this.save} novalidate data-running-edit>
      <h3>${t('admin.round.editHeading', { title: level.title })}</h3>
      <div class="field title">
        <label for="rt">${t('admin.level.title')}</label>
        <input id="rt" .value=${d.title} maxlength="200" @input=${(e: Event) => this.set({ title: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="field">
        <label for="rd">${t('admin.level.delay')}</label>
        <input id="rd" type="number" min="0" max=${MAX_DELAY_MS / 1000} step="any" .value=${d.delayS} @input=${(e: Event) => this.set({ delayS: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="field">
        <label for="rb">${t('admin.level.budget')}</label>
        <input id="rb" type="number" min="1" max=${MAX_BUDGET} step="1" .value=${d.unlimited ? '' : d.budget} ?disabled=${d.unlimited} placeholder=${d.unlimited ? '∞' : ''}
          @input=${(e: Event) => this.set({ budget: (e.target as HTMLInputElement).value })} />
        <label class="check" style="font-size:0.8rem"><input type="checkbox" .checked=${d.unlimited}
          @change=${(e: Event) => this.set({ unlimited: (e.target as HTMLInputElement).checked, budget: d.budget || String(DEFAULT_BUDGET) })} />${t('admin.level.unlimited')}</label>
      </div>
      <p class="note">${t('admin.round.editNote')}</p>
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${t('admin.save')}</button>
        <button type="button" @click=${() => (this.reset(), emit(this, 'gd-edit-done'))}>${t('admin.cancel')}</button>
      </div>
      ${this.error ? html`<div class="error" role="alert" style="grid-column:1/-1">${this.error}</div>` : null}
    </form>`;
  }
}
customElements.define('gd-running-edit', GdRunningEdit);

declare global {
  interface HTMLElementTagNameMap {
    'gd-running-edit': GdRunningEdit;
  }
}
