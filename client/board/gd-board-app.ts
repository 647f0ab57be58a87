import { LitElement, css, html, nothing } from 'lit';
import type { BoardLevel, BoardSnapshot, FeedItem, LeaderboardEntry, OverallEntry, PublicLevel, Reveal } from '../../shared/protocol.ts';
import '../common/gd-connection-banner.ts';
import '../common/gd-lang-switch.ts';
import { getLocale, LocaleController, num, setLocale, t } from '../common/i18n.ts';
import { AutoAdvance } from './auto-advance.ts';
import { BoardController } from './board-controller.ts';
import { revealedOverall } from './board-state.ts';
import { boardBase } from './board-styles.ts';
import { revealCaption, type CaptionLine } from './caption.ts';
import { leaderLine, revealLines, type DataLine } from './data-lines.ts';
import './gd-countdown.ts';
import './gd-data-plot.ts';
import './gd-guess-feed.ts';
import './gd-join-card.ts';
import './gd-leaderboard.ts';
import './gd-overall.ts';
import './gd-podium.ts';
import './gd-reveal-caption.ts';
import './gd-reveal-chart.ts';
import type { GdRevealChart } from './gd-reveal-chart.ts';
import './gd-reveal-legend.ts';
import './gd-settlement.ts';
import { InfoController } from './info-controller.ts';
import { IdleController } from './idle-controller.ts';
import { KeysController } from './keys-controller.ts';
import { axisNames, levelSummary, localised } from './level-text.ts';
import { teamColour, teamPositions } from './palette.ts';
import { teamName } from './team-label.ts';

/** How long the last level's reveal stays up (after its runs have played) before the podium, if nobody is at the board. */
const PODIUM_AFTER_MS = 60_000;

/** What the projector shows: chosen from the game's state, unless the instructor picked a view. */
export type BoardView = 'idle' | 'lobby' | 'live' | 'settlement' | 'reveal' | 'overall' | 'podium';
type ManualView = 'overall' | 'podium' | 'settlement';

/** The view the board's state calls for. */
export function autoView(snapshot: BoardSnapshot): BoardView {
  if (!snapshot.game) return 'idle';
  const current = snapshot.current;
  if (!current) return snapshot.finished ? 'podium' : 'lobby';
  switch (current.level.status) {
    case 'draft':
      return 'lobby';
    case 'open':
    case 'paused':
      return 'live';
    case 'closed':
      return 'settlement';
    case 'revealed':
      return current.reveal ? 'reveal' : 'settlement';
  }
}

/** The projector scoreboard at /board: read-only, no sign-in, live over Socket.IO /board. */
export class GdBoardApp extends LitElement {
  static override properties = {
    manual: { state: true },
    revealStep: { state: true },
    captionVisible: { state: true },
  };
  declare manual: ManualView | null;
  declare revealStep: number;
  declare captionVisible: boolean;

  private readonly locale = new LocaleController(this);
  private readonly board = new BoardController(this);
  private readonly info = new InfoController(this);
  private readonly pointer = new IdleController(this, 4000, () => this.somebodyHere());
  /** After the last level's reveal has played, the podium follows by itself unless someone at the board acts. */
  private readonly podiumTimer = new AutoAdvance(this);
  private podiumSkippedFor = '';
  private readonly keys = new KeysController(this, {
    f: () => this.toggleFullscreen(),
    l: () => setLocale(getLocale() === 'en' ? 'zh-TW' : 'en'),
    o: () => this.choose('overall'),
    p: () => this.choose('podium'),
    s: () => this.choose('settlement'),
    a: () => this.choose(null),
    escape: () => this.choose(null),
    r: () => this.renderRoot.querySelector<GdRevealChart>('gd-reveal-chart')?.replay(),
  });
  /** Level id and status the manual choice was made under: a level change hands the screen back to the game. */
  private manualFor = '';
  private colourCache: { key: string; colours: Map<number, string> } = { key: '', colours: new Map() };
  private captionCache: { reveal: Reveal | null; leaderboard: LeaderboardEntry[] | null; locale: string; lines: CaptionLine[] } = {
    reveal: null,
    leaderboard: null,
    locale: '',
    lines: [],
  };
  private overallCache: { overall: OverallEntry[] | null; levels: PublicLevel[] | null; rows: OverallEntry[] } = { overall: null, levels: null, rows: [] };

