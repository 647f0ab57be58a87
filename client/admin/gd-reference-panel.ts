import { LitElement, css, html, type PropertyValues } from 'lit';
import type { ChartConfiguration } from 'chart.js';
import type { AdminLevel, AdminTeam, Optimizer, Point, ReferencePath, ReferenceRunInput } from '../../shared/protocol.ts';
import { comparisonSteps } from '../../shared/comparison.ts';
import { DEFAULT_BUDGET, OPTIMIZER_INFO, OPTIMIZERS } from '../../shared/optimizers.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { ChartController } from '../common/chart-controller.ts';
import './chart-setup.ts';
import { runLabel, runName, settingText } from './reference-labels.ts';
import { adminApi, backendName, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';
import type { Regression } from './types.ts';

interface OptimizerSetting {
  enabled: boolean;
  lr: string;
  beta: string;
  steps: string;
}

let regressionRequest: Promise<Regression> | null = null;

/** GET /levels/:id/reference/defaults: per optimizer, the settings that show the level's lesson. */
type ReferenceDefaults = Partial<Record<Optimizer, { lr: number; steps: number; beta?: number }>>;
const coord = (p: Point, i: number): number => (Array.isArray(p) ? p[i] : i === 0 ? p : NaN);
const str = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(8))) : '');

/** The form's starting values: each optimizer's defaults (shared/optimizers.ts). */
function initialSettings(): Record<Optimizer, OptimizerSetting> {
  return Object.fromEntries(
    OPTIMIZERS.map((o) => {
      const d = OPTIMIZER_INFO[o].defaults;
      return [o, { enabled: true, lr: settingText(d.lr), beta: d.beta === undefined ? '' : settingText(d.beta), steps: String(d.steps) }];
    }),
  ) as Record<Optimizer, OptimizerSetting>;
}

