import { LitElement, css, html, nothing } from 'lit';
import type {
  DataSet,
  GuessView,
  LeaderboardEntry,
  LoginResponse,
  MeResponse,
  OverallEntry,
  PublicLevel,
  Reveal,
  TeamServerMessage,
  TeamView,
} from '../../shared/protocol.ts';
import { DEFAULT_LOGIN_DELAY_MS } from '../../shared/optimizers.ts';
import { api, ApiError } from '../common/api.ts';
import '../common/gd-connection-banner.ts';
import '../common/gd-lang-switch.ts';
import { errorText, getLocale, LocaleController, t } from '../common/i18n.ts';
import { SocketController } from '../common/socket-controller.ts';
import type { Comparison } from './comparison.ts';
import { axesOf, bestGuess, fOf, latestReady, msUntil, pointName } from './format.ts';
import type * as GameViews from './game-views.ts';
// The plot is loaded after login by ./main.ts (it holds Chart.js).
import type { LoginRequest } from './gd-login-form.ts';
import './gd-login-form.ts';
import { sessionStore, type Session } from './session.ts';
import { Ticker } from './ticker.ts';
import { baseStyles } from './base-styles.ts';

/** A refusal as the server words it: a code, and where the contract gives one, a reason and its params. */
interface Refusal {
  code: string;
  message?: string;
  reason?: string;
  params?: Record<string, string | number>;
}

type GuessAck = { ok: true; guess: GuessView } | { ok: false; error: Refusal };

/** A refusal in the page's language: by code and reason when the table has that case, else by code. */
function refusalText(refusal: Refusal): string {
  if (refusal.reason) {
    const key = `error.${refusal.code}.${refusal.reason}`;
    const text = t(key, refusal.params);
    if (text !== key) return text;
  }
  return errorText(refusal.code);
}

/** The refusal carried by a failed call (an ApiError; NETWORK for anything else). */
function refusalOf(err: unknown): Refusal {
  if (!(err instanceof ApiError)) return { code: 'NETWORK' };
  return { code: err.code, ...(err.reason ? { reason: err.reason } : {}), ...(err.params ? { params: err.params } : {}) };
}

/** The leaderboard with `changed` rows put in place of the old ones, in rank order. */
function mergeByTeam(rows: readonly LeaderboardEntry[], changed: readonly LeaderboardEntry[]): LeaderboardEntry[] {
  const merged = new Map(rows.map((row) => [row.teamId, row]));
  for (const row of changed) merged.set(row.teamId, row);
  return [...merged.values()].sort((a, b) => a.rank - b.rank || a.number - b.number);
}

/**
 * The team page: login, then the play screen of one level (plot, guess input, history, standing, reveal). Owns the
 * session (token in localStorage), the /team socket and the HTTP fallback; its children only render and emit events.
 */
export class GdPlayApp extends LitElement {
  static override properties = {
    phase: { state: true },
    team: { state: true },
    level: { state: true },
    guesses: { state: true },
    leaderboard: { state: true },
    overall: { state: true },
    rank: { state: true },
    reveal: { state: true },
    pinRule: { state: true },
    loginSince: { state: true },
    loginMode: { state: true },
    loginError: { state: true },
    askCode: { state: true },
    loginDelayMs: { state: true },
    switchOpen: { state: true },
    codeCard: { state: true },
    guessError: { state: true },
    submitting: { state: true },
    picked: { state: true },
    draft: { state: true },
    offsetMs: { state: true },
    loadError: { state: true },
  };
  declare phase: 'login' | 'loading' | 'play';
  declare team: TeamView | null;
  declare level: PublicLevel | null;
  declare guesses: GuessView[];
  declare leaderboard: LeaderboardEntry[] | null;
  /** The game's overall standings, once a level of it is revealed. */
  declare overall: OverallEntry[] | null;
  declare rank: number | null;
  declare reveal: Reveal | null;
  /** Whether the game asks for PINs: null while unknown (the server was out of reach before a login). */
  declare pinRule: boolean | null;
  declare loginSince: number | null;
  declare loginMode: 'login' | 'switch';
  declare loginError: string;
  /** The server said the team is claimed: the login form asks for its code. */
  declare askCode: boolean;
  declare loginDelayMs: number | null;
  declare switchOpen: boolean;
  /** Show the team code large (after the login that gave it, until the team dismisses it). */
  declare codeCard: boolean;
  /** A refusal of a guess, translated; shown only while no newer result has arrived (see guessErrorAt). */
  declare guessError: string;
  declare submitting: boolean;
  declare picked: { x: number[]; seq: number } | null;
  declare draft: number[] | null;
  /** Server clock − local clock, estimated from our own guesses, so countdowns end when the server says. */
  declare offsetMs: number;
  declare loadError: string;

