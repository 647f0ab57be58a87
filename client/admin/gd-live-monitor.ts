import { LitElement, css, html, type PropertyValues } from 'lit';
import type { AdminGuess, AdminLevel, AdminTeam, CurveSamples, LeaderboardEntry, ReferencePath } from '../../shared/protocol.ts';
import { OPTIMIZER_INFO, OPTIMIZERS } from '../../shared/optimizers.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { ClockController } from './controllers.ts';
import './gd-function-plot.ts';
import type { PlotSeries } from './gd-function-plot.ts';
import { monitorRows, teamName, type MonitorRow } from './monitor-rows.ts';
import { runLabel } from './reference-labels.ts';
import { adminApi, errorMessage } from './session.ts';
import { adminStyles, teamColors } from './styles.ts';
import type { Preview } from './types.ts';

type TeamRow = MonitorRow<AdminTeam> & { color: string; devices: number };

/**
 * Every team in the current level, live: guesses used, best f (before readyAt: the admin sees results early),
 * regret, the server's rank and points, last activity, devices, where the last guess came from; and the true
 * function with every team's guesses in its own colour, plus the reference paths (in their optimizer's colour,
 * labelled with their settings). Clicking a team brings its guesses to the front.
 */
export class GdLiveMonitor extends LitElement {
  static override properties = {
    level: { attribute: false },
    teams: { attribute: false },
    guesses: { attribute: false },
    guessesFor: { type: Number },
    devices: { attribute: false },
    leaderboard: { attribute: false },
    reference: { attribute: false },
    samples: { state: true },
    samplesError: { state: true },
    focusTeam: { state: true },
  };
  declare level: AdminLevel | null;
  declare teams: AdminTeam[];
  declare guesses: AdminGuess[];
  /** The level `guesses` was loaded for; until it matches `level`, the list is history, not arrivals. */
  declare guessesFor: number | null;
  declare devices: Record<string, number>;
  /** The server's standings of the level (GET /levels/:id/monitor): ranks and points. */
  declare leaderboard: LeaderboardEntry[];
  declare reference: ReferencePath[];
  declare samples: CurveSamples | null;
  declare samplesError: string;
  declare focusTeam: number | null;

  private readonly locale = new LocaleController(this);
  private readonly clock = new ClockController(this, 1000);
  private samplesFor = '';
  private samplesAbort: AbortController | null = null;
  /** When each team's latest guess arrived on this page, to flash its row. */
  private readonly arrived = new Map<number, number>();
  private seen = new Set<number>();
  private baselineFor: number | null = null;

  constructor() {
    super();
    this.level = null;
    this.teams = [];
    this.guesses = [];
    this.guessesFor = null;
    this.devices = {};
    this.leaderboard = [];
    this.reference = [];
    this.samples = null;
    this.samplesError = '';
    this.focusTeam = null;
  }

