import { LitElement, css, html, type PropertyValues } from 'lit';
import type { AdminGame, AdminGuess, AdminLevel, AdminServerMessage, LeaderboardEntry, ReferencePath } from '../../shared/protocol.ts';
import { api } from '../common/api.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { SocketController } from '../common/socket-controller.ts';
import '../common/gd-connection-banner.ts';
import '../common/gd-lang-switch.ts';
import './gd-admin-login.ts';
import './gd-export-panel.ts';
import './gd-game-list.ts';
import './gd-game-settings.ts';
import './gd-level-editor.ts';
import './gd-level-list.ts';
import './gd-live-monitor.ts';
import './gd-reference-panel.ts';
import './gd-round-control.ts';
import './gd-team-manager.ts';
import { DueController } from './controllers.ts';
import { adminApi, backendName, errorMessage, session, SESSION_EXPIRED } from './session.ts';
import { adminStyles } from './styles.ts';
import type { AdminStatus, AdminView, GameDetail, MonitorResponse } from './types.ts';

/** Where the instructor is: the URL hash, so a reload (or the browser's Back) lands on the same screen. */
interface Route {
  view: AdminView;
  gameId: number | null;
  level: number | 'new' | null;
}

const GAME_VIEWS: AdminView[] = ['live', 'levels', 'teams', 'settings'];

function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] !== 'g' || !Number.isInteger(Number(parts[1]))) return { view: 'games', gameId: null, level: null };
  const view = (['live', 'levels', 'teams', 'settings', 'cards'] as AdminView[]).includes(parts[2] as AdminView) ? (parts[2] as AdminView) : 'live';
  const level = parts[3] === 'new' ? 'new' : Number.isInteger(Number(parts[3])) && parts[3] ? Number(parts[3]) : null;
  return { view, gameId: Number(parts[1]), level };
}

function toHash(route: Route): string {
  if (route.view === 'games' || route.gameId === null) return '#/games';
  return `#/g/${route.gameId}/${route.view}${route.level !== null ? `/${route.level}` : ''}`;
}

/** The printable team cards (and their QR code library) load when first shown: a phone signing in skips them. */
function loadCards(): void {
  import('./gd-team-cards.ts').catch((err: unknown) => console.error('the team cards could not be loaded', err));
}

/** The level a live screen should show first: the running one, else the last played, else the first. */
function defaultLiveLevel(levels: AdminLevel[]): number | null {
  const sorted = [...levels].sort((a, b) => a.index - b.index);
  const pick =
    sorted.find((l) => l.status === 'open') ??
    sorted.find((l) => l.status === 'paused') ??
    [...sorted].reverse().find((l) => l.status === 'closed' || l.status === 'revealed') ??
    sorted[0];
  return pick?.id ?? null;
}

/**
 * The instructor's page at /admin: sign-in, then games → levels → teams → the live round, with the /admin
 * socket feeding guesses, level changes and device presence.
 */
export class GdAdminApp extends LitElement {
  static override properties = {
    token: { state: true },
    route: { state: true },
    status: { state: true },
    games: { state: true },
    detail: { state: true },
    guesses: { state: true },
    guessesFor: { state: true },
    devices: { state: true },
    leaderboard: { state: true },
    reference: { state: true },
    loginNotice: { state: true },
    loadError: { state: true },
  };
  declare token: string | null;
  declare route: Route;
  declare status: AdminStatus | null;
  declare games: AdminGame[];
  declare detail: GameDetail | null;
  declare guesses: AdminGuess[];
  /** The level whose guesses `guesses` holds once loaded (null while loading). */
  declare guessesFor: number | null;
  declare devices: Record<string, number>;
  /** The live level's standings as the server ranks and scores them (refreshed as results are disclosed). */
  declare leaderboard: LeaderboardEntry[];
  declare reference: ReferencePath[];
  declare loginNotice: string;
  declare loadError: string;

  private readonly locale = new LocaleController(this);
  private readonly socket = new SocketController<AdminServerMessage>(this, {
    namespace: '/admin',
    token: () => this.token,
    onMessage: (message) => this.onMessage(message),
    onUnauthorized: () => this.expire(),
    onConnect: () => void this.reloadAll(),
  });
  private liveSeq = 0;
  private detailSeq = 0;
  private standingsSeq = 0;
  /** Refreshes the standings when a guess's result is disclosed (its readyAt). */
  private readonly standingsDue = new DueController(this, () => void this.loadStandings());
  private readonly onHash = () => this.applyRoute(parseHash(location.hash));
  private readonly onExpired = () => this.expire();