  private session: Session | null = sessionStore.load();
  /** The play screen's elements and helpers (./game-views.ts), loaded once a login is under way. */
  private views: typeof GameViews | null = null;
  private viewsLoading: Promise<void> | null = null;
  /** How many results the team had when guessError was set: a later result makes the refusal stale. */
  private guessErrorAt = 0;
  private loginAbort: AbortController | null = null;
  private polling = false;
  private lastPoll = 0;
  private refreshing: Promise<void> | null = null;
  private readonly prefill = new URLSearchParams(location.search);

  private readonly locale = new LocaleController(this);
  private readonly socket = new SocketController<TeamServerMessage>(this, {
    namespace: '/team',
    token: () => this.session?.token ?? null,
    onMessage: (message) => this.onMessage(message),
    onUnauthorized: () => this.expire(),
    onConnect: () => void this.refresh(),
  });
  // Once a second: catch a result whose push was missed (or a socket that is down) by asking over HTTP.
  private readonly watchdog = new Ticker(this, 1000, () => this.pendingGuess() !== null, () => this.checkPending());

  constructor() {
    super();
    this.phase = 'login';
    this.team = null;
    this.level = null;
    this.guesses = [];
    this.leaderboard = null;
    this.overall = null;
    this.rank = null;
    this.reveal = null;
    this.pinRule = sessionStore.prefs().requirePin ?? null;
    this.loginSince = null;
    this.loginMode = 'login';
    this.loginError = '';
    this.askCode = false;
    this.switchOpen = false;
    this.codeCard = false;
    this.guessError = '';
    this.submitting = false;
    this.picked = null;
    this.draft = null;
    this.offsetMs = 0;
    this.loadError = '';
    this.loginDelayMs = null;
    if (this.session) {
      const cached = sessionStore.loadState(this.session.levelId);
      this.team = this.session.team;
      if (cached) this.applyState(cached, false);
      this.phase = cached ? 'play' : 'loading';
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisible);
    if (this.session) void this.refresh();
    else void this.readGameInfo();
  }

  /** Before a login: whether the game asks for PINs, and its login delay (for an exact wait bar). */
  private async readGameInfo(): Promise<void> {
    try {
      const info = await api<{ requirePin: boolean; loginDelayMs: number }>('/api/info');
      this.pinRule = info.requirePin;
      this.loginDelayMs = info.loginDelayMs;
    } catch {
      // Offline for now: the form still works, with the usual 10 s estimate and the PIN rule remembered, if any.
    }
  }

  protected override willUpdate(): void {
    if (!this.views && (this.phase !== 'login' || this.loginSince !== null)) this.loadViews();
  }

  private loadViews(): void {
    this.viewsLoading ??= import('./game-views.ts').then(
      (views) => {
        this.views = views;
        this.loadError = '';
        this.requestUpdate();
      },
      () => {
        // Offline at the wrong moment: say so; the next update (a reconnection, a tap) tries again.
        this.viewsLoading = null;
        this.loadError = errorText('NETWORK');
      },
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisible);
    this.loginAbort?.abort();
  }

