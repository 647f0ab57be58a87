import { LitElement, css, html, type PropertyValues } from 'lit';
import type { AdminGame, AdminLevel } from '../../shared/protocol.ts';
import { getLocale, LocaleController, t } from '../common/i18n.ts';
import { clock, ClockController } from './controllers.ts';
import { chooseAction, confirmAction } from './gd-confirm-dialog.ts';
import './gd-running-edit.ts';
import { adminApi, downloadExport, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';

type Action = 'pause' | 'resume' | 'close' | 'reveal';

/**
 * Runs a round: pick the level, open / pause / resume / extend / close / reveal / reset it, with its state and
 * clock always in view, change its title, delay and budget while it runs, and show or hide its password on the
 * board. Opening asks whether to close the game's other open levels; resetting offers the results first.
 * Events: `gd-select-level` {levelId}, `gd-changed` {level}.
 */
export class GdRoundControl extends LitElement {
  static override properties = {
    game: { attribute: false },
    levels: { attribute: false },
    levelId: { type: Number },
    busy: { state: true },
    error: { state: true },
    extendMin: { state: true },
    editing: { state: true },
  };
  declare game: AdminGame | null;
  declare levels: AdminLevel[];
  declare levelId: number | null;
  declare busy: boolean;
  declare error: string;
  declare extendMin: number;
  /** Whether the running level's settings form is open. */
  declare editing: boolean;
  private readonly locale = new LocaleController(this);
  private readonly clock = new ClockController(this, 500);

  constructor() {
    super();
    this.game = null;
    this.levels = [];
    this.levelId = null;
    this.busy = false;
    this.error = '';
    this.extendMin = 1;
    this.editing = false;
  }

  static override styles = [
    adminStyles,
    css`
      section {
        display: flex;
        flex-direction: column;
        gap: 0.55rem;
        padding: 0.6rem 0.9rem;
      }
      .top {
        display: flex;
        gap: 0.4rem 0.8rem;
        align-items: center;
        justify-content: space-between;
      }
      .tabs {
        display: flex;
        gap: 0.3rem;
        flex-wrap: wrap;
        align-items: center;
        min-width: 0;
      }
      .board {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      .board select {
        max-width: 15rem;
      }
      .tabs button {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        background: #0f1a2e;
        border-color: #334155;
        max-width: 16rem;
      }
      .tabs button .t {
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .tabs button[aria-selected='true'] {
        border-color: var(--gd-accent);
        background: #0c2a44;
      }
      .dot {
        width: 0.55rem;
        height: 0.55rem;
        border-radius: 50%;
        background: currentColor;
        flex: none;
      }
      .main {
        display: flex;
        align-items: center;
        gap: 0.9rem;
        flex-wrap: wrap;
      }
      .state {
        font-size: 1.25rem;
        font-weight: 750;
        padding: 0.2rem 0.9rem;
        border-radius: 8px;
        border: 2px solid currentColor;
        min-width: 6.5rem;
        text-align: center;
      }
      .clock {
        font-family: var(--gd-mono);
        font-size: 1.35rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .clock.low {
        color: var(--gd-bad);
      }
      .clock small {
        font-family: var(--gd-font);
        font-size: 0.78rem;
        color: var(--gd-muted);
        font-weight: 400;
        margin-left: 0.3rem;
      }
      .actions {
        display: flex;
        gap: 0.35rem;
        align-items: center;
        flex-wrap: wrap;
      }
      .actions button {
        font-size: 0.95rem;
        padding: 0.4rem 0.85rem;
      }
      .extend {
        display: inline-flex;
        border: 1px solid #475569;
        border-radius: 6px;
        overflow: hidden;
      }
      .extend button {
        border: none;
        border-radius: 0;
        padding: 0.4rem 0.6rem;
      }
      .extend select {
        border: none;
        border-radius: 0;
        border-left: 1px solid #475569;
      }
      .password {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.25rem 0.6rem;
        border: 1px solid #334155;
        border-radius: 8px;
        background: #0b1222;
      }
      .password b {
        font-family: var(--gd-mono);
        font-size: 1.2rem;
        color: var(--gd-warn);
        letter-spacing: 0.02em;
        overflow-wrap: anywhere;
      }
      @media (max-width: 700px) {
        section {
          padding: 0.5rem 0.6rem;
        }
        .tabs {
          flex-wrap: nowrap;
          overflow-x: auto;
          padding-bottom: 0.2rem;
        }
        .tabs button {
          flex: none;
          max-width: 14rem;
        }
        .top {
          flex-direction: column;
          align-items: stretch;
        }
        .board {
          flex-wrap: wrap;
          width: 100%;
        }
        .board-row {
          display: flex;
        }
        .board select {
          max-width: 100%;
          flex: 1;
        }
        .main {
          gap: 0.6rem;
        }
        .main .spacer {
          display: none;
        }
        .password {
          flex-wrap: wrap;
          width: 100%;
        }
      }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('levelId') && changed.get('levelId') !== undefined) this.editing = false;
  }

  private get level(): AdminLevel | null {
    return this.levels.find((l) => l.id === this.levelId) ?? null;
  }

  private async act(action: Action): Promise<void> {
    const level = this.level;
    if (!level) return;
    const questions: Partial<Record<Action, { title: string; message: string; confirmLabel: string }>> = {
      close: { title: t('admin.round.closeTitle', { title: level.title }), message: t('admin.round.closeBody'), confirmLabel: t('admin.round.close') },
      reveal: { title: t('admin.round.revealTitle', { title: level.title }), message: t('admin.round.revealBody'), confirmLabel: t('admin.round.reveal') },
    };
    const question = questions[action];
    if (question && !(await confirmAction(question))) return;
    await this.call(() => adminApi<AdminLevel>(`/levels/${level.id}/${action}`, { method: 'POST' }));
  }

  /** Opens the level; when other levels of the game are open or paused, asks whether to close them first. */
  private async open(): Promise<void> {
    const level = this.level;
    if (!level) return;
    const others = this.levels.filter((l) => l.id !== level.id && (l.status === 'open' || l.status === 'paused'));
    let closeOthers = false;
    if (others.length > 0) {
      const names = new Intl.ListFormat(getLocale(), { type: 'conjunction' }).format(others.map((l) => t('admin.round.quoted', { title: l.title })));
      const answer = await chooseAction({
        title: t('admin.round.othersTitle'),
        message: t('admin.round.othersBody', { levels: names, title: level.title }),
        choices: [
          { value: 'keep', label: t('admin.round.keepOthers'), kind: 'plain' },
          { value: 'close', label: t('admin.round.closeOthers'), kind: 'primary' },
        ],
      });
      if (answer === null) return;
      closeOthers = answer === 'close';
    }
    await this.call(() => adminApi<AdminLevel>(`/levels/${level.id}/open`, { method: 'POST', body: closeOthers ? { closeOthers: true } : undefined }));
  }

  /** Resets the level after asking; the dialog offers to download the results (both CSVs, zipped) first. */
  private async reset(): Promise<void> {
    const level = this.level;
    const game = this.game;
    if (!level || !game) return;
    const answer = await chooseAction({
      title: t('admin.round.resetTitle', { title: level.title }),
      message: t('admin.round.resetBody'),
      choices: [
        { value: 'export', label: `⬇ ${t('admin.round.resetExport')}`, kind: 'primary' },
        { value: 'reset', label: t('admin.round.reset'), kind: 'danger' },
      ],
    });
    if (answer === null) return;
    if (answer === 'export') {
      this.busy = true;
      try {
        await downloadExport(game.id, 'zip');
      } catch {
        this.error = t('admin.round.resetExportFailed');
        this.busy = false;
        return;
      }
    }
    await this.call(() => adminApi<AdminLevel>(`/levels/${level.id}/reset`, { method: 'POST', body: {} }));
  }

  private async call(request: () => Promise<AdminLevel | null>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const level = await request();
      emit(this, 'gd-changed', { level: level && typeof level === 'object' && 'id' in level ? level : undefined });
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private extend(minutes: number): void {
    const level = this.level;
    if (!level) return;
    void this.call(() => adminApi<AdminLevel>(`/levels/${level.id}/extend`, { body: { ms: Math.round(minutes * 60_000) } }));
  }

  /** Which level the projector shows: a chosen one, or (null) the level opened last. */
  private async pinBoard(levelId: number | null): Promise<void> {
    const game = this.game;
    if (!game) return;
    this.busy = true;
    this.error = '';
    try {
      await adminApi(`/games/${game.id}`, { method: 'PATCH', body: { boardLevelId: levelId } });
      emit(this, 'gd-changed', {});
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private toggleBoardPassword(show: boolean): void {
    const level = this.level;
    if (!level) return;
    void this.call(() => adminApi<AdminLevel>(`/levels/${level.id}`, { method: 'PATCH', body: { showPassword: show } }));
  }

  /** Time left: counting down while open, frozen while paused; null without a time limit. */
  private remaining(level: AdminLevel): { ms: number; paused: boolean } | null {
    if (level.status === 'open' && level.closesAt) return { ms: Date.parse(level.closesAt) - this.clock.now, paused: false };
    if (level.status === 'paused' && level.remainingMs !== undefined && level.remainingMs !== null) return { ms: level.remainingMs, paused: true };
    return null;
  }

  private renderClock(level: AdminLevel) {
    const left = this.remaining(level);
    if (left) {
      return html`<span class="clock ${left.ms < 30_000 && !left.paused ? 'low' : ''}" data-clock role="timer">${clock(left.ms)}<small>${left.paused ? t('admin.round.leftPaused') : t('admin.round.left')}</small></span>`;
    }
    if (level.timeLimitMs && level.status === 'draft') {
      return html`<span class="clock">${clock(level.timeLimitMs)}<small>${t('admin.round.limit')}</small></span>`;
    }
    if (!level.timeLimitMs && (level.status === 'open' || level.status === 'paused')) {
      return html`<span class="muted">${t('admin.round.noLimit')}</span>`;
    }
    return null;
  }

  private renderActions(level: AdminLevel) {
    const s = level.status;
    const b = this.busy;
    const timed = (s === 'open' || s === 'paused') && (level.closesAt || level.remainingMs != null || level.timeLimitMs);
    return html`<div class="actions">
      ${s === 'draft' ? html`<button class="primary" type="button" ?disabled=${b} data-action="open" @click=${() => this.open()}>▶ ${t('admin.round.open')}</button>` : null}
      ${s === 'open' ? html`<button type="button" ?disabled=${b} data-action="pause" @click=${() => this.act('pause')}>${t('admin.round.pause')}</button>` : null}
      ${s === 'paused' ? html`<button class="primary" type="button" ?disabled=${b} data-action="resume" @click=${() => this.act('resume')}>▶ ${t('admin.round.resume')}</button>` : null}
      ${timed
        ? html`<span class="extend">
            <button type="button" ?disabled=${b} data-action="extend" @click=${() => this.extend(this.extendMin)}>＋ ${t('admin.round.extend')}</button>
            <select aria-label=${t('admin.round.extendBy')} @change=${(e: Event) => (this.extendMin = Number((e.target as HTMLSelectElement).value))}>
              ${[1, 2, 5, 10].map((m) => html`<option value=${m} ?selected=${m === this.extendMin}>${t('admin.round.minutes', { n: m })}</option>`)}
            </select>
          </span>`
        : null}
      ${s === 'open' || s === 'paused' ? html`<button class="danger" type="button" ?disabled=${b} data-action="close" @click=${() => this.act('close')}>■ ${t('admin.round.close')}</button>` : null}
      ${s === 'closed' ? html`<button class="primary" type="button" ?disabled=${b} data-action="reveal" @click=${() => this.act('reveal')}>✦ ${t('admin.round.reveal')}</button>` : null}
      ${s === 'open' || s === 'paused'
        ? html`<button type="button" ?disabled=${b} data-action="edit" aria-expanded=${this.editing ? 'true' : 'false'}
            @click=${() => (this.editing = !this.editing)}>✎ ${t('admin.round.edit')}</button>`
        : null}
      ${s !== 'draft' ? html`<button class="ghost" type="button" ?disabled=${b} data-action="reset" @click=${() => this.reset()}>↺ ${t('admin.round.reset')}</button>` : null}
    </div>`;
  }

  override render() {
    const levels = [...this.levels].sort((a, b) => a.index - b.index);
    const level = this.level;
    return html`<section class="panel">
      <div class="top">
      <div class="tabs" role="tablist" aria-label=${t('admin.round.levels')}>
        ${levels.map(
          (l, i) => html`<button type="button" role="tab" aria-selected=${l.id === this.levelId ? 'true' : 'false'} data-level-tab=${l.id}
            @click=${() => emit(this, 'gd-select-level', { levelId: l.id })} title=${t(`status.${l.status}`)}>
            <span class="dot status-${l.status}"></span><span class="t">${i + 1}. ${l.title}</span></button>`,
        )}
      </div>
        ${this.game && levels.length
          ? html`<label class="board">${t('admin.round.board')}
              <select data-board-level ?disabled=${this.busy} @change=${(e: Event) => {
                const v = (e.target as HTMLSelectElement).value;
                void this.pinBoard(v === '' ? null : Number(v));
              }}>
                <option value="" ?selected=${this.game.boardLevelId === null}>${t('admin.round.boardAuto')}</option>
                ${levels.map((l, i) => html`<option value=${l.id} ?selected=${this.game!.boardLevelId === l.id}>${i + 1}. ${l.title}</option>`)}
              </select></label>`
          : null}
      </div>
      ${level
        ? html`<div class="main">
            <span class="state status-${level.status}" data-state=${level.status} aria-live="polite">${t(`status.${level.status}`)}</span>
            ${this.renderClock(level)}
            ${this.renderActions(level)}
            <span class="spacer"></span>
            <div class="password">
              <span class="muted">${t('admin.level.password')}</span>
              <b data-password>${level.password}</b>
              <label class="check" title=${t('admin.round.boardPasswordHint')}>
                <input type="checkbox" .checked=${level.showPassword} ?disabled=${this.busy} data-show-password
                  @change=${(e: Event) => this.toggleBoardPassword((e.target as HTMLInputElement).checked)} />${t('admin.round.boardPassword')}
              </label>
            </div>
          </div>`
        : html`<p class="muted" style="margin:0">${levels.length ? t('admin.round.pick') : t('admin.round.noLevels')}</p>`}
      ${level && this.editing && (level.status === 'open' || level.status === 'paused')
        ? html`<gd-running-edit .level=${level} @gd-edit-done=${() => (this.editing = false)}></gd-running-edit>`
        : null}
      ${this.error ? html`<div class="error" role="alert" style="margin:0">${this.error}</div>` : null}
    </section>`;
  }
}
customElements.define('gd-round-control', GdRoundControl);

declare global {
  interface HTMLElementTagNameMap {
    'gd-round-control': GdRoundControl;
  }
}
