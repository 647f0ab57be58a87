import { LitElement, css, html } from 'lit';
import type { AdminLevel } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { confirmAction } from './gd-confirm-dialog.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';

/**
 * A game's levels in play order: select one to edit, move it up or down (or drag it), delete it.
 * Events: `gd-select-level` {levelId | null for a new level}, `gd-changed` {}.
 */
export class GdLevelList extends LitElement {
  static override properties = {
    levels: { attribute: false },
    selectedId: { type: Number },
    busy: { state: true },
    error: { state: true },
    dragging: { state: true },
  };
  declare levels: AdminLevel[];
  declare selectedId: number | null;
  declare busy: boolean;
  declare error: string;
  declare dragging: number | null;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.levels = [];
    this.selectedId = null;
    this.busy = false;
    this.error = '';
    this.dragging = null;
  }

  static override styles = [
    adminStyles,
    css`
      section {
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        height: 100%;
      }
      .head {
        display: flex;
        align-items: center;
      }
      .head h2 {
        margin: 0;
        flex: 1;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 0.35rem;
        overflow: auto;
      }
      li {
        display: grid;
        grid-template-columns: 1.6rem minmax(0, 1fr) auto;
        align-items: center;
        gap: 0.4rem;
        padding: 0.4rem 0.4rem 0.4rem 0.5rem;
        border: 1px solid #334155;
        border-radius: 8px;
        background: #0f1a2e;
        cursor: pointer;
      }
      li:hover {
        border-color: #64748b;
      }
      li.selected {
        border-color: var(--gd-accent);
        background: #0c2a44;
      }
      li.drop {
        border-style: dashed;
        border-color: var(--gd-accent);
      }
      .n {
        font-weight: 700;
        font-size: 1.05rem;
        color: var(--gd-muted);
        text-align: center;
        cursor: grab;
      }
      .main {
        min-width: 0;
      }
      .title {
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        display: block;
        background: none;
        border: none;
        padding: 0;
        color: inherit;
        text-align: left;
        width: 100%;
        font-size: 0.92rem;
      }
      .title:hover {
        background: none;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 0.4rem;
        align-items: center;
        font-size: 0.78rem;
        color: var(--gd-muted);
        margin-top: 0.15rem;
      }
      .meta .dims {
        white-space: nowrap;
      }
      .meta .mono {
        min-width: 0;
        color: #cbd5e1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .tools {
        display: flex;
        gap: 0.15rem;
      }
      .tools button {
        padding: 0.1rem 0.35rem;
      }
    `,
  ];

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await action();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private move(level: AdminLevel, index: number): void {
    if (index < 0 || index >= this.levels.length || index === level.index) return;
    void this.run(async () => {
      await adminApi(`/levels/${level.id}`, { method: 'PATCH', body: { index } });
      emit(this, 'gd-changed', {});
    });
  }

  private async confirmDelete(level: AdminLevel): Promise<void> {
    const ok = await confirmAction({
      title: t('admin.levels.deleteTitle', { title: level.title }),
      message: level.status === 'draft' ? t('admin.levels.deleteBody') : t('admin.levels.deleteBodyPlayed'),
      confirmLabel: t('admin.delete'),
    });
    if (!ok) return;
    await this.run(async () => {
      await adminApi(`/levels/${level.id}`, { method: 'DELETE' });
      emit(this, 'gd-changed', { removedLevelId: level.id });
    });
  }

  private onDrop(e: DragEvent, target: AdminLevel): void {
    e.preventDefault();
    const id = this.dragging;
    this.dragging = null;
    const level = this.levels.find((l) => l.id === id);
    if (level) this.move(level, target.index);
  }

  override render() {
    const levels = [...this.levels].sort((a, b) => a.index - b.index);
    return html`<section class="panel">
      <div class="head">
        <h2>${t('admin.levels.heading')}</h2>
        <button class="primary small" type="button" data-new-level @click=${() => emit(this, 'gd-select-level', { levelId: null })}>+ ${t('admin.levels.new')}</button>
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : null}
      ${levels.length === 0
        ? html`<p class="empty">${t('admin.levels.none')}</p>`
        : html`<ol>
            ${levels.map(
              (level, i) => html`<li
                class="${level.id === this.selectedId ? 'selected' : ''} ${this.dragging !== null && this.dragging !== level.id ? 'drop' : ''}"
                data-level=${level.id}
                draggable="true"
                @dragstart=${(e: DragEvent) => {
                  this.dragging = level.id;
                  e.dataTransfer?.setData('text/plain', String(level.id));
                }}
                @dragend=${() => (this.dragging = null)}
                @dragover=${(e: DragEvent) => e.preventDefault()}
                @drop=${(e: DragEvent) => this.onDrop(e, level)}
                @click=${() => emit(this, 'gd-select-level', { levelId: level.id })}
              >
                <span class="n" title=${t('admin.levels.drag')}>${i + 1}</span>
                <div class="main">
                  <button class="title" type="button">${level.title}</button>
                  <div class="meta">
                    <span class="badge status-${level.status}">${t(`status.${level.status}`)}</span>
                    <span class="dims">${t('admin.level.dimsShort', { n: level.dims })}</span>
                    <span class="mono" title=${t('admin.level.password')}>${level.password}</span>
                  </div>
                </div>
                <div class="tools" @click=${(e: Event) => e.stopPropagation()}>
                  <button class="ghost small" type="button" ?disabled=${this.busy || i === 0} aria-label=${t('admin.levels.up')} title=${t('admin.levels.up')}
                    @click=${() => this.move(level, levels[i - 1].index)}>↑</button>
                  <button class="ghost small" type="button" ?disabled=${this.busy || i === levels.length - 1} aria-label=${t('admin.levels.down')} title=${t('admin.levels.down')}
                    @click=${() => this.move(level, levels[i + 1].index)}>↓</button>
                  <button class="ghost small" type="button" ?disabled=${this.busy} aria-label=${t('admin.delete')} title=${t('admin.delete')}
                    style="color:#fca5a5" @click=${() => this.confirmDelete(level)}>✕</button>
                </div>
              </li>`,
            )}
          </ol>`}
    </section>`;
  }
}
customElements.define('gd-level-list', GdLevelList);

declare global {
  interface HTMLElementTagNameMap {
    'gd-level-list': GdLevelList;
  }
}