  // A phone coming back from sleep may hold a socket that has not noticed it is dead yet: re-read at once.
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible' && this.session) void this.refresh();
  };

  // ---------- server state ----------

  /** Re-reads GET /api/me: after login, after every (re)connection, and when a refusal says the state moved on. */
  private refresh(): Promise<void> {
    if (!this.session) return Promise.resolve();
    this.refreshing ??= (async () => {
      const token = this.session?.token;
      try {
        const me = await api<MeResponse>('/api/me', { token });
        if (this.session?.token === token) {
          this.applyState(me, true);
          this.phase = 'play';
          this.loadError = '';
        }
      } catch (err) {
        const refusal = refusalOf(err);
        if (refusal.code === 'UNAUTHORIZED') this.expire();
        else if (this.phase === 'loading') this.loadError = refusalText(refusal);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private applyState(me: MeResponse, save: boolean): void {
    this.team = me.team;
    this.level = me.level;
    // Keep a result that arrived over the socket while this answer was on its way.
    const known = new Map(this.guesses.map((g) => [g.id, g]));
    this.guesses = me.guesses.map((g) => (g.status === 'pending' && known.get(g.id)?.status === 'ready' ? (known.get(g.id) as GuessView) : g));
    this.leaderboard = me.leaderboard ?? null;
    this.overall = me.overall ?? null;
    this.rank = me.rank ?? this.rankFrom(me.leaderboard) ?? null;
    this.reveal = me.reveal ?? null;
    this.pinRule = me.requirePin;
    sessionStore.savePrefs({ requirePin: me.requirePin });
    if (save) sessionStore.saveState(me);
  }

  private saveState(): void {
    if (!this.team || !this.level) return;
    const best = bestGuess(this.guesses);
    sessionStore.saveState({
      team: this.team,
      level: this.level,
      guesses: this.guesses,
      best,
      remaining: this.remaining(),
      ...(this.rank !== null ? { rank: this.rank } : {}),
      ...(this.leaderboard ? { leaderboard: this.leaderboard } : {}),
      ...(this.overall ? { overall: this.overall } : {}),
      ...(this.reveal ? { reveal: this.reveal } : {}),
      requirePin: this.pinRule ?? false,
    });
  }

  private rankFrom(board: LeaderboardEntry[] | undefined | null): number | undefined {
    return board?.find((e) => e.teamId === this.team?.id)?.rank;
  }

  private onMessage(message: TeamServerMessage): void {
    switch (message.type) {
      case 'state': {
        const { type: _, ...me } = message;
        this.applyState(me, true);
        this.phase = 'play';
        return;
      }
      case 'accepted':
      case 'ready': {
        // In a message `id` is a label of the client's; the guess's own id is `guessId`.
        const { status, x, submittedAt, readyAt, fx, grad, slope, guessId } = message;
        this.upsert({ id: guessId, status, x, submittedAt, readyAt, ...(fx === undefined ? {} : { fx, grad, slope }) });
        return;
      }
      case 'level': {
        if (message.level.id !== this.level?.id) return;
        const settled = (l: PublicLevel) => l.status === 'closed' || l.status === 'revealed';
        const newlySettled = !settled(this.level) && settled(message.level);
        this.level = message.level;
        // Settled or revealed: the standings (and at the reveal, points and the overall standings) are in /api/me.
        if (newlySettled || (message.level.status === 'revealed' && !this.reveal)) void this.refresh();
        this.saveState();
        return;
      }
      case 'leaderboard':
        if (message.levelId !== this.level?.id) return;
        // A partial update carries only the rows that changed: merge them by team.
        this.leaderboard = message.partial && this.leaderboard ? mergeByTeam(this.leaderboard, message.leaderboard) : message.leaderboard;
        this.rank = this.rankFrom(this.leaderboard) ?? this.rank;
        this.saveState();
        return;
      case 'reveal': {
        if (message.levelId !== this.level?.id) return;
        const first = !this.reveal;
        this.reveal = message.reveal;
        if (this.level && this.level.status !== 'revealed') this.level = { ...this.level, status: 'revealed' };
        this.saveState();
        // The first reveal publishes points and the game's overall standings: read them.
        if (first) void this.refresh();
        return;
      }
      case 'error':
        this.setGuessError(refusalText(message));
        return;
      default:
        return;
    }
  }

  private readyCount(): number {
    return this.guesses.filter((g) => g.status === 'ready').length;
  }

  private setGuessError(text: string): void {
    this.guessError = text;
    this.guessErrorAt = this.readyCount();
  }

  /** The refusal to show: none once a result arrived after it (it was about the state before that result). */
  private currentGuessError(): string {
    return this.guessError && this.readyCount() === this.guessErrorAt ? this.guessError : '';
  }

  /** Adds or updates a guess; a ready guess never goes back to pending (pushes and answers may cross). */
  private upsert(guess: GuessView): void {
    const existing = this.guesses.find((g) => g.id === guess.id);
    let next: GuessView[];
    if (!existing) next = [...this.guesses, guess];
    else if (existing.status === 'ready' && guess.status !== 'ready') return;
    else next = this.guesses.map((g) => (g.id === guess.id ? { ...g, ...guess } : g));
    this.guesses = next;
    if (guess.status === 'ready') this.guessError = '';
    this.saveState();
  }

  private pendingGuess(): GuessView | null {
    return this.guesses.find((g) => g.status === 'pending') ?? null;
  }

  private async checkPending(): Promise<void> {
    const pending = this.pendingGuess();
    if (!pending || !this.session || this.polling) return;
    const grace = this.socket.connected ? 1500 : 150;
    if (msUntil(pending.readyAt, this.offsetMs) > -grace || Date.now() - this.lastPoll < 2500) return;
    this.polling = true;
    this.lastPoll = Date.now();
    try {
      const answer = await api<Partial<GuessView> & { status: 'pending' | 'ready' }>(`/api/guesses/${pending.id}`, { token: this.session.token });
      if (answer.status === 'ready') this.upsert({ ...pending, ...answer, id: pending.id } as GuessView);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'UNAUTHORIZED') this.expire();
    } finally {
      this.polling = false;
    }
  }

  // ---------- login, level switch, logout ----------

  /**
   * A login with the team number (after the game's login wait), or in `switch` mode the same team moving to the level
   * another password names: only the password, with the team's token, answered at once.
   */
  private async login(request: LoginRequest, mode: 'login' | 'switch'): Promise<void> {
    const session = this.session;
    if (mode === 'switch' && !session) return;
    // A code this device used or was given for this team number before is sent again; the form asks only on refusal.
    const remembered = sessionStore.prefs().code;
    const code = request.code ?? (remembered && remembered.team === request.team ? remembered.code : undefined);
    this.loginAbort?.abort();
    const abort = new AbortController();
    this.loginAbort = abort;
    this.loginMode = mode;
    this.loginError = '';
    const since = Date.now();
    this.loginSince = since;
    try {
      const answer =
        mode === 'switch' && session
          ? await api<LoginResponse>('/api/login', { body: { password: request.password }, token: session.token, signal: abort.signal })
          : await api<LoginResponse>('/api/login', {
              body: { team: request.team, password: request.password, ...(request.pin ? { pin: request.pin } : {}), ...(code ? { code } : {}) },
              signal: abort.signal,
            });
      const teamNumber = mode === 'switch' && session ? session.teamNumber : request.team;
      if (mode === 'login') sessionStore.savePrefs({ team: String(teamNumber), loginMs: Date.now() - since });
      if (answer.team.code) {
        sessionStore.savePrefs({ code: { team: answer.team.number, code: answer.team.code } });
        // The device that typed the code knows it; the one the server just gave it to shows it large.
        if (request.code) sessionStore.savePrefs({ codeSeen: answer.team.code });
        this.codeCard = mode === 'login' && sessionStore.prefs().codeSeen !== answer.team.code;
      }
      this.socket.disconnect();
      this.session = { token: answer.token, team: answer.team, teamNumber, levelId: answer.level.id };
      sessionStore.save(this.session);
      this.team = answer.team;
      this.level = answer.level;
      this.guesses = [];
      this.leaderboard = null;
      this.overall = null;
      this.rank = null;
      this.reveal = null;
      this.guessError = '';
      this.picked = null;
      this.draft = null;
      this.switchOpen = false;
      this.askCode = false;
      this.phase = 'play';
      this.socket.connect();
      await this.refresh();
      window.scrollTo({ top: 0 });
    } catch (err) {
      if (abort.signal.aborted) return;
      this.loginError = this.loginRefusal(refusalOf(err), mode, request);
    } finally {
      if (this.loginAbort === abort) {
        this.loginAbort = null;
        this.loginSince = null;
      }
    }
  }

  /** What a refused login says, and what the form asks for next. */
  private loginRefusal(refusal: Refusal, mode: 'login' | 'switch', request: LoginRequest): string {
    if (mode === 'switch') {
      if (refusal.code === 'UNAUTHORIZED') {
        this.expire();
        return this.loginError;
      }
      return refusal.code === 'BAD_LOGIN' ? t('switch.badPassword') : refusalText(refusal);
    }
    if (refusal.code === 'TEAM_CODE_REQUIRED') {
      const typed = this.askCode && request.code !== undefined;
      // A remembered code that no longer works (the instructor reset it) is forgotten; the form asks for the new one.
      if (!typed) sessionStore.savePrefs({ code: undefined });
      this.askCode = true;
      return typed ? t('login.codeWrong') : refusalText(refusal);
    }
    return refusalText(refusal);
  }

  private cancelLogin(): void {
    this.loginAbort?.abort();
    this.loginAbort = null;
    this.loginSince = null;
  }

  private logout(message = ''): void {
    this.socket.disconnect();
    this.session = null;
    sessionStore.clear();
    this.phase = 'login';
    this.level = null;
    this.guesses = [];
    this.reveal = null;
    this.leaderboard = null;
    this.overall = null;
    this.rank = null;
    this.switchOpen = false;
    this.codeCard = false;
    this.loginMode = 'login';
    this.loginError = message;
  }

  /** The token is no longer accepted (forged, expired, the team's code was reset, the game was reset): log in again. */
  private expire(): void {
    this.logout(errorText('UNAUTHORIZED'));
  }

  private dismissCode(): void {
    if (this.team?.code) sessionStore.savePrefs({ codeSeen: this.team.code });
    this.codeCard = false;
  }

  // ---------- guesses ----------

  private async submit(x: number | [number, number]): Promise<void> {
    const session = this.session;
    if (!session || this.submitting) return;
    this.submitting = true;
    this.guessError = '';
    const sentAt = Date.now();
    try {
      let guess: GuessView;
      if (this.socket.connected) {
        try {
          const ack = await this.socket.request<GuessAck>({ type: 'guess', x });
          if (!ack.ok) throw new ApiError(ack.error.code, 0, ack.error.message ?? '', ack.error.reason, ack.error.params);
          guess = ack.guess;
        } catch (err) {
          if (err instanceof ApiError) throw err;
          // The socket dropped or timed out: HTTP is another door to the same rules (one pending guess per team).
          guess = await this.post(x, session.token);
        }
      } else {
        guess = await this.post(x, session.token);
      }
      const receivedAt = Date.now();
      const offset = Date.parse(guess.submittedAt) - (sentAt + receivedAt) / 2;
      if (Number.isFinite(offset)) this.offsetMs = Math.abs(offset) < 1000 ? 0 : Math.round(offset);
      this.upsert(guess);
      this.draft = null;
    } catch (err) {
      const refusal = refusalOf(err);
      if (refusal.code === 'UNAUTHORIZED') return this.expire();
      // INVALID_X names the point in the level's own names (a, b), which the common sentence cannot.
      const axes = this.level ? axesOf(this.level) : ['x'];
      this.setGuessError(refusal.code === 'INVALID_X' && !refusal.reason ? t('input.refused', { names: pointName(axes) }) : refusalText(refusal));
      if (refusal.code === 'GUESS_PENDING' || refusal.code === 'BUDGET_EXHAUSTED' || refusal.code === 'LEVEL_NOT_OPEN') void this.refresh();
    } finally {
      this.submitting = false;
    }
  }

  private async post(x: number | [number, number], token: string): Promise<GuessView> {
    const answer = await api<GuessView>('/api/guesses', { body: { x }, token });
    return { ...answer, status: answer.status ?? 'pending' };
  }

  private remaining(): number | null {
    const budget = this.level?.budget;
    return budget === null || budget === undefined ? null : Math.max(0, budget - this.guesses.length);
  }

  private closedReason(): string {
    const level = this.level;
    if (!level) return '';
    if (level.status === 'paused') return t('input.paused');
    if (level.status === 'closed') return t('input.closed');
    if (level.status === 'revealed') return t('input.revealed');
    if (level.status === 'draft') return errorText('LEVEL_NOT_OPEN');
    if (this.remaining() === 0) return errorText('BUDGET_EXHAUSTED');
    if (level.closesAt && msUntil(level.closesAt, this.offsetMs) <= 0) return t('input.timeUp');
    return '';
  }

  // ---------- rendering ----------

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        --gd-plot-height: clamp(250px, 44vh, 340px);
      }
      .spacer {
        height: 2.3rem;
      }
      header {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        grid-template-areas: 'brand nav' 'who who' 'level switch';
        align-items: center;
        gap: 0.45rem 0.7rem;
        padding: 0.5rem 0.8rem;
        background: var(--gd-panel, #1e293b);
        border-bottom: 1px solid #334155;
      }
      .brand {
        grid-area: brand;
        font-weight: 800;
        color: var(--gd-accent, #38bdf8);
        white-space: nowrap;
      }
      .who {
        grid-area: who;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.2rem 0.5rem;
        font-weight: 700;
        min-width: 0;
      }
      .who small {
        color: var(--gd-muted, #94a3b8);
        font-weight: 400;
        overflow-wrap: anywhere;
      }
      .code-chip {
        font-family: var(--gd-mono);
        font-size: 0.9rem;
        padding: 0.08rem 0.5rem;
        border-radius: 6px;
        border: 1px solid var(--gd-accent, #38bdf8);
        color: var(--gd-accent, #38bdf8);
        white-space: nowrap;
      }
      .level {
        grid-area: level;
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-width: 0;
      }
      .level-title {
        font-weight: 700;
        font-size: 1.05rem;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .chip {
        flex: none;
        font-size: 0.78rem;
        font-weight: 700;
        padding: 0.12rem 0.55rem;
        border-radius: 999px;
        background: #334155;
      }
      .chip.open {
        background: #166534;
        color: #dcfce7;
      }
      .chip.paused {
        background: #92400e;
        color: #fef3c7;
      }
      .chip.revealed {
        background: #5b21b6;
        color: #ede9fe;
      }
      nav {
        grid-area: nav;
        justify-self: end;
        display: flex;
        gap: 0.4rem;
        align-items: center;
      }
      .switch {
        grid-area: switch;
        justify-self: end;
      }
      gd-lang-switch {
        font-size: 0.85rem;
      }
      .pill {
        font: inherit;
        font-size: 0.85rem;
        padding: 0.3rem 0.75rem;
        border-radius: 999px;
        border: 1px solid #64748b;
        background: transparent;
        color: inherit;
        cursor: pointer;
        white-space: nowrap;
      }
      .pill.strong {
        border-color: var(--gd-accent, #38bdf8);
        color: var(--gd-accent, #38bdf8);
        font-weight: 700;
      }
      main {
        padding: 0.7rem;
        display: grid;
        gap: 0.7rem;
        max-width: 1500px;
        margin: 0 auto;
      }
      .card {
        background: var(--gd-panel, #1e293b);
        border-radius: 14px;
        padding: 0.8rem;
        min-width: 0;
      }
      .card h2 {
        margin: 0 0 0.5rem;
        font-size: 1.05rem;
      }
      .col {
        display: grid;
        gap: 0.7rem;
        align-content: start;
        min-width: 0;
      }
      .plot-card {
        padding: 0.5rem;
      }
      .notice {
        border-left: 4px solid var(--gd-warn, #fbbf24);
      }
      .notice p {
        margin: 0 0 0.6rem;
      }
      .summary {
        margin: 0;
        font-size: 0.95rem;
        line-height: 1.45;
        border-left: 4px solid var(--gd-accent, #38bdf8);
      }
      .login {
        max-width: 27rem;
        margin: 0 auto;
        padding: 1.2rem 1rem 2rem;
      }
      .login h1 {
        font-size: 1.6rem;
        margin: 0.4rem 0 0.3rem;
      }
      .login .lead {
        color: var(--gd-muted, #94a3b8);
        margin: 0 0 1.2rem;
      }
      .login-top {
        display: flex;
        justify-content: flex-end;
      }
      .center {
        text-align: center;
        padding: 3rem 1rem;
        color: var(--gd-muted, #94a3b8);
      }
      .backdrop {
        position: fixed;
        inset: 0;
        z-index: 900;
        background: rgba(2, 6, 23, 0.75);
        display: grid;
        place-items: start center;
        padding: 12vh 0.8rem 1rem;
        overflow-y: auto;
      }
      .sheet {
        width: min(26rem, 100%);
        background: var(--gd-panel, #1e293b);
        border: 1px solid #475569;
        border-radius: 16px;
        padding: 1rem;
      }
      .sheet-head {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: 0.5rem;
        margin-bottom: 0.6rem;
      }
      .sheet-head h2 {
        margin: 0;
        font-size: 1.15rem;
      }
      .sheet p {
        color: var(--gd-muted, #94a3b8);
        margin: 0 0 0.8rem;
        font-size: 0.92rem;
      }
      @media (min-width: 900px) {
        :host {
          --gd-plot-height: clamp(320px, calc(100vh - 250px), 760px);
        }
        main {
          grid-template-columns: minmax(0, 1.75fr) minmax(21rem, 1fr);
          align-items: start;
          padding: 0.9rem 1rem;
        }
        header {
          padding: 0.6rem 1rem;
          grid-template-columns: auto auto minmax(0, 1fr) auto auto;
          grid-template-areas: 'brand who level switch nav';
        }
        .brand {
          font-size: 1.1rem;
        }
      }
      @media (max-width: 420px) {
        main {
          padding: 0.5rem;
          gap: 0.55rem;
        }
        .card {
          padding: 0.65rem;
        }
        .pill,
        gd-lang-switch {
          font-size: 0.8rem;
        }
        header {
          padding: 0.45rem 0.6rem;
        }
      }
    `,
  ];

  override render() {
    document.title = this.level && this.phase === 'play' ? `${this.level.title} · ${t('app.name')}` : t('app.name');
    if (this.phase === 'login') return this.renderLogin();
    return html`
      <gd-connection-banner .state=${this.socket.state}></gd-connection-banner>
      ${this.socket.state !== 'connected' ? html`<div class="spacer"></div>` : nothing}
      ${this.renderHeader()}
      ${this.phase === 'loading' || !this.level || !this.views
        ? html`<div class="center" role="status">${this.loadError || t('play.loading')}</div>`
        : this.renderPlay(this.level, this.views)}
      ${this.switchOpen ? this.renderSwitchSheet() : nothing}
    `;
  }

  /** The wait to show: the game's login delay when known, else the last measured wait, else about 10 s. */
  private expectedLoginMs(measured: number | undefined | null): number {
    if (this.loginDelayMs !== null) return Math.max(1000, this.loginDelayMs);
    return measured && measured > 1500 ? measured : DEFAULT_LOGIN_DELAY_MS;
  }

  private renderLogin() {
    const prefs = sessionStore.prefs();
    return html`<div class="login">
      <div class="login-top"><gd-lang-switch></gd-lang-switch></div>
      <h1>${t('app.name')}</h1>
      <p class="lead">${t('login.lead')}</p>
      <gd-login-form
        mode="login"
        .team=${this.prefill.get('team') ?? prefs.team ?? ''}
        .password=${this.prefill.get('password') ?? ''}
        .askPin=${this.pinRule === true}
        .offerPin=${this.pinRule === null}
        .askCode=${this.askCode}
        .busySince=${this.loginSince}
        .expectedMs=${this.expectedLoginMs(prefs.loginMs)}
        .error=${this.loginError}
        @gd-login=${(e: CustomEvent<LoginRequest>) => this.login(e.detail, 'login')}
        @gd-cancel=${() => this.cancelLogin()}
      ></gd-login-form>
    </div>`;
  }

  private renderHeader() {
    const level = this.level;
    const team = this.team;
    return html`<header>
      <span class="brand">${t('play.brand')}</span>
      <span class="who" data-testid="team">
        ${team ? html`<span>${t('play.team', { number: team.number })}</span>` : nothing}
        ${team && team.name.trim() !== '' ? html`<small>${team.name}</small>` : nothing}
        ${team?.code ? html`<span class="code-chip" data-testid="team-code">${t('code.chip', { code: team.code })}</span>` : nothing}
      </span>
      ${level
        ? html`<span class="level">
            <span class="level-title" data-testid="level-title">${level.title}</span>
            <span class="chip ${level.status}" data-testid="level-status">${t(`status.${level.status}`)}</span>
          </span>`
        : nothing}
      <button class="pill strong switch" type="button" data-testid="open-switch" @click=${() => this.openSwitch()}>${t('play.switch')}</button>
      <nav>
        <gd-lang-switch></gd-lang-switch>
        <button class="pill" type="button" @click=${() => this.confirmLogout()}>${t('play.logout')}</button>
      </nav>
    </header>`;
  }

  private renderPlay(level: PublicLevel, { compareWithReference, regressionSummary }: typeof GameViews) {
    const axes = axesOf(level);
    const data = level.data ?? null;
    const best = bestGuess(this.guesses);
    const comparison: Comparison | null = this.reveal && this.team ? compareWithReference(this.reveal, this.team.id, this.guesses, level.domain) : null;
    const closed = this.closedReason();
    const settled = level.status === 'closed' || level.status === 'revealed';
    const entry = this.leaderboard?.find((e) => e.teamId === this.team?.id) ?? null;
    const points = level.status === 'revealed' && entry?.points !== undefined ? entry.points : null;
    return html`<main>
      <div class="col">
        ${this.codeCard && this.team?.code
          ? html`<gd-team-code .code=${this.team.code} .number=${this.team.number} @gd-dismiss=${() => this.dismissCode()}></gd-team-code>`
          : nothing}
        ${data ? html`<p class="card summary" data-testid="level-summary">${this.summary(data, axes, regressionSummary)}</p>` : nothing}
        <gd-level-stats
          .level=${level}
          .axes=${axes}
          .best=${best}
          .remaining=${this.remaining()}
          .rank=${this.rank}
          .teams=${this.leaderboard?.length ?? null}
          .points=${points}
          .offsetMs=${this.offsetMs}
        ></gd-level-stats>
        <div class="card plot-card">
          <gd-guess-plot
            .dims=${level.dims}
            .domain=${level.domain}
            .axes=${axes}
            .data=${data}
            .guesses=${this.guesses}
            .bestId=${best?.id ?? null}
            .draft=${this.draft}
            .reveal=${this.reveal}
            .comparison=${comparison}
            .offsetMs=${this.offsetMs}
            @gd-pick=${(e: CustomEvent<{ x: number[] }>) => (this.picked = { x: e.detail.x, seq: (this.picked?.seq ?? 0) + 1 })}
          ></gd-guess-plot>
        </div>
      </div>
      <div class="col">
        ${settled
          ? nothing
          : html`<div class="card">
              <gd-guess-input
                .dims=${level.dims}
                .domain=${level.domain}
                .axes=${axes}
                .closedReason=${closed}
                .finished=${closed !== '' && level.status !== 'paused'}
                .pending=${this.pendingGuess()}
                .latest=${latestReady(this.guesses)}
                .submitting=${this.submitting}
                .error=${this.currentGuessError()}
                .picked=${this.picked}
                .offsetMs=${this.offsetMs}
                @gd-guess=${(e: CustomEvent<{ x: number | [number, number] }>) => this.submit(e.detail.x)}
                @gd-draft=${(e: CustomEvent<{ x: number[] | null }>) => {
                  this.draft = e.detail.x;
                  this.guessError = '';
                }}
              ></gd-guess-input>
            </div>`}
        ${this.reveal
          ? html`<div class="card">
              <gd-reveal-panel .reveal=${this.reveal} .comparison=${comparison} .entry=${entry} .dims=${level.dims} .axes=${axes} .data=${data}></gd-reveal-panel>
            </div>`
          : nothing}
        ${settled && (this.leaderboard || this.overall)
          ? html`<div class="card" data-testid="standings">
              <gd-standings
                .leaderboard=${this.leaderboard}
                .overall=${level.status === 'revealed' ? this.overall : null}
                .teamId=${this.team?.id ?? null}
                .revealed=${level.status === 'revealed'}
              ></gd-standings>
            </div>`
          : nothing}
        ${settled ? this.renderNextLevel(level) : nothing}
        <div class="card">
          <h2>${t('history.title')}</h2>
          <gd-guess-history .dims=${level.dims} .axes=${axes} .guesses=${this.guesses} .bestId=${best?.id ?? null} .offsetMs=${this.offsetMs}></gd-guess-history>
        </div>
      </div>
    </main>`;
  }

  /** What a regression level is, in one line built from its data set and axis names. */
  private summary(data: DataSet, axes: string[], summarise: typeof GameViews.regressionSummary): string {
    const { key, params } = summarise(data, axes, getLocale());
    return t(key, { ...params, f: fOf(axes) });
  }

  /** When a level is over, the next password goes right here rather than behind a button. */
  private renderNextLevel(level: PublicLevel) {
    return html`<div class="card notice" data-testid="next-level">
      <p>${t(level.status === 'revealed' ? 'play.nextAfterReveal' : 'play.nextAfterClose')}</p>
      ${this.switchOpen ? nothing : this.renderSwitchForm()}
    </div>`;
  }

  private renderSwitchForm() {
    return html`<gd-login-form
      mode="switch"
      .team=${String(this.session?.teamNumber ?? '')}
      .busySince=${this.loginMode === 'switch' ? this.loginSince : null}
      .error=${this.loginMode === 'switch' ? this.loginError : ''}
      @gd-login=${(e: CustomEvent<LoginRequest>) => this.login(e.detail, 'switch')}
      @gd-cancel=${() => this.cancelLogin()}
    ></gd-login-form>`;
  }

  private renderSwitchSheet() {
    return html`<div class="backdrop" @click=${(e: Event) => e.target === e.currentTarget && this.closeSwitch()} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.closeSwitch()}>
      <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="switch-title">
        <div class="sheet-head">
          <h2 id="switch-title">${t('switch.title')}</h2>
          <button class="pill" type="button" @click=${() => this.closeSwitch()}>${t('switch.close')}</button>
        </div>
        <p>${t('switch.lead', { number: this.session?.teamNumber ?? '' })}</p>
        ${this.renderSwitchForm()}
      </div>
    </div>`;
  }

  private openSwitch(): void {
    this.loginMode = 'switch';
    this.loginError = '';
    this.switchOpen = true;
    void this.updateComplete.then(() => {
      const form = this.renderRoot.querySelector('.sheet gd-login-form');
      (form?.shadowRoot?.querySelector('input[name="password"]') as HTMLInputElement | null)?.focus();
    });
  }

  private closeSwitch(): void {
    if (this.loginMode === 'switch') this.cancelLogin();
    this.switchOpen = false;
    this.loginError = '';
  }

  private confirmLogout(): void {
    if (window.confirm(t('play.logoutConfirm'))) this.logout();
  }
}

customElements.define('gd-play-app', GdPlayApp);

declare global {
  interface HTMLElementTagNameMap {
    'gd-play-app': GdPlayApp;
  }
}