/**
 * Reference optimizers on the current level: learning rate, β and steps per optimizer, run them (TensorFlow.js on
 * the server) and overlay their paths on the monitor; every run stored for the level (the reveal's too, with its
 * variant such as the standardised feature) with its settings and its colour; and the loss curves of the slides'
 * regression. Event `gd-reference` {runs} (the paths to overlay).
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
    this.settings = initialSettings();
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
        border-top: 3px solid;
        vertical-align: middle;
        margin-right: 0.3rem;
      }
      .line.variant {
        border-top-style: dashed;
      }
      @media (max-width: 1100px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
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
        // the same number of evaluations a team gets: the start and budget − 1 steps (shared/comparison.ts)
        const steps = String(Math.max(1, comparisonSteps(level.budget ?? DEFAULT_BUDGET)));
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
        next[o] = { ...next[o], lr: settingText(s.lr), steps: String(s.steps), beta: s.beta !== undefined ? settingText(s.beta) : next[o].beta };
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
      const name = t(OPTIMIZER_INFO[o].labelKey);
      if (!(lr > 0 && lr <= 1e6)) return t('admin.reference.lrRange', { opt: name });
      if (!Number.isInteger(steps) || steps < 0 || steps > 10_000) return t('admin.reference.stepsRange', { opt: name });
      const run: ReferenceRunInput = { optimizer: o, lr, steps, start };
      if (o === 'momentum') {
        const beta = Number(s.beta);
        if (!(beta >= 0 && beta < 1)) return t('admin.reference.betaRange', { opt: name });
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
          label: runLabel({ optimizer: r.optimizer, lr: r.lr, beta: r.beta, steps: r.loss.length }, t),
          data: r.loss.map((y, x) => ({ x, y })),
          borderColor: OPTIMIZER_INFO[r.optimizer].colour,
          backgroundColor: OPTIMIZER_INFO[r.optimizer].colour,
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
          y: { type: positive ? 'logarithmic' : 'linear', title: { display: true, text: t('admin.reference.mse') } },
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
    const fromTeams = this.runs.filter((r) => r.teamId !== null && !r.variant);
    const teamNumber = new Map(this.teams.map((team) => [team.id, team.number]));
    const teamIds = [...new Set(fromTeams.map((r) => r.teamId as number))].sort((a, b) => (teamNumber.get(a) ?? 0) - (teamNumber.get(b) ?? 0));
    return html`<div class="results">
      ${fromStart.length
        ? html`<div class="scroll-x"><table data-reference-results>
            <thead>
              <tr>
                <th>${t('admin.reference.optimizer')}</th>
                <th class="num">${t('admin.reference.lr')}</th>
                <th class="num">β</th>
                <th class="num">${t('admin.reference.steps')}</th>
                <th class="num">${t('admin.reference.final')}</th>
                <th class="num">${t('admin.monitor.regret')}</th>
              </tr>
            </thead>
            <tbody>
              ${fromStart.map((r) => {
                const final = this.finalOf(r);
                return html`<tr data-run=${r.variant ?? r.optimizer}>
                  <td><span class="opt"><span class="line ${r.variant ? 'variant' : ''}" style="color:${OPTIMIZER_INFO[r.optimizer].colour}" data-colour=${OPTIMIZER_INFO[r.optimizer].colour}></span>${runName(r, t)}</span></td>
                  <td class="num" data-lr>${settingText(r.lr)}</td>
                  <td class="num" data-beta>${r.beta === undefined ? '—' : settingText(r.beta)}</td>
                  <td class="num" data-steps>${r.steps}</td>
                  <td class="num">${r.diverged ? html`<span class="diverged">${t('admin.reference.diverged')}</span>` : num(final)}</td>
                  <td class="num">${final === null || r.diverged ? '—' : num(Math.max(0, final - level.fStar))}</td>
                </tr>`;
              })}
            </tbody>
          </table></div>`
        : null}
      ${teamIds.length
        ? html`<h3 style="margin-top:0.6rem">${t('admin.reference.fromTeams')}</h3>
            <div class="scroll-x"><table>
              <thead>
                <tr>
                  <th>${t('admin.monitor.team')}</th>
                  ${OPTIMIZERS.map((o) => html`<th class="num"><span class="line" style="color:${OPTIMIZER_INFO[o].colour}"></span>${t(OPTIMIZER_INFO[o].labelKey)}</th>`)}
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
            </table></div>`
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
          <span class="backend" data-backend>${t('admin.reference.backend')} <b>${backendName(this.usedBackend || this.backend)}</b></span>
        </div>
        ${level
          ? html`<form @submit=${this.run}>
              <div class="scroll-x"><table class="settings">
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
                        <span class="line" style="color:${OPTIMIZER_INFO[o].colour}"></span>${t(OPTIMIZER_INFO[o].labelKey)}</label></td>
                      <td><input type="number" step="any" min="0" .value=${s.lr} aria-label=${`${t(OPTIMIZER_INFO[o].labelKey)} ${t('admin.reference.lr')}`}
                        @input=${(e: Event) => this.setting(o, { lr: (e.target as HTMLInputElement).value })} /></td>
                      <td>${o !== 'momentum'
                        ? html`<span class="muted">—</span>`
                        : html`<input type="number" step="0.01" min="0" max="0.999" .value=${s.beta} aria-label=${`${t(OPTIMIZER_INFO[o].labelKey)} β`}
                            @input=${(e: Event) => this.setting(o, { beta: (e.target as HTMLInputElement).value })} />`}</td>
                      <td><input type="number" step="1" min="0" max="10000" .value=${s.steps} aria-label=${`${t(OPTIMIZER_INFO[o].labelKey)} ${t('admin.reference.steps')}`}
                        @input=${(e: Event) => this.setting(o, { steps: (e.target as HTMLInputElement).value })} /></td>
                    </tr>`;
                  })}
                </tbody>
              </table></div>
              <div class="controls">
                <label>${t('admin.level.start')}</label>
                <input type="number" step="any" .value=${this.start[0]} aria-label=${t('admin.level.startFor', { v: level.axes[0] ?? 'x' })} @input=${(e: Event) => (this.start = [(e.target as HTMLInputElement).value, this.start[1]])} />
                ${level.dims === 2
                  ? html`<input type="number" step="any" .value=${this.start[1]} aria-label=${t('admin.level.startFor', { v: level.axes[1] ?? 'y' })} @input=${(e: Event) => (this.start = [this.start[0], (e.target as HTMLInputElement).value])} />`
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
              <p class="closed">${t('admin.reference.closedForm')} a = <b>${num(reg.closedForm.a)}</b>${t('admin.reference.sep')}b = <b>${num(reg.closedForm.b)}</b>${t('admin.reference.sep')}MSE = <b>${num(reg.closedForm.mse)}</b></p>
              <p class="closed muted">${reg.runs.map((r) => html`<span style="margin-right:0.8rem">${t('admin.reference.reached', { opt: t(OPTIMIZER_INFO[r.optimizer].labelKey), a: num(r.a), b: num(r.b) })}</span>`)}</p>`
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
