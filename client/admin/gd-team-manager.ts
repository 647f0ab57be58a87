import { LitElement, css, html, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import type { AdminGame, AdminLevel, AdminTeam, TeamPatch } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { confirmAction } from './gd-confirm-dialog.ts';
import { randomPin } from './passwords.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { teamName } from './monitor-rows.ts';
import { adminStyles, teamColor } from './styles.ts';

/**
 * A game's teams: create N at once, renumber, rename, set PINs, see and reset team codes, delete, reset a team's
 * guesses in a level. The fields always show what the server saved: a refused change goes back to the stored value.
 * Events: `gd-changed` {}, `gd-view` {view: 'cards'}.
 */
export class GdTeamManager extends LitElement {
  static override properties = {
    game: { attribute: false },
    teams: { attribute: false },
    levels: { attribute: false },
    levelId: { type: Number },
    count: { state: true },
    withPins: { state: true },
    resetLevelId: { state: true },
    busy: { state: true },
    error: { state: true },
    errorFor: { state: true },
    notice: { state: true },
  };
  declare game: AdminGame | null;
  declare teams: AdminTeam[];
  declare levels: AdminLevel[];
  declare levelId: number | null;
  declare count: number;
  declare withPins: boolean;
  declare resetLevelId: number | null;
  declare busy: boolean;
  declare error: string;
  declare errorFor: number | 'top' | null;
  declare notice: string;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.game = null;
    this.teams = [];
    this.levels = [];
    this.levelId = null;
    this.count = 6;
    this.withPins = false;
    this.resetLevelId = null;
    this.busy = false;
    this.error = '';
    this.errorFor = null;
    this.notice = '';
  }

  static override styles = [
    adminStyles,
    css`
      .bar {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 0.7rem;
      }
      .bar .group {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        padding: 0.35rem 0.6rem;
        border: 1px solid #334155;
        border-radius: 8px;
      }
      .bar input[type='number'] {
        width: 4.5rem;
      }
      .scroll {
        max-height: calc(100vh - 250px);
        overflow: auto;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--gd-panel);
        z-index: 1;
      }
      td input.number {
        width: 4.5rem;
      }
      td input.name {
        width: 100%;
        min-width: 8rem;
      }
      td.code {
        white-space: nowrap;
      }
      td.code b {
        font-family: var(--gd-mono);
        font-size: 1rem;
        letter-spacing: 0.05em;
        color: var(--gd-warn);
        margin-right: 0.35rem;
      }
      .codehint {
        color: var(--gd-muted);
        font-size: 0.8rem;
        margin: 0 0 0.5rem;
      }
      @media (max-width: 700px) {
        .scroll {
          max-height: none;
          overflow: visible;
        }
        td.name-cell {
          flex: 1 1 10rem;
        }
        td input.name {
          min-width: 0;
        }
      }
      td input.pin {
        width: 6rem;
        font-family: var(--gd-mono);
      }
      td.actions {
        text-align: right;
        white-space: nowrap;
      }
      td.actions button {
        margin-left: 0.25rem;
      }
      .pincell {
        display: flex;
        gap: 0.25rem;
        align-items: center;
      }
      .notice {
        color: var(--gd-good);
        font-size: 0.88rem;
      }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('game') && this.game && (changed.get('game') as AdminGame | undefined)?.id !== this.game.id) {
      this.withPins = this.game.requirePin;
    }
    if (changed.has('levelId') || changed.has('levels')) {
      if (!this.levels.some((l) => l.id === this.resetLevelId)) this.resetLevelId = this.levelId ?? this.levels[0]?.id ?? null;
    }
  }

  private async run(target: number | 'top', action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.errorFor = target;
    this.notice = '';
    try {
      await action();
      this.errorFor = null;
    } catch (err) {
      this.error = errorMessage(err);
      // the fields go back to what the server has (live() compares with the DOM's value)
      this.requestUpdate();
    } finally {
      this.busy = false;
    }
  }

  private create(e: Event): void {
    e.preventDefault();
    if (!this.game) return;
    const count = Math.floor(this.count);
    if (!(count >= 1 && count <= 500)) {
      this.errorFor = 'top';
      this.error = t('admin.teams.countRange');
      return;
    }
    const gameId = this.game.id;
    void this.run('top', async () => {
      const { teams } = await adminApi<{ teams: AdminTeam[] }>(`/games/${gameId}/teams`, { body: { count, pins: this.withPins } });
      this.notice = t('admin.teams.created', { n: teams.length });
      emit(this, 'gd-changed', {});
    });
  }

  private patch(team: AdminTeam, patch: TeamPatch): void {
    void this.run(team.id, async () => {
      await adminApi(`/teams/${team.id}`, { method: 'PATCH', body: patch });
      emit(this, 'gd-changed', {});
    });
  }

  private onNumber(team: AdminTeam, input: HTMLInputElement): void {
    const n = Number(input.value);
    if (!Number.isInteger(n) || n < 0) {
      input.value = String(team.number);
      return;
    }
    if (n !== team.number) this.patch(team, { number: n });
  }

  private onName(team: AdminTeam, input: HTMLInputElement): void {
    const name = input.value.trim();
    // an empty field shows the default name; the server keeps names of at least one character
    if (!name) {
      input.value = team.name;
      return;
    }
    if (name !== team.name) this.patch(team, { name });
  }

  private async resetCode(team: AdminTeam): Promise<void> {
    const ok = await confirmAction({
      title: t('admin.teams.resetCodeTitle', { n: team.number }),
      message: t('admin.teams.resetCodeBody', { n: team.number }),
      confirmLabel: t('admin.teams.resetCode'),
    });
    if (!ok) return;
    await this.run(team.id, async () => {
      await adminApi(`/teams/${team.id}/reset-code`, { method: 'POST' });
      this.notice = t('admin.teams.resetCodeDone', { n: team.number });
      emit(this, 'gd-changed', {});
    });
  }

  private onPin(team: AdminTeam, value: string): void {
    const pin = value.trim() || null;
    if (pin !== team.pin) this.patch(team, { pin });
  }

  private async newPin(team: AdminTeam): Promise<void> {
    // a printed card carries the old PIN: replacing it locks the team out until it gets the new one
    if (team.pin) {
      const ok = await confirmAction({ title: t('admin.teams.newPinTitle', { n: team.number }), message: t('admin.teams.newPinBody'), confirmLabel: t('admin.teams.newPin') });
      if (!ok) return;
    }
    this.patch(team, { pin: randomPin() });
  }

  private fillPins(): void {
    const missing = this.teams.filter((team) => !team.pin);
    void this.run('top', async () => {
      for (const team of missing) await adminApi(`/teams/${team.id}`, { method: 'PATCH', body: { pin: randomPin() } });
      this.notice = t('admin.teams.pinsSet', { n: missing.length });
      emit(this, 'gd-changed', {});
    });
  }

  private async confirmDelete(team: AdminTeam): Promise<void> {
    const ok = await confirmAction({
      title: t('admin.teams.deleteTitle', { n: team.number, name: teamName(team, t) }),
      message: t('admin.teams.deleteBody'),
      confirmLabel: t('admin.delete'),
    });
    if (!ok) return;
    await this.run(team.id, async () => {
      await adminApi(`/teams/${team.id}`, { method: 'DELETE' });
      emit(this, 'gd-changed', {});
    });
  }

  private async resetGuesses(team: AdminTeam): Promise<void> {
    const level = this.levels.find((l) => l.id === this.resetLevelId);
    if (!level) return;
    const ok = await confirmAction({
      title: t('admin.teams.resetTitle', { n: team.number, level: level.title }),
      message: t('admin.teams.resetBody'),
      confirmLabel: t('admin.teams.reset'),
    });
    if (!ok) return;
    await this.run(team.id, async () => {
      await adminApi(`/levels/${level.id}/reset`, { body: { teamId: team.id } });
      this.notice = t('admin.teams.resetDone', { n: team.number, level: level.title });
      emit(this, 'gd-changed', {});
    });
  }

  private row(team: AdminTeam, position: number) {
    const enter = (e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur();
    return html`<tr data-team=${team.id} data-number=${team.number}>
        <td><span class="swatch" style="background:${teamColor(position)}"></span></td>
        <td><input class="number" type="number" min="0" .value=${live(String(team.number))} aria-label=${t('admin.teams.number')}
          @change=${(e: Event) => this.onNumber(team, e.target as HTMLInputElement)} @keydown=${enter} /></td>
        <td class="name-cell"><input class="name" .value=${live(team.name)} maxlength="100" aria-label=${t('admin.teams.name')}
          placeholder=${t('team.defaultName', { number: team.number })}
          @change=${(e: Event) => this.onName(team, e.target as HTMLInputElement)} @keydown=${enter} /></td>
        <td data-label=${t('admin.teams.pin')}>
          <div class="pincell">
            <input class="pin" .value=${live(team.pin ?? '')} maxlength="50" placeholder=${t('admin.teams.noPin')} aria-label=${t('admin.teams.pin')}
              @change=${(e: Event) => this.onPin(team, (e.target as HTMLInputElement).value)} @keydown=${enter} />
            <button class="ghost small" type="button" title=${t('admin.teams.newPin')} aria-label=${t('admin.teams.newPin')}
              ?disabled=${this.busy} @click=${() => this.newPin(team)}>↻</button>
          </div>
        </td>
        <td class="code" data-label=${t('admin.teams.code')}>
          ${team.code ? html`<b data-code>${team.code}</b>` : html`<span class="muted" data-code-unclaimed>${t('admin.teams.unclaimed')}</span>`}
          <button class="small" type="button" ?disabled=${this.busy || !team.code} data-reset-code
            @click=${() => this.resetCode(team)}>${t('admin.teams.resetCode')}</button>
        </td>
        <td class="actions">
          <button class="small" type="button" ?disabled=${this.busy || this.resetLevelId === null} data-reset
            @click=${() => this.resetGuesses(team)}>${t('admin.teams.reset')}</button>
          <button class="small danger" type="button" ?disabled=${this.busy} @click=${() => this.confirmDelete(team)}>${t('admin.delete')}</button>
        </td>
      </tr>
      ${this.error && this.errorFor === team.id ? html`<tr><td colspan="6" class="full"><div class="error" role="alert">${this.error}</div></td></tr>` : null}`;
  }

  override render() {
    if (!this.game) return null;
    const teams = [...this.teams].sort((a, b) => a.number - b.number);
    const missingPins = teams.filter((team) => !team.pin).length;
    return html`<section class="panel">
      <div class="row" style="margin-bottom:0.6rem">
        <h2 style="margin:0">${t('admin.teams.heading')} <span class="muted">(${teams.length})</span></h2>
        <span class="spacer"></span>
        <button type="button" class="primary" ?disabled=${teams.length === 0} @click=${() => emit(this, 'gd-view', { view: 'cards' })}>${t('admin.teams.print')}</button>
      </div>
      <div class="bar">
        <form class="group" @submit=${this.create}>
          <label for="count">${t('admin.teams.add')}</label>
          <input id="count" type="number" min="1" max="500" .value=${String(this.count)} @input=${(e: Event) => (this.count = Number((e.target as HTMLInputElement).value))} />
          <label class="check"><input type="checkbox" .checked=${this.withPins} @change=${(e: Event) => (this.withPins = (e.target as HTMLInputElement).checked)} />${t('admin.teams.withPins')}</label>
          <button class="primary" type="submit" ?disabled=${this.busy} data-create-teams>${t('admin.teams.create')}</button>
        </form>
        ${missingPins > 0 && teams.length > 0
          ? html`<button type="button" ?disabled=${this.busy} @click=${this.fillPins}>${t('admin.teams.fillPins', { n: missingPins })}</button>`
          : null}
        <span class="spacer"></span>
        ${this.levels.length
          ? html`<label class="row" style="gap:0.35rem;min-width:0;max-width:100%">${t('admin.teams.resetLevel')}
              <select @change=${(e: Event) => (this.resetLevelId = Number((e.target as HTMLSelectElement).value))}>
                ${[...this.levels].sort((a, b) => a.index - b.index).map((l) => html`<option value=${l.id} ?selected=${l.id === this.resetLevelId}>${l.title}</option>`)}
              </select></label>`
          : null}
      </div>
      ${this.game.requirePin && missingPins > 0 ? html`<div class="error">${t('admin.teams.pinsMissing', { n: missingPins })}</div>` : null}
      ${this.error && this.errorFor === 'top' ? html`<div class="error" role="alert">${this.error}</div>` : null}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : null}
      ${teams.length === 0
        ? html`<p class="empty">${t('admin.teams.none')}</p>`
        : html`<p class="codehint">${t('admin.teams.codeHint')}</p>
          <div class="scroll"><table class="stack">
            <thead>
              <tr>
                <th></th>
                <th>${t('admin.teams.number')}</th>
                <th>${t('admin.teams.name')}</th>
                <th>${t('admin.teams.pin')}</th>
                <th>${t('admin.teams.code')}</th>
                <th><span class="sr-only">${t('admin.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${teams.map((team, i) => this.row(team, i))}
            </tbody>
          </table></div>`}
    </section>`;
  }
}
customElements.define('gd-team-manager', GdTeamManager);

declare global {
  interface HTMLElementTagNameMap {
    'gd-team-manager': GdTeamManager;
  }
}