  constructor() {
    super();
    this.manual = null;
    this.revealStep = 0;
    this.captionVisible = false;
    const view = new URLSearchParams(location.search).get('view');
    if (view === 'overall' || view === 'podium') this.manual = view;
    this.addEventListener('reveal-start', () => (this.captionVisible = false));
    this.addEventListener('reveal-done', () => (this.captionVisible = true));
    this.addEventListener('reveal-step', (event) => (this.revealStep = (event as CustomEvent<number>).detail));
  }

  static override styles = [
    boardBase,
    css`
      :host {
        --u: min(1vw, 1.7778vh);
        display: block;
        height: 100vh;
        overflow: hidden;
        background:
          radial-gradient(ellipse at 10% -10%, rgba(56, 189, 248, 0.1), transparent 55%),
          radial-gradient(ellipse at 110% 110%, rgba(250, 204, 21, 0.06), transparent 50%),
          var(--gd-bg);
      }
      .screen {
        height: 100%;
        display: flex;
        flex-direction: column;
        gap: calc(var(--u) * 1);
        padding: calc(var(--u) * 1.2) calc(var(--u) * 1.6) calc(var(--u) * 1.4);
      }
      header {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto auto;
        align-items: end;
        gap: calc(var(--u) * 2);
      }
      .kicker {
        font-size: calc(var(--u) * 1.25);
        color: var(--b-soft);
        font-weight: 700;
        letter-spacing: 0.04em;
      }
      h1 {
        margin: 0;
        font-size: calc(var(--u) * 3.3);
        font-weight: 900;
        line-height: 1.1;
        display: flex;
        align-items: baseline;
        gap: calc(var(--u) * 1);
        min-width: 0;
      }
      h1 .title {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .chip {
        flex: none;
        font-size: 0.5em;
        font-weight: 800;
        padding: 0.15em 0.6em;
        border-radius: 999px;
        background: #1e3a5f;
        color: #bae6fd;
        transform: translateY(-0.25em);
      }
      .pill {
        font-size: calc(var(--u) * 1.8);
        font-weight: 900;
        padding: 0.2em 0.8em;
        border-radius: 999px;
        white-space: nowrap;
        margin-bottom: calc(var(--u) * 0.4);
      }
      .pill.open {
        background: #166534;
        color: #dcfce7;
      }
      .pill.paused {
        background: #92400e;
        color: #fef3c7;
      }
      .pill.closed {
        background: #7f1d1d;
        color: #fee2e2;
      }
      .pill.revealed {
        background: #581c87;
        color: #f3e8ff;
      }
      .pill.draft {
        background: #334155;
        color: #e2e8f0;
      }
      .pill.open::before {
        content: '';
        display: inline-block;
        width: 0.5em;
        height: 0.5em;
        margin-right: 0.45em;
        border-radius: 50%;
        background: #4ade80;
        vertical-align: 0.08em;
        animation: blink 1.4s ease-in-out infinite;
      }
      @keyframes blink {
        50% {
          opacity: 0.2;
        }
      }
      main {
        flex: 1;
        min-height: 0;
        display: grid;
        grid-template-rows: minmax(0, 1fr);
        gap: calc(var(--u) * 1.2);
      }
      .live {
        grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr);
      }
      .live.data {
        grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr);
      }
      .live.data .ranking {
        flex: 2.2;
      }
      .live.data .feed {
        flex: 1;
        min-height: 0;
      }
      .summary {
        margin-top: calc(var(--u) * 0.3);
        font-size: calc(var(--u) * 1.3);
        font-weight: 600;
        color: var(--b-soft);
        line-height: 1.3;
      }
      .column {
        display: flex;
        flex-direction: column;
        gap: calc(var(--u) * 1.2);
        min-height: 0;
      }
      .column > .grow {
        flex: 1;
      }
      .notice {
        font-size: calc(var(--u) * 1.7);
        font-weight: 800;
        text-align: center;
        padding: calc(var(--u) * 0.5);
        border-radius: calc(var(--u) * 0.6);
        background: rgba(251, 191, 36, 0.16);
        border: 2px solid var(--gd-warn);
        color: #fef3c7;
      }
      .settle {
        grid-template-columns: minmax(0, 1.75fr) minmax(0, 1fr);
      }
      .settle.wide {
        grid-template-columns: minmax(0, 1fr);
      }
      .next {
        flex: none;
        font-size: calc(var(--u) * 1.45);
        font-weight: 700;
        color: #e9d5ff;
        text-align: center;
        line-height: 1.35;
      }
      /* The legend (function, runs and their settings, teams) takes the whole height; the caption sits under the plots. */
      .reveal {
        grid-template-columns: minmax(0, 2.4fr) minmax(0, 1fr);
        grid-template-rows: minmax(0, 1fr) auto;
        grid-template-areas: 'chart legend' 'caption legend';
      }
      .reveal.data {
        grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr) minmax(0, 0.9fr);
        grid-template-areas: 'chart data legend' 'caption caption legend';
      }
      .reveal .chart {
        grid-area: chart;
        padding: calc(var(--u) * 0.6);
      }
      .reveal .data-panel {
        grid-area: data;
      }
      .reveal gd-reveal-legend {
        grid-area: legend;
      }
      .reveal .caption {
        grid-area: caption;
      }
      .hero {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto;
        align-content: center;
        justify-items: center;
        gap: calc(var(--u) * 2);
      }
      .hero.split {
        grid-template-columns: minmax(0, 1.5fr) minmax(0, 1fr);
        align-items: stretch;
      }
      .hero .intro {
        display: flex;
        flex-direction: column;
        justify-content: center;
        gap: calc(var(--u) * 2);
        min-width: 0;
      }
      .brand {
        font-size: calc(var(--u) * 4.4);
        font-weight: 900;
        line-height: 1.05;
        background: linear-gradient(90deg, #38bdf8, #a78bfa 55%, #facc15);
        -webkit-background-clip: text;
        background-clip: text;
        color: transparent;
      }
      .lead {
        font-size: calc(var(--u) * 2.1);
        font-weight: 700;
      }
      .lead .muted {
        color: var(--b-soft);
        font-weight: 600;
      }
      .hero gd-join-card {
        max-width: calc(var(--u) * 80);
      }
      gd-connection-banner {
        font-size: calc(var(--u) * 1.6);
      }
      .screen[data-stale] {
        filter: saturate(0.35) brightness(0.8);
        transition: filter 0.4s;
      }
      .controls {
        position: fixed;
        right: calc(var(--u) * 0.8);
        bottom: calc(var(--u) * 0.5);
        display: flex;
        gap: calc(var(--u) * 0.4);
        opacity: 0.35;
        transition: opacity 0.2s;
        z-index: 10;
      }
      .controls:hover,
      .controls:focus-within {
        opacity: 1;
      }
      /* Nobody at the mouse: the projector shows the game, not buttons. */
      .controls.asleep:not(:focus-within) > :not(.cta) {
        opacity: 0;
        pointer-events: none;
        transition: opacity 0.6s;
      }
      .controls button,
      .controls gd-lang-switch {
        font: inherit;
        font-size: calc(var(--u) * 0.95);
      }
      .controls button {
        padding: 0.3rem 0.8rem;
        border-radius: 999px;
        border: 1px solid currentColor;
        background: rgba(15, 23, 42, 0.8);
        color: inherit;
        cursor: pointer;
      }
      .controls button[aria-pressed='true'] {
        background: #1e3a5f;
      }
      .controls .cta {
        font-size: calc(var(--u) * 1.3);
        background: var(--b-gold);
        color: #111827;
        border-color: var(--b-gold);
        font-weight: 800;
      }
      .controls:has(.cta) {
        opacity: 1;
      }
      @media (prefers-reduced-motion: reduce) {
        .pill.open::before {
          animation: none;
        }
      }
      /* A phone or portrait tablet: one column that scrolls. */
      @media (max-aspect-ratio: 4/5) {
        :host {
          --u: 2.5vw;
          height: auto;
          min-height: 100vh;
          overflow: visible;
        }
        .screen {
          height: auto;
        }
        header {
          grid-template-columns: minmax(0, 1fr) auto;
        }
        header gd-countdown {
          grid-column: 1 / -1;
          text-align: left;
        }
        h1 {
          flex-wrap: wrap;
        }
        .chip {
          transform: none;
        }
        h1 .title {
          white-space: normal;
        }
        main,
        .live,
        .live.data,
        .settle,
        .reveal,
        .reveal.data,
        .hero.split {
          grid-template-columns: minmax(0, 1fr);
          grid-template-rows: none;
          grid-template-areas: none;
        }
        .reveal .chart,
        .reveal .data-panel,
        .reveal gd-reveal-legend,
        .reveal .caption {
          grid-area: auto;
        }
        .data-panel {
          height: 70vh;
        }
        gd-leaderboard,
        gd-settlement,
        gd-overall {
          height: 75vh;
        }
        gd-guess-feed {
          height: 50vh;
        }
        .reveal .chart {
          height: 60vh;
        }
        .brand {
          font-size: calc(var(--u) * 3.4);
        }
      }
    `,
  ];

