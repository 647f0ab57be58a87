import { LitElement, css, html, type PropertyValues } from 'lit';
import type { ChartConfiguration } from 'chart.js';
import type { AdminLevel, AdminTeam, Optimizer, Point, ReferencePath, ReferenceRunInput } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { ChartController } from '../common/chart-controller.ts';
import './chart-setup.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { adminStyles, OPTIMIZER_COLORS } from './styles.ts';
import type { Regression } from './types.ts';

interface OptimizerSetting {
  enabled: boolean;
  lr: string;
  beta: string;
  steps: string;
}

const OPTIMIZERS: Optimizer[] = ['gd', 'momentum', 'adam'];

let regressionRequest: Promise<Regression> | null = null;

/** GET /levels/:id/reference/defaults: per optimizer, the settings that show the level's lesson. */
type ReferenceDefaults = Partial<Record<Optimizer, { lr: number; steps: number; beta?: number }>>;
const coord = (p: Point, i: number): number => (Array.isArray(p) ? p[i] : i === 0 ? p : NaN);
const str = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(8))) : '');

/**
 * Reference optimizers on the current level: learning rate, β and steps per optimizer, run them (TensorFlow.js on
 * the server) and overlay their paths on the monitor; and the loss curves of the slides' regression.
 * Event `gd-reference` {runs} (the paths to overlay).
 */
export class GdReferencePanel extends LitElement {
  static override properties = {
    level: { attribute: false },
    teams: { attribute: false },
    backend: { type: String },
    settings: { state: true },
    start: { state: true },
    fromTeams: { state: true },
    runs: { state: true },
    usedBackend: { state: true },
    busy: { state: true },
    error: { state: true },
    regression: { state: true },
    regressionError: { state: true },
  };
  declare level: AdminLevel | null;
  declare teams: AdminTeam[];
  declare backend: string;
  declare settings: Record<Optimizer, OptimizerSetting>;
  declare start: [string, string];
  declare fromTeams: boolean;
  declare runs: ReferencePath[];
  declare usedBackend: string;
  declare busy: boolean;
  declare error: string;
  declare regression: Regression | null;
  declare regressionError: string;