  constructor() {
    super();
    this.token = session.token;
    this.route = parseHash(location.hash);
    if (this.route.view === 'cards') loadCards();
    this.status = null;
    this.games = [];
    this.detail = null;
    this.guesses = [];
    this.guessesFor = null;
    this.devices = {};
    this.leaderboard = [];
    this.reference = [];
    this.loginNotice = '';
    this.loadError = '';
  }

  static override styles = [
    adminStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
      }
      header {
        position: sticky;
        top: 0;
        z-index: 50;
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 0.4rem 0.7rem;
        padding: 0.4rem 1rem;
        background: #0b1222;
        border-bottom: 1px solid #334155;
        min-height: 50px;
      }
      .brand {
        font-weight: 800;
        font-size: 1rem;
        white-space: nowrap;
        color: var(--gd-text);
        text-decoration: none;
      }
      .brand small {
        color: var(--gd-muted);
        font-weight: 500;
        margin-left: 0.3rem;
      }
      .game {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        min-width: 0;
      }
      .game select {
        max-width: 19rem;
        font-weight: 600;
      }
      .active {
        color: var(--gd-good);
      }
      .inactive {
        color: var(--gd-warn);
      }
      nav {
        display: flex;
        gap: 0.15rem;
      }
      nav a {
        color: var(--gd-muted);
        text-decoration: none;
        padding: 0.35rem 0.7rem;
        border-radius: 6px;
        font-size: 0.92rem;
        white-space: nowrap;
      }
      nav a:hover {
        color: var(--gd-text);
        background: #1e293b;
      }
      nav a[aria-current='page'] {
        color: var(--gd-text);
        background: #1e3a5f;
        font-weight: 600;
      }
      .conn {
        font-size: 0.78rem;
        color: var(--gd-muted);
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        white-space: nowrap;
      }
      .conn::before {
        content: '';
        width: 0.5rem;
        height: 0.5rem;
        border-radius: 50%;
        background: var(--gd-good);
      }
      .conn.down::before {
        background: var(--gd-warn);
      }
      main {
        padding: 0.8rem 1rem 1.5rem;
        display: flex;
        flex-direction: column;
        gap: 0.8rem;
      }
      .levels {
        display: grid;
        grid-template-columns: 18rem minmax(0, 1fr);
        gap: 0.8rem;
        align-items: start;
      }
      .levels gd-level-list {
        position: sticky;
        top: 62px;
        max-height: calc(100vh - 80px);
      }
      .settings {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 0.8rem;
        align-items: start;
      }
      gd-live-monitor {
        --monitor-height: max(300px, calc(100vh - 262px));
      }
      .games {
        max-width: 72rem;
        display: flex;
        flex-direction: column;
        gap: 0.8rem;
      }
      .status {
        font-size: 0.8rem;
        color: var(--gd-muted);
        overflow-wrap: anywhere;
      }
      .all-games {
        color: var(--gd-muted);
        font-size: 0.8rem;
        white-space: nowrap;
      }
      @media (max-width: 1100px) {
        .levels {
          grid-template-columns: minmax(0, 1fr);
        }
        .levels gd-level-list {
          position: static;
          max-height: none;
        }
        .settings {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      /* A phone or a narrow tablet: the header wraps into rows (tools; the game; the pages) and scrolls away. */
      @media (max-width: 900px) {
        header {
          position: static;
          padding: 0.4rem 0.6rem;
        }
        .brand {
          order: 1;
        }
        .spacer {
          order: 2;
        }
        .conn {
          order: 3;
        }
        .conn .label {
          display: none;
        }
        gd-lang-switch {
          order: 4;
        }
        [data-sign-out] {
          order: 5;
        }
        .game {
          order: 6;
          flex-basis: 100%;
        }
        .game select {
          flex: 1;
          max-width: none;
        }
        nav {
          order: 7;
          flex-basis: 100%;
          overflow-x: auto;
        }
        .all-games {
          display: none;
        }
        main {
          padding: 0.6rem 0.5rem 1.2rem;
        }
        gd-live-monitor {
          --monitor-height: 320px;
        }
      }
      @media print {
        header,
        gd-connection-banner {
          display: none;
        }
        main {
          padding: 0;
        }
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener(SESSION_EXPIRED, this.onExpired);
    if (this.token) void this.reloadAll();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener(SESSION_EXPIRED, this.onExpired);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('route') || changed.has('detail')) document.title = this.detail && this.route.view !== 'games' ? `${this.detail.game.title} · ${t('admin.title')}` : t('admin.title');
  }

  // ---------- navigation ----------

  /** Goes to a screen; `replace` for filling in a default (so Back does not bounce through it). */
  private navigate(route: Partial<Route>, replace = false): void {
    const next: Route = { ...this.route, ...route };
    if (next.view === 'games') next.gameId = null;
    const hash = toHash(next);
    if (location.hash === hash) this.applyRoute(next);
    else if (replace) {
      history.replaceState(history.state, '', hash);
      this.applyRoute(next);
    } else location.hash = hash;
  }

  private applyRoute(route: Route): void {
    const previous = this.route;
    this.route = route;
    if (route.view === 'cards') loadCards();
    if (route.gameId !== null && route.gameId !== this.detail?.game.id) {
      this.detail = null;
      void this.loadDetail();
    } else {
      this.settleLevel();
    }
    if (route.level !== previous.level || route.gameId !== previous.gameId || route.view !== previous.view) void this.loadLive();
    // team codes change when a device claims its team: the team screens show them fresh
    if ((route.view === 'teams' || route.view === 'cards') && route.view !== previous.view && this.detail && route.gameId === this.detail.game.id) void this.loadDetail();
  }

  /** Fills in the level a screen needs when the URL names none (or one that is gone). */
  private settleLevel(): void {
    const detail = this.detail;
    const route = this.route;
    if (!detail || route.gameId !== detail.game.id) return;
    const exists = typeof route.level === 'number' && detail.levels.some((l) => l.id === route.level);
    if (route.view === 'live' && !exists) {
      const id = defaultLiveLevel(detail.levels);
      if (id !== route.level) this.navigate({ level: id }, true);
    } else if (route.view === 'levels' && route.level !== 'new' && !exists) {
      const first = [...detail.levels].sort((a, b) => a.index - b.index)[0];
      this.navigate({ level: first ? first.id : 'new' }, true);
    }
  }

  private get levelId(): number | null {
    return typeof this.route.level === 'number' ? this.route.level : null;
  }

  // ---------- data ----------

  private async reloadAll(): Promise<void> {
    if (!this.token) return;
    void this.loadStatus();
    await Promise.all([this.loadGames(), this.route.gameId !== null ? this.loadDetail() : Promise.resolve()]);
    await this.loadLive();
  }

  private async loadStatus(): Promise<void> {
    try {
      this.status = await adminApi<AdminStatus>('/status');
    } catch {
      // shown as "—"; the rest of the page works without it
    }
  }

  private async loadGames(): Promise<void> {
    try {
      this.games = await adminApi<AdminGame[]>('/games');
      this.loadError = '';
    } catch (err) {
      this.loadError = errorMessage(err);
    }
  }

  private async loadDetail(): Promise<void> {
    const gameId = this.route.gameId;
    if (gameId === null) return;
    const seq = ++this.detailSeq;
    try {
      const detail = await adminApi<GameDetail>(`/games/${gameId}`);
      if (seq !== this.detailSeq || this.route.gameId !== gameId) return;
      this.detail = detail;
      this.loadError = '';
      this.settleLevel();
    } catch (err) {
      if (seq !== this.detailSeq) return;
      this.loadError = errorMessage(err);
      if ((err as { code?: string }).code === 'NOT_FOUND') this.navigate({ view: 'games' });
    }
  }

  /** The live screen's guesses, standings and device counts for its level; socket messages keep them current. */
  private async loadLive(): Promise<void> {
    const levelId = this.levelId;
    const seq = ++this.liveSeq;
    if (this.route.view !== 'live' || levelId === null) return;
    if (this.guessesFor !== levelId) {
      this.guesses = this.guesses.filter((g) => g.levelId === levelId);
      this.leaderboard = [];
      this.standingsDue.clear();
      this.guessesFor = null;
    }
    try {
      const [{ guesses }] = await Promise.all([adminApi<{ guesses: AdminGuess[] }>(`/levels/${levelId}/guesses`), this.loadStandings()]);
      if (seq !== this.liveSeq) return;
      // keep any guess the socket delivered while the list was loading
      const ids = new Set(guesses.map((g) => g.id));
      const newer = this.guesses.filter((g) => g.levelId === levelId && !ids.has(g.id));
      this.guesses = [...guesses, ...newer];
      this.guessesFor = levelId;
      const now = Date.now();
      for (const g of this.guesses) if (Date.parse(g.readyAt) > now) this.standingsDue.at(Date.parse(g.readyAt) + 250);
    } catch (err) {
      if (seq === this.liveSeq) this.loadError = errorMessage(err);
    }
  }

  /** The server's standings (rank, points) and device counts of the live level. */
  private async loadStandings(): Promise<void> {
    const levelId = this.levelId;
    if (this.route.view !== 'live' || levelId === null) return;
    const seq = ++this.standingsSeq;
    try {
      const monitor = await adminApi<MonitorResponse>(`/levels/${levelId}/monitor`);
      if (seq !== this.standingsSeq || this.levelId !== levelId) return;
      this.leaderboard = monitor.leaderboard;
      this.devices = monitor.devices;
    } catch {
      // the table keeps the standings it has; the next result or reload brings them
    }
  }

  private onMessage(message: AdminServerMessage): void {
    switch (message.type) {
      case 'guess': {
        const g = message.guess;
        if (g.levelId !== this.levelId || this.guesses.some((x) => x.id === g.id)) return;
        this.guesses = [...this.guesses, g];
        this.standingsDue.at(Date.parse(g.readyAt) + 250);
        return;
      }
      case 'level': {
        const level = message.level;
        const detail = this.detail;
        if (!detail || level.gameId !== detail.game.id) return;
        if (detail.levels.some((l) => l.id === level.id)) {
          this.detail = { ...detail, levels: detail.levels.map((l) => (l.id === level.id ? level : l)) };
        } else {
          void this.loadDetail();
        }
        // a reset removes the level's guesses; a close or reveal settles the standings
        if (level.id === this.levelId) {
          if (level.status === 'draft') void this.loadLive();
          else void this.loadStandings();
        }
        return;
      }
      case 'presence': {
        const detail = this.detail;
        if (!detail || message.gameId !== detail.game.id) return;
        this.devices = message.devices;
        // a device online for a team without a code has just claimed it: fetch the team's code
        if (detail.teams.some((team) => team.code === null && (message.devices[String(team.id)] ?? 0) > 0)) void this.loadDetail();
        return;
      }
      case 'games':
        void this.loadGames();
        void this.loadDetail();
        return;
    }
  }

  // ---------- session ----------

  private signedIn(token: string): void {
    session.token = token;
    this.token = token;
    this.loginNotice = '';
    this.socket.connect();
    void this.reloadAll();
  }

  private clearSession(): void {
    session.token = null;
    this.token = null;
    this.socket.disconnect();
    this.games = [];
    this.detail = null;
    this.guesses = [];
    this.leaderboard = [];
    this.standingsDue.clear();
    this.status = null;
  }

  private async signOut(): Promise<void> {
    const token = this.token;
    // the server ends the session first, so a reload right after cannot cut the request short
    if (token) {
      await api('/api/admin/logout', { method: 'POST', token }).catch((err: unknown) => console.warn('sign-out: the server did not answer', err));
    }
    this.clearSession();
    this.loginNotice = '';
  }

  private expire(): void {
    if (!this.token) return;
    this.clearSession();
    this.loginNotice = t('admin.login.expired');
  }

  // ---------- events from the panels ----------

  private onChanged(e: CustomEvent<{ gameId?: number; levelId?: number; level?: AdminLevel; view?: AdminView; removedGameId?: number; removedLevelId?: number }>): void {
    const d = e.detail ?? {};
    if (d.level && this.detail && d.level.gameId === this.detail.game.id) {
      const exists = this.detail.levels.some((l) => l.id === d.level!.id);
      this.detail = { ...this.detail, levels: exists ? this.detail.levels.map((l) => (l.id === d.level!.id ? d.level! : l)) : [...this.detail.levels, d.level] };
    }
    if (d.removedGameId !== undefined && d.removedGameId === this.route.gameId) this.navigate({ view: 'games' });
    else if (d.gameId !== undefined && d.gameId !== this.route.gameId) this.navigate({ view: d.view ?? 'levels', gameId: d.gameId, level: null });
    else if (d.levelId !== undefined) this.navigate({ level: d.levelId });
    else if (d.removedLevelId !== undefined && d.removedLevelId === this.levelId) this.navigate({ level: null });
    void this.loadGames();
    void this.loadDetail();
    if (d.level?.status === 'draft' && d.level.id === this.levelId) void this.loadLive();
  }

  private openGame(gameId: number): void {
    const game = this.games.find((g) => g.id === gameId);
    const view: AdminView = game && game.levels > 0 && game.teams > 0 ? 'live' : 'levels';
    this.navigate({ view, gameId, level: null });
  }

  // ---------- rendering ----------

  private renderHeader() {
    const route = this.route;
    const detail = this.detail;
    const inGame = route.view !== 'games' && route.gameId !== null;
    const tab = (view: AdminView, label: string) =>
      html`<a href=${toHash({ view, gameId: route.gameId, level: view !== 'settings' && typeof route.level === 'number' ? route.level : null })}
        aria-current=${route.view === view || (view === 'teams' && route.view === 'cards') ? 'page' : 'false'} data-tab=${view}>${label}</a>`;
    const connected = this.socket.state === 'connected';
    return html`<header>
      <a class="brand" href="#/games" data-tab="games">GD Arena<small>${t('admin.brand')}</small></a>
      ${inGame
        ? html`<div class="game">
            <select aria-label=${t('admin.nav.game')} @change=${(e: Event) => this.openGame(Number((e.target as HTMLSelectElement).value))}>
              ${this.games.map((g) => html`<option value=${g.id} ?selected=${g.id === route.gameId}>${g.title}</option>`)}
              ${this.games.some((g) => g.id === route.gameId) || !detail ? null : html`<option selected value=${detail.game.id}>${detail.game.title}</option>`}
            </select>
            ${detail
              ? detail.game.active
                ? html`<span class="badge active" title=${t('admin.games.activeHint')}>${t('admin.games.active')}</span>`
                : html`<button class="small" type="button" title=${t('admin.games.activateHint')} @click=${() => this.activate(detail.game.id)}>${t('admin.games.activate')}</button>`
              : null}
          </div>
          <nav aria-label=${t('admin.nav.sections')}>
            ${tab('live', t('admin.nav.live'))} ${tab('levels', t('admin.nav.levels'))} ${tab('teams', t('admin.nav.teams'))}
            ${tab('settings', t('admin.nav.settings'))}
          </nav>`
        : html`<nav><a href="#/games" aria-current="page">${t('admin.nav.games')}</a></nav>`}
      <span class="spacer"></span>
      ${inGame ? html`<a class="all-games" href="#/games">${t('admin.nav.allGames')}</a>` : null}
      <span class="conn ${connected ? '' : 'down'}" title=${t('admin.nav.connHint')} aria-label=${connected ? t('conn.connected') : t('conn.reconnecting')}
        ><span class="label">${connected ? t('conn.connected') : t('conn.reconnecting')}</span></span>
      <gd-lang-switch></gd-lang-switch>
      <button class="small" type="button" data-sign-out @click=${() => this.signOut()}>${t('admin.signOut')}</button>
    </header>`;
  }

  private async activate(gameId: number): Promise<void> {
    try {
      await adminApi(`/games/${gameId}/activate`, { method: 'POST' });
      this.loadError = '';
    } catch (err) {
      this.loadError = errorMessage(err);
    }
    void this.loadGames();
    void this.loadDetail();
  }

  private renderView() {
    const route = this.route;
    if (route.view === 'games' || route.gameId === null) {
      return html`<div class="games">
        <gd-game-list .games=${this.games} .selectedId=${this.detail?.game.id ?? null}
          @gd-select-game=${(e: CustomEvent<{ gameId: number }>) => this.openGame(e.detail.gameId)}></gd-game-list>
        <gd-export-panel .game=${null}></gd-export-panel>
        ${this.status
          ? html`<p class="status">${t('admin.status.line', { version: this.status.version, backend: backendName(this.status.backend) })}
              ${this.status.joinUrls.length ? html` · ${t('admin.status.join')} <span class="mono">${this.status.joinUrls.join('  ')}</span>` : null}</p>`
          : null}
      </div>`;
    }
    const detail = this.detail;
    if (!detail) return html`<p class="muted">${this.loadError ? '' : t('admin.loading')}</p>`;
    const levels = [...detail.levels].sort((a, b) => a.index - b.index);
    switch (route.view) {
      case 'levels': {
        const level = typeof route.level === 'number' ? (levels.find((l) => l.id === route.level) ?? null) : null;
        return html`<div class="levels">
          <gd-level-list .levels=${levels} .selectedId=${level?.id ?? null}
            @gd-select-level=${(e: CustomEvent<{ levelId: number | null }>) => this.navigate({ level: e.detail.levelId ?? 'new' })}></gd-level-list>
          <gd-level-editor .gameId=${detail.game.id} .level=${level} .nextIndex=${levels.length}
            .defaults=${{ delayMs: detail.game.defaultDelayMs, budget: detail.game.defaultBudget }}
            .takenPasswords=${levels.filter((l) => l.id !== level?.id).map((l) => l.password)}></gd-level-editor>
        </div>`;
      }
      case 'teams':
        return html`<gd-team-manager .game=${detail.game} .teams=${detail.teams} .levels=${levels} .levelId=${this.levelId}></gd-team-manager>`;
      case 'cards':
        return html`<gd-team-cards .game=${detail.game} .teams=${detail.teams} .joinUrls=${this.status?.joinUrls ?? []}></gd-team-cards>`;
      case 'settings':
        return html`<div class="settings">
          <gd-game-settings .game=${detail.game}></gd-game-settings>
          <gd-export-panel .game=${detail.game}></gd-export-panel>
        </div>`;
      case 'live':
      default: {
        const level = levels.find((l) => l.id === this.levelId) ?? null;
        return html`<gd-round-control .game=${detail.game} .levels=${levels} .levelId=${level?.id ?? null}
            @gd-select-level=${(e: CustomEvent<{ levelId: number }>) => this.navigate({ level: e.detail.levelId })}></gd-round-control>
          ${level
            ? html`<gd-live-monitor .level=${level} .teams=${detail.teams} .guesses=${this.guesses} .guessesFor=${this.guessesFor} .devices=${this.devices}
                  .leaderboard=${this.leaderboard} .reference=${this.reference}></gd-live-monitor>
                <gd-reference-panel .level=${level} .teams=${detail.teams} backend=${this.status?.backend ?? ''}
                  @gd-reference=${(e: CustomEvent<{ runs: ReferencePath[] }>) => (this.reference = e.detail.runs)}></gd-reference-panel>`
            : levels.length === 0
              ? html`<p class="muted">${t('admin.round.noLevels')} <a href=${toHash({ view: 'levels', gameId: detail.game.id, level: 'new' })} style="color:var(--gd-accent)">${t('admin.levels.new')}</a></p>`
              : null}`;
      }
    }
  }

  override render() {
    if (!this.token) {
      return html`<gd-admin-login .notice=${this.loginNotice} @gd-signed-in=${(e: CustomEvent<{ token: string }>) => this.signedIn(e.detail.token)}></gd-admin-login>`;
    }
    return html`<gd-connection-banner .state=${this.socket.state}></gd-connection-banner>
      ${this.renderHeader()}
      <main
        @gd-changed=${this.onChanged}
        @gd-view=${(e: CustomEvent<{ view: AdminView }>) => this.navigate({ view: e.detail.view })}
      >
        ${this.loadError ? html`<div class="error" role="alert">${this.loadError}</div>` : null}
        ${this.renderView()}
      </main>`;
  }
}
customElements.define('gd-admin-app', GdAdminApp);

declare global {
  interface HTMLElementTagNameMap {
    'gd-admin-app': GdAdminApp;
  }
}