  static override styles = [
    adminStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr);
        gap: 0.8rem;
      }
      .panel {
        padding: 0.6rem 0.8rem;
        min-width: 0;
      }
      .head {
        display: flex;
        gap: 1rem;
        align-items: baseline;
        flex-wrap: wrap;
        margin-bottom: 0.4rem;
      }
      .head h2 {
        margin: 0;
      }
      .stat b {
        font-size: 1.05rem;
        font-variant-numeric: tabular-nums;
      }
      .scroll {
        height: var(--monitor-height, 420px);
        overflow: auto;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--gd-panel);
        z-index: 1;
      }
      tbody tr {
        cursor: pointer;
      }
      tbody tr:hover td {
        background: #1b2940;
      }
      tbody tr.focus td {
        background: #0c2a44;
      }
      tbody tr.fresh td {
        animation: flash 2.5s ease-out;
      }
      @keyframes flash {
        from {
          background: #14532d;
        }
        to {
          background: transparent;
        }
      }
      td.team {
        white-space: nowrap;
        max-width: 11rem;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      td.team b {
        margin-right: 0.3rem;
      }
      td.best {
        font-weight: 650;
      }
      td.idle {
        color: var(--gd-muted);
      }
      .src {
        font-size: 0.75rem;
        padding: 0.05rem 0.4rem;
        border-radius: 4px;
        background: #334155;
      }
      .src.http {
        background: #713f12;
      }
      .src.ws {
        background: #581c87;
      }
      .dev0 {
        color: var(--gd-muted);
      }
      gd-function-plot {
        height: var(--monitor-height, 420px);
        background: #0b1222;
        border-radius: 8px;
        border: 1px solid #263244;
      }
      .legend {
        display: flex;
        gap: 0.8rem;
        flex-wrap: wrap;
        font-size: 0.78rem;
        color: var(--gd-muted);
        margin-top: 0.35rem;
      }
      .line {
        display: inline-block;
        width: 1.2rem;
        height: 0;
        border-top: 2px dashed;
        vertical-align: middle;
        margin-right: 0.3rem;
      }
      .placeholder {
        height: var(--monitor-height, 420px);
        display: grid;
        place-items: center;
        color: var(--gd-muted);
      }
      @media (max-width: 1100px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
        .scroll {
          height: auto;
          max-height: 70vh;
        }
      }
      @media (max-width: 700px) {
        .scroll {
          max-height: none;
          overflow: visible;
        }
        td.rank {
          min-width: 1.2rem;
          font-weight: 700;
        }
        td.team {
          flex: 1 1 8rem;
          max-width: none;
        }
        gd-function-plot,
        .placeholder {
          height: 300px;
        }
      }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    const level = this.level;
    const key = level ? `${level.id}:${level.expression}:${JSON.stringify(level.domain)}` : '';
    if (key !== this.samplesFor) {
      this.samplesFor = key;
      this.samples = null;
      this.samplesError = '';
      if (level) void this.loadSamples(level);
    }
    if (changed.has('level') && (changed.get('level') as AdminLevel | null | undefined)?.id !== level?.id) this.focusTeam = null;
    if (!level || this.guessesFor !== level.id) return;
    if (this.baselineFor !== level.id) {
      // the loaded list is history; only guesses that arrive after it flash their row
      this.baselineFor = level.id;
      this.seen = new Set(this.guesses.map((g) => g.id));
      this.arrived.clear();
    } else if (changed.has('guesses')) {
      for (const g of this.guesses) {
        if (this.seen.has(g.id)) continue;
        this.seen.add(g.id);
        this.arrived.set(g.teamId, Date.now());
      }
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.samplesAbort?.abort();
    this.samplesFor = '';
  }

  private async loadSamples(level: AdminLevel): Promise<void> {
    this.samplesAbort?.abort();
    const abort = new AbortController();
    this.samplesAbort = abort;
    try {
      const preview = await adminApi<Preview>('/preview', { body: { expression: level.expression, domain: level.domain }, signal: abort.signal });
      if (!abort.signal.aborted) this.samples = preview.samples;
    } catch (err) {
      if (!abort.signal.aborted) this.samplesError = errorMessage(err);
    }
  }

  private rows(): TeamRow[] {
    const level = this.level;
    if (!level) return [];
    const colors = teamColors(this.teams);
    return monitorRows(this.teams, this.guesses, level, this.leaderboard).map((row) => ({
      ...row,
      color: colors.get(row.team.id) ?? '#fff',
      devices: this.devices[String(row.team.id)] ?? 0,
    }));
  }

  private ago(iso: string | undefined): string {
    if (!iso) return '—';
    const s = Math.max(0, Math.round((this.clock.now - Date.parse(iso)) / 1000));
    if (s < 60) return t('admin.monitor.secondsAgo', { n: s });
    if (s < 3600) return t('admin.monitor.minutesAgo', { n: Math.floor(s / 60) });
    return t('admin.monitor.hoursAgo', { n: Math.floor(s / 3600) });
  }

  private series(rows: TeamRow[]): PlotSeries[] {
    const level = this.level;
    if (!level) return [];
    const two = level.dims === 2;
    const dim = (c: string) => (this.focusTeam === null ? c : `${c}40`);
    const out: PlotSeries[] = [];
    for (const r of this.reference) {
      // runs from a team's first guess appear with that team only: twelve teams' worth would hide the curve
      if (r.teamId !== null && r.teamId !== this.focusTeam) continue;
      out.push({
        id: `ref-${r.optimizer}-${r.variant ?? ''}-${r.teamId ?? 'start'}-${r.lr}`,
        label: runLabel(r, t),
        color: OPTIMIZER_INFO[r.optimizer].colour,
        kind: 'path',
        dashed: true,
        points: r.path,
      });
    }
    const ordered = [...rows].sort((a, b) => (a.team.id === this.focusTeam ? 1 : 0) - (b.team.id === this.focusTeam ? 1 : 0));
    for (const row of ordered) {
      if (!row.guesses.length) continue;
      const focused = this.focusTeam === null || row.team.id === this.focusTeam;
      out.push({
        id: `team-${row.team.id}`,
        label: `${t('admin.monitor.teamLabel', { n: row.team.number })}${row.team.name.trim() ? ` · ${row.team.name}` : ''}`,
        color: focused ? row.color : dim(row.color),
        kind: two ? 'path' : 'points',
        points: row.guesses.map((g) => ({ x: g.x, fx: g.fx })),
      });
    }
    return out;
  }

  private sourceLabel(source: string) {
    return html`<span class="src ${source}">${t(`admin.monitor.source.${source}`)}</span>`;
  }

  override render() {
    const level = this.level;
    if (!level) return html`<p class="muted">${t('admin.round.pick')}</p>`;
    const rows = this.rows();
    const playing = rows.filter((r) => r.guesses.length).length;
    const total = rows.reduce((n, r) => n + r.guesses.length, 0);
    const online = rows.reduce((n, r) => n + r.devices, 0);
    const now = this.clock.now;
    return html`<div class="grid">
      <section class="panel">
        <div class="head">
          <h2>${t('admin.monitor.heading')}</h2>
          <span class="stat">${t('admin.monitor.playing')} <b data-playing>${playing}/${rows.length}</b></span>
          <span class="stat">${t('admin.monitor.guesses')} <b data-total>${total}</b></span>
          <span class="stat">${t('admin.monitor.online')} <b>${online}</b></span>
          <span class="stat">f* <b>${num(level.fStar)}</b></span>
        </div>
        <div class="scroll">
          <table data-monitor class="stack">
            <thead>
              <tr>
                <th class="num">#</th>
                <th>${t('admin.monitor.team')}</th>
                <th class="num">${t('admin.monitor.used')}</th>
                <th class="num">${t('admin.monitor.best')}</th>
                <th class="num">${t('admin.monitor.regret')}</th>
                <th class="num" title=${t('admin.monitor.pointsHint')}>${t('admin.monitor.points')}</th>
                <th>${t('admin.monitor.last')}</th>
                <th class="num" title=${t('admin.monitor.devicesHint')}>${t('admin.monitor.devices')}</th>
                <th>${t('admin.monitor.source')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map((r) => {
                const fresh = now - (this.arrived.get(r.team.id) ?? 0) < 2500;
                return html`<tr class="${r.team.id === this.focusTeam ? 'focus' : ''} ${fresh ? 'fresh' : ''}" data-team=${r.team.number}
                  @click=${() => (this.focusTeam = this.focusTeam === r.team.id ? null : r.team.id)}>
                  <td class="num rank" data-rank>${r.rank || ''}</td>
                  <td class="team" title=${teamName(r.team, t)}><span class="swatch" style="background:${r.color}"></span><b>${r.team.number}</b>${r.team.name}</td>
                  <td class="num" data-used data-label=${t('admin.monitor.used')}>${r.guesses.length}${level.budget !== null ? html`<span class="muted">/${level.budget}</span>` : null}</td>
                  <td class="num best" data-best data-label=${t('admin.monitor.best')}>${r.best ? num(r.best.fx) : '—'}</td>
                  <td class="num" data-regret data-label=${t('admin.monitor.regret')}>${r.regret === null ? '—' : num(r.regret)}</td>
                  <td class="num" data-points data-label=${t('admin.monitor.points')}>${r.points ?? '—'}</td>
                  <td class=${r.last ? 'last' : 'last idle'}>${this.ago(r.last?.submittedAt)}</td>
                  <td class="num ${r.devices ? '' : 'dev0'}" data-label=${t('admin.monitor.devices')}>${r.devices}</td>
                  <td class="source">${r.last ? this.sourceLabel(r.last.source) : ''}</td>
                </tr>`;
              })}
            </tbody>
          </table>
          ${rows.length === 0 ? html`<p class="empty">${t('admin.monitor.noTeams')}</p>` : null}
        </div>
      </section>
      <section class="panel">
        ${this.samples
          ? html`<gd-function-plot .samples=${this.samples} .argmin=${level.argmin} .fStar=${level.fStar} .series=${this.series(rows)}
              .axes=${level.axes} label=${t('admin.monitor.plot')}></gd-function-plot>`
          : html`<div class="placeholder">${this.samplesError || t('admin.level.previewLoading')}</div>`}
        <div class="legend">
          <span>★ f* = ${num(level.fStar)}</span>
          ${this.reference.length
            ? OPTIMIZERS.filter((o) => this.reference.some((r) => r.optimizer === o)).map(
                (o) => html`<span><span class="line" style="color:${OPTIMIZER_INFO[o].colour}"></span>${t(OPTIMIZER_INFO[o].labelKey)}</span>`,
              )
            : null}
          <span>${this.focusTeam === null ? t('admin.monitor.focusHint') : t('admin.monitor.focusClear')}</span>
        </div>
      </section>
    </div>`;
  }
}
customElements.define('gd-live-monitor', GdLiveMonitor);

declare global {
  interface HTMLElementTagNameMap {
    'gd-live-monitor': GdLiveMonitor;
  }
}