  private readonly locale = new LocaleController(this);
  private loadedFor: number | null = null;
  private readonly lossChart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => this.lossConfig(),
  );

  constructor() {
    super();
    this.level = null;
    this.teams = [];
    this.backend = '';
    this.settings = {
      gd: { enabled: true, lr: '0.1', beta: '', steps: '19' },
      momentum: { enabled: true, lr: '0.1', beta: '0.9', steps: '19' },
      adam: { enabled: true, lr: '0.1', beta: '', steps: '19' },
    };
    this.start = ['', ''];
    this.fromTeams = false;
    this.runs = [];
    this.usedBackend = '';
    this.busy = false;
    this.error = '';
    this.regression = null;
    this.regressionError = '';
  }

  static override styles = [
    adminStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr);
        gap: 0.8rem;
      }
      .panel {
        padding: 0.6rem 0.8rem;
        min-width: 0;
      }
      .head {
        display: flex;
        align-items: baseline;
        gap: 0.8rem;
        margin-bottom: 0.4rem;
        flex-wrap: wrap;
      }
      .head h2 {
        margin: 0;
      }
      .backend {
        font-size: 0.8rem;
        color: var(--gd-muted);
      }
      .backend b {
        color: var(--gd-text);
        font-family: var(--gd-mono);
        font-weight: 500;
      }
      table.settings td {
        border: none;
        padding: 0.2rem 0.3rem;
      }
      table.settings input[type='number'] {
        width: 5.5rem;
      }
      .opt {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        white-space: nowrap;
      }
      .line {
        display: inline-block;
        width: 1.2rem;
        border-top: 3px dashed;
      }
      .controls {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        flex-wrap: wrap;
        margin: 0.4rem 0;
      }
      .controls input[type='number'] {
        width: 5.5rem;
      }
      .results {
        margin-top: 0.5rem;
        max-height: 14rem;
        overflow: auto;
      }
      .diverged {
        color: var(--gd-bad);
        font-weight: 600;
      }
      .chart {
        position: relative;
        height: 210px;
      }
      .closed {
        font-size: 0.85rem;
        margin: 0.3rem 0 0;
      }
      .closed b {
        font-family: var(--gd-mono);
        font-weight: 600;
        color: var(--gd-warn);
      }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('level')) {
      const level = this.level;
      if (level && level.id !== this.loadedFor) {
        this.loadedFor = level.id;
        this.start = [str(coord(level.start, 0)), level.dims === 2 ? str(coord(level.start, 1)) : ''];
        // the same number of evaluations a team gets: the start and budget − 1 steps
        const steps = String(Math.max(1, (level.budget ?? 20) - 1));
        this.settings = Object.fromEntries(OPTIMIZERS.map((o) => [o, { ...this.settings[o], steps }])) as Record<Optimizer, OptimizerSetting>;
        this.runs = [];
        this.error = '';
        void this.loadRuns(level.id);
        void this.loadDefaults(level.id);
      }
    }
    if (changed.has('regression')) this.lossChart.invalidate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.regression) void this.loadRegression();
  }

  private async loadRuns(levelId: number): Promise<void> {
    try {
      const answer = await adminApi<{ backend: string; runs: ReferencePath[] }>(`/levels/${levelId}/reference`);
      if (this.level?.id !== levelId) return;
      this.runs = answer.runs ?? [];
      this.usedBackend = answer.backend ?? '';
      emit(this, 'gd-reference', { runs: this.runs });
    } catch {
      // no stored runs yet: nothing to overlay
      if (this.level?.id === levelId) emit(this, 'gd-reference', { runs: [] });
    }
  }

  /** The server's suggested hyper-parameters for this level (a template's, or tuned for the function). */
  private async loadDefaults(levelId: number): Promise<void> {
    try {
      const d = await adminApi<ReferenceDefaults>(`/levels/${levelId}/reference/defaults`);
      if (this.level?.id !== levelId) return;
      const next = { ...this.settings };
      for (const o of OPTIMIZERS) {
        const s = d[o];
        if (!s) continue;
        next[o] = { ...next[o], lr: str(s.lr), steps: String(s.steps), beta: s.beta !== undefined ? str(s.beta) : next[o].beta };
      }
      this.settings = next;
    } catch {
      // keep the generic defaults
    }
  }

  private async loadRegression(): Promise<void> {
    // the server trains a small model for this: ask once per page, not each time the screen opens
    regressionRequest ??= adminApi<Regression>('/regression').catch((err) => {
      regressionRequest = null;
      throw err;
    });
    try {
      this.regression = await regressionRequest;
      this.regressionError = '';
    } catch (err) {
      this.regressionError = errorMessage(err);
    }
  }

  private setting(o: Optimizer, patch: Partial<OptimizerSetting>): void {
    this.settings = { ...this.settings, [o]: { ...this.settings[o], ...patch } };
  }

  private inputs(): ReferenceRunInput[] | string {
    const level = this.level;
    if (!level) return t('admin.round.pick');
    const startValues = this.start.slice(0, level.dims).map(Number);
    const startGiven = this.start.slice(0, level.dims).every((s) => s.trim() !== '');
    if (!startGiven || startValues.some((v) => !Number.isFinite(v))) return t('admin.reference.startNeeded');
    const start = level.dims === 1 ? startValues[0] : startValues;
    const runs: ReferenceRunInput[] = [];
    for (const o of OPTIMIZERS) {
      const s = this.settings[o];
      if (!s.enabled) continue;
      const lr = Number(s.lr);
      const steps = Number(s.steps);
      if (!(lr > 0 && lr <= 1e6)) return t('admin.reference.lrRange', { opt: t(`opt.${o}`) });
      if (!Number.isInteger(steps) || steps < 0 || steps > 10_000) return t('admin.reference.stepsRange', { opt: t(`opt.${o}`) });
      const run: ReferenceRunInput = { optimizer: o, lr, steps, start };
      if (o === 'momentum') {
        const beta = Number(s.beta);
        if (!(beta >= 0 && beta < 1)) return t('admin.reference.betaRange', { opt: t(`opt.${o}`) });
        run.beta = beta;
      }
      runs.push(run);
    }
    if (!runs.length) return t('admin.reference.pickOne');
    return runs;
  }

  private async run(e: Event): Promise<void> {
    e.preventDefault();
    const level = this.level;
    const runs = this.inputs();
    if (!level) return;
    if (typeof runs === 'string') {
      this.error = runs;
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const answer = await adminApi<{ backend: string; runs: ReferencePath[] }>(`/levels/${level.id}/reference`, { body: { runs, teams: this.fromTeams } });
      if (this.level?.id !== level.id) return;
      this.runs = answer.runs;
      this.usedBackend = answer.backend;
      emit(this, 'gd-reference', { runs: this.runs });
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private clear(): void {
    this.runs = [];
    emit(this, 'gd-reference', { runs: [] });
  }

  private lossConfig(): ChartConfiguration | null {
    const reg = this.regression;
    if (!reg || !reg.runs.length) return null;
    const positive = reg.runs.every((r) => r.loss.every((v) => v > 0));
    return {
      type: 'line',
      data: {
        datasets: reg.runs.map((r) => ({
          label: `${t(`opt.${r.optimizer}`)} · lr ${r.lr}${r.beta !== undefined ? ` · β ${r.beta}` : ''}`,
          data: r.loss.map((y, x) => ({ x, y })),
          borderColor: OPTIMIZER_COLORS[r.optimizer] ?? '#fff',
          backgroundColor: OPTIMIZER_COLORS[r.optimizer] ?? '#fff',
          borderWidth: 2,
          pointRadius: 0,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: t('admin.reference.step') } },
          y: { type: positive ? 'logarithmic' : 'linear', title: { display: true, text: 'MSE' } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2, font: { size: 11 } } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${num((item.raw as { y: number }).y)}` } },
        },
      },
    } as ChartConfiguration;
  }

  private finalOf(run: ReferencePath): number | null {
    const last = run.path[run.path.length - 1];
    return last ? last.fx : null;
  }

  private renderResults() {
    const level = this.level;
    if (!level || !this.runs.length) return null;
    const fromStart = this.runs.filter((r) => r.teamId === null);
    const fromTeams = this.runs.filter((r) => r.teamId !== null);
    const teamNumber = new Map(this.teams.map((team) => [team.id, team.number]));
    const teamIds = [...new Set(fromTeams.map((r) => r.teamId as number))].sort((a, b) => (teamNumber.get(a) ?? 0) - (teamNumber.get(b) ?? 0));
    return html`<div class="results">
      ${fromStart.length
        ? html`<table data-reference-results>
            <thead>
              <tr>
                <th>${t('admin.reference.optimizer')}</th>
                <th class="num">lr</th>
                <th class="num">β</th>
                <th class="num">${t('admin.reference.steps')}</th>
                <th class="num">${t('admin.reference.final')}</th>
                <th class="num">${t('admin.monitor.regret')}</th>
              </tr>
            </thead>
            <tbody>
              ${fromStart.map((r) => {
                const final = this.finalOf(r);
                return html`<tr>
                  <td><span class="opt"><span class="line" style="color:${OPTIMIZER_COLORS[r.optimizer]}"></span>${t(`opt.${r.optimizer}`)}</span></td>
                  <td class="num">${r.lr}</td>
                  <td class="num">${r.beta ?? '—'}</td>
                  <td class="num">${r.steps}</td>
                  <td class="num">${r.diverged ? html`<span class="diverged">${t('admin.reference.diverged')}</span>` : num(final)}</td>
                  <td class="num">${final === null || r.diverged ? '—' : num(final - level.fStar)}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
        : null}
      ${teamIds.length
        ? html`<h3 style="margin-top:0.6rem">${t('admin.reference.fromTeams')}</h3>
            <table>
              <thead>
                <tr>
                  <th>${t('admin.monitor.team')}</th>
                  ${OPTIMIZERS.map((o) => html`<th class="num">${t(`opt.${o}`)}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${teamIds.map(
                  (id) => html`<tr>
                    <td>${teamNumber.get(id) ?? id}</td>
                    ${OPTIMIZERS.map((o) => {
                      const r = fromTeams.find((x) => x.teamId === id && x.optimizer === o);
                      return html`<td class="num">${!r ? '—' : r.diverged ? html`<span class="diverged">${t('admin.reference.diverged')}</span>` : num(this.finalOf(r))}</td>`;
                    })}
                  </tr>`,
                )}
              </tbody>
            </table>`
        : null}
    </div>`;
  }

  override render() {
    const level = this.level;
    const reg = this.regression;
    return html`<div class="grid">
      <section class="panel">
        <div class="head">
          <h2>${t('admin.reference.heading')}</h2>
          <span class="backend" data-backend>${t('admin.reference.backend')} <b>${this.usedBackend || this.backend || '—'}</b></span>
        </div>
        ${level
          ? html`<form @submit=${this.run}>
              <table class="settings">
                <thead>
                  <tr>
                    <th>${t('admin.reference.optimizer')}</th>
                    <th>${t('admin.reference.lr')}</th>
                    <th>β</th>
                    <th>${t('admin.reference.steps')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${OPTIMIZERS.map((o) => {
                    const s = this.settings[o];
                    return html`<tr>
                      <td><label class="check opt"><input type="checkbox" .checked=${s.enabled} @change=${(e: Event) => this.setting(o, { enabled: (e.target as HTMLInputElement).checked })} />
                        <span class="line" style="color:${OPTIMIZER_COLORS[o]}"></span>${t(`opt.${o}`)}</label></td>
                      <td><input type="number" step="any" min="0" .value=${s.lr} aria-label=${`${t(`opt.${o}`)} ${t('admin.reference.lr')}`}
                        @input=${(e: Event) => this.setting(o, { lr: (e.target as HTMLInputElement).value })} /></td>
                      <td>${o !== 'momentum'
                        ? html`<span class="muted">—</span>`
                        : html`<input type="number" step="0.01" min="0" max="0.999" .value=${s.beta} aria-label=${`${t(`opt.${o}`)} β`}
                            @input=${(e: Event) => this.setting(o, { beta: (e.target as HTMLInputElement).value })} />`}</td>
                      <td><input type="number" step="1" min="0" max="10000" .value=${s.steps} aria-label=${`${t(`opt.${o}`)} ${t('admin.reference.steps')}`}
                        @input=${(e: Event) => this.setting(o, { steps: (e.target as HTMLInputElement).value })} /></td>
                    </tr>`;
                  })}
                </tbody>
              </table>
              <div class="controls">
                <label>${t('admin.level.start')}</label>
                <input type="number" step="any" .value=${this.start[0]} aria-label=${t('admin.level.startX')} @input=${(e: Event) => (this.start = [(e.target as HTMLInputElement).value, this.start[1]])} />
                ${level.dims === 2
                  ? html`<input type="number" step="any" .value=${this.start[1]} aria-label=${t('admin.level.startY')} @input=${(e: Event) => (this.start = [this.start[0], (e.target as HTMLInputElement).value])} />`
                  : null}
                <label class="check" title=${t('admin.reference.fromTeamsHint')}><input type="checkbox" .checked=${this.fromTeams}
                  @change=${(e: Event) => (this.fromTeams = (e.target as HTMLInputElement).checked)} />${t('admin.reference.alsoTeams')}</label>
                <span class="spacer"></span>
                ${this.runs.length ? html`<button type="button" class="ghost" @click=${this.clear}>${t('admin.reference.clear')}</button>` : null}
                <button class="primary" type="submit" ?disabled=${this.busy} data-run-reference>${this.busy ? t('admin.reference.running') : t('admin.reference.run')}</button>
              </div>
              ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : null}
            </form>
            ${this.renderResults()}`
          : html`<p class="muted">${t('admin.round.pick')}</p>`}
      </section>
      <section class="panel">
        <div class="head"><h2>${t('admin.reference.regression')}</h2></div>
        ${reg
          ? html`<div class="chart"><canvas role="img" aria-label=${t('admin.reference.regression')}></canvas></div>
              <p class="closed">${t('admin.reference.closedForm')} a = <b>${num(reg.closedForm.a)}</b>, b = <b>${num(reg.closedForm.b)}</b>, MSE = <b>${num(reg.closedForm.mse)}</b></p>
              <p class="closed muted">${reg.runs.map((r) => html`<span style="margin-right:0.8rem">${t(`opt.${r.optimizer}`)}: a = ${num(r.a)}, b = ${num(r.b)}</span>`)}</p>`
          : html`<p class="muted">${this.regressionError || t('admin.level.previewLoading')}</p>`}
      </section>
    </div>`;
  }
}
customElements.define('gd-reference-panel', GdReferencePanel);

declare global {
  interface HTMLElementTagNameMap {
    'gd-reference-panel': GdReferencePanel;
  }
}