  private choose(view: ManualView | null): void {
    const snapshot = this.board.snapshot;
    this.manual = view;
    this.manualFor = snapshot?.current ? `${snapshot.current.level.id}:${snapshot.current.level.status}` : '';
  }

  private toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => {});
  }

  /** Team colours by team id, the same on the chart and in every list. */
  private colours(current: BoardLevel): Map<number, string> {
    const teams = [...current.leaderboard.map((e) => [e.teamId, e.number] as const), ...(current.reveal?.paths ?? []).map((p) => [p.teamId, p.number] as const)];
    const key = teams.map(([id, n]) => `${id}:${n}`).join(',');
    if (key !== this.colourCache.key) {
      const positions = teamPositions(teams.map(([, n]) => n));
      this.colourCache = { key, colours: new Map(teams.map(([id, n]) => [id, teamColour(positions.get(n) ?? 0)])) };
    }
    return this.colourCache.colours;
  }

  /** The caption, computed again when the reveal or the standings change (a result arriving after the reveal). */
  private caption(current: BoardLevel, reveal: Reveal): CaptionLine[] {
    const locale = getLocale();
    const cache = this.captionCache;
    if (cache.reveal !== reveal || cache.leaderboard !== current.leaderboard || cache.locale !== locale) {
      const data = current.level.data;
      const lines = revealCaption(reveal, (v, digits) => num(v, digits), teamName, {
        axes: axisNames(current.level),
        leaderboard: current.leaderboard,
        data: data ? { points: data.points, feature: localised(data.columns[0], locale) } : undefined,
      });
      this.captionCache = { reveal, leaderboard: current.leaderboard, locale, lines };
    }
    return this.captionCache.lines;
  }

  /** The overall standings over the revealed levels (points are public from the reveal on). */
  private overallRows(snapshot: BoardSnapshot): OverallEntry[] {
    const cache = this.overallCache;
    if (cache.overall !== snapshot.overall || cache.levels !== snapshot.levels) {
      this.overallCache = { overall: snapshot.overall, levels: snapshot.levels, rows: revealedOverall(snapshot.overall, snapshot.levels) };
    }
    return this.overallCache.rows;
  }

  protected override updated(): void {
    document.title = t('board.docTitle');
    const snapshot = this.board.snapshot;
    const current = snapshot?.current;
    const key = current ? `${current.level.id}:${current.level.status}` : '';
    const lastRevealPlayed = snapshot?.finished && this.captionVisible && !this.manual && snapshot && this.view(snapshot) === 'reveal';
    if (lastRevealPlayed && !this.podiumTimer.pending && this.podiumSkippedFor !== key) {
      this.podiumTimer.start(PODIUM_AFTER_MS, () => this.choose('podium'));
    } else if (!lastRevealPlayed && this.podiumTimer.pending) {
      this.podiumTimer.cancel();
    }
  }

  /** Someone moved the mouse or pressed a key: they drive the board, so nothing changes by itself. */
  private somebodyHere(): void {
    if (!this.podiumTimer.pending) return;
    const current = this.board.snapshot?.current;
    this.podiumSkippedFor = current ? `${current.level.id}:${current.level.status}` : '';
    this.podiumTimer.cancel();
  }

  protected override willUpdate(): void {
    // A level opening, closing or being revealed takes the screen back from a view picked by hand.
    const current = this.board.snapshot?.current;
    const key = current ? `${current.level.id}:${current.level.status}` : '';
    if (this.manual && this.manualFor !== '' && key !== this.manualFor) this.manual = null;
  }

  private view(snapshot: BoardSnapshot): BoardView {
    const current = snapshot.current;
    if (this.manual === 'podium' && snapshot.overall.length) return 'podium';
    if (this.manual === 'overall') return 'overall';
    if (this.manual === 'settlement' && current && (current.level.status === 'closed' || current.level.status === 'revealed')) return 'settlement';
    return autoView(snapshot);
  }

  private header(snapshot: BoardSnapshot, current: BoardLevel) {
    const level = current.level;
    const levels = [...snapshot.levels].sort((a, b) => a.index - b.index);
    const position = levels.findIndex((l) => l.id === level.id) + 1;
    const summary = levelSummary(level, getLocale());
    return html`<header>
      <div style="min-width:0">
        <div class="kicker">${t('app.name')}${snapshot.game ? ` · ${snapshot.game.title}` : ''}</div>
        <h1>
          ${position > 0 ? html`<span class="chip">${t('board.levelOf', { n: position, total: levels.length })}</span>` : nothing}
          <span class="title" data-testid="level-title">${level.title}</span>
        </h1>
        ${summary ? html`<div class="summary" data-testid="level-summary">${t(summary.key, summary.params)}</div>` : nothing}
      </div>
      <span class="pill ${level.status}" data-testid="status">${t(`status.${level.status}`)}</span>
      <gd-countdown .closesAt=${level.closesAt ?? null} .remainingMs=${level.remainingMs ?? null} .status=${level.status}></gd-countdown>
    </header>`;
  }

  private live(snapshot: BoardSnapshot, current: BoardLevel) {
    const paused = current.level.status === 'paused';
    const data = current.level.data;
    const axes = axisNames(current.level);
    const leaderboard = html`<gd-leaderboard
      .entries=${current.leaderboard}
      .budget=${current.level.budget}
      .playing=${current.playing}
      .teams=${snapshot.game?.teams ?? current.leaderboard.length}
      .limit=${data ? 8 : 10}
    ></gd-leaderboard>`;
    const notice = paused ? html`<div class="notice" role="status">${t('board.pausedNotice')}</div>` : nothing;
    const join = html`<section class="panel"><gd-join-card .urls=${this.info.urls} .password=${current.password}></gd-join-card></section>`;
    if (data) {
      // A regression level: the data and the leader's line take the feed's place; the feed goes under the ranking.
      return html`<main class="live data">
        <div class="column">
          <section class="panel grow ranking">${leaderboard}</section>
          <section class="panel feed"><gd-guess-feed .items=${snapshot.feed} .axes=${axes} .limit=${paused ? 2 : 3}></gd-guess-feed></section>
        </div>
        <div class="column">
          ${notice} ${join}
          <section class="panel grow data-panel">
            <gd-data-plot .level=${current.level} .lines=${this.leaderLines(data.points, current.leaderboard, snapshot.feed)} .colours=${this.colours(current)}></gd-data-plot>
          </section>
        </div>
      </main>`;
    }
    return html`<main class="live">
      <section class="panel">${leaderboard}</section>
      <div class="column">
        ${notice} ${join}
        <section class="panel grow"><gd-guess-feed .items=${snapshot.feed} .axes=${axes} .limit=${paused ? 5 : 7}></gd-guess-feed></section>
      </div>
    </main>`;
  }

  private settlement(snapshot: BoardSnapshot, current: BoardLevel) {
    const revealed = current.level.status === 'revealed' && !!current.reveal;
    const compare = revealed && (current.reveal?.reference.some((r) => r.teamId !== null) ?? false);
    return html`<main class="settle ${compare ? 'wide' : ''}">
      <section class="panel">
        <gd-settlement
          .entries=${current.leaderboard}
          .reveal=${revealed ? current.reveal : undefined}
          .colours=${revealed ? this.colours(current) : undefined}
          .limit=${compare ? 14 : 15}
        ></gd-settlement>
      </section>
      ${compare
        ? nothing
        : html`<div class="column">
            <section class="panel grow"><gd-overall compact .entries=${this.overallRows(snapshot)} .levels=${snapshot.levels} .limit=${8}></gd-overall></section>
            ${revealed ? nothing : html`<section class="panel next">${t(snapshot.finished ? 'board.settlement.nextFinal' : 'board.settlement.next')}</section>`}
          </div>`}
    </main>`;
  }

  private reveal(current: BoardLevel, reveal: Reveal) {
    const colours = this.colours(current);
    const data = current.level.data;
    return html`<main class="reveal ${data ? 'data' : ''}">
      <section class="panel chart">
        <gd-reveal-chart .level=${current.level} .reveal=${reveal} .colours=${colours}></gd-reveal-chart>
      </section>
      ${data
        ? html`<section class="panel data-panel">
            <gd-data-plot .level=${current.level} .lines=${this.dataLines(reveal, data.points)} .colours=${colours}></gd-data-plot>
          </section>`
        : nothing}
      <gd-reveal-legend .level=${current.level} .reveal=${reveal} .colours=${colours} .step=${this.revealStep}></gd-reveal-legend>
      <section class="panel caption">
        <gd-reveal-caption .lines=${this.caption(current, reveal)} ?visible=${this.captionVisible}></gd-reveal-caption>
      </section>
    </main>`;
  }

  // The same list while its inputs are the same objects: a new one makes <gd-data-plot> rebuild its chart.
  private leaderLinesCache: {
    points: [number, number][] | null;
    leaderboard: LeaderboardEntry[] | null;
    feed: FeedItem[] | null;
    lines: DataLine[];
  } = { points: null, leaderboard: null, feed: null, lines: [] };

  private leaderLines(points: [number, number][], leaderboard: LeaderboardEntry[], feed: FeedItem[]): DataLine[] {
    const cache = this.leaderLinesCache;
    if (cache.points !== points || cache.leaderboard !== leaderboard || cache.feed !== feed) {
      const leader = leaderLine(points, leaderboard, feed);
      this.leaderLinesCache = { points, leaderboard, feed, lines: leader ? [leader] : [] };
    }
    return this.leaderLinesCache.lines;
  }

  private dataLinesCache: { reveal: Reveal | null; lines: ReturnType<typeof revealLines> } = { reveal: null, lines: [] };

  private dataLines(reveal: Reveal, points: [number, number][]) {
    if (this.dataLinesCache.reveal !== reveal) this.dataLinesCache = { reveal, lines: revealLines(points, reveal) };
    return this.dataLinesCache.lines;
  }

  private lobby(snapshot: BoardSnapshot) {
    const current = snapshot.current;
    const overall = this.overallRows(snapshot);
    const hasPoints = overall.some((e) => e.points > 0);
    const next = current?.level.status === 'draft' ? current.level : null;
    const lead = !snapshot.game
      ? html`<div class="lead">${t('board.lobby.noGame')}</div>`
      : html`<div class="lead">
          <div class="muted">${snapshot.game.title}</div>
          ${next ? t('board.lobby.next', { title: next.title }) : t('board.lobby.waiting')}
        </div>`;
    return html`<main class="hero ${hasPoints ? 'split' : ''}">
      <div class="intro">
        <div class="brand">${t('app.name')}</div>
        ${lead}
        <section class="panel">
          <gd-join-card variant="hero" .urls=${this.info.urls} .password=${next ? current?.password : undefined}></gd-join-card>
        </section>
      </div>
      ${hasPoints ? html`<section class="panel"><gd-overall compact .entries=${overall} .levels=${snapshot.levels} .limit=${10}></gd-overall></section>` : nothing}
    </main>`;
  }

  private overall(snapshot: BoardSnapshot) {
    return html`<header>
        <div style="min-width:0">
          <div class="kicker">${t('app.name')}${snapshot.game ? ` · ${snapshot.game.title}` : ''}</div>
          <h1><span class="title">${t('board.overall.title')}</span></h1>
        </div>
      </header>
      <main>
        <section class="panel"><gd-overall .entries=${this.overallRows(snapshot)} .levels=${snapshot.levels} .limit=${14}></gd-overall></section>
      </main>`;
  }

  private body(snapshot: BoardSnapshot, view: BoardView) {
    const current = snapshot.current;
    switch (view) {
      case 'idle':
      case 'lobby':
        return this.lobby(snapshot);
      case 'podium':
        return html`<gd-podium .entries=${this.overallRows(snapshot)} .gameTitle=${snapshot.game?.title ?? ''}></gd-podium>`;
      case 'overall':
        return this.overall(snapshot);
      case 'live':
        return current ? html`${this.header(snapshot, current)}${this.live(snapshot, current)}` : nothing;
      case 'settlement':
        return current ? html`${this.header(snapshot, current)}${this.settlement(snapshot, current)}` : nothing;
      case 'reveal':
        return current?.reveal ? html`${this.header(snapshot, current)}${this.reveal(current, current.reveal)}` : nothing;
    }
  }

  private controls(snapshot: BoardSnapshot | null, view: BoardView) {
    const settled = snapshot?.current && (snapshot.current.level.status === 'closed' || snapshot.current.level.status === 'revealed');
    const podiumReady = snapshot?.finished && view !== 'podium';
    return html`<nav class="controls ${this.pointer.idle ? 'asleep' : ''}" aria-label=${t('board.controls')}>
      ${this.manual ? html`<button type="button" @click=${() => this.choose(null)}>${t('board.view.auto')}</button>` : nothing}
      ${settled && view === 'reveal' ? html`<button type="button" @click=${() => this.choose('settlement')}>${t('board.view.settlement')}</button>` : nothing}
      ${snapshot?.overall.length
        ? html`<button type="button" aria-pressed=${view === 'overall'} @click=${() => this.choose(view === 'overall' ? null : 'overall')}>${t('board.view.overall')}</button>`
        : nothing}
      ${snapshot?.finished
        ? html`<button type="button" class=${podiumReady ? 'cta' : ''} data-testid="podium-button" @click=${() => this.choose(view === 'podium' ? null : 'podium')}>
            ${this.podiumTimer.pending ? t('board.view.podiumIn', { s: this.podiumTimer.secondsLeft ?? 0 }) : t('board.view.podium')}
          </button>`
        : nothing}
      <button type="button" @click=${() => this.toggleFullscreen()}>${t('board.fullscreen')}</button>
      <gd-lang-switch></gd-lang-switch>
    </nav>`;
  }

  override render() {
    const snapshot = this.board.snapshot;
    const view = snapshot ? this.view(snapshot) : 'idle';
    return html`<gd-connection-banner .state=${this.board.connection}></gd-connection-banner>
      <div class="screen" data-view=${view} ?data-stale=${this.board.connection === 'reconnecting'}>
        ${snapshot ? this.body(snapshot, view) : html`<main class="hero"><div class="lead">${t('conn.connecting')}</div></main>`}
      </div>
      ${this.controls(snapshot, view)}`;
  }
}
customElements.define('gd-board-app', GdBoardApp);

declare global {
  interface HTMLElementTagNameMap {
    'gd-board-app': GdBoardApp;
  }
}
